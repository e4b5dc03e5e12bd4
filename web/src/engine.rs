//! The engine, seen from the page. The page's own module carries no engine (no rules, no
//! parsers, no message catalogue): the engine is a second module (`web/engine`,
//! `diagnose_engine_bg.wasm`), the same engine as the CLI, PromQL checks included. `boot.js`
//! fetches it from the page's own site the first time there is something to check (a tab
//! with text, an error to explain, the map; at once when the address is an example or a
//! share link), the only connection the page's policy allows besides its data files; once
//! loaded, it answers synchronously. Everything crosses as JSON text. The module carries its
//! messages' ids, not their texts: `load(lang)` also gives it the data file of the language
//! shown (`texts-<lang>.json`), and a switch of language fetches the other one once.

use crate::json::{self, array, Node};
use crate::lint::DiagView;
use diagnose_core::Lang;

/// Where the engine module stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Not fetched: nothing asked for it yet (a first visit's empty tab).
    Idle,
    /// Being fetched and compiled; the page says so.
    Loading,
    Ready,
    /// Could not be loaded (offline before it was ever fetched, or the site lacks it).
    Failed,
}

impl Engine {
    /// `data-engine` of the diagnostics pane (for tests and measurements).
    pub fn state(self) -> &'static str {
        match self {
            Engine::Idle => "idle",
            Engine::Loading => "loading",
            Engine::Ready => "ready",
            Engine::Failed => "failed",
        }
    }
}

/// One analysis of the tabs, as the engine answered it.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    /// Increments with every analysis.
    pub seq: u64,
    /// When it was asked (`performance.now()`), how long the engine took to answer, and how
    /// long the page took to read the answer (ms; `measure.sh` reports them).
    pub started: f64,
    pub core_ms: f64,
    pub read_ms: f64,
    /// The diagnostics in each language whose texts the engine had (at least one).
    pub en: Option<Vec<DiagView>>,
    pub fr: Option<Vec<DiagView>>,
    /// What the core recognised in each tab (`compose`, `prometheus-config`…).
    pub kinds: Vec<(String, Vec<String>)>,
    /// The files checked (the CLI's count).
    pub files: usize,
    /// Whether a secret was found in the tabs (the share bar warns before sharing them).
    pub secrets: bool,
}

impl Analysis {
    /// The analysis of tabs that hold no text at all: nothing to check, no engine needed.
    pub fn empty(seq: u64, files: &[(String, String)]) -> Analysis {
        Analysis {
            seq,
            started: 0.0,
            core_ms: 0.0,
            read_ms: 0.0,
            en: Some(Vec::new()),
            fr: Some(Vec::new()),
            kinds: Vec::new(),
            files: files.len(),
            secrets: false,
        }
    }

    /// The diagnostics in `lang`, if the analysis was made once its texts were in.
    pub fn views(&self, lang: Lang) -> Option<&Vec<DiagView>> {
        match lang {
            Lang::En => self.en.as_ref(),
            Lang::Fr => self.fr.as_ref(),
        }
    }

    pub fn kinds(&self, path: &str) -> Vec<String> {
        self.kinds
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, k)| k.clone())
            .unwrap_or_default()
    }
}

/// Reads the engine's answer to [`check`].
pub fn parse_answer(seq: u64, started: f64, core_ms: f64, answer: &str) -> Option<Analysis> {
    let a = json::parse(answer)?;
    let kinds = json::each(a.get("kinds")?, |k| {
        let pair = array(k)?;
        Some((
            json::string(pair.first()?)?,
            json::each(pair.get(1)?, json::string)?,
        ))
    })?;
    // A language the engine had no texts for is absent; one present must read.
    let views = |lang: Lang| match a.get(lang.code()) {
        Some(v) => crate::wire::decode(v).map(Some),
        None => Some(None),
    };
    let (en, fr) = (views(Lang::En)?, views(Lang::Fr)?);
    if en.is_none() && fr.is_none() {
        return None;
    }
    Some(Analysis {
        seq,
        started,
        core_ms,
        read_ms: 0.0,
        en,
        fr,
        kinds,
        files: a.get("files").and_then(json::u32_of)? as usize,
        secrets: a.get("secrets").and_then(Node::as_bool)?,
    })
}

/// The tabs as the engine takes them.
pub fn request(files: &[(String, String)]) -> String {
    json::write_files(files)
}

/// Whether the tabs hold anything to check.
pub fn has_text(files: &[(String, String)]) -> bool {
    files.iter().any(|(_, t)| !t.trim().is_empty())
}

#[cfg(target_arch = "wasm32")]
mod bridge {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        /// Fetches and compiles the module (once) and gives it its texts in `lang` (once);
        /// rejects if it cannot.
        #[wasm_bindgen(js_namespace = diagnoseEngine, js_name = load)]
        pub fn load(lang: &str) -> js_sys::Promise;
        #[wasm_bindgen(js_namespace = diagnoseEngine, js_name = ready)]
        pub fn ready() -> bool;
        #[wasm_bindgen(js_namespace = diagnoseEngine, js_name = hasTexts)]
        pub fn has_texts(lang: &str) -> bool;
        #[wasm_bindgen(js_namespace = diagnoseEngine, js_name = check, catch)]
        pub fn check(files: &str) -> Result<String, JsValue>;
        #[wasm_bindgen(js_namespace = diagnoseEngine, js_name = map, catch)]
        pub fn map(files: &str, lang: &str) -> Result<String, JsValue>;
        #[wasm_bindgen(js_namespace = diagnoseEngine, js_name = explain, catch)]
        pub fn explain(error: &str, files: &str, lang: &str) -> Result<String, JsValue>;
        #[wasm_bindgen(js_namespace = diagnoseEngine, js_name = provideKb, catch)]
        pub fn provide_kb(json: &str) -> Result<bool, JsValue>;
        #[wasm_bindgen(js_namespace = diagnoseEngine, js_name = kbReady, catch)]
        pub fn kb_ready() -> Result<bool, JsValue>;
    }
}

/// In the unit tests, the engine is the engine crate itself (a dev-dependency), always loaded.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod bridge {
    pub fn ready() -> bool {
        true
    }
    pub fn has_texts(_: &str) -> bool {
        true
    }
    pub fn check(files: &str) -> Result<String, ()> {
        Ok(diagnose_web_engine::check(files))
    }
    pub fn map(files: &str, lang: &str) -> Result<String, ()> {
        Ok(diagnose_web_engine::map(files, lang))
    }
    pub fn explain(error: &str, files: &str, lang: &str) -> Result<String, ()> {
        Ok(diagnose_web_engine::explain(error, files, lang))
    }
    pub fn provide_kb(json: &str) -> Result<bool, ()> {
        Ok(diagnose_web_engine::provide_kb(json))
    }
    pub fn kb_ready() -> Result<bool, ()> {
        Ok(diagnose_web_engine::kb_ready())
    }
}

/// Other native builds (the examples that print the page's texts) have no engine.
#[cfg(not(any(test, target_arch = "wasm32")))]
mod bridge {
    pub fn ready() -> bool {
        false
    }
    pub fn has_texts(_: &str) -> bool {
        false
    }
    pub fn check(_: &str) -> Result<String, ()> {
        Err(())
    }
    pub fn map(_: &str, _: &str) -> Result<String, ()> {
        Err(())
    }
    pub fn explain(_: &str, _: &str, _: &str) -> Result<String, ()> {
        Err(())
    }
    pub fn provide_kb(_: &str) -> Result<bool, ()> {
        Err(())
    }
    pub fn kb_ready() -> Result<bool, ()> {
        Err(())
    }
}

/// Whether the module is loaded (the error knowledge base can be given to it).
pub fn ready() -> bool {
    bridge::ready()
}

/// Whether the module is loaded with its texts in `lang` (then the calls below answer at
/// once in `lang`).
pub fn ready_in(lang: Lang) -> bool {
    ready() && bridge::has_texts(lang.code())
}

/// Fetches the module and its texts in `lang` (each once; again after a failure); `false`
/// if they could not be loaded.
pub async fn load(lang: Lang) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        wasm_bindgen_futures::JsFuture::from(bridge::load(lang.code()))
            .await
            .is_ok()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        ready_in(lang)
    }
}

/// Analyses the tabs (analysis `seq`, asked at `started`), with their diagnostics in every
/// language the module has texts for; `None` if the module is not loaded with `lang`'s, or
/// its answer is unreadable. `now` gives the time, to measure the call.
pub fn check(
    seq: u64,
    files: &[(String, String)],
    lang: Lang,
    now: impl Fn() -> f64,
) -> Option<Analysis> {
    if !ready_in(lang) {
        return None;
    }
    let started = now();
    let answer = bridge::check(&request(files)).ok()?;
    let asked = now();
    let mut a = parse_answer(seq, started, asked - started, &answer)?;
    a.read_ms = now() - asked;
    Some(a)
}

/// The map of the tabs' stack drawn in `lang` (the markup of `src/map_svg.rs`), if the
/// module is loaded with `lang`'s texts.
pub fn map(files: &[(String, String)], lang: Lang) -> Option<String> {
    if !ready_in(lang) {
        return None;
    }
    bridge::map(&request(files), lang.code())
        .ok()
        .filter(|m| m != "null")
}

/// Explains `error` with the tabs' diagnostics, in `lang`: the engine's JSON answer, if the
/// module is loaded with `lang`'s texts.
pub fn explain(error: &str, files: &[(String, String)], lang: Lang) -> Option<String> {
    if !ready_in(lang) {
        return None;
    }
    bridge::explain(error, &request(files), lang.code()).ok()
}

/// Gives the error knowledge base (its data file's text) to the loaded module.
pub fn provide_kb(json: &str) -> bool {
    ready() && bridge::provide_kb(json).unwrap_or(false)
}

/// Whether the loaded module has the error knowledge base.
pub fn kb_ready() -> bool {
    ready() && bridge::kb_ready().unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_reads_into_an_analysis() {
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
        let a = check(3, &files, Lang::Fr, || 1.0).expect("the engine answers");
        assert_eq!((a.seq, a.files, a.secrets), (3, 2, false));
        let d = a
            .views(Lang::Fr)
            .expect("French texts")
            .iter()
            .find(|d| d.json.code == "NET001")
            .expect("NET001");
        assert_eq!((d.target.line, d.target.column), (5, 17));
        assert!(d.json.message.contains("localhost"));
        assert_eq!(a.kinds("docker-compose.yml"), vec!["compose"]);
        assert_eq!(a.kinds("nowhere.yml"), Vec::<String>::new());
        assert_eq!(parse_answer(1, 0.0, 0.0, "null"), None);
        assert_eq!(parse_answer(1, 0.0, 0.0, r#"{"en": []}"#), None);
        // An answer in one language (the engine had only its texts) reads, the other absent.
        let one = r#"{"fr": [], "kinds": [], "files": 1, "secrets": false}"#;
        let a = parse_answer(1, 0.0, 0.0, one).expect("one language");
        assert_eq!(
            (a.views(Lang::Fr), a.views(Lang::En)),
            (Some(&Vec::new()), None)
        );
        let none = r#"{"kinds": [], "files": 1, "secrets": false}"#;
        assert_eq!(parse_answer(1, 0.0, 0.0, none), None, "no language at all");
    }

    #[test]
    fn the_request_holds_the_tabs_only() {
        let files = vec![("a.yml".to_string(), "x: \"1\"\n".to_string())];
        assert_eq!(request(&files), r#"[["a.yml","x: \"1\"\n"]]"#);
        assert!(has_text(&files));
        assert!(!has_text(&[("a.yml".to_string(), " \n".to_string())]));
    }
}
