//! G005: the DPO approving the residual risks they advised on.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// ## What it checks
    /// A sign-off whose `residual_risks_approved_by` names the DPO (one
    /// finding for each who does, when several sign): the DPO of the
    /// controller or of a joint controller, or whoever `dpo_advice` records
    /// as giving the advice. Names are compared ignoring case and spacing.
    ///
    /// ## Why it matters
    /// The DPO advises (Art 35(2), 39(1)(c)); the controller decides and
    /// owns the residual risk. Art 38(6) allows the DPO other tasks only if
    /// they do not result in a conflict of interests, and approving the
    /// risks one advised on is likely to be such a conflict (neither the
    /// article nor WP243 names this case; the ICO's 2020 audit of police and crime commissioners' offices
    /// found it). Small organisations may have no one else, so
    /// this is a warning; record who else could approve, or suppress the
    /// rule with the reason.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// sign_off:
    ///   residual_risks_approved_by: {name: Sam Patel, role: Data protection officer}
    ///   dpo_advice: {provided_by: {name: Sam Patel}, summary: Proceed.}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// sign_off:
    ///   residual_risks_approved_by: {name: Alex Reed, role: Director of Resources (SIRO)}
    ///   dpo_advice: {provided_by: {name: Sam Patel}, summary: Proceed.}
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 38(6), 39(1)(c), 35(2); ICO DPIA template step
    /// 7; EDPB/WP29 Guidelines on DPOs (WP243 rev.01) section 3.5.
    pub struct DpoApprovesResidualRisks;
    code: "G005",
    name: "dpo-approves-residual-risks",
    severity: Warning,
    reference: "UK GDPR / GDPR Art 38(6); WP243 rev.01",
}

fn same(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

impl Rule for DpoApprovesResidualRisks {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        let Some(sign_off) = &a.sign_off else { return };
        let Some(approvers) = &sign_off.residual_risks_approved_by else {
            return;
        };
        let project_dpos = ctx
            .controller()
            .and_then(|c| c.dpo.as_ref())
            .into_iter()
            .chain(
                ctx.model
                    .joint_controllers
                    .iter()
                    .filter_map(|j| j.dpo.as_ref()),
            )
            .map(|d| d.name.as_str());
        // Each adviser with the pointer of its name.
        let mut advisers: Vec<(&str, String)> = Vec::new();
        if let Some(advice) = &sign_off.dpo_advice {
            for (i, d) in advice.as_slice().iter().enumerate() {
                let base = advice.pointer("/sign_off/dpo_advice", i);
                let Some(by) = &d.provided_by else { continue };
                for (j, p) in by.as_slice().iter().enumerate() {
                    let pointer = by.pointer(&format!("{base}/provided_by"), j);
                    if let Some(name) = p.name.value() {
                        advisers.push((name.as_str(), format!("{pointer}/name")));
                    }
                }
            }
        }
        let dpos: Vec<&str> = project_dpos
            .chain(advisers.iter().map(|(name, _)| *name))
            .collect();
        for (i, approver) in approvers.as_slice().iter().enumerate() {
            // An approver whose name is not given cannot be compared.
            let Some(approver_name) = approver.name.value() else {
                continue;
            };
            if !dpos.iter().any(|name| same(name, approver_name)) {
                continue;
            }
            let pointer = approvers.pointer("/sign_off/residual_risks_approved_by", i);
            let mut d = ctx.finding(
                &Self::META,
                &format!("{pointer}/name"),
                format!(
                    "the residual risks of `{}` are approved by {}, the data protection officer who advises on them",
                    a.id, approver_name
                ),
                "the DPO",
            );
            if let Some((_, at)) = advisers.iter().find(|(name, _)| same(name, approver_name)) {
                d = ctx.also(d, at, "also gives the DPO's advice");
            }
            out.push(d.with_help(
                "have the residual risks approved by a senior manager who owns them (for example the SIRO or information asset owner)",
            ));
        }
    }
}
