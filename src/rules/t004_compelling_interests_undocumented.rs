//! T004: the compelling-legitimate-interests derogation with no record of
//! its assessment and safeguards.

use super::{Context, Rule, blank, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// ## What it checks
    /// A transfer with `derogation: compelling-legitimate-interests` (the
    /// second subparagraph of Art 49(1)) and no `safeguards_documentation`.
    ///
    /// ## Why it matters
    /// The compelling-legitimate-interests derogation is the last resort of
    /// Chapter V. It applies only where no adequacy, Art 46 safeguard or
    /// other derogation is available, to a transfer that is not repetitive
    /// and concerns a limited number of data subjects, when the controller
    /// "has assessed all the circumstances surrounding the data transfer
    /// and has on the basis of that assessment provided suitable
    /// safeguards". The controller must tell the supervisory authority and
    /// the data subjects, and Art 49(6) and Art 30(1)(e) require the
    /// assessment and the safeguards to be documented in the records of
    /// processing. A transfer on this derogation with nothing recorded has
    /// not shown any of its conditions.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// transfers:
    ///   - {id: t1, recipient: investigator, country: AE, derogation: compelling-legitimate-interests}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// transfers:
    ///   - id: t1
    ///     recipient: investigator
    ///     country: AE
    ///     derogation: compelling-legitimate-interests
    ///     safeguards_documentation: Transfer assessment TA-2026-02 (one-off; 3 subjects; encrypted, deleted after use; ICO informed 2026-03-02)
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 49(1) second subparagraph, 49(6), 30(1)(e);
    /// EDPB Guidelines 2/2018 on derogations of Article 49.
    pub struct CompellingInterestsUndocumented;
    code: "T004",
    name: "compelling-interests-derogation-undocumented",
    severity: Error,
    reference: "UK GDPR / GDPR Art 49(1) second subparagraph, 49(6), 30(1)(e)",
}

impl Rule for CompellingInterestsUndocumented {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let home = ctx.model.home();
        for (i, t) in ctx.assessment().transfers.iter().enumerate() {
            if t.derogation.as_deref() != Some("compelling-legitimate-interests")
                || !blank(t.safeguards_documentation.as_deref())
                || !home.third_country(&t.country)
            {
                continue;
            }
            out.push(
                ctx.finding(
                    &Self::META,
                    &format!("/transfers/{i}/derogation"),
                    format!(
                        "transfer `{}` relies on the compelling legitimate interests derogation but records no assessment or safeguards (Art 49(6), 30(1)(e))",
                        t.id
                    ),
                    "no `safeguards_documentation`",
                )
                .with_help(format!(
                    "record under `safeguards_documentation:` the assessment of the circumstances, the suitable safeguards, and when {} and the data subjects were told",
                    ctx.authority()
                )),
            );
        }
    }
}
