//! G001: an approved DPIA whose sign-off is incomplete.

use super::{Context, Rule, join, rule};
use crate::diagnostic::Diagnostic;
use crate::model::assessment::{Known, NoValue, OneOrMany, SignOff, Signatories, Status};

rule! {
    /// ## What it checks
    /// An assessment with `status: approved` that is a DPIA (it has risks,
    /// measures, necessity, consultation or sign-off) but whose `sign_off` lacks one
    /// of: `measures_approved_by`, `residual_risks_approved_by`,
    /// `kept_under_review_by`, and, when the controller has a DPO (in the
    /// project file), `dpo_advice` with who provided it and its summary
    /// (each advice, when several DPOs advise).
    ///
    /// A row marked not applicable (`{not: applicable}`) is filled where the
    /// law allows it: no measures to approve, no risks to accept, or no one
    /// needed to keep the DPIA under review; never the DPO's advice when
    /// the controller has a DPO (Art 35(2)). A row, or a signatory's name,
    /// that is unknown or not captured from the source is not missing: it
    /// is an open question (information).
    ///
    /// ## Why it matters
    /// Art 35(2): the controller must seek the advice of the DPO, where one is
    /// designated, when carrying out a DPIA. The ICO template's step 7 records
    /// who approved the measures and the residual risks, the DPO's advice, and
    /// who keeps the DPIA under review (Art 35(11) requires a review where
    /// necessary, at least when the risk changes). An assessment marked
    /// approved without them cannot show who accepted the risks.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// status: approved
    /// sign_off:
    ///   measures_approved_by: {name: N. Hewison, role: Chief Executive}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// status: approved
    /// sign_off:
    ///   measures_approved_by: {name: N. Hewison, role: Chief Executive}
    ///   residual_risks_approved_by: {name: N. Hewison, role: Chief Executive}
    ///   dpo_advice:
    ///     provided_by: {name: Warwickshire Legal Services}
    ///     summary: The residual risks are not high; processing can proceed.
    ///   kept_under_review_by: {name: D. Mullis, role: GDPR Lead}
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 35(2) and 35(11); ICO DPIA template, step 7.
    pub struct ApprovedIncompleteSignOff;
    code: "G001",
    name: "approved-with-incomplete-sign-off",
    severity: Error,
    reference: "UK GDPR / GDPR Art 35(2), 35(11); ICO DPIA template step 7",
}

/// What a sign-off records for one row that must be filled.
struct Rows {
    /// Rows not filled, as `key` or `key (why)`.
    missing: Vec<String>,
    /// Rows whose signatory, or a signatory's name, is unknown or not
    /// captured, as `key is (which)`.
    open: Vec<String>,
}

impl Rows {
    /// Checks one row; `not_applicable` says whether the law lets it be
    /// marked not applicable here.
    fn row(
        &mut self,
        key: &str,
        row: Option<&Known<Signatories>>,
        not_applicable: Result<(), &str>,
    ) {
        match row {
            None => self.missing.push(format!("`{key}`")),
            Some(Known::Not(a)) => match (a.not, not_applicable) {
                (NoValue::NotApplicable, Ok(())) => {}
                (NoValue::NotApplicable, Err(why)) => self
                    .missing
                    .push(format!("`{key}` (marked not applicable, but {why})")),
                (open, _) => self.open.push(format!("`{key}` is {}", open.words())),
            },
            Some(Known::Is(people)) => {
                for (i, p) in people.as_slice().iter().enumerate() {
                    if let Known::Not(a) = &p.name
                        && a.not != NoValue::NotApplicable
                    {
                        let at = match people {
                            OneOrMany::One(_) => format!("{key}.name"),
                            OneOrMany::Many(_) => format!("{key}[{i}].name"),
                        };
                        self.open.push(format!("`{at}` is {}", a.not.words()));
                    }
                }
            }
        }
    }
}

impl Rule for ApprovedIncompleteSignOff {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        if a.status != Status::Approved || !ctx.is_dpia() {
            return;
        }
        let empty = SignOff::default();
        let sign_off = a.sign_off.as_ref().unwrap_or(&empty);
        let mut rows = Rows {
            missing: Vec::new(),
            open: Vec::new(),
        };
        rows.row(
            "measures_approved_by",
            sign_off.measures_approved_by.as_ref(),
            if a.measures.is_empty() {
                Ok(())
            } else {
                Err("measures are recorded")
            },
        );
        rows.row(
            "residual_risks_approved_by",
            sign_off.residual_risks_approved_by.as_ref(),
            if a.risks.is_empty() {
                Ok(())
            } else {
                Err("risks are recorded")
            },
        );
        if ctx.controller().is_some_and(|c| c.dpo.is_some()) {
            match &sign_off.dpo_advice {
                None => rows.missing.extend([
                    "`dpo_advice.provided_by`".into(),
                    "`dpo_advice.summary`".into(),
                ]),
                // Each advice (one per DPO, when several advise) is whole.
                Some(advices) => {
                    for (i, advice) in advices.as_slice().iter().enumerate() {
                        let at = match advices {
                            OneOrMany::One(_) => "dpo_advice".to_owned(),
                            OneOrMany::Many(_) => format!("dpo_advice[{i}]"),
                        };
                        rows.row(
                            &format!("{at}.provided_by"),
                            advice.provided_by.as_ref(),
                            Err("the controller has a DPO, whose advice Art 35(2) requires"),
                        );
                        if advice.summary.is_none() {
                            rows.missing.push(format!("`{at}.summary`"));
                        }
                    }
                }
            }
        }
        // Art 35(11) asks for a review "where necessary": someone may
        // judge that no one need keep it under review.
        rows.row(
            "kept_under_review_by",
            sign_off.kept_under_review_by.as_ref(),
            Ok(()),
        );
        let pointer = if a.sign_off.is_some() {
            "/sign_off"
        } else {
            "/status"
        };
        if !rows.open.is_empty() {
            out.push(
                ctx.open_question(
                    &Self::META,
                    pointer,
                    format_args!(
                        "assessment `{}` is approved, but its sign-off does not name everyone who signed: {}",
                        a.id,
                        join(&rows.open.iter().map(String::as_str).collect::<Vec<_>>())
                    ),
                    "not known who signed",
                )
                .with_help("record who signed if it becomes known; the report says which rows are not known"),
            );
        }
        if rows.missing.is_empty() {
            return;
        }
        let mut d = ctx.finding(
            &Self::META,
            "/status",
            format!(
                "assessment `{}` is approved but its sign-off lacks {}",
                a.id,
                join(&rows.missing.iter().map(String::as_str).collect::<Vec<_>>())
            ),
            "approved",
        );
        if a.sign_off.is_some() {
            d = ctx.also(d, "/sign_off", "the sign-off is here");
        }
        out.push(
            d.with_help("complete the ICO step 7 sign-off, or set `status` back to `in-review`"),
        );
    }
}
