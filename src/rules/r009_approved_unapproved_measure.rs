//! R009: an approved DPIA relying on a measure that was not approved.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::Status;

rule! {
    /// ## What it checks
    /// An approved DPIA in which a risk relies on a measure recorded as not
    /// approved (`approved: false`). A measure whose approval is not
    /// recorded at all is not reported: many DPIAs record approval once,
    /// for all measures, in the sign-off.
    ///
    /// ## Why it matters
    /// The ICO template's step 6 asks, for each measure, "Measure
    /// approved: Yes/no", and step 7 records who approved the measures.
    /// The residual ratings an approval accepts assume the measures happen;
    /// one that was turned down leaves its risks at a higher level than the
    /// approved DPIA states.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// status: approved
    /// risks: [{id: R1, title: Loss of a laptop, measures: [M1]}]
    /// measures: [{id: M1, description: Encrypt the laptops, approved: false}]
    /// ```
    ///
    /// Passes: the measure is approved (or another measure treats the risk).
    ///
    /// ```yaml
    /// measures: [{id: M1, description: Encrypt the laptops, approved: true}]
    /// ```
    ///
    /// ## References
    /// ICO DPIA template steps 6 and 7; UK GDPR and GDPR Art 35(7)(d).
    pub struct ApprovedUnapprovedMeasure;
    code: "R009",
    name: "approved-dpia-relies-on-unapproved-measure",
    severity: Error,
    reference: "ICO DPIA template steps 6-7; UK GDPR / GDPR Art 35(7)(d)",
}

impl Rule for ApprovedUnapprovedMeasure {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        if a.status != Status::Approved {
            return;
        }
        for (i, m) in a.measures.iter().enumerate() {
            if m.approved != Some(false) {
                continue;
            }
            let relying: Vec<&str> = a
                .risks
                .iter()
                .filter(|r| r.measures.contains(&m.id))
                .map(|r| r.id.as_str())
                .collect();
            if relying.is_empty() {
                continue;
            }
            let d = ctx.finding(
                &Self::META,
                &format!("/measures/{i}/approved"),
                format!(
                    "DPIA `{}` is approved, but measure `{}`, which risk{} `{}` rel{} on, was not approved",
                    a.id,
                    m.id,
                    if relying.len() == 1 { "" } else { "s" },
                    relying.join("`, `"),
                    if relying.len() == 1 { "ies" } else { "y" },
                ),
                "not approved",
            );
            out.push(ctx.also(d, "/status", "approved").with_help(
                "rate those risks without the measure, or approve it, then sign off again",
            ));
        }
    }
}
