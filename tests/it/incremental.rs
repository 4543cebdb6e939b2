//! Incremental builds: the record of the last build (`out/.dpia-build.json`)
//! lets `dpia build` keep every file whose inputs did not change; what it
//! keeps and what it writes are byte for byte what a full build writes.

use std::collections::BTreeMap;
use std::path::Path;

use crate::build::{scratch_project, walk};
use crate::common::Dpia;

/// Every file under `out/` (but the lock file) and its bytes, by path.
fn files(out: &Path) -> BTreeMap<String, Vec<u8>> {
    walk(out)
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let bytes = std::fs::read(&path).unwrap();
            (name, bytes)
        })
        .filter(|(name, _)| name != ".dpia.lock")
        .collect()
}

/// The files a run says it wrote, relative to `out/`.
fn written(stdout: &str) -> Vec<String> {
    let mut names: Vec<String> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("wrote out/"))
        .map(str::to_owned)
        .collect();
    names.sort();
    names
}

/// Runs `dpia build` in `dir` (with `args`), expecting exit code 0.
fn build(dir: &Path, args: &[&str]) -> crate::common::Run {
    let mut all = vec!["build"];
    all.extend(args);
    let run = Dpia::at(dir).run(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no `{from}`", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_build_with_nothing_changed_writes_nothing_and_one_change_rebuilds_what_it_reaches() {
    let dir = scratch_project();
    let first = build(dir.path(), &[]);
    assert_eq!(written(&first.stdout).len(), 13, "{}", first.stdout);
    assert!(
        first
            .stderr
            .contains("13 files written: the reports of 4 DPIAs, 4 built and 0 up to date"),
        "{}",
        first.stderr
    );
    let out = dir.path().join("out");
    let before = files(&out);
    assert!(before.contains_key(".dpia-build.json"));

    let again = build(dir.path(), &[]);
    assert_eq!(written(&again.stdout), Vec::<String>::new());
    assert!(
        again.stderr.contains(
            "0 files written, 13 unchanged: the reports of 4 DPIAs, 0 built and 4 up to date"
        ),
        "{}",
        again.stderr
    );
    assert_eq!(files(&out), before, "nothing changed");

    // A risk's description is in its report only: that report is rebuilt,
    // the register and dashboard, which do not show it, are kept.
    let camden = dir.path().join("assessments/camden-caution-register.yaml");
    edit(
        &camden,
        "damage to the council and data subjects",
        "damage to the council and to data subjects",
    );
    let one = build(dir.path(), &[]);
    let changed = written(&one.stdout);
    assert!(
        changed.starts_with(&[
            "dpia/camden-caution-register.html".to_owned(),
            "dpia/camden-caution-register.pdf".to_owned()
        ]),
        "{changed:?}"
    );
    assert!(
        !changed
            .iter()
            .any(|f| f.starts_with("dpia/") && !f.contains("camden-caution")),
        "{changed:?}"
    );
    assert!(
        one.stderr.contains("1 built and 3 up to date"),
        "{}",
        one.stderr
    );

    // A flow's channel is drawn in the data flow diagram: the reports
    // that show it are rebuilt, figures and all (compared below).
    edit(
        &camden,
        "channel: Caution Register workflow",
        "channel: Caution Register workflow (Ogden)",
    );
    let flow = build(dir.path(), &[]);
    assert!(
        written(&flow.stdout).starts_with(&[
            "dpia/camden-caution-register.html".to_owned(),
            "dpia/camden-caution-register.pdf".to_owned()
        ]),
        "{}",
        flow.stdout
    );
    // The HTML up to date and the PDF not: the figures are drawn for the
    // PDF alone.
    std::fs::remove_file(out.join("dpia/camden-caution-register.pdf")).unwrap();
    let pdf = build(dir.path(), &[]);
    assert_eq!(
        written(&pdf.stdout),
        ["dpia/camden-caution-register.pdf"],
        "{}",
        pdf.stdout
    );

    // What the incremental builds left is what a full build writes.
    let full = tempfile::tempdir().unwrap();
    let run =
        Dpia::at(dir.path()).run(&["build", "--force", "--out", full.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (incremental, full) = (files(&out), files(full.path()));
    assert_eq!(
        incremental.keys().collect::<Vec<_>>(),
        full.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &incremental {
        assert!(bytes == &full[name], "{name} differs from a full build");
    }
}

#[test]
fn project_settings_templates_and_the_date_reach_only_what_shows_them() {
    let dir = scratch_project();
    build(dir.path(), &["--as-of", "2026-11-30"]);
    // The project file names Camden's DPO: Camden's report shows it.
    edit(
        &dir.path().join("dpia.yaml"),
        "name: Andrew Maughan",
        "name: A. Maughan",
    );
    let run = build(dir.path(), &["--as-of", "2026-11-30"]);
    let changed = written(&run.stdout);
    assert!(
        changed.contains(&"dpia/camden-caution-register.pdf".to_owned())
            && !changed.contains(&"dpia/opcc-casework-system.pdf".to_owned()),
        "{changed:?}"
    );
    // Another day: the register and dashboard show it, and so does the one
    // report with a finding that names it (G006, a review overdue "as of"
    // the day); the others do not and are kept.
    let run = build(dir.path(), &["--as-of", "2026-12-01"]);
    let changed = written(&run.stdout);
    assert_eq!(
        changed
            .iter()
            .filter(|f| f.starts_with("dpia/"))
            .collect::<Vec<_>>(),
        [
            "dpia/wiltshire-children-case-management.html",
            "dpia/wiltshire-children-case-management.pdf"
        ]
    );
    assert!(
        changed.contains(&"register.pdf".to_owned()) && changed.contains(&"index.html".to_owned()),
        "{changed:?}"
    );
    assert!(
        run.stderr.contains("1 built and 3 up to date"),
        "{}",
        run.stderr
    );
    // Years later, reviews are overdue: findings change, reports rebuilt.
    let run = build(dir.path(), &["--as-of", "2031-01-01"]);
    assert!(!run.stderr.contains("0 built"), "{}", run.stderr);
    // Any file in the templates folder may reach a template: every report
    // is rebuilt.
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(dir.path().join("templates/logo.svg"), "<svg/>").unwrap();
    let run = build(dir.path(), &["--as-of", "2031-01-01"]);
    assert!(
        run.stderr.contains("4 built and 0 up to date"),
        "{}",
        run.stderr
    );
    // So do other PDF settings.
    let run = build(
        dir.path(),
        &["--as-of", "2031-01-01", "--format", "pdf", "--pdf-untagged"],
    );
    assert!(
        run.stderr.contains("4 built and 0 up to date"),
        "{}",
        run.stderr
    );
    // The CSV's byte order mark reaches only the CSV.
    let run = build(
        dir.path(),
        &[
            "--as-of",
            "2031-01-01",
            "--format",
            "pdf",
            "--pdf-untagged",
            "--csv-bom",
            "false",
        ],
    );
    assert_eq!(written(&run.stdout), ["register.csv"], "{}", run.stdout);
    let csv = std::fs::read(dir.path().join("out/register.csv")).unwrap();
    assert!(!csv.starts_with(b"\xEF\xBB\xBF"));
}

#[test]
fn a_missing_damaged_or_foreign_record_and_force_rebuild_everything() {
    let dir = scratch_project();
    build(dir.path(), &["--format", "html"]);
    let record = dir.path().join("out/.dpia-build.json");
    let every = |run: &crate::common::Run| {
        assert_eq!(written(&run.stdout).len(), 8, "{}", run.stdout);
        assert!(
            run.stderr.contains("4 built and 0 up to date"),
            "{}",
            run.stderr
        );
    };
    std::fs::remove_file(&record).unwrap();
    let run = build(dir.path(), &["--format", "html"]);
    every(&run);
    assert!(!run.stderr.contains("note:"), "a first build needs no note");

    let text = std::fs::read_to_string(&record).unwrap();
    std::fs::write(&record, &text[..text.len() / 2]).unwrap();
    let run = build(dir.path(), &["--format", "html"]);
    every(&run);
    assert!(
        run.stderr.contains(
            "note: the record of the last build (.dpia-build.json) is damaged (not a record:"
        ),
        "{}",
        run.stderr
    );

    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&record).unwrap()).unwrap();
    json["dpia"]["version"] = "0.0.1\u{1b}[31m".into();
    std::fs::write(&record, json.to_string()).unwrap();
    let run = build(dir.path(), &["--format", "html"]);
    every(&run);
    assert!(
        run.stderr.contains(
            "was written by another dpia (version 0.0.1\\u{1b}[31m): every file is rebuilt"
        ),
        "{}",
        run.stderr
    );

    let run = build(dir.path(), &["--format", "html", "--force"]);
    every(&run);
    assert!(!run.stderr.contains("note:"), "{}", run.stderr);

    // A report edited, or removed, since it was built is rebuilt.
    let report = dir.path().join("out/dpia/opcc-casework-system.html");
    let built = std::fs::read(&report).unwrap();
    std::fs::write(&report, b"<!doctype html>forged").unwrap();
    std::fs::remove_file(dir.path().join("out/dpia/yos-case-management-system.html")).unwrap();
    let run = build(dir.path(), &["--format", "html"]);
    assert_eq!(
        written(&run.stdout),
        [
            "dpia/opcc-casework-system.html",
            "dpia/yos-case-management-system.html"
        ]
    );
    assert_eq!(std::fs::read(&report).unwrap(), built);
}

#[cfg(unix)]
#[test]
fn a_report_that_is_a_link_is_neither_read_nor_trusted() {
    let dir = scratch_project();
    build(dir.path(), &["--format", "html"]);
    // The link leads to a file with the very bytes built, outside: the
    // record must not vouch for it, nor dpia read it.
    let report = dir.path().join("out/dpia/opcc-casework-system.html");
    let outside = tempfile::tempdir().unwrap();
    let copy = outside.path().join("report.html");
    std::fs::copy(&report, &copy).unwrap();
    std::fs::remove_file(&report).unwrap();
    std::os::unix::fs::symlink(&copy, &report).unwrap();
    let run = build(dir.path(), &["--format", "html"]);
    assert_eq!(written(&run.stdout), ["dpia/opcc-casework-system.html"]);
    assert!(
        std::fs::symlink_metadata(&report).unwrap().is_file(),
        "the link is replaced by the report"
    );
    // A record naming files outside the output folder is damaged.
    let record = dir.path().join("out/.dpia-build.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&record).unwrap()).unwrap();
    let entry = json["outputs"]["index.html"].clone();
    json["outputs"]["../../etc/passwd"] = entry;
    std::fs::write(&record, json.to_string()).unwrap();
    let run = build(dir.path(), &["--format", "html"]);
    assert!(run.stderr.contains("is damaged"), "{}", run.stderr);
}

/// Runs `dpia build` in `dir` on a terminal (util-linux's `script` gives
/// it one), with `env` set: what the terminal showed.
fn on_a_terminal(dir: &Path, args: &str, env: &[(&str, &str)]) -> String {
    let command = format!("{} build {args}", env!("CARGO_BIN_EXE_dpia"));
    let mut script = std::process::Command::new("script");
    script
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir)
        .env("DPIA_TODAY", crate::common::TODAY)
        .env("TERM", "xterm")
        .env_remove("CI")
        .env_remove("SOURCE_DATE_EPOCH");
    for (name, value) in env {
        script.env(name, value);
    }
    let output = script.output().expect("script (util-linux) runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_progress_bar_only_on_a_terminal_and_never_in_ci_or_quiet() {
    let dir = scratch_project();
    let shown = on_a_terminal(dir.path(), "--force", &[]);
    assert!(
        shown.contains("building the DPIA reports [") && shown.contains("/4"),
        "{shown}"
    );
    assert!(shown.contains("4 built and 0 up to date"), "{shown}");
    for (args, env) in [
        ("--force", [("CI", "true")]),
        ("--force --quiet", [("CI", "")]),
    ] {
        let shown = on_a_terminal(dir.path(), args, &env);
        assert!(
            !shown.contains("building the DPIA reports"),
            "{args}: {shown}"
        );
    }
    let quiet = on_a_terminal(dir.path(), "--force --quiet", &[]);
    assert_eq!(quiet.trim(), "", "--quiet prints only problems");
    // Not on a terminal (as every other test runs it): no bar.
    let run = build(dir.path(), &["--force"]);
    assert!(!run.all().contains("building the DPIA reports"));
    assert!(!run.all().contains('\r'));
}

#[test]
fn reports_built_on_one_job_and_on_two_are_the_same_bytes() {
    // On two jobs, each compiles its PDFs in a worker process of its own.
    let dir = scratch_project();
    let out = dir.path().join("out");
    build(dir.path(), &["--jobs", "1"]);
    let one = files(&out);
    std::fs::remove_dir_all(&out).unwrap();
    let two = build(dir.path(), &["-j", "2"]);
    assert!(!two.stderr.contains("worker"), "{}", two.stderr);
    let two = files(&out);
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        two.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &one {
        assert!(
            bytes == &two[name],
            "{name} differs between one job and two"
        );
    }
    let zero = Dpia::at(dir.path()).run(&["build", "--jobs", "0"]);
    assert_eq!(zero.code, 2, "{}", zero.stderr);
}
