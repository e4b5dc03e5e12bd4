use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_text::{msg, texts};

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
        if looks_like_prometheus1_rules(&f.text) {
            let first = f.text.find("ALERT ").unwrap_or(0);
            let end = f.text[first..]
                .find('\n')
                .map_or(f.text.len(), |i| first + i);
            let d = cx.report(
                *file,
                diagnose_syntax::source::Span::new(first, end),
                msg!("parse-error.prom1"),
            );
            d.help(msg!("parse-error.prom1.help"));
            if let Some(o) = &f.origin {
                d.note(msg!("parse-error.embedded", key = o.key));
            }
            continue;
        }
        let d = cx.report(*file, err.span, msg!(id, error = err.message));
        d.note(msg!("parse-error.note"));
        if let Some(o) = &f.origin {
            d.note(msg!("parse-error.embedded", key = o.key));
        }
    }
}

/// Prometheus 1.x rule files: `ALERT name` / `IF expr` blocks, or `name = expr` records.
fn looks_like_prometheus1_rules(text: &str) -> bool {
    let mut alert = false;
    let mut cond = false;
    for l in text.lines().map(str::trim_start) {
        alert |= l.starts_with("ALERT ");
        cond |= l.starts_with("IF ");
    }
    alert && cond
}
