//! Checks Prometheus makes after unmarshalling a section: required keys, conflicts, name
//! validation schemes, OTLP attributes, headers, queues and scrape protocols.

use super::*;

impl Walker<'_, '_> {
    /// Checks beyond keys and types, per section.
    pub(super) fn semantics(&mut self, node: &Node, sec: &'static Sec, _path: &str) {
        if sec.http {
            // Each section validates its HTTP settings from some release on (service
            // discoveries mostly from 2.48), some not even in the newest.
            if let Some(since) = version::http_validated_since(sec.name) {
                if version::applies(self.reader.as_ref(), Some(since)) {
                    self.http_client(node);
                }
            }
        }
        if std::ptr::eq(sec, &schema::SCRAPE) {
            match node.get("job_name") {
                Some(j) if j.as_str().is_some_and(|s| !s.is_empty()) => {}
                Some(j) => {
                    let d = self.report(j.span, msg!("PROM004.job-name-missing"));
                    d.note(msg!("PROM004.note-job-name"));
                }
                None => {
                    let span = node.entries().first().map_or(node.span, |e| e.key.span);
                    let d = self.report(span, msg!("PROM004.job-name-missing"));
                    d.note(msg!("PROM004.note-job-name"));
                }
            }
        }
        if std::ptr::eq(sec, &schema::SCRAPE) {
            // `params` is `url.Values`: every value is a list.
            for e in node.get("params").map(Node::entries).unwrap_or_default() {
                if !e.value.is_null() && !e.value.is_seq() {
                    let k = e.key.as_str().unwrap_or("params").to_string();
                    self.type_error(&k, &e.value, "PROM004.expect-list");
                }
            }
        }
        if std::ptr::eq(sec, &schema::SCRAPE) || std::ptr::eq(sec, &schema::ALERTMANAGER) {
            if let Some(s) = node.get("scheme") {
                if let Some(v) = s.as_str() {
                    let l = v.to_ascii_lowercase();
                    if l != "http" && l != "https" {
                        let d = self.report(s.span, msg!("PROM004.scheme", value = v));
                        d.note(msg!("PROM004.note-scheme", value = l));
                    }
                }
            }
        }
        if std::ptr::eq(sec, &schema::RELABEL) {
            self.relabel(node);
        }
        if std::ptr::eq(sec, &schema::K8S_SD) {
            self.kubernetes_sd(node);
        }
        if std::ptr::eq(sec, &schema::K8S_SELECTOR) {
            self.k8s_selector_syntax(node);
        }
        self.discovery(node, sec);
        for (s, name) in [
            (&schema::REMOTE_WRITE, "remote_write"),
            (&schema::REMOTE_READ, "remote_read"),
        ] {
            if std::ptr::eq(sec, s) {
                if node.get("url").is_none_or(Node::is_null) {
                    let span = node.entries().first().map_or(node.span, |e| e.key.span);
                    let d = self.report(span, msg!("PROM004.url-missing", section = name));
                    d.note(msg!("PROM004.note-url", section = name));
                }
                self.headers(node.get("headers"), true);
            }
        }
        if std::ptr::eq(sec, &schema::TRACING) {
            self.headers(node.get("headers"), false);
            if node
                .get("endpoint")
                .is_none_or(|n| n.as_str().is_none_or(str::is_empty))
            {
                let span = node.entries().first().map_or(node.span, |e| e.key.span);
                let d = self.report(
                    span,
                    msg!("PROM004.required", section = "tracing", key = "endpoint"),
                );
                d.note(msg!("PROM004.note-required", key = "endpoint"));
            }
        }
        if std::ptr::eq(sec, &schema::QUEUE)
            && version::applies(
                self.reader.as_ref(),
                Some(version::check_since("queue-config-positive")),
            )
        {
            self.queue(node);
        }
        if std::ptr::eq(sec, &schema::RETENTION) {
            if let Some(v) = node.get("percentage") {
                if let Some(x) = plain(v).and_then(|s| s.parse::<f64>().ok()) {
                    if !(0.0..=100.0).contains(&x) {
                        let d = self.report(
                            v.span,
                            msg!(
                                "PROM004.percentage",
                                key = "percentage",
                                value = plain(v).unwrap_or("")
                            ),
                        );
                        d.note(msg!("PROM004.note-value"));
                    }
                }
            }
        }
        if std::ptr::eq(sec, &schema::OTLP) {
            let on = node
                .get("promote_all_resource_attributes")
                .and_then(Node::as_bool)
                == Some(true);
            let has = |k: &str| node.get(k).is_some_and(|n| !n.items().is_empty());
            if on && has("promote_resource_attributes") {
                let span = node
                    .entry("promote_resource_attributes")
                    .map_or(node.span, |e| e.key.span);
                let d = self.report(
                    span,
                    msg!(
                        "PROM004.conflict",
                        a = "promote_all_resource_attributes",
                        b = "promote_resource_attributes"
                    ),
                );
                d.note(msg!("PROM004.note-conflict"));
            }
            let list = if on {
                "ignore_resource_attributes"
            } else {
                "promote_resource_attributes"
            };
            self.otel_attributes(node.get(list), list);
            if !on && has("ignore_resource_attributes") {
                let span = node
                    .entry("ignore_resource_attributes")
                    .map_or(node.span, |e| e.key.span);
                let d = self.report(
                    span,
                    msg!(
                        "PROM004.requires",
                        a = "ignore_resource_attributes",
                        b = "promote_all_resource_attributes: true"
                    ),
                );
                d.note(msg!("PROM004.note-value"));
            }
        }
        if std::ptr::eq(sec, &schema::GLOBAL) || std::ptr::eq(sec, &schema::SCRAPE) {
            self.scrape_protocols(node.get("scrape_protocols"));
        }
        if std::ptr::eq(sec, &schema::ROOT) {
            self.root(node);
        }
        for (s, keys) in REQUIRED {
            if std::ptr::eq(sec, *s) {
                for k in *keys {
                    if !is_set(node, k) {
                        let span = node.entries().first().map_or(node.span, |e| e.key.span);
                        let d =
                            self.report(span, msg!("PROM004.required", section = s.name, key = k));
                        d.note(msg!("PROM004.note-required", key = k));
                    }
                }
            }
        }
    }

    /// `sanitizeAttributes`: no empty name, no name twice (after trimming spaces).
    pub(super) fn otel_attributes(&mut self, list: Option<&Node>, key: &str) {
        let mut seen: Vec<&str> = Vec::new();
        for it in list.map(Node::items).unwrap_or_default() {
            let Some(v) = it.as_str().or(it.is_null().then_some("")) else {
                continue;
            };
            let v = v.trim();
            if v.is_empty() {
                let d = self.report(it.span, msg!("PROM004.attr-empty", key = key));
                d.note(msg!("PROM004.note-value"));
            } else if seen.contains(&v) {
                let d = self.report(it.span, msg!("PROM004.attr-duplicate", key = key, name = v));
                d.note(msg!("PROM004.note-value"));
            } else {
                seen.push(v);
            }
        }
    }

    /// What `Load` and `ScrapeConfig.Validate` refuse about metric name schemes: an OTLP
    /// translation that keeps UTF-8 names while validation is `legacy`, and
    /// `allow-utf-8` escaping for a job whose validation is `legacy`.
    pub(super) fn name_schemes(&mut self, root: &Node) {
        // The default validation is `utf8` from Prometheus 3 on; the keys came after.
        if self.major().is_some_and(|m| m < 3) {
            return;
        }
        let global = root.get("global");
        let g_valid = global
            .and_then(|g| g.get_str("metric_name_validation_scheme"))
            .unwrap_or("utf8");
        let g_escape = global.and_then(|g| g.get("metric_name_escaping_scheme"));
        if g_valid == "legacy" {
            if let Some(t) = root.path(&["otlp", "translation_strategy"]) {
                let v = t.as_str().unwrap_or("");
                if matches!(v, "NoTranslation" | "NoUTF8EscapingWithSuffixes") {
                    let d = self.report(t.span, msg!("PROM004.otlp-strategy-legacy", value = v));
                    d.note(msg!("PROM004.note-value"));
                }
            }
        }
        for job in root
            .get("scrape_configs")
            .map(Node::items)
            .unwrap_or_default()
        {
            let valid = job.get_str("metric_name_validation_scheme");
            let escape = job.get("metric_name_escaping_scheme");
            // (the escaping node that asks for UTF-8, the validation in effect)
            let culprit = match (escape, valid) {
                (Some(e), v) => {
                    (e.as_str() == Some("allow-utf-8")).then_some((e, v.unwrap_or(g_valid)))
                }
                (None, None) => g_escape
                    .filter(|e| e.as_str() == Some("allow-utf-8"))
                    .map(|e| (e, g_valid)),
                (None, Some(_)) => None,
            };
            if let Some((e, v)) = culprit {
                if v != "utf8" {
                    let name = job.get_str("job_name").unwrap_or("");
                    // Point at the job when the setting comes from `global`.
                    let span = if escape.is_some() {
                        e.span
                    } else {
                        job.entry("job_name").map_or(job.span, |x| x.value.span)
                    };
                    let file = self.file;
                    let d = self.report(span, msg!("PROM004.escaping-utf8-legacy", job = name));
                    d.note(msg!("PROM004.note-escaping"));
                    d.help(msg!("PROM004.help-escaping"));
                    if escape.is_none() {
                        d.related(file, e.span, msg!("PROM004.label-escaping"));
                    }
                }
            }
        }
    }

    pub(super) fn headers(&mut self, headers: Option<&Node>, remote: bool) {
        for e in headers.map(Node::entries).unwrap_or_default() {
            let Some(h) = e.key.as_str() else { continue };
            let l = h.to_ascii_lowercase();
            if l == "authorization" {
                let d = self.report(e.key.span, msg!("PROM004.auth-header"));
                d.note(msg!("PROM004.note-value"));
                if remote {
                    d.help(msg!("PROM004.help-auth-header"));
                }
            } else if RESERVED_HEADERS.contains(&l.as_str()) {
                let d = self.report(e.key.span, msg!("PROM004.reserved-header", header = h));
                d.note(msg!("PROM004.note-value"));
            }
        }
    }

    pub(super) fn queue(&mut self, node: &Node) {
        let int = |k: &str| node.get(k).and_then(Node::as_i64);
        for k in [
            "max_shards",
            "min_shards",
            "max_samples_per_send",
            "capacity",
        ] {
            if int(k).is_some_and(|v| v <= 0) {
                let span = node.get(k).map_or(node.span, |n| n.span);
                let d = self.report(span, msg!("PROM004.positive", key = k));
                d.note(msg!("PROM004.note-value"));
            }
        }
        let min = int("min_shards").unwrap_or(1);
        let max = int("max_shards").unwrap_or(50);
        if min > 0 && max > 0 && min > max {
            let span = node
                .get("min_shards")
                .or(node.get("max_shards"))
                .map_or(node.span, |n| n.span);
            let d = self.report(
                span,
                msg!(
                    "PROM004.order",
                    a = "min_shards",
                    va = min,
                    b = "max_shards",
                    vb = max
                ),
            );
            d.note(msg!("PROM004.note-value"));
        }
        let dur = |k: &str, def: u64| {
            node.get(k)
                .and_then(Node::as_str)
                .map_or(Some(def), parse_duration)
        };
        if let (Some(lo), Some(hi)) = (dur("min_backoff", 30), dur("max_backoff", 5000)) {
            if hi < lo {
                let va = node.get_str("min_backoff").unwrap_or("30ms").to_string();
                let vb = node.get_str("max_backoff").unwrap_or("5s").to_string();
                let span = node
                    .get("max_backoff")
                    .or(node.get("min_backoff"))
                    .map_or(node.span, |n| n.span);
                let d = self.report(
                    span,
                    msg!(
                        "PROM004.order",
                        a = "min_backoff",
                        va = va,
                        b = "max_backoff",
                        vb = vb
                    ),
                );
                d.note(msg!("PROM004.note-value"));
            }
        }
    }

    pub(super) fn scrape_protocols(&mut self, list: Option<&Node>) {
        let mut seen: Vec<String> = Vec::new();
        for it in list.map(Node::items).unwrap_or_default() {
            let Some(v) = it.as_str() else { continue };
            if !SCRAPE_PROTOCOLS.contains(&v) {
                let d = self.report(it.span, msg!("PROM004.scrape-protocol", value = v));
                d.note(msg!("PROM004.note-enum"));
                let list = code_list(SCRAPE_PROTOCOLS);
                match SCRAPE_PROTOCOLS.iter().find(|p| p.eq_ignore_ascii_case(v)) {
                    Some(p) => d.help(msg!("PROM004.help-suggest", suggestion = p)),
                    None => d.help(msg!("PROM004.help-action", allowed = list)),
                };
            } else if seen.contains(&v.to_ascii_lowercase()) {
                let d = self.report(it.span, msg!("PROM004.scrape-protocol-dup", value = v));
                d.note(msg!("PROM004.note-enum"));
            }
            seen.push(v.to_ascii_lowercase());
        }
    }
}
