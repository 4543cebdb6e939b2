//! The portfolio dashboard (`out/index.html`): every activity with where its
//! DPIA stands, its residual rating, reviews and actions due, processors
//! without contracts, and the totals a DPO reports on (the figures the
//! ICO's audits ask for and often find missing).

use serde::Serialize;

use super::register::{ReportLinks, dpia_progress};
use super::wording::{ink, iso_date, report_stem};
use crate::date::PartialDate;
use crate::diagnostic::{Origin, Severity};
use crate::model::assessment::{MeasureStatus, Role};
use crate::pipeline::{Analysis, Checked};
use crate::screening;

/// The dashboard, ready for its template.
#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    /// The language tag (`en-GB`): the HTML `lang`.
    pub lang: String,
    /// The catalogue of the project's language, as a tree.
    pub t: serde_json::Value,
    /// "dpia 0.1.0".
    pub generator: String,
    /// The portfolio's name.
    pub title: String,
    /// The date overdue things are counted against, `YYYY-MM-DD`.
    pub as_of: String,
    /// The same, worded.
    pub as_of_label: String,
    /// The figures at the top.
    pub totals: Vec<Total>,
    /// One row per activity.
    pub activities: Vec<ActivityRow>,
    /// The project file's settings that loosen the checks (G008).
    pub loosened: Vec<String>,
    /// Whether the build ignored them (`--strict`).
    pub strict: bool,
}

/// One figure.
#[derive(Debug, Clone, Serialize)]
pub struct Total {
    /// What it counts, worded.
    pub label: String,
    /// How many.
    pub value: usize,
    /// Whether a non-zero value needs attention.
    pub alert: bool,
}

/// One activity.
#[derive(Debug, Clone, Serialize)]
pub struct ActivityRow {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The organisation's name.
    pub organisation: Option<String>,
    /// "Controller" or "Processor", worded.
    pub role: String,
    /// The record's status: "Draft", "Approved"..., worded.
    pub status: String,
    /// "Yes", "No", "Not screened", "Not applicable", worded.
    pub dpia_required: String,
    /// "Approved", "Not started"..., worded.
    pub dpia_status: String,
    /// Whether the DPIA is required and not started.
    pub dpia_missing: bool,
    /// The overall residual rating.
    pub residual: Option<Badge>,
    /// The next review, worded.
    pub next_review: Option<String>,
    /// Whether it is past.
    pub review_overdue: bool,
    /// Measures not implemented.
    pub open_actions: usize,
    /// Of those, past their due date.
    pub overdue_actions: usize,
    /// Processors and sub-processors without a contract, by name.
    pub processors_without_contract: Vec<String>,
    /// Signed approvals in force that the content has changed since
    /// (G009): void.
    pub void_approvals: usize,
    /// Errors found by `dpia check`.
    pub errors: usize,
    /// "2 errors", worded.
    pub errors_text: String,
    /// Warnings found by `dpia check`.
    pub warnings: usize,
    /// "1 warning", worded.
    pub warnings_text: String,
    /// The DPIA report, when there is one.
    pub report: Option<ReportLinks>,
    /// The activity's row in the HTML register.
    pub register_row: String,
    /// Where its findings are listed: its report's annex A, when it has a
    /// report.
    pub findings_link: Option<String>,
    /// The next review date as `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`), by
    /// which the table sorts.
    pub next_review_sort: Option<String>,
}

/// A rating with its matrix colour.
#[derive(Debug, Clone, Serialize)]
pub struct Badge {
    /// Its label.
    pub label: String,
    /// Background colour.
    pub colour: String,
    /// Text colour readable on it.
    pub ink: &'static str,
    /// Whether it requires prior consultation (Art 36).
    pub high: bool,
    /// Its place among the matrix's ratings, lowest 0, by which the table
    /// sorts.
    pub rank: usize,
}

/// Builds the dashboard of an analysis, counting what is overdue on the
/// day the run judged against.
#[must_use]
pub fn build_dashboard(analysis: &Analysis, register_file: &str) -> Dashboard {
    let w = &analysis.project.as_ref().map_or_else(
        || crate::i18n::Catalogues::default().reference(),
        crate::model::project::Project::catalogue,
    );
    let as_of = analysis.date.as_of;
    let project = analysis.project.as_ref();
    let config = project.map(|p| p.config.clone()).unwrap_or_default();
    let policy = config.screening_policy();
    let today = as_of.first_day();
    let past = |d: PartialDate| d.last_day() < today;
    // Each row with whether a DPIA is required and how far it is, as ids
    // (`yes`, `not-screened`; `approved`, `not-started`) for the totals.
    let rows: Vec<(ActivityRow, &'static str, &'static str)> = analysis
        .assessments
        .iter()
        .map(|c| {
            let a = &c.model.assessment;
            let outcome = screening::screen(a, &policy);
            let progress = dpia_progress(a, &outcome);
            let next_review = a.next_review().map(|(date, _)| date);
            let open: Vec<_> = a
                .measures
                .iter()
                .filter(|m| m.status != Some(MeasureStatus::Implemented))
                .collect();
            let (errors, warnings) = findings(analysis, c);
            let required = if a.role == Role::Processor {
                "not-applicable"
            } else {
                match outcome.required() {
                    Some(true) => "yes",
                    Some(false) => "no",
                    None => "not-screened",
                }
            };
            let row = ActivityRow {
                id: a.id.clone(),
                title: a.title.clone(),
                organisation: c
                    .model
                    .controller
                    .and_then(|i| config.organisations.get(i))
                    .map(|o| o.name.clone()),
                role: w
                    .t(match a.role {
                        Role::Controller => "portfolio.controller",
                        Role::Processor => "portfolio.processor",
                    })
                    .to_owned(),
                status: w.t(&format!("status.{}", a.status.as_str())).to_owned(),
                dpia_required: w.t(&format!("portfolio.required.{required}")).to_owned(),
                dpia_status: w.t(&format!("progress.{progress}")).to_owned(),
                dpia_missing: progress == "not-started",
                residual: c.scored.overall_residual.map(|r| {
                    let rating = &c.model.matrix.ratings()[r];
                    Badge {
                        label: rating.label.clone(),
                        colour: rating.colour.clone(),
                        ink: ink(&rating.colour),
                        high: rating.requires_prior_consultation,
                        rank: r,
                    }
                }),
                next_review: next_review.map(|d| w.date(d)),
                review_overdue: next_review.is_some_and(past),
                open_actions: open.len(),
                overdue_actions: open.iter().filter(|m| m.due.is_some_and(past)).count(),
                processors_without_contract: a
                    .recipients
                    .iter()
                    .filter(|r| r.lacks_contract())
                    .map(|r| r.name.clone())
                    .collect(),
                void_approvals: c.approvals.as_ref().map_or(0, |r| {
                    r.approvals
                        .iter()
                        .filter(|x| {
                            x.status == crate::model::approvals::Status::OtherContent
                                && !x.superseded
                        })
                        .count()
                }),
                errors,
                warnings,
                errors_text: w.count("count.error", errors as u64),
                warnings_text: w.count("count.warning", warnings as u64),
                report: a.has_dpia_content().then(|| ReportLinks {
                    html: format!("{}.html", report_stem(&a.id)),
                    pdf: format!("{}.pdf", report_stem(&a.id)),
                }),
                register_row: format!("{register_file}#{}", a.id),
                findings_link: a
                    .has_dpia_content()
                    .then(|| format!("{}.html#annex-findings", report_stem(&a.id))),
                next_review_sort: next_review.map(|d| d.to_string()),
            };
            (row, required, progress)
        })
        .collect();
    let count_ids =
        |f: &dyn Fn(&str, &str) -> bool| rows.iter().filter(|(_, r, p)| f(r, p)).count();
    let required = count_ids(&|r, _| r == "yes");
    let approved = count_ids(&|_, p| p == "approved");
    let not_screened = count_ids(&|r, _| r == "not-screened");
    let activities: Vec<ActivityRow> = rows.into_iter().map(|(row, _, _)| row).collect();
    let count = |f: &dyn Fn(&ActivityRow) -> bool| activities.iter().filter(|a| f(a)).count();
    let sum = |f: &dyn Fn(&ActivityRow) -> usize| activities.iter().map(f).sum::<usize>();
    let total = |key: &str, value: usize, alert: bool| Total {
        label: w.t(&format!("portfolio.total.{key}")).to_owned(),
        value,
        alert,
    };
    let totals = vec![
        total("activities", activities.len(), false),
        total("required", required, false),
        total("approved", approved, false),
        total("not_started", count(&|a| a.dpia_missing), true),
        total("not_screened", not_screened, true),
        total(
            "high_residual",
            count(&|a| a.residual.as_ref().is_some_and(|r| r.high)),
            true,
        ),
        total("reviews_overdue", count(&|a| a.review_overdue), true),
        total("open_actions", sum(&|a| a.open_actions), false),
        total("overdue_actions", sum(&|a| a.overdue_actions), true),
        total(
            "without_contract",
            sum(&|a| a.processors_without_contract.len()),
            true,
        ),
        total("not_checked", processors_not_checked(analysis), true),
        total("void_approvals", sum(&|a| a.void_approvals), true),
        total("with_errors", count(&|a| a.errors > 0), true),
    ];

    Dashboard {
        lang: w.tag().to_owned(),
        t: w.tree(),
        generator: format!("dpia {}", env!("CARGO_PKG_VERSION")),
        title: config
            .name
            .clone()
            .unwrap_or_else(|| w.t("portfolio.default_title").to_owned()),
        as_of: iso_date(as_of),
        as_of_label: w.date(as_of),
        loosened: analysis.loosened_summaries(),
        strict: analysis.strict,
        totals,
        activities,
    }
}

/// The processors with no compliance check in the twelve months before
/// the as-of date: C004's findings, one per processor of each activity (its
/// notes are kept for the record of processing and counted here, not listed
/// in the DPIA reports).
fn processors_not_checked(analysis: &Analysis) -> usize {
    analysis
        .diagnostics
        .iter()
        .filter(|d| {
            d.origin == Origin::Rule && d.code == crate::rules::ProcessorNotChecked::META.code
        })
        .count()
}

/// The errors and warnings `dpia check` finds in an activity's file.
fn findings(analysis: &Analysis, c: &Checked) -> (usize, usize) {
    let mine = crate::diagnostic::of_file(&analysis.diagnostics, c.model.file)
        .iter()
        .filter(|d| d.origin == Origin::Rule && d.primary().is_some());
    mine.fold((0, 0), |(e, w), d| match d.severity {
        Severity::Error => (e + 1, w),
        Severity::Warning => (e, w + 1),
        Severity::Info => (e, w),
    })
}
