//! What a dashboard's `datasource` fields designate: the references of panels, targets,
//! variables and annotations, and the variables that stand for a data source.

use super::super::scalar_text;
use crate::grafana::Dashboard;
use diagnose_syntax::Node;

/// What a `datasource` field designates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DsRef {
    /// `null` or absent: the panel's, else the default datasource.
    Inherit,
    /// Built-in pseudo datasources: `-- Grafana --`, `-- Mixed --`, `-- Dashboard --`,
    /// server-side expressions.
    Builtin,
    /// A dashboard variable of type `datasource` (`$ds`, `${ds}`).
    Variable(String),
    /// `${DS_X}`: an export input (or an undeclared placeholder).
    Placeholder(String),
    /// A uid (object form).
    Uid(String),
    /// A name (string form; Grafana also accepts a uid there).
    Name(String),
}

/// A datasource reference with the node it was read from and the type it declares.
#[derive(Clone, Debug)]
pub struct DsUse<'a> {
    pub node: &'a Node,
    /// The node of the uid or name itself (for positions).
    pub value_node: &'a Node,
    pub target: DsRef,
    pub declared_type: Option<String>,
}

fn variable_name(s: &str) -> Option<&str> {
    let s = s.trim();
    if let Some(r) = s.strip_prefix("${") {
        let r = r.strip_suffix('}')?;
        let name = r.split([':', '.']).next()?;
        return Some(name);
    }
    if let Some(r) = s.strip_prefix("[[") {
        return r.strip_suffix("]]")?.split(':').next();
    }
    let r = s.strip_prefix('$')?;
    (!r.is_empty() && r.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')).then_some(r)
}

/// Reads a `datasource` field.
pub fn read_ds<'a>(n: Option<&'a Node>, vars: &[(String, Option<String>)]) -> Option<DsUse<'a>> {
    let n = n?;
    let classify = |s: &str| -> DsRef {
        let t = s.trim();
        if t.is_empty() || t == "default" {
            return DsRef::Inherit;
        }
        if t.starts_with("-- ") || t == "grafana" || t == "__expr__" || t == "-100" {
            return DsRef::Builtin;
        }
        if let Some(v) = variable_name(t) {
            if vars.iter().any(|(n, _)| n == v) {
                return DsRef::Variable(v.to_string());
            }
            return DsRef::Placeholder(v.to_string());
        }
        DsRef::Name(t.to_string())
    };
    if n.is_null() {
        return Some(DsUse {
            node: n,
            value_node: n,
            target: DsRef::Inherit,
            declared_type: None,
        });
    }
    if let Some(s) = n.as_str() {
        return Some(DsUse {
            node: n,
            value_node: n,
            target: classify(s),
            declared_type: None,
        });
    }
    if n.is_map() {
        let ty = n
            .get_str("type")
            .filter(|t| variable_name(t).is_none())
            .map(str::to_string);
        if matches!(
            ty.as_deref(),
            Some("datasource") | Some("grafana") | Some("__expr__")
        ) {
            return Some(DsUse {
                node: n,
                value_node: n,
                target: DsRef::Builtin,
                declared_type: ty,
            });
        }
        let (target, value_node) = match n.get("uid").filter(|u| !u.is_null()) {
            Some(u) => {
                let s = scalar_text(u).unwrap_or("");
                let t = match classify(s) {
                    DsRef::Name(x) => DsRef::Uid(x),
                    other => other,
                };
                (t, u)
            }
            None => (DsRef::Inherit, n),
        };
        return Some(DsUse {
            node: n,
            value_node,
            target,
            declared_type: ty,
        });
    }
    None
}

/// Template variables of type `datasource`: (name, plugin type).
pub fn datasource_variables(model: &Node) -> Vec<(String, Option<String>)> {
    model
        .path(&["templating", "list"])
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter(|v| v.get_str("type") == Some("datasource"))
        .filter_map(|v| {
            Some((
                v.get_str("name")?.to_string(),
                v.get("query")
                    .and_then(|q| q.as_str().or_else(|| q.get_str("query")))
                    .map(str::to_string),
            ))
        })
        .collect()
}

/// `__inputs` of an export (or `inputs` of an API import body): (name, plugin id).
pub fn inputs(d: &Dashboard) -> Vec<(String, Option<String>)> {
    let mut v = Vec::new();
    for holder in [d.model(), &d.root] {
        for key in ["__inputs", "inputs"] {
            for i in holder.get(key).map(Node::items).unwrap_or_default() {
                if let Some(name) = i.get_str("name") {
                    v.push((name.to_string(), i.get_str("pluginId").map(str::to_string)));
                }
            }
        }
    }
    v
}

/// Every panel, including those nested in collapsed rows and legacy `rows`.
pub fn panels(model: &Node) -> Vec<&Node> {
    let mut out = Vec::new();
    fn go<'a>(list: &'a Node, out: &mut Vec<&'a Node>, depth: usize) {
        if depth > 8 {
            return;
        }
        for p in list.items() {
            out.push(p);
            if let Some(inner) = p.get("panels") {
                go(inner, out, depth + 1);
            }
        }
    }
    if let Some(p) = model.get("panels") {
        go(p, &mut out, 0);
    }
    for row in model.get("rows").map(Node::items).unwrap_or_default() {
        if let Some(p) = row.get("panels") {
            go(p, &mut out, 0);
        }
    }
    out
}

/// Grafana's Mixed data source (`-- Mixed --`, by name or uid): each target names its own.
fn is_mixed(ds: &Node) -> bool {
    ds.as_str()
        .or_else(|| ds.get_str("uid"))
        .is_some_and(|s| s == "-- Mixed --")
}

/// Every datasource reference of a dashboard: panels, targets, variables, annotations.
/// A row panel's own `datasource` and `targets` are left out: a row runs no query, so
/// Grafana never looks them up (older editors leave the last selection there, sometimes as
/// a `targets` entry with only a `refId`); the panels in a collapsed row's `panels` are
/// still read. A target's data source counts only in a Mixed panel, or one without its own.
pub fn datasource_uses<'a>(model: &'a Node, vars: &[(String, Option<String>)]) -> Vec<DsUse<'a>> {
    let mut v = Vec::new();
    for p in panels(model) {
        if p.get_str("type") == Some("row") {
            continue;
        }
        let own = p.get("datasource").filter(|d| !d.is_null());
        v.extend(read_ds(own, vars));
        // A panel with its own data source runs every target on it: Grafana replaces a
        // target's other data source before the query (PanelQueryRunner: "the panel might
        // have the incorrect datasource stored"). Only a Mixed panel runs each target's.
        if own.is_some_and(|d| !is_mixed(d)) {
            continue;
        }
        for t in p.get("targets").map(Node::items).unwrap_or_default() {
            v.extend(read_ds(t.get("datasource"), vars));
        }
    }
    for t in model
        .path(&["templating", "list"])
        .map(Node::items)
        .unwrap_or_default()
    {
        if t.get_str("type") != Some("datasource") {
            v.extend(read_ds(t.get("datasource"), vars));
        }
    }
    for a in model
        .path(&["annotations", "list"])
        .map(Node::items)
        .unwrap_or_default()
    {
        v.extend(read_ds(a.get("datasource"), vars));
    }
    // `${X}` where `X` is a constant (or custom, or text box) variable: Grafana replaces it
    // with the variable's value and looks that up as a uid, then as a name (DatasourceSrv:
    // `templateSrv.replace`, then `settingsMapByUid[…] ?? settingsMapByName[…]`).
    let values = value_variables(model);
    if !values.is_empty() {
        for u in &mut v {
            if let DsRef::Placeholder(name) = &u.target {
                if let Some((_, value)) = values.iter().find(|(n, _)| n == name) {
                    u.target = DsRef::Name(value.clone());
                }
            }
        }
    }
    v
}

/// Template variables that hold one value written in the dashboard (`constant`, `custom`
/// with a single option, `textbox`): (name, value).
fn value_variables(model: &Node) -> Vec<(String, String)> {
    model
        .path(&["templating", "list"])
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter(|v| matches!(v.get_str("type"), Some("constant" | "custom" | "textbox")))
        .filter_map(|v| {
            let name = v.get_str("name")?;
            let value = v
                .path(&["current", "value"])
                .and_then(Node::as_str)
                .or_else(|| v.get_str("query"))
                .map(str::trim)
                .filter(|x| !x.is_empty() && !x.contains(',') && !x.starts_with('$'))?;
            Some((name.to_string(), value.to_string()))
        })
        .collect()
}
