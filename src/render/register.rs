//! Writing the records of processing and the dashboard: each format of the
//! register rendered in memory from its view model, then written; a format
//! that fails costs only itself.

use std::path::{Path, PathBuf};

use super::html::{self, template_error};
use super::manifest::{BuildRecord, Fingerprint, Inputs};
use super::output::OutputDir;
use super::pdf::{self, PdfJob, PdfSettings};
use super::{csv, xlsx};
use crate::date::PartialDate;
use crate::pipeline::Analysis;
use crate::present::dashboard::build_dashboard;
#[cfg(doc)]
use crate::present::register::build_register;
use crate::present::register::{PROCESSOR_CSV, REGISTER_STEM, RegisterContext};
use crate::root::ProjectRoot;

/// Formats of the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RegisterFormat {
    /// `register.csv` (and `processor-register.csv`), RFC 4180.
    Csv,
    /// `register.xlsx`, a sheet per register.
    Xlsx,
    /// `register.html`, self-contained.
    Html,
    /// `register.pdf`.
    Pdf,
}

/// The dashboard's file, relative to the output folder.
pub const DASHBOARD_FILE: &str = "index.html";

/// What writing the register did.
#[derive(Debug, Default)]
pub struct Written {
    /// The files written.
    pub paths: Vec<PathBuf>,
    /// The files kept: built from the same inputs by an earlier build.
    pub kept: Vec<PathBuf>,
    /// Things the user should know (a cell cut to fit Excel).
    pub warnings: Vec<String>,
    /// Formats that could not be rendered or written; their previous files
    /// are kept.
    pub failures: Vec<String>,
}

/// One format of the register, rendered (or found up to date).
#[derive(Default)]
struct Rendered {
    /// File name and bytes of each file.
    files: Vec<(String, Vec<u8>)>,
    /// The files kept, up to date.
    kept: Vec<PathBuf>,
    /// Warnings.
    warnings: Vec<String>,
}

impl Rendered {
    fn files(files: Vec<(String, Vec<u8>)>) -> Rendered {
        Rendered {
            files,
            ..Rendered::default()
        }
    }
}

/// The files of one format of the register.
fn file_names(format: RegisterFormat, register: &RegisterContext) -> Vec<String> {
    match format {
        RegisterFormat::Csv => {
            let mut names = vec![format!("{REGISTER_STEM}.csv")];
            if register.processor.is_some() {
                names.push(PROCESSOR_CSV.to_owned());
            }
            names
        }
        RegisterFormat::Xlsx => vec![format!("{REGISTER_STEM}.xlsx")],
        RegisterFormat::Html => vec![format!("{REGISTER_STEM}.html")],
        RegisterFormat::Pdf => vec![format!("{REGISTER_STEM}.pdf")],
    }
}

/// How the register and dashboard are written.
pub struct RegisterWriter<'a> {
    /// The project's templates folder, if any.
    pub templates: Option<ProjectRoot>,
    /// PDF settings.
    pub pdf: PdfSettings,
    /// Start each CSV file with a UTF-8 byte order mark (`--csv-bom`).
    pub csv_bom: bool,
    /// The build's record and what its renderers share among every file's
    /// inputs: a file the record shows built from the same inputs is kept.
    /// `None` writes every file (`dpia ropa`).
    pub record: Option<(&'a BuildRecord, &'a Fingerprint)>,
}

impl RegisterWriter<'_> {
    /// Renders the register in each of `formats`, in memory, and writes the
    /// files of each format that rendered. A format that fails (a template
    /// error) costs only itself: its previous file is kept, and the others
    /// are written. The register is drawn up on `as_of`; it is taken whole
    /// ([`build_register`]) so that the caller can let the analysis go
    /// first (of a 5,000-record register's memory, the analysis held a
    /// fifth). The PDF is rendered beside the other formats, which take
    /// their turns: its layout and export leave a core idle a fifth of the
    /// time. A rebuild of 1,000 DPIAs after a title changed went from 4.14
    /// to 3.86 s with this and the dashboard made beside the register's
    /// data (`cmd::build`); their memory comes on top of the PDF's, which
    /// in a build with PDF workers is no longer the build's peak.
    #[must_use]
    pub fn write_register(
        &self,
        register: &RegisterContext,
        as_of: PartialDate,
        out: &OutputDir,
        formats: &[RegisterFormat],
    ) -> Written {
        let mut written = Written::default();
        let inputs: Vec<Option<Inputs>> = match self.record {
            Some((_, fingerprint)) => {
                let data = serde_json::to_vec(register).ok();
                let day = format!("{as_of:?}");
                formats
                    .iter()
                    .map(|format| {
                        let data = data.as_ref()?;
                        let extra = match format {
                            RegisterFormat::Csv => format!("{day} bom={}", self.csv_bom),
                            _ => day.clone(),
                        };
                        fingerprint.inputs(&format!("register.{format:?}"), data, &extra)
                    })
                    .collect()
            }
            None => formats.iter().map(|_| None).collect(),
        };
        // The PDF, whose layout takes longest, is rendered beside the other
        // formats, which are rendered one after the other; what each wrote
        // is told in the order of `formats`.
        let (pdf, others): (Vec<_>, Vec<_>) = formats
            .iter()
            .copied()
            .zip(inputs)
            .enumerate()
            .partition(|(_, (format, _))| *format == RegisterFormat::Pdf);
        let each = |jobs: Vec<(usize, (RegisterFormat, Option<Inputs>))>| {
            jobs.into_iter()
                .map(|(i, (format, inputs))| {
                    (
                        i,
                        self.write_format(register, as_of, out, format, inputs.as_ref()),
                    )
                })
                .collect::<Vec<_>>()
        };
        let (mut done, others) = rayon::join(|| each(pdf), || each(others));
        done.extend(others);
        done.sort_by_key(|(i, _)| *i);
        for (_, one) in done {
            written.paths.extend(one.paths);
            written.kept.extend(one.kept);
            written.warnings.extend(one.warnings);
            written.failures.extend(one.failures);
        }
        written
    }

    /// Renders one format of the register (unless the record shows it up
    /// to date) and writes its files.
    fn write_format(
        &self,
        register: &RegisterContext,
        as_of: PartialDate,
        out: &OutputDir,
        format: RegisterFormat,
        inputs: Option<&Inputs>,
    ) -> Written {
        let mut written = Written::default();
        let kept = inputs.and_then(|inputs| {
            let (record, _) = self.record?;
            Self::up_to_date(record, out, &file_names(format, register), inputs)
        });
        let result = match kept {
            Some(kept) => Ok(kept),
            None => self.render(format, register, as_of),
        };
        let rendered = match result {
            Ok(rendered) => rendered,
            Err(message) => {
                written.failures.push(message);
                return written;
            }
        };
        written.warnings.extend(rendered.warnings.iter().cloned());
        written.kept.extend(rendered.kept);
        for (name, bytes) in rendered.files {
            match out.write(Path::new(&name), &bytes) {
                Ok(path) => {
                    if let (Some((record, _)), Some(inputs)) = (self.record, inputs) {
                        record.wrote(Path::new(&name), inputs, &bytes, &rendered.warnings);
                    }
                    written.paths.push(path);
                }
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
        written
    }

    /// The files of one format when the record shows each built from
    /// `inputs`, with the warnings building them gave.
    fn up_to_date(
        record: &BuildRecord,
        out: &OutputDir,
        names: &[String],
        inputs: &Inputs,
    ) -> Option<Rendered> {
        let mut kept = Rendered::default();
        for name in names {
            let warnings = record.up_to_date(out, Path::new(name), inputs)?;
            kept.kept.push(out.root().join(name));
            kept.warnings = warnings;
        }
        Some(kept)
    }

    /// The files of one format of the register, and its warnings; `day`
    /// is the date the register is drawn up on.
    fn render(
        &self,
        format: RegisterFormat,
        register: &RegisterContext,
        day: PartialDate,
    ) -> Result<Rendered, String> {
        Ok(match format {
            RegisterFormat::Csv => {
                let mut files = vec![(
                    format!("{REGISTER_STEM}.csv"),
                    csv::to_csv(&register.controller, self.csv_bom)?,
                )];
                if let Some(processor) = &register.processor {
                    files.push((
                        PROCESSOR_CSV.to_owned(),
                        csv::to_csv(processor, self.csv_bom)?,
                    ));
                }
                Rendered::files(files)
            }
            RegisterFormat::Xlsx => {
                let name = format!("{REGISTER_STEM}.xlsx");
                let book = xlsx::to_xlsx(register).map_err(|e| format!("{name}: {e}"))?;
                Rendered {
                    warnings: book.cut.iter().map(|w| format!("{name}: {w}")).collect(),
                    files: vec![(name, book.bytes)],
                    kept: Vec::new(),
                }
            }
            RegisterFormat::Html => {
                let env = html::environment(self.templates.clone());
                let page = html::render(&env, "register.html", register)
                    .map_err(|e| template_error(&e))?;
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
                let footers = |pages| {
                    serde_json::to_vec(&FooterPass::of(register, pages))
                        .map_err(|e| format!("cannot encode the register: {e}"))
                };
                let bytes = pdf::compile(
                    PdfJob {
                        name: "register.typ",
                        template: &template,
                        data,
                        ident: REGISTER_STEM.to_owned(),
                        creator: register.generator.clone(),
                        day: Some(day),
                        alone: true,
                        footers: Some(&footers),
                    },
                    self.templates.clone(),
                    self.pdf,
                )
                .map_err(|e| format!("the PDF of the register failed: {e}"))?;
                Rendered::files(vec![(format!("{REGISTER_STEM}.pdf"), bytes)])
            }
        })
    }

    /// Renders and writes the portfolio dashboard, unless the record shows
    /// it built from the same inputs; returns its path and whether it was
    /// written.
    pub fn write_dashboard(
        &self,
        analysis: &Analysis,
        out: &OutputDir,
    ) -> Result<(PathBuf, bool), String> {
        let dashboard = build_dashboard(analysis, &format!("{REGISTER_STEM}.html"));
        let relative = Path::new(DASHBOARD_FILE);
        let inputs = self.record.and_then(|(_, fingerprint)| {
            let data = serde_json::to_vec(&dashboard).ok()?;
            fingerprint.inputs("dashboard.html", &data, "")
        });
        if let (Some((record, _)), Some(inputs)) = (self.record, &inputs)
            && record.up_to_date(out, relative, inputs).is_some()
        {
            return Ok((out.root().join(relative), false));
        }
        let env = html::environment(self.templates.clone());
        let page =
            html::render(&env, "dashboard.html", &dashboard).map_err(|e| template_error(&e))?;
        let path = out
            .write(relative, page.as_bytes())
            .map_err(|e| format!("cannot write {DASHBOARD_FILE}: {e}"))?;
        if let (Some((record, _)), Some(inputs)) = (self.record, &inputs) {
            record.wrote(relative, inputs, page.as_bytes(), &[]);
        }
        Ok((path, true))
    }
}

/// What the footer pass of the register's PDF reads as `/data.json` (see
/// `templates/register.typ`): the register's own facts without its
/// records, and the number of pages to draw footers on.
#[derive(serde::Serialize)]
struct FooterPass<'a> {
    generator: &'a str,
    lang: &'a str,
    t: &'a serde_json::Value,
    regulation: &'a str,
    title: &'a str,
    as_of: &'a str,
    as_of_label: &'a str,
    footer_pages: usize,
}

impl<'a> FooterPass<'a> {
    fn of(register: &'a RegisterContext, footer_pages: usize) -> Self {
        FooterPass {
            generator: &register.generator,
            lang: &register.lang,
            t: &register.t,
            regulation: &register.regulation,
            title: &register.title,
            as_of: &register.as_of,
            as_of_label: &register.as_of_label,
            footer_pages,
        }
    }
}
