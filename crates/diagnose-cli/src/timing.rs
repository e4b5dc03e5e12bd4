//! `DIAGNOSE_TIMINGS=1`: the wall time of each phase of a run, on standard error, for
//! whoever works on speed (BENCHMARKS.md reads them). Off, a mark costs one load.
//!
//!     timing: walk           5.5 ms  cpu    5.4 ms  (at 5.5 ms)
//!
//! The core names its phases through `Parallel::phase` (it has no clock: it builds for
//! wasm32); the CLI marks its own (walk, read, parse, output).

use std::sync::OnceLock;
use std::time::Instant;

/// When the run started (the first mark asked), the last mark, and the process's CPU time
/// then; `None`: timings off.
static CLOCK: OnceLock<Option<std::sync::Mutex<(Instant, Instant, f64)>>> = OnceLock::new();

/// The CPU time of the whole process (every thread), in ms; 0 where it cannot be read.
fn cpu_ms() -> f64 {
    #[cfg(unix)]
    {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `t` is a valid timespec for the call to fill.
        if unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) } == 0 {
            return t.tv_sec as f64 * 1000.0 + t.tv_nsec as f64 / 1e6;
        }
    }
    0.0
}

/// Ends the phase `name`: prints its duration and the time since the start when
/// `DIAGNOSE_TIMINGS` is set (to anything but `0` or nothing).
pub fn mark(name: &'static str) {
    let clock = CLOCK.get_or_init(|| {
        let on = std::env::var("DIAGNOSE_TIMINGS").is_ok_and(|v| !v.is_empty() && v != "0");
        on.then(|| std::sync::Mutex::new((Instant::now(), Instant::now(), cpu_ms())))
    });
    let Some(clock) = clock else { return };
    let (now, cpu) = (Instant::now(), cpu_ms());
    let mut c = clock.lock().unwrap_or_else(|e| e.into_inner());
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    eprintln!(
        "timing: {name:<12} {:6.1} ms  cpu {:6.1} ms  (at {:.1} ms)",
        ms(now - c.1),
        cpu - c.2,
        ms(now - c.0)
    );
    c.1 = now;
    c.2 = cpu;
}
