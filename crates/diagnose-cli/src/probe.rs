//! `diagnose probe URL... [PATH...]`: asks the running Prometheus and Alertmanager what
//! they see (this file: the HTTP requests) and points their errors at the files
//! (`diagnose_core::probe`: the reasoning, no I/O).

use crate::check::{FailOn, Format};
use crate::units::{self, Source};
use crate::{color_choice, note, out, render};
use anyhow::Result;
use diagnose_core::probe::{Probed, Program, ALERTMANAGER_PATHS, PROMETHEUS_PATHS};
use diagnose_core::{msg, present, Lang, Message, Options, Render, Severity};
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;
use termcolor::WriteColor;

pub const PROBE_HELP: &str = "Asks each server its state: Prometheus (`/api/v1/targets`, \
`/rules`, `/status/config`, `/status/flags`, `/status/runtimeinfo`, `/alertmanagers`, \
`/status/buildinfo`, `/metrics`) or Alertmanager (`/api/v2/status`), then points what is wrong \
at the lines of the files given (without files, at the configuration the server loaded). \
Reads only; every request is a GET.\n\nCredentials come from the environment and are never \
printed: DIAGNOSE_PROBE_TOKEN (sent as `Authorization: Bearer …`), or DIAGNOSE_PROBE_USER and \
DIAGNOSE_PROBE_PASSWORD (basic auth).\n\nExit codes: 0 nothing at or above --fail-on; 1 \
findings; 2 a server could not be probed (refused, unknown host, time-out, TLS, 401/403, not \
Prometheus nor Alertmanager) or a usage error.";

#[derive(clap::Args, Debug)]
#[command(after_help = PROBE_HELP)]
pub struct ProbeArgs {
    /// URLs of Prometheus or Alertmanager servers (`http://127.0.0.1:9090`), then the
    /// config files or folders of the stack.
    #[arg(required = true)]
    pub targets: Vec<String>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Seconds to wait for each answer (connection included).
    #[arg(long, default_value_t = 5)]
    pub timeout: u64,
}

/// Why a server could not be probed.
struct Unreachable(Message);

fn agent(timeout: u64) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(timeout)))
        .timeout_connect(Some(Duration::from_secs(timeout.min(3))))
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(concat!("diagnose/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// `Authorization` from the environment (never printed).
fn authorization() -> Option<String> {
    if let Ok(t) = std::env::var("DIAGNOSE_PROBE_TOKEN") {
        if !t.is_empty() {
            return Some(format!("Bearer {t}"));
        }
    }
    let user = std::env::var("DIAGNOSE_PROBE_USER").ok()?;
    let password = std::env::var("DIAGNOSE_PROBE_PASSWORD").unwrap_or_default();
    Some(format!(
        "Basic {}",
        base64(format!("{user}:{password}").as_bytes())
    ))
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let auth = rest.split('/').next().unwrap_or(rest);
    let auth = auth.rsplit('@').next().unwrap_or(auth);
    match auth.rfind(':') {
        Some(i) if !auth.ends_with(']') => &auth[..i],
        _ => auth,
    }
}

/// One GET: the status and body, or why the server could not be reached.
fn get(
    agent: &ureq::Agent,
    auth: Option<&str>,
    server: &str,
    path: &str,
    timeout: u64,
) -> Result<(u16, String), Unreachable> {
    let url = format!("{server}{path}");
    let mut req = agent.get(&url);
    if let Some(a) = auth {
        req = req.header("Authorization", a);
    }
    match req.call() {
        Ok(mut resp) => {
            let status = resp.status().as_u16();
            let body = resp
                .body_mut()
                .with_config()
                .limit(64 << 20)
                .read_to_string()
                .map_err(|e| unreachable(e, server, timeout))?;
            Ok((status, body))
        }
        Err(e) => Err(unreachable(e, server, timeout)),
    }
}

fn unreachable(e: ureq::Error, server: &str, timeout: u64) -> Unreachable {
    let tls = |error: &dyn std::fmt::Display| {
        let error = error.to_string();
        if error.contains("InvalidContentType") {
            msg!("probe.tls-plain", url = server)
        } else {
            msg!("probe.tls", url = server, error = error)
        }
    };
    let m = match &e {
        ureq::Error::HostNotFound => msg!("probe.dns", url = server, host = host_of(server)),
        ureq::Error::Timeout(_) => msg!("probe.timeout", url = server, seconds = timeout),
        ureq::Error::Tls(t) => tls(t),
        ureq::Error::Rustls(t) => tls(t),
        ureq::Error::TlsRequired => tls(&e),
        ureq::Error::ConnectionFailed => msg!("probe.refused", url = server),
        ureq::Error::Io(io) => {
            let text = io.to_string();
            match io.kind() {
                std::io::ErrorKind::ConnectionRefused => msg!("probe.refused", url = server),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                    msg!("probe.timeout", url = server, seconds = timeout)
                }
                // rustls reports its errors as invalid data.
                std::io::ErrorKind::InvalidData => tls(&text),
                _ if text.contains("lookup address") || text.contains("Name or service") => {
                    msg!("probe.dns", url = server, host = host_of(server))
                }
                _ => msg!("probe.other", url = server, error = text),
            }
        }
        _ => msg!("probe.other", url = server, error = e),
    };
    Unreachable(m)
}

/// Asks one server everything; the first request decides what it is.
fn ask(
    agent: &ureq::Agent,
    auth: Option<&str>,
    server: &str,
    timeout: u64,
    lang: Lang,
) -> Result<Probed, Unreachable> {
    let denied = |status: u16| -> Option<Unreachable> {
        matches!(status, 401 | 403)
            .then(|| Unreachable(msg!("probe.unauthorized", url = server, status = status)))
    };
    let first = PROMETHEUS_PATHS[0];
    let (status, body) = get(agent, auth, server, first, timeout)?;
    if let Some(u) = denied(status) {
        return Err(u);
    }
    let (program, paths, mut documents) = if status == 200 && body.contains("\"status\"") {
        (
            Program::Prometheus,
            &PROMETHEUS_PATHS[1..],
            vec![(first.to_string(), body)],
        )
    } else {
        let am = ALERTMANAGER_PATHS[0];
        let (s, b) = get(agent, auth, server, am, timeout)?;
        if let Some(u) = denied(s) {
            return Err(u);
        }
        if s != 200 || !b.contains("versionInfo") {
            return Err(Unreachable(msg!(
                "probe.unknown-server",
                url = server,
                path = first,
                status = status
            )));
        }
        (
            Program::Alertmanager,
            &ALERTMANAGER_PATHS[1..],
            vec![(am.to_string(), b)],
        )
    };
    let mut version = String::new();
    if program == Program::Prometheus {
        if let Ok((200, b)) = get(agent, auth, server, "/api/v1/status/buildinfo", timeout) {
            version = serde_json::from_str::<serde_json::Value>(&b)
                .ok()
                .and_then(|v| v.pointer("/data/version")?.as_str().map(str::to_string))
                .unwrap_or_default();
        }
    } else {
        version = serde_json::from_str::<serde_json::Value>(&documents[0].1)
            .ok()
            .and_then(|v| {
                v.pointer("/versionInfo/version")?
                    .as_str()
                    .map(str::to_string)
            })
            .unwrap_or_default();
    }
    for path in paths {
        match get(agent, auth, server, path, timeout) {
            Ok((200, b)) => documents.push((path.to_string(), b)),
            Ok((s, _)) => note!(
                "{}",
                msg!(
                    "probe.partial",
                    url = server,
                    path = path,
                    reason = format!("HTTP {s}")
                )
                .render(lang)
            ),
            Err(Unreachable(m)) => note!(
                "{}",
                msg!(
                    "probe.partial",
                    url = server,
                    path = path,
                    reason = m.render(lang)
                )
                .render(lang)
            ),
        }
    }
    note!(
        "{}",
        msg!(
            "probe.found",
            url = server,
            program = program.name(),
            version = version
        )
        .render(lang)
    );
    Ok(Probed {
        server: server.to_string(),
        program,
        documents,
    })
}

pub fn run(a: ProbeArgs, lang: Lang) -> Result<u8> {
    let (urls, paths): (Vec<String>, Vec<String>) = a
        .targets
        .iter()
        .cloned()
        .partition(|t| t.starts_with("http://") || t.starts_with("https://"));
    if urls.is_empty() {
        anyhow::bail!(
            "{}",
            msg!(
                "probe.other",
                url = a.targets.join(" "),
                error = "no http:// or https:// URL"
            )
            .render(lang)
        );
    }
    let agent = agent(a.timeout);
    let auth = authorization();
    let mut probed = Vec::new();
    let mut failed = 0usize;
    for u in &urls {
        let server = u.trim_end_matches('/');
        match ask(&agent, auth.as_deref(), server, a.timeout, lang) {
            Ok(p) => probed.push(p),
            Err(Unreachable(m)) => {
                failed += 1;
                note!("diagnose: {}", m.render(lang));
            }
        }
    }
    let mut inputs = Vec::new();
    let mut disk = HashMap::new();
    if !paths.is_empty() {
        let src = Source {
            paths: paths.iter().map(PathBuf::from).collect(),
            no_config: true,
            ..Source::default()
        };
        for mut u in units::collect(&src)? {
            u.load();
            for s in &u.skipped {
                note!("{}", present::skipped_note(s, lang));
            }
            disk.extend(u.paths());
            inputs.extend(u.inputs);
        }
    }
    let report = diagnose_core::probe::probe(inputs, &probed, &Options::default());
    let threshold = match a.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    let mut stdout = out::stdout(color_choice());
    if probed.is_empty() {
        return Ok(2); // the reasons are on standard error
    }
    match a.format {
        Format::Human => {
            let mut ordered = render::ordered::Ordered::new(stdout.supports_color(), true);
            ordered.add(&report, lang)?;
            ordered.finish(&mut stdout, lang)?;
            let summary = present::Totals::of(&report).summary(lang);
            writeln!(stdout, "{summary}")?;
        }
        Format::Short => {
            for d in &report.diagnostics {
                writeln!(stdout, "{}", present::short_line(&report, d, lang))?;
            }
        }
        Format::Github => write!(stdout, "{}", render::github::render(&report, lang, &disk))?,
        Format::Json => {
            let mut doc = present::JsonDocument::default();
            doc.push(&report, &[], lang);
            let mut v = doc.to_value(false);
            v["servers"] = probed
                .iter()
                .map(|p| serde_json::json!({"url": p.server, "program": p.program.name()}))
                .collect();
            writeln!(stdout, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        Format::Sarif => {
            let units = [render::sarif::Unit {
                report: &report,
                paths: &disk,
            }];
            let log = render::sarif::render(&units, lang, render::docs_base(), &[]);
            writeln!(stdout, "{}", serde_json::to_string_pretty(&log)?)?;
        }
    }
    stdout.flush()?;
    if failed > 0 {
        if urls.len() > 1 {
            note!(
                "diagnose: {}",
                msg!("probe.unreachable-summary", n = failed).render(lang)
            );
        }
        return Ok(2);
    }
    Ok(u8::from(
        report.diagnostics.iter().any(|d| d.severity >= threshold),
    ))
}
