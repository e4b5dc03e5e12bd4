//! Tests of the RE2 engine against Go's behaviour.

use super::*;

#[test]
fn rejects_what_go_rejects() {
    for bad in [
        "(", "a)", "[a", "a**", "*a", "a{2,1}", "(?=a)", "(?!a)", "(?<=a)b", "\\1", "\\8", "\\i",
        "a{1001}", "x++", "[z-a]", "\\",
    ] {
        assert!(check(bad).is_err(), "{bad} should be rejected");
    }
    for good in [
        "",
        "(.*)",
        "a|b",
        "[]a]",
        "[^]a]",
        "\\.",
        "a{2}",
        "a{,2}",
        "x{",
        "(?i)abc",
        "(?s:.)",
        "(?P<name>a)",
        "(?P<n>a)(?P<n>b)",
        "[\\d-z]",
        "(?<name>a)",
        "\\d+\\.\\d+",
        "[[:alpha:]]",
        "a+?",
        "\\Qa.b\\E",
        "\\x41",
        "\\x{263a}",
        "\\pL",
        "\\p{Greek}",
        "(?:a|b)*",
        "\\012",
        "__meta_kubernetes_pod_label_(.+)",
        "([^:]+)(?::\\d+)?;(\\d+)",
        "a*?",
        "a??",
    ] {
        assert!(
            check(good).is_ok(),
            "{good} should be accepted: {:?}",
            check(good)
        );
    }
}

#[test]
fn matches_like_prometheus() {
    let r = Regex::new("backend-api|postgres|redis").unwrap();
    assert_eq!(r.full_match("postgres"), Some(true));
    assert_eq!(r.full_match("postgres-exporter"), Some(false));
    let r = Regex::new("([^:]+)(?::\\d+)?;(\\d+)").unwrap();
    assert_eq!(
        r.replace("10.1.2.3:5432;9187", "$1:$2"),
        Some(Some("10.1.2.3:9187".into()))
    );
    assert_eq!(r.replace("10.1.2.3:5432;", "$1:$2"), Some(None));
    let r = Regex::new("(.*)").unwrap();
    assert_eq!(r.replace("a;b", "${1}x"), Some(Some("a;bx".into())));
    // `$1x` is the group named `1x`, which does not exist.
    assert_eq!(r.replace("a", "$1x"), Some(Some(String::new())));
    let r = Regex::new("(?i)TRUE").unwrap();
    assert_eq!(r.full_match("true"), Some(true));
    let r = Regex::new("(a*)*b").unwrap();
    assert_eq!(r.full_match(&"a".repeat(200)), Some(false));
    let r = Regex::new("a{2,3}").unwrap();
    assert_eq!(r.full_match("aaa"), Some(true));
    assert_eq!(r.full_match("aaaa"), Some(false));
    let r = Regex::new("[^0-9]+").unwrap();
    assert_eq!(r.full_match("abc"), Some(true));
    assert_eq!(r.full_match("ab1"), Some(false));
}

#[test]
fn literal_alternatives_of_simple_patterns() {
    assert_eq!(
        literal_alternatives("backend-api|postgres|redis"),
        Some(vec![
            "backend-api".into(),
            "postgres".into(),
            "redis".into()
        ])
    );
    assert_eq!(literal_alternatives("a.*"), None);
}
