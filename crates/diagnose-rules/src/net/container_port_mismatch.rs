use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::net::Endpoint;
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "NET005",
    name: "container-port-mismatch",
    domain: "net",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "NET005.message-published" => "port {port} is the host port published for `{service}`; inside the network the container listens on {container}",
            "le port {port} est le port publié sur l’hôte pour `{service}` ; dans le réseau, le conteneur écoute sur {container}";
        "NET005.message" => "`{service}` does not listen on port {port}",
            "`{service}` n’écoute pas sur le port {port}";
        "NET005.note-published" => "`ports:` maps a host port to a container port for clients outside Docker; containers on the same network connect to the container port, so {port} gives `connect: connection refused`",
            "`ports:` associe un port de l’hôte à un port du conteneur pour les clients extérieurs à Docker ; les conteneurs d’un même réseau se connectent au port du conteneur, et {port} donne `connect: connection refused`";
        "NET005.note" => "as configured, `{service}` listens on {ports}: a connection to port {port} gets `connect: connection refused`",
            "d’après sa configuration, `{service}` écoute sur {ports} : une connexion au port {port} reçoit `connect: connection refused`";
        "NET005.help" => "use `{suggestion}`", "utilisez `{suggestion}`";
        "NET005.help-ports" => "use a port `{service}` listens on: {ports}",
            "utilisez un port sur lequel `{service}` écoute : {ports}";
        "NET005.label-listens" => "`{service}` listens on {ports}", "`{service}` écoute sur {ports}";
        "NET005.label-mapping" => "host port {host} → container port {container}",
            "port de l’hôte {host} → port du conteneur {container}";
    },
    check,
};

fn check(cx: &mut Ctx<'_>) {
    for r in &cx.stack.routes.compose {
        let e = &cx.stack.endpoints[r.endpoint];
        let host = &e.addr.host;
        let Some(port) = e.addr.effective_port() else {
            continue;
        };
        {
            let p = &cx.stack.compose[r.project];
            if r.host_network {
                continue;
            }
            let Some(target) = r.target.map(|t| &p.services[t]) else {
                continue;
            };
            if target.network_mode.is_some() {
                continue;
            }
            let (listen, complete) = target.listen_ports();
            if listen.contains(&port) {
                continue;
            }
            // The published host port used from inside the network.
            let published = target
                .ports
                .iter()
                .filter(|m| m.protocol.eq_ignore_ascii_case("tcp"))
                .find(|m| {
                    m.host_ports.contains(&port) && m.container_port.is_some_and(|c| c != port)
                });
            if let Some(m) = published {
                let container = m.container_port.unwrap();
                // For a range `9000-9002:8000-8002` the matching container port.
                let container = m
                    .host_ports
                    .iter()
                    .position(|h| *h == port)
                    .map_or(container, |i| container.saturating_add(i as u16));
                let d = cx.report(
                    e.file,
                    e.port_span(),
                    msg!(
                        "NET005.message-published",
                        port = port,
                        service = target.name,
                        container = container
                    ),
                );
                d.note(msg!("NET005.note-published", port = port));
                d.help(msg!(
                    "NET005.help",
                    suggestion = suggestion(e, host, container)
                ));
                d.related(
                    m.file,
                    m.span,
                    msg!("NET005.label-mapping", host = port, container = container),
                );
                continue;
            }
            if !complete || listen.is_empty() || configured_elsewhere(target, port) {
                continue;
            }
            let ports = listen
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            let d = cx.report(
                e.file,
                e.port_span(),
                msg!("NET005.message", service = target.name, port = port),
            );
            d.note(msg!(
                "NET005.note",
                service = target.name,
                ports = ports,
                port = port
            ));
            if let [only] = listen.as_slice() {
                d.help(msg!("NET005.help", suggestion = suggestion(e, host, *only)));
            } else {
                d.help(msg!(
                    "NET005.help-ports",
                    service = target.name,
                    ports = ports
                ));
            }
            d.related(
                target.file,
                target.name_span,
                msg!("NET005.label-listens", service = target.name, ports = ports),
            );
        }
    }
}

fn suggestion(e: &Endpoint, host: &str, port: u16) -> String {
    match &e.addr.scheme {
        Some(s) if e.raw.contains("://") => format!("{s}://{host}:{port}{}", e.addr.path),
        _ => format!("{host}:{port}"),
    }
}

/// The port may be set in a way `listen_ports` does not read: a `--port`-like flag or a
/// listen setting in the command, or the port number in the command or environment.
fn configured_elsewhere(s: &diagnose_model::compose::Service, port: u16) -> bool {
    let p = port.to_string();
    let has_port = |v: &str| v.split(|c: char| !c.is_ascii_digit()).any(|x| x == p);
    s.command.iter().any(|c| {
        let l = c.to_ascii_lowercase();
        has_port(c) || l.contains("port") || l.contains("listen")
    }) || s
        .environment
        .iter()
        .any(|(k, v)| has_port(&v.value) || k.to_ascii_uppercase().contains("PORT"))
}
