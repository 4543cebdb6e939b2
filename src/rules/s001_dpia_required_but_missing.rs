//! S001: the screening says a DPIA is required and the file has none.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::Role;

rule! {
    /// ## What it checks
    /// An activity whose screening makes a DPIA required (the recorded
    /// `screening.decision`, or else the criteria answered under
    /// `screening`) but whose file holds no DPIA content: no risks,
    /// measures, necessity and proportionality, consultation or sign-off.
    /// Activities done as a processor are left out: the DPIA is the
    /// controller's duty.
    ///
    /// ## Why it matters
    /// Where processing is likely to result in a high risk the controller
    /// "shall, prior to the processing, carry out an assessment" (Art
    /// 35(1)). A record of processing alone does not meet that duty. The
    /// ICO's 2020 audit of police and crime commissioners' offices found DPIAs that were needed but never done.
    ///
    /// ## Example
    /// Fails: the criteria indicate a DPIA and there is none.
    ///
    /// ```yaml
    /// screening:
    ///   wp248: {sensitive_data: true, vulnerable_data_subjects: true}
    /// # no risks, measures, necessity, consultation or sign_off
    /// ```
    ///
    /// Passes: the DPIA is started in the same file (`risks:`,
    /// `necessity:` ...), or the screening records `decision: not-required`
    /// with its justification.
    ///
    /// ## References
    /// UK GDPR and GDPR Art 35(1), 35(3); WP248 rev.01; ICO Art 35(4) list.
    pub struct DpiaRequiredButMissing;
    code: "S001",
    name: "dpia-required-but-missing",
    severity: Error,
    reference: "UK GDPR / GDPR Art 35(1), 35(3); WP248 rev.01; ICO Art 35(4) list",
}

impl Rule for DpiaRequiredButMissing {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        if a.role == Role::Processor || a.has_dpia_content() {
            return;
        }
        let outcome = ctx.screening();
        if outcome.required() != Some(true) {
            return;
        }
        let (pointer, label) = if outcome.decision.is_some() {
            ("/screening/decision", "the screening decision".to_owned())
        } else {
            (
                "/screening",
                format!(
                    "the criteria indicate a DPIA: {}",
                    outcome.reasons.join("; ")
                ),
            )
        };
        out.push(
            ctx.finding(
                &Self::META,
                pointer,
                format!(
                    "a DPIA is required for `{}`, but the file holds no DPIA: no risks, measures, necessity, consultation or sign-off",
                    a.id
                ),
                label,
            )
            .with_help("carry out the DPIA in this file (start with `necessity:` and `risks:`), or record `decision: not-required` with the justification and the DPO's view"),
        );
    }
}
