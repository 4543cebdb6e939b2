//! L003: a purpose that no Art 6(1) lawful basis covers.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::{LawfulBasis, Role};

rule! {
    /// ## What it checks
    /// Each entry of `purposes` that no entry of `lawful_bases` with an
    /// `article_6` point lists in its `purposes`. A basis that covers the
    /// purpose with only an Art 9 condition, an Art 10 basis or a Schedule 1
    /// condition does not count: those come in addition to an Art 6 basis,
    /// not instead of it. Not checked for a processor's record
    /// (`role: processor`): the lawful basis is the controller's. When no
    /// basis gives an Art 6 point at all, one finding names every purpose.
    ///
    /// ## Why it matters
    /// Processing is lawful "only if and to the extent that" one of the six
    /// Art 6(1) bases applies, and it must apply to each purpose (Art
    /// 6(1)(a) speaks of "one or more specific purposes"; the ICO asks for the
    /// basis of each purpose). The controller must be able to show which one
    /// (Art 5(2)), name it in the privacy notice (Art 13(1)(c), 14(1)(c)) and,
    /// in a DPIA, assess it (Art 35(7)(b); ICO template step 4). The basis
    /// also decides which rights individuals have (Arts 17(3)(b), 20(1),
    /// 21(1)).
    ///
    /// ## Example
    /// Fails: the second purpose has no basis.
    ///
    /// ```yaml
    /// purposes:
    ///   - {id: care, name: Providing social care, public_task: true}
    ///   - {id: reporting, name: Statutory returns to government, public_task: true}
    /// lawful_bases:
    ///   - {purposes: [care], article_6: e}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// lawful_bases:
    ///   - {purposes: [care], article_6: e}
    ///   - {purposes: [reporting], article_6: c, law: Children Act 1989}
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 6(1), Art 5(1)(a) and 5(2), Art 13(1)(c).
    pub struct PurposeWithoutArt6Basis;
    code: "L003",
    name: "purpose-without-art6-basis",
    severity: Error,
    reference: "UK GDPR / GDPR Art 6(1), 5(2)",
}

impl Rule for PurposeWithoutArt6Basis {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        if a.role == Role::Processor {
            return;
        }
        // No Art 6 basis at all: one finding for the whole list, not one
        // per purpose.
        if a.purposes.len() > 1 && a.lawful_bases.iter().all(|b| b.article_6.is_none()) {
            let ids: Vec<&str> = a.purposes.iter().map(|p| p.id.as_str()).collect();
            out.push(
                ctx.finding(
                    &Self::META,
                    "/purposes",
                    format!(
                        "none of the {} purposes of `{}` has an Art 6(1) lawful basis: no entry of `lawful_bases` gives an `article_6` point ({})",
                        ids.len(),
                        a.id,
                        ids.join(", ")
                    ),
                    "no Art 6 basis for any of these",
                )
                .with_help("add `lawful_bases` entries, each with the `purposes` it covers and the `article_6` point relied on (a consent, b contract, c legal obligation, d vital interests, e public task, f legitimate interests)"),
            );
            return;
        }
        for (i, purpose) in a.purposes.iter().enumerate() {
            let lists = |b: &LawfulBasis| b.purposes.contains(&purpose.id);
            if a.lawful_bases
                .iter()
                .any(|b| lists(b) && b.article_6.is_some())
            {
                continue;
            }
            let mut d = ctx
                .finding(
                    &Self::META,
                    &format!("/purposes/{i}/id"),
                    format!(
                        "purpose `{}` has no Art 6(1) lawful basis: no entry of `lawful_bases` with an `article_6` point covers it",
                        purpose.id
                    ),
                    "no Art 6 basis",
                )
                .with_help(format!(
                    "add a lawful basis with `purposes: [{}]` and the `article_6` point relied on (a consent, b contract, c legal obligation, d vital interests, e public task, f legitimate interests)",
                    purpose.id
                ));
            for (j, b) in a.lawful_bases.iter().enumerate() {
                if lists(b) {
                    d = ctx.also(
                        d,
                        &format!("/lawful_bases/{j}/purposes"),
                        format!("{} covers it, but with no `article_6`", b.name(j)),
                    );
                }
            }
            out.push(d);
        }
    }
}
