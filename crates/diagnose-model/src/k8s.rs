//! Kubernetes objects: Services, workloads, ServiceAccounts and RBAC.

use crate::workspace::{Kind, Workspace};
use diagnose_syntax::source::{FileId, Span};
use diagnose_syntax::Node;
use std::collections::BTreeMap;

#[derive(Clone, Debug)]
pub struct ObjectRef {
    pub file: FileId,
    pub kind: String,
    pub name: String,
    /// `None` for cluster-scoped objects and for namespaced objects without a namespace
    /// (they go to the namespace of the kubectl context: treated as `default`).
    pub namespace: String,
    pub name_span: Span,
    pub node: std::sync::Arc<Node>,
}

#[derive(Clone, Debug)]
pub struct ServicePort {
    pub port: u16,
    pub name: Option<String>,
    pub target_port: Option<String>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct K8sService {
    pub obj: ObjectRef,
    pub ports: Vec<ServicePort>,
    pub selector: BTreeMap<String, String>,
    pub headless: bool,
    pub external_name: Option<String>,
}

#[derive(Clone, Debug)]
pub struct VolumeMount {
    pub volume: String,
    pub mount_path: String,
    pub sub_path: Option<String>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Container {
    pub name: String,
    pub image: Option<String>,
    pub image_span: Span,
    pub ports: Vec<(u16, Option<String>)>,
    pub mounts: Vec<VolumeMount>,
    pub env: Vec<(String, Option<String>, Span)>,
    pub args: Vec<String>,
    /// `command:` and `args:` as written, each item with its span (`None` when absent).
    pub command_items: Option<Vec<(String, Span)>>,
    pub args_items: Option<Vec<(String, Span)>>,
    /// `workingDir:`.
    pub working_dir: Option<String>,
    /// `envFrom:` (variables from ConfigMaps or Secrets, not listed here).
    pub env_from: bool,
}

#[derive(Clone, Debug)]
pub enum VolumeSource {
    /// ConfigMap or Secret name, with explicit key → path items.
    ConfigMap(String, Vec<(String, String)>),
    Secret(String, Vec<(String, String)>),
    Projected(Vec<VolumeSource>),
    /// `emptyDir`: lives as long as the pod.
    EmptyDir,
    /// `persistentVolumeClaim` (its `claimName`).
    Claim(String),
    /// A StatefulSet's `volumeClaimTemplates` entry: one claim per replica.
    ClaimTemplate,
    /// `hostPath` (its `path` on the node).
    HostPath(String),
    Other,
}

#[derive(Clone, Debug)]
pub struct Workload {
    pub obj: ObjectRef,
    pub pod_labels: BTreeMap<String, String>,
    pub containers: Vec<Container>,
    pub volumes: Vec<(String, VolumeSource)>,
    pub service_account: Option<String>,
    pub service_account_span: Option<Span>,
}

impl Workload {
    /// The source of the pod volume named `name`.
    pub fn volume(&self, name: &str) -> Option<&VolumeSource> {
        self.volumes.iter().find(|(n, _)| n == name).map(|(_, s)| s)
    }

    pub fn service_account(&self) -> &str {
        self.service_account.as_deref().unwrap_or("default")
    }
}

#[derive(Clone, Debug)]
pub struct PolicyRule {
    pub api_groups: Vec<String>,
    pub resources: Vec<String>,
    pub verbs: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Role {
    pub obj: ObjectRef,
    pub cluster: bool,
    pub rules: Vec<PolicyRule>,
}

#[derive(Clone, Debug)]
pub struct Subject {
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Binding {
    pub obj: ObjectRef,
    pub cluster: bool,
    pub role_kind: String,
    pub role_name: String,
    pub subjects: Vec<Subject>,
}

#[derive(Clone, Debug, Default)]
pub struct K8sModel {
    pub objects: Vec<ObjectRef>,
    pub services: Vec<K8sService>,
    pub workloads: Vec<Workload>,
    pub service_accounts: Vec<ObjectRef>,
    pub roles: Vec<Role>,
    pub bindings: Vec<Binding>,
}

const CLUSTER_SCOPED: &[&str] = &[
    "Namespace",
    "ClusterRole",
    "ClusterRoleBinding",
    "Node",
    "PersistentVolume",
    "CustomResourceDefinition",
    "StorageClass",
    "PriorityClass",
    "ValidatingWebhookConfiguration",
    "MutatingWebhookConfiguration",
    "APIService",
    "IngressClass",
];

fn str_map(n: Option<&Node>) -> BTreeMap<String, String> {
    n.map(Node::entries)
        .unwrap_or_default()
        .iter()
        .filter_map(|e| {
            Some((
                e.key.as_str()?.to_string(),
                e.value.as_str().unwrap_or("").to_string(),
            ))
        })
        .collect()
}

fn strings(n: Option<&Node>) -> Vec<String> {
    n.map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect()
}

fn spanned_strings(n: Option<&Node>) -> Option<Vec<(String, Span)>> {
    let n = n?;
    Some(
        n.items()
            .iter()
            .filter_map(|x| x.as_str().map(|v| (v.to_string(), x.span)))
            .collect(),
    )
}

fn volume_source(v: &Node) -> VolumeSource {
    let items = |n: &Node| -> Vec<(String, String)> {
        n.get("items")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .filter_map(|i| {
                Some((
                    i.get_str("key")?.to_string(),
                    i.get_str("path")?.to_string(),
                ))
            })
            .collect()
    };
    if let Some(cm) = v.get("configMap") {
        return VolumeSource::ConfigMap(cm.get_str("name").unwrap_or("").to_string(), items(cm));
    }
    if let Some(s) = v.get("secret") {
        return VolumeSource::Secret(s.get_str("secretName").unwrap_or("").to_string(), items(s));
    }
    if let Some(p) = v.get("projected") {
        return VolumeSource::Projected(
            p.get("sources")
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .map(volume_source)
                .collect(),
        );
    }
    if v.get("emptyDir").is_some() {
        return VolumeSource::EmptyDir;
    }
    if let Some(c) = v.get("persistentVolumeClaim") {
        return VolumeSource::Claim(c.get_str("claimName").unwrap_or("").to_string());
    }
    if let Some(h) = v.get("hostPath") {
        return VolumeSource::HostPath(h.get_str("path").unwrap_or("").to_string());
    }
    VolumeSource::Other
}

/// A StatefulSet's `volumeClaimTemplates`: volumes its containers mount by the template's
/// name (Kubernetes, StatefulSet "Volume Claim Templates").
fn claim_templates(root: &Node, kind: &str) -> Vec<(String, VolumeSource)> {
    if kind != "StatefulSet" {
        return Vec::new();
    }
    root.path(&["spec", "volumeClaimTemplates"])
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|t| {
            let name = t.path(&["metadata", "name"])?.as_str()?;
            Some((name.to_string(), VolumeSource::ClaimTemplate))
        })
        .collect()
}

fn pod_spec(root: &Node, kind: &str) -> Option<Node> {
    match kind {
        "Pod" => root.get("spec").cloned(),
        "CronJob" => root
            .path(&["spec", "jobTemplate", "spec", "template", "spec"])
            .cloned(),
        _ => root.path(&["spec", "template", "spec"]).cloned(),
    }
}

pub fn build(ws: &Workspace) -> K8sModel {
    let mut m = K8sModel::default();
    for d in ws.docs_of(Kind::Kubernetes) {
        let root = &d.root;
        let kind = root.get_str("kind").unwrap_or("").to_string();
        let name_node = root.path(&["metadata", "name"]);
        let obj = ObjectRef {
            file: d.file,
            kind: kind.clone(),
            name: name_node.and_then(Node::as_str).unwrap_or("").to_string(),
            namespace: if CLUSTER_SCOPED.contains(&kind.as_str()) {
                String::new()
            } else {
                root.path(&["metadata", "namespace"])
                    .and_then(Node::as_str)
                    .unwrap_or("default")
                    .to_string()
            },
            name_span: name_node.map_or(root.span, |n| n.span),
            node: root.clone(),
        };
        m.objects.push(obj.clone());
        match kind.as_str() {
            "Service" => {
                let spec = root.get("spec");
                let ports = spec
                    .and_then(|s| s.get("ports"))
                    .map(Node::items)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|p| {
                        Some(ServicePort {
                            port: p.get("port")?.as_i64()? as u16,
                            name: p.get_str("name").map(str::to_string),
                            target_port: p.get_str("targetPort").map(str::to_string),
                            span: p.get("port")?.span,
                        })
                    })
                    .collect();
                m.services.push(K8sService {
                    ports,
                    selector: str_map(spec.and_then(|s| s.get("selector"))),
                    headless: spec.and_then(|s| s.get_str("clusterIP")) == Some("None"),
                    external_name: spec
                        .and_then(|s| s.get_str("externalName"))
                        .map(str::to_string),
                    obj,
                });
            }
            "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Pod" | "Job"
            | "CronJob" => {
                let Some(spec) = pod_spec(root, &kind) else {
                    continue;
                };
                let labels = if kind == "Pod" {
                    str_map(root.path(&["metadata", "labels"]))
                } else {
                    str_map(root.path(&["spec", "template", "metadata", "labels"]))
                };
                let mut containers = Vec::new();
                for key in ["containers", "initContainers"] {
                    for c in spec.get(key).map(Node::items).unwrap_or_default() {
                        containers.push(Container {
                            name: c.get_str("name").unwrap_or("").to_string(),
                            image: c.get_str("image").map(str::to_string),
                            image_span: c.get("image").map_or(c.span, |i| i.span),
                            ports: c
                                .get("ports")
                                .map(Node::items)
                                .unwrap_or_default()
                                .iter()
                                .filter_map(|p| {
                                    Some((
                                        p.get("containerPort")?.as_i64()? as u16,
                                        p.get_str("name").map(str::to_string),
                                    ))
                                })
                                .collect(),
                            mounts: c
                                .get("volumeMounts")
                                .map(Node::items)
                                .unwrap_or_default()
                                .iter()
                                .filter_map(|vm| {
                                    Some(VolumeMount {
                                        volume: vm.get_str("name")?.to_string(),
                                        mount_path: vm.get_str("mountPath")?.to_string(),
                                        sub_path: vm.get_str("subPath").map(str::to_string),
                                        span: vm.span,
                                    })
                                })
                                .collect(),
                            env: c
                                .get("env")
                                .map(Node::items)
                                .unwrap_or_default()
                                .iter()
                                .filter_map(|e| {
                                    Some((
                                        e.get_str("name")?.to_string(),
                                        e.get_str("value").map(str::to_string),
                                        e.get("value").map_or(e.span, |v| v.span),
                                    ))
                                })
                                .collect(),
                            args: strings(c.get("args"))
                                .into_iter()
                                .chain(strings(c.get("command")))
                                .collect(),
                            command_items: spanned_strings(c.get("command")),
                            args_items: spanned_strings(c.get("args")),
                            working_dir: c.get_str("workingDir").map(str::to_string),
                            env_from: c.get("envFrom").is_some(),
                        });
                    }
                }
                let volumes = spec
                    .get("volumes")
                    .map(Node::items)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|v| Some((v.get_str("name")?.to_string(), volume_source(v))))
                    .chain(claim_templates(root, &kind))
                    .collect();
                let sa = spec
                    .get("serviceAccountName")
                    .or_else(|| spec.get("serviceAccount"));
                m.workloads.push(Workload {
                    obj,
                    pod_labels: labels,
                    containers,
                    volumes,
                    service_account: sa.and_then(Node::as_str).map(str::to_string),
                    service_account_span: sa.map(|n| n.span),
                });
            }
            "ServiceAccount" => m.service_accounts.push(obj),
            "Role" | "ClusterRole" => {
                let rules = root
                    .get("rules")
                    .map(Node::items)
                    .unwrap_or_default()
                    .iter()
                    .map(|r| PolicyRule {
                        api_groups: strings(r.get("apiGroups")),
                        resources: strings(r.get("resources")),
                        verbs: strings(r.get("verbs")),
                    })
                    .collect();
                m.roles.push(Role {
                    cluster: kind == "ClusterRole",
                    rules,
                    obj,
                });
            }
            "RoleBinding" | "ClusterRoleBinding" => {
                let subjects = root
                    .get("subjects")
                    .map(Node::items)
                    .unwrap_or_default()
                    .iter()
                    .map(|s| Subject {
                        kind: s.get_str("kind").unwrap_or("").to_string(),
                        name: s.get_str("name").unwrap_or("").to_string(),
                        namespace: s.get_str("namespace").map(str::to_string),
                    })
                    .collect();
                m.bindings.push(Binding {
                    cluster: kind == "ClusterRoleBinding",
                    role_kind: root
                        .path(&["roleRef", "kind"])
                        .and_then(Node::as_str)
                        .unwrap_or("")
                        .to_string(),
                    role_name: root
                        .path(&["roleRef", "name"])
                        .and_then(Node::as_str)
                        .unwrap_or("")
                        .to_string(),
                    subjects,
                    obj,
                });
            }
            _ => {}
        }
    }
    m
}

impl K8sModel {
    /// Workloads whose pods a Service selects.
    pub fn selected_by<'a>(&'a self, svc: &'a K8sService) -> impl Iterator<Item = &'a Workload> {
        self.workloads.iter().filter(move |w| {
            w.obj.namespace == svc.obj.namespace
                && !svc.selector.is_empty()
                && svc
                    .selector
                    .iter()
                    .all(|(k, v)| w.pod_labels.get(k) == Some(v))
        })
    }

    pub fn namespaces(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .objects
            .iter()
            .filter(|o| !o.namespace.is_empty())
            .map(|o| o.namespace.as_str())
            .chain(
                self.objects
                    .iter()
                    .filter(|o| o.kind == "Namespace")
                    .map(|o| o.name.as_str()),
            )
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}
