//! T001: a restricted transfer with no adequacy, no Art 46 safeguard and no
//! Art 49 derogation; adequacy claimed where none is known; the Privacy
//! Shield.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;
use crate::law;
use crate::model::assessment::Transfer;
use crate::model::policy::{Destination, Transfers};
use crate::model::project::Jurisdiction;

rule! {
    /// ## What it checks
    /// A transfer to a third country (anywhere but the UK under UK GDPR;
    /// outside the EEA under the GDPR; never the controller's own `country`
    /// in the project file) that adequacy does not cover and
    /// that has no Art 46 safeguard among its `mechanisms` and no Art 49
    /// `derogation`. Also, whatever else the transfer has: `adequacy` in
    /// `mechanisms` for a country no adequacy is known for, and
    /// `privacy-shield`, which is no longer a transfer mechanism.
    ///
    /// Which countries adequacy covers is data: the project's
    /// `transfers.adequacy` and `transfers.partial_adequacy` lists, else the
    /// bundled ones in `src/defaults.yaml`, dated and marked unverified [M].
    /// Where adequacy covers only some recipients (the US: organisations
    /// certified under the Data Privacy Framework, or its UK Extension;
    /// Canada: commercial organisations under PIPEDA), the transfer must
    /// list `adequacy` to rely on it: dpia takes that as the author's word
    /// that the recipient is covered and cannot check it. The UK IDTA and
    /// Addendum count as safeguards only under UK GDPR; `derogation` in
    /// `mechanisms` counts only with the Art 49(1) point under `derogation`.
    ///
    /// ## Why it matters
    /// Chapter V allows a transfer only on one of three footings: adequacy
    /// (Art 45; in the UK, adequacy regulations under DPA 2018 s.17A, since
    /// 5 February 2026 regulations approving transfers under UK GDPR Art
    /// 45A [M]), appropriate safeguards (Art 46) or, for occasional
    /// transfers, a derogation (Art 49). A transfer on none of them is
    /// unlawful however well the data is protected otherwise. The CJEU
    /// invalidated the EU-US Privacy Shield on 16 July 2020 (Schrems II,
    /// C-311/18); a record that still cites it describes a transfer with no
    /// footing, or one whose real footing is not written down.
    ///
    /// The controller's own country is home: an organisation established
    /// outside the UK and the EEA that states its `country` (a Canadian
    /// health authority using dpia for its own assessments) makes no
    /// transfer to a recipient there. An organisation outside them that is
    /// subject to UK GDPR or the GDPR through Art 3(2) (offering goods or
    /// services to people there, or monitoring them) should leave `country`
    /// out: the EDPB counts its disclosure to an importer in any third
    /// country, its own included, as a transfer (Guidelines 05/2021).
    ///
    /// Whether a safeguard is enough for the destination is T002's concern
    /// (the transfer risk assessment); whether it needs the supervisory
    /// authority's authorisation (Art 46(3): ad hoc clauses,
    /// administrative arrangements) is not checked.
    ///
    /// ## Example
    /// Fails (under UK GDPR):
    ///
    /// ```yaml
    /// transfers:
    ///   - {id: support, recipient: helpdesk, country: IN}
    ///   - {id: mail, recipient: mailer, country: US, mechanisms: [privacy-shield]}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// transfers:
    ///   - id: support
    ///     recipient: helpdesk
    ///     country: IN
    ///     mechanisms: [uk-idta]
    ///     transfer_risk_assessment: TRA-2026-004
    ///   - {id: mail, recipient: mailer, country: US, mechanisms: [adequacy]}
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Arts 44, 45, 46, 49; DPA 2018 s.17A and Sch 21 para
    /// 5 (UK GDPR Art 45A since 5 February 2026 [M]); CJEU C-311/18
    /// (Schrems II), 16 July 2020.
    pub struct TransferWithoutMechanism;
    code: "T001",
    name: "transfer-without-mechanism",
    severity: Error,
    reference: "UK GDPR / GDPR Arts 44-46, 49; CJEU C-311/18 (Schrems II)",
}

impl Rule for TransferWithoutMechanism {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let policy = ctx.transfer_policy();
        for (i, t) in ctx.assessment().transfers.iter().enumerate() {
            check_transfer(ctx, &policy, i, t, out);
        }
    }
}

/// "no UK adequacy regulations cover", "no Commission adequacy decision
/// covers".
fn no_adequacy(law: Jurisdiction) -> &'static str {
    match law {
        Jurisdiction::Uk => "no UK adequacy regulations cover",
        Jurisdiction::Eu => "no Commission adequacy decision covers",
    }
}

/// Examples of the Art 46 safeguards available under `law`.
fn safeguards(law: Jurisdiction) -> &'static str {
    match law {
        Jurisdiction::Uk => "the UK IDTA, the EU SCCs with the UK Addendum, BCRs...",
        Jurisdiction::Eu => "the EU SCCs, BCRs...",
    }
}

/// Where the project sets the adequacy list for `law`.
fn adequacy_setting(law: Jurisdiction) -> String {
    format!("`transfers.adequacy.{}`", law.as_str())
}

fn check_transfer(
    ctx: &Context<'_>,
    policy: &Transfers,
    i: usize,
    t: &Transfer,
    out: &mut Vec<Diagnostic>,
) {
    let meta = &TransferWithoutMechanism::META;
    let law = policy.law;
    let base = format!("/transfers/{i}");
    let country = law::country_label(&t.country);
    let destination = policy.destination(&t.country);
    let position = |kind: &str| t.mechanisms.iter().position(|m| m == kind);
    let covered = policy.adequacy_covers(t)
        || t.mechanisms.iter().any(|m| law::is_safeguard(m, law))
        || t.derogation.is_some();

    if let Some(j) = position("privacy-shield") {
        let message = if covered {
            format!(
                "transfer `{}` cites the EU-US Privacy Shield, which the CJEU invalidated on 16 July 2020 (Schrems II, C-311/18)",
                t.id
            )
        } else {
            format!(
                "transfer `{}` to {country} relies on the EU-US Privacy Shield, which the CJEU invalidated on 16 July 2020 (Schrems II, C-311/18), and on nothing else that applies",
                t.id
            )
        };
        let help = if covered {
            "remove `privacy-shield` and check that the other mechanisms are a valid footing on their own (T005 and T002 say when they are not)"
                .to_owned()
        } else {
            format!(
                "remove `privacy-shield` and record what the transfer rests on now: `adequacy` if the recipient is certified under the EU-US Data Privacy Framework{}, else an Art 46 safeguard ({}) with a transfer risk assessment",
                if law == Jurisdiction::Uk {
                    " and its UK Extension"
                } else {
                    ""
                },
                safeguards(law)
            )
        };
        out.push(
            ctx.finding(
                meta,
                &format!("{base}/mechanisms/{j}"),
                message,
                "invalid since 16 July 2020",
            )
            .with_help(help),
        );
        if !covered {
            return;
        }
    }

    if let Some(j) = position("adequacy")
        && destination == Destination::NotAdequate
    {
        let d = ctx.finding(
            meta,
            &format!("{base}/mechanisms/{j}"),
            format!(
                "transfer `{}` relies on adequacy, but {} {country}",
                t.id,
                no_adequacy(law)
            ),
            "no adequacy known",
        );
        out.push(
            ctx.also(d, &format!("{base}/country"), "destination")
                .with_help(format!(
                    "if adequacy has been granted since, add `{}` to {} in the project file; otherwise rely on an Art 46 safeguard or an Art 49 derogation",
                    t.country,
                    adequacy_setting(law)
                )),
        );
        return;
    }

    if covered {
        return;
    }
    let unnamed_derogation = position("derogation").is_some();
    let what = match destination {
        _ if unnamed_derogation => format!(
            "transfer `{}` to {country} lists `derogation` without saying which Art 49(1) derogation, and has no adequacy or Art 46 safeguard",
            t.id
        ),
        Destination::PartlyAdequate => format!(
            "transfer `{}` to {country} does not say it relies on adequacy, which there covers only some recipients, and has no Art 46 safeguard or Art 49 derogation",
            t.id
        ),
        _ => format!(
            "transfer `{}` to {country} is a restricted transfer with no adequacy, no Art 46 safeguard and no Art 49 derogation",
            t.id
        ),
    };
    let help = match destination {
        _ if unnamed_derogation => format!(
            "name the derogation under `derogation:` (the Art 49(1) point, `a` to `g`, or `compelling-legitimate-interests`), or add the Art 46 safeguard the transfer rests on ({})",
            safeguards(law)
        ),
        Destination::PartlyAdequate => format!(
            "add `adequacy` to `mechanisms` if the recipient is covered (for the US: certified under the Data Privacy Framework), else an Art 46 safeguard ({}) or the Art 49(1) point under `derogation`",
            safeguards(law)
        ),
        _ => format!(
            "add the Art 46 safeguard the transfer rests on to `mechanisms` ({}), or the Art 49(1) point under `derogation`",
            safeguards(law)
        ),
    };
    let d = if t.mechanisms.is_empty() {
        let label = match destination {
            Destination::PartlyAdequate => "adequacy here covers only some recipients",
            _ => "no adequacy known",
        };
        ctx.finding(meta, &format!("{base}/country"), what, label)
    } else {
        let uk_tool = t
            .mechanisms
            .iter()
            .any(|m| m == "uk-idta" || m == "uk-addendum");
        let label = if unnamed_derogation {
            "which derogation?"
        } else if uk_tool && law == Jurisdiction::Eu {
            "UK transfer tools, not Art 46 safeguards under the GDPR"
        } else {
            "nothing here applies"
        };
        ctx.also(
            ctx.finding(meta, &format!("{base}/mechanisms"), what, label),
            &format!("{base}/country"),
            "destination",
        )
    };
    out.push(d.with_help(help));
}
