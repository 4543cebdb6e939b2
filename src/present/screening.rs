//! The screening analysis of one activity, as data: which criteria apply,
//! which the content implies but the screening does not tick, and the
//! decision the criteria give, with its reasons (`dpia screen`).

use serde::Serialize;

use crate::law::CRITERIA;
use crate::model::assessment::{Assessment, ScreeningDecision};
use crate::model::policy;
use crate::screening::{Implied, Outcome, implied_by_content, screen, with_implied};
use crate::source::SourceFile;
use crate::yaml::Document;

/// One criterion as the screening answers it.
#[derive(Debug, Serialize)]
pub struct Answered {
    /// "Art 35(3)", "WP248" or "ICO list".
    pub group: &'static str,
    /// Its key in the file.
    pub key: &'static str,
    /// Its name.
    pub name: &'static str,
    /// The author's note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where the answer is written.
    pub line: usize,
}

/// The decision the criteria give.
#[derive(Debug, Serialize)]
pub struct Computed {
    /// Whether a DPIA is required (`None`: no criterion answered).
    pub required: Option<bool>,
    /// The criteria that make it required, or the one WP248 criterion met.
    pub reasons: Vec<String>,
}

/// A criterion the content implies, with the line that implies it.
#[derive(Debug, Serialize)]
pub struct ImpliedAt {
    /// The criterion and why.
    #[serde(flatten)]
    pub implied: Implied,
    /// The line of the content that implies it.
    pub line: usize,
}

/// The screening analysis of one activity.
#[derive(Debug, Serialize)]
pub struct ScreeningAnalysis {
    /// The file, as given.
    pub file: String,
    /// The activity's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The recorded decision: `required`, `not-required` or none.
    pub recorded: Option<ScreeningDecision>,
    /// What the ticked criteria give.
    pub computed: Computed,
    /// Whether the recorded "not required" contradicts the criteria (S003).
    pub contradicted: bool,
    /// The criteria that apply.
    pub applies: Vec<Answered>,
    /// The criteria answered as not applying.
    pub does_not_apply: Vec<Answered>,
    /// How many criteria are not answered.
    pub unanswered: usize,
    /// The criteria the content implies but the screening does not tick.
    pub implied: Vec<ImpliedAt>,
    /// What the criteria give with the implied ones ticked, when that
    /// differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with_implied: Option<Computed>,
}

/// The screening analysis of one activity whose file is `file`.
#[must_use]
pub fn analyse_one(
    a: &Assessment,
    file: &SourceFile,
    file_id: crate::source::FileId,
    shown: String,
    policy: &policy::Screening,
) -> ScreeningAnalysis {
    // The model keeps no node tree; parse the (valid) file again to locate.
    let doc = crate::yaml::parse(file, file_id).ok().map(|root| Document {
        file: file_id,
        root,
    });
    let line = |pointer: &str| {
        doc.as_ref()
            .map_or(0, |d| file.line_col(d.span(pointer).1.start).line)
    };
    let outcome = screen(a, policy);
    let mut applies = Vec::new();
    let mut does_not_apply = Vec::new();
    let mut unanswered = 0;
    if let Some(s) = &a.screening {
        for c in &CRITERIA {
            let Some(answer) = s.criterion(c.group, c.key) else {
                unanswered += 1;
                continue;
            };
            let section = match c.group {
                "Art 35(3)" => "art35_3",
                "WP248" => "wp248",
                _ => "ico",
            };
            let entry = Answered {
                group: c.group,
                key: c.key,
                name: c.name,
                note: answer.note().map(str::to_owned),
                line: line(&format!("/screening/{section}/{}", c.key)),
            };
            if answer.applies() {
                applies.push(entry);
            } else {
                does_not_apply.push(entry);
            }
        }
    } else {
        unanswered = CRITERIA.len();
    }
    let implied: Vec<Implied> = implied_by_content(a, policy);
    let with_implied = if implied.is_empty() {
        None
    } else {
        let o = screen(&with_implied(a, &implied), policy);
        (o.indicated != outcome.indicated).then(|| computed(&o))
    };
    ScreeningAnalysis {
        file: shown,
        id: a.id.clone(),
        title: a.title.clone(),
        recorded: outcome.decision,
        computed: computed(&outcome),
        contradicted: outcome.contradicted(),
        applies,
        does_not_apply,
        unanswered,
        implied: implied
            .into_iter()
            .map(|i| ImpliedAt {
                line: line(&i.evidence),
                implied: i,
            })
            .collect(),
        with_implied,
    }
}

fn computed(o: &Outcome) -> Computed {
    Computed {
        required: o.answered.then_some(o.indicated),
        reasons: if o.indicated || o.wp248_count > 0 {
            o.reasons.clone()
        } else {
            Vec::new()
        },
    }
}
