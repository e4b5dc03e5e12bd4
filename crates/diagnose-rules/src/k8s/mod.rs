pub mod k8s_service_dns_unresolved;
pub mod k8s_service_port_mismatch;
pub mod kubernetes_sd_missing_rbac;
pub mod services;
