//! Grafana template variables inside PromQL (`$__rate_interval`, `${var}`, `${var:fmt}`,
//! `[[var]]`, `$var`). Grafana replaces them before the query reaches Prometheus, so they
//! are replaced here by stand-ins that fit where they stand (a duration inside `[...]` and
//! after `offset`, a number in scalar positions, a name elsewhere), with a map from the
//! substituted text back to the original.

/// A query with its Grafana variables replaced.
#[derive(Clone, Debug)]
pub struct Substituted {
    pub text: String,
    /// (start in `text`, end in `text`, start in original, end in original, verbatim).
    segs: Vec<(usize, usize, usize, usize, bool)>,
    orig_len: usize,
    /// Number of variables replaced.
    pub vars: usize,
    /// Number of variables whose stand-in was a guess (name or number).
    pub ambiguous: usize,
    /// Number of variables right after an operand (`(…) $state`, `a $op b`): no stand-in
    /// fits there, the variable holds an operator (a custom variable whose values are
    /// `== 1` or `or`/`unless`), so what Grafana sends is not known.
    pub after_operand: usize,
}

impl Substituted {
    /// Maps an offset in the substituted text to an offset in the original.
    pub fn map(&self, off: usize) -> usize {
        for &(s, e, os, oe, verbatim) in &self.segs {
            if off < e || (off == e && e == s) {
                if off < s {
                    continue;
                }
                return if verbatim { os + (off - s) } else { os.min(oe) };
            }
        }
        self.orig_len
    }

    /// Maps a range of the substituted text to a range of the original.
    pub fn map_range(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.map(start);
        let e = if end > start {
            // The end of the last character, or the end of the variable it belongs to.
            let last = end - 1;
            match self
                .segs
                .iter()
                .find(|&&(s0, e0, ..)| last >= s0 && last < e0)
            {
                Some(&(s0, _, os, _, true)) => os + (last - s0) + 1,
                Some(&(_, _, _, oe, false)) => oe,
                None => self.orig_len,
            }
        } else {
            s
        };
        (s, e.max(s))
    }
}

/// Whether `text` holds a Grafana variable at all.
pub fn has_variables(text: &str) -> bool {
    find_var(text, 0).is_some()
}

/// Finds the next Grafana variable at or after `from`: (start, end, name).
fn find_var(text: &str, from: usize) -> Option<(usize, usize, String)> {
    let b = text.as_bytes();
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'$' => {
                if b.get(i + 1) == Some(&b'{') {
                    if let Some(close) = text[i + 2..].find('}') {
                        let inner = &text[i + 2..i + 2 + close];
                        let name_end = inner.find([':', '.']).unwrap_or(inner.len());
                        let name = &inner[..name_end];
                        if !name.is_empty() && name.bytes().all(is_word) {
                            return Some((i, i + 3 + close, name.to_string()));
                        }
                    }
                } else {
                    let n = b[i + 1..].iter().take_while(|c| is_word(**c)).count();
                    if n > 0 {
                        return Some((i, i + 1 + n, text[i + 1..i + 1 + n].to_string()));
                    }
                }
            }
            b'[' if b.get(i + 1) == Some(&b'[') => {
                if let Some(close) = text[i + 2..].find("]]") {
                    let inner = &text[i + 2..i + 2 + close];
                    let name = inner.split(':').next().unwrap_or("");
                    if !name.is_empty() && name.bytes().all(is_word) {
                        return Some((i, i + 4 + close, name.to_string()));
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b':'
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Paren {
    Grouping,
    Call(ScalarArgs),
    Plain,
}

/// Which arguments of a function are scalars.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ScalarArgs {
    None,
    First,
    Rest,
}

fn scalar_args(func: &str) -> ScalarArgs {
    match func {
        "topk" | "bottomk" | "quantile" | "limitk" | "limit_ratio" | "histogram_quantile"
        | "quantile_over_time" | "vector" | "time" | "minute" | "hour" => ScalarArgs::First,
        "clamp"
        | "clamp_min"
        | "clamp_max"
        | "round"
        | "predict_linear"
        | "holt_winters"
        | "double_exponential_smoothing"
        | "histogram_fraction" => ScalarArgs::Rest,
        _ => ScalarArgs::None,
    }
}

/// Replaces Grafana variables. `ambiguous_as_number` chooses the stand-in where a variable
/// could be a metric name or a number.
pub fn substitute(text: &str, ambiguous_as_number: bool) -> Substituted {
    // Without a variable, the text as it is, one verbatim segment (what the walk below
    // gives, without walking; most queries of rule files).
    if !has_variables(text) {
        let segs = if text.is_empty() {
            Vec::new()
        } else {
            vec![(0, text.len(), 0, text.len(), true)]
        };
        return Substituted {
            text: text.to_string(),
            segs,
            orig_len: text.len(),
            vars: 0,
            ambiguous: 0,
            after_operand: 0,
        };
    }
    substitute_walk(text, ambiguous_as_number)
}

/// [`substitute`], walking the text.
fn substitute_walk(text: &str, ambiguous_as_number: bool) -> Substituted {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut segs = Vec::new();
    let mut vars = 0;
    let mut ambiguous = 0;
    let mut after_operand = 0;
    // Lexical state, updated as we copy verbatim text.
    let mut quote: Option<u8> = None;
    let mut brackets = 0usize;
    let mut braces = 0usize;
    let mut parens: Vec<(Paren, usize)> = Vec::new();
    let mut i = 0;
    let mut verbatim_start = 0;
    let flush = |out: &mut String,
                 segs: &mut Vec<(usize, usize, usize, usize, bool)>,
                 from: usize,
                 to: usize| {
        if to > from {
            let s = out.len();
            out.push_str(&text[from..to]);
            segs.push((s, out.len(), from, to, true));
        }
    };
    while i < b.len() {
        let c = b[i];
        if let Some(q) = quote {
            if c == b'\\' && q != b'`' {
                i += 2;
                continue;
            }
            if c == q {
                quote = None;
                i += 1;
                continue;
            }
        }
        // In a string, `\\$name` is an escaped dollar (`\$` in a regex): Grafana leaves a
        // `$name` it does not define as it is, and a stand-in would make `\x`.
        let escaped = quote.is_some() && i > 0 && b[i - 1] == b'\\';
        let var = if !escaped && (c == b'$' || (c == b'[' && b.get(i + 1) == Some(&b'['))) {
            find_var(text, i).filter(|(s, _, _)| *s == i)
        } else {
            None
        };
        if let Some((start, end, name)) = var {
            flush(&mut out, &mut segs, verbatim_start, start);
            let (stand_in, guess) = if quote.is_some() {
                ("x".to_string(), false)
            } else {
                stand_in(
                    text,
                    start,
                    end,
                    &name,
                    brackets > 0,
                    braces > 0,
                    parens.last().copied(),
                    ambiguous_as_number,
                )
            };
            if guess {
                ambiguous += 1;
            }
            if quote.is_none() && follows_operand(text, start) {
                after_operand += 1;
            }
            vars += 1;
            let s = out.len();
            out.push_str(&stand_in);
            segs.push((s, out.len(), start, end, false));
            i = end;
            verbatim_start = end;
            continue;
        }
        if quote.is_none() {
            match c {
                b'"' | b'\'' | b'`' => quote = Some(c),
                b'[' => brackets += 1,
                b']' => brackets = brackets.saturating_sub(1),
                b'{' => braces += 1,
                b'}' => braces = braces.saturating_sub(1),
                b'(' => {
                    let word = prev_word(text, i);
                    let kind = match word {
                        "by" | "without" | "on" | "ignoring" | "group_left" | "group_right" => {
                            Paren::Grouping
                        }
                        "" => Paren::Plain,
                        w => Paren::Call(scalar_args(w)),
                    };
                    parens.push((kind, 0));
                }
                b')' => {
                    parens.pop();
                }
                b',' => {
                    if let Some(p) = parens.last_mut() {
                        p.1 += 1;
                    }
                }
                b'#' if braces == 0 && brackets == 0 => {
                    // A comment runs to the end of the line.
                    while i < b.len() && b[i] != b'\n' {
                        i += 1;
                    }
                    continue;
                }
                _ => {}
            }
        }
        i += 1;
    }
    flush(&mut out, &mut segs, verbatim_start, b.len());
    // Kept with the parsed query for the whole analysis.
    out.shrink_to_fit();
    segs.shrink_to_fit();
    Substituted {
        text: out,
        segs,
        orig_len: text.len(),
        vars,
        ambiguous,
        after_operand,
    }
}

/// The word (identifier) that ends right before `at`, skipping spaces.
/// Whether the variable at `at` comes right after an operand: a closing bracket, or a
/// name or number (not an operator keyword) and a space.
fn follows_operand(text: &str, at: usize) -> bool {
    match prev_char(text, at) {
        Some(b')' | b'}' | b']') => true,
        Some(c) if is_name_char(c) => {
            let spaced = at > 0 && text.as_bytes()[at - 1].is_ascii_whitespace();
            spaced
                && !matches!(
                    prev_word(text, at),
                    "and"
                        | "or"
                        | "unless"
                        | "by"
                        | "without"
                        | "on"
                        | "ignoring"
                        | "group_left"
                        | "group_right"
                        | "bool"
                        | "offset"
                        | "atan2"
                )
        }
        _ => false,
    }
}

fn prev_word(text: &str, at: usize) -> &str {
    let b = text.as_bytes();
    let mut e = at;
    while e > 0 && b[e - 1].is_ascii_whitespace() {
        e -= 1;
    }
    let mut s = e;
    while s > 0 && is_name_char(b[s - 1]) {
        s -= 1;
    }
    &text[s..e]
}

fn prev_char(text: &str, at: usize) -> Option<u8> {
    text.as_bytes()[..at]
        .iter()
        .rev()
        .find(|c| !c.is_ascii_whitespace())
        .copied()
}

fn next_char(text: &str, at: usize) -> Option<u8> {
    text.as_bytes()[at..]
        .iter()
        .find(|c| !c.is_ascii_whitespace())
        .copied()
}

#[allow(clippy::too_many_arguments)]
fn stand_in(
    text: &str,
    start: usize,
    end: usize,
    name: &str,
    in_brackets: bool,
    in_braces: bool,
    paren: Option<(Paren, usize)>,
    ambiguous_as_number: bool,
) -> (String, bool) {
    let b = text.as_bytes();
    let before = if start > 0 { Some(b[start - 1]) } else { None };
    let after = b.get(end).copied();
    let s = |x: &str| (x.to_string(), false);
    if in_brackets {
        // `[$__rate_interval]`, `[5m:$__interval]`, `[${days}d]`.
        if after.is_some_and(|c| c.is_ascii_alphabetic()) {
            return s("1");
        }
        if before.is_some_and(|c| c.is_ascii_digit()) {
            return s("0s");
        }
        return s("5m");
    }
    if in_braces {
        let prev = prev_char(text, start);
        let next = next_char(text, end);
        if before.is_some_and(is_name_char) || after.is_some_and(is_name_char) {
            return s("x");
        }
        if matches!(next, Some(b'=') | Some(b'!')) {
            return s("x");
        }
        if matches!(prev, Some(b'=') | Some(b'~')) {
            return s("\"x\"");
        }
        return s("x=\"x\"");
    }
    let pw = prev_word(text, start);
    if pw == "offset" && prev_char(text, start) != Some(b'(') {
        return s("5m");
    }
    if prev_char(text, start) == Some(b'@') {
        return s("1");
    }
    if pw == "offset" || matches!(prev_char(text, start), Some(b'-') | Some(b'+')) {
        // `offset -$__interval`
        let before_sign = text[..start]
            .trim_end()
            .strip_suffix(['-', '+'])
            .map(str::trim_end);
        if before_sign.is_some_and(|t| t.ends_with("offset")) {
            return s("5m");
        }
    }
    if before.is_some_and(is_name_char) || after.is_some_and(is_name_char) {
        return s("x");
    }
    if let Some((kind, arg)) = paren {
        match kind {
            Paren::Grouping => return s("x"),
            Paren::Call(ScalarArgs::First) if arg == 0 => return s("1"),
            Paren::Call(ScalarArgs::Rest) if arg > 0 => return s("1"),
            _ => {}
        }
    }
    if matches!(next_char(text, end), Some(b'{') | Some(b'[')) {
        return s("x");
    }
    if name.starts_with("__") {
        // `$__range_s`, `$__interval_ms`: numbers.
        return s("1");
    }
    if ambiguous_as_number {
        ("1".to_string(), true)
    } else {
        ("x".to_string(), true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(t: &str) -> String {
        substitute(t, false).text
    }

    #[test]
    fn a_text_without_variables_is_what_the_walk_gives() {
        for t in [
            "",
            "up",
            "rate(x[5m])",
            "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m])) # a comment\n> 0",
            "label_replace(up, \"a\", \"\\\\1\", \"b\", \"(.*)\")",
            "x[1h:5m] offset 1d",
            "up{job='a', path=`/x`} [ [",
        ] {
            for number in [false, true] {
                assert_eq!(
                    format!("{:?}", substitute(t, number)),
                    format!("{:?}", substitute_walk(t, number)),
                    "{t}"
                );
            }
        }
    }

    #[test]
    fn stand_ins_fit_their_place() {
        assert_eq!(
            sub("rate(x[$__rate_interval])"),
            "rate(x[5m])",
            "duration in brackets"
        );
        assert_eq!(sub("x offset $__interval"), "x offset 5m");
        assert_eq!(sub("x offset -${off}"), "x offset -5m");
        assert_eq!(sub("x[1h:$__interval]"), "x[1h:5m]");
        assert_eq!(sub("x[${d}d]"), "x[1d]");
        assert_eq!(sub("up{job=\"$job\"}"), "up{job=\"x\"}");
        assert_eq!(sub("up{job=~\"${job:regex}\"}"), "up{job=~\"x\"}");
        assert_eq!(sub("up{$filter}"), "up{x=\"x\"}");
        assert_eq!(sub("up{job=\"a\", $filter}"), "up{job=\"a\", x=\"x\"}");
        assert_eq!(sub("up{$label=\"a\"}"), "up{x=\"a\"}");
        assert_eq!(sub("sum by ($label) (up)"), "sum by (x) (up)");
        assert_eq!(sub("topk($n, up)"), "topk(1, up)");
        assert_eq!(sub("up / $__range_s"), "up / 1");
        assert_eq!(sub("[[metric]]{a=\"b\"}"), "x{a=\"b\"}");
        assert_eq!(sub("node_${x}_total"), "node_x_total");
        assert_eq!(sub("up > $threshold"), "up > x");
        assert_eq!(substitute("up > $threshold", true).text, "up > 1");
        assert_eq!(
            sub("label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\")").len(),
            40
        );
        assert!(!has_variables("rate(x[5m])"));
        assert!(has_variables("[[x]]"));
    }

    #[test]
    fn positions_map_back() {
        let t = "rate(x[$__rate_interval]) + ) ";
        let s = substitute(t, false);
        let bad = s.text.find(')').unwrap();
        assert_eq!(s.map(bad), t.find(')').unwrap());
        let second = s.text.rfind(')').unwrap();
        assert_eq!(s.map(second), t.rfind(')').unwrap());
        let five = s.text.find("5m").unwrap();
        assert_eq!(s.map(five), t.find('$').unwrap());
        assert_eq!(
            s.map_range(five, five + 2),
            (t.find('$').unwrap(), t.find(']').unwrap())
        );
        assert_eq!(s.map(s.text.len()), t.len());
    }
}
