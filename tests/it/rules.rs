//! One failing and one passing fixture per rule, under `tests/fixtures/rules/CODE/`.
//! The failing fixture must give the rule's finding (its rendered diagnostic
//! is a snapshot); the passing one must not. Every rule has both. Both are
//! checked against the CLI fixtures' project, except a failing fixture with
//! a `dpia.yaml` beside it (a rule about the project file), checked against
//! that.

use crate::common;

use std::path::{Path, PathBuf};

use dpia::diagnostic::render_human;
use dpia::pipeline::analyse;
use dpia::rules::RULES;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn findings(code: &str, file: &str) -> (Vec<&'static str>, String) {
    let path = PathBuf::from(format!("tests/fixtures/rules/{code}/{file}"));
    let own_project = PathBuf::from(format!("tests/fixtures/rules/{code}/dpia.yaml"));
    let project = if file == "fail.yaml" && root().join(&own_project).is_file() {
        own_project
    } else {
        PathBuf::from("tests/fixtures/cli/dpia.yaml")
    };
    let analysis = analyse(Some(&project), &[path], root(), common::as_of());
    assert!(
        !analysis.has_input_errors(),
        "{code}/{file} is not a valid assessment"
    );
    let own: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .cloned()
        .collect();
    (
        analysis.diagnostics.iter().map(|d| d.code).collect(),
        render_human(&own, &analysis.sources, false),
    )
}

#[test]
fn every_rule_has_a_failing_and_a_passing_fixture() {
    for rule in RULES {
        let code = rule.meta().code;
        for file in ["fail.yaml", "pass.yaml"] {
            assert!(
                root()
                    .join("tests/fixtures/rules")
                    .join(code)
                    .join(file)
                    .is_file(),
                "tests/fixtures/rules/{code}/{file} is missing"
            );
        }
    }
}

#[test]
fn failing_fixtures_give_their_finding() {
    for rule in RULES {
        let code = rule.meta().code;
        let (codes, rendered) = findings(code, "fail.yaml");
        assert!(codes.contains(&code), "{code}/fail.yaml gave {codes:?}");
        insta::assert_snapshot!(format!("{code}-fail"), rendered);
    }
}

#[test]
fn passing_fixtures_do_not() {
    for rule in RULES {
        let code = rule.meta().code;
        let (codes, _) = findings(code, "pass.yaml");
        assert!(!codes.contains(&code), "{code}/pass.yaml gave {codes:?}");
    }
}

#[test]
fn controller_and_processor_details_are_checked_once_per_organisation() {
    let project = Path::new("tests/fixtures/rules/A001/project/dpia.yaml");
    let paths = [
        PathBuf::from("tests/fixtures/rules/A001/project/allotments.yaml"),
        PathBuf::from("tests/fixtures/rules/A001/project/payroll-service.yaml"),
    ];
    let analysis = analyse(Some(project), &paths, root(), common::as_of());
    assert!(!analysis.has_input_errors());
    let own: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.code == "A001")
        .cloned()
        .collect();
    let rendered = render_human(&own, &analysis.sources, false);
    // Two activities, one finding each about the organisation's details.
    assert_eq!(
        rendered.matches("has no contact details for").count(),
        1,
        "{rendered}"
    );
    assert_eq!(
        rendered.matches("names no data protection officer").count(),
        1
    );
    insta::assert_snapshot!("A001-organisation-and-processor", rendered);
}

#[test]
fn a_project_sets_severities_and_an_assessment_suppresses_with_a_reason() {
    let analysis = analyse(
        Some(Path::new("tests/fixtures/settings/dpia.yaml")),
        &[PathBuf::from("tests/fixtures/settings/assessments")],
        root(),
        common::as_of(),
    );
    assert!(!analysis.has_input_errors());
    // The findings of the rules the settings name (the other rules have
    // their say on the file too, but are not what this test is about).
    let codes: Vec<(&str, dpia::diagnostic::Severity)> = analysis
        .diagnostics
        .iter()
        .filter(|d| ["A002", "C001", "C002"].contains(&d.code))
        .map(|d| (d.code, d.severity))
        .collect();
    // C002 is off; A002 (no security measures) is raised to an error; C001
    // is suppressed by the assessment.
    assert_eq!(codes, [("A002", dpia::diagnostic::Severity::Error)]);
    assert_eq!(analysis.suppressed.len(), 1);
    let suppressed = &analysis.suppressed[0];
    assert_eq!(suppressed.diagnostic.code, "C001");
    assert!(
        suppressed
            .reason
            .starts_with("The provider's standard terms")
    );
}
