use super::services::{target_container_port, Svc};
use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::net::Endpoint;
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "K8S002",
    name: "k8s-service-port-mismatch",
    domain: "k8s",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "K8S002.message" => "Service `{service}` in namespace `{namespace}` has no port {port}",
            "le Service `{service}` du namespace `{namespace}` n’a pas de port {port}";
        "K8S002.note" => "a Service only forwards the ports it declares: other ports are refused or time out",
            "un Service ne transmet que les ports qu’il déclare : les autres sont refusés ou expirent";
        "K8S002.note-default" => "without a port in the URL, `{scheme}` uses port {port}",
            "sans port dans l’URL, `{scheme}` utilise le port {port}";
        "K8S002.help-target" => "{port} is the pod's port (`targetPort`/`containerPort`); through the Service use port {service_port}: `{suggestion}`",
            "{port} est le port du pod (`targetPort`/`containerPort`) ; via le Service, utilisez le port {service_port} : `{suggestion}`";
        "K8S002.help-one" => "use port {service_port}: `{suggestion}`", "utilisez le port {service_port} : `{suggestion}`";
        "K8S002.help-list" => "the Service's ports are {list}", "les ports du Service sont {list}";
        "K8S002.label" => "Service `{service}` declares {list}", "le Service `{service}` déclare {list}";
    },
    check,
};

fn check(cx: &mut Ctx<'_>) {
    if cx.stack.k8s.services.is_empty() {
        return;
    }
    for r in &cx.stack.routes.k8s {
        let Some(svc) = r.service.map(|i| &cx.stack.routes.services[i]) else {
            continue;
        };
        check_port(cx, &cx.stack.endpoints[r.endpoint], svc, &r.name);
    }
}

fn check_port(cx: &mut Ctx<'_>, e: &Endpoint, svc: &Svc, name: &super::services::DnsName) {
    let stack = cx.stack;
    let Some(port) = e.addr.effective_port() else {
        return;
    };
    if svc.ports.is_empty() {
        return;
    }
    let mut ok: Vec<u16> = svc.ports.clone();
    // Ports the pods behind the Service listen on, and what each Service port forwards to.
    let mut forwards: Vec<(u16, u16)> = Vec::new();
    if let Some(real) = svc.real.map(|i| &stack.k8s.services[i]) {
        if real.external_name.is_some() {
            return;
        }
        let pods: Vec<_> = cx.stack.k8s.selected_by(real).collect();
        for sp in &real.ports {
            if let Some(t) = sp
                .target_port
                .as_deref()
                .and_then(|t| t.parse::<u16>().ok())
            {
                forwards.push((sp.port, t));
            }
            for w in &pods {
                if let Some(t) = target_container_port(real, sp.port, w) {
                    forwards.push((sp.port, t));
                }
            }
        }
        if real.headless || name.pod.is_some() {
            // DNS gives pod addresses: any port the pods listen on works.
            if pods.is_empty() && real.selector.is_empty() {
                return;
            }
            ok.extend(forwards.iter().map(|(_, t)| *t));
            ok.extend(
                pods.iter()
                    .flat_map(|w| &w.containers)
                    .flat_map(|c| &c.ports)
                    .map(|(p, _)| *p),
            );
        }
    } else if name.pod.is_some() {
        return;
    }
    if ok.contains(&port) {
        return;
    }
    let list = svc
        .ports
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let span = if e.addr.port.is_some() {
        e.port_span()
    } else {
        e.host_span()
    };
    let d = cx.report(
        e.file,
        span,
        msg!(
            "K8S002.message",
            service = svc.name,
            namespace = svc.namespace,
            port = port
        ),
    );
    d.note(msg!("K8S002.note"));
    if e.addr.port.is_none() {
        d.note(msg!(
            "K8S002.note-default",
            scheme = e.addr.scheme.clone().unwrap_or_default(),
            port = port
        ));
    }
    if let Some(real) = svc.real.map(|i| &stack.k8s.services[i]) {
        if let Some(p) = real.ports.first() {
            d.related(
                real.obj.file,
                p.span,
                msg!("K8S002.label", service = svc.name, list = list),
            );
        }
    }
    let suggestion = |sp: u16| -> String {
        let mut s = String::new();
        if let Some(sc) = &e.addr.scheme {
            if e.raw.contains("://") {
                s.push_str(sc);
                s.push_str("://");
            }
        }
        s.push_str(&e.addr.host);
        s.push(':');
        s.push_str(&sp.to_string());
        s.push_str(&e.addr.path);
        s
    };
    let via: Vec<u16> = {
        let mut v: Vec<u16> = forwards
            .iter()
            .filter(|(_, t)| *t == port)
            .map(|(p, _)| *p)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    if let [sp] = via.as_slice() {
        d.help(msg!(
            "K8S002.help-target",
            port = port,
            service_port = sp,
            suggestion = suggestion(*sp)
        ));
    } else if let [sp] = svc.ports.as_slice() {
        d.help(msg!(
            "K8S002.help-one",
            service_port = sp,
            suggestion = suggestion(*sp)
        ));
    } else {
        d.help(msg!("K8S002.help-list", list = list));
    }
}
