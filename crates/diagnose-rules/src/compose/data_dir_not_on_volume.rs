//! A named volume meant for a program's data, mounted beside the directory where the
//! program writes it. Reads the runtime view: the data directory from the program's flags
//! or defaults, and the service's mounts. On Kubernetes, also says when the data directory
//! sits on an emptyDir or on no volume at all (infos: not persistence).

use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::runtime::{Container, MountSource, MountView, Place, UsedPath};
use diagnose_syntax::paths;
use diagnose_text::{msg, texts, Message};

pub static RULE: Rule = Rule {
    code: "DC004",
    name: "data-dir-not-on-volume",
    domain: "compose",
    severity: Severity::Warning,
    fix: FixKind::None,
    messages: texts! {
        "DC004.message" => "volume `{volume}` is mounted at `{target}`, but {program} writes its data to `{dir}`",
            "le volume `{volume}` est monté sur `{target}`, mais {program} écrit ses données dans `{dir}`";
        "DC004.note" => "the volume stays empty; the data lives in the container (or in an anonymous volume of the image) and is lost or left behind when the container is recreated",
            "le volume reste vide ; les données vivent dans le conteneur (ou dans un volume anonyme de l’image) et sont perdues ou abandonnées quand le conteneur est recréé";
        "DC004.help" => "mount the volume at `{dir}`, or point the data directory at `{target}`",
            "montez le volume sur `{dir}`, ou faites pointer le répertoire de données vers `{target}`";
        "DC004.label-dir" => "the data directory is set here", "le répertoire de données est défini ici";
        "DC004.message-k8s" => "volume `{volume}` ({source}) is mounted at `{target}`, but {program} writes its data to `{dir}`",
            "le volume `{volume}` ({source}) est monté sur `{target}`, mais {program} écrit ses données dans `{dir}`";
        "DC004.note-k8s" => "the claim stays empty; the data is written elsewhere in the pod and is lost when the pod is replaced",
            "la PersistentVolumeClaim reste vide ; les données sont écrites ailleurs dans le pod et sont perdues quand le pod est remplacé";
        "DC004.message-emptydir" => "{program} writes its data to `{dir}` on emptyDir volume `{volume}`, which is deleted with the pod",
            "{program} écrit ses données dans `{dir}` sur le volume emptyDir `{volume}`, supprimé avec le pod";
        "DC004.note-emptydir" => "an emptyDir keeps the data across container restarts, but not when the pod is deleted or moved to another node (a rollout, an eviction, a drain): fine for a trial, not for data to keep",
            "un emptyDir garde les données quand le conteneur redémarre, mais pas quand le pod est supprimé ou déplacé sur un autre nœud (un déploiement, une éviction, un drain) : bien pour un essai, pas pour des données à garder";
        "DC004.message-none" => "nothing is mounted at `{dir}`, where {program} writes its data",
            "rien n’est monté sur `{dir}`, où {program} écrit ses données";
        "DC004.note-none" => "files written inside a container are lost when the container restarts, and with the pod",
            "les fichiers écrits dans un conteneur sont perdus quand le conteneur redémarre, et avec le pod";
        "DC004.help-persist" => "to keep the data, mount a PersistentVolumeClaim at `{dir}` (a StatefulSet's `volumeClaimTemplates` gives each replica its own)",
            "pour garder les données, montez une PersistentVolumeClaim sur `{dir}` (les `volumeClaimTemplates` d’un StatefulSet en donnent une à chaque réplique)";
    },
    check,
};

fn check(cx: &mut Ctx<'_>) {
    for c in &cx.stack.containers {
        match c.place {
            Place::K8s { .. } => {
                check_k8s(cx, c);
                continue;
            }
            // A plain server writes to the host's disk: nothing to say.
            Place::Unit(_) => continue,
            Place::Compose { .. } => {}
        }
        let Some(dir) = c.data_dirs.first() else {
            continue;
        };
        let d = dir.path.trim_end_matches('/');
        // Data on a mount (a volume or a bind at the directory or above it, or something
        // mounted inside it): nothing to say.
        if c.mounts.iter().any(|m| related(d, &m.target)) {
            continue;
        }
        // A named volume whose name says it holds this program's data.
        let candidate = c.mounts.iter().find(|m| match &m.source {
            MountSource::Volume(name) if !name.is_empty() => {
                let n = name.to_ascii_lowercase();
                !m.target.starts_with("/etc")
                    && (n.contains(c.program) || n.contains("data") || n.contains("storage"))
            }
            _ => false,
        });
        let Some(m) = candidate else { continue };
        let MountSource::Volume(volume) = &m.source else {
            continue;
        };
        let program = c.program.to_string();
        let message = msg!(
            "DC004.message",
            volume = volume.clone(),
            target = m.target.clone(),
            program = program,
            dir = d.to_string()
        );
        report_beside(cx, m, dir, message, msg!("DC004.note"));
    }
}

/// True when `target` is the data directory `d`, above it or inside it.
fn related(d: &str, target: &str) -> bool {
    paths::strip_dir(d, target).is_some() || paths::strip_dir(target, d).is_some()
}

/// The warning: a volume for the data mounted at `m`, beside the data directory `dir`.
fn report_beside(cx: &mut Ctx<'_>, m: &MountView, dir: &UsedPath, message: Message, note: Message) {
    let d = dir.path.trim_end_matches('/');
    let rep = cx.report(m.file, m.span, message);
    rep.note(note).help(msg!(
        "DC004.help",
        dir = d.to_string(),
        target = m.target.clone()
    ));
    if let Some((file, span)) = dir.written {
        rep.related(file, span, msg!("DC004.label-dir"));
    }
}

/// Kubernetes: a claim mounted beside the data directory (warning); the data directory on
/// an emptyDir, or on no volume at all (info: not persistence, say what it means).
fn check_k8s(cx: &mut Ctx<'_>, c: &Container) {
    let Some(dir) = c.data_dirs.first() else {
        return;
    };
    // Agent mode writes elsewhere (`--storage.agent.path`); Grafana with an external
    // database keeps its state there.
    let agent = c.flag("agent").is_some()
        || c.flags.iter().any(|f| {
            f.name == "enable-feature"
                && f.value
                    .as_deref()
                    .is_some_and(|v| v.split(',').any(|x| x == "agent"))
        });
    let external_db = c
        .env("GF_DATABASE_TYPE")
        .is_some_and(|v| v.value != "sqlite3")
        || c.env("GF_DATABASE_URL")
            .is_some_and(|v| !v.value.starts_with("sqlite3"));
    // Grafana's paths and database may come from variables not listed (`envFrom:`,
    // `valueFrom:`), and Kubernetes expands `$(VAR)` in arguments: the directory is not known.
    let unknown = (c.program == "grafana"
        && ["GF_PATHS_DATA", "GF_DATABASE_TYPE", "GF_DATABASE_URL"]
            .iter()
            .any(|k| c.env_may_be_set(k)))
        || dir.path.contains('$');
    if agent || external_db || unknown {
        return;
    }
    let d = dir.path.trim_end_matches('/');
    let storage = |m: &&MountView| {
        !matches!(
            m.source,
            MountSource::ConfigMap(..) | MountSource::Secret(..)
        )
    };
    let on: Vec<&MountView> = c
        .mounts
        .iter()
        .filter(storage)
        .filter(|m| related(d, &m.target))
        .collect();
    if on
        .iter()
        .any(|m| !matches!(m.source, MountSource::EmptyDir(_)))
    {
        return;
    }
    let program = c.program.to_string();
    // A claim whose names say it holds data, mounted elsewhere.
    let beside = c.mounts.iter().find_map(|m| match &m.source {
        MountSource::Claim(volume, claim)
            if !m.target.starts_with("/etc")
                && !related(d, &m.target)
                && (data_name(volume, c.program)
                    || claim.as_deref().is_some_and(|n| data_name(n, c.program))) =>
        {
            Some((m, volume, claim))
        }
        _ => None,
    });
    if let Some((m, volume, claim)) = beside {
        let source = match claim {
            Some(n) => format!("PersistentVolumeClaim `{n}`"),
            None => "StatefulSet volumeClaimTemplates".to_string(),
        };
        let message = msg!(
            "DC004.message-k8s",
            volume = volume.clone(),
            source = source,
            target = m.target.clone(),
            program = program,
            dir = d.to_string()
        );
        report_beside(cx, m, dir, message, msg!("DC004.note-k8s"));
        return;
    }
    let rep = match on.first() {
        Some(m) => {
            let MountSource::EmptyDir(volume) = &m.source else {
                return;
            };
            let rep = cx.report(
                m.file,
                m.span,
                msg!(
                    "DC004.message-emptydir",
                    program = program,
                    dir = d.to_string(),
                    volume = volume.clone()
                ),
            );
            rep.note(msg!("DC004.note-emptydir"));
            rep
        }
        None => {
            let rep = cx.report(
                c.image.file,
                c.image.span,
                msg!("DC004.message-none", program = program, dir = d.to_string()),
            );
            rep.note(msg!("DC004.note-none"));
            rep
        }
    };
    rep.severity = Severity::Info;
    rep.help(msg!("DC004.help-persist", dir = d.to_string()));
    if let Some((file, span)) = dir.written {
        rep.related(file, span, msg!("DC004.label-dir"));
    }
}

/// A volume name that says it holds a program's data.
fn data_name(name: &str, program: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.contains(program) || ["data", "storage", "db"].iter().any(|w| n.contains(w))
}
