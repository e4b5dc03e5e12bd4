//! `--fix` and `--diff`: the core computes the fixed texts; this writes them or prints
//! them as a unified diff. Nothing is written without `--fix`.

use crate::Unit;
use anyhow::{Context, Result};
use diagnose_core::fix::{FixOutcome, MAX_ROUNDS};
use diagnose_core::Render;
use diagnose_core::{msg, Lang};
use std::io::Write;

#[derive(Default)]
pub struct Totals {
    pub fixed: usize,
    pub files: usize,
}

/// A unified diff of one file (`--- a/path`, `+++ b/path`, three lines of context).
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Prints the diff (`diff`) or writes the fixed files, and adds to the totals.
pub fn handle(
    unit: &Unit,
    out: &FixOutcome,
    diff: bool,
    lang: Lang,
    w: &mut dyn Write,
    totals: &mut Totals,
) -> Result<()> {
    for f in &out.reverted {
        eprintln!(
            "diagnose: warning: {}",
            msg!("fix.reverted", file = f).render(lang)
        );
    }
    if !out.converged {
        eprintln!(
            "diagnose: warning: {}",
            msg!("fix.not-converged", rounds = MAX_ROUNDS).render(lang)
        );
    }
    totals.fixed += out.applied.len();
    for (old, new) in unit.inputs.iter().zip(&out.inputs) {
        if old.text == new.text {
            continue;
        }
        totals.files += 1;
        let shown = unit
            .disk
            .get(&old.path)
            .map(|p| crate::disk_display(p))
            .unwrap_or_else(|| old.path.clone());
        if diff {
            // Context lines may hold secrets: redacted like every other output.
            let d = unified_diff(&shown, &old.text, &new.text);
            write!(w, "{}", diagnose_core::present::redact(&out.report, &d))?;
            continue;
        }
        match unit.disk.get(&old.path) {
            Some(p) => std::fs::write(p, &new.text)
                .with_context(|| format!("cannot write {}", p.display()))?,
            None => eprintln!("diagnose: warning: {}", msg!("fix.stdin").render(lang)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_shape() {
        let d = unified_diff("a.yml", "x: 1\ny: 2\n", "x: 1\ny: 3\n");
        assert_eq!(
            d,
            "--- a/a.yml\n+++ b/a.yml\n@@ -1,2 +1,2 @@\n x: 1\n-y: 2\n+y: 3\n"
        );
    }
}
