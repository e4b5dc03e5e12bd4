//! The one walker of the configuration rules: it goes through a mapping with the
//! [`Section`] that describes it, sorts every key (known, newer than the release that
//! reads the file, removed, renamed, unknown, set twice), enters nested sections and
//! lists of sections, and hands each finding to the rule's [`Visit`], which words it.

use super::{Release, Section};
use diagnose_syntax::source::Span;
use diagnose_syntax::{Entry, Node};

/// A nested value: a section, or a list of sections.
pub enum Nested<S: 'static> {
    Map(&'static S),
    List(&'static S),
}

/// What a nested value should have been.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Map,
    List,
}

/// The rule's side of the walk: what to report for each finding. Only `unknown` and
/// `value` are required; the defaults stay silent.
pub trait Visit<S: Section> {
    /// `key` set a second time in one mapping (`first` is where it was set first).
    fn duplicate(&mut self, _key: &str, _again: &Entry, _first: &Entry, _path: &str) {}

    /// A known key that came in release `since`: true when the release that reads the
    /// file predates it and this was reported (its value is then not checked).
    fn too_new(&mut self, _key: &str, _span: Span, _since: Release) -> bool {
        false
    }

    /// A key that releases `range.0` to `range.1` (excluded) accepted, with its new
    /// spelling if it was renamed: true when handled.
    fn removed(
        &mut self,
        _key: &str,
        _span: Span,
        _range: (Release, Release),
        _new: Option<&'static str>,
    ) -> bool {
        false
    }

    /// A key in its old spelling (`new` is the current one). Default: an unknown key.
    fn renamed(
        &mut self,
        sec: &'static S,
        key: &str,
        entry: &Entry,
        _new: &'static str,
        path: &str,
    ) {
        self.unknown(sec, key, entry, path);
    }

    /// A key the section does not know.
    fn unknown(&mut self, sec: &'static S, key: &str, entry: &Entry, path: &str);

    /// The value of a known key, neither null nor a nested section (`path` includes the key).
    fn value(&mut self, key: &str, value: &Node, ty: &'static S::Ty, path: &str);

    /// A nested section or list of sections written as something else.
    fn not_a(&mut self, _key: &str, _value: &Node, _shape: Shape) {}

    /// A null entry in a list of sections (`path` is the list's).
    fn null_entry(&mut self, _entry: &Node, _path: &str) {}

    /// After a section's keys: the rule's checks across keys.
    fn after(&mut self, _node: &Node, _sec: &'static S, _path: &str) {}
}

/// `section.key`, or `key` at the top.
pub fn join(section: &str, key: &str) -> String {
    if section.is_empty() {
        key.to_string()
    } else {
        format!("{section}.{key}")
    }
}

/// Walks `node` (ignored unless a mapping) as the section `sec`, at `path`.
pub fn walk<S: Section, V: Visit<S>>(v: &mut V, node: &Node, sec: &'static S, path: &str) {
    if !node.is_map() {
        return;
    }
    let entries = node.entries();
    for (i, e) in entries.iter().enumerate() {
        let Some(k) = e.key.as_str() else { continue };
        if let Some(first) = entries[..i].iter().find(|x| x.key.as_str() == Some(k)) {
            v.duplicate(k, e, first, path);
        }
    }
    for e in entries {
        let Some(k) = e.key.as_str() else { continue };
        let span = e.key.span;
        match sec.field(k) {
            Some(_) if sec.since(k).is_some_and(|s| v.too_new(k, span, s)) => {}
            Some(ty) => value(v, k, &e.value, ty, &join(path, k)),
            None if sec
                .removed(k)
                .is_some_and(|r| v.removed(k, span, r, sec.renamed(k))) => {}
            None => match sec.renamed(k) {
                Some(new) => v.renamed(sec, k, e, new, path),
                None => v.unknown(sec, k, e, path),
            },
        }
    }
    v.after(node, sec, path);
}

/// A known key's value: nested sections are entered, the rest goes to the rule.
fn value<S: Section, V: Visit<S>>(v: &mut V, key: &str, n: &Node, ty: &'static S::Ty, path: &str) {
    if n.is_null() {
        return;
    }
    match S::nested(ty) {
        None => v.value(key, n, ty, path),
        Some(Nested::Map(_)) if !n.is_map() => v.not_a(key, n, Shape::Map),
        Some(Nested::Map(sec)) => walk(v, n, sec, path),
        Some(Nested::List(_)) if !n.is_seq() => v.not_a(key, n, Shape::List),
        Some(Nested::List(sec)) => {
            for (i, it) in n.items().iter().enumerate() {
                if it.is_null() {
                    v.null_entry(it, path);
                } else if !it.is_map() {
                    v.not_a(key, it, Shape::Map);
                } else {
                    walk(v, it, sec, &format!("{path}[{i}]"));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use diagnose_syntax::parse_yaml;

    /// A small versioned schema with a nested section and a list of sections.
    struct Tbl {
        name: &'static str,
        fields: &'static [(&'static str, T)],
    }
    enum T {
        Leaf,
        Map(&'static Tbl),
        List(&'static Tbl),
    }
    impl Section for Tbl {
        type Ty = T;
        fn name(&self) -> &'static str {
            self.name
        }
        fn field(&self, key: &str) -> Option<&'static T> {
            self.fields.iter().find(|(k, _)| *k == key).map(|(_, t)| t)
        }
        fn keys(&self) -> Vec<&'static str> {
            self.fields.iter().map(|(k, _)| *k).collect()
        }
        fn nested(ty: &'static T) -> Option<Nested<Tbl>> {
            match ty {
                T::Leaf => None,
                T::Map(s) => Some(Nested::Map(s)),
                T::List(s) => Some(Nested::List(s)),
            }
        }
        fn since(&self, key: &str) -> Option<Release> {
            (key == "new").then_some((3, 1))
        }
        fn removed(&self, key: &str) -> Option<(Release, Release)> {
            (key == "gone").then_some(((2, 0), (3, 0)))
        }
        fn renamed(&self, key: &str) -> Option<&'static str> {
            matches!(key, "gone" | "old").then_some("leaf")
        }
    }
    static INNER: Tbl = Tbl {
        name: "inner",
        fields: &[("leaf", T::Leaf)],
    };
    static ROOT: Tbl = Tbl {
        name: "",
        fields: &[
            ("leaf", T::Leaf),
            ("new", T::Leaf),
            ("one", T::Map(&INNER)),
            ("many", T::List(&INNER)),
        ],
    };

    /// Records every call; `release` stands for the release that reads the file.
    struct Log {
        release: Release,
        seen: Vec<String>,
    }
    impl Visit<Tbl> for Log {
        fn duplicate(&mut self, key: &str, _: &Entry, _: &Entry, path: &str) {
            self.seen.push(format!("duplicate {path}:{key}"));
        }
        fn too_new(&mut self, key: &str, _: Span, since: Release) -> bool {
            let newer = self.release < since;
            if newer {
                self.seen.push(format!("too-new {key}"));
            }
            newer
        }
        fn removed(
            &mut self,
            key: &str,
            _: Span,
            r: (Release, Release),
            new: Option<&str>,
        ) -> bool {
            self.seen.push(format!("removed {key} {r:?} {new:?}"));
            true
        }
        fn renamed(&mut self, _: &'static Tbl, key: &str, _: &Entry, new: &str, _: &str) {
            self.seen.push(format!("renamed {key}->{new}"));
        }
        fn unknown(&mut self, sec: &'static Tbl, key: &str, _: &Entry, path: &str) {
            self.seen
                .push(format!("unknown {}/{path}:{key}", sec.name()));
        }
        fn value(&mut self, key: &str, n: &Node, _: &'static T, path: &str) {
            let v = n.as_str().unwrap_or("?");
            self.seen.push(format!("value {path} {key}={v}"));
        }
        fn not_a(&mut self, key: &str, _: &Node, shape: Shape) {
            self.seen.push(format!("not-a {key} {shape:?}"));
        }
        fn null_entry(&mut self, _: &Node, path: &str) {
            self.seen.push(format!("null {path}"));
        }
        fn after(&mut self, _: &Node, sec: &'static Tbl, path: &str) {
            self.seen.push(format!("after {}/{path}", sec.name()));
        }
    }

    fn run(yaml: &str, release: Release) -> Vec<String> {
        let (docs, _) = parse_yaml(yaml);
        let mut log = Log {
            release,
            seen: Vec::new(),
        };
        walk(&mut log, &docs[0].root, &ROOT, "");
        log.seen
    }

    #[test]
    fn sorts_keys_enters_sections_and_skips_nulls() {
        let yaml = "leaf: a\nleaf: b\nold: x\ngone: y\nzzz: z\nnew: n\nnone:\none: {leaf: c, oops: d}\nmany:\n  - leaf: e\n  -\n  - 3\none2: 1\n";
        assert_eq!(
            run(yaml, (3, 0)),
            [
                "duplicate :leaf",
                "value leaf leaf=a",
                "value leaf leaf=b",
                "renamed old->leaf",
                "removed gone ((2, 0), (3, 0)) Some(\"leaf\")",
                "unknown /:zzz",
                "too-new new",
                "unknown /:none",
                "value one.leaf leaf=c",
                "unknown inner/one:oops",
                "after inner/one",
                "value many[0].leaf leaf=e",
                "after inner/many[0]",
                "null many",
                "not-a many Map",
                "unknown /:one2",
                "after /",
            ]
        );
        // A release that knows `new`: its value is checked.
        assert!(run("new: n\n", (3, 1)).contains(&"value new new=n".to_string()));
    }

    #[test]
    fn wrong_shapes_and_null_values() {
        assert_eq!(
            run("one: [1]\nmany: {leaf: x}\nleaf:\n", (9, 0)),
            ["not-a one Map", "not-a many List", "after /"]
        );
        // Not a mapping: nothing to walk.
        assert!(run("- a\n", (9, 0)).is_empty());
    }
}
