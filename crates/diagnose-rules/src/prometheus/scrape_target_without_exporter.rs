use super::common::read_by_prometheus;
use super::relabel::{self, LabelSet, Outcome, Val};
use crate::diagnostic::Severity;
use crate::k8s::services::{explicit_namespace, parse_host, target_container_port};
use crate::{Ctx, FixKind, Rule};
use diagnose_model::images::{self, ImageInfo};
use diagnose_model::k8s::Workload;
use diagnose_model::net::{Endpoint, Use};
use diagnose_model::prometheus::PromConfig;
use diagnose_model::Runtime;
use diagnose_syntax::source::{FileId, Span};
use diagnose_syntax::Node;
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "PROM005",
    name: "scrape-target-without-exporter",
    domain: "prometheus",
    severity: Severity::Warning,
    fix: FixKind::None,
    messages: texts! {
        "PROM005.message" => "job `{job}` scrapes `{target}` directly, but `{image}` serves no Prometheus metrics",
            "le job `{job}` scrape `{target}` directement, mais `{image}` ne sert pas de métriques Prometheus";
        "PROM005.message-sd" => "job `{job}` keeps the pods of `{workload}` and scrapes port {port}, but `{image}` serves no Prometheus metrics",
            "le job `{job}` garde les pods de `{workload}` et scrape le port {port}, mais `{image}` ne sert pas de métriques Prometheus";
        "PROM005.note" => "`{base}` speaks its own protocol, not HTTP: Prometheus's `GET {path}` fails and the target stays DOWN",
            "`{base}` parle son propre protocole, pas HTTP : le `GET {path}` de Prometheus échoue et la cible reste DOWN";
        "PROM005.help" => "run an exporter next to it, {exporter}, and scrape the exporter instead",
            "faites tourner un exporter à côté, {exporter}, et scrapez l’exporter à la place";
        "PROM005.label-image" => "`{image}` runs here", "`{image}` tourne ici";
        "PROM005.label-port" => "port {port} of `{workload}`", "port {port} de `{workload}`";
    },
    check,
};

fn check(cx: &mut Ctx<'_>) {
    for e in &cx.stack.endpoints {
        if let Use::ScrapeTarget { job } = &e.usage {
            if read_by_prometheus(cx.stack, e.file) {
                static_target(cx, e, job);
            }
        }
    }
    for p in &cx.stack.prometheus {
        if read_by_prometheus(cx.stack, p.file) {
            discovered(cx, p);
        }
    }
}

fn exporter_less(image: &str) -> Option<&'static ImageInfo> {
    images::info(&images::base_of(image)).filter(|i| i.exporter.is_some())
}

fn static_target(cx: &mut Ctx<'_>, e: &Endpoint, job: &str) {
    let port = e.addr.effective_port();
    let path = cx
        .stack
        .prometheus
        .iter()
        .filter(|p| p.file == e.file)
        .flat_map(|p| &p.jobs)
        .find(|j| j.node.span.start <= e.span.start && e.span.end <= j.node.span.end)
        .map_or("/metrics".to_string(), |j| j.metrics_path.clone());
    let mut seen = Vec::new();
    for caller in &e.callers {
        // (image, where it is declared)
        let found: Option<(String, FileId, Span)> = match caller {
            Runtime::Compose { project, .. } => {
                let p = &cx.stack.compose[*project];
                p.find_host(&e.addr.host).and_then(|s| {
                    let img = s.image.as_ref()?;
                    let info = exporter_less(&img.value)?;
                    let (own, _) = s.listen_ports();
                    let hits = port.is_none_or(|p| info.ports.contains(&p) || own.contains(&p));
                    hits.then(|| (img.value.clone(), img.file, img.span))
                })
            }
            Runtime::K8s { workload, .. } => {
                let ns = cx.stack.k8s.workloads[*workload].obj.namespace.clone();
                k8s_target(cx, e, &ns, port)
            }
            Runtime::K8sUnmounted { namespace } => k8s_target(cx, e, namespace, port),
        };
        let Some((image, f, s)) = found else { continue };
        if seen.contains(&image) {
            continue;
        }
        seen.push(image.clone());
        let info = exporter_less(&image).unwrap();
        let d = cx.report(
            e.file,
            e.host_span(),
            msg!("PROM005.message", job = job, target = e.raw, image = image),
        );
        d.note(msg!("PROM005.note", base = info.names[0], path = path));
        d.related(f, s, msg!("PROM005.label-image", image = image));
        d.help(msg!(
            "PROM005.help",
            exporter = info.exporter.unwrap_or_default()
        ));
    }
}

/// A static target that names a Service of the manifests: the image of the container its
/// port forwards to.
fn k8s_target(
    cx: &Ctx<'_>,
    e: &Endpoint,
    caller_ns: &str,
    port: Option<u16>,
) -> Option<(String, FileId, Span)> {
    let k8s = &cx.stack.k8s;
    let name = parse_host(&e.addr.host, caller_ns, &k8s.namespaces())?;
    let port = port?;
    let svc = k8s.services.iter().find(|s| {
        s.obj.name == name.service
            && (s.obj.namespace == name.namespace || !explicit_namespace(&s.obj.node))
    })?;
    for w in k8s.selected_by(svc) {
        let cport = if svc.headless || name.pod.is_some() {
            port
        } else {
            target_container_port(svc, port, w)?
        };
        for c in &w.containers {
            let Some(img) = &c.image else { continue };
            let Some(info) = exporter_less(img) else {
                continue;
            };
            if c.ports.iter().any(|(p, _)| *p == cport) || info.ports.contains(&cport) {
                return Some((img.clone(), w.obj.file, c.image_span));
            }
        }
    }
    None
}

/// Pods kept by a `kubernetes_sd_configs` role `pod` job, evaluated with the job's
/// relabelling rules on the pods of the manifests.
fn discovered(cx: &mut Ctx<'_>, p: &PromConfig) {
    let own_ns: Vec<String> = cx
        .stack
        .runtimes(p.file)
        .iter()
        .filter_map(|r| match r {
            Runtime::K8s { workload, .. } => {
                Some(cx.stack.k8s.workloads[*workload].obj.namespace.clone())
            }
            Runtime::K8sUnmounted { namespace } => Some(namespace.clone()),
            Runtime::Compose { .. } => None,
        })
        .collect();
    let Some(own_ns) = own_ns.first().cloned() else {
        return;
    };
    for job in &p.jobs {
        let rules = relabel::parse_rules(job.node.get("relabel_configs"));
        let job_name = job
            .name
            .as_ref()
            .map(|n| n.value.clone())
            .unwrap_or_default();
        for sd in job
            .node
            .get("kubernetes_sd_configs")
            .map(Node::items)
            .unwrap_or_default()
        {
            if sd.get_str("role") != Some("pod")
                || sd.get("api_server").is_some_and(|n| !n.is_null())
                || sd.get("kubeconfig_file").is_some_and(|n| !n.is_null())
                || sd.get("selectors").is_some_and(|n| !n.items().is_empty())
            {
                continue;
            }
            let names = diagnose_model::prometheus::sd_namespaces(sd, &own_ns);
            let role_span = sd.get("role").map_or(sd.span, |r| r.span);
            let mut reported: Vec<usize> = Vec::new();
            for (wi, w) in cx.stack.k8s.workloads.iter().enumerate() {
                if !names.is_empty()
                    && explicit_namespace(&w.obj.node)
                    && !names.contains(&w.obj.namespace)
                {
                    continue;
                }
                if reported.contains(&wi) {
                    continue;
                }
                if let Some((ci, port, keep)) = scraped_container(w, job, &rules) {
                    reported.push(wi);
                    let c = &w.containers[ci];
                    let image = c.image.clone().unwrap_or_default();
                    let info = exporter_less(&image).unwrap();
                    let span = keep.and_then(|k| rules[k].regex_span).unwrap_or(role_span);
                    let d = cx.report(
                        p.file,
                        span,
                        msg!(
                            "PROM005.message-sd",
                            job = job_name,
                            workload = w.obj.name,
                            port = port,
                            image = image
                        ),
                    );
                    d.note(msg!(
                        "PROM005.note",
                        base = info.names[0],
                        path = job.metrics_path
                    ));
                    let port_span = container_port_span(w, ci, port).unwrap_or(c.image_span);
                    d.related(
                        w.obj.file,
                        port_span,
                        msg!("PROM005.label-port", port = port, workload = w.obj.name),
                    );
                    d.help(msg!(
                        "PROM005.help",
                        exporter = info.exporter.unwrap_or_default()
                    ));
                }
            }
        }
    }
}

/// The span of `containerPort: <port>` of container `ci` (containers, then init containers).
fn container_port_span(w: &Workload, ci: usize, port: u16) -> Option<Span> {
    let spec = pod_spec(&w.obj.node, &w.obj.kind)?;
    let cs: Vec<&Node> = ["containers", "initContainers"]
        .iter()
        .flat_map(|k| spec.get(k).map(Node::items).unwrap_or_default())
        .collect();
    cs.get(ci)?
        .get("ports")?
        .items()
        .iter()
        .filter_map(|p| p.get("containerPort"))
        .find(|n| n.as_i64() == Some(port as i64))
        .map(|n| n.span)
}

fn pod_spec<'a>(root: &'a Node, kind: &str) -> Option<&'a Node> {
    match kind {
        "Pod" => root.get("spec"),
        "CronJob" => root.path(&["spec", "jobTemplate", "spec", "template", "spec"]),
        _ => root.path(&["spec", "template", "spec"]),
    }
}

fn pod_meta<'a>(root: &'a Node, kind: &str) -> Option<&'a Node> {
    match kind {
        "Pod" => root.get("metadata"),
        "CronJob" => root.path(&["spec", "jobTemplate", "spec", "template", "metadata"]),
        _ => root.path(&["spec", "template", "metadata"]),
    }
}

/// Labels that controllers add to the pods they create: present at run time, not in the
/// template.
fn controller_labels(kind: &str) -> &'static [&'static str] {
    match kind {
        "Deployment" | "ReplicaSet" => &["pod-template-hash"],
        "StatefulSet" => &[
            "controller-revision-hash",
            "statefulset.kubernetes.io/pod-name",
            "apps.kubernetes.io/pod-index",
        ],
        "DaemonSet" => &["controller-revision-hash", "pod-template-generation"],
        "Job" | "CronJob" => &[
            "controller-uid",
            "job-name",
            "batch.kubernetes.io/controller-uid",
            "batch.kubernetes.io/job-name",
        ],
        _ => &[],
    }
}

/// The first container target of `w` that the job keeps and whose final port reaches an
/// image without metrics: (container index, port, index of the first `keep` it passed).
fn scraped_container(
    w: &Workload,
    job: &diagnose_model::prometheus::ScrapeJob,
    rules: &[relabel::RelabelRule],
) -> Option<(usize, u16, Option<usize>)> {
    const POD: &str = "__meta_kubernetes_pod_";
    let meta = pod_meta(&w.obj.node, &w.obj.kind);
    let mut base = LabelSet::new();
    let known = |v: &str| Val::Known(v.to_string());
    base.insert(
        "__meta_kubernetes_namespace".into(),
        known(&w.obj.namespace),
    );
    if !explicit_namespace(&w.obj.node) {
        base.insert("__meta_kubernetes_namespace".into(), Val::Unknown);
    }
    for (k, v) in &w.pod_labels {
        let s = relabel::sanitize(k);
        base.insert(format!("{POD}label_{s}"), known(v));
        base.insert(format!("{POD}labelpresent_{s}"), known("true"));
    }
    for k in controller_labels(&w.obj.kind) {
        let s = relabel::sanitize(k);
        base.insert(format!("{POD}label_{s}"), Val::Unknown);
        base.insert(format!("{POD}labelpresent_{s}"), Val::Unknown);
    }
    for e in meta
        .and_then(|m| m.get("annotations"))
        .map(Node::entries)
        .unwrap_or_default()
    {
        let Some(k) = e.key.as_str() else { continue };
        let s = relabel::sanitize(k);
        base.insert(
            format!("{POD}annotation_{s}"),
            known(e.value.as_str().unwrap_or("")),
        );
        base.insert(format!("{POD}annotationpresent_{s}"), known("true"));
    }
    let (ck, cn) = match w.obj.kind.as_str() {
        "Pod" => (None, None),
        "Deployment" | "ReplicaSet" => (Some("ReplicaSet"), None),
        "CronJob" => (Some("Job"), None),
        k => (Some(k), Some(w.obj.name.as_str())),
    };
    match ck {
        Some(k) => base.insert(format!("{POD}controller_kind"), known(k)),
        None => base.insert(format!("{POD}controller_kind"), known("")),
    };
    match cn {
        Some(n) => base.insert(format!("{POD}controller_name"), known(n)),
        None if ck.is_none() => base.insert(format!("{POD}controller_name"), known("")),
        None => None,
    };
    if w.obj.kind == "Pod" {
        base.insert(format!("{POD}name"), known(&w.obj.name));
    }
    base.insert(
        "job".into(),
        known(job.name.as_ref().map_or("", |n| n.value.as_str())),
    );
    base.insert("__scheme__".into(), known(&job.scheme));
    base.insert("__metrics_path__".into(), known(&job.metrics_path));
    base.insert("__scrape_interval__".into(), Val::Unknown);
    base.insert("__scrape_timeout__".into(), Val::Unknown);
    let n_main = w
        .obj
        .node
        .path(&["spec", "template", "spec", "containers"])
        .or_else(|| w.obj.node.path(&["spec", "containers"]))
        .map_or(w.containers.len(), |n| n.items().len());
    for (ci, c) in w.containers.iter().enumerate() {
        let ports: Vec<Option<(u16, Option<String>)>> = if c.ports.is_empty() {
            vec![None]
        } else {
            c.ports.iter().cloned().map(Some).collect()
        };
        for port in ports {
            let mut ls = base.clone();
            // Any pod address will do: relabelling rules do not depend on its digits.
            let addr = match &port {
                Some((p, _)) => format!("10.0.0.1:{p}"),
                None => "10.0.0.1".to_string(),
            };
            ls.insert("__address__".into(), known(&addr));
            ls.insert(format!("{POD}container_name"), known(&c.name));
            ls.insert(
                format!("{POD}container_image"),
                known(c.image.as_deref().unwrap_or("")),
            );
            ls.insert(
                format!("{POD}container_init"),
                known(if ci >= n_main { "true" } else { "false" }),
            );
            if let Some((p, name)) = &port {
                ls.insert(format!("{POD}container_port_number"), known(&p.to_string()));
                ls.insert(
                    format!("{POD}container_port_name"),
                    known(name.as_deref().unwrap_or("")),
                );
                ls.insert(format!("{POD}container_port_protocol"), known("TCP"));
            }
            // Labels of the pod families that are not set are known to be empty.
            let mut rules_view = ls.clone();
            for r in rules {
                for s in &r.source_labels {
                    let fam = [
                        "label_",
                        "labelpresent_",
                        "annotation_",
                        "annotationpresent_",
                        "container_port_name",
                        "container_port_number",
                        "container_port_protocol",
                    ];
                    if let Some(rest) = s.strip_prefix(POD) {
                        if fam.iter().any(|f| rest.starts_with(f)) && !rules_view.contains_key(s) {
                            rules_view.insert(s.clone(), known(""));
                        }
                    }
                }
            }
            let Outcome::Kept { labels, keeps } = relabel::apply(rules, rules_view) else {
                continue;
            };
            let Some(Val::Known(addr)) = labels.get("__address__") else {
                continue;
            };
            let Some(final_port) = diagnose_model::net::parse_address(addr).and_then(|a| a.port)
            else {
                continue;
            };
            // The container that listens on the final port (the same one unless the
            // rules moved the address to another port of the pod).
            let target = w
                .containers
                .iter()
                .position(|x| x.ports.iter().any(|(p, _)| *p == final_port))
                .or_else(|| (port.as_ref().map(|(p, _)| *p) == Some(final_port)).then_some(ci));
            let Some(ti) = target else { continue };
            let tc = &w.containers[ti];
            let Some(info) = tc.image.as_deref().and_then(exporter_less) else {
                continue;
            };
            if tc.ports.iter().any(|(p, _)| *p == final_port) || info.ports.contains(&final_port) {
                return Some((ti, final_port, keeps.first().copied()));
            }
        }
    }
    None
}
