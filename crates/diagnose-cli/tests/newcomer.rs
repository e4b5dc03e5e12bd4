//! What a new user trips over (issue 16), on the real binary: closed pipes, plurals,
//! unknown rules, nothing to read, YAML brackets, rule pages, explain on Kubernetes,
//! `--help` and the README, the rules table, SARIF, NET001's help on Kubernetes.

mod common;

use common::{bin, broken_stack, repo_root, run, write};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};

fn json(out: &common::Out) -> Value {
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout))
}

// 1. No tracked file cites a path of one machine.
#[test]
fn no_tracked_file_holds_an_absolute_machine_path() {
    let root = repo_root();
    let Ok(out) = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(&root)
        .output()
    else {
        eprintln!("skipped: git is not installed");
        return;
    };
    if !out.status.success() {
        eprintln!("skipped: not a git checkout");
        return;
    }
    // Built from pieces, so that this file does not match itself.
    let prefixes = [
        format!("/{}/", "work"),
        format!("/{}/", "home"),
        format!("/{}/", "Users"),
        format!("C:\\{}", "Users"),
    ];
    let mut found = Vec::new();
    for name in String::from_utf8_lossy(&out.stdout).split('\0') {
        if name.is_empty() {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(root.join(name)) else {
            continue; // binary or deleted
        };
        for (n, line) in text.lines().enumerate() {
            for p in &prefixes {
                // At the start of a path: not `./work/` or `a/home/`.
                let hit = line.match_indices(p.as_str()).any(|(i, _)| {
                    i == 0
                        || !line[..i].chars().next_back().is_some_and(|c| {
                            c.is_alphanumeric() || c == '.' || c == '/' || c == '_' || c == '-'
                        })
                });
                if hit {
                    found.push(format!("{name}:{}: {line}", n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "absolute paths of a machine:\n{}",
        found.join("\n")
    );
    let seed = std::fs::read_to_string(root.join("tests/fixtures/seeds/esxi/README.md")).unwrap();
    assert!(seed.contains("`../shared/seeds/esxi-backup-manager-grafana-guide.md`"));
}

// 2. A closed pipe: quiet, and the exit code still says what was found.
fn closed_pipe(dir: &Path, args: &[&str]) -> (i32, String) {
    let mut child = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .env("LANG", "en_US.UTF-8")
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("DIAGNOSE_DOCS_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader leaves before diagnose writes anything: every write meets a closed pipe.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_command_ends_quietly_on_a_closed_pipe() {
    let broken = broken_stack();
    let clean = tempfile::tempdir().unwrap();
    write(clean.path(), "docker-compose.yml", common::COMPOSE);
    let cases: &[(&Path, &[&str], i32)] = &[
        (broken.path(), &["rules"], 0),
        (broken.path(), &["rules", "--format", "json"], 0),
        (broken.path(), &["explain", "NET001"], 0),
        (
            broken.path(),
            &["explain", "connection refused", "--format", "json"],
            0,
        ),
        (
            broken.path(),
            &["explain", "HTTP Error Bad Gateway", "."],
            0,
        ),
        (broken.path(), &["check", "."], 1),
        (broken.path(), &["check", ".", "--format", "json"], 1),
        (broken.path(), &["check", ".", "--format", "sarif"], 1),
        (broken.path(), &["check", ".", "--format", "short"], 1),
        (broken.path(), &["check", ".", "--format", "github"], 1),
        (broken.path(), &["check", ".", "--diff"], 1),
        (clean.path(), &["check", "."], 0),
    ];
    for (dir, args, code) in cases {
        let (got, stderr) = closed_pipe(dir, args);
        assert_eq!(got, *code, "diagnose {args:?}: {stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "diagnose {args:?}: {stderr}"
        );
    }
}

#[test]
fn check_piped_to_head_keeps_the_exit_code_of_the_findings() {
    let sh = Command::new("sh").arg("-c").arg("true").status();
    if sh.is_err() {
        eprintln!("skipped: no sh");
        return;
    }
    let d = broken_stack();
    // POSIX sh has no PIPESTATUS: diagnose's exit code goes through a file.
    let script = format!(
        "('{}' check . ; echo $? > code) | head -1 >/dev/null; cat code",
        bin().display()
    );
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(d.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "1");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

// 3. Plurals.
#[test]
fn fix_summaries_agree_in_number() {
    let d = broken_stack();
    let o = run(d.path(), &["check", ".", "--diff"]);
    assert!(
        o.stderr
            .contains("1 problem can be fixed in 1 file (`--fix`"),
        "{}",
        o.stderr
    );
    let o = run(d.path(), &["--lang", "fr", "check", ".", "--diff"]);
    assert!(
        o.stderr
            .contains("1 problème peut être corrigé dans 1 fichier"),
        "{}",
        o.stderr
    );
    // Two fixes in one file.
    write(
        d.path(),
        common::DS_PATH,
        "apiVersion: 1\ndatasources:\n  - name: A\n    type: prometheus\n    url: http://localhost:9090\n  - name: B\n    type: prometheus\n    url: http://localhost:9090/x\n",
    );
    let o = run(d.path(), &["check", ".", "--diff"]);
    assert!(
        o.stderr
            .contains("2 problems can be fixed in 1 file (`--fix`"),
        "{}",
        o.stderr
    );
    let o = run(d.path(), &["--lang", "fr", "check", ".", "--fix"]);
    assert!(
        o.stderr.contains("2 problèmes corrigés dans 1 fichier\n"),
        "{}",
        o.stderr
    );
}

// 4. An unknown rule is a usage error, with "did you mean".
#[test]
fn unknown_rules_are_usage_errors() {
    let d = broken_stack();
    let o = run(d.path(), &["check", ".", "--select", "NOPE"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains("`NOPE` in `--select` names no rule"),
        "{}",
        o.stderr
    );
    assert!(!o.stdout.contains("no problems found"));
    let o = run(
        d.path(),
        &["check", ".", "--ignore", "localhost-in-containr-url"],
    );
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .contains("did you mean `localhost-in-container-url`?"),
        "{}",
        o.stderr
    );
    write(d.path(), "diagnose.toml", "[severity]\nNET01 = \"off\"\n");
    let o = run(d.path(), &["--lang", "fr", "check", "."]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("`NET01` dans `diagnose.toml`"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("vouliez-vous dire `NET001`\u{a0}?"),
        "{}",
        o.stderr
    );
    // Known selectors of every kind still work.
    write(
        d.path(),
        "diagnose.toml",
        "ignore = [\"NET\", \"grafana\", \"DC002\"]\n",
    );
    assert_eq!(run(d.path(), &["check", "."]).code, 0);
}

// 5. Nothing read is said, and is not "no problems".
#[test]
fn a_folder_with_nothing_to_read_says_so() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "notes.txt", "hello\n");
    write(d.path(), "guide.md", "# Guide\n");
    let o = run(d.path(), &["check", "."]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(!o.stdout.contains("no problems found"), "{}", o.stdout);
    assert!(
        o.stderr.contains("nothing was checked in `.`: 1 file that diagnose does not read, 1 Markdown document (read with `--markdown`)"),
        "{}",
        o.stderr
    );
    let fr = run(d.path(), &["--lang", "fr", "check", "."]);
    assert!(
        fr.stderr
            .contains("rien n’a été vérifié dans `.`\u{a0}: 1 fichier que diagnose ne lit pas"),
        "{}",
        fr.stderr
    );
    let empty = tempfile::tempdir().unwrap();
    let o2 = run(empty.path(), &["check", "."]);
    assert_eq!(o2.code, 2);
    assert!(
        o2.stderr.contains("nothing was checked in `.`: no file\n"),
        "{}",
        o2.stderr
    );
    assert!(
        o.stderr.contains("help: diagnose reads compose files"),
        "{}",
        o.stderr
    );
    let o = run(d.path(), &["check", ".", "--format", "json"]);
    assert_eq!(o.code, 2);
    let v = json(&o);
    assert_eq!(v["nothing_read"], true);
    assert_eq!(v["summary"]["files"], 0);
    // Something read: `nothing_read` is false.
    let s = broken_stack();
    assert_eq!(
        json(&run(s.path(), &["check", ".", "--format", "json"]))["nothing_read"],
        false
    );
    // Pre-commit: a commit that touches no file diagnose reads is fine.
    assert_eq!(run(d.path(), &["check", "--changed", "notes.txt"]).code, 0);
}

// 6. An unclosed `[`: the bracket, and where the parser gave up.
#[test]
fn unclosed_bracket_points_at_the_bracket() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "prometheus.yml",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [\"a:9090\", \"b:9100\"\n  - job_name: b\n    static_configs:\n      - targets: [\"c:1\"]\n",
    );
    let o = run(d.path(), &["check", "prometheus.yml", "--format", "json"]);
    assert_eq!(o.code, 1);
    let v = json(&o);
    let diag = &v["diagnostics"][0];
    assert_eq!(diag["code"], "DIAG001");
    assert_eq!(
        (diag["line"].as_u64(), diag["column"].as_u64()),
        (Some(4), Some(18))
    );
    assert!(diag["message"]
        .as_str()
        .unwrap()
        .contains("this `[` is never closed"));
    let related = &diag["related"][0];
    assert_eq!(related["line"], 5);
    assert!(related["message"]
        .as_str()
        .unwrap()
        .starts_with("the parser gave up here: "));
    let notes = diag["notes"].to_string();
    assert!(!notes.contains("other files"), "{notes}");
    // With another file, the note says it was still checked.
    write(d.path(), "docker-compose.yml", common::COMPOSE);
    let v = json(&run(d.path(), &["check", ".", "--format", "json"]));
    let diag = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == "DIAG001")
        .unwrap();
    assert!(diag["notes"]
        .to_string()
        .contains("the other files were still checked"));
}

// 7. Rule pages for the terminal.
#[test]
fn explain_renders_rule_pages_without_test_markers() {
    let d = tempfile::tempdir().unwrap();
    for (lang, heading) in [("en", "What it does"), ("fr", "Ce que fait la règle")] {
        // Not a terminal: no colour even without NO_COLOR.
        let o = Command::new(bin())
            .args(["--lang", lang, "explain", "NET001"])
            .current_dir(d.path())
            .env_remove("NO_COLOR")
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(!out.contains("```"), "{out}");
        assert!(!out.contains("bad file="), "{out}");
        assert!(!out.contains("text expect"), "{out}");
        assert!(!out.contains('\u{1b}'), "{out}");
        assert!(out.lines().any(|l| l == heading), "{out}");
        assert!(!out.lines().any(|l| l.starts_with('#')), "{out}");
        // The examples are there, indented under the file they stand for.
        assert!(out.contains("    url: http://localhost:9090"), "{out}");
        assert!(out
            .lines()
            .any(|l| l.starts_with("  grafana/provisioning/datasources/prometheus.yml (")));
    }
}

// 8. explain leaves out causes of another kind of stack.
#[test]
fn explain_leaves_out_causes_of_another_kind_of_stack() {
    let root = repo_root().join("tests/fixtures/seeds");
    let rules = |dir: &str| -> Vec<String> {
        let o = run(
            &root,
            &["explain", "HTTP Error Bad Gateway", dir, "--format", "json"],
        );
        let v = json(&o);
        v["matches"][0]["causes"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["rule"].as_str().map(str::to_string))
            .collect()
    };
    let k8s = rules("microk8s/broken");
    for compose_only in [
        "unknown-service-host",
        "no-shared-network",
        "container-port-mismatch",
        "host-docker-internal-without-host-gateway",
    ] {
        assert!(
            !k8s.iter().any(|r| r == compose_only),
            "{compose_only} in {k8s:?}"
        );
    }
    assert!(k8s.iter().any(|r| r == "k8s-service-dns-unresolved"));
    let compose = rules("esxi/broken");
    assert!(
        compose.iter().any(|r| r == "unknown-service-host"),
        "{compose:?}"
    );
    assert!(
        !compose.iter().any(|r| r == "k8s-service-dns-unresolved"),
        "{compose:?}"
    );
    // Without files, every cause is listed.
    let v = json(&run(
        &root,
        &["explain", "HTTP Error Bad Gateway", "--format", "json"],
    ));
    let all = v["matches"][0]["causes"].to_string();
    assert!(all.contains("unknown-service-host") && all.contains("k8s-service-dns-unresolved"));
    // Sources are public references.
    assert!(!v.to_string().contains("tests/fixtures"), "{v}");
}

// 9. `--help` and the README agree.
#[test]
fn check_help_and_readme_agree() {
    let d = tempfile::tempdir().unwrap();
    let help = run(d.path(), &["check", "--help"]).stdout;
    for f in ["human", "short", "json", "github", "sarif"] {
        assert!(
            help.lines()
                .any(|l| l.trim_start().starts_with(&format!("- {f}:")) && l.len() > f.len() + 12),
            "format {f} not described:\n{help}"
        );
    }
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let (help_flat, readme_flat) = (flat(&help), flat(&readme));
    for both in [
        "else the current folder",
        "nothing to check",
        "usage or I/O error",
    ] {
        assert!(help_flat.contains(both), "--help lacks {both:?}");
        assert!(readme_flat.contains(both), "README lacks {both:?}");
    }
    assert!(!readme_flat.contains("(else the repository root)"));
    // `--config` on a missing file says why.
    let o = run(d.path(), &["check", ".", "--config", "missing.toml"]);
    assert_eq!(o.code, 2);
    let reason = std::fs::read(d.path().join("missing.toml"))
        .unwrap_err()
        .to_string();
    assert!(
        o.stderr.contains(&format!(
            "cannot read the configuration file missing.toml: {reason}"
        )),
        "{}",
        o.stderr
    );
}

// 10. The rules table.
#[test]
fn rules_table_has_a_header_is_sorted_and_fits_the_terminal() {
    let d = tempfile::tempdir().unwrap();
    let list = |cols: &str, lang: &str| {
        let o = Command::new(bin())
            .args(["--lang", lang, "rules"])
            .current_dir(d.path())
            .env("COLUMNS", cols)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let wide = list("400", "en");
    let lines: Vec<&str> = wide.lines().collect();
    assert!(lines[0]
        .split_whitespace()
        .eq(["CODE", "NAME", "SEVERITY", "SUMMARY"]));
    let codes: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted);
    let json: Value =
        serde_json::from_str(&run(d.path(), &["rules", "--format", "json"]).stdout).unwrap();
    assert_eq!(codes.len(), json.as_array().unwrap().len());
    for cols in [60usize, 80, 120] {
        let out = list(&cols.to_string(), "en");
        for l in out.lines() {
            assert!(l.chars().count() <= cols, "{cols} columns: {l:?}");
        }
        // Nothing lost: every word of every summary is there.
        let words = |s: &str| s.split_whitespace().count();
        assert_eq!(words(&out), words(&wide));
    }
    assert!(list("400", "fr")
        .lines()
        .next()
        .unwrap()
        .contains("GRAVITÉ"));
}

// 11. SARIF: no placeholder.
#[test]
fn sarif_has_no_placeholder_uri() {
    let d = broken_stack();
    let o = run(d.path(), &["check", ".", "--format", "sarif"]);
    assert!(!o.stdout.contains("diagnose.invalid"), "{}", o.stdout);
    let v = json(&o);
    let driver = &v["runs"][0]["tool"]["driver"];
    let repo = env!("CARGO_PKG_REPOSITORY");
    if repo.starts_with("https://") {
        assert_eq!(driver["informationUri"], repo);
    } else {
        assert!(driver.get("informationUri").is_none());
    }
    let o = run(
        d.path(),
        &[
            "--docs-url",
            "https://docs.example/rules",
            "check",
            ".",
            "--format",
            "sarif",
        ],
    );
    let v = json(&o);
    assert_eq!(
        v["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"]
            .as_str()
            .unwrap()
            .split('/')
            .take(4)
            .collect::<Vec<_>>(),
        ["https:", "", "docs.example", "rules"]
    );
}

// 12. NET001 on Kubernetes names the Service.
#[test]
fn net001_help_names_the_kubernetes_service() {
    let seed = repo_root().join("tests/fixtures/seeds/microk8s/broken");
    let prom = std::fs::read_to_string(seed.join("10-prometheus.yaml")).unwrap();
    let grafana = std::fs::read_to_string(seed.join("20-grafana.yaml")).unwrap();
    let help = |grafana: &str| {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "10-prometheus.yaml", &prom);
        write(d.path(), "20-grafana.yaml", grafana);
        let v = json(&run(
            d.path(),
            &["check", ".", "--format", "json", "--select", "NET001"],
        ));
        let net = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["code"] == "NET001")
            .cloned();
        net.unwrap_or_else(|| panic!("no NET001: {v}"))
    };
    let same = help(&grafana);
    assert_eq!(
        same["help"],
        "use the service name: `http://prometheus-k8s:9090`"
    );
    assert_eq!(same["related"][0]["file"], "10-prometheus.yaml");
    let other = help(&grafana.replace("namespace: monitoring", "namespace: grafana"));
    assert_eq!(
        other["help"],
        "use the service name: `http://prometheus-k8s.monitoring.svc:9090`"
    );
}

// 13. The README: what the example does, and no findings in its own examples.
#[test]
fn readme_explains_the_example_and_checks_clean() {
    let root = repo_root();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let flat = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("exits with code 1, because it has findings"));
    assert!(flat.contains("print \"skipped: ../shared/corpus is absent\""));
    let o = run(&root, &["check", "README.md", "--format", "json"]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert_eq!(json(&o)["diagnostics"], serde_json::json!([]));
    // And the example does exit 1.
    assert_eq!(
        run(&root, &["check", "tests/fixtures/seeds/esxi/broken"]).code,
        1
    );
}
