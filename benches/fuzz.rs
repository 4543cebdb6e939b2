//! The long fuzz run: `cargo bench --bench fuzz`.
//!
//! Runs the mutation fuzzer of `tests/it/fuzz.rs` (the test suite runs 400
//! inputs of it) for `DPIA_FUZZ_SECONDS` (default 600) from
//! `DPIA_FUZZ_SEED` (default 1), compiling a PDF every `DPIA_FUZZ_PDF_EVERY`
//! inputs (default 25), and prints what it tried and found. Each failure is
//! minimised and written to `fuzz-crashes/` under the target folder, to be
//! added to `tests/fixtures/malformed/` with its expected error.

#[path = "../tests/it/fuzz.rs"]
mod fuzz;

use std::path::Path;
use std::time::Duration;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Peak resident memory of this process, from /proc (Linux), in MB.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seed = env("DPIA_FUZZ_SEED", 1);
    let seconds = env("DPIA_FUZZ_SECONDS", 600);
    let pdf_every = usize::try_from(env("DPIA_FUZZ_PDF_EVERY", 25)).unwrap_or(25);
    println!(
        "fuzzing the pipeline for {seconds} s from seed {seed} (a PDF every {pdf_every} inputs)"
    );
    let report = fuzz::run(
        root,
        seed,
        usize::MAX,
        Duration::from_secs(seconds),
        pdf_every,
    );
    #[allow(clippy::cast_precision_loss)] // a count of inputs, for a rate
    let rate = report.inputs as f64 / report.elapsed.as_secs_f64();
    println!(
        "inputs tried: {}; accepted (no input error): {}; PDFs compiled: {}; failures: {}",
        report.inputs,
        report.accepted,
        report.pdfs,
        report.failures.len()
    );
    println!(
        "time: {:.0} s ({rate:.0} inputs/s); slowest input: {:.0} ms; peak RSS: {}",
        report.elapsed.as_secs_f64(),
        report.slowest.as_secs_f64() * 1000.0,
        peak_rss_mb().map_or_else(|| "unknown".to_owned(), |mb| format!("{mb:.0} MB"))
    );
    if report.failures.is_empty() {
        return;
    }
    let target = std::env::var("CARGO_TARGET_DIR").map_or_else(|_| root.join("target"), Into::into);
    let out = Path::new(&target).join("fuzz-crashes");
    std::fs::create_dir_all(&out).unwrap();
    for (i, failure, input, bundled) in &report.failures {
        let project = fuzz::project(root, *bundled);
        let small = fuzz::minimise(project.path(), input, failure);
        let path = out.join(format!("seed{seed}-input{i}.yaml"));
        std::fs::write(&path, &small).unwrap();
        println!(
            "input {i}: {failure}\n  minimised to {} bytes: {}",
            small.len(),
            path.display()
        );
    }
    std::process::exit(1);
}
