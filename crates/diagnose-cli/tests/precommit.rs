//! The pre-commit hook, for real: pre-commit (from PyPI) installs the hook from a clone
//! of this repository's HEAD with its `language: rust` support (`cargo install --path .`,
//! a release build), then blocks the commit of a broken stack and lets the fixed one
//! through, and `pre-commit try-repo` reports a cross-file problem when only one file of
//! the stack is passed.
//!
//! Slow (a release build): it runs in CI (`CI` set) or with `DIAGNOSE_TEST_PRECOMMIT=1`,
//! and needs `pre-commit` (`pip install pre-commit`).

mod common;
use common::*;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Instant;

fn sh(dir: &Path, prog: &str, args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut c = Command::new(prog);
    c.args(args).current_dir(dir);
    for (k, v) in envs {
        c.env(k, v);
    }
    c.env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("{prog}: {e}"))
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn git(dir: &Path, args: &[&str]) -> Output {
    let o = sh(dir, "git", args, &[]);
    assert!(o.status.success(), "git {args:?}: {}", text(&o));
    o
}

#[test]
fn precommit_blocks_a_broken_stack_and_passes_a_fixed_one() {
    if std::env::var_os("CI").is_none() && std::env::var_os("DIAGNOSE_TEST_PRECOMMIT").is_none() {
        eprintln!("skipped: the pre-commit test runs in CI or with DIAGNOSE_TEST_PRECOMMIT=1");
        return;
    }
    let precommit = Command::new("pre-commit").arg("--version").output();
    if !precommit.as_ref().is_ok_and(|o| o.status.success()) {
        panic!("pre-commit is not installed: `pip install pre-commit`");
    }
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| {
        repo_root()
            .join("target/precommit-install")
            .to_string_lossy()
            .into_owned()
    });
    let envs = [
        ("PRE_COMMIT_HOME", cache.to_str().unwrap()),
        ("CARGO_TARGET_DIR", target.as_str()),
    ];

    // The hook repository: a clone of this repository's HEAD.
    let hooks = tmp.path().join("hooks");
    let o = sh(
        tmp.path(),
        "git",
        &[
            "clone",
            "--quiet",
            repo_root().to_str().unwrap(),
            hooks.to_str().unwrap(),
        ],
        &[],
    );
    assert!(o.status.success(), "{}", text(&o));
    let rev = String::from_utf8(git(&hooks, &["rev-parse", "HEAD"]).stdout).unwrap();
    let rev = rev.trim();

    // The project: a compose stack whose Grafana datasource uses localhost (NET001).
    let project = tmp.path().join("project");
    std::fs::create_dir_all(&project).unwrap();
    git(&project, &["init", "--quiet"]);
    write(&project, "docker-compose.yml", COMPOSE);
    write(&project, DS_PATH, DS_BROKEN);
    write(
        &project,
        "README.md",
        "# Not checked by the `diagnose` hook\n",
    );
    write(
        &project,
        ".pre-commit-config.yaml",
        &format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: diagnose\n",
            hooks.display()
        ),
    );
    git(&project, &["add", "-A"]);

    // try-repo with only the datasource: the compose file is still the context.
    let started = Instant::now();
    let o = sh(
        &project,
        "pre-commit",
        &[
            "try-repo",
            hooks.to_str().unwrap(),
            "diagnose",
            "--files",
            DS_PATH,
        ],
        &envs,
    );
    eprintln!(
        "pre-commit try-repo (hook install: cargo install --path . in release) took {:.0?}",
        started.elapsed()
    );
    let out = text(&o);
    assert!(
        !o.status.success(),
        "try-repo passed a broken stack:\n{out}"
    );
    assert!(out.contains("error[NET001]"), "{out}");
    assert!(out.contains(&format!("--> {DS_PATH}:7:18")), "{out}");

    // A real commit with the hook installed.
    let o = sh(&project, "pre-commit", &["install"], &envs);
    assert!(o.status.success(), "{}", text(&o));
    let started = Instant::now();
    let o = sh(&project, "git", &["commit", "-m", "broken stack"], &envs);
    eprintln!("git commit with the hook took {:.0?}", started.elapsed());
    let out = text(&o);
    assert!(
        !o.status.success(),
        "the commit of a broken stack went through:\n{out}"
    );
    assert!(out.contains("error[NET001]"), "{out}");
    assert!(
        sh(&project, "git", &["rev-parse", "--verify", "HEAD"], &[])
            .status
            .code()
            != Some(0),
        "a commit was made"
    );

    // Fixed: the commit goes through.
    write(&project, DS_PATH, DS_FIXED);
    git(&project, &["add", "-A"]);
    let o = sh(&project, "git", &["commit", "-m", "fixed stack"], &envs);
    let out = text(&o);
    assert!(
        o.status.success(),
        "the commit of a fixed stack was blocked:\n{out}"
    );
    assert!(out.contains("diagnose") && out.contains("Passed"), "{out}");
    git(&project, &["rev-parse", "--verify", "HEAD"]);
}
