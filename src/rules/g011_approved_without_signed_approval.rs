//! G011: `status: approved` without the signed approvals the project
//! requires.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::model::approvals::Status as Verdict;
use crate::model::assessment::Status;

rule! {
    /// ## What it checks
    /// An assessment that says `status: approved` in a project that
    /// requires signed approvals (`approvals.required` in `dpia.yaml`)
    /// while a required role has no signed approval that verifies over the
    /// content as it is now: none was signed, the one signed was given for
    /// content that has changed since, or its signature does not hold.
    ///
    /// ## Why it matters
    /// Typed names in `sign_off` prove nothing: anyone can type them and
    /// they survive any change. A project that requires signed approvals
    /// makes `approved` mean that the people the roles name signed this
    /// very content. Neither the assessment nor the project can turn this
    /// rule off (a project that does not want it leaves `required` out).
    ///
    /// ## Example
    /// Fails, with `approvals: {required: [residual-risks]}` in
    /// `dpia.yaml`:
    ///
    /// ```yaml
    /// status: approved
    /// sign_off:
    ///   residual_risks_approved_by: {name: Sam Jones, date: 2026-11-02}
    /// ```
    ///
    /// Passes: `dpia sign FILE --role residual-risks --key KEY` by a
    /// signer the project allows.
    ///
    /// ## References
    /// UK GDPR and GDPR Art 5(2), 24(1) and 35; ICO DPIA template, step 7.
    pub struct ApprovedWithoutSignedApproval;
    code: "G011",
    name: "approved-without-signed-approval",
    severity: Error,
    reference: "UK GDPR / GDPR Art 5(2), 24(1), 35; ICO DPIA template step 7",
}

impl Rule for ApprovedWithoutSignedApproval {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        let Some(settings) = &ctx.project.config.approvals else {
            return;
        };
        if a.status != Status::Approved {
            return;
        }
        let record = ctx.approvals.map(|(r, _)| r);
        for role in &settings.required {
            if record.is_some_and(|r| r.verified(role)) {
                continue;
            }
            let best = record.and_then(|r| r.of_role(role).map(|c| c.status).max());
            let why = match best {
                None => "none is signed".to_owned(),
                Some(Verdict::OtherContent) => {
                    "the one signed was given for content that has changed since".to_owned()
                }
                Some(status) => format!("the one signed does not hold ({})", status.words()),
            };
            out.push(
                ctx.finding(
                    &Self::META,
                    "/status",
                    format!(
                        "`{}` is approved, but the project requires a signed approval of `{role}` that verifies: {why}",
                        a.id
                    ),
                    format!("no verified approval of {role}"),
                )
                .with_help(format!(
                    "sign it (`dpia sign FILE --role {role} --key KEY`), or set the status back to `in-review` until it is"
                )),
            );
        }
    }
}
