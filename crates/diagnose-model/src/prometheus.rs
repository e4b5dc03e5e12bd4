//! Prometheus configs: scrape jobs, targets, service discovery, rule files.

use super::Spanned;
use crate::workspace::{Kind, Workspace};
use diagnose_syntax::source::FileId;
use diagnose_syntax::Node;

#[derive(Clone, Debug)]
pub struct SdConfig {
    pub role: Spanned<String>,
    /// Namespaces searched; empty means all namespaces.
    pub namespaces: Vec<String>,
    pub own_namespace: bool,
    /// `api_server` set: Prometheus talks to a cluster from outside, RBAC is not ours.
    pub api_server: bool,
}

#[derive(Clone, Debug)]
pub struct ScrapeJob {
    pub name: Option<Spanned<String>>,
    pub node: Node,
    pub targets: Vec<Spanned<String>>,
    pub scheme: String,
    pub metrics_path: String,
    pub kubernetes_sd: Vec<SdConfig>,
    pub interval: Option<Spanned<String>>,
    pub timeout: Option<Spanned<String>>,
}

#[derive(Clone, Debug)]
pub struct PromConfig {
    pub file: FileId,
    pub root: std::sync::Arc<Node>,
    pub jobs: Vec<ScrapeJob>,
    pub rule_files: Vec<Spanned<String>>,
    pub global_interval: Option<Spanned<String>>,
    pub global_timeout: Option<Spanned<String>>,
    /// Alertmanager targets (`alerting.alertmanagers[].static_configs[].targets`).
    pub alertmanagers: Vec<Spanned<String>>,
    /// Remote-write URLs (`remote_write[].url`).
    pub remote_writes: Vec<Spanned<String>>,
}

fn spanned_str(file: FileId, n: Option<&Node>) -> Option<Spanned<String>> {
    let n = n?;
    Some(Spanned::new(file, n.span, n.as_str()?.to_string()))
}

fn static_targets(file: FileId, n: &Node) -> Vec<Spanned<String>> {
    let mut v = Vec::new();
    for sc in n.get("static_configs").map(Node::items).unwrap_or_default() {
        for t in sc.get("targets").map(Node::items).unwrap_or_default() {
            if let Some(s) = spanned_str(file, Some(t)) {
                v.push(s);
            }
        }
    }
    v
}

pub fn build(ws: &Workspace) -> Vec<PromConfig> {
    let mut out = Vec::new();
    for d in ws.docs_of(Kind::PrometheusConfig) {
        let root = &d.root;
        let f = d.file;
        let mut jobs = Vec::new();
        for j in root
            .get("scrape_configs")
            .map(Node::items)
            .unwrap_or_default()
        {
            let kubernetes_sd = j
                .get("kubernetes_sd_configs")
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .filter_map(|sd| {
                    let ns = sd.get("namespaces");
                    Some(SdConfig {
                        role: spanned_str(f, sd.get("role"))?,
                        namespaces: ns
                            .and_then(|n| n.get("names"))
                            .map(Node::items)
                            .unwrap_or_default()
                            .iter()
                            .filter_map(|x| x.as_str().map(str::to_string))
                            .collect(),
                        own_namespace: ns
                            .and_then(|n| n.get("own_namespace"))
                            .and_then(Node::as_bool)
                            == Some(true),
                        api_server: sd.get("api_server").is_some()
                            || sd.get("kubeconfig_file").is_some(),
                    })
                })
                .collect();
            jobs.push(ScrapeJob {
                name: spanned_str(f, j.get("job_name")),
                node: j.clone(),
                targets: static_targets(f, j),
                scheme: j.get_str("scheme").unwrap_or("http").to_string(),
                metrics_path: j.get_str("metrics_path").unwrap_or("/metrics").to_string(),
                kubernetes_sd,
                interval: spanned_str(f, j.get("scrape_interval")),
                timeout: spanned_str(f, j.get("scrape_timeout")),
            });
        }
        let mut alertmanagers = Vec::new();
        for am in root
            .path(&["alerting", "alertmanagers"])
            .map(Node::items)
            .unwrap_or_default()
        {
            alertmanagers.extend(static_targets(f, am));
        }
        let remote_writes = root
            .get("remote_write")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .filter_map(|rw| spanned_str(f, rw.get("url")))
            .collect();
        out.push(PromConfig {
            file: f,
            root: root.clone(),
            remote_writes,
            jobs,
            rule_files: root
                .get("rule_files")
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .filter_map(|r| spanned_str(f, Some(r)))
                .collect(),
            global_interval: spanned_str(f, root.path(&["global", "scrape_interval"])),
            global_timeout: spanned_str(f, root.path(&["global", "scrape_timeout"])),
            alertmanagers,
        });
    }
    out
}

/// Namespaces a `kubernetes_sd_configs` entry searches: `namespaces.names`, plus the
/// Prometheus pod's own namespace with `own_namespace: true`. Empty means all namespaces.
pub fn sd_namespaces(sd: &Node, own_namespace: &str) -> Vec<String> {
    let ns_node = sd.get("namespaces");
    let mut names: Vec<String> = ns_node
        .and_then(|n| n.get("names"))
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect();
    if ns_node
        .and_then(|n| n.get("own_namespace"))
        .and_then(Node::as_bool)
        == Some(true)
    {
        names.push(own_namespace.to_string());
    }
    names
}

/// Parses a Prometheus duration (`1h30m`, `15s`, `500ms`, `1d`, `2w`, `1y`) into
/// milliseconds. Returns `None` when it is not valid Prometheus syntax.
pub fn parse_duration(s: &str) -> Option<u64> {
    if s == "0" {
        return Some(0);
    }
    let mut total: u64 = 0;
    let mut rest = s;
    let mut last_rank = usize::MAX;
    if rest.is_empty() {
        return None;
    }
    const UNITS: [(&str, u64); 8] = [
        ("y", 365 * 86_400_000),
        ("w", 7 * 86_400_000),
        ("d", 86_400_000),
        ("h", 3_600_000),
        ("ms", 1),
        ("m", 60_000),
        ("s", 1000),
        ("", 0),
    ];
    while !rest.is_empty() {
        let n = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if n == 0 {
            return None;
        }
        let value: u64 = rest[..n].parse().ok()?;
        rest = &rest[n..];
        let (rank, (unit, mult)) = UNITS.iter().enumerate().find(|(_, (u, _))| {
            !u.is_empty() && rest.starts_with(u) && !(*u == "m" && rest.starts_with("ms"))
        })?;
        // Units must go from largest to smallest (ms ranks after s in Prometheus).
        let order = match *unit {
            "ms" => 7,
            "s" => 6,
            _ => rank,
        };
        if last_rank != usize::MAX && order <= last_rank {
            return None;
        }
        last_rank = order;
        total = total.checked_add(value.checked_mul(*mult)?)?;
        rest = &rest[unit.len()..];
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::parse_duration as d;
    #[test]
    fn durations() {
        assert_eq!(d("15s"), Some(15_000));
        assert_eq!(d("1m30s"), Some(90_000));
        assert_eq!(d("500ms"), Some(500));
        assert_eq!(d("1h"), Some(3_600_000));
        assert_eq!(d("0"), Some(0));
        assert_eq!(d("15"), None);
        assert_eq!(d("1.5s"), None);
        assert_eq!(d("30s1m"), None);
        assert_eq!(d(""), None);
    }
}
