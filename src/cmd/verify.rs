//! `dpia verify [PATH...]`: each signed approval of each assessment
//! (`<id>.approvals.yaml`, written by `dpia sign`) checked against the
//! content as it is now: verified, signed for other content (the content
//! changed since), or a bad signature; and the sign-off roles no one has
//! signed. Exit 0 when every approval verifies, 1 when one does not, 2 on
//! input errors.

use std::path::Path;

use serde::Serialize;
use ssh_key::{HashAlg, PublicKey, SshSig};

use super::sign::{NAMESPACE, approvals_path};
use super::{ExitStatus, print, print_input_errors, print_json};
use crate::cli::{ScreenFormat, SignRole};
use crate::model::digest::{canonical, digest_of};
use crate::pipeline::{analyse, display_path};

/// What checking one approval found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The signature verifies over the current content.
    Verified,
    /// It was given for other content: the content changed since.
    OtherContent,
    /// The signature does not verify, or its key is not the one recorded.
    BadSignature,
}

/// One approval, checked.
#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    /// The sign-off role.
    pub role: String,
    /// Who signed, as recorded.
    pub name: String,
    /// The signer's principal.
    pub principal: String,
    /// When.
    pub date: String,
    /// The digest the approval records.
    pub digest: String,
    /// What checking found.
    pub status: Status,
}

/// One assessment's approvals.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The assessment's id.
    pub id: String,
    /// Its current digest.
    pub digest: String,
    /// Each approval recorded, checked.
    pub approvals: Vec<Checked>,
    /// The sign-off roles no approval covers.
    pub missing: Vec<&'static str>,
}

/// One approval as the file records it.
#[derive(Debug, serde::Deserialize)]
struct Recorded {
    role: String,
    name: String,
    principal: String,
    date: String,
    digest: String,
    key: String,
    signature: String,
}

#[derive(Debug, serde::Deserialize)]
struct File {
    approvals: Vec<Recorded>,
}

const ROLES: [SignRole; 6] = [
    SignRole::Measures,
    SignRole::ResidualRisks,
    SignRole::DpoAdvice,
    SignRole::DpoAdviceResponse,
    SignRole::ConsultationResponses,
    SignRole::KeptUnderReview,
];

/// Runs `dpia verify`.
#[must_use]
pub fn run(
    project: Option<&Path>,
    paths: &[std::path::PathBuf],
    format: ScreenFormat,
) -> ExitStatus {
    let Ok(cwd) = std::env::current_dir() else {
        eprintln!("error: cannot read the current folder");
        return ExitStatus::Error;
    };
    let run = analyse(project, paths, &cwd, crate::date::RunDate::decide(None));
    if !print_input_errors(&run).is_empty() {
        return ExitStatus::Error;
    }
    let Some(project) = &run.project else {
        return ExitStatus::Error;
    };
    let mut reports = Vec::new();
    for c in &run.assessments {
        let a = &c.model.assessment;
        let bytes = canonical(a);
        let digest = digest_of(&bytes);
        let path = approvals_path(&cwd.join(&c.path), &a.id);
        let shown = display_path(&path, &cwd);
        let recorded = match project
            .root_dir
            .read_to_string(&path, crate::source::MAX_FILE_BYTES)
        {
            Ok(text) => match parse(&text, &shown) {
                Ok(file) => file.approvals,
                Err(message) => {
                    eprintln!("error: {}", crate::escape::inline(&message));
                    return ExitStatus::Error;
                }
            },
            Err(crate::root::Refusal::Missing) => Vec::new(),
            Err(refusal) => {
                eprintln!(
                    "error: {} is not read: {}",
                    crate::escape::inline(&shown),
                    refusal.reason()
                );
                return ExitStatus::Error;
            }
        };
        let approvals: Vec<Checked> = recorded
            .into_iter()
            .map(|r| Checked {
                status: check(&r, &digest, &bytes),
                role: r.role,
                name: r.name,
                principal: r.principal,
                date: r.date,
                digest: r.digest,
            })
            .collect();
        let missing = ROLES
            .iter()
            .map(|r| r.id())
            .filter(|id| !approvals.iter().any(|a| a.role == *id))
            .collect();
        reports.push(Report {
            id: a.id.clone(),
            digest,
            approvals,
            missing,
        });
    }
    let void = reports
        .iter()
        .flat_map(|r| &r.approvals)
        .any(|a| a.status != Status::Verified);
    let printed = match format {
        ScreenFormat::Human => print(&human(&reports)),
        ScreenFormat::Json => {
            let mut json = serde_json::to_string_pretty(&reports).unwrap_or_default();
            json.push('\n');
            print_json(&json)
        }
    };
    match printed {
        ExitStatus::Success if void => ExitStatus::Failure,
        other => other,
    }
}

fn parse(text: &str, shown: &str) -> Result<File, String> {
    let file = crate::source::SourceFile::new(shown, text);
    let tree =
        crate::yaml::parse(&file, 0).map_err(|_| format!("{shown} is not YAML that dpia reads"))?;
    serde_json::from_value(tree.to_json())
        .map_err(|e| format!("{shown} is not an approvals file dpia wrote: {e}"))
}

/// Checks one approval against the current content.
fn check(r: &Recorded, digest: &str, bytes: &[u8]) -> Status {
    let Ok(sig) = SshSig::from_pem(r.signature.trim()) else {
        return Status::BadSignature;
    };
    let key = PublicKey::from(sig.public_key().clone());
    let key_matches = key.fingerprint(HashAlg::Sha256).to_string() == r.key;
    if sig.namespace() != NAMESPACE || !key_matches {
        return Status::BadSignature;
    }
    if key.verify(NAMESPACE, bytes, &sig).is_ok() {
        if r.digest == digest {
            Status::Verified
        } else {
            // Signed over these bytes but recording another digest: the
            // record was edited.
            Status::BadSignature
        }
    } else if r.digest == digest {
        Status::BadSignature
    } else {
        Status::OtherContent
    }
}

fn human(reports: &[Report]) -> String {
    let mut out = String::new();
    for r in reports {
        out.push_str(&format!("{} ({})\n", r.id, r.digest));
        for a in &r.approvals {
            let status = match a.status {
                Status::Verified => "verified",
                Status::OtherContent => "signed for other content: the content changed since",
                Status::BadSignature => "bad signature",
            };
            out.push_str(&format!(
                "  {}: {status} ({}, {}, {})\n",
                a.role, a.name, a.principal, a.date
            ));
        }
        if !r.missing.is_empty() {
            out.push_str(&format!("  not signed: {}\n", r.missing.join(", ")));
        }
    }
    out
}
