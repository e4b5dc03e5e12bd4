//! The diagnostics pane: counts that filter by severity, the list, links to the lines.

use super::*;

pub(super) fn plural(lang: Lang, n: usize, one: T, many: T) -> String {
    let t = if lang.singular(n) { one } else { many };
    text::fill(t.get(lang), &[("n", n.to_string())])
}

pub(super) fn count_class(s: Severity, n: usize) -> String {
    format!(
        "count {}{}",
        severity_class(s),
        if n == 0 { " zero" } else { "" }
    )
}

/// The counts of each severity, as `(errors, warnings, infos)` (the pane's counts, a tab's badge).
pub(super) fn counts<'a>(views: impl IntoIterator<Item = &'a DiagView>) -> (usize, usize, usize) {
    views
        .into_iter()
        .fold((0, 0, 0), |(e, w, i), d| match d.severity {
            Severity::Error => (e + 1, w, i),
            Severity::Warning => (e, w + 1, i),
            Severity::Info => (e, w, i + 1),
        })
}

/// The count buttons as markup: each shows or hides its severity (`aria-pressed`: shown).
fn filters_html(lang: Lang, (e, w, i): (usize, usize, usize), hidden: &[Severity]) -> String {
    let mut out = String::new();
    for (sev, n, one, many) in [
        (Severity::Error, e, text::N_ERROR, text::N_ERRORS),
        (Severity::Warning, w, text::N_WARNING, text::N_WARNINGS),
        (Severity::Info, i, text::N_INFO, text::N_INFOS),
    ] {
        out.push_str(&format!(
            "<button type=\"button\" class=\"{}\" data-sev=\"{}\" aria-pressed=\"{}\">{}{}</button>",
            count_class(sev, n),
            sev.as_str(),
            !hidden.contains(&sev),
            severity_icon_html(sev),
            esc(&plural(lang, n, one, many))
        ));
    }
    out
}

/// A state of the pane as markup (`ok`: with a tick).
fn state_html(class: &str, text: &str) -> String {
    format!("<p class=\"{class}\">{}</p>", rich_html(text))
}

#[component]
pub(super) fn Diagnostics() -> impl IntoView {
    let st = expect_context::<St>();
    let views = expect_context::<Memo<Option<Vec<DiagView>>>>();
    let all_empty = move || st.tabs.with(|t| t.iter().all(|t| t.text.trim().is_empty()));
    // A memo: the summary (a live region) re-renders only when what it says changes.
    let files = Memo::new(move |_| st.analysis.with(|a| a.as_ref().map_or(0, |a| a.files)));
    // Severities the user chose to hide.
    let hidden: RwSignal<Vec<Severity>> = RwSignal::new(Vec::new());
    let filters: NodeRef<leptos::html::Div> = NodeRef::new();
    markup_region(filters, move || {
        let c = views.with(|v| counts(v.iter().flatten()));
        hidden.with(|h| filters_html(st.lang.get(), c, h))
    });
    let on_filter = move |e: ev::MouseEvent| {
        let Some(sev) = closest(&e, "[data-sev]")
            .and_then(|b| b.get_attribute("data-sev"))
            .and_then(|s| Severity::parse(&s))
        else {
            return;
        };
        hidden.update(|h| {
            if let Some(i) = h.iter().position(|x| *x == sev) {
                h.remove(i);
            } else {
                h.push(sev);
            }
        })
    };
    let counts_text = move || {
        let lang = st.lang.get();
        let (e, w, i) = views.with(|v| counts(v.iter().flatten()));
        [
            plural(lang, e, text::N_ERROR, text::N_ERRORS),
            plural(lang, w, text::N_WARNING, text::N_WARNINGS),
            plural(lang, i, text::N_INFO, text::N_INFOS),
            plural(lang, files.get(), text::N_FILE, text::N_FILES),
        ]
        .join(", ")
    };
    // What the pane says under the counts: loading states, then the list (or why it is empty).
    let body: NodeRef<leptos::html::Div> = NodeRef::new();
    markup_region(body, move || {
        let lang = st.lang.get();
        let t = |t: T| t.get(lang);
        let mut out = String::new();
        if st.example.with(Option::is_some) {
            out.push_str(&format!(
                "<p class=\"example-status state\" role=\"status\">{}</p>",
                esc(t(text::EXAMPLE_LOADING))
            ));
        }
        let engine = st.engine.get();
        match engine {
            Engine::Loading => out.push_str(&format!(
                "<p class=\"engine-status state\" role=\"status\">{}</p>",
                esc(t(text::ENGINE_LOADING))
            )),
            Engine::Failed => out.push_str(&warning_html(
                "engine-status state ",
                " role=\"status\"",
                &rich_html(t(text::ENGINE_FAILED)),
            )),
            _ => {}
        }
        out.push_str(&match views.get() {
            // The failure is said above.
            None if engine == Engine::Failed => String::new(),
            None => state_html("state", t(text::CHECKING)),
            Some(_) if st.tabs.with(Vec::is_empty) => state_html("state", t(text::NO_FILES)),
            Some(v) if v.is_empty() && all_empty() => state_html("state", t(text::ALL_EMPTY)),
            Some(v) if v.is_empty() => format!(
                "<p class=\"state ok\"><svg class=\"icon\" viewBox=\"0 0 16 16\" aria-hidden=\"true\"><path \
                 d=\"M6.5 11.5 3 8l1-1 2.5 2.5L12 4l1 1z\"></path></svg>{}</p>",
                esc(t(text::NO_PROBLEM))
            ),
            Some(v) => {
                // Errors first, then warnings, then infos; by file and line within each.
                let mut v = by_severity(v, |d| d.severity, [Severity::Error, Severity::Warning, Severity::Info]);
                let hide = hidden.get();
                v.retain(|d| !hide.contains(&d.severity));
                if v.is_empty() {
                    state_html("state", t(text::ALL_HIDDEN))
                } else {
                    let tabs: Vec<String> = st.tabs.with_untracked(|t| t.iter().map(|t| t.name.clone()).collect());
                    let mut html = String::from("<ol class=\"diag-list\">");
                    for d in &v {
                        diag_html(&mut html, d, lang, &tabs);
                    }
                    html.push_str("</ol>");
                    html
                }
            }
        });
        out
    });
    let seq = move || st.analysis.with(|a| a.as_ref().map_or(0, |a| a.seq));
    let core_ms = move || st.analysis.with(|a| a.as_ref().map_or(0.0, |a| a.core_ms));
    let read_ms = move || st.analysis.with(|a| a.as_ref().map_or(0.0, |a| a.read_ms));
    let started = move || st.analysis.with(|a| a.as_ref().map_or(0.0, |a| a.started));
    view! {
        <section id="diagnostics" class="diagnostics" aria-labelledby="diag-title"
            data-seq=move || seq().to_string() data-core-ms=move || crate::num::Fixed(core_ms(), 2).to_string()
            data-read-ms=move || crate::num::Fixed(read_ms(), 2).to_string()
            data-started=move || crate::num::Fixed(started(), 3).to_string()
            data-engine=move || st.engine.get().state()
            data-example=move || if st.example.with(Option::is_some) { "loading" } else { "none" }
            data-share=move || if st.opening.with(Option::is_some) { "decoding" } else { "none" }>
            <h2 id="diag-title">{move || st.t(text::DIAGNOSTICS)}</h2>
            <div class="summary">
                <div class="filters" role="group" aria-label=move || st.t(text::SHOW)
                    node_ref=filters on:click=on_filter></div>
                <span class="files-count">{move || plural(st.lang.get(), files.get(), text::N_FILE, text::N_FILES)}</span>
                <p class="sr-only" role="status">{counts_text}</p>
            </div>
            <div node_ref=body on:click=move |e| go_to_clicked(st, &e, ".diag-go, .related-go")></div>
        </section>
    }
}

pub(super) fn loc_label(t: &Target) -> String {
    format!("{}:{}:{}", t.file, t.line, t.column)
}

/// One diagnostic as markup: severity, code (a link to its rule page), rule, place and
/// message (a button that opens the place), notes, help, related places (buttons when their
/// file is a tab). The list is written as one string rather than as views (less view code in
/// the page's module); its buttons name their place for [`go_to_clicked`].
fn diag_html(out: &mut String, d: &DiagView, lang: Lang, tabs: &[String]) {
    let sev = d.severity;
    let code = d.json.code;
    out.push_str(&format!(
        "<li class=\"diag {cls}\" data-code=\"{c}\" data-rule=\"{r}\" data-file=\"{}\" data-line=\"{}\" \
         data-column=\"{}\" data-severity=\"{}\"><div class=\"diag-top\"><span class=\"sev\">{}<span \
         class=\"sev-text\">{}</span></span><a class=\"code\" href=\"{}\" title=\"{}\">{c}</a><span \
         class=\"rule-name\">{r}</span></div><button type=\"button\" class=\"diag-go\" title=\"{}\" {}>\
         <span class=\"loc\">{}</span><span class=\"msg\">{}</span></button>",
        esc(&d.json.file),
        d.json.line,
        d.json.column,
        sev.as_str(),
        severity_icon_html(sev),
        esc(severity_text(sev).get(lang)),
        esc(&route::href(&Page::Rule(code.to_string()), lang)),
        esc(&text::fill(
            text::RULE_PAGE_OF.get(lang),
            &[("rule", d.json.rule.to_string())]
        )),
        esc(text::GO_TO.get(lang)),
        target_attrs(&d.target),
        esc(&loc_label(&d.target)),
        rich_html(&d.json.message),
        cls = severity_class(sev),
        c = esc(code),
        r = esc(d.json.rule),
    ));
    if !d.json.notes.is_empty() {
        out.push_str("<ul class=\"notes\">");
        for n in &d.json.notes {
            out.push_str(&format!(
                "<li><strong>{}</strong> {}</li>",
                esc(text::NOTE.get(lang)),
                rich_html(n)
            ));
        }
        out.push_str("</ul>");
    }
    if let Some(h) = &d.json.help {
        out.push_str(&format!(
            "<p class=\"help\"><strong>{}</strong> {}</p>",
            esc(text::HELP.get(lang)),
            rich_html(h)
        ));
    }
    if !d.related.is_empty() {
        out.push_str("<ul class=\"related\">");
        for r in &d.related {
            let loc = esc(&loc_label(&r.target));
            if tabs.contains(&r.target.file) {
                out.push_str(&format!(
                    "<li><button type=\"button\" class=\"link related-go\" {}>{loc}</button> {}</li>",
                    target_attrs(&r.target),
                    rich_html(&r.message)
                ));
            } else {
                out.push_str(&format!(
                    "<li><span class=\"loc\">{loc}</span> {}</li>",
                    rich_html(&r.message)
                ));
            }
        }
        out.push_str("</ul>");
    }
    out.push_str("</li>");
}
