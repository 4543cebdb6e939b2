//! Command-line definitions (clap) and nothing else.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

pub use crate::present::check::FailOn;
pub use crate::render::check::Format;
pub use crate::render::pdf::Standard as PdfStandard;
pub use crate::render::register::RegisterFormat;
pub use crate::render::reports::ReportFormat;

/// What `dpia --version` prints after the name: the version and the commit
/// it was built from (`build.rs`), with `modified` when the checkout's
/// code differed from that commit.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("DPIA_COMMIT"), ")");

/// Data protection impact assessments and records of processing from YAML.
#[derive(Debug, Parser)]
#[command(name = "dpia", version = VERSION, about, long_about = None)]
pub struct Cli {
    /// The project file (default: the nearest `dpia.yaml` in this folder or above).
    #[arg(long, global = true, value_name = "FILE")]
    pub project: Option<PathBuf>,
    /// When to colour the output: `auto` colours a terminal unless
    /// `NO_COLOR` is set (`CLICOLOR_FORCE` colours any output, `CLICOLOR=0`
    /// none); `always`; `never`.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Print only what was asked for and the problems: no progress bar, no
    /// list of the files written, no summary, no next step.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate, score and check assessments; report findings with their line.
    Check(CheckArgs),
    /// Render each assessment's DPIA report (HTML and PDF), the records of
    /// processing and the portfolio dashboard into the output folder.
    Build(BuildArgs),
    /// Write the records of processing (Art 30) as CSV, XLSX, HTML and PDF.
    Ropa(RopaArgs),
    /// Print the JSON Schema of a file kind.
    Schema {
        /// Which schema to print.
        #[arg(value_enum)]
        kind: SchemaArg,
    },
    /// Show the screening analysis: the criteria that apply, those the
    /// content implies but the screening does not tick, and the decision
    /// the criteria give, with its reasons.
    Screen {
        /// Assessment files or folders (default: the project's `assessments/`).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ScreenFormat::Human)]
        format: ScreenFormat,
    },
    /// List the compliance rules: code, name, severity, legal reference.
    Rules,
    /// Print the documentation of one rule or input-error code.
    Explain {
        /// The code, e.g. R001 (a rule) or E101 (an input error).
        code: String,
    },
    /// List the risk matrices, or show one as a grid with its levels.
    Matrix {
        /// The matrix to show (default: list them all).
        id: Option<String>,
        /// Print the matrix definition as YAML, to copy and adapt.
        #[arg(long)]
        yaml: bool,
    },
    /// Print the digest of an assessment's content (`sha256:...`), what an
    /// approval binds to; `--canonical` prints the bytes it is computed from.
    Digest {
        /// The assessment file.
        file: PathBuf,
        /// Print the canonical bytes instead (RFC 8785 JSON, `dpia-assessment/1`):
        /// `dpia digest --canonical FILE | sha256sum` gives the same digest.
        #[arg(long)]
        canonical: bool,
    },
    /// Show what changed between two versions of an assessment, or in every
    /// assessment since a git revision (`--base`), in the assessment's terms.
    ///
    /// A risk re-rated, a processor added, special category data gained, a
    /// transfer moved to another country; any other change by its path.
    /// Exit 0: no change; 1: changes; 2: input errors.
    Diff(DiffArgs),
    /// Sign an approval of an assessment's current content for one sign-off
    /// role, with an SSH key (SSHSIG, namespace `dpia`), into
    /// `<id>.approvals.yaml` beside the file.
    Sign(SignArgs),
    /// Check each signed approval against the content as it is now:
    /// verified, signed for other content, or a bad signature; and the
    /// sign-off roles no one has signed.
    Verify {
        /// Assessment files or folders (default: the project's `assessments/`).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ScreenFormat::Human)]
        format: ScreenFormat,
    },
    /// Create a project: dpia.yaml, assessments/ and schemas/.
    Init(InitArgs),
    /// Write a new assessment in the project's assessments folder.
    New(NewArgs),
    /// Print the completion script of a shell: `dpia completions bash >
    /// ~/.local/share/bash-completion/completions/dpia`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write the manual pages, `dpia.1` and one per command (`dpia-check.1`
    /// ...), into a folder: `dpia man ~/.local/share/man/man1`.
    Man {
        /// The folder (created if missing).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Colour a terminal, as `NO_COLOR`, `CLICOLOR_FORCE` and `CLICOLOR` say.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Arguments of `dpia diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// Without `--base`: OLD and NEW, each a file or `REV:path`, the file as
    /// git revision REV has it (`main:assessments/x.yaml`, the path from
    /// the current folder). With `--base`: the files and folders to compare
    /// (default: the project's assessments folder).
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
    /// Compare every assessment in the working tree with git revision REV:
    /// those changed, added and removed since.
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// Compare an assessment with the content its last signed approval
    /// was given for (kept in its `<id>.approvals.yaml`).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["base", "paths"])]
    pub since_approval: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
}

/// Output formats of `dpia diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// One line per change, under each assessment.
    Human,
    /// A JSON document of a stable shape (`dpia-diff/1`).
    Json,
    /// Markdown for a pull-request comment: a heading and a list per
    /// assessment.
    Markdown,
}

/// Arguments of `dpia sign`.
#[derive(Debug, clap::Args)]
pub struct SignArgs {
    /// The assessment file.
    pub file: PathBuf,
    /// The sign-off role approved: a row of the ICO template's step 7
    /// (measures, residual-risks, dpo-advice, dpo-advice-response,
    /// consultation-responses, kept-under-review) or one of the project's
    /// own (`approvals.roles` in dpia.yaml).
    #[arg(long, value_name = "ROLE")]
    pub role: String,
    /// An OpenSSH private key file (unprotected), or a public key (`.pub`)
    /// whose private half the ssh-agent at `SSH_AUTH_SOCK` holds. Ed25519,
    /// ECDSA (P-256, P-384, P-521) or RSA.
    #[arg(long)]
    pub key: PathBuf,
    /// The signer's name as the report shows it (default: the key's comment).
    #[arg(long)]
    pub name: Option<String>,
    /// The signer's principal, as an allowed-signers file names it (default:
    /// the key's comment).
    #[arg(long)]
    pub principal: Option<String>,
    /// The date of the approval (`YYYY-MM-DD`; default: today).
    #[arg(long)]
    pub date: Option<String>,
}

/// Arguments of `dpia init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Folder to create the project in (default: the current folder).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Name of the organisation acting as controller.
    #[arg(long, value_name = "NAME")]
    pub organisation: String,
    /// The organisation is a public authority or body.
    #[arg(long)]
    pub public_authority: bool,
    /// The law that applies.
    #[arg(long, value_enum, default_value_t = JurisdictionArg::Uk)]
    pub jurisdiction: JurisdictionArg,
}

/// Arguments of `dpia new`.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// Identifier of the processing activity (letters, digits, '.', '_', '-'); also the file name.
    pub id: String,
    /// Title of the activity (default: the id).
    #[arg(long)]
    pub title: Option<String>,
}

/// Jurisdictions on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum JurisdictionArg {
    /// UK GDPR and the Data Protection Act 2018.
    Uk,
    /// EU GDPR.
    Eu,
}

/// Arguments of `dpia check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Assessment files or folders (default: the project's `assessments/`).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit with 1 when a finding at or above this severity is reported.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// The date the run judges against.
    #[command(flatten)]
    pub date: DateArgs,
    /// Ignore the project file's loosening of the gate (rules turned off or
    /// down, a matrix whose highest rating needs no prior consultation):
    /// for CI.
    #[arg(long)]
    pub strict: bool,
}

/// Arguments of `dpia build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Assessment files or folders (default: the project's `assessments/`).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output folder (default: `out/` beside the project file).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Which reports to write, comma-separated.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [ReportFormat::Html, ReportFormat::Pdf])]
    pub format: Vec<ReportFormat>,
    /// How the PDFs are written.
    #[command(flatten)]
    pub pdf: PdfArgs,
    /// The date the run judges against.
    #[command(flatten)]
    pub date: DateArgs,
    /// Ignore the project file's loosening of the gate, as `check --strict`
    /// does: the reports show the findings the strict check gives.
    #[arg(long)]
    pub strict: bool,
    /// How the register's CSV files are written.
    #[command(flatten)]
    pub csv: CsvArgs,
    /// Rebuild every file, even those the record of the last build
    /// (`out/.dpia-build.json`) shows built from the same inputs.
    #[arg(long)]
    pub force: bool,
    /// How many reports to build at once (default: one per CPU, or
    /// `RAYON_NUM_THREADS`). With more than one, each compiles its PDFs in
    /// a dpia process of its own.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

/// Arguments of `dpia ropa`.
#[derive(Debug, clap::Args)]
pub struct RopaArgs {
    /// Assessment files or folders (default: the project's `assessments/`).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output folder (default: `out/` beside the project file).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Which formats to write, comma-separated.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [RegisterFormat::Csv, RegisterFormat::Xlsx, RegisterFormat::Html, RegisterFormat::Pdf])]
    pub format: Vec<RegisterFormat>,
    /// The date the run judges against.
    #[command(flatten)]
    pub date: DateArgs,
    /// How the PDF is written.
    #[command(flatten)]
    pub pdf: PdfArgs,
    /// How the register's CSV files are written.
    #[command(flatten)]
    pub csv: CsvArgs,
}

/// The PDF options, shared by `build` and `ropa`.
#[derive(Debug, clap::Args)]
pub struct PdfArgs {
    /// Write PDF/A-2b (archival) PDFs: `--pdf-standard a-2b`.
    #[arg(long)]
    pub pdf_a: bool,
    /// The standards the PDFs conform to, comma-separated: one PDF/A level
    /// and PDF/UA-1 (default: none claimed; tagged PDF 1.7).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "STANDARD")]
    pub pdf_standard: Vec<PdfStandard>,
    /// Write untagged PDFs (tagged, accessible PDF is the default).
    #[arg(long)]
    pub pdf_untagged: bool,
}

/// `--csv-bom`, shared by `build` and `ropa`.
#[derive(Debug, clap::Args)]
pub struct CsvArgs {
    /// Start the register's CSV files with a UTF-8 byte order mark, which
    /// Excel needs to read them as UTF-8; `--csv-bom false` for tools that
    /// take it for part of the first heading.
    #[arg(long, value_name = "BOOL", default_value_t = true, action = clap::ArgAction::Set)]
    pub csv_bom: bool,
}

/// `--as-of`, shared by `check`, `build` and `ropa`.
#[derive(Debug, clap::Args)]
pub struct DateArgs {
    /// The date the run judges against: date-based rules (overdue reviews,
    /// measures and compliance checks), the dashboard's overdue counts and
    /// the register's date; YYYY-MM-DD (default: today, or
    /// `SOURCE_DATE_EPOCH`). Fix it to reproduce a CI result.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<crate::date::PartialDate>,
}

impl DateArgs {
    /// The dates of the run: `--as-of` or today, decided once.
    #[must_use]
    pub fn run_date(&self) -> crate::date::RunDate {
        crate::date::RunDate::decide(self.as_of)
    }
}

/// A full date, `YYYY-MM-DD`.
fn parse_date(text: &str) -> Result<crate::date::PartialDate, String> {
    crate::date::PartialDate::parse(text)
        .filter(|d| d.day.is_some())
        .ok_or_else(|| format!("`{text}` is not a date of the form YYYY-MM-DD"))
}

/// Output formats of `dpia screen`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScreenFormat {
    /// A text summary per activity.
    Human,
    /// A JSON array, one object per activity.
    Json,
}

/// The schema kinds `dpia schema` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaArg {
    /// An assessment (processing activity) file.
    Assessment,
    /// The project file, `dpia.yaml`.
    Project,
    /// A risk matrix file.
    Matrix,
    /// An assessment's signed approvals, `<id>.approvals.yaml`.
    Approvals,
}
