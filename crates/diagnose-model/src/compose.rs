//! Docker Compose projects: services, ports, networks, mounts, environment. Files in one
//! folder form one project and are merged the way `docker compose -f a -f b` merges them
//! (base files first, `*override*` last).

use super::Spanned;
use crate::workspace::{is_compose_name, Kind, Workspace};
use diagnose_syntax::paths;
use diagnose_syntax::source::{FileId, Span};
use diagnose_syntax::Node;
use std::collections::BTreeMap;

#[derive(Clone, Debug)]
pub struct PortMapping {
    pub host_ip: Option<String>,
    /// Published host ports (a range gives several). Empty when only a container port.
    pub host_ports: Vec<u16>,
    pub container_port: Option<u16>,
    pub protocol: String,
    pub file: FileId,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MountKind {
    Bind,
    Volume,
    Config,
}

#[derive(Clone, Debug)]
pub struct Mount {
    pub kind: MountKind,
    /// For binds and configs: the normalised host path relative to the analysis root.
    /// For volumes: the volume name.
    pub source: String,
    pub target: String,
    pub file: FileId,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub struct ServiceNetworks {
    /// Network name → aliases.
    pub names: BTreeMap<String, Vec<String>>,
    /// True when the service lists `networks:` (otherwise it is on `default`).
    pub explicit: bool,
}

#[derive(Clone, Debug)]
pub struct Service {
    pub name: String,
    pub file: FileId,
    pub name_span: Span,
    pub image: Option<Spanned<String>>,
    pub build: bool,
    pub container_name: Option<String>,
    pub hostname: Option<String>,
    pub ports: Vec<PortMapping>,
    pub expose: Vec<u16>,
    pub networks: ServiceNetworks,
    pub network_mode: Option<Spanned<String>>,
    pub extra_hosts: Vec<Spanned<String>>,
    pub mounts: Vec<Mount>,
    /// Environment variables (interpolated), with the span of the value.
    pub environment: Vec<(String, Spanned<String>)>,
    pub command: Vec<String>,
    /// The node of the service in its last file, for rules that need more.
    pub node: Node,
}

impl Service {
    /// The image's repository name without registry, tag or digest, lowercased:
    /// `docker.io/grafana/grafana:11.2.0` → `grafana/grafana`.
    pub fn image_repo(&self) -> Option<String> {
        self.image.as_ref().map(|i| image_repo(&i.value))
    }

    /// Last path segment of the image repository: `grafana/grafana` → `grafana`.
    pub fn image_base(&self) -> Option<String> {
        self.image_repo()
            .map(|r| r.rsplit('/').next().unwrap_or("").to_string())
    }

    pub fn env(&self, key: &str) -> Option<&Spanned<String>> {
        self.environment
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// Names under which other containers reach this service on `network`.
    pub fn dns_names(&self) -> Vec<&str> {
        let mut v = vec![self.name.as_str()];
        v.extend(self.container_name.as_deref());
        v.extend(self.hostname.as_deref());
        for aliases in self.networks.names.values() {
            v.extend(aliases.iter().map(String::as_str));
        }
        v
    }

    pub fn host_network(&self) -> bool {
        self.network_mode
            .as_ref()
            .is_some_and(|m| m.value == "host")
    }

    /// The networks this service is attached to (`default` when none are listed).
    pub fn network_names(&self) -> Vec<&str> {
        if self.network_mode.is_some() {
            return Vec::new();
        }
        if self.networks.explicit {
            self.networks.names.keys().map(String::as_str).collect()
        } else {
            vec!["default"]
        }
    }

    /// Ports the container listens on as far as the files tell: container ports of
    /// `ports:`, `expose:`, a listen address in the command or environment, and the
    /// default port of a well-known image. The flag is true when the list is known to be
    /// complete enough to call another port wrong (a well-known image, or an explicit
    /// listen address).
    pub fn listen_ports(&self) -> (Vec<u16>, bool) {
        let mut v: Vec<u16> = self.ports.iter().filter_map(|p| p.container_port).collect();
        v.extend(&self.expose);
        let mut complete = false;
        let listen_flag = self.command.iter().find_map(|c| {
            let (_, addr) = c
                .split_once("listen-address=")
                .or_else(|| c.split_once("listen_address="))?;
            addr.rsplit(':').next()?.parse::<u16>().ok()
        });
        let env_port = self
            .env("GF_SERVER_HTTP_PORT")
            .and_then(|p| p.value.parse::<u16>().ok());
        if let Some(p) = listen_flag.or(env_port) {
            v.push(p);
            complete = true;
        } else if let Some(info) = self.image_base().as_deref().and_then(super::images::info) {
            v.extend(info.ports);
            complete = true;
        }
        v.sort_unstable();
        v.dedup();
        (v, complete)
    }

    pub fn has_extra_host(&self, host: &str) -> bool {
        self.extra_hosts.iter().any(|h| {
            let v = h.value.replace('=', ":");
            v.split_once(':')
                .is_some_and(|(name, _)| name.trim() == host)
        })
    }
}

pub use crate::images::{image_repo, image_tag};

#[derive(Clone, Debug)]
pub struct NetworkDef {
    pub name: String,
    pub external: bool,
    pub file: FileId,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct ComposeProject {
    /// Folder of the project (relative to the analysis root).
    pub dir: String,
    pub files: Vec<FileId>,
    pub services: Vec<Service>,
    pub networks: Vec<NetworkDef>,
    /// Variables from the folder's `.env`.
    pub env: BTreeMap<String, String>,
    /// The project name the files pin (top-level `name:`, or `COMPOSE_PROJECT_NAME` in
    /// `.env`), normalised as compose does; `None` when compose takes the folder's name,
    /// which a clone or `-p` can change (see [`project_name`]).
    pub pinned_name: Option<String>,
}

impl ComposeProject {
    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.name == name)
    }

    /// The service a host name designates, if any.
    pub fn find_host(&self, host: &str) -> Option<&Service> {
        self.services
            .iter()
            .find(|s| s.dns_names().iter().any(|n| n.eq_ignore_ascii_case(host)))
    }

    pub fn network_is_external(&self, name: &str) -> bool {
        self.networks.iter().any(|n| n.name == name && n.external)
    }

    /// The service whose container `host` names by compose's naming of containers:
    /// `<project>_<service>_<n>` (Compose v1) or `<project>-<service>-<n>` (v2). The
    /// project part must be the pinned name when the files pin one; otherwise any valid
    /// project name is accepted, since compose takes the folder's name (or `-p`), which
    /// the files do not fix. A service with `container_name:` has that name instead.
    pub fn container_named(&self, host: &str) -> Option<&Service> {
        let h = host.to_ascii_lowercase();
        for sep in ['_', '-'] {
            let Some((rest, n)) = h.rsplit_once(sep) else {
                continue;
            };
            if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            for s in self.services.iter().filter(|s| s.container_name.is_none()) {
                let svc = s.name.to_ascii_lowercase();
                let Some(prefix) = rest
                    .strip_suffix(svc.as_str())
                    .and_then(|p| p.strip_suffix(sep))
                else {
                    continue;
                };
                let ok = match &self.pinned_name {
                    Some(name) => prefix == name,
                    None => !prefix.is_empty() && project_name(prefix) == prefix,
                };
                if ok {
                    return Some(s);
                }
            }
        }
        None
    }
}

/// A project name normalised as compose does (compose-go `loader.NormalizeProjectName`):
/// lower case, only `[a-z0-9_-]` kept, leading `_` and `-` dropped.
pub fn project_name(raw: &str) -> String {
    raw.to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '-')
        .collect::<String>()
        .trim_start_matches(['_', '-'])
        .to_string()
}

/// Parses a `.env` file.
pub fn parse_env_file(text: &str) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        if let Some((k, v)) = line.split_once('=') {
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|x| x.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')))
                .unwrap_or(v);
            m.insert(k.trim().to_string(), v.to_string());
        }
    }
    m
}

/// Compose interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`,
/// `${VAR:+alt}`, `$VAR`, `$$`. Returns `None` when a variable is unset and has no default.
pub fn interpolate(s: &str, env: &BTreeMap<String, String>) -> Option<String> {
    if !s.contains('$') {
        return Some(s.to_string());
    }
    let mut out = String::new();
    let mut rest = s;
    let mut ok = true;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let r = &rest[i + 1..];
        if let Some(r2) = r.strip_prefix('$') {
            out.push('$');
            rest = r2;
        } else if let Some(body) = r.strip_prefix('{') {
            let Some(end) = find_close(body) else {
                out.push_str(&rest[i..]);
                rest = "";
                break;
            };
            let expr = &body[..end];
            let (name, op, arg) = split_expr(expr);
            let val = env.get(name).map(String::as_str);
            let set_nonempty = val.is_some_and(|v| !v.is_empty());
            let value = match op {
                ":-" => Some(if set_nonempty {
                    val.unwrap().to_string()
                } else {
                    interpolate(arg, env)?
                }),
                "-" => Some(match val {
                    Some(v) => v.to_string(),
                    None => interpolate(arg, env)?,
                }),
                ":+" => Some(if set_nonempty {
                    interpolate(arg, env)?
                } else {
                    String::new()
                }),
                "+" => Some(if val.is_some() {
                    interpolate(arg, env)?
                } else {
                    String::new()
                }),
                _ => val.map(str::to_string),
            };
            match value {
                Some(v) => out.push_str(&v),
                None => ok = false,
            }
            rest = &body[end + 1..];
        } else {
            let n = r
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(r.len());
            if n == 0 {
                out.push('$');
                rest = r;
                continue;
            }
            match env.get(&r[..n]) {
                Some(v) => out.push_str(v),
                None => ok = false,
            }
            rest = &r[n..];
        }
    }
    out.push_str(rest);
    ok.then_some(out)
}

fn find_close(body: &str) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in body.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return Some(i),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn split_expr(expr: &str) -> (&str, &str, &str) {
    for op in [":-", ":?", ":+", "-", "?", "+"] {
        if let Some(i) = expr.find(op) {
            if expr[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                return (&expr[..i], op, &expr[i + op.len()..]);
            }
        }
    }
    (expr, "", "")
}

/// Order in which compose merges the files of one folder: base files first, overrides last.
fn merge_rank(name: &str) -> (u8, String) {
    let n = name.to_ascii_lowercase();
    let rank = if n.contains("override") {
        2
    } else if matches!(
        n.as_str(),
        "compose.yaml" | "compose.yml" | "docker-compose.yml" | "docker-compose.yaml"
    ) {
        0
    } else {
        1
    };
    (rank, n)
}

pub fn build(ws: &Workspace) -> Vec<ComposeProject> {
    let mut by_dir: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, d) in ws.docs.iter().enumerate() {
        if d.kind == Kind::Compose && ws.file(d.file).origin.is_none() {
            by_dir
                .entry(ws.file(d.file).dir().to_string())
                .or_default()
                .push(i);
        }
    }
    let mut projects = Vec::new();
    for (dir, mut docs) in by_dir {
        docs.sort_by_key(|&i| merge_rank(ws.file(ws.docs[i].file).name()));
        let env = ws
            .files
            .iter()
            // (The path's end first: `dir` and `name` look for its last `/`.)
            .find(|f| {
                f.path.ends_with(".env")
                    && f.origin.is_none()
                    && f.dir() == dir
                    && f.name() == ".env"
            })
            .map(|f| parse_env_file(&f.text))
            .unwrap_or_default();
        let mut p = ComposeProject {
            dir: dir.clone(),
            files: Vec::new(),
            services: Vec::new(),
            networks: Vec::new(),
            pinned_name: None,
            env,
        };
        for i in docs {
            let doc = &ws.docs[i];
            if !p.files.contains(&doc.file) {
                p.files.push(doc.file);
            }
            add_doc(&mut p, doc.file, &doc.root, ws.file(doc.file).name());
            // The last `name:` of the files wins.
            if let Some(n) = doc
                .root
                .get_str("name")
                .and_then(|n| interpolate(n, &p.env))
            {
                p.pinned_name = Some(project_name(&n)).filter(|n| !n.is_empty());
            }
        }
        if let Some(n) = p.env.get("COMPOSE_PROJECT_NAME") {
            p.pinned_name = Some(project_name(n)).filter(|n| !n.is_empty());
        }
        projects.push(p);
    }
    projects
}

fn add_doc(p: &mut ComposeProject, file: FileId, root: &Node, file_name: &str) {
    let _ = is_compose_name(file_name);
    let env = p.env.clone();
    let s = |n: &Node| n.as_str().and_then(|v| interpolate(v, &env));
    for e in root.get("networks").map(Node::entries).unwrap_or_default() {
        let Some(name) = e.key.as_str() else { continue };
        let external = e
            .value
            .get("external")
            .is_some_and(|x| x.as_bool() == Some(true) || x.is_map());
        p.networks.push(NetworkDef {
            name: name.to_string(),
            external,
            file,
            span: e.key.span,
        });
    }
    let configs: BTreeMap<String, String> = root
        .get("configs")
        .map(Node::entries)
        .unwrap_or_default()
        .iter()
        .filter_map(|e| {
            Some((
                e.key.as_str()?.to_string(),
                e.value.get_str("file")?.to_string(),
            ))
        })
        .collect();
    for e in root.get("services").map(Node::entries).unwrap_or_default() {
        let Some(name) = e.key.as_str() else { continue };
        let n = &e.value;
        let idx = match p.services.iter().position(|x| x.name == name) {
            Some(i) => i,
            None => {
                p.services.push(Service {
                    name: name.to_string(),
                    file,
                    name_span: e.key.span,
                    image: None,
                    build: false,
                    container_name: None,
                    hostname: None,
                    ports: Vec::new(),
                    expose: Vec::new(),
                    networks: ServiceNetworks::default(),
                    network_mode: None,
                    extra_hosts: Vec::new(),
                    mounts: Vec::new(),
                    environment: Vec::new(),
                    command: Vec::new(),
                    node: n.clone(),
                });
                p.services.len() - 1
            }
        };
        let dir = p.dir.clone();
        let svc = &mut p.services[idx];
        svc.node = n.clone();
        if let Some(img) = n.get("image") {
            if let Some(v) = s(img) {
                svc.image = Some(Spanned::new(file, img.span, v));
            }
        }
        svc.build |= n.get("build").is_some();
        if let Some(v) = n.get("container_name").and_then(&s) {
            svc.container_name = Some(v);
        }
        if let Some(v) = n.get("hostname").and_then(&s) {
            svc.hostname = Some(v);
        }
        if let Some(m) = n.get("network_mode") {
            if let Some(v) = s(m) {
                svc.network_mode = Some(Spanned::new(file, m.span, v));
            }
        }
        for port in n.get("ports").map(Node::items).unwrap_or_default() {
            if let Some(pm) = parse_port(port, file, &env) {
                svc.ports.push(pm);
            }
        }
        for x in n.get("expose").map(Node::items).unwrap_or_default() {
            if let Some(v) = s(x) {
                if let Some(p) = v.split('/').next().and_then(|p| p.parse().ok()) {
                    svc.expose.push(p);
                }
            }
        }
        if let Some(nets) = n.get("networks") {
            svc.networks.explicit = true;
            if nets.is_seq() {
                for x in nets.items() {
                    if let Some(v) = s(x) {
                        svc.networks.names.entry(v).or_default();
                    }
                }
            } else {
                for ne in nets.entries() {
                    let Some(k) = ne.key.as_str() else { continue };
                    let aliases = ne
                        .value
                        .get("aliases")
                        .map(Node::items)
                        .unwrap_or_default()
                        .iter()
                        .filter_map(&s)
                        .collect();
                    svc.networks.names.insert(k.to_string(), aliases);
                }
            }
        }
        match n.get("extra_hosts") {
            Some(h) if h.is_seq() => {
                for x in h.items() {
                    if let Some(v) = s(x) {
                        svc.extra_hosts.push(Spanned::new(file, x.span, v));
                    }
                }
            }
            Some(h) => {
                for he in h.entries() {
                    if let (Some(k), Some(v)) = (he.key.as_str(), s(&he.value)) {
                        svc.extra_hosts
                            .push(Spanned::new(file, he.key.span, format!("{k}:{v}")));
                    }
                }
            }
            None => {}
        }
        for v in n.get("volumes").map(Node::items).unwrap_or_default() {
            if let Some(m) = parse_volume(v, file, &dir, &env) {
                svc.mounts.retain(|x| x.target != m.target);
                svc.mounts.push(m);
            }
        }
        for c in n.get("configs").map(Node::items).unwrap_or_default() {
            let (src, target) = match c.as_str() {
                Some(name) => (name.to_string(), format!("/{name}")),
                None => (
                    c.get_str("source").unwrap_or("").to_string(),
                    c.get_str("target")
                        .map(str::to_string)
                        .unwrap_or_else(|| format!("/{}", c.get_str("source").unwrap_or(""))),
                ),
            };
            if let Some(path) = configs.get(&src) {
                svc.mounts.push(Mount {
                    kind: MountKind::Config,
                    source: paths::join(&dir, path),
                    target: paths::normalize(&target),
                    file,
                    span: c.span,
                });
            }
        }
        match n.get("environment") {
            Some(env_node) if env_node.is_seq() => {
                for x in env_node.items() {
                    let Some(raw) = x.as_str() else { continue };
                    let (k, v) = raw.split_once('=').unwrap_or((raw, ""));
                    let v = interpolate(v, &env).unwrap_or_default();
                    svc.environment
                        .push((k.to_string(), Spanned::new(file, x.span, v)));
                }
            }
            Some(env_node) => {
                for ee in env_node.entries() {
                    let Some(k) = ee.key.as_str() else { continue };
                    let v = ee
                        .value
                        .as_str()
                        .and_then(|v| interpolate(v, &env))
                        .unwrap_or_default();
                    svc.environment
                        .push((k.to_string(), Spanned::new(file, ee.value.span, v)));
                }
            }
            None => {}
        }
        if let Some(cmd) = n.get("command") {
            svc.command = if cmd.is_seq() {
                cmd.items().iter().filter_map(&s).collect()
            } else {
                s(cmd)
                    .map(|c| c.split_whitespace().map(str::to_string).collect())
                    .unwrap_or_default()
            };
        }
    }
}

fn parse_port(node: &Node, file: FileId, env: &BTreeMap<String, String>) -> Option<PortMapping> {
    if node.is_map() {
        let target = node
            .get("target")
            .and_then(|t| t.as_str())
            .and_then(|t| t.parse().ok());
        let published = node
            .get("published")
            .and_then(|p| p.as_str())
            .and_then(|p| interpolate(p, env))
            .map(|p| port_range(&p))
            .unwrap_or_default();
        return Some(PortMapping {
            host_ip: node.get_str("host_ip").map(str::to_string),
            host_ports: published,
            container_port: target,
            protocol: node.get_str("protocol").unwrap_or("tcp").to_string(),
            file,
            span: node.span,
        });
    }
    let raw = interpolate(node.as_str()?, env)?;
    let (spec, protocol) = match raw.rsplit_once('/') {
        Some((a, p)) => (a.to_string(), p.to_string()),
        None => (raw.clone(), "tcp".to_string()),
    };
    // [ip:]host:container, where ip may be [v6].
    let (ip, rest) = if let Some(r) = spec.strip_prefix('[') {
        let end = r.find(']')?;
        (
            Some(r[..end].to_string()),
            r[end + 1..].trim_start_matches(':').to_string(),
        )
    } else {
        let parts: Vec<&str> = spec.split(':').collect();
        if parts.len() == 3 {
            (
                Some(parts[0].to_string()),
                format!("{}:{}", parts[1], parts[2]),
            )
        } else {
            (None, spec.clone())
        }
    };
    let (host, container) = match rest.split_once(':') {
        Some((h, c)) => (port_range(h), c.to_string()),
        None => (Vec::new(), rest.clone()),
    };
    let container_port = container.split('-').next().and_then(|c| c.parse().ok());
    Some(PortMapping {
        host_ip: ip.filter(|i| !i.is_empty()),
        host_ports: host,
        container_port,
        protocol,
        file,
        span: node.span,
    })
}

fn port_range(s: &str) -> Vec<u16> {
    match s.split_once('-') {
        Some((a, b)) => match (a.parse::<u16>(), b.parse::<u16>()) {
            (Ok(a), Ok(b)) if a <= b && b - a < 1024 => (a..=b).collect(),
            _ => Vec::new(),
        },
        None => s.parse().ok().into_iter().collect(),
    }
}

fn parse_volume(
    node: &Node,
    file: FileId,
    dir: &str,
    env: &BTreeMap<String, String>,
) -> Option<Mount> {
    // `${PWD}` is the folder `docker compose` runs in, set by the shell: the project's
    // folder in the usual case (`cd stack && docker compose up`). A `.env` value wins.
    let mut with_pwd;
    let env = if env.contains_key("PWD") {
        env
    } else {
        with_pwd = env.clone();
        with_pwd.insert("PWD".to_string(), ".".to_string());
        &with_pwd
    };
    let (source, target, ty) = if node.is_map() {
        (
            node.get_str("source")
                .map(|s| interpolate(s, env).unwrap_or_default()),
            node.get_str("target")?.to_string(),
            node.get_str("type").unwrap_or("volume").to_string(),
        )
    } else {
        let raw = interpolate(node.as_str()?, env)?;
        let mut parts = raw.splitn(3, ':');
        let a = parts.next()?.to_string();
        match parts.next() {
            Some(b) => {
                let ty = if a.starts_with('.') || a.starts_with('/') || a.starts_with('~') {
                    "bind"
                } else {
                    "volume"
                };
                (Some(a), b.to_string(), ty.to_string())
            }
            None => (None, a, "volume".to_string()),
        }
    };
    let (kind, source) = match (ty.as_str(), source) {
        ("bind", Some(s)) => (MountKind::Bind, paths::join(dir, &s)),
        (_, Some(s)) => (MountKind::Volume, s),
        (_, None) => (MountKind::Volume, String::new()),
    };
    Some(Mount {
        kind,
        source,
        target: paths::normalize(&target),
        file,
        span: node.span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolation() {
        let mut env = BTreeMap::new();
        env.insert("A".to_string(), "1".to_string());
        assert_eq!(
            interpolate("${A}-${B:-x}-$A-$$", &env).as_deref(),
            Some("1-x-1-$")
        );
        assert_eq!(interpolate("${B}", &env), None);
        assert_eq!(interpolate("${B:-${A}}", &env).as_deref(), Some("1"));
    }

    #[test]
    fn images() {
        assert_eq!(
            image_repo("docker.io/grafana/grafana:11.2.0"),
            "grafana/grafana"
        );
        assert_eq!(image_repo("localhost:5000/x/y"), "x/y");
        assert_eq!(image_repo("redis"), "redis");
        assert_eq!(image_tag("prom/prometheus:v2.53.0"), Some("v2.53.0"));
        assert_eq!(image_tag("localhost:5000/x"), None);
    }
}
