//! Per server: the config a Prometheus or an Alertmanager loaded, against the file on
//! disk (`running-config-differs`), and the dispatch to the other findings.

use super::{basename, diff, dirname, str_of, Finding, Loaded, Probe, Probed, Program};
use diagnose_model::workspace::Kind;
use diagnose_syntax::source::FileId;
use diagnose_text::{msg, Message};
use serde_json::Value;

impl Probe<'_> {
    pub(super) fn prometheus(&mut self, server: &Probed) {
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
        file: FileId,
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
            let id = if diffs.len() == 2 {
                "PROM010.more.one"
            } else {
                "PROM010.more"
            };
            notes.insert(0, msg!(id, n = diffs.len() - 1));
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

    pub(super) fn alertmanager(&mut self, server: &Probed) {
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
