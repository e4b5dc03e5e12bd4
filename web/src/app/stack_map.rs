//! The Map view: who talks to whom in the tabs' stack, drawn as an SVG in the page (a
//! layered layout, top to bottom). Broken arrows are red, dashed and labelled with ✗ and
//! the codes that break them; a list of them follows the picture. Clicking a box or an
//! arrow (or pressing Enter on it) opens its line in the editor.
//!
//! The graph comes from the engine module (`diagnose_core::graph::map`, the JSON of
//! `diagnose graph --format json`), fetched when the map is first opened: the map adds only
//! this drawing code to the page's first load.

use super::*;
use crate::num::{d1, Fixed};

#[derive(Clone, Debug, PartialEq)]
struct MapNode {
    id: String,
    kind: String,
    program: Option<String>,
    file: String,
    line: u32,
}

#[derive(Clone, Debug, PartialEq)]
struct MapEdge {
    from: usize,
    to: usize,
    kind: String,
    target: String,
    file: String,
    line: u32,
    ok: bool,
    codes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
struct Graph {
    nodes: Vec<MapNode>,
    edges: Vec<MapEdge>,
}

#[derive(Clone, Debug, PartialEq)]
enum MapState {
    Loading,
    Ready(u64, Graph),
    Failed,
}

/// Reads the module's JSON (`{"version": 1, "nodes": […], "edges": […]}`).
fn parse(json: &str) -> Option<Graph> {
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
                    .map(|c| {
                        c.iter()
                            .filter_map(|x| crate::json::str_of(x).map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
            })
        })
        .collect();
    Some(Graph { nodes, edges })
}

const NODE_W: f64 = 168.0;
const NODE_H: f64 = 44.0;
const GAP_X: f64 = 24.0;
const ROW: f64 = 104.0;
const PAD: f64 = 16.0;

/// Top-left corner of every node, and the size of the picture. Layers: the longest path
/// from a node without incoming arrows (self-loops and cycles ignored); within a layer,
/// nodes are ordered by the mean position of their predecessors.
fn layout(g: &Graph) -> (Vec<(f64, f64)>, f64, f64) {
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
            format!(
                "M{x} {} C{} {} {} {} {x} {}",
                d1(y - 10.0),
                d1(x + 44.0),
                d1(y - 34.0),
                d1(x + 44.0),
                d1(y + 34.0),
                d1(y + 10.0),
                x = d1(x),
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
            format!(
                "M{x1} {y1} C{x1} {c1} {x2} {my} {x2} {y2}",
                x1 = d1(x1),
                y1 = d1(y1),
                c1 = d1(c1),
                x2 = d1(x2),
                my = d1(my),
                y2 = d1(y2)
            ),
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
            format!(
                "M{x1} {y1} C{x1} {cy} {x2} {cy} {x2} {y2}",
                x1 = d1(x1),
                y1 = d1(y1),
                cy = d1(cy),
                x2 = d1(x2),
                y2 = d1(y2)
            ),
            ((x1 + x2) / 2.0, cy + 9.0),
        )
    }
}

/// Cuts a label to `n` characters (the whole text is in the element's title).
fn short(s: &str, n: usize) -> String {
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

/// The editor position of the start of `line` in the tab `file`.
fn line_target(st: St, file: &str, line: u32) -> Option<Target> {
    st.tabs.with_untracked(|tabs| {
        let t = tabs.iter().find(|t| t.name == file)?;
        let start: usize = t
            .text
            .split('\n')
            .take(line.saturating_sub(1) as usize)
            .map(|l| l.encode_utf16().count() + 1)
            .sum();
        Some(Target {
            file: file.to_string(),
            line,
            column: 1,
            start_utf16: start as u32,
            end_utf16: start as u32,
        })
    })
}

fn open_line(st: St, file: &str, line: u32) {
    if let Some(t) = line_target(st, file, line) {
        st.go_to(&t);
    }
}

fn on_key(st: St, file: String, line: u32) -> impl Fn(ev::KeyboardEvent) {
    move |e: ev::KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            open_line(st, &file, line);
        }
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

fn draw(st: St, g: Graph, lang: Lang) -> impl IntoView {
    let (xy, width, height) = layout(&g);
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
    let edges = order
        .into_iter()
        .map(|i| {
            let e = g.edges[i].clone();
            let (d, mid) = arrow_path(xy[e.from], xy[e.to], e.from == e.to, shifts[i]);
            let label = edge_label(&g, &e, lang);
            let aria = label.clone();
            let (file, line) = (e.file.clone(), e.line);
            let (f2, l2) = (file.clone(), line);
            let class = if e.ok { "edge" } else { "edge broken" };
            let marker = if e.ok { "url(#map-arrow)" } else { "url(#map-arrow-broken)" };
            let badge = (!e.ok).then(|| {
                let t = format!("✗ {}", e.codes.join(" "));
                let w = 10.0 + 7.2 * t.chars().count() as f64;
                view! {
                    <rect class="edge-badge" x=d1(mid.0 - w / 2.0).to_string() y=d1(mid.1 - 10.0).to_string()
                        width=d1(w).to_string() height="20" rx="4"></rect>
                    <text class="edge-code" x=d1(mid.0).to_string() y=d1(mid.1 + 4.0).to_string()
                        text-anchor="middle">{t}</text>
                }
            });
            view! {
                <g class=class role="button" tabindex="0" aria-label=aria
                    data-kind=e.kind.clone() data-from=g.nodes[e.from].id.clone() data-to=g.nodes[e.to].id.clone()
                    data-codes=e.codes.join(" ") data-file=e.file.clone() data-line=e.line.to_string()
                    on:click=move |_| open_line(st, &file, line) on:keydown=on_key(st, f2, l2)>
                    <title>{label}</title>
                    <path class="edge-hit" d=d.clone()></path>
                    <path class="edge-line" d=d marker-end=marker></path>
                    {badge}
                </g>
            }
        })
        .collect_view();
    let nodes = g
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let (x, y) = xy[i];
            let kind = kind_text(&n.kind).get(lang);
            let sub = match &n.program {
                Some(p) if *p != n.id => format!("{kind} · {p}"),
                _ => kind.to_string(),
            };
            let label = text::fill(
                text::MAP_NODE.get(lang),
                &[("node", format!("{} ({sub})", n.id)), ("line", n.line.to_string()), ("file", n.file.clone())],
            );
            let aria = label.clone();
            let (file, line) = (n.file.clone(), n.line);
            let (f2, l2) = (file.clone(), line);
            view! {
                <g class=format!("node node-{}", n.kind) role="button" tabindex="0" aria-label=aria
                    data-id=n.id.clone() data-file=n.file.clone() data-line=n.line.to_string()
                    on:click=move |_| open_line(st, &file, line) on:keydown=on_key(st, f2, l2)>
                    <title>{label}</title>
                    <rect x=d1(x).to_string() y=d1(y).to_string() width=Fixed(NODE_W, 0).to_string() height=Fixed(NODE_H, 0).to_string()
                        rx=if n.kind == "container" || n.kind == "pod" { "4" } else { "18" }></rect>
                    <text class="node-name" x=d1(x + NODE_W / 2.0).to_string() y=d1(y + 19.0).to_string()
                        text-anchor="middle">{short(&n.id, 20)}</text>
                    <text class="node-sub" x=d1(x + NODE_W / 2.0).to_string() y=d1(y + 35.0).to_string()
                        text-anchor="middle">{short(&sub, 26)}</text>
                </g>
            }
        })
        .collect_view();
    let broken: Vec<MapEdge> = g.edges.iter().filter(|e| !e.ok).cloned().collect();
    let list = if broken.is_empty() {
        view! { <p class="state ok">{text::MAP_ALL_OK.get(lang)}</p> }.into_any()
    } else {
        view! {
            <h3>{text::MAP_BROKEN_LIST.get(lang)}</h3>
            <ul class="map-broken">
                {broken.into_iter().map(|e| {
                    let (file, line) = (e.file.clone(), e.line);
                    let what = format!("{} → {} · {} {}", g.nodes[e.from].id, g.nodes[e.to].id,
                        kind_text(&e.kind).get(lang), e.target);
                    view! {
                        <li>
                            <button type="button" class="link map-broken-go"
                                on:click=move |_| open_line(st, &file, line)>
                                <strong class="sev-error">{format!("✗ {}", e.codes.join(" "))}</strong>
                                " "{what}" "<span class="loc">{format!("{}:{}", e.file, e.line)}</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any()
    };
    view! {
        <div class="map-scroll">
            <svg class="map-svg" role="group" aria-label=text::MAP_TITLE.get(lang)
                width=Fixed(width, 0).to_string() height=Fixed(height, 0).to_string()
                viewBox=format!("0 0 {} {}", Fixed(width, 0), Fixed(height, 0))>
                <defs>
                    <marker id="map-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M0 0 10 5 0 10z" class="arrow-ok"></path>
                    </marker>
                    <marker id="map-arrow-broken" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M0 0 10 5 0 10z" class="arrow-broken"></path>
                    </marker>
                </defs>
                {edges}
                {nodes}
            </svg>
        </div>
        <p class="map-legend">
            <span class="legend-ok">"──▸ "{text::MAP_LEGEND_OK.get(lang)}</span>
            <span class="legend-broken">"- - ▸ ✗ "{text::MAP_LEGEND_BROKEN.get(lang)}</span>
        </p>
        {list}
    }
}

/// The map of the tabs from the engine module, if it is loaded.
fn ask(files: &[(String, String)]) -> Option<Graph> {
    parse(&engine::graph(files)?)
}

#[component]
pub(super) fn StackMapPane() -> impl IntoView {
    let st = expect_context::<St>();
    let open = RwSignal::new(false);
    let state: RwSignal<MapState> = RwSignal::new(MapState::Loading);
    // While open, follow every analysis.
    Effect::new(move |_| {
        if !open.get() {
            return;
        }
        let seq = st.analysis.with(|a| a.as_ref().map_or(0, |a| a.seq));
        if let Some(g) = ask(&st.files()) {
            state.set(MapState::Ready(seq, g));
            return;
        }
        state.set(MapState::Loading);
        leptos::task::spawn_local(async move {
            let loaded = engine::load().await;
            let now = st
                .analysis
                .with_untracked(|a| a.as_ref().map_or(0, |a| a.seq));
            if now != seq || !open.get_untracked() {
                return;
            }
            let g = if loaded { ask(&st.files()) } else { None };
            state.set(g.map_or(MapState::Failed, |g| MapState::Ready(seq, g)));
        });
    });
    view! {
        <section id="map" class="map-pane" aria-labelledby="map-title"
            data-state=move || match state.get() {
                _ if !open.get() => "closed",
                MapState::Loading => "loading",
                MapState::Ready(..) => "ready",
                MapState::Failed => "failed",
            }>
            <div class="map-head">
                <h2 id="map-title">{move || st.t(text::MAP_TITLE)}</h2>
                <button type="button" class="map-toggle" aria-expanded=move || open.get().to_string()
                    aria-controls="map-body" on:click=move |_| open.update(|o| *o = !*o)>
                    {move || if open.get() { st.t(text::MAP_HIDE) } else { st.t(text::MAP_SHOW) }}
                </button>
            </div>
            <div id="map-body">
            {move || {
                if !open.get() {
                    return None;
                }
                let lang = st.lang.get();
                Some(match state.get() {
                    MapState::Loading => view! { <p class="state" role="status">{text::MAP_LOADING.get(lang)}</p> }.into_any(),
                    MapState::Failed => view! {
                        <p class="state warning-text" role="status">{severity_icon(Severity::Warning)}{text::MAP_FAILED.get(lang)}</p>
                    }.into_any(),
                    MapState::Ready(_, g) if g.edges.is_empty() => view! {
                        <p class="state">{text::MAP_EMPTY.get(lang)}</p>
                    }.into_any(),
                    MapState::Ready(_, g) => draw(st, g, lang).into_any(),
                })
            }}
            </div>
        </section>
    }
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
}
