//! The risk heat map: the matrix grid with each risk's id placed in the cell
//! of its likelihood and severity, before or after the measures.

use std::fmt::Write as _;

use super::{FONT, escape, wrap};
use crate::present::report::MatrixView;

const CELL_W: f64 = 104.0;
const CELL_H: f64 = 58.0;
const LABEL_W: f64 = 108.0;
const HEADER_H: f64 = 34.0;
const TITLE_H: f64 = 26.0;
const AXIS: f64 = 18.0;

/// Which risks to place: before or after the measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Inherent ratings.
    Inherent,
    /// Residual ratings.
    Residual,
}

/// The heat map of a matrix with the risks of one stage, as an SVG document.
#[must_use]
pub fn heatmap_svg(matrix: &MatrixView, stage: Stage) -> String {
    let columns = matrix.grid.first().map_or(0, |r| r.cells.len());
    #[allow(clippy::cast_precision_loss)] // a matrix has at most 10 levels
    let (cols, rows) = (columns as f64, matrix.grid.len() as f64);
    let width = AXIS + LABEL_W + cols * CELL_W + 4.0;
    let height = TITLE_H + HEADER_H + rows * CELL_H + AXIS + 4.0;
    let title = match stage {
        Stage::Inherent => "Before measures (inherent risk)",
        Stage::Residual => "After measures (residual risk)",
    };
    let placed: Vec<String> = matrix
        .grid
        .iter()
        .flat_map(|row| row.cells.iter())
        .flat_map(|cell| ids(cell, stage).iter().cloned())
        .collect();
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:.1} {height:.1}\" width=\"{width:.1}\" height=\"{height:.1}\" role=\"img\" aria-label=\"{}\" font-family=\"{FONT}\">",
        escape(&format!(
            "Risk heat map, {}: {}",
            title.to_lowercase(),
            if placed.is_empty() {
                "no rated risks".to_owned()
            } else {
                placed.join(", ")
            }
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
            let text = ids(cell, stage).join(" ");
            for (k, line) in wrap(&text, 14).iter().take(3).enumerate() {
                #[allow(clippy::cast_precision_loss)]
                let ly = y + 31.0 + k as f64 * 13.0;
                let _ = write!(
                    svg,
                    "<text x=\"{:.1}\" y=\"{ly:.1}\" font-size=\"13\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
                    x + CELL_W / 2.0,
                    cell.ink,
                    escape(line)
                );
            }
        }
    }
    // Axis names.
    let _ = write!(
        svg,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" font-style=\"italic\" text-anchor=\"middle\" fill=\"#444444\">Likelihood</text>",
        grid_x + cols * CELL_W / 2.0,
        grid_y + rows * CELL_H + 15.0
    );
    let mid = grid_y + rows * CELL_H / 2.0;
    let _ = write!(
        svg,
        "<text x=\"12\" y=\"{mid:.1}\" font-size=\"12\" font-style=\"italic\" text-anchor=\"middle\" fill=\"#444444\" transform=\"rotate(-90 12 {mid:.1})\">Severity</text>"
    );
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
        let svg = heatmap_svg(&matrix(), Stage::Inherent);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains(">R1</text>") && svg.contains(">R2</text>"));
        assert!(svg.contains("Possible &lt;b&gt;"));
        assert!(!svg.contains("<b>"));
        assert!(
            svg.contains("aria-label=\"Risk heat map, before measures (inherent risk): R1, R2\"")
        );
        let after = heatmap_svg(&matrix(), Stage::Residual);
        assert!(after.contains(">R1 R2</text>"));
    }
}
