//! P002: no privacy notice referred to.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::{DocumentKind, Role};

rule! {
    /// ## What it checks
    /// A controller's activity whose `documents` list no document of kind
    /// `privacy-notice`: the notice that tells individuals about this
    /// processing. Not checked for a processor's record (informing
    /// individuals is the controller's duty).
    ///
    /// ## Why it matters
    /// Processing must be transparent (Art 5(1)(a)). Individuals are given
    /// the Art 13 information when the data is collected from them, and the
    /// Art 14 information within a month when it is not; Art 12(1) asks for
    /// it in a concise, intelligible and easily accessible form. A DPIA or a
    /// record that cannot point to the notice gives no assurance that
    /// individuals were told, and the ICO's audit of police and crime
    /// commissioners (2020) found privacy notices that did not say what
    /// was collected, why, who it was shared with or how to exercise rights.
    /// It is a warning: the rule sees only whether a notice is referred to,
    /// not what it says, and there are exemptions, such as Art 14(5)
    /// (disproportionate effort, a legal duty to obtain or disclose,
    /// professional secrecy) and DPA 2018 Schedule 2 (for example crime and
    /// taxation, para 2). Where one applies, suppress P002 on the assessment
    /// with the reason. A notice given another way (a letter to each person,
    /// a form) can be listed as a document of kind `privacy-notice` too.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// documents:
    ///   - {kind: retention-schedule, title: Records retention schedule}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// documents:
    ///   - {kind: privacy-notice, title: Adult social care privacy notice, reference: "https://example.gov.uk/privacy/adult-social-care"}
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 5(1)(a), Arts 12(1), 13, 14 (14(5)); DPA 2018
    /// Schedule 2.
    pub struct NoPrivacyNotice;
    code: "P002",
    name: "no-privacy-notice",
    severity: Warning,
    reference: "UK GDPR / GDPR Art 5(1)(a), 13, 14",
}

impl Rule for NoPrivacyNotice {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        if a.role == Role::Processor {
            return;
        }
        if a.documents
            .iter()
            .any(|d| d.kind == Some(DocumentKind::PrivacyNotice))
        {
            return;
        }
        let (pointer, label) = if ctx.doc().node("/documents").is_some() {
            ("/documents", "no `kind: privacy-notice`")
        } else {
            ("/id", "no `documents`")
        };
        out.push(
            ctx.finding(
                &Self::META,
                pointer,
                format!(
                    "`{}` refers to no privacy notice telling individuals about the processing (Arts 13, 14)",
                    a.id
                ),
                label,
            )
            .with_help("list the privacy notice under `documents:` with `kind: privacy-notice` and where to find it; if an exemption applies (Art 14(5), DPA 2018 Sch 2), suppress P002 here with the reason"),
        );
    }
}
