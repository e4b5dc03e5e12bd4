//! French texts read as French: no English sentence left behind in a French message.

/// Words that only appear in an English sentence (outside backticks).
const ENGLISH: &[&str] = &[
    " the ",
    " is ",
    " are ",
    " with ",
    " which ",
    " should ",
    " cannot ",
    " does not ",
    " must ",
    " file ",
];

fn prose(s: &str) -> String {
    // Drop `inline code` (English keys and values are expected there) and « quotes » of
    // what a tool prints.
    let no_code: String = s
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, p)| p)
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = String::new();
    let mut depth = 0;
    for c in no_code.chars() {
        match c {
            '«' => depth += 1,
            '»' => depth = (depth as i32 - 1).max(0) as usize,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn french_messages_are_not_english() {
    let mut bad = Vec::new();
    for t in diagnose_core::catalog::all_texts() {
        let p = format!(" {} ", prose(t.fr).to_lowercase());
        if let Some(w) = ENGLISH.iter().find(|w| p.contains(*w)) {
            bad.push(format!("{}: `{}` in {:?}", t.id, w.trim(), t.fr));
        }
        if t.fr == t.en && t.en.split_whitespace().count() > 2 {
            bad.push(format!(
                "{}: French text identical to English: {:?}",
                t.id, t.fr
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "French texts with English left in:\n{}",
        bad.join("\n")
    );
}
