//! The explain box: an error message pasted by the user, explained by the core's error
//! knowledge base (`diagnose_core::explain`, the same as `diagnose explain TEXT PATH…`), with
//! the diagnostics of the current tabs that confirm a cause.
//!
//! The page's core is built without the embedded knowledge base: its files
//! (`rules/errors/*.yaml`) are a data file, [`DATA_FILE`], fetched the first time an error is
//! explained ([`load`]) and given to the core (`explain::kb::provide`).

use crate::data;
use diagnose_core::Render;
use diagnose_core::{msg, Lang, Report};

/// The knowledge base's data file, next to the page (in `dist/`), written by `build.rs`.
pub const DATA_FILE: &str = "error-kb.json";

/// Whether the knowledge base is loaded (explanations can be computed).
pub fn ready() -> bool {
    diagnose_core::explain::kb::available()
}

/// Reads the data file: `[[path inside rules/, YAML text], …]`; `None` if it is not that.
pub fn parse(json: &str) -> Option<Vec<(String, String)>> {
    data::files(&serde_json::from_str(json).ok()?)
}

/// Fetches the knowledge base (the first time) and gives it to the core; false if it could
/// not be loaded (offline before it was ever fetched): the caller says so and tries again on
/// the next text.
pub async fn load() -> bool {
    if ready() {
        return true;
    }
    let Some(files) = data::fetch(DATA_FILE).await.and_then(|t| parse(&t)) else {
        return false;
    };
    // Two loads may race (two boxes, a retry): the first one given wins, both are the same.
    diagnose_core::explain::kb::provide(files);
    ready()
}

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
        // Nothing is explained before the data file is given to the core.
        assert!(data::block_on(load()));
        assert!(ready());
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

    /// The data file holds every family of `rules/errors/` (what the CLI embeds), and they
    /// all read.
    #[test]
    fn the_data_file_is_the_whole_knowledge_base() {
        let files = parse(data::built(DATA_FILE).unwrap()).expect("the data file reads");
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../rules/errors");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
            .map(|n| format!("errors/{n}"))
            .collect();
        on_disk.sort();
        assert_eq!(
            files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>(),
            on_disk
        );
        for (path, text) in &files {
            let family = diagnose_core::explain::kb::parse_family(path, text);
            assert!(family.is_ok(), "{path}: {family:?}");
        }
        assert_eq!(parse("{}"), None);
        assert_eq!(parse("[[\"a\"]]"), None);
    }
}
