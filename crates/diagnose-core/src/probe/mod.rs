//! `diagnose probe`: what the running Prometheus and Alertmanager say, pointed at the
//! user's files.
//!
//! The front end fetches the API documents (`/api/v1/targets`, `/api/v1/rules`,
//! `/api/v1/status/config`, `/api/v1/status/flags`, `/api/v1/alertmanagers`,
//! `/api/v1/status/runtimeinfo`, Prometheus' own `/metrics`; Alertmanager's
//! `/api/v2/status`) and hands their bodies here with the files; [`probe`] returns a
//! [`Report`] like `check`'s, so every output format works unchanged. No I/O here.
//!
//! Findings go to the line of the user's file that causes them (the target, the rule, the
//! first differing key). Without files, or when the files lack the job, they go to the
//! configuration the server loaded, shown as a file named after the server
//! (`http://host:9090/api/v1/status/config`).

pub mod diff;
mod findings;
pub mod kb;
pub mod messages;
mod servers;

use crate::{check, Input, Level, Options, Report, Workspace};
use diagnose_model::prometheus::PromConfig;
use diagnose_model::{Runtime, Stack};
use diagnose_rules::diagnostic::{Diagnostic, Label};
use diagnose_rules::{registry, Rule};
use diagnose_syntax::source::Span;
use diagnose_syntax::Node;
use diagnose_text::Message;
use serde_json::Value;

/// The API paths read from a Prometheus server, in the order they are fetched.
pub const PROMETHEUS_PATHS: &[&str] = &[
    "/api/v1/status/runtimeinfo",
    "/api/v1/status/flags",
    "/api/v1/status/config",
    "/api/v1/targets",
    "/api/v1/rules",
    "/api/v1/alertmanagers",
    "/metrics",
];

/// The API paths read from an Alertmanager.
pub const ALERTMANAGER_PATHS: &[&str] = &["/api/v2/status"];

/// Which program answers at a URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Program {
    Prometheus,
    Alertmanager,
}

impl Program {
    pub fn name(self) -> &'static str {
        match self {
            Program::Prometheus => "Prometheus",
            Program::Alertmanager => "Alertmanager",
        }
    }
}

/// The answers of one server.
#[derive(Clone, Debug)]
pub struct Probed {
    /// Base URL, as shown in messages (never with credentials).
    pub server: String,
    pub program: Program,
    /// API path (`/api/v1/targets`) → body.
    pub documents: Vec<(String, String)>,
}

impl Probed {
    fn text(&self, path: &str) -> Option<&str> {
        self.documents
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, t)| t.as_str())
    }

    /// The `data` of a Prometheus API answer (the whole document for Alertmanager's).
    fn data(&self, path: &str) -> Value {
        let Some(v) = self
            .text(path)
            .and_then(|t| serde_json::from_str::<Value>(t).ok())
        else {
            return Value::Null;
        };
        if path.starts_with("/api/v1/") {
            v.get("data").cloned().unwrap_or(Value::Null)
        } else {
            v
        }
    }
}

/// Groups documents named by full URL (`http://prometheus:9090/api/v1/targets`, as in
/// the rule pages' examples) by server.
pub fn from_urls(docs: Vec<(String, String)>) -> Vec<Probed> {
    let mut out: Vec<Probed> = Vec::new();
    for (url, text) in docs {
        let cut = url
            .find("/api/")
            .or_else(|| url.rfind("/metrics"))
            .unwrap_or(url.len());
        let (server, path) = url.split_at(cut);
        let program = if path.starts_with("/api/v2/") {
            Program::Alertmanager
        } else {
            Program::Prometheus
        };
        match out.iter_mut().find(|p| p.server == server) {
            Some(p) => p.documents.push((path.to_string(), text)),
            None => out.push(Probed {
                server: server.to_string(),
                program,
                documents: vec![(path.to_string(), text)],
            }),
        }
    }
    out
}

/// Whether a rule is one that only `diagnose probe` reports.
pub fn is_probe_rule(rule: &Rule) -> bool {
    [
        &diagnose_rules::prometheus::scrape_target_down::RULE,
        &diagnose_rules::prometheus::running_config_differs::RULE,
        &diagnose_rules::prometheus::rule_evaluation_failing::RULE,
        &diagnose_rules::alertmanager::alertmanager_not_discovered::RULE,
    ]
    .iter()
    .any(|r| r.code == rule.code)
}

/// A place before the final workspace exists: a top-level file by path, and a span.
#[derive(Clone, Debug)]
struct Place {
    path: String,
    span: Span,
}

struct Finding {
    rule: &'static Rule,
    at: Place,
    message: Message,
    notes: Vec<Message>,
    help: Option<Message>,
    related: Vec<(Place, Message)>,
}

/// The configuration a server loaded, as a file of the report (added only when a
/// finding points into it).
struct Loaded {
    path: String,
    text: String,
    root: Option<Node>,
    used: bool,
}

struct Probe<'a> {
    files: &'a Report,
    stack: Stack,
    findings: Vec<Finding>,
    loaded: Vec<Loaded>,
}

/// Analyses what the servers answered against the files (which may be none).
pub fn probe(inputs: Vec<Input>, probed: &[Probed], options: &Options) -> Report {
    crate::catalog::register(kb::kb_texts());
    let files = check(inputs.clone(), options);
    let stack = Stack::build(&files.workspace);
    let mut p = Probe {
        files: &files,
        stack,
        findings: Vec::new(),
        loaded: Vec::new(),
    };
    for server in probed {
        match server.program {
            Program::Prometheus => p.prometheus(server),
            Program::Alertmanager => p.alertmanager(server),
        }
    }
    let Probe {
        findings, loaded, ..
    } = p;
    let mut all = inputs;
    all.extend(
        loaded
            .iter()
            .filter(|l| l.used)
            .map(|l| Input::new(l.path.clone(), l.text.clone())),
    );
    let ws = Workspace::new(all);
    let id = |path: &str| {
        ws.files
            .iter()
            .find(|f| ws.is_top_level(f.id) && f.path == path)
            .map(|f| f.id)
    };
    let mut diagnostics = Vec::new();
    for f in findings {
        let severity = match options.level(f.rule) {
            Level::Off => continue,
            Level::On(s) => s,
        };
        let Some(file) = id(&f.at.path) else { continue };
        let mut d = registry::meta_diagnostic(f.rule, file, f.at.span, f.message);
        d.severity = severity;
        d.notes = f.notes;
        d.help = f.help;
        for (place, message) in f.related {
            if let Some(file) = id(&place.path) {
                d.related.push(Label {
                    file,
                    span: place.span,
                    message: Some(message),
                });
            }
        }
        diagnostics.push(d);
    }
    diagnostics.sort_by(|a: &Diagnostic, b: &Diagnostic| {
        (a.primary.file, a.primary.span.start, a.code).cmp(&(
            b.primary.file,
            b.primary.span.start,
            b.code,
        ))
    });
    diagnostics
        .dedup_by(|a, b| a.code == b.code && a.primary == b.primary && a.message == b.message);
    let secrets = crate::secrets::secret_spans(&ws);
    let redactor = crate::present::Redactor::new(&ws, &secrets);
    Report {
        workspace: ws,
        diagnostics,
        secrets,
        redactor,
        _parsed: Default::default(),
    }
}

fn basename(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or(p)
}

fn dirname(p: &str) -> Option<&str> {
    p.rfind('/').map(|i| if i == 0 { "/" } else { &p[..i] })
}

fn job_node<'n>(root: &'n Node, name: &str) -> Option<&'n Node> {
    root.get("scrape_configs")?
        .items()
        .iter()
        .find(|j| j.get_str("job_name") == Some(name))
}

fn static_target<'n>(job: &'n Node, address: &str) -> Option<&'n Node> {
    job.get("static_configs")?
        .items()
        .iter()
        .flat_map(|sc| sc.get("targets").map(Node::items).unwrap_or_default())
        .find(|t| t.as_str() == Some(address))
}

/// The first service discovery block of a job: its key and span.
fn sd_block(job: &Node) -> Option<(&str, Span)> {
    job.entries().iter().find_map(|e| {
        let k = e.key.as_str()?;
        (k.ends_with("_sd_configs") && k != "static_configs").then_some((k, e.key.span))
    })
}

fn str_of<'v>(v: &'v Value, k: &str) -> &'v str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

impl Probe<'_> {
    pub(super) fn ws(&self) -> &Workspace {
        &self.files.workspace
    }

    /// A place in the file the user wrote (through ConfigMaps and Markdown blocks).
    pub(super) fn place(&self, file: diagnose_syntax::source::FileId, span: Span) -> Option<Place> {
        let (f, s) = self.ws().resolve_written(file, span)?;
        Some(Place {
            path: self.ws().file(f).path.clone(),
            span: s,
        })
    }

    pub(super) fn loaded_place(&mut self, i: usize, span: Span) -> Place {
        self.loaded[i].used = true;
        Place {
            path: self.loaded[i].path.clone(),
            span,
        }
    }

    /// The user's Prometheus config that the server runs: the one mounted at the path of
    /// `--config.file`, else the file of that name, else the one whose jobs match best
    /// (or the only one).
    pub(super) fn user_config(
        &self,
        config_file: &str,
        running: Option<&Node>,
    ) -> Option<&PromConfig> {
        let ws = self.ws();
        let mut best: Option<(i32, &PromConfig)> = None;
        let n = self.stack.prometheus.len();
        for c in &self.stack.prometheus {
            let path = &ws.file(c.file).path;
            let mut score = 0;
            if !config_file.is_empty() {
                let mounted = self.stack.runtimes(c.file).iter().any(|rt| match rt {
                    Runtime::Compose { path: Some(p), .. } => p == config_file,
                    Runtime::K8s { path, .. } => path == config_file,
                    _ => false,
                });
                if mounted || path == config_file {
                    score += 100;
                } else if config_file.ends_with(&format!("/{path}")) {
                    score += 50;
                } else if basename(path) == basename(config_file) {
                    score += 20;
                }
            }
            if let Some(r) = running {
                let jobs: Vec<&str> = r
                    .get("scrape_configs")
                    .map(Node::items)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|j| j.get_str("job_name"))
                    .collect();
                score += c
                    .jobs
                    .iter()
                    .filter(|j| {
                        j.name
                            .as_ref()
                            .is_some_and(|n| jobs.contains(&n.value.as_str()))
                    })
                    .count() as i32;
            }
            if (score > 0 || n == 1) && best.is_none_or(|(s, _)| score > s) {
                best = Some((score, c));
            }
        }
        best.map(|(_, c)| c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_group_by_server() {
        let p = from_urls(vec![
            ("http://p:9090/api/v1/targets".into(), "{}".into()),
            ("http://p:9090/metrics".into(), "".into()),
            ("http://am:9093/api/v2/status".into(), "{}".into()),
        ]);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].server, "http://p:9090");
        assert_eq!(p[0].documents.len(), 2);
        assert_eq!(p[1].program, Program::Alertmanager);
    }
}

#[cfg(test)]
mod stack_tests {
    use super::*;
    use crate::Render;
    use diagnose_text::Lang;

    fn targets(address: &str, error: &str) -> String {
        serde_json::json!({"status": "success", "data": {"droppedTargets": [], "activeTargets": [{
            "discoveredLabels": {"__address__": address, "job": "node"},
            "labels": {"instance": address, "job": "node"},
            "scrapePool": "node", "scrapeUrl": format!("http://{address}/metrics"),
            "lastError": error, "lastScrape": "2026-12-04T21:38:00Z", "health": "down"}]}})
        .to_string()
    }

    const CONFIG: &str = "scrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: ['localhost:9100']\n";

    /// Prometheus in a compose container scrapes `localhost:9100`: the files confirm the
    /// cause (NET001), which becomes the help and a related place.
    #[test]
    fn the_files_confirm_the_cause_of_a_target_down() {
        let compose = "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml\n  node-exporter:\n    image: prom/node-exporter:v1.8.1\n";
        let probed = from_urls(vec![(
            "http://127.0.0.1:9090/api/v1/targets".into(),
            targets(
                "localhost:9100",
                "Get \"http://localhost:9100/metrics\": dial tcp [::1]:9100: connect: connection refused",
            ),
        )]);
        let inputs = vec![
            Input::new("compose.yaml", compose),
            Input::new("prometheus.yml", CONFIG),
        ];
        let r = probe(inputs, &probed, &Options::default());
        assert_eq!(r.diagnostics.len(), 1, "{:#?}", r.diagnostics);
        let d = &r.diagnostics[0];
        assert_eq!(d.code, "PROM009");
        assert_eq!(r.file(d.primary.file).path, "prometheus.yml");
        assert_eq!(
            r.file(d.primary.file).slice(d.primary.span),
            "'localhost:9100'"
        );
        let help = d.help.as_ref().expect("a confirmed cause").render(Lang::En);
        assert!(help.starts_with("likely cause: "), "{help}");
        assert!(d.related.iter().any(|l| l
            .message
            .as_ref()
            .is_some_and(|m| m.id.starts_with("NET001"))));
        // On a plain host, nothing confirms a container cause: no guessed help.
        let probed = from_urls(vec![(
            "http://127.0.0.1:9090/api/v1/targets".into(),
            targets(
                "localhost:9100",
                "Get \"http://localhost:9100/metrics\": dial tcp [::1]:9100: connect: connection refused",
            ),
        )]);
        let r = probe(
            vec![Input::new("prometheus.yml", CONFIG)],
            &probed,
            &Options::default(),
        );
        assert_eq!(r.diagnostics.len(), 1);
        assert!(r.diagnostics[0].help.is_none());
        assert!(r.diagnostics[0].related.is_empty());
    }

    /// Garbage answers give nothing, never a panic.
    #[test]
    fn broken_answers_are_silent() {
        for body in [
            "",
            "{",
            "null",
            "[]",
            "{\"data\": 3}",
            "{\"data\": {\"activeTargets\": [1, \"x\", {}]}}",
        ] {
            let mut docs = Vec::new();
            for p in PROMETHEUS_PATHS {
                docs.push((format!("http://p:9090{p}"), body.to_string()));
            }
            docs.push(("http://am:9093/api/v2/status".to_string(), body.to_string()));
            let r = probe(
                vec![Input::new("prometheus.yml", CONFIG)],
                &from_urls(docs),
                &Options::default(),
            );
            assert!(r.diagnostics.is_empty(), "{body}: {:#?}", r.diagnostics);
        }
    }
}
