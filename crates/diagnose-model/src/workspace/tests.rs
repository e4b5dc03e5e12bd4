use super::*;

#[test]
fn embedded_configmap_positions_map_to_the_manifest() {
    let t = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: prom\ndata:\n  prometheus.yml: |\n    scrape_configs:\n      - job_name: x\n";
    let ws = Workspace::new(vec![Input::new("k8s/cm.yaml", t)]);
    let doc = ws
        .docs_of(Kind::PrometheusConfig)
        .next()
        .expect("embedded config");
    let job = &doc.root.get("scrape_configs").unwrap().items()[0];
    let name = job.get("job_name").unwrap();
    let (f, span) = ws.resolve(doc.file, name.span);
    assert_eq!(f, FileId(0));
    assert_eq!(&t[span.start as usize..span.end as usize], "x");
}

#[test]
fn merge_equals_new() {
    let inputs = vec![
        Input::new("a/docker-compose.yml", "services:\n  a:\n    image: x\n"),
        Input::new(
            "k8s/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p\ndata:\n  prometheus.yml: |\n    scrape_configs: [\n",
        ),
        Input::new("d.json", "{\"panels\": []}"),
    ];
    let whole = Workspace::new(inputs.clone());
    let merged = crate::parts::merge(inputs.into_iter().map(crate::parts::parse_one).collect());
    let files = |w: &Workspace| {
        w.files
            .iter()
            .map(|f| (f.id, f.path.clone(), f.origin.as_ref().map(|o| o.parent)))
            .collect::<Vec<_>>()
    };
    assert_eq!(files(&whole), files(&merged));
    let docs = |w: &Workspace| w.docs.iter().map(|d| (d.file, d.kind)).collect::<Vec<_>>();
    assert_eq!(docs(&whole), docs(&merged));
    assert_eq!(whole.parse_errors, merged.parse_errors);
    assert_eq!(merged.parse_errors.len(), 1);
    assert_eq!(merged.parse_errors[0].0, FileId(2));
}

#[test]
fn base64() {
    assert_eq!(base64_decode("aGVsbG8=").as_deref(), Some("hello"));
}

#[test]
fn kinds() {
    let k = |name: &str, t: &str| {
        let ws = Workspace::new(vec![Input::new(name, t)]);
        ws.docs.first().map(|d| d.kind)
    };
    assert_eq!(
        k("docker-compose.yml", "services:\n  a:\n    image: x\n"),
        Some(Kind::Compose)
    );
    assert_eq!(
        k("p.yml", "scrape_configs: []\n"),
        Some(Kind::PrometheusConfig)
    );
    assert_eq!(
        k("a.yml", "global:\n  resolve_timeout: 5m\nroute: {}\n"),
        Some(Kind::Alertmanager)
    );
    assert_eq!(
        k("d.yml", "apiVersion: 1\ndatasources: []\n"),
        Some(Kind::GrafanaDatasources)
    );
    assert_eq!(
        k("d.json", "{\"panels\": []}"),
        Some(Kind::GrafanaDashboard)
    );
    assert_eq!(
        k("r.yml", "groups:\n  - name: a\n    rules: []\n"),
        Some(Kind::PrometheusRules)
    );
    assert_eq!(
        k("promtail.yml", "server: {}\nscrape_configs: []\n"),
        Some(Kind::Other)
    );
}

#[test]
fn secrets_found_per_input_equal_the_whole_scan() {
    // Parsed alone, the Ansible role's files look like a Kubernetes Secret (every `data`
    // value secret) and a manifest with a password; among all the files they are a role's
    // variables and template, set aside: their secrets must be found again.
    let inputs = vec![
        Input::new("role/tasks/main.yml", "- name: x\n  debug: {}\n"),
        Input::new(
            "role/vars/main.yml",
            "apiVersion: v1\nkind: Secret\ndata:\n  username: YWRtaW4=\n",
        ),
        Input::new(
            "role/templates/app.yml",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: '{{ name }}'\nspec:\n  password: hunter2hunter2\n",
        ),
        Input::new(
            "k8s/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p\ndata:\n  prometheus.yml: |\n    scrape_configs:\n      - job_name: x\n        basic_auth: {username: u, password: s3cr3t-value}\n",
        ),
        Input::new(".env", "GF_SECURITY_ADMIN_PASSWORD=another-s3cret\n"),
    ];
    let whole = Workspace::new(inputs.clone());
    assert!(whole.secrets.is_none());
    let expected = crate::secrets::secret_spans(&whole);
    let merged = crate::parts::merge(inputs.into_iter().map(crate::parts::parse_one).collect());
    assert_eq!(merged.secrets.as_ref(), Some(&expected));
    let shown =
        |f: FileId, s: Span| whole.file(f).text[s.start as usize..s.end as usize].to_string();
    let texts: Vec<String> = expected.iter().map(|&(f, s)| shown(f, s)).collect();
    assert!(texts.iter().any(|t| t == "another-s3cret"), "{texts:?}");
    assert!(
        texts.iter().any(|t| t.contains("s3cr3t-value")),
        "{texts:?}"
    );
    // Set aside among all the files, so neither is scanned as a manifest.
    assert!(
        !texts
            .iter()
            .any(|t| t.contains("YWRtaW4=") || t.contains("hunter2")),
        "{texts:?}"
    );
}
