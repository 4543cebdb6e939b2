//! Benchmark of signed approvals (issue 11, section 5): `dpia digest` and
//! `dpia verify` of a generated 1,000-assessment portfolio. Run with
//! `cargo bench --bench approvals`.
//!
//! Setup: the portfolio of `check_portfolio`, a test key made with
//! `ssh-keygen` in a temporary folder (no key is committed for this), and
//! one `dpia sign FILE --role residual-risks` process per assessment (timed:
//! the cost of one signature, start-up included). Then, median of 5 runs:
//!
//! - `dpia digest FILE` once per file (1,000 processes), on the unsigned
//!   and the signed portfolio, beside the floor of starting a process under
//!   GNU time (`/bin/true`) and dpia's own start (`dpia --version`);
//! - `dpia check` of the portfolio without approvals and with them (the
//!   run reads, schema-checks and verifies each approvals file: two Ed25519
//!   signatures), the same process count, so the difference is the work;
//! - `dpia verify` of the signed portfolio, of the same under a project's
//!   signer policy (an allowed-signers file and the role's principals), and
//!   after every assessment's content changed (every approval is then of
//!   other content: verify parses the content the approvals file keeps,
//!   makes it canonical again, checks the signature over it, reads it
//!   back as an assessment and names what changed since);
//! - `dpia check` and `dpia verify` at 250, 500 and 1,000 assessments, to
//!   read growth as the ratio of the per-assessment time to the 250 rate.
//!
//! The cases alternate run by run, so that every ratio to `dpia check` of
//! the unsigned portfolio is read on the same machine state (these machines
//! are noisy; ratios are what count). Wall time is measured around each
//! process; peak memory is the largest resident set GNU time reports.

#![allow(clippy::cast_precision_loss)] // figures for a report table

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::{measure, measure_with, median, write_portfolio};

const RUNS: usize = 5;
const SIZES: [usize; 3] = [250, 500, 1000];
const PRINCIPAL: &str = "siro@example.org";

/// One thing timed: how to run it once, and how many assessments it covers.
struct Case {
    name: String,
    /// Assessments covered by one run (the divisor of "per assessment").
    n: usize,
    /// Processes started by one run.
    processes: usize,
    run: Box<dyn Fn() -> (Duration, i64, i32)>,
}

/// A case's runs: wall times, the largest peak RSS, the last exit code.
#[derive(Default)]
struct Runs {
    walls: Vec<Duration>,
    peak: i64,
    exit: i32,
}

fn main() {
    let tmp = tempfile::tempdir().unwrap();
    let at = |name: &str| tmp.path().join(name);
    let n = *SIZES.last().unwrap();

    // A test key, made here and dropped with the temporary folder.
    let keys = at("keys");
    std::fs::create_dir_all(&keys).unwrap();
    let key = keys.join("key");
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", PRINCIPAL, "-f"])
        .arg(&key)
        .status()
        .expect("ssh-keygen runs (apt-get install openssh-client)");
    assert!(status.success(), "ssh-keygen made the test key");
    let public = std::fs::read_to_string(keys.join("key.pub")).unwrap();

    let unsigned = at("unsigned");
    let yaml = write_portfolio(&unsigned, n);
    let signed = at("signed");
    write_portfolio(&signed, n);

    // Setup, timed: one `dpia sign` process per assessment.
    let mut signing = Duration::ZERO;
    let mut signing_peak = 0;
    for i in 0..n {
        let file = format!("assessments/activity-{i:04}.yaml");
        let (t, rss, code) = measure(
            &signed,
            &[
                "sign",
                &file,
                "--role",
                "residual-risks",
                "--key",
                key.to_str().unwrap(),
                "--date",
                "2026-11-02",
            ],
        );
        assert_eq!(code, 0, "dpia sign {file}");
        signing += t;
        signing_peak = signing_peak.max(rss);
    }
    let (approvals_bytes, kept_bytes) = approvals_sizes(&signed, n);

    // Every assessment changed after it was signed: each approval is then
    // of other content (the slow path of verify).
    let changed = at("changed");
    copy_portfolio(&signed, &changed, n, |text, i| {
        let title = format!("title: Generated processing activity {i}\n");
        assert!(text.contains(&title));
        text.replace(
            &title,
            &format!("title: Generated processing activity {i}, revised\n"),
        )
    });
    // The signed portfolio under a project's signer policy.
    let policy = at("policy");
    copy_portfolio(&signed, &policy, n, |text, _| text.to_owned());
    let mut project = std::fs::read_to_string(policy.join("dpia.yaml")).unwrap();
    project.push_str(&format!(
        "approvals:\n  allowed_signers: allowed_signers\n  roles:\n    residual-risks: {{principals: [{PRINCIPAL}]}}\n"
    ));
    std::fs::write(policy.join("dpia.yaml"), project).unwrap();
    std::fs::write(
        policy.join("allowed_signers"),
        format!("{PRINCIPAL} {}", public.trim_end()),
    )
    .unwrap();
    // The smaller sizes: the first assessments of each portfolio.
    let mut sized = Vec::new();
    for &size in &SIZES[..SIZES.len() - 1] {
        let dirs = [&unsigned, &signed, &changed].map(|from| {
            let to = at(&format!(
                "{}-{size}",
                from.file_name().unwrap().to_string_lossy()
            ));
            copy_portfolio(from, &to, size, |text, _| text.to_owned());
            to
        });
        sized.push((size, dirs));
    }
    sized.push((n, [unsigned.clone(), signed.clone(), changed.clone()]));

    let once = |name: &str, dir: &Path, n: usize, args: &[&str]| {
        let dir = dir.to_path_buf();
        let args: Vec<String> = args.iter().map(|&a| a.to_owned()).collect();
        Case {
            name: name.to_owned(),
            n,
            processes: 1,
            run: Box::new(move || {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                measure(&dir, &args)
            }),
        }
    };
    let per_file = |name: &str, dir: &Path, program: Option<PathBuf>, args: &[&str]| {
        let dir = dir.to_path_buf();
        let args: Vec<String> = args.iter().map(|&a| a.to_owned()).collect();
        Case {
            name: name.to_owned(),
            n,
            processes: n,
            run: Box::new(move || each_file(&dir, n, program.as_deref(), &args)),
        }
    };
    let mut cases = vec![
        once("`dpia check`, no approvals", &unsigned, n, &["check"]),
        once("`dpia check`, signed", &signed, n, &["check"]),
        once("`dpia verify`, signed", &signed, n, &["verify"]),
        once(
            "`dpia verify`, signed, with a signer policy",
            &policy,
            n,
            &["verify"],
        ),
        once("`dpia check`, content changed", &changed, n, &["check"]),
        once(
            "`dpia verify`, content changed (slow path)",
            &changed,
            n,
            &["verify"],
        ),
        per_file(
            "`/bin/true` under GNU time, per file",
            &unsigned,
            Some(PathBuf::from("/bin/true")),
            &[],
        ),
        per_file(
            "`dpia --version`, per file",
            &unsigned,
            None,
            &["--version"],
        ),
        per_file(
            "`dpia digest FILE`, no approvals",
            &unsigned,
            None,
            &["digest"],
        ),
        per_file("`dpia digest FILE`, signed", &signed, None, &["digest"]),
    ];
    let headline = cases.len();
    for (size, [u, s, c]) in &sized[..sized.len() - 1] {
        let size = *size;
        cases.push(once(&format!("check {size}"), u, size, &["check"]));
        cases.push(once(&format!("verify {size}"), s, size, &["verify"]));
        cases.push(once(&format!("changed {size}"), c, size, &["verify"]));
    }

    // Warm the file cache, then alternate the cases run by run.
    for case in &cases {
        if case.processes == 1 {
            let _ = (case.run)();
        }
    }
    let mut runs: Vec<Runs> = cases.iter().map(|_| Runs::default()).collect();
    for _ in 0..RUNS {
        for (case, runs) in cases.iter().zip(&mut runs) {
            let (t, rss, code) = (case.run)();
            runs.walls.push(t);
            runs.peak = runs.peak.max(rss);
            runs.exit = code;
        }
    }
    let wall = |i: usize| median(runs[i].walls.clone()).as_secs_f64();
    let check = wall(0);

    println!(
        "Signed approvals over {n} generated assessments ({:.1} MB of YAML), {RUNS} runs \
         alternating, median wall time\n",
        yaml as f64 / 1e6
    );
    println!(
        "Setup: {n} `dpia sign` processes (one approval each, two Ed25519 signatures): \
         {:.1} s, {} per signature, peak RSS {:.1} MB. Approvals files: {:.1} MB, {:.1} KB \
         each, {:.1} KB of it the kept canonical content.\n",
        signing.as_secs_f64(),
        per(signing.as_secs_f64(), n),
        signing_peak as f64 / 1024.0,
        approvals_bytes as f64 / 1e6,
        approvals_bytes as f64 / n as f64 / 1e3,
        kept_bytes as f64 / n as f64 / 1e3,
    );
    println!(
        "| command | processes | wall (median) | per assessment | x check | peak RSS | exit |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (i, case) in cases.iter().enumerate().take(headline) {
        println!(
            "| {} | {} | {:.0} ms | {} | {:.2} | {:.1} MB | {} |",
            case.name,
            case.processes,
            wall(i) * 1e3,
            per(wall(i), case.n),
            wall(i) / check,
            runs[i].peak as f64 / 1024.0,
            runs[i].exit,
        );
    }

    println!("\nGrowth: per assessment, and as a ratio to the 250 rate of the same command\n");
    println!(
        "| assessments | `check`, no approvals | `verify`, signed | x check | `verify`, content changed | x check | peak RSS (changed) |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    // The case indices of each size: check, verify, verify changed.
    let mut rows: Vec<(usize, [usize; 3])> = (0..sized.len() - 1)
        .map(|k| {
            let first = headline + 3 * k;
            (sized[k].0, [first, first + 1, first + 2])
        })
        .collect();
    rows.push((n, [0, 2, 5]));
    let rates = rows[0].1.map(|i| wall(i) / rows[0].0 as f64);
    for (size, ids) in &rows {
        let cell = |k: usize| {
            let rate = wall(ids[k]) / *size as f64;
            let ratio = if *size == rows[0].0 {
                String::new()
            } else {
                format!(" ({:.2}x)", rate / rates[k])
            };
            format!(
                "{:.0} ms, {}{ratio}",
                wall(ids[k]) * 1e3,
                per(wall(ids[k]), *size)
            )
        };
        println!(
            "| {size} | {} | {} | {:.2} | {} | {:.2} | {:.1} MB |",
            cell(0),
            cell(1),
            wall(ids[1]) / wall(ids[0]),
            cell(2),
            wall(ids[2]) / wall(ids[0]),
            runs[ids[2]].peak as f64 / 1024.0,
        );
    }
}

/// Runs `program` (the release `dpia` when `None`) once per assessment of
/// the portfolio, with the file's path after `args` (none for another
/// program); returns the total wall time, the largest peak RSS and the
/// first exit code that is not 0 (else 0).
fn each_file(
    dir: &Path,
    n: usize,
    program: Option<&Path>,
    args: &[String],
) -> (Duration, i64, i32) {
    let dpia = Path::new(env!("CARGO_BIN_EXE_dpia"));
    let mut total = Duration::ZERO;
    let mut peak = 0;
    let mut exit = 0;
    for i in 0..n {
        let file = format!("assessments/activity-{i:04}.yaml");
        let mut command_line: Vec<&str> = args.iter().map(String::as_str).collect();
        if program.is_none() && args.first().is_some_and(|a| a == "digest") {
            command_line.push(&file);
        }
        let (t, rss, code) = measure_with(program.unwrap_or(dpia), dir, &command_line);
        total += t;
        peak = peak.max(rss);
        if exit == 0 {
            exit = code;
        }
    }
    (total, peak, exit)
}

/// Copies the first `n` assessments of a portfolio (each through `edit`),
/// their approvals files and the project file.
fn copy_portfolio(from: &Path, to: &Path, n: usize, edit: impl Fn(&str, usize) -> String) {
    std::fs::create_dir_all(to.join("assessments")).unwrap();
    std::fs::copy(from.join("dpia.yaml"), to.join("dpia.yaml")).unwrap();
    for i in 0..n {
        let file = format!("assessments/activity-{i:04}.yaml");
        let text = std::fs::read_to_string(from.join(&file)).unwrap();
        std::fs::write(to.join(&file), edit(&text, i)).unwrap();
        let approvals = format!("assessments/activity-{i:04}.approvals.yaml");
        if from.join(&approvals).exists() {
            std::fs::copy(from.join(&approvals), to.join(&approvals)).unwrap();
        }
    }
}

/// The bytes of the portfolio's approvals files, and of the canonical
/// content they keep (everything from `content:` on).
fn approvals_sizes(dir: &Path, n: usize) -> (u64, u64) {
    let (mut all, mut kept) = (0, 0);
    for i in 0..n {
        let text = std::fs::read_to_string(
            dir.join(format!("assessments/activity-{i:04}.approvals.yaml")),
        )
        .unwrap();
        all += text.len() as u64;
        kept += text.find("\ncontent:\n").map_or(0, |at| text.len() - at) as u64;
    }
    (all, kept)
}

/// A time per assessment: microseconds under 10 ms, else milliseconds.
fn per(seconds: f64, n: usize) -> String {
    let us = seconds * 1e6 / n as f64;
    if us < 10_000.0 {
        format!("{us:.0} us")
    } else {
        format!("{:.1} ms", us / 1e3)
    }
}
