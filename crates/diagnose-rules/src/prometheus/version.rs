//! The Prometheus release that reads a file, and what that release accepts. The tables
//! come from `versions.rs`, generated from Prometheus' own sources at every release.

pub use super::versions::Release;
use super::versions::{CHECKS, HTTP_VALIDATED, RELABEL_ACTIONS, REMOVED, SINCE};
use diagnose_model::{runtime, Stack};
use diagnose_syntax::source::{FileId, Span};

/// The Prometheus image that reads a file, with the release its tag names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reader {
    pub major: u32,
    /// `None` when the tag names only the major version (`prom/prometheus:v3`).
    pub minor: Option<u32>,
    /// The image reference as written (`prom/prometheus:v2.42.0`).
    pub image: String,
    /// Where the image is named, when the stack says.
    pub at: Option<(FileId, Span)>,
}

impl Reader {
    /// Whether this release is `r` or later; `None` when the tag cannot tell.
    pub fn at_least(&self, r: Release) -> Option<bool> {
        match self.minor {
            Some(m) => Some((self.major, m) >= r),
            None if self.major != r.0 => Some(self.major > r.0),
            None => (r.1 == 0).then_some(true),
        }
    }

    /// True only when the tag proves the release is older than `r`.
    pub fn older_than(&self, r: Release) -> bool {
        self.at_least(r) == Some(false)
    }

    /// `2.42` or `3`.
    pub fn shown(&self) -> String {
        match self.minor {
            Some(m) => format!("{}.{m}", self.major),
            None => self.major.to_string(),
        }
    }
}

/// `v2.42.0`, `2.42.0-debian-12-r3`, `v3.1`, `v3` → (major, minor); `latest`, `main` → None.
pub fn parse_tag(tag: &str) -> Option<(u32, Option<u32>)> {
    let t = tag.strip_prefix('v').unwrap_or(tag);
    let mut parts = t.split(['.', '-', '+', '_']);
    let major: u32 = parts.next()?.parse().ok()?;
    if !(1..=9).contains(&major) {
        return None;
    }
    let minor = parts.next().and_then(|m| m.parse().ok());
    Some((major, minor))
}

/// The oldest Prometheus release known to read `file` (from the image tags of the
/// containers that mount it), if any tag says.
pub fn reader(stack: &Stack, file: FileId) -> Option<Reader> {
    stack
        .readers(file)
        .into_iter()
        .filter(|(image, _)| runtime::program_of(image) == Some("prometheus"))
        .filter_map(|(image, at)| {
            let tag = diagnose_model::compose::image_tag(&image)?;
            let (major, minor) = parse_tag(tag)?;
            Some(Reader {
                major,
                minor,
                image,
                at,
            })
        })
        .min_by_key(|r| (r.major, r.minor.unwrap_or(u32::MAX)))
}

/// `2.42`.
pub fn shown(r: Release) -> String {
    format!("{}.{}", r.0, r.1)
}

fn find<T: Copy>(table: &[(&str, &str, T)], section: &str, key: &str) -> Option<T> {
    table
        .binary_search_by(|(s, k, _)| (*s, *k).cmp(&(section, key)))
        .ok()
        .map(|i| table[i].2)
}

/// The first release that accepts `key` in `section` (a `schema::Sec` name, `"http"` for
/// the inlined HTTP settings); `None` for keys as old as Prometheus 2.0.
pub fn key_since(section: &str, key: &str) -> Option<Release> {
    find(SINCE, section, key)
}

/// `(first release, first release without it)` for a key a release removed.
pub fn removed(section: &str, key: &str) -> Option<(Release, Release)> {
    REMOVED
        .iter()
        .find(|(s, k, _, _)| *s == section && *k == key)
        .map(|(_, _, a, b)| (*a, *b))
}

/// The first release that knows a relabel action (lower case).
pub fn action_since(action: &str) -> Option<Release> {
    RELABEL_ACTIONS
        .iter()
        .find(|(a, _)| *a == action)
        .map(|(_, r)| *r)
}

/// From which release a section's inlined HTTP settings are validated when the file is
/// loaded; `None` when even the newest release does not validate them.
pub fn http_validated_since(section: &str) -> Option<Release> {
    HTTP_VALIDATED
        .iter()
        .find(|(s, _)| *s == section)
        .map(|(_, r)| *r)
}

/// The first release that makes a load-time check named in `versions::CHECKS`.
pub fn check_since(id: &str) -> Release {
    CHECKS
        .iter()
        .find(|(c, _)| *c == id)
        .map_or((2, 0), |(_, r)| *r)
}

/// Whether a check that appeared in release `since` applies to a file read by `reader`
/// (always, when the release is unknown: diagnose then judges by the newest release).
pub fn applies(reader: Option<&Reader>, since: Option<Release>) -> bool {
    match (reader, since) {
        (_, None) => true,
        (None, Some(_)) => true,
        (Some(r), Some(s)) => !r.older_than(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        assert_eq!(parse_tag("v2.42.0"), Some((2, Some(42))));
        assert_eq!(parse_tag("2.45.0-debian-11-r0"), Some((2, Some(45))));
        assert_eq!(parse_tag("v3"), Some((3, None)));
        assert_eq!(parse_tag("latest"), None);
        assert_eq!(parse_tag("main"), None);
        assert_eq!(parse_tag("20240101"), None);
    }

    #[test]
    fn comparisons() {
        let r = |major, minor| Reader {
            major,
            minor,
            image: String::new(),
            at: None,
        };
        assert!(r(2, Some(42)).older_than((2, 43)));
        assert!(!r(2, Some(43)).older_than((2, 43)));
        assert!(r(2, None).older_than((3, 0)));
        assert!(!r(3, None).older_than((3, 0)));
        // `v3` could be 3.0 or 3.14: a key from 3.5 is not known to be missing.
        assert!(!r(3, None).older_than((3, 5)));
    }

    #[test]
    fn tables_are_sorted_for_binary_search() {
        assert!(SINCE
            .windows(2)
            .all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)));
        assert_eq!(key_since("", "scrape_config_files"), Some((2, 43)));
        assert_eq!(key_since("global", "scrape_interval"), None);
        assert_eq!(action_since("lowercase"), Some((2, 36)));
    }
}
