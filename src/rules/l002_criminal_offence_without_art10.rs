//! L002: criminal offence data with no Art 10 basis.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::model::project::Jurisdiction;

rule! {
    /// ## What it checks
    /// A data category marked `criminal_offence: true` that no lawful basis
    /// covers with an Art 10 basis: processing under the control of official
    /// authority (`article_10: official-authority`), or processing authorised
    /// by law. In the UK the authorisation by law is a DPA 2018 Schedule 1
    /// condition (s.10(5)), so there `authorised-by-law` counts only with the
    /// `schedule_1` condition relied on; a Schedule 1 condition alone counts
    /// too.
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
                let official = b.article_10.as_deref() == Some("official-authority");
                let by_law = if uk {
                    !b.schedule_1.is_empty()
                } else {
                    b.article_10.as_deref() == Some("authorised-by-law")
                };
                (official || by_law)
                    && (b.data_categories.is_empty() || b.data_categories.contains(&category.id))
            });
            if covered {
                continue;
            }
            let law_without_condition = uk
                && a.lawful_bases.iter().any(|b| {
                    b.article_10.as_deref() == Some("authorised-by-law")
                        && (b.data_categories.is_empty()
                            || b.data_categories.contains(&category.id))
                });
            let message = if law_without_condition {
                format!(
                    "data category `{}` is criminal offence data said to be authorised by law, but no DPA 2018 Schedule 1 condition is given (s.10(5))",
                    category.id
                )
            } else {
                format!(
                    "data category `{}` is criminal offence data, but no lawful basis gives an Art 10 basis for it",
                    category.id
                )
            };
            out.push(
                ctx.finding(
                    &Self::META,
                    &format!("/data_categories/{i}/criminal_offence"),
                    message,
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
