//! G006: the next review date has passed.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// ## What it checks
    /// An assessment or record still running (not superseded, no
    /// `dates.end` passed) whose next review date
    /// (`sign_off.review.next`, else `dates.next_review`) is before the
    /// as-of date (`--as-of`, default today).
    ///
    /// ## Why it matters
    /// Art 35(11) requires a review "at least when there is a change of the
    /// risk", and Art 24(1) requires measures to be "reviewed and updated
    /// where necessary". The ICO's 2020 audit of police and crime commissioners'
    /// offices found DPIAs and records
    /// never revisited; a review date that passes unnoticed is how that
    /// happens. The dashboard highlights the same dates.
    ///
    /// ## Example
    /// Fails (checked as of 2026-01-01):
    ///
    /// ```yaml
    /// sign_off:
    ///   review: {frequency: yearly, next: 2025-04-01}
    /// ```
    ///
    /// Passes: reviewed, next date moved on.
    ///
    /// ```yaml
    /// dates: {last_reviewed: 2025-04-03}
    /// sign_off:
    ///   review: {frequency: yearly, next: 2026-04-01}
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 35(11), 24(1), 5(2); ICO DPIA template step 7.
    pub struct ReviewOverdue;
    code: "G006",
    name: "review-overdue",
    severity: Warning,
    reference: "UK GDPR / GDPR Art 35(11), 24(1)",
}

impl Rule for ReviewOverdue {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        if !ctx.is_current() {
            return;
        }
        let Some((next, pointer)) = ctx.next_review() else {
            return;
        };
        if !ctx.is_past(next) {
            return;
        }
        let what = if ctx.is_dpia() { "DPIA" } else { "record" };
        out.push(
            ctx.finding(
                &Self::META,
                pointer,
                format!(
                    "the {what} `{}` was due for review on {next} (as of {})",
                    a.id, ctx.as_of
                ),
                "review date passed",
            )
            .with_help("review it, record `dates.last_reviewed`, and set the next review date"),
        );
    }
}
