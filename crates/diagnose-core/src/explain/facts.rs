//! Facts extracted from an error text: the URL, host, port, resolver, HTTP status,
//! ServiceAccount, path… that let the explainer specialise a family and find the line of
//! the user's files that caused the error. Hand-written scanners (no regex): the texts
//! come from Go's `net` and `net/http`, Prometheus, Grafana, Docker and Kubernetes, whose
//! shapes are few and stable.

use diagnose_model::net::parse_address;

/// What kind of host an error names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostKind {
    /// `localhost`, `127.x`, `::1`, `0.0.0.0`.
    Loopback,
    /// `host.docker.internal` and friends.
    DockerHost,
    /// A value nobody replaced: `APP_IP`, `<prometheus-host>`, `${HOST}`.
    Placeholder,
    /// A Kubernetes Service name: `*.svc`, `*.svc.cluster.local`.
    ClusterService,
    Ip,
    Name,
}

impl HostKind {
    pub fn as_str(self) -> &'static str {
        match self {
            HostKind::Loopback => "loopback",
            HostKind::DockerHost => "docker-host",
            HostKind::Placeholder => "placeholder",
            HostKind::ClusterService => "cluster-service",
            HostKind::Ip => "ip",
            HostKind::Name => "name",
        }
    }
}

/// Which DNS server answered (or failed to answer) a lookup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResolverKind {
    /// Docker's embedded DNS server, 127.0.0.11 inside every container on a user-defined
    /// network.
    Docker,
    /// A Kubernetes cluster DNS Service (kubeadm 10.96.0.10, MicroK8s 10.152.183.10,
    /// k3s 10.43.0.10), or a `*.svc.cluster.local` name.
    Kubernetes,
    /// A resolver on the same machine (systemd-resolved 127.0.0.53, 127.0.0.1).
    Local,
    Other,
}

impl ResolverKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ResolverKind::Docker => "docker",
            ResolverKind::Kubernetes => "kubernetes",
            ResolverKind::Local => "local",
            ResolverKind::Other => "other",
        }
    }
}

/// Cluster DNS Service addresses of common Kubernetes distributions.
const CLUSTER_DNS: &[&str] = &["10.96.0.10", "10.152.183.10", "10.43.0.10"];

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    pub url: Option<String>,
    pub host: Option<String>,
    pub host_kind: Option<HostKind>,
    pub ip: Option<String>,
    pub port: Option<u16>,
    pub resolver: Option<String>,
    pub resolver_kind: Option<ResolverKind>,
    pub status: Option<u16>,
    /// `namespace/name` of a `system:serviceaccount:NS:NAME` user.
    pub service_account: Option<String>,
    /// Any other Kubernetes user.
    pub user: Option<String>,
    /// The namespace a Kubernetes request was denied in.
    pub namespace: Option<String>,
    pub verb: Option<String>,
    pub resource: Option<String>,
    pub api_group: Option<String>,
    /// A file-system path.
    pub path: Option<String>,
    pub datasource: Option<String>,
    pub job: Option<String>,
    /// A scrape target as written in the config (`"http://x:5000/metrics" is not a valid hostname`).
    pub target: Option<String>,
}

/// Names of the facts, in display order. `when:` conditions of the knowledge base use them.
pub const FACT_NAMES: &[&str] = &[
    "url",
    "host",
    "host_kind",
    "ip",
    "port",
    "resolver",
    "resolver_kind",
    "status",
    "service_account",
    "user",
    "namespace",
    "verb",
    "resource",
    "api_group",
    "path",
    "datasource",
    "job",
    "target",
];

impl Facts {
    /// The value of a fact by name, as text.
    pub fn get(&self, name: &str) -> Option<String> {
        let s = |o: &Option<String>| o.clone();
        match name {
            "url" => s(&self.url),
            "host" => s(&self.host),
            "host_kind" => self.host_kind.map(|k| k.as_str().to_string()),
            "ip" => s(&self.ip),
            "port" => self.port.map(|p| p.to_string()),
            "resolver" => s(&self.resolver),
            "resolver_kind" => self.resolver_kind.map(|k| k.as_str().to_string()),
            "status" => self.status.map(|p| p.to_string()),
            "service_account" => s(&self.service_account),
            "user" => s(&self.user),
            "namespace" => s(&self.namespace),
            "verb" => s(&self.verb),
            "resource" => s(&self.resource),
            "api_group" => s(&self.api_group),
            "path" => s(&self.path),
            "datasource" => s(&self.datasource),
            "job" => s(&self.job),
            "target" => s(&self.target),
            _ => None,
        }
    }

    /// Every fact that is set, in display order.
    pub fn entries(&self) -> Vec<(&'static str, String)> {
        FACT_NAMES
            .iter()
            .filter_map(|n| self.get(n).map(|v| (*n, v)))
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.entries().is_empty()
    }

    /// Fills the facts this one lacks from `other` (facts of the whole text fill those of
    /// the matching line). Derived kinds are recomputed.
    pub fn fill_from(&mut self, other: &Facts) {
        macro_rules! fill {
            ($($f:ident),*) => { $( if self.$f.is_none() { self.$f = other.$f.clone(); } )* };
        }
        fill!(
            url,
            host,
            ip,
            port,
            resolver,
            status,
            service_account,
            user,
            namespace,
            verb,
            resource,
            api_group,
            path,
            datasource,
            job,
            target
        );
        self.derive();
    }

    fn derive(&mut self) {
        self.host_kind = self.host.as_deref().map(host_kind);
        self.resolver_kind = match self.resolver.as_deref() {
            Some(r) => Some(resolver_kind(r)),
            None if self.host_kind == Some(HostKind::ClusterService) => {
                Some(ResolverKind::Kubernetes)
            }
            None => None,
        };
    }
}

/// Classifies a host name or address.
pub fn host_kind(host: &str) -> HostKind {
    let h = host
        .trim_end_matches('.')
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    if crate::model::net::is_docker_host_alias(&h) {
        return HostKind::DockerHost;
    }
    if h == "localhost" || h.ends_with(".localhost") || h == "::1" || h == "0.0.0.0" {
        return HostKind::Loopback;
    }
    if let Ok(ip) = h.parse::<std::net::IpAddr>() {
        return if ip.is_loopback() || ip.is_unspecified() {
            HostKind::Loopback
        } else {
            HostKind::Ip
        };
    }
    if is_placeholder(host) {
        return HostKind::Placeholder;
    }
    if h.ends_with(".svc") || h.contains(".svc.") || h.ends_with(".cluster.local") {
        return HostKind::ClusterService;
    }
    HostKind::Name
}

/// A host that is obviously a value to fill in: `APP_IP`, `PROMETHEUS_HOST`, `<server>`,
/// `${HOST}`, `your-server`, `x.x.x.x`.
pub fn is_placeholder(host: &str) -> bool {
    if host.contains(['<', '>', '{', '}', '$', '%']) {
        return true;
    }
    let letters = host.chars().filter(|c| c.is_ascii_alphabetic()).count();
    let caps = letters >= 2
        && host
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if caps {
        let suffixes = [
            "IP", "HOST", "ADDR", "ADDRESS", "HOSTNAME", "SERVER", "DOMAIN", "URL", "NODE",
        ];
        if host.contains('_') || suffixes.iter().any(|s| host.ends_with(s)) {
            return true;
        }
    }
    let l = host.to_ascii_lowercase();
    [
        "your-",
        "your_",
        "votre-",
        "votre_",
        "my-server",
        "changeme",
    ]
    .iter()
    .any(|p| l.starts_with(p))
        || matches!(
            l.as_str(),
            "x.x.x.x" | "xxx.xxx.xxx.xxx" | "ip_address" | "ip-address" | "server-ip" | "hostname"
        )
}

fn resolver_kind(resolver: &str) -> ResolverKind {
    let ip = match resolver.rsplit_once(':') {
        Some((h, p)) if p.chars().all(|c| c.is_ascii_digit()) && !h.is_empty() => h,
        _ => resolver,
    };
    let ip = ip.trim_start_matches('[').trim_end_matches(']');
    if ip == "127.0.0.11" {
        ResolverKind::Docker
    } else if CLUSTER_DNS.contains(&ip) {
        ResolverKind::Kubernetes
    } else if ip.starts_with("127.") || ip == "::1" {
        ResolverKind::Local
    } else {
        ResolverKind::Other
    }
}

/// Characters that end a URL in a log line.
fn url_end(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`' | '\\' | ',' | ')' | '|')
}

/// The text from `at` up to the first `": "` (Go's error separator) or the end of line.
fn until_colon_space(s: &str) -> &str {
    let end = s.find(": ").unwrap_or(s.len());
    let s = &s[..end];
    s.split_whitespace().next().unwrap_or("")
}

/// Splits `host:port`, `[v6]:port` or `:port`.
fn split_host_port(addr: &str) -> (Option<String>, Option<u16>) {
    let addr = addr.trim().trim_end_matches(':');
    if let Some(r) = addr.strip_prefix('[') {
        if let Some(end) = r.find(']') {
            let port = r[end + 1..].strip_prefix(':').and_then(|p| p.parse().ok());
            return (Some(r[..end].to_string()), port);
        }
    }
    match addr.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') => {
            let host = (!h.is_empty()).then(|| h.to_string());
            (host, p.parse().ok())
        }
        Some(_) => (Some(addr.to_string()), None), // bare IPv6
        None => ((!addr.is_empty()).then(|| addr.to_string()), None),
    }
}

/// Every byte offset where `needle` (lower case) occurs in `lower`.
fn find_all<'a>(lower: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        let i = lower.get(from..)?.find(needle)? + from;
        from = i + needle.len().max(1);
        Some(i)
    })
}

/// The text between the double quotes that start right at `s` (`"abc" …` → `abc`).
fn quoted(s: &str) -> Option<&str> {
    let r = s.strip_prefix('"')?;
    r.find('"').map(|e| &r[..e])
}

fn http_reason(code: u16) -> Option<&'static str> {
    Some(match code {
        400 => "bad request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not found",
        500 => "internal server error",
        502 => "bad gateway",
        503 => "service unavailable",
        504 => "gateway timeout",
        _ => return None,
    })
}

const REASONS: &[(u16, &str)] = &[
    (400, "bad request"),
    (401, "unauthorized"),
    (403, "forbidden"),
    (404, "not found"),
    (500, "internal server error"),
    (502, "bad gateway"),
    (503, "service unavailable"),
    (504, "gateway timeout"),
];

fn three_digits(s: &str) -> Option<u16> {
    let d: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    if d.len() == 3 {
        d.parse().ok().filter(|c| (100..600).contains(c))
    } else {
        None
    }
}

fn status(lower: &str) -> Option<u16> {
    for key in [
        "http status ",
        "status code: ",
        "status code ",
        "status=",
        "\"status\":",
        "\"statuscode\":",
        "statuscode=",
    ] {
        for i in find_all(lower, key) {
            if let Some(c) = three_digits(lower[i + key.len()..].trim_start()) {
                return Some(c);
            }
        }
    }
    // `404 Not Found`, `502 Bad Gateway`: a three-digit number followed by its reason.
    let b = lower.as_bytes();
    for i in 0..b.len().saturating_sub(3) {
        if (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && b[i..i + 3].iter().all(u8::is_ascii_digit)
            && b.get(i + 3) == Some(&b' ')
        {
            if let Some(code) = three_digits(&lower[i..]) {
                if http_reason(code).is_some_and(|r| lower[i + 4..].starts_with(r)) {
                    return Some(code);
                }
            }
        }
    }
    for (code, reason) in REASONS {
        if lower.contains(&format!("http error {reason}")) {
            return Some(*code);
        }
    }
    if lower.contains("bad gateway") {
        return Some(502);
    }
    if lower.contains("gateway timeout") {
        return Some(504);
    }
    None
}

fn is_path_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '+' | '@')
}

fn path(text: &str, lower: &str) -> Option<String> {
    // Grafana's docker entrypoint: GF_PATHS_DATA='/var/lib/grafana' is not writable.
    if let Some(i) = lower.find("gf_paths_") {
        let rest = &text[i..];
        if let Some(eq) = rest.find('=') {
            let v = rest[eq + 1..].trim_start_matches(['\'', '"']);
            let p: String = v.chars().take_while(|c| is_path_char(*c)).collect();
            if p.starts_with('/') {
                return Some(p);
            }
        }
    }
    // Grafana/Prometheus logfmt: `file=/var/lib/grafana/dashboards/x.json`, `path=…`.
    for key in ["file=", "path=", "filename="] {
        for i in find_all(lower, key) {
            if i > 0 && !lower[..i].ends_with([' ', '\t']) {
                continue;
            }
            let v = text[i + key.len()..].trim_start_matches(['\'', '"']);
            let p: String = v.chars().take_while(|c| is_path_char(*c)).collect();
            if p.starts_with('/') && p.len() > 1 {
                return Some(p);
            }
        }
    }
    for key in [
        ": permission denied",
        ": read-only file system",
        ": no such file or directory",
        ": operation not permitted",
        ": not a directory",
        ": is a directory",
    ] {
        for i in find_all(lower, key) {
            let mut end = i;
            while end > 0 && matches!(text.as_bytes()[end - 1], b'\'' | b'"') {
                end -= 1;
            }
            let start = text[..end]
                .rfind([' ', '"', '\'', '=', '\t'])
                .map_or(0, |s| s + 1);
            let tok = &text[start..end];
            if tok.starts_with('/') && tok.len() > 1 && tok.chars().all(is_path_char) {
                return Some(tok.to_string());
            }
        }
    }
    if ["permission denied", "not writable", "read-only"]
        .iter()
        .any(|k| lower.contains(k))
    {
        for (i, _) in text.match_indices('/') {
            let before = text[..i].chars().next_back();
            if before.is_none_or(|c| c.is_whitespace() || matches!(c, '\'' | '"' | '=' | '(')) {
                let p: String = text[i..].chars().take_while(|c| is_path_char(*c)).collect();
                let p = p.trim_end_matches('.');
                if p.len() > 1 {
                    return Some(p.to_string());
                }
            }
        }
    }
    None
}

/// Extracts the facts of one text (a line or a whole paste).
pub fn extract(text: &str) -> Facts {
    // ASCII lower-casing keeps byte offsets aligned between `text` and `lower`.
    let lower = text.to_ascii_lowercase();
    let mut f = Facts::default();
    let mut url_host = None;
    let mut dial_host = None;
    let mut lookup_host = None;

    // URL: the first http(s) URL.
    let url_at = ["http://", "https://"]
        .iter()
        .filter_map(|p| lower.find(p))
        .min();
    if let Some(i) = url_at {
        let end = text[i..].find(url_end).map_or(text.len(), |e| i + e);
        let url = text[i..end].trim_end_matches(['.', ':', ';']);
        if let Some(a) = parse_address(url) {
            url_host = Some(a.host.clone());
            f.port = a.port;
            f.url = Some(url.to_string());
        }
    }

    // `lookup NAME on RESOLVER: …` (Go's DNS errors).
    if let Some(i) = lower.find("lookup ") {
        let rest = &text[i + 7..];
        let name: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != ':' && *c != '"')
            .collect();
        let name = name.trim_end_matches('.');
        if !name.is_empty() {
            lookup_host = Some(name.to_string());
        }
        let after = &rest[name.len().min(rest.len())..];
        if let Some(r) = after.strip_prefix(". on ").or(after.strip_prefix(" on ")) {
            let r = until_colon_space(r);
            if !r.is_empty() {
                f.resolver = Some(r.to_string());
            }
        }
    }

    // `dial tcp HOST:PORT: …`, `read tcp A->B: …`.
    for key in ["dial tcp", "dial udp"] {
        for i in find_all(&lower, key) {
            let rest = &text[i + key.len()..];
            let rest = rest.trim_start_matches(['4', '6']);
            if let Some(r) = rest.strip_prefix(' ') {
                let (h, p) = split_host_port(until_colon_space(r));
                if dial_host.is_none() {
                    dial_host = h;
                    if f.port.is_none() {
                        f.port = p;
                    }
                }
            }
        }
    }
    if dial_host.is_none() {
        for key in ["read tcp", "write tcp"] {
            if let Some(i) = lower.find(key) {
                let r = &text[i..];
                if let Some(a) = r.find("->") {
                    let (h, p) = split_host_port(until_colon_space(&r[a + 2..]));
                    dial_host = h;
                    if f.port.is_none() {
                        f.port = p;
                    }
                }
            }
        }
    }
    if let Some(h) = &dial_host {
        if h.parse::<std::net::IpAddr>().is_ok() {
            f.ip = Some(h.clone());
        }
    }

    // Ports that could not be bound: `listen tcp4 0.0.0.0:3000: bind: …`,
    // `Bind for 0.0.0.0:3000 failed: port is already allocated`.
    if f.port.is_none() {
        for key in ["listen tcp", "listen udp"] {
            if let Some(i) = lower.find(key) {
                let rest = text[i + key.len()..].trim_start_matches(['4', '6']);
                if let Some(r) = rest.strip_prefix(' ') {
                    f.port = split_host_port(until_colon_space(r)).1;
                }
            }
        }
    }
    if f.port.is_none() {
        if let Some(i) = lower.find("bind for ") {
            let r = &text[i + 9..];
            let end = r.find(" failed").unwrap_or(r.len());
            f.port = split_host_port(&r[..end]).1;
        }
    }

    f.host = lookup_host.or(url_host).or(dial_host);
    f.status = status(&lower);

    // Kubernetes RBAC denials.
    if let Some(i) = lower.find("system:serviceaccount:") {
        let rest = &text[i + 22..];
        let tok: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':'))
            .collect();
        if let Some((ns, name)) = tok.split_once(':') {
            if !ns.is_empty() && !name.is_empty() {
                f.service_account = Some(format!("{ns}/{name}"));
            }
        }
    }
    if let Some(i) = lower.find("user \"") {
        if let Some(u) = quoted(&text[i + 5..]) {
            if !u.starts_with("system:serviceaccount:") && !u.is_empty() {
                f.user = Some(u.to_string());
            }
        }
    }
    if let Some(i) = lower.find(" is forbidden") {
        let before = text[..i].trim_end();
        // `pods "name" is forbidden` or `pods is forbidden`.
        let before = match before.strip_suffix('"').and_then(|b| b.rfind('"')) {
            Some(q) => text[..q].trim_end(),
            None => before,
        };
        let tok = before
            .rsplit(|c: char| c.is_whitespace() || c == '"' || c == ':')
            .next()
            .unwrap_or("");
        if !tok.is_empty()
            && tok
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '/')
        {
            let (res, group) = match tok.split_once('.') {
                Some((r, g)) => (r, Some(g)),
                None => (tok, None),
            };
            f.resource = Some(res.to_string());
            f.api_group = group.map(str::to_string);
        }
    }
    // Kubernetes RBAC denials only: `… is forbidden: User "x" cannot list resource "pods"`.
    if let Some(i) = lower
        .find(" cannot ")
        .filter(|_| lower.contains("forbidden"))
    {
        let rest = &text[i + 8..];
        let mut words = rest.split_whitespace();
        if let Some(v) = words.next() {
            f.verb = Some(v.to_string());
        }
        let next = words.next().unwrap_or("");
        let res = if next == "resource" {
            words.next().unwrap_or("")
        } else {
            next
        };
        let res = res.trim_matches('"');
        if !res.is_empty() && f.resource.is_none() {
            f.resource = Some(res.to_string());
        }
        if let Some(g) = lower[i..].find("in api group \"") {
            let at = i + g + 13;
            if let Some(grp) = quoted(&text[at..]).filter(|g| !g.is_empty()) {
                f.api_group = Some(grp.to_string());
            }
        }
    }
    if let Some(i) = lower.find("in the namespace \"") {
        f.namespace = quoted(&text[i + 17..]).map(str::to_string);
    }

    f.path = path(text, &lower);

    // Grafana: `Datasource ${DS_PROMETHEUS} was not found`, `Datasource named X was not found`.
    if let Some(i) = lower.find(" was not found") {
        let head = &lower[..i];
        if let Some(d) = head
            .rfind("datasource")
            .or_else(|| head.rfind("data source"))
        {
            let kw = if lower[d..].starts_with("datasource") {
                10
            } else {
                11
            };
            let name = text[d + kw..i]
                .trim_start_matches(':')
                .trim()
                .trim_start_matches("named ")
                .trim()
                .trim_matches(['"', '\'']);
            if !name.is_empty() {
                f.datasource = Some(name.to_string());
            }
        }
    }

    // Prometheus: `… for scrape config with job name "x"`, logfmt `scrape_pool=x`, `job="x"`.
    for key in ["job name ", "job_name: ", "scrape_pool=", "job="] {
        if let Some(i) = lower.find(key) {
            let r = &text[i + key.len()..];
            let v = match quoted(r) {
                Some(q) => q.to_string(),
                None => r
                    .chars()
                    .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '}' | '"'))
                    .collect(),
            };
            if !v.is_empty() {
                f.job = Some(v);
                break;
            }
        }
    }

    // promtool: `"http://x:5000/metrics" is not a valid hostname`.
    if let Some(i) = text.find("\" is not a valid hostname") {
        if let Some(q) = text[..i].rfind('"') {
            f.target = Some(text[q + 1..i].to_string());
        }
    }

    f.derive();
    f
}

#[cfg(test)]
mod tests;
