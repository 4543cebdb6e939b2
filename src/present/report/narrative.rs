//! The narrative steps of the ICO template: screening (step 1), the
//! description of the processing (step 2), consultation (step 3) and
//! necessity and proportionality (step 4).

use serde::Serialize;

use super::{LabelValue, Md};
use crate::i18n::Catalogue;
use crate::law;
use crate::model::assessment::{Assessment, Known};
use crate::present::markdown::escape;
use crate::present::wording::{absence_line, capitalise, value};

/// ICO step 1.
#[derive(Debug, Clone, Serialize)]
pub struct ScreeningView {
    /// Why a DPIA.
    pub need: Option<Md>,
    /// The criteria the assessment addresses.
    pub criteria: Vec<CriterionRow>,
    /// The organisation's screening questions.
    pub questions: Vec<QuestionRow>,
    /// "A DPIA is required" or "A DPIA is not required".
    pub decision: Option<String>,
    /// Justification.
    pub justification: Option<Md>,
    /// The DPO's view.
    pub dpo_view: Option<Md>,
}

/// One screening criterion as the assessment answers it.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionRow {
    /// "Art 35(3)", "WP248" or "ICO list", worded.
    pub group: String,
    /// Its name, worded.
    pub name: String,
    /// Whether it applies.
    pub applies: bool,
    /// "Applies" or "Does not apply".
    pub answer: String,
    /// Why.
    pub note: Option<Md>,
}

/// A question and its answer.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionRow {
    /// Section.
    pub section: Option<String>,
    /// Question.
    pub question: String,
    /// Answer as written.
    pub answer: Option<String>,
    /// Note.
    pub note: Option<Md>,
}

/// ICO step 2 narrative.
#[derive(Debug, Clone, Serialize)]
pub struct DescriptionView {
    /// Labelled answers: nature, scope, context, purposes.
    pub answers: Vec<Answer>,
    /// Volumes, labelled.
    pub volumes: Vec<LabelValue>,
    /// Qualification of the volumes.
    pub volumes_note: Option<Md>,
    /// Geographical area.
    pub geographic_area: Option<String>,
}

/// A labelled Markdown answer.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// The question.
    pub label: String,
    /// The answer.
    pub text: Md,
}

/// ICO step 3.
#[derive(Debug, Clone, Serialize)]
pub struct ConsultationView {
    /// Summary.
    pub summary: Option<Md>,
    /// Who was consulted.
    pub consulted: Vec<ConsultedRow>,
    /// Who was not, and why.
    pub not_consulted: Vec<NotConsultedRow>,
    /// Advice received.
    pub advice: Option<Md>,
}

/// A stakeholder consulted.
#[derive(Debug, Clone, Serialize)]
pub struct ConsultedRow {
    /// Who.
    pub stakeholder: String,
    /// How.
    pub method: Option<String>,
    /// When.
    pub date: Option<String>,
    /// Planned, in progress, completed.
    pub status: Option<String>,
    /// Views.
    pub views: Option<Md>,
    /// Response.
    pub response: Option<Md>,
}

/// A stakeholder not consulted.
#[derive(Debug, Clone, Serialize)]
pub struct NotConsultedRow {
    /// Who.
    pub stakeholder: String,
    /// Why not.
    pub reason: Md,
}

pub(super) fn criteria(
    s: &crate::model::assessment::Screening,
    w: &Catalogue,
) -> Vec<CriterionRow> {
    law::CRITERIA
        .iter()
        .filter_map(|c| {
            s.criterion(c.group, c.key).map(|answer| CriterionRow {
                group: crate::present::wording::criterion_group(w, c),
                name: crate::present::wording::criterion(w, c),
                applies: answer.applies(),
                answer: w
                    .t(if answer.applies() {
                        "screening.applies"
                    } else {
                        "screening.does_not_apply"
                    })
                    .to_owned(),
                note: answer.note().filter(|n| !n.trim().is_empty()).map(Md::new),
            })
        })
        .collect()
}

pub(super) fn question_row(q: &crate::model::assessment::Question, w: &Catalogue) -> QuestionRow {
    QuestionRow {
        section: q.section.clone(),
        question: q.question.clone(),
        answer: q.answer.as_ref().map(|a| match a {
            crate::model::assessment::Answer::Flag(flag) => w.yes_no(*flag).to_owned(),
            crate::model::assessment::Answer::Text(t) => t.clone(),
        }),
        note: Md::of(q.note.as_ref()),
    }
}

pub(super) fn necessity_answers(
    n: &crate::model::assessment::Necessity,
    w: &Catalogue,
) -> Vec<Answer> {
    [
        ("summary", &n.summary),
        ("lawful_basis", &n.lawful_basis),
        ("alternatives", &n.alternatives),
        ("function_creep", &n.function_creep),
        ("data_minimisation", &n.data_minimisation),
        ("data_quality", &n.data_quality),
        ("storage_limitation", &n.storage_limitation),
        ("transparency", &n.transparency),
        ("individual_rights", &n.individual_rights),
        ("processors", &n.processors),
        ("international_transfers", &n.international_transfers),
        ("security", &n.security),
        ("accountability", &n.accountability),
        ("human_rights", &n.human_rights),
    ]
    .into_iter()
    .filter_map(|(key, text)| {
        Md::of(text.as_ref()).map(|text| Answer {
            label: w.t(&format!("necessity.{key}")).to_owned(),
            text,
        })
    })
    .collect()
}

/// ICO step 1: the screening.
pub(super) fn screening(a: &Assessment, w: &Catalogue) -> Option<ScreeningView> {
    a.screening.as_ref().map(|s| ScreeningView {
        need: Md::of(s.need.as_ref()),
        criteria: criteria(s, w),
        questions: s.questions.iter().map(|q| question_row(q, w)).collect(),
        decision: s.decision.map(|d| {
            w.t(match d {
                crate::model::assessment::ScreeningDecision::Required => "screening.required",
                crate::model::assessment::ScreeningDecision::NotRequired => {
                    "screening.not_required"
                }
            })
            .to_owned()
        }),
        justification: Md::of(s.justification.as_ref()),
        dpo_view: Md::of(s.dpo_view.as_ref()),
    })
}

/// ICO step 2: the nature, scope, context and purposes.
pub(super) fn description(a: &Assessment, w: &Catalogue) -> Option<DescriptionView> {
    let label = |key: &str| w.t(&format!("description.{key}")).to_owned();
    a.description.as_ref().map(|d| DescriptionView {
        answers: [
            ("nature", &d.nature),
            ("scope", &d.scope),
            ("context", &d.context),
            ("purposes", &d.purposes),
        ]
        .into_iter()
        .filter_map(|(key, text)| {
            Md::of(text.as_ref()).map(|text| Answer {
                label: label(key),
                text,
            })
        })
        .collect(),
        volumes: d
            .volumes
            .as_ref()
            .map(|v| {
                [
                    ("data_subjects", v.data_subjects.map(|n| w.number(n))),
                    ("records", v.records.map(|n| w.number(n))),
                    ("frequency", v.frequency.clone()),
                ]
                .into_iter()
                .filter_map(|(key, value)| {
                    value.map(|value| LabelValue {
                        label: label(key),
                        value,
                    })
                })
                .collect()
            })
            .unwrap_or_default(),
        volumes_note: d.volumes.as_ref().and_then(|v| Md::of(v.note.as_ref())),
        geographic_area: d.geographic_area.clone(),
    })
}

/// ICO step 3: who was consulted, and who was not and why.
pub(super) fn consultation(a: &Assessment, w: &Catalogue) -> Option<ConsultationView> {
    a.consultation.as_ref().map(|c| ConsultationView {
        summary: Md::of(c.summary.as_ref()),
        consulted: c
            .consulted
            .iter()
            .map(|x| ConsultedRow {
                stakeholder: x.stakeholder.clone(),
                method: x.method.clone(),
                date: x.date.map(|d| w.date(d)),
                status: x
                    .status
                    .as_deref()
                    .map(|s| value(w, "consultation_status", s)),
                views: Md::of(x.views.as_ref()),
                response: Md::of(x.response.as_ref()),
            })
            .collect(),
        not_consulted: c
            .not_consulted
            .iter()
            .map(|x| NotConsultedRow {
                stakeholder: x.stakeholder.clone(),
                reason: match &x.reason {
                    Known::Is(reason) => Md::new(reason),
                    Known::Not(a) => Md::new(&escape(&capitalise(&absence_line(a, w)))),
                },
            })
            .collect(),
        advice: Md::of(c.advice.as_ref()),
    })
}

/// ICO step 4: each answered question.
pub(super) fn necessity(a: &Assessment, w: &Catalogue) -> Vec<Answer> {
    a.necessity
        .as_ref()
        .map(|n| necessity_answers(n, w))
        .unwrap_or_default()
}

/// ICO step 4: the checklists.
pub(super) fn necessity_questions(a: &Assessment, w: &Catalogue) -> Vec<QuestionRow> {
    a.necessity
        .as_ref()
        .map(|n| n.questions.iter().map(|q| question_row(q, w)).collect())
        .unwrap_or_default()
}
