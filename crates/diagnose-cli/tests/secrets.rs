//! The real binary never prints a planted secret, in any output format it offers (the
//! list is read from `--help`, so a format added later is covered too) and either
//! language.

use std::path::{Path, PathBuf};
use std::process::Command;

const MARKER: &str = "hunter2-secret-";
const BASE64: &str = "aHVudGVyMi1zZWNyZXQtYmFzZTY0";

/// tests/fixtures/secrets at the root of the repository (the CLI's manifest is the root
/// one; look upwards to be independent of where it sits).
fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|d| d.join("tests/fixtures/secrets"))
        .find(|p| p.is_dir())
        .expect("tests/fixtures/secrets")
}

fn diagnose() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_diagnose"));
    c.env_remove("LANG")
        .env_remove("LC_ALL")
        .env("NO_COLOR", "1");
    c
}

/// The values of `--format` listed by `diagnose check --help` (either clap layout:
/// `[possible values: a, b]` or a `Possible values:` list of `- a` lines).
fn formats() -> Vec<String> {
    let out = diagnose().args(["check", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    let at = help.find("--format").expect("--format in help");
    let rest = &help[at..];
    // Up to the next option (a line starting with `--` or `-x`).
    let mut end = rest.len();
    let mut off = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        let t = line.trim_start();
        if i > 0
            && (t.starts_with("--")
                || (t.starts_with('-')
                    && t.as_bytes().get(1).is_some_and(|b| b.is_ascii_alphabetic())))
        {
            end = off;
            break;
        }
        off += line.len();
    }
    let section = &rest[..end];
    if let Some(list) = section
        .split("[possible values: ")
        .nth(1)
        .and_then(|r| r.split(']').next())
    {
        return list.split(',').map(|s| s.trim().to_string()).collect();
    }
    section
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- "))
        .map(|v| v.split(':').next().unwrap().trim().to_string())
        .collect()
}

#[test]
fn no_output_format_prints_a_secret() {
    let formats = formats();
    assert!(formats.len() >= 4, "{formats:?}");
    let dir = fixture();
    for format in &formats {
        for lang in ["en", "fr"] {
            let out = diagnose()
                .args(["--lang", lang, "check", "--format", format, "--no-config"])
                .arg(&dir)
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.code().is_some_and(|c| c <= 1),
                "{format}: {stderr}"
            );
            assert!(!stdout.trim().is_empty(), "{format} printed nothing");
            for (what, text) in [("stdout", &stdout), ("stderr", &stderr)] {
                assert!(
                    !text.contains(MARKER) && !text.contains(BASE64),
                    "--format {format} --lang {lang} prints a secret on {what}:\n{text}"
                );
            }
        }
    }
}

#[test]
fn fix_diffs_do_not_show_secrets() {
    // `--diff` prints the lines around each fix (the datasource URL with a password).
    for extra in [&["--diff"][..], &["--diff", "--unsafe-fixes"][..]] {
        let out = diagnose()
            .args(["check", "--no-config"])
            .args(extra)
            .arg(fixture())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stdout.contains(MARKER) && !stderr.contains(MARKER),
            "{extra:?}:\n{stdout}\n{stderr}"
        );
    }
}

#[test]
fn the_human_output_shows_masked_snippets() {
    // The stack has diagnostics on lines that hold secrets (a datasource URL with a
    // password that points at localhost from a container): the snippet is shown, masked.
    let out = diagnose()
        .args(["check", "--format", "human", "--no-config"])
        .arg(fixture())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("http://admin:*"), "{stdout}");
    assert!(!stdout.contains(MARKER), "{stdout}");
}

#[test]
fn standard_input_is_masked_too() {
    let text =
        std::fs::read_to_string(fixture().join("grafana/provisioning/datasources/datasource.yml"))
            .unwrap();
    let mut child = diagnose()
        .args([
            "check",
            "-",
            "--stdin-filename",
            "grafana/provisioning/datasources/datasource.yml",
            "--format",
            "json",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("\"version\""), "{stdout}");
    assert!(!stdout.contains(MARKER), "{stdout}");
}
