//! `dpia init` and `dpia new`: write a project, or an assessment in one,
//! from the scaffolds ([`crate::render::scaffold`]); nothing is overwritten.

use std::fs;
use std::io::Write;
use std::path::{Component, Path};

use super::ExitStatus;
use crate::cli::{InitArgs, JurisdictionArg, NewArgs};
use crate::diagnostic::render_human;
use crate::law::Jurisdiction;
use crate::pipeline::{display_path, open_project};
use crate::render::scaffold;
use crate::schema::SchemaKind;
use crate::source::Sources;

/// Runs `dpia init`.
#[must_use]
pub fn init(args: &InitArgs) -> ExitStatus {
    let Ok(cwd) = std::env::current_dir() else {
        eprintln!("error: cannot read the current folder");
        return ExitStatus::Error;
    };
    let dir = cwd.join(args.dir.as_deref().unwrap_or(Path::new(".")));
    let org_id = scaffold::slug(&args.organisation);
    if org_id.is_empty() {
        eprintln!("error: the organisation name needs at least one letter or digit");
        return ExitStatus::Error;
    }
    let jurisdiction = match args.jurisdiction {
        JurisdictionArg::Uk => Jurisdiction::Uk,
        JurisdictionArg::Eu => Jurisdiction::Eu,
    };
    let project = scaffold::project_file(
        &args.organisation,
        &org_id,
        jurisdiction,
        args.public_authority,
    );
    let mut written = Vec::new();
    let steps: Vec<(std::path::PathBuf, Option<&str>)> = vec![
        (dir.join("dpia.yaml"), Some(project.as_str())),
        (dir.join("assessments"), None),
        (
            dir.join("schemas").join("assessment.schema.json"),
            Some(SchemaKind::Assessment.text()),
        ),
        (
            dir.join("schemas").join("project.schema.json"),
            Some(SchemaKind::Project.text()),
        ),
        (
            dir.join("schemas").join("matrix.schema.json"),
            Some(SchemaKind::Matrix.text()),
        ),
        (
            dir.join("schemas").join("approvals.schema.json"),
            Some(SchemaKind::Approvals.text()),
        ),
        (dir.join(".gitignore"), Some("/out\n")),
    ];
    if dir.join("dpia.yaml").exists() {
        eprintln!(
            "error: {} already exists; dpia init does not overwrite it",
            display_path(&dir.join("dpia.yaml"), &cwd)
        );
        return ExitStatus::Error;
    }
    for (path, contents) in steps {
        let result = match contents {
            None => fs::create_dir_all(&path),
            Some(_) if path.exists() => continue,
            Some(text) => path
                .parent()
                .map_or(Ok(()), fs::create_dir_all)
                .and_then(|()| write_new(&path, text)),
        };
        if let Err(e) = result {
            eprintln!("error: cannot write {}: {e}", display_path(&path, &cwd));
            return ExitStatus::Error;
        }
        written.push(display_path(&path, &cwd));
    }
    super::chatter!("created {}", written.join(", "));
    super::chatter!(
        "next: dpia new <id> --title \"...\" writes an assessment; dpia check checks them"
    );
    ExitStatus::Success
}

/// Runs `dpia new`.
#[must_use]
pub fn new(project: Option<&Path>, args: &NewArgs) -> ExitStatus {
    let Ok(cwd) = std::env::current_dir() else {
        eprintln!("error: cannot read the current folder");
        return ExitStatus::Error;
    };
    let valid_id = args
        .id
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && args
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        && args.id.len() <= 100;
    if !valid_id {
        eprintln!(
            "error: `{}` is not an identifier: use at most 100 letters, digits, '.', '_' or '-', starting with a letter or digit",
            crate::escape::inline(&args.id)
        );
        return ExitStatus::Error;
    }
    let mut sources = Sources::new();
    let project = match open_project(project, &cwd, &mut sources) {
        Ok(p) => p,
        Err(problems) => {
            print!("{}", render_human(&problems, &sources, false));
            return ExitStatus::Error;
        }
    };
    let dir = cwd.join(project.assessments_dir());
    let depth = dir.strip_prefix(cwd.join(&project.root)).map_or(1, |rel| {
        rel.components()
            .filter(|c| matches!(c, Component::Normal(_)))
            .count()
    });
    let schema = format!("{}schemas/assessment.schema.json", "../".repeat(depth));
    let title = args.title.clone().unwrap_or_else(|| args.id.clone());
    let today = crate::date::RunDate::decide(None).as_of;
    let jurisdiction = project.jurisdiction();
    let text = scaffold::assessment_file(&args.id, &title, today, &schema, jurisdiction);
    let path = dir.join(format!("{}.yaml", args.id));
    let result = fs::create_dir_all(&dir).and_then(|()| write_new(&path, &text));
    match result {
        Ok(()) => {
            let shown = display_path(&path, &cwd);
            super::chatter!("created {shown}");
            // The `$schema` line must lead somewhere: outside a project, or in
            // one made by hand, the schema it names is written (never over
            // a file that is there).
            let schema_file = cwd
                .join(&project.root)
                .join("schemas")
                .join("assessment.schema.json");
            if !schema_file.exists() {
                let written = schema_file
                    .parent()
                    .map_or(Ok(()), fs::create_dir_all)
                    .and_then(|()| write_new(&schema_file, SchemaKind::Assessment.text()));
                let schema_shown = display_path(&schema_file, &cwd);
                match written {
                    Ok(()) => super::chatter!(
                        "created {schema_shown}, the schema its `$schema` line names (editors read it)"
                    ),
                    Err(e) => eprintln!(
                        "warning: cannot write {schema_shown}, which its `$schema` line names: {}",
                        crate::escape::inline(&e.to_string())
                    ),
                }
            }
            super::chatter!(
                "next: describe the activity in it (the comments follow the ICO template's seven steps); dpia check {shown} says what is missing, at its line"
            );
            ExitStatus::Success
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!("error: {} already exists", display_path(&path, &cwd));
            ExitStatus::Error
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", display_path(&path, &cwd));
            ExitStatus::Error
        }
    }
}

/// Writes a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}
