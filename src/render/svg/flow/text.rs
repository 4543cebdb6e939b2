//! Fitting text into the diagram: how box names and arrow labels wrap,
//! which wrapping reads best, and clipping to a few lines.

#[allow(clippy::wildcard_imports)]
use super::*;

/// Characters per line of the boxes of each layer and of the labels of each
/// label rank (by rank): the most for which the row's boxes, or labels, side
/// by side with the arrows passing, fill at most its share of the width (so
/// that short names leave their room to long ones). `node_len` and
/// `label_len` are the lengths of the names and labels, in characters.
pub(super) fn wraps(
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
pub(super) fn label_rank(la: usize, lb: usize, spread_a: bool, spread_b: bool) -> usize {
    let span = lb.saturating_sub(la).max(1);
    if spread_b {
        2 * lb - 1
    } else if spread_a {
        2 * la + 1
    } else {
        2 * la + 1 + 2 * ((span - 1) / 2)
    }
}

/// Cuts wrapped text to [`MAX_TEXT_LINES`], marking the cut.
pub(super) fn clip(lines: &mut Vec<String>) {
    if lines.len() > MAX_TEXT_LINES {
        lines.truncate(MAX_TEXT_LINES);
        if let Some(last) = lines.last_mut() {
            last.push('\u{2026}');
        }
    }
}
