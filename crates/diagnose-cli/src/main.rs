//! `diagnose`: finds what is wrong in a Prometheus + Grafana stack before it runs.

mod config;
mod render;
mod walk;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use diagnose_core::{docs, present, registry, Input, Lang, Options, Severity};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use termcolor::{ColorChoice, StandardStream};

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
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check config files and folders (the default command).
    Check(CheckArgs),
    /// List the rules.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Explain an error message (and find its cause in config files), or print a rule's
    /// page (by code or name).
    Explain(ExplainArgs),
}

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq)]
enum ExplainFormat {
    Human,
    Json,
}

#[derive(clap::Args, Debug)]
struct ExplainArgs {
    /// The error text as printed by Grafana, Prometheus, promtool, docker or kubectl (`-`
    /// reads it from standard input), or a rule code (NET001) or name.
    #[arg(allow_hyphen_values = true)]
    what: String,
    /// Config files or folders: the explainer points at the lines that cause the error.
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = ExplainFormat::Human)]
    format: ExplainFormat,
    /// Configuration file (default: diagnose.toml at the root of the checked folder).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Do not read diagnose.toml.
    #[arg(long)]
    no_config: bool,
}

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq)]
enum Format {
    Human,
    Short,
    Json,
    Github,
}

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq)]
enum ListFormat {
    Human,
    Json,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// Files or folders to check; `-` reads standard input. Default: the current folder.
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Rules to run (codes, prefixes, names or domains), comma-separated.
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Rules not to run, comma-separated.
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Name to give standard input (it decides how the text is read).
    #[arg(long)]
    stdin_filename: Option<String>,
    /// Configuration file (default: diagnose.toml at the root of the checked folder).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Do not read diagnose.toml.
    #[arg(long)]
    no_config: bool,
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
    let at = if args.get(1).is_some_and(|a| a == "--lang") {
        3
    } else {
        1
    };
    let subcommands = [
        "check",
        "rules",
        "explain",
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
    let result = match cli.command {
        Command::Check(a) => run_check(a, lang),
        Command::Rules { format } => list_rules(format, lang).map(|_| 0),
        Command::Explain(a) => explain(a, lang),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("diagnose: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn list_rules(format: ListFormat, lang: Lang) -> Result<()> {
    let rules = registry::ALL_RULES;
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
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    for r in rules {
        println!(
            "{:<8} {:<44} {:<8} {}",
            r.code,
            r.name,
            r.severity.as_str(),
            docs::summary(r, lang)
        );
    }
    Ok(())
}

fn explain(a: ExplainArgs, lang: Lang) -> Result<u8> {
    let what = a.what.trim();
    if a.paths.is_empty() {
        if let Some(rule) = registry::find(what) {
            let page = docs::page(rule, lang)
                .or_else(|| docs::page(rule, Lang::En))
                .unwrap_or("");
            print!("{page}");
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
        let check = CheckArgs {
            paths: a.paths.clone(),
            format: Format::Human,
            fail_on: FailOn::Error,
            select: Vec::new(),
            ignore: Vec::new(),
            stdin_filename: None,
            config: a.config.clone(),
            no_config: a.no_config,
        };
        let units = collect(&check)?;
        let mut options = Options::default();
        if let Some(cfg) = load_config(&check, units.first().and_then(|u| u.root.as_deref()))? {
            cfg.apply(&mut options)?;
        }
        let mut inputs = Vec::new();
        for u in units {
            for s in &u.skipped {
                eprintln!("note: skipped {}: {}", s.file, s.reason);
            }
            inputs.extend(u.inputs);
        }
        Some(diagnose_core::check(inputs, &options))
    };
    let matches = diagnose_core::explain::explain(&text, report.as_ref());
    match a.format {
        ExplainFormat::Json => {
            let v = diagnose_core::explain::json(&matches, report.as_ref(), lang);
            println!("{}", serde_json::to_string_pretty(&v)?);
        }
        ExplainFormat::Human => {
            let color = if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
                || !std::io::stdout().is_terminal()
            {
                ColorChoice::Never
            } else {
                ColorChoice::Auto
            };
            let mut stdout = StandardStream::stdout(color);
            if matches.is_empty() {
                let one_word =
                    !what.is_empty() && what.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
                if one_word && a.paths.is_empty() {
                    eprintln!("diagnose: no rule named `{what}` (see `diagnose rules`)");
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

struct Unit {
    inputs: Vec<Input>,
    skipped: Vec<walk::Skipped>,
    root: Option<PathBuf>,
}

fn collect(a: &CheckArgs) -> Result<Vec<Unit>> {
    let paths = if a.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        a.paths.clone()
    };
    let multi = paths.len() > 1;
    let mut units = Vec::new();
    for p in &paths {
        if p.as_os_str() == "-" {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("cannot read standard input")?;
            let name = a
                .stdin_filename
                .clone()
                .unwrap_or_else(|| "stdin.yml".to_string());
            units.push(Unit {
                inputs: vec![Input::new(name, text)],
                skipped: Vec::new(),
                root: None,
            });
            continue;
        }
        let meta = std::fs::metadata(p).with_context(|| format!("cannot read {}", p.display()))?;
        let prefix = if multi {
            p.to_string_lossy().trim_end_matches('/').to_string()
        } else {
            String::new()
        };
        if meta.is_dir() {
            let exclude = load_config(a, Some(p))?
                .map(|c| c.exclude)
                .unwrap_or_default();
            let (inputs, skipped) = walk::walk(p, &prefix, &exclude);
            units.push(Unit {
                inputs,
                skipped,
                root: Some(p.clone()),
            });
        } else {
            let display = p.to_string_lossy().replace('\\', "/");
            let display = display.strip_prefix("./").unwrap_or(&display).to_string();
            match walk::read(p, display) {
                Ok(i) => units.push(Unit {
                    inputs: vec![i],
                    skipped: Vec::new(),
                    root: p.parent().map(Path::to_path_buf),
                }),
                Err(s) => units.push(Unit {
                    inputs: Vec::new(),
                    skipped: vec![s],
                    root: None,
                }),
            }
        }
    }
    Ok(units)
}

fn load_config(a: &CheckArgs, root: Option<&Path>) -> Result<Option<config::FileConfig>> {
    if a.no_config {
        return Ok(None);
    }
    let path = match (&a.config, root) {
        (Some(c), _) => c.clone(),
        (None, Some(r)) => r.join("diagnose.toml"),
        (None, None) => return Ok(None),
    };
    if !path.exists() {
        if a.config.is_some() {
            anyhow::bail!("cannot read {}", path.display());
        }
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Some(config::parse(&text, &path.display().to_string())?))
}

fn run_check(a: CheckArgs, lang: Lang) -> Result<u8> {
    let units = collect(&a)?;
    let threshold = match a.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    let mut failed = false;
    let mut json_reports = Vec::new();
    let color = if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
        || !std::io::stdout().is_terminal()
    {
        ColorChoice::Never
    } else {
        ColorChoice::Auto
    };
    let mut stdout = StandardStream::stdout(color);
    let mut total = (0usize, 0usize, 0usize, 0usize);
    for unit in units {
        let mut options = Options {
            select: a.select.clone(),
            ignore: a.ignore.clone(),
            ..Options::default()
        };
        if let Some(cfg) = load_config(&a, unit.root.as_deref())? {
            cfg.apply(&mut options)?;
        }
        for s in options.unknown_selectors() {
            eprintln!("diagnose: warning: `{s}` names no rule (see `diagnose rules`)");
        }
        let report = diagnose_core::check(unit.inputs, &options);
        failed |= report.diagnostics.iter().any(|d| d.severity >= threshold);
        for s in &unit.skipped {
            eprintln!("note: skipped {}: {}", s.file, s.reason);
        }
        match a.format {
            Format::Human => {
                for d in &report.diagnostics {
                    render::human::render(&mut stdout, &report, d, lang)?;
                }
                total.0 += report.file_count();
                total.1 += report.count(Severity::Error);
                total.2 += report.count(Severity::Warning);
                total.3 += report.count(Severity::Info);
            }
            Format::Short => {
                for d in &report.diagnostics {
                    writeln!(stdout, "{}", present::short_line(&report, d, lang))?;
                }
            }
            Format::Github => write!(stdout, "{}", render::github::render(&report, lang))?,
            Format::Json => {
                json_reports.push((present::json_report(&report, lang), unit.skipped.clone()))
            }
        }
    }
    if a.format == Format::Human {
        let summary = if total.1 + total.2 + total.3 == 0 {
            diagnose_core::msg!("summary.none", files = total.0).render(lang)
        } else {
            diagnose_core::msg!(
                "summary.counts",
                errors = total.1,
                warnings = total.2,
                infos = total.3,
                files = total.0
            )
            .render(lang)
        };
        writeln!(stdout, "{summary}")?;
    }
    if a.format == Format::Json {
        let mut merged = present::JsonReport {
            version: present::JSON_VERSION,
            diagnostics: Vec::new(),
            summary: present::JsonSummary {
                files: 0,
                errors: 0,
                warnings: 0,
                infos: 0,
            },
        };
        let mut skipped = Vec::new();
        for (r, s) in json_reports {
            merged.diagnostics.extend(r.diagnostics);
            merged.summary.files += r.summary.files;
            merged.summary.errors += r.summary.errors;
            merged.summary.warnings += r.summary.warnings;
            merged.summary.infos += r.summary.infos;
            skipped.extend(
                s.into_iter()
                    .map(|s| serde_json::json!({"file": s.file, "reason": s.reason})),
            );
        }
        let mut v = serde_json::to_value(&merged)?;
        v["skipped"] = serde_json::Value::Array(skipped);
        writeln!(stdout, "{}", serde_json::to_string_pretty(&v)?)?;
    }
    stdout.flush()?;
    Ok(u8::from(failed))
}
