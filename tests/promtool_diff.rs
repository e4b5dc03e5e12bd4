//! Differential tests of diagnose's verdict on Prometheus files (an error, or none)
//! against two oracles, on every rule file and Prometheus config of `../shared/corpus`
//! and `tests/fixtures`:
//!
//! 1. **promtool 2.42** (Debian's `prometheus` package, installed if missing): each file
//!    is checked inside a stack whose Prometheus runs `prom/prometheus:v2.42.0`, so that
//!    diagnose judges it by the same release as the promtool it is compared with. Where
//!    they disagree, the reason must be one this test can verify (a service discovery
//!    left out of Debian's build, …) or one listed below with its explanation.
//! 2. **Current Prometheus' own test data**: `config/testdata` and
//!    `model/rulefmt/testdata` of prometheus/prometheus name each file `.good`, `.bad` or
//!    `.incompatible` by what its test suite expects; diagnose, told no release, judges
//!    by the newest and must agree.
//!
//! Both print their agreement figures. Skips with a message when promtool cannot be
//! found or installed (test 1), or when the corpus is absent (test 2; test 1 then
//! compares the fixtures only).

use diagnose_core::rules::prometheus::version;
use diagnose_core::workspace::Kind;
use diagnose_core::Render;
use diagnose_core::{check, Input, Options, Severity, Workspace};
use diagnose_tests::repo_root;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The release of Debian 12's promtool; test 1 pins the stack to it.
const PROMTOOL_RELEASE: (u32, u32) = (2, 42);
const PINNED_IMAGE: &str = "prom/prometheus:v2.42.0";

/// Files of Prometheus' test data whose name does not give the verdict diagnose can
/// reach, each explained.
const TESTDATA_EXCEPTIONS: &[(&str, &str)] = &[
    (
        "model/rulefmt/testdata/invalid_record_name.bad.yaml",
        "bad only under the legacy name validation that the test selects; Prometheus 3 accepts the UTF-8 name (diagnose warns that 2.x refuses it)",
    ),
    (
        "model/rulefmt/testdata/legacy_validation_annotation.bad.yaml",
        "bad only under the legacy name validation that the test selects; Prometheus 3 accepts it (diagnose warns)",
    ),
    (
        "config/testdata/static_config.bad.yml",
        "not a configuration file: the test unmarshals it into one `static_configs` entry",
    ),
    (
        "config/testdata/unknown_global_attr.bad.yml",
        "holds nothing but `global: {nonexistent_field: …}`: nothing says it is a Prometheus configuration rather than an Alertmanager one, so diagnose does not read it as one",
    ),
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
    if ws.docs.iter().any(|d| d.kind == Kind::Kubernetes) {
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

fn run_promtool(promtool: &Path, what: What, file: &Path) -> (bool, String) {
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

/// Error-level diagnostics in the files `mine` (paths among `inputs`), from the rules
/// about the files themselves (Prometheus, PromQL, parsing): the oracles read one file
/// and know nothing of the network or the containers around it.
fn errors_in(inputs: Vec<Input>, mine: &[String]) -> Vec<String> {
    // The oracles judge a file's text, wherever it lies: a file under `testdata/` is read
    // as if it were elsewhere (its mounts and references renamed alike), or diagnose would
    // show its findings as infos (test inputs).
    let neutral = |p: &str| {
        ["testdata/", "fixtures/", "tests/", "test/", "spec/"]
            .iter()
            .fold(p.to_string(), |p, d| {
                p.replace(d, &d.replace('e', "3").replace('i', "1"))
            })
    };
    let inputs = inputs
        .into_iter()
        .map(|i| Input::new(neutral(&i.path), neutral(&i.text)))
        .collect();
    let mine: Vec<String> = mine.iter().map(|p| neutral(p)).collect();
    let report = check(inputs, &Options::default());
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter(|d| {
            ["PROM", "PQL", "DIAG"]
                .iter()
                .any(|p| d.code.starts_with(p))
        })
        .filter(|d| mine.contains(&report.file(d.primary.file).path))
        .map(|d| format!("{} {}", d.code, d.message.render(diagnose_core::Lang::En)))
        .collect()
}

/// The file, mounted into a Prometheus container of the pinned release.
fn pinned_stack(rel: &str, text: &str, what: What) -> Vec<Input> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let target = match what {
        What::Config => "/etc/prometheus/prometheus.yml".to_string(),
        What::Rules => format!("/etc/prometheus/rules/{name}"),
    };
    let compose = format!(
        "services:\n  prometheus:\n    image: {PINNED_IMAGE}\n    volumes:\n      - ./{rel}:{target}\n"
    );
    vec![Input::new("compose.yaml", &compose), Input::new(rel, text)]
}

/// promtool's complaints that only say a `<name>_sd_configs` key is unknown.
fn unknown_sd_fields(out: &str) -> Option<Vec<String>> {
    let lines: Vec<&str> = out
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("line ") && l.contains(" not found in type "))
        .collect();
    if lines.is_empty() || !out.contains("yaml: unmarshal errors:") {
        return None;
    }
    let mut sds = Vec::new();
    for l in lines {
        let field = l.split("field ").nth(1)?.split(' ').next()?;
        if !field.ends_with("_sd_configs") || !l.ends_with("type config.ScrapeConfig") {
            return None;
        }
        if !sds.iter().any(|s| s == field) {
            sds.push(field.to_string());
        }
    }
    // Any other line of promtool's answer that reports a problem.
    let other = out.lines().map(str::trim).any(|l| {
        !l.is_empty()
            && !l.starts_with("Checking")
            && !l.starts_with("line ")
            && !l.starts_with("FAILED: parsing YAML file")
    });
    (!other).then_some(sds)
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
    // (files, agreements) for rule files and configs.
    let mut stats = [(0usize, 0usize), (0, 0)];
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
            let (accepts, out) = run_promtool(&promtool, what, &path);
            let errors = errors_in(pinned_stack(&rel, &text, what), std::slice::from_ref(&rel));
            let slot = usize::from(what == What::Config);
            stats[slot].0 += 1;
            if accepts == errors.is_empty() {
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
                    "accepts"
                } else {
                    "rejects"
                },
                errors.first().map(String::as_str).unwrap_or(""),
                first_line
            );
            // Debian builds Prometheus without several service discoveries: its promtool
            // refuses keys that the 2.42 release accepts (knowledge/FACTS.md).
            if !accepts && errors.is_empty() {
                if let Some(sds) = unknown_sd_fields(&out) {
                    let in_release = sds.iter().all(|sd| {
                        version::key_since("scrape_configs", sd)
                            .is_none_or(|since| since <= PROMTOOL_RELEASE)
                    });
                    if in_release {
                        notes.push(format!(
                            "justified: {line} — {} exist in Prometheus 2.42 but not in Debian's build",
                            sds.join(", ")
                        ));
                        continue;
                    }
                }
            }
            // Any other difference is unexplained.
            failures.push(line);
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
        "promtool 2.42 agreement (stack pinned to {PINNED_IMAGE}): rule files {}/{} ({:.1} %), configs {}/{} ({:.1} %); {} differences from Debian's build without some service discoveries",
        stats[0].1,
        stats[0].0,
        pct(stats[0]),
        stats[1].1,
        stats[1].0,
        pct(stats[1]),
        notes.len(),
    );
    finish(&notes, &failures, "promtool", &[]);
}

/// The verdict Prometheus' test suite expects, from the file name.
fn expected_verdict(name: &str) -> Option<bool> {
    if name.contains(".good.") {
        Some(true)
    } else if name.contains(".bad.") || name.contains(".incompatible.") {
        Some(false)
    } else {
        None
    }
}

/// The file and the sibling files its `scrape_config_files` names (Prometheus resolves
/// them against the config's folder).
fn with_includes(dir: &Path, name: &str, text: &str) -> Vec<Input> {
    let mut inputs = vec![Input::new(name, text)];
    let ws = Workspace::new(vec![Input::new(name, text)]);
    let patterns: Vec<String> = ws
        .docs
        .iter()
        .filter(|d| d.kind == Kind::PrometheusConfig)
        .flat_map(|d| {
            d.root
                .get("scrape_config_files")
                .map(|n| n.items().to_vec())
                .unwrap_or_default()
        })
        .filter_map(|n| n.as_str().map(str::to_string))
        .collect();
    if patterns.is_empty() {
        return inputs;
    }
    let mut siblings: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    // Globs may reach into sub-folders (`scrape_configs/*.yml`).
    let mut deeper = Vec::new();
    for s in &siblings {
        if s.is_dir() {
            walk(s, &mut deeper);
        }
    }
    siblings.extend(deeper);
    for s in siblings {
        let Ok(rel) = s.strip_prefix(dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel == name
            || !patterns
                .iter()
                .any(|p| diagnose_core::glob::glob_match(p, &rel))
        {
            continue;
        }
        if let Ok(t) = std::fs::read_to_string(&s) {
            inputs.push(Input::new(&rel, &t));
        }
    }
    inputs
}

#[test]
fn diagnose_agrees_with_prometheus_testdata() {
    let corpus = repo_root().join("../shared/corpus/prometheus__prometheus");
    if !corpus.is_dir() {
        eprintln!("SKIPPED: {} not found", corpus.display());
        return;
    }
    let mut total = 0usize;
    let mut agree = 0usize;
    let mut failures = Vec::new();
    let mut notes = Vec::new();
    for sub in ["config/testdata", "model/rulefmt/testdata"] {
        let dir = corpus.join(sub);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .expect("testdata folder")
            .flatten()
            .filter(|e| e.path().is_file())
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        for name in names {
            let Some(good) = expected_verdict(&name) else {
                continue;
            };
            let Ok(text) = std::fs::read_to_string(dir.join(&name)) else {
                continue;
            };
            let inputs = with_includes(&dir, &name, &text);
            // Prometheus fails to load the file when any file it includes is bad.
            let mine: Vec<String> = inputs.iter().map(|i| i.path.clone()).collect();
            let errors = errors_in(inputs, &mine);
            total += 1;
            if good == errors.is_empty() {
                agree += 1;
                continue;
            }
            let rel = format!("{sub}/{name}");
            let line = format!(
                "{rel}: Prometheus' tests expect it {} / diagnose {} [{}]",
                if good { "valid" } else { "refused" },
                if errors.is_empty() {
                    "accepts"
                } else {
                    "rejects"
                },
                errors.first().map(String::as_str).unwrap_or("")
            );
            match TESTDATA_EXCEPTIONS.iter().find(|(p, _)| *p == rel) {
                Some((_, why)) => notes.push(format!("justified: {line} — {why}")),
                None => failures.push(line),
            }
        }
    }
    eprintln!(
        "agreement with Prometheus' own test data: {agree}/{total} ({:.1} %), {} listed exceptions",
        100.0 * agree as f64 / total.max(1) as f64,
        notes.len()
    );
    finish(
        &notes,
        &failures,
        "Prometheus' test data",
        TESTDATA_EXCEPTIONS,
    );
}

/// Prints the justified differences; fails on unexplained ones, and on listed exceptions
/// that no difference needs any more.
fn finish(notes: &[String], failures: &[String], oracle: &str, exceptions: &[(&str, &str)]) {
    for n in notes {
        eprintln!("  {n}");
    }
    assert!(
        failures.is_empty(),
        "unexplained disagreements with {oracle}:\n{}",
        failures.join("\n")
    );
    for (p, _) in exceptions {
        assert!(
            notes.iter().any(|n| n.contains(p)),
            "exception no longer needed: {p}"
        );
    }
}
