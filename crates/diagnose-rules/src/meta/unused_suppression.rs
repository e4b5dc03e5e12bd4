use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_text::texts;

/// Reported by the engine after suppressions are applied (see `lib.rs`), not by `check`.
pub static RULE: Rule = Rule {
    code: "DIAG002",
    name: "unused-suppression",
    domain: "meta",
    severity: Severity::Warning,
    fix: FixKind::None,
    messages: texts! {},
    check,
};

fn check(_: &mut Ctx<'_>) {}
