//! Inline suppressions: `# diagnose: ignore[rule, CODE] reason` on the offending line or
//! on the comment line(s) just above it, and `# diagnose: ignore-file[rule] reason`.

use diagnose_syntax::source::Span;

#[derive(Clone, Debug)]
pub struct Suppression {
    /// 0-based line the suppression applies to (`None` for the whole file).
    pub target_line: Option<usize>,
    pub selectors: Vec<String>,
    pub has_reason: bool,
    /// Span of the comment, for reports about the suppression itself.
    pub span: Span,
}

/// Finds suppression comments in a file: in a Markdown document, only inside its fenced
/// code blocks (prose that shows `` `# diagnose: ignore[…]` `` in a code span explains
/// the syntax; it suppresses nothing).
pub fn parse_file(path: &str, text: &str) -> Vec<Suppression> {
    let p = path.to_ascii_lowercase();
    if p.ends_with(".md") || p.ends_with(".markdown") {
        parse(&code_blocks_only(text))
    } else {
        parse(text)
    }
}

/// The text with every line outside fenced code blocks (and the fences) blanked with
/// spaces, so offsets and line numbers stay the same.
fn code_blocks_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut fence: Option<(char, usize)> = None;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start_matches(' ').len();
        let t = body.trim_start_matches(' ');
        let marker = t.chars().next().filter(|c| *c == '`' || *c == '~');
        let run = marker.map_or(0, |m| t.chars().take_while(|c| *c == m).count());
        let is_fence = indent <= 3 && run >= 3;
        let keep = match fence {
            None if is_fence => {
                fence = Some((marker.unwrap_or('`'), run));
                false
            }
            None => false,
            Some((m, n))
                if is_fence && marker == Some(m) && run >= n && t[run..].trim().is_empty() =>
            {
                fence = None;
                false
            }
            Some(_) => true,
        };
        if keep {
            out.push_str(line);
        } else {
            // One space per byte: offsets stay those of the file.
            for c in line.chars() {
                if c == '\n' || c == '\r' {
                    out.push(c);
                } else {
                    out.extend(std::iter::repeat_n(' ', c.len_utf8()));
                }
            }
        }
    }
    out
}

/// Finds suppression comments in a YAML (or `.env`) text.
pub fn parse(text: &str) -> Vec<Suppression> {
    let mut out = Vec::new();
    let mut offset = 0;
    let lines: Vec<&str> = text.split('\n').collect();
    for (i, line) in lines.iter().enumerate() {
        let line_start = offset;
        offset += line.len() + 1;
        let Some(pos) = line.find("diagnose:") else {
            continue;
        };
        let before = &line[..pos];
        let Some(hash) = before.rfind('#') else {
            continue;
        };
        // A comment starts at the line start or after white space (YAML, `.env`): in
        // "`# diagnose: …`" of a document's prose, it is an example, not a comment.
        if hash > 0 && !before[..hash].ends_with([' ', '\t']) {
            continue;
        }
        if !before[hash + 1..].trim().is_empty() {
            continue;
        }
        let rest = line[pos + "diagnose:".len()..].trim_start();
        let (file_wide, rest) = if let Some(r) = rest.strip_prefix("ignore-file") {
            (true, r)
        } else if let Some(r) = rest.strip_prefix("ignore") {
            (false, r)
        } else {
            continue;
        };
        let Some(r) = rest.strip_prefix('[') else {
            continue;
        };
        let Some(end) = r.find(']') else { continue };
        let selectors = r[..end]
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        let reason = r[end + 1..].trim();
        let own_line = line[..hash].trim().is_empty();
        let target_line = if file_wide {
            None
        } else if own_line {
            // The next line that is not a comment or blank.
            let mut j = i + 1;
            while j < lines.len()
                && (lines[j].trim().is_empty() || lines[j].trim_start().starts_with('#'))
            {
                j += 1;
            }
            Some(j)
        } else {
            Some(i)
        };
        out.push(Suppression {
            target_line,
            selectors,
            has_reason: !reason.is_empty(),
            span: Span::new(line_start + hash, line_start + line.trim_end().len()),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn finds_suppressions() {
        let t = "a: 1 # diagnose: ignore[NET001] on purpose\n# diagnose: ignore[x, y] why\n\nb: 2\n# diagnose: ignore-file[z]\n";
        let s = parse(t);
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].target_line, Some(0));
        assert_eq!(s[1].target_line, Some(3));
        assert_eq!(s[1].selectors, vec!["x", "y"]);
        assert!(s[1].has_reason);
        assert_eq!(s[2].target_line, None);
        assert!(!s[2].has_reason);
    }
}
