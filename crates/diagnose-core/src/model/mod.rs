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
