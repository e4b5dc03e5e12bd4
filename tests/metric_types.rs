//! Issue 18, class 1: `rate-on-non-counter` (PQL003) and `counter-without-rate` (PQL004) judge
//! a metric's type by evidence (the stack's instrumentation code, `# TYPE` lines, the exporters'
//! table, gauge-only names), never by a name alone. Each test here failed on the name heuristic
//! these rules used before.

use diagnose_core::{check, present, Input, Lang, Options};

fn lines(inputs: Vec<Input>, code: &str) -> Vec<String> {
    let report = check(
        inputs,
        &Options {
            select: vec![code.into()],
            ..Options::default()
        },
    );
    report
        .diagnostics
        .iter()
        .map(|d| present::short_line(&report, d, Lang::En))
        .collect()
}

fn dashboard(exprs: &[(&str, &str)]) -> Input {
    let panels: Vec<String> = exprs
        .iter()
        .map(|(ty, e)| format!("{{\"type\": \"{ty}\", \"targets\": [{{\"expr\": \"{e}\"}}]}}"))
        .collect();
    Input::new(
        "dashboards/d.json",
        format!("{{\"title\": \"d\", \"panels\": [{}]}}", panels.join(", ")),
    )
}

#[test]
fn counters_named_without_total_are_not_gauges() {
    // API gateway (APISIX), Seastar (ScyllaDB, Redpanda), Erlang (prometheus.erl) counters, and
    // Kafka offsets that only grow: no evidence of a gauge, so no warning.
    let d = dashboard(&[
        ("timeseries", "sum(rate(apisix_http_status[1m])) by (code)"),
        ("timeseries", "rate(scylla_transport_requests_served[1m])"),
        ("timeseries", "rate(redpanda_raft_leadership_changes[5m])"),
        ("timeseries", "rate(erlang_vm_dist_send_bytes[1m])"),
        ("timeseries", "rate(redpanda_kafka_max_offset[1m])"),
    ]);
    assert_eq!(lines(vec![d], "PQL003"), Vec::<String>::new());
}

#[test]
fn a_counter_declared_in_the_stack_is_a_counter_whatever_its_name() {
    // prometheus-net: `Metrics.CreateCounter("sample_total_exceptions", …)`.
    let cs = Input::new(
        "src/CoreMetrics.cs",
        "using Prometheus;\nclass M {\n  Counter c = Metrics.CreateCounter(\"sample_total_exceptions\", \"x\");\n}\n",
    );
    let d = dashboard(&[("timeseries", "rate(sample_total_exceptions[5m])")]);
    assert_eq!(lines(vec![cs, d], "PQL003"), Vec::<String>::new());
}

#[test]
fn a_gauge_declared_in_saved_metrics_text_is_reported_with_its_declaration() {
    // `nginx_` names were left alone before (a legacy exporter namespace); a `# TYPE` line
    // of the stack's saved /metrics is evidence.
    let m = Input::new(
        "samples/metrics.txt",
        "# HELP nginx_connections_active Active connections\n# TYPE nginx_connections_active gauge\nnginx_connections_active 3\n",
    );
    let d = dashboard(&[("timeseries", "rate(nginx_connections_active[5m])")]);
    let report = check(
        vec![m, d],
        &Options {
            select: vec!["PQL003".into()],
            ..Options::default()
        },
    );
    assert_eq!(report.diagnostics.len(), 1);
    let diag = &report.diagnostics[0];
    assert_eq!(
        present::short_line(&report, diag, Lang::En),
        "dashboards/d.json:1:77: warning[PQL003] `rate` over `nginx_connections_active`, which this stack declares as a `gauge`, not a counter"
    );
    let rel = &diag.related[0];
    assert_eq!(report.file(rel.file).path, "samples/metrics.txt");
}

#[test]
fn exporter_table_gauges_are_reported_and_name_their_source() {
    // `process_` names were left alone before.
    let d = dashboard(&[("timeseries", "irate(process_virtual_memory_max_bytes[5m])")]);
    let got = lines(vec![d], "PQL003");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].contains("typed `gauge` in the metrics of prometheus/node_exporter"));
}

#[test]
fn a_total_declared_as_a_gauge_is_not_a_counter() {
    let py = Input::new(
        "exporter/app.py",
        "from prometheus_client import Gauge\nPENDING = Gauge('esxi_backups_pending_total', 'Backups waiting')\n",
    );
    let d = dashboard(&[("piechart", "esxi_backups_pending_total")]);
    assert_eq!(lines(vec![py, d], "PQL004"), Vec::<String>::new());
}

#[test]
fn counter_without_rate_covers_rules_and_rises_to_warning_on_evidence() {
    let go = Input::new(
        "app/main.go",
        "package main\nimport \"github.com/prometheus/client_golang/prometheus\"\nvar orders = prometheus.NewCounter(prometheus.CounterOpts{Namespace: \"shop\", Name: \"orders_total\"})\n",
    );
    let rules = Input::new(
        "rules/shop.yml",
        "groups:\n  - name: shop\n    rules:\n      - alert: Orders\n        expr: sum(shop_orders_total) > 100\n      - record: job:unknown:sum\n        expr: sum(unknown_total)\n      - alert: Fine\n        expr: sum(rate(shop_orders_total[5m])) > 1\n",
    );
    assert_eq!(
        lines(vec![go, rules], "PQL004"),
        [
            "rules/shop.yml:5:19: warning[PQL004] the counter `shop_orders_total` is used raw in a rule, without `rate` or `increase`",
            "rules/shop.yml:7:19: info[PQL004] the counter `unknown_total` is used raw in a rule, without `rate` or `increase`",
        ]
    );
}

#[test]
fn stat_and_table_panels_show_totals_on_purpose() {
    let d = dashboard(&[
        ("stat", "prometheus_tsdb_wal_corruptions_total"),
        ("table", "sum without(instance)(node_cpu_seconds_total)"),
        ("timeseries", "process_cpu_seconds_total"),
    ]);
    let got = lines(vec![d], "PQL004");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].contains("warning[PQL004] the counter `process_cpu_seconds_total`"));
}
