//! `dpia diff OLD NEW` and `dpia diff --base REV [PATH...]`: what changed,
//! in the assessment's terms ([`crate::diff`]), as text, JSON or Markdown
//! for a pull-request comment. Exit 0 when nothing changed, 1 when
//! something did, 2 on input errors (printed as `check` prints them).
//!
//! `dpia diff --since-approval FILE` compares an assessment with the
//! content its last signed approval was given for, which the approvals
//! file keeps; [`show`] prints it as it prints the others.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{ExitStatus, eprint_error, write_out};
use crate::cli::{DiffArgs, DiffFormat};
use crate::diff::{AssessmentDiff, State};
use crate::escape::inline;
use crate::versions::{Comparison, compare_base, compare_files};

/// The name and version of the JSON document's shape.
pub const JSON_FORM: &str = "dpia-diff/1";

/// Runs `dpia diff`.
#[must_use]
pub fn run(project: Option<&Path>, args: &DiffArgs) -> ExitStatus {
    let Ok(cwd) = std::env::current_dir() else {
        eprintln!("error: cannot read the current folder");
        return ExitStatus::Error;
    };
    if let Some(file) = &args.since_approval {
        return since_approval(project, file, args.format, &cwd);
    }
    let comparison = match (&args.base, args.paths.as_slice()) {
        (Some(base), paths) => {
            let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
            compare_base(project, base, &paths, &cwd)
        }
        (None, [old, new]) => compare_files(project, old, new, &cwd),
        (None, _) => {
            eprint_error(
                "`dpia diff` compares two versions of an assessment, `dpia diff OLD NEW` (each a file or REV:path), or a project with a git revision, `dpia diff --base REV [PATH...]`",
            );
            return ExitStatus::Error;
        }
    };
    print_input_errors(&comparison);
    for (path, why) in &comparison.skipped {
        eprintln!("note: not compared: `{}`: {why}", inline(path));
    }
    if comparison.has_input_errors() && comparison.assessments.is_empty() {
        // Nothing was compared: no totals that could read as "no changes".
        return ExitStatus::Error;
    }
    let status = show(
        &comparison.assessments,
        comparison.base.as_deref(),
        args.format,
        comparison.diagnostics.len(),
    );
    if comparison.has_input_errors() {
        ExitStatus::Error
    } else {
        status
    }
}

/// `dpia diff --since-approval FILE`: the assessment against the content
/// its last signed approval (in the file's order) was given for. That
/// content must be trusted: kept in the approvals file under its digest,
/// whose signature verifies over it.
fn since_approval(
    project: Option<&Path>,
    file: &Path,
    format: DiffFormat,
    cwd: &Path,
) -> ExitStatus {
    use crate::model::approvals::Status;
    let mut run = crate::pipeline::analyse(
        project,
        std::slice::from_ref(&file.to_path_buf()),
        cwd,
        crate::date::RunDate::decide(None),
    );
    if !super::print_input_errors(&run).is_empty() {
        return ExitStatus::Error;
    }
    let (Some(project), [checked]) = (&run.project, run.assessments.as_slice()) else {
        eprint_error("`dpia diff --since-approval` takes one assessment file");
        return ExitStatus::Error;
    };
    let Some(last) = checked.approvals.as_ref().and_then(|r| r.approvals.last()) else {
        eprint_error(&format!(
            "`{}` has no signed approval to compare with (`dpia sign` records one)",
            inline(&checked.model.assessment.id)
        ));
        return ExitStatus::Error;
    };
    let current = crate::model::digest::canonical(&checked.model.assessment);
    let approved = match (last.status, &last.approved_content) {
        (Status::Verified, _) => current,
        (Status::OtherContent | Status::NotAllowed, Some(bytes)) => bytes.clone(),
        (Status::OtherContent, None) => {
            eprint_error(&format!(
                "the last approval ({}, {}) is of content the approvals file does not keep: there is nothing to compare with",
                inline(&last.approval.role),
                inline(&last.approval.date)
            ));
            return ExitStatus::Error;
        }
        _ => {
            eprint_error(&format!(
                "the last approval ({}, {}) does not verify ({}): its content is not trusted",
                inline(&last.approval.role),
                inline(&last.approval.date),
                last.status.words()
            ));
            return ExitStatus::Error;
        }
    };
    let name = format!(
        "{} approval by {}, {}",
        last.approval.role, last.approval.name, last.approval.date
    );
    let (old_model, old_scored) =
        match crate::pipeline::load_canonical(&approved, &name, project, &mut run.sources) {
            Ok(loaded) => loaded,
            Err(problems) => {
                let colour = super::colour(&std::io::stderr());
                eprint!(
                    "{}",
                    crate::diagnostic::render_human(&problems, &run.sources, colour)
                );
                return ExitStatus::Error;
            }
        };
    let diff = AssessmentDiff::compare(
        &name,
        &crate::diff::Side::canonical(&old_model, &old_scored),
        &crate::pipeline::display_path(&checked.path, cwd),
        &crate::diff::Side::file(&checked.model, &checked.scored),
    );
    show(&[diff], None, format, 0)
}

/// Prints the diffs in a format: exit status 1 when any assessment
/// changed (or was added or removed), 0 when none did, 2 when the output
/// could not be written. `base` names what the old versions are (`HEAD`),
/// `input_errors` how many input errors were printed (the JSON counts
/// them).
#[must_use]
pub fn show(
    diffs: &[AssessmentDiff],
    base: Option<&str>,
    format: DiffFormat,
    input_errors: usize,
) -> ExitStatus {
    let text = match format {
        DiffFormat::Human => human(diffs, base, input_errors),
        DiffFormat::Json => json(diffs, base, input_errors),
        DiffFormat::Markdown => markdown(diffs, base, input_errors),
    };
    // Every value above is escaped where it is written; this is the last
    // guard before a terminal or a CI log.
    let text = match format {
        DiffFormat::Json => crate::escape::json(&text),
        _ => crate::escape::block(&text),
    };
    if write_out(&text) == ExitStatus::Error {
        return ExitStatus::Error;
    }
    if diffs.iter().any(|d| d.state != State::Unchanged) {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    }
}

/// Prints a comparison's input errors to stderr (colour on a terminal).
fn print_input_errors(comparison: &Comparison) {
    let colour = super::colour(&std::io::stderr());
    eprint!(
        "{}",
        crate::diagnostic::render_human(&comparison.diagnostics, &comparison.sources, colour)
    );
}

/// How many assessments are in each state.
#[derive(Debug, Default, Serialize)]
struct Summary {
    changed: usize,
    added: usize,
    removed: usize,
    unchanged: usize,
    input_errors: usize,
}

impl Summary {
    fn of(diffs: &[AssessmentDiff], input_errors: usize) -> Self {
        let count = |state| diffs.iter().filter(|d| d.state == state).count();
        Summary {
            changed: count(State::Changed),
            added: count(State::Added),
            removed: count(State::Removed),
            unchanged: count(State::Unchanged),
            input_errors,
        }
    }

    /// `1 assessment changed, 2 added, 0 removed, 5 unchanged`, or `no
    /// changes`.
    fn words(&self) -> String {
        if self.changed + self.added + self.removed == 0 {
            return "no changes".to_owned();
        }
        let mut out = format!(
            "{} assessment{} changed, {} added, {} removed",
            self.changed,
            if self.changed == 1 { "" } else { "s" },
            self.added,
            self.removed
        );
        if self.unchanged > 0 {
            out.push_str(&format!(", {} unchanged", self.unchanged));
        }
        out
    }

    /// `; 2 input errors: not every version was compared`, or nothing.
    fn errors(&self) -> String {
        match self.input_errors {
            0 => String::new(),
            n => format!(
                "; {n} input error{}: not every version was compared",
                if n == 1 { "" } else { "s" }
            ),
        }
    }
}

/// Where an assessment was read, as its heading names it: the new
/// version's path (under `--base`, where the old one is the same path at
/// the revision), else `old -> new`.
fn place(d: &AssessmentDiff, base: Option<&str>) -> String {
    match (&d.old, &d.new, base) {
        (Some(old), Some(new), Some(base)) if *old == format!("{base}:{new}") => new.clone(),
        (Some(old), Some(new), _) => format!("{old} -> {new}"),
        (Some(only), None, _) | (None, Some(only), _) => only.clone(),
        (None, None, _) => String::new(),
    }
}

/// The overall residual rating's label, if any.
fn label(rating: &serde_json::Value) -> Option<&str> {
    rating.get("label").and_then(serde_json::Value::as_str)
}

/// The human format: each assessment that changed, its changes indented
/// below it, then the totals.
fn human(diffs: &[AssessmentDiff], base: Option<&str>, input_errors: usize) -> String {
    let quote = |text: &str| format!("`{text}`");
    let mut out = String::new();
    let summary = Summary::of(diffs, input_errors);
    for d in diffs {
        let head = format!("{} ({})", place(d, base), quote(&d.id));
        let line = match d.state {
            State::Unchanged if base.is_some() => continue,
            State::Unchanged => format!("{head}: no changes"),
            State::Changed => format!(
                "{head}: {} change{}",
                d.changes.len(),
                if d.changes.len() == 1 { "" } else { "s" }
            ),
            State::Added | State::Removed => {
                let (verb, rating) = if d.state == State::Added {
                    ("added", &d.overall_residual.new)
                } else {
                    ("removed", &d.overall_residual.old)
                };
                format!(
                    "{head}: {verb}: {}, overall residual risk {}",
                    quote(&d.title),
                    label(rating).map_or_else(|| "unrated".to_owned(), quote)
                )
            }
        };
        out.push_str(&inline(&line));
        out.push('\n');
        for change in &d.changes {
            out.push_str("  ");
            out.push_str(&inline(&change.words(&quote)));
            out.push('\n');
        }
    }
    if let Some(base) = base {
        out.push_str(&inline(&format!(
            "{} since {}{}",
            summary.words(),
            quote(base),
            summary.errors()
        )));
        out.push('\n');
    } else if diffs.is_empty() && input_errors == 0 {
        out.push_str("no changes\n");
    }
    out
}

/// The JSON document: `{format, base, summary, assessments}`, the
/// assessments that changed, were added or removed (README: "Semantic
/// diff").
fn json(diffs: &[AssessmentDiff], base: Option<&str>, input_errors: usize) -> String {
    #[derive(Serialize)]
    struct Document<'a> {
        format: &'static str,
        base: Option<&'a str>,
        summary: Summary,
        assessments: Vec<&'a AssessmentDiff>,
    }
    let document = Document {
        format: JSON_FORM,
        base,
        summary: Summary::of(diffs, input_errors),
        assessments: diffs
            .iter()
            .filter(|d| d.state != State::Unchanged)
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// The Markdown format, for a pull-request comment: a heading, the totals,
/// and a heading and a list per assessment. Text from the repository is a
/// code span ([`code`]) or escaped ([`crate::present::markdown::escape`]):
/// it cannot open a tag, a link, a mention or a heading of its own.
fn markdown(diffs: &[AssessmentDiff], base: Option<&str>, input_errors: usize) -> String {
    use crate::present::markdown::escape;
    let summary = Summary::of(diffs, input_errors);
    let mut out = String::from("## dpia diff\n\n");
    out.push_str(&summary.words());
    if let Some(base) = base {
        out.push_str(&format!(" since {}", code(base)));
    }
    out.push_str(&summary.errors());
    out.push_str(".\n");
    for d in diffs {
        if d.state == State::Unchanged {
            continue;
        }
        let state = match d.state {
            State::Added => "added",
            State::Removed => "removed",
            _ => "changed",
        };
        out.push_str(&format!(
            "\n### {}: {} ({state})\n\n",
            code(&d.id),
            escape(&inline(&d.title))
        ));
        let places: Vec<String> = [&d.old, &d.new]
            .into_iter()
            .flatten()
            .map(|p| code(p))
            .collect();
        out.push_str(&places.join(" -> "));
        let rating = |r: &serde_json::Value| label(r).map_or_else(|| "unrated".to_owned(), code);
        match d.state {
            State::Added => out.push_str(&format!(
                ": overall residual risk {}.\n",
                rating(&d.overall_residual.new)
            )),
            State::Removed => out.push_str(&format!(
                ": overall residual risk was {}.\n",
                rating(&d.overall_residual.old)
            )),
            _ => out.push('\n'),
        }
        if !d.changes.is_empty() {
            out.push('\n');
        }
        for change in &d.changes {
            out.push_str("- ");
            out.push_str(&change.words(&code));
            out.push('\n');
        }
    }
    out
}

/// Text from the repository as a Markdown code span, shown as written
/// (control characters and line breaks as visible escapes): the contents
/// of a code span are never read as Markdown or HTML, nor linked as a
/// mention, an issue or a URL. The fence is one backtick longer than the
/// longest run of backticks in the text, and padded with a space where the
/// text starts or ends with a backtick or a space (`CommonMark` takes one
/// space off each side).
fn code(text: &str) -> String {
    let text = inline(text);
    if text.is_empty() {
        return "(empty)".to_owned();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' '));
    if pad {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_hold_any_text() {
        assert_eq!(code("R1"), "`R1`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x`"), "`` `x` ``");
        assert_eq!(code(" a "), "`  a  `");
        assert_eq!(code("<b>@x"), "`<b>@x`");
        assert_eq!(code("a\nb\u{1b}"), "`a\\u{a}b\\u{1b}`");
        assert_eq!(code(""), "(empty)");
    }
}
