//! Semantic comparison of a config file on disk with the config a server loaded.
//!
//! Prometheus (`/api/v1/status/config`) and Alertmanager (`/api/v2/status`) do not give
//! back the text they read: they give the config re-marshalled from their Go structs,
//! with every default filled in (`honor_timestamps: true`, `scheme: http`, relabel
//! `regex: (.*)`…), durations re-formatted (`60s` becomes `1m`), relative file paths made
//! absolute against the config's folder, secrets replaced by `<secret>`, and zero values
//! left out (`omitempty`). So values are compared, not text: a key of the running config
//! that the file does not write is a default, not a difference; a zero value the file
//! writes and the running config omits is the same value.

use diagnose_syntax::source::Span;
use diagnose_syntax::{Node, Value};

/// One difference, at a place of the file on disk.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// Readable path of the key: `scrape_configs[node].static_configs[0].targets`.
    pub key: String,
    /// Where it is (or would be) in the file on disk.
    pub span: Span,
    pub kind: DiffKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum DiffKind {
    /// Both have the key, with other values.
    Changed { running: String, disk: String },
    /// The file has it, the running config does not.
    Added,
    /// The running config has it (a job, a list item), the file no longer does.
    Removed,
}

/// Every difference, in the order of the file.
pub fn differences(disk: &Node, running: &Node, base_dir: Option<&str>) -> Vec<Difference> {
    let mut out = Vec::new();
    walk(disk, running, "", disk.span, base_dir, &mut out);
    out.sort_by_key(|d| d.span.start);
    out
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// The last key of a path (`static_configs` of `scrape_configs[a].static_configs`).
fn last_key(path: &str) -> &str {
    let tail = path.rsplit('.').next().unwrap_or(path);
    tail.split('[').next().unwrap_or(tail)
}

fn walk(
    disk: &Node,
    running: &Node,
    path: &str,
    key_span: Span,
    base: Option<&str>,
    out: &mut Vec<Difference>,
) {
    if disk.is_null() {
        return; // null: the default, whatever it is
    }
    match (&disk.value, &running.value) {
        (Value::Map(entries), Value::Map(_)) => {
            for e in entries {
                let Some(k) = e.key.as_str() else { continue };
                let p = join(path, k);
                match running.get(k) {
                    Some(r) => walk(&e.value, r, &p, e.key.span, base, out),
                    None if is_zero(&e.value) => {}
                    None => out.push(Difference {
                        key: p,
                        span: e.key.span,
                        kind: DiffKind::Added,
                    }),
                }
            }
        }
        (Value::Seq(d), Value::Seq(r))
            if !d.is_empty() && d.iter().all(Node::is_map)
                || d.is_empty() && !r.is_empty() && r.iter().all(Node::is_map) =>
        {
            seq_of_maps(d, r, path, key_span, base, out);
        }
        (Value::Seq(d), Value::Seq(r)) => {
            // Relative paths are the file's: the server's are already resolved.
            let norm = |n: &Node, base: Option<&str>| {
                n.as_str()
                    .map(|s| normalize(last_key(path), s, base))
                    .unwrap_or_else(|| flat(n))
            };
            let mut a: Vec<String> = d.iter().map(|n| norm(n, base)).collect();
            let mut b: Vec<String> = r.iter().map(|n| norm(n, None)).collect();
            a.sort();
            b.sort();
            if a != b {
                out.push(Difference {
                    key: path.to_string(),
                    span: disk.span,
                    kind: DiffKind::Changed {
                        running: list(r),
                        disk: list(d),
                    },
                });
            }
        }
        (Value::Scalar(d, _), Value::Scalar(r, _)) => {
            if !same_scalar(last_key(path), d, r, base) {
                out.push(Difference {
                    key: path.to_string(),
                    span: disk.span,
                    kind: DiffKind::Changed {
                        running: r.to_string(),
                        disk: d.to_string(),
                    },
                });
            }
        }
        // A one-item list written as a scalar is not valid for Prometheus either; any
        // other change of shape is a difference.
        _ => {
            if is_zero(disk) && is_zero(running) {
                return;
            }
            out.push(Difference {
                key: path.to_string(),
                span: disk.span,
                kind: DiffKind::Changed {
                    running: flat(running),
                    disk: flat(disk),
                },
            });
        }
    }
}

/// The identity of an item of a list of maps: the job of a scrape config, the name of a
/// receiver or a rule group; else its position.
fn identity(n: &Node) -> Option<&str> {
    ["job_name", "name"].iter().find_map(|k| n.get_str(k))
}

fn seq_of_maps(
    d: &[Node],
    r: &[Node],
    path: &str,
    key_span: Span,
    base: Option<&str>,
    out: &mut Vec<Difference>,
) {
    let keyed = d.iter().all(|n| identity(n).is_some());
    if keyed {
        for item in d {
            let id = identity(item).unwrap_or_default();
            let p = format!("{path}[{id}]");
            match r.iter().find(|x| identity(x) == Some(id)) {
                Some(rx) => walk(item, rx, &p, item.span, base, out),
                None => out.push(Difference {
                    key: p,
                    span: ["job_name", "name"]
                        .iter()
                        .find_map(|k| item.get(k))
                        .map_or(item.span, |n| n.span),
                    kind: DiffKind::Added,
                }),
            }
        }
        for rx in r {
            let Some(id) = identity(rx) else { continue };
            if !d.iter().any(|x| identity(x) == Some(id)) {
                out.push(Difference {
                    key: format!("{path}[{id}]"),
                    span: key_span,
                    kind: DiffKind::Removed,
                });
            }
        }
        return;
    }
    for (i, item) in d.iter().enumerate() {
        let p = format!("{path}[{i}]");
        match r.get(i) {
            Some(rx) => walk(item, rx, &p, item.span, base, out),
            None => out.push(Difference {
                key: p,
                span: item.span,
                kind: DiffKind::Added,
            }),
        }
    }
    for i in d.len()..r.len() {
        out.push(Difference {
            key: format!("{path}[{i}]"),
            span: key_span,
            kind: DiffKind::Removed,
        });
    }
}

/// A value the Go structs leave out when marshalling (`omitempty`): false, 0, empty.
fn is_zero(n: &Node) -> bool {
    match &n.value {
        Value::Scalar(s, _) => {
            n.is_null() || n.as_bool() == Some(false) || s.is_empty() || s == "0" || s == "0s"
        }
        Value::Seq(v) => v.is_empty(),
        Value::Map(v) => v.is_empty(),
    }
}

/// Keys whose value is a file path (made absolute by the server against its config's
/// folder) or a list of them.
fn is_path_key(key: &str) -> bool {
    key.ends_with("_file")
        || key == "files"
        || key == "rule_files"
        || key == "templates"
        || key == "scrape_config_files"
}

fn normalize(key: &str, s: &str, base: Option<&str>) -> String {
    let s = s.trim();
    if is_path_key(key) {
        // What Go's `filepath.Join` gives against the config's folder.
        return match base {
            Some(b) if !s.is_empty() => diagnose_syntax::paths::join(b, s),
            _ => diagnose_syntax::paths::normalize(s),
        };
    }
    if let Some(ms) = diagnose_model::prometheus::parse_duration(s) {
        return format!("{ms}ms");
    }
    match s {
        "True" | "TRUE" => "true".to_string(),
        "False" | "FALSE" => "false".to_string(),
        _ => s.to_string(),
    }
}

fn same_scalar(key: &str, disk: &str, running: &str, base: Option<&str>) -> bool {
    if running == "<secret>" {
        return true; // the server never shows secrets
    }
    let (a, b) = (normalize(key, disk, base), normalize(key, running, None));
    if a == b {
        return true;
    }
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// A short one-line rendering of a value, for messages.
fn flat(n: &Node) -> String {
    match &n.value {
        Value::Scalar(s, _) => s.to_string(),
        Value::Seq(v) => list(v),
        Value::Map(v) => {
            let keys: Vec<&str> = v.iter().filter_map(|e| e.key.as_str()).collect();
            format!("{{{}}}", keys.join(", "))
        }
    }
}

fn list(v: &[Node]) -> String {
    let items: Vec<String> = v.iter().map(flat).collect();
    let s = format!("[{}]", items.join(", "));
    if s.chars().count() > 80 {
        let cut: String = s.chars().take(77).collect();
        format!("{cut}…]")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(t: &str) -> Node {
        diagnose_syntax::parse_yaml(t).0.remove(0).root
    }

    /// What Prometheus 2.42 gives back for a file that only sets a job and a target.
    const RUNNING: &str = "global:\n  scrape_interval: 1m\n  scrape_timeout: 10s\n  evaluation_interval: 1m\nrule_files:\n- /etc/prometheus/rules.yml\nscrape_configs:\n- job_name: node\n  honor_timestamps: true\n  scrape_interval: 1m\n  scrape_timeout: 10s\n  metrics_path: /metrics\n  scheme: http\n  follow_redirects: true\n  enable_http2: true\n  basic_auth:\n    username: u\n    password: <secret>\n  static_configs:\n  - targets:\n    - node:9100\n";

    #[test]
    fn defaults_durations_paths_and_secrets_are_not_differences() {
        let disk = yaml("global:\n  scrape_interval: 60s\nrule_files: [rules.yml]\nscrape_configs:\n  - job_name: node\n    honor_labels: false\n    basic_auth: {username: u, password: hunter2}\n    static_configs:\n      - targets: ['node:9100']\n");
        let d = differences(&disk, &yaml(RUNNING), Some("/etc/prometheus"));
        assert_eq!(d, vec![]);
    }

    #[test]
    fn a_changed_target_an_added_job_and_a_removed_one() {
        let text = "scrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: ['node:9200']\n  - job_name: api\n    static_configs:\n      - targets: ['api:80']\n";
        let disk = yaml(text);
        let d = differences(&disk, &yaml(RUNNING), Some("/etc/prometheus"));
        assert_eq!(d.len(), 2, "{d:#?}");
        assert_eq!(d[0].key, "scrape_configs[node].static_configs[0].targets");
        assert_eq!(
            d[0].kind,
            DiffKind::Changed {
                running: "[node:9100]".into(),
                disk: "[node:9200]".into()
            }
        );
        assert!(text[d[0].span.start as usize..].starts_with("['node:9200']"));
        assert_eq!(d[1].key, "scrape_configs[api]");
        assert_eq!(d[1].kind, DiffKind::Added);
        let gone = differences(
            &yaml("scrape_configs: []\n"),
            &yaml(RUNNING),
            Some("/etc/prometheus"),
        );
        assert_eq!(gone.len(), 1, "{gone:?}");
        assert_eq!(gone[0].key, "scrape_configs[node]");
        assert_eq!(gone[0].kind, DiffKind::Removed);
        let gone = differences(
            &yaml("scrape_configs:\n  - job_name: x\n"),
            &yaml(RUNNING),
            None,
        );
        assert!(gone
            .iter()
            .any(|d| d.key == "scrape_configs[node]" && d.kind == DiffKind::Removed));
    }

    /// `--config.file=stack/prometheus.yml`: the server gives `stack/rules.yml` back.
    #[test]
    fn paths_relative_to_a_relative_config_file() {
        let disk = yaml("rule_files: [rules.yml]\n");
        let running = yaml("rule_files:\n- stack/rules.yml\n");
        assert_eq!(differences(&disk, &running, Some("stack")), vec![]);
        let other = yaml("rule_files:\n- stack/other.yml\n");
        assert_eq!(differences(&disk, &other, Some("stack")).len(), 1);
    }

    #[test]
    fn a_changed_interval_is_a_difference() {
        let disk = yaml("global:\n  scrape_interval: 15s\n");
        let d = differences(&disk, &yaml(RUNNING), None);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].key, "global.scrape_interval");
    }
}
