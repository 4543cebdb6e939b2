//! R006: a risk said to be eliminated that keeps a residual rating.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::Effect;
use crate::scoring::Basis;

rule! {
    /// ## What it checks
    /// A risk whose `effect` is `eliminated` but whose residual rating is
    /// above the lowest rating of the matrix.
    ///
    /// ## Why it matters
    /// The ICO template's step 6 records the effect of the measures on each
    /// risk: eliminated, reduced or accepted. A risk that is eliminated has
    /// no residual risk worth rating; a residual rating above the lowest
    /// level says it was reduced, not eliminated, and the reader cannot tell
    /// which is true.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    ///     effect: eliminated
    ///     residual: {likelihood: possible, severity: significant}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    ///     effect: reduced
    ///     residual: {likelihood: possible, severity: significant}
    /// ```
    ///
    /// ## References
    /// ICO DPIA template step 6; UK GDPR and GDPR Art 35(7)(d).
    pub struct EliminatedWithResidual;
    code: "R006",
    name: "eliminated-with-residual-risk",
    severity: Warning,
    reference: "ICO DPIA template step 6; UK GDPR / GDPR Art 35(7)(d)",
}

impl Rule for EliminatedWithResidual {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for view in ctx.risks() {
            let eliminated = view
                .risk
                .effect
                .as_ref()
                .is_some_and(|e| e.as_slice().contains(&Effect::Eliminated));
            let Some(residual) = view.score.residual else {
                continue;
            };
            if !eliminated || residual.basis == Basis::Inherent || residual.rating == 0 {
                continue;
            }
            let i = view.index;
            let d = ctx.finding(
                &Self::META,
                &format!("/risks/{i}/effect"),
                format!(
                    "risk `{}` is said to be eliminated, but its residual rating is {}",
                    view.risk.id,
                    ctx.rating_label(residual.rating)
                ),
                "eliminated",
            );
            out.push(
                ctx.also(
                    d,
                    &format!("/risks/{i}/residual"),
                    format!("residual {}", ctx.rating_label(residual.rating)),
                )
                .with_help(format!(
                    "set `effect: reduced`, or the residual levels to the lowest ({})",
                    ctx.rating_label(0)
                )),
            );
        }
    }
}
