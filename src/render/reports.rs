//! Writing the DPIA reports: the renderers configured once per build, and
//! one assessment's reports (HTML and PDF) rendered from its view model and
//! written atomically into the output folder.

use std::path::{Path, PathBuf};

use super::figures::{self, FigureInputs};
use super::html::{self, template_error};
use super::manifest::{BuildRecord, Fingerprint};
use super::output::OutputDir;
use super::pdf::worker::{Reply, Worker};
use super::pdf::{self, PdfJob, PdfSettings};
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
    /// The program to start as PDF workers (this dpia) when the reports
    /// are built on several threads; `None` compiles them in this process.
    pub pdf_workers: Option<PathBuf>,
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
            pdf_workers: None,
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
/// in their order, what each did, and why the PDFs were compiled in this
/// process when workers could not be started. On more than one thread,
/// each thread compiles its PDFs in a worker process of its own
/// ([`Renderers::pdf_workers`], see [`pdf::worker`]).
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
) -> (Vec<Result<Reports, String>>, Option<String>) {
    let threads = rayon::current_num_threads().clamp(1, dpias.len().max(1));
    let program = renderers.pdf_workers.as_deref().filter(|_| threads > 1);
    let unstarted = std::sync::OnceLock::new();
    let results = on_threads(
        dpias,
        threads,
        || Compiler {
            program,
            worker: None,
            jobs: 0,
            jobs_per_worker: JOBS_PER_WORKER,
            unstarted: &unstarted,
        },
        |compiler, checked| {
            let result = write_reports(checked, analysis, renderers, target, formats, compiler);
            done();
            result
        },
    );
    (results, unstarted.into_inner())
}

/// How many PDFs a worker compiles before it is ended and a fresh one
/// takes over. glibc's allocator slows as a long-lived process's heap
/// fragments: building 1,000 reports, workers that compiled 500 each
/// took 157.0 s of CPU, and workers that compiled 50 each 147.4 s (perf
/// stat), 10.2 times what 100 reports took; malloc and free were 21% of
/// the samples against 17% in the build of 100. Starting a worker costs a
/// few hundredths of a second.
const JOBS_PER_WORKER: usize = 50;

/// Where one thread's PDFs are compiled: in a worker process of its own
/// when there is a program to start, else in this process.
struct Compiler<'a> {
    /// The program to start as a worker; `None` once one could not be
    /// started (this process compiles the rest).
    program: Option<&'a Path>,
    /// The worker, once started.
    worker: Option<Worker>,
    /// The jobs the worker has done.
    jobs: usize,
    /// How many jobs a worker does before a fresh one takes over
    /// ([`JOBS_PER_WORKER`]).
    jobs_per_worker: usize,
    /// Why a worker could not be started, the first time one was not.
    unstarted: &'a std::sync::OnceLock<String>,
}

impl Compiler<'_> {
    /// Compiles a report's PDF.
    fn compile(
        &mut self,
        job: PdfJob<'_>,
        templates: Option<&ProjectRoot>,
        settings: PdfSettings,
    ) -> Result<Vec<u8>, String> {
        // A worker that ended between jobs (nothing was sent) is replaced
        // once; a job that stops its worker is that job's error, and the
        // next starts another.
        for _ in 0..2 {
            if self.worker.is_none()
                && let Some(program) = self.program
            {
                match Worker::start(program) {
                    Ok(worker) => self.worker = Some(worker),
                    Err(e) => {
                        let _ = self.unstarted.set(e.to_string());
                        self.program = None;
                    }
                }
            }
            let Some(worker) = &mut self.worker else {
                break;
            };
            match worker.compile(&job, templates, settings) {
                Reply::Done(result) => {
                    self.jobs += 1;
                    if self.jobs >= self.jobs_per_worker {
                        self.jobs = 0;
                        self.worker = None;
                    }
                    return result;
                }
                Reply::Stopped(message) => {
                    self.worker = None;
                    return Err(message);
                }
                Reply::Unsent => self.worker = None,
            }
        }
        if self.program.take().is_some() {
            let _ = self
                .unstarted
                .set("two in a row ended before they were sent a job".to_owned());
        }
        pdf::compile(job, templates.cloned(), settings)
    }
}

/// `f` of each item on `threads` plain threads, each taking the next item
/// not yet taken, with a state of its own made by `init`; the results in
/// the items' order.
fn on_threads<T: Sync, S, R: Send>(
    items: &[T],
    threads: usize,
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.clamp(1, items.len().max(1)))
            .map(|_| {
                scope.spawn(|| {
                    let mut state = init();
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, f(&mut state, item)));
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
/// except those the record shows built from the same inputs; `compiler`
/// compiles the PDF.
fn write_reports(
    checked: &Checked,
    analysis: &Analysis,
    renderers: &Renderers,
    target: &Target<'_>,
    formats: &[ReportFormat],
    compiler: &mut Compiler<'_>,
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
    // Digested once for both formats: hashing the view model per format
    // was a tenth of a rebuild with nothing changed.
    let undrawn = <sha2::Sha256 as sha2::Digest>::digest(encode(&context)?);
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
            ReportFormat::Pdf => compiler
                .compile(
                    pdf::report_job(&context, data.clone(), &renderers.typst, day),
                    renderers.templates.as_ref(),
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
    use super::{Compiler, JOBS_PER_WORKER, on_threads};
    use crate::render::pdf::{PdfJob, PdfSettings};

    /// A job with a template of one line.
    fn job() -> PdfJob<'static> {
        PdfJob {
            name: "report.typ",
            template: "#set document(title: [A report])\nThe report.",
            data: b"{}".to_vec(),
            ident: "a-report".to_owned(),
            creator: "dpia".to_owned(),
            day: None,
            alone: false,
            footers: None,
        }
    }

    #[test]
    fn a_program_that_is_not_a_worker_leaves_the_pdfs_to_this_process() {
        // `echo` answers with its arguments, not a worker's greeting.
        let echo = std::path::Path::new("/bin/echo");
        if !echo.exists() {
            return;
        }
        let unstarted = std::sync::OnceLock::new();
        let mut compiler = Compiler {
            program: Some(echo),
            worker: None,
            jobs: 0,
            jobs_per_worker: JOBS_PER_WORKER,
            unstarted: &unstarted,
        };
        let pdf = compiler
            .compile(job(), None, PdfSettings::default())
            .unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        assert!(compiler.program.is_none() && compiler.worker.is_none());
        assert_eq!(
            unstarted.get().unwrap(),
            "the program is not this dpia's PDF worker"
        );
    }

    /// A program that greets as this dpia's worker, then runs `body` (sh),
    /// in `dir`; each start appends a line to `dir/log`.
    #[cfg(unix)]
    fn fake_worker(dir: &std::path::Path, body: &str) -> std::path::PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let frame = |bytes: &[u8]| {
            let mut framed = (bytes.len() as u64).to_le_bytes().to_vec();
            framed.extend_from_slice(bytes);
            framed
        };
        let greeting = crate::render::pdf::worker::greeting();
        std::fs::write(dir.join("hello"), frame(greeting.as_bytes())).unwrap();
        let mut reply = vec![0u8];
        reply.extend(frame(b"%PDF-not-really"));
        std::fs::write(dir.join("reply"), reply).unwrap();
        let script = dir.join("worker");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\ncd '{}'\necho started >> log\ncat hello\n{body}\n",
                dir.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        script
    }

    #[cfg(unix)]
    #[test]
    fn a_worker_that_dies_on_a_job_fails_that_job_and_the_next_starts_another() {
        // It takes a job and dies (exit 3).
        let dir = tempfile::tempdir().unwrap();
        let script = fake_worker(dir.path(), "head -c 1 >/dev/null\nexit 3");
        let unstarted = std::sync::OnceLock::new();
        let mut compiler = Compiler {
            program: Some(&script),
            worker: None,
            jobs: 0,
            jobs_per_worker: JOBS_PER_WORKER,
            unstarted: &unstarted,
        };
        for _ in 0..2 {
            let error = compiler
                .compile(job(), None, PdfSettings::default())
                .unwrap_err();
            assert!(
                error.contains("the PDF worker process ended on it") && error.contains('3'),
                "{error}"
            );
            assert!(compiler.worker.is_none() && compiler.program.is_some());
        }
        let log = std::fs::read_to_string(dir.path().join("log")).unwrap();
        assert_eq!(log.lines().count(), 2, "a worker per job: {log}");
        assert!(unstarted.get().is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_fresh_worker_takes_over_after_so_many_jobs() {
        // It answers each job (one write of the build's) with the same
        // bytes, and ends when its input does.
        let dir = tempfile::tempdir().unwrap();
        let script = fake_worker(
            dir.path(),
            "while :; do\n  n=$(dd bs=65536 count=1 2>/dev/null | wc -c)\n  [ \"$n\" -gt 0 ] || exit 0\n  cat reply\ndone",
        );
        let unstarted = std::sync::OnceLock::new();
        let mut compiler = Compiler {
            program: Some(&script),
            worker: None,
            jobs: 0,
            jobs_per_worker: 2,
            unstarted: &unstarted,
        };
        for _ in 0..5 {
            let pdf = compiler.compile(job(), None, PdfSettings::default());
            assert_eq!(pdf.unwrap(), b"%PDF-not-really");
        }
        drop(compiler);
        let log = std::fs::read_to_string(dir.path().join("log")).unwrap();
        assert_eq!(log.lines().count(), 3, "5 jobs, 2 a worker: {log}");
    }

    #[test]
    fn work_on_threads_comes_back_in_order() {
        let items: Vec<u32> = (0..50).collect();
        for threads in [0, 1, 3, 64] {
            assert_eq!(
                on_threads(&items, threads, || (), |(), i| i * 2),
                (0..50).map(|i| i * 2).collect::<Vec<_>>()
            );
        }
        assert!(on_threads(&[] as &[u32], 4, || (), |(), i| *i).is_empty());
    }
}
