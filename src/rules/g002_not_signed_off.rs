//! G002: a DPIA with no sign-off at all.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::Status;

rule! {
    /// ## What it checks
    /// A DPIA (an assessment with risks, measures, necessity or
    /// consultation) whose sign-off page is unfilled: a draft that records
    /// nothing in its `sign_off`, or a DPIA in review or approved whose
    /// `sign_off` has no approval (of the measures, of the residual risks or
    /// by another role) and no DPO advice, whatever else it records (a
    /// reviewer, a review date).
    ///
    /// ## Why it matters
    /// A DPIA is carried out "prior to the processing" (Art 35(1)), with the
    /// advice of the DPO where one is designated (Art 35(2)); the ICO
    /// template's step 7 records who approved the measures and the residual
    /// risks and who keeps the DPIA under review. An assessment that has
    /// reached risks and measures but has no sign-off is unfinished: this
    /// warning keeps it visible in CI until it is signed off. The bundled
    /// Youth Offending Service PIA has an empty sign-off and action plan.
    ///
    /// ## Example
    /// Fails: `status: draft` with risks and no `sign_off`.
    ///
    /// ```yaml
    /// status: draft
    /// risks:
    ///   - {id: R1, title: Unauthorised access, inherent: {likelihood: possible, severity: significant}}
    /// ```
    ///
    /// Passes: the sign-off is started (DPO advice sought, for example).
    ///
    /// ```yaml
    /// sign_off:
    ///   dpo_advice:
    ///     provided_by: {name: A. Maughan, role: Borough Solicitor, date: 2021-03-04}
    ///     summary: I think this is justified.
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 35(1) and 35(2); ICO DPIA template, step 7.
    pub struct NotSignedOff;
    code: "G002",
    name: "not-signed-off",
    severity: Warning,
    reference: "UK GDPR / GDPR Art 35(1), 35(2); ICO DPIA template step 7",
}

impl Rule for NotSignedOff {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        if a.status == Status::Superseded || !ctx.is_dpia() {
            return;
        }
        // A draft may be part-way through its sign-off: only an empty one
        // is flagged. Submitted or approved, the page must hold an approval
        // or the DPO's advice (D002, D004 and G001 name the rest).
        let unfilled = match &a.sign_off {
            None => true,
            Some(s) if a.status == Status::Draft => s.is_empty(),
            Some(s) => s.is_unfilled(),
        };
        if !unfilled {
            return;
        }
        let pointer = if a.sign_off.is_some() {
            "/sign_off"
        } else {
            "/status"
        };
        out.push(
            ctx.finding(
                &Self::META,
                pointer,
                if a.status == Status::Draft {
                    format!(
                        "DPIA `{}` has no sign-off: no approval of measures or residual risks, no DPO advice, no reviewer",
                        a.id
                    )
                } else {
                    format!(
                        "DPIA `{}` is {} but its sign-off records no approval and no DPO advice",
                        a.id,
                        a.status.as_str()
                    )
                },
                format!("status {}, nothing signed off", a.status.as_str()),
            )
            .with_help("record the ICO step 7 sign-off under `sign_off` as it happens"),
        );
    }
}
