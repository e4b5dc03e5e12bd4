use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::prometheus::parse_duration;
use diagnose_model::workspace::Kind;
use diagnose_syntax::source::{FileId, Span};
use diagnose_syntax::Node;
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "PROM007",
    name: "invalid-rule-file",
    domain: "prometheus",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "PROM007.unknown-root" => "unknown field `{key}` in a rule file",
            "champ `{key}` inconnu dans un fichier de règles";
        "PROM007.unknown-group" => "unknown field `{key}` in a rule group",
            "champ `{key}` inconnu dans un groupe de règles";
        "PROM007.unknown-rule" => "unknown field `{key}` in a rule", "champ `{key}` inconnu dans une règle";
        "PROM007.duplicate-key" => "the field `{key}` is written twice", "le champ `{key}` est écrit deux fois";
        "PROM007.group-not-map" => "a rule group must be a mapping, not a {found}",
            "un groupe de règles doit être un mapping, pas : {found}";
        "PROM007.rule-not-map" => "a rule must be a mapping, not a {found}", "une règle doit être un mapping, pas : {found}";
        "PROM007.not-map" => "`{key}` must be a mapping, not a {found}", "`{key}` doit être un mapping, pas : {found}";
        "PROM007.not-list" => "`{key}` must be a list, not a {found}", "`{key}` doit être une liste, pas : {found}";
        "PROM007.not-string" => "`{key}` must be a string, not a {found}", "`{key}` doit être une chaîne, pas : {found}";
        "PROM007.group-name" => "a rule group needs a `name`", "un groupe de règles doit avoir un `name`";
        "PROM007.group-repeated" => "the group name `{name}` is repeated in this file",
            "le nom de groupe `{name}` est répété dans ce fichier";
        "PROM007.both" => "a rule has both `alert` and `record`; only one may be set",
            "une règle a à la fois `alert` et `record` ; un seul des deux est permis";
        "PROM007.neither" => "a rule needs `alert` or `record`", "une règle doit avoir `alert` ou `record`";
        "PROM007.no-expr" => "the rule `{rule}` has no `expr`", "la règle `{rule}` n’a pas d’`expr`";
        "PROM007.bad-duration" => "`{value}` is not a valid duration for `{key}`",
            "`{value}` n’est pas une durée valide pour `{key}`";
        "PROM007.record-field" => "`{key}` is not allowed in the recording rule `{rule}`",
            "`{key}` n’est pas permis dans la règle d’enregistrement `{rule}`";
        "PROM007.record-name" => "`{name}` is not a valid metric name for a recording rule",
            "`{name}` n’est pas un nom de métrique valide pour une règle d’enregistrement";
        "PROM007.label-name" => "`{name}` is not a valid label name", "`{name}` n’est pas un nom de label valide";
        "PROM007.note" => "`promtool check rules` rejects this file, and Prometheus refuses to load it: at start-up it exits, on reload it keeps the previous rules",
            "`promtool check rules` rejette ce fichier, et Prometheus refuse de le charger : au démarrage il s’arrête, au rechargement il garde les règles précédentes";
        "PROM007.record-name-legacy" => "`{name}` is a valid recording rule name only for Prometheus 3 and later (UTF-8 names, to be quoted in queries: `{{\"{name}\"}}`); older versions and `promtool` 2.x reject the file",
            "`{name}` n’est un nom de règle d’enregistrement valide qu’à partir de Prometheus 3 (noms UTF-8, à citer entre guillemets dans les requêtes : `{{\"{name}\"}}`) ; les versions plus anciennes et `promtool` 2.x rejettent le fichier";
        "PROM007.record-name-v2" => "`{name}` is not a valid recording rule name for Prometheus {version} (`{image}`): UTF-8 names need Prometheus 3",
            "`{name}` n’est pas un nom de règle d’enregistrement valide pour Prometheus {version} (`{image}`) : les noms UTF-8 exigent Prometheus 3";
        "PROM007.label-name-v2" => "`{name}` is not a valid label name for Prometheus {version} (`{image}`): UTF-8 names need Prometheus 3",
            "`{name}` n’est pas un nom de label valide pour Prometheus {version} (`{image}`) : les noms UTF-8 exigent Prometheus 3";
        "PROM007.label-name-legacy" => "`{name}` is a valid label name only for Prometheus 3 and later (UTF-8 names); older versions and `promtool` 2.x reject the file",
            "`{name}` n’est un nom de label valide qu’à partir de Prometheus 3 (noms UTF-8) ; les versions plus anciennes et `promtool` 2.x rejettent le fichier";
        "PROM007.template-var" => "the template uses `${var}`, which is not defined",
            "le modèle utilise `${var}`, qui n’est pas défini";
        "PROM007.template-var-help" => "templates know `$labels`, `$value`, `$externalLabels` and `$externalURL`",
            "les modèles connaissent `$labels`, `$value`, `$externalLabels` et `$externalURL`";
        "PROM007.template-unclosed" => "a template action `{{{{` is not closed", "une action de modèle `{{{{` n’est pas fermée";
        "PROM007.v1-syntax" => "this is a Prometheus 1.x rule file (`ALERT … IF …`); Prometheus 2 and later read YAML rule groups",
            "ce fichier de règles est au format de Prometheus 1.x (`ALERT … IF …`) ; Prometheus 2 et suivants lisent des groupes de règles en YAML";
        "PROM007.v1-help" => "convert it with `promtool update rules` (Prometheus 2.x) or rewrite it as `groups:`",
            "convertissez-le avec `promtool update rules` (Prometheus 2.x) ou réécrivez-le en `groups:`";
        "PROM007.help-names" => "metric and label names use letters, digits and `_` (metric names also `:`), and do not start with a digit",
            "les noms de métriques et de labels utilisent lettres, chiffres et `_` (les métriques aussi `:`), et ne commencent pas par un chiffre";
    },
    check,
};

const ROOT_KEYS: &[&str] = &["groups"];
const GROUP_KEYS: &[&str] = &diagnose_model::kind::PROMETHEUS_RULE_GROUP_KEYS;
/// A group key of Thanos Ruler (its rule files are Prometheus's with this one addition):
/// accepted unless only Prometheus reads the file, which refuses it.
const THANOS_GROUP_KEY: &str = "partial_response_strategy";
/// A namespace file of lokitool, cortextool and mimirtool (`rules load`/`sync`): a rule
/// file with a top-level `namespace` (the ruler namespace, instead of the file's name) and
/// groups that may hold a `remote_write` list (their `rwrulefmt.RuleGroup`). Accepted unless
/// only Prometheus reads the file, which refuses both.
const NAMESPACE_ROOT_KEY: &str = "namespace";
const NAMESPACE_GROUP_KEY: &str = "remote_write";
const RULE_KEYS: &[&str] = &[
    "record",
    "alert",
    "expr",
    "for",
    "keep_firing_for",
    "labels",
    "annotations",
];

struct Check<'c, 'a> {
    cx: &'c mut Ctx<'a>,
    file: FileId,
    /// The Prometheus 2 image that reads the file, when one does: UTF-8 names are then
    /// refused, not merely unportable.
    v2: Option<super::version::Reader>,
}

impl Check<'_, '_> {
    /// A name valid only with Prometheus 3's UTF-8 names: an error when a Prometheus 2
    /// image reads the file, else a warning.
    fn utf8_name(&mut self, span: Span, name: &str, label: bool) {
        let d = match self.v2.clone() {
            Some(r) => {
                let id = if label {
                    "PROM007.label-name-v2"
                } else {
                    "PROM007.record-name-v2"
                };
                let d = self.err(
                    span,
                    msg!(
                        id,
                        name = name,
                        version = r.shown(),
                        image = r.image.as_str()
                    ),
                );
                if let Some((file, at)) = r.at {
                    d.related(file, at, msg!("PROM004.label-image", version = r.shown()));
                }
                d
            }
            None => {
                let id = if label {
                    "PROM007.label-name-legacy"
                } else {
                    "PROM007.record-name-legacy"
                };
                let d = self.err(span, msg!(id, name = name));
                d.severity = Severity::Warning;
                d
            }
        };
        d.help(msg!("PROM007.help-names"));
    }
}

impl Check<'_, '_> {
    fn err(&mut self, span: Span, m: diagnose_text::Message) -> &mut crate::diagnostic::Diagnostic {
        let d = self.cx.report(self.file, span, m);
        d.note(msg!("PROM007.note"));
        d
    }

    /// Unknown and repeated keys of a mapping.
    fn keys(&mut self, n: &Node, known: &[&str], unknown: &'static str) {
        let mut seen: Vec<&str> = Vec::new();
        for e in n.entries() {
            let Some(k) = e.key.as_str() else { continue };
            if seen.contains(&k) {
                self.err(e.key.span, msg!("PROM007.duplicate-key", key = k));
            }
            seen.push(k);
            if !known.contains(&k) {
                self.err(e.key.span, msg!(unknown, key = k));
            }
        }
    }
}

pub fn valid_metric_name(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(x) if x.is_ascii_alphabetic() || x == '_' || x == ':')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_' || x == ':')
}

pub fn valid_label_name(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(x) if x.is_ascii_alphabetic() || x == '_')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
}

fn check(cx: &mut Ctx<'_>) {
    // Prometheus 1.x rule files that still read as YAML (a plain scalar).
    for f in cx.ws.files.iter() {
        if f.origin.is_some()
            || !f.path.ends_with(".rules") // (its name's end, without looking for the name)
            || cx.ws.parse_errors.iter().any(|(p, _)| *p == f.id)
            || cx
                .ws
                .docs
                .iter()
                .any(|d| d.file == f.id && d.kind == Kind::PrometheusRules)
        {
            continue;
        }
        let Some(i) = f.text.find("ALERT ") else {
            continue;
        };
        let line_end = f.text[i..].find('\n').map_or(f.text.len(), |e| i + e);
        let d = cx.report(f.id, Span::new(i, line_end), msg!("PROM007.v1-syntax"));
        d.note(msg!("PROM007.note"));
        d.help(msg!("PROM007.v1-help"));
    }
    let vm = diagnose_model::promql::vmalert_rule_files(cx.ws, cx.stack);
    let docs: Vec<_> = cx
        .ws
        .docs_of(Kind::PrometheusRules)
        .filter(|d| !vm.contains(&cx.ws.root_file(d.file)))
        .collect();
    for d in docs {
        // PrometheusRule resources: the operator checks their `spec`, with its own fields.
        let is_cr = cx.ws.file(d.file).origin.is_none()
            && !cx.ws.file(d.file).path.ends_with(".json")
            && cx.ws.docs.iter().any(|k| {
                k.file == d.file
                    && k.kind == Kind::Kubernetes
                    && k.root.get("spec") == Some(&d.root)
            });
        let v2 = super::version::reader(cx.stack, d.file)
            .or_else(|| super::version::reader(cx.stack, cx.ws.root_file(d.file)))
            .filter(|r| r.major == 2);
        let readers = cx.stack.reader_images(cx.ws.root_file(d.file));
        let thanos_ok = readers.is_empty()
            || readers
                .iter()
                .any(|i| diagnose_model::images::base_of(i) != "prometheus");
        let mut c = Check {
            cx,
            file: d.file,
            v2,
        };
        // A lokitool/cortextool/mimirtool namespace file: `namespace` is a string.
        let namespace = thanos_ok
            && d.root
                .get(NAMESPACE_ROOT_KEY)
                .is_some_and(|n| n.as_str().is_some());
        if !is_cr {
            if namespace {
                c.keys(
                    &d.root,
                    &[ROOT_KEYS[0], NAMESPACE_ROOT_KEY],
                    "PROM007.unknown-root",
                );
            } else {
                c.keys(&d.root, ROOT_KEYS, "PROM007.unknown-root");
            }
        }
        let groups = d.root.get("groups").unwrap();
        let mut names: Vec<&str> = Vec::new();
        for g in groups.items() {
            if !g.is_map() {
                c.err(g.span, msg!("PROM007.group-not-map", found = g.kind_name()));
                continue;
            }
            let thanos = thanos_ok && g.get(THANOS_GROUP_KEY).is_some();
            let known: Vec<&str> = GROUP_KEYS
                .iter()
                .copied()
                .chain(thanos.then_some(THANOS_GROUP_KEY))
                .chain(namespace.then_some(NAMESPACE_GROUP_KEY))
                .collect();
            c.keys(g, &known, "PROM007.unknown-group");
            match g.get("name").and_then(Node::as_str) {
                None => {
                    c.err(g.span, msg!("PROM007.group-name"));
                }
                Some(n) => {
                    if names.contains(&n) {
                        c.err(
                            g.get("name").unwrap().span,
                            msg!("PROM007.group-repeated", name = n),
                        );
                    }
                    names.push(n);
                }
            }
            for key in ["interval", "query_offset"] {
                duration(&mut c, g, key);
            }
            if let Some(l) = g.get("labels") {
                labels(&mut c, l, "labels");
            }
            let Some(rules) = g.get("rules") else {
                continue;
            };
            if rules.is_null() {
                continue;
            }
            if !rules.is_seq() {
                c.err(
                    rules.span,
                    msg!("PROM007.not-list", key = "rules", found = rules.kind_name()),
                );
                continue;
            }
            for r in rules.items() {
                rule(&mut c, r);
            }
        }
    }
}

fn duration(c: &mut Check<'_, '_>, n: &Node, key: &str) {
    let Some(v) = n.get(key) else { return };
    if v.is_null() {
        return;
    }
    let s = diagnose_model::promql::scalar_text(v).unwrap_or("");
    if !v.is_scalar() || parse_duration(s).is_none() {
        c.err(v.span, msg!("PROM007.bad-duration", value = s, key = key));
    }
}

fn labels(c: &mut Check<'_, '_>, l: &Node, key: &str) {
    if l.is_null() {
        return;
    }
    if !l.is_map() {
        c.err(
            l.span,
            msg!("PROM007.not-map", key = key, found = l.kind_name()),
        );
        return;
    }
    let mut seen: Vec<&str> = Vec::new();
    for e in l.entries() {
        let Some(k) = e.key.as_str() else { continue };
        if seen.contains(&k) {
            c.err(e.key.span, msg!("PROM007.duplicate-key", key = k));
        }
        seen.push(k);
        if k.is_empty() || (key == "labels" && k == "__name__") {
            c.err(e.key.span, msg!("PROM007.label-name", name = k))
                .help(msg!("PROM007.help-names"));
        } else if !valid_label_name(k) {
            // Prometheus 3 accepts UTF-8 names (quoted in PromQL); older versions do not.
            c.utf8_name(e.key.span, k, true);
        }
        if !e.value.is_scalar() {
            c.err(
                e.value.span,
                msg!("PROM007.not-string", key = k, found = e.value.kind_name()),
            );
        } else if let Some(v) = diagnose_model::promql::scalar_text(&e.value) {
            template(c, &e.value, v);
        }
    }
}

/// Go template checks that promtool makes: every `{{` closed, every `$variable` defined.
fn template(c: &mut Check<'_, '_>, n: &Node, v: &str) {
    let mut declared: Vec<&str> = vec!["labels", "value", "externalLabels", "externalURL", ""];
    let mut rest = v;
    while let Some(i) = rest.find("{{") {
        let after = &rest[i + 2..];
        let Some(j) = after.find("}}") else {
            c.err(n.span, msg!("PROM007.template-unclosed"));
            return;
        };
        let action = &after[..j];
        // Skip string literals inside the action.
        let mut in_str: Option<char> = None;
        let chars: Vec<(usize, char)> = action.char_indices().collect();
        let mut k = 0;
        while k < chars.len() {
            let (pos, ch) = chars[k];
            match in_str {
                Some(q) if ch == '\\' && q == '"' => k += 1,
                Some(q) if ch == q => in_str = None,
                Some(_) => {}
                None if ch == '"' || ch == '`' => in_str = Some(ch),
                None if ch == '$' => {
                    let name: String = action[pos + 1..]
                        .chars()
                        .take_while(|x| x.is_ascii_alphanumeric() || *x == '_')
                        .collect();
                    let tail = action[pos + 1 + name.len()..].trim_start();
                    let declares = tail.starts_with(":=")
                        || (tail.starts_with(',') && action[..pos].contains("range"))
                        || action[..pos].trim_end().ends_with("range")
                        || (tail.starts_with('=') && !tail.starts_with("=="));
                    if declares {
                        declared.push(&action[pos + 1..pos + 1 + name.len()]);
                    } else if !declared.contains(&name.as_str()) {
                        c.err(n.span, msg!("PROM007.template-var", var = name))
                            .help(msg!("PROM007.template-var-help"));
                        return;
                    }
                    k += name.chars().count();
                }
                None => {}
            }
            k += 1;
        }
        rest = &after[j + 2..];
    }
}

fn rule(c: &mut Check<'_, '_>, r: &Node) {
    if !r.is_map() {
        c.err(r.span, msg!("PROM007.rule-not-map", found = r.kind_name()));
        return;
    }
    c.keys(r, RULE_KEYS, "PROM007.unknown-rule");
    let record = r.get("record").filter(|n| !n.is_null());
    let alert = r.get("alert").filter(|n| !n.is_null());
    let name = record
        .or(alert)
        .and_then(diagnose_model::promql::scalar_text)
        .unwrap_or("")
        .to_string();
    match (record, alert) {
        (Some(_), Some(a)) => {
            c.err(a.span, msg!("PROM007.both"));
        }
        (None, None) => {
            c.err(r.span, msg!("PROM007.neither"));
        }
        _ => {}
    }
    match r.get("expr") {
        None => {
            let span = record.or(alert).map_or(r.span, |n| n.span);
            c.err(span, msg!("PROM007.no-expr", rule = name));
        }
        Some(e)
            if !e.is_scalar()
                || diagnose_model::promql::scalar_text(e).is_none_or(|t| t.trim().is_empty()) =>
        {
            c.err(e.span, msg!("PROM007.no-expr", rule = name));
        }
        _ => {}
    }
    if let Some(rec) = record {
        if !rec.is_scalar() || name.is_empty() {
            c.err(rec.span, msg!("PROM007.record-name", name = name))
                .help(msg!("PROM007.help-names"));
        } else if !valid_metric_name(&name) {
            // Prometheus 3 accepts UTF-8 names (quoted in PromQL); older versions do not.
            c.utf8_name(rec.span, &name, false);
        }
        for key in ["for", "keep_firing_for", "annotations"] {
            if let Some(e) = r.entry(key) {
                c.err(
                    e.key.span,
                    msg!("PROM007.record-field", key = key, rule = name),
                );
            }
        }
    }
    for key in ["for", "keep_firing_for"] {
        duration(c, r, key);
    }
    if let Some(l) = r.get("labels") {
        labels(c, l, "labels");
    }
    if let Some(a) = r.get("annotations") {
        labels(c, a, "annotations");
    }
}
