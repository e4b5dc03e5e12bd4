use crate::diagnostic::Severity;
use crate::promql::{Dialect, Reason, Source};
use crate::rules::{Ctx, FixKind, Rule};
use crate::{msg, texts};

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
            "ce fichier de règles est destiné au ruler de Loki : ses expressions sont en LogQL, que diagnose ne vérifie pas";
        "PQL001.logql-note" => "LogQL queries log streams (`{app=\"api\"} |= \"error\"`); Prometheus cannot load this file, and PromQL errors would be false alarms",
            "LogQL interroge des flux de journaux (`{app=\"api\"} |= \"error\"`) ; Prometheus ne peut pas charger ce fichier, et des erreurs PromQL seraient de fausses alertes";
        "PQL001.help" => "check the query in Prometheus' web UI (`/graph`) or with `promtool promql format`",
            "vérifiez la requête dans l’interface web de Prometheus (`/graph`) ou avec `promtool promql format`";
    },
    check,
};

fn check(cx: &mut Ctx<'_>) {
    for file in crate::promql::loki_rule_files(cx.ws, cx.stack) {
        let f = cx.ws.file(file);
        let at = f.text.find("groups").unwrap_or(0);
        let span = crate::source::Span::new(at, (at + "groups".len()).min(f.text.len()));
        let d = cx.report(file, span, msg!("PQL001.logql"));
        d.note(msg!("PQL001.logql-note"));
        d.severity = Severity::Info;
    }
    for q in &cx.stack.queries {
        if q.dialect == Dialect::MetricsQL {
            continue;
        }
        let Err(p) = &q.result else { continue };
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

#[cfg(test)]
mod tests {
    use crate::{check, Input, Options};

    /// `(line, column)` (1-based) and the text at the primary span of each PQL001.
    fn errors(files: &[(&str, &str)]) -> Vec<(u32, u32, String)> {
        let inputs = files.iter().map(|(p, t)| Input::new(*p, *t)).collect();
        let options = Options {
            select: vec!["PQL001".into()],
            ..Options::default()
        };
        let r = check(inputs, &options);
        r.diagnostics
            .iter()
            .map(|d| {
                let f = r.file(d.primary.file);
                let lc = f.lines.line_col(&f.text, d.primary.span.start as usize);
                (lc.line, lc.column, f.slice(d.primary.span).to_string())
            })
            .collect()
    }

    #[test]
    fn positions_inside_a_configmap_block_scalar() {
        let t = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: rules\ndata:\n  alert.rules: |\n    groups:\n      - name: a\n        rules:\n          - alert: X\n            expr: sum(rate(x_total[5m])) by job\n";
        assert_eq!(errors(&[("k8s/cm.yaml", t)]), vec![(11, 45, "job".into())]);
    }

    #[test]
    fn positions_in_a_prometheusrule_resource() {
        let t = "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: r\nspec:\n  groups:\n    - name: a\n      rules:\n        - record: x:y\n          expr: >-\n            sum(x)\n            by (job) +\n";
        assert_eq!(errors(&[("k8s/pr.yaml", t)]), vec![(12, 22, "+".into())]);
    }

    #[test]
    fn positions_after_json_escapes() {
        let t = "{\"panels\": [{\"targets\": [{\"expr\": \"up{job=\\\"a\\\"} +* 1\"}]}]}";
        let e = errors(&[("d.json", t)]);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].2, "*");
    }

    #[test]
    fn plain_and_quoted_yaml_scalars() {
        let t = "groups:\n  - name: a\n    rules:\n      - record: a:b\n        expr: 'rate(x[5m]) ) '\n      - record: c:d\n        expr: \"up{a=\\\"b\\\"} ==\"\n";
        let e = errors(&[("r.yml", t)]);
        assert_eq!(e[0], (5, 28, ")".into()));
        assert_eq!((e[1].0, e[1].2.as_str()), (7, "="));
    }

    #[test]
    fn loki_targets_are_not_promql() {
        let t = r#"{"panels": [{"datasource": {"type": "loki", "uid": "l"}, "targets": [{"expr": "{job=\"x\"} |= \"error\""}]}, {"targets": [{"expr": "sum(count_over_time({app=\"a\"} | json [5m]))"}]}]}"#;
        assert!(errors(&[("d.json", t)]).is_empty());
    }
}
