//! Which files of a compose service's build context the built image may hold where its
//! program reads them. A build context is what `docker build` *may* `COPY`; the Dockerfile
//! (which diagnose does not read) says what it copies. Without it, a monitoring file of the
//! context counts as baked into the image only when the image runs the program that reads
//! that kind of file: Grafana provisioning and dashboards for a Grafana image, Prometheus
//! configs and rule files for a Prometheus-compatible one, an Alertmanager config for
//! Alertmanager. A Loki or fluentd image built from the repository's root reads none of them.

use crate::kind::Kind;

/// Words naming the programs that read Prometheus configs and rule files (servers and
/// compatible agents), as [`crate::Stack`]'s consumers judge images and names.
pub(crate) const PROMETHEUS_READERS: &[&str] = &[
    "prometheus",
    "vmagent",
    "victoria",
    "agent",
    "alloy",
    "collector",
    "thanos",
];

/// Whether the image a service builds (named `name`, its image's last path component
/// `image`) may hold a file of these `kinds` from its context. Files of
/// no monitoring kind (or not parsed) keep the context's benefit of the doubt; compose
/// files never count.
pub(crate) fn context_may_hold(name: &str, image: &str, kinds: &[Kind]) -> bool {
    let name = name.to_ascii_lowercase();
    let named = |words: &[&str]| words.iter().any(|w| name.contains(w) || image.contains(w));
    let mut monitoring = false;
    for k in kinds {
        let readers: &[&str] = match k {
            Kind::GrafanaDatasources
            | Kind::GrafanaProviders
            | Kind::GrafanaDashboard
            | Kind::GrafanaAlerting => &["grafana"],
            Kind::PrometheusConfig | Kind::PrometheusRules => PROMETHEUS_READERS,
            Kind::Alertmanager => &["alertmanager"],
            // Read by the docker CLI, never by a container: another project's compose file
            // in a context does not join that project to this stack.
            Kind::Compose => return false,
            Kind::Kubernetes | Kind::Other => continue,
        };
        monitoring = true;
        if named(readers) {
            return true;
        }
    }
    !monitoring
}
