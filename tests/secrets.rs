//! No secret written in a config is ever printed whole: not in source snippets (masked
//! text and lines), not in messages (a rule that interpolates a value is redacted), in
//! every output of the core (the JSON report the web app and the CLI use, short lines).
//! The CLI's own formats are tested in `crates/diagnose-cli/tests/secrets.rs`.

use diagnose_core::diagnostic::{Applicability, Edit, Label};
use diagnose_core::{
    check, msg, present, Diagnostic, Lang, Options, Report, Severity, TEXT_TABLES,
};
use diagnose_tests::{planted_secrets, read_dir_inputs, repo_root, SECRET_BASE64};

fn report() -> (Report, Vec<String>) {
    let inputs = read_dir_inputs(&repo_root().join("tests/fixtures/secrets"));
    let secrets = planted_secrets(&inputs);
    assert!(secrets.len() >= 30, "{secrets:?}");
    (check(inputs, &Options::default()), secrets)
}

fn assert_clean(what: &str, text: &str, secrets: &[String]) {
    for s in secrets {
        assert!(
            !text.contains(s.as_str()),
            "{what} shows the secret `{s}`:\n{text}"
        );
    }
    assert!(
        !text.contains("hunter2-secret"),
        "{what} shows a planted secret:\n{text}"
    );
}

#[test]
fn every_planted_secret_is_masked_in_source() {
    let (report, secrets) = report();
    for f in report.workspace.files.iter().filter(|f| f.origin.is_none()) {
        let masked = present::masked_text(&report, f.id);
        assert_eq!(masked.len(), f.text.len());
        assert_clean(&f.path, &masked, &secrets);
        for line in 0..f.lines().line_count() {
            assert_clean(
                &f.path,
                &present::masked_line(&report, f.id, line),
                &secrets,
            );
        }
    }
}

#[test]
fn masking_keeps_what_is_not_secret() {
    let (report, _) = report();
    let masked = |name: &str| {
        let f = report
            .workspace
            .files
            .iter()
            .find(|f| f.path == name)
            .unwrap();
        present::masked_text(&report, f.id)
    };
    let ds = masked("grafana/provisioning/datasources/datasource.yml");
    assert!(ds.contains("basicAuthUser: admin"), "{ds}");
    assert!(ds.contains("http://admin:"), "{ds}");
    assert!(ds.contains("@localhost:9090"), "{ds}");
    assert!(ds.contains("httpHeaderName1: Authorization"), "{ds}");
    let prom = masked("prometheus/prometheus.yml");
    assert!(prom.contains("username: admin"), "{prom}");
    assert!(prom.contains("type: Bearer"), "{prom}");
    assert!(prom.contains("job_name: grafana"), "{prom}");
    let compose = masked("docker-compose.yml");
    assert!(compose.contains("GF_SECURITY_ADMIN_PASSWORD="), "{compose}");
    assert!(
        compose.contains("--config.file=/etc/prometheus/prometheus.yml"),
        "{compose}"
    );
    let k8s = masked("k8s/monitoring.yaml");
    // Every value of a Secret is secret, its keys are not.
    assert!(k8s.contains("admin-user: *****"), "{k8s}");
    assert!(k8s.contains("datasources.yaml: |"), "{k8s}");
    assert!(k8s.contains("name: GF_SECURITY_ADMIN_PASSWORD"), "{k8s}");
}

/// A diagnostic whose every text interpolates secrets, as a careless rule would write.
fn leaky_diagnostic(report: &Report, secrets: &[String]) -> Diagnostic {
    let file = report.workspace.files[0].id;
    let span = diagnose_core::Span::new(0, 5);
    let all = secrets.join(" ");
    let url = "http://admin:hunter2-secret-urlinfo@localhost:9090";
    Diagnostic {
        code: "NET001",
        rule: "localhost-in-container-url",
        severity: Severity::Error,
        message: msg!("NET001.message", host = url, caller = all),
        primary: Label {
            file,
            span,
            message: Some(msg!("NET001.label-target", service = all, port = 1)),
        },
        related: vec![Label {
            file,
            span,
            message: Some(msg!("NET001.label-target", service = url, port = 2)),
        }],
        notes: vec![msg!("NET001.help-service", suggestion = all)],
        help: Some(msg!("NET001.help", port = 3, host = all)),
        fix: Some(diagnose_core::diagnostic::Fix {
            title: msg!("NET001.fix", host = url, service = all),
            applicability: Applicability::Unsafe,
            edits: vec![Edit {
                file,
                span,
                replacement: all.clone(),
            }],
        }),
    }
}

#[test]
fn messages_never_show_a_secret() {
    let (mut report, secrets) = report();
    let leaky = leaky_diagnostic(&report, &secrets);
    report.diagnostics.push(leaky);
    for lang in [Lang::En, Lang::Fr] {
        let json = serde_json::to_string_pretty(&present::json_report(&report, lang)).unwrap();
        assert_clean("the JSON report", &json, &secrets);
        assert!(json.contains(":****@localhost:9090"), "{json}");
        for d in &report.diagnostics {
            assert_clean(
                "a short line",
                &present::short_line(&report, d, lang),
                &secrets,
            );
        }
    }
}

#[test]
fn the_base64_secret_and_embedded_files_are_masked() {
    let (report, _) = report();
    let f = report
        .workspace
        .files
        .iter()
        .find(|f| f.path == "k8s/monitoring.yaml")
        .unwrap();
    let masked = present::masked_text(&report, f.id);
    assert!(!masked.contains(SECRET_BASE64));
    // The embedded datasources.yaml keeps its structure.
    assert!(masked.contains("secureJsonData:"), "{masked}");
}

/// Masking must not garble what is not the secret: a short password that is also a word
/// (`airflow`, `postgres`, `read`) is masked where it stands alone, not inside a longer word,
/// not as a component of a path, and never in the catalogue's own words; a plural
/// `tokens:` list of words (a prose linter's) holds no secret. (Third precision sample:
/// `crypto_batchProcessing/****/logs`, `data/****ql/pgdata`, `no ****ing kind`.)
#[test]
fn masking_does_not_garble_paths_words_or_the_catalogue() {
    let compose = "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: airflow\n      POSTGRES_USER: postgres\n      PGPASSWORD: postgres\n    volumes:\n      - ./airflow/logs:/logs\n      - ./data/postgresql/pgdata:/var/lib/postgresql/data\n";
    let app = "db_password: read\n";
    let vale =
        "extends: existence\nmessage: \"'%s' is too wordy.\"\ntokens:\n  - monitor\n  - simple\n";
    let tsconfig = "{\n  // editor only\n  \"extends\": \"@docusaurus/tsconfig\"\n}\n";
    let files = [
        ("docker-compose.yml", compose),
        ("app.yml", app),
        ("styles/TooWordy.yml", vale),
        ("website/tsconfig.json", tsconfig),
    ];
    // The folder as the CLI lists it (without the mounted folders: DC006 names them).
    let mut known = diagnose_core::model::known_paths::KnownPaths::new(vec![String::new()]);
    for (p, _) in files {
        known.add_file(p);
    }
    let report = check(
        files
            .iter()
            .map(|(p, t)| diagnose_core::Input::new(*p, *t))
            .collect(),
        &Options {
            known_paths: Some(std::sync::Arc::new(known)),
            ..Options::default()
        },
    );
    let lines: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| present::short_line(&report, d, Lang::En))
        .collect();
    let text = lines.join("\n");
    assert!(
        text.contains("DC006") && text.contains("airflow/logs"),
        "{text}"
    );
    assert!(text.contains("data/postgresql/pgdata"), "{text}");
    assert!(text.contains("tsconfig.json"), "{text}");
    assert!(!text.contains("****"), "{text}");
    // The secret itself is still masked wherever it stands alone.
    let r = &report.redactor;
    assert_eq!(
        r.redact("password airflow, user postgres"),
        "password ****, user ****"
    );
    assert_eq!(
        r.redact("postgres://postgres:airflow@db/app"),
        "postgres://****:****@db/app"
    );
    assert_eq!(
        r.redact("./airflow/logs and postgresql"),
        "./airflow/logs and postgresql"
    );
    assert_eq!(r.redact("read"), "****");
    assert_eq!(
        r.redact("db.postgres.local, password postgres."),
        "db.postgres.local, password ****."
    );
    // The words of the prose linter's list are not secrets.
    assert_eq!(r.redact("monitor simple"), "monitor simple");
}
