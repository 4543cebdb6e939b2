//! The `dpia` binary: parse the arguments, run the command, map the outcome
//! to an exit code (0 clean, 1 findings at or above the fail level, 2 broken
//! input or usage).

use std::process::ExitCode;

fn main() -> ExitCode {
    // `dpia build` starts its PDF workers as this program, with this
    // first argument; it is not a command, so clap never sees it.
    if std::env::args_os()
        .nth(1)
        .is_some_and(|first| first == dpia::cmd::PDF_WORKER)
    {
        return ExitCode::from(dpia::cmd::pdf_worker().code());
    }
    let cli = <dpia::cli::Cli as clap::Parser>::parse();
    ExitCode::from(dpia::cmd::run(cli).code())
}
