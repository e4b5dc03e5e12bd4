pub mod invalid_rule_file;
pub mod rule_file_not_loaded;
