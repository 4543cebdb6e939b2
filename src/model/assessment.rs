//! The typed assessment: one processing activity with its record of
//! processing and, when one is needed, its DPIA.
//!
//! The shape mirrors `schemas/assessment.schema.json` field for field (a
//! test checks that every schema property is accepted here). Free-text
//! fields hold Markdown as written; lists keep the author's order.

use serde::{Deserialize, Serialize};

pub use crate::law::Right;

/// Contact details of a person or body.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)] // the names say it
pub struct Contact {
    pub name: String,
    pub role: Option<String>,
    pub organisation: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
}

use crate::date::PartialDate;

/// Markdown text as the author wrote it.
pub type Markdown = String;

/// A value, or the author's statement that there is none: not applicable,
/// not known, or not captured from the source. Written `{not: applicable}`,
/// `{not: known}` or `{not: captured}`, with an optional `note`, wherever
/// the schema allows it; distinct from leaving the key out (which says
/// nothing).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Known<T> {
    /// No value, and why.
    Not(Absence),
    /// The value.
    Is(T),
}

/// Why a value is not given.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Absence {
    /// Which of the three it is.
    pub not: NoValue,
    /// More about it ("page 14 of the source is cut off").
    pub note: Option<Markdown>,
}

/// The three kinds of "no value", as written after `not:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum NoValue {
    /// Does not apply ("N/A"): `not: applicable`.
    #[serde(rename = "applicable")]
    NotApplicable,
    /// Applies, but no one knows it: `not: known`.
    #[serde(rename = "known")]
    Unknown,
    /// The source had it, but it could not be encoded (redacted, cut off,
    /// illegible): `not: captured`.
    #[serde(rename = "captured")]
    NotCaptured,
}

impl NoValue {
    /// The words for it in rule messages (which are English): "not
    /// applicable", "unknown", "not captured in the source". Reports take
    /// theirs from the catalogue (`absence.*`).
    #[must_use]
    pub fn words(self) -> &'static str {
        match self {
            NoValue::NotApplicable => "not applicable",
            NoValue::Unknown => "unknown",
            NoValue::NotCaptured => "not captured in the source",
        }
    }
}

impl<T> Known<T> {
    /// The value, if there is one.
    #[must_use]
    pub fn value(&self) -> Option<&T> {
        match self {
            Known::Is(v) => Some(v),
            Known::Not(_) => None,
        }
    }

    /// Why there is no value, if there is none.
    #[must_use]
    pub fn absence(&self) -> Option<&Absence> {
        match self {
            Known::Not(a) => Some(a),
            Known::Is(_) => None,
        }
    }

    /// Whether it is marked not applicable.
    #[must_use]
    pub fn is_not_applicable(&self) -> bool {
        self.absence()
            .is_some_and(|a| a.not == NoValue::NotApplicable)
    }

    /// Whether it is an open question: unknown, or not captured.
    #[must_use]
    pub fn is_open(&self) -> bool {
        self.absence()
            .is_some_and(|a| a.not != NoValue::NotApplicable)
    }
}

/// One processing activity.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// Identifier, unique in the project.
    pub id: String,
    /// Name of the activity or project.
    pub title: String,
    /// Brief description.
    pub summary: Option<Markdown>,
    /// Life-cycle status.
    pub status: Status,
    /// Version label.
    pub version: Option<String>,
    /// Versions, oldest first.
    #[serde(default)]
    pub version_history: Vec<Version>,
    /// Id of the controlling organisation in the project file.
    pub controller: Option<String>,
    /// The controllers that decide the purposes and means jointly with it
    /// (Art 26).
    #[serde(default)]
    pub joint_controllers: Vec<JointControllerRef>,
    /// The arrangement between the joint controllers (Art 26(1)).
    pub joint_arrangement: Option<JointArrangement>,
    /// Whether the organisation is controller or processor for this activity.
    #[serde(default)]
    pub role: Role,
    /// For a processor: the controllers it acts for (Art 30(2)(a)).
    #[serde(default)]
    pub on_behalf_of: Vec<ControllerServed>,
    /// Id of the risk matrix; defaults to the project's.
    pub risk_matrix: Option<String>,
    /// The language of the report (a BCP 47 tag), when not the project's.
    pub language: Option<String>,
    /// Responsible business area.
    pub business_area: Option<String>,
    /// Key dates.
    #[serde(default)]
    pub dates: Dates,
    /// Named roles.
    #[serde(default)]
    pub people: People,
    /// Where an imported assessment came from.
    pub source_document: Option<SourceDocument>,
    /// Supporting documents.
    #[serde(default)]
    pub documents: Vec<Document>,
    /// ICO step 1.
    pub screening: Option<Screening>,
    /// ICO step 2.
    pub description: Option<Description>,
    /// Systems and other assets.
    #[serde(default)]
    pub systems: Vec<System>,
    /// Categories of data subjects.
    #[serde(default)]
    pub data_subjects: Vec<DataSubject>,
    /// Categories of personal data.
    #[serde(default)]
    pub data_categories: Vec<DataCategory>,
    /// Sources of the data.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Purposes of the processing.
    #[serde(default)]
    pub purposes: Vec<Purpose>,
    /// Lawful bases per purpose.
    #[serde(default)]
    pub lawful_bases: Vec<LawfulBasis>,
    /// Rights available to individuals, when stated rather than derived.
    pub rights: Option<Rights>,
    /// Whether decisions are automated, including profiling (Art 22).
    pub automated_decision_making: Option<Criterion>,
    /// Recipients.
    #[serde(default)]
    pub recipients: Vec<Recipient>,
    /// International transfers.
    #[serde(default)]
    pub transfers: Vec<Transfer>,
    /// Retention of the activity as a whole.
    pub retention: Option<Retention>,
    /// Technical and organisational security measures.
    #[serde(default)]
    pub security_measures: Vec<Markdown>,
    /// Personal data breaches: `None` when not recorded, empty when none.
    pub breaches: Option<Vec<Breach>>,
    /// Data flows, in order.
    #[serde(default)]
    pub data_flows: Vec<DataFlow>,
    /// ICO step 3.
    pub consultation: Option<Consultation>,
    /// ICO step 4.
    pub necessity: Option<Necessity>,
    /// ICO step 5.
    #[serde(default)]
    pub risks: Vec<Risk>,
    /// ICO step 6 and the action plan.
    #[serde(default)]
    pub measures: Vec<Measure>,
    /// ICO step 7.
    pub sign_off: Option<SignOff>,
    /// Rules that do not apply to this activity, with the reason.
    #[serde(default)]
    pub suppress: Vec<Suppression>,
    /// Anything else.
    pub notes: Option<Markdown>,
}

/// A personal data breach in the processing (Art 33(5)).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Breach {
    /// When it happened or was found.
    pub date: PartialDate,
    /// What happened.
    pub summary: Option<Markdown>,
    /// Its record in the breach log.
    pub reference: Option<String>,
    /// Whether it was reported to the supervisory authority (Art 33(1)).
    pub reported_to_authority: Option<bool>,
    /// Whether the people it affects were told (Art 34(1)).
    pub data_subjects_informed: Option<bool>,
}

/// A rule the author says does not apply to this activity.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Suppression {
    /// The rule's code.
    pub rule: String,
    /// Why.
    pub reason: Markdown,
}

/// The organisation's role in an activity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// It decides the purposes and means (Art 30(1) record).
    #[default]
    Controller,
    /// It processes on behalf of another controller (Art 30(2) record).
    Processor,
}

/// A controller on whose behalf the organisation processes data.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ControllerServed {
    /// Name.
    pub name: String,
    /// Postal address.
    pub address: Option<String>,
    /// Contact email.
    pub email: Option<String>,
    /// Contact telephone.
    pub phone: Option<String>,
    /// Web address.
    pub website: Option<String>,
    /// Its representative (Art 27).
    pub representative: Option<Contact>,
    /// Its DPO.
    pub dpo: Option<Contact>,
    /// The contract the processing is done under (Art 28(3)).
    pub contract: Option<String>,
}

/// A joint controller as the assessment names it: an organisation of the
/// project file, or named here with its details.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum JointControllerRef {
    /// The id of an organisation in the project file.
    Organisation(String),
    /// Named in the assessment.
    Named(Box<Party>),
}

/// A controller named in an assessment rather than in the project file:
/// what Art 30(1)(a) asks of it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// Legal name.
    pub name: String,
    /// Postal address.
    pub address: Option<String>,
    /// Contact email.
    pub email: Option<String>,
    /// Contact telephone.
    pub phone: Option<String>,
    /// Web address.
    pub website: Option<String>,
    /// A public authority or body.
    #[serde(default)]
    pub public_authority: bool,
    /// Registration with the supervisory authority.
    pub registration: Option<String>,
    /// Its DPO.
    pub dpo: Option<Contact>,
    /// Its representative (Art 27).
    pub representative: Option<Contact>,
}

/// The arrangement between joint controllers (Art 26(1)).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct JointArrangement {
    /// Title, reference or link.
    pub reference: Known<String>,
    /// Date.
    pub date: Option<PartialDate>,
    /// Planned, in force or ended.
    pub status: Option<AgreementStatus>,
    /// What it covers.
    pub note: Option<Markdown>,
}

impl JointArrangement {
    /// Whether it is not marked as ended.
    #[must_use]
    pub fn is_live(&self) -> bool {
        self.status != Some(AgreementStatus::Ended)
    }
}

/// The rights available, as the author states them.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rights {
    /// The rights.
    pub available: Vec<Right>,
    /// Limits, exemptions or how requests are handled.
    pub note: Option<Markdown>,
}

/// Life-cycle status of an assessment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Being written.
    #[default]
    Draft,
    /// Submitted for review and sign-off.
    InReview,
    /// Signed off.
    Approved,
    /// Replaced by a later assessment.
    Superseded,
}

impl Status {
    /// The word used in files and output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::InReview => "in-review",
            Status::Approved => "approved",
            Status::Superseded => "superseded",
        }
    }
}

/// One entry of the version history.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Version {
    /// Version label.
    pub version: String,
    /// Date of the version.
    pub date: Option<PartialDate>,
    /// The date as the source wrote it, when it is not a date.
    pub date_as_written: Option<String>,
    /// Who made the change.
    pub author: Option<String>,
    /// Who asked for it.
    pub requested_by: Option<String>,
    /// What changed.
    pub summary: Option<Markdown>,
}

/// Key dates of the project and the assessment.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Dates {
    /// When the assessment was written.
    pub created: Option<PartialDate>,
    /// When it was last changed.
    pub updated: Option<PartialDate>,
    /// When it was approved.
    pub approved: Option<PartialDate>,
    /// Project start.
    pub start: Option<PartialDate>,
    /// Project end.
    pub end: Option<PartialDate>,
    /// Target go-live of the processing.
    pub target_go_live: Option<PartialDate>,
    /// Last review of the assessment.
    pub last_reviewed: Option<PartialDate>,
    /// Next review of the record of processing.
    pub next_review: Option<PartialDate>,
}

/// A named person, team or body.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Name.
    pub name: String,
    /// Job title or role.
    pub role: Option<String>,
    /// Organisation, when not the controller.
    pub organisation: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Telephone number.
    pub phone: Option<String>,
}

/// The people with named roles in the assessment.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct People {
    /// Owner of the document.
    pub owner: Option<Person>,
    /// Information asset owner.
    pub information_asset_owner: Option<Person>,
    /// Senior responsible officer.
    pub senior_responsible_officer: Option<Person>,
    /// Project sponsor.
    pub project_sponsor: Option<Person>,
    /// Project manager.
    pub project_manager: Option<Person>,
    /// Project or business lead.
    pub project_lead: Option<Person>,
    /// Authors.
    #[serde(default)]
    pub authors: Vec<Person>,
    /// Quality reviewers.
    #[serde(default)]
    pub quality_reviewers: Vec<Person>,
    /// Anyone else with a named role.
    #[serde(default)]
    pub others: Vec<Person>,
}

/// The document an imported assessment was encoded from.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDocument {
    /// Title.
    pub title: String,
    /// Publisher.
    pub publisher: Option<String>,
    /// Date.
    pub date: Option<PartialDate>,
    /// URL, file name or reference.
    pub reference: Option<String>,
    /// How it was encoded.
    pub note: Option<Markdown>,
}

/// A supporting document.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Identifier.
    pub id: Option<String>,
    /// Kind of document.
    pub kind: Option<DocumentKind>,
    /// Title.
    pub title: String,
    /// Where to find it.
    pub reference: Option<String>,
    /// Date or version date.
    pub date: Option<PartialDate>,
    /// What it covers.
    pub note: Option<Markdown>,
}

/// Kinds of supporting document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)] // the names say it
pub enum DocumentKind {
    BusinessCase,
    RecordOfProcessing,
    PrivacyNotice,
    AppropriatePolicyDocument,
    RetentionSchedule,
    RecordsManagementPolicy,
    Contract,
    DataProcessingAgreement,
    DataSharingAgreement,
    LegitimateInterestsAssessment,
    TransferRiskAssessment,
    SecurityAssessment,
    Policy,
    Procedure,
    Workflow,
    Other,
}

/// ICO step 1: the need for a DPIA.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Screening {
    /// What the project aims to achieve and why a DPIA is needed.
    pub need: Option<Markdown>,
    /// Art 35(3) cases.
    #[serde(default)]
    pub art35_3: Art35Cases,
    /// WP248 criteria.
    #[serde(default)]
    pub wp248: Wp248Criteria,
    /// ICO high-risk types.
    #[serde(default)]
    pub ico: IcoTypes,
    /// The organisation's own screening questions.
    #[serde(default)]
    pub questions: Vec<Question>,
    /// The declared decision.
    pub decision: Option<ScreeningDecision>,
    /// Why.
    pub justification: Option<Markdown>,
    /// The DPO's view.
    pub dpo_view: Option<Markdown>,
}

impl Screening {
    /// The answer to a criterion of `law::CRITERIA`, by its group and key.
    #[must_use]
    pub fn criterion(&self, group: &str, key: &str) -> Option<&Criterion> {
        let (a, w, i) = (&self.art35_3, &self.wp248, &self.ico);
        match (group, key) {
            ("Art 35(3)", "systematic_evaluation") => a.systematic_evaluation.as_ref(),
            ("Art 35(3)", "large_scale_special_category") => {
                a.large_scale_special_category.as_ref()
            }
            ("Art 35(3)", "public_monitoring") => a.public_monitoring.as_ref(),
            ("WP248", "evaluation_or_scoring") => w.evaluation_or_scoring.as_ref(),
            ("WP248", "automated_decision_making") => w.automated_decision_making.as_ref(),
            ("WP248", "systematic_monitoring") => w.systematic_monitoring.as_ref(),
            ("WP248", "sensitive_data") => w.sensitive_data.as_ref(),
            ("WP248", "large_scale") => w.large_scale.as_ref(),
            ("WP248", "matching_datasets") => w.matching_datasets.as_ref(),
            ("WP248", "vulnerable_data_subjects") => w.vulnerable_data_subjects.as_ref(),
            ("WP248", "innovative_technology") => w.innovative_technology.as_ref(),
            ("WP248", "prevents_exercising_rights") => w.prevents_exercising_rights.as_ref(),
            ("ICO list", "innovative_technology") => i.innovative_technology.as_ref(),
            ("ICO list", "denial_of_service") => i.denial_of_service.as_ref(),
            ("ICO list", "large_scale_profiling") => i.large_scale_profiling.as_ref(),
            ("ICO list", "biometric_data") => i.biometric_data.as_ref(),
            ("ICO list", "genetic_data") => i.genetic_data.as_ref(),
            ("ICO list", "data_matching") => i.data_matching.as_ref(),
            ("ICO list", "invisible_processing") => i.invisible_processing.as_ref(),
            ("ICO list", "tracking") => i.tracking.as_ref(),
            ("ICO list", "targeting_children_or_vulnerable") => {
                i.targeting_children_or_vulnerable.as_ref()
            }
            ("ICO list", "risk_of_physical_harm") => i.risk_of_physical_harm.as_ref(),
            _ => None,
        }
    }
}

/// Whether a DPIA is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScreeningDecision {
    /// A DPIA is required.
    Required,
    /// A DPIA is not required.
    NotRequired,
}

/// A screening criterion: a flag, or a flag with a note.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Criterion {
    /// `true` or `false`.
    Flag(bool),
    /// `{applies: ..., note: ...}`.
    Detailed {
        /// Whether it applies.
        applies: bool,
        /// Why.
        note: Option<Markdown>,
    },
}

impl Criterion {
    /// Whether the criterion applies.
    #[must_use]
    pub fn applies(&self) -> bool {
        match self {
            Criterion::Flag(b) => *b,
            Criterion::Detailed { applies, .. } => *applies,
        }
    }

    /// The note, if any.
    #[must_use]
    pub fn note(&self) -> Option<&str> {
        match self {
            Criterion::Flag(_) => None,
            Criterion::Detailed { note, .. } => note.as_deref(),
        }
    }
}

/// The three Art 35(3) cases.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Art35Cases {
    /// (a) systematic and extensive evaluation with significant effects.
    pub systematic_evaluation: Option<Criterion>,
    /// (b) large-scale special category or criminal offence data.
    pub large_scale_special_category: Option<Criterion>,
    /// (c) large-scale systematic monitoring of a public area.
    pub public_monitoring: Option<Criterion>,
}

/// The nine WP248 rev.01 criteria.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)] // each field is described in the schema and in `screening` docs
pub struct Wp248Criteria {
    pub evaluation_or_scoring: Option<Criterion>,
    pub automated_decision_making: Option<Criterion>,
    pub systematic_monitoring: Option<Criterion>,
    pub sensitive_data: Option<Criterion>,
    pub large_scale: Option<Criterion>,
    pub matching_datasets: Option<Criterion>,
    pub vulnerable_data_subjects: Option<Criterion>,
    pub innovative_technology: Option<Criterion>,
    pub prevents_exercising_rights: Option<Criterion>,
}

/// The ICO's Art 35(4) list of likely high-risk processing.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)] // each field is described in the schema
pub struct IcoTypes {
    pub innovative_technology: Option<Criterion>,
    pub denial_of_service: Option<Criterion>,
    pub large_scale_profiling: Option<Criterion>,
    pub biometric_data: Option<Criterion>,
    pub genetic_data: Option<Criterion>,
    pub data_matching: Option<Criterion>,
    pub invisible_processing: Option<Criterion>,
    pub tracking: Option<Criterion>,
    pub targeting_children_or_vulnerable: Option<Criterion>,
    pub risk_of_physical_harm: Option<Criterion>,
}

/// A question and its answer, from a screening or compliance checklist.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Section or principle.
    pub section: Option<String>,
    /// The question.
    pub question: String,
    /// The answer.
    pub answer: Option<Answer>,
    /// Further explanation.
    pub note: Option<Markdown>,
}

/// An answer: text as written, or a yes/no flag.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Answer {
    /// `true` or `false`.
    Flag(bool),
    /// Text.
    Text(String),
}

/// ICO step 2: the description of the processing.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Description {
    /// Nature.
    pub nature: Option<Markdown>,
    /// Scope.
    pub scope: Option<Markdown>,
    /// Context.
    pub context: Option<Markdown>,
    /// Purposes.
    pub purposes: Option<Markdown>,
    /// Volumes.
    pub volumes: Option<Volumes>,
    /// Geographical area.
    pub geographic_area: Option<String>,
}

/// How much data, about how many people, how often.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Volumes {
    /// Number of data subjects.
    pub data_subjects: Option<u64>,
    /// Number of records.
    pub records: Option<u64>,
    /// How often.
    pub frequency: Option<String>,
    /// Qualifications.
    pub note: Option<Markdown>,
}

/// A system or other asset.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct System {
    /// Identifier.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind of asset.
    pub kind: Option<String>,
    /// Role in the processing.
    pub description: Option<Markdown>,
    /// Supplier or host.
    pub supplier: Option<String>,
    /// Where the data is held.
    pub location: Option<String>,
    /// Country where the data is held.
    pub country: Option<String>,
}

/// A category of data subjects.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DataSubject {
    /// Identifier.
    pub id: String,
    /// Category of individuals.
    pub name: String,
    /// Who they are.
    pub description: Option<Markdown>,
    /// Includes children.
    #[serde(default)]
    pub children: bool,
    /// Includes vulnerable people.
    #[serde(default)]
    pub vulnerable: bool,
    /// How many.
    pub count: Option<u64>,
}

/// A category of personal data.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DataCategory {
    /// Identifier.
    pub id: String,
    /// Name.
    pub name: String,
    /// What the data is.
    pub description: Option<Markdown>,
    /// Special category data (Art 9(1)).
    #[serde(default)]
    pub special_category: bool,
    /// Which special categories.
    #[serde(default)]
    pub special_category_types: Vec<String>,
    /// Criminal offence data (Art 10).
    #[serde(default)]
    pub criminal_offence: bool,
    /// Ids of the data subject categories.
    #[serde(default)]
    pub data_subjects: Vec<String>,
    /// Ids of the sources.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Retention of this category.
    pub retention: Option<Retention>,
    /// Anything else.
    pub note: Option<Markdown>,
}

impl Assessment {
    /// What `dpia check` reports of an assessment once its rules have run:
    /// its id, title, status and the ids of its risks; every other part
    /// left empty. A check of thousands of assessments keeps this of each
    /// ([`crate::pipeline::Keep::Findings`]), not the whole model.
    #[must_use]
    pub fn outline(self) -> Assessment {
        Assessment {
            id: self.id,
            title: self.title,
            status: self.status,
            risks: self
                .risks
                .into_iter()
                .map(|risk| Risk {
                    id: risk.id,
                    ..Risk::default()
                })
                .collect(),
            ..Assessment::default()
        }
    }

    /// The next review and where it is written: the earlier of the DPIA's
    /// (`sign_off.review.next`) and the record's (`dates.next_review`), the
    /// DPIA's when they fall together. The one definition: the rules (D004,
    /// G006) and the dashboard all judge by it.
    #[must_use]
    pub fn next_review(&self) -> Option<(PartialDate, &'static str)> {
        let dpia = self
            .sign_off
            .as_ref()
            .and_then(|s| s.review.as_ref())
            .and_then(|r| r.next)
            .map(|d| (d, "/sign_off/review/next"));
        let record = self.dates.next_review.map(|d| (d, "/dates/next_review"));
        [dpia, record]
            .into_iter()
            .flatten()
            .min_by_key(|(d, _)| d.first_day())
    }

    /// Whether the file holds any DPIA content (ICO steps 3 to 7): risks,
    /// measures, necessity and proportionality, consultation, or sign-off.
    /// Without it, it is a record of processing only.
    #[must_use]
    pub fn has_dpia_content(&self) -> bool {
        !self.risks.is_empty()
            || !self.measures.is_empty()
            || self.necessity.is_some()
            || self.consultation.is_some()
            || self.sign_off.as_ref().is_some_and(|s| !s.is_empty())
    }
}

impl DataCategory {
    /// Whether this is special category data, by flag or by listed type.
    #[must_use]
    pub fn is_special_category(&self) -> bool {
        self.special_category || !self.special_category_types.is_empty()
    }
}

/// A source of personal data.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Identifier.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind of source.
    pub kind: Option<String>,
    /// How the data is obtained.
    pub description: Option<Markdown>,
}

/// A purpose of the processing.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Purpose {
    /// Identifier.
    pub id: String,
    /// The purpose.
    pub name: String,
    /// What it achieves.
    pub description: Option<Markdown>,
    /// Part of a public authority's performance of its tasks.
    pub public_task: Option<bool>,
    /// The legitimate interest pursued.
    pub legitimate_interest: Option<Markdown>,
}

/// A lawful basis for one or more purposes.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LawfulBasis {
    /// Identifier.
    pub id: Option<String>,
    /// Ids of the purposes covered.
    pub purposes: Vec<String>,
    /// Ids of the data categories covered, when not all.
    #[serde(default)]
    pub data_categories: Vec<String>,
    /// Art 6(1) point.
    pub article_6: Option<String>,
    /// Art 9(2) point.
    pub article_9: Option<String>,
    /// DPA 2018 Schedule 1 paragraphs.
    #[serde(default)]
    pub schedule_1: Vec<u8>,
    /// Art 10 basis.
    pub article_10: Option<String>,
    /// The law the basis rests on.
    pub law: Option<String>,
    /// Appropriate policy document reference.
    pub appropriate_policy_document: Option<String>,
    /// Legitimate interests assessment reference.
    pub legitimate_interests_assessment: Option<String>,
    /// How consent is withdrawn.
    pub consent_withdrawal: Option<Markdown>,
    /// Explanation.
    pub note: Option<Markdown>,
}

impl LawfulBasis {
    /// How messages name the basis at position `index` of `lawful_bases`:
    /// "lawful basis `id`", or "lawful basis N" (counting from 1).
    #[must_use]
    pub fn name(&self, index: usize) -> String {
        match &self.id {
            Some(id) => format!("lawful basis `{id}`"),
            None => format!("lawful basis {}", index + 1),
        }
    }
}

/// Roles a recipient can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecipientKind {
    /// A team within the controller.
    Internal,
    /// A processor acting for the controller (Art 28).
    Processor,
    /// A processor engaged by a processor (Art 28(2), (4)).
    SubProcessor,
    /// An independent controller.
    Controller,
    /// A joint controller (Art 26).
    JointController,
    /// The public, or other users of a service (what an app shows one
    /// user about another): recipients that are neither processors nor
    /// controllers.
    Public,
}

impl Known<RecipientKind> {
    /// The word used in files and output; for a role not given, which
    /// kind of no value it is ("unknown").
    #[must_use]
    pub fn as_str(&self) -> &'static str {
        match self {
            Known::Is(kind) => kind.as_str(),
            Known::Not(a) => a.not.words(),
        }
    }
}

impl PartialEq<RecipientKind> for Known<RecipientKind> {
    fn eq(&self, other: &RecipientKind) -> bool {
        self.value() == Some(other)
    }
}

impl RecipientKind {
    /// The word used in files and output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            RecipientKind::Internal => "internal",
            RecipientKind::Processor => "processor",
            RecipientKind::SubProcessor => "sub-processor",
            RecipientKind::Controller => "controller",
            RecipientKind::JointController => "joint-controller",
            RecipientKind::Public => "public",
        }
    }
}

/// Agreement kinds that can govern processing by a processor: a contract,
/// or another legal act under Union or Member State law that binds the
/// processor (Art 28(3), 28(4)).
pub const CONTRACT_KINDS: [&str; 5] = [
    "contract",
    "data-processing-agreement",
    "framework",
    "terms-of-service",
    "legal-act",
];

impl Recipient {
    /// Whether the recipient processes on the controller's behalf.
    #[must_use]
    pub fn is_processor(&self) -> bool {
        matches!(
            self.kind,
            Known::Is(RecipientKind::Processor | RecipientKind::SubProcessor)
        )
    }

    /// Whether the recipient is another controller (alone or jointly).
    #[must_use]
    pub fn is_other_controller(&self) -> bool {
        matches!(
            self.kind,
            Known::Is(RecipientKind::Controller | RecipientKind::JointController)
        )
    }

    /// The agreements not marked as ended.
    pub fn live_agreements(&self) -> impl Iterator<Item = &Agreement> {
        self.agreements
            .iter()
            .filter(|g| g.status != Some(AgreementStatus::Ended))
    }

    /// The processing contracts, or other legal acts, recorded with the
    /// recipient (Art 28(3)).
    pub fn contracts(&self) -> impl Iterator<Item = &Agreement> {
        self.live_agreements()
            .filter(|g| CONTRACT_KINDS.contains(&g.kind.as_str()))
    }

    /// A processor or sub-processor with no processing contract or other
    /// legal act recorded.
    #[must_use]
    pub fn lacks_contract(&self) -> bool {
        self.is_processor() && self.contracts().next().is_none()
    }
}

/// A recipient of the data.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    /// Identifier.
    pub id: String,
    /// Name.
    pub name: String,
    /// Role.
    pub kind: Known<RecipientKind>,
    /// What they receive and why.
    pub description: Option<Markdown>,
    /// Country.
    pub country: Option<String>,
    /// For a sub-processor: the processor that engages it.
    pub processor: Option<String>,
    /// Ids of the data categories disclosed.
    #[serde(default)]
    pub data_categories: Vec<String>,
    /// Contracts and agreements.
    #[serde(default)]
    pub agreements: Vec<Agreement>,
    /// The controller's authorisation of a sub-processor.
    pub authorisation: Option<Markdown>,
    /// Compliance checks on a processor.
    #[serde(default)]
    pub compliance_checks: Vec<ComplianceCheck>,
    /// Contact details.
    pub contact: Option<String>,
}

/// A contract or agreement with a recipient.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    /// Kind of agreement.
    pub kind: String,
    /// Title, reference or link.
    pub reference: Known<String>,
    /// Date.
    pub date: Option<PartialDate>,
    /// Planned, in force or ended.
    pub status: Option<AgreementStatus>,
    /// What it covers.
    pub note: Option<Markdown>,
}

/// Whether an agreement exists yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AgreementStatus {
    /// To be entered into.
    Planned,
    /// Signed and in effect.
    InForce,
    /// No longer in effect.
    Ended,
}

/// A check that a processor meets its obligations.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ComplianceCheck {
    /// When.
    pub date: PartialDate,
    /// By whom.
    pub by: Option<String>,
    /// What it found.
    pub outcome: Option<Markdown>,
}

/// A restricted transfer.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// Identifier.
    pub id: String,
    /// Id of the recipient.
    pub recipient: String,
    /// Destination country.
    pub country: String,
    /// Ids of the data categories transferred.
    #[serde(default)]
    pub data_categories: Vec<String>,
    /// Mechanisms relied on.
    #[serde(default)]
    pub mechanisms: Vec<String>,
    /// Art 49(1) derogation.
    pub derogation: Option<String>,
    /// Transfer risk (impact) assessment reference.
    pub transfer_risk_assessment: Option<String>,
    /// Art 30(1)(e) documentation of safeguards.
    pub safeguards_documentation: Option<String>,
    /// How the transfer happens.
    pub note: Option<Markdown>,
}

/// A retention rule.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// How long.
    pub period: Option<String>,
    /// From what event.
    pub trigger: Option<String>,
    /// How disposed of.
    pub disposal: Option<String>,
    /// Retention schedule reference.
    pub schedule: Option<String>,
    /// Whether retention and erasure follow the policy document.
    pub follows_policy: Option<bool>,
    /// Why they do not, when they do not.
    pub deviation: Option<Markdown>,
    /// Anything else.
    pub note: Option<Markdown>,
}

/// A flow of data between two nodes.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DataFlow {
    /// Identifier.
    pub id: String,
    /// Id of the node the data comes from.
    pub from: String,
    /// Id of the node the data goes to.
    pub to: String,
    /// Ids of the data categories that flow.
    #[serde(default)]
    pub data_categories: Vec<String>,
    /// How the data moves.
    pub channel: Option<String>,
    /// How often.
    pub frequency: Option<String>,
    /// What happens.
    pub description: Option<Markdown>,
}

/// ICO step 3: consultation.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Consultation {
    /// How views are sought, or why not.
    pub summary: Option<Markdown>,
    /// Stakeholders consulted.
    #[serde(default)]
    pub consulted: Vec<Consulted>,
    /// Stakeholders deliberately not consulted.
    #[serde(default)]
    pub not_consulted: Vec<NotConsulted>,
    /// Advice received about consultation.
    pub advice: Option<Markdown>,
}

/// A stakeholder consulted.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Consulted {
    /// Who.
    pub stakeholder: String,
    /// How.
    pub method: Option<String>,
    /// When.
    pub date: Option<PartialDate>,
    /// Planned, in progress or completed.
    pub status: Option<String>,
    /// Their views.
    pub views: Option<Markdown>,
    /// The project's response.
    pub response: Option<Markdown>,
}

/// A stakeholder not consulted, with the reason.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NotConsulted {
    /// Who.
    pub stakeholder: String,
    /// Why not.
    pub reason: Known<Markdown>,
}

/// ICO step 4: necessity and proportionality.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)] // each field is one ICO step 4 question, described in the schema
pub struct Necessity {
    pub summary: Option<Markdown>,
    pub lawful_basis: Option<Markdown>,
    pub alternatives: Option<Markdown>,
    pub function_creep: Option<Markdown>,
    pub data_minimisation: Option<Markdown>,
    pub data_quality: Option<Markdown>,
    pub storage_limitation: Option<Markdown>,
    pub transparency: Option<Markdown>,
    pub individual_rights: Option<Markdown>,
    pub processors: Option<Markdown>,
    pub international_transfers: Option<Markdown>,
    pub security: Option<Markdown>,
    pub accountability: Option<Markdown>,
    pub human_rights: Option<Markdown>,
    #[serde(default)]
    pub questions: Vec<Question>,
}

impl Necessity {
    /// Whether any answer is given.
    #[must_use]
    pub fn is_answered(&self) -> bool {
        [
            &self.summary,
            &self.lawful_basis,
            &self.alternatives,
            &self.function_creep,
            &self.data_minimisation,
            &self.data_quality,
            &self.storage_limitation,
            &self.transparency,
            &self.individual_rights,
            &self.processors,
            &self.international_transfers,
            &self.security,
            &self.accountability,
            &self.human_rights,
        ]
        .iter()
        .any(|f| f.as_deref().is_some_and(|t| !t.trim().is_empty()))
            || !self.questions.is_empty()
    }
}

/// A level of a risk matrix as the author wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum LevelRef {
    /// Position from 1 (lowest).
    Position(u32),
    /// Id, label or alias.
    Name(String),
}

/// Likelihood and severity of a risk before or after the measures.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RatingInput {
    /// Likelihood of harm.
    pub likelihood: Option<LevelRef>,
    /// Severity of harm.
    pub severity: Option<LevelRef>,
    /// The rating as the source document states it.
    pub stated: Option<String>,
    /// Why.
    pub note: Option<Markdown>,
}

/// Effect of the measures on a risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    /// The risk no longer exists.
    Eliminated,
    /// The risk is smaller.
    Reduced,
    /// The risk is accepted as it is.
    Accepted,
}

impl Effect {
    /// The word used in files and output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Eliminated => "eliminated",
            Effect::Reduced => "reduced",
            Effect::Accepted => "accepted",
        }
    }
}

/// One effect, or several when the source gives more than one.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Effects {
    /// A single effect.
    One(Effect),
    /// Several, e.g. `[accepted, reduced]`.
    Many(Vec<Effect>),
}

impl Effects {
    /// The effects as a slice.
    #[must_use]
    pub fn as_slice(&self) -> &[Effect] {
        match self {
            Effects::One(e) => std::slice::from_ref(e),
            Effects::Many(v) => v,
        }
    }
}

/// A risk to individuals.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// Identifier.
    pub id: String,
    /// Short name, when the source gives one.
    pub title: Option<String>,
    /// The heading the source files the risk under ("Information
    /// security").
    pub group: Option<String>,
    /// Source of the risk and nature of the impact.
    pub description: Option<Markdown>,
    /// Risk to individuals.
    pub impact_on_individuals: Option<Markdown>,
    /// Associated compliance risk.
    pub compliance_risk: Option<Markdown>,
    /// Associated corporate risk.
    pub corporate_risk: Option<Markdown>,
    /// Before the measures.
    pub inherent: Option<RatingInput>,
    /// Ids of the measures.
    #[serde(default)]
    pub measures: Vec<String>,
    /// Effect of the measures.
    pub effect: Option<Effects>,
    /// After the measures.
    pub residual: Option<Known<RatingInput>>,
    /// Why the residual risk is accepted.
    pub acceptance: Option<Markdown>,
    /// Whether the final impact is justified.
    pub evaluation: Option<Markdown>,
    /// Owner.
    pub owner: Option<String>,
    /// Due date of the action.
    pub due: Option<PartialDate>,
    /// Anything else.
    pub note: Option<Markdown>,
}

/// Implementation status of a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MeasureStatus {
    /// Not started.
    Planned,
    /// Under way.
    InProgress,
    /// Done.
    Implemented,
}

/// A measure to reduce or eliminate risk.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Identifier.
    pub id: String,
    /// Short name.
    pub title: Option<String>,
    /// What the measure is.
    pub description: Markdown,
    /// Who is responsible.
    pub owner: Option<String>,
    /// When due.
    pub due: Option<PartialDate>,
    /// Implementation status.
    pub status: Option<MeasureStatus>,
    /// Approved (ICO step 6).
    pub approved: Option<bool>,
    /// Anything else.
    pub note: Option<Markdown>,
}

/// An entry of the sign-off table.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    /// Name.
    pub name: Known<String>,
    /// Role.
    pub role: Option<String>,
    /// Organisation.
    pub organisation: Option<String>,
    /// Date.
    pub date: Option<PartialDate>,
    /// Comments.
    pub notes: Option<Markdown>,
}

/// One item, or several where the source gives more than one (a row of
/// the sign-off table signed by two people, a DPO advice from each joint
/// controller's DPO).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    /// A single item, written as a mapping.
    One(T),
    /// Several, written as a list.
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// The items as a slice.
    #[must_use]
    pub fn as_slice(&self) -> &[T] {
        match self {
            OneOrMany::One(x) => std::slice::from_ref(x),
            OneOrMany::Many(v) => v,
        }
    }

    /// The pointer of item `i` under `base`: `base` itself for a single
    /// item, `base/i` in a list.
    #[must_use]
    pub fn pointer(&self, base: &str, i: usize) -> String {
        match self {
            OneOrMany::One(_) => base.to_owned(),
            OneOrMany::Many(_) => format!("{base}/{i}"),
        }
    }
}

/// Who signed one row of the sign-off table: one person, or several who
/// signed it together.
pub type Signatories = OneOrMany<Signatory>;

impl<T> Known<OneOrMany<T>> {
    /// The items; none when there is no value.
    #[must_use]
    pub fn as_slice(&self) -> &[T] {
        self.value().map_or(&[], OneOrMany::as_slice)
    }

    /// The pointer of item `i` under `base` (see [`OneOrMany::pointer`]).
    #[must_use]
    pub fn pointer(&self, base: &str, i: usize) -> String {
        match self {
            Known::Is(items) => items.pointer(base, i),
            Known::Not(_) => base.to_owned(),
        }
    }
}

/// ICO step 7: sign-off and outcomes.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SignOff {
    /// Measures approved by.
    pub measures_approved_by: Option<Known<Signatories>>,
    /// Residual risks approved by.
    pub residual_risks_approved_by: Option<Known<Signatories>>,
    /// DPO advice: one, or one from each DPO (each joint controller's).
    pub dpo_advice: Option<OneOrMany<DpoAdvice>>,
    /// DPO advice accepted or overruled.
    pub dpo_advice_response: Option<DpoAdviceResponse>,
    /// Consultation responses reviewed.
    pub consultation_responses_reviewed_by: Option<ConsultationReview>,
    /// Kept under review by.
    pub kept_under_review_by: Option<Known<Signatories>>,
    /// Contact point for future privacy concerns.
    pub privacy_contact: Option<Person>,
    /// Other approvals.
    #[serde(default)]
    pub approvals: Vec<Approval>,
    /// Prior consultation with the supervisory authority.
    pub prior_consultation: Option<PriorConsultation>,
    /// Prior consultation considered and judged not required, and why.
    pub prior_consultation_not_required: Option<ConsultationNotRequired>,
    /// Review schedule.
    pub review: Option<Review>,
    /// Records updated.
    #[serde(default)]
    pub records_updated: Vec<RecordUpdate>,
}

impl SignOff {
    /// Whether its page is unfilled where it matters: no approval (of the
    /// measures, of the residual risks, or by another role) and no DPO
    /// advice, whatever else it records. A row marked not applicable is no
    /// approval; one whose signatory is unknown or not captured is (the
    /// source recorded it).
    #[must_use]
    pub fn is_unfilled(&self) -> bool {
        let signed =
            |x: &Option<Known<Signatories>>| x.as_ref().is_some_and(|k| !k.is_not_applicable());
        !signed(&self.measures_approved_by)
            && !signed(&self.residual_risks_approved_by)
            && self.approvals.is_empty()
            && self
                .dpo_advices()
                .iter()
                .all(|d| !signed(&d.provided_by) && d.summary.is_none())
    }

    /// Everyone recorded as signing a row: who approved the measures and
    /// the residual risks, gave the DPO's advice, responded to it, reviewed
    /// the consultation responses, and keeps the DPIA under review.
    pub fn signatories(&self) -> impl Iterator<Item = &Signatory> {
        [
            self.measures_approved_by.as_ref(),
            self.residual_risks_approved_by.as_ref(),
            self.dpo_advice_response
                .as_ref()
                .and_then(|r| r.by.as_ref()),
            self.consultation_responses_reviewed_by
                .as_ref()
                .and_then(|r| r.by.as_ref()),
            self.kept_under_review_by.as_ref(),
        ]
        .into_iter()
        .flatten()
        .chain(
            self.dpo_advices()
                .iter()
                .filter_map(|d| d.provided_by.as_ref()),
        )
        .flat_map(Known::as_slice)
    }

    /// The DPO advices recorded (none, one, or one per DPO).
    #[must_use]
    pub fn dpo_advices(&self) -> &[DpoAdvice] {
        self.dpo_advice.as_ref().map_or(&[], OneOrMany::as_slice)
    }

    /// Whether nothing at all is recorded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.measures_approved_by.is_none()
            && self.residual_risks_approved_by.is_none()
            && self.dpo_advice.is_none()
            && self.dpo_advice_response.is_none()
            && self.consultation_responses_reviewed_by.is_none()
            && self.kept_under_review_by.is_none()
            && self.privacy_contact.is_none()
            && self.approvals.is_empty()
            && self.prior_consultation.is_none()
            && self.prior_consultation_not_required.is_none()
            && self.review.is_none()
            && self.records_updated.is_empty()
    }
}

/// The DPO's advice.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DpoAdvice {
    /// Who gave it.
    pub provided_by: Option<Known<Signatories>>,
    /// Its summary.
    pub summary: Option<Markdown>,
}

/// Whether the DPO's advice was accepted or overruled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AdviceDecision {
    /// Accepted.
    Accepted,
    /// Overruled.
    Overruled,
}

/// The response to the DPO's advice.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DpoAdviceResponse {
    /// Accepted or overruled.
    pub decision: Known<AdviceDecision>,
    /// By whom.
    pub by: Option<Known<Signatories>>,
    /// Reasons.
    pub reasons: Option<Markdown>,
    /// Comments.
    pub comments: Option<Markdown>,
}

/// The review of consultation responses.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ConsultationReview {
    /// By whom.
    pub by: Option<Known<Signatories>>,
    /// Whether the decision departs from individuals' views.
    pub departs_from_views: Option<bool>,
    /// Reasons.
    pub reasons: Option<Markdown>,
    /// Comments.
    pub comments: Option<Markdown>,
}

/// Another approval recorded by the organisation's template.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// What was approved.
    pub item: String,
    /// By whom.
    pub name: Option<String>,
    /// Their role.
    pub role: Option<String>,
    /// When.
    pub date: Option<PartialDate>,
    /// Notes.
    pub notes: Option<Markdown>,
}

/// Prior consultation with the supervisory authority (Art 36).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PriorConsultation {
    /// When.
    pub date: PartialDate,
    /// By whom.
    pub by: Option<String>,
    /// The authority's reference.
    pub reference: Option<String>,
    /// The authority's advice.
    pub outcome: Option<Markdown>,
}

/// Prior consultation considered and judged not required (Art 36(1)).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ConsultationNotRequired {
    /// Why.
    pub reason: Markdown,
    /// Who judged it.
    pub by: Option<String>,
    /// When.
    pub date: Option<PartialDate>,
}

/// When the DPIA is reviewed.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// How often.
    pub frequency: Option<String>,
    /// Next review date.
    pub next: Option<PartialDate>,
    /// Other triggers.
    pub trigger: Option<Markdown>,
}

/// A record updated as a result of the DPIA.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RecordUpdate {
    /// Which record.
    pub record: String,
    /// By whom.
    pub by: Option<String>,
    /// When.
    pub date: Option<PartialDate>,
    /// Notes.
    pub note: Option<Markdown>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assessment(review_next: Option<&str>, record_next: Option<&str>) -> Assessment {
        let mut json = serde_json::json!({"id": "a", "title": "A", "status": "draft"});
        if let Some(next) = review_next {
            json["sign_off"] = serde_json::json!({"review": {"next": next}});
        }
        if let Some(next) = record_next {
            json["dates"] = serde_json::json!({"next_review": next});
        }
        serde_json::from_value(json).expect("an assessment")
    }

    #[test]
    fn a_value_or_one_of_three_kinds_of_no_value() {
        let response: DpoAdviceResponse =
            serde_json::from_value(serde_json::json!({"decision": "overruled"})).unwrap();
        assert_eq!(response.decision, Known::Is(AdviceDecision::Overruled));
        for (written, kind) in [
            ("applicable", NoValue::NotApplicable),
            ("known", NoValue::Unknown),
            ("captured", NoValue::NotCaptured),
        ] {
            let json = serde_json::json!({"decision": {"not": written, "note": "why"}});
            let response: DpoAdviceResponse = serde_json::from_value(json.clone()).unwrap();
            let absence = response.decision.absence().unwrap();
            assert_eq!((absence.not, absence.note.as_deref()), (kind, Some("why")));
            assert_eq!(response.decision.is_open(), kind != NoValue::NotApplicable);
            // Written back as read.
            assert_eq!(
                serde_json::to_value(&response).unwrap()["decision"],
                json["decision"]
            );
        }
        // A mapping with `not` is a no-value; any other is the value.
        let risk: Risk = serde_json::from_value(serde_json::json!({
            "id": "R1", "residual": {"not": "captured"}
        }))
        .unwrap();
        assert!(risk.residual.unwrap().is_open());
        let risk: Risk = serde_json::from_value(serde_json::json!({
            "id": "R1", "residual": {"likelihood": 1, "note": "n"}
        }))
        .unwrap();
        assert!(risk.residual.unwrap().value().is_some());
        let name: Signatory = serde_json::from_value(serde_json::json!({"name": "N/A"})).unwrap();
        assert_eq!(name.name, Known::Is("N/A".to_owned()), "text stays text");
    }

    #[test]
    fn a_sign_off_row_holds_one_person_or_several() {
        let sign_off: SignOff = serde_json::from_value(serde_json::json!({
            "measures_approved_by": [{"name": "A"}, {"name": "B", "date": "2020-06"}],
            "kept_under_review_by": {"name": "C"},
            "dpo_advice": [{"provided_by": {"name": "D"}}, {"summary": "Proceed."}],
        }))
        .expect("a sign-off");
        let names: Vec<&str> = sign_off
            .signatories()
            .map(|s| s.name.value().map_or("?", String::as_str))
            .collect();
        assert_eq!(names, ["A", "B", "C", "D"]);
        assert_eq!(sign_off.dpo_advices().len(), 2);
        assert!(!sign_off.is_unfilled());
        let empty: SignOff = serde_json::from_value(serde_json::json!({"dpo_advice": [{}, {}]}))
            .expect("a sign-off");
        assert!(empty.is_unfilled());
    }

    #[test]
    fn next_review_is_the_earlier_of_the_two_dates() {
        let day = |s| PartialDate::parse(s).unwrap();
        assert_eq!(
            assessment(Some("2027-01"), Some("2026-06")).next_review(),
            Some((day("2026-06"), "/dates/next_review"))
        );
        assert_eq!(
            assessment(Some("2026-06-01"), Some("2027")).next_review(),
            Some((day("2026-06-01"), "/sign_off/review/next"))
        );
        assert_eq!(
            assessment(Some("2026-06"), Some("2026-06")).next_review(),
            Some((day("2026-06"), "/sign_off/review/next"))
        );
        assert_eq!(
            assessment(None, Some("2026")).next_review(),
            Some((day("2026"), "/dates/next_review"))
        );
        assert_eq!(assessment(None, None).next_review(), None);
    }
}
