//! `dpia check`: load, validate, score and check assessments; report every
//! problem with its line, and a summary of each assessment's ratings.

use std::borrow::Cow;
use std::io::{BufWriter, Write};
use std::path::Path;

use super::ExitStatus;
use crate::cli::CheckArgs;
use crate::pipeline::{Analysis, Keep, Options, analyse_keeping};
use crate::present::check::FailOn;
use crate::render::check::{Format, write};

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
    let colour = args.format == Format::Human && super::colour(&std::io::stdout());
    // Every value echoed is escaped where it is written; this is the last
    // guard before a terminal or a CI log (colour output carries our own
    // escape sequences, so it relies on the first).
    let escape: fn(&str) -> Cow<'_, str> = match args.format {
        Format::Json | Format::Sarif | Format::Gitlab => crate::escape::json,
        Format::Human if colour => |text| Cow::Borrowed(text),
        _ => crate::escape::block,
    };
    let mut out = BufWriter::with_capacity(
        1 << 16,
        Guard {
            out: std::io::stdout().lock(),
            escape,
            pending: Vec::new(),
        },
    );
    if write(
        &analysis,
        &cwd,
        args.format,
        args.fail_on,
        colour,
        super::quiet(),
        &mut out,
    )
    .and_then(|()| out.flush())
    .is_err()
    {
        return ExitStatus::Error;
    }
    exit_status(&analysis, args.fail_on)
}

/// Writes text through an escaping function ([`crate::escape`]), a whole
/// character at a time: the bytes of a character split between two writes
/// wait for the rest.
struct Guard<W: Write> {
    /// Where the escaped text goes.
    out: W,
    /// The escaping of the format.
    escape: fn(&str) -> Cow<'_, str>,
    /// The start of a character whose other bytes are still to come.
    pending: Vec<u8>,
}

impl<W: Write> Write for Guard<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let valid = match std::str::from_utf8(&self.pending) {
            Ok(text) => text.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "output is not UTF-8",
                ));
            }
        };
        let text = std::str::from_utf8(&self.pending[..valid]).unwrap_or_default();
        self.out.write_all((self.escape)(text).as_bytes())?;
        self.pending.drain(..valid);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "output ends inside a character",
            ));
        }
        self.out.flush()
    }
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
