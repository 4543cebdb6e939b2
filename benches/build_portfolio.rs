//! Benchmark of `dpia build` over a growing portfolio of DPIAs: wall time
//! and peak memory as the number of reports grows, and the gain from the
//! second core. Run with `cargo bench --bench build_portfolio`.
//!
//! The portfolio is N copies of the bundled Camden caution register DPIA
//! (about 27 KB of YAML, 20 pages of PDF), each with its own id, in a
//! temporary copy of the examples' project. Each build starts from an empty
//! output folder and writes every report (HTML and PDF), the register and
//! the dashboard. Wall time is the median of the runs; peak memory is the
//! child's maximum resident set size from GNU time (`/usr/bin/time -f
//! %M`). The sizes double so growth reads as a ratio within one run (these
//! machines are noisy: ratios are what count). With `DPIA_BASELINE=/path/to/dpia`
//! it also builds the largest portfolio with that binary (one built before
//! a change) to compare.

#![allow(clippy::cast_precision_loss)] // figures for a report table

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 3;
const SIZES: [usize; 3] = [25, 50, 100];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dpia = Path::new(env!("CARGO_BIN_EXE_dpia"));
    println!(
        "dpia build (HTML and PDF) of N DPIAs, copies of camden-caution-register, {RUNS} runs, median\n"
    );
    println!("| DPIA reports | threads | wall (median) | per report | peak RSS | exit |");
    println!("|---:|---:|---:|---:|---:|---:|");
    let mut first_rate = None;
    let mut largest = None;
    for n in SIZES {
        let dir = tempfile::tempdir().unwrap();
        portfolio(root, dir.path(), n);
        let (wall, rss, code) = build(dpia, dir.path(), None);
        let rate = wall.as_secs_f64() / n as f64;
        let ratio = match first_rate {
            None => {
                first_rate = Some(rate);
                String::new()
            }
            Some(first) => format!(" ({:.2}x the {} rate)", rate / first, SIZES[0]),
        };
        println!(
            "| {n} | all | {:.1} s | {:.0} ms{ratio} | {:.0} MB | {code} |",
            wall.as_secs_f64(),
            rate * 1e3,
            rss as f64 / 1024.0,
        );
        largest = Some((dir, n, wall));
    }
    let (dir, n, wall) = largest.expect("at least one size");
    let (one, rss, code) = build(dpia, dir.path(), Some(1));
    println!(
        "| {n} | 1 | {:.1} s | {:.0} ms | {:.0} MB | {code} |",
        one.as_secs_f64(),
        one.as_secs_f64() * 1e3 / n as f64,
        rss as f64 / 1024.0,
    );
    println!(
        "\n{n} reports on all cores take {:.2}x the time on one thread ({:.2}x faster).",
        wall.as_secs_f64() / one.as_secs_f64(),
        one.as_secs_f64() / wall.as_secs_f64()
    );
    if let Some(baseline) = std::env::var_os("DPIA_BASELINE") {
        let (t, rss, code) = build(Path::new(&baseline), dir.path(), None);
        println!(
            "baseline {}: {n} reports in {:.1} s ({:.2}x this build), peak RSS {:.0} MB, exit {code}",
            Path::new(&baseline).display(),
            t.as_secs_f64(),
            t.as_secs_f64() / wall.as_secs_f64(),
            rss as f64 / 1024.0
        );
    }
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

/// Builds the portfolio `RUNS` times from an empty output folder: the
/// median wall time, the largest peak RSS (KiB) and the last exit code.
fn build(dpia: &Path, dir: &Path, threads: Option<usize>) -> (Duration, i64, i32) {
    let mut times = Vec::new();
    let (mut peak, mut code) = (0, 0);
    for _ in 0..RUNS {
        let _ = std::fs::remove_dir_all(dir.join("out"));
        let mut command = Command::new("/usr/bin/time");
        command
            .args(["-f", "%M"])
            .arg(dpia)
            .arg("build")
            .current_dir(dir)
            .env("SOURCE_DATE_EPOCH", "1763769600")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(t) = threads {
            command.env("RAYON_NUM_THREADS", t.to_string());
        }
        let start = Instant::now();
        let output = command
            .output()
            .expect("GNU time runs (apt-get install time)");
        times.push(start.elapsed());
        peak = peak.max(common::peak_rss(&output.stderr));
        code = output.status.code().unwrap_or(-1);
    }
    times.sort();
    (times[times.len() / 2], peak, code)
}
