//! Cluster DNS names and the Services they designate, shared by the Kubernetes rules and
//! scrape-target-without-exporter: resolved once in the model (`diagnose_model::resolve`).

pub use diagnose_model::resolve::{
    caller_namespaces, explicit_namespace, parse_host, services, target_container_port, DnsName,
    Svc,
};
