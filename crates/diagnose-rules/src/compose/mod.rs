pub mod compose_version_obsolete;
pub mod host_port_clash;
pub mod image_tag_latest;
