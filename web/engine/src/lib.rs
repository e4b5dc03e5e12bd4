//! The web app's engine module (`diagnose_engine_bg.wasm`): the same engine as the CLI,
//! PromQL parser and checks included. The page's own module carries no engine: it fetches
//! this one from its own site the first time there is something to check (a tab with text,
//! an error to explain, the map), then asks it synchronously. See web/README.md.
//!
//! Every function takes and returns JSON text, so that the page reads the answers with its
//! own types (`web/src/engine.rs`) and nothing else crosses the boundary.

// The page's code that turns a report into views, so that the views are the page's own.
#[allow(dead_code)]
#[path = "../../src/json.rs"]
mod json;
#[allow(dead_code)]
#[path = "../../src/lint.rs"]
mod lint;
#[allow(dead_code)]
#[path = "../../src/wire.rs"]
mod wire;
// The map's drawing and the explain box's answer (and the interface texts and number
// formatting they use): the page only inserts the markup.
#[path = "../../src/explain_html.rs"]
mod explain_html;
#[path = "../../src/map_svg.rs"]
mod map_svg;
#[allow(dead_code)]
#[path = "../../src/num.rs"]
mod num;
#[allow(dead_code)]
#[path = "../../src/text.rs"]
mod text;

/// Where `wire.rs` looks rules up: here, the registry itself.
mod rulepage {
    pub use diagnose_core::registry::find;
}

use diagnose_core::i18n::external as texts;
use diagnose_core::present::write_diagnostic;
use diagnose_core::promql::exporter_table;
use diagnose_core::syntax::json_write::JsonWriter;
use diagnose_core::{Lang, Report};
use lint::{DiagView, Target};
use std::cell::RefCell;

thread_local! {
    /// The latest analysis: the tabs it was made of (their JSON) and its report. `explain`
    /// and `graph` ask about the same tabs right after `check`, so they reuse it.
    static LAST: RefCell<Option<(String, Report)>> = const { RefCell::new(None) };
    /// An analysis needed the exporters' metric types before they were given
    /// ([`provide_metric_types`]): its report was not kept.
    static WANTS_TABLE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A place as `[file, line, column, start_utf16, end_utf16]`.
fn write_target(w: &mut JsonWriter, t: &Target) {
    w.begin_array().string(&t.file);
    for n in [t.line, t.column, t.start_utf16, t.end_utf16] {
        w.number(n.into());
    }
    w.end_array();
}

/// `views` as JSON (the related locations' targets beside the CLI's JSON shape, written by
/// the core as for the CLI), for the page's `wire::decode`.
pub fn encode(w: &mut JsonWriter, views: &[DiagView]) {
    w.begin_array();
    for v in views {
        w.begin_object();
        w.key("json");
        write_diagnostic(w, &v.json);
        w.key("target");
        write_target(w, &v.target);
        w.key("related").begin_array();
        for r in &v.related {
            write_target(w, &r.target);
        }
        w.end_array();
        w.end_object();
    }
    w.end_array();
}

/// Reads JSON `[[a, b], …]` (tabs, data files) with the core's JSON parser, the one the page
/// reads with too: serde_json's deserializer is not linked into the module.
fn pairs(json: &str) -> Option<Vec<(String, String)>> {
    json::files(&json::parse(json)?)
}

/// Runs `f` on the report of `files` (JSON `[[path, text], …]`), analysing them unless they
/// are the latest analysis's, and whether that report is complete (an analysis that needed
/// the exporters' metric types before they were given is not kept, see
/// [`wants_metric_types`]); `None` if `files` is not such a list.
fn with_report<T>(files: &str, f: impl FnOnce(&Report, bool) -> T) -> Option<T> {
    // Without promql-parser's tables (not given yet), a query could not be parsed.
    if !lrpar::ctbuilder::external::ready() {
        return None;
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if last.as_ref().is_none_or(|(f, _)| f != files) {
            let tabs = pairs(files)?;
            exporter_table::missed();
            let report = lint::run(&tabs);
            if exporter_table::missed() {
                WANTS_TABLE.set(true);
                *last = None;
                return Some(f(&report, false));
            }
            *last = Some((files.to_string(), report));
        }
        last.as_ref().map(|(_, r)| f(r, true))
    })
}

/// Analyses the tabs. `files`: JSON `[[path, text], …]`. Returns JSON `{"en": views,
/// "fr": views, "kinds": [[path, [kind, …]], …], "files": n, "secrets": bool}` (views: see
/// `wire.rs`, one entry for each language whose texts the module has, see
/// [`provide_texts`]; kinds: what the core recognised in each tab), or `null` if `files` is
/// not such a list, or if the analysis needs the exporters' metric types first
/// ([`wants_metric_types`]).
#[cfg_attr(target_arch = "wasm32", wasm_bindgen::prelude::wasm_bindgen)]
pub fn check(files: &str) -> String {
    with_report(files, |r, complete| {
        if !complete {
            return "null".to_string();
        }
        let mut w = JsonWriter::compact();
        w.begin_object();
        w.key("kinds").begin_array();
        for f in r.workspace.files.iter().filter(|f| f.origin.is_none()) {
            w.begin_array().string(&f.path).begin_array();
            for kind in lint::kinds(r, &f.path) {
                w.string(kind);
            }
            w.end_array().end_array();
        }
        w.end_array();
        w.key("files").number(r.file_count() as u64);
        w.key("secrets").bool(!r.secrets.is_empty());
        for lang in Lang::ALL {
            if texts::ready(lang) {
                w.key(lang.code());
                encode(&mut w, &lint::views(r, lang));
            }
        }
        w.end_object();
        w.finish()
    })
    .unwrap_or_else(|| "null".to_string())
}

/// Gives the module the texts of `lang` (`en`, `fr`): the page's data file
/// `texts-<lang>.json`, `[[id, text], …]` (the module is built without them, see
/// `diagnose_text::external`); whether messages can now be rendered in `lang`.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen::prelude::wasm_bindgen)]
pub fn provide_texts(lang: &str, json: &str) -> bool {
    let Some(lang) = Lang::parse(lang) else {
        return false;
    };
    if let Some(given) = pairs(json) {
        texts::provide(lang, given);
    }
    texts::ready(lang)
}

/// The map of the tabs' stack (`diagnose graph --format json`: `{"version": 1, "nodes",
/// "edges"}`), or `null` if `files` is not a list of `[path, text]`. Not exported: the page
/// asks for the map drawn ([`map`]); the tests compare the two.
#[cfg(test)]
pub fn graph(files: &str) -> String {
    with_report(files, |r, _| {
        serde_json::to_string(&diagnose_core::graph::map(r)).unwrap_or_default()
    })
    .unwrap_or_else(|| "null".to_string())
}

/// The core's map of the stack as `map_svg` draws it: what `map_svg::parse` reads from the
/// JSON of [`graph`], without writing and reading JSON (arrows between ids the map does not
/// hold are left out, as there).
fn drawn(m: diagnose_core::graph::StackMap) -> map_svg::Graph {
    let index = |id: &str| m.nodes.iter().position(|n| n.id == id);
    let edges = m
        .edges
        .iter()
        .filter_map(|e| {
            Some(map_svg::MapEdge {
                from: index(&e.from)?,
                to: index(&e.to)?,
                kind: e.kind.to_string(),
                target: e.target.clone(),
                file: e.file.clone(),
                line: e.line,
                ok: e.ok,
                codes: e.codes.iter().map(|c| c.to_string()).collect(),
            })
        })
        .collect();
    let nodes = m
        .nodes
        .into_iter()
        .map(|n| map_svg::MapNode {
            id: n.id,
            kind: n.kind.to_string(),
            program: n.program,
            file: n.file,
            line: n.line,
        })
        .collect();
    map_svg::Graph { nodes, edges }
}

/// The map of the tabs' stack drawn in `lang` (`en`, `fr`): the markup of `src/map_svg.rs`
/// (an SVG, its legend, the list of broken arrows), or `null` if `files` or `lang` cannot
/// be read.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen::prelude::wasm_bindgen)]
pub fn map(files: &str, lang: &str) -> String {
    Lang::parse(lang)
        .and_then(|lang| {
            with_report(files, |r, _| {
                map_svg::render(&drawn(diagnose_core::graph::map(r)), lang)
            })
        })
        .unwrap_or_else(|| "null".to_string())
}

/// Gives the exporters' metric types table (the page's data file `metric-types.json`, the
/// table's text as one JSON string; the module is built without it, see
/// `diagnose_model::promql::exporter_table`); whether the table is now available.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen::prelude::wasm_bindgen)]
pub fn provide_metric_types(json: &str) -> bool {
    if let Some(table) = json::parse(json).as_ref().and_then(json::string) {
        if exporter_table::provide(table) {
            WANTS_TABLE.set(false);
        }
    }
    exporter_table::ready()
}

/// Whether an analysis needed the exporters' metric types before they were given: then
/// [`check`] answered `null`, and answers once [`provide_metric_types`] has given them.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen::prelude::wasm_bindgen)]
pub fn wants_metric_types() -> bool {
    WANTS_TABLE.get()
}

/// Gives promql-parser's LR tables (the page's data file `promql-tables.json`: `["<grammar,
/// base64>", "<state table, base64>"]`, written by lrpar when the parser was generated; the
/// module is built without them, see web/lrpar-tables/); whether queries can now be parsed.
/// `boot.js` gives them before the module's first use.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen::prelude::wasm_bindgen)]
pub fn provide_parser_tables(json: &str) -> bool {
    let base64 = |n: &json::Node| {
        diagnose_core::syntax::strings::base64_decode(json::str_of(n)?, |c| c == b'=')
    };
    let tables = json::parse(json).and_then(|n| json::each(&n, base64));
    if let Some([grammar, states]) = tables.and_then(|t| <[Vec<u8>; 2]>::try_from(t).ok()) {
        lrpar::ctbuilder::external::provide(grammar, states);
    }
    lrpar::ctbuilder::external::ready()
}

/// Gives the error knowledge base (the page's data file `error-kb.json`: `[[path, YAML],
/// …]`) to the core; whether the base is now available.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen::prelude::wasm_bindgen)]
pub fn provide_kb(json: &str) -> bool {
    if let Some(files) = pairs(json) {
        // Two loads may race: the first one given wins, both are the same.
        diagnose_core::explain::kb::provide(files);
    }
    kb_ready()
}

/// Whether the error knowledge base has been given.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen::prelude::wasm_bindgen)]
pub fn kb_ready() -> bool {
    diagnose_core::explain::kb::available()
}

/// Explains an error text (`diagnose explain TEXT PATH…`) with the diagnostics of the tabs
/// (`files`, as for [`check`]) that confirm a cause, in `lang` (`en`, `fr`). Returns the
/// markup of `src/explain_html.rs` (the core's `explain::view` laid out with the
/// catalogue's `explain.*` labels, so the box and the CLI use the same words), or `null` if
/// `files` or `lang` cannot be read.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen::prelude::wasm_bindgen)]
pub fn explain(error: &str, files: &str, lang: &str) -> String {
    let Some(lang) = Lang::parse(lang) else {
        return "null".to_string();
    };
    let label = |id: &str| {
        diagnose_core::catalog::text(id, lang)
            .unwrap_or(id)
            .to_string()
    };
    // As the page sees its tabs: whether one holds text.
    let have_files =
        pairs(files).is_some_and(|t| t.iter().any(|(_, text)| !text.trim().is_empty()));
    with_report(files, |r, _| {
        let e = diagnose_core::explain::view::explanation(error, Some(r), lang);
        explain_html::render(&e, &label, lang, have_files)
    })
    .unwrap_or_else(|| "null".to_string())
}

#[cfg(test)]
mod tests {
    use super::{encode, json, lint, wire};
    use diagnose_core::Lang;
    use serde_json::{json, Value};

    #[test]
    fn views_survive_the_round_trip() {
        // A datasource on localhost (NET001, with a related location) and a compose file.
        let files = vec![
            (
                "docker-compose.yml".to_string(),
                "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./grafana/provisioning:/etc/grafana/provisioning\n".to_string(),
            ),
            (
                "grafana/provisioning/datasources/ds.yml".to_string(),
                "apiVersion: 1\ndatasources:\n  - name: \"📈 Prométhée\"\n    type: prometheus\n    url: http://localhost:9090\n".to_string(),
            ),
        ];
        let report = lint::run(&files);
        for lang in [Lang::En, Lang::Fr] {
            let views = lint::views(&report, lang);
            assert!(views.iter().any(|v| !v.related.is_empty()));
            let mut w = super::JsonWriter::compact();
            encode(&mut w, &views);
            let text = w.finish();
            let back = wire::decode(&json::parse(&text).unwrap()).expect("decodes");
            assert_eq!(back, views);
        }
    }

    #[test]
    fn finds_what_only_the_parser_finds() {
        let files = json!([[
            "rules/alerts.yml",
            "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum(rate(x_total[5m]) by (job)\n"
        ]])
        .to_string();
        let out: Value = serde_json::from_str(&super::check(&files)).unwrap();
        let codes: Vec<&str> = out["en"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["json"]["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&"PQL001"), "{codes:?}");
        assert_eq!(out["files"], 1);
        assert_eq!(
            out["kinds"],
            json!([["rules/alerts.yml", ["prometheus-rules"]]])
        );
        assert_eq!(super::check("not json"), "null");
    }

    #[test]
    fn draws_the_map_with_the_broken_arrow() {
        let files = json!([
            ["docker-compose.yml", "services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./ds.yml:/etc/grafana/provisioning/datasources/ds.yml\n  prometheus:\n    image: prom/prometheus:v2.53.0\n"],
            ["ds.yml", "apiVersion: 1\ndatasources:\n  - name: P\n    type: prometheus\n    access: proxy\n    url: http://localhost:9090\n"]
        ])
        .to_string();
        let out: Value = serde_json::from_str(&super::graph(&files)).unwrap();
        assert_eq!(out["version"], 1);
        let ds = out["edges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == "datasource")
            .unwrap();
        assert_eq!(ds["ok"], false, "{ds}");
        assert_eq!(ds["codes"], json!(["NET001"]));
        assert_eq!(
            (ds["file"].as_str(), ds["line"].as_u64()),
            (Some("ds.yml"), Some(6))
        );
        assert_eq!(super::graph("not json"), "null");
        // What the map draws is the graph's JSON read back.
        let read = super::with_report(&files, |r, _| super::drawn(diagnose_core::graph::map(r)));
        assert_eq!(read, super::map_svg::parse(&super::graph(&files)));
        // The page's map: the same arrow, drawn, in both languages.
        let en = super::map(&files, "en");
        assert!(en.contains("<g class=\"edge broken\""), "{en}");
        assert!(en.contains("data-codes=\"NET001\" data-file=\"ds.yml\" data-line=\"6\""));
        assert!(super::map(&files, "fr").contains("Carte de la pile"));
        assert_eq!(super::map("not json", "en"), "null");
        assert_eq!(super::map(&files, "de"), "null");
    }

    #[test]
    fn explains_with_the_tabs_once_the_knowledge_base_is_given() {
        let files = json!([
            ["docker-compose.yml", "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./grafana/provisioning:/etc/grafana/provisioning\n"],
            ["grafana/provisioning/datasources/ds.yml", "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    url: http://localhost:9090\n"]
        ])
        .to_string();
        // Built without the embedded base: nothing to explain with until it is given.
        assert!(!super::kb_ready());
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../rules/errors");
        let kb: Vec<(String, String)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                (
                    format!("errors/{name}"),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
            .collect();
        assert!(super::provide_kb(&serde_json::to_string(&kb).unwrap()));
        let out = super::explain("HTTP Error Bad Gateway", &files, "fr");
        assert!(out.contains("data-family=\"bad-gateway\""), "{out}");
        assert!(out.contains("<a class=\"code\" href=\"#/rules/NET001?lang=fr\""));
        assert!(out.contains(
            "data-file=\"grafana/provisioning/datasources/ds.yml\" data-line=\"5\" data-column=\"17\""
        ));
        assert!(out.contains("causes probables"));
        assert!(!out.contains("<p class=\"hint\">"), "the tabs hold files");
        assert_eq!(super::explain("x", "[]", "de"), "null");
        let none = super::explain("all good", "[]", "en");
        assert!(none.contains("data-state=\"unknown\""), "{none}");
        // Without files, the box asks for them.
        let alone = super::explain("HTTP Error Bad Gateway", "[]", "en");
        assert!(alone.contains("<p class=\"hint\">Add your configuration files"));
    }
}
