//! R010: a rating stated, not scored, in an assessment that is not an import.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::scoring::Basis;

rule! {
    /// ## What it checks
    /// A risk whose residual rating is only stated (`residual: {stated:
    /// Low}`), with no likelihood and severity to score it, in an assessment
    /// that is not the import of an existing document (it has no
    /// `source_document`).
    ///
    /// ## Why it matters
    /// A stated rating is how an imported DPIA records what its authors
    /// wrote; dpia keeps it and checks it against the matrix when the
    /// likelihood and severity are given (R003). In an assessment written
    /// here, a rating with nothing behind it is a claim: deleting the
    /// likelihood and severity and writing `stated: Low` would otherwise
    /// lower a high risk below the prior-consultation gate (R001) without
    /// any measure. Art 35(7)(c) asks for an assessment of the risks, and
    /// the ICO template for the likelihood and severity of each.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// risks:
    ///   - id: R1
    ///     title: Misidentification leads to refused entry
    ///     inherent: {likelihood: probable, severity: severe}
    ///     residual: {stated: Low}
    /// ```
    ///
    /// Passes: the residual risk is scored (or the assessment is an import
    /// with `source_document`, whose stated ratings are the document's):
    ///
    /// ```yaml
    ///     residual: {likelihood: remote, severity: significant}
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 35(7)(c), 36(1); ICO DPIA template, steps 5
    /// and 6.
    pub struct ClaimedRating;
    code: "R010",
    name: "claimed-rating",
    severity: Error,
    reference: "UK GDPR / GDPR Art 35(7)(c), 36(1); ICO DPIA template steps 5-6",
}

impl Rule for ClaimedRating {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if ctx.assessment().source_document.is_some() {
            return;
        }
        for view in ctx.risks() {
            let Some(residual) = view.score.residual else {
                continue;
            };
            if residual.basis != Basis::Stated {
                continue;
            }
            let stated = view
                .levels
                .residual
                .stated
                .as_ref()
                .map_or("", |s| s.text.as_str());
            let lowers = view
                .score
                .inherent
                .is_none_or(|inherent| residual.rating < inherent.rating);
            let effect = if lowers {
                format!(
                    "it cannot lower the risk{}",
                    view.score.inherent.map_or_else(String::new, |i| format!(
                        " from {}",
                        ctx.rating_label(i.rating)
                    ))
                )
            } else {
                "it is not scored".to_owned()
            };
            out.push(
                ctx.finding(
                    &Self::META,
                    &format!("/risks/{}/residual", view.index),
                    format!(
                        "risk `{}`: the residual rating `{stated}` is stated, not scored, in an assessment that is not an import: {effect}",
                        view.risk.id
                    ),
                    "no likelihood or severity",
                )
                .with_help(format!(
                    "give `residual: {{likelihood: ..., severity: ...}}` using the levels of the matrix `{}`; a stated rating alone belongs to an import (`source_document`)",
                    ctx.model.matrix.id()
                )),
            );
        }
    }
}
