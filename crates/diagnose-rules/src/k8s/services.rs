//! Cluster DNS names and the Services they designate, shared by the Kubernetes rules and
//! scrape-target-without-exporter.

use diagnose_model::k8s::{K8sModel, K8sService, Workload};
use diagnose_model::net::Endpoint;
use diagnose_model::{Runtime, Stack};
use diagnose_syntax::source::{FileId, Span};

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
pub struct Svc<'a> {
    pub name: String,
    pub namespace: String,
    pub real: Option<&'a K8sService>,
    /// Ports, when known (operator-created Services).
    pub ports: Vec<u16>,
    /// Where it is declared (the Service, or the custom resource behind it).
    pub decl: Option<(FileId, Span)>,
    /// False when the manifest sets no `metadata.namespace`: `kubectl apply -n` puts it
    /// in any namespace, so it matches every namespace.
    pub ns_explicit: bool,
}

impl Svc<'_> {
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
pub fn services(k8s: &K8sModel) -> Vec<Svc<'_>> {
    let mut v: Vec<Svc<'_>> = k8s
        .services
        .iter()
        .map(|s| Svc {
            name: s.obj.name.clone(),
            namespace: s.obj.namespace.clone(),
            real: Some(s),
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
