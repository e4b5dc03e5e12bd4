//! The explain box: a pasted error message, explained with the tabs' diagnostics. The
//! engine writes the answer's markup (`src/explain_html.rs`); the box inserts it and opens
//! the place a confirmation names.

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
                let ok = explain::load(st.lang.get_untracked()).await;
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
    // A confirmation's button opens its place in the tab (the engine's markup names it).
    let on_click = move |e: ev::MouseEvent| go_to_clicked(st, &e, ".confirm-go");
    let pending = move || kb.get() != "ready" && error.with(|e| !e.trim().is_empty());
    // The base's state (while it is fetched, or when it could not be), else the answer.
    let answer = NodeRef::<leptos::html::Div>::new();
    markup_region(answer, move || match kb.get() {
        "loading" if pending() => format!(
            "<p class=\"state\" data-state=\"loading\">{}</p>",
            esc(st.t(text::EXPLAIN_LOADING))
        ),
        "failed" if pending() => format!(
            "<p class=\"state notice failed\" data-state=\"failed\">{}</p>",
            rich_html(st.t(text::EXPLAIN_FAILED))
        ),
        _ => result.get().unwrap_or_default(),
    });
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
                <div class="explain-answer" on:click=on_click node_ref=answer></div>
            </div>
        </section>
    }
}
