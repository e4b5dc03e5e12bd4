//! The PromQL checks, in a second module (`web/promql`, `diagnose_promql_bg.wasm`).
//!
//! The page's core is built without the `promql` feature: it finds where queries are (rule
//! files, dashboards) but does not parse them. When an analysis finds a query, the page asks
//! the second module, which runs the whole engine as the CLI does, and shows its diagnostics
//! instead. The module is fetched from the page's own site the first time (by `boot.js`,
//! the only connection the page's policy allows), then answers synchronously.

use crate::lint::DiagView;
use diagnose_core::Lang;

/// Where the PromQL checks stand for the latest analysis.
#[derive(Clone, Debug, PartialEq)]
pub enum Pql {
    /// No tab holds a query: the page's own analysis is complete.
    NotNeeded,
    /// The module is being fetched and compiled; the other checks are shown meanwhile.
    Loading,
    /// The module's diagnostics for the analysis `seq`, in both languages.
    Ready {
        seq: u64,
        en: Vec<DiagView>,
        fr: Vec<DiagView>,
    },
    /// The module could not be loaded (offline before it was ever fetched, or the site
    /// lacks it): the other checks are shown.
    Failed,
}

impl Pql {
    /// The module's views for analysis `seq`, if they are ready.
    pub fn views(&self, seq: u64, lang: Lang) -> Option<&Vec<DiagView>> {
        match self {
            Pql::Ready { seq: s, en, fr } if *s == seq => Some(match lang {
                Lang::En => en,
                Lang::Fr => fr,
            }),
            _ => None,
        }
    }

    /// `data-promql` of the diagnostics pane (for tests and measurements).
    pub fn state(&self) -> &'static str {
        match self {
            Pql::NotNeeded => "none",
            Pql::Loading => "loading",
            Pql::Ready { .. } => "ready",
            Pql::Failed => "failed",
        }
    }
}

/// Reads the module's answer for analysis `seq`.
pub fn parse_answer(seq: u64, answer: &str) -> Option<Pql> {
    let v: serde_json::Value = serde_json::from_str(answer).ok()?;
    Some(Pql::Ready {
        seq,
        en: crate::wire::decode(v.get("en")?)?,
        fr: crate::wire::decode(v.get("fr")?)?,
    })
}

/// The tabs as the module takes them.
pub fn request(files: &[(String, String)]) -> String {
    serde_json::to_string(files).unwrap_or_default()
}

#[cfg(target_arch = "wasm32")]
mod bridge {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        /// Fetches and compiles the module (once); rejects if it cannot.
        #[wasm_bindgen(js_namespace = diagnosePromql, js_name = load)]
        pub fn load() -> js_sys::Promise;
        #[wasm_bindgen(js_namespace = diagnosePromql, js_name = ready)]
        pub fn ready() -> bool;
        #[wasm_bindgen(js_namespace = diagnosePromql, js_name = check, catch)]
        pub fn check(files: &str) -> Result<String, JsValue>;
    }
}

/// Whether the module is loaded (then [`check`] answers at once).
#[cfg(target_arch = "wasm32")]
pub fn ready() -> bool {
    bridge::ready()
}

/// Runs the module on the tabs; `None` if it is not loaded or its answer is unreadable.
#[cfg(target_arch = "wasm32")]
pub fn check(seq: u64, files: &[(String, String)]) -> Option<Pql> {
    if !bridge::ready() {
        return None;
    }
    parse_answer(seq, &bridge::check(&request(files)).ok()?)
}

/// Fetches the module; `false` if it could not be loaded.
#[cfg(target_arch = "wasm32")]
pub async fn load() -> bool {
    wasm_bindgen_futures::JsFuture::from(bridge::load())
        .await
        .is_ok()
}

// Natively (the unit tests), there is no second module.
#[cfg(not(target_arch = "wasm32"))]
pub fn check(_seq: u64, _files: &[(String, String)]) -> Option<Pql> {
    None
}

#[cfg(not(target_arch = "wasm32"))]
pub async fn load() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_kept_for_its_own_analysis_only() {
        let p = parse_answer(7, r#"{"en": [], "fr": []}"#).expect("reads");
        assert_eq!(p.state(), "ready");
        assert_eq!(p.views(7, Lang::Fr), Some(&Vec::new()));
        assert_eq!(
            p.views(8, Lang::Fr),
            None,
            "a newer analysis waits for its own answer"
        );
        assert_eq!(parse_answer(7, "null"), None);
        assert_eq!(Pql::Loading.views(7, Lang::En), None);
    }

    #[test]
    fn the_request_holds_the_tabs_only() {
        let files = vec![("a.yml".to_string(), "x: \"1\"\n".to_string())];
        assert_eq!(request(&files), r#"[["a.yml","x: \"1\"\n"]]"#);
    }
}
