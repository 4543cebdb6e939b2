//! `dpia verify [PATH...]`: each signed approval of each assessment
//! (`<id>.approvals.yaml`, written by `dpia sign`), as the run checked it
//! against the content as it is now and the project's signers: verified,
//! signed for other content (the content changed since), a bad signature,
//! or a signer not allowed for the role; and the roles no one has signed.
//! Exit 0 when every approval in force verifies, 1 when one does not (or
//! an approved assessment lacks a role the project requires), 2 on input
//! errors.

use std::path::Path;

use serde::Serialize;

use super::{ExitStatus, print, print_input_errors, print_json};
use crate::cli::ScreenFormat;
use crate::model::approvals::Status;
use crate::model::assessment::Status as AssessmentStatus;
use crate::pipeline::{Checked, analyse};

/// One approval, checked, as the output shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    /// The sign-off role.
    pub role: String,
    /// Who signed, as recorded.
    pub name: String,
    /// The signer's principal.
    pub principal: String,
    /// When.
    pub date: String,
    /// The digest the approval records.
    pub digest: String,
    /// What checking found.
    pub status: Status,
    /// Why, when it is not verified.
    pub why: Option<String>,
    /// Whether a later approval of the role verifies (this one is history).
    pub superseded: bool,
    /// What changed since the content it approved.
    pub changed: Vec<String>,
}

/// One assessment's approvals.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The assessment's id.
    pub id: String,
    /// Its current digest.
    pub digest: String,
    /// Each approval recorded, checked.
    pub approvals: Vec<Shown>,
    /// The sign-off roles no approval covers.
    pub missing: Vec<String>,
    /// The roles the project requires of an approved assessment that have
    /// no verified approval.
    pub required_unverified: Vec<String>,
}

impl Report {
    fn fails(&self) -> bool {
        !self.required_unverified.is_empty()
            || self
                .approvals
                .iter()
                .any(|a| a.status != Status::Verified && !a.superseded)
    }
}

/// Runs `dpia verify`.
#[must_use]
pub fn run(
    project: Option<&Path>,
    paths: &[std::path::PathBuf],
    format: ScreenFormat,
) -> ExitStatus {
    let Ok(cwd) = std::env::current_dir() else {
        eprintln!("error: cannot read the current folder");
        return ExitStatus::Error;
    };
    let run = analyse(project, paths, &cwd, crate::date::RunDate::decide(None));
    if !print_input_errors(&run).is_empty() {
        return ExitStatus::Error;
    }
    let Some(project) = &run.project else {
        return ExitStatus::Error;
    };
    let reports: Vec<Report> = run.assessments.iter().map(|c| report(c, project)).collect();
    let fails = reports.iter().any(Report::fails);
    let printed = match format {
        ScreenFormat::Human => print(&human(&reports)),
        ScreenFormat::Json => {
            let mut json = serde_json::to_string_pretty(&reports).unwrap_or_default();
            json.push('\n');
            print_json(&json)
        }
    };
    match printed {
        ExitStatus::Success if fails => ExitStatus::Failure,
        other => other,
    }
}

fn report(c: &Checked, project: &crate::model::project::Project) -> Report {
    let a = &c.model.assessment;
    let approvals: Vec<Shown> = c
        .approvals
        .iter()
        .flat_map(|r| &r.approvals)
        .map(|x| Shown {
            role: x.approval.role.clone(),
            name: x.approval.name.clone(),
            principal: x.approval.principal.clone(),
            date: x.approval.date.clone(),
            digest: x.approval.digest.clone(),
            status: x.status,
            why: x.why.clone(),
            superseded: x.superseded,
            changed: x.changed.clone(),
        })
        .collect();
    let missing = project
        .signing
        .role_ids()
        .into_iter()
        .filter(|id| !approvals.iter().any(|x| x.role == *id))
        .map(str::to_owned)
        .collect();
    let required_unverified = if a.status == AssessmentStatus::Approved {
        project
            .config
            .approvals
            .iter()
            .flat_map(|s| &s.required)
            .filter(|role| !c.approvals.as_ref().is_some_and(|r| r.verified(role)))
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    Report {
        id: a.id.clone(),
        digest: c
            .approvals
            .as_ref()
            .map_or_else(|| crate::model::digest::digest(a), |r| r.digest.clone()),
        approvals,
        missing,
        required_unverified,
    }
}

fn human(reports: &[Report]) -> String {
    let e = crate::escape::inline;
    let mut out = String::new();
    for r in reports {
        out.push_str(&format!("{} ({})\n", e(&r.id), r.digest));
        for a in &r.approvals {
            let mut status = a.status.words().to_owned();
            if let Some(why) = &a.why {
                status.push_str(&format!(": {}", e(why)));
            }
            if a.superseded {
                status.push_str(" (superseded: the role was signed again since)");
            }
            out.push_str(&format!(
                "  {}: {status} ({}, {}, {})\n",
                e(&a.role),
                e(&a.name),
                e(&a.principal),
                e(&a.date)
            ));
            for change in &a.changed {
                out.push_str(&format!("      changed since: {}\n", e(change)));
            }
        }
        if !r.missing.is_empty() {
            out.push_str(&format!("  not signed: {}\n", r.missing.join(", ")));
        }
        if !r.required_unverified.is_empty() {
            out.push_str(&format!(
                "  approved, but the project requires a verified approval of: {}\n",
                r.required_unverified.join(", ")
            ));
        }
    }
    out
}
