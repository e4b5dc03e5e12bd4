//! The config file a program will read is provided by no mount, ConfigMap key or
//! `subPath`, and the image does not ship it. Reads the runtime view.

use crate::diagnostic::Severity;
use crate::net::common::closest;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::known_paths::{KnownPaths, PathKind};
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
        "DC005.message-folder" => "{program} in `{container}` reads `{path}`, but the mounted folder `{source}` has no `{file}`",
            "{program} dans `{container}` lit `{path}`, mais le dossier monté `{source}` n’a pas de `{file}`";
        "DC005.message-is-dir" => "{program} in `{container}` reads `{path}` as a file, but the mounted `{source}` is a folder",
            "{program} dans `{container}` lit `{path}` comme un fichier, mais `{source}` monté ici est un dossier";
        "DC005.note-is-dir" => "the program stops at start with `read {path}: is a directory`",
            "le programme s’arrête au démarrage avec `read {path}: is a directory`";
        "DC005.help-did-you-mean" => "the folder holds `{file}`: did you mean it?",
            "le dossier contient `{file}` : vouliez-vous dire celui-ci ?";
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
        // A plain server's paths are host paths the checked folder need not hold.
        if matches!(c.place, Place::Unit(_)) {
            continue;
        }
        for cf in &c.config_files {
            // The image's own file counts unless a mount hides it.
            if (cf.in_image && c.mount_for(&cf.path).is_none()) || c.program == "grafana" {
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
            let known = cx.ws.known_paths.as_deref();
            let Some(problem) = missing(stack, known, c, &cf.path) else {
                continue;
            };
            let (file_id, span) = cf.written.unwrap_or((c.image.file, c.image.span));
            let program = c.program.to_string();
            let d = match problem {
                Missing::NoMount => cx.report(
                    file_id,
                    span,
                    msg!(
                        "DC005.message",
                        program = program,
                        container = c.name.clone(),
                        path = cf.path.clone()
                    ),
                ),
                Missing::NoKey(cm, key) => cx.report(
                    file_id,
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
                Missing::NotInFolder(source, file, near) => {
                    let d = cx.report(
                        file_id,
                        span,
                        msg!(
                            "DC005.message-folder",
                            program = program,
                            container = c.name.clone(),
                            path = cf.path.clone(),
                            source = source,
                            file = file
                        ),
                    );
                    if let Some(n) = near {
                        d.help(msg!("DC005.help-did-you-mean", file = n));
                    }
                    d
                }
                Missing::IsDir(source) => {
                    cx.report(
                        file_id,
                        span,
                        msg!(
                            "DC005.message-is-dir",
                            program = program,
                            container = c.name.clone(),
                            path = cf.path.clone(),
                            source = source
                        ),
                    )
                    .note(msg!("DC005.note-is-dir", path = cf.path.clone()));
                    continue;
                }
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
    /// A bind-mounted folder of the checked folder without the file: (source, file name,
    /// a close name the folder holds).
    NotInFolder(String, String, Option<String>),
    /// A bind-mounted folder over the file's own path.
    IsDir(String),
}

/// Why `path` is known to be absent from the container, if it is.
fn missing(
    stack: &Stack,
    known: Option<&KnownPaths>,
    c: &Container,
    path: &str,
) -> Option<Missing> {
    let Some(m) = c.mount_for(path) else {
        return Some(Missing::NoMount);
    };
    let rel = paths::strip_dir(path, &m.target)?.trim_start_matches('/');
    match (&m.source, &m.sub_path) {
        // A ConfigMap mounted as a folder: the file is one of its keys (or `items` paths).
        (MountSource::ConfigMap(name, items), None) if !rel.is_empty() && !rel.contains('/') => {
            (!configmap_has(stack, c, name, items, rel)?)
                .then(|| Missing::NoKey(name.clone(), rel.to_string()))
        }
        // A ConfigMap key (or `items` path) mounted on the file itself with `subPath`: the
        // file is not there when the ConfigMap lacks it.
        (MountSource::ConfigMap(name, items), Some(sp)) if rel.is_empty() && !sp.contains('/') => {
            (!configmap_has(stack, c, name, items, sp)?)
                .then(|| Missing::NoKey(name.clone(), sp.clone()))
        }
        // A host folder of the checked folder (the CLI lists its paths).
        (MountSource::Bind(src), None) => {
            let known = known.filter(|k| k.covers(src))?;
            if known.kind(src) != Some(PathKind::Dir) {
                return None;
            }
            if rel.is_empty() {
                return Some(Missing::IsDir(src.clone()));
            }
            let f = paths::join(src, rel);
            if known.kind(&f).is_some() || known.is_ignored(&f) {
                return None;
            }
            let dir = paths::parent(&f).to_string();
            let names: Vec<&str> = known.files_in(&dir).map(paths::file_name).collect();
            let near = closest(paths::file_name(&f), &names).map(str::to_string);
            Some(Missing::NotInFolder(src.clone(), rel.to_string(), near))
        }
        _ => None,
    }
}

/// Whether ConfigMap `name` of the container's namespace, as mounted with `items`, holds
/// file `rel` (`None` when the ConfigMap is not in the manifests, or not in Kubernetes).
fn configmap_has(
    stack: &Stack,
    c: &Container,
    name: &str,
    items: &[(String, String)],
    rel: &str,
) -> Option<bool> {
    let Place::K8s { workload, .. } = c.place else {
        return None;
    };
    let ns = &stack.k8s.workloads[workload].obj.namespace;
    let obj = stack
        .k8s
        .objects
        .iter()
        .find(|o| o.kind == "ConfigMap" && o.name == name && &o.namespace == ns)?;
    Some(if items.is_empty() {
        ["data", "binaryData"].iter().any(|k| {
            obj.node
                .get(k)
                .is_some_and(|d| d.entries().iter().any(|e| e.key.as_str() == Some(rel)))
        })
    } else {
        items.iter().any(|(_, p)| p == rel)
    })
}
