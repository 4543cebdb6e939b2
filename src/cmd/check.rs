//! `dpia check`: load, validate, score and check assessments.

use std::path::Path;

use super::ExitStatus;
use crate::cli::CheckArgs;
use crate::diagnostic::{render_human, Diagnostic};
use crate::load::{parse, read_source};
use crate::schema::{validate, SchemaKind};
use crate::source::Sources;

/// Runs `dpia check`.
#[must_use]
pub fn run(_project: Option<&Path>, args: &CheckArgs) -> ExitStatus {
    let mut sources = Sources::new();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    for path in &args.paths {
        let display = path.display().to_string();
        match read_source(path, &display) {
            Err(d) => diagnostics.push(d),
            Ok(file) => {
                let id = sources.add(file);
                match parse(sources.get(id), id) {
                    Err(ds) => diagnostics.extend(ds),
                    Ok(root) => diagnostics.extend(validate(SchemaKind::Assessment, &root, &root.to_json(), id)),
                }
            }
        }
    }
    print!("{}", render_human(&diagnostics, &sources, false));
    if diagnostics.is_empty() { ExitStatus::Success } else { ExitStatus::Error }
}
