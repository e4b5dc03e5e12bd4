//! Rule pages as the app shows them: the Markdown of `rules/` (the text of `diagnose
//! explain`), rendered to HTML at build time by `build.rs` with [`crate::mdrender`]'s code,
//! with each page's summary and example files.

use diagnose_core::docs;
use diagnose_core::rules::Rule;
use diagnose_core::Lang;

/// One rule page, in one language.
pub struct Page {
    /// Path inside `rules/` (`net/localhost-in-container-url.fr.md`).
    pub path: &'static str,
    pub html: &'static str,
    /// The line under the title (Markdown inline code in backticks).
    pub summary: &'static str,
    /// The files of the `bad` examples, then of the `good` ones, as (path, text).
    pub bad: &'static [(&'static str, &'static str)],
    pub good: &'static [(&'static str, &'static str)],
}

include!(concat!(env!("OUT_DIR"), "/pages.rs"));

/// A rule's page in `lang`, or in English when the translation is missing.
pub fn page(rule: &Rule, lang: Lang) -> Option<&'static Page> {
    let find = |l: Lang| {
        let path = docs::page_path(rule, l);
        PAGES.iter().find(|p| p.path == path)
    };
    find(lang).or_else(|| find(Lang::En))
}

pub fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mdrender::{self, BlockKind};

    /// The built pages are the core's embedded pages (what `diagnose explain` prints),
    /// rendered: same text, and every rule has a loadable example in both languages.
    #[test]
    fn every_rule_has_its_rendered_page_and_examples() {
        for rule in diagnose_core::registry::ALL_RULES {
            for lang in Lang::ALL {
                let md = docs::page(rule, lang).expect("page in the core");
                let p = page(rule, lang).expect("built page");
                assert_eq!(p.path, docs::page_path(rule, lang));
                assert_eq!(p.html, mdrender::render(md, lang == Lang::Fr));
                assert_eq!(p.summary, docs::summary(rule, lang));
                assert_eq!(files(p.bad), mdrender::examples(md, BlockKind::Bad));
                assert!(!p.bad.is_empty(), "{} {lang:?}: no bad example", rule.code);
                assert!(p.html.contains(rule.code));
            }
        }
    }
}
