pub mod common;
pub mod container_port_mismatch;
pub mod host_docker_internal_without_host_gateway;
pub mod localhost_in_container_url;
pub mod no_shared_network;
pub mod placeholder_not_replaced;
pub mod unknown_service_host;
