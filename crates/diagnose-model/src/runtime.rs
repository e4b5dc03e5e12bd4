//! What each container of the stack really runs: for every compose service and Kubernetes
//! pod-template container whose image is a known program, its program and version (the
//! image tag), its effective command line (the image's default entrypoint and arguments
//! from [`crate::runtime_table`], replaced by compose `entrypoint:`/`command:` or
//! Kubernetes `command:`/`args:`), the config files and data directories it uses (from its
//! flags, else the program's defaults), its environment and its mounts. Built once per
//! analysis ([`crate::Stack::containers`]); rules read it and never re-derive it.
//!
//! Override semantics (cited in the rule pages):
//! - compose: `command:` replaces the image's `CMD`; `entrypoint:` replaces its
//!   `ENTRYPOINT` and drops its `CMD` (compose specification, services `entrypoint`);
//! - Kubernetes: `command:` replaces `ENTRYPOINT`, `args:` replaces `CMD`, and a `command:`
//!   without `args:` drops the image's `CMD` ("Define a Command and Arguments for a
//!   Container").

use crate::compose::{interpolate, ComposeProject, MountKind};
use crate::images;
use crate::k8s::{K8sModel, VolumeSource};
use crate::workspace::Workspace;
use crate::Spanned;
use diagnose_syntax::paths;
use diagnose_syntax::source::{FileId, Span};

pub use crate::launch::{copies_into, defaults_for, program_of, shell_words, version_numbers};
pub use crate::runtime_table::{ALERTMANAGER_FLAGS, IMAGE_DEFAULTS, PROMETHEUS_FLAGS};
pub use crate::runtime_types::{FlagKind, ImageDefaults, ReleaseFlag};

/// How each program names its config file and data directory, and their built-in
/// defaults (relative to the image's working directory). Prometheus and Alertmanager:
/// `cmd/*/main.go` (`config.file` defaults to `prometheus.yml`/`alertmanager.yml`,
/// `storage.tsdb.path`/`storage.path` to `data/`).
struct ProgramPaths {
    program: &'static str,
    config_flag: Option<&'static str>,
    config_default: Option<&'static str>,
    data_flag: Option<&'static str>,
    data_default: Option<&'static str>,
}

static PROGRAM_PATHS: &[ProgramPaths] = &[
    ProgramPaths {
        program: "prometheus",
        config_flag: Some("config.file"),
        config_default: Some("prometheus.yml"),
        data_flag: Some("storage.tsdb.path"),
        data_default: Some("data/"),
    },
    ProgramPaths {
        program: "alertmanager",
        config_flag: Some("config.file"),
        config_default: Some("alertmanager.yml"),
        data_flag: Some("storage.path"),
        data_default: Some("data/"),
    },
    ProgramPaths {
        program: "blackbox-exporter",
        config_flag: Some("config.file"),
        config_default: None,
        data_flag: None,
        data_default: None,
    },
    ProgramPaths {
        program: "loki",
        config_flag: Some("config.file"),
        config_default: None,
        data_flag: None,
        data_default: None,
    },
    ProgramPaths {
        program: "promtail",
        config_flag: Some("config.file"),
        config_default: None,
        data_flag: None,
        data_default: None,
    },
];

/// The flags that name a program's config file and data directory.
pub fn path_flags(program: &str) -> (Option<&'static str>, Option<&'static str>) {
    if program == "grafana" {
        return (Some("config"), None);
    }
    PROGRAM_PATHS
        .iter()
        .find(|pp| pp.program == program)
        .map_or((None, None), |pp| (pp.config_flag, pp.data_flag))
}

/// Where a container is declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Compose {
        project: usize,
        service: usize,
    },
    K8s {
        workload: usize,
        container: usize,
    },
    /// A systemd service unit of a plain server (see [`crate::systemd`]).
    Unit(FileId),
}

/// One word of the effective command line.
#[derive(Clone, Debug)]
pub struct Arg {
    pub value: String,
    /// Where the user wrote it; `None` for a word of the image's defaults.
    pub written: Option<(FileId, Span)>,
    /// True when the word is one YAML list item (compose `command:`/`entrypoint:` as a
    /// list, Kubernetes `command:`/`args:`): no shell-like splitting removes its quotes,
    /// so they reach the program. False for compose's string form (split by compose with
    /// shell-like rules, quotes removed), systemd's `ExecStart=` (same) and image defaults.
    pub literal: bool,
}

/// A `--flag[=value]` of the command line.
#[derive(Clone, Debug)]
pub struct Flag {
    /// Name without dashes and without `=value`.
    pub name: String,
    /// Number of leading dashes (1 for Go's `flag` style or Prometheus 1.x).
    pub dashes: usize,
    /// The value, inline (`--a=b`) or the next word when it is not a flag.
    pub value: Option<String>,
    /// Index of the word in [`Container::command`].
    pub index: usize,
}

/// A path the program uses, and where it comes from.
#[derive(Clone, Debug)]
pub struct UsedPath {
    pub path: String,
    /// The flag that names it, when one does.
    pub flag: Option<String>,
    /// Where the user wrote it (a flag or an environment value); `None`: image default.
    pub written: Option<(FileId, Span)>,
    /// True when the image ships this file or folder (its default config).
    pub in_image: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MountSource {
    /// A host path (compose bind or config), relative to the analysis root when relative.
    Bind(String),
    /// A named volume (compose) — empty name for an anonymous one.
    Volume(String),
    ConfigMap(String, Vec<(String, String)>),
    Secret(String, Vec<(String, String)>),
    /// A Kubernetes `emptyDir` (the pod volume's name): deleted with the pod.
    EmptyDir(String),
    /// A Kubernetes PersistentVolumeClaim: the pod volume's name, and the claim's name
    /// (`None` for a StatefulSet's `volumeClaimTemplates` entry).
    Claim(String, Option<String>),
    /// A Kubernetes `hostPath` (the path on the node).
    HostPath(String),
    Other,
}

#[derive(Clone, Debug)]
pub struct MountView {
    pub target: String,
    pub sub_path: Option<String>,
    pub source: MountSource,
    pub file: FileId,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Container {
    pub place: Place,
    /// Service or container name.
    pub name: String,
    pub program: &'static str,
    pub image: Spanned<String>,
    /// The image tag (`None` when absent or pinned by digest).
    pub version: Option<String>,
    /// The image defaults that apply to this version (`None` when the table has none).
    pub defaults: Option<&'static ImageDefaults>,
    /// Entrypoint then arguments, as the container runs them.
    pub command: Vec<Arg>,
    /// False when the command line runs something else first (a shell, a wrapper): the
    /// flags seen are then not known to be the program's.
    pub command_direct: bool,
    /// True when the user wrote the arguments (compose `command:`, k8s `args:`/`command:`).
    pub args_written: bool,
    pub flags: Vec<Flag>,
    pub config_files: Vec<UsedPath>,
    pub data_dirs: Vec<UsedPath>,
    pub env: Vec<(String, Spanned<String>)>,
    /// True when variables also come from elsewhere (compose `env_file:`, Kubernetes
    /// `envFrom:`, systemd `EnvironmentFile=`): `env` is then not all.
    pub env_partial: bool,
    /// Variables set with a value not known here (Kubernetes `valueFrom:`).
    pub env_unknown: Vec<String>,
    pub mounts: Vec<MountView>,
}

impl Container {
    pub fn env(&self, key: &str) -> Option<&Spanned<String>> {
        self.env
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// Whether `key` may be set to a value not known here (see [`Container::env_partial`]).
    pub fn env_may_be_set(&self, key: &str) -> bool {
        self.env(key).is_none() && (self.env_partial || self.env_unknown.iter().any(|k| k == key))
    }

    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().rev().find(|f| f.name == name)
    }

    /// The image version as numbers (`v2.53.1`, `2.53`, `2.53.1-rc.0` → `[2, 53, 1]`).
    pub fn version_numbers(&self) -> Option<Vec<u64>> {
        self.version.as_deref().and_then(version_numbers)
    }

    /// The command line as one text, its words joined by spaces (what a shell script in
    /// `entrypoint`/`command` does is read from it: `sed`, `cp`).
    pub fn command_line(&self) -> String {
        let words: Vec<&str> = self.command.iter().map(|a| a.value.as_str()).collect();
        words.join(" ")
    }

    /// The mount whose target is `path` or the deepest folder above it.
    pub fn mount_for(&self, path: &str) -> Option<&MountView> {
        self.mounts
            .iter()
            .filter(|m| paths::strip_dir(path, &m.target).is_some())
            .max_by_key(|m| m.target.len())
    }
}

/// Splits a command line into flags (`--a=b`, `--a b`, `-a=b`).
pub fn parse_flags(words: &[String]) -> Vec<Flag> {
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let dashes = w.len() - w.trim_start_matches('-').len();
        if dashes == 0 || dashes > 2 || w.len() == dashes {
            continue;
        }
        let body = &w[dashes..];
        let (name, value) = match body.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (
                body,
                words
                    .get(i + 1)
                    .filter(|n| !n.starts_with('-'))
                    .map(|n| n.to_string()),
            ),
        };
        out.push(Flag {
            name: name.to_string(),
            dashes,
            value,
            index: i,
        });
    }
    out
}

fn words_of(
    node: &diagnose_syntax::Node,
    file: FileId,
    env: &std::collections::BTreeMap<String, String>,
) -> Vec<Arg> {
    let written = |span| Some((file, span));
    if node.is_seq() {
        node.items()
            .iter()
            .filter_map(|x| {
                Some(Arg {
                    value: interpolate(x.as_str()?, env)?,
                    written: written(x.span),
                    literal: true,
                })
            })
            .collect()
    } else {
        node.as_str()
            .and_then(|s| interpolate(s, env))
            .map(|s| {
                shell_words(&s)
                    .into_iter()
                    .map(|w| Arg {
                        value: w,
                        written: written(node.span),
                        literal: false,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn defaults_words(ws: &[&str]) -> Vec<Arg> {
    ws.iter()
        .map(|w| Arg {
            value: w.to_string(),
            written: None,
            literal: false,
        })
        .collect()
}

/// The node of `key` of service `name` in the last file of the project that sets it.
fn service_key<'a>(
    ws: &'a Workspace,
    p: &ComposeProject,
    name: &str,
    key: &str,
) -> Option<(FileId, &'a diagnose_syntax::Node)> {
    p.files.iter().rev().find_map(|&f| {
        ws.docs
            .iter()
            .filter(|d| d.file == f)
            .find_map(|d| d.root.path(&["services", name, key]))
            .map(|n| (f, n))
    })
}

pub fn build(ws: &Workspace, compose: &[ComposeProject], k8s: &K8sModel) -> Vec<Container> {
    let mut out = Vec::new();
    for (pi, p) in compose.iter().enumerate() {
        for (si, s) in p.services.iter().enumerate() {
            let Some(image) = &s.image else { continue };
            let Some(program) = program_of(&image.value) else {
                continue;
            };
            let entry =
                service_key(ws, p, &s.name, "entrypoint").map(|(f, n)| words_of(n, f, &p.env));
            let cmd = service_key(ws, p, &s.name, "command").map(|(f, n)| words_of(n, f, &p.env));
            let mounts = s
                .mounts
                .iter()
                .map(|m| MountView {
                    target: m.target.clone(),
                    sub_path: None,
                    source: match m.kind {
                        MountKind::Bind | MountKind::Config => MountSource::Bind(m.source.clone()),
                        MountKind::Volume => MountSource::Volume(m.source.clone()),
                    },
                    file: m.file,
                    span: m.span,
                })
                .collect();
            let mut c = assemble(
                Place::Compose {
                    project: pi,
                    service: si,
                },
                s.name.clone(),
                program,
                image.clone(),
                entry,
                cmd,
                s.environment.clone(),
                mounts,
            );
            c.env_partial = s.node.get("env_file").is_some();
            out.push(c);
        }
    }
    for (wi, w) in k8s.workloads.iter().enumerate() {
        for (ci, c) in w.containers.iter().enumerate() {
            let Some(image) = &c.image else { continue };
            let Some(program) = program_of(image) else {
                continue;
            };
            let file = w.obj.file;
            let to_args = |items: &Option<Vec<(String, Span)>>| {
                items.as_ref().map(|v| {
                    v.iter()
                        .map(|(s, sp)| Arg {
                            value: s.clone(),
                            written: Some((file, *sp)),
                            literal: true,
                        })
                        .collect::<Vec<_>>()
                })
            };
            let env = c
                .env
                .iter()
                .filter_map(|(k, v, sp)| Some((k.clone(), Spanned::new(file, *sp, v.clone()?))))
                .collect();
            let mounts = c
                .mounts
                .iter()
                .map(|m| {
                    let src = w.volume(&m.volume);
                    MountView {
                        target: paths::normalize(&m.mount_path),
                        sub_path: m.sub_path.clone(),
                        source: match src {
                            Some(VolumeSource::ConfigMap(n, items)) => {
                                MountSource::ConfigMap(n.clone(), items.clone())
                            }
                            Some(VolumeSource::Secret(n, items)) => {
                                MountSource::Secret(n.clone(), items.clone())
                            }
                            Some(VolumeSource::EmptyDir) => MountSource::EmptyDir(m.volume.clone()),
                            Some(VolumeSource::Claim(claim)) => {
                                MountSource::Claim(m.volume.clone(), Some(claim.clone()))
                            }
                            Some(VolumeSource::ClaimTemplate) => {
                                MountSource::Claim(m.volume.clone(), None)
                            }
                            Some(VolumeSource::HostPath(p)) => MountSource::HostPath(p.clone()),
                            _ => MountSource::Other,
                        },
                        file,
                        span: m.span,
                    }
                })
                .collect();
            let mut ct = assemble(
                Place::K8s {
                    workload: wi,
                    container: ci,
                },
                c.name.clone(),
                program,
                Spanned::new(file, c.image_span, image.clone()),
                to_args(&c.command_items),
                to_args(&c.args_items),
                env,
                mounts,
            );
            ct.env_partial = c.env_from;
            ct.env_unknown = c
                .env
                .iter()
                .filter(|(_, v, _)| v.is_none())
                .map(|(k, _, _)| k.clone())
                .collect();
            out.push(ct);
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn assemble(
    place: Place,
    name: String,
    program: &'static str,
    image: Spanned<String>,
    entry: Option<Vec<Arg>>,
    args: Option<Vec<Arg>>,
    env: Vec<(String, Spanned<String>)>,
    mounts: Vec<MountView>,
) -> Container {
    let version = images::image_tag(&image.value).map(str::to_string);
    let numbers = version.as_deref().and_then(version_numbers);
    let defaults = defaults_for(program, numbers.as_deref());
    let default_entry = defaults.map_or(&[][..], |d| d.entrypoint);
    let default_cmd = defaults.map_or(&[][..], |d| d.cmd);
    let args_written = args.is_some();
    let mut command = match &entry {
        Some(e) => e.clone(),
        None => defaults_words(default_entry),
    };
    match args {
        Some(a) => command.extend(a),
        // compose `entrypoint:` and Kubernetes `command:` drop the image's CMD.
        None if entry.is_some() => {}
        None => command.extend(defaults_words(default_cmd)),
    }
    // Direct when the first word is the program's binary (or the image's entrypoint).
    let command_direct = match command.first() {
        None => false,
        Some(first) => {
            let bin = paths::file_name(&first.value).to_string();
            default_entry.first().is_some_and(|d| *d == first.value)
                || bin == program
                || bin == program.replace('-', "_")
                || (entry.is_none() && !default_entry.is_empty())
        }
    };
    let words: Vec<String> = command.iter().map(|a| a.value.clone()).collect();
    let flags = if command_direct {
        parse_flags(&words)
    } else {
        Vec::new()
    };
    let workdir = defaults.map_or("/", |d| d.workdir);
    let absolute = |p: &str| {
        if p.starts_with('/') {
            paths::normalize(p)
        } else {
            paths::join(if workdir.is_empty() { "/" } else { workdir }, p)
        }
    };
    let mut config_files = Vec::new();
    let mut data_dirs = Vec::new();
    let in_image_config = |p: &str| defaults.is_some_and(|d| d.config.contains(&p));
    if let Some(pp) = PROGRAM_PATHS.iter().find(|pp| pp.program == program) {
        if command_direct {
            if let Some(cf) = pp.config_flag {
                match flags.iter().rev().find(|f| f.name == cf) {
                    Some(f) => {
                        if let Some(v) = &f.value {
                            let path = absolute(v);
                            config_files.push(UsedPath {
                                in_image: in_image_config(&path),
                                path,
                                flag: Some(cf.to_string()),
                                written: command[f.index].written,
                            });
                        }
                    }
                    None => {
                        if let Some(d) = pp.config_default {
                            let path = absolute(d);
                            config_files.push(UsedPath {
                                in_image: in_image_config(&path),
                                path,
                                flag: None,
                                written: None,
                            });
                        }
                    }
                }
            }
            if let Some(df) = pp.data_flag {
                // Prometheus 1.x named it `-storage.local.path` (same default, `data`).
                let is_data =
                    |n: &str| n == df || (program == "prometheus" && n == "storage.local.path");
                match flags.iter().rev().find(|f| is_data(&f.name)) {
                    Some(f) => {
                        if let Some(v) = &f.value {
                            data_dirs.push(UsedPath {
                                path: absolute(v),
                                flag: Some(df.to_string()),
                                written: command[f.index].written,
                                in_image: false,
                            });
                        }
                    }
                    None => {
                        if let Some(d) = pp.data_default {
                            data_dirs.push(UsedPath {
                                path: absolute(d),
                                flag: None,
                                written: None,
                                in_image: false,
                            });
                        }
                    }
                }
            }
        }
    }
    if program == "grafana" && entry.is_none() {
        // The image's run.sh passes `--config=$GF_PATHS_CONFIG` and
        // `cfg:default.paths.data=$GF_PATHS_DATA`.
        let from_env = |key: &str, default: &str| match env
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
        {
            Some(v) => UsedPath {
                path: absolute(&v.value),
                flag: None,
                written: Some((v.file, v.span)),
                in_image: false,
            },
            None => UsedPath {
                path: default.to_string(),
                flag: None,
                written: None,
                in_image: true,
            },
        };
        config_files.push(from_env("GF_PATHS_CONFIG", "/etc/grafana/grafana.ini"));
        data_dirs.push(from_env("GF_PATHS_DATA", "/var/lib/grafana"));
    }
    Container {
        place,
        name,
        program,
        image,
        version,
        defaults,
        command,
        command_direct,
        args_written,
        flags,
        config_files,
        data_dirs,
        env,
        env_partial: false,
        env_unknown: Vec::new(),
        mounts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::Input;
    use crate::Stack;

    fn stack(files: &[(&str, &str)]) -> (Workspace, Stack) {
        let ws = Workspace::new(files.iter().map(|(p, t)| Input::new(*p, *t)).collect());
        let st = Stack::build(&ws);
        (ws, st)
    }

    fn words(c: &Container) -> Vec<&str> {
        c.command.iter().map(|a| a.value.as_str()).collect()
    }

    #[test]
    fn compose_defaults_and_overrides() {
        let (_, st) = stack(&[(
            "docker-compose.yml",
            "services:\n  p:\n    image: prom/prometheus:v2.53.0\n  q:\n    image: prom/prometheus:v2.53.0\n    command: [\"--storage.tsdb.path=/data\", \"--web.enable-lifecycle\"]\n  e:\n    image: prom/prometheus\n    entrypoint: /bin/sh -c\n  g:\n    image: grafana/grafana:11.0.0\n    environment:\n      GF_PATHS_DATA: /data\n  r:\n    image: redis\n",
        )]);
        let c = &st.containers;
        assert_eq!(c.len(), 4, "redis is not a known program");
        assert_eq!(
            words(&c[0]),
            [
                "/bin/prometheus",
                "--config.file=/etc/prometheus/prometheus.yml",
                "--storage.tsdb.path=/prometheus",
                "--web.console.libraries=/usr/share/prometheus/console_libraries",
                "--web.console.templates=/usr/share/prometheus/consoles"
            ]
        );
        assert_eq!(c[0].version.as_deref(), Some("v2.53.0"));
        assert_eq!(c[0].config_files[0].path, "/etc/prometheus/prometheus.yml");
        assert!(c[0].config_files[0].in_image);
        assert_eq!(c[0].data_dirs[0].path, "/prometheus");
        // `command:` replaces CMD: the config flag is gone, so the default applies,
        // relative to the image's working directory.
        assert_eq!(
            words(&c[1]),
            [
                "/bin/prometheus",
                "--storage.tsdb.path=/data",
                "--web.enable-lifecycle"
            ]
        );
        assert_eq!(c[1].config_files[0].path, "/prometheus/prometheus.yml");
        assert!(!c[1].config_files[0].in_image);
        assert_eq!(c[1].data_dirs[0].path, "/data");
        assert!(c[1].data_dirs[0].written.is_some());
        // `entrypoint:` replaces ENTRYPOINT and drops CMD; a shell is not the program.
        assert_eq!(words(&c[2]), ["/bin/sh", "-c"]);
        assert!(!c[2].command_direct);
        assert!(c[2].config_files.is_empty());
        assert_eq!(c[3].program, "grafana");
        assert_eq!(c[3].data_dirs[0].path, "/data");
        assert_eq!(c[3].config_files[0].path, "/etc/grafana/grafana.ini");
    }

    #[test]
    fn release_specific_defaults() {
        let (_, st) = stack(&[(
            "docker-compose.yml",
            "services:\n  old:\n    image: prom/prometheus:v1.8.2\n  am:\n    image: prom/alertmanager:v0.27.0\n",
        )]);
        assert_eq!(
            st.containers[0].command[1].value,
            "-config.file=/etc/prometheus/prometheus.yml"
        );
        assert_eq!(st.containers[0].flags[0].dashes, 1);
        assert_eq!(
            st.containers[1].config_files[0].path,
            "/etc/alertmanager/alertmanager.yml"
        );
    }

    #[test]
    fn kubernetes_command_and_args() {
        let k8s = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          image: quay.io/prometheus/prometheus:v3.1.0\n          args:\n            - --config.file=/etc/config/prometheus.yml\n        - name: b\n          image: prom/prometheus:v3.1.0\n          command: [\"/bin/prometheus\"]\n        - name: c\n          image: prom/node-exporter:v1.8.0\n          volumeMounts:\n            - name: cfg\n              mountPath: /etc/x/\n      volumes:\n        - name: cfg\n          configMap:\n            name: cm\n";
        let (_, st) = stack(&[("k8s/p.yaml", k8s)]);
        let c = &st.containers;
        assert_eq!(c.len(), 3);
        assert_eq!(
            words(&c[0]),
            [
                "/bin/prometheus",
                "--config.file=/etc/config/prometheus.yml"
            ]
        );
        assert_eq!(c[0].config_files[0].path, "/etc/config/prometheus.yml");
        // `command:` alone drops the image's CMD.
        assert_eq!(words(&c[1]), ["/bin/prometheus"]);
        assert_eq!(c[1].config_files[0].path, "/prometheus/prometheus.yml");
        assert_eq!(c[2].program, "node-exporter");
        assert_eq!(c[2].mounts[0].target, "/etc/x");
        assert_eq!(
            c[2].mounts[0].source,
            MountSource::ConfigMap("cm".into(), vec![])
        );
    }

    #[test]
    fn versions() {
        assert_eq!(version_numbers("v2.53.1"), Some(vec![2, 53, 1]));
        assert_eq!(version_numbers("2.53.1-rc.0"), Some(vec![2, 53, 1]));
        assert_eq!(version_numbers("latest"), None);
        let flags = parse_flags(&["--a=b".into(), "--c".into(), "d".into(), "-e".into()]);
        assert_eq!(flags.len(), 3);
        assert_eq!(flags[1].value.as_deref(), Some("d"));
        assert_eq!(flags[2].dashes, 1);
    }

    #[test]
    fn compose_string_form_removes_quotes() {
        assert_eq!(
            shell_words(r#"--config.file="/etc/p.yml" --a='b c' d\ e "x\"y""#),
            ["--config.file=/etc/p.yml", "--a=b c", "d e", "x\"y"]
        );
        assert_eq!(shell_words("  "), Vec::<String>::new());
        assert_eq!(shell_words("''"), [""]);
    }
}
