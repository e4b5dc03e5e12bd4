//! Applying the fixes of diagnostics to the files' texts (no I/O: front ends write).
//!
//! Edits are byte-range replacements on the text the user wrote, so comments, quoting and
//! layout outside the replaced ranges stay as they are. Fixes are applied in rounds: each
//! round checks the files, applies every fix that does not overlap one already taken, and
//! the next round re-checks the fixed files, until no fix applies (convergence), the texts
//! come back to an earlier state (a cycle) or [`MAX_ROUNDS`] is reached. A file with a
//! parse error is never edited, and an edit that would leave a file unparsable is undone.

use crate::{Options, Report};
use diagnose_model::workspace::{Input, Workspace};
use diagnose_rules::diagnostic::Applicability;
use diagnose_syntax::source::{FileId, Span};
use diagnose_text::Message;
use std::collections::{HashMap, HashSet};

/// Rounds of check-and-fix before giving up on convergence.
pub const MAX_ROUNDS: usize = 10;

#[derive(Clone, Debug, Default)]
pub struct FixOptions {
    /// Also apply fixes marked [`Applicability::Unsafe`].
    pub unsafe_fixes: bool,
    /// Only edit these paths (`None`: any input).
    pub only: Option<HashSet<String>>,
}

/// One fix that was applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    pub code: &'static str,
    /// The file of the diagnostic.
    pub path: String,
    pub title: Message,
}

pub struct FixOutcome {
    /// The inputs with every applied fix.
    pub inputs: Vec<Input>,
    pub applied: Vec<Applied>,
    /// Rounds that applied at least one fix.
    pub rounds: usize,
    /// False when fixes were still applicable after [`MAX_ROUNDS`] or went round in a
    /// cycle.
    pub converged: bool,
    /// Files whose fixes were undone because they left the file unparsable.
    pub reverted: Vec<String>,
    /// The check of the final texts.
    pub report: Report,
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start == b.start || (a.start < b.end && b.start < a.end)
}

/// Applies edits (non-overlapping, any order) to a text. Line breaks of the replacement
/// follow the text's (`\r\n` files stay `\r\n`).
pub fn apply_edits(text: &str, edits: &[(Span, String)]) -> String {
    let crlf = text.contains("\r\n");
    let mut sorted: Vec<&(Span, String)> = edits.iter().collect();
    sorted.sort_by_key(|(s, _)| (s.start, s.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0usize;
    for (span, rep) in sorted {
        let (start, end) = (span.start as usize, span.end as usize);
        if start < at
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        out.push_str(&text[at..start]);
        if crlf {
            out.push_str(&rep.replace("\r\n", "\n").replace('\n', "\r\n"));
        } else {
            out.push_str(rep);
        }
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

fn has_parse_error(input: &Input) -> bool {
    !Workspace::new(vec![input.clone()]).parse_errors.is_empty()
}

/// Checks `inputs` as one stack and applies their fixes until none applies.
pub fn fix(inputs: Vec<Input>, options: &Options, fo: &FixOptions) -> FixOutcome {
    fix_with(inputs, options, fo, &crate::Parallel::SEQUENTIAL)
}

/// [`fix`] with the parsing of each round done as `par` says (a front end with threads
/// gives its own).
pub fn fix_with(
    inputs: Vec<Input>,
    options: &Options,
    fo: &FixOptions,
    par: &crate::Parallel,
) -> FixOutcome {
    let check = |inputs: Vec<Input>, options: &Options| -> Report {
        crate::check_workspace_with((par.parse)(inputs), options, par)
    };
    let mut texts = inputs;
    let mut applied = Vec::new();
    let mut reverted: Vec<String> = Vec::new();
    let mut seen: HashSet<Vec<String>> = HashSet::new();
    seen.insert(texts.iter().map(|i| i.text.clone()).collect());
    let mut rounds = 0;
    loop {
        let report = check(texts.clone(), options);
        if rounds >= MAX_ROUNDS {
            return outcome(texts, applied, rounds, false, reverted, report);
        }
        let ws = &report.workspace;
        let broken: HashSet<FileId> = ws
            .parse_errors
            .iter()
            .map(|(f, _)| ws.root_file(*f))
            .collect();
        let index: HashMap<&str, usize> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (t.path.as_str(), i))
            .collect();
        let mut chosen: HashMap<usize, Vec<(Span, String)>> = HashMap::new();
        let mut round_applied = Vec::new();
        'diags: for d in &report.diagnostics {
            let Some(fix) = &d.fix else { continue };
            if fix.edits.is_empty()
                || (fix.applicability == Applicability::Unsafe && !fo.unsafe_fixes)
            {
                continue;
            }
            let mut targets = Vec::new();
            for e in &fix.edits {
                let path = ws.file(e.file).path.as_str();
                let Some(&i) = index.get(path) else {
                    continue 'diags;
                };
                if broken.contains(&e.file)
                    || reverted.iter().any(|r| r == path)
                    || fo.only.as_ref().is_some_and(|o| !o.contains(path))
                {
                    continue 'diags;
                }
                if let Some(taken) = chosen.get(&i) {
                    if taken
                        .iter()
                        .any(|(s, r)| *s == e.span && *r == e.replacement)
                    {
                        // The same edit from a duplicate diagnostic: already counted.
                        continue 'diags;
                    }
                    if taken.iter().any(|(s, _)| overlaps(*s, e.span)) {
                        continue 'diags;
                    }
                }
                targets.push((i, e.span, e.replacement.clone()));
            }
            let files: Vec<usize> = targets.iter().map(|t| t.0).collect();
            for (i, s, r) in targets {
                chosen.entry(i).or_default().push((s, r));
            }
            round_applied.push((
                Applied {
                    code: d.code,
                    path: ws.file(d.primary.file).path.clone(),
                    title: fix.title.clone(),
                },
                files,
            ));
        }
        if chosen.is_empty() {
            return outcome(texts, applied, rounds, true, reverted, report);
        }
        let mut next = texts.clone();
        for (i, edits) in &chosen {
            let new = Input {
                path: next[*i].path.clone(),
                text: apply_edits(&next[*i].text, edits),
            };
            if has_parse_error(&new) {
                // A fix must never break a file: keep it as it was, and fix it no more.
                reverted.push(new.path.clone());
                round_applied.retain(|(_, files)| !files.contains(i));
                continue;
            }
            next[*i] = new;
        }
        rounds += 1;
        applied.extend(round_applied.into_iter().map(|(a, _)| a));
        if !seen.insert(next.iter().map(|i| i.text.clone()).collect()) {
            // Back to an earlier state: the fixes undo each other.
            let report = check(next.clone(), options);
            return outcome(next, applied, rounds, false, reverted, report);
        }
        texts = next;
    }
}

fn outcome(
    inputs: Vec<Input>,
    applied: Vec<Applied>,
    rounds: usize,
    converged: bool,
    reverted: Vec<String>,
    report: Report,
) -> FixOutcome {
    FixOutcome {
        inputs,
        applied,
        rounds,
        converged,
        reverted,
        report,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_keep_everything_else() {
        let t = "a: 1 # keep\nb:   'x'\n";
        let out = apply_edits(
            t,
            &[
                (Span::new(3, 4), "2".into()),
                (Span::new(17, 20), "'y'".into()),
            ],
        );
        assert_eq!(out, "a: 2 # keep\nb:   'y'\n");
    }

    #[test]
    fn crlf_files_stay_crlf() {
        let t = "a: 1\r\nb: 2\r\n";
        let out = apply_edits(t, &[(Span::new(6, 6), "x: 0\n".into())]);
        assert_eq!(out, "a: 1\r\nx: 0\r\nb: 2\r\n");
    }

    fn stack(ds: &str) -> Vec<Input> {
        vec![
            Input::new(
                "docker-compose.yml",
                "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./grafana/provisioning:/etc/grafana/provisioning\n",
            ),
            Input::new("grafana/provisioning/datasources/ds.yml", ds),
        ]
    }

    #[test]
    fn net001_fix_converges_and_keeps_comments() {
        let ds = "apiVersion: 1\ndatasources:\n  - name: Prometheus # main\n    type: prometheus\n    url: http://localhost:9090 # was localhost\n";
        let out = fix(stack(ds), &Options::default(), &FixOptions::default());
        assert!(out.converged);
        assert_eq!(out.rounds, 1);
        assert_eq!(out.applied.len(), 1);
        assert_eq!(out.applied[0].code, "NET001");
        assert_eq!(
            out.inputs[1].text,
            "apiVersion: 1\ndatasources:\n  - name: Prometheus # main\n    type: prometheus\n    url: http://prometheus:9090 # was localhost\n"
        );
        assert!(out.report.diagnostics.iter().all(|d| d.code != "NET001"));
        assert_eq!(out.inputs[0].text, stack(ds)[0].text);
    }

    #[test]
    fn files_with_parse_errors_are_not_fixed() {
        let ds = "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    url: http://localhost:9090\n  bad: [\n";
        let out = fix(stack(ds), &Options::default(), &FixOptions::default());
        assert!(out.applied.is_empty());
        assert_eq!(out.inputs[1].text, ds);
    }

    #[test]
    fn only_restricts_the_files_edited() {
        let ds =
            "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    url: http://localhost:9090\n";
        let fo = FixOptions {
            only: Some(["docker-compose.yml".to_string()].into_iter().collect()),
            ..FixOptions::default()
        };
        let out = fix(stack(ds), &Options::default(), &fo);
        assert!(out.applied.is_empty());
    }

    #[test]
    fn markdown_blocks_are_fixed_in_the_document() {
        let md = "# Tuto\n\nCreate `docker-compose.yml`:\n\n```yaml\nservices:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./grafana/provisioning:/etc/grafana/provisioning\n```\n\n1. Create `grafana/provisioning/datasources/ds.yml`:\n   ```yaml\n   apiVersion: 1\n   datasources:\n     - name: Prometheus\n       url: http://localhost:9090\n   ```\n";
        let out = fix(
            vec![Input::new("guide.md", md)],
            &Options::default(),
            &FixOptions::default(),
        );
        assert_eq!(out.applied.len(), 1);
        assert_eq!(
            out.inputs[0].text,
            md.replace("http://localhost:9090", "http://prometheus:9090")
        );
        assert!(out.converged);
    }
}
