//! T002: a transfer on the SCCs, the IDTA or the Addendum with no transfer
//! risk (impact) assessment.

use super::{Context, Rule, blank, join, rule};
use crate::diagnostic::Diagnostic;
use crate::law;
use crate::model::project::Jurisdiction;

rule! {
    /// ## What it checks
    /// A transfer whose `mechanisms` include the EU standard contractual
    /// clauses (`eu-sccs`), the UK international data transfer agreement
    /// (`uk-idta`) or the UK Addendum (`uk-addendum`) and that has no
    /// `transfer_risk_assessment`. Transfers that adequacy covers (see
    /// T001) are not checked: the clauses are not what they rest on.
    ///
    /// ## Why it matters
    /// In Schrems II (CJEU C-311/18, 16 July 2020) the Court kept the SCCs
    /// but held that the exporter must verify, case by case, that the law
    /// and practice of the destination let the importer honour them, and
    /// add supplementary measures where they do not. The EDPB's
    /// Recommendations 01/2020 (final, 18 June 2021) set out the steps: the
    /// transfer impact assessment. The ICO expects a transfer risk
    /// assessment with the IDTA and the Addendum and publishes a tool for
    /// it; since 5 February 2026 UK GDPR Art 46(1A) asks the exporter,
    /// acting reasonably and proportionately, to consider that the "data
    /// protection test" is met [M]. Without the assessment the clauses are
    /// a form, not a safeguard.
    ///
    /// The same reasoning reaches the other Art 46 tools (BCRs, codes,
    /// certification), which the EDPB's recommendations also cover; this
    /// rule checks only the contractual ones, where an assessment is
    /// expected in every case.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// transfers:
    ///   - {id: support, recipient: helpdesk, country: IN, mechanisms: [uk-idta]}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// transfers:
    ///   - id: support
    ///     recipient: helpdesk
    ///     country: IN
    ///     mechanisms: [uk-idta]
    ///     transfer_risk_assessment: TRA-2026-004 (ICO TRA tool, reviewed March 2026)
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 46(1), 46(2)(c); CJEU C-311/18 (Schrems II);
    /// EDPB Recommendations 01/2020; ICO, international data transfer
    /// agreement and guidance (transfer risk assessments); UK GDPR Art
    /// 46(1A) as amended by the Data (Use and Access) Act 2025 [M].
    pub struct TransferWithoutRiskAssessment;
    code: "T002",
    name: "transfer-without-risk-assessment",
    severity: Warning,
    reference: "UK GDPR / GDPR Art 46; CJEU C-311/18 (Schrems II); EDPB Recommendations 01/2020",
}

/// The contractual transfer tools that call for an assessment, with the
/// words for them.
const CONTRACT_TOOLS: [(&str, &str); 3] = [
    ("eu-sccs", "the EU SCCs"),
    ("uk-idta", "the UK IDTA"),
    ("uk-addendum", "the UK Addendum"),
];

impl Rule for TransferWithoutRiskAssessment {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let law = ctx.model.jurisdiction;
        let policy = ctx.transfer_policy();
        let assessment = match law {
            Jurisdiction::Uk => "transfer risk assessment",
            Jurisdiction::Eu => "transfer impact assessment",
        };
        for (i, t) in ctx.assessment().transfers.iter().enumerate() {
            if !blank(t.transfer_risk_assessment.as_deref()) || policy.adequacy_covers(t) {
                continue;
            }
            let tools: Vec<(usize, &str)> = t
                .mechanisms
                .iter()
                .enumerate()
                .filter_map(|(j, m)| {
                    CONTRACT_TOOLS
                        .iter()
                        .find(|(kind, _)| kind == m)
                        .map(|(_, name)| (j, *name))
                })
                .collect();
            let Some(&(first, _)) = tools.first() else {
                continue;
            };
            let names: Vec<&str> = tools.iter().map(|(_, name)| *name).collect();
            out.push(
                ctx.finding(
                    &Self::META,
                    &format!("/transfers/{i}/mechanisms/{first}"),
                    format!(
                        "transfer `{}` to {} relies on {} but records no {assessment} (Schrems II)",
                        t.id,
                        law::country_label(&t.country),
                        join(&names)
                    ),
                    format!("no {assessment}"),
                )
                .with_help(match law {
                    Jurisdiction::Uk => "add the reference under `transfer_risk_assessment:` (the ICO's TRA tool, or your own assessment of the destination's law and practice) and the supplementary measures it calls for",
                    Jurisdiction::Eu => "add the reference under `transfer_risk_assessment:` (the six steps of EDPB Recommendations 01/2020) and the supplementary measures it calls for",
                }),
            );
        }
    }
}
