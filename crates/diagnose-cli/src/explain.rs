//! `diagnose explain`: a rule's page, or an error message explained by the core's
//! knowledge base, with the lines of the given files that cause it (the files are checked
//! by the same orchestration as `check`).

use crate::stack::{self, Selection};
use crate::units::{self, Source, Unit};
use crate::{out, render};
use anyhow::{Context, Result};
use clap::ValueEnum;
use diagnose_core::Render;
use diagnose_core::{docs, registry, Lang};
use std::io::{Read, Write};
use std::path::PathBuf;
use termcolor::ColorChoice;

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq)]
pub enum ExplainFormat {
    Human,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// The error text as printed by Grafana, Prometheus, promtool, docker or kubectl (`-`
    /// reads it from standard input), or a rule code (NET001) or name.
    #[arg(allow_hyphen_values = true)]
    pub what: String,
    /// Config files or folders: the explainer points at the lines that cause the error.
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = ExplainFormat::Human)]
    pub format: ExplainFormat,
    /// Configuration file (default: diagnose.toml at the root of the checked folder).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Do not read diagnose.toml.
    #[arg(long)]
    pub no_config: bool,
}

pub fn run(a: ExplainArgs, lang: Lang) -> Result<u8> {
    let what = a.what.trim();
    if a.paths.is_empty() {
        if let Some(rule) = registry::find(what) {
            let page = docs::page(rule, lang)
                .or_else(|| docs::page(rule, Lang::En))
                .unwrap_or("");
            let mut stdout = out::stdout(crate::color_choice());
            render::page::render(&mut stdout, page, lang)?;
            stdout.flush()?;
            return Ok(0);
        }
    }
    let text = if what == "-" {
        if a.paths.iter().any(|p| p.as_os_str() == "-") {
            anyhow::bail!("standard input can hold the error text or a file, not both");
        }
        let mut t = String::new();
        std::io::stdin()
            .read_to_string(&mut t)
            .context("cannot read standard input")?;
        t
    } else {
        a.what.clone()
    };
    let report = if a.paths.is_empty() {
        None
    } else {
        let src = Source {
            paths: a.paths.clone(),
            config: a.config.clone(),
            no_config: a.no_config,
            ..Source::default()
        };
        // Every path in one stack: the error comes from one running system.
        let units = units::collect(&src)?;
        let root = units.first().and_then(|u| u.root.clone());
        let mut one = Unit::new(Vec::new(), Vec::new(), root);
        for mut u in units {
            u.load();
            one.inputs.extend(u.inputs);
            one.skipped.extend(u.skipped);
            one.disk.extend(u.disk);
        }
        let sel = Selection::default();
        Some(stack::check(one, &src, &sel, true, None, lang)?.report)
    };
    let matches = diagnose_core::explain::explain(&text, report.as_ref());
    match a.format {
        ExplainFormat::Json => {
            let v = diagnose_core::explain::json(&matches, report.as_ref(), lang);
            let mut stdout = out::stdout(ColorChoice::Never);
            writeln!(stdout, "{}", serde_json::to_string_pretty(&v)?)?;
            stdout.flush()?;
        }
        ExplainFormat::Human => {
            let mut stdout = out::stdout(crate::color_choice());
            if matches.is_empty() {
                let one_word =
                    !what.is_empty() && what.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
                if one_word && a.paths.is_empty() {
                    crate::note!(
                        "diagnose: {}",
                        diagnose_core::msg!("cli.no-rule-named", name = what).render(lang)
                    );
                } else {
                    writeln!(
                        stdout,
                        "{}",
                        diagnose_core::msg!("explain.none").render(lang)
                    )?;
                    writeln!(
                        stdout,
                        "{}",
                        diagnose_core::msg!("explain.none.help").render(lang)
                    )?;
                }
            } else {
                render::explain::render(&mut stdout, &matches, report.as_ref(), lang)?;
            }
            stdout.flush()?;
        }
    }
    Ok(u8::from(matches.is_empty()))
}
