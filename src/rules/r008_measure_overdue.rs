//! R008: a measure past its due date and not implemented.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::MeasureStatus;

rule! {
    /// ## What it checks
    /// A measure whose `due` date is before the as-of date (`--as-of`,
    /// default today) and whose `status` is not `implemented`. A superseded
    /// activity, or one whose `dates.end` has passed, is not checked.
    ///
    /// ## Why it matters
    /// The residual ratings rest on the measures being in place. A measure
    /// that is late leaves the risk at its inherent level while the DPIA
    /// says otherwise; the ICO's audit (seed 001) found no figures to
    /// follow such actions up.
    ///
    /// ## Example
    /// Fails (checked as of 2026-01-01):
    ///
    /// ```yaml
    /// measures:
    ///   - {id: M1, description: Encrypt the laptops, due: 2025-06-30, status: in-progress}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// measures:
    ///   - {id: M1, description: Encrypt the laptops, due: 2025-06-30, status: implemented}
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 35(7)(d), 35(11), 24(1); ICO DPIA template
    /// step 7 ("integrate actions back into project plan").
    pub struct MeasureOverdue;
    code: "R008",
    name: "measure-overdue",
    severity: Warning,
    reference: "UK GDPR / GDPR Art 35(7)(d), 35(11)",
}

impl Rule for MeasureOverdue {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        if !ctx.is_current() {
            return;
        }
        for (i, m) in a.measures.iter().enumerate() {
            let Some(due) = m.due else { continue };
            if m.status == Some(MeasureStatus::Implemented) || !ctx.is_past(due) {
                continue;
            }
            let status = match m.status {
                Some(MeasureStatus::Planned) => "planned",
                Some(MeasureStatus::InProgress) => "in progress",
                _ => "not recorded as implemented",
            };
            out.push(
                ctx.finding(
                    &Self::META,
                    &format!("/measures/{i}/due"),
                    format!(
                        "measure `{}` was due on {due} and is {status} (as of {})",
                        m.id, ctx.as_of
                    ),
                    "past due",
                )
                .with_help("implement it and set `status: implemented`, or agree a new `due` date with its owner"),
            );
        }
    }
}
