//! The findings of a report (Annex A): the compliance findings about the
//! assessment, those it suppresses with the reasons, and their counts.

use serde::Serialize;

use super::Md;
use crate::diagnostic::{Diagnostic, Origin, Severity};
use crate::pipeline::{Analysis, Checked};
use crate::source::{FileId, Sources};

/// Numbers of findings by severity.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FindingCounts {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// "1 error, 2 warnings", worded.
    pub text: String,
}

/// A finding, for the annex.
#[derive(Debug, Clone, Serialize)]
pub struct FindingRow {
    /// Code.
    pub code: &'static str,
    /// Rule name.
    pub name: Option<&'static str>,
    /// "error", "warning", "info".
    pub severity: &'static str,
    /// Message (dpia's own Markdown: ids and values in code spans).
    pub message: Md,
    /// Legal reference.
    pub reference: Option<&'static str>,
    /// Line and column in the assessment file.
    pub location: Option<String>,
    /// What to do.
    pub help: Option<Md>,
}

/// A suppressed finding, for the annex.
#[derive(Debug, Clone, Serialize)]
pub struct SuppressedRow {
    /// The finding.
    pub finding: FindingRow,
    /// Why it does not apply (the author's Markdown).
    pub reason: Md,
}

pub(super) fn finding_row(d: &Diagnostic, sources: &Sources) -> FindingRow {
    FindingRow {
        code: d.code,
        name: d.rule_name,
        severity: d.severity.as_str(),
        message: Md::new(&d.message),
        reference: d.reference,
        location: d.primary().map(|l| {
            let file = sources.get(l.file);
            let at = file.line_col(l.range.start);
            format!("{}:{}:{}", file.name(), at.line, at.column)
        }),
        help: d.help.as_deref().map(Md::new),
    }
}

/// The findings of one activity: those in its file, then those its checks
/// located in the project file (each row names its file).
fn own_findings<'a>(
    analysis: &'a Analysis,
    checked: &'a Checked,
) -> impl Iterator<Item = &'a Diagnostic> {
    crate::diagnostic::of_file(&analysis.diagnostics, checked.model.file)
        .iter()
        .filter(|d| d.origin == Origin::Rule)
        .chain(&checked.project_findings)
}

/// How many findings of each severity the checks gave the activity: the
/// same count `dpia check` gives its file and the project file's findings
/// about it.
pub(super) fn finding_counts(
    analysis: &Analysis,
    checked: &Checked,
    w: &crate::i18n::Catalogue,
) -> FindingCounts {
    let count = |severity| {
        own_findings(analysis, checked)
            .filter(|d| d.severity == severity)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    FindingCounts {
        errors,
        warnings,
        text: format!(
            "{}, {}",
            w.count("count.error", errors as u64),
            w.count("count.warning", warnings as u64)
        ),
    }
}

/// The compliance findings about the activity that a DPIA report lists:
/// its errors and warnings, the findings it counts. A note (`info`, such as
/// C004's processor not checked) is about the record of processing, not
/// the DPIA: `dpia check` lists it and the dashboard counts it.
pub(super) fn finding_rows(analysis: &Analysis, checked: &Checked) -> Vec<FindingRow> {
    own_findings(analysis, checked)
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| finding_row(d, &analysis.sources))
        .collect()
}

/// The findings the file suppresses, with the reasons.
pub(super) fn suppressed_rows(analysis: &Analysis, file: FileId) -> Vec<SuppressedRow> {
    analysis
        .suppressed
        .iter()
        .filter(|s| s.diagnostic.file_id() == Some(file))
        .map(|s| SuppressedRow {
            finding: finding_row(&s.diagnostic, &analysis.sources),
            reason: Md::new(&s.reason),
        })
        .collect()
}
