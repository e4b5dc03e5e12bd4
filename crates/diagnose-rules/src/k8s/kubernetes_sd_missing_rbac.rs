use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::k8s::{Binding, K8sModel, Role, Workload};
use diagnose_model::Runtime;
use diagnose_syntax::source::{FileId, Span};
use diagnose_syntax::Node;
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "K8S003",
    name: "kubernetes-sd-missing-rbac",
    domain: "k8s",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "K8S003.message-all" => "`kubernetes_sd_configs` role `{role}` needs `list` and `watch` on {resources} in all namespaces, which ServiceAccount `{sa}` is not granted",
            "`kubernetes_sd_configs` avec le rôle `{role}` a besoin de `list` et `watch` sur {resources} dans tous les namespaces, ce qui n’est pas accordé au ServiceAccount `{sa}`";
        "K8S003.message-ns" => "`kubernetes_sd_configs` role `{role}` needs `list` and `watch` on {resources} in namespace `{namespace}`, which ServiceAccount `{sa}` is not granted",
            "`kubernetes_sd_configs` avec le rôle `{role}` a besoin de `list` et `watch` sur {resources} dans le namespace `{namespace}`, ce qui n’est pas accordé au ServiceAccount `{sa}`";
        "K8S003.message-cluster" => "`kubernetes_sd_configs` role `{role}` needs `list` and `watch` on {resources} (cluster-wide), which ServiceAccount `{sa}` is not granted",
            "`kubernetes_sd_configs` avec le rôle `{role}` a besoin de `list` et `watch` sur {resources} (à l’échelle du cluster), ce qui n’est pas accordé au ServiceAccount `{sa}`";
        "K8S003.note" => "discovery fails and the job has no targets; Prometheus logs `{resource} is forbidden: User \"system:serviceaccount:{sa_ns}:{sa_name}\" cannot list resource \"{resource}\" in API group \"{group}\" {scope}`",
            "la découverte échoue et le job n’a aucune cible ; Prometheus journalise `{resource} is forbidden: User \"system:serviceaccount:{sa_ns}:{sa_name}\" cannot list resource \"{resource}\" in API group \"{group}\" {scope}`";
        "K8S003.note-rolebinding" => "a RoleBinding grants its rights only in its own namespace; discovery across all namespaces or of cluster-wide resources needs a ClusterRole bound by a ClusterRoleBinding",
            "un RoleBinding n’accorde ses droits que dans son propre namespace ; découvrir dans tous les namespaces, ou des ressources du cluster, demande un ClusterRole lié par un ClusterRoleBinding";
        "K8S003.help-subject" => "in {kind} `{binding}`, set the subject to ServiceAccount `{sa_name}` in namespace `{sa_ns}`",
            "dans le {kind} `{binding}`, mettez comme sujet le ServiceAccount `{sa_name}` du namespace `{sa_ns}`";
        "K8S003.help" => "grant `get`, `list` and `watch` on {resources} to ServiceAccount `{sa}` with a ClusterRole and a ClusterRoleBinding (as in Prometheus's `rbac-setup.yml`), or restrict discovery with `namespaces.names`",
            "accordez `get`, `list` et `watch` sur {resources} au ServiceAccount `{sa}` avec un ClusterRole et un ClusterRoleBinding (comme le `rbac-setup.yml` de Prometheus), ou limitez la découverte avec `namespaces.names`";
        "K8S003.note-tutorial-default-sa" => "in a tutorial, a Deployment without `serviceAccountName` may get one at a later step (a `kubectl patch`, a fuller version of the file): shown as info",
            "dans un tutoriel, un Deployment sans `serviceAccountName` peut en recevoir un à une étape suivante (un `kubectl patch`, une version plus complète du fichier)\u{a0}: affiché en info";
        "K8S003.note-no-rbac" => "these manifests hold no Role or binding at all: unless the rights are granted elsewhere (a Helm chart, a `kubectl create clusterrolebinding`), the ServiceAccount has none",
            "ces manifestes ne contiennent aucun Role ni aucune liaison : à moins que les droits soient accordés ailleurs (un chart Helm, un `kubectl create clusterrolebinding`), le ServiceAccount n’en a aucun";
        "K8S003.label-sa" => "Prometheus runs as ServiceAccount `{sa}`", "Prometheus tourne sous le ServiceAccount `{sa}`";
        "K8S003.label-default-sa" => "no `serviceAccountName`: the pod runs as ServiceAccount `{sa}`",
            "pas de `serviceAccountName` : le pod tourne sous le ServiceAccount `{sa}`";
        "K8S003.label-subject" => "this binding grants `{role}` to ServiceAccount `{subject}`, not `{sa}`",
            "cette liaison accorde `{role}` au ServiceAccount `{subject}`, pas à `{sa}`";
        "K8S003.label-rolebinding" => "this RoleBinding grants `{role}` only in namespace `{namespace}`",
            "ce RoleBinding n’accorde `{role}` que dans le namespace `{namespace}`";
    },
    check,
};

/// Where a resource is listed.
#[derive(Clone, Debug, PartialEq)]
enum Scope {
    /// A cluster-scoped resource (nodes, namespaces).
    Cluster,
    /// A namespaced resource listed across all namespaces.
    All,
    Namespace(String),
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Grant {
    Yes,
    No,
    /// A binding refers to a role the manifests do not define (or an aggregated one).
    Unknown,
}

/// An API group and a resource.
type Res = (&'static str, &'static str);

/// `(API group, resource)` pairs that discovery lists and watches for a role
/// (`discovery/kubernetes/kubernetes.go`): namespaced ones, then cluster-scoped ones.
fn needs(role: &str, attach: Option<&Node>) -> (Vec<Res>, Vec<Res>) {
    let mut ns: Vec<(&str, &str)> = match role {
        "pod" => vec![("", "pods")],
        "service" => vec![("", "services")],
        "endpoints" => vec![("", "endpoints"), ("", "services"), ("", "pods")],
        "endpointslice" => vec![
            ("discovery.k8s.io", "endpointslices"),
            ("", "services"),
            ("", "pods"),
        ],
        "ingress" => vec![("networking.k8s.io", "ingresses")],
        _ => Vec::new(),
    };
    let mut cluster = if role == "node" {
        vec![("", "nodes")]
    } else {
        Vec::new()
    };
    let on = |k: &str| attach.and_then(|a| a.get(k)).and_then(Node::as_bool) == Some(true);
    if matches!(role, "pod" | "endpoints" | "endpointslice") {
        if on("node") {
            cluster.push(("", "nodes"));
        }
        if on("deployment") {
            ns.push(("apps", "replicasets"));
        }
        if on("job") || on("cronjob") {
            ns.push(("batch", "jobs"));
        }
    }
    if role != "node" && on("namespace") {
        cluster.push(("", "namespaces"));
    }
    (ns, cluster)
}

/// Whether subject `i` of `b` is the ServiceAccount `sa_ns/sa`. An empty `sa_ns` (a
/// workload whose manifest sets no namespace) matches any namespace.
fn subject_matches(b: &Binding, i: usize, sa_ns: &str, sa: &str) -> bool {
    let s = &b.subjects[i];
    match s.kind.as_str() {
        "ServiceAccount" => {
            let ns = s.namespace.as_deref().unwrap_or(if b.cluster {
                ""
            } else {
                b.obj.namespace.as_str()
            });
            s.name == sa && (sa_ns.is_empty() || ns == sa_ns)
        }
        "Group" => {
            s.name == "system:serviceaccounts"
                || (s.name.starts_with("system:serviceaccounts:") && sa_ns.is_empty())
                || s.name == format!("system:serviceaccounts:{sa_ns}")
                || s.name == "system:authenticated"
        }
        "User" => {
            s.name == format!("system:serviceaccount:{sa_ns}:{sa}")
                || (sa_ns.is_empty()
                    && s.name.starts_with("system:serviceaccount:")
                    && s.name.ends_with(&format!(":{sa}")))
        }
        _ => false,
    }
}

/// The roles a binding refers to. Several manifests may define a role of the same name
/// (one of them is applied last); any of them counts.
fn find_roles<'a>(k8s: &'a K8sModel, b: &Binding) -> Vec<&'a Role> {
    k8s.roles
        .iter()
        .filter(|r| {
            r.obj.name == b.role_name
                && match b.role_kind.as_str() {
                    "ClusterRole" => r.cluster,
                    "Role" => !r.cluster && r.obj.namespace == b.obj.namespace,
                    _ => false,
                }
        })
        .collect()
}

fn matches(list: &[String], want: &str) -> bool {
    list.iter().any(|x| x == "*" || x == want)
}

/// Whether `role` allows `verb` on `group/resource` (rules restricted to `resourceNames`
/// do not allow listing).
fn role_allows(role: &Role, group: &str, resource: &str, verb: &str) -> bool {
    let nodes = role
        .obj
        .node
        .get("rules")
        .map(Node::items)
        .unwrap_or_default();
    role.rules.iter().enumerate().any(|(i, r)| {
        let named = nodes
            .get(i)
            .and_then(|n| n.get("resourceNames"))
            .is_some_and(|n| !n.items().is_empty());
        !named
            && matches(&r.api_groups, group)
            && matches(&r.resources, resource)
            && matches(&r.verbs, verb)
    })
}

fn grant(
    k8s: &K8sModel,
    sa_ns: &str,
    sa: &str,
    group: &str,
    resource: &str,
    scope: &Scope,
) -> Grant {
    let mut result = Grant::No;
    for verb in ["list", "watch"] {
        let mut g = Grant::No;
        for b in &k8s.bindings {
            if !(0..b.subjects.len()).any(|i| subject_matches(b, i, sa_ns, sa)) {
                continue;
            }
            let applies =
                b.cluster || matches!(scope, Scope::Namespace(n) if *n == b.obj.namespace);
            if !applies {
                continue;
            }
            if b.role_kind == "ClusterRole" && b.role_name == "cluster-admin" {
                g = Grant::Yes;
                break;
            }
            let roles = find_roles(k8s, b);
            if roles.iter().any(|r| role_allows(r, group, resource, verb)) {
                g = Grant::Yes;
                break;
            }
            if roles.is_empty()
                || roles
                    .iter()
                    .any(|r| r.obj.node.get("aggregationRule").is_some())
            {
                g = Grant::Unknown;
            }
        }
        match g {
            Grant::No => return Grant::No,
            Grant::Unknown => result = Grant::Unknown,
            Grant::Yes => {
                if result == Grant::No {
                    result = Grant::Yes;
                }
            }
        }
    }
    result
}

fn check(cx: &mut Ctx<'_>) {
    let k8s = &cx.stack.k8s;
    for p in &cx.stack.prometheus {
        let mut workloads: Vec<usize> = cx
            .stack
            .runtimes(p.file)
            .iter()
            .filter_map(|r| match r {
                Runtime::K8s { workload, .. } => Some(*workload),
                _ => None,
            })
            .collect();
        workloads.sort_unstable();
        workloads.dedup();
        for wi in workloads {
            let w = &k8s.workloads[wi];
            let spec_automount = w
                .obj
                .node
                .path(&["spec", "template", "spec", "automountServiceAccountToken"])
                .or_else(|| w.obj.node.path(&["spec", "automountServiceAccountToken"]))
                .and_then(Node::as_bool);
            if spec_automount == Some(false) {
                continue;
            }
            for job in p
                .root
                .get("scrape_configs")
                .map(Node::items)
                .unwrap_or_default()
            {
                let Some(entry) = job.entry("kubernetes_sd_configs") else {
                    continue;
                };
                for sd in entry.value.items() {
                    check_sd(cx, p.file, entry.key.span, sd, w);
                }
            }
        }
    }
}

fn check_sd(cx: &mut Ctx<'_>, file: FileId, key_span: Span, sd: &Node, w: &Workload) {
    let k8s = &cx.stack.k8s;
    if sd.get("api_server").is_some_and(|n| !n.is_null())
        || sd.get("kubeconfig_file").is_some_and(|n| !n.is_null())
    {
        return;
    }
    let Some(role) = sd.get_str("role") else {
        return;
    };
    let sa_ns = w.obj.namespace.as_str();
    // The namespace to match binding subjects against ("" = any, see subject_matches).
    let match_ns = if super::services::explicit_namespace(&w.obj.node) {
        sa_ns
    } else {
        ""
    };
    let sa = w.service_account();
    let mut names = diagnose_model::prometheus::sd_namespaces(sd, sa_ns);
    names.dedup();
    let scopes: Vec<Scope> = if names.is_empty() {
        vec![Scope::All]
    } else {
        names.into_iter().map(Scope::Namespace).collect()
    };
    let (ns_res, cluster_res) = needs(role, sd.get("attach_metadata"));
    let mut checks: Vec<(Scope, Vec<(&str, &str)>)> =
        scopes.into_iter().map(|s| (s, ns_res.clone())).collect();
    if !cluster_res.is_empty() {
        checks.push((Scope::Cluster, cluster_res));
    }
    for (scope, res) in checks {
        let mut missing = Vec::new();
        for (g, r) in &res {
            match grant(k8s, match_ns, sa, g, r, &scope) {
                Grant::Yes => {}
                Grant::No => missing.push((*g, *r)),
                Grant::Unknown => {
                    missing.clear();
                    break;
                }
            }
        }
        if missing.is_empty() {
            continue;
        }
        report(cx, file, key_span, role, &scope, &missing, w);
    }
}

fn report(
    cx: &mut Ctx<'_>,
    file: FileId,
    key_span: Span,
    role: &str,
    scope: &Scope,
    missing: &[(&str, &str)],
    w: &Workload,
) {
    let k8s = &cx.stack.k8s;
    let sa_ns = w.obj.namespace.clone();
    let sa_name = w.service_account().to_string();
    let sa = format!("{sa_ns}/{sa_name}");
    let resources = missing
        .iter()
        .map(|(g, r)| {
            if g.is_empty() {
                format!("`{r}`")
            } else {
                format!("`{r}` (`{g}`)")
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    let tutorial = cx.ws.file(w.obj.file).markdown.is_some();
    let d = match scope {
        Scope::All => cx.report(
            file,
            key_span,
            msg!(
                "K8S003.message-all",
                role = role,
                resources = resources,
                sa = sa
            ),
        ),
        Scope::Cluster => cx.report(
            file,
            key_span,
            msg!(
                "K8S003.message-cluster",
                role = role,
                resources = resources,
                sa = sa
            ),
        ),
        Scope::Namespace(n) => cx.report(
            file,
            key_span,
            msg!(
                "K8S003.message-ns",
                role = role,
                resources = resources,
                namespace = n,
                sa = sa
            ),
        ),
    };
    let (g0, r0) = missing[0];
    let scope_text = match scope {
        Scope::Namespace(n) => format!("in the namespace \"{n}\""),
        _ => "at the cluster scope".to_string(),
    };
    d.note(msg!(
        "K8S003.note",
        resource = r0,
        sa_ns = sa_ns,
        sa_name = sa_name,
        group = g0,
        scope = scope_text
    ));
    if k8s.roles.is_empty() && k8s.bindings.is_empty() {
        // No RBAC object at all: the rights may come from elsewhere, so a warning; but
        // nothing in the stack grants them (the learner's `pods is forbidden`).
        d.severity = Severity::Warning;
        d.note(msg!("K8S003.note-no-rbac"));
    }
    // A tutorial often shows the Deployment before the step that gives it its ServiceAccount
    // (a `kubectl patch`, a later version of the file): without `serviceAccountName` in the
    // document's block, which account runs is not known.
    if w.service_account_span.is_none() && tutorial {
        d.severity = Severity::Info;
        d.note(msg!("K8S003.note-tutorial-default-sa"));
    }
    match w.service_account_span {
        Some(s) => {
            d.related(w.obj.file, s, msg!("K8S003.label-sa", sa = sa));
        }
        None => {
            d.related(
                w.obj.file,
                w.obj.name_span,
                msg!("K8S003.label-default-sa", sa = sa),
            );
        }
    }
    // Near misses: bindings for a ServiceAccount of the same name elsewhere, or
    // RoleBindings that only cover their namespace.
    let mut help_subject = None;
    let mut rolebinding = false;
    for b in &k8s.bindings {
        let subjects = b
            .obj
            .node
            .get("subjects")
            .map(Node::items)
            .unwrap_or_default();
        let match_ns = if super::services::explicit_namespace(&w.obj.node) {
            sa_ns.as_str()
        } else {
            ""
        };
        let matched = (0..b.subjects.len()).any(|i| subject_matches(b, i, match_ns, &sa_name));
        if matched {
            if !b.cluster && !matches!(scope, Scope::Namespace(n) if *n == b.obj.namespace) {
                rolebinding = true;
                d.related(
                    b.obj.file,
                    b.obj.name_span,
                    msg!(
                        "K8S003.label-rolebinding",
                        role = b.role_name,
                        namespace = b.obj.namespace
                    ),
                );
            }
            continue;
        }
        // Only bindings that would fix the problem if their subject were right.
        let fits = (b.cluster || matches!(scope, Scope::Namespace(n) if *n == b.obj.namespace))
            && find_roles(k8s, b).iter().any(|r| {
                missing.iter().all(|(g, res)| {
                    role_allows(r, g, res, "list") && role_allows(r, g, res, "watch")
                })
            });
        if !fits {
            continue;
        }
        for (i, s) in b.subjects.iter().enumerate() {
            if s.kind != "ServiceAccount" || s.name != sa_name {
                continue;
            }
            let ns = s
                .namespace
                .clone()
                .unwrap_or_else(|| b.obj.namespace.clone());
            let span = subjects
                .get(i)
                .map(|n| n.get("namespace").map_or(n.span, |x| x.span))
                .unwrap_or(b.obj.name_span);
            d.related(
                b.obj.file,
                span,
                msg!(
                    "K8S003.label-subject",
                    role = b.role_name,
                    subject = format!("{ns}/{}", s.name),
                    sa = sa
                ),
            );
            if help_subject.is_none() {
                help_subject = Some((
                    if b.cluster {
                        "ClusterRoleBinding"
                    } else {
                        "RoleBinding"
                    },
                    b.obj.name.clone(),
                ));
            }
        }
    }
    if rolebinding {
        d.note(msg!("K8S003.note-rolebinding"));
    }
    match help_subject {
        Some((kind, binding)) => {
            d.help(msg!(
                "K8S003.help-subject",
                kind = kind,
                binding = binding,
                sa_name = sa_name,
                sa_ns = sa_ns
            ));
        }
        None => {
            d.help(msg!("K8S003.help", resources = resources, sa = sa));
        }
    }
}
