//! Where secrets are written, so that no output ever prints them whole: passwords,
//! tokens, bearer and basic-auth credentials, `secureJsonData`, URL user info.

use crate::workspace::{Kind, Workspace};
use diagnose_syntax::source::{FileId, Span};
use diagnose_syntax::{Node, Value};

/// Whether `hay` contains `needle` (both lowercase ASCII).
fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len()
        && hay
            .windows(needle.len())
            .any(|w| w[0] == needle[0] && w == needle)
}

/// One bit per ASCII letter (case-folded), `_` in bit 26.
const fn letter_set(s: &[u8]) -> u32 {
    let mut set = 0;
    let mut i = 0;
    while i < s.len() {
        set |= LETTER_BITS[s[i] as usize];
        i += 1;
    }
    set
}

/// [`letter_set`]'s bit of each byte: a table, so that the loop over a key is a load and
/// an `or` per byte.
static LETTER_BITS: [u32; 256] = {
    let mut bits = [0; 256];
    let mut c = 0;
    while c < 256 {
        let l = (c as u8).to_ascii_lowercase();
        bits[c] = if l.is_ascii_lowercase() {
            1 << (l - b'a')
        } else if l == b'_' {
            1 << 26
        } else {
            0
        };
        c += 1;
    }
    bits
};

/// Whether a key names a secret value.
pub fn is_secret_key(key: &str) -> bool {
    let k = key.as_bytes();
    // Every needle is at least 5 bytes long: shorter keys are never secret (and this is
    // the common case, so check it before scanning).
    if k.len() < 5 {
        return false;
    }
    const NEEDLES: [&[u8]; 12] = [
        b"password",
        b"passwd",
        b"secret",
        b"token",
        b"api_key",
        b"apikey",
        b"credentials",
        b"private_key",
        b"auth_key",
        b"httpheadervalue",
        b"routing_key",
        b"service_key",
    ];
    const SETS: [u32; NEEDLES.len()] = {
        let mut sets = [0; NEEDLES.len()];
        let mut i = 0;
        while i < NEEDLES.len() {
            sets[i] = letter_set(NEEDLES[i]);
            i += 1;
        }
        sets
    };
    const SUFFIXES: [u32; 2] = [letter_set(b"_pass"), letter_set(b"webhook_url")];
    // Letters present in the key: a needle or suffix whose letters are not all there
    // cannot match (most keys are rejected here without any substring search).
    let letters = letter_set(k);
    let possible = |set: &u32| set & !letters == 0;
    if !SETS.iter().chain(&SUFFIXES).any(possible) {
        return false;
    }
    // The key in lowercase (on the stack: keys are short).
    let mut buf = [0u8; 64];
    let heap;
    let lower: &[u8] = if k.len() <= buf.len() {
        buf[..k.len()].copy_from_slice(k);
        buf[..k.len()].make_ascii_lowercase();
        &buf[..k.len()]
    } else {
        heap = k.to_ascii_lowercase();
        &heap
    };
    let named = NEEDLES
        .iter()
        .zip(&SETS)
        .any(|(n, set)| possible(set) && contains(lower, n))
        || lower.ends_with(b"_pass")
        || lower.ends_with(b"webhook_url");
    named
        && !lower.ends_with(b"file")
        && !lower.ends_with(b"ref")
        && !lower.ends_with(b"name")
        && !lower.ends_with(b"path")
        && (!lower.ends_with(b"url") || lower.ends_with(b"webhook_url"))
}

/// Keys whose every scalar below is a secret: Grafana's `secureJsonData`, and HTTP
/// header maps (`Authorization: {values: [...]}` in Prometheus `http_headers`).
fn is_secret_section(key: &str) -> bool {
    key == "secureJsonData"
        || key == "Authorization"
        || key.eq_ignore_ascii_case("x-api-key")
        || key.eq_ignore_ascii_case("cookie")
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

fn ends_value(b: u8) -> bool {
    matches!(
        b,
        b'&' | b';'
            | b','
            | b' '
            | b'\t'
            | b'\r'
            | b'\n'
            | b'"'
            | b'\''
            | b'`'
            | b')'
            | b']'
            | b'}'
    )
}

/// Secrets written inside a piece of text (a scalar's source, a line of a `.env` file):
/// `KEY=value` and `--key=value` with a secret key (whole-line values run to the end of
/// the line), URL user info (`scheme://user:password@host`), and `Bearer`/`Basic`
/// credentials. Spans are relative to `raw`.
pub fn scan_text(raw: &str, out: &mut Vec<Span>) {
    let b = raw.as_bytes();
    // Most scalars are short words: skip them without scanning three times.
    if b.len() < 4 {
        return;
    }
    // Each scan needs a `=`, a `:` or a space: most scalars (names, numbers, paths) hold
    // none, and are left here, at the first byte that is one for the others.
    if !b.iter().any(|&c| matches!(c, b'=' | b':' | b' ')) {
        return;
    }
    // One pass over every four bytes in a row (a loop the compiler vectorises), for what
    // each scan needs to find anything: `=`; `://` or a webhook marker (`com/`) in a text
    // with a colon; `Bearer ` or `Basic ` (a space after `rer` or `sic`, in any case).
    let head = &b[..3];
    let (mut eq, mut colon) = (head.contains(&b'='), head.contains(&b':'));
    let (mut url, mut webhook, mut scheme) = (head.windows(2).any(|w| w == b":/"), false, false);
    let lower = |c: u8| c | 0x20;
    for (((&w, &x), &y), &z) in b.iter().zip(&b[1..]).zip(&b[2..]).zip(&b[3..]) {
        eq |= z == b'=';
        colon |= z == b':';
        url |= (y == b':') & (z == b'/');
        webhook |= (w == b'c') & (x == b'o') & (y == b'm') & (z == b'/');
        scheme |= (z == b' ')
            & (((lower(w) == b'r') & (lower(x) == b'e') & (lower(y) == b'r'))
                | ((lower(w) == b's') & (lower(x) == b'i') & (lower(y) == b'c')));
    }
    if eq {
        scan_assignments(raw, out);
    }
    if colon && (url || webhook) {
        scan_urls(raw, out);
    }
    if scheme {
        scan_auth_schemes(raw, out);
    }
}

/// Where `a` followed by `b` twice first occurs in `s` (`s.find("://")` for `:` and `/`),
/// without building a substring searcher for each of the many short scalars.
pub(crate) fn find_pair_after(s: &str, a: u8, b: u8) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(p) = bytes[from..].iter().position(|&c| c == a) {
        let k = from + p;
        if bytes[k + 1..].starts_with(&[b, b]) {
            return Some(k);
        }
        from = k + 1;
    }
    None
}

/// `KEY=value`, `--key=value`.
fn scan_assignments(raw: &str, out: &mut Vec<Span>) {
    let b = raw.as_bytes();
    // KEY=value
    let mut i = 0;
    while let Some(off) = raw[i..].find('=') {
        let eq = i + off;
        i = eq + 1;
        let mut ks = eq;
        while ks > 0 && is_key_byte(b[ks - 1]) {
            ks -= 1;
        }
        if ks == eq || !is_secret_key(&raw[ks..eq]) {
            continue;
        }
        // A key at the start of the text or of a line takes the rest of the line.
        let line_start = raw[..ks].rfind('\n').map_or(0, |p| p + 1);
        let before = raw[line_start..ks].trim_start_matches([' ', '\t', '"', '\'']);
        // `--flag=value` ends at a space; `KEY=value` (an environment entry) does not.
        let flag = b[ks] == b'-';
        let whole_line = !flag && (before.is_empty() || before == "export ");
        let mut ve = eq + 1;
        while ve < b.len() && b[ve] != b'\n' && b[ve] != b'\r' && (whole_line || !ends_value(b[ve]))
        {
            ve += 1;
        }
        if whole_line {
            // Not the closing quote of a quoted scalar.
            while ve > eq + 1 && matches!(b[ve - 1], b'"' | b'\'' | b' ' | b'\t') {
                ve -= 1;
            }
        }
        if ve > eq + 1 {
            out.push(Span::new(eq + 1, ve));
        }
    }
}

/// `scheme://user:password@host`, webhook URLs.
fn scan_urls(raw: &str, out: &mut Vec<Span>) {
    // scheme://user:password@host
    let mut i = 0;
    while let Some(off) = find_pair_after(&raw[i..], b':', b'/') {
        let auth = i + off + 3;
        i = auth;
        let end = raw[auth..]
            .find(['/', '?', '#', ' ', '\t', '\n', '"', '\'', '`'])
            .map_or(raw.len(), |e| auth + e);
        if let Some(at) = raw[auth..end].rfind('@') {
            if let Some(colon) = raw[auth..auth + at].find(':') {
                if colon + 1 < at {
                    out.push(Span::new(auth + colon + 1, auth + at));
                }
            }
        }
    }
    // Webhook URLs whose path is the credential (Slack, Discord, Teams). Each marker holds
    // `com/`: a scalar without it is not searched four times.
    if !raw.as_bytes().windows(4).any(|w| w == b"com/") {
        return;
    }
    for marker in [
        "hooks.slack.com/services/",
        "discord.com/api/webhooks/",
        "discordapp.com/api/webhooks/",
        "webhook.office.com/webhookb2/",
    ] {
        let mut i = 0;
        while let Some(off) = raw[i..].find(marker) {
            let start = i + off + marker.len();
            let end = raw[start..]
                .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '?' | '#'))
                .map_or(raw.len(), |e| start + e);
            if end > start {
                out.push(Span::new(start, end));
                // And each segment, which a message could show alone.
                let mut seg = start;
                for part in raw[start..end].split('/') {
                    if !part.is_empty() {
                        out.push(Span::new(seg, seg + part.len()));
                    }
                    seg += part.len() + 1;
                }
            }
            i = start;
        }
    }
}

/// `Bearer xxx`, `Basic xxx`.
fn scan_auth_schemes(raw: &str, out: &mut Vec<Span>) {
    let b = raw.as_bytes();
    let mut from = 0;
    while let Some(off) = b[from..].iter().position(|&c| c == b' ') {
        let sp = from + off;
        from = sp + 1;
        // Most spaces follow a word that ends in neither `r` nor `c`.
        if sp == 0 || !matches!(b[sp - 1] | 0x20, b'r' | b'c') {
            continue;
        }
        let word = if sp >= 6 && b[sp - 6..sp].eq_ignore_ascii_case(b"bearer") {
            6
        } else if sp >= 5 && b[sp - 5..sp].eq_ignore_ascii_case(b"basic") {
            5
        } else {
            continue;
        };
        // `Bearer` must be a word of its own.
        if sp > word && b[sp - word - 1].is_ascii_alphanumeric() {
            continue;
        }
        let start = sp + 1;
        let mut end = start;
        while end < b.len() && !matches!(b[end], b' ' | b'\t' | b'\r' | b'\n' | b'"' | b'\'' | b'`')
        {
            end += 1;
        }
        // A credential, not the next word of a sentence (`basic authentication`).
        let token = &raw[start..end];
        if token.len() >= 20
            || token
                .bytes()
                .any(|c| c.is_ascii_digit() || b"=._-+/${}".contains(&c))
        {
            out.push(Span::new(start, end));
        }
    }
}

/// What `walk` needs besides the node.
struct Walk<'a> {
    text: &'a str,
    /// Scalars not to scan: ConfigMap/Secret values read as embedded files, whose own
    /// documents are walked (more precisely) instead.
    skip: &'a [Span],
}

/// A value that no one would write as a word: long, or letters mixed with digits
/// (`ghp_1a2b…`, `xoxb-123-…`).
fn looks_generated(s: &str) -> bool {
    s.len() >= 20
        || (s.bytes().any(|c| c.is_ascii_digit()) && s.bytes().any(|c| c.is_ascii_alphabetic()))
}

fn walk(node: &Node, w: &Walk<'_>, under_secure: bool, out: &mut Vec<Span>) {
    let text = w.text;
    match &node.value {
        Value::Map(entries) => {
            // `{name: SOME_PASSWORD, value: x}`: Kubernetes `env`, and lists of the kind.
            if entries.len() <= 3 {
                if let (Some(name), Some(value)) = (node.get_str("name"), node.get("value")) {
                    if is_secret_key(name) && value.is_scalar() && !value.is_null() {
                        out.push(value.span);
                    }
                }
            }
            for e in entries {
                let key = e.key.as_str().unwrap_or("");
                let secure = under_secure || is_secret_section(key);
                let secret = secure || is_secret_key(key);
                if secret && e.value.is_scalar() && !e.value.is_null() {
                    out.push(e.value.span);
                    // Also its parts (a bearer token, a URL password), which messages
                    // may show alone.
                    walk(&e.value, w, secure, out);
                } else if secret && e.value.is_seq() {
                    // `secrets: [..]`, `credentials: [..]`: every item. A list under a
                    // plural `tokens:` is more often words (a prose linter's, Vale's) than
                    // credentials: there only items that look generated are secrets.
                    let words_too = secure || !key.to_ascii_lowercase().ends_with("tokens");
                    for item in e.value.items() {
                        if item.is_scalar()
                            && !item.is_null()
                            && (words_too || item.as_str().is_some_and(looks_generated))
                        {
                            out.push(item.span);
                        }
                        walk(item, w, secure, out);
                    }
                } else {
                    walk(&e.value, w, secure, out);
                }
            }
        }
        Value::Seq(items) => {
            for i in items {
                walk(i, w, under_secure, out);
            }
        }
        Value::Scalar(..) => {
            if w.skip.contains(&node.span) {
                return;
            }
            let (a, z) = (node.span.start as usize, node.span.end as usize);
            let Some(raw) = text.get(a..z) else {
                return;
            };
            let mut spans = Vec::new();
            scan_text(raw, &mut spans);
            out.extend(
                spans
                    .into_iter()
                    .map(|s| node.span.sub(s.start as usize, s.end as usize)),
            );
        }
    }
}

fn is_config_file_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    [".yml", ".yaml", ".json", ".rules"]
        .iter()
        .any(|e| k.ends_with(e))
}

/// Runs `f` on `0..n` and gives the results in order (a front end with threads runs them
/// in parallel).
pub type Each =
    fn(usize, &(dyn Fn(usize) -> Vec<(FileId, Span)> + Sync)) -> Vec<Vec<(FileId, Span)>>;

/// Runs `f` on `0..n`, one after the other.
pub fn each_in_turn(
    n: usize,
    f: &(dyn Fn(usize) -> Vec<(FileId, Span)> + Sync),
) -> Vec<Vec<(FileId, Span)>> {
    (0..n).map(f).collect()
}

/// Secret spans of every top-level file.
pub fn secret_spans(ws: &Workspace) -> Vec<(FileId, Span)> {
    secret_spans_with(ws, each_in_turn)
}

/// [`secret_spans`], each document and key-value file scanned by `each`.
pub fn secret_spans_with(ws: &Workspace, each: Each) -> Vec<(FileId, Span)> {
    spans_of(ws, each, &|_| true)
}

/// `spans` (a workspace's secret spans, found before `roots`' documents were set aside
/// or changed) with those of the files under the top-level files `roots` found again.
pub(crate) fn found_again(
    ws: &Workspace,
    mut spans: Vec<(FileId, Span)>,
    roots: &[FileId],
) -> Vec<(FileId, Span)> {
    if roots.is_empty() {
        return spans;
    }
    // Every secret span is in a top-level file: those of `roots`' are all found again.
    let roots: Vec<FileId> = roots.iter().map(|&f| ws.root_file(f)).collect();
    spans.retain(|(f, _)| !roots.contains(f));
    spans.extend(spans_of(ws, each_in_turn, &|f| {
        roots.contains(&ws.root_file(f))
    }));
    spans.sort();
    spans.dedup();
    spans
}

/// The secret spans of the documents and key-value files `keep` accepts.
fn spans_of(
    ws: &Workspace,
    each: Each,
    keep: &(dyn Fn(FileId) -> bool + Sync),
) -> Vec<(FileId, Span)> {
    // Embedded files that parsed: (holder file, key).
    let parsed: std::collections::HashSet<FileId> = ws.docs.iter().map(|d| d.file).collect();
    let failed: std::collections::HashSet<FileId> =
        ws.parse_errors.iter().map(|(f, _)| *f).collect();
    let embedded: std::collections::HashSet<(FileId, &str)> = ws
        .files
        .iter()
        .filter(|f| parsed.contains(&f.id) && !failed.contains(&f.id))
        .filter_map(|f| f.origin.as_ref().map(|o| (o.parent, o.key.as_str())))
        .collect();
    let kv_files: Vec<&crate::workspace::SourceFile> = ws
        .files
        .iter()
        .filter(|f| f.origin.is_none() && is_key_value_file(f.name()) && keep(f.id))
        .collect();
    let docs: Vec<&crate::workspace::Doc> = ws.docs.iter().filter(|d| keep(d.file)).collect();
    let n_docs = docs.len();
    let parts = each(n_docs + kv_files.len(), &|i| {
        if i < n_docs {
            doc_spans(ws, docs[i], &embedded)
        } else {
            key_value_spans(ws, kv_files[i - n_docs])
        }
    });
    let mut out: Vec<(FileId, Span)> = parts.into_iter().flatten().collect();
    out.sort();
    out.dedup();
    out
}

fn doc_spans(
    ws: &Workspace,
    d: &crate::workspace::Doc,
    embedded: &std::collections::HashSet<(FileId, &str)>,
) -> Vec<(FileId, Span)> {
    let mut out = Vec::new();
    let mut spans = Vec::new();
    let text = &ws.file(d.file).text;
    let mut skip = Vec::new();
    if d.kind == Kind::Kubernetes && !embedded.is_empty() {
        for section in ["data", "stringData"] {
            for e in d.root.get(section).map(Node::entries).unwrap_or_default() {
                if e.key
                    .as_str()
                    .is_some_and(|k| embedded.contains(&(d.file, k)))
                {
                    skip.push(e.value.span);
                }
            }
        }
    }
    walk(&d.root, &Walk { text, skip: &skip }, false, &mut spans);
    // Kubernetes Secrets: every value of `data` (base64 is not a mask) and every
    // `stringData` value that is not a config file read on its own.
    if d.kind == Kind::Kubernetes && d.root.get_str("kind") == Some("Secret") {
        for section in ["data", "stringData"] {
            for e in d.root.get(section).map(Node::entries).unwrap_or_default() {
                let key = e.key.as_str().unwrap_or("");
                if e.value.is_scalar()
                    && !e.value.is_null()
                    && (section == "data" || !is_config_file_key(key))
                {
                    spans.push(e.value.span);
                }
            }
        }
    }
    for s in spans {
        out.push(ws.resolve(d.file, s));
    }
    out
}

fn key_value_spans(ws: &Workspace, f: &crate::workspace::SourceFile) -> Vec<(FileId, Span)> {
    let mut out = Vec::new();
    let mut off = 0;
    for line in f.text.split('\n') {
        let mut spans = Vec::new();
        let trimmed = line.trim_start();
        if !trimmed.starts_with('#') && !trimmed.starts_with('[') {
            if let Some((k, v)) = line.split_once('=') {
                let key = k.trim().trim_start_matches([';', '#']).trim();
                let key = key.strip_prefix("export ").unwrap_or(key).trim();
                let v_trim = v.trim_end_matches('\r');
                if is_secret_key(key) && !v_trim.trim().is_empty() {
                    let start = k.len() + 1;
                    spans.push(Span::new(start, start + v_trim.len()));
                }
            }
        }
        scan_text(line, &mut spans);
        out.extend(spans.into_iter().map(|s| {
            ws.resolve(
                f.id,
                Span::new(off + s.start as usize, off + s.end as usize),
            )
        }));
        off += line.len() + 1;
    }
    out
}

/// Files of `KEY=value` lines: `.env` files, `grafana.ini`, Grafana's `config.monitoring`.
pub fn is_key_value_file(name: &str) -> bool {
    name.starts_with(".env")
        || name.ends_with(".env")
        || name.ends_with(".ini")
        || name == "config.monitoring"
}

/// The text of a file with every secret replaced by `*` (byte offsets are kept). Spans
/// are widened to whole characters, so the result is always valid UTF-8 and never falls
/// back to the unmasked text.
pub fn mask(text: &str, spans: &[Span]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for s in spans {
        let (mut a, mut b) = (
            (s.start as usize).min(bytes.len()),
            (s.end as usize).min(bytes.len()),
        );
        while a > 0 && !text.is_char_boundary(a) {
            a -= 1;
        }
        while b < bytes.len() && !text.is_char_boundary(b) {
            b += 1;
        }
        if a >= b {
            continue;
        }
        for x in &mut bytes[a..b] {
            *x = b'*';
        }
    }
    String::from_utf8(bytes).unwrap_or_else(|_| "*".repeat(text.len()))
}

#[cfg(test)]
mod tests;
