//! What a block holds when it is not what its fence says: a ```yaml block of PromQL,
//! metric samples, shell commands or prose; a ```promql block of formulas, YAML or shell
//! commands; a ```json block of elided or concatenated outputs; a skeleton of a file.
//!
//! Every test here looks for positive evidence of the other language on the block's first
//! meaningful line (or of a skeleton's notation), never only for a parse failure: a real
//! YAML mistake must stay reported.

use super::Holds;
use diagnose_syntax::parse_yaml;

/// The lines of a text that are not blank nor `#` comments, with their index.
fn meaningful(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

/// Commands that start a shell line in tutorials.
const COMMANDS: &[&str] = &[
    "cat",
    "curl",
    "wget",
    "kubectl",
    "oc",
    "helm",
    "docker",
    "docker-compose",
    "podman",
    "echo",
    "printf",
    "tee",
    "sudo",
    "export",
    "mkdir",
    "cd",
    "systemctl",
    "promtool",
    "amtool",
    "envsubst",
];

/// Whether a line runs a shell command: `$ …`, or a known command followed by its
/// arguments (`cat << EOF > x.yaml`, `curl -s "http://…"`), not a YAML key (`cat: x`).
pub(super) fn shell_command(line: &str) -> bool {
    let t = line.trim_start();
    if t.starts_with("$ ") {
        return true;
    }
    let Some((word, rest)) = t.split_once(' ') else {
        return false;
    };
    COMMANDS.contains(&word) && !rest.trim().is_empty()
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == ':'
}

/// A metric name at the start of `t` and what follows it.
fn leading_metric(t: &str) -> Option<(&str, &str)> {
    if !t.starts_with(is_ident_start) {
        return None;
    }
    let end = t.find(|c: char| !is_ident(c)).unwrap_or(t.len());
    Some((&t[..end], &t[end..]))
}

/// Whether a line is a PromQL expression: a selector with matchers or a range
/// (`http_requests_total{job="api"}`, `up[5m]`), a function call or aggregation
/// (`histogram_quantile(0.95, …)`, `sum by (job) (…)`), or a bracketed expression.
fn promql_expression(line: &str) -> bool {
    let t = line.trim();
    let t = t.trim_start_matches('(');
    let Some((name, rest)) = leading_metric(t) else {
        return false;
    };
    if name.ends_with(':') {
        return false; // a YAML key
    }
    let rest = rest.trim_start();
    if rest.starts_with('{') {
        return rest.contains('}');
    }
    if rest.starts_with('[') {
        return rest.contains(']');
    }
    if rest.starts_with('(') {
        return rest.contains(')') && name.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    }
    // `sum by (job) (…)`, `sum without (x) (…)`
    (rest.starts_with("by ") || rest.starts_with("by(") || rest.starts_with("without"))
        && rest.contains('(')
}

/// Whether a line is a sample of the exposition format: `name{labels} value` or `name
/// value`.
fn metric_sample(line: &str) -> bool {
    let t = line.trim();
    let Some((name, rest)) = leading_metric(t) else {
        return false;
    };
    if name.ends_with(':') {
        return false; // a YAML key
    }
    let rest = match rest.strip_prefix('{') {
        Some(r) => match r.find('}') {
            Some(i) => &r[i + 1..],
            None => return false,
        },
        None => rest,
    };
    let mut words = rest.split_whitespace();
    let value = words.next().unwrap_or("");
    rest.starts_with(' ')
        && (value.parse::<f64>().is_ok() || matches!(value, "NaN" | "+Inf" | "-Inf"))
        && words.all(|w| w.parse::<i64>().is_ok())
}

/// Whether a line is a sentence: three words or more at the margin, without the marks of
/// YAML (`key:`, `- `, brackets, quotes) or of an expression (`=`, `<`, `>`).
fn prose(line: &str) -> bool {
    if line.starts_with([' ', '\t', '-', '#']) {
        return false;
    }
    let t = line.trim();
    t.split_whitespace().count() >= 3
        && t.starts_with(|c: char| c.is_alphanumeric())
        && !t.contains(": ")
        && !t.ends_with(':')
        && !t.contains(['{', '}', '[', ']', '"', '\'', '=', '<', '>', '|', '`', '$'])
}

/// A title written as a key (`Deployment Flow:`): words with a space, nothing after.
fn title_key(line: &str) -> bool {
    !line.starts_with([' ', '\t'])
        && line
            .trim_end()
            .strip_suffix(':')
            .is_some_and(|k| k.contains(' ') && k.chars().all(|c| c.is_alphanumeric() || c == ' '))
}

/// What a ```yaml block holds when it is another language: its first meaningful line is a
/// shell command, a metric sample, a PromQL expression or a sentence (after a title).
pub(super) fn yaml_holds(text: &str) -> Option<Holds> {
    let mut lines = meaningful(text);
    let first = lines.next()?;
    if shell_command(first) {
        return Some(Holds::Shell);
    }
    if metric_sample(first) {
        return Some(Holds::Samples);
    }
    if promql_expression(first) {
        return Some(Holds::PromQL);
    }
    if prose(first) || (title_key(first) && lines.next().is_some_and(prose)) {
        return Some(Holds::Prose);
    }
    None
}

/// What a ```promql block holds when it is not queries: formulas (`burn_rate = a / b`),
/// YAML (`- record: x`, `expr: …`) or shell commands (`curl …`), from its first
/// meaningful line.
pub(super) fn promql_holds(text: &str) -> Option<Holds> {
    let first = meaningful(text).next()?.trim();
    if shell_command(first) {
        return Some(Holds::Shell);
    }
    let body = first.strip_prefix("- ").unwrap_or(first);
    if let Some((name, rest)) = leading_metric(body) {
        // `record: x`: a key (a metric name never ends with `:` before a space).
        if name.ends_with(':') && (rest.is_empty() || rest.starts_with([' ', '\t'])) {
            return Some(Holds::Yaml);
        }
        let rest = rest.trim_start();
        // `x = a / b`; not a matcher of a lesson (`code="200"`, `job=~"a.*"`).
        if let Some(r) = rest.strip_prefix('=') {
            if !r.starts_with(['=', '~']) && !r.trim_start().starts_with(['"', '\'', '`']) {
                return Some(Holds::Formulas);
            }
        }
    }
    None
}

/// Words of the documentation's notation for a value's type (`<string>`, `<duration>`).
const TYPES: &[&str] = &[
    "string",
    "duration",
    "boolean",
    "bool",
    "int",
    "integer",
    "float",
    "number",
    "labelname",
    "labelvalue",
    "secret",
    "filename",
    "filepath",
    "path",
    "regex",
    "tmpl_string",
    "url",
    "size",
    "scheme",
    "host",
];

fn type_word(v: &str) -> bool {
    v.strip_prefix('<')
        .and_then(|v| v.strip_suffix('>'))
        .is_some_and(|w| TYPES.contains(&w) || w.ends_with("_config"))
}

/// Keys whose value is never a word: a query or a duration.
const NOT_WORDS: &[&str] = &[
    "expr",
    "for",
    "keep_firing_for",
    "interval",
    "scrape_interval",
    "scrape_timeout",
    "evaluation_interval",
];

/// A value written as a description in the reader's language (`PromQL_조건_식`,
/// `대기_시간`): words joined by `_`, one of them in a script other than Latin.
fn described(v: &str) -> bool {
    let words: Vec<&str> = v.split('_').collect();
    words.len() >= 2
        && words
            .iter()
            .all(|w| !w.is_empty() && w.chars().all(char::is_alphanumeric))
        && v.chars().any(|c| c.is_alphabetic() && !c.is_ascii())
}

/// Whether a YAML block is a skeleton of a file: values written as their type
/// (`interval: <duration>`, `<labelname>: <labelvalue>`), a query or duration written as
/// a description (`expr: PromQL_조건_식`), or an `expr: |` that holds only a comment.
pub(super) fn skeleton(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        let t = t.strip_prefix("- ").unwrap_or(t);
        let Some((key, value)) = t.split_once(':') else {
            continue;
        };
        let value = value.split(" #").next().unwrap_or("").trim();
        if type_word(value) || (type_word(key.trim()) && !value.is_empty()) {
            return true;
        }
        let key = key.trim();
        if NOT_WORDS.contains(&key) && described(value) {
            return true;
        }
        if key == "expr" && matches!(value, "|" | "|-" | "|+" | ">" | ">-") {
            let indent = l.len() - l.trim_start().len();
            let body: Vec<&str> = lines[i + 1..]
                .iter()
                .take_while(|b| b.trim().is_empty() || b.len() - b.trim_start().len() > indent)
                .filter(|b| !b.trim().is_empty())
                .copied()
                .collect();
            if !body.is_empty() && body.iter().all(|b| b.trim_start().starts_with('#')) {
                return true;
            }
        }
    }
    false
}

/// The text of a JSON line with its strings emptied (`"a…b"` → `""`).
fn outside_strings(line: &str) -> String {
    let mut out = String::new();
    let mut in_str = false;
    let mut escaped = false;
    for c in line.chars() {
        if in_str {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
                out.push(c);
            }
            continue;
        }
        if c == '"' {
            in_str = true;
        }
        out.push(c);
    }
    out
}

/// The 0-based line of a JSON block that elides a part (`"result": [...]`,
/// `"templating": {…}`, a `...` member): no JSON has `...` outside a string.
pub(super) fn json_elision(text: &str) -> Option<usize> {
    text.lines().position(|l| {
        let o = outside_strings(l);
        o.contains("...") || o.contains('…')
    })
}

/// Whether a JSON block holds several values one after another (the outputs of several
/// commands): after the first whole value comes another `{` or `[`.
pub(super) fn json_values_in_a_row(text: &str) -> bool {
    let t = text.trim_start();
    if !t.starts_with(['{', '[']) {
        return false;
    }
    let mut depth = 0i32;
    let mut in_str = false;
    let mut escaped = false;
    for (i, c) in t.char_indices() {
        if in_str {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '{' | '[' => depth += 1,
            '}' | ']' => {
                depth -= 1;
                if depth == 0 {
                    return t[i + 1..].trim_start().starts_with(['{', '[']);
                }
            }
            _ => {}
        }
    }
    false
}

/// Whether a block is written in the configuration notation of Prometheus's and
/// Alertmanager's documentation: optional fields in brackets with a `<type>` placeholder
/// (`[ scrape_timeout: <duration> | default = 10s ]`), or `| default =`.
pub(super) fn is_notation(text: &str) -> bool {
    text.lines().any(|l| {
        let t = l.trim_start();
        t.contains("| default =")
            || ((t.starts_with("[ ") || t.starts_with("- [ ")) && t.contains(": <"))
            || t.contains("[ - <")
            || t.contains("[- <")
            || t.contains("[- '<")
            || json_type_placeholder(t)
    })
}

/// A JSON member whose value is a bare `<type>` (`"groupKey": <string>,`): no JSON has an
/// unquoted `<` there.
fn json_type_placeholder(line: &str) -> bool {
    line.starts_with('"')
        && line.split_once("\": <").is_some_and(|(_, rest)| {
            rest.split_once('>').is_some_and(|(ty, _)| {
                !ty.is_empty() && ty.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            })
        })
}

/// Whether a block is a shell session: its first line runs a command (`$ curl …`).
pub(super) fn is_transcript(text: &str) -> bool {
    text.lines()
        .map(str::trim_start)
        .find(|l| !l.is_empty())
        .is_some_and(|l| l.starts_with("$ ") || l.starts_with("curl "))
}

/// Whether a JSON text starts with an object's key (`"name": …`) rather than a value.
pub(super) fn starts_with_key(text: &str) -> bool {
    let t = text.trim_start();
    let Some(rest) = t.strip_prefix('"') else {
        return false;
    };
    let mut escaped = false;
    for (i, c) in rest.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return rest[i + 1..].trim_start().starts_with(':'),
            '\n' => return false,
            _ => escaped = false,
        }
    }
    false
}

/// Whether a YAML text parses into mappings only.
pub(super) fn parses_as_map(text: &str) -> bool {
    let (docs, err) = parse_yaml(text);
    err.is_none() && docs.iter().all(|d| d.root.is_map())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_blocks_that_hold_another_language() {
        let promql = "# HTTP requests\nhttp_requests_total{job=\"api\",status=\"200\"}\n\nhistogram_quantile(0.95, x_bucket)\n";
        assert_eq!(yaml_holds(promql), Some(Holds::PromQL));
        assert_eq!(yaml_holds("up{job=\"api\"} == 1\n"), Some(Holds::PromQL));
        assert_eq!(
            yaml_holds("# Good\nhttp_requests_total{job=\"api\"} 100\n"),
            Some(Holds::Samples)
        );
        assert_eq!(
            yaml_holds("cat << EOF > x.yaml\napiVersion: v1\nEOF\n"),
            Some(Holds::Shell)
        );
        assert_eq!(
            yaml_holds("# Repo\nSettings → Manage access → Add teams/users\n"),
            Some(Holds::Prose)
        );
        assert_eq!(
            yaml_holds("Deployment Flow:\n1. CRDs (Wave -1)\n2. Core (Wave 0)\n"),
            Some(Holds::Prose)
        );
        // Real YAML, right or wrong, is YAML.
        for y in [
            "grafana.ini:\n  [auth.generic_oauth]\n  enabled = true\n",
            "scrape_configs:\n  - job_name: x\n   static_configs: []\n",
            "cat: 1\n",
            "name: node.rules\n    rules:\n",
            "<<<<<<< Updated upstream\nkey: a\n",
            "queue_length: >10\n",
        ] {
            assert_eq!(yaml_holds(y), None, "{y}");
        }
    }

    #[test]
    fn promql_blocks_that_hold_another_language() {
        assert_eq!(
            promql_holds("# rate\ncurrent_error_rate = 0.001\n"),
            Some(Holds::Formulas)
        );
        assert_eq!(
            promql_holds("- record: job:request_rate:5m\n  expr: sum(x)\n"),
            Some(Holds::Yaml)
        );
        assert_eq!(
            promql_holds("curl -s \"http://localhost:9090/api/v1/query\"\n"),
            Some(Holds::Shell)
        );
        for q in [
            "job:request_rate:5m\n",
            "up == 1\n",
            "x{job=~\"a\"}\n",
            "rate(x_total[5m])\n",
            "code=\"200\"\n",
            "code = \"200\"\n",
        ] {
            assert_eq!(promql_holds(q), None, "{q}");
        }
    }

    #[test]
    fn skeletons() {
        assert!(skeleton(
            "groups:\n  - name: <string>\n    interval: <duration>\n"
        ));
        assert!(skeleton("labels:\n  <labelname>: <labelvalue>\n"));
        assert!(skeleton(
            "rules:\n  - alert: 알림_이름\n    expr: PromQL_조건_식\n    for: 대기_시간\n"
        ));
        assert!(skeleton(
            "rules:\n  - alert: A\n    expr: |\n      # MetricsQL 표현식\n    for: 5m\n"
        ));
        assert!(!skeleton(
            "rules:\n  - alert: 디스크_경고\n    expr: up == 0\n    for: 5m\n"
        ));
        assert!(!skeleton(
            "scrape_configs:\n  - targets: ['<server_ip>:9182']\n"
        ));
    }

    #[test]
    fn json_outputs() {
        assert_eq!(json_elision("{\n  \"result\": [...]\n}\n"), Some(1));
        assert_eq!(json_elision("{\"a\": \"wait...\"}\n"), None);
        assert!(json_values_in_a_row("{\"a\": 1}\n\n{\"b\": \"}\"}\n"));
        assert!(!json_values_in_a_row("{\"a\": [1, 2]}\n"));
        assert!(!json_values_in_a_row("{\"a\": 1}\n}\n"));
    }
}
