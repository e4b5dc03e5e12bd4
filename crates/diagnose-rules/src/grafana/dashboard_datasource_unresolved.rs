use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::promql::dashboards::{
    datasource_uses, datasource_variables, datasources_for_with, inputs, is_provisioned,
    DatasourceHomes, DsRef, DsUse,
};
use diagnose_model::resolve::sed_rewrites;
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "GRAF008",
    name: "dashboard-datasource-unresolved",
    domain: "grafana",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "GRAF008.placeholder" => "`{value}` is an export placeholder that file provisioning does not replace",
            "`{value}` est un paramètre d’export que le provisioning par fichier ne remplace pas";
        "GRAF008.placeholder-note" => "\"Export for sharing externally\" replaces datasources with `${{DS_…}}` inputs that only the import dialog fills in; a provisioned file keeps them, and its panels show `Datasource {value} was not found`",
            "« Export for sharing externally » remplace les sources de données par des paramètres `${{DS_…}}` que seule la fenêtre d’import remplit ; un fichier provisionné les garde, et ses panneaux affichent `Datasource {value} was not found`";
        "GRAF008.unknown" => "no provisioned datasource has the uid or name `{value}`",
            "aucune source de données provisionnée n’a l’uid ou le nom `{value}`";
        "GRAF008.unknown-note" => "Grafana looks datasources up by uid (or name); panels that use this one show `Datasource {value} was not found`",
            "Grafana cherche les sources de données par uid (ou par nom) ; les panneaux qui utilisent celle-ci affichent `Datasource {value} was not found`";
        "GRAF008.help-one" => "use the provisioned datasource's uid: `{uid}`",
            "utilisez l’uid de la source de données provisionnée : `{uid}`";
        "GRAF008.help" => "use the `uid` of a provisioned datasource, give the datasource that `uid`, or declare a datasource variable",
            "utilisez l’`uid` d’une source de données provisionnée, donnez cet `uid` à la source de données, ou déclarez une variable de type source de données";
        "GRAF008.count" => "{n} references of this dashboard use it (the first three others are labelled)",
            "{n} références de ce tableau de bord l’utilisent (les trois premières autres sont signalées)";
        "GRAF008.count-few" => "{n} references of this dashboard use it", "{n} références de ce tableau de bord l’utilisent";
        "GRAF008.none" => "no datasource is provisioned in the checked files, so the datasources that dashboards use cannot be checked",
            "aucune source de données n’est provisionnée dans les fichiers vérifiés : les sources de données qu’utilisent les tableaux de bord ne peuvent pas être vérifiées";
        "GRAF008.none-here" => "the Grafana that loads this dashboard provisions no datasource in the checked files, so the datasources it uses cannot be checked",
            "le Grafana qui charge ce tableau de bord ne provisionne aucune source de données dans les fichiers vérifiés : les sources de données qu’il utilise ne peuvent pas être vérifiées";
    },
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let all = &cx.stack.grafana.datasources;
    let mut said_none = false;
    let homes = DatasourceHomes::new(cx.ws, cx.stack);
    for d in &cx.stack.grafana.dashboards {
        if !is_provisioned(cx.ws, cx.stack, d) {
            continue;
        }
        // The datasources of the Grafana that loads this dashboard, not of any Grafana.
        let mine = datasources_for_with(cx.ws, cx.stack, d, &homes);
        let model = d.model();
        let vars = datasource_variables(model);
        let inputs = inputs(d);
        // One diagnostic per unresolved datasource and dashboard, at its first use; the
        // other uses are labels (an export repeats its placeholder in every panel).
        let mut groups: Vec<(String, bool, Vec<&DsUse<'_>>)> = Vec::new();
        let uses = datasource_uses(model, &vars);
        // The command lines of the containers that load the dashboard: a `sed` there may
        // replace an export placeholder before Grafana reads the file.
        let commands: Vec<String> = cx
            .stack
            .containers_of(d.file)
            .iter()
            .map(|c| c.command_line())
            .collect();
        for u in &uses {
            if let DsRef::Placeholder(name) = &u.target {
                if commands
                    .iter()
                    .any(|t| sed_rewrites(t, |p| p == name.as_str()))
                {
                    continue;
                }
            }
            let (value, placeholder) = match &u.target {
                DsRef::Placeholder(v) => (
                    diagnose_model::promql::scalar_text(u.value_node)
                        .unwrap_or(v)
                        .to_string(),
                    true,
                ),
                DsRef::Uid(v) | DsRef::Name(v) => (v.clone(), false),
                _ => continue,
            };
            if mine.is_empty() && (all.is_empty() || !placeholder) {
                if !said_none {
                    said_none = true;
                    let id = if all.is_empty() {
                        "GRAF008.none"
                    } else {
                        "GRAF008.none-here"
                    };
                    let diag = cx.report(d.file, u.value_node.span, msg!(id));
                    diag.severity = Severity::Info;
                }
                continue;
            }
            if !placeholder
                && mine.iter().any(|ds| {
                    ds.effective_uid().as_deref() == Some(value.as_str())
                        || ds.name.as_ref().is_some_and(|n| n.value == value)
                })
            {
                continue;
            }
            match groups
                .iter_mut()
                .find(|(v, p, _)| *v == value && *p == placeholder)
            {
                Some((_, _, us)) => us.push(u),
                None => groups.push((value, placeholder, vec![u])),
            }
        }
        for (value, placeholder, us) in groups {
            let u = us[0];
            // The type the reference expects: declared, or the export input's plugin.
            let ty = u.declared_type.clone().or_else(|| match &u.target {
                DsRef::Placeholder(v) => inputs
                    .iter()
                    .find(|(n, _)| n == v)
                    .and_then(|(_, t)| t.clone()),
                _ => None,
            });
            let candidates: Vec<_> = mine
                .iter()
                .filter(|ds| ty.is_none() || ds.ty == ty)
                .collect();
            let m = if placeholder {
                msg!("GRAF008.placeholder", value = value)
            } else {
                msg!("GRAF008.unknown", value = value)
            };
            // One cause: the other uses are `also here` labels with a count (Ctx).
            let cause = format!("{}:{placeholder}:{value}", d.file.0);
            let count = ("GRAF008.count", "GRAF008.count-few");
            let Some(diag) = cx.report_grouped_counted(&cause, d.file, u.value_node.span, m, count)
            else {
                continue;
            };
            diag.note(if placeholder {
                msg!("GRAF008.placeholder-note", value = value)
            } else {
                msg!("GRAF008.unknown-note", value = value)
            });
            match candidates.as_slice() {
                [one] if one.effective_uid().is_some() => {
                    let uid = one.effective_uid().unwrap_or_default();
                    diag.help(msg!("GRAF008.help-one", uid = uid));
                }
                _ => {
                    diag.help(msg!("GRAF008.help"));
                }
            }
            for other in us.iter().skip(1) {
                let m = msg!("GRAF008.help");
                cx.report_grouped_counted(&cause, d.file, other.value_node.span, m, count);
            }
        }
    }
}
