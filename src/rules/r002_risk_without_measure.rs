//! R002: a risk at a level that requires mitigation, with no measure.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// ## What it checks
    /// A risk whose inherent rating (or, when it has none, its residual
    /// rating) is at a level the risk matrix marks as requiring mitigation,
    /// but whose `measures` list is empty.
    ///
    /// ## Why it matters
    /// Art 35(7)(d) requires "the measures envisaged to address the risks".
    /// The ICO template's step 6 asks for measures for every risk identified
    /// as medium or high in step 5. A rated risk with no measure is a gap a
    /// reviewer cannot sign off.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// risks:
    ///   - id: R1
    ///     title: Records kept longer than needed
    ///     inherent: {likelihood: possible, severity: significant}   # Medium
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// risks:
    ///   - id: R1
    ///     title: Records kept longer than needed
    ///     inherent: {likelihood: possible, severity: significant}
    ///     measures: [M1]
    /// measures:
    ///   - id: M1
    ///     description: Automatic deletion date set on every case.
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 35(7)(d); ICO DPIA template, step 6.
    pub struct RiskWithoutMeasure;
    code: "R002",
    name: "risk-without-measure",
    severity: Error,
    reference: "UK GDPR / GDPR Art 35(7)(d); ICO DPIA template step 6",
}

impl Rule for RiskWithoutMeasure {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let matrix = &ctx.model.matrix;
        for view in ctx.risks() {
            let (i, risk, score) = (view.index, view.risk, view.score);
            if !risk.measures.is_empty() {
                continue;
            }
            let Some(rated) = score.inherent.or(score.residual) else {
                continue;
            };
            let level = &matrix.ratings()[rated.rating];
            if level.requires_mitigation {
                out.push(
                    ctx.finding(
                        &Self::META,
                        &format!("/risks/{i}/id"),
                        format!(
                            "risk `{}` is rated {} but no measure treats it",
                            risk.id, level.label
                        ),
                        format!("{} risk with no `measures`", level.label),
                    )
                    .with_help(
                        "list the measures that reduce or eliminate it under the risk's `measures`",
                    ),
                );
            }
        }
    }
}
