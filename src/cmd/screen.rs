//! `dpia screen FILE...`: the screening analysis of each activity: which
//! criteria apply, which the content implies but the screening does not
//! tick, and the decision the criteria give, with its reasons.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::check::one_line;
use super::{ExitStatus, print, print_input_errors, print_json};
use crate::cli::ScreenFormat;
use crate::law::CRITERIA;
use crate::model::Document;
use crate::model::assessment::{Assessment, ScreeningDecision};
use crate::model::policy;
use crate::pipeline::{analyse, display_path};
use crate::screening::{Implied, Outcome, implied_by_content, screen, with_implied};
use crate::source::SourceFile;

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
pub struct Analysis {
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

/// Runs `dpia screen`.
#[must_use]
pub fn run(project: Option<&Path>, paths: &[PathBuf], format: ScreenFormat) -> ExitStatus {
    let Ok(cwd) = std::env::current_dir() else {
        eprintln!("error: cannot read the current folder");
        return ExitStatus::Error;
    };
    let run = analyse(project, paths, &cwd, crate::date::today());
    let input = print_input_errors(&run);
    let Some(project) = &run.project else {
        return ExitStatus::Error;
    };
    let policy = policy::screening(&project.config);
    let analyses: Vec<Analysis> = run
        .assessments
        .iter()
        .map(|c| {
            let file = run.sources.get(c.model.file);
            analyse_one(
                &c.model.assessment,
                file,
                c.model.file,
                display_path(&c.path, &cwd),
                &policy,
            )
        })
        .collect();
    let status = match format {
        ScreenFormat::Human => print(&analyses.iter().map(render).collect::<Vec<_>>().join("\n")),
        ScreenFormat::Json => {
            let mut json = serde_json::to_string_pretty(&analyses).unwrap_or_default();
            json.push('\n');
            print_json(&json)
        }
    };
    if input.is_empty() {
        status
    } else {
        ExitStatus::Error
    }
}

/// The screening analysis of one activity whose file is `file`.
#[must_use]
pub fn analyse_one(
    a: &Assessment,
    file: &SourceFile,
    file_id: crate::source::FileId,
    shown: String,
    policy: &policy::Screening,
) -> Analysis {
    // The model keeps no node tree; parse the (valid) file again to locate.
    let doc = crate::load::parse(file, file_id).ok().map(|root| Document {
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
    Analysis {
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

fn decision(required: Option<bool>) -> &'static str {
    match required {
        Some(true) => "a DPIA is required",
        Some(false) => "a DPIA is not required",
        None => "unknown: no criterion is answered",
    }
}

/// The human-readable analysis.
#[must_use]
pub fn render(a: &Analysis) -> String {
    let mut out = format!("{}: `{}` {}\n", a.file, a.id, a.title);
    let criteria = |out: &mut String, heading: &str, list: &[Answered]| {
        if list.is_empty() {
            return;
        }
        out.push_str(&format!("\n{heading}:\n"));
        for c in list {
            out.push_str(&format!("  line {:<4} {} {}\n", c.line, c.group, c.name));
            if let Some(note) = &c.note {
                out.push_str(&format!("            note: {}\n", one_line(note)));
            }
        }
    };
    criteria(&mut out, "Criteria that apply", &a.applies);
    criteria(&mut out, "Criteria that do not apply", &a.does_not_apply);
    if a.unanswered > 0 {
        out.push_str(&format!(
            "\n{} of {} criteria are not answered.\n",
            a.unanswered,
            CRITERIA.len()
        ));
    }
    if !a.implied.is_empty() {
        out.push_str("\nImplied by the content but not ticked:\n");
        for i in &a.implied {
            out.push_str(&format!(
                "  line {:<4} {} {}: {}\n",
                i.line, i.implied.group, i.implied.name, i.implied.because
            ));
        }
    }
    out.push_str(&format!(
        "\nComputed from the criteria: {}\n",
        decision(a.computed.required)
    ));
    for r in &a.computed.reasons {
        out.push_str(&format!("  - {r}\n"));
    }
    if let Some(w) = &a.with_implied {
        out.push_str(&format!(
            "With the implied criteria ticked: {}\n",
            decision(w.required)
        ));
        for r in &w.reasons {
            out.push_str(&format!("  - {r}\n"));
        }
    }
    let recorded = match a.recorded {
        Some(ScreeningDecision::Required) => "required",
        Some(ScreeningDecision::NotRequired) => "not required",
        None => "none",
    };
    out.push_str(&format!("Recorded decision: {recorded}\n"));
    if a.contradicted {
        out.push_str("  The recorded decision contradicts the criteria (S003).\n");
    }
    out
}
