//! The parse floor: the least work any linter of these files must do, on one thread.
//! Reads the files `diagnose` reads under the folders given (same names, `.gitignore` not
//! consulted) and runs saphyr-parser's bare event stream over each YAML file and our JSON
//! parser over each JSON file, building nothing. `tests/bench/run.sh` times it beside
//! `diagnose check` on the same folders and reports every row as a ratio to it.
//!
//!     parse-floor DIR...          # prints files, bytes and events
//!     parse-floor --tree DIR...   # builds and keeps diagnose's trees (`Workspace::new`):
//!                                 # its peak memory minus the texts' is the trees' size;
//!                                 # also prints the heap the trees hold (live bytes and
//!                                 # blocks, counted by the allocator below)

use diagnose_core::workspace::{is_read_name, is_skipped_dir};
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};

/// The system allocator, counting live bytes and blocks once `COUNTING` is set (`--tree`
/// only, so that the floor itself pays nothing but one load per call).
struct Counting;
static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);
static LIVE_BLOCKS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        if COUNTING.load(Relaxed) {
            LIVE_BYTES.fetch_add(l.size(), Relaxed);
            LIVE_BLOCKS.fetch_add(1, Relaxed);
        }
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        if COUNTING.load(Relaxed) {
            LIVE_BYTES.fetch_sub(l.size(), Relaxed);
            LIVE_BLOCKS.fetch_sub(1, Relaxed);
        }
        System.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        if COUNTING.load(Relaxed) {
            LIVE_BYTES.fetch_add(new, Relaxed);
            LIVE_BYTES.fetch_sub(l.size(), Relaxed);
        }
        System.realloc(p, l, new)
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

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
        // Counted from here. The vector of inputs, allocated before and freed inside,
        // makes the count low by its size (48 bytes a file): negligible.
        COUNTING.store(true, Relaxed);
        let (before, blocks_before) = (LIVE_BYTES.load(Relaxed), LIVE_BLOCKS.load(Relaxed));
        let ws = diagnose_core::Workspace::new(inputs);
        let tree = LIVE_BYTES.load(Relaxed).wrapping_sub(before);
        let blocks = LIVE_BLOCKS.load(Relaxed).wrapping_sub(blocks_before);
        println!(
            "{} files, {bytes} bytes, {} documents, {} parse errors",
            ws.files.len(),
            ws.docs.len(),
            ws.parse_errors.len()
        );
        // The texts moved into the workspace were counted before; what was added is the
        // trees (and the few texts of embedded files and line indexes).
        println!(
            "trees: {tree} bytes in {blocks} blocks ({:.2} bytes per input byte, \
             {:.2} with 16 bytes of allocator overhead per block)",
            tree as f64 / bytes.max(1) as f64,
            (tree + 16 * blocks) as f64 / bytes.max(1) as f64
        );
        let (mut nodes, mut scalars, mut heap_strings, mut string_bytes) = (0, 0, 0, 0);
        for d in &ws.docs {
            d.root.walk(&mut |n| {
                nodes += 1;
                if let diagnose_core::syntax::Value::Scalar(s, _) = &n.value {
                    scalars += 1;
                    if s.heap_bytes() > 0 {
                        heap_strings += 1;
                        string_bytes += s.heap_bytes();
                    }
                }
            });
        }
        println!(
            "{nodes} nodes, {scalars} scalars, {heap_strings} on the heap ({string_bytes} bytes)"
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
