use super::common::{
    coverage, covers, folder_fully_known, is_provisioning_file, mount_of, provider_path,
    providers_of,
};
use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::grafana::{grafana_containers, GrafanaAt, GrafanaContainer};
use diagnose_model::Runtime;
use diagnose_syntax::paths;
use diagnose_syntax::source::{FileId, Span};
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "GRAF002",
    name: "dashboard-provider-missing",
    domain: "grafana",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "GRAF002.message-none" => "dashboards are mounted at `{path}`, but the `{container}` container has no dashboard provider, so Grafana never loads them",
            "des tableaux de bord sont montés dans `{path}`, mais le conteneur `{container}` n’a aucun fournisseur de tableaux de bord : Grafana ne les charge jamais";
        "GRAF002.message-other" => "dashboards are mounted at `{path}`, but no dashboard provider of the `{container}` container reads that folder",
            "des tableaux de bord sont montés dans `{path}`, mais aucun fournisseur de tableaux de bord du conteneur `{container}` ne lit ce dossier";
        "GRAF002.note" => "Grafana loads dashboard JSON files only through a provider file in `{dir}` (`providers:` with `type: file`) whose `options.path` is this folder or one of its parents",
            "Grafana ne charge des fichiers JSON de tableaux de bord qu’au travers d’un fichier de fournisseur dans `{dir}` (`providers:` avec `type: file`) dont `options.path` est ce dossier ou l’un de ses parents";
        "GRAF002.help-none" => "add a provider file to the folder mounted at `{dir}` with `type: file` and `options.path: {path}`",
            "ajoutez un fichier de fournisseur dans le dossier monté sur `{dir}`, avec `type: file` et `options.path: {path}`";
        "GRAF002.help-other" => "set a provider's `options.path` to `{path}`, or mount the dashboards under a folder a provider reads",
            "mettez `{path}` dans le `options.path` d’un fournisseur, ou montez les tableaux de bord sous un dossier lu par un fournisseur";
        "GRAF002.label-provider" => "this provider reads `{path}`", "ce fournisseur lit `{path}`";
        "GRAF002.label-also" => "more dashboards mounted here", "d’autres tableaux de bord montés ici";
    },
    check,
};

fn check(cx: &mut Ctx<'_>) {
    for c in grafana_containers(cx.ws, cx.stack) {
        let Some(prov) = c.provisioning.clone() else {
            continue;
        };
        let dir = paths::join(&prov, "dashboards");
        if !folder_fully_known(cx.stack, &c, &dir) || provider_file_not_loaded(cx, &c, &dir) {
            continue;
        }
        let providers = providers_of(cx.stack, &c, &prov);
        // A provider whose path the files do not give could read anything; a provider
        // whose folder is not mounted is reported by dashboard-provider-path-not-mounted.
        let mounts = c.mounts(cx.stack);
        if providers.iter().any(|p| {
            p.ty != "file"
                || provider_path(p).is_none_or(|pp| !coverage(cx.stack, &c, &mounts, pp).0)
        }) {
            continue;
        }
        let env = c.env(cx.stack);
        let home = env
            .iter()
            .rev()
            .find(|(k, ..)| k == "GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")
            .and_then(|(_, v, ..)| v.clone())
            .map(|v| paths::normalize(&v));
        // (mount, folder holding the dashboards), in mount order.
        let mut found: Vec<((FileId, Span), String)> = Vec::new();
        let read = |path: &str| {
            home.as_deref() == Some(path)
                || providers
                    .iter()
                    .any(|p| provider_path(p).is_some_and(|pp| covers(pp, path)))
        };
        for d in &cx.stack.grafana.dashboards {
            // A dashboard mounted twice, once where a provider reads it, is loaded: the other
            // place it can be seen (beside the provisioning files) does no harm.
            if cx
                .stack
                .runtimes(d.file)
                .iter()
                .any(|rt| matches!(c.sees(rt), Some(Some(path)) if read(path)))
            {
                continue;
            }
            for rt in cx.stack.runtimes(d.file) {
                let Some(Some(path)) = c.sees(rt) else {
                    continue;
                };
                if read(path) {
                    continue;
                }
                let Some(m) = mount_of(&mounts, path) else {
                    continue;
                };
                let mount = match rt {
                    Runtime::Compose {
                        mount: Some(ms), ..
                    } => *ms,
                    _ => (m.file, m.span),
                };
                let folder = if m.target != path {
                    m.target.clone()
                } else {
                    paths::parent(path).to_string()
                };
                if !found.iter().any(|(x, _)| *x == mount) {
                    found.push((mount, folder));
                }
            }
        }
        found.sort_by_key(|((f, s), _)| (*f, s.start));
        // Sibling folders (one mount per dashboard) are reported once, at their parent.
        let mut groups: Vec<(String, Vec<(FileId, Span)>)> = Vec::new();
        for (mount, folder) in &found {
            let parent = paths::parent(folder).to_string();
            let siblings = found
                .iter()
                .filter(|(_, f)| f != folder && paths::parent(f) == parent)
                .count();
            let key = if siblings > 0 && parent != "/" {
                parent
            } else {
                folder.clone()
            };
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) => v.push(*mount),
                None => groups.push((key, vec![*mount])),
            }
        }
        for (folder, group) in groups {
            let (mf, span) = group[0];
            let d = if providers.is_empty() {
                let d = cx.report(
                    mf,
                    span,
                    msg!("GRAF002.message-none", path = folder, container = c.name),
                );
                d.help(msg!("GRAF002.help-none", dir = dir, path = folder));
                d
            } else {
                let d = cx.report(
                    mf,
                    span,
                    msg!("GRAF002.message-other", path = folder, container = c.name),
                );
                d.help(msg!("GRAF002.help-other", path = folder));
                d
            };
            d.note(msg!("GRAF002.note", dir = dir));
            for (f, s) in group.iter().skip(1).take(3) {
                d.related(*f, *s, msg!("GRAF002.label-also"));
            }
            for p in &providers {
                if let (Some(path), Some(ps)) = (provider_path(p), &p.path) {
                    d.related(
                        ps.file,
                        ps.span,
                        msg!("GRAF002.label-provider", path = path),
                    );
                }
            }
        }
    }
}

/// A provider file meant for this container that it does not load (mounted at the wrong
/// place, or not mounted): provisioning-not-mounted reports it, and the dashboards follow
/// once it is fixed.
fn provider_file_not_loaded(cx: &Ctx<'_>, c: &GrafanaContainer, dir: &str) -> bool {
    cx.stack.grafana.provider_files.iter().any(|f| {
        let runtimes = cx.stack.runtimes(*f);
        let misplaced = runtimes.iter().any(|rt| {
            c.sees(rt)
                .flatten()
                .is_some_and(|p| !is_provisioning_file(dir, p))
        });
        let loaded = runtimes.iter().any(|rt| {
            c.sees(rt)
                .flatten()
                .is_some_and(|p| is_provisioning_file(dir, p))
        });
        let file = cx.ws.file(*f);
        let unmounted = !loaded
            && match (&file.origin, c.at) {
                (Some(o), GrafanaAt::K8s { .. }) => {
                    o.object.1 == c.scope
                        && runtimes
                            .iter()
                            .all(|rt| matches!(rt, Runtime::K8sUnmounted { .. }))
                }
                (None, GrafanaAt::Compose { .. }) => {
                    paths::strip_dir(file.dir(), &c.scope).is_some() && runtimes.is_empty()
                }
                _ => false,
            };
        misplaced || unmounted
    })
}
