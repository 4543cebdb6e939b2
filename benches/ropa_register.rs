//! Benchmark of `dpia ropa`: the register of a generated 1,000-activity
//! portfolio (the portfolio of `check_portfolio`) in each format and in all
//! four, against `dpia check` of the same portfolio in the same run (the
//! ratio is the register's own cost; these machines are noisy). Run with
//! `cargo bench --bench ropa_register`.

#![allow(clippy::cast_precision_loss)] // figures for a report table

mod common;

use common::{measure, median, write_portfolio};

const RUNS: usize = 5;

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
}
