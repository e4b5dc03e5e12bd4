//! The message catalogue of an analysis: the engine's texts, the explain knowledge base's,
//! and every rule's, assembled here (the message layer knows no rule) and used by every
//! renderer through [`Render`].

use crate::registry::ALL_RULES;
use diagnose_text::{Catalog, Lang, Message, Text, ENGINE};
use std::sync::OnceLock;

/// Every text table: the engine's, the explain knowledge base's, then each rule's.
pub fn tables() -> impl Iterator<Item = &'static [Text]> {
    [ENGINE, crate::explain::texts::TEXTS, crate::probe::TEXTS]
        .into_iter()
        .chain(ALL_RULES.iter().map(|r| r.messages))
}

/// Every catalogue entry (tests check each in both languages).
pub fn all_texts() -> impl Iterator<Item = &'static Text> {
    tables().flatten()
}

/// The catalogue, built once.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    // The knowledge base's texts (explanations of `diagnose probe`) are data, read at run
    // time: in the catalogue, but not in `all_texts` (their own tests check them).
    CATALOG.get_or_init(|| Catalog::new(tables().chain([crate::probe::kb_texts()])))
}

pub fn lookup(id: &str) -> Option<&'static Text> {
    catalog().lookup(id)
}

/// Renders a [`Message`] with the catalogue: `message.render(Lang::Fr)`.
pub trait Render {
    fn render(&self, lang: Lang) -> String;
}

impl Render for Message {
    fn render(&self, lang: Lang) -> String {
        catalog().render(self, lang)
    }
}
