//! The figures of a report: the data flow diagram and the two heat maps,
//! drawn as SVG into the report's view model before it is rendered.

use super::svg::flow::{FlowEdge, FlowNode, NodeKind, data_flow_svg};
use super::svg::heatmap::{Stage, heatmap_svg};
use crate::law::Home;
use crate::model::assessment::{Assessment, RecipientKind};
use crate::pipeline::Checked;
use crate::present::report::ReportContext;

/// What a report's figures are drawn from besides its view model: the data
/// flow graph, taken from the assessment.
#[derive(Debug)]
pub struct FigureInputs {
    nodes: Vec<FlowNode>,
    edges: Vec<FlowEdge>,
}

impl FigureInputs {
    /// The figure inputs of an assessment.
    #[must_use]
    pub fn of(checked: &Checked) -> FigureInputs {
        let (nodes, edges) = flow_graph(&checked.model.assessment, checked.model.home());
        FigureInputs { nodes, edges }
    }

    /// All that the figures of `context` are drawn from and its JSON does
    /// not hold: the flow graph and the figures' words, as text. With the
    /// context's JSON, a build record digests it, so that a report it
    /// shows up to date is not drawn.
    #[must_use]
    pub fn text(&self, context: &ReportContext) -> String {
        format!("{self:?}\n{:?}", context.figure_words)
    }
}

/// Draws the figures of a report into its context: the data flow diagram
/// (when the assessment has flows) and the two heat maps (when any risk is
/// rated from a likelihood and a severity).
pub fn draw_figures(context: &mut ReportContext, checked: &Checked) {
    draw(context, FigureInputs::of(checked));
}

/// Draws the figures of a report from its context and `inputs` (see
/// [`draw_figures`]).
pub fn draw(context: &mut ReportContext, inputs: FigureInputs) {
    let FigureInputs { nodes, edges } = inputs;
    let words = context.figure_words.clone();
    context.figures.data_flow_omitted = super::svg::flow::too_large(&nodes, &edges, &words.flow);
    context.figures.data_flow = data_flow_svg(&nodes, &edges, &words.flow);
    context.figures.alt.data_flow = context.figures.data_flow.as_deref().and_then(aria_label);
    let placed = context
        .matrix
        .grid
        .iter()
        .flat_map(|row| &row.cells)
        .any(|cell| !cell.inherent.is_empty() || !cell.residual.is_empty());
    if placed {
        let (before, after) = (
            heatmap_svg(&context.matrix, Stage::Inherent, &words.heatmap),
            heatmap_svg(&context.matrix, Stage::Residual, &words.heatmap),
        );
        context.figures.alt.heatmap_inherent = aria_label(&before);
        context.figures.alt.heatmap_residual = aria_label(&after);
        context.figures.heatmap_inherent = Some(before);
        context.figures.heatmap_residual = Some(after);
    }
    // The page mark, as the template sets it: DRAFT with 6pt between
    // letters at 96pt, or the void approval's words with 4pt at 60pt.
    let mark = if context.draft {
        Some((&context.t["report"]["draft_mark"], 6.0 / 96.0))
    } else if context.signed.void {
        Some((&context.t["sign_off"]["signed"]["void_mark"], 4.0 / 60.0))
    } else {
        None
    };
    context.figures.mark =
        mark.and_then(|(text, tracking)| super::svg::mark::mark(text.as_str()?, tracking));
}

/// The text alternative a figure's SVG carries (its root's `aria-label`),
/// unescaped, for the PDF, which takes it as the image's alt text.
fn aria_label(svg: &str) -> Option<String> {
    let start = svg.find("aria-label=\"")? + "aria-label=\"".len();
    let end = start + svg[start..].find('"')?;
    Some(
        svg[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

/// The boxes (sources, systems, recipients, data subjects) and arrows
/// (`data_flows`, labelled with category names and channel) of a diagram.
/// A box in the controller's own country (`home`) is not marked as a
/// transfer, wherever that is.
pub(crate) fn flow_graph(a: &Assessment, home: Home<'_>) -> (Vec<FlowNode>, Vec<FlowEdge>) {
    let node = |id: &str, label: &str, kind: NodeKind, country: Option<&str>| {
        flow_node(
            id,
            label,
            kind,
            country.filter(|c| home.third_country(c)),
            country,
        )
    };
    let mut nodes = Vec::new();
    for s in &a.sources {
        nodes.push(node(&s.id, &s.name, NodeKind::Source, None));
    }
    for s in &a.systems {
        nodes.push(node(&s.id, &s.name, NodeKind::System, s.country.as_deref()));
    }
    for r in &a.recipients {
        let kind = match r.kind.value() {
            Some(RecipientKind::Internal) => NodeKind::Internal,
            Some(RecipientKind::Processor) => NodeKind::Processor,
            Some(RecipientKind::SubProcessor) => NodeKind::SubProcessor,
            Some(RecipientKind::Controller) => NodeKind::Controller,
            Some(RecipientKind::JointController) => NodeKind::JointController,
            Some(RecipientKind::Public) => NodeKind::Public,
            None => NodeKind::Recipient,
        };
        nodes.push(node(&r.id, &r.name, kind, r.country.as_deref()));
    }
    for d in &a.data_subjects {
        nodes.push(node(&d.id, &d.name, NodeKind::DataSubject, None));
    }
    let category = |id: &String| {
        a.data_categories
            .iter()
            .find(|c| &c.id == id)
            .map_or_else(|| id.clone(), |c| c.name.clone())
    };
    let edges: Vec<FlowEdge> = a
        .data_flows
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut label = f
                .data_categories
                .iter()
                .map(category)
                .collect::<Vec<_>>()
                .join(", ");
            if let Some(channel) = &f.channel {
                if label.is_empty() {
                    label.clone_from(channel);
                } else {
                    label.push_str(&format!(" ({channel})"));
                }
            }
            let outside = nodes.iter().any(|n: &FlowNode| n.id == f.to && n.outside);
            FlowEdge {
                // Steps are numbered as the flows table numbers them: ids can be long.
                id: (i + 1).to_string(),
                from: f.from.clone(),
                to: f.to.clone(),
                label,
                outside,
            }
        })
        .collect();
    (nodes, edges)
}

/// A box; `abroad` is its country when that is a third country from the
/// controller's home (so the box is marked as a transfer).
fn flow_node(
    id: &str,
    label: &str,
    kind: NodeKind,
    abroad: Option<&str>,
    country: Option<&str>,
) -> FlowNode {
    FlowNode {
        id: id.to_owned(),
        label: label.to_owned(),
        kind,
        country: country.map(str::to_owned),
        outside: abroad.is_some(),
        words: (String::new(), None),
    }
}
