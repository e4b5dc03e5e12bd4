//! `diagnose-core`, the engine of `diagnose`: runs the rules over a stack, applies the
//! configuration, suppressions and fixes, presents the results (JSON shape, ranges, masked
//! secrets) and explains pasted errors. It assembles the message [`catalog`] from the
//! engine's texts and every rule's, and hands it to the renderers.
//!
//! No file-system, process or network access: front ends (the CLI, the web app) hand it
//! `(path, text)` pairs and render the [`Report`] it returns. It builds for
//! `wasm32-unknown-unknown`.
//!
//! Layers, each a crate that can only import the ones below it (ARCHITECTURE.md):
//! `diagnose-syntax` → `diagnose-text` → `diagnose-model` → `diagnose-rules` → `diagnose-core`.
//! The lower layers are re-exported here under their historical paths, so front ends
//! depend on this crate alone.

pub mod catalog;
pub mod config;
pub mod docs;
pub mod explain;
pub mod fix;
pub mod graph;
pub mod present;
pub mod probe;
pub mod suppress;

pub use diagnose_model as model;
pub use diagnose_model::{markdown, promql, secrets, workspace};
pub use diagnose_rules as rules;
pub use diagnose_rules::{diagnostic, registry};
pub use diagnose_syntax as syntax;
pub use diagnose_syntax::{glob, paths, source, strings};
pub use diagnose_text as i18n;
pub use diagnose_text::{msg, texts};

pub use catalog::{Render, TEXT_TABLES};
pub use config::{Level, Options};
pub use diagnostic::{Diagnostic, Severity};
pub use i18n::{Lang, Message};
pub use source::{FileId, Span};
pub use workspace::{Input, SourceFile, Workspace};

use diagnostic::Label;
use model::Stack;
use rules::Ctx;
use std::sync::OnceLock;

/// The result of one analysis.
pub struct Report {
    /// Every file, including files embedded in ConfigMaps (diagnostics never point at
    /// those: their labels are mapped to the manifest that holds them).
    pub workspace: Workspace,
    /// Sorted by file, position and code.
    pub diagnostics: Vec<Diagnostic>,
    /// Where secrets are written (top-level files): outputs mask them.
    pub secrets: Vec<(FileId, Span)>,
    /// Replaces the secret values in any text an output shows (`present::redact`).
    pub redactor: present::Redactor,
    /// The PromQL queries parsed during the analysis, freed with the report rather than
    /// when the analysis ends: a front end about to exit forgets the report, and with it
    /// these (freeing the 4,234 parsed queries of the shared corpus took 5 ms, alone).
    _parsed: promql::ParsedCache,
}

impl Report {
    pub fn file(&self, id: FileId) -> &SourceFile {
        self.workspace.file(id)
    }

    /// Number of top-level files analysed (a Markdown document counts once).
    pub fn file_count(&self) -> usize {
        self.workspace
            .files
            .iter()
            .filter(|f| self.workspace.is_top_level(f.id))
            .count()
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// Analyses a set of files as one stack.
pub fn check(inputs: Vec<Input>, options: &Options) -> Report {
    check_workspace(Workspace::new(inputs), options)
}

/// Analyses files already parsed (for front ends that parse in parallel with
/// [`model::parts::parse_one`] and [`model::parts::merge`]).
pub fn check_workspace(ws: Workspace, options: &Options) -> Report {
    check_workspace_with(ws, options, &Parallel::SEQUENTIAL)
}

/// How a front end with threads does the parallel parts of an analysis. The core has no
/// threads (it builds for wasm32); each function must give what the sequential one gives.
#[derive(Clone, Copy)]
pub struct Parallel {
    /// Parses inputs into the workspace [`Workspace::new`] builds.
    pub parse: fn(Vec<Input>) -> Workspace,
    /// Parses PromQL queries into their slots ([`promql::analyse_all`]).
    pub queries: promql::AnalyseAll,
    /// Runs the secret scan of each document ([`secrets::each_in_turn`]); also works out
    /// the line indexes the diagnostics need.
    pub each: secrets::Each,
    /// Runs the rule passes of the stacks of a split folder and the pass over the whole
    /// folder ([`passes_in_turn`]): `f(0)` to `f(n - 1)`, results in that order.
    pub passes: Passes,
    /// Runs the rules of one pass ([`passes_in_turn`]): `f(0)` to `f(n - 1)`, results
    /// in that order.
    pub rules: Passes,
    /// Called when each phase of the analysis ends, with its name (a front end may time
    /// them: the CLI's `DIAGNOSE_TIMINGS`); does nothing in [`Parallel::SEQUENTIAL`].
    pub phase: fn(&'static str),
}

/// See [`Parallel::passes`].
pub type Passes = fn(usize, &(dyn Fn(usize) -> Vec<Diagnostic> + Sync)) -> Vec<Vec<Diagnostic>>;

/// The rule passes one after the other.
pub fn passes_in_turn(
    n: usize,
    f: &(dyn Fn(usize) -> Vec<Diagnostic> + Sync),
) -> Vec<Vec<Diagnostic>> {
    (0..n).map(f).collect()
}

impl Parallel {
    pub const SEQUENTIAL: Parallel = Parallel {
        parse: Workspace::new,
        queries: promql::analyse_all,
        each: secrets::each_in_turn,
        passes: passes_in_turn,
        rules: passes_in_turn,
        phase: |_| {},
    };
}

/// [`check_workspace`] with the PromQL queries parsed by `par.queries` (on first use by a
/// rule, so never when no PromQL rule runs). Each stack's queries, trees and model are
/// dropped when its rules are done.
pub fn check_workspace_with(mut ws: Workspace, options: &Options, par: &Parallel) -> Report {
    if ws.known_paths.is_none() {
        ws.known_paths = options.known_paths.clone();
    }
    // Stacks side by side (two tutorials, a `broken/` and a `fixed/` copy) are checked
    // each on its own, with the files it mounts (`model::stacks`).
    let all = model::compose::build(&ws);
    let stacks = model::stacks::partition_with(&ws, &all);
    let all: Vec<std::sync::Arc<model::compose::ComposeProject>> =
        all.into_iter().map(std::sync::Arc::new).collect();
    (par.phase)("partition");
    let mut diagnostics = Vec::new();
    // Queries parsed by one stack, reused by the others (dropped with the analysis).
    let parsed = promql::ParsedCache::default();
    if stacks.is_empty() {
        diagnostics = run_rules(Stack::build(&ws), &ws, options, par, &parsed);
    } else {
        let ws = &ws;
        let pass = |part: &model::stacks::Part| {
            let keep = &part.keep;
            let mut found = if part.whole {
                run_rules(Stack::build(ws), ws, options, par, &parsed)
            } else {
                let sub = model::stacks::restricted(ws, keep);
                let mut stack = Stack::build(&sub);
                stack.elsewhere = all
                    .iter()
                    .filter(|p| !stack.compose.iter().any(|q| q.dir == p.dir))
                    .cloned()
                    .collect();
                run_rules(stack, &sub, options, par, &parsed)
            };
            found.retain(|d| keep.get(d.primary.file.0 as usize) == Some(&true));
            found
        };
        // Every pass at once (on several threads when the front end has them), the whole
        // folder's first: it is the longest (every tree, every query), and the stacks'
        // passes fill the other cores meanwhile; a query two passes meet is parsed once
        // (`promql::ParsedCache`).
        let order: Vec<usize> = (0..stacks.len())
            .filter(|&i| stacks[i].whole)
            .chain((0..stacks.len()).filter(|&i| !stacks[i].whole))
            .collect();
        let mut results: Vec<Option<Vec<Diagnostic>>> = vec![None; stacks.len()];
        let found = (par.passes)(order.len(), &|j| pass(&stacks[order[j]]));
        for (j, f) in found.into_iter().enumerate() {
            results[order[j]] = Some(f);
        }
        // In the order of the stacks, whatever order they ran in.
        diagnostics.extend(results.into_iter().flatten().flatten());
    }
    (par.phase)("passes");
    // Point every label at the file the user wrote. Diagnostics about text the engine
    // added (around a Markdown block) are dropped, and so are such labels and fixes.
    diagnostics.retain_mut(|d| {
        if !map_label(&ws, &mut d.primary) {
            return false;
        }
        d.related.retain_mut(|l| map_label(&ws, l));
        if let Some(fix) = &mut d.fix {
            let mut ok = true;
            for e in &mut fix.edits {
                match ws.resolve_written(e.file, e.span) {
                    Some((f, s)) => {
                        e.replacement = reindent(&ws, e.file, &e.replacement);
                        e.file = f;
                        e.span = s;
                    }
                    None => ok = false,
                }
            }
            if !ok {
                d.fix = None;
            }
        }
        true
    });
    diagnostics = apply_path_ignores(&ws, options, diagnostics);
    diagnostics = apply_suppressions(&ws, options, diagnostics);
    demote_test_inputs(&ws, &mut diagnostics);
    diagnostics.sort_by(|a, b| {
        (
            a.primary.file,
            a.primary.span.start,
            a.code,
            a.primary.span.end,
        )
            .cmp(&(
                b.primary.file,
                b.primary.span.start,
                b.code,
                b.primary.span.end,
            ))
    });
    // The same finding from several stacks' passes (a file several stacks use) is shown
    // once, even when other findings at the same place come between its copies.
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    let mut place = 0;
    for d in diagnostics {
        if kept.last().is_some_and(|k| {
            (k.primary.file, k.primary.span, k.code) != (d.primary.file, d.primary.span, d.code)
        }) {
            place = kept.len();
        }
        if !kept[place..]
            .iter()
            .any(|k| k.primary == d.primary && k.message == d.message)
        {
            kept.push(d);
        }
    }
    diagnostics = kept;
    (par.phase)("labels");
    warm_line_indexes(&ws, &diagnostics, par);
    (par.phase)("lines");
    let secrets = match ws.secrets.take() {
        Some(found) => found,
        None => {
            let found = secrets::secret_spans_with(&ws, par.each);
            (par.phase)("secrets");
            found
        }
    };
    let redactor = present::Redactor::new(&ws, &secrets);
    Report {
        workspace: ws,
        diagnostics,
        secrets,
        redactor,
        _parsed: parsed,
    }
}

/// Works out, on all cores, the line index of every file a diagnostic points at: each
/// front end reads them to show lines and columns, one file after the other.
fn warm_line_indexes(ws: &Workspace, diagnostics: &[Diagnostic], par: &Parallel) {
    let mut files: Vec<FileId> = diagnostics
        .iter()
        .flat_map(|d| std::iter::once(d.primary.file).chain(d.related.iter().map(|l| l.file)))
        .collect();
    files.sort_unstable();
    files.dedup();
    (par.each)(files.len(), &|i| {
        ws.file(files[i]).lines();
        Vec::new()
    });
}

/// Every enabled rule over one stack.
fn run_rules(
    stack: Stack,
    ws: &Workspace,
    options: &Options,
    par: &Parallel,
    parsed: &promql::ParsedCache,
) -> Vec<Diagnostic> {
    let queries = OnceLock::new();
    let rules: Vec<(&'static rules::Rule, Severity)> = registry::ALL_RULES
        .iter()
        .filter(|rule| rule.code != registry::UNUSED_SUPPRESSION)
        .filter_map(|rule| match options.level(rule) {
            Level::Off => None,
            Level::On(s) => Some((*rule, s)),
        })
        .collect();
    // The rules are independent: they may run at once (`par.rules`), their findings
    // joined in the registry's order.
    let run = |i: usize| {
        let (rule, severity) = rules[i];
        let mut found = Ctx::new(ws, &stack, &queries, par.queries, parsed, rule).run();
        for d in &mut found {
            // A rule may report a weaker case below its default severity; a level set by
            // the configuration applies to every diagnostic of the rule.
            d.severity = if d.severity < rule.severity && severity == rule.severity {
                d.severity
            } else {
                severity
            };
        }
        found
    };
    // The PromQL rules are one task, handed out first: the first of them finds and parses
    // the queries (the longest chain of a pass; the parse runs on every core), then the
    // others run at once. Handed out on their own, they waited for the queries, each
    // blocking the worker that took it, and ran one after the other at the end of the
    // pass (BENCHMARKS.md, eighth sitting). The other rules are the other tasks.
    let (promql, others): (Vec<usize>, Vec<usize>) =
        (0..rules.len()).partition(|&i| rules[i].0.domain == "promql");
    let found: Vec<std::sync::Mutex<Vec<Diagnostic>>> = (0..rules.len())
        .map(|_| std::sync::Mutex::new(Vec::new()))
        .collect();
    let keep = |i: usize, f: Vec<Diagnostic>| {
        *found[i].lock().unwrap_or_else(|e| e.into_inner()) = f;
    };
    let group = usize::from(!promql.is_empty());
    (par.rules)(group + others.len(), &|t| {
        if t < group {
            keep(promql[0], run(promql[0]));
            let rest = &promql[1..];
            for (&i, f) in rest.iter().zip((par.rules)(rest.len(), &|j| run(rest[j]))) {
                keep(i, f);
            }
        } else {
            keep(others[t - group], run(others[t - group]));
        }
        Vec::new()
    });
    // In the registry's order, whatever order they ran in.
    found
        .into_iter()
        .flat_map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect()
}

fn map_label(ws: &Workspace, l: &mut Label) -> bool {
    match ws.resolve_written(l.file, l.span) {
        Some((f, s)) => {
            l.file = f;
            l.span = s;
            true
        }
        None => false,
    }
}

/// A replacement written into an indented Markdown code block (a list item's) gets the
/// block's indentation on its continuation lines.
fn reindent(ws: &Workspace, file: FileId, replacement: &str) -> String {
    let Some(m) = &ws.file(file).markdown else {
        return replacement.to_string();
    };
    if !replacement.contains('\n') {
        return replacement.to_string();
    }
    let doc = ws.file(m.parent);
    let start = m.map.map(0);
    let line_start = doc.text[..start.min(doc.text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let indent = &doc.text[line_start..start.min(doc.text.len())];
    if indent.is_empty() || !indent.chars().all(|c| c == ' ') {
        return replacement.to_string();
    }
    let mut out = String::new();
    for (i, part) in replacement.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if !part.is_empty() {
                out.push_str(indent);
            }
        }
        out.push_str(part);
    }
    out
}

/// Findings in test inputs (`testdata/`, files of a test folder named as invalid) are
/// shown as infos, with a note saying why: such files are broken on purpose, to test a
/// program that must reject them, and are never part of a running stack.
fn demote_test_inputs(ws: &Workspace, diagnostics: &mut [Diagnostic]) {
    for d in diagnostics
        .iter_mut()
        .filter(|d| d.severity > Severity::Info)
    {
        let path = &ws.file(ws.root_file(d.primary.file)).path;
        let Some(why) = model::kind::test_input(path) else {
            continue;
        };
        d.severity = Severity::Info;
        d.notes.push(match why {
            model::kind::TestInput::Testdata => msg!("check.test-input.testdata", file = path),
            model::kind::TestInput::NamedInvalid => msg!("check.test-input.named", file = path),
        });
    }
}

fn apply_path_ignores(
    ws: &Workspace,
    options: &Options,
    diags: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    if options.path_ignores.is_empty() {
        return diags;
    }
    diags
        .into_iter()
        .filter(|d| {
            let path = &ws.file(d.primary.file).path;
            let rule = registry::by_code(d.code);
            !options.path_ignores.iter().any(|(glob, sels)| {
                glob::glob_match(glob, path)
                    && rule.is_some_and(|r| sels.iter().any(|s| config::selects(s, r)))
            })
        })
        .collect()
}

fn apply_suppressions(
    ws: &Workspace,
    options: &Options,
    diags: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut out = Vec::with_capacity(diags.len());
    let mut meta = Vec::new();
    let mut by_file: std::collections::HashMap<FileId, Vec<(suppress::Suppression, bool)>> =
        Default::default();
    for f in ws
        .files
        .iter()
        .filter(|f| ws.is_top_level(f.id) && f.may_hold_directives())
    {
        by_file.insert(
            f.id,
            suppress::parse_file(&f.path, &f.text)
                .into_iter()
                .map(|s| (s, false))
                .collect(),
        );
    }
    for d in diags {
        let Some(sups) = by_file.get_mut(&d.primary.file) else {
            out.push(d);
            continue;
        };
        let file = ws.file(d.primary.file);
        let line = file
            .lines()
            .line_col(&file.text, d.primary.span.start as usize)
            .line as usize
            - 1;
        let rule = registry::by_code(d.code);
        let mut suppressed = false;
        for (s, used) in sups.iter_mut() {
            let line_ok = s.target_line.is_none_or(|t| t == line);
            if line_ok
                && rule.is_some_and(|r| s.selectors.iter().any(|sel| config::selects(sel, r)))
            {
                *used = true;
                suppressed = s.has_reason;
            }
        }
        if !suppressed {
            out.push(d);
        }
    }
    let unused = registry::by_code(registry::UNUSED_SUPPRESSION).unwrap();
    let unused_level = options.level(unused);
    for (file, sups) in by_file {
        for (s, used) in sups {
            if !s.has_reason {
                meta.push(registry::meta_diagnostic(
                    unused,
                    file,
                    s.span,
                    msg!("suppression.no-reason"),
                ));
                continue;
            }
            for sel in &s.selectors {
                if !registry::ALL_RULES.iter().any(|r| config::selects(sel, r)) {
                    meta.push(registry::meta_diagnostic(
                        unused,
                        file,
                        s.span,
                        msg!("suppression.unknown-rule", rule = sel),
                    ));
                }
            }
            let all_enabled = s.selectors.iter().all(|sel| {
                registry::ALL_RULES
                    .iter()
                    .filter(|r| config::selects(sel, r))
                    .all(|r| options.level(r) != Level::Off)
            });
            if !used && all_enabled {
                let mut d = registry::meta_diagnostic(
                    unused,
                    file,
                    s.span,
                    msg!("suppression.unused", rule = s.selectors.join(", ")),
                );
                d.help = Some(msg!("suppression.unused.help"));
                meta.push(d);
            }
        }
    }
    if let Level::On(sev) = unused_level {
        for mut d in meta {
            d.severity = sev;
            out.push(d);
        }
    }
    out
}
