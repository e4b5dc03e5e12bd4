use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::promql::{Dialect, Reason, Source};
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "PQL001",
    name: "promql-syntax-error",
    domain: "promql",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "PQL001.unexpected" => "invalid PromQL: unexpected `{token}`",
            "PromQL invalide : `{token}` inattendu";
        "PQL001.end" => "invalid PromQL: the query ends too early",
            "PromQL invalide : la requête s’arrête trop tôt";
        "PQL001.parser" => "invalid PromQL: {detail}", "PromQL invalide : {detail}";
        "PQL001.note-rule" => "Prometheus refuses to load a rule file with an invalid expression: `promtool check rules` fails and a reload keeps the old rules",
            "Prometheus refuse de charger un fichier de règles dont une expression est invalide : `promtool check rules` échoue et un rechargement garde les anciennes règles";
        "PQL001.note-dashboard" => "Grafana sends the query as written (after replacing its variables); Prometheus answers `bad_data` and the panel shows an error instead of data",
            "Grafana envoie la requête telle quelle (après remplacement de ses variables) ; Prometheus répond `bad_data` et le panneau affiche une erreur au lieu des données";
        "PQL001.logql" => "this rule file is for Loki's ruler: its expressions are LogQL, which diagnose does not check",
            "ce fichier de règles est destiné au ruler de Loki : ses expressions sont en LogQL, que diagnose ne vérifie pas";
        "PQL001.logql-note" => "LogQL queries log streams (`{{app=\"api\"}} |= \"error\"`); Prometheus cannot load this file, and PromQL errors would be false alarms",
            "LogQL interroge des flux de journaux (`{{app=\"api\"}} |= \"error\"`) ; Prometheus ne peut pas charger ce fichier, et des erreurs PromQL seraient de fausses alertes";
        "PQL001.duration-expr" => "`{text}` is a duration expression (arithmetic in a range or offset), which Prometheus enables by default since 3.14 (`--enable-feature=promql-duration-expr` before) and diagnose's PromQL parser does not know: the query is not checked",
            "`{text}` est une expression de durée (un calcul dans une plage ou un décalage), que Prometheus active par défaut depuis la 3.14 (`--enable-feature=promql-duration-expr` avant) et que l’analyseur PromQL de diagnose ne connaît pas : la requête n’est pas vérifiée";
        "PQL001.extended-range" => "`{modifier}` is an experimental modifier of range selectors (`--enable-feature=promql-extended-range-selectors`) that diagnose's PromQL parser does not know: the query is not checked",
            "`{modifier}` est un modificateur expérimental des sélecteurs de plage (`--enable-feature=promql-extended-range-selectors`) que l’analyseur PromQL de diagnose ne connaît pas : la requête n’est pas vérifiée";
        "PQL001.help" => "check the query in Prometheus' web UI (`/graph`) or with `promtool promql format`",
            "vérifiez la requête dans l’interface web de Prometheus (`/graph`) ou avec `promtool promql format`";
    },
    check,
};

fn check(cx: &mut Ctx<'_>) {
    for file in diagnose_model::promql::loki_rule_files(cx.ws, cx.stack) {
        let f = cx.ws.file(file);
        let at = f.text.find("groups").unwrap_or(0);
        let span = diagnose_syntax::source::Span::new(at, (at + "groups".len()).min(f.text.len()));
        let d = cx.report(file, span, msg!("PQL001.logql"));
        d.note(msg!("PQL001.logql-note"));
        d.severity = Severity::Info;
    }
    for q in cx.queries() {
        if q.dialect == Dialect::MetricsQL {
            continue;
        }
        let Err(p) = &q.result else { continue };
        // A tutorial's ```promql block also shows pieces and patterns: a matcher alone
        // (`code="200"`), a function's name (`avg()`), a syntax with placeholder words
        // (`delta(metric[range])`, `operator by(label)(metric)`).
        if cx.ws.file(q.file).is_promql_block() && is_pattern(&q.text) {
            continue;
        }
        // A variable right after an operand holds an operator (a custom variable whose
        // values are `== 1`, or `or`/`unless`): the query Grafana sends is not known.
        if diagnose_model::promql::grafana::substitute(&q.text, false).after_operand > 0 {
            continue;
        }
        // An error at the very end points at the last character.
        let (s, e) = if p.start >= q.text.len() && !q.text.is_empty() {
            let last = q
                .text
                .trim_end()
                .char_indices()
                .last()
                .map_or(0, |(i, _)| i);
            (last, q.text.trim_end().len())
        } else {
            (p.start, p.end)
        };
        let span = q.span(s, e);
        // Newer syntax than the parser's, clearly written: not a mistake of the query.
        if let Some(m) = newer_syntax(&q.text, p.start.min(q.text.len())) {
            let d = cx.report(q.file, span, m);
            d.severity = Severity::Info;
            continue;
        }
        let m = match &p.what {
            Reason::Unexpected(t) => msg!("PQL001.unexpected", token = t),
            Reason::UnexpectedEnd => msg!("PQL001.end"),
            Reason::Parser(d) => msg!("PQL001.parser", detail = d),
        };
        let d = cx.report(q.file, span, m);
        d.note(if q.source == Source::Rule {
            msg!("PQL001.note-rule")
        } else {
            msg!("PQL001.note-dashboard")
        });
        d.help(msg!("PQL001.help"));
    }
}

/// The newer PromQL syntax the parser stops at, when the query clearly holds it at `at`:
/// arithmetic right after a duration inside `[…]` (`rate(x[1m * 2])`, duration expressions)
/// or `anchored`/`smoothed` right after a range (`increase(x[5m] anchored)`).
fn newer_syntax(text: &str, at: usize) -> Option<diagnose_text::Message> {
    let before = text.get(..at)?;
    let after = text.get(at..)?;
    if let Some(open) = before.rfind('[') {
        let inside = before[open + 1..].trim();
        let duration = !inside.is_empty()
            && !before[open..].contains(']')
            && inside.starts_with(|c: char| c.is_ascii_digit())
            && inside
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ':');
        if duration && after.starts_with(['*', '+', '-', '/', '%', '^']) {
            let close = after.find(']').map_or(text.len(), |i| at + i + 1);
            return Some(msg!("PQL001.duration-expr", text = &text[open..close]));
        }
    }
    let word: String = after
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    if matches!(word.as_str(), "anchored" | "smoothed") && before.trim_end().ends_with(']') {
        return Some(msg!("PQL001.extended-range", modifier = word));
    }
    None
}

/// Whether a query shown in a tutorial is a piece or a pattern rather than a query: a
/// label matcher alone, a function name with empty parentheses, or placeholder words where
/// a metric, a range, a label or an operator goes.
fn is_pattern(q: &str) -> bool {
    let t = q.trim();
    let ident = |s: &str| {
        !s.is_empty()
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !s.starts_with(|c: char| c.is_ascii_digit())
    };
    // `code="200"`, `job=~"api.*"`: a matcher without its braces.
    let matcher = ["=~", "!~", "!=", "="].iter().any(|op| {
        t.split_once(op)
            .is_some_and(|(l, r)| ident(l.trim()) && r.trim_start().starts_with(['"', '\'']))
    });
    // `avg()`, `rate()`: a function named in a list.
    let empty_call = t
        .strip_suffix("()")
        .is_some_and(|name| ident(name.trim_end()));
    const PLACEHOLDERS: &[&str] = &[
        "metric",
        "metric_name",
        "range",
        "operator",
        "label",
        "labels",
        "duration",
        "aggregation",
        "function",
        "vector",
        "scalar",
    ];
    let words = t
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty());
    let placeholder = words.into_iter().any(|w| PLACEHOLDERS.contains(&w));
    matcher || empty_call || placeholder
}
