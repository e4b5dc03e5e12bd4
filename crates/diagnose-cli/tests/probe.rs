//! `diagnose probe` against a REAL Prometheus and a real Alertmanager (Debian packages
//! `prometheus` and `prometheus-alertmanager`), started here on 127.0.0.1 with free ports
//! and temporary folders, scraping loopback servers this test starts: a closed port, a
//! 404, an HTML page and a slow one. The config is edited after start, a rule fails, and
//! alerts go to a closed port. Everything stays on the loopback address; every wait has a
//! deadline.
//!
//! The packages are installed when missing (`apt-get update`, `apt-get install -y`, with a
//! `policy-rc.d` that keeps apt from starting their services); when that is impossible the
//! tests say so and skip.

use serde_json::Value;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_diagnose"));
    c.env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("DIAGNOSE_PROBE_TOKEN")
        .env_remove("DIAGNOSE_PROBE_USER")
        .env_remove("DIAGNOSE_PROBE_PASSWORD");
    c
}

fn which(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
}

/// Installs the two packages if missing. `Err` says why they are not there.
fn installed() -> Result<(), String> {
    static DONE: OnceLock<Result<(), String>> = OnceLock::new();
    DONE.get_or_init(|| {
        if which("prometheus") && which("prometheus-alertmanager") {
            return Ok(());
        }
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
        let sudo: &[&str] = if root {
            &[]
        } else if which("sudo") {
            &["sudo", "-n"]
        } else {
            return Err(
                "not root and no sudo: cannot apt-get install prometheus prometheus-alertmanager"
                    .into(),
            );
        };
        // Keep apt from starting the packages' services: the tests run their own.
        let policy = Path::new("/usr/sbin/policy-rc.d");
        let added_policy = !policy.exists() && root && {
            std::fs::write(policy, "#!/bin/sh\nexit 101\n").is_ok()
                && Command::new("chmod")
                    .args(["+x", "/usr/sbin/policy-rc.d"])
                    .status()
                    .is_ok()
        };
        let run = |args: &[&str]| {
            let mut all: Vec<&str> = sudo.to_vec();
            all.extend(["timeout", "600"]);
            all.extend(args);
            Command::new(all[0])
                .args(&all[1..])
                .env("DEBIAN_FRONTEND", "noninteractive")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .output()
        };
        let _ = run(&["apt-get", "update", "-qq"]);
        let out = run(&[
            "apt-get",
            "install",
            "-y",
            "-qq",
            "prometheus",
            "prometheus-alertmanager",
        ]);
        if added_policy {
            let _ = std::fs::remove_file(policy);
        }
        // Services a previous install may have started are not ours to stop: the tests
        // use their own ports.
        match out {
            Ok(o)
                if o.status.success()
                    && which("prometheus")
                    && which("prometheus-alertmanager") =>
            {
                Ok(())
            }
            Ok(o) => Err(format!(
                "apt-get install prometheus prometheus-alertmanager failed: {}",
                String::from_utf8_lossy(&o.stderr).trim()
            )),
            Err(e) => Err(format!("cannot run apt-get: {e}")),
        }
    })
    .clone()
}

macro_rules! require_servers {
    () => {
        if let Err(why) = installed() {
            eprintln!("SKIPPED: {why}");
            return;
        }
    };
}

/// The servers are started one test at a time (2 cores shared).
fn serial() -> std::sync::MutexGuard<'static, ()> {
    static M: Mutex<()> = Mutex::new(());
    M.lock().unwrap_or_else(|e| e.into_inner())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A loopback HTTP server: `/metrics` (valid), `/missing` (404), `/html` (a web page),
/// `/slow` (answers after 3 s), `/private` (401 unless `Bearer s3cret-token`),
/// `/api/v1/status/runtimeinfo` (a Prometheus-like answer, behind the same token).
fn serve() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for s in l.incoming().flatten() {
            std::thread::spawn(move || answer(s));
        }
    });
    port
}

fn answer(mut s: TcpStream) {
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    let mut buf = [0u8; 4096];
    let mut req = Vec::new();
    while !req.windows(4).any(|w| w == b"\r\n\r\n") && req.first() != Some(&0x16) {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => req.extend_from_slice(&buf[..n]),
        }
    }
    if req.first() == Some(&0x16) {
        // A TLS handshake on this plain-HTTP port: answer as Go's servers do.
        let _ = s.write_all(
            b"HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n",
        );
        return;
    }
    let req = String::from_utf8_lossy(&req).to_string();
    let path = req.split_whitespace().nth(1).unwrap_or("/").to_string();
    let authorized = req.contains("Authorization: Bearer s3cret-token")
        || req.contains("authorization: Bearer s3cret-token");
    let (status, ctype, body) = match path.as_str() {
        "/metrics" => (
            "200 OK",
            "text/plain; version=0.0.4",
            "probe_test_up 1\n".to_string(),
        ),
        "/html" => (
            "200 OK",
            "text/html",
            "<!doctype html><html><body><h1>Welcome</h1></body></html>\n".to_string(),
        ),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(3));
            ("200 OK", "text/plain", "probe_test_up 1\n".to_string())
        }
        p if (p.starts_with("/private") || p == "/api/v1/status/runtimeinfo") && !authorized => (
            "401 Unauthorized",
            "text/plain",
            "Unauthorized\n".to_string(),
        ),
        "/api/v1/status/runtimeinfo" => (
            "200 OK",
            "application/json",
            r#"{"status":"success","data":{"reloadConfigSuccess":true}}"#.to_string(),
        ),
        _ => (
            "404 Not Found",
            "text/plain",
            "404 page not found\n".to_string(),
        ),
    };
    let _ = write!(
        s,
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

/// A GET on the loopback address (the test's own view of the servers).
fn http_get(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    let (head, body) = out.split_once("\r\n\r\n")?;
    head.starts_with("HTTP/1.0 200")
        .then(|| body.to_string())
        .or_else(|| head.starts_with("HTTP/1.1 200").then(|| body.to_string()))
}

/// Waits (at most `secs`) until `f` gives `Ok`; its last `Err` says what was missing.
fn wait_for(secs: u64, what: &str, mut f: impl FnMut() -> Result<(), String>) {
    let end = Instant::now() + Duration::from_secs(secs);
    let mut last = String::new();
    while Instant::now() < end {
        match f() {
            Ok(()) => return,
            Err(e) => last = e,
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    panic!("timed out after {secs} s waiting for {what}; last state: {last}");
}

fn check(ok: bool, state: impl FnOnce() -> String) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(state())
    }
}

/// A server process, killed when the test ends.
struct Server {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_prometheus(config: &Path) -> Server {
    let port = free_port();
    let dir = tempfile::tempdir().unwrap();
    let child = Command::new("prometheus")
        .arg(format!("--config.file={}", config.display()))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .arg(format!(
            "--storage.tsdb.path={}",
            dir.path().join("data").display()
        ))
        // Alerts are sent at the first evaluations, before the Alertmanagers are
        // discovered (dropped), then again after this delay (1 m by default).
        .arg("--rules.alert.resend-delay=1s")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start prometheus");
    let s = Server {
        child,
        port,
        _dir: dir,
    };
    wait_for(30, "Prometheus to be ready", || {
        check(http_get(port, "/-/ready").is_some(), String::new)
    });
    s
}

fn start_alertmanager(config: &Path) -> Server {
    let port = free_port();
    let dir = tempfile::tempdir().unwrap();
    let child = Command::new("prometheus-alertmanager")
        .arg(format!("--config.file={}", config.display()))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .arg("--cluster.listen-address=")
        .arg(format!("--storage.path={}", dir.path().display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start alertmanager");
    let s = Server {
        child,
        port,
        _dir: dir,
    };
    wait_for(30, "Alertmanager to be ready", || {
        check(http_get(port, "/-/ready").is_some(), String::new)
    });
    s
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> u64 {
    text.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn diags<'v>(v: &'v Value, code: &str) -> Vec<&'v Value> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .collect()
}

#[test]
fn a_broken_stack_is_pointed_at_its_lines() {
    require_servers!();
    let _g = serial();
    let web = serve();
    let closed = free_port();
    let closed_am = free_port();
    let dir = tempfile::tempdir().unwrap();
    let rules = "groups:\n  - name: probe-test\n    interval: 1s\n    rules:\n      - alert: AlwaysFiring\n        expr: vector(1)\n      - record: job:bad_regex\n        expr: label_replace(up, \"x\", \"$1\", \"job\", \"(\")\n";
    write(dir.path(), "rules.yml", rules);
    let config = format!(
        "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\nrule_files:\n  - rules.yml\nalerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['127.0.0.1:{closed_am}']\nscrape_configs:\n  - job_name: closed\n    static_configs:\n      - targets: ['127.0.0.1:{closed}']\n  - job_name: missing\n    metrics_path: /missing\n    static_configs:\n      - targets: ['127.0.0.1:{web}']\n  - job_name: html\n    metrics_path: /html\n    static_configs:\n      - targets: ['127.0.0.1:{web}']\n  - job_name: slow\n    metrics_path: /slow\n    static_configs:\n      - targets: ['127.0.0.1:{web}']\n  - job_name: fine\n    static_configs:\n      - targets: ['127.0.0.1:{web}']\n"
    );
    let path = write(dir.path(), "prometheus.yml", &config);
    let prom = start_prometheus(&path);
    let p = prom.port;
    // Every target scraped at least once, the rules evaluated, alerts sent and failed.
    wait_for(40, "targets, rules and notifications", || {
        let t = http_get(p, "/api/v1/targets").unwrap_or_default();
        let r = http_get(p, "/api/v1/rules").unwrap_or_default();
        let m = http_get(p, "/metrics").unwrap_or_default();
        let sent = m
            .lines()
            .any(|l| l.starts_with("prometheus_notifications_errors_total{") && !l.ends_with(" 0"));
        check(
            t.matches("\"health\":\"down\"").count() == 4
                && t.contains("\"health\":\"up\"")
                && r.contains("\"health\":\"err\"")
                && sent,
            || format!("{t}\n{r}\nnotification errors: {sent}"),
        )
    });
    // Edited after start, and not reloaded.
    let edited = format!("{config}  - job_name: added-later\n    static_configs:\n      - targets: ['127.0.0.1:{web}']\n");
    std::fs::write(&path, &edited).unwrap();

    let url = format!("http://127.0.0.1:{p}");
    let out = bin()
        .args(["probe", &url])
        .arg(dir.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    let down = diags(&v, "PROM009");
    assert_eq!(down.len(), 4, "{v:#}");
    let at = |job: &str| -> &Value {
        down.iter()
            .find(|d| {
                d["message"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("job `{job}`"))
            })
            .unwrap_or_else(|| panic!("no PROM009 for {job}: {v:#}"))
    };
    let notes = |d: &Value| d["notes"].to_string();
    // The closed port: at the target's line, with the knowledge base's explanation.
    let c = at("closed");
    assert_eq!(c["file"], "prometheus.yml");
    assert_eq!(c["severity"], "error");
    assert_eq!(c["line"], line_of(&edited, &format!("127.0.0.1:{closed}")));
    assert!(
        c["message"]
            .as_str()
            .unwrap()
            .contains("connection refused"),
        "{c:#}"
    );
    assert!(notes(c).contains("Connection refused"), "{c:#}");
    // 404, HTML and a time-out: each at its own job's target line, each explained.
    let targets: Vec<u64> = edited
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains(&format!("127.0.0.1:{web}")))
        .map(|(i, _)| i as u64 + 1)
        .collect();
    assert_eq!(at("missing")["line"], targets[0]);
    assert!(at("missing")["message"].as_str().unwrap().contains("404"));
    assert_eq!(at("html")["line"], targets[1]);
    assert_eq!(at("slow")["line"], targets[2]);
    assert!(at("slow")["message"]
        .as_str()
        .unwrap()
        .contains("context deadline exceeded"));
    for job in ["missing", "html", "slow"] {
        assert!(
            !notes(at(job)).contains("not in the knowledge base"),
            "{job} is explained: {:#}",
            at(job)
        );
    }
    // The edit after start.
    let differs = diags(&v, "PROM010");
    assert_eq!(differs.len(), 1, "{v:#}");
    assert_eq!(differs[0]["file"], "prometheus.yml");
    assert_eq!(differs[0]["severity"], "warning");
    assert_eq!(differs[0]["line"], line_of(&edited, "added-later"));
    assert!(
        notes(differs[0]).contains("--config.file"),
        "{:#}",
        differs[0]
    );
    // The failing rule, at its expression.
    let failing = diags(&v, "PROM011");
    assert_eq!(failing.len(), 1, "{v:#}");
    assert_eq!(failing[0]["file"], "rules.yml");
    assert_eq!(failing[0]["line"], line_of(rules, "label_replace"));
    assert!(failing[0]["message"]
        .as_str()
        .unwrap()
        .contains("invalid regular expression"));
    // Alerts to a closed port.
    let am = diags(&v, "AM002");
    assert_eq!(am.len(), 1, "{v:#}");
    assert_eq!(
        am[0]["line"],
        line_of(&edited, &format!("127.0.0.1:{closed_am}"))
    );
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 7, "{v:#}");

    // French.
    let out = bin()
        .args(["--lang", "fr", "probe", &url])
        .arg(dir.path())
        .args(["--format", "short"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("est hors service"), "{text}");
    assert!(
        text.contains("a chargé une autre version de ce fichier"),
        "{text}"
    );

    // Without files: what the API says, with job and target names, at the loaded config.
    let out = bin()
        .args(["probe", &url, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let down = diags(&v, "PROM009");
    assert_eq!(down.len(), 4, "{v:#}");
    for d in &down {
        assert_eq!(d["file"], format!("{url}/api/v1/status/config"));
    }
    assert!(down.iter().any(|d| d["message"]
        .as_str()
        .unwrap()
        .contains(&format!("target `127.0.0.1:{closed}` of job `closed`"))));
    assert!(
        diags(&v, "PROM010").is_empty(),
        "nothing to compare without files"
    );
    assert_eq!(diags(&v, "PROM011").len(), 1);

    // The human format shows the line and the explanation.
    let out = bin()
        .args(["probe", &url])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("--> prometheus.yml:"), "{text}");
    assert!(text.contains("Connection refused"), "{text}");
    drop(prom);
}

#[test]
fn a_healthy_stack_probes_clean_and_a_later_edit_is_seen() {
    require_servers!();
    let _g = serial();
    let web = serve();
    let dir = tempfile::tempdir().unwrap();
    let am_config = "route:\n  receiver: nobody\n  group_wait: 1s\nreceivers:\n  - name: nobody\n";
    let am_path = write(dir.path(), "alertmanager.yml", am_config);
    let am = start_alertmanager(&am_path);
    write(
        dir.path(),
        "rules.yml",
        "groups:\n  - name: ok\n    interval: 1s\n    rules:\n      - alert: Watchdog\n        expr: vector(1)\n",
    );
    let config = format!(
        "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files: [rules.yml]\nalerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['127.0.0.1:{}']\nscrape_configs:\n  - job_name: fine\n    scrape_timeout: 1000ms\n    honor_labels: false\n    static_configs:\n      - targets: ['127.0.0.1:{web}']\n",
        am.port
    );
    let path = write(dir.path(), "prometheus.yml", &config);
    let prom = start_prometheus(&path);
    let p = prom.port;
    wait_for(40, "a scrape and a delivered alert", || {
        let t = http_get(p, "/api/v1/targets").unwrap_or_default();
        let alerts = http_get(am.port, "/api/v2/alerts").unwrap_or_default();
        check(
            t.contains("\"health\":\"up\"") && alerts.contains("Watchdog"),
            || format!("{t}\n{alerts}"),
        )
    });
    let urls = [
        format!("http://127.0.0.1:{p}"),
        format!("http://127.0.0.1:{}/", am.port),
    ];
    let out = bin()
        .arg("probe")
        .args(&urls)
        .arg(dir.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v = json(&out);
    assert_eq!(v["diagnostics"], serde_json::json!([]), "{v:#}");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(v["servers"][1]["program"], "Alertmanager");

    // alertmanager.yml edited after start: a warning (exit 0 with --fail-on error).
    let edited = am_config.replace("group_wait: 1s", "group_wait: 45s");
    std::fs::write(&am_path, &edited).unwrap();
    let out = bin()
        .arg("probe")
        .args(&urls)
        .arg(dir.path())
        .args(["--format", "short"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert_eq!(
        text.trim(),
        format!(
            "alertmanager.yml:{}:15: warning[PROM010] the running Alertmanager loaded another version of this file: `route.group_wait` is `1s` there, `45s` here",
            line_of(&edited, "group_wait")
        )
    );
    let out = bin()
        .arg("probe")
        .args(&urls)
        .arg(dir.path())
        .args(["--fail-on", "warning"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    drop(prom);
    drop(am);
}

#[test]
fn unreachable_servers_exit_2_with_the_reason() {
    let web = serve();
    let closed = free_port();
    let cases = [
        (format!("http://127.0.0.1:{closed}"), "connection refused"),
        (
            "http://no-such-host.invalid:9090".to_string(),
            "unknown host name",
        ),
        (format!("https://127.0.0.1:{web}"), "plain HTTP"),
        (
            format!("http://127.0.0.1:{web}/private"),
            "DIAGNOSE_PROBE_TOKEN",
        ),
        (format!("http://127.0.0.1:{web}"), "answered HTTP 401"),
    ];
    for (url, why) in cases {
        let out = bin()
            .args(["probe", &url, "--timeout", "3"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{url}: {err}");
        assert!(err.contains(why), "{url}: {err}");
        assert!(err.contains(url.trim_end_matches('/')), "{url}: {err}");
        assert!(out.stdout.is_empty(), "{url}");
    }
    // A server that is neither Prometheus nor Alertmanager.
    let out = bin()
        .args(["probe", &format!("http://127.0.0.1:{web}/html")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("neither Prometheus nor Alertmanager"));
}

/// A loopback server that accepts connections and never answers.
fn silent() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in l.incoming().flatten() {
            held.push(s);
        }
    });
    port
}

#[test]
fn a_server_that_never_answers_times_out_and_the_others_are_still_probed() {
    let (quiet, web) = (silent(), serve());
    let (quiet_url, web_url) = (
        format!("http://127.0.0.1:{quiet}"),
        format!("http://127.0.0.1:{web}"),
    );
    let start = std::time::Instant::now();
    let out = bin()
        .args([
            "probe",
            &quiet_url,
            &web_url,
            "--timeout",
            "1",
            "--format",
            "json",
        ])
        .env("DIAGNOSE_PROBE_TOKEN", "s3cret-token")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    // Bounded by the time-out, not by the server (which never answers): generous bound.
    assert!(start.elapsed() < Duration::from_secs(30), "{err}");
    assert!(
        err.contains(&format!(
            "cannot reach `{quiet_url}`: no answer within 1 seconds"
        )),
        "{err}"
    );
    assert!(
        err.contains("1 of the servers could not be probed"),
        "{err}"
    );
    // The server that answers is still probed and reported.
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let servers: Vec<&str> = v["servers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["url"].as_str().unwrap())
        .collect();
    assert_eq!(servers, vec![web_url.as_str()], "{v}");
    assert_eq!(out.status.code(), Some(2), "{err}");
}

#[test]
fn the_token_comes_from_the_environment_and_is_never_printed() {
    let web = serve();
    let url = format!("http://127.0.0.1:{web}");
    let out = bin()
        .args(["probe", &url, "--format", "json"])
        .env("DIAGNOSE_PROBE_TOKEN", "s3cret-token")
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0), "{all}");
    assert!(!all.contains("s3cret-token"), "{all}");
    // The other paths answer 404: said, not fatal.
    assert!(
        all.contains("/api/v1/targets` could not be read (HTTP 404)"),
        "{all}"
    );
}
