pub mod common;
pub mod duplicate_job_name;
pub mod re2;
pub mod relabel;
pub mod schema;
pub mod scrape_timeout_exceeds_interval;
pub mod target_includes_scheme_or_path;
