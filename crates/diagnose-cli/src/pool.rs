//! The worker threads: one pool (rayon's global pool) for the whole run, made by the
//! first parallel call that needs it (`parallel`), and reached by the allocator's
//! clean-up (`mem`), since each worker has a heap of its own.

/// Made once.
static POOL: std::sync::Once = std::sync::Once::new();

/// Makes the pool with `threads` workers unless it exists. The calling thread (the main
/// thread: the first parallel call is made there) is one of them: it works while it waits,
/// and one thread fewer is started (a 10-file stack took 3.3 ms instead of 3.0 when the
/// pool started two).
pub fn ready(threads: usize) {
    POOL.call_once(|| {
        // Fails only when a global pool exists already, which then serves.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .use_current_thread()
            .build_global();
    });
}

/// Runs `f` on every worker of the pool, if there is one.
pub fn on_each_worker(f: impl Fn() + Sync) {
    if POOL.is_completed() {
        rayon::broadcast(|_| f());
    }
}
