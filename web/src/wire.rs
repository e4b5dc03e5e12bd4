//! The diagnostics the engine module (`web/engine`) hands to the page, as JSON: the page's
//! [`DiagView`]s, written by that module (`encode` in `web/engine`, with the core's JSON writer) and read back
//! by the page ([`decode`], with the core's JSON parser: the page links no serde). Codes and rule names
//! are read back as the page's own `&'static str` (`crate::rulepage::find`: the page's rule
//! index; the registry itself in the engine, which includes this file too).

use crate::json::{self, array, get_str, get_u32, Node};
use crate::lint::{DiagView, RelatedView, Target};
use diagnose_core::diagnostic::Applicability;
use diagnose_core::present::{JsonDiagnostic, JsonEdit, JsonFix, JsonRelated};
use diagnose_core::Severity;

fn read_target(v: &Node) -> Option<Target> {
    let a = array(v)?;
    let num = |i: usize| a.get(i).and_then(json::u32_of);
    Some(Target {
        file: json::string(a.first()?)?,
        line: num(1)?,
        column: num(2)?,
        start_utf16: num(3)?,
        end_utf16: num(4)?,
    })
}

/// `file`, `line`, `column`, `end_line`, `end_column` of a related location or an edit.
fn place(v: &Node) -> Option<(String, u32, u32, u32, u32)> {
    Some((
        get_str(v, "file")?,
        get_u32(v, "line")?,
        get_u32(v, "column")?,
        get_u32(v, "end_line")?,
        get_u32(v, "end_column")?,
    ))
}

fn read_related(v: &Node) -> Option<JsonRelated> {
    let (file, line, column, end_line, end_column) = place(v)?;
    Some(JsonRelated {
        file,
        line,
        column,
        end_line,
        end_column,
        message: get_str(v, "message")?,
    })
}

fn read_edit(e: &Node) -> Option<JsonEdit> {
    let (file, line, column, end_line, end_column) = place(e)?;
    Some(JsonEdit {
        file,
        line,
        column,
        end_line,
        end_column,
        replacement: get_str(e, "replacement")?,
    })
}

fn read_fix(v: &Node) -> Option<JsonFix> {
    Some(JsonFix {
        title: get_str(v, "title")?,
        applicability: match get_str(v, "applicability")?.as_str() {
            "safe" => Applicability::Safe,
            _ => Applicability::Unsafe,
        },
        edits: json::each(v.get("edits")?, read_edit)?,
    })
}

fn read_view(v: &Node) -> Option<DiagView> {
    let j = v.get("json")?;
    let rule = crate::rulepage::find(&get_str(j, "code")?)?;
    let severity = Severity::parse(&get_str(j, "severity")?)?;
    let related = json::each(j.get("related")?, read_related)?;
    let targets = json::each(v.get("related")?, read_target)?;
    let json = JsonDiagnostic {
        code: rule.code,
        rule: rule.name,
        severity: severity.as_str(),
        message: get_str(j, "message")?,
        file: get_str(j, "file")?,
        line: get_u32(j, "line")?,
        column: get_u32(j, "column")?,
        end_line: get_u32(j, "end_line")?,
        end_column: get_u32(j, "end_column")?,
        notes: json::each(j.get("notes")?, json::string)?,
        help: j.get("help").and_then(json::string),
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

/// Reads what the engine's `encode` wrote; `None` if anything is missing or names an unknown rule.
pub fn decode(v: &Node) -> Option<Vec<DiagView>> {
    json::each(v, read_view)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Node {
        json::parse(text).expect("JSON")
    }

    #[test]
    fn unknown_rules_and_damaged_input_are_refused() {
        assert_eq!(decode(&read("\"x\"")), None);
        let bad = r#"[{"json": {"code": "NOPE999"}, "target": ["f", 1, 1, 0, 0], "related": []}]"#;
        assert_eq!(decode(&read(bad)), None);
    }
}
