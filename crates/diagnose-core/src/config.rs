//! Options of one analysis: which rules run, at which severity, where they are ignored.
//! The CLI fills this from flags and `diagnose.toml`; the web app uses the defaults.

use diagnose_rules::diagnostic::Severity;
use diagnose_rules::Rule;

/// A rule level set by configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Selectors (code, code prefix, name, domain or `ALL`) of the rules to run. Empty:
    /// every rule.
    pub select: Vec<String>,
    /// Selectors of rules not to run.
    pub ignore: Vec<String>,
    /// Per-rule levels: (selector, level). Later entries win.
    pub levels: Vec<(String, Level)>,
    /// (path glob, selectors): diagnostics of these rules in matching files are dropped.
    pub path_ignores: Vec<(String, Vec<String>)>,
    /// The paths that exist in the checked folders (the CLI lists them; `None` in the web
    /// app): rules about missing files stay silent without it.
    pub known_paths: Option<std::sync::Arc<diagnose_model::known_paths::KnownPaths>>,
}

/// Whether `selector` designates `rule`: `ALL`, its code, a code prefix (`NET`, `NET00`),
/// its name or its domain.
pub fn selects(selector: &str, rule: &Rule) -> bool {
    let s = selector.trim();
    if s.is_empty() {
        return false;
    }
    s.eq_ignore_ascii_case("all")
        || s == rule.name
        || s == rule.domain
        || (s.chars().all(|c| c.is_ascii_alphanumeric())
            && s.starts_with(|c: char| c.is_ascii_alphabetic())
            && rule.code.starts_with(&s.to_ascii_uppercase()))
}

impl Options {
    pub fn level(&self, rule: &Rule) -> Level {
        let enabled = (self.select.is_empty() || self.select.iter().any(|s| selects(s, rule)))
            && !self.ignore.iter().any(|s| selects(s, rule));
        let mut level = if enabled {
            Level::On(rule.severity)
        } else {
            Level::Off
        };
        for (sel, l) in &self.levels {
            if selects(sel, rule) {
                level = *l;
            }
        }
        level
    }

    /// Selectors that designate no rule (to report typos).
    pub fn unknown_selectors(&self) -> Vec<String> {
        let all = diagnose_rules::registry::ALL_RULES;
        self.select
            .iter()
            .chain(&self.ignore)
            .chain(self.levels.iter().map(|(s, _)| s))
            .chain(self.path_ignores.iter().flat_map(|(_, v)| v))
            .filter(|s| !all.iter().any(|r| selects(s, r)))
            .cloned()
            .collect()
    }
}
