//! R005: a residual rating above the inherent one.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::scoring::Basis;

rule! {
    /// ## What it checks
    /// A risk whose residual rating (after the measures) is higher than its
    /// inherent rating (before them).
    ///
    /// ## Why it matters
    /// Measures reduce a risk or leave it as it was; a residual rating above
    /// the inherent one means the levels were swapped or mistyped, and the
    /// report's heat maps and the overall rating the DPO signs off are then
    /// wrong.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// risks:
    ///   - id: R1
    ///     title: Records sent to the wrong address
    ///     inherent: {likelihood: possible, severity: minimal}
    ///     residual: {likelihood: probable, severity: significant}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    ///     inherent: {likelihood: probable, severity: significant}
    ///     residual: {likelihood: possible, severity: significant}
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 35(7)(c)-(d); ICO DPIA template steps 5 and 6.
    pub struct ResidualAboveInherent;
    code: "R005",
    name: "residual-above-inherent",
    severity: Error,
    reference: "UK GDPR / GDPR Art 35(7)(c)-(d)",
}

impl Rule for ResidualAboveInherent {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for view in ctx.risks() {
            let (Some(inherent), Some(residual)) = (view.score.inherent, view.score.residual)
            else {
                continue;
            };
            if residual.basis == Basis::Inherent || residual.rating <= inherent.rating {
                continue;
            }
            let i = view.index;
            let d = ctx.finding(
                &Self::META,
                &format!("/risks/{i}/residual"),
                format!(
                    "risk `{}` is rated {} after the measures, higher than {} before them",
                    view.risk.id,
                    ctx.rating_label(residual.rating),
                    ctx.rating_label(inherent.rating)
                ),
                format!("residual {}", ctx.rating_label(residual.rating)),
            );
            out.push(
                ctx.also(
                    d,
                    &format!("/risks/{i}/inherent"),
                    format!("inherent {}", ctx.rating_label(inherent.rating)),
                )
                .with_help("check the levels: measures cannot make a risk worse"),
            );
        }
    }
}
