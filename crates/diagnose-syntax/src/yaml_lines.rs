//! Reading a YAML text line by line, without a parser: for texts that do not parse
//! (templates, the indentation of quoted values), which lines are plain YAML.

/// A line of a YAML text read as plain YAML: neither inside a block scalar nor a
/// continuation line of a quoted scalar. [`plain_lines`].
#[derive(Clone, Copy, Debug)]
pub struct PlainLine<'a> {
    /// Offset of the line in the text.
    pub at: usize,
    /// The line without its line break.
    pub body: &'a str,
    /// Its indentation.
    pub indent: usize,
    /// The offset of a quote this line opens and does not close (its value goes on to the
    /// next lines, which are then not plain).
    pub opens_quote: Option<usize>,
}

/// The lines a line-based reading of a YAML text may look at: those outside block scalars
/// (`key: |` and the lines indented under it) and outside the continuation lines of
/// multi-line quoted scalars, comment lines included (the block and quote openers are
/// plain lines themselves). For the readers that look at a text that does not parse
/// (templates, the indentation of quoted values) without a parser.
pub fn plain_lines(text: &str) -> Vec<PlainLine<'_>> {
    let mut out = Vec::new();
    let mut block: Option<usize> = None;
    let mut quote: Option<char> = None;
    for (at, line) in crate::strings::lines_at(text) {
        let body = line.trim_end_matches(['\n', '\r']);
        if let Some(q) = quote {
            if ends_quoted(body, q) {
                quote = None;
            }
            continue;
        }
        // Most lines of a block scalar (a dashboard in a ConfigMap) are indented with
        // spaces deeper than its opener: counting them is enough to pass such a line over.
        let spaces = body.bytes().take_while(|&c| c == b' ').count();
        if block.is_some_and(|b| spaces > b) {
            continue;
        }
        let trimmed = body[spaces..].trim_start();
        let indent = body.len() - trimmed.len();
        if let Some(b) = block {
            if trimmed.is_empty() || indent > b {
                continue;
            }
            block = None;
        }
        let mut plain = PlainLine {
            at,
            body,
            indent,
            opens_quote: None,
        };
        if !trimmed.starts_with('#') {
            let value = match trimmed.find(": ") {
                Some(i) if !trimmed[..i].contains(['"', '\'']) => trimmed[i + 2..].trim_start(),
                _ => trimmed.strip_prefix("- ").unwrap_or("").trim_start(),
            };
            let head = body.split(" #").next().unwrap_or(body).trim_end();
            if head.ends_with(['|', '>']) || head.ends_with("|-") || head.ends_with(">-") {
                block = Some(indent);
            } else if let Some(q) = value.chars().next().filter(|c| matches!(c, '"' | '\'')) {
                if !ends_quoted(&value[1..], q) {
                    plain.opens_quote = Some(at + body.len() - value.len());
                    quote = Some(q);
                }
            }
        }
        out.push(plain);
    }
    out
}

/// Whether a continuation line of a quoted scalar holds its closing quote: in a
/// single-quoted scalar `''` is an escaped quote, in a double-quoted one `\"` is.
pub fn ends_quoted(line: &str, quote: char) -> bool {
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek() == Some(&'\'') {
                chars.next();
            } else {
                return true;
            }
        }
    }
    false
}
