//! The data flow diagram of a processing activity: where personal data comes
//! from, which systems hold it and to whom it goes, as an SVG document.
//!
//! Nodes are the sources, systems, recipients and categories of data
//! subjects; arrows are the data flows, labelled with their step id and the
//! data that moves. A transfer to a country outside the UK and the EEA is
//! marked in red and dashed, and named in text on the receiving box, so the
//! figure does not rely on colour alone; every box also carries its kind as a
//! small caption ("source", "processor"...).
//!
//! The layout is a small layered (Sugiyama-style) drawing, left to right:
//!
//! 1. cycles are broken by reversing the back edges of a depth-first search
//!    in input order (the arrows are still drawn the author's way round);
//! 2. boxes get a layer by longest path from the boxes with no incoming flow
//!    (a pure source moves right, next to its nearest destination);
//! 3. between two layers of boxes sits a column of edge labels: each flow
//!    becomes a chain through one label vertex and through placeholder
//!    vertices in the columns it crosses, so labels and long arrows take
//!    room of their own and never sit on a box or on each other;
//! 4. barycentre sweeps order every column to reduce crossings, keeping the
//!    best order seen;
//! 5. vertical positions follow the neighbours' mean in a few sweeps, each
//!    column solved as an ordered least-squares problem (pool adjacent
//!    violators), which keeps boxes and labels apart; then small jogs along
//!    long arrows are snapped straight where a column has room;
//! 6. an arrow runs horizontally across each column it passes (so it never
//!    goes behind another label or a box) and bends in the gaps between
//!    columns as a cubic curve with horizontal tangents, each bend in a gap
//!    on a track of its own; arrows attach at ports spread along the box
//!    sides; a self-loop is a small loop above its box, its label over it.
//!
//! The output is deterministic (no hash maps, fixed float formatting) and all
//! of the author's text goes through [`escape`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{FONT, escape, text_width, wrap};

/// What a node is, which decides its fill and its caption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A category of data subjects (the people the data is about).
    DataSubject,
    /// Where the data comes from: a form, an inbox, a third party.
    Source,
    /// A system that holds or processes the data.
    System,
    /// A team or function inside the controller.
    Internal,
    /// A processor acting on the controller's instructions.
    Processor,
    /// A sub-processor engaged by a processor.
    SubProcessor,
    /// Another controller that receives the data.
    Controller,
    /// A joint controller.
    JointController,
}

impl NodeKind {
    /// Caption, fill and border colour of a box of this kind.
    fn style(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Self::DataSubject => ("data subjects", "#e3eefa", "#4f78a8"),
            Self::Source => ("source", "#e4f2e4", "#4f8a4f"),
            Self::System => ("system", "#eceff3", "#5b6770"),
            Self::Internal => ("internal team", "#efe8f7", "#7a5c9e"),
            Self::Processor => ("processor", "#fcefd9", "#a8742a"),
            Self::SubProcessor => ("sub-processor", "#fae6dc", "#a8603e"),
            Self::Controller => ("other controller", "#dff1ef", "#3f8a82"),
            Self::JointController => ("joint controller", "#eef3db", "#6f7f33"),
        }
    }
}

/// A box in the diagram.
#[derive(Debug, Clone)]
pub struct FlowNode {
    /// Identifier that edges refer to.
    pub id: String,
    /// Name shown in the box.
    pub label: String,
    /// What the node is.
    pub kind: NodeKind,
    /// ISO country code, when known.
    pub country: Option<String>,
    /// The node is outside the UK and the EEA (a restricted transfer).
    pub outside: bool,
}

/// An arrow between two nodes, in the author's order.
#[derive(Debug, Clone)]
pub struct FlowEdge {
    /// Step id, e.g. "F1" (shown at the start of the label).
    pub id: String,
    /// Id of the node the data leaves.
    pub from: String,
    /// Id of the node the data reaches.
    pub to: String,
    /// Already-joined label text, e.g. "Correspondence, case notes (email)".
    pub label: String,
    /// The flow goes to a node outside the UK and the EEA.
    pub outside: bool,
}

const NODE_FONT: f64 = 13.0;
const NODE_LINE: f64 = 15.0;
const NODE_WRAP: usize = 22;
const CAPTION_FONT: f64 = 10.0;
const LABEL_FONT: f64 = 11.0;
const LABEL_LINE: f64 = 13.0;
const LABEL_WRAP: usize = 28;
const PAD_X: f64 = 10.0;
const MIN_BOX_W: f64 = 96.0;
/// Horizontal room between two columns, where the arrows bend.
const GAP_X: f64 = 32.0;
const MARGIN: f64 = 12.0;
/// Vertical distance between two arrows attached to the same box side.
const PORT_PITCH: f64 = 11.0;
const LEGEND_H: f64 = 24.0;

const INK: &str = "#1a1a1a";
const MUTED: &str = "#4a5560";
const EDGE: &str = "#5b6770";
const RED: &str = "#c62828";
const DASH: &str = "6 4";

/// The diagram as an SVG document, or `None` when there are no edges.
#[must_use]
pub fn data_flow_svg(nodes: &[FlowNode], edges: &[FlowEdge]) -> Option<String> {
    layout(nodes, edges).map(|l| render(&l, nodes, edges))
}

/// Converts a count (of boxes, lines, ports) to pixels' arithmetic.
#[allow(clippy::cast_precision_loss)] // counts in a figure are far below 2^52
fn count(n: usize) -> f64 {
    n as f64
}

/// Lines of an edge label and whether the first line starts with the step id
/// (shown bold).
#[derive(Debug, Clone)]
struct Caption {
    lines: Vec<String>,
    bold: Option<String>,
    w: f64,
    h: f64,
}

impl Caption {
    fn of(edge: &FlowEdge) -> Self {
        let id = edge.id.trim();
        let label = edge.label.trim();
        let text = match (id.is_empty(), label.is_empty()) {
            (true, _) => label.to_owned(),
            (false, true) => id.to_owned(),
            (false, false) => format!("{id} {label}"),
        };
        let lines = wrap(&text, LABEL_WRAP);
        let bold = lines.first().and_then(|first| {
            let rest = first.strip_prefix(id)?;
            (!id.is_empty() && (rest.is_empty() || rest.starts_with(' '))).then(|| id.to_owned())
        });
        let widest = lines
            .iter()
            .map(|l| text_width(l, LABEL_FONT))
            .fold(0.0, f64::max);
        let (w, h) = if lines.is_empty() {
            (0.0, 0.0)
        } else {
            (widest + 10.0, count(lines.len()) * LABEL_LINE + 6.0)
        };
        Self { lines, bold, w, h }
    }
}

/// The text of a box: kind caption, wrapped name, transfer tag.
#[derive(Debug, Clone)]
struct BoxText {
    caption: String,
    lines: Vec<String>,
    tag: Option<String>,
    /// Height the text needs.
    h: f64,
    /// Width the text needs.
    w: f64,
}

impl BoxText {
    fn of(node: &FlowNode) -> Self {
        let (kind, _, _) = node.kind.style();
        let country = node
            .country
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        let caption = match country {
            Some(c) if !node.outside => format!("{kind} \u{b7} {c}"),
            _ => kind.to_owned(),
        };
        let mut lines = wrap(&node.label, NODE_WRAP);
        if lines.is_empty() {
            lines.push(node.id.clone());
        }
        let tag = node.outside.then(|| match country {
            Some(c) => format!("outside UK/EEA: {c}"),
            None => "outside UK/EEA".to_owned(),
        });
        let mut w = text_width(&caption, CAPTION_FONT);
        for line in &lines {
            w = w.max(text_width(line, NODE_FONT));
        }
        if let Some(tag) = &tag {
            w = w.max(text_width(tag, CAPTION_FONT) * 1.08);
        }
        let h =
            17.0 + NODE_LINE * count(lines.len()) + if tag.is_some() { 14.0 } else { 0.0 } + 7.0;
        Self {
            caption,
            lines,
            tag,
            h,
            w: (w + 2.0 * PAD_X).max(MIN_BOX_W),
        }
    }
}

/// What a vertex of the layered graph stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A box: index into the kept nodes.
    Box(usize),
    /// The label of a flow: index into the laid-out flows.
    Label(usize),
    /// A placeholder where a long arrow crosses a column.
    Dummy,
}

#[derive(Debug, Clone)]
struct Vertex {
    role: Role,
    rank: usize,
    h: f64,
    /// Room taken above and below the centre line (a box's self-loops and
    /// their labels sit above it).
    above: f64,
    below: f64,
    y: f64,
}

impl Vertex {
    /// Half of the free space wanted between this vertex and its neighbour
    /// in a column.
    fn half_gap(&self) -> f64 {
        match self.role {
            Role::Box(_) => 10.0,
            Role::Label(_) => 4.0,
            Role::Dummy => 5.0,
        }
    }
}

/// A flow between two different boxes, as laid out.
#[derive(Debug, Clone)]
struct Flow {
    edge: usize,
    /// Vertices from the lower column to the higher one.
    chain: Vec<usize>,
    /// The arrow points from the higher column to the lower (a back edge).
    reversed: bool,
    caption: Caption,
}

/// A self-loop: a flow from a box to itself.
#[derive(Debug, Clone)]
struct Loop {
    edge: usize,
    node: usize,
    /// Position among the loops of its box.
    nth: usize,
    caption: Caption,
}

#[derive(Debug, Clone)]
struct Layout {
    /// Indices into the input nodes of the boxes drawn.
    kept: Vec<usize>,
    texts: Vec<BoxText>,
    verts: Vec<Vertex>,
    flows: Vec<Flow>,
    loops: Vec<Loop>,
    /// Left edge and width of each column.
    x: Vec<f64>,
    widths: Vec<f64>,
    /// Port of each (box, neighbour vertex) pair on the box's side.
    ports: BTreeMap<(usize, usize), f64>,
    width: f64,
    height: f64,
    /// Some box or flow is outside the UK and the EEA: explain the red.
    legend: bool,
}

/// The nodes that some flow touches (indices into `nodes`, in input order)
/// and each flow as (edge index, from, to) in indices into those kept nodes;
/// a flow naming an unknown node is left out.
fn resolve(nodes: &[FlowNode], edges: &[FlowEdge]) -> (Vec<usize>, Vec<(usize, usize, usize)>) {
    let mut by_id: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, node) in nodes.iter().enumerate() {
        by_id.entry(node.id.as_str()).or_insert(i);
    }
    let mut used = vec![false; nodes.len()];
    let mut ends = Vec::new();
    for (e, edge) in edges.iter().enumerate() {
        if let (Some(&a), Some(&b)) = (by_id.get(edge.from.as_str()), by_id.get(edge.to.as_str())) {
            used[a] = true;
            used[b] = true;
            ends.push((e, a, b));
        }
    }
    let kept: Vec<usize> = (0..nodes.len()).filter(|&i| used[i]).collect();
    let mut slot = vec![usize::MAX; nodes.len()];
    for (k, &i) in kept.iter().enumerate() {
        slot[i] = k;
    }
    let ends = ends
        .into_iter()
        .map(|(e, a, b)| (e, slot[a], slot[b]))
        .collect();
    (kept, ends)
}

fn layout(nodes: &[FlowNode], edges: &[FlowEdge]) -> Option<Layout> {
    let (kept, ends) = resolve(nodes, edges);
    if ends.is_empty() {
        return None;
    }
    let n = kept.len();
    let texts: Vec<BoxText> = kept.iter().map(|&i| BoxText::of(&nodes[i])).collect();

    // Self-loops aside; the other flows get a direction that breaks cycles.
    let mut loops: Vec<Loop> = Vec::new();
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for &(e, a, b) in &ends {
        if a == b {
            let nth = loops.iter().filter(|l| l.node == a).count();
            loops.push(Loop {
                edge: e,
                node: a,
                nth,
                caption: Caption::of(&edges[e]),
            });
        } else {
            pairs.push((e, a, b));
        }
    }
    let links: Vec<(usize, usize)> = pairs.iter().map(|&(_, a, b)| (a, b)).collect();
    let (back, preorder) = back_edges(n, &links);
    let dag: Vec<(usize, usize)> = links
        .iter()
        .zip(&back)
        .map(|(&(a, b), &back)| if back { (b, a) } else { (a, b) })
        .collect();
    let layer = layers(n, &dag);
    let ranks_n = 2 * layer.iter().copied().max().unwrap_or(0) + 1;

    let (mut verts, flows) = chains(&layer, &pairs, &dag, &back, edges);
    let mut left: Vec<Vec<usize>> = vec![Vec::new(); verts.len()];
    let mut right: Vec<Vec<usize>> = vec![Vec::new(); verts.len()];
    for flow in &flows {
        for pair in flow.chain.windows(2) {
            right[pair[0]].push(pair[1]);
            left[pair[1]].push(pair[0]);
        }
    }

    size_boxes(&mut verts, &texts, &loops, &left, &right);

    // Columns in their initial order: boxes as the search met them, then the
    // chains in the author's order; then crossing reduction.
    let mut ranks: Vec<Vec<usize>> = vec![Vec::new(); ranks_n];
    for &k in &preorder {
        ranks[verts[k].rank].push(k);
    }
    for v in n..verts.len() {
        ranks[verts[v].rank].push(v);
    }
    order(&mut ranks, &left, &right, verts.len());

    let widths = column_widths(&verts, &ranks, &texts, &loops, &flows);
    let mut x = vec![MARGIN; ranks_n];
    for r in 1..ranks_n {
        x[r] = x[r - 1] + widths[r - 1] + GAP_X;
    }

    assign_y(&mut verts, &ranks, &left, &right);
    straighten(&mut verts, &ranks, &flows);
    let top = verts
        .iter()
        .map(|v| v.y - v.above)
        .fold(f64::INFINITY, f64::min);
    for v in &mut verts {
        v.y += MARGIN - top;
    }

    let ports = ports(&verts, n, &left, &right);
    let outside =
        kept.iter().any(|&i| nodes[i].outside) || ends.iter().any(|&(e, _, _)| edges[e].outside);
    let last = ranks_n - 1;
    let width =
        (x[last] + widths[last] + MARGIN).max(if outside { 2.0 * MARGIN + 330.0 } else { 0.0 });
    let bottom = verts.iter().map(|v| v.y + v.below).fold(0.0, f64::max);
    let height = bottom + MARGIN + if outside { LEGEND_H } else { 0.0 };
    Some(Layout {
        kept,
        texts,
        verts,
        flows,
        loops,
        x,
        widths,
        ports,
        width,
        height,
        legend: outside,
    })
}

/// The vertices of the layered graph and the flows' chains through them:
/// the boxes first (vertex `k` is kept node `k`), then for each flow one
/// vertex in each column it crosses, its label in the middle label column.
fn chains(
    layer: &[usize],
    pairs: &[(usize, usize, usize)],
    dag: &[(usize, usize)],
    back: &[bool],
    edges: &[FlowEdge],
) -> (Vec<Vertex>, Vec<Flow>) {
    let mut verts: Vec<Vertex> = (0..layer.len())
        .map(|k| Vertex {
            role: Role::Box(k),
            rank: 2 * layer[k],
            h: 0.0,
            above: 0.0,
            below: 0.0,
            y: 0.0,
        })
        .collect();
    let mut flows: Vec<Flow> = Vec::with_capacity(pairs.len());
    for (f, (&(e, _, _), &(a, b))) in pairs.iter().zip(dag).enumerate() {
        let (la, lb) = (layer[a], layer[b]);
        let span = lb.saturating_sub(la).max(1);
        let label_rank = 2 * la + 1 + 2 * ((span - 1) / 2);
        let caption = Caption::of(&edges[e]);
        let mut chain = vec![a];
        for rank in (2 * la + 1)..(2 * lb) {
            let role = if rank == label_rank {
                Role::Label(f)
            } else {
                Role::Dummy
            };
            let (h, half) = if rank == label_rank {
                (caption.h, caption.h / 2.0)
            } else {
                (0.0, 0.0)
            };
            chain.push(verts.len());
            verts.push(Vertex {
                role,
                rank,
                h,
                above: half,
                below: half,
                y: 0.0,
            });
        }
        chain.push(b);
        flows.push(Flow {
            edge: e,
            chain,
            reversed: back[f],
            caption,
        });
    }
    (verts, flows)
}

/// Width of each column: its widest box (or self-loop label) or label.
fn column_widths(
    verts: &[Vertex],
    ranks: &[Vec<usize>],
    texts: &[BoxText],
    loops: &[Loop],
    flows: &[Flow],
) -> Vec<f64> {
    ranks
        .iter()
        .map(|column| {
            column
                .iter()
                .map(|&v| match verts[v].role {
                    Role::Box(k) => loops
                        .iter()
                        .filter(|l| l.node == k)
                        .map(|l| l.caption.w)
                        .fold(texts[k].w, f64::max),
                    Role::Label(f) => flows[f].caption.w,
                    Role::Dummy => 0.0,
                })
                .fold(0.0, f64::max)
        })
        .collect()
}

/// Ports: the arrows on each side of a box, spread in the order of the
/// vertex at their other end so that they do not cross at the box.
fn ports(
    verts: &[Vertex],
    boxes: usize,
    left: &[Vec<usize>],
    right: &[Vec<usize>],
) -> BTreeMap<(usize, usize), f64> {
    let mut ports = BTreeMap::new();
    for k in 0..boxes {
        for side in [&left[k], &right[k]] {
            let mut others = side.clone();
            others.sort_by(|&a, &b| verts[a].y.total_cmp(&verts[b].y).then(a.cmp(&b)));
            let v = &verts[k];
            let pitch = (v.h / count(others.len() + 1)).min(PORT_PITCH * 1.6);
            let first = v.y - pitch * count(others.len().saturating_sub(1)) / 2.0;
            for (i, &o) in others.iter().enumerate() {
                ports.insert((k, o), first + pitch * count(i));
            }
        }
    }
    ports
}

/// Box sizes: tall enough for their text and for the arrows on each side;
/// self-loops and their labels take room above.
fn size_boxes(
    verts: &mut [Vertex],
    texts: &[BoxText],
    loops: &[Loop],
    left: &[Vec<usize>],
    right: &[Vec<usize>],
) {
    for (k, text) in texts.iter().enumerate() {
        let ports = left[k].len().max(right[k].len());
        let h = text.h.max(count(ports) * PORT_PITCH + 10.0);
        let mine: Vec<&Loop> = loops.iter().filter(|l| l.node == k).collect();
        let extra = if mine.is_empty() {
            0.0
        } else {
            let tallest = loop_size(mine.len() - 1).1;
            tallest + 4.0 + mine.iter().map(|l| l.caption.h + 3.0).sum::<f64>()
        };
        let v = &mut verts[k];
        v.h = h;
        v.above = h / 2.0 + extra;
        v.below = h / 2.0;
    }
}

/// Half-width and height of the `nth` self-loop above a box.
fn loop_size(nth: usize) -> (f64, f64) {
    (12.0 + 7.0 * count(nth), 18.0 + 9.0 * count(nth))
}

/// Marks the back edges of a depth-first search (from the nodes with no
/// incoming link, then the rest, in input order); also returns the order in
/// which the search met the nodes.
fn back_edges(n: usize, links: &[(usize, usize)]) -> (Vec<bool>, Vec<usize>) {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indegree = vec![0_usize; n];
    for (f, &(a, b)) in links.iter().enumerate() {
        out[a].push(f);
        indegree[b] += 1;
    }
    let roots = (0..n)
        .filter(|&v| indegree[v] == 0)
        .chain((0..n).filter(|&v| indegree[v] > 0));
    let mut state = vec![0_u8; n];
    let mut back = vec![false; links.len()];
    let mut preorder = Vec::with_capacity(n);
    for root in roots {
        if state[root] != 0 {
            continue;
        }
        state[root] = 1;
        preorder.push(root);
        let mut stack = vec![(root, 0_usize)];
        while let Some(top) = stack.last_mut() {
            let v = top.0;
            if let Some(&f) = out[v].get(top.1) {
                top.1 += 1;
                let w = links[f].1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        preorder.push(w);
                        stack.push((w, 0));
                    }
                    1 => back[f] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    (back, preorder)
}

/// Layer of each node: longest path from the nodes with no incoming link,
/// then each such node moves right to just before its nearest successor.
fn layers(n: usize, dag: &[(usize, usize)]) -> Vec<usize> {
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indegree = vec![0_usize; n];
    for &(a, b) in dag {
        succ[a].push(b);
        indegree[b] += 1;
    }
    let mut layer = vec![0_usize; n];
    let mut remaining = indegree.clone();
    let mut queue: Vec<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
    let mut head = 0;
    while let Some(&v) = queue.get(head) {
        head += 1;
        for &w in &succ[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            remaining[w] -= 1;
            if remaining[w] == 0 {
                queue.push(w);
            }
        }
    }
    for v in 0..n {
        if indegree[v] == 0
            && let Some(nearest) = succ[v].iter().map(|&w| layer[w]).min()
        {
            layer[v] = layer[v].max(nearest.saturating_sub(1));
        }
    }
    layer
}

/// Orders the columns by barycentre sweeps (down then up), keeping the order
/// with the fewest crossings.
fn order(ranks: &mut [Vec<usize>], left: &[Vec<usize>], right: &[Vec<usize>], vertices: usize) {
    let mut pos = vec![0.0_f64; vertices];
    for column in ranks.iter() {
        for (i, &v) in column.iter().enumerate() {
            pos[v] = count(i);
        }
    }
    let mut best = ranks.to_vec();
    let mut fewest = crossings(ranks, right, &pos);
    let mut key = vec![0.0_f64; vertices];
    for sweep in 0..8 {
        let down = sweep % 2 == 0;
        let columns: Vec<usize> = if down {
            (1..ranks.len()).collect()
        } else {
            (0..ranks.len().saturating_sub(1)).rev().collect()
        };
        for r in columns {
            for &v in &ranks[r] {
                let near = if down { &left[v] } else { &right[v] };
                key[v] = if near.is_empty() {
                    pos[v]
                } else {
                    near.iter().map(|&u| pos[u]).sum::<f64>() / count(near.len())
                };
            }
            ranks[r].sort_by(|&a, &b| key[a].total_cmp(&key[b]));
            for (i, &v) in ranks[r].iter().enumerate() {
                pos[v] = count(i);
            }
        }
        let c = crossings(ranks, right, &pos);
        if c < fewest {
            fewest = c;
            best = ranks.to_vec();
        }
    }
    ranks.clone_from_slice(&best);
}

/// Number of crossing segments between neighbouring columns.
fn crossings(ranks: &[Vec<usize>], right: &[Vec<usize>], pos: &[f64]) -> usize {
    let mut total = 0;
    for column in ranks {
        let segments: Vec<(f64, f64)> = column
            .iter()
            .flat_map(|&v| right[v].iter().map(move |&u| (pos[v], pos[u])))
            .collect();
        for (i, a) in segments.iter().enumerate() {
            for b in &segments[i + 1..] {
                if (a.0 < b.0 && a.1 > b.1) || (a.0 > b.0 && a.1 < b.1) {
                    total += 1;
                }
            }
        }
    }
    total
}

/// Vertical positions: each vertex is pulled towards the mean of its
/// neighbours, column by column, keeping the column's order and gaps.
fn assign_y(verts: &mut [Vertex], ranks: &[Vec<usize>], left: &[Vec<usize>], right: &[Vec<usize>]) {
    for column in ranks {
        let zeros = vec![0.0; column.len()];
        place(verts, column, &zeros);
    }
    let last = ranks.len().saturating_sub(1);
    for sweep in 0..16 {
        let down = sweep % 2 == 0;
        let both = sweep >= 10;
        let columns: Vec<usize> = if down {
            (1..=last).collect()
        } else {
            (0..last).rev().collect()
        };
        for r in columns {
            let desired: Vec<f64> = ranks[r]
                .iter()
                .map(|&v| {
                    let near: Vec<usize> = if both {
                        left[v].iter().chain(&right[v]).copied().collect()
                    } else if down {
                        left[v].clone()
                    } else {
                        right[v].clone()
                    };
                    if near.is_empty() {
                        verts[v].y
                    } else {
                        near.iter().map(|&u| verts[u].y).sum::<f64>() / count(near.len())
                    }
                })
                .collect();
            place(verts, &ranks[r], &desired);
        }
    }
}

/// Removes small jogs along arrows: where two neighbouring vertices of a
/// chain (labels or placeholders) differ a little in height, one moves to
/// the other's height if its column has room there.
fn straighten(verts: &mut [Vertex], ranks: &[Vec<usize>], flows: &[Flow]) {
    const JOG: f64 = 18.0;
    let mut at = vec![0; verts.len()];
    for column in ranks {
        for (i, &v) in column.iter().enumerate() {
            at[v] = i;
        }
    }
    let fits = |verts: &[Vertex], v: usize, y: f64| {
        let column = &ranks[verts[v].rank];
        let me = &verts[v];
        let above_ok = at[v].checked_sub(1).is_none_or(|i| {
            let p = &verts[column[i]];
            y - me.above >= p.y + p.below + p.half_gap() + me.half_gap() - 0.01
        });
        let below_ok = column.get(at[v] + 1).is_none_or(|&n| {
            let n = &verts[n];
            y + me.below <= n.y - n.above - n.half_gap() - me.half_gap() + 0.01
        });
        above_ok && below_ok
    };
    for _ in 0..2 {
        for flow in flows {
            let inner = &flow.chain[1..flow.chain.len() - 1];
            for pair in inner.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                let jog = (verts[a].y - verts[b].y).abs();
                if !(0.05..=JOG).contains(&jog) {
                    continue;
                }
                let (ya, yb) = (verts[a].y, verts[b].y);
                if fits(verts, b, ya) {
                    verts[b].y = ya;
                } else if fits(verts, a, yb) {
                    verts[a].y = yb;
                }
            }
        }
    }
}

/// Places a column's vertices as close as possible (least squares) to the
/// desired centres while keeping their order and the gaps between them:
/// isotonic regression by pool adjacent violators on the desired positions
/// less each vertex's minimum offset from the first.
fn place(verts: &mut [Vertex], column: &[usize], desired: &[f64]) {
    let mut offsets = Vec::with_capacity(column.len());
    let mut offset = 0.0;
    for (i, &v) in column.iter().enumerate() {
        if i > 0 {
            let p = &verts[column[i - 1]];
            offset += p.below + p.half_gap() + verts[v].half_gap() + verts[v].above;
        }
        offsets.push(offset);
    }
    // Blocks of (sum, count).
    let mut blocks: Vec<(f64, usize)> = Vec::with_capacity(column.len());
    for (d, o) in desired.iter().zip(&offsets) {
        blocks.push((d - o, 1));
        while blocks.len() > 1 {
            let (s2, c2) = blocks[blocks.len() - 1];
            let (s1, c1) = blocks[blocks.len() - 2];
            if s1 / count(c1) > s2 / count(c2) {
                blocks.pop();
                blocks.pop();
                blocks.push((s1 + s2, c1 + c2));
            } else {
                break;
            }
        }
    }
    let mut i = 0;
    for (sum, c) in blocks {
        let z = sum / count(c);
        for _ in 0..c {
            verts[column[i]].y = z + offsets[i];
            i += 1;
        }
    }
}

/// A 64-bit FNV-1a digest of the input, so that the marker ids of two
/// different diagrams inlined in one HTML page do not collide.
fn fingerprint(nodes: &[FlowNode], edges: &[FlowEdge]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |text: &str| {
        for b in text.bytes().chain([0xff]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for node in nodes {
        eat(&node.id);
        eat(&node.label);
    }
    for edge in edges {
        eat(&edge.id);
        eat(&edge.from);
        eat(&edge.to);
        eat(&edge.label);
    }
    hash
}

/// A sentence per flow, for screen readers.
fn description(l: &Layout, nodes: &[FlowNode], edges: &[FlowEdge]) -> String {
    let name = |id: &str| {
        nodes
            .iter()
            .find(|n| n.id == id)
            .map_or(id, |n| n.label.as_str())
            .to_owned()
    };
    let mut flows: Vec<usize> = l
        .flows
        .iter()
        .map(|f| f.edge)
        .chain(l.loops.iter().map(|s| s.edge))
        .collect();
    flows.sort_unstable();
    let mut text = String::from("Data flow diagram.");
    for e in flows {
        let edge = &edges[e];
        let _ = write!(
            text,
            " {}: {} to {}",
            edge.id.trim(),
            name(&edge.from),
            name(&edge.to)
        );
        if !edge.label.trim().is_empty() {
            let _ = write!(text, ", {}", edge.label.trim());
        }
        if edge.outside {
            text.push_str(" (transfer outside the UK and the EEA)");
        }
        text.push('.');
    }
    text
}

fn render(l: &Layout, nodes: &[FlowNode], edges: &[FlowEdge]) -> String {
    let height = l.height;
    let id = format!("dpia-flow-{:016x}", fingerprint(nodes, edges));
    let mut svg = header(l, nodes, edges, &id);

    let stroke = |outside: bool| {
        if outside {
            format!(
                "stroke=\"{RED}\" stroke-width=\"1.6\" stroke-dasharray=\"{DASH}\" marker-end=\"url(#{id}-out)\""
            )
        } else {
            format!("stroke=\"{EDGE}\" stroke-width=\"1.4\" marker-end=\"url(#{id})\"")
        }
    };

    // Arrows between boxes.
    let paths: Vec<Vec<(f64, f64)>> = l.flows.iter().map(|f| arrow_points(l, f)).collect();
    let bends = bends(&paths);
    for ((flow, points), bends) in l.flows.iter().zip(&paths).zip(&bends) {
        let d = path_data(points, bends);
        let _ = write!(
            svg,
            "<path d=\"{d}\" fill=\"none\" {}/>",
            stroke(edges[flow.edge].outside)
        );
    }
    // Self-loops above their boxes.
    for lp in &l.loops {
        let v = &l.verts[lp.node];
        let cx = l.x[v.rank] + l.widths[v.rank] / 2.0;
        let top = v.y - v.h / 2.0;
        let (half, rise) = loop_size(lp.nth);
        let _ = write!(
            svg,
            "<path d=\"M{:.1},{top:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{top:.1}\" fill=\"none\" {}/>",
            cx + half,
            cx + half + 6.0,
            top - rise * 1.33,
            cx - half - 6.0,
            top - rise * 1.33,
            cx - half,
            stroke(edges[lp.edge].outside)
        );
    }

    // Boxes.
    for (k, text) in l.texts.iter().enumerate() {
        draw_box(&mut svg, l, k, text, &nodes[l.kept[k]]);
    }

    // Labels last, over any arrow that passes behind them.
    for flow in &l.flows {
        let Some(&v) = flow
            .chain
            .iter()
            .find(|&&v| matches!(l.verts[v].role, Role::Label(_)))
        else {
            continue;
        };
        let vert = &l.verts[v];
        let cx = l.x[vert.rank] + l.widths[vert.rank] / 2.0;
        label(
            &mut svg,
            &flow.caption,
            cx,
            vert.y - flow.caption.h / 2.0,
            edges[flow.edge].outside,
        );
    }
    for lp in &l.loops {
        let v = &l.verts[lp.node];
        let cx = l.x[v.rank] + l.widths[v.rank] / 2.0;
        let mut top = v.y - v.above;
        for earlier in l
            .loops
            .iter()
            .filter(|o| o.node == lp.node && o.nth < lp.nth)
        {
            top += earlier.caption.h + 3.0;
        }
        label(&mut svg, &lp.caption, cx, top, edges[lp.edge].outside);
    }

    // Legend for restricted transfers, in words as well as in red.
    if l.legend {
        let y = height - MARGIN - 6.0;
        let _ = write!(
            svg,
            "<path d=\"M{MARGIN:.1},{y:.1} L{:.1},{y:.1}\" fill=\"none\" stroke=\"{RED}\" stroke-width=\"1.6\" stroke-dasharray=\"{DASH}\"/>",
            MARGIN + 30.0
        );
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{CAPTION_FONT}\" fill=\"{INK}\">Red, dashed: transfer to a country outside the UK and the EEA</text>",
            MARGIN + 38.0,
            y + 3.5
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The root element with its accessible name, the title and the arrowheads.
fn header(l: &Layout, nodes: &[FlowNode], edges: &[FlowEdge], id: &str) -> String {
    let (width, height) = (l.width, l.height);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:.1} {height:.1}\" width=\"{width:.1}\" height=\"{height:.1}\" role=\"img\" aria-label=\"{}\" font-family=\"{FONT}\">",
        escape(&description(l, nodes, edges))
    );
    svg.push_str("<title>Data flow diagram</title>");
    svg.push_str("<defs>");
    for (suffix, colour) in [("", EDGE), ("-out", RED)] {
        if suffix == "-out" && !l.legend {
            continue;
        }
        let _ = write!(
            svg,
            "<marker id=\"{id}{suffix}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{colour}\"/></marker>"
        );
    }
    svg.push_str("</defs>");
    svg
}

/// The points of a flow's arrow, from its tail to its head: its ports and,
/// for each column it crosses, a horizontal run at its vertex's height (so it
/// never passes behind another label or a box).
fn arrow_points(l: &Layout, flow: &Flow) -> Vec<(f64, f64)> {
    let mut points: Vec<(f64, f64)> = Vec::new();
    let last = flow.chain.len() - 1;
    for (i, &v) in flow.chain.iter().enumerate() {
        let vert = &l.verts[v];
        let (x0, w) = (l.x[vert.rank], l.widths[vert.rank]);
        match vert.role {
            Role::Box(_) if i == 0 => {
                points.push((
                    x0 + w,
                    l.ports.get(&(v, flow.chain[1])).copied().unwrap_or(vert.y),
                ));
            }
            Role::Box(_) => {
                points.push((
                    x0,
                    l.ports
                        .get(&(v, flow.chain[last - 1]))
                        .copied()
                        .unwrap_or(vert.y),
                ));
            }
            _ => {
                points.push((x0, vert.y));
                points.push((x0 + w, vert.y));
            }
        }
    }
    if flow.reversed {
        points.reverse();
    }
    points
}

/// One segment of an arrow that bends in a gap between columns: (arrow,
/// segment, left x, right x, left y, right y).
type Bend = (usize, usize, f64, f64, f64, f64);

/// Where each segment of each arrow bends: the x of the S-curve's steep
/// part. In a gap, the segments going down turn from the lowest start to
/// the highest and those going up from the highest start to the lowest,
/// each on a track of its own, so that a fan of arrows from one box side
/// reads as nested steps rather than one bundle.
fn bends(paths: &[Vec<(f64, f64)>]) -> Vec<Vec<f64>> {
    let mut out: Vec<Vec<f64>> = paths
        .iter()
        .map(|p| {
            p.windows(2)
                .map(|w| f64::midpoint(w[0].0, w[1].0))
                .collect()
        })
        .collect();
    // Segments by gap: every segment in a gap starts at the same x.
    let mut gaps: BTreeMap<u64, Vec<Bend>> = BTreeMap::new();
    for (p, points) in paths.iter().enumerate() {
        for (s, w) in points.windows(2).enumerate() {
            let (a, b) = if w[0].0 <= w[1].0 {
                (w[0], w[1])
            } else {
                (w[1], w[0])
            };
            if b.0 - a.0 >= 1.0 && (b.1 - a.1).abs() >= 2.0 {
                gaps.entry(a.0.to_bits())
                    .or_default()
                    .push((p, s, a.0, b.0, a.1, b.1));
            }
        }
    }
    for segments in gaps.values() {
        let mut down: Vec<&Bend> = segments.iter().filter(|s| s.5 > s.4).collect();
        let mut up: Vec<&Bend> = segments.iter().filter(|s| s.5 < s.4).collect();
        down.sort_by(|a, b| b.4.total_cmp(&a.4).then(b.5.total_cmp(&a.5)));
        up.sort_by(|a, b| a.4.total_cmp(&b.4).then(a.5.total_cmp(&b.5)));
        for group in [down, up] {
            let last = group.len().saturating_sub(1);
            for (i, s) in group.iter().enumerate() {
                let t = if last == 0 {
                    0.5
                } else {
                    0.2 + 0.6 * count(i) / count(last)
                };
                out[s.0][s.1] = s.2 + (s.3 - s.2) * t;
            }
        }
    }
    out
}

/// The SVG path data of an arrow: cubic curves with horizontal tangents,
/// bending at the given x in each segment.
fn path_data(points: &[(f64, f64)], bends: &[f64]) -> String {
    let mut d = String::new();
    for (i, &(px, py)) in points.iter().enumerate() {
        if i == 0 {
            let _ = write!(d, "M{px:.1},{py:.1}");
        } else {
            let (_, qy) = points[i - 1];
            let x = bends.get(i - 1).copied().unwrap_or(px);
            let _ = write!(d, " C{x:.1},{qy:.1} {x:.1},{py:.1} {px:.1},{py:.1}");
        }
    }
    d
}

/// A box: its fill and border by kind (red and dashed when outside the UK
/// and the EEA), the kind caption, the wrapped name and the transfer tag.
fn draw_box(svg: &mut String, l: &Layout, k: usize, text: &BoxText, node: &FlowNode) {
    let v = &l.verts[k];
    let (x0, w) = (l.x[v.rank], l.widths[v.rank]);
    let top = v.y - v.h / 2.0;
    let (_, fill, border) = node.kind.style();
    let outline = if node.outside {
        format!("stroke=\"{RED}\" stroke-width=\"2\" stroke-dasharray=\"{DASH}\"")
    } else {
        format!("stroke=\"{border}\" stroke-width=\"1.2\"")
    };
    let _ = write!(
        svg,
        "<rect x=\"{x0:.1}\" y=\"{top:.1}\" width=\"{w:.1}\" height=\"{:.1}\" rx=\"6\" fill=\"{fill}\" {outline}/>",
        v.h
    );
    let cx = x0 + w / 2.0;
    let start = top + (v.h - text.h) / 2.0;
    let _ = write!(
        svg,
        "<text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"{CAPTION_FONT}\" font-style=\"italic\" text-anchor=\"middle\" fill=\"{MUTED}\">{}</text>",
        start + 15.0,
        escape(&text.caption)
    );
    for (i, line) in text.lines.iter().enumerate() {
        let _ = write!(
            svg,
            "<text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"{NODE_FONT}\" text-anchor=\"middle\" fill=\"{INK}\">{}</text>",
            start + 30.0 + NODE_LINE * count(i),
            escape(line)
        );
    }
    if let Some(tag) = &text.tag {
        let _ = write!(
            svg,
            "<text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"{CAPTION_FONT}\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"{RED}\">{}</text>",
            start + 17.0 + NODE_LINE * count(text.lines.len()) + 12.0,
            escape(tag)
        );
    }
}

/// An edge label: a white, slightly transparent card with the wrapped text,
/// the step id in bold.
fn label(svg: &mut String, caption: &Caption, cx: f64, top: f64, outside: bool) {
    if caption.lines.is_empty() {
        return;
    }
    let _ = write!(
        svg,
        "<rect x=\"{:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.94\" stroke=\"{}\" stroke-width=\"0.8\"/>",
        cx - caption.w / 2.0,
        caption.w,
        caption.h,
        if outside { RED } else { "#b8c0c8" }
    );
    for (i, line) in caption.lines.iter().enumerate() {
        let _ = write!(
            svg,
            "<text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"{LABEL_FONT}\" text-anchor=\"middle\" fill=\"{INK}\">",
            top + 3.0 + 9.5 + LABEL_LINE * count(i)
        );
        match (&caption.bold, i) {
            (Some(id), 0) => {
                let rest = &line[id.len()..];
                let _ = write!(
                    svg,
                    "<tspan font-weight=\"bold\">{}</tspan>{}",
                    escape(id),
                    escape(rest)
                );
            }
            _ => svg.push_str(&escape(line)),
        }
        svg.push_str("</text>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str, label: &str, kind: NodeKind) -> FlowNode {
        FlowNode {
            id: id.into(),
            label: label.into(),
            kind,
            country: None,
            outside: false,
        }
    }

    fn edge(id: &str, from: &str, to: &str, label: &str) -> FlowEdge {
        FlowEdge {
            id: id.into(),
            from: from.into(),
            to: to.into(),
            label: label.into(),
            outside: false,
        }
    }

    /// A small well-formedness check: balanced tags, quoted attributes, no
    /// raw `<` in values, only the five XML entities or character references.
    fn well_formed(xml: &str) -> Result<(), String> {
        fn text(t: &str) -> Result<(), String> {
            let mut rest = t;
            while let Some(amp) = rest.find('&') {
                rest = &rest[amp + 1..];
                let end = rest.find(';').ok_or_else(|| format!("bare & in {t:?}"))?;
                let name = &rest[..end];
                let ok = matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
                    || name
                        .strip_prefix('#')
                        .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
                if !ok {
                    return Err(format!("bad entity &{name};"));
                }
                rest = &rest[end + 1..];
            }
            Ok(())
        }
        fn is_name(s: &str) -> bool {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'))
        }
        let mut stack: Vec<String> = Vec::new();
        let mut roots = 0;
        let mut rest = xml;
        while let Some(lt) = rest.find('<') {
            let between = &rest[..lt];
            if stack.is_empty() && !between.trim().is_empty() {
                return Err(format!("text outside the root: {between:?}"));
            }
            text(between)?;
            rest = &rest[lt + 1..];
            if let Some(body) = rest.strip_prefix('/') {
                let gt = body.find('>').ok_or("unclosed end tag")?;
                let name = body[..gt].trim_end();
                match stack.pop() {
                    Some(open) if open == name => {}
                    other => return Err(format!("</{name}> closes {other:?}")),
                }
                rest = &body[gt + 1..];
                continue;
            }
            let name_end = rest
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .ok_or("unclosed tag")?;
            let name = &rest[..name_end];
            if !is_name(name) {
                return Err(format!("bad tag name {name:?}"));
            }
            rest = &rest[name_end..];
            let mut names: Vec<&str> = Vec::new();
            loop {
                rest = rest.trim_start();
                if let Some(after) = rest.strip_prefix("/>") {
                    rest = after;
                    if stack.is_empty() {
                        roots += 1;
                    }
                    break;
                }
                if let Some(after) = rest.strip_prefix('>') {
                    rest = after;
                    if stack.is_empty() {
                        roots += 1;
                    }
                    stack.push(name.to_owned());
                    break;
                }
                let eq = rest.find('=').ok_or("attribute without value")?;
                let attr = &rest[..eq];
                if !is_name(attr) || names.contains(&attr) {
                    return Err(format!("bad or repeated attribute {attr:?} on <{name}>"));
                }
                names.push(attr);
                let value = rest[eq + 1..]
                    .strip_prefix('"')
                    .ok_or("unquoted attribute")?;
                let close = value.find('"').ok_or("unterminated attribute")?;
                if value[..close].contains('<') {
                    return Err(format!("raw < in attribute {attr}"));
                }
                text(&value[..close])?;
                rest = &value[close + 1..];
                if !(rest.starts_with(char::is_whitespace)
                    || rest.starts_with('>')
                    || rest.starts_with("/>"))
                {
                    return Err(format!("no space after attribute {attr}"));
                }
            }
        }
        if !rest.trim().is_empty() {
            return Err("text after the root".into());
        }
        match (stack.is_empty(), roots) {
            (true, 1) => Ok(()),
            _ => Err(format!("open tags {stack:?}, {roots} roots")),
        }
    }

    fn parse(svg: &str) {
        if let Err(e) = well_formed(svg) {
            panic!("not well-formed: {e}\n{svg}");
        }
    }

    /// Vertices of a column overlap each other (boxes with their self-loops,
    /// labels): there must be none.
    fn overlaps(l: &Layout) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        for a in 0..l.verts.len() {
            for b in a + 1..l.verts.len() {
                let (va, vb) = (&l.verts[a], &l.verts[b]);
                let solid = |v: &Vertex| !matches!(v.role, Role::Dummy);
                if va.rank == vb.rank
                    && solid(va)
                    && solid(vb)
                    && va.y - va.above < vb.y + vb.below
                    && vb.y - vb.above < va.y + va.below
                {
                    found.push((a, b));
                }
            }
        }
        found
    }

    fn chain() -> (Vec<FlowNode>, Vec<FlowEdge>) {
        let nodes = vec![
            node("c", "Email processor", NodeKind::Processor),
            node("b", "Casework system", NodeKind::System),
            node("a", "Group inbox", NodeKind::Source),
        ];
        let edges = vec![
            edge("F1", "a", "b", "Correspondence (email)"),
            edge("F2", "b", "c", "Case notes"),
        ];
        (nodes, edges)
    }

    #[test]
    fn draws_a_chain_left_to_right_with_arrows() {
        let (nodes, edges) = chain();
        let l = layout(&nodes, &edges).expect("laid out");
        // Kept nodes keep the input order: c, b, a.
        let x = |k: usize| l.x[l.verts[k].rank];
        assert!(
            x(2) < x(1) && x(1) < x(0),
            "source, system, processor from left to right"
        );
        let svg = data_flow_svg(&nodes, &edges).expect("svg");
        parse(&svg);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
        assert!(svg.contains(
            "role=\"img\" aria-label=\"Data flow diagram. F1: Group inbox to Casework system"
        ));
        assert!(
            svg.contains("<title>Data flow diagram</title>")
                && svg.contains("<marker id=\"dpia-flow-")
        );
        assert_eq!(svg.matches(" rx=\"6\" ").count(), 3, "three boxes");
        assert_eq!(svg.matches("marker-end=").count(), 2, "two arrows");
        for caption in [">source<", ">system<", ">processor<"] {
            assert!(svg.contains(caption), "kind caption {caption}");
        }
        assert!(
            svg.contains("<tspan font-weight=\"bold\">F1</tspan> Correspondence (email)</text>")
        );
        assert!(svg.contains("<tspan font-weight=\"bold\">F2</tspan> Case notes</text>"));
        assert!(
            !svg.contains("<style") && !svg.contains("class=") && !svg.contains("foreignObject")
        );
        // Boxes are drawn in input order.
        let at = |s: &str| svg.find(s).expect(s);
        assert!(
            at(">Email processor<") < at(">Casework system<")
                && at(">Casework system<") < at(">Group inbox<")
        );
        assert!(overlaps(&l).is_empty());
    }

    #[test]
    fn escapes_every_piece_of_author_text() {
        let evil = "<script>alert(1)</script> & \"q\" 'a' \"><img src=x onerror=alert(1)>";
        let mut nodes = vec![
            node("<a>", evil, NodeKind::Source),
            node("b\"", "Plain & simple", NodeKind::System),
        ];
        nodes[1].country = Some("<b>\"".into());
        let edges = vec![FlowEdge {
            id: "<F1>".into(),
            from: "<a>".into(),
            to: "b\"".into(),
            label: evil.into(),
            outside: false,
        }];
        let svg = data_flow_svg(&nodes, &edges).expect("svg");
        parse(&svg);
        assert!(
            !svg.contains("<script")
                && !svg.contains("<img")
                && !svg.contains("<b>")
                && !svg.contains("<F1>")
        );
        assert!(svg.contains("&lt;script&gt;") && svg.contains("Plain &amp; simple"));
        assert!(
            svg.contains("&quot;&gt;&lt;img"),
            "attribute break-out escaped"
        );
        assert!(
            svg.contains("system \u{b7} &lt;b&gt;&quot;"),
            "country escaped"
        );
    }

    #[test]
    fn marks_transfers_outside_the_uk_and_eea() {
        let mut nodes = vec![
            node("app", "Casework system", NodeKind::System),
            node("us", "MailCo", NodeKind::Processor),
        ];
        nodes[1].country = Some("US".into());
        nodes[1].outside = true;
        let mut edges = vec![edge("F1", "app", "us", "Email addresses (SMTP)")];
        edges[0].outside = true;
        let svg = data_flow_svg(&nodes, &edges).expect("svg");
        parse(&svg);
        assert!(svg.contains(">outside UK/EEA: US</text>"), "tag in words");
        assert!(
            svg.contains("transfer outside the UK and the EEA"),
            "in the accessible name"
        );
        assert!(
            svg.contains("Red, dashed: transfer to a country outside the UK and the EEA"),
            "legend"
        );
        let dashed_red = format!("stroke=\"{RED}\" stroke-width=\"2\" stroke-dasharray=\"{DASH}\"");
        assert!(
            svg.contains(&format!("rx=\"6\" fill=\"#fcefd9\" {dashed_red}")),
            "box dashed red"
        );
        assert!(svg.contains(&format!(
            "stroke=\"{RED}\" stroke-width=\"1.6\" stroke-dasharray=\"{DASH}\" marker-end=\"url(#"
        )));
        // The inside box is neither.
        assert!(svg.contains("fill=\"#eceff3\" stroke=\"#5b6770\" stroke-width=\"1.2\""));
        assert_eq!(svg.matches("outside UK/EEA:").count(), 1);

        // Unknown country: still tagged; known country inside: in the caption.
        nodes[1].country = None;
        nodes[0].country = Some("GB".into());
        let svg = data_flow_svg(&nodes, &edges).expect("svg");
        assert!(svg.contains(">outside UK/EEA</text>") && svg.contains(">system \u{b7} GB</text>"));

        // No legend when nothing leaves.
        let plain = data_flow_svg(
            &[
                node("a", "A", NodeKind::Source),
                node("b", "B", NodeKind::System),
            ],
            &[edge("F1", "a", "b", "x")],
        )
        .expect("svg");
        assert!(!plain.contains(RED) && !plain.contains("Red, dashed"));
    }

    #[test]
    fn survives_cycles_parallel_edges_and_self_loops() {
        let nodes = vec![
            node("a", "Alpha", NodeKind::Source),
            node("b", "Bravo", NodeKind::System),
            node("c", "Charlie", NodeKind::Internal),
            node("d", "Delta", NodeKind::SubProcessor),
        ];
        let edges = vec![
            edge("F1", "a", "b", "one"),
            edge("F2", "a", "b", "two"),
            edge("F3", "b", "a", "three"),
            edge("F4", "b", "c", "four"),
            edge("F5", "c", "a", "five"),
            edge("F6", "c", "c", "six"),
            edge("F7", "c", "c", "seven"),
            edge("F8", "d", "d", "eight"),
            edge("F9", "c", "b", "nine"),
            edge("F10", "a", "c", "ten"),
        ];
        let l = layout(&nodes, &edges).expect("laid out");
        assert!(overlaps(&l).is_empty(), "{:?}", overlaps(&l));
        assert_eq!(l.loops.len(), 3);
        let svg = data_flow_svg(&nodes, &edges).expect("svg");
        parse(&svg);
        for (e, word) in edges.iter().zip([
            "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        ]) {
            assert!(
                svg.contains(&format!(">{}</tspan> {word}</text>", e.id)),
                "label of {}",
                e.id
            );
        }
        assert_eq!(
            svg.matches("marker-end=").count(),
            edges.len(),
            "one arrow per flow"
        );
        // Parallel labels sit apart.
        let label_y = |f: usize| {
            l.flows.iter().find(|x| x.edge == f).and_then(|x| {
                x.chain
                    .iter()
                    .find(|&&v| matches!(l.verts[v].role, Role::Label(_)))
                    .map(|&v| l.verts[v].y)
            })
        };
        let (one, two) = (label_y(0).expect("F1"), label_y(1).expect("F2"));
        assert!(
            (one - two).abs() >= l.flows[0].caption.h,
            "F1 and F2 labels apart"
        );
    }

    #[test]
    fn renders_identically_twice() {
        let (nodes, edges) = big();
        let first = data_flow_svg(&nodes, &edges).expect("svg");
        let second = data_flow_svg(&nodes.clone(), &edges.clone()).expect("svg");
        assert_eq!(first, second);
        let (nodes, edges) = chain();
        assert_eq!(data_flow_svg(&nodes, &edges), data_flow_svg(&nodes, &edges));
    }

    #[test]
    fn nothing_to_draw_without_edges() {
        assert!(data_flow_svg(&[], &[]).is_none());
        assert!(data_flow_svg(&[node("a", "A", NodeKind::Source)], &[]).is_none());
    }

    #[test]
    fn leaves_out_nodes_no_flow_touches() {
        let (mut nodes, edges) = chain();
        nodes.push(node("lonely", "Unused archive", NodeKind::System));
        let svg = data_flow_svg(&nodes, &edges).expect("svg");
        assert!(!svg.contains("Unused archive"));
        assert_eq!(svg.matches(" rx=\"6\" ").count(), 3);
    }

    /// 30 nodes and 40 flows from a fixed pseudo-random generator.
    fn big() -> (Vec<FlowNode>, Vec<FlowEdge>) {
        let kinds = [
            NodeKind::DataSubject,
            NodeKind::Source,
            NodeKind::System,
            NodeKind::Internal,
            NodeKind::Processor,
            NodeKind::SubProcessor,
            NodeKind::Controller,
            NodeKind::JointController,
        ];
        let mut seed: u64 = 42;
        let mut next = move |m: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % m
        };
        let nodes: Vec<FlowNode> = (0..30)
            .map(|i| {
                let mut n = node(
                    &format!("n{i}"),
                    &format!("Node number {i} with a longer name"),
                    kinds[i % 8],
                );
                n.outside = i % 7 == 3;
                n.country = n.outside.then(|| "US".to_owned());
                n
            })
            .collect();
        let edges: Vec<FlowEdge> = (0..40)
            .map(|i| {
                let (a, b) = (next(30), next(30));
                let mut e = edge(
                    &format!("F{i}"),
                    &format!("n{a}"),
                    &format!("n{b}"),
                    "Names, contact details, case history (portal)",
                );
                e.outside = nodes[b].outside;
                e
            })
            .collect();
        (nodes, edges)
    }

    #[test]
    fn lays_out_a_large_graph_without_overlaps() {
        let (nodes, edges) = big();
        let l = layout(&nodes, &edges).expect("laid out");
        assert!(overlaps(&l).is_empty(), "{:?}", overlaps(&l));
        for v in &l.verts {
            assert!(
                v.y - v.above >= MARGIN - 0.01 && v.y + v.below <= l.height,
                "inside the canvas"
            );
        }
        let svg = data_flow_svg(&nodes, &edges).expect("svg");
        parse(&svg);
        assert_eq!(svg.matches("marker-end=").count(), 40);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn bends_in_a_gap_take_tracks_of_their_own() {
        // Three arrows fanning out of one box side, down, and one going up.
        let paths = vec![
            vec![(100.0, 50.0), (140.0, 200.0)],
            vec![(100.0, 60.0), (140.0, 300.0)],
            vec![(100.0, 70.0), (140.0, 400.0)],
            vec![(100.0, 40.0), (140.0, 0.0)],
            vec![(100.0, 45.0), (140.0, 45.0)],
        ];
        let x = bends(&paths);
        // Going down, the lowest start turns first: no avoidable crossing.
        assert!(x[2][0] < x[1][0] && x[1][0] < x[0][0], "{x:?}");
        assert!(x.iter().flatten().all(|&b| (100.0..=140.0).contains(&b)));
        assert!((x[3][0] - 120.0).abs() < 1e-9 && (x[4][0] - 120.0).abs() < 1e-9);
    }

    #[test]
    fn handles_empty_texts_and_unknown_ends() {
        let nodes = vec![
            node("a", "", NodeKind::Source),
            node("b", "   ", NodeKind::JointController),
        ];
        let edges = vec![edge("", "a", "b", ""), edge("F2", "a", "nowhere", "lost")];
        let svg = data_flow_svg(&nodes, &edges).expect("svg");
        parse(&svg);
        assert!(
            svg.contains(">a</text>") && svg.contains(">joint controller</text>"),
            "ids stand in for empty names"
        );
        assert_eq!(svg.matches("marker-end=").count(), 1);
        assert!(!svg.contains("lost"));
        assert!(data_flow_svg(&nodes, &[edge("F1", "x", "y", "")]).is_none());
    }

    #[test]
    fn the_checker_rejects_broken_xml() {
        assert!(well_formed("<a><b></a>").is_err());
        assert!(well_formed("<a x=\"1\" x=\"2\"/>").is_err());
        assert!(well_formed("<a>&nbsp;</a>").is_err());
        assert!(well_formed("<a x=\"<\"/>").is_err());
        assert!(well_formed("<a><b/>&amp;&#39;</a>").is_ok());
    }
}
