//! Case-insensitive substring patterns with `*` wildcards. A `*` matches any run of
//! characters within one line; the pattern may match anywhere in the line.

/// Lower-cases a pattern or a line the same way (Unicode-aware, so `É` matches `é`).
pub fn fold(s: &str) -> String {
    s.to_lowercase()
}

/// The literal parts of a pattern (what `*` separates), empty parts removed.
fn parts(pattern: &str) -> impl Iterator<Item = &str> {
    pattern.split('*').filter(|p| !p.is_empty())
}

/// Number of literal characters in a pattern: longer patterns are more specific.
pub fn weight(pattern: &str) -> usize {
    parts(pattern).map(|p| p.chars().count()).sum()
}

/// Whether `pattern` (already folded) occurs in `line` (already folded): each literal
/// part is found after the previous one.
pub fn matches(pattern: &str, line: &str) -> bool {
    let mut rest = line;
    let mut any = false;
    for p in parts(pattern) {
        any = true;
        match rest.find(p) {
            Some(i) => rest = &rest[i + p.len()..],
            None => return false,
        }
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_and_case() {
        let line =
            fold(r#"Get "http://x:9/metrics": dial tcp: lookup x on 127.0.0.11:53: no such host"#);
        assert!(matches(&fold("No such HOST"), &line));
        assert!(matches(
            &fold("lookup * on 127.0.0.11*: no such host"),
            &line
        ));
        assert!(!matches(&fold("no such host*lookup"), &line));
        assert!(!matches("", &line));
        assert!(!matches("*", &line));
        assert_eq!(weight("lookup * on *"), 11);
        assert!(matches(&fold("ÉCHEC"), &fold("échec total")));
    }
}
