//! HTTP client settings (TLS, auth, proxies, OAuth2) and relabel configs.

use super::*;

impl Walker<'_, '_> {
    /// `HTTPClientConfig.Validate` (prometheus/common): mutually exclusive credentials.
    pub(super) fn http_client(&mut self, node: &Node) {
        let set = |k: &str| {
            node.get(k)
                .is_some_and(|v| !v.is_null() && v.as_str() != Some(""))
        };
        let pairs: &[(&str, &str)] = &[
            ("bearer_token", "bearer_token_file"),
            ("basic_auth", "bearer_token"),
            ("basic_auth", "bearer_token_file"),
            ("oauth2", "bearer_token"),
            ("oauth2", "bearer_token_file"),
            ("authorization", "bearer_token"),
            ("authorization", "bearer_token_file"),
            ("authorization", "basic_auth"),
            ("authorization", "oauth2"),
            ("oauth2", "basic_auth"),
        ];
        let mut done = false;
        for (a, b) in pairs {
            if done {
                break;
            }
            if set(a) && set(b) {
                let span = node.entry(b).map_or(node.span, |e| e.key.span);
                let d = self.report(span, msg!("PROM004.conflict", a = a, b = b));
                d.note(msg!("PROM004.note-conflict"));
                done = true;
            }
        }
        if let Some(o) = node.get("oauth2").filter(|o| o.is_map()) {
            for k in ["client_id", "token_url"] {
                if o.get(k)
                    .is_none_or(|v| v.is_null() || v.as_str() == Some(""))
                {
                    let span = node.entry("oauth2").map_or(o.span, |e| e.key.span);
                    let d =
                        self.report(span, msg!("PROM004.required", section = "oauth2", key = k));
                    d.note(msg!("PROM004.note-required", key = k));
                }
            }
        }
        if let Some(t) = node.path(&["authorization", "type"]) {
            if t.as_str()
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("basic"))
            {
                let d = self.report(t.span, msg!("PROM004.auth-type-basic"));
                d.note(msg!("PROM004.note-value"));
                d.help(msg!("PROM004.help-auth-type-basic"));
            }
        }
        for (sec, a, b) in [
            ("basic_auth", "password", "password_file"),
            ("basic_auth", "username", "username_file"),
            ("authorization", "credentials", "credentials_file"),
        ] {
            if let Some(s) = node.get(sec) {
                let has = |k: &str| {
                    s.get(k)
                        .is_some_and(|v| !v.is_null() && v.as_str() != Some(""))
                };
                if has(a) && has(b) {
                    let span = s.entry(b).map_or(s.span, |e| e.key.span);
                    let d = self.report(span, msg!("PROM004.conflict", a = a, b = b));
                    d.note(msg!("PROM004.note-conflict"));
                }
            }
        }
    }

    pub(super) fn relabel(&mut self, node: &Node) {
        let action_node = node.get("action");
        let action = match action_node {
            None => "replace".to_string(),
            Some(a) => match a.as_str() {
                Some(s) => s.to_ascii_lowercase(),
                None if a.is_scalar() => {
                    let d = self.report(a.span, msg!("PROM004.relabel-empty-action"));
                    d.note(msg!("PROM004.note-relabel"));
                    return;
                }
                None => return,
            },
        };
        if action.is_empty() {
            let d = self.report(
                action_node.map_or(node.span, |a| a.span),
                msg!("PROM004.relabel-empty-action"),
            );
            d.note(msg!("PROM004.note-relabel"));
            return;
        }
        if !RELABEL_ACTIONS.contains(&action.as_str()) {
            let list = code_list(RELABEL_ACTIONS);
            let raw = action_node.and_then(Node::as_str).unwrap_or("").to_string();
            let d = self.report(
                action_node.map_or(node.span, |a| a.span),
                msg!("PROM004.relabel-action", action = raw),
            );
            d.note(msg!("PROM004.note-relabel"));
            match schema::suggest(&action, RELABEL_ACTIONS) {
                Some(s) => d.help(msg!("PROM004.help-suggest", suggestion = s)),
                None => d.help(msg!("PROM004.help-action", allowed = list)),
            };
            return;
        }
        if let (Some(r), Some(since)) = (self.reader.clone(), version::action_since(&action)) {
            if r.older_than(since) {
                let span = action_node.map_or(node.span, |a| a.span);
                let what = format!("action: {action}");
                self.report_too_new(&r, &what, since, span, "PROM004.note-too-new-action");
                return;
            }
        }
        let anchor = action_node.map_or_else(
            || node.entries().first().map_or(node.span, |e| e.key.span),
            |a| a.span,
        );
        let target = node
            .get("target_label")
            .and_then(Node::as_str)
            .unwrap_or("");
        let a = action.as_str();
        if matches!(
            a,
            "replace" | "hashmod" | "lowercase" | "uppercase" | "keepequal" | "dropequal"
        ) && target.is_empty()
        {
            let d = self.report(anchor, msg!("PROM004.relabel-target", action = a));
            d.note(msg!("PROM004.note-relabel"));
            return;
        }
        let modulus_zero = match node.get("modulus") {
            None => true,
            Some(m) => {
                m.is_null() || plain(m).is_some_and(|v| v.parse::<f64>().is_ok_and(|x| x < 1.0))
            }
        };
        if a == "hashmod" && modulus_zero {
            let d = self.report(anchor, msg!("PROM004.relabel-modulus"));
            d.note(msg!("PROM004.note-relabel"));
        }
        let is_default = |k: &str, default: &str| match node.get(k) {
            None => true,
            Some(v) => match &v.value {
                Value::Scalar(s, _) => {
                    s == default && !v.is_null() || (v.is_null() && default.is_empty())
                }
                _ => false,
            },
        };
        if matches!(a, "labelkeep" | "labeldrop") {
            let offending = [
                (
                    "source_labels",
                    node.get("source_labels").is_some_and(|n| !n.is_null()),
                ),
                ("target_label", !target.is_empty()),
                (
                    "modulus",
                    node.get("modulus").and_then(Node::as_i64).unwrap_or(0) != 0,
                ),
                ("separator", !is_default("separator", ";")),
                ("replacement", !is_default("replacement", "$1")),
            ];
            if let Some((k, _)) = offending.iter().find(|(_, bad)| *bad) {
                let span = node.entry(k).map_or(anchor, |e| e.key.span);
                let d = self.report(
                    span,
                    msg!("PROM004.relabel-only-regex", action = a, key = k),
                );
                d.note(msg!("PROM004.note-relabel"));
            }
        }
        if matches!(a, "keepequal" | "dropequal") {
            let offending = [
                // Go compares the compiled default by pointer: any `regex` is refused.
                ("regex", node.get("regex").is_some_and(|n| !n.is_null())),
                (
                    "modulus",
                    node.get("modulus").and_then(Node::as_i64).unwrap_or(0) != 0,
                ),
                ("separator", !is_default("separator", ";")),
                ("replacement", !is_default("replacement", "$1")),
            ];
            if let Some((k, _)) = offending.iter().find(|(_, bad)| *bad) {
                let span = node.entry(k).map_or(anchor, |e| e.key.span);
                let d = self.report(
                    span,
                    msg!("PROM004.relabel-only-labels", action = a, key = k),
                );
                d.note(msg!("PROM004.note-relabel"));
            }
        }
        if matches!(a, "lowercase" | "uppercase") && !is_default("replacement", "$1") {
            let span = node.entry("replacement").map_or(anchor, |e| e.key.span);
            let d = self.report(span, msg!("PROM004.relabel-replacement", action = a));
            d.note(msg!("PROM004.note-relabel"));
        }
        if self.legacy && !target.is_empty() {
            let valid = if a == "replace" {
                legacy_target_with_vars(target)
            } else {
                legacy_label_name(target)
            };
            if !valid {
                let span = node.get("target_label").map_or(anchor, |t| t.span);
                let d = self.report(span, msg!("PROM004.target-label", label = target));
                d.note(msg!("PROM004.note-target-label"));
            }
        }
    }
}
