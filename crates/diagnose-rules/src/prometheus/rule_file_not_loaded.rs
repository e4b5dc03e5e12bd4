use super::common::{prometheus_views, where_seen, Container};
use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::compose::MountKind;
use diagnose_model::workspace::{Kind, Workspace};
use diagnose_model::{Runtime, Stack};
use diagnose_syntax::glob::glob_match;
use diagnose_syntax::paths;
use diagnose_syntax::source::{FileId, Span};
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "PROM006",
    name: "rule-file-not-loaded",
    domain: "prometheus",
    severity: Severity::Warning,
    fix: FixKind::None,
    messages: texts! {
        "PROM006.not-loaded" => "this rule file is visible to Prometheus at `{path}`, but no `rule_files` entry loads it",
            "ce fichier de règles est visible par Prometheus en `{path}`, mais aucune entrée de `rule_files` ne le charge";
        "PROM006.not-loaded-note" => "Prometheus only evaluates the rule files listed under `rule_files` of its configuration: these alerts never fire",
            "Prometheus n’évalue que les fichiers de règles listés dans `rule_files` de sa configuration : ces alertes ne se déclenchent jamais";
        "PROM006.not-loaded-help" => "add `{path}` (or a glob that matches it) to `rule_files`",
            "ajoutez `{path}` (ou un motif qui lui correspond) à `rule_files`";
        "PROM006.no-match" => "`{pattern}` matches no file in the `{container}` container (it looks for `{resolved}`)",
            "`{pattern}` ne correspond à aucun fichier dans le conteneur `{container}` (il cherche `{resolved}`)";
        "PROM006.no-match-note" => "Prometheus expands `rule_files` entries as globs relative to its configuration file; a pattern that matches nothing loads no rule, silently",
            "Prometheus développe les entrées de `rule_files` comme des motifs relatifs à son fichier de configuration ; un motif qui ne correspond à rien ne charge aucune règle, sans rien dire";
        "PROM006.no-match-help" => "mount the rule files into the container, or fix the path (rule files here: {found})",
            "montez les fichiers de règles dans le conteneur, ou corrigez le chemin (fichiers de règles ici : {found})";
        "PROM006.no-match-help-none" => "mount the rule files into the container, or fix the path",
            "montez les fichiers de règles dans le conteneur, ou corrigez le chemin";
        "PROM006.label-config" => "the configuration's `rule_files`", "les `rule_files` de la configuration";
    },
    check,
};

fn container_name(stack: &Stack, c: Container) -> String {
    match c {
        Container::Compose(p, s) => stack.compose[p].services[s].name.clone(),
        Container::K8s(w, c) => stack.k8s.workloads[w]
            .containers
            .get(c)
            .map(|c| c.name.clone())
            .unwrap_or_default(),
    }
}

/// Whether the contents of the container folder `dir` are known: a bind-mounted folder
/// whose source is among the checked files, or a ConfigMap/Secret mounted there.
fn known_dir(ws: &Workspace, stack: &Stack, c: Container, dir: &str) -> bool {
    match c {
        Container::Compose(p, s) => stack.compose[p].services[s].mounts.iter().any(|m| {
            m.kind != MountKind::Volume
                && paths::strip_dir(dir, &m.target).is_some()
                && ws.files.iter().any(|f| {
                    f.origin.is_none()
                        && paths::strip_dir(&f.path, &m.source).is_some_and(|r| !r.is_empty())
                })
        }),
        Container::K8s(w, ci) => stack.k8s.workloads[w].containers.get(ci).is_some_and(|ct| {
            ct.mounts.iter().any(|m| {
                paths::strip_dir(dir, &m.mount_path).is_some()
                    && ws.files.iter().any(|f| {
                        stack.runtimes(f.id).iter().any(|r| {
                            matches!(r, Runtime::K8s { workload, container, path }
                                if *workload == w && *container == ci
                                    && paths::strip_dir(path, &m.mount_path).is_some())
                        })
                    })
            })
        }),
    }
}

/// Whether a ConfigMap or Secret mounted in the pod has a key (of any kind, not only the
/// files diagnose reads) that the pattern matches.
fn configmap_key_matches(ws: &Workspace, stack: &Stack, c: Container, pat: &str) -> bool {
    use diagnose_model::k8s::VolumeSource;
    let Container::K8s(w, ci) = c else {
        return false;
    };
    let wl = &stack.k8s.workloads[w];
    let Some(ct) = wl.containers.get(ci) else {
        return false;
    };
    for m in &ct.mounts {
        let Some((_, src)) = wl.volumes.iter().find(|(n, _)| *n == m.volume) else {
            continue;
        };
        let (kind, name) = match src {
            VolumeSource::ConfigMap(n, _) => ("ConfigMap", n),
            VolumeSource::Secret(n, _) => ("Secret", n),
            _ => continue,
        };
        for d in ws.docs_of(Kind::Kubernetes) {
            if d.root.get_str("kind") != Some(kind)
                || d.root.path(&["metadata", "name"]).and_then(|n| n.as_str())
                    != Some(name.as_str())
            {
                continue;
            }
            for section in ["data", "stringData", "binaryData"] {
                for e in d.root.get(section).map(|n| n.entries()).unwrap_or_default() {
                    if let Some(k) = e.key.as_str() {
                        let path = match &m.sub_path {
                            Some(sp) if sp == k => m.mount_path.clone(),
                            Some(_) => continue,
                            None => paths::join(&m.mount_path, k),
                        };
                        if glob_match(pat, &path) {
                            return true;
                        }
                    }
                }
            }
        }
    }
    false
}

/// Whether a file of the checked folder that diagnose does not read (a rule file named
/// `alert.rules_nodes`, without a YAML extension) is bind-mounted where the pattern
/// looks: the folder's listing (`Workspace::known_paths`) has every file.
fn unread_host_file_matches(ws: &Workspace, stack: &Stack, c: Container, pat: &str) -> bool {
    let (Container::Compose(p, s), Some(known)) = (c, ws.known_paths.as_deref()) else {
        return false;
    };
    stack.compose[p].services[s].mounts.iter().any(|m| {
        m.kind != MountKind::Volume
            && paths::strip_dir(pat, &m.target)
                .is_some_and(|rest| known.any_file_matches(&paths::join(&m.source, rest)))
    })
}

fn check(cx: &mut Ctx<'_>) {
    let mut vm = diagnose_model::promql::vmalert_rule_files(cx.ws, cx.stack);
    vm.extend(diagnose_model::promql::other_ruler_rule_files(
        cx.ws, cx.stack,
    ));
    // Rule files (not PrometheusRule resources, not vmalert, Cortex, Mimir or Loki ruler
    // files), with where they are seen.
    let mut rule_files: Vec<FileId> = Vec::new();
    for d in cx.ws.docs_of(Kind::PrometheusRules) {
        let cr = cx
            .ws
            .docs
            .iter()
            .any(|k| k.file == d.file && k.kind == Kind::Kubernetes);
        if cr || vm.contains(&cx.ws.root_file(d.file)) || rule_files.contains(&d.file) {
            continue;
        }
        rule_files.push(d.file);
    }
    // Each Prometheus that reads a config: its `rule_files` patterns, resolved in its
    // container, and every file the container sees.
    type View<'v> = (
        &'v diagnose_model::prometheus::PromConfig,
        Container,
        Vec<(String, &'v diagnose_model::Spanned<String>)>,
        Vec<(FileId, String)>,
    );
    let (ws, stack) = (cx.ws, cx.stack);
    let views: Vec<View> = stack
        .prometheus
        .iter()
        .flat_map(|p| {
            prometheus_views(stack, p.file)
                .into_iter()
                .map(move |(c, cfg_path)| (p, c, cfg_path))
        })
        .map(|(p, c, cfg_path)| {
            let dir = paths::parent(&cfg_path).to_string();
            let patterns = p
                .rule_files
                .iter()
                // (`join` keeps an absolute entry as it is.)
                .map(|r| (paths::join(&dir, &r.value), r))
                .collect();
            let visible = ws
                .files
                .iter()
                .flat_map(|f| {
                    stack
                        .runtimes(f.id)
                        .iter()
                        .filter_map(where_seen)
                        .filter(|(c2, _)| *c2 == c)
                        .map(|(_, path)| (f.id, path.to_string()))
                        .collect::<Vec<_>>()
                })
                .collect();
            (p, c, patterns, visible)
        })
        .collect();
    // The rule files some Prometheus loads: another server that sees them too (a folder of
    // configs mounted into several) does not need them.
    let loaded: Vec<FileId> = views
        .iter()
        .flat_map(|(_, _, patterns, visible)| {
            visible
                .iter()
                .filter(|(_, path)| patterns.iter().any(|(pat, _)| glob_match(pat, path)))
                .map(|(f, _)| *f)
        })
        .collect();
    for (p, c, patterns, visible) in &views {
        let (p, c) = (*p, *c);
        for (pat, r) in patterns {
            if visible.iter().any(|(_, path)| glob_match(pat, path))
                || configmap_key_matches(cx.ws, cx.stack, c, pat)
                || unread_host_file_matches(cx.ws, cx.stack, c, pat)
            {
                continue;
            }
            let pat_dir = paths::parent(pat);
            let glob_free = pat_dir
                .split('/')
                .take_while(|s| !s.contains(['*', '?', '[']))
                .collect::<Vec<_>>()
                .join("/");
            if !known_dir(cx.ws, cx.stack, c, &glob_free) {
                continue;
            }
            let found: Vec<String> = visible
                .iter()
                .filter(|(f, _)| rule_files.contains(f))
                .map(|(_, path)| format!("`{path}`"))
                .collect();
            let d = cx.report(
                r.file,
                r.span,
                msg!(
                    "PROM006.no-match",
                    pattern = r.value,
                    container = container_name(cx.stack, c),
                    resolved = pat
                ),
            );
            d.note(msg!("PROM006.no-match-note"));
            if found.is_empty() {
                d.help(msg!("PROM006.no-match-help-none"));
            } else {
                d.help(msg!("PROM006.no-match-help", found = found.join(", ")));
            }
        }
        for (f, path) in visible {
            if !rule_files.contains(f)
                || loaded.contains(f)
                || patterns.iter().any(|(pat, _)| glob_match(pat, path))
            {
                continue;
            }
            let span = cx
                .ws
                .docs
                .iter()
                .find(|d| d.file == *f && d.kind == Kind::PrometheusRules)
                .and_then(|d| d.root.entry("groups"))
                .map_or(Span::new(0, 0), |e| e.key.span);
            let d = cx.report(*f, span, msg!("PROM006.not-loaded", path = path));
            d.note(msg!("PROM006.not-loaded-note"));
            d.help(msg!("PROM006.not-loaded-help", path = path));
            let key = p
                .root
                .entry("rule_files")
                .map_or(Span::new(0, 0), |e| e.key.span);
            d.related(p.file, key, msg!("PROM006.label-config"));
        }
    }
}
