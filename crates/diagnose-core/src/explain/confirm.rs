//! Confirmation: does a diagnostic of the user's files account for this error? A
//! diagnostic confirms a cause when its rule is the cause's rule and the error's facts
//! (host, URL, port, ServiceAccount, path, job…) appear where the diagnostic points: the
//! text of its primary and related labels, the source line it is on, the scalars of the
//! YAML/JSON mapping that holds it, and its message arguments. This stays generic on
//! purpose: it needs no knowledge of each rule's argument names.

use super::facts::{Facts, HostKind};
use crate::Report;
use diagnose_rules::diagnostic::Diagnostic;
use diagnose_syntax::source::{FileId, Span};
use diagnose_syntax::{Node, Value};

/// The values to look for, by strength: a name (host, URL, account, path, job…) is
/// identifying; a port, an IP found by `dial`, a namespace or a resource only narrows.
#[derive(Debug, Default)]
pub struct Wanted {
    pub strong: Vec<String>,
    pub weak: Vec<String>,
    /// Host values and the port the error used: a diagnostic about `host:OTHER` is not
    /// about this error.
    pub hosts: Vec<String>,
    pub port: Option<u16>,
}

impl Wanted {
    pub fn is_empty(&self) -> bool {
        self.strong.is_empty() && self.weak.is_empty()
    }
}

fn push(v: &mut Vec<String>, s: &str) {
    let s = s.trim().to_lowercase();
    if !s.is_empty() && !v.contains(&s) {
        v.push(s);
    }
}

pub fn wanted(f: &Facts) -> Wanted {
    let mut w = Wanted::default();
    if let Some(h) = &f.host {
        match f.host_kind {
            Some(HostKind::Loopback) => {
                for a in ["localhost", "127.0.0.1", "::1", "0.0.0.0", h.as_str()] {
                    push(&mut w.strong, a);
                    push(&mut w.hosts, a);
                }
            }
            // An IP that only `dial` gave (a container or pod address): rarely in files.
            Some(HostKind::Ip) if f.url.is_none() && f.target.is_none() => push(&mut w.weak, h),
            _ => {
                push(&mut w.strong, h);
                push(&mut w.hosts, h);
            }
        }
    }
    w.port = f.port;
    if let Some(u) = &f.url {
        // scheme://authority: the datasource URL in a file rarely has the API path.
        let after = u.find("://").map_or(0, |i| i + 3);
        let end = u[after..]
            .find(['/', '?', '#'])
            .map_or(u.len(), |e| after + e);
        push(&mut w.strong, &u[..end]);
    }
    if let Some(ip) = &f.ip {
        if Some(ip) != f.host.as_ref() && super::facts::host_kind(ip) == HostKind::Ip {
            push(&mut w.weak, ip);
        }
    }
    if let Some(p) = f.port {
        push(&mut w.weak, &p.to_string());
    }
    if let Some(sa) = &f.service_account {
        if let Some((ns, name)) = sa.split_once('/') {
            push(&mut w.strong, sa);
            push(&mut w.strong, &format!("{ns}:{name}"));
            push(&mut w.strong, &format!("system:serviceaccount:{ns}:{name}"));
            if name != "default" {
                push(&mut w.strong, name);
            }
            push(&mut w.weak, ns);
        }
    }
    for v in [&f.user, &f.datasource, &f.job, &f.target]
        .into_iter()
        .flatten()
    {
        push(&mut w.strong, v);
    }
    if let Some(p) = &f.path {
        push(&mut w.strong, p);
        // A container path names the file the user wrote by its base name
        // (`/var/lib/grafana/dashboards/x.json` is `monitoring/dashboards/x.json`).
        if let Some(base) = p.rsplit('/').next().filter(|b| b.contains('.')) {
            push(&mut w.strong, base);
        }
        let t = p.trim_end_matches('/');
        if let Some(i) = t.rfind('/').filter(|i| *i > 0) {
            push(&mut w.strong, &t[..i]);
        }
    }
    if let Some(ns) = &f.namespace {
        push(&mut w.weak, ns);
    }
    if let Some(r) = &f.resource {
        push(&mut w.weak, r);
        if let Some(s) = r.strip_suffix('s') {
            push(&mut w.weak, s);
        }
    }
    w
}

fn word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// `needle` occurs in `hay` (both lower case) and is not part of a longer word.
pub fn contains_token(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(i) = hay.get(from..).and_then(|h| h.find(needle)) {
        let at = from + i;
        let end = at + needle.len();
        let before_ok = hay[..at].chars().next_back().is_none_or(|c| !word(c));
        let after_ok = hay[end..].chars().next().is_none_or(|c| !word(c));
        if before_ok && after_ok {
            return true;
        }
        from = at + needle.chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// Scalars of the innermost mapping that holds `span` (keys, scalar values, and scalar
/// items of list values), across files embedded in ConfigMaps too.
fn context(report: &Report, file: FileId, span: Span) -> Vec<String> {
    let ws = &report.workspace;
    let mut best: Option<(u32, &Node)> = None;
    for doc in &ws.docs {
        if ws.root_file(doc.file) != file {
            continue;
        }
        let mut stack: Vec<&Node> = vec![&doc.root];
        while let Some(n) = stack.pop() {
            let (f, s) = ws.resolve(doc.file, n.span);
            if f != file || s.start > span.start || s.end < span.end {
                continue;
            }
            if n.is_map() && best.is_none_or(|(len, _)| s.end - s.start < len) {
                best = Some((s.end - s.start, n));
            }
            match &n.value {
                Value::Map(es) => {
                    for e in es {
                        stack.push(&e.value);
                    }
                }
                Value::Seq(items) => stack.extend(items.iter()),
                Value::Scalar(..) => {}
            }
        }
    }
    let mut out = Vec::new();
    let Some((_, map)) = best else { return out };
    let mut take = |n: &Node| {
        if let Some(s) = n.as_str().filter(|s| s.len() <= 200) {
            out.push(s.to_lowercase());
        }
    };
    for e in map.entries() {
        take(&e.key);
        take(&e.value);
        for i in e.value.items() {
            take(i);
        }
    }
    out
}

/// The full source lines a span covers.
fn lines_of(report: &Report, file: FileId, span: Span) -> String {
    let t = &report.file(file).text;
    let a = (span.start as usize).min(t.len());
    let b = (span.end as usize).min(t.len()).max(a);
    let start = t.get(..a).and_then(|h| h.rfind('\n')).map_or(0, |i| i + 1);
    let end = t
        .get(b..)
        .and_then(|r| r.find('\n'))
        .map_or(t.len(), |i| b + i);
    t.get(start..end).unwrap_or("").to_lowercase()
}

/// The diagnostic's text writes one of the error's hosts with ports, none of which is the
/// error's port (`localhost:9090` in the file, `localhost:9100` in the error).
fn contradicts_port(hay: &[String], w: &Wanted) -> bool {
    let Some(port) = w.port else { return false };
    let mut ports = Vec::new();
    for h in hay {
        for host in &w.hosts {
            let mut from = 0;
            while let Some(i) = h.get(from..).and_then(|r| r.find(host.as_str())) {
                let at = from + i;
                let after = &h[at + host.len()..];
                let before_ok = h[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !word(c) && c != '.');
                if let (true, Some(rest)) = (before_ok, after.strip_prefix(':')) {
                    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    if let Ok(p) = digits.parse::<u16>() {
                        ports.push(p);
                    }
                }
                from = at + host.len().max(1);
            }
        }
    }
    !ports.is_empty() && !ports.contains(&port)
}

/// How well a diagnostic matches the wanted values: 0 when it does not.
/// 2 per strong value found, 1 per weak one.
pub fn score(report: &Report, d: &Diagnostic, w: &Wanted) -> usize {
    let mut hay: Vec<String> = vec![
        report
            .file(d.primary.file)
            .slice(d.primary.span)
            .to_lowercase(),
        lines_of(report, d.primary.file, d.primary.span),
    ];
    for l in &d.related {
        hay.push(report.file(l.file).slice(l.span).to_lowercase());
    }
    for (_, v) in &d.message.args {
        hay.push(v.to_lowercase());
    }
    hay.push(report.file(d.primary.file).path.to_lowercase());
    hay.extend(context(report, d.primary.file, d.primary.span));
    if contradicts_port(&hay, w) {
        return 0;
    }
    let found = |v: &String| hay.iter().any(|h| contains_token(h, v));
    let strong = w.strong.iter().filter(|v| found(v)).count();
    let weak = w.weak.iter().filter(|v| found(v)).count();
    if !w.strong.is_empty() && strong == 0 {
        return 0;
    }
    if w.strong.is_empty() && !w.weak.is_empty() && weak == 0 {
        return 0;
    }
    1 + 2 * strong + weak
}

/// Diagnostics of `rule` that confirm the error, best first: when some match more of the
/// facts than others, only the best ones are kept (an error about `localhost:9090` is not
/// explained by a `localhost:9100` elsewhere).
pub fn confirmations(report: &Report, rule: &str, facts: &Facts) -> Vec<usize> {
    let w = wanted(facts);
    let mut scored: Vec<(usize, usize)> = report
        .diagnostics
        .iter()
        .enumerate()
        .filter(|(_, d)| d.rule == rule || d.code == rule)
        .map(|(i, d)| (i, score(report, d, &w)))
        .filter(|(_, s)| *s > 0)
        .collect();
    let best = scored.iter().map(|(_, s)| *s).max().unwrap_or(0);
    scored.retain(|(_, s)| *s == best);
    // One place confirms once, even when the rule reports it for several callers.
    let mut seen = Vec::new();
    scored
        .into_iter()
        .map(|(i, _)| i)
        .filter(|i| {
            let p = &report.diagnostics[*i].primary;
            let key = (p.file, p.span);
            !seen.contains(&key) && {
                seen.push(key);
                true
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        assert!(contains_token("url: http://localhost:9090", "localhost"));
        assert!(contains_token("url: http://localhost:9090", "9090"));
        assert!(!contains_token("url: http://localhost:19090", "9090"));
        assert!(!contains_token("prometheus-k8s.monitoring", "prometheus"));
        assert!(!contains_token("10.0.0.10", "10.0.0.1"));
        assert!(contains_token("é prometheus é", "prometheus"));
        assert!(!contains_token("abc", ""));
    }
}
