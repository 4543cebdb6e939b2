//! The `dpia` binary: parse the arguments, run the command, map the outcome
//! to an exit code (0 clean, 1 findings at or above the fail level, 2 broken
//! input or usage).

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = <dpia::cli::Cli as clap::Parser>::parse();
    ExitCode::from(dpia::cmd::run(cli).code())
}
