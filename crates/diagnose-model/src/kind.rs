//! What a file is: which names diagnose reads, and the kind of a parsed document (compose,
//! Prometheus config or rules, Alertmanager, Grafana provisioning or dashboard, Kubernetes).

use diagnose_syntax::Node;

/// What a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Compose,
    PrometheusConfig,
    PrometheusRules,
    Alertmanager,
    GrafanaDatasources,
    GrafanaProviders,
    GrafanaDashboard,
    GrafanaAlerting,
    Kubernetes,
    Other,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Compose => "compose",
            Kind::PrometheusConfig => "prometheus-config",
            Kind::PrometheusRules => "prometheus-rules",
            Kind::Alertmanager => "alertmanager",
            Kind::GrafanaDatasources => "grafana-datasources",
            Kind::GrafanaProviders => "grafana-dashboard-providers",
            Kind::GrafanaDashboard => "grafana-dashboard",
            Kind::GrafanaAlerting => "grafana-alerting",
            Kind::Kubernetes => "kubernetes",
            Kind::Other => "other",
        }
    }
}

/// Whether a file name is one diagnose reads when it walks a folder (the CLI and the web
/// app's file picker share this test).
pub fn is_read_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".yml")
        || n.ends_with(".yaml")
        || n.ends_with(".json")
        || n == ".env"
        || n.ends_with(".ini")
        || n.ends_with(".rules")
        || n.ends_with(".service")
}

/// Folders never entered when walking.
/// Folders never read: version control, build output, and third-party code a package
/// manager copied in (`node_modules/`, Go's and PHP's `vendor/`).
pub fn is_skipped_dir(name: &str) -> bool {
    matches!(name, ".git" | "node_modules" | "target" | "vendor")
}

/// Why a file is a test input rather than part of a stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestInput {
    /// Under a `testdata/` folder: Go's tools ignore such folders, which hold the inputs of
    /// tests (`go help packages`), as Prometheus's `config/testdata/*.bad.yml`.
    Testdata,
    /// In a test folder (`test/`, `tests/`, `spec/`, `fixtures/`…), with a name that says it
    /// is invalid on purpose (`invalid_alert_rules.yml`, `basic_failure.yaml`, `rules-bad.yml`).
    NamedInvalid,
}

/// Whether `path` is a test input: its findings are about a test, not about a stack.
pub fn test_input(path: &str) -> Option<TestInput> {
    let path = path.split('#').next().unwrap_or(path);
    let mut parts: Vec<&str> = path.split('/').collect();
    let name = parts.pop()?.to_ascii_lowercase();
    if parts.contains(&"testdata") {
        return Some(TestInput::Testdata);
    }
    const TEST_DIRS: &[&str] = &[
        "test",
        "tests",
        "testing",
        "spec",
        "fixtures",
        "fixture",
        "__fixtures__",
        "e2e",
    ];
    const INVALID: &[&str] = &[
        "bad",
        "invalid",
        "broken",
        "fail",
        "failure",
        "failing",
        "incompatible",
        "malformed",
        "wrong",
        "error",
        "errors",
        "missing",
        "undefined",
        "unparseable",
        "negative",
    ];
    let in_tests = parts
        .iter()
        .any(|p| TEST_DIRS.contains(&p.to_ascii_lowercase().as_str()));
    let named = name
        .split(['.', '_', '-'])
        .any(|w| INVALID.contains(&w) || w.starts_with("invalid"));
    (in_tests && named).then_some(TestInput::NamedInvalid)
}

pub fn is_compose_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let stem = n.strip_suffix(".yml").or_else(|| n.strip_suffix(".yaml"));
    match stem {
        Some(s) => {
            s == "compose"
                || s.starts_with("compose.")
                || s.starts_with("docker-compose")
                || s.ends_with("-compose")
                || s.ends_with(".compose")
                || s == "docker-stack"
                || s.ends_with("-stack")
        }
        None => false,
    }
}

pub(crate) fn is_yaml_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".yml") || n.ends_with(".yaml")
}

pub(crate) fn is_json_name(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".json")
}

/// Grafana's version 0 dashboard-provider file (before `apiVersion`, still read by
/// Grafana 12): a bare list of providers, each with an `options` mapping holding `path`
/// (or the older `folder`).
pub fn is_v0_provider_list(root: &Node) -> bool {
    root.is_seq()
        && !root.items().is_empty()
        && root.items().iter().all(|p| {
            p.is_map()
                && (p.get("name").is_some() || p.get("type").is_some())
                && p.get("options")
                    .is_some_and(|o| o.get("path").is_some() || o.get("folder").is_some())
        })
}

/// Whether a YAML text is a Helm chart template: a line that starts with a template action
/// (`{{- if .Values.x }}`), or an action that uses Helm's objects or functions
/// (`.Values`, `.Release`, `.Chart`, `include`, `toYaml`…). Prometheus rule annotations
/// (`{{ $labels.instance }}`) and Alertmanager templates (`{{ template "x" . }}`) inside
/// values are not.
pub fn is_helm_template(text: &str) -> bool {
    // Helm's objects (after a space, `(`, `$` or `{`: Alertmanager's `.SortedPairs.Values`
    // is not one) and functions that only Helm has.
    const OBJECTS: &[&str] = &[
        ".Values.",
        ".Release.",
        ".Chart.",
        ".Capabilities.",
        ".Files.",
    ];
    const FUNCTIONS: &[&str] = &["include \"", "toYaml", "nindent", "tpl "];
    if !text.contains("{{") {
        return false;
    }
    // A template action at column 0: YAML block scalars (Alertmanager templates in a
    // ConfigMap) are indented.
    if text.starts_with("{{") || text.contains("\n{{") {
        return true;
    }
    // (`{{` and `}}` found a brace at a time with `memchr` (`str::find` of a `char`; a
    // loop over the bytes took 53 M instructions on the shared corpus), and each action
    // searched for an object only when it holds one: a dashboard has thousands of
    // `{{label}}` legends, and building a substring searcher for each was 2 % of a run.)
    let pair = |s: &str, c: u8| {
        let b = s.as_bytes();
        let mut from = 0;
        // `from` follows an ASCII brace: always a character boundary.
        while let Some(p) = s[from..].find(c as char) {
            let k = from + p;
            if b.get(k + 1) == Some(&c) {
                return Some(k);
            }
            from = k + 1;
        }
        None
    };
    let mut rest = text;
    while let Some(i) = pair(rest, b'{') {
        let after = &rest[i + 2..];
        let Some(j) = pair(after, b'}') else { break };
        let action = &after[..j];
        let object = action.contains('.')
            && OBJECTS.iter().any(|o| {
                action.contains(o)
                    && action.match_indices(o).any(|(k, _)| {
                        k == 0 || matches!(action.as_bytes()[k - 1], b' ' | b'(' | b'$' | b'-')
                    })
            });
        if object || FUNCTIONS.iter().any(|f| action.contains(f)) {
            return true;
        }
        rest = &after[j + 2..];
    }
    false
}

/// Keys of Grafana's alerting (its provisioning files and the HTTP API's exports) that sit
/// beside a `groups` list; a Prometheus rule file has no key but `groups`.
const GRAFANA_ALERTING_KEYS: [&str; 5] = [
    "contactPoints",
    "policies",
    "notificationPolicies",
    "muteTimes",
    "templates",
];

/// Grafana's alerting provisioning (YAML or JSON, which Grafana reads alike): an
/// `apiVersion`, keys of its alerting beside the `groups`, or groups with a `folder` or an
/// `orgId`. A Prometheus rule file has none of them.
fn is_grafana_alerting(root: &Node) -> bool {
    root.get("apiVersion").is_some()
        || GRAFANA_ALERTING_KEYS.iter().any(|k| root.get(k).is_some())
        || root.get("groups").is_some_and(|g| {
            g.items()
                .iter()
                .any(|x| x.get("folder").is_some() || x.get("orgId").is_some())
        })
}

/// A JSON document is a Prometheus rule file only with positive evidence: a `groups` list
/// whose groups hold `rules` (or an empty list and nothing else), and no key of Grafana's
/// alerting beside it. Other JSON has a top-level `groups` list too: Keycloak's realm
/// exports (groups of users, often empty, beside a hundred other keys), Grafana alerting
/// exports pushed through its HTTP API.
fn is_json_rule_file(root: &Node) -> bool {
    let Some(groups) = root.get("groups").filter(|g| g.is_seq()) else {
        return false;
    };
    if GRAFANA_ALERTING_KEYS.iter().any(|k| root.get(k).is_some()) {
        return false;
    }
    match groups.items() {
        [] => root.entries().len() == 1,
        items => items.iter().any(|g| g.get("rules").is_some()),
    }
}

/// Keys of a Prometheus rule group (`rulefmt.RuleGroup`).
pub const PROMETHEUS_RULE_GROUP_KEYS: [&str; 6] = [
    "name",
    "interval",
    "query_offset",
    "limit",
    "rules",
    "labels",
];

/// Keys other tools add to a rule group: Thanos Ruler's `partial_response_strategy`,
/// Cortex/Mimir's `source_tenants`, `evaluation_delay` and
/// `align_evaluation_time_on_interval`, and `remote_write` of the lokitool/cortextool/
/// mimirtool namespace files.
const OTHER_RULE_GROUP_KEYS: [&str; 5] = [
    "partial_response_strategy",
    "source_tenants",
    "evaluation_delay",
    "align_evaluation_time_on_interval",
    "remote_write",
];

/// A `groups:` list of some other format: no group holds `rules`, and a group holds a key
/// that is neither a rule group's nor a slip of one (a Jekyll site's data file groups
/// `services:`, each with `exporters:` and their `rules:`). A rule file's groups hold the
/// rules; a group with a misspelt `rule:` is still a rule file's.
fn groups_of_another_format(groups: &Node) -> bool {
    let items = groups.items();
    !items.iter().any(|g| g.get("rules").is_some())
        && items.iter().any(|g| {
            g.entries().iter().any(|e| {
                e.key.as_str().is_some_and(|k| {
                    !PROMETHEUS_RULE_GROUP_KEYS
                        .iter()
                        .chain(&OTHER_RULE_GROUP_KEYS)
                        .any(|known| diagnose_syntax::strings::is_typo_of(k, known))
                })
            })
        })
}

/// An Alertmanager `route`: a mapping with at least one of a route's keys (or empty). Helm
/// charts' values have a `route:` of their own, the Gateway API routes of the chart
/// (`route: {main: {hostnames: …, parentRefs: …}}`).
fn is_alertmanager_route(route: &Node) -> bool {
    const KEYS: [&str; 12] = [
        "receiver",
        "routes",
        "group_by",
        "group_wait",
        "group_interval",
        "repeat_interval",
        "matchers",
        "match",
        "match_re",
        "continue",
        "mute_time_intervals",
        "active_time_intervals",
    ];
    route.is_null()
        || (route.is_map()
            && (route.entries().is_empty()
                || route
                    .entries()
                    .iter()
                    .any(|e| e.key.as_str().is_some_and(|k| KEYS.contains(&k)))))
}

/// Recognises a document by file name and content.
pub fn classify(name: &str, root: &Node, json: bool) -> Kind {
    if !json && is_v0_provider_list(root) {
        return Kind::GrafanaProviders;
    }
    if !root.is_map() {
        return Kind::Other;
    }
    let has = |k: &str| root.get(k).is_some();
    if json {
        if has("panels") || has("rows") || has("templating") || has("schemaVersion") {
            return Kind::GrafanaDashboard;
        }
        if let Some(d) = root.get("dashboard") {
            if d.get("panels").is_some() || d.get("rows").is_some() || d.get("title").is_some() {
                return Kind::GrafanaDashboard;
            }
        }
        if has("groups") && is_grafana_alerting(root) {
            return Kind::GrafanaAlerting;
        }
        if is_json_rule_file(root) {
            return Kind::PrometheusRules;
        }
        // Grafana provisioning written as JSON: under a `.yaml` name, as jsonnet-generated
        // manifests do (kube-prometheus), or in a Secret's JSON `datasources.yaml`.
        if is_yaml_name(name) || has("apiVersion") {
            if has("datasources") || has("deleteDatasources") {
                return Kind::GrafanaDatasources;
            }
            if has("providers") {
                return Kind::GrafanaProviders;
            }
        }
        return Kind::Other;
    }
    if let (Some(_), Some(k)) = (root.get_str("apiVersion"), root.get("kind")) {
        if k.as_string().is_some() && root.get("apiVersion").and_then(Node::as_string).is_some() {
            return Kind::Kubernetes;
        }
    }
    if is_compose_name(name)
        || (has("services") && root.get("services").is_some_and(looks_like_services))
    {
        return Kind::Compose;
    }
    // Grafana's lists; a mapping under the same key is another tool's (Helm values of the
    // Grafana chart nest whole files under `datasources:`, Traefik has `providers:`),
    // unless `apiVersion` says the file is Grafana's.
    let list_or_grafana = |k: &str| {
        root.get(k)
            .is_some_and(|v| has("apiVersion") || v.is_seq() || v.is_null())
    };
    if list_or_grafana("datasources")
        || has("deleteDatasources")
        || (has("datasource") && has("apiVersion"))
    {
        return Kind::GrafanaDatasources;
    }
    if list_or_grafana("providers") {
        return Kind::GrafanaProviders;
    }
    if has("groups") {
        if is_grafana_alerting(root) {
            return Kind::GrafanaAlerting;
        }
        // A Helm chart's values also have a `groups:` list, among many other sections
        // (`alertmanager:`, `kubeEtcd:`, `coreDns:`…); a rule file has `groups` alone, a
        // misspelt key or two at most.
        if root.get("groups").is_some_and(Node::is_seq)
            && root.entries().len() <= 3
            && !groups_of_another_format(root.get("groups").unwrap())
        {
            return Kind::PrometheusRules;
        }
    }
    if has("contactPoints") || has("policies") || has("templates") && has("apiVersion") {
        return Kind::GrafanaAlerting;
    }
    // Alertmanager: a `route`, or a `receivers` list of named entries (the OpenTelemetry
    // Collector also has `receivers:`, as a mapping, beside `exporters`/`service`).
    let named_receivers = root
        .get("receivers")
        .is_some_and(|r| r.is_seq() && r.items().iter().all(|x| x.get("name").is_some()));
    if !has("service")
        && !has("exporters")
        && (root.get("route").is_some_and(is_alertmanager_route)
            || named_receivers
            || has("inhibit_rules"))
    {
        return Kind::Alertmanager;
    }
    // promtail and promtool unit-test files look like Prometheus configs; they are not.
    let promtail = has("positions") || has("clients") || has("server");
    let unit_test = has("tests") && has("rule_files");
    let prom_keys = [
        "scrape_configs",
        "rule_files",
        "alerting",
        "remote_write",
        "remote_read",
        "global",
        "scrape_config_files",
        "storage",
        "otlp",
        "tracing",
    ];
    // Keys Prometheus shares with other tools' configs (Cortex, Mimir and Loki have
    // `storage:`, `alerting`-like sections…): alone, among more keys Prometheus does not
    // know, they make another tool's file.
    let strong = [
        "scrape_configs",
        "rule_files",
        "scrape_config_files",
        "remote_write",
    ];
    let known = root
        .entries()
        .iter()
        .filter(|e| {
            // A misspelt Prometheus key counts as one (`scrape_config:`).
            e.key.as_str().is_some_and(|k| {
                prom_keys
                    .iter()
                    .any(|p| diagnose_syntax::strings::is_typo_of(k, p))
            })
        })
        .count();
    let unknown = root.entries().len() - known;
    // With a strong key too, a file whose keys are mostly another tool's sections, three or
    // more of them, is that tool's (a Helm chart's values: `kubeEtcd:`, `coreDns:`,
    // `alertmanager:` beside a `scrape_configs:` it hands to Prometheus).
    let other_tool = (!strong.iter().any(|k| has(k))
        && (root.entries().len() > 2 * known || foreign_section(root)))
        || (unknown >= 3 && root.entries().len() > 2 * known);
    if !promtail && !unit_test && !other_tool && prom_keys.iter().any(|k| has(k)) {
        if has("global") && !has("scrape_configs") {
            // `global:` alone is also Alertmanager's; require a Prometheus global key.
            let g = root.get("global").unwrap();
            let prom_global = [
                "scrape_interval",
                "evaluation_interval",
                "scrape_timeout",
                "external_labels",
                "query_log_file",
                "rule_query_offset",
            ];
            if !prom_global.iter().any(|k| g.get(k).is_some())
                && !prom_keys[1..].iter().any(|k| has(k) && *k != "global")
            {
                return Kind::Other;
            }
        }
        return Kind::PrometheusConfig;
    }
    Kind::Other
}

/// The keys Prometheus knows under the top-level sections it shares with other tools
/// (Prometheus's `config.go`: `StorageConfig`, `OTLPConfig`, `TracingConfig`,
/// `AlertingConfig`).
const SHARED_SECTIONS: &[(&str, &[&str])] = &[
    ("storage", &["tsdb", "exemplars"]),
    (
        "otlp",
        &[
            "promote_all_resource_attributes",
            "promote_resource_attributes",
            "ignore_resource_attributes",
            "translation_strategy",
            "keep_identifying_resource_attributes",
            "convert_histograms_to_nhcb",
            "promote_scope_metadata",
            "label_name_underscore_sanitization",
            "label_name_preserve_multiple_underscores",
        ],
    ),
    (
        "tracing",
        &[
            "client_type",
            "endpoint",
            "sampling_fraction",
            "insecure",
            "tls_config",
            "headers",
            "compression",
            "timeout",
        ],
    ),
    ("alerting", &["alertmanagers", "alert_relabel_configs"]),
];

/// A section Prometheus shares with other tools whose keys are none of Prometheus's (not
/// even misspelt): `storage: {backend: s3}` and `otlp: {http: …, grpc: …}` are Tempo's,
/// Loki's or a Helm chart's values, not Prometheus's `storage: {tsdb: …}`.
fn foreign_section(root: &Node) -> bool {
    SHARED_SECTIONS.iter().any(|(section, keys)| {
        root.get(section).is_some_and(|v| {
            !v.entries().is_empty()
                && v.entries().iter().all(|e| {
                    e.key.as_str().is_some_and(|k| {
                        !keys
                            .iter()
                            .any(|p| diagnose_syntax::strings::is_typo_of(k, p))
                    })
                })
        })
    })
}

fn looks_like_services(services: &Node) -> bool {
    services.is_map()
        && services.entries().iter().any(|e| {
            let v = &e.value;
            [
                "image",
                "build",
                "ports",
                "volumes",
                "environment",
                "command",
            ]
            .iter()
            .any(|k| v.get(k).is_some())
        })
}

/// Where a YAML text holds a Go template action (`{{ … }}`) outside quotes and outside
/// block scalars, at the start of a line or of a value: Nomad's and consul-template's
/// `template` stanzas (`port: {{ env "NOMAD_PORT_http" }}`), an operator's `//go:embed`
/// manifests (`{{- range $k, $v := .NodeSelector }}`), External Secrets' `templateFrom`
/// (`user: {{ .DB_USER }}`). There YAML sees a flow mapping, so the file either does not
/// parse or parses into nonsense: it is YAML only once rendered. Prometheus' and
/// Alertmanager's own templating (`{{ $labels.x }}`, `{{ .Labels.x }}`, `{{ template "x" }}`)
/// left unquoted is a mistake in a real file, not such a template: not counted.
pub fn go_template_action(text: &str) -> Option<usize> {
    // Jinja statements (`{% for %}`) say Ansible or Salt: their own cases (DIAG001).
    if !text.contains("{{")
        || (text.contains("{%") && text.lines().any(|l| l.trim_start().starts_with("{%")))
    {
        return None;
    }
    // Only a line holding `{{` can open an action: when none of them would, plain or not,
    // the line walk (every line of the text) is not needed.
    if !lines_holding_braces(text).any(|body| line_action(body).is_some()) {
        return None;
    }
    diagnose_syntax::plain_lines(text)
        .iter()
        .find_map(|line| line_action(line.body).map(|off| line.at + off))
}

/// Where the line `body` (without its line break) opens a Go template action that is not
/// Prometheus' or Alertmanager's own templating: at its start (after `- `) or at the start
/// of a value (after `: `).
fn line_action(body: &str) -> Option<usize> {
    const ALERT_TEMPLATING: &[&str] = &[
        "$labels",
        "$value",
        "$externalLabels",
        "$externalURL",
        ".Labels",
        ".Annotations",
        ".Value",
        ".Alerts",
        ".CommonLabels",
        ".GroupLabels",
        "template \"",
        "define \"",
        "humanize",
    ];
    let trimmed = body.trim_start();
    // An action starts with `{{` (most lines hold no brace: passed over at once).
    if trimmed.starts_with('#') || !trimmed.contains('{') {
        return None;
    }
    // The start of the line (after `- `), and the start of a value (after `: `).
    let line_start = trimmed.trim_start_matches("- ").trim_start();
    let value_start = trimmed
        .find(": ")
        .filter(|&i| !trimmed[..i].contains(['"', '\'']))
        .map(|i| trimmed[i + 2..].trim_start());
    for s in std::iter::once(line_start).chain(value_start) {
        if let Some(action) = s.strip_prefix("{{") {
            let action = action.split("}}").next().unwrap_or(action);
            if go_action(action) && !ALERT_TEMPLATING.iter().any(|t| action.contains(t)) {
                return Some((body.len() - s.len()).min(body.len()));
            }
        }
    }
    None
}

/// The lines of `text` that hold `{{`, without their line break (as [`plain_lines`]
/// gives them), each once, found a brace at a time with `memchr`.
///
/// [`plain_lines`]: diagnose_syntax::plain_lines
fn lines_holding_braces(text: &str) -> impl Iterator<Item = &str> {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(off) = text[from..].find('{') {
            let brace = from + off;
            let end = text[brace..].find('\n').map_or(text.len(), |e| brace + e);
            if !text[brace..end].contains("{{") {
                from = end;
                continue;
            }
            let start = text[..brace].rfind('\n').map_or(0, |s| s + 1);
            from = end;
            return Some(text[start..end].trim_end_matches(['\n', '\r']));
        }
        None
    })
}

/// Whether the text of an action (between `{{` and `}}`) is Go template syntax: a field or
/// variable (`.Name`, `$k`), a keyword (`range`, `if`, `end`…) or a function given a string
/// (`env "NOMAD_PORT_http"`, consul-template's `key "…"`). Jinja's `{{ item.name }}` and
/// `{{ x | to_yaml }}` start with a bare name and are Ansible's or Salt's.
fn go_action(action: &str) -> bool {
    let a = action.trim_start_matches('-').trim_start();
    if a.starts_with(['.', '$']) {
        return true;
    }
    let word: String = a
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let rest = a[word.len()..].trim_start();
    matches!(
        word.as_str(),
        "range" | "if" | "else" | "end" | "with" | "define" | "block" | "template"
    ) || (!word.is_empty() && rest.starts_with('"'))
}

#[cfg(test)]
mod tests {
    use super::{go_template_action, is_helm_template, line_action};

    #[test]
    fn go_templates_outside_quotes() {
        for (text, go) in [
            ("a: 1\n", false),
            ("port: {{ env \"NOMAD_PORT_http\" }}\n", true),
            ("spec:\n  nodeSelector:\n  {{- range $k, $v := .N }}\n    {{ $k }}: {{ $v }}\n  {{- end }}\n", true),
            ("  - user: {{ .DB_USER }}\n", true),
            ("summary: {{ $labels.instance }} down\n", false),
            ("text: {{ template \"slack.text\" . }}\n", false),
            ("summary: \"{{ .Name }} down\"\n", false),
            ("data:\n  t.tmpl: |\n    {{ define \"x\" }}\n    {{ .Foo }}\n    {{ end }}\nb: 1\n", false),
            ("legend: '{{instance}}'\n", false),
            ("d: \"{\\\"expr\\\": \\\"x\\\",\\n\\\n    {{$by}}:Clients\\\"}\"\nb: 1\n", false),
            ("d: 'it''s\n  {{ .X }} here'\nb: {{ .Y }}\n", true),
            ("targets: {{ blackbox.targets }}\n", false),
            ("  {{ targets | to_nice_yaml }}\n", false),
        ] {
            assert_eq!(go_template_action(text).is_some(), go, "{text:?}");
            // The lines holding `{{` only pass over texts the walk of every line would.
            let walked = diagnose_syntax::plain_lines(text)
                .iter()
                .find_map(|line| line_action(line.body).map(|off| line.at + off));
            assert_eq!(go_template_action(text), walked, "{text:?}");
        }
    }

    #[test]
    fn helm_templates_and_other_braces() {
        for (text, helm) in [
            ("a: 1\n", false),
            ("{{- if .Values.x }}\na: 1\n{{- end }}\n", true),
            ("image: {{ .Values.image }}\n", true),
            ("x: {{ include \"chart.name\" . }}\n", true),
            ("x: {{ toYaml .Values.r | nindent 4 }}\n", true),
            ("x: \"{{(.Values.y)}}\"\n", true),
            ("summary: \"{{ $labels.instance }} down\"\n", false),
            ("text: '{{ template \"slack.text\" . }}'\n", false),
            (
                "x: '{{ range .Alerts }}{{ .SortedPairs.Values }}{{ end }}'\n",
                false,
            ),
            ("legend: \"{{instance}} {{job}}\"\nx: {{ y\n", false),
            ("a: '{ {x} }'\nb: {{.Release.Name}}\n", true),
        ] {
            assert_eq!(is_helm_template(text), helm, "{text:?}");
        }
    }
}
