//! Precision on real public configs (../shared/corpus and ../shared/corpus-more, not part of
//! the repository; each is skipped with a message when absent): no
//! crash on any file, and every error and warning is one a human has reviewed and judged
//! a real problem, listed with its reason in tests/corpus-expected.txt.
//! `DIAGNOSE_BLESS=1` rewrites the list, keeping reasons and marking new lines
//! `# TODO review`, which fails the test until someone replaces it with a reason.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The corpus folders and the prefix of their keys in the list.
const FOLDERS: [(&str, &str); 2] = [("corpus", ""), ("corpus-more", "corpus-more/")];

fn folder(name: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(name);
    p.is_dir().then_some(p)
}

/// Which folder a key of the list belongs to.
fn key_folder(key: &str) -> &'static str {
    let path = key.split_once(' ').map_or(key, |(_, p)| p);
    if path.starts_with("corpus-more/") {
        "corpus-more"
    } else {
        "corpus"
    }
}

fn expected_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus-expected.txt")
}

#[test]
fn corpus_findings_are_reviewed() {
    let mut present: Vec<&str> = Vec::new();
    let mut repos: Vec<(PathBuf, String)> = Vec::new();
    for (name, prefix) in FOLDERS {
        let Some(root) = folder(name) else {
            eprintln!("skipped: ../shared/{name} is absent");
            continue;
        };
        present.push(name);
        let mut found: Vec<PathBuf> = std::fs::read_dir(&root)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        found.sort();
        for r in found {
            let key = format!("{prefix}{}", r.file_name().unwrap().to_string_lossy());
            repos.push((r, key));
        }
    }
    if present.is_empty() {
        return;
    }
    let mut actual: Vec<String> = Vec::new();
    for (repo, name) in &repos {
        let out = Command::new(env!("CARGO_BIN_EXE_diagnose"))
            .args(["check", ".", "--format", "json", "--no-config"])
            .current_dir(repo)
            .output()
            .unwrap();
        assert!(
            matches!(out.status.code(), Some(0) | Some(1)),
            "{name}: exit {:?}\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        for d in v["diagnostics"].as_array().unwrap() {
            if d["severity"] == "info" {
                continue;
            }
            actual.push(format!(
                "{} {}/{}:{}:{}",
                d["code"].as_str().unwrap(),
                name,
                d["file"].as_str().unwrap(),
                d["line"],
                d["column"]
            ));
        }
    }
    let text = std::fs::read_to_string(expected_path()).unwrap_or_default();
    let mut reasons: BTreeMap<String, String> = BTreeMap::new();
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("//"))
    {
        let (key, reason) = line.split_once(" # ").unwrap_or((line, ""));
        reasons.insert(key.trim().to_string(), reason.trim().to_string());
    }
    if std::env::var_os("DIAGNOSE_BLESS").is_some() {
        let header = text
            .lines()
            .next()
            .filter(|l| l.starts_with("//"))
            .unwrap_or(
                "// Errors and warnings diagnose reports on the corpus folders, each reviewed.",
            );
        let mut out = format!("{header}\n");
        // Lines of an absent folder are kept as they are.
        let mut keys: Vec<&String> = actual.iter().collect();
        keys.extend(reasons.keys().filter(|k| !present.contains(&key_folder(k))));
        for k in keys {
            let r = reasons
                .get(k)
                .filter(|r| !r.is_empty())
                .cloned()
                .unwrap_or_else(|| "TODO review".to_string());
            out.push_str(&format!("{k} # {r}\n"));
        }
        std::fs::write(expected_path(), out).unwrap();
        return;
    }
    let expected: Vec<&String> = reasons
        .keys()
        .filter(|k| present.contains(&key_folder(k)))
        .collect();
    let mut sorted = actual.clone();
    sorted.sort();
    let missing: Vec<_> = expected.iter().filter(|k| !actual.contains(k)).collect();
    let new: Vec<_> = sorted
        .iter()
        .filter(|k| !reasons.contains_key(*k))
        .collect();
    assert!(new.is_empty() && missing.is_empty(), "corpus findings changed.\nnew (review each: false positive?):\n{new:#?}\nno longer reported:\n{missing:#?}");
    let todo: Vec<_> = reasons
        .iter()
        .filter(|(_, r)| r.is_empty() || r.contains("TODO"))
        .map(|(k, _)| k)
        .collect();
    assert!(
        todo.is_empty(),
        "corpus findings without a review reason: {todo:#?}"
    );
}
