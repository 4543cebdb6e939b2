//! C004: a processor with no compliance check in the last twelve months.

use super::{Context, Rule, rule};
use crate::date::PartialDate;
use crate::diagnostic::Diagnostic;
use crate::model::assessment::{Known, RecipientKind};

rule! {
    /// ## What it checks
    /// A processor the controller engages (a recipient of kind `processor`,
    /// or a `sub-processor` that names no processor engaging it) with no
    /// `compliance_checks`, or none dated in the twelve months before the
    /// as-of date (`--as-of`, default today). A check dated only by month
    /// or year counts until the end of that month or year; a check dated
    /// after the as-of date does not count. A superseded activity, or one
    /// whose `dates.end` has passed, is not checked. One finding per
    /// processor, at its latest check; a sub-processor is not reported on
    /// its own: its processor answers for it (Art 28(4)), and the check of
    /// the processor is the controller's to record.
    ///
    /// The finding is a note (`info`): it never fails a run, `dpia check`
    /// lists it, and the dashboard counts the processors not checked in its
    /// totals. A DPIA report's Annex A lists only errors and warnings, so it
    /// leaves the note out: it is about keeping the record of processing and
    /// the processor relationship, not about the DPIA (DPIAs rarely record
    /// processor audits, and one note per processor would crowd the findings
    /// a DPO signs off). A project that wants it in its DPIAs raises it
    /// (`rules: {C004: warning}`), and Annex A then lists it.
    ///
    /// ## Why it matters
    /// The controller may use only processors that give "sufficient
    /// guarantees" (Art 28(1)), and the contract must let it audit and
    /// inspect them (Art 28(3)(h)); it stays accountable for what they do
    /// (Art 5(2), 24(1)). A contract nobody checks against is a guarantee on
    /// paper. The ICO's audit of police and crime commissioners' offices
    /// (December 2020) found that they "were not conducting compliance checks on
    /// data processors to ensure that they were meeting and adhering to the
    /// conditions of their contracts and the GDPR principles".
    ///
    /// Twelve months is dpia's yardstick, not a period the law sets: the
    /// GDPR asks for checks proportionate to the risk, which is why this is
    /// a note and not a warning. The processor must impose the same duties
    /// on its sub-processors and remains liable for them (Art 28(4)): a
    /// check of the processor that covers its sub-processors (their audit
    /// reports, their certification) is recorded on the processor.
    ///
    /// ## Example
    /// Fails (checked as of 2026-11-30):
    ///
    /// ```yaml
    /// recipients:
    ///   - id: payroll
    ///     name: Payroll bureau
    ///     kind: processor
    ///     compliance_checks: [{date: 2024-06-12, by: Internal audit}]
    /// ```
    ///
    /// Passes: the processor was checked this year; its sub-processor is
    /// its to check.
    ///
    /// ```yaml
    /// recipients:
    ///   - id: payroll
    ///     name: Payroll bureau
    ///     kind: processor
    ///     compliance_checks: [{date: 2026-06-10, by: Internal audit, outcome: No issues}]
    ///   - {id: print, name: Payslip printing, kind: sub-processor, processor: payroll}
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 28(1), 28(3)(h), 28(4), 5(2), 24(1); ICO overview
    /// report on Offices of Police and Crime Commissioners, December 2020,
    /// "Compliance checks".
    pub struct ProcessorNotChecked;
    code: "C004",
    name: "processor-not-checked",
    severity: Info,
    reference: "UK GDPR / GDPR Art 28(1), 28(3)(h), 28(4)",
}

/// "on 2026-06-10", "in 2026-06", "in 2026".
fn when(date: PartialDate) -> String {
    if date.day.is_some() {
        format!("on {date}")
    } else {
        format!("in {date}")
    }
}

impl Rule for ProcessorNotChecked {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        if !ctx.is_current() {
            return;
        }
        let today = ctx.as_of.first_day();
        let cutoff = (today.0.saturating_sub(1), today.1, today.2);
        for (i, r) in a.recipients.iter().enumerate() {
            // The processors the controller engages: a sub-processor
            // engaged by one of them is its processor's to check.
            let engaged_by_controller = match r.kind {
                Known::Is(RecipientKind::Processor) => true,
                Known::Is(RecipientKind::SubProcessor) => r.processor.is_none(),
                _ => false,
            };
            if !engaged_by_controller {
                continue;
            }
            let latest = r
                .compliance_checks
                .iter()
                .enumerate()
                .filter(|(_, c)| c.date.first_day() <= today)
                .max_by_key(|(_, c)| c.date.last_day());
            let d = match latest {
                Some((_, c)) if c.date.last_day() >= cutoff => continue,
                Some((j, c)) => ctx.finding(
                    &Self::META,
                    &format!("/recipients/{i}/compliance_checks/{j}/date"),
                    format!(
                        "{} `{}` was last checked {}, more than twelve months before {}",
                        r.kind.as_str(),
                        r.id,
                        when(c.date),
                        ctx.as_of
                    ),
                    "the latest check",
                ),
                None if r.compliance_checks.is_empty() => ctx.finding(
                    &Self::META,
                    &format!("/recipients/{i}/kind"),
                    format!(
                        "{} `{}` has no compliance check recorded",
                        r.kind.as_str(),
                        r.id
                    ),
                    "no `compliance_checks`",
                ),
                None => ctx.finding(
                    &Self::META,
                    &format!("/recipients/{i}/compliance_checks"),
                    format!(
                        "{} `{}` has no compliance check recorded on or before {}",
                        r.kind.as_str(),
                        r.id,
                        ctx.as_of
                    ),
                    "only checks dated later",
                ),
            };
            out.push(d.with_help(
                "check that it meets its contract and Art 28 (security, sub-processors, breaches, audit rights) and record it under `compliance_checks:` with the date, who checked and the outcome; a check of its sub-processors is recorded on it too",
            ));
        }
    }
}
