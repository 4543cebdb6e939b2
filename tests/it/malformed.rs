//! The malformed-input corpus: every file under `tests/fixtures/malformed/` is broken
//! in one way (or several), and its rendered diagnostics are a snapshot.
//! Each must be reported as an input error (exit code 2) at its line, with no
//! panic; `tests/fixtures/malformed-projects/` does the same for project files.

use crate::common::{self, Dpia, root};

use std::path::{Path, PathBuf};

use dpia::pipeline::{Analysis, analyse};
use dpia::render::check::human::render as render_report;

fn relative(path: &Path) -> PathBuf {
    path.strip_prefix(root()).unwrap().to_path_buf()
}

fn report(analysis: &Analysis) -> String {
    render_report(analysis, root(), false)
}

#[test]
fn malformed_assessments() {
    insta::glob!("../fixtures/malformed", "*.yaml", |path| {
        if path.file_name().is_some_and(|n| n == "dpia.yaml") {
            return;
        }
        let analysis = analyse(
            Some(Path::new("tests/fixtures/malformed/dpia.yaml")),
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
    insta::glob!("../fixtures/malformed-projects", "*/dpia.yaml", |path| {
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
fn a_schema_error_and_the_files_reference_errors_come_in_one_run() {
    let check = |file: &str| {
        Dpia::repo().run(&[
            "--project",
            "tests/fixtures/malformed/dpia.yaml",
            "check",
            "--format",
            "concise",
            &format!("tests/fixtures/malformed/{file}"),
        ])
    };
    let run = check("typo-and-duplicate-id.yaml");
    assert_eq!(run.code, 2, "{}", run.all());
    let located: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.split(": ").next())
        .filter(|at| at.starts_with("tests/"))
        .collect();
    let codes: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.split_once(": error[").map(|(_, rest)| &rest[..4]))
        .collect();
    assert_eq!(codes, ["E101", "E201", "E202"], "{}", run.all());
    assert_eq!(
        located,
        [
            "tests/fixtures/malformed/typo-and-duplicate-id.yaml:12:7",
            "tests/fixtures/malformed/typo-and-duplicate-id.yaml:15:9",
            "tests/fixtures/malformed/typo-and-duplicate-id.yaml:17:16",
        ]
    );
    // A misspelt list, and a misspelt id key: what they hide is not
    // reported as undefined.
    let run = check("typo-hides-a-list.yaml");
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("error[E101]"), "{}", run.all());
    assert!(!run.stdout.contains("E202"), "{}", run.all());
}

#[test]
fn a_fifty_megabyte_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    let line = "notes: padding padding padding padding padding padding\n";
    let text = line.repeat(50 * 1024 * 1024 / line.len());
    std::fs::write(&path, text).unwrap();
    let analysis = analyse(
        Some(&root().join("tests/fixtures/malformed/dpia.yaml")),
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

// ------------------------------------------------ hostile repositories --

/// A project in a temporary folder: the CLI fixtures' dpia.yaml and one
/// clean assessment, with a secret beside the project (outside its root).
struct Hostile {
    dir: tempfile::TempDir,
}

/// What the secret beside the project holds: no output may show it.
const SECRET: &str = "ghp_SECRETTOKEN0123456789";

impl Hostile {
    fn new() -> Hostile {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("project");
        std::fs::create_dir_all(project.join("assessments")).unwrap();
        std::fs::copy(
            root().join("tests/fixtures/cli/dpia.yaml"),
            project.join("dpia.yaml"),
        )
        .unwrap();
        std::fs::copy(
            root().join("tests/fixtures/cli/clean.yaml"),
            project.join("assessments/clean.yaml"),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("secret.yaml"),
            format!("id: x\ntoken: {SECRET}\npassword: {SECRET}\n"),
        )
        .unwrap();
        Hostile { dir }
    }

    fn project(&self) -> PathBuf {
        self.dir.path().join("project")
    }

    fn secret(&self) -> PathBuf {
        self.dir.path().join("secret.yaml")
    }

    /// Runs dpia in the project with a time limit: a run that blocks is a
    /// failure, not a hung test.
    fn run(&self, args: &[&str]) -> (i32, String) {
        let run = Dpia::at(&self.project())
            .time_limit(std::time::Duration::from_mins(1))
            .run(args);
        (run.code, run.all())
    }

    /// `check` in every format: each exits `code`, shows `expect`, and
    /// never shows the secret or a raw control character.
    fn check_every_format(&self, expect: &str, code: i32) {
        for format in ["human", "concise", "json", "sarif", "junit", "github"] {
            let (status, out) = self.run(&["check", "--format", format]);
            assert_eq!(status, code, "--format {format}:\n{out}");
            assert!(
                out.contains(expect),
                "--format {format} lacks {expect:?}:\n{out}"
            );
            assert!(
                !out.contains(SECRET),
                "--format {format} printed the secret:\n{out}"
            );
            assert_no_raw_controls(&out, format);
        }
    }
}

/// No ESC, BEL, CR or other control character (bar line feed and tab), no
/// C1 control and no bidi override in what dpia printed.
fn assert_no_raw_controls(out: &str, what: &str) {
    let bad: Vec<char> = out
        .chars()
        .filter(|&c| dpia::escape::is_unsafe(c))
        .collect();
    assert!(bad.is_empty(), "{what} printed raw {bad:?}:\n{out}");
}

#[cfg(unix)]
#[test]
fn an_assessment_linked_out_of_the_project_is_not_read() {
    let repo = Hostile::new();
    std::os::unix::fs::symlink(repo.secret(), repo.project().join("assessments/x.yaml")).unwrap();
    repo.check_every_format("E013", 2);
    let (_, out) = repo.run(&["check", "assessments/x.yaml"]);
    assert!(
        out.contains("`assessments/x.yaml` is not read: it leads outside the project root"),
        "{out}"
    );
    let (status, out) = repo.run(&["build", "--format", "html"]);
    assert_eq!(status, 2, "{out}");
    assert!(!out.contains(SECRET));
    // /etc/passwd through a link.
    std::fs::remove_file(repo.project().join("assessments/x.yaml")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", repo.project().join("assessments/x.yaml")).unwrap();
    let (status, out) = repo.run(&["check", "--format", "concise"]);
    assert_eq!(status, 2, "{out}");
    assert!(!out.contains("root:"), "{out}");
}

#[cfg(unix)]
#[test]
fn matrix_files_outside_the_project_are_refused_at_their_line() {
    let repo = Hostile::new();
    let project = repo.project().join("dpia.yaml");
    let text = std::fs::read_to_string(&project).unwrap();
    for (path, line) in [
        ("../secret.yaml", 15),
        ("/etc/passwd", 15),
        ("/proc/self/environ", 15),
        ("../../../../../../../../etc/passwd", 15),
    ] {
        std::fs::write(&project, format!("{text}matrices:\n  - \"{path}\"\n")).unwrap();
        let (status, out) = repo.run(&["check", "--format", "concise"]);
        assert_eq!(status, 2, "{path}: {out}");
        assert!(
            out.contains(&format!("dpia.yaml:{line}:5: error[E013]")),
            "{path}: {out}"
        );
        assert!(
            !out.contains(SECRET) && !out.contains("root:") && !out.contains("PATH="),
            "{path}: {out}"
        );
    }
}

#[cfg(unix)]
#[test]
fn templates_linked_out_of_the_project_fail_check_and_build() {
    let repo = Hostile::new();
    let templates = repo.project().join("templates");
    std::fs::create_dir(&templates).unwrap();
    std::os::unix::fs::symlink(repo.secret(), templates.join("report.html")).unwrap();
    repo.check_every_format("templates/report.html", 2);
    let (status, out) = repo.run(&["build", "--format", "html"]);
    assert_eq!(status, 2, "{out}");
    assert!(!out.contains(SECRET), "{out}");
    let built = repo.project().join("out/dpia");
    if built.exists() {
        for entry in std::fs::read_dir(built).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
            assert!(!text.contains(SECRET));
        }
    }
    // The folder itself as a link out of the project.
    std::fs::remove_file(templates.join("report.html")).unwrap();
    std::fs::remove_dir(&templates).unwrap();
    std::os::unix::fs::symlink(repo.dir.path(), &templates).unwrap();
    let (status, out) = repo.run(&["check", "--format", "concise"]);
    assert_eq!(status, 2, "{out}");
    assert!(
        out.contains("`templates` is not read: it leads outside the project root"),
        "{out}"
    );
}

#[cfg(unix)]
#[test]
fn folder_link_loops_are_searched_once() {
    let repo = Hostile::new();
    let assessments = repo.project().join("assessments");
    std::os::unix::fs::symlink(".", assessments.join("l1")).unwrap();
    std::os::unix::fs::symlink("..", assessments.join("up")).unwrap();
    std::os::unix::fs::symlink(repo.dir.path(), assessments.join("out")).unwrap();
    let (status, out) = repo.run(&["check", "--format", "concise"]);
    assert_eq!(status, 0, "{out}");
    assert!(out.contains("1 file checked"), "{out}");
    assert!(out.contains("assessments/l1"), "the loop is said: {out}");
    assert!(!out.contains(SECRET));
}

#[cfg(unix)]
#[test]
fn fifos_devices_and_sockets_are_refused_without_opening() {
    let repo = Hostile::new();
    let fifo = repo.project().join("assessments/x.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", repo.project().join("assessments/zero.yaml")).unwrap();
    let _socket =
        std::os::unix::net::UnixListener::bind(repo.project().join("assessments/s.yaml")).unwrap();
    let (status, out) = repo.run(&["check", "--format", "concise"]);
    assert_eq!(status, 2, "{out}");
    for line in [
        "assessments/x.yaml: error[E014] `assessments/x.yaml` is not read: it is a FIFO (named pipe), not a regular file",
        "assessments/s.yaml: error[E014] `assessments/s.yaml` is not read: it is a socket, not a regular file",
    ] {
        assert!(out.contains(line), "{line}\n{out}");
    }
    // /dev/zero is outside the project: refused as that, before its kind.
    assert!(out.contains("assessments/zero.yaml: error[E013]"), "{out}");
    let (status, out) = repo.run(&["check", "assessments/x.yaml"]);
    assert_eq!(status, 2, "{out}");
}

#[test]
fn control_characters_in_values_and_file_names_are_escaped() {
    let repo = Hostile::new();
    let clean = std::fs::read_to_string(repo.project().join("assessments/clean.yaml")).unwrap();
    // A stated rating that R003 echoes: ESC, BEL and CR by YAML's escapes,
    // and a right-to-left override written raw, which the snippet shows.
    let text = clean.replace(
        "residual: {likelihood: remote, severity: significant}",
        "residual: {likelihood: remote, severity: significant, stated: \"\\e[8mLow\\e]0;PWNED\\a\\e[2K\\rok\u{202e}\"}",
    );
    assert_ne!(text, clean);
    std::fs::write(repo.project().join("assessments/clean.yaml"), &text).unwrap();
    let named = repo.project().join("assessments/evil\u{1b}[31m\nname.yaml");
    std::fs::write(&named, "id: [unclosed\n").unwrap();
    for format in ["human", "concise", "json", "sarif", "junit", "github"] {
        let (status, out) = repo.run(&["check", "--format", format]);
        assert_eq!(status, 2, "{format}: {out}");
        assert_no_raw_controls(&out, format);
    }
    let (_, out) = repo.run(&["check", "--format", "concise"]);
    assert!(
        out.contains("stated as `\\u{1b}[8mLow\\u{1b}]0;PWNED\\u{7}\\u{1b}[2K\\u{d}ok\\u{202e}`"),
        "{out}"
    );
    assert!(
        out.contains("assessments/evil\\u{1b}[31m\\u{a}name.yaml"),
        "{out}"
    );
    let (_, out) = repo.run(&["check"]);
    assert!(
        out.contains("\\u{202e}\"}"),
        "the snippet shows the override escaped: {out}"
    );
    let (_, out) = repo.run(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("still valid JSON");
    assert!(
        json.to_string().contains('\u{202e}'),
        "JSON keeps the value exact"
    );
    let (_, out) = repo.run(&["screen", "--format", "json"]);
    assert_no_raw_controls(&out, "screen --format json");
    std::fs::remove_file(&named).unwrap();
    let (_, out) = repo.run(&["build", "--format", "html"]);
    assert_no_raw_controls(&out, "build");
}

#[test]
fn files_a_search_passes_over_are_named_and_an_empty_portfolio_fails() {
    let repo = Hostile::new();
    let assessments = repo.project().join("assessments");
    std::fs::rename(
        assessments.join("clean.yaml"),
        assessments.join("clean.YAML"),
    )
    .unwrap();
    std::fs::write(assessments.join("old.yaml.bak"), "id: old\n").unwrap();
    let (status, out) = repo.run(&["check", "--format", "concise"]);
    assert_eq!(status, 0, "{out}");
    assert!(
        out.contains("assessments/clean.YAML"),
        "an upper-case extension is checked: {out}"
    );
    assert!(
        out.contains("skipped assessments/old.yaml.bak: not a .yaml or .yml file"),
        "{out}"
    );
    for format in ["json", "sarif", "junit", "github"] {
        let (_, out) = repo.run(&["check", "--format", format]);
        assert!(
            out.contains("old.yaml.bak"),
            "--format {format} names the skipped file: {out}"
        );
    }
    std::fs::remove_file(assessments.join("clean.YAML")).unwrap();
    let (status, out) = repo.run(&["check"]);
    assert_eq!(status, 2, "{out}");
    assert!(
        out.contains("error[E015]: no assessment file in `assessments`"),
        "{out}"
    );
    assert!(out.contains("skipped `assessments/old.yaml.bak`"), "{out}");
    std::fs::remove_file(assessments.join("old.yaml.bak")).unwrap();
    let (status, _) = repo.run(&["check", "--format", "json"]);
    assert_eq!(status, 2, "an empty folder is not a pass");
}

// --------------------------------------------------------------- fuzzing --

use crate::fuzz;

/// A short, fixed-seed fuzz run through the whole pipeline (the long run is
/// `cargo bench --bench fuzz`): no input panics, every accepted assessment
/// renders as HTML, hands over to typst (a PDF every 40 inputs) and goes
/// into the register, and no format prints a raw control character.
#[test]
fn mutated_inputs_never_break_the_pipeline() {
    let report = fuzz::run(
        root(),
        0x0000_d91a_2026,
        400,
        std::time::Duration::from_mins(3),
        40,
    );
    assert!(report.inputs >= 100, "{report:?}");
    assert!(report.accepted > 0 && report.pdfs > 0, "{report:?}");
    let failures: Vec<String> = report
        .failures
        .iter()
        .map(|(i, f, input, _)| format!("input {i}: {f}\n{}", String::from_utf8_lossy(input)))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
}
