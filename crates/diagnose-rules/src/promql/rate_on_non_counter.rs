use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
#[cfg(feature = "promql")]
use diagnose_model::promql::{self, Query};
#[cfg(feature = "promql")]
use diagnose_text::msg;
use diagnose_text::texts;
#[cfg(feature = "promql")]
use promql_parser::parser::Expr;

pub static RULE: Rule = Rule {
    code: "PQL003",
    name: "rate-on-non-counter",
    domain: "promql",
    severity: Severity::Warning,
    fix: FixKind::None,
    messages: texts! {
        "PQL003.message" => "`{func}` over `{metric}`, whose name says it is not a counter",
            "`{func}` sur `{metric}`, dont le nom indique que ce n’est pas un compteur";
        "PQL003.note" => "`rate`, `irate` and `increase` read every decrease as a counter reset: on a gauge (a value that goes up and down) they return meaningless numbers",
            "`rate`, `irate` et `increase` prennent chaque baisse pour une remise à zéro du compteur : sur une jauge (une valeur qui monte et descend) ils renvoient des nombres sans signification";
        "PQL003.help" => "for a gauge use `deriv` or `delta`, or show the value itself; if it is a counter, its name should end with `_total`",
            "pour une jauge utilisez `deriv` ou `delta`, ou affichez la valeur elle-même ; si c’est un compteur, son nom devrait finir par `_total`";
    },
    check,
};

/// Reads parsed queries: without the `promql` feature (the web app's first module), the
/// check runs in the module that has the parser.
#[cfg(not(feature = "promql"))]
fn check(_: &mut Ctx<'_>) {}

#[cfg(feature = "promql")]
fn check(cx: &mut Ctx<'_>) {
    for q in cx.queries() {
        let Some(p) = q.parsed() else { continue };
        let sels = promql::selectors(&p.expr);
        for (i, (vs, anc)) in sels.iter().enumerate() {
            // The selector must be the range argument of rate/irate/increase.
            let [.., Expr::Call(c), Expr::MatrixSelector(_)] = anc.as_slice() else {
                continue;
            };
            let func = c.func.name;
            if !matches!(func, "rate" | "irate" | "increase") {
                continue;
            }
            let Some(name) = promql::metric_name(vs) else {
                continue;
            };
            if !looks_like_gauge(name) {
                continue;
            }
            report(cx, q, i, sels.len(), func, name);
        }
    }
}

#[cfg(feature = "promql")]
fn report(cx: &mut Ctx<'_>, q: &Query, i: usize, n: usize, func: &str, metric: &str) {
    let p = q.parsed().unwrap();
    let span = match p.outline().selectors.get(i) {
        Some(&(s, e)) if p.outline().selectors.len() == n => q.sub_span(s, e),
        _ => q.span(0, q.text.len()),
    };
    let d = cx.report(
        q.file,
        span,
        msg!("PQL003.message", func = func, metric = metric),
    );
    d.note(msg!("PQL003.note"));
    d.help(msg!("PQL003.help"));
}

/// Namespaces of widely used exporters that name some counters without `_total` (they
/// predate the convention or mirror another system's names): their names are not
/// evidence of a gauge. Well-known gauges among them are listed in `GAUGES`.
const LEGACY_NAMESPACES: &[&str] = &[
    "node_",
    "container_",
    "machine_",
    "nginx_",
    "envoy_",
    "pg_",
    "postgres_",
    "mysql_",
    "oracledb_",
    "mongodb_",
    "redis_",
    "memcached_",
    "couchdb_",
    "elasticsearch_",
    "cassandra_",
    "kafka_",
    "zookeeper_",
    "rabbitmq_",
    "haproxy_",
    "apache_",
    "jaeger_",
    "otelcol_",
    "otel_",
    "pilot_",
    "galley_",
    "citadel_",
    "istio_",
    "if",
    "snmp_",
    "junos_",
    "cloudflare_",
    "azurerm_",
    "aws_",
    "stackdriver_",
    "gnatsd_",
    "nats_",
    "kubelet_",
    "kubeproxy_",
    "apiserver_",
    "etcd_",
    "coredns_",
    "workqueue_",
    "rest_client_",
    "netdata_",
    "prometheus_",
    "alertmanager_",
    "go_",
    "process_",
    "jvm_",
    "java_",
    "tomcat_",
    "consul_",
    "traefik_",
    "minio_",
    "ceph_",
    "windows_",
    "wmi_",
    "fluentd_",
    "fluentbit_",
    "ClickHouse",
    "cilium_",
    "ingress_controller_",
    "vm_",
    "vmagent_",
    "vmalert_",
    "grafana_",
    "loki_",
    "cortex_",
    "thanos_",
];

/// Well-known gauges (exact names, or prefixes ending in `_`).
const GAUGES: &[&str] = &[
    "up",
    "node_load1",
    "node_load5",
    "node_load15",
    "node_memory_",
    "node_filesystem_avail",
    "node_filesystem_free",
    "node_filesystem_size",
    "node_filesystem_files",
    "node_procs_",
    "node_disk_io_now",
    "node_network_up",
    "node_network_mtu_bytes",
    "node_network_speed_bytes",
    "node_hwmon_temp_celsius",
    "container_memory_usage_bytes",
    "container_memory_working_set_bytes",
    "container_memory_rss",
    "container_memory_cache",
    "container_spec_",
    "process_resident_memory_bytes",
    "process_virtual_memory_bytes",
    "process_open_fds",
    "process_max_fds",
    "go_goroutines",
    "go_threads",
    "scrape_duration_seconds",
    "scrape_samples_scraped",
    "scrape_series_added",
    "workqueue_depth",
    "kubelet_node_config_error",
    "apiserver_current_inflight_requests",
    "kube_",
];

const GAUGE_SUFFIXES: &[&str] = &[
    "_ratio",
    "_percent",
    "_percentage",
    "_celsius",
    "_info",
    "_in_progress",
    "_inflight",
    "_in_flight",
    "_temperature",
];

/// Whether a metric name says the series is not a counter.
pub fn looks_like_gauge(name: &str) -> bool {
    if name.contains(':') {
        // Recording rules name what they computed; leave them alone.
        return false;
    }
    if ["_total", "_count", "_sum", "_bucket"]
        .iter()
        .any(|s| name.ends_with(s))
    {
        return false;
    }
    // Timestamps only grow: a rate of them (a lag) is meaningful.
    if name.contains("timestamp") || name.ends_with("_time_seconds") || name.ends_with("last_seen")
    {
        return false;
    }
    if GAUGES
        .iter()
        .any(|g| name == *g || (g.ends_with('_') && name.starts_with(g)))
        || GAUGE_SUFFIXES.iter().any(|s| name.ends_with(s))
    {
        return true;
    }
    // Modern client libraries end counter names with `_total` (OpenMetrics requires it):
    // an application metric without it is taken for a gauge, but not the legacy names of
    // well-known exporters.
    !LEGACY_NAMESPACES.iter().any(|p| name.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::looks_like_gauge as g;
    #[test]
    fn names() {
        assert!(g("esxi_verifications_passed"));
        assert!(g("node_memory_MemFree_bytes"));
        assert!(g("up"));
        assert!(!g("http_requests_total"));
        assert!(!g("x_bucket"));
        assert!(!g("node_cpu"));
        assert!(!g("node_network_receive_bytes"));
        assert!(!g("job:http_requests:rate5m"));
        assert!(g("node_disk_io_now"));
        assert!(!g("envoy_cluster_upstream_rq_completed"));
        assert!(g("workqueue_depth"));
        assert!(!g("prometheus_remote_storage_highest_timestamp_in_seconds"));
    }
}
