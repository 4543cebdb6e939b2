//! `dpia rules` and `dpia explain CODE`: the rule table, and the
//! documentation of one rule or input-error code.

use super::{ExitStatus, print};
use crate::codes::{INPUT_ERRORS, input_error};
use crate::render::text::table;
use crate::rules::{RULES, find_rule};
use crate::suggest::suggest;

/// Prints every rule: code, name, default severity and legal reference.
#[must_use]
pub fn list() -> ExitStatus {
    let header = ["code", "name", "severity", "reference"]
        .map(str::to_owned)
        .to_vec();
    let rows: Vec<Vec<String>> = std::iter::once(header)
        .chain(RULES.iter().map(|r| {
            let m = r.meta();
            [m.code, m.name, m.severity.as_str(), m.reference]
                .map(str::to_owned)
                .to_vec()
        }))
        .collect();
    print(&table(&rows, ""))
}

/// Prints the documentation of one rule or input-error code.
#[must_use]
pub fn explain(code: &str) -> ExitStatus {
    if let Some(error) = input_error(code) {
        return print(&error.documentation());
    }
    let Some(rule) = find_rule(code) else {
        let mut message = format!("error: there is no rule or input error `{code}`");
        let known = RULES
            .iter()
            .map(|r| r.meta().code)
            .chain(INPUT_ERRORS.iter().map(|e| e.code));
        if let Some(s) = suggest(code, known) {
            message.push_str(&format!("; did you mean `{s}`?"));
        }
        eprintln!(
            "{}\nhelp: `dpia rules` lists the rules; the README lists the input errors",
            crate::escape::inline(&message)
        );
        return ExitStatus::Error;
    };
    print(&rule.meta().page())
}
