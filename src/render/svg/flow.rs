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
//! The layout is a small layered (Sugiyama-style) drawing. The PDF scales
//! the figure into a portrait page's text column (about 680 px), where a
//! wide figure's text would shrink past reading; so the layers run left to
//! right when that drawing is at most [`MAX_WIDTH`] wide, else top to bottom
//! (layers stacked down the page, the boxes of a layer side by side, each
//! label on its arrow's vertical run). Top to bottom, each row's names or
//! labels wrap as wide as the row has room for (a chain of single steps
//! wide, a fan of many boxes narrow), tried with the rows filling less and
//! less of the width; failing that, a layer too wide for one row (a box
//! sending to many) is spread over several rows, its boxes dealt out in turn
//! so that the arrows to the lower rows pass between the boxes of the upper
//! ones. Of the drawings at most [`MAX_WIDTH`] wide, the one whose text ends
//! up largest on the page wins. Either way:
//!
//! 1. cycles are broken by reversing the back edges of a depth-first search
//!    in input order (the arrows are still drawn the author's way round);
//! 2. boxes get a layer by longest path from the boxes with no incoming flow
//!    (a pure source moves on, next to its nearest destination);
//! 3. between two layers of boxes sits a rank of edge labels: each flow
//!    becomes a chain through one label vertex and through placeholder
//!    vertices in the ranks it crosses, so labels and long arrows take room
//!    of their own and never sit on a box or on each other;
//! 4. barycentre sweeps order every rank to reduce crossings, keeping the
//!    best order seen;
//! 5. positions across the ranks follow the neighbours' mean in a few
//!    sweeps, each rank solved as an ordered least-squares problem (pool
//!    adjacent violators), which keeps boxes and labels apart; then every
//!    run of vertices joined one to one (a chain of steps, a long arrow) is
//!    made one straight line where the ranks have room, or else the longest
//!    pieces of it, and small jogs left are snapped straight;
//! 6. an arrow runs straight across each rank it passes (so it never goes
//!    behind another label or a box; a label sits on its own arrow) and
//!    bends in the gaps between ranks as a cubic curve, each bend in a gap on
//!    a track of its own, a gap being only as deep as its bends need; arrows
//!    attach at ports spread along the box sides; a self-loop is a small
//!    loop above its box (left to right) or on its right (top to bottom),
//!    its label beside it.
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
const CAPTION_FONT: f64 = 10.0;
const LABEL_FONT: f64 = 11.0;
const LABEL_LINE: f64 = 13.0;
const PAD_X: f64 = 10.0;
const MIN_BOX_W: f64 = 96.0;
/// Room between two columns (left to right) where arrows bend; a little
/// more for each further arrow bending there.
const GAP_X: f64 = 32.0;
/// Likewise between two rows (top to bottom).
const GAP_Y: f64 = 28.0;
/// Room between two ranks where every arrow runs straight across: the
/// arrowhead and a little of its line.
const GAP_STRAIGHT: f64 = 16.0;
const MARGIN: f64 = 12.0;
/// Distance between two arrows attached to the same box side.
const PORT_PITCH: f64 = 11.0;
const LEGEND_H: f64 = 24.0;
/// Widest natural width of the figure: the PDF draws it in a text column of
/// about 680 px, so at this width its smallest text is still about 7 pt.
pub const MAX_WIDTH: f64 = 1000.0;
/// Width of the PDF's text column, and the height of its page at that width.
const COLUMN_WIDTH: f64 = 680.0;
const PAGE_HEIGHT: f64 = 950.0;
/// Scale in the PDF past which larger text reads no better than fewer lines
/// of it (labels of about 8 pt, names of about 10 pt).
const COMFORTABLE: f64 = 0.75;

const INK: &str = "#1a1a1a";
const MUTED: &str = "#4a5560";
const EDGE: &str = "#5b6770";
const RED: &str = "#c62828";
const DASH: &str = "6 4";

/// Which way the layers of the diagram run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Orientation {
    /// Layers are columns from left to right; arrows run rightwards.
    LeftToRight,
    /// Layers are rows from top to bottom; arrows run downwards.
    TopToBottom,
}

impl Orientation {
    /// The point `along` the layers' axis and `across` it, as (x, y).
    fn point(self, along: f64, across: f64) -> (f64, f64) {
        match self {
            Self::LeftToRight => (along, across),
            Self::TopToBottom => (across, along),
        }
    }

    /// Room between two ranks, where the arrows bend.
    fn gap(self) -> f64 {
        match self {
            Self::LeftToRight => GAP_X,
            Self::TopToBottom => GAP_Y,
        }
    }
}

/// One way of drawing the diagram; [`layout`] tries them all and keeps the
/// best.
#[derive(Debug, Clone, Copy)]
struct Attempt {
    orientation: Orientation,
    wrap: Wrap,
    /// Top to bottom: a layer whose row would be wider than this is spread
    /// over several rows.
    row_budget: Option<f64>,
}

/// How the text of boxes and labels is wrapped.
#[derive(Debug, Clone, Copy)]
enum Wrap {
    /// At these numbers of characters, a box's name and an arrow's label.
    Fixed(usize, usize),
    /// Top to bottom: each row's boxes, or labels, as wide as they may be
    /// with the row filling at most this share of [`MAX_WIDTH`] (a step of a
    /// chain wraps wide, the boxes of a fan narrow).
    Fill(f64),
}

/// Room an arrow passing between the boxes of a row takes.
const PASSING: f64 = 12.0;

/// Room a spread layer's row may take at first: the width less the margins
/// and some slack; then less, as the rows' arrows need room too.
const ROW_BUDGETS: [f64; 3] = [
    MAX_WIDTH - 2.0 * MARGIN - 60.0,
    0.8 * MAX_WIDTH,
    0.65 * MAX_WIDTH,
];

/// Characters per line of a box's name, and of a label, top to bottom: at
/// least and at most.
const NODE_WRAPS: (usize, usize) = (14, 32);
const LABEL_WRAPS: (usize, usize) = (16, 48);

/// The attempts: left to right; then top to bottom with the rows filling
/// ever less of the width; then with wide layers spread over several rows.
fn attempts() -> Vec<Attempt> {
    let mut all = vec![Attempt {
        orientation: Orientation::LeftToRight,
        wrap: Wrap::Fixed(22, 28),
        row_budget: None,
    }];
    for fill in [0.95, 0.85, 0.75, 0.65, 0.55] {
        all.push(Attempt {
            orientation: Orientation::TopToBottom,
            wrap: Wrap::Fill(fill),
            row_budget: None,
        });
    }
    for (node, label) in [(22, 28), (16, 20)] {
        for budget in ROW_BUDGETS {
            all.push(Attempt {
                orientation: Orientation::TopToBottom,
                wrap: Wrap::Fixed(node, label),
                row_budget: Some(budget),
            });
        }
    }
    all
}

/// Characters per line of the boxes of each layer and of the labels of each
/// label rank (by rank): the most for which the row's boxes, or labels, side
/// by side with the arrows passing, fill at most its share of the width (so
/// that short names leave their room to long ones). `node_len` and
/// `label_len` are the lengths of the names and labels, in characters.
fn wraps(
    wrap: Wrap,
    layer: &[usize],
    label_ranks: &[(usize, usize, usize)],
    node_len: &[usize],
    label_len: &[usize],
) -> (Vec<usize>, Vec<usize>) {
    let ranks_n = 2 * layer.iter().copied().max().unwrap_or(0) + 1;
    let fill = match wrap {
        Wrap::Fixed(node, label) => return (vec![node; ranks_n], vec![label; ranks_n]),
        Wrap::Fill(fill) => fill,
    };
    let mut boxes: Vec<Vec<usize>> = vec![Vec::new(); ranks_n];
    let mut labels: Vec<Vec<usize>> = vec![Vec::new(); ranks_n];
    let mut passing = vec![0_usize; ranks_n];
    for (&l, &len) in layer.iter().zip(node_len) {
        boxes[2 * l].push(len);
    }
    for (&(from, to, label), &len) in label_ranks.iter().zip(label_len) {
        for rank in from..to {
            if rank == label {
                labels[rank].push(len);
            } else {
                passing[rank] += 1;
            }
        }
    }
    let room = fill * (MAX_WIDTH - 2.0 * MARGIN);
    // The most characters per line in `least..=most` for which the items of
    // a rank fit, each `pad` wider than its text, at least `min` wide, `gap`
    // apart; else the least.
    let most_that_fit = |rank: usize,
                         items: &[usize],
                         (least, most): (usize, usize),
                         (em, pad, min, gap): (f64, f64, f64, f64)| {
        let free =
            room - PASSING * count(passing[rank]) - gap * count(items.len().saturating_sub(1));
        (least..=most)
            .rev()
            .find(|&chars: &usize| {
                let used: f64 = items
                    .iter()
                    .map(|&len| (count(len.min(chars)) * em * 0.55 + pad).max(min))
                    .sum();
                used <= free
            })
            .unwrap_or(least)
    };
    let node = (0..ranks_n)
        .map(|r| {
            most_that_fit(
                r,
                &boxes[r],
                NODE_WRAPS,
                (NODE_FONT, 2.0 * PAD_X, MIN_BOX_W, 20.0),
            )
        })
        .collect();
    let label = (0..ranks_n)
        .map(|r| most_that_fit(r, &labels[r], LABEL_WRAPS, (LABEL_FONT, 10.0, 0.0, 8.0)))
        .collect();
    (node, label)
}

/// The rank of a flow's label (between the layers `la` and `lb` of its
/// ends, `la` < `lb`): the middle label rank, or, into or out of a layer
/// spread over several rows, next to that box.
fn label_rank(la: usize, lb: usize, spread_a: bool, spread_b: bool) -> usize {
    let span = lb.saturating_sub(la).max(1);
    if spread_b {
        2 * lb - 1
    } else if spread_a {
        2 * la + 1
    } else {
        2 * la + 1 + 2 * ((span - 1) / 2)
    }
}

/// Most lines of text in a box or on an arrow: a longer name is cut with
/// an ellipsis (the tables of the report give it whole).
const MAX_TEXT_LINES: usize = 12;

/// Cuts wrapped text to [`MAX_TEXT_LINES`], marking the cut.
fn clip(lines: &mut Vec<String>) {
    if lines.len() > MAX_TEXT_LINES {
        lines.truncate(MAX_TEXT_LINES);
        if let Some(last) = lines.last_mut() {
            last.push('\u{2026}');
        }
    }
}

/// Most flows a diagram draws, and most boxes they may join: a diagram
/// larger than this is no longer legible, and laying it out grows faster
/// than its size (500 flows took 28 s).
pub const MAX_DRAWN_FLOWS: usize = 120;
/// See [`MAX_DRAWN_FLOWS`].
pub const MAX_DRAWN_BOXES: usize = 60;

/// Why a diagram of these flows is not drawn, if it is too large to.
#[must_use]
pub fn too_large(nodes: &[FlowNode], edges: &[FlowEdge]) -> Option<String> {
    let (kept, ends) = resolve(nodes, edges);
    (ends.len() > MAX_DRAWN_FLOWS || kept.len() > MAX_DRAWN_BOXES).then(|| {
        format!(
            "The diagram is not drawn: {} flows between {} systems, recipients and sources are more than a diagram shows legibly (at most {MAX_DRAWN_FLOWS} flows and {MAX_DRAWN_BOXES} boxes). The table lists every flow.",
            ends.len(),
            kept.len()
        )
    })
}

/// The diagram as an SVG document, or `None` when there are no edges or
/// too many to draw ([`too_large`]).
#[must_use]
pub fn data_flow_svg(nodes: &[FlowNode], edges: &[FlowEdge]) -> Option<String> {
    if too_large(nodes, edges).is_some() {
        return None;
    }
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
    fn of(edge: &FlowEdge, max: usize) -> Self {
        let id = edge.id.trim();
        let label = edge.label.trim();
        let text = match (id.is_empty(), label.is_empty()) {
            (true, _) => label.to_owned(),
            (false, true) => id.to_owned(),
            (false, false) => format!("{id} {label}"),
        };
        let mut lines = wrap(&text, max);
        clip(&mut lines);
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

    /// Extent along the layers' axis and across it.
    fn extent(&self, o: Orientation) -> (f64, f64) {
        match o {
            Orientation::LeftToRight => (self.w, self.h),
            Orientation::TopToBottom => (self.h, self.w),
        }
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
    fn of(node: &FlowNode, max: usize) -> Self {
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
        let mut lines = wrap(&node.label, max);
        if lines.is_empty() {
            lines.push(node.id.clone());
        }
        clip(&mut lines);
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

    /// Extent along the layers' axis and across it.
    fn extent(&self, o: Orientation) -> (f64, f64) {
        match o {
            Orientation::LeftToRight => (self.w, self.h),
            Orientation::TopToBottom => (self.h, self.w),
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
    /// A placeholder where a long arrow crosses a rank.
    Dummy,
}

/// A vertex in its rank. Positions are across the layers' axis: y left to
/// right, x top to bottom.
#[derive(Debug, Clone)]
struct Vertex {
    role: Role,
    rank: usize,
    /// Extent across the axis (a box's height left to right, its width top
    /// to bottom).
    size: f64,
    /// Room taken before and after the centre line across the axis (a box's
    /// self-loops and their labels sit above it left to right, on its right
    /// top to bottom).
    before: f64,
    after: f64,
    /// Centre across the axis.
    at: f64,
}

impl Vertex {
    /// Half of the free space wanted between this vertex and its neighbour
    /// in a rank.
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
    /// Vertices from the lower rank to the higher one.
    chain: Vec<usize>,
    /// The arrow points from the higher rank to the lower (a back edge).
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
    orientation: Orientation,
    /// Indices into the input nodes of the boxes drawn.
    kept: Vec<usize>,
    texts: Vec<BoxText>,
    verts: Vec<Vertex>,
    flows: Vec<Flow>,
    loops: Vec<Loop>,
    /// Start and extent of each rank along the axis (a column's left edge
    /// and width, or a row's top edge and height).
    start: Vec<f64>,
    extent: Vec<f64>,
    /// Port of each (box, neighbour vertex) pair on the box's side.
    ports: BTreeMap<(usize, usize), f64>,
    width: f64,
    height: f64,
    /// Some box or flow is outside the UK and the EEA: explain the red.
    legend: bool,
    /// Some layer is spread over several rows.
    spread: bool,
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

/// The drawing: left to right when that is at most [`MAX_WIDTH`] wide. Else
/// top to bottom, preferring in turn: at most that wide; with no layer
/// spread over several rows; no taller than a page once fitted to the text
/// column's width; the largest text once fitted into the page (up to a
/// comfortable size, past which fewer lines of text win). If no attempt is
/// narrow enough, the narrowest.
fn layout(nodes: &[FlowNode], edges: &[FlowEdge]) -> Option<Layout> {
    let mut best: Option<((bool, bool, bool, f64), Layout)> = None;
    for attempt in attempts() {
        let l = layout_with(nodes, edges, attempt)?;
        let fits = l.width <= MAX_WIDTH;
        if fits && attempt.orientation == Orientation::LeftToRight {
            return Some(l);
        }
        let scale = if fits {
            (COLUMN_WIDTH / l.width)
                .min(PAGE_HEIGHT / l.height)
                .min(COMFORTABLE)
        } else {
            -l.width
        };
        let key = (
            fits,
            !l.spread,
            l.height / l.width <= PAGE_HEIGHT / COLUMN_WIDTH,
            scale,
        );
        if best.as_ref().is_none_or(|(b, _)| key > *b) {
            best = Some((key, l));
        }
    }
    best.map(|(_, l)| l)
}

/// The drawing of one attempt, or `None` when no flow joins two known nodes.
fn layout_with(nodes: &[FlowNode], edges: &[FlowEdge], attempt: Attempt) -> Option<Layout> {
    let (kept, ends) = resolve(nodes, edges);
    if ends.is_empty() {
        return None;
    }
    let o = attempt.orientation;
    let n = kept.len();

    // Self-loops aside; the other flows get a direction that breaks cycles.
    let mut loop_ends: Vec<(usize, usize)> = Vec::new();
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for &(e, a, b) in &ends {
        if a == b {
            loop_ends.push((e, a));
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
    let mut layer = layers(n, &dag);
    let spread_out = match (attempt.row_budget, attempt.wrap) {
        (Some(budget), Wrap::Fixed(node, label)) => {
            let texts: Vec<BoxText> = kept.iter().map(|&i| BoxText::of(&nodes[i], node)).collect();
            let captions: Vec<Caption> = pairs
                .iter()
                .map(|&(e, _, _)| Caption::of(&edges[e], label))
                .collect();
            spread(&mut layer, &dag, &texts, &captions, &preorder, budget)
        }
        _ => vec![false; n],
    };
    let ranks_n = 2 * layer.iter().copied().max().unwrap_or(0) + 1;
    let label_ranks: Vec<(usize, usize, usize)> = dag
        .iter()
        .map(|&(a, b)| {
            let (la, lb) = (layer[a], layer[b]);
            (
                2 * la + 1,
                2 * lb,
                label_rank(la, lb, spread_out[a], spread_out[b]),
            )
        })
        .collect();
    let node_len: Vec<usize> = kept
        .iter()
        .map(|&i| nodes[i].label.chars().count())
        .collect();
    let label_len: Vec<usize> = pairs
        .iter()
        .map(|&(e, _, _)| edges[e].id.chars().count() + 1 + edges[e].label.chars().count())
        .collect();
    let (node_wrap, label_wrap) = wraps(attempt.wrap, &layer, &label_ranks, &node_len, &label_len);
    let texts: Vec<BoxText> = kept
        .iter()
        .zip(&layer)
        .map(|(&i, &l)| BoxText::of(&nodes[i], node_wrap[2 * l]))
        .collect();
    let captions: Vec<Caption> = pairs
        .iter()
        .zip(&label_ranks)
        .map(|(&(e, _, _), &(_, _, r))| Caption::of(&edges[e], label_wrap[r]))
        .collect();
    let mut loops: Vec<Loop> = Vec::new();
    for &(e, a) in &loop_ends {
        let nth = loops.iter().filter(|l| l.node == a).count();
        loops.push(Loop {
            edge: e,
            node: a,
            nth,
            caption: Caption::of(&edges[e], label_wrap[2 * layer[a]].min(28)),
        });
    }

    let (mut verts, flows) = chains(&layer, &label_ranks, &pairs, &dag, &back, captions, o);
    let mut prev: Vec<Vec<usize>> = vec![Vec::new(); verts.len()];
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); verts.len()];
    for flow in &flows {
        for pair in flow.chain.windows(2) {
            next[pair[0]].push(pair[1]);
            prev[pair[1]].push(pair[0]);
        }
    }

    size_boxes(&mut verts, &texts, &loops, &prev, &next, o);

    // Ranks in their initial order: boxes as the search met them, then the
    // chains in the author's order; then crossing reduction.
    let mut ranks: Vec<Vec<usize>> = vec![Vec::new(); ranks_n];
    for &k in &preorder {
        ranks[verts[k].rank].push(k);
    }
    for v in n..verts.len() {
        ranks[verts[v].rank].push(v);
    }
    order(&mut ranks, &prev, &next, verts.len());

    assign_across(&mut verts, &ranks, &prev, &next);
    let offsets: BTreeMap<(usize, usize), f64> = ports(&verts, n, &prev, &next)
        .into_iter()
        .map(|((k, u), at)| ((k, u), at - verts[k].at))
        .collect();
    straighten(&mut verts, &ranks, &prev, &next, &offsets);
    let first = verts
        .iter()
        .map(|v| v.at - v.before)
        .fold(f64::INFINITY, f64::min);
    for v in &mut verts {
        v.at += MARGIN - first;
    }
    let ports = ports(&verts, n, &prev, &next);

    let extent = rank_extents(&verts, &ranks, &texts, &loops, &flows, o);
    let gaps = gaps(o, ranks_n, &verts, &flows, &ports);
    let mut start = vec![MARGIN; ranks_n];
    for r in 1..ranks_n {
        start[r] = start[r - 1] + extent[r - 1] + gaps[r - 1];
    }

    let outside =
        kept.iter().any(|&i| nodes[i].outside) || ends.iter().any(|&(e, _, _)| edges[e].outside);
    let last = ranks_n - 1;
    let along = start[last] + extent[last] + MARGIN;
    let across = verts.iter().map(|v| v.at + v.after).fold(0.0, f64::max) + MARGIN;
    let (width, height) = o.point(along, across);
    let width = width.max(if outside { 2.0 * MARGIN + 330.0 } else { 0.0 });
    let height = height + if outside { LEGEND_H } else { 0.0 };
    Some(Layout {
        orientation: o,
        kept,
        texts,
        verts,
        flows,
        loops,
        start,
        extent,
        ports,
        width,
        height,
        legend: outside,
        spread: spread_out.contains(&true),
    })
}

/// Top to bottom: spreads each layer whose row would be wider than `budget`
/// (its boxes, or the labels of their arrows side by side) over as few rows
/// as fit, dealing its boxes out to the rows in turn in the order of the
/// search, and moves the deeper layers down; returns which boxes were spread.
fn spread(
    layer: &mut [usize],
    dag: &[(usize, usize)],
    texts: &[BoxText],
    captions: &[Caption],
    preorder: &[usize],
    budget: f64,
) -> Vec<bool> {
    let n = layer.len();
    let (mut ins, mut outs) = (vec![0.0; n], vec![0.0; n]);
    for (&(a, b), caption) in dag.iter().zip(captions) {
        outs[a] += caption.w + 8.0;
        ins[b] += caption.w + 8.0;
    }
    let demand: Vec<f64> = (0..n)
        .map(|k| texts[k].w.max(ins[k]).max(outs[k]) + 20.0)
        .collect();
    let mut spread = vec![false; n];
    let mut l = 0;
    while l <= layer.iter().copied().max().unwrap_or(0) {
        let members: Vec<usize> = preorder
            .iter()
            .copied()
            .filter(|&k| layer[k] == l)
            .collect();
        let total: f64 = members.iter().map(|&k| demand[k]).sum();
        if members.len() < 2 || total <= budget {
            l += 1;
            continue;
        }
        // Dealt out in turn, so that the arrows to the lower rows pass
        // between the boxes of the upper ones; each arrow passing takes room.
        let widest = |rows: usize| {
            (0..rows)
                .map(|row| {
                    let mine = members.iter().skip(row).step_by(rows);
                    let passing = members.len() - mine.clone().count();
                    mine.map(|&k| demand[k]).sum::<f64>() + PASSING * count(passing)
                })
                .fold(0.0, f64::max)
        };
        let mut rows = 2;
        while rows < members.len() && widest(rows) > budget {
            rows += 1;
        }
        for deeper in layer.iter_mut().filter(|d| **d > l) {
            *deeper += rows - 1;
        }
        for (i, &k) in members.iter().enumerate() {
            layer[k] = l + i % rows;
            spread[k] = true;
        }
        l += rows;
    }
    spread
}

/// The vertices of the layered graph and the flows' chains through them:
/// the boxes first (vertex `k` is kept node `k`), then for each flow one
/// vertex in each rank it crosses, from `label_ranks` (first rank, end rank,
/// label's rank), its label in the label's rank.
fn chains(
    layer: &[usize],
    label_ranks: &[(usize, usize, usize)],
    pairs: &[(usize, usize, usize)],
    dag: &[(usize, usize)],
    back: &[bool],
    captions: Vec<Caption>,
    o: Orientation,
) -> (Vec<Vertex>, Vec<Flow>) {
    let mut verts: Vec<Vertex> = (0..layer.len())
        .map(|k| Vertex {
            role: Role::Box(k),
            rank: 2 * layer[k],
            size: 0.0,
            before: 0.0,
            after: 0.0,
            at: 0.0,
        })
        .collect();
    let mut flows: Vec<Flow> = Vec::with_capacity(pairs.len());
    for (f, (((&(e, _, _), &(a, b)), &(first, end, label_rank)), caption)) in pairs
        .iter()
        .zip(dag)
        .zip(label_ranks)
        .zip(captions)
        .enumerate()
    {
        let across = caption.extent(o).1;
        let mut chain = vec![a];
        for rank in first..end {
            let (role, size) = if rank == label_rank {
                (Role::Label(f), across)
            } else {
                (Role::Dummy, 0.0)
            };
            chain.push(verts.len());
            verts.push(Vertex {
                role,
                rank,
                size,
                before: size / 2.0,
                after: size / 2.0,
                at: 0.0,
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

/// Extent of each rank along the axis: its largest box (with its self-loops'
/// labels) or label.
fn rank_extents(
    verts: &[Vertex],
    ranks: &[Vec<usize>],
    texts: &[BoxText],
    loops: &[Loop],
    flows: &[Flow],
    o: Orientation,
) -> Vec<f64> {
    ranks
        .iter()
        .map(|rank| {
            rank.iter()
                .map(|&v| match verts[v].role {
                    Role::Box(k) => {
                        let mine: Vec<&Loop> = loops.iter().filter(|l| l.node == k).collect();
                        let own = texts[k].extent(o).0;
                        match o {
                            Orientation::LeftToRight => {
                                mine.iter().map(|l| l.caption.w).fold(own, f64::max)
                            }
                            Orientation::TopToBottom if mine.is_empty() => own,
                            Orientation::TopToBottom => {
                                let stacked =
                                    mine.iter().map(|l| l.caption.h + 3.0).sum::<f64>() - 3.0;
                                let reach = 2.0 * loop_size(mine.len() - 1).0 + 16.0;
                                own.max(stacked).max(reach)
                            }
                        }
                    }
                    Role::Label(f) => flows[f].caption.extent(o).0,
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
    prev: &[Vec<usize>],
    next: &[Vec<usize>],
) -> BTreeMap<(usize, usize), f64> {
    let mut ports = BTreeMap::new();
    for k in 0..boxes {
        for side in [&prev[k], &next[k]] {
            let mut others = side.clone();
            others.sort_by(|&a, &b| verts[a].at.total_cmp(&verts[b].at).then(a.cmp(&b)));
            let v = &verts[k];
            let pitch = (v.size / count(others.len() + 1)).min(PORT_PITCH * 1.6);
            let first = v.at - pitch * count(others.len().saturating_sub(1)) / 2.0;
            for (i, &o) in others.iter().enumerate() {
                ports.insert((k, o), first + pitch * count(i));
            }
        }
    }
    ports
}

/// Box sizes across the axis: large enough for their text and for the
/// arrows on each side; self-loops and their labels take room above (left to
/// right) or on the right (top to bottom).
fn size_boxes(
    verts: &mut [Vertex],
    texts: &[BoxText],
    loops: &[Loop],
    prev: &[Vec<usize>],
    next: &[Vec<usize>],
    o: Orientation,
) {
    for (k, text) in texts.iter().enumerate() {
        let ports = prev[k].len().max(next[k].len());
        let size = text.extent(o).1.max(count(ports) * PORT_PITCH + 10.0);
        let mine: Vec<&Loop> = loops.iter().filter(|l| l.node == k).collect();
        let v = &mut verts[k];
        v.size = size;
        v.before = size / 2.0;
        v.after = size / 2.0;
        if mine.is_empty() {
            continue;
        }
        let rise = loop_size(mine.len() - 1).1;
        match o {
            Orientation::LeftToRight => {
                v.before += rise + 4.0 + mine.iter().map(|l| l.caption.h + 3.0).sum::<f64>();
            }
            Orientation::TopToBottom => {
                v.after += rise + 4.0 + mine.iter().map(|l| l.caption.w).fold(0.0, f64::max);
            }
        }
    }
}

/// Half-width and rise of the `nth` self-loop of a box.
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
/// then each such node moves on to just before its nearest successor.
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

/// Orders the ranks by barycentre sweeps (down then up), keeping the order
/// with the fewest crossings.
fn order(ranks: &mut [Vec<usize>], prev: &[Vec<usize>], next: &[Vec<usize>], vertices: usize) {
    let mut pos = vec![0.0_f64; vertices];
    for column in ranks.iter() {
        for (i, &v) in column.iter().enumerate() {
            pos[v] = count(i);
        }
    }
    let mut best = ranks.to_vec();
    let mut fewest = crossings(ranks, next, &pos);
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
                let near = if down { &prev[v] } else { &next[v] };
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
        let c = crossings(ranks, next, &pos);
        if c < fewest {
            fewest = c;
            best = ranks.to_vec();
        }
    }
    ranks.clone_from_slice(&best);
    for r in 0..ranks.len() {
        if r + 1 < ranks.len() {
            centre_fan(ranks, r, r + 1, prev, next);
        }
        if r > 0 {
            centre_fan(ranks, r, r - 1, next, prev);
        }
    }
}

/// Where a box sends to (or receives from) several boxes of which only one
/// goes on, moves that one to the middle of the fan, so that a chain of
/// steps runs straight on through the box instead of drifting to the fan's
/// side. The fan is the run of vertices in rank `r` sharing the one
/// neighbour on the side `shared`; their neighbours on the side `onward`, in
/// rank `r2`, must be theirs alone and in the same order, so that the move
/// crosses nothing new.
fn centre_fan(
    ranks: &mut [Vec<usize>],
    r: usize,
    r2: usize,
    shared: &[Vec<usize>],
    onward: &[Vec<usize>],
) {
    let mut i = 0;
    while i < ranks[r].len() {
        let v = ranks[r][i];
        let mut end = i + 1;
        if shared[v].len() == 1 {
            while ranks[r]
                .get(end)
                .is_some_and(|&u| shared[u].len() == 1 && shared[u][0] == shared[v][0])
            {
                end += 1;
            }
        }
        let fan: Vec<usize> = ranks[r][i..end].to_vec();
        let start = i;
        i = end;
        if fan.len() < 3 || fan.iter().any(|&u| onward[u].len() != 1) {
            continue;
        }
        let ends: Vec<usize> = fan.iter().map(|&u| onward[u][0]).collect();
        let Some(first) = ranks[r2].iter().position(|&u| u == ends[0]) else {
            continue;
        };
        let theirs = ends
            .iter()
            .enumerate()
            .all(|(j, &u)| shared[u].len() == 1 && ranks[r2].get(first + j) == Some(&u));
        let going_on: Vec<usize> = (0..fan.len())
            .filter(|&j| !onward[ends[j]].is_empty())
            .collect();
        if !theirs || going_on.len() != 1 {
            continue;
        }
        let (from, to) = (going_on[0], (fan.len() - 1) / 2);
        let mine = ranks[r].remove(start + from);
        ranks[r].insert(start + to, mine);
        let end_vertex = ranks[r2].remove(first + from);
        ranks[r2].insert(first + to, end_vertex);
    }
}

/// Number of crossing segments between neighbouring ranks.
fn crossings(ranks: &[Vec<usize>], next: &[Vec<usize>], pos: &[f64]) -> usize {
    let mut total = 0;
    for column in ranks {
        let segments: Vec<(f64, f64)> = column
            .iter()
            .flat_map(|&v| next[v].iter().map(move |&u| (pos[v], pos[u])))
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

/// Positions across the axis: each vertex is pulled towards the mean of its
/// neighbours, rank by rank, keeping the rank's order and gaps.
fn assign_across(
    verts: &mut [Vertex],
    ranks: &[Vec<usize>],
    prev: &[Vec<usize>],
    next: &[Vec<usize>],
) {
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
                        prev[v].iter().chain(&next[v]).copied().collect()
                    } else if down {
                        prev[v].clone()
                    } else {
                        next[v].clone()
                    };
                    if near.is_empty() {
                        verts[v].at
                    } else {
                        near.iter().map(|&u| verts[u].at).sum::<f64>() / count(near.len())
                    }
                })
                .collect();
            place(verts, &ranks[r], &desired);
        }
    }
}

/// Removes jogs along arrows, keeping every rank's order and gaps: first
/// each run of vertices joined one to one (a chain of steps, a long arrow's
/// placeholders) is made one straight line where all of it has room; then a
/// vertex (box, label or placeholder) moves, by at most a small jog, to where
/// more of its arrows run straight, until nothing moves. `offsets` are the
/// ports' distances from their box's centre.
fn straighten(
    verts: &mut [Vertex],
    ranks: &[Vec<usize>],
    prev: &[Vec<usize>],
    next: &[Vec<usize>],
    offsets: &BTreeMap<(usize, usize), f64>,
) {
    const JOG: f64 = 18.0;
    let mut index = vec![0; verts.len()];
    for rank in ranks {
        for (i, &v) in rank.iter().enumerate() {
            index[v] = i;
        }
    }
    // Where `v` may go without nearing its neighbours in its rank.
    let room = |verts: &[Vertex], v: usize| {
        let rank = &ranks[verts[v].rank];
        let me = &verts[v];
        let lo = index[v].checked_sub(1).map_or(f64::NEG_INFINITY, |i| {
            let p = &verts[rank[i]];
            p.at + p.after + p.half_gap() + me.half_gap() + me.before
        });
        let hi = rank.get(index[v] + 1).map_or(f64::INFINITY, |&n| {
            let n = &verts[n];
            n.at - n.before - n.half_gap() - me.half_gap() - me.after
        });
        (lo, hi)
    };
    let fits = |verts: &[Vertex], v: usize, at: f64| {
        let (lo, hi) = room(verts, v);
        (lo - 0.01..=hi + 0.01).contains(&at)
    };
    // Runs: paths along which each vertex has one arrow to the next and the
    // next one arrow from it, so they can be one straight line; longest first.
    let single = |u: usize| (next[u].len() == 1 && prev[next[u][0]].len() == 1).then(|| next[u][0]);
    let mut runs: Vec<Vec<usize>> = Vec::new();
    for (u, before) in prev.iter().enumerate() {
        let continued = before.len() == 1 && single(before[0]) == Some(u);
        if continued || single(u).is_none() {
            continue;
        }
        let mut run = vec![u];
        let mut cur = u;
        while let Some(w) = single(cur) {
            run.push(w);
            cur = w;
        }
        runs.push(run);
    }
    runs.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    // Each run goes where all of it has room, as near as can be to the
    // median of where it is (which moves it least); a run with no such place
    // is cut, from its start, into the longest pieces that have one. Again
    // while any moves, as a run moved may make room for another.
    for _ in 0..8 {
        let mut moved = false;
        for run in &runs {
            let mut first = 0;
            while first < run.len() {
                let (mut lo, mut hi) = room(verts, run[first]);
                let mut end = first + 1;
                while let Some(&v) = run.get(end) {
                    let (a, b) = room(verts, v);
                    if a.max(lo) > b.min(hi) {
                        break;
                    }
                    (lo, hi) = (a.max(lo), b.min(hi));
                    end += 1;
                }
                let piece = &run[first..end];
                first = end;
                if piece.len() < 2 || lo > hi {
                    continue;
                }
                let mut now: Vec<f64> = piece.iter().map(|&v| verts[v].at).collect();
                now.sort_by(f64::total_cmp);
                let to = now[(now.len() - 1) / 2].clamp(lo, hi);
                for &v in piece {
                    moved |= (verts[v].at - to).abs() > 0.01;
                    verts[v].at = to;
                }
            }
        }
        if !moved {
            break;
        }
    }
    // Where the arrow between `v` and `u` meets `v`.
    let attach = |verts: &[Vertex], v: usize, u: usize| {
        verts[v].at + offsets.get(&(v, u)).copied().unwrap_or(0.0)
    };
    for _ in 0..8 {
        let mut moved = false;
        for v in 0..verts.len() {
            let near: Vec<usize> = prev[v].iter().chain(&next[v]).copied().collect();
            let straight = |verts: &[Vertex], at: f64| {
                near.iter()
                    .filter(|&&u| {
                        let mine = at + offsets.get(&(v, u)).copied().unwrap_or(0.0);
                        (mine - attach(verts, u, v)).abs() < 0.05
                    })
                    .count()
            };
            let now = straight(verts, verts[v].at);
            let mut best: Option<(usize, f64, f64)> = None;
            for &u in &near {
                let to = attach(verts, u, v) - offsets.get(&(v, u)).copied().unwrap_or(0.0);
                let shift = (to - verts[v].at).abs();
                if !(0.05..=JOG).contains(&shift) || !fits(verts, v, to) {
                    continue;
                }
                let count = straight(verts, to);
                if count > now
                    && best.is_none_or(|(c, s, _)| count > c || (count == c && shift < s))
                {
                    best = Some((count, shift, to));
                }
            }
            if let Some((_, _, to)) = best {
                verts[v].at = to;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
}

/// Room in each gap between two ranks: little where every arrow runs
/// straight across it, more where arrows bend, the more of them the more.
fn gaps(
    o: Orientation,
    ranks_n: usize,
    verts: &[Vertex],
    flows: &[Flow],
    ports: &BTreeMap<(usize, usize), f64>,
) -> Vec<f64> {
    let mut down = vec![0_usize; ranks_n];
    let mut up = vec![0_usize; ranks_n];
    for flow in flows {
        for pair in flow.chain.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let from = ports.get(&(a, b)).copied().unwrap_or(verts[a].at);
            let to = ports.get(&(b, a)).copied().unwrap_or(verts[b].at);
            let r = verts[a].rank;
            if to - from >= 2.0 {
                down[r] += 1;
            } else if from - to >= 2.0 {
                up[r] += 1;
            }
        }
    }
    (0..ranks_n.saturating_sub(1))
        .map(|r| match down[r].max(up[r]) {
            0 => GAP_STRAIGHT,
            tracks => o.gap() + 2.0 * count(tracks.min(9) - 1),
        })
        .collect()
}

/// Places a rank's vertices as close as possible (least squares) to the
/// desired centres while keeping their order and the gaps between them:
/// isotonic regression by pool adjacent violators on the desired positions
/// less each vertex's minimum offset from the first.
fn place(verts: &mut [Vertex], column: &[usize], desired: &[f64]) {
    let mut offsets = Vec::with_capacity(column.len());
    let mut offset = 0.0;
    for (i, &v) in column.iter().enumerate() {
        if i > 0 {
            let p = &verts[column[i - 1]];
            offset += p.after + p.half_gap() + verts[v].half_gap() + verts[v].before;
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
            verts[column[i]].at = z + offsets[i];
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
    let o = l.orientation;
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
        let d = path_data(points, bends, o);
        let _ = write!(
            svg,
            "<path d=\"{d}\" fill=\"none\" {}/>",
            stroke(edges[flow.edge].outside)
        );
    }
    // Self-loops above their boxes (left to right) or on their right.
    for lp in &l.loops {
        let v = &l.verts[lp.node];
        let (half, rise) = loop_size(lp.nth);
        let d = match o {
            Orientation::LeftToRight => {
                let cx = l.start[v.rank] + l.extent[v.rank] / 2.0;
                let top = v.at - v.size / 2.0;
                format!(
                    "M{:.1},{top:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{top:.1}",
                    cx + half,
                    cx + half + 6.0,
                    top - rise * 1.33,
                    cx - half - 6.0,
                    top - rise * 1.33,
                    cx - half,
                )
            }
            Orientation::TopToBottom => {
                let cy = l.start[v.rank] + l.extent[v.rank] / 2.0;
                let right = v.at + v.size / 2.0;
                format!(
                    "M{right:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {right:.1},{:.1}",
                    cy - half,
                    right + rise * 1.33,
                    cy - half - 6.0,
                    right + rise * 1.33,
                    cy + half + 6.0,
                    cy + half,
                )
            }
        };
        let _ = write!(
            svg,
            "<path d=\"{d}\" fill=\"none\" {}/>",
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
        let (cx, cy) = o.point(l.start[vert.rank] + l.extent[vert.rank] / 2.0, vert.at);
        label(
            &mut svg,
            &flow.caption,
            cx,
            cy - flow.caption.h / 2.0,
            edges[flow.edge].outside,
        );
    }
    for lp in &l.loops {
        let v = &l.verts[lp.node];
        let mine = l.loops.iter().filter(|o| o.node == lp.node);
        let earlier: f64 = mine
            .clone()
            .filter(|o| o.nth < lp.nth)
            .map(|o| o.caption.h + 3.0)
            .sum();
        let middle = l.start[v.rank] + l.extent[v.rank] / 2.0;
        let (cx, top) = match o {
            // Stacked above the loops.
            Orientation::LeftToRight => (middle, v.at - v.before + earlier),
            // Stacked on the right of the loops, centred on the box.
            Orientation::TopToBottom => {
                let stacked = mine.map(|o| o.caption.h + 3.0).sum::<f64>() - 3.0;
                let rise = loop_size(l.loops.iter().filter(|o| o.node == lp.node).count() - 1).1;
                (
                    v.at + v.size / 2.0 + rise + 4.0 + lp.caption.w / 2.0,
                    middle - stacked / 2.0 + earlier,
                )
            }
        };
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

/// The points of a flow's arrow, from its tail to its head, as (along,
/// across) the layers' axis: its ports and, for each rank it crosses, a
/// straight run at its vertex's position (so it never passes behind another
/// label or a box).
fn arrow_points(l: &Layout, flow: &Flow) -> Vec<(f64, f64)> {
    let mut points: Vec<(f64, f64)> = Vec::new();
    let last = flow.chain.len() - 1;
    for (i, &v) in flow.chain.iter().enumerate() {
        let vert = &l.verts[v];
        let (start, extent) = (l.start[vert.rank], l.extent[vert.rank]);
        match vert.role {
            Role::Box(_) if i == 0 => {
                points.push((
                    start + extent,
                    l.ports.get(&(v, flow.chain[1])).copied().unwrap_or(vert.at),
                ));
            }
            Role::Box(_) => {
                points.push((
                    start,
                    l.ports
                        .get(&(v, flow.chain[last - 1]))
                        .copied()
                        .unwrap_or(vert.at),
                ));
            }
            _ => {
                points.push((start, vert.at));
                points.push((start + extent, vert.at));
            }
        }
    }
    if flow.reversed {
        points.reverse();
    }
    points
}

/// One segment of an arrow that bends in a gap between ranks: (arrow,
/// segment, start along, end along, start across, end across).
type Bend = (usize, usize, f64, f64, f64, f64);

/// Where each segment of each arrow (as points along and across the axis)
/// bends: the position along the axis of the S-curve's steep part. In a gap,
/// the segments going one way across turn from the farthest start to the
/// nearest and those going the other way likewise, each on a track of its
/// own, so that a fan of arrows from one box side reads as nested steps
/// rather than one bundle.
fn bends(paths: &[Vec<(f64, f64)>]) -> Vec<Vec<f64>> {
    let mut out: Vec<Vec<f64>> = paths
        .iter()
        .map(|p| {
            p.windows(2)
                .map(|w| f64::midpoint(w[0].0, w[1].0))
                .collect()
        })
        .collect();
    // Segments by gap: every segment in a gap starts at the same place.
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

/// The SVG path data of an arrow given as points along and across the axis:
/// cubic curves whose tangents run along the axis at both ends, bending at
/// the given place along it in each segment.
fn path_data(points: &[(f64, f64)], bends: &[f64], o: Orientation) -> String {
    let mut d = String::new();
    for (i, &(along, across)) in points.iter().enumerate() {
        let (px, py) = o.point(along, across);
        if i == 0 {
            let _ = write!(d, "M{px:.1},{py:.1}");
        } else {
            let (_, from) = points[i - 1];
            let bend = bends.get(i - 1).copied().unwrap_or(along);
            let (ax, ay) = o.point(bend, from);
            let (bx, by) = o.point(bend, across);
            let _ = write!(d, " C{ax:.1},{ay:.1} {bx:.1},{by:.1} {px:.1},{py:.1}");
        }
    }
    d
}

/// A box: its fill and border by kind (red and dashed when outside the UK
/// and the EEA), the kind caption, the wrapped name and the transfer tag.
fn draw_box(svg: &mut String, l: &Layout, k: usize, text: &BoxText, node: &FlowNode) {
    let vert = &l.verts[k];
    let (x0, top) = l
        .orientation
        .point(l.start[vert.rank], vert.at - vert.size / 2.0);
    let (w, h) = l.orientation.point(l.extent[vert.rank], vert.size);
    let (_, fill, border) = node.kind.style();
    let outline = if node.outside {
        format!("stroke=\"{RED}\" stroke-width=\"2\" stroke-dasharray=\"{DASH}\"")
    } else {
        format!("stroke=\"{border}\" stroke-width=\"1.2\"")
    };
    let _ = write!(
        svg,
        "<rect x=\"{x0:.1}\" y=\"{top:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"6\" fill=\"{fill}\" {outline}/>",
    );
    let cx = x0 + w / 2.0;
    let start = top + (h - text.h) / 2.0;
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
                    && va.at - va.before < vb.at + vb.after
                    && vb.at - vb.before < va.at + va.after
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
        let x = |k: usize| l.start[l.verts[k].rank];
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
        for l in every_way(&nodes, &edges) {
            let svg = render(&l, &nodes, &edges);
            check(&l, &svg);
            assert_eq!(svg.matches("marker-end=").count(), edges.len());
        }
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
                    .map(|&v| l.verts[v].at)
            })
        };
        let (one, two) = (label_y(0).expect("F1"), label_y(1).expect("F2"));
        assert!(
            (one - two).abs() >= l.flows[0].caption.extent(l.orientation).1,
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
        let across = match l.orientation {
            Orientation::LeftToRight => l.height,
            Orientation::TopToBottom => l.width,
        };
        for v in &l.verts {
            assert!(
                v.at - v.before >= MARGIN - 0.01 && v.at + v.after <= across,
                "inside the canvas"
            );
        }
        let svg = data_flow_svg(&nodes, &edges).expect("svg");
        parse(&svg);
        assert_eq!(svg.matches("marker-end=").count(), 40);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        for l in every_way(&nodes, &edges) {
            let svg = render(&l, &nodes, &edges);
            check(&l, &svg);
            assert_eq!(svg.matches("marker-end=").count(), 40);
        }
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

    /// The layout of every attempt.
    fn every_way(nodes: &[FlowNode], edges: &[FlowEdge]) -> Vec<Layout> {
        attempts()
            .into_iter()
            .map(|a| layout_with(nodes, edges, a).expect("laid out"))
            .collect()
    }

    /// The rectangles of an SVG (boxes and label cards) as (x, y, w, h).
    fn rects(svg: &str) -> Vec<[f64; 4]> {
        let number = |tag: &str, name: &str| -> f64 {
            let at = tag.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
            let end = tag[at..].find('"').expect("quote");
            tag[at..at + end].parse().expect("number")
        };
        svg.match_indices("<rect ")
            .map(|(i, _)| {
                let tag = &svg[i..i + svg[i..].find('>').expect("tag end")];
                [
                    number(tag, "x"),
                    number(tag, "y"),
                    number(tag, "width"),
                    number(tag, "height"),
                ]
            })
            .collect()
    }

    /// What every drawing must be: well-formed, finite, every box and label
    /// card inside the canvas and clear of every other, no two vertices of a
    /// rank overlapping.
    fn check(l: &Layout, svg: &str) {
        parse(svg);
        assert!(
            ["NaN", "inf\"", "inf,", "inf "]
                .iter()
                .all(|bad| !svg.contains(bad)),
            "finite numbers only"
        );
        assert!(overlaps(l).is_empty(), "{:?}", overlaps(l));
        let all = rects(svg);
        for (i, a) in all.iter().enumerate() {
            assert!(
                a[0] >= -0.05
                    && a[1] >= -0.05
                    && a[0] + a[2] <= l.width + 0.05
                    && a[1] + a[3] <= l.height + 0.05,
                "{a:?} outside {} x {}",
                l.width,
                l.height
            );
            for b in &all[i + 1..] {
                let apart = a[0] + a[2] <= b[0] + 0.05
                    || b[0] + b[2] <= a[0] + 0.05
                    || a[1] + a[3] <= b[1] + 0.05
                    || b[1] + b[3] <= a[1] + 0.05;
                assert!(apart, "{a:?} overlaps {b:?} ({:?})", l.orientation);
            }
        }
    }

    /// Nodes and flows from (id, name, kind) and (from, to, label); the
    /// flows are numbered from 1 as the report numbers them.
    /// The diagram of a bundled example in `assessments/`, as a report
    /// draws it.
    fn example(id: &str) -> (Vec<FlowNode>, Vec<FlowEdge>) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let path = root.join("assessments").join(format!("{id}.yaml"));
        let as_of = crate::date::PartialDate::parse("2026-11-30").expect("a date");
        let analysis = crate::pipeline::analyse(None, &[path], root, as_of);
        let checked = analysis.assessments.first().expect("the example loads");
        crate::render::figures::flow_graph(&checked.model.assessment)
    }

    fn camden() -> (Vec<FlowNode>, Vec<FlowEdge>) {
        example("camden-caution-register")
    }

    fn opcc() -> (Vec<FlowNode>, Vec<FlowEdge>) {
        example("opcc-casework-system")
    }

    fn wiltshire() -> (Vec<FlowNode>, Vec<FlowEdge>) {
        example("wiltshire-children-case-management")
    }

    fn yos() -> (Vec<FlowNode>, Vec<FlowEdge>) {
        example("yos-case-management-system")
    }

    fn process() -> (Vec<FlowNode>, Vec<FlowEdge>) {
        let long = "Names and addresses, Nature of risk and incidents, Register entry, decision and mitigations";
        let mut nodes: Vec<FlowNode> = (0..=14)
            .map(|i| {
                let kind = if i % 5 == 4 {
                    NodeKind::System
                } else {
                    NodeKind::Internal
                };
                node(
                    &format!("s{i}"),
                    &format!("Step {i}: the officer responsible reviews the case"),
                    kind,
                )
            })
            .collect();
        let mut edges: Vec<FlowEdge> = (0..14)
            .map(|i| {
                let label = if i % 3 == 0 {
                    long
                } else {
                    "Register entry (workflow)"
                };
                edge(
                    &format!("{}", i + 1),
                    &format!("s{i}"),
                    &format!("s{}", i + 1),
                    label,
                )
            })
            .collect();
        for (from, count) in [(4, 4), (9, 3)] {
            for r in 0..count {
                nodes.push(node(
                    &format!("r{from}-{r}"),
                    &format!("Recipient organisation {r} of step {from}"),
                    NodeKind::Controller,
                ));
                edges.push(edge(
                    &format!("{}", edges.len() + 1),
                    &format!("s{from}"),
                    &format!("r{from}-{r}"),
                    if r == 0 {
                        long
                    } else {
                        "Notification (secure email)"
                    },
                ));
            }
        }
        edges.push(edge(
            &format!("{}", edges.len() + 1),
            "s11",
            "s6",
            "Case sent back for review",
        ));
        (nodes, edges)
    }

    #[test]
    fn keeps_left_to_right_when_it_fits() {
        for (nodes, edges) in [chain(), wiltshire(), yos()] {
            let l = layout(&nodes, &edges).expect("laid out");
            assert_eq!(l.orientation, Orientation::LeftToRight);
            assert!(l.width <= MAX_WIDTH, "{}", l.width);
            check(&l, &render(&l, &nodes, &edges));
        }
    }

    #[test]
    fn turns_top_to_bottom_when_left_to_right_is_too_wide() {
        for (nodes, edges) in [camden(), opcc(), process()] {
            let ltr = layout_with(&nodes, &edges, attempts()[0]).expect("laid out");
            assert_eq!(ltr.orientation, Orientation::LeftToRight);
            assert!(ltr.width > MAX_WIDTH, "{}", ltr.width);
            let l = layout(&nodes, &edges).expect("laid out");
            assert_eq!(l.orientation, Orientation::TopToBottom);
            assert!(l.width <= MAX_WIDTH && !l.spread, "{}", l.width);
            let svg = render(&l, &nodes, &edges);
            check(&l, &svg);
            assert_eq!(svg.matches("marker-end=").count(), edges.len());
            // Ranks go down the page; every box's row starts below the one
            // before it.
            assert!(l.start.windows(2).all(|w| w[0] < w[1]));
            let (x, y) = Orientation::TopToBottom.point(1.0, 2.0);
            assert_eq!((x, y), (2.0, 1.0));
        }
    }

    #[test]
    fn the_bundled_examples_fit_a_portrait_page() {
        for (nodes, edges) in [camden(), opcc(), wiltshire(), yos(), process()] {
            let svg = data_flow_svg(&nodes, &edges).expect("svg");
            parse(&svg);
            let l = layout(&nodes, &edges).expect("laid out");
            assert!(l.width <= MAX_WIDTH, "{} wide", l.width);
            assert!(svg.contains(&format!(" width=\"{:.1}\" ", l.width)));
        }
        // The long process runs down the page, narrower than it is tall.
        let (nodes, edges) = process();
        let l = layout(&nodes, &edges).expect("laid out");
        assert!(l.height > l.width);
    }

    #[test]
    fn spreads_a_layer_too_wide_for_one_row() {
        let mut nodes = vec![
            node("public", "Member of the public", NodeKind::DataSubject),
            node("team", "Customer services team", NodeKind::Internal),
            node("portal", "Referral portal", NodeKind::Source),
            node("cms", "Case management system", NodeKind::System),
        ];
        let mut edges = vec![
            edge(
                "1",
                "public",
                "team",
                "Contact details, concern raised (telephone)",
            ),
            edge("2", "team", "portal", "Referral details (manual keying)"),
            edge(
                "3",
                "portal",
                "cms",
                "Referrals, contact details (web form)",
            ),
        ];
        for i in 0..12 {
            nodes.push(node(
                &format!("r{i}"),
                &format!("Recipient organisation number {i} with a long name"),
                NodeKind::Controller,
            ));
            edges.push(edge(
                &format!("{}", i + 4),
                "cms",
                &format!("r{i}"),
                "Names, case history, risk assessments (secure email)",
            ));
        }
        let l = layout(&nodes, &edges).expect("laid out");
        assert_eq!(l.orientation, Orientation::TopToBottom);
        assert!(l.width <= MAX_WIDTH, "{}", l.width);
        let rows: Vec<usize> = (4..16).map(|k| l.verts[k].rank).collect();
        let mut distinct = rows.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert!(distinct.len() > 1, "recipients on several rows: {rows:?}");
        assert!(l.spread);
        check(&l, &render(&l, &nodes, &edges));
        // Fans in likewise: ten sources into one system, then on.
        let mut nodes = vec![node("sys", "Case management system", NodeKind::System)];
        let mut edges = Vec::new();
        for i in 0..10 {
            nodes.push(node(
                &format!("s{i}"),
                &format!("Source of data number {i}"),
                NodeKind::Source,
            ));
            edges.push(edge(
                &format!("{}", i + 1),
                &format!("s{i}"),
                "sys",
                "Demographic information, education information (import)",
            ));
        }
        for (i, to) in ["archive", "store", "shredder"].iter().enumerate() {
            let from = if i == 0 {
                "sys"
            } else {
                ["archive", "store"][i - 1]
            };
            nodes.push(node(
                to,
                &format!("Downstream {to} of closed case files"),
                NodeKind::Processor,
            ));
            edges.push(edge(
                &format!("{}", i + 11),
                from,
                to,
                "Closed case files (courier)",
            ));
        }
        let l = layout(&nodes, &edges).expect("laid out");
        assert_eq!(l.orientation, Orientation::TopToBottom);
        assert!(l.width <= MAX_WIDTH, "{}", l.width);
        check(&l, &render(&l, &nodes, &edges));
    }

    #[test]
    fn draws_self_loops_beside_their_box_top_to_bottom() {
        let (mut nodes, mut edges) = camden();
        let register = nodes
            .iter_mut()
            .find(|n| n.id == "caution-register")
            .expect("the register");
        register.country = Some("US".into());
        register.outside = true;
        let next = edges.len() + 1;
        edges.push(edge(
            &next.to_string(),
            "caution-register",
            "caution-register",
            "Nightly review of entries due for deletion",
        ));
        edges.push(edge(
            &(next + 1).to_string(),
            "caution-register",
            "caution-register",
            "Audit",
        ));
        let l = layout(&nodes, &edges).expect("laid out");
        assert_eq!(l.orientation, Orientation::TopToBottom);
        let svg = render(&l, &nodes, &edges);
        check(&l, &svg);
        assert_eq!(l.loops.len(), 2);
        let v = &l.verts[l.loops[0].node];
        assert!(v.after > v.before, "loops and labels on the right");
        let audit = format!(
            "<tspan font-weight=\"bold\">{}</tspan> Audit</text>",
            next + 1
        );
        assert!(svg.contains(&audit));
        assert!(svg.contains(">outside UK/EEA: US</text>") && svg.contains("Red, dashed"));
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
