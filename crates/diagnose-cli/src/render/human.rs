//! rustc-style output: a header, the source line with the offending value underlined,
//! labels in other files, then note, help and a link to the rule page.

use diagnose_core::diagnostic::{Diagnostic, Label};
use diagnose_core::{docs, msg, registry, Lang, Report, Severity};
use termcolor::{Color, ColorSpec, WriteColor};

fn color(sev: Severity) -> Color {
    match sev {
        Severity::Error => Color::Red,
        Severity::Warning => Color::Yellow,
        Severity::Info => Color::Cyan,
    }
}

fn severity_word(sev: Severity, lang: Lang) -> String {
    let id = match sev {
        Severity::Error => "severity.error",
        Severity::Warning => "severity.warning",
        Severity::Info => "severity.info",
    };
    msg!(id).render(lang)
}

fn set(w: &mut dyn WriteColor, c: Option<Color>, bold: bool) -> std::io::Result<()> {
    w.set_color(ColorSpec::new().set_fg(c).set_bold(bold))
}

struct Snippet<'a> {
    path: &'a str,
    line: u32,
    col: u32,
    text: String,
    underline_start: usize,
    underline_len: usize,
}

fn snippet<'a>(report: &'a Report, l: &Label) -> Snippet<'a> {
    let f = report.file(l.file);
    let text = diagnose_core::present::masked_text(report, l.file);
    let start = f.lines.line_col(&f.text, l.span.start as usize);
    let line_start = f.lines.line_start(start.line as usize - 1);
    let line_text: String = text[line_start.min(text.len())..]
        .split('\n')
        .next()
        .unwrap_or("")
        .trim_end_matches('\r')
        .to_string();
    let end = f.lines.line_col(&f.text, l.span.end as usize);
    let col0 = start.column as usize - 1;
    let width = line_text.chars().count();
    let len = if end.line == start.line {
        (end.column as usize).saturating_sub(start.column as usize)
    } else {
        width.saturating_sub(col0)
    };
    Snippet {
        path: &f.path,
        line: start.line,
        col: start.column,
        text: line_text.replace('\t', " "),
        underline_start: col0,
        underline_len: len.max(1),
    }
}

pub fn render(
    w: &mut dyn WriteColor,
    report: &Report,
    d: &Diagnostic,
    lang: Lang,
) -> std::io::Result<()> {
    let c = color(d.severity);
    set(w, Some(c), true)?;
    write!(w, "{}[{}]", severity_word(d.severity, lang), d.code)?;
    set(w, None, true)?;
    writeln!(w, ": {}", d.message.render(lang))?;
    w.reset()?;
    let primary = snippet(report, &d.primary);
    let mut labels: Vec<(Snippet, Option<String>, bool)> = vec![(
        primary,
        d.primary.message.as_ref().map(|m| m.render(lang)),
        true,
    )];
    for l in &d.related {
        labels.push((
            snippet(report, l),
            l.message.as_ref().map(|m| m.render(lang)),
            false,
        ));
    }
    let gutter = labels
        .iter()
        .map(|(s, _, _)| s.line.to_string().len())
        .max()
        .unwrap_or(1);
    let pad = " ".repeat(gutter);
    let mut last_path: Option<&str> = None;
    for (i, (s, msg, is_primary)) in labels.iter().enumerate() {
        set(w, Some(Color::Blue), true)?;
        if i == 0 {
            write!(w, "{pad}--> ")?;
        } else {
            write!(w, "{pad}::: ")?;
        }
        w.reset()?;
        writeln!(w, "{}:{}:{}", s.path, s.line, s.col)?;
        let _ = last_path.replace(s.path);
        set(w, Some(Color::Blue), true)?;
        writeln!(w, "{pad} |")?;
        write!(w, "{:>gutter$} | ", s.line)?;
        w.reset()?;
        writeln!(w, "{}", s.text)?;
        set(w, Some(Color::Blue), true)?;
        write!(w, "{pad} | ")?;
        let lc = if *is_primary { c } else { Color::Blue };
        set(w, Some(lc), true)?;
        let mark = if *is_primary { "^" } else { "-" };
        write!(
            w,
            "{}{}",
            " ".repeat(s.underline_start),
            mark.repeat(s.underline_len)
        )?;
        if let Some(m) = msg {
            write!(w, " {m}")?;
        }
        writeln!(w)?;
        w.reset()?;
    }
    set(w, Some(Color::Blue), true)?;
    writeln!(w, "{pad} |")?;
    w.reset()?;
    let footer = |w: &mut dyn WriteColor, word: &str, text: &str| -> std::io::Result<()> {
        set(w, Some(Color::Blue), true)?;
        write!(w, "{pad} = ")?;
        set(w, None, true)?;
        write!(w, "{word}")?;
        w.reset()?;
        writeln!(w, ": {text}")
    };
    for n in &d.notes {
        footer(w, &msg!("word.note").render(lang), &n.render(lang))?;
    }
    if let Some(h) = &d.help {
        footer(w, &msg!("word.help").render(lang), &h.render(lang))?;
    }
    if let Some(f) = &d.fix {
        footer(w, &msg!("word.fix").render(lang), &f.title.render(lang))?;
    }
    if let Some(rule) = registry::by_code(d.code) {
        footer(
            w,
            &msg!("word.see").render(lang),
            &if super::docs_base() == docs::DOCS_URL {
                format!("diagnose explain {}", rule.name)
            } else {
                format!(
                    "diagnose explain {}  ({})",
                    rule.name,
                    docs::rule_url(super::docs_base(), rule, lang)
                )
            },
        )?;
    }
    writeln!(w)
}
