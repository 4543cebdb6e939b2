//! `dpia sign`: an approval of the current content, signed with an SSH key
//! as OpenSSH signs (SSHSIG, namespace `dpia`), kept beside the assessment
//! and verified here with the real `ssh-keygen -Y verify`.

use std::process::{Command, Stdio};

use crate::common::Dpia;

fn project() -> Dpia {
    let project = Dpia::clean_project("status: approved", "status: approved");
    keygen(&project, "key", &["-t", "ed25519"], "");
    project
}

/// Makes a key pair `file` and `file.pub` in the project with ssh-keygen
/// (`kind`: `-t TYPE [-b BITS]`), protected by `passphrase` unless it is
/// empty, with the comment `sam@example.org`.
fn keygen(project: &Dpia, file: &str, kind: &[&str], passphrase: &str) {
    let made = Command::new("ssh-keygen")
        .arg("-q")
        .args(kind)
        .args(["-N", passphrase, "-C", "sam@example.org", "-f"])
        .arg(project.dir().join(file))
        .stdin(Stdio::null())
        .status()
        .expect("ssh-keygen runs (openssh-client)");
    assert!(made.success());
}

/// The approvals recorded beside the assessment, as JSON.
fn approvals(project: &Dpia) -> Vec<serde_json::Value> {
    let path = project.dir().join("assessments/clean.approvals.yaml");
    let file = dpia::source::SourceFile::new("a", std::fs::read_to_string(path).unwrap());
    let tree = dpia::yaml::parse(&file, 0).unwrap().to_json();
    tree["approvals"].as_array().unwrap().clone()
}

/// Makes a key pair as [`keygen`] does (unprotected) until ssh-key can
/// read the private key file (`readable`) or cannot. ssh-key 0.6 refuses an
/// ECDSA key whose secret has a leading zero byte: 1 in 256 P-256 or P-384
/// keys, half of all P-521 keys; dpia then sends its user to an agent.
fn keygen_until(project: &Dpia, file: &str, kind: &[&str], readable: bool) {
    let path = project.dir().join(file);
    for _ in 0..64 {
        keygen(project, file, kind, "");
        if ssh_key::PrivateKey::read_openssh_file(&path).is_ok() == readable {
            return;
        }
        std::fs::remove_file(&path).unwrap();
        std::fs::remove_file(path.with_extension("pub")).unwrap();
    }
    let wanted = if readable { "reads" } else { "refuses" };
    panic!("of 64 {kind:?} keys from ssh-keygen, none that ssh-key {wanted}");
}

/// Whether OpenSSH verifies a signature over the current canonical bytes.
fn ssh_verifies(project: &Dpia, signature: &str) -> bool {
    ssh_verifies_by(project, signature, "key.pub")
}

/// Whether OpenSSH verifies a signature over the current canonical bytes,
/// with the public key `public` as the allowed signer.
fn ssh_verifies_by(project: &Dpia, signature: &str, public: &str) -> bool {
    let dir = project.dir();
    std::fs::write(dir.join("sig"), signature).unwrap();
    let public = std::fs::read_to_string(dir.join(public)).unwrap();
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

/// A real `ssh-agent` on a socket of its own, killed when dropped (a
/// failing test leaves no agent behind).
struct Agent {
    child: std::process::Child,
    socket: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Agent {
    fn start() -> Agent {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("agent.sock");
        let child = Command::new("ssh-agent")
            .arg("-D")
            .arg("-a")
            .arg(&socket)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("ssh-agent runs (openssh-client)");
        let agent = Agent {
            child,
            socket,
            _dir: dir,
        };
        let started = std::time::Instant::now();
        while !agent.socket.exists() {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(10),
                "ssh-agent made no socket"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        agent
    }

    /// Loads a private key file into the agent, as `ssh-add FILE` does.
    fn add(&self, key: &std::path::Path) {
        let added = Command::new("ssh-add")
            .arg("-q")
            .arg(key)
            .env("SSH_AUTH_SOCK", &self.socket)
            .stdin(Stdio::null())
            .status()
            .expect("ssh-add runs (openssh-client)");
        assert!(added.success());
    }

    /// `SSH_AUTH_SOCK` naming this agent, for `Dpia::run_with_env`.
    fn env(&self) -> [(&'static str, &std::ffi::OsStr); 1] {
        [("SSH_AUTH_SOCK", self.socket.as_os_str())]
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sign_with(
    project: &Dpia,
    role: &str,
    key: &str,
    env: &[(&str, &std::ffi::OsStr)],
) -> crate::common::Run {
    project.run_with_env(
        &[
            "sign",
            "assessments/clean.yaml",
            "--role",
            role,
            "--key",
            key,
            "--date",
            "2024-02-01",
        ],
        env,
    )
}

/// The algorithm of a recorded signature, as OpenSSH names it.
fn algorithm(signature: &str) -> String {
    let sig = ssh_key::SshSig::from_pem(signature.trim()).unwrap();
    assert_eq!(sig.hash_alg(), ssh_key::HashAlg::Sha512);
    sig.algorithm().to_string()
}

#[test]
fn ecdsa_and_rsa_keys_sign_approvals_that_openssh_and_dpia_verify() {
    for (kind, algorithm_name) in [
        (&["-t", "ecdsa", "-b", "256"][..], "ecdsa-sha2-nistp256"),
        (&["-t", "ecdsa", "-b", "384"], "ecdsa-sha2-nistp384"),
        (&["-t", "ecdsa", "-b", "521"], "ecdsa-sha2-nistp521"),
        (&["-t", "rsa", "-b", "3072"], "rsa-sha2-512"),
    ] {
        let project = Dpia::clean_project("status: approved", "status: approved");
        keygen_until(&project, "key", kind, true);
        let run = sign_with(&project, "measures", "key", &[]);
        assert_eq!(run.code, 0, "{kind:?}: {}", run.stderr);
        let signature = approvals(&project)[0]["signature"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(algorithm(&signature), algorithm_name);
        assert!(
            ssh_verifies(&project, &signature),
            "{kind:?}: OpenSSH rejects it"
        );
        let verify = project.run(&["verify"]);
        assert_eq!(
            verify.code, 0,
            "{kind:?}: {}{}",
            verify.stdout, verify.stderr
        );
        assert!(
            verify.stdout.contains("measures: verified"),
            "{}",
            verify.stdout
        );
    }
}

#[test]
fn a_key_an_agent_holds_signs_through_its_public_half() {
    let project = project();
    let agent = Agent::start();
    // A key the agent does not hold: a clear error, and nothing written.
    let stranger = sign_with(&project, "measures", "key.pub", &agent.env());
    assert_eq!(stranger.code, 2, "{}", stranger.stdout);
    assert!(
        stranger
            .stderr
            .contains("does not hold the private half of `key.pub`"),
        "{}",
        stranger.stderr
    );
    let approvals_file = project.dir().join("assessments/clean.approvals.yaml");
    assert!(!approvals_file.exists());
    // A key protected by a passphrase is refused, with the way round it.
    keygen(&project, "locked", &["-t", "ed25519"], "secret");
    let locked = sign_with(&project, "measures", "locked", &agent.env());
    assert_eq!(locked.code, 2, "{}", locked.stdout);
    assert!(
        locked.stderr.contains("protected by a passphrase")
            && locked.stderr.contains("`ssh-add locked`")
            && locked.stderr.contains("`--key locked.pub`"),
        "{}",
        locked.stderr
    );
    assert!(!approvals_file.exists());
    // The agent holds it (loaded from an unprotected copy: ssh-add would
    // otherwise ask for the passphrase), and signs with its public half.
    std::fs::copy(project.dir().join("locked"), project.dir().join("unlocked")).unwrap();
    let unlocked = Command::new("ssh-keygen")
        .args(["-q", "-p", "-P", "secret", "-N", "", "-f"])
        .arg(project.dir().join("unlocked"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(unlocked.success());
    agent.add(&project.dir().join("unlocked"));
    let run = sign_with(&project, "measures", "locked.pub", &agent.env());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let recorded = approvals(&project);
    assert_eq!(recorded[0]["principal"], "sam@example.org");
    let signature = recorded[0]["signature"].as_str().unwrap().to_owned();
    assert_eq!(algorithm(&signature), "ssh-ed25519");
    assert!(
        ssh_verifies_by(&project, &signature, "locked.pub"),
        "OpenSSH rejects it"
    );
    // An RSA key in the agent signs rsa-sha2-512, as ssh-keygen -Y sign does.
    keygen(&project, "rsa", &["-t", "rsa", "-b", "3072"], "");
    agent.add(&project.dir().join("rsa"));
    let run = sign_with(&project, "residual-risks", "rsa.pub", &agent.env());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let signature = approvals(&project)[1]["signature"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(algorithm(&signature), "rsa-sha2-512");
    assert!(
        ssh_verifies_by(&project, &signature, "rsa.pub"),
        "OpenSSH rejects it"
    );
    // A P-521 key whose file ssh-key cannot read: dpia sends its user to
    // the agent, which signs with it.
    keygen_until(&project, "p521", &["-t", "ecdsa", "-b", "521"], false);
    let unread = sign_with(&project, "dpo-advice", "p521", &agent.env());
    assert_eq!(unread.code, 2, "{}", unread.stdout);
    assert!(
        unread.stderr.contains("is a private key dpia cannot read")
            && unread.stderr.contains("`--key p521.pub`"),
        "{}",
        unread.stderr
    );
    agent.add(&project.dir().join("p521"));
    let run = sign_with(&project, "dpo-advice", "p521.pub", &agent.env());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let signature = approvals(&project)[2]["signature"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(algorithm(&signature), "ecdsa-sha2-nistp521");
    assert!(
        ssh_verifies_by(&project, &signature, "p521.pub"),
        "OpenSSH rejects it"
    );
    let verify = project.run(&["verify"]);
    assert_eq!(verify.code, 0, "{}{}", verify.stdout, verify.stderr);
    for role in ["measures", "residual-risks", "dpo-advice"] {
        assert!(
            verify.stdout.contains(&format!("{role}: verified")),
            "{}",
            verify.stdout
        );
    }
}

#[test]
fn a_public_key_without_an_agent_is_refused_clearly() {
    let project = project();
    // No agent at all (the tests never pass the developer's on).
    let none = sign_with(&project, "measures", "key.pub", &[]);
    assert_eq!(none.code, 2, "{}", none.stdout);
    assert!(
        none.stderr.contains("`key.pub` is a public key")
            && none.stderr.contains("SSH_AUTH_SOCK is not set"),
        "{}",
        none.stderr
    );
    // An agent named that is not there.
    let gone = project.dir().join("no-agent.sock");
    let missing = sign_with(
        &project,
        "measures",
        "key.pub",
        &[("SSH_AUTH_SOCK", gone.as_os_str())],
    );
    assert_eq!(missing.code, 2, "{}", missing.stdout);
    assert!(
        missing.stderr.contains("cannot reach the ssh-agent"),
        "{}",
        missing.stderr
    );
    assert!(
        !project
            .dir()
            .join("assessments/clean.approvals.yaml")
            .exists()
    );
}
