//! PROM004: the Prometheus configuration checked as Prometheus loads it. Keys and value
//! types go through the shared schema walker (`crate::schema::walk`) with the tables of
//! `prometheus::schema`; this rule words what it finds (`keys.rs`, `values.rs`) and adds
//! the checks Prometheus makes after unmarshalling (`semantics.rs`, `http.rs`,
//! `discovery.rs`, `kubernetes.rs`).

use super::common::code_list;
use super::common::read_by_prometheus;
use super::schema::{self, Sec, Ty, RELABEL_ACTIONS, REQUIRED};
use super::version::{self, Reader, Release};
use crate::diagnostic::Severity;
use crate::schema::yaml::{found, is_bool, is_float, is_int, is_size, plain};
use crate::schema::Section;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::prometheus::parse_duration;
use diagnose_syntax::source::{FileId, Span};
use diagnose_syntax::{Node, Style, Value};
use diagnose_text::Message;
use diagnose_text::{msg, texts};

mod discovery;
mod http;
mod keys;
mod kubernetes;
mod semantics;
mod values;

pub static RULE: Rule = Rule {
    code: "PROM004",
    name: "invalid-prometheus-config",
    domain: "prometheus",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "PROM004.unknown-key" => "unknown key `{key}` in `{section}`", "clé inconnue `{key}` dans `{section}`";
        "PROM004.unknown-top" => "unknown top-level key `{key}`", "clé de premier niveau inconnue `{key}`";
        "PROM004.note-strict" => "Prometheus reads its configuration strictly and refuses to load it: `field {key} not found in type …`",
            "Prometheus lit sa configuration strictement et refuse de la charger : `field {key} not found in type …`";
        "PROM004.help-suggest" => "did you mean `{suggestion}`?", "vouliez-vous dire `{suggestion}` ?";
        "PROM004.help-moved" => "`{key}` belongs in `{section}`", "`{key}` va dans `{section}`";
        "PROM004.duplicate-key" => "key `{key}` is set twice in `{section}`", "la clé `{key}` est définie deux fois dans `{section}`";
        "PROM004.note-duplicate" => "Prometheus refuses to load the file: `field {key} already set`",
            "Prometheus refuse de charger le fichier : `field {key} already set`";
        "PROM004.label-first" => "first set here", "première définition ici";
        "PROM004.expect-duration" => "`{key}` expects a duration such as `30s` or `1m30s`, found {found}",
            "`{key}` attend une durée comme `30s` ou `1m30s`, trouvé {found}";
        "PROM004.note-duration" => "a Prometheus duration is an integer followed by a unit (`ms`, `s`, `m`, `h`, `d`, `w`, `y`), largest unit first, without spaces or decimals",
            "une durée Prometheus est un entier suivi d’une unité (`ms`, `s`, `m`, `h`, `d`, `w`, `y`), de la plus grande à la plus petite, sans espace ni décimale";
        "PROM004.expect-bool" => "`{key}` expects `true` or `false`, found {found}", "`{key}` attend `true` ou `false`, trouvé {found}";
        "PROM004.expect-int" => "`{key}` expects a whole number, found {found}", "`{key}` attend un nombre entier, trouvé {found}";
        "PROM004.expect-uint" => "`{key}` expects a whole number, zero or more, found {found}",
            "`{key}` attend un nombre entier positif ou nul, trouvé {found}";
        "PROM004.expect-float" => "`{key}` expects a number, found {found}", "`{key}` attend un nombre, trouvé {found}";
        "PROM004.expect-size" => "`{key}` expects a size with a unit such as `10MB`, found {found}",
            "`{key}` attend une taille avec une unité comme `10MB`, trouvé {found}";
        "PROM004.expect-scalar" => "`{key}` expects a single value, found {found}", "`{key}` attend une valeur simple, trouvé {found}";
        "PROM004.expect-list" => "`{key}` expects a list, found {found}", "`{key}` attend une liste, trouvé {found}";
        "PROM004.expect-map" => "`{key}` expects a mapping of keys to values, found {found}",
            "`{key}` attend une table de clés et de valeurs, trouvé {found}";
        "PROM004.note-type" => "Prometheus refuses to load the file: `cannot unmarshal … into …`",
            "Prometheus refuse de charger le fichier : `cannot unmarshal … into …`";
        "PROM004.help-unquote" => "remove the quotes: `{key}: {value}`", "retirez les guillemets : `{key}: {value}`";
        "PROM004.enum" => "`{key}` must be one of {allowed}, found `{value}`", "`{key}` doit valoir {allowed}, trouvé `{value}`";
        "PROM004.note-enum" => "Prometheus refuses to load a value it does not know",
            "Prometheus refuse de charger une valeur qu’il ne connaît pas";
        "PROM004.am-v1" => "Alertmanager `api_version: v1` is no longer supported", "`api_version: v1` d’Alertmanager n’est plus pris en charge";
        "PROM004.note-am-v1" => "Prometheus 3 removed the Alertmanager v1 API: `expected Alertmanager api version to be one of [v2]`",
            "Prometheus 3 a retiré l’API v1 d’Alertmanager : `expected Alertmanager api version to be one of [v2]`";
        "PROM004.help-am-v1" => "use `api_version: v2` (Alertmanager 0.16 and later), or remove the line", "utilisez `api_version: v2` (Alertmanager 0.16 et suivants), ou supprimez la ligne";
        "PROM004.null-entry" => "empty entry in `{section}`", "entrée vide dans `{section}`";
        "PROM004.note-null" => "Prometheus refuses to load the file: `empty or null … section`",
            "Prometheus refuse de charger le fichier : `empty or null … section`";
        "PROM004.job-name-missing" => "scrape config without `job_name`", "configuration de scrape sans `job_name`";
        "PROM004.note-job-name" => "Prometheus refuses to load the file: `job_name is empty`",
            "Prometheus refuse de charger le fichier : `job_name is empty`";
        "PROM004.scheme" => "`scheme` must be `http` or `https`, found `{value}`", "`scheme` doit valoir `http` ou `https`, trouvé `{value}`";
        "PROM004.note-scheme" => "Prometheus loads the file but every request fails: `unsupported protocol scheme \"{value}\"`",
            "Prometheus charge le fichier mais chaque requête échoue : `unsupported protocol scheme \"{value}\"`";
        "PROM004.relabel-action" => "unknown relabel action `{action}`", "action de relabelling inconnue `{action}`";
        "PROM004.help-action" => "use one of {allowed}", "utilisez l’une de {allowed}";
        "PROM004.relabel-empty-action" => "relabel `action` is empty", "l’`action` de relabelling est vide";
        "PROM004.relabel-target" => "relabel action `{action}` needs `target_label`", "l’action de relabelling `{action}` exige `target_label`";
        "PROM004.relabel-modulus" => "relabel action `hashmod` needs a non-zero `modulus`", "l’action de relabelling `hashmod` exige un `modulus` non nul";
        "PROM004.relabel-only-regex" => "relabel action `{action}` accepts only `regex`, not `{key}`",
            "l’action de relabelling `{action}` n’accepte que `regex`, pas `{key}`";
        "PROM004.relabel-only-labels" => "relabel action `{action}` accepts only `source_labels` and `target_label`, not `{key}`",
            "l’action de relabelling `{action}` n’accepte que `source_labels` et `target_label`, pas `{key}`";
        "PROM004.relabel-replacement" => "`replacement` cannot be set for relabel action `{action}`",
            "`replacement` ne peut pas être défini pour l’action de relabelling `{action}`";
        "PROM004.note-relabel" => "Prometheus checks relabelling rules when it loads the file and refuses invalid ones",
            "Prometheus vérifie les règles de relabelling au chargement et refuse celles qui sont invalides";
        "PROM004.regex" => "`regex` does not compile: {error}", "`regex` ne compile pas : {error}";
        "PROM004.note-regex" => "Prometheus uses Go's RE2 syntax: no lookahead or lookbehind, no backreferences",
            "Prometheus utilise la syntaxe RE2 de Go : ni lookahead ni lookbehind, ni références arrière";
        "PROM004.target-label" => "`{label}` is not a valid label name for `target_label`", "`{label}` n’est pas un nom de label valide pour `target_label`";
        "PROM004.note-target-label" => "Prometheus 2 accepts only `[a-zA-Z_][a-zA-Z0-9_]*` (with `${{1}}`-style references for `replace`)",
            "Prometheus 2 n’accepte que `[a-zA-Z_][a-zA-Z0-9_]*` (avec des références du type `${{1}}` pour `replace`)";
        "PROM004.conflict" => "`{a}` and `{b}` cannot be used together", "`{a}` et `{b}` ne peuvent pas être utilisés ensemble";
        "PROM004.note-conflict" => "Prometheus refuses to load the file: `at most one of … must be configured`",
            "Prometheus refuse de charger le fichier : `at most one of … must be configured`";
        "PROM004.k8s-role" => "`kubernetes_sd_configs` entry without `role`", "entrée `kubernetes_sd_configs` sans `role`";
        "PROM004.help-k8s-role" => "add `role:` with one of `pod`, `service`, `endpoints`, `endpointslice`, `node`, `ingress`",
            "ajoutez `role:` avec `pod`, `service`, `endpoints`, `endpointslice`, `node` ou `ingress`";
        "PROM004.k8s-http" => "`{key}` in `kubernetes_sd_configs` needs `api_server`", "`{key}` dans `kubernetes_sd_configs` exige `api_server`";
        "PROM004.note-k8s-http" => "inside the cluster Prometheus uses the pod's ServiceAccount; custom HTTP settings are refused: `to use custom HTTP client configuration please provide the 'api_server' URL explicitly`",
            "dans le cluster, Prometheus utilise le ServiceAccount du pod ; des réglages HTTP sont refusés : `to use custom HTTP client configuration please provide the 'api_server' URL explicitly`";
        "PROM004.help-k8s-http" => "remove `{key}` here (the in-cluster credentials are used), or move it to the scrape job",
            "retirez `{key}` ici (les identifiants du cluster sont utilisés), ou déplacez-le dans le job de scrape";
        "PROM004.k8s-selector" => "role `{role}` supports only {allowed} selectors, not `{selector}`",
            "le rôle `{role}` n’accepte que des sélecteurs {allowed}, pas `{selector}`";
        "PROM004.required" => "`{section}` entry without `{key}`", "entrée `{section}` sans `{key}`";
        "PROM004.note-required" => "Prometheus refuses to load the file when `{key}` is missing",
            "Prometheus refuse de charger le fichier quand `{key}` manque";
        "PROM004.positive" => "`{key}` must be greater than zero", "`{key}` doit être supérieur à zéro";
        "PROM004.order" => "`{a}` ({va}) must not be greater than `{b}` ({vb})", "`{a}` ({va}) ne doit pas dépasser `{b}` ({vb})";
        "PROM004.percentage" => "`{key}` must be between 0 and 100, found `{value}`", "`{key}` doit être entre 0 et 100, trouvé `{value}`";
        "PROM004.note-value" => "Prometheus refuses to load the file when this value is out of range",
            "Prometheus refuse de charger le fichier quand cette valeur est hors limites";
        "PROM004.reserved-header" => "header `{header}` is reserved: Prometheus sets it itself", "l’en-tête `{header}` est réservé : Prometheus le définit lui-même";
        "PROM004.auth-header" => "an `Authorization` header cannot be set in `headers`", "un en-tête `Authorization` ne peut pas être défini dans `headers`";
        "PROM004.help-auth-header" => "use `authorization`, `basic_auth` or `oauth2` instead", "utilisez plutôt `authorization`, `basic_auth` ou `oauth2`";
        "PROM004.path" => "invalid path `{path}`: a `*` is allowed only in the last path segment",
            "chemin invalide `{path}` : un `*` n’est permis que dans le dernier segment du chemin";
        "PROM004.note-path" => "Prometheus refuses to load the file: `invalid rule file path`",
            "Prometheus refuse de charger le fichier : `invalid rule file path`";
        "PROM004.duplicate-name" => "`{section}` name `{name}` is used twice", "le nom `{name}` de `{section}` est utilisé deux fois";
        "PROM004.scrape-protocol" => "unknown scrape protocol `{value}`", "protocole de scrape inconnu `{value}`";
        "PROM004.scrape-protocol-dup" => "scrape protocol `{value}` is listed twice", "le protocole de scrape `{value}` est listé deux fois";
        "PROM004.requires" => "`{a}` requires `{b}`", "`{a}` exige `{b}`";
        "PROM004.too-new" => "`{key}` needs Prometheus {since} or later, but this file is read by `{image}`",
            "`{key}` exige Prometheus {since} ou plus récent, mais ce fichier est lu par `{image}`";
        "PROM004.note-too-new" => "Prometheus {version} does not know this key and refuses to load the file: `field … not found in type …`",
            "Prometheus {version} ne connaît pas cette clé et refuse de charger le fichier : `field … not found in type …`";
        "PROM004.note-too-new-action" => "Prometheus {version} does not know this action and refuses to load the file: `unknown relabel action type`",
            "Prometheus {version} ne connaît pas cette action et refuse de charger le fichier : `unknown relabel action type`";
        "PROM004.help-too-new" => "use an image of Prometheus {since} or later, or remove `{key}`",
            "utilisez une image de Prometheus {since} ou plus récente, ou retirez `{key}`";
        "PROM004.label-image" => "Prometheus {version} runs here", "Prometheus {version} tourne ici";
        "PROM004.removed" => "`{key}` was removed in Prometheus {until}", "`{key}` a été retiré dans Prometheus {until}";
        "PROM004.note-removed" => "later releases refuse to load the file: `field {key} not found in type …`",
            "les versions suivantes refusent de charger le fichier : `field {key} not found in type …`";
        "PROM004.one-of" => "`{section}` entry needs `{a}` or `{b}`", "l’entrée `{section}` exige `{a}` ou `{b}`";
        "PROM004.url-scheme-host" => "`{key}` must be a URL with a scheme and a host, such as `http://eureka:8761/eureka`, found `{value}`",
            "`{key}` doit être une URL avec un schéma et un hôte, comme `http://eureka:8761/eureka`, trouvé `{value}`";
        "PROM004.url-parse" => "`{key}` is not a URL that Prometheus can parse: `{value}`",
            "`{key}` n’est pas une URL que Prometheus sait lire : `{value}`";
        "PROM004.ec2-filter-values" => "EC2 filter `{name}` has no `values`", "le filtre EC2 `{name}` n’a pas de `values`";
        "PROM004.k8s-field-selector" => "`{selector}` is not a valid field selector: each term needs `=`, `==` or `!=`",
            "`{selector}` n’est pas un sélecteur de champ valide : chaque terme exige `=`, `==` ou `!=`";
        "PROM004.k8s-label-selector" => "`{selector}` is not a valid label selector", "`{selector}` n’est pas un sélecteur de labels valide";
        "PROM004.note-selector" => "Prometheus parses selectors as Kubernetes does and refuses to load the file: `invalid selector`",
            "Prometheus lit les sélecteurs comme Kubernetes et refuse de charger le fichier : `invalid selector`";
        "PROM004.attr-empty" => "empty attribute name in `{key}`", "nom d’attribut vide dans `{key}`";
        "PROM004.attr-duplicate" => "attribute `{name}` is listed twice in `{key}`", "l’attribut `{name}` est listé deux fois dans `{key}`";
        "PROM004.otlp-strategy-legacy" => "OTLP `translation_strategy: {value}` keeps UTF-8 names, but `metric_name_validation_scheme` is `legacy`",
            "`translation_strategy: {value}` d’OTLP garde les noms UTF-8, mais `metric_name_validation_scheme` vaut `legacy`";
        "PROM004.escaping-utf8-legacy" => "job `{job}` asks for UTF-8 metric names (`metric_name_escaping_scheme: allow-utf-8`) but validates them as `legacy`",
            "le job `{job}` demande des noms de métriques UTF-8 (`metric_name_escaping_scheme: allow-utf-8`) mais les valide en `legacy`";
        "PROM004.note-escaping" => "Prometheus refuses to load the file: `utf8 metric names requested but validation scheme is not set to UTF8`",
            "Prometheus refuse de charger le fichier : `utf8 metric names requested but validation scheme is not set to UTF8`";
        "PROM004.help-escaping" => "set `metric_name_validation_scheme: utf8`, or choose the escaping `underscores`, `dots` or `values`",
            "mettez `metric_name_validation_scheme: utf8`, ou choisissez l’échappement `underscores`, `dots` ou `values`";
        "PROM004.label-escaping" => "inherited from here", "hérité d’ici";
        "PROM004.auth-type-basic" => "`authorization` cannot use the type `Basic`", "`authorization` ne peut pas utiliser le type `Basic`";
        "PROM004.help-auth-type-basic" => "use `basic_auth` with `username` and `password` instead", "utilisez plutôt `basic_auth` avec `username` et `password`";
        "PROM004.label-name-bytes" => "this `!!binary` label name is not UTF-8 text", "ce nom de label `!!binary` n’est pas du texte UTF-8";
        "PROM004.label-value-bytes" => "this `!!binary` label value is not UTF-8 text", "cette valeur de label `!!binary` n’est pas du texte UTF-8";
        "PROM004.include-key" => "`{key}` cannot be set in a file that `scrape_config_files` loads: only `scrape_configs` can",
            "`{key}` ne peut pas être défini dans un fichier chargé par `scrape_config_files` : seul `scrape_configs` le peut";
        "PROM004.note-include-key" => "Prometheus refuses to load the configuration: `field {key} not found in type struct {{ ScrapeConfigs … }}`",
            "Prometheus refuse de charger la configuration : `field {key} not found in type struct {{ ScrapeConfigs … }}`";
        "PROM004.label-included" => "loaded from here", "chargé d’ici";
        "PROM004.url-missing" => "`{section}` entry without `url`", "entrée `{section}` sans `url`";
        "PROM004.note-url" => "Prometheus refuses to load the file: `url for {section} is empty`",
            "Prometheus refuse de charger le fichier : `url for {section} is empty`";
    },
    check,
};

fn check(cx: &mut Ctx<'_>) {
    for p in &cx.stack.prometheus {
        if !read_by_prometheus(cx.stack, p.file) {
            continue;
        }
        let reader = version::reader(cx.stack, p.file);
        let major = reader.as_ref().map(|r| r.major);
        if major.is_some_and(|m| m < 2) {
            // Prometheus 1.x had another format.
            continue;
        }
        let legacy = major == Some(2)
            || p.root
                .path(&["global", "metric_name_validation_scheme"])
                .and_then(Node::as_str)
                == Some("legacy");
        let mut w = Walker {
            cx,
            file: p.file,
            legacy,
            reader,
        };
        crate::schema::walk(&mut w, &p.root, &schema::ROOT, "");
        included_files(cx, p);
    }
}

/// A file that `scrape_config_files` loads may hold `scrape_configs` only.
fn included_files(cx: &mut Ctx<'_>, p: &diagnose_model::prometheus::PromConfig) {
    for (entry, q) in super::common::included_configs(cx.ws, cx.stack, p) {
        for e in q.root.entries() {
            let Some(k) = e.key.as_str() else { continue };
            if k == "scrape_configs" {
                continue;
            }
            let d = cx.report(q.file, e.key.span, msg!("PROM004.include-key", key = k));
            d.note(msg!("PROM004.note-include-key", key = k));
            d.related(p.file, entry.span, msg!("PROM004.label-included"));
        }
    }
}

/// PROM004's side of the shared schema walk: it implements `crate::schema::Visit` for
/// Prometheus' `Sec` tables (`keys.rs`) and reports in one file.
struct Walker<'a, 'b> {
    cx: &'a mut Ctx<'b>,
    file: FileId,
    /// Label names are checked with Prometheus 2's (legacy) rules.
    legacy: bool,
    /// The Prometheus image that reads the file, when its tag names a release: keys and
    /// checks are then judged by that release instead of the newest.
    reader: Option<Reader>,
}

impl Walker<'_, '_> {
    /// The major version of the Prometheus that reads the file, when a tag says.
    fn major(&self) -> Option<u32> {
        self.reader.as_ref().map(|r| r.major)
    }

    fn report(&mut self, span: Span, m: Message) -> &mut crate::diagnostic::Diagnostic {
        self.cx.report(self.file, span, m)
    }

    fn type_error(&mut self, key: &str, n: &Node, id: &'static str) {
        let f = found(n);
        let quoted_ok = match &n.value {
            Value::Scalar(s, Style::SingleQuoted | Style::DoubleQuoted) => Some(s.clone()),
            _ => None,
        };
        let d = self
            .cx
            .report(self.file, n.span, msg!(id, key = key, found = f));
        d.note(msg!("PROM004.note-type"));
        if let Some(v) = quoted_ok {
            let unquoted_ok = match id {
                "PROM004.expect-bool" => is_bool(&v),
                "PROM004.expect-int" => is_int(&v, false),
                "PROM004.expect-uint" => is_int(&v, true),
                "PROM004.expect-float" => is_float(&v),
                _ => false,
            };
            if unquoted_ok {
                d.help(msg!("PROM004.help-unquote", key = key, value = v));
            }
        }
    }

    /// Checks across the whole file: rule file paths, duplicate remote names.
    fn root(&mut self, node: &Node) {
        self.name_schemes(node);
        for key in ["rule_files", "scrape_config_files"] {
            for it in node.get(key).map(Node::items).unwrap_or_default() {
                let Some(p) = it.as_str() else { continue };
                // `^[^*]*(\*[^/]*)?$`
                let ok = match p.find('*') {
                    None => true,
                    Some(i) => !p[i + 1..].contains(['/', '*']),
                };
                if !ok {
                    let d = self.report(it.span, msg!("PROM004.path", path = p));
                    d.note(msg!("PROM004.note-path"));
                }
            }
        }
        for key in ["remote_write", "remote_read"] {
            let mut names: Vec<&str> = Vec::new();
            for it in node.get(key).map(Node::items).unwrap_or_default() {
                let Some(n) = it.get("name") else { continue };
                let Some(v) = n.as_str() else { continue };
                if v.is_empty() {
                    continue;
                }
                if names.contains(&v) {
                    let d = self.report(
                        n.span,
                        msg!("PROM004.duplicate-name", section = key, name = v),
                    );
                    d.note(msg!("PROM004.note-value"));
                }
                names.push(v);
            }
        }
    }
}

const SCRAPE_PROTOCOLS: &[&str] = &[
    "OpenMetricsText0.0.1",
    "OpenMetricsText1.0.0",
    "PrometheusProto",
    "PrometheusText0.0.4",
    "PrometheusText1.0.0",
];

/// Headers Prometheus sets itself (`reservedHeaders` in config/config.go).
const RESERVED_HEADERS: &[&str] = &[
    "host",
    "content-encoding",
    "content-length",
    "content-type",
    "user-agent",
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "www-authenticate",
    "accept-encoding",
    "x-prometheus-remote-write-version",
    "x-prometheus-remote-read-version",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-content-sha256",
];

/// Set to something: present, not null, not an empty string or list.
fn is_set(node: &Node, key: &str) -> bool {
    node.get(key).is_some_and(|v| {
        !v.is_null() && v.as_str() != Some("") && !(v.is_seq() && v.items().is_empty())
    })
}

fn legacy_label_name(s: &str) -> bool {
    let mut cs = s.chars();
    cs.next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `relabelTargetLegacy`: `^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$`.
fn legacy_target_with_vars(s: &str) -> bool {
    super::re2::Regex::new(r"(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+")
        .ok()
        .and_then(|r| r.full_match(s))
        .unwrap_or(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_names() {
        assert!(legacy_target_with_vars("${1}_total") && !legacy_target_with_vars("foo-bar"));
        assert!(legacy_label_name("a_b") && !legacy_label_name("1a"));
    }
}
