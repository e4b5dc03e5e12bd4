//! Texts given at run time. The web app's engine module is built with `--cfg
//! diagnose_external_texts`: its catalogue has no entries (the texts of both languages
//! were a fifth of the module), and the page gives it the texts of the
//! language it shows, a data file per language written from the full catalogue at build
//! time (`web/build.rs`). Every other build embeds the texts and never reads this store.

use crate::Lang;
use std::collections::HashMap;
use std::sync::OnceLock;

type Texts = HashMap<&'static str, &'static str>;

static GIVEN: [OnceLock<Texts>; 2] = [OnceLock::new(), OnceLock::new()];

fn slot(lang: Lang) -> &'static OnceLock<Texts> {
    match lang {
        Lang::En => &GIVEN[0],
        Lang::Fr => &GIVEN[1],
    }
}

/// Gives the texts of `lang` as `(id, text)` pairs; the first texts given for a language
/// stay (a second load of the same data file changes nothing). Kept for the process's life.
pub fn provide(lang: Lang, texts: impl IntoIterator<Item = (String, String)>) {
    slot(lang).get_or_init(|| {
        texts
            .into_iter()
            .map(|(id, text)| -> (&'static str, &'static str) { (id.leak(), text.leak()) })
            .collect()
    });
}

/// Whether messages can be rendered in `lang`: always when the texts are embedded, else
/// once they are given.
pub fn ready(lang: Lang) -> bool {
    !cfg!(diagnose_external_texts) || slot(lang).get().is_some()
}

/// The text given for `id` in `lang`.
pub fn get(lang: Lang, id: &str) -> Option<&'static str> {
    slot(lang).get()?.get(id).copied()
}

/// The text given for `id` in `lang` in the build without texts (whose catalogue is empty,
/// see `texts!`); `None` in every other build, whose catalogue has them.
pub fn given(lang: Lang, id: &str) -> Option<&'static str> {
    if cfg!(diagnose_external_texts) {
        get(lang, id)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_texts_are_found_by_language_and_the_first_stay() {
        assert_eq!(get(Lang::Fr, "t.x"), None);
        provide(Lang::Fr, [("t.x".to_string(), "port {port}".to_string())]);
        provide(Lang::Fr, [("t.x".to_string(), "other".to_string())]);
        assert_eq!(get(Lang::Fr, "t.x"), Some("port {port}"));
        assert_eq!(get(Lang::Fr, "t.y"), None);
        assert_eq!(get(Lang::En, "t.x"), None);
        // Embedded texts (this build) are always ready.
        assert!(ready(Lang::En));
    }
}
