//! S003: a "not required" screening decision the criteria contradict.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// ## What it checks
    /// A screening that records `decision: not-required` while the criteria
    /// it ticks require a DPIA: an Art 35(3) case; an ICO list type that
    /// needs no other criterion; an ICO type that needs one more WP248
    /// criterion, with one; or WP248 criteria up to the project's threshold
    /// (two by default, `screening.wp248_threshold`).
    ///
    /// ## Why it matters
    /// Art 35(1) and (3) make the DPIA mandatory where processing is likely
    /// to result in a high risk, and the ICO's Art 35(4) list and WP248 say
    /// when that is so. A decision against the ticked criteria is a missing
    /// DPIA waiting to be found (the ICO's 2020 audit of police and crime commissioners' offices
    /// found no process
    /// to decide when a DPIA is needed). Where the decision is right for a
    /// reason the criteria cannot see (Art 35(1) last sentence: one DPIA for
    /// a set of similar operations; Art 35(10)), suppress this rule for the
    /// file with that reason.
    ///
    /// Which ICO types need a WP248 criterion as well, and the threshold,
    /// are project settings: the reference marks some of them unverified.
    ///
    /// ## Example
    /// Fails: two WP248 criteria apply.
    ///
    /// ```yaml
    /// screening:
    ///   wp248: {sensitive_data: true, large_scale: true}
    ///   decision: not-required
    /// ```
    ///
    /// Passes: the decision follows the criteria.
    ///
    /// ```yaml
    /// screening:
    ///   wp248: {sensitive_data: true, large_scale: true}
    ///   decision: required
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 35(1), 35(3), 35(4); WP248 rev.01, section
    /// III.B.a; ICO, "Examples of processing likely to result in high risk".
    pub struct ScreeningDecisionDisagrees;
    code: "S003",
    name: "screening-decision-contradicts-criteria",
    severity: Error,
    reference: "UK GDPR / GDPR Art 35(1), 35(3), 35(4); WP248 rev.01; ICO Art 35(4) list",
}

impl Rule for ScreeningDecisionDisagrees {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // The DPIA is the controller's duty (Art 35(1)), as in S001.
        if ctx.assessment().role == crate::model::assessment::Role::Processor {
            return;
        }
        let outcome = ctx.screening();
        if !outcome.contradicted() {
            return;
        }
        out.push(
            ctx.finding(
                &Self::META,
                "/screening/decision",
                format!(
                    "the screening of `{}` decides no DPIA is needed, but the criteria it ticks require one: {}",
                    ctx.assessment().id,
                    outcome.reasons.join("; ")
                ),
                "contradicts the criteria",
            )
            .with_help("set `decision: required` and carry out the DPIA; or, if the criteria are ticked wrongly, correct them; or suppress S003 for this file with the reason the law allows"),
        );
    }
}
