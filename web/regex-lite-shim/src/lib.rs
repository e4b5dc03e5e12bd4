//! The `regex` of the web engine: the part of `regex`'s API that the engine's dependencies
//! use, over [`regex_lite`] (same author, same syntax, no Unicode tables, no DFA).
//!
//! Why: promql-parser compiles every `=~`/`!~` matcher with `regex`, whose default
//! features it turns on, so `regex` with its Unicode tables and engines (about 590 KB of
//! the engine's 2.3 MB) was in the web engine for one use: telling whether a matcher's
//! pattern compiles and whether it matches the empty string (promql-parser's "at least
//! one non-empty matcher" check). The engine never matches label values. web/Cargo.toml
//! patches `regex` with this crate for the web build only; the CLI keeps the real one.
//!
//! What regex-lite leaves out, and what is done about it, so that the page never reports a
//! pattern that the CLI accepts:
//! - Unicode classes (`\pL`, `\p{Greek}`, `\P{…}`): a pattern regex-lite rejects is
//!   compiled again with each class replaced by one code point (U+FFFD), which consumes
//!   one character like the class, so validity and matching the empty string stay the
//!   same. Not checked: whether the class name exists (`\p{Nope}` is accepted here,
//!   rejected by `regex`).
//! - `\w`, `\d`, `\s`, `\b` are ASCII in regex-lite, as in Go's RE2 (Prometheus);
//!   `regex` makes them Unicode. This changes what matches, never whether a pattern
//!   compiles nor whether it matches the empty string.
//! - Case-insensitive matching is ASCII only: same remark.
//!
//! The tests compare [`Regex::new`] and `is_match("")` with the real `regex` on tricky
//! patterns and on every regex matcher of the shared corpus's queries.

use std::fmt;
use std::ops::Deref;

pub use regex_lite::{Captures, Error, Match};

/// A compiled pattern. Derefs to [`regex_lite::Regex`] for the search methods.
#[derive(Clone)]
pub struct Regex {
    re: regex_lite::Regex,
    /// The pattern as given, when it was rewritten for regex-lite.
    given: Option<Box<str>>,
}

impl Regex {
    pub fn new(pattern: &str) -> Result<Regex, Error> {
        RegexBuilder::new(pattern).build()
    }

    /// The pattern as given (not as rewritten for regex-lite).
    pub fn as_str(&self) -> &str {
        self.given.as_deref().unwrap_or(self.re.as_str())
    }
}

impl Deref for Regex {
    type Target = regex_lite::Regex;
    fn deref(&self) -> &regex_lite::Regex {
        &self.re
    }
}

impl fmt::Debug for Regex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Regex").field(&self.as_str()).finish()
    }
}

impl fmt::Display for Regex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Regex {
    type Err = Error;
    fn from_str(s: &str) -> Result<Regex, Error> {
        Regex::new(s)
    }
}

/// `regex`'s builder over regex-lite's. The settings regex-lite does not have (`octal`,
/// `unicode`, `dfa_size_limit`) are accepted and ignored: only lrlex's run-time lexers set
/// them, and the engine never builds one.
#[derive(Clone, Debug)]
pub struct RegexBuilder {
    pattern: String,
    settings: Settings,
}

#[derive(Clone, Debug, Default)]
struct Settings {
    case_insensitive: bool,
    multi_line: bool,
    dot_matches_new_line: bool,
    crlf: bool,
    swap_greed: bool,
    ignore_whitespace: bool,
    size_limit: Option<usize>,
    nest_limit: Option<u32>,
}

impl RegexBuilder {
    pub fn new(pattern: &str) -> RegexBuilder {
        RegexBuilder {
            pattern: pattern.to_string(),
            settings: Settings::default(),
        }
    }

    pub fn build(&self) -> Result<Regex, Error> {
        let err = match self.lite(&self.pattern) {
            Ok(re) => return Ok(Regex { re, given: None }),
            Err(e) => e,
        };
        // What regex-lite rejects and `regex` may accept (see `lite_rewrite`).
        let Some(rewritten) = lite_rewrite(&self.pattern) else {
            return Err(err);
        };
        match self.lite(&rewritten) {
            Ok(re) => Ok(Regex {
                re,
                given: Some(self.pattern.as_str().into()),
            }),
            Err(_) => Err(err),
        }
    }

    fn lite(&self, pattern: &str) -> Result<regex_lite::Regex, Error> {
        let s = &self.settings;
        let mut b = regex_lite::RegexBuilder::new(pattern);
        b.case_insensitive(s.case_insensitive)
            .multi_line(s.multi_line)
            .dot_matches_new_line(s.dot_matches_new_line)
            .crlf(s.crlf)
            .swap_greed(s.swap_greed)
            .ignore_whitespace(s.ignore_whitespace);
        if let Some(n) = s.size_limit {
            b.size_limit(n);
        }
        if let Some(n) = s.nest_limit {
            b.nest_limit(n);
        }
        b.build()
    }

    pub fn case_insensitive(&mut self, yes: bool) -> &mut RegexBuilder {
        self.settings.case_insensitive = yes;
        self
    }
    pub fn multi_line(&mut self, yes: bool) -> &mut RegexBuilder {
        self.settings.multi_line = yes;
        self
    }
    pub fn dot_matches_new_line(&mut self, yes: bool) -> &mut RegexBuilder {
        self.settings.dot_matches_new_line = yes;
        self
    }
    pub fn crlf(&mut self, yes: bool) -> &mut RegexBuilder {
        self.settings.crlf = yes;
        self
    }
    pub fn swap_greed(&mut self, yes: bool) -> &mut RegexBuilder {
        self.settings.swap_greed = yes;
        self
    }
    pub fn ignore_whitespace(&mut self, yes: bool) -> &mut RegexBuilder {
        self.settings.ignore_whitespace = yes;
        self
    }
    pub fn size_limit(&mut self, bytes: usize) -> &mut RegexBuilder {
        self.settings.size_limit = Some(bytes);
        self
    }
    pub fn nest_limit(&mut self, limit: u32) -> &mut RegexBuilder {
        self.settings.nest_limit = Some(limit);
        self
    }
    /// Ignored (see the type's doc).
    pub fn octal(&mut self, _yes: bool) -> &mut RegexBuilder {
        self
    }
    /// Ignored (see the type's doc).
    pub fn unicode(&mut self, _yes: bool) -> &mut RegexBuilder {
        self
    }
    /// Ignored (see the type's doc).
    pub fn dfa_size_limit(&mut self, _bytes: usize) -> &mut RegexBuilder {
        self
    }
}

/// `pattern` with what regex-lite lacks replaced by U+FFFD, one code point like what it
/// replaces, or `None` when there is nothing to replace: Unicode classes (`\pL`, `\p{…}`,
/// `\PL`, `\P{…}`), and bracket classes holding a nested class (`[a[bc]]`, including an
/// unknown `[:name:]`), a set operation (`&&`, `--`, `~~`) or a Unicode class.
fn lite_rewrite(pattern: &str) -> Option<String> {
    let b = pattern.as_bytes();
    let mut out = String::with_capacity(pattern.len());
    let mut changed = false;
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                let end = escape_end(b, i)?;
                if matches!(b.get(i + 1), Some(b'p' | b'P')) {
                    out.push_str(&pattern[copied..i]);
                    out.push_str(FFFD);
                    copied = end;
                    changed = true;
                }
                i = end;
            }
            b'[' => {
                let end = class_end(b, i)?;
                let inner = &pattern[i + 1..end - 1];
                let lacking = inner.contains('[')
                    || ["&&", "--", "~~", "\\p", "\\P"]
                        .iter()
                        .any(|s| inner.contains(s));
                if lacking {
                    out.push_str(&pattern[copied..i]);
                    out.push_str(FFFD);
                    copied = end;
                    changed = true;
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    out.push_str(&pattern[copied..]);
    changed.then_some(out)
}

const FFFD: &str = "\\x{FFFD}";

/// Where the escape starting at `b[i] == '\\'` ends (`\x`, `\x{…}`, `\pL`, `\p{…}`), or
/// `None` when it is cut short.
fn escape_end(b: &[u8], i: usize) -> Option<usize> {
    let c = *b.get(i + 1)?;
    if matches!(c, b'x' | b'u' | b'U' | b'p' | b'P') && b.get(i + 2) == Some(&b'{') {
        let close = b[i + 3..].iter().position(|&c| c == b'}')?;
        return Some(i + 3 + close + 1);
    }
    // One character, which may be several bytes.
    let len = match c {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    };
    let mut end = i + 1 + len;
    if matches!(c, b'p' | b'P') {
        end += 1; // `\pL`: the class letter
    }
    (end <= b.len()).then_some(end)
}

/// Where the bracket class starting at `b[i] == '['` ends, nested classes included, as
/// `regex`'s parser reads it (a `]` right after `[` or `[^` is a literal), or `None` when
/// it is not closed.
fn class_end(b: &[u8], i: usize) -> Option<usize> {
    let mut depth = 0;
    let mut j = i;
    while j < b.len() {
        match b[j] {
            b'[' if depth > 0 && b.get(j + 1) == Some(&b':') => {
                // `[:alpha:]`, or a nested class starting with `:` when no `:]` follows.
                match b[j + 2..].windows(2).position(|w| w == b":]") {
                    Some(k) => j += 2 + k + 2,
                    None => j = open(b, j, &mut depth),
                }
            }
            b'[' => j = open(b, j, &mut depth),
            b']' => {
                depth -= 1;
                j += 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            b'\\' => j = escape_end(b, j)?,
            _ => j += 1,
        }
    }
    None
}

/// Past a class's opening `[`, its `^` and a leading literal `]`.
fn open(b: &[u8], mut j: usize, depth: &mut usize) -> usize {
    *depth += 1;
    j += 1;
    if b.get(j) == Some(&b'^') {
        j += 1;
    }
    if b.get(j) == Some(&b']') {
        j += 1;
    }
    j
}
