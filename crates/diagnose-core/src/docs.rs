//! Rule pages (`rules/<domain>/<name>.md`, French twin `<name>.fr.md`), embedded at build
//! time. The same text serves `diagnose explain`, the web app and the tests.

use diagnose_rules::Rule;
use diagnose_text::Lang;

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

/// Placeholder base URL of the rule pages, used when the build knows no better one (see
/// [`default_base_url`]). `.invalid` is reserved (RFC 2606): it never resolves.
/// Marks "no published site configured": front ends then print no link (the pages are
/// embedded: `diagnose explain <rule>` shows them offline).
pub const DOCS_URL: &str = "https://diagnose.invalid/rules";

/// Base URL of the rule pages for this build: the `rules/` folder of the repository at
/// this version's tag, so that a link shows the page that matches the binary (the pages
/// are versioned with the code, like `diagnose explain`):
/// - `DIAGNOSE_DOCS_URL` at build time, when set (a published site, a mirror);
/// - else `{package.repository}/blob/v{version}/rules` when the manifest names the
///   repository;
/// - else [`DOCS_URL`].
///
/// Front ends let users override it at run time (the CLI's `--docs-url` and the
/// `DIAGNOSE_DOCS_URL` environment variable).
pub fn default_base_url() -> String {
    if let Some(u) = option_env!("DIAGNOSE_DOCS_URL").filter(|u| !u.is_empty()) {
        return u.trim_end_matches('/').to_string();
    }
    let repo = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    if repo.starts_with("https://") {
        return format!("{repo}/blob/v{}/rules", env!("CARGO_PKG_VERSION"));
    }
    DOCS_URL.to_string()
}

/// The URL of a rule's page under `base`: `{base}/net/localhost-in-container-url.md`
/// (`.fr.md` in French).
pub fn rule_url(base: &str, rule: &Rule, lang: Lang) -> String {
    format!("{}/{}", base.trim_end_matches('/'), page_path(rule, lang))
}

/// The text of a page's first `## ` section (What it does / Ce que fait la règle),
/// joined into one paragraph.
pub fn first_section(rule: &Rule, lang: Lang) -> Option<String> {
    let page = page(rule, lang)?;
    let mut lines = page.lines().skip_while(|l| !l.starts_with("## ")).skip(1);
    let mut out = String::new();
    for l in lines.by_ref() {
        if l.starts_with("## ") || l.starts_with("```") {
            break;
        }
        let t = l.trim();
        if t.is_empty() {
            if !out.is_empty() && !out.ends_with("\n\n") {
                out.push_str("\n\n");
            }
            continue;
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push(' ');
        }
        out.push_str(t);
    }
    let out = out.trim().to_string();
    (!out.is_empty()).then_some(out)
}
