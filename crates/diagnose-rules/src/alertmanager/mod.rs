pub mod alertmanager_not_discovered;
pub mod invalid_alertmanager_config;
