//! The rules that read the runtime view (DC004, DC005, DC006, PROM008, GRAF010, GRAF011)
//! on Kubernetes pod templates and plain-server units, beyond the examples of their pages.

use diagnose_core::Report;
use diagnose_tests::{check_selected, short_lines};

fn report(files: &[(&str, &str)], codes: &[&str]) -> Report {
    check_selected(files, codes)
}

fn lines(files: &[(&str, &str)], codes: &[&str]) -> Vec<String> {
    short_lines(&report(files, codes), |d| codes.contains(&d.code))
}

// ---------------------------------------------------------------- DC004 on Kubernetes

/// A Prometheus pod template: `args`, then `volumeMounts` and `volumes` (or a
/// StatefulSet's claim templates) as given.
fn prometheus(kind: &str, args: &str, mounts: &str, volumes: &str, claims: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: {kind}\nmetadata:\n  name: prometheus\nspec:\n  template:\n    spec:\n      containers:\n        - name: prometheus\n          image: prom/prometheus:v2.53.0\n          args:\n{args}          volumeMounts:\n            - name: config\n              mountPath: /etc/prometheus\n{mounts}      volumes:\n        - name: config\n          configMap:\n            name: prometheus-config\n{volumes}{claims}"
    )
}

const ARGS: &str = "            - --config.file=/etc/prometheus/prometheus.yml\n            - --storage.tsdb.path=/prometheus\n";

#[test]
fn a_claim_at_the_data_directory_is_silent() {
    let pvc = prometheus(
        "Deployment",
        ARGS,
        "            - name: data\n              mountPath: /prometheus\n",
        "        - name: data\n          persistentVolumeClaim:\n            claimName: prometheus-data\n",
        "",
    );
    assert_eq!(
        lines(&[("k8s/p.yaml", &pvc)], &["DC004"]),
        Vec::<String>::new()
    );
    // A StatefulSet's volumeClaimTemplates entry, mounted by its name.
    let sts = prometheus(
        "StatefulSet",
        ARGS,
        "            - name: db\n              mountPath: /prometheus\n",
        "",
        "  volumeClaimTemplates:\n    - metadata:\n        name: db\n      spec:\n        accessModes: [ReadWriteOnce]\n",
    );
    assert_eq!(
        lines(&[("k8s/p.yaml", &sts)], &["DC004"]),
        Vec::<String>::new()
    );
    // A subPath of the claim at the data directory is still on the claim.
    let sub = prometheus(
        "Deployment",
        ARGS,
        "            - name: data\n              mountPath: /prometheus\n              subPath: prometheus\n",
        "        - name: data\n          persistentVolumeClaim:\n            claimName: shared\n",
        "",
    );
    assert_eq!(
        lines(&[("k8s/p.yaml", &sub)], &["DC004"]),
        Vec::<String>::new()
    );
}

#[test]
fn a_claim_beside_the_data_directory_is_a_warning_at_its_mount() {
    let pvc = prometheus(
        "Deployment",
        ARGS,
        "            - name: data\n              mountPath: /data\n",
        "        - name: data\n          persistentVolumeClaim:\n            claimName: prometheus-data\n",
        "",
    );
    let r = report(&[("k8s/p.yaml", &pvc)], &["DC004"]);
    assert_eq!(
        lines(&[("k8s/p.yaml", &pvc)], &["DC004"]),
        ["k8s/p.yaml:17:15: warning[DC004] volume `data` (PersistentVolumeClaim `prometheus-data`) is mounted at `/data`, but prometheus writes its data to `/prometheus`"]
    );
    // The flag that sets the data directory is pointed at.
    assert_eq!(r.diagnostics[0].related.len(), 1);
    // The same with a claim template: the flag moved the data off the volume.
    let sts = prometheus(
        "StatefulSet",
        "            - --storage.tsdb.path=/var/prometheus\n",
        "            - name: prometheus-db\n              mountPath: /prometheus\n",
        "",
        "  volumeClaimTemplates:\n    - metadata:\n        name: prometheus-db\n",
    );
    assert_eq!(
        lines(&[("k8s/p.yaml", &sts)], &["DC004"]),
        ["k8s/p.yaml:16:15: warning[DC004] volume `prometheus-db` (StatefulSet volumeClaimTemplates) is mounted at `/prometheus`, but prometheus writes its data to `/var/prometheus`"]
    );
}

#[test]
fn an_empty_dir_or_no_volume_at_the_data_directory_is_an_info() {
    let empty = prometheus(
        "Deployment",
        ARGS,
        "            - name: storage\n              mountPath: /prometheus\n",
        "        - name: storage\n          emptyDir: {}\n",
        "",
    );
    assert_eq!(
        lines(&[("k8s/p.yaml", &empty)], &["DC004"]),
        ["k8s/p.yaml:17:15: info[DC004] prometheus writes its data to `/prometheus` on emptyDir volume `storage`, which is deleted with the pod"]
    );
    // `args:` without the flag: Prometheus' own default, relative to the working directory.
    let none = prometheus(
        "Deployment",
        "            - --config.file=/etc/prometheus/prometheus.yml\n",
        "",
        "",
        "",
    );
    assert_eq!(
        lines(&[("k8s/p.yaml", &none)], &["DC004"]),
        ["k8s/p.yaml:10:18: info[DC004] nothing is mounted at `/prometheus/data`, where prometheus writes its data"]
    );
    // A claim whose names say nothing about data, elsewhere: not the data's (silent
    // beside, the info stays about the data directory).
    let other = prometheus(
        "Deployment",
        ARGS,
        "            - name: storage\n              mountPath: /prometheus\n            - name: backup\n              mountPath: /backup\n",
        "        - name: storage\n          emptyDir: {}\n        - name: backup\n          persistentVolumeClaim:\n            claimName: nightly\n",
        "",
    );
    let out = lines(&[("k8s/p.yaml", &other)], &["DC004"]);
    assert_eq!(out.len(), 1, "{out:?}");
    assert!(out[0].contains("info[DC004]"), "{out:?}");
}

#[test]
fn agent_mode_and_grafana_on_an_external_database_are_silent() {
    let agent = prometheus(
        "Deployment",
        "            - --config.file=/etc/prometheus/prometheus.yml\n            - --enable-feature=agent\n",
        "",
        "",
        "",
    );
    assert_eq!(
        lines(&[("k8s/p.yaml", &agent)], &["DC004"]),
        Vec::<String>::new()
    );
    let grafana = |env: &str| {
        format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: grafana\nspec:\n  template:\n    spec:\n      containers:\n        - name: grafana\n          image: grafana/grafana:11.2.0\n{env}          volumeMounts:\n            - name: storage\n              mountPath: /var/lib/grafana\n      volumes:\n        - name: storage\n          emptyDir: {{}}\n")
    };
    let mysql = grafana(
        "          env:\n            - name: GF_DATABASE_TYPE\n              value: mysql\n",
    );
    assert_eq!(
        lines(&[("k8s/g.yaml", &mysql)], &["DC004"]),
        Vec::<String>::new()
    );
    // Variables from a ConfigMap may set the data path or the database: not known.
    let env_from = grafana(
        "          envFrom:\n            - configMapRef:\n                name: grafana-env\n",
    );
    assert_eq!(
        lines(&[("k8s/g.yaml", &env_from)], &["DC004"]),
        Vec::<String>::new()
    );
    let value_from = |name: &str| {
        grafana(&format!("          env:\n            - name: {name}\n              valueFrom:\n                secretKeyRef: {{name: grafana, key: x}}\n"))
    };
    assert_eq!(
        lines(
            &[("k8s/g.yaml", &value_from("GF_DATABASE_URL"))],
            &["DC004"]
        ),
        Vec::<String>::new()
    );
    // A secret admin password says nothing about the data: the info stays.
    assert_eq!(
        lines(
            &[("k8s/g.yaml", &value_from("GF_SECURITY_ADMIN_PASSWORD"))],
            &["DC004"]
        )
        .len(),
        1
    );
    // Kubernetes expands `$(VAR)` in arguments: the data directory is not known.
    let var = prometheus(
        "Deployment",
        "            - --storage.tsdb.path=$(DATA_DIR)\n",
        "",
        "",
        "",
    );
    assert_eq!(
        lines(&[("k8s/p.yaml", &var)], &["DC004"]),
        Vec::<String>::new()
    );
    let sqlite = grafana("");
    assert_eq!(
        lines(&[("k8s/g.yaml", &sqlite)], &["DC004"]),
        ["k8s/g.yaml:12:15: info[DC004] grafana writes its data to `/var/lib/grafana` on emptyDir volume `storage`, which is deleted with the pod"]
    );
}

// ---------------------------------------------------------------- plain-server units

const UNIT: &str = "[Unit]\nDescription=Prometheus\n\n[Service]\nUser=prometheus\nEnvironmentFile=-/etc/default/prometheus\nWorkingDirectory=/var/lib/prometheus\nExecStart=/usr/bin/prometheus --config.file=/etc/prometheus/prometheus.yml \\\n    --storage.tsdb.path=data \\\n    --web.enable-lifecyle \\\n    --web.listen-address=${LISTEN} \\\n    --${EXTRA} $ARGS\nRestart=always\n";

#[test]
fn a_unit_flag_typo_is_reported_at_its_line_and_expanded_words_are_not() {
    let out = lines(&[("prometheus.service", UNIT)], &["PROM008"]);
    assert_eq!(
        out,
        ["prometheus.service:10:5: error[PROM008] Prometheus has no flag `--web.enable-lifecyle`"]
    );
    // The same text where the typo is fixed: `--${EXTRA}` and `$ARGS` stay silent.
    let fixed = UNIT.replace("lifecyle", "lifecycle");
    assert_eq!(
        lines(&[("prometheus.service", &fixed)], &["PROM008"]),
        Vec::<String>::new()
    );
}

#[test]
fn a_unit_with_a_one_x_flag_and_an_alertmanager_package_name() {
    let t = "[Service]\nExecStart=-/usr/bin/prometheus-alertmanager \\\n  -config.file=/etc/alertmanager/alertmanager.yml --cluster.listen-adress=\n";
    assert_eq!(
        lines(&[("deploy/alertmanager.service", t)], &["PROM008"]),
        [
            "deploy/alertmanager.service:3:3: error[PROM008] `-config.file` is a 1.x single-dash flag: Alertmanager 0.13+ needs two dashes",
            "deploy/alertmanager.service:3:51: error[PROM008] Alertmanager has no flag `--cluster.listen-adress`"
        ]
    );
}

#[test]
fn a_unit_running_a_one_x_release_takes_single_dash_flags() {
    // The folder the release tarball unpacks to names the version: 1.8.1 takes `-flag`
    // (github.com/prometheus/prometheus/releases, v1.8.1), 2.47.0 does not.
    let unit = |dir: &str| {
        format!("[Service]\nExecStart=/opt/prometheus/{dir}/prometheus -config.file=/opt/prometheus/{dir}/prometheus.yml\n")
    };
    assert_eq!(
        lines(
            &[("prometheus.service", &unit("prometheus-1.8.1.linux-amd64"))],
            &["PROM008"]
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        lines(&[("prometheus.service", &unit("prometheus-2.47.0.linux-amd64"))], &["PROM008"]),
        ["prometheus.service:2:68: error[PROM008] `-config.file` is a 1.x single-dash flag: Prometheus 2.47.0 needs two dashes"]
    );
}

#[test]
fn a_unit_has_no_mount_rules_on_its_host_paths() {
    // The config and data paths are the server's: no DC004/DC005/DC006, even though the
    // checked folder holds neither.
    let out = lines(
        &[("prometheus.service", UNIT)],
        &["DC004", "DC005", "DC006"],
    );
    assert_eq!(out, Vec::<String>::new());
    // A unit that runs a shell, or an unknown program: no container at all.
    let sh = "[Service]\nExecStart=/bin/sh -c '/usr/bin/prometheus --web.enable-lifecyle'\n";
    assert_eq!(
        lines(&[("p.service", sh)], &["PROM008"]),
        Vec::<String>::new()
    );
}

#[test]
fn a_grafana_unit_with_anonymous_admin_is_an_error() {
    let t = "[Service]\nEnvironment=GF_AUTH_ANONYMOUS_ENABLED=true \"GF_AUTH_ANONYMOUS_ORG_ROLE=Admin\"\nExecStart=/usr/share/grafana/bin/grafana server --config=/etc/grafana/grafana.ini\n";
    assert_eq!(
        lines(&[("grafana-server.service", t)], &["GRAF010", "DC005"]),
        ["grafana-server.service:2:44: error[GRAF010] anonymous visitors of `grafana-server.service` get the `Admin` role"]
    );
}

// ---------------------------------------------------------------- PROM008 flag values

#[test]
fn quotes_in_a_list_item_reach_the_program_and_the_string_form_removes_them() {
    let compose = "services:\n  p:\n    image: prom/prometheus:v2.53.0\n    command: [\"--config.file='/etc/prometheus/prometheus.yml'\", \"--storage.tsdb.path=\\\"/prometheus\\\"\"]\n  q:\n    image: prom/prometheus:v2.53.0\n    command: --config.file=\"/etc/prometheus/prometheus.yml\" --storage.tsdb.path='/prometheus'\n";
    let k8s = prometheus(
        "Deployment",
        "            - --config.file='/etc/prometheus/prometheus.yml'\n            - --storage.tsdb.path\n            - \"/prometheus\"\n",
        "",
        "",
        "",
    );
    assert_eq!(
        lines(&[("docker-compose.yml", compose), ("k8s/p.yaml", &k8s)], &["PROM008"]),
        [
            "docker-compose.yml:4:15: error[PROM008] the value of `--config.file` keeps its quotes: Prometheus reads `'/etc/prometheus/prometheus.yml'`, quotes included",
            "docker-compose.yml:4:65: error[PROM008] the value of `--storage.tsdb.path` keeps its quotes: Prometheus reads `\"/prometheus\"`, quotes included",
            "k8s/p.yaml:12:15: error[PROM008] the value of `--config.file` keeps its quotes: Prometheus reads `'/etc/prometheus/prometheus.yml'`, quotes included",
        ]
    );
    // The string form is split like a shell does: the config path has no quotes.
    let st = diagnose_core::model::workspace::Workspace::new(vec![
        diagnose_core::model::workspace::Input::new("docker-compose.yml", compose),
    ]);
    let stack = diagnose_core::model::Stack::build(&st);
    assert_eq!(
        stack.containers[1].config_files[0].path,
        "/etc/prometheus/prometheus.yml"
    );
}

#[test]
fn values_of_the_wrong_kind_on_compose_and_kubernetes() {
    let compose = "services:\n  p:\n    image: prom/prometheus:v2.53.0\n    command:\n      - --storage.tsdb.retention.time=15\n      - --storage.tsdb.retention.size=512\n      - --log.level=debgu\n      - --web.enable-lifecycle=true\n      - --query.max-concurrency=ten\n      - --storage.tsdb.retention.time=1h30m\n      - --log.level=DEBUG\n      - --no-web.enable-admin-api\n  am:\n    image: prom/alertmanager:v0.27.0\n    command:\n      - --data.retention=5d\n      - --cluster.peer-timeout\n      - 15\n";
    let k8s = prometheus(
        "Deployment",
        "            - --storage.tsdb.retention.time=30days\n            - --storage.tsdb.retention.size=10GB\n            - --log.format=json\n",
        "",
        "",
        "",
    );
    assert_eq!(
        lines(&[("docker-compose.yml", compose), ("k8s/p.yaml", &k8s)], &["PROM008"]),
        [
            "docker-compose.yml:5:9: error[PROM008] `15` is not a duration: `--storage.tsdb.retention.time` takes a Prometheus duration such as `15d`, `1h30m` or `30s`",
            "docker-compose.yml:6:9: error[PROM008] `512` is not a size: `--storage.tsdb.retention.size` takes a number of bytes with a unit such as `512MB` or `1GB`",
            "docker-compose.yml:7:9: error[PROM008] `debgu` is not a value of `--log.level`: one of `debug`, `info`, `warn`, `error`",
            "docker-compose.yml:8:9: error[PROM008] `--web.enable-lifecycle` is a switch and takes no value: Prometheus refuses `=true`",
            "docker-compose.yml:9:9: error[PROM008] `ten` is not an integer: `--query.max-concurrency` takes a number such as `10`",
            "docker-compose.yml:18:9: error[PROM008] `15` is not a duration: `--cluster.peer-timeout` takes a duration such as `120h`, `1h30m` or `30s`",
            "k8s/p.yaml:12:15: error[PROM008] `30days` is not a duration: `--storage.tsdb.retention.time` takes a Prometheus duration such as `15d`, `1h30m` or `30s`",
        ]
    );
    let r = report(&[("docker-compose.yml", compose)], &["PROM008"]);
    let enum_help = r
        .diagnostics
        .iter()
        .find_map(|d| d.help.as_ref().filter(|h| h.id == "PROM008.help-value"));
    assert!(enum_help.is_some(), "did you mean `--log.level=debug`");
}
