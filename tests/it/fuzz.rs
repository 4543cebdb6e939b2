//! A seeded mutation fuzzer for the whole pipeline, on stable Rust.
//!
//! Seeds are the bundled examples and the repository's fixtures (valid,
//! malformed and rule fixtures). Each input is a seed mutated a few times
//! (bytes flipped, YAML and Markdown tokens and hostile characters
//! inserted, ranges deleted, repeated or spliced from another seed), written
//! into a project, and run through everything dpia does with a file:
//! load, schema, model, scoring, rules, every `check` format, the report
//! context, the HTML report, the JSON hand-over to typst (and, every
//! `pdf_every` inputs, the PDF itself), and the register in CSV and XLSX.
//!
//! What must hold for every input:
//! - nothing panics (a panic is caught and is a crash);
//! - an input error names its file;
//! - what `check` accepts, `build` renders: an assessment without input
//!   errors gives an HTML report and a typst hand-over (and a PDF);
//! - no format prints a raw control character (the human and concise
//!   reports escape every field before the last guard).
//!
//! A stack overflow cannot be caught: it aborts the run, which fails too.
//! The same seed gives the same inputs, so a crash is reproduced by its seed
//! and iteration; [`minimise`] shrinks it for the corpus.

#![allow(dead_code)] // the test and the benchmark use different parts

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::ValueEnum;
use dpia::pipeline::{Options, analyse};
use dpia::present::check::FailOn;
use dpia::render::check::{Format, render};

/// xorshift64*: small, fast and the same on every machine.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (0 is moved off the fixed point).
    #[must_use]
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    /// The next number.
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Tokens worth inserting: YAML syntax, Markdown, and characters that have
/// broken parsers and renderers before.
const TOKENS: &[&str] = &[
    ": ",
    ":\t",
    "- ",
    "-\t",
    "? ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "!!str ",
    "!!int ",
    "!<tag:yaml.org,2002:str> ",
    "!custom ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "  ",
    "    ",
    "\"",
    "'",
    "|\n  ",
    ">\n  ",
    "# ",
    "%YAML 1.2\n---\n",
    "%YAML 9.9\n",
    "---\n",
    "...\n",
    "~",
    "null",
    "true",
    "1e16",
    "1e300",
    "-1",
    "0x7fffffffffffffff",
    "9007199254740993",
    "2020-02-30",
    "2099-01-01",
    "> ",
    "> > > > ",
    "**",
    "__",
    "*",
    "_",
    "~~",
    "`",
    "```\n",
    "[x](javascript:alert(1))",
    "![i](http://example.org/x.png)",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "#read(\"/etc/passwd\")",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "1. ",
    "\u{1b}[31m",
    "\u{7}",
    "\u{202e}",
    "\u{200b}",
    "\u{feff}",
    "\u{301}\u{301}\u{301}\u{301}",
    "\u{200d}",
    "é",
    "ü",
    "数据",
    "😀",
    "\u{0}",
    "\u{85}",
    "\u{2028}",
    "R001",
    "off",
    "warning",
    "in-review",
    "approved",
    "draft",
    "source_document: {title: t}\n",
    "suppress: [{rule: R001, reason: \"\u{200b}\"}]\n",
];

/// One mutation of `text`, using `other` (another seed) for splices.
pub fn mutate(text: &mut Vec<u8>, other: &[u8], rng: &mut Rng) {
    let len = text.len();
    let at = rng.below(len + 1);
    match rng.below(12) {
        9..=11 => {
            // A token at the end of a line: usually inside a value, so the
            // file stays YAML and reaches the later stages.
            let ends: Vec<usize> = text
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i)
                .collect();
            if !ends.is_empty() {
                let end = ends[rng.below(ends.len())];
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                text.splice(end..end, token.iter().copied());
            }
        }
        0 if len > 0 => {
            let i = rng.below(len);
            text[i] ^= 1 << rng.below(8);
        }
        1 | 2 => {
            let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
            text.splice(at..at, token.iter().copied());
        }
        3 if len > 0 => {
            let end = (at + 1 + rng.below(64)).min(len);
            text.drain(at.min(end)..end);
        }
        4 if len > 0 => {
            // Repeat a short range many times: long lines, deep nesting,
            // many keys or items.
            let start = rng.below(len);
            let end = (start + 1 + rng.below(16)).min(len);
            let piece = text[start..end].to_vec();
            let times = 1 + rng.below(2_000);
            let repeated: Vec<u8> = piece
                .iter()
                .copied()
                .cycle()
                .take(piece.len() * times)
                .collect();
            text.splice(end..end, repeated);
        }
        5 if !other.is_empty() => {
            let start = rng.below(other.len());
            let end = (start + 1 + rng.below(400)).min(other.len());
            text.splice(at..at, other[start..end].iter().copied());
        }
        6 => {
            // Swap two lines.
            let lines: Vec<usize> = text
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i)
                .collect();
            if lines.len() > 2 {
                let a = rng.below(lines.len() - 1);
                let (s, e) = (lines[a] + 1, lines[a + 1] + 1);
                let line = text[s..e].to_vec();
                text.drain(s..e);
                let to = rng.below(text.len() + 1);
                text.splice(to..to, line);
            }
        }
        7 => {
            let byte = [0u8, 0x1b, 0x7f, 0xc3, 0xff, b'\t', b'\r', b'\n'][rng.below(8)];
            text.insert(at, byte);
        }
        _ => {
            let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
            let end = (at + token.len()).min(len);
            text.splice(at..end, token.iter().copied());
        }
    }
    text.truncate(dpia::source::MAX_FILE_BYTES as usize + 1024);
}

/// A seed: its path, its bytes, and whether it belongs to the bundled
/// examples' project (else to the fixtures' project).
pub type Seed = (PathBuf, Vec<u8>, bool);

/// The seed files: every YAML file of the bundled examples and the
/// fixtures.
#[must_use]
pub fn seeds(root: &Path) -> Vec<Seed> {
    let mut found = Vec::new();
    for dir in [
        "assessments",
        "tests/fixtures/cli",
        "tests/fixtures/formats",
        "tests/fixtures/malformed",
        "tests/fixtures/register/assessments",
    ] {
        collect(&root.join(dir), &mut found);
    }
    collect(&root.join("tests/fixtures/rules"), &mut found);
    found.sort();
    found
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "dpia.yaml"))
        .filter_map(|p| {
            let bundled = p.starts_with(root.join("assessments"));
            std::fs::read(&p).ok().map(|b| (p, b, bundled))
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

/// What running one input showed.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The input was accepted (no input error).
    pub accepted: bool,
    /// A broken invariant or a caught panic, if any.
    pub failure: Option<String>,
    /// A PDF was compiled.
    pub pdf: bool,
}

/// A project folder for the fuzzer: the bundled examples' dpia.yaml (or
/// the fixtures', which the other seeds are written against) and an
/// assessments folder that holds one file at a time.
pub fn project(root: &Path, bundled: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    if bundled {
        // The examples' project names the test keys' allowed-signers file.
        std::fs::copy(root.join("dpia.yaml"), dir.path().join("dpia.yaml")).unwrap();
        let keys = dir.path().join("tests/keys");
        std::fs::create_dir_all(&keys).unwrap();
        std::fs::copy(
            root.join("tests/keys/allowed_signers"),
            keys.join("allowed_signers"),
        )
        .unwrap();
    } else {
        std::fs::copy(
            root.join("tests/fixtures/cli/dpia.yaml"),
            dir.path().join("dpia.yaml"),
        )
        .unwrap();
    }
    std::fs::create_dir(dir.path().join("assessments")).unwrap();
    dir
}

/// Runs one input through the whole pipeline in `project`.
pub fn run_one(project: &Path, input: &[u8], pdf: bool) -> Outcome {
    let path = project.join("assessments/fuzz.yaml");
    std::fs::write(&path, input).unwrap();
    let result = catch_unwind(AssertUnwindSafe(|| pipeline(project, pdf)));
    match result {
        Ok(outcome) => outcome,
        Err(panic) => Outcome {
            failure: Some(format!(
                "panic: {}",
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default()
            )),
            ..Outcome::default()
        },
    }
}

fn pipeline(project: &Path, pdf: bool) -> Outcome {
    let as_of = dpia::date::PartialDate::parse("2026-11-30").unwrap();
    let options = Options {
        date: dpia::date::RunDate::fixed(as_of),
        strict: false,
    };
    let analysis = analyse(None, &[], project, options);
    let mut outcome = Outcome {
        accepted: !analysis.has_input_errors(),
        ..Outcome::default()
    };
    let fail = |what: String| Some(what);
    for d in &analysis.diagnostics {
        if d.origin == dpia::diagnostic::Origin::Input
            && d.file_id().is_none()
            && analysis.project.is_some()
        {
            outcome.failure = fail(format!("an input error names no file: {}", d.message));
            return outcome;
        }
    }
    // Every format `check` prints.
    for format in Format::value_variants() {
        let text = render(&analysis, project, *format, FailOn::Error, false);
        let printed = match format {
            Format::Human | Format::Concise => std::borrow::Cow::Borrowed(text.as_str()),
            Format::Json | Format::Sarif | Format::Gitlab => dpia::escape::json(&text),
            _ => dpia::escape::block(&text),
        };
        if printed.chars().any(dpia::escape::is_unsafe) {
            outcome.failure = fail(format!(
                "--format {format:?} prints a raw control character"
            ));
            return outcome;
        }
    }
    let Some(project_model) = &analysis.project else {
        return outcome;
    };
    // What check accepts, build renders.
    let env = dpia::render::html::environment(None);
    let template = dpia::render::pdf::DEFAULT_TEMPLATE;
    for checked in &analysis.assessments {
        let mut context = dpia::present::report::build_context(checked, project_model, &analysis);
        dpia::render::figures::draw_figures(&mut context, checked);
        if let Err(e) = dpia::render::html::render_report(&env, &context) {
            outcome.failure = fail(format!("accepted, but the HTML report failed: {e}"));
            return outcome;
        }
        if let Err(e) = serde_json::to_vec(&context) {
            outcome.failure = fail(format!("accepted, but the typst hand-over failed: {e}"));
            return outcome;
        }
        if pdf && checked.model.assessment.has_dpia_content() {
            outcome.pdf = true;
            let compiled = dpia::render::pdf::render_pdf(
                &context,
                template,
                None,
                None,
                dpia::render::pdf::PdfSettings::default(),
            );
            // typst keeps what it memoised for ever; a long run drops it
            // (the build's own eviction is issue 12's).
            typst::comemo::evict(0);
            if let Err(e) = compiled {
                outcome.failure = fail(format!("accepted, but the PDF failed: {e}"));
                return outcome;
            }
        }
    }
    if outcome.accepted {
        let register =
            dpia::present::register::build_register(&analysis.assessments, project_model, as_of);
        if let Err(e) = dpia::render::csv::to_csv(&register.controller, true) {
            outcome.failure = fail(format!("accepted, but the CSV register failed: {e}"));
        } else if let Err(e) = dpia::render::xlsx::to_xlsx(&register) {
            outcome.failure = fail(format!("accepted, but the XLSX register failed: {e}"));
        }
    }
    outcome
}

/// Totals of a run.
#[derive(Debug, Default)]
pub struct Report {
    /// Inputs tried.
    pub inputs: usize,
    /// Inputs with no input error.
    pub accepted: usize,
    /// PDFs compiled.
    pub pdfs: usize,
    /// The slowest input.
    pub slowest: Duration,
    /// Failures: iteration, message, input, and whether it was run in the
    /// bundled examples' project.
    pub failures: Vec<(usize, String, Vec<u8>, bool)>,
    /// Wall time.
    pub elapsed: Duration,
}

/// Runs `iterations` inputs (or until `budget` is spent) from `seed`.
pub fn run(
    root: &Path,
    seed: u64,
    iterations: usize,
    budget: Duration,
    pdf_every: usize,
) -> Report {
    let seeds = seeds(root);
    assert!(!seeds.is_empty(), "no seed files");
    let projects = [project(root, false), project(root, true)];
    let mut rng = Rng::new(seed);
    let mut report = Report::default();
    let mut pdf_due = false;
    let started = Instant::now();
    for i in 0..iterations {
        if started.elapsed() > budget {
            break;
        }
        let (_, base, bundled) = &seeds[rng.below(seeds.len())];
        let (_, other, _) = &seeds[rng.below(seeds.len())];
        let mut input = base.clone();
        for _ in 0..=rng.below(3) {
            mutate(&mut input, other, &mut rng);
        }
        // A PDF is due every `pdf_every` inputs, for the next accepted DPIA.
        pdf_due |= pdf_every > 0 && i % pdf_every == 0;
        let t = Instant::now();
        let outcome = run_one(projects[usize::from(*bundled)].path(), &input, pdf_due);
        pdf_due &= !outcome.pdf;
        report.slowest = report.slowest.max(t.elapsed());
        report.inputs += 1;
        report.accepted += usize::from(outcome.accepted);
        report.pdfs += usize::from(outcome.pdf);
        if let Some(failure) = outcome.failure {
            report.failures.push((i, failure, input, *bundled));
        }
    }
    report.elapsed = started.elapsed();
    report
}

/// Shrinks a failing input: removes lines, then bytes, while the same kind
/// of failure (its first 40 characters) still happens.
pub fn minimise(project: &Path, input: &[u8], failure: &str) -> Vec<u8> {
    let key: String = failure.chars().take(40).collect();
    let fails = |candidate: &[u8]| {
        run_one(project, candidate, true)
            .failure
            .is_some_and(|f| f.starts_with(&key))
    };
    let mut best = input.to_vec();
    let mut chunk = best.len() / 2;
    while chunk >= 1 {
        let mut at = 0;
        while at < best.len() {
            let end = (at + chunk).min(best.len());
            let mut candidate = best.clone();
            candidate.drain(at..end);
            if fails(&candidate) {
                best = candidate;
            } else {
                at += chunk;
            }
        }
        chunk /= 2;
    }
    best
}
