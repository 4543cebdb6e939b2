//! D004: a DPIA with no next review date or no one to review it.

use super::{Context, Rule, join, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::Status;

rule! {
    /// ## What it checks
    /// A DPIA in review or approved with no next review date
    /// (`sign_off.review.next`, or the record's `dates.next_review`), or,
    /// while in review, with no one named to keep it under review
    /// (`sign_off.kept_under_review_by`; G001 reports that for an approved
    /// DPIA).
    ///
    /// ## Why it matters
    /// Art 35(11): "where necessary, the controller shall carry out a
    /// review to assess if processing is performed in accordance with the
    /// data protection impact assessment at least when there is a change
    /// of the risk". The ICO's 2020 audit of police and crime commissioners'
    /// offices found DPIAs never revisited;
    /// a date and an owner are what make the review happen. G006 reports a
    /// review date that has passed.
    ///
    /// ## Example
    /// Fails: approved, no next review date.
    ///
    /// ```yaml
    /// status: approved
    /// sign_off:
    ///   kept_under_review_by: {name: Jo Bloggs, role: Information asset owner}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// status: approved
    /// sign_off:
    ///   kept_under_review_by: {name: Jo Bloggs, role: Information asset owner}
    ///   review: {frequency: yearly, next: 2026-04-01}
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 35(11); ICO DPIA template step 7; WP248 rev.01
    /// section III.D.
    pub struct ReviewNotPlanned;
    code: "D004",
    name: "review-not-planned",
    severity: Warning,
    reference: "UK GDPR / GDPR Art 35(11)",
}

impl Rule for ReviewNotPlanned {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        if !ctx.is_dpia() || !matches!(a.status, Status::InReview | Status::Approved) {
            return;
        }
        let mut missing = Vec::new();
        if ctx.next_review().is_none() {
            missing.push("no next review date (`sign_off.review.next`)");
        }
        let owner = a
            .sign_off
            .as_ref()
            .is_some_and(|s| s.kept_under_review_by.is_some());
        if a.status == Status::InReview && !owner {
            missing.push("no one to keep it under review (`sign_off.kept_under_review_by`)");
        }
        if missing.is_empty() {
            return;
        }
        out.push(
            ctx.finding(
                &Self::META,
                "/status",
                format!("DPIA `{}` has {}", a.id, join(&missing)),
                a.status.as_str(),
            )
            .with_help("set when the DPIA will next be reviewed, and by whom (Art 35(11))"),
        );
    }
}
