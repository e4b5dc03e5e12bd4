pub mod explain;
pub mod github;
pub mod human;
