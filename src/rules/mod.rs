//! Compliance rules: one file per rule, one ordered table of them all.
//!
//! Each rule is a unit struct declared with `rule!`, whose doc comment has
//! fixed headings (What it checks / Why it matters / Example / References).
//! That comment is what `dpia explain CODE` prints. A code never changes
//! meaning: retire a rule rather than reuse its code.

use crate::date::PartialDate;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::project::RuleLevel;
use crate::yaml::Document;

use crate::model::approvals::Record;
use crate::model::assessment::Assessment;
use crate::model::project::{Jurisdiction, Organisation, Project};
use crate::model::resolve::Model;
use crate::scoring::ScoredAssessment;
use crate::source::FileId;

mod a001_record_incomplete;
mod a002_record_where_possible;
mod c001_processor_without_contract;
mod c002_sharing_without_agreement;
mod c003_sub_processor_not_authorised;
mod c004_processor_not_checked;
mod c005_joint_controllers_without_arrangement;
mod d001_dpia_content_missing;
mod d002_no_dpo_advice;
mod d003_no_consultation;
mod d004_review_not_planned;
mod g001_approved_incomplete_sign_off;
mod g002_not_signed_off;
mod g003_dpo_overruled_without_reasons;
mod g004_consultation_departs_without_reasons;
mod g005_dpo_approves_residual_risks;
mod g006_review_overdue;
mod g007_pre_gdpr_never_revisited;
mod g008_loosened_gate;
mod g009_approval_void;
mod g010_approval_not_verified;
mod g011_approved_without_signed_approval;
mod l001_special_category_without_art9;
mod l002_criminal_offence_without_art10;
mod l003_purpose_without_art6_basis;
mod l004_public_authority_legitimate_interests;
mod l005_legitimate_interests_without_assessment;
mod l006_consent_without_withdrawal;
mod l007_art9_without_schedule_1_condition;
mod l008_schedule_1_without_policy_document;
mod l009_right_not_given_by_basis;
mod p001_category_without_retention;
mod p002_no_privacy_notice;
mod r001_unmitigated_high_risk;
mod r002_risk_without_measure;
mod r003_stated_rating_mismatch;
mod r004_unscored_risk;
mod r005_residual_above_inherent;
mod r006_eliminated_with_residual;
mod r007_accepted_without_reason;
mod r008_measure_overdue;
mod r009_approved_unapproved_measure;
mod r010_claimed_rating;
mod r011_reduced_without_reduction;
mod s001_dpia_required_but_missing;
mod s002_screening_against_criteria;
mod s003_screening_decision_disagrees;
mod s004_criterion_implied;
mod s005_unscreened_but_indicated;
mod t001_transfer_without_mechanism;
mod t002_transfer_without_risk_assessment;
mod t003_public_authority_derogation;
mod t004_compelling_interests_undocumented;
mod t005_eu_sccs_without_uk_addendum;

/// C004, whose notes the dashboard counts.
pub use c004_processor_not_checked::ProcessorNotChecked;

/// What is known about a rule without running it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleMeta {
    /// Stable code, e.g. `R001`.
    pub code: &'static str,
    /// Short kebab-case name.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// Legal reference.
    pub reference: &'static str,
    /// Documentation with fixed headings, from the rule's doc comment.
    pub doc: &'static str,
}

impl RuleMeta {
    /// The documentation as printed by `dpia explain`: the doc comment with
    /// the one leading space of each line removed.
    #[must_use]
    pub fn documentation(&self) -> String {
        let mut out = String::new();
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// The rule's page: its code, name, severity and reference, then its
    /// documentation. What `dpia explain` prints, SARIF's help and
    /// `docs/rules/<code>.md` hold.
    #[must_use]
    pub fn page(&self) -> String {
        format!(
            "# {} {}\n\nDefault severity: {}. Reference: {}.\n\n{}",
            self.code,
            self.name,
            self.severity.as_str(),
            self.reference,
            self.documentation()
        )
    }

    /// The first sentence of "What it checks", for listings.
    #[must_use]
    pub fn summary(&self) -> String {
        let doc = self.documentation();
        let body = doc
            .split("## What it checks")
            .nth(1)
            .unwrap_or(&doc)
            .split("##")
            .next()
            .unwrap_or_default();
        let text = body.split_whitespace().collect::<Vec<_>>().join(" ");
        match text.find(". ") {
            Some(i) => text[..=i].to_owned(),
            None => text,
        }
    }
}

/// What a rule is: implemented by `rule!` from the rule's declaration.
pub trait Described {
    /// Code, name, severity, reference and documentation.
    fn meta(&self) -> &'static RuleMeta;
}

/// A compliance rule: the check itself (its metadata comes from `rule!`).
pub trait Rule: Described + Sync {
    /// Adds a finding to `out` for each problem in the assessment.
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>);
}

/// Declares a rule struct with its metadata; the doc comment becomes the
/// rule's documentation.
macro_rules! rule {
    (
        $(#[doc = $doc:expr])*
        pub struct $name:ident;
        code: $code:literal,
        name: $rule_name:literal,
        severity: $severity:ident,
        reference: $reference:literal $(,)?
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            /// The rule's metadata and documentation.
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                code: $code,
                name: $rule_name,
                severity: $crate::diagnostic::Severity::$severity,
                reference: $reference,
                doc: concat!($($doc, "\n"),*),
            };
        }

        impl $crate::rules::Described for $name {
            fn meta(&self) -> &'static $crate::rules::RuleMeta {
                &Self::META
            }
        }
    };
}
pub(crate) use rule;

/// Every rule, in the order findings are reported within one place.
pub static RULES: &[&dyn Rule] = &[
    &r001_unmitigated_high_risk::UnmitigatedHighRisk,
    &r002_risk_without_measure::RiskWithoutMeasure,
    &r003_stated_rating_mismatch::StatedRatingMismatch,
    &r004_unscored_risk::UnscoredRisk,
    &r005_residual_above_inherent::ResidualAboveInherent,
    &r006_eliminated_with_residual::EliminatedWithResidual,
    &r007_accepted_without_reason::AcceptedWithoutReason,
    &r008_measure_overdue::MeasureOverdue,
    &r009_approved_unapproved_measure::ApprovedUnapprovedMeasure,
    &r010_claimed_rating::ClaimedRating,
    &r011_reduced_without_reduction::ReducedWithoutReduction,
    &l001_special_category_without_art9::SpecialCategoryWithoutArt9,
    &l002_criminal_offence_without_art10::CriminalOffenceWithoutArt10,
    &l003_purpose_without_art6_basis::PurposeWithoutArt6Basis,
    &l004_public_authority_legitimate_interests::PublicAuthorityLegitimateInterests,
    &l005_legitimate_interests_without_assessment::LegitimateInterestsWithoutAssessment,
    &l006_consent_without_withdrawal::ConsentWithoutWithdrawal,
    &l007_art9_without_schedule_1_condition::Art9WithoutSchedule1Condition,
    &l008_schedule_1_without_policy_document::Schedule1WithoutPolicyDocument,
    &l009_right_not_given_by_basis::RightNotGivenByBasis,
    &p001_category_without_retention::CategoryWithoutRetention,
    &p002_no_privacy_notice::NoPrivacyNotice,
    &g001_approved_incomplete_sign_off::ApprovedIncompleteSignOff,
    &g002_not_signed_off::NotSignedOff,
    &g003_dpo_overruled_without_reasons::DpoOverruledWithoutReasons,
    &g004_consultation_departs_without_reasons::ConsultationDepartsWithoutReasons,
    &g005_dpo_approves_residual_risks::DpoApprovesResidualRisks,
    &g006_review_overdue::ReviewOverdue,
    &g007_pre_gdpr_never_revisited::PreGdprNeverRevisited,
    &g008_loosened_gate::LoosenedGate,
    &g009_approval_void::ApprovalVoid,
    &g010_approval_not_verified::ApprovalNotVerified,
    &g011_approved_without_signed_approval::ApprovedWithoutSignedApproval,
    &d001_dpia_content_missing::DpiaContentMissing,
    &d002_no_dpo_advice::NoDpoAdvice,
    &d003_no_consultation::NoConsultation,
    &d004_review_not_planned::ReviewNotPlanned,
    &s001_dpia_required_but_missing::DpiaRequiredButMissing,
    &s002_screening_against_criteria::ScreeningAgainstCriteria,
    &s003_screening_decision_disagrees::ScreeningDecisionDisagrees,
    &s004_criterion_implied::CriterionImplied,
    &s005_unscreened_but_indicated::UnscreenedButIndicated,
    &a001_record_incomplete::RecordIncomplete,
    &a002_record_where_possible::RecordWherePossible,
    &c001_processor_without_contract::ProcessorWithoutContract,
    &c002_sharing_without_agreement::SharingWithoutAgreement,
    &c003_sub_processor_not_authorised::SubProcessorNotAuthorised,
    &c004_processor_not_checked::ProcessorNotChecked,
    &c005_joint_controllers_without_arrangement::JointControllersWithoutArrangement,
    &t001_transfer_without_mechanism::TransferWithoutMechanism,
    &t002_transfer_without_risk_assessment::TransferWithoutRiskAssessment,
    &t003_public_authority_derogation::PublicAuthorityDerogation,
    &t004_compelling_interests_undocumented::CompellingInterestsUndocumented,
    &t005_eu_sccs_without_uk_addendum::EuSccsWithoutUkAddendum,
];

/// The rule with this code (case-insensitive).
#[must_use]
pub fn find_rule(code: &str) -> Option<&'static dyn Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.meta().code.eq_ignore_ascii_case(code))
}

/// What a rule sees: the resolved assessment, its scores and the project.
pub struct Context<'a> {
    /// The resolved assessment.
    pub model: &'a Model,
    /// Its parsed file, for locating findings.
    pub doc: &'a Document,
    /// Its ratings.
    pub scored: &'a ScoredAssessment,
    /// The project.
    pub project: &'a Project,
    /// The date date-based rules judge against (`--as-of`).
    pub as_of: PartialDate,
    /// The assessment's signed approvals, checked, and their parsed file.
    pub approvals: Option<(&'a Record, &'a Document)>,
    /// The project's screening policy and the screening outcome, worked
    /// out once for all the screening rules.
    screening: std::cell::OnceCell<(crate::model::policy::Screening, crate::screening::Outcome)>,
}

impl Context<'_> {
    /// The assessment as written.
    #[must_use]
    pub fn assessment(&self) -> &Assessment {
        &self.model.assessment
    }

    /// The assessment's parsed file.
    #[must_use]
    pub fn doc(&self) -> &Document {
        self.doc
    }

    /// The controller, if known.
    #[must_use]
    pub fn controller(&self) -> Option<&Organisation> {
        self.model
            .controller
            .map(|i| &self.project.config.organisations[i])
    }

    /// "the ICO" in the UK, "the supervisory authority" elsewhere.
    #[must_use]
    pub fn authority(&self) -> &'static str {
        match self.model.jurisdiction {
            Jurisdiction::Uk => "the ICO",
            Jurisdiction::Eu => "the supervisory authority",
        }
    }

    /// A finding of `meta`'s rule at the node `pointer` names.
    #[must_use]
    pub fn finding(
        &self,
        meta: &'static RuleMeta,
        pointer: &str,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Diagnostic {
        finding_in(meta, self.doc(), pointer, message, label)
    }

    /// A finding about the controller, at its entry in the project file
    /// (`/organisations/N` + `pointer`); at the assessment's `/id` when
    /// there is no project file. Its text must not name the assessment, so
    /// that the same finding from several activities is reported once.
    #[must_use]
    pub fn controller_finding(
        &self,
        meta: &'static RuleMeta,
        pointer: &str,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Diagnostic {
        match (&self.project.document, self.model.controller) {
            (Some(doc), Some(index)) => finding_in(
                meta,
                doc,
                &format!("/organisations/{index}{pointer}"),
                message,
                label,
            ),
            _ => self.finding(meta, "/id", message, label),
        }
    }

    /// A finding that asks rather than accuses: the author says that a
    /// value the rule needs is unknown or was not captured from the source
    /// (`{not: known}`, `{not: captured}`). Its message starts "open
    /// question:" and it is information: listed everywhere findings are,
    /// never failing a check or counted as an error or warning.
    #[must_use]
    pub fn open_question(
        &self,
        meta: &'static RuleMeta,
        pointer: &str,
        message: impl std::fmt::Display,
        label: impl Into<String>,
    ) -> Diagnostic {
        let mut d = self.finding(meta, pointer, format!("open question: {message}"), label);
        d.severity = Severity::Info;
        d
    }

    /// Adds a secondary label at another node.
    #[must_use]
    pub fn also(&self, d: Diagnostic, pointer: &str, label: impl Into<String>) -> Diagnostic {
        let (file, range) = self.doc().span(pointer);
        d.with_label(file, range, label)
    }

    /// Whether the file is a DPIA (holds DPIA content) rather than only a
    /// record of processing.
    #[must_use]
    pub fn is_dpia(&self) -> bool {
        self.assessment().has_dpia_content()
    }

    /// What the screening concludes under the project's policy.
    #[must_use]
    pub fn screening(&self) -> &crate::screening::Outcome {
        &self.screened().1
    }

    /// The transfer policy for the activity: the project's adequacy lists
    /// for its law, with its controller's own country at home.
    #[must_use]
    pub fn transfer_policy(&self) -> crate::model::policy::Transfers {
        let mut policy = self.project.config.transfer_policy(self.model.jurisdiction);
        policy.home_country.clone_from(&self.model.country);
        policy
    }

    /// The project's screening policy.
    #[must_use]
    pub fn screening_policy(&self) -> &crate::model::policy::Screening {
        &self.screened().0
    }

    fn screened(&self) -> &(crate::model::policy::Screening, crate::screening::Outcome) {
        self.screening.get_or_init(|| {
            let policy = self.project.config.screening_policy();
            let outcome = crate::screening::screen(self.assessment(), &policy);
            (policy, outcome)
        })
    }

    /// Each risk with its index, ratings and resolved levels.
    pub fn risks(&self) -> impl Iterator<Item = RiskView<'_>> {
        self.assessment()
            .risks
            .iter()
            .zip(&self.scored.risks)
            .zip(&self.model.levels)
            .enumerate()
            .map(|(index, ((risk, score), levels))| RiskView {
                index,
                risk,
                score,
                levels,
            })
    }

    /// Whether the activity still runs on the as-of date: not superseded,
    /// and no `dates.end` before it. Date-based rules judge only these.
    #[must_use]
    pub fn is_current(&self) -> bool {
        let a = self.assessment();
        a.status != crate::model::assessment::Status::Superseded
            && !a.dates.end.is_some_and(|end| self.is_past(end))
    }

    /// Whether a date is wholly before the as-of date.
    #[must_use]
    pub fn is_past(&self, date: PartialDate) -> bool {
        date.last_day() < self.as_of.first_day()
    }

    /// The next review date and where it is written
    /// ([`Assessment::next_review`]).
    #[must_use]
    pub fn next_review(&self) -> Option<(PartialDate, &'static str)> {
        self.assessment().next_review()
    }

    /// A finding about a DPIA's completeness: the rule's severity once the
    /// DPIA is submitted, a warning while it is a draft (unless the project
    /// sets the rule's severity).
    #[must_use]
    pub fn completeness_finding(
        &self,
        meta: &'static RuleMeta,
        pointer: &str,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Diagnostic {
        let mut d = self.finding(meta, pointer, message, label);
        if self.assessment().status == crate::model::assessment::Status::Draft {
            d.severity = d.severity.min(Severity::Warning);
        }
        d
    }

    /// The label of a rating index of the assessment's matrix.
    #[must_use]
    pub fn rating_label(&self, rating: usize) -> &str {
        &self.model.matrix.ratings()[rating].label
    }
}

/// Whether optional text is missing or shows nothing: only white space and
/// invisible characters (a zero-width space is not a reason).
#[must_use]
pub fn blank(text: Option<&str>) -> bool {
    text.is_none_or(|t| !crate::escape::has_visible_text(t))
}

/// Items as prose: "a", "a and b", "a, b and c".
#[must_use]
pub fn join(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A finding of `meta`'s rule at the node `pointer` names in `doc`.
pub(crate) fn finding_in(
    meta: &'static RuleMeta,
    doc: &Document,
    pointer: &str,
    message: impl Into<String>,
    label: impl Into<String>,
) -> Diagnostic {
    let (file, range) = doc.span(pointer);
    let mut d =
        Diagnostic::finding(meta.code, meta.severity, message).with_label(file, range, label);
    d.reference = Some(meta.reference);
    d.rule_name = Some(meta.name);
    d
}

/// One risk as the rules see it.
pub struct RiskView<'a> {
    /// Position in `risks`, for pointers such as `/risks/{index}/residual`.
    pub index: usize,
    /// The risk as written.
    pub risk: &'a crate::model::assessment::Risk,
    /// Its ratings.
    pub score: &'a crate::scoring::RiskScore,
    /// Its resolved levels and stated ratings.
    pub levels: &'a crate::model::resolve::RiskLevels,
}

/// A finding the assessment suppresses, with the author's reason.
#[derive(Debug, Clone)]
pub struct Suppressed {
    /// The finding as the rule gave it.
    pub diagnostic: Diagnostic,
    /// Why it does not apply.
    pub reason: String,
}

/// E212 for a rule code that names no rule, at `(file, range)`.
fn unknown_code(
    code: &str,
    file: crate::source::FileId,
    range: std::ops::Range<usize>,
) -> Diagnostic {
    let mut d = Diagnostic::input("E212", format!("there is no rule `{code}`")).with_label(
        file,
        range,
        "unknown rule code",
    );
    d = match crate::suggest::suggest(code, RULES.iter().map(|r| r.meta().code)) {
        Some(s) => d.with_help(format!("did you mean `{s}`? (`dpia rules` lists them)")),
        None => d.with_help("`dpia rules` lists the rules and their codes"),
    };
    d
}

/// Checks the rule codes of the project's `rules:` settings.
#[must_use]
pub fn check_settings(project: &Project) -> Vec<Diagnostic> {
    let (Some(settings), Some(doc)) = (&project.config.rules, &project.document) else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    for (code, level) in settings {
        let (file, range) = doc.key_span(&format!("/rules/{}", crate::yaml::escape_token(code)));
        match find_rule(code) {
            None => problems.push(unknown_code(code, file, range)),
            Some(rule)
                if UNYIELDING.contains(&rule.meta().code) && loosens(rule.meta(), *level) =>
            {
                problems.push(unyielding(rule.meta().code, file, range));
            }
            Some(_) => {}
        }
    }
    problems
}

/// Rules a project cannot turn off or down and an assessment cannot
/// suppress: the one that reports loosening of the gate, and those that
/// report approvals that do not hold (an author could otherwise silence
/// the finding that their change voided an approval).
pub const UNYIELDING: &[&str] = &["G008", "G009", "G010", "G011"];

/// A setting of the project file that loosens the gate: a rule turned off
/// or from error down to warning, or a custom matrix whose highest rating
/// needs no prior consultation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loosening {
    /// In a few words, for summary lines: `R001 off`, `R004 warning`,
    /// `matrix lenient never requires prior consultation`.
    pub summary: String,
    /// The sentence of the G008 finding.
    pub message: String,
    /// Where it is set.
    pub file: crate::source::FileId,
    /// The span of the setting.
    pub range: std::ops::Range<usize>,
    /// Label at the span.
    pub label: String,
    /// What to do about it.
    pub help: &'static str,
}

/// Whether setting a rule to `level` puts it below its default severity:
/// off, or from error down to warning.
fn loosens(rule: &RuleMeta, level: RuleLevel) -> bool {
    match level {
        RuleLevel::Off => true,
        RuleLevel::Warning => rule.severity == Severity::Error,
        RuleLevel::Error => false,
    }
}

/// Every setting of the project that loosens the gate, in the order of
/// the project file.
#[must_use]
pub fn loosening(project: &Project) -> Vec<Loosening> {
    let mut found = Vec::new();
    let Some(doc) = &project.document else {
        return found;
    };
    for (code, level) in project.config.rules.iter().flatten() {
        let Some(rule) = find_rule(code) else {
            continue;
        };
        let meta = rule.meta();
        if !loosens(meta, *level) {
            continue;
        }
        let word = match level {
            RuleLevel::Off => "off",
            RuleLevel::Warning => "warning",
            RuleLevel::Error => "error",
        };
        let (file, range) = doc.span(&format!("/rules/{}", crate::yaml::escape_token(code)));
        found.push(Loosening {
            summary: format!("{} {word}", meta.code),
            message: format!(
                "the project sets rule {} ({}) to {word}; its default is {}: {}",
                meta.code,
                meta.name,
                meta.severity.as_str(),
                if *level == RuleLevel::Off {
                    "its findings are not reported"
                } else {
                    "its findings no longer fail the check"
                }
            ),
            file,
            range,
            label: format!("below its default, {}", meta.severity.as_str()),
            help: "keep the rule's default (remove this line), or run `dpia check --strict` in CI to ignore it",
        });
    }
    for matrix in &project.matrices {
        let crate::model::matrix::MatrixOrigin::File { file, span } = &matrix.origin else {
            continue;
        };
        let Some(top) = matrix.ratings().last() else {
            continue;
        };
        if top.requires_prior_consultation {
            continue;
        }
        found.push(Loosening {
            summary: format!("matrix {} never requires prior consultation", matrix.id()),
            message: format!(
                "the highest rating of the matrix `{}`, {}, does not require prior consultation: no risk rated with it can fail R001 (Art 36(1))",
                matrix.id(),
                top.label
            ),
            file: *file,
            range: span.start..span.start,
            label: "this matrix".to_owned(),
            help: "give its highest rating `requires_prior_consultation: true`, or run `dpia check --strict` in CI to treat it so",
        });
    }
    found
}

/// Ignores the loosening in a project (`--strict`): rules keep at least
/// their default severity, and the highest rating of every matrix requires
/// prior consultation.
pub fn tighten(project: &mut Project) {
    if let Some(levels) = &mut project.config.rules {
        levels
            .retain(|code, level| find_rule(code).is_none_or(|rule| !loosens(rule.meta(), *level)));
    }
    for matrix in &mut project.matrices {
        if matrix
            .ratings()
            .last()
            .is_some_and(|top| !top.requires_prior_consultation)
        {
            let matrix = std::sync::Arc::make_mut(matrix);
            if let Some(top) = matrix.def.ratings.last_mut() {
                top.requires_prior_consultation = true;
            }
        }
    }
}

/// E214 for a setting or suppression of a rule that cannot be turned down.
fn unyielding(
    code: &str,
    file: crate::source::FileId,
    range: std::ops::Range<usize>,
) -> Diagnostic {
    let what = if code == "G008" {
        "what loosens the gate"
    } else {
        "approvals that do not hold"
    };
    Diagnostic::input(
        "E214",
        format!("rule `{code}` reports {what}; it cannot be turned off, down or suppressed"),
    )
    .with_label(file, range, "not allowed")
    .with_help("remove this entry")
}

/// Fewest words a suppression's reason must have: a reason says why the
/// rule does not apply, which takes more than "n/a" or a zero-width space.
pub const REASON_WORDS: usize = 2;

/// Checks an assessment's `suppress:` list: each names a rule (E212) and
/// gives a reason with words (E213).
#[must_use]
pub fn check_suppressions(a: &Assessment, doc: &Document) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (i, s) in a.suppress.iter().enumerate() {
        let (file, range) = doc.span(&format!("/suppress/{i}/rule"));
        match find_rule(&s.rule) {
            None => problems.push(unknown_code(&s.rule, file, range)),
            Some(rule) if UNYIELDING.contains(&rule.meta().code) => {
                problems.push(unyielding(rule.meta().code, file, range));
            }
            Some(_) => {}
        }
        let words = crate::escape::word_count(&s.reason);
        if words < REASON_WORDS {
            let (file, range) = doc.span(&format!("/suppress/{i}/reason"));
            problems.push(
                Diagnostic::input(
                    "E213",
                    format!(
                        "the reason for suppressing `{}` has {} word{}: a reason says why the rule does not apply",
                        s.rule,
                        words,
                        if words == 1 { "" } else { "s" }
                    ),
                )
                .with_label(file, range, format!("at least {REASON_WORDS} words"))
                .with_help("write why the finding does not apply to this activity; white space and invisible characters are not words"),
            );
        }
    }
    problems
}

/// Applies the project's severities (`rules: {CODE: off|warning|error}`)
/// and the assessment's suppressions to the findings of its file (`file`):
/// what is kept, and what is suppressed with its reason.
#[must_use]
pub fn apply_settings(
    findings: Vec<Diagnostic>,
    a: &Assessment,
    file: FileId,
    project: &Project,
) -> (Vec<Diagnostic>, Vec<Suppressed>) {
    let mut kept = Vec::new();
    let mut suppressed = Vec::new();
    for mut d in findings {
        let level = project.config.rules.as_ref().and_then(|r| r.get(d.code));
        // A severity setting moves the rule's findings, but not its open
        // questions: information from a rule whose findings are not.
        let open_question = d.severity == Severity::Info
            && find_rule(d.code).is_some_and(|r| r.meta().severity != Severity::Info);
        match level {
            Some(RuleLevel::Off) => continue,
            Some(RuleLevel::Warning) if !open_question => d.severity = Severity::Warning,
            Some(RuleLevel::Error) if !open_question => d.severity = Severity::Error,
            _ => {}
        }
        // A suppression covers its own file's findings only: not what the
        // same rule finds in the project file (a controller's details).
        let own = d.file_id() == Some(file);
        match a.suppress.iter().find(|s| own && s.rule == d.code) {
            Some(s) => suppressed.push(Suppressed {
                diagnostic: d,
                reason: s.reason.clone(),
            }),
            None => kept.push(d),
        }
    }
    (kept, suppressed)
}

/// Runs every rule over a resolved, scored assessment.
#[must_use]
pub fn check(
    model: &Model,
    doc: &Document,
    scored: &ScoredAssessment,
    project: &Project,
    as_of: PartialDate,
    approvals: Option<(&Record, &Document)>,
) -> Vec<Diagnostic> {
    let ctx = Context {
        model,
        doc,
        scored,
        project,
        as_of,
        approvals,
        screening: std::cell::OnceCell::new(),
    };
    let mut out = Vec::new();
    for rule in RULES {
        rule.check(&ctx, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_docs_have_the_fixed_headings() {
        let mut codes = Vec::new();
        for rule in RULES {
            let meta = rule.meta();
            assert!(!codes.contains(&meta.code), "duplicate code {}", meta.code);
            codes.push(meta.code);
            let doc = meta.documentation();
            for heading in [
                "## What it checks",
                "## Why it matters",
                "## Example",
                "## References",
            ] {
                assert!(doc.contains(heading), "{} lacks {heading}", meta.code);
            }
            assert!(!meta.summary().is_empty());
        }
    }
}
