use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_text::texts;

/// Reported by `diagnose probe` (`diagnose_core::probe`) from the running Prometheus'
/// `/api/v1/alertmanagers` and its own `/metrics` (notification counters).
pub static RULE: Rule = Rule {
    code: "AM002",
    name: "alertmanager-not-discovered",
    domain: "alertmanager",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "AM002.message" => "the running Prometheus does not send alerts to `{target}`: it is not among its Alertmanagers",
            "le Prometheus en marche n’envoie pas d’alertes à `{target}`\u{a0}: il n’est pas parmi ses Alertmanagers";
        "AM002.failing" => "the running Prometheus cannot deliver alerts to `{target}`: {errors} failed sends, none delivered",
            "le Prometheus en marche n’arrive pas à livrer d’alertes à `{target}`\u{a0}: {errors} envois en échec, aucun livré";
        "AM002.active" => "its Alertmanagers: {list}", "ses Alertmanagers\u{a0}: {list}";
        "AM002.none" => "it has no Alertmanager at all: alerts fire and go nowhere",
            "il n’a aucun Alertmanager\u{a0}: les alertes se déclenchent et ne vont nulle part";
        "AM002.dropped" => "relabeling dropped {n} discovered Alertmanagers (`alert_relabel_configs`, `relabel_configs`)",
            "le relabeling a écarté {n} Alertmanagers découverts (`alert_relabel_configs`, `relabel_configs`)";
        "AM002.help" => "reload Prometheus if the file changed; else check the address from where Prometheus runs: `curl http://{target}/-/healthy`",
            "rechargez Prometheus si le fichier a changé\u{a0}; sinon vérifiez l’adresse depuis l’endroit où tourne Prometheus\u{a0}: `curl http://{target}/-/healthy`";
    },
    check,
};

fn check(_: &mut Ctx<'_>) {}
