//! `dpia sign`: an approval of the current content, signed with an SSH key
//! as OpenSSH signs (SSHSIG, namespace `dpia`), kept beside the assessment
//! and verified here with the real `ssh-keygen -Y verify`.

use std::process::{Command, Stdio};

use crate::common::Dpia;

fn project() -> Dpia {
    let project = Dpia::clean_project("status: approved", "status: approved");
    let made = Command::new("ssh-keygen")
        .args([
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "sam@example.org",
            "-f",
        ])
        .arg(project.dir().join("key"))
        .status()
        .expect("ssh-keygen runs (openssh-client)");
    assert!(made.success());
    project
}

/// The approvals recorded beside the assessment, as JSON.
fn approvals(project: &Dpia) -> Vec<serde_json::Value> {
    let path = project.dir().join("assessments/clean.approvals.yaml");
    let file = dpia::source::SourceFile::new("a", std::fs::read_to_string(path).unwrap());
    let tree = dpia::yaml::parse(&file, 0).unwrap().to_json();
    tree["approvals"].as_array().unwrap().clone()
}

/// Whether OpenSSH verifies a signature over the current canonical bytes.
fn ssh_verifies(project: &Dpia, signature: &str) -> bool {
    let dir = project.dir();
    std::fs::write(dir.join("sig"), signature).unwrap();
    let public = std::fs::read_to_string(dir.join("key.pub")).unwrap();
    std::fs::write(dir.join("allowed"), format!("sam@example.org {public}")).unwrap();
    let bytes = project
        .command(&["digest", "--canonical", "assessments/clean.yaml"])
        .output()
        .unwrap()
        .stdout;
    let mut verify = Command::new("ssh-keygen")
        .args(["-Y", "verify", "-f"])
        .arg(dir.join("allowed"))
        .args(["-I", "sam@example.org", "-n", "dpia", "-s"])
        .arg(dir.join("sig"))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::io::Write::write_all(verify.stdin.as_mut().unwrap(), &bytes).unwrap();
    drop(verify.stdin.take());
    verify.wait().unwrap().success()
}

fn sign(project: &Dpia, role: &str) -> crate::common::Run {
    project.run(&[
        "sign",
        "assessments/clean.yaml",
        "--role",
        role,
        "--key",
        "key",
        "--name",
        "Sam Lee",
        "--date",
        "2024-02-01",
    ])
}

#[test]
fn a_signed_approval_verifies_with_openssh_and_binds_to_the_content() {
    let project = project();
    let run = sign(&project, "residual-risks");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let digest = project.run(&["digest", "assessments/clean.yaml"]).stdout;
    let recorded = approvals(&project);
    assert_eq!(recorded.len(), 1);
    let a = &recorded[0];
    assert_eq!(a["role"], "residual-risks");
    assert_eq!(a["name"], "Sam Lee");
    assert_eq!(a["principal"], "sam@example.org");
    assert_eq!(a["date"], "2024-02-01");
    assert_eq!(a["digest"], digest.trim());
    assert_eq!(a["form"], "dpia-assessment/1");
    assert!(a["key"].as_str().unwrap().starts_with("SHA256:"));
    let signature = a["signature"].as_str().unwrap().to_owned();
    assert!(ssh_verifies(&project, &signature), "OpenSSH rejects it");
    // The approvals file is not an assessment: check reads on as before.
    assert_eq!(project.run(&["check"]).code, 0);
    // A second role adds an approval and keeps the first.
    assert_eq!(sign(&project, "measures").code, 0);
    assert_eq!(approvals(&project).len(), 2);
    // Change what was approved: the signature no longer verifies.
    let file = project.dir().join("assessments/clean.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("period: 2 years", "period: 5 years")).unwrap();
    assert!(!ssh_verifies(&project, &signature), "a change must void it");
}

#[test]
fn a_key_that_cannot_sign_leaves_no_approval() {
    let project = project();
    std::fs::write(project.dir().join("not-a-key"), "hello").unwrap();
    let run = project.run(&[
        "sign",
        "assessments/clean.yaml",
        "--role",
        "measures",
        "--key",
        "not-a-key",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not an OpenSSH private key"),
        "{}",
        run.stderr
    );
    let bad_date = project.run(&[
        "sign",
        "assessments/clean.yaml",
        "--role",
        "measures",
        "--key",
        "key",
        "--date",
        "2024-02",
    ]);
    assert_eq!(bad_date.code, 2);
    assert!(
        !project
            .dir()
            .join("assessments/clean.approvals.yaml")
            .exists()
    );
}

#[test]
fn verify_tells_a_verified_approval_from_a_void_one_and_a_forged_one() {
    let project = project();
    assert_eq!(sign(&project, "residual-risks").code, 0);
    let ok = project.run(&["verify"]);
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    assert!(
        ok.stdout
            .contains("residual-risks: verified (Sam Lee, sam@example.org, 2024-02-01)")
    );
    assert!(ok.stdout.contains("not signed: measures, dpo-advice"));
    // The content changes: the approval is of other content.
    let file = project.dir().join("assessments/clean.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("period: 2 years", "period: 5 years")).unwrap();
    let void = project.run(&["verify", "--format", "json"]);
    assert_eq!(void.code, 1);
    let json: serde_json::Value = serde_json::from_str(&void.stdout).unwrap();
    assert_eq!(json[0]["approvals"][0]["status"], "other-content");
    let current = json[0]["digest"].as_str().unwrap().to_owned();
    // Someone edits the record to claim the new content: the signature
    // does not cover it.
    let approvals = project.dir().join("assessments/clean.approvals.yaml");
    let recorded = std::fs::read_to_string(&approvals).unwrap();
    let old = json[0]["approvals"][0]["digest"]
        .as_str()
        .unwrap()
        .to_owned();
    std::fs::write(&approvals, recorded.replace(&old, &current)).unwrap();
    let forged = project.run(&["verify"]);
    assert_eq!(forged.code, 1);
    assert!(
        forged.stdout.contains("residual-risks: bad signature"),
        "{}",
        forged.stdout
    );
}

#[cfg(unix)]
#[test]
fn an_approvals_file_linked_out_of_the_project_is_neither_read_nor_written() {
    let project = project();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "do not copy me\n").unwrap();
    let link = project.dir().join("assessments/clean.approvals.yaml");
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    // A link planted where the temporary file goes is not written through.
    let staged = project.dir().join("assessments/clean.approvals.yaml.tmp");
    std::os::unix::fs::symlink(outside.path().join("planted"), &staged).unwrap();
    let run = sign(&project, "measures");
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(
        std::fs::read_to_string(&secret).unwrap(),
        "do not copy me\n"
    );
    assert!(!outside.path().join("planted").exists());
    assert!(!run.stdout.contains("do not copy me") && !run.stderr.contains("do not copy me"));
}

#[cfg(unix)]
#[test]
fn a_link_planted_as_the_temporary_file_is_replaced_not_written_through() {
    let project = project();
    let outside = tempfile::tempdir().unwrap();
    let staged = project.dir().join("assessments/clean.approvals.yaml.tmp");
    std::os::unix::fs::symlink(outside.path().join("planted"), &staged).unwrap();
    let run = sign(&project, "measures");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!outside.path().join("planted").exists());
    assert_eq!(approvals(&project).len(), 1);
}
