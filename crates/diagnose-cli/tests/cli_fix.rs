//! `--fix` and `--diff` on real files in temporary folders.

mod common;
use common::*;

#[test]
fn check_and_diff_never_write() {
    let d = broken_stack();
    for args in [
        vec!["check", "."],
        vec!["check", ".", "--format", "json"],
        vec!["check", ".", "--format", "sarif"],
        vec!["check", ".", "--diff"],
    ] {
        let o = run(d.path(), &args);
        assert_eq!(o.code, 1, "{args:?}: {}", o.stderr);
        assert_eq!(read(d.path(), DS_PATH), DS_BROKEN, "{args:?} wrote a file");
        assert_eq!(read(d.path(), "docker-compose.yml"), COMPOSE);
    }
}

#[test]
fn diff_is_a_unified_diff_of_the_fix() {
    let d = broken_stack();
    let o = run(d.path(), &["check", ".", "--diff"]);
    assert_eq!(o.code, 1);
    assert_eq!(
        o.stdout,
        format!(
            "--- a/{DS_PATH}\n+++ b/{DS_PATH}\n@@ -4,4 +4,4 @@\n   - name: Prometheus   # the main one\n     type: prometheus\n     access: proxy\n-    url: 'http://localhost:9090'  # keep this comment\n+    url: 'http://prometheus:9090'  # keep this comment\n"
        )
    );
    assert!(
        o.stderr.contains("1 problem can be fixed in 1 file "),
        "{}",
        o.stderr
    );
}

#[test]
fn fix_writes_keeps_comments_and_converges() {
    let d = broken_stack();
    let o = run(d.path(), &["check", ".", "--fix"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains("fixed 1 problem in 1 file\n"),
        "{}",
        o.stderr
    );
    assert_eq!(read(d.path(), DS_PATH), DS_FIXED);
    assert_eq!(read(d.path(), "docker-compose.yml"), COMPOSE);
    // The fixed stack is clean, and fixing again changes nothing.
    assert_eq!(run(d.path(), &["check", "."]).code, 0);
    let again = run(d.path(), &["check", ".", "--fix"]);
    assert_eq!(again.code, 0);
    assert!(
        again.stderr.contains("fixed 0 problems in 0 files"),
        "{}",
        again.stderr
    );
    assert_eq!(read(d.path(), DS_PATH), DS_FIXED);
    let diff = run(d.path(), &["check", ".", "--diff"]);
    assert_eq!((diff.code, diff.stdout.as_str()), (0, ""));
}

#[test]
fn files_with_a_parse_error_are_never_fixed() {
    let d = broken_stack();
    let broken = format!("{DS_BROKEN}  - name: [unclosed\n");
    write(d.path(), DS_PATH, &broken);
    let o = run(d.path(), &["check", ".", "--fix"]);
    assert_eq!(o.code, 1);
    assert!(o.stdout.contains("DIAG001"), "{}", o.stdout);
    assert_eq!(read(d.path(), DS_PATH), broken);
}

#[test]
fn crlf_files_keep_their_line_ends() {
    let d = broken_stack();
    write(d.path(), DS_PATH, &DS_BROKEN.replace('\n', "\r\n"));
    let o = run(d.path(), &["check", ".", "--fix"]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert_eq!(read(d.path(), DS_PATH), DS_FIXED.replace('\n', "\r\n"));
}

#[test]
fn fix_in_markdown_keeps_the_list_indentation() {
    let d = tempfile::tempdir().unwrap();
    let md = format!(
        "# Tutorial\n\nCreate `docker-compose.yml`:\n\n```yaml\n{COMPOSE}```\n\n1. Create `{DS_PATH}`:\n\n   ```yaml\n{}   ```\n",
        DS_BROKEN
            .lines()
            .map(|l| format!("   {l}\n"))
            .collect::<String>()
    );
    write(d.path(), "guide.md", &md);
    let o = run(d.path(), &["check", "guide.md", "--fix"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert_eq!(
        read(d.path(), "guide.md"),
        md.replace("http://localhost:9090", "http://prometheus:9090")
    );
}

#[test]
fn changed_mode_fixes_only_the_changed_files() {
    let d = broken_stack();
    // The compose file changed, not the datasource: the NET001 diagnostic involves the
    // compose file (its related location), but its fix edits the datasource.
    let o = run(
        d.path(),
        &["check", "--changed", "docker-compose.yml", "--fix"],
    );
    assert_eq!(read(d.path(), DS_PATH), DS_BROKEN);
    assert_eq!(o.code, 1, "{}", o.stdout);
    let o = run(d.path(), &["check", "--changed", DS_PATH, "--fix"]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert_eq!(read(d.path(), DS_PATH), DS_FIXED);
}

#[test]
fn changed_mode_checks_the_stack_of_the_nearest_diagnose_toml() {
    let d = tempfile::tempdir().unwrap();
    // Two stacks; `b` has its own diagnose.toml, so it is checked alone, and its path is
    // shown from the repository root.
    write(d.path(), "a/docker-compose.yml", COMPOSE);
    write(d.path(), &format!("a/{DS_PATH}"), DS_BROKEN);
    write(d.path(), "b/diagnose.toml", "ignore = []\n");
    write(d.path(), "b/docker-compose.yml", COMPOSE);
    write(d.path(), &format!("b/{DS_PATH}"), DS_BROKEN);
    let o = run(
        d.path(),
        &[
            "check",
            "--changed",
            &format!("b/{DS_PATH}"),
            "--format",
            "short",
        ],
    );
    assert_eq!(o.code, 1);
    assert_eq!(o.stdout.lines().count(), 1, "{}", o.stdout);
    assert!(
        o.stdout
            .starts_with(&format!("b/{DS_PATH}:7:18: error[NET001]")),
        "{}",
        o.stdout
    );
    // An unchanged file of the repository-root stack is context, not reported.
    let o = run(
        d.path(),
        &[
            "check",
            "--changed",
            "a/docker-compose.yml",
            "--format",
            "short",
            "--select",
            "NET",
        ],
    );
    assert_eq!(
        o.code, 1,
        "the related location is in the changed compose file"
    );
    assert!(
        o.stdout.starts_with(&format!("a/{DS_PATH}:7:18")),
        "{}",
        o.stdout
    );
    let o = run(
        d.path(),
        &["check", "--changed", "b/diagnose.toml", "--format", "short"],
    );
    assert_eq!((o.code, o.stdout.as_str()), (0, ""));
    // Deleted files are ignored; standard input is refused (exit 2).
    assert_eq!(run(d.path(), &["check", "--changed", "gone.yml"]).code, 0);
    assert_eq!(run(d.path(), &["check", "--changed", "-"]).code, 2);
}
