//! The editor page: files as tabs, the file's kinds and size, the text area with its marks.

use super::*;

#[component]
pub(super) fn EditorPage() -> impl IntoView {
    let st = expect_context::<St>();
    let views = Memo::new(move |_| {
        let lang = st.lang.get();
        st.analysis
            .with(|a| a.as_ref().map(|a| a.views(lang).clone()))
    });
    provide_context(views);
    view! {
        <main id="main" class="workspace">
            <section class="files-pane" aria-label=move || st.t(text::FILES)>
                <TabBar/>
                {
                    let has_tabs = Memo::new(move |_| st.tabs.with(|t| !t.is_empty()));
                    move || if has_tabs.get() {
                        view! { <FileMeta/><Editor/> }.into_any()
                    } else {
                        view! { <EmptyState/> }.into_any()
                    }
                }
            </section>
            <div class="side">
                <Diagnostics/>
                <StackMapPane/>
                <ExplainBox/>
            </div>
        </main>
    }
}

#[component]
pub(super) fn TabBar() -> impl IntoView {
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
    // The tabs as the bar shows them: it is redrawn when a tab is added, removed or renamed,
    // not as a text changes. A few tabs are redrawn whole rather than diffed (Leptos's keyed
    // `<For>` and its diffing code were some KB of the page's module); `focus_tab` focuses on
    // the next frame too, after the redraw.
    let keys = Memo::new(move |_| {
        st.tabs
            .with(|t| t.iter().map(|t| (t.id, t.name.clone())).collect::<Vec<_>>())
    });
    view! {
        <div class="tab-row">
            <div class="tabs" role="tablist" aria-label=move || st.t(text::FILES) on:keydown=on_key>
                {move || keys.get().into_iter().map(|(id, name)| {
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
                    }).collect_view()}
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
pub(super) fn split_path(path: &str) -> impl IntoView {
    let (dir, base) = match path.rfind('/') {
        Some(i) => (path[..=i].to_string(), path[i + 1..].to_string()),
        None => (String::new(), path.to_string()),
    };
    view! {
        {(!dir.is_empty()).then(|| view! { <span class="dir">{dir}</span> })}
        <span class="base">{base}</span>
    }
}

pub(super) fn click_input(r: NodeRef<leptos::html::Input>) {
    if let Some(i) = r.get_untracked() {
        i.set_value("");
        i.click();
    }
}

#[component]
pub(super) fn EmptyState() -> impl IntoView {
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
pub(super) fn FileMeta() -> impl IntoView {
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
        st.analysis
            .with(|a| a.as_ref().map(|a| a.kinds(&n)))
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
            {
                let when = Memo::new(move |_| duplicate());
                move || when.get().then(|| view! {
                <p class="warning-text">{severity_icon(Severity::Warning)}{move || st.t(text::DUPLICATE_NAME)}</p>
                })
            }
        </div>
    }
}

/// A line to highlight in the editor.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Mark {
    line: u32,
    end_line: u32,
    column: u32,
    end_column: u32,
    severity: Severity,
}

#[component]
pub(super) fn Editor() -> impl IntoView {
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
            let m: Vec<Mark> = v
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
            by_severity(
                m,
                |m| m.severity,
                [Severity::Info, Severity::Warning, Severity::Error],
            )
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
