//! Whether an activity needs a DPIA: the screening decision the author
//! states, and what the criteria they answered indicate.
//!
//! The criteria rule follows Art 35(1) and 35(3), the ICO's Art 35(4) list
//! and WP248 rev.01: a DPIA is indicated by any Art 35(3) case, any ICO list type that stands
//! on its own, an ICO "combined" type with at least one WP248 criterion, or
//! WP248 criteria up to the threshold. Which ICO types are "combined" and
//! the threshold are project settings (`model::policy`).

use serde::Serialize;

use crate::law::CRITERIA;
use crate::model::assessment::{Assessment, Criterion, ScreeningDecision};
use crate::model::policy;

/// What the screening of an activity concludes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// The decision the author recorded, if any.
    pub decision: Option<ScreeningDecision>,
    /// Whether any criterion was answered.
    pub answered: bool,
    /// Whether the answered criteria indicate a DPIA.
    pub indicated: bool,
    /// The criteria (by name) that make it indicated, or the one WP248
    /// criterion met when it is not.
    pub reasons: Vec<String>,
    /// How many WP248 criteria apply.
    pub wp248_count: usize,
}

impl Outcome {
    /// Whether a DPIA is required: the recorded decision, else what the
    /// criteria indicate; `None` when neither is known.
    #[must_use]
    pub fn required(&self) -> Option<bool> {
        match self.decision {
            Some(d) => Some(d == ScreeningDecision::Required),
            None if self.answered => Some(self.indicated),
            None => None,
        }
    }

    /// How `required` was reached, for the register: "screening decision",
    /// "screening criteria" or nothing.
    #[must_use]
    pub fn basis(&self) -> Option<&'static str> {
        match (self.decision, self.answered) {
            (Some(_), _) => Some("screening decision"),
            (None, true) => Some("screening criteria"),
            (None, false) => None,
        }
    }

    /// Whether the recorded decision says "not required" while the
    /// criteria indicate a DPIA.
    #[must_use]
    pub fn contradicted(&self) -> bool {
        self.decision == Some(ScreeningDecision::NotRequired) && self.indicated
    }
}

/// A criterion the activity's content implies but its screening does not
/// tick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Implied {
    /// The criterion's group: "WP248".
    pub group: &'static str,
    /// Its key under `screening.wp248`.
    pub key: &'static str,
    /// Its name, as the guidance words it.
    pub name: &'static str,
    /// What implies it, e.g. "data category `health` is special category
    /// data": every item of the file that does, the first few by name.
    pub because: String,
    /// Where the first of them is written (a JSON pointer into the
    /// assessment).
    pub evidence: String,
    /// Where the others are written, for as many as `because` names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub more_evidence: Vec<String>,
    /// Whether the criterion is answered `false` (rather than left out).
    pub answered_no: bool,
    /// Whether that `false` carries a note that only restates the answer
    /// ("Nee", "N/A", "not applicable"): an answer, not a reason.
    pub bare_note: bool,
}

/// How many items of the content `because` names; the rest are counted.
const NAMED: usize = 5;

/// The words of a note that only answers "no" or "not applicable", in the
/// languages dpia writes (English, Dutch, French, German). A note made of
/// these alone gives no reason; one word more ("no children: staff only")
/// does.
const BARE_ANSWER_WORDS: &[&str] = &[
    // English
    "no",
    "none",
    "not",
    "n",
    "a",
    "na",
    "applicable",
    "relevant",
    "does",
    "doesn",
    "t",
    "apply",
    "false",
    // Dutch
    "nee",
    "neen",
    "geen",
    "niet",
    "van",
    "toepassing",
    "nvt",
    "v",
    "onwaar",
    // French
    "non",
    "aucun",
    "aucune",
    "sans",
    "objet",
    "pas",
    "faux",
    // German
    "nein",
    "kein",
    "keine",
    "nicht",
    "zutreffend",
    "anwendbar",
    "entfällt",
    "falsch",
];

/// Whether a note to a criterion answered `false` says why it does not
/// apply: it has a word that is not a bare "no" or "not applicable" in
/// one of `BARE_ANSWER_WORDS`' languages. "Nee", "N/A", "n.v.t." and "No."
/// give no reason; "Nee: alleen volwassen medewerkers" does.
#[must_use]
pub fn gives_reason(note: &str) -> bool {
    note.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|w| !BARE_ANSWER_WORDS.contains(&w.to_lowercase().as_str()))
}

/// The WP248 criteria the content implies (special category or criminal
/// offence data, children or vulnerable people among the data subjects, a
/// subject count at or above the policy's large-scale threshold, automated
/// decision-making) that the screening does not tick. Empty when the file
/// has no screening, or one that answers no criterion and decides a DPIA
/// is required: there is nothing to disagree with.
#[must_use]
pub fn implied(a: &Assessment, policy: &policy::Screening) -> Vec<Implied> {
    let Some(s) = &a.screening else {
        return Vec::new();
    };
    // A screening that only records "required" has nothing to disagree with.
    let answered = CRITERIA
        .iter()
        .any(|c| s.criterion(c.group, c.key).is_some());
    if !answered && s.decision != Some(ScreeningDecision::NotRequired) {
        return Vec::new();
    }
    implied_by_content(a, policy)
}

/// The WP248 criteria the content implies and the screening (if any) does
/// not tick, whatever the screening says: what `dpia screen` shows, also
/// for an activity that was never screened.
#[must_use]
pub fn implied_by_content(a: &Assessment, policy: &policy::Screening) -> Vec<Implied> {
    let unscreened = crate::model::assessment::Screening::default();
    let s = a.screening.as_ref().unwrap_or(&unscreened);
    let mut out = Vec::new();
    let mut imply = |key: &'static str, found: Vec<(String, String)>| {
        let answer = s.criterion("WP248", key);
        // Ticked, or answered `false` with a note saying why: the author
        // weighed the criterion against the content.
        let reasoned = |c: &Criterion| c.note().is_some_and(gives_reason);
        if found.is_empty() || answer.is_some_and(|c| c.applies() || reasoned(c)) {
            return;
        }
        let name = CRITERIA
            .iter()
            .find(|c| c.group == "WP248" && c.key == key)
            .map_or(key, |c| c.name);
        let mut pointers: Vec<String> =
            found.iter().take(NAMED).map(|(_, at)| at.clone()).collect();
        let evidence = pointers.remove(0);
        out.push(Implied {
            group: "WP248",
            key,
            name,
            because: named(&found),
            evidence,
            more_evidence: pointers,
            answered_no: answer.is_some(),
            bare_note: answer
                .and_then(Criterion::note)
                .is_some_and(|n| crate::escape::has_visible_text(n) && !gives_reason(n)),
        });
    };
    let sensitive = a
        .data_categories
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_special_category() || c.criminal_offence)
        .map(|(i, c)| {
            let (field, kind) = if c.special_category {
                ("special_category", "special category data")
            } else if c.is_special_category() {
                ("special_category_types", "special category data")
            } else {
                ("criminal_offence", "criminal offence data")
            };
            (
                format!("`{}` is {kind}", c.id),
                format!("/data_categories/{i}/{field}"),
            )
        })
        .collect();
    imply(
        "sensitive_data",
        with_subject("data category", "data categories", sensitive),
    );
    let vulnerable = a
        .data_subjects
        .iter()
        .enumerate()
        .filter(|(_, d)| d.children || d.vulnerable)
        .map(|(i, d)| {
            let (field, kind) = match (d.children, d.vulnerable) {
                (true, true) => ("children", "children and vulnerable people"),
                (true, false) => ("children", "children"),
                _ => ("vulnerable", "vulnerable people"),
            };
            (
                format!("`{}` are {kind}", d.id),
                format!("/data_subjects/{i}/{field}"),
            )
        })
        .collect();
    imply(
        "vulnerable_data_subjects",
        with_subject("data subjects", "data subjects", vulnerable),
    );
    if let Some(threshold) = policy.large_scale_subjects {
        let total = a
            .description
            .as_ref()
            .and_then(|d| d.volumes.as_ref())
            .and_then(|v| v.data_subjects);
        let largest = a
            .data_subjects
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.count.map(|n| (i, n)))
            .max_by_key(|(_, n)| *n);
        let found = match (total, largest) {
            (Some(n), _) if n >= threshold => {
                Some((n, "/description/volumes/data_subjects".to_owned()))
            }
            (_, Some((i, n))) if n >= threshold => Some((n, format!("/data_subjects/{i}/count"))),
            _ => None,
        };
        if let Some((n, evidence)) = found {
            imply(
                "large_scale",
                vec![(
                    format!(
                        "the file counts {n} data subjects, at or above the large-scale threshold of {threshold}"
                    ),
                    evidence,
                )],
            );
        }
    }
    if a.automated_decision_making
        .as_ref()
        .is_some_and(Criterion::applies)
    {
        imply(
            "automated_decision_making",
            vec![(
                "the activity records automated decision-making".to_owned(),
                "/automated_decision_making".to_owned(),
            )],
        );
    }
    out
}

/// Prefixes the first of several findings with what they are about:
/// "data category `health` is ..." for one, "data categories `a` ..., `b`
/// ..." for more.
fn with_subject(one: &str, many: &str, mut found: Vec<(String, String)>) -> Vec<(String, String)> {
    let lead = if found.len() == 1 { one } else { many };
    if let Some((first, _)) = found.first_mut() {
        *first = format!("{lead} {first}");
    }
    found
}

/// The first [`NAMED`] findings as prose, with how many more there are.
fn named(found: &[(String, String)]) -> String {
    let mut parts: Vec<String> = found
        .iter()
        .take(NAMED)
        .map(|(what, _)| what.clone())
        .collect();
    if found.len() > NAMED {
        parts.push(format!("{} more", found.len() - NAMED));
    }
    match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The activity with its implied criteria ticked, to show what the
/// screening would conclude with them.
#[must_use]
pub fn with_implied(a: &Assessment, implied: &[Implied]) -> Assessment {
    let mut a = a.clone();
    if !implied.is_empty() {
        let s = a.screening.get_or_insert_with(Default::default);
        for i in implied {
            let w = &mut s.wp248;
            let slot = match i.key {
                "sensitive_data" => &mut w.sensitive_data,
                "vulnerable_data_subjects" => &mut w.vulnerable_data_subjects,
                "large_scale" => &mut w.large_scale,
                "automated_decision_making" => &mut w.automated_decision_making,
                _ => continue,
            };
            *slot = Some(Criterion::Flag(true));
        }
    }
    a
}

/// Screens an activity under a policy.
#[must_use]
pub fn screen(a: &Assessment, policy: &policy::Screening) -> Outcome {
    let Some(s) = &a.screening else {
        return Outcome {
            decision: None,
            answered: false,
            indicated: false,
            reasons: Vec::new(),
            wp248_count: 0,
        };
    };
    let mut answered = false;
    let mut applying = Vec::new();
    for c in &CRITERIA {
        if let Some(answer) = s.criterion(c.group, c.key) {
            answered = true;
            if answer.applies() {
                applying.push(c);
            }
        }
    }
    let wp248: Vec<_> = applying.iter().filter(|c| c.group == "WP248").collect();
    let mut reasons = Vec::new();
    for c in &applying {
        let named = format!("{} {}", c.group, c.name);
        match c.group {
            "Art 35(3)" => reasons.push(named),
            "ICO list" => {
                let combined = policy.ico_combined.iter().any(|k| k == c.key);
                if !combined {
                    reasons.push(named);
                } else if !wp248.is_empty() {
                    reasons.push(format!("{named}, with a WP248 criterion"));
                }
            }
            _ => {}
        }
    }
    if wp248.len() >= policy.wp248_threshold {
        let names: Vec<&str> = wp248.iter().map(|c| c.name).collect();
        reasons.push(format!(
            "{} WP248 criteria, the threshold being {} ({})",
            wp248.len(),
            policy.wp248_threshold,
            names.join(", ")
        ));
    }
    let indicated = !reasons.is_empty();
    if !indicated {
        reasons.extend(wp248.iter().map(|c| format!("{} {}", c.group, c.name)));
    }
    Outcome {
        decision: s.decision,
        answered,
        indicated,
        reasons,
        wp248_count: wp248.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::assessment::{Criterion, Screening};

    fn policy() -> policy::Screening {
        policy::screening(None)
    }

    fn with(f: impl FnOnce(&mut Screening)) -> Assessment {
        let mut s = Screening::default();
        f(&mut s);
        Assessment {
            screening: Some(s),
            ..Assessment::default()
        }
    }

    const YES: Option<Criterion> = Some(Criterion::Flag(true));
    const NO: Option<Criterion> = Some(Criterion::Flag(false));

    #[test]
    fn nothing_answered_means_unknown() {
        let o = screen(&Assessment::default(), &policy());
        assert_eq!(o.required(), None);
        assert_eq!(o.basis(), None);
        let o = screen(&with(|_| {}), &policy());
        assert_eq!(o.required(), None);
    }

    #[test]
    fn an_art_35_3_case_requires_one() {
        let o = screen(&with(|s| s.art35_3.public_monitoring = YES), &policy());
        assert_eq!(o.required(), Some(true));
        assert_eq!(o.basis(), Some("screening criteria"));
        assert!(o.reasons[0].contains("publicly accessible area"));
    }

    #[test]
    fn wp248_needs_the_threshold() {
        let one = with(|s| {
            s.wp248.sensitive_data = YES;
            s.wp248.large_scale = NO;
        });
        let o = screen(&one, &policy());
        assert_eq!(o.required(), Some(false));
        assert_eq!(o.wp248_count, 1);
        assert_eq!(o.reasons.len(), 1, "the criterion met is named");
        let two = with(|s| {
            s.wp248.sensitive_data = YES;
            s.wp248.vulnerable_data_subjects = YES;
        });
        assert_eq!(screen(&two, &policy()).required(), Some(true));
        let strict = policy::Screening {
            wp248_threshold: 3,
            ..policy()
        };
        assert_eq!(screen(&two, &strict).required(), Some(false));
    }

    #[test]
    fn combined_ico_types_need_a_wp248_criterion() {
        let alone = with(|s| s.ico.biometric_data = YES);
        assert_eq!(screen(&alone, &policy()).required(), Some(false));
        let with_one = with(|s| {
            s.ico.biometric_data = YES;
            s.wp248.systematic_monitoring = YES;
        });
        assert_eq!(screen(&with_one, &policy()).required(), Some(true));
        let standalone = with(|s| s.ico.risk_of_physical_harm = YES);
        assert_eq!(screen(&standalone, &policy()).required(), Some(true));
        // A project that counts physical harm as combined.
        let mut p = policy();
        p.ico_combined.push("risk_of_physical_harm".into());
        assert_eq!(screen(&standalone, &p).required(), Some(false));
    }

    #[test]
    fn a_note_that_only_says_no_gives_no_reason() {
        for bare in [
            "No",
            "no.",
            "N/A",
            "n.v.t.",
            "Nee",
            "Nee, niet van toepassing",
            "Non",
            "sans objet",
            "Nein",
            "entfällt",
            "Not applicable",
            "Does not apply",
            "-",
        ] {
            assert!(!gives_reason(bare), "{bare:?} taken as a reason");
        }
        for reason in [
            "No: staff only, all adults",
            "Nee, alleen volwassen medewerkers",
            "Non, uniquement des adultes",
            "Nein, nur Erwachsene",
        ] {
            assert!(gives_reason(reason), "{reason:?} not taken as a reason");
        }
    }

    #[test]
    fn an_explicit_no_is_reported_unless_a_note_says_why() {
        use crate::model::assessment::DataSubject;
        let subjects = vec![
            DataSubject {
                id: "kinderen".into(),
                name: "Kinderen".into(),
                description: None,
                children: true,
                vulnerable: false,
                count: None,
            },
            DataSubject {
                id: "ouderen".into(),
                name: "Ouderen".into(),
                description: None,
                children: false,
                vulnerable: true,
                count: None,
            },
        ];
        let answered = |answer: Criterion| {
            let mut a = with(|s| s.wp248.vulnerable_data_subjects = Some(answer));
            a.data_subjects.clone_from(&subjects);
            implied(&a, &policy())
        };
        let found = answered(Criterion::Flag(false));
        assert_eq!(found.len(), 1);
        assert!(found[0].answered_no && !found[0].bare_note);
        assert_eq!(
            found[0].because,
            "data subjects `kinderen` are children and `ouderen` are vulnerable people"
        );
        assert_eq!(
            (
                found[0].evidence.as_str(),
                found[0].more_evidence.as_slice()
            ),
            (
                "/data_subjects/0/children",
                ["/data_subjects/1/vulnerable".to_owned()].as_slice()
            )
        );
        let bare = answered(Criterion::Detailed {
            applies: false,
            note: Some("Nee".into()),
        });
        assert!(bare[0].answered_no && bare[0].bare_note);
        let reasoned = answered(Criterion::Detailed {
            applies: false,
            note: Some(
                "Alleen begeleide bezoekers; alleen de voornaam wordt geregistreerd.".into(),
            ),
        });
        assert!(reasoned.is_empty(), "{reasoned:?}");
    }

    #[test]
    fn the_recorded_decision_wins_and_a_contradiction_shows() {
        let a = with(|s| {
            s.art35_3.large_scale_special_category = YES;
            s.decision = Some(ScreeningDecision::NotRequired);
        });
        let o = screen(&a, &policy());
        assert_eq!(o.required(), Some(false));
        assert_eq!(o.basis(), Some("screening decision"));
        assert!(o.contradicted());
    }
}
