//! Helpers shared by the network rules: who calls an endpoint, which networks a compose
//! service is on, where a service is written, placeholders and name suggestions.

use diagnose_model::compose::{ComposeProject, Service};
use diagnose_model::workspace::{Kind, Workspace};
use diagnose_syntax::source::{FileId, Span};
use diagnose_syntax::Node;

pub use diagnose_model::resolve::{
    address_rewritten, browser_access, compose_callers, is_single_label_name, network_owner,
    uses_host_network,
};

/// A top-level network of a project: its key and the name Docker gives it (`name:`),
/// when written.
#[derive(Clone, Debug)]
pub struct NetInfo {
    pub key: String,
    pub name: Option<String>,
    pub external: bool,
}

/// Top-level networks of a project as written in its files (later files win).
pub fn project_networks(ws: &Workspace, p: &ComposeProject) -> Vec<NetInfo> {
    let mut out: Vec<NetInfo> = Vec::new();
    for (_, root) in project_roots(ws, p) {
        for e in root.get("networks").map(Node::entries).unwrap_or_default() {
            let Some(key) = e.key.as_str() else { continue };
            let ext = e.value.get("external");
            let external = ext.is_some_and(|x| x.as_bool() == Some(true) || x.is_map());
            let name = e
                .value
                .get_str("name")
                .or_else(|| ext.and_then(|x| x.get_str("name")))
                .and_then(|n| diagnose_model::compose::interpolate(n, &p.env))
                .filter(|n| !n.is_empty());
            out.retain(|n| n.key != key);
            out.push(NetInfo {
                key: key.to_string(),
                name,
                external,
            });
        }
    }
    out
}

/// The networks a service is attached to, as canonical names that compare equal when two
/// keys designate the same Docker network. `None` when the service has no project network
/// (`network_mode: host`, `none`, `container:…`).
pub fn service_networks(
    ws: &Workspace,
    p: &ComposeProject,
    svc: &Service,
) -> Option<Vec<(String, String)>> {
    let owner = network_owner(p, svc)?;
    let nets = project_networks(ws, p);
    let keys: Vec<String> = if owner.networks.explicit {
        owner.networks.names.keys().cloned().collect()
    } else {
        vec!["default".to_string()]
    };
    Some(
        keys.into_iter()
            .map(|k| {
                let canon = nets
                    .iter()
                    .find(|n| n.key == k)
                    .and_then(|n| n.name.clone())
                    .map_or_else(|| format!("key:{k}"), |n| format!("name:{n}"));
                (k, canon)
            })
            .collect(),
    )
}

/// True when one of the service's networks may hold containers of other projects: an
/// external network, or one with an explicit `name:`.
pub fn on_shared_network(ws: &Workspace, p: &ComposeProject, svc: &Service) -> bool {
    let Some(owner) = network_owner(p, svc) else {
        return false;
    };
    let nets = project_networks(ws, p);
    let keys: Vec<&str> = if owner.networks.explicit {
        owner.networks.names.keys().map(String::as_str).collect()
    } else {
        vec!["default"]
    };
    keys.iter().any(|k| {
        nets.iter()
            .any(|n| n.key == *k && (n.external || n.name.is_some()))
    })
}

/// The parsed roots of a project's compose files, in merge order.
pub fn project_roots<'a>(ws: &'a Workspace, p: &ComposeProject) -> Vec<(FileId, &'a Node)> {
    let mut out = Vec::new();
    for f in p.files.iter() {
        for d in ws.docs_of(Kind::Compose).filter(|d| d.file == *f) {
            out.push((d.file, &*d.root));
        }
    }
    out
}

/// Where a service is written: one `(file, key, value)` per compose file that declares it,
/// in merge order.
pub fn service_decls<'a>(
    ws: &'a Workspace,
    p: &ComposeProject,
    name: &str,
) -> Vec<(FileId, &'a Node, &'a Node)> {
    let mut out = Vec::new();
    for (file, root) in project_roots(ws, p) {
        if let Some(e) = root.get("services").and_then(|s| s.entry(name)) {
            out.push((file, &e.key, &e.value));
        }
    }
    out
}

/// Span of a service's `networks:` key (last declaration that has one), or of its name.
pub fn networks_label(ws: &Workspace, p: &ComposeProject, svc: &Service) -> (FileId, Span) {
    let owner = network_owner(p, svc).unwrap_or(svc);
    for (file, _, v) in service_decls(ws, p, &owner.name).into_iter().rev() {
        if let Some(e) = v.entry("networks") {
            return (file, e.key.span);
        }
    }
    (owner.file, owner.name_span)
}

/// Levenshtein distance, case-insensitive.
pub fn edit_distance(a: &str, b: &str) -> usize {
    diagnose_syntax::strings::edit_distance(&a.to_lowercase(), &b.to_lowercase())
}

/// The candidate closest to `name`, if it is close enough to be a likely typo (or one
/// contains the other, as in `node-exporter` / `nodeexporter`).
pub fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let norm = |s: &str| {
        s.to_ascii_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
    };
    let n = norm(name);
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        let d = if norm(c) == n {
            0
        } else {
            edit_distance(name, c)
        };
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    let (d, c) = best?;
    let limit = (name.chars().count().max(c.chars().count()) / 3).max(1);
    (d <= limit).then_some(c)
}

/// Words that mark a tutorial placeholder in an all-caps host (`APP_IP`, `YOUR_HOST`).
const CAPS_WORDS: &[&str] = &[
    "IP",
    "IPV4",
    "HOST",
    "HOSTNAME",
    "SERVER",
    "SERVEUR",
    "ADDRESS",
    "ADDR",
    "ADRESSE",
    "YOUR",
    "VOTRE",
    "CHANGEME",
    "PLACEHOLDER",
    "REPLACE",
    "REPLACEME",
    "TODO",
    "XXX",
    "DOMAIN",
    "DOMAINE",
    "URL",
    "CHANGE",
];

/// A secret-store reference that a deploy-time plugin replaces: argocd-vault-plugin's
/// inline path `<path:secret/data/app#key>` (IBM/argocd-vault-plugin PR #106 "Allow passing
/// <path:..> as a placeholder", now argoproj-labs/argocd-vault-plugin) and argocd-vault-replacer's
/// `<secret:store/data/path~key>` / `<vault:…>` (crumbhole/argocd-vault-replacer README).
pub fn injected_secret(value: &str) -> bool {
    ["<path:", "<secret:", "<vault:"]
        .iter()
        .any(|p| value.find(p).is_some_and(|i| value[i..].contains('>')))
}

/// The placeholder in a host, if the host is one: `<PROMETHEUS_IP>`, `APP_IP`,
/// `your-server`, `x.x.x.x`, `CHANGEME`. Returns the byte range inside `host`.
pub fn placeholder_in_host(host: &str) -> Option<(usize, usize)> {
    if host.is_empty() || host.contains('$') || host.contains('{') || host.contains('%') {
        return None;
    }
    // <anything>
    if let (Some(a), Some(b)) = (host.find('<'), host.rfind('>')) {
        if a < b {
            return Some((a, b + 1));
        }
    }
    if host.contains('<') || host.contains('>') {
        return Some((0, host.len()));
    }
    // x.x.x.x, 192.168.1.x, xxx.xxx.xxx.xxx
    let parts: Vec<&str> = host.split('.').collect();
    if parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && (p.chars().all(|c| c.is_ascii_digit())
                    || p.chars().all(|c| c == 'x' || c == 'X' || c == '*'))
        })
        && parts.iter().any(|p| !p.chars().all(|c| c.is_ascii_digit()))
    {
        return Some((0, host.len()));
    }
    let first = parts[0];
    let lower = first.to_ascii_lowercase();
    // your-server, your_host, yourdomain.com, votre-serveur, changeme, change-me
    let words: Vec<&str> = lower.split(['-', '_']).collect();
    if words[0] == "your"
        || words[0] == "votre"
        || lower.starts_with("yourdomain")
        || lower.starts_with("your-")
        || lower.starts_with("your_")
        || lower.starts_with("yourserver")
        || lower.starts_with("yourhost")
        || lower == "changeme"
        || lower == "change-me"
        || lower == "change_me"
        || lower == "replaceme"
        || lower == "replace-me"
        || lower == "replace_me"
    {
        return Some((0, first.len()));
    }
    // All caps with a placeholder word: APP_IP, PROMETHEUS_IP, IP_DU_SERVEUR, YOUR_HOST.
    if parts.len() == 1
        && first.chars().any(|c| c.is_ascii_uppercase())
        && first
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '-')
        && first.split(['_', '-']).any(|w| CAPS_WORDS.contains(&w))
    {
        return Some((0, first.len()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        for h in [
            "APP_IP",
            "PROMETHEUS_IP",
            "<PROMETHEUS_IP>",
            "IP_DU_SERVEUR",
            "YOUR_HOST",
            "CHANGEME",
            "your-server",
            "x.x.x.x",
            "192.168.1.X",
            "your-domain.com",
            "<ip>",
        ] {
            assert!(placeholder_in_host(h).is_some(), "{h}");
        }
        for h in [
            "prometheus",
            "example.com",
            "node-exporter",
            "192.168.1.10",
            "PROMETHEUS",
            "DB",
            "${HOST}",
            "my-server",
            "yourls",
            "x",
            "nodeexporter",
        ] {
            assert!(placeholder_in_host(h).is_none(), "{h}");
        }
        assert_eq!(placeholder_in_host("<PROMETHEUS_IP>"), Some((0, 15)));
    }

    #[test]
    fn suggestions() {
        assert_eq!(edit_distance("prometeus", "prometheus"), 1);
        assert_eq!(
            closest("prometeus", &["grafana", "prometheus"]),
            Some("prometheus")
        );
        assert_eq!(
            closest("node-exporter", &["nodeexporter", "grafana"]),
            Some("nodeexporter")
        );
        assert_eq!(closest("loki", &["grafana", "prometheus"]), None);
    }
}
