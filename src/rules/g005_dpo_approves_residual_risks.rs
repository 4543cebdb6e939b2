//! G005: the DPO approving the residual risks they advised on.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// ## What it checks
    /// A sign-off whose `residual_risks_approved_by` names the DPO: the
    /// controller's DPO in the project file, or whoever `dpo_advice`
    /// records as giving the advice. Names are compared ignoring case and
    /// spacing.
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
        let Some(approver) = &sign_off.residual_risks_approved_by else {
            return;
        };
        let project_dpo = ctx
            .controller()
            .and_then(|c| c.dpo.as_ref())
            .map(|d| d.name.as_str());
        let adviser = sign_off
            .dpo_advice
            .as_ref()
            .and_then(|d| d.provided_by.as_ref())
            .map(|p| p.name.as_str());
        let is_dpo = [project_dpo, adviser]
            .into_iter()
            .flatten()
            .any(|name| same(name, &approver.name));
        if !is_dpo {
            return;
        }
        let mut d = ctx.finding(
            &Self::META,
            "/sign_off/residual_risks_approved_by/name",
            format!(
                "the residual risks of `{}` are approved by {}, the data protection officer who advises on them",
                a.id, approver.name
            ),
            "the DPO",
        );
        if adviser.is_some() {
            d = ctx.also(
                d,
                "/sign_off/dpo_advice/provided_by/name",
                "also gives the DPO's advice",
            );
        }
        out.push(d.with_help(
            "have the residual risks approved by a senior manager who owns them (for example the SIRO or information asset owner)",
        ));
    }
}
