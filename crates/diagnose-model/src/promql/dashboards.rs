//! Queries and datasource references of Grafana dashboards: panels (`panels[]`, collapsed
//! rows' `panels[].panels[]`, legacy `rows[].panels[]`), their targets, template variables
//! and annotations. Each query's datasource decides whether it is PromQL at all.

use super::{push_part, push_scalar, scalar_map, scalar_text, Dialect, Query, Source};
use crate::grafana::Dashboard;
use crate::workspace::Workspace;
use crate::{Runtime, Stack};
use diagnose_syntax::source::FileId;
use diagnose_syntax::Node;

mod refs;
pub use refs::{datasource_uses, datasource_variables, inputs, panels, read_ds, DsRef, DsUse};

/// A Grafana that loads dashboards: a compose service, a Kubernetes workload, or a
/// server with file providers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Instance {
    Compose(usize, usize),
    K8s(usize),
    Host,
}

/// The Grafana instances that load this dashboard: those that see the file in a container,
/// or, on plain servers, a file provider whose path holds it. When several stacks are
/// checked at once, only the instances defined closest to the file count.
pub fn grafana_instances(ws: &Workspace, stack: &Stack, d: &Dashboard) -> Vec<Instance> {
    let path = &ws.file(ws.root_file(d.file)).path;
    let (found, in_containers) = container_instances(ws, stack, d.file);
    if !found.is_empty() {
        let best = found.iter().map(|(c, _)| *c).max().unwrap_or(0);
        let mut v: Vec<Instance> = found
            .into_iter()
            .filter(|(c, _)| *c == best)
            .map(|(_, i)| i)
            .collect();
        v.dedup();
        return v;
    }
    if in_containers {
        return Vec::new();
    }
    // A plain server: the file's path ends with a provider's folder.
    let on_host = stack.grafana.providers.iter().any(|p| {
        p.path.as_ref().is_some_and(|pp| {
            let dir = pp.value.trim_end_matches('/').trim_start_matches('/');
            !dir.is_empty()
                && (path.starts_with(&format!("{dir}/")) || path.contains(&format!("/{dir}/")))
        })
    });
    if on_host {
        vec![Instance::Host]
    } else {
        Vec::new()
    }
}

/// The Grafana containers that see a file, each with the number of leading path
/// components its definition shares with the file, and whether any container at all sees
/// the file.
fn container_instances(
    ws: &Workspace,
    stack: &Stack,
    file: FileId,
) -> (Vec<(usize, Instance)>, bool) {
    let path = &ws.file(ws.root_file(file)).path;
    let common = |other: FileId| {
        let o = &ws.file(ws.root_file(other)).path;
        path.split('/')
            .zip(o.split('/'))
            .take_while(|(a, b)| a == b)
            .count()
    };
    let rts = stack.runtimes(file);
    let mut found: Vec<(usize, Instance)> = Vec::new();
    for r in rts {
        match r {
            Runtime::Compose {
                project, service, ..
            } => {
                let s = &stack.compose[*project].services[*service];
                // The image's own name, not its publisher's: `grafana/loki` is Loki.
                if s.image.as_ref().is_some_and(|i| {
                    crate::images::image_repo_as_written(&i.value)
                        .rsplit('/')
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase()
                        .contains("grafana")
                }) || (s.image.is_none() && s.name.contains("grafana"))
                {
                    found.push((common(s.file), Instance::Compose(*project, *service)));
                }
            }
            Runtime::K8s {
                workload,
                container,
                ..
            } => {
                let w = &stack.k8s.workloads[*workload];
                if w.containers
                    .get(*container)
                    .and_then(|c| c.image.as_deref())
                    .is_some_and(|i| i.contains("grafana"))
                {
                    found.push((common(w.obj.file), Instance::K8s(*workload)));
                }
            }
            Runtime::K8sUnmounted { .. } => {}
        }
    }
    (found, !rts.is_empty())
}

/// The datasources that the Grafana loading this dashboard provisions: those of a file it
/// sees. When none is, the datasource files no container sees (a plain server, or files
/// given alone); never the datasources of another Grafana.
pub fn datasources_for<'a>(
    ws: &Workspace,
    stack: &'a Stack,
    d: &Dashboard,
) -> Vec<&'a crate::grafana::Datasource> {
    datasources_for_with(ws, stack, d, &DatasourceHomes::new(ws, stack))
}

/// The Grafana containers that see each datasource file of a stack
/// (`stack.grafana.datasources`, in order), worked out once for all dashboards.
pub struct DatasourceHomes(Vec<(Vec<(usize, Instance)>, bool)>);

impl DatasourceHomes {
    pub fn new(ws: &Workspace, stack: &Stack) -> DatasourceHomes {
        DatasourceHomes(
            stack
                .grafana
                .datasources
                .iter()
                .map(|ds| container_instances(ws, stack, ds.file))
                .collect(),
        )
    }
}

/// [`datasources_for`] with the datasources' containers computed beforehand.
pub fn datasources_for_with<'a>(
    ws: &Workspace,
    stack: &'a Stack,
    d: &Dashboard,
    homes: &DatasourceHomes,
) -> Vec<&'a crate::grafana::Datasource> {
    let insts = grafana_instances(ws, stack, d);
    let mut mine = Vec::new();
    let mut unattached = Vec::new();
    for (ds, (of, in_containers)) in stack.grafana.datasources.iter().zip(&homes.0) {
        let in_containers = *in_containers;
        if of.iter().any(|(_, i)| insts.contains(i)) {
            mine.push(ds);
        } else if !in_containers {
            unattached.push(ds);
        }
    }
    if mine.is_empty() {
        unattached
    } else {
        mine
    }
}

/// Whether a Grafana of the stack loads this dashboard.
pub fn is_provisioned(ws: &Workspace, stack: &Stack, d: &Dashboard) -> bool {
    !grafana_instances(ws, stack, d).is_empty()
}

/// The provisioned datasources closest to a file in the folder tree (those sharing the
/// longest directory prefix with it): when several stacks are checked at once, the ones
/// that belong with this dashboard.
pub fn nearest_datasources<'a>(
    ws: &Workspace,
    stack: &'a Stack,
    file: FileId,
) -> Vec<&'a crate::grafana::Datasource> {
    let path = &ws.file(ws.root_file(file)).path;
    let common = |other: &str| {
        path.split('/')
            .zip(other.split('/'))
            .take_while(|(a, b)| a == b)
            .count()
    };
    let scored: Vec<_> = stack
        .grafana
        .datasources
        .iter()
        .map(|d| (common(&ws.file(ws.root_file(d.file)).path), d))
        .collect();
    let best = scored.iter().map(|(c, _)| *c).max().unwrap_or(0);
    scored
        .into_iter()
        .filter(|(c, _)| *c == best)
        .map(|(_, d)| d)
        .collect()
}

/// How a query's datasource is known.
fn dialect_for(
    stack: &Stack,
    ds: &DsUse<'_>,
    vars: &[(String, Option<String>)],
    inputs: &[(String, Option<String>)],
) -> Option<Option<Dialect>> {
    // Some(Some(d)): a known query language; Some(None): not PromQL; None: unknown.
    let from_type = |t: &str| -> Option<Dialect> {
        let t = t.to_ascii_lowercase();
        if t.contains("victoriametrics-metrics") || t == "victoriametrics-datasource" {
            Some(Dialect::MetricsQL)
        } else if t == "prometheus" {
            Some(Dialect::PromQL)
        } else {
            None
        }
    };
    if let Some(t) = &ds.declared_type {
        if let Some(d) = from_type(t) {
            // A Prometheus-type datasource may still be VictoriaMetrics.
            if d == Dialect::PromQL && provisioned_is_vm(stack, &ds.target) {
                return Some(Some(Dialect::MetricsQL));
            }
            return Some(Some(d));
        }
        return Some(None);
    }
    let by_type = |ty: Option<&String>| ty.map(|t| from_type(t));
    match &ds.target {
        DsRef::Inherit => None,
        DsRef::Builtin => Some(None),
        DsRef::Variable(v) => by_type(vars.iter().find(|(n, _)| n == v).and_then(|x| x.1.as_ref())),
        DsRef::Placeholder(v) => by_type(
            inputs
                .iter()
                .find(|(n, _)| n == v)
                .and_then(|x| x.1.as_ref()),
        ),
        DsRef::Uid(u) | DsRef::Name(u) => {
            let ds = stack.grafana.datasources.iter().find(|d| {
                d.uid.as_deref() == Some(u.as_str())
                    || d.name.as_ref().is_some_and(|n| &n.value == u)
            })?;
            let t = ds.ty.as_deref()?;
            Some(from_type(t).map(|d| {
                if d == Dialect::PromQL && is_vm(ds) {
                    Dialect::MetricsQL
                } else {
                    d
                }
            }))
        }
    }
}

fn is_vm(ds: &crate::grafana::Datasource) -> bool {
    let name = ds
        .name
        .as_ref()
        .map(|n| n.value.to_ascii_lowercase())
        .unwrap_or_default();
    let url = ds
        .url
        .as_ref()
        .map(|n| n.value.to_ascii_lowercase())
        .unwrap_or_default();
    name.contains("victoria")
        || name.starts_with("vm")
        || url.contains(":8428")
        || url.contains(":8427")
        || url.contains(":8481")
        || url.contains("victoria")
        || url.contains("vmselect")
}

fn provisioned_is_vm(stack: &Stack, r: &DsRef) -> bool {
    match r {
        DsRef::Uid(u) | DsRef::Name(u) => stack.grafana.datasources.iter().any(|d| {
            (d.uid.as_deref() == Some(u.as_str()) || d.name.as_ref().is_some_and(|n| &n.value == u))
                && is_vm(d)
        }),
        _ => false,
    }
}

/// The dialect of the default datasource: None when unknown.
fn default_dialect(stack: &Stack) -> Option<Option<Dialect>> {
    let ds = stack
        .grafana
        .datasources
        .iter()
        .find(|d| d.is_default)
        .or_else(|| {
            // Grafana makes the only datasource the default one.
            (stack.grafana.datasources.len() == 1).then(|| &stack.grafana.datasources[0])
        })?;
    let t = ds.ty.as_deref()?;
    Some(if t == "prometheus" {
        Some(if is_vm(ds) {
            Dialect::MetricsQL
        } else {
            Dialect::PromQL
        })
    } else if t.contains("victoriametrics-metrics") || t == "victoriametrics-datasource" {
        Some(Dialect::MetricsQL)
    } else {
        None
    })
}

/// LogQL and other languages that also use `expr`.
fn looks_like_logql(q: &str) -> bool {
    let t = q.trim_start();
    let stream_first = t.starts_with('{') && t.contains('}');
    let pipes = [
        "|=",
        "|~",
        "!~ \"",
        "| json",
        "| logfmt",
        "| line_format",
        "| pattern",
        "| regexp",
        "| unwrap",
        "| label_format",
        "| drop",
        "| keep",
        "| decolorize",
    ];
    (stream_first && pipes.iter().any(|p| t.contains(p)))
        || pipes[..2].iter().any(|p| t.contains(p))
        || ["| json", "| logfmt", "| line_format", "| unwrap"]
            .iter()
            .any(|p| t.contains(p))
        || (t.contains("_over_time({") && t.contains('|'))
}

/// InfluxQL and SQL (`SHOW TAG VALUES FROM …`, `SELECT mean(…) FROM …`): a query of a
/// datasource the files do not resolve (an export's `${DS_X}`) that cannot be PromQL, where
/// two words in a row never make a query.
fn looks_like_sql(q: &str) -> bool {
    let mut words = q.split_whitespace();
    let (Some(first), Some(second)) = (words.next(), words.next()) else {
        return false;
    };
    let first = first.to_ascii_uppercase();
    matches!(first.as_str(), "SELECT" | "SHOW" | "WITH")
        && second
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '*' || c == '"')
}

/// Hints that the whole dashboard queries VictoriaMetrics.
fn dashboard_is_vm(
    d: &Dashboard,
    vars: &[(String, Option<String>)],
    inputs: &[(String, Option<String>)],
) -> bool {
    let vm = |s: &str| {
        s.to_ascii_lowercase().contains("victoriametrics-metrics")
            || s == "victoriametrics-datasource"
    };
    vars.iter().any(|(_, t)| t.as_deref().is_some_and(vm))
        || inputs.iter().any(|(_, t)| t.as_deref().is_some_and(vm))
        || d.model()
            .get("__requires")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .any(|r| r.get_str("id").is_some_and(vm))
}

pub(super) fn collect(
    ws: &Workspace,
    stack: &Stack,
    index: usize,
    d: &Dashboard,
    vm: &dyn Fn(&[&DsRef], bool) -> bool,
    out: &mut Vec<Query>,
) {
    let model = d.model();
    let file = d.file;
    let vars = datasource_variables(model);
    let inputs = inputs(d);
    // Every Prometheus-type datasource of the stack is VictoriaMetrics: dashboards that
    // pick one through a variable or the default speak MetricsQL.
    let prom_ds: Vec<_> = nearest_datasources(ws, stack, file)
        .into_iter()
        .filter(|d| d.ty.as_deref() == Some("prometheus"))
        .collect();
    let stack_vm = !prom_ds.is_empty() && prom_ds.iter().all(|d| is_vm(d));
    let dash_vm = stack_vm || dashboard_is_vm(d, &vars, &inputs);
    let default = default_dialect(stack);
    // Decides the dialect of one query from its own, its panel's, then the default
    // datasource. None: not a PromQL query.
    let decide =
        |own: Option<DsUse<'_>>, panel: Option<&DsUse<'_>>, expr: &str| -> Option<Dialect> {
            let mut known: Option<Option<Dialect>> = None;
            // A datasource the files do not define, queried with MetricsQL-only functions.
            let targets: Vec<&DsRef> = own.iter().chain(panel).map(|d| &d.target).collect();
            let vm_ref = vm(&targets, default.is_some());
            for ds in own.iter().chain(panel) {
                if ds.target == DsRef::Inherit && ds.declared_type.is_none() {
                    continue;
                }
                known = dialect_for(stack, ds, &vars, &inputs);
                if known.is_some() || ds.target != DsRef::Inherit {
                    break;
                }
            }
            let known = match known {
                Some(k) => Some(k),
                None if own.iter().chain(panel).all(|d| d.target == DsRef::Inherit) => default,
                None => None,
            };
            match known {
                Some(None) => None,
                Some(Some(Dialect::PromQL)) if dash_vm || vm_ref => Some(Dialect::MetricsQL),
                Some(Some(dl)) => Some(dl),
                None => {
                    if looks_like_logql(expr) || looks_like_sql(expr) {
                        None
                    } else if dash_vm || vm_ref {
                        Some(Dialect::MetricsQL)
                    } else {
                        Some(Dialect::PromQL)
                    }
                }
            }
        };
    for p in panels(model) {
        let pds = read_ds(p.get("datasource"), &vars);
        for t in p.get("targets").map(Node::items).unwrap_or_default() {
            let Some(e) = t.get("expr") else { continue };
            let Some(text) = scalar_text(e) else { continue };
            let Some(dialect) = decide(read_ds(t.get("datasource"), &vars), pds.as_ref(), text)
            else {
                continue;
            };
            push_scalar(ws, out, file, e, Source::Panel, Some(index), dialect);
        }
    }
    for v in model
        .path(&["templating", "list"])
        .map(Node::items)
        .unwrap_or_default()
    {
        if v.get_str("type") != Some("query") {
            continue;
        }
        let Some(q) = v.get("query") else { continue };
        let q = if q.is_map() {
            match q.get("query") {
                Some(x) => x,
                None => continue,
            }
        } else {
            q
        };
        let Some(text) = scalar_text(q) else { continue };
        let Some(dialect) = decide(read_ds(v.get("datasource"), &vars), None, text) else {
            continue;
        };
        let Some((start, end)) = variable_promql(text) else {
            continue;
        };
        let part = &text[start..end];
        if part.trim().is_empty() {
            continue;
        }
        let map = scalar_map(ws, file, q, text);
        push_part(
            out,
            file,
            q.span,
            part,
            start,
            map,
            Source::Variable,
            Some(index),
            dialect,
        );
    }
    for a in model
        .path(&["annotations", "list"])
        .map(Node::items)
        .unwrap_or_default()
    {
        let Some(e) = a.get("expr") else { continue };
        let Some(text) = scalar_text(e) else { continue };
        let Some(dialect) = decide(read_ds(a.get("datasource"), &vars), None, text) else {
            continue;
        };
        push_scalar(ws, out, file, e, Source::Annotation, Some(index), dialect);
    }
}

/// The PromQL part of a Prometheus template-variable query: the inner query of
/// `query_result(...)`, the series selector of `label_values(selector, label)`, the
/// whole text when it is a plain query. None for `label_names()`, `metrics(...)`,
/// `label_values(label)`.
pub fn variable_promql(q: &str) -> Option<(usize, usize)> {
    let t = q.trim();
    let lead = q.len() - q.trim_start().len();
    let call = |name: &str| -> Option<(usize, usize)> {
        let rest = t.strip_prefix(name)?;
        let rest_t = rest.trim_start();
        let open = lead + name.len() + (rest.len() - rest_t.len());
        if !rest_t.starts_with('(') || !t.ends_with(')') {
            return None;
        }
        Some((open + 1, lead + t.len() - 1))
    };
    if let Some((s, e)) = call("query_result") {
        return Some((s, e));
    }
    if let Some((s, e)) = call("label_values") {
        // The selector is everything before the last top-level comma.
        let inner = &q[s..e];
        let mut depth = 0i32;
        let mut quote: Option<char> = None;
        let mut last_comma = None;
        let mut prev = ' ';
        for (i, c) in inner.char_indices() {
            match quote {
                Some(qc) if c == qc && prev != '\\' => quote = None,
                Some(_) => {}
                None => match c {
                    '"' | '\'' | '`' => quote = Some(c),
                    '(' | '{' | '[' => depth += 1,
                    ')' | '}' | ']' => depth -= 1,
                    ',' if depth == 0 => last_comma = Some(i),
                    _ => {}
                },
            }
            prev = c;
        }
        return last_comma.map(|c| (s, s + c));
    }
    if t.starts_with("label_names") || t.starts_with("metrics(") || t.is_empty() {
        return None;
    }
    // Grafana's "classic" variable queries are otherwise a series selector or a query.
    Some((lead, lead + t.len()))
}

/// The file of a dashboard (for rules that report on it).
pub fn file_of(d: &Dashboard) -> FileId {
    d.file
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_queries() {
        let q = "label_values(up{job=\"a,b\"}, instance)";
        let (s, e) = variable_promql(q).unwrap();
        assert_eq!(&q[s..e], "up{job=\"a,b\"}");
        let q = "query_result(topk(5, up))";
        let (s, e) = variable_promql(q).unwrap();
        assert_eq!(&q[s..e], "topk(5, up)");
        assert_eq!(variable_promql("label_values(job)"), None);
        assert_eq!(variable_promql("label_names()"), None);
        assert_eq!(variable_promql("metrics(node_.*)"), None);
        let q = " up{job=\"x\"}";
        let (s, e) = variable_promql(q).unwrap();
        assert_eq!(&q[s..e], "up{job=\"x\"}");
    }

    #[test]
    fn logql_is_recognised() {
        assert!(looks_like_logql("{job=\"varlogs\"} |= \"error\""));
        assert!(looks_like_logql(
            "sum(count_over_time({app=\"x\"} | json [5m]))"
        ));
        assert!(!looks_like_logql("sum(rate(x_total{job=\"a\"}[5m]))"));
    }
}
