//! The portfolio dashboard (`out/index.html`): every activity with where its
//! DPIA stands, its residual rating, reviews and actions due, processors
//! without contracts, and the totals a DPO reports on (the figures the
//! ICO's audits ask for and often find missing).

use serde::Serialize;

use super::register::{ReportLinks, dpia_progress};
use super::wording::{ink, iso_date, report_stem};
use crate::date::PartialDate;
use crate::diagnostic::{Origin, Severity};
use crate::model::assessment::{MeasureStatus, Role, Status};
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
    /// What it counts.
    pub label: &'static str,
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
    /// "Controller" or "Processor".
    pub role: &'static str,
    /// The record's status: "Draft", "Approved"...
    pub status: &'static str,
    /// "Yes", "No", "Not screened", "Not applicable".
    pub dpia_required: &'static str,
    /// "Approved", "Not started"...
    pub dpia_status: &'static str,
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
    let activities: Vec<ActivityRow> = analysis
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
            ActivityRow {
                id: a.id.clone(),
                title: a.title.clone(),
                organisation: c
                    .model
                    .controller
                    .and_then(|i| config.organisations.get(i))
                    .map(|o| o.name.clone()),
                role: match a.role {
                    Role::Controller => "Controller",
                    Role::Processor => "Processor",
                },
                status: match a.status {
                    Status::Draft => "Draft",
                    Status::InReview => "In review",
                    Status::Approved => "Approved",
                    Status::Superseded => "Superseded",
                },
                dpia_required: if a.role == Role::Processor {
                    "Not applicable"
                } else {
                    match outcome.required() {
                        Some(true) => "Yes",
                        Some(false) => "No",
                        None => "Not screened",
                    }
                },
                dpia_status: progress,
                dpia_missing: progress == "Not started",
                residual: c.scored.overall_residual.map(|r| {
                    let rating = &c.model.matrix.ratings()[r];
                    Badge {
                        label: rating.label.clone(),
                        colour: rating.colour.clone(),
                        ink: ink(&rating.colour),
                        high: rating.requires_prior_consultation,
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
                errors,
                warnings,
                errors_text: w.count("count.error", errors as u64),
                warnings_text: w.count("count.warning", warnings as u64),
                report: a.has_dpia_content().then(|| ReportLinks {
                    html: format!("{}.html", report_stem(&a.id)),
                    pdf: format!("{}.pdf", report_stem(&a.id)),
                }),
                register_row: format!("{register_file}#{}", a.id),
            }
        })
        .collect();
    let count = |f: &dyn Fn(&ActivityRow) -> bool| activities.iter().filter(|a| f(a)).count();
    let sum = |f: &dyn Fn(&ActivityRow) -> usize| activities.iter().map(f).sum::<usize>();
    let totals = vec![
        Total {
            label: "Processing activities",
            value: activities.len(),
            alert: false,
        },
        Total {
            label: "DPIAs required",
            value: count(&|a| a.dpia_required == "Yes"),
            alert: false,
        },
        Total {
            label: "DPIAs approved",
            value: count(&|a| a.dpia_status == "Approved"),
            alert: false,
        },
        Total {
            label: "Required DPIAs not started",
            value: count(&|a| a.dpia_missing),
            alert: true,
        },
        Total {
            label: "Not screened",
            value: count(&|a| a.dpia_required == "Not screened"),
            alert: true,
        },
        Total {
            label: "High residual risk",
            value: count(&|a| a.residual.as_ref().is_some_and(|r| r.high)),
            alert: true,
        },
        Total {
            label: "Reviews overdue",
            value: count(&|a| a.review_overdue),
            alert: true,
        },
        Total {
            label: "Open actions",
            value: sum(&|a| a.open_actions),
            alert: false,
        },
        Total {
            label: "Overdue actions",
            value: sum(&|a| a.overdue_actions),
            alert: true,
        },
        Total {
            label: "Processors without a contract",
            value: sum(&|a| a.processors_without_contract.len()),
            alert: true,
        },
        Total {
            label: "Processors not checked in twelve months",
            value: processors_not_checked(analysis),
            alert: true,
        },
        Total {
            label: "Records with errors",
            value: count(&|a| a.errors > 0),
            alert: true,
        },
    ];
    Dashboard {
        lang: w.tag().to_owned(),
        t: w.tree(),
        generator: format!("dpia {}", env!("CARGO_PKG_VERSION")),
        title: config
            .name
            .clone()
            .unwrap_or_else(|| "Data protection portfolio".to_owned()),
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
    let mine = analysis.diagnostics.iter().filter(|d| {
        d.origin == Origin::Rule && d.primary().is_some_and(|l| l.file == c.model.file)
    });
    mine.fold((0, 0), |(e, w), d| match d.severity {
        Severity::Error => (e + 1, w),
        Severity::Warning => (e, w + 1),
        Severity::Info => (e, w),
    })
}
