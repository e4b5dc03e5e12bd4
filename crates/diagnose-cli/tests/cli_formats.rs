//! Machine outputs: SARIF 2.1.0 validated against the official schema, stable
//! fingerprints, GitHub workflow commands, the rule-page links.

mod common;
use common::*;
use serde_json::Value;
use std::process::Command;

fn sarif(dir: &std::path::Path, extra: &[&str]) -> Value {
    let mut args = vec!["check", ".", "--format", "sarif"];
    args.extend_from_slice(extra);
    let o = run(dir, &args);
    assert_eq!(o.code, 1, "{}", o.stderr);
    serde_json::from_str(&o.stdout).expect("SARIF is JSON")
}

/// Validates with Python's `jsonschema` (Draft 4, as the schema declares).
fn validate(log: &Value) -> Result<(), String> {
    let schema = repo_root().join("tests/fixtures/sarif-schema-2.1.0.json");
    let script = "import json, sys, jsonschema\n\
        schema = json.load(open(sys.argv[1]))\n\
        log = json.load(sys.stdin)\n\
        v = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)\n\
        errs = sorted(v.iter_errors(log), key=lambda e: list(e.path))\n\
        [print('/'.join(map(str, e.path)), e.message[:300]) for e in errs]\n\
        sys.exit(1 if errs else 0)\n";
    let mut child = Command::new("python3")
        .args(["-c", script])
        .arg(schema)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(log.to_string().as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    if o.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&o.stdout).into_owned())
    }
}

#[test]
fn sarif_validates_against_the_official_schema() {
    if !python_module("jsonschema") {
        return;
    }
    let d = broken_stack();
    write(d.path(), "bad.yml", "a: [unclosed\n");
    write(d.path(), "bin.json", "\0\0\0");
    for lang in ["en", "fr"] {
        let log = sarif(
            d.path(),
            &[
                "--lang",
                lang,
                "--docs-url",
                "https://example.org/diagnose/rules",
            ],
        );
        validate(&log).unwrap_or_else(|e| panic!("{lang}: {e}"));
        // Without a configured docs URL there is no link to a site that does not exist.
        let plain = sarif(d.path(), &["--lang", lang]);
        validate(&plain).unwrap_or_else(|e| panic!("{lang}: {e}"));
        assert!(plain["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r.get("helpUri").is_none()));
        let run0 = &log["runs"][0];
        let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
        let net = rules.iter().find(|r| r["id"] == "NET001").unwrap();
        assert_eq!(net["name"], "localhost-in-container-url");
        assert!(net["helpUri"].as_str().unwrap().ends_with(if lang == "fr" {
            "/net/localhost-in-container-url.fr.md"
        } else {
            "/net/localhost-in-container-url.md"
        }));
        assert!(net["help"]["markdown"]
            .as_str()
            .unwrap()
            .starts_with("# localhost-in-container-url (NET001)"));
        assert!(!net["fullDescription"]["text"].as_str().unwrap().is_empty());
        let results = run0["results"].as_array().unwrap();
        let r = results.iter().find(|r| r["ruleId"] == "NET001").unwrap();
        assert_eq!(
            rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"],
            "NET001"
        );
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], DS_PATH);
        assert_eq!(loc["region"]["startLine"], 7);
        assert_eq!(loc["region"]["startColumn"], 18);
        assert_eq!(
            r["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "docker-compose.yml"
        );
        let rep = &r["fixes"][0]["artifactChanges"][0]["replacements"][0];
        assert_eq!(rep["insertedContent"]["text"], "prometheus");
        assert!(results.iter().any(|r| r["ruleId"] == "DIAG001"));
        let notes = run0["invocations"][0]["toolExecutionNotifications"]
            .as_array()
            .unwrap();
        assert!(notes
            .iter()
            .any(|n| n["message"]["text"].as_str().unwrap().contains("bin.json")));
    }
}

#[test]
fn sarif_paths_are_relative_to_the_current_folder() {
    let d = broken_stack();
    let parent = d.path();
    let o = run(
        parent.parent().unwrap(),
        &[
            "check",
            parent.file_name().unwrap().to_str().unwrap(),
            "--format",
            "sarif",
        ],
    );
    let log: Value = serde_json::from_str(&o.stdout).unwrap();
    let uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        uri,
        format!(
            "{}/{DS_PATH}",
            parent.file_name().unwrap().to_str().unwrap()
        )
    );
}

fn fingerprints(log: &Value) -> Vec<(String, String, u64)> {
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().to_string(),
                r["partialFingerprints"]["diagnose/v1"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                r["locations"][0]["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap(),
            )
        })
        .collect()
}

#[test]
fn fingerprints_survive_moved_lines_and_tell_occurrences_apart() {
    let d = broken_stack();
    let two = format!(
        "{DS_BROKEN}  - name: Other\n    type: prometheus\n    url: 'http://localhost:9090'\n"
    );
    write(d.path(), DS_PATH, &two);
    let before = fingerprints(&sarif(d.path(), &[]));
    assert_eq!(before.len(), 2);
    assert_ne!(
        before[0].1, before[1].1,
        "two occurrences, two fingerprints"
    );
    write(d.path(), DS_PATH, &format!("# a new comment\n\n{two}"));
    let after = fingerprints(&sarif(d.path(), &[]));
    assert_eq!(after[0].2, before[0].2 + 2, "the lines moved");
    assert_eq!(
        before.iter().map(|f| &f.1).collect::<Vec<_>>(),
        after.iter().map(|f| &f.1).collect::<Vec<_>>()
    );
    // Another offending text is another finding.
    write(
        d.path(),
        DS_PATH,
        &two.replacen("localhost", "127.0.0.1", 1),
    );
    let other = fingerprints(&sarif(d.path(), &[]));
    assert_ne!(other[0].1, before[0].1);
}

/// Undoes the workflow-command escaping (`%25`, `%0D`, `%0A`, `%3A`, `%2C`).
fn unescape(s: &str) -> String {
    s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

/// Parses `::level key=value,key=value::message` per GitHub's documented syntax: the
/// properties hold no raw `:` or `,` and the message no raw line break.
fn parse_command(line: &str) -> (String, Vec<(String, String)>, String) {
    let rest = line.strip_prefix("::").expect("starts with ::");
    let (head, msg) = rest.split_once("::").expect("`::` before the message");
    let (level, props) = head.split_once(' ').expect("level and properties");
    let props = props
        .split(',')
        .map(|p| {
            let (k, v) = p.split_once('=').expect("key=value");
            assert!(!v.contains(':'), "raw `:` in property {k}={v}");
            (k.to_string(), unescape(v))
        })
        .collect();
    assert!(!msg.contains('\n') && !msg.contains('\r'));
    (level.to_string(), props, unescape(msg))
}

#[test]
fn github_annotations_follow_the_workflow_command_syntax() {
    let d = tempfile::tempdir().unwrap();
    // A folder name with the characters that properties must escape.
    let dir = "stack: a,b 100%";
    write(d.path(), &format!("{dir}/docker-compose.yml"), COMPOSE);
    write(d.path(), &format!("{dir}/{DS_PATH}"), DS_BROKEN);
    let o = run(d.path(), &["check", ".", "--format", "github"]);
    assert_eq!(o.code, 1);
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", o.stdout);
    let (level, props, msg) = parse_command(lines[0]);
    assert_eq!(level, "error");
    let keys: Vec<&str> = props.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        ["file", "line", "col", "endLine", "endColumn", "title"]
    );
    assert_eq!(props[0].1, format!("{dir}/{DS_PATH}"));
    assert_eq!(props[1].1, "7");
    assert_eq!(props[2].1, "18");
    assert_eq!(props[5].1, "localhost-in-container-url (NET001)");
    assert!(lines[0].contains("stack%3A a%2Cb 100%25"), "{}", lines[0]);
    assert_eq!(
        msg,
        "`localhost` in the `grafana` container is the container itself, not another service\nuse the service name: `http://prometheus:9090`"
    );
}

#[test]
fn docs_url_sets_the_links() {
    let d = broken_stack();
    let o = run(
        d.path(),
        &[
            "--docs-url",
            "https://example.org/diagnose/rules/",
            "check",
            ".",
        ],
    );
    assert!(
        o.stdout
            .contains("(https://example.org/diagnose/rules/net/localhost-in-container-url.md)"),
        "{}",
        o.stdout
    );
    let o = std::process::Command::new(bin())
        .args(["check", ".", "--format", "sarif", "--lang", "fr"])
        .current_dir(d.path())
        .env("DIAGNOSE_DOCS_URL", "https://mirror.example/rules")
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules.iter().all(|r| r["helpUri"]
        .as_str()
        .unwrap()
        .starts_with("https://mirror.example/rules/")));
}
