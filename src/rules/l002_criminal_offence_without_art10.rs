//! L002: criminal offence data with no Art 10 basis.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::model::project::Jurisdiction;

rule! {
    /// ## What it checks
    /// A data category marked `criminal_offence: true` that no lawful basis
    /// covers with an `article_10` basis (official authority, or authorised by
    /// law) or, in the UK, a DPA 2018 Schedule 1 condition (`schedule_1`),
    /// which is how UK law authorises Art 10 processing (s.10(5)).
    ///
    /// ## Why it matters
    /// Art 10: personal data relating to criminal convictions and offences or
    /// related security measures may be processed only under the control of
    /// official authority or when authorised by law providing appropriate
    /// safeguards. In the UK this covers alleged offences and proceedings too
    /// (DPA 2018 s.11(2)), and the authorisation is a Schedule 1 Part 1, 2 or 3
    /// condition (s.10(5)).
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// data_categories:
    ///   - {id: offending, name: Offending history, criminal_offence: true}
    /// lawful_bases:
    ///   - {purposes: [youth-justice], article_6: e}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// lawful_bases:
    ///   - {purposes: [youth-justice], article_6: e, article_10: authorised-by-law, schedule_1: [6]}
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 10; DPA 2018 s.10(5), s.11(2) and Schedule 1.
    pub struct CriminalOffenceWithoutArt10;
    code: "L002",
    name: "criminal-offence-without-art10-basis",
    severity: Error,
    reference: "UK GDPR / GDPR Art 10; DPA 2018 s.10(5), s.11(2)",
}

impl Rule for CriminalOffenceWithoutArt10 {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        let uk = ctx.model.jurisdiction == Jurisdiction::Uk;
        for (i, category) in a.data_categories.iter().enumerate() {
            if !category.criminal_offence {
                continue;
            }
            let covered = a.lawful_bases.iter().any(|b| {
                (b.article_10.is_some() || (uk && !b.schedule_1.is_empty()))
                    && (b.data_categories.is_empty() || b.data_categories.contains(&category.id))
            });
            if covered {
                continue;
            }
            out.push(
                ctx.finding(
                    &Self::META,
                    &format!("/data_categories/{i}/criminal_offence"),
                    format!(
                        "data category `{}` is criminal offence data, but no lawful basis gives an Art 10 basis for it",
                        category.id
                    ),
                    "criminal offence data",
                )
                .with_help(if uk {
                    "add a lawful basis with `article_10:` and the DPA 2018 `schedule_1:` condition relied on, covering this category"
                } else {
                    "add a lawful basis with `article_10:` covering this category"
                }),
            );
        }
    }
}
