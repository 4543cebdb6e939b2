//! Settings that rest on guidance rather than on the text of the law, or on
//! sources we could not check: when the screening criteria make a DPIA
//! required, and the register's columns and their headings.
//!
//! The bundled values are data, in `src/defaults.yaml` (written as a project
//! file); a `screening:` or `register:` key in the project file replaces
//! them.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::load::parse;
use crate::model::project::ProjectFile;
use crate::model::{Document, deserialize};
use crate::schema::{SchemaKind, validate};
use crate::source::SourceFile;

/// The bundled defaults, as a project file.
pub const DEFAULTS: &str = include_str!("../defaults.yaml");

/// When the screening criteria make a DPIA required.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScreeningPolicy {
    /// How many WP248 criteria make a DPIA required.
    pub wp248_threshold: Option<u8>,
    /// ICO list types that need a WP248 criterion as well (keys under
    /// `screening.ico`).
    pub ico_combined: Option<Vec<String>>,
    /// From how many data subjects the activity counts as large scale, for
    /// the warning that `wp248.large_scale` is not ticked.
    pub large_scale_subjects: Option<u64>,
}

/// The register's columns.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterSettings {
    /// The controller register's columns, in order.
    pub columns: Option<Vec<ColumnSpec>>,
    /// The processor register's columns, in order.
    pub processor_columns: Option<Vec<ColumnSpec>>,
}

/// A column as written: its key, or its key and heading.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum ColumnSpec {
    /// Just the key: the bundled heading.
    Key(Field),
    /// The key and the heading to print.
    Full {
        /// What the column holds.
        key: Field,
        /// Its heading.
        heading: Option<String>,
    },
}

impl ColumnSpec {
    /// What the column holds.
    #[must_use]
    pub fn key(&self) -> Field {
        match self {
            ColumnSpec::Key(key) | ColumnSpec::Full { key, .. } => *key,
        }
    }

    fn heading(&self) -> Option<&str> {
        match self {
            ColumnSpec::Key(_) => None,
            ColumnSpec::Full { heading, .. } => heading.as_deref(),
        }
    }
}

/// What a register column can hold. Each maps to one piece of an activity
/// (see `register::value`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)] // the names say it; the headings are in defaults.yaml
pub enum Field {
    Reference,
    Activity,
    Controller,
    Dpo,
    Representative,
    BusinessFunction,
    Purposes,
    JointController,
    DataSubjects,
    DataCategories,
    Recipients,
    ProcessorContracts,
    ThirdCountries,
    Safeguards,
    Retention,
    SecurityMeasures,
    #[serde(rename = "article_6")]
    Article6,
    #[serde(rename = "article_9")]
    Article9,
    LegitimateInterests,
    LegitimateInterestsAssessment,
    Rights,
    AutomatedDecisionMaking,
    Sources,
    Location,
    DpiaRequired,
    DpiaProgress,
    DpiaLink,
    #[serde(rename = "schedule_1")]
    Schedule1,
    PolicyDocument,
    FollowsPolicy,
    PolicyDeviation,
    Processor,
    ControllersServed,
    ControllerContracts,
    CategoriesOfProcessing,
    SubProcessors,
}

/// A column ready to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    /// What it holds.
    pub key: Field,
    /// Its heading.
    pub heading: String,
}

/// Which register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Register {
    /// Art 30(1).
    Controller,
    /// Art 30(2).
    Processor,
}

/// The screening policy in force: the project's, else the bundled one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screening {
    /// How many WP248 criteria make a DPIA required.
    pub wp248_threshold: usize,
    /// ICO list types that need a WP248 criterion as well.
    pub ico_combined: Vec<String>,
    /// From how many data subjects an activity counts as large scale.
    pub large_scale_subjects: Option<u64>,
}

/// The bundled settings, parsed and checked once.
///
/// # Panics
/// If `src/defaults.yaml` is invalid, which the tests rule out.
#[must_use]
pub fn defaults() -> &'static ProjectFile {
    static DEFAULT: OnceLock<ProjectFile> = OnceLock::new();
    DEFAULT.get_or_init(|| {
        let file = SourceFile::new("defaults.yaml", DEFAULTS);
        let root = parse(&file, 0).expect("defaults.yaml parses");
        let json = root.to_json();
        let problems = validate(SchemaKind::Project, &root, &json, 0, file.text());
        assert!(problems.is_empty(), "defaults.yaml: {problems:?}");
        let doc = Document { file: 0, root };
        deserialize(&json, &doc, "").expect("defaults.yaml fits the model")
    })
}

/// The screening policy of a project file.
///
/// # Panics
/// If the bundled defaults lack the screening policy, which the tests rule
/// out.
#[must_use]
pub fn screening(project: &ProjectFile) -> Screening {
    let bundled = defaults().screening.as_ref().expect("bundled screening");
    let own = project.screening.as_ref();
    let pick = |f: fn(&ScreeningPolicy) -> Option<&_>| own.and_then(f).or_else(|| f(bundled));
    Screening {
        wp248_threshold: own
            .and_then(|s| s.wp248_threshold)
            .or(bundled.wp248_threshold)
            .map_or(2, usize::from),
        ico_combined: pick(|s| s.ico_combined.as_ref())
            .cloned()
            .unwrap_or_default(),
        large_scale_subjects: own
            .and_then(|s| s.large_scale_subjects)
            .or(bundled.large_scale_subjects),
    }
}

/// The columns of a register of a project file, with their headings.
#[must_use]
pub fn columns(project: &ProjectFile, register: Register) -> Vec<Column> {
    let list = |settings: Option<&RegisterSettings>| {
        settings.and_then(|r| match register {
            Register::Controller => r.columns.clone(),
            Register::Processor => r.processor_columns.clone(),
        })
    };
    let bundled = list(defaults().register.as_ref()).unwrap_or_default();
    let chosen = list(project.register.as_ref()).unwrap_or_else(|| bundled.clone());
    chosen
        .iter()
        .map(|spec| {
            let key = spec.key();
            let heading = spec
                .heading()
                .or_else(|| {
                    bundled
                        .iter()
                        .find(|b| b.key() == key)
                        .and_then(ColumnSpec::heading)
                })
                .map_or_else(|| format!("{key:?}"), str::to_owned);
            Column { key, heading }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_defaults_load() {
        let project = ProjectFile::default();
        let s = screening(&project);
        assert_eq!(s.wp248_threshold, 2);
        assert!(s.ico_combined.contains(&"biometric_data".to_owned()));
        let columns = columns(&project, Register::Controller);
        assert_eq!(columns[0].key, Field::Reference);
        assert!(columns.iter().all(|c| !c.heading.is_empty()));
        assert!(!super::columns(&project, Register::Processor).is_empty());
    }

    #[test]
    fn a_project_replaces_them() {
        let project = ProjectFile {
            screening: Some(ScreeningPolicy {
                wp248_threshold: Some(3),
                ico_combined: None,
                large_scale_subjects: Some(500),
            }),
            register: Some(RegisterSettings {
                columns: Some(vec![
                    ColumnSpec::Key(Field::Purposes),
                    ColumnSpec::Full {
                        key: Field::Activity,
                        heading: Some("Process".into()),
                    },
                ]),
                processor_columns: None,
            }),
            ..ProjectFile::default()
        };
        let s = screening(&project);
        assert_eq!(s.wp248_threshold, 3);
        assert_eq!(s.ico_combined.len(), 5, "the bundled list still applies");
        assert_eq!(s.large_scale_subjects, Some(500));
        let bundled = screening(&ProjectFile::default());
        assert_eq!(bundled.large_scale_subjects, Some(10_000));
        let c = columns(&project, Register::Controller);
        assert_eq!(
            c,
            vec![
                Column {
                    key: Field::Purposes,
                    heading: "Purpose of processing".into()
                },
                Column {
                    key: Field::Activity,
                    heading: "Process".into()
                },
            ]
        );
    }
}
