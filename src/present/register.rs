//! The records of processing (Art 30) built from the same files as the
//! DPIAs: one row per activity, in the columns the project chooses
//! (`model::policy`), and the portfolio dashboard.
//!
//! The register is data first ([`RegisterContext`]); the writers turn it
//! into CSV ([`csv`]), XLSX ([`xlsx`]), and through the templates into HTML
//! and PDF, so every format says the same thing.

use serde::Serialize;

use crate::date::PartialDate;
use crate::law;
use crate::model::assessment::{Assessment, RecipientKind, Right, Role, Status};
use crate::model::policy::{self, Column, Field, Register};
use crate::model::project::{Contact, Organisation, Project};
use crate::pipeline::Checked;
use crate::present::markdown;
use crate::present::wording::{
    agreement_line, capitalise, contact_line, format_date, iso_date, report_stem, retention_line,
    words,
};
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
    /// "Records of processing activities (Art 30(1))".
    pub title: &'static str,
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
    let policy = policy::screening(&project.config);
    let mut ordered: Vec<&Checked> = checked.iter().collect();
    // By organisation (in the project file's order), then in input order.
    ordered.sort_by_key(|c| c.model.controller.unwrap_or(usize::MAX));
    let table = |register: Register, title: &'static str| {
        let columns = policy::columns(&project.config, register);
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
                        .map(|col| value(col.key, c, organisation, &outcome))
                        .collect(),
                }
            })
            .collect();
        Table {
            title,
            columns,
            rows,
        }
    };
    let controller = table(
        Register::Controller,
        "Record of processing activities: controller (Art 30(1))",
    );
    let processor = table(
        Register::Processor,
        "Record of processing activities: processor (Art 30(2))",
    );
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
                contact: organisation_contact(o),
                dpo: o.dpo.as_ref().map(contact_line),
                representative: o.representative.as_ref().map(contact_line),
                records,
            })
        })
        .collect();
    RegisterContext {
        generator: format!("dpia {}", env!("CARGO_PKG_VERSION")),
        title: project
            .config
            .name
            .clone()
            .unwrap_or_else(|| "Records of processing activities".to_owned()),
        as_of: iso_date(as_of),
        as_of_label: format_date(as_of),
        organisations,
        controller,
        processor: (!processor.rows.is_empty()).then_some(processor),
    }
}

fn organisation_of<'p>(c: &Checked, project: &'p Project) -> Option<&'p Organisation> {
    c.model
        .controller
        .and_then(|i| project.config.organisations.get(i))
}

fn organisation_contact(o: &Organisation) -> Vec<String> {
    [&o.address, &o.email, &o.phone, &o.website]
        .into_iter()
        .flatten()
        .map(|s| s.trim().to_owned())
        .collect()
}

/// Markdown as plain text, on one line.
fn plain(md: &str) -> String {
    markdown::to_plain(md)
}

/// The value of one column for one activity.
#[allow(clippy::too_many_lines)]
fn value(
    field: Field,
    c: &Checked,
    organisation: Option<&Organisation>,
    outcome: &Outcome,
) -> Cell {
    let a = &c.model.assessment;
    let names = |ids: &[String], of: &dyn Fn(&str) -> Option<String>| -> Vec<String> {
        ids.iter()
            .map(|id| of(id).unwrap_or_else(|| id.clone()))
            .collect()
    };
    let purpose_name = |id: &str| {
        a.purposes
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
    };
    let category_name = |id: &str| {
        a.data_categories
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
    };
    match field {
        Field::Reference => Cell::one(&a.id),
        Field::Activity => Cell::one(&a.title),
        Field::Controller | Field::Processor => match organisation {
            Some(o) => {
                let mut items = vec![o.name.clone()];
                items.extend(organisation_contact(o));
                Cell::of(items)
            }
            None => Cell::default(),
        },
        Field::Dpo => Cell::of(
            organisation
                .and_then(|o| o.dpo.as_ref())
                .map(contact_line)
                .into_iter()
                .collect(),
        ),
        Field::Representative => Cell::of(
            organisation
                .and_then(|o| o.representative.as_ref())
                .map(contact_line)
                .into_iter()
                .collect(),
        ),
        Field::BusinessFunction => Cell::of(a.business_area.iter().cloned().collect()),
        Field::Purposes => {
            if a.purposes.is_empty() {
                Cell::of(
                    a.description
                        .as_ref()
                        .and_then(|d| d.purposes.as_deref())
                        .map(plain)
                        .into_iter()
                        .collect(),
                )
            } else {
                Cell::of(a.purposes.iter().map(|p| p.name.clone()).collect())
            }
        }
        Field::JointController => Cell::of(
            a.recipients
                .iter()
                .filter(|r| r.kind == RecipientKind::JointController)
                .map(|r| match &r.contact {
                    Some(contact) => format!("{}: {}", r.name, contact.trim()),
                    None => r.name.clone(),
                })
                .collect(),
        ),
        Field::DataSubjects => Cell::of(
            a.data_subjects
                .iter()
                .map(|s| {
                    let mut marks = Vec::new();
                    if s.children {
                        marks.push("children");
                    }
                    if s.vulnerable {
                        marks.push("vulnerable");
                    }
                    if marks.is_empty() {
                        s.name.clone()
                    } else {
                        format!("{} ({})", s.name, marks.join(", "))
                    }
                })
                .collect(),
        ),
        Field::DataCategories => Cell::of(
            a.data_categories
                .iter()
                .map(|d| {
                    let mut marks = Vec::new();
                    if d.is_special_category() {
                        let kinds: Vec<&str> = d
                            .special_category_types
                            .iter()
                            .map(|k| law::special_category(k))
                            .collect();
                        marks.push(if kinds.is_empty() {
                            "special category data".to_owned()
                        } else {
                            format!("special category data: {}", kinds.join(", "))
                        });
                    }
                    if d.criminal_offence {
                        marks.push("criminal offence data".to_owned());
                    }
                    if marks.is_empty() {
                        d.name.clone()
                    } else {
                        format!("{} [{}]", d.name, marks.join("; "))
                    }
                })
                .collect(),
        ),
        Field::Recipients => {
            let cell = Cell::of(
                a.recipients
                    .iter()
                    .map(|r| {
                        let mut what = words(r.kind.as_str());
                        if let Some(country) = &r.country {
                            what.push_str(&format!(", {}", law::country_label(country)));
                        }
                        format!("{} ({what})", r.name)
                    })
                    .collect(),
            );
            if a.recipients.is_empty() && c.model.recipients_listed {
                Cell::one("None")
            } else {
                cell
            }
        }
        Field::ProcessorContracts | Field::SubProcessors => Cell::of(
            a.recipients
                .iter()
                .filter(|r| r.is_processor())
                .map(|r| {
                    let contracts: Vec<String> = r.contracts().map(agreement_line).collect();
                    if contracts.is_empty() {
                        format!("{}: no contract recorded", r.name)
                    } else {
                        format!("{}: {}", r.name, contracts.join("; "))
                    }
                })
                .collect(),
        ),
        Field::ThirdCountries => {
            let jurisdiction = c.model.jurisdiction;
            let countries = a
                .transfers
                .iter()
                .map(|t| t.country.as_str())
                .chain(a.recipients.iter().filter_map(|r| r.country.as_deref()))
                .filter(|country| law::third_country(country, jurisdiction))
                .map(law::country_label);
            Cell::of(unique(countries))
        }
        Field::Safeguards => Cell::of(
            a.transfers
                .iter()
                .map(|t| {
                    let recipient = a
                        .recipients
                        .iter()
                        .find(|r| r.id == t.recipient)
                        .map_or(t.recipient.as_str(), |r| r.name.as_str());
                    let mut parts: Vec<String> = t
                        .mechanisms
                        .iter()
                        .map(|m| law::mechanism(m).to_owned())
                        .collect();
                    if let Some(d) = &t.derogation {
                        parts.push(law::derogation(d).to_owned());
                    }
                    if let Some(doc) = &t.safeguards_documentation {
                        parts.push(format!("safeguards documented: {}", doc.trim()));
                    }
                    if let Some(tra) = &t.transfer_risk_assessment {
                        parts.push(format!("transfer risk assessment: {}", tra.trim()));
                    }
                    if parts.is_empty() {
                        parts.push("no mechanism recorded".to_owned());
                    }
                    format!(
                        "{recipient} ({}): {}",
                        law::country_label(&t.country),
                        parts.join("; ")
                    )
                })
                .collect(),
        ),
        Field::Retention => {
            let mut items: Vec<String> = a
                .retention
                .as_ref()
                .and_then(retention_line)
                .into_iter()
                .collect();
            items.extend(a.data_categories.iter().filter_map(|d| {
                d.retention
                    .as_ref()
                    .and_then(retention_line)
                    .map(|line| format!("{}: {line}", d.name))
            }));
            Cell::of(items)
        }
        Field::SecurityMeasures => Cell::of(a.security_measures.iter().map(|m| plain(m)).collect()),
        Field::Article6 => Cell::of(
            a.lawful_bases
                .iter()
                .filter_map(|b| {
                    let label = law::article_6_label(b.article_6.as_deref()?);
                    Some(for_purposes(label, &names(&b.purposes, &purpose_name), a))
                })
                .collect(),
        ),
        Field::Article9 => Cell::of(
            a.lawful_bases
                .iter()
                .filter_map(|b| {
                    let label = law::article_9_label(b.article_9.as_deref()?);
                    let categories = names(&b.data_categories, &category_name);
                    Some(if categories.is_empty() {
                        label
                    } else {
                        format!("{label} ({})", categories.join(", "))
                    })
                })
                .chain(a.lawful_bases.iter().filter_map(|b| {
                    b.article_10
                        .as_deref()
                        .map(|p| law::article_10_label(p).to_owned())
                }))
                .collect(),
        ),
        Field::LegitimateInterests => Cell::of(
            a.purposes
                .iter()
                .filter_map(|p| {
                    p.legitimate_interest
                        .as_deref()
                        .map(|li| format!("{}: {}", p.name, plain(li)))
                })
                .collect(),
        ),
        Field::LegitimateInterestsAssessment => Cell::of(unique(
            a.lawful_bases
                .iter()
                .filter_map(|b| b.legitimate_interests_assessment.clone()),
        )),
        Field::Rights => rights(a),
        Field::AutomatedDecisionMaking => automated_decisions(a),
        Field::Sources => Cell::of(
            a.sources
                .iter()
                .map(|s| match &s.kind {
                    Some(kind) => format!("{} ({})", s.name, words(kind)),
                    None => s.name.clone(),
                })
                .collect(),
        ),
        Field::Location => Cell::of(
            a.systems
                .iter()
                .map(|s| {
                    let place: Vec<String> = s
                        .location
                        .iter()
                        .cloned()
                        .chain(s.country.as_deref().map(law::country_label))
                        .collect();
                    if place.is_empty() {
                        s.name.clone()
                    } else {
                        format!("{} ({})", s.name, place.join(", "))
                    }
                })
                .collect(),
        ),
        Field::DpiaRequired => dpia_required(a, outcome),
        Field::DpiaProgress => Cell::one(dpia_progress(a, outcome)),
        Field::DpiaLink => {
            if a.has_dpia_content() {
                let stem = report_stem(&a.id);
                Cell {
                    links: vec![
                        Link {
                            label: "HTML".to_owned(),
                            href: format!("{stem}.html"),
                        },
                        Link {
                            label: "PDF".to_owned(),
                            href: format!("{stem}.pdf"),
                        },
                    ],
                    ..Cell::default()
                }
            } else {
                Cell::default()
            }
        }
        Field::Schedule1 => Cell::of(
            a.lawful_bases
                .iter()
                .flat_map(|b| b.schedule_1.iter().map(|p| law::schedule_1_label(*p)))
                .collect::<Vec<_>>()
                .into_iter()
                .fold(Vec::new(), |mut acc, s| {
                    if !acc.contains(&s) {
                        acc.push(s);
                    }
                    acc
                }),
        ),
        Field::PolicyDocument => Cell::of(unique(
            a.lawful_bases
                .iter()
                .filter_map(|b| b.appropriate_policy_document.clone())
                .chain(a.retention.as_ref().and_then(|r| r.schedule.clone())),
        )),
        Field::FollowsPolicy => Cell::of(
            a.retention
                .as_ref()
                .and_then(|r| r.follows_policy)
                .map(|yes| if yes { "Yes" } else { "No" }.to_owned())
                .into_iter()
                .collect(),
        ),
        Field::PolicyDeviation => Cell::of(
            a.retention
                .as_ref()
                .and_then(|r| r.deviation.as_deref())
                .map(plain)
                .into_iter()
                .collect(),
        ),
        Field::ControllersServed => Cell::of(
            a.on_behalf_of
                .iter()
                .map(|s| {
                    let mut parts: Vec<String> = [&s.address, &s.email, &s.phone, &s.website]
                        .into_iter()
                        .flatten()
                        .map(|p| p.trim().to_owned())
                        .collect();
                    let person = |role: &str, c: &Option<Contact>| {
                        c.as_ref().map(|c| format!("{role}: {}", contact_line(c)))
                    };
                    parts.extend(person("representative", &s.representative));
                    parts.extend(person("DPO", &s.dpo));
                    if parts.is_empty() {
                        s.name.clone()
                    } else {
                        format!("{}: {}", s.name, parts.join("; "))
                    }
                })
                .collect(),
        ),
        Field::ControllerContracts => Cell::of(
            a.on_behalf_of
                .iter()
                .map(|s| match &s.contract {
                    Some(contract) => format!("{}: {}", s.name, contract.trim()),
                    None => format!("{}: no contract recorded", s.name),
                })
                .collect(),
        ),
        Field::CategoriesOfProcessing => {
            if a.purposes.is_empty() {
                Cell::of(
                    a.description
                        .as_ref()
                        .and_then(|d| d.nature.as_deref().or(d.purposes.as_deref()))
                        .map(plain)
                        .into_iter()
                        .collect(),
                )
            } else {
                Cell::of(a.purposes.iter().map(|p| p.name.clone()).collect())
            }
        }
    }
}

/// "Art 6(1)(e) public task (Managing cases)": the purposes are named when
/// the activity has more than one.
fn for_purposes(label: String, purposes: &[String], a: &Assessment) -> String {
    if a.purposes.len() > 1 && !purposes.is_empty() {
        format!("{label} ({})", purposes.join(", "))
    } else {
        label
    }
}

fn unique(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// The rights available: as stated, or derived from the Art 6 bases (and
/// Art 22 when decisions are automated), saying so.
fn rights(a: &Assessment) -> Cell {
    let label = |r: Right| capitalise(&format!("right {}", law::right_label(r)));
    if let Some(stated) = &a.rights {
        let cell = Cell::of(stated.available.iter().map(|r| label(*r)).collect());
        return match &stated.note {
            Some(note) => cell.noted(plain(note)),
            None => cell,
        };
    }
    let points = unique(a.lawful_bases.iter().filter_map(|b| b.article_6.clone()));
    if points.is_empty() {
        return Cell::default().noted("not stated, and no Art 6 basis to derive them from");
    }
    let per_basis: Vec<(&str, Vec<Right>)> = points
        .iter()
        .map(|p| (p.as_str(), law::rights_for_basis(p)))
        .collect();
    let mut all: Vec<Right> = per_basis.iter().flat_map(|(_, r)| r.clone()).collect();
    if a.automated_decision_making
        .as_ref()
        .is_some_and(crate::model::assessment::Criterion::applies)
    {
        all.push(Right::AutomatedDecisionMaking);
    }
    all.sort();
    all.dedup();
    let items = all
        .into_iter()
        .map(|right| {
            let from: Vec<&str> = per_basis
                .iter()
                .filter(|(_, rs)| rs.contains(&right))
                .map(|(p, _)| *p)
                .collect();
            if from.len() == per_basis.len() || right == Right::AutomatedDecisionMaking {
                label(right)
            } else {
                let bases: Vec<String> = from.iter().map(|p| format!("Art 6(1)({p})")).collect();
                format!(
                    "{} (processing under {} only)",
                    label(right),
                    bases.join(", ")
                )
            }
        })
        .collect();
    let bases: Vec<String> = points.iter().map(|p| law::article_6_label(p)).collect();
    Cell::of(items).noted(format!(
        "derived from the lawful basis ({}): Arts 17(3)(b), 20(1), 21(1); not stated in the record",
        bases.join(", ")
    ))
}

/// Automated decision-making: as stated, else what the screening answered.
fn automated_decisions(a: &Assessment) -> Cell {
    let yes_no = |b: bool| if b { "Yes" } else { "No" };
    if let Some(adm) = &a.automated_decision_making {
        let cell = Cell::one(yes_no(adm.applies()));
        return match adm.note() {
            Some(note) => Cell::of(vec![yes_no(adm.applies()).to_owned(), plain(note)]),
            None => cell,
        };
    }
    let screened = a.screening.as_ref().and_then(|s| {
        let adm = s.wp248.automated_decision_making.as_ref();
        let profiling = s.art35_3.systematic_evaluation.as_ref();
        match (adm, profiling) {
            (None, None) => None,
            _ => Some(
                adm.is_some_and(crate::model::assessment::Criterion::applies)
                    || profiling.is_some_and(crate::model::assessment::Criterion::applies),
            ),
        }
    });
    match screened {
        Some(b) => Cell::one(yes_no(b)).noted("from the DPIA screening"),
        None => Cell::default(),
    }
}

fn dpia_required(a: &Assessment, outcome: &Outcome) -> Cell {
    if a.role == Role::Processor {
        return Cell::one("Not applicable").noted("processing on behalf of a controller");
    }
    match (outcome.required(), outcome.basis()) {
        (Some(required), Some(basis)) => {
            let mut note = basis.to_owned();
            if outcome.decision.is_none() && !outcome.reasons.is_empty() {
                note.push_str(&format!(": {}", outcome.reasons.join("; ")));
            }
            Cell::one(if required { "Yes" } else { "No" }).noted(note)
        }
        _ => Cell::one("Not screened"),
    }
}

/// "Approved", "Not started", "Not required"...
#[must_use]
pub fn dpia_progress(a: &Assessment, outcome: &Outcome) -> &'static str {
    if a.role == Role::Processor {
        return "Not applicable";
    }
    if a.has_dpia_content() {
        return match a.status {
            Status::Draft => "Draft",
            Status::InReview => "In review",
            Status::Approved => "Approved",
            Status::Superseded => "Superseded",
        };
    }
    match outcome.required() {
        Some(true) => "Not started",
        Some(false) => "Not required",
        None => "Not screened",
    }
}
