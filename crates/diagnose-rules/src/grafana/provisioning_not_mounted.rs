use super::common::{file_anchor, is_provisioning_file, mounts_anchor};
use crate::diagnostic::{Applicability, Edit, Severity};
use crate::{Ctx, FixKind, Rule};
use diagnose_model::grafana::{grafana_containers, GrafanaAt, GrafanaContainer};
use diagnose_model::runtime::copies_into;
use diagnose_model::Runtime;
use diagnose_syntax::source::{FileId, Span};
use diagnose_syntax::{paths, Node};
use diagnose_text::{msg, texts};
use std::collections::BTreeMap;

pub static RULE: Rule = Rule {
    code: "GRAF001",
    name: "provisioning-not-mounted",
    domain: "grafana",
    severity: Severity::Error,
    fix: FixKind::Unsafe,
    messages: texts! {
        "GRAF001.message-compose" => "Grafana provisioning file `{file}` is not mounted into the `{container}` container",
            "le fichier de provisioning Grafana `{file}` n’est pas monté dans le conteneur `{container}`";
        "GRAF001.message-k8s" => "{kind} `{object}` holds the Grafana provisioning file `{key}`, but {workload_kind} `{container}`, which runs Grafana, does not mount it",
            "{kind} `{object}` contient le fichier de provisioning Grafana `{key}`, mais {workload_kind} `{container}`, qui exécute Grafana, ne le monte pas";
        "GRAF001.message-wrong-path" => "this mount puts Grafana provisioning files at `{path}`, where Grafana does not read them",
            "ce montage place des fichiers de provisioning Grafana dans `{path}`, où Grafana ne les lit pas";
        "GRAF001.note-datasources" => "Grafana reads data source provisioning files only directly in `{expected}` (`.yaml`/`.yml` files, not in subfolders); a file anywhere else is ignored without a log line",
            "Grafana ne lit les fichiers de provisioning des sources de données que directement dans `{expected}` (fichiers `.yaml`/`.yml`, pas dans les sous-dossiers) ; un fichier placé ailleurs est ignoré sans message dans les journaux";
        "GRAF001.note-dashboards" => "Grafana reads dashboard provider files only directly in `{expected}` (`.yaml`/`.yml` files, not in subfolders); a file anywhere else is ignored without a log line",
            "Grafana ne lit les fichiers de fournisseurs de tableaux de bord que directement dans `{expected}` (fichiers `.yaml`/`.yml`, pas dans les sous-dossiers) ; un fichier placé ailleurs est ignoré sans message dans les journaux";
        "GRAF001.help-compose" => "add a bind mount of this folder to `{expected}` in the `volumes` of `{container}`",
            "ajoutez un montage bind de ce dossier sur `{expected}` dans les `volumes` de `{container}`";
        "GRAF001.help-k8s" => "add a volume for {kind} `{object}` and a `volumeMount` at `{expected}` to the `{container}` container",
            "ajoutez un volume pour {kind} `{object}` et un `volumeMount` sur `{expected}` au conteneur `{container}`";
        "GRAF001.help-target" => "mount it at `{target}`", "montez-le sur `{target}`";
        "GRAF001.fix" => "mount at `{target}`", "monter sur `{target}`";
        "GRAF001.label-container" => "`{container}` runs Grafana", "`{container}` exécute Grafana";
        "GRAF001.label-file" => "`{file}` ends up at `{path}`", "`{file}` se retrouve dans `{path}`";
    },
    check,
};

/// A file the container sees at the wrong place: (file, path there, expected folder,
/// provisioning subfolder).
type Misplaced = (FileId, String, String, &'static str);

fn check(cx: &mut Ctx<'_>) {
    let containers = grafana_containers(cx.ws, cx.stack);
    if containers.is_empty() {
        return;
    }
    let mut files: Vec<(FileId, &'static str)> = Vec::new();
    for f in &cx.stack.grafana.datasource_files {
        if !files.iter().any(|(x, _)| x == f) {
            files.push((*f, "datasources"));
        }
    }
    for f in &cx.stack.grafana.provider_files {
        if !files.iter().any(|(x, _)| x == f) {
            files.push((*f, "dashboards"));
        }
    }
    // Wrongly placed files, grouped by the mount that places them.
    let mut wrong: BTreeMap<(FileId, u32, u32), Vec<Misplaced>> = BTreeMap::new();
    for &(file, sub) in &files {
        let f = cx.ws.file(file);
        let candidates: Vec<&GrafanaContainer> = containers
            .iter()
            .filter(|c| match (&f.origin, c.at) {
                (Some(o), GrafanaAt::K8s { .. }) => c.scope == o.object.1,
                (None, GrafanaAt::Compose { .. }) => paths::strip_dir(f.dir(), &c.scope).is_some(),
                _ => false,
            })
            .collect();
        if candidates.is_empty()
            || candidates
                .iter()
                .any(|c| c.built || c.provisioning.is_none())
            || sidecar_managed(cx, file, &candidates)
            || candidates.iter().any(|c| filled_by_volume(cx, c, sub))
        {
            continue;
        }
        let runtimes = cx.stack.runtimes(file);
        let mut placed = Vec::new();
        let mut correct = false;
        for c in &candidates {
            let root = c.provisioning.as_deref().unwrap();
            let expected = paths::join(root, sub);
            // The container's command copies the file into the provisioning folder before
            // Grafana starts (`cp -r /etc/grafana/provisioning_temp/dashboards/. …`).
            let command = cx.stack.container_at(c.at).map(|k| k.command_line());
            for rt in runtimes {
                match c.sees(rt) {
                    Some(None) => correct = true, // baked into a built image
                    Some(Some(path)) if is_provisioning_file(&expected, path) => correct = true,
                    Some(Some(path))
                        if command
                            .as_deref()
                            .is_some_and(|t| copies_into(t, path, root)) =>
                    {
                        correct = true
                    }
                    Some(Some(path)) => placed.push((*c, rt, path.to_string(), expected.clone())),
                    None => {}
                }
            }
        }
        if correct {
            continue;
        }
        if placed.is_empty() {
            // Another file already provisions this Grafana's `sub`: this one is an
            // alternative the project does not use (a Kubernetes variant beside the
            // compose one), not a forgotten mount.
            if !provided_by_other(cx, &files, file, sub, candidates[0]) {
                report_unmounted(cx, file, sub, candidates[0]);
            }
            continue;
        }
        for (c, rt, path, expected) in placed {
            let Some((mf, ms)) = mount_span(cx, c, rt, &path) else {
                continue;
            };
            wrong
                .entry((mf, ms.start, ms.end))
                .or_default()
                .push((file, path, expected, sub));
        }
    }
    for ((mf, start, end), items) in wrong {
        let span = Span { start, end };
        let (file, path, expected, sub) = &items[0];
        let shown = paths::parent(path).to_string();
        let target = suggested_target(cx, mf, span, path, expected);
        let (af, aspan) = file_anchor(cx.ws, *file);
        let fname = cx.ws.file(*file).name().to_string();
        let fname = fname.rsplit('#').next().unwrap_or(&fname).to_string();
        let d = cx.report(mf, span, msg!("GRAF001.message-wrong-path", path = shown));
        d.note(note(sub, expected));
        d.related(
            af,
            aspan,
            msg!("GRAF001.label-file", file = fname, path = path),
        );
        if let Some((target, edit)) = target {
            d.help(msg!("GRAF001.help-target", target = target));
            if let Some(edit) = edit {
                d.fix(
                    msg!("GRAF001.fix", target = target),
                    Applicability::Unsafe,
                    vec![edit],
                );
            }
        }
    }
}

fn report_unmounted(cx: &mut Ctx<'_>, file: FileId, sub: &str, c: &GrafanaContainer) {
    let f = cx.ws.file(file);
    let expected = paths::join(c.provisioning.as_deref().unwrap_or_default(), sub);
    let (af, aspan) = file_anchor(cx.ws, file);
    let (mf, mspan) = mounts_anchor(cx.stack, c);
    let d = match &f.origin {
        Some(o) => {
            let (kind, _, object) = &o.object;
            let d = cx.report(
                af,
                aspan,
                msg!(
                    "GRAF001.message-k8s",
                    kind = kind,
                    object = object,
                    key = o.key,
                    workload_kind = workload_kind(cx, c),
                    container = c.name
                ),
            );
            d.help(msg!(
                "GRAF001.help-k8s",
                kind = kind,
                object = object,
                expected = expected,
                container = c.name
            ));
            d
        }
        None => {
            // One missing mount leaves every provisioning file of the folder out: one cause.
            let cause = format!("unmounted:{}:{}:{sub}:{}", c.name, c.scope, f.dir());
            let m = msg!("GRAF001.message-compose", file = f.path, container = c.name);
            let Some(d) = cx.report_grouped(&cause, af, aspan, m) else {
                return;
            };
            d.help(msg!(
                "GRAF001.help-compose",
                expected = expected,
                container = c.name
            ));
            d
        }
    };
    d.note(note(sub, &expected));
    d.related(
        mf,
        mspan,
        msg!("GRAF001.label-container", container = c.name),
    );
}

/// Whether a named volume (or, in Kubernetes, a volume that is not a ConfigMap or Secret, or
/// one of an object the files do not define), or a host folder the checked tree does not
/// hold, is mounted at the provisioning folder
/// `sub` or above it: another container or a script fills it at run time (Swarm stacks
/// whose provider services write the provisioning, a start script that copies the files),
/// so what the folder holds is not in the files.
fn filled_by_volume(cx: &Ctx<'_>, c: &GrafanaContainer, sub: &str) -> bool {
    use diagnose_model::grafana::MountSource;
    let Some(root) = c.provisioning.as_deref() else {
        return false;
    };
    let folder = paths::join(root, sub);
    c.mounts(cx.stack).iter().any(|m| {
        let unknown = match &m.source {
            MountSource::NamedVolume(_) | MountSource::OtherVolume(_) => true,
            // A host folder the checked tree does not hold (a script creates and fills
            // it: `mkdir -p prov/import && cp …`), or whose path is a variable's.
            MountSource::Host(src) => {
                src.contains('$')
                    || cx
                        .ws
                        .known_paths
                        .as_ref()
                        .is_some_and(|k| k.covers(src) && k.kind(src).is_none())
            }
            // A ConfigMap or Secret the checked files do not define (created with
            // `kubectl create secret … --from-file`): its content is not in the files.
            MountSource::Object { known, .. } => !known,
        };
        unknown && paths::strip_dir(&folder, &m.target).is_some()
    }) || unresolved_mount(cx, c, &folder)
        || written_by_entrypoint(cx, c, &folder)
}

/// A compose service whose `entrypoint` or `command` writes into the folder before Grafana
/// starts (`cat <<EOF > /etc/grafana/provisioning/datasources/ds.yaml`, `cp`, `tee`): what
/// the folder holds is made at run time.
fn written_by_entrypoint(cx: &Ctx<'_>, c: &GrafanaContainer, folder: &str) -> bool {
    let GrafanaAt::Compose { project, service } = c.at else {
        return false;
    };
    let svc = &cx.stack.compose[project].services[service];
    ["entrypoint", "command"].iter().any(|k| {
        let Some(n) = svc.node.get(k) else {
            return false;
        };
        let words: Vec<&str> = match n.as_str() {
            Some(s) => vec![s],
            None => n.items().iter().filter_map(Node::as_str).collect(),
        };
        words.iter().any(|w| {
            w.contains(folder)
                && (w.contains("> ") || w.contains(">>") || w.contains("cp ") || w.contains("tee "))
        })
    })
}

/// A compose volume whose source holds a variable the files do not set
/// (`$MONITORING_STACK/assets/provisioning:/etc/grafana/provisioning`, set by a start
/// script): the model cannot place it, so what the folder holds is unknown.
fn unresolved_mount(cx: &Ctx<'_>, c: &GrafanaContainer, folder: &str) -> bool {
    let GrafanaAt::Compose { project, service } = c.at else {
        return false;
    };
    let svc = &cx.stack.compose[project].services[service];
    svc.node
        .get("volumes")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(Node::as_str)
        .filter(|v| v.contains('$'))
        .filter_map(|v| v.split(':').nth(1))
        .any(|target| paths::strip_dir(folder, &paths::normalize(target)).is_some())
}

/// Whether a checked file other than `file` reaches the container's `<provisioning>/<sub>`.
fn provided_by_other(
    cx: &Ctx<'_>,
    files: &[(FileId, &'static str)],
    file: FileId,
    sub: &str,
    c: &GrafanaContainer,
) -> bool {
    let Some(root) = c.provisioning.as_deref() else {
        return false;
    };
    let expected = paths::join(root, sub);
    files
        .iter()
        .filter(|(f, s)| *f != file && *s == sub)
        .any(|(f, _)| {
            cx.stack.runtimes(*f).iter().any(|rt| {
                c.sees(rt)
                    .flatten()
                    .is_some_and(|path| is_provisioning_file(&expected, path))
            })
        })
}

fn workload_kind(cx: &Ctx<'_>, c: &GrafanaContainer) -> String {
    match c.at {
        GrafanaAt::K8s { workload, .. } => cx.stack.k8s.workloads[workload].obj.kind.clone(),
        GrafanaAt::Compose { .. } | GrafanaAt::Unit(_) => String::new(),
    }
}

fn note(sub: &str, expected: &str) -> diagnose_text::Message {
    if sub == "datasources" {
        msg!("GRAF001.note-datasources", expected = expected)
    } else {
        msg!("GRAF001.note-dashboards", expected = expected)
    }
}

/// Kubernetes Grafana setups where a sidecar (kiwigrid/k8s-sidecar, as in the Grafana
/// Helm chart) copies labelled ConfigMaps into the container instead of a volume.
fn sidecar_managed(cx: &Ctx<'_>, file: FileId, candidates: &[&GrafanaContainer]) -> bool {
    let Some(o) = &cx.ws.file(file).origin else {
        return false;
    };
    let labelled = cx
        .stack
        .k8s
        .objects
        .iter()
        .filter(|x| x.kind == o.object.0 && x.namespace == o.object.1 && x.name == o.object.2)
        .any(|x| {
            x.node.path(&["metadata", "labels"]).is_some_and(|l| {
                l.entries()
                    .iter()
                    .any(|e| e.key.as_str().is_some_and(|k| k.starts_with("grafana_")))
            })
        });
    let sidecar = candidates.iter().any(|c| match c.at {
        GrafanaAt::K8s { workload, .. } => cx.stack.k8s.workloads[workload]
            .containers
            .iter()
            .any(|k| k.image.as_deref().is_some_and(|i| i.contains("sidecar"))),
        GrafanaAt::Compose { .. } | GrafanaAt::Unit(_) => false,
    });
    labelled || sidecar
}

/// The mount that puts the file at `path` in the container.
fn mount_span(
    cx: &Ctx<'_>,
    c: &GrafanaContainer,
    rt: &Runtime,
    path: &str,
) -> Option<(FileId, Span)> {
    match rt {
        Runtime::Compose { mount, .. } => *mount,
        Runtime::K8s { .. } => {
            let mounts = c.mounts(cx.stack);
            super::common::mount_of(&mounts, path).map(|m| (m.file, m.span))
        }
        Runtime::K8sUnmounted { .. } => None,
    }
}

/// Where the mount should go so that the file lands in `expected`, and an edit of a
/// compose short-syntax mount that does it.
fn suggested_target(
    cx: &Ctx<'_>,
    file: FileId,
    span: Span,
    path: &str,
    expected: &str,
) -> Option<(String, Option<Edit>)> {
    let text = cx.text(file, span);
    // The mount's target is the prefix of `path` that the mount text names.
    let name = paths::file_name(path);
    let (target, rest) = text
        .split([':', '\n'])
        .map(|t| paths::normalize(t.trim().trim_matches(['"', '\''])))
        .filter(|t| t.starts_with('/'))
        .find_map(|t| paths::strip_dir(path, &t).map(|r| (t.clone(), r.to_string())))?;
    let desired = paths::join(expected, name);
    // The part of `rest` that must stay under the new target.
    let new_target = if rest.is_empty() {
        desired
    } else if rest == name {
        expected.to_string()
    } else if paths::parent(&rest) == paths::file_name(expected) {
        paths::parent(expected).to_string()
    } else {
        return None;
    };
    let edit = (text.matches(target.as_str()).count() == 1).then(|| {
        let i = text.find(target.as_str()).unwrap();
        Edit {
            file,
            span: span.sub(i, i + target.len()),
            replacement: new_target.clone(),
        }
    });
    Some((new_target, edit))
}
