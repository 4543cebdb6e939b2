//! S005: an activity never screened whose content indicates a DPIA.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::Role;

rule! {
    /// ## What it checks
    /// A current activity (not superseded, not ended) with no screening
    /// decision and no criterion answered, whose content alone meets the
    /// criteria that require a DPIA: the WP248 criteria S004 reads from the
    /// file (special category or criminal offence data, children or
    /// vulnerable data subjects, a subject count at or above
    /// `screening.large_scale_subjects`, automated decision-making), counted
    /// against the project's threshold. `dpia screen` shows the reasoning.
    ///
    /// ## Why it matters
    /// Art 35(1) requires a DPIA before processing likely to result in a
    /// high risk, so every activity needs a screening decision. The ICO's
    /// 2020 audit of police and crime commissioners' offices found no process to decide when a DPIA is needed;
    /// a record of processing with no screening and content like this is
    /// where that shows. The content can only imply some criteria, so this
    /// is a warning, and screening the activity (either way) settles it.
    ///
    /// ## Example
    /// Fails: no screening, children's health data.
    ///
    /// ```yaml
    /// data_subjects: [{id: pupils, name: Pupils, children: true}]
    /// data_categories: [{id: health, name: Health needs, special_category: true}]
    /// ```
    ///
    /// Passes: screened.
    ///
    /// ```yaml
    /// screening:
    ///   wp248: {sensitive_data: true, vulnerable_data_subjects: true}
    ///   decision: required
    /// data_subjects: [{id: pupils, name: Pupils, children: true}]
    /// data_categories: [{id: health, name: Health needs, special_category: true}]
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 35(1), 35(3); WP248 rev.01 section III.B.a;
    /// ICO overview report on Offices of Police and Crime
    /// Commissioners, December 2020.
    pub struct UnscreenedButIndicated;
    code: "S005",
    name: "unscreened-but-dpia-indicated",
    severity: Warning,
    reference: "UK GDPR / GDPR Art 35(1); WP248 rev.01",
}

impl Rule for UnscreenedButIndicated {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        if a.role == Role::Processor || !ctx.is_current() {
            return;
        }
        let outcome = ctx.screening();
        if outcome.answered || outcome.decision.is_some() {
            return;
        }
        let policy = ctx.screening_policy();
        let implied = crate::screening::implied_by_content(a, policy);
        let with = crate::screening::screen(&crate::screening::with_implied(a, &implied), policy);
        if !with.indicated {
            return;
        }
        let mut d = ctx.finding(
            &Self::META,
            "/id",
            format!(
                "`{}` has no screening, but its content meets the criteria that require a DPIA: {}",
                a.id,
                with.reasons.join("; ")
            ),
            "never screened",
        );
        for i in &implied {
            d = ctx.also(d, &i.evidence, i.because.clone());
        }
        out.push(d.with_help(
            "add a `screening:` section with the criteria that apply and the decision (`dpia screen` shows what the content implies)",
        ));
    }
}
