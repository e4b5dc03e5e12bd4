//! Embeds the seed stacks (`tests/fixtures/seeds/<seed>/broken/`) for the Examples menu.
//! Files are filtered like the CLI's walker (YAML, JSON, `.env`, `.rules`).

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

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else if p.file_name().and_then(|n| n.to_str()).is_some_and(wanted) {
            out.push(p);
        }
    }
}

/// `# Seed: esxi (ESXi Backup Manager — Grafana guide)` → the text in parentheses.
fn title(readme: &str) -> Option<String> {
    let first = readme.lines().find(|l| l.starts_with("# "))?;
    let open = first.find('(')?;
    let close = first.rfind(')')?;
    (close > open).then(|| first[open + 1..close].trim().to_string())
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let seeds = manifest.join("../tests/fixtures/seeds");
    println!("cargo:rerun-if-changed={}", seeds.display());
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&seeds)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    dirs.retain(|d| d.join("broken").is_dir());
    dirs.sort();
    let mut out = String::from(
        "/// The seed stacks, broken state: (id, title, files as (path, text)).\n\
         pub static SEEDS: &[Seed] = &[\n",
    );
    for dir in &dirs {
        let id = dir.file_name().unwrap().to_string_lossy().to_string();
        let readme = std::fs::read_to_string(dir.join("README.md")).unwrap_or_default();
        println!("cargo:rerun-if-changed={}", dir.join("README.md").display());
        let title = title(&readme).unwrap_or_else(|| id.clone());
        let broken = dir.join("broken");
        let mut files = Vec::new();
        walk(&broken, &mut files);
        writeln!(out, "    Seed {{ id: {id:?}, title: {title:?}, files: &[").unwrap();
        for f in files {
            println!("cargo:rerun-if-changed={}", f.display());
            let rel = f
                .strip_prefix(&broken)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let abs = f.canonicalize().unwrap();
            writeln!(
                out,
                "        ({rel:?}, include_str!({:?})),",
                abs.display().to_string()
            )
            .unwrap();
        }
        out.push_str("    ] },\n");
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("seeds.rs");
    std::fs::write(dest, out).unwrap();
}
