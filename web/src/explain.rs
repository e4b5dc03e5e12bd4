//! The explain box: an error message pasted by the user, explained by the core's error
//! knowledge base (`diagnose_core::explain`, the same as `diagnose explain TEXT PATH…`), with
//! the diagnostics of the current tabs that confirm a cause — asked of the engine module
//! ([`crate::engine`]), which answers with the markup the box shows (`src/explain_html.rs`).
//!
//! The engine is built without the embedded knowledge base: its files (`rules/errors/*.yaml`)
//! are a data file, [`DATA_FILE`], fetched the first time an error is explained ([`load`])
//! and given to the engine.

use crate::{data, engine};
use diagnose_core::Lang;

/// The knowledge base's data file, next to the page (in `dist/`), written by `build.rs`.
pub const DATA_FILE: &str = "error-kb.json";

/// Whether the engine and its knowledge base are loaded (explanations can be computed).
pub fn ready() -> bool {
    engine::kb_ready()
}

/// Reads the data file: `[[path inside rules/, YAML text], …]`; `None` if it is not that.
pub fn parse(json: &str) -> Option<Vec<(String, String)>> {
    crate::json::files(&crate::json::parse(json)?)
}

/// Fetches the engine with its texts in `lang` and the knowledge base (the first time) and
/// gives the base to the engine; false if either could not be loaded (offline before it was
/// ever fetched): the caller says so and tries again on the next text.
pub async fn load(lang: Lang) -> bool {
    if !engine::load(lang).await {
        return false;
    }
    if ready() {
        return true;
    }
    let Some(text) = data::fetch(DATA_FILE).await else {
        return false;
    };
    parse(&text).is_some() && engine::provide_kb(&text)
}

/// Explains `error` with the diagnostics of `files`, in `lang`: the engine's markup (see
/// `src/explain_html.rs`; empty for a blank text); `None` until [`load`] is done.
pub fn explain(error: &str, files: &[(String, String)], lang: Lang) -> Option<String> {
    if error.trim().is_empty() {
        return Some(String::new());
    }
    engine::explain(error, files, lang).filter(|m| m != "null")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_gateway_is_confirmed_by_the_files() {
        assert!(data::block_on(load(Lang::Fr)));
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
        let m = explain("HTTP Error Bad Gateway", &files, Lang::Fr).expect("answers");
        assert!(m.contains("data-state=\"found\""), "{m}");
        assert!(m.contains("<article class=\"explanation\" data-family=\"bad-gateway\">"));
        // The first cause is NET001's, confirmed at line 5 of the datasource file.
        let first = &m[m.find("<li").unwrap()..];
        assert!(first.starts_with(
            "<li class=\"confirmed\"><a class=\"code\" href=\"#/rules/NET001?lang=fr\""
        ));
        assert!(
            first.contains("data-file=\"grafana/provisioning/datasources/ds.yml\" data-line=\"5\"")
        );
        assert!(m.contains("causes probables"));
        assert!(m.contains("trouvé dans vos fichiers\u{a0}:"));
        // Every label the box lays out comes with the answer: no catalogue id is left.
        assert!(!m.contains("explain."), "{m}");
        assert_eq!(explain("  ", &[], Lang::En), Some(String::new()));
        let unknown = explain("all good here", &[], Lang::En).unwrap();
        assert!(unknown.starts_with("<div class=\"state\" data-state=\"unknown\">"));
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
