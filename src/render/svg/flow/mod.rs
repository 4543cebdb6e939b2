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

mod draw;
mod layout;
#[cfg(test)]
mod tests;
mod text;

use super::{FONT, escape, text_width, wrap};
use crate::present::report::FlowWords;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use draw::render;
use layout::{fingerprint, layout, loop_size, resolve};
use text::{clip, label_rank, wraps};

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
    /// The public, or other users of a service.
    Public,
    /// A recipient whose role is not given (unknown, or not captured).
    Recipient,
}

impl NodeKind {
    /// Caption, fill and border colour of a box of this kind.
    fn style(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Self::DataSubject => ("data-subject", "#e3eefa", "#4f78a8"),
            Self::Source => ("source", "#e4f2e4", "#4f8a4f"),
            Self::System => ("system", "#eceff3", "#5b6770"),
            Self::Internal => ("internal", "#efe8f7", "#7a5c9e"),
            Self::Processor => ("processor", "#fcefd9", "#a8742a"),
            Self::SubProcessor => ("sub-processor", "#fae6dc", "#a8603e"),
            Self::Controller => ("controller", "#dff1ef", "#3f8a82"),
            Self::JointController => ("joint-controller", "#eef3db", "#6f7f33"),
            Self::Public => ("public", "#f7f0de", "#8a6d2f"),
            Self::Recipient => ("recipient", "#f1f1f1", "#6b6b6b"),
        }
    }

    /// The kind's id in the catalogue (`figure.node.<id>`).
    fn id(self) -> &'static str {
        self.style().0
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
    /// What the node is, worded ("processor"), and the mark of a box
    /// outside the controller's home ("outside UK/EEA: US"): filled in
    /// from [`FlowWords`] when the diagram is drawn.
    pub words: (String, Option<String>),
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

/// Most lines of text in a box or on an arrow: a longer name is cut with
/// an ellipsis (the tables of the report give it whole).
const MAX_TEXT_LINES: usize = 12;

/// Most flows a diagram draws, and most boxes they may join: a diagram
/// larger than this is no longer legible, and laying it out grows faster
/// than its size (500 flows took 28 s).
pub const MAX_DRAWN_FLOWS: usize = 120;

/// See [`MAX_DRAWN_FLOWS`].
pub const MAX_DRAWN_BOXES: usize = 60;

/// Why a diagram of these flows is not drawn, if it is too large to.
#[must_use]
pub fn too_large(nodes: &[FlowNode], edges: &[FlowEdge], words: &FlowWords) -> Option<String> {
    let (kept, ends) = resolve(nodes, edges);
    (ends.len() > MAX_DRAWN_FLOWS || kept.len() > MAX_DRAWN_BOXES).then(|| {
        crate::i18n::fill(
            &words.too_large,
            &[
                ("flows", &ends.len()),
                ("boxes", &kept.len()),
                ("max_flows", &MAX_DRAWN_FLOWS),
                ("max_boxes", &MAX_DRAWN_BOXES),
            ],
        )
    })
}

/// The diagram as an SVG document, or `None` when there are no edges or
/// too many to draw ([`too_large`]).
#[must_use]
pub fn data_flow_svg(nodes: &[FlowNode], edges: &[FlowEdge], words: &FlowWords) -> Option<String> {
    if too_large(nodes, edges, words).is_some() {
        return None;
    }
    let nodes: Vec<FlowNode> = nodes.iter().map(|n| n.worded(words)).collect();
    layout(&nodes, edges).map(|l| render(&l, &nodes, edges, words))
}

impl FlowNode {
    /// The node with its kind and transfer mark in the diagram's words.
    fn worded(&self, words: &FlowWords) -> FlowNode {
        let country = self
            .country
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        let kind = words
            .kinds
            .get(self.kind.id())
            .cloned()
            .unwrap_or_else(|| self.kind.id().to_owned());
        let tag = self.outside.then(|| match country {
            Some(c) => crate::i18n::fill(
                &words.outside_in,
                &[("outside", &words.outside), ("country", &c)],
            ),
            None => words.outside.clone(),
        });
        FlowNode {
            words: (kind, tag),
            ..self.clone()
        }
    }
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
        let kind = node.words.0.as_str();
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
        let tag = node.words.1.clone();
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

/// One segment of an arrow that bends in a gap between ranks: (arrow,
/// segment, start along, end along, start across, end across).
type Bend = (usize, usize, f64, f64, f64, f64);
