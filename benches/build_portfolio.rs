//! Benchmark of `dpia build` over a portfolio of DPIAs: wall time and peak
//! memory of a full build as the number of reports grows, the gain from
//! the second core, and incremental builds (nothing changed, one file
//! changed). Run with `cargo bench --bench build_portfolio`.
//!
//! The portfolio is N copies of the bundled Camden caution register DPIA
//! (about 27 KB of YAML, 20 pages of PDF), each with its own id, in a
//! temporary copy of the examples' project. A full build starts from an
//! empty output folder and writes every report (HTML and PDF), the register
//! and the dashboard. Wall time is the median of the runs; peak memory is
//! the largest of the runs' peaks, each the largest sum of the resident
//! sets of `dpia build` and its PDF worker processes (sampled every 20 ms;
//! `common::run_measured`). These machines are noisy: ratios within one run are what count,
//! and the full builds (100 on two threads, on one, 1,000 on two) are taken
//! in turn, round after round, so that the machine's speed drifting during
//! the run does not fall on one of them alone.
//! With `DPIA_BASELINE=/path/to/dpia` it also builds 100 reports with that
//! binary (one built before a change) to compare. `DPIA_BENCH_LARGE=N`
//! changes the large portfolio (default 1,000).

#![allow(clippy::cast_precision_loss)] // figures for a report table

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// Runs of each case.
const RUNS: usize = 3;
const SMALL: usize = 100;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dpia = Path::new(env!("CARGO_BIN_EXE_dpia"));
    let large: usize = std::env::var("DPIA_BENCH_LARGE")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    println!(
        "dpia build (HTML and PDF) of N copies of camden-caution-register; median of {RUNS} runs, the full builds taken in turn\n"
    );
    println!("| build | DPIA reports | threads | wall (median) | per report | peak RSS | exit |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let row = |what: &str, n: usize, threads: &str, m: &Measured| {
        println!(
            "| {what} | {n} | {threads} | {:.2} s | {:.1} ms | {:.0} MB | {} |",
            m.wall.as_secs_f64(),
            m.wall.as_secs_f64() * 1e3 / n as f64,
            m.rss as f64 / 1024.0,
            m.code
        );
    };

    let small = tempfile::tempdir().unwrap();
    portfolio(root, small.path(), SMALL);
    let big = tempfile::tempdir().unwrap();
    portfolio(root, big.path(), large);
    let baseline = std::env::var_os("DPIA_BASELINE");
    let mut cases = vec![
        Full {
            dpia,
            dir: small.path(),
            threads: None,
        },
        Full {
            dpia,
            dir: small.path(),
            threads: Some(1),
        },
        // Last: its folder then holds a complete build for the cases below.
        Full {
            dpia,
            dir: big.path(),
            threads: None,
        },
    ];
    if let Some(baseline) = &baseline {
        cases.insert(
            2,
            Full {
                dpia: Path::new(baseline),
                dir: small.path(),
                threads: None,
            },
        );
    }
    let mut measured = in_rounds(&cases, RUNS).into_iter();
    let full_small = measured.next().unwrap();
    row("full", SMALL, "2", &full_small);
    let one_thread = measured.next().unwrap();
    row("full", SMALL, "1", &one_thread);
    let base = baseline.is_some().then(|| measured.next().unwrap());
    let full_large = measured.next().unwrap();
    row("full", large, "2", &full_large);
    // The large folder now holds a complete build and its record.
    let unchanged = again(dpia, big.path(), RUNS, |_| {});
    row("nothing changed", large, "2", &unchanged);
    let copy = big.path().join("assessments/copy-0000.yaml");
    // Each run changes the text the run before it wrote.
    let risk_text = |run: usize| match run {
        0 => "reputational\n      damage".to_owned(),
        n => format!("reputational ({n})\n      damage"),
    };
    let risk = again(dpia, big.path(), RUNS, |run| {
        edit(&copy, &risk_text(run - 1), &risk_text(run));
    });
    row(
        "one risk description changed (its 2 reports)",
        large,
        "2",
        &risk,
    );
    let title_text = |run: usize| match run {
        0 => "\ntitle: ".to_owned(),
        n => format!("\ntitle: Changed {n} "),
    };
    let title = again(dpia, big.path(), RUNS, |run| {
        edit(&copy, &title_text(run - 1), &title_text(run));
    });
    row(
        "one title changed (its 2 reports, the register, the dashboard)",
        large,
        "2",
        &title,
    );

    let ratio = |a: &Measured, b: &Measured| a.wall.as_secs_f64() / b.wall.as_secs_f64();
    println!(
        "\n{large} reports take {:.2}x the time of {SMALL} (at most {:.1}x for linear time plus 5%);",
        ratio(&full_large, &full_small),
        large as f64 / SMALL as f64 * 1.05,
    );
    println!(
        "{SMALL} reports on two threads: {:.2}x faster than on one;",
        ratio(&one_thread, &full_small)
    );
    println!(
        "a rebuild of {large} takes {:.1}% of the full build with nothing changed, {:.1}% after one risk description, {:.1}% after one title.",
        ratio(&unchanged, &full_large) * 100.0,
        ratio(&risk, &full_large) * 100.0,
        ratio(&title, &full_large) * 100.0,
    );
    if let (Some(baseline), Some(m)) = (&baseline, base) {
        println!(
            "baseline {}: {SMALL} reports in {:.1} s ({:.2}x this build), peak RSS {:.0} MB, exit {}",
            Path::new(baseline).display(),
            m.wall.as_secs_f64(),
            ratio(&m, &full_small),
            m.rss as f64 / 1024.0,
            m.code
        );
    }
}

/// What a case measured: the median wall time, the largest peak RSS (KiB)
/// and the last exit code.
struct Measured {
    wall: Duration,
    rss: i64,
    code: i32,
}

/// Writes the examples' project with `n` copies of one DPIA. The project
/// file is the examples' without its `approvals:` settings (which name the
/// test keys' file), so that a baseline from before them reads it too.
fn portfolio(root: &Path, dir: &Path, n: usize) {
    let project = std::fs::read_to_string(root.join("dpia.yaml")).unwrap();
    let cut = project
        .find("\napprovals:")
        .map_or(project.len(), |i| i + 1);
    std::fs::write(dir.join("dpia.yaml"), &project[..cut]).unwrap();
    std::fs::create_dir_all(dir.join("assessments")).unwrap();
    let source =
        std::fs::read_to_string(root.join("assessments/camden-caution-register.yaml")).unwrap();
    for i in 0..n {
        let text = source.replacen(
            "id: camden-caution-register",
            &format!("id: copy-{i:04}"),
            1,
        );
        std::fs::write(dir.join(format!("assessments/copy-{i:04}.yaml")), text).unwrap();
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "no `{from}` in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// A full build: from an empty output folder, with `dpia`, on `threads`
/// (rayon's default when `None`).
struct Full<'a> {
    dpia: &'a Path,
    dir: &'a Path,
    threads: Option<usize>,
}

/// Each case `rounds` times, the cases taken in turn in each round, so that
/// a drift in the machine's speed during the benchmark falls on every case
/// alike rather than on the ones measured last.
fn in_rounds(cases: &[Full<'_>], rounds: usize) -> Vec<Measured> {
    let mut runs: Vec<Vec<(Duration, i64, i32)>> = cases.iter().map(|_| Vec::new()).collect();
    for _ in 0..rounds {
        for (case, runs) in cases.iter().zip(&mut runs) {
            let _ = std::fs::remove_dir_all(case.dir.join("out"));
            runs.push(build(case.dpia, case.dir, case.threads));
        }
    }
    runs.into_iter()
        .map(|runs| {
            let mut runs = runs.into_iter();
            measured(rounds, || runs.next().unwrap())
        })
        .collect()
}

/// Builds into the existing output folder `runs` times, `change` (given
/// the run's number) first.
fn again(dpia: &Path, dir: &Path, runs: usize, change: impl Fn(usize)) -> Measured {
    let mut run = 0;
    measured(runs, || {
        run += 1;
        change(run);
        build(dpia, dir, None)
    })
}

fn measured(runs: usize, mut once: impl FnMut() -> (Duration, i64, i32)) -> Measured {
    let mut times = Vec::new();
    let (mut rss, mut code) = (0, 0);
    for _ in 0..runs {
        let (t, r, c) = once();
        times.push(t);
        rss = rss.max(r);
        code = c;
    }
    Measured {
        wall: common::median(times),
        rss,
        code,
    }
}

/// One `dpia build`: wall time, peak memory (KiB, with its PDF workers),
/// exit code.
fn build(dpia: &Path, dir: &Path, threads: Option<usize>) -> (Duration, i64, i32) {
    let mut command = Command::new(dpia);
    command
        .arg("build")
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1763769600");
    if let Some(t) = threads {
        command.env("RAYON_NUM_THREADS", t.to_string());
    }
    common::run_measured(&mut command)
}
