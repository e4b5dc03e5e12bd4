//! The shared schema library of the configuration rules (PROM004, GRAF006, AM001): one
//! table-driven validator for their files, value kinds, "did you mean" and the scalar
//! grammars of the YAML decoders the checked programs use.
//!
//! A rule describes each section of its file as a static table that implements
//! [`Section`] (key lookup, value type, the release range of a key, renamed keys): the
//! plain `(key, kind)` tables of [`Fields`] (Grafana's provisioning files) or the
//! generated-from-Go tables of Prometheus (`prometheus::schema::Sec`, with the releases of
//! `prometheus::versions`). [`walk`] goes through a file with them and hands each finding
//! (unknown, renamed, removed, too new or duplicate key, a value to check, a nested value
//! of the wrong shape) to the rule's [`Visit`], which keeps its own messages.
//!
//! Knowledge only: no rule, no message, no I/O.

pub mod walk;
pub mod yaml;

pub use diagnose_syntax::strings::edit_distance as distance;

/// The kind of a key in a table, for rules whose values are plain (Grafana's
/// provisioning files). Prometheus' richer kinds live in `prometheus::schema::Ty`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A boolean.
    Bool,
    /// An integer.
    Int,
    /// Any scalar.
    Str,
    /// A mapping of anything.
    Map,
    /// A mapping of scalars.
    ScalarMap,
    /// A list.
    List,
    /// Known, checked elsewhere (or not at all).
    Any,
}

/// A release as `(major, minor)`, for schemas whose keys come and go with releases.
pub type Release = (u32, u32);

/// A section of a configuration file, as [`walk`] reads it.
pub trait Section: Sized + 'static {
    /// The type of a value, in the rule's terms ([`Kind`], Prometheus' `Ty`).
    type Ty: 'static;
    /// The section's name, as the version and rename tables spell it.
    fn name(&self) -> &'static str;
    /// The type of `key`, including keys the section inlines; `None` when unknown.
    fn field(&self, key: &str) -> Option<&'static Self::Ty>;
    /// Every known key, in the order suggestions prefer.
    fn keys(&self) -> Vec<&'static str>;
    /// A type that is itself a section or a list of sections, which the walker enters.
    fn nested(_ty: &'static Self::Ty) -> Option<Nested<Self>> {
        None
    }
    /// The first release that accepts `key`, when later than the oldest one checked.
    fn since(&self, _key: &str) -> Option<Release> {
        None
    }
    /// `(first release, first release without it)` for a key a release removed.
    fn removed(&self, _key: &str) -> Option<(Release, Release)> {
        None
    }
    /// The current spelling of `key`, when `key` is an old one.
    fn renamed(&self, _key: &str) -> Option<&'static str> {
        None
    }
}

pub use walk::{walk, Nested, Shape, Visit};

/// A section described by a plain table: its name (as its [`Renamed`] entries spell it),
/// each known key with its kind in the order suggestions prefer, and the old spellings.
#[derive(Debug)]
pub struct Fields {
    pub name: &'static str,
    pub fields: &'static [(&'static str, Kind)],
    pub renamed: &'static [Renamed],
}

impl Section for Fields {
    type Ty = Kind;

    fn name(&self) -> &'static str {
        self.name
    }

    fn field(&self, key: &str) -> Option<&'static Kind> {
        self.fields.iter().find(|(k, _)| *k == key).map(|(_, t)| t)
    }

    fn keys(&self) -> Vec<&'static str> {
        self.fields.iter().map(|(k, _)| *k).collect()
    }

    fn renamed(&self, key: &str) -> Option<&'static str> {
        renamed(self.renamed, self.name, key)
    }
}

/// A renamed key: its section, the old spelling and the new one.
#[derive(Clone, Copy, Debug)]
pub struct Renamed {
    pub section: &'static str,
    pub old: &'static str,
    pub new: &'static str,
}

/// The replacement of `key` in `section`, when the table says it was renamed.
pub fn renamed(table: &'static [Renamed], section: &str, key: &str) -> Option<&'static str> {
    table
        .iter()
        .find(|r| r.section == section && r.old == key)
        .map(|r| r.new)
}

/// A key that differs from a known key only by case, `_` or `-` (Grafana reads keys
/// exactly, so such a key is silently ignored).
pub fn near_miss(key: &str, known: &[&'static str]) -> Option<&'static str> {
    if known.contains(&key) {
        return None;
    }
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            .flat_map(char::to_lowercase)
            .collect()
    };
    let k = norm(key);
    known.iter().copied().find(|x| norm(x) == k)
}

/// The closest known key, if close enough to be a typo: same spelling in lower case
/// with `_`, a singular/plural slip, or at most one edit (keys of up to four letters)
/// or two.
pub fn suggest(key: &str, keys: &[&'static str]) -> Option<&'static str> {
    let lower = key.to_ascii_lowercase().replace('-', "_");
    if let Some(k) = keys.iter().find(|k| **k == lower) {
        return Some(k);
    }
    // A singular/plural slip (`kubernetes_sd_config`, `static_config`, `target`).
    if let Some(k) = keys
        .iter()
        .find(|k| **k == format!("{lower}s") || format!("{k}s") == lower)
    {
        return Some(k);
    }
    let limit = diagnose_syntax::strings::typo_limit(key);
    keys.iter()
        .map(|k| (distance(&lower, k), *k))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, k)| k)
}

/// The closest of `names` to `name` by edit distance, when within `limit` (names a
/// configuration defines itself, such as Alertmanager receivers).
pub fn closest<'a>(
    name: &str,
    names: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Option<&'a str> {
    names
        .into_iter()
        .map(|n| (distance(n, name), n))
        .min()
        .filter(|(d, _)| *d <= limit)
        .map(|(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    static T: Fields = Fields {
        name: "s",
        fields: &[("orgId", Kind::Int), ("name", Kind::Str)],
        renamed: &[Renamed {
            section: "s",
            old: "org_id",
            new: "orgId",
        }],
    };

    #[test]
    fn tables_and_suggestions() {
        assert_eq!(T.field("orgId"), Some(&Kind::Int));
        assert_eq!(T.field("orgid"), None);
        assert_eq!(T.renamed("org_id"), Some("orgId"));
        assert_eq!(T.renamed("name"), None);
        assert_eq!(near_miss("org_ID", &T.keys()), Some("orgId"));
        assert_eq!(near_miss("orgId", &T.keys()), None);
        assert_eq!(suggest("nme", &["name", "type"]), Some("name"));
        assert_eq!(suggest("zzz", &["name"]), None);
        assert_eq!(closest("team-x", ["team-a", "other"], 2), Some("team-a"));
        assert_eq!(closest("zzzzzz", ["team-a"], 2), None);
        let r = [Renamed {
            section: "s",
            old: "a",
            new: "b",
        }];
        let r: &'static [Renamed] = Box::leak(Box::new(r));
        assert_eq!(renamed(r, "s", "a"), Some("b"));
        assert_eq!(renamed(r, "t", "a"), None);
    }
}
