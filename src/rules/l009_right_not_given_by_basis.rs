//! L009: a right offered that the lawful basis does not give.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::law;
use crate::model::assessment::Right;

rule! {
    /// ## What it checks
    /// Each right in `rights.available` that none of the assessment's lawful
    /// bases gives. Only the rights that depend on the basis are checked
    /// (erasure, portability, objection, withdrawing consent), by the table
    /// of `law::rights_for_basis` (derived from Arts 17(3)(b), 20(1) and
    /// 21(1)):
    ///
    /// | Basis | Object | Portability | Erasure |
    /// |---|---|---|---|
    /// | (a) consent | no (withdraw instead) | yes | yes |
    /// | (b) contract | no | yes | yes |
    /// | (c) legal obligation | no | no | no |
    /// | (d) vital interests | no | no | yes |
    /// | (e) public task | yes | no | no |
    /// | (f) legitimate interests | yes | no | yes |
    ///
    /// Withdrawing consent needs consent. Explicit consent under Art 9(2)(a)
    /// gives what consent gives (Arts 7(3), 17(1)(b), 20(1)(a)). Rights are
    /// stated for the whole activity, so a right counts as given if any basis
    /// gives it. The other rights (to be informed, access, rectification,
    /// restriction, Art 22) do not depend on the basis and are not checked.
    /// Without any Art 6 basis there is nothing to compare with (L003 reports
    /// that).
    ///
    /// ## Why it matters
    /// The record of processing and the privacy notice tell individuals
    /// which rights they have (Art 13(2)(b), 14(2)(c); the ICO's record
    /// template has a "rights available" column). Offering a right the basis
    /// does not give usually means the basis or the list is wrong, which
    /// misleads individuals about their rights. It is a warning because a
    /// controller may offer more than the law requires, and because the
    /// table simplifies: Art 21(2) gives an absolute right to object to
    /// direct marketing whatever the basis, Art 21(6) a right to object to
    /// research and statistics, and erasure can still apply under a legal
    /// obligation or public task where the processing is not, or no longer,
    /// necessary for it (Art 17(1), 17(3)(b) "to the extent that"). Portability
    /// also needs processing "carried out by automated means" (Art 20(1)(b)),
    /// which the file does not say. Where one of these applies, suppress the
    /// finding on the assessment with the reason.
    ///
    /// ## Example
    /// Fails: portability under public task.
    ///
    /// ```yaml
    /// lawful_bases:
    ///   - {purposes: [care], article_6: e}
    /// rights:
    ///   available: [informed, access, rectification, portability]
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// rights:
    ///   available: [informed, access, rectification, restriction, object]
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Arts 7(3), 13(2)(b), 17(3)(b), 20(1), 21(1).
    pub struct RightNotGivenByBasis;
    code: "L009",
    name: "right-not-given-by-basis",
    severity: Warning,
    reference: "UK GDPR / GDPR Arts 17(3)(b), 20(1), 21(1)",
}

/// Why a basis-dependent right is limited, for the help line.
fn limit(right: Right) -> &'static str {
    match right {
        Right::Erasure => {
            "the right to erasure does not apply to processing necessary for a legal obligation or a public task (Art 17(3)(b))"
        }
        Right::Portability => {
            "the right to data portability applies only to processing based on consent or a contract (Art 20(1)(a))"
        }
        Right::Object => {
            "the right to object (Art 21(1)) is against processing on public task or legitimate interests; under consent individuals withdraw it instead"
        }
        _ => "the right to withdraw consent exists only where consent is relied on (Art 7(3))",
    }
}

impl Rule for RightNotGivenByBasis {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        let Some(rights) = &a.rights else {
            return;
        };
        let mut points: Vec<&str> = a
            .lawful_bases
            .iter()
            .filter_map(|b| b.article_6.as_deref())
            .collect();
        points.sort_unstable();
        points.dedup();
        if points.is_empty() {
            return;
        }
        let mut given: Vec<Right> = points
            .iter()
            .flat_map(|p| law::rights_for_basis(p))
            .collect();
        if a.lawful_bases
            .iter()
            .any(|b| b.article_9.as_deref() == Some("a"))
        {
            given.extend(law::rights_for_explicit_consent());
        }
        let bases: Vec<String> = points.iter().map(|p| law::article_6_label(p)).collect();
        let (which, verb, label) = if bases.len() == 1 {
            (
                format!("the lawful basis, {},", bases[0]),
                "does not give",
                "not given by the basis",
            )
        } else {
            (
                format!("none of the lawful bases ({})", bases.join("; ")),
                "gives",
                "not given by any of the bases",
            )
        };
        for (k, &right) in rights.available.iter().enumerate() {
            if !law::right_depends_on_basis(right) || given.contains(&right) {
                continue;
            }
            out.push(
                ctx.finding(
                    &Self::META,
                    &format!("/rights/available/{k}"),
                    format!(
                        "`rights` offers the right {}, which {which} {verb}",
                        law::right_label(right)
                    ),
                    label,
                )
                .with_help(format!(
                    "{}: take it out of `rights.available` or correct the basis; if it is offered beyond what the law requires, suppress L009 here with that reason",
                    limit(right)
                )),
            );
        }
    }
}
