//! Rule pages as the app shows them: the Markdown of `rules/` (the text of `diagnose
//! explain`), rendered to HTML at build time by `build.rs` with [`crate::mdrender`]'s code,
//! with each page's summary and example files.
//!
//! Only the summaries (for the index) are inside the page's wasm. The pages themselves (HTML
//! and example files, both languages) are a data file, `rule-pages.json`, fetched from the
//! page's own site the first time a rule page is shown (see [`load`] and [`crate::data`]).

use crate::data;
use diagnose_core::docs;
use diagnose_core::rules::Rule;
use diagnose_core::Lang;
use std::rc::Rc;

/// The data file's name, next to the page (in `dist/`).
pub const DATA_FILE: &str = "rule-pages.json";

/// One rule page, in one language.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// Path inside `rules/` (`net/localhost-in-container-url.fr.md`).
    pub path: String,
    pub html: String,
    /// The files of the `bad` examples, then of the `good` ones, as (path, text).
    pub bad: Vec<(String, String)>,
    pub good: Vec<(String, String)>,
}

/// Every rule page, as read from the data file.
pub type Pages = Rc<Vec<Page>>;

include!(concat!(env!("OUT_DIR"), "/pages.rs"));

fn pick<'a, T>(rule: &Rule, lang: Lang, find: impl Fn(&str) -> Option<&'a T>) -> Option<&'a T> {
    find(&docs::page_path(rule, lang)).or_else(|| find(&docs::page_path(rule, Lang::En)))
}

/// A rule's summary (the line under the title) in `lang`, or in English.
pub fn summary(rule: &Rule, lang: Lang) -> Option<&'static str> {
    pick(rule, lang, |path| {
        SUMMARIES.iter().find(|(p, _)| *p == path).map(|(_, s)| s)
    })
    .copied()
}

/// A rule's page in `lang`, or in English when the translation is missing.
pub fn page<'a>(pages: &'a [Page], rule: &Rule, lang: Lang) -> Option<&'a Page> {
    pick(rule, lang, |path| pages.iter().find(|p| p.path == path))
}

/// Reads the data file; `None` if it is not what `build.rs` writes.
pub fn parse(json: &str) -> Option<Vec<Page>> {
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    v.as_array()?
        .iter()
        .map(|p| {
            Some(Page {
                path: p.get("path")?.as_str()?.to_string(),
                html: p.get("html")?.as_str()?.to_string(),
                bad: data::files(p.get("bad")?)?,
                good: data::files(p.get("good")?)?,
            })
        })
        .collect()
}

thread_local! {
    static LOADED: std::cell::RefCell<Option<Pages>> = const { std::cell::RefCell::new(None) };
}

/// The pages, if already loaded in this visit.
pub fn loaded() -> Option<Pages> {
    LOADED.with(|l| l.borrow().clone())
}

/// Fetches and reads the data file (the first time); `None` if it could not be loaded
/// (offline before it was ever fetched): the caller says so and may try again later.
pub async fn load() -> Option<Pages> {
    if let Some(p) = loaded() {
        return Some(p);
    }
    let pages: Pages = Rc::new(parse(&data::fetch(DATA_FILE).await?)?);
    LOADED.with(|l| *l.borrow_mut() = Some(pages.clone()));
    Some(pages)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mdrender::{self, BlockKind};

    /// The built pages are the core's embedded pages (what `diagnose explain` prints),
    /// rendered: same text, and every rule has a loadable example in both languages.
    #[test]
    fn every_rule_has_its_rendered_page_and_examples() {
        let pages = parse(data::built(DATA_FILE).unwrap()).expect("the data file reads");
        assert_eq!(pages.len(), SUMMARIES.len());
        for rule in diagnose_core::registry::ALL_RULES {
            for lang in Lang::ALL {
                let md = docs::page(rule, lang).expect("page in the core");
                let p = page(&pages, rule, lang).expect("built page");
                assert_eq!(p.path, docs::page_path(rule, lang));
                assert_eq!(p.html, mdrender::render(md, lang == Lang::Fr));
                assert_eq!(
                    summary(rule, lang),
                    Some(docs::summary(rule, lang).as_str())
                );
                assert_eq!(p.bad, mdrender::examples(md, BlockKind::Bad));
                assert!(!p.bad.is_empty(), "{} {lang:?}: no bad example", rule.code);
                assert!(p.html.contains(rule.code));
            }
        }
    }

    #[test]
    fn a_damaged_data_file_is_refused() {
        assert_eq!(parse("[{\"path\":\"x.md\"}]"), None);
        assert_eq!(parse("not json"), None);
        assert_eq!(parse("[]"), Some(vec![]));
    }
}
