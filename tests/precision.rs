//! Issue 18, precision on stacks diagnose was not tuned on: one test per class of false
//! alarm (each fails on the behaviour before the fix). Synthetic stacks, written after the
//! real cases of `../shared/corpus-more` (never copied from it).

use diagnose_core::{check, present, Input, Lang, Options, Report, Severity};

fn report(files: &[(&str, &str)], select: &str) -> Report {
    let inputs = files.iter().map(|(p, t)| Input::new(*p, *t)).collect();
    check(
        inputs,
        &Options {
            select: select
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            ..Options::default()
        },
    )
}

/// Short lines of the diagnostics of the selected rules (all rules when `select` is empty).
fn lines(files: &[(&str, &str)], select: &str) -> Vec<String> {
    let r = report(files, select);
    r.diagnostics
        .iter()
        .map(|d| present::short_line(&r, d, Lang::En))
        .collect()
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
