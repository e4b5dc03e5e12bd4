use super::common::{included_configs, read_by_prometheus};
use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "PROM003",
    name: "duplicate-job-name",
    domain: "prometheus",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "PROM003.message" => "job name `{job}` is already used by another scrape config",
            "le nom de job `{job}` est déjà utilisé par une autre configuration de scrape";
        "PROM003.note" => "Prometheus refuses to load the file: `found multiple scrape configs with job name \"{job}\"`",
            "Prometheus refuse de charger le fichier : `found multiple scrape configs with job name \"{job}\"`";
        "PROM003.help" => "give each scrape config its own `job_name`, or merge their targets into one job",
            "donnez à chaque configuration de scrape son propre `job_name`, ou regroupez leurs cibles dans un seul job";
        "PROM003.label-first" => "first used here", "première utilisation ici";
        "PROM003.included" => "`{file}`, loaded here, defines job `{job}` again",
            "`{file}`, chargé ici, définit de nouveau le job `{job}`";
        "PROM003.label-included" => "defined here", "défini ici";
        "PROM003.help-included" => "list each file once in `scrape_config_files`, and keep job names unique across the files",
            "listez chaque fichier une seule fois dans `scrape_config_files`, et gardez des noms de job uniques d’un fichier à l’autre";
    },
    check,
};

fn check(cx: &mut Ctx<'_>) {
    for p in &cx.stack.prometheus {
        if !read_by_prometheus(cx.stack, p.file) {
            continue;
        }
        let mut seen: Vec<&diagnose_model::Spanned<String>> = Vec::new();
        for j in &p.jobs {
            let Some(name) = &j.name else { continue };
            if name.value.is_empty() {
                continue;
            }
            match seen.iter().find(|s| s.value == name.value) {
                Some(first) => {
                    let (ff, fs) = (first.file, first.span);
                    let d = cx.report(
                        name.file,
                        name.span,
                        msg!("PROM003.message", job = name.value),
                    );
                    d.note(msg!("PROM003.note", job = name.value));
                    d.related(ff, fs, msg!("PROM003.label-first"));
                    d.help(msg!("PROM003.help"));
                }
                None => seen.push(name),
            }
        }
        // Jobs of the files that `scrape_config_files` loads join the config's own
        // (`GetScrapeConfigs`), once per listing: a file listed twice repeats its jobs.
        for (entry, q) in included_configs(cx.ws, cx.stack, p) {
            for j in &q.jobs {
                let Some(name) = &j.name else { continue };
                if name.value.is_empty() {
                    continue;
                }
                let first = seen.iter().find(|s| s.value == name.value).copied();
                let Some(first) = first else {
                    seen.push(name);
                    continue;
                };
                let file = cx.ws.file(q.file).name().to_string();
                let (ff, fs) = (first.file, first.span);
                let d = cx.report(
                    p.file,
                    entry.span,
                    msg!("PROM003.included", file = file, job = name.value),
                );
                d.note(msg!("PROM003.note", job = name.value));
                if (ff, fs) != (name.file, name.span) {
                    d.related(ff, fs, msg!("PROM003.label-first"));
                }
                d.related(name.file, name.span, msg!("PROM003.label-included"));
                d.help(msg!("PROM003.help-included"));
            }
        }
    }
}
