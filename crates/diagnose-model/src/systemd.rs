//! Plain-server units: a systemd service file (`*.service`) of the checked folder whose
//! `ExecStart=` runs a known program becomes a [`Container`] of the runtime view, with its
//! flags and its `Environment=` values, so the rules that read flags (PROM008) see it.
//!
//! Syntax followed (systemd.syntax(7), systemd.service(5), systemd.exec(5)):
//! - lines starting with `#` or `;` are comments; a line ending in `\` continues on the
//!   next one (the backslash reads as a space);
//! - `ExecStart=` is split into words with double or single quotes and backslash escapes;
//!   the executable may carry the prefixes `@ - : + !` (`@`: the next word is `argv[0]`);
//!   an empty `ExecStart=` resets the list; the last command line is kept;
//! - `$VAR`, `${VAR}` and `%` specifiers are expanded by systemd from `Environment=`,
//!   `EnvironmentFile=` and the unit's name: their values are not known here, so a word
//!   holding one is kept but marked as not written (no rule reports on it).
//!
//! A plain server's paths are host paths that the checked folder may not hold: units have
//! no mounts, and the rules about missing files leave them alone.

use crate::runtime::{self, parse_flags, Arg, Container, Place, UsedPath};
use crate::workspace::{SourceFile, Workspace};
use crate::Spanned;
use diagnose_syntax::paths;
use diagnose_syntax::source::Span;

/// Whether a file name is a systemd service unit.
pub fn is_unit_name(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".service")
}

/// The program an executable runs (its file name, with Debian's package names).
pub fn program_of_executable(exe: &str) -> Option<&'static str> {
    Some(match paths::file_name(exe) {
        "prometheus" => "prometheus",
        "alertmanager" | "prometheus-alertmanager" => "alertmanager",
        "grafana-server" | "grafana" => "grafana",
        "node_exporter" | "prometheus-node-exporter" => "node-exporter",
        "blackbox_exporter" | "prometheus-blackbox-exporter" => "blackbox-exporter",
        "pushgateway" | "prometheus-pushgateway" => "pushgateway",
        "loki" => "loki",
        "promtail" => "promtail",
        _ => return None,
    })
}

/// The version a plain server's executable shows in its path: the folder a release tarball
/// unpacks to, named after the binary (`/opt/prometheus-1.8.1.linux-amd64/prometheus` →
/// `1.8.1`, as the release archives of Prometheus and its exporters are named). `None` when
/// the path does not say (`/usr/local/bin/prometheus`).
pub fn version_in_path(exe: &str) -> Option<String> {
    let name = paths::file_name(exe);
    exe.rsplit('/').skip(1).find_map(|dir| {
        let rest = dir
            .strip_prefix(name)?
            .strip_prefix('-')?
            .trim_start_matches('v');
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let v = rest[..end].trim_end_matches('.');
        (v.split('.').count() >= 2 && v.split('.').all(|n| !n.is_empty())).then(|| v.to_string())
    })
}

/// A word of a logical line, with its place in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    pub value: String,
    pub span: Span,
    /// Holds `$VAR`, `${VAR}` or a `%` specifier, which systemd expands.
    pub expanded: bool,
}

/// One `key=value` line of a section, continuation lines joined: the value's characters
/// with their byte offsets in the file.
struct Entry {
    section: String,
    key: String,
    value: Vec<(usize, char)>,
}

fn entries(text: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut pending: Option<Entry> = None;
    for (start, raw) in diagnose_syntax::strings::lines_at(text) {
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let (body, body_start) = match pending.take() {
            Some(e) => {
                pending = Some(e);
                (line, start)
            }
            None => {
                if trimmed.is_empty() {
                    continue;
                }
                if trimmed.starts_with('[') {
                    section = trimmed
                        .trim_end()
                        .trim_start_matches('[')
                        .trim_end_matches(']')
                        .to_string();
                    continue;
                }
                let Some(eq) = line.find('=') else { continue };
                let key = line[..eq].trim().to_string();
                pending = Some(Entry {
                    section: section.clone(),
                    key,
                    value: Vec::new(),
                });
                (&line[eq + 1..], start + eq + 1)
            }
        };
        let content = body.trim_end();
        let continued = content.ends_with('\\');
        let content = if continued {
            &content[..content.len() - 1]
        } else {
            content
        };
        let e = pending.as_mut().unwrap();
        e.value
            .extend(content.char_indices().map(|(i, c)| (body_start + i, c)));
        if continued {
            e.value.push((body_start + content.len(), ' '));
        } else {
            out.push(pending.take().unwrap());
        }
    }
    out.extend(pending);
    out
}

/// Splits a value into words: whitespace separates, quotes group, backslash escapes.
pub fn words(value: &[(usize, char)]) -> Vec<Word> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < value.len() {
        if value[i].1.is_whitespace() {
            i += 1;
            continue;
        }
        let start = value[i].0;
        let mut end = start;
        let mut w = String::new();
        let mut expanded = false;
        let mut quote: Option<char> = None;
        while i < value.len() {
            let (at, c) = value[i];
            if quote.is_none() && c.is_whitespace() {
                break;
            }
            end = at + c.len_utf8();
            i += 1;
            match c {
                '"' | '\'' if quote.is_none() => quote = Some(c),
                _ if Some(c) == quote => quote = None,
                '\\' if i < value.len() => {
                    let (at2, n) = value[i];
                    end = at2 + n.len_utf8();
                    i += 1;
                    w.push(match n {
                        'n' => '\n',
                        't' => '\t',
                        _ => n,
                    });
                }
                '$' | '%' => {
                    // `$$` and `%%` are the characters themselves.
                    if value.get(i).is_some_and(|(_, n)| *n == c) {
                        end = value[i].0 + 1;
                        i += 1;
                    } else {
                        expanded = true;
                    }
                    w.push(c);
                }
                _ => w.push(c),
            }
        }
        out.push(Word {
            value: w,
            span: Span::new(start, end),
            expanded,
        });
    }
    out
}

/// The runtime view of the units of the workspace that run a known program.
pub fn containers(ws: &Workspace) -> Vec<Container> {
    ws.files
        .iter()
        .filter(|f| ws.is_top_level(f.id) && is_unit_name(f.name()))
        .filter_map(unit)
        .collect()
}

fn unit(f: &SourceFile) -> Option<Container> {
    let mut exec: Option<Vec<Word>> = None;
    let mut env = Vec::new();
    let mut env_file = false;
    let mut workdir = "/".to_string();
    for e in entries(&f.text) {
        if e.section != "Service" {
            continue;
        }
        match e.key.as_str() {
            "ExecStart" => {
                let w = words(&e.value);
                // An empty `ExecStart=` resets the list (drop-ins).
                exec = (!w.is_empty()).then_some(w);
            }
            "Environment" => {
                for w in words(&e.value) {
                    if let Some((k, v)) = w.value.split_once('=') {
                        env.push((k.to_string(), Spanned::new(f.id, w.span, v.to_string())));
                    }
                }
            }
            "EnvironmentFile" => env_file = true,
            "WorkingDirectory" => {
                let v: String = e.value.iter().map(|(_, c)| c).collect();
                let v = v.trim().trim_start_matches('-');
                if v.starts_with('/') {
                    workdir = v.to_string();
                }
            }
            _ => {}
        }
    }
    let mut words = exec?;
    // A lone `;` separates command lines (older systemd): keep the first one.
    if let Some(i) = words.iter().position(|w| w.value == ";") {
        words.truncate(i);
    }
    let first = words.first_mut()?;
    let prefixes = first.value.len()
        - first
            .value
            .trim_start_matches(['@', '-', ':', '+', '!'])
            .len();
    let argv0 = first.value[..prefixes].contains('@');
    first.value.drain(..prefixes);
    first.span.start += prefixes as u32;
    if argv0 && words.len() > 1 {
        words.remove(1);
    }
    let exe = words[0].clone();
    let program = program_of_executable(&exe.value)?;
    // `grafana server`: the subcommand is not a flag.
    let command: Vec<Arg> = words
        .iter()
        .map(|w| Arg {
            value: w.value.clone(),
            written: (!w.expanded).then_some((f.id, w.span)),
            literal: false,
        })
        .collect();
    let values: Vec<String> = command.iter().map(|a| a.value.clone()).collect();
    let flags = parse_flags(&values);
    let used = |flag: Option<&str>| -> Vec<UsedPath> {
        let Some(name) = flag else { return Vec::new() };
        flags
            .iter()
            .rev()
            .find(|fl| fl.name == name)
            .and_then(|fl| {
                let v = fl.value.as_ref()?;
                let written = command[fl.index].written?;
                Some(UsedPath {
                    path: if v.starts_with('/') {
                        paths::normalize(v)
                    } else {
                        paths::join(&workdir, v)
                    },
                    flag: Some(name.to_string()),
                    written: Some(written),
                    in_image: false,
                })
            })
            .into_iter()
            .collect()
    };
    let (config_flag, data_flag) = runtime::path_flags(program);
    Some(Container {
        place: Place::Unit(f.id),
        name: f.name().to_string(),
        program,
        image: Spanned::new(f.id, exe.span, exe.value.clone()),
        version: version_in_path(&exe.value),
        defaults: None,
        config_files: used(config_flag),
        data_dirs: used(data_flag),
        command,
        command_direct: true,
        args_written: true,
        flags,
        env,
        env_partial: env_file,
        env_unknown: Vec::new(),
        mounts: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::Input;

    fn ws(text: &str) -> Workspace {
        Workspace::new(vec![Input::new("prometheus.service", text)])
    }

    #[test]
    fn the_release_folder_in_the_executable_path_gives_the_version() {
        let v = |p: &str| version_in_path(p);
        assert_eq!(
            v("/opt/prometheus/prometheus-1.8.1.linux-amd64/prometheus").as_deref(),
            Some("1.8.1")
        );
        assert_eq!(
            v("/opt/node_exporter-v1.3.1.linux-amd64/node_exporter").as_deref(),
            Some("1.3.1")
        );
        assert_eq!(v("/usr/local/bin/prometheus"), None);
        assert_eq!(v("/opt/prometheus-data/prometheus"), None);
        assert_eq!(
            v("/opt/prometheus-2/prometheus"),
            None,
            "one number says too little"
        );
        assert_eq!(v("prometheus"), None);
        let w = ws("[Service]\nExecStart=/opt/prometheus-2.47.0.linux-amd64/prometheus --config.file=p.yml\n");
        assert_eq!(containers(&w)[0].version_numbers(), Some(vec![2, 47, 0]));
    }

    #[test]
    fn exec_start_with_continuations_quotes_and_variables() {
        let text = "[Unit]\nDescription=Prometheus\n\n[Service]\nEnvironment=\"GOMAXPROCS=2\" A=b\nEnvironmentFile=-/etc/default/prometheus\nWorkingDirectory=/var/lib/prometheus\nExecStart=/usr/local/bin/prometheus \\\n    --config.file=/etc/prometheus/prometheus.yml \\\n# a comment inside\n    --storage.tsdb.path=data \\\n    --web.listen-address=\"0.0.0.0:9090\" \\\n    $ARGS\n\n[Install]\nWantedBy=multi-user.target\n";
        let w = ws(text);
        let c = containers(&w);
        assert_eq!(c.len(), 1);
        let c = &c[0];
        assert_eq!(c.program, "prometheus");
        assert_eq!(c.place, Place::Unit(diagnose_syntax::source::FileId(0)));
        let values: Vec<&str> = c.command.iter().map(|a| a.value.as_str()).collect();
        assert_eq!(
            values,
            [
                "/usr/local/bin/prometheus",
                "--config.file=/etc/prometheus/prometheus.yml",
                "--storage.tsdb.path=data",
                "--web.listen-address=0.0.0.0:9090",
                "$ARGS"
            ]
        );
        // Each written word points at its own line; `$ARGS` is not written.
        let f = &w.files[0];
        let (_, sp) = c.command[2].written.unwrap();
        assert_eq!(f.slice(sp), "--storage.tsdb.path=data");
        assert_eq!(f.lines().line_col(&f.text, sp.start as usize).line, 11);
        assert!(c.command[4].written.is_none());
        assert_eq!(c.data_dirs[0].path, "/var/lib/prometheus/data");
        assert_eq!(c.config_files[0].path, "/etc/prometheus/prometheus.yml");
        assert_eq!(c.env("A").unwrap().value, "b");
        assert_eq!(c.env("GOMAXPROCS").unwrap().value, "2");
        assert!(c.env_partial, "EnvironmentFile= may set more");
    }

    #[test]
    fn prefixes_resets_and_other_programs() {
        let t = "[Service]\nExecStart=/bin/true\nExecStart=\nExecStart=-@/usr/bin/prometheus-alertmanager alertmanager --cluster.listen-address=\n";
        let c = containers(&ws(t));
        assert_eq!(c[0].program, "alertmanager");
        assert_eq!(c[0].command[0].value, "/usr/bin/prometheus-alertmanager");
        assert_eq!(c[0].command[1].value, "--cluster.listen-address=");
        // A shell, or a section other than [Service], is not a known program.
        assert!(containers(&ws("[Service]\nExecStart=/bin/sh -c 'prometheus'\n")).is_empty());
        assert!(containers(&ws("[Unit]\nExecStart=/usr/bin/prometheus\n")).is_empty());
        // `%i` and `$$`.
        let v: Vec<Word> = words(&"a%i b%% c$$d".char_indices().collect::<Vec<_>>());
        assert!(v[0].expanded && !v[1].expanded && !v[2].expanded);
        assert_eq!(v[2].value, "c$d");
        assert_eq!(v[1].value, "b%");
    }
}
