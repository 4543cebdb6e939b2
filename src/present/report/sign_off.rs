//! The sign-off of a report (ICO step 7): who approved the measures and
//! the residual risks, the DPO's advice, prior consultation and review.

use serde::Serialize;

use super::{LabelValue, Md};
use crate::i18n::Catalogue;
use crate::model::assessment::{Assessment, Signatory};
use crate::model::project::Authority;
use crate::present::wording::{join_some, person_line, signatory_line};

/// ICO step 7 as its table.
#[derive(Debug, Clone, Serialize)]
pub struct SignOffView {
    /// Whether anything is recorded.
    pub any: bool,
    /// The rows of the ICO table: item, who, notes, ICO guidance.
    pub rows: Vec<SignOffRow>,
    /// Summary of the DPO's advice.
    pub dpo_advice_summary: Option<Md>,
    /// Prior consultation with the supervisory authority, worded.
    pub prior_consultation: Option<String>,
    /// Its outcome.
    pub prior_consultation_outcome: Option<Md>,
    /// Consultation considered and judged not required: by whom and when,
    /// worded.
    pub consultation_not_required: Option<String>,
    /// Why it is not required.
    pub consultation_not_required_reason: Option<Md>,
    /// Review schedule, labelled.
    pub review: Vec<LabelValue>,
    /// Review trigger.
    pub review_trigger: Option<Md>,
    /// Records updated, one line each.
    pub records_updated: Vec<String>,
}

/// One row of the sign-off table.
#[derive(Debug, Clone, Serialize)]
pub struct SignOffRow {
    /// The item, as the ICO template words it.
    pub item: String,
    /// "Name, role, date", or none when not recorded.
    pub who: Option<String>,
    /// What was recorded with it.
    pub notes: Option<Md>,
    /// The ICO template's guidance for the row.
    pub guidance: Option<String>,
}

pub(super) fn sign_off_view(
    a: &Assessment,
    w: &Catalogue,
    authority: Option<&Authority>,
) -> SignOffView {
    let format_date = |d| w.date(d);
    let by = |name: &String| w.f("sign_off.by", &[("name", name)]);
    let Some(s) = &a.sign_off else {
        return SignOffView {
            any: false,
            rows: ico_rows(None, w, authority),
            dpo_advice_summary: None,
            prior_consultation: None,
            prior_consultation_outcome: None,
            consultation_not_required: None,
            consultation_not_required_reason: None,
            review: Vec::new(),
            review_trigger: None,
            records_updated: Vec::new(),
        };
    };
    let mut rows = ico_rows(Some(s), w, authority);
    rows.extend(s.approvals.iter().map(|x| SignOffRow {
        item: x.item.clone(),
        who: join_some([x.name.clone(), x.role.clone(), x.date.map(format_date)]),
        notes: Md::of(x.notes.as_ref()),
        guidance: None,
    }));
    if let Some(contact) = &s.privacy_contact {
        rows.push(SignOffRow {
            item: w.t("sign_off.contact_point").to_owned(),
            who: Some(person_line(contact)),
            notes: None,
            guidance: None,
        });
    }
    SignOffView {
        any: !s.is_empty(),
        rows,
        dpo_advice_summary: s
            .dpo_advice
            .as_ref()
            .and_then(|d| Md::of(d.summary.as_ref())),
        prior_consultation: s.prior_consultation.as_ref().map(|p| {
            join_some([
                Some(w.f("sign_off.consulted_on", &[("date", &format_date(p.date))])),
                p.by.as_ref().map(by),
                p.reference
                    .as_ref()
                    .map(|r| w.f("sign_off.reference", &[("reference", r)])),
            ])
            .unwrap_or_default()
        }),
        prior_consultation_outcome: s
            .prior_consultation
            .as_ref()
            .and_then(|p| Md::of(p.outcome.as_ref())),
        consultation_not_required: s.prior_consultation_not_required.as_ref().map(|n| {
            join_some([
                Some(w.t("sign_off.not_required").to_owned()),
                n.by.as_ref().map(by),
                n.date.map(format_date),
            ])
            .unwrap_or_default()
        }),
        consultation_not_required_reason: s
            .prior_consultation_not_required
            .as_ref()
            .map(|n| Md::new(&n.reason)),
        review: s
            .review
            .as_ref()
            .map(|r| {
                [
                    ("sign_off.frequency", r.frequency.clone()),
                    ("sign_off.next_review", r.next.map(format_date)),
                ]
                .into_iter()
                .filter_map(|(key, value)| {
                    value.map(|value| LabelValue {
                        label: w.t(key).to_owned(),
                        value,
                    })
                })
                .collect()
            })
            .unwrap_or_default(),
        review_trigger: s.review.as_ref().and_then(|r| Md::of(r.trigger.as_ref())),
        records_updated: s
            .records_updated
            .iter()
            .map(|r| {
                join_some([
                    Some(r.record.clone()),
                    r.by.as_ref().map(by),
                    r.date.map(format_date),
                    r.note.clone(),
                ])
                .unwrap_or_default()
            })
            .collect(),
    }
}

/// The ICO step 7 table, in its order, with its guidance text.
pub(super) fn ico_rows(
    s: Option<&crate::model::assessment::SignOff>,
    w: &Catalogue,
    authority: Option<&Authority>,
) -> Vec<SignOffRow> {
    let who = |x: Option<&Signatory>| x.map(|x| signatory_line(x, w));
    let reasons = w.t("sign_off.reasons");
    let notes = |x: Option<&Signatory>| x.and_then(|x| Md::of(x.notes.as_ref()));
    let measures = s.and_then(|s| s.measures_approved_by.as_ref());
    let residual = s.and_then(|s| s.residual_risks_approved_by.as_ref());
    let advice = s
        .and_then(|s| s.dpo_advice.as_ref())
        .and_then(|d| d.provided_by.as_ref());
    let response = s.and_then(|s| s.dpo_advice_response.as_ref());
    let review = s.and_then(|s| s.consultation_responses_reviewed_by.as_ref());
    let kept = s.and_then(|s| s.kept_under_review_by.as_ref());
    let response_notes = response.and_then(|r| {
        let mut text = String::new();
        if let Some(given) = &r.reasons {
            text.push_str(&format!("**{reasons}** {}\n\n", given.trim()));
        }
        if let Some(comments) = &r.comments {
            text.push_str(&format!("{}\n\n", comments.trim()));
        }
        if let Some(notes) = r.by.as_ref().and_then(|by| by.notes.as_ref()) {
            text.push_str(notes.trim());
        }
        Md::of(Some(&text))
    });
    let review_notes = review.and_then(|r| {
        let mut text = String::new();
        if r.departs_from_views == Some(true) {
            text.push_str(&format!("**{}**\n\n", w.t("sign_off.departs")));
        }
        if let Some(given) = &r.reasons {
            text.push_str(&format!("**{reasons}** {}\n\n", given.trim()));
        }
        if let Some(comments) = &r.comments {
            text.push_str(&format!("{}\n\n", comments.trim()));
        }
        if let Some(notes) = r.by.as_ref().and_then(|by| by.notes.as_ref()) {
            text.push_str(notes.trim());
        }
        Md::of(Some(&text))
    });
    vec![
        SignOffRow {
            item: w.t("sign_off.measures").to_owned(),
            who: who(measures),
            notes: notes(measures),
            guidance: Some(w.t("sign_off.measures_guidance").to_owned()),
        },
        SignOffRow {
            item: w.t("sign_off.residual").to_owned(),
            who: who(residual),
            notes: notes(residual),
            guidance: Some(w.f(
                "sign_off.residual_guidance",
                &[("authority", &super::authority(w, authority))],
            )),
        },
        SignOffRow {
            item: w.t("sign_off.advice").to_owned(),
            who: who(advice),
            notes: notes(advice),
            guidance: Some(w.t("sign_off.advice_guidance").to_owned()),
        },
        SignOffRow {
            item: match response.map(|r| r.decision) {
                Some(crate::model::assessment::AdviceDecision::Overruled) => {
                    w.t("sign_off.overruled").to_owned()
                }
                Some(crate::model::assessment::AdviceDecision::Accepted) => {
                    w.t("sign_off.accepted").to_owned()
                }
                None => w.t("sign_off.accepted_or_overruled").to_owned(),
            },
            who: response
                .and_then(|r| r.by.as_ref())
                .map(|x| signatory_line(x, w)),
            notes: response_notes,
            guidance: Some(w.t("sign_off.response_guidance").to_owned()),
        },
        SignOffRow {
            item: w.t("sign_off.reviewed").to_owned(),
            who: review
                .and_then(|r| r.by.as_ref())
                .map(|x| signatory_line(x, w)),
            notes: review_notes,
            guidance: Some(w.t("sign_off.reviewed_guidance").to_owned()),
        },
        SignOffRow {
            item: w.t("sign_off.kept_under_review").to_owned(),
            who: who(kept),
            notes: notes(kept),
            guidance: Some(w.t("sign_off.kept_guidance").to_owned()),
        },
    ]
}
