//! `diagnose explain`: rule pages still print, error texts are explained (human and JSON,
//! English and French), stdin works, and the exit code says whether anything matched.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_diagnose"));
    c.env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    c
}

fn seed(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seeds")
        .join(name)
        .join("broken")
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn a_rule_code_still_prints_its_page() {
    let out = run(&["explain", "NET001"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("localhost-in-container-url (NET001)\n")
    );
    let out = run(&["explain", "NOPE999"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no rule named `NOPE999`"));
}

#[test]
fn json_with_files_points_at_the_cause() {
    let dir = seed("microk8s");
    let out = run(&[
        "explain",
        "HTTP Error Bad Gateway",
        dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["version"], 1);
    let m = &v["matches"][0];
    assert_eq!(m["id"], "bad-gateway");
    assert_eq!(m["component"], "Grafana UI, Grafana log");
    let c = &m["causes"][0];
    assert_eq!(c["rule"], "localhost-in-container-url");
    assert_eq!(c["confirmed"][0]["file"], "20-grafana.yaml");
    assert_eq!(c["confirmed"][0]["line"], 25);
    assert_eq!(c["confirmed"][0]["column"], 21);
}

#[test]
fn human_output_is_localized() {
    let dir = seed("microk8s");
    let text = "Post \"http://localhost:9090/api/v1/query\": dial tcp 127.0.0.1:9090: connect: connection refused";
    let out = run(&["--lang", "fr", "explain", text, dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.starts_with("connection-refused-localhost\u{a0}: Connexion refusée sur localhost"),
        "{s}"
    );
    assert!(
        s.contains("trouvé dans vos fichiers\u{a0}: 20-grafana.yaml:25:21"),
        "{s}"
    );
    let out = run(&["explain", text]);
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("likely causes, most likely first:"), "{s}");
    assert!(s.contains("give your config files"), "{s}");
}

#[test]
fn dash_reads_the_text_from_stdin() {
    let mut child = bin()
        .args(["explain", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"ts=2024-01-01 level=error msg=x\nopen /prometheus/queries.active: permission denied\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["matches"][0]["id"], "permission-denied-prometheus-data");
    assert_eq!(
        v["matches"][0]["facts"]["path"],
        "/prometheus/queries.active"
    );
}

#[test]
fn nothing_matched_exits_1() {
    let out = run(&["explain", "everything is fine today"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no known error"));
    let out = run(&["explain", "everything is fine today", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["matches"], serde_json::json!([]));
}
