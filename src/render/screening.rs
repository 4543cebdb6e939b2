//! The screening analysis as text, for `dpia screen`.

use crate::i18n::Catalogue;
use crate::law::CRITERIA;
use crate::model::assessment::ScreeningDecision;
use crate::present::screening::{Answered, ScreeningAnalysis};
use crate::render::check::one_line;

fn decision(required: Option<bool>, w: &Catalogue) -> &str {
    w.t(match required {
        Some(true) => "terminal.screen.required",
        Some(false) => "terminal.screen.not_required",
        None => "terminal.screen.unknown",
    })
}

/// The human-readable analysis, in the project's language (the reasons
/// the screening gives are English, as rule findings are).
#[must_use]
pub fn render(a: &ScreeningAnalysis, w: &Catalogue) -> String {
    let s = |key: &str| w.t(&format!("terminal.screen.{key}")).to_owned();
    let line = s("line");
    let mut out = format!("{}: `{}` {}\n", a.file, a.id, a.title);
    let criteria = |out: &mut String, heading: &str, list: &[Answered]| {
        if list.is_empty() {
            return;
        }
        out.push_str(&format!("\n{heading}{}\n", w.t("format.colon")));
        for c in list {
            out.push_str(&format!("  {line} {:<4} {} {}\n", c.line, c.group, c.name));
            if let Some(note) = &c.note {
                out.push_str(&format!("            {} {}\n", s("note"), one_line(note)));
            }
        }
    };
    criteria(&mut out, &s("applies"), &a.applies);
    criteria(&mut out, &s("does_not_apply"), &a.does_not_apply);
    if a.unanswered > 0 {
        out.push_str(&format!(
            "\n{}\n",
            w.f(
                "terminal.screen.unanswered",
                &[("n", &a.unanswered), ("total", &CRITERIA.len())]
            )
        ));
    }
    if !a.implied.is_empty() {
        out.push_str(&format!("\n{}\n", s("implied")));
        for i in &a.implied {
            out.push_str(&format!(
                "  {line} {:<4} {} {}: {}\n",
                i.line, i.implied.group, i.implied.name, i.implied.because
            ));
        }
    }
    out.push_str(&format!(
        "\n{}\n",
        w.f(
            "terminal.screen.computed",
            &[("decision", &decision(a.computed.required, w))]
        )
    ));
    for r in &a.computed.reasons {
        out.push_str(&format!("  - {r}\n"));
    }
    if let Some(with) = &a.with_implied {
        out.push_str(&format!(
            "{}\n",
            w.f(
                "terminal.screen.with_implied",
                &[("decision", &decision(with.required, w))]
            )
        ));
        for r in &with.reasons {
            out.push_str(&format!("  - {r}\n"));
        }
    }
    let recorded = s(match a.recorded {
        Some(ScreeningDecision::Required) => "recorded_required",
        Some(ScreeningDecision::NotRequired) => "recorded_not_required",
        None => "recorded_none",
    });
    out.push_str(&format!(
        "{}\n",
        w.f("terminal.screen.recorded", &[("decision", &recorded)])
    ));
    if a.contradicted {
        out.push_str(&format!("  {}\n", s("contradicted")));
    }
    out
}
