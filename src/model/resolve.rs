//! What the schema cannot check: ids unique in the file, every reference
//! naming something defined (a dangling id names both places), the
//! controller, the risk matrix and the levels each risk uses.

use std::collections::HashMap;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::i18n::Catalogue;
use crate::model::assessment::{Assessment, LevelRef, RatingInput, RecipientKind};
use crate::model::matrix::{RiskMatrix, normalise};
use crate::model::project::{Authority, Jurisdiction, Project};
use crate::source::FileId;
use crate::suggest::suggest;
use crate::yaml::Document;

/// An assessment whose references all resolve, with its matrix and levels.
#[derive(Debug, Clone)]
pub struct Model {
    /// The assessment as written.
    pub assessment: Assessment,
    /// The file it was read from.
    pub file: FileId,
    /// Index of the controller in the project's organisations.
    pub controller: Option<usize>,
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
    /// The ids of its items, in order (`None` where an item has no id).
    ids: fn(&Assessment) -> Vec<Option<&str>>,
}

fn all<T>(items: &[T], id: fn(&T) -> &str) -> Vec<Option<&str>> {
    items.iter().map(|x| Some(id(x))).collect()
}

/// The lists whose items have ids; an id is unique across all of them.
const ID_LISTS: [IdList; 12] = [
    IdList {
        name: "systems",
        kind: "system",
        ids: |a| all(&a.systems, |x| &x.id),
    },
    IdList {
        name: "data_subjects",
        kind: "data subject category",
        ids: |a| all(&a.data_subjects, |x| &x.id),
    },
    IdList {
        name: "data_categories",
        kind: "data category",
        ids: |a| all(&a.data_categories, |x| &x.id),
    },
    IdList {
        name: "sources",
        kind: "source",
        ids: |a| all(&a.sources, |x| &x.id),
    },
    IdList {
        name: "purposes",
        kind: "purpose",
        ids: |a| all(&a.purposes, |x| &x.id),
    },
    IdList {
        name: "lawful_bases",
        kind: "lawful basis",
        ids: |a| a.lawful_bases.iter().map(|x| x.id.as_deref()).collect(),
    },
    IdList {
        name: "recipients",
        kind: "recipient",
        ids: |a| all(&a.recipients, |x| &x.id),
    },
    IdList {
        name: "transfers",
        kind: "transfer",
        ids: |a| all(&a.transfers, |x| &x.id),
    },
    IdList {
        name: "data_flows",
        kind: "data flow",
        ids: |a| all(&a.data_flows, |x| &x.id),
    },
    IdList {
        name: "risks",
        kind: "risk",
        ids: |a| all(&a.risks, |x| &x.id),
    },
    IdList {
        name: "measures",
        kind: "measure",
        ids: |a| all(&a.measures, |x| &x.id),
    },
    IdList {
        name: "documents",
        kind: "document",
        ids: |a| a.documents.iter().map(|x| x.id.as_deref()).collect(),
    },
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
    let ids = collect_ids(&assessment, doc, &mut problems);
    check_references(&assessment, doc, &ids, &mut problems);
    check_engagement_cycles(&assessment, doc, &mut problems);
    let controller = resolve_controller(&assessment, doc, project, &mut problems);
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
                risk.residual.as_ref(),
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

fn collect_ids(
    a: &Assessment,
    doc: &Document,
    problems: &mut Vec<Diagnostic>,
) -> HashMap<String, Definition> {
    let mut ids: HashMap<String, Definition> = HashMap::new();
    for list in &ID_LISTS {
        let (name, kind) = (list.name, list.kind);
        for (i, id) in (list.ids)(a).into_iter().enumerate() {
            let Some(id) = id else { continue };
            let pointer = format!("/{name}/{i}/id");
            if let Some(first) = ids.get(id) {
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
                ids.insert(
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

/// One reference to check: where it is, what it names, which lists may hold it.
struct Reference<'a> {
    pointer: String,
    target: &'a str,
    owner: String,
    lists: &'static [&'static str],
}

fn references(a: &Assessment) -> Vec<Reference<'_>> {
    const NODES: &[&str] = &["sources", "systems", "recipients", "data_subjects"];
    fn push_all<'a>(
        refs: &mut Vec<Reference<'a>>,
        base: &str,
        owner: &str,
        targets: &'a [String],
        lists: &'static [&'static str],
    ) {
        for (j, t) in targets.iter().enumerate() {
            refs.push(Reference {
                pointer: format!("{base}/{j}"),
                target: t,
                owner: owner.to_owned(),
                lists,
            });
        }
    }
    let mut refs = Vec::new();
    for (i, r) in a.risks.iter().enumerate() {
        push_all(
            &mut refs,
            &format!("/risks/{i}/measures"),
            &format!("risk `{}`", r.id),
            &r.measures,
            &["measures"],
        );
    }
    for (i, c) in a.data_categories.iter().enumerate() {
        let owner = format!("data category `{}`", c.id);
        push_all(
            &mut refs,
            &format!("/data_categories/{i}/sources"),
            &owner,
            &c.sources,
            &["sources"],
        );
        push_all(
            &mut refs,
            &format!("/data_categories/{i}/data_subjects"),
            &owner,
            &c.data_subjects,
            &["data_subjects"],
        );
    }
    for (i, b) in a.lawful_bases.iter().enumerate() {
        let owner = b.id.as_ref().map_or_else(
            || format!("lawful basis {}", i + 1),
            |id| format!("lawful basis `{id}`"),
        );
        push_all(
            &mut refs,
            &format!("/lawful_bases/{i}/purposes"),
            &owner,
            &b.purposes,
            &["purposes"],
        );
        push_all(
            &mut refs,
            &format!("/lawful_bases/{i}/data_categories"),
            &owner,
            &b.data_categories,
            &["data_categories"],
        );
    }
    for (i, r) in a.recipients.iter().enumerate() {
        let owner = format!("recipient `{}`", r.id);
        push_all(
            &mut refs,
            &format!("/recipients/{i}/data_categories"),
            &owner,
            &r.data_categories,
            &["data_categories"],
        );
        if let Some(p) = &r.processor {
            refs.push(Reference {
                pointer: format!("/recipients/{i}/processor"),
                target: p,
                owner,
                lists: &["recipients"],
            });
        }
    }
    for (i, t) in a.transfers.iter().enumerate() {
        let owner = format!("transfer `{}`", t.id);
        refs.push(Reference {
            pointer: format!("/transfers/{i}/recipient"),
            target: &t.recipient,
            owner: owner.clone(),
            lists: &["recipients"],
        });
        push_all(
            &mut refs,
            &format!("/transfers/{i}/data_categories"),
            &owner,
            &t.data_categories,
            &["data_categories"],
        );
    }
    for (i, f) in a.data_flows.iter().enumerate() {
        let owner = format!("data flow `{}`", f.id);
        refs.push(Reference {
            pointer: format!("/data_flows/{i}/from"),
            target: &f.from,
            owner: owner.clone(),
            lists: NODES,
        });
        refs.push(Reference {
            pointer: format!("/data_flows/{i}/to"),
            target: &f.to,
            owner: owner.clone(),
            lists: NODES,
        });
        push_all(
            &mut refs,
            &format!("/data_flows/{i}/data_categories"),
            &owner,
            &f.data_categories,
            &["data_categories"],
        );
    }
    refs
}

fn list_kind(list: &str) -> &'static str {
    ID_LISTS
        .iter()
        .find(|l| l.name == list)
        .map_or("item", |l| l.kind)
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

fn check_references(
    a: &Assessment,
    doc: &Document,
    ids: &HashMap<String, Definition>,
    problems: &mut Vec<Diagnostic>,
) {
    // Candidate ids per set of lists, sorted once, for "did you mean".
    let mut candidates: HashMap<&'static [&'static str], Vec<&str>> = HashMap::new();
    let mut suggested = 0;
    for r in references(a) {
        let wanted = r
            .lists
            .iter()
            .map(|l| list_kind(l))
            .collect::<Vec<_>>()
            .join(" or ");
        let (file, range) = doc.span(&r.pointer);
        match ids.get(r.target) {
            Some(def) if r.lists.contains(&def.list) => {
                if r.pointer.ends_with("/processor") {
                    let target = a.recipients.iter().find(|x| x.id == r.target);
                    if let Some(t) = target.filter(|t| {
                        !matches!(
                            t.kind,
                            RecipientKind::Processor | RecipientKind::SubProcessor
                        )
                    }) {
                        let (df, dr) = doc.span(&def.pointer);
                        problems.push(
                            Diagnostic::input(
                                "E202",
                                format!(
                                    "{} names `{}` as its processor, but `{}` is a {} recipient",
                                    r.owner,
                                    r.target,
                                    r.target,
                                    t.kind.as_str()
                                ),
                            )
                            .with_label(file, range, "not a processor")
                            .with_label(df, dr, "defined here"),
                        );
                    }
                }
            }
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
