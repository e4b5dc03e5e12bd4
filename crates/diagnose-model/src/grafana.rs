//! Grafana provisioning: datasources, dashboard providers, dashboards.

use super::Spanned;
use crate::workspace::{Kind, Workspace};
use diagnose_syntax::source::FileId;
use diagnose_syntax::Node;

#[derive(Clone, Debug)]
pub struct Datasource {
    pub file: FileId,
    pub node: Node,
    pub name: Option<Spanned<String>>,
    pub ty: Option<String>,
    pub url: Option<Spanned<String>>,
    pub access: Option<Spanned<String>>,
    pub uid: Option<String>,
    pub is_default: bool,
}

impl Datasource {
    /// The uid Grafana gives it: the written `uid`, else the one derived from the name when
    /// provisioning inserts it (`safeUIDFromName` of Grafana's
    /// `pkg/services/provisioning/datasources/types.go`: `"P"` + the first 8 bytes of
    /// SHA-256(name) in upper-case hex).
    pub fn effective_uid(&self) -> Option<String> {
        if let Some(u) = &self.uid {
            return Some(u.clone());
        }
        self.name.as_ref().map(|n| derived_uid(&n.value))
    }
}

/// Grafana's uid for a datasource provisioned without one ("Prometheus" →
/// `PBFA97CFB590B2093`).
pub fn derived_uid(name: &str) -> String {
    let h = sha256(name.as_bytes());
    let mut s = String::with_capacity(17);
    s.push('P');
    for b in &h[..8] {
        s.push_str(&format!("{b:02X}"));
    }
    s
}

/// SHA-256 of `data` (the `sha2` crate, RustCrypto).
fn sha256(data: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    Sha256::digest(data).into()
}

#[derive(Clone, Debug)]
pub struct Provider {
    pub file: FileId,
    pub node: Node,
    pub name: Option<String>,
    pub ty: String,
    pub path: Option<Spanned<String>>,
}

#[derive(Clone, Debug)]
pub struct Dashboard {
    pub file: FileId,
    pub root: std::sync::Arc<Node>,
    pub uid: Option<Spanned<String>>,
    pub title: Option<String>,
    /// `{"dashboard": {...}}`: the HTTP API's request shape.
    pub api_wrapper: bool,
}

impl Dashboard {
    /// The dashboard model (inside the API wrapper if there is one).
    pub fn model(&self) -> &Node {
        if self.api_wrapper {
            self.root.get("dashboard").unwrap_or(&self.root)
        } else {
            &self.root
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct GrafanaModel {
    pub datasources: Vec<Datasource>,
    pub datasource_files: Vec<FileId>,
    pub providers: Vec<Provider>,
    pub provider_files: Vec<FileId>,
    pub dashboards: Vec<Dashboard>,
}

fn sp(file: FileId, n: Option<&Node>) -> Option<Spanned<String>> {
    let n = n?;
    Some(Spanned::new(file, n.span, n.as_str()?.to_string()))
}

pub fn build(ws: &Workspace) -> GrafanaModel {
    let mut m = GrafanaModel::default();
    for d in ws.docs_of(Kind::GrafanaDatasources) {
        m.datasource_files.push(d.file);
        for ds in d
            .root
            .get("datasources")
            .map(Node::items)
            .unwrap_or_default()
        {
            m.datasources.push(Datasource {
                file: d.file,
                node: ds.clone(),
                name: sp(d.file, ds.get("name")),
                ty: ds.get_str("type").map(str::to_string),
                url: sp(d.file, ds.get("url")),
                access: sp(d.file, ds.get("access")),
                uid: ds.get_str("uid").map(str::to_string),
                is_default: ds.get("isDefault").and_then(Node::as_bool).unwrap_or(false),
            });
        }
    }
    for d in ws.docs_of(Kind::GrafanaProviders) {
        m.provider_files.push(d.file);
        // Version 0: the file is the list itself.
        let list = if d.root.is_seq() {
            d.root.items()
        } else {
            d.root.get("providers").map(Node::items).unwrap_or_default()
        };
        for p in list {
            m.providers.push(Provider {
                file: d.file,
                node: p.clone(),
                name: p.get_str("name").map(str::to_string),
                ty: p.get_str("type").unwrap_or("file").to_string(),
                // `folder`: the older name of `path`, still read (with a deprecation log).
                path: sp(
                    d.file,
                    p.path(&["options", "path"])
                        .or_else(|| p.path(&["options", "folder"])),
                ),
            });
        }
    }
    for d in ws.docs_of(Kind::GrafanaDashboard) {
        let api_wrapper = d.root.get("dashboard").is_some_and(Node::is_map)
            && d.root.get("panels").is_none()
            && d.root.get("rows").is_none();
        let model = if api_wrapper {
            d.root.get("dashboard").unwrap()
        } else {
            &d.root
        };
        m.dashboards.push(Dashboard {
            file: d.file,
            uid: sp(d.file, model.get("uid")),
            title: model.get_str("title").map(str::to_string),
            root: d.root.clone(),
            api_wrapper,
        });
    }
    m
}

// ---------------------------------------------------------------------------------------
// Grafana containers: which compose services and Kubernetes containers run Grafana, where
// they read provisioning files, and what is mounted into them.

use super::compose::MountKind;
use super::k8s::{VolumeSource, Workload};
use super::{Runtime, Stack};
use diagnose_syntax::paths;
use diagnose_syntax::source::Span;

/// Grafana's provisioning folder when neither `GF_PATHS_PROVISIONING` nor `[paths]
/// provisioning` changes it.
pub const DEFAULT_PROVISIONING: &str = "/etc/grafana/provisioning";

/// Where a Grafana container is declared (the runtime view's [`crate::runtime::Place`]).
pub type GrafanaAt = crate::runtime::Place;

/// A container that runs Grafana's official image.
#[derive(Clone, Debug)]
pub struct GrafanaContainer {
    pub at: GrafanaAt,
    /// Compose service name, or Kubernetes workload name.
    pub name: String,
    /// Where to point at it: the service's key, or the container's `image`.
    pub file: FileId,
    pub span: Span,
    /// Namespace for Kubernetes containers, project folder for compose services.
    pub scope: String,
    /// The provisioning folder inside the container; `None` when it is set from a value
    /// the files do not give (an unset variable).
    pub provisioning: Option<String>,
    /// Compose `build:`: the image may hold files and settings the workspace does not show.
    pub built: bool,
}

/// What is mounted at one path of a container.
#[derive(Clone, Debug, PartialEq)]
pub enum MountSource {
    /// A host file or folder (compose bind mount or config), relative to the analysis root.
    Host(String),
    /// A compose named volume.
    NamedVolume(String),
    /// A Kubernetes ConfigMap or Secret volume (kind, name); `known` when the object is in
    /// the workspace.
    Object {
        kind: String,
        name: String,
        known: bool,
    },
    /// Any other Kubernetes volume (emptyDir, PVC, hostPath…), by volume name.
    OtherVolume(String),
}

#[derive(Clone, Debug)]
pub struct ContainerMount {
    pub target: String,
    pub source: MountSource,
    /// A single file of the source (Kubernetes `subPath`).
    pub sub_path: Option<String>,
    pub file: FileId,
    pub span: Span,
}

/// Whether an image reference is Grafana's official image (`grafana/grafana`,
/// `grafana/grafana-oss`, `grafana/grafana-enterprise`, from any registry). Images that
/// repackage Grafana with other paths (Bitnami) are not.
pub fn is_grafana_image(image: &str) -> bool {
    crate::launch::program_of(image) == Some("grafana")
}

/// The value of `key` in `[section]` of an INI text (Grafana's `grafana.ini`), with the
/// span of the value. Commented lines (`;`, `#`) are skipped.
pub fn ini_value(text: &str, section: &str, key: &str) -> Option<(String, Span)> {
    let mut current = String::new();
    let mut found = None;
    for (start, line) in diagnose_syntax::strings::lines_at(text) {
        let t = line.trim();
        if t.starts_with('[') {
            current = t
                .trim_start_matches('[')
                .trim_end_matches(']')
                .trim()
                .to_ascii_lowercase();
            continue;
        }
        if t.starts_with(';') || t.starts_with('#') || current != section {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        if k.trim() != key {
            continue;
        }
        let vstart = start + k.len() + 1;
        let raw = v.trim_end_matches(['\n', '\r']);
        let lead = raw.len() - raw.trim_start().len();
        let value = raw.trim();
        let value_start = vstart + lead;
        let unquoted = value
            .strip_prefix('"')
            .and_then(|x| x.strip_suffix('"'))
            .unwrap_or(value);
        found = Some((
            unquoted.to_string(),
            Span::new(value_start, value_start + value.len()),
        ));
    }
    found
}

/// The YAML node of a workload's container, in the order of `Workload::containers`
/// (`containers`, then `initContainers`).
pub fn container_node(w: &Workload, container: usize) -> Option<&Node> {
    let root = &w.obj.node;
    let spec = match w.obj.kind.as_str() {
        "Pod" => root.get("spec"),
        "CronJob" => root.path(&["spec", "jobTemplate", "spec", "template", "spec"]),
        _ => root.path(&["spec", "template", "spec"]),
    }?;
    spec.get("containers")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .chain(
            spec.get("initContainers")
                .map(Node::items)
                .unwrap_or_default(),
        )
        .nth(container)
}

impl GrafanaContainer {
    /// Whether `rt` is inside this container; then the path there (`None`: baked into a
    /// built image).
    pub fn sees<'r>(&self, rt: &'r Runtime) -> Option<Option<&'r str>> {
        match (self.at, rt) {
            (
                GrafanaAt::Compose { project, service },
                Runtime::Compose {
                    project: p,
                    service: s,
                    path,
                    ..
                },
            ) if project == *p && service == *s => Some(path.as_deref()),
            (
                GrafanaAt::K8s {
                    workload,
                    container,
                },
                Runtime::K8s {
                    workload: w,
                    container: c,
                    path,
                },
            ) if workload == *w && container == *c => Some(Some(path.as_str())),
            _ => None,
        }
    }

    /// Environment variables as written: (name, value, file, span of the value). The
    /// value is `None` for Kubernetes `valueFrom`.
    pub fn env(&self, stack: &Stack) -> Vec<(String, Option<String>, FileId, Span)> {
        match self.at {
            GrafanaAt::Compose { project, service } => stack.compose[project].services[service]
                .environment
                .iter()
                .map(|(k, v)| (k.clone(), Some(v.value.clone()), v.file, v.span))
                .collect(),
            GrafanaAt::K8s {
                workload,
                container,
            } => {
                let w = &stack.k8s.workloads[workload];
                w.containers[container]
                    .env
                    .iter()
                    .map(|(k, v, span)| (k.clone(), v.clone(), w.obj.file, *span))
                    .collect()
            }
            // Grafana containers are compose services and pod containers only.
            GrafanaAt::Unit(_) => Vec::new(),
        }
    }

    /// Everything mounted into the container.
    pub fn mounts(&self, stack: &Stack) -> Vec<ContainerMount> {
        match self.at {
            GrafanaAt::Compose { project, service } => stack.compose[project].services[service]
                .mounts
                .iter()
                .map(|m| ContainerMount {
                    target: m.target.clone(),
                    source: match m.kind {
                        MountKind::Volume => MountSource::NamedVolume(m.source.clone()),
                        MountKind::Bind | MountKind::Config => MountSource::Host(m.source.clone()),
                    },
                    sub_path: None,
                    file: m.file,
                    span: m.span,
                })
                .collect(),
            GrafanaAt::K8s {
                workload,
                container,
            } => {
                let w = &stack.k8s.workloads[workload];
                let objects: Vec<(&str, &str)> = stack
                    .k8s
                    .objects
                    .iter()
                    .filter(|o| o.namespace == w.obj.namespace)
                    .map(|o| (o.kind.as_str(), o.name.as_str()))
                    .collect();
                w.containers[container]
                    .mounts
                    .iter()
                    .map(|m| {
                        let src = w.volume(&m.volume);
                        let source = match src {
                            Some(VolumeSource::ConfigMap(n, _)) => MountSource::Object {
                                kind: "ConfigMap".into(),
                                name: n.clone(),
                                known: objects.contains(&("ConfigMap", n.as_str())),
                            },
                            Some(VolumeSource::Secret(n, _)) => MountSource::Object {
                                kind: "Secret".into(),
                                name: n.clone(),
                                known: objects.contains(&("Secret", n.as_str())),
                            },
                            Some(VolumeSource::Projected(srcs)) => {
                                let known = srcs.iter().all(|s| match s {
                                    VolumeSource::ConfigMap(n, _) => {
                                        objects.contains(&("ConfigMap", n.as_str()))
                                    }
                                    VolumeSource::Secret(n, _) => {
                                        objects.contains(&("Secret", n.as_str()))
                                    }
                                    _ => true,
                                });
                                MountSource::Object {
                                    kind: "projected".into(),
                                    name: m.volume.clone(),
                                    known,
                                }
                            }
                            _ => MountSource::OtherVolume(m.volume.clone()),
                        };
                        ContainerMount {
                            target: paths::normalize(&m.mount_path),
                            source,
                            sub_path: m.sub_path.clone(),
                            file: w.obj.file,
                            span: m.span,
                        }
                    })
                    .collect()
            }
            GrafanaAt::Unit(_) => Vec::new(),
        }
    }
}

/// Every container of the stack that runs Grafana's official image, with its
/// provisioning folder.
pub fn grafana_containers(ws: &Workspace, stack: &Stack) -> Vec<GrafanaContainer> {
    let mut out = Vec::new();
    for (pi, p) in stack.compose.iter().enumerate() {
        for (si, s) in p.services.iter().enumerate() {
            let Some(image) = &s.image else { continue };
            if !is_grafana_image(&image.value) {
                continue;
            }
            let mut c = GrafanaContainer {
                at: GrafanaAt::Compose {
                    project: pi,
                    service: si,
                },
                name: s.name.clone(),
                file: s.file,
                span: s.name_span,
                scope: p.dir.clone(),
                provisioning: None,
                built: s.build,
            };
            c.provisioning = provisioning_root(ws, stack, &c);
            out.push(c);
        }
    }
    for (wi, w) in stack.k8s.workloads.iter().enumerate() {
        for (ci, k) in w.containers.iter().enumerate() {
            if !k.image.as_deref().is_some_and(is_grafana_image) {
                continue;
            }
            let mut c = GrafanaContainer {
                at: GrafanaAt::K8s {
                    workload: wi,
                    container: ci,
                },
                name: w.obj.name.clone(),
                file: w.obj.file,
                span: k.image_span,
                scope: w.obj.namespace.clone(),
                provisioning: None,
                built: false,
            };
            c.provisioning = provisioning_root(ws, stack, &c);
            out.push(c);
        }
    }
    out
}

/// `GF_PATHS_PROVISIONING`, else `[paths] provisioning` of a `grafana.ini` mounted into
/// the container, else the default.
fn provisioning_root(ws: &Workspace, stack: &Stack, c: &GrafanaContainer) -> Option<String> {
    let env = c.env(stack);
    let get = |k: &str| env.iter().rev().find(|(n, ..)| n == k);
    if let Some((_, v, ..)) = get("GF_PATHS_PROVISIONING") {
        return match v {
            Some(v) if v.starts_with('/') && !v.contains('$') => Some(paths::normalize(v)),
            _ => None,
        };
    }
    let config = match get("GF_PATHS_CONFIG") {
        Some((_, Some(v), ..)) => paths::normalize(v),
        Some(_) => return None,
        None => "/etc/grafana/grafana.ini".to_string(),
    };
    for f in ws.files.iter() {
        let seen_at_config = stack
            .runtimes(f.id)
            .iter()
            .any(|rt| c.sees(rt).flatten() == Some(config.as_str()));
        if seen_at_config {
            if let Some((v, _)) = ini_value(&f.text, "paths", "provisioning") {
                return (v.starts_with('/') && !v.contains('$')).then(|| paths::normalize(&v));
            }
        }
    }
    Some(DEFAULT_PROVISIONING.to_string())
}

#[cfg(test)]
mod uid_tests {
    use super::{derived_uid, sha256};

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn sha256_known_vectors() {
        // FIPS 180-4 examples, and a message that needs a second padding block.
        assert_eq!(
            hex(&sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(&sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(&sha256(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
    }

    #[test]
    fn grafana_derived_uids() {
        // The example of issue 18, checked with `printf Prometheus | sha256sum`.
        assert_eq!(derived_uid("Prometheus"), "PBFA97CFB590B2093");
        assert_eq!(derived_uid("Prometheus").len(), 17);
    }
}
