//! Anonymous access to Grafana with a role that can change it, or on a published port.
//! Reads the runtime view ([`diagnose_model::runtime`]): each Grafana container's
//! environment and where it is declared.

use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::runtime::Place;
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "GRAF010",
    name: "grafana-anonymous-admin",
    domain: "grafana",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "GRAF010.message-role" => "anonymous visitors of `{container}` get the `{role}` role",
            "les visiteurs anonymes de `{container}` reçoivent le rôle `{role}`";
        "GRAF010.message-published" => "anonymous access to `{container}` is enabled on a published port",
            "l’accès anonyme à `{container}` est activé sur un port publié";
        "GRAF010.note-role" => "anyone who reaches the port can then change dashboards, and with `Admin` also data sources, users and settings, without logging in",
            "quiconque atteint le port peut alors modifier les tableaux de bord, et avec `Admin` aussi les sources de données, les utilisateurs et les réglages, sans se connecter";
        "GRAF010.note-published" => "every dashboard and every query of the data sources is open to anyone who reaches the host's port",
            "chaque tableau de bord et chaque requête des sources de données sont ouverts à quiconque atteint le port de l’hôte";
        "GRAF010.help-role" => "keep `GF_AUTH_ANONYMOUS_ORG_ROLE=Viewer` (the default), or turn anonymous access off",
            "gardez `GF_AUTH_ANONYMOUS_ORG_ROLE=Viewer` (la valeur par défaut), ou désactivez l’accès anonyme";
        "GRAF010.help-published" => "publish the port on `127.0.0.1` only, or turn anonymous access off if the host is reachable by others",
            "publiez le port sur `127.0.0.1` seulement, ou désactivez l’accès anonyme si d’autres peuvent atteindre l’hôte";
        "GRAF010.label-enabled" => "anonymous access enabled here", "accès anonyme activé ici";
        "GRAF010.label-port" => "published here", "publié ici";
    },
    check,
};

/// Values Grafana's ini reader (`go-ini` `MustBool`) reads as true.
fn truthy(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "1" | "t" | "true" | "y" | "yes" | "on"
    )
}

fn check(cx: &mut Ctx<'_>) {
    let stack = cx.stack;
    for c in stack.containers.iter().filter(|c| c.program == "grafana") {
        let Some(enabled) = c.env("GF_AUTH_ANONYMOUS_ENABLED") else {
            continue;
        };
        if !truthy(&enabled.value) {
            continue;
        }
        let role = c.env("GF_AUTH_ANONYMOUS_ORG_ROLE");
        if let Some(role) = role.filter(|r| matches!(r.value.trim(), "Admin" | "Editor")) {
            cx.report(
                role.file,
                role.span,
                msg!(
                    "GRAF010.message-role",
                    container = c.name.clone(),
                    role = role.value.trim().to_string()
                ),
            )
            .note(msg!("GRAF010.note-role"))
            .help(msg!("GRAF010.help-role"))
            .related(enabled.file, enabled.span, msg!("GRAF010.label-enabled"));
            continue;
        }
        // A published port: compose `ports:` with a host port not bound to loopback.
        let Place::Compose { project, service } = c.place else {
            continue;
        };
        let svc = &stack.compose[project].services[service];
        let published = svc.ports.iter().find(|p| {
            !p.host_ports.is_empty()
                && !p
                    .host_ip
                    .as_deref()
                    .is_some_and(|ip| ip.starts_with("127.") || ip == "::1" || ip == "localhost")
        });
        if let Some(port) = published {
            let d = cx.report(
                enabled.file,
                enabled.span,
                msg!("GRAF010.message-published", container = c.name.clone()),
            );
            d.severity = Severity::Warning;
            d.note(msg!("GRAF010.note-published"))
                .help(msg!("GRAF010.help-published"))
                .related(port.file, port.span, msg!("GRAF010.label-port"));
        }
    }
}
