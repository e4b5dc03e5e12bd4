//! Evidence that a Grafana datasource is VictoriaMetrics, read from the queries themselves:
//! a dashboard that calls a function only MetricsQL has (`topk_max`, `range_last`, …) on a
//! datasource shows that this datasource answers MetricsQL. Every other query of the stack
//! on the same datasource is then MetricsQL too, even when it uses nothing but MetricsQL's
//! relaxed syntax (`rate(x)` without a window, `sum(x[5m])`), which PromQL refuses.

use super::dashboards::{datasource_variables, panels, read_ds, DsRef};
use super::scalar_text;
use crate::Stack;
use diagnose_syntax::Node;

/// Functions MetricsQL has and PromQL has not: the MetricsQL extensions of
/// VictoriaMetrics/metricsql `aggr.go` (76a2716f) and `transform.go` (c81befef), without
/// the names Prometheus 3 added as experimental functions (`limitk`, `sort_by_label`,
/// `sort_by_label_desc`) and the short generic ones (`any`, `mode`, `median`, `union`, …).
const METRICSQL_ONLY: &[&str] = &[
    "topk_min",
    "topk_max",
    "topk_avg",
    "topk_median",
    "bottomk_min",
    "bottomk_max",
    "bottomk_avg",
    "bottomk_median",
    "outliersk",
    "label_set",
    "label_map",
    "label_uppercase",
    "label_lowercase",
    "label_del",
    "label_keep",
    "label_copy",
    "label_move",
    "label_transform",
    "label_value",
    "label_match",
    "label_mismatch",
    "keep_last_value",
    "keep_next_value",
    "running_sum",
    "running_max",
    "running_min",
    "running_avg",
    "range_sum",
    "range_max",
    "range_min",
    "range_avg",
    "range_first",
    "range_last",
    "range_quantile",
    "smooth_exponential",
    "remove_resets",
    "prometheus_buckets",
    "buckets_limit",
    "histogram_share",
];

/// The first MetricsQL-only function the query calls (`name(`), outside string literals.
pub fn metricsql_only_call(q: &str) -> Option<&str> {
    let b = q.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'"' || c == b'\'' || c == b'`' {
            // Skip the string literal (backslash escapes in the quoted forms).
            i += 1;
            while i < b.len() && b[i] != c {
                i += if b[i] == b'\\' && c != b'`' { 2 } else { 1 };
            }
            i += 1;
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b':') {
                i += 1;
            }
            let word = &q[start..i];
            let next = q[i..].trim_start();
            if next.starts_with('(') {
                if let Some(f) = METRICSQL_ONLY.iter().find(|f| f.eq_ignore_ascii_case(word)) {
                    return Some(f);
                }
            }
            continue;
        }
        i += 1;
    }
    None
}

/// Whether a query names the `vmrange` label: the buckets of VictoriaMetrics' histograms
/// (`vmrange="1.0e0...1.5e0"` instead of `le`), which dashboards written for
/// VictoriaMetrics read with MetricsQL (`label_replace(x_bucket, "le", "$1", "vmrange", …)`
/// under a range, which PromQL refuses).
pub fn names_vmrange(q: &str) -> bool {
    q.contains("vmrange")
}

/// The key of a datasource reference in [`metricsql_datasources`]: its name or uid as
/// written; [`DEFAULT`] for the default datasource (no reference at all); a variable as
/// `#<dashboard index>:<name>` (a variable is local to its dashboard).
pub fn key(target: &DsRef, dashboard: usize) -> Option<String> {
    match target {
        DsRef::Name(n) | DsRef::Uid(n) => Some(n.clone()),
        DsRef::Inherit => Some(DEFAULT.to_string()),
        DsRef::Variable(v) => Some(format!("#{dashboard}:{v}")),
        DsRef::Builtin | DsRef::Placeholder(_) => None,
    }
}

/// The key of the default datasource.
pub const DEFAULT: &str = "";

/// Keys (see [`key`]) of the datasources that some dashboard of the stack queries with a
/// MetricsQL-only function.
pub fn metricsql_datasources(stack: &Stack) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, d) in stack.grafana.dashboards.iter().enumerate() {
        let model = d.model();
        let vars = datasource_variables(model);
        for p in panels(model) {
            let pds = read_ds(p.get("datasource"), &vars);
            for t in p.get("targets").map(Node::items).unwrap_or_default() {
                let Some(text) = t.get("expr").and_then(scalar_text) else {
                    continue;
                };
                if metricsql_only_call(text).is_none() && !names_vmrange(text) {
                    continue;
                }
                let own = read_ds(t.get("datasource"), &vars);
                let target = own
                    .filter(|u| u.target != DsRef::Inherit)
                    .or(pds.clone())
                    .map_or(DsRef::Inherit, |u| u.target);
                if let Some(k) = key(&target, i) {
                    if !out.contains(&k) {
                        out.push(k);
                    }
                }
            }
        }
    }
    out
}

/// True when the first reference other than "inherit" among `targets` (the query's own,
/// then its panel's; none: the default datasource) is one that `vm_refs` holds and the
/// files do not define: a datasource they define (or a known default) speaks what its
/// settings say, and a MetricsQL function sent to a Prometheus remains an error.
pub fn shown_metricsql(
    stack: &Stack,
    vm_refs: &[String],
    dashboard: usize,
    targets: &[&DsRef],
    default_known: bool,
) -> bool {
    let target = targets
        .iter()
        .find(|t| ***t != DsRef::Inherit)
        .copied()
        .unwrap_or(&DsRef::Inherit);
    key(target, dashboard).is_some_and(|k| vm_refs.contains(&k))
        && match target {
            DsRef::Name(n) | DsRef::Uid(n) => !stack.grafana.datasources.iter().any(|d| {
                d.uid.as_deref() == Some(n.as_str())
                    || d.name.as_ref().is_some_and(|x| &x.value == n)
            }),
            DsRef::Inherit => !default_known,
            _ => true,
        }
}

#[cfg(test)]
mod tests {
    use super::metricsql_only_call;

    #[test]
    fn finds_only_metricsql_calls() {
        assert_eq!(metricsql_only_call("topk_max(5, x)"), Some("topk_max"));
        assert_eq!(
            metricsql_only_call("bottomk(3, range_last (up[30s]))"),
            Some("range_last")
        );
        assert_eq!(metricsql_only_call("topk(5, rate(x[5m]))"), None);
        // A label value or a metric name is not a call.
        assert_eq!(metricsql_only_call("x{f=\"range_last(\"}"), None);
        assert_eq!(metricsql_only_call("range_last_seen"), None);
    }
}
