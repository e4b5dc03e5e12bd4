//! `diagnose`: finds what is wrong in a Prometheus + Grafana stack before it runs.
//!
//! One module per command (`check`, `explain`, `rules`); `stack` is the orchestration they
//! share, `units` what they read. What the output says (skip reasons, plurals, severity
//! words, the JSON document, ranges) comes from the core's `present`; the modules only
//! lay it out.

mod check;
mod config;
mod explain;
mod fixes;
mod graph;
mod mem;
mod out;
mod parallel;
mod pool;
mod probe;
mod render;
mod rules;
mod selectors;
mod stack;
mod timing;
mod units;
mod walk;

use check::CheckArgs;
use clap::{Parser, Subcommand};
use diagnose_core::Lang;
// what `msg!` checks literal ids against while this crate compiles
#[allow(unused_imports)]
use diagnose_core::TEXT_TABLES;
use explain::ExplainArgs;
use rules::ListFormat;
use std::io::IsTerminal;
use std::process::ExitCode;
use termcolor::ColorChoice;
pub(crate) use units::{disk_display, Unit};

#[derive(Parser, Debug)]
#[command(
    name = "diagnose",
    version,
    about = "Finds what is wrong in a Prometheus + Grafana stack before it runs, and explains the errors it gives when it does."
)]
struct Cli {
    /// Language of messages: en or fr (default: from LC_ALL, LC_MESSAGES or LANG).
    #[arg(long, global = true, value_parser = ["en", "fr"])]
    lang: Option<String>,
    /// Base URL of the rule pages in links (default: the repository's `rules/` folder at
    /// this version, when known).
    #[arg(long, global = true, env = "DIAGNOSE_DOCS_URL")]
    docs_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check config files and folders (the default command).
    #[command(after_help = check::CHECK_EXIT_CODES)]
    Check(CheckArgs),
    /// List the rules.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Explain an error message (and find its cause in config files), or print a rule's
    /// page (by code or name).
    Explain(ExplainArgs),
    /// Ask running Prometheus and Alertmanager servers what is wrong, and point it at files.
    Probe(probe::ProbeArgs),
    /// Draw the map of a stack (Mermaid, DOT or JSON): who talks to whom, and which arrow
    /// is broken.
    #[command(after_help = graph::GRAPH_EXIT_CODES)]
    Graph(graph::GraphArgs),
}

/// Colour on a terminal, never when `NO_COLOR` is set (no-color.org) or output is piped.
pub(crate) fn color_choice() -> ColorChoice {
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
        || !std::io::stdout().is_terminal()
    {
        ColorChoice::Never
    } else {
        ColorChoice::Auto
    }
}

fn detect_lang(flag: Option<&str>) -> Lang {
    if let Some(l) = flag.and_then(Lang::parse) {
        return l;
    }
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(v) = std::env::var(var) {
            if !v.is_empty() {
                return if v.to_ascii_lowercase().starts_with("fr") {
                    Lang::Fr
                } else {
                    Lang::En
                };
            }
        }
    }
    Lang::En
}

fn main() -> ExitCode {
    // `diagnose PATH` is `diagnose check PATH`.
    let mut args: Vec<String> = std::env::args().collect();
    // Global options before the subcommand: `--lang fr`, `--docs-url URL` (or `=`).
    let mut at = 1;
    while let Some(a) = args.get(at) {
        if a == "--lang" || a == "--docs-url" {
            at += 2;
        } else if a.starts_with("--lang=") || a.starts_with("--docs-url=") {
            at += 1;
        } else {
            break;
        }
    }
    let subcommands = [
        "check",
        "rules",
        "explain",
        "probe",
        "graph",
        "help",
        "-h",
        "--help",
        "-V",
        "--version",
    ];
    if !args
        .get(at)
        .is_some_and(|a| subcommands.contains(&a.as_str()))
    {
        args.insert(at.min(args.len()), "check".to_string());
    }
    let cli = match Cli::try_parse_from(&args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let lang = detect_lang(cli.lang.as_deref());
    let _ = walk::LANG.set(lang);
    render::set_docs_base(cli.docs_url.clone());
    let result = match cli.command {
        Command::Check(a) => check::run(a, lang),
        Command::Rules { format } => rules::list_rules(format, lang).map(|_| 0),
        Command::Explain(a) => explain::run(a, lang),
        Command::Probe(a) => probe::run(a, lang),
        Command::Graph(a) => graph::run(a, lang),
    };
    let code = match result {
        Ok(code) => code,
        // `diagnose … | head`: the reader left; that is not an error of ours.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            0
        }
        Err(e) => {
            note!("diagnose: {e:#}");
            2
        }
    };
    mem::exit(code)
}
