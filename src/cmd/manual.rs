//! `dpia completions` and `dpia man`: the shell completion scripts and the
//! manual pages, generated from the command-line definition (`cli`), so
//! that they never say other than `--help` does.

use std::path::Path;

use clap::CommandFactory;

use super::ExitStatus;
use crate::cli::Cli;

/// Prints the completion script of `shell` to standard output.
#[must_use]
pub fn completions(shell: clap_complete::Shell) -> ExitStatus {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "dpia", &mut script);
    super::print(&String::from_utf8_lossy(&script))
}

/// Writes `dpia.1` and a page per command (`dpia-check.1`, ...) into `dir`,
/// creating it if missing; each page is whole in memory before it is
/// written, and none carries a date, so the same dpia writes the same bytes.
#[must_use]
pub fn man(dir: &Path) -> ExitStatus {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let mut pages = Vec::new();
    collect(&command, &mut pages);
    if let Err(e) = std::fs::create_dir_all(dir) {
        super::eprint_error(&format!("cannot create {}: {e}", dir.display()));
        return ExitStatus::Error;
    }
    for (name, page) in pages {
        let path = dir.join(&name);
        if let Err(e) = std::fs::write(&path, page) {
            super::eprint_error(&format!("cannot write {}: {e}", path.display()));
            return ExitStatus::Error;
        }
        super::chatter!(
            "wrote {}",
            crate::escape::inline(&path.display().to_string())
        );
    }
    ExitStatus::Success
}

/// The page of `command` and of each of its subcommands, depth first, as
/// (file name, roff).
fn collect(command: &clap::Command, pages: &mut Vec<(String, Vec<u8>)>) {
    let man = clap_mangen::Man::new(command.clone());
    let mut page = Vec::new();
    // Rendering into memory cannot fail.
    if man.render(&mut page).is_ok() {
        pages.push((man.get_filename(), page));
    }
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, pages);
    }
}
