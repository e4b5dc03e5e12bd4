//! URLs and `host:port` targets found in configs, with the span of each part.

use super::Runtime;
use diagnose_syntax::source::{FileId, Span};

/// A parsed URL or scrape target.
#[derive(Clone, Debug, PartialEq)]
pub struct Address {
    pub scheme: Option<String>,
    pub host: String,
    pub port: Option<u16>,
    pub path: String,
    /// Byte range of the host inside the raw string.
    pub host_range: (usize, usize),
    /// Byte range of the port (digits) inside the raw string, if any.
    pub port_range: Option<(usize, usize)>,
}

/// Parses `scheme://host:port/path`, `host:port`, `[v6]:port`.
pub fn parse_address(raw: &str) -> Option<Address> {
    let s = raw.trim();
    let lead = raw.len() - raw.trim_start().len();
    let (scheme, after) = match s.find("://") {
        Some(i) => (Some(s[..i].to_ascii_lowercase()), i + 3),
        None => (None, 0),
    };
    let rest = &s[after..];
    let auth_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..auth_end];
    let path = rest[auth_end..].to_string();
    // userinfo@
    let (ui, hostport) = match authority.rfind('@') {
        Some(i) => (i + 1, &authority[i + 1..]),
        None => (0, authority),
    };
    let base = lead + after + ui;
    let (host, host_start, port_str, port_start) = if let Some(r) = hostport.strip_prefix('[') {
        let end = r.find(']')?;
        let host = &r[..end];
        let port = r[end + 1..].strip_prefix(':');
        (host, 1, port, end + 3)
    } else {
        match hostport.rfind(':') {
            Some(i) if !hostport[..i].contains(':') => {
                (&hostport[..i], 0, Some(&hostport[i + 1..]), i + 1)
            }
            _ => (hostport, 0, None, 0),
        }
    };
    if host.is_empty() {
        return None;
    }
    let port = match port_str {
        Some(p) if !p.is_empty() => Some(p.parse::<u16>().ok()?),
        _ => None,
    };
    Some(Address {
        scheme,
        host: host.to_string(),
        port,
        path,
        host_range: (base + host_start, base + host_start + host.len()),
        port_range: port_str
            .filter(|p| !p.is_empty())
            .map(|p| (base + port_start, base + port_start + p.len())),
    })
}

/// Names Docker Desktop resolves to the host (docker/for-mac#1837, docker/for-win#10619,
/// the Docker Desktop networking docs); Docker Engine on Linux defines none of them unless
/// `extra_hosts` maps them to `host-gateway`. Podman's `host.containers.internal` too.
pub const DOCKER_HOST_ALIASES: &[&str] = &[
    "host.docker.internal",
    "gateway.docker.internal",
    "docker.for.mac.localhost",
    "docker.for.win.localhost",
    "docker.for.mac.host.internal",
    "docker.for.win.host.internal",
    "host.containers.internal",
];

/// Whether `host` (any case, trailing dot allowed) is one of [`DOCKER_HOST_ALIASES`].
pub fn is_docker_host_alias(host: &str) -> bool {
    let h = host.trim_end_matches('.');
    DOCKER_HOST_ALIASES
        .iter()
        .any(|a| a.eq_ignore_ascii_case(h))
}

impl Address {
    /// The port a client uses: explicit, or the scheme's default.
    pub fn effective_port(&self) -> Option<u16> {
        self.port.or(match self.scheme.as_deref() {
            Some("http") => Some(80),
            Some("https") => Some(443),
            _ => None,
        })
    }

    /// The container itself. Docker Desktop's `docker.for.mac.localhost` and
    /// `docker.for.win.localhost` end in `.localhost` but name the host: not loopback.
    pub fn is_loopback(&self) -> bool {
        let h = self.host.to_ascii_lowercase();
        if is_docker_host_alias(&h) {
            return false;
        }
        h == "localhost"
            || h.starts_with("127.")
            || h == "::1"
            || h == "0.0.0.0"
            || h.ends_with(".localhost")
    }

    pub fn is_ip(&self) -> bool {
        self.host.parse::<std::net::IpAddr>().is_ok()
    }
}

/// What an address is used for.
#[derive(Clone, Debug, PartialEq)]
pub enum Use {
    ScrapeTarget {
        job: String,
    },
    Alertmanager,
    /// A `remote_write` URL: Prometheus sends its samples there.
    RemoteWrite,
    Datasource {
        name: String,
        ty: String,
    },
}

/// An address found in a config, and who calls it.
#[derive(Clone, Debug)]
pub struct Endpoint {
    pub file: FileId,
    /// Span of the whole value.
    pub span: Span,
    pub raw: String,
    pub addr: Address,
    pub usage: Use,
    /// Where the caller runs (empty: unknown, e.g. a program on a host).
    pub callers: Vec<Runtime>,
}

impl Endpoint {
    /// Span of the host inside the file.
    pub fn host_span(&self) -> Span {
        self.sub_span(self.addr.host_range)
    }
    pub fn port_span(&self) -> Span {
        self.addr.port_range.map_or(self.span, |r| self.sub_span(r))
    }
    fn sub_span(&self, (a, b): (usize, usize)) -> Span {
        // The value's span includes quotes when the scalar is quoted.
        let quote = usize::from(self.span.len() >= self.raw.len() + 2);
        self.span.sub(a + quote, b + quote)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn addresses() {
        let a = parse_address("http://prometheus:9090/api").unwrap();
        assert_eq!(
            (a.host.as_str(), a.port, a.path.as_str()),
            ("prometheus", Some(9090), "/api")
        );
        assert_eq!(
            &"http://prometheus:9090/api"[a.host_range.0..a.host_range.1],
            "prometheus"
        );
        let b = parse_address("node-exporter:9100").unwrap();
        assert_eq!((b.host.as_str(), b.port), ("node-exporter", Some(9100)));
        let c = parse_address("[::1]:9090").unwrap();
        assert_eq!((c.host.as_str(), c.port), ("::1", Some(9090)));
        assert!(c.is_loopback());
        for alias in [
            "docker.for.mac.localhost",
            "Docker.For.Win.Localhost",
            "gateway.docker.internal",
        ] {
            let a = parse_address(&format!("http://{alias}:9100")).unwrap();
            assert!(!a.is_loopback(), "{alias} is the host");
            assert!(is_docker_host_alias(&a.host));
        }
        assert!(parse_address("http://app.localhost:1")
            .unwrap()
            .is_loopback());
        let d = parse_address("https://user:pw@grafana.example.com").unwrap();
        assert_eq!(d.host, "grafana.example.com");
        assert_eq!(d.effective_port(), Some(443));
    }
}
