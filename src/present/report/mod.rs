//! The one object that crosses the render boundary: a serialisable view of a
//! resolved, scored assessment, its findings and its organisation.
//!
//! The HTML templates and the typst document read only this. Everything is
//! already decided here: labels are worded, ratings computed, references
//! resolved to names, dates formatted, Markdown parsed (the raw text for the
//! HTML filter, a tree for typst). Free text stays the author's data.

mod cover;
mod findings;
mod inventory;
mod matrix;
mod narrative;
mod risks;
mod sign_off;

use serde::Serialize;

pub use cover::{
    Arrangement, Controller, DocumentRow, Header, Role, SourceDocumentView, VersionRow,
};
pub use findings::{FindingCounts, FindingRow, SuppressedRow};
pub use inventory::{
    BasisRow, CategoryRow, FlowRow, Inventory, NamedRow, RecipientRow, SubjectRow, SystemRow,
    TransferRow,
};
pub use matrix::{GridCell, GridRow, LevelView, MatrixView, RatingLevelView};
pub use narrative::{
    Answer, ConsultationView, ConsultedRow, CriterionRow, DescriptionView, NotConsultedRow,
    QuestionRow, ScreeningView,
};
pub use risks::{MeasureRow, RatingCount, RatingView, RiskRow};
pub use sign_off::{SignOffRow, SignOffView};

use crate::date::PartialDate;
use crate::model::assessment::{Assessment, Status};
use crate::model::project::{Jurisdiction, Project};
use crate::pipeline::{Analysis, Checked};
use crate::present::markdown::{Block, to_tree};
use crate::present::wording::format_date;

/// Markdown text: as written (for the HTML `markdown` filter) and as a tree
/// (for the typst template).
#[derive(Debug, Clone, Serialize)]
pub struct Md {
    /// The author's text, verbatim.
    pub text: String,
    /// The parsed blocks.
    pub tree: Vec<Block>,
}

impl Md {
    fn new(text: &str) -> Md {
        Md {
            text: text.to_owned(),
            tree: to_tree(text),
        }
    }

    fn of(text: Option<&String>) -> Option<Md> {
        text.map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .map(Md::new)
    }
}

/// Everything a report shows.
#[derive(Debug, Clone, Serialize)]
pub struct ReportContext {
    /// The tool and version that made the report.
    pub generator: String,
    /// The date printed on the report: `SOURCE_DATE_EPOCH`, else the
    /// assessment's last update or creation date.
    pub report_date: Option<String>,
    /// Not approved: every page carries a DRAFT mark.
    pub draft: bool,
    /// Title, status and the other facts of the cover.
    pub assessment: Header,
    /// The controller.
    pub controller: Option<Controller>,
    /// The controllers that decide jointly with it (Art 26).
    pub joint_controllers: Vec<Controller>,
    /// The arrangement between the joint controllers (Art 26(1)).
    pub joint_arrangement: Option<Arrangement>,
    /// "UK GDPR and the Data Protection Act 2018" or "EU GDPR".
    pub law: &'static str,
    /// "the ICO" or "the supervisory authority".
    pub authority: &'static str,
    /// People with named roles.
    pub people: Vec<Role>,
    /// The document owner the assessment names (`people.owner`), for the
    /// cover; none when it names none (never guessed from another role,
    /// which the list of people shows as what it is).
    pub owner: Option<Role>,
    /// Versions, oldest first.
    pub version_history: Vec<VersionRow>,
    /// Supporting documents.
    pub documents: Vec<DocumentRow>,
    /// Where an imported assessment came from.
    pub source_document: Option<SourceDocumentView>,
    /// ICO step 1.
    pub screening: Option<ScreeningView>,
    /// ICO step 2, narrative.
    pub description: Option<DescriptionView>,
    /// Data inventory.
    pub inventory: Inventory,
    /// ICO step 3.
    pub consultation: Option<ConsultationView>,
    /// ICO step 4: each answered question.
    pub necessity: Vec<Answer>,
    /// ICO step 4 checklists.
    pub necessity_questions: Vec<QuestionRow>,
    /// The risk matrix used.
    pub matrix: MatrixView,
    /// ICO step 5 and 6: the risk register.
    pub risks: Vec<RiskRow>,
    /// The highest residual rating.
    pub overall_residual: Option<RatingView>,
    /// How many risks end at each residual rating, highest first.
    pub residual_counts: Vec<RatingCount>,
    /// How many findings of each severity the checks gave.
    pub finding_counts: FindingCounts,
    /// Measures and the action plan.
    pub measures: Vec<MeasureRow>,
    /// ICO step 7.
    pub sign_off: SignOffView,
    /// The compliance findings.
    pub findings: Vec<FindingRow>,
    /// Findings the assessment suppresses, with the reasons.
    pub suppressed: Vec<SuppressedRow>,
    /// The project file's settings that loosen the checks (G008), such as
    /// `R001 off`: the cover and Annex A say so.
    pub loosened: Vec<String>,
    /// Whether the build ignored them (`--strict`).
    pub strict: bool,
    /// Anything else.
    pub notes: Option<Md>,
    /// SVG drawings, filled in by the renderer's drawing step.
    pub figures: Figures,
}

/// SVG figures (generated by dpia; every text in them is escaped).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Figures {
    /// Risks rated without a likelihood and a severity (a stated rating
    /// only), which a heat map cannot place: before the measures.
    pub unplaced_inherent: Vec<String>,
    /// The same after the measures.
    pub unplaced_residual: Vec<String>,
    /// The data flow diagram.
    pub data_flow: Option<String>,
    /// Why there is no diagram though there are flows (too many to draw).
    pub data_flow_omitted: Option<String>,
    /// The heat map before the measures.
    pub heatmap_inherent: Option<String>,
    /// The heat map after the measures.
    pub heatmap_residual: Option<String>,
    /// The text alternative of each figure (what it shows, in words): the
    /// SVG carries it as its `aria-label`, the PDF as the image's `/Alt`.
    pub alt: FigureAlt,
}

/// The text alternatives of a report's figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FigureAlt {
    /// Of the data flow diagram.
    pub data_flow: Option<String>,
    /// Of the heat map before the measures.
    pub heatmap_inherent: Option<String>,
    /// Of the heat map after the measures.
    pub heatmap_residual: Option<String>,
}

/// A label and a value.
#[derive(Debug, Clone, Serialize)]
pub struct LabelValue {
    /// What it is.
    pub label: &'static str,
    /// The value.
    pub value: String,
}

/// Builds the view of one assessment: every section, worded and resolved.
#[must_use]
pub fn build_context(checked: &Checked, project: &Project, analysis: &Analysis) -> ReportContext {
    let model = &checked.model;
    let a = &model.assessment;
    let matrix = &model.matrix;
    let names = inventory::Names(a);
    ReportContext {
        generator: format!("dpia {}", env!("CARGO_PKG_VERSION")),
        report_date: report_date(a, analysis.date.stamp),
        draft: a.status != Status::Approved,
        assessment: cover::header(a),
        controller: model
            .controller
            .map(|i| cover::controller(&project.config.organisations[i])),
        joint_controllers: model
            .joint_controllers
            .iter()
            .map(cover::joint_controller)
            .collect(),
        joint_arrangement: cover::joint_arrangement(a),
        law: match model.jurisdiction {
            Jurisdiction::Uk => "UK GDPR and the Data Protection Act 2018",
            Jurisdiction::Eu => "EU GDPR",
        },
        authority: match model.jurisdiction {
            Jurisdiction::Uk => "the ICO",
            Jurisdiction::Eu => "the supervisory authority",
        },
        people: cover::people(a),
        owner: cover::owner(a),
        version_history: cover::version_history(a),
        documents: cover::documents(a),
        source_document: cover::source_document(a),
        screening: narrative::screening(a),
        description: narrative::description(a),
        inventory: inventory::inventory(a, &names),
        consultation: narrative::consultation(a),
        necessity: narrative::necessity(a),
        necessity_questions: narrative::necessity_questions(a),
        matrix: matrix::matrix_view(matrix, &matrix::risks_in_cells(checked)),
        overall_residual: risks::overall_residual(checked, matrix),
        residual_counts: risks::residual_counts(checked, matrix),
        finding_counts: findings::finding_counts(analysis, checked),
        risks: risks::risk_rows(checked),
        measures: risks::measure_rows(a),
        sign_off: sign_off::sign_off_view(a),
        findings: findings::finding_rows(analysis, checked),
        suppressed: findings::suppressed_rows(analysis, model.file),
        loosened: analysis.loosened_summaries(),
        strict: analysis.strict,
        notes: Md::of(a.notes.as_ref()),
        figures: Figures {
            unplaced_inherent: matrix::unplaced(checked, false),
            unplaced_residual: matrix::unplaced(checked, true),
            ..Figures::default()
        },
    }
}

/// The date on the report, formatted. Never the clock.
fn report_date(a: &Assessment, stamp: Option<PartialDate>) -> Option<String> {
    report_day(a, stamp).map(format_date)
}

/// The day a report carries: the run's stamp when a reproducible build
/// asks for one (`SOURCE_DATE_EPOCH`), else the assessment's last update,
/// approval, creation or latest version date.
#[must_use]
pub fn report_day(a: &Assessment, stamp: Option<PartialDate>) -> Option<PartialDate> {
    stamp.or_else(|| {
        a.dates
            .updated
            .or(a.dates.approved)
            .or(a.dates.created)
            .or_else(|| a.version_history.iter().rev().find_map(|v| v.date))
    })
}
