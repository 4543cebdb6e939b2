//! L006: consent relied on with no way to withdraw it described.

use super::{Context, Rule, blank, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// ## What it checks
    /// A lawful basis on consent, Art 6(1)(a) (`article_6: a`) or explicit
    /// consent, Art 9(2)(a) (`article_9: a`), that does not say in
    /// `consent_withdrawal` how individuals withdraw it. One finding per
    /// basis.
    ///
    /// ## Why it matters
    /// Art 7(3): the data subject has the right to withdraw consent at any
    /// time, is told so before giving it, and "it shall be as easy to
    /// withdraw as to give consent". The privacy notice must mention the
    /// right (Art 13(2)(c), 14(2)(d)), and the controller must be able to
    /// show that consent was valid (Art 7(1)): an assessment that does not
    /// say how withdrawal works cannot show it. Consent that cannot be
    /// withdrawn without detriment is not freely given (Recital 42), and
    /// without valid consent the processing has no basis. The rule checks only
    /// that the route is described. It does not judge whether consent is the
    /// right basis at all: Recital 43 warns that consent is unlikely to be
    /// freely given where there is a clear imbalance between the parties, in
    /// particular where the controller is a public authority.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// lawful_bases:
    ///   - {purposes: [newsletter], article_6: a}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// lawful_bases:
    ///   - purposes: [newsletter]
    ///     article_6: a
    ///     consent_withdrawal: An unsubscribe link in every issue, or email info@example.org.
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 7(1) and 7(3), Art 6(1)(a), Art 9(2)(a), Art
    /// 13(2)(c), 14(2)(d); Recitals 42-43.
    pub struct ConsentWithoutWithdrawal;
    code: "L006",
    name: "consent-without-withdrawal",
    severity: Warning,
    reference: "UK GDPR / GDPR Art 7(3)",
}

impl Rule for ConsentWithoutWithdrawal {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        for (j, b) in a.lawful_bases.iter().enumerate() {
            if !blank(b.consent_withdrawal.as_deref()) {
                continue;
            }
            let consent = b.article_6.as_deref() == Some("a");
            let explicit = b.article_9.as_deref() == Some("a");
            let (pointer, relies_on) = match (consent, explicit) {
                (true, true) => (
                    "article_6",
                    "consent (Art 6(1)(a)) and explicit consent (Art 9(2)(a))",
                ),
                (true, false) => ("article_6", "consent (Art 6(1)(a))"),
                (false, true) => ("article_9", "explicit consent (Art 9(2)(a))"),
                (false, false) => continue,
            };
            out.push(
                ctx.finding(
                    &Self::META,
                    &format!("/lawful_bases/{j}/{pointer}"),
                    format!(
                        "{} relies on {relies_on} but does not say how consent is withdrawn (Art 7(3))",
                        b.name(j)
                    ),
                    "consent",
                )
                .with_help("describe under `consent_withdrawal:` how individuals withdraw consent, as easily as they gave it, and what happens to their data then"),
            );
        }
    }
}
