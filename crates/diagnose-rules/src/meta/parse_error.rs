use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::workspace::{classify, Kind};
use diagnose_syntax::source::Span;
use diagnose_text::Message;
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "DIAG001",
    name: "parse-error",
    domain: "meta",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "DIAG001.empty" => "empty file, not read", "fichier vide, non lu";
        "DIAG001.jsonc" => "`{name}` is JSON with comments of no monitoring kind (read by editors and build tools), so it is not read",
            "`{name}` est du JSON avec commentaires d’aucun type de supervision (lu par des éditeurs et des outils de build) : il n’est pas lu";
        "DIAG001.tool-json" => "`{name}` is a tool's own settings file, not a monitoring file, so it is not read",
            "`{name}` est le fichier de réglages d’un outil, pas un fichier de supervision : il n’est pas lu";
        "DIAG001.embedded-other" => "`{key}` of the {kind} `{name}` does not parse, but nothing in it is a monitoring file (no dashboard, data source, rule or scrape config), so it is not read",
            "`{key}` du {kind} `{name}` ne s’analyse pas, mais rien n’y est un fichier de supervision (ni tableau de bord, ni source de données, ni règle, ni configuration de collecte) : il n’est pas lu";
        "DIAG001.other-yaml" => "`{name}` does not parse, but the documents read before the error are of no monitoring kind (a CI pipeline, another tool's settings), so it is not read",
            "`{name}` ne s’analyse pas, mais les documents lus avant l’erreur ne sont d’aucun type de supervision (un pipeline de CI, les réglages d’un autre outil) : il n’est pas lu";
        "DIAG001.other-json" => "`{name}` does not parse as JSON, but nothing in it is a monitoring file (no dashboard, data source, rule or scrape config), so it is not read",
            "`{name}` ne s’analyse pas comme du JSON, mais rien n’y est un fichier de supervision (ni tableau de bord, ni source de données, ni règle, ni configuration de collecte) : il n’est pas lu";
        "DIAG001.jsonnet" => "`{name}` is jsonnet source under a `.json` name (`$`, `import` or `std.` outside its strings), which jsonnet evaluates into JSON, so it is not read",
            "`{name}` est du code jsonnet sous un nom `.json` (`$`, `import` ou `std.` hors de ses chaînes), que jsonnet évalue en JSON : il n’est pas lu";
        "DIAG001.template" => "`{name}` is a template whose `${{…}}` variables a script fills (`envsubst`), and it does not parse before that, so it is not read",
            "`{name}` est un modèle dont un script remplit les variables `${{…}}` (`envsubst`), et il ne s’analyse pas avant cela : il n’est pas lu";
        "DIAG001.json-template" => "`{name}` is a template (`{{{{ … }}}}` actions outside JSON strings) that a program renders into JSON, and it does not parse before that, so it is not read",
            "`{name}` est un modèle (des actions `{{{{ … }}}}` hors des chaînes JSON) qu’un programme transforme en JSON, et il ne s’analyse pas avant cela : il n’est pas lu";
        "DIAG001.placeholder" => "`{name}` does not parse where it holds `{token}`, a placeholder the reader replaces before use (`{{ACCOUNT_ID}}`, `{{REGION}}`), so it is not read",
            "`{name}` ne s’analyse pas là où il contient `{token}`, un texte à remplacer avant usage (`{{ACCOUNT_ID}}`, `{{REGION}}`) : il n’est pas lu";
        "DIAG001.template-syntax" => "`{name}` does not parse where it holds `{token}`, template syntax that the reader fills in or a tool renders before use (`{{server-name}}`, `%{{ if … }}`), so it is not read",
            "`{name}` ne s’analyse pas là où il contient `{token}`, une syntaxe de modèle que le lecteur remplit ou qu’un outil rend avant usage (`{{server-name}}`, `%{{ if … }}`) : il n’est pas lu";
        "DIAG001.unit" => "`{name}` is a systemd unit (`[Unit]`, `[Service]`) under a YAML name, not YAML, so it is not read",
            "`{name}` est une unité systemd (`[Unit]`, `[Service]`) sous un nom YAML, pas du YAML : il n’est pas lu";
        "DIAG001.ansible" => "Ansible role template: Ansible renders its Jinja (`{{{{ … }}}}`, `{{% … %}}`) before it reaches a server, so it is not read",
            "modèle de rôle Ansible : Ansible rend son Jinja (`{{{{ … }}}}`, `{{% … %}}`) avant qu’il n’arrive sur un serveur : il n’est pas lu";
        "DIAG001.jinja" => "`{name}` is a Jinja template (`{{% … %}}` statements: Ansible, Salt), whose YAML exists only once rendered, so it is not read",
            "`{name}` est un modèle Jinja (instructions `{{% … %}}` : Ansible, Salt), dont le YAML n’existe qu’une fois rendu : il n’est pas lu";
        "DIAG001.describe" => "`{name}` is the output of `kubectl describe` (`Name:`, `Labels:` columns), not a manifest, so it is not read",
            "`{name}` est la sortie de `kubectl describe` (colonnes `Name:`, `Labels:`), pas un manifeste\u{a0}: il n’est pas lu";
        "DIAG001.freemarker" => "`{name}` is a FreeMarker template (`<#if>`, `<#list>` directives), whose YAML exists only once rendered, so it is not read",
            "`{name}` est un modèle FreeMarker (directives `<#if>`, `<#list>`), dont le YAML n’existe qu’une fois rendu\u{a0}: il n’est pas lu";
        "DIAG001.go-template" => "`{name}` is a Go template (`{{{{ … }}}}` actions outside quotes: Nomad, consul-template, External Secrets, an operator's embedded manifests), whose YAML exists only once rendered, so it is not read",
            "`{name}` est un modèle Go (des actions `{{{{ … }}}}` hors des guillemets : Nomad, consul-template, External Secrets, les manifestes intégrés d’un opérateur), dont le YAML n’existe qu’une fois rendu : il n’est pas lu";
        "DIAG001.helm" => "Helm chart template: its YAML exists only after `helm template`, so it is not read",
            "modèle de chart Helm : son YAML n’existe qu’après `helm template`, il n’est donc pas lu";
        "DIAG001.helm-help" => "check the rendered manifests: `helm template <release> <chart> > rendered.yaml`, then `diagnose check rendered.yaml`",
            "vérifiez les manifestes rendus : `helm template <release> <chart> > rendered.yaml`, puis `diagnose check rendered.yaml`";
    },
    check,
};

/// JSON files that belong to tools, not to a monitoring stack (JSONC, mostly).
const TOOL_JSON: &[&str] = &[
    "tsconfig.json",
    "jsconfig.json",
    "settings.json",
    "launch.json",
    "tasks.json",
    "extensions.json",
    "devcontainer.json",
    ".devcontainer.json",
    ".eslintrc.json",
    ".babelrc",
    "angular.json",
    "package.json",
    "composer.json",
    "renovate.json",
    "biome.json",
    "deno.json",
    "turbo.json",
];

/// A test of a file's text.
type TextTest = fn(&str) -> bool;

fn check(cx: &mut Ctx<'_>) {
    let ansible = cx.ws.ansible_templates();
    for f in cx.ws.files.iter() {
        if f.origin.is_none()
            && f.markdown.is_none()
            && is_yaml_path(&f.path)
            && f.is_helm_template()
        {
            let first = f.text.find("{{").unwrap_or(0);
            let end = f.text[first..]
                .find('\n')
                .map_or(f.text.len(), |i| first + i);
            let d = cx.report(f.id, Span::new(first, end), msg!("DIAG001.helm"));
            d.help(msg!("DIAG001.helm-help"));
            d.severity = Severity::Info;
        } else if f.origin.is_none()
            && f.markdown.is_none()
            && is_yaml_path(&f.path)
            && !ansible.contains(&f.id)
        {
            if let Some(first) = f.go_template_action() {
                let end = f.text[first..]
                    .find('\n')
                    .map_or(f.text.len(), |i| first + i);
                let d = cx.report(
                    f.id,
                    Span::new(first, end),
                    msg!("DIAG001.go-template", name = f.name()),
                );
                d.severity = Severity::Info;
            }
        }
    }
    for &id in &ansible {
        let f = cx.ws.file(id);
        let first = [f.text.find("{{"), f.text.find("{%")]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(0);
        let end = f.text[first..]
            .find('\n')
            .map_or(f.text.len(), |i| first + i);
        let d = cx.report(id, Span::new(first, end), msg!("DIAG001.ansible"));
        d.severity = Severity::Info;
    }
    for (file, err) in &cx.ws.parse_errors {
        if ansible.contains(file) {
            continue;
        }
        let f = cx.ws.file(*file);
        // An empty value of a ConfigMap (a template a script fills: `NAME.json: |-` and
        // nothing) holds no file yet.
        if f.origin.is_some() && f.text.trim().is_empty() {
            let d = cx.report(*file, err.span, msg!("DIAG001.empty"));
            d.severity = Severity::Info;
            continue;
        }
        // A tutorial's block with template syntax on the line that does not parse
        // (`name: {server-name}-mcp`, `%{ if x }`, `` `URL` ``): the reader fills it in.
        if f.markdown.is_some() {
            let at = err.span.start as usize;
            let found = placeholder_at(&f.text, at)
                .map(|t| msg!("DIAG001.placeholder", name = f.name(), token = t))
                .or_else(|| {
                    template_at(&f.text, at)
                        .map(|t| msg!("DIAG001.template-syntax", name = f.name(), token = t))
                });
            if let Some(m) = found {
                let d = cx.report(*file, err.span, m);
                d.severity = Severity::Info;
                continue;
            }
        }
        if f.origin.is_none() && f.markdown.is_none() {
            if let Some(token) = placeholder_at(&f.text, err.span.start as usize) {
                let d = cx.report(
                    *file,
                    err.span,
                    msg!("DIAG001.placeholder", name = f.name(), token = token),
                );
                d.severity = Severity::Info;
                continue;
            }
            // A `.yml` that is something else, which says so in its text.
            const OTHERS: [(TextTest, &str); 4] = [
                (systemd_unit, "DIAG001.unit"),
                (jinja_statements, "DIAG001.jinja"),
                (kubectl_describe, "DIAG001.describe"),
                (freemarker_directives, "DIAG001.freemarker"),
            ];
            if is_yaml_path(&f.path) {
                if let Some((_, id)) = OTHERS.iter().find(|(is, _)| is(&f.text)) {
                    let d = cx.report(*file, err.span, msg!(id, name = f.name()));
                    d.severity = Severity::Info;
                    continue;
                }
            }
            if let Some(m) = not_monitoring_json(f.name(), &f.text) {
                let d = cx.report(*file, err.span, m);
                d.severity = Severity::Info;
                continue;
            }
            if is_filled_template(f.name(), &f.text) {
                let d = cx.report(*file, err.span, msg!("DIAG001.template", name = f.name()));
                d.severity = Severity::Info;
                continue;
            }
            if f.name().to_ascii_lowercase().ends_with(".json")
                && template_action_outside_strings(&f.text)
            {
                let d = cx.report(
                    *file,
                    err.span,
                    msg!("DIAG001.json-template", name = f.name()),
                );
                d.severity = Severity::Info;
                continue;
            }
            if f.name().to_ascii_lowercase().ends_with(".json") && jsonnet_outside_strings(&f.text)
            {
                let d = cx.report(*file, err.span, msg!("DIAG001.jsonnet", name = f.name()));
                d.severity = Severity::Info;
                continue;
            }
            // The reader's own limits (nesting, alias expansion) stay errors.
            let limit = ["nesting deeper", "recursion limit", "alias"]
                .iter()
                .any(|m| err.message.contains(m));
            if !limit && other_json(f.name(), &f.text) {
                let d = cx.report(*file, err.span, msg!("DIAG001.other-json", name = f.name()));
                d.severity = Severity::Info;
                continue;
            }
            if other_tools_yaml(cx, *file) {
                let d = cx.report(*file, err.span, msg!("DIAG001.other-yaml", name = f.name()));
                d.severity = Severity::Info;
                continue;
            }
        }
        // A file embedded in a ConfigMap or Secret for another program (a cloud key
        // with a placeholder, an app's settings): not ours to judge.
        if let Some(o) = f
            .origin
            .as_ref()
            .filter(|o| !holds_monitoring(&o.key, &f.text))
        {
            let (kind, _, name) = &o.object;
            let d = cx.report(
                *file,
                err.span,
                msg!(
                    "DIAG001.embedded-other",
                    key = o.key,
                    kind = kind,
                    name = name
                ),
            );
            d.severity = Severity::Info;
            continue;
        }
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
        let others = cx
            .ws
            .files
            .iter()
            .any(|o| o.id != *file && cx.ws.is_top_level(o.id));
        // An unclosed `[` or `{` is noticed lines later: point at the bracket.
        // Not for the limits of the reader (nesting, aliases) nor `!!binary` errors.
        let own = ["nesting deeper", "recursion limit", "alias", "!!binary"]
            .iter()
            .any(|m| err.message.contains(m));
        let opener = (id == "parse-error.yaml" && !own)
            .then(|| diagnose_syntax::unclosed_flow(&f.text, err.span.start as usize))
            .flatten();
        let d = match opener {
            Some(at) => {
                let open = &f.text[at..at + 1];
                let d = cx.report(
                    *file,
                    diagnose_syntax::source::Span::new(at, at + 1),
                    msg!("parse-error.unclosed", open = open),
                );
                d.related(
                    *file,
                    err.span,
                    msg!("parse-error.gave-up", error = err.message),
                );
                d
            }
            None => cx.report(*file, err.span, msg!(id, error = err.message)),
        };
        d.note(if others {
            msg!("parse-error.note")
        } else {
            msg!("parse-error.note-alone")
        });
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

/// Whether an embedded file shows any sign of a file diagnose reads: its key names one
/// (`prometheus.yml`, `alert.rules`, `dashboard.json`…), or its text has a key of one —
/// in JSON a key is a string (`"panels"`): an unquoted `providers:` of a JSON5 app config
/// is no Grafana provider list.
fn holds_monitoring(key: &str, text: &str) -> bool {
    const NAMES: &[&str] = &[
        "prometheus",
        "alertmanager",
        "rules",
        "dashboard",
        "datasource",
        "grafana",
        "scrape",
    ];
    const KEYS: &[&str] = &[
        "panels",
        "schemaVersion",
        "templating",
        "datasources",
        "providers",
        "groups",
        "scrape_configs",
        "rule_files",
        "receivers",
        "route",
        "alertmanagers",
        "expr",
    ];
    let key = key.to_ascii_lowercase();
    let json = key.ends_with(".json") || text.trim_start().starts_with('{');
    NAMES.iter().any(|n| key.contains(n))
        || KEYS.iter().any(|k| {
            if json {
                text.contains(&format!("\"{k}\""))
            } else {
                text.contains(k)
            }
        })
}

/// A `.json` file in which nothing is a monitoring file, judged as a ConfigMap's value is
/// ([`holds_monitoring`]): no key of one in its text, and no name of one either, unless the
/// text is not even shaped as JSON (a "moved to …" note, a mock HTTP body `OK`).
fn other_json(name: &str, text: &str) -> bool {
    let shaped = text.trim_start().starts_with(['{', '[']);
    name.to_ascii_lowercase().ends_with(".json")
        && !holds_monitoring("", text)
        && (!shaped || !holds_monitoring(name, ""))
}

/// A file named as a template (`prometheus-template.yml`, `x.yml.tpl`) that holds
/// `${VAR}` variables: a script renders it (`envsubst < t > prometheus.yml`), and
/// `[${IDS}]` is a YAML mapping inside a list only before that.
fn is_filled_template(name: &str, text: &str) -> bool {
    let n = name.to_ascii_lowercase();
    (n.contains("template") || n.ends_with(".tpl") || n.ends_with(".tmpl")) && text.contains("${")
}

/// The `{UPPER_CASE}` placeholder on the line of the parse error (`image:
/// {ACCOUNT_ID}.dkr.ecr.{REGION}.amazonaws.com/app`): no file uses such a token, the
/// reader writes their own value there before applying it.
fn placeholder_at(text: &str, at: usize) -> Option<String> {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[start..end];
    let mut rest = line;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        let Some(j) = after.find('}') else { break };
        let token = &after[..j];
        // `${VAR}` is an environment variable, which Prometheus does not expand: not this.
        let dollar = rest[..i].ends_with('$');
        if !dollar
            && token.len() >= 2
            && token.starts_with(|c: char| c.is_ascii_uppercase())
            && token
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        {
            return Some(format!("{{{token}}}"));
        }
        rest = &after[j + 1..];
    }
    None
}

/// The line of `text` that holds offset `at`.
fn line_at(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    &text[start..end]
}

/// Template syntax on the line of the parse error, other than `{UPPER_CASE}`
/// ([`placeholder_at`]): a lower-case placeholder in braces (`{server-name}`,
/// `{container-image}`), a Terraform directive (`%{ if x }`), a word in backticks
/// (`` `URL` ``, Markdown's mark for "your value" kept inside a code block). No YAML holds
/// these: a plain scalar cannot start with `` ` ``, `%` starts a directive, and `{x}-y`
/// is a flow mapping followed by text.
fn template_at(text: &str, at: usize) -> Option<String> {
    let line = line_at(text, at);
    if let Some(i) = line.find("%{") {
        if let Some(j) = line[i..].find('}') {
            return Some(line[i..i + j + 1].to_string());
        }
    }
    let word = |w: &str| {
        w.starts_with(|c: char| c.is_ascii_alphabetic())
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    let b = line.as_bytes();
    for (i, _) in line.match_indices('{') {
        let before = i.checked_sub(1).map(|k| b[k]);
        if matches!(before, Some(b'$' | b'{' | b'%')) {
            continue;
        }
        let Some(j) = line[i + 1..].find('}') else {
            continue;
        };
        let token = &line[i + 1..i + 1 + j];
        if word(token) && token.chars().any(|c| c.is_ascii_lowercase()) {
            return Some(format!("{{{token}}}"));
        }
    }
    let mut parts = line.split('`');
    parts.next();
    let ticked = parts.next()?;
    parts.next()?; // the closing backtick
                   // Shown in backticks by the message, as the other tokens.
    word(ticked).then(|| ticked.to_string())
}

/// Whether a text is a systemd unit: its first line that is not blank or a comment is a
/// section header `[Unit]`, `[Service]` or `[Install]`.
fn systemd_unit(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with(';'))
        .is_some_and(|l| matches!(l, "[Unit]" | "[Service]" | "[Install]"))
}

/// Whether a YAML text has Jinja statements (`{% for … %}`, `{% if … %}`) on lines of
/// their own: no YAML starts a line with `{%`.
fn jinja_statements(text: &str) -> bool {
    text.lines().any(|l| {
        let t = l.trim_start();
        t.starts_with("{%") && t.contains("%}")
    })
}

/// Whether a text is what `kubectl describe` prints: a first line `Name:` with its value in a
/// column, and `Namespace:`, `Labels:` or `Annotations:` lines aligned the same way (saved
/// under a `.yaml` name, it does not parse: its continuation lines are indented under values).
fn kubectl_describe(text: &str) -> bool {
    let column = |l: &str, key: &str| {
        l.strip_prefix(key)
            .and_then(|r| r.strip_prefix(':'))
            .is_some_and(|r| r.starts_with("  ") && !r.trim().is_empty())
    };
    let mut lines = text.lines().skip_while(|l| l.trim().is_empty());
    lines.next().is_some_and(|l| column(l, "Name"))
        && lines.take(6).any(|l| {
            ["Namespace", "Labels", "Annotations"]
                .iter()
                .any(|k| column(l, k))
        })
}

/// Whether a text has FreeMarker directives on lines of their own (`<#if …>`, `</#if>`,
/// `<#list …>`, `<#noparse>`): a template (Argo CD playgrounds render `*.ftl.yaml` so).
fn freemarker_directives(text: &str) -> bool {
    text.lines().any(|l| {
        let t = l.trim_start();
        (t.starts_with("<#") || t.starts_with("</#")) && t.trim_end().ends_with('>')
    })
}

/// Whether a JSON text holds `{{` outside its strings: no JSON has it there (an object's
/// members start with a string key), so it is a Go or Jinja template that a program renders
/// (Jaeger's Elasticsearch index templates: `{{- if .UseILM}}` between members). Legends
/// such as `"{{instance}}"` are inside strings.
fn template_action_outside_strings(text: &str) -> bool {
    let b = text.as_bytes();
    outside_json_strings(text, |i| b[i] == b'{' && b.get(i + 1) == Some(&b'{'))
}

/// Whether a JSON text holds, outside its strings, what only jsonnet has: `$` (the root
/// object: `"…" % $._config`), `import` or `std.` (mixins' dashboards kept as `.json` and
/// imported by a `.libsonnet`). No JSON has them there.
fn jsonnet_outside_strings(text: &str) -> bool {
    let b = text.as_bytes();
    outside_json_strings(text, |i| {
        // (`i` and `s` are ASCII, so `i` is a character boundary there.)
        let word_start = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        b[i] == b'$'
            || (matches!(b[i], b'i' | b's')
                && word_start
                && (text[i..].starts_with("import ") || text[i..].starts_with("std.")))
    })
}

/// Whether `found` holds at a byte offset of `text` outside its JSON strings (a backslash
/// escapes the next byte inside a string).
fn outside_json_strings(text: &str, mut found: impl FnMut(usize) -> bool) -> bool {
    let b = text.as_bytes();
    let mut in_str = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' if in_str => i += 1,
            b'"' => in_str = !in_str,
            _ if !in_str && found(i) => return true,
            _ => {}
        }
        i += 1;
    }
    false
}

/// A YAML file whose documents before the parse error are all of no monitoring kind (a
/// CI workflow followed by a pasted Jenkinsfile), under a name no monitoring program uses.
/// A file broken in its first document has no such evidence and stays an error.
fn other_tools_yaml(cx: &Ctx<'_>, file: diagnose_syntax::source::FileId) -> bool {
    let f = cx.ws.file(file);
    let name = f.name().to_ascii_lowercase();
    if !is_yaml_path(&name) || holds_monitoring(&name, "") || name.contains("compose") {
        return false;
    }
    let mut docs = cx.ws.docs.iter().filter(|d| d.file == file).peekable();
    docs.peek().is_some() && docs.all(|d| d.kind == Kind::Other && !d.root.entries().is_empty())
}

fn is_yaml_path(path: &str) -> bool {
    let p = path.to_ascii_lowercase();
    p.ends_with(".yml") || p.ends_with(".yaml")
}

/// Why a JSON file that does not parse is no monitoring file, if it is not: empty, a
/// tool's settings file (`tsconfig.json`, editor settings), or JSON with comments that,
/// once they are removed, is of no monitoring kind. A dashboard with comments stays an
/// error: Grafana's JSON reader refuses comments too.
fn not_monitoring_json(name: &str, text: &str) -> Option<Message> {
    let lower = name.to_ascii_lowercase();
    if !lower.ends_with(".json") && lower != ".babelrc" {
        return None;
    }
    if text.trim().is_empty() {
        return Some(msg!("DIAG001.empty"));
    }
    let stripped = strip_jsonc(text);
    let parsed = diagnose_syntax::parse_json(&stripped).ok();
    if let Some(root) = &parsed {
        if classify(name, root, true) != Kind::Other {
            return None;
        }
        if stripped != text {
            return Some(msg!("DIAG001.jsonc", name = name));
        }
    }
    TOOL_JSON
        .contains(&lower.as_str())
        .then(|| msg!("DIAG001.tool-json", name = name))
}

/// JSON with comments (JSONC) made plain: `//` and `/* */` comments and trailing commas
/// replaced by spaces, outside strings.
fn strip_jsonc(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    let mut in_str = false;
    while i < b.len() {
        let c = b[i];
        if in_str {
            if c == b'\\' {
                i += 2;
                continue;
            }
            if c == b'"' {
                in_str = false;
            }
            i += 1;
            continue;
        }
        match c {
            b'"' => in_str = true,
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    out[i] = b' ';
                    i += 1;
                }
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..].find("*/").map_or(b.len(), |j| i + 2 + j + 2);
                for o in &mut out[i..end] {
                    if *o != b'\n' {
                        *o = b' ';
                    }
                }
                i = end;
                continue;
            }
            b',' => {
                let next = b[i + 1..]
                    .iter()
                    .zip(&out[i + 1..])
                    .find(|(_, o)| !o.is_ascii_whitespace())
                    .map(|(_, o)| *o);
                // A comma before a closing bracket (comments after it are removed later,
                // so look at the original bytes past any comment too).
                let next_real = next_significant(text, i + 1);
                if matches!(next_real, Some(b'}') | Some(b']')) || next.is_none() {
                    out[i] = b' ';
                }
            }
            _ => {}
        }
        i += 1;
    }
    // Only ASCII bytes were replaced by ASCII spaces: still UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// The next byte after `from` that is neither white space nor inside a comment.
fn next_significant(text: &str, from: usize) -> Option<u8> {
    let b = text.as_bytes();
    let mut i = from;
    while i < b.len() {
        match b[i] {
            c if c.is_ascii_whitespace() => i += 1,
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(b.len(), |j| i + j);
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(b.len(), |j| i + 2 + j + 2);
            }
            c => return Some(c),
        }
    }
    None
}

#[cfg(test)]
mod jsonc_tests {
    use super::strip_jsonc;

    #[test]
    fn comments_and_trailing_commas_become_spaces() {
        let t = "/* a */\n{\n  // b\n  \"x\": \"http://y\", // c\n  \"z\": [1, 2,],\n}\n";
        let s = strip_jsonc(t);
        assert_eq!(s.len(), t.len());
        assert!(diagnose_syntax::parse_json(&s).is_ok(), "{s}");
        assert!(s.contains("\"http://y\""));
    }
}
