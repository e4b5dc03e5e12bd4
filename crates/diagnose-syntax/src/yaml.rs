//! YAML → spanned [`Node`] tree, built from saphyr-parser's events.
//!
//! saphyr-parser is a maintained YAML 1.2 parser that reports a position for every event;
//! serde_yaml (archived) only reports positions for errors. Aliases are expanded with a
//! node budget, nesting is bounded, and `<<` merge keys are applied.

use super::{Entry, Node, ParseError, Style, Value, MAX_DEPTH, MAX_NODES};
use crate::source::Span;
use saphyr_parser::{Event, Parser, ScalarStyle};
use std::collections::{HashMap, HashSet};

/// One document of a (possibly multi-document) YAML stream.
#[derive(Clone, Debug)]
pub struct YamlDocument {
    pub root: Node,
}

/// Converts saphyr's character indices into byte offsets. An ASCII text needs no table;
/// otherwise the byte offset of every [`CHARS_PER_MARK`]th character is kept, and the
/// characters after it are stepped over. A table of every character's offset (4 bytes a
/// character, grown by doubling) made a quarter of the page faults of a run on the shared
/// corpus, whose non-ASCII YAML files hold 3.3 MB.
struct CharIndex<'a> {
    text: &'a [u8],
    /// `marks[k]`: the byte offset of character `k * CHARS_PER_MARK`. Empty for an ASCII
    /// text.
    marks: Vec<u32>,
    /// The last character asked and its byte offset: saphyr's positions mostly move
    /// forward a little at a time, so stepping on from there is shortest.
    last: std::cell::Cell<(usize, usize)>,
}

const CHARS_PER_MARK: usize = 64;

impl CharIndex<'_> {
    fn new(text: &str) -> CharIndex<'_> {
        let mut marks = Vec::new();
        if !text.is_ascii() {
            // A text has at most as many characters as bytes: no growing.
            marks.reserve_exact(text.len() / CHARS_PER_MARK + 1);
            for (i, (b, _)) in text.char_indices().enumerate() {
                if i % CHARS_PER_MARK == 0 {
                    marks.push(b as u32);
                }
            }
        }
        CharIndex {
            text: text.as_bytes(),
            marks,
            last: std::cell::Cell::new((0, 0)),
        }
    }

    /// The byte offset of character `char_index`; the text's length at and past its end.
    fn byte(&self, char_index: usize) -> usize {
        let len = self.text.len();
        if self.marks.is_empty() {
            return char_index.min(len);
        }
        let (last_char, last_byte) = self.last.get();
        let (mut b, steps) = if (last_char..last_char + CHARS_PER_MARK).contains(&char_index) {
            (last_byte, char_index - last_char)
        } else {
            let Some(&mark) = self.marks.get(char_index / CHARS_PER_MARK) else {
                return len;
            };
            (mark as usize, char_index % CHARS_PER_MARK)
        };
        for _ in 0..steps {
            if b >= len {
                return len;
            }
            b += 1;
            // Continuation bytes (`10xxxxxx`) belong to the character before.
            while b < len && self.text[b] & 0xC0 == 0x80 {
                b += 1;
            }
        }
        self.last.set((char_index, b));
        b
    }
}

/// An open collection; its items (entries) are the builder's `items[base..]`
/// (`entries[base..]`), moved out in one exact-size block when it closes.
enum Frame {
    Seq {
        start: usize,
        anchor: usize,
        base: usize,
    },
    Map {
        start: usize,
        anchor: usize,
        base: usize,
        key: Option<Node>,
    },
}

struct Builder {
    stack: Vec<Frame>,
    items: Vec<Node>,
    entries: Vec<Entry>,
    anchors: HashMap<usize, (Node, usize)>,
    nodes: usize,
    root: Option<Node>,
}

impl Builder {
    fn push_node(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { .. }) => self.items.push(node),
            Some(Frame::Map { key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => self.entries.push(Entry {
                    key: k,
                    value: node,
                }),
            },
        }
    }
}

fn count(node: &Node) -> usize {
    let mut n = 0;
    node.walk(&mut |_| n += 1);
    n
}

/// Parses a YAML stream. On a syntax error, the documents before it are still returned.
///
/// saphyr follows the YAML 1.2 rule that continuation lines of flow collections and quoted
/// scalars are indented more than their parent block; go-yaml (Prometheus, Compose,
/// kubectl) and libyaml accept them at the parent's indentation. So that such files are
/// not reported as broken, a failed parse is retried on a copy where those lines are
/// indented a little more, and every span is mapped back to the original text.
///
/// Likewise an alias used as a mapping key, `*app:`: YAML 1.2 lets `:` be part of an alias
/// name, which saphyr follows, but libyaml and go-yaml end the name at the first character
/// outside `[A-Za-z0-9_-]` (the bjw-s app-template idiom `controllers: {*app: …}` of Flux
/// repositories): the retry separates the name from its `:` when the anchor is defined.
pub fn parse_yaml(text: &str) -> (Vec<YamlDocument>, Option<ParseError>) {
    let first = parse_strict(text);
    let Some(err) = &first.1 else { return first };
    let retried = |m: &str| m.starts_with("invalid indentation") || m.contains("unknown anchor");
    if !retried(&err.message) {
        return first;
    }
    let mut relaxed = text.to_string();
    let mut inserts: Vec<(usize, usize)> = Vec::new(); // (original offset, spaces)
                                                       // One scalar or line is fixed per retry: a generated CRD has dozens (one per field
                                                       // description), so the retries are bounded by the bytes they parse, not by a count.
    let mut budget = 64 * 1024 * 1024usize;
    for _ in 0..4096 {
        budget = match budget.checked_sub(relaxed.len()) {
            Some(b) => b,
            None => return first,
        };
        let (docs, err) = parse_strict(&relaxed);
        let Some(e) = err else {
            return (remap_docs(docs, &inserts), None);
        };
        if !retried(&e.message) {
            return first;
        }
        let lines = if e.message.contains("unknown anchor") {
            alias_key_colon(&relaxed, e.span.start as usize)
                .map(|at| vec![(at, 1)])
                .unwrap_or_default()
        } else if e.message.contains("quoted") {
            // Every quoted scalar laid out the same way at once (a CRD has one per field
            // description), then the one at the error if the scan missed it.
            let mut all: std::collections::BTreeMap<usize, usize> =
                std::collections::BTreeMap::new();
            let starts = open_quoted_scalars(&relaxed);
            for at in starts.into_iter().chain([e.span.start as usize]) {
                for (ls, n) in relaxed_lines_to_indent(&relaxed, at, true) {
                    let v = all.entry(ls).or_insert(0);
                    *v = (*v).max(n);
                }
            }
            all.into_iter().collect()
        } else {
            relaxed_lines_to_indent(&relaxed, e.span.start as usize, false)
        };
        if lines.is_empty() {
            return first;
        }
        for (line_start, spaces) in lines.into_iter().rev() {
            relaxed.insert_str(line_start, &" ".repeat(spaces));
            let orig = to_original(line_start, &inserts);
            inserts.push((orig, spaces));
            inserts.sort_unstable();
        }
    }
    first
}

/// Line starts (in `text`) to indent, and by how much, to get past an indentation error
/// at `at`.
fn relaxed_lines_to_indent(text: &str, at: usize, quoted: bool) -> Vec<(usize, usize)> {
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let line_start = text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    if !quoted {
        return vec![(line_start, 2)];
    }
    // A quoted scalar starting at `at`: indent its continuation lines past the line that
    // opens it.
    let quote = text[at..].chars().next().unwrap_or('"');
    let base = indent(&text[line_start..]);
    let mut out = Vec::new();
    let mut pos = text[at..].find('\n').map(|i| at + i + 1);
    while let Some(ls) = pos {
        let le = text[ls..].find('\n').map_or(text.len(), |i| ls + i);
        let line = &text[ls..le];
        let ind = indent(line);
        if !line.trim().is_empty() && ind <= base {
            out.push((ls, base + 2 - ind));
        }
        if crate::yaml_lines::ends_quoted(line, quote) || le >= text.len() || out.len() > 10_000 {
            break;
        }
        pos = Some(le + 1);
    }
    out
}

/// The opening quotes of the quoted values that go on to the next lines (`key: 'text…` or
/// `- "text…` with no closing quote on the line), outside block scalars.
fn open_quoted_scalars(text: &str) -> Vec<usize> {
    crate::yaml_lines::plain_lines(text)
        .into_iter()
        .filter_map(|l| l.opens_quote)
        .collect()
}

/// Where to put a space in an alias `*name:` on the line of an "unknown anchor" error at
/// `at`, when `name` (the alias as libyaml reads it: up to the first character outside
/// `[A-Za-z0-9_-]`) is an anchor defined before it.
fn alias_key_colon(text: &str, at: usize) -> Option<usize> {
    let at = at.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[line_start..line_end];
    let star = line.find('*')?;
    let name: String = line[star + 1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        .collect();
    let after = star + 1 + name.len();
    let defined = text[..line_start]
        .match_indices(&format!("&{name}"))
        .any(|(i, _)| {
            !text[i + 1 + name.len()..]
                .starts_with(|c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':'))
        });
    (!name.is_empty() && line[after..].starts_with(':') && defined).then_some(line_start + after)
}

/// Maps an offset of the relaxed text back to the original text.
fn to_original(relaxed: usize, inserts: &[(usize, usize)]) -> usize {
    let mut shift = 0;
    for &(orig, n) in inserts {
        let r = orig + shift;
        if relaxed < r {
            break;
        }
        if relaxed < r + n {
            return orig;
        }
        shift += n;
    }
    relaxed - shift
}

fn remap_docs(docs: Vec<YamlDocument>, inserts: &[(usize, usize)]) -> Vec<YamlDocument> {
    fn remap(n: &mut Node, inserts: &[(usize, usize)]) {
        let mut stack = vec![n];
        while let Some(n) = stack.pop() {
            n.span = Span::new(
                to_original(n.span.start as usize, inserts),
                to_original(n.span.end as usize, inserts),
            );
            match &mut n.value {
                Value::Seq(items) => stack.extend(items.iter_mut()),
                Value::Map(entries) => {
                    for e in entries.iter_mut() {
                        stack.push(&mut e.key);
                        stack.push(&mut e.value);
                    }
                }
                Value::Scalar(..) => {}
            }
        }
    }
    docs.into_iter()
        .map(|mut d| {
            remap(&mut d.root, inserts);
            d
        })
        .collect()
}

fn parse_strict(text: &str) -> (Vec<YamlDocument>, Option<ParseError>) {
    let ci = CharIndex::new(text);
    let mut docs = Vec::new();
    let mut b = Builder {
        stack: Vec::new(),
        items: Vec::new(),
        entries: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        root: None,
    };
    let mut doc_start = 0usize;
    for item in Parser::new_from_str(text) {
        let (ev, span) = match item {
            Ok(x) => x,
            Err(e) => {
                let at = ci.byte(e.marker().index());
                return (
                    docs,
                    Some(ParseError {
                        message: e.info().to_string(),
                        span: Span::new(at, (at + 1).min(text.len())),
                    }),
                );
            }
        };
        let start = ci.byte(span.start.index());
        let end = ci.byte(span.end.index());
        match ev {
            Event::DocumentStart(_) => {
                doc_start = start;
                b.anchors.clear();
                b.nodes = 0;
            }
            Event::DocumentEnd => {
                let root = b
                    .root
                    .take()
                    .unwrap_or_else(|| Node::null(Span::empty(doc_start)));
                docs.push(YamlDocument { root });
            }
            Event::Scalar(value, style, anchor, tag) => {
                let mut style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted => Style::SingleQuoted,
                    ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
                    ScalarStyle::Literal => Style::Literal,
                    ScalarStyle::Folded => Style::Folded,
                };
                // Short texts inline, long ones at their exact size (saphyr grows owned
                // scalars by pushing, which can leave them at twice their length).
                let mut text = crate::Text::from(value);
                // `!!binary`: Go's YAML decoders (compose, Kubernetes, Prometheus) turn it
                // into its bytes, and refuse the file when it is not base64.
                if tag.is_some_and(|t| t.is_yaml_core_schema() && t.suffix == "binary") {
                    let ws = |b: u8| matches!(b, b'=' | b'\n' | b'\r' | b' ' | b'\t');
                    match crate::strings::base64_decode(text.as_str(), ws) {
                        None => {
                            return (
                                docs,
                                Some(err(
                                    "!!binary value contains invalid base64 data",
                                    start,
                                    end,
                                )),
                            )
                        }
                        Some(bytes) => match String::from_utf8(bytes) {
                            Ok(t) => {
                                text = t.into();
                                style = Style::DoubleQuoted;
                            }
                            Err(e) => {
                                text = String::from_utf8_lossy(e.as_bytes()).into();
                                style = Style::Binary;
                            }
                        },
                    }
                }
                let node = Node::scalar(text, style, Span::new(start, end));
                b.nodes += 1;
                if anchor > 0 {
                    b.anchors.insert(anchor, (node.clone(), 1));
                }
                b.push_node(node);
            }
            Event::Alias(id) => {
                let Some((node, size)) = b.anchors.get(&id) else {
                    return (docs, Some(err("unknown alias", start, end)));
                };
                b.nodes += size;
                if b.nodes > MAX_NODES {
                    return (
                        docs,
                        Some(err(
                            "aliases expand to too many nodes (alias bomb?); parsing stopped",
                            start,
                            end,
                        )),
                    );
                }
                // The alias keeps the anchored value but points at the alias itself.
                let mut node = node.clone();
                node.span = Span::new(start, end);
                b.push_node(node);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if b.stack.len() >= MAX_DEPTH {
                    return (
                        docs,
                        Some(err(
                            &format!("nesting deeper than {MAX_DEPTH} levels; parsing stopped"),
                            start,
                            end,
                        )),
                    );
                }
                b.nodes += 1;
                b.stack.push(if matches!(ev, Event::SequenceStart(..)) {
                    Frame::Seq {
                        start,
                        anchor,
                        base: b.items.len(),
                    }
                } else {
                    Frame::Map {
                        start,
                        anchor,
                        base: b.entries.len(),
                        key: None,
                    }
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = b.stack.pop() else { continue };
                let (node, anchor) = match frame {
                    Frame::Seq {
                        start,
                        anchor,
                        base,
                    } => {
                        let items: Vec<Node> = crate::take_tail(&mut b.items, base);
                        let end = items.last().map_or(end, |n| n.span.end as usize).max(start);
                        (
                            Node {
                                span: Span::new(start, end),
                                value: Value::Seq(items.into_boxed_slice()),
                            },
                            anchor,
                        )
                    }
                    Frame::Map {
                        start,
                        anchor,
                        base,
                        ..
                    } => {
                        let entries: Vec<Entry> = crate::take_tail(&mut b.entries, base);
                        let end = entries
                            .last()
                            .map_or(end, |e| e.value.span.end.max(e.key.span.end) as usize)
                            .max(start);
                        (
                            Node {
                                span: Span::new(start, end),
                                value: Value::Map(apply_merge_keys(entries).into_boxed_slice()),
                            },
                            anchor,
                        )
                    }
                };
                if anchor > 0 {
                    let size = count(&node);
                    b.anchors.insert(anchor, (node.clone(), size));
                }
                b.push_node(node);
            }
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
    }
    (docs, None)
}

/// The offset of the last flow collection opener (`[` or `{`) before `upto` that is not
/// closed before it, if any: where to point when a parse error comes from a bracket left
/// open (the parser only notices it lines later, often at the end of the file). A `[`
/// inside a plain scalar (`rate(x[5m])`), a quoted string or a comment is not an opener.
pub fn unclosed_flow(text: &str, upto: usize) -> Option<usize> {
    let bytes = &text.as_bytes()[..upto.min(text.len())];
    let mut stack: Vec<usize> = Vec::new();
    let mut i = 0;
    // Whether a token may start here in block context (line start, after `- ` or `: `).
    let mut value_start = true;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'\n' => {
                value_start = true;
                i += 1;
                continue;
            }
            b' ' | b'\t' => {
                i += 1;
                continue;
            }
            b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' | b'\'' if value_start || !stack.is_empty() => {
                i += 1;
                while i < bytes.len() {
                    if bytes[i] == b'\\' && c == b'"' {
                        i += 2;
                        continue;
                    }
                    if bytes[i] == c {
                        if c == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i += 1;
                value_start = false;
                continue;
            }
            b'[' | b'{' if value_start || !stack.is_empty() => {
                stack.push(i);
                value_start = true;
            }
            b']' | b'}' if !stack.is_empty() => {
                stack.pop();
                value_start = false;
            }
            b',' if !stack.is_empty() => value_start = true,
            b'-' | b':' | b'?'
                if stack.is_empty()
                    && matches!(bytes.get(i + 1), None | Some(b' ' | b'\t' | b'\n')) =>
            {
                value_start = true;
            }
            b':' if !stack.is_empty() => value_start = true,
            _ => {
                // A plain scalar: up to the end of the line in block context, up to the
                // next indicator in flow context.
                while i < bytes.len() {
                    let b = bytes[i];
                    if b == b'\n'
                        || (b == b'#' && matches!(bytes[i - 1], b' ' | b'\t'))
                        || (stack.is_empty()
                            && b == b':'
                            && matches!(bytes.get(i + 1), None | Some(b' ' | b'\t' | b'\n')))
                        || (!stack.is_empty() && matches!(b, b',' | b'[' | b']' | b'{' | b'}'))
                        || (!stack.is_empty()
                            && b == b':'
                            && matches!(bytes.get(i + 1), None | Some(b' ' | b'\t' | b'\n')))
                    {
                        break;
                    }
                    i += 1;
                }
                value_start = false;
                continue;
            }
        }
        i += 1;
    }
    stack.pop()
}

fn err(message: &str, start: usize, end: usize) -> ParseError {
    ParseError {
        message: message.to_string(),
        span: Span::new(start, end),
    }
}

/// Applies YAML merge keys (`<<: *base` or `<<: [*a, *b]`): keys written in the mapping
/// win over merged ones, earlier merged mappings win over later ones.
fn apply_merge_keys(entries: Vec<Entry>) -> Vec<Entry> {
    if !entries
        .iter()
        .any(|e| e.key.as_str() == Some("<<") && e.key.style() == Some(Style::Plain))
    {
        return entries;
    }
    let mut own = Vec::new();
    let mut merged: Vec<Entry> = Vec::new();
    // Keys seen so far (non-string keys all compare equal, as `as_str()` does): sets keep
    // long merge chains linear instead of quadratic.
    let mut merged_keys: HashSet<Option<String>> = HashSet::new();
    for e in entries {
        if e.key.as_str() == Some("<<") && e.key.style() == Some(Style::Plain) {
            let sources: Vec<&Node> = match &e.value.value {
                Value::Seq(items) => items.iter().collect(),
                _ => vec![&e.value],
            };
            for src in sources {
                for m in src.entries() {
                    if merged_keys.insert(m.key.as_str().map(str::to_string)) {
                        merged.push(m.clone());
                    }
                }
            }
        } else {
            own.push(e);
        }
    }
    let own_keys: HashSet<Option<String>> = own
        .iter()
        .map(|x| x.key.as_str().map(str::to_string))
        .collect();
    for m in merged {
        if !own_keys.contains(&m.key.as_str().map(str::to_string)) {
            own.push(m);
        }
    }
    own.shrink_to_fit();
    own
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let (mut docs, err) = parse_yaml(text);
        assert!(err.is_none(), "{err:?}");
        docs.remove(0).root
    }

    fn slice<'a>(text: &'a str, n: &Node) -> &'a str {
        &text[n.span.start as usize..n.span.end as usize]
    }

    #[test]
    fn char_index_gives_every_characters_byte_offset() {
        // Texts around the marks' spacing, with 1- to 4-byte characters.
        for n in [0, 1, 63, 64, 65, 127, 128, 129, 300] {
            for text in [
                "a".repeat(n),
                "é".repeat(n),
                format!("{}€", "ab😀".repeat(n / 3)),
                format!("é{}", "x".repeat(n)),
            ] {
                let ci = CharIndex::new(&text);
                let mut every: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
                every.push(text.len());
                for (i, b) in every.iter().enumerate() {
                    assert_eq!(ci.byte(i), *b, "{n} {i}");
                }
                // Backwards and in jumps too (not only from the last position asked).
                for i in (0..every.len()).rev().chain((0..every.len()).step_by(37)) {
                    assert_eq!(ci.byte(i), every[i], "{n} {i}");
                }
                for past in [every.len(), every.len() + 1, every.len() + 64] {
                    assert_eq!(ci.byte(past), text.len(), "{n} {past}");
                }
            }
        }
    }

    #[test]
    fn unclosed_flow_points_at_the_bracket() {
        let t = "a:\n  - targets: [\"x:1\", \"y:2\"\n  - b: rate(m[5m])\n";
        assert_eq!(unclosed_flow(t, t.len()), t.find('['));
        let ok = "expr: rate(m[5m]) # [\nb: [1, '[', \"]\"]\nc: {d: [1]}\n";
        assert_eq!(unclosed_flow(ok, ok.len()), None);
        let map = "a: {b: [1, 2], c: 3\nd: 4\n";
        assert_eq!(unclosed_flow(map, map.len()), Some(3));
    }

    #[test]
    fn spans_of_scalars() {
        let t = "a: 1\nb:\n  c: \"x y\"\n  d: 'q'\ne: |\n  line1\n  line2\n";
        let n = one(t);
        assert_eq!(slice(t, n.get("a").unwrap()), "1");
        assert_eq!(slice(t, n.path(&["b", "c"]).unwrap()), "\"x y\"");
        assert_eq!(n.path(&["b", "c"]).unwrap().as_str(), Some("x y"));
        assert_eq!(slice(t, n.path(&["b", "d"]).unwrap()), "'q'");
        let e = n.get("e").unwrap();
        assert_eq!(e.as_str(), Some("line1\nline2\n"));
        assert!(slice(t, e).starts_with("line1"), "{:?}", slice(t, e));
    }

    #[test]
    fn utf8_offsets() {
        let t = "é: ü\nk: v\n";
        let n = one(t);
        assert_eq!(slice(t, n.get("k").unwrap()), "v");
        assert_eq!(slice(t, n.get("é").unwrap()), "ü");
    }

    #[test]
    fn merge_keys_and_aliases() {
        let t = "base: &b\n  x: 1\n  y: 2\nsvc:\n  <<: *b\n  y: 3\n";
        let n = one(t);
        let svc = n.get("svc").unwrap();
        assert_eq!(svc.get_str("x"), Some("1"));
        assert_eq!(svc.get_str("y"), Some("3"));
    }

    #[test]
    fn multi_document_and_errors() {
        let (docs, err) = parse_yaml("a: 1\n---\nb: 2\n---\nc: [\n");
        assert_eq!(docs.len(), 2);
        let e = err.unwrap();
        assert!(e.span.start >= 16, "{e:?}");
    }

    #[test]
    fn lenient_flow_and_quoted_indentation_like_go_yaml() {
        let t = "svc:\n  command: [\n    \"a\",\n    \"b\"\n  ]\n  x: 1\n";
        let n = one(t);
        assert_eq!(n.path(&["svc", "command"]).unwrap().items().len(), 2);
        assert_eq!(slice(t, n.path(&["svc", "x"]).unwrap()), "1");
        let t = "a:\n  b: \"one\n  two\"\n  c: 3\n";
        let n = one(t);
        assert_eq!(n.path(&["a", "b"]).unwrap().as_str(), Some("one two"));
        assert_eq!(slice(t, n.path(&["a", "c"]).unwrap()), "3");
    }

    #[test]
    fn an_escaped_quote_does_not_end_a_quoted_scalar_at_the_parents_indentation() {
        // Triage B, FP-7: CRD descriptions (opentelemetry-operator v0.86.0) and Gateway API
        // rules, as libyaml and go-yaml read them.
        let t = "a:\n  description: 'Selects a field,\n  `metadata.annotations[''<KEY>'']`, spec.nodeName,\n  status.hostIP.'\n  b: 2\n";
        let n = one(t);
        assert_eq!(
            n.path(&["a", "description"]).unwrap().as_str(),
            Some("Selects a field, `metadata.annotations['<KEY>']`, spec.nodeName, status.hostIP.")
        );
        assert_eq!(slice(t, n.path(&["a", "b"]).unwrap()), "2");
        let t = "x:\n  - m: 1\n    rule: 'a\n  b == '''' c\n  d'\n";
        let n = one(t);
        let rule = n.get("x").unwrap().items()[0].get_str("rule");
        assert_eq!(rule, Some("a b == '' c d"));
        let t = "a:\n  b: \"one \\\" two\n  three\"\n";
        assert_eq!(
            one(t).path(&["a", "b"]).unwrap().as_str(),
            Some("one \" two three")
        );
    }

    #[test]
    fn an_alias_used_as_a_key_ends_at_its_colon_like_libyaml() {
        // Triage B, FP-13: the bjw-s app-template idiom of Flux repositories.
        let t = "metadata:\n  name: &app ipmi-exporter\nspec:\n  controllers:\n    *app:\n      strategy: RollingUpdate\n  after: 1\n";
        let n = one(t);
        let c = n.path(&["spec", "controllers"]).unwrap();
        assert_eq!(
            c.path(&["ipmi-exporter", "strategy"]).unwrap().as_str(),
            Some("RollingUpdate")
        );
        assert_eq!(slice(t, n.path(&["spec", "after"]).unwrap()), "1");
        // An alias of no anchor stays an error.
        let (_, err) = parse_yaml("a:\n  *nope:\n    b: 1\n");
        assert!(err.unwrap().message.contains("unknown anchor"));
    }

    #[test]
    fn alias_bomb_is_bounded() {
        let mut t = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            t.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let (_, err) = parse_yaml(&t);
        assert!(err.unwrap().message.contains("too many nodes"));
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let t = "[".repeat(10_000);
        let (_, err) = parse_yaml(&t);
        assert!(err.is_some());
    }
}
