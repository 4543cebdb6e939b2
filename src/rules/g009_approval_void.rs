//! G009: a signed approval of content that has changed since.

use super::{Context, Rule, rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::approvals::Status as Verdict;
use crate::model::assessment::Status;

/// How many changes a finding names before "and N more".
const NAMED: usize = 5;

rule! {
    /// ## What it checks
    /// A signed approval (`<id>.approvals.yaml`, written by `dpia sign`)
    /// whose signature is good but was given for other content: the
    /// assessment changed after it was approved. The finding names the
    /// role, the signer and what changed since (risks re-rated, measures
    /// added...). It is an error when the assessment says `status:
    /// approved`, a warning otherwise.
    ///
    /// ## Why it matters
    /// An approval is of the content the approver read. The Irish COVID
    /// Tracker DPIA was approved on 29 May 2020 and versions 1.1 to 1.3
    /// (new interoperability, a certificate wallet, two new risks) were
    /// published over the same approval, never re-approved. Formatting,
    /// comments and key order do not void an approval; any change of
    /// content does. Neither the assessment nor the project can turn this
    /// rule off.
    ///
    /// ## Example
    /// Fails: the residual risks were approved, then R1's residual
    /// likelihood was raised.
    ///
    /// ```text
    /// error[G009]: the `residual-risks` approval by Sam Jones (siro@example.org, 2026-11-02) is void: the content changed since: overall residual risk: `Low` -> `Medium`; risk `R1` residual: `Low` -> `Medium` (likelihood `remote` -> `possible`)
    /// ```
    ///
    /// Passes: the role is signed again for the content as it is now
    /// (`dpia sign FILE --role residual-risks --key KEY`).
    ///
    /// ## References
    /// UK GDPR and GDPR Art 35(1), 35(11) and 24(1); ICO DPIA template,
    /// step 7.
    pub struct ApprovalVoid;
    code: "G009",
    name: "approval-void",
    severity: Error,
    reference: "UK GDPR / GDPR Art 35(1), 35(11), 24(1); ICO DPIA template step 7",
}

impl Rule for ApprovalVoid {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some((record, doc)) = ctx.approvals else {
            return;
        };
        let a = ctx.assessment();
        // An approval the role has since been given again, for the
        // content as it is now, is history, not void.
        for c in record
            .approvals
            .iter()
            .filter(|c| c.status == Verdict::OtherContent && !c.superseded)
        {
            let since = if c.changed.is_empty() {
                c.why
                    .clone()
                    .unwrap_or_else(|| "its digest is not the content's".to_owned())
            } else {
                let mut named = c
                    .changed
                    .iter()
                    .take(NAMED)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; ");
                if c.changed.len() > NAMED {
                    named.push_str(&format!("; and {} more", c.changed.len() - NAMED));
                }
                named
            };
            let mut d = super::finding_in(
                &Self::META,
                doc,
                &format!("/approvals/{}/digest", c.index),
                format!(
                    "the `{}` approval by {} ({}, {}) is void: the content changed since: {since}",
                    c.approval.role, c.approval.name, c.approval.principal, c.approval.date
                ),
                "approved other content",
            )
            .with_help(format!(
                "review the change and sign the role again (`dpia sign FILE --role {} --key KEY`); `dpia diff --since-approval FILE` lists every change",
                c.approval.role
            ));
            if a.status != Status::Approved {
                d.severity = Severity::Warning;
            }
            out.push(d);
        }
    }
}
