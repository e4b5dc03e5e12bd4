//! The layering rules of ARCHITECTURE.md, checked on the sources:
//! - no file-level import cycle inside any crate of `crates/` or in `web/src`;
//! - no hand-written source file over 800 lines (generated tables say so in their first lines);
//! - the core crates do no I/O outside their unit tests (no files, sockets, processes,
//!   threads or environment);
//! - each core crate depends only on the layers below it.
//!
//! Cargo already refuses a dependency cycle between crates; these tests keep the finer rules.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The source folders whose files are checked: every crate of `crates/`, and the web app.
fn source_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("crates"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path().join("src"))
        .filter(|p| p.is_dir())
        .collect();
    dirs.push(root().join("web/src"));
    dirs.sort();
    dirs
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Module path of a file: `a/b.rs` and `a/b/mod.rs` are `[a, b]`; `lib.rs`/`main.rs` `[]`.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// Removes `//` comments (good enough for `use` paths: string literals holding `crate::`
/// do not occur in the sources).
fn strip_comments(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path that starts with `crate::`, `super::` or `self::`, with `use` groups
/// (`crate::a::{b, c::d}`) expanded one level, as segments relative to the crate root.
fn referenced_paths(text: &str, module: &[String]) -> Vec<Vec<String>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let head = ["crate::", "super::", "self::"]
            .into_iter()
            .find(|h| rest.starts_with(h));
        let boundary = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        let Some(head) = head.filter(|_| boundary) else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let mut base: Vec<String> = match head {
            "crate::" => Vec::new(),
            "self::" => module.to_vec(),
            _ => module[..module.len().saturating_sub(1)].to_vec(),
        };
        let mut j = i + head.len();
        let mut segs = Vec::new();
        loop {
            let s = &text[j..];
            let len = s
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(s.len());
            if len == 0 {
                break;
            }
            let seg = &s[..len];
            if seg == "super" && segs.is_empty() {
                base.pop();
            } else {
                segs.push(seg.to_string());
            }
            j += len;
            if text[j..].starts_with("::") {
                j += 2;
            } else {
                break;
            }
        }
        let mut full = base.clone();
        full.extend(segs.iter().cloned());
        out.push(full.clone());
        if text[j..].starts_with('{') {
            if let Some(end) = text[j..].find('}') {
                for item in text[j + 1..j + end].split(',') {
                    let item = item.split(" as ").next().unwrap_or("").trim();
                    if item.is_empty() || item == "self" || item.contains('{') {
                        continue;
                    }
                    let mut p = full.clone();
                    p.extend(item.split("::").map(str::to_string));
                    out.push(p);
                }
            }
        }
        i = j.max(i + 1);
    }
    out
}

/// The file-level import graph of one source folder: file → files it names.
fn graph(src: &Path) -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let by_module: HashMap<Vec<String>, PathBuf> = files
        .iter()
        .map(|f| (module_path(src, f), f.clone()))
        .collect();
    let mut g = BTreeMap::new();
    for f in &files {
        let module = module_path(src, f);
        let text = strip_comments(&std::fs::read_to_string(f).unwrap());
        let mut edges = BTreeSet::new();
        for path in referenced_paths(&text, &module) {
            // The longest prefix of the path that is a file of this crate.
            let target = (0..=path.len())
                .rev()
                .find_map(|n| by_module.get(&path[..n]).filter(|_| n > 0));
            if let Some(t) = target.filter(|t| *t != f) {
                edges.insert(t.clone());
            }
        }
        g.insert(f.clone(), edges);
    }
    g
}

/// Strongly connected components with more than one file (Tarjan).
fn cycles(g: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Vec<Vec<PathBuf>> {
    struct T<'a> {
        g: &'a BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        index: HashMap<&'a PathBuf, usize>,
        low: HashMap<&'a PathBuf, usize>,
        stack: Vec<&'a PathBuf>,
        on: BTreeSet<&'a PathBuf>,
        next: usize,
        out: Vec<Vec<PathBuf>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a PathBuf) {
        t.index.insert(v, t.next);
        t.low.insert(v, t.next);
        t.next += 1;
        t.stack.push(v);
        t.on.insert(v);
        for w in &t.g[v] {
            if !t.index.contains_key(w) {
                visit(t, w);
                let lw = t.low[w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if t.on.contains(w) {
                let iw = t.index[w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                comp.push(w.clone());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                t.out.push(comp);
            }
        }
    }
    let mut t = T {
        g,
        index: HashMap::new(),
        low: HashMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in g.keys() {
        if !t.index.contains_key(v) {
            visit(&mut t, v);
        }
    }
    t.out
}

fn rel(p: &Path) -> String {
    let root = root().canonicalize().unwrap();
    let p = p.canonicalize().unwrap();
    p.strip_prefix(&root).unwrap().display().to_string()
}

#[test]
fn the_checker_sees_a_cycle_when_there_is_one() {
    let dir = std::env::temp_dir().join(format!("diagnose-arch-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::fs::write(dir.join("lib.rs"), "pub mod a;\npub mod b;\n").unwrap();
    std::fs::write(dir.join("a/mod.rs"), "use crate::b::{B, c::C};\n").unwrap();
    std::fs::write(dir.join("b.rs"), "use super::a::*;\n").unwrap();
    let found = cycles(&graph(&dir));
    std::fs::write(dir.join("b.rs"), "// use crate::a::X;\n").unwrap();
    let none = cycles(&graph(&dir));
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(none.is_empty(), "a comment is not an import: {none:?}");
}

/// Cycles that exist today and are to be removed (issue 20); none may be added, and an
/// entry that no longer exists must be deleted from this list.
const KNOWN_CYCLES: &[&str] = &[];

#[test]
fn no_import_cycle_between_files() {
    let mut all = Vec::new();
    for src in source_dirs() {
        for c in cycles(&graph(&src)) {
            all.push(c.iter().map(|p| rel(p)).collect::<Vec<_>>().join(" ↔ "));
        }
    }
    let new: Vec<_> = all
        .iter()
        .filter(|c| !KNOWN_CYCLES.contains(&c.as_str()))
        .collect();
    let gone: Vec<_> = KNOWN_CYCLES
        .iter()
        .filter(|k| !all.iter().any(|c| c == *k))
        .collect();
    assert!(new.is_empty(), "new import cycles:\n{new:#?}");
    assert!(
        gone.is_empty(),
        "remove these from KNOWN_CYCLES, they are gone: {gone:?}"
    );
}

/// Files over 800 lines today, to be split (issue 20): each may shrink, never grow.
const KNOWN_LONG: &[(&str, usize)] = &[];

#[test]
fn no_hand_written_source_file_over_800_lines() {
    let mut long = Vec::new();
    for src in source_dirs() {
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            let generated = text.lines().take(5).any(|l| l.contains("Generated by"));
            let n = text.lines().count();
            let path = rel(&f);
            let allowed = KNOWN_LONG
                .iter()
                .find(|(p, _)| *p == path)
                .map_or(800, |(_, n)| *n);
            if n > allowed && !generated {
                long.push(format!("{path} ({n} lines, at most {allowed})"));
            }
        }
    }
    assert!(long.is_empty(), "split these files:\n{}", long.join("\n"));
}

/// The core crates, bottom first, with the layers each may depend on.
const LAYERS: &[(&str, &[&str])] = &[
    ("diagnose-syntax", &[]),
    ("diagnose-text", &[]),
    ("diagnose-model", &["diagnose-syntax", "diagnose-text"]),
    (
        "diagnose-rules",
        &["diagnose-syntax", "diagnose-text", "diagnose-model"],
    ),
    (
        "diagnose-core",
        &[
            "diagnose-syntax",
            "diagnose-text",
            "diagnose-model",
            "diagnose-rules",
        ],
    ),
];

#[test]
fn core_crates_depend_only_on_lower_layers_and_do_no_io() {
    let mut bad = Vec::new();
    for (name, allowed) in LAYERS {
        let dir = root().join("crates").join(name);
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        for line in manifest.lines() {
            let dep = line.split(['=', '.', ' ']).next().unwrap_or("");
            if dep.starts_with("diagnose-") && !allowed.contains(&dep) {
                bad.push(format!("{name} depends on {dep}"));
            }
        }
        let mut files = Vec::new();
        rust_files(&dir.join("src"), &mut files);
        for f in files {
            let text = strip_comments(&std::fs::read_to_string(&f).unwrap());
            // Unit tests may read fixtures: only the code before `#[cfg(test)]` counts, and
            // none of a unit test module kept in a file of its own (`#[cfg(test)] mod
            // tests;` beside the code: a `tests.rs`).
            if f.file_name().is_some_and(|n| n == "tests.rs") {
                continue;
            }
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for io in [
                "std::fs",
                "std::net::Tcp",
                "std::net::Udp",
                "ToSocketAddrs",
                "std::process",
                "std::thread",
                "std::env",
            ] {
                if code.contains(io) {
                    bad.push(format!("{} uses {io}", rel(&f)));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
