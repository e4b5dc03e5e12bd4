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

use crate::explain;
use crate::{check, Input, Level, Options, Report, Workspace};
use diagnose_model::prometheus::PromConfig;
use diagnose_model::workspace::Kind;
use diagnose_model::{Runtime, Stack};
use diagnose_rules::diagnostic::{Diagnostic, Label};
use diagnose_rules::{registry, Rule};
use diagnose_syntax::source::Span;
use diagnose_syntax::Node;
use diagnose_text::{msg, texts, Message, Text};
use serde_json::Value;
use std::sync::OnceLock;

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

/// Texts of the probe command (the CLI's errors and notes).
pub static TEXTS: &[Text] = texts! {
    "probe.refused" => "cannot reach `{url}`: connection refused (nothing listens on that port; is it running?)",
        "impossible de joindre `{url}`\u{a0}: connexion refusée (rien n’écoute sur ce port\u{a0}; est-il lancé\u{a0}?)";
    "probe.dns" => "cannot reach `{url}`: unknown host name `{host}`",
        "impossible de joindre `{url}`\u{a0}: nom d’hôte inconnu `{host}`";
    "probe.tls" => "cannot reach `{url}`: TLS error: {error}",
        "impossible de joindre `{url}`\u{a0}: erreur TLS\u{a0}: {error}";
    "probe.tls-plain" => "cannot reach `{url}`: the server answers in plain HTTP, not TLS: use `http://`",
        "impossible de joindre `{url}`\u{a0}: le serveur répond en HTTP simple, pas en TLS\u{a0}: utilisez `http://`";
    "probe.timeout" => "cannot reach `{url}`: no answer within {seconds} seconds",
        "impossible de joindre `{url}`\u{a0}: pas de réponse en {seconds} secondes";
    "probe.unauthorized" => "`{url}` answered HTTP {status}: set `DIAGNOSE_PROBE_USER` and `DIAGNOSE_PROBE_PASSWORD` (basic auth) or `DIAGNOSE_PROBE_TOKEN` (bearer token)",
        "`{url}` a répondu HTTP {status}\u{a0}: définissez `DIAGNOSE_PROBE_USER` et `DIAGNOSE_PROBE_PASSWORD` (basic auth) ou `DIAGNOSE_PROBE_TOKEN` (jeton bearer)";
    "probe.unknown-server" => "`{url}` is neither Prometheus nor Alertmanager: `{path}` answered HTTP {status}",
        "`{url}` n’est ni Prometheus ni Alertmanager\u{a0}: `{path}` a répondu HTTP {status}";
    "probe.other" => "cannot reach `{url}`: {error}", "impossible de joindre `{url}`\u{a0}: {error}";
    "probe.partial" => "`{url}{path}` could not be read ({reason}); the rest was checked",
        "`{url}{path}` n’a pas pu être lu ({reason})\u{a0}; le reste a été vérifié";
    "probe.found" => "`{url}`: {program} {version}", "`{url}`\u{a0}: {program} {version}";
    "probe.unreachable-summary" => "{n} of the servers could not be probed", "{n} des serveurs n’ont pas pu être interrogés";
};

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
    fn ws(&self) -> &Workspace {
        &self.files.workspace
    }

    /// A place in the file the user wrote (through ConfigMaps and Markdown blocks).
    fn place(&self, file: diagnose_syntax::source::FileId, span: Span) -> Option<Place> {
        let (f, s) = self.ws().resolve_written(file, span)?;
        Some(Place {
            path: self.ws().file(f).path.clone(),
            span: s,
        })
    }

    fn loaded_place(&mut self, i: usize, span: Span) -> Place {
        self.loaded[i].used = true;
        Place {
            path: self.loaded[i].path.clone(),
            span,
        }
    }

    /// The user's Prometheus config that the server runs: the one mounted at the path of
    /// `--config.file`, else the file of that name, else the one whose jobs match best
    /// (or the only one).
    fn user_config(&self, config_file: &str, running: Option<&Node>) -> Option<&PromConfig> {
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

    fn prometheus(&mut self, server: &Probed) {
        let flags = server.data("/api/v1/status/flags");
        let runtime = server.data("/api/v1/status/runtimeinfo");
        let config_file = str_of(&flags, "config.file").to_string();
        let yaml = str_of(&server.data("/api/v1/status/config"), "yaml").to_string();
        let root = (!yaml.is_empty())
            .then(|| diagnose_syntax::parse_yaml(&yaml).0.into_iter().next())
            .flatten()
            .map(|d| d.root);
        self.loaded.push(Loaded {
            path: format!("{}/api/v1/status/config", server.server),
            text: yaml,
            root,
            used: false,
        });
        let li = self.loaded.len() - 1;
        let cfg_file = self
            .user_config(&config_file, self.loaded[li].root.as_ref())
            .map(|c| c.file);
        self.targets(server, li, cfg_file);
        self.rules(server, li);
        self.alertmanagers(server, li, cfg_file);
        if let Some(file) = cfg_file {
            let lifecycle = str_of(&flags, "web.enable-lifecycle") == "true";
            let mut notes = Vec::new();
            let written = &self.ws().file(self.ws().root_file(file)).path;
            let disk_name = basename(&self.ws().file(file).path);
            if !config_file.is_empty() && basename(&config_file) != disk_name {
                notes.push(msg!(
                    "PROM010.other-file",
                    server = server.server,
                    path = config_file
                ));
            } else if !config_file.is_empty() {
                notes.push(msg!(
                    "PROM010.reads",
                    server = server.server,
                    path = config_file,
                    time = str_of(&runtime, "lastConfigTime")
                ));
            }
            if runtime.get("reloadConfigSuccess") == Some(&Value::Bool(false)) {
                notes.push(msg!("PROM010.reload-failed"));
            }
            let help = if lifecycle {
                msg!("PROM010.help.lifecycle", server = server.server)
            } else {
                msg!("PROM010.help")
            };
            let _ = written;
            self.config_differs(
                file,
                li,
                dirname(&config_file),
                Program::Prometheus,
                notes,
                help,
            );
        }
    }

    fn config_differs(
        &mut self,
        file: diagnose_syntax::source::FileId,
        li: usize,
        base: Option<&str>,
        program: Program,
        notes: Vec<Message>,
        help: Message,
    ) {
        let Some(running) = &self.loaded[li].root else {
            return;
        };
        let Some(doc) = self.ws().docs.iter().find(|d| d.file == file) else {
            return;
        };
        let diffs = diff::differences(&doc.root, running, base);
        let Some(first) = diffs.first() else { return };
        let Some(at) = self.place(file, first.span) else {
            return;
        };
        let message = match &first.kind {
            diff::DiffKind::Changed { running, disk } => msg!(
                "PROM010.changed",
                program = program.name(),
                key = first.key,
                running = running,
                disk = disk
            ),
            diff::DiffKind::Added => {
                msg!("PROM010.added", program = program.name(), key = first.key)
            }
            diff::DiffKind::Removed => {
                msg!("PROM010.removed", program = program.name(), key = first.key)
            }
        };
        let mut notes = notes;
        if diffs.len() > 1 {
            notes.insert(0, msg!("PROM010.more", n = diffs.len() - 1));
        }
        self.findings.push(Finding {
            rule: &diagnose_rules::prometheus::running_config_differs::RULE,
            at,
            message,
            notes,
            help: Some(help),
            related: Vec::new(),
        });
    }

    fn targets(
        &mut self,
        server: &Probed,
        li: usize,
        cfg: Option<diagnose_syntax::source::FileId>,
    ) {
        let data = server.data("/api/v1/targets");
        let targets = data
            .get("activeTargets")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for t in targets {
            if str_of(&t, "health") != "down" {
                continue;
            }
            let job = str_of(&t, "scrapePool");
            let job = if job.is_empty() {
                t.pointer("/labels/job")
                    .and_then(Value::as_str)
                    .unwrap_or("")
            } else {
                job
            };
            let address = t
                .pointer("/discoveredLabels/__address__")
                .and_then(Value::as_str)
                .or_else(|| t.pointer("/labels/instance").and_then(Value::as_str))
                .unwrap_or("");
            let error = str_of(&t, "lastError");
            let mut sd = None;
            // In the user's file: the target, else the job's discovery block, else the job.
            let mut at = None;
            if let Some(file) = cfg {
                let root = self
                    .ws()
                    .docs
                    .iter()
                    .find(|d| d.file == file)
                    .map(|d| d.root.clone());
                if let Some(j) = root.as_deref().and_then(|r| job_node(r, job)) {
                    let span = if let Some(n) = static_target(j, address) {
                        Some(n.span)
                    } else if let Some((k, s)) = sd_block(j) {
                        sd = Some(k.to_string());
                        Some(s)
                    } else {
                        j.get("job_name").map(|n| n.span)
                    };
                    at = span.and_then(|s| self.place(file, s));
                }
            }
            let mut notes = Vec::new();
            let at = match at {
                Some(a) => a,
                None => {
                    let span = self.loaded[li].root.as_ref().and_then(|r| {
                        let j = job_node(r, job)?;
                        Some(match static_target(j, address) {
                            Some(n) => n.span,
                            None => {
                                if let Some((k, s)) = sd_block(j) {
                                    sd = Some(k.to_string());
                                    s
                                } else {
                                    j.get("job_name").map_or(j.span, |n| n.span)
                                }
                            }
                        })
                    });
                    notes.push(msg!("PROM009.no-file", server = server.server));
                    self.loaded_place(li, span.unwrap_or_default())
                }
            };
            let message = match &sd {
                Some(sd) => msg!(
                    "PROM009.discovered",
                    target = address,
                    job = job,
                    sd = sd,
                    error = error
                ),
                None => msg!(
                    "PROM009.message",
                    target = address,
                    job = job,
                    error = error
                ),
            };
            notes.insert(
                0,
                msg!(
                    "PROM009.scraped",
                    url = str_of(&t, "scrapeUrl"),
                    when = str_of(&t, "lastScrape")
                ),
            );
            let mut f = Finding {
                rule: &diagnose_rules::prometheus::scrape_target_down::RULE,
                at,
                message,
                notes,
                help: None,
                related: Vec::new(),
            };
            if !self.explain_into(error, &mut f) {
                f.notes.push(msg!("PROM009.unexplained"));
            }
            self.findings.push(f);
        }
    }

    /// Adds the knowledge base's explanation of `error` (and its likely cause, confirmed
    /// by the files first) to a finding. False when the error is not in the base.
    fn explain_into(&self, error: &str, f: &mut Finding) -> bool {
        let matches = explain::explain(error, Some(self.files));
        let Some(m) = matches.first() else {
            return false;
        };
        if let Some(id) = kb_id(&m.family.id, None) {
            f.notes.push(Message::new(id));
        }
        // Only a cause the files confirm: the knowledge base's causes are for every kind
        // of stack, and an unconfirmed one would often be wrong here (`diagnose explain`
        // lists them all).
        let cause = m.causes.iter().find(|c| !c.confirmed.is_empty());
        if let Some(c) = cause {
            let i = m
                .family
                .causes
                .iter()
                .position(|x| std::ptr::eq(x, c.cause));
            if let Some(id) = i.and_then(|i| kb_id(&m.family.id, Some(i))) {
                f.help = Some(Message::new(id));
            }
            for &i in &c.confirmed {
                let d = &self.files.diagnostics[i];
                let place = Place {
                    path: self.ws().file(d.primary.file).path.clone(),
                    span: d.primary.span,
                };
                f.related.push((place, d.message.clone()));
            }
        }
        true
    }

    fn rules(&mut self, server: &Probed, li: usize) {
        let data = server.data("/api/v1/rules");
        let groups = data
            .get("groups")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for g in groups {
            let group = str_of(&g, "name");
            let gfile = str_of(&g, "file");
            for r in g
                .get("rules")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
            {
                if str_of(&r, "health") != "err" {
                    continue;
                }
                let name = str_of(&r, "name");
                let error = str_of(&r, "lastError");
                let at = self.rule_place(gfile, group, name).unwrap_or_else(|| {
                    let span = self.loaded[li]
                        .root
                        .as_ref()
                        .and_then(|root| {
                            let items = root.get("rule_files")?.items();
                            items
                                .iter()
                                .find(|n| {
                                    n.as_str().is_some_and(|p| {
                                        diagnose_syntax::glob::glob_match(p, gfile)
                                    })
                                })
                                .or(items.first())
                                .map(|n| n.span)
                        })
                        .unwrap_or_default();
                    self.loaded_place(li, span)
                });
                let mut f = Finding {
                    rule: &diagnose_rules::prometheus::rule_evaluation_failing::RULE,
                    at,
                    message: msg!("PROM011.message", rule = name, group = group, error = error),
                    notes: vec![msg!("PROM011.file", server = server.server, file = gfile)],
                    help: Some(msg!("PROM011.help", server = server.server)),
                    related: Vec::new(),
                };
                let help = f.help.take();
                if !self.explain_into(error, &mut f) {
                    f.help = help;
                }
                self.findings.push(f);
            }
        }
    }

    /// The `expr` of the rule `name` of group `group` in the user's rule files (the file
    /// of the same name first).
    fn rule_place(&self, gfile: &str, group: &str, name: &str) -> Option<Place> {
        let mut docs: Vec<_> = self.ws().docs_of(Kind::PrometheusRules).collect();
        docs.sort_by_key(|d| basename(&self.ws().file(d.file).path) != basename(gfile));
        for d in docs {
            for g in d.root.get("groups").map(Node::items).unwrap_or_default() {
                if g.get_str("name") != Some(group) {
                    continue;
                }
                for r in g.get("rules").map(Node::items).unwrap_or_default() {
                    let rn = r.get_str("alert").or_else(|| r.get_str("record"));
                    if rn == Some(name) {
                        let n = r.get("expr").unwrap_or(r);
                        return self.place(d.file, n.span);
                    }
                }
            }
        }
        None
    }

    fn alertmanagers(
        &mut self,
        server: &Probed,
        li: usize,
        cfg: Option<diagnose_syntax::source::FileId>,
    ) {
        let data = server.data("/api/v1/alertmanagers");
        if data.is_null() {
            return;
        }
        let urls = |k: &str| -> Vec<String> {
            data.get(k)
                .and_then(Value::as_array)
                .map(|a| a.iter().map(|x| str_of(x, "url").to_string()).collect())
                .unwrap_or_default()
        };
        let active = urls("activeAlertmanagers");
        let dropped = urls("droppedAlertmanagers");
        let authority = |u: &str| -> String {
            let rest = u.split_once("://").map_or(u, |(_, r)| r);
            rest.split('/').next().unwrap_or(rest).to_string()
        };
        // Configured targets: the user's file, else the loaded config.
        let mut configured: Vec<(String, Place)> = Vec::new();
        if let Some(c) = cfg.and_then(|f| self.stack.prometheus.iter().find(|c| c.file == f)) {
            let list: Vec<_> = c.alertmanagers.clone();
            for t in list {
                if let Some(p) = self.place(t.file, t.span) {
                    configured.push((t.value.clone(), p));
                }
            }
        } else if let Some(root) = &self.loaded[li].root {
            let mut found = Vec::new();
            for am in root
                .path(&["alerting", "alertmanagers"])
                .map(Node::items)
                .unwrap_or_default()
            {
                for sc in am
                    .get("static_configs")
                    .map(Node::items)
                    .unwrap_or_default()
                {
                    for t in sc.get("targets").map(Node::items).unwrap_or_default() {
                        if let Some(s) = t.as_str() {
                            found.push((s.to_string(), t.span));
                        }
                    }
                }
            }
            for (s, span) in found {
                let p = Place {
                    path: self.loaded[li].path.clone(),
                    span,
                };
                configured.push((s, p));
            }
        }
        let metrics = server.text("/metrics").unwrap_or("");
        for (target, at) in configured {
            let url = active.iter().find(|u| authority(u) == target);
            let message = match url {
                None => msg!("AM002.message", target = target),
                Some(u) => {
                    // Positive evidence only: every send since start failed.
                    let errors = metric(metrics, "prometheus_notifications_errors_total", u);
                    let tries =
                        metric(metrics, "prometheus_notifications_latency_seconds_count", u);
                    match (errors, tries) {
                        (Some(e), Some(n)) if e > 0.0 && e >= n => {
                            msg!("AM002.failing", target = target, errors = e)
                        }
                        _ => continue,
                    }
                }
            };
            let mut notes = Vec::new();
            if active.is_empty() {
                notes.push(msg!("AM002.none"));
            } else {
                let list: Vec<String> = active.iter().map(|u| format!("`{u}`")).collect();
                notes.push(msg!("AM002.active", list = list.join(", ")));
            }
            if !dropped.is_empty() {
                notes.push(msg!("AM002.dropped", n = dropped.len()));
            }
            if at.path == self.loaded[li].path {
                self.loaded[li].used = true;
                notes.push(msg!("PROM009.no-file", server = server.server));
            }
            let mut f = Finding {
                rule: &diagnose_rules::alertmanager::alertmanager_not_discovered::RULE,
                at,
                message,
                notes,
                help: Some(msg!("AM002.help", target = target)),
                related: Vec::new(),
            };
            if url.is_some() {
                // The send error itself is in Prometheus' log, not in its API.
                f.help = Some(msg!("AM002.help", target = target));
            }
            self.findings.push(f);
        }
    }

    fn alertmanager(&mut self, server: &Probed) {
        let status = server.data("/api/v2/status");
        let original = status
            .pointer("/config/original")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let root = (!original.is_empty())
            .then(|| diagnose_syntax::parse_yaml(&original).0.into_iter().next())
            .flatten()
            .map(|d| d.root);
        self.loaded.push(Loaded {
            path: format!("{}/api/v2/status", server.server),
            text: original,
            root,
            used: false,
        });
        let li = self.loaded.len() - 1;
        let docs: Vec<_> = self
            .ws()
            .docs_of(Kind::Alertmanager)
            .map(|d| d.file)
            .collect();
        let file = match docs.as_slice() {
            [one] => Some(*one),
            _ => docs
                .iter()
                .copied()
                .find(|f| basename(&self.ws().file(*f).path).starts_with("alertmanager.")),
        };
        if let Some(file) = file {
            self.config_differs(
                file,
                li,
                None,
                Program::Alertmanager,
                Vec::new(),
                msg!("PROM010.help.lifecycle", server = server.server),
            );
        }
    }
}

/// A sample of Prometheus' text exposition: `name{alertmanager="url"} value`.
fn metric(text: &str, name: &str, url: &str) -> Option<f64> {
    let label = format!("alertmanager=\"{url}\"");
    text.lines()
        .filter(|l| l.starts_with(name) && l[name.len()..].starts_with('{') && l.contains(&label))
        .find_map(|l| l.rsplit(' ').next()?.parse().ok())
}

/// The knowledge base's texts as catalogue entries, so explanations render in either
/// language: `probe.kb.<family>` ("title: summary") and `probe.kb.<family>.cause.<i>`.
pub fn kb_texts() -> &'static [Text] {
    static T: OnceLock<Vec<Text>> = OnceLock::new();
    T.get_or_init(|| {
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        let mut v = Vec::new();
        for f in explain::families() {
            v.push(Text {
                id: leak(format!("probe.kb.{}", f.id)),
                en: leak(format!("{}: {}", f.title.en.trim(), f.summary.en.trim())),
                fr: leak(format!(
                    "{}\u{a0}: {}",
                    f.title.fr.trim(),
                    f.summary.fr.trim()
                )),
            });
            for (i, c) in f.causes.iter().enumerate() {
                v.push(Text {
                    id: leak(format!("probe.kb.{}.cause.{i}", f.id)),
                    en: leak(format!("likely cause: {}", c.text.en.trim())),
                    fr: leak(format!("cause probable\u{a0}: {}", c.text.fr.trim())),
                });
            }
        }
        v
    })
}

fn kb_id(family: &str, cause: Option<usize>) -> Option<&'static str> {
    let id = match cause {
        None => format!("probe.kb.{family}"),
        Some(i) => format!("probe.kb.{family}.cause.{i}"),
    };
    kb_texts().iter().find(|t| t.id == id).map(|t| t.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_notification_counters() {
        let m = "prometheus_notifications_errors_total{alertmanager=\"http://a:9093/api/v2/alerts\"} 3\nprometheus_notifications_errors_total_x{alertmanager=\"http://a:9093/api/v2/alerts\"} 9\n";
        assert_eq!(
            metric(
                m,
                "prometheus_notifications_errors_total",
                "http://a:9093/api/v2/alerts"
            ),
            Some(3.0)
        );
        assert_eq!(
            metric(m, "prometheus_notifications_errors_total", "http://b"),
            None
        );
    }

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

    #[test]
    fn knowledge_base_texts_render_in_both_languages() {
        let id = kb_id("connection-refused", None).unwrap();
        let m = Message::new(id);
        use crate::Render;
        assert!(m
            .render(diagnose_text::Lang::En)
            .starts_with("Connection refused: "));
        assert!(m
            .render(diagnose_text::Lang::Fr)
            .starts_with("Connexion refusée\u{a0}: "));
    }
}
