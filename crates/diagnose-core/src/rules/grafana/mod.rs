pub mod common;
pub mod dashboard_json_api_wrapper;
pub mod dashboard_provider_missing;
pub mod dashboard_provider_path_not_mounted;
pub mod datasource_access_direct;
pub mod grafana_default_admin_password;
pub mod invalid_provisioning_file;
pub mod provisioning_not_mounted;
