//! `dpia check`: load, validate, score and check assessments; report every
//! problem with its line, and a summary of each assessment's ratings.

use std::io::{IsTerminal, Write};
use std::path::Path;

use super::ExitStatus;
use crate::cli::CheckArgs;
use crate::pipeline::{Analysis, Keep, Options, analyse_keeping};
use crate::present::check::FailOn;
use crate::render::check::{Format, render};

/// Runs `dpia check`.
#[must_use]
pub fn run(project: Option<&Path>, args: &CheckArgs) -> ExitStatus {
    let Ok(cwd) = std::env::current_dir() else {
        eprintln!("error: cannot read the current folder");
        return ExitStatus::Error;
    };
    let options = Options {
        date: args.date.run_date(),
        strict: args.strict,
    };
    let analysis = analyse_keeping(project, &args.paths, &cwd, options, Keep::Findings);
    let colour = args.format == Format::Human && colour_stdout();
    let text = render(&analysis, &cwd, args.format, args.fail_on, colour);
    // Every value echoed above is escaped where it is written; this is the
    // last guard before a terminal or a CI log (colour output carries our
    // own escape sequences, so it relies on the first).
    let text = match args.format {
        Format::Json | Format::Sarif => crate::escape::json(&text),
        Format::Human if colour => std::borrow::Cow::Borrowed(text.as_str()),
        _ => crate::escape::block(&text),
    };
    let mut out = std::io::stdout().lock();
    if out
        .write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return ExitStatus::Error;
    }
    exit_status(&analysis, args.fail_on)
}

/// Whether standard output takes colour: a terminal, and no `NO_COLOR`.
fn colour_stdout() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// The exit status of a check: 2 for broken input, 1 for findings at or
/// above the fail level, else 0.
#[must_use]
pub fn exit_status(analysis: &Analysis, fail_on: FailOn) -> ExitStatus {
    if analysis.has_input_errors() {
        return ExitStatus::Error;
    }
    let threshold = fail_on.threshold();
    if analysis.diagnostics.iter().any(|d| d.severity >= threshold) {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    }
}
