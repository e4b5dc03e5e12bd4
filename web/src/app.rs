//! The page: header, files as tabs with an editor, diagnostics, explain box, rule pages.

use crate::explain::{self, Explanation};
use crate::files::{self, Skip};
use crate::lint::{self, DiagView, Lint, Target};
use crate::route::{self, Page, Route};
use crate::rulepage;
use crate::seeds;
use crate::share::{self, ShareError};
use crate::text::{self, T};
use diagnose_core::{registry, Lang, Severity};
use leptos::ev;
use leptos::prelude::*;
use std::sync::Arc;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};

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
    pub lint: RwSignal<Option<Arc<Lint>>, LocalStorage>,
    pub notices: RwSignal<Vec<Notice>>,
    pub share_link: RwSignal<Option<String>>,
    pub dragging: RwSignal<bool>,
    /// The error message pasted in the explain box.
    pub explain: RwSignal<String>,
    pub editor: NodeRef<leptos::html::Textarea>,
    pub file_input: NodeRef<leptos::html::Input>,
    pub folder_input: NodeRef<leptos::html::Input>,
    next_id: StoredValue<u32>,
    seq: StoredValue<u64>,
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
            lint: RwSignal::new_local(None),
            notices: RwSignal::new(Vec::new()),
            share_link: RwSignal::new(None),
            dragging: RwSignal::new(false),
            explain: RwSignal::new(String::new()),
            editor: NodeRef::new(),
            file_input: NodeRef::new(),
            folder_input: NodeRef::new(),
            next_id: StoredValue::new(1),
            seq: StoredValue::new(0),
            timer: StoredValue::new_local(None),
        }
    }

    fn t(&self, t: T) -> &'static str {
        t.get(self.lang.get())
    }

    fn href(&self, page: Page) -> String {
        route::href(&page, self.lang.get())
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

    /// Analyses the tabs now.
    fn lint_now(&self) {
        if let Some(h) = self.timer.get_value() {
            h.clear();
        }
        self.timer.set_value(None);
        let seq = self.seq.get_value() + 1;
        self.seq.set_value(seq);
        let lint = lint::run(&self.files(), seq, now);
        self.lint.set(Some(Arc::new(lint)));
    }

    /// Analyses the tabs after a pause in typing.
    fn schedule_lint(&self) {
        if let Some(h) = self.timer.get_value() {
            h.clear();
        }
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
        self.lint_now();
        // Open the first file with a finding, so that the problem is in view.
        let flagged = self.lint.with_untracked(|l| {
            let l = l.as_ref()?;
            let d = l.report.diagnostics.first()?;
            Some(l.report.file(d.primary.file).path.clone())
        });
        let active = flagged
            .and_then(|p| {
                self.tabs
                    .with_untracked(|t| t.iter().find(|t| t.name == p).map(|t| t.id))
            })
            .or(first);
        self.active.set(active);
        self.sync_editor();
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
            match share::decode(data) {
                Ok(files) => self.load(files),
                Err(e) => self.notices.update(|n| n.push(Notice::ShareDamaged(e))),
            }
        }
        if let Page::Example(id) = &r.page {
            match seeds::find(id) {
                Some(seed) => self.load(
                    seed.files
                        .iter()
                        .map(|(p, t)| (p.to_string(), t.to_string()))
                        .collect(),
                ),
                None => self
                    .notices
                    .update(|n| n.push(Notice::UnknownExample(id.clone()))),
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

    fn share(&self) {
        let data = share::encode(&self.files());
        let lang = self.lang.get_untracked();
        let hash = route::share_href(&data, lang);
        replace_hash(&hash);
        self.route.set(Route {
            page: Page::Editor,
            lang: Some(lang),
            share: Some(data),
        });
        let href = window().location().href().unwrap_or(hash);
        self.share_link.set(Some(href));
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
        .and_then(|v| v.trim_end_matches("px").parse::<f64>().ok())
        .unwrap_or(20.0)
}

/// Text with `code` spans for the parts between backticks.
fn rich(s: &str) -> Vec<AnyView> {
    s.split('`')
        .enumerate()
        .filter(|(_, p)| !p.is_empty())
        .map(|(i, p)| {
            let p = p.to_string();
            if i % 2 == 1 {
                view! { <code>{p}</code> }.into_any()
            } else {
                p.into_any()
            }
        })
        .collect()
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

/// A shape per severity (cross, triangle, "i"), so that colour is never the only signal.
fn severity_icon(s: Severity) -> impl IntoView {
    let path = match s {
        Severity::Error => "M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm2.8 4.2L9 7l1.8 1.8-1 1L8 8l-1.8 1.8-1-1L7 7 5.2 5.2l1-1L8 6l1.8-1.8z",
        Severity::Warning => "M8 1 15.5 14.5h-15zm-.9 4.5.2 4.5h1.4l.2-4.5zM8 11a1 1 0 1 0 0 2 1 1 0 0 0 0-2z",
        Severity::Info => "M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm-.9 3h1.8v1.8H7.1zm0 3h1.8v5H7.1z",
    };
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
    // The first route, then every change of the fragment.
    st.on_route(st.route.get_untracked());
    let _ = window_event_listener(ev::hashchange, move |_| {
        st.on_route(route::parse(&current_hash()));
    });
    if st.tabs.with_untracked(Vec::is_empty) {
        if st.notices.with_untracked(Vec::is_empty) {
            st.load(vec![("docker-compose.yml".to_string(), String::new())]);
        } else {
            st.lint_now();
        }
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
            <ShareBar/>
            <Notices/>
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

#[component]
fn Header() -> impl IntoView {
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
fn ExamplesMenu() -> impl IntoView {
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
fn ShareBar() -> impl IntoView {
    let st = expect_context::<St>();
    let copied = RwSignal::new(false);
    let input: NodeRef<leptos::html::Input> = NodeRef::new();
    let has_secrets = move || {
        st.lint
            .with(|l| l.as_ref().is_some_and(|l| !l.report.secrets.is_empty()))
    };
    view! {
        <Show when=move || st.share_link.with(Option::is_some)>
            <section class="share-bar" aria-labelledby="share-title">
                <h2 id="share-title" class="small-title">{move || st.t(text::SHARE_TITLE)}</h2>
                <p class="hint">{move || st.t(text::SHARE_HINT)}</p>
                <Show when=has_secrets>
                    <p class="warning-text">
                        {severity_icon(Severity::Warning)}
                        {move || st.t(text::SHARE_SECRETS)}
                    </p>
                </Show>
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
        </Show>
    }
}

#[component]
fn Notices() -> impl IntoView {
    let st = expect_context::<St>();
    let notice_text = move |n: &Notice| -> String {
        let lang = st.lang.get();
        match n {
            Notice::ShareDamaged(_) => text::SHARE_DAMAGED.get(lang).to_string(),
            Notice::UnknownExample(id) => {
                text::fill(text::UNKNOWN_EXAMPLE.get(lang), &[("id", id.clone())])
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
        <Show when=move || st.notices.with(|n| !n.is_empty())>
            <div class="notices" role="alert">
                {move || st.notices.get().iter().enumerate().map(|(i, n)| view! {
                    <p class="notice">
                        {severity_icon(Severity::Warning)}
                        <span>{notice_text(n)}</span>
                        <button type="button" class="ghost small"
                            on:click=move |_| st.notices.update(|v| { if i < v.len() { v.remove(i); } })>
                            {move || st.t(text::DISMISS)}
                        </button>
                    </p>
                }).collect_view()}
            </div>
        </Show>
    }
}

#[component]
fn EditorPage() -> impl IntoView {
    let st = expect_context::<St>();
    let views = Memo::new(move |_| {
        let lang = st.lang.get();
        st.lint
            .with(|l| l.as_ref().map(|l| lint::views(&l.report, lang)))
    });
    provide_context(views);
    view! {
        <main id="main" class="workspace">
            <section class="files-pane" aria-label=move || st.t(text::FILES)>
                <TabBar/>
                <Show when=move || st.tabs.with(|t| !t.is_empty()) fallback=|| view! { <EmptyState/> }>
                    <FileMeta/>
                    <Editor/>
                </Show>
            </section>
            <div class="side">
                <Diagnostics/>
                <ExplainBox/>
            </div>
        </main>
    }
}

#[component]
fn TabBar() -> impl IntoView {
    let st = expect_context::<St>();
    let views = expect_context::<Memo<Option<Vec<DiagView>>>>();
    let focus_tab = move |id: u32| {
        let focus = move || {
            if let Some(el) = document().get_element_by_id(&format!("tab-{id}")) {
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        };
        focus();
        // A tab that was just re-rendered (after a removal) exists on the next frame.
        request_animation_frame(focus);
    };
    let on_key = move |e: ev::KeyboardEvent| {
        let ids: Vec<u32> = st.tabs.with_untracked(|t| t.iter().map(|t| t.id).collect());
        let Some(cur) = st.active.get_untracked() else {
            return;
        };
        let Some(i) = ids.iter().position(|x| *x == cur) else {
            return;
        };
        let next = match e.key().as_str() {
            "ArrowRight" => ids[(i + 1) % ids.len()],
            "ArrowLeft" => ids[(i + ids.len() - 1) % ids.len()],
            "Home" => ids[0],
            "End" => ids[ids.len() - 1],
            _ => return,
        };
        e.prevent_default();
        st.active.set(Some(next));
        st.sync_editor();
        focus_tab(next);
    };
    let add = move |_| {
        let n = st.tabs.with_untracked(Vec::len) + 1;
        let name = format!("{}-{n}.yml", st.t(text::UNTITLED));
        let tab = st.new_tab(name, String::new());
        let id = tab.id;
        st.tabs.update(|t| t.push(tab));
        st.active.set(Some(id));
        st.edited();
        st.sync_editor();
        let focus_name = || {
            if let Some(el) = document().get_element_by_id("file-name") {
                if let Ok(el) = el.dyn_into::<web_sys::HtmlInputElement>() {
                    let _ = el.focus();
                    el.select();
                }
            }
        };
        focus_name();
        // When this is the first tab, the name field appears on the next frame.
        request_animation_frame(focus_name);
    };
    let remove = move |id: u32| {
        let mut next = None;
        st.tabs.update(|t| {
            if let Some(i) = t.iter().position(|t| t.id == id) {
                t.remove(i);
                next = t.get(i.min(t.len().saturating_sub(1))).map(|t| t.id);
            }
        });
        if st.active.get_untracked() == Some(id) {
            st.active.set(next);
        }
        st.edited();
        st.lint_now();
        st.sync_editor();
        if let Some(n) = next {
            focus_tab(n);
        }
    };
    let counts = move |name: &str| -> (usize, usize) {
        views.with(|v| {
            v.as_ref().map_or((0, 0), |v| {
                let mine = v.iter().filter(|d| d.json.file == name);
                mine.fold((0, 0), |(e, w), d| match d.severity {
                    Severity::Error => (e + 1, w),
                    Severity::Warning => (e, w + 1),
                    Severity::Info => (e, w),
                })
            })
        })
    };
    view! {
        <div class="tab-row">
            <div class="tabs" role="tablist" aria-label=move || st.t(text::FILES) on:keydown=on_key>
                <For each=move || st.tabs.get() key=|t| (t.id, t.name.clone()) let:tab>
                    {
                        let id = tab.id;
                        let name = tab.name.clone();
                        let name2 = name.clone();
                        let name3 = name.clone();
                        let selected = move || st.active.get() == Some(id);
                        view! {
                            <div class="tab" class:selected=selected>
                                <button type="button" role="tab" id=format!("tab-{id}")
                                    aria-selected=move || selected().to_string()
                                    aria-controls="editor-text"
                                    tabindex=move || if selected() { "0" } else { "-1" }
                                    title=name.clone()
                                    on:click=move |_| { st.active.set(Some(id)); st.sync_editor(); }>
                                    {move || {
                                        let (e, w) = counts(&name2);
                                        let sev = if e > 0 { Some((Severity::Error, e)) } else if w > 0 { Some((Severity::Warning, w)) } else { None };
                                        sev.map(|(s, n)| view! {
                                            <span class=format!("badge {}", severity_class(s))
                                                title=severity_text(s).get(st.lang.get())>
                                                {severity_icon(s)}{n}
                                            </span>
                                        })
                                    }}
                                    <span class="tab-name">{split_path(&name)}</span>
                                </button>
                                <button type="button" class="tab-close"
                                    aria-label=move || text::fill(st.t(text::REMOVE_FILE), &[("file", name3.clone())])
                                    title=move || st.t(text::REMOVE)
                                    on:click=move |_| remove(id)>
                                    <span aria-hidden="true">"×"</span>
                                </button>
                            </div>
                        }
                    }
                </For>
            </div>
            <div class="file-actions">
                <button type="button" class="add-tab" on:click=add>
                    <span aria-hidden="true">"+ "</span>{move || st.t(text::NEW_FILE)}
                </button>
                <button type="button" on:click=move |_| click_input(st.file_input)>
                    {move || st.t(text::OPEN_FILES)}
                </button>
                <button type="button" on:click=move |_| click_input(st.folder_input)>
                    {move || st.t(text::OPEN_FOLDER)}
                </button>
                // Narrow screens: the list is below the editor, one tap away.
                <button type="button" class="jump-diag" on:click=move |_| {
                    if let Some(el) = document().get_element_by_id("diag-title") {
                        el.scroll_into_view();
                    }
                }>
                    {move || text::fill(st.t(text::JUMP_TO_DIAGNOSTICS), &[("n", views.with(|v| v.as_ref().map_or(0, Vec::len)).to_string())])}
                </button>
            </div>
        </div>
    }
}

/// A path as a tab shows it: the folder may be cut short, the file name never is.
fn split_path(path: &str) -> impl IntoView {
    let (dir, base) = match path.rfind('/') {
        Some(i) => (path[..=i].to_string(), path[i + 1..].to_string()),
        None => (String::new(), path.to_string()),
    };
    view! {
        {(!dir.is_empty()).then(|| view! { <span class="dir">{dir}</span> })}
        <span class="base">{base}</span>
    }
}

fn click_input(r: NodeRef<leptos::html::Input>) {
    if let Some(i) = r.get_untracked() {
        i.set_value("");
        i.click();
    }
}

#[component]
fn EmptyState() -> impl IntoView {
    let st = expect_context::<St>();
    view! {
        <div class="empty-state">
            <h2>{move || st.t(text::EMPTY_TITLE)}</h2>
            <p>{move || st.t(text::EMPTY_BODY)}</p>
            <ul class="empty-examples">
                {seeds::SEEDS.iter().map(|s| {
                    let id = s.id;
                    view! { <li><a href=move || st.href(Page::Example(id.to_string()))>{id}" — "{s.title}</a></li> }
                }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn FileMeta() -> impl IntoView {
    let st = expect_context::<St>();
    let name = move || {
        let id = st.active.get();
        st.tabs.with(|t| {
            t.iter()
                .find(|t| Some(t.id) == id)
                .map(|t| t.name.clone())
                .unwrap_or_default()
        })
    };
    let kinds = move || {
        let n = name();
        st.lint
            .with(|l| l.as_ref().map(|l| lint::kinds(&l.report, &n)))
            .unwrap_or_default()
    };
    let duplicate = move || {
        let n = name();
        st.tabs
            .with(|t| t.iter().filter(|t| t.name == n).count() > 1)
    };
    let on_rename = move |e: ev::Event| {
        let v = event_target_value(&e);
        let v = v.trim().trim_start_matches("./").replace('\\', "/");
        let Some(id) = st.active.get_untracked() else {
            return;
        };
        st.tabs.update(|t| {
            if let Some(t) = t.iter_mut().find(|t| t.id == id) {
                t.name = v;
            }
        });
        st.edited();
        st.schedule_lint();
    };
    view! {
        <div class="file-meta">
            <label for="file-name">{move || st.t(text::FILE_NAME)}</label>
            <input id="file-name" type="text" spellcheck="false" autocomplete="off"
                aria-describedby="file-name-hint"
                prop:value=name on:input=on_rename/>
            <span class="kind">
                {move || {
                    let k = kinds();
                    if k.is_empty() {
                        st.t(text::KIND_NONE).to_string()
                    } else {
                        text::fill(st.t(text::KIND), &[("kind", k.join(", "))])
                    }
                }}
            </span>
            <p id="file-name-hint" class="hint">{move || st.t(text::FILE_NAME_HINT)}</p>
            <Show when=duplicate>
                <p class="warning-text">{severity_icon(Severity::Warning)}{move || st.t(text::DUPLICATE_NAME)}</p>
            </Show>
        </div>
    }
}

/// A line to highlight in the editor.
#[derive(Clone, Debug, PartialEq)]
struct Mark {
    line: u32,
    end_line: u32,
    column: u32,
    end_column: u32,
    severity: Severity,
}

#[component]
fn Editor() -> impl IntoView {
    let st = expect_context::<St>();
    let views = expect_context::<Memo<Option<Vec<DiagView>>>>();
    let scroll = RwSignal::new((0, 0));
    let active_name = Memo::new(move |_| {
        let id = st.active.get();
        st.tabs
            .with(|t| t.iter().find(|t| Some(t.id) == id).map(|t| t.name.clone()))
    });
    let line_count = Memo::new(move |_| {
        let id = st.active.get();
        st.tabs.with(|t| {
            t.iter()
                .find(|t| Some(t.id) == id)
                .map_or(1, |t| t.text.split('\n').count())
        })
    });
    let marks = Memo::new(move |_| {
        let name = active_name.get().unwrap_or_default();
        views.with(|v| {
            let mut m: Vec<Mark> = v
                .iter()
                .flatten()
                .filter(|d| d.json.file == name)
                .map(|d| Mark {
                    line: d.json.line,
                    end_line: d.json.end_line.max(d.json.line),
                    column: d.json.column,
                    end_column: d.json.end_column,
                    severity: d.severity,
                })
                .collect();
            // Most severe last, so it is drawn on top.
            m.sort_by_key(|m| m.severity);
            m
        })
    });
    // Gutter icons: the most severe diagnostic of each line.
    let gutter_marks = Memo::new(move |_| {
        let mut lines: Vec<(u32, Severity)> = Vec::new();
        for m in marks.get() {
            match lines.iter_mut().find(|(l, _)| *l == m.line) {
                Some((_, s)) => *s = (*s).max(m.severity),
                None => lines.push((m.line, m.severity)),
            }
        }
        lines
    });
    // Mounting the text area: fill it with the active tab.
    Effect::new(move |_| {
        if st.editor.get().is_some() {
            st.sync_editor();
        }
    });
    let on_input = move |e: ev::Event| {
        let v = event_target_value(&e);
        let Some(id) = st.active.get_untracked() else {
            return;
        };
        st.tabs.update(|t| {
            if let Some(t) = t.iter_mut().find(|t| t.id == id) {
                t.text = v;
            }
        });
        st.edited();
        st.schedule_lint();
    };
    let on_scroll = move |_| {
        if let Some(ta) = st.editor.get_untracked() {
            scroll.set((ta.scroll_top(), ta.scroll_left()));
        }
    };
    let numbers = move || {
        let n = line_count.get();
        let mut s = String::with_capacity(n * 4);
        for i in 1..=n {
            s.push_str(&i.to_string());
            s.push('\n');
        }
        s
    };
    view! {
        <div class="editor">
            <div class="gutter" aria-hidden="true">
                <div class="gutter-inner" style:transform=move || format!("translateY({}px)", -scroll.get().0)>
                    <pre class="numbers">{numbers}</pre>
                    {move || gutter_marks.get().into_iter().map(|(line, s)| view! {
                        <span class=format!("gutter-mark {}", severity_class(s))
                            style:top=format!("calc({} * var(--lh) + var(--pad))", line - 1)>
                            {severity_icon(s)}
                        </span>
                    }).collect_view()}
                </div>
            </div>
            <div class="code">
                <div class="overlay" aria-hidden="true">
                    <div class="overlay-inner"
                        style:transform=move || { let (t, l) = scroll.get(); format!("translate({}px, {}px)", -l, -t) }>
                        {move || marks.get().into_iter().map(|m| {
                            let lines = m.end_line - m.line + 1;
                            let single = m.end_line == m.line;
                            let width = if single { m.end_column.saturating_sub(m.column).max(1) } else { 0 };
                            view! {
                                <div class=format!("hl-line {}", severity_class(m.severity))
                                    style:top=format!("calc({} * var(--lh) + var(--pad))", m.line - 1)
                                    style:height=format!("calc({lines} * var(--lh))")></div>
                                {single.then(|| view! {
                                    <div class=format!("hl-span {}", severity_class(m.severity))
                                        style:top=format!("calc({} * var(--lh) + var(--pad))", m.line - 1)
                                        style:left=format!("calc({}ch + var(--pad))", m.column - 1)
                                        style:width=format!("{width}ch")></div>
                                })}
                            }
                        }).collect_view()}
                    </div>
                </div>
                <textarea id="editor-text" class="editor-text" node_ref=st.editor
                    wrap="off" spellcheck="false" autocapitalize="off" autocomplete="off"
                    aria-label=move || text::fill(st.t(text::EDITOR_LABEL), &[("file", active_name.get().unwrap_or_default())])
                    placeholder=move || st.t(text::EDITOR_PLACEHOLDER)
                    on:input=on_input on:scroll=on_scroll></textarea>
            </div>
        </div>
    }
}

fn plural(lang: Lang, n: usize, one: T, many: T) -> String {
    let t = if lang.singular(n) { one } else { many };
    text::fill(t.get(lang), &[("n", n.to_string())])
}

fn count_class(s: Severity, n: usize) -> String {
    format!(
        "count {}{}",
        severity_class(s),
        if n == 0 { " zero" } else { "" }
    )
}

#[component]
fn Diagnostics() -> impl IntoView {
    let st = expect_context::<St>();
    let views = expect_context::<Memo<Option<Vec<DiagView>>>>();
    let all_empty = move || st.tabs.with(|t| t.iter().all(|t| t.text.trim().is_empty()));
    // A memo: the summary (a live region) re-renders only when what it says changes.
    let files = Memo::new(move |_| {
        st.lint
            .with(|l| l.as_ref().map_or(0, |l| l.report.file_count()))
    });
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
    let seq = move || st.lint.with(|l| l.as_ref().map_or(0, |l| l.seq));
    let core_ms = move || st.lint.with(|l| l.as_ref().map_or(0.0, |l| l.core_ms));
    let started = move || st.lint.with(|l| l.as_ref().map_or(0.0, |l| l.started));
    view! {
        <section id="diagnostics" class="diagnostics" aria-labelledby="diag-title"
            data-seq=move || seq().to_string() data-core-ms=move || format!("{:.2}", core_ms())
            data-started=move || format!("{:.3}", started())>
            <h2 id="diag-title">{move || st.t(text::DIAGNOSTICS)}</h2>
            {summary}
            <div>
            {move || {
                let lang = st.lang.get();
                let list = views.get();
                match list {
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
                    Some(mut v) => {
                        // Errors first, then warnings, then infos; by file and line within each.
                        v.sort_by_key(|d| std::cmp::Reverse(d.severity));
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

fn loc_label(t: &Target) -> String {
    format!("{}:{}:{}", t.file, t.line, t.column)
}

fn diag_item(st: St, d: DiagView, lang: Lang) -> impl IntoView {
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

#[component]
fn ExplainBox() -> impl IntoView {
    let st = expect_context::<St>();
    let error = st.explain;
    let result = Memo::new(move |_| {
        let lang = st.lang.get();
        error.with(|e| {
            st.lint
                .with(|l| explain::explain(e, l.as_ref().map(|l| &l.report), lang))
        })
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
            <div class="explain-result" aria-live="polite">
                {move || {
                    let lang = st.lang.get();
                    match result.get() {
                        Explanation::Empty => ().into_any(),
                        Explanation::Unknown => view! {
                            <div class="state" data-state="unknown">
                                <p><strong>{explain::label("explain.none", lang)}</strong></p>
                                <p>{rich(&explain::label("explain.none.help", lang))}</p>
                            </div>
                        }.into_any(),
                        Explanation::Found(matches) => {
                            let no_files = st.tabs.with_untracked(|t| t.iter().all(|t| t.text.trim().is_empty()));
                            view! {
                                <div data-state="found" class="explanations">
                                    {no_files.then(|| view! { <p class="hint">{text::EXPLAIN_ADD_FILES.get(lang)}</p> })}
                                    {matches.into_iter().map(|m| match_view(st, m, lang, !no_files)).collect_view()}
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
fn colon(label: String, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{label}:"),
        Lang::Fr => format!("{label}\u{a0}:"),
    }
}

/// Plain text where `https://` words become links (sources of the knowledge base).
fn linkify(s: &str) -> Vec<AnyView> {
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

fn match_view(st: St, m: explain::MatchView, lang: Lang, have_files: bool) -> impl IntoView {
    let facts: Vec<String> = m.facts.iter().map(|(k, v)| format!("{k}={v}")).collect();
    view! {
        <article class="explanation" data-family=m.id.clone()>
            <h3><span class="family-id">{m.id.clone()}</span>" "{m.title.clone()}</h3>
            <dl class="explain-meta">
                <dt>{colon(explain::label("explain.printed-by", lang), lang)}</dt>
                <dd>{m.component.clone()}</dd>
                <dt>{colon(explain::label("explain.matched", lang), lang)}</dt>
                <dd><code>{m.matched.clone()}</code></dd>
                {(!facts.is_empty()).then(|| view! {
                    <dt>{colon(explain::label("explain.facts", lang), lang)}</dt>
                    <dd>{facts.into_iter().map(|f| view! { <code class="fact">{f}</code>" " }).collect_view()}</dd>
                })}
            </dl>
            <p class="explain-summary"><strong>{rich(&m.summary)}</strong></p>
            <p>{rich(&m.meaning)}</p>
            <h4>{colon(explain::label("explain.causes", lang), lang)}</h4>
            <ol class="causes">
                {m.causes.into_iter().map(|c| {
                    let confirmed = !c.confirmed.is_empty();
                    let checkable = c.rule.is_some() && have_files;
                    view! {
                        <li class:confirmed=confirmed>
                            {c.rule.map(|(code, name)| view! {
                                <a class="code" href=route::href(&Page::Rule(code.to_string()), lang) title=name>{code}</a>" "
                            })}
                            {rich(&c.text)}
                            {c.confirmed.into_iter().map(|k| {
                                let t = k.target.clone();
                                view! {
                                    <p class="confirmation" data-code=k.code>
                                        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M6.5 11.5 3 8l1-1 2.5 2.5L12 4l1 1z"/></svg>
                                        <strong>{colon(explain::label("explain.confirmed", lang), lang)}</strong>" "
                                        <button type="button" class="link confirm-go" on:click=move |_| st.go_to(&t)>
                                            {loc_label(&k.target)}
                                        </button>" "{rich(&k.message)}
                                    </p>
                                }
                            }).collect_view()}
                            {(checkable && !confirmed).then(|| view! {
                                <p class="not-confirmed">{explain::label("explain.not-found", lang)}</p>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            <details class="sources">
                <summary>{explain::label("explain.sources", lang)}</summary>
                <ul>{m.sources.iter().map(|s| view! { <li>{linkify(s)}</li> }).collect_view()}</ul>
            </details>
        </article>
    }
}

#[component]
fn RulesIndex() -> impl IntoView {
    let st = expect_context::<St>();
    let domains = move || {
        let mut d: Vec<&'static str> = registry::ALL_RULES.iter().map(|r| r.domain).collect();
        d.dedup();
        d
    };
    view! {
        <main id="main" class="page rules-index">
            <h1>{move || st.t(text::RULES_TITLE)}</h1>
            <p>{move || st.t(text::RULES_INTRO)}</p>
            {move || {
                let lang = st.lang.get();
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
                                {registry::ALL_RULES.iter().filter(|r| r.domain == dom).map(|r| view! {
                                    <tr data-rule=r.code>
                                        <td><a class="code" href=route::href(&Page::Rule(r.code.to_string()), lang)>{r.code}</a></td>
                                        <td><a href=route::href(&Page::Rule(r.code.to_string()), lang)>{r.name}</a></td>
                                        <td><span class=format!("sev {}", severity_class(r.severity))>
                                            {severity_icon(r.severity)}" "{severity_text(r.severity).get(lang)}</span></td>
                                        <td>{rich(rulepage::page(r, lang).map_or(r.name, |p| p.summary))}</td>
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
fn RulePage(code: String) -> impl IntoView {
    let st = expect_context::<St>();
    let Some(rule) = registry::find(&code) else {
        return view! { <NotFound path=format!("/rules/{code}")/> }.into_any();
    };
    let page = move || rulepage::page(rule, st.lang.get());
    let html = move || page().map_or("", |p| p.html);
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
            st.load(rulepage::files(if good { p.good } else { p.bad }));
            navigate(&route::href(&Page::Editor, st.lang.get_untracked()));
        }
    };
    view! {
        <main id="main" class="page rule-page" data-rule=rule.code>
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
            <article class="markdown" inner_html=html></article>
        </main>
    }
    .into_any()
}

#[component]
fn NotFound(path: String) -> impl IntoView {
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

// ---- Opening files: drag and drop, file pickers ----

fn skip_notice(st: St, skipped: Vec<(String, Skip)>) {
    if !skipped.is_empty() {
        st.notices.update(|n| n.push(Notice::Skipped(skipped)));
    }
}

fn finish_open(
    st: St,
    mut files: Vec<(String, String)>,
    skipped: Vec<(String, Skip)>,
    replace: bool,
) {
    skip_notice(st, skipped);
    if files.is_empty() {
        st.notices.update(|n| n.push(Notice::NothingToOpen));
        return;
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    if replace {
        st.load(files);
        st.edited();
    } else {
        st.add(files);
    }
    if !matches!(st.route.get_untracked().page, Page::Editor) {
        navigate(&route::href(&Page::Editor, st.lang.get_untracked()));
    }
}

async fn read_file(file: web_sys::File) -> Result<String, Skip> {
    if file.size() > files::MAX_FILE_BYTES as f64 {
        return Err(Skip::TooLarge);
    }
    let buf = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| Skip::Binary)?;
    files::text_of(js_sys::Uint8Array::new(&buf).to_vec())
}

fn open_inputs(st: St, input: NodeRef<leptos::html::Input>, folder: bool) {
    let Some(list) = input.get_untracked().and_then(|i| i.files()) else {
        return;
    };
    let mut picked = Vec::new();
    for i in 0..list.length() {
        if let Some(f) = list.get(i) {
            let rel = js_sys::Reflect::get(&f, &JsValue::from_str("webkitRelativePath"))
                .ok()
                .and_then(|v| v.as_string())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| f.name());
            // A picked folder: paths relative to it, as `diagnose check <folder>` shows them.
            let rel = if folder {
                rel.split_once('/')
                    .map_or(rel.clone(), |(_, r)| r.to_string())
            } else {
                f.name()
            };
            let ok = if folder {
                files::wanted(&f.name())
            } else {
                files::wanted_explicit(&f.name())
            };
            if ok && !files::in_skipped_dir(&rel) {
                picked.push((rel, f));
            }
        }
    }
    read_and_open(st, picked, folder);
}

fn read_and_open(st: St, picked: Vec<(String, web_sys::File)>, replace: bool) {
    leptos::task::spawn_local(async move {
        let mut ok = Vec::new();
        let mut skipped = Vec::new();
        for (path, f) in picked {
            match read_file(f).await {
                Ok(t) => ok.push((path, t)),
                Err(s) => skipped.push((path, s)),
            }
        }
        finish_open(st, ok, skipped, replace);
    });
}

async fn js_promise(
    f: impl FnOnce(&js_sys::Function, &js_sys::Function),
) -> Result<JsValue, JsValue> {
    let mut f = Some(f);
    let p = js_sys::Promise::new(&mut |resolve, reject| {
        if let Some(f) = f.take() {
            f(&resolve, &reject);
        }
    });
    wasm_bindgen_futures::JsFuture::from(p).await
}

fn drop_items(st: St, dt: web_sys::DataTransfer) {
    // Entries must be taken during the event; reading them happens afterwards.
    let items = dt.items();
    let mut entries: Vec<web_sys::FileSystemEntry> = Vec::new();
    for i in 0..items.length() {
        if let Some(item) = items.get(i) {
            if let Ok(Some(e)) = item.webkit_get_as_entry() {
                entries.push(e);
            }
        }
    }
    if entries.is_empty() {
        // No entries API (or a synthetic drop): the plain file list.
        if let Some(list) = dt.files() {
            let picked: Vec<(String, web_sys::File)> = (0..list.length())
                .filter_map(|i| list.get(i))
                .filter(|f| files::wanted_explicit(&f.name()))
                .map(|f| (f.name(), f))
                .collect();
            read_and_open(st, picked, false);
        }
        return;
    }
    let single_folder = match entries.as_slice() {
        [e] if e.is_directory() => Some(e.name()),
        _ => None,
    };
    leptos::task::spawn_local(async move {
        let mut stack = entries;
        let mut found: Vec<(String, web_sys::FileSystemFileEntry)> = Vec::new();
        while let Some(e) = stack.pop() {
            if e.is_directory() {
                if files::skipped_dir(&e.name()) {
                    continue;
                }
                let dir: web_sys::FileSystemDirectoryEntry = e.unchecked_into();
                let reader = dir.create_reader();
                loop {
                    let batch = js_promise(|ok, err| {
                        let _ = reader.read_entries_with_callback_and_callback(ok, err);
                    })
                    .await;
                    let Ok(batch) = batch else { break };
                    let batch: js_sys::Array = batch.unchecked_into();
                    if batch.length() == 0 {
                        break;
                    }
                    for x in batch.iter() {
                        stack.push(x.unchecked_into());
                    }
                }
            } else if e.is_file()
                && (files::wanted(&e.name())
                    // A file dropped by itself (not inside a folder) may be a tutorial.
                    || (e.full_path().matches('/').count() == 1
                        && files::wanted_explicit(&e.name())))
            {
                found.push((e.full_path(), e.unchecked_into()));
            }
        }
        let mut paths: Vec<String> = found.iter().map(|(p, _)| p.clone()).collect();
        files::relative_paths(&mut paths, single_folder.as_deref());
        let mut ok = Vec::new();
        let mut skipped = Vec::new();
        for (path, (_, entry)) in paths.into_iter().zip(found) {
            let file = js_promise(|res, rej| entry.file_with_callback_and_callback(res, rej)).await;
            match file {
                Ok(f) => match read_file(f.unchecked_into()).await {
                    Ok(t) => ok.push((path, t)),
                    Err(s) => skipped.push((path, s)),
                },
                Err(_) => skipped.push((path, Skip::Binary)),
            }
        }
        finish_open(st, ok, skipped, single_folder.is_some());
    });
}
