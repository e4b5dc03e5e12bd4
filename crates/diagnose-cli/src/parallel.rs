//! Reading and parsing files on several threads. The core has no threads (it builds for
//! wasm32): each file is parsed on its own with `parts::parse_one` and the parts are
//! joined in order with `parts::merge`, which gives the same workspace as parsing
//! everything at once.

use crate::walk::{self, FileToRead, Skipped};
use diagnose_core::model::parts;
use diagnose_core::promql::{self, Slot};
use diagnose_core::{Diagnostic, FileId, Input, Parallel, Span, Workspace};
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

/// `f` applied to every item, on up to `threads()` threads; results in item order.
fn map_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_parallel_from(items, MIN_FILES_FOR_THREADS, f)
}

/// [`map_parallel`], on one thread when there are fewer than `min` items. Items are
/// handed out in order: the first ones start first.
fn map_parallel_from<T: Sync, R: Send>(
    items: &[T],
    min: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    map_parallel_in(items, min, None, f)
}

/// [`map_parallel_from`], the items handed out in the order `order` gives (indices into
/// `items`; all of them) when there is one; results still in item order.
///
/// One pool of `threads()` workers serves the whole run (rayon's global pool): a call
/// made inside another (a pass's rules inside the passes, a pass's queries) shares its
/// workers instead of starting threads of its own.
fn map_parallel_in<T: Sync, R: Send>(
    items: &[T],
    min: usize,
    order: Option<&[usize]>,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    use rayon::prelude::*;
    let threads = threads();
    if threads.min(items.len()) <= 1 || items.len() < min {
        return items.iter().map(f).collect();
    }
    crate::pool::ready(threads);
    // One task per item: a worker that runs out steals from the other's queue.
    let f = &f;
    let Some(order) = order else {
        return items.par_iter().with_max_len(1).map(f).collect();
    };
    let done: Vec<(usize, R)> = order
        .par_iter()
        .with_max_len(1)
        .map(|&i| (i, f(&items[i])))
        .collect();
    let mut out: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    for (i, r) in done {
        out[i] = Some(r);
    }
    out.into_iter().flatten().collect()
}

/// Reads `files` in order; the ones that cannot be read are skipped with their reason.
pub fn read_all(files: &[FileToRead]) -> (Vec<Input>, Vec<Skipped>) {
    let mut inputs = Vec::with_capacity(files.len());
    let mut skipped = Vec::new();
    for (f, r) in files.iter().zip(map_parallel(files, |f| {
        walk::read(&f.path, f.display.clone())
    })) {
        // Instrumentation code and `/metrics` text are read only for the metric types they
        // declare: the others, and unreadable ones, are dropped without a note.
        let evidence = walk::evidence_only(&f.display);
        match r {
            Ok(i) if evidence => {
                if diagnose_core::promql::metric_types::is_evidence_text(&i.path, &i.text) {
                    inputs.push(i);
                }
            }
            Ok(i) => inputs.push(i),
            Err(_) if evidence => {}
            Err(s) => skipped.push(s),
        }
    }
    (inputs, skipped)
}

/// Parses inputs on all cores; the same workspace as `Workspace::new(inputs)`.
pub fn parse_inputs(inputs: Vec<Input>) -> Workspace {
    // The largest first: a large file parsed last would leave the other cores idle.
    let mut order: Vec<usize> = (0..inputs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(inputs[i].text.len()));
    // Each worker takes its input out of its slot (no copy of the texts).
    let slots: Vec<Mutex<Option<Input>>> =
        inputs.into_iter().map(|i| Mutex::new(Some(i))).collect();
    let parts = map_parallel_in(&slots, MIN_FILES_FOR_THREADS, Some(&order), |slot| {
        let input = slot
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .expect("each input is parsed once");
        parts::parse_one(input)
    });
    parts::merge(parts)
}

/// Parses PromQL queries on all cores into their slots; the same results as
/// `promql::analyse_all`.
pub fn analyse_queries(items: &[(&str, &Slot)]) {
    map_parallel(items, |(text, slot)| promql::fill(text, slot));
}

/// Runs `f` on `0..n` on all cores, in order.
pub fn each(
    n: usize,
    f: &(dyn Fn(usize) -> Vec<(FileId, Span)> + Sync),
) -> Vec<Vec<(FileId, Span)>> {
    let items: Vec<usize> = (0..n).collect();
    map_parallel(&items, |i| f(*i))
}

/// Runs the rule passes of a split folder on all cores; results in order. The memory they
/// free is reused by the passes, then handed back (`mem::reusing_freed`).
pub fn passes(n: usize, f: &(dyn Fn(usize) -> Vec<Diagnostic> + Sync)) -> Vec<Vec<Diagnostic>> {
    let items: Vec<usize> = (0..n).collect();
    crate::mem::reusing_freed(|| map_parallel_from(&items, 2, |i| f(*i)))
}

/// Runs the rules of one pass on all cores; results in order.
pub fn rules(n: usize, f: &(dyn Fn(usize) -> Vec<Diagnostic> + Sync)) -> Vec<Vec<Diagnostic>> {
    let items: Vec<usize> = (0..n).collect();
    map_parallel_from(&items, 2, |i| f(*i))
}

/// The core's parallel parts, on all cores.
pub const PARALLEL: Parallel = Parallel {
    parse: parse_inputs,
    queries: analyse_queries,
    each,
    passes,
    rules,
    phase: crate::timing::mark,
};
