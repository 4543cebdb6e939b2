//! L008: (UK) a Schedule 1 condition that needs an appropriate policy
//! document, with none referred to.

use super::{Context, Rule, blank, join, rule};
use crate::diagnostic::Diagnostic;
use crate::law;
use crate::model::assessment::DocumentKind;
use crate::model::project::Jurisdiction;

rule! {
    /// ## What it checks
    /// Under UK law, a lawful basis relying on a Schedule 1 condition that is
    /// met only with an appropriate policy document (APD) in place, with no
    /// APD referred to. The reference is the basis's
    /// `appropriate_policy_document`, or a document of kind
    /// `appropriate-policy-document` in `documents` (an APD usually covers
    /// all of a controller's Schedule 1 processing, so one listed there
    /// counts for every basis). One finding per basis.
    ///
    /// The conditions that need one are a table in `src/law.rs`
    /// (`POLICY_DOCUMENT_NEEDED`): Part 1 para 1 (para 1(1)(b)); every Part 2
    /// condition, paras 6-28 (para 5(1), "except as otherwise provided");
    /// Part 3 paras 36 and 37, which work through Part 2. The Part 2
    /// exceptions are not verified against legislation.gov.uk (marked [M] in
    /// the domain reference): para 13 is left out (para 13(3)), and paras 10
    /// and 27, whose APD is not needed for a disclosure to a competent
    /// authority or an anti-doping body (paras 10(2), 27(3)), are checked with
    /// that exception given as a note. Para 37 is listed by reading it with
    /// para 20, also [M]. Where an exception applies, suppress L008 on the
    /// assessment with the reason.
    ///
    /// ## Why it matters
    /// Without the APD the condition is not met, so the Art 9 or Art 10
    /// processing it supports has no basis in UK law (DPA 2018 s.10). The APD
    /// explains how the controller complies with the Art 5 principles for
    /// that processing and its retention and erasure policy (Sch 1 para 39);
    /// it is kept until six months after the processing ends and given to the
    /// ICO on request (para 40); and the record of processing names the
    /// condition, the lawful basis and whether the data is kept and erased as
    /// the APD says (para 41).
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// lawful_bases:
    ///   - {purposes: [staff-safety], article_6: e, article_9: g, schedule_1: [6]}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// lawful_bases:
    ///   - purposes: [staff-safety]
    ///     article_6: e
    ///     article_9: g
    ///     schedule_1: [6]
    ///     appropriate_policy_document: "Special category and criminal offence data policy, v3"
    /// ```
    ///
    /// ## References
    /// DPA 2018 s.10 and Schedule 1 paras 1(1)(b), 5, 36, 39-41.
    pub struct Schedule1WithoutPolicyDocument;
    code: "L008",
    name: "schedule-1-without-policy-document",
    severity: Error,
    reference: "DPA 2018 Sch 1 paras 1(1)(b), 5(1), 39",
}

impl Rule for Schedule1WithoutPolicyDocument {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if ctx.model.jurisdiction != Jurisdiction::Uk {
            return;
        }
        let a = ctx.assessment();
        let listed = a
            .documents
            .iter()
            .any(|d| d.kind == Some(DocumentKind::AppropriatePolicyDocument));
        if listed {
            return;
        }
        for (j, b) in a.lawful_bases.iter().enumerate() {
            if !blank(b.appropriate_policy_document.as_deref()) {
                continue;
            }
            let needs: Vec<(usize, &law::PolicyDocumentNeed)> = b
                .schedule_1
                .iter()
                .enumerate()
                .filter_map(|(k, &p)| law::policy_document_needed(p).map(|n| (k, n)))
                .collect();
            let Some(&(first, _)) = needs.first() else {
                continue;
            };
            // "DPA 2018 Sch 1 Part 2 para 18 (...) and Part 2 para 10 (...)".
            let conditions: Vec<String> = needs
                .iter()
                .enumerate()
                .map(|(m, (_, n))| {
                    let label = law::schedule_1_label(n.paragraph);
                    match label.strip_prefix("DPA 2018 Sch 1 ") {
                        Some(short) if m > 0 => short.to_owned(),
                        _ => label,
                    }
                })
                .collect();
            let mut required_by: Vec<&str> = Vec::new();
            for (_, n) in &needs {
                if !required_by.contains(&n.required_by) {
                    required_by.push(n.required_by);
                }
            }
            let conditions: Vec<&str> = conditions.iter().map(String::as_str).collect();
            let (which, verb) = if needs.len() == 1 {
                ("the condition", "needs")
            } else {
                ("the conditions", "each need")
            };
            let mut d = ctx
                .finding(
                    &Self::META,
                    &format!("/lawful_bases/{j}/schedule_1/{first}"),
                    format!(
                        "{} relies on {}, which {verb} an appropriate policy document ({}), but none is referred to",
                        b.name(j),
                        join(&conditions),
                        required_by.join("; ")
                    ),
                    "needs an appropriate policy document",
                )
                .with_help(format!(
                    "refer to the APD with `appropriate_policy_document:` on this basis, or list it under `documents:` with `kind: appropriate-policy-document`; without it {which} {} not met",
                    if needs.len() == 1 { "is" } else { "are" }
                ));
            for &(k, _) in &needs[1..] {
                d = ctx.also(
                    d,
                    &format!("/lawful_bases/{j}/schedule_1/{k}"),
                    "also needs one",
                );
            }
            for (_, n) in &needs {
                if let Some(except) = n.except {
                    d = d.with_note(format!(
                        "{except}; if that is this processing, suppress L008 here with that reason"
                    ));
                }
            }
            out.push(d);
        }
    }
}
