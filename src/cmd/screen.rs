//! `dpia screen FILE...`: the screening analysis of each activity: which
//! criteria apply, which the content implies but the screening does not
//! tick, and the decision the criteria give, with its reasons.

use std::path::{Path, PathBuf};

use super::{ExitStatus, print, print_input_errors, print_json};
use crate::cli::ScreenFormat;
use crate::pipeline::{analyse, display_path};
use crate::present::screening::{ScreeningAnalysis, analyse_one};
use crate::render::screening::render;

/// Runs `dpia screen`.
#[must_use]
pub fn run(project: Option<&Path>, paths: &[PathBuf], format: ScreenFormat) -> ExitStatus {
    let Ok(cwd) = std::env::current_dir() else {
        eprintln!("error: cannot read the current folder");
        return ExitStatus::Error;
    };
    let run = analyse(project, paths, &cwd, crate::date::RunDate::decide(None));
    let input = print_input_errors(&run);
    let Some(project) = &run.project else {
        return ExitStatus::Error;
    };
    let policy = project.config.screening_policy();
    let words = project.catalogue();
    let analyses: Vec<ScreeningAnalysis> = run
        .assessments
        .iter()
        .map(|c| {
            let file = run.sources.get(c.model.file);
            analyse_one(
                &c.model.assessment,
                file,
                c.model.file,
                display_path(&c.path, &cwd),
                &policy,
            )
        })
        .collect();
    let status = match format {
        ScreenFormat::Human => print(
            &analyses
                .iter()
                .map(|a| render(a, &words))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        ScreenFormat::Json => {
            let mut json = serde_json::to_string_pretty(&analyses).unwrap_or_default();
            json.push('\n');
            print_json(&json)
        }
    };
    if input.is_empty() {
        status
    } else {
        ExitStatus::Error
    }
}
