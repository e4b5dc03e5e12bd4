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
}
