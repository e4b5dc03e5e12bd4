//! SARIF 2.1.0 (OASIS), the format of GitHub code scanning and most CI dashboards.
//!
//! One run for the whole invocation: `tool.driver.rules` describes every rule (id = code,
//! name, summary, first section of its page, the page itself as help, `helpUri`), and
//! each result points at its rule by index, with its related locations, its fix and a
//! `partialFingerprints` entry that survives edits elsewhere in the file: a hash of the
//! rule code, the file, the offending text (secrets masked) and the occurrence index of
//! that triple, never line numbers. Columns are UTF-16 code units (SARIF's default
//! `columnKind`). Paths are relative to the current folder, under `%SRCROOT%`.

use diagnose_core::diagnostic::{Diagnostic, Label};
use diagnose_core::{docs, present, registry, FileId, Lang, Report, Severity, Span};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// One checked unit: its report and the path, relative to the current folder, of each
/// file (keyed by the report's display path).
pub struct Unit<'a> {
    pub report: &'a Report,
    pub paths: &'a HashMap<String, String>,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Percent-encodes a relative path into a URI reference (RFC 3986 path characters kept).
pub fn path_to_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// FNV-1a, 64 bits: stable across platforms and versions.
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.iter().chain(std::iter::once(&0u8)) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn region(report: &Report, file: FileId, span: Span) -> Value {
    let f = report.file(file);
    let a = f.lines().line_col(&f.text, span.start as usize);
    let b = f.lines().line_col(&f.text, span.end as usize);
    json!({
        "startLine": a.line,
        "startColumn": a.column_utf16,
        "endLine": b.line,
        "endColumn": b.column_utf16,
    })
}

fn artifact(u: &Unit, file: FileId) -> Value {
    let display = &u.report.file(file).path;
    let path = u.paths.get(display).unwrap_or(display);
    json!({ "uri": path_to_uri(path), "uriBaseId": "%SRCROOT%" })
}

fn location(u: &Unit, l: &Label) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": artifact(u, l.file),
            "region": region(u.report, l.file, l.span),
        }
    })
}

fn rule_descriptor(rule: &diagnose_core::rules::Rule, lang: Lang, docs_base: &str) -> Value {
    let page = docs::page(rule, lang).or_else(|| docs::page(rule, Lang::En));
    let summary = docs::summary(rule, lang);
    let full = docs::first_section(rule, lang).unwrap_or_else(|| summary.clone());
    let mut d = json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": { "text": summary },
        "fullDescription": { "text": full },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": { "tags": [rule.domain] },
    });
    if docs_base != docs::DOCS_URL {
        d["helpUri"] = json!(docs::rule_url(docs_base, rule, lang));
    }
    if let Some(p) = page {
        d["help"] = json!({ "text": p, "markdown": p });
    }
    d
}

/// Message, notes and help, with any secret value written in the files redacted.
fn message_text(report: &Report, d: &Diagnostic, lang: Lang) -> String {
    let mut text = present::render_redacted(report, &d.message, lang);
    for m in d.notes.iter().chain(&d.help) {
        text.push('\n');
        text.push_str(&present::render_redacted(report, m, lang));
    }
    text
}

/// The SARIF log of one invocation.
pub fn render(
    units: &[Unit],
    lang: Lang,
    docs_base: &str,
    notifications: &[(String, String)],
) -> Value {
    let rules: Vec<Value> = registry::ALL_RULES
        .iter()
        .map(|r| rule_descriptor(r, lang, docs_base))
        .collect();
    let mut results = Vec::new();
    let mut occurrences: HashMap<u64, u32> = HashMap::new();
    for u in units {
        let mut masked: HashMap<FileId, String> = HashMap::new();
        for d in &u.report.diagnostics {
            let Some(index) = registry::ALL_RULES.iter().position(|r| r.code == d.code) else {
                continue;
            };
            let file = d.primary.file;
            let text = masked
                .entry(file)
                .or_insert_with(|| present::masked_text(u.report, file));
            let snippet: String = text
                .get(d.primary.span.start as usize..d.primary.span.end as usize)
                .unwrap_or("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let display = &u.report.file(file).path;
            let path = u.paths.get(display).unwrap_or(display);
            let key = fnv1a(&[d.code.as_bytes(), path.as_bytes(), snippet.as_bytes()]);
            let n = occurrences.entry(key).or_insert(0);
            let fingerprint = fnv1a(&[
                d.code.as_bytes(),
                path.as_bytes(),
                snippet.as_bytes(),
                n.to_string().as_bytes(),
            ]);
            *n += 1;
            let mut r = Map::new();
            r.insert("ruleId".into(), json!(d.code));
            r.insert("ruleIndex".into(), json!(index));
            r.insert("level".into(), json!(level(d.severity)));
            r.insert(
                "message".into(),
                json!({ "text": message_text(u.report, d, lang) }),
            );
            r.insert("locations".into(), json!([location(u, &d.primary)]));
            if !d.related.is_empty() {
                let related: Vec<Value> = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        let mut loc = location(u, l);
                        loc["id"] = json!(i + 1);
                        if let Some(m) = &l.message {
                            loc["message"] =
                                json!({ "text": present::render_redacted(u.report, m, lang) });
                        }
                        loc
                    })
                    .collect();
                r.insert("relatedLocations".into(), Value::Array(related));
            }
            r.insert(
                "partialFingerprints".into(),
                json!({ "diagnose/v1": format!("{fingerprint:016x}") }),
            );
            if let Some(fix) = d.fix.as_ref().filter(|f| !f.edits.is_empty()) {
                let mut by_file: Vec<(FileId, Vec<Value>)> = Vec::new();
                for e in &fix.edits {
                    let rep = json!({
                        "deletedRegion": region(u.report, e.file, e.span),
                        "insertedContent": { "text": present::redact(u.report, &e.replacement) },
                    });
                    match by_file.iter_mut().find(|(f, _)| *f == e.file) {
                        Some((_, v)) => v.push(rep),
                        None => by_file.push((e.file, vec![rep])),
                    }
                }
                let changes: Vec<Value> = by_file
                    .into_iter()
                    .map(|(f, reps)| {
                        json!({ "artifactLocation": artifact(u, f), "replacements": reps })
                    })
                    .collect();
                r.insert(
                    "fixes".into(),
                    json!([{
                        "description": { "text": present::render_redacted(u.report, &fix.title, lang) },
                        "artifactChanges": changes,
                    }]),
                );
            }
            results.push(Value::Object(r));
        }
    }
    let notes: Vec<Value> = notifications
        .iter()
        .map(|(file, reason)| {
            json!({
                "level": "note",
                "message": { "text": format!("skipped {file}: {reason}") },
                "locations": [{ "physicalLocation": { "artifactLocation": {
                    "uri": path_to_uri(file), "uriBaseId": "%SRCROOT%" } } }],
            })
        })
        .collect();
    let mut run = json!({
        "tool": { "driver": {
            "name": "diagnose",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "language": lang.code(),
            "rules": rules,
        } },
        "columnKind": "utf16CodeUnits",
        "results": results,
        "invocations": [{
            "executionSuccessful": true,
            "toolExecutionNotifications": notes,
        }],
    });
    // The tool's page: the repository named in Cargo.toml (no placeholder when none is).
    let repository = env!("CARGO_PKG_REPOSITORY");
    if repository.starts_with("https://") {
        run["tool"]["driver"]["informationUri"] = json!(repository);
    }
    if let Ok(cwd) = std::env::current_dir() {
        let mut uri = format!(
            "file://{}",
            path_to_uri(&cwd.to_string_lossy().replace('\\', "/"))
        );
        if !uri.ends_with('/') {
            uri.push('/');
        }
        if !uri.starts_with("file:///") {
            uri = uri.replacen("file://", "file:///", 1);
        }
        run["originalUriBaseIds"] = json!({ "%SRCROOT%": { "uri": uri } });
    }
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [run],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(path_to_uri("a b/c%.yml"), "a%20b/c%25.yml");
        assert_eq!(path_to_uri("grafana/ds.yml"), "grafana/ds.yml");
        assert_eq!(path_to_uri("é.yml"), "%C3%A9.yml");
    }

    #[test]
    fn fingerprints_depend_on_their_parts() {
        let a = fnv1a(&[b"NET001", b"a.yml", b"localhost", b"0"]);
        assert_eq!(a, fnv1a(&[b"NET001", b"a.yml", b"localhost", b"0"]));
        assert_ne!(a, fnv1a(&[b"NET001", b"a.yml", b"localhost", b"1"]));
        assert_ne!(a, fnv1a(&[b"NET001", b"a.ym", b"llocalhost", b"0"]));
    }
}
