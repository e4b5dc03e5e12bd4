use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
#[cfg(feature = "promql")]
use diagnose_model::promql::metric_types::{Evidence, MetricType, MetricTypes, Nature};
#[cfg(feature = "promql")]
use diagnose_model::promql::{self, Source};
#[cfg(feature = "promql")]
use diagnose_model::workspace::Kind;
#[cfg(feature = "promql")]
use diagnose_syntax::Node;
#[cfg(feature = "promql")]
use diagnose_text::msg;
use diagnose_text::texts;
#[cfg(feature = "promql")]
use promql_parser::parser::{token, Expr};

pub static RULE: Rule = Rule {
    code: "PQL004",
    name: "counter-without-rate",
    domain: "promql",
    severity: Severity::Warning,
    fix: FixKind::None,
    messages: texts! {
        "PQL004.message" => "the counter `{metric}` is graphed raw, without `rate` or `increase`",
            "le compteur `{metric}` est affiché brut, sans `rate` ni `increase`";
        "PQL004.message-rule" => "the counter `{metric}` is used raw in a rule, without `rate` or `increase`",
            "le compteur `{metric}` est utilisé brut dans une règle, sans `rate` ni `increase`";
        "PQL004.declared" => "declared as a counter here", "déclaré comme compteur ici";
        "PQL004.note-exporter" => "typed `counter` in the metrics of {repo} (read from `{path}`, commit {commit})",
            "de type `counter` dans les métriques de {repo} (lu dans `{path}`, commit {commit})";
        "PQL004.note-name" => "only its name (`_total`) says it is a counter: nothing in the checked files declares its type, so this is an info",
            "seul son nom (`_total`) dit que c’est un compteur : rien dans les fichiers vérifiés ne déclare son type, d’où une simple info";
        "PQL004.note" => "a counter only goes up, and falls back to 0 when the process restarts: its raw value is a total since an arbitrary start, rarely what a panel means to show",
            "un compteur ne fait que monter, et retombe à 0 quand le processus redémarre : sa valeur brute est un total depuis un départ arbitraire, rarement ce que le panneau veut montrer";
        "PQL004.note-object" => "kube-state-metrics copies this count from the Kubernetes object (a container's `restartCount`): the API server keeps it, so it does not fall back to 0 when the exporter restarts, and its raw value is the count `kubectl get pods` shows, so this is an info",
            "kube-state-metrics recopie ce compte depuis l’objet Kubernetes (le `restartCount` d’un conteneur) : le serveur d’API le conserve, il ne retombe donc pas à 0 quand l’exportateur redémarre, et sa valeur brute est celle qu’affiche `kubectl get pods`, d’où une simple info";
        "PQL004.help" => "show `rate({metric}[$__rate_interval])` (per second) or `increase({metric}[$__range])` (over the displayed period)",
            "affichez `rate({metric}[$__rate_interval])` (par seconde) ou `increase({metric}[$__range])` (sur la période affichée)";
    },
    check,
};

#[cfg(not(feature = "promql"))]
fn check(_: &mut Ctx<'_>) {}

#[cfg(feature = "promql")]
fn check(cx: &mut Ctx<'_>) {
    let types = MetricTypes::shared(cx.ws);
    for q in cx.queries() {
        if !matches!(q.source, Source::Panel | Source::Rule) {
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
            if name.contains(':') || name.contains("uptime") {
                continue;
            }
            // Evidence that it is a counter makes a warning; a `_total` name alone an info.
            let evidence = match types.nature(name) {
                Some((Nature::Cumulative, e)) if counter(&e) || name.ends_with("_total") => Some(e),
                None if name.ends_with("_total") => None,
                _ => continue,
            };
            // `sum(x_sum) / sum(x_count)`: an average since start, written on purpose;
            // `mallocs_total - frees_total`: started minus finished, a count of what is live
            // now (the two reset together, with their process).
            if anc.iter().any(|a| {
                matches!(a, Expr::Binary(b) if matches!(b.op.id(), token::T_DIV | token::T_SUB)
                && counter_inside(&b.lhs) && counter_inside(&b.rhs))
            }) {
                continue;
            }
            if only_filters(vs, anc) {
                continue;
            }
            if !anc.iter().all(|a| transparent(a)) {
                continue;
            }
            // A recording rule that only selects the counter (renames, filters) records a
            // copy with its resets: a later `rate()` over the recorded series is right.
            if q.source == Source::Rule
                && sels.len() == 1
                && anc.iter().all(|a| copies(a))
                && recording_rule(cx, q)
            {
                continue;
            }
            // `x_total > 0` in a rule: "it happened since the process started", on purpose.
            if q.source == Source::Rule && anc.iter().any(|a| ever_happened(a)) {
                continue;
            }
            let span = match p.outline().selectors.get(i) {
                Some(&(s, e)) if p.outline().selectors.len() == sels.len() => q.sub_span(s, e),
                _ => q.span(0, q.text.len()),
            };
            if q.source == Source::Panel && shows_a_total(cx, q) {
                continue;
            }
            let message = if q.source == Source::Rule {
                msg!("PQL004.message-rule", metric = name)
            } else {
                msg!("PQL004.message", metric = name)
            };
            // A query in a tutorial's ```promql block is shown, not known to be graphed
            // (a syntax lesson, a check that the series exists).
            let shown_only = cx.ws.file(q.file).is_promql_block();
            let d = cx.report(q.file, span, message);
            match evidence {
                Some(Evidence::Declared { file, span, .. }) => {
                    d.related(file, span, msg!("PQL004.declared"));
                }
                Some(Evidence::Exporter { source, .. }) => {
                    d.note(msg!(
                        "PQL004.note-exporter",
                        repo = source.0,
                        path = source.2,
                        commit = source.1
                    ));
                }
                Some(Evidence::Name | Evidence::Quantile) => {}
                None => {
                    d.severity = Severity::Info;
                    d.note(msg!("PQL004.note-name"));
                }
            }
            // kube-state-metrics' counters (the restart counts) copy a field of the object:
            // one container's count, shown as is, is what `kubectl` shows. Summed over pods
            // it drops when a pod goes; in a rule, `> 3` never resolves while the pod lives.
            if q.source == Source::Panel
                && !anc.iter().any(|a| matches!(a, Expr::Aggregate(_)))
                && matches!(&evidence, Some(Evidence::Exporter { source, .. })
                    if source.0 == "kubernetes/kube-state-metrics")
            {
                d.severity = Severity::Info;
                d.note(msg!("PQL004.note-object"));
            } else {
                d.note(msg!("PQL004.note"));
            }
            d.help(msg!("PQL004.help", metric = name));
            if shown_only {
                d.severity = Severity::Info;
            }
        }
    }
}

/// Whether a panel shows one number or a table (stat, gauge, table), where "errors since
/// start" is a deliberate reading. Bar and pie charts are not: they compare values over a
/// period, which `increase(x[$__range])` gives.
#[cfg(feature = "promql")]
fn shows_a_total(cx: &Ctx<'_>, q: &promql::Query) -> bool {
    let Some(d) = q.dashboard.and_then(|i| cx.stack.grafana.dashboards.get(i)) else {
        return false;
    };
    promql::dashboards::panels(d.model()).into_iter().any(|p| {
        matches!(
            p.get_str("type"),
            Some("stat" | "singlestat" | "table" | "table-old" | "gauge" | "bargauge")
        ) && p
            .get("targets")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .any(|t| t.get("expr").is_some_and(|e| e.span == q.node_span))
    })
}

/// Operations that keep a series as it is, with its name and labels changed at most, or
/// its unit: times or divided by a positive number (`x_seconds_total * 1000` is a counter in
/// milliseconds, with the same resets, and `rate(c * k) = k * rate(c)`).
#[cfg(feature = "promql")]
fn copies(e: &Expr) -> bool {
    let positive =
        |e: &Expr| matches!(e, Expr::NumberLiteral(n) if n.val > 0.0 && n.val.is_finite());
    match e {
        Expr::Paren(_) => true,
        Expr::Call(c) => matches!(c.func.name, "label_replace" | "label_join"),
        Expr::Binary(b) => match b.op.id() {
            token::T_MUL => positive(&b.lhs) || positive(&b.rhs),
            token::T_DIV => positive(&b.rhs),
            _ => false,
        },
        _ => false,
    }
}

/// Whether the query is the `expr` of a recording rule (`record:`), not of an alert.
#[cfg(feature = "promql")]
fn recording_rule(cx: &Ctx<'_>, q: &promql::Query) -> bool {
    cx.ws
        .docs_of(Kind::PrometheusRules)
        .filter(|d| d.file == q.file)
        .flat_map(|d| d.root.get("groups").map(Node::items).unwrap_or_default())
        .flat_map(|g| g.get("rules").map(Node::items).unwrap_or_default())
        .any(|r| {
            r.get("expr").is_some_and(|e| e.span == q.node_span)
                && r.get("record").is_some_and(|n| !n.is_null())
        })
}

/// Whether the evidence is a counter's declaration (not a histogram's or summary's parts).
#[cfg(feature = "promql")]
fn counter(e: &Evidence) -> bool {
    matches!(
        e,
        Evidence::Declared {
            ty: MetricType::Counter,
            ..
        } | Evidence::Exporter {
            ty: MetricType::Counter,
            ..
        }
    )
}

/// `… > 0` or `… != 0`.
#[cfg(feature = "promql")]
fn ever_happened(e: &Expr) -> bool {
    matches!(e, Expr::Binary(b)
        if matches!(b.op.id(), token::T_GTR | token::T_NEQ)
            && matches!(&*b.rhs, Expr::NumberLiteral(n) if n.val == 0.0))
}

#[cfg(feature = "promql")]
fn counter_inside(e: &Expr) -> bool {
    promql::selectors(e).iter().any(|(vs, _)| {
        promql::metric_name(vs)
            .is_some_and(|n| ["_total", "_sum", "_count"].iter().any(|s| n.ends_with(s)))
    })
}

/// Whether the selector is on the right of `and` or `unless`, whose series only filter the
/// left side by their labels (`… > 0.3 and container_cpu_cfs_throttled_periods_total`: "for
/// containers that still exist"), with no comparison between: its values are never read.
#[cfg(feature = "promql")]
fn only_filters(vs: &promql_parser::parser::VectorSelector, anc: &[&Expr]) -> bool {
    anc.iter().enumerate().any(|(k, a)| {
        let Expr::Binary(b) = a else {
            return false;
        };
        if !matches!(b.op.id(), token::T_LAND | token::T_LUNLESS) {
            return false;
        }
        let on_the_right = match anc.get(k + 1) {
            Some(child) => std::ptr::eq(*child, &*b.rhs),
            None => matches!(&*b.rhs, Expr::VectorSelector(v) if std::ptr::eq(v, vs)),
        };
        // `… and x_total == 0` compares the value on the right: it is read there.
        on_the_right
            && !anc[k + 1..]
                .iter()
                .any(|a| matches!(a, Expr::Binary(c) if c.op.is_comparison_operator()))
    })
}

/// Operations that pass a counter's raw value through.
#[cfg(feature = "promql")]
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
