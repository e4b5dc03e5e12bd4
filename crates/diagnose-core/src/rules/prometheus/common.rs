//! Helpers shared by the Prometheus rules: who reads a config file, and which version.

use crate::model::{images, Runtime, Stack};
use crate::source::FileId;

/// Images of the containers that read `file` (compose services and pod containers).
pub fn reader_images(stack: &Stack, file: FileId) -> Vec<String> {
    stack
        .runtimes(file)
        .iter()
        .filter_map(|r| match r {
            Runtime::Compose {
                project, service, ..
            } => stack.compose[*project].services[*service]
                .image
                .as_ref()
                .map(|i| i.value.clone()),
            Runtime::K8s {
                workload,
                container,
                ..
            } => stack.k8s.workloads[*workload].containers[*container]
                .image
                .clone(),
            Runtime::K8sUnmounted { .. } => None,
        })
        .collect()
}

/// Programs that read Prometheus-format scrape configs but are not Prometheus and accept
/// other keys (vmagent, Grafana Agent/Alloy, the OpenTelemetry Collector).
const NOT_PROMETHEUS: &[&str] = &[
    "vmagent",
    "victoria-metrics",
    "vmsingle",
    "agent",
    "grafana-agent",
    "alloy",
    "opentelemetry-collector",
    "opentelemetry-collector-contrib",
    "otel-collector",
    "promtail",
];

/// False when the only programs known to read `file` are Prometheus look-alikes.
pub fn read_by_prometheus(stack: &Stack, file: FileId) -> bool {
    let imgs = reader_images(stack, file);
    imgs.is_empty()
        || imgs
            .iter()
            .any(|i| !NOT_PROMETHEUS.contains(&images::base_of(i).as_str()))
}

/// The major version of the Prometheus image that reads `file`, when its tag says it
/// (`prom/prometheus:v2.53.0` → 2).
pub fn prometheus_major(stack: &Stack, file: FileId) -> Option<u32> {
    reader_images(stack, file).iter().find_map(|i| {
        if images::base_of(i) != "prometheus" {
            return None;
        }
        let tag = crate::model::compose::image_tag(i)?;
        tag.trim_start_matches('v').split('.').next()?.parse().ok()
    })
}
