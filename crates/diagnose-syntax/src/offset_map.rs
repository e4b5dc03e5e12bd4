//! Maps byte offsets in a decoded scalar (a ConfigMap block scalar, a JSON string) back to
//! byte offsets in the file it was written in.

use super::Style;
use crate::source::Span;

/// A piecewise mapping from offsets in an inner text to offsets in an outer text.
#[derive(Clone, Debug, Default)]
pub struct OffsetMap {
    /// (inner offset, outer offset) pairs, sorted by inner offset; an inner offset between
    /// two anchors maps linearly from the earlier anchor.
    anchors: Vec<(u32, u32)>,
    inner_len: u32,
    outer_end: u32,
}

impl OffsetMap {
    /// Identity map shifted by `outer_start`.
    pub fn shifted(outer_start: usize, len: usize) -> OffsetMap {
        OffsetMap {
            anchors: vec![(0, outer_start as u32)],
            inner_len: len as u32,
            outer_end: (outer_start + len) as u32,
        }
    }

    /// A map from explicit (inner offset, outer offset) anchors, sorted by inner offset
    /// (for text assembled from pieces, such as Markdown code blocks).
    pub fn from_anchors(
        anchors: Vec<(usize, usize)>,
        inner_len: usize,
        outer_end: usize,
    ) -> OffsetMap {
        let mut anchors: Vec<(u32, u32)> = anchors
            .into_iter()
            .map(|(i, o)| (i as u32, o as u32))
            .collect();
        anchors.sort_by_key(|a| a.0);
        anchors.dedup_by_key(|a| a.0);
        if anchors.is_empty() {
            anchors.push((0, outer_end as u32));
        }
        OffsetMap {
            anchors,
            inner_len: inner_len as u32,
            outer_end: outer_end as u32,
        }
    }

    /// Builds the map for a scalar whose decoded value is `value` and whose raw text is
    /// `outer[span]`. Characters are matched in order; escapes, folding and indentation
    /// are skipped over in the raw text.
    pub fn for_scalar(outer: &str, span: Span, style: Style, value: &str) -> OffsetMap {
        let raw_start = span.start as usize;
        let raw_end = (span.end as usize).min(outer.len());
        let raw = &outer[raw_start..raw_end];
        let mut anchors = Vec::with_capacity(value.len() / 8 + 2);
        let rb = raw.as_bytes();
        // Skip the header of the scalar: quote or block indicator line.
        let mut j = match style {
            Style::SingleQuoted | Style::DoubleQuoted => 1,
            Style::Literal | Style::Folded => 0,
            Style::Plain | Style::Binary => 0,
        };
        let mut last_delta: Option<i64> = None;
        let vb = value.as_bytes();
        let mut i = 0;
        while i < vb.len() {
            // The common case first: the same ASCII byte next in the raw text (what the
            // search below finds at once, without decoding a character).
            let run = same_ascii_run(&vb[i..], rb.get(j..).unwrap_or_default(), style);
            if run > 0 {
                let delta = (raw_start + j) as i64 - i as i64;
                if last_delta != Some(delta) {
                    anchors.push((i as u32, (raw_start + j) as u32));
                    last_delta = Some(delta);
                }
                i += run;
                j += run;
                continue;
            }
            let c = value[i..].chars().next().unwrap_or_default();
            let mut buf = [0u8; 4];
            let cb = c.encode_utf8(&mut buf).as_bytes();
            // Find this character in the raw text at or after j.
            let mut k = j;
            let found = loop {
                if k >= rb.len() {
                    break None;
                }
                // (ASCII, the common case, without a slice comparison.)
                if (cb.len() == 1 && rb[k] == cb[0]) || (cb.len() > 1 && rb[k..].starts_with(cb)) {
                    break Some(k);
                }
                if rb[k] == b'\\' && style == Style::DoubleQuoted {
                    // An escape that produces this character maps to its backslash; an
                    // escaped line break produces nothing and is skipped.
                    if escape_matches(&rb[k..], c) {
                        break Some(k);
                    }
                    if matches!(rb.get(k + 1), Some(b'\n') | Some(b'\r')) {
                        k += 2;
                        continue;
                    }
                    break None;
                }
                // Folding turns a line break into a space and a run of spaces into one; in
                // a literal block a line break is a line break (a line of spaces only is
                // indentation, not the break).
                if style != Style::Literal
                    && (c == ' ' || c == '\n')
                    && matches!(rb[k], b' ' | b'\n' | b'\r' | b'\t')
                {
                    break Some(k);
                }
                // Indentation, line breaks and quote doubling are skipped.
                if matches!(rb[k], b' ' | b'\n' | b'\r' | b'\t' | b'\'' | b'\\') {
                    k += 1;
                    continue;
                }
                break None;
            };
            let Some(k) = found else { break };
            let outer_off = (raw_start + k) as i64;
            let delta = outer_off - i as i64;
            if last_delta != Some(delta) {
                anchors.push((i as u32, outer_off as u32));
                last_delta = Some(delta);
            }
            j = k + if rb[k] == b'\\' && style == Style::DoubleQuoted {
                escape_len(&rb[k..]).max(1)
            } else {
                cb.len()
            };
            // Skip the rest of a whitespace run that folded into this character.
            if (c == ' ' || c == '\n') && rb[k] != cb[0] {
                while j < rb.len() && matches!(rb[j], b' ' | b'\t') {
                    j += 1;
                }
            }
            i += cb.len();
        }
        if anchors.is_empty() {
            anchors.push((0, raw_start as u32));
        }
        // Kept for every embedded file of the run: a block scalar has about one anchor a
        // line, far fewer than the capacity reserved above.
        anchors.shrink_to_fit();
        OffsetMap {
            anchors,
            inner_len: value.len() as u32,
            outer_end: raw_end as u32,
        }
    }

    /// Maps an inner offset to an outer offset.
    pub fn map(&self, inner: usize) -> usize {
        let inner = (inner as u32).min(self.inner_len);
        let idx = match self.anchors.binary_search_by_key(&inner, |a| a.0) {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        };
        let (i0, o0) = self.anchors[idx];
        ((o0 + inner.saturating_sub(i0)).min(self.outer_end.max(o0))) as usize
    }

    pub fn map_span(&self, span: Span) -> Span {
        let start = self.map(span.start as usize);
        let end = if span.is_empty() {
            start
        } else {
            self.map(span.end as usize - 1) + 1
        };
        Span::new(start, end)
    }

    /// Composes two maps: `self` maps inner → middle, `outer` maps middle → outer.
    pub fn then(&self, outer: &OffsetMap) -> OffsetMap {
        let anchors = self
            .anchors
            .iter()
            .map(|&(i, o)| (i, outer.map(o as usize) as u32))
            .collect();
        OffsetMap {
            anchors,
            inner_len: self.inner_len,
            outer_end: outer.outer_end,
        }
    }
}

/// Length of the run of ASCII bytes that `value` and `raw` share at their starts, stopping
/// before a backslash in a double-quoted scalar (an escape there). Each byte of the run maps
/// to the same offset shift, so the run needs one anchor. Compared eight bytes at a time:
/// embedded dashboards and configs are mostly such runs, one a line.
fn same_ascii_run(value: &[u8], raw: &[u8], style: Style) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    const BACKSLASHES: u64 = ONES * b'\\' as u64;
    let escapes = style == Style::DoubleQuoted;
    let n = value.len().min(raw.len());
    let mut k = 0;
    while k + 8 <= n {
        let word = |b: &[u8]| u64::from_le_bytes(b[k..k + 8].try_into().unwrap_or_default());
        let (v, r) = (word(value), word(raw));
        let backslash = if escapes {
            // A zero byte of `v ^ BACKSLASHES` is a backslash (the classic has-zero-byte test;
            // it may flag a byte after a true one, which only ends the word's fast path).
            let x = v ^ BACKSLASHES;
            x.wrapping_sub(ONES) & !x & HIGH
        } else {
            0
        };
        if v != r || v & HIGH != 0 || backslash != 0 {
            break;
        }
        k += 8;
    }
    while k < n {
        let b = value[k];
        if b >= 0x80 || raw[k] != b || (escapes && b == b'\\') {
            break;
        }
        k += 1;
    }
    k
}

fn escape_len(b: &[u8]) -> usize {
    match b.get(1) {
        Some(b'x') => 4,
        Some(b'u') => 6,
        Some(b'U') => 10,
        Some(b'\n') => 2,
        Some(_) => 2,
        None => 1,
    }
}

fn escape_matches(b: &[u8], c: char) -> bool {
    match b.get(1) {
        Some(b'n') => c == '\n',
        Some(b't') => c == '\t',
        Some(b'r') => c == '\r',
        Some(b'"') => c == '"',
        Some(b'/') => c == '/',
        Some(b'\\') => c == '\\',
        Some(b'b') => c == '\u{8}',
        Some(b'f') => c == '\u{c}',
        Some(b'u') | Some(b'x') | Some(b'U') => true,
        Some(b'0') => c == '\0',
        Some(b' ') => c == ' ',
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_yaml;

    #[test]
    fn block_scalar_lines_map_to_outer_lines() {
        let t = "data:\n  prometheus.yml: |\n    global:\n      scrape_interval: 15s\n";
        let (docs, _) = parse_yaml(t);
        let n = docs[0].root.path(&["data", "prometheus.yml"]).unwrap();
        let v = n.as_str().unwrap();
        let m = OffsetMap::for_scalar(t, n.span, n.style().unwrap(), v);
        let inner = v.find("15s").unwrap();
        assert_eq!(&t[m.map(inner)..m.map(inner) + 3], "15s");
        let inner = v.find("global").unwrap();
        assert_eq!(&t[m.map(inner)..m.map(inner) + 6], "global");
    }

    /// Lines of spaces only in a literal block (as editors leave them) keep the lines
    /// below them in place.
    #[test]
    fn lines_of_spaces_in_a_literal_block() {
        let t = "data:\n  prometheus.yml: |\n    global:\n      scrape_interval: 15s\n    \n    scrape_configs:\n      - job_name: a\n        \n      - job_name: b\n        bogus_key: 1\n   \n\n      - job_name: c\n";
        let (docs, _) = parse_yaml(t);
        let n = docs[0].root.path(&["data", "prometheus.yml"]).unwrap();
        let v = n.as_str().unwrap();
        let m = OffsetMap::for_scalar(t, n.span, n.style().unwrap(), v);
        for word in [
            "scrape_configs",
            "job_name: a",
            "job_name: b",
            "bogus_key",
            "job_name: c",
        ] {
            let inner = v.find(word).unwrap();
            assert_eq!(&t[m.map(inner)..m.map(inner) + word.len()], word, "{v:?}");
        }
    }

    #[test]
    fn json_escapes() {
        let t = r#""a\"b\nc rate(x[5m])""#;
        let v = "a\"b\nc rate(x[5m])";
        let m = OffsetMap::for_scalar(t, Span::new(0, t.len()), Style::DoubleQuoted, v);
        let inner = v.find("rate").unwrap();
        assert_eq!(&t[m.map(inner)..m.map(inner) + 4], "rate");
        assert_eq!(m.map(1), 2);
        assert_eq!(&t[m.map(2)..m.map(2) + 1], "b");
    }

    /// Every character of a scalar that the raw text writes as itself maps to where it is
    /// written, whatever the length of the runs: escapes after long runs (the fast path
    /// stops at a backslash), multi-byte characters, long lines of a literal block.
    #[test]
    fn each_character_maps_to_where_it_is_written() {
        let quoted = r#"k: "sum(rate(http_requests_total{path=~\"/api/.*\", é=\"ü\"}[5m])) by (instance_name_long)\n\tnext\\line""#;
        let literal = "k: |\n  {\"expr\": \"sum by (job) (rate(node_cpu_seconds_total{mode!=\\\"idle\\\"}[5m]))\", \"légende\": \"ok\"}\n    indented line of more than sixteen bytes\n";
        let single =
            "k: 'it''s a long single-quoted scalar with a doubled quote ''here'' and more'";
        let folded = "k: >\n  folded text that is long enough\n  to take several words of eight\n";
        for t in [quoted, literal, single, folded] {
            let (docs, _) = parse_yaml(t);
            let n = docs[0].root.get("k").unwrap();
            let v = n.as_str().unwrap();
            let m = OffsetMap::for_scalar(t, n.span, n.style().unwrap(), v);
            let mut checked = 0;
            for (i, c) in v.char_indices() {
                if c.is_alphanumeric() || "{}()[]=~_.|:".contains(c) {
                    let o = m.map(i);
                    assert!(
                        t[o..].starts_with(c),
                        "{c:?} at {i} of {v:?} maps to {:?}",
                        &t[o..]
                    );
                    checked += 1;
                }
            }
            assert!(checked > 20, "{t}");
        }
    }
}
