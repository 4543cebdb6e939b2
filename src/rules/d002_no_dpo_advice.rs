//! D002: a DPIA submitted for review without the DPO's advice.

use super::{Context, Rule, blank, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::Status;

rule! {
    /// ## What it checks
    /// A DPIA in review (`status: in-review`) whose controller has a DPO
    /// (in the project file) and which records no DPO advice
    /// (`sign_off.dpo_advice` with `provided_by` and a `summary`). An
    /// approved DPIA without it is reported by G001, as an error; in review
    /// it is a warning, as the DPIA may be in review to get the advice.
    ///
    /// ## Why it matters
    /// Art 35(2): the controller "shall seek the advice of the data
    /// protection officer" when carrying out a DPIA. The advice is what
    /// the decision-makers approve against; it belongs in the document
    /// before it goes for approval (ICO template step 7).
    ///
    /// ## Example
    /// Fails: in review, no advice.
    ///
    /// ```yaml
    /// status: in-review
    /// risks: [{id: R1, title: Over-collection}]
    /// ```
    ///
    /// Passes: the advice is recorded.
    ///
    /// ```yaml
    /// status: in-review
    /// risks: [{id: R1, title: Over-collection}]
    /// sign_off:
    ///   dpo_advice:
    ///     provided_by: {name: Sam Patel, role: DPO, date: 2025-03-01}
    ///     summary: Proceed once M2 is in place.
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 35(2), 39(1)(c); ICO DPIA template step 7.
    pub struct NoDpoAdvice;
    code: "D002",
    name: "no-dpo-advice",
    severity: Warning,
    reference: "UK GDPR / GDPR Art 35(2), 39(1)(c)",
}

impl Rule for NoDpoAdvice {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        let Some(dpo) = ctx.controller().and_then(|c| c.dpo.as_ref()) else {
            return;
        };
        if !ctx.is_dpia() || a.status != Status::InReview {
            return;
        }
        let advice = a.sign_off.as_ref().and_then(|s| s.dpo_advice.as_ref());
        let given = advice.is_some_and(|d| {
            d.as_slice().iter().any(|d| {
                d.provided_by
                    .as_ref()
                    .is_some_and(|by| !by.is_not_applicable())
                    && !blank(d.summary.as_deref())
            })
        });
        if given {
            return;
        }
        let pointer = if advice.is_some() {
            "/sign_off/dpo_advice"
        } else {
            "/status"
        };
        out.push(
            ctx.finding(
                &Self::META,
                pointer,
                format!(
                    "DPIA `{}` is in review but records no advice from the DPO ({})",
                    a.id, dpo.name
                ),
                if advice.is_some() {
                    "advice without its author or summary"
                } else {
                    "in review"
                },
            )
            .with_help(
                "record the DPO's advice under `sign_off.dpo_advice` (`provided_by`, `summary`)",
            ),
        );
    }
}
