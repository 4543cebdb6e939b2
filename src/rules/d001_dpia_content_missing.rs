//! D001: a DPIA without a part Art 35(7) requires.

use super::{Context, Rule, blank, join, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::Status;

rule! {
    /// ## What it checks
    /// A DPIA (a file with risks, measures, necessity, consultation or
    /// sign-off) that lacks one of the parts Art 35(7) lists: the
    /// systematic description of the processing and its purposes
    /// (`description` with its nature, scope, context or purposes), the
    /// assessment of necessity and proportionality (`necessity`), the
    /// assessment of the risks (`risks`), or the measures envisaged to
    /// address them (`measures`). A superseded DPIA is not checked. While
    /// the DPIA is a draft the finding is a warning.
    ///
    /// ## Why it matters
    /// Art 35(7) sets the minimum content of every DPIA; one without these
    /// parts is not a DPIA in law, whatever its sign-off says. The ICO
    /// template's steps 2, 4, 5 and 6 are these parts.
    ///
    /// ## Example
    /// Fails: risks, but no description or necessity.
    ///
    /// ```yaml
    /// status: in-review
    /// risks:
    ///   - {id: R1, title: Staff browse records, measures: [M1]}
    /// measures:
    ///   - {id: M1, description: Role-based access and audit}
    /// ```
    ///
    /// Passes: all four parts are there.
    ///
    /// ```yaml
    /// status: in-review
    /// description:
    ///   nature: Caseworkers record contacts in the casework system.
    /// necessity:
    ///   summary: The statutory duty cannot be met without a record.
    /// risks:
    ///   - {id: R1, title: Staff browse records, measures: [M1]}
    /// measures:
    ///   - {id: M1, description: Role-based access and audit}
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 35(7)(a)-(d); ICO DPIA template steps 2, 4, 5
    /// and 6.
    pub struct DpiaContentMissing;
    code: "D001",
    name: "dpia-content-missing",
    severity: Error,
    reference: "UK GDPR / GDPR Art 35(7)(a)-(d)",
}

impl Rule for DpiaContentMissing {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        if !ctx.is_dpia() || a.status == Status::Superseded {
            return;
        }
        let described = a.description.as_ref().is_some_and(|d| {
            [&d.nature, &d.scope, &d.context, &d.purposes]
                .iter()
                .any(|t| !blank(t.as_deref()))
        });
        let mut missing = Vec::new();
        if !described {
            missing
                .push("a description of the processing and its purposes (`description`, 35(7)(a))");
        }
        if !a
            .necessity
            .as_ref()
            .is_some_and(crate::model::assessment::Necessity::is_answered)
        {
            missing.push("an assessment of necessity and proportionality (`necessity`, 35(7)(b))");
        }
        if a.risks.is_empty() {
            missing.push("an assessment of the risks (`risks`, 35(7)(c))");
        }
        if a.measures.is_empty() {
            missing.push("the measures envisaged to address the risks (`measures`, 35(7)(d))");
        }
        if missing.is_empty() {
            return;
        }
        out.push(
            ctx.completeness_finding(
                &Self::META,
                "/status",
                format!("DPIA `{}` lacks {}", a.id, join(&missing)),
                format!("a DPIA, {}", a.status.as_str()),
            )
            .with_help("complete the missing parts (ICO template steps 2, 4, 5 and 6)"),
        );
    }
}
