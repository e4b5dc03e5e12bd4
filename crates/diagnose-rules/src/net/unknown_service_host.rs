use super::common::{closest, network_owner, on_shared_network, placeholder_in_host};
use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::compose::{ComposeProject, Service};
use diagnose_syntax::Node;
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "NET003",
    name: "unknown-service-host",
    domain: "net",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "NET003.message" => "`{host}` is not a service of the compose project of `{caller}`",
            "`{host}` n’est pas un service du projet compose de `{caller}`";
        "NET003.note" => "a container resolves names through Docker's embedded DNS (127.0.0.11), which knows the services, aliases, container names and host names on its networks; any other single name fails with `lookup {host} on 127.0.0.11:53: no such host`",
            "un conteneur résout les noms par le DNS intégré de Docker (127.0.0.11), qui connaît les services, alias, noms de conteneur et noms d’hôte de ses réseaux ; tout autre nom simple échoue avec `lookup {host} on 127.0.0.11:53: no such host`";
        "NET003.help-closest" => "did you mean `{name}`?", "vouliez-vous dire `{name}` ?";
        "NET003.help-other-project" => "`{host}` is a service of the compose project in `{dir}`, which runs on its own network: define both in one project, or attach both to a shared external network",
            "`{host}` est un service du projet compose de `{dir}`, qui a son propre réseau : définissez les deux dans un même projet, ou reliez-les à un réseau externe commun";
        "NET003.help-list" => "use one of the names the project defines: {names}",
            "utilisez l’un des noms que définit le projet : {names}";
        "NET003.help-none" => "use a service name of the project, or the full DNS name or IP address of the machine",
            "utilisez un nom de service du projet, ou le nom DNS complet ou l’adresse IP de la machine";
        "NET003.label" => "`{caller}` reads this file", "`{caller}` lit ce fichier";
        "NET003.message-other-file" => "`{host}` is not a service of the compose project of `{caller}`, but `{file}` defines it",
            "`{host}` n’est pas un service du projet compose de `{caller}`, mais `{file}` le définit";
        "NET003.note-other-file" => "neither file has a name `docker compose` reads by default (`compose.yaml`, `docker-compose.yml`, their override files): such files are given with `-f`, often several in one project (`docker compose -f {file} -f {caller_file} up`), where `{host}` resolves, so this is an info",
            "aucun des deux fichiers ne porte un nom que `docker compose` lit par défaut (`compose.yaml`, `docker-compose.yml`, leurs fichiers override) : de tels fichiers sont passés avec `-f`, souvent plusieurs dans un même projet (`docker compose -f {file} -f {caller_file} up`), où `{host}` se résout, d’où une simple info";
        "NET003.help-other-file" => "if the two files run as separate projects, define both services in one project, or attach both to a shared external network",
            "si les deux fichiers tournent comme des projets distincts, définissez les deux services dans un même projet, ou reliez-les à un réseau externe commun";
    },
    check,
};

fn check(cx: &mut Ctx<'_>) {
    for r in &cx.stack.routes.compose {
        let e = &cx.stack.endpoints[r.endpoint];
        let host = &e.addr.host;
        if e.addr.is_ip() || e.addr.is_loopback() || placeholder_in_host(host).is_some() {
            continue;
        }
        // The host's resolver, or no project network: not ours to judge.
        if r.host_network || !r.project_network || r.target.is_some() {
            continue;
        }
        // A file two compose projects read (a main stack and a variant beside it): the
        // name resolves in the stack it was written for, so the variant is not evidence.
        if cx
            .stack
            .routes
            .compose
            .iter()
            .any(|o| o.endpoint == r.endpoint && o.project != r.project && o.target.is_some())
            || read_by_a_project_defining(cx, e.file, host)
        {
            continue;
        }
        {
            let (pi, si) = (r.project, r.caller);
            let p = &cx.stack.compose[pi];
            let caller = &p.services[si];
            if known_names(p, caller)
                .iter()
                .any(|n| n.eq_ignore_ascii_case(host))
            {
                continue;
            }
            // `<stack>_<service>`: the names Swarm gives; `<project>_<service>_1` and
            // `<project>-<service>-1`: the container names Compose v1 and v2 give.
            if p.services.iter().any(|s| {
                host.len() > s.name.len() + 1
                    && host.ends_with(&s.name)
                    && host.as_bytes()[host.len() - s.name.len() - 1] == b'_'
            }) || p.container_named(host).is_some()
            {
                continue;
            }
            // Containers of other projects on an external (or explicitly named) network
            // resolve too.
            if on_shared_network(cx.ws, p, caller) || has_external_links(caller) {
                continue;
            }
            // Compose files with names of their own are given with `-f`, often several at
            // once (`docker compose -f app/app.yml -f monitoring/prometheus.yml up`): a
            // service such a file of the folder defines may be in the caller's project.
            if let Some(file) = run_together(cx, pi, caller, host) {
                let caller_file = cx.ws.file(caller.file).path.clone();
                let d = cx.report(
                    e.file,
                    e.host_span(),
                    msg!(
                        "NET003.message-other-file",
                        host = host,
                        caller = caller.name,
                        file = file
                    ),
                );
                d.severity = Severity::Info;
                d.note(msg!(
                    "NET003.note-other-file",
                    file = file,
                    caller_file = caller_file,
                    host = host
                ));
                d.help(msg!("NET003.help-other-file"));
                d.related(
                    caller.file,
                    caller.name_span,
                    msg!("NET003.label", caller = caller.name),
                );
                continue;
            }
            let mut names: Vec<&str> = p.services.iter().map(|s| s.name.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            let other = cx
                .stack
                .compose
                .iter()
                .enumerate()
                .find(|(i, q)| *i != pi && q.find_host(host).is_some())
                .map(|(_, q)| q.dir.clone())
                .or_else(|| {
                    let q = cx
                        .stack
                        .elsewhere
                        .iter()
                        .find(|q| q.find_host(host).is_some());
                    q.map(|q| q.dir.clone())
                });
            let d = cx.report(
                e.file,
                e.host_span(),
                msg!("NET003.message", host = host, caller = caller.name),
            );
            d.note(msg!("NET003.note", host = host));
            if let Some(dir) = other {
                let dir = if dir.is_empty() { ".".to_string() } else { dir };
                d.help(msg!("NET003.help-other-project", host = host, dir = dir));
            } else if let Some(name) = closest(host, &names).or_else(|| {
                let all: Vec<&str> = p.services.iter().flat_map(Service::dns_names).collect();
                closest(host, &all)
            }) {
                d.help(msg!("NET003.help-closest", name = name));
            } else if !names.is_empty() && names.len() <= 8 {
                let list = names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                d.help(msg!("NET003.help-list", names = list));
            } else {
                d.help(msg!("NET003.help-none"));
            }
            d.related(
                caller.file,
                caller.name_span,
                msg!("NET003.label", caller = caller.name),
            );
        }
    }
}

/// Whether a compose project checked as another stack bind-mounts the file (or a folder
/// holding it) and defines `host`.
fn read_by_a_project_defining(
    cx: &Ctx<'_>,
    file: diagnose_syntax::source::FileId,
    host: &str,
) -> bool {
    use diagnose_model::compose::MountKind;
    let path = &cx.ws.file(cx.ws.root_file(file)).path;
    cx.stack.elsewhere.iter().any(|q| {
        q.find_host(host).is_some()
            && q.services.iter().flat_map(|s| &s.mounts).any(|m| {
                matches!(m.kind, MountKind::Bind | MountKind::Config)
                    && diagnose_syntax::paths::strip_dir(path, &m.source).is_some()
            })
    })
}

/// The file that defines `host` in another compose project of the checked folder, when
/// neither that file nor the caller's has a name compose reads by default: files named
/// apart are run with `-f`, possibly together. Two default names are two projects (a
/// `broken/` and a `fixed/` copy), each run with `docker compose up` in its folder.
fn run_together(cx: &Ctx<'_>, project: usize, caller: &Service, host: &str) -> Option<String> {
    if default_compose_name(cx.ws.file(caller.file).name()) {
        return None;
    }
    cx.stack
        .compose
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != project)
        .map(|(_, q)| q)
        .chain(cx.stack.elsewhere.iter().map(|p| &**p))
        .filter_map(|q| q.find_host(host))
        .map(|s| cx.ws.file(s.file))
        .find(|f| !default_compose_name(f.name()))
        .map(|f| f.path.clone())
}

/// `compose.yaml`, `docker-compose.yml` and their override files: what `docker compose`
/// reads in a folder without `-f`.
fn default_compose_name(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "compose.yaml"
            | "compose.yml"
            | "docker-compose.yaml"
            | "docker-compose.yml"
            | "compose.override.yaml"
            | "compose.override.yml"
            | "docker-compose.override.yaml"
            | "docker-compose.override.yml"
    )
}

/// Every name the caller's container can resolve inside its project: services, aliases,
/// container names and host names of the project, `links:` aliases and `extra_hosts`.
fn known_names<'a>(p: &'a ComposeProject, caller: &'a Service) -> Vec<&'a str> {
    let mut v: Vec<&str> = p.services.iter().flat_map(Service::dns_names).collect();
    for s in [Some(caller), network_owner(p, caller)]
        .into_iter()
        .flatten()
    {
        for h in &s.extra_hosts {
            if let Some((name, _)) = h.value.split_once([':', '=']) {
                v.push(name.trim());
            }
        }
        for l in s.node.get("links").map(Node::items).unwrap_or_default() {
            if let Some(l) = l.as_str() {
                v.extend(l.split(':').map(str::trim));
            }
        }
    }
    v
}

fn has_external_links(s: &Service) -> bool {
    s.node.get("external_links").is_some()
}
