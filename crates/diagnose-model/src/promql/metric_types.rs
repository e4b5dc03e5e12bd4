//! What a metric is (counter or gauge), from evidence only: the stack's own instrumentation
//! code (`Counter(...)`/`Gauge(...)` declarations of the Python, Go, Java/Kotlin, Node, Ruby
//! and .NET client libraries), `# TYPE` lines of saved `/metrics` text, the generated table
//! of widely used exporters (`exporter_metric_types.rs`), and names that can only be gauges.
//! A name without evidence is unknown: `_total` or its absence proves nothing, since many
//! exporters break the naming convention both ways.

use super::exporter_metric_types::{PREFIXES, SOURCES};
use super::exporter_table;
pub use super::metric_type::MetricType;
use crate::workspace::Workspace;
use diagnose_syntax::source::{FileId, Span};
use std::collections::HashMap;

/// What a series behaves like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nature {
    /// Only grows (a counter, or the `_bucket`/`_sum`/`_count` of a histogram or summary).
    Cumulative,
    /// Goes up and down.
    Gauge,
}

/// Why a series is known to be of a nature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Evidence {
    /// Declared in a file of the stack (a client library call or a `# TYPE` line).
    Declared {
        file: FileId,
        span: Span,
        ty: MetricType,
    },
    /// The exporter table: `(repository, commit, file)` of the entry.
    Exporter {
        source: (&'static str, &'static str, &'static str),
        ty: MetricType,
    },
    /// The name can only be a gauge (`up`, `_ratio`, `_celsius`, `_info`…).
    Name,
    /// The selector picks a `quantile` of a summary: a gauge.
    Quantile,
}

/// File names read for evidence besides configuration files: source code of the client
/// libraries' languages and saved `/metrics` text.
pub fn is_evidence_name(name: &str) -> bool {
    let n = name.rsplit('/').next().unwrap_or(name).to_ascii_lowercase();
    let ext = n.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    n == "metrics"
        || matches!(
            ext,
            "py" | "go"
                | "java"
                | "kt"
                | "js"
                | "mjs"
                | "cjs"
                | "ts"
                | "rb"
                | "cs"
                | "prom"
                | "txt"
        )
}

/// Whether an evidence file (see [`is_evidence_name`]) may hold a declaration: front ends
/// drop the others before analysis.
pub fn is_evidence_text(name: &str, text: &str) -> bool {
    if is_exposition_name(name) {
        return text.contains("# TYPE ");
    }
    ["rometheus", "prom-client", "prom_client", "micrometer"]
        .iter()
        .any(|m| text.contains(m))
}

fn is_exposition_name(name: &str) -> bool {
    let n = name.rsplit('/').next().unwrap_or(name).to_ascii_lowercase();
    n == "metrics" || n.ends_with(".prom") || n.ends_with(".txt")
}

/// One declaration found in a file.
#[derive(Clone, Debug, PartialEq)]
pub struct Decl {
    pub name: String,
    pub ty: MetricType,
    /// Span of the name in the file.
    pub span: Span,
    /// The library appends `_total` to counter names (Python, Java, Micrometer).
    pub adds_total: bool,
}

/// Declarations of a file, by its language (from the name).
pub fn declarations(name: &str, text: &str) -> Vec<Decl> {
    if !is_evidence_name(name) || name.contains("/vendor/") || name.contains("site-packages/") {
        return Vec::new();
    }
    if is_exposition_name(name) {
        return exposition(text);
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "py" => python(text),
        "go" => go(text),
        "java" | "kt" => java(text),
        "js" | "mjs" | "cjs" | "ts" => node(text),
        "rb" => ruby(text),
        "cs" => dotnet(text),
        _ => Vec::new(),
    }
}

const KINDS: [(&str, MetricType); 4] = [
    ("Counter", MetricType::Counter),
    ("Gauge", MetricType::Gauge),
    ("Histogram", MetricType::Histogram),
    ("Summary", MetricType::Summary),
];

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Occurrences of `word` not preceded by an identifier character.
fn find_word<'t>(text: &'t str, word: &'t str) -> impl Iterator<Item = usize> + 't {
    text.match_indices(word)
        .map(|(i, _)| i)
        .filter(move |&i| i == 0 || !is_ident(text.as_bytes()[i - 1]))
}

fn skip_ws(text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// A string literal (`'…'`, `"…"` or `` `…` ``) starting at `i`: its content's span.
fn string_at(text: &str, i: usize) -> Option<Span> {
    let b = text.as_bytes();
    let q = *b.get(i)?;
    if !matches!(q, b'"' | b'\'' | b'`') {
        return None;
    }
    let end = text[i + 1..].find(q as char)? + i + 1;
    let s = &text[i + 1..end];
    (!s.is_empty() && s.len() < 200 && !s.contains('\n')).then(|| Span::new(i + 1, end))
}

/// A metric name written as a literal: a valid name (dots allowed for Micrometer).
fn valid(s: &str) -> bool {
    let mut c = s.bytes();
    matches!(c.next(), Some(x) if x.is_ascii_alphabetic() || x == b'_' || x == b':')
        && c.all(|x| is_ident(x) || x == b':' || x == b'.')
}

fn decl(text: &str, span: Span, ty: MetricType, adds_total: bool) -> Option<Decl> {
    let s = &text[span.start as usize..span.end as usize];
    valid(s).then(|| Decl {
        name: s.replace('.', "_"),
        ty,
        span,
        adds_total,
    })
}

/// `# TYPE name type` lines.
fn exposition(text: &str) -> Vec<Decl> {
    let mut out = Vec::new();
    for (start, line) in diagnose_syntax::strings::lines_at(text) {
        let Some(rest) = line.strip_prefix("# TYPE ") else {
            continue;
        };
        let mut parts = rest.split_whitespace();
        let (Some(name), Some(ty)) = (parts.next(), parts.next()) else {
            continue;
        };
        let ty = match ty {
            "counter" => MetricType::Counter,
            "gauge" => MetricType::Gauge,
            "histogram" | "gaugehistogram" => MetricType::Histogram,
            "summary" => MetricType::Summary,
            _ => continue,
        };
        let s = start + 7 + (rest.len() - rest.trim_start().len());
        out.extend(decl(text, Span::new(s, s + name.len()), ty, false));
    }
    out
}

/// prometheus_client: `Counter('name', …)`, `Gauge(name='name', …)`; counters are
/// exposed with `_total`.
fn python(text: &str) -> Vec<Decl> {
    let mut out = Vec::new();
    for (word, ty) in KINDS {
        for i in find_word(text, word) {
            let mut j = i + word.len();
            if text.as_bytes().get(j) != Some(&b'(') {
                continue;
            }
            j = skip_ws(text, j + 1);
            if text[j..].starts_with("name") {
                let k = skip_ws(text, j + 4);
                if text.as_bytes().get(k) == Some(&b'=') {
                    j = skip_ws(text, k + 1);
                }
            }
            if let Some(s) = string_at(text, j) {
                out.extend(decl(text, s, ty, ty == MetricType::Counter));
            }
        }
    }
    out
}

/// The `{…}` block starting at `open`, or up to 2000 bytes.
fn block(text: &str, open: usize) -> &str {
    let b = text.as_bytes();
    let mut depth = 0;
    let limit = (open + 2000).min(b.len());
    for i in open..limit {
        match b[i] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return &text[open..i];
                }
            }
            _ => {}
        }
    }
    &text[open..limit]
}

/// The value of `key:` inside a block: a literal's span in `text`, or an identifier.
fn field<'t>(
    text: &'t str,
    base: usize,
    body: &'t str,
    key: &str,
) -> Option<Result<Span, &'t str>> {
    for i in find_word(body, key) {
        let j = skip_ws(body, i + key.len());
        if body.as_bytes().get(j) != Some(&b':') {
            continue;
        }
        let j = skip_ws(body, j + 1);
        if let Some(s) = string_at(body, j) {
            return Some(Ok(Span::new(
                base + s.start as usize,
                base + s.end as usize,
            )));
        }
        let end = body[j..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .map_or(body.len(), |e| j + e);
        return (end > j).then_some(Err(&body[j..end]));
    }
    let _ = text;
    None
}

/// `name = "literal"` (constants and variables) of a Go file.
fn go_consts(text: &str) -> HashMap<&str, &str> {
    let mut out = HashMap::new();
    for line in text.lines() {
        let l = line.trim();
        let l = l.strip_prefix("const ").unwrap_or(l);
        let l = l.strip_prefix("var ").unwrap_or(l);
        let Some((k, v)) = l.split_once('=') else {
            continue;
        };
        let k = k.trim().trim_end_matches(" string").trim();
        let v = v.trim();
        if valid(k) && v.len() >= 2 && v.starts_with('"') && v[1..].find('"') == Some(v.len() - 2) {
            out.insert(k, &v[1..v.len() - 1]);
        }
    }
    out
}

/// client_golang: `prometheus.CounterOpts{Namespace: …, Subsystem: …, Name: "…"}`.
fn go(text: &str) -> Vec<Decl> {
    // Most Go files declare no metric: one search rules them out (a large Go tree is
    // thousands of files).
    if !text.contains("Opts") {
        return Vec::new();
    }
    let consts = go_consts(text);
    let mut out = Vec::new();
    for (word, ty) in KINDS {
        for i in find_word(text, word) {
            let mut j = i + word.len();
            if text[j..].starts_with("Vec") {
                j += 3;
            }
            if !text[j..].starts_with("Opts") {
                continue;
            }
            let open = skip_ws(text, j + 4);
            if text.as_bytes().get(open) != Some(&b'{') {
                continue;
            }
            let body = block(text, open);
            let Some(Ok(name)) = field(text, open, body, "Name") else {
                continue;
            };
            let mut parts = Vec::new();
            let mut known = true;
            for key in ["Namespace", "Subsystem"] {
                match field(text, open, body, key) {
                    Some(Ok(s)) => parts.push(text[s.start as usize..s.end as usize].to_string()),
                    Some(Err(id)) => match consts.get(id) {
                        Some(v) => parts.push(v.to_string()),
                        None => known = false,
                    },
                    None => {}
                }
            }
            if !known {
                continue;
            }
            let Some(mut d) = decl(text, name, ty, false) else {
                continue;
            };
            parts.retain(|p| !p.is_empty());
            parts.push(d.name);
            d.name = parts.join("_");
            out.push(d);
        }
    }
    out
}

/// simpleclient `Counter.build().name("x")` / `Counter.build("x", "help")`, client_java
/// 1.x `Counter.builder().name("x")`, Micrometer `Counter.builder("x.y")`: counters are
/// exposed with `_total`.
fn java(text: &str) -> Vec<Decl> {
    let mut out = Vec::new();
    for (word, ty) in KINDS {
        for i in find_word(text, word) {
            let j = i + word.len();
            let rest = &text[j..];
            let after = if rest.starts_with(".builder(") {
                j + 9
            } else if rest.starts_with(".build(") {
                j + 7
            } else {
                continue;
            };
            let k = skip_ws(text, after);
            let span = string_at(text, k).or_else(|| {
                let end = text[after..]
                    .find(';')
                    .map_or(text.len(), |e| after + e)
                    .min(after + 600);
                let n = text[after..end].find(".name(")? + after + 6;
                string_at(text, skip_ws(text, n))
            });
            if let Some(s) = span {
                out.extend(decl(text, s, ty, ty == MetricType::Counter));
            }
        }
    }
    out
}

/// prom-client: `new client.Counter({ name: 'x', … })`.
fn node(text: &str) -> Vec<Decl> {
    let mut out = Vec::new();
    for (word, ty) in KINDS {
        for i in find_word(text, word) {
            let j = i + word.len();
            if text.as_bytes().get(j) != Some(&b'(') {
                continue;
            }
            let open = skip_ws(text, j + 1);
            if text.as_bytes().get(open) != Some(&b'{') {
                continue;
            }
            let body = block(text, open);
            if let Some(Ok(s)) = field(text, open, body, "name") {
                out.extend(decl(text, s, ty, false));
            }
        }
    }
    out
}

/// client_ruby: `Prometheus::Client::Counter.new(:x, …)`, `registry.counter(:x, …)`.
fn ruby(text: &str) -> Vec<Decl> {
    let mut out = Vec::new();
    for (word, ty) in KINDS {
        let lower = word.to_ascii_lowercase();
        let calls = [format!("{word}.new("), format!(".{lower}(")];
        for call in &calls {
            for (i, _) in text.match_indices(call.as_str()) {
                let j = skip_ws(text, i + call.len());
                let span = if text.as_bytes().get(j) == Some(&b':') {
                    let end = text[j + 1..]
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .map_or(text.len(), |e| j + 1 + e);
                    (end > j + 1).then(|| Span::new(j + 1, end))
                } else {
                    string_at(text, j)
                };
                if let Some(s) = span {
                    out.extend(decl(text, s, ty, false));
                }
            }
        }
    }
    out
}

/// prometheus-net: `Metrics.CreateCounter("x", …)`.
fn dotnet(text: &str) -> Vec<Decl> {
    let mut out = Vec::new();
    for (word, ty) in KINDS {
        let call = format!("Create{word}(");
        for (i, _) in text.match_indices(call.as_str()) {
            if let Some(s) = string_at(text, skip_ws(text, i + call.len())) {
                out.extend(decl(text, s, ty, false));
            }
        }
    }
    out
}

/// The types known in a stack: its own declarations, then the exporter table.
#[derive(Debug, Default)]
pub struct MetricTypes {
    declared: HashMap<String, (MetricType, FileId, Span)>,
}

impl MetricTypes {
    /// [`MetricTypes::of`], read once per analysis: the workspaces of the stacks of a
    /// split folder share their files, so each rule of each stack finds the same types
    /// (reading them again for each was quadratic: stacks × source files).
    pub fn shared(ws: &Workspace) -> std::sync::Arc<MetricTypes> {
        let any = ws
            .memo
            .metric_types
            .get_or_init(|| std::sync::Arc::new(MetricTypes::of(ws)))
            .clone();
        // Only this function fills the slot, always with `MetricTypes`.
        any.downcast::<MetricTypes>()
            .unwrap_or_else(|_| std::sync::Arc::new(MetricTypes::of(ws)))
    }

    /// Reads the declarations of every evidence file of the workspace.
    pub fn of(ws: &Workspace) -> MetricTypes {
        let mut declared = HashMap::new();
        for f in ws.files.iter() {
            if f.origin.is_some() || !is_evidence_name(&f.path) {
                continue;
            }
            for d in declarations(&f.path, &f.text) {
                if d.adds_total && !d.name.ends_with("_total") {
                    declared
                        .entry(format!("{}_total", d.name))
                        .or_insert((d.ty, f.id, d.span));
                }
                declared.entry(d.name).or_insert((d.ty, f.id, d.span));
            }
        }
        MetricTypes { declared }
    }

    fn lookup(&self, name: &str) -> Option<(MetricType, Evidence)> {
        if let Some(&(ty, file, span)) = self.declared.get(name) {
            return Some((ty, Evidence::Declared { file, span, ty }));
        }
        let (ty, src) = match exporter_entry(name) {
            Some(entry) => entry,
            None => PREFIXES
                .iter()
                .find(|(p, ..)| name.starts_with(p) && !name.ends_with("_total"))
                .map(|&(_, ty, src)| (ty, src))?,
        };
        Some((
            ty,
            Evidence::Exporter {
                source: SOURCES[src as usize],
                ty,
            },
        ))
    }

    /// What a series is, and why; `None` without evidence.
    pub fn nature(&self, name: &str) -> Option<(Nature, Evidence)> {
        if let Some((ty, ev)) = self.lookup(name) {
            let nature = match ty {
                MetricType::Counter => Nature::Cumulative,
                MetricType::Gauge | MetricType::Summary => Nature::Gauge,
                // A histogram's own name has no series.
                MetricType::Histogram => return None,
            };
            return Some((nature, ev));
        }
        for suffix in ["_bucket", "_sum", "_count", "_total"] {
            let Some(base) = name.strip_suffix(suffix) else {
                continue;
            };
            if let Some((ty, ev)) = self.lookup(base) {
                let parts: &[&str] = match ty {
                    MetricType::Histogram => &["_bucket", "_sum", "_count"],
                    MetricType::Summary => &["_sum", "_count"],
                    MetricType::Counter => &["_total"],
                    MetricType::Gauge => &[],
                };
                if parts.contains(&suffix) {
                    return Some((Nature::Cumulative, ev));
                }
            }
        }
        only_gauge(name).then_some((Nature::Gauge, Evidence::Name))
    }
}

/// Names that can only be gauges: the `up` series Prometheus writes for every target, its
/// other scrape series, info metrics, ratios and temperatures. Never a `_total`, `_count`,
/// `_sum` or `_bucket` name.
pub fn only_gauge(name: &str) -> bool {
    if name.contains(':') {
        return false;
    }
    matches!(
        name,
        "up" | "scrape_duration_seconds"
            | "scrape_samples_scraped"
            | "scrape_samples_post_metric_relabeling"
            | "scrape_series_added"
            | "scrape_timeout_seconds"
            | "scrape_sample_limit"
            | "scrape_body_size_bytes"
    ) || [
        "_ratio",
        "_percent",
        "_percentage",
        "_celsius",
        "_fahrenheit",
        "_info",
        "_in_progress",
        "_inflight",
        "_in_flight",
    ]
    .iter()
    .any(|s| name.ends_with(s))
}

/// The type and source of `name` in the exporters' table (`TYPES`: sorted lines
/// `name type source`), found by bisecting its lines ([`line_starts`]).
fn exporter_entry(name: &str) -> Option<(MetricType, u8)> {
    // A key holds no space nor control character: such a name is in no line. Without
    // them, comparing a line's bytes from its start with `name` compares its key (the
    // space after the key sorts before every character of a name).
    if name.bytes().any(|b| b <= b' ') {
        return None;
    }
    let types = exporter_table::types()?;
    let table = types.as_bytes();
    let n = name.as_bytes();
    let lines = line_starts(types);
    let at = lines
        .binary_search_by(|&start| {
            let line = &table[start as usize..];
            match line[..n.len().min(line.len())].cmp(n) {
                std::cmp::Ordering::Equal if line.get(n.len()) == Some(&b' ') => {
                    std::cmp::Ordering::Equal
                }
                // The key goes on after `name`.
                std::cmp::Ordering::Equal => std::cmp::Ordering::Greater,
                o => o,
            }
        })
        .ok()?;
    let rest = &types[lines[at] as usize + n.len() + 1..];
    let rest = rest.split_once('\n').map_or(rest, |(l, _)| l);
    let (ty, src) = rest.split_once(' ')?;
    let ty = match ty {
        "c" => MetricType::Counter,
        "g" => MetricType::Gauge,
        "h" => MetricType::Histogram,
        "s" => MetricType::Summary,
        _ => return None,
    };
    Some((ty, src.parse().ok()?))
}

/// Where each line of the table (`TYPES`, or the text given in its place, see
/// [`exporter_table`]) starts, worked out on first use (1,673 lines, 6.7 KB; the
/// text's line index, without the empty line after the final line feed): a bisection of
/// the bytes looked for the line around each middle, 4,000 instructions a name (128 M on
/// the shared corpus).
fn line_starts(types: &'static str) -> &'static [u32] {
    static LINES: std::sync::OnceLock<diagnose_syntax::source::LineIndex> =
        std::sync::OnceLock::new();
    let starts = LINES
        .get_or_init(|| diagnose_syntax::source::LineIndex::new(types))
        .starts();
    match starts.split_last() {
        Some((&last, lines)) if last as usize == types.len() => lines,
        _ => starts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(file: &str, text: &str) -> Vec<(String, MetricType)> {
        declarations(file, text)
            .into_iter()
            .map(|d| {
                assert!(text[d.span.start as usize..d.span.end as usize]
                    .replace('.', "_")
                    .ends_with(d.name.rsplit('_').next().unwrap()));
                (d.name, d.ty)
            })
            .collect()
    }

    #[test]
    fn python() {
        let t = "from prometheus_client import Counter, Gauge\nREQ = Counter('app_requests', 'Requests')\nQ = Gauge(name=\"queue_size\", documentation='q')\nH = Histogram(\n    'latency_seconds', 'l')\nx = MyCounter('no')\n";
        assert_eq!(
            names("app/main.py", t),
            [
                ("app_requests".to_string(), MetricType::Counter),
                ("queue_size".to_string(), MetricType::Gauge),
                ("latency_seconds".to_string(), MetricType::Histogram),
            ]
        );
    }

    #[test]
    fn go() {
        let t = "const namespace = \"shop\"\nvar c = prometheus.NewCounterVec(prometheus.CounterOpts{\n\tNamespace: namespace,\n\tSubsystem: \"cart\",\n\tName: \"items_added_total\",\n}, []string{\"x\"})\nvar g = promauto.NewGauge(prometheus.GaugeOpts{Name: \"temperature\"})\nvar u = prometheus.NewGauge(prometheus.GaugeOpts{Namespace: other.NS, Name: \"unknown\"})\n";
        assert_eq!(
            names("main.go", t),
            [
                (
                    "shop_cart_items_added_total".to_string(),
                    MetricType::Counter
                ),
                ("temperature".to_string(), MetricType::Gauge),
            ]
        );
    }

    #[test]
    fn java_node_ruby_dotnet_exposition() {
        let j = "static final Counter c = Counter.build().name(\"jobs\").help(\"h\").register();\nGauge g = Gauge.builder(\"queue.size\", q, Queue::size).register(r);\n";
        assert_eq!(
            names("App.java", j),
            [
                ("jobs".to_string(), MetricType::Counter),
                ("queue_size".to_string(), MetricType::Gauge),
            ]
        );
        let n = "const c = new client.Counter({\n  name: 'orders',\n  help: 'o',\n});\nnew Gauge({ name: `active_users`, help: 'a' })\n";
        assert_eq!(
            names("src/metrics.ts", n),
            [
                ("orders".to_string(), MetricType::Counter),
                ("active_users".to_string(), MetricType::Gauge),
            ]
        );
        let r = "c = Prometheus::Client::Counter.new(:http_hits, docstring: 'x')\nregistry.gauge(:pool_size, docstring: 'y')\n";
        assert_eq!(
            names("app.rb", r),
            [
                ("http_hits".to_string(), MetricType::Counter),
                ("pool_size".to_string(), MetricType::Gauge),
            ]
        );
        let cs = "Counter c = Metrics.CreateCounter(\"sample_total_exceptions\", \"x\");\n";
        assert_eq!(
            names("CoreMetrics.cs", cs),
            [("sample_total_exceptions".to_string(), MetricType::Counter)]
        );
        let e = "# HELP a x\n# TYPE a_seconds counter\na_seconds 1\n# TYPE b untyped\n# TYPE lat histogram\n";
        assert_eq!(
            names("samples/metrics.txt", e),
            [
                ("a_seconds".to_string(), MetricType::Counter),
                ("lat".to_string(), MetricType::Histogram),
            ]
        );
        assert!(names("vendor/x/main.go", "").is_empty());
    }

    /// The stacks of a split folder share their files, so they share the types read from
    /// them: read once per analysis, not once per stack and rule.
    #[test]
    fn the_stacks_of_a_folder_share_one_reading() {
        let ws = Workspace::new(vec![
            crate::workspace::Input::new(
                "app/main.go",
                "var c = prometheus.NewCounter(prometheus.CounterOpts{Name: \"jobs_total\"})\n",
            ),
            crate::workspace::Input::new("a/docker-compose.yml", "services: {}\n"),
        ]);
        let a = crate::stacks::restricted(&ws, &[true, false]);
        let b = crate::stacks::restricted(&ws, &[false, true]);
        let t = MetricTypes::shared(&a);
        assert!(std::sync::Arc::ptr_eq(&t, &MetricTypes::shared(&b)));
        assert!(std::sync::Arc::ptr_eq(&t, &MetricTypes::shared(&ws)));
        assert_eq!(
            t.nature("jobs_total").map(|(n, _)| n),
            Some(Nature::Cumulative)
        );
        // A Go file that declares nothing is passed over.
        assert!(names("pkg/util.go", "package util\nconst x = \"y\"\n").is_empty());
    }

    #[test]
    fn natures() {
        let ws = Workspace::new(vec![crate::workspace::Input::new(
            "app.py",
            "from prometheus_client import Counter, Histogram, Gauge\nCounter('jobs', 'j')\nHistogram('lat_seconds', 'l')\nGauge('pending_total', 'p')\n",
        )]);
        let t = MetricTypes::of(&ws);
        let n = |s: &str| t.nature(s).map(|(n, _)| n);
        assert_eq!(n("jobs_total"), Some(Nature::Cumulative));
        assert_eq!(n("lat_seconds_bucket"), Some(Nature::Cumulative));
        assert_eq!(n("lat_seconds"), None);
        assert_eq!(n("pending_total"), Some(Nature::Gauge));
        // The exporter table.
        assert_eq!(n("node_load1"), Some(Nature::Gauge));
        assert_eq!(n("node_cpu_seconds_total"), Some(Nature::Cumulative));
        assert_eq!(n("go_gc_duration_seconds_count"), Some(Nature::Cumulative));
        // node_exporter's meminfo prefix: a field the fixture lacks.
        assert_eq!(n("node_memory_MemAvailable_bytes"), Some(Nature::Gauge));
        assert_eq!(n("workqueue_depth"), Some(Nature::Gauge));
        // Names alone.
        assert_eq!(n("up"), Some(Nature::Gauge));
        assert_eq!(n("cache_hit_ratio"), Some(Nature::Gauge));
        assert_eq!(n("esxi_verifications_passed"), None);
        assert_eq!(n("anything_total"), None);
        assert_eq!(n("job:x:ratio"), None);
    }

    #[test]
    fn table_is_sorted_and_every_line_is_found() {
        use crate::promql::exporter_metric_types::TYPES;
        assert!(TYPES.ends_with('\n'));
        let simple: Vec<u32> = std::iter::once(0)
            .chain(TYPES.match_indices('\n').map(|(i, _)| i as u32 + 1))
            .filter(|&i| (i as usize) < TYPES.len())
            .collect();
        assert_eq!(line_starts(TYPES), simple);
        let lines: Vec<&str> = TYPES.lines().collect();
        assert!(lines.len() > 1000);
        assert!(lines.windows(2).all(|w| {
            let key = |l: &str| l.split(' ').next().unwrap_or("").to_string();
            key(w[0]) < key(w[1])
        }));
        // The bisection finds every line, with the type and source the line says, and
        // nothing between two lines or outside the table.
        for line in &lines {
            let mut f = line.split(' ');
            let (name, ty, src) = (f.next().unwrap(), f.next().unwrap(), f.next().unwrap());
            let (found, found_src) = exporter_entry(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(&found.name()[..1], ty, "{name}");
            assert_eq!(found_src.to_string(), src, "{name}");
            assert!((found_src as usize) < SOURCES.len());
            assert_eq!(exporter_entry(&format!("{name}_")), None);
            let shorter = &name[..name.len() - 1];
            let is_line = lines.iter().any(|l| l.split(' ').next() == Some(shorter));
            assert_eq!(exporter_entry(shorter).is_some(), is_line, "{shorter}");
        }
        for missing in [
            "",
            "a",
            "zzzz",
            "aaa_total",
            "node_cpu",
            "node_cpu_seconds_totalx",
        ] {
            assert_eq!(exporter_entry(missing), None, "{missing}");
        }
    }
}
