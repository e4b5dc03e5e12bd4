//! Edge cases of the Prometheus (PROM001–PROM005) and Kubernetes (K8S001–K8S003) rules,
//! beyond the examples of their pages, plus the expected findings of the seeds.

use diagnose_core::diagnostic::Diagnostic;
use diagnose_core::Render;
use diagnose_core::{check, present, Input, Lang, Options, Report};
use diagnose_tests::repo_root;
use diagnose_tests::{check_selected, short_lines};
use std::path::Path;

fn report(files: &[(&str, &str)], codes: &[&str]) -> Report {
    check_selected(files, codes)
}

fn lines(files: &[(&str, &str)], codes: &[&str]) -> Vec<String> {
    short_lines(&report(files, codes), |d| codes.contains(&d.code))
}

fn codes_of(files: &[(&str, &str)], codes: &[&str]) -> Vec<&'static str> {
    let r = report(files, codes);
    r.diagnostics
        .iter()
        .filter(|d| codes.contains(&d.code))
        .map(|d| d.code)
        .collect()
}

// ---------------------------------------------------------------- PROM001

#[test]
fn prom001_job_timeout_against_inherited_and_default_intervals() {
    // A job without scrape_timeout gets min(global timeout, interval): never too long.
    let ok = "global:\n  scrape_timeout: 30s\n  scrape_interval: 1m\nscrape_configs:\n  - job_name: a\n    scrape_interval: 5s\n    static_configs:\n      - targets: ['a:1']\n";
    assert!(lines(&[("p.yml", ok)], &["PROM001"]).is_empty());
    // Equal is fine.
    let eq =
        "scrape_configs:\n  - job_name: a\n    scrape_interval: 10s\n    scrape_timeout: 10s\n";
    assert!(lines(&[("p.yml", eq)], &["PROM001"]).is_empty());
    // Inherited global interval.
    let inh = "global:\n  scrape_interval: 10s\nscrape_configs:\n  - job_name: a\n    scrape_timeout: 15s\n";
    let r = report(&[("p.yml", inh)], &["PROM001"]);
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(
        r.diagnostics[0].related.len(),
        1,
        "points at the global interval"
    );
    // Global timeout above the default 1m interval.
    let g = "global:\n  scrape_timeout: 2m\nscrape_configs: []\n";
    assert_eq!(
        lines(&[("p.yml", g)], &["PROM001"]),
        ["p.yml:2:19: error[PROM001] global `scrape_timeout` (2m) is greater than `scrape_interval` (1m)"]
    );
    // Invalid durations are PROM004's business.
    let bad = "scrape_configs:\n  - job_name: a\n    scrape_interval: 5\n    scrape_timeout: 10s\n";
    assert!(lines(&[("p.yml", bad)], &["PROM001"]).is_empty());
}

// ---------------------------------------------------------------- PROM002

fn apply_fix(text: &str, d: &Diagnostic) -> String {
    let mut edits = d.fix.as_ref().expect("a fix").edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.span.start as usize..e.span.end as usize, &e.replacement);
    }
    out
}

#[test]
fn prom002_fix_moves_scheme_and_path_into_the_job() {
    let t = "scrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: [\"https://app:8443/api/metrics\", 'https://app2:8443/api/metrics']\n";
    let r = report(&[("p.yml", t)], &["PROM002"]);
    assert_eq!(r.diagnostics.len(), 2);
    let with_fix: Vec<_> = r.diagnostics.iter().filter(|d| d.fix.is_some()).collect();
    assert_eq!(with_fix.len(), 1, "one fix per job");
    let fixed = apply_fix(t, with_fix[0]);
    assert_eq!(
        fixed,
        "scrape_configs:\n  - job_name: app\n    scheme: https\n    metrics_path: /api/metrics\n    static_configs:\n      - targets: [\"app:8443\", 'app2:8443']\n"
    );
    // The fixed file is clean for PROM002 and PROM004.
    assert!(lines(&[("p.yml", &fixed)], &["PROM002", "PROM004"]).is_empty());
}

#[test]
fn prom002_relabelled_address_and_alertmanagers() {
    // Blackbox exporter: the URL is only a parameter.
    let bb = "scrape_configs:\n  - job_name: blackbox\n    metrics_path: /probe\n    static_configs:\n      - targets: ['https://example.com/health']\n    relabel_configs:\n      - source_labels: [__address__]\n        target_label: __param_target\n      - target_label: __address__\n        replacement: blackbox:9115\n";
    assert!(lines(&[("p.yml", bb)], &["PROM002"]).is_empty());
    // Relabelling that keeps the URL as address: still wrong.
    let keep = "scrape_configs:\n  - job_name: x\n    static_configs:\n      - targets: ['http://bad']\n    relabel_configs:\n      - source_labels: [__address__]\n        target_label: __param_target\n";
    assert_eq!(codes_of(&[("p.yml", keep)], &["PROM002"]), ["PROM002"]);
    let am = "alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['http://alertmanager:9093']\n";
    let r = report(&[("p.yml", am)], &["PROM002"]);
    assert_eq!(r.diagnostics.len(), 1);
    assert!(r.diagnostics[0].fix.is_none());
    assert_eq!(
        r.diagnostics[0].help.as_ref().unwrap().id,
        "PROM002.help-am"
    );
}

#[test]
fn prom002_no_fix_inside_a_configmap() {
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p\ndata:\n  prometheus.yml: |\n    scrape_configs:\n      - job_name: a\n        static_configs:\n          - targets: ['http://a:1/x']\n";
    let r = report(&[("cm.yaml", cm)], &["PROM002"]);
    assert_eq!(r.diagnostics.len(), 1);
    assert!(r.diagnostics[0].fix.is_none());
    assert_eq!(
        present::short_line(&r, &r.diagnostics[0], Lang::En),
        "cm.yaml:10:23: error[PROM002] target `http://a:1/x` includes a scheme or a path; a target is only `host:port`"
    );
}

// ---------------------------------------------------------------- PROM003

#[test]
fn prom003_is_per_file() {
    let a = "scrape_configs:\n  - job_name: node\n";
    assert!(lines(&[("a/p.yml", a), ("b/p.yml", a)], &["PROM003"]).is_empty());
    let dup = "scrape_configs:\n  - job_name: node\n  - job_name: x\n  - job_name: 'node'\n";
    assert_eq!(
        lines(&[("p.yml", dup)], &["PROM003"]),
        ["p.yml:4:15: error[PROM003] job name `node` is already used by another scrape config"]
    );
}

// ---------------------------------------------------------------- PROM004

const VALID: &str = r#"global:
  scrape_interval: 15s
  scrape_timeout: 10s
  evaluation_interval: 30s
  external_labels:
    cluster: demo
    replica: 1
  scrape_protocols: [OpenMetricsText1.0.0, PrometheusText0.0.4]
rule_files:
  - /etc/prometheus/rules/*.yml
alerting:
  alert_relabel_configs:
    - action: labeldrop
      regex: replica
  alertmanagers:
    - scheme: HTTPS
      path_prefix: /am
      timeout: 10s
      tls_config:
        insecure_skip_verify: yes
      static_configs:
        - targets: ['alertmanager:9093']
scrape_configs:
  - job_name: prometheus
    honor_labels: true
    sample_limit: 1e4
    body_size_limit: 10MB
    params:
      module: [http_2xx]
    static_configs:
      - targets: ['localhost:9090']
        labels:
          env: prod
  - job_name: kubernetes-pods
    bearer_token_file: /var/run/secrets/kubernetes.io/serviceaccount/token
    kubernetes_sd_configs:
      - role: pod
        namespaces:
          own_namespace: true
        selectors:
          - role: pod
            label: app=web
        attach_metadata:
          node: true
    relabel_configs:
      - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]
        action: Keep
        regex: "true"
      - source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port]
        regex: ([^:]+)(?::\d+)?;(\d+)
        replacement: $1:$2
        target_label: __address__
      - action: labelmap
        regex: __meta_kubernetes_pod_label_(.+)
      - source_labels: [__name__]
        target_label: shard
        modulus: 4
        action: hashmod
  - job_name: files
    file_sd_configs:
      - files: [targets/*.json]
        refresh_interval: 5m
  - job_name: consul
    consul_sd_configs:
      - server: consul:8500
        services: [web]
        tags: [prod]
remote_write:
  - url: http://mimir/api/v1/push
    queue_config:
      max_shards: 10
      min_backoff: 100ms
    write_relabel_configs:
      - source_labels: [__name__]
        regex: go_.*
        action: drop
storage:
  tsdb:
    out_of_order_time_window: 30m
tracing:
  endpoint: tempo:4317
  insecure: true
"#;

#[test]
fn prom004_silent_on_a_rich_valid_config() {
    assert_eq!(
        lines(
            &[("prometheus.yml", VALID)],
            &["PROM001", "PROM002", "PROM003", "PROM004"]
        ),
        Vec::<String>::new()
    );
}

#[test]
fn prom004_reports_types_keys_and_relabel_rules() {
    let t = "global:\n  scrape_interval: 1m 30s\nscrape_configs:\n  - job_name: a\n    honor_labels: 'true'\n    sample_limit: '100'\n    static_configs:\n      - targets: 'a:1'\n    relabel_configs:\n      - action: hashmod\n        source_labels: [a]\n        target_label: b\n      - action: labeldrop\n        regex: x\n        target_label: y\n      -\n  - static_configs: []\n    job_name: ''\n    job_name: b\n";
    let got = lines(&[("p.yml", t)], &["PROM004"]);
    let want = [
        "p.yml:2:20: error[PROM004] `scrape_interval` expects a duration such as `30s` or `1m30s`, found `1m 30s`",
        "p.yml:5:19: error[PROM004] `honor_labels` expects `true` or `false`, found `\"true\"`",
        "p.yml:6:19: error[PROM004] `sample_limit` expects a whole number, zero or more, found `\"100\"`",
        "p.yml:8:18: error[PROM004] `targets` expects a list, found `\"a:1\"`",
        "p.yml:10:17: error[PROM004] relabel action `hashmod` needs a non-zero `modulus`",
        "p.yml:15:9: error[PROM004] relabel action `labeldrop` accepts only `regex`, not `target_label`",
        "p.yml:16:8: error[PROM004] empty entry in `scrape_configs[0].relabel_configs`",
        "p.yml:19:5: error[PROM004] key `job_name` is set twice in `scrape_configs[1]`",
    ];
    assert_eq!(got, want);
}

#[test]
fn prom004_suggests_and_unquotes() {
    let t = "scrape_configs:\n  - job_name: a\n    kubernetes_sd_config:\n      - role: pod\n    honor_labels: \"false\"\n";
    let r = report(&[("p.yml", t)], &["PROM004"]);
    let helps: Vec<String> = r
        .diagnostics
        .iter()
        .map(|d| d.help.as_ref().unwrap().render(Lang::En))
        .collect();
    assert_eq!(
        helps,
        [
            "did you mean `kubernetes_sd_configs`?",
            "remove the quotes: `honor_labels: false`"
        ]
    );
}

#[test]
fn prom004_depends_on_who_reads_the_file() {
    let cfg = "alerting:\n  alertmanagers:\n    - api_version: v1\nscrape_configs:\n  - job_name: a\n    relabel_configs:\n      - source_labels: [a]\n        target_label: foo-bar\n    vm_only_key: 1\n";
    let compose = |image: &str| {
        format!("services:\n  p:\n    image: {image}\n    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml\n")
    };
    // Prometheus 3: v1 is gone, UTF-8 label names are fine, the unknown key is not.
    let c3 = compose("prom/prometheus:v3.5.0");
    assert_eq!(
        codes_of(
            &[("docker-compose.yml", &c3), ("prometheus.yml", cfg)],
            &["PROM004"]
        )
        .len(),
        2
    );
    // Prometheus 2: v1 is fine, `foo-bar` is not a valid label name.
    let c2 = compose("prom/prometheus:v2.53.0");
    let got = lines(
        &[("docker-compose.yml", &c2), ("prometheus.yml", cfg)],
        &["PROM004"],
    );
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].contains("`foo-bar` is not a valid label name"));
    // vmagent reads it: not Prometheus's file.
    let vm = compose("victoriametrics/vmagent:v1.102.0");
    assert!(lines(
        &[("docker-compose.yml", &vm), ("prometheus.yml", cfg)],
        &["PROM004"]
    )
    .is_empty());
    // Prometheus 1.x had another format.
    let v1 = compose("prom/prometheus:v1.7.0");
    assert!(lines(
        &[("docker-compose.yml", &v1), ("prometheus.yml", cfg)],
        &["PROM004"]
    )
    .is_empty());
}

#[test]
fn prom004_credentials_and_kubernetes_sd() {
    let t = "scrape_configs:\n  - job_name: a\n    basic_auth:\n      username: u\n      password_file: /p\n    authorization:\n      credentials_file: /t\n    kubernetes_sd_configs:\n      - api_server: https://k8s:6443\n        kubeconfig_file: /k\n        role: endpoints\n        selectors:\n          - role: node\n      - namespaces:\n          names: [a]\n";
    let got = lines(&[("p.yml", t)], &["PROM004"]);
    assert_eq!(
        got,
        [
            "p.yml:3:5: error[PROM004] `authorization` and `basic_auth` cannot be used together",
            "p.yml:9:9: error[PROM004] `api_server` and `kubeconfig_file` cannot be used together",
            "p.yml:13:19: error[PROM004] role `endpoints` supports only `pod`, `service`, `endpoints` selectors, not `node`",
            "p.yml:14:9: error[PROM004] `kubernetes_sd_configs` entry without `role`",
        ]
    );
}

#[test]
fn prom004_regexes_follow_re2() {
    for (re, bad) in [
        ("(a|b", true),
        ("a(?!b)", true),
        ("(\\w+)\\1", true),
        ("[[:digit:]]+", false),
        ("(?i)Ready|true", false),
        ("\\d{1,3}\\.\\d{1,3}", false),
    ] {
        let t = format!("scrape_configs:\n  - job_name: a\n    metric_relabel_configs:\n      - source_labels: [x]\n        regex: '{re}'\n        action: drop\n");
        assert_eq!(
            !lines(&[("p.yml", &t)], &["PROM004"]).is_empty(),
            bad,
            "{re}"
        );
    }
}

#[test]
fn prom004_never_panics_on_odd_shapes() {
    for t in [
        "scrape_configs: 3\n",
        "scrape_configs:\n  - [1, 2]\n",
        "global: []\nalerting: x\n",
        "scrape_configs:\n  - job_name: [a]\n    relabel_configs: {a: 1}\n",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: [keep]\n        regex: {x: 1}\n",
        "scrape_configs:\n  - job_name: a\n    kubernetes_sd_configs: [{role: [pod]}, 3, {namespaces: 4}]\n",
    ] {
        let _ = lines(&[("p.yml", t)], &["PROM001", "PROM002", "PROM003", "PROM004", "PROM005", "K8S003"]);
    }
}

// ---------------------------------------------------------------- PROM005

const DB_COMPOSE: &str = "services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro\n  redis:\n    image: redis:7.4\n  db:\n    image: mariadb:11\n";

#[test]
fn prom005_compose_targets() {
    let p = "scrape_configs:\n  - job_name: redis\n    static_configs:\n      - targets: ['redis:6379', 'db', 'redis:9121']\n";
    let got = lines(
        &[("docker-compose.yml", DB_COMPOSE), ("prometheus.yml", p)],
        &["PROM005"],
    );
    // `redis:9121` and `db` (port 80) are not ports of those images: a connection
    // refused, not this rule's business.
    assert_eq!(
        got,
        ["prometheus.yml:4:20: warning[PROM005] job `redis` scrapes `redis:6379` directly, but `redis:7.4` serves no Prometheus metrics"]
    );
    let db =
        "scrape_configs:\n  - job_name: db\n    static_configs:\n      - targets: ['db:3306']\n";
    assert_eq!(
        codes_of(
            &[("docker-compose.yml", DB_COMPOSE), ("prometheus.yml", db)],
            &["PROM005"]
        ),
        ["PROM005"]
    );
    let r = report(
        &[("docker-compose.yml", DB_COMPOSE), ("prometheus.yml", p)],
        &["PROM005"],
    );
    assert!(r.diagnostics[0]
        .help
        .as_ref()
        .unwrap()
        .render(Lang::Fr)
        .contains("oliver006/redis_exporter"));
}

const SHOP: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: db\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers:\n        - name: pg\n          image: postgres:16\n          ports:\n            - name: pg\n              containerPort: 5432\n        - name: exporter\n          image: quay.io/prometheuscommunity/postgres-exporter:v0.15.0\n          ports:\n            - name: metrics\n              containerPort: 9187\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  namespace: shop\nspec:\n  selector: {app: db}\n  ports:\n    - name: pg\n      port: 5432\n      targetPort: pg\n    - name: metrics\n      port: 9187\n      targetPort: metrics\n";

fn prom_cm(ns: &str, cfg: &str) -> String {
    let body: String = cfg.lines().map(|l| format!("    {l}\n")).collect();
    format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: prometheus\n  namespace: {ns}\ndata:\n  prometheus.yml: |\n{body}")
}

#[test]
fn prom005_kubernetes_services_and_pods() {
    let static_cfg = "scrape_configs:\n  - job_name: db\n    static_configs:\n      - targets: ['db.shop.svc:5432', 'db.shop.svc:9187']\n";
    let cm = prom_cm("monitoring", static_cfg);
    assert_eq!(
        codes_of(&[("shop.yaml", SHOP), ("prom.yaml", &cm)], &["PROM005"]),
        ["PROM005"],
        "only the postgres port"
    );
    // Pod discovery: the pod's two ports are two targets; keeping only `metrics` is fine.
    let keep_metrics = "scrape_configs:\n  - job_name: pods\n    kubernetes_sd_configs:\n      - role: pod\n    relabel_configs:\n      - source_labels: [__meta_kubernetes_pod_container_port_name]\n        regex: metrics\n        action: keep\n";
    let cm = prom_cm("monitoring", keep_metrics);
    assert!(lines(&[("shop.yaml", SHOP), ("prom.yaml", &cm)], &["PROM005"]).is_empty());
    // Keeping on the app label scrapes both ports, postgres included.
    let keep_app = keep_metrics.replace(
        "__meta_kubernetes_pod_container_port_name]\n        regex: metrics",
        "__meta_kubernetes_pod_label_app]\n        regex: db",
    );
    let cm = prom_cm("monitoring", &keep_app);
    assert_eq!(
        lines(&[("shop.yaml", SHOP), ("prom.yaml", &cm)], &["PROM005"]),
        ["prom.yaml:14:20: warning[PROM005] job `pods` keeps the pods of `db` and scrapes port 5432, but `postgres:16` serves no Prometheus metrics"]
    );
    // A rule on a value the files do not tell (the pod IP) makes the job unknowable.
    let unknown = format!("{keep_app}      - source_labels: [__meta_kubernetes_pod_ip]\n        regex: 10\\..*\n        action: keep\n");
    let cm = prom_cm("monitoring", &unknown);
    assert!(lines(&[("shop.yaml", SHOP), ("prom.yaml", &cm)], &["PROM005"]).is_empty());
    // The annotation pattern: the db pod is not annotated, so it is dropped.
    let annot = "scrape_configs:\n  - job_name: pods\n    kubernetes_sd_configs:\n      - role: pod\n    relabel_configs:\n      - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]\n        regex: 'true'\n        action: keep\n";
    let cm = prom_cm("monitoring", annot);
    assert!(lines(&[("shop.yaml", SHOP), ("prom.yaml", &cm)], &["PROM005"]).is_empty());
    // Namespaces outside `namespaces.names` are not discovered.
    let other_ns = keep_app.replace(
        "- role: pod\n",
        "- role: pod\n        namespaces:\n          names: [web]\n",
    );
    let cm = prom_cm("monitoring", &other_ns);
    assert!(lines(&[("shop.yaml", SHOP), ("prom.yaml", &cm)], &["PROM005"]).is_empty());
}

// ---------------------------------------------------------------- K8S001 / K8S002

const MON: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: prometheus-k8s\n  namespace: monitoring\nspec:\n  selector: {app: prometheus}\n  ports:\n    - name: web\n      port: 9090\n      targetPort: web\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: prometheus\n  namespace: monitoring\nspec:\n  selector:\n    matchLabels: {app: prometheus}\n  template:\n    metadata:\n      labels: {app: prometheus}\n    spec:\n      containers:\n        - name: prometheus\n          image: prom/prometheus:v3.5.0\n          ports:\n            - name: web\n              containerPort: 9090\n";

fn ds(ns: &str, url: &str) -> String {
    format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ds\n  namespace: {ns}\ndata:\n  datasources.yaml: |\n    apiVersion: 1\n    datasources:\n      - name: P\n        type: prometheus\n        url: {url}\n")
}

fn k8s(url: &str, ns: &str, extra: &str) -> Vec<String> {
    let d = ds(ns, url);
    lines(
        &[("mon.yaml", MON), ("ds.yaml", &d), ("extra.yaml", extra)],
        &["K8S001", "K8S002"],
    )
}

#[test]
fn k8s001_name_forms() {
    // Short name in the caller's namespace, `.svc`, full name, other cluster domain.
    for url in [
        "http://prometheus-k8s:9090",
        "http://prometheus-k8s.monitoring:9090",
        "http://prometheus-k8s.monitoring.svc:9090",
        "http://prometheus-k8s.monitoring.svc.cluster.local:9090",
        "http://prometheus-k8s.monitoring.svc.k8s.internal:9090",
        "https://kubernetes.default.svc",
        "http://prometheus.example.com:9090",
        "http://10.0.0.5:9090",
    ] {
        assert!(k8s(url, "monitoring", "").is_empty(), "{url}");
    }
    // Short name from another namespace: not found, the suggestion adds the namespace.
    let d = ds("grafana", "http://prometheus-k8s:9090");
    let r = report(&[("mon.yaml", MON), ("ds.yaml", &d)], &["K8S001"]);
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(
        r.diagnostics[0].help.as_ref().unwrap().render(Lang::En),
        "use `prometheus-k8s.monitoring`"
    );
    // A close name in the right namespace.
    let got = k8s("http://prometheus.monitoring.svc:9090", "monitoring", "");
    assert_eq!(got.len(), 1);
}

#[test]
fn k8s001_stays_silent_without_evidence() {
    // Neither the namespace nor the name appear in the manifests: an info that says so
    // (issue 18), never an error.
    let infos = |v: Vec<String>| {
        v.len() == 1
            && v[0].contains("info[K8S001]")
            && v[0].contains("not defined in these manifests")
    };
    assert!(infos(k8s("http://loki.logging.svc:3100", "monitoring", "")));
    // A known namespace, but nothing like `loki` in it: deployed from elsewhere.
    assert!(infos(k8s("http://loki:3100", "monitoring", "")));
    // kube-system holds Services the manifests do not show.
    assert!(k8s("http://kube-dns.kube-system.svc:9153", "monitoring", "").is_empty());
    // No Service at all in the manifests.
    let d = ds("monitoring", "http://prometheus.monitoring.svc:9090");
    assert!(lines(&[("ds.yaml", &d)], &["K8S001"]).is_empty());
    // A Service without a namespace in its manifest can be applied anywhere.
    let svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: loki\nspec:\n  ports:\n    - port: 3100\n";
    assert!(k8s("http://loki.monitoring.svc:3100", "monitoring", svc).is_empty());
    // Operator-created governing Services.
    let cr = "apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata:\n  name: k8s\n  namespace: monitoring\nspec: {}\n";
    assert!(k8s(
        "http://prometheus-operated.monitoring.svc:9090",
        "monitoring",
        cr
    )
    .is_empty());
    assert!(k8s(
        "http://prometheus-k8s-0.prometheus-operated.monitoring.svc:9090",
        "monitoring",
        cr
    )
    .is_empty());
    assert_eq!(
        k8s(
            "http://prometheus-operated.monitoring.svc:9091",
            "monitoring",
            cr
        )
        .len(),
        1
    );
}

#[test]
fn k8s002_ports() {
    // The container port through a Service that renames it.
    let svc80 = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: monitoring\nspec:\n  selector: {app: prometheus}\n  ports:\n    - port: 80\n      targetPort: web\n";
    let d = ds("monitoring", "http://web:9090");
    let r = report(
        &[("mon.yaml", MON), ("ds.yaml", &d), ("svc.yaml", svc80)],
        &["K8S002"],
    );
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(
        r.diagnostics[0].help.as_ref().unwrap().render(Lang::En),
        "9090 is the pod's port (`targetPort`/`containerPort`); through the Service use port 80: `http://web:80`"
    );
    // No port in an http URL means 80.
    assert_eq!(
        k8s("http://prometheus-k8s.monitoring.svc", "monitoring", ""),
        ["ds.yaml:12:21: error[K8S002] Service `prometheus-k8s` in namespace `monitoring` has no port 80"]
    );
    // Headless: pod ports are reachable.
    let headless = "apiVersion: v1\nkind: Service\nmetadata:\n  name: prom-headless\n  namespace: monitoring\nspec:\n  clusterIP: None\n  selector: {app: prometheus}\n  ports:\n    - port: 80\n      targetPort: 9090\n";
    assert!(k8s("http://prom-headless:9090", "monitoring", headless).is_empty());
    // ExternalName: the port goes to the external host.
    let ext = "apiVersion: v1\nkind: Service\nmetadata:\n  name: ext\n  namespace: monitoring\nspec:\n  type: ExternalName\n  externalName: prom.example.com\n  ports:\n    - port: 80\n";
    assert!(k8s("http://ext:9090", "monitoring", ext).is_empty());
}

// ---------------------------------------------------------------- K8S003

fn prom_stack(sa: Option<&str>, sd: &str, rbac: &str) -> Vec<String> {
    let cfg = format!("scrape_configs:\n  - job_name: k\n    kubernetes_sd_configs:\n{sd}");
    let cm = prom_cm("monitoring", &cfg);
    let sa_line = sa.map_or(String::new(), |s| {
        format!("      serviceAccountName: {s}\n")
    });
    let dep = format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: prometheus\n  namespace: monitoring\nspec:\n  selector:\n    matchLabels: {{app: p}}\n  template:\n    metadata:\n      labels: {{app: p}}\n    spec:\n{sa_line}      containers:\n        - name: p\n          image: prom/prometheus:v3.5.0\n          volumeMounts:\n            - name: c\n              mountPath: /etc/prometheus\n      volumes:\n        - name: c\n          configMap:\n            name: prometheus\n");
    lines(
        &[("cm.yaml", &cm), ("dep.yaml", &dep), ("rbac.yaml", rbac)],
        &["K8S003"],
    )
}

fn cluster_role(rules: &str) -> String {
    format!("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: prom\nrules:\n{rules}")
}

fn binding(kind: &str, ns: Option<&str>, role_kind: &str, subject: &str) -> String {
    let meta_ns = ns.map_or(String::new(), |n| format!("  namespace: {n}\n"));
    format!("---\napiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata:\n  name: prom\n{meta_ns}roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: {role_kind}\n  name: prom\nsubjects:\n{subject}")
}

const SA_PROM: &str = "  - kind: ServiceAccount\n    name: prometheus\n    namespace: monitoring\n";
const POD_ALL: &str = "      - role: pod\n";
const CORE_RULES: &str = "  - apiGroups: [\"\"]\n    resources: [pods, services, endpoints, nodes]\n    verbs: [list, watch]\n";

#[test]
fn k8s003_cluster_binding_grants() {
    let rbac =
        cluster_role(CORE_RULES) + &binding("ClusterRoleBinding", None, "ClusterRole", SA_PROM);
    for sd in [
        POD_ALL,
        "      - role: endpoints\n",
        "      - role: node\n",
        "      - role: service\n",
    ] {
        assert!(prom_stack(Some("prometheus"), sd, &rbac).is_empty(), "{sd}");
    }
    // endpointslice needs discovery.k8s.io, ingress networking.k8s.io.
    assert_eq!(
        prom_stack(Some("prometheus"), "      - role: endpointslice\n", &rbac).len(),
        1
    );
    assert_eq!(
        prom_stack(Some("prometheus"), "      - role: ingress\n", &rbac).len(),
        1
    );
    // attach_metadata.namespace needs namespaces.
    assert_eq!(
        prom_stack(Some("prometheus"), "      - role: pod\n        attach_metadata:\n          namespace: true\n", &rbac),
        ["cm.yaml:10:9: error[K8S003] `kubernetes_sd_configs` role `pod` needs `list` and `watch` on `namespaces` (cluster-wide), which ServiceAccount `monitoring/prometheus` is not granted"]
    );
    // Wildcards count.
    let star = cluster_role("  - apiGroups: ['*']\n    resources: ['*']\n    verbs: ['*']\n")
        + &binding("ClusterRoleBinding", None, "ClusterRole", SA_PROM);
    assert!(prom_stack(Some("prometheus"), "      - role: endpointslice\n", &star).is_empty());
    // `get` alone is not enough, and resourceNames do not allow listing.
    let get_only = cluster_role("  - apiGroups: [\"\"]\n    resources: [pods]\n    verbs: [get]\n")
        + &binding("ClusterRoleBinding", None, "ClusterRole", SA_PROM);
    assert_eq!(prom_stack(Some("prometheus"), POD_ALL, &get_only).len(), 1);
    let named = cluster_role("  - apiGroups: [\"\"]\n    resources: [pods]\n    resourceNames: [a]\n    verbs: [list, watch]\n")
        + &binding("ClusterRoleBinding", None, "ClusterRole", SA_PROM);
    assert_eq!(prom_stack(Some("prometheus"), POD_ALL, &named).len(), 1);
}

#[test]
fn k8s003_service_account_and_subjects() {
    let rbac =
        cluster_role(CORE_RULES) + &binding("ClusterRoleBinding", None, "ClusterRole", SA_PROM);
    // No serviceAccountName: the pod runs as `default`.
    let got = prom_stack(None, POD_ALL, &rbac);
    assert_eq!(got.len(), 1);
    assert!(got[0].contains("`monitoring/default`"));
    // Group subjects.
    let group = cluster_role(CORE_RULES)
        + &binding("ClusterRoleBinding", None, "ClusterRole", "  - kind: Group\n    name: system:serviceaccounts:monitoring\n    apiGroup: rbac.authorization.k8s.io\n");
    assert!(prom_stack(None, POD_ALL, &group).is_empty());
    // A binding to a role the manifests do not define: unknown, silent.
    let external = binding("ClusterRoleBinding", None, "ClusterRole", SA_PROM)
        .replace("name: prom\nsubjects", "name: view\nsubjects");
    let external = external.replace(
        "kind: ClusterRole\n  name: view",
        "kind: ClusterRole\n  name: my-external-role",
    );
    assert!(prom_stack(Some("prometheus"), POD_ALL, &external).is_empty());
    // cluster-admin grants everything.
    let admin = binding("ClusterRoleBinding", None, "ClusterRole", SA_PROM).replace(
        "kind: ClusterRole\n  name: prom",
        "kind: ClusterRole\n  name: cluster-admin",
    );
    assert!(prom_stack(Some("prometheus"), "      - role: endpointslice\n", &admin).is_empty());
    // No RBAC object at all: nothing grants the rights, but they may come from elsewhere:
    // a warning (issue 18), not an error.
    let none = prom_stack(Some("prometheus"), POD_ALL, "");
    assert_eq!(none.len(), 1, "{none:?}");
    assert!(none[0].contains("warning[K8S003]"), "{none:?}");
    // api_server: other credentials.
    assert!(prom_stack(
        Some("prometheus"),
        "      - role: pod\n        api_server: https://k8s:6443\n",
        &rbac.replace("monitoring\n", "elsewhere\n")
    )
    .is_empty());
}

#[test]
fn k8s003_rolebinding_scope() {
    let rb = cluster_role(CORE_RULES)
        + &binding("RoleBinding", Some("monitoring"), "ClusterRole", SA_PROM);
    // Discovery restricted to the binding's namespace: granted.
    let own = "      - role: pod\n        namespaces:\n          own_namespace: true\n";
    assert!(prom_stack(Some("prometheus"), own, &rb).is_empty());
    // All namespaces: a RoleBinding is not enough, and the note says why.
    let cm = prom_cm(
        "monitoring",
        &format!("scrape_configs:\n  - job_name: k\n    kubernetes_sd_configs:\n{POD_ALL}"),
    );
    let dep = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: prometheus\n  namespace: monitoring\nspec:\n  serviceAccountName: prometheus\n  containers:\n    - name: p\n      image: prom/prometheus:v3.5.0\n      volumeMounts:\n        - name: c\n          mountPath: /etc/prometheus\n  volumes:\n    - name: c\n      configMap:\n        name: prometheus\n";
    let r = report(
        &[("cm.yaml", &cm), ("pod.yaml", dep), ("rbac.yaml", &rb)],
        &["K8S003"],
    );
    assert_eq!(r.diagnostics.len(), 1);
    assert!(r.diagnostics[0]
        .notes
        .iter()
        .any(|n| n.id == "K8S003.note-rolebinding"));
    // Another namespace listed: not covered by the RoleBinding in `monitoring`.
    let other = "      - role: pod\n        namespaces:\n          names: [monitoring, shop]\n";
    let got = prom_stack(Some("prometheus"), other, &rb);
    assert_eq!(got.len(), 1);
    assert!(got[0].contains("in namespace `shop`"));
    // Nodes are cluster-wide: a RoleBinding never grants them.
    assert_eq!(
        prom_stack(Some("prometheus"), "      - role: node\n", &rb).len(),
        1
    );
    // A Role (not ClusterRole) in the namespace works the same way.
    let role = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: prom\n  namespace: monitoring\nrules:\n".to_string()
        + CORE_RULES
        + &binding("RoleBinding", Some("monitoring"), "Role", SA_PROM);
    assert!(prom_stack(Some("prometheus"), own, &role).is_empty());
}

// ---------------------------------------------------------------- seeds

fn read_dir(root: &Path, dir: &Path, out: &mut Vec<Input>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            read_dir(root, &p, out);
        } else if let Ok(text) = std::fs::read_to_string(&p) {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push(Input::new(rel, text));
        }
    }
}

const MINE: &[&str] = &[
    "PROM001", "PROM002", "PROM003", "PROM004", "PROM005", "K8S001", "K8S002", "K8S003",
];

/// `file:line code` of every finding of these rules in a seed folder.
fn seed(name: &str, variant: &str) -> Vec<String> {
    let root = repo_root()
        .join("tests/fixtures/seeds")
        .join(name)
        .join(variant);
    let mut inputs = Vec::new();
    read_dir(&root, &root, &mut inputs);
    let r = check(
        inputs,
        &Options {
            select: MINE.iter().map(|c| c.to_string()).collect(),
            ..Options::default()
        },
    );
    r.diagnostics
        .iter()
        .filter(|d| MINE.contains(&d.code))
        .map(|d| {
            let l = present::short_line(&r, d, Lang::En);
            let mut parts = l.splitn(3, ':');
            let (f, line) = (parts.next().unwrap(), parts.next().unwrap());
            format!("{f}:{line} {}", d.code)
        })
        .collect()
}

#[test]
fn seeds_expected_findings() {
    assert_eq!(
        seed("flask", "broken"),
        [
            "opt/prometheus/prometheus.yml:15 PROM001",
            "opt/prometheus/prometheus.yml:17 PROM002",
        ]
    );
    assert_eq!(seed("microk8s", "broken"), ["20-grafana.yaml:14 K8S001"]);
    assert_eq!(
        seed("taskflow", "broken"),
        [
            "tp10/15-prometheus-config.yaml:14 K8S003",
            "tp10/15-prometheus-config.yaml:22 PROM005",
            "tp10/15-prometheus-config.yaml:22 PROM005",
        ]
    );
    for s in ["esxi", "ticketing"] {
        assert!(seed(s, "broken").is_empty(), "{s}: {:?}", seed(s, "broken"));
    }
    for s in ["esxi", "flask", "microk8s", "taskflow", "ticketing"] {
        assert!(
            seed(s, "fixed").is_empty(),
            "{s}/fixed: {:?}",
            seed(s, "fixed")
        );
    }
}

#[test]
fn seed_secondary_locations() {
    let root = repo_root().join("tests/fixtures/seeds/taskflow/broken");
    let mut inputs = Vec::new();
    read_dir(&root, &root, &mut inputs);
    let r = check(
        inputs,
        &Options {
            select: vec!["K8S003".into(), "PROM005".into()],
            ..Options::default()
        },
    );
    let related = |code: &str| -> Vec<String> {
        r.diagnostics
            .iter()
            .filter(|d| d.code == code)
            .flat_map(|d| &d.related)
            .map(|l| {
                let f = r.file(l.file);
                format!(
                    "{}:{}",
                    f.path,
                    f.lines().line_col(&f.text, l.span.start as usize).line
                )
            })
            .collect()
    };
    assert_eq!(
        related("K8S003"),
        [
            "tp10/17-prometheus-deployment.yaml:18",
            "tp10/16-prometheus-rbac.yaml:34"
        ]
    );
    assert_eq!(
        related("PROM005"),
        ["tp10/10-postgres.yaml:37", "tp10/11-redis.yaml:23"]
    );
}

// ------------------------------------------------- PROM004 by the release that reads it

fn compose_with(image: &str) -> String {
    format!(
        "services:\n  prometheus:\n    image: {image}\n    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml\n      - ./rules:/etc/prometheus/rules\n"
    )
}

#[test]
fn prom004_keys_are_judged_by_the_pinned_release() {
    let cfg = "global:\n  scrape_protocols: [PrometheusText0.0.4]\nscrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['a:1']\n";
    let at = |image: &str| {
        lines(
            &[
                ("compose.yaml", &compose_with(image)),
                ("prometheus.yml", cfg),
            ],
            &["PROM004"],
        )
    };
    // 2.49 introduced `scrape_protocols`.
    assert_eq!(
        at("prom/prometheus:v2.48.1"),
        vec!["prometheus.yml:2:3: error[PROM004] `scrape_protocols` needs Prometheus 2.49 or later, but this file is read by `prom/prometheus:v2.48.1`"]
    );
    assert!(at("prom/prometheus:v2.49.0").is_empty());
    assert!(at("quay.io/prometheus/prometheus:v3.1.0").is_empty());
    // No tag, `latest`, or a major-only tag that cannot tell: judged by the newest.
    assert!(at("prom/prometheus").is_empty());
    assert!(at("prom/prometheus:latest").is_empty());
    assert!(at("prom/prometheus:v3").is_empty());
    // A major-only tag decides what its major version settles: `v2` may be 2.55, which
    // knows `otlp`, but no 2.x knows `translation_strategy` (3.0).
    let otlp = "otlp:\n  translation_strategy: NoTranslation\n";
    let r = lines(
        &[
            ("compose.yaml", &compose_with("prom/prometheus:v2")),
            ("prometheus.yml", otlp),
        ],
        &["PROM004"],
    );
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(
        r[0].contains("`translation_strategy` needs Prometheus 3.0"),
        "{r:?}"
    );
    // The label points at the image line of the compose file.
    let rep = report(
        &[
            ("compose.yaml", &compose_with("prom/prometheus:v2.48.1")),
            ("prometheus.yml", cfg),
        ],
        &["PROM004"],
    );
    let d = &rep.diagnostics[0];
    assert_eq!(rep.file(d.related[0].file).path, "compose.yaml");
}

#[test]
fn prom004_removed_keys_and_later_checks_follow_the_release() {
    let cfg = "scrape_configs:\n  - job_name: a\n    scrape_classic_histograms: true\n    ec2_sd_configs:\n      - region: eu-west-1\n        bearer_token: x\n        bearer_token_file: /t\n";
    let at = |image: &str| {
        lines(
            &[
                ("compose.yaml", &compose_with(image)),
                ("prometheus.yml", cfg),
            ],
            &["PROM004"],
        )
    };
    // 2.47: `scrape_classic_histograms` exists (2.45 … 2.55); EC2's HTTP settings are not
    // validated before 2.48.
    assert!(
        at("prom/prometheus:v2.47.0").is_empty(),
        "{:?}",
        at("prom/prometheus:v2.47.0")
    );
    // 2.44: the key is too new.
    let old = at("prom/prometheus:v2.44.0");
    assert_eq!(old.len(), 1, "{old:?}");
    assert!(old[0].contains("needs Prometheus 2.45"));
    // 3.x (and no release given): the key is gone, the credentials conflict is refused.
    for image in ["prom/prometheus:v3.0.0", "prom/prometheus"] {
        let new = at(image);
        assert_eq!(new.len(), 2, "{image}: {new:?}");
        assert!(new[0].contains("`scrape_classic_histograms` was removed in Prometheus 3.0"));
        assert!(new[1].contains("`bearer_token` and `bearer_token_file` cannot be used together"));
    }
}

#[test]
fn prom004_relabel_actions_and_kubernetes_images_have_releases_too() {
    let cfg = "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - source_labels: [a]\n        target_label: b\n        action: keepequal\n";
    let deploy = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: prometheus\nspec:\n  template:\n    spec:\n      containers:\n        - name: prometheus\n          image: prom/prometheus:v2.40.7\n          volumeMounts:\n            - name: config\n              mountPath: /etc/prometheus\n      volumes:\n        - name: config\n          configMap:\n            name: prometheus-config\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: prometheus-config\ndata:\n  prometheus.yml: |\n    scrape_configs:\n      - job_name: a\n        relabel_configs:\n          - source_labels: [a]\n            target_label: b\n            action: keepequal\n";
    let got = lines(&[("k8s.yaml", deploy)], &["PROM004"]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with(
            "k8s.yaml:30:21: error[PROM004] `action: keepequal` needs Prometheus 2.41"
        ),
        "{got:?}"
    );
    assert!(lines(&[("prometheus.yml", cfg)], &["PROM004"]).is_empty());
}

#[test]
fn prom007_utf8_names_are_errors_for_a_prometheus_2_image() {
    let rules = "groups:\n  - name: g\n    rules:\n      - record: http.requests:rate5m\n        expr: sum(rate(http_requests_total[5m]))\n";
    let files = |image: &str| {
        vec![
            ("compose.yaml".to_string(), compose_with(image)),
            (
                "prometheus.yml".to_string(),
                "rule_files:\n  - rules/*.yml\n".to_string(),
            ),
            ("rules/r.yml".to_string(), rules.to_string()),
        ]
    };
    let sev = |image: &str| {
        let owned = files(image);
        let fs: Vec<(&str, &str)> = owned
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let r = report(&fs, &["PROM007"]);
        r.diagnostics
            .iter()
            .map(|d| (d.severity, d.message.render(Lang::En)))
            .collect::<Vec<_>>()
    };
    let v2 = sev("prom/prometheus:v2.53.0");
    assert_eq!(v2.len(), 1);
    assert_eq!(v2[0].0, diagnose_core::Severity::Error);
    assert!(
        v2[0]
            .1
            .contains("Prometheus 2.53 (`prom/prometheus:v2.53.0`)"),
        "{v2:?}"
    );
    let v3 = sev("prom/prometheus:v3.5.0");
    assert_eq!(v3.len(), 1);
    assert_eq!(v3[0].0, diagnose_core::Severity::Warning);
}

// ------------------------------------------------- PROM004: what each discovery requires

#[test]
fn prom004_discovery_requirements_and_defaults() {
    let one = |sd: &str| {
        let cfg = format!("scrape_configs:\n  - job_name: a\n    {sd}\n");
        lines(&[("prometheus.yml", &cfg)], &["PROM004"])
    };
    // Defaults fill outscale's and stackit's region: no error without one.
    assert!(one("outscale_sd_configs:\n      - access_key: A\n        secret_key: B").is_empty());
    assert!(one("stackit_sd_configs:\n      - project: p").is_empty());
    // An explicitly empty region is refused.
    assert_eq!(one("outscale_sd_configs:\n      - region: ''\n        access_key: A\n        secret_key: B").len(), 1);
    assert_eq!(
        one("stackit_sd_configs:\n      - project: p\n        region: ''").len(),
        1
    );
    // Azure: ManagedIdentity needs no client secret; OAuth does.
    assert!(one("azure_sd_configs:\n      - subscription_id: s\n        authentication_method: ManagedIdentity").is_empty());
    assert_eq!(
        one("azure_sd_configs:\n      - subscription_id: s").len(),
        1
    );
    assert_eq!(one("azure_sd_configs:\n      - subscription_id: s\n        authentication_method: Password").len(), 1);
    // Eureka: a URL with scheme and host.
    assert!(one("eureka_sd_configs:\n      - server: http://eureka:8761/eureka").is_empty());
    assert_eq!(
        one("eureka_sd_configs:\n      - server: eureka:8761").len(),
        1
    );
    // Marathon's own token with the HTTP client's.
    assert_eq!(one("marathon_sd_configs:\n      - servers: ['http://m:8080']\n        auth_token: t\n        basic_auth:\n          username: u").len(), 1);
    assert!(
        one("marathon_sd_configs:\n      - servers: ['http://m:8080']\n        auth_token: t")
            .is_empty()
    );
    // Selectors that Kubernetes parses.
    assert!(one("kubernetes_sd_configs:\n      - role: pod\n        selectors:\n          - role: pod\n            label: 'app in (web, api),!canary'\n            field: status.phase=Running").is_empty());
    assert_eq!(one("kubernetes_sd_configs:\n      - role: pod\n        selectors:\n          - role: pod\n            label: 'app in web'").len(), 1);
}

#[test]
fn prom004_scrape_config_files_hold_scrape_configs_only() {
    let main = "scrape_config_files:\n  - jobs/*.yml\n";
    let job = "global:\n  scrape_interval: 5s\nscrape_configs:\n  - job_name: a\n";
    let got = lines(
        &[("prometheus.yml", main), ("jobs/a.yml", job)],
        &["PROM004"],
    );
    assert_eq!(
        got,
        vec!["jobs/a.yml:1:1: error[PROM004] `global` cannot be set in a file that `scrape_config_files` loads: only `scrape_configs` can"]
    );
    // The same file listed twice repeats its jobs.
    let twice = "scrape_config_files:\n  - jobs/a.yml\n  - jobs/*.yml\n";
    let ok_job = "scrape_configs:\n  - job_name: a\n";
    let dup = lines(
        &[("prometheus.yml", twice), ("jobs/a.yml", ok_job)],
        &["PROM003"],
    );
    assert_eq!(dup.len(), 1, "{dup:?}");
    assert!(dup[0].starts_with("prometheus.yml:3:5: error[PROM003]"));
}

#[test]
fn prom004_binary_label_names_and_otlp_lists() {
    let bin = "global:\n  external_labels:\n    !!binary \"/w==\": v\n    ok: !!binary \"b2s=\"\n";
    let got = lines(&[("prometheus.yml", bin)], &["PROM004"]);
    assert_eq!(
        got.len(),
        1,
        "a !!binary value that is UTF-8 text is fine: {got:?}"
    );
    let bad = "global:\n  external_labels:\n    a: !!binary \"not base64!\"\n";
    assert_eq!(
        codes_of(&[("prometheus.yml", bad)], &["DIAG001"]),
        vec!["DIAG001"]
    );
    let otlp = "otlp:\n  promote_resource_attributes: [service.name, ' service.name ', '']\n";
    assert_eq!(lines(&[("prometheus.yml", otlp)], &["PROM004"]).len(), 2);
    let esc = "global:\n  metric_name_validation_scheme: legacy\n  metric_name_escaping_scheme: allow-utf-8\nscrape_configs:\n  - job_name: a\n  - job_name: b\n    metric_name_validation_scheme: utf8\n";
    let got = lines(&[("prometheus.yml", esc)], &["PROM004"]);
    assert_eq!(
        got.len(),
        1,
        "job b validates UTF-8 and gets its escaping from its own scheme: {got:?}"
    );
    assert!(got[0].contains("job `a`"));
}

#[test]
fn vmalert_rule_files_mounted_only_by_prometheus_are_checked_as_prometheus_rules() {
    let rules = "groups:\n  - name: g\n    concurrency: 2\n    rules:\n      - alert: A\n        expr: up == 0\n";
    let with = |image: &str| {
        let compose = format!(
            "services:\n  rules:\n    image: {image}\n    volumes:\n      - ./rules:/etc/rules\n"
        );
        codes_of(
            &[("compose.yaml", &compose), ("rules/a.yml", rules)],
            &["PROM007"],
        )
    };
    assert_eq!(with("prom/prometheus:v3.5.0"), vec!["PROM007"]);
    assert!(with("victoriametrics/vmalert:v1.100.0").is_empty());
    // Nobody mounts it: its keys say vmalert.
    assert!(codes_of(&[("rules/a.yml", rules)], &["PROM007"]).is_empty());
}
