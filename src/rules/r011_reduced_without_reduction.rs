//! R011: a risk said to be reduced whose residual rating is no lower.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::Effect;
use crate::scoring::Basis;

rule! {
    /// ## What it checks
    /// A risk whose `effect` is `reduced` while its residual rating is the
    /// same as its inherent rating and neither its likelihood nor its
    /// severity went down (a lower likelihood inside the same rating is a
    /// reduction; at the lowest rating no rating can show one; a residual
    /// above the inherent one is R005's).
    ///
    /// ## Why it matters
    /// The ICO template's step 6 records the effect of the measures on each
    /// risk. "Reduced" with the residual at the level the risk started
    /// from says the measures lowered the risk while the ratings say they
    /// did not: either the measures' effect is smaller than the level steps
    /// of the matrix (say so, and consider whether the risk is accepted),
    /// or the residual likelihood or severity was not re-assessed. A DPO
    /// signing off the residual risks needs to know which.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    ///     inherent: {likelihood: possible, severity: significant}
    ///     effect: reduced
    ///     residual: {likelihood: possible, severity: significant}
    /// ```
    ///
    /// Passes: the residual is re-assessed lower, or the effect says the
    /// risk is accepted:
    ///
    /// ```yaml
    ///     effect: reduced
    ///     residual: {likelihood: remote, severity: significant}
    /// ```
    ///
    /// ## References
    /// ICO DPIA template steps 5 and 6; UK GDPR and GDPR Art 35(7)(c)-(d).
    pub struct ReducedWithoutReduction;
    code: "R011",
    name: "reduced-without-reduction",
    severity: Warning,
    reference: "ICO DPIA template step 6; UK GDPR / GDPR Art 35(7)(d)",
}

impl Rule for ReducedWithoutReduction {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for view in ctx.risks() {
            let reduced = view
                .risk
                .effect
                .as_ref()
                .is_some_and(|e| e.as_slice().contains(&Effect::Reduced));
            let (Some(inherent), Some(residual)) = (view.score.inherent, view.score.residual)
            else {
                continue;
            };
            // Levels that went down are a reduction, even inside one
            // rating (probable to possible, still High).
            let lowered = matches!(
                (inherent.likelihood, residual.likelihood, inherent.severity, residual.severity),
                (Some(il), Some(rl), Some(is), Some(rs)) if rl < il || rs < is
            );
            // At the lowest rating nothing can show a reduction.
            if !reduced
                || residual.basis == Basis::Inherent
                || residual.rating != inherent.rating
                || residual.rating == 0
                || lowered
            {
                continue;
            }
            let i = view.index;
            let label = ctx.rating_label(residual.rating);
            let d = ctx.finding(
                &Self::META,
                &format!("/risks/{i}/effect"),
                format!(
                    "risk `{}` is said to be reduced, but its residual rating is {label}, as before the measures",
                    view.risk.id
                ),
                "reduced",
            );
            out.push(
                ctx.also(d, &format!("/risks/{i}/residual"), format!("residual {label}"))
                    .with_help(
                        "re-assess the residual likelihood and severity, or record the risk as accepted with the reason",
                    ),
            );
        }
    }
}
