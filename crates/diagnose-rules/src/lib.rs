//! `diagnose-rules`: the rules and the context they run in. Each rule is one file: its identity, its messages
//! (English and French) and its `check` function. Rules run once per analysis and see the
//! whole stack, so cross-file rules are ordinary rules.

use crate::diagnostic::{Diagnostic, Label, Severity};
use diagnose_model::promql::Query;
use diagnose_model::workspace::Workspace;
use diagnose_model::Stack;
use diagnose_syntax::source::{FileId, Span};
use diagnose_text::{Message, Text};
use std::sync::OnceLock;

/// Whether a rule can fix what it finds, and how safely.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixKind {
    None,
    Safe,
    Unsafe,
}

pub struct Rule {
    /// Permanent code, e.g. `NET001`. Never reused.
    pub code: &'static str,
    /// Kebab-case name of the problem.
    pub name: &'static str,
    /// Folder of its page in `rules/`.
    pub domain: &'static str,
    pub severity: Severity,
    pub fix: FixKind,
    /// Every text the rule reports, in English and French.
    pub messages: &'static [Text],
    pub check: fn(&mut Ctx<'_>),
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.name, self.code)
    }
}

pub struct Ctx<'a> {
    pub ws: &'a Workspace,
    pub stack: &'a Stack,
    queries: &'a OnceLock<Vec<Query>>,
    rule: &'static Rule,
    out: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    /// The context of one rule in one analysis. `queries` is shared by all the rules of the
    /// analysis: the PromQL queries are parsed on first use, so not at all when no PromQL
    /// rule runs.
    pub fn new(
        ws: &'a Workspace,
        stack: &'a Stack,
        queries: &'a OnceLock<Vec<Query>>,
        rule: &'static Rule,
    ) -> Ctx<'a> {
        Ctx {
            ws,
            stack,
            queries,
            rule,
            out: Vec::new(),
        }
    }

    /// Runs the rule and returns what it reported.
    pub fn run(mut self) -> Vec<Diagnostic> {
        (self.rule.check)(&mut self);
        self.out
    }

    /// Every PromQL query of rule files, dashboards and Markdown blocks, parsed once per
    /// analysis on first use.
    pub fn queries(&self) -> &'a [Query] {
        self.queries
            .get_or_init(|| diagnose_model::promql::collect(self.ws, self.stack))
    }

    /// Reports a problem at `span` of `file`. Code, name and severity come from the rule.
    pub fn report(&mut self, file: FileId, span: Span, message: Message) -> &mut Diagnostic {
        self.out.push(Diagnostic {
            code: self.rule.code,
            rule: self.rule.name,
            severity: self.rule.severity,
            message,
            primary: Label {
                file,
                span,
                message: None,
            },
            related: Vec::new(),
            notes: Vec::new(),
            help: None,
            fix: None,
        });
        self.out.last_mut().unwrap()
    }

    /// Text of a span of a file (for messages and fixes).
    pub fn text(&self, file: FileId, span: Span) -> &'a str {
        self.ws.file(file).slice(span)
    }
}

pub mod diagnostic;
pub mod registry;

pub mod alertmanager;
pub mod compose;
pub mod grafana;
pub mod k8s;
pub mod meta;
pub mod net;
pub mod prometheus;
pub mod promql;
