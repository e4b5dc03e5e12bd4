use crate::diagnostic::{Applicability, Edit, Severity};
use crate::{Ctx, FixKind, Rule};
use diagnose_model::net::{Endpoint, Use};
use diagnose_model::Runtime;
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "NET001",
    name: "localhost-in-container-url",
    domain: "net",
    severity: Severity::Error,
    fix: FixKind::Safe,
    messages: texts! {
        "NET001.message" => "`{host}` in the `{caller}` container is the container itself, not another service",
            "`{host}` dans le conteneur `{caller}` désigne ce conteneur lui-même, pas un autre service";
        "NET001.note" => "each container has its own network namespace: `localhost` reaches only processes of the same container",
            "chaque conteneur a son propre espace réseau : `localhost` n’atteint que les processus du même conteneur";
        "NET001.help-service" => "use the service name: `{suggestion}`", "utilisez le nom du service : `{suggestion}`";
        "NET001.help" => "use the name of the service that listens on port {port} instead of `{host}`",
            "utilisez le nom du service qui écoute sur le port {port} au lieu de `{host}`";
        "NET001.fix" => "replace `{host}` with `{service}`", "remplacer `{host}` par `{service}`";
        "NET001.note-no-rules" => "this Prometheus loads no rule files, so it sends no alerts and never calls this address yet: it matters once rules are added",
            "ce Prometheus ne charge aucun fichier de règles : il n’envoie aucune alerte et n’appelle pas encore cette adresse, ce qui compte dès que des règles sont ajoutées";
        "NET001.label-target" => "`{service}` listens on port {port}", "`{service}` écoute sur le port {port}";
        "NET001.message-probe" => "`{host}` in this probe target is the `{prober}` container itself, which runs the probe, not another service",
            "`{host}` dans cette cible de sonde désigne le conteneur `{prober}` lui-même, qui exécute la sonde, pas un autre service";
        "NET001.note-probe" => "the job rewrites `__address__` to `{exporter}`: Prometheus calls that exporter, and the exporter connects to the target",
            "la tâche réécrit `__address__` en `{exporter}` : Prometheus appelle cet exportateur, et c’est l’exportateur qui se connecte à la cible";
    },
    check,
};

fn check(cx: &mut Ctx<'_>) {
    for e in &cx.stack.endpoints {
        if !e.addr.is_loopback() {
            continue;
        }
        let readers = super::common::compose_callers(cx.stack, e);
        for caller in &e.callers {
            if let Runtime::Compose {
                project, service, ..
            } = caller
            {
                if !readers.contains(&(*project, *service)) {
                    continue;
                }
            }
            check_caller(cx, e, caller);
        }
    }
}

fn check_caller(cx: &mut Ctx<'_>, e: &Endpoint, caller: &Runtime) {
    let port = e.addr.effective_port();
    match caller {
        Runtime::Compose {
            project, service, ..
        } => {
            let p = &cx.stack.compose[*project];
            // A probe (blackbox-style): the exporter the job sends it to connects, not
            // Prometheus; judged by that exporter's service when the project defines it.
            let probe = probe_exporter(cx, e);
            let prober = probe.as_ref().and_then(|(_, h)| p.find_host(h));
            let svc = prober.unwrap_or(&p.services[*service]);
            if svc.host_network()
                || svc.network_mode.as_ref().is_some_and(|m| {
                    m.value.starts_with("service:") || m.value.starts_with("container:")
                })
            {
                return;
            }
            let (mut own, complete) = svc.listen_ports();
            // The container that scrapes runs Prometheus: built from a Dockerfile the files
            // do not hold (`FROM prom/prometheus`), with no flag that moves it, it listens on
            // Prometheus's port, 9090 (`--web.listen-address` defaults to `0.0.0.0:9090`).
            if !complete
                && prober.is_none()
                && matches!(e.usage, Use::ScrapeTarget { .. })
                && !svc.command.iter().any(|c| c.contains("promscrape"))
            {
                own.push(9090);
            }
            if port.is_none_or(|port| own.contains(&port)) {
                return; // Prometheus scraping itself, or a port of its own.
            }
            let port = port.unwrap();
            // Another service of the project that listens on this port (container port,
            // or publishes it on the host).
            let candidates: Vec<_> = p
                .services
                .iter()
                .filter(|s| s.name != svc.name)
                .filter_map(|s| {
                    let (lp, _) = s.listen_ports();
                    if lp.contains(&port) {
                        return Some((s, port));
                    }
                    s.ports
                        .iter()
                        .find(|m| m.host_ports.contains(&port))
                        .and_then(|m| m.container_port)
                        .map(|cp| (s, cp))
                })
                .collect();
            let shared = match candidates.as_slice() {
                [(target, _)] => share_network(cx, p, svc, target),
                _ => false,
            };
            let no_alerts = sends_no_alerts(cx, e);
            let message = match &probe {
                Some((_, h)) => msg!(
                    "NET001.message-probe",
                    host = e.addr.host,
                    prober = prober.map_or(h.as_str(), |s| s.name.as_str())
                ),
                None => msg!("NET001.message", host = e.addr.host, caller = svc.name),
            };
            let d = cx.report(e.file, e.host_span(), message);
            d.note(msg!("NET001.note"));
            if let Some((exporter, _)) = &probe {
                d.note(msg!("NET001.note-probe", exporter = exporter));
            }
            if no_alerts {
                d.note(msg!("NET001.note-no-rules"));
                d.severity = Severity::Info;
            }
            if let [(target, cport)] = candidates.as_slice() {
                let suggestion = suggestion(e, &target.name, *cport);
                d.related(
                    target.file,
                    target.name_span,
                    msg!("NET001.label-target", service = target.name, port = cport),
                );
                d.help(msg!("NET001.help-service", suggestion = suggestion));
                // Safe only when the name will resolve: both share a network.
                if *cport == port && shared {
                    d.fix(
                        msg!("NET001.fix", host = e.addr.host, service = target.name),
                        Applicability::Safe,
                        vec![Edit {
                            file: e.file,
                            span: e.host_span(),
                            replacement: target.name.clone(),
                        }],
                    );
                }
            } else {
                d.help(msg!("NET001.help", port = port, host = e.addr.host));
            }
        }
        Runtime::K8s { workload, .. } => {
            let w = &cx.stack.k8s.workloads[*workload];
            let Some(port) = port else { return };
            // Containers of one pod share localhost: a sidecar on that port is fine.
            if w.containers
                .iter()
                .any(|c| c.ports.iter().any(|(p, _)| *p == port))
                || w.containers.iter().any(|c| {
                    c.image
                        .as_deref()
                        .map(diagnose_model::images::base_of)
                        .and_then(|b| diagnose_model::images::info(&b))
                        .is_some_and(|i| i.ports.contains(&port))
                })
            {
                return;
            }
            if matches!(e.usage, Use::ScrapeTarget { .. }) && w.containers.is_empty() {
                return;
            }
            // The one Service of the stack with that port, not the caller's own: its name,
            // namespace-qualified when the caller runs in another namespace.
            let k8s = &cx.stack.k8s;
            let services: Vec<_> = k8s
                .services
                .iter()
                .filter(|s| s.ports.iter().any(|p| p.port == port))
                .filter(|s| !k8s.selected_by(s).any(|o| std::ptr::eq(o, w)))
                .collect();
            let target = match services.as_slice() {
                [svc] => Some((
                    svc.obj.file,
                    svc.obj.name_span,
                    svc.obj.name.clone(),
                    if svc.obj.namespace == w.obj.namespace {
                        svc.obj.name.clone()
                    } else {
                        format!("{}.{}.svc", svc.obj.name, svc.obj.namespace)
                    },
                )),
                _ => None,
            };
            let probe = probe_exporter(cx, e);
            let message = match &probe {
                Some((_, h)) => msg!(
                    "NET001.message-probe",
                    host = e.addr.host,
                    prober = h.split('.').next().unwrap_or(h)
                ),
                None => msg!("NET001.message", host = e.addr.host, caller = w.obj.name),
            };
            let d = cx.report(e.file, e.host_span(), message);
            d.note(msg!("NET001.note"));
            if let Some((exporter, _)) = &probe {
                d.note(msg!("NET001.note-probe", exporter = exporter));
            }
            match target {
                Some((file, span, service, name)) => {
                    d.related(
                        file,
                        span,
                        msg!("NET001.label-target", service = service, port = port),
                    );
                    d.help(msg!(
                        "NET001.help-service",
                        suggestion = suggestion(e, &name, port)
                    ));
                }
                None => {
                    d.help(msg!("NET001.help", port = port, host = e.addr.host));
                }
            }
        }
        Runtime::K8sUnmounted { .. } => {}
    }
}

fn suggestion(e: &Endpoint, service: &str, port: u16) -> String {
    match &e.addr.scheme {
        Some(s) if e.raw.contains("://") => format!("{s}://{service}:{port}{}", e.addr.path),
        _ => format!("{service}:{port}"),
    }
}

fn share_network(
    cx: &Ctx<'_>,
    p: &diagnose_model::compose::ComposeProject,
    a: &diagnose_model::compose::Service,
    b: &diagnose_model::compose::Service,
) -> bool {
    use super::common::service_networks;
    match (service_networks(cx.ws, p, a), service_networks(cx.ws, p, b)) {
        (Some(x), Some(y)) => x.iter().any(|(_, c)| y.iter().any(|(_, d)| c == d)),
        _ => false,
    }
}

/// An Alertmanager address of a Prometheus config that loads no rule files: Prometheus
/// evaluates no alerting rule, so it never sends to it.
fn sends_no_alerts(cx: &Ctx<'_>, e: &Endpoint) -> bool {
    matches!(e.usage, Use::Alertmanager)
        && cx
            .stack
            .prometheus
            .iter()
            .filter(|p| p.file == e.file)
            .all(|p| p.rule_files.is_empty())
        && cx.stack.prometheus.iter().any(|p| p.file == e.file)
}

/// The exporter a probe job sends its targets to: the `replacement` (`host:port`) of the
/// relabel rule that writes `__address__`, and its host, when that host is not loopback
/// (a loopback exporter runs beside the caller, which then is the one that connects).
fn probe_exporter(cx: &Ctx<'_>, e: &Endpoint) -> Option<(String, String)> {
    let Use::ScrapeTarget { job } = &e.usage else {
        return None;
    };
    let rep = cx
        .stack
        .prometheus
        .iter()
        .filter(|p| p.file == e.file)
        .flat_map(|p| &p.jobs)
        .filter(|j| j.name.as_ref().map_or("", |n| n.value.as_str()) == job)
        .flat_map(|j| {
            j.node
                .get("relabel_configs")
                .map(diagnose_syntax::Node::items)
                .unwrap_or_default()
        })
        .filter(|r| r.get_str("target_label") == Some("__address__"))
        .find_map(|r| r.get_str("replacement"))?
        .trim()
        .to_string();
    let addr = diagnose_model::net::parse_address(&rep)?;
    if addr.is_loopback() || addr.host.is_empty() || rep.contains('$') {
        return None;
    }
    Some((rep.clone(), addr.host.clone()))
}
