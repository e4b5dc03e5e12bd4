//! The JSON shapes of [`super`] written with the core's own writer
//! ([`diagnose_syntax::json_write`]): byte for byte what serde_json writes from their
//! `Serialize` impls (the tests compare them), without serde_json's serializer, so the web
//! engine does not link it. The CLI's `--format json` and the web engine's answers are
//! written here.

use super::{JsonDiagnostic, JsonDocument};
use diagnose_rules::diagnostic::Applicability;
use diagnose_syntax::json_write::JsonWriter;

/// `file`, `line`, `column`, `end_line`, `end_column` of a place.
fn place(w: &mut JsonWriter, file: &str, line: u32, column: u32, end_line: u32, end_column: u32) {
    w.key("file").string(file);
    w.key("line").number(line.into());
    w.key("column").number(column.into());
    w.key("end_line").number(end_line.into());
    w.key("end_column").number(end_column.into());
}

/// One diagnostic, as serde_json writes a [`JsonDiagnostic`].
pub fn write_diagnostic(w: &mut JsonWriter, d: &JsonDiagnostic) {
    w.begin_object();
    w.key("code").string(d.code);
    w.key("rule").string(d.rule);
    w.key("severity").string(d.severity);
    w.key("message").string(&d.message);
    place(w, &d.file, d.line, d.column, d.end_line, d.end_column);
    w.key("notes").begin_array();
    for n in &d.notes {
        w.string(n);
    }
    w.end_array();
    w.key("help").opt_string(d.help.as_deref());
    w.key("related").begin_array();
    for r in &d.related {
        w.begin_object();
        place(w, &r.file, r.line, r.column, r.end_line, r.end_column);
        w.key("message").string(&r.message);
        w.end_object();
    }
    w.end_array();
    if let Some(f) = &d.fix {
        w.key("fix").begin_object();
        w.key("title").string(&f.title);
        w.key("applicability").string(match f.applicability {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        });
        w.key("edits").begin_array();
        for e in &f.edits {
            w.begin_object();
            place(w, &e.file, e.line, e.column, e.end_line, e.end_column);
            w.key("replacement").string(&e.replacement);
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
    w.end_object();
}

impl JsonDocument {
    /// The document as the CLI prints it (`--format json`): what
    /// `serde_json::to_string_pretty(&self.to_value(nothing_read))` writes.
    pub fn to_json_pretty(&self, nothing_read: bool) -> String {
        let mut w = JsonWriter::pretty();
        let r = &self.report;
        w.begin_object();
        w.key("version").number(r.version.into());
        w.key("diagnostics").begin_array();
        for d in &r.diagnostics {
            write_diagnostic(&mut w, d);
        }
        w.end_array();
        let s = &r.summary;
        w.key("summary").begin_object();
        w.key("files").number(s.files as u64);
        w.key("errors").number(s.errors as u64);
        w.key("warnings").number(s.warnings as u64);
        w.key("infos").number(s.infos as u64);
        w.end_object();
        w.key("skipped").begin_array();
        for k in &self.skipped {
            w.begin_object();
            w.key("file").string(&k.file);
            w.key("reason").string(&k.reason);
            w.end_object();
        }
        w.end_array();
        w.key("nothing_read").bool(nothing_read);
        w.end_object();
        w.finish()
    }
}
