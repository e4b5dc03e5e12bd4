//! `diagnose`: finds what is wrong in a Prometheus + Grafana stack before it runs.

mod config;
mod fixes;
mod graph;
mod mem;
mod out;
mod parallel;
mod render;
mod walk;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use diagnose_core::Render;
use diagnose_core::{docs, present, registry, Input, Lang, Options, Severity};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use termcolor::ColorChoice;

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

const CHECK_EXIT_CODES: &str =
    "Exit codes: 0 nothing at or above --fail-on; 1 findings; 2 usage or I/O \
error (an unknown rule in --select, --ignore or diagnose.toml is one), or nothing to check (no \
file that diagnose reads). When the reader of the output leaves (`diagnose check | head -1`), \
the output stops quietly and the exit code still reports the findings.";

#[derive(Subcommand, Debug)]
enum Command {
    /// Check config files and folders (the default command).
    #[command(after_help = CHECK_EXIT_CODES)]
    Check(CheckArgs),
    /// List the rules.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Explain an error message (and find its cause in config files), or print a rule's
    /// page (by code or name).
    Explain(ExplainArgs),
    /// Draw the map of a stack (Mermaid, DOT or JSON): who talks to whom, and which arrow
    /// is broken.
    #[command(after_help = graph::GRAPH_EXIT_CODES)]
    Graph(graph::GraphArgs),
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
    /// Like rustc's, with the lines of the files (the default).
    Human,
    /// One line per diagnostic: `file:line:column: severity[CODE] message`.
    Short,
    /// One JSON document (see the README's "JSON output").
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::message`).
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other CI dashboards.
    Sarif,
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
    /// Rules to run (codes, prefixes, names or domains), comma-separated. A selector that
    /// names no rule is a usage error (exit code 2).
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
    /// Apply the safe fixes and write the files; then report what is left.
    #[arg(long)]
    fix: bool,
    /// Print the fixes as a unified diff; write nothing. Exit code 1 when there is a fix.
    #[arg(long)]
    diff: bool,
    /// With --fix or --diff, also apply fixes that may change behaviour.
    #[arg(long)]
    unsafe_fixes: bool,
    /// Also read Markdown documents (the code blocks of tutorials) in folders. Markdown
    /// files named on the command line are always read; each document is its own stack.
    #[arg(long)]
    markdown: bool,
    /// The paths are changed files (pre-commit): check the whole stack each one belongs to
    /// (the nearest folder with a diagnose.toml, else the current folder) and report the
    /// diagnostics in the changed files and those whose related locations are in them.
    #[arg(long)]
    changed: bool,
}

/// Colour on a terminal, never when `NO_COLOR` is set (no-color.org) or output is piped.
fn color_choice() -> ColorChoice {
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
    mem::configure();
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
        Command::Check(a) => run_check(a, lang),
        Command::Rules { format } => list_rules(format, lang).map(|_| 0),
        Command::Explain(a) => explain(a, lang),
        Command::Graph(a) => graph::run(a, lang),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        // `diagnose … | head`: the reader left; that is not an error of ours.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            note!("diagnose: {e:#}");
            ExitCode::from(2)
        }
    }
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

fn list_rules(format: ListFormat, lang: Lang) -> Result<()> {
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

fn explain(a: ExplainArgs, lang: Lang) -> Result<u8> {
    let what = a.what.trim();
    if a.paths.is_empty() {
        if let Some(rule) = registry::find(what) {
            let page = docs::page(rule, lang)
                .or_else(|| docs::page(rule, Lang::En))
                .unwrap_or("");
            let mut stdout = out::stdout(color_choice());
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
        Some(analyse_paths(
            &a.paths,
            a.config.clone(),
            a.no_config,
            lang,
        )?)
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
            let mut stdout = out::stdout(color_choice());
            if matches.is_empty() {
                let one_word =
                    !what.is_empty() && what.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
                if one_word && a.paths.is_empty() {
                    note!(
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

/// Reads files and folders as one stack, with their diagnose.toml, and analyses it (the
/// stack `diagnose explain TEXT PATH…` and `diagnose graph` look at).
fn analyse_paths(
    paths: &[PathBuf],
    config: Option<PathBuf>,
    no_config: bool,
    lang: Lang,
) -> Result<diagnose_core::Report> {
    let check = CheckArgs {
        paths: paths.to_vec(),
        format: Format::Human,
        fail_on: FailOn::Error,
        select: Vec::new(),
        ignore: Vec::new(),
        stdin_filename: None,
        config,
        no_config,
        fix: false,
        diff: false,
        unsafe_fixes: false,
        markdown: false,
        changed: false,
    };
    let units = collect(&check)?;
    let mut options = Options::default();
    let root = units.first().and_then(|u| u.root.as_deref());
    if let Some(cfg) = load_config(&check, root)? {
        cfg.known_selectors(&config_name(&check, root), lang)?;
        cfg.apply(&mut options)?;
    }
    let mut inputs = Vec::new();
    for mut u in units {
        u.load();
        for s in &u.skipped {
            note!(
                "{}",
                diagnose_core::msg!("cli.skipped", file = s.file, reason = s.reason).render(lang)
            );
        }
        inputs.extend(u.inputs);
    }
    Ok(diagnose_core::check(inputs, &options))
}

/// One stack to check. The files of a walked folder are read only when the unit is
/// checked (`Unit::load`), so that one unit's files are in memory at a time.
struct Unit {
    inputs: Vec<Input>,
    /// Files still to read (appended to `inputs` by `load`).
    files: Vec<walk::FileToRead>,
    skipped: Vec<walk::Skipped>,
    root: Option<PathBuf>,
    /// Display path → path on disk as given (relative to the current folder, unless the
    /// user gave an absolute path): where fixes are written, and the path SARIF and
    /// GitHub annotations show.
    disk: HashMap<String, PathBuf>,
    /// With --changed: the display paths of the changed files.
    changed: Option<HashSet<String>>,
}

impl Unit {
    fn new(inputs: Vec<Input>, skipped: Vec<walk::Skipped>, root: Option<PathBuf>) -> Unit {
        Unit {
            inputs,
            files: Vec::new(),
            skipped,
            root,
            disk: HashMap::new(),
            changed: None,
        }
    }

    /// Reads the files still to read (in parallel), in order; unreadable ones are skipped
    /// with a note.
    fn load(&mut self) {
        let files = std::mem::take(&mut self.files);
        let (inputs, skipped) = parallel::read_all(&files);
        self.inputs.extend(inputs);
        self.skipped.extend(skipped);
    }

    /// Display path → path relative to the current folder, for machine outputs.
    fn paths(&self) -> HashMap<String, String> {
        self.inputs
            .iter()
            .map(|i| {
                let p = self
                    .disk
                    .get(&i.path)
                    .map(|d| disk_display(d))
                    .unwrap_or_else(|| i.path.clone());
                (i.path.clone(), p)
            })
            .collect()
    }
}

fn disk_display(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(r) = s.strip_prefix("./") {
        s = r;
    }
    s.to_string()
}

/// Moves each Markdown document of a walked unit into a unit of its own: the blocks of
/// one document form one stack, apart from the folder's files and other documents.
fn split_markdown(unit: Unit, out: &mut Vec<Unit>) {
    let (docs, files): (Vec<Input>, Vec<Input>) = unit
        .inputs
        .into_iter()
        .partition(|i| diagnose_core::markdown::is_markdown_name(&i.path));
    let (doc_files, to_read): (Vec<walk::FileToRead>, Vec<walk::FileToRead>) = unit
        .files
        .into_iter()
        .partition(|f| diagnose_core::markdown::is_markdown_name(&f.display));
    for d in docs {
        let mut u = Unit::new(Vec::new(), Vec::new(), unit.root.clone());
        if let Some(p) = unit.disk.get(&d.path) {
            u.disk.insert(d.path.clone(), p.clone());
        }
        u.inputs.push(d);
        out.push(u);
    }
    for f in doc_files {
        let mut u = Unit::new(Vec::new(), Vec::new(), unit.root.clone());
        if let Some(p) = unit.disk.get(&f.display) {
            u.disk.insert(f.display.clone(), p.clone());
        }
        u.files.push(f);
        out.push(u);
    }
    out.push(Unit {
        inputs: files,
        files: to_read,
        ..unit
    });
}

/// Paths on disk of walked inputs: the folder joined with the path under it.
fn disk_paths(inputs: &[Input], dir: &Path, prefix: &str) -> HashMap<String, PathBuf> {
    inputs
        .iter()
        .map(|i| {
            let rel = if prefix.is_empty() {
                i.path.as_str()
            } else {
                i.path
                    .strip_prefix(prefix.trim_end_matches('/'))
                    .map(|r| r.trim_start_matches('/'))
                    .unwrap_or(&i.path)
            };
            (i.path.clone(), dir.join(rel))
        })
        .collect()
}

/// The folder whose stack a changed file belongs to: the nearest folder above it with a
/// `diagnose.toml`, else the current folder.
fn stack_root(file: &Path) -> PathBuf {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d.as_os_str().is_empty() {
            break;
        }
        if d.join("diagnose.toml").is_file() {
            return d.to_path_buf();
        }
        dir = d.parent();
    }
    PathBuf::from(".")
}

fn collect_changed(a: &CheckArgs) -> Result<Vec<Unit>> {
    let mut roots: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    let mut units = Vec::new();
    for p in &a.paths {
        if p.as_os_str() == "-" {
            anyhow::bail!("--changed takes files, not standard input");
        }
        if !p.is_file() {
            continue; // deleted or renamed away
        }
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if diagnose_core::markdown::is_markdown_name(&name) {
            let display = disk_display(p);
            match walk::read(p, display.clone()) {
                Ok(i) => {
                    let mut u = Unit::new(vec![i], Vec::new(), p.parent().map(Path::to_path_buf));
                    u.disk.insert(display, p.clone());
                    units.push(u);
                }
                Err(s) => units.push(Unit::new(Vec::new(), vec![s], None)),
            }
            continue;
        }
        roots.entry(stack_root(p)).or_default().push(p.clone());
    }
    for (root, files) in roots {
        let prefix = if root == Path::new(".") {
            String::new()
        } else {
            disk_display(&root)
        };
        let exclude = load_config(a, Some(&root))?
            .map(|c| c.exclude)
            .unwrap_or_default();
        let (inputs, skipped) = walk::walk(&root, &prefix, &exclude, false);
        let changed: HashSet<String> = files.iter().map(|f| disk_display(f)).collect();
        let skipped = skipped
            .into_iter()
            .filter(|s| changed.contains(&s.file))
            .collect();
        let mut u = Unit::new(Vec::new(), skipped, Some(root.clone()));
        u.disk = disk_paths(&inputs, &root, &prefix);
        u.inputs = inputs;
        u.changed = Some(changed);
        units.push(u);
    }
    Ok(units)
}

/// Whether a diagnostic concerns one of the changed files: its primary location, or a
/// related one (a cross-file problem that the change may have caused).
fn involves(
    report: &diagnose_core::Report,
    d: &diagnose_core::Diagnostic,
    changed: &HashSet<String>,
) -> bool {
    std::iter::once(&d.primary)
        .chain(&d.related)
        .any(|l| changed.contains(&report.file(l.file).path))
}

fn collect(a: &CheckArgs) -> Result<Vec<Unit>> {
    if a.changed {
        return collect_changed(a);
    }
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
            units.push(Unit::new(vec![Input::new(name, text)], Vec::new(), None));
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
            let (files, skipped) = walk::walk_paths(p, &prefix, &exclude, a.markdown);
            let mut u = Unit::new(Vec::new(), skipped, Some(p.clone()));
            u.disk = files
                .iter()
                .map(|f| (f.display.clone(), f.path.clone()))
                .collect();
            u.files = files;
            split_markdown(u, &mut units);
        } else {
            let display = p.to_string_lossy().replace('\\', "/");
            let display = display.strip_prefix("./").unwrap_or(&display).to_string();
            match walk::read(p, display.clone()) {
                Ok(i) => {
                    let mut u = Unit::new(vec![i], Vec::new(), p.parent().map(Path::to_path_buf));
                    u.disk.insert(display, p.clone());
                    units.push(u);
                }
                Err(s) => units.push(Unit::new(Vec::new(), vec![s], None)),
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
    if !path.exists() && a.config.is_none() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path).map_err(|e| {
        let lang = walk::LANG.get().copied().unwrap_or_default();
        anyhow::anyhow!(
            "{}",
            diagnose_core::msg!("cli.config-missing", path = path.display(), reason = e)
                .render(lang)
        )
    })?;
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
    let mut stdout = out::stdout(color_choice());
    let mut total = (0usize, 0usize, 0usize, 0usize);
    let mut sarif_units: Vec<(diagnose_core::Report, HashMap<String, String>)> = Vec::new();
    let mut notifications: Vec<(String, String)> = Vec::new();
    let mut fix_totals = fixes::Totals::default();
    let unit_count = units.len();
    let count = |n: usize, one: &'static str, many: &'static str| {
        let id = if lang.singular(n) { one } else { many };
        diagnose_core::msg!(id, n = n).render(lang)
    };
    let mut files_read = 0usize;
    let mut skipped_count = 0usize;
    for (unit_index, mut unit) in units.into_iter().enumerate() {
        unit.load();
        let mut options = Options {
            select: a.select.clone(),
            ignore: a.ignore.clone(),
            ..Options::default()
        };
        if unit_index == 0 {
            known_selectors(&a.select, "`--select`", lang)?;
            known_selectors(&a.ignore, "`--ignore`", lang)?;
        }
        if let Some(cfg) = load_config(&a, unit.root.as_deref())? {
            cfg.known_selectors(&config_name(&a, unit.root.as_deref()), lang)?;
            cfg.apply(&mut options)?;
        }
        let paths = unit.paths();
        let mut report = if a.fix || a.diff {
            let fo = diagnose_core::fix::FixOptions {
                unsafe_fixes: a.unsafe_fixes,
                only: unit.changed.clone(),
            };
            let out = diagnose_core::fix::fix(unit.inputs.clone(), &options, &fo);
            fixes::handle(&unit, &out, a.diff, lang, &mut stdout, &mut fix_totals)?;
            out.report
        } else {
            // Parsed on all cores (the core itself has no threads).
            let ws = parallel::parse_inputs(std::mem::take(&mut unit.inputs));
            diagnose_core::check_workspace(ws, &options)
        };
        if let Some(changed) = &unit.changed {
            let keep: Vec<bool> = report
                .diagnostics
                .iter()
                .map(|d| involves(&report, d, changed))
                .collect();
            let mut k = keep.into_iter();
            report.diagnostics.retain(|_| k.next().unwrap_or(false));
        }
        failed |= report.diagnostics.iter().any(|d| d.severity >= threshold);
        files_read += report.file_count();
        let mut skipped = unit.skipped.clone();
        for (doc, s) in &report.workspace.markdown_skipped {
            let reason = match &s.reason {
                diagnose_core::markdown::SkipReason::Partial { line } => {
                    diagnose_core::msg!("markdown.skipped-partial", line = s.line, marker = line)
                }
                diagnose_core::markdown::SkipReason::Excerpt => diagnose_core::msg!(
                    "markdown.skipped-excerpt",
                    line = s.line,
                    name = s.name.clone().unwrap_or_default()
                ),
                diagnose_core::markdown::SkipReason::Superseded { by_line } => diagnose_core::msg!(
                    "markdown.skipped-superseded",
                    line = s.line,
                    by = by_line,
                    name = s.name.clone().unwrap_or_default()
                ),
            };
            let file = report.file(*doc).path.clone();
            skipped.push(walk::Skipped {
                file: paths.get(&file).cloned().unwrap_or(file),
                reason: reason.render(lang),
            });
        }
        skipped_count += skipped.len();
        for s in &skipped {
            note!(
                "{}",
                diagnose_core::msg!("cli.skipped", file = s.file, reason = s.reason).render(lang)
            );
        }
        if a.diff {
            continue;
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
            Format::Github => write!(stdout, "{}", render::github::render(&report, lang, &paths))?,
            Format::Json => json_reports.push((present::json_report(&report, lang), skipped)),
            Format::Sarif => {
                notifications.extend(skipped.into_iter().map(|s| (s.file, s.reason)));
                sarif_units.push((report, paths));
                continue;
            }
        }
        if unit_index + 1 == unit_count {
            // Freeing every node of a large workspace takes a noticeable part of a run;
            // the process is about to exit.
            std::mem::forget(report);
        } else {
            drop(report);
            mem::release_free_memory();
        }
    }
    if a.fix || a.diff {
        let id = if a.diff {
            "fix.available"
        } else {
            "fix.applied"
        };
        if fix_totals.fixed > 0 || a.fix {
            let id = if lang.singular(fix_totals.fixed) {
                if a.diff {
                    "fix.available.one"
                } else {
                    "fix.applied.one"
                }
            } else {
                id
            };
            note!(
                "{}",
                diagnose_core::msg!(
                    id,
                    problems = count(fix_totals.fixed, "count.problem", "count.problems"),
                    files = count(fix_totals.files, "count.file", "count.files")
                )
                .render(lang)
            );
        }
    }
    // Nothing to check is not "no problems": exit code 2 (with --changed, a commit that
    // touches no file diagnose reads is fine).
    let nothing_read = files_read == 0 && !a.changed;
    if a.diff {
        stdout.flush()?;
        return Ok(u8::from(fix_totals.files > 0));
    }
    if a.format == Format::Sarif {
        let units: Vec<render::sarif::Unit> = sarif_units
            .iter()
            .map(|(report, paths)| render::sarif::Unit { report, paths })
            .collect();
        let log = render::sarif::render(&units, lang, render::docs_base(), &notifications);
        writeln!(stdout, "{}", serde_json::to_string_pretty(&log)?)?;
    }
    if nothing_read {
        note!(
            "diagnose: {}",
            nothing_read_message(&a, skipped_count, lang)
        );
        note!(
            "{}{} {}",
            diagnose_core::msg!("word.help").render(lang),
            if lang == Lang::Fr { "\u{a0}:" } else { ":" },
            diagnose_core::msg!("cli.nothing-read.help").render(lang)
        );
    }
    if a.format == Format::Human && !nothing_read {
        let files = count(total.0, "count.file", "count.files");
        let summary = if total.1 + total.2 + total.3 == 0 {
            diagnose_core::msg!("summary.none", files = files).render(lang)
        } else {
            diagnose_core::msg!(
                "summary.counts",
                errors = count(total.1, "count.error", "count.errors"),
                warnings = count(total.2, "count.warning", "count.warnings"),
                infos = count(total.3, "count.info", "count.infos"),
                files = files
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
        v["nothing_read"] = serde_json::Value::Bool(nothing_read);
        writeln!(stdout, "{}", serde_json::to_string_pretty(&v)?)?;
    }
    stdout.flush()?;
    if nothing_read {
        return Ok(2);
    }
    Ok(u8::from(failed))
}

/// The "nothing was checked" message: how many files were there and why none was read.
fn nothing_read_message(a: &CheckArgs, skipped: usize, lang: Lang) -> String {
    let paths: Vec<PathBuf> = if a.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        a.paths.clone()
    };
    let (mut others, mut markdown) = (0, 0);
    for p in paths.iter().filter(|p| p.is_dir()) {
        let (o, m) = walk::unread(p);
        others += o;
        markdown += m;
    }
    let shown: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
    let plural = |n: usize, one: &'static str, many: &'static str| {
        let id = if lang.singular(n) { one } else { many };
        diagnose_core::msg!(id, n = n).render(lang)
    };
    let mut what = Vec::new();
    if skipped > 0 {
        what.push(plural(
            skipped,
            "cli.nothing-read.skipped.one",
            "cli.nothing-read.skipped",
        ));
    }
    if others > 0 {
        what.push(plural(
            others,
            "cli.nothing-read.other",
            "cli.nothing-read.others",
        ));
    }
    if markdown > 0 && !a.markdown {
        what.push(plural(
            markdown,
            "cli.nothing-read.markdown.one",
            "cli.nothing-read.markdown",
        ));
    }
    if what.is_empty() {
        what.push(diagnose_core::msg!("cli.nothing-read.none").render(lang));
    }
    diagnose_core::msg!(
        "cli.nothing-read",
        paths = shown.join(", "),
        what = what.join(", ")
    )
    .render(lang)
}

/// "; " between two clauses (French typography: a no-break space before `;`).
fn semicolon(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "\u{a0}; ",
        Lang::En => "; ",
    }
}

/// The name of the configuration file read for a folder, for messages.
fn config_name(a: &CheckArgs, root: Option<&Path>) -> String {
    let p = match (&a.config, root) {
        (Some(c), _) => c.clone(),
        (None, Some(r)) => r.join("diagnose.toml"),
        (None, None) => PathBuf::from("diagnose.toml"),
    };
    format!("`{}`", disk_display(&p))
}

/// The rule name, code or domain closest to an unknown selector, if close enough to be
/// a typo.
fn closest_selector(sel: &str) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    for r in registry::ALL_RULES {
        names.push(r.code.to_string());
        names.push(r.name.to_string());
        names.push(r.domain.to_string());
    }
    let s = sel.trim();
    names
        .into_iter()
        .map(|n| {
            let d = diagnose_core::strings::edit_distance(
                &s.to_ascii_lowercase(),
                &n.to_ascii_lowercase(),
            );
            (d, n)
        })
        .filter(|(d, n)| *d <= (s.chars().count().max(n.chars().count()) / 3).max(1))
        .min()
        .map(|(_, n)| n)
}

/// A selector that names no rule is a usage error: a typo would turn a check off.
fn known_selectors(selectors: &[String], origin: &str, lang: Lang) -> Result<()> {
    let probe = Options {
        select: selectors.to_vec(),
        ..Options::default()
    };
    let Some(bad) = probe.unknown_selectors().into_iter().next() else {
        return Ok(());
    };
    let mut text =
        diagnose_core::msg!("cli.unknown-selector", selector = bad, origin = origin).render(lang);
    if let Some(name) = closest_selector(&bad) {
        text.push_str(semicolon(lang));
        text.push_str(&diagnose_core::msg!("cli.did-you-mean", name = name).render(lang));
    }
    anyhow::bail!("{text}")
}
