use super::common::{compose_callers, service_decls};
use crate::diagnostic::{Applicability, Edit, Severity};
use crate::{Ctx, FixKind, Rule};
use diagnose_model::compose::{ComposeProject, Service};
use diagnose_model::workspace::Workspace;
use diagnose_syntax::source::{FileId, Span};
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "NET002",
    name: "host-docker-internal-without-host-gateway",
    domain: "net",
    severity: Severity::Error,
    fix: FixKind::Safe,
    messages: texts! {
        "NET002.message" => "`host.docker.internal` does not resolve in the `{caller}` container on Linux Docker Engine",
            "`host.docker.internal` n’existe pas dans le conteneur `{caller}` avec Docker Engine sous Linux";
        "NET002.note" => "Docker Desktop defines `host.docker.internal`, Docker Engine on Linux does not: there the lookup fails with `lookup host.docker.internal on 127.0.0.11:53: no such host` unless the service maps the name in `extra_hosts`",
            "Docker Desktop définit `host.docker.internal`, pas Docker Engine sous Linux : la résolution y échoue avec `lookup host.docker.internal on 127.0.0.11:53: no such host`, sauf si le service déclare ce nom dans `extra_hosts`";
        "NET002.help" => "add `extra_hosts: [\"host.docker.internal:host-gateway\"]` to the `{service}` service (Docker 20.10 or later)",
            "ajoutez `extra_hosts: [\"host.docker.internal:host-gateway\"]` au service `{service}` (Docker 20.10 ou plus récent)";
        "NET002.help-host-network" => "`{caller}` uses `network_mode: host`: `localhost` reaches the host directly, or add `extra_hosts: [\"host.docker.internal:host-gateway\"]`",
            "`{caller}` utilise `network_mode: host` : `localhost` joint directement l’hôte, sinon ajoutez `extra_hosts: [\"host.docker.internal:host-gateway\"]`";
        "NET002.label" => "the `{service}` service has no `host.docker.internal` entry in `extra_hosts`",
            "le service `{service}` n’a pas d’entrée `host.docker.internal` dans `extra_hosts`";
        "NET002.fix" => "map `host.docker.internal` to `host-gateway` in the `extra_hosts` of `{service}`",
            "associer `host.docker.internal` à `host-gateway` dans les `extra_hosts` de `{service}`";
    },
    check,
};

const HOST: &str = "host.docker.internal";

fn check(cx: &mut Ctx<'_>) {
    for e in &cx.stack.endpoints {
        if !e.addr.host.eq_ignore_ascii_case(HOST) {
            continue;
        }
        if super::common::address_rewritten(cx.stack, e)
            || super::common::browser_access(cx.stack, e)
        {
            continue;
        }
        for (pi, si) in compose_callers(cx.stack, e) {
            let p = &cx.stack.compose[pi];
            let caller = &p.services[si];
            // With `network_mode: service:x` the container shares x's network namespace
            // and its /etc/hosts: x must map the name (`extra_hosts` is refused on the
            // caller itself).
            let mut owner = caller;
            let mut hops = 0;
            while let Some(name) = owner
                .network_mode
                .as_ref()
                .and_then(|m| m.value.strip_prefix("service:"))
            {
                match p.service(name.trim()) {
                    Some(s) if hops < 8 => {
                        owner = s;
                        hops += 1;
                    }
                    _ => break,
                }
            }
            if owner
                .network_mode
                .as_ref()
                .is_some_and(|m| m.value.starts_with("container:") || m.value == "none")
            {
                continue;
            }
            if owner.has_extra_host(HOST) {
                continue;
            }
            let host_net = owner.host_network();
            let fix = if host_net || owner.name != caller.name {
                None
            } else {
                extra_hosts_edit(cx.ws, p, owner)
            };
            let d = cx.report(
                e.file,
                e.host_span(),
                msg!("NET002.message", caller = caller.name),
            );
            d.note(msg!("NET002.note"));
            d.related(
                owner.file,
                owner.name_span,
                msg!("NET002.label", service = owner.name),
            );
            if host_net {
                d.help(msg!("NET002.help-host-network", caller = owner.name));
            } else {
                d.help(msg!("NET002.help", service = owner.name));
            }
            if let Some(edit) = fix {
                d.fix(
                    msg!("NET002.fix", service = owner.name),
                    Applicability::Safe,
                    vec![edit],
                );
            }
        }
    }
}

/// An edit that maps `host.docker.internal` to `host-gateway` in the service: a new item
/// of an existing block `extra_hosts` list or mapping, or a new `extra_hosts` key after the
/// service's last key. `None` when the layout is not plain block YAML.
fn extra_hosts_edit(ws: &Workspace, p: &ComposeProject, svc: &Service) -> Option<Edit> {
    let decls = service_decls(ws, p, &svc.name);
    // The declaration that already has `extra_hosts`, else the first one.
    let (file, key, node) = decls
        .iter()
        .rev()
        .find(|(_, _, v)| v.entry("extra_hosts").is_some())
        .or(decls.first())
        .copied()?;
    let text = &ws.file(file).text;
    if !node.is_map() || text.as_bytes().get(node.span.start as usize) == Some(&b'{') {
        return None;
    }
    // Only the entries written inside this mapping (not merged in with `<<`).
    let own: Vec<_> = node
        .entries()
        .iter()
        .filter(|e| e.key.span.start >= key.span.end && e.key.span.start < node.span.end.max(1))
        .collect();
    let first = own.iter().min_by_key(|e| e.key.span.start)?;
    let key_col = column_if_line_start(text, first.key.span.start as usize)?;
    if let Some(eh) = node.entry("extra_hosts") {
        if !own.iter().any(|e| e.key.span == eh.key.span) {
            return None;
        }
        let v = &eh.value;
        if text.as_bytes().get(v.span.start as usize) == Some(&b'[')
            || text.as_bytes().get(v.span.start as usize) == Some(&b'{')
        {
            return None;
        }
        if v.is_seq() {
            let last = v.items().last()?;
            let first_item = v.items().first()?;
            // Column of the `-` of the first item.
            let dash = text[..first_item.span.start as usize].rfind('-')?;
            let dash_col = column_if_line_start(text, dash)?;
            let at = end_of_line(text, last.span.end as usize);
            return Some(insertion(
                file,
                text,
                at,
                &format!("{}- \"{HOST}:host-gateway\"", " ".repeat(dash_col)),
            ));
        }
        if v.is_map() {
            let last = v.entries().iter().max_by_key(|e| e.value.span.end)?;
            let first_key = v.entries().iter().min_by_key(|e| e.key.span.start)?;
            let col = column_if_line_start(text, first_key.key.span.start as usize)?;
            let at = end_of_line(text, last.value.span.end.max(last.key.span.end) as usize);
            return Some(insertion(
                file,
                text,
                at,
                &format!("{}{HOST}: host-gateway", " ".repeat(col)),
            ));
        }
        return None;
    }
    // Indentation of list items under a key in this service (0 or 2 more than the key).
    let item_offset = own
        .iter()
        .filter(|e| e.value.is_seq())
        .find_map(|e| {
            let first = e.value.items().first()?;
            let dash = text[..first.span.start as usize].rfind('-')?;
            let col = column_if_line_start(text, dash)?;
            (col >= key_col).then(|| col - key_col)
        })
        .unwrap_or(2);
    let last = own
        .iter()
        .max_by_key(|e| e.value.span.end.max(e.key.span.end))?;
    let at = end_of_line(text, last.value.span.end.max(last.key.span.end) as usize);
    let indent = " ".repeat(key_col);
    let item = " ".repeat(key_col + item_offset);
    Some(insertion(
        file,
        text,
        at,
        &format!("{indent}extra_hosts:\n{item}- \"{HOST}:host-gateway\""),
    ))
}

/// Column of `at` when only spaces precede it on its line.
fn column_if_line_start(text: &str, at: usize) -> Option<usize> {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[start..at];
    before.chars().all(|c| c == ' ').then_some(at - start)
}

/// Where to insert new lines after the line holding offset `at`: the end of that line
/// (before its newline). When `at` is already at a line start (a block scalar ends with
/// its newline), the end of the previous line.
fn end_of_line(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    let nl = if at > 0 && text.as_bytes()[at - 1] == b'\n' {
        at - 1
    } else {
        text[at..].find('\n').map_or(text.len(), |i| at + i)
    };
    // Before the `\r` of a CRLF line end.
    if nl > 0 && text.as_bytes().get(nl - 1) == Some(&b'\r') {
        nl - 1
    } else {
        nl
    }
}

/// Inserts `lines` (`\n`-separated) as new lines at `at`, with the file's line ends.
fn insertion(file: FileId, text: &str, at: usize, lines: &str) -> Edit {
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    Edit {
        file,
        span: Span::empty(at),
        replacement: format!("{nl}{}", lines.replace('\n', nl)),
    }
}
