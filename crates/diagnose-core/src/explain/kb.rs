//! The knowledge base: one YAML file per error family under `rules/errors/`, embedded at
//! build time (`docs::ERROR_FAMILIES`) and parsed on first use with the core's own YAML
//! parser. A family that does not parse is left out (and reported by [`load_errors`], which
//! a test keeps empty), so bad data never panics.

use super::facts::FACT_NAMES;
use super::pattern;
use diagnose_syntax::{parse_yaml, Node};
use diagnose_text::Lang;
use std::sync::OnceLock;

/// Where an error text is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Component {
    GrafanaUi,
    GrafanaLog,
    PrometheusTargets,
    PrometheusLog,
    Promtool,
    Docker,
    Kubectl,
}

impl Component {
    pub const ALL: [Component; 7] = [
        Component::GrafanaUi,
        Component::GrafanaLog,
        Component::PrometheusTargets,
        Component::PrometheusLog,
        Component::Promtool,
        Component::Docker,
        Component::Kubectl,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Component::GrafanaUi => "grafana-ui",
            Component::GrafanaLog => "grafana-log",
            Component::PrometheusTargets => "prometheus-targets",
            Component::PrometheusLog => "prometheus-log",
            Component::Promtool => "promtool",
            Component::Docker => "docker",
            Component::Kubectl => "kubectl",
        }
    }

    pub fn parse(s: &str) -> Option<Component> {
        Component::ALL.into_iter().find(|c| c.id() == s)
    }

    /// Catalogue id of the component's display name.
    pub fn text_id(self) -> &'static str {
        match self {
            Component::GrafanaUi => "explain.component.grafana-ui",
            Component::GrafanaLog => "explain.component.grafana-log",
            Component::PrometheusTargets => "explain.component.prometheus-targets",
            Component::PrometheusLog => "explain.component.prometheus-log",
            Component::Promtool => "explain.component.promtool",
            Component::Docker => "explain.component.docker",
            Component::Kubectl => "explain.component.kubectl",
        }
    }
}

/// A text in English and French.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Localized {
    pub en: String,
    pub fr: String,
}

impl Localized {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
        }
    }
}

/// A likely cause of an error family, and the rule that finds it in files (if any).
#[derive(Clone, Debug, PartialEq)]
pub struct Cause {
    pub rule: Option<String>,
    pub text: Localized,
    /// The kind of stack the cause can happen in (`compose` or `kubernetes`), if only one:
    /// `stack:` in the file, else the domain of its rule (`compose`, `k8s`).
    pub stack: Option<String>,
}

/// `fact: [values]`: the family applies only when the fact has one of the values (`*`:
/// any value).
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub fact: String,
    pub values: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Family {
    pub id: String,
    /// A more general family this one refines: when both match, only this one is kept.
    pub parent: Option<String>,
    /// Added to the match score (wrappers such as "Bad Gateway" get a negative one, so the
    /// error they wrap comes first).
    pub priority: i32,
    pub components: Vec<Component>,
    /// Folded (lower-case) patterns.
    pub patterns: Vec<String>,
    pub when: Vec<Condition>,
    pub title: Localized,
    pub summary: Localized,
    pub meaning: Localized,
    pub causes: Vec<Cause>,
    /// Where the error text comes from.
    pub sources: Vec<String>,
    /// Exact error texts of this family (tests check that each is classified here).
    pub examples: Vec<String>,
    /// Path inside `rules/`.
    pub file: String,
}

impl Family {
    /// The weight of the best pattern found in `line` (folded), if any.
    pub fn best_pattern(&self, folded_line: &str) -> Option<usize> {
        self.patterns
            .iter()
            .filter(|p| pattern::matches(p, folded_line))
            .map(|p| pattern::weight(p))
            .max()
    }
}

fn localized(node: Option<&Node>, what: &str, errs: &mut Vec<String>) -> Localized {
    let get = |lang: &str| -> String {
        node.and_then(|n| n.get_str(lang))
            .map(clean)
            .unwrap_or_default()
    };
    let l = Localized {
        en: get("en"),
        fr: get("fr"),
    };
    if l.en.is_empty() || l.fr.is_empty() {
        errs.push(format!("`{what}` needs non-empty `en` and `fr`"));
    }
    l
}

fn strings(node: Option<&Node>) -> Vec<String> {
    match node {
        Some(n) if n.is_seq() => n
            .items()
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        Some(n) => n.as_str().map(|s| vec![s.to_string()]).unwrap_or_default(),
        None => Vec::new(),
    }
}

/// Parses one family file. Errors are messages without the file name.
pub fn parse_family(path: &str, text: &str) -> Result<Family, Vec<String>> {
    let (docs, err) = parse_yaml(text);
    if let Some(e) = err {
        return Err(vec![format!("invalid YAML: {}", e.message)]);
    }
    let Some(root) = docs.first().map(|d| &d.root).filter(|r| r.is_map()) else {
        return Err(vec!["expected a mapping".to_string()]);
    };
    let mut errs = Vec::new();
    let known = [
        "id",
        "parent",
        "priority",
        "components",
        "patterns",
        "when",
        "title",
        "summary",
        "meaning",
        "causes",
        "sources",
        "examples",
    ];
    for e in root.entries() {
        let k = e.key.as_str().unwrap_or("");
        if !known.contains(&k) {
            errs.push(format!("unknown key `{k}`"));
        }
    }
    let id = root.get_str("id").unwrap_or("").to_string();
    if id.is_empty() {
        errs.push("missing `id`".to_string());
    }
    let mut components = Vec::new();
    for c in strings(root.get("components")) {
        match Component::parse(&c) {
            Some(c) => components.push(c),
            None => errs.push(format!("unknown component `{c}`")),
        }
    }
    if components.is_empty() {
        errs.push("no `components`".to_string());
    }
    let patterns: Vec<String> = strings(root.get("patterns"))
        .iter()
        .map(|p| pattern::fold(p))
        .filter(|p| pattern::weight(p) > 0)
        .collect();
    if patterns.is_empty() {
        errs.push("no `patterns`".to_string());
    }
    let mut when = Vec::new();
    if let Some(w) = root.get("when") {
        for e in w.entries() {
            let fact = e.key.as_str().unwrap_or("").to_string();
            if !FACT_NAMES.contains(&fact.as_str()) {
                errs.push(format!("unknown fact `{fact}` in `when`"));
            }
            let values = strings(Some(&e.value));
            if values.is_empty() {
                errs.push(format!("no value for `{fact}` in `when`"));
            }
            when.push(Condition { fact, values });
        }
    }
    let mut causes = Vec::new();
    for (i, c) in root
        .get("causes")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let rule = c.get_str("rule").map(str::to_string);
        let text = Localized {
            en: c.get_str("en").map(clean).unwrap_or_default(),
            fr: c.get_str("fr").map(clean).unwrap_or_default(),
        };
        if text.en.is_empty() || text.fr.is_empty() {
            errs.push(format!("cause {} needs `en` and `fr`", i + 1));
        }
        if c.get("rule").is_none() {
            errs.push(format!(
                "cause {} needs `rule` (a rule name or null)",
                i + 1
            ));
        }
        let stack = match c.get_str("stack") {
            Some(s @ ("compose" | "kubernetes")) => Some(s.to_string()),
            Some(s) => {
                errs.push(format!(
                    "cause {}: unknown stack `{s}` (compose or kubernetes)",
                    i + 1
                ));
                None
            }
            None => rule
                .as_deref()
                .and_then(crate::registry::find)
                .and_then(|r| match r.domain {
                    "compose" => Some("compose".to_string()),
                    "k8s" => Some("kubernetes".to_string()),
                    _ => None,
                }),
        };
        causes.push(Cause { rule, text, stack });
    }
    if causes.is_empty() {
        errs.push("no `causes`".to_string());
    }
    let f = Family {
        parent: root.get_str("parent").map(str::to_string),
        priority: root.get("priority").and_then(Node::as_i64).unwrap_or(0) as i32,
        title: localized(root.get("title"), "title", &mut errs),
        summary: localized(root.get("summary"), "summary", &mut errs),
        meaning: localized(root.get("meaning"), "meaning", &mut errs),
        sources: strings(root.get("sources")),
        examples: strings(root.get("examples")),
        id,
        components,
        patterns,
        when,
        causes,
        file: path.to_string(),
    };
    if f.sources.is_empty() {
        errs.push("no `sources`".to_string());
    }
    // Sources are public references (a URL, a project's file or document by name), not
    // files of this repository or of one machine.
    for s in &f.sources {
        if [
            "tests/fixtures/",
            "../shared/",
            "crates/diagnose",
            "rules/errors/",
        ]
        .iter()
        .any(|p| s.contains(p) && !s.contains("://"))
        {
            errs.push(format!(
                "source `{s}` is a path of this repository, not a public reference"
            ));
        }
    }
    if errs.is_empty() {
        Ok(f)
    } else {
        Err(errs)
    }
}

/// Collapses ASCII white space (folded YAML scalars keep line breaks in places). The
/// no-break spaces of French typography are kept.
fn clean(s: &str) -> String {
    s.split(|c: char| c.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

struct Loaded {
    families: Vec<Family>,
    errors: Vec<String>,
}

/// The knowledge base's files given at run time, when they are not embedded (see [`provide`]).
static PROVIDED: OnceLock<Vec<(String, String)>> = OnceLock::new();

/// Gives the knowledge base's files (path inside `rules/`, YAML text) to a core built
/// without its `embedded-errors` feature: the web app fetches them as a data file the first
/// time an error is explained, so they are not in its first module. Until then the base is
/// empty (nothing is explained). Returns false when the files were already given.
pub fn provide(files: Vec<(String, String)>) -> bool {
    PROVIDED.set(files).is_ok()
}

/// Whether the knowledge base can be read: embedded, or given with [`provide`].
pub fn available() -> bool {
    cfg!(feature = "embedded-errors") || PROVIDED.get().is_some()
}

/// The knowledge base's files: embedded (`docs::ERROR_FAMILIES`) or given at run time.
fn sources() -> Vec<(&'static str, &'static str)> {
    #[cfg(feature = "embedded-errors")]
    let mut v: Vec<(&'static str, &'static str)> = crate::docs::ERROR_FAMILIES.to_vec();
    #[cfg(not(feature = "embedded-errors"))]
    let mut v: Vec<(&'static str, &'static str)> = Vec::new();
    if let Some(files) = PROVIDED.get() {
        v.extend(files.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    }
    v
}

fn loaded() -> &'static Loaded {
    static KB: OnceLock<Loaded> = OnceLock::new();
    static EMPTY: Loaded = Loaded {
        families: Vec::new(),
        errors: Vec::new(),
    };
    // Not read before it is available: a base read empty would stay empty.
    if !available() {
        return &EMPTY;
    }
    KB.get_or_init(|| {
        let mut families = Vec::new();
        let mut errors = Vec::new();
        for (path, text) in sources() {
            match parse_family(path, text) {
                Ok(f) => families.push(f),
                Err(es) => errors.extend(es.into_iter().map(|e| format!("rules/{path}: {e}"))),
            }
        }
        let ids: Vec<String> = families.iter().map(|f| f.id.clone()).collect();
        for f in &families {
            let stem = f
                .file
                .rsplit('/')
                .next()
                .unwrap_or("")
                .trim_end_matches(".yaml")
                .trim_end_matches(".yml");
            if stem != f.id {
                errors.push(format!(
                    "rules/{}: id `{}` differs from the file name",
                    f.file, f.id
                ));
            }
            if let Some(p) = &f.parent {
                if !ids.contains(p) {
                    errors.push(format!("rules/{}: unknown parent `{p}`", f.file));
                }
            }
            if ids.iter().filter(|i| **i == f.id).count() > 1 {
                errors.push(format!("rules/{}: duplicate id `{}`", f.file, f.id));
            }
        }
        Loaded { families, errors }
    })
}

/// Every error family that parsed.
pub fn families() -> &'static [Family] {
    &loaded().families
}

/// Problems found while loading the knowledge base (empty when it is sound).
pub fn load_errors() -> &'static [String] {
    &loaded().errors
}

pub fn family(id: &str) -> Option<&'static Family> {
    families().iter().find(|f| f.id == id)
}
