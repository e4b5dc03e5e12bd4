//! Reading and parsing files on several threads. The core has no threads (it builds for
//! wasm32): each file is parsed on its own with `Workspace::parse_one` and the parts are
//! joined in order with `Workspace::merge`, which gives the same workspace as parsing
//! everything at once.

use crate::walk::{self, FileToRead, Skipped};
use diagnose_core::{Input, Workspace};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Below this many files, threads cost more than they save.
const MIN_FILES_FOR_THREADS: usize = 16;

/// Number of worker threads: `DIAGNOSE_THREADS` if set, else the available cores.
pub fn threads() -> usize {
    std::env::var("DIAGNOSE_THREADS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        })
        .min(64)
}

enum Slot {
    Empty,
    Parsed(Workspace),
    Skipped(Skipped),
}

fn load(f: &FileToRead) -> Slot {
    match walk::read(&f.path, f.display.clone()) {
        Ok(input) => Slot::Parsed(Workspace::parse_one(input)),
        Err(s) => Slot::Skipped(s),
    }
}

/// Reads and parses `files`; returns the workspace (files in the given order) and the
/// files skipped.
pub fn read_and_parse(files: &[FileToRead]) -> (Workspace, Vec<Skipped>) {
    let n = threads().min(files.len());
    let slots: Vec<Slot> = if n <= 1 || files.len() < MIN_FILES_FOR_THREADS {
        files.iter().map(load).collect()
    } else {
        let next = AtomicUsize::new(0);
        let out: Mutex<Vec<Slot>> = Mutex::new((0..files.len()).map(|_| Slot::Empty).collect());
        std::thread::scope(|s| {
            for _ in 0..n {
                s.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(f) = files.get(i) else { break };
                    let slot = load(f);
                    out.lock().unwrap_or_else(|e| e.into_inner())[i] = slot;
                });
            }
        });
        out.into_inner().unwrap_or_else(|e| e.into_inner())
    };
    let mut parts = Vec::with_capacity(slots.len());
    let mut skipped = Vec::new();
    for s in slots {
        match s {
            Slot::Parsed(w) => parts.push(w),
            Slot::Skipped(s) => skipped.push(s),
            Slot::Empty => {}
        }
    }
    (Workspace::merge(parts), skipped)
}

/// Parses inputs already in memory (standard input, tests) the same way.
pub fn parse_inputs(inputs: Vec<Input>) -> Workspace {
    Workspace::merge(inputs.into_iter().map(Workspace::parse_one).collect())
}
