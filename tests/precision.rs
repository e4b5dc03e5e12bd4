//! Issue 18, precision on stacks diagnose was not tuned on: one test per class of false
//! alarm (each fails on the behaviour before the fix). Synthetic stacks, written after the
//! real cases of `../shared/corpus-more` (never copied from it).

use diagnose_core::{check, present, Lang, Options, Render, Report, Severity};
use diagnose_tests::{check_selected, short_lines};

fn report(files: &[(&str, &str)], select: &str) -> Report {
    let select: Vec<&str> = select.split(',').filter(|s| !s.is_empty()).collect();
    check_selected(files, &select)
}

/// Short lines of the diagnostics of the selected rules (all rules when `select` is empty).
fn lines(files: &[(&str, &str)], select: &str) -> Vec<String> {
    short_lines(&report(files, select), |_| true)
}

/// Errors and warnings of every rule.
fn alarms(files: &[(&str, &str)]) -> Vec<String> {
    let r = report(files, "");
    r.diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| present::short_line(&r, d, Lang::En))
        .collect()
}

// ---------- class 5: Docker Desktop host aliases are the host ----------

const PROM_SERVICE: &str = "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml\n";

fn scrape(target: &str) -> String {
    format!(
        "scrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ['{target}']\n"
    )
}

#[test]
fn docker_desktop_aliases_are_the_host_not_the_container() {
    for alias in [
        "docker.for.mac.localhost",
        "docker.for.win.localhost",
        "gateway.docker.internal",
        "host.docker.internal",
    ] {
        let prom = scrape(&format!("{alias}:8000"));
        let files = [
            ("docker-compose.yml", PROM_SERVICE),
            ("prometheus.yml", prom.as_str()),
        ];
        let got = lines(&files, "NET001,NET002");
        assert!(
            !got.iter().any(|l| l.contains("NET001")),
            "{alias} is the host, not the container: {got:?}"
        );
        // Like host.docker.internal: Linux Docker Engine needs `extra_hosts`.
        assert_eq!(got.len(), 1, "{alias}: {got:?}");
        assert!(
            got[0].contains("error[NET002]") && got[0].contains(&format!("`{alias}`")),
            "{got:?}"
        );
        // Mapped to host-gateway: silent.
        let mapped = format!("{PROM_SERVICE}    extra_hosts:\n      - \"{alias}:host-gateway\"\n");
        let files = [
            ("docker-compose.yml", mapped.as_str()),
            ("prometheus.yml", prom.as_str()),
        ];
        assert_eq!(
            lines(&files, "NET001,NET002"),
            Vec::<String>::new(),
            "{alias}"
        );
    }
    // A name under `.localhost` that is not Docker's is still the container itself.
    let prom = scrape("app.localhost:8000");
    let files = [
        ("docker-compose.yml", PROM_SERVICE),
        ("prometheus.yml", prom.as_str()),
    ];
    assert!(lines(&files, "NET001")[0].contains("error[NET001]"));
}

// ---------- class 2: Grafana's derived datasource uids, per Grafana ----------

fn grafana_compose() -> String {
    "services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n  grafana:\n    image: grafana/grafana:12.2.0\n    volumes:\n      - ./provisioning:/etc/grafana/provisioning\n      - ./dashboards:/var/lib/grafana/dashboards\n".to_string()
}

const PROVIDERS: &str = "apiVersion: 1\nproviders:\n  - name: default\n    type: file\n    options:\n      path: /var/lib/grafana/dashboards\n";

fn dashboard(uid: &str) -> String {
    format!(
        "{{\"uid\": \"d1\", \"title\": \"D\", \"panels\": [{{\"type\": \"timeseries\", \"datasource\": {{\"type\": \"prometheus\", \"uid\": \"{uid}\"}}, \"targets\": [{{\"expr\": \"up\"}}]}}]}}"
    )
}

#[test]
fn datasource_without_uid_gets_grafanas_derived_uid() {
    let compose = grafana_compose();
    // No `uid`: Grafana derives `P` + SHA-256("Prometheus")[..8] = PBFA97CFB590B2093.
    let ds = "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    url: http://prometheus:9090\n";
    let exported = dashboard("PBFA97CFB590B2093");
    let files = [
        ("docker-compose.yml", compose.as_str()),
        ("provisioning/datasources/ds.yml", ds),
        ("provisioning/dashboards/providers.yml", PROVIDERS),
        ("dashboards/d.json", exported.as_str()),
    ];
    assert_eq!(lines(&files, "GRAF008"), Vec::<String>::new());
    // Another name derives another uid: still reported, and the help gives the derived one.
    let other = dashboard("P0000000000000000");
    let files = [
        ("docker-compose.yml", compose.as_str()),
        ("provisioning/datasources/ds.yml", ds),
        ("provisioning/dashboards/providers.yml", PROVIDERS),
        ("dashboards/d.json", other.as_str()),
    ];
    let r = report(&files, "GRAF008");
    assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
    let help = r.diagnostics[0].help.as_ref().unwrap().render(Lang::En);
    assert!(help.contains("PBFA97CFB590B2093"), "{help}");
}

#[test]
fn dashboards_resolve_against_the_grafana_that_loads_them() {
    let compose = grafana_compose();
    let ds = |uid: &str| {
        format!("apiVersion: 1\ndatasources:\n  - name: Prom {uid}\n    type: prometheus\n    uid: {uid}\n    url: http://prometheus:9090\n")
    };
    let (ds_a, ds_b) = (ds("prom-a"), ds("prom-b"));
    let (dash_a, dash_b) = (dashboard("prom-a"), dashboard("prom-a"));
    let files = [
        ("a/docker-compose.yml", compose.as_str()),
        ("a/provisioning/datasources/ds.yml", ds_a.as_str()),
        ("a/provisioning/dashboards/providers.yml", PROVIDERS),
        ("a/dashboards/d.json", dash_a.as_str()),
        ("b/docker-compose.yml", compose.as_str()),
        ("b/provisioning/datasources/ds.yml", ds_b.as_str()),
        ("b/provisioning/dashboards/providers.yml", PROVIDERS),
        ("b/dashboards/d.json", dash_b.as_str()),
    ];
    // `prom-a` is a datasource of the other Grafana: b's dashboard does not find it.
    let got = lines(&files, "GRAF008");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with("b/dashboards/d.json:") && got[0].contains("error[GRAF008]"),
        "{got:?}"
    );

    // A Grafana that provisions no datasource: what another Grafana provisions is no
    // evidence; an info at most.
    let files = [
        ("a/docker-compose.yml", compose.as_str()),
        ("a/provisioning/datasources/ds.yml", ds_a.as_str()),
        ("b/docker-compose.yml", compose.as_str()),
        ("b/provisioning/dashboards/providers.yml", PROVIDERS),
        ("b/dashboards/d.json", dash_b.as_str()),
    ];
    let r = report(&files, "GRAF008");
    assert!(
        r.diagnostics.iter().all(|d| d.severity == Severity::Info),
        "{:?}",
        r.diagnostics
    );
}

// ---------- class 4: Grafana's older formats still count ----------

#[test]
fn bare_list_provider_file_is_a_provider() {
    let compose = grafana_compose();
    let ds = "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    uid: prom\n    url: http://prometheus:9090\n";
    // Grafana's version 0 format (its own test data `version-0.yaml`): no `apiVersion`, a
    // bare list; and the older `options.folder` spelling of `path`.
    for options in [
        "path: /var/lib/grafana/dashboards",
        "folder: /var/lib/grafana/dashboards",
    ] {
        let providers =
            format!("- name: 'default'\n  org_id: 1\n  type: file\n  options:\n    {options}\n");
        let dash = dashboard("prom");
        let files = [
            ("docker-compose.yml", compose.as_str()),
            ("provisioning/datasources/ds.yml", ds),
            ("provisioning/dashboards/providers.yml", providers.as_str()),
            ("dashboards/d.json", dash.as_str()),
        ];
        assert_eq!(alarms(&files), Vec::<String>::new(), "{options}");
        let infos = lines(&files, "GRAF006");
        assert_eq!(infos.len(), 1, "{infos:?}");
        assert!(
            infos[0].starts_with("provisioning/dashboards/providers.yml:1:3: info[GRAF006]"),
            "{infos:?}"
        );
    }
}

// ---------- class 3: files that are not what they look like ----------

#[test]
fn loki_ruler_files_hold_logql_not_promql() {
    let compose = "services:\n  loki:\n    image: grafana/loki:3.0.0\n    volumes:\n      - ./loki/rules:/loki/rules\n";
    // Mounted into Loki: LogQL even where the expression would also parse as PromQL.
    let mounted = "groups:\n  - name: logs\n    rules:\n      - alert: Lines\n        expr: sum(count_over_time({app=\"api\"}[5m])) > 10\n      - alert: Errors\n        expr: sum(rate({app=\"api\"} |= \"error\" [5m])) > 1\n";
    // Not mounted anywhere: told by content (a pipeline, a line filter).
    let loose = "groups:\n  - name: logs\n    rules:\n      - record: app:errors:rate5m\n        expr: sum by (app) (rate({job=\"varlogs\"} | json | level=\"error\" [5m]))\n      - alert: NotFound\n        expr: count_over_time({app=\"web\"} != \"GET /health\" [1m]) > 0\n";
    let files = [
        ("docker-compose.yml", compose),
        ("loki/rules/fake/rules.yml", mounted),
        ("logs.rules.yml", loose),
    ];
    assert_eq!(alarms(&files), Vec::<String>::new());
    let infos = lines(&files, "PQL001");
    assert_eq!(infos.len(), 2, "{infos:?}");
    assert!(
        infos
            .iter()
            .all(|l| l.contains("info[PQL001]") && l.contains("LogQL")),
        "{infos:?}"
    );
    // A PromQL rule file with a real error is still reported, and `!=` inside a matcher or
    // between numbers is PromQL.
    let prom = "groups:\n  - name: p\n    rules:\n      - alert: A\n        expr: up{job!=\"x\"} != 1\n      - alert: B\n        expr: sum(rate(x[5m]) > \n";
    let got = lines(&[("prom.rules.yml", prom)], "PQL001");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].contains("error[PQL001]"), "{got:?}");
}

#[test]
fn tool_json_with_comments_is_not_a_parse_error() {
    let tsconfig = "/* Visit https://aka.ms/tsconfig */\n{\n  \"compilerOptions\": {\n    // target\n    \"target\": \"es2020\",\n  }\n}\n";
    let settings = "{\n  // editor\n  \"editor.tabSize\": 2,\n}\n";
    let files = [
        ("frontend/tsconfig.json", tsconfig),
        (".vscode/settings.json", settings),
        ("traefik/config.json", ""),
    ];
    assert_eq!(alarms(&files), Vec::<String>::new());
    let infos = lines(&files, "DIAG001");
    assert_eq!(infos.len(), 3, "{infos:?}");
    // A dashboard with comments is still an error: Grafana refuses it too.
    let dash = "{\n  // exported\n  \"title\": \"D\",\n  \"panels\": []\n}\n";
    let got = lines(&[("dashboards/d.json", dash)], "DIAG001");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].contains("error[DIAG001]"), "{got:?}");
}

#[test]
fn other_tools_files_with_monitoring_keys_are_not_read_as_such() {
    // Traefik's `providers:` mapping, the Grafana Helm chart's values (`datasources:` holds
    // whole files), a Cortex config with `storage:` beside its own sections.
    let traefik = "entryPoints:\n  web:\n    address: ':80'\nproviders:\n  docker:\n    exposedByDefault: false\n  file:\n    filename: /etc/traefik/config.yml\n";
    let values = "adminUser: admin\ndatasources:\n  datasources.yaml:\n    apiVersion: 1\n    datasources:\n      - name: Prometheus\n        type: prometheus\n        url: http://prometheus:9090\n";
    let cortex = "auth_enabled: false\ndistributor:\n  shard_by_all_labels: true\ningester:\n  lifecycler:\n    ring:\n      replication_factor: 1\nquerier:\n  query_ingesters_within: 3h\nstorage:\n  engine: blocks\nlimits:\n  max_series_per_metric: 0\n";
    let files = [
        ("traefik/traefik.yml", traefik),
        ("grafana-values.yaml", values),
        ("config/cortex.yaml", cortex),
    ];
    assert_eq!(alarms(&files), Vec::<String>::new());
    // A Prometheus config with misspelt keys is still one.
    let typo =
        "global:\n  scrape_interval: 15s\nscrape_config:\n  - job_name: a\nrule_file:\n  - a.yml\n";
    let got = lines(&[("prometheus.yml", typo)], "PROM004");
    assert!(!got.is_empty(), "{got:?}");
}

#[test]
fn helm_templates_are_skipped_with_a_note() {
    let tpl = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include \"x.fullname\" . }}\ndata:\n  prometheus.yml: |\n    scrape_configs:\n      - job_name: {{ .Values.job }}\n{{- if .Values.extra }}\n        static_configs: {{ toYaml .Values.extra | nindent 8 }}\n{{- end }}\n";
    let files = [("chart/templates/configmap.yaml", tpl)];
    assert_eq!(alarms(&files), Vec::<String>::new());
    let infos = lines(&files, "DIAG001");
    assert_eq!(infos.len(), 1, "{infos:?}");
    assert!(infos[0].contains("Helm"), "{infos:?}");
    // Prometheus' own templates in rule annotations are not Helm's: the file is read.
    let rules = "groups:\n  - name: a\n    rules:\n      - alert: Down\n        expr: up == 0\n        annotations:\n          summary: \"{{ $labels.instance }} is down\"\n      - alert: Bad\n        expr: sum(\n";
    let got = lines(&[("rules.yml", rules)], "PQL001,DIAG001");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].contains("error[PQL001]"), "{got:?}");
    // Alertmanager templates in a ConfigMap (indented block scalar, `.SortedPairs.Values`)
    // are not Helm's either: the manifest is read.
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: am\ndata:\n  default.tmpl: |\n    {{ define \"__subject\" }}{{ .GroupLabels.SortedPairs.Values | join \" \" }}{{ end }}\n";
    let r = report(&[("am.yaml", cm)], "DIAG001");
    assert_eq!(r.diagnostics.len(), 0, "{:?}", r.diagnostics);
    assert_eq!(r.workspace.docs.len(), 1, "the manifest is read");
}

#[test]
fn code_spans_in_markdown_prose_are_not_suppressions() {
    let md = "# Notes\n\nWrite `# diagnose: ignore[image-tag-latest] reason` above a line, or\n`# diagnose: ignore-file[compose] generated` for a whole file.\n\n```yaml file=docker-compose.yml\nservices:\n  prometheus:\n    image: prom/prometheus:latest\n```\n";
    let got = lines(&[("README.md", md)], "DC003,DIAG002");
    // No unused-suppression warning about the prose, and the prose suppresses nothing.
    assert!(!got.iter().any(|l| l.contains("DIAG002")), "{got:?}");
    assert!(got.iter().any(|l| l.contains("DC003")), "{got:?}");
    // A suppression comment inside a code block still works.
    let md = "# Notes\n\n```yaml file=docker-compose.yml\nservices:\n  prometheus:\n    # diagnose: ignore[image-tag-latest] pinned by the tutorial's next step\n    image: prom/prometheus:latest\n```\n";
    assert_eq!(
        lines(&[("README.md", md)], "DC003,DIAG002"),
        Vec::<String>::new()
    );
}

// ---------- class 8: Kubernetes, when the manifests are partial ----------

const K8S_PROM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: prometheus-config\n  namespace: monitoring\ndata:\n  prometheus.yml: |\n    scrape_configs:\n      - job_name: pods\n        kubernetes_sd_configs:\n          - role: pod\n      - job_name: app\n        static_configs:\n          - targets: ['api.shop.svc.cluster.local:8080']\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: prometheus\n  namespace: monitoring\nspec:\n  selector:\n    matchLabels: {app: prometheus}\n  template:\n    metadata:\n      labels: {app: prometheus}\n    spec:\n      containers:\n        - name: prometheus\n          image: prom/prometheus:v3.5.0\n          args: ['--config.file=/etc/prometheus/prometheus.yml']\n          volumeMounts:\n            - name: config\n              mountPath: /etc/prometheus\n      volumes:\n        - name: config\n          configMap:\n            name: prometheus-config\n";

#[test]
fn discovery_without_any_rbac_is_a_warning() {
    // No serviceAccountName (so `default`), `role: pod` discovery, and no Role or binding
    // anywhere: Prometheus logs `pods is forbidden` unless rights come from elsewhere.
    let got = lines(&[("k8s/prometheus.yaml", K8S_PROM)], "K8S003");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].contains("warning[K8S003]") && got[0].contains("monitoring/default"),
        "{got:?}"
    );
    // A ClusterRoleBinding that grants the rights: silent.
    let rbac = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: prometheus\nrules:\n  - apiGroups: ['']\n    resources: [pods]\n    verbs: [get, list, watch]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: prometheus\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: prometheus\nsubjects:\n  - kind: ServiceAccount\n    name: default\n    namespace: monitoring\n";
    let files = [("k8s/prometheus.yaml", K8S_PROM), ("k8s/rbac.yaml", rbac)];
    assert_eq!(lines(&files, "K8S003"), Vec::<String>::new());
}

#[test]
fn a_service_no_manifest_defines_is_an_info() {
    let got = lines(&[("k8s/prometheus.yaml", K8S_PROM)], "K8S001");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].contains("info[K8S001]") && got[0].contains("not defined in these manifests"),
        "{got:?}"
    );
}

// ---------- class 7: one cause, one diagnostic ----------

#[test]
fn one_cause_repeated_is_one_diagnostic() {
    // Prometheus 1.x `target_groups` in every job of a file.
    let prom = "scrape_configs:\n  - job_name: a\n    target_groups:\n      - targets: ['a:1']\n  - job_name: b\n    target_groups:\n      - targets: ['b:1']\n  - job_name: c\n    target_groups:\n      - targets: ['c:1']\n";
    let r = report(&[("prometheus.yml", prom)], "PROM004");
    assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
    let d = &r.diagnostics[0];
    assert_eq!(d.related.len(), 2, "two `also here` labels");
    let notes: Vec<String> = d.notes.iter().map(|n| n.render(Lang::En)).collect();
    assert!(notes.iter().any(|n| n.contains("3 places")), "{notes:?}");
    // A different unknown key is another cause.
    let two = prom.replace(
        "  - job_name: c\n",
        "  - job_name: c\n    scrape_intervall: 5s\n",
    );
    assert_eq!(
        report(&[("prometheus.yml", two.as_str())], "PROM004")
            .diagnostics
            .len(),
        2
    );

    // One missing mount: every datasource file of the folder is left out, once.
    let compose = "services:\n  grafana:\n    image: grafana/grafana:11.2.0\n";
    let ds = |n: &str| {
        format!("apiVersion: 1\ndatasources:\n  - name: {n}\n    type: prometheus\n    url: http://prometheus:9090\n")
    };
    let (a, b, c) = (ds("A"), ds("B"), ds("C"));
    let files = [
        ("docker-compose.yml", compose),
        ("grafana/provisioning/datasources/a.yml", a.as_str()),
        ("grafana/provisioning/datasources/b.yml", b.as_str()),
        ("grafana/provisioning/datasources/c.yml", c.as_str()),
    ];
    let r = report(&files, "GRAF001");
    assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
    let also = r.diagnostics[0]
        .related
        .iter()
        .filter(|l| {
            l.message
                .as_ref()
                .is_some_and(|m| m.render(Lang::En) == "also here")
        })
        .count();
    assert_eq!(also, 2);
}

// ---------- compose's container names resolve (Compose v1 and v2) ----------

#[test]
fn compose_container_names_of_the_project_resolve() {
    let compose = |name: &str| {
        format!("{name}services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml\n  app:\n    image: app:1\n  named:\n    image: named:1\n    container_name: my-named\n")
    };
    let ok = |name: &str, host: &str| {
        let c = compose(name);
        let p = scrape(&format!("{host}:8000"));
        lines(
            &[("docker-compose.yml", c.as_str()), ("prometheus.yml", &p)],
            "NET003",
        )
        .is_empty()
    };
    // The folder's name is not in the files (a clone, `-p`): any project name is accepted.
    assert!(ok("", "homelab-monitoring_app_1"));
    assert!(ok("", "homelab-app-1"));
    // A pinned name (top-level `name:`, normalised as compose does) must match.
    assert!(ok("name: Home.Lab\n", "homelab_app_1"));
    assert!(ok("name: homelab\n", "homelab-app-2"));
    assert!(!ok("name: homelab\n", "other_app_1"));
    // A service with `container_name:` has that name, not `<project>_<service>_1`.
    assert!(ok("", "my-named"));
    assert!(!ok("", "homelab_named_1"));
    // Not a container name: another separator in between, unknown service. (`homelab_app`
    // is accepted as Swarm's `<stack>_<service>`.)
    assert!(!ok("", "homelab_app-1"));
    assert!(!ok("", "homelab_db_1"));
    // `COMPOSE_PROJECT_NAME` of `.env` pins the name too.
    let c = compose("");
    let p = scrape("homelab_app_1:8000");
    let with_env = |v: &str| {
        lines(
            &[
                ("docker-compose.yml", c.as_str()),
                (".env", v),
                ("prometheus.yml", &p),
            ],
            "NET003",
        )
    };
    assert!(with_env("COMPOSE_PROJECT_NAME=homelab\n").is_empty());
    assert_eq!(with_env("COMPOSE_PROJECT_NAME=other\n").len(), 1);
}

// ---------- class 3: a rule file of another ruler (Cortex, Mimir, Loki) ----------

#[test]
fn a_cortex_rulers_rule_file_is_not_prometheus_s() {
    // One `config/` folder mounted into Prometheus and into the Cortex services.
    let compose = |cortex_image: &str| {
        format!("services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    command: ['--config.file=/etc/prometheus/prometheus.yaml']\n    volumes:\n      - ./config:/etc/prometheus\n  ruler:\n    image: {cortex_image}\n    volumes:\n      - ./config:/cortex/config\n")
    };
    let prom =
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['ruler:80']\n";
    let rules = "groups:\n  - name: example\n    rules:\n      - record: up:count\n        expr: count(up)\n";
    let run = |image: &str| {
        let c = compose(image);
        lines(
            &[
                ("docker-compose.yml", c.as_str()),
                ("config/prometheus.yaml", prom),
                ("config/rules.yaml", rules),
            ],
            "PROM006",
        )
    };
    assert!(run("quay.io/cortexproject/cortex:v1.18.0").is_empty());
    assert!(run("grafana/mimir:2.14.0").is_empty());
    // Seen by Prometheus and by a program without a ruler: Prometheus's, not loaded.
    assert_eq!(run("nginx:1.27").len(), 1);
}

// ---------- class 3: templates filled by a script ----------

#[test]
fn templates_filled_by_a_script_are_not_read_as_they_are() {
    // The compose file is a template; its Grafana reads provisioning the script writes.
    let compose = "services:\n  grafana:\n    image: grafana/grafana:${GRAFANA_VERSION}\n    volumes:\n      - ./grafana/provisioning:/etc/grafana/provisioning\n";
    let ds = "apiVersion: 1\ndatasources:\n  - name: prometheus\n    type: prometheus\n    url: http://DB_ADDRESS\n    isDefault: true\n";
    let copy = "apiVersion: 1\ndatasources:\n  - name: prometheus\n    type: prometheus\n    url: http://DB_ADDRESS\n";
    let run = |compose_name: &str| {
        alarms(&[
            (compose_name, compose),
            ("grafana/datasource.yml", ds),
            ("grafana/datasource.psswd.yml", copy),
        ])
    };
    assert_eq!(run("docker-compose.template.yml"), Vec::<String>::new());
    // The same files beside a compose file that is not a template: the placeholder and
    // the duplicate name are reported.
    let plain = run("docker-compose.yml");
    assert!(plain.iter().any(|l| l.contains("NET006")), "{plain:?}");
    assert!(plain.iter().any(|l| l.contains("GRAF006")), "{plain:?}");
}

// ---------- class 6: where a stack ends (GRAF001) ----------

#[test]
fn provisioning_an_other_variant_or_a_volume_fills_is_not_unmounted() {
    // The compose project mounts one datasource file; the folder also holds the
    // Kubernetes variant, which this project does not use.
    let compose = "services:\n  grafana:\n    image: grafana/grafana:12.2.0\n    volumes:\n      - ./grafana-datasource-docker.yaml:/etc/grafana/provisioning/datasources/datasource.yaml:ro\n";
    let ds = |url: &str| {
        format!(
            "apiVersion: 1\ndatasources:\n  - name: Cortex\n    type: prometheus\n    url: {url}\n"
        )
    };
    let (docker, k8s) = (
        ds("http://nginx/api/prom"),
        ds("http://cortex-nginx/api/prom"),
    );
    let files = [
        ("docker-compose.yaml", compose),
        ("grafana-datasource-docker.yaml", docker.as_str()),
        ("grafana-datasource.yaml", k8s.as_str()),
    ];
    assert_eq!(lines(&files, "GRAF001"), Vec::<String>::new());
    // Without the mounted one, the unmounted file is the project's and is reported.
    let bare = "services:\n  grafana:\n    image: grafana/grafana:12.2.0\n";
    let files = [
        ("docker-compose.yaml", bare),
        ("grafana-datasource.yaml", k8s.as_str()),
    ];
    assert_eq!(lines(&files, "GRAF001").len(), 1);
    // A named volume at the provisioning folder: another service fills it.
    let swarm = "services:\n  grafana:\n    image: grafana/grafana:11.3.0\n    volumes:\n      - type: volume\n        source: grafana-provisioning-datasources\n        target: /etc/grafana/provisioning/datasources\nvolumes:\n  grafana-provisioning-datasources: {}\n";
    let files = [
        ("docker-stack.yml", swarm),
        (
            "grafana/provisioning/datasources/prometheus.yaml",
            k8s.as_str(),
        ),
    ];
    assert_eq!(lines(&files, "GRAF001"), Vec::<String>::new());
}

#[test]
fn pwd_in_a_bind_mount_is_the_project_folder() {
    let ds = "apiVersion: 1\ndatasources:\n  - name: P\n    type: prometheus\n    url: http://prometheus:9090\n";
    for source in [
        "${PWD}/opt/grafana/provisioning",
        "$PWD/opt/grafana/provisioning",
    ] {
        let compose = format!("services:\n  grafana:\n    image: grafana/grafana:12.2.0\n    volumes:\n      - {source}:/etc/grafana/provisioning\n");
        let files = [
            ("docker-compose.yml", compose.as_str()),
            ("opt/grafana/provisioning/datasources/all.yml", ds),
        ];
        assert_eq!(lines(&files, "GRAF001"), Vec::<String>::new(), "{source}");
    }
}

#[test]
fn stacks_side_by_side_are_checked_each_on_its_own() {
    // tests/fixtures/precision/side-by-side: a parent stack with its Grafana, and a
    // `broken/` and a `fixed/` copy of a tutorial whose Grafana runs on the host. Joined,
    // the parent's Grafana "does not mount" the copies' datasource files (two false
    // errors); each stack on its own leaves the one real finding, the typo in `broken/`.
    let dir = diagnose_tests::repo_root().join("tests/fixtures/precision/side-by-side");
    let inputs = diagnose_tests::read_dir_inputs(&dir);
    assert!(inputs.len() >= 8, "fixture missing: {}", dir.display());
    let r = check(inputs, &Options::default());
    let found: Vec<String> = r
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| present::short_line(&r, d, Lang::En))
        .collect();
    assert_eq!(
        found,
        ["broken/prometheus.yml:4:20: error[NET003] `nodeexporter` is not a service of the compose project of `prometheus`"]
    );
    // The shared parts: a file mounted from beside the stack belongs to it.
    let compose = "services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n    volumes:\n      - ../shared/prometheus.yml:/etc/prometheus/prometheus.yml\n";
    let prom = scrape("nodeexporter:9100");
    let files = [
        ("a/docker-compose.yml", compose),
        ("b/docker-compose.yml", compose),
        ("shared/prometheus.yml", prom.as_str()),
    ];
    assert_eq!(
        lines(&files, "NET003"),
        ["shared/prometheus.yml:4:20: error[NET003] `nodeexporter` is not a service of the compose project of `prometheus`"]
    );
}
