//! The layered layout (steps 1 to 5 of the module documentation): cycles
//! broken, layers, label ranks, crossing reduction, positions, straightened
//! runs, and the attempts tried before one drawing wins.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The attempts: left to right; then top to bottom with the rows filling
/// ever less of the width; then with wide layers spread over several rows.
pub(super) fn attempts() -> Vec<Attempt> {
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

/// The nodes that some flow touches (indices into `nodes`, in input order)
/// and each flow as (edge index, from, to) in indices into those kept nodes;
/// a flow naming an unknown node is left out.
pub(super) fn resolve(
    nodes: &[FlowNode],
    edges: &[FlowEdge],
) -> (Vec<usize>, Vec<(usize, usize, usize)>) {
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
pub(super) fn layout(nodes: &[FlowNode], edges: &[FlowEdge]) -> Option<Layout> {
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
pub(super) fn layout_with(
    nodes: &[FlowNode],
    edges: &[FlowEdge],
    attempt: Attempt,
) -> Option<Layout> {
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
pub(super) fn spread(
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
pub(super) fn chains(
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
pub(super) fn rank_extents(
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
pub(super) fn ports(
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
pub(super) fn size_boxes(
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
pub(super) fn loop_size(nth: usize) -> (f64, f64) {
    (12.0 + 7.0 * count(nth), 18.0 + 9.0 * count(nth))
}

/// Marks the back edges of a depth-first search (from the nodes with no
/// incoming link, then the rest, in input order); also returns the order in
/// which the search met the nodes.
pub(super) fn back_edges(n: usize, links: &[(usize, usize)]) -> (Vec<bool>, Vec<usize>) {
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
pub(super) fn layers(n: usize, dag: &[(usize, usize)]) -> Vec<usize> {
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
pub(super) fn order(
    ranks: &mut [Vec<usize>],
    prev: &[Vec<usize>],
    next: &[Vec<usize>],
    vertices: usize,
) {
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
pub(super) fn centre_fan(
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
pub(super) fn crossings(ranks: &[Vec<usize>], next: &[Vec<usize>], pos: &[f64]) -> usize {
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
pub(super) fn assign_across(
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
pub(super) fn straighten(
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
pub(super) fn gaps(
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
pub(super) fn place(verts: &mut [Vertex], column: &[usize], desired: &[f64]) {
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
pub(super) fn fingerprint(nodes: &[FlowNode], edges: &[FlowEdge]) -> u64 {
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
