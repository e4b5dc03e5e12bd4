use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
#[cfg(feature = "promql")]
use diagnose_model::promql::{self, Dialect, Query};
#[cfg(feature = "promql")]
use diagnose_text::msg;
use diagnose_text::texts;
#[cfg(feature = "promql")]
use promql_parser::parser::{token, Expr, LabelModifier};

pub static RULE: Rule = Rule {
    code: "PQL002",
    name: "histogram-quantile-without-le",
    domain: "promql",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "PQL002.message" => "`histogram_quantile` over `{agg}`, which drops the `le` label",
            "`histogram_quantile` sur `{agg}`, qui supprime le label `le`";
        "PQL002.note" => "`histogram_quantile` reads the buckets of a classic histogram from their `le` label; without it every series is ignored and the query returns no data",
            "`histogram_quantile` lit les buckets d’un histogramme classique dans leur label `le` ; sans lui chaque série est ignorée et la requête ne renvoie rien";
        "PQL002.help" => "keep `le` in the aggregation: `sum by (le) (rate(x_bucket[5m]))`",
            "gardez `le` dans l’agrégation : `sum by (le) (rate(x_bucket[5m]))`";
    },
    check,
};

/// Reads parsed queries: without the `promql` feature (the web app's first module), the
/// check runs in the module that has the parser.
#[cfg(not(feature = "promql"))]
fn check(_: &mut Ctx<'_>) {}

#[cfg(feature = "promql")]
fn check(cx: &mut Ctx<'_>) {
    for q in cx.queries() {
        let Some(p) = q.parsed() else { continue };
        if q.dialect == Dialect::MetricsQL {
            // MetricsQL's histogram_quantile also reads `vmrange` buckets.
            continue;
        }
        let calls = promql::calls(&p.expr);
        for (i, c) in calls.iter().enumerate() {
            if c.func.name != "histogram_quantile" || c.args.args.len() < 2 {
                continue;
            }
            if let Some(agg) = drops_le(&c.args.args[1]) {
                report(cx, q, i, calls.len(), &agg);
            }
        }
    }
}

#[cfg(feature = "promql")]
fn report(cx: &mut Ctx<'_>, q: &Query, i: usize, n: usize, agg: &str) {
    let p = q.parsed().unwrap();
    let span = match p.outline().calls.get(i) {
        Some(&(s, e)) if p.outline().calls.len() == n => q.sub_span(s, e),
        _ => q.span(0, q.text.len()),
    };
    let d = cx.report(q.file, span, msg!("PQL002.message", agg = agg));
    d.note(msg!("PQL002.note"));
    d.help(msg!("PQL002.help"));
}

#[cfg(feature = "promql")]
/// If the expression's result has lost `le` through an aggregation over classic
/// histogram buckets, the aggregation as text (`sum`, `sum by (job)`).
fn drops_le(e: &Expr) -> Option<String> {
    match e {
        Expr::Paren(p) => drops_le(&p.expr),
        Expr::Binary(b) => drops_le(&b.lhs).or_else(|| drops_le(&b.rhs)),
        Expr::Aggregate(a) => {
            let op = a.op.id();
            // topk/bottomk/limitk keep the series (and their labels) as they are.
            if matches!(
                op,
                token::T_TOPK | token::T_BOTTOMK | token::T_LIMITK | token::T_LIMIT_RATIO
            ) {
                return drops_le(&a.expr);
            }
            let keeps = match &a.modifier {
                None => false,
                // `vmrange`: VictoriaMetrics histograms, read by MetricsQL.
                Some(LabelModifier::Include(l)) => {
                    l.labels.iter().any(|x| x == "le" || x == "vmrange")
                }
                Some(LabelModifier::Exclude(l)) => !l.labels.iter().any(|x| x == "le"),
            };
            if keeps || !over_buckets(&a.expr) {
                return None;
            }
            let op_name = a.op.to_string();
            Some(match &a.modifier {
                None => op_name,
                Some(LabelModifier::Include(l)) => {
                    format!("{op_name} by ({})", l.labels.join(", "))
                }
                Some(LabelModifier::Exclude(l)) => {
                    format!("{op_name} without ({})", l.labels.join(", "))
                }
            })
        }
        _ => None,
    }
}

#[cfg(feature = "promql")]
/// Whether the expression reads classic histogram buckets (`*_bucket` series). Native
/// histograms need no `le` and are left alone.
fn over_buckets(e: &Expr) -> bool {
    promql::selectors(e)
        .iter()
        .any(|(vs, _)| promql::metric_name(vs).is_some_and(|n| n.ends_with("_bucket")))
}
