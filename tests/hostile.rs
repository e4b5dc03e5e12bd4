//! Hostile input through the core API: each case ends in a clear diagnostic (or nothing,
//! for an empty file) within bounded time, and the other files of the stack are still
//! checked (a known diagnostic in a healthy file is still reported). Timings are printed,
//! not asserted; the only bound is a generous sanity limit against hangs. The CLI-level
//! cases (files on disk: 50 MB, non-UTF-8, binary, symlink loop, unreadable) are in
//! `crates/diagnose-cli/tests/hostile.rs`.

use diagnose_core::{check, present, Input, Lang, Options, Report};
use std::time::{Duration, Instant};

/// A healthy stack with one known problem: Grafana's datasource points at `localhost`
/// from inside the grafana container (NET001 at datasource.yml:5).
fn healthy() -> Vec<Input> {
    vec![
        Input::new(
            "docker-compose.yml",
            "services:\n  prometheus:\n    image: prom/prometheus\n    ports: [\"9090:9090\"]\n  grafana:\n    image: grafana/grafana\n    volumes:\n      - ./grafana/provisioning:/etc/grafana/provisioning\n",
        ),
        Input::new(
            "grafana/provisioning/datasources/datasource.yml",
            "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    url: http://localhost:9090\n",
        ),
    ]
}

const SANITY: Duration = Duration::from_secs(120);

/// Checks `hostile` with the healthy stack; returns the report.
fn run(name: &str, hostile: Vec<Input>) -> Report {
    let mut inputs = healthy();
    inputs.extend(hostile);
    let t = Instant::now();
    let report = check(inputs, &Options::default());
    // Every output can be produced.
    let json = present::json_report(&report, Lang::En);
    for d in &report.diagnostics {
        let _ = present::short_line(&report, d, Lang::Fr);
    }
    let took = t.elapsed();
    eprintln!("{name}: {took:?}, {} diagnostics", json.diagnostics.len());
    assert!(took < SANITY, "{name} took {took:?}");
    let still = report.diagnostics.iter().any(|d| {
        d.code == "NET001"
            && report.file(d.primary.file).path == "grafana/provisioning/datasources/datasource.yml"
    });
    assert!(still, "{name}: the healthy files were not checked");
    report
}

fn diagnostics_of(report: &Report, path: &str) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| report.file(d.primary.file).path == path)
        .map(|d| present::short_line(report, d, Lang::En))
        .collect()
}

fn assert_parse_error(report: &Report, path: &str, words: &str) {
    let ds = diagnostics_of(report, path);
    assert!(
        ds.iter()
            .any(|d| d.contains("DIAG001") && d.contains(words)),
        "{path}: expected a parse error with `{words}`, got {ds:#?}"
    );
}

#[test]
fn billion_laughs() {
    let mut t = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        t.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let r = run("billion laughs", vec![Input::new("bomb.yml", t.clone())]);
    assert_parse_error(&r, "bomb.yml", "alias");
    // Named as a compose file, too.
    let r = run(
        "billion laughs (compose)",
        vec![Input::new("compose.yaml", t)],
    );
    assert_parse_error(&r, "compose.yaml", "alias");
}

#[test]
fn merge_key_chain() {
    // Each mapping merges the previous one: quadratic in size if merges are naive.
    let mut t = String::from("m0: &m0 {k0: 0}\n");
    for i in 1..3000 {
        t.push_str(&format!("m{i}: &m{i} {{<<: *m{}, k{i}: {i}}}\n", i - 1));
    }
    let r = run("merge key chain", vec![Input::new("merge.yml", t)]);
    assert!(
        diagnostics_of(&r, "merge.yml")
            .iter()
            .all(|d| d.contains("DIAG001")),
        "only a parse error (or nothing) on merge.yml"
    );
}

#[test]
fn deep_nesting_yaml() {
    let flow_seq = "[".repeat(10_000);
    let flow_map = "{a: ".repeat(10_000);
    let block = format!("{}x\n", "- ".repeat(10_000));
    let r = run(
        "deep YAML",
        vec![
            Input::new("deep-seq.yml", flow_seq),
            Input::new("deep-map.yml", flow_map),
            Input::new("deep-block.yml", block),
        ],
    );
    for f in ["deep-seq.yml", "deep-map.yml", "deep-block.yml"] {
        // Our limit, or the YAML parser's own.
        let ds = diagnostics_of(&r, f);
        assert!(
            ds.iter().any(|d| d.contains("DIAG001")
                && (d.contains("nesting deeper than") || d.contains("recursion limit"))),
            "{f}: {ds:#?}"
        );
    }
}

#[test]
fn deep_nesting_json() {
    let arrays = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let objects = format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    let r = run(
        "deep JSON",
        vec![
            Input::new("dashboards/deep-arrays.json", arrays),
            Input::new("dashboards/deep-objects.json", objects),
        ],
    );
    for f in [
        "dashboards/deep-arrays.json",
        "dashboards/deep-objects.json",
    ] {
        assert_parse_error(&r, f, "nesting deeper than");
    }
}

#[test]
fn deep_nesting_inside_a_configmap() {
    let inner = "[".repeat(10_000);
    let t = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  prometheus.yml: '{inner}'\n  dashboard.json: '{inner}'\n"
    );
    let r = run("deep embedded", vec![Input::new("k8s/cm.yaml", t)]);
    let ds = diagnostics_of(&r, "k8s/cm.yaml");
    assert_eq!(
        ds.iter().filter(|d| d.contains("DIAG001")).count(),
        2,
        "{ds:#?}"
    );
}

#[test]
fn empty_files() {
    let r = run(
        "empty",
        vec![
            Input::new("prometheus/prometheus.yml", ""),
            Input::new("alertmanager.yml", "\n\n"),
            Input::new("compose.override.yaml", "---\n"),
            Input::new(".env", ""),
            Input::new("dashboards/empty.json", ""),
        ],
    );
    assert!(diagnostics_of(&r, "prometheus/prometheus.yml").is_empty());
    // Like an empty YAML file, an empty JSON file holds nothing to check: an info, not an
    // error (issue 18, class 3).
    assert_parse_error(&r, "dashboards/empty.json", "info[DIAG001] empty file");
}

#[test]
fn replacement_characters_and_control_bytes() {
    // What a front end makes of non-UTF-8 bytes (lossy decoding), and binary junk.
    let lossy = String::from_utf8_lossy(b"scrape_configs:\n  - job_name: \xff\xfe\n").into_owned();
    let binary: String = (0u8..=255).map(char::from).cycle().take(4096).collect();
    let r = run(
        "replacement characters",
        vec![
            Input::new("prometheus.yml", lossy),
            Input::new("binary.yml", binary.clone()),
            Input::new("binary.json", binary),
        ],
    );
    assert_parse_error(&r, "binary.yml", "");
    assert_parse_error(&r, "binary.json", "");
}

#[test]
fn dashboard_of_5000_panels() {
    let mut panels = Vec::new();
    for i in 0..5000 {
        panels.push(format!(
            "{{\"id\": {i}, \"type\": \"timeseries\", \"title\": \"p{i}\", \"gridPos\": {{\"h\": 8, \"w\": 12, \"x\": 0, \"y\": {i}}}, \"datasource\": {{\"type\": \"prometheus\", \"uid\": \"prom\"}}, \"targets\": [{{\"expr\": \"rate(http_requests_total{{job=\\\"api\\\"}}[5m])\", \"refId\": \"A\"}}]}}"
        ));
    }
    let t = format!(
        "{{\"title\": \"big\", \"uid\": \"big\", \"schemaVersion\": 39, \"panels\": [{}]}}",
        panels.join(",")
    );
    assert!(t.len() > 1_000_000);
    let r = run(
        "5000 panels",
        vec![Input::new("grafana/dashboards/big.json", t)],
    );
    assert!(
        r.workspace
            .docs
            .iter()
            .any(|d| d.kind == diagnose_core::workspace::Kind::GrafanaDashboard),
        "the dashboard is read as one"
    );
}

#[test]
fn many_broken_files() {
    let mut hostile = Vec::new();
    for i in 0..300 {
        hostile.push(Input::new(format!("broken/{i}.yml"), "a: [\nb: {\n"));
    }
    let r = run("300 broken files", hostile);
    assert_eq!(
        r.diagnostics.iter().filter(|d| d.code == "DIAG001").count(),
        300
    );
}

#[test]
fn long_lines_and_huge_scalars() {
    let long_value = "x".repeat(2_000_000);
    let t = format!(
        "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: \"{long_value}\"\n"
    );
    run(
        "2 MB scalar",
        vec![Input::new("prometheus/prometheus.yml", t)],
    );
}

#[test]
fn many_secrets_and_many_diagnostics() {
    // Found by fuzzing: redacting every message against every secret was quadratic.
    let mut t = String::from("apiVersion: 1\ndatasources:\n");
    for i in 0..3000 {
        t.push_str(&format!(
            "  - name: ds{i}\n    type: prometheus\n    url: http://u:pw-{i:05}-secret@localhost:{}\n    basicAuthPassword: other-{i:05}-secret\n",
            10000 + i
        ));
    }
    let r = run(
        "3000 secrets, 3000 diagnostics",
        vec![Input::new("grafana/provisioning/datasources/many.yml", t)],
    );
    let t = Instant::now();
    let json = serde_json::to_string(&present::json_report(&r, Lang::En)).unwrap();
    eprintln!("JSON with redaction: {:?}", t.elapsed());
    assert!(r.diagnostics.len() > 3000);
    assert!(!json.contains("-secret"));
}
