//! Helpers shared by the integration tests: running the binary and reading
//! PDFs with poppler (installed by `.ci/run`).
#![allow(dead_code)] // each test crate uses some of them

use std::path::Path;
use std::process::{Command, Output};

/// The date the library-level tests judge date-based rules against, so
/// that their findings do not change as time passes.
pub fn as_of() -> dpia::date::PartialDate {
    dpia::date::PartialDate::parse(TODAY).expect("a date")
}

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The date every run of the binary takes as today (`DPIA_TODAY`): no
/// test may depend on the clock.
pub const TODAY: &str = "2026-11-30";

/// `dpia` with its date fixed to [`TODAY`] and no `SOURCE_DATE_EPOCH` from
/// the environment, ready for arguments.
pub fn dpia() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dpia"));
    command
        .env("DPIA_TODAY", TODAY)
        .env_remove("SOURCE_DATE_EPOCH");
    command
}

/// Runs `dpia` in `dir` with `args`.
pub fn dpia_in(dir: &Path, args: &[&str]) -> Output {
    dpia()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

/// A project in a temporary folder: the CLI fixtures' dpia.yaml and their
/// clean assessment, with `from` replaced by `to` (which must occur).
pub fn clean_project(from: &str, to: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = root().join("tests/fixtures/cli");
    std::fs::copy(fixtures.join("dpia.yaml"), dir.path().join("dpia.yaml")).unwrap();
    std::fs::create_dir(dir.path().join("assessments")).unwrap();
    let clean = std::fs::read_to_string(fixtures.join("clean.yaml")).unwrap();
    assert!(clean.contains(from), "clean.yaml has no `{from}`");
    std::fs::write(
        dir.path().join("assessments/clean.yaml"),
        clean.replace(from, to),
    )
    .unwrap();
    dir
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The text of a PDF, by poppler's pdftotext, with runs of white space as
/// one space (table cells wrap where they like).
pub fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs: install poppler-utils (.ci/run does)");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    text(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The number of pages of a PDF, by pdfinfo.
pub fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo runs (poppler-utils)");
    text(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count")
}
