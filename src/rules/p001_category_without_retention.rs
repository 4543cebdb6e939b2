//! P001: (DPIA) a data category with no retention period or criteria.

use super::{Context, Rule, blank, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::{Retention, Role};

rule! {
    /// ## What it checks
    /// In a controller's DPIA, each data category whose retention neither
    /// its own `retention` nor the activity's gives. A DPIA is a file with
    /// risks, measures, necessity, consultation or a sign-off. The retention
    /// is given by a `period` (a length, or the criteria that decide it, such
    /// as "until the child's 25th birthday") or a `schedule` entry. One
    /// finding per category.
    ///
    /// A002 already reports, for every record of processing, an activity
    /// with no time limits for erasure (Art 30(1)(f)), once per activity and
    /// with the same test. This rule does not repeat that for records: it
    /// applies only to DPIAs, and names each category the DPIA leaves without
    /// a retention rule, since a DPIA assesses storage limitation category by
    /// category (a health record and a contact address are rarely kept as
    /// long). A DPIA with a gap therefore has both findings: A002's about the
    /// record, and P001's for each category.
    ///
    /// ## Why it matters
    /// Personal data is kept in identifiable form "for no longer than is
    /// necessary for the purposes" (Art 5(1)(e)), and the controller must be
    /// able to show it (Art 5(2)). Individuals are told the period, "or if
    /// that is not possible, the criteria used to determine that period"
    /// (Art 13(2)(a), 14(2)(a)). A DPIA assesses necessity and
    /// proportionality (Art 35(7)(b)); the ICO template's step 4 asks how long
    /// the data is kept. It is a warning, like A002: the law asks for a period
    /// or criteria, not a number, and both documentation duties (Art 13(2)(a),
    /// 30(1)(f)) allow for the period not being known. A project that wants
    /// DPIAs to fail on it can set `rules: {P001: error}`.
    ///
    /// ## Example
    /// Fails: a DPIA whose second category has no retention, and no
    /// retention for the activity.
    ///
    /// ```yaml
    /// data_categories:
    ///   - {id: contact, name: Contact details, retention: {period: 2 years, trigger: case closure}}
    ///   - {id: health, name: Health needs, special_category_types: [health]}
    /// ```
    ///
    /// Passes: the category has its own rule, or the activity has one.
    ///
    /// ```yaml
    /// retention: {period: 6 years, trigger: case closure, schedule: "RS 4.2"}
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 5(1)(e) and 5(2), Art 13(2)(a), 14(2)(a), Art
    /// 35(7)(b), Art 30(1)(f).
    pub struct CategoryWithoutRetention;
    code: "P001",
    name: "category-without-retention",
    severity: Warning,
    reference: "UK GDPR / GDPR Art 5(1)(e), 13(2)(a), 35(7)(b)",
}

/// Whether a retention rule says how long: a period (or criteria) or a
/// schedule entry, as A002 asks.
fn says_how_long(r: Option<&Retention>) -> bool {
    r.is_some_and(|r| !blank(r.period.as_deref()) || !blank(r.schedule.as_deref()))
}

impl Rule for CategoryWithoutRetention {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        if !ctx.is_dpia() || a.role == Role::Processor || says_how_long(a.retention.as_ref()) {
            return;
        }
        for (i, category) in a.data_categories.iter().enumerate() {
            if says_how_long(category.retention.as_ref()) {
                continue;
            }
            let (pointer, label) = if category.retention.is_some() {
                (
                    format!("/data_categories/{i}/retention"),
                    "no period or schedule",
                )
            } else {
                (format!("/data_categories/{i}/id"), "no retention")
            };
            let mut d = ctx
                .finding(
                    &Self::META,
                    &pointer,
                    format!(
                        "data category `{}` has no retention period or criteria, and the activity gives none (Art 5(1)(e))",
                        category.id
                    ),
                    label,
                )
                .with_help(format!(
                    "say how long `{}` is kept: `retention:` with a `period` (and its `trigger`) or a `schedule` entry, on the category or for the whole activity",
                    category.id
                ));
            if a.retention.is_some() {
                d = ctx.also(
                    d,
                    "/retention",
                    "the activity's retention gives no period either",
                );
            }
            out.push(d);
        }
    }
}
