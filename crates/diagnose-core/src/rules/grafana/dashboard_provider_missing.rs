use super::common::{covers, folder_fully_known, mount_of, provider_path, providers_of};
use crate::diagnostic::Severity;
use crate::model::grafana::grafana_containers;
use crate::model::Runtime;
use crate::paths;
use crate::rules::{Ctx, FixKind, Rule};
use crate::source::{FileId, Span};
use crate::{msg, texts};
use std::collections::BTreeMap;

pub static RULE: Rule = Rule {
    code: "GRAF002",
    name: "dashboard-provider-missing",
    domain: "grafana",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "GRAF002.message-none" => "dashboards are mounted at `{path}`, but the `{container}` container has no dashboard provider, so Grafana never loads them",
            "des tableaux de bord sont montés dans `{path}`, mais le conteneur `{container}` n’a aucun fournisseur de tableaux de bord : Grafana ne les charge jamais";
        "GRAF002.message-other" => "dashboards are mounted at `{path}`, but no dashboard provider of the `{container}` container reads that folder",
            "des tableaux de bord sont montés dans `{path}`, mais aucun fournisseur de tableaux de bord du conteneur `{container}` ne lit ce dossier";
        "GRAF002.note" => "Grafana loads dashboard JSON files only through a provider file in `{dir}` (`providers:` with `type: file`) whose `options.path` is this folder or one of its parents",
            "Grafana ne charge des fichiers JSON de tableaux de bord qu’au travers d’un fichier de fournisseur dans `{dir}` (`providers:` avec `type: file`) dont `options.path` est ce dossier ou l’un de ses parents";
        "GRAF002.help-none" => "add a provider file to the folder mounted at `{dir}` with `type: file` and `options.path: {path}`",
            "ajoutez un fichier de fournisseur dans le dossier monté sur `{dir}`, avec `type: file` et `options.path: {path}`";
        "GRAF002.help-other" => "set a provider's `options.path` to `{path}`, or mount the dashboards under a folder a provider reads",
            "mettez `{path}` dans le `options.path` d’un fournisseur, ou montez les tableaux de bord sous un dossier lu par un fournisseur";
        "GRAF002.label-provider" => "this provider reads `{path}`", "ce fournisseur lit `{path}`";
    },
    check,
};

struct Group {
    folder: String,
}

fn check(cx: &mut Ctx<'_>) {
    for c in grafana_containers(cx.ws, cx.stack) {
        let Some(prov) = c.provisioning.clone() else {
            continue;
        };
        let dir = paths::join(&prov, "dashboards");
        if !folder_fully_known(cx.stack, &c, &dir) {
            continue;
        }
        let providers = providers_of(cx.stack, &c, &prov);
        // A provider whose path the files do not give could read anything.
        if providers
            .iter()
            .any(|p| p.ty != "file" || provider_path(p).is_none())
        {
            continue;
        }
        let env = c.env(cx.stack);
        let home = env
            .iter()
            .rev()
            .find(|(k, ..)| k == "GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")
            .and_then(|(_, v, ..)| v.clone())
            .map(|v| paths::normalize(&v));
        let mounts = c.mounts(cx.stack);
        let mut groups: BTreeMap<(FileId, u32, u32), Group> = BTreeMap::new();
        for d in &cx.stack.grafana.dashboards {
            for rt in cx.stack.runtimes(d.file) {
                let Some(Some(path)) = c.sees(rt) else {
                    continue;
                };
                if home.as_deref() == Some(path)
                    || providers
                        .iter()
                        .any(|p| provider_path(p).is_some_and(|pp| covers(pp, path)))
                {
                    continue;
                }
                let mount = match rt {
                    Runtime::Compose { mount, .. } => mount.map(|(f, s)| (f, s, None)),
                    _ => mount_of(&mounts, path).map(|m| (m.file, m.span, Some(m.target.clone()))),
                };
                let Some((mf, ms, target)) = mount else {
                    continue;
                };
                let target = target.or_else(|| {
                    mounts
                        .iter()
                        .find(|m| m.file == mf && m.span == ms)
                        .map(|m| m.target.clone())
                });
                let folder = match target {
                    Some(t) if t != path => t,
                    _ => paths::parent(path).to_string(),
                };
                groups
                    .entry((mf, ms.start, ms.end))
                    .or_insert(Group { folder });
            }
        }
        for ((mf, start, end), g) in groups {
            let span = Span { start, end };
            let d = if providers.is_empty() {
                let d = cx.report(
                    mf,
                    span,
                    msg!("GRAF002.message-none", path = g.folder, container = c.name),
                );
                d.help(msg!("GRAF002.help-none", dir = dir, path = g.folder));
                d
            } else {
                let d = cx.report(
                    mf,
                    span,
                    msg!("GRAF002.message-other", path = g.folder, container = c.name),
                );
                d.help(msg!("GRAF002.help-other", path = g.folder));
                d
            };
            d.note(msg!("GRAF002.note", dir = dir));
            for p in &providers {
                if let (Some(path), Some(ps)) = (provider_path(p), &p.path) {
                    d.related(ps.file, ps.span, msg!("GRAF002.label-provider", path = path));
                }
            }
        }
    }
}
