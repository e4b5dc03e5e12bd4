use super::common::{coverage, is_file_provider, mounts_anchor, provider_path, providers_of};
use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::grafana::grafana_containers;
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "GRAF003",
    name: "dashboard-provider-path-not-mounted",
    domain: "grafana",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "GRAF003.message" => "dashboard provider `{provider}` reads `{path}`, but nothing is mounted there in the `{container}` container",
            "le fournisseur de tableaux de bord `{provider}` lit `{path}`, mais rien n’est monté à cet endroit dans le conteneur `{container}`";
        "GRAF003.note" => "`options.path` is a path inside the Grafana container; Grafana logs `Cannot read directory` (or finds an empty folder) and loads no dashboard from this provider",
            "`options.path` est un chemin dans le conteneur Grafana ; Grafana journalise `Cannot read directory` (ou trouve un dossier vide) et ne charge aucun tableau de bord de ce fournisseur";
        "GRAF003.note-volume" => "only `{volume}` covers this path: a data volume starts empty and holds only what Grafana writes itself",
            "seul `{volume}` couvre ce chemin : un volume de données démarre vide et ne contient que ce que Grafana y écrit lui-même";
        "GRAF003.help" => "mount the dashboards folder at `{path}`, or set `options.path` to a folder that is mounted",
            "montez le dossier des tableaux de bord sur `{path}`, ou mettez dans `options.path` un dossier qui est monté";
        "GRAF003.label-mounts" => "`{container}` mounts nothing at `{path}`", "`{container}` ne monte rien sur `{path}`";
    },
    check,
};

fn check(cx: &mut Ctx<'_>) {
    for c in grafana_containers(cx.ws, cx.stack) {
        if c.built {
            continue;
        }
        let Some(prov) = c.provisioning.clone() else {
            continue;
        };
        let mounts = c.mounts(cx.stack);
        for p in providers_of(cx.stack, &c, &prov) {
            let (Some(path), Some(ps)) = (provider_path(p), &p.path) else {
                continue;
            };
            if !is_file_provider(p) || path.starts_with("/usr/share/grafana") {
                continue;
            }
            let (covered, volume) = coverage(cx.stack, &c, &mounts, path);
            if covered {
                continue;
            }
            let provider = p.name.clone().unwrap_or_default();
            let (af, aspan) = mounts_anchor(cx.stack, &c);
            let d = cx.report(
                ps.file,
                ps.span,
                msg!(
                    "GRAF003.message",
                    provider = provider,
                    path = path,
                    container = c.name
                ),
            );
            d.note(msg!("GRAF003.note"));
            if let Some(v) = volume {
                d.note(msg!("GRAF003.note-volume", volume = v));
            }
            d.help(msg!("GRAF003.help", path = path));
            d.related(
                af,
                aspan,
                msg!("GRAF003.label-mounts", container = c.name, path = path),
            );
        }
    }
}
