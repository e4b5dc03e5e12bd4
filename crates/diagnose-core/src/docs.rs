//! Rule pages (`rules/<domain>/<name>.md`, French twin `<name>.fr.md`), embedded at build
//! time. The same text serves `diagnose explain`, the web app and the tests.

use crate::i18n::Lang;
use crate::rules::Rule;

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// Path of a rule's page inside `rules/`.
pub fn page_path(rule: &Rule, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{}/{}.md", rule.domain, rule.name),
        Lang::Fr => format!("{}/{}.fr.md", rule.domain, rule.name),
    }
}

pub fn page(rule: &Rule, lang: Lang) -> Option<&'static str> {
    let path = page_path(rule, lang);
    PAGES.iter().find(|(p, _)| *p == path).map(|(_, t)| *t)
}

/// The one-line summary of a rule: the first paragraph line after the page's title.
pub fn summary(rule: &Rule, lang: Lang) -> String {
    page(rule, lang)
        .and_then(|p| {
            p.lines()
                .skip_while(|l| !l.starts_with("# "))
                .skip(1)
                .find(|l| !l.trim().is_empty())
        })
        .unwrap_or(rule.name)
        .trim()
        .to_string()
}

/// Base URL of the published rule pages.
pub const DOCS_URL: &str = "https://diagnose.invalid/rules";
