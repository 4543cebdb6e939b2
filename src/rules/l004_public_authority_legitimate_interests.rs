//! L004: a public authority relying on legitimate interests for its tasks.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::Role;

rule! {
    /// ## What it checks
    /// A controller marked `public_authority: true` in the project file with
    /// a lawful basis on Art 6(1)(f) (`article_6: f`) for a purpose that is
    /// not marked `public_task: false`. One finding per basis and purpose. A
    /// purpose with no `public_task` is taken to be part of the authority's
    /// tasks, since that is what a public authority's processing usually is;
    /// `public_task: false` records that it is not (for example, running the
    /// staff canteen). Not checked for a processor's record.
    ///
    /// ## Why it matters
    /// The last subparagraph of Art 6(1): point (f) "shall not apply to
    /// processing carried out by public authorities in the performance of
    /// their tasks". Such processing needs another basis, usually Art 6(1)(e)
    /// public task or (c) legal obligation. A public authority may still rely
    /// on (f) for processing outside its tasks. Who is a public authority is
    /// for the law to say (in the UK, DPA 2018 s.7); the project file records
    /// the answer. Whether a given purpose is "in the performance of their
    /// tasks" is a judgement this rule leaves to the author, through
    /// `public_task`.
    ///
    /// ## Example
    /// Fails: a council relies on legitimate interests for its licensing.
    ///
    /// ```yaml
    /// purposes:
    ///   - {id: licensing, name: Taxi licensing}
    /// lawful_bases:
    ///   - {purposes: [licensing], article_6: f, legitimate_interests_assessment: LIA-7}
    /// ```
    ///
    /// Passes: the basis is public task; or the purpose is outside the
    /// council's tasks and says so.
    ///
    /// ```yaml
    /// purposes:
    ///   - {id: licensing, name: Taxi licensing, public_task: true}
    ///   - {id: lettings, name: Letting the council's event hall commercially, public_task: false}
    /// lawful_bases:
    ///   - {purposes: [licensing], article_6: e}
    ///   - {purposes: [lettings], article_6: f, legitimate_interests_assessment: LIA-8}
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 6(1), last subparagraph; Recital 47; DPA 2018 s.7.
    pub struct PublicAuthorityLegitimateInterests;
    code: "L004",
    name: "public-authority-legitimate-interests",
    severity: Error,
    reference: "UK GDPR / GDPR Art 6(1) last subparagraph",
}

impl Rule for PublicAuthorityLegitimateInterests {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        let Some(org) = ctx.controller() else {
            return;
        };
        if !org.public_authority || a.role == Role::Processor {
            return;
        }
        for (j, b) in a.lawful_bases.iter().enumerate() {
            if b.article_6.as_deref() != Some("f") {
                continue;
            }
            for (i, purpose) in a.purposes.iter().enumerate() {
                if !b.purposes.contains(&purpose.id) || purpose.public_task == Some(false) {
                    continue;
                }
                let (at, label, task) = if purpose.public_task == Some(true) {
                    (
                        format!("/purposes/{i}/public_task"),
                        "one of its tasks",
                        "which is one of its tasks",
                    )
                } else {
                    (
                        format!("/purposes/{i}/id"),
                        "not marked `public_task: false`",
                        "which is not marked as outside its tasks",
                    )
                };
                let d = ctx
                    .finding(
                        &Self::META,
                        &format!("/lawful_bases/{j}/article_6"),
                        format!(
                            "`{}` is a public authority, and {} relies on Art 6(1)(f) legitimate interests for purpose `{}`, {task}",
                            org.id,
                            b.name(j),
                            purpose.id
                        ),
                        "legitimate interests",
                    )
                    .with_help(format!(
                        "Art 6(1)(f) does not apply to a public authority's processing in the performance of its tasks: rely on another basis (usually `article_6: e`, public task), or, if `{}` is outside the authority's tasks, mark it `public_task: false`",
                        purpose.id
                    ));
                out.push(ctx.also(d, &at, label));
            }
        }
    }
}
