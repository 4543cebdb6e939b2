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
use crate::register::{PROCESSOR_CSV, REGISTER_STEM, RegisterContext, build_register, csv, xlsx};
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
    let written = writer.write_register(&analysis, &out, &args.format);
    let status = report_written(&written, &cwd, "the previous file is kept");
    eprintln!(
        "records of processing for {} activit{} written ({} file{})",
        analysis.assessments.len(),
        if analysis.assessments.len() == 1 {
            "y"
        } else {
            "ies"
        },
        written.paths.len(),
        if written.paths.len() == 1 { "" } else { "s" }
    );
    let _ = out.finish();
    status
}

/// Prints what writing the register did: the files written, its warnings
/// and its failures (each followed by `kept`); an error status if any
/// format failed.
#[must_use]
pub fn report_written(written: &Written, cwd: &Path, kept: &str) -> ExitStatus {
    for path in &written.paths {
        println!("wrote {}", display_path(path, cwd));
    }
    for warning in &written.warnings {
        eprintln!("warning: {}", crate::escape::inline(warning));
    }
    for failure in &written.failures {
        super::eprint_error(&format!("{failure}; {kept}"));
    }
    if written.failures.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Error
    }
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

/// What writing the register did.
#[derive(Debug, Default)]
pub struct Written {
    /// The files written.
    pub paths: Vec<PathBuf>,
    /// Things the user should know (a cell cut to fit Excel).
    pub warnings: Vec<String>,
    /// Formats that could not be rendered or written; their previous files
    /// are kept.
    pub failures: Vec<String>,
}

/// One format of the register, rendered.
struct Rendered {
    /// File name and bytes of each file.
    files: Vec<(String, Vec<u8>)>,
    /// Warnings.
    warnings: Vec<String>,
}

impl Rendered {
    fn files(files: Vec<(String, Vec<u8>)>) -> Rendered {
        Rendered {
            files,
            warnings: Vec::new(),
        }
    }
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
    /// Renders the register in each of `formats`, in memory, then writes
    /// the files of each format that rendered. A format that fails (a
    /// template error) costs only itself: its previous file is kept, and
    /// the others are written.
    #[must_use]
    pub fn write_register(
        &self,
        analysis: &Analysis,
        out: &OutputDir,
        formats: &[RegisterFormat],
    ) -> Written {
        let mut written = Written::default();
        let Some(project) = analysis.project.as_ref() else {
            written.failures.push("no project".to_owned());
            return written;
        };
        let register = build_register(&analysis.assessments, project, self.as_of);
        let rendered: Vec<(RegisterFormat, Result<Rendered, String>)> = formats
            .par_iter()
            .map(|format| (*format, self.render(*format, &register)))
            .collect();
        for (format, result) in rendered {
            let rendered = match result {
                Ok(rendered) => rendered,
                Err(message) => {
                    written.failures.push(message);
                    continue;
                }
            };
            written.warnings.extend(rendered.warnings);
            for (name, bytes) in rendered.files {
                match out.write(Path::new(&name), &bytes) {
                    Ok(path) => written.paths.push(path),
                    Err(e) => written.failures.push(format!("cannot write {name}: {e}")),
                }
            }
            // A processor register from an earlier run no longer applies.
            if format == RegisterFormat::Csv && register.processor.is_none() {
                let stale = out.root().join(PROCESSOR_CSV);
                if stale.is_file()
                    && let Err(e) = std::fs::remove_file(&stale)
                {
                    written
                        .failures
                        .push(format!("cannot remove the stale {PROCESSOR_CSV}: {e}"));
                }
            }
        }
        written
    }

    /// The files of one format of the register, and its warnings.
    fn render(
        &self,
        format: RegisterFormat,
        register: &RegisterContext,
    ) -> Result<Rendered, String> {
        Ok(match format {
            RegisterFormat::Csv => {
                let mut files = vec![(
                    format!("{REGISTER_STEM}.csv"),
                    csv::to_csv(&register.controller)?,
                )];
                if let Some(processor) = &register.processor {
                    files.push((PROCESSOR_CSV.to_owned(), csv::to_csv(processor)?));
                }
                Rendered::files(files)
            }
            RegisterFormat::Xlsx => {
                let name = format!("{REGISTER_STEM}.xlsx");
                let book = xlsx::to_xlsx(register).map_err(|e| format!("{name}: {e}"))?;
                Rendered {
                    warnings: book.cut.iter().map(|w| format!("{name}: {w}")).collect(),
                    files: vec![(name, book.bytes)],
                }
            }
            RegisterFormat::Html => {
                let env = html::environment(self.templates.clone());
                let page = html::render(&env, "register.html", register)
                    .map_err(|e| super::build::template_error(&e))?;
                Rendered::files(vec![(format!("{REGISTER_STEM}.html"), page.into_bytes())])
            }
            RegisterFormat::Pdf => {
                let template = pdf::template_named(
                    self.templates.as_ref(),
                    "register.typ",
                    pdf::REGISTER_TEMPLATE,
                )?;
                let data = serde_json::to_vec(register)
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
                Rendered::files(vec![(format!("{REGISTER_STEM}.pdf"), bytes)])
            }
        })
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
