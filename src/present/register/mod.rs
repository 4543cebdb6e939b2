//! The records of processing (Art 30) built from the same files as the
//! DPIAs: one row per activity, in the columns the project chooses
//! (`model::policy`).
//!
//! The register is data first ([`RegisterContext`]); the writers of
//! [`crate::render`] turn it into CSV ([`crate::render::csv`]), XLSX
//! ([`crate::render::xlsx`]), and through the templates into HTML and PDF,
//! so every format says the same thing.

mod cells;

use serde::Serialize;

use crate::date::PartialDate;
use crate::i18n::Catalogue;
use crate::law::Jurisdiction;
use crate::model::assessment::{Assessment, Role};
use crate::model::policy::{Column, Field, Register};
use crate::model::project::{Organisation, Project};
use crate::pipeline::Checked;
use crate::present::wording::{contact_line, iso_date, report_stem};
use crate::screening::{self, Outcome};

/// Where the register goes, relative to the output folder.
pub const REGISTER_STEM: &str = "register";

/// Where the processor register's CSV goes (the other formats hold both).
pub const PROCESSOR_CSV: &str = "processor-register.csv";

/// The register of a portfolio, ready to write in any format.
#[derive(Debug, Clone, Serialize)]
pub struct RegisterContext {
    /// "dpia 0.1.0".
    pub generator: String,
    /// The language tag (`en-GB`): the HTML `lang`, the PDF's language.
    pub lang: String,
    /// The catalogue of the project's language, as a tree.
    pub t: serde_json::Value,
    /// The regulation the records are kept under ("UK GDPR", "GDPR"),
    /// worded.
    pub regulation: String,
    /// The portfolio's name.
    pub title: String,
    /// The date the register is drawn up on, `YYYY-MM-DD`.
    pub as_of: String,
    /// The same, worded.
    pub as_of_label: String,
    /// The organisations with activities in the register, with their
    /// Art 30(1)(a) / 30(2)(a) details.
    pub organisations: Vec<OrganisationBlock>,
    /// The controller register (Art 30(1)).
    pub controller: Table,
    /// The processor register (Art 30(2)), when any activity is done as a
    /// processor.
    pub processor: Option<Table>,
}

/// An organisation's own details, as the register heads them.
#[derive(Debug, Clone, Serialize)]
pub struct OrganisationBlock {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Address, email, phone, website.
    pub contact: Vec<String>,
    /// Its DPO, one line.
    pub dpo: Option<String>,
    /// Its representative, one line.
    pub representative: Option<String>,
    /// Number of controller and processor records.
    pub records: usize,
}

/// One register: its columns and a row per activity.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// "Records of processing activities (Art 30(1))", worded.
    pub title: String,
    /// The columns, in order.
    pub columns: Vec<Column>,
    /// The rows, by organisation then by file.
    pub rows: Vec<Row>,
}

/// One activity's record.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The activity's id, also its anchor in the HTML register.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Id of its organisation, if known.
    pub organisation: Option<String>,
    /// Its DPIA report, relative to the output folder, when it has one.
    pub report: Option<ReportLinks>,
    /// One cell per column.
    pub cells: Vec<Cell>,
}

/// The two report files of an activity.
#[derive(Debug, Clone, Serialize)]
pub struct ReportLinks {
    /// `dpia/<id>.html`.
    pub html: String,
    /// `dpia/<id>.pdf`.
    pub pdf: String,
}

/// What a register cell holds: items (one per line), a note on how it was
/// obtained, and links.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Cell {
    /// The values, one per line.
    pub items: Vec<String>,
    /// How the value was obtained, when the author did not state it
    /// ("derived from the lawful basis").
    pub note: Option<String>,
    /// Links, relative to the output folder.
    pub links: Vec<Link>,
}

/// A link in a cell.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Link {
    /// Its text.
    pub label: String,
    /// Where it goes, relative to the output folder.
    pub href: String,
}

impl Cell {
    fn of(items: Vec<String>) -> Cell {
        Cell {
            items: items.into_iter().filter(|i| !i.trim().is_empty()).collect(),
            ..Cell::default()
        }
    }

    fn one(item: impl Into<String>) -> Cell {
        Cell::of(vec![item.into()])
    }

    fn noted(mut self, note: impl Into<String>) -> Cell {
        self.note = Some(note.into());
        self
    }

    /// The cell as plain text: items on their own lines, then the note in
    /// brackets, then the links' targets (CSV and XLSX).
    #[must_use]
    pub fn text(&self) -> String {
        let mut lines: Vec<String> = self.items.clone();
        if let Some(note) = &self.note {
            lines.push(format!("({note})"));
        }
        lines.extend(self.links.iter().map(|l| l.href.clone()));
        lines.join("\n")
    }
}

/// Builds the register of every checked activity.
#[must_use]
pub fn build_register(
    checked: &[Checked],
    project: &Project,
    as_of: PartialDate,
) -> RegisterContext {
    let policy = project.config.screening_policy();
    let w = &project.catalogue();
    let mut ordered: Vec<&Checked> = checked.iter().collect();
    // By organisation (in the project file's order), then in input order.
    ordered.sort_by_key(|c| c.model.controller.unwrap_or(usize::MAX));
    let table = |register: Register, title: &str| {
        let columns = columns(project, register, w);
        let rows: Vec<Row> = ordered
            .iter()
            .filter(|c| {
                (c.model.assessment.role == Role::Processor) == (register == Register::Processor)
            })
            .map(|c| {
                let outcome = screening::screen(&c.model.assessment, &policy);
                let organisation = organisation_of(c, project);
                let a = &c.model.assessment;
                Row {
                    id: a.id.clone(),
                    title: a.title.clone(),
                    organisation: organisation.map(|o| o.id.clone()),
                    report: a.has_dpia_content().then(|| ReportLinks {
                        html: format!("{}.html", report_stem(&a.id)),
                        pdf: format!("{}.pdf", report_stem(&a.id)),
                    }),
                    cells: columns
                        .iter()
                        .map(|col| cells::value(col.key, c, organisation, &outcome, w))
                        .collect(),
                }
            })
            .collect();
        Table {
            title: title.to_owned(),
            columns,
            rows,
        }
    };
    let controller = table(Register::Controller, w.t("register.controller_table"));
    let processor = table(Register::Processor, w.t("register.processor_table"));
    let organisations = project
        .config
        .organisations
        .iter()
        .enumerate()
        .filter_map(|(i, o)| {
            let records = checked
                .iter()
                .filter(|c| c.model.controller == Some(i))
                .count();
            (records > 0).then(|| OrganisationBlock {
                id: o.id.clone(),
                name: o.name.clone(),
                contact: cells::organisation_contact(o),
                dpo: o.dpo.as_ref().map(contact_line),
                representative: o.representative.as_ref().map(contact_line),
                records,
            })
        })
        .collect();
    RegisterContext {
        generator: format!("dpia {}", env!("CARGO_PKG_VERSION")),
        lang: w.tag().to_owned(),
        t: w.tree(),
        regulation: w
            .t(&format!(
                "jurisdiction.{}.regulation",
                project.jurisdiction().as_str()
            ))
            .to_owned(),
        title: project
            .config
            .name
            .clone()
            .unwrap_or_else(|| w.t("register.default_title").to_owned()),
        as_of: iso_date(as_of),
        as_of_label: w.date(as_of),
        organisations,
        controller,
        processor: (!processor.rows.is_empty()).then_some(processor),
    }
}

/// The columns of a register: the project's, else the bundled ones headed
/// in the project's language. Under EU law the bundled register leaves out
/// the columns only UK law asks for (the DPA 2018 Schedule 1 condition and
/// the appropriate policy document); a project that lists its own columns
/// gets exactly those.
fn columns(project: &Project, register: Register, w: &Catalogue) -> Vec<Column> {
    let own = project.config.register_columns(register);
    let bundled = crate::model::policy::columns(None, register);
    let chosen_by_project = project
        .config
        .register
        .as_ref()
        .is_some_and(|r| match register {
            Register::Controller => r.columns.is_some(),
            Register::Processor => r.processor_columns.is_some(),
        });
    let uk_only = [
        Field::Schedule1,
        Field::PolicyDocument,
        Field::FollowsPolicy,
        Field::PolicyDeviation,
    ];
    own.into_iter()
        .filter(|c| {
            chosen_by_project
                || project.jurisdiction() == Jurisdiction::Uk
                || !uk_only.contains(&c.key)
        })
        .map(|mut c| {
            let default = bundled.iter().find(|b| b.key == c.key);
            if default.is_some_and(|b| b.heading == c.heading) {
                let key = serde_json::to_value(c.key)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                if let Some(heading) = w.get(&format!("register.column.{key}")) {
                    heading.clone_into(&mut c.heading);
                }
            }
            c
        })
        .collect()
}

fn organisation_of<'p>(c: &Checked, project: &'p Project) -> Option<&'p Organisation> {
    c.model
        .controller
        .and_then(|i| project.config.organisations.get(i))
}

/// "Approved", "Not started", "Not required"...
#[must_use]
pub fn dpia_progress(a: &Assessment, outcome: &Outcome) -> &'static str {
    if a.role == Role::Processor {
        return "not-applicable";
    }
    if a.has_dpia_content() {
        return a.status.as_str();
    }
    match outcome.required() {
        Some(true) => "not-started",
        Some(false) => "not-required",
        None => "not-screened",
    }
}
