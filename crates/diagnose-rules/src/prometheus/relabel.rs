//! Relabelling as Prometheus applies it (`model/relabel/relabel.go`), on label sets where
//! some values are unknown (a pod IP, a generated pod name): a rule that depends on an
//! unknown value makes the outcome unknown rather than guessed.

use super::re2::{self, Regex};
use diagnose_syntax::source::Span;
use diagnose_syntax::Node;
use std::collections::BTreeMap;

/// One `relabel_configs` entry.
#[derive(Clone, Debug)]
pub struct RelabelRule {
    pub source_labels: Vec<String>,
    pub separator: String,
    /// `None` when the pattern does not compile or is too large to run.
    pub regex: Option<Regex>,
    pub regex_span: Option<Span>,
    pub modulus: u64,
    pub target_label: Option<String>,
    pub replacement: String,
    /// Lowercased action (`replace` when absent).
    pub action: String,
    pub span: Span,
}

/// Reads a `relabel_configs` list (entries that are not mappings are skipped).
pub fn parse_rules(list: Option<&Node>) -> Vec<RelabelRule> {
    list.map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter(|n| n.is_map())
        .map(|n| {
            let regex_src = n.get_str("regex").unwrap_or("(.*)");
            RelabelRule {
                source_labels: n
                    .get("source_labels")
                    .map(Node::items)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect(),
                separator: n
                    .get("separator")
                    .and_then(|s| match &s.value {
                        diagnose_syntax::Value::Scalar(t, _) => Some(t.to_string()),
                        _ => None,
                    })
                    .unwrap_or_else(|| ";".into()),
                regex: Regex::new(regex_src).ok(),
                regex_span: n.get("regex").map(|r| r.span),
                modulus: n
                    .get("modulus")
                    .and_then(Node::as_i64)
                    .map_or(0, |m| m.max(0) as u64),
                target_label: n.get_str("target_label").map(str::to_string),
                replacement: n
                    .get("replacement")
                    .and_then(|s| match &s.value {
                        diagnose_syntax::Value::Scalar(t, _) => Some(t.to_string()),
                        _ => None,
                    })
                    .unwrap_or_else(|| "$1".into()),
                action: n
                    .get_str("action")
                    .unwrap_or("replace")
                    .to_ascii_lowercase(),
                span: n.span,
            }
        })
        .collect()
}

/// A label value, or a value the files do not tell.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Known(String),
    Unknown,
}

pub type LabelSet = BTreeMap<String, Val>;

#[derive(Debug)]
pub enum Outcome {
    /// The target survives; `keeps` are the indexes of the `keep` rules it passed.
    Kept {
        labels: LabelSet,
        keeps: Vec<usize>,
    },
    Dropped,
    Unknown,
}

/// Whether a label absent from the set is known to be empty. Prometheus-generated
/// `__meta_*` labels that the caller did not provide are unknown.
fn lookup(ls: &LabelSet, name: &str) -> Val {
    match ls.get(name) {
        Some(v) => v.clone(),
        None if name.starts_with("__meta_") => Val::Unknown,
        None => Val::Known(String::new()),
    }
}

fn joined(ls: &LabelSet, r: &RelabelRule) -> Val {
    let mut parts = Vec::new();
    for s in &r.source_labels {
        match lookup(ls, s) {
            Val::Known(v) => parts.push(v),
            Val::Unknown => return Val::Unknown,
        }
    }
    Val::Known(parts.join(&r.separator))
}

fn set(ls: &mut LabelSet, name: &str, v: Val) {
    if v == Val::Known(String::new()) {
        ls.remove(name);
    } else {
        ls.insert(name.to_string(), v);
    }
}

/// Applies `rules` in order.
pub fn apply(rules: &[RelabelRule], mut ls: LabelSet) -> Outcome {
    let mut keeps = Vec::new();
    for (i, r) in rules.iter().enumerate() {
        let Some(re) = &r.regex else {
            return Outcome::Unknown;
        };
        match r.action.as_str() {
            "replace" => {
                let Some(target) = &r.target_label else {
                    return Outcome::Unknown;
                };
                match joined(&ls, r) {
                    Val::Unknown => {
                        if target.contains('$') {
                            return Outcome::Unknown;
                        }
                        set(&mut ls, target, Val::Unknown);
                    }
                    Val::Known(v) => {
                        let Some(res) = re.replace_each(&v, [&r.replacement, target]) else {
                            return Outcome::Unknown;
                        };
                        let Some([value, name]) = res else { continue };
                        if name.is_empty() {
                            continue;
                        }
                        set(&mut ls, &name, Val::Known(value));
                    }
                }
            }
            "keep" | "drop" => match joined(&ls, r) {
                Val::Unknown => return Outcome::Unknown,
                Val::Known(v) => {
                    let Some(m) = re.full_match(&v) else {
                        return Outcome::Unknown;
                    };
                    if m != (r.action == "keep") {
                        return Outcome::Dropped;
                    }
                    if r.action == "keep" {
                        keeps.push(i);
                    }
                }
            },
            "keepequal" | "dropequal" => {
                let Some(target) = &r.target_label else {
                    return Outcome::Unknown;
                };
                match (joined(&ls, r), lookup(&ls, target)) {
                    (Val::Known(a), Val::Known(b)) => {
                        if (a == b) != (r.action == "keepequal") {
                            return Outcome::Dropped;
                        }
                    }
                    _ => return Outcome::Unknown,
                }
            }
            "lowercase" | "uppercase" => {
                let Some(target) = &r.target_label else {
                    return Outcome::Unknown;
                };
                let v = match joined(&ls, r) {
                    Val::Known(v) if r.action == "lowercase" => Val::Known(v.to_lowercase()),
                    Val::Known(v) => Val::Known(v.to_uppercase()),
                    Val::Unknown => Val::Unknown,
                };
                set(&mut ls, target, v);
            }
            "hashmod" => {
                let Some(target) = &r.target_label else {
                    return Outcome::Unknown;
                };
                set(&mut ls, target, Val::Unknown);
            }
            "labelmap" => {
                let mut add = Vec::new();
                for (name, v) in &ls {
                    let Some(res) = re.replace(name, &r.replacement) else {
                        return Outcome::Unknown;
                    };
                    if let Some(new) = res {
                        add.push((new, v.clone()));
                    }
                }
                for (n, v) in add {
                    set(&mut ls, &n, v);
                }
            }
            "labeldrop" | "labelkeep" => {
                let mut out = LabelSet::new();
                for (name, v) in &ls {
                    let Some(m) = re.full_match(name) else {
                        return Outcome::Unknown;
                    };
                    if m == (r.action == "labelkeep") {
                        out.insert(name.clone(), v.clone());
                    }
                }
                ls = out;
            }
            _ => return Outcome::Unknown,
        }
    }
    Outcome::Kept { labels: ls, keeps }
}

/// Prometheus's label-name sanitiser for Kubernetes labels and annotations
/// (`strutil.SanitizeLabelName`): every character outside `[a-zA-Z0-9_]` becomes `_`.
pub fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Whether a pattern compiles under RE2 rules (for diagnostics).
pub fn regex_error(pattern: &str) -> Option<String> {
    re2::check(pattern).err()
}

#[cfg(test)]
mod tests {
    use super::*;
    use diagnose_syntax::parse_yaml;

    fn rules(yaml: &str) -> Vec<RelabelRule> {
        let (docs, _) = parse_yaml(yaml);
        parse_rules(Some(&docs[0].root))
    }

    fn k(v: &str) -> Val {
        Val::Known(v.into())
    }

    #[test]
    fn keep_and_replace() {
        let r = rules(
            "- source_labels: [__meta_kubernetes_pod_label_app]\n  action: keep\n  regex: backend-api|postgres|redis\n- source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port]\n  regex: ([^:]+)(?::\\d+)?;(\\d+)\n  replacement: $1:$2\n  target_label: __address__\n",
        );
        let mut ls = LabelSet::new();
        ls.insert("__meta_kubernetes_pod_label_app".into(), k("postgres"));
        ls.insert("__address__".into(), k("10.1.2.3:5432"));
        ls.insert(
            "__meta_kubernetes_pod_annotation_prometheus_io_port".into(),
            k(""),
        );
        match apply(&r, ls.clone()) {
            Outcome::Kept { labels, keeps } => {
                assert_eq!(labels.get("__address__"), Some(&k("10.1.2.3:5432")));
                assert_eq!(keeps, vec![0]);
            }
            o => panic!("{o:?}"),
        }
        ls.insert("__meta_kubernetes_pod_label_app".into(), k("web"));
        assert!(matches!(apply(&r, ls.clone()), Outcome::Dropped));
        ls.remove("__meta_kubernetes_pod_label_app");
        // An absent pod label is empty only if the caller said so; here it is unknown.
        assert!(matches!(apply(&r, ls), Outcome::Unknown));
    }

    #[test]
    fn sanitizes_like_prometheus() {
        assert_eq!(sanitize("app.kubernetes.io/name"), "app_kubernetes_io_name");
    }
}
