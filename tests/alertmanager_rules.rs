//! invalid-alertmanager-config (AM001): each check Alertmanager makes at load time.

use diagnose_core::{check, present, Input, Lang, Options};

fn lines(path: &str, text: &str) -> Vec<String> {
    let options = Options {
        select: vec!["AM001".to_string()],
        ..Options::default()
    };
    let r = check(vec![Input::new(path, text)], &options);
    r.diagnostics
        .iter()
        .map(|d| present::short_line(&r, d, Lang::En))
        .collect()
}

#[test]
fn root_route_checks() {
    assert_eq!(
        lines("am.yml", "receivers:\n  - name: a\n"),
        vec!["am.yml:1:1: error[AM001] the Alertmanager config has no `route`"]
    );
    assert_eq!(
        lines(
            "am.yml",
            "route:\n  group_wait: 30s\nreceivers:\n  - name: a\n"
        ),
        vec!["am.yml:1:1: error[AM001] the root `route` has no default `receiver`"]
    );
    assert_eq!(
        lines("am.yml", "route:\n  receiver: a\n  matchers: [x=\"y\"]\nreceivers:\n  - name: a\n"),
        vec!["am.yml:3:3: error[AM001] the root `route` has `matchers`, but it must match every alert"]
    );
}

#[test]
fn receivers_are_named_unique_and_defined() {
    let t = "route:\n  receiver: a\n  routes:\n    - receiver: b\n      routes:\n        - receiver: c\nreceivers:\n  - name: a\n  - name: b\n  - name: a\n  - email_configs: []\n";
    assert_eq!(
        lines("am.yml", t),
        vec![
            "am.yml:6:21: error[AM001] receiver `c` is used in a route but defined in no `receivers` entry",
            "am.yml:10:11: error[AM001] receiver name `a` is defined twice",
            "am.yml:11:5: error[AM001] a receiver has no `name`",
        ]
    );
}

#[test]
fn embedded_in_a_secret_and_collector_configs_are_not_alertmanager() {
    let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: am\nstringData:\n  alertmanager.yaml: |\n    route:\n      receiver: nope\n    receivers:\n      - name: default\n";
    assert_eq!(
        lines("k8s/am.yaml", secret),
        vec!["k8s/am.yaml:8:17: error[AM001] receiver `nope` is used in a route but defined in no `receivers` entry"]
    );
    let otel = "receivers:\n  otlp:\n    protocols: {grpc: {}}\nexporters:\n  debug: {}\nservice:\n  pipelines: {}\n";
    assert!(lines("otelcol-config.yml", otel).is_empty());
    let valid = "global:\n  resolve_timeout: 5m\nroute:\n  receiver: default\nreceivers:\n  - name: default\n";
    assert!(lines("alertmanager.yml", valid).is_empty());
}
