pub mod dashboard_datasource_unresolved;
pub mod duplicate_dashboard_uid;
