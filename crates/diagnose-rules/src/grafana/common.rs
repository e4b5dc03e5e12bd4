//! Helpers shared by the Grafana rules: where to point at a provisioning file, which
//! dashboard providers a Grafana container loads, whether a folder is mounted into it.

use diagnose_model::grafana::{
    container_node, ContainerMount, GrafanaAt, GrafanaContainer, MountSource, Provider,
};
use diagnose_model::workspace::Workspace;
use diagnose_model::Stack;
use diagnose_syntax::paths;
use diagnose_syntax::source::{FileId, Span};
use diagnose_syntax::Node;

/// `path` is `dir` or inside it.
pub fn covers(dir: &str, path: &str) -> bool {
    paths::strip_dir(path, dir).is_some()
}

/// Where to point at a whole provisioning file: for a file embedded in a ConfigMap or
/// Secret, the key that holds it; otherwise its first key.
pub fn file_anchor(ws: &Workspace, file: FileId) -> (FileId, Span) {
    let f = ws.file(file);
    if let Some(o) = &f.origin {
        let key_span = ws.docs.iter().filter(|d| d.file == o.parent).find_map(|d| {
            ["data", "stringData"].iter().find_map(|sec| {
                let e = d.root.get(sec)?.entry(&o.key)?;
                let (_, span) = ws.resolve(file, Span::default());
                // The key whose value holds this file.
                (e.value.span.start <= span.start && span.start <= e.value.span.end.max(span.start))
                    .then_some(e.key.span)
            })
        });
        if let Some(span) = key_span {
            return (o.parent, span);
        }
        return ws.resolve(file, Span::default());
    }
    let span = ws
        .docs
        .iter()
        .find(|d| d.file == file)
        .and_then(|d| d.root.entries().first().map(|e| e.key.span))
        .unwrap_or_default();
    (file, span)
}

/// A place to point at a Grafana container's mounts: the compose service's `volumes:`
/// key, the Kubernetes container's `volumeMounts:` key, else the container itself.
pub fn mounts_anchor(stack: &Stack, c: &GrafanaContainer) -> (FileId, Span) {
    match c.at {
        GrafanaAt::Compose { project, service } => {
            let s = &stack.compose[project].services[service];
            let span = s.node.entry("volumes").map_or(s.name_span, |e| e.key.span);
            (s.file, span)
        }
        GrafanaAt::K8s {
            workload,
            container,
        } => {
            let w = &stack.k8s.workloads[workload];
            let span = container_node(w, container)
                .and_then(|n| n.entry("volumeMounts").or_else(|| n.entry("name")))
                .map_or(c.span, |e| e.key.span);
            (w.obj.file, span)
        }
        // Grafana containers are compose services and pod containers only.
        GrafanaAt::Unit(file) => (file, c.span),
    }
}

/// The raw node of a Kubernetes container or compose service.
pub fn container_yaml<'a>(stack: &'a Stack, c: &GrafanaContainer) -> Option<&'a Node> {
    match c.at {
        GrafanaAt::Compose { project, service } => {
            Some(&stack.compose[project].services[service].node)
        }
        GrafanaAt::K8s {
            workload,
            container,
        } => container_node(&stack.k8s.workloads[workload], container),
        GrafanaAt::Unit(_) => None,
    }
}

/// Whether the files of the workspace show everything under `dir` inside the container:
/// nothing there comes from a built image, a named volume, or a ConfigMap/Secret that
/// is not in the workspace.
pub fn folder_fully_known(stack: &Stack, c: &GrafanaContainer, dir: &str) -> bool {
    if c.built {
        return false;
    }
    c.mounts(stack).iter().all(|m| {
        let relevant = covers(&m.target, dir) || covers(dir, &m.target);
        !relevant
            || match &m.source {
                MountSource::Host(_) => true,
                MountSource::Object { known, .. } => *known,
                MountSource::NamedVolume(_) | MountSource::OtherVolume(_) => false,
            }
    })
}

/// The dashboard providers a Grafana container loads: provider files it sees directly in
/// `<provisioning>/dashboards`.
pub fn providers_of<'a>(
    stack: &'a Stack,
    c: &GrafanaContainer,
    provisioning: &str,
) -> Vec<&'a Provider> {
    let dir = paths::join(provisioning, "dashboards");
    stack
        .grafana
        .providers
        .iter()
        .filter(|p| {
            stack.runtimes(p.file).iter().any(|rt| {
                c.sees(rt)
                    .flatten()
                    .is_some_and(|path| is_provisioning_file(&dir, path))
            })
        })
        .collect()
}

/// A file Grafana reads as provisioning: a `.yaml`/`.yml` file directly in `dir`.
pub fn is_provisioning_file(dir: &str, path: &str) -> bool {
    let name = paths::file_name(path).to_ascii_lowercase();
    paths::parent(path) == dir && (name.ends_with(".yaml") || name.ends_with(".yml"))
}

/// The provider path, when it is a literal absolute path.
pub fn provider_path(p: &Provider) -> Option<&str> {
    let v = p.path.as_ref()?.value.as_str();
    (v.starts_with('/') && !v.contains('$')).then_some(v)
}

/// Whether a provider reads files (type `file`, the default).
pub fn is_file_provider(p: &Provider) -> bool {
    p.ty == "file"
}

/// The mount that brings `path` into the container, for pointing at it.
pub fn mount_of<'m>(mounts: &'m [ContainerMount], path: &str) -> Option<&'m ContainerMount> {
    mounts
        .iter()
        .filter(|m| covers(&m.target, path))
        .max_by_key(|m| m.target.len())
}

/// Whether `path` is a folder that exists with content in the container: a mount at it
/// or above it, or mounts below it. A named volume or `emptyDir` above it only counts
/// when another container shares it (it may fill it). The second value names the
/// volume that covers it without counting.
pub fn coverage(
    stack: &Stack,
    c: &GrafanaContainer,
    mounts: &[ContainerMount],
    path: &str,
) -> (bool, Option<String>) {
    let mut empty_volume = None;
    for m in mounts {
        if covers(path, &m.target) {
            return (true, None); // at the path or below it
        }
        if !covers(&m.target, path) || m.sub_path.is_some() {
            continue;
        }
        match &m.source {
            MountSource::Host(_) | MountSource::Object { .. } => return (true, None),
            MountSource::NamedVolume(v) => {
                if shared_volume(stack, c, v) {
                    return (true, None);
                }
                empty_volume = Some(v.clone());
            }
            MountSource::OtherVolume(v) => {
                if !is_empty_dir(stack, c, v) || shared_volume(stack, c, v) {
                    return (true, None);
                }
                empty_volume = Some(v.clone());
            }
        }
    }
    (false, empty_volume)
}

/// Another container of the compose project or pod mounts the same volume.
fn shared_volume(stack: &Stack, c: &GrafanaContainer, volume: &str) -> bool {
    match c.at {
        GrafanaAt::Compose { project, service } => stack.compose[project]
            .services
            .iter()
            .enumerate()
            .any(|(i, s)| i != service && s.mounts.iter().any(|m| m.source == volume)),
        GrafanaAt::K8s {
            workload,
            container,
        } => stack.k8s.workloads[workload]
            .containers
            .iter()
            .enumerate()
            .any(|(i, k)| i != container && k.mounts.iter().any(|m| m.volume == volume)),
        GrafanaAt::Unit(_) => false,
    }
}

fn is_empty_dir(stack: &Stack, c: &GrafanaContainer, volume: &str) -> bool {
    let GrafanaAt::K8s { workload, .. } = c.at else {
        return false;
    };
    let root = &stack.k8s.workloads[workload].obj.node;
    let spec = match stack.k8s.workloads[workload].obj.kind.as_str() {
        "Pod" => root.get("spec"),
        "CronJob" => root.path(&["spec", "jobTemplate", "spec", "template", "spec"]),
        _ => root.path(&["spec", "template", "spec"]),
    };
    spec.and_then(|s| s.get("volumes"))
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .any(|v| v.get_str("name") == Some(volume) && v.get("emptyDir").is_some())
}
