use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
#[cfg(feature = "promql")]
use diagnose_model::promql::{self, Source};
#[cfg(feature = "promql")]
use diagnose_text::msg;
use diagnose_text::texts;
#[cfg(feature = "promql")]
use promql_parser::parser::{token, Expr};

pub static RULE: Rule = Rule {
    code: "PQL004",
    name: "counter-without-rate",
    domain: "promql",
    severity: Severity::Info,
    fix: FixKind::None,
    messages: texts! {
        "PQL004.message" => "the counter `{metric}` is graphed raw, without `rate` or `increase`",
            "le compteur `{metric}` est affiché brut, sans `rate` ni `increase`";
        "PQL004.note" => "a counter only goes up, and falls back to 0 when the process restarts: its raw value is a total since an arbitrary start, rarely what a panel means to show",
            "un compteur ne fait que monter, et retombe à 0 quand le processus redémarre : sa valeur brute est un total depuis un départ arbitraire, rarement ce que le panneau veut montrer";
        "PQL004.help" => "show `rate({metric}[$__rate_interval])` (per second) or `increase({metric}[$__range])` (over the displayed period)",
            "affichez `rate({metric}[$__rate_interval])` (par seconde) ou `increase({metric}[$__range])` (sur la période affichée)";
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
        if q.source != Source::Panel {
            continue;
        }
        let Some(p) = q.parsed() else { continue };
        let sels = promql::selectors(&p.expr);
        // `x_total - x_total offset 1h` computes an increase by hand.
        if sels
            .iter()
            .any(|(vs, _)| vs.offset.is_some() || vs.at.is_some())
        {
            continue;
        }
        for (i, (vs, anc)) in sels.iter().enumerate() {
            let Some(name) = promql::metric_name(vs) else {
                continue;
            };
            if !name.ends_with("_total") || name.contains(':') || name.contains("uptime") {
                continue;
            }
            // `sum(x_sum) / sum(x_count)`: an average since start, written on purpose.
            if anc.iter().any(|a| {
                matches!(a, Expr::Binary(b) if b.op.id() == token::T_DIV
                && counter_inside(&b.lhs) && counter_inside(&b.rhs))
            }) {
                continue;
            }
            if !anc.iter().all(|a| transparent(a)) {
                continue;
            }
            let span = match p.outline().selectors.get(i) {
                Some(&(s, e)) if p.outline().selectors.len() == sels.len() => q.sub_span(s, e),
                _ => q.span(0, q.text.len()),
            };
            let d = cx.report(q.file, span, msg!("PQL004.message", metric = name));
            d.note(msg!("PQL004.note"));
            d.help(msg!("PQL004.help", metric = name));
        }
    }
}

#[cfg(feature = "promql")]
fn counter_inside(e: &Expr) -> bool {
    promql::selectors(e).iter().any(|(vs, _)| {
        promql::metric_name(vs)
            .is_some_and(|n| ["_total", "_sum", "_count"].iter().any(|s| n.ends_with(s)))
    })
}

#[cfg(feature = "promql")]
/// Operations that pass a counter's raw value through.
fn transparent(e: &Expr) -> bool {
    match e {
        Expr::Paren(_) | Expr::Unary(_) | Expr::Binary(_) => true,
        Expr::Aggregate(a) => matches!(
            a.op.id(),
            token::T_SUM
                | token::T_AVG
                | token::T_MIN
                | token::T_MAX
                | token::T_TOPK
                | token::T_BOTTOMK
                | token::T_STDDEV
                | token::T_STDVAR
                | token::T_QUANTILE
                | token::T_LIMITK
                | token::T_LIMIT_RATIO
        ),
        Expr::Call(c) => matches!(
            c.func.name,
            "label_replace"
                | "label_join"
                | "sort"
                | "sort_desc"
                | "sort_by_label"
                | "sort_by_label_desc"
                | "abs"
                | "ceil"
                | "floor"
                | "round"
                | "clamp"
                | "clamp_min"
                | "clamp_max"
        ),
        _ => false,
    }
}
