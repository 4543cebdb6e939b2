//! One failing and one passing fixture per rule, under `tests/fixtures/rules/CODE/`.
//! The failing fixture must give the rule's finding (its rendered diagnostic
//! is a snapshot); the passing one must not. Every rule has both. Both are
//! checked against the CLI fixtures' project, except a failing fixture with
//! a `dpia.yaml` beside it (a rule about the project file), checked against
//! that.

use crate::common::{self, root};

use std::path::{Path, PathBuf};

use dpia::diagnostic::render_human;
use dpia::pipeline::analyse;
use dpia::rules::RULES;

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

/// Checks one rule's fixtures: the failing one gives the rule's finding
/// (its rendered diagnostic is a snapshot), the passing one does not.
fn check_rule(code: &str) {
    let (codes, rendered) = findings(code, "fail.yaml");
    assert!(codes.contains(&code), "{code}/fail.yaml gave {codes:?}");
    insta::assert_snapshot!(format!("{code}-fail"), rendered);
    let (codes, _) = findings(code, "pass.yaml");
    assert!(!codes.contains(&code), "{code}/pass.yaml gave {codes:?}");
}

/// One test per rule, named by its code, so that every rule's result shows
/// on its own and one failure does not hide the rest.
macro_rules! rule_tests {
    ($($code:ident),* $(,)?) => {
        $(
            #[test]
            #[allow(non_snake_case)]
            fn $code() {
                check_rule(stringify!($code));
            }
        )*

        /// The codes the tests above cover, in the order of `RULES`.
        const TESTED: &[&str] = &[$(stringify!($code)),*];
    };
}

rule_tests!(
    R001, R002, R003, R004, R005, R006, R007, R008, R009, R010, R011, L001, L002, L003, L004, L005,
    L006, L007, L008, L009, P001, P002, G001, G002, G003, G004, G005, G006, G007, G008, G009, G010,
    G011, D001, D002, D003, D004, S001, S002, S003, S004, S005, A001, A002, C001, C002, C003, C004,
    C005, T001, T002, T003, T004, T005,
);

#[test]
fn every_rule_of_the_table_has_its_own_test() {
    let table: Vec<&str> = RULES.iter().map(|r| r.meta().code).collect();
    assert_eq!(TESTED, table.as_slice(), "add the new rule to rule_tests!");
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
fn g002_flags_a_submitted_dpia_whose_sign_off_page_is_unfilled() {
    // In review, with a reviewer and a review date but no approval and no
    // DPO advice: the page is unfilled where it matters.
    let (codes, rendered) = findings("G002", "fail-in-review.yaml");
    assert!(codes.contains(&"G002"), "{codes:?}");
    assert!(
        rendered.contains("is in-review but its sign-off records no approval and no DPO advice"),
        "{rendered}"
    );
}

#[test]
fn s004_an_explicit_no_the_content_contradicts_is_reported_at_the_answer() {
    // Dutch: "vulnerable data subjects" answered `false` with the note
    // "Nee." while the data subjects include children and vulnerable
    // families.
    let (codes, rendered) = findings("S004", "fail-nee.yaml");
    assert_eq!(
        codes.iter().filter(|c| **c == "S004").count(),
        1,
        "{codes:?}\n{rendered}"
    );
    assert!(
        rendered.contains(
            "the screening answers WP248 `vulnerable_data_subjects` (7 data concerning vulnerable data subjects) `false` with a note that gives no reason, but the content says otherwise: data subjects `kinderen` are children and `kwetsbare-gezinnen` are vulnerable people"
        ),
        "{rendered}"
    );
    // Located at the answer (`applies: false`, line 12), with the note and
    // both groups of data subjects labelled.
    assert!(
        rendered.contains("tests/fixtures/rules/S004/fail-nee.yaml:12:16"),
        "{rendered}"
    );
    for label in [
        "answered `false`",
        "no reason given",
        "which implies it",
        "and this",
    ] {
        assert!(rendered.contains(label), "no `{label}` in {rendered}");
    }
    // The large-scale answer's note gives a reason after "Niet van
    // toepassing": it is the author's judgement, and nothing implies the
    // criterion anyway.
    assert!(!rendered.contains("large_scale"), "{rendered}");
}

#[test]
fn s004_a_false_with_a_reason_is_the_authors_judgement() {
    let (codes, rendered) = findings("S004", "pass-reden.yaml");
    assert!(!codes.contains(&"S004"), "{codes:?}\n{rendered}");
}

/// A DPIA with six processors and sub-processors, none checked: C004 is a
/// note, once for each processor the controller engages, kept out of the
/// DPIA report's Annex A and counted on the dashboard; a project that
/// raises it sees it in the annex.
#[test]
fn c004_is_a_note_per_processor_for_the_record_and_the_dashboard() {
    let dir = tempfile::tempdir().unwrap();
    let project = |rules: &str| {
        format!(
            "name: Health app\njurisdiction: eu\norganisations:\n  - {{id: hse, name: Health Service Executive, email: dpo@example.ie, dpo: {{name: DPO, email: dpo@example.ie}}}}\n{rules}"
        )
    };
    std::fs::write(dir.path().join("dpia.yaml"), project("")).unwrap();
    std::fs::write(
        dir.path().join("app.yaml"),
        "id: tracker\ntitle: Contact tracing app\nstatus: in-review\nrisks:\n  - {id: r1, title: Re-identification, description: A user is identified from their keys.}\nrecipients:\n  - {id: nearform, name: App developer, kind: processor}\n  - {id: aws, name: Cloud hosting, kind: sub-processor, processor: nearform}\n  - {id: twilio, name: Text messages, kind: sub-processor, processor: nearform}\n  - {id: pager, name: Call centre, kind: processor}\n  - {id: analytics, name: Usage statistics, kind: sub-processor, processor: pager}\n  - {id: backup, name: Backup service, kind: sub-processor, processor: pager}\n",
    )
    .unwrap();
    let run = |dir: &Path| {
        analyse(
            Some(&dir.join("dpia.yaml")),
            &[dir.join("app.yaml")],
            dir,
            common::as_of(),
        )
    };
    let analysis = run(dir.path());
    assert!(!analysis.has_input_errors(), "{:?}", analysis.diagnostics);
    let c004: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.code == "C004")
        .collect();
    // Once per processor engaged by the controller; the sub-processors are
    // their processors' to check.
    let messages: Vec<&str> = c004.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "processor `nearform` has no compliance check recorded",
            "processor `pager` has no compliance check recorded"
        ]
    );
    assert!(
        c004.iter()
            .all(|d| d.severity == dpia::diagnostic::Severity::Info)
    );
    let checked = &analysis.assessments[0];
    let project_model = analysis.project.as_ref().unwrap();
    let report = dpia::present::report::build_context(checked, project_model, &analysis);
    assert!(
        report.findings.iter().all(|f| f.code != "C004"),
        "a note is not in Annex A"
    );
    let dashboard = dpia::present::dashboard::build_dashboard(&analysis, "register.html");
    let total = dashboard
        .totals
        .iter()
        .find(|t| t.label == "Processors not checked in twelve months")
        .unwrap();
    assert_eq!(total.value, 2);

    // Raised by the project, it is a warning the DPIA's annex lists.
    std::fs::write(
        dir.path().join("dpia.yaml"),
        project("rules: {C004: warning}\n"),
    )
    .unwrap();
    let analysis = run(dir.path());
    let checked = &analysis.assessments[0];
    let report = dpia::present::report::build_context(
        checked,
        analysis.project.as_ref().unwrap(),
        &analysis,
    );
    let rows: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code == "C004")
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|f| f.severity == "warning"));
}

/// The codes and messages of an analysis of a fixture project.
fn analyse_project(dir: &Path) -> dpia::pipeline::Analysis {
    let analysis = analyse(
        Some(&dir.join("dpia.yaml")),
        &[dir.join("assessments")],
        root(),
        common::as_of(),
    );
    assert!(!analysis.has_input_errors(), "{:?}", analysis.diagnostics);
    analysis
}

/// Findings about transfers (T rules, and A001's recipient in a third
/// country with no transfer), as `file: CODE message`.
fn transfer_findings(analysis: &dpia::pipeline::Analysis) -> Vec<String> {
    analysis
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with('T') || d.message.contains("third country"))
        .map(|d| {
            let file = analysis.sources.get(d.file_id().unwrap()).name();
            let file = file.rsplit('/').next().unwrap_or(file);
            format!("{file}: {} {}", d.code, d.message)
        })
        .collect()
}

/// The third countries the register lists for an activity.
fn register_third_countries(analysis: &dpia::pipeline::Analysis, id: &str) -> Vec<String> {
    let project = analysis.project.as_ref().unwrap();
    let register =
        dpia::present::register::build_register(&analysis.assessments, project, common::as_of());
    let column = register
        .controller
        .columns
        .iter()
        .position(|c| c.key == dpia::model::policy::Field::ThirdCountries)
        .unwrap();
    let row = register
        .controller
        .rows
        .iter()
        .find(|r| r.id == id)
        .unwrap();
    row.cells[column].items.clone()
}

#[test]
fn transfers_are_judged_from_the_controllers_country() {
    // A Canadian organisation (`country: CA`, UK law by default): its
    // Canadian processor, sub-processor and controller are domestic, even
    // with a `transfers:` entry written out of habit; its US survey
    // platform is a third country.
    let canada = root().join("tests/fixtures/home/canada");
    let analysis = analyse_project(&canada);
    assert_eq!(
        transfer_findings(&analysis),
        [
            "survey.yaml: A001 recipient `survey-tool` is in a third country (US) but the record of `patient-survey` has no transfer to it (Art 30(1)(e))"
        ]
    );
    assert!(register_third_countries(&analysis, "immunisation-registry").is_empty());
    assert_eq!(
        register_third_countries(&analysis, "patient-survey"),
        ["United States (US)"]
    );
    let project = analysis.project.as_ref().unwrap();
    let registry = analysis
        .assessments
        .iter()
        .find(|c| c.model.assessment.id == "immunisation-registry")
        .unwrap();
    let mut report = dpia::present::report::build_context(registry, project, &analysis);
    assert!(report.inventory.recipients.iter().all(|r| !r.third_country));
    assert!(report.inventory.transfers.iter().all(|t| !t.third_country));
    // Nor does the data flow diagram draw the flow to the Canadian host as
    // a transfer.
    dpia::render::figures::draw_figures(&mut report, registry);
    let diagram = report.figures.data_flow.as_deref().unwrap();
    assert!(!diagram.contains("transfer"), "{diagram}");

    // Without the country, only the law's area is home, as before: every
    // Canadian recipient is a transfer.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("assessments")).unwrap();
    for name in ["registry.yaml", "survey.yaml"] {
        std::fs::copy(
            canada.join("assessments").join(name),
            dir.path().join("assessments").join(name),
        )
        .unwrap();
    }
    let text = std::fs::read_to_string(canada.join("dpia.yaml")).unwrap();
    std::fs::write(
        dir.path().join("dpia.yaml"),
        text.replace("    country: CA\n", ""),
    )
    .unwrap();
    let analysis = analyse_project(dir.path());
    let registry = analysis
        .assessments
        .iter()
        .find(|c| c.model.assessment.id == "immunisation-registry")
        .unwrap();
    let mut report = dpia::present::report::build_context(
        registry,
        analysis.project.as_ref().unwrap(),
        &analysis,
    );
    dpia::render::figures::draw_figures(&mut report, registry);
    assert!(
        report
            .figures
            .data_flow
            .as_deref()
            .unwrap()
            .contains("transfer outside the UK and the EEA")
    );
    let codes: Vec<String> = transfer_findings(&analysis)
        .iter()
        .map(|f| f.split(' ').take(2).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        codes,
        [
            "registry.yaml: A001",
            "registry.yaml: A001",
            "registry.yaml: T001",
            "survey.yaml: A001"
        ]
    );

    // A UK organisation that states its country: the UK is home, and a US
    // recipient is still a transfer.
    let analysis = analyse_project(&root().join("tests/fixtures/home/uk"));
    assert_eq!(
        transfer_findings(&analysis),
        [
            "mailing.yaml: T001 transfer `to-mailer` to United States (US) does not say it relies on adequacy, which there covers only some recipients, and has no Art 46 safeguard or Art 49 derogation"
        ]
    );
    assert_eq!(
        register_third_countries(&analysis, "newsletter"),
        ["United States (US)"]
    );
    let report = dpia::present::report::build_context(
        &analysis.assessments[0],
        analysis.project.as_ref().unwrap(),
        &analysis,
    );
    let marks: Vec<(&str, bool)> = report
        .inventory
        .recipients
        .iter()
        .map(|r| (r.id.as_str(), r.third_country))
        .collect();
    assert_eq!(marks, [("printer", false), ("mailer", true)]);
}

#[test]
fn a_suppression_covers_only_its_own_files_findings() {
    // The same project as above, whose file lacks the controller's contact
    // details and DPO (A001 on dpia.yaml); one assessment suppresses A001
    // for itself.
    let dir = tempfile::tempdir().unwrap();
    let from = root().join("tests/fixtures/rules/A001/project");
    for name in ["dpia.yaml", "allotments.yaml", "payroll-service.yaml"] {
        std::fs::copy(from.join(name), dir.path().join(name)).unwrap();
    }
    let allotments = dir.path().join("allotments.yaml");
    let text = std::fs::read_to_string(&allotments).unwrap();
    std::fs::write(
        &allotments,
        text + "suppress:\n  - rule: A001\n    reason: the tenancy record is kept by the parish\n",
    )
    .unwrap();
    let analysis = analyse(
        Some(&dir.path().join("dpia.yaml")),
        std::slice::from_ref(&allotments),
        dir.path(),
        common::as_of(),
    );
    assert!(!analysis.has_input_errors());
    let project_file = (0..analysis.sources.len())
        .find(|&i| analysis.sources.get(i).name().ends_with("dpia.yaml"))
        .unwrap();
    // The project file's A001 findings stay, with no reason attached.
    assert!(
        analysis
            .diagnostics
            .iter()
            .any(|d| d.code == "A001" && d.file_id() == Some(project_file)),
        "the project file's A001 findings were suppressed"
    );
    for s in &analysis.suppressed {
        assert_ne!(s.diagnostic.file_id(), Some(project_file), "{s:?}");
    }
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

/// The pages of `docs/rules/`: one per rule and per input-error code, the
/// text `dpia explain` prints, and an index. `DPIA_UPDATE_DOCS=1` rewrites
/// them.
fn rule_pages() -> Vec<(String, String)> {
    let mut index = String::from(
        "# Rules and input errors\n\n\
         Generated from dpia's source (`DPIA_UPDATE_DOCS=1 cargo test --test it docs`): each \
         page is what `dpia explain <code>` prints, and SARIF logs link to it.\n\n\
         ## Compliance rules\n\n\
         | code | name | default severity | reference |\n|---|---|---|---|\n",
    );
    let mut pages = Vec::new();
    for rule in RULES {
        let meta = rule.meta();
        index.push_str(&format!(
            "| [{0}]({0}.md) | {1} | {2} | {3} |\n",
            meta.code,
            meta.name,
            meta.severity.as_str(),
            meta.reference
        ));
        pages.push((format!("{}.md", meta.code), meta.page()));
    }
    index.push_str(
        "\n## Input errors\n\nAn input error stops its file: `dpia check` exits with 2.\n\n\
         | code | what is wrong |\n|---|---|\n",
    );
    for error in dpia::codes::INPUT_ERRORS {
        index.push_str(&format!(
            "| [{0}]({0}.md) | {1} |\n",
            error.code, error.summary
        ));
        pages.push((format!("{}.md", error.code), error.documentation()));
    }
    pages.push(("README.md".to_owned(), index));
    pages
}

#[test]
fn docs_hold_a_page_per_rule_and_input_error_as_explain_prints_it() {
    let dir = root().join("docs/rules");
    let pages = rule_pages();
    if std::env::var_os("DPIA_UPDATE_DOCS").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in &pages {
            std::fs::write(dir.join(name), text).unwrap();
        }
    }
    let mut present: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    present.sort();
    let mut expected: Vec<String> = pages.iter().map(|(name, _)| name.clone()).collect();
    expected.sort();
    assert_eq!(
        present, expected,
        "docs/rules is out of date; run DPIA_UPDATE_DOCS=1 cargo test --test it docs"
    );
    for (name, text) in &pages {
        let written = std::fs::read_to_string(dir.join(name)).unwrap();
        assert!(
            &written == text,
            "docs/rules/{name} is out of date; run DPIA_UPDATE_DOCS=1 cargo test --test it docs"
        );
    }
    // What `dpia explain` prints, byte for byte.
    for code in ["R001", "E101"] {
        let run = common::Dpia::at(root()).run(&["explain", code]);
        let page = std::fs::read_to_string(dir.join(format!("{code}.md"))).unwrap();
        assert_eq!(run.stdout, page, "{code}");
    }
}
