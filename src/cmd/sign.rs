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
use crate::model::approvals::{Approval, ApprovalsFile, NAMESPACE, kept_text, statement};
use crate::model::digest::{CANONICAL_FORM, canonical, digest_of};
use crate::pipeline::analyse;

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
    let Some(project) = &run.project else {
        return ExitStatus::Error;
    };
    let role = args.role.as_str();
    if !project.signing.knows(role) {
        eprintln!(
            "error: `{}` is not a sign-off role of this project; the roles are {}",
            crate::escape::inline(role),
            project.signing.role_ids().join(", ")
        );
        return ExitStatus::Error;
    }
    let key = match Signer::open(&args.key) {
        Ok(key) => key,
        Err(message) => {
            eprintln!("error: {}", crate::escape::inline(&message));
            return ExitStatus::Error;
        }
    };
    let bytes = canonical(&checked.model.assessment);
    let digest = digest_of(&bytes);
    let comment = key.comment().trim();
    let principal = args.principal.clone().unwrap_or_else(|| comment.to_owned());
    if principal.is_empty() {
        eprintln!(
            "error: the key has no comment to name its signer: give `--principal` (as your allowed-signers file names you)"
        );
        return ExitStatus::Error;
    }
    let name = args.name.clone().unwrap_or_else(|| principal.clone());
    // An approval the project would not accept is not signed or written.
    if let Some(why) = project.signing.refusal(
        role,
        &principal,
        key.public_key().key_data(),
        &date.to_string(),
    ) {
        eprintln!(
            "error: this approval would not hold: {}; nothing was written",
            crate::escape::inline(&why)
        );
        return ExitStatus::Error;
    }
    let sign = |message: &[u8]| {
        key.sign(NAMESPACE, message)
            .and_then(|s| s.to_pem(LineEnding::LF).map_err(|e| e.to_string()))
            .map_err(|message| {
                eprintln!("error: {}", crate::escape::inline(&message));
                ExitStatus::Error
            })
    };
    let signature = match sign(&bytes) {
        Ok(pem) => pem,
        Err(status) => return status,
    };
    let principal_shown = principal.clone();
    let mut entry = Approval {
        role: role.to_owned(),
        name,
        principal,
        date: date.to_string(),
        digest: digest.clone(),
        form: CANONICAL_FORM.to_owned(),
        key: key.public_key().fingerprint(HashAlg::Sha256).to_string(),
        signature,
        statement_signature: String::new(),
    };
    // The second signature binds the record itself (role, signer, date),
    // which the signature over the content alone does not.
    entry.statement_signature = match sign(&statement(&entry)) {
        Ok(pem) => pem,
        Err(status) => return status,
    };
    let path = approvals_path(&cwd.join(&args.file), &checked.model.assessment.id);
    // The approvals file points editors at its schema as the assessment
    // beside it does.
    let schema_line = run
        .sources
        .get(checked.model.file)
        .text()
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# yaml-language-server: $schema="))
        .and_then(|target| target.trim().strip_suffix("assessment.schema.json"))
        .map(|dir| format!("# yaml-language-server: $schema={dir}approvals.schema.json\n"));
    match append(
        &project.root_dir,
        &path,
        entry,
        &bytes,
        schema_line.as_deref(),
    ) {
        Ok(()) if super::quiet() => ExitStatus::Success,
        Ok(()) => print(&format!(
            "signed {} of `{}` ({digest}) as {}: {}\n",
            crate::escape::inline(role),
            crate::escape::inline(&checked.model.assessment.id),
            crate::escape::inline(&principal_shown),
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
        .join(crate::model::approvals::file_name(id))
}

/// Adds an approval to the file (created when new), keeping the content
/// it approves under its digest; the whole file is written to a temporary
/// file and renamed into place, so the file on disk is always complete.
/// The existing file is read through the project root (a link out of the
/// project is refused, never read), and the temporary file is created new
/// (a link planted in its place is removed, never written through).
fn append(
    root: &crate::root::ProjectRoot,
    path: &Path,
    entry: Approval,
    content: &[u8],
    schema_line: Option<&str>,
) -> std::io::Result<()> {
    let mut file = match root.read_to_string(path, crate::source::MAX_FILE_BYTES) {
        // The run that loaded the assessment checked this file against its
        // schema: a failure here is a file changed since.
        Ok(text) => parse(&text).ok_or_else(|| {
            std::io::Error::other("the approvals file changed while dpia read it")
        })?,
        Err(crate::root::Refusal::Missing) => ApprovalsFile::default(),
        Err(refusal) => return Err(std::io::Error::other(refusal.reason())),
    };
    file.content
        .entry(entry.digest.clone())
        .or_insert_with(|| kept_text(content));
    file.approvals.push(entry);
    let text = format!("{}{}", schema_line.unwrap_or_default(), write(&file));
    let staged = path.with_extension("yaml.tmp");
    match std::fs::remove_file(&staged) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    {
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&staged)?;
        out.write_all(text.as_bytes())?;
        out.sync_all()?;
    }
    std::fs::rename(&staged, path)
}

fn parse(text: &str) -> Option<ApprovalsFile> {
    let file = crate::source::SourceFile::new("", text);
    let tree = crate::yaml::parse(&file, 0).ok()?;
    serde_json::from_value(tree.to_json()).ok()
}

/// The approvals file's text: each value a JSON string (valid YAML,
/// whatever it holds), the signature and the content kept as literal
/// blocks.
fn write(file: &ApprovalsFile) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let block = |text: &str, indent: &str| {
        let mut out = String::from("|\n");
        for line in text.lines() {
            out.push_str(indent);
            out.push_str(line);
            out.push('\n');
        }
        out
    };
    let mut text = format!(
        "# The signed approvals of this assessment's content, written by `dpia sign`:\n\
         # each an SSH signature (SSHSIG, namespace `{NAMESPACE}`) over the canonical\n\
         # content (`dpia digest --canonical`, form {CANONICAL_FORM}), which `content`\n\
         # keeps by digest. `dpia verify` checks them. Do not edit by hand.\n\
         approvals:\n"
    );
    for a in &file.approvals {
        text.push_str(&format!("  - role: {}\n", q(&a.role)));
        text.push_str(&format!("    name: {}\n", q(&a.name)));
        text.push_str(&format!("    principal: {}\n", q(&a.principal)));
        text.push_str(&format!("    date: {}\n", q(&a.date)));
        text.push_str(&format!("    digest: {}\n", q(&a.digest)));
        text.push_str(&format!("    form: {}\n", q(&a.form)));
        text.push_str(&format!("    key: {}\n", q(&a.key)));
        text.push_str(&format!("    signature: {}", block(&a.signature, "      ")));
        text.push_str(&format!(
            "    statement_signature: {}",
            block(&a.statement_signature, "      ")
        ));
    }
    if !file.content.is_empty() {
        text.push_str("content:\n");
        for (digest, kept) in &file.content {
            text.push_str(&format!("  {}: {}", q(digest), block(kept, "    ")));
        }
    }
    text
}
