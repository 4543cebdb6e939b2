//! `dpia matrix [ID] [--yaml]`: list the risk matrices, or show one as the
//! grid a DPO reads (as Camden's DPIA prints its matrix in annex B), with
//! every level.

use std::path::Path;

use super::{ExitStatus, print};
use crate::diagnostic::render_human;
use crate::model::matrix::{BUILT_IN, MatrixOrigin};
use crate::pipeline::open_project;
use crate::render::matrix::{as_matrix_file, list, show};
use crate::source::Sources;
use crate::suggest::suggest;

/// Runs `dpia matrix`.
#[must_use]
pub fn run(project: Option<&Path>, id: Option<&str>, yaml: bool) -> ExitStatus {
    let Ok(cwd) = std::env::current_dir() else {
        eprintln!("error: cannot read the current folder");
        return ExitStatus::Error;
    };
    let mut sources = Sources::new();
    let project = match open_project(project, &cwd, &mut sources) {
        Ok(p) => p,
        Err(problems) => {
            print(&render_human(&problems, &sources, false));
            return ExitStatus::Error;
        }
    };
    let Some(id) = id else {
        return print(&list(&project, &sources, &project.catalogue()));
    };
    let Some(matrix) = project.matrix(id) else {
        let mut message = format!("error: there is no risk matrix `{id}`");
        if let Some(s) = suggest(id, project.matrices.iter().map(|m| m.id())) {
            message.push_str(&format!("; did you mean `{s}`?"));
        }
        eprintln!(
            "{}\nhelp: `dpia matrix` lists them",
            crate::escape::inline(&message)
        );
        return ExitStatus::Error;
    };
    if yaml {
        return match &matrix.origin {
            MatrixOrigin::BuiltIn => BUILT_IN
                .iter()
                .find(|(name, _)| *name == id)
                .map_or(ExitStatus::Error, |(_, text)| {
                    print(&as_matrix_file(text, 0..text.len()))
                }),
            MatrixOrigin::File { file, span } => {
                print(&as_matrix_file(sources.get(*file).text(), span.clone()))
            }
        };
    }
    print(&show(matrix, &project.catalogue()))
}
