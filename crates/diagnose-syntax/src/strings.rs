//! Small string helpers shared by rules.

/// Levenshtein distance between two strings, in characters (case-sensitive), for "did you
/// mean" suggestions (`strsim`).
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

/// How many edits a key may be away from a known key to count as its typo: one for keys
/// of up to four letters, two for longer ones (two edits turn `smb` into `tsdb`).
pub fn typo_limit(key: &str) -> usize {
    if key.len() <= 4 {
        1
    } else {
        2
    }
}

/// `s` escaped for HTML or SVG text and for a quoted attribute value (`&`, `<`, `>`, `"`,
/// `'`): the web app's markup holds file names and texts from the user's files.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The lines of `text`, each with the byte offset where it starts; a line keeps its line
/// break (as `split_inclusive('\n')`), so an offset plus its line's length is the next one.
pub fn lines_at(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |at, line| {
        let start = *at;
        *at += line.len();
        Some((start, line))
    })
}

/// `key` is `known` or a typo of it ([`typo_limit`]).
pub fn is_typo_of(key: &str, known: &str) -> bool {
    edit_distance(key, known) <= typo_limit(key)
}

/// Decodes base64 in the standard or the URL-safe alphabet (both are accepted). `skip`
/// says which other bytes are ignored (padding, line breaks); any other byte fails.
pub fn base64_decode(s: &str, skip: impl Fn(u8) -> bool) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ if skip(c) => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::base64_decode;
    use super::edit_distance as d;
    use super::lines_at;

    #[test]
    fn lines_at_gives_each_line_its_offset() {
        let text = "a: 1\r\n\nlong line\nlast";
        let lines: Vec<(usize, &str)> = lines_at(text).collect();
        assert_eq!(
            lines,
            [(0, "a: 1\r\n"), (6, "\n"), (7, "long line\n"), (17, "last")]
        );
        for (at, line) in &lines {
            assert_eq!(&text[*at..*at + line.len()], *line);
        }
        assert_eq!(lines_at("").count(), 0);
    }

    #[test]
    fn base64_both_alphabets() {
        let none = |_| false;
        assert_eq!(
            base64_decode("aGVsbG8", none).as_deref(),
            Some(&b"hello"[..])
        );
        assert_eq!(base64_decode("-_-_", none), base64_decode("+/+/", none));
        assert_eq!(base64_decode("aGVsbG8=", none), None);
        assert_eq!(
            base64_decode("aGVs\nbG8=", |c| c == b'=' || c == b'\n').as_deref(),
            Some(&b"hello"[..])
        );
    }

    #[test]
    fn distances() {
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("prometheus", "prometheus"), 0);
        assert_eq!(d("é", "e"), 1);
    }
}
