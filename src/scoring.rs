//! Scoring: each risk's inherent and residual rating from its matrix, and
//! the assessment's overall residual rating. Pure functions over indexes;
//! integer maths only.
//!
//! A rating is computed from likelihood and severity when both are given.
//! When only a stated rating is given (imported DPIAs often record the
//! residual risk as a word), the stated rating is used and marked as such.
//! A risk with no residual assessment keeps its inherent rating as its
//! residual rating: nothing shows that the measures reduced it.

use serde::Serialize;

use crate::model::matrix::RiskMatrix;
use crate::model::resolve::{Levels, Model, Stated};

/// How a rating was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// From likelihood and severity through the matrix.
    Computed,
    /// Taken from the rating the document states.
    Stated,
    /// The residual rating was not assessed: the inherent rating stands.
    Inherent,
}

/// A rating of one risk at one stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    /// Index into the matrix's ratings.
    pub rating: usize,
    /// The score, for banded matrices.
    pub score: Option<u32>,
    /// Likelihood index, when given.
    pub likelihood: Option<usize>,
    /// Severity index, when given.
    pub severity: Option<usize>,
    /// How the rating was obtained.
    pub basis: Basis,
}

/// The ratings of one risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RiskScore {
    /// Before the measures.
    pub inherent: Option<Score>,
    /// After the measures (or the inherent rating, marked, when not assessed).
    pub residual: Option<Score>,
}

/// The ratings of every risk of an assessment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScoredAssessment {
    /// In the order of the assessment's risks.
    pub risks: Vec<RiskScore>,
    /// The highest residual rating, if any risk is rated.
    pub overall_residual: Option<usize>,
}

/// Rates one stage of a risk: computed when likelihood and severity are
/// both given, else the stated rating when it names one.
#[must_use]
pub fn score_levels(matrix: &RiskMatrix, levels: &Levels) -> Option<Score> {
    match (levels.likelihood, levels.severity) {
        (Some(l), Some(s)) => {
            let rated = matrix.rate(l, s);
            Some(Score {
                rating: rated.rating,
                score: rated.score,
                likelihood: Some(l),
                severity: Some(s),
                basis: Basis::Computed,
            })
        }
        _ => levels.stated.as_ref().and_then(|stated| {
            stated.rating.map(|rating| Score {
                rating,
                score: stated.score,
                likelihood: levels.likelihood,
                severity: levels.severity,
                basis: Basis::Stated,
            })
        }),
    }
}

/// Scores every risk of a resolved assessment.
#[must_use]
pub fn score_assessment(model: &Model) -> ScoredAssessment {
    let risks: Vec<RiskScore> = model
        .levels
        .iter()
        .map(|levels| {
            let inherent = score_levels(&model.matrix, &levels.inherent);
            let residual = score_levels(&model.matrix, &levels.residual).or_else(|| {
                inherent.map(|s| Score {
                    basis: Basis::Inherent,
                    ..s
                })
            });
            RiskScore { inherent, residual }
        })
        .collect();
    let overall_residual = risks
        .iter()
        .filter_map(|r| r.residual.map(|s| s.rating))
        .max();
    ScoredAssessment {
        risks,
        overall_residual,
    }
}

/// Whether a rating the document states disagrees with the one the matrix
/// computes: a stated score that is not the computed score, or stated words
/// that name another rating. The one test R003 and the reports share.
#[must_use]
pub fn stated_disagrees(stated: &Stated, computed: Score) -> bool {
    let score_differs =
        stated.score.is_some() && computed.score.is_some() && stated.score != computed.score;
    let level_differs = stated.words.is_some() && stated.rating != Some(computed.rating);
    computed.basis == Basis::Computed && (score_differs || level_differs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::matrix::built_in;
    use crate::model::resolve::read_stated;

    fn ico() -> &'static RiskMatrix {
        built_in().iter().find(|m| m.id() == "ico-3x3").unwrap()
    }

    #[test]
    fn computed_beats_stated() {
        let m = ico();
        let levels = Levels {
            likelihood: Some(1),
            severity: Some(2),
            stated: Some(read_stated("Low", m)),
        };
        let s = score_levels(m, &levels).unwrap();
        assert_eq!(
            (m.ratings()[s.rating].id.as_str(), s.basis),
            ("high", Basis::Computed)
        );
    }

    #[test]
    fn stated_alone_is_used_and_marked() {
        let m = ico();
        let levels = Levels {
            likelihood: None,
            severity: None,
            stated: Some(read_stated("Medium", m)),
        };
        let s = score_levels(m, &levels).unwrap();
        assert_eq!(
            (m.ratings()[s.rating].id.as_str(), s.basis),
            ("medium", Basis::Stated)
        );
    }

    #[test]
    fn half_scored_is_unrated() {
        let levels = Levels {
            likelihood: Some(1),
            severity: None,
            stated: None,
        };
        assert_eq!(score_levels(ico(), &levels), None);
    }
}
