//! The five seed stacks (tests/fixtures/seeds/<seed>/{broken,fixed}): the full human
//! output of the broken state is snapshotted, French reports the same diagnostics as
//! English, and the fixed state has no error and no warning.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const SEEDS: &[&str] = &["esxi", "flask", "microk8s", "taskflow", "ticketing"];

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds")
}

fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_diagnose"))
        .arg("check")
        .arg(dir)
        .args(args)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

fn keys(json: &str) -> Vec<(String, String, u64, u64, String)> {
    let v: Value = serde_json::from_str(json).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn broken_seed_stacks_snapshot() {
    for seed in SEEDS {
        let dir = seeds_dir().join(seed).join("broken");
        let (code, out) = run(&dir, &["--format", "human"]);
        assert_eq!(code, Some(1), "{seed}: the broken stack must fail\n{out}");
        insta::assert_snapshot!(format!("{seed}_broken"), out);
    }
}

#[test]
fn french_reports_the_same_diagnostics() {
    for seed in SEEDS {
        let dir = seeds_dir().join(seed).join("broken");
        let (_, en) = run(&dir, &["--format", "json", "--lang", "en"]);
        let (_, fr) = run(&dir, &["--format", "json", "--lang", "fr"]);
        assert_eq!(keys(&en), keys(&fr), "{seed}");
        let v: Value = serde_json::from_str(&fr).unwrap();
        for d in v["diagnostics"].as_array().unwrap() {
            let m = d["message"].as_str().unwrap();
            let en_v: Value = serde_json::from_str(&en).unwrap();
            let same = en_v["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["message"] == m && e["code"] == d["code"]);
            assert!(!same, "{seed}: message not translated: {m}");
        }
    }
}

#[test]
fn fixed_seed_stacks_have_no_error_or_warning() {
    for seed in SEEDS {
        let dir = seeds_dir().join(seed).join("fixed");
        let (code, out) = run(&dir, &["--format", "short", "--fail-on", "warning"]);
        assert_eq!(code, Some(0), "{seed}/fixed:\n{out}");
    }
}
