//! R004: a risk without likelihood and severity.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::{Known, NoValue};

rule! {
    /// ## What it checks
    /// A risk whose inherent assessment does not give both a likelihood and a
    /// severity, and a residual assessment that gives one without the other.
    /// An error once the DPIA is in review or approved (an unscored risk
    /// cannot pass a gate), a warning while it is a draft. A residual risk
    /// that is unknown or not captured from the source (`residual: {not:
    /// captured}`) is an open question (information): the inherent rating
    /// stands for it, and R001 judges that.
    ///
    /// ## Why it matters
    /// Art 35(7)(c) requires an assessment of the risks; the ICO asks for the
    /// likelihood and severity of harm for each. Without them no rating can be
    /// computed, no measure can be shown to be needed, and the residual risk
    /// cannot be judged. The bundled Youth Offending Service PIA (a 2018 privacy impact
    /// assessment) lists its
    /// risks with no scores at all.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// risks:
    ///   - id: R1
    ///     title: System data accessed by unauthorised persons
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// risks:
    ///   - id: R1
    ///     title: System data accessed by unauthorised persons
    ///     inherent: {likelihood: possible, severity: significant}
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 35(7)(c); ICO DPIA template, step 5.
    pub struct UnscoredRisk;
    code: "R004",
    name: "unscored-risk",
    severity: Error,
    reference: "UK GDPR / GDPR Art 35(7)(c); ICO DPIA template step 5",
}

impl Rule for UnscoredRisk {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for view in ctx.risks() {
            let (i, risk, levels) = (view.index, view.risk, view.levels);
            let inherent = &levels.inherent;
            let missing = match (inherent.likelihood, inherent.severity) {
                (Some(_), Some(_)) => None,
                (Some(_), None) => Some("a likelihood but no severity"),
                (None, Some(_)) => Some("a severity but no likelihood"),
                (None, None) if inherent.stated.is_some() => {
                    Some("only a stated rating, no likelihood or severity")
                }
                (None, None) => Some("no likelihood or severity"),
            };
            if let Some(missing) = missing {
                let pointer = if risk.inherent.is_some() {
                    format!("/risks/{i}/inherent")
                } else {
                    format!("/risks/{i}/id")
                };
                out.push(
                    ctx.completeness_finding(
                        &Self::META,
                        &pointer,
                        format!("risk `{}` has {missing}: its inherent risk is not scored", risk.id),
                        "not scored",
                    )
                    .with_help(format!(
                        "give `inherent: {{likelihood: ..., severity: ...}}` using the levels of the matrix `{}`",
                        ctx.model.matrix.id()
                    )),
                );
            }
            if let Some(absence) = risk
                .residual
                .as_ref()
                .and_then(Known::absence)
                .filter(|a| a.not != NoValue::NotApplicable)
            {
                out.push(ctx.open_question(
                    &Self::META,
                    &format!("/risks/{i}/residual"),
                    format_args!(
                        "risk `{}`'s residual risk is {}: the inherent rating stands until it is known",
                        risk.id,
                        absence.not.words()
                    ),
                    absence.not.words(),
                ));
            }
            let residual = &levels.residual;
            let half = match (residual.likelihood, residual.severity) {
                (Some(_), None) => Some("a likelihood but no severity"),
                (None, Some(_)) => Some("a severity but no likelihood"),
                _ => None,
            };
            if let Some(half) = half {
                out.push(ctx.completeness_finding(
                    &Self::META,
                    &format!("/risks/{i}/residual"),
                    format!("risk `{}`'s residual assessment has {half}", risk.id),
                    "not scored",
                ));
            }
        }
    }
}
