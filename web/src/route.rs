//! Hash routes, so that every page has a stable URL on static hosting from any sub-path:
//! `#/` (editor), `#/rules` (index), `#/rules/NET001` (a rule page), `#/examples/esxi`
//! (loads a seed stack). Query parameters after `?`: `lang=en|fr`, `s=<share data>`.

use diagnose_core::Lang;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    Editor,
    Rules,
    Rule(String),
    Example(String),
    NotFound(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub page: Page,
    pub lang: Option<Lang>,
    pub share: Option<String>,
}

pub fn parse(hash: &str) -> Route {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
    let mut lang = None;
    let mut share = None;
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("lang", v)) => lang = Lang::parse(v),
            Some(("s", v)) if !v.is_empty() => share = Some(v.to_string()),
            _ => {}
        }
    }
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let page = match parts.as_slice() {
        [] => Page::Editor,
        ["rules"] => Page::Rules,
        ["rules", code] => Page::Rule(code.to_string()),
        ["examples", id] => Page::Example(id.to_string()),
        _ => Page::NotFound(path.to_string()),
    };
    Route { page, lang, share }
}

/// The fragment (with `#`) of a page in a language.
pub fn href(page: &Page, lang: Lang) -> String {
    let path = match page {
        Page::Editor => "/".to_string(),
        Page::Rules => "/rules".to_string(),
        Page::Rule(code) => format!("/rules/{code}"),
        Page::Example(id) => format!("/examples/{id}"),
        Page::NotFound(p) => format!("/{}", p.trim_start_matches('/')),
    };
    format!("#{path}?lang={}", lang.code())
}

/// The fragment of a share link.
pub fn share_href(data: &str, lang: Lang) -> String {
    format!("#/?lang={}&s={data}", lang.code())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_page() {
        assert_eq!(parse("").page, Page::Editor);
        assert_eq!(parse("#/").page, Page::Editor);
        assert_eq!(parse("#/rules").page, Page::Rules);
        assert_eq!(parse("#/rules/").page, Page::Rules);
        assert_eq!(parse("#/rules/NET001").page, Page::Rule("NET001".into()));
        assert_eq!(parse("#/examples/esxi").page, Page::Example("esxi".into()));
        assert_eq!(parse("#/nope/x").page, Page::NotFound("/nope/x".into()));
    }

    #[test]
    fn reads_language_and_share_data() {
        let r = parse("#/?lang=fr&s=abc-_");
        assert_eq!(r.lang, Some(Lang::Fr));
        assert_eq!(r.share.as_deref(), Some("abc-_"));
        assert_eq!(parse("#/rules?lang=xx").lang, None);
        assert_eq!(parse("#/rules/NET001?lang=en").lang, Some(Lang::En));
    }

    #[test]
    fn hrefs_round_trip() {
        for page in [
            Page::Editor,
            Page::Rules,
            Page::Rule("NET001".into()),
            Page::Example("flask".into()),
        ] {
            for lang in Lang::ALL {
                let r = parse(&href(&page, lang));
                assert_eq!((r.page, r.lang), (page.clone(), Some(lang)));
            }
        }
        let r = parse(&share_href("xyz", Lang::Fr));
        assert_eq!(
            (r.page, r.lang, r.share.as_deref()),
            (Page::Editor, Some(Lang::Fr), Some("xyz"))
        );
    }
}
