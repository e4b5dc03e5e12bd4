//! The error explainer: its knowledge base is complete in both languages, every cited
//! error text is classified in its family, and with a seed stack the cause confirmed by
//! the files comes first, at the right file and line.

use diagnose_core::explain::{self, families, load_errors, Match};
use diagnose_core::{registry, Input, Lang, Options, Report};
use diagnose_tests::repo_root;
use std::path::Path;

/// Rule names that other helpers are writing in parallel: allowed as causes before they
/// are registered. The lead deletes this list once every rule is merged.
fn french_typography(what: &str, fr: &str) {
    for bad in [" :", " ;", " ?", " !", "« ", " »"] {
        assert!(
            !fr.contains(bad),
            "{what}: use a no-break space (U+00A0) in `{}` (French)",
            bad.trim()
        );
    }
}

#[test]
fn knowledge_base_is_complete() {
    assert!(load_errors().is_empty(), "{:#?}", load_errors());
    let fams = families();
    assert!(fams.len() >= 30, "only {} error families", fams.len());
    assert_eq!(
        fams.len(),
        diagnose_core::docs::ERROR_FAMILIES.len(),
        "every rules/errors/*.yaml must load"
    );
    for f in fams {
        let id = &f.id;
        for (what, t) in [
            ("title", &f.title),
            ("summary", &f.summary),
            ("meaning", &f.meaning),
        ] {
            assert!(
                !t.en.is_empty() && !t.fr.is_empty(),
                "{id}: {what} in both languages"
            );
            assert_ne!(t.en, t.fr, "{id}: {what} is not translated");
            french_typography(&format!("{id} {what}"), &t.fr);
        }
        assert!(!f.components.is_empty(), "{id}: no component");
        assert!(!f.patterns.is_empty(), "{id}: no pattern");
        assert!(!f.sources.is_empty(), "{id}: no source");
        assert!(!f.examples.is_empty(), "{id}: no example");
        assert!(!f.causes.is_empty(), "{id}: no cause");
        for (i, c) in f.causes.iter().enumerate() {
            assert!(
                !c.text.en.is_empty() && !c.text.fr.is_empty(),
                "{id} cause {i}"
            );
            french_typography(&format!("{id} cause {i}"), &c.text.fr);
            if let Some(rule) = &c.rule {
                assert!(
                    registry::find(rule).is_some_and(|r| r.name == rule),
                    "{id}: cause {i} names unknown rule `{rule}`"
                );
            }
        }
    }
}

#[test]
fn every_cited_example_is_classified_in_its_family() {
    let mut failures = Vec::new();
    for f in families() {
        for ex in &f.examples {
            let m = explain::explain(ex, None);
            let got = m
                .first()
                .map(|m| m.family.id.as_str())
                .unwrap_or("<nothing>");
            if got != f.id {
                failures.push(format!("{}: {ex:?} → {got}", f.id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn top(text: &str) -> String {
    explain::explain(text, None)
        .first()
        .map(|m| m.family.id.clone())
        .unwrap_or_default()
}

/// The errors listed in the issue, and those the seed tutorials mention.
#[test]
fn errors_of_the_issue_and_the_seeds() {
    let cases = [
        // Bad Gateway / 502
        ("HTTP Error Bad Gateway", "bad-gateway"),
        ("t=2017-02-02T16:24:50+0000 lvl=info msg=\"Request Completed\" logger=context method=GET path=/api/datasources/proxy/1/api/v1/query status=502", "bad-gateway"),
        // connection refused: localhost / name / IP
        ("Post \"http://localhost:9090/api/v1/query\": dial tcp 127.0.0.1:9090: connect: connection refused", "connection-refused-localhost"),
        ("Post \"http://prometheus:9091/api/v1/query\": dial tcp 172.19.0.2:9091: connect: connection refused", "connection-refused-name"),
        ("Get \"http://192.0.2.10:5000/metrics\": dial tcp 192.0.2.10:5000: connect: connection refused", "connection-refused-ip"),
        ("Connection refused", "connection-refused"),
        ("Connection refused ou timeout", "connection-refused"),
        // no such host: Docker DNS / cluster DNS / placeholder
        ("dial tcp: lookup promethues on 127.0.0.11:53: no such host", "no-such-host-docker-dns"),
        ("lookup host.docker.internal on 127.0.0.11:53: no such host", "no-such-host-docker-host"),
        ("dial tcp: lookup prometheus-k8s.prometheus.svc.cluster.local on 10.152.183.10:53: no such host", "no-such-host-cluster-dns"),
        ("dial tcp: lookup prometheus.monitoring on 10.96.0.10:53: no such host", "no-such-host-cluster-dns"),
        ("Get \"http://APP_IP:5000/metrics\": dial tcp: lookup APP_IP on 127.0.0.53:53: no such host", "no-such-host-placeholder"),
        ("No such host", "no-such-host"),
        // timeouts
        ("Get \"http://10.0.0.9:9100/metrics\": dial tcp 10.0.0.9:9100: i/o timeout", "io-timeout"),
        ("Get \"http://127.0.0.1:9100/metrics\": context deadline exceeded", "context-deadline-exceeded"),
        ("Query timeout", "grafana-query-timeout"),
        // 404 from /api/v1/query (a URL with a path) vs a scrape 404
        ("Post \"http://prometheus:9090/api/v1/api/v1/query\": 404 page not found", "datasource-http-404"),
        ("server returned HTTP status 404 Not Found", "scrape-http-404"),
        // HTML scraped, wording of several versions
        ("expected a valid start token, got \"<\" (\"INVALID\") while parsing: \"<\"", "scrape-html-instead-of-metrics"),
        ("\"INVALID\" is not a valid start token", "scrape-html-instead-of-metrics"),
        // 401 / 403
        ("server returned HTTP status 401 Unauthorized", "http-401-unauthorized"),
        ("server returned HTTP status 403 Forbidden", "http-403-forbidden"),
        // RBAC
        ("pods is forbidden: User \"system:serviceaccount:monitoring:default\" cannot list resource \"pods\" in API group \"\" at the cluster scope", "k8s-rbac-forbidden"),
        ("endpoints is forbidden: User \"system:serviceaccount:taskflow:prometheus\" cannot watch resource \"endpoints\" in API group \"\" in the namespace \"taskflow\"", "k8s-rbac-forbidden"),
        // x509
        ("x509: certificate signed by unknown authority", "x509-unknown-authority"),
        ("x509: cannot validate certificate for 10.0.0.1 because it doesn't contain any IP SANs", "x509-hostname-mismatch"),
        ("x509: certificate has expired or is not yet valid", "x509-expired"),
        // permissions
        ("open /prometheus/queries.active: permission denied", "permission-denied-prometheus-data"),
        ("mkdir: can't create directory '/var/lib/grafana/plugins': Permission denied", "permission-denied-grafana-data"),
        ("GF_PATHS_DATA='/var/lib/grafana' is not writable.", "grafana-data-not-writable"),
        // Grafana data sources
        ("Datasource ${DS_PROMETHEUS} was not found", "datasource-variable-not-found"),
        ("Data source not found", "data-source-not-found"),
        // ports
        ("Bind for 0.0.0.0:3000 failed: port is already allocated", "port-already-allocated"),
        ("listen tcp4 0.0.0.0:3000: bind: address already in use", "address-already-in-use"),
        // promtool
        ("  FAILED: parsing YAML file prometheus.yml: scrape timeout greater than scrape interval for scrape config with job name \"flask-app\"", "scrape-timeout-exceeds-interval"),
        ("  FAILED: parsing YAML file prometheus.yml: \"http://APP_IP:5000/metrics\" is not a valid hostname", "target-not-a-valid-hostname"),
        // seed tutorials' own wording
        ("Target flask-app is DOWN", "target-down"),
        ("Failed to connect to Prometheus", "grafana-datasource-test-failed"),
        ("Could not reach Prometheus", "grafana-datasource-test-failed"),
        ("logger=context error=\"failed to query\" ...", "grafana-datasource-test-failed"),
        ("Error from server (NotFound): services \"prometheus\" not found", "k8s-service-not-found"),
    ];
    let mut failures = Vec::new();
    for (text, want) in cases {
        let got = top(text);
        if got != want {
            failures.push(format!("{text:?}: expected {want}, got {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn facts_of_a_pasted_grafana_log() {
    // A logfmt line escapes quotes; the explainer reads through that.
    let log = r#"logger=tsdb.prometheus endpoint=checkHealth level=warn msg="Error performing prometheus healthcheck" err="Post \"http://prometheus-k8s.prometheus.svc.cluster.local:9090/api/v1/query\": dial tcp: lookup prometheus-k8s.prometheus.svc.cluster.local on 10.152.183.10:53: no such host""#;
    let m = explain::explain(log, None);
    assert_eq!(m[0].family.id, "no-such-host-cluster-dns");
    let f = &m[0].facts;
    assert_eq!(
        f.url.as_deref(),
        Some("http://prometheus-k8s.prometheus.svc.cluster.local:9090/api/v1/query")
    );
    assert_eq!(
        f.host.as_deref(),
        Some("prometheus-k8s.prometheus.svc.cluster.local")
    );
    assert_eq!(f.port, Some(9090));
    assert_eq!(f.resolver.as_deref(), Some("10.152.183.10:53"));
    let json = explain::facts_json(f);
    assert_eq!(json["resolver_kind"], "kubernetes");
    assert_eq!(json["port"], 9090);
}

#[test]
fn multi_line_paste_puts_the_specific_error_first() {
    let paste = "HTTP Error Bad Gateway\n\
        logger=data-proxy-log msg=\"Proxy request failed\" err=\"dial tcp: lookup prometheus on 127.0.0.11:53: no such host\"";
    let m = explain::explain(paste, None);
    let ids: Vec<_> = m.iter().map(|m| m.family.id.as_str()).collect();
    assert_eq!(ids[0], "no-such-host-docker-dns", "{ids:?}");
    assert!(ids.contains(&"bad-gateway"), "{ids:?}");
}

#[test]
fn json_shape_is_versioned_and_localized() {
    let m = explain::explain("HTTP Error Bad Gateway", None);
    let en = serde_json::to_value(explain::json(&m, None, Lang::En)).unwrap();
    let fr = serde_json::to_value(explain::json(&m, None, Lang::Fr)).unwrap();
    assert_eq!(en["version"], 1);
    let first = &en["matches"][0];
    for key in ["id", "title", "component", "summary", "facts", "causes"] {
        assert!(!first[key].is_null(), "missing {key}");
    }
    assert_eq!(first["facts"]["status"], 502);
    assert_eq!(first["causes"][0]["rule"], "localhost-in-container-url");
    assert_eq!(first["causes"][0]["code"], "NET001");
    assert!(first["causes"][0]["confirmed"]
        .as_array()
        .unwrap()
        .is_empty());
    assert_ne!(first["title"], fr["matches"][0]["title"]);
    assert_eq!(
        fr["matches"][0]["component"],
        "interface de Grafana, journal de Grafana"
    );
}

// ---------------------------------------------------------------------------------------
// With the seed stacks: the confirmed cause comes first, at the right file and line.

fn load(dir: &Path) -> Vec<Input> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<Input>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(root, &p, out);
            } else if p.file_name().is_some_and(|n| n != "README.md") {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(Input::new(rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out
}

fn seed(name: &str, state: &str) -> Report {
    let dir = repo_root()
        .join("tests/fixtures/seeds")
        .join(name)
        .join(state);
    diagnose_core::check(load(&dir), &Options::default())
}

/// `file:line` of the first confirmation of the first match, and that match's id.
fn first_confirmation(report: &Report, m: &[Match]) -> Option<(String, String, u32)> {
    let first = m.first()?;
    let c = first.causes.first()?;
    let d = &report.diagnostics[*c.confirmed.first()?];
    let (line, ..) = diagnose_core::present::range(report, d.primary.file, d.primary.span);
    Some((
        first.family.id.clone(),
        report.file(d.primary.file).path.clone(),
        line,
    ))
}

/// Rules a test needs: every one must be registered.
fn needs(rules: &[&str]) -> bool {
    let missing: Vec<_> = rules
        .iter()
        .filter(|r| registry::find(r).is_none())
        .collect();
    assert!(missing.is_empty(), "rule(s) {missing:?} are not registered");
    true
}

fn check_seed(seed_name: &str, text: &str, want: (&str, &str, u32)) {
    let r = seed(seed_name, "broken");
    let m = explain::explain(text, Some(&r));
    let got = first_confirmation(&r, &m);
    assert_eq!(
        got,
        Some((want.0.to_string(), want.1.to_string(), want.2)),
        "{seed_name}: {text}\nmatches: {:?}",
        m.iter()
            .map(|m| (
                &m.family.id,
                m.causes
                    .iter()
                    .map(|c| c.confirmed.len())
                    .collect::<Vec<_>>()
            ))
            .collect::<Vec<_>>()
    );
    let fixed = seed(seed_name, "fixed");
    let m = explain::explain(text, Some(&fixed));
    assert!(
        m.iter().all(|m| !m.confirmed()),
        "{seed_name}/fixed: nothing should be confirmed for {text}"
    );
}

// Needs only NET001 (present now).
#[test]
fn microk8s_bad_gateway_points_at_the_datasource_url() {
    check_seed(
        "microk8s",
        "HTTP Error Bad Gateway",
        ("bad-gateway", "20-grafana.yaml", 25),
    );
}

// Needs only NET001 (present now).
#[test]
fn microk8s_connection_refused_on_localhost_points_at_the_local_datasource() {
    check_seed(
        "microk8s",
        "Post \"http://localhost:9090/api/v1/query\": dial tcp [::1]:9090: connect: connection refused - There was an error returned querying the Prometheus API.",
        ("connection-refused-localhost", "20-grafana.yaml", 25),
    );
}

// Needs only NET001: an error about another port of localhost is not this datasource.
#[test]
fn microk8s_other_port_is_not_confirmed() {
    let r = seed("microk8s", "broken");
    let m = explain::explain(
        "Get \"http://localhost:9100/metrics\": dial tcp 127.0.0.1:9100: connect: connection refused",
        Some(&r),
    );
    assert_eq!(m[0].family.id, "connection-refused-localhost");
    assert!(!m[0].confirmed(), "{:?}", m[0].causes);
}

// Needs K8S001 (k8s-service-dns-unresolved).
#[test]
fn microk8s_no_such_host_points_at_the_cluster_url() {
    if !needs(&["k8s-service-dns-unresolved"]) {
        return;
    }
    check_seed(
        "microk8s",
        "Post \"http://prometheus-k8s.prometheus.svc.cluster.local:9090/api/v1/query\": dial tcp: lookup prometheus-k8s.prometheus.svc.cluster.local on 10.152.183.10:53: no such host",
        ("no-such-host-cluster-dns", "20-grafana.yaml", 14),
    );
}

// Needs NET002 (host-docker-internal-without-host-gateway).
#[test]
fn esxi_host_docker_internal_points_at_the_target() {
    if !needs(&["host-docker-internal-without-host-gateway"]) {
        return;
    }
    check_seed(
        "esxi",
        "Get \"http://host.docker.internal:8000/api/metrics\": dial tcp: lookup host.docker.internal on 127.0.0.11:53: no such host",
        ("no-such-host-docker-host", "monitoring/prometheus.yml", 8),
    );
}

// Needs GRAF008 (dashboard-datasource-unresolved).
#[test]
fn esxi_exported_datasource_points_at_the_export() {
    if !needs(&["dashboard-datasource-unresolved"]) {
        return;
    }
    check_seed(
        "esxi",
        "Datasource ${DS_PROMETHEUS} was not found",
        (
            "datasource-variable-not-found",
            "monitoring/grafana/dashboards/esxi-overview-export.json",
            86,
        ),
    );
}

// Needs GRAF004 (dashboard-json-api-wrapper).
#[test]
fn esxi_empty_title_points_at_the_wrapped_dashboard() {
    if !needs(&["dashboard-json-api-wrapper"]) {
        return;
    }
    check_seed(
        "esxi",
        "logger=provisioning.dashboard msg=\"failed to load dashboard from \" file=/var/lib/grafana/dashboards/esxi-overview.json error=\"Dashboard title cannot be empty\"",
        (
            "dashboard-title-empty",
            "monitoring/grafana/dashboards/esxi-overview.json",
            2,
        ),
    );
}

// Needs PROM001 (scrape-timeout-exceeds-interval).
#[test]
fn flask_promtool_timeout_points_at_the_job() {
    if !needs(&["scrape-timeout-exceeds-interval"]) {
        return;
    }
    check_seed(
        "flask",
        "  FAILED: parsing YAML file /opt/prometheus/prometheus.yml: scrape timeout greater than scrape interval for scrape config with job name \"flask-app\"",
        ("scrape-timeout-exceeds-interval", "opt/prometheus/prometheus.yml", 15),
    );
}

// Needs PROM002 (target-includes-scheme-or-path).
#[test]
fn flask_promtool_hostname_points_at_the_target() {
    if !needs(&["target-includes-scheme-or-path"]) {
        return;
    }
    check_seed(
        "flask",
        "  FAILED: parsing YAML file /opt/prometheus/prometheus.yml: \"http://APP_IP:5000/metrics\" is not a valid hostname",
        ("target-not-a-valid-hostname", "opt/prometheus/prometheus.yml", 17),
    );
}

// Needs K8S003 (kubernetes-sd-missing-rbac).
#[test]
fn taskflow_pods_forbidden_points_at_the_discovery() {
    if !needs(&["kubernetes-sd-missing-rbac"]) {
        return;
    }
    check_seed(
        "taskflow",
        "pods is forbidden: User \"system:serviceaccount:taskflow:prometheus\" cannot list resource \"pods\" in API group \"\" in the namespace \"taskflow\"",
        ("k8s-rbac-forbidden", "tp10/15-prometheus-config.yaml", 14),
    );
}

// Needs GRAF001 (provisioning-not-mounted).
#[test]
fn taskflow_data_source_not_found_points_at_the_unmounted_configmap() {
    if !needs(&["provisioning-not-mounted"]) {
        return;
    }
    check_seed(
        "taskflow",
        "Data source not found",
        (
            "data-source-not-found",
            "tp10/20-grafana-datasource.yaml",
            7,
        ),
    );
}

// Needs DC001 (host-port-clash).
#[test]
fn ticketing_port_allocated_points_at_grafana_ports() {
    if !needs(&["host-port-clash"]) {
        return;
    }
    check_seed(
        "ticketing",
        "Error response from daemon: driver failed programming external connectivity on endpoint grafana: Bind for 0.0.0.0:3000 failed: port is already allocated",
        ("port-already-allocated", "docker-compose.yml", 178),
    );
}

// ---------------------------------------------------------------------------------------
// The matching of confirmations is generic (facts found in the diagnostic's text, line,
// mapping and arguments). Until the other rules are merged, these tests place one
// diagnostic where each rule's seed README says it will point, and check that the
// explainer picks it (and picks nothing else).

fn stand_in(
    report: &mut Report,
    path: &str,
    needle: &str,
    occurrence: usize,
    code: &'static str,
    rule: &'static str,
) {
    use diagnose_core::diagnostic::{Diagnostic, Label};
    use diagnose_core::{Severity, Span};
    let f = report
        .workspace
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no file {path}"));
    let at = f
        .text
        .match_indices(needle)
        .nth(occurrence)
        .unwrap_or_else(|| panic!("{needle} not in {path}"))
        .0;
    report.diagnostics.push(Diagnostic {
        code,
        rule,
        severity: Severity::Error,
        message: diagnose_core::Message::new("stand-in"),
        primary: Label {
            file: f.id,
            span: Span::new(at, at + needle.len()),
            message: None,
        },
        related: Vec::new(),
        notes: Vec::new(),
        help: None,
        fix: None,
    });
}

#[test]
fn stand_in_cluster_dns_diagnostic_is_confirmed_by_its_host() {
    let mut r = seed("microk8s", "broken");
    let host = "prometheus-k8s.prometheus.svc.cluster.local";
    stand_in(
        &mut r,
        "20-grafana.yaml",
        host,
        0,
        "K8S001",
        "k8s-service-dns-unresolved",
    );
    let text = "dial tcp: lookup prometheus-k8s.prometheus.svc.cluster.local on 10.152.183.10:53: no such host";
    let m = explain::explain(text, Some(&r));
    assert_eq!(
        first_confirmation(&r, &m),
        Some((
            "no-such-host-cluster-dns".into(),
            "20-grafana.yaml".into(),
            14
        ))
    );
    // "Bad Gateway" alone carries no fact: both datasource problems are candidates, the
    // more common cause (localhost) first.
    let m = explain::explain("HTTP Error Bad Gateway", Some(&r));
    let confirmed: Vec<_> = m[0]
        .causes
        .iter()
        .filter(|c| !c.confirmed.is_empty())
        .map(|c| c.cause.rule.clone().unwrap())
        .collect();
    assert_eq!(
        confirmed,
        ["localhost-in-container-url", "k8s-service-dns-unresolved"]
    );
    // An error about another host does not confirm it.
    let other =
        "dial tcp: lookup grafana.monitoring.svc.cluster.local on 10.152.183.10:53: no such host";
    let m = explain::explain(other, Some(&r));
    assert!(!m[0].confirmed(), "{:?}", m[0].causes);
}

#[test]
fn stand_in_timeout_diagnostic_is_confirmed_by_its_job_name() {
    let mut r = seed("flask", "broken");
    stand_in(
        &mut r,
        "opt/prometheus/prometheus.yml",
        "10s",
        0,
        "PROM001",
        "scrape-timeout-exceeds-interval",
    );
    let text = "  FAILED: parsing YAML file /opt/prometheus/prometheus.yml: scrape timeout greater than scrape interval for scrape config with job name \"flask-app\"";
    let m = explain::explain(text, Some(&r));
    assert_eq!(
        first_confirmation(&r, &m),
        Some((
            "scrape-timeout-exceeds-interval".into(),
            "opt/prometheus/prometheus.yml".into(),
            15
        ))
    );
    let other =
        "scrape timeout greater than scrape interval for scrape config with job name \"node\"";
    assert!(!explain::explain(other, Some(&r))[0].confirmed());
}

#[test]
fn stand_in_port_clash_diagnostic_is_confirmed_by_its_port() {
    let mut r = seed("ticketing", "broken");
    stand_in(
        &mut r,
        "docker-compose.yml",
        "\"3000:3000\"",
        1,
        "DC001",
        "host-port-clash",
    );
    let m = explain::explain(
        "Bind for 0.0.0.0:3000 failed: port is already allocated",
        Some(&r),
    );
    assert_eq!(
        first_confirmation(&r, &m),
        Some((
            "port-already-allocated".into(),
            "docker-compose.yml".into(),
            178
        ))
    );
    let m = explain::explain(
        "Bind for 0.0.0.0:9090 failed: port is already allocated",
        Some(&r),
    );
    assert!(!m[0].confirmed());
}

#[test]
fn stand_in_rbac_diagnostic_is_confirmed_by_its_service_account() {
    let mut r = seed("taskflow", "broken");
    stand_in(
        &mut r,
        "tp10/15-prometheus-config.yaml",
        "kubernetes_sd_configs",
        0,
        "K8S003",
        "kubernetes-sd-missing-rbac",
    );
    // The diagnostic names the account in its message, as rules do.
    let d = r.diagnostics.last_mut().unwrap();
    d.message
        .args
        .push(("account", "taskflow/prometheus".to_string()));
    let text = "pods is forbidden: User \"system:serviceaccount:taskflow:prometheus\" cannot list resource \"pods\" in API group \"\" in the namespace \"taskflow\"";
    let m = explain::explain(text, Some(&r));
    assert_eq!(
        first_confirmation(&r, &m),
        Some((
            "k8s-rbac-forbidden".into(),
            "tp10/15-prometheus-config.yaml".into(),
            14
        ))
    );
    let other = "pods is forbidden: User \"system:serviceaccount:monitoring:grafana\" cannot list resource \"pods\" in API group \"\" at the cluster scope";
    assert!(!explain::explain(other, Some(&r))[0].confirmed());
}
