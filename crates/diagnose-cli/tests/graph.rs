//! `diagnose graph` on the five seed stacks (tests/fixtures/seeds/<seed>/{broken,fixed}):
//! the Mermaid map of each state is snapshotted (checked by hand against the seed READMEs);
//! the arrows each tutorial describes are there; in the broken states the arrows that a
//! diagnostic breaks carry its code, and every such code is one `diagnose check` reports at
//! that place's file; the fixed states have no broken arrow; the JSON has the documented
//! shape, and DOT marks the same arrows.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const SEEDS: &[&str] = &["esxi", "flask", "microk8s", "taskflow", "ticketing"];

fn seed(name: &str, state: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seeds")
        .join(name)
        .join(state)
}

fn diagnose(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_diagnose"))
        .args(args)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn graph_json(dir: &Path) -> Value {
    let (code, out, err) = diagnose(&["graph", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    serde_json::from_str(&out).unwrap()
}

/// (from, to, kind, ok, codes) of every edge.
fn edges(v: &Value) -> Vec<(String, String, String, bool, Vec<String>)> {
    v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["from"].as_str().unwrap().to_string(),
                e["to"].as_str().unwrap().to_string(),
                e["kind"].as_str().unwrap().to_string(),
                e["ok"].as_bool().unwrap(),
                e["codes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

fn has(v: &Value, from: &str, to: &str, kind: &str, ok: bool, codes: &[&str]) {
    let want = (
        from.to_string(),
        to.to_string(),
        kind.to_string(),
        ok,
        codes.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
    );
    assert!(
        edges(v).contains(&want),
        "missing edge {want:?} in {:#?}",
        edges(v)
    );
}

#[test]
fn mermaid_maps_of_the_seed_stacks() {
    for name in SEEDS {
        for state in ["broken", "fixed"] {
            let dir = seed(name, state);
            let (code, out, err) = diagnose(&["graph", dir.to_str().unwrap()]);
            assert_eq!(code, Some(0), "{name}/{state}: {err}");
            assert!(out.starts_with("flowchart LR\n"), "{out}");
            insta::assert_snapshot!(format!("{name}_{state}"), out);
        }
    }
}

#[test]
fn the_arrows_the_tutorials_describe() {
    let b = graph_json(&seed("esxi", "broken"));
    has(&b, "grafana", "prometheus", "datasource", true, &[]);
    has(
        &b,
        "prometheus",
        "host.docker.internal",
        "scrape",
        false,
        &["NET002"],
    );
    has(
        &b,
        "monitoring/grafana/dashboards",
        "grafana",
        "mount",
        false,
        &["GRAF002"],
    );
    has(
        &b,
        "monitoring/prometheus.yml",
        "prometheus",
        "mount",
        true,
        &[],
    );
    let f = graph_json(&seed("esxi", "fixed"));
    has(
        &f,
        "prometheus",
        "host.docker.internal",
        "scrape",
        true,
        &[],
    );
    has(
        &f,
        "monitoring/grafana/dashboards",
        "grafana",
        "mount",
        true,
        &[],
    );

    let b = graph_json(&seed("flask", "broken"));
    has(&b, "prometheus", "prometheus", "scrape", true, &[]);
    has(
        &b,
        "prometheus",
        "APP_IP:5000",
        "scrape",
        false,
        &["NET006", "PROM001", "PROM002"],
    );
    has(
        &b,
        "grafana",
        "PROMETHEUS_IP:9090",
        "datasource",
        false,
        &["GRAF005", "NET006"],
    );
    let f = graph_json(&seed("flask", "fixed"));
    has(&f, "prometheus", "192.0.2.10:5000", "scrape", true, &[]);
    has(&f, "grafana", "192.0.2.20:9090", "datasource", true, &[]);

    let b = graph_json(&seed("microk8s", "broken"));
    has(
        &b,
        "grafana",
        "prometheus-k8s.prometheus.svc.cluster.local:9090",
        "datasource",
        false,
        &["K8S001"],
    );
    has(&b, "grafana", "grafana", "datasource", false, &["NET001"]);
    has(
        &b,
        "prometheus-k8s",
        "kubernetes node",
        "discovered",
        true,
        &[],
    );
    let f = graph_json(&seed("microk8s", "fixed"));
    has(&f, "grafana", "prometheus-k8s", "datasource", true, &[]);

    let b = graph_json(&seed("taskflow", "broken"));
    has(
        &b,
        "ConfigMap/grafana-datasources",
        "grafana",
        "mount",
        false,
        &["GRAF001"],
    );
    has(
        &b,
        "grafana",
        "prometheus",
        "datasource",
        false,
        &["GRAF001"],
    );
    has(
        &b,
        "prometheus",
        "kubernetes pod (taskflow)",
        "discovered",
        false,
        &["K8S003", "PROM005"],
    );
    let f = graph_json(&seed("taskflow", "fixed"));
    has(
        &f,
        "ConfigMap/grafana-datasources",
        "grafana",
        "mount",
        true,
        &[],
    );
    has(&f, "grafana", "prometheus", "datasource", true, &[]);
    has(
        &f,
        "prometheus",
        "kubernetes pod (taskflow)",
        "discovered",
        true,
        &[],
    );

    let b = graph_json(&seed("ticketing", "broken"));
    has(&b, "prometheus", "cadvisor", "scrape", true, &[]);
    assert!(
        !edges(&b).iter().any(|e| e.2 == "datasource"),
        "the datasource is added in the UI"
    );
    let f = graph_json(&seed("ticketing", "fixed"));
    has(&f, "grafana", "prometheus", "datasource", true, &[]);
}

#[test]
fn broken_arrows_carry_the_codes_check_reports_and_fixed_stacks_have_none() {
    for name in SEEDS {
        let dir = seed(name, "broken");
        let v = graph_json(&dir);
        let (_, out, _) = diagnose(&["check", dir.to_str().unwrap(), "--format", "json"]);
        let report: Value = serde_json::from_str(&out).unwrap();
        let reported: BTreeSet<(String, String)> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] != "info")
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["file"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let codes: BTreeSet<&str> = reported.iter().map(|(c, _)| c.as_str()).collect();
        for e in v["edges"].as_array().unwrap() {
            let ok = e["ok"].as_bool().unwrap();
            let ecodes = e["codes"].as_array().unwrap();
            assert_eq!(ok, ecodes.is_empty(), "{name}: {e}");
            for c in ecodes {
                assert!(
                    codes.contains(c.as_str().unwrap()),
                    "{name}: {c} not reported: {e}"
                );
            }
        }
        let fixed = graph_json(&seed(name, "fixed"));
        let broken: Vec<_> = edges(&fixed).into_iter().filter(|e| !e.3).collect();
        assert!(broken.is_empty(), "{name}/fixed: {broken:?}");
    }
}

#[test]
fn json_has_the_documented_shape_and_dot_marks_the_same_arrows() {
    let dir = seed("esxi", "broken");
    let v = graph_json(&dir);
    let keys = |o: &Value| o.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&v), ["version", "nodes", "edges"]);
    assert_eq!(v["version"], 1);
    for n in v["nodes"].as_array().unwrap() {
        assert_eq!(keys(n), ["id", "kind", "program", "file", "line"]);
        assert!(n["line"].as_u64().unwrap() >= 1);
    }
    let scrape = v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "scrape")
        .unwrap();
    assert_eq!(
        keys(scrape),
        ["from", "to", "kind", "target", "file", "line", "ok", "codes"]
    );
    assert_eq!(scrape["file"], "monitoring/prometheus.yml");
    assert_eq!(scrape["line"], 8);
    assert_eq!(scrape["target"], "host.docker.internal:8000");

    let (code, dot, _) = diagnose(&["graph", dir.to_str().unwrap(), "--format", "dot"]);
    assert_eq!(code, Some(0));
    assert!(dot.starts_with("digraph stack {"), "{dot}");
    let dashed: Vec<&str> = dot.lines().filter(|l| l.contains("style=dashed")).collect();
    assert_eq!(dashed.len(), 2, "{dot}");
    assert!(dashed.iter().any(|l| l.contains("NET002")), "{dot}");
}

/// Alerting and remote-write arrows, which no seed stack has: Prometheus sends alerts to an
/// Alertmanager service and writes to a long-term store; a misspelt Alertmanager or store, or
/// a store on `localhost`, is a broken arrow with the code `check` reports.
#[test]
fn alerting_and_remote_write_arrows() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("docker-compose.yml"),
        "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml\n      - ./alerts.yml:/etc/prometheus/alerts.yml\n  alertmanager:\n    image: prom/alertmanager:v0.27.0\n  victoria:\n    image: victoriametrics/victoria-metrics:v1.102.0\n",
    )
    .unwrap();
    std::fs::write(
        d.path().join("alerts.yml"),
        "groups:\n  - name: g\n    rules:\n      - alert: Down\n        expr: up == 0\n",
    )
    .unwrap();
    let config = |am: &str| {
        format!(
            "rule_files: [/etc/prometheus/alerts.yml]\nalerting:\n  alertmanagers:\n    - static_configs:\n        - targets: [\"{am}:9093\"]\nremote_write:\n  - url: http://victoria:8428/api/v1/write\nscrape_configs:\n  - job_name: prometheus\n    static_configs:\n      - targets: [\"localhost:9090\"]\n"
        )
    };
    std::fs::write(d.path().join("prometheus.yml"), config("alertmanager")).unwrap();
    let v = graph_json(d.path());
    has(&v, "prometheus", "alertmanager", "alerting", true, &[]);
    has(&v, "prometheus", "victoria", "remote-write", true, &[]);
    let (_, mermaid, _) = diagnose(&["graph", d.path().to_str().unwrap(), "--format", "mermaid"]);
    assert!(
        mermaid.contains("|\"alerting alertmanager:9093\"|"),
        "{mermaid}"
    );
    assert!(
        mermaid.contains("|\"remote-write http://victoria:8428/api/v1/write\"|"),
        "{mermaid}"
    );

    std::fs::write(d.path().join("prometheus.yml"), config("alertmanger")).unwrap();
    let v = graph_json(d.path());
    has(
        &v,
        "prometheus",
        "alertmanger:9093",
        "alerting",
        false,
        &["NET003"],
    );
    has(&v, "prometheus", "victoria", "remote-write", true, &[]);
    let (_, out, _) = diagnose(&[
        "check",
        d.path().to_str().unwrap(),
        "--format",
        "short",
        "--no-config",
    ]);
    assert!(out.contains("prometheus.yml:5:22: error[NET003]"), "{out}");

    // Writing to `localhost` from the Prometheus container writes to that container (NET001),
    // and a store name no service has is NET003, as for any other address.
    let local = config("alertmanager").replace("victoria:8428", "localhost:8428");
    std::fs::write(d.path().join("prometheus.yml"), local).unwrap();
    let v = graph_json(d.path());
    has(
        &v,
        "prometheus",
        "prometheus",
        "remote-write",
        false,
        &["NET001"],
    );
    has(&v, "prometheus", "alertmanager", "alerting", true, &[]);
    let typo = config("alertmanager").replace("victoria:8428", "victoria-metrics:8428");
    std::fs::write(d.path().join("prometheus.yml"), typo).unwrap();
    let v = graph_json(d.path());
    has(
        &v,
        "prometheus",
        "victoria-metrics:8428",
        "remote-write",
        false,
        &["NET003"],
    );
    let (_, out, _) = diagnose(&[
        "check",
        d.path().to_str().unwrap(),
        "--format",
        "short",
        "--no-config",
    ]);
    assert!(out.contains("prometheus.yml:7:17: error[NET003]"), "{out}");
}

/// Two plain servers kept in one folder, each its own tree (`web1/etc/systemd/system/`):
/// `localhost` on one reaches the unit of that server, and its config file is read by its
/// own Prometheus unit.
#[test]
fn two_servers_in_one_folder_are_told_apart() {
    let d = tempfile::tempdir().unwrap();
    for server in ["web1", "web2"] {
        let sd = d.path().join(server).join("etc/systemd/system");
        std::fs::create_dir_all(&sd).unwrap();
        std::fs::write(
            sd.join("node_exporter.service"),
            "[Service]\nExecStart=/usr/local/bin/node_exporter\n",
        )
        .unwrap();
    }
    let web1 = d.path().join("web1");
    std::fs::write(
        web1.join("etc/systemd/system/prometheus.service"),
        "[Service]\nExecStart=/usr/local/bin/prometheus --config.file=/etc/prometheus/prometheus.yml\n",
    )
    .unwrap();
    std::fs::create_dir_all(web1.join("etc/prometheus")).unwrap();
    std::fs::write(
        web1.join("etc/prometheus/prometheus.yml"),
        "scrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: [\"localhost:9100\"]\n",
    )
    .unwrap();
    let v = graph_json(d.path());
    let id_of = |file: &str| {
        v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["file"] == file)
            .unwrap_or_else(|| panic!("no node at {file}: {v:#}"))["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let node1 = id_of("web1/etc/systemd/system/node_exporter.service");
    let node2 = id_of("web2/etc/systemd/system/node_exporter.service");
    assert_ne!(node1, node2);
    has(&v, "prometheus.service", &node1, "scrape", true, &[]);
    assert!(
        !edges(&v)
            .iter()
            .any(|e| e.1 == node2 || e.1 == "prometheus.service" && e.2 == "scrape"),
        "{:#?}",
        edges(&v)
    );
}

/// A target written as the fixed address a compose file gives a service
/// (`ipv4_address`) reaches that service; another IP stays an outside address.
#[test]
fn a_static_compose_address_is_the_service_that_has_it() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("docker-compose.yml"),
        "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml\n    networks:\n      mon:\n        ipv4_address: 172.28.0.2\n  node-exporter:\n    image: prom/node-exporter:v1.8.2\n    networks:\n      mon:\n        ipv4_address: 172.28.0.3\nnetworks:\n  mon:\n    ipam:\n      config:\n        - subnet: 172.28.0.0/16\n",
    )
    .unwrap();
    std::fs::write(
        d.path().join("prometheus.yml"),
        "scrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: [\"172.28.0.3:9100\", \"192.0.2.7:9100\"]\n",
    )
    .unwrap();
    let v = graph_json(d.path());
    has(&v, "prometheus", "node-exporter", "scrape", true, &[]);
    has(&v, "prometheus", "192.0.2.7:9100", "scrape", true, &[]);
    assert!(
        !edges(&v).iter().any(|e| e.1 == "172.28.0.3:9100"),
        "{:#?}",
        edges(&v)
    );
}

/// A plain server: its systemd units are the map's boxes (named after the unit, at the
/// `ExecStart=` line), Prometheus is the unit whose `--config.file` names the checked
/// config, and `localhost` reaches the unit of that server that listens on the port.
#[test]
fn plain_server_units_are_boxes_and_localhost_reaches_the_unit_on_that_port() {
    let d = tempfile::tempdir().unwrap();
    let sd = d.path().join("etc/systemd/system");
    std::fs::create_dir_all(&sd).unwrap();
    std::fs::create_dir_all(d.path().join("etc/prometheus")).unwrap();
    std::fs::write(
        sd.join("prometheus.service"),
        "[Unit]\nDescription=Prometheus\n\n[Service]\nExecStart=/usr/local/bin/prometheus \\\n  --config.file=/etc/prometheus/prometheus.yml\n\n[Install]\nWantedBy=multi-user.target\n",
    )
    .unwrap();
    std::fs::write(
        sd.join("node_exporter.service"),
        "[Service]\nExecStart=/usr/local/bin/node_exporter --web.listen-address=:9101\n",
    )
    .unwrap();
    std::fs::write(
        d.path().join("etc/prometheus/prometheus.yml"),
        "scrape_configs:\n  - job_name: prometheus\n    static_configs:\n      - targets: [\"localhost:9090\"]\n  - job_name: node\n    static_configs:\n      - targets: [\"localhost:9101\"]\n  - job_name: other\n    static_configs:\n      - targets: [\"localhost:9200\"]\n",
    )
    .unwrap();
    let v = graph_json(d.path());
    let node = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "prometheus.service")
        .expect("the unit is a box");
    assert_eq!(node["kind"], "host");
    assert_eq!(node["program"], "prometheus");
    assert_eq!(node["file"], "etc/systemd/system/prometheus.service");
    assert_eq!(node["line"], 5);
    has(
        &v,
        "prometheus.service",
        "prometheus.service",
        "scrape",
        true,
        &[],
    );
    // The config file its `--config.file` names: an arrow to the unit, at the flag.
    has(
        &v,
        "etc/prometheus/prometheus.yml",
        "prometheus.service",
        "mount",
        true,
        &[],
    );
    let mount = v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "mount")
        .unwrap();
    assert_eq!(mount["target"], "/etc/prometheus/prometheus.yml");
    assert_eq!(mount["file"], "etc/systemd/system/prometheus.service");
    assert_eq!(mount["line"], 6);
    // Its own `--web.listen-address` port.
    has(
        &v,
        "prometheus.service",
        "node_exporter.service",
        "scrape",
        true,
        &[],
    );
    // Grafana without a unit of its own reaches the Prometheus unit of the server.
    std::fs::create_dir_all(d.path().join("etc/grafana/provisioning/datasources")).unwrap();
    std::fs::write(
        d.path().join("etc/grafana/provisioning/datasources/ds.yml"),
        "apiVersion: 1\ndatasources:\n  - name: P\n    type: prometheus\n    url: http://localhost:9090\n",
    )
    .unwrap();
    let v = graph_json(d.path());
    has(&v, "grafana", "prometheus.service", "datasource", true, &[]);
    // Nothing of this server listens on 9200: the arrow stays on the caller.
    has(
        &v,
        "prometheus.service",
        "prometheus.service",
        "scrape",
        true,
        &[],
    );
    assert!(
        !edges(&v)
            .iter()
            .any(|e| e.1 == "node_exporter.service" && e.0 != "prometheus.service"),
        "{:#?}",
        edges(&v)
    );
}

#[test]
fn nothing_to_draw_is_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "hello\n").unwrap();
    let (code, out, err) = diagnose(&["graph", dir.path().to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("nothing to draw"), "{err}");
    let (_, _, err) = diagnose(&["--lang", "fr", "graph", dir.path().to_str().unwrap()]);
    assert!(err.contains("rien à dessiner"), "{err}");
}

/// A folder of tutorials: `graph` says they are read with `--markdown`, as `check` does, and
/// draws their stack with it.
#[test]
fn a_tutorial_folder_is_drawn_with_markdown() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("tutorial.md"),
        "# Lab\n\n```yaml file=prometheus/prometheus.yml\nscrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: [\"app:8000\"]\n```\n",
    )
    .unwrap();
    let d = dir.path().to_str().unwrap();
    let (code, out, err) = diagnose(&["graph", d]);
    assert_eq!(code, Some(2));
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("1 Markdown document (read with `--markdown`)"),
        "{err}"
    );
    let (code, out, err) = diagnose(&["graph", d, "--markdown"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("|\"scrape app:8000\"|"), "{out}");
}

#[test]
fn the_readme_shows_the_esxi_map_diagnose_draws() {
    let dir = seed("esxi", "broken");
    let (code, out, err) = diagnose(&["graph", dir.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let block = readme
        .split("```mermaid\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("README has a Mermaid block");
    assert_eq!(
        block, out,
        "README's map is out of date: paste `diagnose graph` of esxi/broken"
    );
}
