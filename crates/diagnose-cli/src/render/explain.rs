//! Human output of `diagnose explain TEXT [PATH]...`: each error family found, its facts,
//! what it means, and its likely causes with the lines of the user's files that confirm
//! them.

use diagnose_core::explain::{self, Match};
use diagnose_core::Render;
use diagnose_core::{msg, registry, Lang, Report};
use termcolor::{Color, ColorSpec, WriteColor};

const WIDTH: usize = 100;

/// Greedy word wrap at `WIDTH` columns; the first line is prefixed by `first`, the others
/// by `rest`. Only ASCII spaces break lines (French no-break spaces stay).
pub fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let len = line.chars().count() + word.chars().count() + usize::from(!empty);
        if !empty && len > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = rest.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out
}

/// The colon after a label: French typography wants a no-break space before it.
fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ":",
        Lang::Fr => "\u{a0}:",
    }
}

fn heading(w: &mut dyn WriteColor, text: &str, color: Option<Color>) -> std::io::Result<()> {
    w.set_color(ColorSpec::new().set_fg(color).set_bold(true))?;
    write!(w, "{text}")?;
    w.reset()
}

fn render_match(
    w: &mut dyn WriteColor,
    m: &Match,
    report: Option<&Report>,
    lang: Lang,
) -> std::io::Result<()> {
    let f = m.family;
    heading(w, &f.id, Some(Color::Magenta))?;
    write!(w, "{} ", colon(lang))?;
    heading(w, f.title.get(lang), None)?;
    writeln!(w)?;
    let label = |id: &'static str| format!("{}{}", msg!(id).render(lang), colon(lang));
    writeln!(
        w,
        "{}",
        wrap(
            &explain::component_names(f, lang),
            &format!("  {} ", label("explain.printed-by")),
            "      "
        )
    )?;
    writeln!(w, "  {} {}", label("explain.matched"), m.line)?;
    let facts: Vec<String> = m
        .facts
        .entries()
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    if !facts.is_empty() {
        writeln!(
            w,
            "{}",
            wrap(
                &facts.join(" "),
                &format!("  {} ", label("explain.facts")),
                "      "
            )
        )?;
    }
    writeln!(w)?;
    writeln!(w, "{}", wrap(f.summary.get(lang), "  ", "  "))?;
    writeln!(w)?;
    writeln!(w, "{}", wrap(f.meaning.get(lang), "  ", "  "))?;
    writeln!(w)?;
    writeln!(w, "  {}", label("explain.causes"))?;
    for (i, c) in m.causes.iter().enumerate() {
        let tag = match &c.cause.rule {
            Some(name) => match registry::find(name) {
                Some(r) => format!("[{} {}] ", r.code, r.name),
                None => format!("[{name}] "),
            },
            None => String::new(),
        };
        let num = format!("    {}. ", i + 1);
        let text = format!("{tag}{}", c.cause.text.get(lang));
        writeln!(w, "{}", wrap(&text, &num, "       "))?;
        let Some(report) = report else { continue };
        if c.confirmed.is_empty() {
            if c.cause.rule.as_deref().and_then(registry::find).is_some() {
                writeln!(w, "       {}", msg!("explain.not-found").render(lang))?;
            }
            continue;
        }
        for d in c
            .confirmed
            .iter()
            .filter_map(|i| explain::json_confirmation(report, *i, lang))
        {
            w.set_color(ColorSpec::new().set_fg(Some(Color::Green)).set_bold(true))?;
            write!(w, "       {} ", label("explain.confirmed"))?;
            w.reset()?;
            writeln!(w, "{}:{}:{}: {}", d.file, d.line, d.column, d.message)?;
        }
    }
    writeln!(w)?;
    writeln!(w, "  {}", label("explain.sources"))?;
    for s in &f.sources {
        writeln!(w, "{}", wrap(s, "    - ", "      "))?;
    }
    Ok(())
}

/// Renders every match; with no report, ends with a hint to give the config files.
pub fn render(
    w: &mut dyn WriteColor,
    matches: &[Match],
    report: Option<&Report>,
    lang: Lang,
) -> std::io::Result<()> {
    for (i, m) in matches.iter().enumerate() {
        if i > 0 {
            writeln!(w)?;
        }
        render_match(w, m, report, lang)?;
    }
    if report.is_none()
        && matches
            .iter()
            .any(|m| m.causes.iter().any(|c| c.cause.rule.is_some()))
    {
        writeln!(w)?;
        writeln!(
            w,
            "{}",
            wrap(&msg!("explain.hint-paths").render(lang), "", "")
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_on_ascii_spaces_only() {
        let long = "mot ".repeat(40);
        let w = wrap(&long, "  - ", "    ");
        assert!(w.lines().all(|l| l.chars().count() <= 100));
        assert!(w.lines().skip(1).all(|l| l.starts_with("    ")));
        assert_eq!(wrap("a\u{a0}: b", "", ""), "a\u{a0}: b");
    }
}
