//! Where a stack ends (issue 18, class 6). A folder checked as a whole may hold several
//! stacks side by side — two tutorials, a `broken/` and a `fixed/` copy, the examples of a
//! project — that never run together. Joining them invents findings (a dashboard uid "used
//! twice", a Grafana that "does not mount" the other copy's files). So the files are split
//! into stacks, each checked on its own:
//!
//! - a **stack root** is a folder holding a compose project (its compose files) or a set of
//!   Kubernetes manifests applied together (a `kustomization.yaml`);
//! - a file belongs to the deepest root above it, and also to every root whose compose
//!   project mounts it or builds it into an image (`../shared/prometheus.yml`);
//! - files under no root and used by none are not known to belong to any stack: they are
//!   checked as before, against the whole folder (a dashboard kept beside the stacks still
//!   finds the datasource it names), and only their own findings are kept.
//!
//! With fewer than two stacks nothing changes: everything is one stack.

use crate::compose::{self, MountKind};
use crate::workspace::{Doc, Kind, Workspace};
use crate::Stack;
use diagnose_syntax::paths;
use diagnose_syntax::source::FileId;

/// One stack of a workspace.
pub struct Part {
    /// The stack's files, as a mask over `ws.files` (indexed by `FileId`); a file embedded
    /// in a ConfigMap follows the manifest that holds it.
    pub keep: Vec<bool>,
    /// The files no stack claims: checked against the whole workspace.
    pub whole: bool,
}

/// What one compose service uses from the disk: its bind mount sources and its build
/// context folder, with the service (a context holds only the files its image may bake
/// in: [`crate::context_may_hold`]).
type ServiceUses<'a> = (Vec<&'a str>, Option<String>, &'a compose::Service);

/// The stacks of a workspace. Empty when the workspace is one stack.
pub fn partition(ws: &Workspace) -> Vec<Part> {
    partition_with(ws, &compose::build(ws))
}

/// [`partition`], with the workspace's compose projects (`compose::build`) at hand.
pub fn partition_with(ws: &Workspace, projects: &[compose::ComposeProject]) -> Vec<Part> {
    let mut roots: Vec<String> = projects.iter().map(|p| p.dir.clone()).collect();
    for f in ws.files.iter().filter(|f| f.origin.is_none()) {
        let name = f.name().to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "kustomization.yaml" | "kustomization.yml" | "kustomization"
        ) {
            roots.push(f.dir().to_string());
        }
    }
    roots.sort();
    roots.dedup();
    if roots.is_empty() {
        return Vec::new();
    }
    let n = ws.files.len();
    // One mask per root, and the rest.
    let mut masks = vec![vec![false; n]; roots.len() + 1];
    // What each project mounts and builds, worked out once (not once per file): its root,
    // then per service its bind mount sources and its build context folder.
    let uses: Vec<(usize, Vec<ServiceUses>)> = projects
        .iter()
        .map(|p| {
            let ri = roots.iter().position(|r| *r == p.dir).unwrap();
            let services = p
                .services
                .iter()
                .map(|s| {
                    let sources = s
                        .mounts
                        .iter()
                        .filter(|m| m.kind != MountKind::Volume)
                        .map(|m| m.source.as_str())
                        .collect();
                    let context = crate::build_context(s).map(|ctx| paths::join(&p.dir, &ctx));
                    (sources, context, s)
                })
                .collect();
            (ri, services)
        })
        .collect();
    let mut kinds: Vec<Vec<Kind>> = vec![Vec::new(); n];
    for d in &ws.docs {
        kinds[d.file.0 as usize].push(d.kind);
    }
    // The files each project mounts or builds from, found by bisection over the top-level
    // files sorted by path (not by comparing every file with every mount).
    let by_path = ByPath::new(ws);
    let mut used = vec![false; n];
    for (ri, services) in &uses {
        for (sources, context, s) in services {
            for src in sources {
                by_path.under(src, |i, _| {
                    masks[*ri][i] = true;
                    used[i] = true;
                });
            }
            if let Some(ctx) = context {
                by_path.under(ctx, |i, rest| {
                    if !rest.is_empty() && crate::context_may_hold(s, &kinds[i]) {
                        masks[*ri][i] = true;
                        used[i] = true;
                    }
                });
            }
        }
    }
    for f in ws.files.iter() {
        if f.origin.is_some() {
            continue;
        }
        let i = f.id.0 as usize;
        let home = roots
            .iter()
            .enumerate()
            .filter(|(_, r)| paths::strip_dir(f.dir(), r).is_some())
            .max_by_key(|(_, r)| r.len())
            .map(|(ri, _)| ri);
        let used = used[i];
        match home {
            Some(ri) => masks[ri][i] = true,
            None if !used => masks[roots.len()][i] = true,
            None => {}
        }
    }
    // Embedded files follow the manifest that holds them.
    for f in ws.files.iter().filter(|f| f.origin.is_some()) {
        let parent = ws.root_file(f.id).0 as usize;
        for m in &mut masks {
            m[f.id.0 as usize] = m[parent];
        }
    }
    let rest = masks.len() - 1;
    let parts: Vec<Part> = masks
        .into_iter()
        .enumerate()
        .filter(|(_, m)| m.iter().any(|&k| k))
        .map(|(i, keep)| Part {
            keep,
            whole: i == rest,
        })
        .collect();
    if parts.len() < 2 {
        return Vec::new();
    }
    parts
}

/// The top-level files sorted by path, with their indices.
struct ByPath<'a>(Vec<(&'a str, usize)>);

impl<'a> ByPath<'a> {
    fn new(ws: &'a Workspace) -> ByPath<'a> {
        let mut v: Vec<(&str, usize)> = ws
            .files
            .iter()
            .filter(|f| f.origin.is_none())
            .map(|f| (f.path.as_str(), f.id.0 as usize))
            .collect();
        v.sort_unstable();
        ByPath(v)
    }

    /// Calls `f` with each file whose path [`paths::strip_dir`] accepts under `dir`, and
    /// what it leaves of the path.
    fn under(&self, dir: &str, mut f: impl FnMut(usize, &'a str)) {
        let absolute = dir.starts_with('/');
        let d = dir.trim_end_matches('/');
        if d.is_empty() {
            // `/` (every absolute path, without its leading slashes) or `` (every
            // relative path).
            for &(p, i) in &self.0 {
                if p.starts_with('/') == absolute {
                    f(
                        i,
                        if dir == "/" {
                            p.trim_start_matches('/')
                        } else {
                            p
                        },
                    );
                }
            }
            return;
        }
        // The paths that start with `d` are together in sorted order: `d` itself, `d-x`,
        // `d/…` (`-` and `.` sort before `/`), `d0`…
        let first = self.0.partition_point(|(p, _)| *p < d);
        for &(p, i) in &self.0[first..] {
            let Some(rest) = p.strip_prefix(d) else { break };
            if rest.is_empty() {
                f(i, "");
            } else if let Some(rest) = rest.strip_prefix('/') {
                f(i, rest);
            }
        }
    }
}

/// The workspace seen by one stack: every file keeps its id and text (so spans and
/// evidence such as instrumentation code stay readable), but only the documents and
/// parse errors of the stack's files are there to be analysed. The files are shared with
/// `ws` (not copied: they hold every text).
pub fn restricted(ws: &Workspace, keep: &[bool]) -> Workspace {
    let kept = |f: FileId| keep.get(f.0 as usize).copied().unwrap_or(false);
    Workspace {
        files: ws.files.clone(),
        docs: ws
            .docs
            .iter()
            .filter(|d| kept(d.file))
            .map(|d| Doc {
                file: d.file,
                kind: d.kind,
                root: d.root.clone(),
                json: d.json,
            })
            .collect(),
        parse_errors: ws
            .parse_errors
            .iter()
            .filter(|(f, _)| kept(*f))
            .cloned()
            .collect(),
        markdown_skipped: ws
            .markdown_skipped
            .iter()
            .filter(|(f, _)| kept(*f))
            .cloned()
            .collect(),
        known_paths: ws.known_paths.clone(),
        memo: ws.memo.clone(),
        secrets: None,
    }
}

/// Whether a file name marks a template that a script fills before a program reads it:
/// `docker-compose.template.yml`, `datasource.tmpl.yaml`, `prometheus.tpl.yml`.
pub fn is_template_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.split('.')
        .any(|part| matches!(part, "template" | "tmpl" | "tpl"))
}

/// A file that is the input of a generator rather than what a program reads: no container
/// of the stack sees it, and either its own name marks a template or the compose project of
/// its folder (or of a folder above) is itself a template (ScyllaDB Monitoring's
/// `docker-compose.template.yml`, whose start script fills `DB_ADDRESS`-like placeholders
/// into copies of the provisioning files). Rules do not report what such files hold as if
/// Grafana or Prometheus read them as they are.
pub fn is_template_input(ws: &Workspace, stack: &Stack, file: FileId) -> bool {
    let f = ws.file(file);
    if f.origin.is_some() || stack.in_container(file) {
        return false;
    }
    if is_template_name(f.name()) {
        return true;
    }
    ws.docs_of(Kind::Compose).any(|d| {
        let c = ws.file(d.file);
        c.origin.is_none()
            && is_template_name(c.name())
            && paths::strip_dir(f.dir(), c.dir()).is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_under_a_folder_by_bisection_are_those_strip_dir_accepts() {
        let names = [
            "a",
            "a-b/x.yml",
            "a.yml",
            "a/x.yml",
            "a/b/c.yml",
            "a0/x.yml",
            "ab/x.yml",
            "b/a/x.yml",
            "/etc/p.yml",
            "/etc/x/p.yml",
            "/etcx/p.yml",
            "x.yml",
        ];
        let ws = Workspace::new(names.iter().map(|n| Input::new(*n, "")).collect());
        let by_path = ByPath::new(&ws);
        for dir in [
            "a", "a/", "a/b", "a-b", "ab", "", "/", "//", "/etc", "/etc/", "/et", "b", "x.yml",
            "zz",
        ] {
            let mut found = Vec::new();
            by_path.under(dir, |i, rest| {
                found.push((ws.files[i].path.clone(), rest.to_string()))
            });
            found.sort();
            let mut expected: Vec<(String, String)> = ws
                .files
                .iter()
                .filter_map(|f| {
                    paths::strip_dir(&f.path, dir).map(|r| (f.path.clone(), r.to_string()))
                })
                .collect();
            expected.sort();
            assert_eq!(found, expected, "under {dir:?}");
        }
    }
    use crate::workspace::Input;

    fn stacks(inputs: &[(&str, &str)]) -> Vec<Vec<String>> {
        let ws = Workspace::new(inputs.iter().map(|(p, t)| Input::new(*p, *t)).collect());
        partition(&ws)
            .iter()
            .map(|p| {
                ws.files
                    .iter()
                    .filter(|f| p.keep[f.id.0 as usize])
                    .map(|f| f.path.clone())
                    .collect()
            })
            .collect()
    }

    const COMPOSE: &str = "services:\n  prometheus:\n    image: prom/prometheus\n    volumes:\n      - ../shared/prometheus.yml:/etc/prometheus/prometheus.yml\n";

    #[test]
    fn copies_side_by_side_are_two_stacks() {
        let s = stacks(&[
            ("broken/compose.yaml", COMPOSE),
            ("fixed/compose.yaml", COMPOSE),
            ("broken/grafana/ds.yml", "datasources: []\n"),
            ("fixed/grafana/ds.yml", "datasources: []\n"),
            ("shared/prometheus.yml", "scrape_configs: []\n"),
            (
                "k8s/all.yaml",
                "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: m\n",
            ),
        ]);
        assert_eq!(
            s,
            [
                vec![
                    "broken/compose.yaml",
                    "broken/grafana/ds.yml",
                    "shared/prometheus.yml"
                ],
                vec![
                    "fixed/compose.yaml",
                    "fixed/grafana/ds.yml",
                    "shared/prometheus.yml"
                ],
                vec!["k8s/all.yaml"],
            ]
        );
    }

    #[test]
    fn one_project_is_one_stack() {
        assert!(stacks(&[
            ("compose.yaml", COMPOSE),
            ("prometheus/prometheus.yml", "scrape_configs: []\n"),
            ("grafana/ds.yml", "datasources: []\n"),
        ])
        .is_empty());
        assert!(stacks(&[("a.yml", "scrape_configs: []\n")]).is_empty());
    }

    #[test]
    fn template_names() {
        assert!(is_template_name("docker-compose.template.yml"));
        assert!(is_template_name("datasource.tmpl.yaml"));
        assert!(!is_template_name("templates.yml"));
        assert!(!is_template_name("docker-compose.yml"));
    }
}
