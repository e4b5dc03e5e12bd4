//! What the shared schema walker finds in a provisioning entry, in GRAF006's words: old
//! (version 0) spellings and near misses of known keys, which Grafana ignores, and values
//! checked by their kind the way Grafana decodes them (`BoolValue`, `IntValue`,
//! `StringValue`, maps and lists). Other unknown keys are silent: Grafana ignores them.

use super::{fails, report};
use crate::schema::{self, Fields, Kind, Section, Visit};
use crate::Ctx;
use diagnose_syntax::source::FileId;
use diagnose_syntax::{Entry, Node, Value};
use diagnose_text::msg;

/// The keys of one data source or dashboard provider, walked with its [`Fields`].
pub(super) struct Keys<'a, 'b> {
    pub cx: &'a mut Ctx<'b>,
    pub file: FileId,
    /// What Grafana logs when it cannot read the file.
    pub error: &'static str,
}

impl Visit<Fields> for Keys<'_, '_> {
    fn renamed(&mut self, _: &'static Fields, key: &str, e: &Entry, new: &'static str, _: &str) {
        let d = self.cx.report(
            self.file,
            e.key.span,
            msg!("GRAF006.v0-key", key = key, expected = new),
        );
        d.note(msg!("GRAF006.note-ignored"));
        // `org_id: 1` ignored leaves the entry in organisation 1, Grafana's default: nothing
        // changes.
        if key == "org_id" && e.value.as_str().is_some_and(|v| v.trim() == "1") {
            d.severity = crate::diagnostic::Severity::Info;
            d.note(msg!("GRAF006.note-default-org"));
        }
    }

    fn unknown(&mut self, sec: &'static Fields, key: &str, e: &Entry, _: &str) {
        if let Some(expected) = schema::near_miss(key, &sec.keys()) {
            report(
                self.cx,
                self.file,
                e.key.span,
                msg!("GRAF006.unknown-key", key = key, expected = expected),
                msg!("GRAF006.note-ignored"),
            );
        }
    }

    fn value(&mut self, key: &str, n: &Node, kind: &'static Kind, _: &str) {
        check_value(self.cx, self.file, key, n, *kind, self.error);
    }
}

fn has_variable(n: &Node) -> bool {
    n.as_str().is_some_and(|s| s.contains('$'))
}

/// Grafana's `BoolValue`: the scalar's text through `strconv.ParseBool`.
pub(super) fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Checks a value against its kind in the section's table.
fn check_value(cx: &mut Ctx<'_>, file: FileId, key: &str, n: &Node, kind: Kind, error: &str) {
    match kind {
        Kind::Bool => {
            check_bool(cx, file, key, n, error);
        }
        Kind::Int => {
            check_int(cx, file, key, n, error);
        }
        Kind::Str => {
            check_scalar(cx, file, key, n, error);
        }
        Kind::Map => {
            check_map(cx, file, key, n, error, false);
        }
        Kind::ScalarMap => {
            check_map(cx, file, key, n, error, true);
        }
        Kind::List if !n.is_seq() => report(
            cx,
            file,
            n.span,
            msg!("GRAF006.bad-list", key = key),
            fails(error),
        ),
        Kind::List | Kind::Any => {}
    }
}

fn check_bool(cx: &mut Ctx<'_>, file: FileId, key: &str, n: &Node, error: &str) -> bool {
    if has_variable(n) {
        return false;
    }
    match &n.value {
        Value::Scalar(s, _) if parse_bool(s).is_some() => false,
        Value::Scalar(s, _) => {
            let value = s.clone();
            report(
                cx,
                file,
                n.span,
                msg!("GRAF006.bad-bool", key = key, value = value),
                fails(error),
            );
            true
        }
        _ => check_scalar(cx, file, key, n, error),
    }
}

fn check_int(cx: &mut Ctx<'_>, file: FileId, key: &str, n: &Node, error: &str) -> bool {
    if has_variable(n) {
        return false;
    }
    match &n.value {
        Value::Scalar(s, _) if s.trim().is_empty() || s.trim().parse::<i64>().is_ok() => false,
        Value::Scalar(..) => {
            report(
                cx,
                file,
                n.span,
                msg!("GRAF006.bad-int", key = key),
                fails(error),
            );
            true
        }
        _ => check_scalar(cx, file, key, n, error),
    }
}

fn check_scalar(cx: &mut Ctx<'_>, file: FileId, key: &str, n: &Node, error: &str) -> bool {
    if n.is_scalar() {
        return false;
    }
    report(
        cx,
        file,
        n.span,
        msg!("GRAF006.bad-scalar", key = key),
        fails(error),
    );
    true
}

fn check_map(
    cx: &mut Ctx<'_>,
    file: FileId,
    key: &str,
    n: &Node,
    error: &str,
    scalar_values: bool,
) -> bool {
    if !n.is_map() {
        report(
            cx,
            file,
            n.span,
            msg!("GRAF006.bad-map", key = key),
            fails(error),
        );
        return true;
    }
    if scalar_values {
        for e in n.entries() {
            if !e.value.is_scalar() {
                let k = format!("{key}.{}", e.key.as_str().unwrap_or(""));
                return check_scalar(cx, file, &k, &e.value, error);
            }
        }
    }
    false
}

/// Two entries with the same keys and values (key order and quoting aside).
pub(super) fn same_settings(a: &Node, b: &Node) -> bool {
    if a.is_map() || b.is_map() {
        let (ea, eb) = (a.entries(), b.entries());
        return a.is_map()
            && b.is_map()
            && ea.len() == eb.len()
            && ea.iter().all(|e| {
                e.key
                    .as_str()
                    .is_some_and(|k| b.get(k).is_some_and(|v| same_settings(&e.value, v)))
            });
    }
    if a.is_seq() || b.is_seq() {
        return a.is_seq()
            && b.is_seq()
            && a.items().len() == b.items().len()
            && a.items()
                .iter()
                .zip(b.items())
                .all(|(x, y)| same_settings(x, y));
    }
    a.as_str() == b.as_str()
}
