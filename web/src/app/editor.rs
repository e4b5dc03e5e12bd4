//! The editor page: files as tabs, the file's kinds and size, the text area with its marks.

use super::*;

#[component]
pub(super) fn EditorPage() -> impl IntoView {
    let st = expect_context::<St>();
    let views = Memo::new(move |_| {
        let lang = st.lang.get();
        st.analysis
            .with(|a| a.as_ref().and_then(|a| a.views(lang).cloned()))
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
    let add = move || {
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
    // The tab bar as markup, redrawn when a tab is added, removed, renamed or selected, or
    // its counts change (not as a text changes); `focus_tab` focuses on the next frame too,
    // after the redraw.
    let node: NodeRef<leptos::html::Div> = NodeRef::new();
    markup_region(node, move || {
        let lang = st.lang.get();
        let active = st.active.get();
        views.with(|v| {
            let v = v.as_deref().unwrap_or_default();
            st.tabs.with(|tabs| tab_row_html(lang, tabs, active, v))
        })
    });
    let on_click = move |e: ev::MouseEvent| {
        let id = |el: web_sys::Element| el.get_attribute("data-id").and_then(|v| v.parse().ok());
        if let Some(id) = closest(&e, "[role=tab]").and_then(id) {
            st.active.set(Some(id));
            st.sync_editor();
        } else if let Some(id) = closest(&e, ".tab-close").and_then(id) {
            remove(id);
        } else if closest(&e, ".add-tab").is_some() {
            add();
        } else if closest(&e, ".open-files").is_some() {
            click_input(st.file_input);
        } else if closest(&e, ".open-folder").is_some() {
            click_input(st.folder_input);
        } else if closest(&e, ".jump-diag").is_some() {
            // Narrow screens: the list is below the editor, one tap away.
            if let Some(el) = document().get_element_by_id("diag-title") {
                el.scroll_into_view();
            }
        }
    };
    view! { <div class="tab-row" node_ref=node on:click=on_click on:keydown=on_key></div> }
}

/// The tab bar's markup: a tab per file (its worst severity's count as a badge, its path, a
/// button that removes it), then the file actions.
fn tab_row_html(lang: Lang, tabs: &[Tab], active: Option<u32>, views: &[DiagView]) -> String {
    let mut out = format!(
        "<div class=\"tabs\" role=\"tablist\"{}>",
        attr("aria-label", text::FILES.get(lang))
    );
    for tab in tabs {
        let (e, w, _) = counts(views.iter().filter(|d| d.json.file == tab.name));
        let worst = match (e, w) {
            (0, 0) => None,
            (0, w) => Some((Severity::Warning, w)),
            (e, _) => Some((Severity::Error, e)),
        };
        let badge = worst.map_or(String::new(), |(s, n)| {
            format!(
                "<span class=\"badge {}\"{}>{}{n}</span>",
                severity_class(s),
                attr("title", severity_text(s).get(lang)),
                severity_icon_html(s)
            )
        });
        let selected = active == Some(tab.id);
        out.push_str(&format!(
            "<div class=\"tab{}\"><button type=\"button\" role=\"tab\" id=\"tab-{id}\" data-id=\"{id}\" \
             aria-selected=\"{selected}\" aria-controls=\"editor-text\" tabindex=\"{}\"{}>{badge}<span \
             class=\"tab-name\">{}</span></button><button type=\"button\" class=\"tab-close\" \
             data-id=\"{id}\"{}{}><span aria-hidden=\"true\">×</span></button></div>",
            if selected { " selected" } else { "" },
            if selected { 0 } else { -1 },
            attr("title", &tab.name),
            split_path_html(&tab.name),
            attr(
                "aria-label",
                &text::fill(text::REMOVE_FILE.get(lang), &[("file", tab.name.clone())])
            ),
            attr("title", text::REMOVE.get(lang)),
            id = tab.id,
        ));
    }
    let n = views.len().to_string();
    out.push_str(&format!(
        "</div><div class=\"file-actions\"><button type=\"button\" class=\"add-tab\"><span \
         aria-hidden=\"true\">+ </span>{}</button><button type=\"button\" class=\"open-files\">{}</button>\
         <button type=\"button\" class=\"open-folder\">{}</button><button type=\"button\" \
         class=\"jump-diag\">{}</button></div>",
        esc(text::NEW_FILE.get(lang)),
        esc(text::OPEN_FILES.get(lang)),
        esc(text::OPEN_FOLDER.get(lang)),
        esc(&text::fill(text::JUMP_TO_DIAGNOSTICS.get(lang), &[("n", n)])),
    ));
    out
}

/// A path as a tab shows it (as markup): the folder may be cut short, the file name never is.
fn split_path_html(path: &str) -> String {
    match path.rfind('/') {
        Some(i) => format!(
            "<span class=\"dir\">{}</span><span class=\"base\">{}</span>",
            esc(&path[..=i]),
            esc(&path[i + 1..])
        ),
        None => format!("<span class=\"base\">{}</span>", esc(path)),
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
    let node: NodeRef<leptos::html::Div> = NodeRef::new();
    markup_region(node, move || {
        let lang = st.lang.get();
        let mut out = format!(
            "<h2>{}</h2><p>{}</p><ul class=\"empty-examples\">",
            esc(text::EMPTY_TITLE.get(lang)),
            esc(text::EMPTY_BODY.get(lang))
        );
        for s in seeds::SEEDS {
            out.push_str(&format!(
                "<li><a{}>{} — {}</a></li>",
                attr("href", &route::href(&Page::Example(s.id.to_string()), lang)),
                esc(s.id),
                esc(s.title)
            ));
        }
        out.push_str("</ul>");
        out
    });
    view! { <div class="empty-state" node_ref=node></div> }
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
    // After the name field: the kinds it is read as, the hint, a warning for a name two tabs share.
    let after: NodeRef<leptos::html::Div> = NodeRef::new();
    markup_region(after, move || {
        let lang = st.lang.get();
        let k = kinds();
        let kind = if k.is_empty() {
            text::KIND_NONE.get(lang).to_string()
        } else {
            text::fill(text::KIND.get(lang), &[("kind", k.join(", "))])
        };
        format!(
            "<span class=\"kind\">{}</span><p id=\"file-name-hint\" class=\"hint\">{}</p>{}",
            esc(&kind),
            esc(text::FILE_NAME_HINT.get(lang)),
            if duplicate() {
                warning_html("", "", &esc(text::DUPLICATE_NAME.get(lang)))
            } else {
                String::new()
            }
        )
    });
    view! {
        <div class="file-meta">
            <label for="file-name">{move || st.t(text::FILE_NAME)}</label>
            <input id="file-name" type="text" spellcheck="false" autocomplete="off"
                aria-describedby="file-name-hint"
                prop:value=name on:input=on_rename/>
            <div class="contents" node_ref=after></div>
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

#[cfg(test)]
mod tests {
    use super::*;

    /// What the user names a file is written into the tab bar's markup escaped: a name that
    /// looks like markup stays text (the tab's label, title and remove button's label).
    #[test]
    fn tab_names_are_escaped_in_the_tab_bar() {
        let tabs = [Tab {
            id: 7,
            name: "a/<img src=x onerror=alert(1)>\"'&.yml".to_string(),
            text: String::new(),
        }];
        let html = tab_row_html(Lang::En, &tabs, Some(7), &[]);
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;.yml"),
            "{html}"
        );
        assert!(html.contains("<span class=\"dir\">a/</span>"), "{html}");
        assert!(
            html.contains("aria-selected=\"true\" aria-controls=\"editor-text\" tabindex=\"0\"")
        );
        let other = tab_row_html(Lang::Fr, &tabs, None, &[]);
        assert!(other.contains("aria-selected=\"false\"") && other.contains("tabindex=\"-1\""));
        assert!(other.contains(text::NEW_FILE.fr));
    }
}
