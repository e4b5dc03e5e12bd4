//! The config file a program will read is provided by no mount, ConfigMap key or
//! `subPath`, and the image does not ship it. Reads the runtime view.

use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::runtime::{Container, MountSource, Place};
use diagnose_model::Stack;
use diagnose_syntax::paths;
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "DC005",
    name: "config-file-not-found",
    domain: "compose",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "DC005.message" => "{program} in `{container}` reads `{path}`, which no mount provides",
            "{program} dans `{container}` lit `{path}`, qu’aucun montage ne fournit";
        "DC005.message-key" => "{program} in `{container}` reads `{path}`, but ConfigMap `{configmap}` has no key `{key}`",
            "{program} dans `{container}` lit `{path}`, mais la ConfigMap `{configmap}` n’a pas de clé `{key}`";
        "DC005.note" => "the image does not ship this file: the program stops at start with `no such file or directory`",
            "l’image ne contient pas ce fichier : le programme s’arrête au démarrage avec `no such file or directory`";
        "DC005.note-default" => "no `--{flag}` flag is given, so the program reads its default `{path}` (relative to the image's working directory)",
            "aucune option `--{flag}` n’est donnée : le programme lit donc son fichier par défaut `{path}` (relatif au répertoire de travail de l’image)";
        "DC005.help" => "mount the file at `{path}`, or point the flag at the path where it is mounted",
            "montez le fichier sur `{path}`, ou faites pointer l’option vers le chemin où il est monté";
    },
    check,
};

fn check(cx: &mut Ctx<'_>) {
    if cx.ws.has_markdown() {
        return;
    }
    let stack = cx.stack;
    for c in &stack.containers {
        for cf in &c.config_files {
            if cf.in_image || c.program == "grafana" {
                continue;
            }
            // Without known image defaults the program's default path is a guess.
            if cf.written.is_none() && c.defaults.is_none_or(|d| d.config.is_empty()) {
                continue;
            }
            if let Place::Compose { project, service } = c.place {
                // An image built here may hold the file.
                if stack.compose[project].services[service].build {
                    continue;
                }
            }
            let Some(problem) = missing(stack, c, &cf.path) else {
                continue;
            };
            let (file, span) = cf.written.unwrap_or((c.image.file, c.image.span));
            let program = c.program.to_string();
            let d = match problem {
                Missing::NoMount => cx.report(
                    file,
                    span,
                    msg!(
                        "DC005.message",
                        program = program,
                        container = c.name.clone(),
                        path = cf.path.clone()
                    ),
                ),
                Missing::NoKey(cm, key) => cx.report(
                    file,
                    span,
                    msg!(
                        "DC005.message-key",
                        program = program,
                        container = c.name.clone(),
                        path = cf.path.clone(),
                        configmap = cm,
                        key = key
                    ),
                ),
            };
            d.note(msg!("DC005.note"));
            if cf.written.is_none() {
                d.note(msg!(
                    "DC005.note-default",
                    flag = "config.file",
                    path = cf.path.clone()
                ));
            }
            d.help(msg!("DC005.help", path = cf.path.clone()));
        }
    }
}

enum Missing {
    NoMount,
    NoKey(String, String),
}

/// Why `path` is known to be absent from the container, if it is.
fn missing(stack: &Stack, c: &Container, path: &str) -> Option<Missing> {
    let Some(m) = c.mount_for(path) else {
        return Some(Missing::NoMount);
    };
    let rel = paths::strip_dir(path, &m.target)?.trim_start_matches('/');
    match (&m.source, &m.sub_path) {
        // A ConfigMap mounted as a folder: the file is one of its keys (or `items` paths).
        (MountSource::ConfigMap(name, items), None) if !rel.is_empty() && !rel.contains('/') => {
            let Place::K8s { workload, .. } = c.place else {
                return None;
            };
            let ns = &stack.k8s.workloads[workload].obj.namespace;
            let obj = stack
                .k8s
                .objects
                .iter()
                .find(|o| o.kind == "ConfigMap" && &o.name == name && &o.namespace == ns)?;
            let present = if items.is_empty() {
                ["data", "binaryData"].iter().any(|k| {
                    obj.node
                        .get(k)
                        .is_some_and(|d| d.entries().iter().any(|e| e.key.as_str() == Some(rel)))
                })
            } else {
                items.iter().any(|(_, p)| p == rel)
            };
            (!present).then(|| Missing::NoKey(name.clone(), rel.to_string()))
        }
        _ => None,
    }
}
