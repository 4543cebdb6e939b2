//! The risk heat map: the matrix grid with each risk's id placed in the cell
//! of its likelihood and severity, before or after the measures.

use std::fmt::Write as _;

use super::{FONT, escape, text_width, wrap};
use crate::i18n::fill;
use crate::present::report::{HeatmapWords, MatrixView};

const CELL_W: f64 = 104.0;
const CELL_H: f64 = 58.0;
const LABEL_W: f64 = 108.0;
const HEADER_H: f64 = 34.0;
const TITLE_H: f64 = 26.0;
const AXIS: f64 = 18.0;
/// Room for risk ids in a cell: its width less a margin on each side, and
/// its height below the rating caption.
const IDS_W: f64 = CELL_W - 10.0;
const IDS_TOP: f64 = 18.0;
/// Font sizes tried for a cell's ids, largest first; the last is the floor.
const ID_SIZES: [f64; 6] = [13.0, 12.0, 11.0, 10.0, 9.0, 8.0];
/// More ids than a cell can hold at the floor size (single characters
/// and spaces, four lines of a 94 px cell at 8 px).
const MOST_IN_CELL: usize = 48;
/// Line height of the legend under the map.
const LEGEND_LINE: f64 = 14.0;

/// How a cell's ids are drawn: their lines at a font size, and whether the
/// legend under the map lists them in full (the cell could not hold them).
struct CellText {
    size: f64,
    lines: Vec<String>,
    in_legend: bool,
}

/// How many lines of ids a cell holds at `size`.
#[allow(clippy::cast_sign_loss)] // a positive number of lines
fn lines_in_cell(size: f64) -> usize {
    ((CELL_H - IDS_TOP) / (size + 2.0)).floor() as usize
}

/// Lays ids out in lines no wider than the cell at `size`; `None` when an
/// id alone is too wide or the lines do not fit the cell's height.
fn fit_at(ids: &[String], size: f64) -> Option<Vec<String>> {
    let max_lines = lines_in_cell(size);
    let mut lines: Vec<String> = Vec::new();
    for id in ids {
        if text_width(id, size) > IDS_W {
            return None;
        }
        match lines.last_mut() {
            Some(line) if text_width(&format!("{line} {id}"), size) <= IDS_W => {
                line.push(' ');
                line.push_str(id);
            }
            _ => lines.push(id.clone()),
        }
    }
    (lines.len() <= max_lines).then_some(lines)
}

/// The ids of a cell as drawn: at the largest size at which they all fit,
/// else at the floor size as many as fit (a long id cut with "…") then
/// "+N", with the full list in the legend. No text crosses the cell.
fn cell_text(ids: &[String]) -> CellText {
    if let Some((size, lines)) = ID_SIZES
        .iter()
        .find_map(|&size| fit_at(ids, size).map(|lines| (size, lines)))
    {
        return CellText {
            size,
            lines,
            in_legend: false,
        };
    }
    let size = ID_SIZES[ID_SIZES.len() - 1];
    let max_lines = lines_in_cell(size);
    let cut = |id: &str| -> String {
        if text_width(id, size) <= IDS_W {
            return id.to_owned();
        }
        let mut short = String::new();
        for c in id.chars() {
            if text_width(&format!("{short}{c}…"), size) > IDS_W {
                break;
            }
            short.push(c);
        }
        format!("{short}…")
    };
    // Drop ids from the end until what is left, and "+N", fits. At the
    // floor size a cell holds a few dozen ids at most, so the search
    // starts there: a cell of thousands costs no more than one of fifty.
    for shown in (0..=ids.len().min(MOST_IN_CELL)).rev() {
        let mut words: Vec<String> = ids[..shown].iter().map(|id| cut(id)).collect();
        if shown < ids.len() {
            words.push(format!("+{}", ids.len() - shown));
        }
        if let Some(lines) = fit_at(&words, size).filter(|l| l.len() <= max_lines) {
            return CellText {
                size,
                lines,
                in_legend: true,
            };
        }
    }
    CellText {
        size,
        lines: vec![format!("+{}", ids.len())],
        in_legend: true,
    }
}

/// Which risks to place: before or after the measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Inherent ratings.
    Inherent,
    /// Residual ratings.
    Residual,
}

/// The text with its first letter in lower case.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The heat map of a matrix with the risks of one stage, as an SVG document.
#[must_use]
pub fn heatmap_svg(matrix: &MatrixView, stage: Stage, words: &HeatmapWords) -> String {
    let columns = matrix.grid.first().map_or(0, |r| r.cells.len());
    #[allow(clippy::cast_precision_loss)] // a matrix has at most 10 levels
    let (cols, rows) = (columns as f64, matrix.grid.len() as f64);
    let width = AXIS + LABEL_W + cols * CELL_W + 4.0;
    let height = TITLE_H + HEADER_H + rows * CELL_H + AXIS + 4.0;
    let title = match stage {
        Stage::Inherent => words.inherent.as_str(),
        Stage::Residual => words.residual.as_str(),
    };
    let placed: Vec<String> = matrix
        .grid
        .iter()
        .flat_map(|row| row.cells.iter())
        .flat_map(|cell| ids(cell, stage).iter().cloned())
        .collect();
    // Every cell's ids, fitted; those a cell cannot hold in full are
    // listed under the map, so that no risk is lost from it.
    let texts: Vec<Vec<CellText>> = matrix
        .grid
        .iter()
        .map(|row| row.cells.iter().map(|c| cell_text(ids(c, stage))).collect())
        .collect();
    let mut legend: Vec<String> = Vec::new();
    for (r, row) in matrix.grid.iter().enumerate() {
        for (c, cell) in row.cells.iter().enumerate() {
            if texts[r][c].in_legend {
                let likelihood = matrix.likelihood.get(c).map_or("", |l| l.label.as_str());
                let line = fill(
                    &words.legend,
                    &[
                        ("likelihood", &likelihood),
                        ("severity", &row.severity),
                        ("risks", &ids(cell, stage).join(", ")),
                    ],
                );
                #[allow(clippy::cast_sign_loss)] // a positive width
                legend.extend(wrap(&line, (width / 6.5) as usize));
            }
        }
    }
    #[allow(clippy::cast_precision_loss)] // a few lines
    let height =
        height + legend.len() as f64 * LEGEND_LINE + if legend.is_empty() { 0.0 } else { 8.0 };
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:.1} {height:.1}\" width=\"{width:.1}\" height=\"{height:.1}\" role=\"img\" aria-label=\"{}\" font-family=\"{FONT}\">",
        escape(&fill(
            &words.alt,
            &[
                // Only the first letter: German nouns keep their capitals.
                ("stage", &lower_first(title)),
                (
                    "risks",
                    &if placed.is_empty() {
                        words.no_risks.clone()
                    } else {
                        placed.join(", ")
                    },
                ),
            ],
        ))
    );
    let _ = write!(svg, "<title>{}</title>", escape(title));
    let _ = write!(
        svg,
        "<text x=\"0\" y=\"18\" font-size=\"15\" font-weight=\"bold\" fill=\"#1a1a1a\">{}</text>",
        escape(title)
    );
    let grid_x = AXIS + LABEL_W;
    let grid_y = TITLE_H + HEADER_H;
    // Likelihood labels across the top.
    if let Some(first) = matrix.grid.first() {
        for (i, _) in first.cells.iter().enumerate() {
            let label = matrix.likelihood.get(i).map_or("", |l| l.label.as_str());
            #[allow(clippy::cast_precision_loss)]
            let x = grid_x + (i as f64 + 0.5) * CELL_W;
            for (k, line) in wrap(label, 16).iter().take(2).enumerate() {
                #[allow(clippy::cast_precision_loss)]
                let y = TITLE_H + 14.0 + k as f64 * 13.0;
                let _ = write!(
                    svg,
                    "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#1a1a1a\">{}</text>",
                    escape(line)
                );
            }
        }
    }
    // Rows: severity label, then the cells.
    for (r, row) in matrix.grid.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let y = grid_y + r as f64 * CELL_H;
        for (k, line) in wrap(&row.severity, 16).iter().take(3).enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let ly = y + CELL_H / 2.0 + 4.0 + (k as f64 - 0.5) * 13.0;
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{ly:.1}\" font-size=\"12\" text-anchor=\"end\" fill=\"#1a1a1a\">{}</text>",
                grid_x - 6.0,
                escape(line)
            );
        }
        for (c, cell) in row.cells.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let x = grid_x + c as f64 * CELL_W;
            let _ = write!(
                svg,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{CELL_W:.1}\" height=\"{CELL_H:.1}\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"2\"/>",
                escape(&cell.colour)
            );
            let caption = match cell.score {
                Some(score) => format!("{score} {}", cell.label),
                None => cell.label.clone(),
            };
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"{}\">{}{}</text>",
                x + 5.0,
                y + 13.0,
                cell.ink,
                escape(&caption),
                if cell.unverified { "*" } else { "" }
            );
            let text = &texts[r][c];
            for (k, line) in text.lines.iter().enumerate() {
                #[allow(clippy::cast_precision_loss)]
                let ly = y + IDS_TOP + text.size + k as f64 * (text.size + 2.0);
                let _ = write!(
                    svg,
                    "<text x=\"{:.1}\" y=\"{ly:.1}\" font-size=\"{}\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
                    x + CELL_W / 2.0,
                    text.size,
                    cell.ink,
                    escape(line)
                );
            }
        }
    }
    // Axis names.
    let _ = write!(
        svg,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" font-style=\"italic\" text-anchor=\"middle\" fill=\"#444444\">{}</text>",
        grid_x + cols * CELL_W / 2.0,
        grid_y + rows * CELL_H + 15.0,
        escape(&words.likelihood)
    );
    let mid = grid_y + rows * CELL_H / 2.0;
    let _ = write!(
        svg,
        "<text x=\"12\" y=\"{mid:.1}\" font-size=\"12\" font-style=\"italic\" text-anchor=\"middle\" fill=\"#444444\" transform=\"rotate(-90 12 {mid:.1})\">{}</text>",
        escape(&words.severity)
    );
    // The legend: each cell too crowded to hold its ids, in full.
    for (k, line) in legend.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let ly = grid_y + rows * CELL_H + AXIS + 16.0 + k as f64 * LEGEND_LINE;
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{ly:.1}\" font-size=\"11\" fill=\"#1a1a1a\">{}</text>",
            escape(line)
        );
    }
    svg.push_str("</svg>");
    svg
}

fn ids(cell: &crate::present::report::GridCell, stage: Stage) -> &[String] {
    match stage {
        Stage::Inherent => &cell.inherent,
        Stage::Residual => &cell.residual,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> HeatmapWords {
        crate::present::report::FigureWords::english().heatmap
    }
    use crate::present::report::{GridCell, GridRow, LevelView};

    fn cell(label: &str, colour: &str, inherent: &[&str], residual: &[&str]) -> GridCell {
        GridCell {
            label: label.into(),
            score: None,
            colour: colour.into(),
            ink: "#ffffff",
            unverified: false,
            inherent: inherent.iter().map(|s| (*s).to_owned()).collect(),
            residual: residual.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    fn matrix() -> MatrixView {
        let level = |i: usize, label: &str| LevelView {
            position: i,
            label: label.into(),
            description: None,
        };
        MatrixView {
            id: "m".into(),
            name: "M".into(),
            description: None,
            source: None,
            likelihood: vec![level(1, "Remote"), level(2, "Possible <b>")],
            severity: vec![level(1, "Minimal"), level(2, "Severe")],
            ratings: Vec::new(),
            grid: vec![
                GridRow {
                    severity: "Severe".into(),
                    cells: vec![
                        cell("Medium", "#ef8f00", &[], &[]),
                        cell("High", "#c62828", &["R1"], &[]),
                    ],
                },
                GridRow {
                    severity: "Minimal".into(),
                    cells: vec![
                        cell("Low", "#2e7d32", &[], &["R1", "R2"]),
                        cell("Low", "#2e7d32", &["R2"], &[]),
                    ],
                },
            ],
            scored: false,
            unverified: Vec::new(),
        }
    }

    #[test]
    fn places_each_risk_in_its_cell_and_escapes_labels() {
        let svg = heatmap_svg(&matrix(), Stage::Inherent, &english());
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains(">R1</text>") && svg.contains(">R2</text>"));
        assert!(svg.contains("Possible &lt;b&gt;"));
        assert!(!svg.contains("<b>"));
        assert!(
            svg.contains("aria-label=\"Risk heat map, before measures (inherent risk): R1, R2\"")
        );
        let after = heatmap_svg(&matrix(), Stage::Residual, &english());
        assert!(after.contains(">R1 R2</text>"));
    }

    #[test]
    fn a_crowded_cell_loses_no_risk_and_no_text_crosses_its_border() {
        let many: Vec<String> = (1..=33).map(|i| format!("R{i}")).collect();
        let long: Vec<String> = vec![
            "a-risk-identifier-far-too-long-for-any-cell".into(),
            "R13".into(),
        ];
        for ids in [&many, &long] {
            let text = cell_text(ids);
            assert!(text.lines.len() <= lines_in_cell(text.size));
            for line in &text.lines {
                assert!(
                    text_width(line, text.size) <= IDS_W,
                    "{line:?} crosses the cell at {}",
                    text.size
                );
            }
            // What the cell cannot show in full, the legend lists.
            let shown: Vec<&str> = text.lines.iter().flat_map(|l| l.split(' ')).collect();
            assert!(text.in_legend || ids.iter().all(|id| shown.contains(&id.as_str())));
        }
        // Ten thousand ids in one cell are laid out as fast as fifty: the
        // cell shows what fits, the legend the rest.
        let huge: Vec<String> = (1..=10_000).map(|i| format!("R{i}")).collect();
        let text = cell_text(&huge);
        assert!(text.in_legend && text.lines.last().unwrap().contains('+'));
        // A few short ids fit at full size; more shrink before they spill.
        assert!((cell_text(&many[..3]).size - 13.0).abs() < f64::EPSILON);
        assert!(cell_text(&many[..12]).size < 13.0);
        assert!(!cell_text(&many[..12]).in_legend);
        // In the figure: the crowded cell says how many more, and the
        // legend under the map names every id.
        let mut m = matrix();
        m.grid[0].cells[1].inherent = many.clone();
        let svg = heatmap_svg(&m, Stage::Inherent, &english());
        assert!(
            svg.split("</text>").any(|t| t
                .rsplit(['>', ' '])
                .next()
                .is_some_and(|w| w.starts_with('+'))),
            "the cell says how many more"
        );
        let legend = svg
            .split("Possible &lt;b&gt; likelihood, Severe severity: ")
            .nth(1)
            .expect("a legend line for the crowded cell");
        let legend_text: String = legend
            .split("</text>")
            .map(|part| part.rsplit('>').next().unwrap_or_default())
            .collect::<Vec<_>>()
            .join(" ");
        for id in &many {
            assert!(
                legend_text.split([',', ' ']).any(|w| w == id),
                "{id} is lost"
            );
        }
    }
}
