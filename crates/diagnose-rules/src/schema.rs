//! The shared schema library of the configuration rules (PROM004, GRAF006, AM001): key
//! tables, value kinds, "did you mean" and the scalar grammars of the YAML decoders the
//! checked programs use. A rule describes its sections as static tables of
//! `(key, kind)` and asks this module what a key is, whether a scalar fits its kind and
//! which known key a misspelt one meant; the rule keeps its own messages.
//!
//! Knowledge only: no rule, no message, no I/O.

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

/// A section's table: each known key with its kind, in the order suggestions prefer.
pub type Table = &'static [(&'static str, Kind)];

/// The kind of `key` in `table`.
pub fn kind_of(table: Table, key: &str) -> Option<Kind> {
    table.iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
}

/// The keys of `table`, for suggestions.
pub fn keys(table: Table) -> Vec<&'static str> {
    table.iter().map(|(k, _)| *k).collect()
}

/// A renamed key: the old spelling, the new one, and the release (or format version)
/// from which only the new one is read.
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
    let limit = if key.len() <= 4 { 1 } else { 2 };
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

    static T: Table = &[("orgId", Kind::Int), ("name", Kind::Str)];

    #[test]
    fn tables_and_suggestions() {
        assert_eq!(kind_of(T, "orgId"), Some(Kind::Int));
        assert_eq!(kind_of(T, "orgid"), None);
        assert_eq!(near_miss("org_id", &keys(T)), Some("orgId"));
        assert_eq!(near_miss("orgId", &keys(T)), None);
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
