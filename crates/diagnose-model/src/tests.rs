use super::*;
use crate::workspace::Input;

fn same_runtimes(inputs: Vec<Input>) -> usize {
    let ws = Workspace::new(inputs);
    let stack = Stack::build(&ws);
    let mut seen = 0;
    for f in ws.files.iter() {
        let naive = stack.compute_runtimes_naive(&ws, f.id);
        assert_eq!(stack.runtimes(f.id), naive.as_slice(), "{}", f.path);
        seen += naive.len();
    }
    seen
}

#[test]
fn indexed_runtimes_match_the_naive_ones() {
    let compose = "services:\n  prom:\n    image: prom/prometheus\n    volumes:\n      - ./prometheus:/etc/prometheus\n      - ./prometheus/prometheus.yml:/etc/p.yml\n      - data:/prometheus\n      - .:/all\n  graf:\n    build: ./grafana\n  both:\n    build: .\n    volumes:\n      - ./grafana/x.yml:/x.yml\n  abs:\n    image: x\n    volumes:\n      - /:/host\nvolumes:\n  data: {}\n";
    let k8s = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: mon\ndata:\n  prometheus.yml: |\n    scrape_configs: []\n  other.yml: |\n    a: 1\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p\n  namespace: mon\nspec:\n  template:\n    spec:\n      containers:\n        - name: p\n          volumeMounts:\n            - name: c\n              mountPath: /etc/prometheus\n            - name: pr\n              mountPath: /etc/proj\n            - name: c\n              mountPath: /etc/one.yml\n              subPath: prometheus.yml\n      volumes:\n        - name: c\n          configMap:\n            name: cfg\n        - name: pr\n          projected:\n            sources:\n              - configMap:\n                  name: cfg\n                  items:\n                    - key: other.yml\n                      path: o.yml\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: elsewhere\n  namespace: other\nspec:\n  template:\n    spec:\n      containers:\n        - name: p\n          volumeMounts:\n            - name: c\n              mountPath: /etc/prometheus\n      volumes:\n        - name: c\n          configMap:\n            name: cfg\n";
    let n = same_runtimes(vec![
        Input::new("stack/docker-compose.yml", compose),
        Input::new("stack/prometheus/prometheus.yml", "scrape_configs: []\n"),
        Input::new("stack/grafana/x.yml", "a: 1\n"),
        Input::new("stack/grafana/provisioning/ds.yml", "datasources: []\n"),
        Input::new("docker-compose.yml", compose),
        Input::new("prometheus/prometheus.yml", "scrape_configs: []\n"),
        Input::new("grafana/x.yml", "a: 1\n"),
        Input::new("k8s/all.yaml", k8s),
        Input::new("unrelated.yml", "a: 1\n"),
    ]);
    assert!(n > 10, "{n}");
    // No mount of `/` nor of the root folder: not every file is a candidate.
    let sub = compose.replace("      - /:/host\n", "");
    let n = same_runtimes(vec![
        Input::new("stack/docker-compose.yml", &sub),
        Input::new("stack/prometheus/prometheus.yml", "scrape_configs: []\n"),
        Input::new("stack/grafana/x.yml", "a: 1\n"),
        Input::new("stack-2/prometheus/prometheus.yml", "scrape_configs: []\n"),
        Input::new("stack/prometheus.yml", "scrape_configs: []\n"),
        Input::new("k8s/all.yaml", k8s),
    ]);
    assert!(n > 5, "{n}");
}

#[test]
fn indexed_runtimes_match_on_the_seed_fixtures() {
    let root = std::env::var("DIAGNOSE_RUNTIME_DIR").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/seeds").to_string()
    });
    fn walk(dir: &std::path::Path, root: &std::path::Path, out: &mut Vec<Input>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, root, out);
            } else if let Ok(t) = std::fs::read_to_string(&p) {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.push(Input::new(rel, t));
            }
        }
    }
    let root = std::path::Path::new(&root);
    let mut inputs = Vec::new();
    walk(root, root, &mut inputs);
    if inputs.is_empty() {
        eprintln!("no seed fixtures found: skipped");
        return;
    }
    same_runtimes(inputs);
}
