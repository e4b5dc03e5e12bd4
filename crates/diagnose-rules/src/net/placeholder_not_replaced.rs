use super::common::placeholder_in_host;
use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::Spanned;
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "NET006",
    name: "placeholder-not-replaced",
    domain: "net",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "NET006.message" => "`{placeholder}` is a placeholder that was never replaced with a real address",
            "`{placeholder}` est un exemple de tutoriel, jamais remplacé par une vraie adresse";
        "NET006.note" => "tutorials write `{placeholder}` where your own address goes; as written it is looked up as a host name and fails with `no such host` (or makes the URL invalid)",
            "les tutoriels écrivent `{placeholder}` à la place de votre propre adresse ; tel quel, il est cherché comme nom d’hôte et échoue avec `no such host` (ou rend l’URL invalide)";
        "NET006.message-tutorial" => "`{placeholder}` is a placeholder that the reader of the tutorial replaces with a real address",
            "`{placeholder}` est un exemple que le lecteur du tutoriel remplace par une vraie adresse";
        "NET006.help" => "replace `{placeholder}` with the IP address or DNS name of the machine (or the compose service name, such as `prometheus`)",
            "remplacez `{placeholder}` par l’adresse IP ou le nom DNS de la machine (ou le nom du service compose, par exemple `prometheus`)";
        "NET006.help-port" => "replace `{placeholder}` with the port number the service listens on",
            "remplacez `{placeholder}` par le numéro de port sur lequel le service écoute";
    },
    check,
};

fn check(cx: &mut Ctx<'_>) {
    // Every address the configs name, parsed or not: a placeholder may not parse.
    let values: Vec<&Spanned<String>> = cx.stack.addresses().into_iter().map(|a| a.0).collect();
    for v in values {
        // A template's placeholders are filled by the script that generates the real file.
        if diagnose_model::stacks::is_template_input(cx.ws, cx.stack, v.file) {
            continue;
        }
        // `<path:secret/data/x#key>`: filled from a secret store when the manifests are
        // rendered for deployment, so the file in the repository rightly holds it.
        if super::common::injected_secret(&v.value) {
            continue;
        }
        let tutorial = cx.ws.file(v.file).markdown.is_some();
        let Some((host, port)) = split(&v.value) else {
            continue;
        };
        let lead = v.value.len() - v.value.trim_start().len();
        // The value's span includes quotes when the scalar is quoted.
        let quote = usize::from(v.span.len() >= v.value.len() + 2);
        let at = |(a, b): (usize, usize)| v.span.sub(a + lead + quote, b + lead + quote);
        let h = &v.value.trim_start()[host.0..host.1];
        if let Some((a, b)) = placeholder_in_host(h) {
            // Names that a compose project really defines are not placeholders.
            if cx
                .stack
                .compose
                .iter()
                .chain(cx.stack.elsewhere.iter().map(|p| &**p))
                .any(|p| p.find_host(h).is_some())
            {
                continue;
            }
            let ph = &h[a..b];
            // In a tutorial the placeholder is the point: the reader fills it in.
            let d = if tutorial {
                let d = cx.report(
                    v.file,
                    at((host.0 + a, host.0 + b)),
                    msg!("NET006.message-tutorial", placeholder = ph),
                );
                d.severity = Severity::Info;
                d
            } else {
                cx.report(
                    v.file,
                    at((host.0 + a, host.0 + b)),
                    msg!("NET006.message", placeholder = ph),
                )
            };
            d.note(msg!("NET006.note", placeholder = ph));
            d.help(msg!("NET006.help", placeholder = ph));
            continue;
        }
        if let Some(port) = port {
            let ps = &v.value.trim_start()[port.0..port.1];
            if is_port_placeholder(ps) {
                let d = if tutorial {
                    let d = cx.report(
                        v.file,
                        at(port),
                        msg!("NET006.message-tutorial", placeholder = ps),
                    );
                    d.severity = Severity::Info;
                    d
                } else {
                    cx.report(v.file, at(port), msg!("NET006.message", placeholder = ps))
                };
                d.note(msg!("NET006.note", placeholder = ps));
                d.help(msg!("NET006.help-port", placeholder = ps));
            }
        }
    }
}

/// Byte ranges (in the trimmed value) of the host and of the port text of a URL or
/// `host:port` target, without validating them.
type Range = (usize, usize);

fn split(raw: &str) -> Option<(Range, Option<Range>)> {
    let s = raw.trim();
    let after = s.find("://").map_or(0, |i| i + 3);
    let rest = &s[after..];
    let auth_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..auth_end];
    let ui = authority.rfind('@').map_or(0, |i| i + 1);
    let hp = &authority[ui..];
    let base = after + ui;
    if hp.is_empty() {
        return None;
    }
    if hp.starts_with('[') {
        let end = hp.find(']')?;
        let port = hp[end + 1..]
            .strip_prefix(':')
            .filter(|p| !p.is_empty())
            .map(|p| (base + end + 2, base + end + 2 + p.len()));
        return Some(((base + 1, base + end), port));
    }
    // `<host>:<port>`: split at the last ':' outside angle brackets.
    let mut depth = 0i32;
    let mut colon = None;
    for (i, c) in hp.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => depth -= 1,
            ':' if depth == 0 => colon = Some(i),
            _ => {}
        }
    }
    match colon {
        Some(i) if !hp[..i].contains(':') => Some((
            (base, base + i),
            (i + 1 < hp.len()).then(|| (base + i + 1, base + hp.len())),
        )),
        Some(_) => None, // a bare IPv6 address
        None => Some(((base, base + hp.len()), None)),
    }
}

fn is_port_placeholder(p: &str) -> bool {
    if p.chars().all(|c| c.is_ascii_digit()) || p.contains('$') || p.contains('{') {
        return false;
    }
    (p.starts_with('<') && p.ends_with('>'))
        || p.chars().all(|c| c == 'x' || c == 'X')
        || (p
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
            && p.contains("PORT"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits() {
        let s = "http://<PROMETHEUS_IP>:<port>/x";
        let (h, p) = split(s).unwrap();
        assert_eq!(&s[h.0..h.1], "<PROMETHEUS_IP>");
        assert_eq!(&s[p.unwrap().0..p.unwrap().1], "<port>");
        let s = "APP_IP:5000";
        let (h, _) = split(s).unwrap();
        assert_eq!(&s[h.0..h.1], "APP_IP");
        assert!(is_port_placeholder("PORT"));
        assert!(is_port_placeholder("<port>"));
        assert!(!is_port_placeholder("9090"));
    }
}
