//! What every target does with its files: the whole analysis, then every output the
//! core produces (JSON report, short lines, masked source), so that a bad span or offset
//! anywhere panics here rather than in a user's terminal.

// Each target uses one of the decoders; tests/fuzz_regressions.rs uses both.
#![allow(dead_code)]

use diagnose_core::{check, present, Input, Lang, Options};

/// Names that make the core read a text as each kind of file.
pub const NAMES: &[&str] = &[
    "docker-compose.yml",
    "prometheus/prometheus.yml",
    "grafana/provisioning/datasources/datasource.yml",
    "grafana/provisioning/dashboards/dashboards.yml",
    "k8s/deployment.yaml",
    "grafana/dashboards/dashboard.json",
    "prometheus/alert.rules",
    "alertmanager/alertmanager.yml",
    ".env",
    "grafana/grafana.ini",
    "compose.override.yaml",
    "rules/rules.json",
];

pub fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// `kinds` input: the first byte picks the file name, the rest is the text.
pub fn decode_kinds(data: &[u8]) -> Vec<Input> {
    let Some((&which, rest)) = data.split_first() else {
        return Vec::new();
    };
    let name = NAMES[which as usize % NAMES.len()];
    vec![Input::new(name, text_of(rest))]
}

/// `stack` input: files separated by NUL bytes, each `path` + newline + text.
pub fn decode_stack(data: &[u8]) -> Vec<Input> {
    let mut inputs = Vec::new();
    for (i, part) in data.split(|b| *b == 0).enumerate().take(64) {
        let text = text_of(part);
        let (name, body) = match text.split_once('\n') {
            Some((n, b)) if !n.is_empty() && n.len() < 200 => (n.to_string(), b.to_string()),
            _ => (NAMES[i % NAMES.len()].to_string(), text),
        };
        inputs.push(Input::new(name, body));
    }
    inputs
}

pub fn run(inputs: Vec<Input>) {
    let options = Options::default();
    let report = check(inputs, &options);
    for lang in [Lang::En, Lang::Fr] {
        let json = present::json_report(&report, lang);
        assert_eq!(json.diagnostics.len(), report.diagnostics.len());
        for d in &report.diagnostics {
            let _ = present::short_line(&report, d, lang);
        }
    }
    for f in report.workspace.files.iter().filter(|f| f.origin.is_none()) {
        let masked = present::masked_text(&report, f.id);
        assert_eq!(masked.len(), f.text.len(), "masking keeps offsets");
    }
    for d in &report.diagnostics {
        let f = report.file(d.primary.file);
        assert!(
            f.origin.is_none(),
            "diagnostics point at files the user wrote"
        );
        assert!(d.primary.span.start <= d.primary.span.end);
        assert!(
            (d.primary.span.end as usize) <= f.text.len(),
            "span past the end of {}",
            f.path
        );
    }
}
