//! The human output in the order a learner reads it: every error, then every warning,
//! then the infos — summarised by rule (the core's `InfoDigest`) unless `--infos` asks
//! for each in full. Diagnostics are rendered as the stacks are checked, into buffers
//! written at the end, so that no report is kept.

use diagnose_core::present::InfoDigest;
use diagnose_core::Render;
use diagnose_core::{msg, present, registry, Lang, Report, Severity};
use termcolor::{Buffer, Color, ColorSpec, WriteColor};

pub struct Ordered {
    errors: Buffer,
    warnings: Buffer,
    infos: Buffer,
    digest: InfoDigest,
    full_infos: bool,
}

fn buffer(color: bool) -> Buffer {
    if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    }
}

impl Ordered {
    pub fn new(color: bool, full_infos: bool) -> Ordered {
        Ordered {
            errors: buffer(color),
            warnings: buffer(color),
            infos: buffer(color),
            digest: InfoDigest::default(),
            full_infos,
        }
    }

    /// Renders the diagnostics of one stack.
    pub fn add(&mut self, report: &Report, lang: Lang) -> std::io::Result<()> {
        for d in &report.diagnostics {
            let w = match d.severity {
                Severity::Error => &mut self.errors,
                Severity::Warning => &mut self.warnings,
                Severity::Info if self.full_infos => &mut self.infos,
                Severity::Info => {
                    self.digest.add(report, d, lang);
                    continue;
                }
            };
            super::human::render(w, report, d, lang)?;
        }
        Ok(())
    }

    /// Writes errors, warnings, then infos or their digest.
    pub fn finish(self, w: &mut dyn WriteColor, lang: Lang) -> std::io::Result<()> {
        w.write_all(self.errors.as_slice())?;
        w.write_all(self.warnings.as_slice())?;
        w.write_all(self.infos.as_slice())?;
        if self.digest.is_empty() {
            return Ok(());
        }
        let bold = |c: Option<Color>| ColorSpec::new().set_fg(c).set_bold(true).clone();
        for g in self.digest.groups() {
            w.set_color(&bold(Some(Color::Cyan)))?;
            write!(
                w,
                "{}[{}]",
                present::severity_word(Severity::Info, lang),
                g.code
            )?;
            w.set_color(&bold(None))?;
            // The rule's name: what `diagnose explain` takes.
            let name = registry::by_code(g.code).map_or("", |r| r.name);
            writeln!(
                w,
                ": {} ({})",
                name,
                present::plural(g.count, "count.info", "count.infos", lang)
            )?;
            w.reset()?;
            for line in &g.shown {
                let line = line.replace(|c: char| c.is_control(), "\u{fffd}");
                w.set_color(&bold(Some(Color::Blue)))?;
                write!(w, "  --> ")?;
                w.reset()?;
                writeln!(w, "{line}")?;
            }
            if g.count > g.shown.len() {
                let more = g.count - g.shown.len();
                writeln!(w, "  {}", msg!("infos.more", n = more).render(lang))?;
            }
        }
        w.set_color(&bold(Some(Color::Blue)))?;
        write!(w, "  = ")?;
        w.set_color(&bold(None))?;
        write!(w, "{}", msg!("word.note").render(lang))?;
        w.reset()?;
        writeln!(w, ": {}", msg!("infos.hint").render(lang))?;
        writeln!(w)
    }
}
