//! The map of the stack as markup: who talks to whom in the tabs' stack, drawn as an SVG (a
//! layered layout, top to bottom), with its legend and the list of broken arrows. Broken
//! arrows are red, dashed and labelled with ✗ and the codes that break them, so colour is
//! never the only signal.
//!
//! The engine module writes it (`map` in `engine/`, from `diagnose_core::graph::map`, what
//! `diagnose graph --format json` writes), and the page inserts it as it is
//! (`app/stack_map.rs`): the page's module carries no drawing code. Every box, arrow and
//! list entry names its line (`data-file`, `data-line`); the page opens it on a click (or
//! Enter) through one handler on the map.

use crate::num::{d1, Fixed};
use crate::text::{self, T};
use diagnose_core::Lang;
use std::fmt::Write;

#[derive(Clone, Debug, PartialEq)]
pub struct MapNode {
    pub id: String,
    pub kind: String,
    pub program: Option<String>,
    pub file: String,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MapEdge {
    pub from: usize,
    pub to: usize,
    pub kind: String,
    pub target: String,
    pub file: String,
    pub line: u32,
    pub ok: bool,
    pub codes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Graph {
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
}

/// Reads the graph's JSON (`{"version": 1, "nodes": […], "edges": […]}`): what the tests
/// draw (the engine gives `render` the core's map itself).
#[cfg(test)]
pub fn parse(json: &str) -> Option<Graph> {
    use crate::json::{array, get_str as s, get_u32, Node};
    let v = crate::json::parse(json)?;
    if get_u32(&v, "version")? != 1 {
        return None;
    }
    let line = |x: &Node| get_u32(x, "line").unwrap_or(1);
    let nodes: Vec<MapNode> = array(v.get("nodes")?)?
        .iter()
        .map(|n| MapNode {
            id: s(n, "id").unwrap_or_default(),
            kind: s(n, "kind").unwrap_or_default(),
            program: s(n, "program"),
            file: s(n, "file").unwrap_or_default(),
            line: line(n),
        })
        .collect();
    let index = |id: Option<String>| nodes.iter().position(|n| Some(&n.id) == id.as_ref());
    let edges = array(v.get("edges")?)?
        .iter()
        .filter_map(|e| {
            Some(MapEdge {
                from: index(s(e, "from"))?,
                to: index(s(e, "to"))?,
                kind: s(e, "kind").unwrap_or_default(),
                target: s(e, "target").unwrap_or_default(),
                file: s(e, "file").unwrap_or_default(),
                line: line(e),
                ok: e.get("ok").and_then(Node::as_bool).unwrap_or(true),
                codes: e
                    .get("codes")
                    .and_then(array)
                    .map(|c| c.iter().filter_map(crate::json::string).collect())
                    .unwrap_or_default(),
            })
        })
        .collect();
    Some(Graph { nodes, edges })
}

pub const NODE_W: f64 = 168.0;
pub const NODE_H: f64 = 44.0;
const GAP_X: f64 = 24.0;
pub const ROW: f64 = 104.0;
const PAD: f64 = 16.0;

/// Top-left corner of every node, and the size of the picture. Layers: the longest path
/// from a node without incoming arrows (self-loops and cycles ignored); within a layer,
/// nodes are ordered by the mean position of their predecessors.
pub fn layout(g: &Graph) -> (Vec<(f64, f64)>, f64, f64) {
    let n = g.nodes.len();
    let mut layer = vec![0usize; n];
    for _ in 0..n {
        let mut changed = false;
        for e in g.edges.iter().filter(|e| e.from != e.to) {
            if layer[e.to] < layer[e.from] + 1 && layer[e.from] + 1 < n {
                layer[e.to] = layer[e.from] + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // A node nothing points to (a mounted file, a caller) sits just above the nearest
    // node it points to, not at the top: its arrows stay short.
    for i in 0..n {
        let has_in = g.edges.iter().any(|e| e.to == i && e.from != i);
        let nearest = g
            .edges
            .iter()
            .filter(|e| e.from == i && e.to != i)
            .map(|e| layer[e.to])
            .min();
        if let (false, Some(m)) = (has_in, nearest) {
            layer[i] = layer[i].max(m.saturating_sub(1));
        }
    }
    let depth = layer.iter().max().map_or(0, |m| m + 1);
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); depth];
    for (i, l) in layer.iter().enumerate() {
        rows[*l].push(i);
    }
    let mut pos = vec![0.0f64; n];
    for row in rows.iter_mut() {
        let key = |i: usize| {
            let preds: Vec<f64> = g
                .edges
                .iter()
                .filter(|e| e.to == i && e.from != i && layer[e.from] < layer[i])
                .map(|e| pos[e.from])
                .collect();
            if preds.is_empty() {
                i as f64
            } else {
                preds.iter().sum::<f64>() / preds.len() as f64
            }
        };
        row.sort_by(|a, b| key(*a).total_cmp(&key(*b)));
        for (k, i) in row.iter().enumerate() {
            pos[*i] = k as f64;
        }
    }
    let widest = rows.iter().map(Vec::len).max().unwrap_or(1) as f64;
    // Room on the right for self-loops.
    let width = PAD * 2.0 + widest * NODE_W + (widest - 1.0).max(0.0) * GAP_X + 40.0;
    let mut xy = vec![(0.0, 0.0); n];
    for (l, row) in rows.iter().enumerate() {
        let w = row.len() as f64 * NODE_W + (row.len() as f64 - 1.0).max(0.0) * GAP_X;
        let x0 = (width - 40.0 - w) / 2.0;
        for (k, i) in row.iter().enumerate() {
            xy[*i] = (x0 + k as f64 * (NODE_W + GAP_X), PAD + l as f64 * ROW);
        }
    }
    let height = PAD * 2.0 + depth as f64 * ROW - (ROW - NODE_H);
    (xy, width, height)
}

/// The SVG path of an arrow, and the point where its label goes.
fn arrow_path(a: (f64, f64), b: (f64, f64), self_loop: bool, shift: f64) -> (String, (f64, f64)) {
    if self_loop {
        let (x, y) = (a.0 + NODE_W, a.1 + NODE_H / 2.0);
        return (
            cubic(
                (x, y - 10.0),
                (x + 44.0, y - 34.0),
                (x + 44.0, y + 34.0),
                (x, y + 10.0),
            ),
            (x + 30.0, y),
        );
    }
    let (x1, y1, x2, y2);
    if b.1 > a.1 {
        (x1, y1) = (a.0 + NODE_W / 2.0 + shift, a.1 + NODE_H);
        (x2, y2) = (b.0 + NODE_W / 2.0, b.1);
        // Across several layers, stay in the source's column until the last layer, so
        // that the arrow does not run through the boxes between.
        let my = if y2 - y1 > ROW {
            y2 - (ROW - NODE_H) / 2.0
        } else {
            (y1 + y2) / 2.0
        };
        let c1 = if y2 - y1 > ROW { y2 - ROW / 2.0 } else { my };
        (
            cubic((x1, y1), (x1, c1), (x2, my), (x2, y2)),
            ((x1 + x2) / 2.0, my),
        )
    } else {
        // Same layer or back up: leave from the side, curve around.
        let right = b.0 >= a.0;
        x1 = if right { a.0 + NODE_W } else { a.0 };
        y1 = a.1 + NODE_H / 2.0 + shift / 3.0;
        x2 = if right { b.0 } else { b.0 + NODE_W };
        y2 = b.1 + NODE_H / 2.0;
        let cy = y1.min(y2) - 36.0;
        (
            cubic((x1, y1), (x1, cy), (x2, cy), (x2, y2)),
            ((x1 + x2) / 2.0, cy + 9.0),
        )
    }
}

/// An SVG path from `a` to `b`: a cubic Bézier curve with control points `c1` and `c2`.
fn cubic(a: (f64, f64), c1: (f64, f64), c2: (f64, f64), b: (f64, f64)) -> String {
    format!(
        "M{} {} C{} {} {} {} {} {}",
        d1(a.0),
        d1(a.1),
        d1(c1.0),
        d1(c1.1),
        d1(c2.0),
        d1(c2.1),
        d1(b.0),
        d1(b.1)
    )
}

/// Cuts a label to `n` characters (the whole text is in the element's title).
pub fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let tail: String = s
        .chars()
        .rev()
        .take(n - 1)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("…{tail}")
}

fn kind_text(kind: &str) -> T {
    match kind {
        "container" => text::MAP_K_CONTAINER,
        "pod" => text::MAP_K_POD,
        "host" => text::MAP_K_HOST,
        "file" => text::MAP_K_FILE,
        "discovered" => text::MAP_K_DISCOVERED,
        "datasource" => text::MAP_K_DATASOURCE,
        "scrape" => text::MAP_K_SCRAPE,
        "alerting" => text::MAP_K_ALERTING,
        "remote-write" => text::MAP_K_REMOTE_WRITE,
        "mount" => text::MAP_K_MOUNT,
        _ => text::MAP_K_EXTERNAL,
    }
}

fn edge_label(g: &Graph, e: &MapEdge, lang: Lang) -> String {
    let args = vec![
        ("kind", kind_text(&e.kind).get(lang).to_string()),
        ("from", g.nodes[e.from].id.clone()),
        ("to", g.nodes[e.to].id.clone()),
        ("target", e.target.clone()),
        ("file", e.file.clone()),
        ("line", e.line.to_string()),
        ("codes", e.codes.join(", ")),
    ];
    let t = if e.ok {
        text::MAP_EDGE
    } else {
        text::MAP_EDGE_BROKEN
    };
    text::fill(t.get(lang), &args)
}

/// `s` escaped for an HTML or SVG text or a double-quoted attribute value (file names, ids
/// and targets come from the user's files).
pub use diagnose_core::strings::escape_html as esc;

/// The map's markup in `lang`: the picture, its legend and the list of broken arrows (or
/// the sentence that says there is no connection).
pub fn render(g: &Graph, lang: Lang) -> String {
    let mut out = String::new();
    if g.edges.is_empty() {
        let _ = write!(
            out,
            "<p class=\"state\">{}</p>",
            esc(text::MAP_EMPTY.get(lang))
        );
        return out;
    }
    let (xy, width, height) = layout(g);
    let mut out_count = vec![0usize; g.nodes.len()];
    let mut out_seen = vec![0usize; g.nodes.len()];
    for e in &g.edges {
        out_count[e.from] += 1;
    }
    // Arrows first (under the boxes), broken ones last so that they stay on top.
    let mut order: Vec<usize> = (0..g.edges.len()).collect();
    order.sort_by_key(|i| !g.edges[*i].ok);
    let mut shifts = vec![0.0; g.edges.len()];
    for (i, e) in g.edges.iter().enumerate() {
        let k = out_seen[e.from] as f64 - (out_count[e.from] as f64 - 1.0) / 2.0;
        out_seen[e.from] += 1;
        shifts[i] = k * 14.0;
    }
    let (w, h) = (Fixed(width, 0), Fixed(height, 0));
    let _ = write!(
        out,
        "<div class=\"map-scroll\"><svg class=\"map-svg\" role=\"group\" aria-label=\"{}\" \
         width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\"><defs>\
         <marker id=\"map-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" \
         markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0 10 5 0 10z\" \
         class=\"arrow-ok\"></path></marker>\
         <marker id=\"map-arrow-broken\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" \
         markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path \
         d=\"M0 0 10 5 0 10z\" class=\"arrow-broken\"></path></marker></defs>",
        esc(text::MAP_TITLE.get(lang)),
    );
    for i in order {
        let e = &g.edges[i];
        let (d, mid) = arrow_path(xy[e.from], xy[e.to], e.from == e.to, shifts[i]);
        let label = esc(&edge_label(g, e, lang));
        let (class, marker) = if e.ok {
            ("edge", "map-arrow")
        } else {
            ("edge broken", "map-arrow-broken")
        };
        let _ = write!(
            out,
            "<g class=\"{class}\" role=\"button\" tabindex=\"0\" aria-label=\"{label}\" \
             data-kind=\"{}\" data-from=\"{}\" data-to=\"{}\" data-codes=\"{}\" \
             data-file=\"{}\" data-line=\"{}\"><title>{label}</title>\
             <path class=\"edge-hit\" d=\"{d}\"></path>\
             <path class=\"edge-line\" d=\"{d}\" marker-end=\"url(#{marker})\"></path>",
            esc(&e.kind),
            esc(&g.nodes[e.from].id),
            esc(&g.nodes[e.to].id),
            esc(&e.codes.join(" ")),
            esc(&e.file),
            e.line,
        );
        if !e.ok {
            let t = format!("✗ {}", e.codes.join(" "));
            let w = 10.0 + 7.2 * t.chars().count() as f64;
            let _ = write!(
                out,
                "<rect class=\"edge-badge\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"20\" \
                 rx=\"4\"></rect><text class=\"edge-code\" x=\"{}\" y=\"{}\" \
                 text-anchor=\"middle\">{}</text>",
                d1(mid.0 - w / 2.0),
                d1(mid.1 - 10.0),
                d1(w),
                d1(mid.0),
                d1(mid.1 + 4.0),
                esc(&t),
            );
        }
        out.push_str("</g>");
    }
    for (i, n) in g.nodes.iter().enumerate() {
        let (x, y) = xy[i];
        let kind = kind_text(&n.kind).get(lang);
        let sub = match &n.program {
            Some(p) if *p != n.id => format!("{kind} · {p}"),
            _ => kind.to_string(),
        };
        let label = esc(&text::fill(
            text::MAP_NODE.get(lang),
            &[
                ("node", format!("{} ({sub})", n.id)),
                ("line", n.line.to_string()),
                ("file", n.file.clone()),
            ],
        ));
        let rx = if n.kind == "container" || n.kind == "pod" {
            "4"
        } else {
            "18"
        };
        let _ = write!(
            out,
            "<g class=\"node node-{}\" role=\"button\" tabindex=\"0\" aria-label=\"{label}\" \
             data-id=\"{}\" data-file=\"{}\" data-line=\"{}\"><title>{label}</title>\
             <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{rx}\"></rect>\
             <text class=\"node-name\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\
             <text class=\"node-sub\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>",
            esc(&n.kind),
            esc(&n.id),
            esc(&n.file),
            n.line,
            d1(x),
            d1(y),
            Fixed(NODE_W, 0),
            Fixed(NODE_H, 0),
            d1(x + NODE_W / 2.0),
            d1(y + 19.0),
            esc(&short(&n.id, 18)),
            d1(x + NODE_W / 2.0),
            d1(y + 35.0),
            esc(&short(&sub, 26)),
        );
    }
    let _ = write!(
        out,
        "</svg></div><p class=\"map-legend\"><span class=\"legend-ok\">──▸ {}</span>\
         <span class=\"legend-broken\">- - ▸ ✗ {}</span></p>",
        esc(text::MAP_LEGEND_OK.get(lang)),
        esc(text::MAP_LEGEND_BROKEN.get(lang)),
    );
    let broken: Vec<&MapEdge> = g.edges.iter().filter(|e| !e.ok).collect();
    if broken.is_empty() {
        let _ = write!(
            out,
            "<p class=\"state ok\">{}</p>",
            esc(text::MAP_ALL_OK.get(lang))
        );
        return out;
    }
    let _ = write!(
        out,
        "<h3>{}</h3><ul class=\"map-broken\">",
        esc(text::MAP_BROKEN_LIST.get(lang))
    );
    for e in broken {
        let what = format!(
            "{} → {} · {} {}",
            g.nodes[e.from].id,
            g.nodes[e.to].id,
            kind_text(&e.kind).get(lang),
            e.target
        );
        let _ = write!(
            out,
            "<li><button type=\"button\" class=\"link map-broken-go\" data-file=\"{}\" \
             data-line=\"{}\"><strong class=\"sev-error\">✗ {}</strong> {} \
             <span class=\"loc\">{}:{}</span></button></li>",
            esc(&e.file),
            e.line,
            esc(&e.codes.join(" ")),
            esc(&what),
            esc(&e.file),
            e.line,
        );
    }
    out.push_str("</ul>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ESXI: &str = r#"{"version":1,"nodes":[
        {"id":"prometheus","kind":"container","program":"prometheus","file":"c.yml","line":4},
        {"id":"grafana","kind":"container","program":"grafana","file":"c.yml","line":21},
        {"id":"prometheus.yml","kind":"file","program":null,"file":"c.yml","line":8},
        {"id":"host.docker.internal","kind":"host","program":null,"file":"p.yml","line":8}],
      "edges":[
        {"from":"prometheus.yml","to":"prometheus","kind":"mount","target":"/etc/p.yml","file":"c.yml","line":8,"ok":true,"codes":[]},
        {"from":"prometheus","to":"host.docker.internal","kind":"scrape","target":"host.docker.internal:8000","file":"p.yml","line":8,"ok":false,"codes":["NET002"]},
        {"from":"grafana","to":"prometheus","kind":"datasource","target":"http://prometheus:9090","file":"d.yml","line":6,"ok":true,"codes":[]},
        {"from":"prometheus","to":"prometheus","kind":"scrape","target":"localhost:9090","file":"p.yml","line":5,"ok":true,"codes":[]}]}"#;

    #[test]
    fn reads_the_documented_json_and_refuses_another_version() {
        let g = parse(ESXI).expect("reads");
        assert_eq!(g.nodes.len(), 4);
        assert_eq!(g.edges[1].codes, ["NET002"]);
        assert!(!g.edges[1].ok);
        assert_eq!((g.edges[1].from, g.edges[1].to), (0, 3));
        assert_eq!(parse(&ESXI.replace("\"version\":1", "\"version\":2")), None);
        assert_eq!(parse("null"), None);
    }

    #[test]
    fn layers_go_down_the_arrows_and_boxes_never_overlap() {
        let g = parse(ESXI).unwrap();
        let (xy, w, h) = layout(&g);
        // mount source, then grafana, then prometheus (grafana → prometheus), then the host.
        assert!(xy[2].1 < xy[0].1, "the mounted file is above prometheus");
        assert_eq!(xy[0].1 - xy[2].1, ROW, "and just above it");
        assert!(
            xy[1].1 < xy[0].1,
            "grafana is above the prometheus it queries"
        );
        assert!(xy[0].1 < xy[3].1, "prometheus is above what it scrapes");
        for i in 0..xy.len() {
            assert!(xy[i].0 >= 0.0 && xy[i].0 + NODE_W <= w && xy[i].1 + NODE_H <= h);
            for j in 0..i {
                let apart =
                    (xy[i].0 - xy[j].0).abs() >= NODE_W || (xy[i].1 - xy[j].1).abs() >= NODE_H;
                assert!(apart, "{i} and {j} overlap");
            }
        }
    }

    #[test]
    fn a_cycle_does_not_loop_forever() {
        let json = r#"{"version":1,"nodes":[{"id":"a","kind":"pod","program":null,"file":"f","line":1},{"id":"b","kind":"pod","program":null,"file":"f","line":1}],
            "edges":[{"from":"a","to":"b","kind":"scrape","target":"b","file":"f","line":1,"ok":true,"codes":[]},
                     {"from":"b","to":"a","kind":"scrape","target":"a","file":"f","line":1,"ok":true,"codes":[]}]}"#;
        let (xy, _, _) = layout(&parse(json).unwrap());
        assert_eq!(xy.len(), 2);
    }

    #[test]
    fn long_names_keep_their_end() {
        assert_eq!(short("monitoring/grafana/dashboards", 12), "…/dashboards");
        assert_eq!(short("grafana", 12), "grafana");
    }

    #[test]
    fn the_markup_names_every_line_escapes_the_files_and_speaks_both_languages() {
        let g = parse(&ESXI.replace("\"d.yml\"", "\"a<b>&\\\"c.yml\"")).unwrap();
        let en = render(&g, Lang::En);
        let fr = render(&g, Lang::Fr);
        assert!(en.contains("data-file=\"a&lt;b&gt;&amp;&quot;c.yml\" data-line=\"6\""));
        assert!(!en.contains("a<b>"));
        assert_eq!(en.matches("<g class=\"node").count(), 4);
        assert_eq!(en.matches("<g class=\"edge broken\"").count(), 1);
        assert!(en.contains("data-codes=\"NET002\""));
        assert!(en.contains("class=\"link map-broken-go\" data-file=\"p.yml\" data-line=\"8\""));
        assert!(en.contains("Map of the stack") && fr.contains("Carte de la pile"));
        assert!(fr
            .contains("cassée par NET002\u{a0}: collecte de prometheus vers host.docker.internal"));
        let empty = parse(r#"{"version":1,"nodes":[],"edges":[]}"#).unwrap();
        assert!(render(&empty, Lang::Fr).starts_with("<p class=\"state\">"));
    }
}
