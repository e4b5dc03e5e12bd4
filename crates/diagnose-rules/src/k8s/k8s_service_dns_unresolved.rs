use super::services::{DnsName, Svc};
use crate::diagnostic::Severity;
use crate::schema::distance;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::net::Endpoint;
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "K8S001",
    name: "k8s-service-dns-unresolved",
    domain: "k8s",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "K8S001.message" => "`{host}` names no Service: there is no Service `{service}` in namespace `{namespace}`",
            "`{host}` ne désigne aucun Service : il n’y a pas de Service `{service}` dans le namespace `{namespace}`";
        "K8S001.note" => "the cluster DNS answers `no such host`: a Service is reached as `<service>.<namespace>.svc.cluster.local`, and a name without a namespace is looked up in the caller's namespace (`{caller}`)",
            "le DNS du cluster répond `no such host` : on joint un Service par `<service>.<namespace>.svc.cluster.local`, et un nom sans namespace est cherché dans le namespace de l’appelant (`{caller}`)";
        "K8S001.note-namespace" => "no manifest uses namespace `{namespace}`",
            "aucun manifeste n’utilise le namespace `{namespace}`";
        "K8S001.not-defined" => "Service `{service}` (namespace `{namespace}`) is not defined in these manifests",
            "le Service `{service}` (namespace `{namespace}`) n’est pas défini dans ces manifestes";
        "K8S001.not-defined-note" => "it may be deployed from elsewhere (a Helm chart, an operator, another repository); if not, the cluster DNS answers `no such host` for `{host}`",
            "il est peut-être déployé ailleurs (un chart Helm, un opérateur, un autre dépôt) ; sinon, le DNS du cluster répond `no such host` pour `{host}`";
        "K8S001.help" => "use `{suggestion}`", "utilisez `{suggestion}`";
        "K8S001.label" => "Service `{service}` is in namespace `{namespace}`",
            "le Service `{service}` est dans le namespace `{namespace}`";
    },
    check,
};

fn check(cx: &mut Ctx<'_>) {
    if cx.stack.k8s.services.is_empty() && cx.stack.k8s.workloads.is_empty() {
        return;
    }
    let namespaces = cx.stack.k8s.namespaces();
    for r in &cx.stack.routes.k8s {
        if r.service.is_none() {
            let e = &cx.stack.endpoints[r.endpoint];
            let all = &cx.stack.routes.services;
            check_endpoint(cx, e, &r.caller_namespace, &r.name, all, &namespaces);
        }
    }
}

/// Whether two Service names are close enough to be a slip (`prometheus` / `prometheus-k8s`).
fn similar(a: &str, b: &str) -> bool {
    distance(a, b) <= 2
        || b.strip_prefix(a).is_some_and(|r| r.starts_with('-'))
        || a.strip_prefix(b).is_some_and(|r| r.starts_with('-'))
        || b.strip_suffix(a).is_some_and(|r| r.ends_with('-'))
        || a.strip_suffix(b).is_some_and(|r| r.ends_with('-'))
}

fn check_endpoint(
    cx: &mut Ctx<'_>,
    e: &Endpoint,
    caller: &str,
    name: &DnsName,
    all: &[Svc],
    namespaces: &[&str],
) {
    // (A name that designates a Service of `all` has a route with its `service`.)
    // Candidates: the same name in another namespace, or a close name in this one.
    let mut cands: Vec<&Svc> = all
        .iter()
        .filter(|s| s.name == name.service && s.decl.is_some())
        .collect();
    if cands.is_empty() {
        cands = all
            .iter()
            .filter(|s| s.namespace == name.namespace && s.decl.is_some())
            .filter(|s| similar(&name.service, &s.name))
            .collect();
    }
    if cands.is_empty() {
        // The same name with a close namespace (`monitor` for `monitoring`).
        cands = all
            .iter()
            .filter(|s| s.decl.is_some() && similar(&name.service, &s.name))
            .filter(|s| similar(&name.namespace, &s.namespace))
            .collect();
    }
    let ns_known = namespaces.contains(&name.namespace.as_str());
    if cands.is_empty() && name.namespace == "kube-system" {
        return; // The cluster's own add-ons (DNS, metrics-server…), never in the manifests.
    }
    if cands.is_empty() {
        // Nothing in the manifests says where this name should point: the Service may be
        // deployed from elsewhere (a chart, another repository). No evidence of a mistake,
        // but worth knowing.
        let d = cx.report(
            e.file,
            e.host_span(),
            msg!(
                "K8S001.not-defined",
                service = name.service,
                namespace = name.namespace
            ),
        );
        d.severity = Severity::Info;
        d.note(msg!("K8S001.not-defined-note", host = e.addr.host));
        return;
    }
    let d = cx.report(
        e.file,
        e.host_span(),
        msg!(
            "K8S001.message",
            host = e.addr.host,
            service = name.service,
            namespace = name.namespace
        ),
    );
    d.note(msg!("K8S001.note", caller = caller));
    if !ns_known {
        d.note(msg!("K8S001.note-namespace", namespace = name.namespace));
    }
    for c in cands.iter().take(3) {
        if let Some((f, s)) = c.decl {
            d.related(
                f,
                s,
                msg!("K8S001.label", service = c.name, namespace = c.namespace),
            );
        }
    }
    if let [c] = cands.as_slice() {
        let host = name.with(&c.name, &c.namespace);
        d.help(msg!("K8S001.help", suggestion = host));
    }
}
