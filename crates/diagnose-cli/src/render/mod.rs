pub mod github;
pub mod human;
