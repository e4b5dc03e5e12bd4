//! Kubernetes service discovery as Prometheus loads it (`discovery/kubernetes/kubernetes.go`):
//! a role, `api_server` for custom HTTP settings, the selectors each role supports, and
//! selectors parsed as k8s.io/apimachinery's `fields.ParseSelector` and `labels.Parse` do.

use super::{code_list, Walker};
use crate::prometheus::schema;
use diagnose_syntax::Node;
use diagnose_text::msg;

impl Walker<'_, '_> {
    /// Field and label selectors, as Kubernetes' client parses them.
    pub(super) fn k8s_selector_syntax(&mut self, sel: &Node) {
        if let Some(f) = sel.get("field") {
            let v = f.as_str().unwrap_or("");
            if !v.is_empty() && !valid_field_selector(v) {
                let d = self.report(f.span, msg!("PROM004.k8s-field-selector", selector = v));
                d.note(msg!("PROM004.note-selector"));
            }
        }
        if let Some(l) = sel.get("label") {
            let v = l.as_str().unwrap_or("");
            if !v.is_empty() && !valid_label_selector(v) {
                let d = self.report(l.span, msg!("PROM004.k8s-label-selector", selector = v));
                d.note(msg!("PROM004.note-selector"));
            }
        }
    }
}

/// `fields.ParseSelector`: comma-separated `key=value`, `key==value` or `key!=value`
/// (with `\` escaping `,`, `=` and `!`).
fn valid_field_selector(s: &str) -> bool {
    let mut terms = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                cur.push(c);
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            ',' => terms.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    terms.push(cur);
    terms.iter().all(|t| {
        // An unescaped operator somewhere in the term.
        let b = t.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'\\' {
                i += 2;
                continue;
            }
            if b[i] == b'=' || (b[i] == b'!' && b.get(i + 1) == Some(&b'=')) {
                return true;
            }
            i += 1;
        }
        false
    })
}

/// `labels.Parse`: comma-separated requirements `key`, `!key`, `key=v`, `key==v`,
/// `key!=v`, `key in (a,b)`, `key notin (a,b)`, `key>n`, `key<n`; keys are qualified
/// names (`[prefix/]name`), values label values.
fn valid_label_selector(s: &str) -> bool {
    // Split on commas outside parentheses.
    let mut reqs = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                reqs.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        if depth < 0 {
            return false;
        }
    }
    if depth != 0 {
        return false;
    }
    reqs.push(&s[start..]);
    reqs.iter().all(|r| valid_requirement(r.trim()))
}

fn valid_requirement(r: &str) -> bool {
    if let Some(k) = r.strip_prefix('!') {
        return qualified_name(k.trim());
    }
    for op in ["==", "!=", "=", ">", "<"] {
        if let Some((k, v)) = r.split_once(op) {
            let v = v.trim();
            let value_ok = if op == ">" || op == "<" {
                v.parse::<i64>().is_ok()
            } else {
                label_value(v)
            };
            return qualified_name(k.trim()) && value_ok;
        }
    }
    for op in [" notin ", " in "] {
        if let Some((k, set)) = r.split_once(op) {
            let set = set.trim();
            let Some(inner) = set.strip_prefix('(').and_then(|x| x.strip_suffix(')')) else {
                return false;
            };
            return qualified_name(k.trim()) && inner.split(',').all(|v| label_value(v.trim()));
        }
    }
    qualified_name(r)
}

/// `[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?`, at most `max` characters.
fn name_part(s: &str, max: usize) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= max
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

fn qualified_name(s: &str) -> bool {
    match s.split_once('/') {
        Some((prefix, name)) => {
            !prefix.is_empty()
                && prefix.len() <= 253
                && prefix.split('.').all(|p| {
                    name_part(p, 63)
                        && p.bytes()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
                })
                && name_part(name, 63)
        }
        None => name_part(s, 63),
    }
}

fn label_value(s: &str) -> bool {
    s.is_empty() || name_part(s, 63)
}

impl Walker<'_, '_> {
    pub(super) fn kubernetes_sd(&mut self, node: &Node) {
        let set = |k: &str| {
            node.get(k)
                .is_some_and(|v| !v.is_null() && v.as_str() != Some(""))
        };
        if node.get("role").is_none_or(Node::is_null) {
            let span = node.entries().first().map_or(node.span, |e| e.key.span);
            let d = self.report(span, msg!("PROM004.k8s-role"));
            d.help(msg!("PROM004.help-k8s-role"));
        }
        let api = set("api_server");
        let kubeconfig = set("kubeconfig_file");
        let own = node
            .path(&["namespaces", "own_namespace"])
            .and_then(Node::as_bool)
            == Some(true);
        for (ok, a, b) in [
            (api && kubeconfig, "api_server", "kubeconfig_file"),
            (api && own, "api_server", "namespaces.own_namespace"),
            (
                kubeconfig && own,
                "kubeconfig_file",
                "namespaces.own_namespace",
            ),
        ] {
            if ok {
                let span = node.entry(a).map_or(node.span, |e| e.key.span);
                let d = self.report(span, msg!("PROM004.conflict", a = a, b = b));
                d.note(msg!("PROM004.note-conflict"));
            }
        }
        if !api {
            // Any HTTP client setting that differs from the default needs `api_server`
            // (with `kubeconfig_file` they are refused too).
            for (k, _) in schema::HTTP {
                let Some(e) = node.entry(k) else { continue };
                if e.value.is_null() {
                    continue;
                }
                let default = match *k {
                    "follow_redirects" | "enable_http2" => e.value.as_bool() == Some(true),
                    _ => false,
                };
                if default {
                    continue;
                }
                if kubeconfig {
                    let d = self.report(
                        e.key.span,
                        msg!("PROM004.conflict", a = k, b = "kubeconfig_file"),
                    );
                    d.note(msg!("PROM004.note-conflict"));
                } else {
                    let d = self.report(e.key.span, msg!("PROM004.k8s-http", key = k));
                    d.note(msg!("PROM004.note-k8s-http"));
                    d.help(msg!("PROM004.help-k8s-http", key = k));
                }
                break;
            }
        }
        let role = node.get_str("role").unwrap_or("");
        let allowed: &[&str] = match role {
            "pod" => &["pod", "node"],
            "service" => &["service"],
            "endpoints" => &["pod", "service", "endpoints"],
            "endpointslice" => &["pod", "service", "endpointslice"],
            "node" => &["node"],
            "ingress" => &["ingress"],
            _ => return,
        };
        let mut seen = Vec::new();
        for s in node.get("selectors").map(Node::items).unwrap_or_default() {
            let Some(r) = s.get("role") else { continue };
            let Some(rv) = r.as_str() else { continue };
            if seen.contains(&rv) || !allowed.contains(&rv) {
                let list = code_list(allowed);
                let d = self.report(
                    r.span,
                    msg!(
                        "PROM004.k8s-selector",
                        role = role,
                        allowed = list,
                        selector = rv
                    ),
                );
                d.note(msg!("PROM004.note-enum"));
            }
            seen.push(rv);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_selectors() {
        assert!(valid_field_selector("metadata.name=foo"));
        assert!(valid_field_selector(
            "status.phase!=Running,spec.nodeName==n1"
        ));
        assert!(!valid_field_selector("metadata.status-Running"));
        assert!(!valid_field_selector("a=b,c"));
    }

    #[test]
    fn label_selectors() {
        for ok in [
            "app=web",
            "app",
            "!app",
            "app in (web, api),tier notin (db)",
            "app.kubernetes.io/name=prometheus",
            "env!=",
        ] {
            assert!(valid_label_selector(ok), "{ok}");
        }
        for bad in ["app==(web", "app in web", "-app=web", "app=we b", "a/b/c=d"] {
            assert!(!valid_label_selector(bad), "{bad}");
        }
    }
}
