//! `dpia check --format sarif|junit|github`: the SARIF log is valid against
//! the official SARIF 2.1.0 schema and says what `--format json` says; the
//! JUnit report parses, counts right and keeps hostile text as text; the
//! GitHub workflow commands escape what the runner would read as syntax.
//! Every format keeps the exit codes of `check`.

use crate::common::{self, Dpia, Run};

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

/// The date every check here judges against, so findings do not drift.
const AS_OF: &str = "2026-11-30";

/// The fixtures: one file with findings (an error, a warning whose message
/// carries hostile text, a suppressed finding), a clean one, a broken one.
const FIXTURES: [&str; 3] = [
    "tests/fixtures/formats/findings.yaml",
    "tests/fixtures/formats/clean.yaml",
    "tests/fixtures/formats/broken.yaml",
];

/// Runs `dpia [global...] check --as-of AS_OF --format FORMAT [args...]` in
/// `dir`.
fn check_in(dir: &Path, global: &[&str], format: &str, args: &[&str]) -> Run {
    let mut all: Vec<&str> = global.to_vec();
    all.extend(["check", "--as-of", AS_OF, "--format", format]);
    all.extend_from_slice(args);
    Dpia::at(dir).run(&all)
}

/// Checks the bundled examples in the repository root.
fn bundled(format: &str, args: &[&str]) -> Run {
    check_in(common::root(), &[], format, args)
}

/// Checks the three fixtures against `tests/fixtures/formats/dpia.yaml`.
fn fixtures(format: &str, args: &[&str]) -> Run {
    let mut all = args.to_vec();
    all.extend(FIXTURES);
    check_in(
        common::root(),
        &["--project", "tests/fixtures/formats/dpia.yaml"],
        format,
        &all,
    )
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).expect("valid JSON")
}

// ---------------------------------------------------------------- SARIF --

/// The official SARIF 2.1.0 schema (tests/fixtures/sarif/README.md says where from),
/// compiled with format checks on (`uri`, `uri-reference`).
fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(
        common::root().join("tests/fixtures/sarif/sarif-schema-2.1.0.json"),
    )
    .expect("the vendored SARIF schema");
    let mut schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    // The pattern of `language` (of a run and of a tool component) has a
    // stray `]`, which ECMA-262 regular expressions in Unicode mode reject,
    // so the schema fails its own meta-schema (`format: regex`). Escape it,
    // keeping what it matches; dpia never writes `language`.
    for definition in ["run", "toolComponent"] {
        let pattern = &mut schema["definitions"][definition]["properties"]["language"]["pattern"];
        assert_eq!(*pattern, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$");
        *pattern = Value::from(r"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\]?$");
    }
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

/// Asserts that a SARIF log is valid against the official schema.
fn assert_valid_sarif(log: &Value) {
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{}: {e}", e.instance_path().as_str()))
        .collect();
    assert!(
        errors.is_empty(),
        "not valid SARIF 2.1.0:\n{}",
        errors.join("\n")
    );
}

#[test]
fn the_schema_check_rejects_an_invalid_log() {
    let broken = serde_json::json!({
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"version": "1"}}, "results": [{"message": {}}]}],
    });
    let validator = sarif_validator();
    assert!(!validator.is_valid(&broken));
    // Formats are checked: a file name with a space is no URI reference.
    let log = |uri: &str| {
        serde_json::json!({
            "version": "2.1.0",
            "runs": [{"tool": {"driver": {"name": "dpia"}}, "results": [{
                "message": {"text": "m"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
            }]}],
        })
    };
    assert!(validator.is_valid(&log("assessments/a%20b.yaml")));
    assert!(!validator.is_valid(&log("assessments/a b.yaml")));
}

/// The log, written a result at a time, is what the whole log
/// pretty-printed at once gives, byte for byte.
fn assert_written_whole(run: &Run, log: &Value) {
    assert_eq!(
        run.stdout,
        format!("{}\n", serde_json::to_string_pretty(log).unwrap())
    );
}

#[test]
fn sarif_of_the_bundled_examples_is_valid_and_says_what_json_says() {
    let run = bundled("sarif", &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let log = json(&run);
    assert_valid_sarif(&log);
    assert_written_whole(&run, &log);
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "dpia");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));

    // Every rule, in the table's order, with what code scanning shows.
    let rules = driver["rules"].as_array().unwrap();
    for (rule, descriptor) in dpia::rules::RULES.iter().zip(rules) {
        let meta = rule.meta();
        assert_eq!(descriptor["id"], meta.code);
        assert_eq!(descriptor["name"], meta.name);
        assert_eq!(descriptor["shortDescription"]["text"], meta.summary());
        let full = descriptor["fullDescription"]["text"].as_str().unwrap();
        assert!(
            full.ends_with(&format!("Reference: {}.", meta.reference)),
            "{full}"
        );
        let help = descriptor["help"]["markdown"].as_str().unwrap();
        assert!(help.contains(&meta.documentation()), "{}", meta.code);
        // The same help as plain text, for viewers that show it as it is.
        let text = descriptor["help"]["text"].as_str().unwrap();
        assert_eq!(text, dpia::present::markdown::to_plain(help));
        // No heading marks or code fences (code inside a block stays).
        assert!(!text.contains("\n## ") && !text.contains("```"), "{text}");
        assert!(
            text.starts_with(&format!("{} {}", meta.code, meta.name)),
            "{text}"
        );
        let level = match meta.severity {
            dpia::diagnostic::Severity::Error => "error",
            dpia::diagnostic::Severity::Warning => "warning",
            dpia::diagnostic::Severity::Info => "note",
        };
        assert_eq!(descriptor["defaultConfiguration"]["level"], level);
    }
    assert_eq!(
        rules.len(),
        dpia::rules::RULES.len(),
        "no input error occurs"
    );

    // One result per diagnostic of the JSON report, in its order, placed alike.
    let report = json(&bundled("json", &[]));
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let results = runs[0]["results"].as_array().unwrap();
    assert_eq!(results.len(), diagnostics.len());
    assert!(!results.is_empty());
    for (result, d) in results.iter().zip(diagnostics) {
        assert_eq!(result["ruleId"], d["code"]);
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], d["code"]);
        let level = if d["severity"] == "info" {
            "note"
        } else {
            d["severity"].as_str().unwrap()
        };
        assert_eq!(result["level"], level);
        let message = result["message"]["text"].as_str().unwrap();
        assert!(message.starts_with(d["message"].as_str().unwrap()));
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], d["file"]);
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let region = &location["region"];
        assert_eq!(region["startLine"], d["line"]);
        assert_eq!(region["startColumn"], d["column"]);
        assert_eq!(region["endLine"], d["end_line"]);
        assert_eq!(region["endColumn"], d["end_column"]);
        assert!(result.get("suppressions").is_none());
    }

    // Deterministic: the same input gives the same bytes.
    assert_eq!(bundled("sarif", &[]).stdout, run.stdout);
}

#[test]
fn sarif_of_a_clean_file_has_an_empty_list_of_results() {
    let run = check_in(
        common::root(),
        &["--project", "tests/fixtures/formats/dpia.yaml"],
        "sarif",
        &["tests/fixtures/formats/clean.yaml"],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let log = json(&run);
    assert_valid_sarif(&log);
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
    assert_written_whole(&run, &log);
}

#[test]
fn sarif_marks_suppressed_findings_and_describes_input_errors() {
    let run = fixtures("sarif", &[]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let log = json(&run);
    assert_valid_sarif(&log);
    assert_written_whole(&run, &log);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let codes: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["R003", "R001", "E104", "C001"]);

    // The input error has its own rule entry, after the compliance rules.
    assert_eq!(rules.len(), dpia::rules::RULES.len() + 1);
    let e104 = &rules[dpia::rules::RULES.len()];
    assert_eq!(e104["id"], "E104");
    assert_eq!(e104["defaultConfiguration"]["level"], "error");
    assert_eq!(results[2]["ruleIndex"], dpia::rules::RULES.len());
    assert_eq!(
        results[2]["locations"][0]["physicalLocation"],
        serde_json::json!({
            "artifactLocation": {"uri": "tests/fixtures/formats/broken.yaml", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 5, "startColumn": 9, "endLine": 5, "endColumn": 16},
        })
    );

    // The suppressed finding is a result, suppressed in source with its reason.
    assert_eq!(results[3]["level"], "error");
    assert_eq!(
        results[3]["suppressions"],
        serde_json::json!([{
            "kind": "inSource",
            "status": "accepted",
            "justification": "The contract <signed> & filed ]]> 100%, see: folder\nsecond line",
        }])
    );

    // Hostile text is kept as it is: JSON carries any character.
    let message = results[0]["message"]["text"].as_str().unwrap();
    assert!(
        message.contains("stated as `<b>&amp; ]]> 100%, a:b\r\nx\u{1}y`"),
        "{message}"
    );
}

// ---------------------------------------------------------------- JUnit --

/// Every test case, in order.
fn testcases<'a>(doc: &'a roxmltree::Document<'a>) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect()
}

fn children<'a>(node: roxmltree::Node<'a, 'a>, tag: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    node.children().filter(|n| n.has_tag_name(tag)).collect()
}

fn count(node: roxmltree::Node<'_, '_>, attribute: &str) -> usize {
    node.attribute(attribute)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("a number in `{attribute}`"))
}

#[test]
fn junit_of_the_bundled_examples_counts_files_and_findings() {
    let report = json(&bundled("json", &[]));
    let summary = &report["summary"];
    let errors = summary["errors"].as_u64().unwrap() as usize;
    let warnings = summary["warnings"].as_u64().unwrap() as usize;

    for (fail_on, failing) in [("error", errors), ("warning", errors + warnings)] {
        let run = bundled("junit", &["--fail-on", fail_on]);
        assert_eq!(run.code, 1, "{}", run.stdout);
        let doc = roxmltree::Document::parse(&run.stdout).expect("well-formed XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "testsuites");
        let suites = children(root, "testsuite");
        assert_eq!(suites.len(), 1);
        let suite = suites[0];
        assert_eq!(suite.attribute("name"), Some("dpia check"));

        // One test case per assessment (classname its id), and one per other
        // file with findings (the project file).
        let cases = testcases(&doc);
        let ids: BTreeMap<&str, &str> = report["assessments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| (a["file"].as_str().unwrap(), a["id"].as_str().unwrap()))
            .collect();
        let others: BTreeSet<&str> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["file"].as_str())
            .filter(|file| !ids.contains_key(file))
            .collect();
        assert_eq!(cases.len(), ids.len() + others.len());
        for case in &cases {
            let name = case.attribute("name").unwrap();
            match ids.get(name) {
                Some(id) => assert_eq!(case.attribute("classname"), Some(*id)),
                None => assert!(others.contains(name), "{name}"),
            }
        }

        // A failure per finding at or above --fail-on; the rest is output.
        let failures: usize = cases.iter().map(|c| children(*c, "failure").len()).sum();
        assert_eq!(failures, failing, "--fail-on {fail_on}");
        let failed = cases
            .iter()
            .filter(|c| !children(**c, "failure").is_empty())
            .count();
        assert_eq!(count(suite, "tests"), cases.len());
        assert_eq!(count(suite, "failures"), failed);
        assert_eq!(count(suite, "errors"), 0);
        assert_eq!(count(root, "tests"), cases.len());
        assert_eq!(count(root, "failures"), failed);
        let output: String = doc
            .descendants()
            .filter(|n| n.has_tag_name("system-out"))
            .filter_map(|n| n.text())
            .collect();
        let logged = output.matches(": warning[").count();
        assert_eq!(logged, if fail_on == "error" { warnings } else { 0 });
    }
}

#[test]
fn junit_failure_text_and_input_errors() {
    let run = fixtures("junit", &[]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let doc = roxmltree::Document::parse(&run.stdout).expect("well-formed XML");
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(
        (
            count(suite, "tests"),
            count(suite, "failures"),
            count(suite, "errors")
        ),
        (3, 1, 1)
    );
    let cases = testcases(&doc);
    let names: Vec<_> = cases
        .iter()
        .map(|c| {
            (
                c.attribute("classname").unwrap(),
                c.attribute("name").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("findings", "tests/fixtures/formats/findings.yaml"),
            ("clean", "tests/fixtures/formats/clean.yaml"),
            ("broken", "tests/fixtures/formats/broken.yaml"),
        ]
    );

    let failures = children(cases[0], "failure");
    assert_eq!(failures.len(), 1);
    let failure = failures[0];
    assert_eq!(
        failure.attribute("message"),
        Some(
            "R001: risk `R2` remains High (after the measures), which requires prior \
             consultation with the ICO before processing; none is recorded"
        )
    );
    assert_eq!(failure.attribute("type"), Some("R001"));
    let text = failure.text().unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "tests/fixtures/formats/findings.yaml:46:5: error[R001] risk `R2` remains High (after the \
         measures), which requires prior consultation with the ICO before processing; none \
         is recorded"
    );
    assert!(lines[1].starts_with("help: "), "{text}");
    assert_eq!(lines.last(), Some(&"reference: UK GDPR / GDPR Art 36(1)"));

    assert!(cases[1].children().next().is_none(), "a clean file passes");

    let errors = children(cases[2], "error");
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].attribute("message"),
        Some("E104: `aproved` is not an allowed value for `status`")
    );
    assert!(
        errors[0]
            .text()
            .unwrap()
            .starts_with("tests/fixtures/formats/broken.yaml:5:9: error[E104] ")
    );
}

#[test]
fn junit_keeps_hostile_text_as_text() {
    // The warning's stated rating holds `<`, `&`, `]]>`, CR LF and U+0001.
    let run = fixtures("junit", &["--fail-on", "warning"]);
    assert_eq!(run.code, 2);
    assert!(!run.stdout.contains("<b>"));
    assert!(!run.stdout.contains("]]>"));
    assert!(!run.stdout.contains('\u{1}'), "not allowed in XML 1.0");
    let doc = roxmltree::Document::parse(&run.stdout).expect("well-formed XML");
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure") && n.attribute("type") == Some("R003"))
        .expect("the warning fails under --fail-on warning");
    let stated = "stated as `<b>&amp; ]]> 100%, a:b\r\nxy`";
    let message = failure.attribute("message").unwrap();
    assert!(
        message.starts_with("R003: risk `R1`: the residual rating "),
        "{message}"
    );
    assert!(message.contains(stated), "{message:?}");
    assert!(failure.text().unwrap().contains(stated));

    // Without --fail-on warning it is output, with the suppressed finding.
    let run = fixtures("junit", &[]);
    let doc = roxmltree::Document::parse(&run.stdout).expect("well-formed XML");
    let output = doc
        .descendants()
        .find(|n| n.has_tag_name("system-out"))
        .and_then(|n| n.text())
        .unwrap();
    assert!(output.contains(stated), "{output:?}");
    assert!(output.contains(
        "tests/fixtures/formats/findings.yaml:17:45: suppressed[C001] processor `vendor` has no \
         contract or other legal act recorded (Art 28(3))"
    ));
    assert!(
        output.contains("reason: The contract <signed> & filed ]]> 100%, see: folder second line")
    );
}

// --------------------------------------------------------------- GitHub --

#[test]
fn github_prints_a_command_per_finding_then_the_summary() {
    let run = fixtures("github", &[]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 4 + 1 + 3 + 2, "{}", run.stdout);
    assert!(
        lines[0].starts_with(
            "::warning file=tests/fixtures/formats/findings.yaml,line=40,col=15,endLine=40,endColumn=51,\
         title=R003 stated-rating-mismatch::risk `R1`: the residual rating is stated as \
         `<b>&amp; ]]> 100%25, a:b%0D%0Ax\\u{1}y` but",
        ),
        "control characters reach the log escaped: {}",
        lines[0]
    );
    assert_eq!(
        lines[1],
        "::error file=tests/fixtures/formats/findings.yaml,line=46,col=5,endLine=46,endColumn=13,\
         title=R001 unmitigated-high-risk::risk `R2` remains High (after the measures), which \
         requires prior consultation with the ICO before processing; none is recorded%0Ahelp: \
         add measures that reduce the residual risk, or consult the ICO and record it under \
         `sign_off.prior_consultation`"
    );
    assert_eq!(
        lines[2],
        "::error file=tests/fixtures/formats/broken.yaml,line=5,col=9,endLine=5,endColumn=16,\
         title=E104 input error::`aproved` is not an allowed value for `status`%0Ahelp: did \
         you mean `approved`?"
    );
    assert!(lines[3].starts_with(
        "::notice file=tests/fixtures/formats/findings.yaml,line=17,col=45,endLine=17,endColumn=54,\
         title=C001 processor-without-contract (suppressed)::processor `vendor` has no \
         contract or other legal act recorded (Art 28(3))%0A"
    ));
    assert!(lines[3].ends_with(
        "%0Asuppressed: The contract <signed> & filed ]]> 100%25, see: folder%0Asecond line"
    ));
    assert_eq!(lines[4], "");
    // The summary, which holds user-chosen paths, is fenced off from the
    // runner's command parser.
    let token = lines[5]
        .strip_prefix("::stop-commands::")
        .expect("commands stopped before the summary");
    assert!(token.starts_with("dpia-"));
    assert_eq!(
        lines[8],
        "2 of 3 files checked (1 input error); findings: 1 error, 1 warning; 1 suppressed"
    );
    assert_eq!(lines[9], format!("::{token}::"));
    assert!(!run.stdout.contains('\r'));
}

#[test]
fn github_escapes_commas_colons_and_percent_in_properties() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("assessments")).unwrap();
    std::fs::copy(
        common::root().join("tests/fixtures/formats/dpia.yaml"),
        dir.path().join("dpia.yaml"),
    )
    .unwrap();
    std::fs::copy(
        common::root().join("tests/fixtures/formats/findings.yaml"),
        dir.path().join("assessments/odd,name:100%.yaml"),
    )
    .unwrap();
    let run = check_in(dir.path(), &[], "github", &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let first = run.stdout.lines().next().unwrap();
    assert!(
        first.starts_with("::warning file=assessments/odd%2Cname%3A100%25.yaml,line=40,"),
        "{first}"
    );
    // The same file in SARIF: a valid, percent-encoded relative reference.
    let log = json(&check_in(dir.path(), &[], "sarif", &[]));
    assert_valid_sarif(&log);
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "assessments/odd,name%3A100%25.yaml"
    );
}

// ----------------------------------------------------------- exit codes --

#[test]
fn every_format_keeps_the_exit_codes_of_check() {
    for format in ["sarif", "junit", "github"] {
        for (file, code) in [
            ("tests/fixtures/formats/clean.yaml", 0),
            ("tests/fixtures/formats/findings.yaml", 1),
            ("tests/fixtures/formats/broken.yaml", 2),
        ] {
            let run = check_in(
                common::root(),
                &["--project", "tests/fixtures/formats/dpia.yaml"],
                format,
                &[file],
            );
            assert_eq!(run.code, code, "--format {format} {file}");
        }
    }
}

#[test]
fn gitlab_code_quality_has_an_issue_per_finding_with_stable_fingerprints() {
    for run_of in [bundled as fn(&str, &[&str]) -> Run, fixtures] {
        let run = run_of("gitlab", &[]);
        let plain = json(&run_of("json", &[]));
        assert_ne!(run.code, 0);
        assert_eq!(run.code, run_of("json", &[]).code, "the same exit code");
        let issues = json(&run);
        let issues = issues.as_array().expect("a JSON array");
        // Every diagnostic JSON lists, but not the suppressed ones.
        let diagnostics = plain["diagnostics"].as_array().unwrap();
        assert_eq!(issues.len(), diagnostics.len());
        let mut fingerprints = std::collections::HashSet::new();
        for (issue, d) in issues.iter().zip(diagnostics) {
            assert_eq!(issue["check_name"], d["code"]);
            // On one line: runs of white space as one space, control
            // characters shown as escapes.
            let message = dpia::render::check::one_line(d["message"].as_str().unwrap());
            let description = issue["description"].as_str().unwrap();
            assert!(description.starts_with(&message), "{description}");
            assert!(!description.contains('\n'));
            let expected = match (d["origin"].as_str(), d["severity"].as_str()) {
                (Some("input"), Some("error")) => "blocker",
                (_, Some("error")) => "critical",
                (_, Some("warning")) => "minor",
                _ => "info",
            };
            assert_eq!(issue["severity"], expected, "{issue}");
            let path = issue["location"]["path"].as_str().unwrap();
            assert!(!path.starts_with('/') && !path.starts_with("./"), "{path}");
            assert!(common::root().join(path).is_file(), "{path}");
            if let Some(line) = d["line"].as_u64() {
                assert_eq!(issue["location"]["lines"]["begin"], line);
            }
            assert!(
                issue["fingerprint"]
                    .as_str()
                    .unwrap()
                    .starts_with("sha256:")
            );
            assert!(fingerprints.insert(issue["fingerprint"].clone()), "{issue}");
            assert_eq!(
                issue
                    .as_object()
                    .unwrap()
                    .keys()
                    .map(String::as_str)
                    .collect::<BTreeSet<_>>(),
                BTreeSet::from([
                    "check_name",
                    "description",
                    "fingerprint",
                    "location",
                    "severity"
                ])
            );
        }
    }
    // The fingerprint leaves out the line: a finding that moves is the
    // same finding.
    let text = std::fs::read_to_string(common::root().join("tests/fixtures/cli/warning-only.yaml"))
        .unwrap();
    let fingerprints = |text: &str| {
        let run = Dpia::temp()
            .file("assessments/a.yaml", text)
            .run(&["check", "--format", "gitlab"]);
        let issues = json(&run);
        let mut lines_and_prints: Vec<(Value, Value)> = issues
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["location"]["lines"]["begin"].clone(),
                    i["fingerprint"].clone(),
                )
            })
            .collect();
        lines_and_prints.sort_by_key(|(_, f)| f.to_string());
        lines_and_prints
    };
    let before = fingerprints(&text);
    let after = fingerprints(&format!("# a comment above\n\n{text}"));
    assert!(!before.is_empty());
    assert_eq!(
        before.iter().map(|(_, f)| f).collect::<Vec<_>>(),
        after.iter().map(|(_, f)| f).collect::<Vec<_>>()
    );
    assert_ne!(before[0].0, after[0].0, "the lines moved");
}
