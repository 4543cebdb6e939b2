//! C002: another controller receives the data with no agreement recorded.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::{JointArrangement, RecipientKind};

rule! {
    /// ## What it checks
    /// A recipient of kind `controller` or `joint-controller` with no
    /// agreement recorded (a data sharing or information sharing agreement,
    /// a joint controller arrangement, a framework such as a sharing
    /// charter, or a contract) that is not marked `ended`. For a
    /// `joint-controller`, the assessment's own `joint_arrangement` counts.
    ///
    /// ## Why it matters
    /// The ICO's data sharing code of practice expects a data sharing
    /// agreement as good practice when data is shared with another
    /// controller, and joint controllers must set out their
    /// responsibilities in an arrangement (Art 26(1)). An agreement is not
    /// always required by law, so this is a warning.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// recipients:
    ///   - {id: police, name: Warwickshire Police, kind: controller}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// recipients:
    ///   - id: police
    ///     name: Warwickshire Police
    ///     kind: controller
    ///     agreements: [{kind: information-sharing-agreement, reference: "ISA 12"}]
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 26(1); ICO data sharing code of practice (DPA
    /// 2018 s.121).
    pub struct SharingWithoutAgreement;
    code: "C002",
    name: "sharing-without-agreement",
    severity: Warning,
    reference: "UK GDPR / GDPR Art 26(1); ICO data sharing code (DPA 2018 s.121)",
}

impl Rule for SharingWithoutAgreement {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        for (i, r) in a.recipients.iter().enumerate() {
            let arranged = r.kind == RecipientKind::JointController
                && a.joint_arrangement
                    .as_ref()
                    .is_some_and(JointArrangement::is_live);
            if !r.is_other_controller() || arranged || r.live_agreements().next().is_some() {
                continue;
            }
            out.push(
                ctx.finding(
                    &Self::META,
                    &format!("/recipients/{i}/kind"),
                    format!(
                        "data is shared with the {} `{}` and no agreement is recorded",
                        r.kind.as_str().replace('-', " "),
                        r.id
                    ),
                    "no data sharing agreement",
                )
                .with_help("add the data sharing agreement (or joint controller arrangement) under `agreements:`"),
            );
        }
    }
}
