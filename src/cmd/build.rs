//! `dpia build`: check the assessments, then render each one's report into
//! the output folder, atomically, then the records of processing and the
//! portfolio dashboard. A broken assessment is reported at its line and
//! nothing is written for it; its previous report stays, and so do the
//! previous register and dashboard, which need every activity.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::ExitStatus;
use super::ropa::RegisterWriter;
use crate::cli::{BuildArgs, RegisterFormat, ReportFormat};
use crate::diagnostic::Origin;
use crate::pipeline::{Analysis, Checked, analyse, display_path};
use crate::report::context::{build_context, report_day};
use crate::report::output::OutputDir;
use crate::report::pdf::{self, PdfSettings};
use crate::report::{draw_figures, html};
use crate::root::ProjectRoot;

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

/// Runs `dpia build`.
#[must_use]
pub fn run(project: Option<&Path>, args: &BuildArgs) -> ExitStatus {
    let Ok(cwd) = std::env::current_dir() else {
        eprintln!("error: cannot read the current folder");
        return ExitStatus::Error;
    };
    let as_of = args.as_of.unwrap_or_else(crate::date::today);
    let options = crate::pipeline::Options {
        as_of,
        strict: args.strict,
    };
    let analysis = analyse(project, &args.paths, &cwd, options);
    let input = super::print_input_errors(&analysis);
    let Some(project) = &analysis.project else {
        return ExitStatus::Error;
    };
    let out = match super::output_dir(project, args.out.as_ref(), &cwd) {
        Ok(out) => out,
        Err(status) => return status,
    };
    // `check` (the analysis) reports a templates folder that may not be
    // read; a build stops on it.
    let Ok(templates) = project.templates() else {
        return ExitStatus::Error;
    };
    let typst = match pdf::template(templates.as_ref()) {
        Ok(text) => text,
        Err(message) => {
            super::eprint_error(&message);
            return ExitStatus::Error;
        }
    };
    let renderers = Renderers {
        html: html::environment(templates.clone()),
        typst,
        templates,
        pdf: PdfSettings {
            pdf_a: args.pdf_a,
            untagged: args.pdf_untagged,
        },
    };
    // A record of processing without DPIA content has no report: the
    // register holds it.
    let dpias: Vec<&Checked> = analysis
        .assessments
        .iter()
        .filter(|c| c.model.assessment.has_dpia_content())
        .collect();
    let results: Vec<Result<Vec<PathBuf>, String>> = dpias
        .par_iter()
        .map(|checked| build_one(checked, &analysis, &renderers, &out, &args.format))
        .collect();
    let mut status = if input.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Error
    };
    let mut written = 0;
    let mut reports = 0;
    for result in results {
        match result {
            Ok(paths) => {
                reports += 1;
                for path in paths {
                    println!("wrote {}", display_path(&path, &cwd));
                    written += 1;
                }
            }
            Err(message) => {
                super::eprint_error(&message);
                status = ExitStatus::Error;
            }
        }
    }
    let mut portfolio_written = false;
    if input.is_empty() {
        let writer = RegisterWriter {
            templates: renderers.templates.clone(),
            pdf: renderers.pdf,
            as_of,
        };
        let mut formats = vec![RegisterFormat::Csv, RegisterFormat::Xlsx];
        if args.format.contains(&ReportFormat::Html) {
            formats.push(RegisterFormat::Html);
        }
        if args.format.contains(&ReportFormat::Pdf) {
            formats.push(RegisterFormat::Pdf);
        }
        // Each register format and the dashboard stand alone: one that
        // fails keeps its previous file and costs none of the others.
        let mut register = writer.write_register(&analysis, &out, &formats);
        match writer.write_dashboard(&analysis, &out) {
            Ok(path) => register.paths.push(path),
            Err(message) => register.failures.push(message),
        }
        written += register.paths.len();
        portfolio_written = register.failures.is_empty();
        if super::ropa::report_written(&register, &cwd, "the previous file is kept")
            == ExitStatus::Error
        {
            status = ExitStatus::Error;
        }
    } else {
        eprintln!(
            "the records of processing and the dashboard cover every activity, so they are not written while an input is broken; the previous ones are kept"
        );
    }
    let _ = out.finish();
    let findings = analysis
        .diagnostics
        .iter()
        .filter(|d| d.origin == Origin::Rule)
        .count();
    let records = analysis.assessments.len();
    let portfolio = if portfolio_written {
        format!(
            ", and the register and dashboard of {records} activit{}",
            if records == 1 { "y" } else { "ies" }
        )
    } else {
        String::new()
    };
    eprintln!(
        "{written} file{} written: the reports of {reports} DPIA{}{}{portfolio}; {findings} finding{} (dpia check shows them; each report lists its own)",
        if written == 1 { "" } else { "s" },
        if reports == 1 { "" } else { "s" },
        if reports < dpias.len() {
            format!(" (of {})", dpias.len())
        } else {
            String::new()
        },
        if findings == 1 { "" } else { "s" },
    );
    status
}

/// The two renderers, configured once per build.
struct Renderers {
    /// The minijinja environment.
    html: minijinja::Environment<'static>,
    /// The typst report template.
    typst: String,
    /// The project's templates folder, which the typst world may read.
    templates: Option<ProjectRoot>,
    /// PDF settings.
    pdf: PdfSettings,
}

/// Renders and writes the reports of one assessment.
fn build_one(
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
                report_day(&checked.model.assessment),
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

/// A template error, located in its template.
pub(crate) fn template_error(e: &minijinja::Error) -> String {
    let mut message = format!("template error: {}", e.kind());
    if let Some(detail) = e.detail() {
        message.push_str(&format!(": {detail}"));
    }
    if let (Some(name), Some(line)) = (e.name(), e.line()) {
        message.push_str(&format!(" (templates/{name}, line {line})"));
    }
    message
}
