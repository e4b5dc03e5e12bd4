//! Rule pages as the app shows them: the Markdown of `rules/` (the text of `diagnose
//! explain`), rendered to HTML at build time by `build.rs` with [`crate::mdrender`]'s code,
//! with each page's summary and example files.
//!
//! Only the rule index (code, name, domain, severity) is inside the page's wasm. The pages
//! (summary, HTML and example files, both languages) are a data file, `rule-pages.json`,
//! fetched from the page's own site the first time a rule page or the index is shown (see
//! [`load`] and [`crate::data`]); until then the index shows each rule's name.

use crate::{data, json};
use diagnose_core::{Lang, Severity};
use std::rc::Rc;

/// A rule as the page knows it (no check code: the engine is another module), written by
/// `build.rs` from the core's registry.
#[derive(Debug, PartialEq)]
pub struct RuleInfo {
    pub code: &'static str,
    pub name: &'static str,
    /// Folder of its page in `rules/`.
    pub domain: &'static str,
    pub severity: Severity,
}

include!(concat!(env!("OUT_DIR"), "/rules.rs"));

/// The rule with this code.
pub fn find(code: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.code == code)
}

impl RuleInfo {
    /// Path of its page inside `rules/` in `lang`, as `diagnose_core::docs::page_path` makes
    /// it (the unit test checks both agree): written here rather than stored for each rule.
    fn page_path(&self, lang: Lang) -> String {
        let ext = match lang {
            Lang::En => "md",
            Lang::Fr => "fr.md",
        };
        format!("{}/{}.{ext}", self.domain, self.name)
    }
}

/// The data file's name, next to the page (in `dist/`).
pub const DATA_FILE: &str = "rule-pages.json";

/// One rule page, in one language.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// Path inside `rules/` (`net/localhost-in-container-url.fr.md`).
    pub path: String,
    /// The line under the title (as `docs::summary`), for the index.
    pub summary: String,
    pub html: String,
    /// The files of the `bad` examples, then of the `good` ones, as (path, text).
    pub bad: Vec<(String, String)>,
    pub good: Vec<(String, String)>,
}

/// Every rule page, as read from the data file.
pub type Pages = Rc<Vec<Page>>;

fn pick<'a, T>(rule: &RuleInfo, lang: Lang, find: impl Fn(&str) -> Option<&'a T>) -> Option<&'a T> {
    find(&rule.page_path(lang)).or_else(|| find(&rule.page_path(Lang::En)))
}

/// A rule's summary (the line under the title) in `lang`, or in English.
pub fn summary<'a>(pages: &'a [Page], rule: &RuleInfo, lang: Lang) -> Option<&'a str> {
    page(pages, rule, lang).map(|p| p.summary.as_str())
}

/// A rule's page in `lang`, or in English when the translation is missing.
pub fn page<'a>(pages: &'a [Page], rule: &RuleInfo, lang: Lang) -> Option<&'a Page> {
    pick(rule, lang, |path| pages.iter().find(|p| p.path == path))
}

/// Reads the data file; `None` if it is not what `build.rs` writes.
pub fn parse(text: &str) -> Option<Vec<Page>> {
    json::each(&json::parse(text)?, |p| {
        Some(Page {
            path: json::get_str(p, "path")?,
            summary: json::get_str(p, "summary")?,
            html: json::get_str(p, "html")?,
            bad: json::files(p.get("bad")?)?,
            good: json::files(p.get("good")?)?,
        })
    })
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
    use diagnose_core::docs;

    /// The built pages are the core's embedded pages (what `diagnose explain` prints),
    /// rendered: same text, and every rule has a loadable example in both languages.
    #[test]
    fn every_rule_has_its_rendered_page_and_examples() {
        let pages = parse(data::built(DATA_FILE).unwrap()).expect("the data file reads");
        let all = diagnose_core::registry::ALL_RULES;
        assert_eq!(RULES.len(), all.len());
        for (info, rule) in RULES.iter().zip(all) {
            assert_eq!(
                (info.code, info.name, info.domain, info.severity),
                (rule.code, rule.name, rule.domain, rule.severity)
            );
            assert_eq!(find(rule.code), Some(info));
            for lang in Lang::ALL {
                let md = docs::page(rule, lang).expect("page in the core");
                let p = page(&pages, info, lang).expect("built page");
                assert_eq!(p.path, docs::page_path(rule, lang));
                assert_eq!(p.html, mdrender::render(md, lang == Lang::Fr));
                assert_eq!(
                    summary(&pages, info, lang),
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
