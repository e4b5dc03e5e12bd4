//! `DIAGNOSE_TIMINGS=1`: the wall time of each phase of a run, on standard error, for
//! whoever works on speed (BENCHMARKS.md reads them). Off, a mark costs one load.
//!
//!     timing: walk         5.5 ms  (at 5.5 ms)
//!
//! The core names its phases through `Parallel::phase` (it has no clock: it builds for
//! wasm32); the CLI marks its own (walk, read, parse, output).

use std::sync::OnceLock;
use std::time::Instant;

/// When the run started (the first mark asked), and the last mark; `None`: timings off.
static CLOCK: OnceLock<Option<std::sync::Mutex<(Instant, Instant)>>> = OnceLock::new();

/// Ends the phase `name`: prints its duration and the time since the start when
/// `DIAGNOSE_TIMINGS` is set (to anything but `0` or nothing).
pub fn mark(name: &'static str) {
    let clock = CLOCK.get_or_init(|| {
        let on = std::env::var("DIAGNOSE_TIMINGS").is_ok_and(|v| !v.is_empty() && v != "0");
        on.then(|| std::sync::Mutex::new((Instant::now(), Instant::now())))
    });
    let Some(clock) = clock else { return };
    let now = Instant::now();
    let mut c = clock.lock().unwrap_or_else(|e| e.into_inner());
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    eprintln!(
        "timing: {name:<12} {:6.1} ms  (at {:.1} ms)",
        ms(now - c.1),
        ms(now - c.0)
    );
    c.1 = now;
}
