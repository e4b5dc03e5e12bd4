//! Files written inside other code blocks: shell here-documents, and PromQL blocks made into
//! a dashboard of queries.

use super::*;

/// Here-documents written to a config file: `cat > path <<EOF`, `cat <<'EOF' > path`,
/// `tee path <<EOF`, `sudo tee path > /dev/null <<-EOF`. Returns (path, body range,
/// whether the delimiter is unquoted: the shell then expands the body).
pub(super) fn heredocs(text: &str) -> Vec<(String, usize, usize, bool)> {
    let mut out = Vec::new();
    let lines: Vec<(usize, &str)> = lines_of(text);
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i].1;
        let Some(at) = l.find("<<") else {
            i += 1;
            continue;
        };
        let after = &l[at + 2..];
        let strip_tabs = after.starts_with('-');
        let after = after.trim_start_matches('-').trim_start();
        let unquoted = !after.starts_with(['\'', '"']);
        let delim: String = after
            .trim_start_matches(['\'', '"'])
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if delim.is_empty() {
            i += 1;
            continue;
        }
        let target = redirect_target(l);
        let start = i + 1;
        let mut j = start;
        while j < lines.len() {
            let body = if strip_tabs {
                lines[j].1.trim_start_matches('\t')
            } else {
                lines[j].1
            };
            if body.trim_end() == delim {
                break;
            }
            j += 1;
        }
        if let Some(t) = target.filter(|t| config_name(t)) {
            if start < lines.len() {
                let from = lines[start].0;
                let to = lines.get(j).map_or(text.len(), |(o, _)| *o);
                out.push((t, from, to, unquoted));
            }
        }
        i = j + 1;
    }
    out
}

/// The body of an unquoted here-document as the shell writes it: a backslash before `$`,
/// `` ` `` or `\\` is removed (`{{ \\$labels.x }}` is written `{{ $labels.x }}`), each
/// character still mapped to the document.
pub(super) fn unescaped(f: &Fence, from: usize, to: usize) -> (String, OffsetMap) {
    let whole = f.map(0, f.text.len());
    let body = &f.text[from..to];
    let mut text = String::with_capacity(body.len());
    let mut anchors = Vec::new();
    let mut last = None;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\\'
            && chars
                .peek()
                .is_some_and(|&(_, n)| matches!(n, '$' | '`' | '\\'))
        {
            let (j, n) = chars.next().unwrap();
            anchor(&mut anchors, &mut last, text.len(), whole.map(from + j));
            text.push(n);
            continue;
        }
        anchor(&mut anchors, &mut last, text.len(), whole.map(from + i));
        text.push(c);
    }
    let len = text.len();
    (text, OffsetMap::from_anchors(anchors, len, whole.map(to)))
}

fn redirect_target(line: &str) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    for (k, w) in words.iter().enumerate() {
        let next = words.get(k + 1).copied();
        let cand = if *w == ">" || *w == ">>" {
            next
        } else if let Some(rest) = w.strip_prefix(">>").or_else(|| w.strip_prefix('>')) {
            Some(rest).filter(|r| !r.is_empty() && !r.starts_with('&'))
        } else if *w == "tee" {
            words[k + 1..].iter().copied().find(|x| !x.starts_with('-'))
        } else {
            None
        };
        if let Some(c) = cand {
            if c == "/dev/null" || c.starts_with("<<") {
                continue;
            }
            if let Some(p) = clean_path(c) {
                return Some(p);
            }
        }
    }
    None
}

/// Splits a PromQL block into queries: one per line, except that a query continues while
/// brackets are open or a line starts or ends with an operator. `#` lines are comments.
fn queries(text: &str) -> Vec<Vec<(usize, usize)>> {
    const CONT_START: &[&str] = &[
        "/",
        "*",
        "+",
        "-",
        "%",
        "^",
        "==",
        "!=",
        ">",
        "<",
        ")",
        "]",
        "}",
        "and ",
        "or ",
        "unless ",
        "by ",
        "by(",
        "without",
        "on(",
        "on ",
        "ignoring",
        "group_left",
        "group_right",
        "offset ",
        "bool ",
    ];
    let mut out: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut cur: Vec<(usize, usize)> = Vec::new();
    let mut depth: i32 = 0;
    let mut open_end = false;
    for (off, l) in lines_of(text) {
        let t = l.trim();
        if t.is_empty() || t.starts_with('#') || prose_comment(t) {
            if depth <= 0 && !open_end && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let lead = l.len() - l.trim_start().len();
        let cont = !cur.is_empty()
            && (depth > 0
                || open_end
                || bare_operator(t)
                || CONT_START.iter().any(|p| t.starts_with(p)));
        if !cont && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
            depth = 0;
        }
        cur.push((off + lead, off + lead + t.len()));
        let mut in_str: Option<char> = None;
        for ch in t.chars() {
            match (in_str, ch) {
                (Some(q), c) if c == q => in_str = None,
                (Some(_), _) => {}
                (None, '"' | '\'' | '`') => in_str = Some(ch),
                (None, '(' | '[' | '{') => depth += 1,
                (None, ')' | ']' | '}') => depth -= 1,
                _ => {}
            }
        }
        open_end = bare_operator(t)
            || t.ends_with(['(', ',', '/', '*', '+', '-', '{', '['])
            || [" and", " or", " unless", " by", " on"]
                .iter()
                .any(|s| t.ends_with(s));
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A comment written the way SQL or C write them (`-- Disk usage`, `-- 5xx errors`,
/// `// heap`) in a PromQL block: words after the marker and a space, which no query starts
/// with (PromQL's comments start with `#`; `-- 5` would be a double negation, so a letter
/// must follow).
fn prose_comment(t: &str) -> bool {
    ["-- ", "// "].iter().any(|m| {
        t.strip_prefix(m)
            .is_some_and(|r| r.chars().any(char::is_alphabetic))
    })
}

/// Whether a line is a binary operator with its modifiers and nothing else (`/
/// on(instance)`, `* ignoring(cpu) group_left`, `and`): its right operand is on the next
/// line.
pub(super) fn bare_operator(t: &str) -> bool {
    const OPS: &[&str] = &[
        "==", "!=", ">=", "<=", "/", "*", "+", "-", "%", "^", ">", "<", "and", "or", "unless",
    ];
    let Some(op) = OPS.iter().find(|o| t.starts_with(**o)) else {
        return false;
    };
    let after = &t[op.len()..];
    if op.chars().all(char::is_alphabetic) && !after.is_empty() && !after.starts_with(' ') {
        return false; // `order_total`: a word, not `or`
    }
    let mut rest = after.trim_start();
    rest = rest.strip_prefix("bool").map_or(rest, str::trim_start);
    while !rest.is_empty() {
        let Some(kw) = ["on", "ignoring", "group_left", "group_right"]
            .iter()
            .find(|k| rest.starts_with(**k))
        else {
            return false;
        };
        rest = rest[kw.len()..].trim_start();
        if let Some(r) = rest.strip_prefix('(') {
            let Some(close) = r.find(')') else {
                return false;
            };
            rest = r[close + 1..].trim_start();
        }
    }
    true
}

/// A dashboard whose panel queries are the block's queries. Only the query strings are
/// the user's text (`covered`).
pub(super) fn promql_dashboard(f: &Fence, path: String, line: u32) -> Option<VirtualFile> {
    let qs = queries(&f.text);
    if qs.is_empty() {
        return None;
    }
    let whole = f.map(0, f.text.len());
    let mut text = String::from("{\"panels\": [{\"type\": \"timeseries\", \"targets\": [\n");
    let mut anchors: Vec<(usize, usize)> = Vec::new();
    let mut covered = Vec::new();
    let mut last_delta: Option<i64> = None;
    for (qi, q) in qs.iter().enumerate() {
        if qi > 0 {
            text.push_str(",\n");
        }
        text.push_str(&format!("{{\"refId\": \"{}\", \"expr\": \"", ref_id(qi)));
        let start = text.len();
        for (li, &(from, to)) in q.iter().enumerate() {
            if li > 0 {
                // The line break between two lines of one query.
                let outer = whole.map(q[li - 1].1);
                anchor(&mut anchors, &mut last_delta, text.len(), outer);
                text.push_str("\\n");
            }
            for (ci, ch) in f.text[from..to].char_indices() {
                let outer = whole.map(from + ci);
                anchor(&mut anchors, &mut last_delta, text.len(), outer);
                match ch {
                    '"' => text.push_str("\\\""),
                    '\\' => text.push_str("\\\\"),
                    '\t' => text.push_str("\\t"),
                    c if (c as u32) < 0x20 => text.push(' '),
                    c => text.push(c),
                }
            }
        }
        // The closing quote maps just after the query.
        let outer = whole.map(q.last().unwrap().1);
        anchor(&mut anchors, &mut last_delta, text.len(), outer);
        covered.push(Span::new(start, text.len()));
        text.push_str("\"}");
    }
    text.push_str("\n]}]}\n");
    let len = text.len();
    Some(VirtualFile {
        path,
        map: OffsetMap::from_anchors(anchors, len, f.end),
        text,
        covered,
        line,
        named_by: NameSource::Generated,
    })
}

fn anchor(anchors: &mut Vec<(usize, usize)>, last: &mut Option<i64>, inner: usize, outer: usize) {
    let d = outer as i64 - inner as i64;
    if *last != Some(d) {
        anchors.push((inner, outer));
        *last = Some(d);
    }
}

fn ref_id(i: usize) -> String {
    let mut s = String::new();
    let mut n = i;
    loop {
        s.insert(0, (b'A' + (n % 26) as u8) as char);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s
}

/// The here-documents of a shell block, as candidates.
pub(super) fn heredoc_candidates(f: &Fence, dir: &str, line: u32) -> Vec<Candidate> {
    heredocs(&f.text)
        .into_iter()
        .map(|(name, from, to, unquoted)| {
            let (text, map) = if unquoted && f.text[from..to].contains('\\') {
                unescaped(f, from, to)
            } else {
                (f.text[from..to].to_string(), f.map(from, to))
            };
            let (path, container) = place(dir, &name);
            Candidate {
                kind: None,
                container,
                file: VirtualFile {
                    path,
                    covered: vec![Span::new(0, text.len())],
                    map,
                    text,
                    line,
                    named_by: NameSource::Heredoc,
                },
            }
        })
        .collect()
}
