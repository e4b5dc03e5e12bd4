//! JSON as the page reads and writes it: read with the core's own JSON parser
//! (`diagnose_syntax::parse_json`, the one that reads dashboards), written by hand for the
//! two shapes the page sends (lists of `[path, text]`). The page links neither serde nor
//! serde_json: their generic code (and the float formatting their error messages bring) was
//! about 65 KB of the page's wasm for what these few functions do.

pub use diagnose_core::syntax::Node;

/// Parses a JSON text; `None` if it is not JSON.
pub fn parse(text: &str) -> Option<Node> {
    diagnose_core::syntax::parse_json(text).ok()
}

/// A string value (JSON strings only: `"1"` is a string, `1` is not).
pub fn str_of(n: &Node) -> Option<&str> {
    match &n.value {
        diagnose_core::syntax::Value::Scalar(s, diagnose_core::syntax::Style::DoubleQuoted) => {
            Some(s)
        }
        _ => None,
    }
}

/// The string of `key` in an object.
pub fn get_str(n: &Node, key: &str) -> Option<String> {
    n.get(key).and_then(string)
}

/// A non-negative integer that fits in `u32`.
pub fn u32_of(n: &Node) -> Option<u32> {
    n.as_i64().and_then(|x| u32::try_from(x).ok())
}

/// The integer of `key` in an object.
pub fn get_u32(n: &Node, key: &str) -> Option<u32> {
    n.get(key).and_then(u32_of)
}

/// The items of an array (`None` if `n` is not one).
pub fn array(n: &Node) -> Option<&[Node]> {
    n.is_seq().then(|| n.items())
}

/// Reads every item of the array `n` with `read`; `None` if `n` is not an array or `read`
/// refuses an item. (A loop rather than `collect::<Option<Vec<_>>>()`, whose adapter is some
/// KB of the page's module for each item type.)
pub fn each<T>(n: &Node, read: impl Fn(&Node) -> Option<T>) -> Option<Vec<T>> {
    let items = array(n)?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(read(item)?);
    }
    Some(out)
}

/// A string item, owned.
pub fn string(n: &Node) -> Option<String> {
    str_of(n).map(str::to_string)
}

/// Reads `[[path, text], …]`; `None` if it is not that.
pub fn files(n: &Node) -> Option<Vec<(String, String)>> {
    each(n, |f| {
        let pair = array(f)?;
        Some((string(pair.first()?)?, string(pair.get(1)?)?))
    })
}

/// Appends `s` as a JSON string literal, escaped as serde_json escapes it (the core's
/// writer, which the engine's answers are written with too).
pub use diagnose_core::syntax::json_write::escape;

/// Writes `[[path, text], …]`.
pub fn write_files(files: &[(String, String)]) -> String {
    let mut out = String::with_capacity(files.iter().map(|(p, t)| p.len() + t.len() + 8).sum());
    out.push('[');
    for (i, (p, t)) in files.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        escape(&mut out, p);
        out.push(',');
        escape(&mut out, t);
        out.push(']');
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_round_trip_through_serde_json_too() {
        let tabs = vec![
            (
                "a \"quoted\" \\ path.yml".to_string(),
                "x:\n\t- \u{1}\u{8}\u{c}é📈\r\n".to_string(),
            ),
            ("empty.yml".to_string(), String::new()),
        ];
        let ours = write_files(&tabs);
        // What serde_json writes and reads, the page writes and reads.
        assert_eq!(ours, serde_json::to_string(&tabs).unwrap());
        assert_eq!(files(&parse(&ours).unwrap()), Some(tabs.clone()));
        let theirs: Vec<(String, String)> = serde_json::from_str(&ours).unwrap();
        assert_eq!(theirs, tabs);
        assert_eq!(write_files(&[]), "[]");
    }

    #[test]
    fn reads_what_it_is_asked_and_refuses_the_rest() {
        let n = parse(r#"{"s": "1", "n": 1, "big": 5000000000, "neg": -1, "a": [1, 2]}"#).unwrap();
        assert_eq!(get_str(&n, "s").as_deref(), Some("1"));
        assert_eq!(get_str(&n, "n"), None, "a number is not a string");
        assert_eq!(get_u32(&n, "n"), Some(1));
        assert_eq!(get_u32(&n, "s"), None, "a string is not a number");
        assert_eq!(get_u32(&n, "big"), None);
        assert_eq!(get_u32(&n, "neg"), None);
        assert_eq!(array(n.get("a").unwrap()).map(<[Node]>::len), Some(2));
        assert_eq!(array(&n), None);
        assert_eq!(files(&parse("[[\"a\"]]").unwrap()), None);
        assert_eq!(files(&parse("[[1, \"a\"]]").unwrap()), None);
        assert!(parse("not json").is_none());
    }
}
