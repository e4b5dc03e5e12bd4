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

#[component]
pub(super) fn RulesIndex() -> impl IntoView {
    let st = expect_context::<St>();
    // The summaries are in the rule pages' data file: each rule's name until it is in (or
    // if it cannot be fetched).
    let pages = pages_signal();
    let domains = move || {
        let mut d: Vec<&'static str> = rulepage::RULES.iter().map(|r| r.domain).collect();
        d.dedup();
        d
    };
    view! {
        <main id="main" class="page rules-index" data-pages=move || pages.with(pages_state)>
            <h1>{move || st.t(text::RULES_TITLE)}</h1>
            <p>{move || st.t(text::RULES_INTRO)}</p>
            {move || {
                let lang = st.lang.get();
                let pages = pages.get().flatten();
                domains().into_iter().map(|dom| view! {
                    <section class="domain">
                        <h2><code>{dom}</code></h2>
                        <table class="rules-table">
                            <thead><tr>
                                <th scope="col">{text::COL_CODE.get(lang)}</th>
                                <th scope="col">{text::COL_NAME.get(lang)}</th>
                                <th scope="col">{text::COL_SEVERITY.get(lang)}</th>
                                <th scope="col">{text::COL_SUMMARY.get(lang)}</th>
                            </tr></thead>
                            <tbody>
                                {rulepage::RULES.iter().filter(|r| r.domain == dom).map(|r| view! {
                                    <tr data-rule=r.code>
                                        <td><a class="code" href=route::href(&Page::Rule(r.code.to_string()), lang)>{r.code}</a></td>
                                        <td><a href=route::href(&Page::Rule(r.code.to_string()), lang)>{r.name}</a></td>
                                        <td><span class=format!("sev {}", severity_class(r.severity))>
                                            {severity_icon(r.severity)}" "{severity_text(r.severity).get(lang)}</span></td>
                                        <td>{rich(pages.as_ref().and_then(|p| rulepage::summary(p, r, lang)).unwrap_or(r.name))}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </section>
                }).collect_view()
            }}
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
                <Show when=move || has(false)>
                    <button type="button" class="primary load-bad" on:click=move |_| load(false)>
                        {move || st.t(text::LOAD_BAD)}
                    </button>
                </Show>
                <Show when=move || has(true)>
                    <button type="button" class="load-good" on:click=move |_| load(true)>
                        {move || st.t(text::LOAD_GOOD)}
                    </button>
                </Show>
            </div>
            <Show when=move || state() == "loading">
                <p class="notice" role="status">{move || st.t(text::RULE_PAGE_LOADING)}</p>
            </Show>
            <Show when=move || state() == "failed">
                <p class="notice failed" role="alert">{move || rich(st.t(text::RULE_PAGE_FAILED))}</p>
            </Show>
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
