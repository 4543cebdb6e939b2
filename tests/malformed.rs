//! The malformed-input corpus: every file under `tests/malformed/` is broken
//! in one way (or several), and its rendered diagnostics are a snapshot.
//! Each must be reported as an input error (exit code 2) at its line, with no
//! panic; `tests/malformed-projects/` does the same for project files.

mod common;

use std::path::{Path, PathBuf};

use dpia::cmd::check::render_report;
use dpia::pipeline::{Analysis, analyse};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn relative(path: &Path) -> PathBuf {
    path.strip_prefix(root()).unwrap().to_path_buf()
}

fn report(analysis: &Analysis) -> String {
    render_report(analysis, root(), false)
}

#[test]
fn malformed_assessments() {
    insta::glob!("malformed/*.yaml", |path| {
        if path.file_name().is_some_and(|n| n == "dpia.yaml") {
            return;
        }
        let analysis = analyse(
            Some(Path::new("tests/malformed/dpia.yaml")),
            &[relative(path)],
            root(),
            common::as_of(),
        );
        assert!(
            analysis.has_input_errors(),
            "{} was accepted",
            path.display()
        );
        assert!(analysis.assessments.is_empty());
        insta::assert_snapshot!(report(&analysis));
    });
}

#[test]
fn malformed_projects() {
    insta::glob!("malformed-projects/*/dpia.yaml", |path| {
        let analysis = analyse(Some(&relative(path)), &[], root(), common::as_of());
        assert!(
            analysis.has_input_errors(),
            "{} was accepted",
            path.display()
        );
        insta::assert_snapshot!(report(&analysis));
    });
}

#[test]
fn a_fifty_megabyte_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    let line = "notes: padding padding padding padding padding padding\n";
    let text = line.repeat(50 * 1024 * 1024 / line.len());
    std::fs::write(&path, text).unwrap();
    let analysis = analyse(
        Some(&root().join("tests/malformed/dpia.yaml")),
        &[PathBuf::from("huge.yaml")],
        dir.path(),
        common::as_of(),
    );
    let codes: Vec<_> = analysis.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["E002"]);
    assert_eq!(
        analysis.diagnostics[0].message,
        "`huge.yaml` is 50.0 MiB; the limit for one file is 4 MiB"
    );
}
