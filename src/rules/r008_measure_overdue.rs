//! R008: a measure past its due date and not implemented.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::MeasureStatus;

rule! {
    /// ## What it checks
    /// A measure whose `due` date is before the as-of date (`--as-of`,
    /// default today) and whose `status` is not `implemented`. A superseded
    /// activity, or one whose `dates.end` has passed, is not checked. A
    /// warning; an error when a risk that relies on the measure has a
    /// residual rating below its inherent one: that rating rests on a
    /// measure that is late and not in place.
    ///
    /// ## Why it matters
    /// The residual ratings rest on the measures being in place. A measure
    /// that is late leaves the risk at its inherent level while the DPIA
    /// says otherwise; the ICO's 2020 audit of police and crime commissioners'
    /// offices found no figures to
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
            // Risks whose residual rating is lower than the inherent one
            // and that rely on this measure for it.
            let lowered: Vec<String> = ctx
                .risks()
                .filter(|v| v.risk.measures.contains(&m.id))
                .filter_map(|v| {
                    let (inherent, residual) = (v.score.inherent?, v.score.residual?);
                    (residual.rating < inherent.rating).then(|| {
                        format!(
                            "`{}` ({} from {})",
                            v.risk.id,
                            ctx.rating_label(residual.rating),
                            ctx.rating_label(inherent.rating)
                        )
                    })
                })
                .collect();
            let mut message = format!(
                "measure `{}` was due on {due} and is {status} (as of {})",
                m.id, ctx.as_of
            );
            if !lowered.is_empty() {
                message.push_str(&format!(
                    "; the residual rating of risk{} {} relies on it",
                    if lowered.len() == 1 { "" } else { "s" },
                    super::join(&lowered.iter().map(String::as_str).collect::<Vec<_>>())
                ));
            }
            let mut d = ctx
                .finding(&Self::META, &format!("/measures/{i}/due"), message, "past due")
                .with_help(if lowered.is_empty() {
                    "implement it and set `status: implemented`, or agree a new `due` date with its owner"
                } else {
                    "implement it and set `status: implemented`, or rate the residual risk without it until it is in place"
                });
            if !lowered.is_empty() {
                d.severity = crate::diagnostic::Severity::Error;
            }
            out.push(d);
        }
    }
}
