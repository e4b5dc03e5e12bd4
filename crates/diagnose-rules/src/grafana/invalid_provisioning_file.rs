//! Schema checks of Grafana's provisioning files, following what Grafana's readers do
//! (`pkg/services/provisioning/{datasources,dashboards}`, `pkg/services/provisioning/values`):
//! an error there stops provisioning (and Grafana's start-up); an ignored key does nothing.

use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::runtime::version_numbers;
use diagnose_model::workspace::Kind;
use diagnose_model::Runtime;
use diagnose_syntax::source::{FileId, Span};
use diagnose_syntax::{Entry, Node, Style};
use diagnose_text::Message;
use diagnose_text::{msg, texts};
use std::collections::BTreeMap;

mod dashboards;
mod values;

use crate::schema::{self, Fields, Kind as Field, Renamed};
use dashboards::check_provider_file;
use values::{parse_bool, same_settings, Keys};

pub static RULE: Rule = Rule {
    code: "GRAF006",
    name: "invalid-provisioning-file",
    domain: "grafana",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "GRAF006.api-missing" => "without `apiVersion: 1`, Grafana reads this file in the old format and ignores `{key}`",
            "sans `apiVersion: 1`, Grafana lit ce fichier dans l’ancien format et ignore `{key}`";
        "GRAF006.api-missing-providers" => "without `apiVersion: 1`, Grafana expects a bare list of providers and cannot read this file",
            "sans `apiVersion: 1`, Grafana attend une simple liste de fournisseurs et ne peut pas lire ce fichier";
        "GRAF006.api-type" => "`apiVersion` must be the number `1`, written without quotes",
            "`apiVersion` doit être le nombre `1`, écrit sans guillemets";
        "GRAF006.not-list" => "`{key}` must be a list of entries (`- name: …`)",
            "`{key}` doit être une liste d’entrées (`- name: …`)";
        "GRAF006.not-map" => "each entry of `{key}` must be a mapping (`name: …`, `type: …`)",
            "chaque entrée de `{key}` doit être un dictionnaire (`name: …`, `type: …`)";
        "GRAF006.unknown-key" => "unknown key `{key}`, which Grafana ignores: did you mean `{expected}`?",
            "clé inconnue `{key}`, que Grafana ignore : vouliez-vous dire `{expected}` ?";
        "GRAF006.v0-key" => "`{key}` is the old (version 0) spelling, which Grafana ignores with `apiVersion: 1`: use `{expected}`",
            "`{key}` est l’ancienne orthographe (version 0), que Grafana ignore avec `apiVersion: 1` : utilisez `{expected}`";
        "GRAF006.missing-name" => "this data source has no `name`", "cette source de données n’a pas de `name`";
        "GRAF006.missing-type" => "data source `{name}` has no `type`", "la source de données `{name}` n’a pas de `type`";
        "GRAF006.missing-url" => "data source `{name}` of type `{type}` has no `url`",
            "la source de données `{name}` de type `{type}` n’a pas d’`url`";
        "GRAF006.bad-bool" => "`{key}` must be `true` or `false`, not `{value}`",
            "`{key}` doit valoir `true` ou `false`, pas `{value}`";
        "GRAF006.bad-int" => "`{key}` must be an integer", "`{key}` doit être un entier";
        "GRAF006.bad-scalar" => "`{key}` must be a single value, not a list or a mapping",
            "`{key}` doit être une valeur simple, pas une liste ni un dictionnaire";
        "GRAF006.bad-map" => "`{key}` must be a mapping of settings", "`{key}` doit être un dictionnaire de réglages";
        "GRAF006.bad-list" => "`{key}` must be a list", "`{key}` doit être une liste";
        "GRAF006.bad-access" => "unknown `access` value `{value}`: Grafana knows only `proxy` and `direct`",
            "valeur d’`access` inconnue `{value}` : Grafana ne connaît que `proxy` et `direct`";
        "GRAF006.access-as-proxy" => "unknown `access` value `{value}`: Grafana uses `proxy` instead",
            "valeur d’`access` inconnue `{value}` : Grafana utilise `proxy` à la place";
        "GRAF006.duplicate-name" => "data source name `{name}` is already used in this organization",
            "le nom de source de données `{name}` est déjà utilisé dans cette organisation";
        "GRAF006.duplicate-same" => "data source `{name}` is provisioned again with the same settings, so this copy changes nothing",
            "la source de données `{name}` est provisionnée une deuxième fois avec les mêmes réglages : cette copie ne change rien";
        "GRAF006.note-duplicate-same" => "Grafana updates the data source of that name with the later entry; when both entries are the same, the result is the same, and one of them can go",
            "Grafana met à jour la source de données de ce nom avec l’entrée suivante ; quand les deux entrées sont identiques, le résultat est le même et l’une d’elles peut partir";
        "GRAF006.two-defaults" => "a second data source is marked `isDefault` in the same organization",
            "une deuxième source de données est marquée `isDefault` dans la même organisation";
        "GRAF006.provider-duplicate" => "dashboard provider name `{name}` is used twice in this file",
            "le nom de fournisseur de tableaux de bord `{name}` est utilisé deux fois dans ce fichier";
        "GRAF006.provider-type" => "dashboard provider type `{value}` is not supported: the only type is `file`",
            "le type de fournisseur de tableaux de bord `{value}` n’est pas pris en charge : le seul type est `file`";
        "GRAF006.provider-no-path" => "dashboard provider `{name}` has no `options.path`",
            "le fournisseur de tableaux de bord `{name}` n’a pas d’`options.path`";
        "GRAF006.folders-conflict" => "`foldersFromFilesStructure` cannot be used with both `folder` and `folderUid` set",
            "`foldersFromFilesStructure` ne peut pas être utilisé quand `folder` et `folderUid` sont renseignés";
        "GRAF006.not-bool-option" => "`{key}` is the string `{value}`, not a boolean, so Grafana ignores it",
            "`{key}` est la chaîne `{value}`, pas un booléen : Grafana l’ignore";
        "GRAF006.note-fails" => "Grafana fails to read the provisioning folder (`{error}`) and does not start",
            "Grafana n’arrive pas à lire le dossier de provisioning (`{error}`) et ne démarre pas";
        "GRAF006.note-ignored" => "Grafana ignores it without any message, so the setting silently has no effect",
            "Grafana l’ignore sans aucun message : le réglage n’a donc aucun effet";
        "GRAF006.note-access" => "Grafana 7.2 and later log `invalid access value, will use 'proxy' instead`; older versions keep the broken value and the data source fails",
            "Grafana 7.2 et suivants journalisent `invalid access value, will use 'proxy' instead` ; les versions antérieures gardent la valeur erronée et la source de données échoue";
        "GRAF006.note-access-proxy" => "Grafana (7.2 and later) logs `invalid access value, will use 'proxy' instead` and queries through its server, so the data source works; write `proxy` (the mode the UI calls \"Server\")",
            "Grafana (7.2 et suivants) journalise `invalid access value, will use 'proxy' instead` et interroge par son serveur : la source de données fonctionne ; écrivez `proxy` (le mode que l’interface appelle « Server »)";
        "GRAF006.note-duplicate" => "Grafana looks data sources up by name: the later entry overwrites the earlier one",
            "Grafana retrouve les sources de données par leur nom : l’entrée suivante écrase la précédente";
        "GRAF006.note-required" => "Grafana's provisioning reference marks `name` and `type` as required; a data source without them cannot be used",
            "la référence du provisioning de Grafana marque `name` et `type` comme obligatoires ; une source de données sans eux est inutilisable";
        "GRAF006.note-url" => "a `{type}` data source queries a server over HTTP: without `url`, every query fails",
            "une source de données `{type}` interroge un serveur en HTTP : sans `url`, chaque requête échoue";
        "GRAF006.label-first" => "first used here", "première utilisation ici";
        "GRAF006.note-default-org" => "its value is 1, the organisation Grafana uses when `orgId` is missing: this entry loses nothing, so this is an info",
            "sa valeur est 1, l’organisation que Grafana prend quand `orgId` manque : l’entrée n’y perd rien, d’où une simple info";
        "GRAF006.provider-v0" => "this dashboard provider file is in the old format (a bare list, no `apiVersion`), which Grafana still reads but deprecates",
            "ce fichier de fournisseurs de tableaux de bord est dans l’ancien format (une simple liste, sans `apiVersion`), que Grafana lit encore mais déconseille";
        "GRAF006.note-provider-v0" => "Grafana loads these providers and logs `[Deprecated] the dashboard provisioning config is outdated. please upgrade`",
            "Grafana charge ces fournisseurs et journalise `[Deprecated] the dashboard provisioning config is outdated. please upgrade`";
        "GRAF006.help-provider-v0" => "write `apiVersion: 1` at the top and put the list under `providers:`",
            "écrivez `apiVersion: 1` en tête et placez la liste sous `providers:`";
    },
    check,
};

/// A datasource entry in the `apiVersion: 1` format (all Grafana versions): its keys
/// and their kinds (`pkg/services/provisioning/datasources/types.go`).
static DATASOURCE: Fields = Fields {
    name: "datasources",
    fields: DS_FIELDS,
    renamed: V0_KEYS,
};
static DS_FIELDS: &[(&str, Field)] = &[
    ("orgId", Field::Int),
    ("orgName", Field::Str),
    ("version", Field::Int),
    ("name", Field::Str),
    ("type", Field::Str),
    ("access", Field::Str),
    ("url", Field::Str),
    ("password", Field::Str),
    ("user", Field::Str),
    ("database", Field::Str),
    ("basicAuth", Field::Bool),
    ("basicAuthUser", Field::Str),
    ("basicAuthPassword", Field::Str),
    ("withCredentials", Field::Bool),
    ("isDefault", Field::Bool),
    ("correlations", Field::List),
    ("jsonData", Field::Map),
    ("secureJsonData", Field::ScalarMap),
    ("editable", Field::Bool),
    ("uid", Field::Str),
    ("apiVersion", Field::Any),
];
/// Version 0 (snake_case) keys and their version 1 spelling, per section.
static V0_KEYS: &[Renamed] = &[
    v0("datasources", "org_id", "orgId"),
    v0("datasources", "org_name", "orgName"),
    v0("datasources", "basic_auth", "basicAuth"),
    v0("datasources", "basic_auth_user", "basicAuthUser"),
    v0("datasources", "basic_auth_password", "basicAuthPassword"),
    v0("datasources", "with_credentials", "withCredentials"),
    v0("datasources", "is_default", "isDefault"),
    v0("datasources", "json_data", "jsonData"),
    v0("datasources", "secure_json_data", "secureJsonData"),
    v0("providers", "org_id", "orgId"),
];
const fn v0(section: &'static str, old: &'static str, new: &'static str) -> Renamed {
    Renamed { section, old, new }
}
/// Keys the version 0 reader ignores (they only exist in version 1).
const DS_V1_ONLY: &[&str] = &[
    "orgId",
    "orgName",
    "basicAuth",
    "basicAuthUser",
    "basicAuthPassword",
    "withCredentials",
    "isDefault",
    "correlations",
    "jsonData",
    "secureJsonData",
    "uid",
];
/// Data source types that query a server over HTTP and need `url`.
const NEEDS_URL: &[&str] = &[
    "prometheus",
    "loki",
    "tempo",
    "jaeger",
    "zipkin",
    "alertmanager",
    "graphite",
    "influxdb",
    "elasticsearch",
];

const DS_ERROR: &str = "Datasource provisioning error";
const DASH_ERROR: &str = "could not parse provisioning config file";

fn check(cx: &mut Ctx<'_>) {
    // Data source files read together (one folder), for names and defaults.
    let mut groups: BTreeMap<String, Vec<(FileId, Node)>> = BTreeMap::new();
    let docs: Vec<_> = cx
        .ws
        .docs_of(Kind::GrafanaDatasources)
        .map(|d| (d.file, (*d.root).clone()))
        .collect();
    for (file, root) in docs {
        // Copies of a template (one picked and filled by a script) are not read together.
        if check_datasource_file(cx, file, &root)
            && !diagnose_model::stacks::is_template_input(cx.ws, cx.stack, file)
        {
            groups
                .entry(group_of(cx, file))
                .or_default()
                .push((file, root));
        }
    }
    for files in groups.values() {
        check_names_and_defaults(cx, files);
    }
    let docs: Vec<_> = cx
        .ws
        .docs_of(Kind::GrafanaProviders)
        .map(|d| (d.file, (*d.root).clone()))
        .collect();
    for (file, root) in docs {
        check_provider_file(cx, file, &root);
    }
}

/// The files Grafana reads together with this one: its host folder, or its ConfigMap or
/// Secret. A file bind-mounted on its own is picked by itself (compose files often mount
/// one of several alternatives), so it is compared only with itself.
fn group_of(cx: &Ctx<'_>, file: FileId) -> String {
    let f = cx.ws.file(file);
    if let Some(o) = &f.origin {
        return format!(
            "{}#{}/{}/{}",
            cx.ws.file(o.parent).path,
            o.object.0,
            o.object.1,
            o.object.2
        );
    }
    let alone = cx.stack.runtimes(file).iter().any(|rt| match rt {
        Runtime::Compose {
            project,
            service,
            mount: Some((mf, ms)),
            ..
        } => cx.stack.compose[*project].services[*service]
            .mounts
            .iter()
            .any(|m| m.file == *mf && m.span == *ms && m.source == f.path),
        _ => false,
    });
    if alone {
        format!("file:{}", f.path)
    } else {
        format!("dir:{}", f.dir())
    }
}

fn report(cx: &mut Ctx<'_>, file: FileId, span: Span, m: Message, note: Message) {
    cx.report(file, span, m).note(note);
}

fn fails(error: &str) -> Message {
    msg!("GRAF006.note-fails", error = error)
}

/// The mappings of a `datasources:` or `providers:` list: what is not a list, or not a mapping,
/// is reported (Grafana's reader fails on it, with `error`); `None` when there is no list.
fn map_items<'a>(
    cx: &mut Ctx<'_>,
    file: FileId,
    list: &'a Entry,
    key: &str,
    error: &str,
) -> Option<Vec<&'a Node>> {
    if list.value.is_null() {
        return None;
    }
    if !list.value.is_seq() {
        let m = msg!("GRAF006.not-list", key = key);
        report(cx, file, list.key.span, m, fails(error));
        return None;
    }
    let mut maps = Vec::new();
    for item in list.value.items() {
        if item.is_map() {
            maps.push(item);
        } else {
            let m = msg!("GRAF006.not-map", key = key);
            report(cx, file, item.span, m, fails(error));
        }
    }
    Some(maps)
}

/// Returns whether the file's entries can be used for the cross-file checks.
fn check_datasource_file(cx: &mut Ctx<'_>, file: FileId, root: &Node) -> bool {
    let version = match root.entry("apiVersion") {
        Some(e) => match api_version(&e.value) {
            Some(v) => v,
            None => {
                report(
                    cx,
                    file,
                    e.value.span,
                    msg!("GRAF006.api-type"),
                    fails(DS_ERROR),
                );
                return false;
            }
        },
        None => 0,
    };
    for e in root.entries() {
        let Some(k) = e.key.as_str() else { continue };
        let expected = match k {
            "apiVersion" | "datasources" | "deleteDatasources" => continue,
            "delete_datasources" if version == 0 => continue,
            "datasource" | "dataSources" | "data_sources" | "Datasources" => "datasources",
            "delete_datasources" | "deleteDataSources" | "deletedatasources"
            | "deleteDatasource" => "deleteDatasources",
            _ => continue,
        };
        report(
            cx,
            file,
            e.key.span,
            msg!("GRAF006.unknown-key", key = k, expected = expected),
            msg!("GRAF006.note-ignored"),
        );
    }
    let Some(list) = root.entry("datasources") else {
        if version == 0 {
            if let Some(e) = root.entry("deleteDatasources") {
                report(
                    cx,
                    file,
                    e.key.span,
                    msg!("GRAF006.api-missing", key = "deleteDatasources"),
                    msg!("GRAF006.note-ignored"),
                );
            }
        }
        return false;
    };
    let Some(items) = map_items(cx, file, list, "datasources", DS_ERROR) else {
        return false;
    };
    if version > 0 {
        for item in items {
            check_datasource(cx, file, item);
        }
    }
    if version == 0 {
        // The version 0 reader silently drops version 1 keys: report the first one.
        let first = list
            .value
            .items()
            .iter()
            .flat_map(|i| i.entries())
            .find(|e| e.key.as_str().is_some_and(|k| DS_V1_ONLY.contains(&k)));
        if let Some(e) = first {
            report(
                cx,
                file,
                e.key.span,
                msg!("GRAF006.api-missing", key = e.key.as_str().unwrap_or("")),
                msg!("GRAF006.note-ignored"),
            );
        }
        return false;
    }
    true
}

fn check_datasource(cx: &mut Ctx<'_>, file: FileId, ds: &Node) {
    schema::walk(
        &mut Keys {
            cx,
            file,
            error: DS_ERROR,
        },
        ds,
        &DATASOURCE,
        "",
    );
    let name = ds.get_str("name").unwrap_or("").to_string();
    if ds.get("name").is_none_or(Node::is_null) {
        report(
            cx,
            file,
            first_key(ds),
            msg!("GRAF006.missing-name"),
            msg!("GRAF006.note-required"),
        );
    }
    match ds.get("type").and_then(Node::as_str) {
        None => report(
            cx,
            file,
            first_key(ds),
            msg!("GRAF006.missing-type", name = name),
            msg!("GRAF006.note-required"),
        ),
        Some(ty) if NEEDS_URL.contains(&ty) && ds.get("url").is_none_or(Node::is_null) => {
            let span = ds.entry("type").map_or(first_key(ds), |e| e.key.span);
            report(
                cx,
                file,
                span,
                msg!("GRAF006.missing-url", name = name, type = ty),
                msg!("GRAF006.note-url", type = ty),
            );
        }
        Some(_) => {}
    }
    if let Some(a) = ds.get("access") {
        if let Some(v) = a.as_str() {
            if !v.is_empty() && v != "proxy" && v != "direct" && !v.contains('$') {
                // Grafana 7.2 and later use `proxy` instead (with a warning in its log): the
                // data source works. Only a Grafana pinned before 7.2 keeps the broken value.
                let old = only_grafana_before_7_2(cx, file);
                if old {
                    report(
                        cx,
                        file,
                        a.span,
                        msg!("GRAF006.bad-access", value = v),
                        msg!("GRAF006.note-access"),
                    );
                } else {
                    let m = msg!("GRAF006.access-as-proxy", value = v);
                    let d = cx.report(file, a.span, m);
                    d.severity = Severity::Info;
                    d.note(msg!("GRAF006.note-access-proxy"));
                }
            }
        }
    }
}

/// True when the file is read by Grafana containers only, all pinned to a release before 7.2
/// (image tag `6.7.4`, `7.1.5-ubuntu`), which does not replace an unknown `access` with `proxy`.
fn only_grafana_before_7_2(cx: &Ctx<'_>, file: FileId) -> bool {
    let readers = cx.stack.readers(file);
    !readers.is_empty()
        && readers.iter().all(|(image, _)| {
            diagnose_model::images::image_tag(image)
                .and_then(version_numbers)
                .is_some_and(|v| match v[..] {
                    [major, ..] if major < 7 => true,
                    [7, minor, ..] => minor < 2,
                    _ => false,
                })
        })
}

fn first_key(n: &Node) -> Span {
    n.entries().first().map_or(n.span, |e| e.key.span)
}

/// `apiVersion` as Grafana decodes it into an int64 (a plain integer scalar).
fn api_version(n: &Node) -> Option<i64> {
    if n.is_null() {
        return Some(0);
    }
    match n.style() {
        Some(Style::Plain) => n.as_i64(),
        _ => None,
    }
}

/// Names must be unique per organization, and one data source at most is the default,
/// across the files of one provisioning folder.
fn check_names_and_defaults(cx: &mut Ctx<'_>, files: &[(FileId, Node)]) {
    let mut names: BTreeMap<(String, String), (FileId, Span, &Node)> = BTreeMap::new();
    let mut defaults: BTreeMap<String, (FileId, Span)> = BTreeMap::new();
    for (file, root) in files {
        for ds in root.get("datasources").map(Node::items).unwrap_or_default() {
            let org = org_of(ds);
            if let Some(n) = ds.get("name") {
                if let Some(name) = n.as_str().filter(|s| !s.contains('$')) {
                    let key = (org.clone(), name.to_string());
                    if let Some((pf, ps, first)) = names.get(&key).copied() {
                        // The later entry updates the earlier one: the same settings
                        // twice lose nothing (a redundant copy, an info).
                        if same_settings(first, ds) {
                            let d = cx.report(
                                *file,
                                n.span,
                                msg!("GRAF006.duplicate-same", name = name),
                            );
                            d.note(msg!("GRAF006.note-duplicate-same")).related(
                                pf,
                                ps,
                                msg!("GRAF006.label-first"),
                            );
                            d.severity = Severity::Info;
                        } else {
                            cx.report(*file, n.span, msg!("GRAF006.duplicate-name", name = name))
                                .note(msg!("GRAF006.note-duplicate"))
                                .related(pf, ps, msg!("GRAF006.label-first"));
                        }
                    } else {
                        names.insert(key, (*file, n.span, ds));
                    }
                }
            }
            if let Some(d) = ds.get("isDefault") {
                if d.as_str().and_then(parse_bool) == Some(true) {
                    if let Some((pf, ps)) = defaults.get(&org).copied() {
                        cx.report(*file, d.span, msg!("GRAF006.two-defaults"))
                            .note(fails(
                                "datasource.yaml config is invalid. Only one datasource per organization can be marked as default",
                            ))
                            .related(pf, ps, msg!("GRAF006.label-first"));
                    } else {
                        defaults.insert(org, (*file, d.span));
                    }
                }
            }
        }
    }
}

fn org_of(ds: &Node) -> String {
    match (ds.get_str("orgId"), ds.get_str("orgName")) {
        (Some(id), _) if id != "0" => format!("id:{id}"),
        (_, Some(name)) => format!("name:{name}"),
        _ => "id:1".to_string(),
    }
}
