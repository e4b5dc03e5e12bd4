//! The `diagnose` binary as a user runs it: exit codes, formats, languages, config file,
//! suppressions, standard input.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn diagnose(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_diagnose"))
        .args(args)
        .current_dir(dir)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap()
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const COMPOSE: &str = "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n  grafana:\n    image: grafana/grafana:11.2.0\n    environment:\n      GF_SECURITY_ADMIN_PASSWORD__FILE: /run/secrets/admin\n    volumes:\n      - ./grafana/provisioning:/etc/grafana/provisioning\n";
const DS_BAD: &str = "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    url: http://localhost:9090\n";
const DS_GOOD: &str = "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    url: http://prometheus:9090\n";
const DS_PATH: &str = "grafana/provisioning/datasources/ds.yml";

fn stack(ds: &str) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "docker-compose.yml", COMPOSE);
    write(d.path(), DS_PATH, ds);
    d
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn json_output_has_the_documented_shape() {
    let d = stack(DS_BAD);
    let out = diagnose(d.path(), &["check", ".", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["version"], 1);
    let diags = v["diagnostics"].as_array().unwrap();
    let net = diags
        .iter()
        .find(|x| x["code"] == "NET001")
        .expect("NET001 reported");
    assert_eq!(net["rule"], "localhost-in-container-url");
    assert_eq!(net["severity"], "error");
    assert_eq!(net["file"], DS_PATH);
    assert_eq!(
        (net["line"].as_u64(), net["column"].as_u64()),
        (Some(5), Some(17))
    );
    assert_eq!(
        (net["end_line"].as_u64(), net["end_column"].as_u64()),
        (Some(5), Some(26))
    );
    for k in ["message", "notes", "help", "related"] {
        assert!(net.get(k).is_some(), "missing {k}");
    }
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(v["summary"]["files"], 2);
}

#[test]
fn exit_codes() {
    let good = stack(DS_GOOD);
    assert_eq!(
        diagnose(good.path(), &["check", "."]).status.code(),
        Some(0)
    );
    let bad = stack(DS_BAD);
    assert_eq!(diagnose(bad.path(), &["check", "."]).status.code(), Some(1));
    // `diagnose PATH` is `diagnose check PATH`.
    assert_eq!(diagnose(bad.path(), &["."]).status.code(), Some(1));
    assert_eq!(
        diagnose(bad.path(), &["check", "does-not-exist"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        diagnose(bad.path(), &["check", ".", "--format", "nope"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn fail_on_threshold() {
    // A stale suppression is a warning: it fails only with --fail-on warning.
    let d = stack(DS_GOOD);
    write(
        d.path(),
        "docker-compose.yml",
        &COMPOSE.replace(
            "  grafana:\n",
            "  grafana:\n    # diagnose: ignore[NET001] kept on purpose\n",
        ),
    );
    assert_eq!(diagnose(d.path(), &["check", "."]).status.code(), Some(0));
    assert_eq!(
        diagnose(d.path(), &["check", ".", "--fail-on", "warning"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn french_and_english_report_the_same_diagnostics() {
    let d = stack(DS_BAD);
    let en = json(&diagnose(
        d.path(),
        &["check", ".", "--format", "json", "--lang", "en"],
    ));
    let fr = json(&diagnose(
        d.path(),
        &["check", ".", "--format", "json", "--lang", "fr"],
    ));
    let env_fr = Command::new(env!("CARGO_BIN_EXE_diagnose"))
        .args(["check", ".", "--format", "json"])
        .current_dir(d.path())
        .env("LANG", "fr_FR.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    let env_fr = json(&env_fr);
    assert_eq!(fr, env_fr, "LANG=fr_FR selects French");
    let (a, b) = (&en["diagnostics"][0], &fr["diagnostics"][0]);
    for k in ["code", "rule", "file", "line", "column", "severity"] {
        assert_eq!(a[k], b[k], "{k} must not depend on the language");
    }
    assert_ne!(a["message"], b["message"]);
    assert!(b["message"].as_str().unwrap().contains("conteneur"));
    let human =
        String::from_utf8(diagnose(d.path(), &["check", ".", "--lang", "fr"]).stdout).unwrap();
    assert!(human.contains("erreur[NET001]"), "{human}");
    assert!(human.contains("= aide"), "{human}");
}

#[test]
fn human_output_is_rustc_style_without_colour_when_piped() {
    let d = stack(DS_BAD);
    let out = String::from_utf8(diagnose(d.path(), &["check", "."]).stdout).unwrap();
    assert!(
        out.contains("error[NET001]: `localhost` in the `grafana` container"),
        "{out}"
    );
    assert!(out.contains(&format!("--> {DS_PATH}:5:17")), "{out}");
    assert!(out.contains("    url: http://localhost:9090"), "{out}");
    assert!(out.contains("^^^^^^^^^"), "{out}");
    assert!(out.contains("= note:"), "{out}");
    assert!(
        !out.contains('\u{1b}'),
        "no ANSI escapes when stdout is not a terminal"
    );
}

#[test]
fn broken_file_does_not_stop_the_others() {
    let d = stack(DS_BAD);
    write(
        d.path(),
        "prometheus.yml",
        "scrape_configs:\n  - job_name: [\n",
    );
    let v = json(&diagnose(d.path(), &["check", ".", "--format", "json"]));
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"DIAG001"), "{codes:?}");
    assert!(codes.contains(&"NET001"), "{codes:?}");
    let parse = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == "DIAG001")
        .unwrap();
    assert_eq!(parse["file"], "prometheus.yml");
    assert!(parse["line"].as_u64().unwrap() >= 2);
}

#[test]
fn config_file_and_suppressions() {
    let d = stack(DS_BAD);
    write(
        d.path(),
        "diagnose.toml",
        "[severity]\nlocalhost-in-container-url = \"warning\"\n",
    );
    let v = json(&diagnose(d.path(), &["check", ".", "--format", "json"]));
    assert_eq!(v["diagnostics"][0]["severity"], "warning");
    write(
        d.path(),
        "diagnose.toml",
        "[[per-path-ignores]]\npaths = [\"grafana/**\"]\nrules = [\"NET\"]\n",
    );
    let out = diagnose(d.path(), &["check", "."]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    std::fs::remove_file(d.path().join("diagnose.toml")).unwrap();
    // Inline suppression with a reason on the line above.
    write(d.path(), DS_PATH, &DS_BAD.replace("    url:", "    # diagnose: ignore[localhost-in-container-url] Grafana shares the host network here\n    url:"));
    assert_eq!(diagnose(d.path(), &["check", "."]).status.code(), Some(0));
    // Without a reason it is not applied, and it is reported.
    write(
        d.path(),
        DS_PATH,
        &DS_BAD.replace("    url:", "    # diagnose: ignore[NET001]\n    url:"),
    );
    let v = json(&diagnose(d.path(), &["check", ".", "--format", "json"]));
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["DIAG002", "NET001"]);
    // --no-config and an invalid config.
    write(d.path(), "diagnose.toml", "nonsense = 1\n");
    assert_eq!(diagnose(d.path(), &["check", "."]).status.code(), Some(2));
    assert_eq!(
        diagnose(d.path(), &["check", ".", "--no-config"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn stdin_with_a_file_name() {
    let d = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_diagnose"))
        .args([
            "check",
            "-",
            "--stdin-filename",
            "prometheus.yml",
            "--format",
            "short",
        ])
        .current_dir(d.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"scrape_configs: [\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    // At the bracket left open, not where the parser gave up (the end of the text).
    assert!(
        s.starts_with("prometheus.yml:1:17: error[DIAG001] invalid YAML: this `[` is never closed"),
        "{s}"
    );
}

#[test]
fn rules_and_explain() {
    let d = tempfile::tempdir().unwrap();
    let v: Value =
        serde_json::from_slice(&diagnose(d.path(), &["rules", "--format", "json"]).stdout).unwrap();
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["code"] == "NET001" && r["name"] == "localhost-in-container-url"));
    let en = String::from_utf8(diagnose(d.path(), &["explain", "NET001"]).stdout).unwrap();
    // The page is rendered for the terminal: headings without their `#`.
    assert!(
        en.starts_with("localhost-in-container-url (NET001)\n"),
        "{en}"
    );
    assert!(en.contains("\nWhy is this bad?\n"));
    let fr = String::from_utf8(
        diagnose(
            d.path(),
            &["--lang", "fr", "explain", "localhost-in-container-url"],
        )
        .stdout,
    )
    .unwrap();
    assert!(
        fr.contains("\nPourquoi est-ce un problème\u{a0}?\n"),
        "{fr}"
    );
    assert_eq!(
        diagnose(d.path(), &["explain", "NOPE999"]).status.code(),
        Some(1)
    );
}

#[test]
fn multiple_paths_are_prefixed() {
    let a = stack(DS_BAD);
    let out = Command::new(env!("CARGO_BIN_EXE_diagnose"))
        .args(["check", "x", "y", "--format", "json"])
        .current_dir(a.path().parent().unwrap())
        .output()
        .unwrap();
    // Both missing: usage error.
    assert_eq!(out.status.code(), Some(2));
    let root = tempfile::tempdir().unwrap();
    for s in ["one", "two"] {
        write(root.path(), &format!("{s}/docker-compose.yml"), COMPOSE);
        write(root.path(), &format!("{s}/{DS_PATH}"), DS_BAD);
    }
    let v = json(&diagnose(
        root.path(),
        &["check", "one", "two", "--format", "json"],
    ));
    let files: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        vec![format!("one/{DS_PATH}"), format!("two/{DS_PATH}")]
    );
}

#[test]
fn skip_notes_follow_the_language() {
    let d = stack(DS_GOOD);
    std::fs::write(d.path().join("blob.yml"), b"\x00\x01\x02").unwrap();
    let en = diagnose(d.path(), &["check", "."]);
    assert!(String::from_utf8_lossy(&en.stderr).contains("note: skipped blob.yml: binary file"));
    let fr = diagnose(d.path(), &["--lang", "fr", "check", "."]);
    assert!(
        String::from_utf8_lossy(&fr.stderr)
            .contains("note\u{a0}: blob.yml ignoré\u{a0}: fichier binaire"),
        "{}",
        String::from_utf8_lossy(&fr.stderr)
    );
    // The other files are still checked.
    assert_eq!(fr.status.code(), Some(0));
}

/// Issue 18, class 1: the CLI reads the stack's instrumentation code (small files that use a
/// client library) for metric types, and drops other source files without a note.
#[test]
fn instrumentation_code_is_evidence_of_metric_types() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app/exporter.py",
        "from prometheus_client import Gauge\nCLIENTS = Gauge('redis_connected_clients', 'Clients now')\n",
    );
    write(
        dir.path(),
        "app/util.py",
        "def add(a, b):\n    return a + b\n",
    );
    write(
        dir.path(),
        "dashboards/redis.json",
        "{\"title\": \"r\", \"panels\": [{\"type\": \"timeseries\", \"targets\": [{\"expr\": \"rate(redis_connected_clients[5m])\"}]}]}\n",
    );
    let out = diagnose(dir.path(), &["check", ".", "--format", "json"]);
    let v = json(&out);
    let d: Vec<&Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "PQL003")
        .collect();
    assert_eq!(d.len(), 1, "{v}");
    assert_eq!(d[0]["severity"], "warning");
    assert_eq!(d[0]["file"], "dashboards/redis.json");
    assert_eq!(d[0]["related"][0]["file"], "app/exporter.py");
    assert_eq!(d[0]["related"][0]["line"], 2);
    // util.py mentions no client library: not read, and no skip note for it.
    let human = diagnose(dir.path(), &["check", "."]);
    let text = String::from_utf8_lossy(&human.stdout).into_owned()
        + &String::from_utf8_lossy(&human.stderr);
    assert!(!text.contains("util.py"), "{text}");
}

/// Third-party code copied in by a package manager is not the user's: `vendor/` is not
/// entered, like `node_modules/` (Cortex vendors Go modules whose compose files and YAML
/// gave false host-port clashes and parse errors).
#[test]
fn vendored_code_is_not_read() {
    let d = stack(DS_GOOD);
    let clash = "services:\n  a:\n    image: x\n    ports: ['8080:80']\n  b:\n    image: y\n    ports: ['8080:81']\n";
    write(d.path(), "vendor/github.com/x/y/docker-compose.yml", clash);
    write(d.path(), "node_modules/z/docker-compose.yml", clash);
    let out = diagnose(d.path(), &["check", ".", "--format", "short"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !text.contains("vendor/") && !text.contains("node_modules/"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(0), "{text}");
    // The same file outside `vendor/` is read.
    write(d.path(), "other/docker-compose.yml", clash);
    let out = diagnose(d.path(), &["check", ".", "--format", "short"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("other/docker-compose.yml") && text.contains("DC001"),
        "{text}"
    );
}
