//! The web app's second module (`diagnose_promql_bg.wasm`): the same engine as the CLI,
//! PromQL parser and checks included. The page (built without the core's `promql` feature,
//! so without promql-parser, lrpar and regex) fetches it from its own site the first time a
//! tab holds a query, then shows this module's diagnostics for such tabs. See web/README.md.

// The page's own code, so that both modules turn a report into views the same way.
#[allow(dead_code)]
#[path = "../../src/lint.rs"]
mod lint;
#[allow(dead_code)]
#[path = "../../src/wire.rs"]
mod wire;

use diagnose_core::Lang;

/// Analyses the tabs. `files`: JSON `[[path, text], …]`. Returns JSON
/// `{"en": views, "fr": views}` (see `wire.rs`), or `null` if `files` is not such a list.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen::prelude::wasm_bindgen)]
pub fn check(files: &str) -> String {
    let Ok(files) = serde_json::from_str::<Vec<(String, String)>>(files) else {
        return "null".to_string();
    };
    let l = lint::run(&files, 0, || 0.0);
    serde_json::json!({
        "en": wire::encode(&lint::views(&l.report, Lang::En)),
        "fr": wire::encode(&lint::views(&l.report, Lang::Fr)),
    })
    .to_string()
}

/// The map of the tabs' stack (`diagnose graph --format json`: `{"version": 1, "nodes",
/// "edges"}`), or `null` if `files` is not a list of `[path, text]`. The page asks for it
/// when its Map view is open, so the map's engine code is not in the page's first load.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen::prelude::wasm_bindgen)]
pub fn graph(files: &str) -> String {
    let Ok(files) = serde_json::from_str::<Vec<(String, String)>>(files) else {
        return "null".to_string();
    };
    let l = lint::run(&files, 0, || 0.0);
    serde_json::to_string(&diagnose_core::graph::map(&l.report)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_what_only_the_parser_finds() {
        let files = serde_json::json!([[
            "rules/alerts.yml",
            "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum(rate(x_total[5m]) by (job)\n"
        ]])
        .to_string();
        let out: serde_json::Value = serde_json::from_str(&super::check(&files)).unwrap();
        let codes: Vec<&str> = out["en"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["json"]["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&"PQL001"), "{codes:?}");
        assert_eq!(super::check("not json"), "null");
    }

    #[test]
    fn draws_the_map_with_the_broken_arrow() {
        let files = serde_json::json!([
            ["docker-compose.yml", "services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./ds.yml:/etc/grafana/provisioning/datasources/ds.yml\n  prometheus:\n    image: prom/prometheus:v2.53.0\n"],
            ["ds.yml", "apiVersion: 1\ndatasources:\n  - name: P\n    type: prometheus\n    access: proxy\n    url: http://localhost:9090\n"]
        ])
        .to_string();
        let out: serde_json::Value = serde_json::from_str(&super::graph(&files)).unwrap();
        assert_eq!(out["version"], 1);
        let ds = out["edges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == "datasource")
            .unwrap();
        assert_eq!(ds["ok"], false, "{ds}");
        assert_eq!(ds["codes"], serde_json::json!(["NET001"]));
        assert_eq!(
            (ds["file"].as_str(), ds["line"].as_u64()),
            (Some("ds.yml"), Some(6))
        );
        assert_eq!(super::graph("not json"), "null");
    }
}
