//! A command-line flag that the container's Prometheus or Alertmanager release does not
//! know: a typo, a 1.x single-dash flag, a flag removed or not yet added. Reads the
//! runtime view (the effective command line) and the flag tables generated from the
//! programs' `main.go` (tests/tools/runtime_defaults.py).

use crate::diagnostic::Severity;
use crate::net::common::closest;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::runtime::{version_numbers, ReleaseFlag, ALERTMANAGER_FLAGS, PROMETHEUS_FLAGS};
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "PROM008",
    name: "invalid-command-flag",
    domain: "prometheus",
    severity: Severity::Error,
    fix: FixKind::None,
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
