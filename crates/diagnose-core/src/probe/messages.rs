//! The texts of `diagnose probe` (the CLI's errors and notes), in English and French.

use diagnose_text::{texts, Text};

/// Texts of the probe command (the CLI's errors and notes).
pub static TEXTS: &[Text] = texts! {
    "probe.refused" => "cannot reach `{url}`: connection refused (nothing listens on that port; is it running?)",
        "impossible de joindre `{url}`\u{a0}: connexion refusée (rien n’écoute sur ce port\u{a0}; est-il lancé\u{a0}?)";
    "probe.dns" => "cannot reach `{url}`: unknown host name `{host}`",
        "impossible de joindre `{url}`\u{a0}: nom d’hôte inconnu `{host}`";
    "probe.tls" => "cannot reach `{url}`: TLS error: {error}",
        "impossible de joindre `{url}`\u{a0}: erreur TLS\u{a0}: {error}";
    "probe.tls-plain" => "cannot reach `{url}`: the server answers in plain HTTP, not TLS: use `http://`",
        "impossible de joindre `{url}`\u{a0}: le serveur répond en HTTP simple, pas en TLS\u{a0}: utilisez `http://`";
    "probe.timeout" => "cannot reach `{url}`: no answer within {seconds} seconds",
        "impossible de joindre `{url}`\u{a0}: pas de réponse en {seconds} secondes";
    "probe.unauthorized" => "`{url}` answered HTTP {status}: set `DIAGNOSE_PROBE_USER` and `DIAGNOSE_PROBE_PASSWORD` (basic auth) or `DIAGNOSE_PROBE_TOKEN` (bearer token)",
        "`{url}` a répondu HTTP {status}\u{a0}: définissez `DIAGNOSE_PROBE_USER` et `DIAGNOSE_PROBE_PASSWORD` (basic auth) ou `DIAGNOSE_PROBE_TOKEN` (jeton bearer)";
    "probe.unknown-server" => "`{url}` is neither Prometheus nor Alertmanager: `{path}` answered HTTP {status}",
        "`{url}` n’est ni Prometheus ni Alertmanager\u{a0}: `{path}` a répondu HTTP {status}";
    "probe.other" => "cannot reach `{url}`: {error}", "impossible de joindre `{url}`\u{a0}: {error}";
    "probe.partial" => "`{url}{path}` could not be read ({reason}); the rest was checked",
        "`{url}{path}` n’a pas pu être lu ({reason})\u{a0}; le reste a été vérifié";
    "probe.found" => "`{url}`: {program} {version}", "`{url}`\u{a0}: {program} {version}";
    "probe.unreachable-summary" => "{n} of the servers could not be probed", "{n} des serveurs n’ont pas pu être interrogés";
};
