//! A problem is a value: the [`Diagnostic`] type every stage returns, and the
//! one place that turns diagnostics into text for people.
//!
//! Stages never print. They return diagnostics pointing at a span of the
//! user's file; the command layer collects them and calls [`render_human`]
//! (or serialises them through [`LocatedDiagnostic`] for `--format json`).

use std::ops::Range;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::term;
use serde::Serialize;

use crate::escape::inline;
use crate::source::{FileId, Sources};

/// How serious a diagnostic is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// A gap a reviewer should look at.
    Warning,
    /// Something that must be fixed.
    Error,
}

impl Severity {
    /// The lower-case word used in output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Where a diagnostic comes from, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// The input is broken (unreadable, not YAML, not valid against the
    /// schema, a dangling reference...). Always an error; exit code 2.
    Input,
    /// A compliance finding from a rule about a well-formed assessment.
    Rule,
}

/// A marked span of a file with a short message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The file the span is in.
    pub file: FileId,
    /// Byte range in that file.
    pub range: Range<usize>,
    /// Text printed beside the caret.
    pub message: String,
}

/// One problem: code, severity, message, where it is, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Input problem or rule finding.
    pub origin: Origin,
    /// How serious it is.
    pub severity: Severity,
    /// Stable code such as `E101` or `R001`.
    pub code: &'static str,
    /// One sentence saying what is wrong.
    pub message: String,
    /// The primary label first, then secondary ones ("defined here").
    pub labels: Vec<Label>,
    /// The file a diagnostic without labels is about (an empty or unreadable
    /// file has no text to point into).
    pub file: Option<FileId>,
    /// Extra lines printed after the snippet (`= note: ...`).
    pub notes: Vec<String>,
    /// What to do about it (`= help: ...`).
    pub help: Option<String>,
    /// The legal reference of a rule finding, such as `UK GDPR Art 36(1)`.
    pub reference: Option<&'static str>,
    /// The short name of the rule that produced a finding.
    pub rule_name: Option<&'static str>,
}

impl Diagnostic {
    /// A new input error (exit code 2) with the given code and message.
    #[must_use]
    pub fn input(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            origin: Origin::Input,
            severity: Severity::Error,
            code,
            message: message.into(),
            labels: Vec::new(),
            file: None,
            notes: Vec::new(),
            help: None,
            reference: None,
            rule_name: None,
        }
    }

    /// A new rule finding.
    #[must_use]
    pub fn finding(code: &'static str, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            origin: Origin::Rule,
            ..Diagnostic::input(code, message)
        }
        .with_severity(severity)
    }

    /// Replaces the severity.
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Adds a label; the first label added is the primary one.
    #[must_use]
    pub fn with_label(
        mut self,
        file: FileId,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        self.labels.push(Label {
            file,
            range,
            message: message.into(),
        });
        self
    }

    /// Says which file the diagnostic is about, without pointing into it.
    #[must_use]
    pub fn in_file(mut self, file: FileId) -> Self {
        self.file = Some(file);
        self
    }

    /// The file the diagnostic is about: its primary label's, or the one set
    /// with [`in_file`](Self::in_file).
    #[must_use]
    pub fn file_id(&self) -> Option<FileId> {
        self.primary().map(|l| l.file).or(self.file)
    }

    /// Adds a note line.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Sets the help line.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The primary label, if the diagnostic has a location.
    #[must_use]
    pub fn primary(&self) -> Option<&Label> {
        self.labels.first()
    }

    /// The diagnostic as the snippet renderer takes it: every text
    /// escaped for a terminal, every label mapped into the shown text of
    /// its file ([`crate::source::SourceFile::shown_text`]).
    fn to_codespan(&self, sources: &Sources) -> cs::Diagnostic<FileId> {
        let severity = match self.severity {
            Severity::Error => cs::Severity::Error,
            Severity::Warning => cs::Severity::Warning,
            Severity::Info => cs::Severity::Note,
        };
        let labels = self
            .labels
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let style = if i == 0 {
                    cs::LabelStyle::Primary
                } else {
                    cs::LabelStyle::Secondary
                };
                let range = if label.file < sources.len() {
                    let file = sources.get(label.file);
                    file.shown_offset(label.range.start)..file.shown_offset(label.range.end)
                } else {
                    label.range.clone()
                };
                cs::Label::new(style, label.file, range).with_message(inline(&label.message))
            })
            .collect();
        cs::Diagnostic::new(severity)
            .with_code(self.code)
            .with_message(inline(&self.message))
            .with_labels(labels)
            .with_notes(self.note_lines())
    }

    /// The notes, help and reference as printed after a snippet, escaped.
    fn note_lines(&self) -> Vec<String> {
        let mut notes: Vec<String> = self
            .notes
            .iter()
            .map(|n| format!("note: {}", inline(n)))
            .collect();
        if let Some(help) = &self.help {
            notes.push(format!("help: {}", inline(help)));
        }
        if let Some(reference) = self.reference {
            notes.push(format!("reference: {reference}"));
        }
        notes
    }
}

/// Most problems shown for one file: a hostile file can hold hundreds of
/// thousands, and the first ones are what a person fixes first.
pub const MAX_PER_FILE: usize = 100;

/// Adds to `problems` (those shown for `file`) an E017 saying that `more`
/// were found and not shown; nothing when `more` is 0. It names the file
/// without a line, so it is listed first for the file, in every format.
pub fn note_more(problems: &mut Vec<Diagnostic>, more: usize, file: FileId) {
    if more == 0 {
        return;
    }
    problems.push(
        Diagnostic::input(
            "E017",
            format!(
                "this file has {} more problem{} than the {} shown",
                thousands(more),
                if more == 1 { "" } else { "s" },
                problems.len()
            ),
        )
        .in_file(file)
        .with_help("fix the problems shown first; they are often one mistake repeated"),
    );
}

/// A count with thousands separated by commas: `100,000`.
#[must_use]
pub fn thousands(n: impl std::fmt::Display) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Sorts diagnostics by file, then position, then code, so output is stable
/// whatever order the stages found them in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        sort_key(a)
            .cmp(&sort_key(b))
            .then_with(|| a.code.cmp(b.code))
    });
}

/// Where [`sort`] puts a diagnostic: its file (one without a file last),
/// then its position.
fn sort_key(d: &Diagnostic) -> (FileId, usize) {
    match d.primary() {
        Some(l) => (l.file, l.range.start),
        None => (d.file.unwrap_or(usize::MAX), 0),
    }
}

/// The diagnostics of one file, out of diagnostics in [`sort`]'s order:
/// found by bisection, so that a report per file costs the file's own
/// diagnostics, not the portfolio's.
#[must_use]
pub fn of_file(sorted: &[Diagnostic], file: FileId) -> &[Diagnostic] {
    let start = sorted.partition_point(|d| sort_key(d).0 < file);
    let end = start + sorted[start..].partition_point(|d| sort_key(d).0 == file);
    &sorted[start..end]
}

/// Renders diagnostics for a person: `error[CODE]: message`, the
/// `path:line:col` of the problem, the offending line with a caret, and any
/// notes. With `colour`, ANSI colours are added (only for terminals).
#[must_use]
pub fn render_human(diagnostics: &[Diagnostic], sources: &Sources, colour: bool) -> String {
    let mut out = Vec::new();
    // Writing to memory does not fail.
    let _ = write_human(diagnostics, sources, colour, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Diagnostics rendered in parallel before they are written: enough to
/// keep the threads busy, few enough that a portfolio's findings are never
/// held as text all at once.
const RENDER_BATCH: usize = 128 * 16;

/// [`render_human`], written to `out` a batch at a time.
///
/// # Errors
/// When `out` cannot be written to.
pub fn write_human(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    colour: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    // A portfolio can give thousands of findings; each renders on its own,
    // so chunks render in parallel and are written in order.
    for batch in diagnostics.chunks(RENDER_BATCH) {
        let texts: Vec<String> = batch
            .par_chunks(128)
            .map(|chunk| render_each(chunk, sources, colour))
            .collect();
        for text in texts {
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(())
}

/// Renders diagnostics one after another (see [`render_human`]).
fn render_each(diagnostics: &[Diagnostic], sources: &Sources, colour: bool) -> String {
    let mut config = term::Config {
        chars: term::Chars::ascii(),
        ..term::Config::default()
    };
    config.before_label_lines = 0;
    config.after_label_lines = 0;
    let mut out = String::new();
    for diagnostic in diagnostics {
        if let Some(text) = render_without_snippet(diagnostic, sources) {
            out.push_str(&text);
            continue;
        }
        let cs = diagnostic.to_codespan(sources);
        if colour {
            let mut buffer = term::termcolor::Buffer::ansi();
            if term::emit_to_write_style(&mut buffer, &config, sources, &cs).is_ok() {
                out.push_str(&String::from_utf8_lossy(buffer.as_slice()));
                continue;
            }
        }
        if term::emit_to_string(&mut out, &config, sources, &cs).is_err() {
            // A label outside its file is a bug in a stage; still say what is wrong.
            out.push_str(&format!(
                "{}[{}]: {}\n",
                diagnostic.severity.as_str(),
                diagnostic.code,
                inline(&diagnostic.message)
            ));
        }
    }
    out
}

/// Lines longer than this are not shown in a snippet (a minified or hostile
/// file could otherwise print megabytes).
const MAX_SNIPPET_LINE: usize = 300;

/// Renders, in the same layout as the snippets, a diagnostic that has no
/// text to show: no label (an empty or unreadable file), or a primary label
/// on a line too long to print.
fn render_without_snippet(diagnostic: &Diagnostic, sources: &Sources) -> Option<String> {
    let location = match diagnostic.primary() {
        Some(label) => {
            let file = sources.get(label.file);
            let at = file.line_col(label.range.start);
            let line = file.line(at.line - 1).unwrap_or_default();
            if line.chars().count() <= MAX_SNIPPET_LINE {
                return None;
            }
            Some((
                format!("{}:{}:{}", file.name(), at.line, at.column),
                Some(format!(
                    "line {} is {} characters long; it is not shown",
                    at.line,
                    line.chars().count()
                )),
            ))
        }
        None => diagnostic
            .file
            .map(|id| (sources.get(id).name().to_owned(), None)),
    };
    let mut out = format!(
        "{}[{}]: {}\n",
        diagnostic.severity.as_str(),
        diagnostic.code,
        inline(&diagnostic.message)
    );
    let mut notes: Vec<String> = Vec::new();
    if let Some((place, long)) = location {
        out.push_str(&format!("  --> {place}\n"));
        notes.extend(long.map(|n| format!("note: {n}")));
    }
    notes.extend(diagnostic.note_lines());
    if !notes.is_empty() {
        out.push_str("  |\n");
        for note in notes {
            out.push_str(&format!("  = {note}\n"));
        }
    }
    out.push('\n');
    Some(out)
}

/// A diagnostic with its location resolved to file name, line and column:
/// the stable shape used by `--format json`.
#[derive(Debug, Clone, Serialize)]
pub struct LocatedDiagnostic {
    /// Stable code, such as `E101` or `R001`.
    pub code: &'static str,
    /// Short rule name, for rule findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'static str>,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// `input` (the file is broken) or `rule` (a compliance finding).
    pub origin: Origin,
    /// What is wrong.
    pub message: String,
    /// File name as shown to the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line of the start of the primary span.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column (in characters) of the start of the primary span.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// 1-based line of the end of the primary span.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_line: Option<usize>,
    /// 1-based column of the end of the primary span.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_column: Option<usize>,
    /// Text of the primary label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Other places involved, such as where a referenced list is defined.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<RelatedLocation>,
    /// Notes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Legal reference of a rule finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<&'static str>,
}

/// A secondary location of a [`LocatedDiagnostic`].
#[derive(Debug, Clone, Serialize)]
pub struct RelatedLocation {
    /// File name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What this place is.
    pub message: String,
}

impl LocatedDiagnostic {
    /// `file:line:col`, as far as it is known.
    #[must_use]
    pub fn place(&self) -> Option<String> {
        match (&self.file, self.line, self.column) {
            (Some(file), Some(line), Some(column)) => Some(format!("{file}:{line}:{column}")),
            (Some(file), _, _) => Some(file.clone()),
            _ => None,
        }
    }

    /// Resolves a diagnostic's labels against the sources.
    #[must_use]
    pub fn new(diagnostic: &Diagnostic, sources: &Sources) -> Self {
        let primary = diagnostic.primary();
        let (file, start, end) = match primary {
            Some(label) => {
                let file = sources.get(label.file);
                (
                    Some(file.name().to_owned()),
                    Some(file.line_col(label.range.start)),
                    Some(file.line_col(label.range.end)),
                )
            }
            None => (
                diagnostic.file.map(|id| sources.get(id).name().to_owned()),
                None,
                None,
            ),
        };
        LocatedDiagnostic {
            code: diagnostic.code,
            rule: diagnostic.rule_name,
            severity: diagnostic.severity,
            origin: diagnostic.origin,
            message: diagnostic.message.clone(),
            file,
            line: start.map(|p| p.line),
            column: start.map(|p| p.column),
            end_line: end.map(|p| p.line),
            end_column: end.map(|p| p.column),
            label: primary.map(|l| l.message.clone()).filter(|m| !m.is_empty()),
            related: diagnostic
                .labels
                .iter()
                .skip(1)
                .map(|label| {
                    let file = sources.get(label.file);
                    let at = file.line_col(label.range.start);
                    RelatedLocation {
                        file: file.name().to_owned(),
                        line: at.line,
                        column: at.column,
                        message: label.message.clone(),
                    }
                })
                .collect(),
            notes: diagnostic.notes.clone(),
            help: diagnostic.help.clone(),
            reference: diagnostic.reference,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn renders_location_caret_and_help() {
        let mut sources = Sources::new();
        let id = sources.add(SourceFile::new("a.yaml", "id: x\nstatus: aproved\n"));
        let d = Diagnostic::input("E104", "`aproved` is not an allowed status")
            .with_label(id, 14..21, "expected one of ...")
            .with_help("did you mean `approved`?");
        let text = render_human(&[d], &sources, false);
        assert_eq!(
            text,
            "error[E104]: `aproved` is not an allowed status\n  \
             --> a.yaml:2:9\n  \
             |\n\
             2 | status: aproved\n  \
             |         ^^^^^^^ expected one of ...\n  \
             |\n  \
             = help: did you mean `approved`?\n\n"
        );
    }

    #[test]
    fn the_diagnostics_of_a_file_are_found_in_sorted_order() {
        let at = |file: FileId, start: usize| {
            Diagnostic::input("E104", "x").with_label(file, start..start + 1, "here")
        };
        let mut all = vec![at(2, 5), at(0, 1), at(2, 1), at(5, 0), at(0, 3)];
        all.push(Diagnostic::input("E001", "no file"));
        sort(&mut all);
        let starts = |file| -> Vec<usize> {
            of_file(&all, file)
                .iter()
                .map(|d| d.primary().unwrap().range.start)
                .collect()
        };
        assert_eq!(starts(0), [1, 3]);
        assert_eq!(starts(2), [1, 5]);
        assert_eq!(starts(5), [0]);
        assert!(of_file(&all, 1).is_empty());
        assert!(of_file(&all, 9).is_empty());
        assert!(of_file(&[], 0).is_empty());
    }

    #[test]
    fn snippets_from_an_excerpt_are_those_of_the_whole_file() {
        let text = "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8\ni: 9\nj: 0\nk: 1\n";
        let d = Diagnostic::input("E104", "bad")
            .with_label(0, 10..11, "here")
            .with_label(0, 20..21, "one line after the next")
            .with_label(0, 31..42, "over three lines");
        let whole = SourceFile::new("a.yaml", text);
        let mut part = whole.clone();
        part.keep_lines(d.labels.iter().map(|l| l.range.clone()));
        assert!(part.text().len() < text.len());
        let rendered = |file: SourceFile| {
            let mut sources = Sources::new();
            sources.add(file);
            render_human(std::slice::from_ref(&d), &sources, false)
        };
        let expected = rendered(whole);
        assert!(
            expected.contains("d: 4") && expected.contains("f: 6"),
            "{expected}"
        );
        assert_eq!(rendered(part), expected);
    }

    #[test]
    fn colour_is_added_only_when_asked() {
        let mut sources = Sources::new();
        let id = sources.add(SourceFile::new("a.yaml", "id: x\n"));
        let d = Diagnostic::input("E104", "bad").with_label(id, 4..5, "here");
        assert!(render_human(std::slice::from_ref(&d), &sources, true).contains('\u{1b}'));
        assert!(!render_human(&[d], &sources, false).contains('\u{1b}'));
    }

    #[test]
    fn located_diagnostic_has_line_and_column() {
        let mut sources = Sources::new();
        let id = sources.add(SourceFile::new("a.yaml", "id: x\nstatus: aproved\n"));
        let d = Diagnostic::input("E104", "bad").with_label(id, 14..21, "here");
        let located = LocatedDiagnostic::new(&d, &sources);
        assert_eq!(located.file.as_deref(), Some("a.yaml"));
        assert_eq!((located.line, located.column), (Some(2), Some(9)));
        assert_eq!((located.end_line, located.end_column), (Some(2), Some(16)));
    }
}
