//! Signed approvals in a project: who may sign which role (the
//! allowed-signers file and each role's principals), the approvals file's
//! schema, the rules that make a void or forged approval visible (G009,
//! G010, G011), and the report's sign-off page. The test keys are under
//! `tests/keys/` (see its README): they belong to no one.

use crate::common::{Dpia, root};

const ASSESSMENT: &str = "assessments/clean.yaml";
const APPROVALS: &str = "assessments/clean.approvals.yaml";

/// A project whose residual risks only the SIRO may approve and whose DPO
/// advice only the DPO may give, with the test keys' allowed-signers file,
/// a role of its own, and signed approvals required of `approved`.
fn project() -> Dpia {
    let keys = root().join("tests/keys");
    let project = Dpia::clean_project("status: approved", "status: approved");
    let settings = "approvals:\n  allowed_signers: keys/allowed_signers\n  required: [residual-risks]\n  roles:\n    residual-risks: {principals: [siro@example.org]}\n    dpo-advice: {principals: [dpo@example.org]}\n    caldicott-guardian: {title: Caldicott Guardian approval, principals: [\"*@example.org\", \"!intern@example.org\"]}\n";
    let config = std::fs::read_to_string(project.dir().join("dpia.yaml")).unwrap();
    let mut project = project.file("dpia.yaml", &format!("{config}{settings}"));
    for name in ["allowed_signers", "siro", "dpo", "intern"] {
        project = project.file(
            &format!("keys/{name}"),
            &std::fs::read_to_string(keys.join(name)).unwrap(),
        );
    }
    project
}

fn sign(project: &Dpia, role: &str, key: &str) -> crate::common::Run {
    project.run(&[
        "sign",
        ASSESSMENT,
        "--role",
        role,
        "--key",
        &format!("keys/{key}"),
        "--date",
        "2026-11-02",
    ])
}

fn edit(project: &Dpia, path: &str, from: &str, to: &str) {
    let file = project.dir().join(path);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(from), "{path} has no `{from}`");
    std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
}

fn codes(project: &Dpia) -> Vec<String> {
    let run = project.run(&["check", "--format", "json"]);
    run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}

/// The status of each approval `dpia verify --format json` lists.
fn statuses(project: &Dpia) -> Vec<String> {
    let run = project.run(&["verify", "--format", "json"]);
    run.json()[0]["approvals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn only_the_signers_a_role_allows_can_sign_it() {
    let project = project();
    // The intern's key is in no allowed-signers line.
    let intern = sign(&project, "residual-risks", "intern");
    assert_eq!(intern.code, 2, "{}", intern.stdout);
    assert!(
        intern.stderr.contains("does not list this key"),
        "{}",
        intern.stderr
    );
    // The DPO's key is listed, but residual risks are the SIRO's.
    let dpo = sign(&project, "residual-risks", "dpo");
    assert_eq!(dpo.code, 2);
    assert!(
        dpo.stderr
            .contains("`dpo@example.org` may not sign `residual-risks`"),
        "{}",
        dpo.stderr
    );
    // A role the project does not define.
    let unknown = sign(&project, "chief-executive", "siro");
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("caldicott-guardian"),
        "{}",
        unknown.stderr
    );
    assert!(!project.dir().join(APPROVALS).exists());
    // The SIRO signs the residual risks, anyone at example.org but the
    // intern the project's own role.
    assert_eq!(sign(&project, "residual-risks", "siro").code, 0);
    assert_eq!(sign(&project, "caldicott-guardian", "dpo").code, 0);
    let verify = project.run(&["verify"]);
    assert_eq!(verify.code, 0, "{}{}", verify.stdout, verify.stderr);
    assert!(
        verify
            .stdout
            .contains("caldicott-guardian: verified (dpo@example.org"),
        "{}",
        verify.stdout
    );
}

#[test]
fn a_signature_by_a_signer_the_project_does_not_allow_is_caught() {
    // Signed where nothing restricts who signs, then brought into the
    // project that allows only the SIRO.
    let open = Dpia::clean_project("status: approved", "status: approved").file(
        "keys/intern",
        &std::fs::read_to_string(root().join("tests/keys/intern")).unwrap(),
    );
    assert_eq!(sign(&open, "residual-risks", "intern").code, 0);
    let project = project();
    std::fs::copy(open.dir().join(APPROVALS), project.dir().join(APPROVALS)).unwrap();
    assert_eq!(statuses(&project), ["not-allowed"]);
    let verify = project.run(&["verify"]);
    assert_eq!(verify.code, 1);
    assert!(
        verify
            .stdout
            .contains("signer not allowed for the role: the allowed-signers file does not list this key for `intern@example.org`"),
        "{}",
        verify.stdout
    );
    let check = project.run(&["check"]);
    assert_eq!(check.code, 1);
    assert!(check.stdout.contains("error[G010]"), "{}", check.stdout);
    assert!(
        check.stdout.contains("clean.approvals.yaml:"),
        "located in the approvals file: {}",
        check.stdout
    );
}

#[test]
fn an_edited_record_does_not_verify() {
    let project = project();
    assert_eq!(sign(&project, "residual-risks", "siro").code, 0);
    let original = std::fs::read_to_string(project.dir().join(APPROVALS)).unwrap();
    // Each part of the record is signed: the name, the date, the role.
    for (from, to) in [
        ("name: \"siro@example.org\"", "name: \"Someone Else\""),
        ("date: \"2026-11-02\"", "date: \"2026-10-01\""),
        ("role: \"residual-risks\"", "role: \"caldicott-guardian\""),
    ] {
        std::fs::write(project.dir().join(APPROVALS), &original).unwrap();
        edit(&project, APPROVALS, from, to);
        assert_eq!(statuses(&project), ["bad-signature"], "after {to}");
        assert!(codes(&project).contains(&"G010".to_owned()));
    }
}

#[test]
fn formatting_keeps_an_approval_and_a_change_voids_it_until_signed_again() {
    let project = project();
    assert_eq!(sign(&project, "residual-risks", "siro").code, 0);
    // Comments, key order and layout are not content.
    edit(
        &project,
        ASSESSMENT,
        "retention: {period: 2 years, trigger: the member's last loan, schedule: \"LIB-03\"}",
        "# reviewed with the records manager\nretention:\n  schedule: LIB-03\n  trigger: the member's last loan\n  period: 2 years",
    );
    assert_eq!(statuses(&project), ["verified"]);
    assert!(
        !codes(&project)
            .iter()
            .any(|c| c.starts_with("G01") || c == "G009")
    );
    // A change of content voids it: G009, an error while `approved`...
    edit(&project, ASSESSMENT, "period: 2 years", "period: 5 years");
    assert_eq!(statuses(&project), ["other-content"]);
    let check = project.run(&["check"]);
    assert!(check.stdout.contains("error[G009]"), "{}", check.stdout);
    assert!(
        check.stdout.contains("the `residual-risks` approval by siro@example.org (siro@example.org, 2026-11-02) is void"),
        "{}",
        check.stdout
    );
    assert!(check.stdout.contains("error[G011]"), "{}", check.stdout);
    // ...a warning otherwise.
    edit(
        &project,
        ASSESSMENT,
        "status: approved",
        "status: in-review",
    );
    let check = project.run(&["check"]);
    assert!(check.stdout.contains("warning[G009]"), "{}", check.stdout);
    edit(
        &project,
        ASSESSMENT,
        "status: in-review",
        "status: approved",
    );
    // Signed again for the content as it is now: the old approval is
    // history, and nothing fails.
    assert_eq!(sign(&project, "residual-risks", "siro").code, 0);
    let verify = project.run(&["verify"]);
    assert_eq!(verify.code, 0, "{}", verify.stdout);
    assert!(
        verify
            .stdout
            .contains("(superseded: the role was signed again since)")
    );
    let found = codes(&project);
    assert!(
        !found
            .iter()
            .any(|c| ["G009", "G010", "G011"].contains(&c.as_str())),
        "{found:?}"
    );
}

#[test]
fn approved_needs_the_signed_approvals_the_project_requires() {
    let project = project();
    let check = project.run(&["check"]);
    assert!(
        check.stdout.contains(
            "error[G011]: `clean` is approved, but the project requires a signed approval of `residual-risks` that verifies: none is signed"
        ),
        "{}",
        check.stdout
    );
    // Neither the assessment nor the project may silence it.
    edit(
        &project,
        ASSESSMENT,
        "status: approved",
        "status: approved\nsuppress:\n  - {rule: G011, reason: signed on paper in the meeting}",
    );
    let refused = project.run(&["check"]);
    assert_eq!(refused.code, 2);
    assert!(refused.stdout.contains("E214") || refused.stderr.contains("E214"));
}

#[test]
fn a_broken_approvals_file_or_signers_file_is_a_located_input_error() {
    let project = project();
    assert_eq!(sign(&project, "residual-risks", "siro").code, 0);
    edit(
        &project,
        APPROVALS,
        "  - role:",
        "  - signed_on_paper: true\n    role:",
    );
    let run = project.run(&["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.all().contains("clean.approvals.yaml:7:"),
        "{}",
        run.all()
    );
    assert!(run.all().contains("signed_on_paper"), "{}", run.all());
    // The project's allowed-signers file, line by line.
    let project = project_with_signers("siro@example.org ssh-ed25519 AAAAnotakey\n");
    let run = project.run(&["check"]);
    assert_eq!(run.code, 2);
    assert!(run.all().contains("error[E240]"), "{}", run.all());
    assert!(
        run.all().contains("keys/allowed_signers:1:"),
        "{}",
        run.all()
    );
    // A required role that does not exist.
    let project = project_with_signers("");
    edit(
        &project,
        "dpia.yaml",
        "required: [residual-risks]",
        "required: [residual-risk]",
    );
    let run = project.run(&["check"]);
    assert_eq!(run.code, 2);
    assert!(run.all().contains("error[E241]"), "{}", run.all());
    assert!(
        run.all().contains("did you mean `residual-risks`?"),
        "{}",
        run.all()
    );
}

fn project_with_signers(text: &str) -> Dpia {
    let project = project();
    std::fs::write(project.dir().join("keys/allowed_signers"), text).unwrap();
    project
}

#[test]
fn an_allowed_signers_file_outside_the_project_is_not_read() {
    let project = project();
    edit(
        &project,
        "dpia.yaml",
        "allowed_signers: keys/allowed_signers",
        "allowed_signers: ../../../../etc/passwd",
    );
    let run = project.run(&["check"]);
    assert_eq!(run.code, 2);
    assert!(run.all().contains("E013"), "{}", run.all());
    assert!(!run.all().contains("root:"), "{}", run.all());
}

#[test]
fn the_sign_off_page_shows_each_approval_and_a_void_approval_marks_every_page() {
    let project = project();
    assert_eq!(sign(&project, "residual-risks", "siro").code, 0);
    let build = project.run(&["build", "--format", "html"]);
    assert_eq!(build.code, 0, "{}", build.all());
    let html = std::fs::read_to_string(project.dir().join("out/dpia/clean.html")).unwrap();
    let text = crate::common::html_text(&html);
    assert!(text.contains("Signed approvals"), "{text}");
    assert!(
        text.contains("Verified: siro@example.org, 2026-11-02"),
        "{text}"
    );
    assert!(text.contains("Not signed: recorded by hand only"), "{text}");
    assert!(text.contains("Caldicott Guardian approval"), "{text}");
    assert!(!html.contains("APPROVAL VOID"));
    let dashboard = std::fs::read_to_string(project.dir().join("out/index.html")).unwrap();
    assert!(dashboard.contains(
        "<li><span class=\"value\">0</span> Approvals void since the content changed</li>"
    ));
    // The content changes: the page says so, and every page is marked.
    edit(&project, ASSESSMENT, "period: 2 years", "period: 5 years");
    let build = project.run(&["build"]);
    assert!(build.code <= 1, "{}", build.all());
    let html = std::fs::read_to_string(project.dir().join("out/dpia/clean.html")).unwrap();
    let text = crate::common::html_text(&html);
    assert!(text.contains("Void: the content changed since"), "{text}");
    assert!(html.contains("<div class=\"watermark\" aria-hidden=\"true\">APPROVAL VOID</div>"));
    assert!(text.contains("treat it as not approved"), "{text}");
    let pdf = project.dir().join("out/dpia/clean.pdf");
    let pages = crate::common::pages(&pdf);
    let pdf_text = crate::common::pdftotext(&pdf);
    assert!(
        pdf_text.contains("Void: the content changed since"),
        "{pdf_text}"
    );
    let dashboard = std::fs::read_to_string(project.dir().join("out/index.html")).unwrap();
    assert!(
        dashboard.contains("<li class=\"alert\"><span class=\"value\">1</span> Approvals void since the content changed"),
        "{dashboard}"
    );
    let headers = pdf_text.matches("Approved, approval void").count();
    assert_eq!(
        headers,
        pages - 1,
        "every page after the cover says so in its header"
    );
}

#[test]
fn the_readme_shows_the_signed_sign_off_of_the_bundled_example_as_the_report_does() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("<!-- signed-sign-off: opcc-casework-system -->")
        .expect("the README shows the signed sign-off");
    let end = start + readme[start..].find("<!-- /signed-sign-off -->").unwrap();
    let cells: Vec<String> = readme[start..end]
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Item |") && !l.starts_with("| Role |"))
        .flat_map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .flat_map(|cell| {
            cell.split("<br>")
                .map(|c| c.trim().to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(cells.len() > 20, "{cells:?}");
    let project = [
        "opcc-casework-system.yaml",
        "opcc-casework-system.approvals.yaml",
    ]
    .iter()
    .fold(Dpia::temp(), |p, name| {
        let text = std::fs::read_to_string(root().join("assessments").join(name)).unwrap();
        p.file(&format!("assessments/{name}"), &text)
    });
    crate::common::write_examples_project(project.dir());
    let run = project.run(&["build", "--format", "html", ASSESSMENT_OPCC]);
    assert!(run.code <= 1, "{}", run.all());
    let html =
        std::fs::read_to_string(project.dir().join("out/dpia/opcc-casework-system.html")).unwrap();
    let step7 = &html[html.find("<section id=\"step-7\"").unwrap()..];
    let text = crate::common::html_text(&step7[..step7.find("</section>").unwrap()]);
    for cell in cells {
        assert!(
            text.contains(&cell),
            "the report's step 7 lacks `{cell}`:\n{text}"
        );
    }
}

const ASSESSMENT_OPCC: &str = "assessments/opcc-casework-system.yaml";

#[test]
fn the_changes_since_an_approval_are_named_by_diff_check_and_verify() {
    let project = project();
    let none = project.run(&["diff", "--since-approval", ASSESSMENT]);
    assert_eq!(none.code, 2, "no approval to compare with");
    assert!(
        none.stderr.contains("has no signed approval"),
        "{}",
        none.stderr
    );
    assert_eq!(sign(&project, "residual-risks", "siro").code, 0);
    let same = project.run(&["diff", "--since-approval", ASSESSMENT]);
    assert_eq!(same.code, 0, "{}{}", same.stdout, same.stderr);
    assert!(same.stdout.contains("no changes"), "{}", same.stdout);
    edit(&project, ASSESSMENT, "period: 2 years", "period: 5 years");
    let changed = project.run(&["diff", "--since-approval", ASSESSMENT, "--format", "json"]);
    assert_eq!(changed.code, 1, "{}", changed.stderr);
    let json = changed.json();
    let summaries: Vec<&str> = json["assessments"][0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["summary"].as_str().unwrap())
        .collect();
    assert_eq!(summaries, ["retention period: `2 years` -> `5 years`"]);
    // The status is an approval, not content: not compared with an
    // approved version, which does not know it.
    edit(
        &project,
        ASSESSMENT,
        "status: approved",
        "status: in-review",
    );
    let run = project.run(&["diff", "--since-approval", ASSESSMENT]);
    assert!(!run.stdout.contains("status:"), "{}", run.stdout);
    edit(
        &project,
        ASSESSMENT,
        "status: in-review",
        "status: approved",
    );
    // The rule and verify name the same change.
    let check = project.run(&["check"]);
    assert!(
        check.stdout.contains(
            "is void: the content changed since: retention period: `2 years` -> `5 years`"
        ),
        "{}",
        check.stdout
    );
    let verify = project.run(&["verify"]);
    assert!(
        verify
            .stdout
            .contains("changed since: retention period: `2 years` -> `5 years`"),
        "{}",
        verify.stdout
    );
    // A record edited to claim other content is not trusted for a diff.
    edit(
        &project,
        APPROVALS,
        "date: \"2026-11-02\"",
        "date: \"2026-11-01\"",
    );
    let forged = project.run(&["diff", "--since-approval", ASSESSMENT]);
    assert_eq!(forged.code, 2);
    assert!(
        forged.stderr.contains("its content is not trusted"),
        "{}",
        forged.stderr
    );
}

#[test]
fn an_approval_copied_to_another_file_does_not_approve_it() {
    let project = project();
    assert_eq!(sign(&project, "residual-risks", "siro").code, 0);
    // Another activity, its approvals file a copy of this one's.
    let text = std::fs::read_to_string(project.dir().join(ASSESSMENT)).unwrap();
    let approvals = std::fs::read_to_string(project.dir().join(APPROVALS)).unwrap();
    let project = project
        .file(
            "assessments/kiosk-copy.yaml",
            &text.replacen("id: clean", "id: kiosk-copy", 1),
        )
        .file("assessments/kiosk-copy.approvals.yaml", &approvals);
    let run = project.run(&["verify", "--format", "json", "assessments/kiosk-copy.yaml"]);
    assert_eq!(run.code, 1);
    let approval = &run.json()[0]["approvals"][0];
    assert_eq!(approval["status"], "other-content");
    assert_eq!(
        approval["changed"][0],
        "changed: `/id`: `clean` -> `kiosk-copy`"
    );
    let check = project.run(&["check", "assessments/kiosk-copy.yaml"]);
    assert!(check.stdout.contains("error[G009]"), "{}", check.stdout);
    assert!(check.stdout.contains("error[G011]"), "{}", check.stdout);
}
