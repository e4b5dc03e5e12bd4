//! The core's JSON writer (`present::write_diagnostic`, `JsonDocument::to_json_pretty`)
//! writes what serde_json writes from the same shapes' `Serialize` impls, byte for byte:
//! on every stack of the fixtures, in both languages, with skipped files whose names and
//! reasons need escaping.

use diagnose_core::present::{self, JsonDocument, Skipped};
use diagnose_core::{check, Input, Lang, Options};
use std::path::Path;

/// Every folder holding a stack: each seed and each precision case, the fuzz inputs.
fn stacks() -> Vec<Vec<Input>> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut out = Vec::new();
    for group in [
        "seeds",
        "precision/side-by-side",
        "fuzz",
        "secrets",
        "markdown",
    ] {
        let Ok(dirs) = std::fs::read_dir(base.join(group)) else {
            continue;
        };
        let mut dirs: Vec<_> = dirs
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for d in dirs {
            out.push(diagnose_tests::read_dir_inputs(&d));
        }
    }
    out
}

#[test]
fn writes_what_serde_json_writes() {
    let stacks = stacks();
    assert!(stacks.len() >= 5, "{} stacks", stacks.len());
    let mut diagnostics = 0;
    let mut fixes = 0;
    for lang in [Lang::En, Lang::Fr] {
        let mut doc = JsonDocument::default();
        for inputs in &stacks {
            let report = check(inputs.clone(), &Options::default());
            for d in &report.diagnostics {
                let j = present::json_diagnostic(&report, d, lang);
                let mut w = diagnose_core::syntax::json_write::JsonWriter::compact();
                present::write_diagnostic(&mut w, &j);
                assert_eq!(w.finish(), serde_json::to_string(&j).unwrap());
                diagnostics += 1;
                fixes += usize::from(j.fix.is_some());
            }
            let skipped = [Skipped {
                file: "odd \"name\"\\\t\u{1}é.yml".into(),
                reason: "line\nbreak \u{7f} 📈".into(),
            }];
            doc.push(&report, &skipped, lang);
            let mut one = JsonDocument::default();
            one.push(&report, &[], lang);
            for nothing_read in [false, true] {
                assert_eq!(
                    one.to_json_pretty(nothing_read),
                    serde_json::to_string_pretty(&one.to_value(nothing_read)).unwrap()
                );
            }
        }
        assert_eq!(
            doc.to_json_pretty(false),
            serde_json::to_string_pretty(&doc.to_value(false)).unwrap()
        );
    }
    assert!(
        diagnostics > 50 && fixes > 0,
        "{diagnostics} diagnostics, {fixes} fixes"
    );
    let empty = JsonDocument::default();
    assert_eq!(
        empty.to_json_pretty(true),
        serde_json::to_string_pretty(&empty.to_value(true)).unwrap()
    );
}
