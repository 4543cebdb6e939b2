//! Semantic diff: what changed between two versions of an assessment, in
//! the assessment's terms rather than lines of YAML.
//!
//! [`changes`] compares two [`Side`]s (a resolved model with its ratings)
//! and names each change: a risk added, removed or re-rated (its scored
//! inherent and residual ratings, through each side's matrix), a measure
//! added, removed or with another status, recipients and processors,
//! transfers (country, mechanisms), lawful bases, data categories (special
//! category or criminal offence data gained or lost), retention, the
//! screening decision, the status and the overall residual rating. Every
//! other difference is still reported, by its JSON pointer
//! ([`ChangeKind::FieldChanged`] and its kin), so no change is silent: the
//! two models are compared as JSON, field by field, and whatever the named
//! changes do not explain is listed as it is.
//!
//! Items of a list are matched by their `id` (a lawful basis without one
//! by the purposes it covers), so a risk inserted before another is one
//! risk added, not every later risk changed; a list of items without ids
//! is compared position by position, a list of values as a whole.
//!
//! A side read from canonical content ([`Side::canonical`], an approved
//! version) does not know the approvals or the empty values the canonical
//! form leaves out: those parts are compared on neither side.
//!
//! [`crate::versions`] reads the versions `dpia diff` compares (files, or a
//! git revision's version of a file), or every assessment of a project at a
//! revision and in the working tree; this module only compares, so that
//! the pipeline can name what changed since an approval before the rules
//! run.

use serde::Serialize;
use serde::ser::SerializeStruct as _;
use serde_json::{Map, Value, json};

use crate::model::digest::APPROVALS;
use crate::model::resolve::Model;
use crate::scoring::{Basis, Score, ScoredAssessment};
use crate::yaml::escape_token;

/// One version of an assessment, as a diff compares it: its resolved model
/// and its ratings.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// The model.
    pub model: &'a Model,
    /// Its ratings ([`crate::scoring::score_assessment`]).
    pub scored: &'a ScoredAssessment,
    /// Whether it was read from canonical content
    /// ([`crate::pipeline::load_canonical`]), which does not hold the
    /// approvals ([`APPROVALS`]: `status`, `dates.approved`, the ICO step 7
    /// rows) nor the difference between an empty value and none.
    pub canonical: bool,
}

impl<'a> Side<'a> {
    /// A version read from a file (or a git revision of one): everything
    /// it says is known.
    #[must_use]
    pub fn file(model: &'a Model, scored: &'a ScoredAssessment) -> Self {
        Side {
            model,
            scored,
            canonical: false,
        }
    }

    /// A version read from canonical content (an approved version): its
    /// approvals and status are unknown, and are compared on neither side.
    #[must_use]
    pub fn canonical(model: &'a Model, scored: &'a ScoredAssessment) -> Self {
        Side {
            model,
            scored,
            canonical: true,
        }
    }

    /// The parts of the assessment this side does not know, as JSON
    /// pointers.
    #[must_use]
    pub fn unknown(&self) -> &'static [&'static str] {
        if self.canonical { &APPROVALS } else { &[] }
    }
}

/// What kind of change a [`Change`] is. The names (`risk-rerated`) are
/// part of `dpia diff --format json`'s stable shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// `status` changed (old and new: the status).
    StatusChanged,
    /// `screening.decision` changed (old and new: the decision or null).
    ScreeningDecisionChanged,
    /// The highest residual rating of the assessment changed (old and
    /// new: a rating or null).
    OverallResidualChanged,
    /// A risk added (new: its id, title and ratings).
    RiskAdded,
    /// A risk removed (old: its id, title and ratings).
    RiskRemoved,
    /// A risk's inherent or residual rating changed (`field`: the stage;
    /// old and new: the rating, its likelihood and severity, or null).
    RiskRerated,
    /// A measure added (new: its id, title and status).
    MeasureAdded,
    /// A measure removed.
    MeasureRemoved,
    /// A measure's implementation status changed.
    MeasureStatusChanged,
    /// A data category added (new: its id, name and whether it is special
    /// category or criminal offence data).
    DataCategoryAdded,
    /// A data category removed.
    DataCategoryRemoved,
    /// Special category data (Art 9) gained: a category that is now
    /// special category data, or a new one that is.
    SpecialCategoryGained,
    /// Special category data no longer processed in a category.
    SpecialCategoryLost,
    /// Criminal offence data (Art 10) gained.
    CriminalOffenceGained,
    /// Criminal offence data no longer processed in a category.
    CriminalOffenceLost,
    /// A lawful basis added.
    LawfulBasisAdded,
    /// A lawful basis removed.
    LawfulBasisRemoved,
    /// A lawful basis's Art 6, Art 9, Art 10 point or Schedule 1
    /// conditions changed (`field`).
    LawfulBasisChanged,
    /// A recipient that is not a processor added.
    RecipientAdded,
    /// A recipient that is not a processor removed.
    RecipientRemoved,
    /// A processor or sub-processor added.
    ProcessorAdded,
    /// A processor or sub-processor removed.
    ProcessorRemoved,
    /// A recipient's role (`kind`) changed.
    RecipientRoleChanged,
    /// A restricted transfer added.
    TransferAdded,
    /// A restricted transfer removed.
    TransferRemoved,
    /// A transfer's country, mechanisms or derogation changed (`field`).
    TransferChanged,
    /// The retention of the activity, or of a data category (`item`),
    /// changed (`field`: the part of it, or null for the whole).
    RetentionChanged,
    /// Any other value added where there was none.
    FieldAdded,
    /// Any other value removed.
    FieldRemoved,
    /// Any other value changed.
    FieldChanged,
    /// The items of a list are in another order (old and new: their ids).
    OrderChanged,
}

impl ChangeKind {
    /// Every kind, in the order changes are listed.
    pub const ALL: [ChangeKind; 31] = [
        ChangeKind::StatusChanged,
        ChangeKind::ScreeningDecisionChanged,
        ChangeKind::OverallResidualChanged,
        ChangeKind::RiskAdded,
        ChangeKind::RiskRemoved,
        ChangeKind::RiskRerated,
        ChangeKind::MeasureAdded,
        ChangeKind::MeasureRemoved,
        ChangeKind::MeasureStatusChanged,
        ChangeKind::DataCategoryAdded,
        ChangeKind::DataCategoryRemoved,
        ChangeKind::SpecialCategoryGained,
        ChangeKind::SpecialCategoryLost,
        ChangeKind::CriminalOffenceGained,
        ChangeKind::CriminalOffenceLost,
        ChangeKind::LawfulBasisAdded,
        ChangeKind::LawfulBasisRemoved,
        ChangeKind::LawfulBasisChanged,
        ChangeKind::RecipientAdded,
        ChangeKind::RecipientRemoved,
        ChangeKind::ProcessorAdded,
        ChangeKind::ProcessorRemoved,
        ChangeKind::RecipientRoleChanged,
        ChangeKind::TransferAdded,
        ChangeKind::TransferRemoved,
        ChangeKind::TransferChanged,
        ChangeKind::RetentionChanged,
        ChangeKind::FieldAdded,
        ChangeKind::FieldRemoved,
        ChangeKind::FieldChanged,
        ChangeKind::OrderChanged,
    ];

    /// The name in JSON: `risk-rerated`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::StatusChanged => "status-changed",
            ChangeKind::ScreeningDecisionChanged => "screening-decision-changed",
            ChangeKind::OverallResidualChanged => "overall-residual-changed",
            ChangeKind::RiskAdded => "risk-added",
            ChangeKind::RiskRemoved => "risk-removed",
            ChangeKind::RiskRerated => "risk-rerated",
            ChangeKind::MeasureAdded => "measure-added",
            ChangeKind::MeasureRemoved => "measure-removed",
            ChangeKind::MeasureStatusChanged => "measure-status-changed",
            ChangeKind::DataCategoryAdded => "data-category-added",
            ChangeKind::DataCategoryRemoved => "data-category-removed",
            ChangeKind::SpecialCategoryGained => "special-category-gained",
            ChangeKind::SpecialCategoryLost => "special-category-lost",
            ChangeKind::CriminalOffenceGained => "criminal-offence-gained",
            ChangeKind::CriminalOffenceLost => "criminal-offence-lost",
            ChangeKind::LawfulBasisAdded => "lawful-basis-added",
            ChangeKind::LawfulBasisRemoved => "lawful-basis-removed",
            ChangeKind::LawfulBasisChanged => "lawful-basis-changed",
            ChangeKind::RecipientAdded => "recipient-added",
            ChangeKind::RecipientRemoved => "recipient-removed",
            ChangeKind::ProcessorAdded => "processor-added",
            ChangeKind::ProcessorRemoved => "processor-removed",
            ChangeKind::RecipientRoleChanged => "recipient-role-changed",
            ChangeKind::TransferAdded => "transfer-added",
            ChangeKind::TransferRemoved => "transfer-removed",
            ChangeKind::TransferChanged => "transfer-changed",
            ChangeKind::RetentionChanged => "retention-changed",
            ChangeKind::FieldAdded => "field-added",
            ChangeKind::FieldRemoved => "field-removed",
            ChangeKind::FieldChanged => "field-changed",
            ChangeKind::OrderChanged => "order-changed",
        }
    }
}

/// One change between two versions of an assessment.
///
/// Serialised as `{kind, path, item, field, old, new, summary}`, the
/// summary being [`Change::summary`].
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// What kind of change it is.
    pub kind: ChangeKind,
    /// Where: a JSON pointer into the new version, or into the old one for
    /// what was removed (`/risks/2/residual`).
    pub path: String,
    /// The id of the item of a list the change is in (a risk's `R3`), if
    /// it is in one that has ids.
    pub item: Option<String>,
    /// The field of the item or part that changed, for the kinds that name
    /// one (`residual`, `country`, `period`).
    pub field: Option<String>,
    /// The value before (null: none, or for an item added).
    pub old: Value,
    /// The value after (null: none, or for an item removed).
    pub new: Value,
}

impl Serialize for Change {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Change", 7)?;
        s.serialize_field("kind", &self.kind)?;
        s.serialize_field("path", &self.path)?;
        s.serialize_field("item", &self.item)?;
        s.serialize_field("field", &self.field)?;
        s.serialize_field("old", &self.old)?;
        s.serialize_field("new", &self.new)?;
        s.serialize_field("summary", &self.summary())?;
        s.end()
    }
}

/// Values longer than this are not repeated in a one-line wording (the
/// JSON has them whole).
const SHORT: usize = 80;

impl Change {
    /// The change in one line, text from the assessment in backticks:
    /// ``risk `R3` residual: `Medium` -> `High` (likelihood `remote` ->
    /// `possible`)``. Not escaped: print it through [`crate::escape`].
    #[must_use]
    pub fn summary(&self) -> String {
        self.words(&|text| format!("`{text}`"))
    }

    /// The change in one line, each piece of text that comes from the
    /// assessment or its project (ids, names, values, paths) passed
    /// through `quote`, which may mark it up or escape it; the words
    /// around it are plain ASCII.
    #[must_use]
    pub fn words(&self, quote: &dyn Fn(&str) -> String) -> String {
        let item = |noun: &str| match &self.item {
            Some(id) => format!("{noun} {}", quote(id)),
            None => format!("{noun} at {}", quote(&self.path)),
        };
        let old = || show(&self.old, quote);
        let new = || show(&self.new, quote);
        let field = self.field.as_deref().unwrap_or_default();
        match self.kind {
            ChangeKind::StatusChanged => format!("status: {} -> {}", old(), new()),
            ChangeKind::ScreeningDecisionChanged => {
                format!("screening decision: {} -> {}", old(), new())
            }
            ChangeKind::OverallResidualChanged => format!(
                "overall residual risk: {} -> {}",
                rating_words(&self.old, quote),
                rating_words(&self.new, quote)
            ),
            ChangeKind::RiskAdded | ChangeKind::RiskRemoved => {
                let (risk, verb) = if self.kind == ChangeKind::RiskAdded {
                    (&self.new, "added")
                } else {
                    (&self.old, "removed")
                };
                let mut out = format!("{} {verb}", item("risk"));
                if let Some(title) = given(risk, "title").and_then(Value::as_str) {
                    out.push_str(&format!(": {}", quote(title)));
                }
                out.push_str(&format!(
                    " (inherent {}, residual {})",
                    rating_words(&risk["inherent"], quote),
                    rating_words(&risk["residual"], quote)
                ));
                out
            }
            ChangeKind::RiskRerated => {
                let mut out = format!(
                    "{} {field}: {} -> {}",
                    item("risk"),
                    rating_words(&self.old, quote),
                    rating_words(&self.new, quote)
                );
                let details: Vec<String> = ["likelihood", "severity", "score"]
                    .into_iter()
                    .filter(|k| self.old.get(k) != self.new.get(k))
                    .map(|k| {
                        let part = |v: &Value| show(v.get(k).unwrap_or(&Value::Null), quote);
                        format!("{k} {} -> {}", part(&self.old), part(&self.new))
                    })
                    .collect();
                if !details.is_empty() {
                    out.push_str(&format!(" ({})", details.join(", ")));
                }
                out
            }
            ChangeKind::MeasureAdded | ChangeKind::MeasureRemoved => {
                let (measure, verb) = if self.kind == ChangeKind::MeasureAdded {
                    (&self.new, "added")
                } else {
                    (&self.old, "removed")
                };
                let mut out = format!("{} {verb}", item("measure"));
                if let Some(title) = given(measure, "title").and_then(Value::as_str) {
                    out.push_str(&format!(": {}", quote(title)));
                }
                if let Some(status) = given(measure, "status").and_then(Value::as_str) {
                    out.push_str(&format!(" ({})", quote(status)));
                }
                out
            }
            ChangeKind::MeasureStatusChanged => {
                format!("{} status: {} -> {}", item("measure"), old(), new())
            }
            ChangeKind::DataCategoryAdded | ChangeKind::DataCategoryRemoved => {
                let (category, verb) = if self.kind == ChangeKind::DataCategoryAdded {
                    (&self.new, "added")
                } else {
                    (&self.old, "removed")
                };
                let mut out = format!("{} {verb}", item("data category"));
                if let Some(name) = given(category, "name").and_then(Value::as_str) {
                    out.push_str(&format!(": {}", quote(name)));
                }
                if category["special_category"] == true {
                    out.push_str(" (special category data)");
                }
                if category["criminal_offence"] == true {
                    out.push_str(" (criminal offence data)");
                }
                out
            }
            ChangeKind::SpecialCategoryGained | ChangeKind::SpecialCategoryLost => {
                let category = if self.kind == ChangeKind::SpecialCategoryGained {
                    &self.new
                } else {
                    &self.old
                };
                let types = category
                    .get("special_category_types")
                    .filter(|t| t.as_array().is_some_and(|a| !a.is_empty()))
                    .map(|t| format!(" ({})", show(t, quote)))
                    .unwrap_or_default();
                if self.kind == ChangeKind::SpecialCategoryGained {
                    format!("{} is special category data{types}", item("data category"))
                } else {
                    format!(
                        "{} is no longer special category data{types}",
                        item("data category")
                    )
                }
            }
            ChangeKind::CriminalOffenceGained => {
                format!("{} is criminal offence data", item("data category"))
            }
            ChangeKind::CriminalOffenceLost => {
                format!(
                    "{} is no longer criminal offence data",
                    item("data category")
                )
            }
            ChangeKind::LawfulBasisAdded | ChangeKind::LawfulBasisRemoved => {
                let (basis, verb) = if self.kind == ChangeKind::LawfulBasisAdded {
                    (&self.new, "added")
                } else {
                    (&self.old, "removed")
                };
                let mut out = format!("{} {verb}", item("lawful basis"));
                if let Some(purposes) = given(basis, "purposes") {
                    out.push_str(&format!(" for {}", show(purposes, quote)));
                }
                let points: Vec<String> = BASIS_FIELDS
                    .iter()
                    .filter_map(|&(key, name)| {
                        given(basis, key).map(|v| format!("{name} {}", show(v, quote)))
                    })
                    .collect();
                if !points.is_empty() {
                    out.push_str(&format!(" ({})", points.join(", ")));
                }
                out
            }
            ChangeKind::LawfulBasisChanged => {
                let name = BASIS_FIELDS
                    .iter()
                    .find(|(key, _)| *key == field)
                    .map_or(field, |(_, name)| name);
                format!("{} {name}: {} -> {}", item("lawful basis"), old(), new())
            }
            ChangeKind::RecipientAdded
            | ChangeKind::RecipientRemoved
            | ChangeKind::ProcessorAdded
            | ChangeKind::ProcessorRemoved => {
                let (recipient, verb) = match self.kind {
                    ChangeKind::RecipientAdded | ChangeKind::ProcessorAdded => (&self.new, "added"),
                    _ => (&self.old, "removed"),
                };
                let noun = match self.kind {
                    ChangeKind::ProcessorAdded | ChangeKind::ProcessorRemoved => "processor",
                    _ => "recipient",
                };
                let mut out = format!("{} {verb}", item(noun));
                if let Some(name) = given(recipient, "name").and_then(Value::as_str) {
                    out.push_str(&format!(": {}", quote(name)));
                }
                let mut about = Vec::new();
                if let Some(kind) = given(recipient, "kind") {
                    about.push(show(kind, quote));
                }
                if let Some(country) = given(recipient, "country") {
                    about.push(format!("in {}", show(country, quote)));
                }
                if !about.is_empty() {
                    out.push_str(&format!(" ({})", about.join(", ")));
                }
                out
            }
            ChangeKind::RecipientRoleChanged => {
                format!("{} role: {} -> {}", item("recipient"), old(), new())
            }
            ChangeKind::TransferAdded | ChangeKind::TransferRemoved => {
                let (transfer, verb) = if self.kind == ChangeKind::TransferAdded {
                    (&self.new, "added")
                } else {
                    (&self.old, "removed")
                };
                let mut out = format!("{} {verb}", item("transfer"));
                if let Some(country) = given(transfer, "country") {
                    out.push_str(&format!(": to {}", show(country, quote)));
                }
                if let Some(recipient) = given(transfer, "recipient") {
                    out.push_str(&format!(" ({})", show(recipient, quote)));
                }
                if let Some(mechanisms) = given(transfer, "mechanisms") {
                    out.push_str(&format!(" under {}", show(mechanisms, quote)));
                }
                if let Some(derogation) = given(transfer, "derogation") {
                    out.push_str(&format!(" by derogation {}", show(derogation, quote)));
                }
                out
            }
            ChangeKind::TransferChanged => {
                format!("{} {field}: {} -> {}", item("transfer"), old(), new())
            }
            ChangeKind::RetentionChanged => {
                let whose = match &self.item {
                    Some(id) => format!("data category {} retention", quote(id)),
                    None => "retention".to_owned(),
                };
                match (&self.field, &self.old, &self.new) {
                    (Some(part), _, _) => format!("{whose} {part}: {} -> {}", old(), new()),
                    (None, Value::Null, _) => format!("{whose} added"),
                    (None, _, Value::Null) => format!("{whose} removed"),
                    (None, _, _) => format!("{whose} changed"),
                }
            }
            ChangeKind::FieldAdded | ChangeKind::FieldRemoved | ChangeKind::FieldChanged => {
                let verb = match self.kind {
                    ChangeKind::FieldAdded => "added",
                    ChangeKind::FieldRemoved => "removed",
                    _ => "changed",
                };
                let mut out = format!("{verb}: {}", quote(&self.path));
                if let Some(id) = &self.item {
                    out.push_str(&format!(" (in {})", quote(id)));
                }
                let values = match self.kind {
                    ChangeKind::FieldAdded => short(&self.new, quote),
                    ChangeKind::FieldRemoved => None,
                    _ => short(&self.old, quote)
                        .zip(short(&self.new, quote))
                        .map(|(a, b)| format!("{a} -> {b}")),
                };
                if let Some(values) = values {
                    out.push_str(&format!(": {values}"));
                }
                out
            }
            ChangeKind::OrderChanged => format!(
                "order changed: {}: {} -> {}",
                quote(&self.path),
                old(),
                new()
            ),
        }
    }
}

/// The fields of a lawful basis a change names, with their words.
const BASIS_FIELDS: [(&str, &str); 4] = [
    ("article_6", "Art 6(1)"),
    ("article_9", "Art 9(2)"),
    ("article_10", "Art 10"),
    ("schedule_1", "DPA 2018 Sch 1"),
];

/// A value in a line of text: text quoted, a list as its items, none as
/// `none`, a mapping that says there is no value as its words, another
/// mapping as `(a mapping)`.
fn show(value: &Value, quote: &dyn Fn(&str) -> String) -> String {
    match value {
        Value::Null => "none".to_owned(),
        Value::String(s) => quote(s),
        Value::Bool(_) | Value::Number(_) => quote(&value.to_string()),
        Value::Array(items) if items.is_empty() => "none".to_owned(),
        Value::Array(items) => items
            .iter()
            .map(|v| show(v, quote))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(map) => match map.get("not").and_then(Value::as_str) {
            Some("applicable") => "not applicable".to_owned(),
            Some("known") => "unknown".to_owned(),
            Some("captured") => "not captured".to_owned(),
            _ if map.contains_key("label") => rating_words(value, quote),
            _ => "(a mapping)".to_owned(),
        },
    }
}

/// A value shown in a line only when it is short: text, a number, a flag,
/// or a list of them, at most [`SHORT`] characters in all.
fn short(value: &Value, quote: &dyn Fn(&str) -> String) -> Option<String> {
    let scalar = |v: &Value| !matches!(v, Value::Array(_) | Value::Object(_));
    let fits = match value {
        Value::Array(items) => items.iter().all(scalar),
        Value::Object(_) => false,
        _ => true,
    };
    let length: usize = match value {
        Value::Array(items) => items.iter().map(|v| v.to_string().len()).sum(),
        v => v.to_string().len(),
    };
    (fits && length <= SHORT).then(|| show(value, quote))
}

/// A rating's words: its label, marked when it is stated rather than
/// computed or stands for a residual rating that was not assessed;
/// `unrated` for none.
fn rating_words(rating: &Value, quote: &dyn Fn(&str) -> String) -> String {
    let Some(label) = rating.get("label").and_then(Value::as_str) else {
        return "unrated".to_owned();
    };
    let basis = match rating.get("basis").and_then(Value::as_str) {
        Some("stated") => " (as stated)",
        Some("inherent") => " (not assessed: the inherent rating stands)",
        _ => "",
    };
    format!("{}{basis}", quote(label))
}

/// Every change from `old` to `new`: the named changes first (status,
/// screening decision, overall residual rating, then risks, measures, data
/// categories, lawful bases, recipients, transfers and retention, each in
/// the order of its list), then every other difference by its path, in the
/// order of the assessment.
///
/// A part either side does not know ([`Side::unknown`]) is compared on
/// neither; when either side is canonical content, empty values count as
/// none on both.
#[must_use]
pub fn changes(old: &Side<'_>, new: &Side<'_>) -> Vec<Change> {
    let unknown: Vec<&str> = old.unknown().iter().chain(new.unknown()).copied().collect();
    let lossy = old.canonical || new.canonical;
    let o = comparable(old.model, &unknown, lossy);
    let n = comparable(new.model, &unknown, lossy);
    let mut named = Named {
        old,
        new,
        o: &o,
        n: &n,
        out: Vec::new(),
        claimed: Vec::new(),
    };
    named.all();
    let Named {
        mut out, claimed, ..
    } = named;
    let mut raw = Vec::new();
    walk(&o, &n, &mut Vec::new(), "", "", None, &mut raw);
    for r in raw {
        if claimed
            .iter()
            .any(|c| r.at.len() >= c.len() && r.at[..c.len()] == c[..])
        {
            continue;
        }
        out.push(r.into_change());
    }
    // `recipients: []` records that nobody receives the data; no key, that
    // nobody said. The model keeps the difference only when read from a file.
    if !lossy
        && old.model.recipients_listed != new.model.recipients_listed
        && old.model.assessment.recipients.is_empty()
        && new.model.assessment.recipients.is_empty()
    {
        let listed = Value::Array(Vec::new());
        let (kind, old_value, new_value) = if new.model.recipients_listed {
            (ChangeKind::FieldAdded, Value::Null, listed)
        } else {
            (ChangeKind::FieldRemoved, listed, Value::Null)
        };
        out.push(Change {
            kind,
            path: "/recipients".to_owned(),
            item: None,
            field: None,
            old: old_value,
            new: new_value,
        });
    }
    out
}

/// An assessment as JSON, as a diff compares it: without the parts a side
/// does not know, and when `lossy`, without empty values.
fn comparable(model: &Model, unknown: &[&str], lossy: bool) -> Value {
    let mut value = serde_json::to_value(&model.assessment).unwrap_or(Value::Null);
    for pointer in unknown {
        crate::model::digest::remove(&mut value, pointer);
    }
    crate::model::digest::prune(&mut value, lossy);
    value
}

/// The value of a mapping's key, when it is there and not null.
fn given<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    value.get(key).filter(|v| !v.is_null())
}

/// The items of two versions of a list, matched.
struct Pairing {
    /// Whether items are matched by key (else by position).
    keyed: bool,
    /// Each item: its key (its position when not keyed) and where it is in
    /// each version. The new version's order, then what it lost.
    pairs: Vec<Pair>,
}

/// One item of a list in two versions.
struct Pair {
    /// Its key: its id, the purposes of a lawful basis without one, or its
    /// position.
    key: String,
    /// Whether the key is the item's `id`.
    is_id: bool,
    /// Its position in the old version.
    old: Option<usize>,
    /// Its position in the new version.
    new: Option<usize>,
}

/// The key an item of a list is matched by: its `id`; for a lawful basis
/// without one, the purposes it covers.
fn key_of(list: &str, item: &Value) -> Option<(String, bool)> {
    let map = item.as_object()?;
    if let Some(id) = map.get("id").and_then(Value::as_str) {
        return Some((id.to_owned(), true));
    }
    if list == "lawful_bases" {
        let purposes: Vec<&str> = map
            .get("purposes")?
            .as_array()?
            .iter()
            .filter_map(Value::as_str)
            .collect();
        return Some((format!("purposes: {}", purposes.join(", ")), false));
    }
    None
}

/// Matches the items of two versions of the list `list`: by key when every
/// item of both has one and no key repeats within a version, else by
/// position.
fn pair(list: &str, old: &[Value], new: &[Value]) -> Pairing {
    let keys = |items: &[Value]| -> Option<Vec<(String, bool)>> {
        let keys: Option<Vec<_>> = items.iter().map(|i| key_of(list, i)).collect();
        let keys = keys?;
        let mut seen = std::collections::HashSet::new();
        keys.iter()
            .all(|(k, _)| seen.insert(k.clone()))
            .then_some(keys)
    };
    if let (Some(ok), Some(nk)) = (keys(old), keys(new)) {
        let mut pairs: Vec<Pair> = nk
            .iter()
            .enumerate()
            .map(|(j, (key, is_id))| Pair {
                key: key.clone(),
                is_id: *is_id,
                old: ok.iter().position(|(k, _)| k == key),
                new: Some(j),
            })
            .collect();
        for (i, (key, is_id)) in ok.iter().enumerate() {
            if !nk.iter().any(|(k, _)| k == key) {
                pairs.push(Pair {
                    key: key.clone(),
                    is_id: *is_id,
                    old: Some(i),
                    new: None,
                });
            }
        }
        return Pairing { keyed: true, pairs };
    }
    let pairs = (0..old.len().max(new.len()))
        .map(|i| Pair {
            key: i.to_string(),
            is_id: false,
            old: (i < old.len()).then_some(i),
            new: (i < new.len()).then_some(i),
        })
        .collect();
    Pairing {
        keyed: false,
        pairs,
    }
}

/// One difference of the two JSON trees.
struct Raw {
    /// Where, by key: object keys, and each list item's key.
    at: Vec<String>,
    /// Where, as a JSON pointer into the new version (the old one when the
    /// value is only there).
    pointer: String,
    /// The id of the item of a top-level list it is in.
    item: Option<String>,
    /// The old value, if any.
    old: Option<Value>,
    /// The new value, if any.
    new: Option<Value>,
    /// An order of items, not a value.
    order: bool,
}

impl Raw {
    fn into_change(self) -> Change {
        let kind = match (&self.old, &self.new, self.order) {
            (_, _, true) => ChangeKind::OrderChanged,
            (None, _, _) => ChangeKind::FieldAdded,
            (_, None, _) => ChangeKind::FieldRemoved,
            _ => ChangeKind::FieldChanged,
        };
        Change {
            kind,
            path: self.pointer,
            item: self.item,
            field: None,
            old: self.old.unwrap_or(Value::Null),
            new: self.new.unwrap_or(Value::Null),
        }
    }
}

/// Collects the differences of two JSON values: mappings key by key, lists
/// of mappings item by item ([`pair`]), anything else as a whole.
fn walk(
    old: &Value,
    new: &Value,
    at: &mut Vec<String>,
    old_pointer: &str,
    new_pointer: &str,
    item: Option<&str>,
    out: &mut Vec<Raw>,
) {
    let push = |at: &[String], out: &mut Vec<Raw>, old: Option<&Value>, new: Option<&Value>| {
        out.push(Raw {
            at: at.to_vec(),
            pointer: if new.is_some() {
                new_pointer.to_owned()
            } else {
                old_pointer.to_owned()
            },
            item: item.map(str::to_owned),
            old: old.cloned(),
            new: new.cloned(),
            order: false,
        });
    };
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            let keys = n.keys().chain(o.keys().filter(|k| !n.contains_key(*k)));
            for key in keys {
                let op = format!("{old_pointer}/{}", escape_token(key));
                let np = format!("{new_pointer}/{}", escape_token(key));
                at.push(key.clone());
                match (o.get(key), n.get(key)) {
                    (Some(a), Some(b)) => walk(a, b, at, &op, &np, item, out),
                    (a, b) => out.push(Raw {
                        at: at.clone(),
                        pointer: if b.is_some() { np } else { op },
                        item: item.map(str::to_owned),
                        old: a.cloned(),
                        new: b.cloned(),
                        order: false,
                    }),
                }
                at.pop();
            }
        }
        (Value::Array(o), Value::Array(n))
            if o.iter().chain(n).any(|v| matches!(v, Value::Object(_))) =>
        {
            let list = at.last().cloned().unwrap_or_default();
            let top = at.len() == 1;
            let pairing = pair(&list, o, n);
            if pairing.keyed {
                let common = |from_old: bool| -> Vec<Value> {
                    let mut kept: Vec<&Pair> = pairing
                        .pairs
                        .iter()
                        .filter(|p| p.old.is_some() && p.new.is_some())
                        .collect();
                    if from_old {
                        kept.sort_by_key(|p| p.old);
                    }
                    kept.iter().map(|p| Value::from(p.key.clone())).collect()
                };
                let (before, after) = (common(true), common(false));
                if before != after {
                    out.push(Raw {
                        at: at.clone(),
                        pointer: new_pointer.to_owned(),
                        item: item.map(str::to_owned),
                        old: Some(Value::Array(before)),
                        new: Some(Value::Array(after)),
                        order: true,
                    });
                }
            }
            for p in &pairing.pairs {
                let op = p.old.map(|i| format!("{old_pointer}/{i}"));
                let np = p.new.map(|j| format!("{new_pointer}/{j}"));
                let own = (top && p.is_id).then_some(p.key.as_str()).or(item);
                at.push(p.key.clone());
                match (p.old.map(|i| &o[i]), p.new.map(|j| &n[j])) {
                    (Some(a), Some(b)) => walk(
                        a,
                        b,
                        at,
                        op.as_deref().unwrap_or_default(),
                        np.as_deref().unwrap_or_default(),
                        own,
                        out,
                    ),
                    (a, b) => out.push(Raw {
                        at: at.clone(),
                        pointer: np.or(op).unwrap_or_default(),
                        item: own.map(str::to_owned),
                        old: a.cloned(),
                        new: b.cloned(),
                        order: false,
                    }),
                }
                at.pop();
            }
        }
        (a, b) if a != b => push(at, out, Some(a), Some(b)),
        _ => {}
    }
}

/// The named changes, and the places they explain (each a path of keys,
/// as [`Raw::at`]), which the differences by path then leave out.
struct Named<'s, 'a> {
    old: &'s Side<'a>,
    new: &'s Side<'a>,
    o: &'s Value,
    n: &'s Value,
    out: Vec<Change>,
    claimed: Vec<Vec<String>>,
}

/// A path of keys.
fn at(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|p| (*p).to_owned()).collect()
}

impl Named<'_, '_> {
    fn all(&mut self) {
        self.value_change(ChangeKind::StatusChanged, &["status"]);
        self.value_change(
            ChangeKind::ScreeningDecisionChanged,
            &["screening", "decision"],
        );
        self.overall();
        self.risks();
        self.measures();
        self.data_categories();
        self.lawful_bases();
        self.recipients();
        self.transfers();
        self.retention(&["retention"], "/retention", None, self.o, self.n);
    }

    fn push(
        &mut self,
        kind: ChangeKind,
        path: String,
        item: Option<&str>,
        field: Option<&str>,
        old: Value,
        new: Value,
    ) {
        self.out.push(Change {
            kind,
            path,
            item: item.map(str::to_owned),
            field: field.map(str::to_owned),
            old,
            new,
        });
    }

    /// A value at a path of keys (no lists on the way) that changed.
    fn value_change(&mut self, kind: ChangeKind, keys: &[&str]) {
        let get = |v: &Value| {
            keys.iter()
                .try_fold(v, |v, k| v.get(k))
                .cloned()
                .unwrap_or(Value::Null)
        };
        let (a, b) = (get(self.o), get(self.n));
        if a != b {
            let path = format!("/{}", keys.join("/"));
            self.push(kind, path, None, None, a, b);
            self.claimed.push(at(keys));
        }
    }

    fn overall(&mut self) {
        let overall = |side: &Side<'_>| {
            side.scored
                .overall_residual
                .and_then(|r| side.model.matrix.ratings().get(r))
                .map_or(Value::Null, |r| json!({"rating": r.id, "label": r.label}))
        };
        let (a, b) = (overall(self.old), overall(self.new));
        if a != b {
            self.push(
                ChangeKind::OverallResidualChanged,
                "/risks".to_owned(),
                None,
                None,
                a,
                b,
            );
        }
    }

    /// The items of a top-level list in both versions, matched, with the
    /// JSON of each.
    fn items(&self, list: &str) -> Vec<(Pair, Option<Value>, Option<Value>)> {
        let get = |v: &Value| {
            v.get(list)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let (o, n) = (get(self.o), get(self.n));
        pair(list, &o, &n)
            .pairs
            .into_iter()
            .map(|p| {
                let a = p.old.map(|i| o[i].clone());
                let b = p.new.map(|j| n[j].clone());
                (p, a, b)
            })
            .collect()
    }

    /// An item added or removed (a change of `added` or `removed` kind
    /// with `summary` of it), or `None` when it is in both versions.
    fn added_or_removed(
        &mut self,
        list: &str,
        p: &Pair,
        kinds: (ChangeKind, ChangeKind),
        summary: Value,
    ) -> bool {
        let id = p.is_id.then_some(p.key.as_str());
        match (p.old, p.new) {
            (None, Some(j)) => {
                self.push(
                    kinds.0,
                    format!("/{list}/{j}"),
                    id,
                    None,
                    Value::Null,
                    summary,
                );
            }
            (Some(i), None) => {
                self.push(
                    kinds.1,
                    format!("/{list}/{i}"),
                    id,
                    None,
                    summary,
                    Value::Null,
                );
            }
            _ => return false,
        }
        self.claimed.push(vec![list.to_owned(), p.key.clone()]);
        true
    }

    /// The fields of an item that changed, each its own change of `kind`.
    fn field_changes(
        &mut self,
        list: &str,
        item: &Pair,
        (before, after): (&Value, &Value),
        fields: &[&str],
        kind: ChangeKind,
    ) {
        let (Some(at_new), id) = (item.new, item.is_id.then_some(item.key.as_str())) else {
            return;
        };
        for field in fields {
            let was = before.get(field).cloned().unwrap_or(Value::Null);
            let now = after.get(field).cloned().unwrap_or(Value::Null);
            if was != now {
                let path = format!("/{list}/{at_new}/{field}");
                self.push(kind, path, id, Some(field), was, now);
                self.claimed
                    .push(vec![list.to_owned(), item.key.clone(), (*field).to_owned()]);
            }
        }
    }

    fn risks(&mut self) {
        let rating = |side: &Side<'_>, i: usize, stage: &str| {
            let score = side.scored.risks.get(i).and_then(|r| {
                if stage == "inherent" {
                    r.inherent
                } else {
                    r.residual
                }
            });
            rating_of(side.model, score)
        };
        let summary = |side: &Side<'_>, i: usize, risk: &Value| {
            json!({
                "id": given(risk, "id"),
                "title": given(risk, "title"),
                "inherent": rating(side, i, "inherent"),
                "residual": rating(side, i, "residual"),
            })
        };
        for (p, a, b) in self.items("risks") {
            let side_summary = match (&p.old, &p.new, &a, &b) {
                (None, Some(j), _, Some(b)) => summary(self.new, *j, b),
                (Some(i), None, Some(a), _) => summary(self.old, *i, a),
                _ => Value::Null,
            };
            if self.added_or_removed(
                "risks",
                &p,
                (ChangeKind::RiskAdded, ChangeKind::RiskRemoved),
                side_summary,
            ) {
                continue;
            }
            let (Some(i), Some(j)) = (p.old, p.new) else {
                continue;
            };
            for stage in ["inherent", "residual"] {
                let (x, y) = (rating(self.old, i, stage), rating(self.new, j, stage));
                if x != y {
                    self.push(
                        ChangeKind::RiskRerated,
                        format!("/risks/{j}/{stage}"),
                        p.is_id.then_some(p.key.as_str()),
                        Some(stage),
                        x,
                        y,
                    );
                    for part in ["likelihood", "severity", "stated"] {
                        self.claimed.push(at(&["risks", &p.key, stage, part]));
                    }
                }
            }
        }
    }

    fn measures(&mut self) {
        for (p, a, b) in self.items("measures") {
            let summary = a.as_ref().or(b.as_ref()).map_or(
                Value::Null,
                |m| json!({"id": m.get("id"), "title": m.get("title"), "status": m.get("status")}),
            );
            if self.added_or_removed(
                "measures",
                &p,
                (ChangeKind::MeasureAdded, ChangeKind::MeasureRemoved),
                summary,
            ) {
                continue;
            }
            if let (Some(a), Some(b)) = (&a, &b) {
                self.field_changes(
                    "measures",
                    &p,
                    (a, b),
                    &["status"],
                    ChangeKind::MeasureStatusChanged,
                );
            }
        }
    }

    fn data_categories(&mut self) {
        let special = |c: &Value| {
            c["special_category"] == true
                || c["special_category_types"]
                    .as_array()
                    .is_some_and(|t| !t.is_empty())
        };
        let summary = |c: &Value| {
            json!({
                "id": c.get("id"),
                "name": c.get("name"),
                "special_category": special(c),
                "special_category_types": c.get("special_category_types").cloned().unwrap_or(json!([])),
                "criminal_offence": c["criminal_offence"] == true,
            })
        };
        for (p, a, b) in self.items("data_categories") {
            let id = p.is_id.then_some(p.key.as_str());
            match (&a, &b) {
                (None, Some(c)) => {
                    let j = p.new.unwrap_or_default();
                    self.added_or_removed(
                        "data_categories",
                        &p,
                        (
                            ChangeKind::DataCategoryAdded,
                            ChangeKind::DataCategoryRemoved,
                        ),
                        summary(c),
                    );
                    let path = format!("/data_categories/{j}");
                    if special(c) {
                        let kind = ChangeKind::SpecialCategoryGained;
                        self.push(kind, path.clone(), id, None, Value::Null, summary(c));
                    }
                    if c["criminal_offence"] == true {
                        let kind = ChangeKind::CriminalOffenceGained;
                        self.push(kind, path, id, None, Value::Null, summary(c));
                    }
                }
                (Some(c), None) => {
                    let i = p.old.unwrap_or_default();
                    self.added_or_removed(
                        "data_categories",
                        &p,
                        (
                            ChangeKind::DataCategoryAdded,
                            ChangeKind::DataCategoryRemoved,
                        ),
                        summary(c),
                    );
                    let path = format!("/data_categories/{i}");
                    if special(c) {
                        let kind = ChangeKind::SpecialCategoryLost;
                        self.push(kind, path.clone(), id, None, summary(c), Value::Null);
                    }
                    if c["criminal_offence"] == true {
                        let kind = ChangeKind::CriminalOffenceLost;
                        self.push(kind, path, id, None, summary(c), Value::Null);
                    }
                }
                (Some(x), Some(y)) => {
                    let path = format!("/data_categories/{}", p.new.unwrap_or_default());
                    if special(x) != special(y) {
                        let kind = if special(y) {
                            ChangeKind::SpecialCategoryGained
                        } else {
                            ChangeKind::SpecialCategoryLost
                        };
                        self.push(kind, path.clone(), id, None, summary(x), summary(y));
                        for part in ["special_category", "special_category_types"] {
                            self.claimed.push(at(&["data_categories", &p.key, part]));
                        }
                    }
                    if (x["criminal_offence"] == true) != (y["criminal_offence"] == true) {
                        let kind = if y["criminal_offence"] == true {
                            ChangeKind::CriminalOffenceGained
                        } else {
                            ChangeKind::CriminalOffenceLost
                        };
                        self.push(kind, path.clone(), id, None, summary(x), summary(y));
                        self.claimed
                            .push(at(&["data_categories", &p.key, "criminal_offence"]));
                    }
                    self.retention(
                        &["data_categories", &p.key, "retention"],
                        &format!("{path}/retention"),
                        id,
                        x,
                        y,
                    );
                }
                (None, None) => {}
            }
        }
    }

    fn lawful_bases(&mut self) {
        for (p, a, b) in self.items("lawful_bases") {
            let summary = a.as_ref().or(b.as_ref()).map_or(Value::Null, |l| {
                let mut out = Map::new();
                for key in [
                    "id",
                    "purposes",
                    "article_6",
                    "article_9",
                    "article_10",
                    "schedule_1",
                ] {
                    if let Some(v) = l.get(key).filter(|v| !v.is_null()) {
                        out.insert(key.to_owned(), v.clone());
                    }
                }
                Value::Object(out)
            });
            if self.added_or_removed(
                "lawful_bases",
                &p,
                (ChangeKind::LawfulBasisAdded, ChangeKind::LawfulBasisRemoved),
                summary,
            ) {
                continue;
            }
            if let (Some(a), Some(b)) = (&a, &b) {
                let fields: Vec<&str> = BASIS_FIELDS.iter().map(|(k, _)| *k).collect();
                self.field_changes(
                    "lawful_bases",
                    &p,
                    (a, b),
                    &fields,
                    ChangeKind::LawfulBasisChanged,
                );
            }
        }
    }

    fn recipients(&mut self) {
        let processor = |r: &Value| {
            matches!(
                r.get("kind").and_then(Value::as_str),
                Some("processor" | "sub-processor")
            )
        };
        for (p, a, b) in self.items("recipients") {
            let Some(r) = a.as_ref().or(b.as_ref()) else {
                continue;
            };
            let summary = json!({
                "id": r.get("id"), "name": r.get("name"),
                "kind": r.get("kind"), "country": r.get("country"),
            });
            let kinds = if processor(r) {
                (ChangeKind::ProcessorAdded, ChangeKind::ProcessorRemoved)
            } else {
                (ChangeKind::RecipientAdded, ChangeKind::RecipientRemoved)
            };
            if self.added_or_removed("recipients", &p, kinds, summary) {
                continue;
            }
            if let (Some(a), Some(b)) = (&a, &b) {
                self.field_changes(
                    "recipients",
                    &p,
                    (a, b),
                    &["kind"],
                    ChangeKind::RecipientRoleChanged,
                );
            }
        }
    }

    fn transfers(&mut self) {
        for (p, a, b) in self.items("transfers") {
            let summary = a.as_ref().or(b.as_ref()).map_or(Value::Null, |t| {
                json!({
                    "id": t.get("id"), "recipient": t.get("recipient"),
                    "country": t.get("country"), "mechanisms": t.get("mechanisms"),
                    "derogation": t.get("derogation"),
                })
            });
            if self.added_or_removed(
                "transfers",
                &p,
                (ChangeKind::TransferAdded, ChangeKind::TransferRemoved),
                summary,
            ) {
                continue;
            }
            if let (Some(a), Some(b)) = (&a, &b) {
                self.field_changes(
                    "transfers",
                    &p,
                    (a, b),
                    &["country", "mechanisms", "derogation"],
                    ChangeKind::TransferChanged,
                );
            }
        }
    }

    /// The changes of a retention (the activity's, or a data category's
    /// `item`) held under the last of `keys` in `before` and `after`: each
    /// part that changed, or the whole when one version has none.
    fn retention(
        &mut self,
        keys: &[&str],
        path: &str,
        item: Option<&str>,
        before: &Value,
        after: &Value,
    ) {
        let last = keys.last().copied().unwrap_or("retention");
        let was = before.get(last).cloned().unwrap_or(Value::Null);
        let now = after.get(last).cloned().unwrap_or(Value::Null);
        if was == now {
            return;
        }
        self.claimed.push(at(keys));
        let kind = ChangeKind::RetentionChanged;
        let (Value::Object(was_parts), Value::Object(now_parts)) = (&was, &now) else {
            self.push(kind, path.to_owned(), item, None, was, now);
            return;
        };
        let parts = now_parts
            .keys()
            .chain(was_parts.keys().filter(|k| !now_parts.contains_key(*k)));
        let mut changed = Vec::new();
        for part in parts {
            let old_part = was_parts.get(part).cloned().unwrap_or(Value::Null);
            let new_part = now_parts.get(part).cloned().unwrap_or(Value::Null);
            if old_part != new_part {
                changed.push((part.clone(), old_part, new_part));
            }
        }
        for (part, old_part, new_part) in changed {
            let at_part = format!("{path}/{}", escape_token(&part));
            self.push(kind, at_part, item, Some(&part), old_part, new_part);
        }
    }
}

/// A rating as a diff shows it: the rating's id and label, the score, the
/// likelihood and severity levels (ids), and how it was obtained; null
/// when unrated.
fn rating_of(model: &Model, score: Option<Score>) -> Value {
    let Some(s) = score else {
        return Value::Null;
    };
    let m = &model.matrix;
    let Some(rating) = m.ratings().get(s.rating) else {
        return Value::Null;
    };
    let level = |levels: &[crate::model::matrix::Level], i: Option<usize>| {
        i.and_then(|i| levels.get(i)).map(|l| l.id.clone())
    };
    json!({
        "rating": rating.id,
        "label": rating.label,
        "score": s.score,
        "likelihood": level(m.likelihood(), s.likelihood),
        "severity": level(m.severity(), s.severity),
        "basis": match s.basis {
            Basis::Computed => "computed",
            Basis::Stated => "stated",
            Basis::Inherent => "inherent",
        },
    })
}

/// What happened to an assessment between two versions of a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// In both, changed.
    Changed,
    /// In both, the same.
    Unchanged,
}

/// The diff of one assessment: where each version was read and what
/// changed.
#[derive(Debug, Clone, Serialize)]
pub struct AssessmentDiff {
    /// Its id (the new version's, or the old one's when it was removed).
    pub id: String,
    /// Its title, likewise.
    pub title: String,
    /// Added, removed, changed or unchanged.
    pub state: State,
    /// Where the old version was read (`HEAD:assessments/x.yaml`), if any.
    pub old: Option<String>,
    /// Where the new version was read, if any.
    pub new: Option<String>,
    /// The overall residual rating of each version (`{rating, label}` or
    /// null), what is at stake in an assessment added or removed.
    pub overall_residual: Ratings,
    /// The changes, in order ([`changes`]); none for an assessment added
    /// or removed.
    pub changes: Vec<Change>,
}

/// The overall residual rating before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ratings {
    /// Before (null: no version, or unrated).
    pub old: Value,
    /// After.
    pub new: Value,
}

/// The overall residual rating of a version, as `{rating, label}`.
fn overall_of(side: &Side<'_>) -> Value {
    side.scored
        .overall_residual
        .and_then(|r| side.model.matrix.ratings().get(r))
        .map_or(Value::Null, |r| json!({"rating": r.id, "label": r.label}))
}

impl AssessmentDiff {
    /// The diff of two versions of an assessment, each named by where it
    /// was read. The entry point for a caller that has loaded both itself
    /// (an approved version and the file, say).
    #[must_use]
    pub fn compare(old_name: &str, old: &Side<'_>, new_name: &str, new: &Side<'_>) -> Self {
        let changes = changes(old, new);
        AssessmentDiff {
            id: new.model.assessment.id.clone(),
            title: new.model.assessment.title.clone(),
            state: if changes.is_empty() {
                State::Unchanged
            } else {
                State::Changed
            },
            old: Some(old_name.to_owned()),
            new: Some(new_name.to_owned()),
            overall_residual: Ratings {
                old: overall_of(old),
                new: overall_of(new),
            },
            changes,
        }
    }

    /// An assessment only in the new version.
    #[must_use]
    pub fn added(name: &str, new: &Side<'_>) -> Self {
        AssessmentDiff {
            id: new.model.assessment.id.clone(),
            title: new.model.assessment.title.clone(),
            state: State::Added,
            old: None,
            new: Some(name.to_owned()),
            overall_residual: Ratings {
                old: Value::Null,
                new: overall_of(new),
            },
            changes: Vec::new(),
        }
    }

    /// An assessment only in the old version.
    #[must_use]
    pub fn removed(name: &str, old: &Side<'_>) -> Self {
        AssessmentDiff {
            id: old.model.assessment.id.clone(),
            title: old.model.assessment.title.clone(),
            state: State::Removed,
            old: Some(name.to_owned()),
            new: None,
            overall_residual: Ratings {
                old: overall_of(old),
                new: Value::Null,
            },
            changes: Vec::new(),
        }
    }
}
