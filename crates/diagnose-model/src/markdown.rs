//! Code blocks of Markdown documents (tutorials, READMEs) as files of one stack.
//!
//! Each fenced block that holds a config becomes a virtual file. Its name comes from, in
//! order: the info string (```` ```yaml title="x.yml" ````, `file=x.yml`, `yaml:x.yml`), a
//! `# file: x.yml` comment on its first line, or the prose just before it ("Créez le
//! fichier `monitoring/prometheus.yml` :", "Create `grafana/provisioning/datasources/x.yml`").
//! Names are relative to the document's folder, so the compose file of a tutorial mounts
//! the Prometheus config of the same tutorial. Untagged blocks are kept only when their
//! content is a known config; shell blocks give their here-documents
//! (`cat > prometheus.yml <<EOF`); PromQL blocks become the queries of a virtual
//! dashboard, of which only the queries are the user's text. Blocks that show only part of
//! a file (`# ...` lines) are skipped: the stack would miss what they leave out.
//!
//! Every virtual file keeps an [`OffsetMap`] to the document, so diagnostics point at the
//! document's lines.

use crate::kind::{classify, is_compose_name, Kind};
use diagnose_syntax::paths;
use diagnose_syntax::source::Span;
use diagnose_syntax::{parse_json, parse_yaml, OffsetMap};

/// Whether a file name is a Markdown document.
pub fn is_markdown_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [".md", ".markdown", ".mdown", ".mkd"]
        .iter()
        .any(|e| n.ends_with(e))
}

/// The extension of the dashboard made from a ```promql block (`guide.md.L12.promql.json`).
pub const PROMQL_BLOCK_EXT: &str = "promql.json";

/// Where a block's name comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameSource {
    /// The fence's info string (`title=`, `file=`, `yaml:path`).
    Info,
    /// A `# file: path` comment on the block's first line.
    Comment,
    /// The prose before the block.
    Prose,
    /// The target of a shell here-document (`cat > path <<EOF`).
    Heredoc,
    /// None: the name is made up from the document's name and the block's line.
    Generated,
}

/// Why a block is not part of the stack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// A line such as `# ... (unchanged) ...` shows that the block is an excerpt.
    Partial { line: u32 },
    /// A later block of the document has the same name (the tutorial's final version).
    Superseded { by_line: u32 },
    /// The prose names a file that the block is only a piece of ("Modifiez
    /// `docker-compose.yml` :" before a lone service).
    Excerpt,
    /// A JSON block that starts with a key (`"dependencies": {…}`): a piece of a larger
    /// document (a `plugin.json`, a dashboard), never a document on its own.
    JsonFragment,
    /// The block describes a format in the documentation's notation (`[ scrape_timeout:
    /// <duration> | default = 10s ]`), it is not a file.
    Notation,
    /// A shell session (`$ curl …` and what it printed), not a file.
    Transcript,
    /// The block holds another language than its tag says (a ```yaml block of PromQL, a
    /// ```promql block of formulas): the tag is a mistake, the block is no file.
    Mislabelled { tag: String, holds: Holds },
    /// A JSON block of several values one after another: the outputs of commands.
    Outputs,
    /// An unnamed compose block that deploys again, under other service names, the images
    /// of the compose block at `to_line`: another way to run them, not an addition.
    Alternative { to_line: u32 },
}

/// What a mislabelled block holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holds {
    /// PromQL expressions (`http_requests_total{job="api"}`, `rate(x[5m])`).
    PromQL,
    /// Samples of the exposition format (`name{labels} 100`).
    Samples,
    /// Shell commands (`cat <<EOF > x.yaml`, `curl …`).
    Shell,
    /// Sentences.
    Prose,
    /// YAML (`- record: x` / `expr: …` in a ```promql block).
    Yaml,
    /// Formulas (`burn_rate = error_rate / budget`).
    Formulas,
}

/// A block left out of the stack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// 1-based line of the block's opening fence.
    pub line: u32,
    pub name: Option<String>,
    pub reason: SkipReason,
}

/// A file made from a code block.
#[derive(Clone, Debug)]
pub struct VirtualFile {
    /// Path relative to the document's folder, joined onto it.
    pub path: String,
    pub text: String,
    /// Offsets in `text` → offsets in the document.
    pub map: OffsetMap,
    /// Parts of `text` that the document holds; the rest was added by the engine.
    pub covered: Vec<Span>,
    /// 1-based line of the block's opening fence.
    pub line: u32,
    pub named_by: NameSource,
}

/// A fenced code block of a document.
#[derive(Clone, Debug)]
pub struct Fence {
    /// The first word of the info string, lowercased (`""` when untagged).
    pub lang: String,
    pub info: String,
    /// 0-based line of the opening fence.
    pub open_line: usize,
    /// 0-based line of the closing fence (the line count when unclosed).
    pub close_line: usize,
    /// The content, fence indentation removed.
    pub text: String,
    /// (offset in `text`, offset in the document) of each content line's start.
    pub lines: Vec<(usize, usize)>,
    /// Offset in the document just after the content.
    pub end: usize,
}

impl Fence {
    /// The map from `text[from..to]` to the document.
    fn map(&self, from: usize, to: usize) -> OffsetMap {
        let mut anchors = Vec::new();
        for (i, &(inner, outer)) in self.lines.iter().enumerate() {
            let next = self.lines.get(i + 1).map_or(self.text.len(), |l| l.0);
            if next <= from || inner >= to {
                continue;
            }
            if inner <= from {
                anchors.push((0, outer + (from - inner)));
            } else {
                anchors.push((inner - from, outer));
            }
        }
        OffsetMap::from_anchors(anchors, to - from, self.end)
    }
}

/// Splits a document into lines with the offset where each starts.
fn lines_of(md: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut off = 0;
    for l in md.split('\n') {
        out.push((off, l));
        off += l.len() + 1;
    }
    if md.ends_with('\n') {
        out.pop();
    }
    out
}

fn fence_open(line: &str) -> Option<(usize, char, usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let c = rest.chars().next()?;
    if c != '`' && c != '~' {
        return None;
    }
    let n = rest.len() - rest.trim_start_matches(c).len();
    if n < 3 {
        return None;
    }
    let info = rest[n..].trim();
    if c == '`' && info.contains('`') {
        return None;
    }
    Some((indent, c, n, info))
}

fn is_fence_close(line: &str, c: char, n: usize) -> bool {
    let t = line.trim();
    let len = t.len() - t.trim_start_matches(c).len();
    len >= n && t[len..].trim().is_empty()
}

/// The fenced code blocks of a document (CommonMark fences; the fence's indentation is
/// removed from the content lines).
pub fn fences(md: &str) -> Vec<Fence> {
    let lines = lines_of(md);
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some((indent, c, n, info)) = fence_open(lines[i].1.trim_end_matches('\r')) else {
            i += 1;
            continue;
        };
        let mut text = String::new();
        let mut map_lines = Vec::new();
        let mut j = i + 1;
        while j < lines.len() && !is_fence_close(lines[j].1, c, n) {
            let (off, l) = lines[j];
            let strip = l.len() - l.trim_start_matches(' ').len();
            let strip = strip.min(indent);
            map_lines.push((text.len(), off + strip));
            text.push_str(&l[strip..]);
            text.push('\n');
            j += 1;
        }
        let end = lines.get(j).map_or(md.len(), |(off, _)| *off);
        out.push(Fence {
            lang: info
                .split(|ch: char| ch.is_whitespace() || ch == '{' || ch == ':' || ch == ',')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase(),
            info: info.to_string(),
            open_line: i,
            close_line: j,
            text,
            lines: map_lines,
            end,
        });
        i = j + 1;
    }
    out
}

/// Whether a file name is one of the configs diagnose reads.
fn config_name(name: &str) -> bool {
    let n = paths::file_name(name).to_ascii_lowercase();
    n.ends_with(".yml")
        || n.ends_with(".yaml")
        || n.ends_with(".json")
        || n.ends_with(".rules")
        || n == ".env"
}

/// A path written in prose or in a comment, cleaned; `None` when it is not a usable name.
fn clean_path(token: &str) -> Option<String> {
    let t = token
        .trim()
        .trim_matches(|c| c == '"' || c == '\'' || c == '*')
        .trim_end_matches([':', ',', ';', ')', '!', '?']);
    let t = t.strip_suffix('.').unwrap_or(t);
    if t.is_empty()
        || t.contains("://")
        || t.chars()
            .any(|c| c.is_whitespace() || "<>*{}$:|`\"'()[]".contains(c))
    {
        return None;
    }
    // An absolute path (`/etc/grafana/provisioning/…`) keeps its `/`: where the file is
    // in a container, which the compose blocks' mounts map to the host ([`extract`]).
    let abs = t.starts_with('/');
    let t = t.strip_prefix("~/").unwrap_or(t).trim_start_matches('/');
    let t = paths::normalize(t);
    if t.is_empty() || t.starts_with("..") {
        return None;
    }
    Some(if abs { format!("/{t}") } else { t })
}

/// Code spans and bare words of a prose line, with their byte position.
fn tokens(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut in_code = false;
    let mut pos = 0;
    for seg in line.split('`') {
        if in_code {
            out.push((pos, seg));
        } else {
            let mut start = None;
            for (i, ch) in seg.char_indices() {
                let word = ch.is_alphanumeric() || "./-_~".contains(ch);
                match (word, start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        out.push((pos + s, &seg[s..i]));
                        start = None;
                    }
                    _ => {}
                }
            }
            if let Some(s) = start {
                out.push((pos + s, &seg[s..]));
            }
        }
        in_code = !in_code;
        pos += seg.len() + 1;
    }
    out
}

/// Words that introduce the folder a file goes into.
const FOLDER_WORDS: &[&str] = &[
    "dans",
    "à l'intérieur de",
    "à l’intérieur de",
    "sous",
    "dossier",
    "répertoire",
    "in",
    "inside",
    "into",
    "under",
    "within",
    "folder",
    "directory",
];

/// The file a prose line names, joined onto the folder it names before it ("inside
/// `config/prometheus`, create `prometheus.yml`"). `None` when it names no file or
/// several.
fn name_in_line(line: &str) -> Option<String> {
    let toks = tokens(line);
    let files: Vec<(usize, String)> = toks
        .iter()
        .filter_map(|(p, t)| clean_path(t).filter(|c| config_name(c)).map(|c| (*p, c)))
        .collect();
    let mut distinct: Vec<&String> = files.iter().map(|(_, f)| f).collect();
    distinct.dedup();
    let (pos, file) = match distinct.len() {
        0 => return None,
        1 => files[0].clone(),
        // "Copy `x.yml.example` to `x.yml` :" — the last one, when the line introduces
        // the block.
        _ if line.trim_end().ends_with(':') => files.last().cloned()?,
        _ => return None,
    };
    if file.contains('/') {
        return Some(file);
    }
    let lower = line.to_lowercase();
    let folder = toks.iter().rev().find(|(p, t)| {
        *p < pos
            && clean_path(t).is_some_and(|c| !config_name(&c) && c.contains('/'))
            && lower.get(p.saturating_sub(30)..*p).is_some_and(|before| {
                let before = before.trim_end().trim_end_matches(['`', '*']).trim_end();
                FOLDER_WORDS.iter().any(|w| {
                    before
                        .strip_suffix(w)
                        .is_some_and(|b| b.is_empty() || b.ends_with([' ', '(', ',']))
                })
            })
    });
    match folder {
        Some((_, f)) => Some(paths::join(&clean_path(f)?, &file)),
        None => Some(file),
    }
}

/// The name the prose before a block gives it: the nearest line that names a file,
/// looking back no further than the previous block or the section's heading.
fn prose_name(lines: &[(usize, &str)], from: usize, to: usize) -> Option<String> {
    for i in (from..to).rev() {
        let l = lines[i].1.trim();
        if l.is_empty() {
            continue;
        }
        if let Some(n) = name_in_line(l) {
            return Some(n);
        }
        if l.starts_with('#') {
            break;
        }
    }
    None
}

/// The name the info string gives: `title="x.yml"`, `file=x.yml`, `filename=x.yml`,
/// `yaml:x.yml`.
fn info_name(info: &str) -> Option<String> {
    for key in ["title=", "file=", "filename=", "name=", "path="] {
        if let Some(i) = info.find(key) {
            let v = &info[i + key.len()..];
            let v = v.trim_start_matches(['"', '\'']);
            let end = v.find(['"', '\'', ' ', '}', ',']).unwrap_or(v.len());
            if let Some(p) = clean_path(&v[..end]).filter(|p| config_name(p)) {
                return Some(p);
            }
        }
    }
    let first = info.split_whitespace().next().unwrap_or("");
    let (_, path) = first.split_once(':')?;
    clean_path(path).filter(|p| config_name(p))
}

/// The name a first-line comment gives: `# file: x.yml`, `# fichier : x.yml`, `# x.yml`,
/// `// file: x.json`. Returns the name, the comment line's length and whether a word says
/// it is the file (`file:`, `fichier :`), not only which file it belongs to.
fn comment_name(text: &str) -> Option<(String, usize, bool)> {
    let first = text.lines().next()?;
    let t = first.trim();
    let body = t.strip_prefix("//").or_else(|| t.strip_prefix('#'))?.trim();
    let lower = body.to_lowercase();
    let mut rest = body;
    let mut said = false;
    for w in ["filename", "fichier", "file", "path", "chemin"] {
        if lower.starts_with(w) {
            let r = body[w.len()..].trim_start();
            if let Some(r) = r.strip_prefix(':') {
                rest = r.trim();
                said = true;
            }
            break;
        }
    }
    let p = clean_path(rest).filter(|p| config_name(p))?;
    Some((p, first.len(), said))
}

/// Whether a line marks an elision: `# ...`, `# … (unchanged) …`, `// ...`, `...`, `[...]`.
fn elision(line: &str) -> bool {
    let t = line.trim();
    let body = t
        .strip_prefix('#')
        .or_else(|| t.strip_prefix("//"))
        .map(str::trim)
        .unwrap_or(t);
    let body = body.trim_start_matches(['(', '[']);
    body.starts_with("...") || body.starts_with('…')
}

fn partial_line(text: &str) -> Option<u32> {
    text.lines().position(elision).map(|i| i as u32)
}

/// What a block holds, from its language tag.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Lang {
    Yaml,
    Json,
    PromQL,
    Shell,
    Env,
    Untagged,
    Other,
}

fn lang_of(tag: &str) -> Lang {
    match tag {
        "yaml" | "yml" => Lang::Yaml,
        "json" | "jsonc" | "json5" => Lang::Json,
        "promql" => Lang::PromQL,
        "bash" | "sh" | "shell" | "console" | "zsh" | "shell-session" | "terminal" => Lang::Shell,
        "env" | "dotenv" | "ini" | "properties" => Lang::Env,
        "" | "text" | "txt" | "plaintext" | "plain" | "conf" | "config" => Lang::Untagged,
        _ => Lang::Other,
    }
}

/// Kind of a text by content, when it parses cleanly as a single-document map.
fn detect(text: &str, json: bool) -> Option<Kind> {
    if json {
        let root = parse_json(text).ok()?;
        return Some(classify("", &root, true));
    }
    let (docs, err) = parse_yaml(text);
    if err.is_some() {
        return None;
    }
    let mut kind = None;
    for d in &docs {
        if !d.root.is_map() {
            return None;
        }
        let k = classify("", &d.root, false);
        kind = Some(match kind {
            None | Some(Kind::Other) => k,
            Some(k0) => k0,
        });
    }
    kind
}

/// A block turned into a file, before names are made unique.
struct Candidate {
    file: VirtualFile,
    /// What the content is, when it parses (`None` for here-documents and PromQL).
    kind: Option<Kind>,
    /// The absolute path that named the block (`/etc/grafana/provisioning/x.yaml`): where
    /// it is in a container.
    container: Option<String>,
}

/// The files that the code blocks of `md` (at `md_path`) stand for, and the blocks left
/// out of the stack.
pub fn extract(md_path: &str, md: &str) -> (Vec<VirtualFile>, Vec<Skipped>) {
    let lines = lines_of(md);
    let dir = paths::parent(md_path);
    let doc_name = paths::file_name(md_path);
    let mut cands: Vec<Candidate> = Vec::new();
    let mut skipped = Vec::new();
    let mut prev_end = 0;
    for f in fences(md) {
        let window_start = prev_end;
        prev_end = f.close_line + 1;
        let line = f.open_line as u32 + 1;
        let lang = lang_of(&f.lang);
        let mut explicit = info_name(&f.info).map(|n| (n, NameSource::Info));
        let mut blanked = None;
        // The info string or a `# file: x` comment says the block is the file, whole.
        let mut whole_file = explicit.is_some();
        if explicit.is_none() {
            if let Some((n, len, said)) = comment_name(&f.text) {
                explicit = Some((n, NameSource::Comment));
                blanked = Some(len);
                whole_file = said;
            }
        }
        let lang = match (lang, &explicit) {
            (Lang::Other | Lang::Untagged | Lang::Env, Some((n, _))) => by_extension(n),
            (l, _) => l,
        };
        let generated = |ext: &str| format!("{doc_name}.L{line}.{ext}");
        match lang {
            Lang::Other => continue,
            Lang::Shell => {
                cands.extend(heredoc_candidates(&f, dir, line));
                continue;
            }
            Lang::PromQL => {
                if let Some(p) = partial_line(&f.text) {
                    skipped.push(Skipped {
                        line,
                        name: None,
                        reason: SkipReason::Partial { line: line + 1 + p },
                    });
                    continue;
                }
                if let Some(holds) = content::promql_holds(&f.text) {
                    skipped.push(Skipped {
                        line,
                        name: None,
                        reason: SkipReason::Mislabelled {
                            tag: f.lang.clone(),
                            holds,
                        },
                    });
                    continue;
                }
                if let Some(file) = promql_dashboard(&f, generated(PROMQL_BLOCK_EXT), line) {
                    cands.push(Candidate {
                        file,
                        kind: None,
                        container: None,
                    });
                }
                continue;
            }
            _ => {}
        }
        let (name, named_by) = match explicit {
            Some(e) => (Some(e.0), e.1),
            None => match prose_name(&lines, window_start, f.open_line) {
                Some(n) => (Some(n), NameSource::Prose),
                None => (None, NameSource::Generated),
            },
        };
        if let Some(p) = partial_line(&f.text) {
            skipped.push(Skipped {
                line,
                name,
                reason: SkipReason::Partial { line: line + 1 + p },
            });
            continue;
        }
        let mut text = f.text.clone();
        if let Some(len) = blanked {
            // The naming comment is not valid JSON: blank it, keeping offsets.
            if text.trim_start().starts_with("//") {
                text.replace_range(..len, &" ".repeat(len));
            }
        }
        let json = match lang {
            Lang::Json => true,
            Lang::Yaml | Lang::Env => false,
            _ => {
                let t = text.trim_start();
                t.starts_with('{') || t.starts_with('[')
            }
        };
        if lang_of(&f.lang) == Lang::Yaml && !parses_as_map(&text) {
            if let Some(holds) = content::yaml_holds(&text) {
                // `cat <<EOF > x.yaml` under a ```yaml tag: a shell block, whose
                // here-documents are files.
                let docs = if holds == Holds::Shell {
                    heredoc_candidates(&f, dir, line)
                } else {
                    Vec::new()
                };
                if docs.is_empty() {
                    skipped.push(Skipped {
                        line,
                        name,
                        reason: SkipReason::Mislabelled {
                            tag: f.lang.clone(),
                            holds,
                        },
                    });
                }
                cands.extend(docs);
                continue;
            }
        }
        if matches!(lang, Lang::Yaml | Lang::Json | Lang::Untagged) {
            let reason = if is_notation(&text) || (!json && content::skeleton(&text)) {
                Some(SkipReason::Notation)
            } else if is_transcript(&text) {
                Some(SkipReason::Transcript)
            } else {
                None
            };
            if let Some(reason) = reason {
                skipped.push(Skipped { line, name, reason });
                continue;
            }
        }
        if lang == Lang::Json {
            // `"result": [...]`: an elided part, as `# ...` in YAML (tagged JSON only).
            if let Some(p) = content::json_elision(&text) {
                skipped.push(Skipped {
                    line,
                    name,
                    reason: SkipReason::Partial {
                        line: line + 1 + p as u32,
                    },
                });
                continue;
            }
            if content::json_values_in_a_row(&text) {
                skipped.push(Skipped {
                    line,
                    name,
                    reason: SkipReason::Outputs,
                });
                continue;
            }
        }
        if json && starts_with_key(&text) {
            skipped.push(Skipped {
                line,
                name,
                reason: SkipReason::JsonFragment,
            });
            continue;
        }
        let content_kind = if lang == Lang::Env {
            None
        } else {
            detect(&text, json)
        };
        let compose_name = name
            .as_deref()
            .is_some_and(|n| is_compose_name(paths::file_name(n)));
        if compose_name && content_kind == Some(Kind::Other) {
            // "Modifiez `docker-compose.yml` :" before a lone service: a piece of the file.
            skipped.push(Skipped {
                line,
                name,
                reason: SkipReason::Excerpt,
            });
            continue;
        }
        if content_kind == Some(Kind::Alertmanager)
            && !json
            && !whole_file
            && !whole_alertmanager(&text)
        {
            // A routing tree alone, or receivers alone: a lesson about one section of
            // `alertmanager.yml`, whose other sections the tutorial does not show (a block
            // its info string or a `# file:` comment names is the file, whole; a bare
            // `# alertmanager.yml` says only which file the piece belongs to).
            skipped.push(Skipped {
                line,
                name: Some(name.unwrap_or_else(|| "alertmanager.yml".to_string())),
                reason: SkipReason::Excerpt,
            });
            continue;
        }
        let name = name.filter(|_| {
            // Prose can name another file ("check that `prometheus.yml` is mounted,
            // then add to the compose file:"); a compose name on another config, or a
            // compose file under another name, is not this block's name.
            named_by != NameSource::Prose
                || match content_kind {
                    Some(Kind::Other) | None => true,
                    Some(k) => (k == Kind::Compose) == compose_name,
                }
        });
        let named_by = if name.is_some() {
            named_by
        } else {
            NameSource::Generated
        };
        let env = name
            .as_deref()
            .is_some_and(|n| paths::file_name(n) == ".env");
        // Untagged blocks are kept only when they are a recognisable config; `env` blocks
        // only when the prose names them `.env`.
        let keep = match lang {
            Lang::Untagged => env || content_kind.is_some_and(|k| k != Kind::Other),
            Lang::Env => env,
            _ => true,
        };
        if !keep {
            continue;
        }
        let (path, container) = match name {
            Some(n) => place(dir, &n),
            None => (
                paths::join(dir, &generated(if json { "json" } else { "yml" })),
                None,
            ),
        };
        cands.push(Candidate {
            kind: content_kind,
            container,
            file: VirtualFile {
                path,
                covered: vec![Span::new(0, text.len())],
                map: f.map(0, f.text.len()),
                text,
                line,
                named_by,
            },
        });
    }
    map_container_paths(&mut cands);
    for (i, other) in alternatives(&cands).into_iter().rev() {
        let c = cands.remove(i);
        skipped.push(Skipped {
            line: c.file.line,
            name: None,
            reason: SkipReason::Alternative { to_line: other },
        });
    }
    // A tutorial that shows a file twice ends with the version to keep; a later block of
    // another kind under the same name is a piece of it ("edit `x.yml`:").
    let mut files: Vec<Candidate> = Vec::new();
    for c in cands {
        if let Some(i) = files.iter().position(|f| f.file.path == c.file.path) {
            let differs = matches!((files[i].kind, c.kind), (Some(a), Some(b)) if a != b);
            if differs {
                skipped.push(Skipped {
                    line: c.file.line,
                    name: Some(c.file.path),
                    reason: SkipReason::Excerpt,
                });
                continue;
            }
            let old = files.remove(i);
            skipped.push(Skipped {
                line: old.file.line,
                name: Some(old.file.path),
                reason: SkipReason::Superseded {
                    by_line: c.file.line,
                },
            });
        }
        files.push(c);
    }
    skipped.sort_by_key(|s| s.line);
    (files.into_iter().map(|c| c.file).collect(), skipped)
}

/// Whether an Alertmanager block has both sections a config needs at its top level:
/// `route:` and `receivers:`.
fn whole_alertmanager(text: &str) -> bool {
    let top = |k: &str| text.lines().any(|l| l.starts_with(k));
    top("route:") && top("receivers:")
}

fn by_extension(name: &str) -> Lang {
    let n = name.to_ascii_lowercase();
    if n.ends_with(".json") {
        Lang::Json
    } else if paths::file_name(&n) == ".env" {
        Lang::Env
    } else {
        Lang::Yaml
    }
}

mod content;
mod embedded;
mod mounts;
use content::parses_as_map;
use content::{is_notation, is_transcript, starts_with_key};
use embedded::{heredoc_candidates, promql_dashboard};
use mounts::{alternatives, map_container_paths, place};

#[cfg(test)]
mod tests;
