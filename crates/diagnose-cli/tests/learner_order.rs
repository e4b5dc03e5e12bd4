//! A learner sees what matters first (issue 18, class 9): the human output lists errors,
//! then warnings, then infos, whatever their order in the files; infos are summarised by
//! rule (count and first places) unless `--infos` asks for each in full; the summary line
//! counts each severity.

mod common;
use common::{run, write};

/// A compose file whose first lines give infos (obsolete `version`, `latest` tags) and
/// whose last service gives an error (a host port published twice): in file order, the
/// infos come first.
fn stack() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let mut compose = String::from("version: '3.8'\nservices:\n");
    for i in 0..5 {
        compose.push_str(&format!("  app{i}:\n    image: nginx:latest\n"));
    }
    compose.push_str("  web:\n    image: nginx:1.27\n    ports:\n      - \"8080:80\"\n");
    compose.push_str("  api:\n    image: nginx:1.27\n    ports:\n      - \"8080:80\"\n");
    write(d.path(), "docker-compose.yml", &compose);
    d
}

/// Byte offsets of the headers of full diagnostics (`error[`, `warning[`, `info[` at the
/// start of a line followed by a source snippet).
fn first(out: &str, header: &str) -> Option<usize> {
    out.match_indices(header)
        .map(|(i, _)| i)
        .find(|&i| i == 0 || out.as_bytes()[i - 1] == b'\n')
}

#[test]
fn errors_come_first_and_infos_are_summarised_by_rule() {
    let d = stack();
    let o = run(d.path(), &["check", "."]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    let out = &o.stdout;
    let error = first(out, "error[DC001]").expect(out);
    let info = first(out, "info[DC003]").expect(out);
    assert!(error < info, "the error must come before the infos:\n{out}");
    // Summarised: one header per rule with its count, the first places, the rest counted.
    assert!(
        out.contains("info[DC003]: image-tag-latest (5 infos)"),
        "{out}"
    );
    assert_eq!(
        out.matches("uses the `latest` tag").count(),
        3,
        "three places shown:\n{out}"
    );
    assert!(out.contains("… and 2 more"), "{out}");
    assert!(out.contains("`--infos` shows each in full"), "{out}");
    // Infos summarised: no source snippet under them.
    assert!(!out.contains("image: nginx:latest\n"), "{out}");
    let summary = out.lines().last().unwrap();
    assert!(
        summary.starts_with("1 error, 0 warnings, 6 infos in 1 file"),
        "{summary}"
    );
}

#[test]
fn infos_in_full_on_request_still_after_the_errors() {
    let d = stack();
    for flags in [&["--infos"][..], &["--fail-on", "info"][..]] {
        let mut args = vec!["check", "."];
        args.extend_from_slice(flags);
        let o = run(d.path(), &args);
        let out = &o.stdout;
        let error = first(out, "error[DC001]").expect(out);
        let info = first(out, "info[DC002]").expect(out);
        assert!(
            error < info,
            "{flags:?}: the error before the infos:\n{out}"
        );
        assert_eq!(
            out.matches("image: nginx:latest\n").count(),
            5,
            "{flags:?}: each info in full with its snippet:\n{out}"
        );
        assert!(!out.contains("--infos` shows"), "{out}");
    }
}

#[test]
fn french_summary_of_infos() {
    let d = stack();
    let o = run(d.path(), &["--lang", "fr", "check", "."]);
    assert!(o.stdout.contains("… et 2 de plus"), "{}", o.stdout);
    assert!(
        o.stdout
            .contains("les infos sont résumées par règle\u{a0}: `--infos`"),
        "{}",
        o.stdout
    );
}
