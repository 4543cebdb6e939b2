//! L005: legitimate interests relied on with no legitimate interests
//! assessment.

use super::{Context, Rule, blank, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::DocumentKind;

rule! {
    /// ## What it checks
    /// A lawful basis on Art 6(1)(f) (`article_6: f`) that refers to no
    /// legitimate interests assessment (LIA). The reference is the basis's
    /// `legitimate_interests_assessment`, or a document of kind
    /// `legitimate-interests-assessment` in `documents`, which is taken to
    /// cover all of the activity's Art 6(1)(f) bases.
    ///
    /// ## Why it matters
    /// Art 6(1)(f) applies only where the processing is necessary for the
    /// legitimate interests pursued and those interests are not overridden by
    /// the individual's interests or fundamental rights and freedoms, "in
    /// particular where the data subject is a child". The ICO expects that
    /// three-part test (purpose, necessity, balancing) to be done and kept as
    /// a legitimate interests assessment, to show compliance (Art 5(2)); the
    /// ICO's record-of-processing template has a column for the link to it.
    /// The LIA itself is ICO guidance rather than a statutory document, hence
    /// a warning. The interest pursued also belongs in the privacy notice (Art
    /// 13(1)(d), 14(2)(b)) and in the DPIA (Art 35(7)(a)): record it in the
    /// purpose's `legitimate_interest`.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// lawful_bases:
    ///   - {purposes: [fraud-checks], article_6: f}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// lawful_bases:
    ///   - {purposes: [fraud-checks], article_6: f, legitimate_interests_assessment: "LIA-2024-03 (fraud screening)"}
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 6(1)(f), Art 5(2), Art 13(1)(d); Recital 47; ICO
    /// guidance on legitimate interests.
    pub struct LegitimateInterestsWithoutAssessment;
    code: "L005",
    name: "legitimate-interests-without-assessment",
    severity: Warning,
    reference: "UK GDPR / GDPR Art 6(1)(f), 5(2)",
}

impl Rule for LegitimateInterestsWithoutAssessment {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        let listed = a
            .documents
            .iter()
            .any(|d| d.kind == Some(DocumentKind::LegitimateInterestsAssessment));
        if listed {
            return;
        }
        for (j, b) in a.lawful_bases.iter().enumerate() {
            let referenced = !blank(b.legitimate_interests_assessment.as_deref());
            if b.article_6.as_deref() != Some("f") || referenced {
                continue;
            }
            // A public authority that may not use (f) for these purposes
            // hears that from L004, not that it needs an assessment.
            let authority = ctx.controller().is_some_and(|c| c.public_authority);
            let for_its_tasks = a
                .purposes
                .iter()
                .any(|p| b.purposes.contains(&p.id) && p.public_task != Some(false));
            if authority && for_its_tasks && a.role != crate::model::assessment::Role::Processor {
                continue;
            }
            out.push(
                ctx.finding(
                    &Self::META,
                    &format!("/lawful_bases/{j}/article_6"),
                    format!(
                        "{} relies on Art 6(1)(f) legitimate interests but refers to no legitimate interests assessment",
                        b.name(j)
                    ),
                    "legitimate interests",
                )
                .with_help("record the purpose, necessity and balancing tests and refer to them with `legitimate_interests_assessment:` on this basis (or list the LIA under `documents:` with `kind: legitimate-interests-assessment`)"),
            );
        }
    }
}
