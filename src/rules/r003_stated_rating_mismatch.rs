//! R003: a rating stated in the document that the matrix does not give.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::model::resolve::Levels;
use crate::scoring::{Basis, Score, stated_disagrees};

rule! {
    /// ## What it checks
    /// A risk stage (inherent or residual) that has a likelihood, a severity
    /// and a `stated` rating, where the stated rating disagrees with the one
    /// the risk matrix computes: a different score, or a different level.
    ///
    /// ## Why it matters
    /// Imported DPIAs keep the rating as the source document wrote it. Hand
    /// calculation goes wrong: the Camden caution register DPIA (a bundled
    /// example) states "4 (low)" where its
    /// own bands make 4 Moderate. The computed rating is the one dpia uses;
    /// this warning shows the reviewer where the document is inconsistent.
    ///
    /// ## Example
    /// Fails (with the camden-5x5 matrix, Major x Rare = 4, Moderate):
    ///
    /// ```yaml
    /// residual: {likelihood: rare, severity: major, stated: "4 (low)"}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// residual: {likelihood: rare, severity: major, stated: "4 (moderate)"}
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 35(7)(c) (an assessment of the risks); the
    /// matrix's own definition of its bands.
    pub struct StatedRatingMismatch;
    code: "R003",
    name: "stated-rating-mismatch",
    severity: Warning,
    reference: "UK GDPR / GDPR Art 35(7)(c)",
}

impl Rule for StatedRatingMismatch {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for view in ctx.risks() {
            let (i, risk, score, levels) = (view.index, view.risk, view.score, view.levels);
            for (stage, computed, stated_levels) in [
                ("inherent", score.inherent, &levels.inherent),
                ("residual", score.residual, &levels.residual),
            ] {
                if let Some(d) = mismatch(ctx, i, &risk.id, stage, computed, stated_levels) {
                    out.push(d);
                }
            }
        }
    }
}

fn mismatch(
    ctx: &Context<'_>,
    index: usize,
    id: &str,
    stage: &str,
    computed: Option<Score>,
    levels: &Levels,
) -> Option<Diagnostic> {
    let computed = computed.filter(|c| c.basis == Basis::Computed)?;
    let stated = levels.stated.as_ref()?;
    if !stated_disagrees(stated, computed) {
        return None;
    }
    let matrix = &ctx.model.matrix;
    let label = &matrix.ratings()[computed.rating].label;
    let (l, s) = (computed.likelihood?, computed.severity?);
    let cell = format!(
        "likelihood {} x severity {}",
        matrix.likelihood()[l].label,
        matrix.severity()[s].label
    );
    let computed_text = match computed.score {
        Some(score) => format!("{label} (score {score} = {cell})"),
        None => format!("{label} ({cell})"),
    };
    Some(
        ctx.finding(
            &StatedRatingMismatch::META,
            &format!("/risks/{index}/{stage}/stated"),
            format!(
                "risk `{id}`: the {stage} rating is stated as `{}` but the matrix `{}` gives {computed_text}",
                stated.text,
                matrix.id()
            ),
            format!("computed: {label}"),
        )
        .with_note("dpia uses the computed rating; the stated one is kept as the document wrote it"),
    )
}
