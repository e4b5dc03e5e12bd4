//! Which dropped or opened files become tabs, read the way the CLI reads them: the same
//! names (YAML, JSON, `.env`, `.rules`), the same folders left out, binary and non-UTF-8
//! files skipped with a reason.

/// Files larger than this are skipped (the CLI allows 16 MB; a text area is slower).
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// Same test as the CLI's walker (shared in the core).
pub fn wanted(name: &str) -> bool {
    diagnose_core::workspace::is_read_name(name)
}

/// Files opened one by one: also Markdown tutorials, whose config blocks the core reads
/// (the CLI reads a Markdown file given by name, and walks folders without them).
pub fn wanted_explicit(name: &str) -> bool {
    wanted(name) || diagnose_core::markdown::is_markdown_name(name)
}

/// Folders the CLI never enters.
pub fn skipped_dir(name: &str) -> bool {
    diagnose_core::workspace::is_skipped_dir(name)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Skip {
    TooLarge,
    Binary,
    /// Invalid UTF-8 at this byte offset.
    NotUtf8(usize),
}

/// The text of a file, or why it is skipped. CRLF line ends become LF, as a text area
/// shows them (so offsets in the page and in the core agree).
pub fn text_of(bytes: Vec<u8>) -> Result<String, Skip> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Skip::TooLarge);
    }
    if bytes.iter().take(8192).any(|b| *b == 0) {
        return Err(Skip::Binary);
    }
    let text = String::from_utf8(bytes).map_err(|e| Skip::NotUtf8(e.utf8_error().valid_up_to()))?;
    Ok(normalize(text))
}

pub fn normalize(text: String) -> String {
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    }
}

/// Paths of dropped entries (`/stack/grafana/ds.yml`), relative like the CLI's: when a
/// single folder is dropped, relative to that folder, else relative to the drop.
pub fn relative_paths(paths: &mut [String], single_folder: Option<&str>) {
    for p in paths.iter_mut() {
        let trimmed = p.trim_start_matches('/');
        let rel = match single_folder {
            Some(dir) => trimmed
                .strip_prefix(dir)
                .and_then(|r| r.strip_prefix('/'))
                .unwrap_or(trimmed),
            None => trimmed,
        };
        *p = rel.to_string();
    }
}

/// Whether any folder on the path is one the CLI leaves out.
pub fn in_skipped_dir(path: &str) -> bool {
    let mut parts: Vec<&str> = path.split('/').collect();
    parts.pop();
    parts.into_iter().any(skipped_dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_like_the_cli() {
        assert!(wanted("docker-compose.YML") && wanted(".env") && wanted("x.rules"));
        assert!(!wanted("README.md") && !wanted("logo.png"));
        assert_eq!(
            text_of(b"a: 1\r\nb: 2\r\n".to_vec()).unwrap(),
            "a: 1\nb: 2\n"
        );
        assert_eq!(text_of(b"\xef\xbb\xbfa: 1\n".to_vec()).unwrap(), "a: 1\n");
        assert_eq!(text_of(vec![b'a', 0, b'b']), Err(Skip::Binary));
        assert_eq!(text_of(b"ab\xffcd".to_vec()), Err(Skip::NotUtf8(2)));
        assert_eq!(text_of(vec![b' '; MAX_FILE_BYTES + 1]), Err(Skip::TooLarge));
        assert!(in_skipped_dir("a/node_modules/x.json") && !in_skipped_dir("target.yml"));
    }

    #[test]
    fn paths_are_relative_to_a_single_dropped_folder() {
        let mut p = vec![
            "/stack/docker-compose.yml".to_string(),
            "/stack/g/ds.yml".to_string(),
        ];
        relative_paths(&mut p, Some("stack"));
        assert_eq!(p, vec!["docker-compose.yml", "g/ds.yml"]);
        let mut p = vec!["/a.yml".to_string(), "/dir/b.yml".to_string()];
        relative_paths(&mut p, None);
        assert_eq!(p, vec!["a.yml", "dir/b.yml"]);
    }
}
