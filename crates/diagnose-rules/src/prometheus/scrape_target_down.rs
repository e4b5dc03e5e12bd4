use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_text::texts;

/// Reported by `diagnose probe` (`diagnose_core::probe`) from the running Prometheus'
/// `/api/v1/targets`, not by `check`: files alone cannot say that a target is down.
pub static RULE: Rule = Rule {
    code: "PROM009",
    name: "scrape-target-down",
    domain: "prometheus",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "PROM009.message" => "target `{target}` of job `{job}` is down: `{error}`",
            "la cible `{target}` du job `{job}` est hors service\u{a0}: `{error}`";
        "PROM009.discovered" => "target `{target}` of job `{job}`, found by `{sd}`, is down: `{error}`",
            "la cible `{target}` du job `{job}`, trouvée par `{sd}`, est hors service\u{a0}: `{error}`";
        "PROM009.scraped" => "Prometheus scrapes `{url}`; last try {when}",
            "Prometheus collecte `{url}`\u{a0}; dernier essai {when}";
        "PROM009.no-file" => "the job is in the configuration loaded by `{server}`; give its files (`diagnose probe URL PATH`) to see the line",
            "le job est dans la configuration chargée par `{server}`\u{a0}; donnez ses fichiers (`diagnose probe URL CHEMIN`) pour voir la ligne";
        "PROM009.unexplained" => "this error is not in the knowledge base: `diagnose explain` lists the ones it knows",
            "cette erreur n’est pas dans la base de connaissances\u{a0}: `diagnose explain` liste celles qu’il connaît";
    },
    check,
};

fn check(_: &mut Ctx<'_>) {}
