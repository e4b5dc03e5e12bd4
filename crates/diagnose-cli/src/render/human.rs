//! rustc-style output: a header, the source line with the offending value underlined,
//! labels in other files, then note, help and a link to the rule page.

use diagnose_core::diagnostic::{Diagnostic, Label};
use diagnose_core::Render;
use diagnose_core::{docs, msg, present, registry, Lang, Message, Report, Severity};
use termcolor::{Color, ColorSpec, WriteColor};

fn color(sev: Severity) -> Color {
    match sev {
        Severity::Error => Color::Red,
        Severity::Warning => Color::Yellow,
        Severity::Info => Color::Cyan,
    }
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
    let start = f.lines().line_col(&f.text, l.span.start as usize);
    // Secrets masked; only this line, not the whole file, for each label.
    let line_text: String = present::masked_line(report, l.file, start.line as usize - 1)
        .trim_end_matches('\r')
        .to_string();
    let end = f.lines().line_col(&f.text, l.span.end as usize);
    let col0 = start.column as usize - 1;
    let width = line_text.chars().count();
    let len = if end.line == start.line {
        (end.column as usize).saturating_sub(start.column as usize)
    } else {
        width.saturating_sub(col0)
    };
    let (text, underline_start, underline_len) = clip(&line_text, col0, len.max(1));
    Snippet {
        path: &f.path,
        line: start.line,
        col: start.column,
        text: text
            .replace('\t', " ")
            .replace(|c: char| c.is_control(), " "),
        underline_start,
        underline_len,
    }
}

/// A message for the terminal: secrets in its arguments redacted, control characters
/// (escape sequences written in a config file) made harmless.
fn shown(report: &Report, m: &Message, lang: Lang) -> String {
    present::render_redacted(report, m, lang)
        .replace(|c: char| c.is_control() && c != '\n', "\u{fffd}")
}

/// Longest source line shown whole; longer ones (minified JSON) are cut around the
/// underlined part so that one diagnostic never prints megabytes.
const MAX_LINE_CHARS: usize = 160;
/// Context kept on each side of the underlined part of a cut line.
const CONTEXT_CHARS: usize = 40;

/// The part of a line to show, and where the underline falls in it (in characters).
fn clip(line: &str, start: usize, len: usize) -> (String, usize, usize) {
    let width = line.chars().count();
    if width <= MAX_LINE_CHARS {
        return (line.to_string(), start, len);
    }
    let len = len.min(MAX_LINE_CHARS - 2 * CONTEXT_CHARS);
    let from = start.saturating_sub(CONTEXT_CHARS);
    let to = (start + len + CONTEXT_CHARS).min(width);
    let mut out = String::new();
    let mut shift = 0;
    if from > 0 {
        out.push('…');
        shift = 1;
    }
    out.extend(line.chars().skip(from).take(to - from));
    if to < width {
        out.push('…');
    }
    (out, start - from + shift, len)
}

pub fn render(
    w: &mut dyn WriteColor,
    report: &Report,
    d: &Diagnostic,
    lang: Lang,
) -> std::io::Result<()> {
    let c = color(d.severity);
    set(w, Some(c), true)?;
    write!(
        w,
        "{}[{}]",
        present::severity_word(d.severity, lang),
        d.code
    )?;
    set(w, None, true)?;
    writeln!(w, ": {}", shown(report, &d.message, lang))?;
    w.reset()?;
    let primary = snippet(report, &d.primary);
    let mut labels: Vec<(Snippet, Option<String>, bool)> = vec![(
        primary,
        d.primary.message.as_ref().map(|m| shown(report, m, lang)),
        true,
    )];
    for l in &d.related {
        labels.push((
            snippet(report, l),
            l.message.as_ref().map(|m| shown(report, m, lang)),
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
        footer(w, &msg!("word.note").render(lang), &shown(report, n, lang))?;
    }
    if let Some(h) = &d.help {
        footer(w, &msg!("word.help").render(lang), &shown(report, h, lang))?;
    }
    if let Some(f) = &d.fix {
        footer(
            w,
            &msg!("word.fix").render(lang),
            &shown(report, &f.title, lang),
        )?;
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

#[cfg(test)]
mod tests {
    use super::clip;

    #[test]
    fn long_lines_are_cut_around_the_underline() {
        let line = format!("{}TARGET{}", "a".repeat(100_000), "b".repeat(100_000));
        let (text, start, len) = clip(&line, 100_000, 6);
        assert!(text.chars().count() < 100, "{}", text.len());
        assert_eq!(
            text.chars().skip(start).take(len).collect::<String>(),
            "TARGET"
        );
        let (text, start, _) = clip("short", 1, 2);
        assert_eq!((text.as_str(), start), ("short", 1));
    }
}
