//! S004: a screening criterion the content implies but does not tick.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// ## What it checks
    /// A screening that does not tick a WP248 criterion the rest of the
    /// file shows to apply: special category or criminal offence data
    /// declared but "sensitive data" not ticked; children or vulnerable
    /// people among the data subjects but "vulnerable data subjects" not
    /// ticked; a data subject count at or above the project's large-scale
    /// threshold (`screening.large_scale_subjects`, 10,000 by default) but
    /// "large scale" not ticked; automated decision-making recorded but
    /// "automated decision-making" not ticked. A criterion answered `false`
    /// with a `note` saying why it does not apply is not reported, nor is a
    /// screening that answers no criterion and decides a DPIA is required.
    ///
    /// ## Why it matters
    /// The screening decides whether a DPIA is required. A criterion left
    /// unticked lowers the count the decision rests on, and a reader of the
    /// screening sees a lower-risk activity than the file describes.
    ///
    /// Neither the law nor WP248 sets a number for "large scale" (WP248
    /// names factors: the number of people, the volume and range of data,
    /// the duration, the geographic extent), so the threshold is a prompt
    /// to look again, not a legal line; an activity can be large scale
    /// below it. This is why the rule is a warning.
    ///
    /// ## Example
    /// Fails: health data is declared, "sensitive data" is not ticked.
    ///
    /// ```yaml
    /// screening:
    ///   wp248: {sensitive_data: false}
    /// data_categories:
    ///   - {id: health, name: Health conditions, special_category: true}
    /// ```
    ///
    /// Passes: the criterion is ticked.
    ///
    /// ```yaml
    /// screening:
    ///   wp248: {sensitive_data: true}
    /// data_categories:
    ///   - {id: health, name: Health conditions, special_category: true}
    /// ```
    ///
    /// ## References
    /// WP248 rev.01, section III.B.a (criteria 4, 5, 7 and 2); UK GDPR and
    /// GDPR Art 9(1), 10, 35(3)(b), Recital 75.
    pub struct CriterionImplied;
    code: "S004",
    name: "screening-criterion-implied-not-ticked",
    severity: Warning,
    reference: "WP248 rev.01 section III.B.a; UK GDPR / GDPR Art 35(3)",
}

impl Rule for CriterionImplied {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // The DPIA is the controller's duty (Art 35(1)), as in S001.
        if ctx.assessment().role == crate::model::assessment::Role::Processor {
            return;
        }
        let policy = ctx.screening_policy();
        for implied in crate::screening::implied(ctx.assessment(), policy) {
            let at = format!("/screening/wp248/{}", implied.key);
            let (pointer, label) = if implied.answered_no {
                (at.as_str(), "answered `false`")
            } else {
                ("/screening", "not ticked here")
            };
            let d = ctx.finding(
                &Self::META,
                pointer,
                format!(
                    "the screening does not tick WP248 `{}` ({}), but {}",
                    implied.key, implied.name, implied.because
                ),
                label,
            );
            out.push(
                ctx.also(d, &implied.evidence, "which implies it")
                    .with_help(format!(
                        "tick it (`screening.wp248.{}: true`) and screen again, or answer `{{applies: false, note: ...}}` saying why it does not apply",
                        implied.key
                    )),
            );
        }
    }
}
