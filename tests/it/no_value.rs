//! "Not applicable", "unknown" and "not captured": the three kinds of no
//! value (`{not: applicable}`, `{not: known}`, `{not: captured}`), told
//! apart from a key left out. The fixture `tests/fixtures/no-value/` holds
//! each kind in each place the schema takes one; the tests read it back
//! from the reports and the findings.

use crate::common::{Dpia, html_text, pdftotext, root};

/// The CLI fixtures' project with the no-value assessment.
fn project() -> Dpia {
    let fixtures = root().join("tests/fixtures");
    Dpia::temp()
        .file(
            "dpia.yaml",
            &std::fs::read_to_string(fixtures.join("cli/dpia.yaml")).unwrap(),
        )
        .file(
            "assessments/kiosks.yaml",
            &std::fs::read_to_string(fixtures.join("no-value/kiosks.yaml")).unwrap(),
        )
}

#[test]
fn reports_say_which_kind_of_no_value_each_is() {
    let project = project();
    let run = project.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let raw = std::fs::read_to_string(project.dir().join("out/dpia/kiosks.html")).unwrap();
    // A recipient whose role is unknown is drawn as a plain recipient.
    assert!(raw.contains(">recipient</text>"), "{raw}");
    let html = html_text(&raw);
    let pdf = pdftotext(&project.dir().join("out/dpia/kiosks.pdf"));
    for shown in [
        // A signatory's name, redacted in the source.
        "name not captured in the source (redacted in the published copy), Chief Executive, 1 February 2024",
        // A whole row of the sign-off that does not apply.
        "Not applicable (The kiosks are withdrawn in 2025.)",
        // The response to the DPO's advice.
        "Accepted or overruled: unknown (The response box is empty.)",
        // Reasons for not consulting.
        "Not captured in the source (The reason column is blank in the scan.)",
        "Not applicable (The kiosks are not in schools.)",
        // A recipient's role, and an agreement's reference.
        "Role unknown (The source names the firm but not its role.)",
        "Data processing agreement: reference not captured in the source (redacted) (in force)",
        // Residual risks: the inherent rating stands, and the report says why.
        "residual not captured in the source (Page 14 of the source is cut off.): the inherent rating stands",
        "residual unknown: the inherent rating stands",
    ] {
        assert!(html.contains(shown), "HTML lacks {shown:?}\n{html}");
        assert!(pdf.contains(shown), "PDF lacks {shown:?}\n{pdf}");
    }
    // Where the author said why a residual is missing, the report does
    // not call it merely "no residual assessment".
    assert!(!html.contains("no residual assessment"), "{html}");
    let register = std::fs::read_to_string(project.dir().join("out/register.csv")).unwrap();
    assert!(
        register.contains(
            "Card printing firm (role unknown: The source names the firm but not its role.)"
        ),
        "{register}"
    );
    assert!(
        register.contains("Kiosk vendor: Data processing agreement: reference not captured in the source (redacted) (in force)"),
        "{register}"
    );
}

#[test]
fn unknown_and_not_captured_are_open_questions_and_not_applicable_is_allowed_where_the_law_allows()
{
    let run = project().run(&["check", "--format", "concise"]);
    let expected = [
        "assessments/kiosks.yaml:18:7: info[D003] open question: the reason for not consulting Library staff on `kiosks` is not captured in the source (Art 35(9))",
        "assessments/kiosks.yaml:32:5: info[C001] open question: the role of recipient `card-printer` is unknown: if it is a processor, Art 28(3) requires a contract, and none is recorded",
        "assessments/kiosks.yaml:56:5: info[R004] open question: risk `R1`'s residual risk is not captured in the source: the inherent rating stands until it is known",
        // The gate holds: an unknown residual is not a lower one.
        "assessments/kiosks.yaml:59:5: error[R001] risk `R2` remains High (the residual risk is unknown, so the inherent rating stands), which requires prior consultation with the ICO before processing; none is recorded",
        "assessments/kiosks.yaml:61:5: info[R004] open question: risk `R2`'s residual risk is unknown: the inherent rating stands until it is known",
        "assessments/kiosks.yaml:67:1: info[G001] open question: assessment `kiosks` is approved, but its sign-off does not name everyone who signed: `measures_approved_by.name` is not captured in the source",
        "assessments/kiosks.yaml:77:5: info[G003] open question: whether the DPO's advice on `kiosks` was accepted or overruled is unknown; if it was overruled, the reasons are needed",
        "",
        "assessments/kiosks.yaml  approved  2 risks  residual High  1 error, 0 warnings",
        "1 file checked; findings: 1 error, 0 warnings",
    ];
    assert_eq!(
        run.stdout.lines().collect::<Vec<_>>(),
        expected,
        "{}",
        run.stdout
    );
    // Open questions never fail a check, nor does a project's setting
    // make them errors.
    assert_eq!(run.code, 1);
    let strict = project()
        .file(
            "dpia.yaml",
            &format!(
                "{}rules: {{G001: error, G003: warning}}\n",
                std::fs::read_to_string(root().join("tests/fixtures/cli/dpia.yaml")).unwrap()
            ),
        )
        .run(&["check", "--format", "concise"]);
    assert!(
        strict.stdout.contains("info[G001] open question"),
        "{}",
        strict.stdout
    );
    assert!(
        strict.stdout.contains("info[G003] open question"),
        "{}",
        strict.stdout
    );
}

#[test]
fn not_applicable_is_refused_where_the_law_requires_the_row() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/no-value/kiosks.yaml")).unwrap();
    let text = text
        .replace(
            "  measures_approved_by:\n    name: {not: captured, note: redacted in the published copy}\n    role: Chief Executive\n    date: 2024-02-01\n",
            "  measures_approved_by: {not: applicable}\n",
        )
        .replace(
            "    provided_by: {name: Pat Jones, role: Data Protection Officer, date: 2024-01-25}\n",
            "    provided_by: {not: applicable, note: No DPO was asked.}\n",
        );
    let run = project()
        .file("assessments/kiosks.yaml", &text)
        .run(&["check", "--format", "concise"]);
    assert!(
        run.stdout.contains(
            "error[G001] assessment `kiosks` is approved but its sign-off lacks `measures_approved_by` (marked not applicable, but measures are recorded) and `dpo_advice.provided_by` (marked not applicable, but the controller has a DPO, whose advice Art 35(2) requires)"
        ),
        "{}",
        run.stdout
    );
    // Kept under review by: not applicable passes (Art 35(11) "where necessary").
    assert!(
        !run.stdout.contains("`kept_under_review_by`"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_no_value_is_checked_where_it_is_written() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/no-value/kiosks.yaml")).unwrap();
    let run = project()
        .file(
            "assessments/kiosks.yaml",
            &text
                .replace("residual: {not: known}", "residual: {not: unknown}")
                .replace(
                    "decision: {not: known, note: The response box is empty.}",
                    "decision: maybe",
                ),
        )
        .run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("error[E104]: `unknown` is not an allowed value for `risks[1].residual.not`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("expected `applicable`, `known` or `captured` (read: not applicable, not known, not captured)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("--> assessments/kiosks.yaml:61:21"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("error[E104]: `maybe` is not an allowed value for `sign_off.dpo_advice_response.decision`"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.matches("error[").count(), 2, "{}", run.stdout);
}
