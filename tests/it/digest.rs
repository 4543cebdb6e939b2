//! `dpia digest`: the digest of an assessment's content, what an approval
//! binds to. Formatting, comments, key order and anchors do not change it;
//! recording an approval does not; changing what is approved does. The
//! canonical bytes recompute it with standard tools.

use std::process::{Command, Stdio};

use crate::common::{Dpia, root};

fn clean() -> String {
    std::fs::read_to_string(root().join("tests/fixtures/cli/clean.yaml")).unwrap()
}

fn digest_of(project: &Dpia) -> String {
    let run = project.run(&["digest", "assessments/clean.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let d = run.stdout.trim().to_owned();
    assert!(d.starts_with("sha256:") && d.len() == 71, "{d}");
    d
}

fn with(text: &str) -> Dpia {
    Dpia::clean_project("status: approved", "status: approved").file("assessments/clean.yaml", text)
}

#[test]
fn formatting_comments_key_order_and_anchors_do_not_change_the_digest() {
    let original = digest_of(&with(&clean()));
    // Comments, a reordered mapping, block style for a flow mapping, and
    // an anchor used for a repeated value.
    let reworded = clean()
        .replace(
            "id: clean\ntitle: Library self-service kiosks\n",
            "# A comment the digest ignores.\ntitle: Library self-service kiosks   # and another\nid: clean\n",
        )
        .replace(
            "  measures_approved_by: {name: Sam Lee, role: Head of Libraries, date: 2024-02-01}\n  residual_risks_approved_by: {name: Sam Lee, role: Head of Libraries, date: 2024-02-01}",
            "  measures_approved_by: &sam\n    date: 2024-02-01\n    role: Head of Libraries\n    name: Sam Lee\n  residual_risks_approved_by: *sam",
        );
    assert_ne!(reworded, clean());
    assert_eq!(digest_of(&with(&reworded)), original);
}

#[test]
fn recording_an_approval_does_not_change_it_changing_what_is_approved_does() {
    let draft = clean()
        .replace("status: approved", "status: draft")
        .replace(
            "  measures_approved_by: {name: Sam Lee, role: Head of Libraries, date: 2024-02-01}\n",
            "",
        );
    let approved = digest_of(&with(&clean()));
    assert_eq!(
        digest_of(&with(&draft)),
        approved,
        "status and sign-off rows are not content"
    );
    let changed = clean().replace(
        "residual: {likelihood: remote, severity: significant}",
        "residual: {likelihood: possible, severity: significant}",
    );
    assert_ne!(
        digest_of(&with(&changed)),
        approved,
        "a re-rated risk is new content"
    );
}

#[test]
fn the_canonical_bytes_recompute_the_digest_with_sha256sum() {
    let project = with(&clean());
    let digest = digest_of(&project);
    let bytes = project
        .command(&["digest", "--canonical", "assessments/clean.yaml"])
        .output()
        .unwrap()
        .stdout;
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.starts_with(r#"{"assessment":{"#), "{text}");
    assert!(text.ends_with(r#""canonical":"dpia-assessment/1"}"#));
    assert!(
        !text.contains("Sam Lee"),
        "the approvals are not part of it"
    );
    let mut sha = Command::new("sha256sum")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("sha256sum (coreutils)");
    std::io::Write::write_all(sha.stdin.as_mut().unwrap(), &bytes).unwrap();
    let out = String::from_utf8(sha.wait_with_output().unwrap().stdout).unwrap();
    assert_eq!(format!("sha256:{}", &out[..64]), digest);
}

#[test]
fn a_file_that_is_not_valid_input_has_no_digest() {
    let project = with(&clean().replace("title:", "titel:"));
    let run = project.run(&["digest", "assessments/clean.yaml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("E101"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn the_report_shows_the_digest_on_its_cover_its_sign_off_and_every_pdf_page() {
    let project = with(&clean());
    let digest = digest_of(&project);
    let short = &digest[..7 + 12];
    let run = project.run(&["build"]);
    assert!(run.code <= 1, "{}", run.stderr);
    let out = project.dir().join("out/dpia");
    let html = std::fs::read_to_string(out.join("clean.html")).unwrap();
    assert!(html.matches(&digest).count() >= 2, "cover and sign-off");
    assert!(html.contains(&format!("<code>{short}</code>")), "footer");
    let pdf = crate::common::pdftotext(&out.join("clean.pdf"));
    assert!(pdf.matches(&digest).count() >= 2, "cover and sign-off");
    let pages = crate::common::pages(&out.join("clean.pdf"));
    // Every page's footer, besides the full digest on the cover and the
    // sign-off page (whose prefix is the short form too).
    assert!(
        pdf.matches(short).count() >= pages + 2,
        "{} short digests on {pages} pages",
        pdf.matches(short).count()
    );
}
