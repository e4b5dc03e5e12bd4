//! Shared helpers for the integration tests: reading the rule pages' example blocks.

use std::path::{Path, PathBuf};

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
