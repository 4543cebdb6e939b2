//! Wording shared by every view: dates, colours, contact and agreement
//! lines, retention, lawful-basis conditions, ids as words. Pure functions
//! of the model; the report, the register and the dashboard all use them,
//! so the same fact reads the same everywhere.

use crate::date::PartialDate;
use crate::i18n::Catalogue;
use crate::law;
use crate::model::assessment::{Person, Retention, Signatory};

/// "Name, role, organisation, address, email, phone, website" of a
/// contact.
#[must_use]
pub fn contact_line(c: &crate::model::project::Contact) -> String {
    join_some([
        Some(c.name.clone()),
        c.role.clone(),
        c.organisation.clone(),
        c.address.clone(),
        c.email.clone(),
        c.phone.clone(),
        c.website.clone(),
    ])
    .unwrap_or_default()
}

/// "Data processing agreement: DPA-1 (in force), 1 March 2024 (note)".
#[must_use]
pub fn agreement_line(g: &crate::model::assessment::Agreement, w: &Catalogue) -> String {
    let mut line = w.f(
        "agreement.line",
        &[
            ("kind", &value(w, "agreement_kind", &g.kind)),
            ("reference", &g.reference),
        ],
    );
    if let Some(status) = g.status {
        let key = match status {
            crate::model::assessment::AgreementStatus::Planned => "agreement.planned",
            crate::model::assessment::AgreementStatus::InForce => "agreement.in-force",
            crate::model::assessment::AgreementStatus::Ended => "agreement.ended",
        };
        line.push_str(&format!(" ({})", w.t(key)));
    }
    if let Some(date) = g.date {
        line.push_str(&format!(", {}", w.date(date)));
    }
    if let Some(note) = g.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        line.push_str(&format!(" ({})", crate::present::markdown::to_plain(note)));
    }
    line
}

/// Every condition of a lawful basis, worded: Art 6, Art 9, Schedule 1,
/// Art 10.
#[must_use]
pub fn conditions(b: &crate::model::assessment::LawfulBasis) -> Vec<String> {
    b.article_6
        .iter()
        .map(|p| law::article_6_label(p))
        .chain(b.article_9.iter().map(|p| law::article_9_label(p)))
        .chain(b.schedule_1.iter().map(|p| law::schedule_1_label(*p)))
        .chain(
            b.article_10
                .iter()
                .map(|p| law::article_10_label(p).to_owned()),
        )
        .collect()
}

/// "Name, role, organisation, email, phone" of a person named in an
/// assessment.
#[must_use]
pub fn person_line(p: &Person) -> String {
    join_some([
        Some(p.name.clone()),
        p.role.clone(),
        p.organisation.clone(),
        p.email.clone(),
        p.phone.clone(),
    ])
    .unwrap_or_default()
}

/// "Name, role, organisation, date" of someone who signed a step off.
#[must_use]
pub fn signatory_line(s: &Signatory, w: &Catalogue) -> String {
    join_some([
        Some(s.name.clone()),
        s.role.clone(),
        s.organisation.clone(),
        s.date.map(|d| w.date(d)),
    ])
    .unwrap_or_default()
}

/// "Right to be informed (Arts 13, 14)": a right by its legal name (in
/// English in every language for now, as `law`'s names are).
#[must_use]
pub fn right_words(right: crate::law::Right) -> String {
    capitalise(&format!("right {}", law::right_label(right)))
}

/// Whether the data is retained and erased in line with the retention
/// policy, worded, when the retention says.
#[must_use]
pub fn policy_line(r: &Retention, w: &Catalogue) -> Option<String> {
    r.follows_policy.map(|yes| {
        w.t(if yes {
            "retention.follows_policy"
        } else {
            "retention.departs_from_policy"
        })
        .to_owned()
    })
}

/// "Kept: ... From: ... Then: ... Schedule: ..." of a retention, or `None`
/// when it says none of them.
#[must_use]
pub fn retention_line(r: &Retention, w: &Catalogue) -> Option<String> {
    let parts: Vec<String> = [
        ("retention.kept", &r.period),
        ("retention.from", &r.trigger),
        ("retention.then", &r.disposal),
        ("retention.schedule", &r.schedule),
    ]
    .into_iter()
    .filter_map(|(key, value)| value.as_ref().map(|v| w.f(key, &[("value", &v.trim())])))
    .collect();
    (!parts.is_empty()).then(|| parts.join(". "))
}

/// The words for a value of a list the schema fixes (`value.<kind>.<id>`
/// in the catalogue), or the id as words ("data processing agreement")
/// where the catalogue has none: kinds a project may extend stay readable.
#[must_use]
pub fn value(w: &Catalogue, kind: &str, id: &str) -> String {
    w.get(&format!("value.{kind}.{id}"))
        .map_or_else(|| capitalise(&words(id)), str::to_owned)
}

/// `in-review` -> `in review`.
#[must_use]
pub fn words(id: &str) -> String {
    id.replace('-', " ")
}

/// The text with its first letter in upper case.
#[must_use]
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The parts that are given and not blank, trimmed, joined by ", ";
/// `None` when there are none.
#[must_use]
pub fn join_some<const N: usize>(parts: [Option<String>; N]) -> Option<String> {
    let parts: Vec<String> = parts
        .into_iter()
        .flatten()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// Black or white, whichever reads better on a `#rrggbb` background
/// (WCAG relative luminance).
#[must_use]
pub fn ink(colour: &str) -> &'static str {
    let channel = |i: usize| {
        let v =
            f64::from(u8::from_str_radix(colour.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0))
                / 255.0;
        if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    // Contrast with black (L+0.05)/0.05 against white 1.05/(L+0.05).
    if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) {
        "#000000"
    } else {
        "#ffffff"
    }
}

/// `YYYY-MM-DD` of the first day a date can mean.
#[must_use]
pub fn iso_date(d: PartialDate) -> String {
    let (y, m, day) = d.first_day();
    format!("{y:04}-{m:02}-{day:02}")
}

/// Where an activity's DPIA report is written, relative to the output
/// folder, without its extension: `dpia/<id>`.
#[must_use]
pub fn report_stem(id: &str) -> String {
    format!("dpia/{id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_numbers_and_ink() {
        let w = crate::i18n::Catalogues::default().reference();
        assert_eq!(
            w.date(PartialDate::parse("2020-08-18").unwrap()),
            "18 August 2020"
        );
        assert_eq!(
            w.date(PartialDate::parse("2020-11").unwrap()),
            "November 2020"
        );
        assert_eq!(crate::diagnostic::thousands(105_000_u64), "105,000");
        assert_eq!(crate::diagnostic::thousands(999), "999");
        assert_eq!(ink("#c62828"), "#ffffff");
        assert_eq!(ink("#c9a800"), "#000000");
        assert_eq!(ink("#2e7d32"), "#ffffff");
    }
}
