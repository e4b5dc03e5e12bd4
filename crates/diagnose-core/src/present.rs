//! What every front end needs to show a report: positions, the versioned JSON shape, the
//! one-line format. Rendering with source snippets lives in the CLI; the web app renders
//! its own widgets from [`JsonDiagnostic`].

use crate::Render;
use crate::Report;
use diagnose_rules::diagnostic::{Diagnostic, Label};
use diagnose_syntax::source::{FileId, Span};
use diagnose_text::{Lang, Message};
use serde::Serialize;

mod write;
pub use write::write_diagnostic;

/// Version of the JSON output. Bumped on any incompatible change.
pub const JSON_VERSION: u32 = 1;

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct JsonRelated {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub message: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct JsonEdit {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub replacement: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct JsonFix {
    pub title: String,
    pub applicability: diagnose_rules::diagnostic::Applicability,
    pub edits: Vec<JsonEdit>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct JsonDiagnostic {
    pub code: &'static str,
    pub rule: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub notes: Vec<String>,
    pub help: Option<String>,
    pub related: Vec<JsonRelated>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<JsonFix>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct JsonSummary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct JsonReport {
    pub version: u32,
    pub diagnostics: Vec<JsonDiagnostic>,
    pub summary: JsonSummary,
}

/// Start and end positions (1-based line, column in characters) of a span.
pub fn range(report: &Report, file: FileId, span: Span) -> (u32, u32, u32, u32) {
    let f = report.file(file);
    let a = f.lines().line_col(&f.text, span.start as usize);
    let b = f.lines().line_col(&f.text, span.end as usize);
    (a.line, a.column, b.line, b.column)
}

fn related(report: &Report, l: &Label, lang: Lang) -> JsonRelated {
    let (line, column, end_line, end_column) = range(report, l.file, l.span);
    JsonRelated {
        file: report.file(l.file).path.clone(),
        line,
        column,
        end_line,
        end_column,
        message: l
            .message
            .as_ref()
            .map(|m| render_redacted(report, m, lang))
            .unwrap_or_default(),
    }
}

pub fn json_diagnostic(report: &Report, d: &Diagnostic, lang: Lang) -> JsonDiagnostic {
    let (line, column, end_line, end_column) = range(report, d.primary.file, d.primary.span);
    JsonDiagnostic {
        code: d.code,
        rule: d.rule,
        severity: d.severity.as_str(),
        message: render_redacted(report, &d.message, lang),
        file: report.file(d.primary.file).path.clone(),
        line,
        column,
        end_line,
        end_column,
        notes: d
            .notes
            .iter()
            .map(|n| render_redacted(report, n, lang))
            .collect(),
        help: d.help.as_ref().map(|h| render_redacted(report, h, lang)),
        related: d.related.iter().map(|l| related(report, l, lang)).collect(),
        fix: d.fix.as_ref().map(|f| JsonFix {
            title: render_redacted(report, &f.title, lang),
            applicability: f.applicability,
            edits: f
                .edits
                .iter()
                .map(|e| {
                    let (line, column, end_line, end_column) = range(report, e.file, e.span);
                    JsonEdit {
                        file: report.file(e.file).path.clone(),
                        line,
                        column,
                        end_line,
                        end_column,
                        replacement: redact(report, &e.replacement),
                    }
                })
                .collect(),
        }),
    }
}

pub fn json_report(report: &Report, lang: Lang) -> JsonReport {
    JsonReport {
        version: JSON_VERSION,
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| json_diagnostic(report, d, lang))
            .collect(),
        summary: JsonSummary {
            files: report.file_count(),
            errors: report.count(crate::Severity::Error),
            warnings: report.count(crate::Severity::Warning),
            infos: report.count(crate::Severity::Info),
        },
    }
}

/// `file:line:col: severity[CODE] message` — the format of rule pages' `expect` blocks.
pub fn short_line(report: &Report, d: &Diagnostic, lang: Lang) -> String {
    let (line, column, _, _) = range(report, d.primary.file, d.primary.span);
    format!(
        "{}:{}:{}: {}[{}] {}",
        report.file(d.primary.file).path,
        line,
        column,
        d.severity.as_str(),
        d.code,
        render_redacted(report, &d.message, lang)
    )
}

/// Secret values shorter than this are masked in source snippets but not searched for in
/// messages (replacing every `abc` of a message would garble it).
pub const MIN_REDACTED_LEN: usize = 4;

/// Values written where a secret goes that reveal nothing: well-known defaults (a rule
/// may name Grafana's `admin`/`admin`) and references to variables or files. Source
/// snippets still mask them; messages keep them, so that prose stays readable.
fn is_public_value(v: &str) -> bool {
    const DEFAULTS: [&str; 14] = [
        "admin",
        "password",
        "secret",
        "changeme",
        "change-me",
        "prom-operator",
        "grafana",
        "prometheus",
        "root",
        "guest",
        "test",
        "default",
        "example",
        "true",
    ];
    DEFAULTS.iter().any(|d| v.eq_ignore_ascii_case(d))
        || v.starts_with("${")
        || v.starts_with("$__")
        || (v.starts_with('$')
            && v[1..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_'))
}

/// Finds the secret values written in the analysed files inside any text (a rendered
/// message, note, help or label) and replaces them by `****`. Built once per report
/// ([`Report::redactor`]); linear in the length of the text whatever the number of
/// secrets (values are indexed by their first bytes).
#[derive(Clone, Debug, Default)]
pub struct Redactor {
    /// Longest first.
    values: Vec<String>,
    by_prefix: std::collections::HashMap<[u8; MIN_REDACTED_LEN], Vec<usize>>,
}

impl Redactor {
    pub fn new(ws: &crate::Workspace, secrets: &[(FileId, Span)]) -> Redactor {
        let mut values: Vec<&str> = Vec::new();
        for (file, span) in secrets {
            let raw = ws.file(*file).slice(*span);
            let unquoted = raw
                .strip_prefix('"')
                .and_then(|r| r.strip_suffix('"'))
                .or_else(|| raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))
                .unwrap_or(raw);
            for v in [raw.trim(), unquoted.trim()] {
                if v.len() >= MIN_REDACTED_LEN && !is_public_value(v) {
                    values.push(v);
                }
            }
        }
        values.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        values.dedup();
        let values: Vec<String> = values.into_iter().map(str::to_string).collect();
        let mut by_prefix: std::collections::HashMap<_, Vec<usize>> = Default::default();
        for (i, v) in values.iter().enumerate() {
            let mut key = [0u8; MIN_REDACTED_LEN];
            key.copy_from_slice(&v.as_bytes()[..MIN_REDACTED_LEN]);
            by_prefix.entry(key).or_default().push(i);
        }
        Redactor { values, by_prefix }
    }

    /// The secret values, longest first.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.values.iter().map(String::as_str)
    }

    /// `text` with every secret value replaced by `****` (leftmost, longest first).
    pub fn redact(&self, text: &str) -> String {
        if self.values.is_empty() || text.len() < MIN_REDACTED_LEN {
            return text.to_string();
        }
        let b = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let mut i = 0;
        while i + MIN_REDACTED_LEN <= b.len() {
            let mut key = [0u8; MIN_REDACTED_LEN];
            key.copy_from_slice(&b[i..i + MIN_REDACTED_LEN]);
            // Candidates are sorted longest first.
            let hit = self.by_prefix.get(&key).and_then(|c| {
                c.iter()
                    .map(|&k| self.values[k].as_str())
                    .find(|v| b[i..].starts_with(v.as_bytes()))
            });
            let hit = hit.filter(|v| !inside_a_word_or_path(b, i, v));
            match hit {
                Some(v) => {
                    out.push_str(&text[copied..i]);
                    out.push_str("****");
                    i += v.len();
                    copied = i;
                }
                None => i += 1,
            }
        }
        out.push_str(&text[copied..]);
        out
    }
}

/// A short value made of letters, digits, `-` and `_` (a password such as `airflow` or
/// `postgres`) found at `b[i..]` inside a longer word (`postgresql`), as a URL scheme
/// (`postgres://`), a label of a dotted name (`host.docker.internal`) or a component of a
/// path (`./airflow/logs`): such an occurrence is a
/// coincidence, not the secret, and masking it would garble the text. Longer or less
/// regular values are masked wherever they are.
fn inside_a_word_or_path(b: &[u8], i: usize, v: &str) -> bool {
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
    if v.len() >= 16 || !v.bytes().all(word) {
        return false;
    }
    let end = i + v.len();
    let before = i.checked_sub(1).map(|k| b[k]);
    let after = b.get(end).copied();
    if before.is_some_and(word) || after.is_some_and(word) || b[end..].starts_with(b"://") {
        return true;
    }
    // A label of a dotted name (`host.docker.internal`, `db.postgres.local`): a dot with a
    // word on its other side.
    let dotted = |dot: Option<usize>| dot.is_some_and(|k| b.get(k) == Some(&b'.'));
    if (dotted(i.checked_sub(1)) && i >= 2 && word(b[i - 2]))
        || (dotted(Some(end)) && b.get(end + 1).is_some_and(|&c| word(c)))
    {
        return true;
    }
    // Between slashes, or a slash on one side and the text's end, a space, a quote or a
    // bracket on the other.
    let edge =
        |c: Option<u8>| c.is_none_or(|c| c.is_ascii_whitespace() || b"`'\"(),.".contains(&c));
    (before == Some(b'/') && (after == Some(b'/') || edge(after)))
        || (after == Some(b'/') && edge(before))
}

/// The secret values written in the analysed files, longest first.
pub fn secret_values(report: &Report) -> Vec<&str> {
    report.redactor.values().collect()
}

/// `text` (a rendered message, note, help or label) with every secret value written in
/// the analysed files replaced by `****`. Every output applies it, so a rule that puts a
/// value into a message can never print a password.
pub fn redact(report: &Report, text: &str) -> String {
    report.redactor.redact(text)
}

/// A message in `lang` with the secret values in its arguments replaced by `****`: the
/// arguments are what a rule took from the files; the catalogue's own words hold no
/// secret, and are never masked (a password `reading` would otherwise show as `****` in
/// every text that says "reading").
pub fn render_redacted(report: &Report, m: &Message, lang: Lang) -> String {
    if report.redactor.values.is_empty() {
        return m.render(lang);
    }
    Message {
        id: m.id,
        args: m
            .args
            .iter()
            .map(|(k, v)| (*k, report.redactor.redact(v)))
            .collect(),
    }
    .render(lang)
}

/// One line (0-based) of a file with its secrets masked, for source snippets; cheaper
/// than [`masked_text`] for a single line of a large file.
pub fn masked_line(report: &Report, file: FileId, line: usize) -> String {
    let f = report.file(file);
    let start = f.lines().line_start(line).min(f.text.len());
    let end = f.text[start..]
        .find('\n')
        .map_or(f.text.len(), |e| start + e);
    let spans: Vec<Span> = report
        .secrets
        .iter()
        .filter(|(id, s)| *id == file && (s.start as usize) < end && (s.end as usize) > start)
        .map(|(_, s)| {
            Span::new(
                (s.start as usize).max(start) - start,
                (s.end as usize).min(end) - start,
            )
        })
        .collect();
    diagnose_model::secrets::mask(&f.text[start..end], &spans)
}

/// The text of a file with its secrets masked, for any output that shows source.
pub fn masked_text(report: &Report, file: FileId) -> String {
    let spans: Vec<Span> = report
        .secrets
        .iter()
        .filter(|(f, _)| *f == file)
        .map(|(_, s)| *s)
        .collect();
    diagnose_model::secrets::mask(&report.file(file).text, &spans)
}

// --- What both faces show around the diagnostics ----------------------------------------

/// A file, or a Markdown code block, that was not analysed, with its reason rendered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub file: String,
    pub reason: String,
}

/// Why a file was not read (the front end reads; the core words it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    NotRegular,
    TooLarge {
        mb: u64,
    },
    Binary,
    /// Invalid UTF-8 at this byte offset.
    NotUtf8 {
        offset: usize,
    },
    /// The system's own words (an I/O error).
    Io(String),
}

impl SkipReason {
    pub fn render(&self, lang: Lang) -> String {
        match self {
            SkipReason::NotRegular => crate::msg!("skip.not-regular").render(lang),
            SkipReason::TooLarge { mb } => crate::msg!("skip.too-large", mb = mb).render(lang),
            SkipReason::Binary => crate::msg!("skip.binary").render(lang),
            SkipReason::NotUtf8 { offset } => {
                crate::msg!("skip.not-utf8", offset = offset).render(lang)
            }
            SkipReason::Io(e) => e.clone(),
        }
    }
}

/// The note printed for a skipped file (`note: skipped FILE: REASON`).
pub fn skipped_note(s: &Skipped, lang: Lang) -> String {
    crate::msg!("cli.skipped", file = s.file, reason = s.reason).render(lang)
}

/// Why a Markdown code block was not read.
pub fn markdown_skip_message(s: &diagnose_model::markdown::Skipped) -> crate::Message {
    use diagnose_model::markdown::SkipReason as R;
    let name = s.name.clone().unwrap_or_default();
    match &s.reason {
        R::Partial { line } => {
            crate::msg!("markdown.skipped-partial", line = s.line, marker = line)
        }
        R::Excerpt => crate::msg!("markdown.skipped-excerpt", line = s.line, name = name),
        R::JsonFragment => crate::msg!("markdown.skipped-json-fragment", line = s.line),
        R::Notation => crate::msg!("markdown.skipped-notation", line = s.line),
        R::Transcript => crate::msg!("markdown.skipped-transcript", line = s.line),
        R::Outputs => crate::msg!("markdown.skipped-outputs", line = s.line),
        R::Alternative { to_line } => crate::msg!(
            "markdown.skipped-alternative",
            line = s.line,
            other = to_line
        ),
        R::Mislabelled { tag, holds } => {
            use diagnose_model::markdown::Holds as H;
            let (line, tag) = (s.line, tag.clone());
            match holds {
                H::PromQL => crate::msg!(
                    "markdown.skipped-mislabelled-promql",
                    line = line,
                    tag = tag
                ),
                H::Samples => crate::msg!(
                    "markdown.skipped-mislabelled-samples",
                    line = line,
                    tag = tag
                ),
                H::Shell => {
                    crate::msg!("markdown.skipped-mislabelled-shell", line = line, tag = tag)
                }
                H::Prose => {
                    crate::msg!("markdown.skipped-mislabelled-prose", line = line, tag = tag)
                }
                H::Yaml => crate::msg!("markdown.skipped-mislabelled-yaml", line = line, tag = tag),
                H::Formulas => crate::msg!(
                    "markdown.skipped-mislabelled-formulas",
                    line = line,
                    tag = tag
                ),
            }
        }
        R::Superseded { by_line } => crate::msg!(
            "markdown.skipped-superseded",
            line = s.line,
            by = by_line,
            name = name
        ),
    }
}

/// The Markdown code blocks of a report that were not read, each under its document's
/// path as `shown` maps it (the path on disk; the report's path when absent).
pub fn markdown_skipped(
    report: &Report,
    shown: &std::collections::HashMap<String, String>,
    lang: Lang,
) -> Vec<Skipped> {
    report
        .workspace
        .markdown_skipped
        .iter()
        .map(|(doc, s)| {
            let file = report.file(*doc).path.clone();
            Skipped {
                file: shown.get(&file).cloned().unwrap_or(file),
                reason: markdown_skip_message(s).render(lang),
            }
        })
        .collect()
}

/// The word of a severity (`error`, `avertissement`…).
pub fn severity_word(severity: crate::Severity, lang: Lang) -> String {
    let id = match severity {
        crate::Severity::Error => "severity.error",
        crate::Severity::Warning => "severity.warning",
        crate::Severity::Info => "severity.info",
    };
    crate::msg!(id).render(lang)
}

/// `n` with the singular or plural message (`1 file`, `2 fichiers`), by the language's
/// rule (French: 0 and 1 take the singular).
pub fn plural(n: usize, one: &'static str, many: &'static str, lang: Lang) -> String {
    let id = if lang.singular(n) { one } else { many };
    crate::msg!(id, n = n).render(lang)
}

/// What a run found, summed over its stacks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Totals {
    pub fn of(report: &Report) -> Totals {
        Totals {
            files: report.file_count(),
            errors: report.count(crate::Severity::Error),
            warnings: report.count(crate::Severity::Warning),
            infos: report.count(crate::Severity::Info),
        }
    }

    pub fn add(&mut self, o: Totals) {
        self.files += o.files;
        self.errors += o.errors;
        self.warnings += o.warnings;
        self.infos += o.infos;
    }

    /// The last line of the human output: `1 error, 2 warnings, 0 infos in 3 files`.
    pub fn summary(&self, lang: Lang) -> String {
        let files = plural(self.files, "count.file", "count.files", lang);
        if self.errors + self.warnings + self.infos == 0 {
            return crate::msg!("summary.none", files = files).render(lang);
        }
        crate::msg!(
            "summary.counts",
            errors = plural(self.errors, "count.error", "count.errors", lang),
            warnings = plural(self.warnings, "count.warning", "count.warnings", lang),
            infos = plural(self.infos, "count.info", "count.infos", lang),
            files = files
        )
        .render(lang)
    }
}

/// The JSON document of a run (`--format json`): the diagnostics of every stack, their
/// summary, the files not read and whether anything was read at all.
#[derive(Debug)]
pub struct JsonDocument {
    report: JsonReport,
    skipped: Vec<Skipped>,
}

impl Default for JsonDocument {
    fn default() -> Self {
        JsonDocument {
            report: JsonReport {
                version: JSON_VERSION,
                diagnostics: Vec::new(),
                summary: JsonSummary {
                    files: 0,
                    errors: 0,
                    warnings: 0,
                    infos: 0,
                },
            },
            skipped: Vec::new(),
        }
    }
}

impl JsonDocument {
    /// Adds one stack's report and the files it did not read.
    pub fn push(&mut self, report: &Report, skipped: &[Skipped], lang: Lang) {
        let r = json_report(report, lang);
        self.report.diagnostics.extend(r.diagnostics);
        let s = &mut self.report.summary;
        s.files += r.summary.files;
        s.errors += r.summary.errors;
        s.warnings += r.summary.warnings;
        s.infos += r.summary.infos;
        self.skipped.extend_from_slice(skipped);
    }

    pub fn to_value(&self, nothing_read: bool) -> serde_json::Value {
        let mut v = serde_json::to_value(&self.report).unwrap_or_default();
        v["skipped"] = serde_json::to_value(&self.skipped).unwrap_or_default();
        v["nothing_read"] = serde_json::Value::Bool(nothing_read);
        v
    }
}

/// The infos of a run summarised by rule (a learner reads errors and warnings first): for
/// each rule, how many infos and where the first ones are.
#[derive(Debug, Default)]
pub struct InfoDigest {
    /// By rule code.
    groups: std::collections::BTreeMap<&'static str, InfoGroup>,
}

#[derive(Debug)]
pub struct InfoGroup {
    pub code: &'static str,
    pub count: usize,
    /// `file:line:column: message` of the first [`InfoDigest::SHOWN`] infos.
    pub shown: Vec<String>,
}

impl InfoDigest {
    /// Infos of a rule listed one by one; the others are counted.
    pub const SHOWN: usize = 3;

    pub fn add(&mut self, report: &Report, d: &Diagnostic, lang: Lang) {
        let g = self.groups.entry(d.code).or_insert(InfoGroup {
            code: d.code,
            count: 0,
            shown: Vec::new(),
        });
        g.count += 1;
        if g.shown.len() < Self::SHOWN {
            let (line, column, _, _) = range(report, d.primary.file, d.primary.span);
            g.shown.push(format!(
                "{}:{line}:{column}: {}",
                report.file(d.primary.file).path,
                render_redacted(report, &d.message, lang)
            ));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The groups, by rule code.
    pub fn groups(&self) -> impl Iterator<Item = &InfoGroup> {
        self.groups.values()
    }
}

/// A place in a file as both faces point at it: 1-based line and column (in characters)
/// for people, and UTF-16 offsets for a browser's text area (which counts UTF-16 units).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub start_utf16: u32,
    pub end_utf16: u32,
}

fn utf16_offset(text: &str, byte: usize) -> u32 {
    let mut b = byte.min(text.len());
    while b > 0 && !text.is_char_boundary(b) {
        b -= 1;
    }
    text[..b].encode_utf16().count() as u32
}

/// Where `span` of `file` is.
pub fn position(report: &Report, file: FileId, span: Span) -> Position {
    let f = report.file(file);
    let lc = f.lines().line_col(&f.text, span.start as usize);
    Position {
        file: f.path.clone(),
        line: lc.line,
        column: lc.column,
        start_utf16: utf16_offset(&f.text, span.start as usize),
        end_utf16: utf16_offset(&f.text, span.end as usize),
    }
}
