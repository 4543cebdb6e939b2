//! Writing the DPIA reports: the renderers configured once per build, and
//! one assessment's reports (HTML and PDF) rendered from its view model and
//! written atomically into the output folder.

use std::path::{Path, PathBuf};

use super::figures::draw_figures;
use super::html::{self, template_error};
use super::output::OutputDir;
use super::pdf::{self, PdfSettings};
use crate::pipeline::{Analysis, Checked};
use crate::present::report::{build_context, report_day};
use crate::root::ProjectRoot;

/// Report formats of `dpia build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML page per assessment.
    Html,
    /// One PDF per assessment.
    Pdf,
}

/// Where the report of an assessment goes, relative to the output folder:
/// `dpia/<id>.html` and `dpia/<id>.pdf`.
#[must_use]
pub fn report_path(id: &str, format: ReportFormat) -> PathBuf {
    let extension = match format {
        ReportFormat::Html => "html",
        ReportFormat::Pdf => "pdf",
    };
    Path::new("dpia").join(format!("{id}.{extension}"))
}

/// The two renderers, configured once per build.
pub struct Renderers {
    /// The minijinja environment.
    html: minijinja::Environment<'static>,
    /// The typst report template.
    typst: String,
    /// The project's templates folder, which the typst world may read.
    pub templates: Option<ProjectRoot>,
    /// PDF settings.
    pub pdf: PdfSettings,
}

impl Renderers {
    /// Configures both renderers with the project's templates folder (which
    /// may override the bundled templates).
    pub fn new(templates: Option<ProjectRoot>, pdf: PdfSettings) -> Result<Renderers, String> {
        let typst = pdf::template(templates.as_ref())?;
        Ok(Renderers {
            html: html::environment(templates.clone()),
            typst,
            templates,
            pdf,
        })
    }
}

/// Renders and writes the reports of one assessment, in each format;
/// returns the paths written.
pub fn write_reports(
    checked: &Checked,
    analysis: &Analysis,
    renderers: &Renderers,
    out: &OutputDir,
    formats: &[ReportFormat],
) -> Result<Vec<PathBuf>, String> {
    let project = analysis.project.as_ref().ok_or("no project")?;
    let mut context = build_context(checked, project, analysis);
    draw_figures(&mut context, checked);
    let id = &checked.model.assessment.id;
    let mut written = Vec::new();
    for format in formats {
        let bytes = match format {
            ReportFormat::Html => html::render_report(&renderers.html, &context)
                .map_err(|e| template_error(&e))?
                .into_bytes(),
            ReportFormat::Pdf => pdf::render_pdf(
                &context,
                &renderers.typst,
                renderers.templates.clone(),
                report_day(&checked.model.assessment, analysis.date.stamp),
                renderers.pdf,
            )
            .map_err(|e| format!("the PDF of `{id}` failed: {e}"))?,
        };
        let path = out
            .write(&report_path(id, *format), &bytes)
            .map_err(|e| format!("cannot write the report of `{id}`: {e}"))?;
        written.push(path);
    }
    Ok(written)
}
