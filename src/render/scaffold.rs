//! The files `dpia init` and `dpia new` write, filled from the scaffolds in
//! `src/scaffold/`. Values typed on the command line reach the YAML as
//! quoted strings, never as YAML source.

use crate::date::PartialDate;

const ASSESSMENT: &str = include_str!("../scaffold/assessment.yaml");
const PROJECT: &str = include_str!("../scaffold/project.yaml");

/// The project file of a new project: its controller named
/// `organisation` with the id `org_id`, under `jurisdiction` (`uk` or `eu`).
#[must_use]
pub fn project_file(
    organisation: &str,
    org_id: &str,
    jurisdiction: &str,
    public_authority: bool,
) -> String {
    PROJECT
        .replace("{{name}}", &quoted(&format!("{organisation} assessments")))
        .replace("{{jurisdiction}}", jurisdiction)
        .replace("{{org_id}}", &quoted(org_id))
        .replace("{{org_name}}", &quoted(organisation))
        .replace(
            "{{public_authority}}",
            if public_authority { "true" } else { "false" },
        )
}

/// A new assessment, created on `date`, whose `$schema` line points at
/// `schema` (relative to the assessments folder).
#[must_use]
pub fn assessment_file(id: &str, title: &str, date: PartialDate, schema: &str) -> String {
    ASSESSMENT
        .replace("../schemas/assessment.schema.json", schema)
        .replace("{{id}}", &quoted(id))
        .replace("{{title}}", &quoted(title))
        .replace("{{date}}", &date.to_string())
}

/// Text as a YAML double-quoted scalar (JSON string syntax is valid YAML),
/// so whatever the user typed stays text.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

/// `Wiltshire Council` -> `wiltshire-council`.
#[must_use]
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}
