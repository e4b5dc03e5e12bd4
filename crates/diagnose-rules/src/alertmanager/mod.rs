pub mod invalid_alertmanager_config;
