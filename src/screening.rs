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
    /// data".
    pub because: String,
    /// Where that is written (a JSON pointer into the assessment).
    pub evidence: String,
    /// Whether the criterion is answered `false` (rather than left out).
    pub answered_no: bool,
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
    let mut imply = |key: &'static str, because: String, evidence: String| {
        let answer = s.criterion("WP248", key);
        // Ticked, or answered `false` with a note saying why.
        if answer.is_some_and(|c| c.applies() || c.note().is_some_and(|n| !n.trim().is_empty())) {
            return;
        }
        let name = CRITERIA
            .iter()
            .find(|c| c.group == "WP248" && c.key == key)
            .map_or(key, |c| c.name);
        out.push(Implied {
            group: "WP248",
            key,
            name,
            because,
            evidence,
            answered_no: answer.is_some(),
        });
    };
    if let Some((i, c)) = a
        .data_categories
        .iter()
        .enumerate()
        .find(|(_, c)| c.is_special_category() || c.criminal_offence)
    {
        let (field, kind) = if c.special_category {
            ("special_category", "special category data")
        } else if c.is_special_category() {
            ("special_category_types", "special category data")
        } else {
            ("criminal_offence", "criminal offence data")
        };
        imply(
            "sensitive_data",
            format!("data category `{}` is {kind}", c.id),
            format!("/data_categories/{i}/{field}"),
        );
    }
    if let Some((i, d)) = a
        .data_subjects
        .iter()
        .enumerate()
        .find(|(_, d)| d.children || d.vulnerable)
    {
        let (field, kind) = if d.children {
            ("children", "children")
        } else {
            ("vulnerable", "vulnerable people")
        };
        imply(
            "vulnerable_data_subjects",
            format!("data subjects `{}` are {kind}", d.id),
            format!("/data_subjects/{i}/{field}"),
        );
    }
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
                format!(
                    "the file counts {n} data subjects, at or above the large-scale threshold of {threshold}"
                ),
                evidence,
            );
        }
    }
    if a.automated_decision_making
        .as_ref()
        .is_some_and(Criterion::applies)
    {
        imply(
            "automated_decision_making",
            "the activity records automated decision-making".to_owned(),
            "/automated_decision_making".to_owned(),
        );
    }
    out
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
