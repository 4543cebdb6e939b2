//! Helpers shared by the integration tests: running the binary and reading
//! PDFs with poppler (installed by `.ci/run`).
#![allow(dead_code)] // each test crate uses some of them

use std::path::{Path, PathBuf};
use std::process::Command;

/// The date the library-level tests judge date-based rules against, so
/// that their findings do not change as time passes.
pub fn as_of() -> dpia::date::PartialDate {
    dpia::date::PartialDate::parse(TODAY).expect("a date")
}

/// Writes the bundled examples' project file into `dir`, with the
/// allowed-signers file it names (`tests/keys/allowed_signers`): what a copy
/// of the examples needs besides its assessments.
pub fn write_examples_project(dir: &Path) {
    std::fs::copy(root().join("dpia.yaml"), dir.join("dpia.yaml")).unwrap();
    let keys = dir.join("tests/keys");
    std::fs::create_dir_all(&keys).unwrap();
    std::fs::copy(
        root().join("tests/keys/allowed_signers"),
        keys.join("allowed_signers"),
    )
    .unwrap();
}

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The date every run of the binary takes as today (`DPIA_TODAY`): no
/// test may depend on the clock.
pub const TODAY: &str = "2026-11-30";

/// The one way the tests run `dpia`: in a folder (the repository, a
/// fixture, or a temporary project they write), with a fixed date
/// ([`TODAY`], through `DPIA_TODAY`), no `SOURCE_DATE_EPOCH` and no
/// `NO_COLOR`, `CLICOLOR_FORCE` or `CLICOLOR` from the environment.
///
/// ```ignore
/// let run = Dpia::temp()
///     .file("dpia.yaml", "name: Test\n")
///     .file("assessments/a.yaml", text)
///     .run(&["check", "--format", "json"]);
/// assert_eq!(run.code, 1, "{}", run.stderr);
/// ```
pub struct Dpia {
    /// Where it runs.
    dir: PathBuf,
    /// Arguments before the subcommand (`--project FILE`).
    global: Vec<String>,
    /// The temporary folder it owns, removed when it is dropped.
    _temp: Option<tempfile::TempDir>,
    /// How long a run may take before it is killed and the test fails:
    /// a run that hangs (a FIFO opened, a loop) is a failure, not a hung
    /// suite.
    limit: std::time::Duration,
}

/// How long a run may take unless a test says otherwise.
const TIME_LIMIT: std::time::Duration = std::time::Duration::from_mins(5);

/// What one run of `dpia` did.
#[derive(Debug)]
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Standard output as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).expect("valid JSON")
    }

    /// Standard output, then standard error.
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

impl Dpia {
    /// In the repository root: the bundled examples and the fixtures.
    pub fn repo() -> Dpia {
        Dpia::at(root())
    }

    /// In a folder of the caller's.
    pub fn at(dir: &Path) -> Dpia {
        Dpia {
            dir: dir.to_path_buf(),
            global: Vec::new(),
            _temp: None,
            limit: TIME_LIMIT,
        }
    }

    /// In a new, empty temporary folder.
    pub fn temp() -> Dpia {
        let temp = tempfile::tempdir().expect("a temporary folder");
        Dpia {
            dir: temp.path().to_path_buf(),
            global: Vec::new(),
            _temp: Some(temp),
            limit: TIME_LIMIT,
        }
    }

    /// A temporary project: the CLI fixtures' dpia.yaml and their clean
    /// assessment, with `from` replaced by `to` (which must occur).
    pub fn clean_project(from: &str, to: &str) -> Dpia {
        let fixtures = root().join("tests/fixtures/cli");
        let clean = std::fs::read_to_string(fixtures.join("clean.yaml")).unwrap();
        assert!(clean.contains(from), "clean.yaml has no `{from}`");
        Dpia::temp()
            .file(
                "dpia.yaml",
                &std::fs::read_to_string(fixtures.join("dpia.yaml")).unwrap(),
            )
            .file("assessments/clean.yaml", &clean.replace(from, to))
    }

    /// Runs with `--project FILE` (relative to the folder).
    pub fn project(mut self, file: &str) -> Dpia {
        self.global
            .extend(["--project".to_owned(), file.to_owned()]);
        self
    }

    /// Fails a run that takes longer than `limit` (default five minutes).
    pub fn time_limit(mut self, limit: std::time::Duration) -> Dpia {
        self.limit = limit;
        self
    }

    /// Writes a file into the folder, creating its parents.
    pub fn file(self, path: &str, text: &str) -> Dpia {
        let full = self.dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(full, text).unwrap();
        self
    }

    /// The folder it runs in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The command, ready to run or spawn (for the tests that kill it).
    /// The developer's ssh-agent (`SSH_AUTH_SOCK`) is not passed on: a
    /// test that wants one starts its own ([`Dpia::run_with_env`]).
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_dpia"));
        command
            .env("DPIA_TODAY", TODAY)
            .env_remove("SOURCE_DATE_EPOCH")
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CLICOLOR")
            .env_remove("SSH_AUTH_SOCK")
            .current_dir(&self.dir)
            .args(&self.global)
            .args(args);
        command
    }

    /// Runs `dpia` with `args` and waits for it, reading both pipes as it
    /// writes (a long output never blocks it); a run past the time limit
    /// is killed and fails the test.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(args, &[])
    }

    /// [`Dpia::run`] with these environment variables set.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> Run {
        use std::io::Read;
        let mut child = self
            .command(args)
            .envs(env.iter().copied())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let read = |mut pipe: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                pipe.read_to_end(&mut bytes).unwrap();
                text(&bytes)
            })
        };
        let stdout = read(Box::new(child.stdout.take().unwrap()));
        let stderr = read(Box::new(child.stderr.take().unwrap()));
        let started = std::time::Instant::now();
        let mut pause = std::time::Duration::from_millis(1);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > self.limit {
                let _ = child.kill();
                panic!("dpia {args:?} did not finish in {:?}", self.limit);
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(std::time::Duration::from_millis(50));
        };
        Run {
            code: status.code().expect("exited normally"),
            stdout: stdout.join().unwrap(),
            stderr: stderr.join().unwrap(),
        }
    }
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The text of a PDF, by poppler's pdftotext, with runs of white space as
/// one space (table cells wrap where they like).
pub fn pdftotext(pdf: &Path) -> String {
    pdftotext_pages(pdf).join(" ")
}

/// The text of each page of a PDF, as [`pdftotext`] gives it.
pub fn pdftotext_pages(pdf: &Path) -> Vec<String> {
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
    // pdftotext ends each page with a form feed.
    let text = text(&out.stdout);
    let mut pages: Vec<String> = text
        .split('\u{c}')
        .map(|page| page.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    if pages.last().is_some_and(String::is_empty) {
        pages.pop();
    }
    pages
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

/// The text of an HTML report as a reader sees it: tags removed, the
/// entities minijinja writes decoded, runs of white space as one space.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text with the entities minijinja's escaping writes decoded.
pub fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}
