//! `diagnose-text`, the message layer. Every user-facing text of diagnose is a [`Message`]:
//! an id and named arguments. The text is looked up in a [`Catalog`] only when output is
//! rendered, so one analysis can be shown in English and French (the web app switches
//! language without re-linting).
//!
//! This layer knows no rule: rule messages live beside their rule (`Rule::messages`), engine
//! messages in [`ENGINE`], and the engine (`diagnose-core`) assembles the catalogue from all
//! of them and hands it to the renderers.

mod catalog;
pub mod external;
pub mod typed;

use serde::Serialize;
use std::collections::HashMap;

pub use catalog::ENGINE;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("fr") {
            Some(Lang::Fr)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// Whether a count takes the singular: French uses it for 0 and 1, English for 1.
    pub fn singular(self, n: usize) -> bool {
        match self {
            Lang::Fr => n <= 1,
            Lang::En => n == 1,
        }
    }
}

/// One catalogue entry: an id and its text in each language. `{name}` marks an argument.
#[derive(Debug)]
pub struct Text {
    pub id: &'static str,
    pub en: &'static str,
    pub fr: &'static str,
}

impl Text {
    /// The text in `lang`. (Built with `--cfg diagnose_external_texts`, the catalogue has no
    /// entries: a message's text is found by id in the texts given at run time, see
    /// `diagnose_core::catalog::text`; a `Text` made at run time, from the knowledge base,
    /// carries its texts, which its loader requires non-empty.)
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Fr => self.fr,
        }
    }
}

/// A translatable message: an id into the catalogue, and its arguments (values such as
/// service names, ports and paths, which are never translated).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Message {
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

/// Builds a [`Message`]: `msg!("id", service = name, port = 9090)`.
///
/// With a literal id the call is checked while the calling crate compiles, against its
/// `crate::TEXT_TABLES: &[&[Text]]` (the texts that crate renders): an unknown id, an
/// argument a text uses but the call does not give, or one no text uses, fails to compile
/// (see [`typed`]). An id held in a variable is checked by the catalogue tests instead.
#[macro_export]
#[allow(clippy::crate_in_macro_def)] // `crate::TEXT_TABLES` is the calling crate's, on purpose
macro_rules! msg {
    ($id:literal $(, $k:ident = $v:expr)* $(,)?) => {{
        const _: () = match $crate::typed::check(crate::TEXT_TABLES, $id, &[$(stringify!($k)),*]) {
            $crate::typed::Check::Ok => {}
            $crate::typed::Check::UnknownId => panic!(concat!("msg!: no text has the id `", $id, "`")),
            $crate::typed::Check::MissingArgument => panic!(concat!(
                "msg!: a text of `", $id, "` uses an argument this call does not give"
            )),
            $crate::typed::Check::UnusedArgument => panic!(concat!(
                "msg!: this call gives `", $id, "` an argument none of its texts uses"
            )),
        };
        $crate::Message { id: $id, args: vec![$((stringify!($k), ($v).to_string())),*] }
    }};
    ($id:expr $(, $k:ident = $v:expr)* $(,)?) => {
        $crate::Message { id: $id, args: vec![$((stringify!($k), ($v).to_string())),*] }
    };
}

/// Every text of an analysis by id: assembled by the engine from its own texts and every
/// rule's, then used to render messages.
#[derive(Debug, Default)]
pub struct Catalog {
    texts: HashMap<&'static str, &'static Text>,
}

impl Catalog {
    /// A catalogue of the given tables; a later entry with the same id wins (ids are unique,
    /// which a test checks).
    pub fn new(tables: impl IntoIterator<Item = &'static [Text]>) -> Catalog {
        let mut texts = HashMap::new();
        for table in tables {
            for t in table {
                texts.insert(t.id, t);
            }
        }
        Catalog { texts }
    }

    pub fn lookup(&self, id: &str) -> Option<&'static Text> {
        self.texts.get(id).copied()
    }

    /// Renders `message` in `lang`. An unknown id renders as the id itself (a test
    /// guarantees that every id used by a rule is in the catalogue).
    pub fn render(&self, message: &Message, lang: Lang) -> String {
        match self.lookup(message.id) {
            Some(text) => fill(text.get(lang), &message.args),
            None => message.id.to_string(),
        }
    }
}

impl Message {
    pub fn new(id: &'static str) -> Message {
        Message {
            id,
            args: Vec::new(),
        }
    }

    pub fn arg(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Replaces `{name}` with the argument's value; `{{` and `}}` are literal braces.
pub fn fill(template: &str, args: &[(&'static str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let r = &rest[i..];
        if r.starts_with("{{") || r.starts_with("}}") {
            out.push_str(&r[..1]);
            rest = &r[2..];
        } else if let (true, Some(end)) = (r.starts_with('{'), r.find('}')) {
            let name = &r[1..end];
            match args.iter().find(|(k, _)| *k == name) {
                Some((_, v)) => out.push_str(v),
                None => out.push_str(&r[..=end]),
            }
            rest = &r[end + 1..];
        } else {
            out.push_str(&r[..1]);
            rest = &r[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The argument names a template uses, sorted.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut v = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        let r = &rest[i..];
        if let Some(stripped) = r.strip_prefix("{{") {
            rest = stripped;
            continue;
        }
        match r.find('}') {
            Some(end) => {
                v.push(&r[1..end]);
                rest = &r[end + 1..];
            }
            None => break,
        }
    }
    v.sort_unstable();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_named_arguments() {
        let args = vec![("svc", "grafana".to_string())];
        assert_eq!(fill("in `{svc}` {{x}}", &args), "in `grafana` {x}");
        assert_eq!(placeholders("a {x} b {y} {x} {{z}}"), vec!["x", "y"]);
    }
}
