//! The registry, the rule pages and the message catalogue agree with each other.

use diagnose_core::i18n::{placeholders, Lang};
use diagnose_core::{docs, registry};
use std::collections::HashSet;

#[test]
fn codes_and_names_are_unique_and_well_formed() {
    let mut codes = HashSet::new();
    let mut names = HashSet::new();
    for r in registry::ALL_RULES {
        assert!(codes.insert(r.code), "duplicate code {}", r.code);
        assert!(names.insert(r.name), "duplicate name {}", r.name);
        let prefix: String = r
            .code
            .chars()
            .take_while(|c| c.is_ascii_uppercase() || *c == '8')
            .collect();
        assert!(
            ["AM", "NET", "DC", "GRAF", "K8S", "PROM", "PQL", "DIAG"].contains(&prefix.as_str()),
            "bad code prefix {}",
            r.code
        );
        assert!(
            r.code[prefix.len()..].len() == 3
                && r.code[prefix.len()..].chars().all(|c| c.is_ascii_digit()),
            "bad code {}",
            r.code
        );
        assert!(
            r.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()),
            "bad name {}",
            r.name
        );
    }
    let mut sorted: Vec<_> = registry::ALL_RULES
        .iter()
        .map(|r| (r.domain, r.code))
        .collect();
    let before = sorted.clone();
    sorted.sort();
    assert_eq!(
        before, sorted,
        "ALL_RULES must be sorted by domain then code"
    );
}

#[test]
fn every_rule_has_a_page_in_both_languages_with_the_right_title() {
    for r in registry::ALL_RULES {
        for lang in Lang::ALL {
            let page = docs::page(r, lang)
                .unwrap_or_else(|| panic!("missing page {}", docs::page_path(r, lang)));
            let title = format!("# {} ({})", r.name, r.code);
            assert_eq!(
                page.lines().next(),
                Some(title.as_str()),
                "{}",
                docs::page_path(r, lang)
            );
            assert!(
                docs::summary(r, lang) != r.name,
                "{} has no summary line",
                docs::page_path(r, lang)
            );
        }
    }
}

#[test]
fn every_page_belongs_to_a_rule() {
    for (path, _) in docs::PAGES {
        let found = registry::ALL_RULES
            .iter()
            .any(|r| Lang::ALL.iter().any(|l| docs::page_path(r, *l) == *path));
        assert!(found, "rules/{path} belongs to no registered rule");
    }
}

#[test]
fn pages_have_the_fixed_sections() {
    let en = [
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
        "## References",
    ];
    let fr = [
        "## Ce que fait la règle",
        "## Pourquoi est-ce un problème\u{a0}?",
        "## Exemple",
        "## À la place",
        "## Références",
    ];
    for r in registry::ALL_RULES {
        for (lang, sections) in [(Lang::En, en), (Lang::Fr, fr)] {
            let page = docs::page(r, lang).unwrap();
            for s in sections {
                assert!(
                    page.lines().any(|l| l.trim_end() == s),
                    "{} lacks `{s}`",
                    docs::page_path(r, lang)
                );
            }
            if r.fix != diagnose_core::rules::FixKind::None {
                let fs = if lang == Lang::En {
                    "## Fix safety"
                } else {
                    "## Sûreté du correctif"
                };
                assert!(
                    page.contains(fs),
                    "{} lacks `{fs}`",
                    docs::page_path(r, lang)
                );
            }
        }
    }
}

#[test]
fn catalogue_is_complete_in_both_languages() {
    let mut ids = HashSet::new();
    for t in diagnose_core::catalog::all_texts() {
        assert!(ids.insert(t.id), "duplicate message id {}", t.id);
        assert!(
            !t.en.trim().is_empty() && !t.fr.trim().is_empty(),
            "{} is empty in a language",
            t.id
        );
        assert_eq!(
            placeholders(t.en),
            placeholders(t.fr),
            "{}: arguments differ between English and French",
            t.id
        );
        // French typography: a no-break space before `:` `;` `?` `!` when preceded by a space.
        for bad in [" :", " ;", " ?", " !"] {
            assert!(
                !t.fr.contains(bad),
                "{}: use a no-break space (U+00A0) before `{}` in French",
                t.id,
                &bad[1..]
            );
        }
    }
}

#[test]
fn rule_message_ids_are_prefixed_by_their_code() {
    for r in registry::ALL_RULES {
        for t in r.messages {
            assert!(
                t.id.starts_with(&format!("{}.", r.code)),
                "{} in {} should start with `{}.`",
                t.id,
                r.code,
                r.code
            );
        }
    }
}

#[test]
fn french_pages_use_french_typography() {
    // Outside code blocks and inline code: a no-break space (U+00A0) before `:` `;` `?` `!`.
    for (path, text) in docs::PAGES.iter().filter(|(p, _)| p.ends_with(".fr.md")) {
        let mut fence = false;
        for (n, line) in text.lines().enumerate() {
            if line.starts_with("```") {
                fence = !fence;
                continue;
            }
            if fence {
                continue;
            }
            for (i, part) in line.split('`').enumerate() {
                if i % 2 == 1 {
                    continue; // inline code
                }
                for p in [" :", " ;", " ?", " !"] {
                    let bad = part.match_indices(p).any(|(at, _)| {
                        part[at + 2..]
                            .chars()
                            .next()
                            .is_none_or(char::is_whitespace)
                    });
                    assert!(
                        !bad,
                        "rules/{path}:{}: use a no-break space before `{}`: {line}",
                        n + 1,
                        &p[1..]
                    );
                }
            }
        }
    }
}

/// The rules crate's module lists and `ALL_RULES` as the rule files say they should be:
/// `(path, expected text)` of each domain's `mod.rs` and of `registry.rs`.
fn generated_registry() -> Vec<(std::path::PathBuf, String)> {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/diagnose-rules/src");
    let mut out = Vec::new();
    let mut rules = Vec::new();
    let mut domains: Vec<_> = std::fs::read_dir(&src)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("mod.rs").is_file())
        .collect();
    domains.sort();
    for dir in domains {
        let domain = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut modules = Vec::new();
        for e in std::fs::read_dir(&dir).unwrap().filter_map(Result::ok) {
            let p = e.path();
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            if p.is_dir() && p.join("mod.rs").is_file() {
                modules.push(name);
            } else if p.extension().is_some_and(|x| x == "rs") && name != "mod" {
                let text = std::fs::read_to_string(&p).unwrap();
                if text.contains("pub static RULE: Rule") {
                    let field = |key: &str| {
                        let at = text.find(&format!("{key}: \"")).unwrap() + key.len() + 3;
                        text[at..at + text[at..].find('"').unwrap()].to_string()
                    };
                    rules.push((field("domain"), field("code"), domain.clone(), name.clone()));
                }
                modules.push(name);
            }
        }
        modules.sort();
        let text: String = modules.iter().map(|m| format!("pub mod {m};\n")).collect();
        out.push((dir.join("mod.rs"), text));
    }
    rules.sort();
    let registry = src.join("registry.rs");
    let old = std::fs::read_to_string(&registry).unwrap();
    let start = old.find("pub static ALL_RULES: &[&Rule] = &[\n").unwrap();
    let end = start + old[start..].find("];\n").unwrap();
    let list: String = rules
        .iter()
        .map(|(_, _, d, m)| format!("    &rules::{d}::{m}::RULE,\n"))
        .collect();
    let new = format!(
        "{}pub static ALL_RULES: &[&Rule] = &[\n{list}{}",
        &old[..start],
        &old[end..]
    );
    out.push((registry, new));
    out
}

/// A new rule is one file (plus its two pages): the module lists and `ALL_RULES` are
/// generated from the rule files, the way clippy's `cargo dev update_lints` does.
/// `DIAGNOSE_BLESS=1 cargo test -p diagnose-tests --test registry` writes them.
#[test]
fn registry_and_module_lists_match_the_rule_files() {
    let bless = std::env::var_os("DIAGNOSE_BLESS").is_some();
    let mut stale = Vec::new();
    for (path, expected) in generated_registry() {
        if std::fs::read_to_string(&path).unwrap() != expected {
            if bless {
                std::fs::write(&path, expected).unwrap();
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "out of date (run `DIAGNOSE_BLESS=1 cargo test -p diagnose-tests --test registry`):\n{}",
        stale.join("\n")
    );
}
