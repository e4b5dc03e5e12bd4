//! The stacks a command checks (`Unit`): which files, read from where, with which
//! configuration. Folders are walked when the command starts; each unit's files are read
//! only when it is checked.

use crate::{config, walk};
use anyhow::{Context, Result};
use diagnose_core::Input;
use diagnose_core::Render;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Where a command's files come from: the paths and reading options of `check` and of
/// `explain` with paths.
#[derive(Clone, Debug, Default)]
pub struct Source {
    pub paths: Vec<PathBuf>,
    pub stdin_filename: Option<String>,
    pub config: Option<PathBuf>,
    pub no_config: bool,
    pub markdown: bool,
    pub changed: bool,
}

/// One stack to check. The files of a walked folder are read only when the unit is
/// checked (`Unit::load`), so that one unit's files are in memory at a time.
pub struct Unit {
    pub inputs: Vec<Input>,
    /// Files still to read (appended to `inputs` by `load`).
    pub files: Vec<walk::FileToRead>,
    pub skipped: Vec<walk::Skipped>,
    pub root: Option<PathBuf>,
    /// Display path → path on disk as given (relative to the current folder, unless the
    /// user gave an absolute path): where fixes are written, and the path SARIF and
    /// GitHub annotations show.
    pub disk: HashMap<String, PathBuf>,
    /// With --changed: the display paths of the changed files.
    pub changed: Option<HashSet<String>>,
    /// The paths of the walked folder (rules about missing files need them).
    pub known: Option<std::sync::Arc<diagnose_core::model::known_paths::KnownPaths>>,
    /// The display path of `root` (empty when files are shown relative to it): the paths
    /// of its configuration's `per-path-ignores` are under it.
    pub prefix: String,
}

impl Unit {
    pub fn new(inputs: Vec<Input>, skipped: Vec<walk::Skipped>, root: Option<PathBuf>) -> Unit {
        Unit {
            inputs,
            files: Vec::new(),
            skipped,
            root,
            disk: HashMap::new(),
            changed: None,
            known: None,
            prefix: String::new(),
        }
    }

    /// Reads the files still to read (in parallel), in order; unreadable ones are skipped
    /// with a note.
    pub fn load(&mut self) {
        let files = std::mem::take(&mut self.files);
        let (inputs, skipped) = crate::parallel::read_all(&files);
        self.inputs.extend(inputs);
        self.skipped.extend(skipped);
    }

    /// Display path → path relative to the current folder, for machine outputs.
    pub fn paths(&self) -> HashMap<String, String> {
        self.inputs
            .iter()
            .map(|i| {
                let p = self
                    .disk
                    .get(&i.path)
                    .map(|d| disk_display(d))
                    .unwrap_or_else(|| i.path.clone());
                (i.path.clone(), p)
            })
            .collect()
    }
}

pub fn disk_display(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(r) = s.strip_prefix("./") {
        s = r;
    }
    s.to_string()
}

/// The display prefix of each folder argument when several are given: the path as given
/// when it is relative and plain (`corpus`, `./corpus` → `corpus`); otherwise (absolute,
/// `.`, `..` in it) its path from the current folder when it is under it, else the shortest
/// tail of its real path that no other argument has (`/srv/shared/corpus` → `corpus`, `.` →
/// the current folder's name). The model reads paths
/// relative to the analysis root: an absolute display path would put every file under a
/// host-root bind mount (`/:/rootfs`) and tie unrelated stacks together, and the rules about
/// missing files do not look at paths outside the checked folders.
pub fn display_prefixes(paths: &[PathBuf]) -> Vec<String> {
    use std::path::Component;
    let plain = |p: &Path| -> Option<Vec<String>> {
        let mut parts = Vec::new();
        for c in p.components() {
            match c {
                Component::Normal(n) => parts.push(n.to_string_lossy().to_string()),
                Component::CurDir => {}
                _ => return None,
            }
        }
        (!parts.is_empty()).then_some(parts)
    };
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|c| std::fs::canonicalize(c).ok());
    // Components of each argument, and how many of the last ones are shown.
    let mut parts: Vec<(Vec<String>, usize, bool)> = paths
        .iter()
        .map(|p| match plain(p) {
            Some(v) => {
                let n = v.len();
                (v, n, true)
            }
            None => {
                let real = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
                // Under the current folder: the path from there.
                if let Some(v) = cwd
                    .as_ref()
                    .and_then(|c| real.strip_prefix(c).ok())
                    .and_then(plain)
                {
                    let n = v.len();
                    return (v, n, true);
                }
                let v: Vec<String> = real
                    .components()
                    .filter_map(|c| match c {
                        Component::Normal(n) => Some(n.to_string_lossy().to_string()),
                        _ => None,
                    })
                    .collect();
                let v = if v.is_empty() {
                    vec!["root".to_string()]
                } else {
                    v
                };
                (v, 1, false)
            }
        })
        .collect();
    let shown = |(v, n, _): &(Vec<String>, usize, bool)| v[v.len() - n..].join("/");
    // Lengthen the tails that collide with another argument's prefix until none does (or
    // they are whole).
    loop {
        let names: Vec<String> = parts.iter().map(shown).collect();
        let mut grew = false;
        for i in 0..parts.len() {
            let (v, n, fixed) = &parts[i];
            if *fixed || *n == v.len() {
                continue;
            }
            if names
                .iter()
                .enumerate()
                .any(|(j, other)| j != i && *other == names[i])
            {
                parts[i].1 += 1;
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    parts.iter().map(shown).collect()
}

/// The folders under `dir` (not `dir` itself) that hold a `diagnose.toml` and some of
/// `files`: a stack root each, checked on its own with its configuration, as `--changed`
/// does.
fn nested_roots(dir: &Path, files: &[walk::FileToRead]) -> Vec<PathBuf> {
    let mut seen = HashSet::new();
    let mut roots = Vec::new();
    for f in files {
        let mut d = f.path.parent();
        while let Some(x) = d {
            if x == dir || !x.starts_with(dir) || !seen.insert(x.to_path_buf()) {
                break;
            }
            if x.join("diagnose.toml").is_file() {
                roots.push(x.to_path_buf());
            }
            d = x.parent();
        }
    }
    roots
}

/// Moves each Markdown document of a walked unit into a unit of its own: the blocks of
/// one document form one stack, apart from the folder's files and other documents.
fn split_markdown(unit: Unit, out: &mut Vec<Unit>) {
    let (docs, files): (Vec<Input>, Vec<Input>) = unit
        .inputs
        .into_iter()
        .partition(|i| diagnose_core::markdown::is_markdown_name(&i.path));
    let (doc_files, to_read): (Vec<walk::FileToRead>, Vec<walk::FileToRead>) = unit
        .files
        .into_iter()
        .partition(|f| diagnose_core::markdown::is_markdown_name(&f.display));
    // A unit of its own for one document, with its path on disk.
    let alone = |display: &str| {
        let mut u = Unit::new(Vec::new(), Vec::new(), unit.root.clone());
        u.prefix = unit.prefix.clone();
        if let Some(p) = unit.disk.get(display) {
            u.disk.insert(display.to_string(), p.clone());
        }
        u
    };
    for d in docs {
        let mut u = alone(&d.path);
        u.inputs.push(d);
        out.push(u);
    }
    for f in doc_files {
        let mut u = alone(&f.display);
        u.files.push(f);
        out.push(u);
    }
    out.push(Unit {
        inputs: files,
        files: to_read,
        ..unit
    });
}

/// A unit of one file named on the command line (or its skip note).
fn file_unit(p: &Path, display: String) -> Unit {
    match walk::read(p, display.clone()) {
        Ok(i) => {
            let mut u = Unit::new(vec![i], Vec::new(), p.parent().map(Path::to_path_buf));
            u.disk.insert(display, p.to_path_buf());
            u
        }
        Err(s) => Unit::new(Vec::new(), vec![s], None),
    }
}

/// Paths on disk of walked inputs: the folder joined with the path under it.
fn disk_paths(inputs: &[Input], dir: &Path, prefix: &str) -> HashMap<String, PathBuf> {
    inputs
        .iter()
        .map(|i| {
            let rel = if prefix.is_empty() {
                i.path.as_str()
            } else {
                i.path
                    .strip_prefix(prefix.trim_end_matches('/'))
                    .map(|r| r.trim_start_matches('/'))
                    .unwrap_or(&i.path)
            };
            (i.path.clone(), dir.join(rel))
        })
        .collect()
}

/// The folder whose stack a changed file belongs to: the nearest folder above it with a
/// `diagnose.toml`, else the current folder.
fn stack_root(file: &Path) -> PathBuf {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d.as_os_str().is_empty() {
            break;
        }
        if d.join("diagnose.toml").is_file() {
            return d.to_path_buf();
        }
        dir = d.parent();
    }
    PathBuf::from(".")
}

fn collect_changed(a: &Source) -> Result<Vec<Unit>> {
    let mut roots: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    let mut units = Vec::new();
    for p in &a.paths {
        if p.as_os_str() == "-" {
            anyhow::bail!("--changed takes files, not standard input");
        }
        if !p.is_file() {
            continue; // deleted or renamed away
        }
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if diagnose_core::markdown::is_markdown_name(&name) {
            let display = disk_display(p);
            units.push(file_unit(p, display));
            continue;
        }
        roots.entry(stack_root(p)).or_default().push(p.clone());
    }
    let folders: Vec<PathBuf> = roots
        .keys()
        .filter(|r| *r != Path::new("."))
        .cloned()
        .collect();
    let mut prefixes = folders.iter().zip(display_prefixes(&folders));
    for (root, files) in roots {
        let prefix = if root == Path::new(".") {
            String::new()
        } else {
            prefixes.next().map(|(_, p)| p).unwrap_or_default()
        };
        let exclude = load_config(a, Some(&root))?
            .map(|c| c.exclude)
            .unwrap_or_default();
        let mut known = walk::known_paths(&prefix);
        let (inputs, skipped) = walk::walk(&root, &prefix, &exclude, false, Some(&mut known));
        let changed: HashSet<String> = files
            .iter()
            .map(|f| display_under(&root, &prefix, f))
            .collect();
        let skipped = skipped
            .into_iter()
            .filter(|s| changed.contains(&s.file))
            .collect();
        let mut u = Unit::new(Vec::new(), skipped, Some(root.clone()));
        u.disk = disk_paths(&inputs, &root, &prefix);
        u.inputs = inputs;
        u.changed = Some(changed);
        u.prefix = prefix.clone();
        u.known = Some(std::sync::Arc::new(known));
        units.push(u);
    }
    Ok(units)
}

/// The display path of `file`, found under the folder `root` shown as `prefix`.
fn display_under(root: &Path, prefix: &str, file: &Path) -> String {
    let real = |p: &Path| std::fs::canonicalize(p).ok();
    let rel = match (real(root), real(file)) {
        (Some(r), Some(f)) => f.strip_prefix(&r).ok().map(disk_display),
        _ => None,
    };
    match rel {
        Some(rel) if prefix.is_empty() => rel,
        Some(rel) => format!("{prefix}/{rel}"),
        None => disk_display(file),
    }
}

/// Whether a diagnostic concerns one of the changed files: its primary location, or a
/// related one (a cross-file problem that the change may have caused).
pub fn involves(
    report: &diagnose_core::Report,
    d: &diagnose_core::Diagnostic,
    changed: &HashSet<String>,
) -> bool {
    std::iter::once(&d.primary)
        .chain(&d.related)
        .any(|l| changed.contains(&report.file(l.file).path))
}

pub fn collect(a: &Source) -> Result<Vec<Unit>> {
    if a.changed {
        return collect_changed(a);
    }
    let paths = if a.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        a.paths.clone()
    };
    let multi = paths.len() > 1;
    let prefixes = if multi {
        display_prefixes(&paths)
    } else {
        vec![String::new()]
    };
    let mut units = Vec::new();
    for (p, prefix) in paths.iter().zip(prefixes) {
        if p.as_os_str() == "-" {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("cannot read standard input")?;
            let name = a
                .stdin_filename
                .clone()
                .unwrap_or_else(|| "stdin.yml".to_string());
            units.push(Unit::new(vec![Input::new(name, text)], Vec::new(), None));
            continue;
        }
        let meta = std::fs::metadata(p).with_context(|| format!("cannot read {}", p.display()))?;
        if meta.is_dir() {
            let exclude = load_config(a, Some(p))?
                .map(|c| c.exclude)
                .unwrap_or_default();
            let mut known = walk::known_paths(&prefix);
            let (files, skipped) =
                walk::walk_paths(p, &prefix, &exclude, a.markdown, Some(&mut known));
            let known = std::sync::Arc::new(known);
            // Folders below with a `diagnose.toml` are stacks of their own (deepest first).
            let mut roots = nested_roots(p, &files);
            roots.sort_by_key(|r| std::cmp::Reverse(r.components().count()));
            let mut groups: Vec<Vec<walk::FileToRead>> = vec![Vec::new(); roots.len() + 1];
            for f in files {
                let i = roots
                    .iter()
                    .position(|r| f.path.starts_with(r))
                    .unwrap_or(roots.len());
                groups[i].push(f);
            }
            let mut skipped = Some(skipped);
            for (i, files) in groups.into_iter().enumerate().rev() {
                let (root, prefix, files) = match roots.get(i) {
                    None => (p.clone(), prefix.clone(), files),
                    Some(r) => {
                        let rel = disk_display(r.strip_prefix(p).unwrap_or(r));
                        let sub = if prefix.is_empty() {
                            rel.clone()
                        } else {
                            format!("{prefix}/{rel}")
                        };
                        let exclude = load_config(a, Some(r))?
                            .map(|c| c.exclude)
                            .unwrap_or_default();
                        let files: Vec<walk::FileToRead> = files
                            .into_iter()
                            .filter(|f| {
                                let under = disk_display(f.path.strip_prefix(r).unwrap_or(&f.path));
                                !exclude
                                    .iter()
                                    .any(|g| diagnose_core::glob::glob_match(g, &under))
                            })
                            .collect();
                        (r.clone(), sub, files)
                    }
                };
                if files.is_empty() && i < roots.len() {
                    continue;
                }
                let mut u = Unit::new(Vec::new(), Vec::new(), Some(root));
                if i == roots.len() {
                    u.skipped = skipped.take().unwrap_or_default();
                }
                u.disk = files
                    .iter()
                    .map(|f| (f.display.clone(), f.path.clone()))
                    .collect();
                u.files = files;
                u.known = Some(known.clone());
                u.prefix = prefix;
                split_markdown(u, &mut units);
            }
        } else {
            // A file named alone forms a stack of its own: its path is shown as given.
            units.push(file_unit(p, disk_display(p)));
        }
    }
    Ok(units)
}

pub fn load_config(a: &Source, root: Option<&Path>) -> Result<Option<config::FileConfig>> {
    if a.no_config {
        return Ok(None);
    }
    let path = match (&a.config, root) {
        (Some(c), _) => c.clone(),
        (None, Some(r)) => r.join("diagnose.toml"),
        (None, None) => return Ok(None),
    };
    if !path.exists() && a.config.is_none() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path).map_err(|e| {
        let lang = walk::LANG.get().copied().unwrap_or_default();
        anyhow::anyhow!(
            "{}",
            diagnose_core::msg!("cli.config-missing", path = path.display(), reason = e)
                .render(lang)
        )
    })?;
    Ok(Some(config::parse(&text, &path.display().to_string())?))
}

/// The name of the configuration file read for a folder, for messages.
pub fn config_name(a: &Source, root: Option<&Path>) -> String {
    let p = match (&a.config, root) {
        (Some(c), _) => c.clone(),
        (None, Some(r)) => r.join("diagnose.toml"),
        (None, None) => PathBuf::from("diagnose.toml"),
    };
    format!("`{}`", disk_display(&p))
}
