//! `dpia schema <kind>`: print an embedded JSON Schema.

use std::io::Write;

use super::ExitStatus;
use crate::cli::SchemaArg;
use crate::schema::SchemaKind;

/// Prints the schema of one file kind to standard output.
#[must_use]
pub fn run(kind: SchemaArg) -> ExitStatus {
    let kind = match kind {
        SchemaArg::Assessment => SchemaKind::Assessment,
        SchemaArg::Project => SchemaKind::Project,
        SchemaArg::Matrix => SchemaKind::Matrix,
        SchemaArg::Approvals => SchemaKind::Approvals,
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(kind.text().as_bytes()) {
        Ok(()) => ExitStatus::Success,
        Err(_) => ExitStatus::Error,
    }
}
