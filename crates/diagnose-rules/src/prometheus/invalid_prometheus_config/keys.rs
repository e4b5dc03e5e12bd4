//! What the shared schema walker finds in a Prometheus configuration, in PROM004's words:
//! keys set twice, unknown, removed or newer than the release that reads the file, values
//! of the wrong type, null list entries. The checks across keys follow (`semantics.rs`).

use super::*;
use crate::schema::{Shape, Visit};
use diagnose_syntax::Entry;

impl Visit<Sec> for Walker<'_, '_> {
    fn duplicate(&mut self, key: &str, again: &Entry, first: &Entry, path: &str) {
        let section = if path.is_empty() { "/" } else { path };
        let file = self.file;
        let d = self.report(
            again.key.span,
            msg!("PROM004.duplicate-key", key = key, section = section),
        );
        d.note(msg!("PROM004.note-duplicate", key = key));
        d.related(file, first.key.span, msg!("PROM004.label-first"));
    }

    /// Reports `key` when the release that reads the file predates it.
    fn too_new(&mut self, key: &str, span: Span, since: Release) -> bool {
        let Some(r) = self.reader.clone() else {
            return false;
        };
        if !r.older_than(since) {
            return false;
        }
        self.report_too_new(&r, key, since, span, "PROM004.note-too-new");
        true
    }

    /// A key that an older release accepted and a later one removed: fine for the older
    /// release, reported with its replacement otherwise.
    fn removed(
        &mut self,
        key: &str,
        span: Span,
        (since, until): (Release, Release),
        new: Option<&'static str>,
    ) -> bool {
        if let Some(r) = self.reader.clone() {
            if r.older_than(since) {
                self.report_too_new(&r, key, since, span, "PROM004.note-too-new");
                return true;
            }
            if r.older_than(until) {
                return true;
            }
        }
        let d = self.cx.report(
            self.file,
            span,
            msg!("PROM004.removed", key = key, until = version::shown(until)),
        );
        d.note(msg!("PROM004.note-removed", key = key));
        if let Some(new) = new {
            d.help(msg!("PROM004.help-suggest", suggestion = new));
        }
        true
    }

    fn unknown(&mut self, sec: &'static Sec, k: &str, entry: &Entry, path: &str) {
        let keys = sec.keys();
        let m = if path.is_empty() {
            msg!("PROM004.unknown-top", key = k)
        } else {
            msg!("PROM004.unknown-key", key = k, section = path)
        };
        // The same key in every job (Prometheus 1.x `target_groups`): one cause.
        let cause = format!("unknown:{}:{}:{k}", self.file.0, sec.name);
        let Some(d) = self.cx.report_grouped(&cause, self.file, entry.key.span, m) else {
            return;
        };
        d.note(msg!("PROM004.note-strict", key = k));
        if let Some(s) = schema::suggest(k, &keys) {
            d.help(msg!("PROM004.help-suggest", suggestion = s));
        } else if std::ptr::eq(sec, &schema::ROOT) && schema::GLOBAL.field(k).is_some() {
            d.help(msg!("PROM004.help-moved", key = k, section = "global"));
        } else if std::ptr::eq(sec, &schema::GLOBAL) && schema::ROOT.field(k).is_some() {
            d.help(msg!("PROM004.help-moved", key = k, section = "/"));
        }
    }

    fn value(&mut self, key: &str, n: &Node, ty: &'static Ty, _path: &str) {
        self.scalar_value(key, n, ty);
    }

    fn not_a(&mut self, key: &str, n: &Node, shape: Shape) {
        let id = match shape {
            Shape::Map => "PROM004.expect-map",
            Shape::List => "PROM004.expect-list",
        };
        self.type_error(key, n, id);
    }

    fn null_entry(&mut self, entry: &Node, path: &str) {
        let d = self.report(entry.span, msg!("PROM004.null-entry", section = path));
        d.note(msg!("PROM004.note-null"));
    }

    fn after(&mut self, node: &Node, sec: &'static Sec, path: &str) {
        self.semantics(node, sec, path);
    }
}

impl Walker<'_, '_> {
    /// `key` (or a relabel action) is newer than the release that reads the file.
    pub(super) fn report_too_new(
        &mut self,
        r: &Reader,
        what: &str,
        since: Release,
        span: Span,
        note: &'static str,
    ) {
        let d = self.cx.report(
            self.file,
            span,
            msg!(
                "PROM004.too-new",
                key = what,
                since = version::shown(since),
                image = r.image.as_str()
            ),
        );
        d.note(msg!(note, version = r.shown()));
        d.help(msg!(
            "PROM004.help-too-new",
            since = version::shown(since),
            key = what
        ));
        if let Some((file, at)) = r.at {
            d.related(file, at, msg!("PROM004.label-image", version = r.shown()));
        }
    }
}
