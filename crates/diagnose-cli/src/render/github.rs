//! GitHub Actions workflow commands: `::error file=F,line=L,col=C,endLine=..,endColumn=..,title=T::message`.

use diagnose_core::{present, Lang, Report, Severity};
use std::collections::HashMap;

/// Escapes data per the workflow-command syntax (`%`, `\r`, `\n`; and `:` `,` in properties).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `paths` gives each file's path relative to the current folder (the repository root in
/// a workflow), keyed by the report's display path: annotations only land on files named
/// from the repository root.
pub fn render(report: &Report, lang: Lang, paths: &HashMap<String, String>) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let j = present::json_diagnostic(report, d, lang);
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut msg = j.message.clone();
        if let Some(h) = &j.help {
            msg.push('\n');
            msg.push_str(h);
        }
        out.push_str(&format!(
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(paths.get(&j.file).unwrap_or(&j.file)),
            j.line,
            j.column,
            j.end_line,
            j.end_column,
            escape_property(&format!("{} ({})", j.rule, j.code)),
            escape_data(&msg)
        ));
    }
    out
}
