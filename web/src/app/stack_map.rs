//! The Map view: who talks to whom in the tabs' stack, drawn as an SVG (a layered layout,
//! top to bottom). Broken arrows are red, dashed and labelled with ✗ and the codes that
//! break them; a list of them follows the picture. Clicking a box or an arrow (or pressing
//! Enter on it) opens its line in the editor.
//!
//! The engine module draws it (`map` in `engine/`, with `src/map_svg.rs`: the graph of
//! `diagnose graph --format json`, laid out and written as markup in the page's language),
//! fetched when the map is first opened if it is not loaded yet; the page inserts the
//! markup and opens the line that an element names (`data-file`, `data-line`) through one
//! handler on the map. The page's module carries no drawing code.

use super::*;

#[derive(Clone, Debug, PartialEq)]
enum MapState {
    Loading,
    /// The markup the engine wrote.
    Ready(String),
    Failed,
}

/// The editor position of the start of `line` in the tab `file`.
fn line_target(st: St, file: &str, line: u32) -> Option<Target> {
    st.tabs.with_untracked(|tabs| {
        let t = tabs.iter().find(|t| t.name == file)?;
        let start: usize = t
            .text
            .split('\n')
            .take(line.saturating_sub(1) as usize)
            .map(|l| l.encode_utf16().count() + 1)
            .sum();
        Some(Target {
            file: file.to_string(),
            line,
            column: 1,
            start_utf16: start as u32,
            end_utf16: start as u32,
        })
    })
}

/// Opens the line that the map's element under the event's target names (a box, an arrow, an
/// entry of the list); whether there was one.
fn open_line(st: St, e: &web_sys::Event) -> bool {
    let Some(el) = closest(e, "[data-file][data-line]") else {
        return false;
    };
    let file = el.get_attribute("data-file").unwrap_or_default();
    let line = el
        .get_attribute("data-line")
        .and_then(|l| l.parse().ok())
        .unwrap_or(1);
    if let Some(t) = line_target(st, &file, line) {
        st.go_to(&t);
    }
    true
}

#[component]
pub(super) fn StackMapPane() -> impl IntoView {
    let st = expect_context::<St>();
    let open = RwSignal::new(false);
    let state: RwSignal<MapState> = RwSignal::new(MapState::Loading);
    // While open, follow every analysis and the language (the engine writes the map in it;
    // the same tabs are not analysed again).
    Effect::new(move |_| {
        if !open.get() {
            return;
        }
        let lang = st.lang.get();
        let seq = st.analysis.with(|a| a.as_ref().map_or(0, |a| a.seq));
        if let Some(m) = engine::map(&st.files(), lang) {
            state.set(MapState::Ready(m));
            return;
        }
        state.set(MapState::Loading);
        leptos::task::spawn_local(async move {
            let loaded = engine::load(lang).await;
            let now = st
                .analysis
                .with_untracked(|a| a.as_ref().map_or(0, |a| a.seq));
            if now != seq || !open.get_untracked() || st.lang.get_untracked() != lang {
                return;
            }
            let m = if loaded {
                engine::map(&st.files(), lang)
            } else {
                None
            };
            state.set(m.map_or(MapState::Failed, MapState::Ready));
        });
    });
    let on_click = move |e: ev::MouseEvent| {
        open_line(st, &e);
    };
    let on_key = move |e: ev::KeyboardEvent| {
        // Boxes and arrows are `role="button"` groups; the list's entries are buttons, which
        // the browser clicks on Enter itself.
        let on_group = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| el.tag_name() == "g");
        if on_group && (e.key() == "Enter" || e.key() == " ") && open_line(st, &e) {
            e.prevent_default();
        }
    };
    // The map, or why it is not there yet (or could not be drawn).
    let body = NodeRef::<leptos::html::Div>::new();
    markup_region(body, move || {
        if !open.get() {
            return String::new();
        }
        let lang = st.lang.get();
        match state.get() {
            MapState::Ready(m) => m,
            MapState::Loading => format!(
                "<p class=\"state\" role=\"status\">{}</p>",
                esc(text::MAP_LOADING.get(lang))
            ),
            MapState::Failed => warning_html(
                "state ",
                " role=\"status\"",
                &esc(text::MAP_FAILED.get(lang)),
            ),
        }
    });
    view! {
        <section id="map" class="map-pane" aria-labelledby="map-title"
            data-state=move || match state.get() {
                _ if !open.get() => "closed",
                MapState::Loading => "loading",
                MapState::Ready(..) => "ready",
                MapState::Failed => "failed",
            }>
            <div class="map-head">
                <h2 id="map-title">{move || st.t(text::MAP_TITLE)}</h2>
                <button type="button" class="map-toggle" aria-expanded=move || open.get().to_string()
                    aria-controls="map-body" on:click=move |_| open.update(|o| *o = !*o)>
                    {move || if open.get() { st.t(text::MAP_HIDE) } else { st.t(text::MAP_SHOW) }}
                </button>
            </div>
            <div id="map-body" on:click=on_click on:keydown=on_key node_ref=body></div>
        </section>
    }
}
