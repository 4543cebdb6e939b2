//! The names the law gives to the things an assessment refers to by code:
//! Art 6(1) and Art 9(2) points, DPA 2018 Schedule 1 paragraphs, special
//! categories, transfer mechanisms, screening criteria, the EEA.
//!
//! Sources: the GDPR, the DPA 2018 and the ICO's lists; each item names
//! the article or list it comes from. The names are labels for reports and messages; no rule decides anything from
//! the wording. What the law requires of a basis (the Schedule 1 Part an
//! Art 9(2) point needs, the conditions that need an appropriate policy
//! document, the rights a basis gives) is kept here as data for the rules.

use serde::{Deserialize, Serialize};

/// The law that applies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Jurisdiction {
    /// UK GDPR and the Data Protection Act 2018.
    #[default]
    Uk,
    /// EU GDPR.
    Eu,
}

impl Jurisdiction {
    /// The word used in files and output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Jurisdiction::Uk => "uk",
            Jurisdiction::Eu => "eu",
        }
    }
}

/// A right available to individuals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Right {
    /// To be informed (Arts 13, 14).
    Informed,
    /// Of access (Art 15).
    Access,
    /// To rectification (Art 16).
    Rectification,
    /// To erasure (Art 17).
    Erasure,
    /// To restriction of processing (Art 18).
    Restriction,
    /// To data portability (Art 20).
    Portability,
    /// To object (Art 21).
    Object,
    /// Rights related to automated decision-making (Art 22).
    AutomatedDecisionMaking,
    /// To withdraw consent (Art 7(3)).
    WithdrawConsent,
}

/// Art 6(1) point -> the ICO's short name.
#[must_use]
pub fn article_6(point: &str) -> Option<&'static str> {
    Some(match point {
        "a" => "consent",
        "b" => "contract",
        "c" => "legal obligation",
        "d" => "vital interests",
        "e" => "public task",
        "f" => "legitimate interests",
        _ => return None,
    })
}

/// Art 9(2) point -> its short name.
#[must_use]
pub fn article_9(point: &str) -> Option<&'static str> {
    Some(match point {
        "a" => "explicit consent",
        "b" => "employment, social security and social protection",
        "c" => "vital interests",
        "d" => "not-for-profit bodies",
        "e" => "made public by the data subject",
        "f" => "legal claims or judicial acts",
        "g" => "reasons of substantial public interest",
        "h" => "health or social care",
        "i" => "public health",
        "j" => "archiving, research and statistics",
        _ => return None,
    })
}

/// "Art 6(1)(e) public task".
#[must_use]
pub fn article_6_label(point: &str) -> String {
    match article_6(point) {
        Some(name) => format!("Art 6(1)({point}) {name}"),
        None => format!("Art 6(1)({point})"),
    }
}

/// "Art 9(2)(h) health or social care".
#[must_use]
pub fn article_9_label(point: &str) -> String {
    match article_9(point) {
        Some(name) => format!("Art 9(2)({point}) {name}"),
        None => format!("Art 9(2)({point})"),
    }
}

/// The DPA 2018 Schedule 1 condition of a paragraph, with its Part.
#[must_use]
pub fn schedule_1(paragraph: u8) -> Option<(u8, &'static str)> {
    let name = match paragraph {
        1 => "employment, social security and social protection",
        2 => "health or social care purposes",
        3 => "public health",
        4 => "research etc",
        6 => "statutory and government purposes",
        7 => "administration of justice and parliamentary purposes",
        8 => "equality of opportunity or treatment",
        9 => "racial and ethnic diversity at senior levels",
        10 => "preventing or detecting unlawful acts",
        11 => "protecting the public",
        12 => "regulatory requirements",
        13 => "journalism, academia, art and literature",
        14 => "preventing fraud",
        15 => "suspicion of terrorist financing or money laundering",
        16 => "support for individuals with a particular disability or medical condition",
        17 => "counselling",
        18 => "safeguarding of children and individuals at risk",
        19 => "safeguarding of economic well-being of certain individuals",
        20 => "insurance",
        21 => "occupational pensions",
        22 => "political parties",
        23 => "elected representatives responding to requests",
        24 => "disclosure to elected representatives",
        25 => "informing elected representatives about prisoners",
        26 => "publication of legal judgments",
        27 => "anti-doping in sport",
        28 => "standards of behaviour in sport",
        29 => "consent",
        30 => "protecting individual's vital interests",
        31 => "processing by not-for-profit bodies",
        32 => "personal data in the public domain",
        33 => "legal claims",
        34 => "judicial acts",
        35 => {
            "administration of accounts used in commission of indecency offences involving children"
        }
        36 => "extension of conditions in Part 2 referring to substantial public interest",
        37 => "extension of insurance conditions",
        _ => return None,
    };
    let part = match paragraph {
        1..=4 => 1,
        6..=28 => 2,
        _ => 3,
    };
    Some((part, name))
}

/// "DPA 2018 Sch 1 Part 2 para 6 (statutory and government purposes)".
#[must_use]
pub fn schedule_1_label(paragraph: u8) -> String {
    match schedule_1(paragraph) {
        Some((part, name)) => format!("DPA 2018 Sch 1 Part {part} para {paragraph} ({name})"),
        None => format!("DPA 2018 Sch 1 para {paragraph}"),
    }
}

/// The Part 1 paragraph of DPA 2018 Schedule 1 that matches an Art 9(2)
/// point needing a Part 1 condition in the UK (s.10(2)): (b) employment
/// etc -> para 1, (h) health or social care -> para 2, (i) public health ->
/// para 3, (j) archiving and research -> para 4. s.10(2) asks only for "a
/// condition in Part 1"; this is the one that normally fits, for help text.
#[must_use]
pub fn schedule_1_part_1_for(article_9: &str) -> Option<u8> {
    Some(match article_9 {
        "b" => 1,
        "h" => 2,
        "i" => 3,
        "j" => 4,
        _ => return None,
    })
}

/// The Schedule 1 Part a UK Art 9(2) point needs a condition in, and the
/// DPA 2018 subsection that says so: Part 1 for (b), (h), (i) and (j)
/// (s.10(2)); Part 2 for (g) (s.10(3)). The other points need none.
#[must_use]
pub fn schedule_1_part_needed(article_9: &str) -> Option<(u8, &'static str)> {
    match article_9 {
        "b" | "h" | "i" | "j" => Some((1, "s.10(2)")),
        "g" => Some((2, "s.10(3)")),
        _ => None,
    }
}

/// A DPA 2018 Schedule 1 condition that is met only if the controller has
/// an appropriate policy document (APD, Sch 1 Part 4 para 39) in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyDocumentNeed {
    /// The Schedule 1 paragraph of the condition.
    pub paragraph: u8,
    /// The provision that requires the APD.
    pub required_by: &'static str,
    /// When the paragraph itself says the APD is not needed, if ever.
    pub except: Option<&'static str>,
}

/// Which Schedule 1 conditions need an appropriate policy document.
///
/// - Part 1: only para 1 (employment, social security and social
///   protection), by para 1(1)(b); paras 2-4 do not \[L\].
/// - Part 2: every condition, by para 5(1) ("except as otherwise
///   provided"), less the paragraphs that provide otherwise. The exceptions
///   are \[M\] in the domain reference (not checked against
///   legislation.gov.uk); they are taken from an unofficial transcription
///   of Sch 1 Part 2 (a DPIA tool's help text in a public repository):
///   para 13(3) disapplies the APD for para 13 altogether, so para 13 is
///   left out; paras 10(2) and 27(3) disapply it only for a disclosure (to
///   a competent authority, to an anti-doping body), which a file cannot
///   show, so paras 10 and 27 stay in with the exception as `except`.
/// - Part 3: para 36 (a Part 2 condition but for the express "substantial
///   public interest" requirement) carries para 5(1) with it [L/M]; para 37
///   works the same way through the insurance condition (para 20), so it is
///   listed on the same reasoning \[M\]. Paras 29-35 need no APD.
///
/// Correct this table, not the rule, if the law or its reading changes; a
/// project that reads an \[M\] entry differently can suppress L008 on an
/// assessment with the reason.
pub const POLICY_DOCUMENT_NEEDED: [PolicyDocumentNeed; 25] = {
    const fn part_2(paragraph: u8) -> PolicyDocumentNeed {
        PolicyDocumentNeed {
            paragraph,
            required_by: "Sch 1 para 5(1)",
            except: None,
        }
    }
    [
        PolicyDocumentNeed {
            paragraph: 1,
            required_by: "Sch 1 para 1(1)(b)",
            except: None,
        },
        part_2(6),
        part_2(7),
        part_2(8),
        part_2(9),
        PolicyDocumentNeed {
            paragraph: 10,
            required_by: "Sch 1 para 5(1)",
            except: Some(
                "para 10(2): no APD is needed where the processing is a disclosure to a competent authority, or is done in preparation for one",
            ),
        },
        part_2(11),
        part_2(12),
        // 13: not needed (para 13(3)) [M].
        part_2(14),
        part_2(15),
        part_2(16),
        part_2(17),
        part_2(18),
        part_2(19),
        part_2(20),
        part_2(21),
        part_2(22),
        part_2(23),
        part_2(24),
        part_2(25),
        part_2(26),
        PolicyDocumentNeed {
            paragraph: 27,
            required_by: "Sch 1 para 5(1)",
            except: Some(
                "para 27(3): no APD is needed where the processing is a disclosure to an anti-doping body, or is done in preparation for one",
            ),
        },
        part_2(28),
        PolicyDocumentNeed {
            paragraph: 36,
            required_by: "Sch 1 para 36 with para 5(1)",
            except: None,
        },
        PolicyDocumentNeed {
            paragraph: 37,
            required_by: "Sch 1 para 37 with paras 20 and 5(1)",
            except: None,
        },
    ]
};

/// Whether relying on a Schedule 1 paragraph needs an appropriate policy
/// document, and on what authority ([`POLICY_DOCUMENT_NEEDED`]).
#[must_use]
pub fn policy_document_needed(paragraph: u8) -> Option<&'static PolicyDocumentNeed> {
    POLICY_DOCUMENT_NEEDED
        .iter()
        .find(|n| n.paragraph == paragraph)
}

/// Art 10 basis -> its wording.
#[must_use]
pub fn article_10_label(basis: &str) -> &'static str {
    match basis {
        "official-authority" => "Art 10: under the control of official authority",
        "authorised-by-law" => "Art 10: authorised by law",
        _ => "Art 10",
    }
}

/// Art 9(1) special category -> its name.
#[must_use]
pub fn special_category(kind: &str) -> &'static str {
    match kind {
        "racial-or-ethnic-origin" => "racial or ethnic origin",
        "political-opinions" => "political opinions",
        "religious-or-philosophical-beliefs" => "religious or philosophical beliefs",
        "trade-union-membership" => "trade union membership",
        "genetic" => "genetic data",
        "biometric" => "biometric data (to uniquely identify a person)",
        "health" => "data concerning health",
        "sex-life-or-sexual-orientation" => "sex life or sexual orientation",
        _ => "special category data",
    }
}

/// Transfer mechanism -> its name and legal reference.
#[must_use]
pub fn mechanism(kind: &str) -> &'static str {
    match kind {
        "adequacy" => "adequacy (Art 45; UK: DPA 2018 s.17A regulations)",
        "eu-sccs" => "EU standard contractual clauses (Art 46(2)(c); Decision (EU) 2021/914)",
        "uk-idta" => "UK international data transfer agreement (Art 46; DPA 2018 s.119A)",
        "uk-addendum" => "UK Addendum to the EU SCCs (Art 46; DPA 2018 s.119A)",
        "bcrs" => "binding corporate rules (Art 46(2)(b), Art 47)",
        "public-authority-instrument" => {
            "instrument between public authorities (Art 46(2)(a) or 46(3)(b))"
        }
        "code-of-conduct" => "approved code of conduct (Art 46(2)(e))",
        "certification" => "approved certification (Art 46(2)(f))",
        "ad-hoc-clauses" => "ad hoc contractual clauses (Art 46(3)(a))",
        "derogation" => "Art 49 derogation",
        "privacy-shield" => {
            "EU-US Privacy Shield (invalidated by Schrems II, CJEU C-311/18, 16 July 2020)"
        }
        _ => "transfer mechanism",
    }
}

/// Whether a transfer mechanism is an Art 46 safeguard under `law`. The
/// UK IDTA and Addendum are UK instruments (DPA 2018 s.119A), not
/// safeguards under the EU GDPR; `adequacy`, `derogation` and the
/// invalidated `privacy-shield` are not Art 46 safeguards at all.
#[must_use]
pub fn is_safeguard(kind: &str, law: Jurisdiction) -> bool {
    match kind {
        "eu-sccs"
        | "bcrs"
        | "public-authority-instrument"
        | "code-of-conduct"
        | "certification"
        | "ad-hoc-clauses" => true,
        "uk-idta" | "uk-addendum" => law == Jurisdiction::Uk,
        _ => false,
    }
}

/// Art 49(1) derogation -> its name.
#[must_use]
pub fn derogation(point: &str) -> &'static str {
    match point {
        "a" => "Art 49(1)(a) explicit consent",
        "b" => "Art 49(1)(b) contract with the data subject",
        "c" => "Art 49(1)(c) contract in the data subject's interest",
        "d" => "Art 49(1)(d) important reasons of public interest",
        "e" => "Art 49(1)(e) legal claims",
        "f" => "Art 49(1)(f) vital interests",
        "g" => "Art 49(1)(g) public register",
        "compelling-legitimate-interests" => {
            "Art 49(1) second subparagraph: compelling legitimate interests"
        }
        _ => "Art 49 derogation",
    }
}

/// Countries of the European Economic Area (the 27 EU member states,
/// Iceland, Liechtenstein and Norway), as ISO 3166-1 codes.
pub const EEA: [&str; 30] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
];

/// Whether a country is outside both the UK and the EEA: data held or sent
/// there is a restricted transfer unless another rule says otherwise.
#[must_use]
pub fn outside_uk_and_eea(country: &str) -> bool {
    country != "GB" && !EEA.contains(&country)
}

/// A screening criterion: which list it is from, its key in the file, its name.
pub struct Criterion {
    /// "Art 35(3)", "WP248" or "ICO list".
    pub group: &'static str,
    /// The key under `screening.art35_3`, `.wp248` or `.ico`.
    pub key: &'static str,
    /// Its name, as the guidance words it.
    pub name: &'static str,
}

/// Every screening criterion, in the order of the law and the guidance.
pub const CRITERIA: [Criterion; 22] = [
    Criterion {
        group: "Art 35(3)",
        key: "systematic_evaluation",
        name: "(a) systematic and extensive evaluation, including profiling, with legal or similarly significant effects",
    },
    Criterion {
        group: "Art 35(3)",
        key: "large_scale_special_category",
        name: "(b) large-scale processing of special category or criminal offence data",
    },
    Criterion {
        group: "Art 35(3)",
        key: "public_monitoring",
        name: "(c) systematic monitoring of a publicly accessible area on a large scale",
    },
    Criterion {
        group: "WP248",
        key: "evaluation_or_scoring",
        name: "1 evaluation or scoring",
    },
    Criterion {
        group: "WP248",
        key: "automated_decision_making",
        name: "2 automated decision-making with legal or similar significant effect",
    },
    Criterion {
        group: "WP248",
        key: "systematic_monitoring",
        name: "3 systematic monitoring",
    },
    Criterion {
        group: "WP248",
        key: "sensitive_data",
        name: "4 sensitive data or data of a highly personal nature",
    },
    Criterion {
        group: "WP248",
        key: "large_scale",
        name: "5 data processed on a large scale",
    },
    Criterion {
        group: "WP248",
        key: "matching_datasets",
        name: "6 matching or combining datasets",
    },
    Criterion {
        group: "WP248",
        key: "vulnerable_data_subjects",
        name: "7 data concerning vulnerable data subjects",
    },
    Criterion {
        group: "WP248",
        key: "innovative_technology",
        name: "8 innovative use or new technological or organisational solutions",
    },
    Criterion {
        group: "WP248",
        key: "prevents_exercising_rights",
        name: "9 processing that prevents data subjects exercising a right or using a service or contract",
    },
    Criterion {
        group: "ICO list",
        key: "innovative_technology",
        name: "innovative technology",
    },
    Criterion {
        group: "ICO list",
        key: "denial_of_service",
        name: "denial of service",
    },
    Criterion {
        group: "ICO list",
        key: "large_scale_profiling",
        name: "large-scale profiling",
    },
    Criterion {
        group: "ICO list",
        key: "biometric_data",
        name: "biometric data",
    },
    Criterion {
        group: "ICO list",
        key: "genetic_data",
        name: "genetic data",
    },
    Criterion {
        group: "ICO list",
        key: "data_matching",
        name: "data matching",
    },
    Criterion {
        group: "ICO list",
        key: "invisible_processing",
        name: "invisible processing",
    },
    Criterion {
        group: "ICO list",
        key: "tracking",
        name: "tracking",
    },
    Criterion {
        group: "ICO list",
        key: "targeting_children_or_vulnerable",
        name: "targeting of children or other vulnerable individuals",
    },
    Criterion {
        group: "ICO list",
        key: "risk_of_physical_harm",
        name: "risk of physical harm",
    },
];

/// Whether a country is a third country under `law` alone: anywhere but
/// the UK under UK GDPR (the EEA included, under adequacy regulations),
/// anywhere outside the EEA under the GDPR. [`Home::third_country`] adds
/// the controller's own country.
#[must_use]
pub fn third_country(country: &str, law: Jurisdiction) -> bool {
    match law {
        Jurisdiction::Uk => country != "GB",
        Jurisdiction::Eu => !EEA.contains(&country),
    }
}

/// Where a controller's data is at home, so that a disclosure elsewhere is
/// a transfer (Chapter V): the UK under UK GDPR, the EEA under the GDPR,
/// and the country the controller is established in when it states one
/// (a Canadian organisation's Canadian recipients are domestic). Without a
/// country, the law's area alone is home.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Home<'a> {
    /// The law that applies.
    pub law: Jurisdiction,
    /// The controller's country (ISO 3166-1 alpha-2), when known.
    pub country: Option<&'a str>,
}

impl Home<'_> {
    /// Whether `country` is a third country from this home: outside the
    /// law's area ([`third_country`]) and not the controller's own country.
    #[must_use]
    pub fn third_country(&self, country: &str) -> bool {
        third_country(country, self.law) && self.country != Some(country)
    }
}

/// ISO 3166-1 code -> short name (`src/countries.tsv`).
#[must_use]
pub fn country_name(code: &str) -> Option<&'static str> {
    static NAMES: std::sync::OnceLock<Vec<(&'static str, &'static str)>> =
        std::sync::OnceLock::new();
    NAMES
        .get_or_init(|| {
            include_str!("countries.tsv")
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.split_once('\t'))
                .collect()
        })
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, name)| *name)
}

/// "United States (US)".
#[must_use]
pub fn country_label(code: &str) -> String {
    match country_name(code) {
        Some(name) => format!("{name} ({code})"),
        None => code.to_owned(),
    }
}

/// The rights the Art 6(1) basis `point` gives, from Arts 17(3)(b), 20(1)
/// and 21(1). Informed, access, rectification and restriction do not
/// depend on the basis.
#[must_use]
pub fn rights_for_basis(point: &str) -> Vec<Right> {
    let mut rights = vec![
        Right::Informed,
        Right::Access,
        Right::Rectification,
        Right::Restriction,
    ];
    if matches!(point, "a" | "b" | "d" | "f") {
        rights.push(Right::Erasure);
    }
    if matches!(point, "a" | "b") {
        rights.push(Right::Portability);
    }
    if matches!(point, "e" | "f") {
        rights.push(Right::Object);
    }
    if point == "a" {
        rights.push(Right::WithdrawConsent);
    }
    rights.sort();
    rights
}

/// Whether a right is available under some lawful bases and not others
/// (erasure, portability, objection, withdrawing consent). The others
/// (informed, access, rectification, restriction, and the Art 22 rights)
/// do not depend on the basis.
#[must_use]
pub fn right_depends_on_basis(right: Right) -> bool {
    matches!(
        right,
        Right::Erasure | Right::Portability | Right::Object | Right::WithdrawConsent
    )
}

/// The rights explicit consent under Art 9(2)(a) gives, as consent under
/// Art 6(1)(a) does: withdrawal (Art 7(3)), erasure on withdrawal (Art
/// 17(1)(b)) and portability (Art 20(1)(a)).
#[must_use]
pub fn rights_for_explicit_consent() -> Vec<Right> {
    rights_for_basis("a")
}

/// A right's name, with its article.
#[must_use]
pub fn right_label(right: Right) -> &'static str {
    match right {
        Right::Informed => "to be informed (Arts 13, 14)",
        Right::Access => "of access (Art 15)",
        Right::Rectification => "to rectification (Art 16)",
        Right::Erasure => "to erasure (Art 17)",
        Right::Restriction => "to restriction of processing (Art 18)",
        Right::Portability => "to data portability (Art 20)",
        Right::Object => "to object (Art 21)",
        Right::AutomatedDecisionMaking => {
            "not to be subject to solely automated decisions (Art 22)"
        }
        Right::WithdrawConsent => "to withdraw consent (Art 7(3))",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(article_6_label("e"), "Art 6(1)(e) public task");
        assert_eq!(
            article_9_label("g"),
            "Art 9(2)(g) reasons of substantial public interest"
        );
        assert_eq!(
            schedule_1_label(6),
            "DPA 2018 Sch 1 Part 2 para 6 (statutory and government purposes)"
        );
        assert_eq!(schedule_1(33), Some((3, "legal claims")));
        assert!(outside_uk_and_eea("US"));
        assert!(!outside_uk_and_eea("IE"));
        assert!(!outside_uk_and_eea("GB"));
    }

    #[test]
    fn the_controllers_country_is_home_and_the_laws_area_too() {
        let uk = Home {
            law: Jurisdiction::Uk,
            country: None,
        };
        assert!(uk.third_country("US") && uk.third_country("IE") && !uk.third_country("GB"));
        let eu = Home {
            law: Jurisdiction::Eu,
            country: Some("IE"),
        };
        assert!(!eu.third_country("DE") && eu.third_country("GB") && eu.third_country("CA"));
        // A Canadian organisation: Canada is home, and so is the area of
        // the law it works under.
        let canada = Home {
            law: Jurisdiction::Uk,
            country: Some("CA"),
        };
        assert!(!canada.third_country("CA") && !canada.third_country("GB"));
        assert!(canada.third_country("US") && canada.third_country("FR"));
    }

    #[test]
    fn every_country_in_the_schema_has_a_name() {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../schemas/assessment.schema.json")).unwrap();
        for code in schema["$defs"]["country"]["enum"].as_array().unwrap() {
            let code = code.as_str().unwrap();
            assert!(country_name(code).is_some(), "{code}");
        }
        assert_eq!(country_label("US"), "United States (US)");
        assert_eq!(country_label("XX"), "XX");
    }

    #[test]
    fn policy_document_table() {
        // Every entry is a Schedule 1 condition, listed once, in order.
        let paragraphs: Vec<u8> = POLICY_DOCUMENT_NEEDED.iter().map(|n| n.paragraph).collect();
        assert!(paragraphs.windows(2).all(|w| w[0] < w[1]));
        assert!(paragraphs.iter().all(|&p| schedule_1(p).is_some()));
        // Part 1: only para 1.
        assert!(policy_document_needed(1).is_some());
        assert!((2..=4).all(|p| policy_document_needed(p).is_none()));
        // Part 2: all but para 13; paras 10 and 27 with their exception.
        for p in 6..=28 {
            assert_eq!(policy_document_needed(p).is_some(), p != 13, "para {p}");
        }
        assert!(policy_document_needed(10).unwrap().except.is_some());
        assert!(policy_document_needed(6).unwrap().except.is_none());
        // Part 3: paras 36 and 37 only.
        assert!((29..=35).all(|p| policy_document_needed(p).is_none()));
        assert!(policy_document_needed(36).is_some() && policy_document_needed(37).is_some());
    }

    #[test]
    fn schedule_1_parts_for_article_9() {
        assert_eq!(schedule_1_part_needed("h"), Some((1, "s.10(2)")));
        assert_eq!(schedule_1_part_needed("g"), Some((2, "s.10(3)")));
        assert_eq!(schedule_1_part_needed("a"), None);
        assert_eq!(schedule_1_part_1_for("h"), Some(2));
        assert_eq!(schedule_1_part_1_for("g"), None);
        for point in ["b", "h", "i", "j"] {
            let para = schedule_1_part_1_for(point).unwrap();
            assert_eq!(schedule_1(para).unwrap().0, 1);
        }
    }

    #[test]
    fn rights_follow_the_basis() {
        // Public task: no erasure (17(3)(b)) or portability; objection.
        let e = rights_for_basis("e");
        assert!(e.contains(&Right::Object) && !e.contains(&Right::Erasure));
        assert!(!e.contains(&Right::Portability));
        // Legal obligation: neither erasure, portability nor objection.
        let c = rights_for_basis("c");
        assert_eq!(c.len(), 4);
        // Consent: erasure, portability, withdrawal, no objection.
        let a = rights_for_basis("a");
        assert!(a.contains(&Right::WithdrawConsent) && a.contains(&Right::Portability));
        assert!(!a.contains(&Right::Object));
        // Contract: erasure and portability.
        let b = rights_for_basis("b");
        assert!(b.contains(&Right::Erasure) && b.contains(&Right::Portability));
    }
}
