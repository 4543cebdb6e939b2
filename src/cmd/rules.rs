//! `dpia rules` and `dpia explain CODE`: the rule table and one rule's
//! documentation.

use super::{ExitStatus, print};
use crate::rules::{RULES, find_rule};
use crate::schema::suggest;

/// Prints every rule: code, name, default severity and legal reference.
#[must_use]
pub fn list() -> ExitStatus {
    let rows: Vec<[&str; 4]> = RULES
        .iter()
        .map(|r| {
            let m = r.meta();
            [m.code, m.name, m.severity.as_str(), m.reference]
        })
        .collect();
    let header = ["code", "name", "severity", "reference"];
    let widths: Vec<usize> = (0..4)
        .map(|i| {
            rows.iter()
                .map(|r| r[i].len())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in std::iter::once(header).chain(rows) {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    print(&out)
}

/// Prints one rule's documentation.
#[must_use]
pub fn explain(code: &str) -> ExitStatus {
    let Some(rule) = find_rule(code) else {
        let mut message = format!("error: there is no rule `{code}`");
        if let Some(s) = suggest(code, RULES.iter().map(|r| r.meta().code)) {
            message.push_str(&format!("; did you mean `{s}`?"));
        }
        eprintln!("{message}\nhelp: `dpia rules` lists them all");
        return ExitStatus::Error;
    };
    let m = rule.meta();
    print(&format!(
        "# {} {}\n\nDefault severity: {}. Reference: {}.\n\n{}",
        m.code,
        m.name,
        m.severity.as_str(),
        m.reference,
        m.documentation()
    ))
}
