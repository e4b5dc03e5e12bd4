//! `/`-separated path helpers (no file-system access).

/// Joins `rel` onto `base` and normalises `.` and `..`. An absolute `rel` is kept.
pub fn join(base: &str, rel: &str) -> String {
    if rel.starts_with('/') {
        return normalize(rel);
    }
    if base.is_empty() {
        return normalize(rel);
    }
    normalize(&format!("{base}/{rel}"))
}

/// Normalises `.`, `..`, repeated and trailing slashes. Keeps a leading `/`.
pub fn normalize(p: &str) -> String {
    let abs = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !abs {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let j = parts.join("/");
    if abs {
        format!("/{j}")
    } else {
        j
    }
}

/// If `path` is `dir` or inside it, the rest of the path after `dir` (`""` for `dir`).
pub fn strip_dir<'a>(path: &'a str, dir: &str) -> Option<&'a str> {
    if dir.starts_with('/') != path.starts_with('/') {
        return None;
    }
    if dir == "/" {
        return Some(path.trim_start_matches('/'));
    }
    let dir = dir.trim_end_matches('/');
    if dir.is_empty() {
        return Some(path);
    }
    if path == dir {
        return Some("");
    }
    path.strip_prefix(dir)?.strip_prefix('/')
}

pub fn parent(p: &str) -> &str {
    match p.rfind('/') {
        Some(0) => "/",
        Some(i) => &p[..i],
        None => "",
    }
}

pub fn file_name(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn joins() {
        assert_eq!(join("a/b", "./c/../d"), "a/b/d");
        assert_eq!(join("", "./x"), "x");
        assert_eq!(join("a", "/etc/x/"), "/etc/x");
        assert_eq!(join("a", "../../x"), "../x");
        assert_eq!(
            strip_dir(
                "/etc/grafana/provisioning/x.yml",
                "/etc/grafana/provisioning"
            ),
            Some("x.yml")
        );
        assert_eq!(
            strip_dir("/etc/grafana/provisioningx", "/etc/grafana/provisioning"),
            None
        );
        assert_eq!(strip_dir("config/prometheus.yml", "/"), None);
        assert_eq!(
            strip_dir("config/prometheus.yml", ""),
            Some("config/prometheus.yml")
        );
    }
}
