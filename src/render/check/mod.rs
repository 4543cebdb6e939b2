//! The formats of `dpia check`, one module each: the human report with
//! snippets ([`human`]), one line per problem ([`concise`]), the JSON
//! document ([`json`]), SARIF 2.1.0 ([`sarif`]), JUnit XML ([`junit`]),
//! GitHub Actions workflow commands ([`github`]) and GitLab Code Quality
//! ([`gitlab`]).
//!
//! Each renders the same [`Analysis`] ([`write()`] as it goes, for the
//! formats a large run gives most of: human, concise, JSON and GitLab; [`render`]
//! to a string); none reads the clock or the environment, so the same input
//! gives the same bytes. The exit code is
//! decided by the `check` command, the same for every format. Adding a
//! format is one module here and one variant of [`Format`].

pub mod concise;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use std::io::Write;
use std::path::Path;

use crate::diagnostic::{Diagnostic, LocatedDiagnostic};
use crate::escape::inline;
use crate::pipeline::{Analysis, display_path};
use crate::present::check::{FailOn, Totals, plural};
use crate::render::text::table;

/// Output formats of `dpia check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Diagnostics with the offending line, for people (colour on a terminal).
    Human,
    /// One line per diagnostic, `file:line:col: severity[CODE] message`, then
    /// the summary: for logs, editors and grep.
    Concise,
    /// One JSON document with every finding and every risk rating.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// JUnit XML: a test case per file, a failure per finding at or above
    /// `--fail-on`, for CI test report panels.
    Junit,
    /// GitHub Actions workflow commands (`::error file=...::message`), which
    /// the runner shows as annotations, then the summary.
    Github,
    /// GitLab Code Quality JSON (`artifacts: reports: codequality`), for the
    /// merge request's Code Quality widget.
    Gitlab,
}

/// Renders a run in a format. `colour` applies to the human format only;
/// `fail_on` decides which findings JUnit counts as failures.
#[must_use]
pub fn render(
    analysis: &Analysis,
    cwd: &Path,
    format: Format,
    fail_on: FailOn,
    colour: bool,
) -> String {
    in_memory(|out| write(analysis, cwd, format, fail_on, colour, false, out))
}

/// What a writer writes, as a string (writing to memory does not fail).
pub(super) fn in_memory(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    let _ = write(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// [`render`], written to `out`: the human, concise and JSON formats as
/// they go, so that a run of thousands of files is never held as text.
/// `quiet` (`--quiet`) leaves the summary out of the human, concise and
/// GitHub formats ([`closing`]).
///
/// # Errors
/// When `out` cannot be written to.
pub fn write(
    analysis: &Analysis,
    cwd: &Path,
    format: Format,
    fail_on: FailOn,
    colour: bool,
    quiet: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        Format::Human => human::write(analysis, cwd, colour, quiet, out),
        Format::Concise => concise::write(analysis, cwd, quiet, out),
        Format::Json => json::write(analysis, cwd, out),
        Format::Sarif => sarif::write(analysis, out),
        Format::Junit => junit::write(analysis, fail_on, out),
        Format::Github => github::write(analysis, &closing(analysis, cwd, quiet), out),
        Format::Gitlab => gitlab::write(analysis, cwd, out),
    }
}

/// A finding to report, with the reason it is suppressed if it is.
pub(super) struct Entry<'a> {
    pub(super) located: LocatedDiagnostic,
    pub(super) suppressed: Option<&'a str>,
}

/// Every diagnostic of the run, then every suppressed finding with the
/// reason it is suppressed.
pub(super) fn findings(analysis: &Analysis) -> impl Iterator<Item = (&Diagnostic, Option<&str>)> {
    let reported = analysis.diagnostics.iter().map(|d| (d, None));
    let suppressed = analysis
        .suppressed
        .iter()
        .map(|s| (&s.diagnostic, Some(s.reason.as_str())));
    reported.chain(suppressed)
}

/// The [`findings`], each located as it is reached (a run of thousands of
/// files is never held located).
pub(super) fn entries(analysis: &Analysis) -> impl Iterator<Item = Entry<'_>> {
    findings(analysis).map(|(diagnostic, suppressed)| Entry {
        located: LocatedDiagnostic::new(diagnostic, &analysis.sources),
        suppressed,
    })
}

/// A result's message: the diagnostic's, then its notes and help.
pub(super) fn full_message(located: &LocatedDiagnostic) -> String {
    let mut text = located.message.clone();
    for note in &located.notes {
        text.push_str(&format!("\nnote: {note}"));
    }
    if let Some(help) = &located.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    text
}

/// `file:line:col: ` of a located diagnostic, as far as it is known.
pub(super) fn place(located: &LocatedDiagnostic) -> String {
    located
        .place()
        .map_or_else(String::new, |p| format!("{p}: "))
}

/// Text on one line, its runs of white space as one space, control
/// characters escaped.
#[must_use]
pub fn one_line(text: &str) -> String {
    inline(&text.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned()
}

/// The end of the human, concise and GitHub formats: the [`summary`], or
/// with `quiet` only the project's loosening of the gate, which a quiet
/// run must not hide.
#[must_use]
pub fn closing(analysis: &Analysis, cwd: &Path, quiet: bool) -> String {
    if !quiet {
        return summary(analysis, cwd);
    }
    analysis
        .loosening_summary()
        .map_or_else(String::new, |loosened| format!("{loosened}\n"))
}

/// One line per assessment, then the totals: the end of the human,
/// concise and GitHub formats.
#[must_use]
pub fn summary(analysis: &Analysis, cwd: &Path) -> String {
    let mut out = String::new();
    // Each file's totals in one pass (a portfolio has thousands of both).
    let mut by_file: std::collections::HashMap<_, Vec<&Diagnostic>> =
        std::collections::HashMap::new();
    for d in &analysis.diagnostics {
        by_file.entry(d.file_id()).or_default().push(d);
    }
    let rows: Vec<Vec<String>> = analysis
        .assessments
        .iter()
        .map(|c| {
            let a = &c.model.assessment;
            let totals = Totals::of(
                by_file
                    .get(&Some(c.model.file))
                    .into_iter()
                    .flatten()
                    .copied(),
            );
            let residual = c
                .scored
                .overall_residual
                .map_or("not rated", |r| c.model.matrix.ratings()[r].label.as_str());
            vec![
                display_path(&c.path, cwd),
                a.status.as_str().to_owned(),
                format!("{} risk{}", a.risks.len(), plural(a.risks.len())),
                format!("residual {residual}"),
                totals.findings(),
            ]
        })
        .collect();
    out.push_str(&table(&rows, ""));
    for (path, why) in &analysis.skipped {
        out.push_str(&format!("skipped {path}: {why}\n"));
    }
    let totals = Totals::of(&analysis.diagnostics);
    let checked = analysis.assessments.len();
    let files = analysis.files;
    let mut summary = if analysis.project.is_none() {
        format!("no file checked: the project has {}", totals.input())
    } else if checked < files {
        format!("{checked} of {files} files checked ({})", totals.input())
    } else if files == 0 && totals.input_errors > 0 {
        format!("no file checked ({})", totals.input())
    } else if totals.input_errors > 0 {
        format!("{files} file{} checked ({})", plural(files), totals.input())
    } else {
        format!("{files} file{} checked", plural(files))
    };
    if !analysis.skipped.is_empty() {
        summary.push_str(&format!(", {} skipped", analysis.skipped.len()));
    }
    let findings = Totals {
        input_errors: 0,
        ..totals
    };
    summary.push_str(&format!("; findings: {}", findings.findings()));
    if !analysis.suppressed.is_empty() {
        summary.push_str(&format!("; {} suppressed", analysis.suppressed.len()));
    }
    if let Some(loosened) = analysis.loosening_summary() {
        summary.push_str(&format!("; {loosened}"));
    }
    summary.push('\n');
    out.push_str(&summary);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{Keep, analyse, analyse_keeping};

    /// What `check` keeps of each file (a few lines of text, the outline of
    /// the model) gives every format the same bytes as everything.
    #[test]
    fn every_format_is_the_same_from_what_check_keeps() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let as_of = crate::date::PartialDate::parse("2026-11-30").expect("a date");
        for dir in [
            "formats",
            "malformed",
            "injection",
            "rules/G009",
            "settings",
        ] {
            let cwd = fixtures.join(dir);
            let all = analyse(None, &[], &cwd, as_of);
            let kept = analyse_keeping(None, &[], &cwd, as_of, Keep::Findings);
            assert!(!all.diagnostics.is_empty(), "{dir}");
            for format in [
                Format::Human,
                Format::Concise,
                Format::Json,
                Format::Sarif,
                Format::Junit,
                Format::Github,
                Format::Gitlab,
            ] {
                for (fail_on, colour) in [(FailOn::Error, false), (FailOn::Warning, true)] {
                    assert_eq!(
                        render(&kept, &cwd, format, fail_on, colour),
                        render(&all, &cwd, format, fail_on, colour),
                        "{dir} {format:?}"
                    );
                }
            }
        }
    }
}
