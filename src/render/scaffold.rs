//! The files `dpia init` and `dpia new` write, filled from the scaffolds in
//! `src/scaffold/`. Values typed on the command line reach the YAML as
//! quoted strings, never as YAML source.

use crate::date::PartialDate;
use crate::law::Jurisdiction;

const ASSESSMENT: &str = include_str!("../scaffold/assessment.yaml");
const PROJECT: &str = include_str!("../scaffold/project.yaml");

/// The project file of a new project: its controller named
/// `organisation` with the id `org_id`, under `jurisdiction`.
#[must_use]
pub fn project_file(
    organisation: &str,
    org_id: &str,
    jurisdiction: Jurisdiction,
    public_authority: bool,
) -> String {
    let (code, established) = match jurisdiction {
        Jurisdiction::Uk => ("uk", ""),
        // Under EU law "home" is the member state: a recipient elsewhere
        // in the EEA is named as such, so the organisation says where.
        Jurisdiction::Eu => (
            "eu",
            "    # country: IE          # the member state it is established in\n    # supervisory_authority: {name: Data Protection Commission, short_name: DPC, website: \"https://www.dataprotection.ie\"}\n",
        ),
    };
    PROJECT
        .replace("{{name}}", &quoted(&format!("{organisation} assessments")))
        .replace("{{jurisdiction}}", code)
        .replace("{{established}}", established)
        .replace("{{org_id}}", &quoted(org_id))
        .replace("{{org_name}}", &quoted(organisation))
        .replace(
            "{{public_authority}}",
            if public_authority { "true" } else { "false" },
        )
}

/// A new assessment, created on `date`, whose `$schema` line points at
/// `schema` (relative to the assessments folder); its commented examples
/// are those of `jurisdiction` (an Art 9 condition with its DPA 2018
/// Schedule 1 condition and a UK processor, or with the member state law
/// it rests on and an EU one).
#[must_use]
pub fn assessment_file(
    id: &str,
    title: &str,
    date: PartialDate,
    schema: &str,
    jurisdiction: Jurisdiction,
) -> String {
    let (condition, country, notice) = match jurisdiction {
        Jurisdiction::Uk => ("schedule_1: [2]", "GB", "https://example.gov.uk/privacy"),
        Jurisdiction::Eu => (
            "law: \"The member state law the task and the condition rest on (Art 6(3), 9(2)(h))\"",
            "IE",
            "https://example.ie/privacy",
        ),
    };
    ASSESSMENT
        .replace("../schemas/assessment.schema.json", schema)
        .replace("{{condition}}", condition)
        .replace("{{country}}", country)
        .replace("{{notice}}", notice)
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
