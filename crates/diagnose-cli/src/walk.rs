//! Reading the files to check: folders are walked respecting `.gitignore`; binary,
//! non-UTF-8 and oversized files are skipped with a note.

use diagnose_core::model::known_paths::KnownPaths;
use diagnose_core::Input;
use std::path::{Path, PathBuf};

/// Files larger than this are skipped.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Source code and saved `/metrics` text larger than this are not read for metric types.
pub const MAX_EVIDENCE_BYTES: u64 = 512 * 1024;

/// Whether a file is read only as evidence of metric types (instrumentation code, saved
/// `/metrics` text), not as a configuration file: such files are dropped silently when
/// they are large, unreadable or hold no declaration.
pub fn evidence_only(name: &str) -> bool {
    !wanted(name) && diagnose_core::promql::metric_types::is_evidence_name(name)
}

/// Language of the skip notes (set once by `main`).
pub static LANG: std::sync::OnceLock<diagnose_core::Lang> = std::sync::OnceLock::new();

pub use diagnose_core::present::{SkipReason, Skipped};

fn text(r: SkipReason) -> String {
    r.render(LANG.get().copied().unwrap_or_default())
}

/// Whether a file name is one diagnose reads.
pub fn wanted(name: &str) -> bool {
    diagnose_core::workspace::is_read_name(name)
}

fn rel_path(root: &Path, p: &Path) -> String {
    let rel = p.strip_prefix(root).unwrap_or(p);
    rel.to_string_lossy().replace('\\', "/")
}

/// Reads one file into an input, or says why it was skipped.
pub fn read(path: &Path, display: String) -> Result<Input, Skipped> {
    let skip = |reason: String| Skipped {
        file: display.clone(),
        reason,
    };
    let io = |e: std::io::Error| skip(text(SkipReason::Io(e.to_string())));
    let too_large = || {
        skip(text(SkipReason::TooLarge {
            mb: MAX_FILE_BYTES / (1024 * 1024),
        }))
    };
    // One open and one `fstat` (a path looked up once, not three times). Opened without
    // blocking: opening a FIFO for reading would wait for a writer.
    let mut open = std::fs::OpenOptions::new();
    open.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut open, libc::O_NONBLOCK);
    let mut file = open.open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        // A FIFO or a device would block or never end.
        return Err(skip(text(SkipReason::NotRegular)));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    // Read through `take`: `File`'s own `read_to_end` asks the size again (`fstat`).
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    std::io::Read::read_to_end(
        &mut std::io::Read::take(&mut file, MAX_FILE_BYTES + 1),
        &mut bytes,
    )
    .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        // Grown since its size was read.
        return Err(too_large());
    }
    // (`contains` of a byte is `memchr`: a word at a time, not a byte.)
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err(skip(text(SkipReason::Binary)));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        skip(text(SkipReason::NotUtf8 {
            offset: e.utf8_error().valid_up_to(),
        }))
    })?;
    Ok(Input::new(display, text))
}

/// A file to read: where it is and the path diagnose shows for it.
#[derive(Debug, Clone)]
pub struct FileToRead {
    pub path: PathBuf,
    pub display: String,
}

/// Collects the inputs under `root` (a folder). `prefix` is prepended to display paths.
/// With `markdown`, Markdown documents are read too. With `known`, the walk also fills it
/// (see [`walk_paths`]).
pub fn walk(
    root: &Path,
    prefix: &str,
    exclude: &[String],
    markdown: bool,
    known: Option<&mut KnownPaths>,
) -> (Vec<Input>, Vec<Skipped>) {
    let (files, mut skipped) = walk_paths(root, prefix, exclude, markdown, known);
    let mut inputs = Vec::new();
    for f in files {
        match read(&f.path, f.display) {
            Ok(i) => inputs.push(i),
            Err(s) => skipped.push(s),
        }
    }
    (inputs, skipped)
}

/// Walks `root` as diagnose does: `.gitignore` respected, the folders of
/// `is_skipped_dir` (`.git`, `target`, `node_modules`, `vendor`) not entered, in path order.
fn walker(root: &Path) -> ignore::Walk {
    ignore::WalkBuilder::new(root)
        .hidden(false)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .follow_links(true)
        .filter_entry(|e| {
            !diagnose_core::workspace::is_skipped_dir(&e.file_name().to_string_lossy())
        })
        .sort_by_file_path(|a, b| a.cmp(b))
        .build()
}

/// The files under `root` that diagnose does not read: (other files, Markdown documents).
pub fn unread(root: &Path) -> (usize, usize) {
    let (mut others, mut markdown) = (0, 0);
    for e in walker(root).flatten() {
        if !e.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let name = e.file_name().to_string_lossy();
        if diagnose_core::markdown::is_markdown_name(&name) {
            markdown += 1;
        } else if !wanted(&name) {
            others += 1;
        }
    }
    (others, markdown)
}

/// The path an error of the walk is about, for the skip note.
fn error_path(e: &ignore::Error) -> Option<&Path> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::Loop { child, .. } => Some(child),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Partial(errs) => errs.iter().find_map(error_path),
        _ => None,
    }
}

/// The files under `root` (a folder) that diagnose reads, without reading them. With
/// `markdown`, Markdown documents are listed too. With `known` (made by [`known_paths`]),
/// the same walk adds every path it sees to it: one walk of the folder instead of two
/// (walking the shared corpus took 10 ms of a run that no other work overlaps).
pub fn walk_paths(
    root: &Path,
    prefix: &str,
    exclude: &[String],
    markdown: bool,
    mut known: Option<&mut KnownPaths>,
) -> (Vec<FileToRead>, Vec<Skipped>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let display_of = |rel: String| {
        if prefix.is_empty() {
            rel
        } else if rel.is_empty() {
            prefix.trim_end_matches('/').to_string()
        } else {
            format!("{}/{}", prefix.trim_end_matches('/'), rel)
        }
    };
    for entry in walker(root) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let file = match error_path(&e) {
                    Some(p) => display_of(rel_path(root, p)),
                    None => display_of(String::new()),
                };
                let file = if file.is_empty() {
                    root.to_string_lossy().into_owned()
                } else {
                    file
                };
                skipped.push(Skipped {
                    file,
                    reason: e.to_string(),
                });
                continue;
            }
        };
        if let Some(k) = known.as_deref_mut() {
            let rel = rel_path(root, entry.path());
            // (The root itself is the prefix, already known.)
            if !rel.is_empty() {
                add_known(k, &display_of(rel), &entry);
            }
        }
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        let md = markdown && diagnose_core::markdown::is_markdown_name(&name);
        let evidence = !md && evidence_only(&name);
        if !wanted(&name) && !md && !evidence {
            continue;
        }
        if evidence
            && entry
                .metadata()
                .map_or(true, |m| m.len() > MAX_EVIDENCE_BYTES)
        {
            continue;
        }
        let rel = rel_path(root, entry.path());
        if exclude
            .iter()
            .any(|g| diagnose_core::glob::glob_match(g, &rel))
        {
            continue;
        }
        files.push(FileToRead {
            path: entry.into_path(),
            display: display_of(rel),
        });
    }
    (files, skipped)
}

/// The paths under a folder shown as `prefix`, by display path, for rules about missing
/// files, still empty: [`walk_paths`] fills it with every file and folder the walk sees
/// (whatever diagnose reads), and the `.gitignore` texts (a path they leave out is not in
/// the folder by design).
pub fn known_paths(prefix: &str) -> KnownPaths {
    KnownPaths::new(vec![prefix.trim_end_matches('/').to_string()])
}

/// Adds one entry of the walk, shown as `display`, to `k` (see [`known_paths`]).
fn add_known(k: &mut KnownPaths, display: &str, e: &ignore::DirEntry) {
    if e.file_type().is_some_and(|t| t.is_dir()) {
        k.add_folder(display);
        return;
    }
    k.add_file(display);
    if e.file_name() == ".gitignore" && e.metadata().is_ok_and(|m| m.len() < 256 * 1024) {
        if let Ok(text) = std::fs::read_to_string(e.path()) {
            k.add_gitignore(diagnose_core::paths::parent(display), &text);
        }
    }
}
