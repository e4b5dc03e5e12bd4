//! The model of the whole stack across files: compose projects, Kubernetes objects,
//! Prometheus configs, Grafana provisioning, and for each config file which containers
//! see it and at which path.

pub mod compose;
pub mod grafana;
pub mod images;
pub mod k8s;
pub mod net;
pub mod prometheus;

use crate::paths;
use crate::source::{FileId, Span};
use crate::workspace::Workspace;
use compose::{ComposeProject, MountKind};
use k8s::{K8sModel, VolumeSource};

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
    /// Every PromQL query of rule files and dashboards, parsed.
    pub queries: Vec<crate::promql::Query>,
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
            queries: Vec::new(),
            compose,
            k8s,
        };
        stack.runtimes = ws
            .files
            .iter()
            .map(|f| stack.compute_runtimes(ws, f.id))
            .collect();
        stack.endpoints = stack.collect_endpoints();
        stack.queries = crate::promql::collect(ws, &stack);
        stack
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
                usage,
                callers: self.runtimes(v.file).to_vec(),
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

    fn compute_runtimes(&self, ws: &Workspace, file: FileId) -> Vec<Runtime> {
        let f = ws.file(file);
        let mut out = Vec::new();
        if let Some(origin) = &f.origin {
            let (kind, ns, name) = &origin.object;
            for (wi, w) in self.k8s.workloads.iter().enumerate() {
                if &w.obj.namespace != ns {
                    continue;
                }
                for (vol_name, src) in &w.volumes {
                    let Some(rel) = volume_path(src, kind, name, &origin.key) else {
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

fn build_context(s: &compose::Service) -> Option<String> {
    let b = s.node.get("build")?;
    b.as_str()
        .map(str::to_string)
        .or_else(|| b.get_str("context").map(str::to_string))
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
