//! D003: a DPIA that neither consults nor says why not.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::Status;

rule! {
    /// ## What it checks
    /// A DPIA (not superseded) with no `consultation`, or one that lists
    /// nobody consulted (`consulted`), no reason for not consulting
    /// (`not_consulted`) and no `summary` of how views are sought or why
    /// not. A reason for not consulting that is unknown or not captured
    /// from the source (`reason: {not: known}`) is an open question
    /// (information); one marked not applicable is a judgement that
    /// consulting was not appropriate, which Art 35(9) allows.
    ///
    /// ## Why it matters
    /// Art 35(9): "where appropriate, the controller shall seek the views
    /// of data subjects or their representatives". WP248 adds that a
    /// decision not to seek them should be documented with its reasons, and
    /// the ICO template's step 3 asks who was consulted, internally and
    /// outside. "Where appropriate" leaves room, so this is a warning.
    ///
    /// ## Example
    /// Fails: risks and measures, no consultation.
    ///
    /// ```yaml
    /// risks: [{id: R1, title: Over-collection}]
    /// ```
    ///
    /// Passes: the reason is given.
    ///
    /// ```yaml
    /// risks: [{id: R1, title: Over-collection}]
    /// consultation:
    ///   not_consulted:
    ///     - stakeholder: Data subjects
    ///       reason: The processing replaces a paper form with the same fields.
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 35(9); WP248 rev.01 section III.C; ICO DPIA
    /// template step 3.
    pub struct NoConsultation;
    code: "D003",
    name: "no-consultation",
    severity: Warning,
    reference: "UK GDPR / GDPR Art 35(9); WP248 rev.01",
}

impl Rule for NoConsultation {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        if !ctx.is_dpia() || a.status == Status::Superseded {
            return;
        }
        let (pointer, label) = match &a.consultation {
            None => ("/status", "a DPIA with no `consultation`"),
            Some(c)
                if c.consulted.is_empty()
                    && c.not_consulted.is_empty()
                    && super::blank(c.summary.as_deref()) =>
            {
                ("/consultation", "nobody consulted, no reason given")
            }
            Some(c) => {
                // A reason not to consult that is unknown or not captured
                // is a question, not a failure: someone decided.
                for (i, n) in c.not_consulted.iter().enumerate() {
                    if let Some(absence) = n.reason.absence().filter(|_| n.reason.is_open()) {
                        out.push(ctx.open_question(
                            &Self::META,
                            &format!("/consultation/not_consulted/{i}/reason"),
                            format_args!(
                                "the reason for not consulting {} on `{}` is {} (Art 35(9))",
                                n.stakeholder.trim(),
                                a.id,
                                absence.not.words()
                            ),
                            absence.not.words(),
                        ));
                    }
                }
                return;
            }
        };
        out.push(
            ctx.finding(
                &Self::META,
                pointer,
                format!(
                    "DPIA `{}` records no consultation and no reason for not consulting (Art 35(9))",
                    a.id
                ),
                label,
            )
            .with_help("list who was consulted under `consultation.consulted`, or why not under `consultation.not_consulted`"),
        );
    }
}
