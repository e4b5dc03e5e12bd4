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
    view! {
        <main id="main" class="page rules-index" data-pages=move || pages.with(pages_state)>
            <h1>{move || st.t(text::RULES_TITLE)}</h1>
            <p>{move || st.t(text::RULES_INTRO)}</p>
            <div inner_html=move || {
                let lang = st.lang.get();
                pages.with(|p| index_html(lang, p.as_ref().and_then(|p| p.as_deref()).map(|v| v.as_slice())))
            }></div>
        </main>
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
    let html = move || page().map_or(String::new(), |p| p.html);
    let has = move |good: bool| {
        page().is_some_and(|p| {
            if good {
                !p.good.is_empty()
            } else {
                !p.bad.is_empty()
            }
        })
    };
    let load = move |good: bool| {
        if let Some(p) = page() {
            st.load(if good { p.good } else { p.bad });
            navigate(&route::href(&Page::Editor, st.lang.get_untracked()));
        }
    };
    view! {
        <main id="main" class="page rule-page" data-rule=rule.code data-pages=state>
            <nav class="crumbs" aria-label=move || st.t(text::BREADCRUMB)>
                <a href=move || st.href(Page::Rules)>{move || st.t(text::ALL_RULES)}</a>
                " / "<span aria-current="page">{rule.code}</span>
            </nav>
            <div class="rule-actions">
                {
                    let when = Memo::new(move |_| has(false));
                    move || when.get().then(|| view! {
                    <button type="button" class="primary load-bad" on:click=move |_| load(false)>
                        {move || st.t(text::LOAD_BAD)}
                    </button>
                    })
                }
                {
                    let when = Memo::new(move |_| has(true));
                    move || when.get().then(|| view! {
                    <button type="button" class="load-good" on:click=move |_| load(true)>
                        {move || st.t(text::LOAD_GOOD)}
                    </button>
                    })
                }
            </div>
            {
                let when = Memo::new(move |_| state() == "loading");
                move || when.get().then(|| view! {
                <p class="notice" role="status">{move || st.t(text::RULE_PAGE_LOADING)}</p>
                })
            }
            {
                let when = Memo::new(move |_| state() == "failed");
                move || when.get().then(|| view! {
                <p class="notice failed" role="alert">{move || rich(st.t(text::RULE_PAGE_FAILED))}</p>
                })
            }
            <article class="markdown" inner_html=html></article>
        </main>
    }
    .into_any()
}

#[component]
pub(super) fn NotFound(path: String) -> impl IntoView {
    let st = expect_context::<St>();
    view! {
        <main id="main" class="page not-found">
            <h1>{move || st.t(text::NOT_FOUND)}</h1>
            <p><code>{path}</code></p>
            <p><a href=move || st.href(Page::Editor)>{move || st.t(text::BACK_TO_EDITOR)}</a>" · "
               <a href=move || st.href(Page::Rules)>{move || st.t(text::ALL_RULES)}</a></p>
        </main>
    }
}
