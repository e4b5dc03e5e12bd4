//! Dashboard provider files (`provisioning/dashboards/*.yaml`).

use super::values::Keys;
use super::{api_version, fails, first_key, map_items, report, DASH_ERROR, V0_KEYS};
use crate::diagnostic::Severity;
use crate::schema::{self, Fields, Kind};
use crate::Ctx;
use diagnose_syntax::source::{FileId, Span};
use diagnose_syntax::{Node, Style, Value};
use diagnose_text::msg;
use std::collections::BTreeMap;

/// A dashboard provider's keys and their kinds
/// (`pkg/services/provisioning/dashboards/types.go`).
static PROVIDER: Fields = Fields {
    name: "providers",
    fields: PROVIDER_FIELDS,
    renamed: V0_KEYS,
};
static PROVIDER_FIELDS: &[(&str, Kind)] = &[
    ("name", Kind::Str),
    ("type", Kind::Str),
    ("orgId", Kind::Int),
    ("folder", Kind::Str),
    ("folderUid", Kind::Str),
    ("editable", Kind::Bool),
    ("options", Kind::Map),
    ("disableDeletion", Kind::Bool),
    ("updateIntervalSeconds", Kind::Int),
    ("allowUiUpdates", Kind::Bool),
];

pub(super) fn check_provider_file(cx: &mut Ctx<'_>, file: FileId, root: &Node) {
    if diagnose_model::workspace::is_v0_provider_list(root) {
        // Still read by Grafana, which only logs a deprecation: an info, not an error.
        let span = root.items().first().map_or(root.span, first_key);
        cx.report(file, span, msg!("GRAF006.provider-v0"))
            .note(msg!("GRAF006.note-provider-v0"))
            .help(msg!("GRAF006.help-provider-v0"))
            .severity = Severity::Info;
        return;
    }
    let Some(list) = root.entry("providers") else {
        return;
    };
    let version = root.get("apiVersion").map_or(Some(0), api_version);
    if version.unwrap_or(0) <= 0 {
        let span = root
            .entry("apiVersion")
            .map_or(list.key.span, |e| e.value.span);
        let m = if root.get("apiVersion").is_some() {
            msg!("GRAF006.api-type")
        } else {
            msg!("GRAF006.api-missing-providers")
        };
        report(cx, file, span, m, fails(DASH_ERROR));
        return;
    }
    let Some(providers) = map_items(cx, file, list, "providers", DASH_ERROR) else {
        return;
    };
    let mut names: BTreeMap<String, Span> = BTreeMap::new();
    for p in providers {
        check_provider(cx, file, p, &mut names);
    }
}

fn check_provider(cx: &mut Ctx<'_>, file: FileId, p: &Node, names: &mut BTreeMap<String, Span>) {
    schema::walk(
        &mut Keys {
            cx,
            file,
            error: DASH_ERROR,
        },
        p,
        &PROVIDER,
        "",
    );
    let name_node = p.get("name");
    let name = name_node.and_then(Node::as_str).unwrap_or("").to_string();
    let name_span = name_node.map_or(first_key(p), |n| n.span);
    if let Some(first) = names.get(&name).copied() {
        cx.report(
            file,
            name_span,
            msg!("GRAF006.provider-duplicate", name = name),
        )
        .note(fails(&format!("dashboard name \"{name}\" is not unique")))
        .related(file, first, msg!("GRAF006.label-first"));
    } else {
        names.insert(name.clone(), name_span);
    }
    let ty = p.get("type").and_then(Node::as_str).unwrap_or("");
    if !ty.is_empty() && ty != "file" && !ty.contains('$') {
        let span = p.get("type").map_or(name_span, |n| n.span);
        report(
            cx,
            file,
            span,
            msg!("GRAF006.provider-type", value = ty),
            fails(&format!("type {ty} is not supported")),
        );
        return;
    }
    let options = p.get("options");
    let path = options.and_then(|o| o.get("path").or_else(|| o.get("folder")));
    if path.is_none_or(Node::is_null) {
        let span = p.entry("options").map_or(name_span, |e| e.key.span);
        report(
            cx,
            file,
            span,
            msg!("GRAF006.provider-no-path", name = name),
            fails("failed to load dashboards, path param is not a string"),
        );
    }
    if let Some(f) = options.and_then(|o| o.get("foldersFromFilesStructure")) {
        match &f.value {
            Value::Scalar(s, st) if *st != Style::Plain => {
                let value = s.clone();
                report(
                    cx,
                    file,
                    f.span,
                    msg!(
                        "GRAF006.not-bool-option",
                        key = "foldersFromFilesStructure",
                        value = value
                    ),
                    msg!("GRAF006.note-ignored"),
                );
            }
            _ if f.as_bool() == Some(true) => {
                let set = |k: &str| {
                    p.get(k)
                        .and_then(Node::as_str)
                        .is_some_and(|v| !v.is_empty())
                };
                if set("folder") && set("folderUid") {
                    report(
                        cx,
                        file,
                        f.span,
                        msg!("GRAF006.folders-conflict"),
                        fails("'folder' and 'folderUID' should be empty using 'foldersFromFilesStructure' option"),
                    );
                }
            }
            _ => {}
        }
    }
}
