//! Real errors: a real Prometheus (the Debian package `prometheus`, installed if missing)
//! scrapes targets this test serves on loopback — a closed port, a server answering 404,
//! one answering HTML, one slower than `scrape_timeout`, and a name that does not resolve.
//! Each target's `lastError`, read from `/api/v1/targets`, must be classified by the
//! explainer. Then the same for what `promtool check config` prints for broken configs.
//!
//! All traffic stays on 127.0.0.1, except the DNS lookup of the `.invalid` name, which
//! goes to the machine's resolver (RFC 6761 reserves `.invalid` so that it never
//! resolves). Without a Prometheus that can be installed, the tests say so and skip.

use diagnose_core::explain;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

fn find_in_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// `prometheus` and `promtool`, installing the Debian package when they are missing.
fn binaries() -> Option<&'static (PathBuf, PathBuf)> {
    static BINS: OnceLock<Option<(PathBuf, PathBuf)>> = OnceLock::new();
    BINS.get_or_init(|| {
        let found = || Some((find_in_path("prometheus")?, find_in_path("promtool")?));
        if let Some(b) = found() {
            return Some(b);
        }
        if Path::new("/usr/bin/apt-get").exists() {
            eprintln!("prometheus is missing: running `apt-get install -y prometheus`");
            let ok = Command::new("apt-get")
                .args(["install", "-y", "--no-install-recommends", "prometheus"])
                .env("DEBIAN_FRONTEND", "noninteractive")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if !ok {
                eprintln!("apt-get install prometheus failed");
            }
        }
        found()
    })
    .as_ref()
}

fn temp_dir(tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let d = std::env::temp_dir().join(format!("diagnose-{tag}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A server on 127.0.0.1 that reads each request's head, then calls `respond`.
fn serve(respond: fn(&mut TcpStream)) -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for s in l.incoming() {
            let Ok(mut s) = s else { continue };
            std::thread::spawn(move || {
                let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 65536 {
                    match s.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                respond(&mut s);
            });
        }
    });
    port
}

fn reply(s: &mut TcpStream, status: &str, content_type: &str, body: &str) {
    let _ = write!(
        s,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

fn not_found(s: &mut TcpStream) {
    reply(
        s,
        "404 Not Found",
        "text/plain; charset=utf-8",
        "404 page not found\n",
    );
}

fn html(s: &mut TcpStream) {
    reply(
        s,
        "200 OK",
        "text/html; charset=utf-8",
        "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Sign in</body></html>\n",
    );
}

fn slow(s: &mut TcpStream) {
    std::thread::sleep(Duration::from_secs(4));
    reply(s, "200 OK", "text/plain; version=0.0.4", "up_test 1\n");
}

/// A port on 127.0.0.1 where nothing listens.
fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

struct Killed(Child);
impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn http_get(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    out.split_once("\r\n\r\n").map(|(_, b)| b.to_string())
}

#[test]
fn real_prometheus_target_errors_are_classified() {
    let Some((prometheus, _)) = binaries() else {
        eprintln!("skipped: no prometheus binary and it could not be installed");
        return;
    };
    let closed = closed_port();
    let p404 = serve(not_found);
    let phtml = serve(html);
    let pslow = serve(slow);
    let dir = temp_dir("explain-real");
    let config = format!(
        "global:\n  scrape_interval: 2s\n  scrape_timeout: 1s\n\
         scrape_configs:\n\
         \x20 - job_name: refused\n    static_configs: [{{targets: ['127.0.0.1:{closed}']}}]\n\
         \x20 - job_name: notfound\n    static_configs: [{{targets: ['127.0.0.1:{p404}']}}]\n\
         \x20 - job_name: html\n    static_configs: [{{targets: ['127.0.0.1:{phtml}']}}]\n\
         \x20 - job_name: slow\n    static_configs: [{{targets: ['127.0.0.1:{pslow}']}}]\n\
         \x20 - job_name: unresolvable\n    static_configs: [{{targets: ['no-such-target.invalid:9100']}}]\n"
    );
    std::fs::write(dir.join("prometheus.yml"), &config).unwrap();
    let web = closed_port();
    let log = std::fs::File::create(dir.join("prometheus.log")).unwrap();
    let child = Command::new(prometheus)
        .arg(format!(
            "--config.file={}",
            dir.join("prometheus.yml").display()
        ))
        .arg(format!("--web.listen-address=127.0.0.1:{web}"))
        .arg(format!(
            "--storage.tsdb.path={}",
            dir.join("data").display()
        ))
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("start prometheus");
    let _guard = Killed(child);

    // Targets appear after the first discovery update (~5 s); poll until each has an error.
    let jobs = ["refused", "notfound", "html", "slow", "unresolvable"];
    let deadline = Instant::now() + Duration::from_secs(90);
    let mut errors: Vec<(String, String)> = Vec::new();
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(500));
        let Some(body) = http_get(web, "/api/v1/targets") else {
            continue;
        };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&body) else {
            continue;
        };
        errors = v["data"]["activeTargets"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| {
                let job = t["labels"]["job"].as_str()?.to_string();
                let err = t["lastError"].as_str()?.to_string();
                (!err.is_empty()).then_some((job, err))
            })
            .collect();
        if jobs.iter().all(|j| errors.iter().any(|(job, _)| job == j)) {
            break;
        }
    }
    let log = std::fs::read_to_string(dir.join("prometheus.log")).unwrap_or_default();
    assert!(
        jobs.iter().all(|j| errors.iter().any(|(job, _)| job == j)),
        "not every target failed in time: {errors:?}\nprometheus log:\n{log}"
    );

    let mut failures = Vec::new();
    for (job, err) in &errors {
        let m = explain::explain(err, None);
        let id = m
            .first()
            .map(|m| m.family.id.as_str())
            .unwrap_or("<nothing>");
        eprintln!("{job}: {err}\n  → {id}");
        let ok = match job.as_str() {
            "refused" => id == "connection-refused-localhost" && m[0].facts.port == Some(closed),
            "notfound" => id == "scrape-http-404",
            "html" => id == "scrape-html-instead-of-metrics",
            "slow" => id == "context-deadline-exceeded",
            // The machine's resolver decides between "no such host" and a failure to answer.
            "unresolvable" => {
                id.starts_with("no-such-host")
                    || id == "dns-server-misbehaving"
                    || id == "dns-lookup-timeout"
            }
            _ => true,
        };
        if !ok {
            failures.push(format!("{job}: {err:?} classified as {id}"));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn promtool_output(promtool: &Path, dir: &Path, name: &str, config: &str) -> (bool, String) {
    let file = dir.join(name);
    std::fs::write(&file, config).unwrap();
    let out = Command::new(promtool)
        .args(["check", "config"])
        .arg(&file)
        .output()
        .expect("run promtool");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn real_promtool_errors_are_classified() {
    let Some((_, promtool)) = binaries() else {
        eprintln!("skipped: no promtool binary and it could not be installed");
        return;
    };
    let dir = temp_dir("explain-promtool");
    let cases = [
        (
            "timeout.yml",
            "scrape_configs:\n  - job_name: flask-app\n    scrape_interval: 5s\n    scrape_timeout: 10s\n    static_configs:\n      - targets: ['app:5000']\n",
            "scrape-timeout-exceeds-interval",
        ),
        (
            "global-timeout.yml",
            "global:\n  scrape_interval: 5s\n  scrape_timeout: 10s\nscrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ['app:5000']\n",
            "scrape-timeout-exceeds-interval",
        ),
        (
            "url-target.yml",
            "scrape_configs:\n  - job_name: flask-app\n    static_configs:\n      - targets: ['http://APP_IP:5000/metrics']\n",
            "target-not-a-valid-hostname",
        ),
        (
            "duplicate-job.yml",
            "scrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: ['a:9100']\n  - job_name: node\n    static_configs:\n      - targets: ['b:9100']\n",
            "duplicate-job-name",
        ),
        (
            "typo.yml",
            "scrape_configs:\n  - job_name: node\n    scrape_intervall: 5s\n    static_configs:\n      - targets: ['a:9100']\n",
            "prometheus-config-invalid",
        ),
    ];
    let mut failures = Vec::new();
    for (name, config, want) in cases {
        let (ok, text) = promtool_output(promtool, &dir, name, config);
        assert!(!ok, "promtool accepted {name}:\n{text}");
        let m = explain::explain(&text, None);
        let id = m
            .first()
            .map(|m| m.family.id.as_str())
            .unwrap_or("<nothing>");
        eprintln!("{name}: {}\n  → {id}", text.trim());
        if id != want {
            failures.push(format!("{name}: expected {want}, got {id}\n{text}"));
        }
        if name == "timeout.yml" && m[0].facts.job.as_deref() != Some("flask-app") {
            failures.push(format!("{name}: job not extracted: {:?}", m[0].facts));
        }
    }
    // A valid Kubernetes discovery block: upstream promtool accepts it; Debian's build,
    // which leaves Kubernetes discovery out, rejects it.
    let (ok, text) = promtool_output(
        promtool,
        &dir,
        "k8s-sd.yml",
        "scrape_configs:\n  - job_name: pods\n    kubernetes_sd_configs:\n      - role: pod\n",
    );
    if !ok {
        let id = explain::explain(&text, None)
            .first()
            .map(|m| m.family.id.clone())
            .unwrap_or_default();
        eprintln!("k8s-sd.yml: {}\n  → {id}", text.trim());
        if id != "kubernetes-sd-not-in-build" {
            failures.push(format!("k8s-sd.yml: got {id}\n{text}"));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
