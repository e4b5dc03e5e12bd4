//! The map of a stack (`diagnose graph`, the web app's Map view): the model's graph
//! ([`crate::model::graph`]) with the places the user wrote, and on each edge the codes of
//! the diagnostics that break it. Writers: Mermaid, Graphviz DOT and the versioned JSON.
//!
//! A diagnostic (error or warning) breaks an edge when its primary place lies in the edge's
//! scope (the URL or target, the scrape job, the datasource, the mount); an edge declared
//! in a file that a broken mount brings in is broken too, with the mount's codes.

use crate::model::graph::{self, NodeKind};
use crate::model::Stack;
use crate::{FileId, Report, Severity, Span};
use serde::Serialize;
use std::fmt::Write;

/// Version of the JSON shape (`{"version": 1, "nodes": […], "edges": […]}`).
pub const JSON_VERSION: u32 = 1;

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct MapNode {
    pub id: String,
    pub kind: &'static str,
    pub program: Option<String>,
    /// The image tag (not in the JSON: its shape is the one documented).
    #[serde(skip)]
    pub version: Option<String>,
    pub file: String,
    pub line: u32,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct MapEdge {
    pub from: String,
    pub to: String,
    pub kind: &'static str,
    pub target: String,
    pub file: String,
    pub line: u32,
    pub ok: bool,
    pub codes: Vec<&'static str>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct StackMap {
    pub version: u32,
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
}

fn overlaps(a: Span, b: Span) -> bool {
    (a.start < b.end && b.start < a.end) || (a.start <= b.start && b.start <= a.end && b.is_empty())
}

/// The map of the stack a report analysed.
pub fn map(report: &Report) -> StackMap {
    let ws = &report.workspace;
    let stack = Stack::build(ws);
    let g = graph::build(ws, &stack);
    let place = |file: FileId, span: Span| -> (String, u32) {
        let (f, s) = ws.resolve(file, span);
        let sf = ws.file(f);
        (
            sf.path.clone(),
            sf.lines().line_col(&sf.text, s.start as usize).line,
        )
    };
    let breaking: Vec<&crate::Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .collect();
    let mut codes: Vec<Vec<&'static str>> = g
        .edges
        .iter()
        .map(|e| {
            let scope: Vec<(FileId, Span)> =
                e.scope.iter().map(|&(f, s)| ws.resolve(f, s)).collect();
            breaking
                .iter()
                .filter(|d| {
                    scope
                        .iter()
                        .any(|&(f, s)| f == d.primary.file && overlaps(s, d.primary.span))
                })
                .map(|d| d.code)
                .collect()
        })
        .collect();
    let mut ok: Vec<bool> = g.edges.iter().map(|e| e.declared).collect();
    for (i, e) in g.edges.iter().enumerate() {
        if let Some(m) = e.via {
            let inherited = codes[m].clone();
            codes[i].extend(inherited);
            ok[i] &= ok[m];
        }
    }
    let nodes = g
        .nodes
        .iter()
        .map(|n| {
            let (file, line) = place(n.file, n.span);
            MapNode {
                id: n.id.clone(),
                kind: n.kind.as_str(),
                program: n.program.clone(),
                version: n.version.clone(),
                file,
                line,
            }
        })
        .collect();
    let edges = g
        .edges
        .iter()
        .zip(codes)
        .zip(ok)
        .map(|((e, mut codes), ok)| {
            codes.sort_unstable();
            codes.dedup();
            let (file, line) = place(e.file, e.span);
            MapEdge {
                from: g.nodes[e.from].id.clone(),
                to: g.nodes[e.to].id.clone(),
                kind: e.kind.as_str(),
                target: e.target.clone(),
                file,
                line,
                ok: ok && codes.is_empty(),
                codes,
            }
        })
        .collect();
    StackMap {
        version: JSON_VERSION,
        nodes,
        edges,
    }
}

impl StackMap {
    /// The label of a node: its id, then its program and version when they add something.
    pub fn node_label(n: &MapNode) -> (String, Option<String>) {
        let sub = match (&n.program, &n.version) {
            (Some(p), Some(v)) => Some(format!("{p} {v}")),
            (Some(p), None) if *p != n.id => Some(p.clone()),
            _ => None,
        };
        (n.id.clone(), sub)
    }

    /// The label of an edge: its kind and target, after the codes that break it.
    pub fn edge_label(e: &MapEdge) -> String {
        let mut s = String::new();
        if !e.ok {
            s.push_str("✗ ");
            if !e.codes.is_empty() {
                s.push_str(&e.codes.join(" "));
                s.push_str(" · ");
            }
        }
        s.push_str(e.kind);
        s.push(' ');
        s.push_str(&e.target);
        s
    }

    /// Mermaid flowchart (renders on GitHub): broken edges are dotted, red, and their
    /// label starts with ✗ and the codes.
    pub fn mermaid(&self) -> String {
        let esc = |s: &str| s.replace('"', "#quot;");
        let mut out = String::from("flowchart LR\n");
        for (i, n) in self.nodes.iter().enumerate() {
            let (id, sub) = Self::node_label(n);
            let text = match sub {
                Some(sub) => format!("{}<br/>{}", esc(&id), esc(&sub)),
                None => esc(&id),
            };
            let (open, close) = match n.kind {
                k if k == NodeKind::File.as_str() => ("[/", "/]"),
                k if k == NodeKind::Discovered.as_str() => ("{{", "}}"),
                k if k == NodeKind::External.as_str() || k == NodeKind::Host.as_str() => {
                    ("([", "])")
                }
                _ => ("[", "]"),
            };
            let _ = writeln!(out, "  n{i}{open}\"{text}\"{close}");
        }
        let index = |id: &str| self.nodes.iter().position(|n| n.id == id).unwrap_or(0);
        let mut broken = Vec::new();
        for (i, e) in self.edges.iter().enumerate() {
            let arrow = if e.ok { "-->" } else { "-.->" };
            let _ = writeln!(
                out,
                "  n{} {arrow}|\"{}\"| n{}",
                index(&e.from),
                esc(&Self::edge_label(e)),
                index(&e.to)
            );
            if !e.ok {
                broken.push(i.to_string());
            }
        }
        if !broken.is_empty() {
            let _ = writeln!(
                out,
                "  linkStyle {} stroke:#c62828,stroke-width:2px,color:#c62828",
                broken.join(",")
            );
        }
        out
    }

    /// Graphviz DOT: broken edges are dashed and red, their label starts with ✗ and the
    /// codes.
    pub fn dot(&self) -> String {
        let esc = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
        let mut out = String::from("digraph stack {\n  rankdir=LR;\n  node [shape=box];\n");
        for n in &self.nodes {
            let (id, sub) = Self::node_label(n);
            let label = match sub {
                Some(sub) => format!("{}\\n{}", esc(&id), esc(&sub)),
                None => esc(&id),
            };
            let shape = match n.kind {
                k if k == NodeKind::File.as_str() => "note",
                k if k == NodeKind::Discovered.as_str() => "hexagon",
                k if k == NodeKind::External.as_str() || k == NodeKind::Host.as_str() => "ellipse",
                _ => "box",
            };
            let _ = writeln!(
                out,
                "  \"{}\" [label=\"{label}\", shape={shape}];",
                esc(&n.id)
            );
        }
        for e in &self.edges {
            let style = if e.ok {
                String::new()
            } else {
                ", color=\"#c62828\", fontcolor=\"#c62828\", style=dashed, penwidth=2".to_string()
            };
            let _ = writeln!(
                out,
                "  \"{}\" -> \"{}\" [label=\"{}\"{style}];",
                esc(&e.from),
                esc(&e.to),
                esc(&Self::edge_label(e))
            );
        }
        out.push_str("}\n");
        out
    }
}
