//! Where a PromQL error is. promql-parser says *that* a query is invalid but not where, so
//! this module re-reads the query with promql-parser's own lexer and a small
//! recursive-descent recogniser of the same grammar, which stops at the first token that
//! cannot continue a valid query (where Prometheus' parser stops too). It also records
//! where each vector selector and each function call starts, in source order, so that
//! rules can point at the part of the query they talk about.

use lrpar::{Lexeme, Lexer};
use promql_parser::parser::lex::lexer;
use promql_parser::parser::token::*;

/// A token: id and byte range.
#[derive(Clone, Copy, Debug)]
struct Tok {
    id: u16,
    start: usize,
    end: usize,
}

/// What went wrong, and where (byte range in the query).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub start: usize,
    pub end: usize,
    pub what: What,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum What {
    /// This token cannot come here.
    Unexpected(String),
    /// The query stops too early.
    UnexpectedEnd,
    /// The lexer's own message (an unexpected character, an unterminated string...).
    Lexer(String),
}

/// Positions found in a valid query.
#[derive(Clone, Debug, Default)]
pub struct Outline {
    /// Start and end of every vector selector (metric name or `{`), in source order.
    pub selectors: Vec<(usize, usize)>,
    /// Start and end of every function name, in source order.
    pub calls: Vec<(usize, usize)>,
    /// Start and end of every aggregation operator, in source order.
    pub aggregations: Vec<(usize, usize)>,
}

/// Reads `q`: the outline of the query, or the first error.
pub fn scan(q: &str) -> Result<Outline, Located> {
    let toks = tokens(q)?;
    let mut p = P {
        q,
        toks,
        i: 0,
        out: Outline::default(),
        depth: 0,
    };
    p.expr()?;
    if let Some(t) = p.peek() {
        return Err(p.unexpected(t));
    }
    Ok(p.out)
}

fn tokens(q: &str) -> Result<Vec<Tok>, Located> {
    match lexer(q) {
        Ok(lx) => {
            let mut v = Vec::new();
            for l in lx.iter().flatten() {
                let sp = l.span();
                if l.tok_id() == T_EOF {
                    continue;
                }
                v.push(Tok {
                    id: l.tok_id(),
                    start: sp.start(),
                    end: sp.end(),
                });
            }
            Ok(v)
        }
        Err(msg) => Err(locate_lexer_error(q, &msg)),
    }
}

/// Finds the character a lexer error is about: the shortest prefix that already fails
/// with the same message ends with it.
fn locate_lexer_error(q: &str, msg: &str) -> Located {
    let at_end = |what: What| Located {
        start: q.len(),
        end: q.len(),
        what,
    };
    if msg.starts_with("no expression found") {
        return at_end(What::UnexpectedEnd);
    }
    // Messages about what is still open point at the opening character.
    if msg.starts_with("unterminated quoted string") {
        if let Some(i) = unclosed_quote(q) {
            return Located {
                start: i,
                end: i + 1,
                what: What::Lexer(msg.to_string()),
            };
        }
    }
    if msg.starts_with("unclosed left parenthesis") {
        if let Some(i) = unclosed(q, b'(', b')') {
            return Located {
                start: i,
                end: i + 1,
                what: What::Lexer(msg.to_string()),
            };
        }
    }
    let mut ends: Vec<usize> = q.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
    ends.dedup();
    for e in ends {
        if let Err(m) = lexer(&q[..e]) {
            if m == msg {
                let start = q[..e].char_indices().last().map_or(0, |(i, _)| i);
                return Located {
                    start,
                    end: e,
                    what: What::Lexer(msg.to_string()),
                };
            }
        }
    }
    at_end(What::Lexer(msg.to_string()))
}

fn unclosed_quote(q: &str) -> Option<usize> {
    let b = q.as_bytes();
    let mut open: Option<(u8, usize)> = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match open {
            Some((qc, _)) if c == b'\\' && qc != b'`' => i += 1,
            Some((qc, _)) if c == qc => open = None,
            Some(_) => {}
            None if matches!(c, b'"' | b'\'' | b'`') => open = Some((c, i)),
            None => {}
        }
        i += 1;
    }
    open.map(|(_, i)| i)
}

fn unclosed(q: &str, open: u8, close: u8) -> Option<usize> {
    let mut stack = Vec::new();
    for (i, c) in q.bytes().enumerate() {
        if c == open {
            stack.push(i);
        } else if c == close {
            stack.pop();
        }
    }
    stack.first().copied()
}

const MAX_DEPTH: usize = 200;

struct P<'a> {
    q: &'a str,
    toks: Vec<Tok>,
    i: usize,
    out: Outline,
    depth: usize,
}

type R = Result<(), Located>;

fn is_binop(id: u16) -> bool {
    matches!(
        id,
        T_ADD
            | T_SUB
            | T_MUL
            | T_DIV
            | T_MOD
            | T_POW
            | T_ATAN2
            | T_EQLC
            | T_NEQ
            | T_GTR
            | T_GTE
            | T_LSS
            | T_LTE
            | T_LAND
            | T_LOR
            | T_LUNLESS
    )
}

fn is_aggregator(id: u16) -> bool {
    matches!(
        id,
        T_AVG
            | T_BOTTOMK
            | T_COUNT
            | T_COUNT_VALUES
            | T_GROUP
            | T_MAX
            | T_MIN
            | T_QUANTILE
            | T_STDDEV
            | T_STDVAR
            | T_SUM
            | T_TOPK
            | T_LIMITK
            | T_LIMIT_RATIO
    )
}

/// Tokens that may name a metric (keywords included, as in Prometheus' grammar).
fn is_metric_identifier(id: u16) -> bool {
    is_aggregator(id)
        || matches!(
            id,
            T_BY | T_FILL
                | T_FILL_LEFT
                | T_FILL_RIGHT
                | T_IDENTIFIER
                | T_LAND
                | T_LOR
                | T_LUNLESS
                | T_METRIC_IDENTIFIER
                | T_OFFSET
                | T_WITHOUT
                | T_START
                | T_END
        )
}

/// Tokens that may name a label in `by (...)`.
fn is_maybe_label(id: u16) -> bool {
    is_metric_identifier(id)
        || matches!(
            id,
            T_BOOL | T_GROUP_LEFT | T_GROUP_RIGHT | T_IGNORING | T_ON | T_ATAN2
        )
}

fn is_match_op(id: u16) -> bool {
    matches!(id, T_EQL | T_NEQ | T_EQL_REGEX | T_NEQ_REGEX)
}

impl P<'_> {
    fn peek(&self) -> Option<Tok> {
        self.toks.get(self.i).copied()
    }
    fn peek_id(&self) -> Option<u16> {
        self.peek().map(|t| t.id)
    }
    fn peek2_id(&self) -> Option<u16> {
        self.toks.get(self.i + 1).map(|t| t.id)
    }
    fn bump(&mut self) -> Tok {
        let t = self.toks[self.i];
        self.i += 1;
        t
    }
    fn unexpected(&self, t: Tok) -> Located {
        Located {
            start: t.start,
            end: t.end,
            what: What::Unexpected(self.q[t.start..t.end].to_string()),
        }
    }
    fn error_here(&self) -> Located {
        match self.peek() {
            Some(t) => self.unexpected(t),
            None => Located {
                start: self.q.len(),
                end: self.q.len(),
                what: What::UnexpectedEnd,
            },
        }
    }
    fn expect(&mut self, id: u16) -> R {
        if self.peek_id() == Some(id) {
            self.bump();
            Ok(())
        } else {
            Err(self.error_here())
        }
    }
    fn expect_any(&mut self, ok: impl Fn(u16) -> bool) -> R {
        match self.peek_id() {
            Some(id) if ok(id) => {
                self.bump();
                Ok(())
            }
            _ => Err(self.error_here()),
        }
    }

    fn expr(&mut self) -> R {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error_here());
        }
        self.unary()?;
        while let Some(id) = self.peek_id() {
            if !is_binop(id) {
                break;
            }
            self.bump();
            self.bin_modifier()?;
            self.unary()?;
        }
        self.depth -= 1;
        Ok(())
    }

    fn unary(&mut self) -> R {
        while matches!(self.peek_id(), Some(T_ADD) | Some(T_SUB)) {
            self.bump();
        }
        self.primary()?;
        self.postfix()
    }

    fn duration(&mut self) -> R {
        self.expect_any(|id| matches!(id, T_DURATION | T_NUMBER))
    }

    fn postfix(&mut self) -> R {
        loop {
            match self.peek_id() {
                Some(T_LEFT_BRACKET) => {
                    self.bump();
                    self.duration()?;
                    if self.peek_id() == Some(T_COLON) {
                        self.bump();
                        if self.peek_id() != Some(T_RIGHT_BRACKET) {
                            self.duration()?;
                        }
                    }
                    self.expect(T_RIGHT_BRACKET)?;
                }
                Some(T_OFFSET) => {
                    self.bump();
                    if matches!(self.peek_id(), Some(T_ADD) | Some(T_SUB)) {
                        self.bump();
                    }
                    self.duration()?;
                }
                Some(T_AT) => {
                    self.bump();
                    match self.peek_id() {
                        Some(T_ADD) | Some(T_SUB) => {
                            self.bump();
                            self.expect_any(|id| matches!(id, T_NUMBER | T_DURATION))?;
                        }
                        Some(T_START) | Some(T_END) => {
                            self.bump();
                            self.expect(T_LEFT_PAREN)?;
                            self.expect(T_RIGHT_PAREN)?;
                        }
                        _ => self.expect_any(|id| matches!(id, T_NUMBER | T_DURATION))?,
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn primary(&mut self) -> R {
        let Some(t) = self.peek() else {
            return Err(self.error_here());
        };
        match t.id {
            T_NUMBER | T_DURATION | T_STRING => {
                self.bump();
                Ok(())
            }
            T_LEFT_PAREN => {
                self.bump();
                self.expr()?;
                self.expect(T_RIGHT_PAREN)
            }
            T_LEFT_BRACE => {
                self.out.selectors.push((t.start, t.end));
                self.label_matchers()
            }
            id if is_aggregator(id) => match self.peek2_id() {
                Some(T_LEFT_PAREN) => {
                    self.out.aggregations.push((t.start, t.end));
                    self.bump();
                    self.call_body()?;
                    if matches!(self.peek_id(), Some(T_BY) | Some(T_WITHOUT)) {
                        self.bump();
                        self.grouping_labels()?;
                    }
                    Ok(())
                }
                Some(T_BY) | Some(T_WITHOUT) => {
                    self.out.aggregations.push((t.start, t.end));
                    self.bump();
                    self.bump();
                    self.grouping_labels()?;
                    self.call_body()
                }
                _ => self.selector(),
            },
            T_IDENTIFIER | T_START | T_END if self.peek2_id() == Some(T_LEFT_PAREN) => {
                self.out.calls.push((t.start, t.end));
                self.bump();
                self.call_body()
            }
            id if is_metric_identifier(id) => self.selector(),
            _ => Err(self.unexpected(t)),
        }
    }

    fn selector(&mut self) -> R {
        let t = self.bump();
        self.out.selectors.push((t.start, t.end));
        if self.peek_id() == Some(T_LEFT_BRACE) {
            self.label_matchers()?;
        }
        Ok(())
    }

    fn call_body(&mut self) -> R {
        self.expect(T_LEFT_PAREN)?;
        if self.peek_id() == Some(T_RIGHT_PAREN) {
            self.bump();
            return Ok(());
        }
        loop {
            self.expr()?;
            match self.peek_id() {
                Some(T_COMMA) => {
                    self.bump();
                    if self.peek_id() == Some(T_RIGHT_PAREN) {
                        // Prometheus: "trailing commas not allowed in function call args".
                        return Err(self.error_here());
                    }
                }
                _ => return self.expect(T_RIGHT_PAREN),
            }
        }
    }

    fn grouping_labels(&mut self) -> R {
        self.expect(T_LEFT_PAREN)?;
        if self.peek_id() == Some(T_RIGHT_PAREN) {
            self.bump();
            return Ok(());
        }
        loop {
            match self.peek() {
                Some(t) if t.id == T_STRING => {
                    self.bump();
                }
                Some(t) if is_maybe_label(t.id) => {
                    // Recording-rule style names (with `:`) are not label names.
                    if self.q[t.start..t.end].contains(':') {
                        return Err(self.unexpected(t));
                    }
                    self.bump();
                }
                _ => return Err(self.error_here()),
            }
            match self.peek_id() {
                Some(T_COMMA) => {
                    self.bump();
                    if self.peek_id() == Some(T_RIGHT_PAREN) {
                        self.bump();
                        return Ok(());
                    }
                }
                _ => return self.expect(T_RIGHT_PAREN),
            }
        }
    }

    fn bin_modifier(&mut self) -> R {
        if self.peek_id() == Some(T_BOOL) {
            self.bump();
        }
        let mut matching = false;
        if matches!(self.peek_id(), Some(T_ON) | Some(T_IGNORING)) {
            self.bump();
            self.grouping_labels()?;
            matching = true;
        }
        if let Some(t) = self
            .peek()
            .filter(|t| matches!(t.id, T_GROUP_LEFT | T_GROUP_RIGHT))
        {
            if !matching {
                // "unexpected <group_left>": it needs `on` or `ignoring` first.
                return Err(self.unexpected(t));
            }
            self.bump();
            if self.peek_id() == Some(T_LEFT_PAREN) {
                self.grouping_labels()?;
            }
        }
        // fill modifiers (newer Prometheus).
        while matches!(
            self.peek_id(),
            Some(T_FILL) | Some(T_FILL_LEFT) | Some(T_FILL_RIGHT)
        ) && self.peek2_id() == Some(T_LEFT_PAREN)
        {
            self.bump();
            self.bump();
            if matches!(self.peek_id(), Some(T_ADD) | Some(T_SUB)) {
                self.bump();
            }
            self.expect(T_NUMBER)?;
            self.expect(T_RIGHT_PAREN)?;
        }
        Ok(())
    }

    fn label_matchers(&mut self) -> R {
        self.expect(T_LEFT_BRACE)?;
        if self.peek_id() == Some(T_RIGHT_BRACE) {
            self.bump();
            return Ok(());
        }
        loop {
            self.label_matcher()?;
            match self.peek_id() {
                Some(T_COMMA) => {
                    self.bump();
                    if self.peek_id() == Some(T_RIGHT_BRACE) {
                        self.bump();
                        return Ok(());
                    }
                }
                Some(T_LOR) => {
                    self.bump();
                }
                _ => return self.expect(T_RIGHT_BRACE),
            }
        }
    }

    fn label_matcher(&mut self) -> R {
        match self.peek_id() {
            Some(T_IDENTIFIER) => {
                self.bump();
                self.expect_any(is_match_op)?;
                self.expect(T_STRING)
            }
            Some(T_STRING) => {
                self.bump();
                if self.peek_id().is_some_and(is_match_op) {
                    self.bump();
                    self.expect(T_STRING)?;
                }
                Ok(())
            }
            _ => Err(self.error_here()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err_at(q: &str) -> (usize, What) {
        let e = scan(q).expect_err(q);
        (e.start, e.what)
    }

    #[test]
    fn valid_queries_scan() {
        for q in [
            "up",
            "rate(http_requests_total{job=\"a\"}[5m])",
            "sum by (le) (rate(x_bucket[5m]))",
            "histogram_quantile(0.9, sum(rate(x_bucket[5m])) by (le, job))",
            "a / on(instance) group_left(nodename) b",
            "a > bool 1",
            "x offset -5m @ start()",
            "max_over_time(rate(x[1m])[1h:5m])",
            "-x + +1",
            "topk(5, sum without (instance) (x))",
            "{__name__=~\"job:.*\"}",
            "count(up) by (job) > 0",
            "sum(x) by (a,)",
            "label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\")",
            "# comment\nup",
            "x{a=\"b\" or c=\"d\"}",
            "{\"utf8.metric\"}",
        ] {
            assert!(scan(q).is_ok(), "{q}: {:?}", scan(q));
            assert!(promql_parser::parser::parse(q).is_ok(), "{q}");
        }
    }

    #[test]
    fn errors_point_at_the_token() {
        assert_eq!(
            err_at("sum(rate(x[5m])) by job"),
            (20, What::Unexpected("job".into()))
        );
        assert_eq!(
            err_at("rate(x[5m]"),
            (4, What::Lexer("unclosed left parenthesis".into()))
        );
        assert_eq!(
            err_at("rate(x[5m]))"),
            (11, What::Lexer("unexpected right parenthesis ')'".into()))
        );
        assert_eq!(err_at("up{job=foo}"), (7, What::Unexpected("foo".into())));
        assert_eq!(err_at("up +"), (4, What::UnexpectedEnd));
        assert_eq!(err_at("a b"), (2, What::Unexpected("b".into())));
        assert_eq!(
            err_at("up{job=\"a}"),
            (7, What::Lexer("unterminated quoted string \"".into()))
        );
        let (at, _) = err_at("rate(x[5m] # y");
        assert_eq!(at, 4);
        assert_eq!(err_at("a * group_left b").0, 4);
    }

    #[test]
    fn outline_in_source_order() {
        let o = scan("histogram_quantile(0.9, sum by (le) (rate(a_bucket[5m]))) / b").unwrap();
        assert_eq!(o.calls, vec![(0, 18), (37, 41)]);
        assert_eq!(o.selectors, vec![(42, 50), (60, 61)]);
        assert_eq!(o.aggregations, vec![(24, 27)]);
    }
}
