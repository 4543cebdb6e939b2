//! The screening analysis as text, for `dpia screen`.

use crate::law::CRITERIA;
use crate::model::assessment::ScreeningDecision;
use crate::present::screening::{Answered, ScreeningAnalysis};
use crate::render::check::one_line;

fn decision(required: Option<bool>) -> &'static str {
    match required {
        Some(true) => "a DPIA is required",
        Some(false) => "a DPIA is not required",
        None => "unknown: no criterion is answered",
    }
}

/// The human-readable analysis.
#[must_use]
pub fn render(a: &ScreeningAnalysis) -> String {
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
