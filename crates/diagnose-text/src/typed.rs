//! Compile-time checks of [`msg!`](crate::msg): a message written with a literal id is
//! checked, while the crate compiles, against the texts that crate can render (its
//! `crate::TEXT_TABLES`): the id must exist, and every `{argument}` its English or French
//! text uses must be given. A wrong id or a missing argument is a compile error at the call.
//!
//! Ids chosen at run time (`msg!(id, ..)` with a variable) cannot be checked here; the
//! catalogue tests check those.
//!
//! ```
//! use diagnose_text::{msg, Text};
//! static T: &[Text] = &[Text { id: "x.port", en: "port {port}", fr: "port {port}" }];
//! const TEXT_TABLES: &[&[Text]] = &[T];
//! fn main() {
//!     assert_eq!(msg!("x.port", port = 9090).arg("port"), Some("9090"));
//! }
//! ```
//! A wrong id does not compile:
//! ```compile_fail,E0080
//! # use diagnose_text::{msg, Text};
//! # static T: &[Text] = &[Text { id: "x.port", en: "port {port}", fr: "port {port}" }];
//! # const TEXT_TABLES: &[&[Text]] = &[T];
//! fn main() {
//!     let _ = msg!("x.prot", port = 9090);
//! }
//! ```
//! Nor does a missing argument:
//! ```compile_fail,E0080
//! # use diagnose_text::{msg, Text};
//! # static T: &[Text] = &[Text { id: "x.port", en: "port {port}", fr: "port {port}" }];
//! # const TEXT_TABLES: &[&[Text]] = &[T];
//! fn main() {
//!     let _ = msg!("x.port");
//! }
//! ```
//! Nor an argument no text uses (a misspelt name):
//! ```compile_fail,E0080
//! # use diagnose_text::{msg, Text};
//! # static T: &[Text] = &[Text { id: "x.port", en: "port {port}", fr: "port {port}" }];
//! # const TEXT_TABLES: &[&[Text]] = &[T];
//! fn main() {
//!     let _ = msg!("x.port", port = 1, prot = 2);
//! }
//! ```

use crate::Text;

/// What [`check`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    Ok,
    UnknownId,
    MissingArgument,
    UnusedArgument,
}

const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn given(name: &[u8], args: &[&str]) -> bool {
    let mut i = 0;
    while i < args.len() {
        if same(name, args[i].as_bytes()) {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether every `{name}` of `template` is in `args` (`{{` is a literal brace).
const fn all_given(template: &str, args: &[&str]) -> bool {
    let t = template.as_bytes();
    let mut i = 0;
    while i < t.len() {
        if t[i] == b'{' {
            if i + 1 < t.len() && t[i + 1] == b'{' {
                i += 2;
                continue;
            }
            let mut end = i + 1;
            while end < t.len() && t[end] != b'}' {
                end += 1;
            }
            if end == t.len() {
                return true;
            }
            let (_, rest) = t.split_at(i + 1);
            let (name, _) = rest.split_at(end - i - 1);
            if !given(name, args) {
                return false;
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
    true
}

/// Whether `template` uses `{name}`.
const fn uses(template: &str, name: &str) -> bool {
    let t = template.as_bytes();
    let n = name.as_bytes();
    let mut i = 0;
    while i + n.len() + 1 < t.len() {
        if t[i] == b'{' && t[i + n.len() + 1] == b'}' && (i == 0 || t[i - 1] != b'{') {
            let (_, rest) = t.split_at(i + 1);
            let (word, _) = rest.split_at(n.len());
            if same(word, n) {
                return true;
            }
        }
        i += 1;
    }
    false
}

/// Checks a message id and its argument names against text tables.
pub const fn check(tables: &[&[Text]], id: &str, args: &[&str]) -> Check {
    if cfg!(diagnose_external_texts) {
        // Built without texts (the web app's engine module, `catalog.rs`), the tables are
        // empty: ids and arguments are checked by every build that has them.
        return Check::Ok;
    }
    let mut t = 0;
    while t < tables.len() {
        let table = tables[t];
        let mut e = 0;
        while e < table.len() {
            let text = &table[e];
            if same(text.id.as_bytes(), id.as_bytes()) {
                if !all_given(text.en, args) || !all_given(text.fr, args) {
                    return Check::MissingArgument;
                }
                let mut a = 0;
                while a < args.len() {
                    if !uses(text.en, args[a]) && !uses(text.fr, args[a]) {
                        return Check::UnusedArgument;
                    }
                    a += 1;
                }
                return Check::Ok;
            }
            e += 1;
        }
        t += 1;
    }
    Check::UnknownId
}

#[cfg(test)]
mod tests {
    use super::*;

    static T: &[Text] = &[Text {
        id: "a.b",
        en: "in `{svc}` on {port} {{x}}",
        fr: "dans `{svc}` sur {port}",
    }];

    #[test]
    fn ids_and_arguments_are_checked() {
        assert_eq!(check(&[T], "a.b", &["port", "svc"]), Check::Ok);
        assert_eq!(check(&[T], "a.c", &["port", "svc"]), Check::UnknownId);
        assert_eq!(check(&[T], "a.b", &["svc"]), Check::MissingArgument);
        assert_eq!(
            check(&[T], "a.b", &["svc", "port", "x"]),
            Check::UnusedArgument
        );
        // `{{x}}` is a literal brace, not an argument
        assert_eq!(check(&[T], "a.b", &["svc", "port"]), Check::Ok);
    }

    #[test]
    fn arguments_are_checked_in_every_build_that_has_the_texts() {
        // Only the build without texts (`--cfg diagnose_external_texts`, whose entries are
        // all empty) checks ids alone; here an empty entry still refuses an argument.
        static EMPTY: &[Text] = &[Text {
            id: "a.b",
            en: "",
            fr: "",
        }];
        assert_eq!(check(&[EMPTY], "a.b", &["anything"]), Check::UnusedArgument);
        assert_eq!(check(&[EMPTY], "a.b", &[]), Check::Ok);
        assert_eq!(check(&[EMPTY], "a.c", &[]), Check::UnknownId);
    }
}
