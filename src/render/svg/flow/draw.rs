//! Drawing a laid-out diagram as SVG (step 6): arrows with their bends and
//! ports, boxes with their captions, labels, the legend and the text
//! description for assistive technology.

#[allow(clippy::wildcard_imports)]
use super::*;

/// A sentence per flow, for screen readers.
pub(super) fn description(
    l: &Layout,
    nodes: &[FlowNode],
    edges: &[FlowEdge],
    words: &FlowWords,
) -> String {
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
    let mut text = words.alt.clone();
    for e in flows {
        let edge = &edges[e];
        text.push(' ');
        text.push_str(&crate::i18n::fill(
            &words.step,
            &[
                ("id", &edge.id.trim()),
                ("from", &name(&edge.from)),
                ("to", &name(&edge.to)),
            ],
        ));
        if !edge.label.trim().is_empty() {
            let _ = write!(text, ", {}", edge.label.trim());
        }
        if edge.outside {
            let _ = write!(text, " {}", words.transfer);
        }
        text.push('.');
    }
    text
}

pub(super) fn render(
    l: &Layout,
    nodes: &[FlowNode],
    edges: &[FlowEdge],
    words: &FlowWords,
) -> String {
    let o = l.orientation;
    let height = l.height;
    let id = format!("dpia-flow-{:016x}", fingerprint(nodes, edges));
    let mut svg = header(l, nodes, edges, &id, words);

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
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{CAPTION_FONT}\" fill=\"{INK}\">{}</text>",
            MARGIN + 38.0,
            y + 3.5,
            escape(&words.legend)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The root element with its accessible name, the title and the arrowheads.
pub(super) fn header(
    l: &Layout,
    nodes: &[FlowNode],
    edges: &[FlowEdge],
    id: &str,
    words: &FlowWords,
) -> String {
    let (width, height) = (l.width, l.height);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:.1} {height:.1}\" width=\"{width:.1}\" height=\"{height:.1}\" role=\"img\" aria-label=\"{}\" font-family=\"{FONT}\">",
        escape(&description(l, nodes, edges, words))
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
pub(super) fn arrow_points(l: &Layout, flow: &Flow) -> Vec<(f64, f64)> {
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

/// Where each segment of each arrow (as points along and across the axis)
/// bends: the position along the axis of the S-curve's steep part. In a gap,
/// the segments going one way across turn from the farthest start to the
/// nearest and those going the other way likewise, each on a track of its
/// own, so that a fan of arrows from one box side reads as nested steps
/// rather than one bundle.
pub(super) fn bends(paths: &[Vec<(f64, f64)>]) -> Vec<Vec<f64>> {
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
pub(super) fn path_data(points: &[(f64, f64)], bends: &[f64], o: Orientation) -> String {
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
pub(super) fn draw_box(svg: &mut String, l: &Layout, k: usize, text: &BoxText, node: &FlowNode) {
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
pub(super) fn label(svg: &mut String, caption: &Caption, cx: f64, top: f64, outside: bool) {
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
