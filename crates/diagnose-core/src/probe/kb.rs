//! The knowledge base's explanations as catalogue entries, registered with the catalogue
//! when `diagnose probe` runs (the catalogue cannot import the knowledge base: it is
//! below it).

use crate::explain::kb::families;
use diagnose_text::Text;
use std::sync::OnceLock;

/// The knowledge base's texts as catalogue entries, so explanations render in either
/// language: `probe.kb.<family>` ("title: summary") and `probe.kb.<family>.cause.<i>`.
pub fn kb_texts() -> &'static [Text] {
    static T: OnceLock<Vec<Text>> = OnceLock::new();
    T.get_or_init(|| {
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        let mut v = Vec::new();
        for f in families() {
            v.push(Text {
                id: leak(format!("probe.kb.{}", f.id)),
                en: leak(format!("{}: {}", f.title.en.trim(), f.summary.en.trim())),
                fr: leak(format!(
                    "{}\u{a0}: {}",
                    f.title.fr.trim(),
                    f.summary.fr.trim()
                )),
            });
            for (i, c) in f.causes.iter().enumerate() {
                v.push(Text {
                    id: leak(format!("probe.kb.{}.cause.{i}", f.id)),
                    en: leak(format!("likely cause: {}", c.text.en.trim())),
                    fr: leak(format!("cause probable\u{a0}: {}", c.text.fr.trim())),
                });
            }
        }
        v
    })
}

pub(crate) fn kb_id(family: &str, cause: Option<usize>) -> Option<&'static str> {
    let id = match cause {
        None => format!("probe.kb.{family}"),
        Some(i) => format!("probe.kb.{family}.cause.{i}"),
    };
    kb_texts().iter().find(|t| t.id == id).map(|t| t.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Render;
    use diagnose_text::Message;

    #[test]
    fn knowledge_base_texts_render_in_both_languages() {
        crate::catalog::register(kb_texts());
        let id = kb_id("connection-refused", None).unwrap();
        let m = Message::new(id);
        assert!(m
            .render(diagnose_text::Lang::En)
            .starts_with("Connection refused: "));
        assert!(m
            .render(diagnose_text::Lang::Fr)
            .starts_with("Connexion refusée\u{a0}: "));
    }
}
