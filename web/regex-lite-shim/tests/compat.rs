//! The shim against the real `regex`, on what the engine asks of it: whether a label
//! matcher's pattern compiles as promql-parser writes it (`^(?:…)$`) and, when it does,
//! whether it matches the empty string.

use std::path::Path;

/// `(compiles, matches "")` for each crate, as promql-parser compiles a matcher.
fn outcomes(p: &str) -> ((bool, bool), (bool, bool)) {
    let anchored = format!("^(?:{p})$");
    let real = real_regex::Regex::new(&anchored).map_or((false, false), |r| (true, r.is_match("")));
    let shim = regex::Regex::new(&anchored).map_or((false, false), |r| (true, r.is_match("")));
    (real, shim)
}

/// What is wrong in the shim's outcome for `p`, if anything. It may accept a pattern
/// `regex` rejects, only where it rewrote what regex-lite lacks (an unknown Unicode class
/// name, an invalid range inside a nested class: src/lib.rs); it must never reject a
/// pattern `regex` accepts, nor differ on the empty string when both accept.
fn wrong(p: &str) -> Option<String> {
    let (real, shim) = outcomes(p);
    let rewritten = p.contains("\\p") || p.contains("\\P") || p.matches('[').count() > 1;
    match (real, shim) {
        _ if real == shim => None,
        ((false, _), (true, _)) if rewritten => None,
        _ => Some(format!("{p:?}: regex {real:?}, shim {shim:?}")),
    }
}

#[test]
fn tricky_patterns_compile_and_match_empty_alike() {
    let patterns = [
        "",
        ".*",
        ".+",
        "a|b",
        "(a",
        "a)",
        "a{1,}",
        "a{,2}",
        "a{2}{3}",
        "a**",
        "*a",
        "x{1001}",
        "\\pL+",
        "\\p{Greek}*",
        "\\P{L}",
        "[\\p{L}_]+",
        "[^\\pN]",
        "\\p{L}?",
        "\\p",
        "\\p{L",
        "\\w+",
        "\\W*",
        "\\d\\s\\b",
        "(?i)abc",
        "(?i:ÉTÉ)",
        "(?P<n>x)",
        "(?<n>x)",
        "(?P<n>x)(?P<n>y)",
        "[[:alpha:]]+",
        "[[:nope:]]",
        "[a[bc]]",
        "[a&&b]",
        "[a--b]",
        "[a~~b]",
        "[]a]",
        "[^]a]",
        "[a-]",
        "[z-a]",
        "\\x{41}",
        "\\x41",
        "\\u0041",
        "\\Q.\\E",
        "\\1",
        "(?=a)",
        "(?!a)",
        "(?<=a)b",
        "\\z",
        "\\A",
        "(?s).",
        "(?m)^$",
        "(?U)a+",
        "(?x) a b # c",
        "é+",
        "\\.",
        "\\-",
        "\\/",
        "\\_",
        "\\:",
        "[\\w-]+",
        "\\K",
        "\\G",
        "a{1000}{1000}",
        "\\p{Nope}",
        "[\\p{L}&&[a-z]]",
        "[]",
        "[^]",
        "[a",
        "[[]",
        "[[]]",
        "\\pLx",
        "\\p{L}{2}",
        "[\\]]",
        "[\\[a]",
        "(?i)[[:upper:]]",
        "[[:alpha:]-z]",
        "[a-[:digit:]]",
        "[[^a]b]",
        "[[]a]]",
        "[x[^]]]",
        "[\\x{5B}[a]]",
        "\\x{[",
        "[é[ü]]",
    ];
    let differ: Vec<String> = patterns.into_iter().filter_map(wrong).collect();
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    // The differences allowed are accepted patterns, never rejected ones.
    assert_eq!(outcomes("\\p{Nope}"), ((false, false), (true, false)));
    assert_eq!(outcomes("[a-[:digit:]]"), ((false, false), (true, false)));
}

#[test]
fn unicode_classes_keep_the_pattern_as_given() {
    let r = regex::Regex::new("^\\p{L}+$").unwrap();
    assert_eq!(r.as_str(), "^\\p{L}+$");
    assert!(!r.is_match(""));
    assert_eq!(regex::Regex::new("a.c").unwrap().as_str(), "a.c");
}

#[test]
fn builder_settings_apply() {
    let r = regex::RegexBuilder::new("^A.b$")
        .case_insensitive(true)
        .dot_matches_new_line(true)
        .octal(true)
        .build()
        .unwrap();
    assert!(r.is_match("a\nB"));
    let caps = regex::Regex::new("^((?P<h>[0-9]+)h)?$")
        .unwrap()
        .captures("12h")
        .unwrap();
    assert_eq!(caps.name("h").map(|m| m.as_str()), Some("12"));
}

/// Every string after `=~` or `!~` in the shared corpus's files, with one level of
/// backslash escaping undone (YAML, JSON and PromQL strings all escape `\`).
fn corpus_patterns(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            corpus_patterns(&path, out);
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for (i, _) in text.match_indices('~') {
            if i == 0 || !matches!(text.as_bytes()[i - 1], b'=' | b'!') {
                continue;
            }
            let rest = text[i + 1..].trim_start().trim_start_matches('\\');
            let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let body = &rest[1..];
            let end = body.find(q).unwrap_or(body.len()).min(400);
            let Some(raw) = body.get(..end) else { continue };
            let raw = raw.trim_end_matches('\\');
            out.push(raw.to_string());
            out.push(raw.replace("\\\\", "\\"));
        }
    }
}

#[test]
fn the_shared_corpus_matchers_compile_and_match_empty_alike() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if !root.is_dir() {
        eprintln!("skipped: {} is absent", root.display());
        return;
    }
    let mut patterns = Vec::new();
    for d in ["corpus", "corpus-more"] {
        corpus_patterns(&root.join(d), &mut patterns);
    }
    patterns.sort();
    patterns.dedup();
    assert!(
        patterns.len() > 100,
        "only {} patterns found",
        patterns.len()
    );
    let differ: Vec<String> = patterns.iter().filter_map(|p| wrong(p)).collect();
    eprintln!("{} distinct patterns compared", patterns.len());
    assert!(
        differ.is_empty(),
        "{} differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
}
