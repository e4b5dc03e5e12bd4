//! The allocator, and memory between stacks.
//!
//! A run allocates and frees millions of small blocks (tree nodes, strings, vectors) on
//! several threads: glibc's malloc and free took 13–17 % of the CPU of a check of the
//! shared corpus. mimalloc (v2) does the same work about 10 % faster end to end
//! (BENCHMARKS.md) at the same peak, with two of its options changed from their defaults:
//!
//! - `arena_eager_commit = 0`: an arena's memory is committed as it is used, not all at
//!   once (on Linux the eager commit brings in transparent huge pages: 92 MB instead of
//!   77 MB on the corpus);
//! - `purge_delay = 0`: memory freed by one stack (or by the parse, on the worker
//!   threads) goes back to the system at once, not 10 ms later, so that the peak of
//!   `diagnose check A B C` is that of its largest stack, not of their sum. The rule
//!   passes are the exception ([`reusing_freed`]).
//!
//! The first is read when mimalloc reserves its first arena, which happens before `main`
//! (the standard library allocates there), so both are set by a constructor; the purge
//! delay is read again at each purge, which is what lets [`reusing_freed`] change it.
//! Elsewhere than Linux the defaults stay.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

extern "C" {
    /// mimalloc: sets an option (no pointer; may be called at any time).
    fn mi_option_set(option: std::os::raw::c_int, value: std::os::raw::c_long);
    /// mimalloc: returns the free memory of the calling thread's heap, and with `force`
    /// the abandoned heaps' (those of ended threads), to the system.
    fn mi_collect(force: bool);
}

/// mimalloc v2's option numbers (`mi_option_t` in its `mimalloc.h`; the enumeration only
/// grows, deprecated entries keep their places).
const MI_OPTION_ARENA_EAGER_COMMIT: std::os::raw::c_int = 4;
const MI_OPTION_PURGE_DELAY: std::os::raw::c_int = 15;

#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static SET_OPTIONS: extern "C" fn() = set_options;

#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
extern "C" fn set_options() {
    // SAFETY: mi_option_set takes no pointer.
    unsafe {
        mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        mi_option_set(MI_OPTION_PURGE_DELAY, 0);
    }
}

/// Returns the memory freed so far to the system: called after the rule passes and
/// between stacks. Each thread has its heap: the workers' are collected
/// on the workers, then the calling thread's and those of threads that ended.
pub fn release_free_memory() {
    // SAFETY: mi_collect takes no pointer and may be called at any time.
    // `force`: memory whose purge was put off (`reusing_freed`) is purged now.
    crate::pool::on_each_worker(|| unsafe { mi_collect(true) });
    // SAFETY: as above.
    unsafe { mi_collect(true) }
}

/// Runs `f` with the memory it frees kept for its own later blocks instead of handed back
/// at once, then hands back everything free. For the rule passes: their blocks come and go
/// (a stack's model, a rule's lists) and the next ones reuse those pages instead of
/// faulting fresh ones (minor faults on the shared corpus 19,500 -> 17,300, peak +2 MB);
/// the parse keeps handing its memory back at once, which keeps the peak down.
pub fn reusing_freed<R>(f: impl FnOnce() -> R) -> R {
    // A purge delay of 1,000 s rather than "never" (-1): freed memory is still scheduled for
    // a purge, which `mi_collect(true)` then does at once.
    // SAFETY: mi_option_set takes no pointer.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 1_000_000) };
    let r = f();
    // SAFETY: as above.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    release_free_memory();
    r
}

/// Ends the process with `code` once standard output is flushed, without the exit
/// handlers: mimalloc (linked statically) sweeps every page of the main thread's heap at
/// exit (`mi_process_done`), 5–8 ms after a check of the shared corpus, for memory the
/// system takes back at once anyway.
pub fn exit(code: u8) -> std::process::ExitCode {
    let _ = std::io::Write::flush(&mut std::io::stdout());
    #[cfg(unix)]
    // SAFETY: `_exit` ends the process at once; standard output is flushed and standard
    // error is not buffered.
    unsafe {
        libc::_exit(code.into())
    }
    #[cfg(not(unix))]
    std::process::ExitCode::from(code)
}
