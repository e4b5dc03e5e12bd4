use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
#[cfg(feature = "promql")]
use diagnose_model::promql::metric_types::{Evidence, MetricTypes, Nature};
#[cfg(feature = "promql")]
use diagnose_model::promql::{self, Query};
#[cfg(feature = "promql")]
use diagnose_text::msg;
use diagnose_text::texts;
#[cfg(feature = "promql")]
use promql_parser::parser::Expr;

pub static RULE: Rule = Rule {
    code: "PQL003",
    name: "rate-on-non-counter",
    domain: "promql",
    severity: Severity::Warning,
    fix: FixKind::None,
    messages: texts! {
        "PQL003.message" => "`{func}` over `{metric}`, whose name says it is not a counter",
            "`{func}` sur `{metric}`, dont le nom indique que ce n’est pas un compteur";
        "PQL003.message-declared" => "`{func}` over `{metric}`, which this stack declares as a `{kind}`, not a counter",
            "`{func}` sur `{metric}`, que cette pile déclare comme `{kind}`, pas comme compteur";
        "PQL003.message-declared-total" => "`{func}` over `{metric}`, which this stack declares as a `{kind}` but names like a counter (`_total`): if it holds a running total, `{func}` is right and the declaration is what should change",
            "`{func}` sur `{metric}`, que cette pile déclare comme `{kind}` mais nomme comme un compteur (`_total`) : s’il contient un total cumulé, `{func}` est juste et c’est la déclaration qui devrait changer";
        "PQL003.message-exporter" => "`{func}` over `{metric}`, typed `{kind}` in the metrics of {repo}, not a counter",
            "`{func}` sur `{metric}`, de type `{kind}` dans les métriques de {repo}, pas un compteur";
        "PQL003.message-quantile" => "`{func}` over `{metric}` with a `quantile` label: a summary's quantile is a gauge, not a counter",
            "`{func}` sur `{metric}` avec un label `quantile` : le quantile d’un summary est une jauge, pas un compteur";
        "PQL003.declared" => "declared here", "déclarée ici";
        "PQL003.note-exporter" => "type read from `{path}` of {repo} (commit {commit})",
            "type lu dans `{path}` de {repo} (commit {commit})";
        "PQL003.note" => "`rate`, `irate` and `increase` read every decrease as a counter reset: on a gauge (a value that goes up and down) they return meaningless numbers",
            "`rate`, `irate` et `increase` prennent chaque baisse pour une remise à zéro du compteur : sur une jauge (une valeur qui monte et descend) ils renvoient des nombres sans signification";
        "PQL003.help" => "for a gauge use `deriv` or `delta`, or show the value itself; if it is a counter, its name should end with `_total`",
            "pour une jauge utilisez `deriv` ou `delta`, ou affichez la valeur elle-même ; si c’est un compteur, son nom devrait finir par `_total`";
    },
    check,
};

#[cfg(not(feature = "promql"))]
fn check(_: &mut Ctx<'_>) {}

#[cfg(feature = "promql")]
fn check(cx: &mut Ctx<'_>) {
    let types = MetricTypes::shared(cx.ws);
    for q in cx.queries() {
        let Some(p) = q.parsed() else { continue };
        let sels = promql::selectors(&p.expr);
        for (i, (vs, anc)) in sels.iter().enumerate() {
            // The selector must be the range argument of rate/irate/increase.
            let [.., Expr::Call(c), Expr::MatrixSelector(_)] = anc.as_slice() else {
                continue;
            };
            let func = c.func.name;
            if !matches!(func, "rate" | "irate" | "increase") {
                continue;
            }
            let Some(name) = promql::metric_name(vs) else {
                continue;
            };
            let evidence = if quantile(vs) {
                Evidence::Quantile
            } else {
                let Some((Nature::Gauge, evidence)) = types.nature(name) else {
                    continue;
                };
                evidence
            };
            // Timestamps only grow: a rate of them (a lag) is meaningful.
            if name.contains("timestamp")
                || name.ends_with("_time_seconds")
                || name.ends_with("last_seen")
            {
                continue;
            }
            report(cx, q, i, sels.len(), func, name, evidence);
        }
    }
}

#[cfg(feature = "promql")]
fn report(
    cx: &mut Ctx<'_>,
    q: &Query,
    i: usize,
    n: usize,
    func: &str,
    metric: &str,
    evidence: Evidence,
) {
    let p = q.parsed().unwrap();
    let span = match p.outline().selectors.get(i) {
        Some(&(s, e)) if p.outline().selectors.len() == n => q.sub_span(s, e),
        _ => q.span(0, q.text.len()),
    };
    // A gauge named like a counter: clients that copy running totals from a library's
    // statistics (librdkafka's, JMX's) set them on gauges. The two signs disagree.
    let total = matches!(evidence, Evidence::Declared { .. }) && metric.ends_with("_total");
    let message = match evidence {
        Evidence::Declared { ty, .. } if total => msg!(
            "PQL003.message-declared-total",
            func = func,
            metric = metric,
            kind = ty.name()
        ),
        Evidence::Declared { ty, .. } => msg!(
            "PQL003.message-declared",
            func = func,
            metric = metric,
            kind = ty.name()
        ),
        Evidence::Exporter { source, ty } => msg!(
            "PQL003.message-exporter",
            func = func,
            metric = metric,
            repo = source.0,
            kind = ty.name()
        ),
        Evidence::Name => msg!("PQL003.message", func = func, metric = metric),
        Evidence::Quantile => msg!("PQL003.message-quantile", func = func, metric = metric),
    };
    let d = cx.report(q.file, span, message);
    match evidence {
        Evidence::Declared { file, span, .. } => {
            d.related(file, span, msg!("PQL003.declared"));
        }
        Evidence::Exporter { source, .. } => {
            d.note(msg!(
                "PQL003.note-exporter",
                path = source.2,
                repo = source.0,
                commit = source.1
            ));
        }
        Evidence::Name | Evidence::Quantile => {}
    }
    d.note(msg!("PQL003.note"));
    d.help(msg!("PQL003.help"));
    if total {
        d.severity = Severity::Info;
    }
}

/// Whether a selector picks a summary's quantile (`quantile="0.99"`).
#[cfg(feature = "promql")]
fn quantile(vs: &promql_parser::parser::VectorSelector) -> bool {
    vs.matchers
        .matchers
        .iter()
        .any(|m| m.name == "quantile" && matches!(m.op, promql_parser::label::MatchOp::Equal))
}
