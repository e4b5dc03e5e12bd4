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
