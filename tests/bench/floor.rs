//! The parse floor: the least work any linter of these files must do, on one thread.
//! Reads the files `diagnose` reads under the folders given (same names, `.gitignore` not
//! consulted) and runs saphyr-parser's bare event stream over each YAML file and our JSON
//! parser over each JSON file, building nothing. `tests/bench/run.sh` times it beside
//! `diagnose check` on the same folders and reports every row as a ratio to it.
//!
//!     parse-floor DIR...          # prints files, bytes and events
//!     parse-floor --tree DIR...   # builds and keeps diagnose's trees (`Workspace::new`):
//!                                 # its peak memory minus the texts' is the trees' size

use diagnose_core::workspace::{is_read_name, is_skipped_dir};
use std::path::Path;

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.filter_map(Result::ok) {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if p.is_dir() {
            if !is_skipped_dir(&name) {
                walk(&p, out);
            }
        } else if is_read_name(&name) {
            out.push(p);
        }
    }
}

fn main() {
    let mut files = Vec::new();
    let mut tree = false;
    for d in std::env::args().skip(1) {
        if d == "--tree" {
            tree = true;
            continue;
        }
        walk(Path::new(&d), &mut files);
    }
    if tree {
        let inputs: Vec<diagnose_core::Input> = files
            .iter()
            .filter_map(|f| {
                let text = std::fs::read_to_string(f).ok()?;
                Some(diagnose_core::Input::new(f.display().to_string(), text))
            })
            .collect();
        let bytes: usize = inputs.iter().map(|i| i.text.len()).sum();
        let ws = diagnose_core::Workspace::new(inputs);
        println!(
            "{} files, {bytes} bytes, {} documents, {} parse errors",
            ws.files.len(),
            ws.docs.len(),
            ws.parse_errors.len()
        );
        std::mem::forget(ws);
        return;
    }
    let (mut bytes, mut events, mut errors) = (0usize, 0usize, 0usize);
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        bytes += text.len();
        if f.extension().is_some_and(|e| e == "json") {
            match diagnose_core::syntax::parse_json(&text) {
                Ok(_) => events += 1,
                Err(_) => errors += 1,
            }
        } else {
            for ev in saphyr_parser::Parser::new_from_str(&text) {
                match ev {
                    Ok(_) => events += 1,
                    Err(_) => {
                        errors += 1;
                        break;
                    }
                }
            }
        }
    }
    println!(
        "{} files, {bytes} bytes, {events} events, {errors} parse errors",
        files.len()
    );
}
