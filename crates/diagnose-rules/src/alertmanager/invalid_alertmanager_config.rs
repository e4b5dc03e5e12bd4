use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::workspace::Kind;
use diagnose_syntax::source::Span;
use diagnose_syntax::Node;
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "AM001",
    name: "invalid-alertmanager-config",
    domain: "alertmanager",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "AM001.no-route" => "the Alertmanager config has no `route`", "la configuration d’Alertmanager n’a pas de `route`";
        "AM001.no-route.note" => "Alertmanager refuses to start: `no routes provided`", "Alertmanager refuse de démarrer\u{a0}: `no routes provided`";
        "AM001.no-receiver" => "the root `route` has no default `receiver`", "la `route` racine n’a pas de `receiver` par défaut";
        "AM001.no-receiver.note" => "Alertmanager refuses the config: `root route must specify a default receiver`; alerts that no sub-route matches go to this receiver",
            "Alertmanager refuse la configuration\u{a0}: `root route must specify a default receiver`\u{a0}; les alertes qu’aucune sous-route ne prend vont à ce receiver";
        "AM001.root-matchers" => "the root `route` has `{key}`, but it must match every alert", "la `route` racine a `{key}`, alors qu’elle doit accepter toutes les alertes";
        "AM001.root-matchers.note" => "Alertmanager refuses the config: `root route must not have any matchers`; put matchers on sub-routes under `routes:`",
            "Alertmanager refuse la configuration\u{a0}: `root route must not have any matchers`\u{a0}; mettez les conditions sur des sous-routes dans `routes:`";
        "AM001.undefined-receiver" => "receiver `{name}` is used in a route but defined in no `receivers` entry", "le receiver `{name}` est utilisé dans une route mais n’est défini dans aucune entrée de `receivers`";
        "AM001.undefined-receiver.note" => "Alertmanager refuses the config: `undefined receiver \"{name}\" used in route`", "Alertmanager refuse la configuration\u{a0}: `undefined receiver \"{name}\" used in route`";
        "AM001.did-you-mean" => "did you mean `{name}`?", "vouliez-vous dire `{name}`\u{a0}?";
        "AM001.define-receiver" => "add `- name: {name}` under `receivers:`", "ajoutez `- name: {name}` sous `receivers:`";
        "AM001.duplicate-receiver" => "receiver name `{name}` is defined twice", "le nom de receiver `{name}` est défini deux fois";
        "AM001.duplicate-receiver.note" => "Alertmanager refuses the config: `notification config name \"{name}\" is not unique`", "Alertmanager refuse la configuration\u{a0}: `notification config name \"{name}\" is not unique`";
        "AM001.first-definition" => "first defined here", "première définition ici";
        "AM001.missing-name" => "a receiver has no `name`", "un receiver n’a pas de `name`";
        "AM001.missing-name.note" => "Alertmanager refuses the config: `missing name in receiver`", "Alertmanager refuse la configuration\u{a0}: `missing name in receiver`";
    },
    check,
};

/// Receiver names used by a route and its sub-routes.
fn used_receivers<'a>(route: &'a Node, out: &mut Vec<&'a Node>) {
    if let Some(r) = route.get("receiver").filter(|r| r.as_str().is_some()) {
        out.push(r);
    }
    for sub in route.get("routes").map(Node::items).unwrap_or_default() {
        used_receivers(sub, out);
    }
}

fn check(cx: &mut Ctx<'_>) {
    for doc in cx.ws.docs_of(Kind::Alertmanager) {
        let root = &doc.root;
        let f = doc.file;
        // Templated configs (Helm, jsonnet, the operator's) are not Alertmanager's input yet.
        if cx.ws.file(f).text.contains("{{ .Values") {
            continue;
        }
        let Some(route) = root.get("route") else {
            let first = root
                .entries()
                .first()
                .map_or(Span::empty(0), |e| e.key.span);
            cx.report(f, first, msg!("AM001.no-route"))
                .note(msg!("AM001.no-route.note"));
            continue;
        };
        let route_key = root.entry("route").map_or(route.span, |e| e.key.span);
        if route.get("receiver").and_then(Node::as_str).is_none() {
            cx.report(f, route_key, msg!("AM001.no-receiver"))
                .note(msg!("AM001.no-receiver.note"));
        }
        for key in ["match", "match_re", "matchers"] {
            if let Some(e) = route.entry(key).filter(|e| {
                !e.value.is_null()
                    && (e.value.is_map() && !e.value.entries().is_empty()
                        || !e.value.items().is_empty())
            }) {
                cx.report(f, e.key.span, msg!("AM001.root-matchers", key = key))
                    .note(msg!("AM001.root-matchers.note"));
            }
        }
        let receivers = root.get("receivers").map(Node::items).unwrap_or_default();
        let mut names: Vec<(&str, Span)> = Vec::new();
        for r in receivers {
            match r.get("name").and_then(Node::as_str) {
                None => {
                    cx.report(
                        f,
                        r.span.sub(0, 0).sub(0, 1.min(r.span.len())),
                        msg!("AM001.missing-name"),
                    )
                    .note(msg!("AM001.missing-name.note"));
                }
                Some(n) => {
                    let span = r.get("name").unwrap().span;
                    if let Some((_, first)) = names.iter().find(|(m, _)| *m == n) {
                        let first = *first;
                        cx.report(f, span, msg!("AM001.duplicate-receiver", name = n))
                            .related(f, first, msg!("AM001.first-definition"))
                            .note(msg!("AM001.duplicate-receiver.note", name = n));
                    } else {
                        names.push((n, span));
                    }
                }
            }
        }
        let mut used = Vec::new();
        used_receivers(route, &mut used);
        for u in used {
            let name = u.as_str().unwrap_or("");
            if names.iter().any(|(n, _)| *n == name) {
                continue;
            }
            let d = cx.report(f, u.span, msg!("AM001.undefined-receiver", name = name));
            d.note(msg!("AM001.undefined-receiver.note", name = name));
            let limit = 2.max(name.len() / 4);
            match crate::schema::closest(name, names.iter().map(|(n, _)| *n), limit) {
                Some(n) => {
                    d.help(msg!("AM001.did-you-mean", name = n));
                }
                None => {
                    d.help(msg!("AM001.define-receiver", name = name));
                }
            }
        }
    }
}
