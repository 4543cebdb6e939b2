//! G010: a signed approval whose signature does not hold.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::model::approvals::Status;

rule! {
    /// ## What it checks
    /// A signed approval (`<id>.approvals.yaml`) whose signature does not
    /// verify (the record was edited, or the signature is for another file
    /// or another key), or whose signer may not sign the role: the
    /// allowed-signers file the project names (`approvals.allowed_signers`)
    /// does not list the key for the signer's principal, or the role's
    /// `principals` do not include them.
    ///
    /// ## Why it matters
    /// A signed approval is trusted because it cannot be forged or moved:
    /// one that does not verify is a record someone altered, and one by a
    /// signer the project does not allow for the role is not the approval
    /// the role needs (the DPO gives the DPO's advice, the SIRO accepts
    /// the residual risks). Neither the assessment nor the project can
    /// turn this rule off.
    ///
    /// ## Example
    /// Fails: the approvals file's `name` was changed after signing, or
    /// an intern's key signed `residual-risks`.
    ///
    /// ```text
    /// error[G010]: the `residual-risks` approval by A. Intern (intern@example.org, 2026-11-02) does not hold: signer not allowed for the role: `intern@example.org` may not sign `residual-risks`: the project allows `siro@example.org`
    /// ```
    ///
    /// Passes: every approval verifies (`dpia verify`).
    ///
    /// ## References
    /// UK GDPR and GDPR Art 5(2), 24(1) and 35; ICO DPIA template, step 7.
    pub struct ApprovalNotVerified;
    code: "G010",
    name: "approval-not-verified",
    severity: Error,
    reference: "UK GDPR / GDPR Art 5(2), 24(1), 35; ICO DPIA template step 7",
}

impl Rule for ApprovalNotVerified {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some((record, doc)) = ctx.approvals else {
            return;
        };
        for c in &record.approvals {
            let label = match c.status {
                Status::BadSignature => "does not verify",
                Status::NotAllowed => "not allowed for the role",
                Status::OtherContent | Status::Verified => continue,
            };
            out.push(
                super::finding_in(
                    &Self::META,
                    doc,
                    &format!("/approvals/{}/{}", c.index, c.at),
                    format!(
                        "the `{}` approval by {} ({}, {}) does not hold: {}: {}",
                        c.approval.role,
                        c.approval.name,
                        c.approval.principal,
                        c.approval.date,
                        c.status.words(),
                        c.why.as_deref().unwrap_or_default()
                    ),
                    label,
                )
                .with_help(
                    "an approval is written only by `dpia sign`, with a key the project's allowed-signers file lists for a principal the role allows; remove this entry and sign again",
                ),
            );
        }
    }
}
