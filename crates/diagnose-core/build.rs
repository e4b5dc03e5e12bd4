//! Embeds the rule pages of `rules/` (and the error families of `rules/errors/`) so that
//! `diagnose explain` and the web app show the same text offline.

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let rules = manifest.join("../../rules");
    println!("cargo:rerun-if-changed={}", rules.display());
    let mut files = Vec::new();
    walk(&rules, &mut files);
    let mut pages = String::from("pub static PAGES: &[(&str, &str)] = &[\n");
    let mut errors = String::from("pub static ERROR_FAMILIES: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f
            .strip_prefix(&rules)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let abs = f.canonicalize().unwrap();
        let entry = format!(
            "    ({rel:?}, include_str!({:?})),\n",
            abs.display().to_string()
        );
        if rel.starts_with("errors/") && (rel.ends_with(".yaml") || rel.ends_with(".yml")) {
            errors.push_str(&entry);
        } else if rel.ends_with(".md") && !rel.starts_with("README") {
            pages.push_str(&entry);
        }
    }
    pages.push_str("];\n");
    errors.push_str("];\n");
    let mut out = String::new();
    writeln!(out, "{pages}\n{errors}").unwrap();
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(dest, out).unwrap();
}
