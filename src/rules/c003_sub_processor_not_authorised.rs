//! C003: a sub-processor with no authorisation recorded.

use super::{Context, Rule, blank, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::RecipientKind;

rule! {
    /// ## What it checks
    /// A recipient of kind `sub-processor` with no `authorisation`: the
    /// controller's written authorisation for the processor to engage it.
    ///
    /// ## Why it matters
    /// "The processor shall not engage another processor without prior
    /// specific or general written authorisation of the controller" (Art
    /// 28(2)); under a general authorisation the processor must tell the
    /// controller of any change so that it can object. The contract must
    /// say so (Art 28(3)(d)), and the sub-processor takes on the same
    /// obligations (Art 28(4)). A sub-processor nobody authorised is
    /// processing the controller's data outside the chain the controller
    /// answers for. Cloud and software-as-a-service terms often give a
    /// general authorisation for a published list of sub-processors: record
    /// that clause and the list.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// recipients:
    ///   - {id: hosting, name: Cloud host, kind: sub-processor, processor: crm-vendor}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// recipients:
    ///   - id: hosting
    ///     name: Cloud host
    ///     kind: sub-processor
    ///     processor: crm-vendor
    ///     authorisation: General written authorisation, DPA clause 7.2 and its sub-processor list (v4, 2026-02)
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 28(2), 28(3)(d), 28(4).
    pub struct SubProcessorNotAuthorised;
    code: "C003",
    name: "sub-processor-not-authorised",
    severity: Error,
    reference: "UK GDPR / GDPR Art 28(2), 28(4)",
}

impl Rule for SubProcessorNotAuthorised {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (i, r) in ctx.assessment().recipients.iter().enumerate() {
            if r.kind != RecipientKind::SubProcessor || !blank(r.authorisation.as_deref()) {
                continue;
            }
            let engaged_by = r
                .processor
                .as_deref()
                .map(|p| format!(" (engaged by `{p}`)"))
                .unwrap_or_default();
            out.push(
                ctx.finding(
                    &Self::META,
                    &format!("/recipients/{i}/kind"),
                    format!(
                        "sub-processor `{}`{engaged_by} has no written authorisation from the controller recorded (Art 28(2))",
                        r.id
                    ),
                    "no `authorisation`",
                )
                .with_help("record under `authorisation:` the controller's specific or general written authorisation (for a general one, the clause of the processing agreement and the sub-processor list it refers to)"),
            );
        }
    }
}
