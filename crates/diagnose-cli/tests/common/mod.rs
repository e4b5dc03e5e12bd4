//! Helpers for the CLI's integration tests: they run the real `diagnose` binary on stacks
//! written to temporary folders.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_diagnose"))
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `diagnose ARGS` in `dir`, in English, without colours.
pub fn run(dir: &Path, args: &[&str]) -> Out {
    run_env(dir, args, &[])
}

/// [`run`], with the variables `env` set as well.
pub fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Out {
    let o = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("DIAGNOSE_DOCS_URL")
        .env_remove("DIAGNOSE_TIMINGS")
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .output()
        .expect("run diagnose");
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

pub fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

pub fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

pub const COMPOSE: &str = "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n  grafana:\n    image: grafana/grafana:11.2.0\n    environment:\n      GF_SECURITY_ADMIN_PASSWORD__FILE: /run/secrets/admin\n    volumes:\n      - ./grafana/provisioning:/etc/grafana/provisioning\n";

pub const DS_PATH: &str = "grafana/provisioning/datasources/prometheus.yml";

/// A datasource that uses `localhost` from the Grafana container (NET001, safe fix).
pub const DS_BROKEN: &str = "# Datasources provisioned at start-up\napiVersion: 1\ndatasources:\n  - name: Prometheus   # the main one\n    type: prometheus\n    access: proxy\n    url: 'http://localhost:9090'  # keep this comment\n";

pub const DS_FIXED: &str = "# Datasources provisioned at start-up\napiVersion: 1\ndatasources:\n  - name: Prometheus   # the main one\n    type: prometheus\n    access: proxy\n    url: 'http://prometheus:9090'  # keep this comment\n";

/// A stack with a NET001 problem in a temporary folder.
pub fn broken_stack() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "docker-compose.yml", COMPOSE);
    write(d.path(), DS_PATH, DS_BROKEN);
    d
}

/// Whether Python with the given module is available; in CI its absence is a failure.
pub fn python_module(module: &str) -> bool {
    let ok = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok && std::env::var_os("CI").is_some() {
        panic!("python3 module `{module}` is missing: `pip install {module}` (CI installs it in .ci/run)");
    }
    if !ok {
        eprintln!("skipped: python3 module `{module}` is not installed (`pip install {module}`)");
    }
    ok
}
