pub mod bind_mount_source_missing;
pub mod compose_version_obsolete;
pub mod config_file_not_found;
pub mod data_dir_not_on_volume;
pub mod host_port_clash;
pub mod image_tag_latest;
