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
    /// "automated decision-making" not ticked. The finding names what in
    /// the file implies the criterion (every data category or group of data
    /// subjects, the first five by name).
    ///
    /// A criterion left out of the screening is reported at the
    /// `screening:` key. A criterion answered explicitly `false` is a
    /// contradiction, reported at the answer: `false` alone, or with a
    /// `note` that only restates the answer ("No", "N/A", "Nee", "n.v.t.",
    /// "Non", "Nein", "not applicable"). A criterion answered `false` with
    /// a `note` that gives a reason is not reported, nor is a screening
    /// that answers no criterion and decides a DPIA is required.
    ///
    /// ## Why it matters
    /// The screening decides whether a DPIA is required. A criterion left
    /// unticked lowers the count the decision rests on, and a reader of the
    /// screening sees a lower-risk activity than the file describes. An
    /// explicit "no" that the file itself contradicts (vulnerable data
    /// subjects answered "Nee" while the data subjects include children) is
    /// worse than silence: it reads as a considered answer.
    ///
    /// Whether a criterion applies is the controller's judgement (WP248
    /// asks it to document its reasons, not to tick every box the content
    /// brushes against): the data subjects may include children whom the
    /// processing does not concern, or health data may be one line of an
    /// occupational record. A `false` with a note saying why is that
    /// judgement written down where the screening is read, so it is not
    /// reported: a finding the author could silence only by suppressing it
    /// would push teams to tick criteria that do not apply. A note that
    /// only says "no" is the same answer again, not a reason, so the
    /// contradiction is reported. dpia cannot judge whether a reason is a
    /// good one; the report's screening section shows it with the answer,
    /// for the reviewer and the DPO.
    ///
    /// Neither the law nor WP248 sets a number for "large scale" (WP248
    /// names factors: the number of people, the volume and range of data,
    /// the duration, the geographic extent), so the threshold is a prompt
    /// to look again, not a legal line; an activity can be large scale
    /// below it. This is why the rule is a warning.
    ///
    /// ## Example
    /// Fails: health data is declared, "sensitive data" is not ticked;
    /// children are among the data subjects and "vulnerable data subjects"
    /// is answered with a bare "Nee".
    ///
    /// ```yaml
    /// screening:
    ///   wp248:
    ///     sensitive_data: false
    ///     vulnerable_data_subjects: {applies: false, note: Nee}
    /// data_subjects:
    ///   - {id: bezoekers, name: Bezoekers, children: true}
    /// data_categories:
    ///   - {id: health, name: Health conditions, special_category: true}
    /// ```
    ///
    /// Passes: the first criterion is ticked, the second answered with the
    /// reason it does not apply.
    ///
    /// ```yaml
    /// screening:
    ///   wp248:
    ///     sensitive_data: true
    ///     vulnerable_data_subjects:
    ///       applies: false
    ///       note: Kinderen komen alleen als begeleide bezoekers voor; van hen wordt alleen de naam geregistreerd.
    /// data_subjects:
    ///   - {id: bezoekers, name: Bezoekers, children: true}
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
            let d = if implied.answered_no {
                // At the answer: the `applies: false` of a detailed one.
                let applies = format!("{at}/applies");
                let pointer = if ctx.doc().node(&applies).is_some() {
                    applies
                } else {
                    at.clone()
                };
                let d = ctx.finding(
                    &Self::META,
                    &pointer,
                    format!(
                        "the screening answers WP248 `{}` ({}) `false`{}, but the content says otherwise: {}",
                        implied.key,
                        implied.name,
                        if implied.bare_note {
                            " with a note that gives no reason"
                        } else {
                            ""
                        },
                        implied.because
                    ),
                    "answered `false`",
                );
                if implied.bare_note {
                    ctx.also(d, &format!("{at}/note"), "no reason given")
                } else {
                    d
                }
            } else {
                ctx.finding(
                    &Self::META,
                    "/screening",
                    format!(
                        "the screening does not tick WP248 `{}` ({}), but {}",
                        implied.key, implied.name, implied.because
                    ),
                    "not ticked here",
                )
            };
            let mut d = ctx.also(d, &implied.evidence, "which implies it");
            for pointer in &implied.more_evidence {
                d = ctx.also(d, pointer, "and this");
            }
            out.push(d.with_help(format!(
                "tick it (`screening.wp248.{}: true`) and screen again, or answer `{{applies: false, note: ...}}` saying why it does not apply although the content suggests it does",
                implied.key
            )));
        }
    }
}
