//! `diagnose check guide.md`: Markdown tutorials through the CLI.

mod common;
use common::*;

fn tutorial() -> String {
    format!(
        "# Tutorial\n\nCreate `docker-compose.yml`:\n\n```yaml\n{COMPOSE}```\n\nThen create `{DS_PATH}`:\n\n```yaml\n{DS_BROKEN}```\n\nExcerpt of the compose file:\n\n```yaml\n# ... (other services) ...\nservices:\n  x:\n    image: y\n```\n"
    )
}

#[test]
fn a_tutorial_is_one_stack_reported_at_its_lines() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "docs/guide.md", &tutorial());
    let o = run(d.path(), &["check", "docs/guide.md", "--format", "short"]);
    assert_eq!(o.code, 1);
    assert_eq!(
        o.stdout,
        "docs/guide.md:26:18: error[NET001] `localhost` in the `grafana` container is the container itself, not another service\n"
    );
    assert!(
        o.stderr.contains("note: skipped docs/guide.md: skipped the code block at line 31: it shows only part of a file (line 32)"),
        "{}",
        o.stderr
    );
    let fr = run(
        d.path(),
        &[
            "--lang",
            "fr",
            "check",
            "docs/guide.md",
            "--format",
            "short",
        ],
    );
    assert!(fr
        .stdout
        .starts_with("docs/guide.md:26:18: error[NET001] `localhost` dans le conteneur"));
    assert!(
        fr.stderr.contains("bloc de code de la ligne 31 ignoré"),
        "{}",
        fr.stderr
    );
}

#[test]
fn folders_read_markdown_only_with_the_flag_and_each_document_alone() {
    let d = broken_stack();
    write(d.path(), "README.md", &tutorial());
    // A second document that only shows the datasource: alone, it has no compose file,
    // so no container context and no NET001.
    write(
        d.path(),
        "docs/ds.md",
        &format!("Create `{DS_PATH}`:\n\n```yaml\n{DS_BROKEN}```\n"),
    );
    let plain = run(d.path(), &["check", ".", "--format", "short"]);
    assert_eq!(plain.stdout.lines().count(), 1, "{}", plain.stdout);
    assert!(plain.stdout.starts_with(&format!("{DS_PATH}:7:18")));
    let md = run(d.path(), &["check", ".", "--markdown", "--format", "short"]);
    let mut lines: Vec<&str> = md.stdout.lines().collect();
    lines.sort();
    assert_eq!(lines.len(), 2, "{}", md.stdout);
    assert!(
        lines[0].starts_with("README.md:26:18: error[NET001]"),
        "{lines:?}"
    );
    assert!(lines[1].starts_with(&format!("{DS_PATH}:7:18")));
}

#[test]
fn the_seed_tutorials_are_checked() {
    let dir = repo_root().join("tests/fixtures/markdown");
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        if name == "README.md" {
            continue;
        }
        let o = run(&dir, &["check", &name, "--format", "json"]);
        assert!(
            o.code == 0 || o.code == 1,
            "{name}: exit {} {}",
            o.code,
            o.stderr
        );
        let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        assert_eq!(v["summary"]["files"], 1, "{name}");
        for d in v["diagnostics"].as_array().unwrap() {
            assert_eq!(d["file"], name.as_str());
        }
        let failed = v["summary"]["errors"].as_u64().unwrap() > 0;
        assert_eq!(o.code, i32::from(failed), "{name}");
    }
}
