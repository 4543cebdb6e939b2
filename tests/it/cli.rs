//! Runs the `dpia` binary on fixtures and the bundled examples, asserting
//! its output and exit codes (0 clean, 1 findings, 2 broken input or usage).

use std::path::Path;

use crate::common::{Dpia, Run};

use serde_json::Value;

/// Runs `dpia` with `args` in the repository root.
fn dpia(args: &[&str]) -> Run {
    Dpia::repo().run(args)
}

/// Runs `dpia` on the CLI fixtures' project.
fn fixture(args: &[&str]) -> Run {
    Dpia::repo()
        .project("tests/fixtures/cli/dpia.yaml")
        .run(args)
}

fn json(run: &Run) -> Value {
    run.json()
}

/// The codes of the diagnostics on one file, in order.
fn codes_for(report: &Value, file: &str) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == file)
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_clean_assessment_exits_zero() {
    let run = fixture(&[
        "check",
        "--as-of",
        "2026-11-30",
        "tests/fixtures/cli/clean.yaml",
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        run.stdout,
        "tests/fixtures/cli/clean.yaml  approved  1 risk  residual Low  0 errors, 0 warnings\n\
         1 file checked; findings: 0 errors, 0 warnings\n"
    );
    assert!(run.stderr.is_empty());
}

#[test]
fn warnings_fail_only_when_asked() {
    let run = fixture(&["check", "tests/fixtures/cli/warning-only.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("warning[R004]"));
    assert!(run.stdout.contains("warning[G002]"));
    let run = fixture(&[
        "check",
        "--fail-on",
        "warning",
        "tests/fixtures/cli/warning-only.yaml",
    ]);
    assert_eq!(run.code, 1);
}

#[test]
fn unmitigated_high_risk_fails_the_run() {
    let run = fixture(&[
        "check",
        "--as-of",
        "2026-11-30",
        "tests/fixtures/cli/high-residual.yaml",
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains(
        "error[R001]: risk `R1` remains High (after the measures), which requires prior \
         consultation with the ICO before processing; none is recorded\n   \
         --> tests/fixtures/cli/high-residual.yaml:12:5"
    ));
    assert!(run.stdout.contains(
        "error[R002]: risk `R2` is rated Medium but no measure treats it\n   \
         --> tests/fixtures/cli/high-residual.yaml:13:9"
    ));
}

#[test]
fn broken_input_exits_two_and_keeps_checking_the_rest() {
    let run = fixture(&[
        "check",
        "--as-of",
        "2026-11-30",
        "tests/fixtures/cli/clean.yaml",
        "tests/fixtures/malformed/bad-status.yaml",
        "tests/fixtures/cli/high-residual.yaml",
    ]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stdout.contains("error[E104]"));
    assert!(
        run.stdout.contains("error[R001]"),
        "the other files are still checked"
    );
    assert!(
        run.stdout
            .ends_with("2 of 3 files checked (1 input error); findings: 2 errors, 0 warnings\n")
    );
}

#[test]
fn usage_errors_exit_two() {
    let run = dpia(&["check", "--format", "xml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("invalid value 'xml'"));
    let run = dpia(&["--project", "tests/no-such-project.yaml", "check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout
            .contains("cannot read `tests/no-such-project.yaml`: no such file")
    );
}

#[test]
fn output_has_no_colour_when_not_a_terminal() {
    let run = fixture(&[
        "check",
        "--as-of",
        "2026-11-30",
        "tests/fixtures/cli/high-residual.yaml",
    ]);
    assert!(!run.stdout.contains('\u{1b}'));
}

#[test]
fn the_bundled_examples_give_the_documented_findings() {
    let run = dpia(&["check", "--as-of", "2026-11-30", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let report = json(&run);
    assert_eq!(report["version"], 1);
    assert_eq!(report["summary"]["files"], 8);
    assert_eq!(report["summary"]["assessments"], 8);
    assert_eq!(report["summary"]["input_errors"], 0);
    // Seed 002 has no review date or reviewer, no privacy notice, no
    // appropriate policy document for its Schedule 1 condition, no check on
    // its contractors, and does not record the consultation its own data
    // protection adviser recommended.
    assert_eq!(
        codes_for(&report, "assessments/camden-caution-register.yaml"),
        [
            "D004", "P002", "L008", "C004", "D003", "R003", "R003", "R003", "R003"
        ]
    );
    // Seed 000 gives no review date for itself and no Art 6 basis; its
    // sub-processors have no authorisation recorded and its processor was
    // not checked after 2020 (a note, once for the processor: the
    // sub-processors are its to check); its US transfer still cites the
    // Privacy Shield and the EU SCCs alone, with no transfer risk
    // assessment.
    assert_eq!(
        codes_for(&report, "assessments/opcc-casework-system.yaml"),
        [
            "D004", "L001", "L002", "L003", "C004", "C003", "C003", "T001", "T002", "T005"
        ]
    );
    // Criminal offence data "in accordance with the DPA 2018", no Schedule 1
    // condition; consent with no way to withdraw it; Art 9(2)(h) without a
    // Schedule 1 Part 1 condition; seven controllers with no sharing
    // agreement; no contract named with the system's supplier, nor any
    // check on it; a review due in April 2019.
    assert_eq!(
        codes_for(
            &report,
            "assessments/wiltshire-children-case-management.yaml"
        ),
        [
            "L002", "L006", "L006", "L007", "C002", "C002", "C002", "C002", "C002", "C002", "C002",
            "C001", "C004", "G006"
        ]
    );
    // The organisations' own details, from the project file, reported once
    // each: no contact details (three), no DPO for the youth offending
    // service, no contact details for three DPOs.
    assert_eq!(codes_for(&report, "dpia.yaml"), ["A001"; 7]);
    // The records of processing without a DPIA report what their sources
    // leave out: recipients, retention and security measures.
    assert_eq!(
        codes_for(&report, "assessments/camden-service-system-flags.yaml"),
        ["A001", "A002", "A002", "P002"]
    );
    // Seed 003 fails: unscored risks, no sign-off, no lawful basis named,
    // criminal offence data with no basis, and, written in February 2018,
    // never revisited.
    assert_eq!(
        codes_for(&report, "assessments/yos-case-management-system.yaml"),
        [
            "G002", "G007", "L002", "L003", "C002", "C002", "C002", "C002", "R004", "R004", "R004",
            "R004"
        ]
    );
}

#[test]
fn camden_keeps_its_stated_ratings_and_warns_where_its_bands_disagree() {
    let report = json(&dpia(&[
        "check",
        "--format",
        "json",
        "assessments/camden-caution-register.yaml",
    ]));
    let camden = &report["assessments"][0];
    assert_eq!(camden["risk_matrix"], "camden-5x5");
    assert_eq!(camden["overall_residual"]["label"], "Medium/High");
    let r1 = &camden["risks"][0];
    assert_eq!(r1["id"], "R1");
    assert_eq!(r1["inherent"]["score"], 12);
    assert_eq!(r1["inherent"]["label"], "Medium/High");
    assert_eq!(r1["residual"]["score"], 4);
    assert_eq!(r1["residual"]["label"], "Moderate");
    assert_eq!(r1["residual"]["basis"], "computed");
    let warning = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "R003")
        .unwrap();
    assert_eq!(
        warning["message"],
        "risk `R1`: the residual rating is stated as `4 (low)` but the matrix `camden-5x5` \
         gives Moderate (score 4 = likelihood Rare x severity Major)"
    );
    assert!(warning["line"].as_u64().unwrap() > 1);
}

#[test]
fn opcc_residual_ratings_come_from_the_document() {
    let report = json(&dpia(&[
        "check",
        "--format",
        "json",
        "assessments/opcc-casework-system.yaml",
    ]));
    let risks = report["assessments"][0]["risks"].as_array().unwrap();
    let labels: Vec<(&str, &str)> = risks
        .iter()
        .map(|r| {
            (
                r["inherent"]["label"].as_str().unwrap(),
                r["residual"]["label"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        labels,
        [
            ("High", "Medium"),
            ("Medium", "Low"),
            ("Low", "Low"),
            ("Low", "Low")
        ]
    );
    assert_eq!(risks[0]["inherent"]["basis"], "computed");
    assert_eq!(risks[0]["residual"]["basis"], "stated");
}

#[test]
fn schema_prints_each_embedded_schema() {
    for kind in ["assessment", "project", "matrix"] {
        let run = dpia(&["schema", kind]);
        assert_eq!(run.code, 0);
        let file = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("schemas")
            .join(format!("{kind}.schema.json"));
        assert_eq!(run.stdout, std::fs::read_to_string(file).unwrap());
        let schema: Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
    }
}

#[test]
fn every_example_starts_with_the_yaml_language_server_line() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("dpia.yaml")];
    for dir in ["assessments", "src/matrices", "tests/fixtures/cli"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            files.push(entry.unwrap().path());
        }
    }
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let first = text.lines().next().unwrap_or_default();
        let target = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{} lacks the schema line", file.display()));
        let schema = file.parent().unwrap().join(target);
        assert!(
            schema.is_file(),
            "{}: {} does not exist",
            file.display(),
            target
        );
    }
}

/// A commented-out example line of the scaffold, without its `# `.
fn example_line(line: &str) -> Option<&str> {
    line.strip_prefix("# ").filter(|rest| {
        let body = rest.trim_start();
        body.starts_with("- ")
            || body.split_once(':').is_some_and(|(key, _)| {
                !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            })
    })
}

#[test]
fn init_and_new_write_a_project_that_check_says_how_to_complete() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Dpia::at(dir.path())
            .command(args)
            .env("SOURCE_DATE_EPOCH", "1735689600")
            .env_remove("DPIA_TODAY")
            .output()
            .unwrap()
    };
    let out = run(&[
        "init",
        "--organisation",
        "Example \"Borough\" Council",
        "--public-authority",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["new", "case-notes", "--title", "Case notes: #1 {{ 7*7 }}"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.path().join("assessments/case-notes.yaml")).unwrap();
    assert!(
        text.starts_with("# yaml-language-server: $schema=../schemas/assessment.schema.json\n")
    );
    assert!(text.contains("title: \"Case notes: #1 {{ 7*7 }}\"\n"));
    assert!(
        text.contains("created: 2025-01-01\n"),
        "SOURCE_DATE_EPOCH sets the date"
    );
    // Both files are valid; check then says what the record still needs,
    // at the new file's lines and at the organisation in dpia.yaml.
    let out = run(&["check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(!stdout.contains("error[E"), "{stdout}");
    assert!(stdout.contains(
        "error[A001]: the record of `case-notes` has no purposes (Art 30(1)(b))\n  \
         --> assessments/case-notes.yaml:6:5"
    ));
    assert!(stdout.contains("no data protection officer"), "{stdout}");
    assert!(stdout.contains("--> dpia.yaml:11:11"), "{stdout}");
    // An id that YAML would read as a number or a boolean stays text.
    for id in ["2024", "true"] {
        assert!(run(&["new", id]).status.success());
    }
    let out = run(&["check", "."]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.ends_with(
            "skipped schemas/approvals.schema.json: not a .yaml or .yml file\n\
             skipped schemas/assessment.schema.json: not a .yaml or .yml file\n\
             skipped schemas/matrix.schema.json: not a .yaml or .yml file\n\
             skipped schemas/project.schema.json: not a .yaml or .yml file\n\
             3 files checked, 4 skipped; findings: 14 errors, 9 warnings\n"
        ),
        "dpia.yaml is not an assessment, and its findings count once: {stdout}"
    );
    // Nothing is overwritten.
    assert_eq!(run(&["new", "case-notes"]).status.code(), Some(2));
    assert_eq!(
        run(&["init", "--organisation", "Other"]).status.code(),
        Some(2)
    );

    // The scaffold's commented examples are valid when uncommented.
    let uncommented: String = text
        .lines()
        .map(|line| example_line(line).unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        uncommented.contains("\nrisks:\n"),
        "the examples were uncommented"
    );
    std::fs::write(dir.path().join("assessments/case-notes.yaml"), uncommented).unwrap();
    let out = run(&["check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("input error"), "{stdout}");
}

#[test]
fn rules_and_explain_document_every_rule() {
    let run = dpia(&["rules"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("code  name"));
    assert!(run.stdout.contains("R001  unmitigated-high-risk"));
    let run = dpia(&["explain", "r001"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("# R001 unmitigated-high-risk\n"));
    assert!(run.stdout.contains("## Why it matters\n"));
    let run = dpia(&["explain", "R01"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("there is no rule or input error `R01`"));
    // Input-error codes are explained from the same table SARIF reads.
    let run = dpia(&["explain", "e101"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("# E101 input error: an unknown key\n")
    );
    assert!(run.stdout.contains("`dpia check` exits with 2"));
}

#[test]
fn matrix_shows_the_published_grid() {
    let run = dpia(&["matrix", "ico-3x3"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains(
        "  severity \\ likelihood  Remote   Possible  Probable\n  \
         Severe                 Medium*  High*     High*\n  \
         Significant            Low*     Medium    High*\n  \
         Minimal                Low*     Low       Medium*\n"
    ));
    // `--yaml` writes a file for the project's `matrices/` folder, whose
    // schema line leads to the schema `dpia init` writes, and which the
    // project can name as it is.
    let run = dpia(&["matrix", "camden-5x5", "--yaml"]);
    assert!(
        run.stdout
            .starts_with("# yaml-language-server: $schema=../schemas/matrix.schema.json\n")
    );
    assert_eq!(run.stdout.matches("yaml-language-server").count(), 1);
    let project = Dpia::temp();
    assert_eq!(
        project
            .run(&["init", "--organisation", "Example Council"])
            .code,
        0
    );
    std::fs::create_dir_all(project.dir().join("matrices")).unwrap();
    std::fs::write(project.dir().join("matrices/council.yaml"), &run.stdout).unwrap();
    assert!(
        project
            .dir()
            .join("matrices/../schemas/matrix.schema.json")
            .is_file()
    );
    let file = project.dir().join("dpia.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        format!("{text}matrices:\n  - matrices/council.yaml\n"),
    )
    .unwrap();
    let listed = project.run(&["matrix"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert!(listed.stdout.contains("camden-5x5"), "{}", listed.stdout);
    assert_eq!(dpia(&["matrix", "ico-5x5"]).code, 2);
}

#[test]
fn custom_matrices_inline_and_from_a_file_rate_risks() {
    let run = dpia(&[
        "--project",
        "tests/fixtures/custom-matrices/dpia.yaml",
        "check",
        "--format",
        "json",
    ]);
    // The fixtures are risk registers only: their records of processing are
    // incomplete (A001, A002, P002), and so are they as DPIAs (D001, D003,
    // G002).
    assert_eq!(run.code, 1, "{}", run.stdout);
    let report = json(&run);
    for d in report["diagnostics"].as_array().unwrap() {
        let code = d["code"].as_str().unwrap();
        assert!(
            ["A001", "A002", "P002", "D001", "D003", "G002"].contains(&code),
            "{d}"
        );
    }
    let rating = |file: usize, stage: &str| {
        let r = &report["assessments"][file]["risks"][0][stage];
        (r["label"].as_str().unwrap().to_owned(), r["score"].as_u64())
    };
    // Files in order: file-matrix.yaml, inline-matrix.yaml.
    assert_eq!(report["assessments"][0]["risk_matrix"], "council-4x4");
    assert_eq!(rating(0, "inherent"), ("Medium".to_owned(), Some(8)));
    assert_eq!(rating(0, "residual"), ("Low".to_owned(), Some(2)));
    assert_eq!(report["assessments"][1]["risk_matrix"], "traffic-light");
    assert_eq!(rating(1, "inherent"), ("Red".to_owned(), None));
    assert_eq!(rating(1, "residual"), ("Amber".to_owned(), None));
    let run = dpia(&[
        "--project",
        "tests/fixtures/custom-matrices/dpia.yaml",
        "matrix",
    ]);
    assert!(run.stdout.contains("traffic-light  2x2  Traffic light (2 x 2) (from tests/fixtures/custom-matrices/dpia.yaml, the project default)"));
    assert!(run.stdout.contains(
        "council-4x4    4x4  Scored 4 x 4 (from tests/fixtures/custom-matrices/matrices/council-4x4.yaml)"
    ));
}

#[test]
fn concise_output_is_one_line_per_finding() {
    let run = fixture(&[
        "check",
        "--as-of",
        "2026-11-30",
        "--format",
        "concise",
        "tests/fixtures/cli/high-residual.yaml",
    ]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with(
            "tests/fixtures/cli/high-residual.yaml:12:5: error[R001] risk `R1` remains High"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("findings: 2 errors, 0 warnings\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("-->"));
}

#[test]
fn screen_shows_the_criteria_the_implied_ones_and_the_computed_decision() {
    let run = fixture(&["screen", "tests/fixtures/rules/S004/fail.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = &run.stdout;
    assert!(text.contains("Criteria that do not apply:\n  line 7    WP248 4 sensitive data"));
    assert!(text.contains("Implied by the content but not ticked:"));
    assert!(text.contains(
        "line 15   WP248 4 sensitive data or data of a highly personal nature: data category `health` is special category data"
    ));
    assert!(text.contains("Computed from the criteria: a DPIA is not required"));
    assert!(text.contains("With the implied criteria ticked: a DPIA is required"));
    assert!(text.contains("Recorded decision: not required"));

    let run = fixture(&[
        "screen",
        "--format",
        "json",
        "tests/fixtures/rules/S003/fail.yaml",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let one = &report[0];
    assert_eq!(one["id"], "s003-fail");
    assert_eq!(one["recorded"], "not-required");
    assert_eq!(one["computed"]["required"], true);
    assert_eq!(one["contradicted"], true);
    assert_eq!(one["applies"].as_array().unwrap().len(), 2);
    assert_eq!(one["applies"][0]["line"], 6);
    assert!(one["implied"].as_array().unwrap().is_empty());

    // A broken file is reported at its line, with exit code 2.
    let run = fixture(&["screen", "tests/fixtures/malformed/bad-status.yaml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("bad-status.yaml:"), "{}", run.stderr);
}

/// A project with the CLI fixtures' dpia.yaml and one assessment, the
/// facial-recognition DPIA whose residual High risk fails R001, changed by
/// `edit`, and `project` added to the project file. Returns the exit code
/// and output of `check` with `args` (`--format concise` unless another
/// format is given).
fn gate(edit: impl Fn(&str) -> String, project: Option<&str>, args: &[&str]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli");
    let mut dpia_yaml = std::fs::read_to_string(fixtures.join("dpia.yaml")).unwrap();
    if let Some(extra) = project {
        dpia_yaml.push_str(extra);
    }
    std::fs::write(dir.path().join("dpia.yaml"), dpia_yaml).unwrap();
    std::fs::create_dir(dir.path().join("assessments")).unwrap();
    // R2 gets a measure, so that R001 on R1 is the only finding.
    let text = std::fs::read_to_string(fixtures.join("high-residual.yaml"))
        .unwrap()
        .replace(
            "    inherent: {likelihood: possible, severity: significant}\n",
            "    inherent: {likelihood: possible, severity: significant}\n    measures: [M1]\n",
        );
    let edited = edit(&text);
    std::fs::write(dir.path().join("assessments/high-residual.yaml"), edited).unwrap();
    let mut all = vec!["check"];
    if !args.contains(&"--format") {
        all.extend(["--format", "concise"]);
    }
    all.extend_from_slice(args);
    let out = Dpia::at(dir.path()).run(&all);
    (out.code, out.stdout.clone() + &out.stderr.clone())
}

#[test]
fn the_gate_cannot_be_talked_round() {
    let same = |t: &str| t.to_owned();
    let (code, out) = gate(same, None, &[]);
    assert_eq!(code, 1, "the fixture fails R001: {out}");
    assert!(out.contains("error[R001]"), "{out}");
    let residual = "residual: {likelihood: possible, severity: severe}";
    // A residual rating claimed, not scored.
    let (code, out) = gate(
        |t| t.replace(residual, "residual: {stated: Low}"),
        None,
        &[],
    );
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[R010] risk `R1`: the residual rating `Low` is stated, not scored"),
        "{out}"
    );
    // A residual said to be unknown, not captured or not applicable is
    // not a lower one: the inherent High stands.
    for not in ["known", "captured", "applicable"] {
        let (code, out) = gate(
            |t| t.replace(residual, &format!("residual: {{not: {not}}}")),
            None,
            &[],
        );
        assert_eq!(code, 1, "{out}");
        assert!(
            out.contains("error[R001] risk `R1` remains High (the residual risk is"),
            "{out}"
        );
    }
    // Both ratings stated only, in a DPIA in review.
    let (code, out) = gate(
        |t| {
            t.replace(residual, "residual: {stated: Low}").replace(
                "inherent: {likelihood: probable, severity: severe}",
                "inherent: {stated: High}",
            )
        },
        None,
        &[],
    );
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[R004] risk `R1` has only a stated rating"),
        "{out}"
    );
    // Both deleted: an unscored risk in review cannot pass.
    let (code, out) = gate(
        |t| {
            t.replace(&format!("    {residual}\n"), "").replace(
                "    inherent: {likelihood: probable, severity: severe}\n",
                "",
            )
        },
        None,
        &[],
    );
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[R004] risk `R1` has no likelihood or severity"),
        "{out}"
    );
    // A suppression whose reason is a zero-width space, or one word.
    for reason in ["\"\\u200B\"", "\" \\u200B\\uFEFF \"", "ok"] {
        let (code, out) = gate(
            |t| format!("{t}suppress:\n  - {{rule: R001, reason: {reason}}}\n"),
            None,
            &[],
        );
        assert_eq!(code, 2, "{reason}: {out}");
        assert!(
            out.contains("error[E213] the reason for suppressing `R001` has"),
            "{out}"
        );
    }
    // A prior consultation that has not happened yet.
    let (code, out) = gate(
        |t| {
            t.replace(
                "sign_off:\n",
                "sign_off:\n  prior_consultation: {date: 2099-01-01, reference: ICO case 1}\n",
            )
        },
        None,
        &[],
    );
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "the consultation recorded is dated 2099-01-01, after 2026-11-30: it has not happened"
        ),
        "{out}"
    );
    // One that has happened passes.
    let (code, out) = gate(
        |t| {
            t.replace(
                "sign_off:\n",
                "sign_off:\n  prior_consultation: {date: 2026-10-01, reference: ICO case 1}\n",
            )
        },
        None,
        &[],
    );
    assert_eq!(code, 0, "{out}");
    // The residual lowered by a planned measure past its due date.
    let (code, out) = gate(
        |t| {
            t.replace(residual, "residual: {likelihood: remote, severity: significant}")
                .replace(
                    "    description: A member of staff confirms every match before entry is refused.\n",
                    "    description: A member of staff confirms every match before entry is refused.\n    status: planned\n    due: 2026-01-31\n",
                )
        },
        None,
        &[],
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[R008] measure `M1` was due on 2026-01-31 and is planned (as of 2026-11-30); the residual rating of risk `R1` (Low from High) relies on it"), "{out}");
    // Loosening in the project file passes, but says so; --strict ignores it.
    for (setting, summary) in [
        (
            "rules:\n  R001: off\n",
            "loosened by the project file: R001 off",
        ),
        (
            "rules:\n  R001: warning\n",
            "loosened by the project file: R001 warning",
        ),
    ] {
        let (code, out) = gate(same, Some(setting), &[]);
        assert_eq!(code, 0, "{out}");
        assert!(
            out.contains("warning[G008] the project sets rule R001"),
            "{out}"
        );
        assert!(out.trim_end().ends_with(summary), "{out}");
        let (code, out) = gate(same, Some(setting), &["--strict"]);
        assert_eq!(code, 1, "{out}");
        assert!(
            out.contains("error[R001]") && !out.contains("G008]"),
            "{out}"
        );
        assert!(
            out.trim_end()
                .ends_with(&format!("{summary} (ignored: --strict)")),
            "{out}"
        );
    }
    let lenient = "risk_matrix: lenient\nmatrices:\n  - id: lenient\n    name: Lenient\n    likelihood: [{id: remote, label: Remote}, {id: possible, label: Possible}, {id: probable, label: Probable}]\n    severity: [{id: minimal, label: Minimal}, {id: significant, label: Significant}, {id: severe, label: Severe}]\n    ratings:\n      - {id: low, label: Low, colour: \"#2e7d32\"}\n      - {id: high, label: High, colour: \"#c62828\", requires_mitigation: true, requires_prior_consultation: false}\n    cells:\n      minimal: [low, low, low]\n      significant: [low, low, high]\n      severe: [low, high, high]\n";
    let (code, out) = gate(same, Some(lenient), &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("warning[G008] the highest rating of the matrix `lenient`, High, does not require prior consultation"), "{out}");
    let (code, out) = gate(same, Some(lenient), &["--strict"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[R001] risk `R1` remains High"), "{out}");
    // G008 itself cannot be turned off or suppressed.
    let (code, out) = gate(same, Some("rules:\n  G008: off\n  R001: off\n"), &[]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("error[E214] rule `G008` reports what loosens the gate"),
        "{out}"
    );
}

#[test]
fn loosening_is_named_in_every_format() {
    let same = |t: &str| t.to_owned();
    let setting = Some("rules:\n  R001: off\n");
    for (format, expect) in [
        ("human", "loosened by the project file: R001 off"),
        ("json", "\"loosened\": [\n      \"R001 off\"\n    ]"),
        ("sarif", "loosened by the project file: R001 off"),
        (
            "junit",
            "<property name=\"loosened\" value=\"loosened by the project file: R001 off\"/>",
        ),
        ("github", "loosened by the project file: R001 off"),
    ] {
        let (code, out) = gate(same, setting, &["--format", format]);
        assert_eq!(code, 0, "{format}: {out}");
        assert!(out.contains(expect), "{format}: {out}");
    }
}

/// Removes the ANSI colour sequences from text.
fn uncoloured(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('\u{1b}') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail.find('m').map_or(tail.len(), |m| m + 1);
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn colour_follows_the_color_flag_no_color_and_clicolor_force() {
    let project = || Dpia::repo().project("tests/fixtures/cli/dpia.yaml");
    let file = "tests/fixtures/cli/warning-only.yaml";
    let run = |color: Option<&str>, env: &[(&str, &str)]| {
        let mut args = Vec::new();
        if let Some(when) = color {
            args.extend(["--color", when]);
        }
        args.extend(["check", file]);
        let env: Vec<(&str, &std::ffi::OsStr)> = env
            .iter()
            .map(|(k, v)| (*k, std::ffi::OsStr::new(*v)))
            .collect();
        project().run_with_env(&args, &env)
    };
    let coloured = |run: &Run| run.stdout.contains("\u{1b}[");
    // A pipe is not a terminal: no colour unless asked.
    let plain = run(None, &[]);
    assert!(!coloured(&plain), "{}", plain.stdout);
    assert!(plain.stdout.contains("warning[R004]"));
    let always = run(Some("always"), &[]);
    assert!(coloured(&always), "{}", always.stdout);
    // Colour changes how it looks, not what it says.
    assert_eq!(uncoloured(&always.stdout), plain.stdout);
    assert_eq!(always.code, plain.code);
    assert!(coloured(&run(None, &[("CLICOLOR_FORCE", "1")])));
    assert!(!coloured(&run(
        None,
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    )));
    assert!(!coloured(&run(Some("never"), &[("CLICOLOR_FORCE", "1")])));
    // An explicit choice overrules the environment.
    assert!(coloured(&run(Some("always"), &[("NO_COLOR", "1")])));
    assert!(!coloured(&run(Some("auto"), &[("NO_COLOR", "1")])));
    // Input errors on stderr follow the same choice.
    let broken = Dpia::temp()
        .file("assessments/a.yaml", "id: a\ntitle: [unclosed\n")
        .run(&["--color", "always", "build", "--format", "html"]);
    assert_eq!(broken.code, 2);
    assert!(broken.stderr.contains("\u{1b}["), "{}", broken.stderr);
    let bad = project().run(&["--color", "sometimes", "check"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("possible values: auto, always, never"),
        "{}",
        bad.stderr
    );
}

#[test]
fn completions_name_every_command_and_the_bash_script_parses() {
    use clap::CommandFactory;
    let command = dpia::cli::Cli::command();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = dpia(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        for sub in command.get_subcommands() {
            assert!(
                run.stdout.contains(sub.get_name()),
                "{shell} completion lacks {}",
                sub.get_name()
            );
        }
        assert!(run.stdout.contains("fail-on"), "{shell}: no --fail-on");
    }
    let bash = dpia(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("dpia.bash");
    std::fs::write(&script, &bash.stdout).unwrap();
    let parsed = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .expect("bash runs");
    assert!(
        parsed.status.success(),
        "{}",
        String::from_utf8_lossy(&parsed.stderr)
    );
    assert!(dpia(&["completions", "tcsh"]).code == 2);
}

#[test]
fn man_writes_a_page_per_command_with_its_options() {
    use clap::CommandFactory;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("man1");
    let run = dpia(&["man", folder.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut command = dpia::cli::Cli::command();
    command.build();
    let mut expected = vec!["dpia.1".to_owned()];
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("dpia-{}.1", sub.get_name());
        let page = std::fs::read_to_string(folder.join(&name)).unwrap();
        assert!(
            page.contains(&format!(".TH dpia-{} 1", sub.get_name())),
            "{name}"
        );
        for arg in sub.get_arguments().filter_map(clap::Arg::get_long) {
            // roff writes a hyphen as `\-`.
            let option = format!("\\-\\-{}", arg.replace('-', "\\-"));
            assert!(page.contains(&option), "{name} lacks --{arg}");
        }
        expected.push(name);
    }
    let mut written: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    expected.sort();
    assert_eq!(written, expected);
    assert_eq!(run.stdout.lines().count(), expected.len());
    // The same dpia writes the same pages (no date in them).
    let again = dir.path().join("again");
    assert_eq!(dpia(&["man", again.to_str().unwrap()]).code, 0);
    for name in &expected {
        assert_eq!(
            std::fs::read(folder.join(name)).unwrap(),
            std::fs::read(again.join(name)).unwrap()
        );
    }
    // man reads it.
    let shown = std::process::Command::new("man")
        .args(["-l", "-P", "cat"])
        .arg(folder.join("dpia-check.1"))
        .env("MANWIDTH", "100")
        .output();
    if let Ok(shown) = shown
        && shown.status.success()
    {
        let text = String::from_utf8_lossy(&shown.stdout);
        assert!(text.contains("--fail-on"), "{text}");
    }
}

#[test]
fn version_names_the_commit_it_was_built_from() {
    let run = dpia(&["--version"]);
    assert_eq!(run.code, 0);
    let line = run.stdout.trim_end();
    let rest = line
        .strip_prefix(&format!("dpia {} (commit ", env!("CARGO_PKG_VERSION")))
        .unwrap_or_else(|| panic!("{line}"));
    let hash = rest.trim_end_matches(')').trim_end_matches(", modified");
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(crate::common::root())
        .output();
    match head {
        Ok(head) if head.status.success() => {
            assert_eq!(hash, String::from_utf8_lossy(&head.stdout).trim(), "{line}");
        }
        _ => assert_eq!(hash, "unknown", "{line}"),
    }
}

/// The files a JSON check looked at, and what it skipped with why.
fn looked_at(run: &Run) -> (Vec<String>, Vec<(String, String)>) {
    let report = run.json();
    let files = report["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["file"].as_str().unwrap().to_owned())
        .collect();
    let skipped = report["summary"]["skipped"]
        .as_array()
        .map(|s| {
            s.iter()
                .map(|s| {
                    (
                        s["file"].as_str().unwrap().to_owned(),
                        s["reason"].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    (files, skipped)
}

#[test]
fn a_named_project_matrix_or_approvals_file_is_taken_for_what_it_is() {
    // pre-commit passes every changed YAML file as a PATH.
    let project = Dpia::at(&crate::common::root().join("tests/fixtures/custom-matrices"));
    let all = looked_at(&project.run(&["check", "--format", "json"])).0;
    assert_eq!(all.len(), 2);
    for named in ["dpia.yaml", "matrices/council-4x4.yaml"] {
        let run = project.run(&["check", "--format", "json", named]);
        assert_ne!(run.code, 2, "{named}: {}{}", run.stdout, run.stderr);
        let (files, skipped) = looked_at(&run);
        // Every assessment is checked against the changed project.
        assert_eq!(files, all, "{named}");
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert_eq!(skipped[0].0, named);
        assert!(
            skipped[0].1.contains("a file of the project"),
            "{skipped:?}"
        );
    }
    // Named with an assessment, which is then checked once.
    let run = project.run(&[
        "check",
        "--format",
        "json",
        "assessments/file-matrix.yaml",
        "dpia.yaml",
    ]);
    assert_eq!(looked_at(&run).0, all);
    // Signed approvals: checked with their assessment, and only it.
    let dir = crate::build::scratch_project();
    std::fs::copy(
        crate::common::root().join("assessments/opcc-casework-system.approvals.yaml"),
        dir.path()
            .join("assessments/opcc-casework-system.approvals.yaml"),
    )
    .unwrap();
    let examples = Dpia::at(dir.path());
    let run = examples.run(&[
        "check",
        "--format",
        "json",
        "assessments/opcc-casework-system.approvals.yaml",
    ]);
    assert_ne!(run.code, 2, "{}{}", run.stdout, run.stderr);
    let (files, skipped) = looked_at(&run);
    assert_eq!(files, ["assessments/opcc-casework-system.yaml"]);
    assert!(
        skipped[0].1.contains("checked with their assessment"),
        "{skipped:?}"
    );
    // Named with its assessment, the assessment is checked once.
    let run = examples.run(&[
        "check",
        "--format",
        "json",
        "assessments/opcc-casework-system.yaml",
        "assessments/opcc-casework-system.approvals.yaml",
    ]);
    assert_eq!(looked_at(&run).0, ["assessments/opcc-casework-system.yaml"]);
    // Another project's file is not this project's: read as what it was
    // named, an assessment, it fails the schema.
    std::fs::create_dir_all(dir.path().join("other")).unwrap();
    std::fs::copy(
        dir.path().join("dpia.yaml"),
        dir.path().join("other/dpia.yaml"),
    )
    .unwrap();
    let run = examples.run(&["check", "other/dpia.yaml"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("E101"), "{}", run.stdout);
}

#[test]
fn a_comma_in_flow_text_says_to_quote_it() {
    let run = Dpia::temp()
        .file(
            "assessments/a.yaml",
            "id: a\ntitle: A\nstatus: draft\nscreening:\n  wp248:\n    sensitive_data: {applies: true, note: About 40,000 visitors a year.}\n",
        )
        .run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("error[E101]: unknown key `000 visitors a year.`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "help: inside `{...}` a comma ends the text before it: quote the text to keep it whole (`\"About 40,000 visitors a year.\"`), or write the mapping a key per line"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn build_says_why_an_activity_has_no_report() {
    let out = tempfile::tempdir().unwrap();
    let run = dpia(&[
        "build",
        "--format",
        "html",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "note: 4 activities have no DPIA report (`camden-service-system-flags`, `opcc-correspondence-current-arrangements`, `wiltshire-childrens-recording-systems`, `yos-child-view-case-management`): they hold no risks, measures, necessity, consultation or sign-off, only a record of processing, which the register shows"
        ),
        "{}",
        run.stderr
    );
    let outside = Dpia::temp();
    let new = outside.run(&["new", "kiosks"]);
    assert_eq!(new.code, 0, "{}", new.stderr);
    // Outside a project, the `$schema` line leads to the schema, written
    // for it; a second assessment finds it there.
    let text = std::fs::read_to_string(outside.dir().join("assessments/kiosks.yaml")).unwrap();
    let target = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# yaml-language-server: $schema="))
        .unwrap();
    let schema = std::fs::read_to_string(outside.dir().join("assessments").join(target)).unwrap();
    assert_eq!(schema, dpia(&["schema", "assessment"]).stdout);
    assert!(
        new.stdout
            .contains("created schemas/assessment.schema.json"),
        "{}",
        new.stdout
    );
    let again = outside.run(&["new", "lockers"]);
    assert!(!again.stdout.contains("schemas/"), "{}", again.stdout);
    assert!(
        new.stdout
            .contains("next: describe the activity in it (the comments follow the ICO template's seven steps); dpia check assessments/kiosks.yaml says what is missing, at its line"),
        "{}",
        new.stdout
    );
}

#[test]
fn quiet_prints_what_was_asked_for_and_the_problems_only() {
    let project = Dpia::temp();
    let silent = |run: &Run| {
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    };
    // -q is global: before or after the command.
    silent(&project.run(&["-q", "init", "--organisation", "Example Council"]));
    silent(&project.run(&["new", "case-notes", "--title", "Case notes", "--quiet"]));
    silent(&project.run(&["man", "-q", "man1"]));
    assert!(project.dir().join("man1/dpia-check.1").is_file());
    let check = project.run(&["check", "-q", "--format", "concise"]);
    assert_ne!(check.stdout, "", "the findings are what check is asked for");
    assert!(!check.stdout.contains("checked"), "{}", check.stdout);
    let loud = project.run(&["check", "--format", "concise"]);
    assert!(loud.stdout.starts_with(&check.stdout), "{}", loud.stdout);
    assert!(loud.stdout.contains("1 file checked"), "{}", loud.stdout);
    assert_eq!(check.code, loud.code);
    let project = Dpia::clean_project("id: clean", "id: clean");
    silent(&project.run(&["-q", "ropa", "--format", "csv"]));
    assert!(project.dir().join("out/register.csv").is_file());
    // A finding still reaches the log, and so does the project's loosening
    // of the gate, but not the summary.
    let file = "tests/fixtures/cli/warning-only.yaml";
    for format in ["human", "concise", "github"] {
        let run = fixture(&["-q", "check", "--format", format, file]);
        assert!(run.stdout.contains("R004"), "{format}: {}", run.stdout);
        assert!(!run.stdout.contains("checked"), "{format}: {}", run.stdout);
        assert!(!run.stdout.contains("stop-commands"), "{format}");
    }
    let same = |t: &str| t.to_owned();
    let (code, out) = gate(same, Some("rules:\n  R001: off\n"), &["-q"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("warning[G008]"), "{out}");
    assert!(
        out.ends_with("\nloosened by the project file: R001 off\n"),
        "{out}"
    );
    assert!(!out.contains("checked"), "{out}");
}

#[test]
fn init_scaffolds_the_examples_of_its_jurisdiction() {
    for (jurisdiction, has, lacks) in [
        (
            "uk",
            ["schedule_1: [2]", "country: GB"],
            ["country: IE", "law:"],
        ),
        (
            "eu",
            ["country: IE", "law: \"The member state law"],
            ["schedule_1", "country: GB"],
        ),
    ] {
        let project = Dpia::temp();
        let init = [
            "init",
            "--organisation",
            "Example",
            "--jurisdiction",
            jurisdiction,
        ];
        assert_eq!(project.run(&init).code, 0);
        let dpia_yaml = std::fs::read_to_string(project.dir().join("dpia.yaml")).unwrap();
        assert!(dpia_yaml.contains(&format!("jurisdiction: {jurisdiction}\n")));
        assert_eq!(dpia_yaml.contains("# country: IE"), jurisdiction == "eu");
        assert_eq!(project.run(&["new", "a", "--title", "A"]).code, 0);
        let path = project.dir().join("assessments/a.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        for text_has in has {
            assert!(text.contains(text_has), "{jurisdiction}: {text_has}");
        }
        for text_lacks in lacks {
            assert!(!text.contains(text_lacks), "{jurisdiction}: {text_lacks}");
        }
        // The examples are valid as they stand: uncommented, the lawful
        // basis and the recipient give no input error.
        let mut uncommented = String::new();
        let mut open = false;
        for line in text.lines() {
            if ["# purposes:", "# lawful_bases:", "# recipients:"]
                .iter()
                .any(|start| line.starts_with(start))
            {
                open = true;
            } else if !line.starts_with("#   ") {
                open = false;
            }
            let line = if open { &line[2..] } else { line };
            uncommented.push_str(line);
            uncommented.push('\n');
        }
        assert!(uncommented.contains("\nlawful_bases:\n"), "{uncommented}");
        std::fs::write(&path, &uncommented).unwrap();
        let check = project.run(&["check", "--format", "concise"]);
        assert!(
            !check.stdout.contains("error[E"),
            "{jurisdiction}: {}",
            check.stdout
        );
        assert!(check.stdout.contains("1 file checked"), "{}", check.stdout);
    }
}
