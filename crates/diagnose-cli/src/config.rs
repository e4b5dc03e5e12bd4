//! `diagnose.toml` at the root of the checked folder.
//!
//! ```toml
//! select = ["ALL"]                 # codes, prefixes, names or domains
//! ignore = ["image-tag-latest"]
//! exclude = ["vendor/**"]          # paths not to read
//!
//! [severity]                       # "off", "info", "warning" or "error"
//! compose-version-obsolete = "off"
//!
//! [[per-path-ignores]]
//! paths = ["legacy/**"]
//! rules = ["NET001"]
//! ```

use anyhow::{bail, Context, Result};
use diagnose_core::{Level, Options, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileConfig {
    #[serde(default)]
    pub select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
    #[serde(default)]
    pub per_path_ignores: Vec<PathIgnore>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathIgnore {
    pub paths: Vec<String>,
    pub rules: Vec<String>,
}

pub fn parse(text: &str, path: &str) -> Result<FileConfig> {
    toml::from_str(text).with_context(|| format!("invalid {path}"))
}

impl FileConfig {
    /// Fails when a rule selector of the file names no rule (`origin`: the file's name).
    pub fn known_selectors(&self, origin: &str, lang: diagnose_core::Lang) -> Result<()> {
        let all: Vec<String> = self
            .select
            .iter()
            .chain(&self.ignore)
            .chain(self.severity.keys())
            .chain(self.per_path_ignores.iter().flat_map(|p| &p.rules))
            .cloned()
            .collect();
        crate::selectors::known_selectors(&all, origin, lang)
    }

    /// Adds this configuration to `o`; `prefix` is the display path of the configuration's
    /// folder (its `per-path-ignores` paths are relative to it).
    pub fn apply(&self, o: &mut Options, prefix: &str) -> Result<()> {
        o.select.extend(self.select.iter().cloned());
        o.ignore.extend(self.ignore.iter().cloned());
        for (sel, level) in &self.severity {
            let l = match level.as_str() {
                "off" => Level::Off,
                s => match Severity::parse(s) {
                    Some(sev) => Level::On(sev),
                    None => bail!(
                        "unknown severity `{level}` for `{sel}` (use off, info, warning or error)"
                    ),
                },
            };
            o.levels.push((sel.clone(), l));
        }
        for p in &self.per_path_ignores {
            for path in &p.paths {
                let path = match prefix.trim_end_matches('/') {
                    "" => path.clone(),
                    pre => format!("{pre}/{}", path.trim_start_matches("./")),
                };
                o.path_ignores.push((path, p.rules.clone()));
            }
        }
        Ok(())
    }
}
