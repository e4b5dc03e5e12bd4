use crate::diagnostic::Severity;
use crate::net::common::project_roots;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::compose::{ComposeProject, PortMapping, Service};
use diagnose_syntax::source::FileId;
use diagnose_syntax::Node;
use diagnose_text::{msg, texts};
use std::net::IpAddr;

pub static RULE: Rule = Rule {
    code: "DC001",
    name: "host-port-clash",
    domain: "compose",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "DC001.message" => "host port {port}/{protocol} is already published by the `{other}` service",
            "le port {port}/{protocol} de l’hôte est déjà publié par le service `{other}`";
        "DC001.note" => "a host port can be bound only once per address: the second container does not start (`Bind for 0.0.0.0:{port} failed: port is already allocated`)",
            "un port de l’hôte ne peut être lié qu’une fois par adresse : le second conteneur ne démarre pas (`Bind for 0.0.0.0:{port} failed: port is already allocated`)";
        "DC001.help" => "publish another host port for `{service}`, for example `{suggestion}`",
            "publiez un autre port de l’hôte pour `{service}`, par exemple `{suggestion}`";
        "DC001.help-plain" => "publish another host port for `{service}`",
            "publiez un autre port de l’hôte pour `{service}`";
        "DC001.label" => "`{other}` publishes host port {port} here",
            "`{other}` publie le port {port} de l’hôte ici";
    },
    check,
};

/// The host address a mapping binds.
#[derive(Clone, Debug, PartialEq)]
enum Bind {
    /// No address: every IPv4 and IPv6 address.
    All,
    AllV4,
    AllV6,
    Ip(IpAddr),
    Other(String),
}

fn bind(m: &PortMapping) -> Bind {
    let ip = m
        .host_ip
        .as_deref()
        .map(|s| s.trim().trim_start_matches('[').trim_end_matches(']'))
        .unwrap_or("");
    match ip {
        "" => Bind::All,
        "0.0.0.0" => Bind::AllV4,
        "::" => Bind::AllV6,
        s => match s.parse::<IpAddr>() {
            Ok(a) => Bind::Ip(a),
            Err(_) => Bind::Other(s.to_string()),
        },
    }
}

fn overlap(a: &Bind, b: &Bind) -> bool {
    use Bind::*;
    match (a, b) {
        (All, _) | (_, All) => true,
        (AllV4, AllV4) | (AllV6, AllV6) => true,
        (AllV4, Ip(x)) | (Ip(x), AllV4) => x.is_ipv4(),
        (AllV6, Ip(x)) | (Ip(x), AllV6) => x.is_ipv6(),
        (Ip(x), Ip(y)) => x == y,
        (Other(x), Other(y)) => x == y,
        _ => false,
    }
}

fn profiles(s: &Service) -> Vec<&str> {
    s.node
        .get("profiles")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(Node::as_str)
        .collect()
}

/// Two services that can run together: neither has profiles, or one runs always, or their
/// profiles meet.
fn can_run_together(a: &Service, b: &Service) -> bool {
    let (pa, pb) = (profiles(a), profiles(b));
    pa.is_empty() || pb.is_empty() || pa.iter().any(|x| pb.contains(x))
}

/// Whether two compose files of a folder run together. The model merges every compose
/// file of a folder, but a folder often holds alternatives (`docker-compose.yml` and
/// `docker-stack.yml` declaring the same services differently). Files run together when
/// one is an override, or when they declare disjoint services (a stack split in parts).
fn run_together(cx: &Ctx<'_>, p: &ComposeProject, a: FileId, b: FileId) -> bool {
    if a == b {
        return true;
    }
    let name = |f: FileId| cx.ws.file(f).name().to_ascii_lowercase();
    if name(a).contains("override") || name(b).contains("override") {
        return true;
    }
    let services = |f: FileId| -> Vec<&str> {
        project_roots(cx.ws, p)
            .into_iter()
            .filter(|(file, _)| *file == f)
            .flat_map(|(_, root)| {
                root.get("services")
                    .map(Node::entries)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|e| e.key.as_str())
            })
            .collect()
    };
    let sb = services(b);
    !services(a).iter().any(|s| sb.contains(s))
}

fn check(cx: &mut Ctx<'_>) {
    for p in &cx.stack.compose {
        check_project(cx, p);
    }
}

fn check_project(cx: &mut Ctx<'_>, p: &ComposeProject) {
    // Every published mapping, in the order compose reads them.
    let mut all: Vec<(usize, &PortMapping)> = p
        .services
        .iter()
        .enumerate()
        // With `network_mode: host`, Docker discards published ports.
        .filter(|(_, s)| !s.host_network())
        .flat_map(|(i, s)| s.ports.iter().map(move |m| (i, m)))
        .filter(|(_, m)| !m.host_ports.is_empty())
        .collect();
    let rank = |m: &PortMapping| {
        (
            p.files
                .iter()
                .position(|f| *f == m.file)
                .unwrap_or(usize::MAX),
            m.span.start,
        )
    };
    all.sort_by_key(|(_, m)| rank(m));
    let used: Vec<u16> = all
        .iter()
        .flat_map(|(_, m)| m.host_ports.iter().copied())
        .collect();
    for (k, (si, m)) in all.iter().enumerate() {
        let svc = &p.services[*si];
        let clash = all[..k].iter().find_map(|(oi, o)| {
            if oi == si
                || !run_together(cx, p, o.file, m.file)
                || !o.protocol.eq_ignore_ascii_case(&m.protocol)
                || !overlap(&bind(o), &bind(m))
                || !can_run_together(svc, &p.services[*oi])
            {
                return None;
            }
            let port = m.host_ports.iter().find(|h| o.host_ports.contains(h))?;
            Some((*oi, *o, *port))
        });
        let Some((oi, o, port)) = clash else { continue };
        let other = &p.services[oi];
        let suggestion = m.container_port.and_then(|c| {
            let free = (port.saturating_add(1)..=u16::MAX).find(|x| !used.contains(x))?;
            Some(if m.host_ports.len() == 1 {
                format!("\"{free}:{c}\"")
            } else {
                String::new()
            })
        });
        let proto = m.protocol.to_ascii_lowercase();
        let d = cx.report(
            m.file,
            m.span,
            msg!(
                "DC001.message",
                port = port,
                protocol = proto,
                other = other.name
            ),
        );
        d.note(msg!("DC001.note", port = port));
        match suggestion.filter(|s| !s.is_empty()) {
            Some(s) => d.help(msg!("DC001.help", service = svc.name, suggestion = s)),
            None => d.help(msg!("DC001.help-plain", service = svc.name)),
        };
        d.related(
            o.file,
            o.span,
            msg!("DC001.label", other = other.name, port = port),
        );
    }
}
