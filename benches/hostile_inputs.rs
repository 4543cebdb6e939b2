//! The hostile and extreme inputs of issue 8, timed: `cargo bench --bench
//! hostile_inputs`.
//!
//! Each input is generated into a project of its own and given to the
//! release binary's `check` (and `build`, for the inputs a report build
//! used to fail on), under GNU time (`apt-get install time`). The table it
//! prints is the README's reliability section: every file is refused or
//! checked in under a second and 200 MB, with the exit code and the first
//! line of what dpia says.

mod common;

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

/// The fixtures' clean assessment, the base of most inputs.
fn clean() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli/clean.yaml"),
    )
    .unwrap()
}

/// The clean assessment with its `description.nature` replaced by `text`.
fn nature(text: &str) -> String {
    clean().replace(
        "  nature: Members borrow and return books at self-service kiosks.",
        &format!("  nature: {}", serde_json::to_string(text).unwrap()),
    )
}

/// A flow list of `n` copies of `item` on one line.
fn flow(item: &str, n: usize) -> String {
    let mut s = String::with_capacity(n * (item.len() + 1) + 2);
    s.push('[');
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        s.push_str(item);
    }
    s.push(']');
    s
}

/// The inputs: a name, and the files of the `assessments/` folder.
fn inputs() -> Vec<(&'static str, Vec<(String, String)>)> {
    let one = |text: String| vec![("a.yaml".to_owned(), text)];
    let mut keys = clean();
    for i in 0..40_000 {
        let _ = writeln!(keys, "k{i}: 1");
    }
    let mut duplicates = clean() + "extra:\n";
    for _ in 0..300_000 {
        duplicates.push_str("  a: 1\n");
    }
    let quotes = |n: usize| nature(&format!("{}x", "> ".repeat(n)));
    let eight = (0..8)
        .map(|i| {
            (
                format!("q{i}.yaml"),
                quotes(7_000).replace("id: clean", &format!("id: q{i}")),
            )
        })
        .collect();
    vec![
        ("40,000 unknown top-level keys", one(keys)),
        (
            "1,300,000 wrong-type list items",
            one(clean().replace(
                "security_measures:\n  - The kiosks run in kiosk mode and clear each session after 60 seconds.",
                &format!("security_measures: {}", flow("1", 1_300_000)),
            )),
        ),
        (
            "one `é`, then a 90,000-item flow list on one line",
            one(clean().replace("title: Library", "title: Café library")
                + &format!("notes_list: {}\n", flow("a", 90_000))),
        ),
        (
            "a 2,000,000-item list",
            one(clean() + &format!("extra: {}\n", flow("1", 2_000_000))),
        ),
        ("300,000 duplicated keys", one(duplicates)),
        (
            "`count: 1e16` and `1e300`",
            one(clean().replace(
                "  - {id: members, name: Library members}",
                "  - {id: members, name: Library members, count: 1e16}\n  - {id: others, name: Others, count: 1e300}",
            )),
        ),
        ("30,000 nested block quotes", one(quotes(30_000))),
        ("7,000 nested block quotes in 8 files", eight),
        (
            "an id of 5,000 characters",
            one(clean().replace("id: clean", &format!("id: {}", "a".repeat(5_000)))),
        ),
        (
            "a text of 33,000 characters in a register cell",
            one(clean().replace(
                "  - The kiosks run in kiosk mode and clear each session after 60 seconds.",
                &format!("  - \"{}\"", "word ".repeat(6_600)),
            )),
        ),
        (
            "200,000 combining marks on one letter",
            one(nature(&format!("a{}", "\u{301}".repeat(200_000)))),
        ),
        (
            "a 65,536-byte word with an `é`",
            one(nature(&format!("{}é", "x".repeat(65_534)))),
        ),
        (
            "200,000 paragraphs",
            one(nature(&"p\n\n".repeat(200_000))),
        ),
        (
            "the largest file within every limit (19,000 paragraphs)",
            one(nature(&"A paragraph of an imported narrative.\n\n".repeat(19_000))),
        ),
    ]
}

#[allow(clippy::cast_precision_loss)] // sizes and memory, for a table
fn main() {
    let dpia = Path::new(env!("CARGO_BIN_EXE_dpia"));
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli/dpia.yaml");
    println!("| input | YAML | command | wall | peak RSS | exit | dpia says |");
    println!("|---|---:|---|---:|---:|---:|---|");
    for (name, files) in inputs() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(&fixtures, dir.path().join("dpia.yaml")).unwrap();
        std::fs::create_dir(dir.path().join("assessments")).unwrap();
        let mut bytes = 0;
        for (file, text) in &files {
            bytes += text.len();
            std::fs::write(dir.path().join("assessments").join(file), text).unwrap();
        }
        for args in [&["check", "--format", "concise"][..], &["build"][..]] {
            let (wall, rss, code) = common::measure_with(dpia, dir.path(), args);
            let said = first_line(dpia, dir.path(), args);
            println!(
                "| {name} | {:.1} MB | `{}` | {:.2} s | {:.0} MB | {code} | {said} |",
                bytes as f64 / 1e6,
                args[0],
                wall.as_secs_f64(),
                rss as f64 / 1024.0,
            );
        }
    }
}

/// The first line dpia prints (errors first), cut to 90 characters.
fn first_line(dpia: &Path, dir: &Path, args: &[&str]) -> String {
    let out = Command::new(dpia)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.contains("error[") || l.contains("warning"))
        .or_else(|| text.lines().next())
        .unwrap_or_default()
        .replace('|', "\\|");
    line.chars().take(90).collect()
}
