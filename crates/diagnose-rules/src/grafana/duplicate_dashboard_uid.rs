use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::promql::dashboards::{grafana_instances, Instance};
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "GRAF009",
    name: "duplicate-dashboard-uid",
    domain: "grafana",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "GRAF009.message" => "the dashboard uid `{uid}` is also used by `{other}`",
            "l’uid de tableau de bord `{uid}` est aussi utilisé par `{other}`";
        "GRAF009.note" => "Grafana logs `the same UID is used more than once` and takes away the database write permission of the providers involved: these dashboards are no longer updated from their files",
            "Grafana journalise `the same UID is used more than once` et retire le droit d’écriture en base aux fournisseurs concernés : ces tableaux de bord ne sont plus mis à jour depuis leurs fichiers";
        "GRAF009.help" => "give each dashboard its own `uid`, or remove the copy",
            "donnez à chaque tableau de bord son propre `uid`, ou supprimez la copie";
        "GRAF009.label" => "the same uid here", "le même uid ici";
    },
    check,
};

fn check(cx: &mut Ctx<'_>) {
    // (instance, uid) → dashboards.
    let mut groups: Vec<((Instance, String), Vec<usize>)> = Vec::new();
    for (i, d) in cx.stack.grafana.dashboards.iter().enumerate() {
        let Some(uid) = &d.uid else { continue };
        if uid.value.is_empty() {
            continue;
        }
        for inst in grafana_instances(cx.ws, cx.stack, d) {
            let key = (inst, uid.value.clone());
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) => v.push(i),
                None => groups.push((key, vec![i])),
            }
        }
    }
    let mut seen: Vec<Vec<usize>> = Vec::new();
    for ((_, uid), mut idx) in groups {
        idx.dedup();
        if idx.len() < 2 {
            continue;
        }
        // Grafana's file reader walks the folder in lexical order.
        idx.sort_by(|a, b| {
            let pa = &cx.ws.file(cx.stack.grafana.dashboards[*a].file).path;
            let pb = &cx.ws.file(cx.stack.grafana.dashboards[*b].file).path;
            pa.cmp(pb)
        });
        if seen.contains(&idx) {
            continue;
        }
        seen.push(idx.clone());
        let first = &cx.stack.grafana.dashboards[idx[0]];
        let others: Vec<_> = idx[1..]
            .iter()
            .map(|i| &cx.stack.grafana.dashboards[*i])
            .collect();
        let other_path = cx.ws.file(cx.ws.root_file(others[0].file)).path.clone();
        let u = first.uid.as_ref().unwrap();
        let d = cx.report(
            u.file,
            u.span,
            msg!("GRAF009.message", uid = uid, other = other_path),
        );
        for o in others {
            let ou = o.uid.as_ref().unwrap();
            d.related(ou.file, ou.span, msg!("GRAF009.label"));
        }
        d.note(msg!("GRAF009.note"));
        d.help(msg!("GRAF009.help"));
    }
}
