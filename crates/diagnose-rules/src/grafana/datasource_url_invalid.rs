//! A provisioned datasource URL that Grafana cannot use as the server's root.

use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "GRAF011",
    name: "datasource-url-invalid",
    domain: "grafana",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "GRAF011.message-scheme" => "the URL of datasource `{name}` has no scheme: `{url}`",
            "l’URL de la source de données `{name}` n’a pas de schéma : `{url}`";
        "GRAF011.message-space" => "the URL of datasource `{name}` contains a space",
            "l’URL de la source de données `{name}` contient une espace";
        "GRAF011.message-api" => "the URL of datasource `{name}` points at the API (`{path}`) rather than the server root",
            "l’URL de la source de données `{name}` pointe vers l’API (`{path}`) au lieu de la racine du serveur";
        "GRAF011.note-scheme" => "Grafana's HTTP client needs `http://` or `https://`: without it the queries fail with an unsupported protocol scheme",
            "le client HTTP de Grafana a besoin de `http://` ou `https://` : sans lui, les requêtes échouent (unsupported protocol scheme)";
        "GRAF011.note-space" => "Go's URL parser rejects a host with a space, so every query of the datasource fails",
            "l’analyseur d’URL de Go refuse un hôte avec une espace : chaque requête de la source de données échoue";
        "GRAF011.note-api" => "Grafana appends `{api}` to the URL itself, so the requests go to `{path}{api}…` and get 404",
            "Grafana ajoute lui-même `{api}` à l’URL : les requêtes vont donc vers `{path}{api}…` et reçoivent 404";
        "GRAF011.help-scheme" => "write `http://{url}`", "écrivez `http://{url}`";
        "GRAF011.help-space" => "remove the space", "supprimez l’espace";
        "GRAF011.help-api" => "end the URL at the server root (or at its route prefix), without `{path}`",
            "terminez l’URL à la racine du serveur (ou à son préfixe de route), sans `{path}`";
    },
    check,
};

/// Datasource types whose URL is an HTTP base URL (SQL datasources take `host:port`).
const HTTP_TYPES: &[&str] = &[
    "prometheus",
    "loki",
    "alertmanager",
    "tempo",
    "jaeger",
    "zipkin",
    "graphite",
    "elasticsearch",
];

/// API paths Grafana appends itself, per datasource type.
fn api_path(ty: &str) -> Option<&'static str> {
    match ty {
        "prometheus" => Some("/api/v1"),
        "loki" => Some("/loki/api/v1"),
        _ => None,
    }
}

fn check(cx: &mut Ctx<'_>) {
    for ds in &cx.stack.grafana.datasources {
        let (Some(url), Some(ty)) = (&ds.url, ds.ty.as_deref()) else {
            continue;
        };
        if !HTTP_TYPES.contains(&ty) {
            continue;
        }
        let raw = url.value.as_str();
        // Grafana expands `$VAR`/`${VAR}` in provisioning files: the value is not known.
        if raw.is_empty() || raw.contains('$') || raw.contains("{{") {
            continue;
        }
        let name = ds
            .name
            .as_ref()
            .map(|n| n.value.clone())
            .unwrap_or_default();
        if raw.trim().contains(char::is_whitespace) {
            cx.report(
                url.file,
                url.span,
                msg!("GRAF011.message-space", name = name.clone()),
            )
            .note(msg!("GRAF011.note-space"))
            .help(msg!("GRAF011.help-space"));
            continue;
        }
        let raw = raw.trim();
        let Some((scheme, rest)) = raw.split_once("://") else {
            // `host:port` or `host`: no scheme.
            if raw.starts_with('/') {
                continue;
            }
            cx.report(
                url.file,
                url.span,
                msg!(
                    "GRAF011.message-scheme",
                    name = name.clone(),
                    url = raw.to_string()
                ),
            )
            .note(msg!("GRAF011.note-scheme"))
            .help(msg!("GRAF011.help-scheme", url = raw.to_string()));
            continue;
        };
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            continue;
        }
        let Some(api) = api_path(ty) else { continue };
        let path = rest.find('/').map_or("", |i| &rest[i..]);
        let path = path.split(['?', '#']).next().unwrap_or("");
        if let Some(i) = path.find(api) {
            let tail = &path[i + api.len()..];
            if tail.is_empty() || tail.starts_with('/') {
                let shown = path.trim_end_matches('/');
                let api_part = shown[i..].to_string();
                let path = shown.to_string();
                cx.report(
                    url.file,
                    url.span,
                    msg!(
                        "GRAF011.message-api",
                        name = name.clone(),
                        path = path.clone()
                    ),
                )
                .note(msg!("GRAF011.note-api", api = api, path = path))
                .help(msg!("GRAF011.help-api", path = api_part));
            }
        }
    }
}
