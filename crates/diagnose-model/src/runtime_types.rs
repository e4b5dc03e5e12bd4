//! The shapes of the generated runtime tables (`runtime_table.rs`), apart so that the table
//! and the runtime view both import them and neither imports the other.

/// What an official image runs by default, from one release on (generated table).
#[derive(Debug)]
pub struct ImageDefaults {
    pub program: &'static str,
    /// Last segments of the image repositories that ship the program.
    pub images: &'static [&'static str],
    /// First release tag with this image (`""`: only the development branch).
    pub since: &'static str,
    pub entrypoint: &'static [&'static str],
    pub cmd: &'static [&'static str],
    /// Config files the default command names (the image ships them).
    pub config: &'static [&'static str],
    /// Data directories (the image's `VOLUME`s).
    pub data: &'static [&'static str],
    pub workdir: &'static str,
    pub source: &'static str,
}

/// A flag of a program and the releases that have it (generated table).
#[derive(Debug)]
pub struct ReleaseFlag {
    pub name: &'static str,
    pub first: &'static str,
    /// Last release that has it; `""`: still there.
    pub last: &'static str,
}
