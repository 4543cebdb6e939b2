//! Writing the DPIA reports: the renderers configured once per build, and
//! one assessment's reports (HTML and PDF) rendered from its view model and
//! written atomically into the output folder.

use std::path::{Path, PathBuf};

use super::figures::{self, FigureInputs};
use super::html::{self, template_error};
use super::manifest::{BuildRecord, Fingerprint};
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
    /// What every file rendered shares among its inputs.
    pub fingerprint: Fingerprint,
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
            fingerprint: Fingerprint::new(templates.as_ref(), &pdf),
            templates,
            pdf,
        })
    }
}

/// What writing one assessment's reports did.
#[derive(Debug, Default)]
pub struct Reports {
    /// The files written.
    pub written: Vec<PathBuf>,
    /// The files kept: built from the same inputs by an earlier build.
    pub kept: Vec<PathBuf>,
}

/// Where a build writes, and its record of what it built.
pub struct Target<'a> {
    /// The output folder.
    pub out: &'a OutputDir,
    /// The record of this build and the last.
    pub record: &'a BuildRecord,
}

/// Renders and writes the reports of each assessment, in each format, on
/// as many threads as rayon would use, skipping each report the record
/// shows up to date, and calling `done` after each assessment; returns,
/// in their order, what each did.
///
/// The threads are plain threads, not rayon's workers: typst exports a PDF
/// with rayon and waits for it, and a rayon worker that waits runs other
/// queued jobs on top of its own stack, so that with the reports queued as
/// rayon jobs a portfolio of a hundred DPIAs nested a hundred PDF exports
/// on one stack and overflowed it. A plain thread that waits only blocks.
pub fn write_all_reports(
    dpias: &[&Checked],
    analysis: &Analysis,
    renderers: &Renderers,
    target: &Target<'_>,
    formats: &[ReportFormat],
    done: &(dyn Fn() + Sync),
) -> Vec<Result<Reports, String>> {
    on_threads(dpias, rayon::current_num_threads(), |checked| {
        let result = write_reports(checked, analysis, renderers, target, formats);
        done();
        result
    })
}

/// `f` of each item on `threads` plain threads, each taking the next item
/// not yet taken; the results in the items' order.
fn on_threads<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.clamp(1, items.len().max(1)))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, f(item)));
                    }
                    done
                })
            })
            .collect();
        for worker in workers {
            match worker.join() {
                Ok(done) => {
                    for (i, result) in done {
                        results[i] = Some(result);
                    }
                }
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    results.into_iter().flatten().collect()
}

/// Renders and writes the reports of one assessment, in each format,
/// except those the record shows built from the same inputs.
pub fn write_reports(
    checked: &Checked,
    analysis: &Analysis,
    renderers: &Renderers,
    target: &Target<'_>,
    formats: &[ReportFormat],
) -> Result<Reports, String> {
    let project = analysis.project.as_ref().ok_or("no project")?;
    let mut context = build_context(checked, project, analysis);
    let id = &checked.model.assessment.id;
    let encode = |context: &_| {
        serde_json::to_vec(context).map_err(|e| format!("cannot encode the report data: {e}"))
    };
    // The figures are drawn from the view model and their own inputs (the
    // data flow graph, their words): the record digests those, so that a
    // report it shows up to date is not drawn (drawing was about two
    // fifths of what such a report cost).
    let figure_inputs = FigureInputs::of(checked);
    let undrawn = encode(&context)?;
    let figure_text = figure_inputs.text(&context);
    let mut figure_inputs = Some(figure_inputs);
    // Every report is rendered from `data`, the view model with its
    // figures: the same data, templates and settings give the same bytes.
    let mut data = Vec::new();
    let day = report_day(&checked.model.assessment, analysis.date.stamp);
    // PDF/A requires a document date: a report whose assessment gives
    // none (no `dates`, no dated version) is dated the day of the run, as
    // a PDF is dated the day it is made.
    let pdf_day = day.or(renderers.pdf.is_archival().then_some(analysis.date.as_of));
    let mut reports = Reports::default();
    for format in formats {
        let relative = report_path(id, *format);
        let (kind, day) = match format {
            ReportFormat::Html => ("report.html", day),
            ReportFormat::Pdf => ("report.pdf", pdf_day),
        };
        let inputs =
            renderers
                .fingerprint
                .inputs(kind, &undrawn, &format!("{day:?}\n{figure_text}"));
        if let Some(inputs) = &inputs
            && target
                .record
                .up_to_date(target.out, &relative, inputs)
                .is_some()
        {
            reports.kept.push(target.out.root().join(&relative));
            continue;
        }
        if let Some(figure_inputs) = figure_inputs.take() {
            figures::draw(&mut context, figure_inputs);
            data = encode(&context)?;
        }
        let bytes = match format {
            ReportFormat::Html => html::render_report(&renderers.html, &context)
                .map_err(|e| template_error(&e))?
                .into_bytes(),
            ReportFormat::Pdf => pdf::compile(
                pdf::report_job(&context, data.clone(), &renderers.typst, day),
                renderers.templates.clone(),
                renderers.pdf,
            )
            .map_err(|e| format!("the PDF of `{id}` failed: {e}"))?,
        };
        let path = target
            .out
            .write(&relative, &bytes)
            .map_err(|e| format!("cannot write the report of `{id}`: {e}"))?;
        if let Some(inputs) = &inputs {
            target.record.wrote(&relative, inputs, &bytes, &[]);
        }
        reports.written.push(path);
    }
    Ok(reports)
}

#[cfg(test)]
mod tests {
    use super::on_threads;

    #[test]
    fn work_on_threads_comes_back_in_order() {
        let items: Vec<u32> = (0..50).collect();
        for threads in [0, 1, 3, 64] {
            assert_eq!(
                on_threads(&items, threads, |i| i * 2),
                (0..50).map(|i| i * 2).collect::<Vec<_>>()
            );
        }
        assert!(on_threads(&[] as &[u32], 4, |i| *i).is_empty());
    }
}
