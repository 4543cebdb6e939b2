//! `dpia check`: load, validate, score and check assessments; report every
//! problem with its line, and a summary of each assessment's ratings.

use std::io::{IsTerminal, Write};
use std::path::Path;

use serde::Serialize;

use super::{ExitStatus, check_formats, table};
use crate::cli::{CheckArgs, FailOn, Format};
use crate::diagnostic::{Diagnostic, LocatedDiagnostic, Origin, Severity, render_human};
use crate::escape::inline;
use crate::pipeline::{Analysis, Checked, Options, analyse, display_path};
use crate::scoring::{Basis, Score};

/// Runs `dpia check`.
#[must_use]
pub fn run(project: Option<&Path>, args: &CheckArgs) -> ExitStatus {
    let Ok(cwd) = std::env::current_dir() else {
        eprintln!("error: cannot read the current folder");
        return ExitStatus::Error;
    };
    let options = Options {
        as_of: args.as_of.unwrap_or_else(crate::date::today),
        strict: args.strict,
    };
    let analysis = analyse(project, &args.paths, &cwd, options);
    let text = match args.format {
        Format::Human => render_report(&analysis, &cwd, colour_stdout()),
        Format::Concise => render_concise(&analysis, &cwd),
        Format::Json => {
            let mut json =
                serde_json::to_string_pretty(&json_report(&analysis, &cwd)).unwrap_or_default();
            json.push('\n');
            json
        }
        Format::Sarif => check_formats::render_sarif(&analysis),
        Format::Junit => check_formats::render_junit(&analysis, args.fail_on),
        Format::Github => check_formats::render_github(&analysis, &render_summary(&analysis, &cwd)),
    };
    // Every value echoed above is escaped where it is written; this is the
    // last guard before a terminal or a CI log (colour output carries our
    // own escape sequences, so it relies on the first).
    let text = match args.format {
        Format::Json | Format::Sarif => crate::escape::json(&text),
        Format::Human if colour_stdout() => std::borrow::Cow::Borrowed(text.as_str()),
        _ => crate::escape::block(&text),
    };
    let mut out = std::io::stdout().lock();
    if out
        .write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return ExitStatus::Error;
    }
    exit_status(&analysis, args.fail_on)
}

/// Whether standard output takes colour: a terminal, and no `NO_COLOR`.
fn colour_stdout() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// The exit status of a check: 2 for broken input, 1 for findings at or
/// above the fail level, else 0.
#[must_use]
pub fn exit_status(analysis: &Analysis, fail_on: FailOn) -> ExitStatus {
    if analysis.has_input_errors() {
        return ExitStatus::Error;
    }
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
    };
    if analysis.diagnostics.iter().any(|d| d.severity >= threshold) {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
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
    fn findings(self) -> String {
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

    fn input(self) -> String {
        format!(
            "{} input error{}",
            self.input_errors,
            plural(self.input_errors)
        )
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The human report: every diagnostic, then one line per assessment and
/// the totals.
#[must_use]
pub fn render_report(analysis: &Analysis, cwd: &Path, colour: bool) -> String {
    let mut out = render_human(&analysis.diagnostics, &analysis.sources, colour);
    if !analysis.suppressed.is_empty() {
        out.push_str("suppressed by the assessments, each with its reason:\n");
        for s in &analysis.suppressed {
            let located = LocatedDiagnostic::new(&s.diagnostic, &analysis.sources);
            out.push_str(&format!(
                "  {}{}[{}] {}\n    reason: {}\n",
                place(&located),
                s.diagnostic.severity.as_str(),
                s.diagnostic.code,
                inline(&s.diagnostic.message),
                one_line(&s.reason)
            ));
        }
        out.push('\n');
    }
    out + &render_summary(analysis, cwd)
}

/// The concise report: one line per diagnostic, then the summary.
#[must_use]
pub fn render_concise(analysis: &Analysis, cwd: &Path) -> String {
    let mut out = String::new();
    for d in &analysis.diagnostics {
        let located = LocatedDiagnostic::new(d, &analysis.sources);
        out.push_str(&format!(
            "{}{}[{}] {}\n",
            place(&located),
            d.severity.as_str(),
            d.code,
            inline(&d.message)
        ));
    }
    for s in &analysis.suppressed {
        let located = LocatedDiagnostic::new(&s.diagnostic, &analysis.sources);
        out.push_str(&format!(
            "{}suppressed[{}] {} (reason: {})\n",
            place(&located),
            s.diagnostic.code,
            inline(&s.diagnostic.message),
            one_line(&s.reason)
        ));
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out + &render_summary(analysis, cwd)
}

/// `file:line:col: ` of a located diagnostic, as far as it is known.
fn place(located: &LocatedDiagnostic) -> String {
    located
        .place()
        .map_or_else(String::new, |p| format!("{p}: "))
}

/// Text on one line, its runs of white space as one space, control
/// characters escaped.
pub(super) fn one_line(text: &str) -> String {
    inline(&text.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned()
}

/// One line per assessment, then the totals.
fn render_summary(analysis: &Analysis, cwd: &Path) -> String {
    let mut out = String::new();
    // Each file's totals in one pass (a portfolio has thousands of both).
    let mut by_file: std::collections::HashMap<_, Vec<&Diagnostic>> =
        std::collections::HashMap::new();
    for d in &analysis.diagnostics {
        by_file.entry(d.file_id()).or_default().push(d);
    }
    let rows: Vec<Vec<String>> = analysis
        .assessments
        .iter()
        .map(|c| {
            let a = &c.model.assessment;
            let totals = Totals::of(
                by_file
                    .get(&Some(c.model.file))
                    .into_iter()
                    .flatten()
                    .copied(),
            );
            let residual = c
                .scored
                .overall_residual
                .map_or("not rated", |r| c.model.matrix.ratings()[r].label.as_str());
            vec![
                display_path(&c.path, cwd),
                a.status.as_str().to_owned(),
                format!("{} risk{}", a.risks.len(), plural(a.risks.len())),
                format!("residual {residual}"),
                totals.findings(),
            ]
        })
        .collect();
    out.push_str(&table(&rows, ""));
    for (path, why) in &analysis.skipped {
        out.push_str(&format!("skipped {path}: {why}\n"));
    }
    let totals = Totals::of(&analysis.diagnostics);
    let checked = analysis.assessments.len();
    let files = analysis.files;
    let mut summary = if analysis.project.is_none() {
        format!("no file checked: the project has {}", totals.input())
    } else if checked < files {
        format!("{checked} of {files} files checked ({})", totals.input())
    } else if files == 0 && totals.input_errors > 0 {
        format!("no file checked ({})", totals.input())
    } else if totals.input_errors > 0 {
        format!("{files} file{} checked ({})", plural(files), totals.input())
    } else {
        format!("{files} file{} checked", plural(files))
    };
    if !analysis.skipped.is_empty() {
        summary.push_str(&format!(", {} skipped", analysis.skipped.len()));
    }
    let findings = Totals {
        input_errors: 0,
        ..totals
    };
    summary.push_str(&format!("; findings: {}", findings.findings()));
    if !analysis.suppressed.is_empty() {
        summary.push_str(&format!("; {} suppressed", analysis.suppressed.len()));
    }
    if let Some(loosened) = analysis.loosening_summary() {
        summary.push_str(&format!("; {loosened}"));
    }
    summary.push('\n');
    out.push_str(&summary);
    out
}

/// The `--format json` document. Its shape is stable and documented in the
/// README; fields are only ever added.
#[derive(Debug, Serialize)]
pub struct JsonReport {
    /// Version of this shape.
    pub version: u32,
    /// Totals.
    pub summary: JsonSummary,
    /// Each well-formed assessment with its ratings.
    pub assessments: Vec<JsonAssessment>,
    /// Every input error and finding.
    pub diagnostics: Vec<LocatedDiagnostic>,
    /// The findings the assessments suppress, each with its reason (left
    /// out when there are none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suppressed: Vec<JsonSuppressed>,
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
pub fn json_report(analysis: &Analysis, cwd: &Path) -> JsonReport {
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
        assessments: analysis
            .assessments
            .iter()
            .map(|c| {
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
            })
            .collect(),
        diagnostics: analysis
            .diagnostics
            .iter()
            .map(|d| LocatedDiagnostic::new(d, &analysis.sources))
            .collect(),
        suppressed: analysis
            .suppressed
            .iter()
            .map(|s| JsonSuppressed {
                finding: LocatedDiagnostic::new(&s.diagnostic, &analysis.sources),
                reason: s.reason.clone(),
            })
            .collect(),
    }
}
