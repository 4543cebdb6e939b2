//! The cover of a report: the assessment's facts, its controller (or, for
//! a processor, the controllers it serves), the people named in it, its
//! versions and supporting documents.

use serde::Serialize;

use super::{LabelValue, Md};
use crate::i18n::Catalogue;
use crate::model::assessment::{Assessment, ControllerServed, Party};
use crate::present::wording::{arrangement_line, contact_line};
use crate::present::wording::{person_line, value};

/// The cover facts.
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    /// Identifier.
    pub id: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: Option<Md>,
    /// `draft`, `in-review`, `approved`, `superseded`.
    pub status: &'static str,
    /// "Draft", "In review", "Approved", "Superseded", worded.
    pub status_label: String,
    /// Version label.
    pub version: Option<String>,
    /// Business area.
    pub business_area: Option<String>,
    /// Key dates, labelled.
    pub dates: Vec<LabelValue>,
}

/// The controller organisation.
#[derive(Debug, Clone, Serialize)]
pub struct Controller {
    /// Name.
    pub name: String,
    /// Contact lines (address, email, phone, website).
    pub contact: Vec<String>,
    /// Public authority.
    pub public_authority: bool,
    /// Registration with the supervisory authority.
    pub registration: Option<String>,
    /// The DPO, one line.
    pub dpo: Option<String>,
    /// The representative, one line.
    pub representative: Option<String>,
}

/// The arrangement between joint controllers (Art 26(1)).
#[derive(Debug, Clone, Serialize)]
pub struct Arrangement {
    /// "Reference (in force), 1 July 2020".
    pub line: String,
    /// What it covers.
    pub note: Option<Md>,
}

/// A controller on whose behalf the organisation processes the data
/// (Art 30(2)(a)).
#[derive(Debug, Clone, Serialize)]
pub struct ServedRow {
    /// Name.
    pub name: String,
    /// Contact lines (address, email, phone, website).
    pub contact: Vec<String>,
    /// Its representative, one line.
    pub representative: Option<String>,
    /// Its DPO, one line.
    pub dpo: Option<String>,
    /// The contract the processing is done under (Art 28(3)).
    pub contract: Option<String>,
}

/// A person with a role in the assessment.
#[derive(Debug, Clone, Serialize)]
pub struct Role {
    /// The role in the assessment ("Information asset owner").
    pub role: String,
    /// "Name, job title, organisation".
    pub person: String,
}

/// A version.
#[derive(Debug, Clone, Serialize)]
pub struct VersionRow {
    /// Label.
    pub version: String,
    /// Date.
    pub date: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Requested by.
    pub requested_by: Option<String>,
    /// What changed.
    pub summary: Option<Md>,
}

/// A supporting document.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentRow {
    /// Kind, worded.
    pub kind: Option<String>,
    /// Title.
    pub title: String,
    /// Reference.
    pub reference: Option<String>,
    /// Date.
    pub date: Option<String>,
    /// Note.
    pub note: Option<Md>,
}

/// The source of an imported assessment.
#[derive(Debug, Clone, Serialize)]
pub struct SourceDocumentView {
    /// Title.
    pub title: String,
    /// Publisher.
    pub publisher: Option<String>,
    /// Date.
    pub date: Option<String>,
    /// Reference.
    pub reference: Option<String>,
    /// How it was encoded.
    pub note: Option<Md>,
}

pub(super) fn header(a: &Assessment, w: &Catalogue) -> Header {
    let d = &a.dates;
    Header {
        id: a.id.clone(),
        title: a.title.clone(),
        summary: Md::of(a.summary.as_ref()),
        status: a.status.as_str(),
        status_label: w.t(&format!("status.{}", a.status.as_str())).to_owned(),
        version: a.version.clone(),
        business_area: a.business_area.clone(),
        dates: [
            ("created", d.created),
            ("updated", d.updated),
            ("approved", d.approved),
            ("start", d.start),
            ("end", d.end),
            ("target_go_live", d.target_go_live),
            ("last_reviewed", d.last_reviewed),
            ("next_review", d.next_review),
        ]
        .into_iter()
        .filter_map(|(key, date)| {
            date.map(|date| LabelValue {
                label: w.t(&format!("date_label.{key}")).to_owned(),
                value: w.date(date),
            })
        })
        .collect(),
    }
}

pub(super) fn controller(o: &crate::model::project::Organisation) -> Controller {
    Controller {
        name: o.name.clone(),
        contact: [
            o.address.clone(),
            o.email.clone(),
            o.phone.clone(),
            o.website.clone(),
        ]
        .into_iter()
        .flatten()
        .collect(),
        public_authority: o.public_authority,
        registration: o.registration.clone(),
        dpo: o.dpo.as_ref().map(contact_line),
        representative: o.representative.as_ref().map(contact_line),
    }
}

/// A joint controller, shown as the controller is.
pub(super) fn joint_controller(p: &Party) -> Controller {
    Controller {
        name: p.name.clone(),
        contact: [
            p.address.clone(),
            p.email.clone(),
            p.phone.clone(),
            p.website.clone(),
        ]
        .into_iter()
        .flatten()
        .collect(),
        public_authority: p.public_authority,
        registration: p.registration.clone(),
        dpo: p.dpo.as_ref().map(contact_line),
        representative: p.representative.as_ref().map(contact_line),
    }
}

/// The joint controllers' arrangement, when one is recorded.
pub(super) fn joint_arrangement(a: &Assessment, w: &Catalogue) -> Option<Arrangement> {
    a.joint_arrangement.as_ref().map(|j| Arrangement {
        line: arrangement_line(j, w),
        note: Md::of(j.note.as_ref()),
    })
}

/// The controllers served, for an activity done on their behalf.
pub(super) fn controllers_served(a: &Assessment) -> Vec<ServedRow> {
    a.on_behalf_of
        .iter()
        .map(|c: &ControllerServed| ServedRow {
            name: c.name.clone(),
            contact: [&c.address, &c.email, &c.phone, &c.website]
                .into_iter()
                .flatten()
                .cloned()
                .collect(),
            representative: c.representative.as_ref().map(contact_line),
            dpo: c.dpo.as_ref().map(contact_line),
            contract: c.contract.clone(),
        })
        .collect()
}

pub(super) fn people(a: &Assessment, w: &Catalogue) -> Vec<Role> {
    let p = &a.people;
    let role = |key: &str| w.t(&format!("role.{key}")).to_owned();
    let mut out: Vec<Role> = [
        ("owner", &p.owner),
        ("information_asset_owner", &p.information_asset_owner),
        ("senior_responsible_officer", &p.senior_responsible_officer),
        ("project_sponsor", &p.project_sponsor),
        ("project_manager", &p.project_manager),
        ("project_lead", &p.project_lead),
    ]
    .into_iter()
    .filter_map(|(key, person)| {
        person.as_ref().map(|person| Role {
            role: role(key),
            person: person_line(person),
        })
    })
    .collect();
    for (key, list) in [
        ("author", &p.authors),
        ("quality_reviewer", &p.quality_reviewers),
        ("also_named", &p.others),
    ] {
        out.extend(list.iter().map(|person| Role {
            role: role(key),
            person: person_line(person),
        }));
    }
    out
}

/// The named document owner, for the cover.
pub(super) fn owner(a: &Assessment, w: &Catalogue) -> Option<Role> {
    a.people.owner.as_ref().map(|person| Role {
        role: w.t("role.owner").to_owned(),
        person: person_line(person),
    })
}

/// The versions, oldest first.
pub(super) fn version_history(a: &Assessment, w: &Catalogue) -> Vec<VersionRow> {
    a.version_history
        .iter()
        .map(|v| VersionRow {
            version: v.version.clone(),
            // The date as the source wrote it stands beside the date read
            // from it, or alone when it could not be read.
            date: match (v.date.map(|d| w.date(d)), &v.date_as_written) {
                (Some(date), Some(written)) => Some(format!("{date} ({})", written.trim())),
                (date, written) => date.or_else(|| written.clone()),
            },
            author: v.author.clone(),
            requested_by: v.requested_by.clone(),
            summary: Md::of(v.summary.as_ref()),
        })
        .collect()
}

/// The supporting documents.
pub(super) fn documents(a: &Assessment, w: &Catalogue) -> Vec<DocumentRow> {
    a.documents
        .iter()
        .map(|d| DocumentRow {
            kind: d.kind.map(|k| {
                value(
                    w,
                    "document_kind",
                    &serde_json::to_value(k)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                )
            }),
            title: d.title.clone(),
            reference: d.reference.clone(),
            date: d.date.map(|d| w.date(d)),
            note: Md::of(d.note.as_ref()),
        })
        .collect()
}

/// Where an imported assessment came from.
pub(super) fn source_document(a: &Assessment, w: &Catalogue) -> Option<SourceDocumentView> {
    a.source_document.as_ref().map(|s| SourceDocumentView {
        title: s.title.clone(),
        publisher: s.publisher.clone(),
        date: s.date.map(|d| w.date(d)),
        reference: s.reference.clone(),
        note: Md::of(s.note.as_ref()),
    })
}
