//! Edge cases of the Grafana rules (GRAF001–GRAF007) beyond the examples of their pages:
//! Kubernetes subPath and projected volumes, `GF_PATHS_PROVISIONING`, provider folder
//! nesting, fixes, secrets never printed, the seed stacks and the public corpus.

use diagnose_core::diagnostic::Applicability;
use diagnose_core::Render;
use diagnose_core::{check, present, Input, Lang, Options, Report, Severity};
use diagnose_tests::repo_root;
use diagnose_tests::{check_selected, short_lines};
use std::path::Path;

fn report(files: &[(&str, &str)]) -> Report {
    check_selected(
        files,
        &[
            "GRAF001", "GRAF002", "GRAF003", "GRAF004", "GRAF005", "GRAF006", "GRAF007",
        ],
    )
}

/// Short lines (`file:line:col: severity[CODE] message`) of one rule.
fn lines(files: &[(&str, &str)], code: &str) -> Vec<String> {
    short_lines(&report(files), |d| d.code == code)
}

/// Codes of every finding except the admin password's (most examples set none).
fn codes(files: &[(&str, &str)]) -> Vec<&'static str> {
    report(files)
        .diagnostics
        .iter()
        .map(|d| d.code)
        .filter(|c| *c != "GRAF007")
        .collect()
}

const DS: &str = "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    url: http://prometheus:9090\n";

fn k8s_grafana(volume_mounts: &str, volumes: &str, env: &str) -> String {
    format!(
        "apiVersion: v1
kind: ConfigMap
metadata:
  name: grafana-datasources
  namespace: monitoring
data:
  datasources.yaml: |
    apiVersion: 1
    datasources:
      - name: Prometheus
        type: prometheus
        url: http://prometheus.monitoring.svc:9090
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: grafana
  namespace: monitoring
spec:
  template:
    spec:
      containers:
        - name: grafana
          image: grafana/grafana:11.2.0
          env:
            - name: GF_SECURITY_ADMIN_PASSWORD
              valueFrom:
                secretKeyRef: {{name: grafana, key: password}}
{env}          volumeMounts:
{volume_mounts}      volumes:
{volumes}"
    )
}

// ---- GRAF001 provisioning-not-mounted --------------------------------------------------

#[test]
fn k8s_subpath_mount_of_one_key_is_seen() {
    let m = k8s_grafana(
        "            - name: ds\n              mountPath: /etc/grafana/provisioning/datasources/datasources.yaml\n              subPath: datasources.yaml\n",
        "        - name: ds\n          configMap:\n            name: grafana-datasources\n",
        "",
    );
    assert!(lines(&[("k8s/grafana.yaml", &m)], "GRAF001").is_empty());
}

#[test]
fn k8s_subpath_mount_at_a_wrong_path_is_reported_at_the_mount() {
    let m = k8s_grafana(
        "            - name: ds\n              mountPath: /etc/grafana/datasources/datasources.yaml\n              subPath: datasources.yaml\n",
        "        - name: ds\n          configMap:\n            name: grafana-datasources\n",
        "",
    );
    let out = lines(&[("k8s/grafana.yaml", &m)], "GRAF001");
    assert_eq!(out.len(), 1, "{out:?}");
    assert!(
        out[0].contains("/etc/grafana/datasources") && out[0].contains("k8s/grafana.yaml:30:15"),
        "{out:?}"
    );
}

#[test]
fn k8s_projected_volume_counts_as_a_mount() {
    let projected = "        - name: prov\n          projected:\n            sources:\n              - configMap:\n                  name: grafana-datasources\n";
    let good = k8s_grafana(
        "            - name: prov\n              mountPath: /etc/grafana/provisioning/datasources\n",
        projected,
        "",
    );
    assert!(lines(&[("k8s/grafana.yaml", &good)], "GRAF001").is_empty());
    let bad = k8s_grafana(
        "            - name: prov\n              mountPath: /etc/grafana/provisioning\n",
        projected,
        "",
    );
    let out = lines(&[("k8s/grafana.yaml", &bad)], "GRAF001");
    assert_eq!(out.len(), 1, "{out:?}");
    assert!(out[0].contains("at `/etc/grafana/provisioning`"), "{out:?}");
}

#[test]
fn k8s_configmap_in_another_namespace_is_not_this_grafanas() {
    let m = k8s_grafana("", "", "")
        .replace("  namespace: monitoring\ndata", "  namespace: other\ndata");
    assert!(lines(&[("k8s/grafana.yaml", &m)], "GRAF001").is_empty());
}

#[test]
fn k8s_unmounted_configmap_points_at_the_key_and_the_volume_mounts() {
    let m = k8s_grafana(
        "            - name: data\n              mountPath: /var/lib/grafana\n",
        "        - name: data\n          emptyDir: {}\n",
        "",
    );
    let r = report(&[("k8s/grafana.yaml", &m)]);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == "GRAF001")
        .expect("GRAF001");
    assert!(present::short_line(&r, d, Lang::En).starts_with("k8s/grafana.yaml:7:3:"));
    let (line, ..) = present::range(&r, d.related[0].file, d.related[0].span);
    assert_eq!(line, 29, "secondary label on `volumeMounts:`");
}

#[test]
fn sidecar_labelled_configmaps_are_not_reported() {
    let m = k8s_grafana(
        "            - name: data\n              mountPath: /var/lib/grafana\n",
        "        - name: data\n          emptyDir: {}\n",
        "",
    )
    .replace(
        "  namespace: monitoring\ndata",
        "  namespace: monitoring\n  labels:\n    grafana_datasource: \"1\"\ndata",
    );
    assert!(lines(&[("k8s/grafana.yaml", &m)], "GRAF001").is_empty());
}

#[test]
fn gf_paths_provisioning_moves_the_provisioning_folder() {
    let env = "            - name: GF_PATHS_PROVISIONING\n              value: /opt/grafana/provisioning\n";
    let vol = "        - name: ds\n          configMap:\n            name: grafana-datasources\n";
    let good = k8s_grafana(
        "            - name: ds\n              mountPath: /opt/grafana/provisioning/datasources\n",
        vol,
        env,
    );
    assert!(lines(&[("k8s/grafana.yaml", &good)], "GRAF001").is_empty());
    let bad = k8s_grafana(
        "            - name: ds\n              mountPath: /etc/grafana/provisioning/datasources\n",
        vol,
        env,
    );
    assert_eq!(lines(&[("k8s/grafana.yaml", &bad)], "GRAF001").len(), 1);
}

#[test]
fn compose_gf_paths_provisioning_and_grafana_ini() {
    let env = "services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    environment:\n      GF_PATHS_PROVISIONING: /provisioning\n    volumes:\n      - ./grafana/provisioning:/provisioning\n";
    assert!(lines(
        &[
            ("docker-compose.yml", env),
            ("grafana/provisioning/datasources/ds.yml", DS)
        ],
        "GRAF001"
    )
    .is_empty());
    let ini = "services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./grafana/grafana.ini:/etc/grafana/grafana.ini\n      - ./grafana/provisioning:/etc/grafana/provisioning\n";
    let files = [
        ("docker-compose.yml", ini),
        (
            "grafana/grafana.ini",
            "[paths]\nprovisioning = /srv/provisioning\n",
        ),
        ("grafana/provisioning/datasources/ds.yml", DS),
    ];
    let out = lines(&files, "GRAF001");
    assert_eq!(out.len(), 1, "{out:?}");
}

#[test]
fn a_file_one_folder_too_deep_is_not_read() {
    let compose = "services:\n  grafana:\n    image: grafana/grafana-oss:11.2.0\n    volumes:\n      - ./grafana:/etc/grafana/provisioning/datasources\n";
    let out = lines(
        &[
            ("docker-compose.yml", compose),
            ("grafana/datasources/ds.yml", DS),
        ],
        "GRAF001",
    );
    assert_eq!(out.len(), 1, "{out:?}");
    assert!(out[0].contains("/etc/grafana/provisioning/datasources/datasources`"));
}

#[test]
fn mistyped_target_has_an_unsafe_fix_rewriting_only_the_target() {
    let compose = "services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./grafana/provisioning/datasources:/etc/grafana/datasources:ro\n";
    let r = report(&[
        ("docker-compose.yml", compose),
        ("grafana/provisioning/datasources/ds.yml", DS),
    ]);
    let d = r.diagnostics.iter().find(|d| d.code == "GRAF001").unwrap();
    let fix = d.fix.as_ref().expect("fix");
    assert_eq!(fix.applicability, Applicability::Unsafe);
    let e = &fix.edits[0];
    let text = &r.file(e.file).text;
    let mut fixed = text.to_string();
    fixed.replace_range(e.span.start as usize..e.span.end as usize, &e.replacement);
    assert!(
        fixed.contains(
            "- ./grafana/provisioning/datasources:/etc/grafana/provisioning/datasources:ro"
        ),
        "{fixed}"
    );
}

#[test]
fn plain_servers_and_built_images_are_not_reported() {
    // Grafana from a package: no container at all.
    let files = [
        ("etc/grafana/provisioning/datasources/ds.yml", DS),
        (
            "etc/grafana/provisioning/dashboards/d.yml",
            "apiVersion: 1\nproviders:\n  - name: d\n    options:\n      path: /var/lib/grafana/dashboards\n",
        ),
    ];
    assert!(codes(&files).is_empty());
    // `build:` may copy the files into the image.
    let built = "services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    build: ./grafana\n";
    let files = [
        ("docker-compose.yml", built),
        ("grafana/provisioning/datasources/ds.yml", DS),
    ];
    assert!(report(&files).diagnostics.is_empty(), "{:?}", codes(&files));
}

#[test]
fn other_images_are_not_grafana() {
    let compose = "services:\n  grafana:\n    image: bitnami/grafana:11\n  custom:\n    image: stefanprodan/swarmprom-grafana:5.3.4\n";
    let files = [
        ("docker-compose.yml", compose),
        ("grafana/provisioning/datasources/ds.yml", DS),
    ];
    assert!(report(&files).diagnostics.is_empty(), "{:?}", codes(&files));
}

// ---- GRAF002 / GRAF003: providers and folders -----------------------------------------------

const DASH: &str = "{\"title\": \"A\", \"uid\": \"a\", \"panels\": []}";

fn provider(path: &str, extra: &str) -> String {
    format!("apiVersion: 1\nproviders:\n  - name: default\n    type: file\n{extra}    options:\n      path: {path}\n")
}

#[test]
fn provider_covers_nested_dashboard_folders() {
    let compose = "services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./provisioning:/etc/grafana/provisioning\n      - ./team-a:/var/lib/grafana/dashboards/team-a\n";
    let p = provider("/var/lib/grafana/dashboards", "");
    let files = [
        ("docker-compose.yml", compose),
        ("provisioning/dashboards/p.yml", p.as_str()),
        ("team-a/a.json", DASH),
    ];
    assert!(codes(&files).is_empty(), "{:?}", codes(&files));
}

#[test]
fn provider_on_a_subfolder_misses_the_parent_folder() {
    let compose = "services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./provisioning:/etc/grafana/provisioning\n      - ./dash:/var/lib/grafana/dashboards\n";
    let p = provider("/var/lib/grafana/dashboards/team-a", "");
    let files = [
        ("docker-compose.yml", compose),
        ("provisioning/dashboards/p.yml", p.as_str()),
        ("dash/top.json", DASH),
        ("dash/team-a/a.json", DASH),
    ];
    let out = lines(&files, "GRAF002");
    assert_eq!(out.len(), 1, "{out:?}");
    assert!(out[0].contains("no dashboard provider of the `grafana` container reads that folder"));
}

#[test]
fn folders_from_files_structure_with_one_mount_per_folder() {
    let compose = "services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./provisioning:/etc/grafana/provisioning\n      - ./a:/dashboards/a\n      - ./b:/dashboards/b\n";
    let p = provider("/dashboards", "");
    let p = p.replace(
        "      path: /dashboards\n",
        "      path: /dashboards\n      foldersFromFilesStructure: true\n",
    );
    let files = [
        ("docker-compose.yml", compose),
        ("provisioning/dashboards/p.yml", p.as_str()),
        ("a/a.json", DASH),
        ("b/b.json", DASH),
    ];
    assert!(codes(&files).is_empty(), "{:?}", codes(&files));
}

#[test]
fn one_mount_per_dashboard_is_reported_once_at_the_common_folder() {
    let compose = "services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./provisioning:/etc/grafana/provisioning\n      - ./a.json:/var/lib/grafana/dashboards/a.json\n      - ./b.json:/var/lib/grafana/dashboards/b.json\n";
    let files = [
        ("docker-compose.yml", compose),
        ("provisioning/datasources/ds.yml", DS),
        ("a.json", DASH),
        ("b.json", DASH),
    ];
    let out = lines(&files, "GRAF002");
    assert_eq!(out.len(), 1, "{out:?}");
    assert!(out[0].contains("`/var/lib/grafana/dashboards`"), "{out:?}");
}

#[test]
fn home_dashboard_needs_no_provider() {
    let compose = "services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    environment:\n      GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH: /var/lib/grafana/home.json\n    volumes:\n      - ./home.json:/var/lib/grafana/home.json\n";
    let files = [("docker-compose.yml", compose), ("home.json", DASH)];
    assert!(lines(&files, "GRAF002").is_empty());
}

#[test]
fn unknown_provisioning_content_silences_provider_missing() {
    // The provisioning folder is a named volume: providers may be in it.
    let compose = "services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - prov:/etc/grafana/provisioning\n      - ./dash:/var/lib/grafana/dashboards\nvolumes:\n  prov:\n";
    let files = [("docker-compose.yml", compose), ("dash/a.json", DASH)];
    assert!(lines(&files, "GRAF002").is_empty());
}

#[test]
fn provider_path_inside_a_data_volume_is_not_mounted_unless_shared() {
    let base = "services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - data:/var/lib/grafana\n      - ./provisioning:/etc/grafana/provisioning\n";
    let p = provider("/var/lib/grafana/dashboards", "");
    let out = lines(
        &[
            ("docker-compose.yml", &format!("{base}volumes:\n  data:\n")),
            ("provisioning/dashboards/p.yml", p.as_str()),
        ],
        "GRAF003",
    );
    assert_eq!(out.len(), 1, "{out:?}");
    assert!(
        out[0].starts_with("provisioning/dashboards/p.yml:6:13:"),
        "{out:?}"
    );
    // Another service fills the same volume.
    let shared = format!("{base}  loader:\n    image: busybox\n    volumes:\n      - data:/data\nvolumes:\n  data:\n");
    assert!(lines(
        &[
            ("docker-compose.yml", &shared),
            ("provisioning/dashboards/p.yml", p.as_str())
        ],
        "GRAF003"
    )
    .is_empty());
}

#[test]
fn k8s_provider_path_on_an_empty_dir_is_not_mounted_but_a_sidecar_volume_is() {
    let m = |sidecar: &str| {
        format!(
            "apiVersion: v1
kind: ConfigMap
metadata:
  name: providers
data:
  providers.yaml: |
    apiVersion: 1
    providers:
      - name: default
        options:
          path: /var/lib/grafana/dashboards
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: grafana
spec:
  template:
    spec:
      containers:
        - name: grafana
          image: grafana/grafana:11.2.0
          volumeMounts:
            - name: storage
              mountPath: /var/lib/grafana
            - name: providers
              mountPath: /etc/grafana/provisioning/dashboards
{sidecar}      volumes:
        - name: storage
          emptyDir: {{}}
        - name: providers
          configMap:
            name: providers
"
        )
    };
    let out = lines(&[("grafana.yaml", &m(""))], "GRAF003");
    assert_eq!(out.len(), 1, "{out:?}");
    assert!(out[0].starts_with("grafana.yaml:11:17:"), "{out:?}");
    let sidecar = "        - name: loader\n          image: kiwigrid/k8s-sidecar:1.27.0\n          volumeMounts:\n            - name: storage\n              mountPath: /tmp/dashboards\n";
    assert!(lines(&[("grafana.yaml", &m(sidecar))], "GRAF003").is_empty());
}

// ---- GRAF004 dashboard-json-api-wrapper --------------------------------------------------

const WRAPPED: &str = "{\n  \"dashboard\": {\"title\": \"A\", \"uid\": \"a\", \"panels\": []},\n  \"overwrite\": true\n}\n";

#[test]
fn api_wrapper_imported_by_a_script_is_not_reported() {
    let compose = "services:\n  grafana:\n    image: grafana/grafana:11.2.0\n  importer:\n    image: curlimages/curl:8.8.0\n    volumes:\n      - ./grafana:/import\n";
    let files = [("docker-compose.yml", compose), ("grafana/a.json", WRAPPED)];
    assert!(lines(&files, "GRAF004").is_empty());
}

#[test]
fn api_wrapper_under_a_plain_server_provider_path_is_reported_with_an_unwrapping_fix() {
    let p = provider("/var/lib/grafana/dashboards", "");
    let files = [
        ("etc/grafana/provisioning/dashboards/p.yml", p.as_str()),
        ("var/lib/grafana/dashboards/a.json", WRAPPED),
        ("elsewhere/b.json", WRAPPED),
    ];
    let r = report(&files);
    let ds: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == "GRAF004")
        .collect();
    assert_eq!(ds.len(), 1);
    assert_eq!(
        r.file(ds[0].primary.file).path,
        "var/lib/grafana/dashboards/a.json"
    );
    let e = &ds[0].fix.as_ref().unwrap().edits[0];
    assert!(
        e.replacement.starts_with("{\"title\": \"A\""),
        "{}",
        e.replacement
    );
}

// ---- GRAF005 datasource-access-direct ----------------------------------------------------

#[test]
fn access_direct_fix_keeps_quotes_and_is_safe_only_where_browser_mode_is_gone() {
    let f = "apiVersion: 1\ndatasources:\n  - name: P\n    type: prometheus\n    access: \"direct\"\n  - name: G\n    type: graphite\n    access: direct\n";
    let r = report(&[("ds.yml", f)]);
    let fixes: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == "GRAF005")
        .map(|d| d.fix.clone().unwrap())
        .collect();
    assert_eq!(fixes.len(), 2);
    assert_eq!(fixes[0].edits[0].replacement, "\"proxy\"");
    assert_eq!(fixes[0].applicability, Applicability::Safe);
    assert_eq!(fixes[1].edits[0].replacement, "proxy");
    assert_eq!(fixes[1].applicability, Applicability::Unsafe);
}

// ---- GRAF006 invalid-provisioning-file ---------------------------------------------------

#[test]
fn schema_errors_are_positioned_at_the_offending_key_or_value() {
    let f = "apiVersion: \"1\"\ndatasources: []\n";
    assert_eq!(
        lines(&[("a.yml", f)], "GRAF006"),
        vec!["a.yml:1:13: error[GRAF006] `apiVersion` must be the number `1`, written without quotes"]
    );
    let f = "apiVersion: 1\ndatasources:\n  Prometheus:\n    type: prometheus\n";
    let out = lines(&[("b.yml", f)], "GRAF006");
    assert_eq!(out.len(), 1);
    assert!(
        out[0].starts_with("b.yml:2:1:") && out[0].contains("must be a list"),
        "{out:?}"
    );
    let f = "apiVersion: 1\ndatasources:\n  - name: P\n    type: prometheus\n    url: http://p:9090\n    secureJsonData:\n      httpHeaderValue1:\n        nested: x\n    jsonData: [a]\n    orgId: one\n";
    let out = lines(&[("c.yml", f)], "GRAF006");
    assert_eq!(out.len(), 3, "{out:?}");
    let f = "apiVersion: 1\nproviders:\n  - name: a\n    folder: A\n    folderUID: a\n    allowUIUpdates: true\n    options:\n      path: /d\n      foldersFromFilesStructure: \"true\"\n  - name: a\n    type: git\n    options: {}\n";
    let out = lines(&[("p.yml", f)], "GRAF006");
    assert!(
        out.iter()
            .any(|l| l.contains("`folderUID`") && l.contains("`folderUid`")),
        "{out:?}"
    );
    assert!(
        out.iter().any(|l| l.contains("`allowUIUpdates`")),
        "{out:?}"
    );
    assert!(out.iter().any(|l| l.contains("string `true`")), "{out:?}");
    assert!(
        out.iter().any(|l| l.contains("`a` is used twice")),
        "{out:?}"
    );
    assert!(out.iter().any(|l| l.contains("type `git`")), "{out:?}");
}

#[test]
fn variables_and_valid_files_are_not_reported() {
    let f = "apiVersion: 1\ndeleteDatasources:\n  - name: Prometheus\n    orgId: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    access: ${ACCESS}\n    url: $PROM_URL\n    isDefault: ${IS_DEFAULT}\n    editable: \"true\"\n    orgId: 1\n    version: 1\n    jsonData:\n      timeInterval: 15s\n  - name: TestData\n    type: grafana-testdata-datasource\n";
    assert!(lines(&[("ds.yml", f)], "GRAF006").is_empty());
}

#[test]
fn camel_case_keys_without_api_version_are_ignored_by_the_v0_reader() {
    let f = "datasources:\n  - name: P\n    type: prometheus\n    url: http://p:9090\n    isDefault: true\n";
    assert_eq!(
        lines(&[("ds.yml", f)], "GRAF006"),
        vec!["ds.yml:5:5: error[GRAF006] without `apiVersion: 1`, Grafana reads this file in the old format and ignores `isDefault`"]
    );
    // Only v0 keys: the old format still works.
    let f = "datasources:\n  - name: P\n    type: prometheus\n    url: http://p:9090\n";
    assert!(lines(&[("ds.yml", f)], "GRAF006").is_empty());
}

#[test]
fn names_and_defaults_are_compared_per_folder_and_organization() {
    let a = "apiVersion: 1\ndatasources:\n  - name: P\n    type: prometheus\n    url: http://p:9090\n    isDefault: true\n";
    let b = "apiVersion: 1\ndatasources:\n  - name: P\n    type: prometheus\n    url: http://q:9090\n    isDefault: true\n";
    let same = lines(&[("ds/a.yml", a), ("ds/b.yml", b)], "GRAF006");
    assert_eq!(same.len(), 2, "{same:?}");
    assert!(lines(&[("x/a.yml", a), ("y/b.yml", b)], "GRAF006").is_empty());
    let org2 = b.replace("isDefault: true\n", "isDefault: true\n    orgId: 2\n");
    assert!(lines(&[("ds/a.yml", a), ("ds/b.yml", &org2)], "GRAF006").is_empty());
    // Files picked one by one through single-file mounts are alternatives.
    let compose = "services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./ds/a.yml:/etc/grafana/provisioning/datasources/a.yml\n";
    assert!(lines(
        &[
            ("docker-compose.yml", compose),
            ("ds/a.yml", a),
            ("ds/b.yml", b)
        ],
        "GRAF006"
    )
    .is_empty());
}

#[test]
fn json_provisioning_in_a_yaml_key_is_recognised() {
    let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: grafana-datasources\nstringData:\n  datasources.yaml: |-\n    {\n        \"apiVersion\": 1,\n        \"datasources\": [{\"name\": \"p\", \"type\": \"prometheus\", \"is_default\": true, \"url\": \"http://p:9090\"}]\n    }\n";
    let out = lines(&[("secret.yaml", secret)], "GRAF006");
    assert_eq!(out.len(), 1, "{out:?}");
    assert!(out[0].starts_with("secret.yaml:9:61:"), "{out:?}");
}

// ---- GRAF007 grafana-default-admin-password ---------------------------------------------

#[test]
fn admin_password_sources() {
    let svc = |env: &str| {
        format!("services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    environment:\n{env}")
    };
    let with_env = |env: &str, dotenv: &str| {
        lines(
            &[("docker-compose.yml", &svc(env)), (".env", dotenv)],
            "GRAF007",
        )
    };
    // Required, or set at deploy time: fine.
    assert!(with_env("      GF_SECURITY_ADMIN_PASSWORD: ${PW:?set PW}\n", "").is_empty());
    assert!(with_env("      GF_SECURITY_ADMIN_PASSWORD: ${PW}\n", "OTHER=1\n").is_empty());
    assert!(with_env(
        "      GF_SECURITY_ADMIN_PASSWORD__FILE: /run/secrets/pw\n",
        ""
    )
    .is_empty());
    // A literal fallback, or `.env`.
    let out = with_env("      - GF_SECURITY_ADMIN_PASSWORD=${PW:-hunter2}\n", "");
    assert_eq!(out.len(), 1);
    assert!(
        out[0].starts_with("docker-compose.yml:5:36: warning"),
        "{out:?}"
    );
    let out = with_env(
        "      GF_SECURITY_ADMIN_PASSWORD: \"${PW:-x}\"\n",
        "PW=hunter2\n",
    );
    assert_eq!(out, vec![".env:1:4: warning[GRAF007] the Grafana admin password of `grafana` is written in clear in `.env` (`PW`)"]);
}

#[test]
fn the_password_is_never_printed() {
    let compose = "services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    environment:\n      - GF_SECURITY_ADMIN_PASSWORD=Tr0ub4dor&3\n";
    let r = report(&[("docker-compose.yml", compose)]);
    let d = r.diagnostics.iter().find(|d| d.code == "GRAF007").unwrap();
    for lang in [Lang::En, Lang::Fr] {
        let mut all = vec![d.message.render(lang)];
        all.extend(d.notes.iter().map(|n| n.render(lang)));
        all.extend(d.help.iter().map(|n| n.render(lang)));
        assert!(all.iter().all(|t| !t.contains("Tr0ub4dor")), "{all:?}");
    }
}

#[test]
fn unset_password_is_info_and_only_when_nothing_else_can_set_it() {
    let unset = "services:\n  grafana:\n    image: grafana/grafana:11.2.0\n";
    let r = report(&[("docker-compose.yml", unset)]);
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(r.diagnostics[0].severity, Severity::Info);
    let env_file =
        "services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    env_file: grafana.env\n";
    assert!(lines(&[("docker-compose.yml", env_file)], "GRAF007").is_empty());
    let ini = "services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./grafana.ini:/etc/grafana/grafana.ini\n";
    // A grafana.ini the workspace does not show may set it.
    assert!(lines(&[("docker-compose.yml", ini)], "GRAF007").is_empty());
    // One that is shown and sets it from a file is fine; a literal is reported there.
    let safe = "[security]\nadmin_password = $__file{/run/secrets/pw}\n";
    assert!(lines(
        &[("docker-compose.yml", ini), ("grafana.ini", safe)],
        "GRAF007"
    )
    .is_empty());
    let literal = "[security]\n;admin_password = admin\nadmin_password = hunter2\n";
    assert_eq!(
        lines(&[("docker-compose.yml", ini), ("grafana.ini", literal)], "GRAF007"),
        vec!["grafana.ini:3:18: warning[GRAF007] the Grafana admin password is written in clear in `admin_password`"]
    );
    // Kubernetes: envFrom may set it.
    let k8s = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: g\nspec:\n  template:\n    spec:\n      containers:\n        - name: g\n          image: grafana/grafana:11.2.0\n          envFrom:\n            - secretRef:\n                name: grafana\n";
    assert!(lines(&[("g.yaml", k8s)], "GRAF007").is_empty());
}

#[test]
fn a_configured_level_overrides_the_info_of_the_unset_case() {
    let unset = "services:\n  grafana:\n    image: grafana/grafana:11.2.0\n";
    let options = Options {
        select: vec!["GRAF007".to_string()],
        levels: vec![(
            "GRAF007".to_string(),
            diagnose_core::Level::On(Severity::Error),
        )],
        ..Options::default()
    };
    let r = check(vec![Input::new("docker-compose.yml", unset)], &options);
    assert_eq!(r.diagnostics[0].severity, Severity::Error);
}

// ---- Bad input never panics -------------------------------------------------------------

#[test]
fn odd_shapes_do_not_panic() {
    let odd = [
        "apiVersion: 1\ndatasources: ~\n",
        "apiVersion: 1\ndatasources:\n  - ~\n  - [1, 2]\n  - name: [x]\n    type: {a: b}\n    isDefault: [true]\n",
        "apiVersion: 1\nproviders:\n  - ~\n  - name:\n    options: [x]\n  - options:\n      path: [x]\n",
        "apiVersion: 1\nproviders: {a: 1}\n",
        "apiVersion: -3\nproviders: []\n",
    ];
    for t in odd {
        let compose = "services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./p:/etc/grafana/provisioning/datasources\n      - \"::\"\n      - ./p:\n";
        let _ = report(&[
            ("docker-compose.yml", compose),
            ("p/x.yml", t),
            ("p/y.json", "{\"dashboard\": 3}"),
        ]);
    }
}

// ---- Seeds and corpus ---------------------------------------------------------------------

fn read_dir(root: &Path) -> Vec<Input> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let name = p.file_name().unwrap().to_string_lossy().to_lowercase();
            let wanted = [".yml", ".yaml", ".json", ".ini", ".rules"]
                .iter()
                .any(|x| name.ends_with(x))
                || name == ".env";
            if !wanted {
                continue;
            }
            if let Ok(text) = std::fs::read_to_string(&p) {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(Input::new(rel, text));
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn graf_lines(root: &Path) -> Vec<String> {
    let options = Options {
        select: [
            "GRAF001", "GRAF002", "GRAF003", "GRAF004", "GRAF005", "GRAF006", "GRAF007",
        ]
        .map(String::from)
        .to_vec(),
        ..Options::default()
    };
    let r = check(read_dir(root), &options);
    let mut v: Vec<String> = r
        .diagnostics
        .iter()
        .map(|d| {
            let (line, ..) = present::range(&r, d.primary.file, d.primary.span);
            format!("{}:{} {}", r.file(d.primary.file).path, line, d.code)
        })
        .collect();
    v.sort();
    v
}

#[test]
fn seeds_give_exactly_the_expected_grafana_findings() {
    let seeds = repo_root().join("tests/fixtures/seeds");
    let expected: &[(&str, &[&str])] = &[
        (
            "esxi",
            &[
                "docker-compose.monitoring.yml:27 GRAF002",
                "docker-compose.monitoring.yml:30 GRAF007",
                "monitoring/grafana/dashboards/esxi-overview.json:2 GRAF004",
            ],
        ),
        (
            "taskflow",
            &[
                "tp10/20-grafana-datasource.yaml:7 GRAF001",
                "tp10/20-grafana-deployment.yaml:30 GRAF007",
            ],
        ),
        (
            "flask",
            &["etc/grafana/provisioning/datasources/prometheus.yml:8 GRAF005"],
        ),
        ("ticketing", &["docker-compose.yml:172 GRAF007"]),
        ("microk8s", &[]),
    ];
    for (seed, want) in expected {
        let broken = graf_lines(&seeds.join(seed).join("broken"));
        assert_eq!(&broken, want, "{seed}/broken");
        let fixed = graf_lines(&seeds.join(seed).join("fixed"));
        assert!(fixed.is_empty(), "{seed}/fixed: {fixed:?}");
    }
}

#[test]
fn corpus_has_no_false_mount_or_provider_errors() {
    let corpus = repo_root().join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipped: {} is absent", corpus.display());
        return;
    }
    let mut all = Vec::new();
    for e in std::fs::read_dir(&corpus).unwrap().flatten() {
        if e.path().is_dir() {
            for l in graf_lines(&e.path()) {
                all.push(format!("{}/{l}", e.file_name().to_string_lossy()));
            }
        }
    }
    // Every remaining finding was read and judged real (see the rule pages and the report):
    // only the schema and password rules fire on the corpus.
    for l in &all {
        assert!(l.ends_with("GRAF006") || l.ends_with("GRAF007"), "{l}");
    }
    let graf006: Vec<_> = all.iter().filter(|l| l.ends_with("GRAF006")).collect();
    assert_eq!(
        graf006,
        [
            "spring-petclinic__spring-petclinic-microservices/docker/grafana/provisioning/datasources/all.yml:11 GRAF006",
            "spring-petclinic__spring-petclinic-microservices/docker/grafana/provisioning/datasources/all.yml:9 GRAF006",
        ]
    );
}
