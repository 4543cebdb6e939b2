//! L007: (UK) an Art 9(2) point that needs a DPA 2018 Schedule 1 condition
//! without one.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::law;
use crate::model::project::Jurisdiction;

rule! {
    /// ## What it checks
    /// Under UK law, a lawful basis whose Art 9(2) point needs a DPA 2018
    /// Schedule 1 condition, with none in the right Part in its `schedule_1`.
    /// The Parts:
    ///
    /// - points (b) employment, social security and social protection, (h)
    ///   health or social care, (i) public health and (j) archiving, research
    ///   and statistics need a condition in Part 1 (paras 1-4; s.10(2)). The
    ///   Act asks for "a condition in Part 1"; the one that normally fits is
    ///   para 1 for (b), 2 for (h), 3 for (i) and 4 for (j), which the help
    ///   suggests, but any Part 1 paragraph satisfies the rule;
    /// - point (g) reasons of substantial public interest needs a condition in
    ///   Part 2 (paras 6-28; s.10(3)).
    ///
    /// The condition must be on the same basis as the Art 9 point. L001
    /// reports special category data with no Art 9 condition at all; this
    /// rule starts where L001 stops.
    ///
    /// ## Why it matters
    /// In the UK these Art 9(2) points rest on "authorisation by, or a basis
    /// in, the law of the United Kingdom", and DPA 2018 s.10(2)-(3) say that
    /// the processing meets them only if it meets a Schedule 1 condition.
    /// Without it the Art 9(1) prohibition stands. Several conditions also
    /// need an appropriate policy document (L008) and extra entries in the
    /// record of processing (Sch 1 para 41). Not checked under EU law, where
    /// the member state's law supplies the basis in its own way.
    ///
    /// ## Example
    /// Fails: social care under Art 9(2)(h) with no Schedule 1 condition.
    ///
    /// ```yaml
    /// lawful_bases:
    ///   - {purposes: [care], article_6: e, article_9: h}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// lawful_bases:
    ///   - {purposes: [care], article_6: e, article_9: h, schedule_1: [2]}
    /// ```
    ///
    /// ## References
    /// UK GDPR Art 9(2)(b), (g)-(j); DPA 2018 s.10(1)-(3) and Schedule 1
    /// Parts 1 and 2.
    pub struct Art9WithoutSchedule1Condition;
    code: "L007",
    name: "art9-without-schedule-1-condition",
    severity: Error,
    reference: "UK GDPR Art 9(2); DPA 2018 s.10(2)-(3), Sch 1",
}

impl Rule for Art9WithoutSchedule1Condition {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if ctx.model.jurisdiction != Jurisdiction::Uk {
            return;
        }
        let a = ctx.assessment();
        for (j, b) in a.lawful_bases.iter().enumerate() {
            let Some(point) = b.article_9.as_deref() else {
                continue;
            };
            let Some((part, section)) = law::schedule_1_part_needed(point) else {
                continue;
            };
            let in_part = |p: &u8| law::schedule_1(*p).is_some_and(|(q, _)| q == part);
            if b.schedule_1.iter().any(in_part) {
                continue;
            }
            let suggestion = match law::schedule_1_part_1_for(point) {
                Some(paragraph) => format!(
                    "add `schedule_1: [{paragraph}]` ({}) to this basis, or the Part 1 condition that applies",
                    law::schedule_1_label(paragraph)
                ),
                None => "add the Part 2 condition relied on to this basis, e.g. `schedule_1: [6]` (statutory and government purposes) or `[18]` (safeguarding of children and individuals at risk)".to_owned(),
            };
            let mut d = ctx
                .finding(
                    &Self::META,
                    &format!("/lawful_bases/{j}/article_9"),
                    format!(
                        "{} relies on {}, which in the UK needs a DPA 2018 Schedule 1 Part {part} condition ({section}); none is given",
                        b.name(j),
                        law::article_9_label(point)
                    ),
                    format!("needs a Part {part} condition"),
                )
                .with_help(suggestion);
            if !b.schedule_1.is_empty() {
                let given: Vec<String> = b
                    .schedule_1
                    .iter()
                    .map(|&p| law::schedule_1_label(p))
                    .collect();
                d = ctx.also(
                    d,
                    &format!("/lawful_bases/{j}/schedule_1"),
                    format!("not in Part {part}: {}", given.join("; ")),
                );
            }
            out.push(d);
        }
    }
}
