//! The rule pages: the index of every rule and one page per rule.

use super::*;

/// The rule pages' data file (summaries, pages, examples), fetched the first time (see
/// `rulepage::load`): `None` while it comes, `Some(None)` if it could not be fetched.
fn pages_signal() -> RwSignal<Option<Option<rulepage::Pages>>, LocalStorage> {
    let pages = RwSignal::new_local(rulepage::loaded().map(Some));
    if pages.get_untracked().is_none() {
        leptos::task::spawn_local(async move {
            let loaded = rulepage::load().await;
            pages.try_set(Some(loaded));
        });
    }
    pages
}

fn pages_state(pages: &Option<Option<rulepage::Pages>>) -> &'static str {
    match pages {
        None => "loading",
        Some(None) => "failed",
        Some(Some(_)) => "ready",
    }
}

/// The index's tables, one per domain, as markup: some hundred rows of plain text and
/// links, written as a string rather than as views (less view code in the page's module).
fn index_html(lang: Lang, pages: Option<&[rulepage::Page]>) -> String {
    let mut domains: Vec<&'static str> = rulepage::RULES.iter().map(|r| r.domain).collect();
    domains.dedup();
    let mut out = String::new();
    for dom in domains {
        out.push_str(&format!(
            "<section class=\"domain\"><h2><code>{}</code></h2><table class=\"rules-table\"><thead><tr>\
             <th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>\
             <th scope=\"col\">{}</th></tr></thead><tbody>",
            esc(dom),
            esc(text::COL_CODE.get(lang)),
            esc(text::COL_NAME.get(lang)),
            esc(text::COL_SEVERITY.get(lang)),
            esc(text::COL_SUMMARY.get(lang)),
        ));
        for r in rulepage::RULES.iter().filter(|r| r.domain == dom) {
            let href = esc(&route::href(&Page::Rule(r.code.to_string()), lang));
            let summary = pages
                .and_then(|p| rulepage::summary(p, r, lang))
                .unwrap_or(r.name);
            out.push_str(&format!(
                "<tr data-rule=\"{code}\"><td><a class=\"code\" href=\"{href}\">{code}</a></td>\
                 <td><a href=\"{href}\">{}</a></td><td><span class=\"sev {}\">{} \
                 {}</span></td><td>{}</td></tr>",
                esc(r.name),
                severity_class(r.severity),
                severity_icon_html(r.severity),
                esc(severity_text(r.severity).get(lang)),
                rich_html(summary),
                code = esc(r.code),
            ));
        }
        out.push_str("</tbody></table></section>");
    }
    out
}

#[component]
pub(super) fn RulesIndex() -> impl IntoView {
    let st = expect_context::<St>();
    // The summaries are in the rule pages' data file: each rule's name until it is in (or
    // if it cannot be fetched).
    let pages = pages_signal();
    let node = NodeRef::<leptos::html::Main>::new();
    markup_region(node, move || {
        let lang = st.lang.get();
        format!(
            "<h1>{}</h1><p>{}</p><div>{}</div>",
            esc(text::RULES_TITLE.get(lang)),
            esc(text::RULES_INTRO.get(lang)),
            pages.with(|p| index_html(
                lang,
                p.as_ref().and_then(|p| p.as_deref()).map(|v| v.as_slice())
            ))
        )
    });
    view! {
        <main id="main" class="page rules-index" data-pages=move || pages.with(pages_state)
            node_ref=node></main>
    }
}

#[component]
pub(super) fn RulePage(code: String) -> impl IntoView {
    let st = expect_context::<St>();
    let Some(rule) = rulepage::find(&code) else {
        return view! { <NotFound path=format!("/rules/{code}")/> }.into_any();
    };
    // The pages are a data file fetched the first time (see `rulepage::load`).
    let pages = pages_signal();
    let state = move || pages.with(pages_state);
    let page = move || {
        pages
            .get()
            .flatten()
            .and_then(|ps| rulepage::page(&ps, rule, st.lang.get()).cloned())
    };
    let load = move |good: bool| {
        if let Some(p) = page() {
            st.load(if good { p.good } else { p.bad });
            navigate(&route::href(&Page::Editor, st.lang.get_untracked()));
        }
    };
    // Breadcrumbs, the buttons that load the page's examples, the data file's state, the page.
    let node: NodeRef<leptos::html::Main> = NodeRef::new();
    markup_region(node, move || {
        let lang = st.lang.get();
        let t = |t: T| esc(t.get(lang));
        let page = page();
        let button = |class: &str, label: T, files: Option<&Vec<(String, String)>>| {
            files.filter(|f| !f.is_empty()).map_or(String::new(), |_| {
                format!(
                    "<button type=\"button\" class=\"{class}\">{}</button>",
                    t(label)
                )
            })
        };
        let notice = match state() {
            "loading" => format!(
                "<p class=\"notice\" role=\"status\">{}</p>",
                t(text::RULE_PAGE_LOADING)
            ),
            "failed" => format!(
                "<p class=\"notice failed\" role=\"alert\">{}</p>",
                rich_html(text::RULE_PAGE_FAILED.get(lang))
            ),
            _ => String::new(),
        };
        format!(
            "<nav class=\"crumbs\"{}><a{}>{}</a> / <span aria-current=\"page\">{}</span></nav><div \
             class=\"rule-actions\">{}{}</div>{notice}<article class=\"markdown\">{}</article>",
            attr("aria-label", text::BREADCRUMB.get(lang)),
            attr("href", &route::href(&Page::Rules, lang)),
            t(text::ALL_RULES),
            esc(rule.code),
            button("primary load-bad", text::LOAD_BAD, page.as_ref().map(|p| &p.bad)),
            button("load-good", text::LOAD_GOOD, page.as_ref().map(|p| &p.good)),
            page.as_ref().map_or("", |p| p.html.as_str()),
        )
    });
    let on_click = move |e: ev::MouseEvent| {
        if closest(&e, ".load-bad").is_some() {
            load(false);
        } else if closest(&e, ".load-good").is_some() {
            load(true);
        }
    };
    view! {
        <main id="main" class="page rule-page" data-rule=rule.code data-pages=state
            node_ref=node on:click=on_click></main>
    }
    .into_any()
}

#[component]
pub(super) fn NotFound(path: String) -> impl IntoView {
    let st = expect_context::<St>();
    let node = NodeRef::<leptos::html::Main>::new();
    markup_region(node, move || {
        let lang = st.lang.get();
        format!(
            "<h1>{}</h1><p><code>{}</code></p><p><a{}>{}</a> · <a{}>{}</a></p>",
            esc(text::NOT_FOUND.get(lang)),
            esc(&path),
            attr("href", &route::href(&Page::Editor, lang)),
            esc(text::BACK_TO_EDITOR.get(lang)),
            attr("href", &route::href(&Page::Rules, lang)),
            esc(text::ALL_RULES.get(lang)),
        )
    });
    view! { <main id="main" class="page not-found" node_ref=node></main> }
}
