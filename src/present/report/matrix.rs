//! The risk matrix of a report: its levels, its grid, and which risks sit
//! in which cell before and after the measures.

use crate::i18n::Catalogue;
use serde::Serialize;

use super::Md;
use crate::model::matrix::{RiskMatrix, Table};
use crate::pipeline::Checked;
use crate::present::wording::ink;
use crate::scoring::Score;

/// The risk matrix, as the annex prints it.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<Md>,
    /// Source.
    pub source: Option<Md>,
    /// Likelihood levels, lowest first.
    pub likelihood: Vec<LevelView>,
    /// Severity levels, lowest first.
    pub severity: Vec<LevelView>,
    /// Rating levels, lowest first.
    pub ratings: Vec<RatingLevelView>,
    /// Grid rows, highest severity first; cells by likelihood, lowest first.
    pub grid: Vec<GridRow>,
    /// Whether ratings come from a score (likelihood x severity) and bands.
    pub scored: bool,
    /// Unverified values, worded.
    pub unverified: Vec<String>,
}

/// A level of a matrix axis.
#[derive(Debug, Clone, Serialize)]
pub struct LevelView {
    /// Position from 1.
    pub position: usize,
    /// Label.
    pub label: String,
    /// Description.
    pub description: Option<Md>,
}

/// A rating level.
#[derive(Debug, Clone, Serialize)]
pub struct RatingLevelView {
    /// Label.
    pub label: String,
    /// Colour.
    pub colour: String,
    /// Text colour readable on it.
    pub ink: &'static str,
    /// Score bands, worded ("8-12").
    pub bands: Vec<String>,
    /// Needs a measure.
    pub requires_mitigation: bool,
    /// Residual risk needs prior consultation.
    pub requires_prior_consultation: bool,
    /// Description.
    pub description: Option<Md>,
}

/// One row of the matrix grid.
#[derive(Debug, Clone, Serialize)]
pub struct GridRow {
    /// Severity label.
    pub severity: String,
    /// Cells, lowest likelihood first.
    pub cells: Vec<GridCell>,
}

/// One cell of the matrix grid.
#[derive(Debug, Clone, Serialize)]
pub struct GridCell {
    /// Rating label.
    pub label: String,
    /// Score, for banded matrices.
    pub score: Option<u32>,
    /// Colour.
    pub colour: String,
    /// Text colour readable on it.
    pub ink: &'static str,
    /// Not confirmed by a published source.
    pub unverified: bool,
    /// Ids of the risks in this cell before the measures.
    pub inherent: Vec<String>,
    /// Ids of the risks in this cell after the measures.
    pub residual: Vec<String>,
}

/// Risks with a rating but no cell (rated from a stated rating only).
pub(super) fn unplaced(checked: &Checked, residual: bool) -> Vec<String> {
    checked
        .model
        .assessment
        .risks
        .iter()
        .zip(&checked.scored.risks)
        .filter(|(_, score)| {
            let stage = if residual {
                score.residual
            } else {
                score.inherent
            };
            stage.is_some_and(|s| s.likelihood.is_none() || s.severity.is_none())
        })
        .map(|(risk, _)| risk.id.clone())
        .collect()
}

/// Which risks sit in which cell, before and after the measures.
pub(super) fn risks_in_cells(checked: &Checked) -> Vec<(usize, usize, String, bool)> {
    let mut out = Vec::new();
    for (risk, score) in checked
        .model
        .assessment
        .risks
        .iter()
        .zip(&checked.scored.risks)
    {
        for (stage, residual) in [(score.inherent, false), (score.residual, true)] {
            if let Some(Score {
                likelihood: Some(l),
                severity: Some(s),
                ..
            }) = stage
            {
                out.push((l, s, risk.id.clone(), residual));
            }
        }
    }
    out
}

pub(super) fn matrix_view(
    m: &RiskMatrix,
    placed: &[(usize, usize, String, bool)],
    w: &Catalogue,
) -> MatrixView {
    let level = |levels: &[crate::model::matrix::Level]| -> Vec<LevelView> {
        levels
            .iter()
            .enumerate()
            .map(|(i, l)| LevelView {
                position: i + 1,
                label: l.label.clone(),
                description: Md::of(l.description.as_ref()),
            })
            .collect()
    };
    let grid = (0..m.severity().len())
        .rev()
        .map(|s| GridRow {
            severity: m.severity()[s].label.clone(),
            cells: (0..m.likelihood().len())
                .map(|l| {
                    let rated = m.rate(l, s);
                    let level = &m.ratings()[rated.rating];
                    let ids = |residual: bool| {
                        placed
                            .iter()
                            .filter(|(pl, ps, _, r)| *pl == l && *ps == s && *r == residual)
                            .map(|(_, _, id, _)| id.clone())
                            .collect()
                    };
                    GridCell {
                        label: level.label.clone(),
                        score: rated.score,
                        colour: level.colour.clone(),
                        ink: ink(&level.colour),
                        unverified: m.unverified_note(l, s).is_some(),
                        inherent: ids(false),
                        residual: ids(true),
                    }
                })
                .collect(),
        })
        .collect();
    MatrixView {
        id: m.id().to_owned(),
        name: m.def.name.clone(),
        description: Md::of(m.def.description.as_ref()),
        source: Md::of(m.def.source.as_ref()),
        likelihood: level(m.likelihood()),
        severity: level(m.severity()),
        ratings: m
            .ratings()
            .iter()
            .enumerate()
            .map(|(i, r)| RatingLevelView {
                label: r.label.clone(),
                colour: r.colour.clone(),
                ink: ink(&r.colour),
                bands: match &m.table {
                    Table::Bands(bands) => bands
                        .iter()
                        .filter(|b| b.rating == i)
                        .map(|b| format!("{}-{}", b.min, b.max))
                        .collect(),
                    Table::Cells(_) => Vec::new(),
                },
                requires_mitigation: r.requires_mitigation,
                requires_prior_consultation: r.requires_prior_consultation,
                description: Md::of(r.description.as_ref()),
            })
            .collect(),
        grid,
        scored: matches!(m.table, Table::Bands(_)),
        unverified: m
            .def
            .unverified
            .iter()
            .map(|u| {
                format!(
                    "{}: {}",
                    crate::present::wording::unverified_what(u, w),
                    u.note.trim()
                )
            })
            .collect(),
    }
}
