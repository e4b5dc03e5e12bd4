//! Differential test against `promtool` (Debian's `prometheus` package, 2.42): for every
//! rule file and Prometheus config of `../shared/corpus` and `tests/fixtures`, diagnose
//! must report an error exactly when promtool rejects the file, except for the
//! disagreements listed (and explained) below.
//!
//! Skips with a message when promtool cannot be found or installed, or when the corpus is
//! absent (the fixtures are still compared).

use diagnose_core::workspace::Kind;
use diagnose_core::{check, Input, Options, Severity, Workspace};
use diagnose_tests::repo_root;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Rule files where diagnose and promtool 2.42 disagree on purpose: (path suffix, reason).
const RULE_EXCEPTIONS: &[(&str, &str)] = &[
    (
        "prometheus__prometheus/model/rulefmt/testdata/utf-8_annotation.good.yaml",
        "UTF-8 annotation name: valid since Prometheus 3.0 (warning only)",
    ),
    (
        "prometheus__prometheus/model/rulefmt/testdata/utf-8_lname.good.yaml",
        "UTF-8 label name: valid since Prometheus 3.0 (warning only)",
    ),
    (
        "prometheus__prometheus/model/rulefmt/testdata/legacy_validation_annotation.bad.yaml",
        "bad only under the legacy name validation scheme; Prometheus 3 accepts it (warning only)",
    ),
    (
        "prometheus__prometheus/model/rulefmt/testdata/invalid_record_name.bad.yaml",
        "record name valid only under Prometheus 3's UTF-8 names (warning only); bad under the legacy scheme",
    ),
    (
        "VictoriaMetrics__VictoriaMetrics/deployment/docker/rules/alerts-cluster.yml",
        "vmalert rule file (group key `concurrency`, MetricsQL): not meant for Prometheus",
    ),
    (
        "VictoriaMetrics__VictoriaMetrics/deployment/docker/rules/alerts-single-node.yml",
        "vmalert rule file (group key `concurrency`, MetricsQL): not meant for Prometheus",
    ),
    (
        "VictoriaMetrics__VictoriaMetrics/deployment/docker/rules/alerts-vmagent.yml",
        "vmalert rule file (group key `concurrency`, MetricsQL): not meant for Prometheus",
    ),
];

/// Configs where diagnose reports an error and Debian's promtool 2.42 accepts: each is
/// rejected by current Prometheus (the corpus's prometheus/prometheus is at d15adb9, whose
/// own testdata names them `.bad.yml`), a check added after 2.42.
const NEWER_CHECK: &str = "rejected by current Prometheus (its own testdata marks it bad); the check came after Debian's 2.42";
const CONFIG_FALSE_ERRORS: &[(&str, &str)] = &[
    ("docker__awesome-compose/prometheus-grafana/prometheus/prometheus.yml", "Alertmanager `api_version: v1` was removed in Prometheus 3.0 (prometheus#13883) and the image is untagged (latest = 3.x); 2.42 still accepts it"),
    ("prometheus__prometheus/config/testdata/config_with_deprecated_am_api_config.yml", "Alertmanager `api_version: v1` was removed in Prometheus 3.0 (prometheus#13883); 2.42 still accepts it"),
    ("prometheus__prometheus/config/testdata/azure_bearertoken_basicauth.bad.yml", NEWER_CHECK),
    ("prometheus__prometheus/config/testdata/ec2_token_file.bad.yml", NEWER_CHECK),
    ("prometheus__prometheus/config/testdata/http_token_file.bad.yml", NEWER_CHECK),
    ("prometheus__prometheus/config/testdata/lightsail_token_file.bad.yml", NEWER_CHECK),
    ("prometheus__prometheus/config/testdata/puppetdb_token_file.bad.yml", NEWER_CHECK),
    ("prometheus__prometheus/config/testdata/uyuni_token_file.bad.yml", NEWER_CHECK),
    ("prometheus__prometheus/config/testdata/remote_write_queue_capacity_zero.bad.yml", NEWER_CHECK),
    ("prometheus__prometheus/config/testdata/remote_write_queue_max_backoff_less_than_min.bad.yml", NEWER_CHECK),
    ("prometheus__prometheus/config/testdata/remote_write_queue_max_samples_per_send_zero.bad.yml", NEWER_CHECK),
    ("prometheus__prometheus/config/testdata/remote_write_queue_max_shards_zero.bad.yml", NEWER_CHECK),
    ("prometheus__prometheus/config/testdata/remote_write_queue_min_shards_greater_than_max.bad.yml", NEWER_CHECK),
    ("prometheus__prometheus/config/testdata/remote_write_queue_min_shards_zero.bad.yml", NEWER_CHECK),
];

fn promtool() -> Option<PathBuf> {
    let find = || {
        ["/usr/bin/promtool", "/usr/local/bin/promtool"]
            .iter()
            .map(PathBuf::from)
            .find(|p| p.exists())
    };
    if let Some(p) = find() {
        return Some(p);
    }
    // Try the Debian package (as the harness would); fine to fail without root or network.
    let install = || {
        Command::new("apt-get")
            .args(["install", "-y", "-qq", "prometheus"])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !install() {
        let _ = Command::new("apt-get").args(["update", "-qq"]).output();
        install();
    }
    find()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else if let Some(ext) = p.extension().and_then(|e| e.to_str()) {
            if matches!(ext, "yml" | "yaml" | "json" | "rules") {
                out.push(p);
            }
        }
    }
}

#[derive(PartialEq, Clone, Copy, Debug)]
enum What {
    Rules,
    Config,
}

/// What promtool would be asked about this file, judged from diagnose's own reading.
fn classify(rel: &str, text: &str) -> Option<What> {
    if rel.ends_with(".rules") {
        return Some(What::Rules);
    }
    let ws = Workspace::new(vec![Input::new(rel, text)]);
    let top = |k: Kind| {
        ws.docs
            .iter()
            .any(|d| d.kind == k && ws.file(d.file).origin.is_none())
    };
    let k8s = ws.docs.iter().any(|d| d.kind == Kind::Kubernetes);
    if k8s {
        return None;
    }
    if top(Kind::PrometheusRules) {
        return Some(What::Rules);
    }
    if top(Kind::PrometheusConfig) {
        return Some(What::Config);
    }
    None
}

fn promtool_accepts(promtool: &Path, what: What, file: &Path) -> (bool, String) {
    let mut cmd = Command::new(promtool);
    match what {
        What::Rules => cmd.args(["check", "rules"]).arg(file),
        // `--syntax-only`: do not require the rule and credential files it names.
        What::Config => cmd.args(["check", "config", "--syntax-only"]).arg(file),
    };
    let out = cmd.output().expect("run promtool");
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

/// Error-level diagnostics on the file, checked alone.
fn diagnose_errors(rel: &str, text: &str) -> Vec<String> {
    let report = check(vec![Input::new(rel, text)], &Options::default());
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {}", d.code, d.message.render(diagnose_core::Lang::En)))
        .collect()
}

#[test]
fn diagnose_agrees_with_promtool() {
    let Some(promtool) = promtool() else {
        eprintln!("SKIPPED: promtool not found and `apt-get install prometheus` failed");
        return;
    };
    let root = repo_root();
    let mut roots = vec![(root.join("tests/fixtures"), "tests/fixtures".to_string())];
    let corpus = root.join("../shared/corpus");
    if corpus.is_dir() {
        roots.push((corpus, String::new()));
    } else {
        eprintln!(
            "corpus not found at {}: comparing the fixtures only",
            corpus.display()
        );
    }
    let mut stats = [(0usize, 0usize), (0, 0)]; // (files, agreements) for rules, configs
    let mut failures = Vec::new();
    let mut notes = Vec::new();
    for (dir, prefix) in roots {
        let mut files = Vec::new();
        walk(&dir, &mut files);
        for path in files {
            let rel = path
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let shown = if prefix.is_empty() {
                rel.clone()
            } else {
                format!("{prefix}/{rel}")
            };
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let Some(what) = classify(&rel, &text) else {
                continue;
            };
            let (accepts, out) = promtool_accepts(&promtool, what, &path);
            let errors = diagnose_errors(&rel, &text);
            let agree = accepts == errors.is_empty();
            let slot = if what == What::Rules { 0 } else { 1 };
            stats[slot].0 += 1;
            if agree {
                stats[slot].1 += 1;
                continue;
            }
            let first_line = out
                .lines()
                .find(|l| l.contains(':') && !l.starts_with("Checking"))
                .unwrap_or("")
                .trim()
                .to_string();
            let line = format!(
                "{shown}: promtool {} / diagnose {} [{}] [{}]",
                if accepts { "accepts" } else { "rejects" },
                if errors.is_empty() {
                    "no error"
                } else {
                    "error"
                },
                errors.first().map(String::as_str).unwrap_or(""),
                first_line
            );
            let excused = match what {
                What::Rules => RULE_EXCEPTIONS.iter().find(|(p, _)| shown.ends_with(p)),
                // Structural config errors belong to `invalid-prometheus-config`; only
                // false errors (diagnose rejects, promtool accepts) fail here.
                What::Config if !accepts => {
                    notes.push(format!("not detected (config structure): {line}"));
                    continue;
                }
                What::Config => CONFIG_FALSE_ERRORS.iter().find(|(p, _)| shown.ends_with(p)),
            };
            match excused {
                Some((_, why)) => notes.push(format!("justified: {line} — {why}")),
                None => failures.push(line),
            }
        }
    }
    let pct = |(n, a): (usize, usize)| {
        if n == 0 {
            100.0
        } else {
            100.0 * a as f64 / n as f64
        }
    };
    eprintln!(
        "promtool agreement: rule files {}/{} ({:.1} %), configs {}/{} ({:.1} %)",
        stats[0].1,
        stats[0].0,
        pct(stats[0]),
        stats[1].1,
        stats[1].0,
        pct(stats[1])
    );
    for n in &notes {
        eprintln!("  {n}");
    }
    assert!(
        failures.is_empty(),
        "unexplained disagreements with promtool:\n{}",
        failures.join("\n")
    );
}
