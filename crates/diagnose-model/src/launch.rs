//! What an image runs and how its command line reads: the program of an image (by its
//! publisher), the image's defaults for a release, release numbers of tags, compose's
//! splitting of a string command, and copies a start-up command makes. Read by the runtime
//! view ([`crate::runtime`]), which re-exports them.

use crate::images;
use crate::runtime_table::IMAGE_DEFAULTS;
use crate::runtime_types::ImageDefaults;
use diagnose_syntax::paths;

/// True when a shell text (a container's command line) runs `cp` (or `install`, `rsync`)
/// with a source that holds the container path `from` and a destination at or below the
/// folder `into` (`cp -r /etc/grafana/provisioning_temp/dashboards/. /etc/grafana/provisioning/dashboards`):
/// the file is copied into place at start-up.
pub fn copies_into(text: &str, from: &str, into: &str) -> bool {
    // Shell operators end a command: they become `;` words.
    let spaced: String = text
        .chars()
        .map(|c| match c {
            ';' | '&' | '|' | '(' | ')' | '\n' => " ; ".to_string(),
            c => c.to_string(),
        })
        .collect();
    let words: Vec<&str> = spaced
        .split_whitespace()
        .map(|w| w.trim_matches(['"', '\'']))
        .collect();
    let folder = |w: &str| {
        let w = w.trim_end_matches("/*").trim_end_matches("/.");
        paths::normalize(w)
    };
    words.iter().enumerate().any(|(i, w)| {
        if !matches!(*w, "cp" | "install" | "rsync") {
            return false;
        }
        // The operands up to the end of the command.
        let operands: Vec<&str> = words[i + 1..]
            .iter()
            .take_while(|w| **w != ";")
            .filter(|w| !w.starts_with('-'))
            .copied()
            .collect();
        let Some((dest, sources)) = operands.split_last() else {
            return false;
        };
        dest.starts_with('/')
            && paths::strip_dir(&folder(dest), into).is_some()
            && sources
                .iter()
                .any(|s| s.starts_with('/') && paths::strip_dir(from, &folder(s)).is_some())
    })
}

/// `v2.53.1` → `[2, 53, 1]`; `None` for `latest`, `main` and other non-versions.
pub fn version_numbers(tag: &str) -> Option<Vec<u64>> {
    let t = tag.strip_prefix('v').unwrap_or(tag);
    let core = t.split(['-', '+', '_']).next()?;
    let v: Vec<u64> = core
        .split('.')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    (!v.is_empty()).then_some(v)
}

/// Who publishes each program's official image: the path component before the image's
/// name (Docker Hub `prom/prometheus`, `quay.io/prometheus/prometheus`,
/// `gcr.io/cadvisor/cadvisor`, `grafana/loki`…). A registry host or a mirror's path in front
/// keeps it (`docker.io/prom/prometheus`, `harbor.example/hub/prom/prometheus`).
static PUBLISHERS: &[(&str, &[&str])] = &[
    ("prometheus", &["prom", "prometheus"]),
    ("alertmanager", &["prom", "prometheus"]),
    ("node-exporter", &["prom", "prometheus"]),
    ("blackbox-exporter", &["prom", "prometheus"]),
    ("pushgateway", &["prom", "prometheus"]),
    ("loki", &["grafana"]),
    ("promtail", &["grafana"]),
    (
        "cadvisor",
        &[
            "cadvisor",
            "google",
            "google-containers",
            "google_containers",
        ],
    ),
    ("grafana", &["grafana"]),
];

/// The program an image runs, when it is one of the table's and the image is known to be
/// that program's: published by its project (see [`PUBLISHERS`]), or named without an owner
/// (a local build or a private tag; Docker Hub has no official image of these names). Any
/// other owner's `<owner>/prometheus` is not known to run Prometheus (`sflow/prometheus` is
/// sFlow-RT, a Java program that exports to Prometheus): the rules that need the program's
/// flags and defaults stay silent on it.
pub fn program_of(image: &str) -> Option<&'static str> {
    let repo = images::image_repo(image);
    let mut parts = repo.rsplit('/');
    let base = parts.next().unwrap_or("");
    let owner = parts.next();
    let program = IMAGE_DEFAULTS
        .iter()
        .find(|d| d.images.contains(&base))
        .map(|d| d.program)?;
    let official = match owner {
        None => true,
        Some(o) => PUBLISHERS
            .iter()
            .any(|(p, owners)| *p == program && owners.contains(&o)),
    };
    official.then_some(program)
}

/// The defaults of `program`'s image for `version` (the newest when unknown).
pub fn defaults_for(program: &str, version: Option<&[u64]>) -> Option<&'static ImageDefaults> {
    let mut entries = IMAGE_DEFAULTS.iter().filter(|d| d.program == program);
    let Some(v) = version else {
        return entries.next_back();
    };
    let mut v = v.to_vec();
    v.resize(v.len().max(3), 0);
    let first = entries.clone().next();
    entries
        .rfind(|d| version_numbers(d.since).is_some_and(|s| s <= v))
        .or(first)
}

/// Splits compose's string form of `command:`/`entrypoint:` into words the way compose
/// does (compose-go `transformShellCommand`: `shellwords.Parse`): at unquoted whitespace,
/// single and double quotes removed, a backslash escapes the next character (inside double
/// quotes only `"`, `\\`, `$` and a backquote).
pub fn shell_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    word.push(q);
                }
            }
            '"' => {
                in_word = true;
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' if matches!(chars.peek(), Some('"' | '\\' | '$' | '`')) => {
                            word.extend(chars.next());
                        }
                        _ => word.push(q),
                    }
                }
            }
            '\\' => {
                in_word = true;
                word.extend(chars.next());
            }
            c if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        out.push(word);
    }
    out
}
