//! Minimal glob matching (`*`, `**`, `?`, `[abc]`) on `/`-separated paths, as used by
//! Prometheus `rule_files`, Grafana provider paths and `diagnose.toml` path ignores.

/// Whether `path` matches `pattern`. `*` and `?` do not cross `/`; `**` does.
pub fn glob_match(pattern: &str, path: &str) -> bool {
    matches(pattern.as_bytes(), path.as_bytes(), 0)
}

fn matches(p: &[u8], s: &[u8], depth: usize) -> bool {
    if depth > 64 {
        return false;
    }
    let (mut pi, mut si) = (0, 0);
    while pi < p.len() {
        match p[pi] {
            b'*' if p.get(pi + 1) == Some(&b'*') => {
                let mut rest = &p[pi + 2..];
                if rest.first() == Some(&b'/') {
                    rest = &rest[1..];
                    // `**/` also matches zero directories.
                    if matches(rest, &s[si..], depth + 1) {
                        return true;
                    }
                }
                return (si..=s.len()).any(|k| matches(rest, &s[k..], depth + 1));
            }
            b'*' => {
                let rest = &p[pi + 1..];
                let mut k = si;
                loop {
                    if matches(rest, &s[k..], depth + 1) {
                        return true;
                    }
                    if k >= s.len() || s[k] == b'/' {
                        return false;
                    }
                    k += 1;
                }
            }
            b'?' => {
                if si >= s.len() || s[si] == b'/' {
                    return false;
                }
                pi += 1;
                si += 1;
            }
            b'[' => {
                let Some(end) = p[pi..].iter().position(|&c| c == b']') else {
                    return false;
                };
                let class = &p[pi + 1..pi + end];
                let Some(&c) = s.get(si) else { return false };
                let (neg, class) = match class.first() {
                    Some(b'!') | Some(b'^') => (true, &class[1..]),
                    _ => (false, class),
                };
                let mut hit = false;
                let mut i = 0;
                while i < class.len() {
                    if i + 2 < class.len() && class[i + 1] == b'-' {
                        hit |= class[i] <= c && c <= class[i + 2];
                        i += 3;
                    } else {
                        hit |= class[i] == c;
                        i += 1;
                    }
                }
                if hit == neg {
                    return false;
                }
                pi += end + 1;
                si += 1;
            }
            c => {
                if s.get(si) != Some(&c) {
                    return false;
                }
                pi += 1;
                si += 1;
            }
        }
    }
    si == s.len()
}

pub fn has_glob_chars(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

#[cfg(test)]
mod tests {
    use super::glob_match as g;

    #[test]
    fn globs() {
        assert!(g("rules/*.yml", "rules/a.yml"));
        assert!(!g("rules/*.yml", "rules/x/a.yml"));
        assert!(g("**/*.json", "a/b/c.json"));
        assert!(g("**/*.json", "c.json"));
        assert!(g("a/**", "a/b/c"));
        assert!(g("*.rule[s]", "x.rules"));
        assert!(!g("a?c", "a/c"));
    }
}
