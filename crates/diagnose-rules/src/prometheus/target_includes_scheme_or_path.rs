use super::common::read_by_prometheus;
use crate::diagnostic::{Applicability, Edit, Severity};
use crate::{Ctx, FixKind, Rule};
use diagnose_model::net::parse_address;
use diagnose_syntax::source::{FileId, Span};
use diagnose_syntax::{Node, Style};
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "PROM002",
    name: "target-includes-scheme-or-path",
    domain: "prometheus",
    severity: Severity::Error,
    fix: FixKind::Safe,
    messages: texts! {
        "PROM002.message" => "target `{target}` includes a scheme or a path; a target is only `host:port`",
            "la cible `{target}` contient un schéma ou un chemin ; une cible n’est que `hôte:port`";
        "PROM002.note" => "Prometheus refuses to load the file: `\"{target}\" is not a valid hostname`",
            "Prometheus refuse de charger le fichier : `\"{target}\" is not a valid hostname`";
        "PROM002.note-relabel" => "the relabelling rules do not rewrite `__address__`, so Prometheus drops the target with the same error",
            "les règles de relabelling ne réécrivent pas `__address__` : Prometheus écarte la cible avec la même erreur";
        "PROM002.help-scrape" => "write the target as `{hostport}` and put the rest in the job: `scheme: {scheme}`, `metrics_path: {path}`",
            "écrivez la cible `{hostport}` et mettez le reste dans le job : `scheme: {scheme}`, `metrics_path: {path}`";
        "PROM002.help-am" => "write the target as `{hostport}` and put the rest in the Alertmanager entry: `scheme: {scheme}`, `path_prefix: {path}`",
            "écrivez la cible `{hostport}` et mettez le reste dans l’entrée Alertmanager : `scheme: {scheme}`, `path_prefix: {path}`";
        "PROM002.fix" => "move the scheme and path out of the target", "sortir le schéma et le chemin de la cible";
    },
    check,
};

fn check(cx: &mut Ctx<'_>) {
    for p in &cx.stack.prometheus {
        if !read_by_prometheus(cx.stack, p.file) {
            continue;
        }
        for job in p
            .root
            .get("scrape_configs")
            .map(Node::items)
            .unwrap_or_default()
        {
            section(cx, p.file, job, false);
        }
        for am in p
            .root
            .path(&["alerting", "alertmanagers"])
            .map(Node::items)
            .unwrap_or_default()
        {
            section(cx, p.file, am, true);
        }
    }
}

/// Whether a relabelling rule may write `__address__` (then the target is only an input).
fn rewrites_address(sec: &Node) -> bool {
    sec.get("relabel_configs")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .any(|r| {
            let action = r
                .get_str("action")
                .unwrap_or("replace")
                .to_ascii_lowercase();
            action == "labelmap"
                || r.get_str("target_label")
                    .is_some_and(|t| t == "__address__" || t.contains('$'))
        })
}

struct Bad<'a> {
    node: &'a Node,
    raw: String,
    hostport: String,
    scheme: String,
    path: String,
}

fn section(cx: &mut Ctx<'_>, file: FileId, sec: &Node, am: bool) {
    if !sec.is_map() || rewrites_address(sec) {
        return;
    }
    let has_relabel = !sec
        .get("relabel_configs")
        .map(Node::items)
        .unwrap_or_default()
        .is_empty();
    let mut bad = Vec::new();
    for sc in sec
        .get("static_configs")
        .map(Node::items)
        .unwrap_or_default()
    {
        for t in sc.get("targets").map(Node::items).unwrap_or_default() {
            let Some(raw) = t.as_str() else { continue };
            if !raw.contains('/') {
                continue;
            }
            let Some(a) = parse_address(raw) else {
                continue;
            };
            let hostport = match a.port {
                Some(p) if a.host.contains(':') => format!("[{}]:{p}", a.host),
                Some(p) => format!("{}:{p}", a.host),
                None => a.host.clone(),
            };
            let default_scheme = sec.get_str("scheme").unwrap_or("http").to_string();
            bad.push(Bad {
                node: t,
                raw: raw.to_string(),
                hostport,
                scheme: a.scheme.clone().unwrap_or(default_scheme),
                path: if a.path.is_empty() {
                    if am {
                        "/".into()
                    } else {
                        sec.get_str("metrics_path")
                            .unwrap_or("/metrics")
                            .to_string()
                    }
                } else {
                    a.path.clone()
                },
            });
        }
    }
    // One fix for the job, carried by its first diagnostic.
    let mut fix = if am {
        None
    } else {
        fix_edits(cx, file, sec, &bad)
    };
    for b in &bad {
        let d = cx.report(file, b.node.span, msg!("PROM002.message", target = b.raw));
        d.note(msg!("PROM002.note", target = b.raw));
        if has_relabel {
            d.note(msg!("PROM002.note-relabel"));
        }
        if am {
            d.help(msg!(
                "PROM002.help-am",
                hostport = b.hostport,
                scheme = b.scheme,
                path = b.path
            ));
        } else {
            d.help(msg!(
                "PROM002.help-scrape",
                hostport = b.hostport,
                scheme = b.scheme,
                path = b.path
            ));
        }
        if let Some(edits) = fix.take() {
            d.fix(msg!("PROM002.fix"), Applicability::Safe, edits);
        }
    }
}

/// One fix for the whole job: every bad target rewritten, `scheme` and `metrics_path` set
/// when they differ from the job's. Only when all bad targets agree on scheme and path,
/// the path has no query string, and the file is not embedded in a manifest.
fn fix_edits(cx: &Ctx<'_>, file: FileId, job: &Node, bad: &[Bad<'_>]) -> Option<Vec<Edit>> {
    let first = bad.first()?;
    if cx.ws.file(file).origin.is_some()
        || bad
            .iter()
            .any(|b| b.scheme != first.scheme || b.path != first.path)
        || first.path.contains(['?', '#'])
        || !(first.scheme == "http" || first.scheme == "https")
    {
        return None;
    }
    let mut edits = Vec::new();
    for b in bad {
        let span = b.node.span;
        let inner = match b.node.style()? {
            Style::Plain if span.len() == b.raw.len() => span,
            Style::SingleQuoted | Style::DoubleQuoted if span.len() == b.raw.len() + 2 => {
                span.sub(1, span.len() - 1)
            }
            _ => return None,
        };
        edits.push(Edit {
            file,
            span: inner,
            replacement: b.hostport.clone(),
        });
    }
    let cur_scheme = job.get_str("scheme").unwrap_or("http");
    let cur_path = job.get_str("metrics_path").unwrap_or("/metrics");
    let mut lines = Vec::new();
    if first.scheme != cur_scheme {
        if job.get("scheme").is_some() {
            return None;
        }
        lines.push(format!("scheme: {}", first.scheme));
    }
    if first.path != cur_path {
        if job.get("metrics_path").is_some() {
            return None;
        }
        lines.push(format!("metrics_path: {}", first.path));
    }
    if !lines.is_empty() {
        // Insert before the `static_configs` key, at its indentation.
        let key = &job.entry("static_configs")?.key;
        let text = &cx.ws.file(file).text;
        let start = key.span.start as usize;
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let prefix = &text[line_start..start];
        if !prefix.chars().all(|c| c == ' ' || c == '-') {
            return None;
        }
        let indent = " ".repeat(prefix.chars().count());
        let mut ins = String::new();
        for l in lines {
            ins.push_str(&l);
            ins.push('\n');
            ins.push_str(&indent);
        }
        edits.push(Edit {
            file,
            span: Span::empty(start),
            replacement: ins,
        });
    }
    Some(edits)
}
