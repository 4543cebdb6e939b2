//! Benchmark of `dpia ropa`: the register of a generated 1,000-activity
//! portfolio (the portfolio of `check_portfolio`) in each format and in all
//! four, against `dpia check` of the same portfolio in the same run (the
//! ratio is the register's own cost; these machines are noisy); then the
//! register PDF of 1,000, 2,000 and 5,000 records, each against the first
//! (time and memory should grow no faster than the records). Run with
//! `cargo bench --bench ropa_register`. With `DPIA_BASELINE=/path/to/dpia`
//! the PDFs are also made with that binary (one built before a change).

#![allow(clippy::cast_precision_loss)] // figures for a report table

mod common;

use std::path::Path;

use common::{measure, measure_with, median, write_portfolio};

const RUNS: usize = 5;
/// Runs of each register PDF, and its sizes.
const PDF_RUNS: usize = 3;
const PDF_SIZES: [usize; 3] = [1000, 2000, 5000];

fn main() {
    let n = 1000;
    let dir = tempfile::tempdir().unwrap();
    let bytes = write_portfolio(dir.path(), n);
    println!(
        "dpia ropa over {n} generated activities ({:.1} MB of YAML), {RUNS} runs, median wall time\n",
        bytes as f64 / 1e6
    );
    println!("| command | wall (median) | x check | peak RSS | exit |");
    println!("|---|---:|---:|---:|---:|");
    let _ = measure(dir.path(), &["check"]); // warm the file cache
    let mut check_wall = None;
    let cases: [(&str, Vec<&str>); 6] = [
        ("dpia check", vec!["check"]),
        ("dpia ropa --format csv", vec!["ropa", "--format", "csv"]),
        ("dpia ropa --format xlsx", vec!["ropa", "--format", "xlsx"]),
        ("dpia ropa --format html", vec!["ropa", "--format", "html"]),
        ("dpia ropa --format pdf", vec!["ropa", "--format", "pdf"]),
        ("dpia ropa (all four)", vec!["ropa"]),
    ];
    for (name, mut args) in cases {
        if args[0] == "ropa" {
            args.extend(["--as-of", "2026-01-15"]);
        }
        let mut times = Vec::new();
        let mut peak = 0;
        let mut code = 0;
        for _ in 0..RUNS {
            let (t, rss, c) = measure(dir.path(), &args);
            times.push(t);
            peak = peak.max(rss);
            code = c;
        }
        let wall = median(times);
        let base = *check_wall.get_or_insert(wall.as_secs_f64());
        println!(
            "| `{name}` | {:.0} ms | {:.1} | {:.1} MB | {code} |",
            wall.as_secs_f64() * 1e3,
            wall.as_secs_f64() / base,
            peak as f64 / 1024.0,
        );
    }
    let pdf = dir.path().join("out/register.pdf");
    if let Ok(meta) = std::fs::metadata(&pdf) {
        println!("\nregister.pdf: {:.1} MB", meta.len() as f64 / 1e6);
    }
    scaling();
}

/// The register PDF of each of [`PDF_SIZES`] records: median wall time and
/// peak RSS, each against the smallest.
fn scaling() {
    let dpia = Path::new(env!("CARGO_BIN_EXE_dpia"));
    let baseline = std::env::var_os("DPIA_BASELINE");
    println!("\n`dpia ropa --format pdf` by number of records, median of {PDF_RUNS} runs\n");
    println!("| binary | records | wall (median) | x 1,000 | peak RSS | x 1,000 | PDF | exit |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let mut binaries = vec![("this", dpia.to_path_buf())];
    if let Some(path) = baseline {
        binaries.push(("baseline", path.into()));
    }
    let dirs: Vec<_> = PDF_SIZES
        .iter()
        .map(|&n| {
            let dir = tempfile::tempdir().unwrap();
            write_portfolio(dir.path(), n);
            (n, dir)
        })
        .collect();
    for (label, binary) in &binaries {
        let mut first = None;
        for (n, dir) in &dirs {
            let args = ["ropa", "--format", "pdf", "--as-of", "2026-01-15"];
            let mut times = Vec::new();
            let mut peak = 0;
            let mut code = 0;
            for _ in 0..PDF_RUNS {
                let (t, rss, c) = measure_with(binary, dir.path(), &args);
                times.push(t);
                peak = peak.max(rss);
                code = c;
            }
            let wall = median(times).as_secs_f64();
            let (wall0, peak0) = *first.get_or_insert((wall, peak as f64));
            let size = std::fs::metadata(dir.path().join("out/register.pdf"))
                .map_or(0.0, |m| m.len() as f64 / 1e6);
            println!(
                "| {label} | {n} | {wall:.2} s | {:.2} | {:.0} MB | {:.2} | {:.1} MB | {code} |",
                wall / wall0,
                peak as f64 / 1024.0,
                peak as f64 / peak0,
                size,
            );
        }
    }
}
