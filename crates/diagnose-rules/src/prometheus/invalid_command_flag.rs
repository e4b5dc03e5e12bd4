//! A command-line flag that the container's Prometheus or Alertmanager release does not
//! know: a typo, a 1.x single-dash flag, a flag removed or not yet added. Reads the
//! runtime view (the effective command line) and the flag tables generated from the
//! programs' `main.go` (tests/tools/runtime_defaults.py). Also a value whose quotes reach
//! the program (a YAML list item is not split by a shell), and a value of the wrong kind for
//! the flag (kingpin's `.Duration()`, `.Bool()`, `model.Duration`, ... in that table).

use super::common::code_list;
use crate::diagnostic::{Applicability, Edit, Severity};
use crate::net::common::closest;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::prometheus::parse_duration;
use diagnose_model::runtime::{
    version_numbers, Container, Flag, FlagKind, ReleaseFlag, ALERTMANAGER_FLAGS, PROMETHEUS_FLAGS,
};
use diagnose_syntax::source::{FileId, Span};
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "PROM008",
    name: "invalid-command-flag",
    domain: "prometheus",
    severity: Severity::Error,
    fix: FixKind::Unsafe,
    messages: texts! {
        "PROM008.message-unknown" => "{program} has no flag `--{flag}`",
            "{program} n’a pas d’option `--{flag}`";
        "PROM008.message-single-dash" => "`-{flag}` is a 1.x single-dash flag: {program} {version} needs two dashes",
            "`-{flag}` est une option à un tiret de la version 1.x : {program} {version} en demande deux";
        "PROM008.message-release" => "`--{flag}` does not exist in {program} {version} (it exists from {first} to {last})",
            "`--{flag}` n’existe pas dans {program} {version} (elle existe de {first} à {last})";
        "PROM008.note-unknown" => "{program} refuses to start: `unknown long flag '--{flag}'`",
            "{program} refuse de démarrer : `unknown long flag '--{flag}'`";
        "PROM008.note-single-dash" => "{program} reads `-{flag}` as short flags and refuses to start: `unknown short flag`",
            "{program} lit `-{flag}` comme des options courtes et refuse de démarrer : `unknown short flag`";
        "PROM008.help-did-you-mean" => "did you mean `--{flag}`?", "vouliez-vous dire `--{flag}` ?";
        "PROM008.message-quotes" => "the value of `--{flag}` keeps its quotes: {program} reads `{value}`, quotes included",
            "la valeur de `--{flag}` garde ses guillemets : {program} lit `{value}`, guillemets compris";
        "PROM008.note-quotes" => "no shell reads an item of a `command:` or `args:` list: its quotes reach the program as characters of the value",
            "aucun shell ne lit un élément d’une liste `command:` ou `args:` : ses guillemets arrivent au programme comme caractères de la valeur";
        "PROM008.help-quotes" => "write the value without quotes: `--{flag}={value}`",
            "écrivez la valeur sans guillemets : `--{flag}={value}`";
        "PROM008.fix-quotes" => "remove the quotes around the value", "retirer les guillemets autour de la valeur";
        "PROM008.message-bool" => "`--{flag}` is a switch and takes no value: {program} refuses `={value}`",
            "`--{flag}` est un interrupteur et ne prend pas de valeur : {program} refuse `={value}`";
        "PROM008.note-bool" => "kingpin passes the value of a boolean flag on as an argument, and {program} stops at start: `unexpected argument '{value}'` (`unexpected {value}` before kingpin 2.3)",
            "kingpin transmet la valeur d’une option booléenne comme un argument, et {program} s’arrête au démarrage : `unexpected argument '{value}'` (`unexpected {value}` avant kingpin 2.3)";
        "PROM008.help-bool" => "write `--{flag}` to turn it on, `--no-{flag}` to turn it off",
            "écrivez `--{flag}` pour l’activer, `--no-{flag}` pour la désactiver";
        "PROM008.message-model-duration" => "`{value}` is not a duration: `--{flag}` takes a Prometheus duration such as `15d`, `1h30m` or `30s`",
            "`{value}` n’est pas une durée : `--{flag}` prend une durée Prometheus comme `15d`, `1h30m` ou `30s`";
        "PROM008.message-duration" => "`{value}` is not a duration: `--{flag}` takes a duration such as `120h`, `1h30m` or `30s`",
            "`{value}` n’est pas une durée : `--{flag}` prend une durée comme `120h`, `1h30m` ou `30s`";
        "PROM008.message-int" => "`{value}` is not an integer: `--{flag}` takes a number such as `10`",
            "`{value}` n’est pas un entier : `--{flag}` prend un nombre comme `10`";
        "PROM008.message-float" => "`{value}` is not a number: `--{flag}` takes a number such as `0.9`",
            "`{value}` n’est pas un nombre : `--{flag}` prend un nombre comme `0.9`";
        "PROM008.message-bytes" => "`{value}` is not a size: `--{flag}` takes a number of bytes with a unit such as `512MB` or `1GB`",
            "`{value}` n’est pas une taille : `--{flag}` prend un nombre d’octets avec une unité comme `512MB` ou `1GB`";
        "PROM008.message-enum" => "`{value}` is not a value of `--{flag}`: one of {values}",
            "`{value}` n’est pas une valeur de `--{flag}` : une parmi {values}";
        "PROM008.note-value" => "{program} parses the flag's value at start and refuses to start when it cannot",
            "{program} lit la valeur de l’option au démarrage et refuse de démarrer quand il ne peut pas";
        "PROM008.note-model-duration" => "units: `ms`, `s`, `m`, `h`, `d`, `w`, `y`, largest first, each once; a number without a unit is not a duration (only `0` is)",
            "unités : `ms`, `s`, `m`, `h`, `d`, `w`, `y`, de la plus grande à la plus petite, chacune une fois ; un nombre sans unité n’est pas une durée (seul `0` l’est)";
        "PROM008.note-duration" => "units: `ns`, `us`, `ms`, `s`, `m`, `h` (and `d`, `w` from kingpin 2.3); a number without a unit is not a duration (only `0` is)",
            "unités : `ns`, `us`, `ms`, `s`, `m`, `h` (et `d`, `w` depuis kingpin 2.3) ; un nombre sans unité n’est pas une durée (seul `0` l’est)";
        "PROM008.note-bytes" => "units (powers of 1024): `B`, `KB`, `MB`, `GB`, `TB`, `PB`, `EB` or `KiB`, `MiB`, ...; a number without a unit is not a size (only `0` is)",
            "unités (puissances de 1024) : `B`, `KB`, `MB`, `GB`, `TB`, `PB`, `EB` ou `KiB`, `MiB`, ... ; un nombre sans unité n’est pas une taille (seul `0` l’est)";
        "PROM008.help-value" => "did you mean `--{flag}={value}`?", "vouliez-vous dire `--{flag}={value}` ?";
    },
    check,
};

/// The flag table of a program, and the version the table's `first` tags compare with.
fn table(program: &str) -> Option<&'static [ReleaseFlag]> {
    match program {
        "prometheus" => Some(PROMETHEUS_FLAGS),
        "alertmanager" => Some(ALERTMANAGER_FLAGS),
        _ => None,
    }
}

fn display(program: &str) -> &'static str {
    if program == "prometheus" {
        "Prometheus"
    } else {
        "Alertmanager"
    }
}

fn check(cx: &mut Ctx<'_>) {
    for c in &cx.stack.containers {
        let Some(flags) = table(c.program) else {
            continue;
        };
        if !c.command_direct {
            continue;
        }
        let version = c.version_numbers();
        // The tables start with kingpin (Prometheus 2.0, Alertmanager 0.13): older images
        // take single-dash flags.
        let kingpin = flags
            .iter()
            .filter_map(|f| version_numbers(f.first))
            .min()
            .unwrap_or_default();
        if version.as_ref().is_some_and(|v| *v < kingpin) {
            continue;
        }
        let names: Vec<&str> = flags.iter().map(|f| f.name).collect();
        let program = display(c.program);
        // Without a tag (or on a plain server), the first kingpin release: `2+`, `0.13+`.
        let version_text = c
            .version
            .clone()
            .unwrap_or_else(|| match kingpin.as_slice() {
                [0, minor, ..] => format!("0.{minor}+"),
                [major, ..] => format!("{major}+"),
                [] => String::new(),
            });
        for f in &c.flags {
            let Some((file, span)) = c.command[f.index].written else {
                continue;
            };
            let known = |n: &str| flags.iter().find(|r| r.name == n);
            let name = f.name.as_str();
            let row = known(name).or_else(|| name.strip_prefix("no-").and_then(known));
            if f.dashes == 2 {
                check_value(cx, c, f, row, program);
            }
            if f.dashes == 1 {
                // Short flags (`-h`) are fine; a dotted name is a 1.x long flag.
                if !name.contains('.') {
                    continue;
                }
                let suggestion = row.map(|r| r.name).or_else(|| closest(name, &names));
                let d = cx.report(
                    file,
                    span,
                    msg!(
                        "PROM008.message-single-dash",
                        flag = name,
                        program = program,
                        version = version_text.clone()
                    ),
                );
                d.note(msg!(
                    "PROM008.note-single-dash",
                    flag = name,
                    program = program
                ));
                if let Some(s) = suggestion {
                    d.help(msg!("PROM008.help-did-you-mean", flag = s));
                }
                continue;
            }
            match row {
                None => {
                    let d = cx.report(
                        file,
                        span,
                        msg!("PROM008.message-unknown", flag = name, program = program),
                    );
                    d.note(msg!("PROM008.note-unknown", flag = name, program = program));
                    if let Some(s) = closest(name, &names) {
                        d.help(msg!("PROM008.help-did-you-mean", flag = s));
                    }
                }
                Some(r) => {
                    let Some(v) = &version else { continue };
                    let mut v = v.clone();
                    v.resize(v.len().max(3), 0);
                    let before = version_numbers(r.first).is_some_and(|first| v < first);
                    let after = version_numbers(r.last).is_some_and(|last| {
                        // `last` is a `vX.Y.0` tag: the whole X.Y series has the flag.
                        v[..2] > last[..2]
                    });
                    if before || after {
                        let last = if r.last.is_empty() { "…" } else { r.last };
                        cx.report(
                            file,
                            span,
                            msg!(
                                "PROM008.message-release",
                                flag = name,
                                program = program,
                                version = version_text.clone(),
                                first = r.first,
                                last = last
                            ),
                        )
                        .note(msg!(
                            "PROM008.note-unknown",
                            flag = name,
                            program = program
                        ));
                    }
                }
            }
        }
    }
}

/// Where the value of `f` is written, and whether its quotes reach the program: the word
/// itself (`--a=b`) or the next one (`--a b`).
fn value_word(c: &Container, f: &Flag) -> Option<(FileId, Span, bool, bool)> {
    let word = &c.command[f.index];
    let inline = word.value.contains('=');
    let arg = if inline {
        word
    } else {
        c.command.get(f.index + 1)?
    };
    let (file, span) = arg.written?;
    Some((file, span, arg.literal, inline))
}

/// The value without the quotes that wrap it whole (`'x'`, `"x"`).
fn unquoted(v: &str) -> Option<&str> {
    ['\'', '"'].into_iter().find_map(|q| {
        v.strip_prefix(q)
            .and_then(|r| r.strip_suffix(q))
            .filter(|_| v.len() >= 2)
    })
}

fn check_value(
    cx: &mut Ctx<'_>,
    c: &Container,
    f: &Flag,
    row: Option<&ReleaseFlag>,
    program: &str,
) {
    let Some(value) = f.value.as_deref() else {
        return;
    };
    // Kubernetes replaces `$(NAME)` in a container's command and args with the value of its
    // environment variable `NAME` before the program starts (a ConfigMap key, often): the
    // value the flag gets is not written here.
    if matches!(c.place, diagnose_model::runtime::Place::K8s { .. }) && value.contains("$(") {
        return;
    }
    let Some((file, span, literal, inline)) = value_word(c, f) else {
        return;
    };
    let name = f.name.as_str();
    let bool_flag = row.is_some_and(|r| r.kind == FlagKind::Bool);
    // The word after a boolean flag is not its value (kingpin does not consume it).
    if literal && (inline || !bool_flag) {
        if let Some(inner) = unquoted(value) {
            let fix = quote_fix(
                cx,
                file,
                span,
                &c.command[f.index + usize::from(!inline)].value,
                value,
                inner,
            );
            let d = cx.report(
                file,
                span,
                msg!(
                    "PROM008.message-quotes",
                    flag = name,
                    program = program,
                    value = value
                ),
            );
            d.note(msg!("PROM008.note-quotes"));
            d.help(msg!("PROM008.help-quotes", flag = name, value = inner));
            if let Some(edit) = fix {
                d.fix(
                    msg!("PROM008.fix-quotes"),
                    Applicability::Unsafe,
                    vec![edit],
                );
            }
            return;
        }
    }
    let Some(row) = row else { return };
    let base = row.name;
    let bad = match row.kind {
        FlagKind::Bool => {
            if inline {
                cx.report(
                    file,
                    span,
                    msg!(
                        "PROM008.message-bool",
                        flag = base,
                        program = program,
                        value = value
                    ),
                )
                .note(msg!("PROM008.note-bool", program = program, value = value))
                .help(msg!("PROM008.help-bool", flag = base));
            }
            return;
        }
        FlagKind::ModelDuration if !is_model_duration(value) => Some((
            msg!("PROM008.message-model-duration", flag = base, value = value),
            Some(msg!("PROM008.note-model-duration")),
        )),
        FlagKind::Duration if !is_duration(value) => Some((
            msg!("PROM008.message-duration", flag = base, value = value),
            Some(msg!("PROM008.note-duration")),
        )),
        FlagKind::Int if value.parse::<f64>().is_err() && !is_go_int(value, true) => Some((
            msg!("PROM008.message-int", flag = base, value = value),
            None,
        )),
        FlagKind::Int64 | FlagKind::Uint if !is_go_int(value, row.kind == FlagKind::Int64) => {
            Some((
                msg!("PROM008.message-int", flag = base, value = value),
                None,
            ))
        }
        FlagKind::Float if value.parse::<f64>().is_err() && !is_go_int(value, true) => Some((
            msg!("PROM008.message-float", flag = base, value = value),
            None,
        )),
        FlagKind::Bytes if !is_bytes(value) => Some((
            msg!("PROM008.message-bytes", flag = base, value = value),
            Some(msg!("PROM008.note-bytes")),
        )),
        FlagKind::Enum(values) | FlagKind::Enums(values) => {
            // promslog lowercases the level (promlog, before it, did not): accept both.
            let fold = base == "log.level";
            let items: Vec<&str> = if matches!(row.kind, FlagKind::Enums(_)) {
                value.split(',').collect()
            } else {
                vec![value]
            };
            let known = |v: &str| {
                values
                    .iter()
                    .any(|x| *x == v || (fold && x.eq_ignore_ascii_case(v)))
            };
            if let Some(wrong) = items.into_iter().find(|v| !known(v)) {
                let list = code_list(values);
                let d = cx.report(
                    file,
                    span,
                    msg!(
                        "PROM008.message-enum",
                        flag = base,
                        value = wrong,
                        values = list
                    ),
                );
                d.note(msg!("PROM008.note-value", program = program));
                // Also two letters swapped (`debgu`), which is two edits for `closest`.
                let swapped = |v: &&&str| {
                    let sorted = |s: &str| {
                        let mut c: Vec<char> = s.chars().collect();
                        c.sort_unstable();
                        c
                    };
                    v.len() == wrong.len()
                        && sorted(v) == sorted(wrong)
                        && diagnose_syntax::strings::edit_distance(v, wrong) <= 2
                };
                let suggestion =
                    closest(wrong, values).or_else(|| values.iter().find(swapped).copied());
                if let Some(s) = suggestion {
                    d.help(msg!("PROM008.help-value", flag = base, value = s));
                }
            }
            return;
        }
        _ => None,
    };
    if let Some((message, note)) = bad {
        let d = cx.report(file, span, message);
        d.note(msg!("PROM008.note-value", program = program));
        if let Some(n) = note {
            d.note(n);
        }
    }
}

/// An edit that removes the quotes of the value, when the YAML item can be rewritten
/// safely: not in an embedded file, no variable, the item written on one line.
fn quote_fix(
    cx: &Ctx<'_>,
    file: FileId,
    span: Span,
    word: &str,
    value: &str,
    inner: &str,
) -> Option<Edit> {
    let src = cx.ws.file(file);
    if src.origin.is_some() {
        return None;
    }
    let raw = src.text.get(span.start as usize..span.end as usize)?;
    if raw.contains(['$', '\n']) || inner.contains(['"', '\'', '\\']) {
        return None;
    }
    let new_word = format!("{}{inner}", word.strip_suffix(value)?);
    // A YAML double-quoted scalar holds any word without `"` or `\`.
    if new_word.contains(['"', '\\']) {
        return None;
    }
    Some(Edit {
        file,
        span,
        replacement: format!("\"{new_word}\""),
    })
}

/// `model.ParseDuration` (prometheus/common model/time.go), as the config's durations are
/// read ([`parse_duration`]).
fn is_model_duration(s: &str) -> bool {
    parse_duration(s).is_some()
}

/// kingpin's `.Duration()`: Go's `time.ParseDuration`, and since kingpin 2.3
/// `go-str2duration` (which adds `d` and `w`); accepts what either accepts.
fn is_duration(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    if s == "0" {
        return true;
    }
    if s.is_empty() {
        return false;
    }
    numbers_with_units(s, &["ns", "us", "µs", "μs", "ms", "s", "m", "h", "d", "w"])
}

/// `s` is one or more numbers (decimals allowed), each followed by one of `units`.
fn numbers_with_units(s: &str, units: &[&str]) -> bool {
    let mut rest = s;
    while !rest.is_empty() {
        let num = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
                .len();
        if num == 0 || rest[..num].chars().filter(|c| *c == '.').count() > 1 || &rest[..num] == "."
        {
            return false;
        }
        rest = &rest[num..];
        let unit_len = rest.len()
            - rest
                .trim_start_matches(|c: char| !(c.is_ascii_digit() || c == '.'))
                .len();
        if !units.contains(&&rest[..unit_len]) {
            return false;
        }
        rest = &rest[unit_len..];
    }
    true
}

/// `strconv.ParseInt(s, 0, 64)` / `ParseUint`: decimal, `0x`, `0o`, `0b` or a leading `0`
/// (octal), `_` between digits with a prefix.
fn is_go_int(s: &str, signed: bool) -> bool {
    let s = if signed {
        s.strip_prefix(['+', '-']).unwrap_or(s)
    } else {
        s
    };
    let lower = s.to_ascii_lowercase();
    let (digits, radix) = if let Some(h) = lower.strip_prefix("0x") {
        (h.to_string(), 16)
    } else if let Some(b) = lower.strip_prefix("0b") {
        (b.to_string(), 2)
    } else if let Some(o) = lower.strip_prefix("0o") {
        (o.to_string(), 8)
    } else {
        (lower.clone(), 10)
    };
    let digits = if radix == 10 {
        digits
    } else {
        digits.replace('_', "")
    };
    !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix))
}

/// `units.ParseBase2Bytes` (alecthomas/units): `0`, or numbers (decimals allowed) each
/// followed by a unit: `B`, `KB`/`KiB`, `MB`/`MiB`, ... up to `EB`/`EiB`.
fn is_bytes(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    if s == "0" {
        return true;
    }
    if s.is_empty() {
        return false;
    }
    const UNITS: [&str; 13] = [
        "B", "KB", "MB", "GB", "TB", "PB", "EB", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB",
    ];
    numbers_with_units(s, &UNITS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_kinds() {
        for ok in ["0", "15d", "1h30m", "30s", "1y2w", "500ms"] {
            assert!(is_model_duration(ok), "{ok}");
        }
        for bad in ["15", "1.5h", "30m1h", "1h1h", "", "5 m", "1x"] {
            assert!(!is_model_duration(bad), "{bad}");
        }
        for ok in ["0", "120h", "1h30m", "1.5h", "5d", "-2s", "100us"] {
            assert!(is_duration(ok), "{ok}");
        }
        for bad in ["15", "", "1y", "h"] {
            assert!(!is_duration(bad), "{bad}");
        }
        for ok in ["0", "512MB", "1GB", "1.5GiB", "100B"] {
            assert!(is_bytes(ok), "{ok}");
        }
        for bad in ["512", "1kB", "1G", "", "1 GB"] {
            assert!(!is_bytes(bad), "{bad}");
        }
        assert!(is_go_int("0x1F", true) && is_go_int("-3", true) && !is_go_int("-3", false));
        assert!(!is_go_int("ten", true) && !is_go_int("1.5", true));
        assert_eq!(unquoted("'/etc/p.yml'"), Some("/etc/p.yml"));
        assert_eq!(unquoted("\"/p\""), Some("/p"));
        assert_eq!(unquoted("'"), None);
        assert_eq!(unquoted("'a\""), None);
    }
}
