//! Every PromQL expression of the stack, parsed once: rule files (`expr`, PrometheusRule
//! resources, rule files in ConfigMaps) and dashboards (panel targets, nested rows and
//! panels, template variables, annotations), with Grafana variables replaced first and
//! positions mapped back to the file the user wrote.

#[rustfmt::skip]
pub mod exporter_metric_types;
pub mod exporter_table;
pub mod grafana;
#[cfg(feature = "promql")]
pub mod locate;
pub mod metric_type;
pub mod metric_types;
#[cfg(feature = "fast-regex")]
mod regex_fast;

use crate::workspace::{Kind, Workspace};
use crate::Stack;
use diagnose_syntax::source::{FileId, Span};
use diagnose_syntax::{Node, OffsetMap, Style, Value};
#[cfg(feature = "promql")]
use promql_parser::parser::{self, Expr};

pub use grafana::Substituted;
#[cfg(feature = "promql")]
pub use locate::{Outline, What};

/// The query language a datasource speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    PromQL,
    /// VictoriaMetrics' superset of PromQL: what promql-parser rejects may be valid.
    MetricsQL,
}

/// Where an expression was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// `expr` of an alerting or recording rule.
    Rule,
    /// A panel target (`targets[].expr`).
    Panel,
    /// A template variable's query (or the PromQL inside `query_result`/`label_values`).
    Variable,
    /// An annotation query.
    Annotation,
}

/// A parsed query.
#[derive(Clone, Debug)]
pub struct Parsed {
    #[cfg(feature = "promql")]
    pub expr: Expr,
    /// Positions of selectors and calls, lexed only when a rule reports one.
    #[cfg(feature = "promql")]
    outline: std::sync::OnceLock<Outline>,
    pub sub: Substituted,
}

#[cfg(feature = "promql")]
impl Parsed {
    /// Byte ranges (in the substituted text) of the selectors and calls, in order.
    pub fn outline(&self) -> &Outline {
        self.outline
            .get_or_init(|| locate::scan(&self.sub.text).unwrap_or_default())
    }
}

/// Why a query does not parse, with the byte range in the (original) query text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub start: usize,
    pub end: usize,
    pub what: Reason,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    Unexpected(String),
    UnexpectedEnd,
    /// promql-parser's or its lexer's message (English, technical).
    Parser(String),
}

#[derive(Clone, Debug)]
pub struct Query {
    pub file: FileId,
    /// The scalar that holds the query.
    pub node_span: Span,
    /// The query as written (Grafana variables included); the queries of an analysis
    /// with the same text share it.
    pub text: std::sync::Arc<str>,
    /// Offsets in `text` → offsets in the file.
    map: OffsetMap,
    pub source: Source,
    /// Index in `stack.grafana.dashboards`.
    pub dashboard: Option<usize>,
    pub dialect: Dialect,
    /// Shared by the queries of a stack with the same text (parsed once).
    pub result: Result<std::sync::Arc<Parsed>, Problem>,
}

impl Query {
    /// File span of a range of the query as written.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let s = self.map.map(start);
        let e = if end > start {
            self.map.map(end - 1) + 1
        } else {
            s
        };
        Span::new(s, e.max(s))
    }

    /// File span of a range of the substituted query.
    pub fn sub_span(&self, start: usize, end: usize) -> Span {
        match &self.result {
            Ok(p) => {
                let (s, e) = p.sub.map_range(start, end);
                self.span(s, e)
            }
            Err(_) => self.span(start, end),
        }
    }

    pub fn parsed(&self) -> Option<&Parsed> {
        self.result.as_ref().ok().map(|p| &**p)
    }
}

/// Parses one query written in a dashboard or rule file.
#[cfg(feature = "promql")]
pub fn analyse(text: &str) -> Result<Parsed, Problem> {
    let sub = grafana::substitute(text, false);
    let first = parse_guarded(&sub.text);
    let first_err = match first {
        Ok(expr) => return Ok(finish(expr, sub)),
        Err(e) => e,
    };
    if sub.ambiguous > 0 {
        let sub2 = grafana::substitute(text, true);
        if let Ok(expr) = parse_guarded(&sub2.text) {
            return Ok(finish(expr, sub2));
        }
    }
    Err(locate_problem(&sub, &first_err))
}

/// Without the parser, a query is only substituted: the checks that read it run in the
/// build that has the `promql` feature (the web app's second module).
#[cfg(not(feature = "promql"))]
pub fn analyse(text: &str) -> Result<Parsed, Problem> {
    Ok(Parsed {
        sub: grafana::substitute(text, false),
    })
}

#[cfg(feature = "promql")]
fn finish(expr: Expr, sub: Substituted) -> Parsed {
    Parsed {
        expr,
        outline: std::sync::OnceLock::new(),
        sub,
    }
}

/// Parses a query, its label regexes not compiled when the outcome is certain to be the
/// same (`regex_fast`); otherwise, or when that fails, as written.
#[cfg(feature = "promql")]
fn parse_guarded(q: &str) -> Result<Expr, String> {
    #[cfg(feature = "fast-regex")]
    if let Some(fast) = regex_fast::blank_regexes(q) {
        if let Ok(e) = parse_as_written(&fast) {
            return Ok(e);
        }
    }
    parse_as_written(q)
}

#[cfg(feature = "promql")]
fn parse_as_written(q: &str) -> Result<Expr, String> {
    // promql-parser should never panic, but a linter must survive any input.
    match std::panic::catch_unwind(|| parser::parse(q)) {
        Ok(r) => r,
        Err(_) => Err("invalid promql query".to_string()),
    }
}

#[cfg(feature = "promql")]
fn locate_problem(sub: &Substituted, msg: &str) -> Problem {
    let generic = msg == "invalid promql query";
    let (start, end, what) = match locate::scan(&sub.text) {
        Err(loc) => {
            let what = match loc.what {
                What::Unexpected(t) if generic => Reason::Unexpected(t),
                What::UnexpectedEnd if generic => Reason::UnexpectedEnd,
                What::Lexer(m) => Reason::Parser(m),
                What::Unexpected(_) | What::UnexpectedEnd => Reason::Parser(msg.to_string()),
            };
            (loc.start, loc.end, what)
        }
        Ok(outline) => {
            // A semantic error (types, unknown function, arguments): point at the
            // function or operator the message names, else at the whole query.
            let name = quoted_name(msg);
            let at = name.as_deref().and_then(|n| {
                outline
                    .calls
                    .iter()
                    .chain(&outline.aggregations)
                    .find(|(s, e)| &sub.text[*s..*e] == n)
                    .copied()
            });
            let (s, e) = at.unwrap_or((0, sub.text.len()));
            (s, e, Reason::Parser(msg.to_string()))
        }
    };
    let (s, e) = sub.map_range(start, end);
    Problem {
        start: s,
        end: e,
        what,
    }
}

/// The first `'name'` or `"name"` of a message.
#[cfg(feature = "promql")]
fn quoted_name(msg: &str) -> Option<String> {
    for q in ['"', '\''] {
        if let Some(i) = msg.find(q) {
            if let Some(j) = msg[i + 1..].find(q) {
                let n = &msg[i + 1..i + 1 + j];
                if !n.is_empty() && n.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_') {
                    return Some(n.to_string());
                }
            }
        }
    }
    None
}

/// Where the parse of one query text is kept, filled once by whichever pass gets to it
/// first ([`fill`]).
pub type Slot = std::sync::OnceLock<Result<std::sync::Arc<Parsed>, Problem>>;

/// Fills the slot of each text, in any order ([`fill`]). The core has no threads: a front
/// end that has them gives a parallel one; [`analyse_all`] is sequential.
pub type AnalyseAll = fn(&[(&str, &Slot)]);

/// Fills the slots one after the other.
pub fn analyse_all(items: &[(&str, &Slot)]) {
    for (text, slot) in items {
        fill(text, slot);
    }
}

/// Parses `text` into `slot`, unless it is filled already; when another thread is parsing
/// it, waits for its result (parsing waits for nothing else, so no thread waits in a
/// cycle).
pub fn fill(text: &str, slot: &Slot) {
    slot.get_or_init(|| analyse_shared(text));
}

/// [`analyse`], the result ready to share (made where it is parsed: a vector of the
/// results themselves, about 200 bytes each, would be copied into their `Arc`s at the
/// peak of a run).
pub fn analyse_shared(text: &str) -> Result<std::sync::Arc<Parsed>, Problem> {
    analyse(text).map(std::sync::Arc::new)
}

/// Every query of the stack.
pub fn collect(ws: &Workspace, stack: &Stack) -> Vec<Query> {
    collect_with(ws, stack, analyse_all)
}

/// Every query of the stack, found first and then parsed together by `parse`.
pub fn collect_with(ws: &Workspace, stack: &Stack, parse: AnalyseAll) -> Vec<Query> {
    collect_cached(ws, stack, parse, &ParsedCache::default())
}

/// Parsed queries by text, kept across the stacks of one analysis (a folder split into
/// stacks checks the files no stack claims against the whole folder, so most queries are
/// met twice). Parsing is a function of the text alone. Stacks may be checked on several
/// threads at once: each takes the lock only to look up and to add slots, and a text is
/// parsed once even when two passes meet it at the same time (its [`Slot`]).
pub type ParsedCache =
    std::sync::Mutex<std::collections::HashMap<std::sync::Arc<str>, std::sync::Arc<Slot>>>;

/// [`collect_with`], each distinct text parsed once: the queries that repeat it (the same
/// dashboard in several folders, `up`, `rate(...)` in every panel) and those met by
/// another stack share its result (and its text) from `cache`, which is what parsing them
/// again would give.
pub fn collect_cached(
    ws: &Workspace,
    stack: &Stack,
    parse: AnalyseAll,
    cache: &ParsedCache,
) -> Vec<Query> {
    use std::sync::Arc;
    let mut out = find(ws, stack);
    out.shrink_to_fit();
    // Each query's slot, and the slots still empty (each once): new texts, and texts
    // another pass added and has not parsed yet.
    let mut slots: Vec<Arc<Slot>> = Vec::with_capacity(out.len());
    let mut pending: Vec<(Arc<str>, Arc<Slot>)> = Vec::new();
    {
        let mut seen: std::collections::HashSet<*const Slot> = std::collections::HashSet::new();
        let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
        for q in &mut out {
            let (text, slot) = match cache.get_key_value(&*q.text) {
                Some((t, s)) => (t.clone(), s.clone()),
                None => {
                    let s = Arc::new(Slot::new());
                    cache.insert(q.text.clone(), s.clone());
                    (q.text.clone(), s)
                }
            };
            if slot.get().is_none() && seen.insert(Arc::as_ptr(&slot)) {
                pending.push((text.clone(), slot.clone()));
            }
            q.text = text;
            slots.push(slot);
        }
    }
    // Parsed without the lock.
    parse(
        &pending
            .iter()
            .map(|(t, s)| (&**t, &**s))
            .collect::<Vec<(&str, &Slot)>>(),
    );
    drop(pending);
    for (q, slot) in out.iter_mut().zip(slots) {
        q.result = slot.get_or_init(|| analyse_shared(&q.text)).clone();
    }
    out
}

/// Every query of the stack, not parsed yet.
fn find(ws: &Workspace, stack: &Stack) -> Vec<Query> {
    let mut out = Vec::new();
    let vm_files = vmalert_rule_files(ws, stack);
    let loki_files = loki_rule_files(ws, stack);
    for d in ws.docs_of(Kind::PrometheusRules) {
        if loki_files.contains(&ws.root_file(d.file)) {
            continue; // LogQL: not PromQL, not checked.
        }
        let dialect = if vm_files.contains(&ws.root_file(d.file)) {
            Dialect::MetricsQL
        } else {
            Dialect::PromQL
        };
        for g in d.root.get("groups").map(Node::items).unwrap_or_default() {
            for r in g.get("rules").map(Node::items).unwrap_or_default() {
                let Some(e) = r.get("expr") else { continue };
                push_scalar(ws, &mut out, d.file, e, Source::Rule, None, dialect);
            }
        }
    }
    let vm_refs = metricsql::metricsql_datasources(stack);
    for (i, dash) in stack.grafana.dashboards.iter().enumerate() {
        let vm = |t: &[&dashboards::DsRef], known: bool| {
            metricsql::shown_metricsql(stack, &vm_refs, i, t, known)
        };
        dashboards::collect(ws, stack, i, dash, &vm, &mut out);
    }
    out
}

/// Every rule file document (root file, file) with two facts: whether a container that
/// sees it runs an image whose repository satisfies `image`, and whether `content` holds
/// for its root.
/// The one walk behind [`loki_rule_files`], [`vmalert_rule_files`] and
/// [`other_ruler_rule_files`].
fn rule_files_by(
    ws: &Workspace,
    stack: &Stack,
    image: impl Fn(&str) -> bool,
    content: impl Fn(&Node) -> bool,
) -> Vec<(FileId, FileId, bool, bool)> {
    use crate::Runtime;
    let mut out = Vec::new();
    for d in ws.docs_of(Kind::PrometheusRules) {
        let f = ws.root_file(d.file);
        let mounted = stack.runtimes(d.file).iter().any(|r| {
            let repo = match r {
                Runtime::Compose {
                    project, service, ..
                } => stack.compose[*project].services[*service].image_repo(),
                Runtime::K8s {
                    workload,
                    container,
                    ..
                } => stack.k8s.workloads[*workload]
                    .containers
                    .get(*container)
                    .and_then(|c| c.image.as_deref())
                    .map(crate::images::image_repo),
                Runtime::K8sUnmounted { .. } => None,
            };
            repo.is_some_and(|r| image(&r))
        });
        out.push((f, d.file, mounted, content(&d.root)));
    }
    out
}

/// The root files of the documents `pick` keeps, each once.
fn roots_where(
    files: &[(FileId, FileId, bool, bool)],
    pick: impl Fn(&(FileId, FileId, bool, bool)) -> bool,
) -> Vec<FileId> {
    let mut out: Vec<FileId> = Vec::new();
    for x in files.iter().filter(|x| pick(x)) {
        if !out.contains(&x.0) {
            out.push(x.0);
        }
    }
    out
}

/// Rule files of Loki's ruler, whose `expr` are LogQL: mounted into a Loki container, or
/// holding an expression only LogQL can parse (a `|` pipeline stage, or a line filter
/// `!= "text"` after a stream selector). Mimir's and Cortex's rulers read PromQL.
pub fn loki_rule_files(ws: &Workspace, stack: &Stack) -> Vec<FileId> {
    let logql = |root: &Node| {
        root.get("groups")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .flat_map(|g| g.get("rules").map(Node::items).unwrap_or_default())
            .filter_map(|r| r.get("expr").and_then(scalar_text))
            .any(is_logql)
    };
    let files = rule_files_by(ws, stack, |r| crate::images::base_of(r) == "loki", logql);
    roots_where(&files, |(_, _, by_loki, logql)| *by_loki || *logql)
}

/// Rule files that a Cortex, Mimir or Loki container sees: their rulers' files (Cortex's
/// example rules beside the Prometheus config in one mounted folder), not Prometheus's
/// even when Prometheus sees them too.
pub fn other_ruler_rule_files(ws: &Workspace, stack: &Stack) -> Vec<FileId> {
    let ruler = |r: &str| {
        matches!(
            crate::images::base_of(r).as_str(),
            "cortex" | "mimir" | "loki"
        )
    };
    let files = rule_files_by(ws, stack, ruler, |_| false);
    roots_where(&files, |(_, _, seen, _)| *seen)
}

/// Whether an expression can only be LogQL: PromQL has no `|` outside strings, and no
/// comparison with a string.
pub fn is_logql(expr: &str) -> bool {
    // Both answers below need a `|` or a `!`: without either, none (one pass over the
    // bytes, not a walk of the characters; every rule file's `expr`, in every pass).
    if !expr.bytes().any(|b| b == b'|' || b == b'!') {
        return false;
    }
    let mut in_str: Option<char> = None;
    let mut escaped = false;
    let mut prev_sig: Option<char> = None;
    let mut last_two = (None::<char>, None::<char>);
    for c in expr.chars() {
        if let Some(q) = in_str {
            if escaped {
                escaped = false;
            } else if c == '\\' && q != '`' {
                escaped = true;
            } else if c == q {
                in_str = None;
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => {
                // `{app="x"} != "error"`: a line filter.
                if (last_two == (Some('!'), Some('=')) || last_two == (Some('!'), Some('~')))
                    && prev_sig == Some('}')
                {
                    return true;
                }
                in_str = Some(c);
            }
            '|' => return true,
            _ => {}
        }
        if !c.is_whitespace() {
            if !matches!(c, '!' | '=' | '~') {
                prev_sig = Some(c);
            }
            last_two = (last_two.1, Some(c));
        }
    }
    false
}

/// Group keys that only VictoriaMetrics' vmalert knows.
const VMALERT_GROUP_KEYS: &[&str] = &[
    "concurrency",
    "type",
    "params",
    "headers",
    "notifier_headers",
    "eval_offset",
    "eval_delay",
    "eval_alignment",
    "debug",
];

/// Rule files written for vmalert (MetricsQL): mounted into a vmalert container, using
/// vmalert-only group keys, or kept in the same folder as such files.
pub fn vmalert_rule_files(ws: &Workspace, stack: &Stack) -> Vec<FileId> {
    let keys = |root: &Node| {
        root.get("groups")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .any(|g| VMALERT_GROUP_KEYS.iter().any(|k| g.get(k).is_some()))
    };
    let vmalert = |r: &str| r.contains("vmalert") || r.contains("victoriametrics");
    let files = rule_files_by(ws, stack, vmalert, keys);
    let direct = roots_where(&files, |(_, file, mounted, keys)| {
        // vmalert's group keys in a file that only Prometheus mounts: Prometheus reads
        // it, and refuses those keys.
        let readers = stack.reader_images(*file);
        let prometheus_only = !mounted
            && !readers.is_empty()
            && readers
                .iter()
                .all(|i| crate::images::base_of(i) == "prometheus");
        (*keys && !prometheus_only) || *mounted
    });
    let dirs: Vec<&str> = direct.iter().map(|f| ws.file(*f).dir()).collect();
    roots_where(&files, |(f, ..)| {
        direct.contains(f) || dirs.contains(&ws.file(*f).dir())
    })
}

/// Text of a scalar (numbers included: `expr: 1` is a query).
pub fn scalar_text(n: &Node) -> Option<&str> {
    match &n.value {
        Value::Scalar(s, _) if !n.is_null() => Some(s),
        _ => None,
    }
}

pub fn scalar_map(ws: &Workspace, file: FileId, n: &Node, text: &str) -> OffsetMap {
    let outer = &ws.file(file).text;
    OffsetMap::for_scalar(outer, n.span, n.style().unwrap_or(Style::Plain), text)
}

#[allow(clippy::too_many_arguments)]
fn push_scalar(
    ws: &Workspace,
    out: &mut Vec<Query>,
    file: FileId,
    n: &Node,
    source: Source,
    dashboard: Option<usize>,
    dialect: Dialect,
) {
    let Some(text) = scalar_text(n) else { return };
    if text.trim().is_empty() {
        return;
    }
    let map = scalar_map(ws, file, n, text);
    push_part(out, file, n.span, text, 0, map, source, dashboard, dialect);
}

/// Adds `text[start..]`-relative query `part` of a scalar whose map is `map`.
#[allow(clippy::too_many_arguments)]
fn push_part(
    out: &mut Vec<Query>,
    file: FileId,
    node_span: Span,
    part: &str,
    start: usize,
    map: OffsetMap,
    source: Source,
    dashboard: Option<usize>,
    dialect: Dialect,
) {
    let map = if start == 0 {
        map
    } else {
        OffsetMap::shifted(start, part.len()).then(&map)
    };
    out.push(Query {
        file,
        node_span,
        text: part.into(),
        map,
        source,
        dashboard,
        dialect,
        // Parsed by `collect_with`, all queries together.
        result: Err(Problem {
            start: 0,
            end: 0,
            what: Reason::UnexpectedEnd,
        }),
    });
}

pub mod dashboards;
pub mod metricsql;

/// Walks an expression in source order (calls before their arguments), with the chain of
/// ancestors.
#[cfg(feature = "promql")]
pub fn walk<'a>(e: &'a Expr, f: &mut dyn FnMut(&'a Expr, &[&'a Expr])) {
    fn go<'a>(e: &'a Expr, stack: &mut Vec<&'a Expr>, f: &mut dyn FnMut(&'a Expr, &[&'a Expr])) {
        if stack.len() > 256 {
            return;
        }
        f(e, stack);
        stack.push(e);
        match e {
            Expr::Aggregate(a) => {
                if let Some(p) = &a.param {
                    go(p, stack, f);
                }
                go(&a.expr, stack, f);
            }
            Expr::Unary(u) => go(&u.expr, stack, f),
            Expr::Binary(b) => {
                go(&b.lhs, stack, f);
                go(&b.rhs, stack, f);
            }
            Expr::Paren(p) => go(&p.expr, stack, f),
            Expr::Subquery(s) => go(&s.expr, stack, f),
            Expr::MatrixSelector(_) => {}
            Expr::Call(c) => {
                for a in &c.args.args {
                    go(a, stack, f);
                }
            }
            _ => {}
        }
        stack.pop();
    }
    go(e, &mut Vec::new(), f);
}

/// Every vector selector (bare or inside a range) in source order, with ancestors.
#[cfg(feature = "promql")]
pub fn selectors(e: &Expr) -> Vec<(&promql_parser::parser::VectorSelector, Vec<&Expr>)> {
    let mut v = Vec::new();
    walk(e, &mut |n, anc| match n {
        Expr::VectorSelector(vs) => v.push((vs, anc.to_vec())),
        Expr::MatrixSelector(ms) => {
            let mut a = anc.to_vec();
            a.push(n);
            v.push((&ms.vs, a));
        }
        _ => {}
    });
    v
}

/// Every function call in source order.
#[cfg(feature = "promql")]
pub fn calls(e: &Expr) -> Vec<&promql_parser::parser::Call> {
    let mut v = Vec::new();
    walk(e, &mut |n, _| {
        if let Expr::Call(c) = n {
            v.push(c);
        }
    });
    v
}

/// The metric name of a selector (`name` or `{__name__="name"}`).
#[cfg(feature = "promql")]
pub fn metric_name(vs: &promql_parser::parser::VectorSelector) -> Option<&str> {
    if let Some(n) = &vs.name {
        return Some(n);
    }
    vs.matchers
        .matchers
        .iter()
        .find(|m| m.name == "__name__" && matches!(m.op, promql_parser::label::MatchOp::Equal))
        .map(|m| m.value.as_str())
}

#[cfg(all(test, feature = "promql"))]
mod tests {
    use super::*;

    #[test]
    fn grafana_variables_do_not_break_valid_queries() {
        for q in [
            "sum(rate(x_total{job=~\"$job\", instance=~\"${instance:regex}\"}[$__rate_interval])) by (le)",
            "increase(x_total[$__range])",
            "x offset $__interval",
            "topk($topk, sum by ($groupby) (rate(x_total[$__interval])))",
            "[[metric]]{job=\"[[job]]\"}",
            "up{$adhoc}",
            "sum(x) / $__range_s",
            "histogram_quantile($quantile, sum by (le) (rate(x_bucket[5m])))",
            "up > $threshold",
            "$query",
            "sum by (job) ($metric)",
            "rate(x_total[${__interval}])",
        ] {
            assert!(analyse(q).is_ok(), "{q}: {:?}", analyse(q).err());
        }
    }

    #[test]
    fn mangled_queries_never_panic() {
        let seeds = [
            "sum by (job) (rate(http_requests_total{code=~\"5..\", é=\"ü\"}[$__rate_interval])) > 0.5",
            "histogram_quantile(0.9, sum(rate(x_bucket{a=\"$b\"}[5m])) by (le)) offset -${off}",
            "label_values(up{job=~\"[[job]]\"}, instance) @ start() # c\n",
            "topk($n, count_values(\"v\", x)) / on(a) group_left(b) y[1h:$__interval]",
        ];
        let extra = [
            '(', ')', '[', ']', '{', '}', '"', '\'', '$', ':', ',', '@', '#', '\\', 'é', '`', '=',
            '~', '!',
        ];
        for q in seeds {
            let chars: Vec<char> = q.chars().collect();
            for i in 0..=chars.len() {
                let mut del = chars.clone();
                if i < del.len() {
                    del.remove(i);
                }
                let t: String = del.into_iter().collect();
                check_problem(&t);
                for c in extra {
                    let mut ins = chars.clone();
                    ins.insert(i, c);
                    let t: String = ins.into_iter().collect();
                    check_problem(&t);
                }
            }
        }
    }

    fn check_problem(t: &str) {
        match analyse(t) {
            Ok(p) => {
                for &(s, e) in p.outline().selectors.iter().chain(&p.outline().calls) {
                    let (a, b) = p.sub.map_range(s, e);
                    assert!(a <= b && b <= t.len(), "{t}");
                }
            }
            Err(p) => {
                assert!(p.start <= p.end && p.end <= t.len(), "{t}: {p:?}");
                assert!(
                    t.is_char_boundary(p.start) && t.is_char_boundary(p.end),
                    "{t}: {p:?}"
                );
            }
        }
    }

    #[test]
    fn errors_map_to_the_original_text() {
        let q = "rate(x[$__rate_interval]) by (job)";
        let p = analyse(q).unwrap_err();
        assert_eq!(&q[p.start..p.end], "by");
        let q = "sum(rate(x_total[$__rate_interval]) by (job)";
        let p = analyse(q).unwrap_err();
        assert_eq!(&q[p.start..p.start + 1], "(", "{p:?}");
        let q = "rate(x_total)";
        let p = analyse(q).unwrap_err();
        assert_eq!(&q[p.start..p.end], "rate");
        assert!(matches!(p.what, Reason::Parser(_)));
        let q = "foo(x)";
        let p = analyse(q).unwrap_err();
        assert_eq!(&q[p.start..p.end], "foo");
    }
}
