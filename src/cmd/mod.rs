//! One driver per subcommand. Each is a short list of pipeline calls; only
//! this layer prints and decides exit codes.

use std::path::Path;

use crate::cli::{Cli, ColorArg, Command};
use crate::pipeline::{Analysis, display_path};
use crate::render::register::Written;

pub mod build;
pub mod check;
pub mod diff;
pub mod digest;
pub mod init;
pub mod manual;
pub mod matrix;
pub mod ropa;
pub mod rules;
pub mod schema;
pub mod screen;
pub mod sign;
pub mod ssh;
pub mod verify;

/// The outcome of a command, mapped to the process exit code by `main`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing at or above the fail level: exit 0.
    Success,
    /// Findings at or above the fail level: exit 1.
    Failure,
    /// Broken input, usage or environment: exit 2.
    Error,
}

impl ExitStatus {
    /// The process exit code.
    #[must_use]
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        }
    }
}

/// Runs the command the user asked for.
#[must_use]
pub fn run(cli: Cli) -> ExitStatus {
    anstream::ColorChoice::write_global(match cli.color {
        ColorArg::Auto => anstream::ColorChoice::Auto,
        ColorArg::Always => anstream::ColorChoice::Always,
        ColorArg::Never => anstream::ColorChoice::Never,
    });
    QUIET.store(cli.quiet, std::sync::atomic::Ordering::Relaxed);
    match cli.command {
        Command::Check(args) => check::run(cli.project.as_deref(), &args),
        Command::Build(args) => build::run(cli.project.as_deref(), &args),
        Command::Ropa(args) => ropa::run(cli.project.as_deref(), &args),
        Command::Schema { kind } => schema::run(kind),
        Command::Screen { paths, format } => screen::run(cli.project.as_deref(), &paths, format),
        Command::Rules => rules::list(),
        Command::Explain { code } => rules::explain(&code),
        Command::Matrix { id, yaml } => matrix::run(cli.project.as_deref(), id.as_deref(), yaml),
        Command::Digest { file, canonical } => {
            digest::run(cli.project.as_deref(), &file, canonical)
        }
        Command::Diff(args) => diff::run(cli.project.as_deref(), &args),
        Command::Sign(args) => sign::run(cli.project.as_deref(), &args),
        Command::Verify { paths, format } => verify::run(cli.project.as_deref(), &paths, format),
        Command::Init(args) => init::init(&args),
        Command::New(args) => init::new(cli.project.as_deref(), &args),
        Command::Completions { shell } => manual::completions(shell),
        Command::Man { dir } => manual::man(&dir),
    }
}

/// The first argument that makes this program a PDF worker of `dpia build`
/// (`render::pdf::worker`) rather than a command: not one of the CLI's, so
/// that help, completions and manual pages do not offer it.
pub const PDF_WORKER: &str = crate::render::pdf::worker::SUBCOMMAND;

/// Runs a PDF worker on standard input and output, until its input ends.
#[must_use]
pub fn pdf_worker() -> ExitStatus {
    match crate::render::pdf::worker::serve() {
        Ok(()) => ExitStatus::Success,
        Err(_) => ExitStatus::Error,
    }
}

/// `--quiet`, for the whole run.
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether `--quiet` was given: print what was asked for (a check's
/// findings, a schema, a digest) and problems, nothing else.
fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// Prints a line to standard output unless `--quiet`: what was written,
/// the next step.
macro_rules! chatter {
    ($($arg:tt)*) => {
        if !$crate::cmd::quiet() {
            println!($($arg)*);
        }
    };
}
pub(crate) use chatter;

/// Whether to colour what goes to `stream`: `--color`, else (`auto`) the
/// environment (`NO_COLOR`, `CLICOLOR_FORCE`, `CLICOLOR`) and whether the
/// stream is a terminal that shows colour.
fn colour(stream: &impl anstream::stream::RawStream) -> bool {
    anstream::AutoStream::choice(stream) != anstream::ColorChoice::Never
}

/// Prints a run's input errors to stderr (colour on a terminal) and
/// returns them.
fn print_input_errors(analysis: &crate::pipeline::Analysis) -> Vec<crate::diagnostic::Diagnostic> {
    let colour = colour(&std::io::stderr());
    let input: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.origin == crate::diagnostic::Origin::Input)
        .cloned()
        .collect();
    eprint!(
        "{}",
        crate::diagnostic::render_human(&input, &analysis.sources, colour)
    );
    input
}

/// The output folder of a run, prepared for atomic writes and locked for
/// it: `--out` (relative to the current folder) or `out/` beside the
/// project file, which must not lead outside the project root (a
/// repository could commit `out` as a link to somewhere else).
fn output_dir(
    project: &crate::model::project::Project,
    out: Option<&std::path::PathBuf>,
    cwd: &std::path::Path,
) -> Result<crate::render::output::OutputDir, ExitStatus> {
    let root = out.map_or_else(|| project.root.join("out"), |o| cwd.join(o));
    let shown = crate::pipeline::display_path(&root, cwd);
    if out.is_none()
        && std::fs::symlink_metadata(&root).is_ok()
        && !project.root_dir.contains(&root)
    {
        eprint_error(&format!(
            "`{shown}` leads outside the project root; nothing is written there (name an output folder with --out)"
        ));
        return Err(ExitStatus::Error);
    }
    let waiting = || {
        eprintln!(
            "waiting for another dpia build to finish with {shown} (it holds {shown}/{})",
            crate::render::output::LOCK_FILE
        );
    };
    crate::render::output::OutputDir::create(&root, waiting).map_err(|e| {
        eprint_error(&format!("cannot prepare {shown}: {e}"));
        ExitStatus::Error
    })
}

/// The PDF settings of `--pdf-a`, `--pdf-standard` and `--pdf-untagged`,
/// or the error that they cannot go together, printed (exit 2 before
/// anything is written).
fn pdf_settings(args: &crate::cli::PdfArgs) -> Result<crate::render::pdf::PdfSettings, ()> {
    crate::render::pdf::PdfSettings::new(args.pdf_a, &args.pdf_standard, args.pdf_untagged)
        .map_err(|message| eprint_error(&message))
}

/// Prints `error: message` to standard error, control characters escaped.
fn eprint_error(message: &str) {
    eprintln!("error: {}", crate::escape::inline(message));
}

/// Writes text to standard output, control characters escaped (lines
/// kept); a closed pipe is an error exit.
fn print(text: &str) -> ExitStatus {
    write_out(&crate::escape::block(text))
}

/// Writes a JSON document to standard output, with the characters JSON
/// leaves raw escaped ([`crate::escape::json`]).
fn print_json(json: &str) -> ExitStatus {
    write_out(&crate::escape::json(json))
}

fn write_out(text: &str) -> ExitStatus {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitStatus::Success,
        Err(_) => ExitStatus::Error,
    }
}

/// Prints what writing the register did: the files written, its warnings
/// and its failures (each followed by `kept`); an error status if any
/// format failed.
#[must_use]
pub fn report_written(written: &Written, cwd: &Path, kept: &str) -> ExitStatus {
    for path in &written.paths {
        chatter!("wrote {}", display_path(path, cwd));
    }
    for warning in &written.warnings {
        eprintln!("warning: {}", crate::escape::inline(warning));
    }
    for failure in &written.failures {
        eprint_error(&format!("{failure}; {kept}"));
    }
    if written.failures.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Error
    }
}

/// Prints the input errors of an analysis to stderr; true when there are
/// any (or no project), in which case nothing portfolio-wide is written.
#[must_use]
pub fn report_input_errors(analysis: &Analysis) -> bool {
    let input = print_input_errors(analysis);
    if analysis.project.is_none() {
        return true;
    }
    if !input.is_empty() {
        eprintln!(
            "error: the records of processing are not written: {} input error{} (above); the previous register is kept",
            input.len(),
            if input.len() == 1 { "" } else { "s" }
        );
        return true;
    }
    false
}
