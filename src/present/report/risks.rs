//! The risk register of a report (ICO steps 5 and 6): each risk with its
//! ratings before and after the measures, and the measures themselves.

use serde::Serialize;

use super::Md;
use crate::i18n::Catalogue;
use crate::model::assessment::{Assessment, Known, RatingInput, Risk};
use crate::model::matrix::RiskMatrix;
use crate::model::resolve::Levels;
use crate::pipeline::Checked;
use crate::present::wording::{absence_line, ink, value};
use crate::scoring::{Basis, Score, stated_disagrees};

/// A rating, ready to print.
#[derive(Debug, Clone, Serialize)]
pub struct RatingView {
    /// Label ("Medium/High").
    pub label: String,
    /// Colour.
    pub colour: String,
    /// Text colour readable on it.
    pub ink: &'static str,
    /// Score.
    pub score: Option<u32>,
    /// Likelihood label.
    pub likelihood: Option<String>,
    /// Severity label.
    pub severity: Option<String>,
    /// "computed", "stated" or "inherent".
    pub basis: &'static str,
    /// The rating as the source document stated it.
    pub stated: Option<String>,
    /// Whether that stated rating disagrees with the computed one (R003):
    /// the risk register says so beside the rating.
    pub disagrees: bool,
    /// Note on the rating (the reasoning for its likelihood and severity).
    pub note: Option<Md>,
    /// For a residual rating that is the inherent one standing: why the
    /// residual is not given, when the author says ("not captured in the
    /// source (page 14 is cut off)"); none when it is simply not assessed.
    pub absence: Option<String>,
}

/// How many risks end at one rating.
#[derive(Debug, Clone, Serialize)]
pub struct RatingCount {
    /// "3 Low": the count and the label.
    pub text: String,
    /// Rating label.
    pub label: String,
    /// Colour.
    pub colour: String,
    /// Text colour readable on it.
    pub ink: &'static str,
    /// Number of risks.
    pub count: usize,
}

/// A risk in the register.
#[derive(Debug, Clone, Serialize)]
pub struct RiskRow {
    /// Id.
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// The heading it is filed under, if the source groups its risks.
    pub group: Option<String>,
    /// Source and nature of the impact.
    pub description: Option<Md>,
    /// Risk to individuals.
    pub impact_on_individuals: Option<Md>,
    /// Compliance risk.
    pub compliance_risk: Option<Md>,
    /// Corporate risk.
    pub corporate_risk: Option<Md>,
    /// Before the measures.
    pub inherent: Option<RatingView>,
    /// Ids of the measures (step 6 lists them in full).
    pub measures: Vec<String>,
    /// Effects, worded.
    pub effect: Option<String>,
    /// After the measures.
    pub residual: Option<RatingView>,
    /// Why the residual is not given, when the author says (the rating
    /// shows it too when the inherent rating stands).
    pub residual_absence: Option<String>,
    /// Why accepted.
    pub acceptance: Option<Md>,
    /// Evaluation.
    pub evaluation: Option<Md>,
    /// Owner.
    pub owner: Option<String>,
    /// Due date.
    pub due: Option<String>,
    /// Note.
    pub note: Option<Md>,
}

/// A measure in the action plan.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureRow {
    /// Id.
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// Description.
    pub description: Md,
    /// Owner.
    pub owner: Option<String>,
    /// Due date.
    pub due: Option<String>,
    /// Status, worded.
    pub status: Option<String>,
    /// "Yes", "No" or none.
    pub approved: Option<String>,
    /// The risks it treats.
    pub risks: Vec<String>,
    /// Note.
    pub note: Option<Md>,
}

/// A rating as the report shows it; `levels` are the resolved levels of
/// the same stage, with the stated rating read against the matrix.
pub(super) fn rating_view(
    matrix: &RiskMatrix,
    score: Option<Score>,
    input: Option<&RatingInput>,
    levels: Option<&Levels>,
) -> Option<RatingView> {
    let score = score?;
    let level = &matrix.ratings()[score.rating];
    Some(RatingView {
        label: level.label.clone(),
        colour: level.colour.clone(),
        ink: ink(&level.colour),
        score: score.score,
        likelihood: score
            .likelihood
            .map(|l| matrix.likelihood()[l].label.clone()),
        severity: score.severity.map(|s| matrix.severity()[s].label.clone()),
        basis: match score.basis {
            Basis::Computed => "computed",
            Basis::Stated => "stated",
            Basis::Inherent => "inherent",
        },
        stated: input.and_then(|i| i.stated.clone()),
        disagrees: levels
            .and_then(|l| l.stated.as_ref())
            .is_some_and(|stated| stated_disagrees(stated, score)),
        note: input.and_then(|i| Md::of(i.note.as_ref())),
        absence: None,
    })
}

/// Each risk with its ratings.
pub(super) fn risk_rows(checked: &Checked, w: &Catalogue) -> Vec<RiskRow> {
    let a = &checked.model.assessment;
    let matrix = &checked.model.matrix;
    let levels = &checked.model.levels;
    a.risks
        .iter()
        .zip(&checked.scored.risks)
        .enumerate()
        .map(|(i, (risk, score))| RiskRow {
            id: risk.id.clone(),
            title: risk.title.clone(),
            group: risk.group.clone(),
            description: Md::of(risk.description.as_ref()),
            impact_on_individuals: Md::of(risk.impact_on_individuals.as_ref()),
            compliance_risk: Md::of(risk.compliance_risk.as_ref()),
            corporate_risk: Md::of(risk.corporate_risk.as_ref()),
            inherent: rating_view(
                matrix,
                score.inherent,
                risk.inherent.as_ref(),
                levels.get(i).map(|l| &l.inherent),
            ),
            measures: risk.measures.clone(),
            effect: risk.effect.as_ref().map(|e| {
                e.as_slice()
                    .iter()
                    .map(|x| value(w, "effect", x.as_str()))
                    .collect::<Vec<_>>()
                    .join(" / ")
            }),
            residual: rating_view(
                matrix,
                score.residual,
                risk.residual.as_ref().and_then(Known::value),
                levels.get(i).map(|l| &l.residual),
            )
            .map(|view| RatingView {
                absence: residual_absence(risk, w),
                ..view
            }),
            residual_absence: residual_absence(risk, w),
            acceptance: Md::of(risk.acceptance.as_ref()),
            evaluation: Md::of(risk.evaluation.as_ref()),
            owner: risk.owner.clone(),
            due: risk.due.map(|d| w.date(d)),
            note: Md::of(risk.note.as_ref()),
        })
        .collect()
}

/// Why a risk's residual is not given, in words, when the author says.
fn residual_absence(risk: &Risk, w: &Catalogue) -> Option<String> {
    risk.residual
        .as_ref()
        .and_then(Known::absence)
        .map(|a| absence_line(a, w))
}

/// The highest residual rating.
pub(super) fn overall_residual(checked: &Checked, matrix: &RiskMatrix) -> Option<RatingView> {
    checked.scored.overall_residual.map(|r| RatingView {
        label: matrix.ratings()[r].label.clone(),
        colour: matrix.ratings()[r].colour.clone(),
        ink: ink(&matrix.ratings()[r].colour),
        score: None,
        likelihood: None,
        severity: None,
        basis: "computed",
        stated: None,
        disagrees: false,
        note: None,
        absence: None,
    })
}

/// How many risks end at each residual rating, highest first.
pub(super) fn residual_counts(checked: &Checked, matrix: &RiskMatrix) -> Vec<RatingCount> {
    (0..matrix.ratings().len())
        .rev()
        .filter_map(|r| {
            let count = checked
                .scored
                .risks
                .iter()
                .filter(|s| s.residual.is_some_and(|x| x.rating == r))
                .count();
            let level = &matrix.ratings()[r];
            (count > 0).then(|| RatingCount {
                text: format!("{count} {}", level.label),
                label: level.label.clone(),
                colour: level.colour.clone(),
                ink: ink(&level.colour),
                count,
            })
        })
        .collect()
}

/// The measures, each with the risks it treats.
pub(super) fn measure_rows(a: &Assessment, w: &Catalogue) -> Vec<MeasureRow> {
    a.measures
        .iter()
        .map(|m| MeasureRow {
            id: m.id.clone(),
            title: m.title.clone(),
            description: Md::new(&m.description),
            owner: m.owner.clone(),
            due: m.due.map(|d| w.date(d)),
            status: m.status.map(|s| {
                w.t(match s {
                    crate::model::assessment::MeasureStatus::Planned => "measure_status.planned",
                    crate::model::assessment::MeasureStatus::InProgress => {
                        "measure_status.in-progress"
                    }
                    crate::model::assessment::MeasureStatus::Implemented => {
                        "measure_status.implemented"
                    }
                })
                .to_owned()
            }),
            approved: m.approved.map(|x| w.yes_no(x).to_owned()),
            risks: a
                .risks
                .iter()
                .filter(|r| r.measures.contains(&m.id))
                .map(|r| r.id.clone())
                .collect(),
            note: Md::of(m.note.as_ref()),
        })
        .collect()
}
