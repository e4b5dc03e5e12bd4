use super::*;

fn slice<'a>(md: &'a str, f: &VirtualFile, inner: &str) -> &'a str {
    let i = f.text.find(inner).expect("in virtual text");
    let s = f.map.map_span(Span::new(i, i + inner.len()));
    &md[s.start as usize..s.end as usize]
}

#[test]
fn names_from_prose_info_and_comments() {
    let md = "# Guide\n\nCréez le fichier `monitoring/prometheus.yml` :\n\n```yaml\nscrape_configs: []\n```\n\n```yaml title=\"grafana/ds.yml\"\napiVersion: 1\ndatasources: []\n```\n\n```yaml\n# file: alertmanager.yml\nroute: {}\n```\n\nSome text.\n\n```yaml\nfoo: 1\n```\n";
    let (files, skipped) = extract("docs/guide.md", md);
    let names: Vec<(&str, NameSource)> = files
        .iter()
        .map(|f| (f.path.as_str(), f.named_by))
        .collect();
    assert_eq!(
        names,
        vec![
            ("docs/monitoring/prometheus.yml", NameSource::Prose),
            ("docs/grafana/ds.yml", NameSource::Info),
            ("docs/alertmanager.yml", NameSource::Comment),
            ("docs/guide.md.L21.yml", NameSource::Generated),
        ]
    );
    assert!(skipped.is_empty());
}

#[test]
fn folder_named_before_the_file() {
    let md = "1.  À la racine, créez le dossier `config/prometheus`.\n2.  À l'intérieur de `config/prometheus`, créez un fichier nommé `prometheus.yml` et collez-y :\n\n```yaml\nglobal: {}\nscrape_configs: []\n```\n";
    let (files, _) = extract("t.md", md);
    assert_eq!(files[0].path, "config/prometheus/prometheus.yml");
}

#[test]
fn heading_names_a_block_and_stops_the_search() {
    let md = "## Mise à jour du Fichier `docker-compose.yml`\n\nNous ajoutons `prometheus` et `grafana`.\n\n```yaml\nservices:\n  a:\n    image: x\n```\n\n## Next `other.yml`\n\n### Sub\n\n```yaml\nscrape_configs: []\n```\n";
    let (files, _) = extract("t.md", md);
    assert_eq!(files[0].path, "docker-compose.yml");
    assert_eq!(files[1].path, "t.md.L15.yml");
}

#[test]
fn partial_blocks_are_skipped_and_positions_map_back() {
    let md = "Text\n\n   ```yaml\n   # ... (début du fichier) ...\n   services: {}\n   ```\n\n- item\n   ```yaml\n   scrape_configs:\n     - job_name: x\n   ```\n";
    let (files, skipped) = extract("t.md", md);
    assert_eq!(
        skipped,
        vec![Skipped {
            line: 3,
            name: None,
            reason: SkipReason::Partial { line: 4 }
        }]
    );
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].text, "scrape_configs:\n  - job_name: x\n");
    assert_eq!(slice(md, &files[0], "job_name: x"), "job_name: x");
}

#[test]
fn untagged_blocks_only_when_they_are_configs() {
    let md = "```\nhttp://prometheus:9090\n```\n\n```\nNAME   TYPE\nfoo    bar\n```\n\n```\nscrape_configs:\n  - job_name: a\n```\n";
    let (files, _) = extract("t.md", md);
    assert_eq!(files.len(), 1);
    assert!(files[0].text.starts_with("scrape_configs"));
}

#[test]
fn heredocs_in_shell_blocks() {
    let md = "```bash\ncd x\ncat > prometheus.yml <<EOF\nglobal:\n  scrape_interval: 15s\nEOF\n./prometheus\nsudo tee /etc/grafana/provisioning/datasources/ds.yaml > /dev/null <<'END'\napiVersion: 1\nEND\n```\n";
    let (files, _) = extract("t.md", md);
    assert_eq!(files.len(), 2);
    assert_eq!(files[0].path, "prometheus.yml");
    assert_eq!(files[0].text, "global:\n  scrape_interval: 15s\n");
    assert_eq!(slice(md, &files[0], "15s"), "15s");
    assert_eq!(
        files[1].path,
        "etc/grafana/provisioning/datasources/ds.yaml"
    );
    assert_eq!(files[1].text, "apiVersion: 1\n");
}

#[test]
fn promql_blocks_become_dashboard_queries() {
    let md = "3. Requêtes\n   ```promql\n   # Taux\n   sum(rate(http_requests_total{job=\"a\"}[5m]))\n\n   histogram_quantile(0.95,\n     rate(x_bucket[5m]))\n   up\n   ```\n";
    let (files, _) = extract("t.md", md);
    let f = &files[0];
    let root = parse_json(&f.text).expect("valid JSON");
    let targets = root.path(&["panels"]).unwrap().items()[0]
        .get("targets")
        .unwrap()
        .items()
        .to_vec();
    let exprs: Vec<&str> = targets
        .iter()
        .map(|t| t.get("expr").unwrap().as_str().unwrap())
        .collect();
    assert_eq!(
        exprs,
        vec![
            "sum(rate(http_requests_total{job=\"a\"}[5m]))",
            "histogram_quantile(0.95,\nrate(x_bucket[5m]))",
            "up"
        ]
    );
    assert_eq!(f.covered.len(), 3);
    // Offsets inside the queries map to the document, escapes included.
    assert_eq!(slice(md, f, "[5m]))\""), "[5m]))\n");
    let i = f.text.find("job=\\\"a").unwrap() + 6;
    let s = f.map.map_span(Span::new(i, i + 1));
    assert_eq!(&md[s.start as usize..s.end as usize], "a");
    assert_eq!(slice(md, f, "rate(x_bucket"), "rate(x_bucket");
}

#[test]
fn superseded_blocks() {
    let md = "Create `a.yml`:\n```yaml\nx: 1\n```\nEdit `a.yml`:\n```yaml\nx: 2\n```\n";
    let (files, skipped) = extract("t.md", md);
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].text, "x: 2\n");
    assert_eq!(skipped[0].reason, SkipReason::Superseded { by_line: 6 });
}

#[test]
fn prose_name_that_contradicts_the_content_is_dropped() {
    let md = "Check that `prometheus.yml` is mounted, then add:\n```yaml\nservices:\n  p:\n    image: prom/prometheus\n```\n";
    let (files, _) = extract("t.md", md);
    assert_eq!(files[0].path, "t.md.L2.yml");
    assert_eq!(files[0].named_by, NameSource::Generated);
}

#[test]
fn a_query_continued_after_a_line_of_an_operator_and_its_modifiers() {
    // FP-L (hojungyun-lab docs/07_promql_advanced.md): one query over three lines.
    let md = "### Vector Matching\n\n```promql\nsum by(instance) (rate(node_cpu_seconds_total[5m]))\n  / on(instance)\ncount by(instance) (node_cpu_seconds_total{mode=\"idle\"})\n```\n";
    let (files, _) = extract("multiline.md", md);
    assert_eq!(files.len(), 1);
    assert_eq!(
        files[0].text.matches("\"refId\"").count(),
        1,
        "{}",
        files[0].text
    );
    // `and` alone on its line joins the lines around it.
    let md = "```promql\n(a > 80)\nand\n(b > 80)\n\nup == 1 or up == 0\n```\n";
    let (files, _) = extract("and.md", md);
    assert_eq!(
        files[0].text.matches("\"refId\"").count(),
        2,
        "{}",
        files[0].text
    );
    assert!(embedded::bare_operator("/ on(instance)"));
    assert!(embedded::bare_operator("* ignoring(cpu) group_left"));
    assert!(!embedded::bare_operator("order_total"));
    assert!(!embedded::bare_operator("- 1"));
}

#[test]
fn an_unquoted_heredoc_is_read_as_the_shell_writes_it() {
    // FP-M (theepicsaxguy/homelab): `\$` in `<<EOF` is `$` once written.
    let md = "```bash\ncat > alerts.yaml <<EOF\ngroups:\n  - name: db\n    rules:\n      - alert: A\n        expr: up == 0\n        annotations:\n          description: \"Job failed in {{ \\$labels.namespace }}\"\nEOF\ncat > b.yaml <<'EOF'\nx: \"\\$y\"\nEOF\n```\n";
    let (files, _) = extract("t.md", md);
    assert_eq!(files.len(), 2);
    assert!(
        files[0].text.contains("{{ $labels.namespace }}"),
        "{}",
        files[0].text
    );
    assert_eq!(slice(md, &files[0], "$labels"), "$labels");
    assert_eq!(slice(md, &files[0], "namespace }}\""), "namespace }}\"");
    // A quoted delimiter keeps the body as written.
    assert_eq!(files[1].text, "x: \"\\$y\"\n");
}

#[test]
fn a_block_named_by_its_container_path_is_the_mounted_file() {
    // FP-F1 (agentic-stacks/prometheus-grafana): the heading names the path in the
    // container; the compose block's bind mount puts `./provisioning` there.
    let md = "### Docker Compose\n\n```yaml\nservices:\n  grafana:\n    image: grafana/grafana:12.4.2\n    volumes:\n      - ./provisioning:/etc/grafana/provisioning:ro\n```\n\n### `/etc/grafana/provisioning/datasources/prometheus.yaml`\n\n```yaml\napiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    url: http://prometheus:9090\n```\n\n### `/etc/prometheus/prometheus.yml`\n\n```yaml\nscrape_configs: []\n```\n";
    let (files, _) = extract("docs/abs.md", md);
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "docs/abs.md.L3.yml",
            "docs/provisioning/datasources/prometheus.yaml",
            // No mount covers it: under the document's folder, as before.
            "docs/etc/prometheus/prometheus.yml",
        ]
    );
}
