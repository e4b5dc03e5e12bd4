//! Runs every example of every rule page (`rules/**/*.md`, English and French):
//! - the `bad` blocks before an `expect` block form one stack whose diagnostics for that
//!   rule must print exactly the `expect` block (short format, in the page's language);
//! - all `good` blocks of the page form one stack with no diagnostic for that rule;
//! - for the rules of `diagnose probe`, blocks named by URL are the servers' answers.
//!
//! `DIAGNOSE_BLESS=1` rewrites the `expect` blocks from the actual output.

use diagnose_core::{check, docs, present, registry, Input, Lang, Options};
use diagnose_tests::{blocks, repo_root, Block};
use libtest_mimic::{Arguments, Failed, Trial};

fn run(rule: &'static diagnose_core::rules::Rule, lang: Lang, inputs: Vec<Input>) -> Vec<String> {
    let options = if rule.domain == "meta" {
        Options::default()
    } else {
        Options {
            select: vec![rule.code.to_string()],
            ..Options::default()
        }
    };
    // `diagnose probe` rules: blocks named by URL (`http://prometheus:9090/api/v1/targets`)
    // are the servers' answers, the others the files.
    let report = if diagnose_core::probe::is_probe_rule(rule) {
        let (answers, files): (Vec<Input>, Vec<Input>) = inputs
            .into_iter()
            .partition(|i| i.path.starts_with("http://") || i.path.starts_with("https://"));
        let probed = diagnose_core::probe::from_urls(
            answers.into_iter().map(|i| (i.path, i.text)).collect(),
        );
        diagnose_core::probe::probe(files, &probed, &options)
    } else {
        check(inputs, &options)
    };
    report
        .diagnostics
        .iter()
        .filter(|d| d.code == rule.code)
        .map(|d| present::short_line(&report, d, lang))
        .collect()
}

fn inputs(bs: &[&Block]) -> Vec<Input> {
    bs.iter()
        .map(|b| {
            Input::new(
                b.file
                    .clone()
                    .unwrap_or_else(|| format!("example.{}", b.lang)),
                b.text.clone(),
            )
        })
        .collect()
}

fn check_page(rule: &'static diagnose_core::rules::Rule, lang: Lang) -> Result<(), Failed> {
    let rel = docs::page_path(rule, lang);
    let path = repo_root().join("rules").join(&rel);
    let page = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let bs = blocks(&page);
    let mut failures = Vec::new();
    let mut pending: Vec<&Block> = Vec::new();
    let mut blessed: Vec<(usize, usize, String)> = Vec::new();
    let mut saw_bad = false;
    for b in &bs {
        match b.role.as_str() {
            "bad" => pending.push(b),
            "expect" => {
                saw_bad = true;
                let actual = run(rule, lang, inputs(&pending)).join("\n");
                let expected = b.text.trim_end().to_string();
                if actual != expected {
                    failures.push(format!(
                        "{rel}:{}: expect block differs\n--- expected\n{expected}\n--- actual\n{actual}\n",
                        b.first_line
                    ));
                    blessed.push((b.first_line, b.end_line, actual.clone()));
                }
                if actual.is_empty() {
                    failures.push(format!(
                        "{rel}:{}: a bad example must produce a diagnostic",
                        b.first_line
                    ));
                }
                pending.clear();
            }
            _ => {}
        }
    }
    if !saw_bad {
        failures.push(format!("{rel}: no `bad` example with an `expect` block"));
    }
    let good: Vec<&Block> = bs.iter().filter(|b| b.role == "good").collect();
    if good.is_empty() {
        failures.push(format!("{rel}: no `good` example"));
    } else {
        let out = run(rule, lang, inputs(&good));
        if !out.is_empty() {
            failures.push(format!(
                "{rel}: the good example gives diagnostics:\n{}",
                out.join("\n")
            ));
        }
    }
    if std::env::var_os("DIAGNOSE_BLESS").is_some() && !blessed.is_empty() {
        let mut lines: Vec<String> = page.lines().map(str::to_string).collect();
        for (start, end, actual) in blessed.into_iter().rev() {
            lines.splice(start..end, actual.lines().map(str::to_string));
        }
        std::fs::write(&path, lines.join("\n") + "\n").map_err(|e| e.to_string())?;
        return Ok(());
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n").into())
    }
}

fn main() {
    let args = Arguments::from_args();
    let mut trials = Vec::new();
    for rule in registry::ALL_RULES {
        for lang in Lang::ALL {
            trials.push(Trial::test(
                format!("{}::{}", docs::page_path(rule, lang), rule.code),
                move || check_page(rule, lang),
            ));
        }
    }
    libtest_mimic::run(&args, trials).exit();
}
