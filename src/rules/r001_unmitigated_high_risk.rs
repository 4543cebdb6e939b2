//! R001: a residual risk that requires prior consultation, with none recorded.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::Known;
use crate::scoring::Basis;

rule! {
    /// ## What it checks
    /// A risk whose residual rating is at a level that requires prior
    /// consultation with the supervisory authority (in the built-in matrices,
    /// High), when `sign_off.prior_consultation` records no consultation.
    /// A risk with no residual assessment keeps its inherent rating, and so
    /// does one whose residual is unknown, not captured from the source or
    /// marked not applicable (`residual: {not: captured}`): a residual no
    /// one can state is not a lower one. A
    /// consultation dated after the as-of date (`--as-of`, default today)
    /// has not happened yet and does not count.
    ///
    /// ## Why it matters
    /// Art 36(1): where a DPIA indicates that the processing would result in a
    /// high risk in the absence of measures to mitigate it, the controller must
    /// consult the supervisory authority before processing. The ICO template's
    /// step 7: "If accepting any residual high risk, consult the ICO before
    /// going ahead". This is the "unmitigated high risk" a CI gate stops on.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// risks:
    ///   - id: R1
    ///     title: Breach of the cloud service
    ///     inherent: {likelihood: probable, severity: severe}
    ///     measures: [M1]
    ///     residual: {likelihood: possible, severity: severe}   # High
    /// ```
    ///
    /// Passes: further measures bring the residual risk down, or the
    /// consultation is recorded:
    ///
    /// ```yaml
    /// sign_off:
    ///   prior_consultation:
    ///     date: 2024-03-01
    ///     reference: ICO case RFA0123456
    ///     outcome: Written advice received; processing may proceed with ...
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 36(1) and 36(2); ICO DPIA template, step 7.
    pub struct UnmitigatedHighRisk;
    code: "R001",
    name: "unmitigated-high-risk",
    severity: Error,
    reference: "UK GDPR / GDPR Art 36(1)",
}

impl Rule for UnmitigatedHighRisk {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let consultation = ctx
            .assessment()
            .sign_off
            .as_ref()
            .and_then(|s| s.prior_consultation.as_ref());
        // A consultation dated in the future has not happened.
        let future = consultation
            .map(|c| c.date)
            .filter(|date| date.first_day() > ctx.as_of.last_day());
        if consultation.is_some() && future.is_none() {
            return;
        }
        let not_required = ctx
            .assessment()
            .sign_off
            .as_ref()
            .is_some_and(|s| s.prior_consultation_not_required.is_some());
        let matrix = &ctx.model.matrix;
        let none = match future {
            Some(date) => format!(
                "the consultation recorded is dated {date}, after {}: it has not happened",
                ctx.as_of
            ),
            None => "none is recorded".to_owned(),
        };
        for view in ctx.risks() {
            let (i, risk) = (view.index, view.risk);
            let Some(residual) = view.score.residual else {
                continue;
            };
            let level = &matrix.ratings()[residual.rating];
            if !level.requires_prior_consultation {
                continue;
            }
            let absent = risk.residual.as_ref().and_then(Known::absence);
            let (pointer, how) = match (residual.basis, absent) {
                // An unknown residual is not a lower one: the gate holds.
                (Basis::Inherent, Some(absence)) => (
                    format!("/risks/{i}/inherent"),
                    format!(
                        "the residual risk is {}, so the inherent rating stands",
                        absence.not.words()
                    ),
                ),
                (Basis::Inherent, None) => (
                    format!("/risks/{i}/inherent"),
                    "no residual rating is recorded, so the inherent rating stands".to_owned(),
                ),
                _ => (
                    format!("/risks/{i}/residual"),
                    "after the measures".to_owned(),
                ),
            };
            let mut d = ctx
                .finding(
                    &Self::META,
                    &pointer,
                    format!(
                        "risk `{}` remains {} ({how}), which requires prior consultation with {} before processing; {none}",
                        risk.id,
                        level.label,
                        ctx.authority()
                    ),
                    format!("residual risk {}", level.label),
                )
                .with_help(format!(
                    "add measures that reduce the residual risk, or consult {} and record it under `sign_off.prior_consultation`",
                    ctx.authority()
                ));
            if future.is_some() {
                d = ctx.also(d, "/sign_off/prior_consultation/date", "not yet");
            }
            // A judgement that consultation is not required does not
            // stand against a high residual risk: Art 36(1) requires it.
            if not_required {
                d = ctx
                    .also(
                        d,
                        "/sign_off/prior_consultation_not_required",
                        "judged not required",
                    )
                    .with_note(
                        "the DPIA judges prior consultation not required, but Art 36(1) requires it while a residual risk is high",
                    );
            }
            out.push(d);
        }
    }
}
