//! Hostile files on disk, through the real binary: each ends in a clear note on standard
//! error (a skipped file) or a diagnostic, within bounded time, and the other files are
//! still checked (the healthy stack's known NET001 is still reported). Timings are
//! printed, not asserted, except a generous limit against hangs.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SANITY: Duration = Duration::from_secs(120);

/// A fresh folder holding a healthy stack with one known problem: Grafana's datasource
/// points at `localhost` from inside the grafana container.
fn stack(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("diagnose-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("grafana/provisioning/datasources")).unwrap();
    std::fs::write(
        dir.join("docker-compose.yml"),
        "services:\n  prometheus:\n    image: prom/prometheus\n    ports: [\"9090:9090\"]\n  grafana:\n    image: grafana/grafana\n    volumes:\n      - ./grafana/provisioning:/etc/grafana/provisioning\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("grafana/provisioning/datasources/datasource.yml"),
        "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    url: http://localhost:9090\n",
    )
    .unwrap();
    dir
}

struct Run {
    stdout: String,
    stderr: String,
    code: Option<i32>,
}

/// Runs `diagnose check <args> --format short`, killing it if it hangs.
fn run(name: &str, args: &[&Path]) -> Run {
    let t = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_diagnose"))
        .arg("check")
        .args(args)
        .args(["--format", "short", "--no-config"])
        .env("NO_COLOR", "1")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read the pipes on threads so that a large output cannot block the child.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut out, &mut s).ok();
        s
    });
    let err_t = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut err, &mut s).ok();
        s
    });
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if t.elapsed() > SANITY {
            child.kill().ok();
            panic!("{name}: still running after {SANITY:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let r = Run {
        stdout: out_t.join().unwrap(),
        stderr: err_t.join().unwrap(),
        code: status.code(),
    };
    eprintln!("{name}: {:?}, exit {:?}", t.elapsed(), r.code);
    // 2 only when no file could be read at all (said on standard error).
    assert!(
        matches!(r.code, Some(0 | 1))
            || (r.code == Some(2) && r.stderr.contains("nothing was checked")),
        "{name}: exit {:?}\n{}",
        r.code,
        r.stderr
    );
    r
}

fn assert_still_checked(name: &str, r: &Run) {
    assert!(
        r.stdout
            .lines()
            .any(|l| l.contains("datasource.yml") && l.contains("NET001")),
        "{name}: the healthy files were not checked:\n{}\n{}",
        r.stdout,
        r.stderr
    );
}

fn assert_note(name: &str, r: &Run, file: &str, reason: &str) {
    assert!(
        r.stderr
            .lines()
            .any(|l| l.starts_with("note: skipped") && l.contains(file) && l.contains(reason)),
        "{name}: expected a note that {file} was skipped ({reason}):\n{}",
        r.stderr
    );
}

#[test]
fn file_of_50_mb() {
    let dir = stack("50mb");
    let mut big = String::with_capacity(50 * 1024 * 1024 + 64);
    big.push_str("scrape_configs:\n");
    while big.len() < 50 * 1024 * 1024 {
        big.push_str("  - job_name: filler-filler-filler-filler-filler-filler-filler\n");
    }
    std::fs::write(dir.join("prometheus.yml"), &big).unwrap();
    let r = run("50 MB file", &[&dir]);
    assert_note("50 MB file", &r, "prometheus.yml", "larger than");
    assert_still_checked("50 MB file", &r);
    // Named on the command line, too.
    let r = run("50 MB file (argument)", &[&dir.join("prometheus.yml")]);
    assert_note("50 MB file (argument)", &r, "prometheus.yml", "larger than");
    // The only file named was not read: not "no problems found".
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("nothing was checked in `")
            && r.stderr.contains("`: 1 file skipped (see the note above)"),
        "{}",
        r.stderr
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn non_utf8_and_binary_files() {
    let dir = stack("binary");
    std::fs::write(dir.join("latin1.yml"), b"job_name: caf\xe9\n").unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..4096u32).map(|i| (i * 7 % 251) as u8));
    std::fs::write(dir.join("image.yml"), &png).unwrap();
    let r = run("non-UTF-8 and binary", &[&dir]);
    assert_note("non-UTF-8", &r, "latin1.yml", "not UTF-8");
    assert_note("binary", &r, "image.yml", "binary");
    assert_still_checked("non-UTF-8 and binary", &r);
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(unix)]
#[test]
fn symlink_loop() {
    let dir = stack("loop");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("sub/back")).unwrap();
    std::os::unix::fs::symlink("self.yml", dir.join("self.yml")).unwrap();
    let r = run("symlink loop", &[&dir]);
    assert_note("symlink loop", &r, "sub/back", "loop");
    assert_note("self-link", &r, "self.yml", "");
    assert_still_checked("symlink loop", &r);
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(unix)]
#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = stack("unreadable");
    let f = dir.join("secret.yml");
    std::fs::write(&f, "a: 1\n").unwrap();
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&f).is_ok() {
        // Root reads any file: permissions cannot make one unreadable here. A dangling
        // symlink is the unreadable file instead.
        eprintln!("running as root: chmod 000 does not block reads; testing a dangling link");
        std::fs::remove_file(&f).unwrap();
        std::os::unix::fs::symlink(dir.join("gone.yml"), &f).unwrap();
    }
    let r = run("unreadable file", &[&dir]);
    assert_note("unreadable file", &r, "secret.yml", "");
    assert_still_checked("unreadable file", &r);
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(unix)]
#[test]
fn fifo_named_yml_does_not_hang() {
    let dir = stack("fifo");
    let fifo = dir.join("pipe.yml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo not available: skipped");
        return;
    }
    // In a folder it is not a regular file (ignored); named on the command line it is
    // skipped with a note instead of blocking on read.
    let r = run("FIFO in a folder", &[&dir]);
    assert_still_checked("FIFO in a folder", &r);
    let r = run("FIFO as an argument", &[&fifo, &dir]);
    assert_note("FIFO as an argument", &r, "pipe.yml", "not a regular file");
    assert_still_checked("FIFO as an argument", &r);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn empty_files() {
    let dir = stack("empty");
    for f in [
        "empty.yml",
        "prometheus.yml",
        "compose.override.yaml",
        "dashboard.json",
        ".env",
    ] {
        std::fs::write(dir.join(f), "").unwrap();
    }
    let r = run("empty files", &[&dir]);
    assert_still_checked("empty files", &r);
    assert!(
        // An empty JSON file holds nothing to check, like an empty YAML file (issue 18).
        r.stdout
            .contains("dashboard.json:1:1: info[DIAG001] empty file"),
        "{}",
        r.stdout
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn alias_bomb_deep_nesting_and_a_huge_dashboard() {
    let dir = stack("bombs");
    let mut bomb = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    std::fs::write(dir.join("bomb.yml"), bomb).unwrap();
    std::fs::write(dir.join("deep.yml"), "[".repeat(10_000)).unwrap();
    std::fs::write(
        dir.join("deep.json"),
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
    )
    .unwrap();
    let panels: Vec<String> = (0..5000)
        .map(|i| {
            format!("{{\"id\": {i}, \"type\": \"graph\", \"targets\": [{{\"expr\": \"up\"}}]}}")
        })
        .collect();
    std::fs::write(
        dir.join("dashboard.json"),
        format!("{{\"title\": \"big\", \"panels\": [{}]}}", panels.join(",")),
    )
    .unwrap();
    let r = run("bombs", &[&dir]);
    assert_still_checked("bombs", &r);
    for (file, words) in [
        ("bomb.yml", "alias"),
        ("deep.yml", "YAML"),
        ("deep.json", "nesting deeper than"),
    ] {
        assert!(
            r.stdout
                .lines()
                .any(|l| l.starts_with(file) && l.contains("DIAG001") && l.contains(words)),
            "{file}: {}",
            r.stdout
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}
