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

#[component]
pub(super) fn Diagnostics() -> impl IntoView {
    let st = expect_context::<St>();
    let views = expect_context::<Memo<Option<Vec<DiagView>>>>();
    let all_empty = move || st.tabs.with(|t| t.iter().all(|t| t.text.trim().is_empty()));
    // A memo: the summary (a live region) re-renders only when what it says changes.
    let files = Memo::new(move |_| st.analysis.with(|a| a.as_ref().map_or(0, |a| a.files)));
    // Severities the user chose to hide.
    let hidden: RwSignal<Vec<Severity>> = RwSignal::new(Vec::new());
    let summary = move || {
        let lang = st.lang.get();
        let (e, w, i) = views.with(|v| {
            v.iter()
                .flatten()
                .fold((0, 0, 0), |(e, w, i), d| match d.severity {
                    Severity::Error => (e + 1, w, i),
                    Severity::Warning => (e, w + 1, i),
                    Severity::Info => (e, w, i + 1),
                })
        });
        let files = files.get();
        let toggle = move |sev: Severity, n: usize, one: T, many: T| {
            view! {
                <button type="button" class=count_class(sev, n)
                    aria-pressed=move || (!hidden.with(|h| h.contains(&sev))).to_string()
                    on:click=move |_| hidden.update(|h| {
                        if let Some(i) = h.iter().position(|x| *x == sev) { h.remove(i); } else { h.push(sev); }
                    })>
                    {severity_icon(sev)}{plural(lang, n, one, many)}
                </button>
            }
        };
        let counts = [
            plural(lang, e, text::N_ERROR, text::N_ERRORS),
            plural(lang, w, text::N_WARNING, text::N_WARNINGS),
            plural(lang, i, text::N_INFO, text::N_INFOS),
            plural(lang, files, text::N_FILE, text::N_FILES),
        ]
        .join(", ");
        view! {
            <div class="summary">
                <div class="filters" role="group" aria-label=text::SHOW.get(lang)>
                    {toggle(Severity::Error, e, text::N_ERROR, text::N_ERRORS)}
                    {toggle(Severity::Warning, w, text::N_WARNING, text::N_WARNINGS)}
                    {toggle(Severity::Info, i, text::N_INFO, text::N_INFOS)}
                </div>
                <span class="files-count">{plural(lang, files, text::N_FILE, text::N_FILES)}</span>
                <p class="sr-only" role="status">{counts}</p>
            </div>
        }
    };
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
            {summary}
            <Show when=move || st.example.with(Option::is_some)>
                <p class="example-status state" role="status">{move || st.t(text::EXAMPLE_LOADING)}</p>
            </Show>
            {move || match st.engine.get() {
                Engine::Loading => Some(view! {
                    <p class="engine-status state" role="status">{st.t(text::ENGINE_LOADING)}</p>
                }.into_any()),
                Engine::Failed => Some(view! {
                    <p class="engine-status state warning-text" role="status">
                        {severity_icon(Severity::Warning)}{rich(st.t(text::ENGINE_FAILED))}
                    </p>
                }.into_any()),
                _ => None,
            }}
            <div>
            {move || {
                let lang = st.lang.get();
                let list = views.get();
                match list {
                    // The failure is said above.
                    None if st.engine.get() == Engine::Failed => ().into_any(),
                    None => view! { <p class="state">{st.t(text::CHECKING)}</p> }.into_any(),
                    Some(_) if st.tabs.with(Vec::is_empty) => view! {
                        <p class="state">{st.t(text::NO_FILES)}</p>
                    }.into_any(),
                    Some(v) if v.is_empty() && all_empty() => view! {
                        <p class="state">{st.t(text::ALL_EMPTY)}</p>
                    }.into_any(),
                    Some(v) if v.is_empty() => view! {
                        <p class="state ok">
                            <svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M6.5 11.5 3 8l1-1 2.5 2.5L12 4l1 1z"/></svg>
                            {st.t(text::NO_PROBLEM)}
                        </p>
                    }.into_any(),
                    Some(v) => {
                        // Errors first, then warnings, then infos; by file and line within each.
                        let mut v = by_severity(v, |d| d.severity, [Severity::Error, Severity::Warning, Severity::Info]);
                        let hide = hidden.get();
                        v.retain(|d| !hide.contains(&d.severity));
                        if v.is_empty() {
                            view! { <p class="state">{st.t(text::ALL_HIDDEN)}</p> }.into_any()
                        } else {
                            view! {
                                <ol class="diag-list">
                                    {v.into_iter().map(|d| diag_item(st, d, lang)).collect_view()}
                                </ol>
                            }.into_any()
                        }
                    }
                }
            }}
            </div>
        </section>
    }
}

pub(super) fn loc_label(t: &Target) -> String {
    format!("{}:{}:{}", t.file, t.line, t.column)
}

pub(super) fn diag_item(st: St, d: DiagView, lang: Lang) -> impl IntoView {
    let target = d.target.clone();
    let code = d.json.code;
    let sev = d.severity;
    let related = d.related.clone();
    view! {
        <li class=format!("diag {}", severity_class(sev))
            data-code=code data-rule=d.json.rule data-file=d.json.file.clone()
            data-line=d.json.line.to_string() data-column=d.json.column.to_string()
            data-severity=sev.as_str()>
            <div class="diag-top">
                <span class="sev">{severity_icon(sev)}<span class="sev-text">{severity_text(sev).get(lang)}</span></span>
                <a class="code" href=route::href(&Page::Rule(code.to_string()), lang)
                    title=text::fill(text::RULE_PAGE_OF.get(lang), &[("rule", d.json.rule.to_string())])>{code}</a>
                <span class="rule-name">{d.json.rule}</span>
            </div>
            <button type="button" class="diag-go" title=text::GO_TO.get(lang)
                on:click=move |_| st.go_to(&target)>
                <span class="loc">{loc_label(&d.target)}</span>
                <span class="msg">{rich(&d.json.message)}</span>
            </button>
            {(!d.json.notes.is_empty()).then(|| view! {
                <ul class="notes">
                    {d.json.notes.iter().map(|n| view! {
                        <li><strong>{text::NOTE.get(lang)}</strong>" "{rich(n)}</li>
                    }).collect_view()}
                </ul>
            })}
            {d.json.help.as_ref().map(|h| view! {
                <p class="help"><strong>{text::HELP.get(lang)}</strong>" "{rich(h)}</p>
            })}
            {(!related.is_empty()).then(|| view! {
                <ul class="related">
                    {related.into_iter().map(|r| {
                        let t = r.target.clone();
                        let exists = st.tabs.with_untracked(|tabs| tabs.iter().any(|x| x.name == t.file));
                        view! {
                            <li>
                                {if exists {
                                    view! { <button type="button" class="link related-go"
                                        on:click=move |_| st.go_to(&t)>{loc_label(&r.target)}</button> }.into_any()
                                } else {
                                    view! { <span class="loc">{loc_label(&r.target)}</span> }.into_any()
                                }}
                                " "{rich(&r.message)}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </li>
    }
}
