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

/// Errors and warnings only.
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
