//! `diagnose rules`: the list of rules, as a table that fits the terminal or as JSON.

use crate::{out, render};
use anyhow::Result;
use clap::ValueEnum;
use diagnose_core::Render;
use diagnose_core::{docs, registry, Lang};
use std::io::{IsTerminal, Write};
use termcolor::ColorChoice;

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq)]
pub enum ListFormat {
    Human,
    Json,
}

/// Columns of the terminal: `COLUMNS` when set, else the width of the terminal standard
/// output is, else none (output piped to a program is not cut).
fn terminal_width() -> Option<usize> {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
    {
        return Some(n).filter(|n| *n > 0);
    }
    #[cfg(unix)]
    {
        if std::io::stdout().is_terminal() {
            // SAFETY: TIOCGWINSZ fills a `winsize` the size of the one given.
            let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
            let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut ws) } == 0;
            if ok && ws.ws_col > 0 {
                return Some(usize::from(ws.ws_col));
            }
        }
    }
    None
}

pub fn list_rules(format: ListFormat, lang: Lang) -> Result<()> {
    let mut rules: Vec<&diagnose_core::rules::Rule> = registry::ALL_RULES.to_vec();
    rules.sort_by(|a, b| a.code.cmp(b.code));
    let mut stdout = out::stdout(ColorChoice::Never);
    if format == ListFormat::Json {
        let v: Vec<_> = rules
            .iter()
            .map(|r| {
                serde_json::json!({
                    "code": r.code, "name": r.name, "domain": r.domain,
                    "severity": r.severity.as_str(),
                    "fix": match r.fix { diagnose_core::rules::FixKind::None => "none", diagnose_core::rules::FixKind::Safe => "safe", diagnose_core::rules::FixKind::Unsafe => "unsafe" },
                    "summary": docs::summary(r, lang),
                })
            })
            .collect();
        writeln!(stdout, "{}", serde_json::to_string_pretty(&v)?)?;
        return Ok(stdout.flush()?);
    }
    let header = |id: &'static str| diagnose_core::msg!(id).render(lang);
    let head = [
        header("rules.header.code"),
        header("rules.header.name"),
        header("rules.header.severity"),
        header("rules.header.summary"),
    ];
    let widest = |f: &dyn Fn(&diagnose_core::rules::Rule) -> usize, h: &str| {
        rules
            .iter()
            .map(|r| f(r))
            .chain([h.chars().count()])
            .max()
            .unwrap_or(0)
    };
    let w0 = widest(&|r| r.code.len(), &head[0]);
    let w1 = widest(&|r| r.name.len(), &head[1]);
    let w2 = widest(&|r| r.severity.as_str().len(), &head[2]);
    let indent = " ".repeat(w0 + w1 + w2 + 3);
    // The summary column wraps at the terminal's width; on a narrow terminal, it goes
    // under the other columns.
    let width = terminal_width().unwrap_or(usize::MAX);
    let narrow = width < indent.len() + 24;
    let line = |c: &str, n: &str, s: &str, summary: &str| {
        let first = format!("{c:<w0$} {n:<w1$} {s:<w2$} ");
        if narrow {
            let rest = render::explain::wrap_at(summary, "    ", "    ", width);
            format!("{}\n{rest}", first.trim_end())
        } else {
            render::explain::wrap_at(summary, &first, &indent, width)
        }
    };
    writeln!(stdout, "{}", line(&head[0], &head[1], &head[2], &head[3]))?;
    for r in rules {
        let summary = docs::summary(r, lang);
        writeln!(
            stdout,
            "{}",
            line(r.code, r.name, r.severity.as_str(), &summary)
        )?;
    }
    Ok(stdout.flush()?)
}
