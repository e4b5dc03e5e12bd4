//! Helpers shared by the Prometheus rules: who reads a config file, and which version.

use diagnose_model::prometheus::PromConfig;
use diagnose_model::workspace::Workspace;
use diagnose_model::{images, Runtime, Stack};
use diagnose_syntax::glob::glob_match;
use diagnose_syntax::paths;
use diagnose_syntax::source::FileId;
use diagnose_syntax::Node;

/// Programs that read Prometheus-format scrape configs but are not Prometheus and accept
/// other keys (vmagent, Grafana Agent/Alloy, the OpenTelemetry Collector).
const NOT_PROMETHEUS: &[&str] = &[
    "vmagent",
    "victoria-metrics",
    "vmsingle",
    "agent",
    "grafana-agent",
    "alloy",
    "opentelemetry-collector",
    "opentelemetry-collector-contrib",
    "otel-collector",
    "promtail",
];

/// False when the only programs known to read `file` are Prometheus look-alikes: by their
/// image, or by the flag that hands them the file (`-promscrape.config`: VictoriaMetrics and
/// vmagent, whatever the image variable holds).
pub fn read_by_prometheus(stack: &Stack, file: FileId) -> bool {
    let seen: Vec<(Container, &str)> = stack.runtimes(file).iter().filter_map(where_seen).collect();
    if !seen.is_empty() && seen.iter().all(|(c, _)| scrapes_with_promscrape(stack, *c)) {
        return false;
    }
    // Seen by no container (its mount is all variables) in a stack whose only scraper is
    // VictoriaMetrics or vmagent (`-promscrape.config`), with no Prometheus server.
    if seen.is_empty() {
        let containers: Vec<Container> =
            stack
                .compose
                .iter()
                .enumerate()
                .flat_map(|(pi, p)| (0..p.services.len()).map(move |si| Container::Compose(pi, si)))
                .chain(stack.k8s.workloads.iter().enumerate().flat_map(|(w, wl)| {
                    (0..wl.containers.len()).map(move |ci| Container::K8s(w, ci))
                }))
                .collect();
        let promscrape = containers
            .iter()
            .any(|c| scrapes_with_promscrape(stack, *c));
        if promscrape && !containers.iter().any(|c| is_prometheus(stack, *c)) {
            return false;
        }
    }
    let imgs = stack.reader_images(file);
    imgs.is_empty()
        || imgs
            .iter()
            .any(|i| !NOT_PROMETHEUS.contains(&images::base_of(i).as_str()))
}

/// Whether a container is handed its scrape config with `-promscrape.config`
/// (VictoriaMetrics, vmagent).
fn scrapes_with_promscrape(stack: &Stack, c: Container) -> bool {
    command_of(stack, c)
        .iter()
        .any(|w| w.trim_start_matches('-').starts_with("promscrape.config"))
}

/// The command line of a container (compose `command`, Kubernetes `args`).
pub fn command_of(stack: &Stack, c: Container) -> &[String] {
    match c {
        Container::Compose(pi, si) => &stack.compose[pi].services[si].command,
        Container::K8s(w, ci) => stack.k8s.workloads[w]
            .containers
            .get(ci)
            .map_or(&[], |c| c.args.as_slice()),
    }
}

/// A container: compose (project, service) or Kubernetes (workload, container).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Container {
    Compose(usize, usize),
    K8s(usize, usize),
}

pub fn where_seen(r: &Runtime) -> Option<(Container, &str)> {
    match r {
        Runtime::Compose {
            project,
            service,
            path: Some(p),
            ..
        } => Some((Container::Compose(*project, *service), p)),
        Runtime::K8s {
            workload,
            container,
            path,
        } => Some((Container::K8s(*workload, *container), path)),
        _ => None,
    }
}

pub fn is_prometheus(stack: &Stack, c: Container) -> bool {
    let image = match c {
        Container::Compose(p, s) => stack.compose[p].services[s].image_repo(),
        Container::K8s(w, c) => stack.k8s.workloads[w]
            .containers
            .get(c)
            .and_then(|c| c.image.as_deref())
            .map(diagnose_model::compose::image_repo),
    };
    image.is_some_and(|i| i.rsplit('/').next() == Some("prometheus"))
}

/// Where Prometheus containers see `file`: each container and the path inside it.
/// A Prometheus whose `--config.file` names another file does not read this one (a folder
/// of configs mounted into several servers).
pub fn prometheus_views(stack: &Stack, file: FileId) -> Vec<(Container, String)> {
    stack
        .runtimes(file)
        .iter()
        .filter_map(where_seen)
        .filter(|(c, _)| is_prometheus(stack, *c))
        .filter(|(c, p)| !diagnose_model::names_other_config_file(command_of(stack, *c), p))
        .map(|(c, p)| (c, p.to_string()))
        .collect()
}

/// The files a path pattern of a Prometheus config (`scrape_config_files`) matches, as
/// Prometheus resolves it: relative to the config's folder in each Prometheus container
/// that mounts it, or, when no container is known, to its folder among the checked files.
pub fn files_matching(ws: &Workspace, stack: &Stack, cfg: FileId, pattern: &str) -> Vec<FileId> {
    let mut out: Vec<FileId> = Vec::new();
    let seen = prometheus_views(stack, cfg);
    if seen.is_empty() {
        // Without a container, an absolute path names nothing among the checked files.
        if pattern.starts_with('/') {
            return out;
        }
        let pat = paths::join(paths::parent(&ws.file(cfg).path), pattern);
        for f in ws.files.iter() {
            if f.origin.is_none() && f.id != cfg && glob_match(&pat, &f.path) {
                out.push(f.id);
            }
        }
        return out;
    }
    for (c, cfg_path) in seen {
        let pat = paths::join(paths::parent(&cfg_path), pattern);
        for f in ws.files.iter() {
            let hit = stack
                .runtimes(f.id)
                .iter()
                .filter_map(where_seen)
                .any(|(c2, path)| c2 == c && glob_match(&pat, path));
            if hit && f.id != cfg && !out.contains(&f.id) {
                out.push(f.id);
            }
        }
    }
    out
}

/// The Prometheus configs that a config's `scrape_config_files` loads, with the entry
/// that loads each, once per listing (a file listed twice comes twice).
pub fn included_configs<'s>(
    ws: &Workspace,
    stack: &'s Stack,
    p: &'s PromConfig,
) -> Vec<(&'s Node, &'s PromConfig)> {
    let entries = p
        .root
        .get("scrape_config_files")
        .map(Node::items)
        .unwrap_or_default();
    let mut out = Vec::new();
    for entry in entries {
        let Some(pattern) = entry.as_str() else {
            continue;
        };
        for f in files_matching(ws, stack, p.file, pattern) {
            if let Some(q) = stack.prometheus.iter().find(|q| q.file == f) {
                out.push((entry, q));
            }
        }
    }
    out
}

/// `` `a`, `b`, `c` `` for a message.
pub fn code_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
