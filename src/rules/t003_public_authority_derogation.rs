//! T003: a public authority relying on a derogation Art 49(3) denies it in
//! the exercise of its public powers.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::law;

rule! {
    /// ## What it checks
    /// A transfer whose `derogation` is Art 49(1)(a) explicit consent, (b)
    /// or (c) a contract, or the second subparagraph (compelling
    /// legitimate interests), in an activity whose controller is a public
    /// authority (`public_authority: true` in the project file). An
    /// activity whose purposes all say `public_task: false` is not checked:
    /// its author says it is not the exercise of public powers. A purpose
    /// that says nothing counts as public.
    ///
    /// ## Why it matters
    /// Art 49(3): points (a), (b) and (c) of Art 49(1) and its second
    /// subparagraph "shall not apply to activities carried out by public
    /// authorities in the exercise of their public powers". A council or a
    /// police body that sends data abroad on a data subject's consent or a
    /// contract, in the course of its statutory functions, has no lawful
    /// footing for the transfer; Art 49(1)(d) (important reasons of public
    /// interest recognised in law) or an Art 46(2)(a) / 46(3)(b) instrument
    /// between public bodies is the route the law leaves open.
    ///
    /// Where the exercise of public powers ends is not settled: the EDPB's
    /// Guidelines 2/2018 on Art 49 do not draw the line, and a public
    /// authority also acts as an ordinary contracting party (buying
    /// services, employing staff). The file does not tie a transfer to a
    /// purpose, so the rule judges by the activity's purposes as a whole:
    /// mark them `public_task: false` when the activity is not the exercise
    /// of public powers, or suppress T003 for the file with the reason.
    ///
    /// ## Example
    /// Fails (the controller is a public authority):
    ///
    /// ```yaml
    /// purposes:
    ///   - {id: P1, name: Housing allocations, public_task: true}
    /// transfers:
    ///   - {id: t1, recipient: relocation-agent, country: AU, derogation: a}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// purposes:
    ///   - {id: P1, name: Housing allocations, public_task: true}
    /// transfers:
    ///   - id: t1
    ///     recipient: relocation-agent
    ///     country: AU
    ///     mechanisms: [uk-idta]
    ///     transfer_risk_assessment: TRA-2026-011
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 49(1), 49(3), 46(2)(a), 46(3)(b); EDPB
    /// Guidelines 2/2018 on derogations of Article 49.
    pub struct PublicAuthorityDerogation;
    code: "T003",
    name: "derogation-unavailable-to-public-authority",
    severity: Error,
    reference: "UK GDPR / GDPR Art 49(3)",
}

/// The derogations Art 49(3) withholds from public authorities.
const WITHHELD: [&str; 4] = ["a", "b", "c", "compelling-legitimate-interests"];

/// "Art 49(1)(a) explicit consent", "the compelling legitimate interests
/// derogation (Art 49(1) second subparagraph)".
fn derogation_name(point: &str) -> String {
    if point == "compelling-legitimate-interests" {
        "the compelling legitimate interests derogation (Art 49(1) second subparagraph)".into()
    } else {
        law::derogation(point).into()
    }
}

impl Rule for PublicAuthorityDerogation {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(controller) = ctx.controller().filter(|c| c.public_authority) else {
            return;
        };
        let a = ctx.assessment();
        if !a.purposes.is_empty() && a.purposes.iter().all(|p| p.public_task == Some(false)) {
            return;
        }
        let public_purpose = a.purposes.iter().position(|p| p.public_task == Some(true));
        let home = ctx.model.home();
        for (i, t) in a.transfers.iter().enumerate() {
            let Some(point) = t.derogation.as_deref() else {
                continue;
            };
            // Within the controller's home it is no transfer: Chapter V
            // does not apply.
            if !home.third_country(&t.country) {
                continue;
            }
            if !WITHHELD.contains(&point) {
                continue;
            }
            let mut d = ctx.finding(
                &Self::META,
                &format!("/transfers/{i}/derogation"),
                format!(
                    "transfer `{}` relies on {}, which Art 49(3) denies to `{}`, a public authority, in the exercise of its public powers",
                    t.id,
                    derogation_name(point),
                    controller.id
                ),
                "not available to a public authority",
            );
            if let Some(k) = public_purpose {
                d = ctx.also(d, &format!("/purposes/{k}/public_task"), "a public task");
            }
            out.push(d.with_help(
                "rely on an Art 46 safeguard (between public bodies, an Art 46(2)(a) instrument) or, where the law recognises the public interest, Art 49(1)(d); if the activity is not the exercise of public powers, set `public_task: false` on its purposes",
            ));
        }
    }
}
