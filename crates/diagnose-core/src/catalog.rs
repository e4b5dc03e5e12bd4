//! The message catalogue of an analysis: the engine's texts, the explain knowledge base's,
//! and every rule's, assembled here (the message layer knows no rule) and used by every
//! renderer through [`Render`].

use diagnose_text::{Catalog, Lang, Message, Text, ENGINE};
use std::sync::OnceLock;

/// Every text table: the engine's, the explain knowledge base's, the probe's, then each rule's. Also what
/// `msg!` checks its literal ids against while this crate compiles (`diagnose_text::typed`).
pub const TEXT_TABLES: &[&[Text]] = &TABLES;
const TABLES: [&[Text]; diagnose_rules::TEXT_TABLES.len() + 2] = {
    // diagnose_rules::TEXT_TABLES is the engine's table, then each rule's
    let rules = diagnose_rules::TEXT_TABLES;
    let mut all = [ENGINE; diagnose_rules::TEXT_TABLES.len() + 2];
    all[1] = crate::explain::texts::TEXTS;
    all[2] = crate::probe::messages::TEXTS;
    let mut i = 1;
    while i < rules.len() {
        all[i + 2] = rules[i];
        i += 1;
    }
    all
};

/// Every text table, in the order of [`TEXT_TABLES`]: read from the statics that hold them
/// (`ENGINE`, the explain and probe tables, each rule's `messages`), not from the constant,
/// which only serves the compile-time checks. A constant is copied into each crate that uses
/// it at run time, texts included (the web app's module carried every rule's texts twice).
pub fn tables() -> impl Iterator<Item = &'static [Text]> {
    [
        ENGINE,
        crate::explain::texts::TEXTS,
        crate::probe::messages::TEXTS,
    ]
    .into_iter()
    .chain(
        diagnose_rules::registry::ALL_RULES
            .iter()
            .map(|r| r.messages),
    )
}

/// Every catalogue entry (tests check each in both languages).
pub fn all_texts() -> impl Iterator<Item = &'static Text> {
    tables().flatten()
}

/// The catalogue, built once.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::new(tables()))
}

/// Texts made at run time from data (the knowledge base's explanations, for `diagnose
/// probe`), registered by the code that makes them: not in `all_texts` (their own tests
/// check them).
static EXTRA: OnceLock<&'static [Text]> = OnceLock::new();

pub fn register(texts: &'static [Text]) {
    let _ = EXTRA.set(texts);
}

pub fn lookup(id: &str) -> Option<&'static Text> {
    catalog()
        .lookup(id)
        .or_else(|| EXTRA.get()?.iter().find(|t| t.id == id))
}

/// The text of `id` in `lang`: the catalogue's, or, in the build without texts (the web
/// app's engine module, whose catalogue is empty), the one given at run time.
pub fn text(id: &str, lang: Lang) -> Option<&'static str> {
    diagnose_text::external::given(lang, id).or_else(|| Some(lookup(id)?.get(lang)))
}

/// Renders a [`Message`] with the catalogue: `message.render(Lang::Fr)`.
pub trait Render {
    fn render(&self, lang: Lang) -> String;
}

impl Render for Message {
    fn render(&self, lang: Lang) -> String {
        match text(self.id, lang) {
            Some(text) => diagnose_text::fill(text, &self.args),
            None => self.id.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The run-time tables are the compile-time ones, in the same order.
    #[test]
    fn tables_are_the_text_tables() {
        assert_eq!(tables().count(), TEXT_TABLES.len());
        for (r, c) in tables().zip(TEXT_TABLES.iter()) {
            let ids = |t: &[Text]| t.iter().map(|x| x.id).collect::<Vec<_>>();
            assert_eq!(ids(r), ids(c));
        }
    }
}
