//! A small JSON parser that keeps the byte span of every value and key.

use super::{Entry, Node, ParseError, Style, Value, MAX_DEPTH};
use crate::source::Span;

struct P<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    depth: usize,
    /// Items and entries of the arrays and objects being read, innermost last: each
    /// collection is moved out in one exact-size block when it closes (no growing vector
    /// per collection, no shrinking copy).
    items: Vec<Node>,
    entries: Vec<Entry>,
}

/// Parses one JSON document.
pub fn parse_json(text: &str) -> Result<Node, ParseError> {
    let mut p = P {
        s: text.as_bytes(),
        text,
        i: 0,
        depth: 0,
        items: Vec::new(),
        entries: Vec::new(),
    };
    // A UTF-8 byte-order mark is tolerated.
    if text.starts_with('\u{feff}') {
        p.i = 3;
    }
    p.ws();
    let v = p.value()?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.err("unexpected content after the JSON value"));
    }
    Ok(v)
}

impl P<'_> {
    fn err(&self, msg: &str) -> ParseError {
        let end = (self.i + 1).min(self.s.len());
        let mut start = self.i.min(self.s.len());
        while start > 0 && !self.text.is_char_boundary(start) {
            start -= 1;
        }
        ParseError {
            message: msg.to_string(),
            span: Span::new(start, end.max(start)),
        }
    }

    fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn value(&mut self) -> Result<Node, ParseError> {
        match self.s.get(self.i) {
            None => Err(self.err("unexpected end of JSON input")),
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => self.string(),
            Some(b't') => self.word("true"),
            Some(b'f') => self.word("false"),
            Some(b'n') => self.word("null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("expected a JSON value")),
        }
    }

    fn enter(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(&format!(
                "nesting deeper than {MAX_DEPTH} levels; parsing stopped"
            )));
        }
        Ok(())
    }

    fn object(&mut self) -> Result<Node, ParseError> {
        self.enter()?;
        let start = self.i;
        self.i += 1;
        let base = self.entries.len();
        self.ws();
        if self.s.get(self.i) == Some(&b'}') {
            self.i += 1;
        } else {
            loop {
                self.ws();
                if self.s.get(self.i) != Some(&b'"') {
                    return Err(self.err("expected a string key"));
                }
                let key = self.string()?;
                self.ws();
                if self.s.get(self.i) != Some(&b':') {
                    return Err(self.err("expected `:` after the key"));
                }
                self.i += 1;
                self.ws();
                let value = self.value()?;
                self.entries.push(Entry { key, value });
                self.ws();
                match self.s.get(self.i) {
                    Some(b',') => self.i += 1,
                    Some(b'}') => {
                        self.i += 1;
                        break;
                    }
                    _ => return Err(self.err("expected `,` or `}`")),
                }
            }
        }
        self.depth -= 1;
        Ok(Node {
            span: Span::new(start, self.i),
            value: Value::Map(crate::take_tail(&mut self.entries, base).into_boxed_slice()),
        })
    }

    fn array(&mut self) -> Result<Node, ParseError> {
        self.enter()?;
        let start = self.i;
        self.i += 1;
        let base = self.items.len();
        self.ws();
        if self.s.get(self.i) == Some(&b']') {
            self.i += 1;
        } else {
            loop {
                self.ws();
                let v = self.value()?;
                self.items.push(v);
                self.ws();
                match self.s.get(self.i) {
                    Some(b',') => self.i += 1,
                    Some(b']') => {
                        self.i += 1;
                        break;
                    }
                    _ => return Err(self.err("expected `,` or `]`")),
                }
            }
        }
        self.depth -= 1;
        Ok(Node {
            span: Span::new(start, self.i),
            value: Value::Seq(crate::take_tail(&mut self.items, base).into_boxed_slice()),
        })
    }

    fn string(&mut self) -> Result<Node, ParseError> {
        let start = self.i;
        self.i += 1;
        let mut out = String::new();
        let mut run = self.i;
        loop {
            match self.s.get(self.i) {
                None => {
                    self.i = start;
                    return Err(self.err("unterminated string"));
                }
                Some(b'"') => {
                    let text = if out.is_empty() && run == start + 1 {
                        // No escape: the text as written, without a `String` on the way.
                        crate::Text::from(&self.text[run..self.i])
                    } else {
                        out.push_str(&self.text[run..self.i]);
                        crate::Text::from(out)
                    };
                    self.i += 1;
                    return Ok(Node::scalar(
                        text,
                        Style::DoubleQuoted,
                        Span::new(start, self.i),
                    ));
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run..self.i]);
                    let c = match self.s.get(self.i + 1) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            let hex = self.text.get(self.i + 2..self.i + 6).unwrap_or("");
                            let mut cp = u32::from_str_radix(hex, 16)
                                .map_err(|_| self.err("invalid \\u escape"))?;
                            let mut extra = 0;
                            if (0xD800..0xDC00).contains(&cp)
                                && self.text.get(self.i + 6..self.i + 8) == Some("\\u")
                            {
                                if let Ok(lo) = u32::from_str_radix(
                                    self.text.get(self.i + 8..self.i + 12).unwrap_or(""),
                                    16,
                                ) {
                                    cp = 0x10000
                                        + ((cp - 0xD800) << 10)
                                        + (lo.wrapping_sub(0xDC00) & 0x3ff);
                                    extra = 6;
                                }
                            }
                            self.i += 4 + extra;
                            char::from_u32(cp).unwrap_or('\u{fffd}')
                        }
                        _ => return Err(self.err("invalid escape")),
                    };
                    out.push(c);
                    self.i += 2;
                    run = self.i;
                }
                Some(b) if *b < 0x20 => return Err(self.err("control character in string")),
                Some(_) => self.i += 1,
            }
        }
    }

    fn word(&mut self, w: &str) -> Result<Node, ParseError> {
        if self.s[self.i..].starts_with(w.as_bytes()) {
            let start = self.i;
            self.i += w.len();
            Ok(Node::scalar(w, Style::Plain, Span::new(start, self.i)))
        } else {
            Err(self.err("expected a JSON value"))
        }
    }

    fn number(&mut self) -> Result<Node, ParseError> {
        let start = self.i;
        while self.i < self.s.len()
            && matches!(
                self.s[self.i],
                b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'
            )
        {
            self.i += 1;
        }
        let t = &self.text[start..self.i];
        if t.parse::<f64>().is_err() {
            self.i = start;
            return Err(self.err("invalid number"));
        }
        Ok(Node::scalar(t, Style::Plain, Span::new(start, self.i)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_values() {
        let t = r#"{"a": [1, true, null], "b": "x\"y", "c": {"d": "\u00e9"}}"#;
        let n = parse_json(t).unwrap();
        let b = n.get("b").unwrap();
        assert_eq!(b.as_str(), Some("x\"y"));
        assert_eq!(&t[b.span.start as usize..b.span.end as usize], r#""x\"y""#);
        assert_eq!(n.path(&["c", "d"]).unwrap().as_str(), Some("é"));
        assert!(n.get("a").unwrap().items()[2].is_null());
    }

    #[test]
    fn errors_have_positions() {
        let e = parse_json("{\n  \"a\": 1,\n  \"b\" 2\n}").unwrap_err();
        assert_eq!(e.span.start, 18);
        assert!(parse_json(&"[".repeat(10_000)).is_err());
        assert!(parse_json("").is_err());
        assert!(parse_json("\"abc").is_err());
    }
}
