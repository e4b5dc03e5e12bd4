//! Inputs found by fuzzing (`tests/fuzz/run.sh`) that once crashed or hung the core, kept so
//! they never do again. Each file in `tests/fixtures/fuzz/<target>/` is replayed through
//! the same harness as the fuzz target (`tests/fuzz/fuzz_targets/common.rs`).

#[path = "fuzz/fuzz_targets/common.rs"]
mod common;

use diagnose_tests::repo_root;

fn inputs_of(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = repo_root().join("tests/fixtures/fuzz").join(target);
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn kinds(data: &[u8]) {
    common::run(common::decode_kinds(data));
}

fn stack(data: &[u8]) {
    common::run(common::decode_stack(data));
}

#[test]
fn kinds_regressions() {
    let cases = inputs_of("kinds");
    assert!(!cases.is_empty());
    for (name, data) in cases {
        eprintln!("kinds/{name}");
        kinds(&data);
    }
}

#[test]
fn stack_regressions() {
    let cases = inputs_of("stack");
    assert!(!cases.is_empty());
    for (name, data) in cases {
        eprintln!("stack/{name}");
        stack(&data);
    }
}
