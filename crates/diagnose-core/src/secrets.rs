//! Where secrets are written, so that no output ever prints them whole: passwords,
//! tokens, bearer and basic-auth credentials, `secureJsonData`, URL user info.

use crate::source::{FileId, Span};
use crate::syntax::{Node, Value};
use crate::workspace::Workspace;

/// Whether a key names a secret value.
pub fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    [
        "password",
        "passwd",
        "secret",
        "token",
        "api_key",
        "apikey",
        "credentials",
        "private_key",
        "auth_key",
    ]
    .iter()
    .any(|s| k.contains(s))
        && !k.ends_with("_file")
        && !k.ends_with("__file")
        && !k.ends_with("file")
        && !k.ends_with("ref")
        && !k.ends_with("name")
}

fn walk(node: &Node, under_secure: bool, out: &mut Vec<Span>) {
    match &node.value {
        Value::Map(entries) => {
            for e in entries {
                let key = e.key.as_str().unwrap_or("");
                let secure = under_secure || key == "secureJsonData";
                if (secure || is_secret_key(key)) && e.value.is_scalar() && !e.value.is_null() {
                    out.push(e.value.span);
                } else {
                    walk(&e.value, secure, out);
                }
            }
        }
        Value::Seq(items) => {
            for i in items {
                walk(i, under_secure, out);
            }
        }
        Value::Scalar(s, _) => {
            // KEY=value items (compose `environment:` lists, args).
            if let Some((k, v)) = s.split_once('=') {
                if is_secret_key(k) && !v.is_empty() && !k.contains(' ') {
                    let quote = usize::from(node.span.len() >= s.len() + 2);
                    let start = quote + k.len() + 1;
                    out.push(node.span.sub(start, start + v.len()));
                }
            }
            // URL user info: scheme://user:password@host
            if let Some(i) = s.find("://") {
                let rest = &s[i + 3..];
                let auth_end = rest.find('/').unwrap_or(rest.len());
                if let Some(at) = rest[..auth_end].rfind('@') {
                    if let Some(colon) = rest[..at].find(':') {
                        let quote = usize::from(node.span.len() >= s.len() + 2);
                        let start = quote + i + 3 + colon + 1;
                        out.push(node.span.sub(start, quote + i + 3 + at));
                    }
                }
            }
        }
    }
}

/// Secret spans of every top-level file.
pub fn secret_spans(ws: &Workspace) -> Vec<(FileId, Span)> {
    let mut out = Vec::new();
    for d in &ws.docs {
        let mut spans = Vec::new();
        walk(&d.root, false, &mut spans);
        for s in spans {
            out.push(ws.resolve(d.file, s));
        }
    }
    for f in ws.files.iter().filter(|f| {
        f.origin.is_none()
            && (f.name().starts_with(".env")
                || f.name().ends_with(".env")
                || f.name().ends_with(".ini")
                || f.name() == "config.monitoring")
    }) {
        let mut off = 0;
        for line in f.text.split('\n') {
            if let Some((k, v)) = line.split_once('=') {
                let v = v.trim_end_matches('\r');
                if is_secret_key(k.trim()) && !v.trim().is_empty() {
                    let start = off + k.len() + 1;
                    out.push(ws.resolve(f.id, Span::new(start, start + v.len())));
                }
            }
            off += line.len() + 1;
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The text of a file with every secret replaced by `*` (byte offsets are kept).
pub fn mask(text: &str, spans: &[Span]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for s in spans {
        let (a, b) = (s.start as usize, (s.end as usize).min(bytes.len()));
        if a >= b {
            continue;
        }
        for x in &mut bytes[a..b] {
            // Keep UTF-8 continuation structure valid: replace every byte by '*'.
            *x = b'*';
        }
    }
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::Input;

    #[test]
    fn finds_and_masks_secrets() {
        let t =
            "services:\n  grafana:\n    environment:\n      - GF_SECURITY_ADMIN_PASSWORD=hunter2\n";
        let t2 = "datasources:\n  - url: http://u:pw123@h:9090\n    basicAuthPassword: s3cr3t\n    secureJsonData:\n      httpHeaderValue1: 'Bearer abc'\n";
        let ws = Workspace::new(vec![
            Input::new("docker-compose.yml", t),
            Input::new("ds.yml", t2),
        ]);
        let spans = secret_spans(&ws);
        let f0: Vec<Span> = spans
            .iter()
            .filter(|(f, _)| f.0 == 0)
            .map(|(_, s)| *s)
            .collect();
        let f1: Vec<Span> = spans
            .iter()
            .filter(|(f, _)| f.0 == 1)
            .map(|(_, s)| *s)
            .collect();
        let m0 = mask(t, &f0);
        let m1 = mask(t2, &f1);
        assert!(!m0.contains("hunter2"), "{m0}");
        assert!(m0.contains("GF_SECURITY_ADMIN_PASSWORD=*******"));
        assert!(
            !m1.contains("pw123") && !m1.contains("s3cr3t") && !m1.contains("abc"),
            "{m1}"
        );
        assert!(m1.contains("http://u:*****@h:9090"), "{m1}");
    }
}
