//! R007: a risk accepted at a level that needs mitigation, with no reason.

use super::{Context, Rule, blank, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::Effect;

rule! {
    /// ## What it checks
    /// A risk whose `effect` includes `accepted` while its residual rating
    /// (or, unrated after the measures, its inherent rating) is at a level
    /// the matrix marks `requires_mitigation`, with no `acceptance` text
    /// saying why it is accepted.
    ///
    /// ## Why it matters
    /// Accepting a risk that needs mitigation is a decision the controller
    /// may take, but it has to be justified and signed off (ICO template
    /// steps 6 and 7: "residual risks approved by", "if accepting any
    /// residual high risk, consult the ICO before going ahead"). Without
    /// the reason a DPO cannot review the decision and a regulator will
    /// read it as no decision at all.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    ///     effect: accepted
    ///     residual: {likelihood: probable, severity: significant}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    ///     effect: accepted
    ///     residual: {likelihood: probable, severity: significant}
    ///     acceptance: The statutory deadline leaves no time for a manual check; the board accepted it on 3 March 2025.
    /// ```
    ///
    /// ## References
    /// ICO DPIA template steps 6 and 7; UK GDPR and GDPR Art 35(7)(d),
    /// 36(1).
    pub struct AcceptedWithoutReason;
    code: "R007",
    name: "accepted-without-reason",
    severity: Error,
    reference: "ICO DPIA template steps 6-7; UK GDPR / GDPR Art 35(7)(d)",
}

impl Rule for AcceptedWithoutReason {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for view in ctx.risks() {
            let accepted = view
                .risk
                .effect
                .as_ref()
                .is_some_and(|e| e.as_slice().contains(&Effect::Accepted));
            if !accepted || !blank(view.risk.acceptance.as_deref()) {
                continue;
            }
            let Some(rated) = view.score.residual.or(view.score.inherent) else {
                continue;
            };
            let level = &ctx.model.matrix.ratings()[rated.rating];
            if !level.requires_mitigation {
                continue;
            }
            out.push(
                ctx.finding(
                    &Self::META,
                    &format!("/risks/{}/effect", view.index),
                    format!(
                        "risk `{}` is accepted at {}, a level that requires mitigation, and no reason is given",
                        view.risk.id, level.label
                    ),
                    format!("accepted at {}", level.label),
                )
                .with_help("say why the risk is accepted, and by whom, under the risk's `acceptance`"),
            );
        }
    }
}
