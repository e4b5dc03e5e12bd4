//! Queries parsed without compiling their label regexes. promql-parser compiles every
//! `=~`/`!~` matcher into a `regex::Regex` (`^(?:…)$`): on the shared corpus that was half
//! of the time spent parsing PromQL and a third of the memory its trees held, for values
//! no rule reads (rules read metric names and `=` matchers only).
//!
//! So a query is first parsed with each regex matcher replaced by an equality matcher
//! that keeps what the parser checks: validity (a pattern that does not parse is left as
//! it is) and whether it matches the empty string (`{job=~".*"}` alone is an error):
//! `=~` becomes `=` and `!~` becomes `!=`, with the value `""` when the pattern matches
//! the empty string and `"x"` when it does not, which gives each matcher the same answer
//! on the empty string. Matchers on the labels whose `=` matchers rules read
//! ([`READ_LABELS`]) are left as they are. Any doubt (an escape in the literal, an
//! assertion in the pattern) leaves the matcher as it is, and a query that fails this way
//! is parsed again as written, so errors and their messages are promql-parser's own.

/// Labels whose equality matchers a rule reads (`promql::metric_name`, PQL003's
/// `quantile`): their regex matchers must not turn into equality matchers.
pub const READ_LABELS: &[&str] = &["__name__", "quantile"];

/// The query with its regex literals replaced, or `None` when there is none to replace.
pub fn blank_regexes(q: &str) -> Option<String> {
    let b = q.as_bytes();
    if !q.contains("=~") && !q.contains("!~") {
        return None;
    }
    let mut out = String::with_capacity(q.len());
    let mut copied = 0;
    let mut changed = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' | b'\'' | b'`' => i = skip_string(b, i),
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'=' | b'!' if b.get(i + 1) == Some(&b'~') && !read_label(q, i) => {
                let mut j = i + 2;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let end = skip_string(b, j);
                    if let Some(rep) = replacement(&q[j..end]) {
                        out.push_str(&q[copied..i]);
                        out.push_str(if b[i] == b'=' { "=" } else { "!=" });
                        out.push_str(&q[i + 2..j]);
                        out.push_str(rep);
                        copied = end;
                        changed = true;
                    }
                    i = end;
                } else {
                    i = j;
                }
            }
            _ => i += 1,
        }
    }
    if !changed {
        return None;
    }
    out.push_str(&q[copied..]);
    Some(out)
}

/// Whether the matcher whose operator is at `op` is on one of [`READ_LABELS`] (or on a
/// label that cannot be read back, to be safe).
fn read_label(q: &str, op: usize) -> bool {
    let before = q[..op].trim_end();
    let name_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let name = &before[name_start..];
    name.is_empty() || READ_LABELS.contains(&name)
}

/// Index after the string literal that starts at `start` (or the end of the text); always
/// at a character boundary (the quotes are ASCII, and an escaped byte is stepped over
/// with its whole character).
fn skip_string(b: &[u8], start: usize) -> usize {
    let quote = b[start];
    let mut i = start + 1;
    while i < b.len() {
        if b[i] == b'\\' && quote != b'`' {
            i += 2;
            // UTF-8 continuation bytes.
            while i < b.len() && (b[i] & 0xC0) == 0x80 {
                i += 1;
            }
            continue;
        }
        if b[i] == quote {
            return i + 1;
        }
        i += 1;
    }
    b.len()
}

/// A trivial literal equivalent to `lit` for the parser, when that is certain.
fn replacement(lit: &str) -> Option<&'static str> {
    let quote = lit.chars().next()?;
    let inner = lit.strip_prefix(quote)?.strip_suffix(quote)?;
    if inner.contains('\\') || inner.contains(quote) || inner.contains('\n') {
        return None;
    }
    let matches_empty = simple_matches_empty(inner).or_else(|| parsed_matches_empty(inner))?;
    Some(match (quote, matches_empty) {
        ('"', true) => "\"\"",
        ('"', false) => "\"x\"",
        (_, true) => "''",
        (_, false) => "'x'",
    })
}

/// Whether `pattern`, anchored as promql-parser anchors it, matches the empty string, from
/// regex-syntax's parse; `None` when it does not parse or holds an assertion other than
/// `^` and `$` (the others may or may not hold on the empty string).
fn parsed_matches_empty(pattern: &str) -> Option<bool> {
    let hir = regex_syntax::Parser::new()
        .parse(&format!("^(?:{pattern})$"))
        .ok()?;
    let p = hir.properties();
    let anchors_only = p
        .look_set()
        .remove(regex_syntax::hir::Look::Start)
        .remove(regex_syntax::hir::Look::End)
        .is_empty();
    anchors_only.then(|| p.minimum_len() == Some(0))
}

/// Whether `pattern` matches the empty string, without parsing it, for the patterns most
/// queries hold: alternatives of plain characters and `.`, each one followed by at most
/// one `*`, `+` or `?` (`api|web`, `.*`, `.+`, `prod-.*`, `5..`). Such a pattern is valid
/// and holds no assertion; an alternative matches the empty string when each of its atoms
/// has `*` or `?`. `None` for any other pattern (it is then parsed): parsing one took
/// 12,600 instructions, 63 M for the 5,005 of the shared corpus.
fn simple_matches_empty(pattern: &str) -> Option<bool> {
    let mut any_empty = false;
    // Whether the current alternative needs a character, and whether its last atom may
    // still take a quantifier (and needs a character unless it gets `*` or `?`).
    let mut needs_char = false;
    let mut open_atom = false;
    for &c in pattern.as_bytes() {
        match c {
            b'.'
            | b'_'
            | b'-'
            | b':'
            | b'/'
            | b','
            | b' '
            | b'@'
            | b'%'
            | b'='
            | b'0'..=b'9'
            | b'a'..=b'z'
            | b'A'..=b'Z' => {
                needs_char |= open_atom;
                open_atom = true;
            }
            b'*' | b'?' | b'+' => {
                // A quantifier after nothing or after another one (`a*?` is lazy): not
                // this simple form.
                if !open_atom {
                    return None;
                }
                needs_char |= c == b'+';
                open_atom = false;
            }
            b'|' => {
                any_empty |= !(needs_char || open_atom);
                needs_char = false;
                open_atom = false;
            }
            _ => return None,
        }
    }
    Some(any_empty || !(needs_char || open_atom))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_patterns_agree_with_the_regex_parser() {
        for p in [
            "",
            "a",
            ".",
            ".*",
            ".+",
            ".?",
            "a|",
            "|a",
            "|",
            "a||b",
            "api|web",
            "prod-.*",
            "5..",
            "a*b*",
            "a*b",
            "a+|b*",
            "a?b?|c",
            "a**",
            "a*?",
            "*a",
            "a|*",
            "+",
            "node_.*",
            "x:y/z,w @%=",
            "a.*|",
            ".*|.+",
            "a?",
            "ab?c*",
        ] {
            let Some(fast) = simple_matches_empty(p) else {
                continue;
            };
            // `None` from the parse: taken as simple, but invalid or with an assertion.
            assert_eq!(Some(fast), parsed_matches_empty(p), "{p:?}");
        }
        for p in [
            "a**", "a*?", "*a", "a|*", "+", "(a)", "a{2}", "[a]", "\\d", "$x", "é",
        ] {
            assert_eq!(simple_matches_empty(p), None, "{p:?}");
        }
    }

    #[test]
    fn regex_literals_are_blanked_keeping_emptiness() {
        assert_eq!(
            blank_regexes(r#"up{job=~"api|web", env!~".*", x="a=~b"}"#).as_deref(),
            Some(r#"up{job="x", env!="", x="a=~b"}"#)
        );
        assert_eq!(blank_regexes("up{job='a'}"), None);
        // Escapes, assertions and invalid patterns stay as written.
        assert_eq!(blank_regexes(r#"up{job=~"a\\.b"}"#), None);
        assert_eq!(blank_regexes(r#"up{job=~"\b"}"#), None);
        assert_eq!(blank_regexes(r#"up{job=~"(a"}"#), None);
        assert_eq!(blank_regexes("up # =~\"a\"\n"), None);
        // Labels whose `=` matchers rules read keep their regex.
        assert_eq!(blank_regexes(r#"{__name__=~"node_.*"}"#), None);
        assert_eq!(
            blank_regexes(r#"x{quantile=~"0.9", job =~ "a"}"#).as_deref(),
            Some(r#"x{quantile=~"0.9", job = "x"}"#)
        );
    }

    #[test]
    fn same_parse_outcome_as_the_query_as_written() {
        for q in [
            r#"{job=~".*"}"#,
            r#"{job=~".+"}"#,
            r#"{job=~"a*", x!~"b"}"#,
            r#"sum(rate(http_requests_total{job=~"api|web", code!~"2.."}[5m]))"#,
            r#"{__name__=~"node_.*"}"#,
            r#"up{job=~"a{1,}"}"#,
            r#"{job!~""}"#,
            r#"{job!~"x"}"#,
            r#"{job=~"", env!~"y"}"#,
        ] {
            let plain = promql_parser::parser::parse(q);
            let blanked = blank_regexes(q).unwrap_or_else(|| q.to_string());
            let fast = promql_parser::parser::parse(&blanked);
            assert_eq!(plain.is_ok(), fast.is_ok(), "{q}");
        }
    }
}
