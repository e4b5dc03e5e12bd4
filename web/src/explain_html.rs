//! The explain box's answer as markup: each error family found (where it is printed, the
//! matched line, the facts read from it, what it means, its likely causes with their rules,
//! and for each cause the diagnostics of the tabs that confirm it), or the sentence that
//! says the text is unknown.
//!
//! The engine module writes it (`explain` in `engine/`, from the core's
//! `explain::view::explanation`, with the catalogue's `explain.*` labels, so the box and the
//! CLI use the same words), and the page inserts it as it is (`app/explain_box.rs`): the
//! page's module carries no code to lay it out. A confirmation's button names its place
//! (`data-file`, `data-line`, `data-column`, `data-start`, `data-end`: UTF-16 offsets in the
//! tab), which the page opens through one handler on the box.

use crate::map_svg::esc;
use crate::text;
use diagnose_core::explain::view::{Explanation, MatchView};
use diagnose_core::Lang;
use std::fmt::Write;

/// Text with `<code>` for the parts between backticks (as the page's `rich`).
fn rich(s: &str) -> String {
    let mut out = String::new();
    for (i, p) in s.split('`').enumerate().filter(|(_, p)| !p.is_empty()) {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", esc(p));
        } else {
            out.push_str(&esc(p));
        }
    }
    out
}

/// `label:` with French typography.
fn colon(label: &str, lang: Lang) -> String {
    esc(&match lang {
        Lang::En => format!("{label}:"),
        Lang::Fr => format!("{label}\u{a0}:"),
    })
}

/// Plain text where `https://` words become links (sources of the knowledge base).
fn linkify(s: &str) -> String {
    let mut out = String::new();
    for (i, word) in s.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.starts_with("https://") {
            let url = word.trim_end_matches([')', ',', '.', ';']);
            let _ = write!(
                out,
                "<a href=\"{u}\" rel=\"noopener noreferrer\" target=\"_blank\">{u}</a>{}",
                esc(&word[url.len()..]),
                u = esc(url),
            );
        } else {
            out.push_str(&rich(word));
        }
    }
    out
}

/// The answer in `lang`; `label` gives the catalogue's text of an `explain.*` id;
/// `have_files`: whether a tab holds text (else the box asks for the files, and a cause is
/// never said to be absent from them).
pub fn render(
    e: &Explanation,
    label: &dyn Fn(&str) -> String,
    lang: Lang,
    have_files: bool,
) -> String {
    match e {
        Explanation::Empty => String::new(),
        Explanation::Unknown => format!(
            "<div class=\"state\" data-state=\"unknown\"><p><strong>{}</strong></p><p>{}</p></div>",
            esc(&label("explain.none")),
            rich(&label("explain.none.help")),
        ),
        Explanation::Found(matches) => {
            let mut out = String::from("<div data-state=\"found\" class=\"explanations\">");
            if !have_files {
                let _ = write!(
                    out,
                    "<p class=\"hint\">{}</p>",
                    esc(text::EXPLAIN_ADD_FILES.get(lang))
                );
            }
            for m in matches {
                match_html(&mut out, m, label, lang, have_files);
            }
            out.push_str("</div>");
            out
        }
    }
}

fn match_html(
    out: &mut String,
    m: &MatchView,
    label: &dyn Fn(&str) -> String,
    lang: Lang,
    have_files: bool,
) {
    let _ = write!(
        out,
        "<article class=\"explanation\" data-family=\"{id}\"><h3><span class=\"family-id\">{id}</span> {}</h3>\
         <dl class=\"explain-meta\"><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd><code>{}</code></dd>",
        esc(&m.title),
        colon(&label("explain.printed-by"), lang),
        esc(&m.component),
        colon(&label("explain.matched"), lang),
        esc(&m.matched),
        id = esc(&m.id),
    );
    if !m.facts.is_empty() {
        let _ = write!(out, "<dt>{}</dt><dd>", colon(&label("explain.facts"), lang));
        for (k, v) in &m.facts {
            let _ = write!(
                out,
                "<code class=\"fact\">{}</code> ",
                esc(&format!("{k}={v}"))
            );
        }
        out.push_str("</dd>");
    }
    let _ = write!(
        out,
        "</dl><p class=\"explain-summary\"><strong>{}</strong></p><p>{}</p><h4>{}</h4><ol class=\"causes\">",
        rich(&m.summary),
        rich(&m.meaning),
        colon(&label("explain.causes"), lang),
    );
    for c in &m.causes {
        let confirmed = !c.confirmed.is_empty();
        out.push_str(if confirmed {
            "<li class=\"confirmed\">"
        } else {
            "<li>"
        });
        if let Some((code, name)) = &c.rule {
            let _ = write!(
                out,
                "<a class=\"code\" href=\"#/rules/{code}?lang={}\" title=\"{}\">{code}</a> ",
                lang.code(),
                esc(name),
                code = esc(code),
            );
        }
        out.push_str(&rich(&c.text));
        for k in &c.confirmed {
            let t = &k.target;
            let _ = write!(
                out,
                "<p class=\"confirmation\" data-code=\"{}\"><svg class=\"icon\" viewBox=\"0 0 16 16\" \
                 aria-hidden=\"true\"><path d=\"M6.5 11.5 3 8l1-1 2.5 2.5L12 4l1 1z\"></path></svg>\
                 <strong>{}</strong> <button type=\"button\" class=\"link confirm-go\" data-file=\"{file}\" \
                 data-line=\"{line}\" data-column=\"{col}\" data-start=\"{}\" data-end=\"{}\">{file}:{line}:{col}</button> {}</p>",
                esc(&k.code),
                colon(&label("explain.confirmed"), lang),
                t.start_utf16,
                t.end_utf16,
                rich(&k.message),
                file = esc(&t.file),
                line = t.line,
                col = t.column,
            );
        }
        if c.rule.is_some() && have_files && !confirmed {
            let _ = write!(
                out,
                "<p class=\"not-confirmed\">{}</p>",
                esc(&label("explain.not-found"))
            );
        }
        out.push_str("</li>");
    }
    let _ = write!(
        out,
        "</ol><details class=\"sources\"><summary>{}</summary><ul>",
        esc(&label("explain.sources"))
    );
    for s in &m.sources {
        let _ = write!(out, "<li>{}</li>", linkify(s));
    }
    out.push_str("</ul></details></article>");
}
