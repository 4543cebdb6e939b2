//! The result of `dpia check` as data: the totals of a run or a file, the
//! lowest severity that fails a run, and the `--format json` document.

use std::path::Path;

use serde::{Serialize, Serializer};

use crate::diagnostic::{Diagnostic, LocatedDiagnostic, Origin, Severity};
use crate::pipeline::{Analysis, Checked, display_path};
use crate::rules::Suppressed;
use crate::scoring::{Basis, Score};
use crate::source::Sources;

/// The lowest severity that fails a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Only errors fail the run.
    Error,
    /// Warnings and errors fail the run.
    Warning,
}

impl FailOn {
    /// The severity at and above which a finding fails the run.
    #[must_use]
    pub fn threshold(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
        }
    }
}

/// Counts of input errors and findings, for a run or one file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Input errors (the file is broken; exit code 2).
    pub input_errors: usize,
    /// Rule findings of severity error.
    pub errors: usize,
    /// Rule findings of severity warning.
    pub warnings: usize,
}

impl Totals {
    /// Counts the diagnostics given.
    pub fn of<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Totals {
        let mut totals = Totals::default();
        for d in diagnostics {
            match (d.origin, d.severity) {
                (Origin::Input, _) => totals.input_errors += 1,
                (Origin::Rule, Severity::Error) => totals.errors += 1,
                (Origin::Rule, Severity::Warning) => totals.warnings += 1,
                (Origin::Rule, Severity::Info) => {}
            }
        }
        totals
    }

    /// "2 errors, 1 warning", and the input errors when there are any.
    #[must_use]
    pub fn findings(self) -> String {
        let mut text = format!(
            "{} error{}, {} warning{}",
            self.errors,
            plural(self.errors),
            self.warnings,
            plural(self.warnings)
        );
        if self.input_errors > 0 {
            text.push_str(&format!(", {}", self.input()));
        }
        text
    }

    /// "3 input errors".
    #[must_use]
    pub fn input(self) -> String {
        format!(
            "{} input error{}",
            self.input_errors,
            plural(self.input_errors)
        )
    }
}

/// `s` after a count other than one.
#[must_use]
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The `--format json` document. Its shape is stable and documented in the
/// README; fields are only ever added. Its lists are made an item at a
/// time as they are serialised, so that the document of a run of thousands
/// of files can be written without being held.
#[derive(Serialize)]
pub struct JsonReport<'a> {
    /// Version of this shape.
    pub version: u32,
    /// Totals.
    pub summary: JsonSummary,
    /// Each well-formed assessment with its ratings ([`JsonAssessment`]).
    pub assessments: JsonAssessments<'a>,
    /// Every input error and finding ([`LocatedDiagnostic`]).
    pub diagnostics: JsonDiagnostics<'a>,
    /// The findings the assessments suppress, each with its reason
    /// ([`JsonSuppressed`]; left out when there are none).
    #[serde(skip_serializing_if = "JsonSuppressedList::is_empty")]
    pub suppressed: JsonSuppressedList<'a>,
}

/// The assessments of a run, serialised as [`JsonAssessment`]s.
pub struct JsonAssessments<'a> {
    analysis: &'a Analysis,
    cwd: &'a Path,
}

impl Serialize for JsonAssessments<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.analysis
                .assessments
                .iter()
                .map(|c| json_assessment(self.analysis, c, self.cwd)),
        )
    }
}

/// Diagnostics, serialised as [`LocatedDiagnostic`]s.
pub struct JsonDiagnostics<'a> {
    diagnostics: &'a [Diagnostic],
    sources: &'a Sources,
}

impl Serialize for JsonDiagnostics<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.diagnostics
                .iter()
                .map(|d| LocatedDiagnostic::new(d, self.sources)),
        )
    }
}

/// Suppressed findings, serialised as [`JsonSuppressed`].
pub struct JsonSuppressedList<'a> {
    suppressed: &'a [Suppressed],
    sources: &'a Sources,
}

impl JsonSuppressedList<'_> {
    /// Whether there is none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.suppressed.is_empty()
    }
}

impl Serialize for JsonSuppressedList<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.suppressed.iter().map(|s| JsonSuppressed {
            finding: LocatedDiagnostic::new(&s.diagnostic, self.sources),
            reason: s.reason.clone(),
        }))
    }
}

/// A suppressed finding: the finding, and why it does not apply.
#[derive(Debug, Serialize)]
pub struct JsonSuppressed {
    /// The finding.
    #[serde(flatten)]
    pub finding: LocatedDiagnostic,
    /// The author's reason.
    pub reason: String,
}

/// Totals of a run.
#[derive(Debug, Serialize)]
pub struct JsonSummary {
    /// Assessment files looked at.
    pub files: usize,
    /// Assessments that passed the input checks.
    pub assessments: usize,
    /// Input errors and findings.
    #[serde(flatten)]
    pub totals: Totals,
    /// Findings suppressed by the assessments.
    pub suppressed: usize,
    /// Entries of the searched folders that were not read, with why (left
    /// out when there are none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<JsonSkipped>,
    /// The project file's settings that loosen the gate (G008), e.g.
    /// `R001 off` (left out when there are none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub loosened: Vec<String>,
    /// Whether `--strict` ignored them.
    pub strict: bool,
}

/// A file a folder search passed over.
#[derive(Debug, Serialize)]
pub struct JsonSkipped {
    /// The path, as shown.
    pub file: String,
    /// Why it was not read.
    pub reason: &'static str,
}

/// One assessment in the JSON report.
#[derive(Debug, Serialize)]
pub struct JsonAssessment {
    /// File as shown.
    pub file: String,
    /// Assessment id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Status.
    pub status: &'static str,
    /// Controller organisation id.
    pub controller: Option<String>,
    /// Risk matrix id.
    pub risk_matrix: String,
    /// Highest residual rating.
    pub overall_residual: Option<JsonRating>,
    /// Each risk's ratings.
    pub risks: Vec<JsonRisk>,
}

/// One risk's ratings.
#[derive(Debug, Serialize)]
pub struct JsonRisk {
    /// Risk id.
    pub id: String,
    /// Before the measures.
    pub inherent: Option<JsonRating>,
    /// After the measures.
    pub residual: Option<JsonRating>,
}

/// A rating with how it was obtained.
#[derive(Debug, Serialize)]
pub struct JsonRating {
    /// Rating id in the matrix.
    pub rating: String,
    /// Rating label.
    pub label: String,
    /// Score, for banded matrices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<u32>,
    /// Likelihood level id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<String>,
    /// Severity level id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// `computed`, `stated` or `inherent`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
}

fn json_rating(c: &Checked, score: Option<Score>) -> Option<JsonRating> {
    let m = &c.model.matrix;
    score.map(|s| JsonRating {
        rating: m.ratings()[s.rating].id.clone(),
        label: m.ratings()[s.rating].label.clone(),
        score: s.score,
        likelihood: s.likelihood.map(|l| m.likelihood()[l].id.clone()),
        severity: s.severity.map(|l| m.severity()[l].id.clone()),
        basis: Some(s.basis),
    })
}

/// Builds the JSON report.
#[must_use]
pub fn json_report<'a>(analysis: &'a Analysis, cwd: &'a Path) -> JsonReport<'a> {
    JsonReport {
        version: 1,
        summary: JsonSummary {
            files: analysis.files,
            assessments: analysis.assessments.len(),
            totals: Totals::of(&analysis.diagnostics),
            suppressed: analysis.suppressed.len(),
            skipped: analysis
                .skipped
                .iter()
                .map(|(file, reason)| JsonSkipped {
                    file: file.clone(),
                    reason,
                })
                .collect(),
            loosened: analysis.loosened_summaries(),
            strict: analysis.strict,
        },
        assessments: JsonAssessments { analysis, cwd },
        diagnostics: JsonDiagnostics {
            diagnostics: &analysis.diagnostics,
            sources: &analysis.sources,
        },
        suppressed: JsonSuppressedList {
            suppressed: &analysis.suppressed,
            sources: &analysis.sources,
        },
    }
}

/// One assessment of the JSON report.
fn json_assessment(analysis: &Analysis, c: &Checked, cwd: &Path) -> JsonAssessment {
    let a = &c.model.assessment;
    let m = &c.model.matrix;
    JsonAssessment {
        file: display_path(&c.path, cwd),
        id: a.id.clone(),
        title: a.title.clone(),
        status: a.status.as_str(),
        controller: c.model.controller.and_then(|i| {
            analysis
                .project
                .as_ref()
                .map(|p| p.config.organisations[i].id.clone())
        }),
        risk_matrix: m.id().to_owned(),
        overall_residual: c.scored.overall_residual.map(|r| JsonRating {
            rating: m.ratings()[r].id.clone(),
            label: m.ratings()[r].label.clone(),
            score: None,
            likelihood: None,
            severity: None,
            basis: None,
        }),
        risks: a
            .risks
            .iter()
            .zip(&c.scored.risks)
            .map(|(risk, score)| JsonRisk {
                id: risk.id.clone(),
                inherent: json_rating(c, score.inherent),
                residual: json_rating(c, score.residual),
            })
            .collect(),
    }
}
