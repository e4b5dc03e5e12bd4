//! `DIAGNOSE_TIMINGS=1`: the wall time of each phase of a run, on standard error, for
//! whoever works on speed (BENCHMARKS.md reads them). Off, a mark costs one load.
//!
//!     timing: walk           5.5 ms  cpu    5.4 ms  sys   0.9 ms  faults    312  (at 5.5 ms)
//!
//! `cpu` is the whole process's (every thread), `sys` its part spent in the kernel, and
//! `faults` the minor page faults (first touches of fresh memory, the larger part of
//! `sys`).
//!
//! The core names its phases through `Parallel::phase` (it has no clock: it builds for
//! wasm32); the CLI marks its own (walk, read, parse, output).

use std::sync::OnceLock;
use std::time::Instant;

/// When the run started (the first mark asked), the last mark, and the process's usage
/// then; `None`: timings off.
static CLOCK: OnceLock<Option<std::sync::Mutex<(Instant, Instant, Usage)>>> = OnceLock::new();

/// The whole process's (every thread) CPU time and kernel time in ms, and its minor page
/// faults; zeros where they cannot be read.
#[derive(Clone, Copy, Default)]
struct Usage {
    cpu: f64,
    sys: f64,
    faults: i64,
}

/// The process's resident memory now and at its highest so far, in MB (`/proc/self/status`,
/// Linux only); zeros elsewhere.
fn resident() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (kb("VmRSS:") / 1024.0, kb("VmHWM:") / 1024.0)
}

fn usage() -> Usage {
    #[cfg(unix)]
    {
        // SAFETY: `rusage` is plain data, and `u` is a valid one for the call to fill.
        let mut u: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: as above.
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) } == 0 {
            let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
            return Usage {
                cpu: ms(u.ru_utime) + ms(u.ru_stime),
                sys: ms(u.ru_stime),
                faults: u.ru_minflt as i64,
            };
        }
    }
    Usage::default()
}

/// Ends the phase `name`: prints its duration and the time since the start when
/// `DIAGNOSE_TIMINGS` is set (to anything but `0` or nothing).
pub fn mark(name: &'static str) {
    let clock = CLOCK.get_or_init(|| {
        let on = std::env::var("DIAGNOSE_TIMINGS").is_ok_and(|v| !v.is_empty() && v != "0");
        on.then(|| std::sync::Mutex::new((Instant::now(), Instant::now(), usage())))
    });
    let Some(clock) = clock else { return };
    let (now, u) = (Instant::now(), usage());
    let mut c = clock.lock().unwrap_or_else(|e| e.into_inner());
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let (rss, peak) = resident();
    eprintln!(
        "timing: {name:<12} {:6.1} ms  cpu {:6.1} ms  sys {:5.1} ms  faults {:6}  rss {rss:5.1} MB  peak {peak:5.1} MB  (at {:.1} ms)",
        ms(now - c.1),
        u.cpu - c.2.cpu,
        u.sys - c.2.sys,
        u.faults - c.2.faults,
        ms(now - c.0)
    );
    c.1 = now;
    c.2 = u;
}
