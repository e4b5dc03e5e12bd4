use super::common::{container_yaml, covers};
use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::grafana::{grafana_containers, ini_value, GrafanaAt, GrafanaContainer};
use diagnose_model::workspace::Workspace;
use diagnose_model::Stack;
use diagnose_syntax::paths;
use diagnose_syntax::source::{FileId, Span};
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "GRAF007",
    name: "grafana-default-admin-password",
    domain: "grafana",
    severity: Severity::Warning,
    fix: FixKind::None,
    messages: texts! {
        "GRAF007.message-default" => "the Grafana admin password is Grafana's well-known default",
            "le mot de passe admin de Grafana est celui par défaut, connu de tous";
        "GRAF007.message-literal" => "the Grafana admin password is written in clear in `{key}`",
            "le mot de passe admin de Grafana est écrit en clair dans `{key}`";
        "GRAF007.message-fallback" => "the Grafana admin password falls back to a password written in this file when `{var}` is not set",
            "le mot de passe admin de Grafana retombe sur un mot de passe écrit dans ce fichier quand `{var}` n’est pas défini";
        "GRAF007.message-env-file" => "the Grafana admin password of `{container}` is written in clear in `.env` (`{var}`)",
            "le mot de passe admin de Grafana de `{container}` est écrit en clair dans `.env` (`{var}`)";
        "GRAF007.message-unset" => "`{container}` sets no Grafana admin password, so Grafana starts with admin/admin",
            "`{container}` ne définit aucun mot de passe admin pour Grafana : Grafana démarre donc avec admin/admin";
        "GRAF007.note-default" => "admin/admin is the first login anyone tries; Grafana only suggests changing it at the first login, and the prompt can be skipped",
            "admin/admin est le premier identifiant que tout le monde essaie ; Grafana propose seulement de le changer à la première connexion, et on peut passer cette étape";
        "GRAF007.note-literal" => "a password written in a configuration file ends up in version control and in every copy of the project",
            "un mot de passe écrit dans un fichier de configuration finit dans le gestionnaire de versions et dans chaque copie du projet";
        "GRAF007.help-compose" => "read it from a secret file with `GF_SECURITY_ADMIN_PASSWORD__FILE` (compose `secrets:`), or require it from the environment with `${{GRAFANA_ADMIN_PASSWORD:?}}`",
            "lisez-le depuis un fichier secret avec `GF_SECURITY_ADMIN_PASSWORD__FILE` (`secrets:` de compose), ou exigez-le depuis l’environnement avec `${{GRAFANA_ADMIN_PASSWORD:?}}`";
        "GRAF007.help-k8s" => "read it from a Secret: `valueFrom.secretKeyRef`, or a mounted Secret with `GF_SECURITY_ADMIN_PASSWORD__FILE`",
            "lisez-le depuis un Secret : `valueFrom.secretKeyRef`, ou un Secret monté avec `GF_SECURITY_ADMIN_PASSWORD__FILE`";
        "GRAF007.help-ini" => "use `admin_password = $__file{{/run/secrets/grafana_admin_password}}` or `$__env{{…}}` instead of the value",
            "utilisez `admin_password = $__file{{/run/secrets/grafana_admin_password}}` ou `$__env{{…}}` à la place de la valeur";
        "GRAF007.label-used" => "used by `{container}` here", "utilisé par `{container}` ici";
    },
    check,
};

const KEY: &str = "GF_SECURITY_ADMIN_PASSWORD";

fn check(cx: &mut Ctx<'_>) {
    let containers = grafana_containers(cx.ws, cx.stack);
    for c in &containers {
        check_container(cx, c);
    }
    // grafana.ini files: `[security] admin_password`.
    for f in cx.ws.files.iter() {
        if f.origin.is_some() {
            continue;
        }
        // Every name below ends with `.ini`: the other files are passed over at once.
        let path = f.path.as_bytes();
        if path.len() < 4 || !path[path.len() - 4..].eq_ignore_ascii_case(b".ini") {
            continue;
        }
        let name = f.name().to_ascii_lowercase();
        let seen = || {
            containers.iter().any(|c| {
                cx.stack
                    .runtimes(f.id)
                    .iter()
                    .any(|rt| c.sees(rt).is_some())
            })
        };
        if !(name == "grafana.ini" || name == "custom.ini" || seen()) {
            continue;
        }
        let Some((value, span)) = ini_value(&f.text, "security", "admin_password") else {
            continue;
        };
        if value.is_empty() || value.starts_with("$__") || is_placeholder(&value) {
            continue;
        }
        let d = if value == "admin" {
            let d = cx.report(f.id, span, msg!("GRAF007.message-default"));
            d.note(msg!("GRAF007.note-default"));
            d
        } else {
            let d = cx.report(
                f.id,
                span,
                msg!("GRAF007.message-literal", key = "admin_password"),
            );
            d.note(msg!("GRAF007.note-literal"));
            d
        };
        d.help(msg!("GRAF007.help-ini"));
    }
}

fn check_container(cx: &mut Ctx<'_>, c: &GrafanaContainer) {
    let env = c.env(cx.stack);
    if env
        .iter()
        .any(|(k, ..)| k == "GF_SECURITY_ADMIN_PASSWORD__FILE")
    {
        return;
    }
    let k8s = matches!(c.at, GrafanaAt::K8s { .. });
    let help = if k8s {
        msg!("GRAF007.help-k8s")
    } else {
        msg!("GRAF007.help-compose")
    };
    let Some((_, value, file, span)) = env.iter().rev().find(|(k, ..)| k == KEY).cloned() else {
        if password_unknown(cx.ws, cx.stack, c) {
            return;
        }
        let d = cx.report(
            c.file,
            c.span,
            msg!("GRAF007.message-unset", container = c.name),
        );
        d.severity = Severity::Info;
        d.note(msg!("GRAF007.note-default"));
        d.help(help);
        return;
    };
    if value.is_none() {
        return; // Kubernetes valueFrom
    }
    let (raw, vspan) = raw_value(cx.text(file, span), span);
    match source_of(cx.stack, c, &raw) {
        Source::Literal => {
            let value = value.unwrap_or_default();
            if value.is_empty() || is_placeholder(&value) {
                return;
            }
            report_literal(cx, file, vspan, &value, KEY, help);
        }
        Source::Fallback(var) => {
            let value = value.unwrap_or_default();
            let d = cx.report(file, vspan, msg!("GRAF007.message-fallback", var = var));
            if value == "admin" {
                d.note(msg!("GRAF007.note-default"));
            } else {
                d.note(msg!("GRAF007.note-literal"));
            }
            d.help(help);
        }
        Source::EnvFile(var) => {
            if value.as_deref().is_some_and(is_placeholder) {
                return;
            }
            let Some((ef, es)) = env_file_span(cx, c, &var) else {
                return;
            };
            let d = cx.report(
                ef,
                es,
                msg!("GRAF007.message-env-file", container = c.name, var = var),
            );
            if value.as_deref() == Some("admin") {
                d.note(msg!("GRAF007.note-default"));
            } else {
                d.note(msg!("GRAF007.note-literal"));
            }
            d.help(help);
            d.related(file, vspan, msg!("GRAF007.label-used", container = c.name));
        }
        Source::Outside => {}
    }
}

/// A value written for the reader to replace (`<password>`, `<YOUR_ADMIN_PASSWORD>`): no
/// Grafana runs with it, so it is no password written in clear.
fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    v.len() > 2 && v.starts_with('<') && v.ends_with('>') && !v[1..v.len() - 1].contains(['<', '>'])
}

fn report_literal(
    cx: &mut Ctx<'_>,
    file: FileId,
    span: Span,
    value: &str,
    key: &str,
    help: diagnose_text::Message,
) {
    if value.contains("$(") {
        return; // Kubernetes dependent variable
    }
    let d = if value == "admin" {
        let d = cx.report(file, span, msg!("GRAF007.message-default"));
        d.note(msg!("GRAF007.note-default"));
        d
    } else {
        let d = cx.report(file, span, msg!("GRAF007.message-literal", key = key));
        d.note(msg!("GRAF007.note-literal"));
        d
    };
    d.help(help);
}

/// The value as written (without quotes and without `KEY=` for list items), and its span.
fn raw_value(text: &str, span: Span) -> (String, Span) {
    let quoted = text.len() >= 2
        && ((text.starts_with('"') && text.ends_with('"'))
            || (text.starts_with('\'') && text.ends_with('\'')));
    let (inner, off) = if quoted {
        (&text[1..text.len() - 1], 1)
    } else {
        (text, 0)
    };
    let prefix = format!("{KEY}=");
    match inner.strip_prefix(&prefix) {
        Some(v) => (
            v.to_string(),
            span.sub(off + prefix.len(), off + prefix.len() + v.len()),
        ),
        None => (inner.to_string(), span),
    }
}

enum Source {
    /// Written in the file.
    Literal,
    /// `${VAR:-literal}` with `VAR` not in `.env`.
    Fallback(String),
    /// `${VAR}` set in the project's `.env`.
    EnvFile(String),
    /// From the environment at deploy time, or required (`${VAR:?}`).
    Outside,
}

fn source_of(stack: &Stack, c: &GrafanaContainer, raw: &str) -> Source {
    if !raw.contains('$') {
        return Source::Literal;
    }
    let GrafanaAt::Compose { project, .. } = c.at else {
        return Source::Outside; // Kubernetes has no interpolation of its own
    };
    let env = &stack.compose[project].env;
    let (name, op, arg) =
        if let Some(body) = raw.strip_prefix("${").and_then(|r| r.strip_suffix('}')) {
            let ops = [":-", ":?", "-", "?"];
            match ops.iter().find_map(|op| body.find(op).map(|i| (i, *op))) {
                Some((i, op)) => (&body[..i], op, &body[i + op.len()..]),
                None => (body, "", ""),
            }
        } else if let Some(n) = raw.strip_prefix('$') {
            (n, "", "")
        } else {
            return Source::Outside;
        };
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Source::Outside;
    }
    let set = env
        .get(name)
        .is_some_and(|v| !v.is_empty() || !op.starts_with(':'));
    if set {
        return Source::EnvFile(name.to_string());
    }
    match op {
        ":-" | "-" if !arg.contains('$') && !arg.is_empty() => Source::Fallback(name.to_string()),
        _ => Source::Outside,
    }
}

/// The span of `VAR`'s value in the compose project's `.env`.
fn env_file_span(cx: &Ctx<'_>, c: &GrafanaContainer, var: &str) -> Option<(FileId, Span)> {
    let GrafanaAt::Compose { project, .. } = c.at else {
        return None;
    };
    let dir = &cx.stack.compose[project].dir;
    let f = cx
        .ws
        .files
        .iter()
        .find(|f| f.origin.is_none() && f.dir() == dir && f.name() == ".env")?;
    let mut found = None;
    for (start, line) in diagnose_syntax::strings::lines_at(&f.text) {
        let t = line.trim_start();
        let lead = line.len() - t.len();
        let t2 = t.strip_prefix("export ").unwrap_or(t);
        let lead = lead + (t.len() - t2.len());
        if let Some((k, v)) = t2.split_once('=') {
            if k.trim() == var {
                let v = v.trim_end_matches(['\n', '\r']).trim_end();
                let vstart = start + lead + k.len() + 1;
                found = Some((f.id, Span::new(vstart, vstart + v.len())));
            }
        }
    }
    found
}

/// The password may be set where the files do not show: an `env_file`, a built image,
/// `envFrom`, a `grafana.ini` that is not in the workspace, command-line `cfg:` flags.
fn password_unknown(ws: &Workspace, stack: &Stack, c: &GrafanaContainer) -> bool {
    if c.built {
        return true;
    }
    let node = container_yaml(stack, c);
    if node.is_some_and(|n| n.get("env_file").is_some() || n.get("envFrom").is_some()) {
        return true;
    }
    let args: Vec<&str> = match c.at {
        GrafanaAt::Compose { project, service } => stack.compose[project].services[service]
            .command
            .iter()
            .map(String::as_str)
            .collect(),
        GrafanaAt::K8s {
            workload,
            container,
        } => stack.k8s.workloads[workload].containers[container]
            .args
            .iter()
            .map(String::as_str)
            .collect(),
        GrafanaAt::Unit(_) => Vec::new(),
    };
    if args.iter().any(|a| a.contains("admin_password")) {
        return true;
    }
    let env = c.env(stack);
    let config = env
        .iter()
        .rev()
        .find(|(k, ..)| k == "GF_PATHS_CONFIG")
        .map(|(_, v, ..)| v.clone().unwrap_or_default())
        .unwrap_or_else(|| "/etc/grafana/grafana.ini".to_string());
    let config = paths::normalize(&config);
    // A config file mounted there: known if it is in the workspace.
    let mounted = c.mounts(stack).iter().any(|m| covers(&m.target, &config));
    if !mounted {
        return false;
    }
    let ini = ws.files.iter().find(|f| {
        stack
            .runtimes(f.id)
            .iter()
            .any(|rt| c.sees(rt).flatten() == Some(config.as_str()))
    });
    match ini {
        // The ini's own value is checked with the ini files.
        Some(f) => {
            ini_value(&f.text, "security", "admin_password").is_some_and(|(v, _)| !v.is_empty())
        }
        None => true,
    }
}
