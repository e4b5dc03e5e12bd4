//! `diagnose check`: checks each stack on the command line and lays out the reports in
//! the chosen format; `--fix`, `--diff` and `--changed` go through the same orchestration
//! (`stack::check`).

use crate::render;
use crate::stack::{self, FixRun, Selection};
use crate::units::{self, Source};
use crate::{fixes, out, walk};
use anyhow::Result;
use clap::ValueEnum;
use diagnose_core::present::{self, plural, Totals};
use diagnose_core::Render;
use diagnose_core::{Lang, Severity};
use std::io::Write;
use std::path::PathBuf;
use termcolor::WriteColor;

pub const CHECK_EXIT_CODES: &str =
    "Exit codes: 0 nothing at or above --fail-on; 1 findings; 2 usage or I/O \
error (an unknown rule in --select, --ignore or diagnose.toml is one), or nothing to check (no \
file that diagnose reads). When the reader of the output leaves (`diagnose check | head -1`), \
the output stops quietly and the exit code still reports the findings.";

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq)]
pub enum Format {
    /// Like rustc's, with the lines of the files (the default).
    Human,
    /// One line per diagnostic: `file:line:column: severity[CODE] message`.
    Short,
    /// One JSON document (see the README's "JSON output").
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::message`).
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other CI dashboards.
    Sarif,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files or folders to check; `-` reads standard input. Default: the current folder.
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Rules to run (codes, prefixes, names or domains), comma-separated. A selector that
    /// names no rule is a usage error (exit code 2).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Rules not to run, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Name to give standard input (it decides how the text is read).
    #[arg(long)]
    pub stdin_filename: Option<String>,
    /// Configuration file (default: diagnose.toml at the root of the checked folder).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Do not read diagnose.toml.
    #[arg(long)]
    pub no_config: bool,
    /// Apply the safe fixes and write the files; then report what is left.
    #[arg(long)]
    pub fix: bool,
    /// Print the fixes as a unified diff; write nothing. Exit code 1 when there is a fix.
    #[arg(long)]
    pub diff: bool,
    /// With --fix or --diff, also apply fixes that may change behaviour.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Also read Markdown documents (the code blocks of tutorials) in folders. Markdown
    /// files named on the command line are always read; each document is its own stack.
    #[arg(long)]
    pub markdown: bool,
    /// The paths are changed files (pre-commit): check the whole stack each one belongs to
    /// (the nearest folder with a diagnose.toml, else the current folder) and report the
    /// diagnostics in the changed files and those whose related locations are in them.
    #[arg(long)]
    pub changed: bool,
    /// Human output: show every info in full (by default, after the errors and warnings,
    /// infos are summarised by rule; also in full with `--fail-on info`).
    #[arg(long)]
    pub infos: bool,
}

impl CheckArgs {
    pub fn source(&self) -> Source {
        Source {
            paths: self.paths.clone(),
            stdin_filename: self.stdin_filename.clone(),
            config: self.config.clone(),
            no_config: self.no_config,
            markdown: self.markdown,
            changed: self.changed,
        }
    }
}

pub fn run(a: CheckArgs, lang: Lang) -> Result<u8> {
    let src = a.source();
    let sel = Selection {
        select: a.select.clone(),
        ignore: a.ignore.clone(),
    };
    crate::timing::mark("start");
    let units = units::collect(&src)?;
    crate::timing::mark("walk");
    let threshold = match a.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    let mut failed = false;
    let mut json = present::JsonDocument::default();
    let mut stdout = out::stdout(crate::color_choice());
    let mut total = Totals::default();
    let full_infos = a.infos || matches!(a.fail_on, FailOn::Info);
    let mut ordered = render::ordered::Ordered::new(stdout.supports_color(), full_infos);
    let mut sarif_units = Vec::new();
    let mut notifications: Vec<(String, String)> = Vec::new();
    let mut fix_totals = fixes::Totals::default();
    let unit_count = units.len();
    let mut files_read = 0usize;
    let mut skipped_count = 0usize;
    for (unit_index, unit) in units.into_iter().enumerate() {
        let fix = (a.fix || a.diff).then_some(FixRun {
            unsafe_fixes: a.unsafe_fixes,
            diff: a.diff,
            out: &mut stdout,
            totals: &mut fix_totals,
        });
        let stack::Checked {
            report,
            skipped,
            paths,
        } = stack::check(unit, &src, &sel, unit_index == 0, fix, lang)?;
        failed |= report.diagnostics.iter().any(|d| d.severity >= threshold);
        files_read += report.file_count();
        skipped_count += skipped.len();
        if a.diff {
            continue;
        }
        match a.format {
            Format::Human => {
                ordered.add(&report, lang)?;
                total.add(Totals::of(&report));
            }
            Format::Short => {
                for d in &report.diagnostics {
                    writeln!(stdout, "{}", present::short_line(&report, d, lang))?;
                }
            }
            Format::Github => write!(stdout, "{}", render::github::render(&report, lang, &paths))?,
            Format::Json => json.push(&report, &skipped, lang),
            Format::Sarif => {
                notifications.extend(skipped.into_iter().map(|s| (s.file, s.reason)));
                sarif_units.push((report, paths));
                continue;
            }
        }
        crate::timing::mark("output");
        if unit_index + 1 == unit_count {
            // Freeing every node of a large workspace takes a noticeable part of a run;
            // the process is about to exit.
            std::mem::forget(report);
        } else {
            drop(report);
            crate::mem::release_free_memory();
        }
    }
    if a.fix || a.diff {
        let id = match (a.diff, lang.singular(fix_totals.fixed)) {
            (true, true) => "fix.available.one",
            (true, false) => "fix.available",
            (false, true) => "fix.applied.one",
            (false, false) => "fix.applied",
        };
        if fix_totals.fixed > 0 || a.fix {
            crate::note!(
                "{}",
                diagnose_core::msg!(
                    id,
                    problems = plural(fix_totals.fixed, "count.problem", "count.problems", lang),
                    files = plural(fix_totals.files, "count.file", "count.files", lang)
                )
                .render(lang)
            );
        }
    }
    // Nothing to check is not "no problems": exit code 2 (with --changed, a commit that
    // touches no file diagnose reads is fine).
    let nothing_read = files_read == 0 && !a.changed;
    if a.diff {
        stdout.flush()?;
        return Ok(u8::from(fix_totals.files > 0));
    }
    if a.format == Format::Sarif {
        let units: Vec<render::sarif::Unit> = sarif_units
            .iter()
            .map(|(report, paths)| render::sarif::Unit { report, paths })
            .collect();
        let log = render::sarif::render(&units, lang, render::docs_base(), &notifications);
        writeln!(stdout, "{}", serde_json::to_string_pretty(&log)?)?;
    }
    if nothing_read {
        crate::note!(
            "diagnose: {}",
            nothing_read_message(&a, skipped_count, lang)
        );
        crate::note!(
            "{}{} {}",
            diagnose_core::msg!("word.help").render(lang),
            if lang == Lang::Fr { "\u{a0}:" } else { ":" },
            diagnose_core::msg!("cli.nothing-read.help").render(lang)
        );
    }
    if a.format == Format::Human && !nothing_read {
        ordered.finish(&mut stdout, lang)?;
        writeln!(stdout, "{}", total.summary(lang))?;
    }
    if a.format == Format::Json {
        writeln!(stdout, "{}", json.to_json_pretty(nothing_read))?;
    }
    stdout.flush()?;
    if nothing_read {
        return Ok(2);
    }
    Ok(u8::from(failed))
}

/// The "nothing was checked" message: how many files were there and why none was read.
fn nothing_read_message(a: &CheckArgs, skipped: usize, lang: Lang) -> String {
    let (shown, what) = unread(&a.paths, a.markdown, skipped, lang);
    diagnose_core::msg!("cli.nothing-read", paths = shown, what = what).render(lang)
}

/// Why nothing was read in `paths` (default: the current folder): the files skipped, the
/// files diagnose does not read, the Markdown documents it reads only with `--markdown`;
/// with the paths as shown. Serves `check` and `graph`.
pub(crate) fn unread(
    paths: &[PathBuf],
    markdown_read: bool,
    skipped: usize,
    lang: Lang,
) -> (String, String) {
    let paths: Vec<PathBuf> = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let (mut others, mut markdown) = (0, 0);
    for p in paths.iter().filter(|p| p.is_dir()) {
        let (o, m) = walk::unread(p);
        others += o;
        markdown += m;
    }
    let shown: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
    let mut what = Vec::new();
    if skipped > 0 {
        what.push(plural(
            skipped,
            "cli.nothing-read.skipped.one",
            "cli.nothing-read.skipped",
            lang,
        ));
    }
    if others > 0 {
        what.push(plural(
            others,
            "cli.nothing-read.other",
            "cli.nothing-read.others",
            lang,
        ));
    }
    if markdown > 0 && !markdown_read {
        what.push(plural(
            markdown,
            "cli.nothing-read.markdown.one",
            "cli.nothing-read.markdown",
            lang,
        ));
    }
    if what.is_empty() {
        what.push(diagnose_core::msg!("cli.nothing-read.none").render(lang));
    }
    (shown.join(", "), what.join(", "))
}
