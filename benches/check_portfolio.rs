//! Benchmark of `dpia check` over generated portfolios, and of how fast
//! hostile inputs are refused. Run with `cargo bench --bench check_portfolio`.
//!
//! A portfolio of N assessments, each with 10 risks, 10 measures and the
//! other lists a real DPIA has (about 7 KB of YAML each), is written to a
//! temporary folder; the release binary checks it several times (fewer
//! for the larger sizes). Wall time is the median of the runs; peak memory
//! is the child's maximum resident set size reported by GNU time
//! (`/usr/bin/time -f %M`). The sizes go from 1,000 to 10,000 so growth
//! can be read off as ratios within one run (these machines are noisy;
//! ratios are what count): the goal is 10,000 in at most 10.5 times the
//! time of 1,000, and at most 400 MB.
//! With `DPIA_BASELINE=/path/to/dpia`, it also times that binary (say, one
//! built before a change) against this one on the same portfolio.

#![allow(clippy::cast_precision_loss)] // figures for a report table

use std::fmt::Write as _;

mod common;

use std::path::Path;

use common::{measure, measure_with, median, write_portfolio};

/// The sizes, each with its number of runs.
const SIZES: [(usize, usize); 3] = [(1000, 5), (5000, 3), (10_000, 3)];

/// Each format of `dpia check` over a portfolio of `n`, one run each: the
/// goal's 400 MB holds for every format, not only the default.
fn formats_at(n: usize) {
    println!("\nEach format over {n} assessments (one run each)\n");
    println!("| format | wall | peak RSS | output | exit |");
    println!("|---|---:|---:|---:|---:|");
    let dir = tempfile::tempdir().unwrap();
    write_portfolio(dir.path(), n);
    let _ = measure(dir.path(), &["check"]); // warm the file cache
    for format in [
        "human", "concise", "json", "sarif", "junit", "github", "gitlab",
    ] {
        let (t, rss, code) = measure(dir.path(), &["check", "--format", format]);
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_dpia"))
            .args(["check", "--format", format])
            .current_dir(dir.path())
            .output()
            .expect("dpia runs")
            .stdout
            .len();
        println!(
            "| {format} | {:.2} s | {:.0} MB | {:.0} MB | {code} |",
            t.as_secs_f64(),
            rss as f64 / 1024.0,
            output as f64 / 1e6
        );
    }
}

fn main() {
    println!("dpia check over generated portfolios (10 risks each), median wall time\n");
    println!("| assessments | YAML | runs | wall (median) | per assessment | peak RSS | exit |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    let mut baseline = None;
    let mut figures = Vec::new();
    for (n, runs) in SIZES {
        let dir = tempfile::tempdir().unwrap();
        let bytes = write_portfolio(dir.path(), n);
        let _ = measure(dir.path(), &["check"]); // warm the file cache
        let mut times = Vec::new();
        let mut peak = 0;
        let mut code = 0;
        for _ in 0..runs {
            let (t, rss, c) = measure(dir.path(), &["check"]);
            times.push(t);
            peak = peak.max(rss);
            code = c;
        }
        let wall = median(times);
        let per = wall.as_secs_f64() * 1e6 / n as f64;
        let ratio = match baseline {
            None => {
                baseline = Some(per);
                String::new()
            }
            Some(b) => format!(" ({:.2}x the 1,000 rate)", per / b),
        };
        println!(
            "| {n} | {:.1} MB | {runs} | {:.0} ms | {per:.0} us{ratio} | {:.1} MB | {code} |",
            bytes as f64 / 1e6,
            wall.as_secs_f64() * 1e3,
            peak as f64 / 1024.0,
        );
        figures.push((n, wall, peak));
    }
    if let (Some((_, small, _)), Some((_, large, peak))) = (
        figures.iter().find(|(n, ..)| *n == 1000),
        figures.iter().find(|(n, ..)| *n == 10_000),
    ) {
        println!(
            "\n10,000 assessments: {:.2}x the time of 1,000 (goal: at most 10.5x), peak RSS {:.1} MB (goal: at most 400 MB)",
            large.as_secs_f64() / small.as_secs_f64(),
            *peak as f64 / 1024.0
        );
    }

    formats_at(10_000);

    if let Some(baseline) = std::env::var_os("DPIA_BASELINE") {
        compare_with(Path::new(&baseline));
    }

    println!("\nHostile inputs, each refused with exit code 2\n");
    println!("| input | wall | peak RSS | exit |");
    println!("|---|---:|---:|---:|");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "binary garbage (64 KiB)",
            (0..65_536u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
                .collect(),
        ),
        (
            "not UTF-8 (Latin-1)",
            b"id: x\ntitle: Caf\xe9\nstatus: draft\n".to_vec(),
        ),
        ("empty file", Vec::new()),
        (
            "10,000-deep flow nesting",
            format!(
                "id: x\nnotes: {}{}\n",
                "[".repeat(10_000),
                "]".repeat(10_000)
            )
            .into_bytes(),
        ),
        (
            "10,000-deep block nesting (50 MB: the size cap)",
            (0..10_000)
                .fold(String::new(), |mut text, i| {
                    let _ = writeln!(text, "{}k:", " ".repeat(i));
                    text
                })
                .into_bytes(),
        ),
        (
            "duplicated key",
            b"id: x\ntitle: a\nstatus: draft\ntitle: b\n".to_vec(),
        ),
    ];
    let mut bomb =
        String::from("id: x\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let _ = writeln!(
            bomb,
            "a{i}: &a{i} [{}]",
            vec![format!("*a{}", i - 1); 10].join(", ")
        );
    }
    cases.push(("alias bomb (10^9 nodes)", bomb.into_bytes()));
    let mut long = format!("id: x\ntitle: &t \"{}\"\nnotes:\n", "x".repeat(2_000_000));
    for _ in 0..50_000 {
        long.push_str("  - *t\n");
    }
    cases.push(("alias of a 2 MB value, 50,000 times", long.into_bytes()));
    let line = "notes: padding padding padding padding padding padding\n";
    cases.push((
        "50 MB file",
        line.repeat(50 * 1024 * 1024 / line.len()).into_bytes(),
    ));
    std::fs::write(
        d.join("dpia.yaml"),
        "organisations:\n  - {id: council, name: Example Council}\n",
    )
    .unwrap();
    for (i, (name, bytes)) in cases.iter().enumerate() {
        let file = format!("case-{i}.yaml");
        std::fs::write(d.join(&file), bytes).unwrap();
        let (t, rss, code) = measure(d, &["check", &file]);
        println!(
            "| {name} | {:.1} ms | {:.1} MB | {code} |",
            t.as_secs_f64() * 1e3,
            rss as f64 / 1024.0
        );
    }
}

/// Times another `dpia` binary (`DPIA_BASELINE`, e.g. one built from an
/// earlier commit) and this one on the same 1,000-assessment portfolio,
/// alternating runs so both see the same machine; prints the medians and
/// their ratio. On a noisy machine the ratio is the figure to trust.
fn compare_with(baseline: &Path) {
    const PAIRED: usize = 9;
    let dir = tempfile::tempdir().unwrap();
    write_portfolio(dir.path(), 1000);
    let this = Path::new(env!("CARGO_BIN_EXE_dpia"));
    let _ = measure(dir.path(), &["check"]); // warm the file cache
    let (mut old, mut new) = (Vec::new(), Vec::new());
    for _ in 0..PAIRED {
        old.push(measure_with(baseline, dir.path(), &["check"]).0);
        new.push(measure_with(this, dir.path(), &["check"]).0);
    }
    let (old, new) = (median(old), median(new));
    println!(
        "\nThe same 1,000 assessments, {PAIRED} alternating runs each: baseline {} {:.0} ms, \
         this build {:.0} ms, ratio {:.2}",
        baseline.display(),
        old.as_secs_f64() * 1e3,
        new.as_secs_f64() * 1e3,
        new.as_secs_f64() / old.as_secs_f64()
    );
}
