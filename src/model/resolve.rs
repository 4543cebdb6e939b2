//! What the schema cannot check: ids unique in the file, every reference
//! naming something defined (a dangling id names both places), the
//! controller, the risk matrix and the levels each risk uses.
//!
//! Ids and references are read from the file's tree, not the typed
//! assessment ([`check_ids_and_references`]), so that a file the schema
//! refuses has them checked in the same run.

use std::collections::HashMap;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::i18n::Catalogue;
use crate::model::assessment::{
    Assessment, JointControllerRef, Known, LevelRef, Party, RatingInput,
};
use crate::model::matrix::{RiskMatrix, normalise};
use crate::model::project::{Authority, Jurisdiction, Project};
use crate::source::FileId;
use crate::suggest::suggest;
use crate::yaml::{Document, Node, NodeValue};

/// An assessment whose references all resolve, with its matrix and levels.
#[derive(Debug, Clone)]
pub struct Model {
    /// The assessment as written.
    pub assessment: Assessment,
    /// The file it was read from.
    pub file: FileId,
    /// Index of the controller in the project's organisations.
    pub controller: Option<usize>,
    /// The joint controllers (Art 26) with their details, those named by
    /// id taken from the project file.
    pub joint_controllers: Vec<Party>,
    /// The law that applies.
    pub jurisdiction: Jurisdiction,
    /// The controller's country, when its organisation states one.
    pub country: Option<String>,
    /// The supervisory authority, when one is known.
    pub authority: Option<Authority>,
    /// The words of the report, in its language.
    pub catalogue: Catalogue,
    /// The risk matrix.
    pub matrix: Arc<RiskMatrix>,
    /// Resolved levels of each risk, in the order of `assessment.risks`.
    pub levels: Vec<RiskLevels>,
    /// Whether the file has a `recipients` key: `recipients: []` records
    /// that nobody receives the data, no key that nobody said.
    pub recipients_listed: bool,
}

impl Model {
    /// Where the controller's data is at home: the law's area and the
    /// controller's own country, so that a disclosure elsewhere is a
    /// transfer.
    #[must_use]
    pub fn home(&self) -> crate::law::Home<'_> {
        crate::law::Home {
            law: self.jurisdiction,
            country: self.country.as_deref(),
        }
    }
}

/// Resolved levels of one risk before and after the measures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RiskLevels {
    /// Before the measures.
    pub inherent: Levels,
    /// After the measures.
    pub residual: Levels,
}

/// Likelihood and severity as matrix indexes, and the stated rating.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Levels {
    /// Likelihood index.
    pub likelihood: Option<usize>,
    /// Severity index.
    pub severity: Option<usize>,
    /// The rating as the source document stated it.
    pub stated: Option<Stated>,
}

/// A stated rating, read against the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    /// The text as written.
    pub text: String,
    /// The score it gives, if any (`12 (medium high)` gives 12).
    pub score: Option<u32>,
    /// The words of the rating it gives, if any (`medium high`).
    pub words: Option<String>,
    /// The rating those words (or, for banded matrices, the score) name.
    pub rating: Option<usize>,
}

/// A list whose items have ids.
struct IdList {
    /// The key of the list in the file.
    name: &'static str,
    /// What one item is called in messages.
    kind: &'static str,
    /// Whether every item has an id (the schema requires one).
    id_required: bool,
}

/// The lists whose items have ids; an id is unique across all of them.
const ID_LISTS: [IdList; 12] = [
    IdList {
        name: "systems",
        kind: "system",
        id_required: true,
    },
    IdList {
        name: "data_subjects",
        kind: "data subject category",
        id_required: true,
    },
    IdList {
        name: "data_categories",
        kind: "data category",
        id_required: true,
    },
    IdList {
        name: "sources",
        kind: "source",
        id_required: true,
    },
    IdList {
        name: "purposes",
        kind: "purpose",
        id_required: true,
    },
    IdList {
        name: "lawful_bases",
        kind: "lawful basis",
        id_required: false,
    },
    IdList {
        name: "recipients",
        kind: "recipient",
        id_required: true,
    },
    IdList {
        name: "transfers",
        kind: "transfer",
        id_required: true,
    },
    IdList {
        name: "data_flows",
        kind: "data flow",
        id_required: true,
    },
    IdList {
        name: "risks",
        kind: "risk",
        id_required: true,
    },
    IdList {
        name: "measures",
        kind: "measure",
        id_required: true,
    },
    IdList {
        name: "documents",
        kind: "document",
        id_required: false,
    },
];

/// The lists a data flow's ends may name.
const NODES: &[&str] = &["sources", "systems", "recipients", "data_subjects"];

/// A field of a list's items that refers to other items: its key, whether
/// it holds a list of ids (or one), and the lists the ids may name.
pub type ReferenceField = (&'static str, bool, &'static [&'static str]);

/// Every reference between items, by the list whose items make it. Public
/// for the test that builds a valid assessment from the schema
/// (`tests/it/maximal.rs`): a reference added here is filled there.
pub const REFERENCES: [(&str, &[ReferenceField]); 6] = [
    ("risks", &[("measures", true, &["measures"])]),
    (
        "data_categories",
        &[
            ("sources", true, &["sources"]),
            ("data_subjects", true, &["data_subjects"]),
        ],
    ),
    (
        "lawful_bases",
        &[
            ("purposes", true, &["purposes"]),
            ("data_categories", true, &["data_categories"]),
        ],
    ),
    (
        "recipients",
        &[
            ("data_categories", true, &["data_categories"]),
            ("processor", false, &["recipients"]),
        ],
    ),
    (
        "transfers",
        &[
            ("recipient", false, &["recipients"]),
            ("data_categories", true, &["data_categories"]),
        ],
    ),
    (
        "data_flows",
        &[
            ("from", false, NODES),
            ("to", false, NODES),
            ("data_categories", true, &["data_categories"]),
        ],
    ),
];

/// Beyond this many undefined references in one file, no "did you mean" is
/// computed (each costs a pass over the candidates).
const MAX_SUGGESTIONS: usize = 100;

/// Checks an assessment against its project and resolves it.
pub fn resolve(
    assessment: Assessment,
    doc: &Document,
    project: &Project,
) -> Result<Model, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    check_ids_and_references(doc, &mut problems);
    check_processors_named(&assessment, doc, &mut problems);
    check_engagement_cycles(&assessment, doc, &mut problems);
    let controller = resolve_controller(&assessment, doc, project, &mut problems);
    let joint_controllers =
        resolve_joint_controllers(&assessment, doc, project, controller, &mut problems);
    let jurisdiction = controller
        .and_then(|i| project.config.organisations[i].jurisdiction)
        .unwrap_or_else(|| project.jurisdiction());
    let authority = project.authority(controller, jurisdiction);
    let catalogue = language(&assessment, doc, project, &mut problems);
    let matrix_id = assessment
        .risk_matrix
        .clone()
        .unwrap_or_else(|| project.default_matrix().to_owned());
    let Some(matrix) = project.matrix(&matrix_id).cloned() else {
        let (file, range) = doc.span("/risk_matrix");
        let mut d = Diagnostic::input("E204", format!("there is no risk matrix `{matrix_id}`"))
            .with_label(file, range, "unknown matrix");
        d = match suggest(&matrix_id, project.matrices.iter().map(|m| m.id())) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(format!(
                "the matrices are: {}",
                project
                    .matrices
                    .iter()
                    .map(|m| format!("`{}`", m.id()))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
        problems.push(d);
        return Err(problems);
    };
    let levels = assessment
        .risks
        .iter()
        .enumerate()
        .map(|(i, risk)| RiskLevels {
            inherent: resolve_levels(
                risk.inherent.as_ref(),
                &matrix,
                doc,
                &format!("/risks/{i}/inherent"),
                &mut problems,
            ),
            residual: resolve_levels(
                risk.residual.as_ref().and_then(Known::value),
                &matrix,
                doc,
                &format!("/risks/{i}/residual"),
                &mut problems,
            ),
        })
        .collect();
    if problems.is_empty() {
        Ok(Model {
            assessment,
            file: doc.file,
            controller,
            joint_controllers,
            jurisdiction,
            country: controller.and_then(|i| project.config.organisations[i].country.clone()),
            authority,
            catalogue,
            matrix,
            levels,
            recipients_listed: doc.node("/recipients").is_some(),
        })
    } else {
        Err(problems)
    }
}

/// The catalogue of the assessment's language (its own `language:`, else
/// the project's); E234 at its `language:` when there is none.
fn language(
    assessment: &Assessment,
    doc: &Document,
    project: &Project,
    problems: &mut Vec<Diagnostic>,
) -> Catalogue {
    let tag = assessment.language.as_deref().unwrap_or(project.language());
    project.catalogues.get(tag).unwrap_or_else(|| {
        // The project's own language is reported with the project file.
        if assessment.language.is_some() {
            let (file, range) = doc.span("/language");
            problems.push(project.catalogues.missing(tag).with_label(file, range, ""));
        }
        project.catalogues.reference()
    })
}

/// Where an id is defined: the list it is in and its pointer.
struct Definition {
    list: &'static str,
    kind: &'static str,
    pointer: String,
}

/// The ids a file defines, read from its tree, and the lists whose ids
/// cannot all be read: a list that is not a list, an item with no readable
/// id, or a list that is absent while the file has a key the schema does
/// not know (it may be the list, misspelt). A reference into such a list is
/// not judged: the schema's error, not the reference, may be what is wrong.
struct Ids {
    defined: HashMap<String, Definition>,
    unreadable: Vec<&'static str>,
}

/// The duplicate ids (E201) and the references to ids that are not defined
/// or of the wrong kind (E202) of an assessment, read from its tree alone.
/// They need no typed assessment, so they run on a file the schema refused
/// too (its errors and these in one run), judging only what the schema's
/// errors cannot have caused.
pub fn check_ids_and_references(doc: &Document, problems: &mut Vec<Diagnostic>) {
    let ids = collect_ids(doc, problems);
    check_references(doc, &ids, problems);
}

/// The text of a node, if it is text.
fn text(node: &Node) -> Option<&str> {
    match &node.value {
        NodeValue::Str(s) => Some(s),
        _ => None,
    }
}

/// The items of a list node, if it is a list.
fn items(node: &Node) -> Option<&[Node]> {
    match &node.value {
        NodeValue::Seq(items) => Some(items),
        _ => None,
    }
}

fn collect_ids(doc: &Document, problems: &mut Vec<Diagnostic>) -> Ids {
    let mut ids = Ids {
        defined: HashMap::new(),
        unreadable: Vec::new(),
    };
    let known = known_keys();
    let strange_root = match &doc.root.value {
        NodeValue::Map(entries) => entries.iter().any(|e| !known.contains(&e.key.as_str())),
        _ => true,
    };
    for list in &ID_LISTS {
        let (name, kind) = (list.name, list.kind);
        let Some(node) = doc.node(&format!("/{name}")) else {
            if strange_root {
                ids.unreadable.push(name);
            }
            continue;
        };
        let Some(entries) = items(node) else {
            ids.unreadable.push(name);
            continue;
        };
        for (i, item) in entries.iter().enumerate() {
            let id = match item.entry("id").map(|e| text(&e.value)) {
                Some(Some(id)) => id,
                None if !list.id_required && matches!(item.value, NodeValue::Map(_)) => continue,
                _ => {
                    if !ids.unreadable.contains(&name) {
                        ids.unreadable.push(name);
                    }
                    continue;
                }
            };
            let pointer = format!("/{name}/{i}/id");
            if let Some(first) = ids.defined.get(id) {
                let (file, range) = doc.span(&pointer);
                let (first_file, first_range) = doc.span(&first.pointer);
                problems.push(
                    Diagnostic::input("E201", format!("the id `{id}` is used twice"))
                        .with_label(file, range, format!("this {kind}"))
                        .with_label(
                            first_file,
                            first_range,
                            format!("already names this {}", first.kind),
                        )
                        .with_help("ids are unique within an assessment, across all lists"),
                );
            } else {
                ids.defined.insert(
                    id.to_owned(),
                    Definition {
                        list: name,
                        kind,
                        pointer,
                    },
                );
            }
        }
    }
    ids
}

/// The keys the assessment schema allows at the top of a file.
fn known_keys() -> Vec<&'static str> {
    crate::schema::schema_document(crate::schema::SchemaKind::Assessment)
        .get("properties")
        .and_then(serde_json::Value::as_object)
        .map(|p| p.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// One reference to check: where it is, what it names, which lists may hold it.
struct Reference<'a> {
    pointer: String,
    target: &'a str,
    owner: String,
    lists: &'static [&'static str],
}

/// Every reference written as text where the model expects one (a list of
/// ids, or one id), in the order of [`REFERENCES`], then of the items.
fn references(doc: &Document) -> Vec<Reference<'_>> {
    let mut refs = Vec::new();
    for (list, fields) in REFERENCES {
        let Some(entries) = doc.node(&format!("/{list}")).and_then(items) else {
            continue;
        };
        let kind = list_kind(list);
        for (i, item) in entries.iter().enumerate() {
            let owner = match item.entry("id").and_then(|e| text(&e.value)) {
                Some(id) => format!("{kind} `{id}`"),
                None => format!("{kind} {}", i + 1),
            };
            for &(field, many, lists) in fields {
                let Some(value) = item.entry(field).map(|e| &e.value) else {
                    continue;
                };
                let base = format!("/{list}/{i}/{field}");
                match (many, items(value), text(value)) {
                    (true, Some(targets), _) => {
                        for (j, t) in targets.iter().enumerate() {
                            if let Some(target) = text(t) {
                                refs.push(Reference {
                                    pointer: format!("{base}/{j}"),
                                    target,
                                    owner: owner.clone(),
                                    lists,
                                });
                            }
                        }
                    }
                    (false, _, Some(target)) => refs.push(Reference {
                        pointer: base,
                        target,
                        owner: owner.clone(),
                        lists,
                    }),
                    _ => {}
                }
            }
        }
    }
    refs
}

fn list_kind(list: &str) -> &'static str {
    ID_LISTS
        .iter()
        .find(|l| l.name == list)
        .map_or("item", |l| l.kind)
}

/// E202 for a recipient whose `processor:` names a recipient that is not
/// a processor or sub-processor (a question of kinds, which the typed
/// assessment answers).
fn check_processors_named(a: &Assessment, doc: &Document, problems: &mut Vec<Diagnostic>) {
    // The first recipient of each id (a second is E201).
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, r) in a.recipients.iter().enumerate() {
        index.entry(r.id.as_str()).or_insert(i);
    }
    for (i, r) in a.recipients.iter().enumerate() {
        let Some(p) = r.processor.as_deref() else {
            continue;
        };
        let Some(&j) = index.get(p) else {
            continue;
        };
        let target = &a.recipients[j];
        // A recipient whose role is not given may be the processor: only a
        // known other role is an error.
        if target.kind.value().is_none() || target.is_processor() {
            continue;
        }
        let (file, range) = doc.span(&format!("/recipients/{i}/processor"));
        let (df, dr) = doc.span(&format!("/recipients/{j}/id"));
        problems.push(
            Diagnostic::input(
                "E202",
                format!(
                    "recipient `{}` names `{p}` as its processor, but `{p}` is a {} recipient",
                    r.id,
                    target.kind.as_str()
                ),
            )
            .with_label(file, range, "not a processor")
            .with_label(df, dr, "defined here"),
        );
    }
}

/// E215 for sub-processors that engage each other in a cycle (`a` engaged
/// by `b`, `b` by `a`, or `a` by itself): a chain of engagement must end
/// at a processor the controller engaged. Each cycle is reported once, at
/// every `processor:` in it.
fn check_engagement_cycles(a: &Assessment, doc: &Document, problems: &mut Vec<Diagnostic>) {
    let index: HashMap<&str, usize> = a
        .recipients
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let engaged_by = |i: usize| {
        a.recipients[i]
            .processor
            .as_deref()
            .and_then(|p| index.get(p).copied())
    };
    // 0: not seen; 1: on the chain being followed; 2: done.
    let mut state = vec![0u8; a.recipients.len()];
    for start in 0..a.recipients.len() {
        let mut chain = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            match state[i] {
                2 => break,
                1 => {
                    let from = chain.iter().position(|&c| c == i).unwrap_or(0);
                    let cycle = &chain[from..];
                    let mut names: Vec<String> = cycle
                        .iter()
                        .map(|&c: &usize| format!("`{}`", a.recipients[c].id))
                        .collect();
                    names.push(names[0].clone());
                    let message = if cycle.len() == 1 {
                        format!(
                            "sub-processor {} names itself as the processor that engages it",
                            names[0]
                        )
                    } else {
                        format!(
                            "sub-processors engage each other in a cycle: {} (each is engaged by the next)",
                            names.join(" <- ")
                        )
                    };
                    let mut d = Diagnostic::input("E215", message);
                    for &c in cycle {
                        let (file, range) = doc.span(&format!("/recipients/{c}/processor"));
                        d = d.with_label(file, range, "engaged by");
                    }
                    problems.push(d.with_help(
                        "a chain of engagement ends at a processor the controller engages: name that processor under `processor:`",
                    ));
                    break;
                }
                _ => {
                    state[i] = 1;
                    chain.push(i);
                    at = engaged_by(i);
                }
            }
        }
        for c in chain {
            state[c] = 2;
        }
    }
}

fn check_references(doc: &Document, ids: &Ids, problems: &mut Vec<Diagnostic>) {
    // Candidate ids per set of lists, sorted once, for "did you mean".
    let mut candidates: HashMap<&'static [&'static str], Vec<&str>> = HashMap::new();
    let mut suggested = 0;
    for r in references(doc) {
        let found = ids.defined.get(r.target);
        if found.is_none_or(|def| !r.lists.contains(&def.list))
            && r.lists.iter().any(|l| ids.unreadable.contains(l))
        {
            continue;
        }
        let wanted = r
            .lists
            .iter()
            .map(|l| list_kind(l))
            .collect::<Vec<_>>()
            .join(" or ");
        let (file, range) = doc.span(&r.pointer);
        match found {
            Some(def) if r.lists.contains(&def.list) => {}
            Some(def) => {
                let (df, dr) = doc.span(&def.pointer);
                problems.push(
                    Diagnostic::input(
                        "E202",
                        format!(
                            "{} refers to `{}` as a {wanted}, but it is a {}",
                            r.owner, r.target, def.kind
                        ),
                    )
                    .with_label(file, range, format!("expected a {wanted}"))
                    .with_label(
                        df,
                        dr,
                        format!("`{}` is defined here as a {}", r.target, def.kind),
                    ),
                );
            }
            None => {
                let sorted = candidates.entry(r.lists).or_insert_with(|| {
                    let mut list: Vec<&str> = ids
                        .defined
                        .iter()
                        .filter(|(_, d)| r.lists.contains(&d.list))
                        .map(|(id, _)| id.as_str())
                        .collect();
                    list.sort_unstable();
                    list
                });
                let mut d = Diagnostic::input(
                    "E202",
                    format!(
                        "{} refers to the {wanted} `{}`, which is not defined",
                        r.owner, r.target
                    ),
                )
                .with_label(file, range, format!("no {wanted} has this id"));
                let defined: Vec<&str> = r
                    .lists
                    .iter()
                    .copied()
                    .filter(|l| doc.node(&format!("/{l}")).is_some())
                    .collect();
                for list in &defined {
                    let (lf, lr) = doc.key_span(&format!("/{list}"));
                    d = d.with_label(lf, lr, format!("the {}s are defined here", list_kind(list)));
                }
                if defined.is_empty() {
                    d = d.with_note(format!(
                        "this file has no {} list",
                        r.lists
                            .iter()
                            .map(|l| format!("`{l}`"))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ));
                }
                suggested += 1;
                let suggestion = if suggested <= MAX_SUGGESTIONS {
                    suggest(r.target, sorted.iter().copied())
                } else {
                    None
                };
                d = match suggestion {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None if !sorted.is_empty() && sorted.len() <= 12 => d.with_help(format!(
                        "defined: {}",
                        sorted
                            .iter()
                            .map(|s| format!("`{s}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                    None => d,
                };
                problems.push(d);
            }
        }
    }
}

fn resolve_controller(
    a: &Assessment,
    doc: &Document,
    project: &Project,
    problems: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let orgs = &project.config.organisations;
    match &a.controller {
        Some(id) => {
            let found = orgs.iter().position(|o| &o.id == id);
            if found.is_none() {
                let (file, range) = doc.span("/controller");
                let mut d = Diagnostic::input(
                    "E209",
                    format!("no organisation in the project file has the id `{id}`"),
                )
                .with_label(file, range, "unknown organisation");
                d = if orgs.is_empty() {
                    d.with_help("define the organisation under `organisations:` in the project file (dpia.yaml)")
                } else {
                    match suggest(id, orgs.iter().map(|o| o.id.as_str())) {
                        Some(s) => d.with_help(format!("did you mean `{s}`?")),
                        None => d.with_help(format!(
                            "the organisations are: {}",
                            orgs.iter()
                                .map(|o| format!("`{}`", o.id))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    }
                };
                problems.push(d);
            }
            found
        }
        None if orgs.len() == 1 => Some(0),
        None if orgs.is_empty() => None,
        None => {
            let (file, range) = doc.span("/id");
            problems.push(
                Diagnostic::input("E209", "the project has several organisations; this assessment does not say which is its controller")
                    .with_label(file, range, "no `controller:` in this assessment")
                    .with_help(format!(
                        "add `controller:` with one of {}",
                        orgs.iter().map(|o| format!("`{}`", o.id)).collect::<Vec<_>>().join(", ")
                    )),
            );
            None
        }
    }
}

/// The joint controllers' details: an id names an organisation of the
/// project file (E209 when none has it, or when it is the controller
/// itself).
fn resolve_joint_controllers(
    a: &Assessment,
    doc: &Document,
    project: &Project,
    controller: Option<usize>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Party> {
    let orgs = &project.config.organisations;
    let mut out = Vec::new();
    for (i, joint) in a.joint_controllers.iter().enumerate() {
        let id = match joint {
            JointControllerRef::Named(party) => {
                out.push((**party).clone());
                continue;
            }
            JointControllerRef::Organisation(id) => id,
        };
        let (file, range) = doc.span(&format!("/joint_controllers/{i}"));
        match orgs.iter().position(|o| &o.id == id) {
            Some(found) if Some(found) == controller => {
                let mut d = Diagnostic::input(
                    "E209",
                    format!("`{id}` is the controller of this assessment and also listed as a joint controller"),
                )
                .with_label(file, range, "the controller itself");
                if a.controller.is_some() {
                    let (cf, cr) = doc.span("/controller");
                    d = d.with_label(cf, cr, "the controller");
                }
                problems.push(d.with_help(
                    "list under `joint_controllers` only the other controllers that decide the purposes and means with it",
                ));
            }
            Some(found) => {
                let o = &orgs[found];
                out.push(Party {
                    name: o.name.clone(),
                    address: o.address.clone(),
                    email: o.email.clone(),
                    phone: o.phone.clone(),
                    website: o.website.clone(),
                    public_authority: o.public_authority,
                    registration: o.registration.clone(),
                    dpo: o.dpo.clone(),
                    representative: o.representative.clone(),
                });
            }
            None => {
                let mut d = Diagnostic::input(
                    "E209",
                    format!("no organisation in the project file has the id `{id}`"),
                )
                .with_label(file, range, "unknown joint controller");
                d = match suggest(id, orgs.iter().map(|o| o.id.as_str())) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None if orgs.is_empty() => d.with_help(
                        "define the organisation under `organisations:` in the project file (dpia.yaml)",
                    ),
                    None => d.with_help(format!(
                        "the organisations are: {}",
                        orgs.iter()
                            .map(|o| format!("`{}`", o.id))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                };
                problems.push(d.with_note(
                    "a joint controller that is not in the project file is named with its details: `- {name: ..., email: ...}`",
                ));
            }
        }
    }
    out
}

fn resolve_levels(
    input: Option<&RatingInput>,
    matrix: &RiskMatrix,
    doc: &Document,
    base: &str,
    problems: &mut Vec<Diagnostic>,
) -> Levels {
    let Some(input) = input else {
        return Levels::default();
    };
    let mut level = |value: &Option<LevelRef>, axis: &str| -> Option<usize> {
        let value = value.as_ref()?;
        let (levels, found) = if axis == "likelihood" {
            (matrix.likelihood(), matrix.find_likelihood(value))
        } else {
            (matrix.severity(), matrix.find_severity(value))
        };
        if found.is_none() {
            let shown = match value {
                LevelRef::Position(p) => p.to_string(),
                LevelRef::Name(n) => n.clone(),
            };
            let (file, range) = doc.span(&format!("{base}/{axis}"));
            let mut d = Diagnostic::input(
                "E205",
                format!(
                    "`{shown}` is not a {axis} level of the risk matrix `{}`",
                    matrix.id()
                ),
            )
            .with_label(
                file,
                range,
                format!(
                    "expected one of {} (or 1 to {})",
                    levels
                        .iter()
                        .map(|l| format!("`{}`", l.id))
                        .collect::<Vec<_>>()
                        .join(", "),
                    levels.len()
                ),
            );
            if let LevelRef::Name(n) = value {
                let all = levels.iter().flat_map(|l| {
                    [l.id.as_str(), l.label.as_str()]
                        .into_iter()
                        .chain(l.aliases.iter().map(String::as_str))
                });
                if let Some(s) = suggest(n, all) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                }
            }
            problems.push(d);
        }
        found
    };
    let likelihood = level(&input.likelihood, "likelihood");
    let severity = level(&input.severity, "severity");
    let stated = input
        .stated
        .as_deref()
        .map(|text| read_stated(text, matrix));
    if let Some(s) = &stated {
        let unscored = input.likelihood.is_none() && input.severity.is_none();
        if unscored && s.rating.is_none() {
            let (file, range) = doc.span(&format!("{base}/stated"));
            problems.push(
                Diagnostic::input(
                    "E205",
                    format!("the stated rating `{}` names no rating of the risk matrix `{}`", s.text, matrix.id()),
                )
                .with_label(
                    file,
                    range,
                    format!(
                        "expected a rating such as {}",
                        matrix.ratings().iter().map(|r| format!("`{}`", r.label)).collect::<Vec<_>>().join(", ")
                    ),
                )
                .with_help("with no likelihood and severity, the stated rating is the only rating; give one the matrix knows, or the likelihood and severity"),
            );
        }
    }
    Levels {
        likelihood,
        severity,
        stated,
    }
}

/// Reads a rating as documents state it: `12 (medium high)`, `4 (low)`,
/// `High`, `medium high risk`. The first whole number is the score; the
/// remaining words name the rating.
#[must_use]
pub fn read_stated(text: &str, matrix: &RiskMatrix) -> Stated {
    let score = text
        .split(|c: char| !c.is_ascii_digit())
        .find(|t| !t.is_empty())
        .and_then(|t| t.parse::<u32>().ok());
    let words = normalise(
        &text
            .chars()
            .filter(|c| !c.is_ascii_digit())
            .collect::<String>(),
    );
    let words = (!words.is_empty()).then_some(words);
    let by_words = words.as_deref().and_then(|w| {
        matrix
            .find_rating(w)
            .or_else(|| w.strip_suffix(" risk").and_then(|w| matrix.find_rating(w)))
    });
    let rating = match (&words, by_words) {
        (_, Some(r)) => Some(r),
        (None, None) => score.and_then(|s| matrix.rating_of_score(s)),
        (Some(_), None) => None,
    };
    Stated {
        text: text.to_owned(),
        score,
        words,
        rating,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::matrix::built_in;

    fn matrix(id: &str) -> Arc<RiskMatrix> {
        built_in().iter().find(|m| m.id() == id).unwrap().clone()
    }

    /// The codes `check_ids_and_references` gives a file's tree.
    fn tree_codes(text: &str) -> Vec<&'static str> {
        let file = crate::source::SourceFile::new("t.yaml", text);
        let doc = crate::load::parsed(&file, 0).unwrap();
        let mut out = Vec::new();
        check_ids_and_references(&doc, &mut out);
        out.iter().map(|d| d.code).collect()
    }

    #[test]
    fn ids_and_references_are_judged_only_where_the_tree_can_be_read() {
        let measure = "risks: [{id: R1, measures: [M9]}]\n";
        // Read: a dangling reference, a duplicate across lists, a reference
        // to a list the file does not have.
        assert_eq!(
            tree_codes(&format!("{measure}measures: [{{id: M1}}]")),
            ["E202"]
        );
        assert_eq!(tree_codes("systems: [{id: a}]\nrisks: [{id: a}]"), ["E201"]);
        assert_eq!(tree_codes(measure), ["E202"]);
        // An item without an id is fine where ids are optional.
        assert!(tree_codes("lawful_bases: [{purposes: [p1]}]\npurposes: [{id: p1}]").is_empty());
        // Not judged: the target list is not a list, an item's id is not
        // text or is missing, the list may be hidden by an unknown key, the
        // reference is not text where the model expects it.
        for unreadable in [
            format!("{measure}measures: {{id: M9}}"),
            format!("{measure}measures: [{{id: 9}}, {{id: M1}}]"),
            format!("{measure}measures: [{{idd: M9}}]"),
            format!("{measure}measure: [{{id: M9}}]"),
            "risks: [{id: R1, measures: M9}]\nmeasures: []".to_owned(),
            "risks: [{id: R1, measures: [9]}]\nmeasures: []".to_owned(),
            "[1, 2]".to_owned(),
        ] {
            assert!(tree_codes(&unreadable).is_empty(), "{unreadable}");
        }
        // A reference found where it should be is fine whatever else is
        // unreadable.
        assert!(
            tree_codes("risks: [{id: R1, measures: [M1]}]\nmeasures: [{id: M1}, {idd: M2}]")
                .is_empty()
        );
    }

    #[test]
    fn stated_ratings_are_read_against_the_matrix() {
        let m = matrix("camden-5x5");
        let s = read_stated("12 (medium high)", &m);
        assert_eq!(
            (s.score, s.words.as_deref()),
            (Some(12), Some("medium high"))
        );
        assert_eq!(m.ratings()[s.rating.unwrap()].label, "Medium/High");
        let s = read_stated("4 (low)", &m);
        assert_eq!(m.ratings()[s.rating.unwrap()].label, "Low");
        let s = read_stated("medium high risk", &m);
        assert_eq!(m.ratings()[s.rating.unwrap()].label, "Medium/High");
        let s = read_stated("6 (medium)", &m);
        assert_eq!((s.score, s.rating), (Some(6), None));
        let s = read_stated("9", &m);
        assert_eq!(m.ratings()[s.rating.unwrap()].label, "Medium/High");
        let ico = matrix("ico-3x3");
        assert_eq!(
            ico.ratings()[read_stated("High", &ico).rating.unwrap()].label,
            "High"
        );
    }
}
