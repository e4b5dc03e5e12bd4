use super::common::{covers, provider_path};
use crate::diagnostic::{Applicability, Edit, Severity};
use crate::{Ctx, FixKind, Rule};
use diagnose_model::grafana::{grafana_containers, Dashboard};
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "GRAF004",
    name: "dashboard-json-api-wrapper",
    domain: "grafana",
    severity: Severity::Error,
    fix: FixKind::Unsafe,
    messages: texts! {
        "GRAF004.message" => "this dashboard file has the HTTP API shape `{{\"dashboard\": {{…}}}}`, which file provisioning does not unwrap",
            "ce fichier de tableau de bord a la forme de l’API HTTP `{{\"dashboard\": {{…}}}}`, que le provisioning par fichier ne déballe pas";
        "GRAF004.note" => "a provisioned file must be the dashboard model itself; Grafana reads `title` at the top level, finds none, logs `Dashboard title cannot be empty` and skips the file",
            "un fichier provisionné doit être le modèle du tableau de bord lui-même ; Grafana lit `title` au premier niveau, n’en trouve pas, journalise `Dashboard title cannot be empty` et ignore le fichier";
        "GRAF004.help" => "keep only the object under `dashboard` as the file's content (drop `overwrite`, `folderId`, `inputs`…)",
            "ne gardez comme contenu du fichier que l’objet sous `dashboard` (sans `overwrite`, `folderId`, `inputs`…)";
        "GRAF004.fix" => "replace the file's content with the object under `dashboard`",
            "remplacer le contenu du fichier par l’objet sous `dashboard`";
    },
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let containers = grafana_containers(cx.ws, cx.stack);
    // Providers on a server without containers: their paths are paths of that server.
    let provider_paths: Vec<&str> = cx
        .stack
        .grafana
        .providers
        .iter()
        .filter(|p| cx.ws.file(p.file).origin.is_none() && !cx.stack.in_container(p.file))
        .filter_map(provider_path)
        .filter(|p| p.matches('/').count() >= 2)
        .collect();
    for d in &cx.stack.grafana.dashboards {
        if !d.api_wrapper || !provisioned(cx, d, &containers, &provider_paths) {
            continue;
        }
        let Some(entry) = d.root.entry("dashboard") else {
            continue;
        };
        // Only the real API shape: the top level has no title of its own.
        if d.root.get("title").is_some() {
            continue;
        }
        let inner = cx.text(d.file, entry.value.span).to_string();
        let diag = cx.report(d.file, entry.key.span, msg!("GRAF004.message"));
        diag.note(msg!("GRAF004.note"));
        diag.help(msg!("GRAF004.help"));
        diag.fix(
            msg!("GRAF004.fix"),
            Applicability::Unsafe,
            vec![Edit {
                file: d.file,
                span: d.root.span,
                replacement: inner,
            }],
        );
    }
}

/// The file is mounted into a Grafana container, or (on a server without containers) lies
/// under a dashboard provider's folder.
fn provisioned(
    cx: &Ctx<'_>,
    d: &Dashboard,
    containers: &[diagnose_model::grafana::GrafanaContainer],
    provider_paths: &[&str],
) -> bool {
    let runtimes = cx.stack.runtimes(d.file);
    if runtimes
        .iter()
        .any(|rt| containers.iter().any(|c| c.sees(rt).flatten().is_some()))
    {
        return true;
    }
    if !runtimes.is_empty() {
        return false;
    }
    // A host path such as `srv/var/lib/grafana/dashboards/x.json` for a provider path
    // `/var/lib/grafana/dashboards`: the analysed folder stands for the server's root.
    let f = cx.ws.file(d.file);
    if f.origin.is_some() {
        return false;
    }
    let path = format!("/{}", f.path);
    provider_paths.iter().any(|pp| {
        let segs: Vec<&str> = path.split('/').collect();
        (0..segs.len()).any(|i| {
            covers(
                pp,
                &format!("/{}", segs[i..].join("/").trim_start_matches('/')),
            )
        })
    })
}
