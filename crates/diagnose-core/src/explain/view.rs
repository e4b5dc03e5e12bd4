//! What a front end shows for an explained error: the matched families with their texts in
//! one language, and for each cause the rule that detects it and the diagnostics of the
//! checked files that confirm it, each with its [`Position`]. The web app lays this out;
//! the CLI's renderer reads the same matches.

use super::{component_names, explain, Match};
use crate::present::{position, Position};
use crate::{registry, Lang, Render, Report};
use serde::Serialize;
use std::borrow::Cow;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Explanation {
    /// Nothing pasted yet.
    Empty,
    /// The text matched no known error.
    Unknown,
    /// The error families found, best first.
    Found(Vec<MatchView>),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Confirmation {
    pub code: Cow<'static, str>,
    pub message: String,
    pub target: Position,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CauseView {
    /// The rule that detects this cause in files (code, name), when registered.
    pub rule: Option<(Cow<'static, str>, Cow<'static, str>)>,
    pub text: String,
    pub confirmed: Vec<Confirmation>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MatchView {
    pub id: String,
    pub title: String,
    pub component: String,
    pub matched: String,
    pub facts: Vec<(Cow<'static, str>, String)>,
    pub summary: String,
    pub meaning: String,
    pub causes: Vec<CauseView>,
    pub sources: Vec<String>,
}

/// One match in `lang`, its confirmations read from `report`.
pub fn view(m: &Match, report: Option<&Report>, lang: Lang) -> MatchView {
    let f = m.family;
    MatchView {
        id: f.id.clone(),
        title: f.title.get(lang).to_string(),
        component: component_names(f, lang),
        matched: m.line.clone(),
        facts: m
            .facts
            .entries()
            .into_iter()
            .map(|(k, v)| (Cow::Borrowed(k), v))
            .collect(),
        summary: f.summary.get(lang).to_string(),
        meaning: f.meaning.get(lang).to_string(),
        causes: m
            .causes
            .iter()
            .map(|c| CauseView {
                rule: c
                    .cause
                    .rule
                    .as_deref()
                    .and_then(registry::find)
                    .map(|r| (Cow::Borrowed(r.code), Cow::Borrowed(r.name))),
                text: c.cause.text.get(lang).to_string(),
                confirmed: report
                    .map(|r| {
                        c.confirmed
                            .iter()
                            .filter_map(|i| {
                                let d = r.diagnostics.get(*i)?;
                                Some(Confirmation {
                                    code: Cow::Borrowed(d.code),
                                    message: d.message.render(lang),
                                    target: position(r, d.primary.file, d.primary.span),
                                })
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect(),
        sources: f.sources.clone(),
    }
}

/// An error text explained: nothing pasted, unknown, or the matches in `lang`.
pub fn explanation(error: &str, report: Option<&Report>, lang: Lang) -> Explanation {
    if error.trim().is_empty() {
        return Explanation::Empty;
    }
    let matches = explain(error, report);
    if matches.is_empty() {
        return Explanation::Unknown;
    }
    Explanation::Found(matches.iter().map(|m| view(m, report, lang)).collect())
}
