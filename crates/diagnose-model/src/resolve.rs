//! One resolution step (issue 20): what the host of each URL and scrape target reaches,
//! from each of its callers — a service of the caller's compose project, or a Service of
//! the manifests seen from the caller's namespace — computed once per analysis
//! ([`Stack::routes`]). The network rules (NET003–NET005) and the Kubernetes DNS rules
//! (K8S001, K8S002) read it instead of each resolving names on its own.

use crate::compose::{ComposeProject, Service};
use crate::k8s::{K8sModel, K8sService, Workload};
use crate::net::{Endpoint, Use};
use crate::{Runtime, Stack};
use diagnose_syntax::source::{FileId, Span};
use diagnose_syntax::Node;

/// Every route of the stack's endpoints, in endpoint order, then caller order.
#[derive(Clone, Debug, Default)]
pub struct Routes {
    /// Every Service a cluster name can resolve to ([`services`]).
    pub services: Vec<Svc>,
    /// From compose callers: endpoints whose host may name a compose service.
    pub compose: Vec<ComposeRoute>,
    /// From Kubernetes callers: endpoints whose host reads as a cluster DNS name.
    pub k8s: Vec<K8sRoute>,
}

/// An endpoint whose host is a single name, called from a compose service.
#[derive(Clone, Debug)]
pub struct ComposeRoute {
    /// Index in `Stack::endpoints`.
    pub endpoint: usize,
    pub project: usize,
    /// The calling service.
    pub caller: usize,
    /// The caller uses the host's network (`network_mode: host`, or the network of a
    /// service that does): the host's resolver answers, not Docker's.
    pub host_network: bool,
    /// The caller is on the project's networks (its own, or through
    /// `network_mode: service:…`); false for `none`, `container:…`, `bridge`.
    pub project_network: bool,
    /// The service of the caller's project whose name, alias, container name or host name
    /// the host is (index in the project's services).
    pub target: Option<usize>,
}

/// An endpoint called from a pod (or from a ConfigMap no pod mounts) of a namespace.
#[derive(Clone, Debug)]
pub struct K8sRoute {
    /// Index in `Stack::endpoints`.
    pub endpoint: usize,
    pub caller_namespace: String,
    pub name: DnsName,
    /// The Service the name designates (index in [`Routes::services`]), if any.
    pub service: Option<usize>,
}

/// Resolves every endpoint of the stack from each of its callers.
pub fn routes(stack: &Stack) -> Routes {
    let services = services(&stack.k8s);
    let namespaces = stack.k8s.namespaces();
    let mut compose = Vec::new();
    let mut k8s = Vec::new();
    for (i, e) in stack.endpoints.iter().enumerate() {
        if is_single_label_name(&e.addr.host)
            && !address_rewritten(stack, e)
            && !browser_access(stack, e)
        {
            for (pi, si) in compose_callers(stack, e) {
                let p = &stack.compose[pi];
                let caller = &p.services[si];
                if rewritten_by_command(caller, &e.addr.host) {
                    continue;
                }
                let target = p.services.iter().position(|s| {
                    s.dns_names()
                        .iter()
                        .any(|n| n.eq_ignore_ascii_case(&e.addr.host))
                });
                compose.push(ComposeRoute {
                    endpoint: i,
                    project: pi,
                    caller: si,
                    host_network: uses_host_network(p, caller),
                    project_network: network_owner(p, caller).is_some(),
                    target,
                });
            }
        }
        if stack.k8s.services.is_empty() && stack.k8s.workloads.is_empty() {
            continue;
        }
        for caller in caller_namespaces(stack, e) {
            let Some(name) = parse_host(&e.addr.host, &caller, &namespaces) else {
                continue;
            };
            let service = services
                .iter()
                .position(|s| s.is(&name.service, &name.namespace));
            k8s.push(K8sRoute {
                endpoint: i,
                caller_namespace: caller,
                name,
                service,
            });
        }
    }
    Routes {
        services,
        compose,
        k8s,
    }
}

/// The compose services that read the file holding `e` (`Endpoint::callers` keeps only
/// the containers that plausibly read it: see `Stack::consumers`), each once.
pub fn compose_callers(_stack: &Stack, e: &Endpoint) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for c in &e.callers {
        if let Runtime::Compose {
            project, service, ..
        } = c
        {
            if !out.contains(&(*project, *service)) {
                out.push((*project, *service));
            }
        }
    }
    out
}

/// The service whose network namespace `svc` uses: itself, or the target of
/// `network_mode: service:<name>` (followed a few hops). `None` for `host`, `none`,
/// `container:…`, a missing target, or any other mode.
pub fn network_owner<'a>(p: &'a ComposeProject, svc: &'a Service) -> Option<&'a Service> {
    let mut s = svc;
    for _ in 0..8 {
        let Some(mode) = &s.network_mode else {
            return Some(s);
        };
        let m = mode.value.trim();
        if let Some(name) = m.strip_prefix("service:") {
            s = p.service(name.trim())?;
        } else if m == "bridge" || m == "default" {
            // `bridge`: the engine's default bridge, not a project network.
            return None;
        } else {
            return None;
        }
    }
    None
}

/// True when the service (or the service whose network it shares) uses the host's network.
pub fn uses_host_network(p: &ComposeProject, svc: &Service) -> bool {
    let mut s = svc;
    for _ in 0..8 {
        match s.network_mode.as_ref().map(|m| m.value.trim()) {
            Some("host") => return true,
            Some(m) if m.starts_with("service:") => match p.service(m[8..].trim()) {
                Some(t) => s = t,
                None => return false,
            },
            _ => return false,
        }
    }
    false
}

/// True when the scrape job of a target rewrites `__address__` (blackbox-style probes): the
/// target is then a parameter, not the address Prometheus connects to.
pub fn address_rewritten(stack: &Stack, e: &Endpoint) -> bool {
    let Use::ScrapeTarget { job } = &e.usage else {
        return false;
    };
    stack
        .prometheus
        .iter()
        .filter(|p| p.file == e.file)
        .flat_map(|p| &p.jobs)
        .filter(|j| j.name.as_ref().map_or("", |n| n.value.as_str()) == job)
        .any(|j| {
            j.node
                .get("relabel_configs")
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .any(|r| r.get_str("target_label") == Some("__address__"))
        })
}

/// True when the caller's `entrypoint` or `command` rewrites `host` with `sed` before its
/// program reads the file (`sed "s/MYIP/$COMPUTER_IP/" prometheus.yml > run.yml`): the
/// name written in the file is a placeholder the container fills at start-up.
pub fn rewritten_by_command(svc: &Service, host: &str) -> bool {
    let mut text = svc.command.join(" ");
    if let Some(ep) = svc.node.get("entrypoint") {
        match ep.as_str() {
            Some(s) => text.push_str(s),
            None => ep.items().iter().filter_map(Node::as_str).for_each(|s| {
                text.push(' ');
                text.push_str(s);
            }),
        }
    }
    sed_rewrites(&text, |pattern| host.contains(pattern))
}

/// True when a shell text (a container's command line) runs `sed` with an `s` expression
/// whose pattern satisfies `matches` (see [`sed_patterns`]). NET003 asks it for a host the
/// command fills in; GRAF008 for a dashboard's `${DS_…}` placeholder
/// (`sed -i 's/$${DS_PROMETHEUS}/Prometheus/g' *.json`).
pub fn sed_rewrites(text: &str, matches: impl Fn(&str) -> bool) -> bool {
    text.contains("sed ") && sed_patterns(text).iter().any(|p| matches(p))
}

/// The patterns of the `s<d>pattern<d>…` expressions of a shell text (`s/MYIP/…/`,
/// `s|X|…|g`), without regex anchors; a placeholder pattern gives its name (`${X}`,
/// `$${X}` as compose escapes it, `\$\{X\}`, `$X` → `X`); a pattern with other regex
/// syntax is left out.
fn sed_patterns(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for (i, _) in text.match_indices('s') {
        let before_ok = i == 0 || matches!(b[i - 1], b' ' | b'\'' | b'"' | b';' | b'=');
        let Some(&d) = b.get(i + 1) else { continue };
        if !before_ok || !matches!(d, b'/' | b'|' | b'#' | b',' | b':' | b'@') {
            continue;
        }
        let rest = &text[i + 2..];
        let Some(end) = rest.find(d as char) else {
            continue;
        };
        let pat = rest[..end].trim_start_matches('^');
        let unescaped = pat.replace('\\', "");
        let name = match unescaped.trim_start_matches('$') {
            n if n.len() < unescaped.len() => n
                .strip_prefix('{')
                .and_then(|n| n.strip_suffix('}'))
                .unwrap_or(n),
            _ => pat.trim_end_matches('$'),
        };
        if !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        {
            out.push(name.to_string());
        }
    }
    out
}

/// True for a Grafana datasource with `access: direct`: the user's browser calls the URL,
/// not the Grafana container, so container networking does not apply.
pub fn browser_access(stack: &Stack, e: &Endpoint) -> bool {
    matches!(e.usage, Use::Datasource { .. })
        && stack.grafana.datasources.iter().any(|d| {
            d.file == e.file
                && d.url.as_ref().is_some_and(|u| u.span == e.span)
                && d.access
                    .as_ref()
                    .is_some_and(|a| a.value.eq_ignore_ascii_case("direct"))
        })
}

/// A host that could be a compose service name: one DNS label, not an IP, not localhost.
pub fn is_single_label_name(host: &str) -> bool {
    !host.is_empty()
        && !host.contains('.')
        && !host.contains(':')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !host.chars().all(|c| c.is_ascii_digit())
        && !host.eq_ignore_ascii_case("localhost")
}

/// How a host names a Service.
#[derive(Clone, Debug, PartialEq)]
pub struct DnsName {
    pub service: String,
    pub namespace: String,
    /// `<pod>.<service>.<ns>.svc…`: a pod of a headless Service.
    pub pod: Option<String>,
    /// Labels after `<service>.<namespace>`: `""`, `svc`, `svc.cluster.local`…
    pub suffix: String,
    /// True when the host is a single label resolved in the caller's namespace.
    pub short: bool,
}

impl DnsName {
    /// The same kind of name for another Service or namespace.
    pub fn with(&self, service: &str, namespace: &str) -> String {
        let mut s = String::new();
        if let Some(p) = &self.pod {
            s.push_str(p);
            s.push('.');
        }
        s.push_str(service);
        if !self.short || namespace != self.namespace {
            s.push('.');
            s.push_str(namespace);
        }
        if !self.suffix.is_empty() {
            s.push('.');
            s.push_str(&self.suffix);
        }
        s
    }
}

/// Reads `host` as a cluster DNS name seen from a pod in `caller_ns`. `None` for IP
/// addresses and names that are clearly outside the cluster (dotted names that neither
/// contain a `svc` label nor end with a namespace of the manifests).
pub fn parse_host(host: &str, caller_ns: &str, namespaces: &[&str]) -> Option<DnsName> {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    if h.is_empty() || h.parse::<std::net::IpAddr>().is_ok() || h == "localhost" {
        return None;
    }
    let labels: Vec<&str> = h.split('.').collect();
    if labels.iter().any(|l| l.is_empty() || !is_dns_label(l)) {
        return None;
    }
    if let Some(i) = labels.iter().position(|l| *l == "svc") {
        if !(2..=3).contains(&i) {
            return None;
        }
        return Some(DnsName {
            service: labels[i - 2].to_string(),
            namespace: labels[i - 1].to_string(),
            pod: (i == 3).then(|| labels[0].to_string()),
            suffix: labels[i..].join("."),
            short: false,
        });
    }
    match labels.as_slice() {
        [svc] => Some(DnsName {
            service: svc.to_string(),
            namespace: caller_ns.to_string(),
            pod: None,
            suffix: String::new(),
            short: true,
        }),
        [svc, ns] if namespaces.contains(ns) => Some(DnsName {
            service: svc.to_string(),
            namespace: ns.to_string(),
            pod: None,
            suffix: String::new(),
            short: false,
        }),
        _ => None,
    }
}

fn is_dns_label(l: &str) -> bool {
    l.len() <= 63
        && l.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !l.starts_with('-')
        && !l.ends_with('-')
}

/// A Service of the manifests, or one that the cluster or an operator creates.
#[derive(Clone, Debug)]
pub struct Svc {
    pub name: String,
    pub namespace: String,
    /// The Service of the manifests (index in `K8sModel::services`), if it is one.
    pub real: Option<usize>,
    /// Ports, when known (operator-created Services).
    pub ports: Vec<u16>,
    /// Where it is declared (the Service, or the custom resource behind it).
    pub decl: Option<(FileId, Span)>,
    /// False when the manifest sets no `metadata.namespace`: `kubectl apply -n` puts it
    /// in any namespace, so it matches every namespace.
    pub ns_explicit: bool,
}

impl Svc {
    pub fn is(&self, name: &str, namespace: &str) -> bool {
        self.name == name && (!self.ns_explicit || self.namespace == namespace)
    }
}

/// Whether an object's manifest sets `metadata.namespace`.
pub fn explicit_namespace(node: &diagnose_syntax::Node) -> bool {
    node.path(&["metadata", "namespace"])
        .is_some_and(|n| !n.is_null())
}

/// Services the Prometheus Operator creates for its custom resources (a governing
/// Service per namespace), with their ports.
const OPERATED: &[(&str, &str, &[u16])] = &[
    ("Prometheus", "prometheus-operated", &[9090, 10901]),
    ("Alertmanager", "alertmanager-operated", &[9093, 9094]),
    ("ThanosRuler", "thanos-ruler-operated", &[10901, 10902]),
];

/// Every Service a name can resolve to: the manifests' Services, the operator-created
/// ones, and `kubernetes.default` (the API server, present in every cluster).
pub fn services(k8s: &K8sModel) -> Vec<Svc> {
    let mut v: Vec<Svc> = k8s
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| Svc {
            name: s.obj.name.clone(),
            namespace: s.obj.namespace.clone(),
            real: Some(i),
            ports: s.ports.iter().map(|p| p.port).collect(),
            decl: Some((s.obj.file, s.obj.name_span)),
            ns_explicit: explicit_namespace(&s.obj.node),
        })
        .collect();
    for o in &k8s.objects {
        let api = o.node.get_str("apiVersion").unwrap_or("");
        if !api.starts_with("monitoring.coreos.com/") {
            continue;
        }
        if let Some((_, name, ports)) = OPERATED.iter().find(|(k, _, _)| *k == o.kind) {
            if !v.iter().any(|s| s.is(name, &o.namespace)) {
                v.push(Svc {
                    name: name.to_string(),
                    namespace: o.namespace.clone(),
                    real: None,
                    ports: ports.to_vec(),
                    decl: Some((o.file, o.name_span)),
                    ns_explicit: explicit_namespace(&o.node),
                });
            }
        }
    }
    if !v.iter().any(|s| s.is("kubernetes", "default")) {
        v.push(Svc {
            name: "kubernetes".into(),
            namespace: "default".into(),
            real: None,
            ports: vec![443],
            decl: None,
            ns_explicit: true,
        });
    }
    v
}

/// The namespaces of the Kubernetes callers of an endpoint (pods that mount the file, or
/// the namespace of the ConfigMap/Secret that no pod mounts).
pub fn caller_namespaces(stack: &Stack, e: &Endpoint) -> Vec<String> {
    let mut v: Vec<String> = e
        .callers
        .iter()
        .filter_map(|c| match c {
            Runtime::K8s { workload, .. } => {
                Some(stack.k8s.workloads[*workload].obj.namespace.clone())
            }
            Runtime::K8sUnmounted { namespace } => Some(namespace.clone()),
            Runtime::Compose { .. } => None,
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The container port a Service port forwards to in `w`, if the files tell.
pub fn target_container_port(svc: &K8sService, port: u16, w: &Workload) -> Option<u16> {
    let sp = svc.ports.iter().find(|p| p.port == port)?;
    match sp.target_port.as_deref() {
        None => Some(sp.port),
        Some(t) => match t.parse::<u16>() {
            Ok(n) => Some(n),
            Err(_) => w
                .containers
                .iter()
                .flat_map(|c| &c.ports)
                .find(|(_, name)| name.as_deref() == Some(t))
                .map(|(n, _)| *n),
        },
    }
}
