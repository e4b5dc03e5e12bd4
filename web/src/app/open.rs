//! Opening files: drag and drop, file and folder pickers.

use super::*;

pub(super) fn skip_notice(st: St, skipped: Vec<(String, Skip)>) {
    if !skipped.is_empty() {
        st.notices.update(|n| n.push(Notice::Skipped(skipped)));
    }
}

pub(super) fn finish_open(
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
    sort_by_path(&mut files);
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

pub(super) fn open_inputs(st: St, input: NodeRef<leptos::html::Input>, folder: bool) {
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

pub(super) fn read_and_open(st: St, picked: Vec<(String, web_sys::File)>, replace: bool) {
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

pub(super) fn drop_items(st: St, dt: web_sys::DataTransfer) {
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
