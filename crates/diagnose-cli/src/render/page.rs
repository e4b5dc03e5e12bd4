//! A rule page (Markdown) for the terminal: headings without their `#`, code blocks
//! indented under a caption instead of fences, and without the markers that make the
//! examples tests (```` ```yaml bad file=… ````, ```` ```text expect ````). Colour on a
//! terminal only (the writer decides).

use diagnose_core::Render;
use diagnose_core::{msg, Lang};
use termcolor::{Color, ColorSpec, WriteColor};

/// The caption of a fenced block, from its info string: the file an example stands for,
/// or what an `expect` block shows.
fn caption(info: &str, lang: Lang) -> Option<String> {
    let words: Vec<&str> = info.split_whitespace().collect();
    let file = words.iter().find_map(|w| w.strip_prefix("file="));
    let role = |id: &'static str| msg!(id).render(lang);
    match (file, words.contains(&"expect")) {
        (_, true) => Some(role("page.expect")),
        (Some(f), _) if words.contains(&"bad") => Some(format!("{f} ({})", role("page.bad"))),
        (Some(f), _) if words.contains(&"good") => Some(format!("{f} ({})", role("page.good"))),
        (Some(f), _) => Some(f.to_string()),
        (None, _) => None,
    }
}

pub fn render(w: &mut dyn WriteColor, page: &str, lang: Lang) -> std::io::Result<()> {
    let mut in_code = false;
    for line in page.lines() {
        if let Some(info) = line.trim_start().strip_prefix("```") {
            if in_code {
                in_code = false;
                continue;
            }
            in_code = true;
            if let Some(c) = caption(info, lang) {
                w.set_color(ColorSpec::new().set_dimmed(true))?;
                write!(w, "  {c}")?;
                w.reset()?;
                writeln!(w)?;
            }
            continue;
        }
        if in_code {
            w.set_color(ColorSpec::new().set_fg(Some(Color::Cyan)))?;
            write!(w, "    {line}")?;
            w.reset()?;
            writeln!(w)?;
            continue;
        }
        let heading = line
            .strip_prefix("# ")
            .map(|h| (h, Color::Magenta))
            .or_else(|| line.strip_prefix("## ").map(|h| (h, Color::Yellow)))
            .or_else(|| line.strip_prefix("### ").map(|h| (h, Color::Yellow)));
        if let Some((h, color)) = heading {
            w.set_color(ColorSpec::new().set_fg(Some(color)).set_bold(true))?;
            write!(w, "{h}")?;
            w.reset()?;
            writeln!(w)?;
            continue;
        }
        writeln!(w, "{line}")?;
    }
    Ok(())
}
