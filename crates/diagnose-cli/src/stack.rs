//! One orchestration for every command that checks files (`check`, `--fix`, `--diff`,
//! `--changed`, `explain` with paths): read a unit's files on all cores, apply its
//! configuration, parse on all cores, run the rules (or the fixes), keep what concerns
//! the changed files, and gather the files not read. The commands only lay out the
//! result.

use crate::fixes;
use crate::selectors::known_selectors;
use crate::units::{config_name, involves, load_config, Source, Unit};
use anyhow::Result;
use diagnose_core::present::{self, Skipped};
use diagnose_core::{Lang, Options, Report};
use std::collections::HashMap;
use std::io::Write;

/// Fixes to apply while checking (`--fix`) or to print as a diff (`--diff`).
pub struct FixRun<'a> {
    pub unsafe_fixes: bool,
    pub diff: bool,
    pub out: &'a mut dyn Write,
    pub totals: &'a mut fixes::Totals,
}

/// What rules to run, from the command line (checked once per run).
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

/// One checked stack.
pub struct Checked {
    pub report: Report,
    /// Files and Markdown blocks not read, each noted on standard error already.
    pub skipped: Vec<Skipped>,
    /// Display path → path relative to the current folder, for machine outputs.
    pub paths: HashMap<String, String>,
}

/// Checks one unit. `first`: the first unit of the run, whose command-line selectors are
/// checked.
pub fn check(
    mut unit: Unit,
    src: &Source,
    sel: &Selection,
    first: bool,
    fix: Option<FixRun>,
    lang: Lang,
) -> Result<Checked> {
    unit.load();
    crate::timing::mark("read");
    let mut options = Options {
        select: sel.select.clone(),
        ignore: sel.ignore.clone(),
        known_paths: unit.known.clone(),
        ..Options::default()
    };
    if first {
        known_selectors(&sel.select, "`--select`", lang)?;
        known_selectors(&sel.ignore, "`--ignore`", lang)?;
    }
    if let Some(cfg) = load_config(src, unit.root.as_deref())? {
        cfg.known_selectors(&config_name(src, unit.root.as_deref()), lang)?;
        cfg.apply(&mut options, &unit.prefix)?;
    }
    let paths = unit.paths();
    // Parsed on all cores (the core itself has no threads).
    let mut report = match fix {
        Some(f) => {
            let fo = diagnose_core::fix::FixOptions {
                unsafe_fixes: f.unsafe_fixes,
                only: unit.changed.clone(),
            };
            let out = diagnose_core::fix::fix_with(
                unit.inputs.clone(),
                &options,
                &fo,
                &crate::parallel::PARALLEL,
            );
            fixes::handle(&unit, &out, f.diff, lang, f.out, f.totals)?;
            out.report
        }
        None => {
            let ws = crate::parallel::parse_inputs(std::mem::take(&mut unit.inputs));
            crate::timing::mark("parse");
            // The parse's scratch memory, freed in the workers' heaps, is not handed back
            // here: the rules run on the same workers and reuse it (handing it back cost
            // 0.6 ms on one thread, for the same peak).
            diagnose_core::check_workspace_with(ws, &options, &crate::parallel::PARALLEL)
        }
    };
    if let Some(changed) = &unit.changed {
        let keep: Vec<bool> = report
            .diagnostics
            .iter()
            .map(|d| involves(&report, d, changed))
            .collect();
        let mut k = keep.into_iter();
        report.diagnostics.retain(|_| k.next().unwrap_or(false));
    }
    let mut skipped = std::mem::take(&mut unit.skipped);
    skipped.extend(present::markdown_skipped(&report, &paths, lang));
    for s in &skipped {
        crate::note!("{}", present::skipped_note(s, lang));
    }
    Ok(Checked {
        report,
        skipped,
        paths,
    })
}
