//! Tests of the data flow diagram: layout properties and drawn output.

use super::draw::bends;
use super::layout::{attempts, layout_with};
use super::*;

fn node(id: &str, label: &str, kind: NodeKind) -> FlowNode {
    FlowNode {
        id: id.into(),
        label: label.into(),
        kind,
        country: None,
        outside: false,
        words: (String::new(), None),
    }
}

/// The diagram's words in British English, as the reference catalogue has them.
fn words() -> crate::present::report::FlowWords {
    crate::present::report::FigureWords::english().flow
}

/// The nodes with their kinds and marks in British English, as drawing
/// them words them.
fn worded(nodes: &[FlowNode]) -> Vec<FlowNode> {
    nodes.iter().map(|n| n.worded(&words())).collect()
}

/// The diagram of `nodes` and `edges` in British English.
fn svg_of(nodes: &[FlowNode], edges: &[FlowEdge]) -> Option<String> {
    data_flow_svg(nodes, edges, &words())
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
    let l = layout(&worded(&nodes), &edges).expect("laid out");
    // Kept nodes keep the input order: c, b, a.
    let x = |k: usize| l.start[l.verts[k].rank];
    assert!(
        x(2) < x(1) && x(1) < x(0),
        "source, system, processor from left to right"
    );
    let svg = svg_of(&nodes, &edges).expect("svg");
    parse(&svg);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
    assert!(svg.contains(
        "role=\"img\" aria-label=\"Data flow diagram. F1: Group inbox to Casework system"
    ));
    assert!(
        svg.contains("<title>Data flow diagram</title>") && svg.contains("<marker id=\"dpia-flow-")
    );
    assert_eq!(svg.matches(" rx=\"6\" ").count(), 3, "three boxes");
    assert_eq!(svg.matches("marker-end=").count(), 2, "two arrows");
    for caption in [">source<", ">system<", ">processor<"] {
        assert!(svg.contains(caption), "kind caption {caption}");
    }
    assert!(svg.contains("<tspan font-weight=\"bold\">F1</tspan> Correspondence (email)</text>"));
    assert!(svg.contains("<tspan font-weight=\"bold\">F2</tspan> Case notes</text>"));
    assert!(!svg.contains("<style") && !svg.contains("class=") && !svg.contains("foreignObject"));
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
    let svg = svg_of(&nodes, &edges).expect("svg");
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
    let svg = svg_of(&nodes, &edges).expect("svg");
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
    let svg = svg_of(&nodes, &edges).expect("svg");
    assert!(svg.contains(">outside UK/EEA</text>") && svg.contains(">system \u{b7} GB</text>"));

    // No legend when nothing leaves.
    let plain = svg_of(
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
        let svg = render(&l, &worded(&nodes), &edges, &words());
        check(&l, &svg);
        assert_eq!(svg.matches("marker-end=").count(), edges.len());
    }
    let l = layout(&worded(&nodes), &edges).expect("laid out");
    assert!(overlaps(&l).is_empty(), "{:?}", overlaps(&l));
    assert_eq!(l.loops.len(), 3);
    let svg = svg_of(&nodes, &edges).expect("svg");
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
    let first = svg_of(&nodes, &edges).expect("svg");
    let second = svg_of(&nodes.clone(), &edges.clone()).expect("svg");
    assert_eq!(first, second);
    let (nodes, edges) = chain();
    assert_eq!(svg_of(&nodes, &edges), svg_of(&nodes, &edges));
}

#[test]
fn nothing_to_draw_without_edges() {
    assert!(svg_of(&[], &[]).is_none());
    assert!(svg_of(&[node("a", "A", NodeKind::Source)], &[]).is_none());
}

#[test]
fn leaves_out_nodes_no_flow_touches() {
    let (mut nodes, edges) = chain();
    nodes.push(node("lonely", "Unused archive", NodeKind::System));
    let svg = svg_of(&nodes, &edges).expect("svg");
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
    let l = layout(&worded(&nodes), &edges).expect("laid out");
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
    let svg = svg_of(&nodes, &edges).expect("svg");
    parse(&svg);
    assert_eq!(svg.matches("marker-end=").count(), 40);
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
    for l in every_way(&nodes, &edges) {
        let svg = render(&l, &worded(&nodes), &edges, &words());
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
    let svg = svg_of(&nodes, &edges).expect("svg");
    parse(&svg);
    assert!(
        svg.contains(">a</text>") && svg.contains(">joint controller</text>"),
        "ids stand in for empty names"
    );
    assert_eq!(svg.matches("marker-end=").count(), 1);
    assert!(!svg.contains("lost"));
    assert!(svg_of(&nodes, &[edge("F1", "x", "y", "")]).is_none());
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
    crate::render::figures::flow_graph(&checked.model.assessment, checked.model.home())
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
        let l = layout(&worded(&nodes), &edges).expect("laid out");
        assert_eq!(l.orientation, Orientation::LeftToRight);
        assert!(l.width <= MAX_WIDTH, "{}", l.width);
        check(&l, &render(&l, &worded(&nodes), &edges, &words()));
    }
}

#[test]
fn turns_top_to_bottom_when_left_to_right_is_too_wide() {
    for (nodes, edges) in [camden(), opcc(), process()] {
        let ltr = layout_with(&nodes, &edges, attempts()[0]).expect("laid out");
        assert_eq!(ltr.orientation, Orientation::LeftToRight);
        assert!(ltr.width > MAX_WIDTH, "{}", ltr.width);
        let l = layout(&worded(&nodes), &edges).expect("laid out");
        assert_eq!(l.orientation, Orientation::TopToBottom);
        assert!(l.width <= MAX_WIDTH && !l.spread, "{}", l.width);
        let svg = render(&l, &worded(&nodes), &edges, &words());
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
        let svg = svg_of(&nodes, &edges).expect("svg");
        parse(&svg);
        let l = layout(&worded(&nodes), &edges).expect("laid out");
        assert!(l.width <= MAX_WIDTH, "{} wide", l.width);
        assert!(svg.contains(&format!(" width=\"{:.1}\" ", l.width)));
    }
    // The long process runs down the page, narrower than it is tall.
    let (nodes, edges) = process();
    let l = layout(&worded(&nodes), &edges).expect("laid out");
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
    let l = layout(&worded(&nodes), &edges).expect("laid out");
    assert_eq!(l.orientation, Orientation::TopToBottom);
    assert!(l.width <= MAX_WIDTH, "{}", l.width);
    let rows: Vec<usize> = (4..16).map(|k| l.verts[k].rank).collect();
    let mut distinct = rows.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert!(distinct.len() > 1, "recipients on several rows: {rows:?}");
    assert!(l.spread);
    check(&l, &render(&l, &worded(&nodes), &edges, &words()));
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
    let l = layout(&worded(&nodes), &edges).expect("laid out");
    assert_eq!(l.orientation, Orientation::TopToBottom);
    assert!(l.width <= MAX_WIDTH, "{}", l.width);
    check(&l, &render(&l, &worded(&nodes), &edges, &words()));
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
    let l = layout(&worded(&nodes), &edges).expect("laid out");
    assert_eq!(l.orientation, Orientation::TopToBottom);
    let svg = render(&l, &worded(&nodes), &edges, &words());
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
