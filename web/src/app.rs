//! The page: its shared state ([`St`]) and layout. Each part of the page is a component in
//! `app/` (header, editor, diagnostics, explain box, rule pages, opening files) that keeps
//! its own local state and reads the shared state from the context.

use crate::engine::{self, Analysis, Engine};
use crate::explain;
use crate::files::{self, Skip};
use crate::lint::{DiagView, Target};
use crate::route::{self, Page, Route};
use crate::rulepage;
use crate::seeds;
use crate::share::{self, ShareError};
use crate::text::{self, T};
use diagnose_core::strings::escape_html as esc;
use diagnose_core::{Lang, Severity};
use leptos::ev;
use leptos::prelude::*;
use std::sync::Arc;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};

mod diagnostics;
mod editor;
mod explain_box;
mod header;
mod markup;
mod open;
mod rule_pages;
mod stack_map;
use diagnostics::*;
use editor::*;
use explain_box::*;
use header::*;
use markup::*;
use open::*;
use rule_pages::*;
use stack_map::*;

/// Delay between the last keystroke and the analysis.
const DEBOUNCE: Duration = Duration::from_millis(120);
const LANG_KEY: &str = "diagnose.lang";

#[derive(Clone, Debug, PartialEq)]
pub struct Tab {
    pub id: u32,
    pub name: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    ShareDamaged(ShareError),
    UnknownExample(String),
    /// The examples' data file could not be fetched (offline before it ever was).
    ExampleUnavailable(String),
    Skipped(Vec<(String, Skip)>),
    NothingToOpen,
}

/// The state of the page, shared by every component.
#[derive(Clone, Copy)]
pub struct St {
    pub lang: RwSignal<Lang>,
    pub route: RwSignal<Route>,
    pub tabs: RwSignal<Vec<Tab>>,
    pub active: RwSignal<Option<u32>>,
    /// The latest analysis the engine answered (`None` before the first).
    pub analysis: RwSignal<Option<Arc<Analysis>>>,
    /// Where the engine module stands.
    pub engine: RwSignal<Engine>,
    pub notices: RwSignal<Vec<Notice>>,
    pub share_link: RwSignal<Option<String>>,
    pub dragging: RwSignal<bool>,
    /// The error message pasted in the explain box.
    pub explain: RwSignal<String>,
    /// The example whose files are being fetched (their data file, the first time).
    pub example: RwSignal<Option<String>>,
    /// The share link being decoded (the browser inflates it: a few milliseconds).
    pub opening: RwSignal<Option<String>>,
    pub editor: NodeRef<leptos::html::Textarea>,
    pub file_input: NodeRef<leptos::html::Input>,
    pub folder_input: NodeRef<leptos::html::Input>,
    next_id: StoredValue<u32>,
    seq: StoredValue<u64>,
    /// Files were just loaded: show the first one with a finding once the analysis is in.
    show_finding: StoredValue<bool>,
    timer: StoredValue<Option<TimeoutHandle>, LocalStorage>,
}

fn now() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or(0.0)
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn initial_lang(route: &Route) -> Lang {
    route
        .lang
        .or_else(|| {
            storage()
                .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
                .and_then(|v| Lang::parse(&v))
        })
        .or_else(|| {
            window()
                .navigator()
                .language()
                .and_then(|l| Lang::parse(&l))
        })
        .unwrap_or(Lang::En)
}

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// Sets the URL fragment without a history entry or a `hashchange` event.
fn replace_hash(hash: &str) {
    if let Ok(h) = window().history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(hash));
    }
}

impl St {
    fn new() -> St {
        let route = route::parse(&current_hash());
        St {
            lang: RwSignal::new(initial_lang(&route)),
            route: RwSignal::new(route),
            tabs: RwSignal::new(Vec::new()),
            active: RwSignal::new(None),
            analysis: RwSignal::new(None),
            engine: RwSignal::new(if engine::ready() {
                Engine::Ready
            } else {
                Engine::Idle
            }),
            notices: RwSignal::new(Vec::new()),
            share_link: RwSignal::new(None),
            dragging: RwSignal::new(false),
            explain: RwSignal::new(String::new()),
            example: RwSignal::new(None),
            opening: RwSignal::new(None),
            editor: NodeRef::new(),
            file_input: NodeRef::new(),
            folder_input: NodeRef::new(),
            next_id: StoredValue::new(1),
            seq: StoredValue::new(0),
            show_finding: StoredValue::new(false),
            timer: StoredValue::new_local(None),
        }
    }

    fn t(&self, t: T) -> &'static str {
        t.get(self.lang.get())
    }

    fn new_tab(&self, name: String, text: String) -> Tab {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        Tab { id, name, text }
    }

    fn files(&self) -> Vec<(String, String)> {
        self.tabs
            .with_untracked(|t| t.iter().map(|t| (t.name.clone(), t.text.clone())).collect())
    }

    /// Analyses the tabs now: at once when the engine is loaded; else it is fetched first
    /// (the first time there is text to check), and the pane says so meanwhile.
    fn lint_now(&self) {
        if let Some(h) = self.timer.get_value() {
            h.clear();
        }
        self.timer.set_value(None);
        let seq = self.seq.get_value() + 1;
        self.seq.set_value(seq);
        let files = self.files();
        if !engine::has_text(&files) {
            // Nothing to check: no need for the engine.
            self.answered(Analysis::empty(seq, &files));
            return;
        }
        let lang = self.lang.get_untracked();
        if let Some(a) = engine::check(seq, &files, lang, now) {
            self.set_engine(Engine::Ready);
            self.answered(a);
            return;
        }
        // The previous analysis was of other tabs: "Checking…" until the engine answers.
        self.analysis.set(None);
        self.set_engine(Engine::Loading);
        let st = *self;
        leptos::task::spawn_local(async move {
            let mut answer = None;
            // The module and the texts of the language shown (it may change meanwhile), then
            // what an analysis asks for (the exporters' metric types, the first time a query
            // needs them): a load for each, then the analysis once everything is in.
            for _ in 0..3 {
                if !engine::load(st.lang.get_untracked()).await {
                    break;
                }
                let lang = st.lang.get_untracked();
                if !engine::ready_in(lang) {
                    continue;
                }
                // A newer analysis follows its own request.
                if st.seq.get_value() != seq {
                    return;
                }
                answer = engine::check(seq, &st.files(), lang, now);
                if answer.is_some() || engine::ready_in(lang) {
                    break;
                }
            }
            if st.seq.get_value() != seq {
                return;
            }
            match answer {
                Some(a) => {
                    st.set_engine(Engine::Ready);
                    st.answered(a);
                }
                None => st.set_engine(Engine::Failed),
            }
        });
    }

    /// Changes where the engine stands; only a change notifies (every analysis would
    /// otherwise re-render what reads it).
    fn set_engine(&self, e: Engine) {
        if self.engine.get_untracked() != e {
            self.engine.set(e);
        }
    }

    /// Shows an analysis; after files were loaded, opens the first one with a finding, so
    /// that the problem is in view.
    fn answered(&self, a: Analysis) {
        let flagged = (a.en.as_ref().or(a.fr.as_ref()))
            .and_then(|v| v.first())
            .map(|d| d.json.file.clone());
        self.analysis.set(Some(Arc::new(a)));
        if self.show_finding.get_value() {
            self.show_finding.set_value(false);
            let id = flagged.and_then(|p| {
                self.tabs
                    .with_untracked(|t| t.iter().find(|t| t.name == p).map(|t| t.id))
            });
            if id.is_some() {
                self.active.set(id);
                self.sync_editor();
            }
        }
    }

    /// Analyses the tabs after a pause in typing.
    fn schedule_lint(&self) {
        if let Some(h) = self.timer.get_value() {
            h.clear();
        }
        // The user is typing: the page no longer chooses the tab.
        self.show_finding.set_value(false);
        let st = *self;
        let h = set_timeout_with_handle(move || st.lint_now(), DEBOUNCE).ok();
        self.timer.set_value(h);
    }

    /// Replaces every tab.
    fn load(&self, files: Vec<(String, String)>) {
        let tabs: Vec<Tab> = files
            .into_iter()
            .map(|(n, t)| self.new_tab(n, files::normalize(t)))
            .collect();
        let first = tabs.first().map(|t| t.id);
        self.tabs.set(tabs);
        self.share_link.set(None);
        self.active.set(first);
        self.sync_editor();
        self.show_finding.set_value(true);
        self.lint_now();
    }

    /// Adds tabs, replacing tabs of the same name; an untouched empty tab goes away.
    fn add(&self, files: Vec<(String, String)>) {
        let mut last = None;
        self.tabs.update(|tabs| {
            tabs.retain(|t| !t.text.is_empty());
            for (name, text) in files {
                let text = files::normalize(text);
                if let Some(t) = tabs.iter_mut().find(|t| t.name == name) {
                    t.text = text;
                    last = Some(t.id);
                } else {
                    let t = self.new_tab(name, text);
                    last = Some(t.id);
                    tabs.push(t);
                }
            }
        });
        if last.is_some() {
            self.active.set(last);
        }
        self.show_finding.set_value(false);
        self.edited();
        self.lint_now();
        self.sync_editor();
    }

    /// The user changed the tabs: a share or example URL no longer describes them.
    fn edited(&self) {
        self.share_link.set(None);
        let r = self.route.get_untracked();
        if r.share.is_some() || matches!(r.page, Page::Example(_)) {
            let lang = self.lang.get_untracked();
            replace_hash(&route::href(&Page::Editor, lang));
            self.route.set(Route {
                page: Page::Editor,
                lang: Some(lang),
                share: None,
            });
        }
    }

    fn active_tab(&self) -> Option<Tab> {
        let id = self.active.get_untracked()?;
        self.tabs
            .with_untracked(|t| t.iter().find(|t| t.id == id).cloned())
    }

    /// Puts the active tab's text into the text area (when it is shown).
    fn sync_editor(&self) {
        let Some(ta) = self.editor.get_untracked() else {
            return;
        };
        let text = self.active_tab().map(|t| t.text).unwrap_or_default();
        if ta.value() != text {
            ta.set_value(&text);
            ta.set_scroll_top(0);
            ta.set_scroll_left(0);
        }
    }

    /// Shows a file at a position: activates its tab and puts the cursor there.
    fn go_to(&self, target: &Target) {
        let Some(id) = self
            .tabs
            .with_untracked(|t| t.iter().find(|t| t.name == target.file).map(|t| t.id))
        else {
            return;
        };
        if !matches!(
            self.route.get_untracked().page,
            Page::Editor | Page::Example(_)
        ) {
            navigate(&route::href(&Page::Editor, self.lang.get_untracked()));
        }
        self.active.set(Some(id));
        let st = *self;
        let target = target.clone();
        let place = move || {
            st.sync_editor();
            let Some(ta) = st.editor.get_untracked() else {
                return;
            };
            let _ = ta.focus();
            let _ = ta.set_selection_range(target.start_utf16, target.start_utf16);
            let lh = line_height(&ta);
            let top = (f64::from(target.line) - 1.0) * lh;
            let h = f64::from(ta.client_height());
            ta.set_scroll_top((top - h / 3.0).max(0.0) as i32);
            ta.set_scroll_left(0);
        };
        if self.editor.get_untracked().is_some() {
            place();
        } else {
            // The editor is mounted on the next render.
            request_animation_frame(place);
        }
    }

    fn set_lang(&self, lang: Lang) {
        self.lang.set(lang);
        if let Some(s) = storage() {
            let _ = s.set_item(LANG_KEY, lang.code());
        }
        let mut r = self.route.get_untracked();
        r.lang = Some(lang);
        let hash = match &r.share {
            Some(data) => route::share_href(data, lang),
            None => route::href(&r.page, lang),
        };
        replace_hash(&hash);
        self.route.set(r);
    }

    /// Reacts to a new URL fragment.
    fn on_route(&self, r: Route) {
        if let Some(l) = r.lang {
            if l != self.lang.get_untracked() {
                self.lang.set(l);
            }
        }
        let lang = self.lang.get_untracked();
        if let Some(data) = &r.share {
            self.open_share(data.clone());
        }
        if let Page::Example(id) = &r.page {
            if seeds::find(id).is_none() {
                self.notices
                    .update(|n| n.push(Notice::UnknownExample(id.clone())));
            } else if let Some(files) = seeds::loaded(id) {
                self.load(files);
            } else {
                self.load_example(id.clone());
            }
        }
        if r.lang.is_none() {
            let hash = match &r.share {
                Some(data) => route::share_href(data, lang),
                None => route::href(&r.page, lang),
            };
            replace_hash(&hash);
        }
        self.route.set(Route {
            lang: Some(lang),
            ..r
        });
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }

    /// The tabs of a first visit with nothing to load: one empty compose file (none, with the
    /// notice, when the address named something that could not be loaded).
    fn first_tabs(&self) {
        if self.notices.with_untracked(Vec::is_empty) {
            self.load(vec![("docker-compose.yml".to_string(), String::new())]);
        } else {
            self.lint_now();
        }
    }

    /// Loads an example whose files are not fetched yet: the examples' data file is fetched
    /// (once), meanwhile the diagnostics pane says so (`data-example="loading"`).
    fn load_example(&self, id: String) {
        self.example.set(Some(id.clone()));
        let st = *self;
        leptos::task::spawn_local(async move {
            let files = seeds::load(&id).await;
            // Only if the user is still waiting for this example.
            if st.example.get_untracked().as_deref() != Some(id.as_str()) {
                return;
            }
            st.example.set(None);
            match files {
                Some(files) if matches!(&st.route.get_untracked().page, Page::Example(i) if *i == id) => {
                    st.load(files)
                }
                Some(_) => {}
                None => st
                    .notices
                    .update(|n| n.push(Notice::ExampleUnavailable(id.clone()))),
            }
            if st.tabs.with_untracked(Vec::is_empty) {
                st.first_tabs();
            }
        });
    }

    /// Opens a share link's files: the browser inflates them (`share::decode`), meanwhile
    /// the diagnostics pane says so (`data-share="decoding"`); a damaged link, a notice.
    fn open_share(&self, data: String) {
        self.opening.set(Some(data.clone()));
        let st = *self;
        leptos::task::spawn_local(async move {
            let files = share::decode(&data).await;
            // Only if the address still names this link.
            if st.opening.get_untracked().as_deref() != Some(data.as_str()) {
                return;
            }
            st.opening.set(None);
            match files {
                Ok(files) => st.load(files),
                Err(e) => st.notices.update(|n| n.push(Notice::ShareDamaged(e))),
            }
            if st.tabs.with_untracked(Vec::is_empty) {
                st.first_tabs();
            }
        });
    }

    /// Packs the tabs into a share link (the browser compresses them) and shows it.
    fn share(&self) {
        let st = *self;
        let files = self.files();
        leptos::task::spawn_local(async move {
            let Some(data) = share::encode(&files).await else {
                return;
            };
            let lang = st.lang.get_untracked();
            let hash = route::share_href(&data, lang);
            replace_hash(&hash);
            st.route.set(Route {
                page: Page::Editor,
                lang: Some(lang),
                share: Some(data),
            });
            let href = window().location().href().unwrap_or(hash);
            st.share_link.set(Some(href));
        });
    }
}

fn navigate(hash: &str) {
    let _ = window().location().set_hash(hash);
}

fn line_height(el: &web_sys::Element) -> f64 {
    window()
        .get_computed_style(el)
        .ok()
        .flatten()
        .and_then(|s| s.get_property_value("line-height").ok())
        // JavaScript's parseFloat: no float parser in the wasm for one number.
        .map(|v| js_sys::parse_float(v.trim_end_matches("px")))
        .filter(|v| v.is_finite() && *v > 0.0)
        .unwrap_or(20.0)
}

/// `items` grouped by severity in the order `order`, each group in its first order: what a
/// stable sort by severity gives, without the sort's code (the standard library's stable
/// sort is some 3 KB of wasm per element type).
fn by_severity<T>(items: Vec<T>, sev: impl Fn(&T) -> Severity, order: [Severity; 3]) -> Vec<T> {
    let mut groups: [Vec<T>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    for item in items {
        let k = order.iter().position(|o| *o == sev(&item)).unwrap_or(2);
        groups[k].push(item);
    }
    let [a, b, c] = groups;
    let mut out = a;
    out.extend(b);
    out.extend(c);
    out
}

/// Sorts the opened files by path (an insertion sort: a few dozen files, and none of the
/// standard library's sort code in the page).
fn sort_by_path(files: &mut [(String, String)]) {
    for i in 1..files.len() {
        let mut j = i;
        while j > 0 && files[j - 1].0 > files[j].0 {
            files.swap(j - 1, j);
            j -= 1;
        }
    }
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
    }
}

fn severity_text(s: Severity) -> T {
    match s {
        Severity::Error => text::SEV_ERROR,
        Severity::Warning => text::SEV_WARNING,
        Severity::Info => text::SEV_INFO,
    }
}

/// Text with `<code>` for the parts between backticks, as markup.
fn rich_html(s: &str) -> String {
    let mut out = String::new();
    for (i, p) in s.split('`').enumerate().filter(|(_, p)| !p.is_empty()) {
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(&esc(p));
            out.push_str("</code>");
        } else {
            out.push_str(&esc(p));
        }
    }
    out
}

/// The place a clicked element of inserted markup names (`data-file`, `data-line`,
/// `data-column`, `data-start`, `data-end`: UTF-16 offsets in the tab) opens in the editor;
/// `selector` says which elements name one (the click may land on a child).
fn go_to_clicked(st: St, e: &ev::MouseEvent, selector: &str) {
    let Some(el) = closest(e, selector) else {
        return;
    };
    let num = |name: &str| {
        el.get_attribute(name)
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    };
    st.go_to(&Target {
        file: el.get_attribute("data-file").unwrap_or_default(),
        line: num("data-line"),
        column: num("data-column"),
        start_utf16: num("data-start"),
        end_utf16: num("data-end"),
    });
}

/// The attributes [`go_to_clicked`] reads, for `t`.
fn target_attrs(t: &Target) -> String {
    format!(
        "data-file=\"{}\" data-line=\"{}\" data-column=\"{}\" data-start=\"{}\" data-end=\"{}\"",
        esc(&t.file),
        t.line,
        t.column,
        t.start_utf16,
        t.end_utf16
    )
}

/// A severity's shape as markup (as [`severity_icon`]).
fn severity_icon_html(s: Severity) -> String {
    format!(
        "<svg class=\"icon {}\" viewBox=\"0 0 16 16\" aria-hidden=\"true\"><path d=\"{}\" fill-rule=\"evenodd\"></path></svg>",
        severity_class(s),
        severity_path(s)
    )
}

/// A warning paragraph: the warning shape, then `inner` (markup, already escaped); `class`
/// goes before `warning-text` in the paragraph's classes, `attrs` (such as ` role="status"`)
/// after them.
fn warning_html(class: &str, attrs: &str, inner: &str) -> String {
    format!(
        "<p class=\"{class}warning-text\"{attrs}>{}{inner}</p>",
        severity_icon_html(Severity::Warning)
    )
}

/// The SVG path of a severity's shape (cross, triangle, "i").
fn severity_path(s: Severity) -> &'static str {
    match s {
        Severity::Error => "M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm2.8 4.2L9 7l1.8 1.8-1 1L8 8l-1.8 1.8-1-1L7 7 5.2 5.2l1-1L8 6l1.8-1.8z",
        Severity::Warning => "M8 1 15.5 14.5h-15zm-.9 4.5.2 4.5h1.4l.2-4.5zM8 11a1 1 0 1 0 0 2 1 1 0 0 0 0-2z",
        Severity::Info => "M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm-.9 3h1.8v1.8H7.1zm0 3h1.8v5H7.1z",
    }
}

/// A shape per severity (cross, triangle, "i"), so that colour is never the only signal.
fn severity_icon(s: Severity) -> impl IntoView {
    let path = severity_path(s);
    view! {
        <svg class=format!("icon {}", severity_class(s)) viewBox="0 0 16 16" aria-hidden="true">
            <path d=path fill-rule="evenodd"></path>
        </svg>
    }
}

#[component]
pub fn App() -> impl IntoView {
    let st = St::new();
    provide_context(st);

    // Language: the document's `lang`, so screen readers pronounce the page right.
    Effect::new(move |_| {
        let lang = st.lang.get();
        if let Some(el) = document().document_element() {
            let _ = el.set_attribute("lang", lang.code());
        }
        document().set_title(st.t(text::TITLE));
    });
    // A language whose texts the loaded engine does not have yet (it carries ids only): fetch
    // them once and analyse again, so that the diagnostics, the map and the explanation are
    // in it; `lint_now` says so if they cannot be fetched.
    Effect::new(move |_| {
        let lang = st.lang.get();
        if !engine::ready() || engine::ready_in(lang) {
            return;
        }
        if engine::has_text(&st.files()) {
            st.lint_now();
        } else {
            leptos::task::spawn_local(async move {
                if engine::load(lang).await {
                    st.lint_now();
                }
            });
        }
    });
    // The first route, then every change of the fragment.
    st.on_route(st.route.get_untracked());
    let _ = window_event_listener(ev::hashchange, move |_| {
        st.on_route(route::parse(&current_hash()));
    });
    // An example being fetched or a share link being decoded fills the tabs itself (the page
    // is not drawn and analysed twice); if it cannot, `load_example` or `open_share` falls
    // back to the first visit's empty tab.
    if st.tabs.with_untracked(Vec::is_empty)
        && st.example.with_untracked(Option::is_none)
        && st.opening.with_untracked(Option::is_none)
    {
        st.first_tabs();
    }

    Effect::new(move |_| {
        if let Some(i) = st.folder_input.get() {
            i.set_webkitdirectory(true);
        }
    });
    // What to show: changes of language or share data keep the page (and its state).
    let view_of = Memo::new(move |_| {
        st.route.with(|r| match &r.page {
            Page::Example(_) => Page::Editor,
            p => p.clone(),
        })
    });
    let on_drag_over = move |e: ev::DragEvent| {
        e.prevent_default();
        st.dragging.set(true);
    };
    let on_drag_leave = move |e: ev::DragEvent| {
        if e.related_target().is_none() {
            st.dragging.set(false);
        }
    };
    let on_drop = move |e: ev::DragEvent| {
        e.prevent_default();
        st.dragging.set(false);
        if let Some(dt) = e.data_transfer() {
            drop_items(st, dt);
        }
    };

    view! {
        <div class="app" class:dragging=move || st.dragging.get()
            on:dragover=on_drag_over on:dragleave=on_drag_leave on:drop=on_drop>
            <Header/>
            <Bars/>
            {move || match view_of.get() {
                Page::Editor | Page::Example(_) => view! { <EditorPage/> }.into_any(),
                Page::Rules => view! { <RulesIndex/> }.into_any(),
                Page::Rule(code) => view! { <RulePage code=code/> }.into_any(),
                Page::NotFound(p) => view! { <NotFound path=p/> }.into_any(),
            }}
            <div class="drop-overlay" aria-hidden="true">
                <p>{move || st.t(text::DROP_HERE)}</p>
            </div>
            <input type="file" multiple class="hidden-input" node_ref=st.file_input
                tabindex="-1" aria-hidden="true"
                on:change=move |_| open_inputs(st, st.file_input, false)/>
            <input type="file" class="hidden-input" node_ref=st.folder_input
                tabindex="-1" aria-hidden="true"
                on:change=move |_| open_inputs(st, st.folder_input, true)/>
        </div>
    }
}
