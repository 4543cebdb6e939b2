//! `dpia ropa`: check the activities, then write the records of processing
//! (Art 30) as CSV, XLSX, HTML and PDF. The register covers every activity,
//! so it is written only when every file is well-formed: a broken file is
//! reported at its line and the previous register stays.

use std::path::Path;

use super::{ExitStatus, report_input_errors, report_written};
use crate::cli::RopaArgs;
use crate::pipeline::analyse;
use crate::present::register::build_register;
use crate::render::register::RegisterWriter;

/// Runs `dpia ropa`.
#[must_use]
pub fn run(project: Option<&Path>, args: &RopaArgs) -> ExitStatus {
    let Ok(cwd) = std::env::current_dir() else {
        eprintln!("error: cannot read the current folder");
        return ExitStatus::Error;
    };
    let Ok(pdf) = super::pdf_settings(&args.pdf) else {
        return ExitStatus::Error;
    };
    let analysis = analyse(project, &args.paths, &cwd, args.date.run_date());
    if report_input_errors(&analysis) {
        return ExitStatus::Error;
    }
    let Some(project) = &analysis.project else {
        return ExitStatus::Error;
    };
    let out = match super::output_dir(project, args.out.as_ref(), &cwd) {
        Ok(out) => out,
        Err(status) => return status,
    };
    let Ok(templates) = project.templates() else {
        return ExitStatus::Error;
    };
    let writer = RegisterWriter {
        templates,
        pdf,
        csv_bom: args.csv.csv_bom,
        record: None,
    };
    let register = build_register(&analysis.assessments, project, analysis.date.as_of);
    let (activities, as_of) = (analysis.assessments.len(), analysis.date.as_of);
    // The register holds all it shows: the analysis goes before rendering.
    drop(analysis);
    let written = writer.write_register(&register, as_of, &out, &args.format);
    let status = report_written(&written, &cwd, "the previous file is kept");
    if !super::quiet() {
        eprintln!(
            "records of processing for {} activit{} written ({} file{})",
            activities,
            if activities == 1 { "y" } else { "ies" },
            written.paths.len(),
            if written.paths.len() == 1 { "" } else { "s" }
        );
    }
    let _ = out.finish();
    status
}
