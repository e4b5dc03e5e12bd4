use crate::diagnostic::{Applicability, Edit, Severity};
use crate::{Ctx, FixKind, Rule};
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "GRAF005",
    name: "datasource-access-direct",
    domain: "grafana",
    severity: Severity::Warning,
    fix: FixKind::Safe,
    messages: texts! {
        "GRAF005.message" => "data source `{name}` uses `access: direct` (Browser mode), which is deprecated",
            "la source de données `{name}` utilise `access: direct` (mode Browser), qui est obsolète";
        "GRAF005.note" => "in Browser mode the user's browser calls the data source URL itself; Grafana deprecated this mode before 9.2, and from 9.2 on only Server (`proxy`) access works for Prometheus, InfluxDB and Elasticsearch",
            "en mode Browser, c’est le navigateur de l’utilisateur qui appelle lui-même l’URL de la source de données ; Grafana a rendu ce mode obsolète avant la 9.2, et depuis la 9.2 seul l’accès Server (`proxy`) fonctionne pour Prometheus, InfluxDB et Elasticsearch";
        "GRAF005.help" => "use `access: proxy` so that the Grafana server queries the data source (the URL must then be reachable from Grafana)",
            "utilisez `access: proxy` pour que le serveur Grafana interroge la source de données (l’URL doit alors être joignable depuis Grafana)";
        "GRAF005.fix" => "replace `direct` with `proxy`", "remplacer `direct` par `proxy`";
    },
    check,
};

/// Types whose Browser mode is gone: switching to `proxy` cannot break a working setup.
const BROWSER_MODE_REMOVED: &[&str] = &["prometheus", "influxdb", "elasticsearch"];

fn check(cx: &mut Ctx<'_>) {
    for ds in &cx.stack.grafana.datasources {
        let Some(access) = &ds.access else { continue };
        if access.value != "direct" {
            continue;
        }
        let raw = cx.text(access.file, access.span);
        let replacement = match raw.chars().next() {
            Some(q @ ('"' | '\'')) => format!("{q}proxy{q}"),
            _ => "proxy".to_string(),
        };
        let name = ds
            .name
            .as_ref()
            .map(|n| n.value.clone())
            .unwrap_or_default();
        let ty = ds.ty.clone().unwrap_or_default();
        let applicability = if BROWSER_MODE_REMOVED.contains(&ty.as_str()) {
            Applicability::Safe
        } else {
            Applicability::Unsafe
        };
        let d = cx.report(
            access.file,
            access.span,
            msg!("GRAF005.message", name = name),
        );
        d.note(msg!("GRAF005.note"));
        d.help(msg!("GRAF005.help"));
        d.fix(
            msg!("GRAF005.fix"),
            applicability,
            vec![Edit {
                file: access.file,
                span: access.span,
                replacement,
            }],
        );
    }
}
