//! G007: an assessment last touched before the GDPR applied.

use super::{Context, Rule, rule};
use crate::date::PartialDate;
use crate::diagnostic::Diagnostic;

rule! {
    /// ## What it checks
    /// An assessment or record still running (not superseded, no
    /// `dates.end` passed) whose latest date (last reviewed, updated,
    /// created, the version history, every sign-off date) is before 25 May
    /// 2018, the day the GDPR applied (in the UK with the Data Protection Act
    /// 2018, replacing the Data Protection Act 1998; in the EU replacing
    /// Directive 95/46/EC).
    ///
    /// ## Why it matters
    /// A privacy impact assessment written under the 1998 Act predates
    /// Art 35: it was not written against the Art 35(7) content, the Art 6
    /// and Art 9 conditions, Art 30 records or the Art 28 processor terms.
    /// The ICO's 2020 audit of police and crime commissioners' offices found
    /// such assessments never revisited; the bundled Youth Offending
    /// Service PIA of 2018 is one. Review it against the current law, or mark it
    /// `superseded` if the processing has ended or been reassessed.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// status: draft
    /// dates: {created: 2018-02-26, updated: 2018-02-27}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// status: approved
    /// dates: {created: 2018-02-26, last_reviewed: 2024-11-05}
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 35(11), 99(2); DPA 2018 s.212 and Sch 20;
    /// WP248 rev.01 section III.B.b (existing processing).
    pub struct PreGdprNeverRevisited;
    code: "G007",
    name: "pre-gdpr-never-revisited",
    severity: Warning,
    reference: "UK GDPR / GDPR Art 35(11); DPA 2018 Sch 20",
}

/// 25 May 2018.
const GDPR_APPLIES: (u16, u8, u8) = (2018, 5, 25);

impl Rule for PreGdprNeverRevisited {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        if !ctx.is_current() {
            return;
        }
        let d = &a.dates;
        let mut dates: Vec<PartialDate> = [d.created, d.updated, d.approved, d.last_reviewed]
            .into_iter()
            .flatten()
            .collect();
        dates.extend(a.version_history.iter().filter_map(|v| v.date));
        if let Some(s) = &a.sign_off {
            dates.extend(s.signatories().filter_map(|p| p.date));
            dates.extend(s.approvals.iter().filter_map(|p| p.date));
            dates.extend(s.prior_consultation.iter().map(|p| p.date));
            dates.extend(s.records_updated.iter().filter_map(|r| r.date));
        }
        let Some(latest) = dates.into_iter().max_by_key(|d| d.last_day()) else {
            return;
        };
        if latest.last_day() >= GDPR_APPLIES {
            return;
        }
        let pointer = if d.last_reviewed.is_some() {
            "/dates/last_reviewed"
        } else if d.updated.is_some() {
            "/dates/updated"
        } else if d.created.is_some() {
            "/dates/created"
        } else {
            "/id"
        };
        let uk = ctx.model.jurisdiction == crate::model::project::Jurisdiction::Uk;
        let (applied, before, law) = if uk {
            (
                "the GDPR and the DPA 2018 applied",
                "written under the DPA 1998",
                "the UK GDPR and the DPA 2018",
            )
        } else {
            (
                "the GDPR applied",
                "written under Directive 95/46/EC",
                "the GDPR",
            )
        };
        out.push(
            ctx.finding(
                &Self::META,
                pointer,
                format!(
                    "`{}` was last touched on {latest}, before {applied} (25 May 2018), and has not been revisited since",
                    a.id
                ),
                before,
            )
            .with_help(format!("review it against {law} and record `dates.last_reviewed`, or set `status: superseded` if it has been replaced")),
        );
    }
}
