//! The explain box: a pasted error message, explained with the tabs' diagnostics.

use super::*;

#[component]
pub(super) fn ExplainBox() -> impl IntoView {
    let st = expect_context::<St>();
    let error = st.explain;
    // The knowledge base is a data file, fetched the first time a text is pasted (see
    // `explain::load`); again on the next text after a failure (offline).
    let kb = RwSignal::new(if explain::ready() { "ready" } else { "idle" });
    Effect::new(move |_| {
        let asked = error.with(|e| !e.trim().is_empty());
        if asked && matches!(kb.get_untracked(), "idle" | "failed") {
            kb.set("loading");
            leptos::task::spawn_local(async move {
                let ok = explain::load().await;
                kb.try_set(if ok { "ready" } else { "failed" });
            });
        }
    });
    // Follows the text, the language and each analysis of the tabs (whose diagnostics
    // confirm causes).
    let result = Memo::new(move |_| {
        let lang = st.lang.get();
        st.analysis.track();
        if kb.get() != "ready" {
            return None;
        }
        error.with(|e| explain::explain(e, &st.files(), lang))
    });
    let pending = move || kb.get() != "ready" && error.with(|e| !e.trim().is_empty());
    view! {
        <section class="explain" aria-labelledby="explain-title">
            <h2 id="explain-title">{move || st.t(text::EXPLAIN_TITLE)}</h2>
            <p class="hint" id="explain-hint">{move || st.t(text::EXPLAIN_HINT)}</p>
            <textarea id="explain-input" class="explain-input" rows="3" spellcheck="false"
                aria-labelledby="explain-title" aria-describedby="explain-hint"
                placeholder="Post \"http://localhost:9090/api/v1/query\": dial tcp 127.0.0.1:9090: connect: connection refused"
                prop:value=move || error.get()
                on:input=move |e| error.set(event_target_value(&e))></textarea>
            <div class="explain-result" aria-live="polite" data-kb=move || kb.get()>
                <Show when=move || pending() && kb.get() == "loading">
                    <p class="state" data-state="loading">{move || st.t(text::EXPLAIN_LOADING)}</p>
                </Show>
                <Show when=move || pending() && kb.get() == "failed">
                    <p class="state notice failed" data-state="failed">{move || rich(st.t(text::EXPLAIN_FAILED))}</p>
                </Show>
                {move || {
                    let lang = st.lang.get();
                    let Some(e) = result.get() else {
                        return ().into_any();
                    };
                    let labels = &e;
                    match e.explanation.clone() {
                        Explanation::Empty => ().into_any(),
                        Explanation::Unknown => view! {
                            <div class="state" data-state="unknown">
                                <p><strong>{labels.label("explain.none").to_string()}</strong></p>
                                <p>{rich(labels.label("explain.none.help"))}</p>
                            </div>
                        }.into_any(),
                        Explanation::Found(matches) => {
                            let no_files = st.tabs.with_untracked(|t| t.iter().all(|t| t.text.trim().is_empty()));
                            view! {
                                <div data-state="found" class="explanations">
                                    {no_files.then(|| view! { <p class="hint">{text::EXPLAIN_ADD_FILES.get(lang)}</p> })}
                                    {matches.into_iter().map(|m| match_view(st, m, labels, lang, !no_files)).collect_view()}
                                </div>
                            }.into_any()
                        }
                    }
                }}
            </div>
        </section>
    }
}

/// `label:` with French typography.
pub(super) fn colon(label: String, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{label}:"),
        Lang::Fr => format!("{label}\u{a0}:"),
    }
}

/// Plain text where `https://` words become links (sources of the knowledge base).
pub(super) fn linkify(s: &str) -> Vec<AnyView> {
    let mut out = Vec::new();
    for (i, word) in s.split(' ').enumerate() {
        if i > 0 {
            out.push(" ".into_any());
        }
        if word.starts_with("https://") {
            let url = word.trim_end_matches([')', ',', '.', ';']).to_string();
            let rest = word[url.len()..].to_string();
            out.push(view! { <a href=url.clone() rel="noopener noreferrer" target="_blank">{url.clone()}</a> }.into_any());
            out.push(rest.into_any());
        } else {
            out.extend(rich(word));
        }
    }
    out
}

pub(super) fn match_view(
    st: St,
    m: explain::MatchView,
    labels: &explain::Explained,
    lang: Lang,
    have_files: bool,
) -> impl IntoView {
    let label = |id: &str| labels.label(id).to_string();
    let facts: Vec<String> = m.facts.iter().map(|(k, v)| format!("{k}={v}")).collect();
    view! {
        <article class="explanation" data-family=m.id.clone()>
            <h3><span class="family-id">{m.id.clone()}</span>" "{m.title.clone()}</h3>
            <dl class="explain-meta">
                <dt>{colon(label("explain.printed-by"), lang)}</dt>
                <dd>{m.component.clone()}</dd>
                <dt>{colon(label("explain.matched"), lang)}</dt>
                <dd><code>{m.matched.clone()}</code></dd>
                {(!facts.is_empty()).then(|| view! {
                    <dt>{colon(label("explain.facts"), lang)}</dt>
                    <dd>{facts.into_iter().map(|f| view! { <code class="fact">{f}</code>" " }).collect_view()}</dd>
                })}
            </dl>
            <p class="explain-summary"><strong>{rich(&m.summary)}</strong></p>
            <p>{rich(&m.meaning)}</p>
            <h4>{colon(label("explain.causes"), lang)}</h4>
            <ol class="causes">
                {m.causes.into_iter().map(|c| {
                    let confirmed = !c.confirmed.is_empty();
                    let checkable = c.rule.is_some() && have_files;
                    view! {
                        <li class:confirmed=confirmed>
                            {c.rule.map(|(code, name)| view! {
                                <a class="code" href=route::href(&Page::Rule(code.to_string()), lang) title=name.to_string()>{code.to_string()}</a>" "
                            })}
                            {rich(&c.text)}
                            {c.confirmed.into_iter().map(|k| {
                                let t = k.target.clone();
                                view! {
                                    <p class="confirmation" data-code=k.code.to_string()>
                                        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M6.5 11.5 3 8l1-1 2.5 2.5L12 4l1 1z"/></svg>
                                        <strong>{colon(label("explain.confirmed"), lang)}</strong>" "
                                        <button type="button" class="link confirm-go" on:click=move |_| st.go_to(&t)>
                                            {loc_label(&k.target)}
                                        </button>" "{rich(&k.message)}
                                    </p>
                                }
                            }).collect_view()}
                            {(checkable && !confirmed).then(|| view! {
                                <p class="not-confirmed">{label("explain.not-found")}</p>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            <details class="sources">
                <summary>{label("explain.sources")}</summary>
                <ul>{m.sources.iter().map(|s| view! { <li>{linkify(s)}</li> }).collect_view()}</ul>
            </details>
        </article>
    }
}
