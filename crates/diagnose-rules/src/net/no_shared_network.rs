use super::common::{network_owner, networks_label, service_networks};
use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "NET004",
    name: "no-shared-network",
    domain: "net",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "NET004.message" => "`{caller}` and `{target}` share no network, so `{host}` does not resolve in `{caller}`",
            "`{caller}` et `{target}` n’ont aucun réseau en commun : `{host}` ne se résout pas dans `{caller}`";
        "NET004.note" => "Docker's embedded DNS answers a service name only to containers on a network of that service; a service that lists `networks:` is only on those, one that lists none is on `default`: `lookup {host} on 127.0.0.11:53: no such host`",
            "le DNS intégré de Docker ne répond pour un service qu’aux conteneurs d’un réseau de ce service ; un service qui liste des `networks:` n’est que sur ceux-là, un service qui n’en liste aucun est sur `default` : `lookup {host} on 127.0.0.11:53: no such host`";
        "NET004.help" => "add `{network}` to the `networks:` of `{caller}`",
            "ajoutez `{network}` aux `networks:` de `{caller}`";
        "NET004.label" => "`{service}` is on {networks}", "`{service}` est sur {networks}";
    },
    check,
};

fn check(cx: &mut Ctx<'_>) {
    for r in &cx.stack.routes.compose {
        let e = &cx.stack.endpoints[r.endpoint];
        let host = &e.addr.host;
        {
            let p = &cx.stack.compose[r.project];
            let caller = &p.services[r.caller];
            let Some(target) = r.target.map(|t| &p.services[t]) else {
                continue;
            };
            if target.name == caller.name || r.host_network {
                continue;
            }
            // A target outside the project networks (`network_mode: host`, `service:`)
            // is another problem; so is a caller without project networks.
            if target.network_mode.is_some() {
                continue;
            }
            let (Some(cn), Some(tn)) = (
                service_networks(cx.ws, p, caller),
                service_networks(cx.ws, p, target),
            ) else {
                continue;
            };
            if cn.is_empty()
                || tn.is_empty()
                || cn.iter().any(|(_, c)| tn.iter().any(|(_, t)| t == c))
            {
                continue;
            }
            let list = |v: &[(String, String)]| {
                v.iter()
                    .map(|(k, _)| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let (cf, cs) = networks_label(cx.ws, p, caller);
            let (tf, ts) = networks_label(cx.ws, p, target);
            let d = cx.report(
                e.file,
                e.host_span(),
                msg!(
                    "NET004.message",
                    caller = caller.name,
                    target = target.name,
                    host = host
                ),
            );
            d.note(msg!("NET004.note", host = host));
            let owner = network_owner(p, caller).unwrap_or(caller);
            d.help(msg!("NET004.help", network = tn[0].0, caller = owner.name));
            d.related(
                cf,
                cs,
                msg!("NET004.label", service = caller.name, networks = list(&cn)),
            );
            d.related(
                tf,
                ts,
                msg!("NET004.label", service = target.name, networks = list(&tn)),
            );
        }
    }
}
