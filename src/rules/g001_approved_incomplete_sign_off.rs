//! G001: an approved DPIA whose sign-off is incomplete.

use super::{Context, Rule, join, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::{OneOrMany, SignOff, Status};

rule! {
    /// ## What it checks
    /// An assessment with `status: approved` that is a DPIA (it has risks,
    /// measures, necessity, consultation or sign-off) but whose `sign_off` lacks one
    /// of: `measures_approved_by`, `residual_risks_approved_by`,
    /// `kept_under_review_by`, and, when the controller has a DPO (in the
    /// project file), `dpo_advice` with who provided it and its summary
    /// (each advice, when several DPOs advise).
    ///
    /// ## Why it matters
    /// Art 35(2): the controller must seek the advice of the DPO, where one is
    /// designated, when carrying out a DPIA. The ICO template's step 7 records
    /// who approved the measures and the residual risks, the DPO's advice, and
    /// who keeps the DPIA under review (Art 35(11) requires a review where
    /// necessary, at least when the risk changes). An assessment marked
    /// approved without them cannot show who accepted the risks.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// status: approved
    /// sign_off:
    ///   measures_approved_by: {name: N. Hewison, role: Chief Executive}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// status: approved
    /// sign_off:
    ///   measures_approved_by: {name: N. Hewison, role: Chief Executive}
    ///   residual_risks_approved_by: {name: N. Hewison, role: Chief Executive}
    ///   dpo_advice:
    ///     provided_by: {name: Warwickshire Legal Services}
    ///     summary: The residual risks are not high; processing can proceed.
    ///   kept_under_review_by: {name: D. Mullis, role: GDPR Lead}
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 35(2) and 35(11); ICO DPIA template, step 7.
    pub struct ApprovedIncompleteSignOff;
    code: "G001",
    name: "approved-with-incomplete-sign-off",
    severity: Error,
    reference: "UK GDPR / GDPR Art 35(2), 35(11); ICO DPIA template step 7",
}

impl Rule for ApprovedIncompleteSignOff {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        if a.status != Status::Approved || !ctx.is_dpia() {
            return;
        }
        let empty = SignOff::default();
        let sign_off = a.sign_off.as_ref().unwrap_or(&empty);
        let mut missing: Vec<String> = Vec::new();
        if sign_off.measures_approved_by.is_none() {
            missing.push("`measures_approved_by`".into());
        }
        if sign_off.residual_risks_approved_by.is_none() {
            missing.push("`residual_risks_approved_by`".into());
        }
        if ctx.controller().is_some_and(|c| c.dpo.is_some()) {
            match &sign_off.dpo_advice {
                None => missing.extend([
                    "`dpo_advice.provided_by`".into(),
                    "`dpo_advice.summary`".into(),
                ]),
                // Each advice (one per DPO, when several advise) is whole.
                Some(advices) => {
                    for (i, advice) in advices.as_slice().iter().enumerate() {
                        let at = match advices {
                            OneOrMany::One(_) => "dpo_advice".to_owned(),
                            OneOrMany::Many(_) => format!("dpo_advice[{i}]"),
                        };
                        if advice.provided_by.is_none() {
                            missing.push(format!("`{at}.provided_by`"));
                        }
                        if advice.summary.is_none() {
                            missing.push(format!("`{at}.summary`"));
                        }
                    }
                }
            }
        }
        if sign_off.kept_under_review_by.is_none() {
            missing.push("`kept_under_review_by`".into());
        }
        if missing.is_empty() {
            return;
        }
        let mut d = ctx.finding(
            &Self::META,
            "/status",
            format!(
                "assessment `{}` is approved but its sign-off lacks {}",
                a.id,
                join(&missing.iter().map(String::as_str).collect::<Vec<_>>())
            ),
            "approved",
        );
        if a.sign_off.is_some() {
            d = ctx.also(d, "/sign_off", "the sign-off is here");
        }
        out.push(
            d.with_help("complete the ICO step 7 sign-off, or set `status` back to `in-review`"),
        );
    }
}
