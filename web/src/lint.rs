//! What the page shows of a diagnostic ([`DiagView`]: the same JSON shape as the CLI's
//! `--format json`, from `diagnose_core::present`, plus UTF-16 offsets so that a click can
//! put the text area's cursor on the spot), and how the engine module makes them from a
//! report ([`run`], [`views`], [`kinds`]): the engine includes this file, the page uses
//! only its types.

use diagnose_core::present::{json_diagnostic, JsonDiagnostic};
use diagnose_core::{Input, Lang, Options, Report, Severity, Span};

/// A position in a file as the text area counts it (UTF-16 code units from the start),
/// from the core's presentation layer.
pub use diagnose_core::present::Position as Target;

#[derive(Clone, Debug, PartialEq)]
pub struct RelatedView {
    pub target: Target,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DiagView {
    pub json: JsonDiagnostic,
    pub severity: Severity,
    pub target: Target,
    pub related: Vec<RelatedView>,
}

/// Analyses the tabs as the CLI does (`diagnose_core::check` with default options).
pub fn run(files: &[(String, String)]) -> Report {
    let inputs = files
        .iter()
        .map(|(p, t)| Input::new(p.clone(), t.clone()))
        .collect();
    diagnose_core::check(inputs, &Options::default())
}

pub fn target(report: &Report, file: diagnose_core::FileId, span: Span) -> Target {
    diagnose_core::present::position(report, file, span)
}

pub fn views(report: &Report, lang: Lang) -> Vec<DiagView> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let json = json_diagnostic(report, d, lang);
            let related = d
                .related
                .iter()
                .zip(&json.related)
                .map(|(l, j)| RelatedView {
                    target: target(report, l.file, l.span),
                    message: j.message.clone(),
                })
                .collect();
            DiagView {
                severity: d.severity,
                target: target(report, d.primary.file, d.primary.span),
                related,
                json,
            }
        })
        .collect()
}

/// The kinds the core recognised in each top-level file (`compose`, `prometheus-config`…).
pub fn kinds(report: &Report, path: &str) -> Vec<&'static str> {
    let Some(file) = report
        .workspace
        .files
        .iter()
        .find(|f| f.origin.is_none() && f.path == path)
    else {
        return Vec::new();
    };
    let mut out: Vec<&'static str> = report
        .workspace
        .docs
        .iter()
        .filter(|d| d.file == file.id)
        .map(|d| d.kind.name())
        .collect();
    out.dedup();
    // A plain server's systemd unit is no document, but the runtime view reads it.
    if out.is_empty() && diagnose_core::model::systemd::is_unit_name(&file.path) {
        out.push("systemd-unit");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
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
        let report = run(&files);
        let v = views(&report, Lang::En);
        let d = v.iter().find(|d| d.json.code == "NET001").expect("NET001");
        assert_eq!((d.target.line, d.target.column), (5, 17));
        let text = &files[1].1;
        let byte = text.find("localhost").unwrap();
        let utf16 = text[..byte].encode_utf16().count() as u32;
        assert_eq!(d.target.start_utf16, utf16);
        assert!(
            utf16 < byte as u32,
            "the emoji and é count fewer UTF-16 units than bytes"
        );
        assert_eq!(kinds(&report, "docker-compose.yml"), vec!["compose"]);
        assert_eq!(
            kinds(&report, "grafana/provisioning/datasources/ds.yml"),
            vec!["grafana-datasources"]
        );
    }
}
