//! `dpia sign FILE --role ROLE --key KEY`: an approval of the assessment's
//! current content for one sign-off role, signed with an SSH key as
//! OpenSSH signs (SSHSIG, `ssh-keygen -Y sign`, namespace `dpia`) over the
//! canonical bytes ([`crate::model::digest`]), and kept beside the file in
//! `<id>.approvals.yaml`: the author's YAML is never rewritten.
//!
//! The key is the user's own file, named on the command line: it is read
//! where it is (outside the project, as `~/.ssh` is), never a file the
//! repository names. It is a private key file, or a public key whose
//! private half an ssh-agent holds ([`super::ssh::Signer`]).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use ssh_key::{HashAlg, LineEnding};

use super::ssh::Signer;
use super::{ExitStatus, print, print_input_errors};
use crate::cli::SignArgs;
use crate::model::digest::{CANONICAL_FORM, canonical, digest_of};
use crate::pipeline::analyse;

/// The SSHSIG namespace of dpia's approvals.
pub const NAMESPACE: &str = "dpia";

/// Runs `dpia sign`: exit 0 when the approval is written, 2 otherwise.
#[must_use]
pub fn run(project: Option<&Path>, args: &SignArgs) -> ExitStatus {
    let Ok(cwd) = std::env::current_dir() else {
        eprintln!("error: cannot read the current folder");
        return ExitStatus::Error;
    };
    let date = match args.date.as_deref() {
        None => crate::date::today(),
        Some(text) => {
            let Some(d) = crate::date::PartialDate::parse(text).filter(|d| d.day.is_some()) else {
                eprintln!(
                    "error: `--date {}` is not a day (YYYY-MM-DD)",
                    crate::escape::inline(text)
                );
                return ExitStatus::Error;
            };
            d
        }
    };
    let run = analyse(
        project,
        std::slice::from_ref(&args.file),
        &cwd,
        crate::date::RunDate::decide(None),
    );
    if !print_input_errors(&run).is_empty() {
        return ExitStatus::Error;
    }
    let [checked] = run.assessments.as_slice() else {
        eprintln!("error: `dpia sign` takes one assessment file");
        return ExitStatus::Error;
    };
    let key = match Signer::open(&args.key) {
        Ok(key) => key,
        Err(message) => {
            eprintln!("error: {}", crate::escape::inline(&message));
            return ExitStatus::Error;
        }
    };
    let bytes = canonical(&checked.model.assessment);
    let digest = digest_of(&bytes);
    let signature = match key
        .sign(NAMESPACE, &bytes)
        .and_then(|s| s.to_pem(LineEnding::LF).map_err(|e| e.to_string()))
    {
        Ok(pem) => pem,
        Err(message) => {
            eprintln!("error: {}", crate::escape::inline(&message));
            return ExitStatus::Error;
        }
    };
    let comment = key.comment().trim();
    let principal = args.principal.clone().unwrap_or_else(|| comment.to_owned());
    if principal.is_empty() {
        eprintln!(
            "error: the key has no comment to name its signer: give `--principal` (as your allowed-signers file names you)"
        );
        return ExitStatus::Error;
    }
    let name = args.name.clone().unwrap_or_else(|| principal.clone());
    let entry = Entry {
        role: args.role.id(),
        name: &name,
        principal: &principal,
        date: &date.to_string(),
        digest: &digest,
        key: &key.public_key().fingerprint(HashAlg::Sha256).to_string(),
        signature: &signature,
    };
    let path = approvals_path(&cwd.join(&args.file), &checked.model.assessment.id);
    let Some(project) = &run.project else {
        return ExitStatus::Error;
    };
    match append(&project.root_dir, &path, &entry) {
        Ok(()) => print(&format!(
            "signed {} of `{}` ({digest}) as {}: {}\n",
            args.role.id(),
            checked.model.assessment.id,
            principal,
            crate::pipeline::display_path(&path, &cwd)
        )),
        Err(e) => {
            eprintln!(
                "error: cannot write {}: {e}; nothing was changed",
                crate::pipeline::display_path(&path, &cwd)
            );
            ExitStatus::Error
        }
    }
}

/// Where an assessment's approvals are kept: `<id>.approvals.yaml` in its
/// folder.
#[must_use]
pub fn approvals_path(file: &Path, id: &str) -> PathBuf {
    file.parent()
        .unwrap_or(Path::new("."))
        .join(format!("{id}.approvals.yaml"))
}

/// One approval, as the file records it.
struct Entry<'a> {
    role: &'a str,
    name: &'a str,
    principal: &'a str,
    date: &'a str,
    digest: &'a str,
    key: &'a str,
    signature: &'a str,
}

/// Adds an approval to the file (created with its header when new),
/// written whole to a temporary file and renamed into place, so the file
/// on disk is always complete. The existing file is read through the
/// project root (a link out of the project is refused, never read), and
/// the temporary file is created new (a link planted in its place is
/// removed, never written through).
fn append(root: &crate::root::ProjectRoot, path: &Path, entry: &Entry<'_>) -> std::io::Result<()> {
    let mut text = match root.read_to_string(path, crate::source::MAX_FILE_BYTES) {
        Ok(text) => text,
        Err(crate::root::Refusal::Missing) => format!(
            "# Approvals of this assessment's content, written by `dpia sign`: each an SSH\n\
             # signature (SSHSIG, namespace `{NAMESPACE}`) over the canonical content\n\
             # (`dpia digest --canonical`, form {CANONICAL_FORM}). Do not edit by hand.\n\
             approvals:\n"
        ),
        Err(refusal) => return Err(std::io::Error::other(refusal.reason())),
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    // Text values as JSON strings: valid YAML, whatever they hold.
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    text.push_str(&format!("  - role: {}\n", q(entry.role)));
    text.push_str(&format!("    name: {}\n", q(entry.name)));
    text.push_str(&format!("    principal: {}\n", q(entry.principal)));
    text.push_str(&format!("    date: {}\n", q(entry.date)));
    text.push_str(&format!("    digest: {}\n", q(entry.digest)));
    text.push_str(&format!("    form: {}\n", q(CANONICAL_FORM)));
    text.push_str(&format!("    key: {}\n", q(entry.key)));
    text.push_str("    signature: |\n");
    for line in entry.signature.lines() {
        text.push_str(&format!("      {line}\n"));
    }
    let staged = path.with_extension("yaml.tmp");
    match std::fs::remove_file(&staged) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&staged)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
    }
    std::fs::rename(&staged, path)
}
