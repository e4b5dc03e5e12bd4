//! The explain box: an error message pasted by the user, explained by the core's error
//! knowledge base (`diagnose_core::explain`, the same as `diagnose explain TEXT PATH…`), with
//! the diagnostics of the current tabs that confirm a cause.

use diagnose_core::Render;
use diagnose_core::{msg, Lang, Report};

/// The views of the core's presentation layer; the page only lays them out.
pub use diagnose_core::explain::view::{CauseView, Confirmation, Explanation, MatchView};

pub fn explain(error: &str, report: Option<&Report>, lang: Lang) -> Explanation {
    diagnose_core::explain::view::explanation(error, report, lang)
}

/// A label of the explain output from the core's catalogue (`explain.causes`…).
pub fn label(id: &'static str, lang: Lang) -> String {
    msg!(id).render(lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint;

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
