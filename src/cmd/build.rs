//! `dpia build`: check the assessments, then render each one's report into
//! the output folder, atomically, then the records of processing and the
//! portfolio dashboard. A broken assessment is reported at its line and
//! nothing is written for it; its previous report stays, and so do the
//! previous register and dashboard, which need every activity.

use std::path::Path;

use super::ExitStatus;
use crate::cli::BuildArgs;
use crate::diagnostic::Origin;
use crate::pipeline::{Checked, analyse, display_path};
use crate::render::pdf::PdfSettings;
use crate::render::register::{RegisterFormat, RegisterWriter};
use crate::render::reports::{Renderers, ReportFormat, write_all_reports};

/// Runs `dpia build`.
#[must_use]
pub fn run(project: Option<&Path>, args: &BuildArgs) -> ExitStatus {
    let Ok(cwd) = std::env::current_dir() else {
        eprintln!("error: cannot read the current folder");
        return ExitStatus::Error;
    };
    let options = crate::pipeline::Options {
        date: args.date.run_date(),
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
    let pdf = PdfSettings {
        pdf_a: args.pdf_a,
        untagged: args.pdf_untagged,
    };
    let renderers = match Renderers::new(templates, pdf) {
        Ok(renderers) => renderers,
        Err(message) => {
            super::eprint_error(&message);
            return ExitStatus::Error;
        }
    };
    // A record of processing without DPIA content has no report: the
    // register holds it.
    let dpias: Vec<&Checked> = analysis
        .assessments
        .iter()
        .filter(|c| c.model.assessment.has_dpia_content())
        .collect();
    let results = write_all_reports(&dpias, &analysis, &renderers, &out, &args.format);
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
        if super::report_written(&register, &cwd, "the previous file is kept") == ExitStatus::Error
        {
            status = ExitStatus::Error;
        }
    } else {
        eprintln!(
            "the records of processing and the dashboard cover every activity, so they are not written while an input is broken; the previous ones are kept"
        );
    }
    let _ = out.finish();
    // Notes (severity info, such as C004 or an open question) are not
    // findings a report lists; the summary counts what the reports do.
    let findings = analysis
        .diagnostics
        .iter()
        .filter(|d| d.origin == Origin::Rule && d.severity != crate::diagnostic::Severity::Info)
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
