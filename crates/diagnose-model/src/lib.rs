//! `diagnose-model`, the model layer: the files under analysis ([`workspace`]: inputs, their
//! kinds, parsed documents, files embedded in ConfigMaps and Markdown code blocks), and the
//! model of the whole stack across files ([`Stack`]: compose projects, Kubernetes objects,
//! Prometheus configs, Grafana provisioning, and for each config file which containers see
//! it and at which path), and the PromQL queries found in it ([`promql`]). It knows no rule.

pub mod compose;
pub mod grafana;
pub mod images;
pub mod k8s;
pub mod markdown;
pub mod net;
pub mod prometheus;
pub mod promql;
pub mod secrets;
pub mod workspace;

use crate::workspace::Workspace;
use compose::{ComposeProject, MountKind};
use diagnose_syntax::paths;
use diagnose_syntax::source::{FileId, Span};
use k8s::{K8sModel, VolumeSource};
use std::collections::HashMap;

/// A value with the file and span it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    pub file: FileId,
    pub span: Span,
    pub value: T,
}

impl<T> Spanned<T> {
    pub fn new(file: FileId, span: Span, value: T) -> Self {
        Spanned { file, span, value }
    }
}

/// Where a config file is visible at run time.
#[derive(Clone, Debug, PartialEq)]
pub enum Runtime {
    /// Inside a compose service. `path` is the path in the container, `None` when the file
    /// is baked into the image through the service's build context.
    Compose {
        project: usize,
        service: usize,
        path: Option<String>,
        /// The mount that brings it in.
        mount: Option<(FileId, Span)>,
    },
    /// Inside a Kubernetes pod (a mounted ConfigMap or Secret).
    K8s {
        workload: usize,
        container: usize,
        path: String,
    },
    /// In a ConfigMap or Secret that no workload of the manifests mounts.
    K8sUnmounted { namespace: String },
}

pub struct Stack {
    pub compose: Vec<ComposeProject>,
    pub k8s: K8sModel,
    pub prometheus: Vec<prometheus::PromConfig>,
    pub grafana: grafana::GrafanaModel,
    /// Every URL and scrape target of the configs, with who calls it.
    pub endpoints: Vec<net::Endpoint>,
    runtimes: Vec<Vec<Runtime>>,
}

impl Stack {
    pub fn build(ws: &Workspace) -> Stack {
        let compose = compose::build(ws);
        let k8s = k8s::build(ws);
        let mut stack = Stack {
            prometheus: prometheus::build(ws),
            grafana: grafana::build(ws),
            runtimes: Vec::new(),
            endpoints: Vec::new(),
            compose,
            k8s,
        };
        let index = RuntimeIndex::new(&stack);
        stack.runtimes = ws
            .files
            .iter()
            .map(|f| stack.compute_runtimes(ws, f.id, &index))
            .collect();
        stack.endpoints = stack.collect_endpoints();
        stack
    }

    /// Last segment of the image of the container a runtime designates.
    pub fn runtime_image(&self, rt: &Runtime) -> Option<String> {
        match rt {
            Runtime::Compose {
                project, service, ..
            } => self.compose[*project].services[*service].image_base(),
            Runtime::K8s {
                workload,
                container,
                ..
            } => self.k8s.workloads[*workload].containers[*container]
                .image
                .as_deref()
                .map(images::base_of),
            Runtime::K8sUnmounted { .. } => None,
        }
    }

    /// The runtimes of `file` that run the program reading it: Grafana for datasources,
    /// Prometheus (or a compatible agent) for Prometheus configs — judged by image, service
    /// or container name, the container path, or the command naming the file. When several
    /// containers see a file (a folder mounted into many), only those are kept; when none
    /// qualifies (a custom build), all are.
    fn consumers(&self, file: FileId, grafana: bool) -> Vec<Runtime> {
        let all = self.runtimes(file);
        let words: &[&str] = if grafana {
            &["grafana"]
        } else {
            &[
                "prometheus",
                "vmagent",
                "victoria",
                "agent",
                "alloy",
                "collector",
                "thanos",
            ]
        };
        let etc = if grafana {
            "/etc/grafana"
        } else {
            "/etc/prometheus"
        };
        let plausible = |rt: &Runtime| -> bool {
            let (image, name, path, command): (String, String, Option<&str>, &[String]) = match rt {
                Runtime::K8sUnmounted { .. } => return true,
                Runtime::Compose {
                    project,
                    service,
                    path,
                    ..
                } => {
                    let svc = &self.compose[*project].services[*service];
                    (
                        svc.image_base().unwrap_or_default(),
                        svc.name.to_ascii_lowercase(),
                        path.as_deref(),
                        &svc.command,
                    )
                }
                Runtime::K8s {
                    workload,
                    container,
                    path,
                } => {
                    let c = &self.k8s.workloads[*workload].containers[*container];
                    (
                        c.image.as_deref().map(images::base_of).unwrap_or_default(),
                        c.name.to_ascii_lowercase(),
                        Some(path.as_str()),
                        &c.args,
                    )
                }
            };
            let in_command = path.is_some_and(|p| command.iter().any(|c| c.contains(p)));
            let excluded = grafana
                && ["loki", "promtail", "tempo", "mimir", "renderer", "oncall"]
                    .iter()
                    .any(|x| image.contains(x));
            !excluded
                && (in_command
                    || path.is_some_and(|p| p.starts_with(etc))
                    || words.iter().any(|w| image.contains(w) || name.contains(w)))
        };
        let picked: Vec<Runtime> = all.iter().filter(|rt| plausible(rt)).cloned().collect();
        if picked.is_empty() {
            all.to_vec()
        } else {
            picked
        }
    }

    fn collect_endpoints(&self) -> Vec<net::Endpoint> {
        let mut out = Vec::new();
        let mut push = |v: &Spanned<String>, usage: net::Use, scheme: Option<&str>| {
            let raw = v.value.as_str();
            let Some(mut addr) = net::parse_address(raw) else {
                return;
            };
            if addr.scheme.is_none() {
                addr.scheme = scheme.map(str::to_string);
            }
            out.push(net::Endpoint {
                file: v.file,
                span: v.span,
                raw: raw.to_string(),
                addr,
                callers: self.consumers(v.file, matches!(usage, net::Use::Datasource { .. })),
                usage,
            });
        };
        for p in &self.prometheus {
            for j in &p.jobs {
                let job = j.name.as_ref().map(|n| n.value.clone()).unwrap_or_default();
                for t in &j.targets {
                    push(
                        t,
                        net::Use::ScrapeTarget { job: job.clone() },
                        Some(&j.scheme),
                    );
                }
            }
            for a in &p.alertmanagers {
                push(a, net::Use::Alertmanager, Some("http"));
            }
        }
        for ds in &self.grafana.datasources {
            if let Some(url) = &ds.url {
                let usage = net::Use::Datasource {
                    name: ds
                        .name
                        .as_ref()
                        .map(|n| n.value.clone())
                        .unwrap_or_default(),
                    ty: ds.ty.clone().unwrap_or_default(),
                };
                push(url, usage, None);
            }
        }
        out
    }

    /// Every container that sees `file`, and where.
    pub fn runtimes(&self, file: FileId) -> &[Runtime] {
        self.runtimes
            .get(file.0 as usize)
            .map_or(&[], Vec::as_slice)
    }

    /// True when the file is read by a container (compose or Kubernetes) rather than by a
    /// program on a host, as far as the files tell.
    pub fn in_container(&self, file: FileId) -> bool {
        !self.runtimes(file).is_empty()
    }

    /// Same as [`Stack::compute_runtimes_naive`], but only looks at the workloads and
    /// mounts that can match the file (found through `index`), which keeps
    /// `Stack::build` linear in the number of files.
    fn compute_runtimes(&self, ws: &Workspace, file: FileId, index: &RuntimeIndex) -> Vec<Runtime> {
        let f = ws.file(file);
        let mut out = Vec::new();
        if let Some(origin) = &f.origin {
            let (kind, ns, name) = &origin.object;
            let workloads = index
                .workloads
                .get(&(ns.as_str(), name.as_str()))
                .map_or(&[][..], Vec::as_slice);
            for &wi in workloads {
                let w = &self.k8s.workloads[wi];
                if &w.obj.namespace != ns {
                    continue;
                }
                mounted_in(w, wi, kind, name, &origin.key, &mut out);
            }
            if out.is_empty() {
                out.push(Runtime::K8sUnmounted {
                    namespace: ns.clone(),
                });
            }
            return out;
        }
        // Mounts and build contexts whose folder is the file or one of its ancestors.
        let mut hits: Vec<(usize, usize, usize)> = Vec::new();
        let mut contexts: Vec<(usize, usize)> = Vec::new();
        for dir in ancestors(&f.path) {
            if let Some(v) = index.mounts.get(dir) {
                // (Candidates: checked with `strip_dir` below.)
                hits.extend_from_slice(v);
            }
            if dir != f.path {
                if let Some(v) = index.contexts.get(dir) {
                    contexts.extend_from_slice(v);
                }
            }
        }
        // The index gives candidates; `strip_dir` decides, as in the naive version.
        hits.retain(|&(p, s, m)| {
            paths::strip_dir(&f.path, &self.compose[p].services[s].mounts[m].source).is_some()
        });
        contexts.retain(|key| {
            index
                .context_dirs
                .get(key)
                .is_some_and(|ctx| paths::strip_dir(&f.path, ctx).is_some_and(|r| !r.is_empty()))
        });
        hits.sort_unstable();
        hits.dedup();
        contexts.sort_unstable();
        contexts.dedup();
        // In project, service, mount order, as the nested loops over all of them give.
        let mut ci = 0;
        let mut hi = 0;
        while hi < hits.len() || ci < contexts.len() {
            let next_hit = hits.get(hi).map(|&(p, s, _)| (p, s));
            let next_ctx = contexts.get(ci).copied();
            let take_hits = match (next_hit, next_ctx) {
                (Some(h), Some(c)) => h <= c,
                (Some(_), None) => true,
                _ => false,
            };
            if take_hits {
                let (pi, si) = next_hit.unwrap();
                while let Some(&(p, s, mi)) = hits.get(hi).filter(|h| (h.0, h.1) == (pi, si)) {
                    let m = &self.compose[p].services[s].mounts[mi];
                    let rest = paths::strip_dir(&f.path, &m.source).unwrap_or("");
                    out.push(Runtime::Compose {
                        project: p,
                        service: s,
                        path: Some(if rest.is_empty() {
                            m.target.clone()
                        } else {
                            paths::join(&m.target, rest)
                        }),
                        mount: Some((m.file, m.span)),
                    });
                    hi += 1;
                }
                // A service that mounts the file does not also bake it in.
                while contexts.get(ci).is_some_and(|&c| c == (pi, si)) {
                    ci += 1;
                }
            } else {
                let (pi, si) = next_ctx.unwrap();
                out.push(Runtime::Compose {
                    project: pi,
                    service: si,
                    path: None,
                    mount: None,
                });
                ci += 1;
            }
        }
        out
    }

    /// The obvious version of [`Stack::compute_runtimes`] (every file against every
    /// mount): the reference the indexed one is tested against.
    #[cfg(test)]
    fn compute_runtimes_naive(&self, ws: &Workspace, file: FileId) -> Vec<Runtime> {
        let f = ws.file(file);
        let mut out = Vec::new();
        if let Some(origin) = &f.origin {
            let (kind, ns, name) = &origin.object;
            for (wi, w) in self.k8s.workloads.iter().enumerate() {
                if &w.obj.namespace != ns {
                    continue;
                }
                mounted_in(w, wi, kind, name, &origin.key, &mut out);
            }
            if out.is_empty() {
                out.push(Runtime::K8sUnmounted {
                    namespace: ns.clone(),
                });
            }
            return out;
        }
        for (pi, p) in self.compose.iter().enumerate() {
            for (si, s) in p.services.iter().enumerate() {
                let mut found = false;
                for m in &s.mounts {
                    if m.kind == MountKind::Volume {
                        continue;
                    }
                    if let Some(rest) = paths::strip_dir(&f.path, &m.source) {
                        found = true;
                        out.push(Runtime::Compose {
                            project: pi,
                            service: si,
                            path: Some(if rest.is_empty() {
                                m.target.clone()
                            } else {
                                paths::join(&m.target, rest)
                            }),
                            mount: Some((m.file, m.span)),
                        });
                    }
                }
                if !found {
                    if let Some(ctx) = build_context(s) {
                        let ctx = paths::join(&p.dir, &ctx);
                        if paths::strip_dir(&f.path, &ctx).is_some_and(|r| !r.is_empty()) {
                            out.push(Runtime::Compose {
                                project: pi,
                                service: si,
                                path: None,
                                mount: None,
                            });
                        }
                    }
                }
            }
        }
        out
    }
}

/// Where to look for the mounts and workloads that can expose a file.
struct RuntimeIndex<'a> {
    /// Mount source folder (as `paths::strip_dir` compares it) → (project, service, mount).
    mounts: HashMap<&'a str, Vec<(usize, usize, usize)>>,
    /// Build context folder → (project, service).
    contexts: HashMap<String, Vec<(usize, usize)>>,
    /// (project, service) → its build context folder.
    context_dirs: HashMap<(usize, usize), String>,
    /// (namespace, ConfigMap or Secret name) → workloads that have a volume from it.
    workloads: HashMap<(&'a str, &'a str), Vec<usize>>,
}

impl<'a> RuntimeIndex<'a> {
    fn new(stack: &'a Stack) -> RuntimeIndex<'a> {
        let mut mounts: HashMap<&str, Vec<_>> = HashMap::new();
        let mut contexts: HashMap<String, Vec<_>> = HashMap::new();
        let mut context_dirs = HashMap::new();
        for (pi, p) in stack.compose.iter().enumerate() {
            for (si, s) in p.services.iter().enumerate() {
                for (mi, m) in s.mounts.iter().enumerate() {
                    if m.kind != MountKind::Volume {
                        mounts
                            .entry(m.source.trim_end_matches('/'))
                            .or_default()
                            .push((pi, si, mi));
                    }
                }
                if let Some(ctx) = build_context(s) {
                    let ctx = paths::join(&p.dir, &ctx);
                    contexts
                        .entry(ctx.trim_end_matches('/').to_string())
                        .or_default()
                        .push((pi, si));
                    context_dirs.insert((pi, si), ctx);
                }
            }
        }
        let mut workloads: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (wi, w) in stack.k8s.workloads.iter().enumerate() {
            let mut names = Vec::new();
            for (_, src) in &w.volumes {
                source_names(src, &mut names);
            }
            for n in names {
                let v = workloads.entry((w.obj.namespace.as_str(), n)).or_default();
                if v.last() != Some(&wi) {
                    v.push(wi);
                }
            }
        }
        RuntimeIndex {
            mounts,
            contexts,
            context_dirs,
            workloads,
        }
    }
}

/// Names of the ConfigMaps and Secrets a volume source reads.
fn source_names<'a>(src: &'a VolumeSource, out: &mut Vec<&'a str>) {
    match src {
        VolumeSource::ConfigMap(n, _) | VolumeSource::Secret(n, _) => out.push(n),
        VolumeSource::Projected(srcs) => srcs.iter().for_each(|s| source_names(s, out)),
        VolumeSource::Other => {}
    }
}

/// `""`, every ancestor folder of `path`, and `path` itself: the folders `strip_dir`
/// can match it against.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    std::iter::once("")
        .chain(
            path.char_indices()
                .filter(|&(i, c)| c == '/' && i > 0)
                .map(move |(i, _)| &path[..i]),
        )
        .chain(std::iter::once(path).filter(|p| !p.is_empty()))
}

fn build_context(s: &compose::Service) -> Option<String> {
    let b = s.node.get("build")?;
    b.as_str()
        .map(str::to_string)
        .or_else(|| b.get_str("context").map(str::to_string))
}

/// Where the containers of workload `wi` see `key` of the ConfigMap/Secret `kind`/`name`.
fn mounted_in(
    w: &k8s::Workload,
    wi: usize,
    kind: &str,
    name: &str,
    key: &str,
    out: &mut Vec<Runtime>,
) {
    for (vol_name, src) in &w.volumes {
        let Some(rel) = volume_path(src, kind, name, key) else {
            continue;
        };
        for (ci, c) in w.containers.iter().enumerate() {
            for m in c.mounts.iter().filter(|m| &m.volume == vol_name) {
                let path = match &m.sub_path {
                    Some(sp) if sp == &rel => m.mount_path.clone(),
                    Some(_) => continue,
                    None => paths::join(&m.mount_path, &rel),
                };
                out.push(Runtime::K8s {
                    workload: wi,
                    container: ci,
                    path,
                });
            }
        }
    }
}

/// The path under the mount point at which a volume source exposes `key` of the object.
fn volume_path(src: &VolumeSource, kind: &str, name: &str, key: &str) -> Option<String> {
    let pick = |items: &Vec<(String, String)>| -> Option<String> {
        if items.is_empty() {
            Some(key.to_string())
        } else {
            items.iter().find(|(k, _)| k == key).map(|(_, p)| p.clone())
        }
    };
    match src {
        VolumeSource::ConfigMap(n, items) if kind == "ConfigMap" && n == name => pick(items),
        VolumeSource::Secret(n, items) if kind == "Secret" && n == name => pick(items),
        VolumeSource::Projected(srcs) => srcs.iter().find_map(|s| volume_path(s, kind, name, key)),
        _ => None,
    }
}

impl Stack {
    /// Images of the containers that read `file` (compose services and pod containers),
    /// with where each image is named.
    pub fn readers(&self, file: FileId) -> Vec<(String, Option<(FileId, Span)>)> {
        self.runtimes(file)
            .iter()
            .filter_map(|r| match r {
                Runtime::Compose {
                    project, service, ..
                } => self.compose[*project].services[*service]
                    .image
                    .as_ref()
                    .map(|i| (i.value.clone(), Some((i.file, i.span)))),
                Runtime::K8s {
                    workload,
                    container,
                    ..
                } => {
                    let w = &self.k8s.workloads[*workload];
                    let c = &w.containers[*container];
                    c.image
                        .clone()
                        .map(|i| (i, Some((w.obj.file, c.image_span))))
                }
                Runtime::K8sUnmounted { .. } => None,
            })
            .collect()
    }

    /// Images of the containers that read `file`.
    pub fn reader_images(&self, file: FileId) -> Vec<String> {
        self.readers(file).into_iter().map(|(i, _)| i).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::Input;

    fn same_runtimes(inputs: Vec<Input>) -> usize {
        let ws = Workspace::new(inputs);
        let stack = Stack::build(&ws);
        let mut seen = 0;
        for f in &ws.files {
            let naive = stack.compute_runtimes_naive(&ws, f.id);
            assert_eq!(stack.runtimes(f.id), naive.as_slice(), "{}", f.path);
            seen += naive.len();
        }
        seen
    }

    #[test]
    fn indexed_runtimes_match_the_naive_ones() {
        let compose = "services:\n  prom:\n    image: prom/prometheus\n    volumes:\n      - ./prometheus:/etc/prometheus\n      - ./prometheus/prometheus.yml:/etc/p.yml\n      - data:/prometheus\n      - .:/all\n  graf:\n    build: ./grafana\n  both:\n    build: .\n    volumes:\n      - ./grafana/x.yml:/x.yml\n  abs:\n    image: x\n    volumes:\n      - /:/host\nvolumes:\n  data: {}\n";
        let k8s = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: mon\ndata:\n  prometheus.yml: |\n    scrape_configs: []\n  other.yml: |\n    a: 1\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p\n  namespace: mon\nspec:\n  template:\n    spec:\n      containers:\n        - name: p\n          volumeMounts:\n            - name: c\n              mountPath: /etc/prometheus\n            - name: pr\n              mountPath: /etc/proj\n            - name: c\n              mountPath: /etc/one.yml\n              subPath: prometheus.yml\n      volumes:\n        - name: c\n          configMap:\n            name: cfg\n        - name: pr\n          projected:\n            sources:\n              - configMap:\n                  name: cfg\n                  items:\n                    - key: other.yml\n                      path: o.yml\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: elsewhere\n  namespace: other\nspec:\n  template:\n    spec:\n      containers:\n        - name: p\n          volumeMounts:\n            - name: c\n              mountPath: /etc/prometheus\n      volumes:\n        - name: c\n          configMap:\n            name: cfg\n";
        let n = same_runtimes(vec![
            Input::new("stack/docker-compose.yml", compose),
            Input::new("stack/prometheus/prometheus.yml", "scrape_configs: []\n"),
            Input::new("stack/grafana/x.yml", "a: 1\n"),
            Input::new("stack/grafana/provisioning/ds.yml", "datasources: []\n"),
            Input::new("docker-compose.yml", compose),
            Input::new("prometheus/prometheus.yml", "scrape_configs: []\n"),
            Input::new("grafana/x.yml", "a: 1\n"),
            Input::new("k8s/all.yaml", k8s),
            Input::new("unrelated.yml", "a: 1\n"),
        ]);
        assert!(n > 10, "{n}");
    }

    #[test]
    fn indexed_runtimes_match_on_the_seed_fixtures() {
        let root = std::env::var("DIAGNOSE_RUNTIME_DIR").unwrap_or_else(|_| {
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/seeds").to_string()
        });
        fn walk(dir: &std::path::Path, root: &std::path::Path, out: &mut Vec<Input>) {
            let Ok(rd) = std::fs::read_dir(dir) else {
                return;
            };
            let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
            entries.sort();
            for p in entries {
                if p.is_dir() {
                    walk(&p, root, out);
                } else if let Ok(t) = std::fs::read_to_string(&p) {
                    let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                    out.push(Input::new(rel, t));
                }
            }
        }
        let root = std::path::Path::new(&root);
        let mut inputs = Vec::new();
        walk(root, root, &mut inputs);
        if inputs.is_empty() {
            eprintln!("no seed fixtures found: skipped");
            return;
        }
        same_runtimes(inputs);
    }
}
