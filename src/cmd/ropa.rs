//! `dpia ropa`: check the activities, then write the records of processing
//! (Art 30) as CSV, XLSX, HTML and PDF. The register covers every activity,
//! so it is written only when every file is well-formed: a broken file is
//! reported at its line and the previous register stays.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::ExitStatus;
use crate::cli::{RegisterFormat, RopaArgs};
use crate::date::PartialDate;
use crate::pipeline::{Analysis, analyse, display_path};
use crate::register::dashboard::build_dashboard;
use crate::register::{PROCESSOR_CSV, REGISTER_STEM, build_register, csv, xlsx};
use crate::report::html;
use crate::report::output::OutputDir;
use crate::report::pdf::{self, PdfJob, PdfSettings};
use crate::root::ProjectRoot;

/// The dashboard's file, relative to the output folder.
pub const DASHBOARD_FILE: &str = "index.html";

/// Runs `dpia ropa`.
#[must_use]
pub fn run(project: Option<&Path>, args: &RopaArgs) -> ExitStatus {
    let Ok(cwd) = std::env::current_dir() else {
        eprintln!("error: cannot read the current folder");
        return ExitStatus::Error;
    };
    let as_of = args.as_of.unwrap_or_else(crate::date::today);
    let analysis = analyse(project, &args.paths, &cwd, as_of);
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
        pdf: PdfSettings {
            pdf_a: args.pdf_a,
            untagged: args.pdf_untagged,
        },
        as_of,
    };
    let status = match writer.write_register(&analysis, &out, &args.format) {
        Ok(paths) => {
            for path in &paths {
                println!("wrote {}", display_path(path, &cwd));
            }
            eprintln!(
                "records of processing for {} activit{} written ({} file{})",
                analysis.assessments.len(),
                if analysis.assessments.len() == 1 {
                    "y"
                } else {
                    "ies"
                },
                paths.len(),
                if paths.len() == 1 { "" } else { "s" }
            );
            ExitStatus::Success
        }
        Err(message) => {
            super::eprint_error(&format!("{message}; the previous register is kept"));
            ExitStatus::Error
        }
    };
    let _ = out.finish();
    status
}

/// Prints the input errors of an analysis to stderr; true when there are
/// any (or no project), in which case nothing portfolio-wide is written.
#[must_use]
pub fn report_input_errors(analysis: &Analysis) -> bool {
    let input = super::print_input_errors(analysis);
    if analysis.project.is_none() {
        return true;
    }
    if !input.is_empty() {
        eprintln!(
            "error: the records of processing are not written: {} input error{} (above); the previous register is kept",
            input.len(),
            if input.len() == 1 { "" } else { "s" }
        );
        return true;
    }
    false
}

/// How the register and dashboard are written.
pub struct RegisterWriter {
    /// The project's templates folder, if any.
    pub templates: Option<ProjectRoot>,
    /// PDF settings.
    pub pdf: PdfSettings,
    /// The date of the register and of the dashboard's overdue counts.
    pub as_of: PartialDate,
}

impl RegisterWriter {
    /// Renders the register in `formats`, all in memory, then writes the
    /// files: a template error writes nothing.
    pub fn write_register(
        &self,
        analysis: &Analysis,
        out: &OutputDir,
        formats: &[RegisterFormat],
    ) -> Result<Vec<PathBuf>, String> {
        let project = analysis.project.as_ref().ok_or("no project")?;
        let register = build_register(&analysis.assessments, project, self.as_of);
        let rendered: Vec<Vec<(String, Vec<u8>)>> = formats
            .par_iter()
            .map(|format| -> Result<Vec<(String, Vec<u8>)>, String> {
                Ok(match format {
                    RegisterFormat::Csv => {
                        let mut files = vec![(
                            format!("{REGISTER_STEM}.csv"),
                            csv::to_csv(&register.controller)?,
                        )];
                        if let Some(processor) = &register.processor {
                            files.push((PROCESSOR_CSV.to_owned(), csv::to_csv(processor)?));
                        }
                        files
                    }
                    RegisterFormat::Xlsx => {
                        vec![(format!("{REGISTER_STEM}.xlsx"), xlsx::to_xlsx(&register)?)]
                    }
                    RegisterFormat::Html => {
                        let env = html::environment(self.templates.clone());
                        let page = html::render(&env, "register.html", &register)
                            .map_err(|e| super::build::template_error(&e))?;
                        vec![(format!("{REGISTER_STEM}.html"), page.into_bytes())]
                    }
                    RegisterFormat::Pdf => {
                        let template = pdf::template_named(
                            self.templates.as_ref(),
                            "register.typ",
                            pdf::REGISTER_TEMPLATE,
                        )?;
                        let data = serde_json::to_vec(&register)
                            .map_err(|e| format!("cannot encode the register: {e}"))?;
                        let bytes = pdf::compile(
                            PdfJob {
                                name: "register.typ",
                                template: &template,
                                data,
                                ident: REGISTER_STEM.to_owned(),
                                creator: register.generator.clone(),
                                day: Some(self.as_of),
                            },
                            self.templates.clone(),
                            self.pdf,
                        )
                        .map_err(|e| format!("the PDF of the register failed: {e}"))?;
                        vec![(format!("{REGISTER_STEM}.pdf"), bytes)]
                    }
                })
            })
            .collect::<Result<_, _>>()?;
        let mut written = Vec::new();
        for (name, bytes) in rendered.into_iter().flatten() {
            let path = out
                .write(Path::new(&name), &bytes)
                .map_err(|e| format!("cannot write {name}: {e}"))?;
            written.push(path);
        }
        // A processor register from an earlier run no longer applies.
        if formats.contains(&RegisterFormat::Csv) && register.processor.is_none() {
            let stale = out.root().join(PROCESSOR_CSV);
            if stale.is_file() {
                std::fs::remove_file(&stale)
                    .map_err(|e| format!("cannot remove the stale {PROCESSOR_CSV}: {e}"))?;
            }
        }
        Ok(written)
    }

    /// Renders and writes the portfolio dashboard.
    pub fn write_dashboard(&self, analysis: &Analysis, out: &OutputDir) -> Result<PathBuf, String> {
        let dashboard = build_dashboard(analysis, self.as_of, &format!("{REGISTER_STEM}.html"));
        let env = html::environment(self.templates.clone());
        let page = html::render(&env, "dashboard.html", &dashboard)
            .map_err(|e| super::build::template_error(&e))?;
        out.write(Path::new(DASHBOARD_FILE), page.as_bytes())
            .map_err(|e| format!("cannot write {DASHBOARD_FILE}: {e}"))
    }
}
