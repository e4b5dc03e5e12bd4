//! Shared helpers for the integration tests: checking in-memory files, reading the rule
//! pages' example blocks.

use diagnose_core::diagnostic::Diagnostic;
use diagnose_core::{check, present, Input, Lang, Options, Report};
use std::path::{Path, PathBuf};

/// Checks in-memory `(path, text)` files with only the rules of `select` (all when empty).
pub fn check_selected(files: &[(&str, &str)], select: &[&str]) -> Report {
    let inputs = files.iter().map(|(p, t)| Input::new(*p, *t)).collect();
    check(
        inputs,
        &Options {
            select: select.iter().map(|c| c.to_string()).collect(),
            ..Options::default()
        },
    )
}

/// The English short lines (`file:line:col: severity[CODE] message`) of the report's
/// diagnostics that `keep` accepts, in the report's order.
pub fn short_lines(r: &Report, keep: impl Fn(&Diagnostic) -> bool) -> Vec<String> {
    r.diagnostics
        .iter()
        .filter(|d| keep(d))
        .map(|d| present::short_line(r, d, Lang::En))
        .collect()
}

/// Root of the repository.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A fenced code block of a Markdown page.
#[derive(Clone, Debug)]
pub struct Block {
    /// Words of the info string after the language: `bad`, `good`, `expect`, `fixed`.
    pub role: String,
    pub lang: String,
    pub file: Option<String>,
    pub text: String,
    /// 0-based line of the first content line in the page.
    pub first_line: usize,
    /// 0-based line of the closing fence.
    pub end_line: usize,
}

pub fn blocks(page: &str) -> Vec<Block> {
    let lines: Vec<&str> = page.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if let Some(info) = l.strip_prefix("```") {
            let mut words = info.split_whitespace();
            let lang = words.next().unwrap_or("").to_string();
            let mut role = String::new();
            let mut file = None;
            for w in words {
                if let Some(f) = w.strip_prefix("file=") {
                    file = Some(f.to_string());
                } else {
                    role = w.to_string();
                }
            }
            let start = i + 1;
            let mut j = start;
            while j < lines.len() && !lines[j].starts_with("```") {
                j += 1;
            }
            let mut text = lines[start..j.min(lines.len())].join("\n");
            text.push('\n');
            out.push(Block {
                role,
                lang,
                file,
                text,
                first_line: start,
                end_line: j,
            });
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// Every file under `dir`, as inputs with paths relative to `dir` (sorted).
pub fn read_dir_inputs(dir: &Path) -> Vec<diagnose_core::Input> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<diagnose_core::Input>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, root, out);
            } else if let Ok(text) = std::fs::read_to_string(&p) {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.push(diagnose_core::Input::new(rel, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out
}

/// The secrets planted in `tests/fixtures/secrets`: every `hunter2-secret-…` word, and
/// the base64 form of one (a Kubernetes Secret's `data`).
pub fn planted_secrets(inputs: &[diagnose_core::Input]) -> Vec<String> {
    let mut out = Vec::new();
    for i in inputs {
        let mut rest = i.text.as_str();
        while let Some(at) = rest.find(SECRET_MARKER) {
            let word: String = rest[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            rest = &rest[at + word.len()..];
            out.push(word);
        }
    }
    out.push(SECRET_BASE64.to_string());
    out.sort();
    out.dedup();
    out
}

/// What every planted secret starts with.
pub const SECRET_MARKER: &str = "hunter2-secret-";
/// `hunter2-secret-base64`, base64-encoded.
pub const SECRET_BASE64: &str = "aHVudGVyMi1zZWNyZXQtYmFzZTY0";
