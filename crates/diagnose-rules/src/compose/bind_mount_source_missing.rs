//! A relative bind-mount source that the checked folder does not hold. Needs the list of
//! paths of the checked folder (`Workspace::known_paths`, given by the CLI): without it
//! (web app, Markdown tutorials) the rule is silent. An error when the program of the
//! container reads a config file from the mount (runtime view); an info otherwise, and
//! when `.gitignore` leaves the path out or another mount of the project produces it.

use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::compose::MountKind;
use diagnose_model::known_paths::KnownPaths;
use diagnose_model::runtime::Place;
use diagnose_syntax::paths;
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "DC006",
    name: "bind-mount-source-missing",
    domain: "compose",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "DC006.message" => "bind-mount source `{source}` is not in the checked folder",
            "la source du montage `{source}` n’est pas dans le dossier vérifié";
        "DC006.note-config" => "{program} reads `{path}` from this mount; Docker creates a missing source as an empty folder, so {program} stops at start (`is a directory` or `no such file or directory`)",
            "{program} lit `{path}` depuis ce montage ; Docker crée une source absente sous forme de dossier vide, et {program} s’arrête donc au démarrage (`is a directory` ou `no such file or directory`)";
        "DC006.note-folder" => "Docker creates a missing source as an empty folder: the container sees an empty `{target}`",
            "Docker crée une source absente sous forme de dossier vide : le conteneur voit un `{target}` vide";
        "DC006.note-ignored" => "`.gitignore` leaves this path out: it must be created where the stack runs, before `docker compose up`",
            "`.gitignore` exclut ce chemin : il doit être créé là où la pile tourne, avant `docker compose up`";
        "DC006.note-produced" => "another mount of the project (`{other}`) covers this path: it may be produced at run time",
            "un autre montage du projet (`{other}`) couvre ce chemin : il est peut-être produit à l’exécution";
        "DC006.note-above" => "`{found}` exists above the compose file's folder: the file may be meant to run from there (`--project-directory`)",
            "`{found}` existe au-dessus du dossier du fichier compose : il est peut-être prévu pour être lancé depuis là (`--project-directory`)";
        "DC006.note-partial" => "the checked folder may be a partial copy of the project: no other mounted path of it is here",
            "le dossier vérifié est peut-être une copie partielle du projet : aucun autre chemin monté n’y est";
        "DC006.help-found" => "a file of that name is at `{found}`: did you mean it?",
            "un fichier de ce nom se trouve à `{found}` : vouliez-vous dire celui-ci ?";
        "DC006.help" => "create `{source}`, or fix the path on the left of the mount",
            "créez `{source}`, ou corrigez le chemin à gauche du montage";
    },
    check,
};

/// Why a missing source is expected to be absent from the checked folder.
enum Softened {
    Ignored,
    Produced(String),
    /// The same relative path exists from a folder above the compose file's: the file
    /// may be run from there (`--project-directory`, a Docker App bundle).
    Above(String),
}

fn check(cx: &mut Ctx<'_>) {
    if cx.ws.has_markdown() {
        return;
    }
    let Some(known) = cx.ws.known_paths.clone() else {
        return;
    };
    let stack = cx.stack;
    for (pi, p) in stack.compose.iter().enumerate() {
        // Positive evidence that the checked folder is the project's folder, not a partial
        // copy of it (a corpus keeps only some files; the compose file at the top of the
        // walked folder proves nothing): another relative bind source of the project exists.
        let project = p.services.iter().flat_map(|s| &s.mounts).any(|m| {
            matches!(m.kind, MountKind::Bind | MountKind::Config)
                && known.covers(&m.source)
                && known.kind(&m.source).is_some()
                && m.source != p.dir
        });
        for (si, s) in p.services.iter().enumerate() {
            for m in &s.mounts {
                if !matches!(m.kind, MountKind::Bind | MountKind::Config)
                    || !known.covers(&m.source)
                    || known.kind(&m.source).is_some()
                {
                    continue;
                }
                let container = stack.containers.iter().find(
                    |c| matches!(c.place, Place::Compose { project, service } if project == pi && service == si),
                );
                // A config file the program reads from this mount: the file itself, or
                // (except Grafana, whose grafana.ini is optional) a file in the folder.
                let reads = container.and_then(|c| {
                    c.config_files
                        .iter()
                        .find(|cf| match paths::strip_dir(&cf.path, &m.target) {
                            Some("") => true,
                            Some(_) => c.program != "grafana",
                            None => false,
                        })
                        .map(|cf| (c.program, cf.path.clone()))
                });
                let softened = if known.is_ignored(&m.source) {
                    Some(Softened::Ignored)
                } else if let Some(o) = produced(p, m, &known) {
                    Some(Softened::Produced(o))
                } else {
                    let dir = paths::parent(&cx.ws.file(m.file).path).to_string();
                    above(&known, &dir, &m.source).map(Softened::Above)
                };
                let info = reads.is_none() || softened.is_some() || !project;
                let d = cx.report(
                    m.file,
                    m.span,
                    msg!("DC006.message", source = m.source.clone()),
                );
                match &reads {
                    Some((program, path)) => d.note(msg!(
                        "DC006.note-config",
                        program = program.to_string(),
                        path = path.clone()
                    )),
                    None => d.note(msg!("DC006.note-folder", target = m.target.clone())),
                };
                match softened {
                    Some(Softened::Ignored) => {
                        d.note(msg!("DC006.note-ignored"));
                    }
                    Some(Softened::Produced(other)) => {
                        d.note(msg!("DC006.note-produced", other = other));
                    }
                    Some(Softened::Above(found)) => {
                        d.note(msg!("DC006.note-above", found = found));
                    }
                    None if !project => {
                        d.note(msg!("DC006.note-partial"));
                    }
                    None => {}
                }
                if info {
                    d.severity = Severity::Info;
                }
                match same_name(&known, &m.source) {
                    Some(found) => d.help(msg!("DC006.help-found", found = found)),
                    None => d.help(msg!("DC006.help", source = m.source.clone())),
                };
            }
        }
    }
}

/// Another bind mount of the project whose source is a folder above `m`'s and is missing
/// too: a service that writes there produces the path at run time.
fn produced(
    p: &diagnose_model::compose::ComposeProject,
    m: &diagnose_model::compose::Mount,
    known: &KnownPaths,
) -> Option<String> {
    p.services
        .iter()
        .flat_map(|s| &s.mounts)
        .filter(|o| o.kind == MountKind::Bind && o.source != m.source)
        .find(|o| {
            paths::strip_dir(&m.source, &o.source).is_some() && known.kind(&o.source).is_none()
        })
        .map(|o| o.source.clone())
}

/// `source` (under the compose file's folder `dir`) written from a folder above `dir`,
/// when that path exists.
fn above(known: &KnownPaths, dir: &str, source: &str) -> Option<String> {
    let rel = paths::strip_dir(source, dir)?;
    let mut d = dir;
    while !d.is_empty() {
        d = paths::parent(d);
        let d2 = if d == "/" { "" } else { d };
        let candidate = paths::join(d2, rel);
        if known.covers(&candidate) && known.kind(&candidate).is_some() {
            return Some(candidate);
        }
        if d2.is_empty() {
            break;
        }
        d = d2;
    }
    None
}

/// The only other file of the checked folder with the same name as `source`, if any.
fn same_name(known: &KnownPaths, source: &str) -> Option<String> {
    let name = paths::file_name(source);
    if !name.contains('.') {
        return None;
    }
    let mut found = known.named(name);
    let first = found.next()?;
    found.next().is_none().then(|| first.to_string())
}
