//! C001: a processor with no contract or other legal act recorded.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::CONTRACT_KINDS;

rule! {
    /// ## What it checks
    /// A recipient of kind `processor` or `sub-processor` with no agreement
    /// of a contract kind (`contract`, `data-processing-agreement`,
    /// `framework` or `terms-of-service`), or other legal act (`legal-act`),
    /// that is not marked `ended`. A
    /// recipient whose role is unknown or not captured from the source
    /// (`kind: {not: known}`), with no contract recorded, is an open question
    /// (information): it may be a processor.
    ///
    /// ## Why it matters
    /// "Processing by a processor shall be governed by a contract or other
    /// legal act" with the terms Art 28(3)(a)-(h) lists, and a processor
    /// engaging another must impose the same obligations by contract or
    /// other legal act (Art 28(4)). A legal act under Union or Member State
    /// law that binds the processor does instead of a contract: the European
    /// Commission processes data for the EU interoperability gateway of
    /// national contact tracing apps under Commission Implementing Decision
    /// (EU) 2020/1023 (kind `legal-act`). The register links each processor
    /// to its contract or legal act. The
    /// ICO's 2020 audit of police and crime commissioners' offices found processors with no contract in place.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// recipients:
    ///   - {id: mailer, name: Bulk email provider, kind: processor}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// recipients:
    ///   - id: mailer
    ///     name: Bulk email provider
    ///     kind: processor
    ///     agreements: [{kind: data-processing-agreement, reference: "DPA-2024-017"}]
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 28(3), 28(4), Art 30(1)(d); ICO overview report on
    /// Offices of Police and Crime Commissioners, December 2020.
    pub struct ProcessorWithoutContract;
    code: "C001",
    name: "processor-without-contract",
    severity: Error,
    reference: "UK GDPR / GDPR Art 28(3), 28(4)",
}

impl Rule for ProcessorWithoutContract {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        for (i, r) in a.recipients.iter().enumerate() {
            // A recipient whose role is unknown or not captured may be a
            // processor: without a contract recorded, that is a question.
            if r.kind.is_open() && r.contracts().next().is_none() {
                out.push(
                    ctx.open_question(
                        &Self::META,
                        &format!("/recipients/{i}/kind"),
                        format_args!(
                            "the role of recipient `{}` is {}: if it is a processor, Art 28(3) requires a contract, and none is recorded",
                            r.id,
                            r.kind.as_str()
                        ),
                        format!("role {}", r.kind.as_str()),
                    )
                    .with_help("give its `kind` when it is known; a processor's contract goes under `agreements:`"),
                );
                continue;
            }
            if !r.lacks_contract() {
                continue;
            }
            let ended = r
                .agreements
                .iter()
                .any(|g| CONTRACT_KINDS.contains(&g.kind.as_str()));
            let label = if ended {
                "its only contract has ended"
            } else {
                "no contract or legal act recorded"
            };
            out.push(
                ctx.finding(
                    &Self::META,
                    &format!("/recipients/{i}/kind"),
                    format!(
                        "{} `{}` has no contract or other legal act recorded (Art 28(3))",
                        r.kind.as_str(),
                        r.id
                    ),
                    label,
                )
                .with_help("add the contract under `agreements:` (kind `contract` or `data-processing-agreement`, or `legal-act` for another legal act that binds the processor, with its reference or link)"),
            );
        }
    }
}
