//! Writes the page's data files (fetched on first use, see `src/data.rs`), which `build.sh`
//! copies to `dist/`, and the little the wasm keeps of them:
//! - the seed stacks (`tests/fixtures/seeds/<seed>/broken/`, files filtered like the CLI's
//!   walker): ids and titles for the Examples menu in the wasm (`seeds.rs`), files in
//!   `examples.json`;
//! - the rule pages of `rules/`, rendered to HTML, with their summaries (for the index):
//!   `rule-pages.json`;
//! - the error knowledge base (`rules/errors/*.yaml`, what the core embeds for the CLI):
//!   `error-kb.json`;
//! - the core's message catalogue, one file per language (`texts-en.json`, `texts-fr.json`:
//!   `[[id, text], …]`), which the engine module is built without (`--cfg
//!   diagnose_external_texts`, see `diagnose_text::external`);
//! - the exporters' metric types table (`metric-types.json`), which the engine module is
//!   built without too (`--cfg diagnose_external_metric_types`).

#[path = "src/json.rs"]
#[allow(dead_code)]
mod json;
#[path = "src/mdrender.rs"]
#[allow(dead_code)]
mod mdrender;

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn wanted(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".yml")
        || n.ends_with(".yaml")
        || n.ends_with(".json")
        || n == ".env"
        || n.ends_with(".ini")
        || n.ends_with(".rules")
}

/// The files under `dir` whose name `keep` accepts, sorted, depth first.
fn walk(dir: &Path, keep: fn(&str) -> bool, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, keep, out);
        } else if p.file_name().and_then(|n| n.to_str()).is_some_and(keep) {
            out.push(p);
        }
    }
}

/// `path` relative to `root`, with `/` separators.
fn rel(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

/// `[path, text]` as a JSON array of two strings.
fn json_pair(path: &str, text: &str) -> String {
    format!("[{},{}]", json_str(path), json_str(text))
}

/// `# Seed: esxi (ESXi Backup Manager — Grafana guide)` → the text in parentheses.
fn title(readme: &str) -> Option<String> {
    let first = readme.lines().find(|l| l.starts_with("# "))?;
    let open = first.find('(')?;
    let close = first.rfind(')')?;
    (close > open).then(|| first[open + 1..close].trim().to_string())
}

/// JSON string literal, written as the page writes its requests (`src/json.rs`).
fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    json::escape(&mut out, s);
    out
}

/// The registry → `rules.rs`: every rule's code, name, domain and severity, for the index,
/// the rule pages and the diagnostics the engine module hands over (the page links no rule).
fn rule_index(out_dir: &Path) {
    let mut out = String::from(
        "/// Every rule, in the registry's order.\npub static RULES: &[RuleInfo] = &[\n",
    );
    for r in diagnose_core::registry::ALL_RULES {
        writeln!(
            out,
            "    RuleInfo {{ code: {:?}, name: {:?}, domain: {:?}, severity: Severity::{:?} }},",
            r.code, r.name, r.domain, r.severity,
        )
        .unwrap();
    }
    out.push_str("];\n");
    std::fs::write(out_dir.join("rules.rs"), out).unwrap();
}

/// `rules/**/*.md` (as the core embeds them) → `rule-pages.json` (summary, HTML and example
/// files of each page, a data file that `build.sh` copies to `dist/` and the page fetches the
/// first time a rule page or the index is shown).
fn rule_pages(manifest: &Path, out_dir: &Path) {
    let rules = manifest.join("../rules");
    println!("cargo:rerun-if-changed={}", rules.display());
    let mut files = Vec::new();
    walk(&rules, |_| true, &mut files);
    let mut json = String::from("[\n");
    let list = |v: &[(String, String)]| {
        let items: Vec<String> = v.iter().map(|(p, t)| json_pair(p, t)).collect();
        format!("[{}]", items.join(","))
    };
    for f in &files {
        let rel = rel(f, &rules);
        if !rel.ends_with(".md") || rel.starts_with("README") || rel.starts_with("errors/") {
            continue;
        }
        println!("cargo:rerun-if-changed={}", f.display());
        let md = std::fs::read_to_string(f).unwrap();
        let fr = rel.ends_with(".fr.md");
        if json.len() > 2 {
            json.push_str(",\n");
        }
        write!(
            json,
            "{{\"path\":{},\"summary\":{},\"html\":{},\"bad\":{},\"good\":{}}}",
            json_str(&rel),
            json_str(&mdrender::summary(&md)),
            json_str(&mdrender::render(&md, fr)),
            list(&mdrender::examples(&md, mdrender::BlockKind::Bad)),
            list(&mdrender::examples(&md, mdrender::BlockKind::Good)),
        )
        .unwrap();
    }
    json.push_str("\n]\n");
    std::fs::write(out_dir.join("rule-pages.json"), json).unwrap();
}

/// `rules/errors/*.yaml` → `error-kb.json`: `[[path inside rules/, text], …]`, the files the
/// core embeds as `docs::ERROR_FAMILIES` when built with its `embedded-errors` feature.
fn error_kb(manifest: &Path, out_dir: &Path) {
    let rules = manifest.join("../rules");
    let dir = rules.join("errors");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files = Vec::new();
    walk(&dir, |_| true, &mut files);
    let mut items = Vec::new();
    for f in &files {
        let rel = rel(f, &rules);
        if !(rel.ends_with(".yaml") || rel.ends_with(".yml")) {
            continue;
        }
        println!("cargo:rerun-if-changed={}", f.display());
        let text = std::fs::read_to_string(f).unwrap();
        items.push(json_pair(&rel, &text));
    }
    let json = format!("[\n{}\n]\n", items.join(",\n"));
    std::fs::write(out_dir.join("error-kb.json"), json).unwrap();
}

/// The catalogue's texts in each language: `texts-<lang>.json`, `[[id, text], …]`. This
/// build script's core is a native build, whose catalogue embeds its texts.
fn texts(out_dir: &Path) {
    for lang in diagnose_core::Lang::ALL {
        let items: Vec<String> = diagnose_core::catalog::all_texts()
            .map(|t| json_pair(t.id, t.get(lang)))
            .collect();
        let json = format!("[\n{}\n]\n", items.join(",\n"));
        std::fs::write(out_dir.join(format!("texts-{}.json", lang.code())), json).unwrap();
    }
}

/// The exporters' metric types table (PQL003, PQL004) as a JSON string: the data file
/// `metric-types.json`, which the engine module is built without (`--cfg
/// diagnose_external_metric_types`, see `diagnose_model::promql::exporter_table`).
fn metric_types(out_dir: &Path) {
    let table = diagnose_core::promql::exporter_metric_types::TYPES;
    std::fs::write(out_dir.join("metric-types.json"), json_str(table) + "\n").unwrap();
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    rule_index(&out_dir);
    rule_pages(&manifest, &out_dir);
    error_kb(&manifest, &out_dir);
    texts(&out_dir);
    metric_types(&out_dir);
    let seeds = manifest.join("../tests/fixtures/seeds");
    println!("cargo:rerun-if-changed={}", seeds.display());
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&seeds)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    dirs.retain(|d| d.join("broken").is_dir());
    dirs.sort();
    let mut out = String::from(
        "/// The seed stacks (broken state), for the Examples menu: their files are in the\n\
         /// data file `examples.json`.\n\
         pub static SEEDS: &[Seed] = &[\n",
    );
    let mut json = Vec::new();
    for dir in &dirs {
        let id = dir.file_name().unwrap().to_string_lossy().to_string();
        let readme = std::fs::read_to_string(dir.join("README.md")).unwrap_or_default();
        println!("cargo:rerun-if-changed={}", dir.join("README.md").display());
        let title = title(&readme).unwrap_or_else(|| id.clone());
        let broken = dir.join("broken");
        let mut files = Vec::new();
        walk(&broken, wanted, &mut files);
        writeln!(out, "    Seed {{ id: {id:?}, title: {title:?} }},").unwrap();
        let mut items = Vec::new();
        for f in files {
            println!("cargo:rerun-if-changed={}", f.display());
            let rel = rel(&f, &broken);
            let text = std::fs::read_to_string(&f).unwrap();
            items.push(json_pair(&rel, &text));
        }
        json.push(format!(
            "{{\"id\":{},\"files\":[{}]}}",
            json_str(&id),
            items.join(",")
        ));
    }
    out.push_str("];\n");
    std::fs::write(out_dir.join("seeds.rs"), out).unwrap();
    std::fs::write(
        out_dir.join("examples.json"),
        format!("[\n{}\n]\n", json.join(",\n")),
    )
    .unwrap();
}
