//! What every front end needs to show a report: positions, the versioned JSON shape, the
//! one-line format. Rendering with source snippets lives in the CLI; the web app renders
//! its own widgets from [`JsonDiagnostic`].

use crate::diagnostic::{Diagnostic, Label};
use crate::i18n::Lang;
use crate::source::{FileId, Span};
use crate::Report;
use serde::Serialize;

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
    pub applicability: crate::diagnostic::Applicability,
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
    let a = f.lines.line_col(&f.text, span.start as usize);
    let b = f.lines.line_col(&f.text, span.end as usize);
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
            .map(|m| m.render(lang))
            .unwrap_or_default(),
    }
}

pub fn json_diagnostic(report: &Report, d: &Diagnostic, lang: Lang) -> JsonDiagnostic {
    let (line, column, end_line, end_column) = range(report, d.primary.file, d.primary.span);
    JsonDiagnostic {
        code: d.code,
        rule: d.rule,
        severity: d.severity.as_str(),
        message: d.message.render(lang),
        file: report.file(d.primary.file).path.clone(),
        line,
        column,
        end_line,
        end_column,
        notes: d.notes.iter().map(|n| n.render(lang)).collect(),
        help: d.help.as_ref().map(|h| h.render(lang)),
        related: d.related.iter().map(|l| related(report, l, lang)).collect(),
        fix: d.fix.as_ref().map(|f| JsonFix {
            title: f.title.render(lang),
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
                        replacement: e.replacement.clone(),
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
        d.message.render(lang)
    )
}

/// The text of a file with its secrets masked, for any output that shows source.
pub fn masked_text(report: &Report, file: FileId) -> String {
    let spans: Vec<Span> = report
        .secrets
        .iter()
        .filter(|(f, _)| *f == file)
        .map(|(_, s)| *s)
        .collect();
    crate::secrets::mask(&report.file(file).text, &spans)
}
