use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_text::texts;

/// Reported by `diagnose probe` (`diagnose_core::probe`): the running server's
/// `/api/v1/status/config` (Alertmanager: `/api/v2/status`) against the file on disk.
pub static RULE: Rule = Rule {
    code: "PROM010",
    name: "running-config-differs",
    domain: "prometheus",
    severity: Severity::Warning,
    fix: FixKind::None,
    messages: texts! {
        "PROM010.changed" => "the running {program} loaded another version of this file: `{key}` is `{running}` there, `{disk}` here",
            "le {program} en marche a chargé une autre version de ce fichier\u{a0}: `{key}` y vaut `{running}`, ici `{disk}`";
        "PROM010.added" => "the running {program} loaded another version of this file: `{key}` is not in it",
            "le {program} en marche a chargé une autre version de ce fichier\u{a0}: `{key}` n’y est pas";
        "PROM010.removed" => "the running {program} loaded another version of this file: it has `{key}`, which this file no longer has",
            "le {program} en marche a chargé une autre version de ce fichier\u{a0}: il a `{key}`, que ce fichier n’a plus";
        "PROM010.more.one" => "{n} other difference after this one", "{n} autre différence après celle-ci";
        "PROM010.more" => "{n} other differences after this one", "{n} autres différences après celle-ci";
        "PROM010.reads" => "`{server}` reads `{path}` (`--config.file`), loaded at {time}",
            "`{server}` lit `{path}` (`--config.file`), chargé à {time}";
        "PROM010.other-file" => "`{server}` reads `{path}` (`--config.file`), not a file of this name: edit that file, or point the flag at this one",
            "`{server}` lit `{path}` (`--config.file`), pas un fichier de ce nom\u{a0}: modifiez celui-là, ou faites pointer l’option sur celui-ci";
        "PROM010.reload-failed" => "its last reload failed (`reloadConfigSuccess: false`): it keeps running with the configuration loaded before; `diagnose check` shows what is wrong in the file",
            "son dernier rechargement a échoué (`reloadConfigSuccess: false`)\u{a0}: il garde la configuration chargée avant\u{a0}; `diagnose check` montre ce qui ne va pas dans le fichier";
        "PROM010.help" => "reload it: `kill -HUP <pid>` (`docker kill -s HUP <container>`), or restart it",
            "rechargez-le\u{a0}: `kill -HUP <pid>` (`docker kill -s HUP <conteneur>`), ou redémarrez-le";
        "PROM010.help.lifecycle" => "reload it: `curl -X POST {server}/-/reload`",
            "rechargez-le\u{a0}: `curl -X POST {server}/-/reload`";
    },
    check,
};

fn check(_: &mut Ctx<'_>) {}
