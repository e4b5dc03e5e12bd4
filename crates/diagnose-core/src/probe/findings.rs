//! What a running Prometheus reports: targets down (`scrape-target-down`), rules that
//! fail (`rule-evaluation-failing`), Alertmanagers it does not reach
//! (`alertmanager-not-discovered`).

use super::basename;
use super::kb::kb_id;
use super::{job_node, sd_block, static_target, str_of, Finding, Place, Probe, Probed};
use crate::explain;
use diagnose_model::workspace::Kind;
use diagnose_syntax::source::FileId;
use diagnose_syntax::Node;
use diagnose_text::{msg, Message};
use serde_json::Value;

impl Probe<'_> {
    pub(super) fn targets(&mut self, server: &Probed, li: usize, cfg: Option<FileId>) {
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

    pub(super) fn rules(&mut self, server: &Probed, li: usize) {
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

    pub(super) fn alertmanagers(&mut self, server: &Probed, li: usize, cfg: Option<FileId>) {
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
}

/// A sample of Prometheus' text exposition: `name{alertmanager="url"} value`.
fn metric(text: &str, name: &str, url: &str) -> Option<f64> {
    let label = format!("alertmanager=\"{url}\"");
    text.lines()
        .filter(|l| l.starts_with(name) && l[name.len()..].starts_with('{') && l.contains(&label))
        .find_map(|l| l.rsplit(' ').next()?.parse().ok())
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
}
