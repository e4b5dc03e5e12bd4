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

/// SHA-256 (FIPS 180-4), for the few bytes of a datasource name: a dependency would add
/// more code than this.
fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64).wrapping_mul(8)).to_be_bytes());
    for chunk in msg.chunks_exact(64) {
        let mut w = [0u32; 64];
        for (i, word) in chunk.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, v) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(v);
        }
    }
    let mut out = [0u8; 32];
    for (i, v) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&v.to_be_bytes());
    }
    out
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
use super::images::image_repo;
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
    let repo = image_repo(image);
    let mut parts = repo.rsplit('/');
    let base = parts.next().unwrap_or("");
    let owner = parts.next();
    matches!(base, "grafana" | "grafana-oss" | "grafana-enterprise")
        && matches!(owner, None | Some("grafana"))
}

/// The value of `key` in `[section]` of an INI text (Grafana's `grafana.ini`), with the
/// span of the value. Commented lines (`;`, `#`) are skipped.
pub fn ini_value(text: &str, section: &str, key: &str) -> Option<(String, Span)> {
    let mut current = String::new();
    let mut found = None;
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
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
    for f in &ws.files {
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
