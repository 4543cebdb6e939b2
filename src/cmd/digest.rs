//! `dpia digest FILE [--canonical]`: the digest of an assessment's content,
//! or the canonical bytes it is computed from (see [`crate::model::digest`]).

use std::io::Write as _;
use std::path::Path;

use super::{ExitStatus, print, print_input_errors};
use crate::model::digest::{canonical, digest_of};
use crate::pipeline::analyse;

/// Runs `dpia digest`: exit 0 with the digest (or bytes), 2 when the file
/// is not valid input (its errors printed, as `check` prints them).
#[must_use]
pub fn run(project: Option<&Path>, file: &Path, canonical_bytes: bool) -> ExitStatus {
    let Ok(cwd) = std::env::current_dir() else {
        eprintln!("error: cannot read the current folder");
        return ExitStatus::Error;
    };
    let run = analyse(
        project,
        &[file.to_path_buf()],
        &cwd,
        crate::date::RunDate::decide(None),
    );
    let input = print_input_errors(&run);
    if !input.is_empty() {
        return ExitStatus::Error;
    }
    let [checked] = run.assessments.as_slice() else {
        eprintln!("error: `dpia digest` takes one assessment file");
        return ExitStatus::Error;
    };
    let bytes = canonical(&checked.model.assessment);
    if canonical_bytes {
        // The bytes exactly, without a newline: they are what is hashed. A
        // terminal gets them with the characters it could act on (C1
        // controls, bidi overrides) escaped as JSON escapes them; a pipe
        // gets them as they are.
        use std::io::IsTerminal;
        let mut out = std::io::stdout().lock();
        if out.is_terminal() {
            let text = String::from_utf8_lossy(&bytes);
            let shown = crate::escape::json(&text);
            if shown != text {
                eprintln!(
                    "note: characters a terminal could act on are shown escaped; pipe the output for the exact bytes"
                );
            }
            return if out
                .write_all(shown.as_bytes())
                .and_then(|()| out.flush())
                .is_ok()
            {
                ExitStatus::Success
            } else {
                ExitStatus::Error
            };
        }
        return if out.write_all(&bytes).and_then(|()| out.flush()).is_ok() {
            ExitStatus::Success
        } else {
            ExitStatus::Error
        };
    }
    print(&format!("{}\n", digest_of(&bytes)))
}
