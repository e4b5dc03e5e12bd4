//! The explain box: an error message pasted by the user, explained by the core's error
//! knowledge base (`diagnose_core::explain`, the same as `diagnose explain TEXT PATH…`), with
//! the diagnostics of the current tabs that confirm a cause.

use crate::lint::{self, Target};
use diagnose_core::explain::{self as kb, Match};
use diagnose_core::Render;
use diagnose_core::{msg, registry, Lang, Report};

#[derive(Clone, Debug, PartialEq)]
pub enum Explanation {
    /// Nothing pasted yet.
    Empty,
    /// The text matched no known error.
    Unknown,
    /// The error families found, best first.
    Found(Vec<MatchView>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Confirmation {
    pub code: &'static str,
    pub message: String,
    pub target: Target,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CauseView {
    /// The rule that detects this cause in files (code, name), when registered.
    pub rule: Option<(&'static str, &'static str)>,
    pub text: String,
    pub confirmed: Vec<Confirmation>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MatchView {
    pub id: String,
    pub title: String,
    pub component: String,
    pub matched: String,
    pub facts: Vec<(&'static str, String)>,
    pub summary: String,
    pub meaning: String,
    pub causes: Vec<CauseView>,
    pub sources: Vec<String>,
}

fn view(m: &Match, report: Option<&Report>, lang: Lang) -> MatchView {
    let f = m.family;
    MatchView {
        id: f.id.clone(),
        title: f.title.get(lang).to_string(),
        component: kb::component_names(f, lang),
        matched: m.line.clone(),
        facts: m.facts.entries(),
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
                    .map(|r| (r.code, r.name)),
                text: c.cause.text.get(lang).to_string(),
                confirmed: report
                    .map(|r| {
                        c.confirmed
                            .iter()
                            .filter_map(|i| {
                                let d = r.diagnostics.get(*i)?;
                                Some(Confirmation {
                                    code: d.code,
                                    message: d.message.render(lang),
                                    target: lint::target(r, d.primary.file, d.primary.span),
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

pub fn explain(error: &str, report: Option<&Report>, lang: Lang) -> Explanation {
    if error.trim().is_empty() {
        return Explanation::Empty;
    }
    let matches = kb::explain(error, report);
    if matches.is_empty() {
        return Explanation::Unknown;
    }
    Explanation::Found(matches.iter().map(|m| view(m, report, lang)).collect())
}

/// A label of the explain output from the core's catalogue (`explain.causes`…).
pub fn label(id: &'static str, lang: Lang) -> String {
    msg!(id).render(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_gateway_is_confirmed_by_the_files() {
        let files = vec![
            (
                "docker-compose.yml".to_string(),
                "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./grafana/provisioning:/etc/grafana/provisioning\n".to_string(),
            ),
            (
                "grafana/provisioning/datasources/ds.yml".to_string(),
                "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    url: http://localhost:9090\n".to_string(),
            ),
        ];
        let lint = lint::run(&files, 1, || 0.0);
        let Explanation::Found(m) = explain("HTTP Error Bad Gateway", Some(&lint.report), Lang::Fr)
        else {
            panic!("not found");
        };
        assert_eq!(m[0].id, "bad-gateway");
        let first = &m[0].causes[0];
        assert_eq!(first.rule.map(|r| r.0), Some("NET001"));
        assert_eq!(first.confirmed[0].target.line, 5);
        assert!(m[0].title.contains("Grafana"));
        assert_eq!(explain("  ", None, Lang::En), Explanation::Empty);
        assert_eq!(
            explain("all good here", None, Lang::En),
            Explanation::Unknown
        );
    }
}
