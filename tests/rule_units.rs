//! Engine-level tests of single rules (they run `diagnose_core::check`, so they live above
//! the rules crate: an upward import does not compile there).

/// Moved from `crates/diagnose-rules/src/net/host_docker_internal_without_host_gateway.rs`.
mod host_docker_internal_without_host_gateway {
    use diagnose_core::{check, Input, Options};

    fn fixed(compose: &str) -> Option<String> {
        let prom = "scrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ['host.docker.internal:8000']\n";
        let r = check(
            vec![
                Input::new("docker-compose.yml", compose),
                Input::new("prometheus.yml", prom),
            ],
            &Options {
                select: vec!["NET002".into()],
                ..Options::default()
            },
        );
        let d = r.diagnostics.iter().find(|d| d.code == "NET002")?;
        let f = d.fix.as_ref()?;
        let mut text = compose.to_string();
        let e = &f.edits[0];
        text.replace_range(e.span.start as usize..e.span.end as usize, &e.replacement);
        Some(text)
    }

    #[test]
    fn adds_a_key_after_the_last_one() {
        let c = "services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml\n    restart: always\n\n  grafana:\n    image: grafana/grafana:12.2.0\n";
        assert_eq!(
            fixed(c).unwrap(),
            "services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml\n    restart: always\n    extra_hosts:\n      - \"host.docker.internal:host-gateway\"\n\n  grafana:\n    image: grafana/grafana:12.2.0\n"
        );
    }

    #[test]
    fn follows_the_file_indentation() {
        let c = "services:\n    prometheus:\n        image: prom/prometheus:v3.5.0\n        volumes:\n        - ./prometheus.yml:/etc/prometheus/prometheus.yml\n";
        assert_eq!(
            fixed(c).unwrap(),
            "services:\n    prometheus:\n        image: prom/prometheus:v3.5.0\n        volumes:\n        - ./prometheus.yml:/etc/prometheus/prometheus.yml\n        extra_hosts:\n        - \"host.docker.internal:host-gateway\"\n"
        );
    }

    #[test]
    fn extends_an_existing_list_or_mapping() {
        let c = "services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n    extra_hosts:\n      - \"nas:192.0.2.5\"\n    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml\n";
        assert_eq!(
            fixed(c).unwrap(),
            "services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n    extra_hosts:\n      - \"nas:192.0.2.5\"\n      - \"host.docker.internal:host-gateway\"\n    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml\n"
        );
        let m = "services:\n  prometheus:\n    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml\n    extra_hosts:\n      nas: 192.0.2.5\n";
        assert_eq!(
            fixed(m).unwrap(),
            "services:\n  prometheus:\n    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml\n    extra_hosts:\n      nas: 192.0.2.5\n      host.docker.internal: host-gateway\n"
        );
    }

    #[test]
    fn keeps_crlf_line_ends() {
        let c = "services:\r\n  prometheus:\r\n    volumes:\r\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml\r\n";
        assert_eq!(
            fixed(c).unwrap(),
            "services:\r\n  prometheus:\r\n    volumes:\r\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml\r\n    extra_hosts:\r\n      - \"host.docker.internal:host-gateway\"\r\n"
        );
    }

    #[test]
    fn block_scalar_last_and_flow_style() {
        let c = "services:\n  prometheus:\n    volumes: [./prometheus.yml:/etc/prometheus/prometheus.yml]\n    command: |\n      --config.file=/etc/prometheus/prometheus.yml\n";
        assert_eq!(
            fixed(c).unwrap(),
            "services:\n  prometheus:\n    volumes: [./prometheus.yml:/etc/prometheus/prometheus.yml]\n    command: |\n      --config.file=/etc/prometheus/prometheus.yml\n    extra_hosts:\n      - \"host.docker.internal:host-gateway\"\n"
        );
        let flow = "services:\n  prometheus: {volumes: [./prometheus.yml:/etc/prometheus/prometheus.yml]}\n";
        assert_eq!(fixed(flow), None);
    }
}

/// Moved from `crates/diagnose-rules/src/prometheus/rule_file_not_loaded.rs`.
mod rule_file_not_loaded {
    use diagnose_core::{check, Input, Options};

    const RULES: &str =
        "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up == 0\n";

    fn run(compose: &str, config: &str, rule_path: &str) -> Vec<String> {
        let inputs = vec![
            Input::new("docker-compose.yml", compose),
            Input::new("prometheus/prometheus.yml", config),
            Input::new(rule_path, RULES),
        ];
        let options = Options {
            select: vec!["PROM006".into()],
            ..Options::default()
        };
        let r = check(inputs, &options);
        r.diagnostics
            .iter()
            .map(|d| r.file(d.primary.file).path.clone())
            .collect()
    }

    const DIR_MOUNT: &str =
        "services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n    volumes:\n      - ./prometheus:/etc/prometheus\n";

    #[test]
    fn globs_resolve_relative_to_the_config() {
        let cfg = "rule_files:\n  - rules/*.yml\n";
        assert!(run(DIR_MOUNT, cfg, "prometheus/rules/a.yml").is_empty());
        let cfg = "rule_files:\n  - /etc/prometheus/rules/*.yml\n";
        assert!(run(DIR_MOUNT, cfg, "prometheus/rules/a.yml").is_empty());
    }

    #[test]
    fn unlisted_file_and_empty_glob_are_reported() {
        let cfg = "rule_files:\n  - alerts/*.yml\n";
        let got = run(DIR_MOUNT, cfg, "prometheus/rules/a.yml");
        assert_eq!(
            got,
            vec!["prometheus/prometheus.yml", "prometheus/rules/a.yml"]
        );
    }

    #[test]
    fn unknown_mounts_say_nothing() {
        // The config alone is mounted: what else is in /etc/prometheus is unknown.
        let compose = "services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n    volumes:\n      - ./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml\n";
        let cfg = "rule_files:\n  - alert.rules\n";
        assert!(run(compose, cfg, "elsewhere/a.yml").is_empty());
        // No container at all.
        assert!(run("services: {}\n", cfg, "prometheus/a.yml").is_empty());
    }
}

/// Moved from `crates/diagnose-rules/src/promql/promql_syntax_error.rs`.
mod promql_syntax_error {
    use diagnose_core::{check, Input, Options};

    /// `(line, column)` (1-based) and the text at the primary span of each PQL001.
    fn errors(files: &[(&str, &str)]) -> Vec<(u32, u32, String)> {
        let inputs = files.iter().map(|(p, t)| Input::new(*p, *t)).collect();
        let options = Options {
            select: vec!["PQL001".into()],
            ..Options::default()
        };
        let r = check(inputs, &options);
        r.diagnostics
            .iter()
            .map(|d| {
                let f = r.file(d.primary.file);
                let lc = f.lines().line_col(&f.text, d.primary.span.start as usize);
                (lc.line, lc.column, f.slice(d.primary.span).to_string())
            })
            .collect()
    }

    #[test]
    fn positions_inside_a_configmap_block_scalar() {
        let t = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: rules\ndata:\n  alert.rules: |\n    groups:\n      - name: a\n        rules:\n          - alert: X\n            expr: sum(rate(x_total[5m])) by job\n";
        assert_eq!(errors(&[("k8s/cm.yaml", t)]), vec![(11, 45, "job".into())]);
    }

    #[test]
    fn positions_in_a_prometheusrule_resource() {
        let t = "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: r\nspec:\n  groups:\n    - name: a\n      rules:\n        - record: x:y\n          expr: >-\n            sum(x)\n            by (job) +\n";
        assert_eq!(errors(&[("k8s/pr.yaml", t)]), vec![(12, 22, "+".into())]);
    }

    #[test]
    fn positions_after_json_escapes() {
        let t = "{\"panels\": [{\"targets\": [{\"expr\": \"up{job=\\\"a\\\"} +* 1\"}]}]}";
        let e = errors(&[("d.json", t)]);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].2, "*");
    }

    #[test]
    fn plain_and_quoted_yaml_scalars() {
        let t = "groups:\n  - name: a\n    rules:\n      - record: a:b\n        expr: 'rate(x[5m]) ) '\n      - record: c:d\n        expr: \"up{a=\\\"b\\\"} ==\"\n";
        let e = errors(&[("r.yml", t)]);
        assert_eq!(e[0], (5, 28, ")".into()));
        assert_eq!((e[1].0, e[1].2.as_str()), (7, "="));
    }

    #[test]
    fn loki_targets_are_not_promql() {
        let t = r#"{"panels": [{"datasource": {"type": "loki", "uid": "l"}, "targets": [{"expr": "{job=\"x\"} |= \"error\""}]}, {"targets": [{"expr": "sum(count_over_time({app=\"a\"} | json [5m]))"}]}]}"#;
        assert!(errors(&[("d.json", t)]).is_empty());
    }
}

/// Moved from `crates/diagnose-rules/src/grafana/dashboard_datasource_unresolved.rs`.
mod dashboard_datasource_unresolved {
    use diagnose_core::{check, Input, Options, Severity};

    const COMPOSE: &str = "services:\n  grafana:\n    image: grafana/grafana:12.2.0\n    volumes:\n      - ./provisioning:/etc/grafana/provisioning\n      - ./dashboards:/var/lib/grafana/dashboards\n";
    const DS: &str = "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    uid: prom\n    url: http://prometheus:9090\n";

    fn run(files: &[(&str, &str)]) -> Vec<(Severity, String)> {
        let inputs = files.iter().map(|(p, t)| Input::new(*p, *t)).collect();
        let options = Options {
            select: vec!["GRAF008".into()],
            ..Options::default()
        };
        let r = check(inputs, &options);
        r.diagnostics
            .iter()
            .map(|d| {
                (
                    d.severity,
                    r.file(d.primary.file).slice(d.primary.span).to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn declared_datasource_variable_is_fine() {
        let dash = r#"{"templating": {"list": [{"name": "DS_PROMETHEUS", "type": "datasource", "query": "prometheus"}]},
            "panels": [{"datasource": {"type": "prometheus", "uid": "${DS_PROMETHEUS}"}, "targets": [{"expr": "up"}]},
                       {"datasource": null, "targets": [{"expr": "up", "datasource": {"uid": "prom"}}]},
                       {"datasource": "Prometheus"}]}"#;
        let got = run(&[
            ("docker-compose.yml", COMPOSE),
            ("provisioning/datasources/ds.yml", DS),
            ("dashboards/d.json", dash),
        ]);
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn unknown_uid_and_placeholder_are_reported() {
        let dash = r#"{"panels": [{"datasource": {"uid": "other"}}, {"datasource": "${DS_X}"}]}"#;
        let got = run(&[
            ("docker-compose.yml", COMPOSE),
            ("provisioning/datasources/ds.yml", DS),
            ("dashboards/d.json", dash),
        ]);
        assert_eq!(
            got,
            vec![
                (Severity::Error, "\"other\"".to_string()),
                (Severity::Error, "\"${DS_X}\"".to_string())
            ]
        );
    }

    #[test]
    fn no_provisioned_datasource_says_so_once() {
        let dash = r#"{"panels": [{"datasource": {"uid": "a"}}, {"datasource": {"uid": "b"}}]}"#;
        let got = run(&[("docker-compose.yml", COMPOSE), ("dashboards/d.json", dash)]);
        assert_eq!(got, vec![(Severity::Info, "\"a\"".to_string())]);
    }

    #[test]
    fn dashboards_no_grafana_loads_are_not_checked() {
        let dash = r#"{"panels": [{"datasource": {"uid": "other"}}]}"#;
        let got = run(&[
            ("docker-compose.yml", COMPOSE),
            ("provisioning/datasources/ds.yml", DS),
            ("exports/d.json", dash),
        ]);
        assert!(got.is_empty(), "{got:?}");
    }
}
