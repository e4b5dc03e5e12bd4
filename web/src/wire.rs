//! The diagnostics the PromQL module (`web/promql`) hands to the page, as JSON: the page's
//! [`DiagView`]s, written by that module and read back by the page. Codes, rule names and
//! severities are read back as the page's own `&'static str` (from the rule registry), so
//! a view from the second module is the same value as one the page would have built.

use crate::lint::{DiagView, RelatedView, Target};
use diagnose_core::diagnostic::Applicability;
use diagnose_core::present::{JsonDiagnostic, JsonEdit, JsonFix, JsonRelated};
use diagnose_core::{registry, Severity};
use serde_json::{json, Value};

fn target(t: &Target) -> Value {
    json!([t.file, t.line, t.column, t.start_utf16, t.end_utf16])
}

/// `views` as JSON (the related locations' targets beside the CLI's JSON shape).
pub fn encode(views: &[DiagView]) -> Value {
    Value::Array(
        views
            .iter()
            .map(|v| {
                json!({
                    "json": v.json,
                    "target": target(&v.target),
                    "related": v.related.iter().map(|r| target(&r.target)).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

fn s(v: &Value, k: &str) -> Option<String> {
    v.get(k)?.as_str().map(str::to_string)
}

fn n(v: &Value, k: &str) -> Option<u32> {
    v.get(k)?.as_u64().and_then(|x| u32::try_from(x).ok())
}

fn read_target(v: &Value) -> Option<Target> {
    let a = v.as_array()?;
    let num = |i: usize| a.get(i)?.as_u64().and_then(|x| u32::try_from(x).ok());
    Some(Target {
        file: a.first()?.as_str()?.to_string(),
        line: num(1)?,
        column: num(2)?,
        start_utf16: num(3)?,
        end_utf16: num(4)?,
    })
}

/// `file`, `line`, `column`, `end_line`, `end_column` of a related location or an edit.
fn place(v: &Value) -> Option<(String, u32, u32, u32, u32)> {
    Some((
        s(v, "file")?,
        n(v, "line")?,
        n(v, "column")?,
        n(v, "end_line")?,
        n(v, "end_column")?,
    ))
}

fn read_related(v: &Value) -> Option<JsonRelated> {
    let (file, line, column, end_line, end_column) = place(v)?;
    Some(JsonRelated {
        file,
        line,
        column,
        end_line,
        end_column,
        message: s(v, "message")?,
    })
}

fn read_edit(e: &Value) -> Option<JsonEdit> {
    let (file, line, column, end_line, end_column) = place(e)?;
    Some(JsonEdit {
        file,
        line,
        column,
        end_line,
        end_column,
        replacement: s(e, "replacement")?,
    })
}

fn read_fix(v: &Value) -> Option<JsonFix> {
    Some(JsonFix {
        title: s(v, "title")?,
        applicability: match v.get("applicability")?.as_str()? {
            "safe" => Applicability::Safe,
            _ => Applicability::Unsafe,
        },
        edits: v
            .get("edits")?
            .as_array()?
            .iter()
            .map(read_edit)
            .collect::<Option<_>>()?,
    })
}

fn read_view(v: &Value) -> Option<DiagView> {
    let j = v.get("json")?;
    let code = j.get("code")?.as_str()?;
    let rule = registry::ALL_RULES.iter().find(|r| r.code == code)?;
    let severity = Severity::parse(j.get("severity")?.as_str()?)?;
    let related: Vec<JsonRelated> = j
        .get("related")?
        .as_array()?
        .iter()
        .map(read_related)
        .collect::<Option<_>>()?;
    let targets: Vec<Target> = v
        .get("related")?
        .as_array()?
        .iter()
        .map(read_target)
        .collect::<Option<_>>()?;
    let json = JsonDiagnostic {
        code: rule.code,
        rule: rule.name,
        severity: severity.as_str(),
        message: s(j, "message")?,
        file: s(j, "file")?,
        line: n(j, "line")?,
        column: n(j, "column")?,
        end_line: n(j, "end_line")?,
        end_column: n(j, "end_column")?,
        notes: j
            .get("notes")?
            .as_array()?
            .iter()
            .map(|x| x.as_str().map(str::to_string))
            .collect::<Option<_>>()?,
        help: j.get("help").and_then(Value::as_str).map(str::to_string),
        fix: match j.get("fix") {
            Some(f) if !f.is_null() => Some(read_fix(f)?),
            _ => None,
        },
        related: related.clone(),
    };
    Some(DiagView {
        severity,
        target: read_target(v.get("target")?)?,
        related: targets
            .into_iter()
            .zip(related)
            .map(|(target, r)| RelatedView {
                target,
                message: r.message,
            })
            .collect(),
        json,
    })
}

/// Reads what [`encode`] wrote; `None` if anything is missing or names an unknown rule.
pub fn decode(v: &Value) -> Option<Vec<DiagView>> {
    v.as_array()?.iter().map(read_view).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint;
    use diagnose_core::Lang;

    #[test]
    fn views_survive_the_round_trip() {
        // A datasource on localhost (NET001, with a related location) and a compose file.
        let files = vec![
            (
                "docker-compose.yml".to_string(),
                "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./grafana/provisioning:/etc/grafana/provisioning\n".to_string(),
            ),
            (
                "grafana/provisioning/datasources/ds.yml".to_string(),
                "apiVersion: 1\ndatasources:\n  - name: \"📈 Prométhée\"\n    type: prometheus\n    url: http://localhost:9090\n".to_string(),
            ),
        ];
        let l = lint::run(&files, 1, || 0.0);
        for lang in [Lang::En, Lang::Fr] {
            let views = lint::views(&l.report, lang);
            assert!(views.iter().any(|v| !v.related.is_empty()));
            let text = encode(&views).to_string();
            let back = decode(&serde_json::from_str(&text).unwrap()).expect("decodes");
            assert_eq!(back, views);
        }
    }

    #[test]
    fn unknown_rules_and_damaged_input_are_refused() {
        assert_eq!(decode(&json!("x")), None);
        let bad =
            json!([{ "json": { "code": "NOPE999" }, "target": ["f", 1, 1, 0, 0], "related": [] }]);
        assert_eq!(decode(&bad), None);
    }
}
