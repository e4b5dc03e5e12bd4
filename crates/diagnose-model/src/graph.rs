//! The stack as a graph: who talks to whom. Nodes are the containers (compose services),
//! pods (Kubernetes workloads) and hosts (a program run without a container, a name such as
//! `host.docker.internal`) of the stack, the config sources that are mounted into them, and
//! the targets found by service discovery; edges are datasource URLs, scrape targets (static
//! and discovered), Alertmanager targets, remote-write URLs and config-file mounts, each with
//! the place that declares it. Which diagnostics break an edge is the engine's business
//! (`diagnose_core::graph`): each edge carries the `scope` in which a diagnostic breaks it.

use crate::net::{Address, Use};
use crate::runtime::Place;
use crate::workspace::{Kind, Workspace};
use crate::{images, Runtime, Stack};
use diagnose_syntax::source::{FileId, Span};
use diagnose_syntax::Node as Tree;

mod units;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// A compose service.
    Container,
    /// A Kubernetes workload (its pods).
    Pod,
    /// A program on a host, or a name for the host (`host.docker.internal`).
    Host,
    /// A config source mounted into containers (a host path, a ConfigMap or Secret).
    File,
    /// What a service discovery finds (`kubernetes_sd_configs` role and namespaces).
    Discovered,
    /// An address the files do not define (an IP, an outside name, a name that resolves to
    /// nothing).
    External,
}

impl NodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Container => "container",
            NodeKind::Pod => "pod",
            NodeKind::Host => "host",
            NodeKind::File => "file",
            NodeKind::Discovered => "discovered",
            NodeKind::External => "external",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    Datasource,
    Scrape,
    /// Targets of a service discovery (`*_sd_configs`).
    Discovered,
    Alerting,
    RemoteWrite,
    /// A config source mounted into a container (from the source to the container).
    Mount,
}

impl EdgeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Datasource => "datasource",
            EdgeKind::Scrape => "scrape",
            EdgeKind::Discovered => "discovered",
            EdgeKind::Alerting => "alerting",
            EdgeKind::RemoteWrite => "remote-write",
            EdgeKind::Mount => "mount",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Node {
    /// Unique in the graph: the service, workload, program or address name.
    pub id: String,
    pub kind: NodeKind,
    pub program: Option<String>,
    /// The image tag, when there is one.
    pub version: Option<String>,
    /// Where it is defined (the service's name, the workload's name, the config file).
    pub file: FileId,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
    /// The URL or target as written; for a mount, the path in the container; for a
    /// discovery, `<key> <role>`.
    pub target: String,
    /// Where it is declared.
    pub file: FileId,
    pub span: Span,
    /// Where a diagnostic breaks this edge: its value, and the entry that holds it (the
    /// scrape job, the datasource, the mount).
    pub scope: Vec<(FileId, Span)>,
    /// The mount edge that brings the declaring file to the caller, if any: when it is
    /// broken, so is this edge.
    pub via: Option<usize>,
    /// False for a mount the files do not declare but the stack needs (a ConfigMap of
    /// Grafana or Prometheus config that no workload mounts, drawn to the workload running
    /// that program).
    pub declared: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// Builds the graph of `stack`.
pub fn build(ws: &Workspace, stack: &Stack) -> Graph {
    let mut b = Builder {
        ws,
        stack,
        g: Graph::default(),
        keys: Vec::new(),
    };
    b.containers();
    b.mounts();
    b.unit_configs();
    b.endpoints();
    b.discoveries();
    b.g
}

/// What a node stands for, to find it again.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Key {
    Service(usize, usize),
    Workload(usize),
    /// A plain server's systemd unit (an index in `Stack::containers`).
    Unit(usize),
    HostProgram(FileId),
    Source(String),
    Name(String),
}

struct Builder<'a> {
    ws: &'a Workspace,
    stack: &'a Stack,
    g: Graph,
    keys: Vec<Key>,
}

/// The program and version of an image reference.
fn program_version(image: &str) -> (Option<String>, Option<String>) {
    let program = crate::runtime::program_of(image)
        .map(str::to_string)
        .or_else(|| Some(images::base_of(image)).filter(|b| !b.is_empty()));
    (program, images::image_tag(image).map(str::to_string))
}

impl Builder<'_> {
    fn node(&mut self, key: Key, mut node: Node) -> usize {
        if let Some(i) = self.keys.iter().position(|k| *k == key) {
            return i;
        }
        let base = node.id.clone();
        let mut n = 2;
        while self.g.nodes.iter().any(|x| x.id == node.id) {
            node.id = format!("{base}-{n}");
            n += 1;
        }
        self.keys.push(key);
        self.g.nodes.push(node);
        self.g.nodes.len() - 1
    }

    fn service(&mut self, p: usize, s: usize) -> usize {
        let svc = &self.stack.compose[p].services[s];
        let (program, version) = svc
            .image
            .as_ref()
            .map_or((None, None), |i| program_version(&i.value));
        self.node(
            Key::Service(p, s),
            Node {
                id: svc.name.clone(),
                kind: NodeKind::Container,
                program,
                version,
                file: svc.file,
                span: svc.name_span,
            },
        )
    }

    fn workload(&mut self, wi: usize) -> usize {
        let w = &self.stack.k8s.workloads[wi];
        let known = self.stack.containers.iter().find_map(|c| match c.place {
            Place::K8s { workload, .. } if workload == wi => Some(c.image.value.as_str()),
            _ => None,
        });
        let image = known.or_else(|| w.containers.iter().find_map(|c| c.image.as_deref()));
        let (program, version) = image.map_or((None, None), program_version);
        self.node(
            Key::Workload(wi),
            Node {
                id: w.obj.name.clone(),
                kind: NodeKind::Pod,
                program,
                version,
                file: w.obj.file,
                span: w.obj.name_span,
            },
        )
    }

    /// A program that reads `file` outside any container.
    fn host_program(&mut self, file: FileId, program: &str) -> usize {
        self.node(
            Key::HostProgram(file),
            Node {
                id: program.to_string(),
                kind: NodeKind::Host,
                program: Some(program.to_string()),
                version: None,
                file,
                span: Span::empty(0),
            },
        )
    }

    fn named(&mut self, name: String, kind: NodeKind, file: FileId, span: Span) -> usize {
        self.node(
            Key::Name(name.clone()),
            Node {
                id: name,
                kind,
                program: None,
                version: None,
                file,
                span,
            },
        )
    }

    /// Every container of a known program is on the map, even alone.
    fn containers(&mut self) {
        for (ci, c) in self.stack.containers.iter().enumerate() {
            match c.place {
                Place::Compose { project, service } => {
                    self.service(project, service);
                }
                Place::K8s { workload, .. } => {
                    self.workload(workload);
                }
                Place::Unit(_) => {
                    self.unit(ci);
                }
            }
        }
    }

    /// The nodes of the containers that see `file` through `runtimes`; for a ConfigMap no
    /// workload mounts, the workloads of its namespace that run `program`.
    fn runtime_nodes(&mut self, runtimes: &[Runtime], program: Option<&str>) -> Vec<usize> {
        let mut out = Vec::new();
        for rt in runtimes {
            let n = match rt {
                Runtime::Compose {
                    project, service, ..
                } => vec![self.service(*project, *service)],
                Runtime::K8s { workload, .. } => vec![self.workload(*workload)],
                Runtime::K8sUnmounted { namespace } => self.readers_in(namespace, program),
            };
            for i in n {
                if !out.contains(&i) {
                    out.push(i);
                }
            }
        }
        out
    }

    fn readers_in(&mut self, namespace: &str, program: Option<&str>) -> Vec<usize> {
        let Some(program) = program else {
            return Vec::new();
        };
        let wis: Vec<usize> = self
            .stack
            .containers
            .iter()
            .filter_map(|c| match c.place {
                Place::K8s { workload, .. }
                    if c.program == program
                        && self.stack.k8s.workloads[workload].obj.namespace == namespace =>
                {
                    Some(workload)
                }
                _ => None,
            })
            .collect();
        wis.into_iter().map(|wi| self.workload(wi)).collect()
    }

    /// The program that reads a file of this kind.
    fn program_of_file(&self, file: FileId) -> Option<&'static str> {
        let kind = self.ws.docs.iter().find(|d| d.file == file)?.kind;
        match kind {
            Kind::PrometheusConfig | Kind::PrometheusRules => Some("prometheus"),
            Kind::GrafanaDatasources
            | Kind::GrafanaProviders
            | Kind::GrafanaDashboard
            | Kind::GrafanaAlerting => Some("grafana"),
            Kind::Alertmanager => Some("alertmanager"),
            _ => None,
        }
    }

    /// Mount edges: for each mount that brings a file of the analysis into a container,
    /// one edge from the source to the container; for a ConfigMap of Grafana or Prometheus
    /// config that no workload mounts, an undeclared edge to the workloads that run it.
    fn mounts(&mut self) {
        let (ws, stack) = (self.ws, self.stack);
        for f in ws.files.iter() {
            for rt in stack.runtimes(f.id) {
                match rt {
                    Runtime::Compose {
                        project,
                        service,
                        path: Some(_),
                        mount: Some((mf, ms)),
                    } => {
                        let m = stack.compose[*project].services[*service]
                            .mounts
                            .iter()
                            .find(|m| m.file == *mf && m.span == *ms);
                        let Some(m) = m else { continue };
                        let (source, target) = (m.source.clone(), m.target.clone());
                        let from = self.node(
                            Key::Source(source.clone()),
                            Node {
                                id: source.clone(),
                                kind: NodeKind::File,
                                program: None,
                                version: None,
                                file: *mf,
                                span: *ms,
                            },
                        );
                        let to = self.service(*project, *service);
                        self.edge_once(from, to, EdgeKind::Mount, target, *mf, *ms, vec![], true);
                    }
                    Runtime::K8s {
                        workload,
                        container,
                        path,
                    } => {
                        let Some((from, _)) = self.config_object(f.id) else {
                            continue;
                        };
                        let w = &stack.k8s.workloads[*workload];
                        let c = &w.containers[*container];
                        let m = c
                            .mounts
                            .iter()
                            .filter(|m| {
                                diagnose_syntax::paths::strip_dir(path, &m.mount_path).is_some()
                            })
                            .max_by_key(|m| m.mount_path.len());
                        let (span, target) = m.map_or((w.obj.name_span, path.clone()), |m| {
                            (m.span, m.mount_path.clone())
                        });
                        let file = w.obj.file;
                        let to = self.workload(*workload);
                        self.edge_once(from, to, EdgeKind::Mount, target, file, span, vec![], true);
                    }
                    Runtime::K8sUnmounted { namespace } => {
                        let program = self.program_of_file(f.id);
                        let readers = self.readers_in(namespace, program);
                        let Some((from, key_span)) = self.config_object(f.id) else {
                            continue;
                        };
                        let file = self.g.nodes[from].file;
                        for to in readers {
                            let target =
                                f.origin.as_ref().map(|o| o.key.clone()).unwrap_or_default();
                            self.edge_once(
                                from,
                                to,
                                EdgeKind::Mount,
                                target,
                                file,
                                key_span,
                                vec![],
                                false,
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    /// The node of the ConfigMap or Secret that holds an embedded file, and the span of
    /// its key (the line of `key: |`).
    fn config_object(&mut self, file: FileId) -> Option<(usize, Span)> {
        let origin = self.ws.file(file).origin.as_ref()?;
        let (kind, ns, name) = &origin.object;
        let obj = self
            .stack
            .k8s
            .objects
            .iter()
            .find(|o| &o.kind == kind && &o.namespace == ns && &o.name == name)?;
        let data = obj
            .node
            .get("data")
            .or_else(|| obj.node.get("stringData"))
            .and_then(|d| d.entry(&origin.key))
            .map_or(obj.name_span, |e| e.key.span);
        let (ofile, oname) = (obj.file, obj.name_span);
        let i = self.node(
            Key::Source(format!("{kind}/{ns}/{name}")),
            Node {
                id: format!("{kind}/{name}"),
                kind: NodeKind::File,
                program: None,
                version: None,
                file: ofile,
                span: oname,
            },
        );
        Some((i, data))
    }

    #[allow(clippy::too_many_arguments)]
    fn edge_once(
        &mut self,
        from: usize,
        to: usize,
        kind: EdgeKind,
        target: String,
        file: FileId,
        span: Span,
        mut scope: Vec<(FileId, Span)>,
        declared: bool,
    ) -> usize {
        if let Some(i) =
            self.g.edges.iter().position(|e| {
                (e.from, e.to, e.kind, e.file, e.span) == (from, to, kind, file, span)
            })
        {
            return i;
        }
        scope.insert(0, (file, span));
        let via = if kind == EdgeKind::Mount {
            None
        } else {
            self.mount_of(file, from)
        };
        self.g.edges.push(Edge {
            from,
            to,
            kind,
            target,
            file,
            span,
            scope,
            via,
            declared,
        });
        self.g.edges.len() - 1
    }

    /// The mount edge that brings `file` (a config file) into node `to`.
    fn mount_of(&self, file: FileId, to: usize) -> Option<usize> {
        let f = self.ws.file(file);
        let source = match &f.origin {
            Some(o) => {
                let (kind, ns, name) = &o.object;
                Key::Source(format!("{kind}/{ns}/{name}"))
            }
            None => {
                let rt = self.stack.runtimes(file).iter().find_map(|rt| match rt {
                    Runtime::Compose {
                        project,
                        service,
                        mount: Some(m),
                        ..
                    } if self.keys.get(to) == Some(&Key::Service(*project, *service)) => Some(*m),
                    _ => None,
                })?;
                return self.g.edges.iter().position(|e| {
                    e.kind == EdgeKind::Mount && e.to == to && (e.file, e.span) == rt
                });
            }
        };
        let from = self.keys.iter().position(|k| *k == source)?;
        self.g
            .edges
            .iter()
            .position(|e| e.kind == EdgeKind::Mount && e.from == from && e.to == to)
    }

    /// The nodes that read `file`: its consumers, else a program on a host.
    fn callers(&mut self, file: FileId, grafana: bool) -> Vec<usize> {
        let program = if grafana { "grafana" } else { "prometheus" };
        let runtimes = self.stack.consumers(file, grafana);
        if runtimes.is_empty() {
            let node = match self.unit_reading(file, program) {
                Some(u) => u,
                None => self.host_program(file, program),
            };
            return vec![node];
        }
        let nodes = self.runtime_nodes(&runtimes, Some(program));
        if nodes.is_empty() {
            // A ConfigMap no workload mounts, and no workload runs the program.
            self.config_object(file)
                .map(|(i, _)| i)
                .into_iter()
                .collect()
        } else {
            nodes
        }
    }

    /// The node endpoint `i` (an index in `Stack::endpoints`) designates, seen from node
    /// `caller`: the caller itself for a loopback address, else what the stack's one
    /// resolution ([`crate::resolve::routes`]) says it reaches, else a node for the outside
    /// address.
    fn target(&mut self, i: usize, caller: usize) -> usize {
        let e = &self.stack.endpoints[i];
        if e.addr.is_loopback() {
            return self.unit_listening(caller, e.addr.port).unwrap_or(caller);
        }
        match self.routed(i, caller) {
            Some(to) => to,
            None => self.outside(&e.addr, e.file, e.span),
        }
    }

    /// The node of endpoint `i` called from `caller`, per `Stack::routes`: the compose
    /// service the name reaches, or the first workload the Kubernetes Service selects.
    fn routed(&mut self, i: usize, caller: usize) -> Option<usize> {
        let routes = &self.stack.routes;
        match self.keys[caller].clone() {
            Key::Service(p, s) => {
                let host = &self.stack.endpoints[i].addr.host;
                if let Some(t) = static_ip_service(&self.stack.compose[p], host) {
                    return Some(self.service(p, t));
                }
                let t = routes
                    .compose
                    .iter()
                    .find(|r| r.endpoint == i && r.project == p && r.caller == s)?
                    .target?;
                Some(self.service(p, t))
            }
            Key::Workload(wi) => {
                let k8s = &self.stack.k8s;
                let ns = &k8s.workloads[wi].obj.namespace;
                let svc = routes
                    .k8s
                    .iter()
                    .find(|r| r.endpoint == i && &r.caller_namespace == ns)?
                    .service?;
                let real = &k8s.services[routes.services[svc].real?];
                let picked = k8s
                    .workloads
                    .iter()
                    .position(|w| k8s.selected_by(real).any(|x| std::ptr::eq(x, w)))?;
                Some(self.workload(picked))
            }
            _ => None,
        }
    }

    /// A node for an address outside the files: a Docker host alias, or the address.
    fn outside(&mut self, addr: &Address, file: FileId, span: Span) -> usize {
        let host = addr.host.trim_end_matches('.');
        let kind = if crate::net::is_docker_host_alias(host) {
            NodeKind::Host
        } else {
            NodeKind::External
        };
        let name = match (kind, addr.port) {
            (NodeKind::External, Some(p)) if host.contains(':') => format!("[{host}]:{p}"),
            (NodeKind::External, Some(p)) => format!("{host}:{p}"),
            _ => host.to_string(),
        };
        self.named(name, kind, file, span)
    }

    /// Datasource, scrape, Alertmanager and remote-write edges, from every URL and target of
    /// the configs.
    fn endpoints(&mut self) {
        let stack = self.stack;
        for (i, e) in stack.endpoints.iter().enumerate() {
            let (kind, grafana) = match e.usage {
                Use::Datasource { .. } => (EdgeKind::Datasource, true),
                Use::ScrapeTarget { .. } => (EdgeKind::Scrape, false),
                Use::Alertmanager => (EdgeKind::Alerting, false),
                Use::RemoteWrite => (EdgeKind::RemoteWrite, false),
            };
            let scope = self.entry_of(e.file, e.span, kind);
            for from in self.callers(e.file, grafana) {
                let to = self.target(i, from);
                self.edge_once(
                    from,
                    to,
                    kind,
                    e.raw.clone(),
                    e.file,
                    e.span,
                    scope.clone(),
                    true,
                );
            }
        }
    }

    /// The entry that holds a value: the scrape job, the datasource, the Alertmanager
    /// block.
    fn entry_of(&self, file: FileId, span: Span, kind: EdgeKind) -> Vec<(FileId, Span)> {
        let within = |n: &Tree| n.span.start <= span.start && span.end <= n.span.end;
        let mut out = Vec::new();
        match kind {
            EdgeKind::Scrape | EdgeKind::Alerting | EdgeKind::RemoteWrite => {
                for p in self.stack.prometheus.iter().filter(|p| p.file == file) {
                    let list = match kind {
                        EdgeKind::Scrape => p.root.get("scrape_configs"),
                        EdgeKind::Alerting => p.root.path(&["alerting", "alertmanagers"]),
                        _ => p.root.get("remote_write"),
                    };
                    for j in list.map(Tree::items).unwrap_or_default() {
                        if within(j) {
                            out.push((file, j.span));
                        }
                    }
                }
            }
            EdgeKind::Datasource => {
                for ds in self
                    .stack
                    .grafana
                    .datasources
                    .iter()
                    .filter(|d| d.file == file)
                {
                    if within(&ds.node) {
                        out.push((file, ds.node.span));
                    }
                }
            }
            _ => {}
        }
        out
    }

    /// One edge per service discovery of every scrape job (and Alertmanager block), to a
    /// node standing for what it discovers.
    fn discoveries(&mut self) {
        let stack = self.stack;
        for p in &stack.prometheus {
            let jobs = p
                .root
                .get("scrape_configs")
                .map(Tree::items)
                .unwrap_or_default();
            let ams = p
                .root
                .path(&["alerting", "alertmanagers"])
                .map(Tree::items)
                .unwrap_or_default();
            let blocks = jobs
                .iter()
                .map(|j| (j, EdgeKind::Discovered))
                .chain(ams.iter().map(|a| (a, EdgeKind::Alerting)));
            for (block, kind) in blocks {
                for entry in block.entries() {
                    let Some(key) = entry.key.as_str() else {
                        continue;
                    };
                    if !key.ends_with("_sd_configs") || key == "static_configs" {
                        continue;
                    }
                    for sd in entry.value.items() {
                        let role = sd.get_str("role");
                        let sd_kind = key.trim_end_matches("_sd_configs");
                        let names: Vec<&str> = sd
                            .path(&["namespaces", "names"])
                            .map(Tree::items)
                            .unwrap_or_default()
                            .iter()
                            .filter_map(Tree::as_str)
                            .collect();
                        let what = match role {
                            Some(r) => format!("{sd_kind} {r}"),
                            None => sd_kind.to_string(),
                        };
                        let name = if names.is_empty() {
                            what.clone()
                        } else {
                            format!("{what} ({})", names.join(", "))
                        };
                        let span = sd.get("role").map_or(sd.span, |r| r.span);
                        let callers = self.callers(p.file, false);
                        let to = self.named(name, NodeKind::Discovered, p.file, span);
                        for from in callers {
                            self.edge_once(
                                from,
                                to,
                                kind,
                                match role {
                                    Some(r) => format!("{key} role={r}"),
                                    None => key.to_string(),
                                },
                                p.file,
                                span,
                                vec![(p.file, sd.span), (p.file, block.span)],
                                true,
                            );
                        }
                    }
                }
            }
        }
    }
}

/// The service of a compose project whose fixed address on one of its networks is `host`
/// (`networks: {monitoring: {ipv4_address: 172.20.0.10}}`): a target written as that IP
/// reaches the service, not an address outside the files.
fn static_ip_service(p: &crate::ComposeProject, host: &str) -> Option<usize> {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.parse::<std::net::IpAddr>().ok()?;
    p.services.iter().position(|s| {
        s.node
            .get("networks")
            .filter(|n| n.is_map())
            .is_some_and(|n| {
                n.entries().iter().any(|e| {
                    ["ipv4_address", "ipv6_address"]
                        .iter()
                        .any(|k| e.value.get_str(k) == Some(host))
                })
            })
    })
}
