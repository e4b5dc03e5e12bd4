//! `diagnose graph [PATH]... --format mermaid|dot|json`: the map of a stack — who talks to
//! whom (datasources, scrape and Alertmanager targets, remote writes, config mounts), with
//! the codes of the diagnostics that break each arrow (`diagnose_core::graph`).

use crate::out;
use crate::stack::{self, Selection};
use crate::units::{self, Source, Unit};
use anyhow::Result;
use clap::ValueEnum;
use diagnose_core::{Lang, Render};
use std::io::Write;
use std::path::PathBuf;
use termcolor::ColorChoice;

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq)]
pub enum GraphFormat {
    /// A Mermaid flowchart (renders on GitHub and in most Markdown viewers).
    Mermaid,
    /// Graphviz DOT (`diagnose graph --format dot | dot -Tsvg > map.svg`).
    Dot,
    /// One JSON document (see the README's "Map of the stack").
    Json,
}

pub const GRAPH_EXIT_CODES: &str = "Broken arrows are dashed and red, and their label starts with \
✗ and the codes of the diagnostics that break them (`\"ok\": false` in JSON). Exit codes: 0 the \
map was drawn (broken arrows or not); 2 usage or I/O error, or nothing to draw (no file that \
diagnose reads).";

#[derive(clap::Args, Debug)]
pub struct GraphArgs {
    /// Files or folders of one stack. Default: the current folder.
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,
    /// Configuration file (default: diagnose.toml at the root of the folder).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Do not read diagnose.toml.
    #[arg(long)]
    pub no_config: bool,
    /// Also read Markdown documents (the code blocks of tutorials) in folders, as `check
    /// --markdown` does. Markdown files named on the command line are always read.
    #[arg(long)]
    pub markdown: bool,
}

pub fn run(a: GraphArgs, lang: Lang) -> Result<u8> {
    let src = Source {
        paths: a.paths.clone(),
        config: a.config.clone(),
        no_config: a.no_config,
        markdown: a.markdown,
        ..Source::default()
    };
    // Every path in one stack, as `explain` reads them: one map of one system.
    let units = units::collect(&src)?;
    let root = units.first().and_then(|u| u.root.clone());
    let mut one = Unit::new(Vec::new(), Vec::new(), root);
    for mut u in units {
        u.load();
        one.inputs.extend(u.inputs);
        one.skipped.extend(u.skipped);
        one.disk.extend(u.disk);
    }
    let report = stack::check(one, &src, &Selection::default(), true, None, lang)?.report;
    if report.file_count() == 0 {
        let (paths, what) = crate::check::unread(&a.paths, a.markdown, 0, lang);
        crate::note!(
            "diagnose: {}",
            diagnose_core::msg!("cli.graph.nothing", paths = paths, what = what).render(lang)
        );
        return Ok(2);
    }
    let map = diagnose_core::graph::map(&report);
    let text = match a.format {
        GraphFormat::Mermaid => map.mermaid(),
        GraphFormat::Dot => map.dot(),
        GraphFormat::Json => serde_json::to_string_pretty(&map)? + "\n",
    };
    let mut stdout = out::stdout(ColorChoice::Never);
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(0)
}
