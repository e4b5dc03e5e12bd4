//! Several folders on one command line: each is shown under a short relative prefix, and
//! the findings do not depend on how the folders were named (relative, absolute, `../`).
//! The model reads paths relative to the analysis root; absolute display paths used to put
//! every file under a host-root bind mount (`/:/rootfs`, as cAdvisor and node-exporter
//! mount it), which tied unrelated stacks together, and hid the folder rules (DC006).

mod common;
use common::*;
use std::path::Path;

const ONE: &str = "services:\n  cadvisor:\n    image: gcr.io/cadvisor/cadvisor:v0.49.1\n    volumes:\n      - /:/rootfs:ro\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    volumes:\n      - ./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./grafana/provisioning:/etc/grafana/provisioning\n";

/// Two unrelated projects side by side under `shared/`.
fn tree() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "shared/one/docker-compose.yml", ONE);
    write(
        d.path(),
        "shared/one/grafana/provisioning/datasources/ds.yml",
        DS_FIXED,
    );
    write(d.path(), "shared/two/docker-compose.yml", COMPOSE);
    write(d.path(), &format!("shared/two/{DS_PATH}"), DS_BROKEN);
    write(d.path(), "shared/two/prometheus.yml", "scrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ['localhost:8080']\n");
    std::fs::create_dir_all(d.path().join("elsewhere")).unwrap();
    d
}

/// Sorted `--format short` lines, without configuration files.
fn short(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut a = vec!["--no-config"];
    a.extend(args);
    lines(dir, &a)
}

/// Sorted `--format short` lines.
fn lines(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut a = vec!["check", "--format", "short"];
    a.extend(args);
    let out = run(dir, &a);
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
    let mut lines: Vec<String> = out.stdout.lines().map(str::to_string).collect();
    lines.sort();
    lines
}

#[test]
fn absolute_relative_and_parent_arguments_give_the_same_findings() {
    let d = tree();
    let shared = d.path().join("shared");
    let relative = short(&shared, &["one", "two"]);
    // The project's own problems are found: the missing bind-mount source (DC006) and
    // localhost from the Grafana container (NET001), each in its own folder.
    assert!(
        relative
            .iter()
            .any(|l| l.starts_with("one/docker-compose.yml:9:") && l.contains("DC006")),
        "{relative:#?}"
    );
    assert!(
        relative
            .iter()
            .any(|l| l.starts_with(&format!("two/{DS_PATH}:7:")) && l.contains("NET001")),
        "{relative:#?}"
    );
    let (a, b) = (shared.join("one"), shared.join("two"));
    let absolute = short(
        &d.path().join("elsewhere"),
        &[a.to_str().unwrap(), b.to_str().unwrap()],
    );
    assert_eq!(absolute, relative, "absolute arguments");
    let parent = short(
        &d.path().join("elsewhere"),
        &["../shared/one", "../shared/two"],
    );
    assert_eq!(parent, relative, "`../` arguments");
    let dotted = short(&shared, &["./one/", "two/../two"]);
    assert_eq!(dotted, relative, "`./` and `..` inside");
}

#[test]
fn folders_with_the_same_name_keep_apart() {
    let d = tree();
    write(d.path(), "other/two/prometheus.yml", "scrape_configs: [\n");
    let (a, b) = (d.path().join("shared/two"), d.path().join("other/two"));
    let out = short(
        &d.path().join("elsewhere"),
        &[a.to_str().unwrap(), b.to_str().unwrap()],
    );
    assert!(
        out.iter()
            .any(|l| l.starts_with("other/two/prometheus.yml:")),
        "{out:#?}"
    );
    assert!(
        out.iter()
            .any(|l| l.starts_with(&format!("shared/two/{DS_PATH}:"))),
        "{out:#?}"
    );
    assert!(out.iter().all(|l| !l.starts_with('/')), "{out:#?}");
}

/// A folder below the checked one that holds a `diagnose.toml` is a stack root: checked on
/// its own, with its configuration (as `--changed` does), whose paths are relative to it.
#[test]
fn a_nested_diagnose_toml_is_a_stack_with_its_configuration() {
    let d = tempfile::tempdir().unwrap();
    for s in ["a", "b", "c"] {
        write(d.path(), &format!("{s}/docker-compose.yml"), COMPOSE);
        write(d.path(), &format!("{s}/{DS_PATH}"), DS_BROKEN);
    }
    write(
        d.path(),
        "b/diagnose.toml",
        "ignore = [\"localhost-in-container-url\"]\n",
    );
    write(
        d.path(),
        "c/diagnose.toml",
        &format!("[[per-path-ignores]]\npaths = [\"{DS_PATH}\"]\nrules = [\"NET001\"]\n"),
    );
    let net001 = |lines: &[String]| -> Vec<String> {
        lines
            .iter()
            .filter(|l| l.contains("NET001"))
            .map(|l| l.split(':').next().unwrap().to_string())
            .collect()
    };
    let all = lines(d.path(), &["--select", "NET001"]);
    assert_eq!(net001(&all), vec![format!("a/{DS_PATH}")], "{all:#?}");
    // Without configuration files, b and c are like a.
    let none = short(d.path(), &["--select", "NET001"]);
    assert_eq!(net001(&none).len(), 3, "{none:#?}");
    // Several folders: each prefix carries its configuration's paths.
    let both = lines(d.path(), &["--select", "NET001", "a", "c"]);
    assert_eq!(net001(&both), vec![format!("a/{DS_PATH}")], "{both:#?}");
}

/// `DIAGNOSE_TIMINGS=1` prints the wall time of each phase on standard error, in the order
/// the phases run, and changes nothing else; without it, nothing is printed.
#[test]
fn timings_are_printed_on_request_only() {
    let d = tree();
    let args = ["check", "shared", "--format", "short"];
    let plain = run(d.path(), &args);
    assert!(!plain.stderr.contains("timing:"), "{}", plain.stderr);
    let o = run_env(d.path(), &args, &[("DIAGNOSE_TIMINGS", "1")]);
    assert_eq!(o.stdout, plain.stdout);
    assert_eq!(o.code, plain.code);
    let stderr = o.stderr;
    let phases: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("timing: "))
        .map(|l| l.split_whitespace().next().unwrap_or(""))
        .collect();
    // Two stacks side by side: the folder is split, so its passes run.
    assert_eq!(
        phases,
        [
            "start",
            "walk",
            "read",
            "parse",
            "partition",
            "passes",
            "labels",
            "lines",
            "output"
        ],
        "{stderr}"
    );
    assert_eq!(
        stderr
            .lines()
            .filter(|l| !l.starts_with("timing: "))
            .collect::<Vec<_>>(),
        plain.stderr.lines().collect::<Vec<_>>()
    );
}
