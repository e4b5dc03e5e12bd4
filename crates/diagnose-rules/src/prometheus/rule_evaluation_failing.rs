use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_text::texts;

/// Reported by `diagnose probe` (`diagnose_core::probe`) from the running Prometheus'
/// `/api/v1/rules`: an expression can parse and still fail at every evaluation.
pub static RULE: Rule = Rule {
    code: "PROM011",
    name: "rule-evaluation-failing",
    domain: "prometheus",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "PROM011.message" => "rule `{rule}` of group `{group}` fails at every evaluation: `{error}`",
            "la règle `{rule}` du groupe `{group}` échoue à chaque évaluation\u{a0}: `{error}`";
        "PROM011.file" => "`{server}` loads this group from `{file}`",
            "`{server}` charge ce groupe depuis `{file}`";
        "PROM011.help" => "run the expression in the Prometheus UI (`{server}/graph`) to see the error on current data",
            "lancez l’expression dans l’interface de Prometheus (`{server}/graph`) pour voir l’erreur sur les données actuelles";
    },
    check,
};

fn check(_: &mut Ctx<'_>) {}
