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
    pub kind: FlagKind,
}

/// The kind of value a flag takes, as kingpin parses it (generated table: the clause of
/// the latest release that declares the flag: `.Duration()`, `.Bool()`, `.SetValue(&x)` of a
/// `model.Duration`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagKind {
    /// Not known (a custom `kingpin.Value`, an action).
    Unknown,
    String,
    Strings,
    Url,
    /// `.ExistingFile()`, `.ExistingDir()`, ...: checked by the program at start.
    File,
    /// A switch: `--name` or `--no-name`, no value.
    Bool,
    /// kingpin's `.Int()`: `strconv.ParseFloat`, then truncated.
    Int,
    /// `.Int64()`: `strconv.ParseInt(s, 0, 64)`.
    Int64,
    /// `.Uint()`, `.Uint64()`: `strconv.ParseUint(s, 0, 64)`.
    Uint,
    Float,
    /// kingpin's `.Duration()`: Go durations (`go-str2duration` since kingpin 2.3 adds `d`, `w`).
    Duration,
    /// Prometheus' `model.Duration` (`model.ParseDuration`: `1h30m`, `15d`, `1y`).
    ModelDuration,
    /// `units.Base2Bytes` (`units.ParseBase2Bytes`: `512MB`, `1GiB`).
    Bytes,
    Enum(&'static [&'static str]),
    Enums(&'static [&'static str]),
}
