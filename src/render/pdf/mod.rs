//! The PDF renderer: the report context as JSON, compiled in-process by
//! typst with the report template (`templates/report.typ`), exported with
//! fixed metadata so the same input always gives the same bytes.
//!
//! The template reads the data with `json("/data.json")` and renders the
//! Markdown trees with its own functions: no part of the author's text is
//! ever typst source.

pub mod world;

use typst::WorldExt;
use typst::diag::{Severity as TypstSeverity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::date::PartialDate;
use crate::present::report::ReportContext;
use crate::root::ProjectRoot;
use world::ReportWorld;

/// The default report template, embedded from `templates/report.typ`.
pub const DEFAULT_TEMPLATE: &str = include_str!("../../../templates/report.typ");

/// How a PDF is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PdfSettings {
    /// Conform to PDF/A-2b (archival).
    pub pdf_a: bool,
    /// Write a tagged (accessible) PDF; on unless turned off.
    pub untagged: bool,
}

/// The default register template, embedded from `templates/register.typ`.
pub const REGISTER_TEMPLATE: &str = include_str!("../../../templates/register.typ");

/// The report template: the project's `templates/report.typ` if it has
/// one, else the default.
pub fn template(project_templates: Option<&ProjectRoot>) -> Result<String, String> {
    template_named(project_templates, "report.typ", DEFAULT_TEMPLATE)
}

/// The project's `templates/<name>` if it has one, else `default`; an
/// error when the project's may not be read.
pub fn template_named(
    project_templates: Option<&ProjectRoot>,
    name: &str,
    default: &str,
) -> Result<String, String> {
    crate::render::html::project_template(project_templates, name)
        .map(|text| text.unwrap_or_else(|| default.to_owned()))
}

/// One PDF to compile: the template (and its file name, for errors), the
/// data it reads as `/data.json`, and the document's identity and date.
pub struct PdfJob<'a> {
    /// File name of the template, such as `register.typ`.
    pub name: &'a str,
    /// Its text.
    pub template: &'a str,
    /// The data, as JSON.
    pub data: Vec<u8>,
    /// The PDF's identifier (stable across builds).
    pub ident: String,
    /// The creator tool.
    pub creator: String,
    /// The date the document carries; it also freezes `datetime.today()`.
    pub day: Option<PartialDate>,
    /// No other document compiles meanwhile: typst's memoised work (of the
    /// reports before it, then of this one) is dropped before compiling and
    /// again before export (see [`compile`]).
    pub alone: bool,
}

/// Compiles the report of one context to PDF bytes. `day` is the date the
/// report carries (it also freezes `datetime.today()`).
pub fn render_pdf(
    context: &ReportContext,
    template: &str,
    project_templates: Option<ProjectRoot>,
    day: Option<PartialDate>,
    settings: PdfSettings,
) -> Result<Vec<u8>, String> {
    let data =
        serde_json::to_vec(context).map_err(|e| format!("cannot encode the report data: {e}"))?;
    compile(
        report_job(context, data, template, day),
        project_templates,
        settings,
    )
}

/// The PDF job of a report: `data` is the context as JSON.
#[must_use]
pub fn report_job<'a>(
    context: &ReportContext,
    data: Vec<u8>,
    template: &'a str,
    day: Option<PartialDate>,
) -> PdfJob<'a> {
    PdfJob {
        name: "report.typ",
        template,
        data,
        ident: context.assessment.id.clone(),
        creator: context.generator.clone(),
        day,
        alone: false,
    }
}

/// Compiles a template with its data to PDF bytes.
///
/// # Panics
/// Never: the fallback date 2000-01-01 is valid.
pub fn compile(
    job: PdfJob<'_>,
    project_templates: Option<ProjectRoot>,
    settings: PdfSettings,
) -> Result<Vec<u8>, String> {
    let datetime = job.day.and_then(|d| {
        let (y, m, d) = d.first_day();
        Datetime::from_ymd(i32::from(y), m, d)
    });
    let frozen = datetime.unwrap_or_else(|| Datetime::from_ymd(2000, 1, 1).expect("a valid date"));
    let world = ReportWorld::named(job.name, job.template, job.data, project_templates, frozen);
    if job.alone {
        typst::comemo::evict(0);
    }
    let compiled = typst::compile::<PagedDocument>(&world);
    let document = compiled
        .output
        .map_err(|errors| describe(&world, &errors))?;
    if job.alone {
        // The document holds all export needs; what typst memoised on the
        // way (layouts of the earlier passes, evaluated content) is dropped
        // first: a tenth of a 5,000-record register's memory.
        typst::comemo::evict(0);
    }
    let standards = if settings.pdf_a {
        PdfStandards::new(&[PdfStandard::A_2b]).map_err(|e| format!("PDF/A-2b: {}", e.message()))?
    } else {
        PdfStandards::default()
    };
    let options = PdfOptions {
        ident: Smart::Custom(job.ident),
        creator: Smart::Custom(Some(job.creator)),
        timestamp: datetime
            .and_then(|d| Datetime::from_ymd_hms(d.year()?, d.month()?, d.day()?, 0, 0, 0))
            .map(Timestamp::new_utc),
        page_ranges: None,
        standards,
        tagged: !settings.untagged,
        pretty: false,
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| describe(&world, &errors));
    // typst memoises layout and evaluation in a global cache (comemo) that
    // nothing empties: left alone it kept every report's work, about 31 MB
    // a report, for the whole build. What the last compilations did not
    // reuse is dropped, so a build's memory does not grow with the number
    // of reports; what every report reuses (the template, fonts) stays.
    typst::comemo::evict(EVICT_AFTER);
    pdf
}

/// How many compilations a memoised result may go unused before it is
/// dropped ([`typst::comemo::evict`]). Reports share little but the
/// template and fonts, and a larger cache costs more than it saves: on 100
/// copies of one DPIA, 2 was the fastest of 0, 1, 2, 4, 8 and 16, on one
/// thread and on two (which then ran 1.84x one; 16 ran 1.56x, and
/// memory grew with the age: 155 MB at 0, 215 MB at 2, 650 MB at 16).
const EVICT_AFTER: usize = 2;

/// Typst errors as one message, each located in the template when it can be.
fn describe(world: &ReportWorld, errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .filter(|e| e.severity == TypstSeverity::Error)
        .map(|e| {
            let place = e.span.id().and_then(|id| {
                let range = world.range(e.span)?;
                let source = typst::World::source(world, id).ok()?;
                let line = source.lines().byte_to_line(range.start)? + 1;
                let name = id.vpath().get_without_slash().to_owned();
                Some(format!("templates/{name}, line {line}: "))
            });
            let mut message = format!("{}{}", place.unwrap_or_default(), e.message);
            for hint in &e.hints {
                message.push_str(&format!(" (hint: {})", hint.v));
            }
            message
        })
        .collect::<Vec<_>>()
        .join("; ")
}
