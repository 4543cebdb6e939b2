//! The data inventory of a report: systems, data subjects, data
//! categories, sources, purposes, lawful bases, rights, automated
//! decision-making, recipients, transfers, retention, security measures
//! and data flows.

use serde::Serialize;

use super::Md;
use crate::i18n::Catalogue;
use crate::law::Home;
use crate::model::assessment::{Assessment, Known};
use crate::present::wording::{
    absence_line, agreement_line, capitalise, conditions, derogation, join_some, mechanism,
    policy_line, retention_line, right_words, special_category, value,
};

/// The data inventory tables.
#[derive(Debug, Clone, Serialize)]
pub struct Inventory {
    /// Systems and assets.
    pub systems: Vec<SystemRow>,
    /// Data subjects.
    pub data_subjects: Vec<SubjectRow>,
    /// Data categories.
    pub data_categories: Vec<CategoryRow>,
    /// Sources.
    pub sources: Vec<NamedRow>,
    /// Purposes.
    pub purposes: Vec<NamedRow>,
    /// Lawful bases.
    pub lawful_bases: Vec<BasisRow>,
    /// The rights available to individuals, as the assessment states them.
    pub rights: Option<RightsView>,
    /// Whether decisions are made by automated means (Art 22), when the
    /// assessment says.
    pub automated_decision_making: Option<AnswerView>,
    /// Recipients.
    pub recipients: Vec<RecipientRow>,
    /// Transfers.
    pub transfers: Vec<TransferRow>,
    /// Retention of the activity.
    pub retention: Option<String>,
    /// Note on the retention of the activity.
    pub retention_note: Option<Md>,
    /// Whether it follows the retention policy, worded.
    pub retention_policy: Option<String>,
    /// Why it departs from the policy.
    pub retention_deviation: Option<Md>,
    /// Security measures.
    pub security_measures: Vec<Md>,
    /// Personal data breaches: none when the assessment does not say,
    /// empty when it says there were none.
    pub breaches: Option<Vec<BreachRow>>,
    /// Data flows.
    pub data_flows: Vec<FlowRow>,
}

/// A personal data breach.
#[derive(Debug, Clone, Serialize)]
pub struct BreachRow {
    /// When.
    pub date: String,
    /// What happened.
    pub summary: Option<Md>,
    /// Its record in the breach log.
    pub reference: Option<String>,
    /// Whether it was reported to the supervisory authority, worded.
    pub reported: Option<String>,
    /// Whether the people affected were told, worded.
    pub informed: Option<String>,
}

/// A system or asset.
#[derive(Debug, Clone, Serialize)]
pub struct SystemRow {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: Option<String>,
    /// Supplier.
    pub supplier: Option<String>,
    /// Where.
    pub location: Option<String>,
    /// Description.
    pub description: Option<Md>,
}

/// A category of data subjects.
#[derive(Debug, Clone, Serialize)]
pub struct SubjectRow {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// "children", "vulnerable", counted.
    pub flags: Vec<String>,
    /// Description.
    pub description: Option<Md>,
}

/// A category of personal data.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryRow {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// "Special category: health" etc.
    pub special_category: Option<String>,
    /// Criminal offence data.
    pub criminal_offence: bool,
    /// Names of the data subject categories.
    pub data_subjects: Vec<String>,
    /// Names of the sources.
    pub sources: Vec<String>,
    /// Retention, one line.
    pub retention: Option<String>,
    /// The note on its retention.
    pub retention_note: Option<Md>,
    /// Whether its retention follows the retention policy, worded.
    pub retention_policy: Option<String>,
    /// Why it departs from the policy.
    pub retention_deviation: Option<Md>,
    /// Description.
    pub description: Option<Md>,
    /// Note.
    pub note: Option<Md>,
}

/// A named item with a description.
#[derive(Debug, Clone, Serialize)]
pub struct NamedRow {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind or flags, one line.
    pub detail: Option<String>,
    /// Description.
    pub description: Option<Md>,
    /// For a purpose: the legitimate interest pursued (Art 35(7)(a)).
    pub legitimate_interest: Option<Md>,
}

/// The rights available to individuals.
#[derive(Debug, Clone, Serialize)]
pub struct RightsView {
    /// Each right by its legal name.
    pub available: Vec<String>,
    /// Limits, exemptions, how requests are handled.
    pub note: Option<Md>,
}

/// A yes-or-no answer with its note.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerView {
    /// "Yes" or "No", worded.
    pub answer: String,
    /// Why.
    pub note: Option<Md>,
}

/// A lawful basis.
#[derive(Debug, Clone, Serialize)]
pub struct BasisRow {
    /// Names of the purposes.
    pub purposes: Vec<String>,
    /// Names of the data categories, when not all.
    pub data_categories: Vec<String>,
    /// Every condition, worded (Art 6, Art 9, Schedule 1, Art 10).
    pub conditions: Vec<String>,
    /// The law relied on.
    pub law: Option<String>,
    /// Appropriate policy document.
    pub appropriate_policy_document: Option<String>,
    /// Legitimate interests assessment.
    pub legitimate_interests_assessment: Option<String>,
    /// How consent is withdrawn.
    pub consent_withdrawal: Option<Md>,
    /// Explanation.
    pub note: Option<Md>,
}

/// A recipient.
#[derive(Debug, Clone, Serialize)]
pub struct RecipientRow {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// "Processor", "Sub-processor of X"...
    pub role: String,
    /// Country code.
    pub country: Option<String>,
    /// In a third country: outside the jurisdiction's area and the
    /// controller's own country.
    pub third_country: bool,
    /// Agreements, one line each.
    pub agreements: Vec<String>,
    /// Names of the data categories disclosed.
    pub data_categories: Vec<String>,
    /// Sub-processor authorisation.
    pub authorisation: Option<Md>,
    /// Compliance checks, one line each.
    pub compliance_checks: Vec<String>,
    /// Contact details.
    pub contact: Option<String>,
    /// Description.
    pub description: Option<Md>,
}

/// An international transfer.
#[derive(Debug, Clone, Serialize)]
pub struct TransferRow {
    /// Id.
    pub id: String,
    /// Recipient name.
    pub recipient: String,
    /// Destination country.
    pub country: String,
    /// To a third country: outside the jurisdiction's area and the
    /// controller's own country.
    pub third_country: bool,
    /// Mechanisms, worded.
    pub mechanisms: Vec<String>,
    /// Derogation, worded.
    pub derogation: Option<String>,
    /// Transfer risk assessment.
    pub transfer_risk_assessment: Option<String>,
    /// Art 30(1)(e) documentation.
    pub safeguards_documentation: Option<String>,
    /// Names of the data categories.
    pub data_categories: Vec<String>,
    /// Note.
    pub note: Option<Md>,
}

/// A data flow.
#[derive(Debug, Clone, Serialize)]
pub struct FlowRow {
    /// Step number, as the diagram labels it.
    pub step: usize,
    /// Id.
    pub id: String,
    /// Name of the node it comes from.
    pub from: String,
    /// Name of the node it goes to.
    pub to: String,
    /// Names of the data categories.
    pub data_categories: Vec<String>,
    /// Channel.
    pub channel: Option<String>,
    /// Frequency.
    pub frequency: Option<String>,
    /// Description.
    pub description: Option<Md>,
}

/// Resolves the ids an assessment uses (sources, systems, recipients, data
/// subjects, data categories, purposes) to the names of what they name; an
/// id that names nothing is shown as written.
pub(super) struct Names<'a>(pub(super) &'a Assessment);

impl Names<'_> {
    /// The name of what one id names.
    pub(super) fn one(&self, id: &str) -> String {
        node_name(self.0, id).unwrap_or_else(|| id.to_owned())
    }

    /// The names of what each id names.
    pub(super) fn all(&self, ids: &[String]) -> Vec<String> {
        ids.iter().map(|id| self.one(id)).collect()
    }
}

/// The name of the item an id names (source, system, recipient, data
/// subject category, data category, purpose...).
fn node_name(a: &Assessment, id: &str) -> Option<String> {
    a.sources
        .iter()
        .find(|x| x.id == id)
        .map(|x| x.name.clone())
        .or_else(|| {
            a.systems
                .iter()
                .find(|x| x.id == id)
                .map(|x| x.name.clone())
        })
        .or_else(|| {
            a.recipients
                .iter()
                .find(|x| x.id == id)
                .map(|x| x.name.clone())
        })
        .or_else(|| {
            a.data_subjects
                .iter()
                .find(|x| x.id == id)
                .map(|x| x.name.clone())
        })
        .or_else(|| {
            a.data_categories
                .iter()
                .find(|x| x.id == id)
                .map(|x| x.name.clone())
        })
        .or_else(|| {
            a.purposes
                .iter()
                .find(|x| x.id == id)
                .map(|x| x.name.clone())
        })
}

/// The inventory of an assessment.
pub(super) fn inventory(
    a: &Assessment,
    names: &Names<'_>,
    w: &Catalogue,
    home: Home<'_>,
) -> Inventory {
    Inventory {
        data_subjects: data_subjects(a, w),
        data_categories: data_categories(a, names, w),
        lawful_bases: lawful_bases(a, names, w),
        rights: a.rights.as_ref().map(|r| RightsView {
            available: r.available.iter().map(|r| right_words(*r, w)).collect(),
            note: Md::of(r.note.as_ref()),
        }),
        automated_decision_making: a.automated_decision_making.as_ref().map(|c| AnswerView {
            answer: w.yes_no(c.applies()).to_owned(),
            note: c
                .note()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(Md::new),
        }),
        recipients: recipients(a, names, w, home),
        transfers: transfers(a, names, home, w),
        data_flows: data_flows(a, names),
        systems: systems(a, w),
        sources: sources(a, w),
        purposes: purposes(a, w),
        retention: a.retention.as_ref().and_then(|r| retention_line(r, w)),
        retention_note: a.retention.as_ref().and_then(|r| Md::of(r.note.as_ref())),
        retention_policy: a.retention.as_ref().and_then(|r| policy_line(r, w)),
        retention_deviation: a
            .retention
            .as_ref()
            .and_then(|r| Md::of(r.deviation.as_ref())),
        security_measures: a
            .security_measures
            .iter()
            .filter_map(|m| Md::of(Some(m)))
            .collect(),
        breaches: a.breaches.as_ref().map(|list| {
            let yes_no = |b: Option<bool>| b.map(|b| w.yes_no(b).to_owned());
            list.iter()
                .map(|b| BreachRow {
                    date: w.date(b.date),
                    summary: Md::of(b.summary.as_ref()),
                    reference: b.reference.clone(),
                    reported: yes_no(b.reported_to_authority),
                    informed: yes_no(b.data_subjects_informed),
                })
                .collect()
        }),
    }
}

/// The systems that hold the data.
fn systems(a: &Assessment, w: &Catalogue) -> Vec<SystemRow> {
    a.systems
        .iter()
        .map(|s| SystemRow {
            id: s.id.clone(),
            name: s.name.clone(),
            kind: s.kind.as_deref().map(|k| value(w, "system_kind", k)),
            supplier: s.supplier.clone(),
            location: join_some([s.location.clone(), s.country.clone()]),
            description: Md::of(s.description.as_ref()),
        })
        .collect()
}

/// The people the data is about.
fn data_subjects(a: &Assessment, w: &Catalogue) -> Vec<SubjectRow> {
    a.data_subjects
        .iter()
        .map(|d| SubjectRow {
            id: d.id.clone(),
            name: d.name.clone(),
            flags: [
                d.children
                    .then(|| w.t("inventory.includes_children").to_owned()),
                d.vulnerable
                    .then(|| w.t("inventory.includes_vulnerable").to_owned()),
                d.count
                    .map(|c| w.f("inventory.about", &[("n", &w.number(c))])),
            ]
            .into_iter()
            .flatten()
            .collect(),
            description: Md::of(d.description.as_ref()),
        })
        .collect()
}

/// The kinds of personal data.
fn data_categories(a: &Assessment, names: &Names<'_>, w: &Catalogue) -> Vec<CategoryRow> {
    a.data_categories
        .iter()
        .map(|c| CategoryRow {
            id: c.id.clone(),
            name: c.name.clone(),
            special_category: c.is_special_category().then(|| {
                if c.special_category_types.is_empty() {
                    w.t("inventory.special_category_unstated").to_owned()
                } else {
                    let kinds = c
                        .special_category_types
                        .iter()
                        .map(|t| special_category(w, t))
                        .collect::<Vec<_>>()
                        .join("; ");
                    w.f("inventory.special_category", &[("kinds", &kinds)])
                }
            }),
            criminal_offence: c.criminal_offence,
            data_subjects: names.all(&c.data_subjects),
            sources: names.all(&c.sources),
            retention: c.retention.as_ref().and_then(|r| retention_line(r, w)),
            retention_note: c.retention.as_ref().and_then(|r| Md::of(r.note.as_ref())),
            retention_policy: c.retention.as_ref().and_then(|r| policy_line(r, w)),
            retention_deviation: c
                .retention
                .as_ref()
                .and_then(|r| Md::of(r.deviation.as_ref())),
            description: Md::of(c.description.as_ref()),
            note: Md::of(c.note.as_ref()),
        })
        .collect()
}

/// Where the data comes from.
fn sources(a: &Assessment, w: &Catalogue) -> Vec<NamedRow> {
    a.sources
        .iter()
        .map(|s| NamedRow {
            id: s.id.clone(),
            name: s.name.clone(),
            detail: s.kind.as_deref().map(|k| value(w, "source_kind", k)),
            description: Md::of(s.description.as_ref()),
            legitimate_interest: None,
        })
        .collect()
}

/// Why the data is processed.
fn purposes(a: &Assessment, w: &Catalogue) -> Vec<NamedRow> {
    a.purposes
        .iter()
        .map(|p| NamedRow {
            id: p.id.clone(),
            name: p.name.clone(),
            detail: p
                .public_task
                .and_then(|t| t.then(|| w.t("inventory.public_task").to_owned())),
            description: Md::of(p.description.as_ref()),
            legitimate_interest: Md::of(p.legitimate_interest.as_ref()),
        })
        .collect()
}

/// The lawful bases, with their conditions.
fn lawful_bases(a: &Assessment, names: &Names<'_>, w: &Catalogue) -> Vec<BasisRow> {
    a.lawful_bases
        .iter()
        .map(|b| BasisRow {
            purposes: names.all(&b.purposes),
            data_categories: names.all(&b.data_categories),
            conditions: conditions(b, w),
            law: b.law.clone(),
            appropriate_policy_document: b.appropriate_policy_document.clone(),
            legitimate_interests_assessment: b.legitimate_interests_assessment.clone(),
            consent_withdrawal: Md::of(b.consent_withdrawal.as_ref()),
            note: Md::of(b.note.as_ref()),
        })
        .collect()
}

/// Who receives the data, and as what.
fn recipients(
    a: &Assessment,
    names: &Names<'_>,
    w: &Catalogue,
    home: Home<'_>,
) -> Vec<RecipientRow> {
    a.recipients
        .iter()
        .map(|r| RecipientRow {
            id: r.id.clone(),
            name: r.name.clone(),
            role: match (&r.kind, &r.processor) {
                (Known::Not(a), _) => {
                    capitalise(&w.f("absence.role", &[("absence", &absence_line(a, w))]))
                }
                (Known::Is(kind), Some(p)) => w.f(
                    "inventory.recipient_of",
                    &[
                        ("kind", &value(w, "recipient_kind", kind.as_str())),
                        ("processor", &names.one(p)),
                    ],
                ),
                (Known::Is(kind), None) => value(w, "recipient_kind", kind.as_str()),
            },
            country: r.country.clone(),
            third_country: r.country.as_deref().is_some_and(|c| home.third_country(c)),
            agreements: r.agreements.iter().map(|g| agreement_line(g, w)).collect(),
            data_categories: names.all(&r.data_categories),
            authorisation: Md::of(r.authorisation.as_ref()),
            compliance_checks: r
                .compliance_checks
                .iter()
                .map(|c| {
                    let mut line = match &c.by {
                        Some(by) => w.f(
                            "inventory.check_by",
                            &[("date", &w.date(c.date)), ("by", by)],
                        ),
                        None => w.date(c.date),
                    };
                    if let Some(outcome) = &c.outcome {
                        line.push_str(&format!(": {}", outcome.trim()));
                    }
                    line
                })
                .collect(),
            contact: r.contact.clone(),
            description: Md::of(r.description.as_ref()),
        })
        .collect()
}

/// Transfers, with their mechanisms.
fn transfers(a: &Assessment, names: &Names<'_>, home: Home<'_>, w: &Catalogue) -> Vec<TransferRow> {
    a.transfers
        .iter()
        .map(|t| TransferRow {
            id: t.id.clone(),
            recipient: names.one(&t.recipient),
            country: t.country.clone(),
            third_country: home.third_country(&t.country),
            mechanisms: t.mechanisms.iter().map(|m| mechanism(w, m)).collect(),
            derogation: t.derogation.as_deref().map(|d| derogation(w, d)),
            transfer_risk_assessment: t.transfer_risk_assessment.clone(),
            safeguards_documentation: t.safeguards_documentation.clone(),
            data_categories: names.all(&t.data_categories),
            note: Md::of(t.note.as_ref()),
        })
        .collect()
}

/// The data flows, numbered in order.
fn data_flows(a: &Assessment, names: &Names<'_>) -> Vec<FlowRow> {
    a.data_flows
        .iter()
        .enumerate()
        .map(|(i, f)| FlowRow {
            step: i + 1,
            id: f.id.clone(),
            from: names.one(&f.from),
            to: names.one(&f.to),
            data_categories: names.all(&f.data_categories),
            channel: f.channel.clone(),
            frequency: f.frequency.clone(),
            description: Md::of(f.description.as_ref()),
        })
        .collect()
}
