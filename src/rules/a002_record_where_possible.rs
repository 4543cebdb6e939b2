//! A002: a "where possible" field of the record of processing is missing.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::{Retention, Role};

rule! {
    /// ## What it checks
    /// The fields Art 30 asks for "where possible", one finding per missing
    /// field:
    ///
    /// - (f) the time limits for erasure: a `retention` for the activity with
    ///   a `period` or a `schedule`, or one on every data category
    ///   (controllers only; for a DPIA, P001 reports each data category
    ///   without one instead);
    /// - (g) a general description of the technical and organisational
    ///   security measures (`security_measures`; Art 30(2)(d) for a
    ///   processor).
    ///
    /// ## Why it matters
    /// Art 30(1)(f)-(g) and 30(2)(d) qualify these with "where possible", so
    /// a gap is a warning rather than an error; but the storage limitation
    /// principle (Art 5(1)(e)) and the security duty (Art 32) still apply,
    /// and a record without them tells the regulator nothing about either.
    ///
    /// ## Example
    /// Fails: no retention anywhere.
    ///
    /// ```yaml
    /// data_categories: [{id: contact, name: Contact details}]
    /// security_measures: [Role-based access]
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// retention: {period: 6 years, trigger: end of the contract, schedule: "RS 4.2"}
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 30(1)(f)-(g), 30(2)(d), Art 5(1)(e), Art 32(1).
    pub struct RecordWherePossible;
    code: "A002",
    name: "record-missing-where-possible",
    severity: Warning,
    reference: "UK GDPR / GDPR Art 30(1)(f)-(g), 30(2)(d)",
}

/// Whether a retention rule says how long.
fn says_how_long(r: Option<&Retention>) -> bool {
    let given = |t: &Option<String>| t.as_deref().is_some_and(|t| !t.trim().is_empty());
    r.is_some_and(|r| given(&r.period) || given(&r.schedule))
}

impl Rule for RecordWherePossible {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        let processor = a.role == Role::Processor;
        let at = |list: &str| {
            if ctx.doc().node(list).is_some() {
                list.to_owned()
            } else {
                "/id".to_owned()
            }
        };
        let every_category = !a.data_categories.is_empty()
            && a.data_categories
                .iter()
                .all(|c| says_how_long(c.retention.as_ref()));
        // For a DPIA, P001 names each data category without retention.
        if !processor && !ctx.is_dpia() && !says_how_long(a.retention.as_ref()) && !every_category {
            out.push(
                ctx.finding(
                    &Self::META,
                    &at("/retention"),
                    format!(
                        "the record of `{}` gives no time limits for erasure (Art 30(1)(f))",
                        a.id
                    ),
                    "no retention period or schedule",
                )
                .with_help("add `retention:` with a `period` (and its `trigger`) or a `schedule` reference, for the activity or for each data category"),
            );
        }
        if a.security_measures.iter().all(|m| m.trim().is_empty()) {
            out.push(
                ctx.finding(
                    &Self::META,
                    &at("/security_measures"),
                    format!(
                        "the record of `{}` has no description of the security measures (Art {})",
                        a.id,
                        if processor { "30(2)(d)" } else { "30(1)(g)" }
                    ),
                    "no `security_measures`",
                )
                .with_help("list the main technical and organisational measures under `security_measures:`"),
            );
        }
    }
}
