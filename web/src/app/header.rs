//! The top of the page: brand, navigation, examples menu, language switch; the share bar and
//! the notices under it.

use super::*;

/// The header's markup: brand, navigation (the current page marked), the examples menu, the
/// share button (disabled without tabs), the language switch, the privacy line.
fn header_html(lang: Lang, rules: bool, no_tabs: bool) -> String {
    let t = |t: T| esc(t.get(lang));
    let current = |on: bool| if on { " aria-current=\"page\"" } else { "" };
    let mut examples = String::new();
    for s in seeds::SEEDS {
        examples.push_str(&format!(
            "<li><a class=\"example-link\" data-seed=\"{id}\"{}><strong>{id}</strong><span>{}</span></a></li>",
            attr("href", &route::href(&Page::Example(s.id.to_string()), lang)),
            esc(s.title),
            id = esc(s.id),
        ));
    }
    let lang_button = |l: Lang, label: &str| {
        format!(
            "<button type=\"button\" class=\"lang-btn\" lang=\"{}\" aria-pressed=\"{}\">{label}</button>",
            l.code(),
            l == lang
        )
    };
    let editor = attr("href", &route::href(&Page::Editor, lang));
    format!(
        "<div class=\"brand-row\"><a class=\"brand\"{editor}><svg class=\"logo\" viewBox=\"0 0 16 16\" \
         aria-hidden=\"true\"><path d=\"M2 12h2l2-6 3 8 2-5h3\" fill=\"none\" stroke=\"currentColor\" \
         stroke-width=\"1.6\"></path></svg>diagnose</a><span class=\"tagline\">{}</span></div>\
         <nav class=\"main-nav\" aria-label=\"{}\"><a{editor}{}>{}</a><a{}{}>{}</a>\
         <details class=\"examples-menu\"><summary>{}</summary><div class=\"menu-panel\"><p \
         class=\"menu-hint\">{}</p><ul>{examples}</ul></div></details><button type=\"button\" \
         class=\"share-btn\"{}>{}</button><div class=\"lang-switch\" role=\"group\" \
         aria-label=\"Language / Langue\">{}{}</div></nav><p class=\"privacy\"><svg class=\"icon\" \
         viewBox=\"0 0 16 16\" aria-hidden=\"true\"><path d=\"M4 7V5a4 4 0 0 1 8 0v2h1v8H3V7zm2 0h4V5a2 2 \
         0 0 0-4 0z\"></path></svg>{}</p>",
        t(text::TAGLINE),
        t(text::NAV_LABEL),
        current(!rules),
        t(text::NAV_EDITOR),
        attr("href", &route::href(&Page::Rules, lang)),
        current(rules),
        t(text::NAV_RULES),
        t(text::EXAMPLES),
        t(text::EXAMPLES_HINT),
        if no_tabs { " disabled" } else { "" },
        t(text::SHARE),
        lang_button(Lang::En, "EN"),
        lang_button(Lang::Fr, "FR"),
        t(text::PRIVACY),
    )
}

/// The examples menu of the header, when it is in the page.
fn examples_menu() -> Option<web_sys::HtmlDetailsElement> {
    document()
        .query_selector("details.examples-menu")
        .ok()
        .flatten()
        .and_then(|d| d.dyn_into().ok())
}

#[component]
pub(super) fn Header() -> impl IntoView {
    let st = expect_context::<St>();
    let node: NodeRef<leptos::html::Header> = NodeRef::new();
    markup_region(node, move || {
        let rules = st
            .route
            .with(|r| matches!(r.page, Page::Rules | Page::Rule(_)));
        header_html(st.lang.get(), rules, st.tabs.with(Vec::is_empty))
    });
    let close_menu = || {
        if let Some(d) = examples_menu() {
            d.set_open(false);
        }
    };
    // A click outside the open examples menu closes it.
    let _ = window_event_listener(ev::click, move |e| {
        if let Some(d) = examples_menu() {
            let inside = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                .is_some_and(|n| d.contains(Some(&n)));
            if !inside {
                d.set_open(false);
            }
        }
    });
    let on_click = move |e: ev::MouseEvent| {
        if closest(&e, ".example-link").is_some() {
            close_menu();
        } else if closest(&e, ".share-btn").is_some() {
            st.share();
        } else if let Some(b) = closest(&e, ".lang-btn") {
            if let Some(l) = b.get_attribute("lang").and_then(|l| Lang::parse(&l)) {
                st.set_lang(l);
            }
        }
    };
    view! {
        <header class="top" node_ref=node on:click=on_click
            on:keydown=move |e: ev::KeyboardEvent| if e.key() == "Escape" { close_menu() }></header>
    }
}

/// The share bar (when a link was made) and the notices, as markup.
fn bars_html(st: St, lang: Lang, copied: bool) -> String {
    let t = |t: T| esc(t.get(lang));
    let warning = |text: &str| warning_html("", "", text);
    let mut out = String::new();
    if let Some(link) = st.share_link.get() {
        let secrets = st.analysis.with(|a| a.as_ref().is_some_and(|a| a.secrets));
        out.push_str(&format!(
            "<section class=\"share-bar\" aria-labelledby=\"share-title\"><h2 id=\"share-title\" \
             class=\"small-title\">{}</h2><p class=\"hint\">{}</p>{}<div class=\"share-row\"><input \
             type=\"text\" readonly class=\"share-url\" aria-labelledby=\"share-title\"{}><button \
             type=\"button\" class=\"share-copy\">{}</button><button type=\"button\" class=\"ghost \
             share-close\">{}</button></div></section>",
            t(text::SHARE_TITLE),
            t(text::SHARE_HINT),
            if secrets { warning(&t(text::SHARE_SECRETS)) } else { String::new() },
            attr("value", &link),
            t(if copied { text::COPIED } else { text::COPY }),
            t(text::CLOSE),
        ));
    }
    st.notices.with(|notices| {
        if notices.is_empty() {
            return;
        }
        out.push_str("<div class=\"notices\" role=\"alert\">");
        for (i, n) in notices.iter().enumerate() {
            out.push_str(&format!(
                "<p class=\"notice\">{}<span>{}</span><button type=\"button\" class=\"ghost small\" \
                 data-notice=\"{i}\">{}</button></p>",
                severity_icon_html(Severity::Warning),
                rich_html(&notice_text(n, lang)),
                t(text::DISMISS),
            ));
        }
        out.push_str("</div>");
    });
    out
}

fn notice_text(n: &Notice, lang: Lang) -> String {
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
                        Skip::NotUtf8(at) => {
                            text::fill(text::SKIP_NOT_UTF8.get(lang), &[("offset", at.to_string())])
                        }
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
}

/// The share bar and the notices under the header.
#[component]
pub(super) fn Bars() -> impl IntoView {
    let st = expect_context::<St>();
    let copied = RwSignal::new(false);
    let node: NodeRef<leptos::html::Div> = NodeRef::new();
    markup_region(node, move || bars_html(st, st.lang.get(), copied.get()));
    let on_click = move |e: ev::MouseEvent| {
        if closest(&e, ".share-copy").is_some() {
            if let Some(link) = st.share_link.get_untracked() {
                let _ = window().navigator().clipboard().write_text(&link);
                copied.set(true);
            }
        } else if closest(&e, ".share-close").is_some() {
            copied.set(false);
            st.share_link.set(None);
        } else if let Some(i) = closest(&e, "[data-notice]")
            .and_then(|b| b.get_attribute("data-notice"))
            .and_then(|i| i.parse::<usize>().ok())
        {
            st.notices.update(|v| {
                if i < v.len() {
                    v.remove(i);
                }
            });
        }
    };
    // The link is selected when its field gets the focus, ready to copy.
    let on_focus = move |e: ev::FocusEvent| {
        if let Some(i) =
            closest(&e, ".share-url").and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            i.select();
        }
    };
    view! { <div node_ref=node on:click=on_click on:focusin=on_focus></div> }
}
