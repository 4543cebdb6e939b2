//! C005: joint controllers with no arrangement between them.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::JointArrangement;

rule! {
    /// ## What it checks
    /// An assessment that names `joint_controllers` and records no
    /// `joint_arrangement`, or one marked `ended`.
    ///
    /// ## Why it matters
    /// Joint controllers "shall in a transparent manner determine their
    /// respective responsibilities for compliance", in particular for the
    /// exercise of data subjects' rights and the information of Arts 13 and
    /// 14, "by means of an arrangement between them" (Art 26(1)); its
    /// essence is made available to the data subject (Art 26(2)). Without
    /// it, no one can say which controller answers a request.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// controller: doh
    /// joint_controllers: [hse]
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// controller: doh
    /// joint_controllers: [hse]
    /// joint_arrangement:
    ///   reference: Joint controller agreement, COVID Tracker app
    ///   status: in-force
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 26(1)-(2).
    pub struct JointControllersWithoutArrangement;
    code: "C005",
    name: "joint-controllers-without-arrangement",
    severity: Error,
    reference: "UK GDPR / GDPR Art 26(1)",
}

impl Rule for JointControllersWithoutArrangement {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        if a.joint_controllers.is_empty() {
            return;
        }
        let names: Vec<&str> = ctx
            .model
            .joint_controllers
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        let ended = a.joint_arrangement.as_ref().is_some_and(|j| !j.is_live());
        if a.joint_arrangement
            .as_ref()
            .is_some_and(JointArrangement::is_live)
        {
            return;
        }
        let mut d = ctx.finding(
            &Self::META,
            "/joint_controllers",
            format!(
                "`{}` has joint controllers ({}) and {} (Art 26(1))",
                a.id,
                super::join(&names),
                if ended {
                    "the arrangement between them has ended"
                } else {
                    "no arrangement between them is recorded"
                }
            ),
            "joint controllers",
        );
        if ended {
            d = ctx.also(d, "/joint_arrangement/status", "ended");
        }
        out.push(d.with_help(
            "record the arrangement that sets out each controller's responsibilities under `joint_arrangement` (`reference`, `status`, `date`)",
        ));
    }
}
