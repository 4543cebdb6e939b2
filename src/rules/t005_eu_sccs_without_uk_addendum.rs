//! T005: under UK GDPR, the EU SCCs without the UK Addendum.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::law;
use crate::model::project::Jurisdiction;

rule! {
    /// ## What it checks
    /// Under UK GDPR, a transfer whose `mechanisms` include `eu-sccs` but
    /// neither `uk-addendum` nor `uk-idta`. Transfers that adequacy covers
    /// (the EEA, for instance, where the EU SCCs may travel with EU data)
    /// are not checked.
    ///
    /// ## Why it matters
    /// The EU SCCs (Commission Implementing Decision (EU) 2021/914) are an
    /// Art 46(2)(c) safeguard under the EU GDPR only. Under UK GDPR they
    /// protect a restricted transfer only with the ICO's International Data
    /// Transfer Addendum, issued under DPA 2018 s.119A (UK GDPR Art
    /// 46(2)(d)) and in force since 21 March 2022; the alternative is the
    /// UK's own IDTA. Contracts on
    /// the old (pre-2021) SCCs made before 21 September 2022 stayed valid
    /// until 21 March 2024 [M]; since then nothing lets the SCCs stand
    /// alone for UK data. A DPIA written before 2022 that names "the SCCs"
    /// for a UK transfer describes a safeguard that has since lapsed.
    ///
    /// ## Example
    /// Fails (under UK GDPR):
    ///
    /// ```yaml
    /// transfers:
    ///   - {id: crm, recipient: crm-vendor, country: US, mechanisms: [eu-sccs], transfer_risk_assessment: TRA-7}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// transfers:
    ///   - {id: crm, recipient: crm-vendor, country: US, mechanisms: [eu-sccs, uk-addendum], transfer_risk_assessment: TRA-7}
    /// ```
    ///
    /// ## References
    /// UK GDPR Art 46(2)(d); DPA 2018 s.119A; ICO, International Data
    /// Transfer Agreement and Addendum (in force 21 March 2022);
    /// Commission Implementing Decision (EU) 2021/914.
    pub struct EuSccsWithoutUkAddendum;
    code: "T005",
    name: "eu-sccs-without-uk-addendum",
    severity: Error,
    reference: "UK GDPR Art 46(2)(d); DPA 2018 s.119A (IDTA and Addendum)",
}

impl Rule for EuSccsWithoutUkAddendum {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if ctx.model.jurisdiction != Jurisdiction::Uk {
            return;
        }
        let policy = ctx.transfer_policy();
        for (i, t) in ctx.assessment().transfers.iter().enumerate() {
            let Some(j) = t.mechanisms.iter().position(|m| m == "eu-sccs") else {
                continue;
            };
            let uk_tool = t
                .mechanisms
                .iter()
                .any(|m| m == "uk-addendum" || m == "uk-idta");
            if uk_tool || policy.adequacy_covers(t) {
                continue;
            }
            out.push(
                ctx.finding(
                    &Self::META,
                    &format!("/transfers/{i}/mechanisms/{j}"),
                    format!(
                        "transfer `{}` to {} relies on the EU SCCs without the UK Addendum: under UK GDPR they are no safeguard on their own",
                        t.id,
                        law::country_label(&t.country)
                    ),
                    "needs the UK Addendum",
                )
                .with_help("add `uk-addendum` once the ICO's Addendum is signed with the SCCs, or replace them with the UK IDTA (`uk-idta`)"),
            );
        }
    }
}
