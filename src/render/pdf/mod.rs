//! The PDF renderer: the report context as JSON, compiled in-process by
//! typst with the report template (`templates/report.typ`), exported with
//! fixed metadata so the same input always gives the same bytes.
//!
//! The template reads the data with `json("/data.json")` and renders the
//! Markdown trees with its own functions: no part of the author's text is
//! ever typst source.

pub mod worker;
pub mod world;

use serde::{Deserialize, Serialize};
use typst::WorldExt;
use typst::diag::{Severity as TypstSeverity, SourceDiagnostic};
use typst::foundations::Label;
use typst::foundations::{Datetime, Smart};
use typst::introspection::Introspector;
use typst::layout::Point;
use typst::model::Document;
use typst::utils::PicoStr;
use typst_layout::{Page, PagedDocument};
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::date::PartialDate;
use crate::present::report::ReportContext;
use crate::root::ProjectRoot;
use world::ReportWorld;

/// The default report template, embedded from `templates/report.typ`.
pub const DEFAULT_TEMPLATE: &str = include_str!("../../../templates/report.typ");

/// A standard a PDF can claim and conform to (`--pdf-standard`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize, Deserialize)]
pub enum Standard {
    /// PDF/A-2b, archival: it looks the same in years to come.
    #[value(name = "a-2b")]
    A2b,
    /// PDF/A-2u: as a-2b, and its text extracts as Unicode.
    #[value(name = "a-2u")]
    A2u,
    /// PDF/A-2a: as a-2u, and tagged (accessible).
    #[value(name = "a-2a")]
    A2a,
    /// PDF/A-3b: as a-2b, and files may be embedded.
    #[value(name = "a-3b")]
    A3b,
    /// PDF/A-3u.
    #[value(name = "a-3u")]
    A3u,
    /// PDF/A-3a.
    #[value(name = "a-3a")]
    A3a,
    /// PDF/UA-1, accessible: tagged, titled, its language stated.
    #[value(name = "ua-1")]
    Ua1,
}

impl Standard {
    /// typst's name for it.
    fn typst(self) -> PdfStandard {
        match self {
            Standard::A2b => PdfStandard::A_2b,
            Standard::A2u => PdfStandard::A_2u,
            Standard::A2a => PdfStandard::A_2a,
            Standard::A3b => PdfStandard::A_3b,
            Standard::A3u => PdfStandard::A_3u,
            Standard::A3a => PdfStandard::A_3a,
            Standard::Ua1 => PdfStandard::Ua_1,
        }
    }

    /// Its name: `PDF/A-2b`, `PDF/UA-1`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Standard::A2b => "PDF/A-2b",
            Standard::A2u => "PDF/A-2u",
            Standard::A2a => "PDF/A-2a",
            Standard::A3b => "PDF/A-3b",
            Standard::A3u => "PDF/A-3u",
            Standard::A3a => "PDF/A-3a",
            Standard::Ua1 => "PDF/UA-1",
        }
    }

    /// Whether it asks for a tagged PDF.
    fn needs_tags(self) -> bool {
        matches!(self, Standard::A2a | Standard::A3a | Standard::Ua1)
    }
}

/// How a PDF is written: the standards it conforms to (none by default:
/// a tagged PDF 1.7 claiming no standard) and whether it is tagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PdfSettings {
    /// The PDF/A level (archival), if one.
    pub archival: Option<Standard>,
    /// Conform to PDF/UA-1 (accessible).
    pub universal: bool,
    /// Write an untagged PDF; tagged (accessible) unless turned off.
    pub untagged: bool,
}

impl PdfSettings {
    /// The settings of `--pdf-a` (PDF/A-2b), `--pdf-standard` and
    /// `--pdf-untagged`, or why they cannot go together: two PDF/A levels,
    /// an untagged PDF claiming a standard that needs tags, or a pair typst
    /// cannot write together.
    pub fn new(pdf_a: bool, standards: &[Standard], untagged: bool) -> Result<PdfSettings, String> {
        let mut settings = PdfSettings {
            untagged,
            ..PdfSettings::default()
        };
        let chosen = pdf_a
            .then_some(Standard::A2b)
            .into_iter()
            .chain(standards.iter().copied());
        for standard in chosen {
            if standard == Standard::Ua1 {
                settings.universal = true;
            } else {
                match settings.archival {
                    Some(other) if other != standard => {
                        return Err(format!(
                            "a PDF conforms to one PDF/A level, not both {} and {}",
                            other.name(),
                            standard.name()
                        ));
                    }
                    _ => settings.archival = Some(standard),
                }
            }
            if untagged && standard.needs_tags() {
                return Err(format!(
                    "{} needs a tagged PDF: leave out --pdf-untagged",
                    standard.name()
                ));
            }
        }
        settings.standards()?;
        Ok(settings)
    }

    /// The standards claimed, as typst takes them.
    fn standards(self) -> Result<PdfStandards, String> {
        let list: Vec<Standard> = self
            .archival
            .into_iter()
            .chain(self.universal.then_some(Standard::Ua1))
            .collect();
        let names: Vec<&str> = list.iter().map(|s| s.name()).collect();
        let typst: Vec<PdfStandard> = list.iter().map(|s| s.typst()).collect();
        PdfStandards::new(&typst).map_err(|e| format!("{}: {}", names.join(" and "), e.message()))
    }

    /// Whether the PDF is archival (PDF/A), which needs a document date.
    #[must_use]
    pub fn is_archival(self) -> bool {
        self.archival.is_some()
    }
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
    /// The data of the footer pass, given the number of pages: a template
    /// that asks for it (`templates/register.typ`) is compiled a second
    /// time with it, and the pages that makes are drawn over the first's
    /// (see [`compile`]); `None` compiles the template once.
    pub footers: Option<&'a dyn Fn(usize) -> Result<Vec<u8>, String>>,
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
        footers: None,
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
    let world = ReportWorld::named(
        job.name,
        job.template,
        job.data,
        project_templates.clone(),
        frozen,
    );
    if job.alone {
        typst::comemo::evict(0);
    }
    let compiled = typst::compile::<PagedDocument>(&world);
    let mut document = compiled
        .output
        .map_err(|errors| describe(&world, &errors))?;
    if job.alone {
        // The document holds all export needs; what typst memoised on the
        // way (layouts of the earlier passes, evaluated content) is dropped
        // first: a tenth of a 5,000-record register's memory.
        typst::comemo::evict(0);
    }
    if let Some(footers) = job.footers
        && draws_footers_apart(&document)
    {
        let data = footers(document.pages().len())?;
        let world = ReportWorld::named(job.name, job.template, data, project_templates, frozen);
        document = with_footers(document, &world, job.name)?;
        if job.alone {
            typst::comemo::evict(0);
        }
    }
    let standards = settings.standards()?;
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

/// The label by which a template says it draws its footers in a pass of
/// their own (see `templates/register.typ`).
const FOOTER_PASS: &str = "dpia-footer-pass";

/// The keys the footer pass's data holds (`render::register`'s
/// `FooterPass`), as its errors name them.
const FOOTER_PASS_KEYS: &str =
    "generator, lang, t, regulation, title, as_of, as_of_label and footer_pages";

/// Whether the template of `document` draws its footers in a pass of their
/// own.
fn draws_footers_apart(document: &PagedDocument) -> bool {
    Label::new(PicoStr::intern(FOOTER_PASS))
        .is_some_and(|label| document.introspector().label_count(label) > 0)
}

/// Draws the pages of the footer pass, compiled in `world`, over the pages
/// of `document`, one over one.
///
/// A footer such as "page 3 of 2,012" needs the page count, which typst
/// knows only after laying every page out twice, the first layout kept
/// while it makes the second. The register of 1,000 Camden records (2,012
/// pages) peaked at 427 MB that way and at 368 MB this way, and its two
/// layouts took about a tenth longer than one. The output is the same,
/// byte for byte (tested).
///
/// The footer pass lays out the footers alone (twice, but they are small),
/// over as many empty pages, each the size of its page. Each of its pages
/// is a group drawn after the body, as typst draws a footer, its text
/// marked as an artifact as typst marks a footer.
fn with_footers(
    document: PagedDocument,
    world: &ReportWorld,
    name: &str,
) -> Result<PagedDocument, String> {
    let compiled = typst::compile::<PagedDocument>(world);
    let footers = compiled.output.map_err(|errors| {
        format!(
            "in the footer pass of templates/{name} (`footer_pages` set; the data holds only {FOOTER_PASS_KEYS}): {}",
            describe(world, &errors)
        )
    })?;
    let (count, made) = (document.pages().len(), footers.pages().len());
    if made != count {
        return Err(format!(
            "templates/{name}: its footer pass must make as many pages as `footer_pages` ({count}), and made {made}"
        ));
    }
    let pairs = document.pages().iter().zip(footers.pages());
    if let Some(number) = pairs
        .enumerate()
        .find(|(_, (page, footer))| page.frame.size() != footer.frame.size())
        .map(|(i, _)| i + 1)
    {
        return Err(format!(
            "templates/{name}: page {number} of its footer pass is not the size of page {number} of the document; a template with a footer pass keeps one page size"
        ));
    }
    let info = document.info().clone();
    let mut pages: Vec<Page> = document.pages().to_vec();
    // The pages' items are shared with `document` until it goes.
    drop(document);
    for (page, footer) in pages.iter_mut().zip(footers.pages()) {
        page.frame.push_frame(Point::zero(), footer.frame.clone());
    }
    Ok(PagedDocument::new(pages.into_iter().collect(), info))
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
