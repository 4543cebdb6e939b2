//! S002: a "not required" screening decision the criteria do not support.

use super::{Context, Rule, blank, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// ## What it checks
    /// A screening that records `decision: not-required` while a WP248
    /// criterion applies (one too few to indicate a DPIA on its own),
    /// without a `justification` and, when the controller has a DPO, the
    /// DPO's view in `dpo_view`. When the criteria do indicate a DPIA, S003
    /// reports the decision instead.
    ///
    /// ## Why it matters
    /// WP248 says that a controller who decides a DPIA is not needed
    /// although a criterion is met should document why, with the DPO's
    /// opinion. The decision is the controller's to take, so this is a
    /// warning, but an undocumented one will not survive an audit.
    ///
    /// ## Example
    /// Fails: one criterion applies and nothing explains the decision.
    ///
    /// ```yaml
    /// screening:
    ///   wp248: {sensitive_data: true, large_scale: false}
    ///   decision: not-required
    /// ```
    ///
    /// Passes: the decision is explained, with the DPO's view.
    ///
    /// ```yaml
    /// screening:
    ///   wp248: {sensitive_data: true, large_scale: false}
    ///   decision: not-required
    ///   justification: Occupational health notes of 12 staff, kept by HR as before.
    ///   dpo_view: Agreed; review if the service is outsourced.
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 35(1); WP248 rev.01, section III.B.a.
    pub struct ScreeningAgainstCriteria;
    code: "S002",
    name: "screening-decision-unexplained",
    severity: Warning,
    reference: "UK GDPR / GDPR Art 35(1); WP248 rev.01",
}

impl Rule for ScreeningAgainstCriteria {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // The DPIA is the controller's duty (Art 35(1)), as in S001.
        if ctx.assessment().role == crate::model::assessment::Role::Processor {
            return;
        }
        let a = ctx.assessment();
        let Some(screening) = &a.screening else {
            return;
        };
        let outcome = ctx.screening();
        let not_required =
            outcome.decision == Some(crate::model::assessment::ScreeningDecision::NotRequired);
        if !not_required || outcome.indicated || outcome.wp248_count == 0 {
            return;
        }
        let dpo = ctx.controller().is_some_and(|c| c.dpo.is_some());
        let mut missing = Vec::new();
        if blank(screening.justification.as_deref()) {
            missing.push("`justification`");
        }
        if dpo && blank(screening.dpo_view.as_deref()) {
            missing.push("`dpo_view`");
        }
        if missing.is_empty() {
            return;
        }
        let why = "a WP248 criterion applies";
        out.push(
            ctx.finding(
                &Self::META,
                "/screening/decision",
                format!(
                    "the screening of `{}` decides no DPIA is needed although {why} ({}), and has no {}",
                    a.id,
                    outcome.reasons.join("; "),
                    missing.join(" or ")
                ),
                "decided against the criteria",
            )
            .with_help("explain the decision under `screening.justification`, with the DPO's view under `screening.dpo_view`"),
        );
    }
}
