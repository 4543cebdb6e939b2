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
    Arrangement, Controller, DocumentRow, Header, Role, ServedRow, SourceDocumentView, VersionRow,
};
pub use findings::{FindingCounts, FindingRow, SuppressedRow};
pub use inventory::{
    AnswerView, BasisRow, CategoryRow, FlowRow, Inventory, NamedRow, RecipientRow, RightsView,
    SubjectRow, SystemRow, TransferRow,
};
pub use matrix::{GridCell, GridRow, LevelView, MatrixView, RatingLevelView};
pub use narrative::{
    Answer, ConsultationView, ConsultedRow, CriterionRow, DescriptionView, NotConsultedRow,
    QuestionRow, ScreeningView,
};
pub use risks::{MeasureRow, RatingCount, RatingView, RiskRow};
pub use sign_off::{SignOffRow, SignOffView};

use crate::date::PartialDate;
use crate::i18n::Catalogue;
use crate::model::assessment::{Assessment, Status};
use crate::model::project::{Authority, Project};
use crate::pipeline::{Analysis, Checked};
use crate::present::markdown::{Block, to_tree};

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
    /// The signed approvals of this content; `signed.void`: approved, but
    /// they do not hold, and every page carries a mark saying so.
    pub signed: sign_off::SignedView,
    /// The digest of the content the report shows (`sha256:...`), what a
    /// sign-off binds to.
    pub digest: String,
    /// Its short form, for page footers.
    pub digest_short: String,
    /// Title, status and the other facts of the cover.
    pub assessment: Header,
    /// The controller (the organisation, which is the processor when
    /// `processor` is set).
    pub controller: Option<Controller>,
    /// The controllers that decide jointly with it (Art 26).
    pub joint_controllers: Vec<Controller>,
    /// The arrangement between the joint controllers (Art 26(1)).
    pub joint_arrangement: Option<Arrangement>,
    /// The organisation processes the data on behalf of other controllers
    /// (`role: processor`, an Art 30(2) record).
    pub processor: bool,
    /// The controllers it processes the data for.
    pub controllers_served: Vec<ServedRow>,
    /// The language tag of the report (`en-GB`, `nl`): the HTML `lang`,
    /// the PDF's language.
    pub lang: String,
    /// The catalogue of the report's language, as a tree (`t.report.kind`).
    pub t: serde_json::Value,
    /// "UK GDPR and the Data Protection Act 2018" or "EU GDPR", worded.
    pub law: String,
    /// The supervisory authority as a sentence names it ("the ICO", "the
    /// DPC", "the supervisory authority").
    pub authority: String,
    /// Where data is at home under the law: "the UK and the EEA", "the EEA".
    pub home: String,
    /// The mark of a destination outside it ("outside UK/EEA").
    pub outside: String,
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
    /// The words the drawings use.
    #[serde(skip)]
    pub figure_words: FigureWords,
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
    /// The mark across the PDF's pages (DRAFT, or that the approval is
    /// void) as outlines, when there is one and the font has its letters.
    pub mark: Option<PageMark>,
}

/// A page mark drawn as shapes, so that it is never extracted as text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageMark {
    /// The SVG: one translucent red path.
    pub svg: String,
    /// Its width in em of the mark's size.
    pub width_em: f64,
}

/// The words of a heat map, in the report's language.
#[derive(Debug, Clone)]
pub struct HeatmapWords {
    /// "Before measures (inherent risk)".
    pub inherent: String,
    /// "After measures (residual risk)".
    pub residual: String,
    /// "Risk heat map, {stage}: {risks}", the text alternative.
    pub alt: String,
    /// "no rated risks".
    pub no_risks: String,
    /// "{likelihood} likelihood, {severity} severity: {risks}", a line of
    /// the legend of crowded cells.
    pub legend: String,
    /// The axes: "Likelihood", "Severity".
    pub likelihood: String,
    /// See `likelihood`.
    pub severity: String,
}

/// The words a diagram uses, in the report's language.
#[derive(Debug, Clone)]
pub struct FlowWords {
    /// "Data flow diagram.", the start of the text alternative.
    pub alt: String,
    /// "{id}: {from} to {to}", a flow in the text alternative.
    pub step: String,
    /// "(transfer outside the UK and the EEA)".
    pub transfer: String,
    /// "Red, dashed: transfer to a country outside the UK and the EEA".
    pub legend: String,
    /// Why a diagram is not drawn: `{flows}`, `{boxes}`, `{max_flows}`, `{max_boxes}`.
    pub too_large: String,
    /// The mark of a box outside the controller's home ("outside UK/EEA").
    pub outside: String,
    /// The same with the country: "{outside}: {country}".
    pub outside_in: String,
    /// What each kind of box is ("processor"), by the kind's id.
    pub kinds: std::collections::BTreeMap<String, String>,
}

/// The words of a report's figures.
#[derive(Debug, Clone)]
pub struct FigureWords {
    /// Of the heat maps.
    pub heatmap: HeatmapWords,
    /// Of the data flow diagram.
    pub flow: FlowWords,
}

impl FigureWords {
    /// The words in a catalogue, with the law's home and mark of a
    /// destination outside it.
    #[must_use]
    pub fn new(w: &Catalogue, home: &str, outside: &str) -> FigureWords {
        let t = |key: &str| w.t(&format!("figure.{key}")).to_owned();
        FigureWords {
            heatmap: HeatmapWords {
                inherent: t("heatmap_inherent"),
                residual: t("heatmap_residual"),
                alt: t("heatmap_alt"),
                no_risks: t("heatmap_no_risks"),
                legend: t("heatmap_legend"),
                likelihood: t("likelihood"),
                severity: t("severity"),
            },
            flow: FlowWords {
                alt: t("flow_alt"),
                step: t("flow_alt_step"),
                transfer: w.f("figure.flow_alt_transfer", &[("home", &home)]),
                legend: w.f("figure.flow_legend", &[("home", &home)]),
                too_large: t("flow_too_large"),
                outside: outside.to_owned(),
                outside_in: t("flow_outside_in"),
                kinds: w
                    .keys()
                    .filter_map(|k| k.strip_prefix("figure.node."))
                    .map(|kind| (kind.to_owned(), t(&format!("node.{kind}"))))
                    .collect(),
            },
        }
    }

    /// The words of the reference catalogue under UK law.
    #[must_use]
    pub fn english() -> FigureWords {
        let w = crate::i18n::Catalogues::default().reference();
        FigureWords::new(
            &w,
            w.t("jurisdiction.uk.home"),
            w.t("jurisdiction.uk.outside"),
        )
    }
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
    pub label: String,
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
    let w = &model.catalogue;
    let digest = crate::model::digest::digest(a);
    let law = model.jurisdiction.as_str();
    let mut sign_off = sign_off::sign_off_view(a, w, model.authority.as_ref());
    let signed = sign_off::signed(
        &mut sign_off,
        checked.approvals.as_ref(),
        &project.signing,
        a.status == Status::Approved,
        project
            .config
            .approvals
            .as_ref()
            .map_or(&[][..], |s| s.required.as_slice()),
        w,
    );
    ReportContext {
        signed,
        generator: format!("dpia {}", env!("CARGO_PKG_VERSION")),
        report_date: report_day(a, analysis.date.stamp).map(|d| w.date(d)),
        draft: a.status != Status::Approved,
        digest_short: crate::model::digest::short(&digest).to_owned(),
        digest,
        lang: w.tag().to_owned(),
        t: w.tree(),
        law: w.t(&format!("jurisdiction.{law}.law")).to_owned(),
        authority: authority(w, model.authority.as_ref()),
        home: w.t(&format!("jurisdiction.{law}.home")).to_owned(),
        outside: w.t(&format!("jurisdiction.{law}.outside")).to_owned(),
        assessment: cover::header(a, w),
        controller: model
            .controller
            .map(|i| cover::controller(&project.config.organisations[i])),
        joint_controllers: model
            .joint_controllers
            .iter()
            .map(cover::joint_controller)
            .collect(),
        joint_arrangement: cover::joint_arrangement(a, w),
        processor: a.role == crate::model::assessment::Role::Processor,
        controllers_served: cover::controllers_served(a),
        people: cover::people(a, w),
        owner: cover::owner(a, w),
        version_history: cover::version_history(a, w),
        documents: cover::documents(a, w),
        source_document: cover::source_document(a, w),
        screening: narrative::screening(a, w),
        description: narrative::description(a, w),
        inventory: inventory::inventory(a, &names, w, model.home()),
        consultation: narrative::consultation(a, w),
        necessity: narrative::necessity(a, w),
        necessity_questions: narrative::necessity_questions(a, w),
        matrix: matrix::matrix_view(matrix, &matrix::risks_in_cells(checked), w),
        overall_residual: risks::overall_residual(checked, matrix),
        residual_counts: risks::residual_counts(checked, matrix),
        finding_counts: findings::finding_counts(analysis, checked, w),
        risks: risks::risk_rows(checked, w),
        measures: risks::measure_rows(a, w),
        sign_off,
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
        figure_words: FigureWords::new(
            w,
            w.t(&format!("jurisdiction.{law}.home")),
            w.t(&format!("jurisdiction.{law}.outside")),
        ),
    }
}

/// The supervisory authority as a sentence names it: "the ICO", "the
/// DPC", or "the supervisory authority" when none is known.
#[must_use]
pub fn authority(w: &Catalogue, authority: Option<&Authority>) -> String {
    match authority {
        Some(a) => w.f("authority.named", &[("authority", &a.in_sentences())]),
        None => w.t("authority.unnamed").to_owned(),
    }
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
