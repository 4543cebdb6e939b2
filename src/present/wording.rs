//! Wording shared by every view: dates, colours, contact and agreement
//! lines, retention, lawful-basis conditions, ids as words. Pure functions
//! of the model; the report, the register and the dashboard all use them,
//! so the same fact reads the same everywhere.

use crate::date::PartialDate;
use crate::i18n::Catalogue;
use crate::law;
use crate::model::assessment::{
    Absence, Known, NoValue, Person, Retention, Signatories, Signatory,
};

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

/// "Data processing agreement: DPA-1 (in force), 1 March 2024 (note)"; a
/// legal act binding a processor reads "Other legal act (Art 28(3)): ...".
#[must_use]
pub fn agreement_line(g: &crate::model::assessment::Agreement, w: &Catalogue) -> String {
    let mut line = w.f(
        "agreement.line",
        &[
            ("kind", &value(w, "agreement_kind", &g.kind)),
            (
                "reference",
                &known_text(&g.reference, "absence.reference", w),
            ),
        ],
    );
    line.push_str(&status_and_date(g.status, g.date, w));
    if let Some(note) = g.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        line.push_str(&format!(" ({})", crate::present::markdown::to_plain(note)));
    }
    line
}

/// "Joint controller agreement 2020 (in force), 1 July 2020": an Art 26
/// arrangement's reference, status and date (its note is shown apart).
#[must_use]
pub fn arrangement_line(j: &crate::model::assessment::JointArrangement, w: &Catalogue) -> String {
    format!(
        "{}{}",
        known_text(&j.reference, "absence.reference", w),
        status_and_date(j.status, j.date, w)
    )
}

/// " (in force), 1 March 2024": what follows an agreement's reference.
fn status_and_date(
    status: Option<crate::model::assessment::AgreementStatus>,
    date: Option<PartialDate>,
    w: &Catalogue,
) -> String {
    let mut out = String::new();
    if let Some(status) = status {
        let key = match status {
            crate::model::assessment::AgreementStatus::Planned => "agreement.planned",
            crate::model::assessment::AgreementStatus::InForce => "agreement.in-force",
            crate::model::assessment::AgreementStatus::Ended => "agreement.ended",
        };
        out.push_str(&format!(" ({})", w.t(key)));
    }
    if let Some(date) = date {
        out.push_str(&format!(", {}", w.date(date)));
    }
    out
}

/// Every condition of a lawful basis, worded: Art 6, Art 9, Schedule 1,
/// Art 10.
#[must_use]
pub fn conditions(b: &crate::model::assessment::LawfulBasis, w: &Catalogue) -> Vec<String> {
    b.article_6
        .iter()
        .map(|p| article_6(w, p))
        .chain(b.article_9.iter().map(|p| article_9(w, p)))
        .chain(b.schedule_1.iter().map(|p| schedule_1(w, *p)))
        .chain(b.article_10.iter().map(|p| article_10(w, p)))
        .collect()
}

/// The words of a legal name in the catalogue (`law.<section>.<id>`), or
/// the law's own English name where the catalogue has none.
fn legal(w: &Catalogue, section: &str, id: &str, english: &str) -> String {
    w.get(&format!("law.{section}.{id}"))
        .unwrap_or(english)
        .to_owned()
}

/// "Art 6(1)(e) public task", in the report's language.
#[must_use]
pub fn article_6(w: &Catalogue, point: &str) -> String {
    point_of(w, "article_6", point)
}

/// "Art 9(2)(h) health or social care", in the report's language.
#[must_use]
pub fn article_9(w: &Catalogue, point: &str) -> String {
    point_of(w, "article_9", point)
}

/// A point of an article with its name (`law.<article>` with
/// `law.<article>_name.<point>`), or bare when the point has no name.
fn point_of(w: &Catalogue, article: &str, point: &str) -> String {
    match w.get(&format!("law.{article}_name.{point}")) {
        Some(name) => w.f(
            &format!("law.{article}"),
            &[("point", &point), ("name", &name)],
        ),
        None => w.f(&format!("law.{article}_bare"), &[("point", &point)]),
    }
}

/// "DPA 2018 Sch 1 Part 2 para 6 (statutory and government purposes)".
#[must_use]
pub fn schedule_1(w: &Catalogue, paragraph: u8) -> String {
    match (
        law::schedule_1(paragraph),
        w.get(&format!("law.schedule_1_name.{paragraph}")),
    ) {
        (Some((part, _)), Some(name)) => w.f(
            "law.schedule_1",
            &[("part", &part), ("paragraph", &paragraph), ("name", &name)],
        ),
        _ => w.f("law.schedule_1_bare", &[("paragraph", &paragraph)]),
    }
}

/// An Art 10 basis, worded.
#[must_use]
pub fn article_10(w: &Catalogue, basis: &str) -> String {
    legal(w, "article_10", basis, law::article_10_label(basis))
}

/// An Art 9(1) special category, worded.
#[must_use]
pub fn special_category(w: &Catalogue, kind: &str) -> String {
    legal(w, "special_category", kind, law::special_category(kind))
}

/// A transfer mechanism, worded.
#[must_use]
pub fn mechanism(w: &Catalogue, kind: &str) -> String {
    legal(w, "mechanism", kind, law::mechanism(kind))
}

/// An Art 49 derogation, worded.
#[must_use]
pub fn derogation(w: &Catalogue, point: &str) -> String {
    legal(w, "derogation", point, law::derogation(point))
}

/// A right with its article ("right of access (Art 15)"), worded.
#[must_use]
pub fn right(w: &Catalogue, right: law::Right) -> String {
    let id = serde_json::to_value(right)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    legal(
        w,
        "right",
        &id,
        &format!("right {}", law::right_label(right)),
    )
}

/// "United States (US)": a country's name in the report's language, with
/// its code.
#[must_use]
pub fn country(w: &Catalogue, code: &str) -> String {
    match w.get(&format!("country.{code}")) {
        Some(name) => format!("{name} ({code})"),
        None => law::country_label(code),
    }
}

/// The id of a screening criterion's group in the catalogue.
fn criterion_group_id(group: &str) -> &'static str {
    match group {
        "Art 35(3)" => "art35_3",
        "WP248" => "wp248",
        _ => "ico",
    }
}

/// A screening criterion's group ("Art 35(3)", "WP248", "ICO list"), worded.
#[must_use]
pub fn criterion_group(w: &Catalogue, c: &law::Criterion) -> String {
    legal(w, "criterion_group", criterion_group_id(c.group), c.group)
}

/// A screening criterion's name, worded.
#[must_use]
pub fn criterion(w: &Catalogue, c: &law::Criterion) -> String {
    let id = format!("{}.{}", criterion_group_id(c.group), c.key);
    legal(w, "criterion", &id, c.name)
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
        Some(known_text(&s.name, "absence.name", w)),
        s.role.clone(),
        s.organisation.clone(),
        s.date.map(|d| w.date(d)),
    ])
    .unwrap_or_default()
}

/// Each who signed a row of the sign-off, "; " between them; or, when
/// the row has no signatory, why ("Not applicable (no measures)").
#[must_use]
pub fn signatories_line(s: &Known<Signatories>, w: &Catalogue) -> String {
    match s {
        Known::Not(a) => capitalise(&absence_line(a, w)),
        Known::Is(people) => people
            .as_slice()
            .iter()
            .map(|p| signatory_line(p, w))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// Which kind of no value, in words (`absence.<kind>`): "not applicable",
/// "unknown", "not captured in the source".
#[must_use]
pub fn absence_words(not: NoValue, w: &Catalogue) -> &str {
    w.t(match not {
        NoValue::NotApplicable => "absence.not_applicable",
        NoValue::Unknown => "absence.unknown",
        NoValue::NotCaptured => "absence.not_captured",
    })
}

/// Which kind of no value, in words, and the author's note in brackets:
/// "not captured in the source (page 14 is cut off)".
#[must_use]
pub fn absence_line(a: &Absence, w: &Catalogue) -> String {
    let mut line = absence_words(a.not, w).to_owned();
    if let Some(note) = a.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        line.push_str(&format!(" ({})", crate::present::markdown::to_plain(note)));
    }
    line
}

/// A text as written, trimmed; or, when there is none, what it is and why,
/// worded by the catalogue's `key` with the absence in `{absence}`: "name
/// not captured in the source (redacted)".
#[must_use]
pub fn known_text(k: &Known<String>, key: &str, w: &Catalogue) -> String {
    match k {
        Known::Is(text) => text.trim().to_owned(),
        Known::Not(a) => w.f(key, &[("absence", &absence_line(a, w))]),
    }
}

/// "A and B", "A and B and C": items joined as the language joins two with
/// "and" (`format.list_and`, pair by pair); empty for no items.
#[must_use]
pub fn and_list(items: impl IntoIterator<Item = String>, w: &Catalogue) -> String {
    items
        .into_iter()
        .reduce(|a, b| w.f("format.list_and", &[("a", &a), ("b", &b)]))
        .unwrap_or_default()
}

/// "Right to be informed (Arts 13, 14)": a right by its legal name, in
/// the catalogue's language.
#[must_use]
pub fn right_words(r: crate::law::Right, w: &Catalogue) -> String {
    capitalise(&right(w, r))
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

/// What an unverified entry of a matrix concerns, worded: "likelihood
/// probable, severity minimal"; empty when it concerns the whole matrix.
#[must_use]
pub fn unverified_what(u: &crate::model::matrix::Unverified, w: &Catalogue) -> String {
    [
        ("matrix.unverified_likelihood", &u.likelihood),
        ("matrix.unverified_severity", &u.severity),
        ("matrix.unverified_rating", &u.rating),
    ]
    .into_iter()
    .filter_map(|(key, level)| level.as_ref().map(|l| w.f(key, &[("level", l)])))
    .collect::<Vec<_>>()
    .join(", ")
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

    /// The British English catalogue words the law as `law.rs` does (the
    /// rules' messages use `law.rs`, the reports the catalogue): the two
    /// never drift apart.
    #[test]
    fn the_english_catalogue_names_the_law_as_law_rs_does() {
        let w = crate::i18n::Catalogues::default().reference();
        for p in ["a", "b", "c", "d", "e", "f"] {
            assert_eq!(article_6(&w, p), law::article_6_label(p));
        }
        for p in ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"] {
            assert_eq!(article_9(&w, p), law::article_9_label(p));
        }
        for p in 1..=40 {
            assert_eq!(schedule_1(&w, p), law::schedule_1_label(p));
        }
        for b in ["official-authority", "authorised-by-law"] {
            assert_eq!(article_10(&w, b), law::article_10_label(b));
        }
        let keys = |section: &str| -> Vec<String> {
            w.keys()
                .filter_map(|k| k.strip_prefix(&format!("law.{section}.")))
                .map(str::to_owned)
                .collect()
        };
        for k in keys("special_category") {
            assert_eq!(special_category(&w, &k), law::special_category(&k));
        }
        for k in keys("mechanism") {
            assert_eq!(mechanism(&w, &k), law::mechanism(&k));
        }
        for k in keys("derogation") {
            assert_eq!(derogation(&w, &k), law::derogation(&k));
        }
        for c in &law::CRITERIA {
            assert_eq!(criterion(&w, c), c.name);
            assert_eq!(criterion_group(&w, c), c.group);
        }
        for code in ["GB", "US", "IE", "CA"] {
            assert_eq!(country(&w, code), law::country_label(code));
        }
    }

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
