//! The top of the page: brand, navigation, examples menu, language switch; the share bar and
//! the notices under it.

use super::*;

#[component]
pub(super) fn Header() -> impl IntoView {
    let st = expect_context::<St>();
    let is_rules = move || matches!(st.route.get().page, Page::Rules | Page::Rule(_));
    let lang_button = move |l: Lang, label: &'static str| {
        view! {
            <button type="button" class="lang-btn" lang=l.code()
                aria-pressed=move || (st.lang.get() == l).to_string()
                on:click=move |_| st.set_lang(l)>{label}</button>
        }
    };
    view! {
        <header class="top">
            <div class="brand-row">
                <a class="brand" href=move || st.href(Page::Editor)>
                    <svg class="logo" viewBox="0 0 16 16" aria-hidden="true">
                        <path d="M2 12h2l2-6 3 8 2-5h3" fill="none" stroke="currentColor" stroke-width="1.6"/>
                    </svg>
                    "diagnose"
                </a>
                <span class="tagline">{move || st.t(text::TAGLINE)}</span>
            </div>
            <nav class="main-nav" aria-label=move || st.t(text::NAV_LABEL)>
                <a href=move || st.href(Page::Editor)
                    aria-current=move || (!is_rules()).then_some("page")>{move || st.t(text::NAV_EDITOR)}</a>
                <a href=move || st.href(Page::Rules)
                    aria-current=move || is_rules().then_some("page")>{move || st.t(text::NAV_RULES)}</a>
                <ExamplesMenu/>
                <button type="button" class="share-btn" on:click=move |_| st.share()
                    disabled=move || st.tabs.with(Vec::is_empty)>
                    {move || st.t(text::SHARE)}
                </button>
                <div class="lang-switch" role="group" aria-label="Language / Langue">
                    {lang_button(Lang::En, "EN")}
                    {lang_button(Lang::Fr, "FR")}
                </div>
            </nav>
            <p class="privacy">
                <svg class="icon" viewBox="0 0 16 16" aria-hidden="true">
                    <path d="M4 7V5a4 4 0 0 1 8 0v2h1v8H3V7zm2 0h4V5a2 2 0 0 0-4 0z"/>
                </svg>
                {move || st.t(text::PRIVACY)}
            </p>
        </header>
    }
}

#[component]
pub(super) fn ExamplesMenu() -> impl IntoView {
    let st = expect_context::<St>();
    let menu: NodeRef<leptos::html::Details> = NodeRef::new();
    let close = move || {
        if let Some(d) = menu.get_untracked() {
            d.set_open(false);
        }
    };
    let _ = window_event_listener(ev::click, move |e| {
        let Some(d) = menu.get_untracked() else {
            return;
        };
        let inside = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .is_some_and(|n| d.contains(Some(&n)));
        if !inside {
            d.set_open(false);
        }
    });
    view! {
        <details class="examples-menu" node_ref=menu
            on:keydown=move |e: ev::KeyboardEvent| if e.key() == "Escape" { close() }>
            <summary>{move || st.t(text::EXAMPLES)}</summary>
            <div class="menu-panel">
                <p class="menu-hint">{move || st.t(text::EXAMPLES_HINT)}</p>
                <ul>
                    {seeds::SEEDS.iter().map(|s| {
                        let id = s.id;
                        view! {
                            <li>
                                <a class="example-link" data-seed=id
                                    href=move || st.href(Page::Example(id.to_string()))
                                    on:click=move |_| close()>
                                    <strong>{id}</strong>
                                    <span>{s.title}</span>
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        </details>
    }
}

#[component]
pub(super) fn ShareBar() -> impl IntoView {
    let st = expect_context::<St>();
    let copied = RwSignal::new(false);
    let input: NodeRef<leptos::html::Input> = NodeRef::new();
    let has_secrets = move || st.analysis.with(|a| a.as_ref().is_some_and(|a| a.secrets));
    view! {
        {
            let when = Memo::new(move |_| st.share_link.with(Option::is_some));
            move || when.get().then(|| view! {
            <section class="share-bar" aria-labelledby="share-title">
                <h2 id="share-title" class="small-title">{move || st.t(text::SHARE_TITLE)}</h2>
                <p class="hint">{move || st.t(text::SHARE_HINT)}</p>
                {
                    let when = Memo::new(move |_| has_secrets());
                    move || when.get().then(|| view! {
                    <p class="warning-text">
                        {severity_icon(Severity::Warning)}
                        {move || st.t(text::SHARE_SECRETS)}
                    </p>
                    })
                }
                <div class="share-row">
                    <input type="text" readonly class="share-url" node_ref=input
                        aria-labelledby="share-title"
                        prop:value=move || st.share_link.get().unwrap_or_default()
                        on:focus=move |_| { if let Some(i) = input.get_untracked() { i.select(); } }/>
                    <button type="button" on:click=move |_| {
                        if let Some(link) = st.share_link.get_untracked() {
                            let clip = window().navigator().clipboard();
                            let _ = clip.write_text(&link);
                            copied.set(true);
                        }
                    }>{move || if copied.get() { st.t(text::COPIED) } else { st.t(text::COPY) }}</button>
                    <button type="button" class="ghost" on:click=move |_| { copied.set(false); st.share_link.set(None) }>
                        {move || st.t(text::CLOSE)}
                    </button>
                </div>
            </section>
            })
        }
    }
}

#[component]
pub(super) fn Notices() -> impl IntoView {
    let st = expect_context::<St>();
    let notice_text = move |n: &Notice| -> String {
        let lang = st.lang.get();
        match n {
            Notice::ShareDamaged(_) => text::SHARE_DAMAGED.get(lang).to_string(),
            Notice::UnknownExample(id) => {
                text::fill(text::UNKNOWN_EXAMPLE.get(lang), &[("id", id.clone())])
            }
            Notice::ExampleUnavailable(id) => {
                text::fill(text::EXAMPLE_FAILED.get(lang), &[("id", id.clone())])
            }
            Notice::NothingToOpen => text::NOTHING_TO_OPEN.get(lang).to_string(),
            Notice::Skipped(list) => {
                let items: Vec<String> = list
                    .iter()
                    .map(|(f, why)| {
                        let why = match why {
                            Skip::TooLarge => text::SKIP_TOO_LARGE.get(lang).to_string(),
                            Skip::Binary => text::SKIP_BINARY.get(lang).to_string(),
                            Skip::NotUtf8(at) => text::fill(
                                text::SKIP_NOT_UTF8.get(lang),
                                &[("offset", at.to_string())],
                            ),
                        };
                        format!("{f} ({why})")
                    })
                    .collect();
                text::fill(
                    text::SKIPPED_FILES.get(lang),
                    &[("files", items.join(", "))],
                )
            }
        }
    };
    view! {
        {
            let when = Memo::new(move |_| st.notices.with(|n| !n.is_empty()));
            move || when.get().then(|| view! {
            <div class="notices" role="alert">
                {move || st.notices.get().iter().enumerate().map(|(i, n)| view! {
                    <p class="notice">
                        {severity_icon(Severity::Warning)}
                        <span>{rich(&notice_text(n))}</span>
                        <button type="button" class="ghost small"
                            on:click=move |_| st.notices.update(|v| { if i < v.len() { v.remove(i); } })>
                            {move || st.t(text::DISMISS)}
                        </button>
                    </p>
                }).collect_view()}
            </div>
            })
        }
    }
}
