//! Explains runtime errors (what Grafana, Prometheus, promtool, docker or kubectl print)
//! in terms of the user's own files.
//!
//! The knowledge base is data (`rules/errors/<id>.yaml`, see [`kb`]): each family has
//! patterns, what it means, which component prints it, and its likely causes in order,
//! each with the rule that detects it in files. [`explain`] finds the families whose
//! patterns occur in a text, extracts the text's facts (URL, host, port, resolver, HTTP
//! status, ServiceAccount, path…, see [`facts`]), and, given a [`Report`] of the user's
//! files, keeps the diagnostics of each cause's rule that match those facts, so the
//! confirmed cause comes first with its file and line. No I/O: the CLI and the web app
//! both call it.

pub mod confirm;
pub mod facts;
pub mod kb;
pub mod pattern;
pub(crate) mod texts;
pub mod view;

pub use texts::TEXTS;

pub use facts::{extract, Facts, HostKind, ResolverKind, FACT_NAMES};
pub use kb::{families, family, load_errors, Cause, Component, Condition, Family, Localized};

use crate::Render;
use crate::Report;
use diagnose_text::Lang;
use serde::Serialize;

/// Version of the `explain` JSON output.
pub const JSON_VERSION: u32 = 1;

/// Inputs larger than this are cut: a pasted log is read up to here.
const MAX_TEXT: usize = 1 << 20;
const MAX_LINES: usize = 5000;

/// One family found in the text.
#[derive(Clone, Debug)]
pub struct Match {
    pub family: &'static Family,
    /// Higher is more specific.
    pub score: i32,
    /// The line of the text where the family's best pattern was found.
    pub line: String,
    pub facts: Facts,
    /// The family's causes, those confirmed by the files first.
    pub causes: Vec<CauseMatch>,
}

impl Match {
    pub fn confirmed(&self) -> bool {
        self.causes.iter().any(|c| !c.confirmed.is_empty())
    }
}

#[derive(Clone, Debug)]
pub struct CauseMatch {
    pub cause: &'static Cause,
    /// Indices into `Report::diagnostics`.
    pub confirmed: Vec<usize>,
}

/// Undoes the escaping that log formats add (`\"` in logfmt and JSON logs, HTML
/// entities, ANSI colours), so patterns and facts see the error as Go printed it.
pub fn normalize(text: &str) -> String {
    let mut t = text;
    if t.len() > MAX_TEXT {
        let mut cut = MAX_TEXT;
        while !t.is_char_boundary(cut) {
            cut -= 1;
        }
        t = &t[..cut];
    }
    let mut out = String::with_capacity(t.len());
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // ANSI escape sequences: ESC [ … letter.
            '\u{1b}' => {
                if chars.peek() == Some(&'[') {
                    for d in chars.by_ref() {
                        if d.is_ascii_alphabetic() {
                            break;
                        }
                    }
                }
            }
            '\\' => match chars.peek() {
                Some('"') => {
                    out.push('"');
                    chars.next();
                }
                Some('n') => {
                    out.push('\n');
                    chars.next();
                }
                Some('t') => {
                    out.push(' ');
                    chars.next();
                }
                _ => out.push('\\'),
            },
            '\r' => {}
            _ => out.push(c),
        }
    }
    out.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn condition_holds(c: &Condition, f: &Facts) -> bool {
    match f.get(&c.fact) {
        Some(v) => c
            .values
            .iter()
            .any(|want| want == "*" || want.eq_ignore_ascii_case(&v)),
        None => false,
    }
}

/// Finds the error families in `text`, best first. With a `report` of the user's files,
/// each cause lists the diagnostics that confirm it, confirmed causes first, and matches
/// with a confirmed cause come first.
pub fn explain(text: &str, report: Option<&Report>) -> Vec<Match> {
    let text = normalize(text);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(MAX_LINES)
        .collect();
    let folded: Vec<String> = lines.iter().map(|l| pattern::fold(l)).collect();
    let global = facts::extract(&text);

    let mut found: Vec<Match> = Vec::new();
    for fam in families() {
        let best = folded
            .iter()
            .enumerate()
            .filter_map(|(i, l)| fam.best_pattern(l).map(|w| (w, i)))
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let Some((weight, i)) = best else { continue };
        let mut f = facts::extract(lines[i]);
        f.fill_from(&global);
        if !fam.when.iter().all(|c| condition_holds(c, &f)) {
            continue;
        }
        let score = weight.min(30) as i32 + 10 * fam.when.len() as i32 + fam.priority;
        found.push(Match {
            family: fam,
            score,
            line: lines[i].chars().take(500).collect(),
            facts: f,
            causes: Vec::new(),
        });
    }

    // A refined family replaces the families it refines.
    let mut ancestors: Vec<&str> = Vec::new();
    for m in &found {
        let mut p = m.family.parent.as_deref();
        for _ in 0..16 {
            let Some(id) = p else { break };
            ancestors.push(id);
            p = family(id).and_then(|f| f.parent.as_deref());
        }
    }
    found.retain(|m| !ancestors.contains(&m.family.id.as_str()));

    // Causes that cannot happen in the kind of stack given (compose-only causes for
    // Kubernetes manifests, and the reverse) are left out; with neither or both kinds in
    // the files, all are kept.
    let kinds = report.map(|r| {
        let has = |k: crate::workspace::Kind| r.workspace.docs.iter().any(|d| d.kind == k);
        (
            has(crate::workspace::Kind::Compose),
            has(crate::workspace::Kind::Kubernetes),
        )
    });
    let applies = |c: &Cause| {
        !matches!(
            (kinds, c.stack.as_deref()),
            (Some((false, true)), Some("compose")) | (Some((true, false)), Some("kubernetes"))
        )
    };
    for m in &mut found {
        let mut causes: Vec<CauseMatch> = m
            .family
            .causes
            .iter()
            .filter(|c| applies(c))
            .map(|c| CauseMatch {
                cause: c,
                confirmed: match (report, &c.rule) {
                    (Some(r), Some(rule)) => confirm::confirmations(r, rule, &m.facts),
                    _ => Vec::new(),
                },
            })
            .collect();
        causes.sort_by_key(|c| c.confirmed.is_empty());
        m.causes = causes;
    }
    found.sort_by(|a, b| {
        b.confirmed()
            .cmp(&a.confirmed())
            .then(b.score.cmp(&a.score))
            .then(a.family.id.cmp(&b.family.id))
    });
    found
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct JsonConfirmation {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub code: &'static str,
    pub message: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct JsonCause {
    /// The rule that detects this cause in files, or null when no rule does.
    pub rule: Option<String>,
    /// Its code, when the rule is registered.
    pub code: Option<&'static str>,
    pub text: String,
    pub confirmed: Vec<JsonConfirmation>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct JsonMatch {
    pub id: String,
    pub title: String,
    /// Where this error is printed, in the output language.
    pub component: String,
    pub components: Vec<&'static str>,
    pub summary: String,
    pub meaning: String,
    /// The line of the input that matched.
    pub matched: String,
    pub facts: serde_json::Map<String, serde_json::Value>,
    pub causes: Vec<JsonCause>,
    pub sources: Vec<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct JsonExplanation {
    pub version: u32,
    pub matches: Vec<JsonMatch>,
}

/// The component names of a family, in `lang`, comma-separated.
pub fn component_names(f: &Family, lang: Lang) -> String {
    f.components
        .iter()
        .map(|c| crate::catalog::text(c.text_id(), lang).unwrap_or(c.id()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Facts as a JSON object (ports and statuses as numbers).
pub fn facts_json(f: &Facts) -> serde_json::Map<String, serde_json::Value> {
    f.entries()
        .into_iter()
        .map(|(k, v)| {
            let val = match (k, v.parse::<u64>()) {
                ("port" | "status", Ok(n)) => serde_json::Value::from(n),
                _ => serde_json::Value::from(v),
            };
            (k.to_string(), val)
        })
        .collect()
}

pub fn json_confirmation(report: &Report, index: usize, lang: Lang) -> Option<JsonConfirmation> {
    let d = report.diagnostics.get(index)?;
    let (line, column, end_line, end_column) =
        crate::present::range(report, d.primary.file, d.primary.span);
    Some(JsonConfirmation {
        file: report.file(d.primary.file).path.clone(),
        line,
        column,
        end_line,
        end_column,
        code: d.code,
        message: d.message.render(lang),
    })
}

/// The versioned JSON shape shared by the CLI (`diagnose explain --format json`) and the
/// web app.
pub fn json(matches: &[Match], report: Option<&Report>, lang: Lang) -> JsonExplanation {
    JsonExplanation {
        version: JSON_VERSION,
        matches: matches
            .iter()
            .map(|m| JsonMatch {
                id: m.family.id.clone(),
                title: m.family.title.get(lang).to_string(),
                component: component_names(m.family, lang),
                components: m.family.components.iter().map(|c| c.id()).collect(),
                summary: m.family.summary.get(lang).to_string(),
                meaning: m.family.meaning.get(lang).to_string(),
                matched: m.line.clone(),
                facts: facts_json(&m.facts),
                causes: m
                    .causes
                    .iter()
                    .map(|c| JsonCause {
                        rule: c.cause.rule.clone(),
                        code: c
                            .cause
                            .rule
                            .as_deref()
                            .and_then(diagnose_rules::registry::find)
                            .map(|r| r.code),
                        text: c.cause.text.get(lang).to_string(),
                        confirmed: match report {
                            Some(r) => c
                                .confirmed
                                .iter()
                                .filter_map(|i| json_confirmation(r, *i, lang))
                                .collect(),
                            None => Vec::new(),
                        },
                    })
                    .collect(),
                sources: m.family.sources.clone(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knowledge_base_loads() {
        assert!(load_errors().is_empty(), "{:#?}", load_errors());
        assert!(families().len() >= 30, "{} families", families().len());
    }

    #[test]
    fn normalizes_log_escapes() {
        let t = normalize(
            "error=\"Post \\\"http://x:9090/api\\\": EOF\" \u{1b}[31mred\u{1b}[0m &#34;q&#34;",
        );
        assert_eq!(t, "error=\"Post \"http://x:9090/api\": EOF\" red \"q\"");
    }

    #[test]
    fn refined_family_replaces_its_parent() {
        let m = explain(
            "Get \"http://localhost:9100/metrics\": dial tcp 127.0.0.1:9100: connect: connection refused",
            None,
        );
        assert_eq!(m[0].family.id, "connection-refused-localhost");
        assert!(m.iter().all(|m| m.family.id != "connection-refused"));
    }

    /// Fragments of real errors glued to odd characters never make the explainer panic.
    #[test]
    fn odd_input_never_panics() {
        let frags = [
            "lookup ",
            " on ",
            ": no such host",
            "dial tcp ",
            "[",
            "]:",
            "http://",
            "é",
            "日本",
            "\u{a0}",
            "\"",
            "\\\"",
            " is forbidden",
            "User \"",
            "system:serviceaccount:",
            " cannot ",
            "resource \"",
            "in the namespace \"",
            " was not found",
            "Datasource ",
            "GF_PATHS_DATA='",
            ": permission denied",
            "job name ",
            "\" is not a valid hostname",
            "Bind for ",
            " failed",
            "listen tcp4 ",
            "404 ",
            "status=",
            "->",
            "read tcp ",
            "\n",
            "\u{1b}[",
            "&#34;",
            ":",
            "/",
        ];
        for a in frags {
            for b in frags {
                for c in ["", "x", "é:", "127.0.0.11:53"] {
                    let t = format!("{a}{b}{c}{a}");
                    let _ = explain(&t, None);
                    let _ = facts::extract(&t);
                }
            }
        }
        let long = "dial tcp 10.0.0.1:1: connect: connection refused\n".repeat(20_000);
        assert_eq!(explain(&long, None)[0].family.id, "connection-refused-ip");
    }

    #[test]
    fn nothing_for_unrelated_text() {
        assert!(explain("hello world", None).is_empty());
        assert!(explain("", None).is_empty());
    }
}
