pub mod common;
pub mod provisioning_not_mounted;
