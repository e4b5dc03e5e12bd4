//! Where the exporters' metric types table (`exporter_metric_types::TYPES`, 65 KB of sorted
//! lines) comes from. Every build embeds it, except the web app's engine module, built with
//! `--cfg diagnose_external_metric_types`: there the table is a data file
//! (`metric-types.txt`, written from this one by `web/build.rs`), which the page fetches the
//! first time an analysis needs it and gives with [`provide`]. An analysis that looked a
//! name up before the table was given is incomplete: [`missed`] says so, and the engine
//! answers only once the table is in.

#[cfg(diagnose_external_metric_types)]
use std::sync::atomic::{AtomicBool, Ordering};
#[cfg(diagnose_external_metric_types)]
use std::sync::OnceLock;

#[cfg(diagnose_external_metric_types)]
static GIVEN: OnceLock<&'static str> = OnceLock::new();
#[cfg(diagnose_external_metric_types)]
static MISSED: AtomicBool = AtomicBool::new(false);

/// The table's text; `None` (and [`missed`] then says so) while it has not been given.
#[cfg(not(diagnose_external_metric_types))]
pub fn types() -> Option<&'static str> {
    Some(super::exporter_metric_types::TYPES)
}

/// The table's text; `None` (and [`missed`] then says so) while it has not been given.
#[cfg(diagnose_external_metric_types)]
pub fn types() -> Option<&'static str> {
    let t = GIVEN.get().copied();
    if t.is_none() {
        MISSED.store(true, Ordering::Relaxed);
    }
    t
}

/// Gives the table's text (the data file, as written from `TYPES`); the first given stays.
/// Whether the table is now available.
pub fn provide(text: String) -> bool {
    #[cfg(diagnose_external_metric_types)]
    {
        // The file ends with a line feed, as `TYPES` does; anything else is not the file.
        if text.ends_with('\n') {
            GIVEN.get_or_init(|| text.leak());
        }
    }
    #[cfg(not(diagnose_external_metric_types))]
    drop(text);
    ready()
}

/// Whether the table is available: always when it is embedded.
pub fn ready() -> bool {
    #[cfg(diagnose_external_metric_types)]
    return GIVEN.get().is_some();
    #[cfg(not(diagnose_external_metric_types))]
    true
}

/// Whether a name was looked up without the table since the last call (then clears it).
pub fn missed() -> bool {
    #[cfg(diagnose_external_metric_types)]
    return MISSED.swap(false, Ordering::Relaxed);
    #[cfg(not(diagnose_external_metric_types))]
    false
}
