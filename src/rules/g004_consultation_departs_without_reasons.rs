//! G004: a decision that departs from the consultation's views, unexplained.

use super::{Context, Rule, blank, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// ## What it checks
    /// A sign-off whose `consultation_responses_reviewed_by` records
    /// `departs_from_views: true` and gives no `reasons`.
    ///
    /// ## Why it matters
    /// The ICO template's step 7 asks who reviewed the consultation
    /// responses and says: "If your decision departs from individuals'
    /// views, you must explain your reasons". Art 35(9) asks for the views
    /// to be sought; a decision against them with no reason shows they
    /// were not weighed.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// sign_off:
    ///   consultation_responses_reviewed_by:
    ///     by: {name: Alex Reed}
    ///     departs_from_views: true
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// sign_off:
    ///   consultation_responses_reviewed_by:
    ///     by: {name: Alex Reed}
    ///     departs_from_views: true
    ///     reasons: Residents asked for no cameras at all; the two sites with repeated assaults keep theirs.
    /// ```
    ///
    /// ## References
    /// ICO DPIA template step 7; UK GDPR and GDPR Art 35(9).
    pub struct ConsultationDepartsWithoutReasons;
    code: "G004",
    name: "consultation-departed-from-without-reasons",
    severity: Error,
    reference: "ICO DPIA template step 7; UK GDPR / GDPR Art 35(9)",
}

impl Rule for ConsultationDepartsWithoutReasons {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        let Some(review) = a
            .sign_off
            .as_ref()
            .and_then(|s| s.consultation_responses_reviewed_by.as_ref())
        else {
            return;
        };
        if review.departs_from_views != Some(true) || !blank(review.reasons.as_deref()) {
            return;
        }
        out.push(
            ctx.finding(
                &Self::META,
                "/sign_off/consultation_responses_reviewed_by/departs_from_views",
                format!(
                    "the decision on `{}` departs from the views gathered in consultation and no reasons are given",
                    a.id
                ),
                "departs from the views",
            )
            .with_help("explain why under `sign_off.consultation_responses_reviewed_by.reasons`"),
        );
    }
}
