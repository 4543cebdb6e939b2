//! GitLab Code Quality: the subset of the Code Climate issue format GitLab
//! reads (a JSON array of issues), for a merge request's Code Quality
//! widget and its diff annotations. One issue per finding and input error;
//! written as it goes, an issue at a time.
//!
//! GitLab compares the issues of a merge request with those of its target
//! branch by `fingerprint`, so the fingerprint leaves out the line: a
//! finding that moves with an edit above it stays the same finding. It is
//! the SHA-256 (`sha256:<hex>`) of the code, the file, the message and how
//! many identical findings came before it in the run.

use std::collections::HashMap;
use std::io::Write;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{full_message, one_line};
use crate::diagnostic::{LocatedDiagnostic, Origin, Severity};
use crate::model::digest::digest_of;
use crate::pipeline::{Analysis, display_path};

/// One Code Quality issue.
#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// GitLab's severity of a diagnostic: an input error stops its file
/// (`blocker`), a rule's error fails the gate (`critical`), a warning is
/// `minor`, a note `info`.
fn severity(origin: Origin, severity: Severity) -> &'static str {
    match (origin, severity) {
        (Origin::Input, Severity::Error) => "blocker",
        (_, Severity::Error) => "critical",
        (_, Severity::Warning) => "minor",
        (_, Severity::Info) => "info",
    }
}

/// Writes the issues of a run as a JSON array, with a final newline.
/// Suppressed findings are left out (GitLab has no place for them; SARIF
/// and JSON list them with their reasons). A diagnostic with no file (a
/// folder that is missing) is placed on the project file.
///
/// # Errors
/// When `out` cannot be written to.
pub fn write(
    analysis: &Analysis,
    cwd: &std::path::Path,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let fallback = analysis
        .project
        .as_ref()
        .and_then(|p| p.own_files.first())
        .map_or_else(|| "dpia.yaml".to_owned(), |f| display_path(f, cwd));
    // How many identical findings came before, by the digest of what makes
    // them identical (at 10,000 assessments the texts themselves held 30 MB).
    let mut seen: HashMap<[u8; 32], usize> = HashMap::new();
    out.write_all(b"[")?;
    let mut first = true;
    for diagnostic in &analysis.diagnostics {
        let located = &LocatedDiagnostic::new(diagnostic, &analysis.sources);
        let path = located.file.clone().unwrap_or_else(|| fallback.clone());
        let description = one_line(&full_message(located));
        let mut identity = Vec::new();
        for part in [located.code, &path, &description] {
            identity.extend_from_slice(part.as_bytes());
            identity.push(0);
        }
        let count = seen.entry(Sha256::digest(&identity).into()).or_insert(0);
        identity.extend_from_slice(count.to_string().as_bytes());
        identity.push(0);
        *count += 1;
        let fingerprint = digest_of(&identity);
        let issue = Issue {
            description,
            check_name: located.code,
            fingerprint,
            severity: severity(located.origin, located.severity),
            location: Location {
                path,
                lines: Lines {
                    begin: located.line.unwrap_or(1),
                },
            },
        };
        out.write_all(if first { b"\n  " } else { b",\n  " })?;
        first = false;
        serde_json::to_writer(&mut *out, &issue)?;
    }
    out.write_all(if first { b"]\n" } else { b"\n]\n" })
}
