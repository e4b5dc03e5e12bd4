//! The map's boxes for a plain server's systemd units, and how `localhost` and config files
//! find them.

use super::{Builder, EdgeKind, Key, Node, NodeKind};
use crate::images;
use crate::runtime::{Container, Place};
use diagnose_syntax::paths;
use diagnose_syntax::source::FileId;

impl Builder<'_> {
    /// A plain server's unit: the program its `ExecStart=` runs, at that line.
    pub(super) fn unit(&mut self, ci: usize) -> usize {
        let c = &self.stack.containers[ci];
        self.node(
            Key::Unit(ci),
            Node {
                id: c.name.clone(),
                kind: NodeKind::Host,
                program: Some(c.program.to_string()),
                version: None,
                file: c.image.file,
                span: c.image.span,
            },
        )
    }

    /// The arrows of a plain server's config files: from each checked file that a unit's
    /// config flag names (`--config.file=/etc/prometheus/prometheus.yml`, and the folder's
    /// `etc/prometheus/prometheus.yml` or `prometheus.yml`), to the unit, at the flag.
    pub(super) fn unit_configs(&mut self) {
        let (ws, stack) = (self.ws, self.stack);
        for (ci, c) in stack.containers.iter().enumerate() {
            if !matches!(c.place, Place::Unit(_)) {
                continue;
            }
            for u in &c.config_files {
                let Some((file, span)) = u.written else {
                    continue;
                };
                let Some(f) = ws.files.iter().find(|f| {
                    f.origin.is_none()
                        && reads(&u.path, &f.path)
                        && self.program_of_file(f.id).is_none_or(|p| p == c.program)
                }) else {
                    continue;
                };
                let from = self.node(
                    Key::Source(f.path.clone()),
                    Node {
                        id: f.path.clone(),
                        kind: NodeKind::File,
                        program: None,
                        version: None,
                        file,
                        span,
                    },
                );
                let to = self.unit(ci);
                self.edge_once(
                    from,
                    to,
                    EdgeKind::Mount,
                    u.path.clone(),
                    file,
                    span,
                    vec![],
                    true,
                );
            }
        }
    }

    /// The unit that runs `program` and reads `file`: the one whose config flag names the
    /// file's path (the folder mirrors the server's, as `etc/prometheus/prometheus.yml` for
    /// `--config.file=/etc/prometheus/prometheus.yml`), else the only unit that runs
    /// `program`.
    pub(super) fn unit_reading(&mut self, file: FileId, program: &str) -> Option<usize> {
        let path = self.ws.file(file).path.as_str();
        let units: Vec<usize> = (0..self.stack.containers.len())
            .filter(|&i| {
                let c = &self.stack.containers[i];
                c.program == program
                    && self
                        .server_of(i)
                        .is_some_and(|root| paths::strip_dir(path, root).is_some())
            })
            .collect();
        let named: Vec<usize> = units
            .iter()
            .copied()
            .filter(|&i| {
                self.stack.containers[i]
                    .config_files
                    .iter()
                    .any(|u| reads(&u.path, path))
            })
            .collect();
        match (named.as_slice(), units.as_slice()) {
            ([one], _) | ([], [one]) => Some(self.unit(*one)),
            _ => None,
        }
    }

    /// The unit that listens on `port` on the same server as `caller`, a unit or a program
    /// outside containers (`localhost` of a plain server reaches the other programs of that
    /// server): `caller` itself when it is a unit listening there, else the only unit that
    /// does.
    pub(super) fn unit_listening(&mut self, caller: usize, port: Option<u16>) -> Option<usize> {
        // The caller's server: the folder that holds its unit, or its config file.
        let (own, root) = match self.keys[caller] {
            Key::Unit(own) => (Some(own), self.server_of(own)?.to_string()),
            Key::HostProgram(file) => (None, paths::parent(&self.ws.file(file).path).to_string()),
            _ => return None,
        };
        let port = port?;
        let on: Vec<usize> = (0..self.stack.containers.len())
            .filter(|&i| {
                let c = &self.stack.containers[i];
                unit_ports(c).contains(&port)
                    && self.server_of(i).is_some_and(|r| {
                        paths::strip_dir(&root, r).is_some() || paths::strip_dir(r, &root).is_some()
                    })
            })
            .collect();
        if own.is_some_and(|o| on.contains(&o)) {
            return Some(caller);
        }
        match on.as_slice() {
            [one] => Some(self.unit(*one)),
            _ => None,
        }
    }
}

impl Builder<'_> {
    /// The folder that stands for the server of unit `ci` (a container of `Stack::containers`),
    /// `None` for a container: the folder above the unit's `etc/systemd/system/`,
    /// `lib/systemd/system/` or `usr/lib/systemd/system/` (the folder mirrors the server's
    /// tree), else the checked folder's root: units kept elsewhere (`deploy/systemd/`) are
    /// all taken for one server. Several servers kept in one folder
    /// (`web1/etc/systemd/system/`, `web2/etc/systemd/system/`) are so told apart.
    fn server_of(&self, ci: usize) -> Option<&str> {
        let Place::Unit(file) = self.stack.containers[ci].place else {
            return None;
        };
        Some(server_root(&self.ws.file(file).path))
    }
}

/// See [`Builder::server_of`].
fn server_root(unit_path: &str) -> &str {
    let dir = paths::parent(unit_path);
    for tree in [
        "usr/lib/systemd/system",
        "lib/systemd/system",
        "etc/systemd/system",
    ] {
        if dir == tree {
            return "";
        }
        if let Some(root) = dir.strip_suffix(tree).and_then(|r| r.strip_suffix('/')) {
            return root;
        }
    }
    ""
}

/// Whether a server path (`/etc/prometheus/prometheus.yml`) is the checked file `path`:
/// the folder mirrors the server's (`etc/prometheus/prometheus.yml`, `x/etc/…`).
fn reads(server_path: &str, path: &str) -> bool {
    let p = server_path.trim_start_matches('/');
    !p.is_empty() && (path == p || path.ends_with(&format!("/{p}")))
}

/// The ports a plain server's unit listens on: its `--web.listen-address`, else its
/// program's default port (the table the network rules use).
fn unit_ports(c: &Container) -> Vec<u16> {
    let flag = c
        .flags
        .iter()
        .rev()
        .find(|f| f.name == "web.listen-address")
        .and_then(|f| f.value.as_deref()?.rsplit(':').next()?.parse::<u16>().ok());
    match flag {
        Some(p) => vec![p],
        None => images::info(c.program)
            .map(|i| i.ports.to_vec())
            .unwrap_or_default(),
    }
}
