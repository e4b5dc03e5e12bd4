//! A small JSON writer: objects, arrays, strings, integers, booleans and null, compact or
//! pretty, written byte for byte as `serde_json` writes them (`to_string`,
//! `to_string_pretty`: two-space indentation, `[]` and `{}` when empty, the same string
//! escapes). The core writes its JSON shapes with it (`diagnose_core::present`), so the web
//! engine links no serializer; the tests compare it with serde_json.

/// Writes one JSON value into a string. Call the methods in document order: inside an
/// object, [`JsonWriter::key`] before each value.
#[derive(Debug)]
pub struct JsonWriter {
    out: String,
    pretty: bool,
    /// For each open array or object: whether it holds a value yet.
    open: Vec<bool>,
    /// A key was just written: the value follows it on the same line.
    after_key: bool,
}

impl JsonWriter {
    /// A compact writer (`serde_json::to_string`).
    pub fn compact() -> JsonWriter {
        JsonWriter::new(false)
    }

    /// A pretty writer (`serde_json::to_string_pretty`).
    pub fn pretty() -> JsonWriter {
        JsonWriter::new(true)
    }

    fn new(pretty: bool) -> JsonWriter {
        JsonWriter {
            out: String::new(),
            pretty,
            open: Vec::new(),
            after_key: false,
        }
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.out
    }

    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.open.len() {
            self.out.push_str("  ");
        }
    }

    /// Before a value or a key: the comma and line break of an element.
    fn element(&mut self) {
        if std::mem::take(&mut self.after_key) {
            return;
        }
        if let Some(has) = self.open.last_mut() {
            let first = !*has;
            *has = true;
            if !first {
                self.out.push(',');
            }
            if self.pretty {
                self.newline();
            }
        }
    }

    fn begin(&mut self, c: char) -> &mut Self {
        self.element();
        self.out.push(c);
        self.open.push(false);
        self
    }

    fn end(&mut self, c: char) -> &mut Self {
        if self.open.pop() == Some(true) && self.pretty {
            self.newline();
        }
        self.out.push(c);
        self
    }

    pub fn begin_object(&mut self) -> &mut Self {
        self.begin('{')
    }

    pub fn end_object(&mut self) -> &mut Self {
        self.end('}')
    }

    pub fn begin_array(&mut self) -> &mut Self {
        self.begin('[')
    }

    pub fn end_array(&mut self) -> &mut Self {
        self.end(']')
    }

    /// The key of the next value of an object.
    pub fn key(&mut self, key: &str) -> &mut Self {
        self.element();
        escape(&mut self.out, key);
        self.out.push_str(if self.pretty { ": " } else { ":" });
        self.after_key = true;
        self
    }

    pub fn string(&mut self, s: &str) -> &mut Self {
        self.element();
        escape(&mut self.out, s);
        self
    }

    /// A string, or null.
    pub fn opt_string(&mut self, s: Option<&str>) -> &mut Self {
        match s {
            Some(s) => self.string(s),
            None => self.null(),
        }
    }

    pub fn number(&mut self, n: u64) -> &mut Self {
        self.element();
        self.out.push_str(&n.to_string());
        self
    }

    pub fn bool(&mut self, b: bool) -> &mut Self {
        self.raw(if b { "true" } else { "false" })
    }

    pub fn null(&mut self) -> &mut Self {
        self.raw("null")
    }

    fn raw(&mut self, s: &str) -> &mut Self {
        self.element();
        self.out.push_str(s);
        self
    }
}

/// `s` as a JSON string, escaped as serde_json does: `"`, `\`, and the control characters
/// below U+0020 (`\b`, `\t`, `\n`, `\f`, `\r`, the others `\u00XX` in lowercase hex);
/// everything else as it is.
pub fn escape(out: &mut String, s: &str) {
    out.push('"');
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\t' => "\\t",
            b'\r' => "\\r",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        from = i + 1;
        if short.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xf)] as char);
        } else {
            out.push_str(short);
        }
    }
    out.push_str(&s[from..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(w: &mut JsonWriter) {
        w.begin_object();
        w.key("a").number(1);
        w.key("empty").begin_array().end_array();
        w.key("none").begin_object().end_object();
        w.key("list").begin_array();
        w.string("x\"y\\z\n\t\r\u{8}\u{c}\u{1}\u{1f}\u{7f}é📈/");
        w.begin_array().number(2).bool(true).end_array();
        w.null();
        w.end_array();
        w.key("o").begin_object().key("k").bool(false).end_object();
        w.key("s").opt_string(None);
        w.end_object();
    }

    #[test]
    fn writes_as_serde_json_does() {
        let expected = "{\"a\":1,\"empty\":[],\"none\":{},\"list\":[\"x\\\"y\\\\z\\n\\t\\r\\b\\f\\u0001\\u001f\u{7f}é📈/\",[2,true],null],\"o\":{\"k\":false},\"s\":null}";
        let mut w = JsonWriter::compact();
        sample(&mut w);
        assert_eq!(w.finish(), expected);
        let mut w = JsonWriter::pretty();
        sample(&mut w);
        assert_eq!(
            w.finish(),
            "{\n  \"a\": 1,\n  \"empty\": [],\n  \"none\": {},\n  \"list\": [\n    \"x\\\"y\\\\z\\n\\t\\r\\b\\f\\u0001\\u001f\u{7f}é📈/\",\n    [\n      2,\n      true\n    ],\n    null\n  ],\n  \"o\": {\n    \"k\": false\n  },\n  \"s\": null\n}"
        );
    }
}
