//! Rules about paths missing from the checked folder (DC006 bind-mount-source-missing, the
//! folder cases of DC005 config-file-not-found): the CLI lists the folder's paths; an error
//! needs evidence that the folder is the compose project's own, not a partial copy.

use std::path::Path;
use std::process::Command;

fn short(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_diagnose"))
        .args(["check"])
        .args(args)
        .args([
            "--select",
            "DC005,DC006",
            "--format",
            "short",
            "--lang",
            "en",
        ])
        .current_dir(dir)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const COMPOSE: &str = "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    volumes:\n      - ./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml\n  grafana:\n    image: grafana/grafana:11.0.0\n    volumes:\n      - ./grafana:/etc/grafana/provisioning\n";

#[test]
fn a_missing_config_file_of_the_project_is_an_error() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "docker-compose.yml", COMPOSE);
    write(d.path(), "grafana/datasources/ds.yml", "apiVersion: 1\n");
    let out = short(d.path(), &["."]);
    assert!(
        out.contains(
            "docker-compose.yml:5:9: error[DC006] bind-mount source `prometheus/prometheus.yml`"
        ),
        "{out}"
    );
    // Present once created.
    write(
        d.path(),
        "prometheus/prometheus.yml",
        "scrape_configs: []\n",
    );
    assert!(!short(d.path(), &["."]).contains("DC006"));
}

#[test]
fn a_partial_copy_in_a_subfolder_gives_only_infos() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "copy/docker-compose.yml", COMPOSE);
    let out = short(d.path(), &["."]);
    assert!(
        out.contains("copy/docker-compose.yml:5:9: info[DC006]"),
        "{out}"
    );
    assert!(!out.contains("error"), "{out}");
    // The same project with one of its mounted paths present: the folder is the project's.
    write(
        d.path(),
        "copy/grafana/datasources/ds.yml",
        "apiVersion: 1\n",
    );
    let out = short(d.path(), &["."]);
    assert!(
        out.contains("copy/docker-compose.yml:5:9: error[DC006]"),
        "{out}"
    );
}

#[test]
fn a_lone_missing_mount_at_the_top_is_an_info() {
    // Nothing else the project mounts is here: maybe a partial copy, even at the top.
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "docker-compose.yml", COMPOSE);
    let out = short(d.path(), &["."]);
    assert!(out.contains("docker-compose.yml:5:9: info[DC006]"), "{out}");
    assert!(!out.contains("error"), "{out}");
}

#[test]
fn a_gitignored_source_is_an_info() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "docker-compose.yml", COMPOSE);
    write(d.path(), "grafana/datasources/ds.yml", "apiVersion: 1\n");
    write(d.path(), ".gitignore", "/prometheus/\n");
    let out = short(d.path(), &["."]);
    assert!(out.contains("docker-compose.yml:5:9: info[DC006]"), "{out}");
    assert!(!out.contains("error"), "{out}");
}

#[test]
fn a_mounted_folder_without_the_config_file_names_the_close_one() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "docker-compose.yml",
        "services:\n  alertmanager:\n    image: prom/alertmanager:v0.27.0\n    volumes:\n      - ./alertmanager:/etc/alertmanager\n",
    );
    write(
        d.path(),
        "alertmanager/alertmanager.yaml",
        "route:\n  receiver: d\nreceivers:\n  - name: d\n",
    );
    let out = short(d.path(), &["."]);
    assert!(
        out.contains("error[DC005] alertmanager in `alertmanager` reads `/etc/alertmanager/alertmanager.yml`, but the mounted folder `alertmanager` has no `alertmanager.yml`"),
        "{out}"
    );
}

fn explain(dir: &Path, error: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_diagnose"))
        .args(["explain", error, ".", "--lang", "en"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// A project whose Prometheus config file is missing and whose command has a typo.
fn broken_prometheus() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "docker-compose.yml",
        "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    command:\n      - --config.file=/etc/prometheus/prometheus.yml\n      - --web.enable-lifecyle\n    volumes:\n      - ./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml\n      - ./rules:/etc/prometheus/rules\n",
    );
    write(d.path(), "rules/alerts.yml", "groups: []\n");
    d
}

#[test]
fn explain_is_a_directory_confirms_the_missing_source_at_its_line() {
    let d = broken_prometheus();
    let out = explain(
        d.path(),
        r#"ts=2026-12-04T10:00:00Z caller=main.go:487 level=error msg="Error loading config (--config.file=/etc/prometheus/prometheus.yml)" file=/etc/prometheus/prometheus.yml err="read /etc/prometheus/prometheus.yml: is a directory""#,
    );
    assert!(out.starts_with("config-file-is-a-directory:"), "{out}");
    assert!(
        out.contains("found in your files: docker-compose.yml:8:9: bind-mount source `prometheus/prometheus.yml`"),
        "{out}"
    );
}

#[test]
fn explain_no_such_file_confirms_the_folder_without_the_file() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "docker-compose.yml",
        "services:\n  alertmanager:\n    image: prom/alertmanager:v0.27.0\n    volumes:\n      - ./alertmanager:/etc/alertmanager\n",
    );
    write(
        d.path(),
        "alertmanager/alertmanager.yaml",
        "route:\n  receiver: d\nreceivers:\n  - name: d\n",
    );
    let out = explain(
        d.path(),
        r#"ts=2026-12-04T10:00:00Z caller=coordinator.go:118 level=error component=configuration msg="Loading configuration file failed" file=/etc/alertmanager/alertmanager.yml err="open /etc/alertmanager/alertmanager.yml: no such file or directory""#,
    );
    assert!(out.starts_with("config-file-no-such-file:"), "{out}");
    assert!(
        out.contains("found in your files: docker-compose.yml:3:12:"),
        "{out}"
    );
}

#[test]
fn explain_unknown_flags_confirm_the_flag_at_its_line() {
    let d = broken_prometheus();
    for error in [
        "prometheus: error: unknown long flag '--web.enable-lifecyle', try --help",
        "flag provided but not defined: -web.enable-lifecyle",
    ] {
        let out = explain(d.path(), error);
        assert!(out.starts_with("unknown-command-flag:"), "{error}: {out}");
        assert!(
            out.contains("found in your files: docker-compose.yml:6:9: Prometheus has no flag `--web.enable-lifecyle`"),
            "{error}: {out}"
        );
    }
}

/// A complete correct stack, with explicit flags and persisted data: the rules of the
/// runtime view say nothing, not even an info.
#[test]
fn a_complete_correct_stack_is_silent() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "docker-compose.yml",
        "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    command:\n      - --config.file=/etc/prometheus/prometheus.yml\n      - --storage.tsdb.path=/prometheus\n      - --storage.tsdb.retention.time=15d\n      - --web.enable-lifecycle\n    volumes:\n      - ./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro\n      - prometheus-data:/prometheus\n  alertmanager:\n    image: prom/alertmanager:v0.27.0\n    command:\n      - --config.file=/etc/alertmanager/alertmanager.yml\n      - --storage.path=/alertmanager\n    volumes:\n      - ./alertmanager:/etc/alertmanager:ro\n      - alertmanager-data:/alertmanager\n  grafana:\n    image: grafana/grafana:11.0.0\n    ports:\n      - 127.0.0.1:3000:3000\n    volumes:\n      - ./grafana/provisioning:/etc/grafana/provisioning:ro\n      - grafana-data:/var/lib/grafana\nvolumes:\n  prometheus-data:\n  alertmanager-data:\n  grafana-data:\n",
    );
    write(
        d.path(),
        "prometheus/prometheus.yml",
        "global:\n  scrape_interval: 15s\nalerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['alertmanager:9093']\nscrape_configs:\n  - job_name: prometheus\n    static_configs:\n      - targets: ['localhost:9090']\n",
    );
    write(
        d.path(),
        "alertmanager/alertmanager.yml",
        "route:\n  receiver: default\nreceivers:\n  - name: default\n",
    );
    write(
        d.path(),
        "grafana/provisioning/datasources/ds.yml",
        "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    uid: prometheus\n    url: http://prometheus:9090\n",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_diagnose"))
        .args(["check", ".", "--format", "short", "--lang", "en"])
        .args(["--select", "DC004,DC005,DC006,PROM008,GRAF010,GRAF011"])
        .current_dir(d.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('['), "{text}");
    assert_eq!(out.status.code(), Some(0), "{text}");
    // The same stack with a typo in a flag is reported: the check above can fail.
    let compose = std::fs::read_to_string(d.path().join("docker-compose.yml")).unwrap();
    write(
        d.path(),
        "docker-compose.yml",
        &compose.replace("--web.enable-lifecycle", "--web.enable-lifecyle"),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_diagnose"))
        .args(["check", ".", "--format", "short", "--select", "PROM008"])
        .current_dir(d.path())
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("error[PROM008]"));
}

/// A plain server's systemd unit in the checked folder is read: a flag typo in its
/// `ExecStart=` is reported at its line, and its host paths (absent from the folder) are
/// not reported as missing.
#[test]
fn a_systemd_unit_of_the_folder_is_read() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "systemd/prometheus.service",
        "[Unit]\nDescription=Prometheus\n\n[Service]\nExecStart=/usr/local/bin/prometheus \\\n  --config.file=/etc/prometheus/prometheus.yml \\\n  --web.enable-lifecyle\n\n[Install]\nWantedBy=multi-user.target\n",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_diagnose"))
        .args(["check", ".", "--format", "short", "--lang", "en", "--infos"])
        .current_dir(d.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.lines().filter(|l| l.contains('[')).collect::<Vec<_>>(),
        ["systemd/prometheus.service:7:3: error[PROM008] Prometheus has no flag `--web.enable-lifecyle`"],
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1), "{text}");
    // The start-up error that unit prints is explained at the unit's line.
    let out = Command::new(env!("CARGO_BIN_EXE_diagnose"))
        .args([
            "explain",
            "prometheus: error: unknown long flag '--web.enable-lifecyle'",
            ".",
            "--lang",
            "en",
        ])
        .current_dir(d.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("unknown-command-flag"), "{text}");
    assert!(
        text.contains("found in your files: systemd/prometheus.service:7:3"),
        "{text}"
    );
}
