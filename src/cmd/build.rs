//! `dpia build`: check the assessments, then render each one's report into
//! the output folder, atomically, then the records of processing and the
//! portfolio dashboard; a file the record of the last build shows built
//! from the same inputs is kept as it is (`render::manifest`). A broken
//! assessment is reported at its line and nothing is written for it; its
//! previous report stays, and so do the previous register and dashboard,
//! which need every activity.

use std::path::Path;

use super::ExitStatus;
use crate::cli::BuildArgs;
use crate::diagnostic::Origin;
use crate::pipeline::{Checked, analyse, display_path};
use crate::present::register::build_register;
use crate::render::manifest::{self, BuildRecord};
use crate::render::register::{RegisterFormat, RegisterWriter};
use crate::render::reports::{Renderers, ReportFormat, Target, write_all_reports};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Runs `dpia build`.
#[must_use]
pub fn run(project: Option<&Path>, args: &BuildArgs) -> ExitStatus {
    let Ok(cwd) = std::env::current_dir() else {
        eprintln!("error: cannot read the current folder");
        return ExitStatus::Error;
    };
    let Ok(pdf) = super::pdf_settings(&args.pdf) else {
        return ExitStatus::Error;
    };
    if let Some(jobs) = args.jobs {
        // The global pool is built once, here, before anything uses it.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(jobs))
            .build_global();
    }
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
    let mut renderers = match Renderers::new(templates, pdf) {
        Ok(renderers) => renderers,
        Err(message) => {
            super::eprint_error(&message);
            return ExitStatus::Error;
        }
    };
    // On several threads, each compiles its PDFs in a dpia process of its
    // own (`render::pdf::worker`): this program.
    renderers.pdf_workers = std::env::current_exe().ok();
    let record = BuildRecord::open(&out, manifest::builder(), args.force);
    if let Some(note) = record.fresh().and_then(manifest::Fresh::note) {
        eprintln!("note: {}", crate::escape::inline(&note));
    }
    let target = Target {
        out: &out,
        record: &record,
    };
    // A record of processing without DPIA content has no report: the
    // register holds it.
    let dpias: Vec<&Checked> = analysis
        .assessments
        .iter()
        .filter(|c| c.model.assessment.has_dpia_content())
        .collect();
    let bar = progress_bar(dpias.len(), super::quiet());
    let (results, unstarted) = write_all_reports(
        &dpias,
        &analysis,
        &renderers,
        &target,
        &args.format,
        &|| bar.inc(1),
    );
    bar.finish_and_clear();
    if let Some(why) = unstarted.filter(|_| !super::quiet()) {
        eprintln!(
            "note: some or all PDFs were compiled in this process: a PDF worker could not be started ({})",
            crate::escape::inline(&why)
        );
    }
    let mut status = if input.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Error
    };
    let mut count = Counts::default();
    for result in results {
        match result {
            Ok(reports) => {
                if reports.written.is_empty() {
                    count.reports_kept += 1;
                } else {
                    count.reports_built += 1;
                }
                for path in &reports.written {
                    super::chatter!("wrote {}", display_path(path, &cwd));
                }
                count.written += reports.written.len();
                count.kept += reports.kept.len();
            }
            Err(message) => {
                super::eprint_error(&message);
                status = ExitStatus::Error;
            }
        }
    }
    // Notes (severity info, such as C004 or an open question) are not
    // findings a report lists; the summary counts what the reports do.
    let findings = analysis
        .diagnostics
        .iter()
        .filter(|d| d.origin == Origin::Rule && d.severity != crate::diagnostic::Severity::Info)
        .count();
    let (reports, activities) = (dpias.len(), analysis.assessments.len());
    let without_report: Vec<String> = analysis
        .assessments
        .iter()
        .filter(|c| !c.model.assessment.has_dpia_content())
        .map(|c| c.model.assessment.id.clone())
        .collect();
    drop(dpias);
    let mut portfolio_written = false;
    if input.is_empty() {
        let writer = RegisterWriter {
            templates: renderers.templates.clone(),
            pdf: renderers.pdf,
            csv_bom: args.csv.csv_bom,
            record: Some((&record, &renderers.fingerprint)),
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
        let as_of = analysis.date.as_of;
        let (dashboard, register) = rayon::join(
            || writer.write_dashboard(&analysis, &out),
            || build_register(&analysis.assessments, project, as_of),
        );
        // The register holds all it shows: the analysis goes before the
        // register is rendered.
        drop(analysis);
        // On a rayon worker rather than this thread: glibc gives threads
        // arenas of their own (up to a bound). When the reports were compiled
        // in this process, on the workers, their arenas held what the reports
        // freed: 470 to 477 MB at the peak of a 1,000-DPIA build on a worker,
        // 506 and 516 MB here. With the PDFs in worker processes the register
        // phase is no longer the build's peak.
        let mut written = rayon::join(
            || writer.write_register(&register, as_of, &out, &formats),
            || (),
        )
        .0;
        match dashboard {
            Ok((path, true)) => written.paths.push(path),
            Ok((path, false)) => written.kept.push(path),
            Err(message) => written.failures.push(message),
        }
        count.written += written.paths.len();
        count.kept += written.kept.len();
        portfolio_written = written.failures.is_empty();
        if super::report_written(&written, &cwd, "the previous file is kept") == ExitStatus::Error {
            status = ExitStatus::Error;
        }
    } else {
        eprintln!(
            "the records of processing and the dashboard cover every activity, so they are not written while an input is broken; the previous ones are kept"
        );
    }
    if let Err(e) = record.save(&out) {
        // The files are written; without a record, the next build
        // rebuilds them all.
        eprintln!(
            "warning: cannot write the record of this build ({}): {}; the next build rebuilds every file",
            manifest::RECORD_FILE,
            crate::escape::inline(&e.to_string())
        );
    }
    let _ = out.finish();
    if super::quiet() {
        return status;
    }
    if !without_report.is_empty() {
        eprintln!(
            "{}",
            crate::escape::inline(&no_report_note(&without_report))
        );
    }
    eprintln!(
        "{}",
        summary(
            &count,
            reports,
            portfolio_written.then_some(activities),
            findings
        )
    );
    status
}

/// Why some activities got no report: they hold no DPIA content, only
/// their record of processing, which the register shows.
fn no_report_note(ids: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut named = ids
        .iter()
        .take(SHOWN)
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > SHOWN {
        named.push_str(&format!(" and {} more", ids.len() - SHOWN));
    }
    let (count, verb) = match ids.len() {
        1 => ("1 activity has".to_owned(), "it holds"),
        n => (format!("{n} activities have"), "they hold"),
    };
    format!(
        "note: {count} no DPIA report ({named}): {verb} no risks, measures, necessity, consultation or sign-off, only a record of processing, which the register shows"
    )
}

/// What a build wrote and kept.
#[derive(Debug, Default)]
struct Counts {
    /// Files written.
    written: usize,
    /// Files kept, up to date.
    kept: usize,
    /// DPIAs with a report written.
    reports_built: usize,
    /// DPIAs whose every report was up to date.
    reports_kept: usize,
}

/// The summary line: files written and kept, the reports built and up to
/// date (of how many DPIAs), the register and dashboard of `records`
/// activities when they were written, and the findings.
fn summary(count: &Counts, dpias: usize, records: Option<usize>, findings: usize) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let reports = count.reports_built + count.reports_kept;
    let kept = if count.kept > 0 {
        format!(", {} unchanged", count.kept)
    } else {
        String::new()
    };
    let of = if reports < dpias {
        format!(" (of {dpias})")
    } else {
        String::new()
    };
    let portfolio = records.map_or_else(String::new, |n| {
        format!(
            ", and the register and dashboard of {}",
            plural(n, "activity", "activities")
        )
    });
    format!(
        "{}{kept}: the reports of {}{of}, {} built and {} up to date{portfolio}; {} (dpia check shows them; each report lists its own)",
        plural(count.written, "file written", "files written"),
        plural(reports, "DPIA", "DPIAs"),
        count.reports_built,
        count.reports_kept,
        plural(findings, "finding", "findings"),
    )
}

/// A progress bar of the DPIA reports, on standard error: drawn only on a
/// terminal, never in CI (`CI` set) or with `--quiet`, and cleared when the
/// reports are done.
fn progress_bar(reports: usize, quiet: bool) -> ProgressBar {
    use std::io::IsTerminal;
    let in_ci = std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"));
    if quiet || in_ci || reports == 0 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(reports as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "building the DPIA reports [{bar:30}] {pos}/{len} ({eta} left)",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}
