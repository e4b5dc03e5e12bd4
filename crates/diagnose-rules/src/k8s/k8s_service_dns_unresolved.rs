use super::services::{caller_namespaces, parse_host, services, Svc};
use crate::diagnostic::Severity;
use crate::prometheus::schema::distance;
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
        "K8S001.help" => "use `{suggestion}`", "utilisez `{suggestion}`";
        "K8S001.label" => "Service `{service}` is in namespace `{namespace}`",
            "le Service `{service}` est dans le namespace `{namespace}`";
    },
    check,
};

fn check(cx: &mut Ctx<'_>) {
    if cx.stack.k8s.services.is_empty() {
        return;
    }
    let all = services(&cx.stack.k8s);
    let namespaces = cx.stack.k8s.namespaces();
    for e in &cx.stack.endpoints {
        for caller in caller_namespaces(cx.stack, e) {
            check_endpoint(cx, e, &caller, &all, &namespaces);
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
    all: &[Svc<'_>],
    namespaces: &[&str],
) {
    let Some(name) = parse_host(&e.addr.host, caller, namespaces) else {
        return;
    };
    if all.iter().any(|s| s.is(&name.service, &name.namespace)) {
        return;
    }
    // Candidates: the same name in another namespace, or a close name in this one.
    let mut cands: Vec<&Svc<'_>> = all
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
    if cands.is_empty() {
        // Nothing in the manifests says where this name should point: the Service may be
        // deployed from elsewhere (a chart, another repository).
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
