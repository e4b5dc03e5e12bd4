//! Load-time checks of the service-discovery sections, each taken from the section's
//! `UnmarshalYAML` in prometheus/prometheus (`discovery/<name>/`), and of Kubernetes
//! selectors (`discovery/kubernetes/kubernetes.go`, which parses them with
//! k8s.io/apimachinery's `fields.ParseSelector` and `labels.Parse`).

use super::{code_list, is_set, Walker};
use crate::prometheus::schema::{self, Sec};
use diagnose_syntax::Node;
use diagnose_text::msg;

impl Walker<'_, '_> {
    pub(super) fn discovery(&mut self, node: &Node, sec: &'static Sec) {
        if std::ptr::eq(sec, &schema::AZURE_SD) {
            self.azure(node);
        } else if std::ptr::eq(sec, &schema::EC2_SD) {
            self.ec2_filters(node);
        } else if std::ptr::eq(sec, &schema::EUREKA_SD) {
            if let Some(s) = node.get("server").filter(|s| s.as_str().is_some()) {
                let v = s.as_str().unwrap_or("");
                if !url_has_scheme_and_host(v) {
                    let d = self.report(
                        s.span,
                        msg!("PROM004.url-scheme-host", key = "server", value = v),
                    );
                    d.note(msg!("PROM004.note-value"));
                }
            }
        } else if std::ptr::eq(sec, &schema::OUTSCALE_SD) {
            // `region` defaults to `eu-west-2`; yaml.v2 empties it for `region:` or `""`.
            if let Some(e) = node.entry("region").filter(|_| !is_set(node, "region")) {
                let d = self.report(
                    e.key.span,
                    msg!("PROM004.required", section = sec.name, key = "region"),
                );
                d.note(msg!("PROM004.note-required", key = "region"));
            }
            self.one_of(node, sec, "secret_key", "secret_key_file");
        } else if std::ptr::eq(sec, &schema::STACKIT_SD) {
            // `region` defaults to `eu01`: only an explicitly empty one leaves neither.
            let region_emptied = node.get("region").is_some() && !is_set(node, "region");
            if !is_set(node, "endpoint") && region_emptied {
                let span = node.entries().first().map_or(node.span, |e| e.key.span);
                let d = self.report(
                    span,
                    msg!(
                        "PROM004.one-of",
                        section = sec.name,
                        a = "endpoint",
                        b = "region"
                    ),
                );
                d.note(msg!("PROM004.note-value"));
            }
            if let Some(e) = node.get("endpoint") {
                let v = e.as_str().unwrap_or("");
                if !v.is_empty() && !go_url_parses(v) {
                    let d = self.report(
                        e.span,
                        msg!("PROM004.url-parse", key = "endpoint", value = v),
                    );
                    d.note(msg!("PROM004.note-value"));
                }
            }
        } else if std::ptr::eq(sec, &schema::MARATHON_SD) {
            self.marathon(node);
        }
    }

    /// `validateAuthParam` in discovery/azure: a subscription always, and the
    /// application's credentials with the default `OAuth` method.
    fn azure(&mut self, node: &Node) {
        let method = node.get_str("authentication_method").unwrap_or("OAuth");
        let mut need = vec!["subscription_id"];
        if method == "OAuth" {
            need.extend(["tenant_id", "client_id", "client_secret"]);
        }
        for k in need {
            if !is_set(node, k) {
                let span = node
                    .entry(k)
                    .map(|e| e.key.span)
                    .or_else(|| node.entries().first().map(|e| e.key.span))
                    .unwrap_or(node.span);
                let d = self.report(
                    span,
                    msg!("PROM004.required", section = "azure_sd_configs", key = k),
                );
                d.note(msg!("PROM004.note-required", key = k));
                return;
            }
        }
        const METHODS: &[&str] = &["OAuth", "ManagedIdentity", "SDK", "WorkloadIdentity"];
        if let Some(m) = node.get("authentication_method") {
            if !METHODS.contains(&method) {
                let allowed = code_list(METHODS);
                let d = self.report(
                    m.span,
                    msg!(
                        "PROM004.enum",
                        key = "authentication_method",
                        allowed = allowed,
                        value = method
                    ),
                );
                d.note(msg!("PROM004.note-enum"));
            }
        }
    }

    /// `EC2 SD configuration filter values cannot be empty`.
    fn ec2_filters(&mut self, node: &Node) {
        for f in node.get("filters").map(Node::items).unwrap_or_default() {
            if !f.is_map() {
                continue;
            }
            let values = f.get("values");
            if values.is_none_or(|v| v.is_null() || (v.is_seq() && v.items().is_empty())) {
                let name = f.get_str("name").unwrap_or("");
                let span = f.entry("values").map_or(f.span, |e| e.key.span);
                let d = self.report(span, msg!("PROM004.ec2-filter-values", name = name));
                d.note(msg!("PROM004.note-value"));
            }
        }
    }

    /// Exactly one of two keys.
    fn one_of(&mut self, node: &Node, sec: &'static Sec, a: &str, b: &str) {
        match (is_set(node, a), is_set(node, b)) {
            (false, false) => {
                let span = node.entries().first().map_or(node.span, |e| e.key.span);
                let d = self.report(
                    span,
                    msg!("PROM004.one-of", section = sec.name, a = a, b = b),
                );
                d.note(msg!("PROM004.note-value"));
            }
            (true, true) => {
                let span = node.entry(b).map_or(node.span, |e| e.key.span);
                let d = self.report(span, msg!("PROM004.conflict", a = a, b = b));
                d.note(msg!("PROM004.note-conflict"));
            }
            _ => {}
        }
    }

    /// Marathon's own token against the HTTP client's credentials.
    fn marathon(&mut self, node: &Node) {
        let token = is_set(node, "auth_token");
        let file = is_set(node, "auth_token_file");
        if token && file {
            let span = node
                .entry("auth_token_file")
                .map_or(node.span, |e| e.key.span);
            let d = self.report(
                span,
                msg!("PROM004.conflict", a = "auth_token", b = "auth_token_file"),
            );
            d.note(msg!("PROM004.note-conflict"));
            return;
        }
        if !(token || file) {
            return;
        }
        let mine = if token {
            "auth_token"
        } else {
            "auth_token_file"
        };
        for other in [
            "basic_auth",
            "bearer_token",
            "bearer_token_file",
            "authorization",
        ] {
            if is_set(node, other) || node.get(other).is_some_and(Node::is_map) {
                let span = node.entry(other).map_or(node.span, |e| e.key.span);
                let d = self.report(span, msg!("PROM004.conflict", a = mine, b = other));
                d.note(msg!("PROM004.note-conflict"));
                return;
            }
        }
    }
}

/// Go's `url.Parse` then `Scheme != "" && Host != ""` (eureka's check).
fn url_has_scheme_and_host(s: &str) -> bool {
    if !go_url_parses(s) {
        return false;
    }
    let Some((scheme, rest)) = split_scheme(s) else {
        return false;
    };
    if scheme.is_empty() {
        return false;
    }
    let Some(after) = rest.strip_prefix("//") else {
        return false;
    };
    let host_end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let authority = &after[..host_end];
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    !host.is_empty()
}

/// `scheme:rest` when `s` starts with a valid scheme (`[A-Za-z][A-Za-z0-9+.-]*:`).
fn split_scheme(s: &str) -> Option<(&str, &str)> {
    let i = s.find(':')?;
    let scheme = &s[..i];
    let mut cs = scheme.chars();
    let ok = cs.next().is_some_and(|c| c.is_ascii_alphabetic())
        && cs.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    ok.then(|| (scheme, &s[i + 1..]))
}

/// An approximation of the inputs Go's `url.Parse` refuses: control characters, a
/// leading `:` ("missing protocol scheme"), a colon in the first segment of a relative
/// URL, a bad `%` escape, and a non-numeric port.
pub(super) fn go_url_parses(s: &str) -> bool {
    if s.bytes().any(|b| b < 0x20 || b == 0x7f) || s.starts_with(':') {
        return false;
    }
    let bytes = s.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'%' {
            let hex = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return false;
            }
        }
    }
    let rest = match split_scheme(s) {
        Some((_, rest)) => rest,
        None => {
            let first = s.split(['/', '?', '#']).next().unwrap_or("");
            return !first.contains(':');
        }
    };
    if let Some(after) = rest.strip_prefix("//") {
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        let authority = &after[..end];
        let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let port = if host.starts_with('[') {
            match host.find(']') {
                Some(j) => host[j + 1..].strip_prefix(':'),
                None => return false,
            }
        } else {
            host.rsplit_once(':').map(|(_, p)| p)
        };
        if port.is_some_and(|p| !p.bytes().all(|b| b.is_ascii_digit())) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_like_go() {
        assert!(url_has_scheme_and_host("http://eureka:8761/eureka"));
        assert!(!url_has_scheme_and_host("eureka.com"));
        assert!(!url_has_scheme_and_host("http:///path"));
        assert!(!go_url_parses("://invalid"));
        assert!(!go_url_parses("http://host:port"));
        assert!(!go_url_parses("http://a/%zz"));
        assert!(go_url_parses("https://api.stackit.cloud"));
        assert!(go_url_parses("http://[::1]:9090"));
    }
}
