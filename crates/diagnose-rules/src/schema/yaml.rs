//! Scalars as `gopkg.in/yaml.v2` decodes them into Go fields (Prometheus and
//! Alertmanager read their files with it): integers, floats, YAML 1.1 booleans, byte
//! sizes, and how a found value is shown in a message.

use diagnose_syntax::{Node, Style, Value};

/// How a found value is shown: the scalar in backticks, or `[…]` / `{…}`.
pub fn found(n: &Node) -> String {
    match &n.value {
        Value::Scalar(s, Style::SingleQuoted | Style::DoubleQuoted) => format!("`\"{s}\"`"),
        Value::Scalar(s, _) => format!("`{s}`"),
        Value::Seq(_) => "`[…]`".into(),
        Value::Map(_) => "`{…}`".into(),
    }
}

/// A plain (unquoted), non-null scalar.
pub fn plain(n: &Node) -> Option<&str> {
    match &n.value {
        Value::Scalar(s, Style::Plain) if !n.is_null() => Some(s),
        _ => None,
    }
}

pub fn is_int(s: &str, unsigned: bool) -> bool {
    let t = s.replace('_', "");
    let (neg, digits) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(&t)),
    };
    let ok = if let Some(h) = digits.strip_prefix("0x") {
        !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit())
    } else if let Some(o) = digits.strip_prefix("0o") {
        !o.is_empty() && o.chars().all(|c| ('0'..='7').contains(&c))
    } else {
        !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
    };
    ok && !(unsigned && neg && !digits.trim_start_matches('0').is_empty())
}

pub fn is_float(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    matches!(l.as_str(), ".inf" | "-.inf" | "+.inf" | ".nan")
        || (s.parse::<f64>().is_ok() && !l.contains("inf") && !l.contains("nan"))
}

/// yaml.v2 booleans (YAML 1.1).
pub fn is_bool(s: &str) -> bool {
    matches!(
        s,
        "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | "yes"
            | "Yes"
            | "YES"
            | "no"
            | "No"
            | "NO"
            | "on"
            | "On"
            | "ON"
            | "off"
            | "Off"
            | "OFF"
            | "y"
            | "Y"
            | "n"
            | "N"
    )
}

/// `units.ParseBase2Bytes`: `0`, or numbers each followed by a unit.
pub fn is_size(s: &str) -> bool {
    if s == "0" {
        return true;
    }
    const UNITS: &[&str] = &[
        "EiB", "PiB", "TiB", "GiB", "MiB", "KiB", "EB", "PB", "TB", "GB", "MB", "KB", "B",
    ];
    let mut rest = s;
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let n = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if n == 0 {
            return false;
        }
        rest = &rest[n..];
        match UNITS.iter().find(|u| rest.starts_with(*u)) {
            Some(u) => rest = &rest[u.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_like_yaml_v2() {
        assert!(is_int("10", true) && is_int("-1", false) && !is_int("-1", true));
        assert!(!is_int("1.5", false) && !is_int("abc", false));
        assert!(is_int("0x1F", false) && is_int("1_000", true));
        assert!(is_float("1.5") && is_float(".inf") && !is_float("inf"));
        assert!(is_size("100MB") && is_size("1GiB") && is_size("0") && !is_size("100"));
        assert!(is_bool("yes") && is_bool("false") && !is_bool("1"));
    }
}
