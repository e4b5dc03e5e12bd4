//! Issue 18, second sample of public repositories diagnose was not tuned on: one test per
//! class of false alarm found there (each fails on the behaviour before the fix).
//! Synthetic stacks written after the real cases, never copied from them.

use diagnose_core::{check, present, Input, Lang, Options, Report, Severity};
use diagnose_tests::{check_selected, short_lines};

fn report(files: &[(&str, &str)]) -> Report {
    check_selected(files, &[])
}

/// One rule over `files`, the folder's listing (what the CLI's walker sees) holding them and
/// the files `on_disk` that diagnose does not read.
fn check_with_listing(files: &[(&str, &str)], on_disk: &[&str], rule: &str) -> Report {
    let mut known = diagnose_core::model::known_paths::KnownPaths::new(vec![String::new()]);
    for p in files.iter().map(|(p, _)| *p).chain(on_disk.iter().copied()) {
        known.add_file(p);
    }
    check(
        files.iter().map(|(p, t)| Input::new(*p, *t)).collect(),
        &Options {
            select: vec![rule.into()],
            known_paths: Some(std::sync::Arc::new(known)),
            ..Options::default()
        },
    )
}

/// Short lines of every diagnostic, and of the errors and warnings alone.
fn lines(files: &[(&str, &str)]) -> (Vec<String>, Vec<String>) {
    let r = report(files);
    let all = short_lines(&r, |_| true);
    let alarms = short_lines(&r, |d| d.severity >= Severity::Warning);
    (all, alarms)
}

// ---------- a Helm chart's values with `storage:` and `otlp:` are not Prometheus's ----------

#[test]
fn other_tools_storage_and_otlp_sections_are_not_a_prometheus_config() {
    // A tracing backend's chart values: `storage.backend`, `otlp.http`.
    let values = "otlp:\n  http:\n    enabled: true\n  grpc:\n    enabled: true\nstorage:\n  backend: s3\n  s3:\n    bucket: traces\n";
    let (all, alarms) = lines(&[("charts/tracing/values.yaml", values)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    // A file with only a `storage.trace` section, as a chart's CI values have.
    let ci = "storage:\n  trace:\n    block:\n      version: vParquet4\n";
    let (all, alarms) = lines(&[("charts/tracing/ci/columns.yaml", ci)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    // A chart's `storage:` whose keys are two edits from `tsdb` (`smb`) is no typo of it
    // (third sample: Apocrathia/homelab's generic-app values).
    let smb = "storage:\n  longhorn:\n    enabled: true\n  smb:\n    enabled: true\n";
    let (all, alarms) = lines(&[("helm/generic-app/values.yaml", smb)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    // One edit from a short key is still its typo.
    let (all, _) = lines(&[(
        "prometheus/prometheus.yml",
        "storage:\n  tsd:\n    retention: 1d\n",
    )]);
    assert!(
        all.iter()
            .any(|l| l.contains("PROM004") && l.contains("tsd")),
        "{all:?}"
    );
    // Prometheus's own sections are still read, a misspelt key still reported.
    let prom = "storage:\n  tsdb:\n    out_of_order_time_windw: 10m\n";
    let (all, _) = lines(&[("prometheus/prometheus.yml", prom)]);
    assert!(
        all.iter()
            .any(|l| l.contains("PROM004") && l.contains("out_of_order_time_windw")),
        "{all:?}"
    );
}

// ---------- the same data source provisioned twice, identically ----------

const LOKI: &str = "apiVersion: 1\ndatasources:\n- name: Loki\n  type: loki\n  access: proxy\n  url: http://loki:3100\n";

#[test]
fn an_identical_copy_of_a_data_source_is_an_info_not_an_error() {
    let compose = "services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./grafana/provisioning:/etc/grafana/provisioning\n  loki:\n    image: grafana/loki:3.1.0\n";
    // Same settings, keys in another order and quoted: Grafana updates the entry with the
    // same values.
    let copy = "apiVersion: 1\ndatasources:\n- type: loki\n  name: 'Loki'\n  url: \"http://loki:3100\"\n  access: proxy\n";
    let files = [
        ("docker-compose.yml", compose),
        ("grafana/provisioning/datasources/default.yaml", LOKI),
        ("grafana/provisioning/datasources/loki.yaml", copy),
    ];
    let (all, alarms) = lines(&files);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    assert!(
        all.iter()
            .any(|l| l.contains("info[GRAF006]") && l.contains("same settings")),
        "{all:?}"
    );
    // A copy that differs overwrites the first: still an error.
    let other = copy.replace("loki:3100", "loki:3101");
    let files = [
        ("docker-compose.yml", compose),
        ("grafana/provisioning/datasources/default.yaml", LOKI),
        ("grafana/provisioning/datasources/loki.yaml", other.as_str()),
    ];
    let (all, alarms) = lines(&files);
    assert!(
        alarms.iter().any(|l| l.contains("error[GRAF006]")),
        "{all:?}"
    );
}

// ---------- a host name the container's entrypoint replaces with sed ----------

#[test]
fn a_host_the_entrypoint_rewrites_with_sed_is_a_placeholder() {
    let prom = "scrape_configs:\n  - job_name: windows\n    static_configs:\n      - targets: ['HOSTADDR:9182']\n";
    let compose = |entrypoint: &str| {
        format!(
            "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    volumes:\n      - ./prometheus:/etc/prometheus\n    entrypoint: {entrypoint}\n"
        )
    };
    let sed = compose("sh -c 'sed \"s/HOSTADDR/$HOST_IP/\" /etc/prometheus/prometheus.yml > /tmp/p.yml && prometheus --config.file=/tmp/p.yml'");
    let files = [
        ("docker-compose.yml", sed.as_str()),
        ("prometheus/prometheus.yml", prom),
    ];
    let (all, alarms) = lines(&files);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    // The same name without the sed: an unknown service.
    let plain = compose("['/bin/prometheus', '--config.file=/etc/prometheus/prometheus.yml']");
    let files = [
        ("docker-compose.yml", plain.as_str()),
        ("prometheus/prometheus.yml", prom),
    ];
    let (all, alarms) = lines(&files);
    assert!(
        alarms
            .iter()
            .any(|l| l.contains("NET003") && l.contains("HOSTADDR")),
        "{all:?}"
    );
}

// ---------- a Secret's file for another program, with a placeholder ----------

#[test]
fn an_embedded_file_of_no_monitoring_kind_that_does_not_parse_is_an_info() {
    let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: cloud-key\ntype: Opaque\nstringData:\n  service_account.json: |\n    {\n      PUT_THE_KEY_HERE\n    }\n";
    let (all, alarms) = lines(&[("examples/secret.yaml", secret)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    assert!(
        all.iter()
            .any(|l| l.contains("info[DIAG001]") && l.contains("service_account.json")),
        "{all:?}"
    );
    // A broken dashboard in a ConfigMap is still an error.
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dashboards\ndata:\n  node.json: |\n    {\"panels\": [\n";
    let (all, alarms) = lines(&[("k8s/dashboards.yaml", cm)]);
    assert!(
        alarms.iter().any(|l| l.contains("error[DIAG001]")),
        "{all:?}"
    );
}

// ---------- a YAML file of another tool that does not parse ----------

#[test]
fn a_broken_yaml_file_whose_documents_are_another_tools_is_an_info() {
    // A CI workflow, then a pasted Jenkinsfile: the workflow is read, the rest is not YAML.
    let ci = "name: validate\non: [push]\njobs:\n  check:\n    runs-on: ubuntu-latest\n---\n# Jenkinsfile\npipeline {\n    agent any\n    stages {\n        stage('Tools') {\n            steps {\n                sh '''\n                    # Install promtool\n                    wget -q https://example.org/promtool.tar.gz\n                '''\n            }\n        }\n    }\n}\n";
    let (all, alarms) = lines(&[("examples/ci/pipelines.yml", ci)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    assert!(all.iter().any(|l| l.contains("info[DIAG001]")), "{all:?}");
    // Broken in its first document, or under a monitoring name: still an error.
    let broken = "name: validate\njobs:\n  check: [\n";
    let (all, alarms) = lines(&[("examples/ci/pipelines.yml", broken)]);
    assert!(
        alarms.iter().any(|l| l.contains("error[DIAG001]")),
        "{all:?}"
    );
    let (all, alarms) = lines(&[("prometheus/alert.rules.yml", ci)]);
    assert!(
        alarms.iter().any(|l| l.contains("error[DIAG001]")),
        "{all:?}"
    );
}

// ---------- a gauge the stack names like a counter ----------

#[test]
fn a_gauge_declared_under_a_counters_name_is_an_info() {
    // A .NET handler copies librdkafka's running totals onto gauges.
    let cs = "using Prometheus;\nclass Stats {\n  static readonly Gauge Bytes = Metrics.CreateGauge(\"app_bytes_consumed_total\", \"Total bytes consumed.\");\n  static readonly Gauge Lag = Metrics.CreateGauge(\"app_consumer_lag\", \"Lag.\");\n}\n";
    let dash = r#"{"title": "Consumer", "panels": [{"type": "timeseries", "targets": [
      {"expr": "rate(app_bytes_consumed_total[5m])"},
      {"expr": "rate(app_consumer_lag[5m])"}]}]}"#;
    let files = [("app/Stats.cs", cs), ("dashboards/consumer.json", dash)];
    let (all, alarms) = lines(&files);
    // The gauge with a gauge's name is still a warning; the `_total` one an info.
    assert_eq!(alarms.len(), 1, "{all:?}");
    assert!(alarms[0].contains("app_consumer_lag"), "{all:?}");
    assert!(
        all.iter()
            .any(|l| l.contains("info[PQL003]") && l.contains("app_bytes_consumed_total")),
        "{all:?}"
    );
}

// ---------- a provisioning folder a script creates and fills ----------

#[test]
fn provisioning_mounted_from_a_folder_the_tree_does_not_hold_is_not_unmounted() {
    let compose = |source: &str| {
        format!(
            "services:\n  grafana:\n    image: grafana/grafana:10.2.0\n    volumes:\n      - {source}:/etc/grafana/provisioning\n"
        )
    };
    let ds = "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    url: http://prometheus:9090\n";
    let run = |source: &str, with_import: bool| {
        let c = compose(source);
        let mut files = vec![
            ("docker-compose.yaml", c.as_str()),
            ("assets/provisioning/datasources/ds.yml", ds),
        ];
        if with_import {
            files.push((
                "assets/provisioning/import/README.md",
                "copied here by start.sh\n",
            ));
        }
        let r = check_with_listing(&files, &[], "GRAF001");
        short_lines(&r, |d| d.severity >= Severity::Warning)
    };
    // `start.sh` creates `import/` and copies the provisioning into it: unknown content.
    assert_eq!(
        run("./assets/provisioning/import", false),
        Vec::<String>::new()
    );
    assert_eq!(
        run("$STACK/assets/provisioning/import", false),
        Vec::<String>::new()
    );
    // The folder is in the tree and does not hold the file: not mounted.
    let got = run("./assets/provisioning/import", true);
    assert!(got.iter().any(|l| l.contains("GRAF001")), "{got:?}");
}

// ---------- a template a script renders with envsubst ----------

#[test]
fn a_template_that_parses_only_once_rendered_is_an_info() {
    let t = "scrape_configs:\n  - job_name: cloud\n    params:\n      resource.id: [${CLOUD_IDS}]\n    static_configs:\n      - targets: ['api.example.com']\n";
    let (all, alarms) = lines(&[("utils/prometheus-template.yml", t)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    assert!(all.iter().any(|l| l.contains("info[DIAG001]")), "{all:?}");
    // The same text as the Prometheus config itself: an error.
    let (all, alarms) = lines(&[("prometheus/prometheus.yml", t)]);
    assert!(
        alarms.iter().any(|l| l.contains("error[DIAG001]")),
        "{all:?}"
    );
}

// ---------- a file two compose projects read ----------

#[test]
fn a_target_of_the_stack_a_shared_file_was_written_for_is_not_unknown() {
    let prom = "scrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ['shop-app:8080']\n";
    let main = "services:\n  prometheus:\n    image: prom/prometheus:v2.54.1\n    volumes:\n      - ./observability/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro\n  shop-app:\n    build: .\n";
    let logs = "services:\n  loki:\n    image: grafana/loki:2.9.8\n  prometheus:\n    image: prom/prometheus:v2.54.1\n    volumes:\n      - ./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro\n";
    let files = [
        ("docker-compose.yml", main),
        ("observability/docker-compose.logs.yml", logs),
        ("observability/prometheus/prometheus.yml", prom),
    ];
    let (all, alarms) = lines(&files);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    // Read by the variant alone, the name is unknown there.
    let (all, alarms) = lines(&files[1..]);
    assert!(alarms.iter().any(|l| l.contains("NET003")), "{all:?}");
}

// ---------- InfluxQL of a datasource the files do not resolve ----------

#[test]
fn influxql_of_an_unresolved_datasource_is_not_promql() {
    let dash = r#"{"title": "JVM", "panels": [{"type": "graph", "datasource": "${DS_JMETER}",
      "targets": [{"expr": "rate(jvm_gc_collections_total[5m])"}]}],
      "templating": {"list": [{"type": "query", "name": "hosts", "datasource": "${DS_JMETER}",
        "query": "SHOW TAG VALUES FROM \"jvm_gc\" WITH KEY = \"host\""}]}}"#;
    let (all, _) = lines(&[("dashboards/jvm.json", dash)]);
    assert!(!all.iter().any(|l| l.contains("PQL001")), "{all:?}");
    // A broken PromQL query of that datasource is still one.
    let broken = dash.replace("SHOW TAG VALUES FROM", "sum(rate(x[5m]) FROM");
    let (all, _) = lines(&[("dashboards/jvm.json", broken.as_str())]);
    assert!(all.iter().any(|l| l.contains("PQL001")), "{all:?}");
}

// ---------- an Alertmanager address a Prometheus without rules never calls ----------

#[test]
fn localhost_alertmanager_of_a_prometheus_without_rules_is_an_info() {
    let compose = "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    volumes:\n      - ./prometheus:/etc/prometheus\n";
    let prom = |rules: &str| {
        format!("alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['localhost:9093']\n{rules}scrape_configs:\n  - job_name: prometheus\n    static_configs:\n      - targets: ['localhost:9090']\n")
    };
    let none = prom("rule_files:\n  # - first_rules.yml\n");
    let (all, alarms) = lines(&[
        ("docker-compose.yml", compose),
        ("prometheus/prometheus.yml", none.as_str()),
    ]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    assert!(all.iter().any(|l| l.contains("info[NET001]")), "{all:?}");
    let some = prom("rule_files:\n  - alerts.yml\n");
    let (all, alarms) = lines(&[
        ("docker-compose.yml", compose),
        ("prometheus/prometheus.yml", some.as_str()),
    ]);
    assert!(
        alarms.iter().any(|l| l.contains("error[NET001]")),
        "{all:?}"
    );
}

// ---------- batch 4: a datasource other dashboards query with MetricsQL functions ----------

#[test]
fn queries_of_a_datasource_shown_to_speak_metricsql_are_not_promql() {
    // Two dashboards of a database-monitoring product on one datasource named `Series`, no
    // provisioning file: one calls `topk_max`, the other only uses MetricsQL's looser
    // syntax (`increase` without a window, a range over a parenthesised expression).
    let a = r#"{"title": "Home", "panels": [{"type": "stat", "datasource": "Series",
      "targets": [{"expr": "topk_max(3, db_uptime_seconds)"}]}]}"#;
    let b = r#"{"title": "Memory", "panels": [{"type": "timeseries", "datasource": "Series",
      "targets": [{"expr": "avg by (pod) (increase(container_memory_failcnt{pod=~\"$pod\"}))"},
                  {"expr": "max_over_time((db_lsn_current - db_lsn_flushed)[$interval])"}]}]}"#;
    let (all, alarms) = lines(&[("dashboards/home.json", a), ("dashboards/memory.json", b)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    // Without the dashboard that shows the datasource is VictoriaMetrics, the same queries
    // are PromQL, and invalid.
    let (all, _) = lines(&[("dashboards/memory.json", b)]);
    assert_eq!(
        all.iter().filter(|l| l.contains("error[PQL001]")).count(),
        2,
        "{all:?}"
    );
    // Another datasource's queries stay PromQL.
    let c = b.replace("\"Series\"", "\"Other\"");
    let (all, _) = lines(&[
        ("dashboards/home.json", a),
        ("dashboards/memory.json", c.as_str()),
    ]);
    assert!(all.iter().any(|l| l.contains("error[PQL001]")), "{all:?}");
    // The default datasource (no reference at all), when the files do not define it.
    let (a0, b0) = (
        a.replace("\"datasource\": \"Series\",", ""),
        b.replace("\"datasource\": \"Series\",", ""),
    );
    let files = [
        ("dashboards/home.json", a0.as_str()),
        ("dashboards/memory.json", b0.as_str()),
    ];
    let (all, alarms) = lines(&files);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    let (all, _) = lines(&files[1..]);
    assert!(all.iter().any(|l| l.contains("error[PQL001]")), "{all:?}");
    // A datasource provisioned as a plain Prometheus speaks PromQL: `topk_max` sent to it
    // is an error.
    let ds = "apiVersion: 1\ndatasources:\n  - name: Series\n    type: prometheus\n    url: http://prometheus:9090\n";
    let (all, _) = lines(&[
        ("grafana/provisioning/datasources/ds.yml", ds),
        ("dashboards/home.json", a),
        ("dashboards/memory.json", b),
    ]);
    assert_eq!(
        all.iter().filter(|l| l.contains("error[PQL001]")).count(),
        3,
        "{all:?}"
    );
}

// ---------- batch 4: secret-store references a deployment plugin fills in ----------

#[test]
fn vault_plugin_references_are_not_tutorial_placeholders() {
    let prom = |target: &str| {
        format!("scrape_configs:\n  - job_name: probes\n    metrics_path: /probe\n    params:\n      module: [http_2xx]\n    static_configs:\n      - targets:\n        - https://status.example.org/\n        - {target}\n    relabel_configs:\n      - source_labels: [__address__]\n        target_label: __param_target\n      - target_label: __address__\n        replacement: blackbox.monitoring.svc:9115\n")
    };
    let avp = prom("<path:kv/data/monitoring/probes#internal_url>");
    let (all, alarms) = lines(&[("overlays/prod/prometheus.yml", avp.as_str())]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    let replacer = prom("<secret:kv/data/monitoring~internal_url>");
    let (all, alarms) = lines(&[("overlays/prod/prometheus.yml", replacer.as_str())]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    // A tutorial's placeholder is still one.
    let tuto = prom("<YOUR_SERVER_IP>:8080");
    let (all, _) = lines(&[("overlays/prod/prometheus.yml", tuto.as_str())]);
    assert!(all.iter().any(|l| l.contains("error[NET006]")), "{all:?}");
}

// ---------- batch 4: a blackbox probe of `localhost` names the exporter that connects ----------

#[test]
fn localhost_in_a_probe_target_names_the_exporter_that_runs_the_probe() {
    let compose = "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml\n  prober:\n    image: prom/blackbox-exporter:v0.25.0\n  shop:\n    build: ./shop\n    ports:\n      - 8080:8080\n";
    let prom = "scrape_configs:\n  - job_name: http\n    metrics_path: /probe\n    params:\n      module: [http_2xx]\n    static_configs:\n      - targets:\n        - http://localhost:8080\n    relabel_configs:\n      - source_labels: [__address__]\n        target_label: __param_target\n      - target_label: __address__\n        replacement: prober:9115\n";
    let files = [("docker-compose.yml", compose), ("prometheus.yml", prom)];
    let (all, alarms) = lines(&files);
    let net001: Vec<_> = alarms.iter().filter(|l| l.contains("NET001")).collect();
    assert_eq!(net001.len(), 1, "{all:?}");
    assert!(net001[0].contains("`prober`"), "{all:?}");
    assert!(!net001[0].contains("`prometheus`"), "{all:?}");
    // French too.
    let r = report(&files);
    let fr: Vec<String> = r
        .diagnostics
        .iter()
        .map(|d| present::short_line(&r, d, Lang::Fr))
        .filter(|l| l.contains("NET001"))
        .collect();
    assert!(
        fr.iter()
            .any(|l| l.contains("cible de sonde") && l.contains("`prober`")),
        "{fr:?}"
    );
    // The exporter on the host's network probes the host: nothing to report.
    let host = compose.replace(
        "image: prom/blackbox-exporter:v0.25.0\n",
        "image: prom/blackbox-exporter:v0.25.0\n    network_mode: host\n",
    );
    let (all, alarms) = lines(&[
        ("docker-compose.yml", host.as_str()),
        ("prometheus.yml", prom),
    ]);
    assert!(!alarms.iter().any(|l| l.contains("NET001")), "{all:?}");
}

// ---------- batch 4: a provisioning folder fed by an object the files do not define ----------

#[test]
fn a_datasource_secret_replaced_by_one_made_with_kubectl_is_not_unmounted() {
    let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: grafana-datasources\n  namespace: monitoring\nstringData:\n  datasources.yaml: |\n    apiVersion: 1\n    datasources:\n      - name: prometheus\n        type: prometheus\n        url: http://prometheus-k8s.monitoring.svc:9090\n";
    let deploy = |secret_name: &str| {
        format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: grafana\n  namespace: monitoring\nspec:\n  selector:\n    matchLabels:\n      app: grafana\n  template:\n    metadata:\n      labels:\n        app: grafana\n    spec:\n      containers:\n        - name: grafana\n          image: grafana/grafana:7.1.0\n          volumeMounts:\n            - mountPath: /etc/grafana/provisioning/datasources\n              name: grafana-datasources\n      volumes:\n        - name: grafana-datasources\n          secret:\n            secretName: {secret_name}\n")
    };
    // The Deployment mounts `grafana-datasources-prd`, made by hand from another file.
    let replaced = deploy("grafana-datasources-prd");
    let (all, alarms) = lines(&[
        ("manifests/grafana-datasources.yaml", secret),
        ("manifests/grafana-deployment.yaml", replaced.as_str()),
    ]);
    assert!(!alarms.iter().any(|l| l.contains("GRAF001")), "{all:?}");
    // Mounted from a Secret the manifests do define, but another one: still unmounted.
    let other = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: grafana-datasources-prd\n  namespace: monitoring\nstringData:\n  other.txt: hello\n";
    let (all, alarms) = lines(&[
        ("manifests/grafana-datasources.yaml", secret),
        ("manifests/grafana-deployment.yaml", replaced.as_str()),
        ("manifests/other.yaml", other),
    ]);
    assert!(
        alarms.iter().any(|l| l.contains("error[GRAF001]")),
        "{all:?}"
    );
}

// ---------- batch 4: kube-state-metrics' restart counts graphed raw ----------

#[test]
fn a_restart_count_kept_by_the_api_server_graphed_raw_is_an_info() {
    let dash = |metric: &str| {
        format!(
            r#"{{"title": "Pods", "panels": [{{"type": "timeseries", "title": "Container restarts",
      "targets": [{{"expr": "{metric}{{namespace=~\"$ns\"}}"}}]}}]}}"#
        )
    };
    let ksm = dash("kube_pod_container_status_restarts_total");
    let (all, alarms) = lines(&[("dashboards/pods.json", ksm.as_str())]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    assert!(all.iter().any(|l| l.contains("info[PQL004]")), "{all:?}");
    // Summed over pods (the sum drops when a pod goes), or in an alert that never resolves
    // while the pod lives: still a warning.
    let summed = dash("kube_pod_container_status_restarts_total").replace(
        "\"expr\": \"kube_pod_container_status_restarts_total",
        "\"expr\": \"sum(kube_pod_container_status_restarts_total",
    );
    let summed = summed.replace("\\\"$ns\\\"}\"", "\\\"$ns\\\"})\"");
    let (all, alarms) = lines(&[("dashboards/pods.json", summed.as_str())]);
    assert!(
        alarms.iter().any(|l| l.contains("warning[PQL004]")),
        "{all:?}"
    );
    let rule = "groups:\n  - name: pods\n    rules:\n      - alert: Restarting\n        expr: kube_pod_container_status_restarts_total{container=\"app\"} > 3\n";
    let (all, alarms) = lines(&[("rules/pods.rules.yml", rule)]);
    assert!(
        alarms.iter().any(|l| l.contains("warning[PQL004]")),
        "{all:?}"
    );
    // A counter another exporter keeps in its process is still a warning.
    let node = dash("node_network_receive_bytes_total");
    let (all, alarms) = lines(&[("dashboards/pods.json", node.as_str())]);
    assert!(
        alarms.iter().any(|l| l.contains("warning[PQL004]")),
        "{all:?}"
    );
}

// ---------- an unknown `access` value: Grafana uses `proxy` ----------

#[test]
fn an_unknown_datasource_access_is_an_info_as_grafana_uses_proxy() {
    let ds = "apiVersion: 1\ndatasources:\n  - name: P\n    type: prometheus\n    access: server\n    url: http://prometheus:9090\n";
    let compose = |tag: &str| {
        format!("services:\n  grafana:\n    image: grafana/grafana:{tag}\n    volumes:\n      - ./grafana/provisioning:/etc/grafana/provisioning\n  prometheus:\n    image: prom/prometheus:v2.53.0\n")
    };
    let new = compose("8.2.6");
    let files = [
        ("docker-compose.yml", new.as_str()),
        ("grafana/provisioning/datasources/ds.yaml", ds),
    ];
    let (all, alarms) = lines(&files);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    assert!(
        all.iter()
            .any(|l| l.contains("info[GRAF006]") && l.contains("server")),
        "{all:?}"
    );
    // A Grafana pinned before 7.2 keeps the value: still an error.
    let old = compose("7.1.5");
    let files = [
        ("docker-compose.yml", old.as_str()),
        ("grafana/provisioning/datasources/ds.yaml", ds),
    ];
    let (all, alarms) = lines(&files);
    assert!(
        alarms.iter().any(|l| l.contains("error[GRAF006]")),
        "{all:?}"
    );
}

// ---------- dashboards the Grafana container copies into place and edits with sed ----------

const GRAFANA_DS: &str = "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    url: http://prometheus:9090\n";
const PROVIDER: &str = "apiVersion: 1\nproviders:\n  - name: default\n    type: file\n    options:\n      path: /etc/grafana/provisioning/dashboards\n";

fn copied_stack(entrypoint: &str) -> String {
    format!(
        "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./grafana/datasources:/etc/grafana/provisioning/datasources\n      - ./grafana/dashboards:/etc/grafana/provisioning_temp/dashboards\n    entrypoint: >\n      {entrypoint}\n"
    )
}

#[test]
fn a_row_panel_datasource_is_never_queried() {
    let dash = r#"{ "title": "x", "uid": "x", "panels": [
    { "type": "row", "title": "Overview", "collapsed": false, "id": 1,
      "datasource": { "type": "prometheus", "uid": "ndvLBM54z" }, "panels": [],
      "targets": [ { "datasource": { "type": "prometheus", "uid": "000000001" }, "refId": "A" } ] },
    { "type": "row", "title": "Old", "collapsed": true, "id": 3,
      "datasource": "prometheus",
      "panels": [ { "type": "timeseries", "id": 4,
        "datasource": { "type": "prometheus", "uid": "nested-unknown" },
        "targets": [ { "expr": "up" } ] } ] },
    { "type": "timeseries", "id": 2, "datasource": { "type": "prometheus", "uid": "Prometheus" },
      "targets": [ { "expr": "up" } ] } ] }"#;
    let compose = "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./grafana/datasources:/etc/grafana/provisioning/datasources\n      - ./grafana/dashboards:/etc/grafana/provisioning/dashboards\n";
    let files = [
        ("docker-compose.yml", compose),
        ("grafana/datasources/prometheus.yml", GRAFANA_DS),
        ("grafana/dashboards/dashboard.yml", PROVIDER),
        ("grafana/dashboards/x.json", dash),
    ];
    let (all, alarms) = lines(&files);
    // The rows' datasources (their own and their leftover `targets`, as in dashboard 1860
    // rev 36) are not reported; the panel nested in the collapsed row is.
    assert!(
        !all.iter().any(|l| l.contains("ndvLBM54z")
            || l.contains("000000001")
            || l.contains("`prometheus`")),
        "{all:?}"
    );
    assert!(
        alarms
            .iter()
            .any(|l| l.contains("error[GRAF008]") && l.contains("nested-unknown")),
        "{all:?}"
    );
}

const SED_DASHBOARD: &str = r#"{ "title": "x", "uid": "x", "panels": [
    { "type": "timeseries", "id": 2, "datasource": { "type": "prometheus", "uid": "${DS_PROMETHEUS}" },
      "targets": [ { "expr": "up" } ] },
    { "type": "timeseries", "id": 3, "datasource": { "type": "prometheus", "uid": "${DS_OTHER}" },
      "targets": [ { "expr": "up" } ] } ] }"#;

const COPY_AND_SED: &str = "sh -c \"cp -r /etc/grafana/provisioning_temp/dashboards/. /etc/grafana/provisioning/dashboards &&\n             find /etc/grafana/provisioning/dashboards/ -name '*.json' -exec sed -i 's/$${DS_PROMETHEUS}/Prometheus/g' {} \\+ &&\n             /run.sh\"";

#[test]
fn provisioning_files_the_entrypoint_copies_into_place_are_mounted() {
    let ep = copied_stack(COPY_AND_SED);
    let files = [
        ("docker-compose.yml", ep.as_str()),
        ("grafana/datasources/prometheus.yml", GRAFANA_DS),
        ("grafana/dashboards/dashboard.yml", PROVIDER),
    ];
    let (all, _) = lines(&files);
    assert!(!all.iter().any(|l| l.contains("GRAF001")), "{all:?}");
    // Without the copy, the mount at provisioning_temp is still an error.
    let plain = copied_stack("/run.sh");
    let files = [
        ("docker-compose.yml", plain.as_str()),
        ("grafana/datasources/prometheus.yml", GRAFANA_DS),
        ("grafana/dashboards/dashboard.yml", PROVIDER),
    ];
    let (all, alarms) = lines(&files);
    assert!(
        alarms.iter().any(|l| l.contains("error[GRAF001]")),
        "{all:?}"
    );
}

#[test]
fn an_export_placeholder_the_entrypoint_replaces_with_sed_is_resolved() {
    let ep = copied_stack(COPY_AND_SED);
    let files = [
        ("docker-compose.yml", ep.as_str()),
        ("grafana/datasources/prometheus.yml", GRAFANA_DS),
        ("grafana/dashboards/dashboard.yml", PROVIDER),
        ("grafana/dashboards/x.json", SED_DASHBOARD),
    ];
    let (all, _) = lines(&files);
    // The sed replaces DS_PROMETHEUS: no GRAF008 for it.
    assert!(!all.iter().any(|l| l.contains("DS_PROMETHEUS")), "{all:?}");
    // DS_OTHER, which no sed replaces, is still an error.
    assert!(
        all.iter()
            .any(|l| l.contains("error[GRAF008]") && l.contains("DS_OTHER")),
        "{all:?}"
    );
}

// ---------- batch B/C: an unknown owner's `*/prometheus` image is not Prometheus ----------

#[test]
fn an_image_named_prometheus_by_another_owner_is_not_the_prometheus_server() {
    let deploy = |image: &str| {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: flows\nspec:\n  template:\n    spec:\n      containers:\n        - name: flows\n          image: {image}\n          args: [\"-Dsnmp.ifname=yes\"]\n"
        )
    };
    // A Java collector that exports to Prometheus, published as `<owner>/prometheus`: its
    // `-Dname=value` arguments are JVM properties, and it reads no `prometheus.yml`.
    let other = deploy("flowvendor/prometheus:latest");
    let (all, _) = lines(&[("deploy/flows.yaml", other.as_str())]);
    for code in ["DC004", "DC005", "PROM008"] {
        assert!(!all.iter().any(|l| l.contains(code)), "{all:?}");
    }
    // The official image, from Docker Hub, Quay, a mirror or pinned by digest, is still
    // Prometheus: the same arguments are still findings.
    for image in [
        "prom/prometheus:v2.53.0",
        "docker.io/prom/prometheus:v2.53.0",
        "quay.io/prometheus/prometheus:v2.53.0",
        "mirror.gcr.io/prom/prometheus:v2.53.0",
        "prom/prometheus@sha256:0f0b7feb8d6b4c2b6a5f0a5e3c9a4b9a0e0d2c1f6a4e8b9c0d1e2f3a4b5c6d7e",
    ] {
        let d = deploy(image);
        let (all, alarms) = lines(&[("deploy/flows.yaml", d.as_str())]);
        assert!(
            alarms.iter().any(|l| l.contains("error[PROM008]")),
            "{image}: {all:?}"
        );
        assert!(
            alarms.iter().any(|l| l.contains("error[DC005]")),
            "{image}: {all:?}"
        );
    }
}

// ---------- batch B: a recording rule that only copies a counter ----------

#[test]
fn a_recording_rule_that_only_selects_a_counter_is_not_a_raw_use() {
    let rules = |body: &str| format!("groups:\n  - name: node\n    rules:\n{body}");
    // A copy (renamed, filtered): its resets are copied too, so a later `rate()` over the
    // recorded series is right.
    for expr in [
        "node_cpu_seconds_total{job=\"node\"}",
        "node_cpu_seconds_total",
        "(node_cpu_seconds_total{mode!=\"idle\"})",
        "node_cpu_seconds_total{job=\"node\"} offset 1m",
    ] {
        let r = rules(&format!(
            "      - record: instance:node_cpu_seconds:copy\n        expr: {expr}\n"
        ));
        let (all, _) = lines(&[("prometheus/node.rules.yml", r.as_str())]);
        assert!(!all.iter().any(|l| l.contains("PQL004")), "{expr}: {all:?}");
    }
    // Aggregated or compared before any rate: still findings.
    for body in [
        "      - record: job:node_cpu_seconds:sum\n        expr: sum by (job) (node_cpu_seconds_total)\n",
        "      - record: job:node_cpu_seconds:scaled\n        expr: sum(node_cpu_seconds_total) * 100\n",
        "      - alert: Busy\n        expr: node_cpu_seconds_total{mode=\"user\"} > 1000\n",
        "      - alert: Busy\n        expr: node_cpu_seconds_total{mode=\"user\"}\n",
    ] {
        let r = rules(body);
        let (all, alarms) = lines(&[("prometheus/node.rules.yml", r.as_str())]);
        assert!(
            alarms.iter().any(|l| l.contains("warning[PQL004]")),
            "{body}: {all:?}"
        );
    }
}

// ---------- batch C: compose files with their own names, run together with `-f` ----------

const PROM_DOCKER: &str = "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    volumes:\n      - ./prometheus/:/etc/prometheus/\n    command:\n      - '--config.file=/etc/prometheus/config.yml'\n";
const APP_DOCKER: &str =
    "services:\n  shop_one:\n    image: elixir:1.17\n  shop_two:\n    image: elixir:1.17\n";
const SCRAPE_SHOPS: &str = "scrape_configs:\n  - job_name: shops\n    static_configs:\n      - targets: ['shop_one:4021', 'shop_two:4021']\n";

#[test]
fn a_service_of_a_compose_file_with_its_own_name_beside_is_an_info() {
    // `docker compose -f shop/shop_docker.yml -f monitoring/prometheus_docker.yml up`:
    // neither file is one compose reads by default, so they are made to be given with
    // `-f`, and the services may well be in one project.
    let files = [
        ("monitoring/prometheus_docker.yml", PROM_DOCKER),
        ("monitoring/prometheus/config.yml", SCRAPE_SHOPS),
        ("shop/shop_docker.yml", APP_DOCKER),
    ];
    let (all, alarms) = lines(&files);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    let infos: Vec<&String> = all.iter().filter(|l| l.contains("info[NET003]")).collect();
    assert_eq!(infos.len(), 2, "{all:?}");
    assert!(
        infos.iter().all(|l| l.contains("shop/shop_docker.yml")),
        "{all:?}"
    );
    // No compose file of the folder defines the name: still an error.
    let typo = SCRAPE_SHOPS.replace("shop_two", "shop_three");
    let files = [
        ("monitoring/prometheus_docker.yml", PROM_DOCKER),
        ("monitoring/prometheus/config.yml", typo.as_str()),
        ("shop/shop_docker.yml", APP_DOCKER),
    ];
    let (all, alarms) = lines(&files);
    assert_eq!(
        alarms
            .iter()
            .filter(|l| l.contains("error[NET003]") && l.contains("shop_three"))
            .count(),
        1,
        "{all:?}"
    );
    // Two default names: two projects, each `docker compose up` in its folder.
    let files = [
        ("monitoring/docker-compose.yml", PROM_DOCKER),
        ("monitoring/prometheus/config.yml", SCRAPE_SHOPS),
        ("shop/docker-compose.yml", APP_DOCKER),
    ];
    let (all, alarms) = lines(&files);
    assert_eq!(
        alarms
            .iter()
            .filter(|l| l.contains("error[NET003]"))
            .count(),
        2,
        "{all:?}"
    );
}

// ---------- JSON with a top-level `groups` list is not always a rule file ----------

#[test]
fn json_with_groups_is_a_rule_file_only_when_its_groups_hold_rules() {
    // An identity server's realm export: groups of users (none here) beside its settings.
    let realm = "{\n  \"id\": \"3f1c\",\n  \"realm\": \"shop\",\n  \"accessTokenLifespan\": 300,\n  \"groups\": [],\n  \"roles\": {\"realm\": []}\n}\n";
    // The same with groups of users.
    let realm2 = "{\n  \"realm\": \"shop\",\n  \"groups\": [{\"id\": \"1\", \"name\": \"admins\", \"path\": \"/admins\", \"subGroups\": []}]\n}\n";
    // Alert rules, contact points and policies gathered for a script that posts them to
    // Grafana's HTTP API.
    let alerting = "{\n  \"groups\": [{\"name\": \"api\", \"interval\": \"1m\", \"rules\": [{\"alert\": \"Down\", \"expr\": \"up == 0\"}]}],\n  \"contactPoints\": [{\"name\": \"mail\"}],\n  \"notificationPolicies\": {\"receiver\": \"mail\"}\n}\n";
    for (name, text) in [
        ("keycloak/realm-export.json", realm),
        ("keycloak/realm-users.json", realm2),
        ("dashboards/alert-rules.json", alerting),
    ] {
        let (all, alarms) = lines(&[(name, text)]);
        assert_eq!(alarms, Vec::<String>::new(), "{name}: {all:?}");
    }
    // A rule file written as JSON is still one: a misspelt key beside `groups` and in a
    // group is reported.
    let rules = "{\n  \"groups\": [{\"name\": \"api\", \"rules\": [{\"alert\": \"Down\", \"expr\": \"up == 0\"}], \"intervl\": \"1m\"}],\n  \"tenant\": \"x\"\n}\n";
    let (all, _) = lines(&[("prometheus/rules.json", rules)]);
    assert!(
        all.iter()
            .any(|l| l.contains("PROM007") && l.contains("tenant")),
        "{all:?}"
    );
    assert!(
        all.iter()
            .any(|l| l.contains("PROM007") && l.contains("intervl")),
        "{all:?}"
    );
    // So is an empty one.
    let empty = "{\"groups\": []}\n";
    let r = report(&[("prometheus/empty.rules.json", empty)]);
    assert!(r
        .workspace
        .docs
        .iter()
        .any(|d| d.kind == diagnose_core::workspace::Kind::PrometheusRules));
}

// ---------- a Helm chart's `route:` is a Gateway API route, not Alertmanager's ----------

#[test]
fn a_chart_values_route_of_gateway_api_routes_is_not_an_alertmanager_config() {
    let values = "## Test case: httproute\nroute:\n  main:\n    enabled: true\n    hostnames:\n      - \"an.example.com\"\n    parentRefs:\n      - name: contour\n";
    let (all, alarms) = lines(&[("charts/alertmanager/ci/httproute-values.yaml", values)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    // An Alertmanager config whose root route lacks its receiver is still one.
    let am = "route:\n  group_by: [alertname]\n  group_wait: 30s\n";
    let (all, _) = lines(&[("alertmanager/alertmanager.yml", am)]);
    assert!(all.iter().any(|l| l.contains("AM001")), "{all:?}");
}

// ---------- a rule file diagnose does not read still exists ----------

#[test]
fn a_rule_file_without_a_yaml_extension_in_the_mounted_folder_is_found() {
    let compose = "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    volumes:\n      - ./prometheus:/etc/prometheus\n";
    let prom = "rule_files:\n  - \"rules/alert.rules_nodes\"\n  - \"rules/*.rules_sites\"\n";
    let run = |on_disk: &[&str]| {
        let files = [
            ("docker-compose.yml", compose),
            ("prometheus/prometheus.yml", prom),
        ];
        let r = check_with_listing(&files, on_disk, "PROM006");
        short_lines(&r, |_| true)
    };
    // Both files are in the mounted folder (Prometheus 1.x rule files, named without
    // `.yml`): nothing to report.
    let both = [
        "prometheus/rules/alert.rules_nodes",
        "prometheus/rules/alert.rules_sites",
    ];
    assert_eq!(run(&both), Vec::<String>::new());
    // One is missing from the folder: that one is reported.
    let got = run(&both[..1]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].contains("rules/*.rules_sites"), "{got:?}");
}

// ---------- Thanos Ruler's `partial_response_strategy` ----------

#[test]
fn thanos_rulers_group_key_is_known_unless_only_prometheus_reads_the_file() {
    let rules = "groups:\n  - name: thanos\n    partial_response_strategy: warn\n    interval: 30s\n    rules:\n      - alert: Down\n        expr: up == 0\n";
    let (all, alarms) = lines(&[("thanos/rules/valid.yaml", rules)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    // A misspelt key beside it is still reported.
    let typo = rules.replace("interval:", "interrval:");
    let (all, _) = lines(&[("thanos/rules/typo.yaml", &typo)]);
    assert!(
        all.iter()
            .any(|l| l.contains("PROM007") && l.contains("interrval")),
        "{all:?}"
    );
    assert!(
        !all.iter().any(|l| l.contains("partial_response_strategy")),
        "{all:?}"
    );
    // Mounted only into Prometheus, which refuses the key.
    let compose = "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml\n      - ./rules.yaml:/etc/prometheus/rules.yaml\n";
    let prom = "rule_files: [rules.yaml]\n";
    let (all, _) = lines(&[
        ("docker-compose.yml", compose),
        ("prometheus.yml", prom),
        ("rules.yaml", rules),
    ]);
    assert!(
        all.iter()
            .any(|l| l.contains("PROM007") && l.contains("partial_response_strategy")),
        "{all:?}"
    );
}

// ---------- a JSON template a program renders is not broken JSON ----------

#[test]
fn a_json_template_with_actions_between_members_is_an_info() {
    // An index template that a Go program renders (`text/template`) before sending it.
    let tpl = "{\n  {{- if .UseILM}}\n  \"aliases\": {\n    \"{{ .IndexPrefix }}span-read\": {}\n  },\n  {{- end}}\n  \"index_patterns\": \"*span-*\"\n}\n";
    let (all, alarms) = lines(&[("storage/index_templates/span.json", tpl)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    assert!(
        all.iter()
            .any(|l| l.contains("info[DIAG001]") && l.contains("template")),
        "{all:?}"
    );
    // Broken JSON whose only braces are legends inside strings is still an error.
    let broken = "{\n  \"panels\": [{\"legendFormat\": \"{{instance}}\"}\n  \"title\": \"x\"\n}\n";
    let (all, _) = lines(&[("grafana/dashboards/x.json", broken)]);
    assert!(all.iter().any(|l| l.contains("error[DIAG001]")), "{all:?}");
}

// ---------- a counter on the right of `and` only filters ----------

#[test]
fn a_counter_on_the_right_of_and_or_unless_is_not_a_raw_use() {
    let rules = |expr: &str| {
        format!(
            "groups:\n  - name: cpu\n    rules:\n      - alert: Throttled\n        expr: {expr}\n"
        )
    };
    let throttled = "increase(container_cpu_cfs_throttled_periods_total[5m]) / increase(container_cpu_cfs_periods_total[5m]) > 0.3";
    for op in ["and", "unless"] {
        let expr = format!(
            "{throttled} {op} container_cpu_cfs_throttled_periods_total{{namespace!=\"\"}}"
        );
        let (all, alarms) = lines(&[("rules/cpu.yml", &rules(&expr))]);
        assert_eq!(alarms, Vec::<String>::new(), "{op}: {all:?}");
    }
    // On the left of `and`, its value is what the alert compares: still reported.
    let left = "container_cpu_cfs_throttled_periods_total > 100 and on() vector(1)";
    let (all, _) = lines(&[("rules/cpu.yml", &rules(left))]);
    assert!(all.iter().any(|l| l.contains("PQL004")), "{all:?}");
}

// ---------- Kubernetes expands `$(NAME)` in args ----------

#[test]
fn a_kubernetes_env_reference_in_a_flag_value_is_not_judged() {
    let sts = |retention: &str| {
        format!("apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: prometheus\nspec:\n  selector:\n    matchLabels: {{app: prometheus}}\n  template:\n    metadata:\n      labels: {{app: prometheus}}\n    spec:\n      containers:\n        - name: prometheus\n          image: prom/prometheus:v2.53.0\n          env:\n            - name: STORAGE_RETENTION\n              valueFrom:\n                configMapKeyRef: {{name: prometheus-env, key: storage-retention}}\n          args:\n            - --storage.tsdb.retention.time={retention}\n")
    };
    // (Its args replace the image's, so it reads `/prometheus/prometheus.yml`: DC005, true.)
    let (all, _) = lines(&[("k8s/prometheus-sts.yaml", &sts("$(STORAGE_RETENTION)"))]);
    assert!(!all.iter().any(|l| l.contains("PROM008")), "{all:?}");
    let (all, _) = lines(&[("k8s/prometheus-sts.yaml", &sts("15"))]);
    assert!(all.iter().any(|l| l.contains("PROM008")), "{all:?}");
}

// ---------- Grafana alert rules provisioned as JSON ----------

#[test]
fn grafana_alert_rules_provisioned_as_json_are_not_prometheus_rule_files() {
    let alerting = "{\n  \"apiVersion\": 1,\n  \"groups\": [\n    {\n      \"orgId\": 1,\n      \"name\": \"media\",\n      \"folder\": \"alerts\",\n      \"interval\": \"1m\",\n      \"rules\": [\n        {\n          \"uid\": \"abc\",\n          \"title\": \"Player down\",\n          \"condition\": \"C\",\n          \"data\": [{\"refId\": \"A\", \"datasourceUid\": \"prom\", \"model\": {\"expr\": \"up == 0\"}}],\n          \"noDataState\": \"NoData\",\n          \"for\": \"5m\"\n        }\n      ]\n    }\n  ]\n}\n";
    let r = report(&[("grafana/provisioning/alerting/player.json", alerting)]);
    assert!(r
        .workspace
        .docs
        .iter()
        .any(|d| d.kind == diagnose_core::workspace::Kind::GrafanaAlerting));
    let (all, alarms) = lines(&[("grafana/provisioning/alerting/player.json", alerting)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
}

// ---------- a target's data source in a panel that has its own ----------

#[test]
fn a_targets_stale_datasource_is_replaced_by_its_panels_unless_mixed() {
    let dash = r#"{ "title": "x", "uid": "x", "panels": [
    { "type": "timeseries", "id": 2, "datasource": { "type": "prometheus", "uid": "Prometheus" },
      "targets": [ { "datasource": { "type": "prometheus", "uid": "stale-one" }, "expr": "up", "refId": "A" } ] },
    { "type": "timeseries", "id": 3, "datasource": { "type": "datasource", "uid": "-- Mixed --" },
      "targets": [ { "datasource": { "type": "prometheus", "uid": "stale-two" }, "expr": "up", "refId": "A" } ] },
    { "type": "timeseries", "id": 4,
      "targets": [ { "datasource": { "type": "prometheus", "uid": "stale-three" }, "expr": "up", "refId": "A" } ] } ] }"#;
    let compose = "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./grafana/datasources:/etc/grafana/provisioning/datasources\n      - ./grafana/dashboards:/etc/grafana/provisioning/dashboards\n";
    let files = [
        ("docker-compose.yml", compose),
        ("grafana/datasources/prometheus.yml", GRAFANA_DS),
        ("grafana/dashboards/dashboard.yml", PROVIDER),
        ("grafana/dashboards/x.json", dash),
    ];
    let (all, _) = lines(&files);
    // The panel's own data source runs the query (Grafana's PanelQueryRunner replaces the
    // target's); a Mixed panel, or one without its own, runs the target's.
    assert!(!all.iter().any(|l| l.contains("stale-one")), "{all:?}");
    assert!(
        all.iter()
            .any(|l| l.contains("error[GRAF008]") && l.contains("stale-two")),
        "{all:?}"
    );
    assert!(
        all.iter()
            .any(|l| l.contains("error[GRAF008]") && l.contains("stale-three")),
        "{all:?}"
    );
}

// ---------- a Grafana variable that holds an operator, an escaped dollar ----------

#[test]
fn variables_holding_operators_and_escaped_dollars_are_not_syntax_errors() {
    let dash = |expr: &str| {
        format!(
            "{{ \"title\": \"x\", \"panels\": [ {{ \"type\": \"table\", \"id\": 1, \"targets\": [ {{ \"refId\": \"A\", \"expr\": {} }} ] }} ] }}",
            serde_json::to_string(expr).unwrap()
        )
    };
    for expr in [
        // A custom variable whose options are `== 1` and `== 0`.
        "(last_over_time(pve_up{id=~\"qemu/.*\"}[$__range]) $state)",
        // One whose options are `or` and `unless`.
        "switch_state{entity=~\"$entity\"} $Inactive on (entity) label_replace(up, \"entity\", \"$1\", \"job\", \"(.*)\")",
        // `\\$SYS` in a regex: an escaped dollar, which Grafana leaves alone.
        "count(topic_subscribers{topic!~\"SYSTEM.*|\\\\$SYS.*|\"})",
    ] {
        let (all, alarms) = lines(&[("dashboards/x.json", &dash(expr))]);
        assert_eq!(alarms, Vec::<String>::new(), "{expr}: {all:?}");
    }
    // A query broken elsewhere, with variables where operands go, is still reported.
    let (all, _) = lines(&[(
        "dashboards/x.json",
        &dash("sum(rate(x{job=~\"$job\"}[$__rate_interval])"),
    )]);
    assert!(all.iter().any(|l| l.contains("PQL001")), "{all:?}");
}

// ---------- started minus finished ----------

#[test]
fn the_difference_of_two_counters_is_a_count_of_what_is_live() {
    let dash = "{ \"title\": \"Go\", \"panels\": [ { \"type\": \"timeseries\", \"id\": 1, \"title\": \"Live objects\", \"targets\": [ { \"refId\": \"A\", \"expr\": \"avg by (job) (go_memstats_mallocs_total{job=~\\\"$job\\\"} - go_memstats_frees_total{job=~\\\"$job\\\"})\" } ] } ] }";
    let (all, alarms) = lines(&[("dashboards/go.json", dash)]);
    assert!(!all.iter().any(|l| l.contains("PQL004")), "{all:?}");
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    // A counter minus a number is still its raw value.
    let raw = dash.replace(" - go_memstats_frees_total{job=~\\\"$job\\\"}", " - 1");
    let (all, _) = lines(&[("dashboards/go.json", &raw)]);
    assert!(all.iter().any(|l| l.contains("PQL004")), "{all:?}");
}

// ---------- Jinja templates, an empty ConfigMap value ----------

#[test]
fn a_jinja_template_and_an_empty_configmap_value_are_infos() {
    let jinja = "apiVersion: cilium.io/v2alpha1\nkind: CiliumLoadBalancerIPPool\nmetadata:\n  name: default\nspec:\n  blocks:\n    {% for cidr in pool %}\n    - cidr: {{ cidr }}\n    {% endfor %}\n";
    let (all, alarms) = lines(&[("roles/cilium/templates/pool.yaml", jinja)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    assert!(all.iter().any(|l| l.contains("Jinja")), "{all:?}");
    // A script fills the dashboard in: the key is empty in the file.
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: DASHBOARD_NAME\n  labels:\n    grafana_dashboard: \"1\"\ndata:\n  DASHBOARD_NAME.json: |-\n";
    let (all, alarms) = lines(&[("grafana/templates/dashboard-cm.yaml", cm)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    // A broken dashboard in a ConfigMap is still an error.
    let broken = cm.replace("|-\n", "|-\n    {\"panels\": [}\n");
    let (all, _) = lines(&[("grafana/templates/dashboard-cm.yaml", &broken)]);
    assert!(all.iter().any(|l| l.contains("error[DIAG001]")), "{all:?}");
}

// ---------- `org_id: 1` ignored changes nothing ----------

#[test]
fn an_ignored_org_id_of_1_is_an_info() {
    let ds = |org: &str| {
        format!("apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    org_id: {org}\n    url: http://prometheus:9090\n")
    };
    let (all, alarms) = lines(&[("grafana/provisioning/datasources/all.yml", &ds("1"))]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    assert!(all.iter().any(|l| l.contains("info[GRAF006]")), "{all:?}");
    let (all, _) = lines(&[("grafana/provisioning/datasources/all.yml", &ds("2"))]);
    assert!(all.iter().any(|l| l.contains("error[GRAF006]")), "{all:?}");
}

// ---------- VictoriaMetrics' `vmrange` buckets ----------

#[test]
fn a_dashboard_reading_vmrange_buckets_is_metricsql() {
    let dash = |expr: &str| {
        format!(
            "{{ \"title\": \"vm\", \"panels\": [ {{ \"type\": \"heatmap\", \"id\": 1, \"datasource\": {{ \"type\": \"prometheus\", \"uid\": \"vmselect\" }}, \"targets\": [ {{ \"refId\": \"A\", \"expr\": {} }} ] }} ] }}",
            serde_json::to_string(expr).unwrap()
        )
    };
    let vm = "sum(increase(label_replace(vm_request_duration_seconds_bucket, \"le\", \"$1\", \"vmrange\", \".*[.][.][.](.*)\")[1m])) by (le)";
    let (all, alarms) = lines(&[("grafana_dashboard/vm.json", &dash(vm))]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    // The same shape without `vmrange` is PromQL's to judge.
    let prom = "sum(increase(label_replace(request_duration_seconds_bucket, \"x\", \"$1\", \"le\", \"(.*)\")[1m])) by (le)";
    let (all, _) = lines(&[("grafana_dashboard/vm.json", &dash(prom))]);
    assert!(all.iter().any(|l| l.contains("PQL001")), "{all:?}");
}

// ---------- a Helm chart's values with a `groups:` list ----------

#[test]
fn chart_values_with_a_groups_list_among_many_sections_are_not_a_rule_file() {
    let values = "# values_minikube.yaml\ncoreDns:\n  enabled: false\nkubeEtcd:\n  enabled: false\nkubeScheduler:\n  enabled: false\nalertmanager:\n  enabled: true\ngroups:\n  - name: k8s\n    rules:\n      - alert: Down\n        expr: up == 0\nscrape_configs:\n  - job_name: etcd\n    static_configs:\n      - targets: [\"etcd:2379\"]\n";
    let (all, alarms) = lines(&[("k8s/prom-operator-values.yaml", values)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    // A rule file with a misspelt key beside `groups` is still one.
    let rules = "groups:\n  - name: k8s\n    rules:\n      - alert: Down\n        expr: up == 0\ntenant: monitoring\n";
    let (all, _) = lines(&[("rules/k8s.yml", rules)]);
    assert!(
        all.iter()
            .any(|l| l.contains("PROM007") && l.contains("tenant")),
        "{all:?}"
    ); // A Prometheus config with a misspelt section or two is still one.
    let prom = "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: x\n    static_configs:\n      - targets: [\"x:1\"]\nalertmanagers:\n  - static_configs: []\n";
    let (all, _) = lines(&[("prometheus/prometheus.yml", prom)]);
    assert!(all.iter().any(|l| l.contains("PROM004")), "{all:?}");
}

#[test]
fn a_systemd_unit_under_a_yaml_name_is_an_info() {
    let unit = "[Unit]\nDescription=PVE exporter\n\n[Service]\nExecStart=/usr/local/bin/pve_exporter /etc/pve.yml\n\n[Install]\nWantedBy=multi-user.target\n";
    let (all, alarms) = lines(&[("files/pve_exporter.service.yml", unit)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    assert!(all.iter().any(|l| l.contains("systemd unit")), "{all:?}");
}

// ---------- an Ansible role's templates ----------

#[test]
fn an_ansible_roles_templates_are_not_read() {
    let tasks = "- name: Prometheus config\n  ansible.builtin.template:\n    src: prometheus.yml\n    dest: /etc/prometheus/prometheus.yml\n";
    let prom = "scrape_configs:\n  - job_name: blackbox\n    static_configs:\n      - targets: {{ blackbox.targets }}\n  - job_name: http\n    static_configs:\n      - targets:\n        {{ prometheus_targets | to_nice_yaml(indent=2) | indent(8) }}\n";
    let files = [
        ("roles/prometheus/tasks/main.yml", tasks),
        ("roles/prometheus/templates/prometheus.yml", prom),
    ];
    let (all, alarms) = lines(&files);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    assert!(
        all.iter().any(|l| l.contains("Ansible role template")),
        "{all:?}"
    );
    // Without the role's tasks, the same file is read (and its mistakes reported).
    let (all, _) = lines(&files[1..]);
    assert!(all.iter().any(|l| l.contains("error[")), "{all:?}");
}

// ---------- one folder of configs mounted into several Prometheus servers ----------

#[test]
fn a_config_belongs_to_the_server_whose_config_file_names_it() {
    let compose = "services:\n  prometheus_one:\n    image: prom/prometheus:v2.53.0\n    volumes:\n      - ./prometheus:/etc/config/\n    command:\n      - '--config.file=/etc/config/prometheus_one.yml'\n      - '--web.listen-address=:9001'\n  prometheus_two:\n    image: prom/prometheus:v2.53.0\n    volumes:\n      - ./prometheus:/etc/config/\n    command:\n      - '--config.file=/etc/config/prometheus_two.yml'\n      - '--web.listen-address=:9002'\n  thanos_sidecar_one:\n    build: ./thanos\n    volumes:\n      - ./prometheus:/etc/config/\n    command:\n      - /thanos\n      - sidecar\n      - --reloader.config-file=/etc/config/prometheus_one.yml\n";
    let one = "rule_files: [rules/one.yml]\nscrape_configs:\n  - job_name: self\n    static_configs:\n      - targets: [\"localhost:9001\"]\n";
    let two = "rule_files: [rules/two.yml]\nscrape_configs:\n  - job_name: self\n    static_configs:\n      - targets: [\"localhost:9002\"]\n";
    let rules = "groups:\n  - name: g\n    rules:\n      - alert: Down\n        expr: up == 0\n";
    let files = [
        ("docker-compose.yml", compose),
        ("prometheus/prometheus_one.yml", one),
        ("prometheus/prometheus_two.yml", two),
        ("prometheus/rules/one.yml", rules),
        ("prometheus/rules/two.yml", rules),
    ];
    let (all, alarms) = lines(&files);
    // `localhost:9001` is prometheus_one itself, which reads prometheus_one.yml; each rule
    // file is loaded by one of the servers that see it.
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    // A rule file that no server loads is still reported.
    let mut more = files.to_vec();
    more.push(("prometheus/rules/three.yml", rules));
    let (all, _) = lines(&more);
    assert!(
        all.iter()
            .any(|l| l.contains("PROM006") && l.starts_with("prometheus/rules/three.yml")),
        "{all:?}"
    );
}

// ---------- provisioning that the entrypoint writes ----------

#[test]
fn provisioning_the_entrypoint_writes_is_made_at_run_time() {
    let compose = |entry: &str| {
        format!("services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    entrypoint:\n      - sh\n      - -euc\n      - |\n        mkdir -p /etc/grafana/provisioning/datasources\n        {entry}\n        /run.sh\n")
    };
    let ds =
        "apiVersion: 1\ndatasources:\n  - name: Loki\n    type: loki\n    url: http://loki:3100\n";
    let writes = "cat <<EOF > /etc/grafana/provisioning/datasources/ds.yaml\n        apiVersion: 1\n        EOF";
    let files = |c: &str| {
        vec![
            ("docker-compose.yml".to_string(), c.to_string()),
            (
                "grafana/datasources/default.yml".to_string(),
                ds.to_string(),
            ),
        ]
    };
    let run = |c: &str| {
        let f = files(c);
        let refs: Vec<(&str, &str)> = f.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        lines(&refs)
    };
    let (all, _) = run(&compose(writes));
    assert!(!all.iter().any(|l| l.contains("GRAF001")), "{all:?}");
    // Without the write, the file is not mounted: reported.
    let (all, _) = run(&compose("echo starting"));
    assert!(all.iter().any(|l| l.contains("GRAF001")), "{all:?}");
}

// ---------- a scrape config handed to VictoriaMetrics with -promscrape.config ----------

#[test]
fn a_scrape_config_read_through_promscrape_config_is_not_prometheus_s() {
    let scrape = "scrape_configs:\n  - job_name: cadvisor\n    max_scrape_size: 64MB\n    static_configs:\n      - targets: [\"cadvisor:8080\"]\n";
    let compose = |volume: &str| {
        format!("services:\n  victoriametrics:\n    image: ${{VICTORIAMETRICS_IMAGE}}\n    command:\n      - --storageDataPath=/storage\n      - --promscrape.config=/etc/vm/scrape.yml\n    volumes:\n      - {volume}:/etc/vm/scrape.yml:ro\n")
    };
    // Mounted (the image is a variable the files do not set), or mounted from a variable
    // path: either way VictoriaMetrics reads it, and it takes `max_scrape_size`.
    for volume in ["./victoria-metrics/scrape.yml", "${VM_SCRAPE_CONFIG_PATH}"] {
        let c = compose(volume);
        let (all, _) = lines(&[
            ("docker-compose.yml", &c),
            ("victoria-metrics/scrape.yml", scrape),
        ]);
        assert!(
            !all.iter().any(|l| l.contains("PROM004")),
            "{volume}: {all:?}"
        );
    }
    // Read by Prometheus, the key is unknown.
    let prom = "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    volumes:\n      - ./victoria-metrics/scrape.yml:/etc/prometheus/prometheus.yml\n";
    let (all, _) = lines(&[
        ("docker-compose.yml", prom),
        ("victoria-metrics/scrape.yml", scrape),
    ]);
    assert!(all.iter().any(|l| l.contains("PROM004")), "{all:?}");
}

// ---------- `{ACCOUNT_ID}` placeholders ----------

#[test]
fn a_file_broken_by_an_upper_case_placeholder_is_an_info() {
    let deploy = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: {ACCOUNT_ID}.dkr.ecr.{REGION}.amazonaws.com/app:latest\n";
    let (all, alarms) = lines(&[("sample/kubernetes/deployment.yaml", deploy)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    assert!(all.iter().any(|l| l.contains("{ACCOUNT_ID}")), "{all:?}");
    // A file broken elsewhere stays an error.
    let broken = "scrape_configs:\n  - job_name: [x\n";
    let (all, _) = lines(&[("prometheus/prometheus.yml", broken)]);
    assert!(all.iter().any(|l| l.contains("error[DIAG001]")), "{all:?}");
}

// ---------- third sample: an Ansible role's variables are not files Grafana reads ----------

#[test]
fn an_ansible_roles_variables_are_not_grafana_provisioning() {
    // A role whose tasks hand a `datasources:` list to `grafana_datasource` (Grafana's HTTP
    // API): Grafana never reads `vars/main.yml` (Aazme/monitoring-stack-ansible).
    let vars = "---\ngrafana_url: \"http://localhost:3000\"\ndatasources:\n  - name: \"Prometheus\"\n    ds_type: \"prometheus\"\n    url: \"http://prometheus:9090\"\n    isDefault: true\n";
    let tasks = "---\n- name: Create Grafana data sources\n  community.grafana.grafana_datasource:\n    name: \"{{ item.name }}\"\n    ds_type: \"{{ item.ds_type }}\"\n    ds_url: \"{{ item.url }}\"\n    url: \"{{ grafana_url }}\"\n  loop: \"{{ datasources }}\"\n";
    for folder in ["vars", "defaults"] {
        let path = format!("playbooks/roles/grafana/{folder}/main.yml");
        let (all, alarms) = lines(&[
            (path.as_str(), vars),
            ("playbooks/roles/grafana/tasks/main.yml", tasks),
        ]);
        assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    }
    // Without a role around it, the same file is a provisioning file in the old format.
    let (all, _) = lines(&[("grafana/datasources/main.yml", vars)]);
    assert!(all.iter().any(|l| l.contains("GRAF006")), "{all:?}");
}

// ---------- third sample: `${DS_X}` declared as a constant variable ----------

#[test]
fn a_placeholder_declared_as_a_constant_variable_resolves_to_its_value() {
    // exoplatform/monitoring-stack: `${DS_MONITORING_JMETER}` is a hidden constant whose
    // value names the provisioned data source; Grafana interpolates it, then looks it up.
    let compose = "services:\n  influxdb:\n    image: influxdb:1.8\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./grafana/provisioning:/etc/grafana/provisioning:ro\n      - ./grafana/dashboards:/var/lib/grafana/dashboards:ro\n";
    let ds = "apiVersion: 1\ndatasources:\n  - name: monitoring_jmeter\n    type: influxdb\n    access: proxy\n    url: http://influxdb:8086\n    database: jmeter\n";
    let providers = "apiVersion: 1\nproviders:\n  - name: tools\n    type: file\n    options:\n      path: /var/lib/grafana/dashboards\n";
    let dashboard = |value: &str| {
        format!(
            r#"{{"title": "JMeter", "uid": "jmeter", "schemaVersion": 39,
  "panels": [{{"id": 1, "type": "timeseries", "title": "Throughput", "datasource": "${{DS_MONITORING_JMETER}}",
    "targets": [{{"refId": "A", "query": "SELECT count(\"count\") FROM \"jmeter\"", "rawQuery": true}}]}}],
  "templating": {{"list": [{{"name": "DS_MONITORING_JMETER", "type": "constant", "hide": 2, "query": "{value}",
    "current": {{"text": "{value}", "value": "{value}"}}}}]}}}}"#
        )
    };
    let stack = |d: &str| -> (Vec<String>, Vec<String>) {
        let files = [
            ("docker-compose.yml", compose),
            ("grafana/provisioning/datasources/ds.yaml", ds),
            ("grafana/provisioning/dashboards/p.yaml", providers),
            ("grafana/dashboards/jmeter.json", d),
        ];
        lines(&files)
    };
    let (all, alarms) = stack(&dashboard("monitoring_jmeter"));
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    // A constant that names no provisioned data source is still unresolved.
    let (all, _) = stack(&dashboard("monitoring_gatling"));
    assert!(
        all.iter()
            .any(|l| l.contains("GRAF008") && l.contains("jmeter.json")),
        "{all:?}"
    );
}

// ---------- triage B: test inputs, FreeMarker templates ----------

#[test]
fn test_inputs_are_shown_as_infos_with_a_note() {
    let bad_config = "scrape_configs:\n  - job_name: prometheus\n    consult_sd_configs:\n      - server: localhost:1234\n";
    let bad_rules = "groups:\n  # empty group name\n  - name:\n    rules:\n      - alert: HighThroughput\n        expr: up == 0\n";
    for (path, text, code) in [
        // Go's `testdata/` (prometheus/prometheus, grafana/loki).
        (
            "config/testdata/unknown_attr.bad.yml",
            bad_config,
            "PROM004",
        ),
        (
            "pkg/rules/testdata/basic_failure.yaml",
            bad_rules,
            "PROM007",
        ),
        // A test folder's file named as invalid (Centhion/monitoring-stack).
        (
            "tests/fixtures/invalid_alert_rules.yml",
            bad_rules,
            "PROM007",
        ),
        ("spec/fixtures/files/rules-bad.yml", bad_rules, "PROM007"),
        // Named after the defect it holds (RedBeret/alertmanager-drill).
        (
            "tests/fixtures/missing-name.rules.yml",
            bad_rules,
            "PROM007",
        ),
    ] {
        let r = report(&[(path, text)]);
        let found: Vec<_> = r.diagnostics.iter().filter(|d| d.code == code).collect();
        assert!(!found.is_empty(), "{path}: {:?}", short_lines(&r, |_| true));
        for d in found {
            assert_eq!(d.severity, Severity::Info, "{path}");
            let notes: Vec<String> = d
                .notes
                .iter()
                .map(|n| diagnose_core::Render::render(n, Lang::En))
                .collect();
            assert!(notes.iter().any(|n| n.contains("test input")), "{notes:?}");
        }
    }
    // The same files where a stack keeps them stay errors, and so do the files of a test
    // folder that are not named as invalid (the `broken/` copy of a tutorial's stack).
    for path in [
        "prometheus/prometheus.yml",
        "tests/fixtures/seeds/esxi/broken/prometheus.yml",
    ] {
        let (all, alarms) = lines(&[(path, bad_config)]);
        assert!(
            alarms.iter().any(|l| l.contains("error[PROM004]")),
            "{all:?}"
        );
    }
}

#[test]
fn a_freemarker_template_is_an_info() {
    // cloudogu/gitops-playground renders `*.ftl.yaml` with FreeMarker.
    let ftl = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argocd-dashboard\n  namespace: ${config.application.namePrefix}monitoring\n  labels:\n    grafana_dashboard: \"1\"\n<#if config.features.mail.active>\n  annotations:\n    mail: ${config.features.mail.to}\n</#if>\ndata:\n  argocd-dashboard.json: |-\n    {\"title\": \"ArgoCD\", \"panels\": []}\n";
    let (all, alarms) = lines(&[("argocd/dashboard.ftl.yaml", ftl)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    assert!(
        all.iter()
            .any(|l| l.contains("info[DIAG001]") && l.contains("FreeMarker")),
        "{all:?}"
    );
}

// ---------- held-out sample C ----------

#[test]
fn a_prometheus_built_from_a_dockerfile_scrapes_itself_on_localhost() {
    // The image comes from a Dockerfile the files do not hold (`FROM prom/prometheus`): the
    // container that reads the scrape config runs Prometheus, on 9090.
    let compose = "services:\n  prometheus:\n    build:\n      context: prometheus/.\n    command: >-\n      --config.file=/prometheus.yml\n      --storage.tsdb.path=/prometheus\n    volumes:\n      - ./prometheus/prometheus.yml:/prometheus.yml\n";
    let prom = |target: &str| {
        format!("scrape_configs:\n  - job_name: prometheus\n    static_configs:\n      - targets: [\"{target}\"]\n")
    };
    let self_scrape = prom("localhost:9090");
    let (all, alarms) = lines(&[
        ("docker-compose.yml", compose),
        ("prometheus/prometheus.yml", &self_scrape),
    ]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    // Another port on localhost is still another program, not this container.
    let exporter = prom("localhost:9100");
    let (all, _) = lines(&[
        ("docker-compose.yml", compose),
        ("prometheus/prometheus.yml", &exporter),
    ]);
    assert!(all.iter().any(|l| l.contains("error[NET001]")), "{all:?}");
}

#[test]
fn a_password_placeholder_is_not_a_password_in_clear() {
    let compose = "services:\n  grafana:\n    image: grafana/grafana:11.5.2\n    ports: [\"3000:3000\"]\n    environment:\n      GF_SECURITY_ADMIN_USER: ${GRAFANA_USERNAME}\n      GF_SECURITY_ADMIN_PASSWORD: ${GRAFANA_PASSWORD}\n";
    let (all, alarms) = lines(&[
        ("compose.yml", compose),
        (
            ".env",
            "GRAFANA_USERNAME=<username>\nGRAFANA_PASSWORD=<password>\n",
        ),
    ]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    let (all, alarms) = lines(&[
        ("compose.yml", compose),
        (
            ".env",
            "GRAFANA_USERNAME=admin\nGRAFANA_PASSWORD=s3cret-pass\n",
        ),
    ]);
    assert!(alarms.iter().any(|l| l.contains("GRAF007")), "{all:?}");
}

#[test]
fn kubectl_describe_output_saved_as_yaml_is_an_info() {
    let describe = "Name:               alertmanager-main\nNamespace:          prometheus\nLabels:             app=kube-prometheus-stack-alertmanager\n                    app.kubernetes.io/instance=prometheus\nAnnotations:        meta.helm.sh/release-name: prometheus\nReplicas:           1 desired | 1 total\n";
    let (all, alarms) = lines(&[("k8s/alert.yaml", describe)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    assert!(
        all.iter().any(|l| l.contains("kubectl describe")),
        "{all:?}"
    );
    // A broken manifest that starts with a `Name:` key is still an error.
    let (all, alarms) = lines(&[("k8s/x.yaml", "Name: x\nspec:\n  - a\n   b: c\n")]);
    assert!(
        alarms.iter().any(|l| l.contains("error[DIAG001]")),
        "{all:?}"
    );
}

// ---------- triage B, FP-12: a build context is not what a container reads ----------

#[test]
fn files_in_the_build_context_of_a_service_that_is_not_their_reader_are_not_loaded() {
    // grafana/loki: compose files build Loki, fluentd and a query analyser from the
    // repository's root; a bench data source and a mixin's jsonnet-input dashboard lie under
    // it. No Grafana reads them there.
    let compose =
        "services:\n  loki:\n    build:\n      context: ..\n    image: grafana/loki:main\n";
    let ds = "apiVersion: 1\ndatasources:\n  - name: loki\n    type: loki\n    url: http://host.docker.internal:3100\n";
    let dash = r#"{"title": "Loki operational", "uid": "ops",
  "panels": [{"type": "timeseries", "datasource": "$datasource",
    "targets": [{"expr": "sum(rate(loki_request_duration_seconds_count[5m]))"}]}]}"#;
    let copy = dash.replace("Loki operational", "Loki operational (compiled)");
    let files = [
        ("docker/docker-compose.yml", compose),
        ("bench/grafana-datasource.yaml", ds),
        ("mixin/dashboards/ops.json", dash),
        ("mixin-compiled/dashboards/ops.json", copy.as_str()),
    ];
    let (all, alarms) = lines(&files);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    // A Grafana built from that context may copy them into its image: it is their reader.
    let grafana =
        "services:\n  grafana:\n    build:\n      context: ..\n    image: example/grafana:dev\n";
    let files = [
        ("docker/docker-compose.yml", grafana),
        ("bench/grafana-datasource.yaml", ds),
    ];
    let (all, _) = lines(&files);
    assert!(
        all.iter()
            .any(|l| l.contains("NET002") && l.contains("`grafana` container")),
        "{all:?}"
    );
}

#[test]
fn a_finding_several_stacks_make_is_shown_once() {
    // Two projects that mount each other's folder both see a shared data source: each
    // stack's pass reports both callers, and each line is shown once.
    let a = "services:\n  graf-a:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ../shared:/etc/grafana/provisioning/datasources\n      - ../z:/z\n";
    let z = "services:\n  graf-z:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ../shared:/etc/grafana/provisioning/datasources\n      - ../a:/a\n";
    let ds = "apiVersion: 1\ndatasources:\n  - name: prom\n    type: prometheus\n    url: http://host.docker.internal:9090\n";
    let files = [
        ("a/docker-compose.yml", a),
        ("z/docker-compose.yml", z),
        ("shared/ds.yaml", ds),
    ];
    let (all, _) = lines(&files);
    let net002: Vec<_> = all.iter().filter(|l| l.contains("NET002")).collect();
    assert_eq!(net002.len(), 2, "{all:?}");
}

// ---------- triage B, FP-1: groups of site data are not rule groups ----------

#[test]
fn groups_holding_no_rules_and_keys_of_their_own_are_not_a_rule_file() {
    // samber/awesome-prometheus-alerts: Jekyll's `_data/rules.yml` groups services, each
    // with exporters and their rules; the site renders rule files from it.
    let site = "# Site data: cannot be copy-pasted to Prometheus.\ngroups:\n  - name: Basic resource monitoring\n    services:\n      - name: Prometheus self-monitoring\n        exporters:\n          - slug: embedded-exporter\n            rules:\n              - name: Prometheus target missing\n                query: \"up == 0\"\n                severity: critical\n                for: 1m\n";
    let (all, alarms) = lines(&[("_data/rules.yml", site)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    // A rule group with a misspelt `rules` is still a rule file's.
    let typo = "groups:\n  - name: app\n    rule:\n      - alert: Down\n        expr: up == 0\n";
    let (all, _) = lines(&[("rules/app.yml", typo)]);
    assert!(
        all.iter()
            .any(|l| l.contains("PROM007") && l.contains("`rule`")),
        "{all:?}"
    );
    // So is a file whose groups hold rules beside an unknown key.
    let extra = "groups:\n  - name: app\n    services: []\n    rules:\n      - alert: Down\n        expr: up == 0\n";
    let (all, _) = lines(&[("rules/app.yml", extra)]);
    assert!(
        all.iter()
            .any(|l| l.contains("PROM007") && l.contains("`services`")),
        "{all:?}"
    );
}

// ---------- triage B, FP-10: lokitool/cortextool/mimirtool namespace files ----------

#[test]
fn a_rule_tools_namespace_file_is_a_rule_file_with_a_namespace() {
    // grafana/loki pkg/tool/rules/testdata: the input of `lokitool rules load/sync`
    // (`RuleNamespace{namespace, groups}`, groups with an optional `remote_write`).
    let ns = "namespace: example_namespace\ngroups:\n- name: example_rule_group\n  remote_write:\n  - url: http://mimir:9009/api/v1/push\n  rules:\n  - expr: sum(up)\n    record: summed_up\n---\nnamespace: other_namespace\ngroups:\n- name: other_group\n  rules:\n  - expr: sum(up)\n    record: other_summed_up\n";
    let (all, alarms) = lines(&[("rules/namespace.yaml", ns)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    // Its rules are still checked, and a key neither format knows is still reported.
    let bad = "namespace: example_namespace\ngroups:\n- name: g\n  intervall: 1m\n  rules:\n  - expr: sum(up)\n    record: 1summed\n";
    let (all, _) = lines(&[("rules/namespace.yaml", bad)]);
    assert!(
        all.iter()
            .any(|l| l.contains("PROM007") && l.contains("intervall")),
        "{all:?}"
    );
    assert!(
        all.iter()
            .any(|l| l.contains("PROM007") && l.contains("1summed")),
        "{all:?}"
    );
    // Mounted where only Prometheus reads it, `namespace` is refused.
    let compose = "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    volumes:\n      - ./rules:/etc/prometheus/rules\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml\n";
    let prom = "rule_files:\n  - /etc/prometheus/rules/*.yaml\n";
    let (all, _) = lines(&[
        ("docker-compose.yml", compose),
        ("prometheus.yml", prom),
        ("rules/namespace.yaml", ns),
    ]);
    assert!(
        all.iter()
            .any(|l| l.contains("PROM007") && l.contains("`namespace`")),
        "{all:?}"
    );
}

// ---------- triage B, FP-6: Go templates outside Helm charts ----------

#[test]
fn go_templates_other_programs_render_are_infos() {
    // Nomad `template` stanza (grafana/tempo, grafana/loki examples).
    let nomad = "server:\n  http_listen_port: {{ env \"NOMAD_PORT_http\" }}\ndistributor:\n  ring:\n    kvstore:\n      consul:\n        host: {{ env \"attr.unique.network.ip-address\" }}:8500\n";
    // An operator's manifest embedded with //go:embed (rook/rook).
    let embed = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: probe\nspec:\n  template:\n    spec:\n      nodeSelector:\n      {{- range $k, $v := .NodeSelector }}\n        {{ $k }}: {{ $v }}\n      {{- end }}\n";
    // An External Secrets `templateFrom` source (gavinmcfall/home-ops): it parses, into
    // nonsense mappings.
    let eso = "apiVersion: 1\ndatasources:\n  - name: TeslaMate\n    type: postgres\n    url: postgres:5432\n    user: {{ .TESLAMATE_POSTGRES_USER }}\n    secureJsonData:\n      password: \"{{ .TESLAMATE_POSTGRES_PASS }}\"\n";
    for (path, text) in [
        ("nomad/config.yml", nomad),
        ("pkg/daemon/daemonset.yaml", embed),
        ("teslamate/resources/datasource.yaml", eso),
    ] {
        let (all, alarms) = lines(&[(path, text)]);
        assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
        assert!(all.iter().any(|l| l.contains("info[DIAG001]")), "{all:?}");
    }
    // An unquoted Prometheus annotation template is a real mistake: still an error.
    let rule = "groups:\n  - name: app\n    rules:\n      - alert: Down\n        expr: up == 0\n        annotations:\n          summary: {{ $labels.instance }} is down\n";
    let (all, _) = lines(&[("rules/app.yml", rule)]);
    assert!(all.iter().any(|l| l.contains("error[DIAG001]")), "{all:?}");
}

// ---------- triage B, FP-14: a broken `.json` of no monitoring kind ----------

#[test]
fn a_json_file_in_which_nothing_is_monitoring_is_an_info_when_it_does_not_parse() {
    // cloudnative-pg/charts: a tombstone under a dashboard's name; prometheus/prometheus:
    // the body `OK` of a mock Docker API.
    let note = "The JSON file has been moved to a dedicated repository for CloudNativePG dashboards located at:\nhttps://github.com/cloudnative-pg/grafana-dashboards/blob/main/charts/cluster/grafana-dashboard.json\n";
    for (path, text) in [
        ("charts/monitoring/grafana-dashboard.json", note),
        ("discovery/moby/testdata/dockerprom/_ping.json", "OK"),
        ("app/config.json", "{\"a\": 1,}\n"),
    ] {
        let (all, alarms) = lines(&[(path, text)]);
        assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
        assert!(all.iter().any(|l| l.contains("info[DIAG001]")), "{all:?}");
    }
    // A broken dashboard stays an error.
    let dash = "{\"title\": \"A\", \"panels\": [}\n";
    let (all, _) = lines(&[("dashboards/a.json", dash)]);
    assert!(all.iter().any(|l| l.contains("error[DIAG001]")), "{all:?}");
    let named = "{\"title\": \"A\",\n";
    let (all, _) = lines(&[("dashboards/grafana-dashboard.json", named)]);
    assert!(all.iter().any(|l| l.contains("error[DIAG001]")), "{all:?}");
}

// ---------- triage B, FP-4: a recording rule that converts a counter's unit ----------

#[test]
fn a_recording_rule_that_scales_a_counter_by_a_constant_records_a_counter() {
    // prometheus/node_exporter docs/example-16-compatibility-rules-new-to-old.yml.
    let rules = "groups:\n  - name: node_exporter-16-compat\n    rules:\n      - record: node_disk_io_time_ms\n        expr: node_disk_io_time_seconds_total * 1000\n      - record: node_disk_read_time_s\n        expr: node_disk_read_time_seconds_total / 1e3\n      - record: node_disk_bytes_read\n        expr: node_disk_read_bytes_total\n";
    let (all, alarms) = lines(&[("rules/compat.yml", rules)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    // Summed before the scaling, or divided into a number, it is still reported.
    let summed = "groups:\n  - name: g\n    rules:\n      - record: disk_io_time_ms\n        expr: sum(node_disk_io_time_seconds_total) * 1000\n      - record: inverse\n        expr: 1 / node_disk_read_time_seconds_total\n";
    let (all, _) = lines(&[("rules/compat.yml", summed)]);
    assert_eq!(
        all.iter().filter(|l| l.contains("PQL004")).count(),
        2,
        "{all:?}"
    );
}

// ---------- triage B, FP-16: PromQL newer than the parser ----------

#[test]
fn promql_syntax_newer_than_the_parser_is_an_info() {
    // prometheus/prometheus cmd/promtool/testdata/features.yml.
    let rules = "groups:\n  - name: app\n    rules:\n      - record: job:http_requests:rate2m\n        expr: sum by (job) (rate(http_requests_total[1m * 2]))\n      - record: job:http_requests:increase5m_anchored\n        expr: sum by (job) (increase(http_requests_total[5m] anchored))\n";
    let (all, alarms) = lines(&[("rules/app.yml", rules)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    assert_eq!(
        all.iter().filter(|l| l.contains("info[PQL001]")).count(),
        2,
        "{all:?}"
    );
    // A real mistake inside brackets stays an error.
    let bad = "groups:\n  - name: app\n    rules:\n      - record: x\n        expr: rate(http_requests_total[5m)\n";
    let (all, _) = lines(&[("rules/app.yml", bad)]);
    assert!(all.iter().any(|l| l.contains("error[PQL001]")), "{all:?}");
}

// ---------- triage B, FP-3: a JSON5 app config with a `providers` key ----------

#[test]
fn an_unquoted_providers_key_of_a_json5_config_is_not_a_monitoring_sign() {
    // joryirving/home-ops: an LLM gateway's JSON5 settings in a ConfigMap.
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  app.json: |\n    {\n      // JSON5 config of an LLM gateway\n      models: {\n        providers: {\n          openai: { baseUrl: \"http://litellm:4000/v1\" },\n        },\n      },\n    }\n";
    let (all, alarms) = lines(&[("apps/llm/configmap.yaml", cm)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    assert!(all.iter().any(|l| l.contains("info[DIAG001]")), "{all:?}");
    // A broken dashboard in a ConfigMap is still an error.
    let broken = cm.replace(
        "models: {\n        providers: {",
        "\"panels\": [{\n        \"targets\": {",
    );
    let (all, _) = lines(&[("apps/llm/configmap.yaml", &broken)]);
    assert!(all.iter().any(|l| l.contains("error[DIAG001]")), "{all:?}");
}

// ---------- triage B, FP-9 and FP-15: jsonnet under a `.json` name, Chainsaw assertions ----------

#[test]
fn jsonnet_source_named_json_and_chainsaw_assertions_are_not_read_as_such() {
    // imusmanmalik/cert-manager-mixin: a dashboard kept as jsonnet source, imported by the
    // mixin's dashboards.libsonnet.
    let dash = "{\n  \"title\": \"cert-manager\",\n  \"panels\": [\n    {\n      \"type\": \"timeseries\",\n      \"targets\": [\n        {\n          \"expr\": \"sum(certmanager_certificate_ready_status{%(selector)s})\" % $._config.dashboards\n        }\n      ]\n    }\n  ]\n}\n";
    let (all, alarms) = lines(&[("dashboards/overview.json", dash)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    assert!(all.iter().any(|l| l.contains("jsonnet")), "{all:?}");
    // A broken dashboard without jsonnet stays an error.
    let broken = "{\"title\": \"A\", \"panels\": [{\"expr\": \"up\" x}]}\n";
    let (all, _) = lines(&[("dashboards/a.json", broken)]);
    assert!(all.iter().any(|l| l.contains("error[DIAG001]")), "{all:?}");
    // cloudnative-pg/charts: a Chainsaw assert file, `~.rules` = each element of `rules`.
    let assert = "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: cluster-alert-rules\nspec:\n  groups:\n    - name: cloudnative-pg/monitoring-cluster\n      ~.rules:\n        labels:\n          environment: staging\n";
    let (all, alarms) = lines(&[("test/monitoring/01-assert.yaml", assert)]);
    assert_eq!(alarms, Vec::<String>::new(), "{all:?}");
    // A PrometheusRule with a misspelt group key is still reported.
    let real = assert.replace("~.rules", "rulez");
    let (all, _) = lines(&[("manifests/rules.yaml", &real)]);
    assert!(all.iter().any(|l| l.contains("PROM007")), "{all:?}");
}

#[test]
fn a_dashboard_also_mounted_where_a_provider_reads_it_is_loaded() {
    // Held-out sample C: the JSON lies beside the provider file in the provisioning folder,
    // and is mounted again, alone, under the provider's path.
    let compose = "services:\n  grafana:\n    image: grafana/grafana:12.4.2\n    volumes:\n      - ./grafana/provisioning:/etc/grafana/provisioning:ro\n      - ./grafana/provisioning/dashboards/starter.json:/var/lib/grafana/dashboards/starter.json:ro\n";
    let provider = "apiVersion: 1\nproviders:\n  - name: default\n    type: file\n    options:\n      path: /var/lib/grafana/dashboards\n";
    let dashboard =
        "{\"title\": \"Starter\", \"uid\": \"starter\", \"panels\": [], \"schemaVersion\": 39}\n";
    let files = [
        ("docker-compose.yml", compose),
        ("grafana/provisioning/dashboards/dashboards.yml", provider),
        ("grafana/provisioning/dashboards/starter.json", dashboard),
    ];
    let (all, alarms) = lines(&files);
    assert!(!alarms.iter().any(|l| l.contains("GRAF002")), "{all:?}");
    // Mounted only beside the provisioning files (the provider reads another folder), it
    // is read by no provider.
    let alone = compose.replace(
        "./grafana/provisioning/dashboards/starter.json:/var/lib/grafana/dashboards/starter.json",
        "./dash:/var/lib/grafana/dashboards",
    );
    let files = [
        ("docker-compose.yml", alone.as_str()),
        ("grafana/provisioning/dashboards/dashboards.yml", provider),
        ("grafana/provisioning/dashboards/starter.json", dashboard),
    ];
    let (all, alarms) = lines(&files);
    assert!(alarms.iter().any(|l| l.contains("GRAF002")), "{all:?}");
}
