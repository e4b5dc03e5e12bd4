//! A named volume meant for a program's data, mounted beside the directory where the
//! program writes it. Reads the runtime view: the data directory from the program's flags
//! or defaults, and the service's mounts.

use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::runtime::{MountSource, Place};
use diagnose_syntax::paths;
use diagnose_text::{msg, texts};

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
    },
    check,
};

fn check(cx: &mut Ctx<'_>) {
    for c in &cx.stack.containers {
        if !matches!(c.place, Place::Compose { .. }) {
            continue;
        }
        let Some(dir) = c.data_dirs.first() else {
            continue;
        };
        let d = dir.path.trim_end_matches('/');
        // Data on a mount (a volume or a bind at the directory or above it, or something
        // mounted inside it): nothing to say.
        let related =
            |t: &str| paths::strip_dir(d, t).is_some() || paths::strip_dir(t, d).is_some();
        if c.mounts.iter().any(|m| related(&m.target)) {
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
        let rep = cx.report(
            m.file,
            m.span,
            msg!(
                "DC004.message",
                volume = volume.clone(),
                target = m.target.clone(),
                program = program,
                dir = d.to_string()
            ),
        );
        rep.note(msg!("DC004.note")).help(msg!(
            "DC004.help",
            dir = d.to_string(),
            target = m.target.clone()
        ));
        if let Some((file, span)) = dir.written {
            rep.related(file, span, msg!("DC004.label-dir"));
        }
    }
}
