//! The paths that exist in the checked folders, handed over by a front end that can list
//! them (the CLI's walker lists them anyway; the web app and Markdown tutorials cannot,
//! and then rules that need them stay silent). Names only: the core never reads a disk.
//!
//! Paths are `/`-separated and relative to the analysis root, the way the inputs' paths
//! are written (a walked folder's prefix included).

use diagnose_syntax::{glob, paths};
use std::collections::BTreeSet;

/// What a path is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathKind {
    File,
    Dir,
}

#[derive(Clone, Debug, Default)]
pub struct KnownPaths {
    /// The walked folders (`""`: the analysis root itself). Only paths under one of
    /// them are judged.
    roots: Vec<String>,
    files: BTreeSet<String>,
    dirs: BTreeSet<String>,
    /// `.gitignore` files: (folder, text).
    gitignores: Vec<(String, String)>,
}

impl KnownPaths {
    pub fn new(roots: Vec<String>) -> KnownPaths {
        let mut k = KnownPaths::default();
        for r in roots {
            let r = paths::normalize(&r);
            k.add_dir(&r);
            k.roots.push(r);
        }
        k
    }

    fn add_dir(&mut self, dir: &str) {
        let mut d = dir.to_string();
        while !d.is_empty() && self.dirs.insert(d.clone()) {
            d = paths::parent(&d).to_string();
            if d == "/" {
                break;
            }
        }
    }

    /// Adds the paths of another walked folder (several folders checked as one stack).
    pub fn extend(&mut self, other: &KnownPaths) {
        self.roots.extend(other.roots.iter().cloned());
        self.files.extend(other.files.iter().cloned());
        self.dirs.extend(other.dirs.iter().cloned());
        self.gitignores.extend(other.gitignores.iter().cloned());
    }

    /// Records a file (its folders too).
    pub fn add_file(&mut self, path: &str) {
        let p = paths::normalize(path);
        self.add_dir(paths::parent(&p));
        self.files.insert(p);
    }

    /// Records a folder (and the folders above it).
    pub fn add_folder(&mut self, path: &str) {
        self.add_dir(&paths::normalize(path));
    }

    /// Records a `.gitignore` of `folder` and its text.
    pub fn add_gitignore(&mut self, folder: &str, text: &str) {
        self.gitignores
            .push((paths::normalize(folder), text.to_string()));
    }

    /// Whether `path` lies in a walked folder (only those paths can be judged missing).
    pub fn covers(&self, path: &str) -> bool {
        if path.starts_with('/') || path.split('/').any(|s| s == ".." || s.starts_with('~')) {
            return false;
        }
        self.roots
            .iter()
            .any(|r| r.is_empty() || paths::strip_dir(path, r).is_some())
    }

    pub fn kind(&self, path: &str) -> Option<PathKind> {
        let p = paths::normalize(path);
        if self.files.contains(&p) {
            Some(PathKind::File)
        } else if p.is_empty() || self.dirs.contains(&p) {
            Some(PathKind::Dir)
        } else {
            None
        }
    }

    /// The files directly in folder `dir`.
    pub fn files_in<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.files
            .iter()
            .filter(move |f| paths::parent(f) == dir || (dir.is_empty() && !f.contains('/')))
            .map(String::as_str)
    }

    /// Whether a file matches the glob `pattern` (`*`, `?`, `[…]` within a path segment).
    pub fn any_file_matches(&self, pattern: &str) -> bool {
        let p = paths::normalize(pattern);
        self.files.iter().any(|f| glob::glob_match(&p, f))
    }

    /// The files named `name`, anywhere.
    pub fn named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.files
            .iter()
            .filter(move |f| paths::file_name(f) == name)
            .map(String::as_str)
    }

    /// Whether a `.gitignore` above `path` leaves it (or a folder above it) out. Negations
    /// are not applied: an ignored path only softens a finding.
    pub fn is_ignored(&self, path: &str) -> bool {
        let p = paths::normalize(path);
        self.gitignores.iter().any(|(dir, text)| {
            let Some(rel) = paths::strip_dir(&p, dir) else {
                return false;
            };
            let parts: Vec<&str> = rel.split('/').collect();
            text.lines().any(|line| {
                let l = line.trim();
                if l.is_empty() || l.starts_with('#') || l.starts_with('!') {
                    return false;
                }
                let l = l.strip_prefix("**/").unwrap_or(l);
                let l = l.trim_end_matches('/');
                if l.is_empty() {
                    return false;
                }
                if let Some(anchored) = l.strip_prefix('/').or(l.contains('/').then_some(l)) {
                    // Relative to the .gitignore's folder: the path or one of its folders.
                    (1..=parts.len()).any(|n| glob::glob_match(anchored, &parts[..n].join("/")))
                } else {
                    parts.iter().any(|s| glob::glob_match(l, s))
                }
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_roots_and_ignores() {
        let mut k = KnownPaths::new(vec![String::new()]);
        k.add_file("prometheus/prometheus.yml");
        k.add_file("docker-compose.yml");
        k.add_gitignore("", "# data\n/data/\n*.secret\nbuild/out\n!keep\n");
        assert_eq!(k.kind("prometheus"), Some(PathKind::Dir));
        assert_eq!(k.kind("./prometheus/prometheus.yml"), Some(PathKind::File));
        assert_eq!(k.kind("prometheus.yml"), None);
        assert!(k.covers("x/y"));
        assert!(!k.covers("../x"));
        assert!(!k.covers("/etc/x"));
        assert!(k.is_ignored("data/grafana"));
        assert!(!k.is_ignored("sub/data"));
        assert!(k.is_ignored("conf/a.secret"));
        assert!(k.is_ignored("build/out/x"));
        assert!(!k.is_ignored("prometheus/prometheus.yml"));
        assert_eq!(
            k.files_in("prometheus").collect::<Vec<_>>(),
            ["prometheus/prometheus.yml"]
        );
        let only = KnownPaths::new(vec!["a".into()]);
        assert!(only.covers("a/x"));
        assert!(!only.covers("b/x"));
    }
}
