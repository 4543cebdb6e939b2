//! A001: a mandatory field of the record of processing is missing.

use super::{Context, Rule, blank, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::Role;

rule! {
    /// ## What it checks
    /// Each field Art 30 makes mandatory for the record of an activity, one
    /// finding per missing field. For a controller (Art 30(1)):
    ///
    /// - (a) the controller's name and contact details (address, email or
    ///   phone in the project file), and its DPO's name and contact details
    ///   where it has one or must have one (a public authority, Art 37(1)(a));
    /// - (b) the purposes (`purposes`, or `description.purposes`);
    /// - (c) the categories of data subjects and of personal data;
    /// - (d) the recipients (`recipients: []` records that there are none);
    /// - (e) a `transfers` entry for every recipient in a third country
    ///   (outside the UK under UK GDPR; outside the EEA under the GDPR; and
    ///   outside the controller's own `country` in the project file, when it
    ///   states one: a Canadian organisation's Canadian recipients are
    ///   domestic). The
    ///   documentation of suitable safeguards a transfer on the compelling
    ///   legitimate interests derogation needs is reported by T004.
    ///
    /// For a processor (`role: processor`, Art 30(2)): (a) its own and its
    /// DPO's details and each controller it acts for (`on_behalf_of`) with
    /// contact details, (b) the categories of processing (`purposes` or
    /// `description`), (c) the transfers as above.
    ///
    /// ## Why it matters
    /// Records "shall contain all of the following information" (Art
    /// 30(1), 30(2)) and must be made available to the supervisory
    /// authority on request (Art 30(4)). The ICO's 2020 audit of police and
    /// crime commissioners' offices found records of processing that were incomplete.
    ///
    /// ## Example
    /// Fails: no data subjects and no recipients are recorded.
    ///
    /// ```yaml
    /// id: staff-payroll
    /// purposes: [{id: pay, name: Paying staff}]
    /// data_categories: [{id: bank, name: Bank details}]
    /// ```
    ///
    /// Passes: the record names them (or says there are none).
    ///
    /// ```yaml
    /// data_subjects: [{id: staff, name: Employees}]
    /// recipients: []
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 30(1)(a)-(e), 30(2)(a)-(c), Art 37(1)(a), 37(7).
    pub struct RecordIncomplete;
    code: "A001",
    name: "record-incomplete",
    severity: Error,
    reference: "UK GDPR / GDPR Art 30(1)(a)-(e), 30(2)(a)-(c)",
}

/// Whether any of address, email and phone is given.
fn reachable(details: [&Option<String>; 3]) -> bool {
    details
        .iter()
        .any(|d| d.as_deref().is_some_and(|d| !d.trim().is_empty()))
}

impl Rule for RecordIncomplete {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        let processor = a.role == Role::Processor;
        let (org_word, point) = if processor {
            ("processor", "30(2)(a)")
        } else {
            ("controller", "30(1)(a)")
        };
        let missing = |pointer: &str, field: &str, label: &str| {
            ctx.finding(
                &Self::META,
                pointer,
                format!("the record of `{}` has no {field}", a.id),
                label,
            )
        };
        // (a) the organisation and its DPO, from the project file.
        match ctx.controller() {
            None => out.push(
                missing("/id", &format!("{org_word} (Art {point})"), "no organisation")
                    .with_help("list the organisation, with its contact details and DPO, under `organisations:` in the project file (dpia.yaml)"),
            ),
            Some(org) => {
                if !reachable([&org.address, &org.email, &org.phone]) {
                    out.push(
                        ctx.controller_finding(
                            &Self::META,
                            "/name",
                            format!(
                                "organisation `{}` has no contact details for its records of processing (Art 30(1)(a), 30(2)(a))",
                                org.id
                            ),
                            "no address, email or phone",
                        )
                        .with_help("add `address:`, `email:` or `phone:` to the organisation"),
                    );
                }
                match &org.dpo {
                    None if org.public_authority => out.push(
                        ctx.controller_finding(
                            &Self::META,
                            "/name",
                            format!(
                                "organisation `{}` is a public authority and names no data protection officer (Art 37(1)(a), 30(1)(a))",
                                org.id
                            ),
                            "no `dpo`",
                        )
                        .with_help("add the DPO under `dpo:` with their contact details"),
                    ),
                    Some(dpo) if !reachable([&dpo.address, &dpo.email, &dpo.phone]) => out.push(
                        ctx.controller_finding(
                            &Self::META,
                            "/dpo/name",
                            format!(
                                "the data protection officer of `{}` has no contact details (Art 37(7), 30(1)(a))",
                                org.id
                            ),
                            "no address, email or phone",
                        )
                        .with_help("add the DPO's `email:`, `phone:` or `address:`"),
                    ),
                    _ => {}
                }
            }
        }
        if processor {
            if a.on_behalf_of.is_empty() {
                out.push(
                    missing(
                        "/role",
                        "controller it acts for (Art 30(2)(a))",
                        "a processor, for whom?",
                    )
                    .with_help(
                        "list each controller under `on_behalf_of:` with its contact details",
                    ),
                );
            }
            for (i, c) in a.on_behalf_of.iter().enumerate() {
                if !reachable([&c.address, &c.email, &c.phone]) {
                    out.push(
                        ctx.finding(
                            &Self::META,
                            &format!("/on_behalf_of/{i}/name"),
                            format!(
                                "the record of `{}` gives no contact details for the controller `{}` (Art 30(2)(a))",
                                a.id, c.name
                            ),
                            "no address, email or phone",
                        )
                        .with_help("add `address:`, `email:` or `phone:`"),
                    );
                }
            }
        }
        // (b) purposes, or for a processor the categories of processing.
        let description = a.description.as_ref();
        let no_purposes = a.purposes.is_empty()
            && blank(description.and_then(|d| d.purposes.as_deref()))
            && (!processor || blank(description.and_then(|d| d.nature.as_deref())));
        if no_purposes {
            let (field, help) = if processor {
                (
                    "categories of processing carried out for the controller (Art 30(2)(b))",
                    "list what is done under `purposes:` or describe it in `description.nature`",
                )
            } else {
                (
                    "purposes (Art 30(1)(b))",
                    "list the purposes under `purposes:`",
                )
            };
            out.push(missing("/id", field, "no purposes").with_help(help));
        }
        if !processor {
            // (c) data subjects and categories of data.
            for (list, empty, field) in [
                (
                    "data_subjects",
                    a.data_subjects.is_empty(),
                    "categories of data subjects (Art 30(1)(c))",
                ),
                (
                    "data_categories",
                    a.data_categories.is_empty(),
                    "categories of personal data (Art 30(1)(c))",
                ),
            ] {
                if empty {
                    let pointer = if ctx.doc().node(&format!("/{list}")).is_some() {
                        format!("/{list}")
                    } else {
                        "/id".to_owned()
                    };
                    out.push(
                        missing(&pointer, field, &format!("no `{list}`"))
                            .with_help(format!("list them under `{list}:`")),
                    );
                }
            }
            // (d) recipients: an explicit empty list says there are none.
            if !ctx.model.recipients_listed {
                out.push(
                    missing("/id", "recipients (Art 30(1)(d))", "no `recipients`")
                        .with_help("list who the data is disclosed to under `recipients:`, or write `recipients: []` if nobody"),
                );
            }
        }
        // (e) / 30(2)(c): transfers.
        for (i, r) in a.recipients.iter().enumerate() {
            let Some(country) = r.country.as_deref() else {
                continue;
            };
            let third = ctx.model.home().third_country(country);
            if third && !a.transfers.iter().any(|t| t.recipient == r.id) {
                out.push(
                    ctx.finding(
                        &Self::META,
                        &format!("/recipients/{i}/country"),
                        format!(
                            "recipient `{}` is in a third country ({country}) but the record of `{}` has no transfer to it (Art {})",
                            r.id,
                            a.id,
                            if processor { "30(2)(c)" } else { "30(1)(e)" }
                        ),
                        "a third country",
                    )
                    .with_help(format!("add a `transfers:` entry with `recipient: {}`, the country and the mechanism", r.id)),
                );
            }
        }
    }
}
