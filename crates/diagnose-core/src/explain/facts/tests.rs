use super::*;

#[test]
fn grafana_connection_refused() {
    let f = extract(
        r#"Post "http://localhost:9090/api/v1/query": dial tcp 127.0.0.1:9090: connect: connection refused"#,
    );
    assert_eq!(f.url.as_deref(), Some("http://localhost:9090/api/v1/query"));
    assert_eq!(f.host.as_deref(), Some("localhost"));
    assert_eq!(f.host_kind, Some(HostKind::Loopback));
    assert_eq!(f.ip.as_deref(), Some("127.0.0.1"));
    assert_eq!(f.port, Some(9090));
    assert_eq!(f.status, None);
}

#[test]
fn ipv6_loopback_and_container_ip() {
    let f = extract("dial tcp [::1]:9090: connect: connection refused");
    assert_eq!(f.host_kind, Some(HostKind::Loopback));
    assert_eq!(f.port, Some(9090));
    let g = extract("Get \"http://prometheus:9091/metrics\": dial tcp 172.18.0.2:9091: connect: connection refused");
    assert_eq!(g.host.as_deref(), Some("prometheus"));
    assert_eq!(g.host_kind, Some(HostKind::Name));
    assert_eq!(g.ip.as_deref(), Some("172.18.0.2"));
    let h = extract("dial tcp 172.18.0.2:9091: connect: connection refused");
    assert_eq!(h.host_kind, Some(HostKind::Ip));
}

#[test]
fn resolvers() {
    let d = extract("Get \"http://host.docker.internal:8000/api/metrics\": dial tcp: lookup host.docker.internal on 127.0.0.11:53: no such host");
    assert_eq!(d.host.as_deref(), Some("host.docker.internal"));
    assert_eq!(d.host_kind, Some(HostKind::DockerHost));
    assert_eq!(d.resolver.as_deref(), Some("127.0.0.11:53"));
    assert_eq!(d.resolver_kind, Some(ResolverKind::Docker));
    assert_eq!(d.port, Some(8000));
    let k = extract("dial tcp: lookup prometheus-k8s.prometheus.svc.cluster.local on 10.152.183.10:53: no such host");
    assert_eq!(k.resolver_kind, Some(ResolverKind::Kubernetes));
    assert_eq!(k.host_kind, Some(HostKind::ClusterService));
    let n = extract("lookup prometheus.monitoring.svc: no such host");
    assert_eq!(n.resolver, None);
    assert_eq!(n.resolver_kind, Some(ResolverKind::Kubernetes));
    let p = extract("dial tcp: lookup APP_IP on 192.0.2.53:53: no such host");
    assert_eq!(p.host_kind, Some(HostKind::Placeholder));
    assert_eq!(p.resolver_kind, Some(ResolverKind::Other));
    let s = extract("lookup nope.invalid on 127.0.0.53:53: no such host");
    assert_eq!(s.resolver_kind, Some(ResolverKind::Local));
}

#[test]
fn statuses() {
    assert_eq!(
        extract("server returned HTTP status 404 Not Found").status,
        Some(404)
    );
    assert_eq!(extract("HTTP Error Bad Gateway").status, Some(502));
    assert_eq!(
        extract("http://10.244.0.6:9093 404 Not Found - There was an error").status,
        Some(404)
    );
    assert_eq!(
        extract("lvl=eror msg=\"Request Completed\" status=502 remote_addr=[::1]").status,
        Some(502)
    );
    assert_eq!(extract("401 Unauthorized").status, Some(401));
    assert_eq!(extract("port 9090 refused").status, None);
}

#[test]
fn rbac() {
    let f = extract(
        r#"pods is forbidden: User "system:serviceaccount:taskflow:prometheus" cannot list resource "pods" in API group "" in the namespace "taskflow""#,
    );
    assert_eq!(f.service_account.as_deref(), Some("taskflow/prometheus"));
    assert_eq!(f.resource.as_deref(), Some("pods"));
    assert_eq!(f.verb.as_deref(), Some("list"));
    assert_eq!(f.namespace.as_deref(), Some("taskflow"));
    assert_eq!(f.user, None);
    let g = extract(
        r#"endpointslices.discovery.k8s.io is forbidden: User "jane" cannot watch resource "endpointslices" in API group "discovery.k8s.io" at the cluster scope"#,
    );
    assert_eq!(g.user.as_deref(), Some("jane"));
    assert_eq!(g.resource.as_deref(), Some("endpointslices"));
    assert_eq!(g.api_group.as_deref(), Some("discovery.k8s.io"));
    assert_eq!(g.namespace, None);
}

#[test]
fn paths_datasources_jobs_targets() {
    assert_eq!(
        extract("open /prometheus/queries.active: permission denied")
            .path
            .as_deref(),
        Some("/prometheus/queries.active")
    );
    assert_eq!(
        extract("GF_PATHS_DATA='/var/lib/grafana' is not writable.")
            .path
            .as_deref(),
        Some("/var/lib/grafana")
    );
    assert_eq!(
        extract("mkdir: can't create directory '/var/lib/grafana/plugins': Permission denied")
            .path
            .as_deref(),
        Some("/var/lib/grafana/plugins")
    );
    assert_eq!(
        extract("Datasource ${DS_PROMETHEUS} was not found")
            .datasource
            .as_deref(),
        Some("${DS_PROMETHEUS}")
    );
    let j = extract(
        r#"FAILED: parsing YAML file prometheus.yml: scrape timeout greater than scrape interval for scrape config with job name "flask-app""#,
    );
    assert_eq!(j.job.as_deref(), Some("flask-app"));
    let t = extract(
        r#"  FAILED: parsing YAML file /etc/prometheus/prometheus.yml: "http://APP_IP:5000/metrics" is not a valid hostname"#,
    );
    assert_eq!(t.target.as_deref(), Some("http://APP_IP:5000/metrics"));
    assert_eq!(t.host.as_deref(), Some("APP_IP"));
    assert_eq!(t.host_kind, Some(HostKind::Placeholder));
}

#[test]
fn docker_ports() {
    assert_eq!(
        extract("Bind for 0.0.0.0:3000 failed: port is already allocated").port,
        Some(3000)
    );
    assert_eq!(
        extract(
            "Error starting userland proxy: listen tcp4 0.0.0.0:3000: bind: address already in use"
        )
        .port,
        Some(3000)
    );
    assert_eq!(
        extract("listen tcp :9090: bind: address already in use").port,
        Some(9090)
    );
}

#[test]
fn never_panics_on_odd_text() {
    for t in [
        "",
        "lookup ",
        "dial tcp ",
        "dial tcp [",
        "http://",
        "\" is not a valid hostname",
        "user \"",
        "system:serviceaccount:",
        " is forbidden",
        " cannot ",
        "é lookup é on é",
        "Datasource  was not found",
        "job name ",
        "GF_PATHS_DATA=",
        "Bind for ",
        "listen tcp",
        "404",
        "read tcp ->",
        "x: permission denied",
        "'': permission denied",
    ] {
        let _ = extract(t);
    }
}

#[test]
fn placeholders() {
    for p in [
        "APP_IP",
        "PROMETHEUS_IP",
        "<host>",
        "${HOST}",
        "your-server",
        "SERVER_HOST",
    ] {
        assert!(is_placeholder(p), "{p}");
    }
    for p in ["prometheus", "node-exporter", "grafana.example.org", "NAS"] {
        assert!(!is_placeholder(p), "{p}");
    }
}
