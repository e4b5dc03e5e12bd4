//! Edge cases of the network and compose rules that the rule pages do not show: long port
//! syntax, ranges, IPv6 host addresses, aliases, external networks, override merging,
//! `.env` interpolation, `network_mode`, profiles, blackbox-style jobs.

use diagnose_core::Render;
use diagnose_core::{Diagnostic, Lang, Report};
use diagnose_tests::{check_selected, short_lines};

fn report(files: &[(&str, &str)], select: &str) -> Report {
    check_selected(files, &select.split(',').collect::<Vec<_>>())
}

/// Short lines of the diagnostics of the selected rules.
fn lines(files: &[(&str, &str)], select: &str) -> Vec<String> {
    short_lines(&report(files, select), |_| true)
}

fn one<'a>(r: &'a Report, code: &str) -> &'a Diagnostic {
    let v: Vec<_> = r.diagnostics.iter().filter(|d| d.code == code).collect();
    assert_eq!(v.len(), 1, "{:?}", r.diagnostics);
    v[0]
}

fn help(r: &Report, d: &Diagnostic) -> String {
    let _ = r;
    d.help
        .as_ref()
        .map(|h| h.render(Lang::En))
        .unwrap_or_default()
}

const PROM_MOUNT: &str = "    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml\n";

fn prom_targets(targets: &[&str]) -> String {
    let list = targets
        .iter()
        .map(|t| format!("'{t}'"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("scrape_configs:\n  - job_name: x\n    static_configs:\n      - targets: [{list}]\n")
}

// ---------- DC001 host-port-clash ----------

#[test]
fn long_syntax_clashes_with_short_syntax() {
    let c = "services:\n  wikijs:\n    image: ghcr.io/requarks/wiki:2.5\n    ports:\n      - target: 3000\n        published: \"3000\"\n        protocol: tcp\n  grafana:\n    image: grafana/grafana:12.2.0\n    ports:\n      - \"3000:3000\"\n";
    assert_eq!(
        lines(&[("docker-compose.yml", c)], "DC001"),
        ["docker-compose.yml:11:9: error[DC001] host port 3000/tcp is already published by the `wikijs` service"]
    );
}

#[test]
fn ranges_overlap_on_one_port() {
    let c = "services:\n  a:\n    image: x:1\n    ports:\n      - \"8000-8010:8000-8010\"\n  b:\n    image: y:1\n    ports:\n      - \"8005:80\"\n";
    let r = report(&[("compose.yaml", c)], "DC001");
    let d = one(&r, "DC001");
    assert!(d.message.render(Lang::En).contains("host port 8005/tcp"));
    // The suggestion skips every published port.
    assert!(help(&r, d).contains("\"8011:80\""), "{}", help(&r, d));
    assert_eq!(d.related.len(), 1);
}

#[test]
fn host_addresses_and_protocols() {
    let clash = |a: &str, b: &str| {
        let c = format!(
            "services:\n  a:\n    image: x:1\n    ports:\n      - \"{a}\"\n  b:\n    image: y:1\n    ports:\n      - \"{b}\"\n"
        );
        !lines(&[("compose.yaml", &c)], "DC001").is_empty()
    };
    assert!(clash("9090:9090", "127.0.0.1:9090:9090"));
    assert!(clash("[::1]:9090:9090", "9090:9090"));
    assert!(clash("0.0.0.0:9090:9090", "127.0.0.1:9090:9091"));
    assert!(clash("[::]:9090:9090", "[::1]:9090:9090"));
    assert!(!clash("127.0.0.1:9090:9090", "192.0.2.10:9090:9090"));
    assert!(!clash("[::1]:9090:9090", "127.0.0.1:9090:9090"));
    assert!(!clash("0.0.0.0:9090:9090", "[::1]:9090:9090"));
    assert!(!clash("53:53/udp", "53:53/tcp"));
    assert!(
        !clash("9090", "9090"),
        "container ports only: Docker picks host ports"
    );
}

#[test]
fn long_syntax_host_ip() {
    let c = "services:\n  a:\n    image: x:1\n    ports:\n      - target: 80\n        published: 8080\n        host_ip: 127.0.0.1\n  b:\n    image: y:1\n    ports:\n      - target: 80\n        published: 8080\n        host_ip: 192.0.2.10\n  c:\n    image: z:1\n    ports:\n      - \"127.0.0.1:8080:80\"\n";
    assert_eq!(
        lines(&[("compose.yaml", c)], "DC001"),
        ["compose.yaml:17:9: error[DC001] host port 8080/tcp is already published by the `a` service"]
    );
}

#[test]
fn override_redeclaring_a_service_is_no_clash() {
    let base = "services:\n  grafana:\n    image: grafana/grafana:12.2.0\n    ports:\n      - \"3000:3000\"\n";
    let over = "services:\n  grafana:\n    ports:\n      - \"3000:3000\"\n";
    assert!(lines(
        &[
            ("docker-compose.yml", base),
            ("docker-compose.override.yml", over)
        ],
        "DC001"
    )
    .is_empty());
    // A new service in the override that takes the same port does clash.
    let over2 = "services:\n  wikijs:\n    image: ghcr.io/requarks/wiki:2.5\n    ports:\n      - \"3000:3000\"\n";
    assert_eq!(
        lines(
            &[
                ("docker-compose.yml", base),
                ("docker-compose.override.yml", over2)
            ],
            "DC001"
        ),
        ["docker-compose.override.yml:5:9: error[DC001] host port 3000/tcp is already published by the `grafana` service"]
    );
}

#[test]
fn alternative_files_of_a_folder_do_not_clash() {
    // A compose file and a stack file declaring the same services, with different ports.
    let compose = "services:\n  cadvisor:\n    image: gcr.io/cadvisor/cadvisor:v0.49.1\n    ports:\n      - \"8080:8080\"\n";
    let stack = "services:\n  traefik:\n    image: traefik:v3.1\n    ports:\n      - \"8080:8080\"\n  cadvisor:\n    image: gcr.io/cadvisor/cadvisor:v0.49.1\n    ports:\n      - \"8088:8080\"\n";
    assert!(lines(
        &[("docker-compose.yml", compose), ("docker-stack.yml", stack)],
        "DC001"
    )
    .is_empty());
}

#[test]
fn env_interpolation_in_ports() {
    let c = "services:\n  a:\n    image: x:1\n    ports:\n      - \"${GRAFANA_PORT}:3000\"\n  b:\n    image: y:1\n    ports:\n      - \"${WIKI_PORT:-3000}:3000\"\n";
    let clash = |env: &str| !lines(&[("compose.yaml", c), (".env", env)], "DC001").is_empty();
    assert!(clash("GRAFANA_PORT=3000\n"));
    assert!(!clash("GRAFANA_PORT=3001\n"));
    assert!(!clash("GRAFANA_PORT=3000\nWIKI_PORT=3002\n"));
    assert!(
        !clash(""),
        "an unset variable without default is unknown, not a clash"
    );
}

#[test]
fn disjoint_profiles_do_not_clash() {
    let c = "services:\n  a:\n    image: x:1\n    profiles: [dev]\n    ports:\n      - \"3000:3000\"\n  b:\n    image: y:1\n    profiles: [prod]\n    ports:\n      - \"3000:3000\"\n  c:\n    image: z:1\n    profiles: [prod, debug]\n    ports:\n      - \"3000:3000\"\n";
    assert_eq!(
        lines(&[("compose.yaml", c)], "DC001"),
        ["compose.yaml:16:9: error[DC001] host port 3000/tcp is already published by the `b` service"]
    );
}

// ---------- NET002 host-docker-internal-without-host-gateway ----------

#[test]
fn any_host_docker_internal_mapping_counts() {
    let prom = prom_targets(&["host.docker.internal:8000"]);
    for extra in [
        "    extra_hosts:\n      - \"host.docker.internal:host-gateway\"\n",
        "    extra_hosts:\n      - \"host.docker.internal=host-gateway\"\n",
        "    extra_hosts:\n      - \"host.docker.internal:172.17.0.1\"\n",
        "    extra_hosts:\n      host.docker.internal: host-gateway\n",
    ] {
        let c = format!(
            "services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n{PROM_MOUNT}{extra}"
        );
        assert!(
            lines(&[("compose.yaml", &c), ("prometheus.yml", &prom)], "NET002").is_empty(),
            "{extra}"
        );
    }
}

#[test]
fn host_docker_internal_with_network_mode() {
    let prom = prom_targets(&["host.docker.internal:8000"]);
    // Host network: reported, with `localhost` in the help and no fix.
    let c = format!("services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n    network_mode: host\n{PROM_MOUNT}");
    let r = report(&[("compose.yaml", &c), ("prometheus.yml", &prom)], "NET002");
    let d = one(&r, "NET002");
    assert!(help(&r, d).contains("`localhost`"));
    assert!(d.fix.is_none());
    // `network_mode: service:vpn`: vpn's extra_hosts count.
    let c = format!("services:\n  vpn:\n    image: qmcgaw/gluetun:v3.39\n    extra_hosts:\n      - \"host.docker.internal:host-gateway\"\n  prometheus:\n    image: prom/prometheus:v3.5.0\n    network_mode: service:vpn\n{PROM_MOUNT}");
    assert!(lines(&[("compose.yaml", &c), ("prometheus.yml", &prom)], "NET002").is_empty());
}

#[test]
fn blackbox_probe_targets_are_parameters() {
    let prom = "scrape_configs:\n  - job_name: blackbox\n    metrics_path: /probe\n    static_configs:\n      - targets: ['http://host.docker.internal:8000', 'http://wiki:3000']\n    relabel_configs:\n      - source_labels: [__address__]\n        target_label: __param_target\n      - target_label: __address__\n        replacement: blackbox:9115\n";
    let c = format!("services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n{PROM_MOUNT}  blackbox:\n    image: prom/blackbox-exporter:v0.25.0\n");
    assert!(lines(
        &[("compose.yaml", &c), ("prometheus.yml", prom)],
        "NET002,NET003,NET004,NET005"
    )
    .is_empty());
}

#[test]
fn host_docker_internal_fix_goes_to_the_declaration_with_extra_hosts() {
    let base = format!("services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n{PROM_MOUNT}");
    let over = "services:\n  prometheus:\n    extra_hosts:\n      - \"nas:192.0.2.5\"\n";
    let prom = prom_targets(&["host.docker.internal:8000"]);
    let r = report(
        &[
            ("compose.yaml", &base),
            ("compose.override.yaml", over),
            ("prometheus.yml", &prom),
        ],
        "NET002",
    );
    let d = one(&r, "NET002");
    let e = &d.fix.as_ref().expect("a fix").edits[0];
    assert_eq!(r.file(e.file).path, "compose.override.yaml");
    assert_eq!(
        e.replacement,
        "\n      - \"host.docker.internal:host-gateway\""
    );
}

// ---------- NET003 unknown-service-host ----------

#[test]
fn aliases_container_names_hostnames_links_resolve() {
    let prom = prom_targets(&[
        "prom:9090",
        "exporter:9100",
        "nx:9100",
        "db-alias:9187",
        "nas:9100",
    ]);
    let c = format!("services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n{PROM_MOUNT}    links:\n      - postgres-exporter:db-alias\n    extra_hosts:\n      - \"nas:192.0.2.5\"\n    networks:\n      mon:\n        aliases: [prom]\n  node-exporter:\n    image: prom/node-exporter:v1.9.1\n    container_name: exporter\n    hostname: nx\n    networks: [mon]\n  postgres-exporter:\n    image: prometheuscommunity/postgres-exporter:v0.15.0\n    networks: [mon]\nnetworks:\n  mon: {{}}\n");
    assert!(lines(
        &[("compose.yaml", &c), ("prometheus.yml", &prom)],
        "NET003,NET004"
    )
    .is_empty());
}

#[test]
fn unknown_host_suggests_the_closest_name() {
    let prom = prom_targets(&["promethus:9090"]);
    let c = format!("services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n{PROM_MOUNT}  grafana:\n    image: grafana/grafana:12.2.0\n");
    let r = report(&[("compose.yaml", &c), ("prometheus.yml", &prom)], "NET003");
    assert_eq!(help(&r, one(&r, "NET003")), "did you mean `prometheus`?");
}

#[test]
fn external_or_named_networks_may_hold_other_containers() {
    let prom = prom_targets(&["traefik:8080"]);
    for nets in [
        "networks:\n  proxy:\n    external: true\n",
        "networks:\n  proxy:\n    name: shared-proxy\n",
        "networks:\n  proxy:\n    external:\n      name: shared-proxy\n",
    ] {
        let c = format!("services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n{PROM_MOUNT}    networks: [proxy]\n{nets}");
        assert!(
            lines(&[("compose.yaml", &c), ("prometheus.yml", &prom)], "NET003").is_empty(),
            "{nets}"
        );
    }
    // A default network declared external too.
    let c = format!("services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n{PROM_MOUNT}networks:\n  default:\n    external: true\n    name: infra\n");
    assert!(lines(&[("compose.yaml", &c), ("prometheus.yml", &prom)], "NET003").is_empty());
}

#[test]
fn a_service_of_another_project_is_named_in_the_help() {
    let prom = prom_targets(&["node-exporter:9100"]);
    let a = format!("services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n{PROM_MOUNT}");
    let b = "services:\n  node-exporter:\n    image: prom/node-exporter:v1.9.1\n";
    let r = report(
        &[
            ("prometheus/compose.yaml", &a),
            ("prometheus/prometheus.yml", &prom),
            ("nodeexporter/compose.yaml", b),
        ],
        "NET003",
    );
    assert!(help(&r, one(&r, "NET003")).contains("`nodeexporter`"));
}

#[test]
fn services_split_over_files_of_one_folder_resolve() {
    // microservices-demo: the monitoring file scrapes services of the main file.
    let app = "services:\n  catalogue:\n    image: weaveworksdemos/catalogue:0.3.5\n";
    let mon = format!("services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n{PROM_MOUNT}");
    let prom = prom_targets(&["catalogue:80"]);
    assert!(lines(
        &[
            ("docker-compose.yml", app),
            ("docker-compose.monitoring.yml", &mon),
            ("prometheus.yml", &prom)
        ],
        "NET"
    )
    .is_empty());
}

#[test]
fn dotted_names_ips_and_placeholders_are_not_service_names() {
    let prom = prom_targets(&[
        "node.example.com:9100",
        "192.0.2.7:9100",
        "APP_IP:5000",
        "[2001:db8::1]:9100",
    ]);
    let c = format!("services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n{PROM_MOUNT}");
    assert!(lines(
        &[("compose.yaml", &c), ("prometheus.yml", &prom)],
        "NET003,NET004,NET005"
    )
    .is_empty());
}

#[test]
fn a_folder_mounted_into_every_container_does_not_make_callers() {
    // cAdvisor mounts `/`; a mount of the whole project is seen by a service that does not
    // read Prometheus configs: only the Prometheus service is the caller.
    let prom = prom_targets(&["nodeexporter:9100"]);
    let c = "services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n    volumes:\n      - ./:/etc/prometheus\n  cadvisor:\n    image: gcr.io/cadvisor/cadvisor:v0.49.1\n    volumes:\n      - /:/rootfs:ro\n  backup:\n    image: offen/docker-volume-backup:v2\n    volumes:\n      - ./:/backup/config:ro\n";
    let r = report(&[("compose.yaml", c), ("prometheus.yml", &prom)], "NET003");
    let d = one(&r, "NET003");
    assert!(d.message.render(Lang::En).contains("`prometheus`"));
}

// ---------- NET004 no-shared-network ----------

#[test]
fn networks_with_the_same_name_are_one_network() {
    let prom = prom_targets(&["node-exporter:9100"]);
    let c = format!("services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n{PROM_MOUNT}    networks: [a]\n  node-exporter:\n    image: prom/node-exporter:v1.9.1\n    networks: [b]\nnetworks:\n  a:\n    name: monitoring\n  b:\n    name: monitoring\n");
    assert!(lines(&[("compose.yaml", &c), ("prometheus.yml", &prom)], "NET004").is_empty());
}

#[test]
fn no_shared_network_labels_both_services() {
    let prom = prom_targets(&["node-exporter:9100"]);
    let c = format!("services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n{PROM_MOUNT}    networks: [front, back]\n  node-exporter:\n    image: prom/node-exporter:v1.9.1\n    networks:\n      hostnet: {{}}\nnetworks:\n  front: {{}}\n  back: {{}}\n  hostnet: {{}}\n");
    let r = report(&[("compose.yaml", &c), ("prometheus.yml", &prom)], "NET004");
    let d = one(&r, "NET004");
    let labels: Vec<String> = d
        .related
        .iter()
        .map(|l| l.message.as_ref().unwrap().render(Lang::En))
        .collect();
    assert_eq!(
        labels,
        [
            "`prometheus` is on `back`, `front`",
            "`node-exporter` is on `hostnet`"
        ]
    );
    assert_eq!(
        help(&r, d),
        "add `hostnet` to the `networks:` of `prometheus`"
    );
}

#[test]
fn network_mode_service_uses_the_other_services_networks() {
    let prom = prom_targets(&["node-exporter:9100"]);
    let c = format!("services:\n  vpn:\n    image: qmcgaw/gluetun:v3.39\n    networks: [mon]\n  prometheus:\n    image: prom/prometheus:v3.5.0\n    network_mode: service:vpn\n{PROM_MOUNT}  node-exporter:\n    image: prom/node-exporter:v1.9.1\n");
    let r = report(&[("compose.yaml", &c), ("prometheus.yml", &prom)], "NET004");
    assert_eq!(
        help(&r, one(&r, "NET004")),
        "add `default` to the `networks:` of `vpn`"
    );
}

#[test]
fn yaml_merge_keys_carry_networks() {
    let prom = prom_targets(&["app:8080"]);
    let c = format!("x-common: &common\n  networks: [mon]\nservices:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n{PROM_MOUNT}    networks: [mon]\n  app:\n    <<: *common\n    image: example/app:1.0\nnetworks:\n  mon: {{}}\n");
    assert!(lines(&[("compose.yaml", &c), ("prometheus.yml", &prom)], "NET004").is_empty());
}

// ---------- NET005 container-port-mismatch ----------

#[test]
fn published_port_from_inside_long_syntax_and_ranges() {
    let ds = "apiVersion: 1\ndatasources:\n  - name: P\n    type: prometheus\n    url: http://prometheus:9091\n";
    let grafana = "  grafana:\n    image: grafana/grafana:12.2.0\n    volumes:\n      - ./provisioning:/etc/grafana/provisioning\n";
    for ports in [
        "    ports:\n      - target: 9090\n        published: 9091\n",
        "    ports:\n      - \"127.0.0.1:9091:9090\"\n",
        "    ports:\n      - \"9091-9092:9090-9091\"\n",
    ] {
        let c = format!("services:\n  prometheus:\n    image: example/prom:1\n{ports}{grafana}");
        let r = report(
            &[("compose.yaml", &c), ("provisioning/datasources/p.yml", ds)],
            "NET005",
        );
        assert_eq!(
            help(&r, one(&r, "NET005")),
            "use `http://prometheus:9090`",
            "{ports}"
        );
    }
}

#[test]
fn unknown_images_are_not_judged_on_unpublished_ports() {
    let prom = prom_targets(&["app:8081", "web:9000", "grafana:3001", "custom:9091"]);
    let c = format!("services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n{PROM_MOUNT}  app:\n    image: example/app:1.0\n    ports:\n      - \"8080:8080\"\n  web:\n    build: ./web\n  grafana:\n    image: grafana/grafana:12.2.0\n    environment:\n      GF_SERVER_HTTP_PORT: \"3001\"\n  custom:\n    image: prom/prometheus:v3.5.0\n    command: ['--web.listen-address=:9091']\n");
    assert!(lines(&[("compose.yaml", &c), ("prometheus.yml", &prom)], "NET005").is_empty());
    // A well-known image on another port is judged.
    let prom = prom_targets(&["grafana:3001"]);
    let c = format!("services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n{PROM_MOUNT}  grafana:\n    image: grafana/grafana:12.2.0\n");
    assert_eq!(
        lines(&[("compose.yaml", &c), ("prometheus.yml", &prom)], "NET005"),
        ["prometheus.yml:4:28: error[NET005] `grafana` does not listen on port 3001"]
    );
}

#[test]
fn exporters_on_the_host_network_are_not_judged() {
    // dockprom: the exporters file runs node-exporter with `network_mode: host`.
    let main = format!("services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n{PROM_MOUNT}    networks: [monitor-net]\n  nodeexporter:\n    image: prom/node-exporter:v1.9.1\n    networks: [monitor-net]\nnetworks:\n  monitor-net: {{}}\n");
    let exporters = "services:\n  nodeexporter:\n    image: prom/node-exporter:v1.9.1\n    network_mode: host\n";
    let prom = prom_targets(&["nodeexporter:9100"]);
    assert!(lines(
        &[
            ("docker-compose.yml", &main),
            ("docker-compose.exporters.yml", exporters),
            ("prometheus.yml", &prom)
        ],
        "NET"
    )
    .is_empty());
}

// ---------- NET006 placeholder-not-replaced ----------

#[test]
fn placeholders_in_hosts_and_ports() {
    let prom = prom_targets(&[
        "<PROMETHEUS_IP>:9090",
        "x.x.x.x:9100",
        "your-server:9100",
        "192.0.2.7:<port>",
    ]);
    assert_eq!(
        lines(&[("prometheus.yml", &prom)], "NET006"),
        [
            "prometheus.yml:4:20: error[NET006] `<PROMETHEUS_IP>` is a placeholder that was never replaced with a real address",
            "prometheus.yml:4:44: error[NET006] `x.x.x.x` is a placeholder that was never replaced with a real address",
            "prometheus.yml:4:60: error[NET006] `your-server` is a placeholder that was never replaced with a real address",
            "prometheus.yml:4:90: error[NET006] `<port>` is a placeholder that was never replaced with a real address",
        ]
    );
}

#[test]
fn real_names_and_variables_are_not_placeholders() {
    let prom = prom_targets(&[
        "example.com:9100",
        "demo.do.prometheus.io:9090",
        "PROMETHEUS:9090",
        "node1:9100",
    ]);
    let ds = "apiVersion: 1\ndatasources:\n  - name: P\n    type: prometheus\n    url: http://${PROMETHEUS_HOST}:9090\n  - name: Q\n    type: prometheus\n    url: $PROM_URL\n";
    assert!(lines(
        &[("prometheus.yml", &prom), ("datasources/p.yml", ds)],
        "NET006"
    )
    .is_empty());
    // A compose service really named like a placeholder is a name.
    let c = "services:\n  SERVER_IP:\n    image: example/app:1.0\n";
    let prom = prom_targets(&["SERVER_IP:8080"]);
    assert!(lines(&[("compose.yaml", c), ("prometheus.yml", &prom)], "NET006").is_empty());
}

#[test]
fn placeholders_in_configmaps_point_at_the_manifest() {
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: prom\ndata:\n  prometheus.yml: |\n    scrape_configs:\n      - job_name: app\n        static_configs:\n          - targets: ['APP_IP:5000']\n";
    assert_eq!(
        lines(&[("k8s/prom.yaml", cm)], "NET006"),
        ["k8s/prom.yaml:10:24: error[NET006] `APP_IP` is a placeholder that was never replaced with a real address"]
    );
}

// ---------- DC002, DC003 ----------

#[test]
fn version_fix_and_swarm_stacks() {
    let c = "version: \"3.8\"\n\nservices:\n  a:\n    image: x:1\n";
    let r = report(&[("compose.yaml", c)], "DC002");
    let e = &one(&r, "DC002").fix.as_ref().unwrap().edits[0];
    let mut t = c.to_string();
    t.replace_range(e.span.start as usize..e.span.end as usize, &e.replacement);
    assert_eq!(t, "services:\n  a:\n    image: x:1\n");
    let stack =
        "version: \"3.8\"\nservices:\n  a:\n    image: x:1\n    deploy:\n      mode: global\n";
    assert!(lines(&[("docker-compose.yml", stack)], "DC002").is_empty());
    assert!(lines(&[("docker-stack.yml", c)], "DC002").is_empty());
}

#[test]
fn image_tags() {
    let c = "services:\n  a:\n    image: ${IMG}\n  b:\n    image: ${GRAFANA_IMAGE}\n  c:\n    image: prom/prometheus@sha256:0000000000000000000000000000000000000000000000000000000000000000\n  d:\n    image: localhost:5000/app\n  e:\n    image: example/app\n    build: .\n  f:\n    image: registry.example.com:5000/team/app:1.2\n";
    assert_eq!(
        lines(&[("compose.yaml", c), (".env", "GRAFANA_IMAGE=grafana/grafana\n")], "DC003"),
        [
            "compose.yaml:5:12: info[DC003] image `grafana/grafana` has no tag, so it runs `latest`",
            "compose.yaml:9:12: info[DC003] image `localhost:5000/app` has no tag, so it runs `latest`",
        ]
    );
    let k8s = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: g\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: init\n          image: busybox\n      containers:\n        - name: g\n          image: grafana/grafana:12.2.0\n";
    assert_eq!(
        lines(&[("g.yaml", k8s)], "DC003"),
        ["g.yaml:10:18: info[DC003] image `busybox` has no tag, so it runs `latest`"]
    );
}

// ---------- what the container does not resolve itself ----------

#[test]
fn browser_access_datasources_are_not_container_calls() {
    let ds = "apiVersion: 1\ndatasources:\n  - name: P\n    type: prometheus\n    access: direct\n    url: http://prometheus-host:9091\n  - name: Q\n    type: prometheus\n    access: proxy\n    url: http://prometheus-host:9091\n";
    let c = "services:\n  grafana:\n    image: grafana/grafana:12.2.0\n    volumes:\n      - ./provisioning:/etc/grafana/provisioning\n";
    assert_eq!(
        lines(
            &[("compose.yaml", c), ("provisioning/datasources/p.yml", ds)],
            "NET003"
        ),
        ["provisioning/datasources/p.yml:10:17: error[NET003] `prometheus-host` is not a service of the compose project of `grafana`"]
    );
}

#[test]
fn swarm_style_prefixed_names_resolve() {
    let prom = prom_targets(&["mon_node-exporter:9100"]);
    let c = format!("services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n{PROM_MOUNT}  node-exporter:\n    image: prom/node-exporter:v1.9.1\n");
    assert!(lines(&[("compose.yaml", &c), ("prometheus.yml", &prom)], "NET003").is_empty());
}

#[test]
fn host_network_services_publish_nothing() {
    let c = "services:\n  nodeexporter:\n    image: prom/node-exporter:v1.9.1\n    network_mode: host\n    ports:\n      - \"9100:9100\"\n  other:\n    image: example/app:1\n    ports:\n      - \"9100:9100\"\n";
    assert!(lines(&[("compose.yaml", c)], "DC001").is_empty());
}

#[test]
fn ports_set_by_flags_the_model_does_not_read() {
    let prom = prom_targets(&["cadvisor:8081"]);
    let c = format!("services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n{PROM_MOUNT}  cadvisor:\n    image: gcr.io/cadvisor/cadvisor:v0.49.1\n    command: ['-port=8081']\n");
    assert!(lines(&[("compose.yaml", &c), ("prometheus.yml", &prom)], "NET005").is_empty());
    let c = format!("services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n{PROM_MOUNT}  cadvisor:\n    image: gcr.io/cadvisor/cadvisor:v0.49.1\n");
    assert_eq!(
        lines(&[("compose.yaml", &c), ("prometheus.yml", &prom)], "NET005"),
        ["prometheus.yml:4:29: error[NET005] `cadvisor` does not listen on port 8081"]
    );
}
