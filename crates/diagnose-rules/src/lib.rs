//! `diagnose-rules`: the rules and the context they run in. Each rule is one file: its identity, its messages
//! (English and French) and its `check` function. Rules run once per analysis and see the
//! whole stack, so cross-file rules are ordinary rules.

use crate::diagnostic::{Diagnostic, Severity};
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
    analyse: diagnose_model::promql::AnalyseAll,
    parsed: &'a diagnose_model::promql::ParsedCache,
    rule: &'static Rule,
    out: Vec<Diagnostic>,
    /// Causes reported with [`Ctx::report_grouped`]: (cause, index in `out`, places, the
    /// ids of the count note for more than four places and for two to four).
    causes: Vec<(String, usize, usize, (&'static str, &'static str))>,
}

impl<'a> Ctx<'a> {
    /// The context of one rule in one analysis. `queries` is shared by all the rules of the
    /// analysis: the PromQL queries are parsed on first use, so not at all when no PromQL
    /// rule runs; `analyse` parses them (on several threads when the front end has them),
    /// each text not already in `parsed` (shared by the stacks of one analysis).
    pub fn new(
        ws: &'a Workspace,
        stack: &'a Stack,
        queries: &'a OnceLock<Vec<Query>>,
        analyse: diagnose_model::promql::AnalyseAll,
        parsed: &'a diagnose_model::promql::ParsedCache,
        rule: &'static Rule,
    ) -> Ctx<'a> {
        Ctx {
            ws,
            stack,
            queries,
            analyse,
            parsed,
            rule,
            out: Vec::new(),
            causes: Vec::new(),
        }
    }

    /// Runs the rule and returns what it reported.
    pub fn run(mut self) -> Vec<Diagnostic> {
        (self.rule.check)(&mut self);
        for (_, i, n, (many, few)) in std::mem::take(&mut self.causes) {
            if n > 1 {
                let id = if n > 4 { many } else { few };
                self.out[i].note(diagnose_text::msg!(id, n = n));
            }
        }
        self.out
    }

    /// Every PromQL query of rule files, dashboards and Markdown blocks, parsed once per
    /// analysis on first use.
    pub fn queries(&self) -> &'a [Query] {
        self.queries.get_or_init(|| {
            diagnose_model::promql::collect_cached(self.ws, self.stack, self.analyse, self.parsed)
        })
    }

    /// Reports a problem at `span` of `file`. Code, name and severity come from the rule.
    pub fn report(&mut self, file: FileId, span: Span, message: Message) -> &mut Diagnostic {
        self.out
            .push(registry::meta_diagnostic(self.rule, file, span, message));
        self.out.last_mut().unwrap()
    }

    /// Reports a problem once per cause: the first place gets the diagnostic (returned for
    /// notes and help), later places of the same `cause` become "also here" labels on it
    /// (three at most) and a count note; for them this returns `None`.
    pub fn report_grouped(
        &mut self,
        cause: &str,
        file: FileId,
        span: Span,
        message: Message,
    ) -> Option<&mut Diagnostic> {
        let count = ("cause.count", "cause.count-few");
        self.report_grouped_counted(cause, file, span, message, count)
    }

    /// [`Ctx::report_grouped`] with the rule's own count note: `count` holds the ids of
    /// its message for more than four places and for two to four (argument `n`).
    pub fn report_grouped_counted(
        &mut self,
        cause: &str,
        file: FileId,
        span: Span,
        message: Message,
        count: (&'static str, &'static str),
    ) -> Option<&mut Diagnostic> {
        if let Some(c) = self.causes.iter_mut().find(|c| c.0 == cause) {
            c.2 += 1;
            if c.2 <= 4 {
                let also = diagnose_text::msg!("label.also-here");
                self.out[c.1].related(file, span, also);
            }
            return None;
        }
        self.causes
            .push((cause.to_string(), self.out.len(), 1, count));
        Some(self.report(file, span, message))
    }

    /// Text of a span of a file (for messages and fixes).
    pub fn text(&self, file: FileId, span: Span) -> &'a str {
        self.ws.file(file).slice(span)
    }
}

pub mod diagnostic;
pub mod registry;

/// The texts this crate renders, for the compile-time check of `msg!` (see
/// `diagnose_text::typed`): the engine's and every registered rule's.
pub const TEXT_TABLES: &[&[Text]] = &RULE_TABLES;
const RULE_TABLES: [&[Text]; registry::ALL_RULES.len() + 1] = {
    let mut tables = [diagnose_text::ENGINE; registry::ALL_RULES.len() + 1];
    let mut i = 0;
    while i < registry::ALL_RULES.len() {
        tables[i + 1] = registry::ALL_RULES[i].messages;
        i += 1;
    }
    tables
};

pub mod alertmanager;
pub mod compose;
pub mod grafana;
pub mod k8s;
pub mod meta;
pub mod net;
pub mod prometheus;
pub mod promql;
pub mod schema;
