use crate::diagnostic::Severity;
use crate::rules::{Ctx, FixKind, Rule};
use crate::{msg, texts};

pub static RULE: Rule = Rule {
    code: "DIAG001",
    name: "parse-error",
    domain: "meta",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {},
    check,
};

fn check(cx: &mut Ctx<'_>) {
    for (file, err) in &cx.ws.parse_errors {
        let f = cx.ws.file(*file);
        let id = if f.name().to_ascii_lowercase().ends_with(".json")
            || f.text.trim_start().starts_with('{')
        {
            "parse-error.json"
        } else {
            "parse-error.yaml"
        };
        let d = cx.report(*file, err.span, msg!(id, error = err.message));
        d.note(msg!("parse-error.note"));
        if let Some(o) = &f.origin {
            d.note(msg!("parse-error.embedded", key = o.key));
        }
    }
}
