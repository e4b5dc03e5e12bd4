use crate::diagnostic::{Applicability, Edit, Severity};
use crate::{Ctx, FixKind, Rule};
use diagnose_model::workspace::Kind;
use diagnose_syntax::source::Span;
use diagnose_syntax::Node;
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "DC002",
    name: "compose-version-obsolete",
    domain: "compose",
    severity: Severity::Info,
    fix: FixKind::Safe,
    messages: texts! {
        "DC002.message" => "the top-level `version` attribute is obsolete",
            "l’attribut `version` de premier niveau est obsolète";
        "DC002.note" => "Docker Compose v2 follows the Compose Specification, ignores `version` and warns on every run: “the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion”",
            "Docker Compose v2 suit la Compose Specification, ignore `version` et avertit à chaque lancement : « the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion »";
        "DC002.help" => "delete the `version` line", "supprimez la ligne `version`";
        "DC002.fix" => "delete `version: {value}`", "supprimer `version: {value}`";
    },
    check,
};

fn check(cx: &mut Ctx<'_>) {
    for d in cx.ws.docs_of(Kind::Compose) {
        let f = cx.ws.file(d.file);
        if f.origin.is_some() || is_swarm_stack(f.name(), &d.root) {
            continue;
        }
        let Some(e) = d.root.entry("version") else {
            continue;
        };
        let span = Span::new(
            e.key.span.start as usize,
            e.value.span.end.max(e.key.span.end) as usize,
        );
        let value = f.slice(e.value.span).to_string();
        let edit = delete_line(&f.text, span);
        let diag = cx.report(d.file, span, msg!("DC002.message"));
        diag.note(msg!("DC002.note"));
        diag.help(msg!("DC002.help"));
        if let Some(edit_span) = edit {
            diag.fix(
                msg!("DC002.fix", value = value),
                Applicability::Safe,
                vec![Edit {
                    file: d.file,
                    span: edit_span,
                    replacement: String::new(),
                }],
            );
        }
    }
}

/// `docker stack deploy` before Docker 23 (docker/cli#3257) reads a file without
/// `version` as the unsupported version 1.0, so Swarm stack files keep it.
fn is_swarm_stack(name: &str, root: &Node) -> bool {
    let n = name.to_ascii_lowercase();
    if n.contains("stack") {
        return true;
    }
    let services = root.get("services").map(Node::entries).unwrap_or_default();
    let swarm_deploy = services.iter().any(|s| {
        s.value
            .get("deploy")
            .is_some_and(|d| d.get("placement").is_some() || d.get_str("mode") == Some("global"))
    });
    let overlay = root
        .get("networks")
        .map(Node::entries)
        .unwrap_or_default()
        .iter()
        .any(|e| e.value.get_str("driver") == Some("overlay"));
    swarm_deploy || overlay
}

/// The span that deletes the whole line holding `span` (with its newline, and one blank
/// line after it), when the line holds nothing else but a comment.
fn delete_line(text: &str, span: Span) -> Option<Span> {
    let (a, b) = (span.start as usize, span.end as usize);
    let start = text[..a].rfind('\n').map_or(0, |i| i + 1);
    if !text[start..a].trim().is_empty() {
        return None;
    }
    let line_end = text[b..].find('\n').map_or(text.len(), |i| b + i);
    let rest = text[b..line_end].trim();
    if !(rest.is_empty() || rest.starts_with('#')) || text[a..b].contains('\n') {
        return None;
    }
    let mut end = (line_end + 1).min(text.len());
    // A blank line after it goes too.
    if let Some(next_end) = text[end..].find('\n') {
        if text[end..end + next_end].trim().is_empty() {
            end += next_end + 1;
        }
    }
    Some(Span::new(start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletes_the_line_and_a_blank_line() {
        let t = "version: '3.8'\n\nservices:\n  a:\n    image: x\n";
        let s = delete_line(t, Span::new(0, 14)).unwrap();
        assert_eq!(&t[s.end as usize..], "services:\n  a:\n    image: x\n");
        let t = "# c\nversion: \"3\" # old\nservices: {}\n";
        let s = delete_line(t, Span::new(4, 16)).unwrap();
        assert_eq!(
            format!("{}{}", &t[..s.start as usize], &t[s.end as usize..]),
            "# c\nservices: {}\n"
        );
        assert_eq!(
            delete_line("{version: '3', services: {}}", Span::new(1, 13)),
            None
        );
    }
}
