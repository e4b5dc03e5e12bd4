//! `--select`, `--ignore` and the configuration's selectors: one that names no rule is a
//! usage error, with the closest rule name when it looks like a typo.

use anyhow::Result;
use diagnose_core::Render;
use diagnose_core::{registry, Lang, Options};

/// "; " between two clauses (French typography: a no-break space before `;`).
pub fn semicolon(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "\u{a0}; ",
        Lang::En => "; ",
    }
}

/// The rule name, code or domain closest to an unknown selector, if close enough to be
/// a typo.
fn closest_selector(sel: &str) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    for r in registry::ALL_RULES {
        names.push(r.code.to_string());
        names.push(r.name.to_string());
        names.push(r.domain.to_string());
    }
    let s = sel.trim();
    names
        .into_iter()
        .map(|n| {
            let d = diagnose_core::strings::edit_distance(
                &s.to_ascii_lowercase(),
                &n.to_ascii_lowercase(),
            );
            (d, n)
        })
        .filter(|(d, n)| *d <= (s.chars().count().max(n.chars().count()) / 3).max(1))
        .min()
        .map(|(_, n)| n)
}

/// A selector that names no rule is a usage error: a typo would turn a check off.
pub fn known_selectors(selectors: &[String], origin: &str, lang: Lang) -> Result<()> {
    let probe = Options {
        select: selectors.to_vec(),
        ..Options::default()
    };
    let Some(bad) = probe.unknown_selectors().into_iter().next() else {
        return Ok(());
    };
    let mut text =
        diagnose_core::msg!("cli.unknown-selector", selector = bad, origin = origin).render(lang);
    if let Some(name) = closest_selector(&bad) {
        text.push_str(semicolon(lang));
        text.push_str(&diagnose_core::msg!("cli.did-you-mean", name = name).render(lang));
    }
    anyhow::bail!("{text}")
}
