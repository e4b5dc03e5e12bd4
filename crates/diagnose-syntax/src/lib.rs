//! `diagnose-syntax`, the bottom layer of diagnose: source positions ([`source`]), a spanned
//! tree shared by YAML and JSON (every node, key and scalar keeps the byte range it came
//! from, so every diagnostic can point at the exact value), and the small text helpers every
//! layer above uses ([`strings`], [`paths`], [`glob`]). It depends on no other layer.

pub mod glob;
pub mod json_write;
pub mod paths;
pub mod source;
pub mod strings;
pub mod text;

mod json;
mod offset_map;
mod yaml;
mod yaml_lines;
pub use yaml_lines::{ends_quoted, plain_lines, PlainLine};

pub use json::parse_json;
pub use offset_map::OffsetMap;
pub use text::Text;
pub use yaml::{parse_yaml, unclosed_flow, YamlDocument};

use crate::source::Span;

/// Limits that keep hostile input bounded.
pub const MAX_DEPTH: usize = 256;
/// Maximum number of nodes a document may expand to (aliases included).
pub const MAX_NODES: usize = 2_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
    /// A `!!binary` scalar whose bytes are not UTF-8 text (the text holds them decoded
    /// lossily). A `!!binary` scalar that is text is given as `DoubleQuoted`.
    Binary,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A scalar, with its decoded text. JSON strings are `DoubleQuoted`, other JSON
    /// scalars `Plain`.
    Scalar(Text, Style),
    Seq(Box<[Node]>),
    Map(Box<[Entry]>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub span: Span,
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

/// A syntax error with the place it was found.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    pub message: String,
    pub span: Span,
}

impl Node {
    pub fn scalar(text: impl Into<Text>, style: Style, span: Span) -> Node {
        Node {
            span,
            value: Value::Scalar(text.into(), style),
        }
    }

    pub fn null(span: Span) -> Node {
        Node::scalar("", Style::Plain, span)
    }

    pub fn is_map(&self) -> bool {
        matches!(self.value, Value::Map(_))
    }
    pub fn is_seq(&self) -> bool {
        matches!(self.value, Value::Seq(_))
    }
    pub fn is_scalar(&self) -> bool {
        matches!(self.value, Value::Scalar(..))
    }

    /// True for YAML null (`~`, `null`, empty) and JSON `null`.
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar(s, Style::Plain) if matches!(s.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// The text of a non-null scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s, _) if !self.is_null() => Some(s),
            _ => None,
        }
    }

    /// The text of a scalar that was written as a string (quoted, block, or a plain
    /// scalar that is not a number, bool or null).
    pub fn as_string(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s, Style::Plain) => {
                if self.is_null() || self.as_bool().is_some() || looks_numeric(s) {
                    None
                } else {
                    Some(s)
                }
            }
            Value::Scalar(s, _) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Scalar(s, Style::Plain) => match s.as_str() {
                "true" | "True" | "TRUE" => Some(true),
                "false" | "False" | "FALSE" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match &self.value {
            Value::Scalar(s, Style::Plain) => s.parse().ok(),
            _ => None,
        }
    }

    pub fn style(&self) -> Option<Style> {
        match &self.value {
            Value::Scalar(_, st) => Some(*st),
            _ => None,
        }
    }

    pub fn entries(&self) -> &[Entry] {
        match &self.value {
            Value::Map(m) => m,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(s) => s,
            _ => &[],
        }
    }

    /// The value of `key` in a mapping (the last one if the key repeats).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries()
            .iter()
            .rev()
            .find(|e| e.key.as_str() == Some(key))
    }

    /// Follows a path of mapping keys.
    pub fn path(&self, keys: &[&str]) -> Option<&Node> {
        let mut n = self;
        for k in keys {
            n = n.get(k)?;
        }
        Some(n)
    }

    /// The string value of `key`, if it is a scalar.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::as_str)
    }

    /// A short name for the kind of node, for messages.
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            Value::Map(_) => "mapping",
            Value::Seq(_) => "list",
            Value::Scalar(..) if self.is_null() => "null",
            Value::Scalar(..) if self.as_bool().is_some() => "boolean",
            Value::Scalar(s, Style::Plain) if looks_numeric(s) => "number",
            Value::Scalar(..) => "string",
        }
    }

    /// Visits this node and all descendants, depth first.
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Node)) {
        let mut stack = vec![self];
        while let Some(n) = stack.pop() {
            f(n);
            match &n.value {
                Value::Seq(items) => stack.extend(items.iter().rev()),
                Value::Map(entries) => {
                    for e in entries.iter().rev() {
                        stack.push(&e.value);
                        stack.push(&e.key);
                    }
                }
                Value::Scalar(..) => {}
            }
        }
    }
}

/// `v[base..]`, moved out into a vector of its exact size in one copy (`memcpy`), `v`
/// keeping its buffer for the next collection: a parser's builder closing a collection.
/// (`drain(base..).collect()` moved each node through an iterator: 1,100 instructions a
/// collection on the shared corpus; `split_off(0)` would hand over the whole buffer.)
pub(crate) fn take_tail<T>(v: &mut Vec<T>, base: usize) -> Vec<T> {
    if base == 0 {
        let mut out = Vec::with_capacity(v.len());
        out.append(v);
        out
    } else {
        v.split_off(base)
    }
}

fn looks_numeric(s: &str) -> bool {
    !s.is_empty()
        && s.parse::<f64>().is_ok()
        && s.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c))
}
