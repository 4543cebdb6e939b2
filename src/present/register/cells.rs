//! The cells of the register: the value of each column (`model::policy`'s
//! fields) for one activity, worded as the ICO template words it.

use crate::i18n::Catalogue;
use crate::law;
use crate::model::assessment::{Assessment, Known, RecipientKind, Right, Role};
use crate::model::policy::Field;
use crate::model::project::{Contact, Organisation};
use crate::pipeline::Checked;
use crate::present::markdown;
use crate::present::wording::{
    self, agreement_line, arrangement_line, article_10, contact_line, country, derogation,
    mechanism, report_stem, retention_line, right, special_category,
};
use crate::screening::Outcome;

use super::{Cell, Link, dpia_progress};

/// The value of one column for one activity.
#[allow(clippy::too_many_lines)]
pub(super) fn value(
    field: Field,
    c: &Checked,
    organisation: Option<&Organisation>,
    outcome: &Outcome,
    w: &Catalogue,
) -> Cell {
    let a = &c.model.assessment;
    match field {
        Field::Reference => Cell::one(&a.id),
        Field::Activity => Cell::one(&a.title),
        Field::Controller | Field::Processor => controller(organisation),
        Field::Dpo => dpo(organisation),
        Field::Representative => representative(organisation),
        Field::BusinessFunction => Cell::of(a.business_area.iter().cloned().collect()),
        Field::Purposes => purposes(a),
        Field::JointController => joint_controller(c, w),
        Field::DataSubjects => data_subjects(a, w),
        Field::DataCategories => data_categories(a, w),
        Field::Recipients => recipients(c, w),
        Field::ProcessorContracts | Field::SubProcessors => processor_contracts(a, w),
        Field::ThirdCountries => third_countries(c, w),
        Field::Safeguards => safeguards(a, w),
        Field::Retention => retention(a, w),
        Field::SecurityMeasures => Cell::of(a.security_measures.iter().map(|m| plain(m)).collect()),
        Field::Article6 => article_6(a, w),
        Field::Article9 => article_9(a, w),
        Field::Article10 => Cell::of(
            a.lawful_bases
                .iter()
                .filter_map(|b| b.article_10.as_deref().map(|p| article_10(w, p)))
                .collect(),
        ),
        Field::LegitimateInterests => legitimate_interests(a),
        Field::LegitimateInterestsAssessment => legitimate_interests_assessment(a),
        Field::Rights => rights(a, w),
        Field::AutomatedDecisionMaking => automated_decisions(a, w),
        Field::Sources => sources(a, w),
        Field::Location => location(a, w),
        Field::DpiaRequired => dpia_required(a, outcome, w),
        Field::DpiaProgress => Cell::one(w.t(&format!("progress.{}", dpia_progress(a, outcome)))),
        Field::DpiaLink => dpia_link(a, w),
        Field::PersonalDataBreach => breaches(a, w),
        Field::BreachRecord => Cell::of(
            a.breaches
                .iter()
                .flatten()
                .filter_map(|b| {
                    let reference = b.reference.as_ref()?;
                    Some(format!("{}: {reference}", w.date(b.date)))
                })
                .collect(),
        ),
        Field::Schedule1 => schedule_1(a, w),
        Field::PolicyDocument => policy_document(a),
        Field::FollowsPolicy => follows_policy(a, w),
        Field::PolicyDeviation => policy_deviation(a),
        Field::ControllersServed => controllers_served(a, w),
        Field::ControllerContracts => controller_contracts(a, w),
        Field::CategoriesOfProcessing => categories_of_processing(a),
    }
}

/// The names of what each id names, an id that names nothing as written.
fn names(ids: &[String], of: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    ids.iter()
        .map(|id| of(id).unwrap_or_else(|| id.clone()))
        .collect()
}

/// The controller (or processor) organisation with its contact details.
fn controller(organisation: Option<&Organisation>) -> Cell {
    match organisation {
        Some(o) => {
            let mut items = vec![o.name.clone()];
            items.extend(organisation_contact(o));
            Cell::of(items)
        }
        None => Cell::default(),
    }
}

/// The controller's DPO.
fn dpo(organisation: Option<&Organisation>) -> Cell {
    Cell::of(
        organisation
            .and_then(|o| o.dpo.as_ref())
            .map(contact_line)
            .into_iter()
            .collect(),
    )
}

/// The controller's representative.
fn representative(organisation: Option<&Organisation>) -> Cell {
    Cell::of(
        organisation
            .and_then(|o| o.representative.as_ref())
            .map(contact_line)
            .into_iter()
            .collect(),
    )
}

/// The purposes, or the described purposes when none is listed.
fn purposes(a: &Assessment) -> Cell {
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

/// The joint controllers with their contact details, representatives and
/// DPOs (Art 30(1)(a)), then the recipients that are joint controllers,
/// then the arrangement between them.
fn joint_controller(c: &Checked, w: &Catalogue) -> Cell {
    let a = &c.model.assessment;
    let mut items: Vec<String> = c
        .model
        .joint_controllers
        .iter()
        .map(|p| {
            controller_details(
                &p.name,
                [&p.address, &p.email, &p.phone, &p.website],
                p.representative.as_ref(),
                p.dpo.as_ref(),
                w,
            )
        })
        .collect();
    items.extend(
        a.recipients
            .iter()
            .filter(|r| r.kind == RecipientKind::JointController)
            .map(|r| match &r.contact {
                Some(contact) => format!("{}: {}", r.name, contact.trim()),
                None => r.name.clone(),
            }),
    );
    if let Some(j) = &a.joint_arrangement {
        let mut line = arrangement_line(j, w);
        if let Some(note) = j.note.as_deref().filter(|n| !n.trim().is_empty()) {
            line.push_str(&format!(" ({})", plain(note)));
        }
        items.push(w.f("cell.arrangement", &[("arrangement", &line)]));
    }
    Cell::of(items)
}

/// The data subjects, marked when they include children or vulnerable people.
fn data_subjects(a: &Assessment, w: &Catalogue) -> Cell {
    Cell::of(
        a.data_subjects
            .iter()
            .map(|s| {
                let mut marks = Vec::new();
                if s.children {
                    marks.push(w.t("cell.children"));
                }
                if s.vulnerable {
                    marks.push(w.t("cell.vulnerable"));
                }
                with_marks(&s.name, &marks, (" (", ", ", ")"))
            })
            .collect(),
    )
}

/// The data categories, marked when special category or criminal offence data.
fn data_categories(a: &Assessment, w: &Catalogue) -> Cell {
    Cell::of(
        a.data_categories
            .iter()
            .map(|d| {
                let mut marks = Vec::new();
                if d.is_special_category() {
                    let kinds: Vec<String> = d
                        .special_category_types
                        .iter()
                        .map(|k| special_category(w, k))
                        .collect();
                    marks.push(if kinds.is_empty() {
                        w.t("cell.special_category").to_owned()
                    } else {
                        w.f(
                            "cell.special_category_kinds",
                            &[("kinds", &kinds.join(", "))],
                        )
                    });
                }
                if d.criminal_offence {
                    marks.push(w.t("cell.criminal_offence").to_owned());
                }
                with_marks(&d.name, &marks, (" [", "; ", "]"))
            })
            .collect(),
    )
}

/// The recipients with their kind and country; "None" when the file says there are none.
fn recipients(c: &Checked, w: &Catalogue) -> Cell {
    let a = &c.model.assessment;
    let cell = Cell::of(
        a.recipients
            .iter()
            .map(|r| {
                let mut what = match &r.kind {
                    Known::Is(kind) => {
                        wording::value(w, "recipient_kind", kind.as_str()).to_lowercase()
                    }
                    Known::Not(a) => {
                        let absence = wording::absence_words(a.not, w);
                        match a.note.as_deref().filter(|n| !n.trim().is_empty()) {
                            Some(note) => w.f(
                                "absence.role_note",
                                &[("absence", &absence), ("note", &plain(note))],
                            ),
                            None => w.f("absence.role", &[("absence", &absence)]),
                        }
                    }
                };
                if let Some(code) = &r.country {
                    what.push_str(&format!(", {}", country(w, code)));
                }
                format!("{} ({what})", r.name)
            })
            .collect(),
    );
    if a.recipients.is_empty() && c.model.recipients_listed {
        Cell::one(w.t("cell.no_recipients"))
    } else {
        cell
    }
}

/// Each processor with its contracts.
fn processor_contracts(a: &Assessment, w: &Catalogue) -> Cell {
    Cell::of(
        a.recipients
            .iter()
            .filter(|r| r.is_processor())
            .map(|r| {
                let contracts: Vec<String> = r.contracts().map(|g| agreement_line(g, w)).collect();
                if contracts.is_empty() {
                    w.f("cell.no_contract", &[("processor", &r.name)])
                } else {
                    format!("{}: {}", r.name, contracts.join("; "))
                }
            })
            .collect(),
    )
}

/// The countries outside the controller's home (the jurisdiction's area
/// and its own country) that data goes to.
fn third_countries(c: &Checked, w: &Catalogue) -> Cell {
    let a = &c.model.assessment;
    let home = c.model.home();
    let countries = a
        .transfers
        .iter()
        .map(|t| t.country.as_str())
        .chain(a.recipients.iter().filter_map(|r| r.country.as_deref()))
        .filter(|country| home.third_country(country))
        .map(|code| country(w, code));
    Cell::of(unique(countries))
}

/// Each transfer with its mechanisms, derogation and documents.
fn safeguards(a: &Assessment, w: &Catalogue) -> Cell {
    Cell::of(
        a.transfers
            .iter()
            .map(|t| {
                let recipient = a
                    .recipients
                    .iter()
                    .find(|r| r.id == t.recipient)
                    .map_or(t.recipient.as_str(), |r| r.name.as_str());
                let mut parts: Vec<String> = t.mechanisms.iter().map(|m| mechanism(w, m)).collect();
                if let Some(d) = &t.derogation {
                    parts.push(derogation(w, d));
                }
                if let Some(doc) = &t.safeguards_documentation {
                    parts.push(w.f(
                        "cell.safeguards_documented",
                        &[("documentation", &doc.trim())],
                    ));
                }
                if let Some(tra) = &t.transfer_risk_assessment {
                    parts.push(w.f("cell.tra", &[("assessment", &tra.trim())]));
                }
                if parts.is_empty() {
                    parts.push(w.t("cell.no_mechanism").to_owned());
                }
                format!(
                    "{recipient} ({}): {}",
                    country(w, &t.country),
                    parts.join("; ")
                )
            })
            .collect(),
    )
}

/// The activity's retention, then each data category's.
fn retention(a: &Assessment, w: &Catalogue) -> Cell {
    let mut items: Vec<String> = a
        .retention
        .as_ref()
        .and_then(|r| retention_line(r, w))
        .into_iter()
        .collect();
    items.extend(a.data_categories.iter().filter_map(|d| {
        d.retention
            .as_ref()
            .and_then(|r| retention_line(r, w))
            .map(|line| format!("{}: {line}", d.name))
    }));
    Cell::of(items)
}

/// The Art 6 bases, with the purposes they serve.
fn article_6(a: &Assessment, w: &Catalogue) -> Cell {
    let purpose_name = |id: &str| {
        a.purposes
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
    };
    Cell::of(
        a.lawful_bases
            .iter()
            .filter_map(|b| {
                let label = wording::article_6(w, b.article_6.as_deref()?);
                Some(for_purposes(label, &names(&b.purposes, &purpose_name), a))
            })
            .collect(),
    )
}

/// The Art 9 conditions with their data categories (the Art 10 bases have
/// their own column).
fn article_9(a: &Assessment, w: &Catalogue) -> Cell {
    let category_name = |id: &str| {
        a.data_categories
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
    };
    Cell::of(
        a.lawful_bases
            .iter()
            .filter_map(|b| {
                let label = wording::article_9(w, b.article_9.as_deref()?);
                let categories = names(&b.data_categories, &category_name);
                Some(if categories.is_empty() {
                    label
                } else {
                    format!("{label} ({})", categories.join(", "))
                })
            })
            .collect(),
    )
}

/// Each purpose's legitimate interest.
fn legitimate_interests(a: &Assessment) -> Cell {
    Cell::of(
        a.purposes
            .iter()
            .filter_map(|p| {
                p.legitimate_interest
                    .as_deref()
                    .map(|li| format!("{}: {}", p.name, plain(li)))
            })
            .collect(),
    )
}

/// The legitimate interests assessments, each once.
fn legitimate_interests_assessment(a: &Assessment) -> Cell {
    Cell::of(unique(
        a.lawful_bases
            .iter()
            .filter_map(|b| b.legitimate_interests_assessment.clone()),
    ))
}

/// The sources, with their kinds.
fn sources(a: &Assessment, w: &Catalogue) -> Cell {
    Cell::of(
        a.sources
            .iter()
            .map(|s| match &s.kind {
                Some(kind) => format!("{} ({})", s.name, wording::value(w, "source_kind", kind)),
                None => s.name.clone(),
            })
            .collect(),
    )
}

/// Where each system keeps the data.
fn location(a: &Assessment, w: &Catalogue) -> Cell {
    Cell::of(
        a.systems
            .iter()
            .map(|s| {
                let place: Vec<String> = s
                    .location
                    .iter()
                    .cloned()
                    .chain(s.country.as_deref().map(|code| country(w, code)))
                    .collect();
                with_marks(&s.name, &place, (" (", ", ", ")"))
            })
            .collect(),
    )
}

/// Links to the DPIA report, when the activity has one.
fn dpia_link(a: &Assessment, w: &Catalogue) -> Cell {
    if a.has_dpia_content() {
        let stem = report_stem(&a.id);
        Cell {
            links: vec![
                Link {
                    label: w.t("cell.html").to_owned(),
                    href: format!("{stem}.html"),
                },
                Link {
                    label: w.t("cell.pdf").to_owned(),
                    href: format!("{stem}.pdf"),
                },
            ],
            ..Cell::default()
        }
    } else {
        Cell::default()
    }
}

/// The DPA 2018 Schedule 1 conditions, each once.
fn schedule_1(a: &Assessment, w: &Catalogue) -> Cell {
    Cell::of(
        a.lawful_bases
            .iter()
            .flat_map(|b| b.schedule_1.iter().map(|p| wording::schedule_1(w, *p)))
            .collect::<Vec<_>>()
            .into_iter()
            .fold(Vec::new(), |mut acc, s| {
                if !acc.contains(&s) {
                    acc.push(s);
                }
                acc
            }),
    )
}

/// The appropriate policy documents and retention schedules, each once.
fn policy_document(a: &Assessment) -> Cell {
    Cell::of(unique(
        a.lawful_bases
            .iter()
            .filter_map(|b| b.appropriate_policy_document.clone())
            .chain(a.retention.as_ref().and_then(|r| r.schedule.clone())),
    ))
}

/// Whether retention follows the retention policy: the activity's, then
/// each data category's that says.
fn follows_policy(a: &Assessment, w: &Catalogue) -> Cell {
    let yes_no = |yes: bool| w.yes_no(yes);
    let mut items: Vec<String> = a
        .retention
        .as_ref()
        .and_then(|r| r.follows_policy)
        .map(|yes| yes_no(yes).to_owned())
        .into_iter()
        .collect();
    items.extend(a.data_categories.iter().filter_map(|d| {
        d.retention
            .as_ref()
            .and_then(|r| r.follows_policy)
            .map(|yes| format!("{}: {}", d.name, yes_no(yes)))
    }));
    Cell::of(items)
}

/// How retention deviates from the policy: the activity's, then each data
/// category's.
fn policy_deviation(a: &Assessment) -> Cell {
    let mut items: Vec<String> = a
        .retention
        .as_ref()
        .and_then(|r| r.deviation.as_deref())
        .map(plain)
        .into_iter()
        .collect();
    items.extend(a.data_categories.iter().filter_map(|d| {
        d.retention
            .as_ref()
            .and_then(|r| r.deviation.as_deref())
            .map(|why| format!("{}: {}", d.name, plain(why)))
    }));
    Cell::of(items)
}

/// The controllers a processor acts for, with their contacts.
fn controllers_served(a: &Assessment, w: &Catalogue) -> Cell {
    Cell::of(
        a.on_behalf_of
            .iter()
            .map(|s| {
                controller_details(
                    &s.name,
                    [&s.address, &s.email, &s.phone, &s.website],
                    s.representative.as_ref(),
                    s.dpo.as_ref(),
                    w,
                )
            })
            .collect(),
    )
}

/// "Name: address; email; representative: ...; DPO: ..." of a controller
/// other than the organisation (Art 30(1)(a), 30(2)(a)).
fn controller_details(
    name: &str,
    contact: [&Option<String>; 4],
    representative: Option<&Contact>,
    dpo: Option<&Contact>,
    w: &Catalogue,
) -> String {
    let mut parts = contact_parts(contact);
    let person =
        |key: &str, c: Option<&Contact>| c.map(|c| w.f(key, &[("contact", &contact_line(c))]));
    parts.extend(person("cell.representative", representative));
    parts.extend(person("cell.dpo", dpo));
    with_marks(name, &parts, (": ", "; ", ""))
}

/// The contract with each controller served.
fn controller_contracts(a: &Assessment, w: &Catalogue) -> Cell {
    Cell::of(
        a.on_behalf_of
            .iter()
            .map(|s| match &s.contract {
                Some(contract) => format!("{}: {}", s.name, contract.trim()),
                None => w.f("cell.no_contract", &[("processor", &s.name)]),
            })
            .collect(),
    )
}

/// The categories of processing: the purposes, or the described nature.
fn categories_of_processing(a: &Assessment) -> Cell {
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
fn rights(a: &Assessment, w: &Catalogue) -> Cell {
    let label = |r: Right| wording::capitalise(&w.f("cell.right", &[("right", &right(w, r))]));
    if let Some(stated) = &a.rights {
        let cell = Cell::of(stated.available.iter().map(|r| label(*r)).collect());
        return match &stated.note {
            Some(note) => cell.noted(plain(note)),
            None => cell,
        };
    }
    let points = unique(a.lawful_bases.iter().filter_map(|b| b.article_6.clone()));
    if points.is_empty() {
        return Cell::default().noted(w.t("cell.rights_unstated"));
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
                let bases: Vec<String> = from
                    .iter()
                    .map(|p| w.f("law.article_6_bare", &[("point", p)]))
                    .collect();
                w.f(
                    "cell.right_only_under",
                    &[("right", &label(right)), ("bases", &bases.join(", "))],
                )
            }
        })
        .collect();
    let bases: Vec<String> = points.iter().map(|p| wording::article_6(w, p)).collect();
    Cell::of(items).noted(w.f("cell.rights_derived", &[("bases", &bases.join(", "))]))
}

/// Automated decision-making: as stated, else what the screening answered.
fn automated_decisions(a: &Assessment, w: &Catalogue) -> Cell {
    let yes_no = |b: bool| w.yes_no(b);
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
        Some(b) => Cell::one(yes_no(b)).noted(w.t("cell.from_screening")),
        None => Cell::default(),
    }
}

fn dpia_required(a: &Assessment, outcome: &Outcome, w: &Catalogue) -> Cell {
    if a.role == Role::Processor {
        return Cell::one(w.t("cell.not_applicable")).noted(w.t("cell.on_behalf"));
    }
    match (outcome.required(), outcome.basis()) {
        (Some(required), Some(basis)) => {
            let mut note = basis.to_owned();
            if outcome.decision.is_none() && !outcome.reasons.is_empty() {
                note.push_str(&format!(": {}", outcome.reasons.join("; ")));
            }
            Cell::one(w.yes_no(required)).noted(note)
        }
        _ => Cell::one(w.t("cell.not_screened")),
    }
}

pub(super) fn organisation_contact(o: &Organisation) -> Vec<String> {
    contact_parts([&o.address, &o.email, &o.phone, &o.website])
}

/// Markdown as plain text, on one line.
fn plain(md: &str) -> String {
    markdown::to_plain(md)
}

/// The address, email, phone and website that are given, trimmed.
fn contact_parts(fields: [&Option<String>; 4]) -> Vec<String> {
    fields
        .into_iter()
        .flatten()
        .map(|s| s.trim().to_owned())
        .collect()
}

/// A name with its marks, `name (a, b)` (`open`, `separator`, `close`
/// chosen by the column), or the name alone when it has none.
fn with_marks(
    name: &str,
    marks: &[impl AsRef<str>],
    (open, separator, close): (&str, &str, &str),
) -> String {
    if marks.is_empty() {
        return name.to_owned();
    }
    let marks: Vec<&str> = marks.iter().map(AsRef::as_ref).collect();
    format!("{name}{open}{}{close}", marks.join(separator))
}

/// Whether the processing had a personal data breach: "No" when the
/// assessment lists none, else each with its date, what happened and who
/// was told; nothing when it does not say.
fn breaches(a: &Assessment, w: &Catalogue) -> Cell {
    match &a.breaches {
        None => Cell::of(Vec::new()),
        Some(list) if list.is_empty() => Cell::one(w.yes_no(false)),
        Some(list) => Cell::of(
            list.iter()
                .map(|b| {
                    let mut line = w.date(b.date);
                    if let Some(summary) = &b.summary {
                        line.push_str(&format!(": {}", plain(summary)));
                    }
                    let say = |answer: Option<bool>, yes: &'static str, no: &'static str| {
                        answer.map(|a| w.t(if a { yes } else { no }))
                    };
                    let told: Vec<&str> = [
                        say(
                            b.reported_to_authority,
                            "register.breach.reported",
                            "register.breach.not_reported",
                        ),
                        say(
                            b.data_subjects_informed,
                            "register.breach.informed",
                            "register.breach.not_informed",
                        ),
                    ]
                    .into_iter()
                    .flatten()
                    .collect();
                    if !told.is_empty() {
                        line.push_str(&format!(" ({})", told.join("; ")));
                    }
                    line
                })
                .collect(),
        ),
    }
}
