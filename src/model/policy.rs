//! Settings that rest on guidance rather than on the text of the law, or on
//! sources we could not check: when the screening criteria make a DPIA
//! required, the register's columns and their headings, and which countries
//! adequacy covers.
//!
//! The bundled values are data, in `src/defaults.yaml` (written as a project
//! file); a `screening:`, `register:` or `transfers:` key in the project file
//! replaces them.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::law::Jurisdiction;
use crate::model::assessment::Transfer;
use crate::schema::SchemaKind;
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

/// Which destinations adequacy covers, for the transfer rules (T001-T005).
/// Each list replaces the bundled one for its jurisdiction.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TransferPolicy {
    /// Countries adequacy covers in full.
    pub adequacy: Option<CountryLists>,
    /// Countries where adequacy covers only some recipients (the US: only
    /// organisations certified under the Data Privacy Framework).
    pub partial_adequacy: Option<CountryLists>,
}

/// ISO 3166-1 country codes, one list per jurisdiction.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CountryLists {
    /// Under UK GDPR.
    pub uk: Option<Vec<String>>,
    /// Under the EU GDPR.
    pub eu: Option<Vec<String>>,
}

impl CountryLists {
    fn get(&self, law: Jurisdiction) -> Option<&Vec<String>> {
        match law {
            Jurisdiction::Uk => self.uk.as_ref(),
            Jurisdiction::Eu => self.eu.as_ref(),
        }
    }
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
    #[serde(rename = "article_10")]
    Article10,
    LegitimateInterests,
    LegitimateInterestsAssessment,
    Rights,
    AutomatedDecisionMaking,
    Sources,
    Location,
    DpiaRequired,
    DpiaProgress,
    DpiaLink,
    PersonalDataBreach,
    BreachRecord,
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

/// What adequacy says about a destination, under one jurisdiction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    /// Not a third country: no restricted transfer.
    NotThirdCountry,
    /// Adequacy covers every transfer there.
    Adequate,
    /// Adequacy covers only some recipients there.
    PartlyAdequate,
    /// No adequacy is known.
    NotAdequate,
}

/// The transfer policy in force for one jurisdiction: the project's lists,
/// else the bundled ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfers {
    /// The law the lists are for.
    pub law: Jurisdiction,
    /// The controller's own country, which is home as well as the law's
    /// area (see [`crate::law::Home`]).
    pub home_country: Option<String>,
    /// Countries adequacy covers in full.
    pub adequate: Vec<String>,
    /// Countries adequacy covers for some recipients only.
    pub partly_adequate: Vec<String>,
}

impl Transfers {
    /// What adequacy says about `country` (a partial listing wins over a
    /// full one).
    #[must_use]
    pub fn destination(&self, country: &str) -> Destination {
        let listed = |list: &[String]| list.iter().any(|c| c == country);
        let home = crate::law::Home {
            law: self.law,
            country: self.home_country.as_deref(),
        };
        if !home.third_country(country) {
            Destination::NotThirdCountry
        } else if listed(&self.partly_adequate) {
            Destination::PartlyAdequate
        } else if listed(&self.adequate) {
            Destination::Adequate
        } else {
            Destination::NotAdequate
        }
    }

    /// Whether the transfer needs nothing beyond adequacy: its destination
    /// is not a third country or is adequate, or adequacy there covers only
    /// some recipients and the transfer says it relies on it.
    #[must_use]
    pub fn adequacy_covers(&self, transfer: &Transfer) -> bool {
        match self.destination(&transfer.country) {
            Destination::NotThirdCountry | Destination::Adequate => true,
            Destination::PartlyAdequate => transfer.mechanisms.iter().any(|m| m == "adequacy"),
            Destination::NotAdequate => false,
        }
    }
}

/// The policy sections of the bundled settings (`src/defaults.yaml`, a
/// project file checked by the project schema).
#[derive(Debug, Deserialize)]
struct Bundled {
    screening: Option<ScreeningPolicy>,
    register: Option<RegisterSettings>,
    transfers: Option<TransferPolicy>,
}

/// The bundled settings, parsed and checked once.
///
/// # Panics
/// If `src/defaults.yaml` is invalid, which the tests rule out.
#[must_use]
fn defaults() -> &'static Bundled {
    static DEFAULT: OnceLock<Bundled> = OnceLock::new();
    DEFAULT.get_or_init(|| {
        let file = SourceFile::new("defaults.yaml", DEFAULTS);
        crate::load::document::<Bundled>(SchemaKind::Project, &file, 0)
            .unwrap_or_else(|problems| panic!("defaults.yaml: {problems:?}"))
            .0
    })
}

/// The screening policy of a project's settings (its `screening:`).
///
/// # Panics
/// If the bundled defaults lack the screening policy, which the tests rule
/// out.
#[must_use]
pub fn screening(own: Option<&ScreeningPolicy>) -> Screening {
    let bundled = defaults().screening.as_ref().expect("bundled screening");
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

/// The transfer policy of a project's settings (its `transfers:`) for
/// `law`.
#[must_use]
pub fn transfers(own: Option<&TransferPolicy>, law: Jurisdiction) -> Transfers {
    let list = |f: fn(&TransferPolicy) -> Option<&CountryLists>| {
        let own = own.and_then(f).and_then(|l| l.get(law));
        let bundled = defaults()
            .transfers
            .as_ref()
            .and_then(f)
            .and_then(|l| l.get(law));
        own.or(bundled).cloned().unwrap_or_default()
    };
    Transfers {
        law,
        home_country: None,
        adequate: list(|t| t.adequacy.as_ref()),
        partly_adequate: list(|t| t.partial_adequacy.as_ref()),
    }
}

/// The columns of a register chosen by a project's settings (its
/// `register:`), with their headings.
#[must_use]
pub fn columns(own: Option<&RegisterSettings>, register: Register) -> Vec<Column> {
    let list = |settings: Option<&RegisterSettings>| {
        settings.and_then(|r| match register {
            Register::Controller => r.columns.clone(),
            Register::Processor => r.processor_columns.clone(),
        })
    };
    let bundled = list(defaults().register.as_ref()).unwrap_or_default();
    let chosen = list(own).unwrap_or_else(|| bundled.clone());
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
    use crate::model::project::ProjectFile;

    #[test]
    fn the_bundled_defaults_load() {
        let project = ProjectFile::default();
        let s = project.screening_policy();
        assert_eq!(s.wp248_threshold, 2);
        assert!(s.ico_combined.contains(&"biometric_data".to_owned()));
        let columns = project.register_columns(Register::Controller);
        assert_eq!(columns[0].key, Field::Reference);
        assert!(columns.iter().all(|c| !c.heading.is_empty()));
        assert!(!project.register_columns(Register::Processor).is_empty());
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
        let s = project.screening_policy();
        assert_eq!(s.wp248_threshold, 3);
        assert_eq!(s.ico_combined.len(), 5, "the bundled list still applies");
        assert_eq!(s.large_scale_subjects, Some(500));
        let bundled = ProjectFile::default().screening_policy();
        assert_eq!(bundled.large_scale_subjects, Some(10_000));
        let c = project.register_columns(Register::Controller);
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

    fn transfer(country: &str, mechanisms: &[&str]) -> Transfer {
        Transfer {
            id: "t".into(),
            recipient: "r".into(),
            country: country.into(),
            data_categories: Vec::new(),
            mechanisms: mechanisms.iter().map(|m| (*m).to_owned()).collect(),
            derogation: None,
            transfer_risk_assessment: None,
            safeguards_documentation: None,
            note: None,
        }
    }

    #[test]
    fn the_bundled_adequacy_lists() {
        let project = ProjectFile::default();
        let uk = project.transfer_policy(Jurisdiction::Uk);
        let eu = project.transfer_policy(Jurisdiction::Eu);
        let table = [
            // (country, under UK GDPR, under the GDPR)
            ("GB", Destination::NotThirdCountry, Destination::Adequate),
            ("IE", Destination::Adequate, Destination::NotThirdCountry),
            ("NO", Destination::Adequate, Destination::NotThirdCountry),
            ("GI", Destination::Adequate, Destination::NotAdequate),
            ("CH", Destination::Adequate, Destination::Adequate),
            ("JE", Destination::Adequate, Destination::Adequate),
            ("BR", Destination::NotAdequate, Destination::Adequate),
            (
                "US",
                Destination::PartlyAdequate,
                Destination::PartlyAdequate,
            ),
            (
                "CA",
                Destination::PartlyAdequate,
                Destination::PartlyAdequate,
            ),
            (
                "JP",
                Destination::PartlyAdequate,
                Destination::PartlyAdequate,
            ),
            (
                "KR",
                Destination::PartlyAdequate,
                Destination::PartlyAdequate,
            ),
            ("IN", Destination::NotAdequate, Destination::NotAdequate),
            ("CN", Destination::NotAdequate, Destination::NotAdequate),
        ];
        for (country, under_uk, under_eu) in table {
            assert_eq!(uk.destination(country), under_uk, "{country} under UK GDPR");
            assert_eq!(
                eu.destination(country),
                under_eu,
                "{country} under the GDPR"
            );
        }
        // Every EEA state is adequate for the UK; none is listed for the EU.
        for country in crate::law::EEA {
            assert_eq!(uk.destination(country), Destination::Adequate, "{country}");
            assert!(!eu.adequate.iter().any(|c| c == country), "{country}");
        }
        // The full and partial lists do not overlap, and hold no duplicates.
        for policy in [&uk, &eu] {
            let mut all: Vec<&String> = policy
                .adequate
                .iter()
                .chain(&policy.partly_adequate)
                .collect();
            let count = all.len();
            all.sort();
            all.dedup();
            assert_eq!(all.len(), count, "{:?}", policy.law);
        }
    }

    #[test]
    fn partial_adequacy_covers_a_transfer_only_when_relied_on() {
        let uk = ProjectFile::default().transfer_policy(Jurisdiction::Uk);
        assert!(!uk.adequacy_covers(&transfer("US", &[])));
        assert!(!uk.adequacy_covers(&transfer("US", &["eu-sccs"])));
        assert!(uk.adequacy_covers(&transfer("US", &["adequacy"])));
        assert!(uk.adequacy_covers(&transfer("CH", &[])));
        assert!(uk.adequacy_covers(&transfer("GB", &[])));
        assert!(!uk.adequacy_covers(&transfer("IN", &["adequacy"])));
    }

    #[test]
    fn a_project_replaces_an_adequacy_list_per_jurisdiction() {
        let project = ProjectFile {
            transfers: Some(TransferPolicy {
                adequacy: Some(CountryLists {
                    uk: Some(vec!["IN".into()]),
                    eu: None,
                }),
                partial_adequacy: None,
            }),
            ..ProjectFile::default()
        };
        let uk = project.transfer_policy(Jurisdiction::Uk);
        assert_eq!(uk.destination("IN"), Destination::Adequate);
        assert_eq!(
            uk.destination("CH"),
            Destination::NotAdequate,
            "the list is replaced"
        );
        assert_eq!(
            uk.destination("US"),
            Destination::PartlyAdequate,
            "the bundled partial list"
        );
        let eu = project.transfer_policy(Jurisdiction::Eu);
        assert_eq!(
            eu.destination("CH"),
            Destination::Adequate,
            "the bundled EU list"
        );
    }

    #[test]
    fn the_project_schema_knows_the_same_countries_as_the_assessment_schema() {
        let read = |text: &str| -> serde_json::Value { serde_json::from_str(text).unwrap() };
        let project = read(include_str!("../../schemas/project.schema.json"));
        let assessment = read(include_str!("../../schemas/assessment.schema.json"));
        assert_eq!(project["$defs"]["country"], assessment["$defs"]["country"]);
    }
}
