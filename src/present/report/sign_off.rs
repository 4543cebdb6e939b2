//! The sign-off of a report (ICO step 7): who approved the measures and
//! the residual risks, the DPO's advice, prior consultation and review.

use serde::Serialize;

use super::{LabelValue, Md};
use crate::i18n::Catalogue;
use crate::model::approvals::{BUILT_IN_ROLES, Checked, Policy, Record, Status};
use crate::model::assessment::{
    AdviceDecision, Assessment, Known, SignOff, Signatories, Signatory,
};
use crate::model::project::Authority;
use crate::present::markdown::escape;
use crate::present::wording::{
    absence_line, and_list, capitalise, join_some, known_text, person_line, signatories_line,
};

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
    /// Whether the row is signed, worded: verified, void since the
    /// content changed, not signed (recorded by hand only)...; none when
    /// the row records nothing and no one signed it.
    pub signature: Option<String>,
    /// The signature's status id (`verified`, `other-content`,
    /// `bad-signature`, `not-allowed`, `by-hand`), for styling.
    pub signature_status: Option<&'static str>,
}

/// The signed approvals (`dpia sign`) of the content the report shows.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SignedView {
    /// Each approval recorded, in the order given.
    pub rows: Vec<SignedRow>,
    /// The assessment is approved but its approvals do not hold for this
    /// content: every page carries a mark, as DRAFT does.
    pub void: bool,
}

/// One signed approval, as the report shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SignedRow {
    /// The role, as its row is titled.
    pub role: String,
    /// "Name (principal)".
    pub signer: String,
    /// The day it was signed, worded.
    pub date: String,
    /// Its status, worded.
    pub status: String,
    /// Its status id, for styling.
    pub status_id: &'static str,
    /// Why it does not hold, when it does not.
    pub why: Option<String>,
    /// What changed since the content it approved.
    pub changed: Vec<String>,
    /// The signing key's fingerprint.
    pub key: String,
}

/// The words of a signed approval's status.
fn status_words(c: &Checked, w: &Catalogue) -> (&'static str, String) {
    if c.superseded && c.status == Status::OtherContent {
        return ("superseded", w.t("sign_off.signed.superseded").to_owned());
    }
    let key = match c.status {
        Status::Verified => "sign_off.signed.verified",
        Status::OtherContent => "sign_off.signed.other_content",
        Status::BadSignature => "sign_off.signed.bad_signature",
        Status::NotAllowed => "sign_off.signed.not_allowed",
    };
    (c.status.id(), w.t(key).to_owned())
}

/// The role's title: its row's item for the ICO rows, the project's title
/// (or the id) for its own.
fn role_title(role: &str, rows: &[SignOffRow], policy: &Policy) -> String {
    if let Some(i) = BUILT_IN_ROLES.iter().position(|(id, _)| *id == role)
        && let Some(row) = rows.get(i)
    {
        return row.item.clone();
    }
    policy
        .roles
        .get(role)
        .and_then(|r| r.title.clone())
        .unwrap_or_else(|| role.to_owned())
}

/// Marks each row of the sign-off with its signature, adds a row for each
/// role of the project's own, and lists the signed approvals. `approved`
/// and `required`: the assessment says it is approved, and the roles the
/// project requires signed for that.
pub(super) fn signed(
    view: &mut SignOffView,
    record: Option<&Record>,
    policy: &Policy,
    approved: bool,
    required: &[String],
    w: &Catalogue,
) -> SignedView {
    let approvals: Vec<&Checked> = record
        .map(|r| r.approvals.iter().collect())
        .unwrap_or_default();
    let own: Vec<&String> = policy
        .roles
        .keys()
        .filter(|id| !BUILT_IN_ROLES.iter().any(|(b, _)| b == id))
        .collect();
    let at = BUILT_IN_ROLES.len().min(view.rows.len());
    let extra: Vec<SignOffRow> = own
        .iter()
        .map(|id| SignOffRow {
            item: role_title(id, &view.rows, policy),
            who: None,
            notes: None,
            guidance: None,
            signature: None,
            signature_status: None,
        })
        .collect();
    view.rows.splice(at..at, extra);
    let roles: Vec<&str> = BUILT_IN_ROLES
        .iter()
        .map(|(id, _)| *id)
        .chain(own.iter().map(|s| s.as_str()))
        .collect();
    for (row, role) in view.rows.iter_mut().zip(&roles) {
        let mine: Vec<&&Checked> = approvals
            .iter()
            .filter(|c| c.approval.role == *role && !c.superseded)
            .collect();
        // The most favourable status the role's approvals in force reach.
        let best = mine.iter().max_by_key(|c| c.status);
        match best {
            Some(c) => {
                let (id, words) = status_words(c, w);
                row.signature = Some(w.f(
                    "sign_off.signed.row",
                    &[
                        ("status", &words),
                        ("name", &c.approval.name),
                        ("date", &c.approval.date),
                    ],
                ));
                row.signature_status = Some(id);
                if row.who.is_none() {
                    row.who = Some(c.approval.name.clone());
                }
            }
            None if row.who.is_some() => {
                row.signature = Some(w.t("sign_off.signed.by_hand").to_owned());
                row.signature_status = Some("by-hand");
            }
            None => {}
        }
    }
    let rows = approvals
        .iter()
        .map(|c| {
            let (status_id, status) = status_words(c, w);
            SignedRow {
                role: role_title(&c.approval.role, &view.rows, policy),
                signer: format!("{} ({})", c.approval.name, c.approval.principal),
                date: c.approval.date.clone(),
                status,
                status_id,
                why: c.why.clone(),
                changed: c.changed.clone(),
                key: c.approval.key.clone(),
            }
        })
        .collect();
    let in_force_fails = approvals
        .iter()
        .any(|c| !c.superseded && c.status != Status::Verified);
    let required_missing = required
        .iter()
        .any(|role| !record.is_some_and(|r| r.verified(role)));
    SignedView {
        rows,
        void: approved && (in_force_fails || required_missing),
    }
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
        signature: None,
        signature_status: None,
    }));
    if let Some(contact) = &s.privacy_contact {
        rows.push(SignOffRow {
            item: w.t("sign_off.contact_point").to_owned(),
            who: Some(person_line(contact)),
            notes: None,
            guidance: None,
            signature: None,
            signature_status: None,
        });
    }
    SignOffView {
        any: !s.is_empty(),
        rows,
        dpo_advice_summary: dpo_advice_summary(s, w),
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

/// The summaries of the DPO's advice: one as written; several (one per
/// DPO) each under the name of who gave it.
fn dpo_advice_summary(s: &SignOff, w: &Catalogue) -> Option<Md> {
    let advices = s.dpo_advices();
    if let [one] = advices {
        return Md::of(one.summary.as_ref());
    }
    let mut text = String::new();
    for (i, advice) in advices.iter().enumerate() {
        let Some(summary) = advice.summary.as_deref().filter(|t| !t.trim().is_empty()) else {
            continue;
        };
        let by = advice.provided_by.as_ref().map_or_else(
            || w.f("sign_off.advice_n", &[("n", &(i + 1))]),
            |by| match by {
                Known::Not(a) => capitalise(&absence_line(a, w)),
                Known::Is(people) => and_list(
                    people
                        .as_slice()
                        .iter()
                        .map(|p| known_text(&p.name, "absence.name", w)),
                    w,
                ),
            },
        );
        text.push_str(&format!(
            "**{}**\n\n{}\n\n",
            w.f("sign_off.named", &[("name", &escape(&by))]),
            summary.trim()
        ));
    }
    Md::of(Some(&text))
}

/// The notes recorded with those who signed a row: one person's as
/// written; several people's each under their name.
fn signatory_notes<'a>(
    people: impl IntoIterator<Item = &'a Signatory>,
    w: &Catalogue,
) -> Option<String> {
    let people: Vec<&Signatory> = people.into_iter().collect();
    if let [one] = people.as_slice() {
        return one.notes.clone();
    }
    let mut text = String::new();
    for p in people {
        if let Some(notes) = p.notes.as_deref().filter(|t| !t.trim().is_empty()) {
            let name = escape(&known_text(&p.name, "absence.name", w));
            text.push_str(&format!(
                "**{}**\n\n{}\n\n",
                w.f("sign_off.named", &[("name", &name)]),
                notes.trim()
            ));
        }
    }
    Some(text)
}

/// The ICO step 7 table, in its order, with its guidance text.
pub(super) fn ico_rows(
    s: Option<&SignOff>,
    w: &Catalogue,
    authority: Option<&Authority>,
) -> Vec<SignOffRow> {
    let who = |x: Option<&Known<Signatories>>| x.map(|x| signatories_line(x, w));
    let reasons = w.t("sign_off.reasons");
    let notes = |x: Option<&Known<Signatories>>| {
        x.and_then(|x| signatory_notes(x.as_slice(), w))
            .and_then(|n| Md::of(Some(&n)))
    };
    let measures = s.and_then(|s| s.measures_approved_by.as_ref());
    let residual = s.and_then(|s| s.residual_risks_approved_by.as_ref());
    let advised_by: Vec<&Known<Signatories>> = s
        .map(SignOff::dpo_advices)
        .unwrap_or_default()
        .iter()
        .filter_map(|d| d.provided_by.as_ref())
        .collect();
    let advisers: Vec<&Signatory> = advised_by.iter().flat_map(|by| by.as_slice()).collect();
    let response = s.and_then(|s| s.dpo_advice_response.as_ref());
    let review = s.and_then(|s| s.consultation_responses_reviewed_by.as_ref());
    let kept = s.and_then(|s| s.kept_under_review_by.as_ref());
    let response_notes = response.and_then(|r| {
        let mut text = String::new();
        if let Known::Not(a) = &r.decision {
            text.push_str(&format!(
                "**{}** {}\n\n",
                w.t("sign_off.decision"),
                escape(&absence_line(a, w))
            ));
        }
        if let Some(given) = &r.reasons {
            text.push_str(&format!("**{reasons}** {}\n\n", given.trim()));
        }
        if let Some(comments) = &r.comments {
            text.push_str(&format!("{}\n\n", comments.trim()));
        }
        if let Some(notes) =
            r.by.as_ref()
                .and_then(|by| signatory_notes(by.as_slice(), w))
        {
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
        if let Some(notes) =
            r.by.as_ref()
                .and_then(|by| signatory_notes(by.as_slice(), w))
        {
            text.push_str(notes.trim());
        }
        Md::of(Some(&text))
    });
    vec![
        SignOffRow {
            signature: None,
            signature_status: None,
            item: w.t("sign_off.measures").to_owned(),
            who: who(measures),
            notes: notes(measures),
            guidance: Some(w.t("sign_off.measures_guidance").to_owned()),
        },
        SignOffRow {
            signature: None,
            signature_status: None,
            item: w.t("sign_off.residual").to_owned(),
            who: who(residual),
            notes: notes(residual),
            guidance: Some(w.f(
                "sign_off.residual_guidance",
                &[("authority", &super::authority(w, authority))],
            )),
        },
        SignOffRow {
            signature: None,
            signature_status: None,
            item: w.t("sign_off.advice").to_owned(),
            who: (!advised_by.is_empty()).then(|| {
                advised_by
                    .iter()
                    .map(|by| signatories_line(by, w))
                    .collect::<Vec<_>>()
                    .join("; ")
            }),
            notes: signatory_notes(advisers.iter().copied(), w).and_then(|n| Md::of(Some(&n))),
            guidance: Some(w.t("sign_off.advice_guidance").to_owned()),
        },
        SignOffRow {
            signature: None,
            signature_status: None,
            item: match response.and_then(|r| r.decision.value()) {
                Some(AdviceDecision::Overruled) => w.t("sign_off.overruled").to_owned(),
                Some(AdviceDecision::Accepted) => w.t("sign_off.accepted").to_owned(),
                None => w.t("sign_off.accepted_or_overruled").to_owned(),
            },
            who: who(response.and_then(|r| r.by.as_ref())),
            notes: response_notes,
            guidance: Some(w.t("sign_off.response_guidance").to_owned()),
        },
        SignOffRow {
            signature: None,
            signature_status: None,
            item: w.t("sign_off.reviewed").to_owned(),
            who: who(review.and_then(|r| r.by.as_ref())),
            notes: review_notes,
            guidance: Some(w.t("sign_off.reviewed_guidance").to_owned()),
        },
        SignOffRow {
            signature: None,
            signature_status: None,
            item: w.t("sign_off.kept_under_review").to_owned(),
            who: who(kept),
            notes: notes(kept),
            guidance: Some(w.t("sign_off.kept_guidance").to_owned()),
        },
    ]
}
