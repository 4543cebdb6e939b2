//! G003: the DPO's advice overruled without reasons.

use super::{Context, Rule, blank, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::{AdviceDecision, Known, NoValue};

rule! {
    /// ## What it checks
    /// A sign-off whose `dpo_advice_response.decision` is `overruled` and
    /// which gives no `reasons`. A decision that is unknown or not captured
    /// from the source (`{not: known}`, `{not: captured}`), with no
    /// reasons, is an open question (information); one not applicable
    /// (no advice to accept or overrule) is nothing to report.
    ///
    /// ## Why it matters
    /// The ICO template's step 7 says: "If overruled, you must explain your
    /// reasons". WP248 says the advice, and the decisions taken where it is
    /// not followed, should be documented in the DPIA. An unexplained
    /// overruling is also what the ICO's 2020 audit of police and crime commissioners' offices
    /// reads as a DPO
    /// without the independence Art 38 gives them.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// sign_off:
    ///   dpo_advice_response: {decision: overruled, by: {name: Alex Reed, role: Director}}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// sign_off:
    ///   dpo_advice_response:
    ///     decision: overruled
    ///     by: {name: Alex Reed, role: Director}
    ///     reasons: The statutory deadline cannot be met with a second check; M4 reduces the risk instead.
    /// ```
    ///
    /// ## References
    /// ICO DPIA template step 7; WP248 rev.01 section III.C; UK GDPR and
    /// GDPR Art 35(2), 38(3).
    pub struct DpoOverruledWithoutReasons;
    code: "G003",
    name: "dpo-advice-overruled-without-reasons",
    severity: Error,
    reference: "ICO DPIA template step 7; UK GDPR / GDPR Art 35(2), 38(3)",
}

impl Rule for DpoOverruledWithoutReasons {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        let Some(response) = a
            .sign_off
            .as_ref()
            .and_then(|s| s.dpo_advice_response.as_ref())
        else {
            return;
        };
        if !blank(response.reasons.as_deref()) {
            return;
        }
        match &response.decision {
            Known::Is(AdviceDecision::Overruled) => {}
            Known::Not(absence) if absence.not != NoValue::NotApplicable => {
                out.push(ctx.open_question(
                    &Self::META,
                    "/sign_off/dpo_advice_response/decision",
                    format_args!(
                        "whether the DPO's advice on `{}` was accepted or overruled is {}; if it was overruled, the reasons are needed",
                        a.id,
                        absence.not.words()
                    ),
                    absence.not.words(),
                ));
                return;
            }
            _ => return,
        }
        out.push(
            ctx.finding(
                &Self::META,
                "/sign_off/dpo_advice_response/decision",
                format!(
                    "the DPO's advice on `{}` is overruled and no reasons are given",
                    a.id
                ),
                "overruled",
            )
            .with_help("explain why under `sign_off.dpo_advice_response.reasons`"),
        );
    }
}
