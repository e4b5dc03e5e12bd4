//! Diagnostics are data: what (message), where (labels), why (notes), what to do (help, fix).

use diagnose_syntax::source::{FileId, Span};
use diagnose_text::Message;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    pub message: Option<Message>,
}

/// How safe a fix is to apply without review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    Safe,
    Unsafe,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Edit {
    pub file: FileId,
    pub span: Span,
    pub replacement: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    pub title: Message,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub rule: &'static str,
    pub severity: Severity,
    pub message: Message,
    pub primary: Label,
    pub related: Vec<Label>,
    pub notes: Vec<Message>,
    pub help: Option<Message>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn related(&mut self, file: FileId, span: Span, message: Message) -> &mut Self {
        self.related.push(Label {
            file,
            span,
            message: Some(message),
        });
        self
    }
    pub fn note(&mut self, note: Message) -> &mut Self {
        self.notes.push(note);
        self
    }
    pub fn help(&mut self, help: Message) -> &mut Self {
        self.help = Some(help);
        self
    }
    pub fn fix(
        &mut self,
        title: Message,
        applicability: Applicability,
        edits: Vec<Edit>,
    ) -> &mut Self {
        self.fix = Some(Fix {
            title,
            applicability,
            edits,
        });
        self
    }
}
