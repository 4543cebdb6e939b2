//! G008: a project setting that loosens the gate.

use super::{Context, Rule, loosening, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// ## What it checks
    /// The project file (`dpia.yaml`) turning a rule off, or an error rule
    /// down to a warning (`rules: {R001: off}`), and a custom risk matrix
    /// whose highest rating does not require prior consultation
    /// (`requires_prior_consultation: false` at the top level, so that no
    /// risk can ever reach R001). Each is reported once, at its line.
    ///
    /// ## Why it matters
    /// `dpia check` is the gate that keeps unmitigated high risk out of a
    /// portfolio; its exit code is what the DPO trusts. A project may have
    /// good reason to set a rule's severity or to use its own matrix, but a
    /// one-line change to the project file must not silently turn the gate
    /// off. So every such setting is a finding here, named on the summary
    /// line of every format, on each report and on the dashboard, and
    /// `--strict` ignores it. G008 itself cannot be turned off or
    /// suppressed.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// # dpia.yaml
    /// rules:
    ///   R001: off
    /// ```
    ///
    /// Passes: no rule below its default severity, or a rule raised
    /// (`R003: error`).
    ///
    /// ## References
    /// UK GDPR and GDPR Art 5(2), 24(1) (accountability), 35(7), 36(1).
    pub struct LoosenedGate;
    code: "G008",
    name: "loosened-gate",
    severity: Warning,
    reference: "UK GDPR / GDPR Art 5(2), 24(1), 36(1)",
}

impl Rule for LoosenedGate {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for loose in loosening(ctx.project) {
            let mut d = Diagnostic::finding(Self::META.code, Self::META.severity, loose.message)
                .with_label(loose.file, loose.range, loose.label)
                .with_help(loose.help);
            d.reference = Some(Self::META.reference);
            d.rule_name = Some(Self::META.name);
            out.push(d);
        }
    }
}
