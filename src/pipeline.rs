//! The driver: runs the stages in order for a project and its assessments.
//!
//! ```text
//! load_project -> for each assessment file (in parallel):
//!     read -> parse -> validate -> deserialise -> resolve -> score -> rules
//! ```
//!
//! Each stage returns its output or the diagnostics that stop the file; the
//! next stage runs only on a clean result. Nothing here prints.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::date::PartialDate;
use crate::diagnostic::{self, Diagnostic, Origin, Severity};
use crate::load::{parse, read_source};
use crate::model::assessment::Assessment;
use crate::model::project::{Project, find_project_file, load_project};
use crate::model::resolve::{Model, resolve};
use crate::model::{Document, deserialize};
use crate::rules;
use crate::schema::{SchemaKind, validate};
use crate::scoring::{ScoredAssessment, score_assessment};
use crate::source::{FileId, SourceFile, Sources};

/// One assessment that passed every input check, with its findings.
#[derive(Debug)]
pub struct Checked {
    /// Its resolved model.
    pub model: Model,
    /// Its ratings.
    pub scored: ScoredAssessment,
    /// The path it was read from.
    pub path: PathBuf,
    /// Where its `id` is written, to name it in messages about the portfolio.
    pub id_span: std::ops::Range<usize>,
}

/// Everything a run learnt.
#[derive(Debug, Default)]
pub struct Analysis {
    /// Every file read, for rendering diagnostics.
    pub sources: Sources,
    /// The project, when it loaded.
    pub project: Option<Project>,
    /// The assessments that passed the input checks, in input order.
    pub assessments: Vec<Checked>,
    /// Input errors and findings, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Findings the assessments suppress, with their reasons, in the same
    /// order. They count for nothing but are always listed.
    pub suppressed: Vec<rules::Suppressed>,
    /// Number of assessment files looked at.
    pub files: usize,
}

impl Analysis {
    /// Whether any input error was found (exit code 2).
    #[must_use]
    pub fn has_input_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.origin == Origin::Input)
    }

    /// Number of diagnostics of a severity.
    #[must_use]
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// Loads the project: the given file, or `dpia.yaml` in `cwd` or above, or
/// defaults when there is none. Returns the project file's display name too.
pub fn open_project(
    explicit: Option<&Path>,
    cwd: &Path,
    sources: &mut Sources,
) -> Result<Project, Vec<Diagnostic>> {
    let path = match explicit {
        Some(p) => Some(cwd.join(p)),
        None => find_project_file(cwd),
    };
    match path {
        None => Ok(Project::defaults(cwd.to_path_buf())),
        Some(path) => {
            let display = display_path(&path, cwd);
            load_project(&path, &display, sources)
        }
    }
}

/// The assessment files named by `paths` (files as given; folders searched
/// for `*.yaml` and `*.yml`, sorted), or those in the project's assessments
/// folder, which must exist.
pub fn assessment_files(
    project: &Project,
    paths: &[PathBuf],
    cwd: &Path,
) -> Result<Vec<PathBuf>, Box<Diagnostic>> {
    let roots: Vec<PathBuf> = if paths.is_empty() {
        let dir = project.assessments_dir();
        if !cwd.join(&dir).is_dir() {
            return Err(Box::new(Diagnostic::input(
                "E001",
                format!("there is no assessments folder `{}`", display_path(&dir, cwd)),
            )
            .with_help("create it (`dpia new` writes an assessment there), set `assessments:` in dpia.yaml, or name files to check")));
        }
        vec![dir]
    } else {
        paths.to_vec()
    };
    let mut files = Vec::new();
    for root in roots {
        let absolute = if root.is_absolute() {
            root.clone()
        } else {
            cwd.join(&root)
        };
        if absolute.is_dir() {
            let mut found = Vec::new();
            collect_yaml(&root, &absolute, &mut found);
            found.sort();
            // The project file and its matrix files are not assessments.
            let own: Vec<PathBuf> = project
                .own_files
                .iter()
                .filter_map(|f| f.canonicalize().ok())
                .collect();
            found.retain(|f| {
                cwd.join(f)
                    .canonicalize()
                    .map_or(true, |p| !own.contains(&p))
            });
            files.extend(found);
        } else {
            files.push(root);
        }
    }
    Ok(files)
}

fn collect_yaml(shown: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        out.push(shown.to_path_buf());
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let shown_child = shown.join(&name);
        if path.is_dir() {
            collect_yaml(&shown_child, &path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(shown_child);
        }
    }
}

/// A path as shown in messages: relative to `cwd` when inside it.
#[must_use]
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let shown = path.strip_prefix(cwd).unwrap_or(path);
    let text = shown.display().to_string();
    text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
}

/// Runs every stage over a project and its assessments; date-based rules
/// judge what is overdue on `as_of`.
#[must_use]
pub fn analyse(
    explicit_project: Option<&Path>,
    paths: &[PathBuf],
    cwd: &Path,
    as_of: PartialDate,
) -> Analysis {
    let mut analysis = Analysis::default();
    let project = match open_project(explicit_project, cwd, &mut analysis.sources) {
        Ok(p) => p,
        Err(problems) => {
            analysis.diagnostics = problems;
            diagnostic::sort(&mut analysis.diagnostics);
            return analysis;
        }
    };
    let settings = rules::check_settings(&project);
    if !settings.is_empty() {
        analysis.diagnostics = settings;
        diagnostic::sort(&mut analysis.diagnostics);
        analysis.project = Some(project);
        return analysis;
    }
    let files = match assessment_files(&project, paths, cwd) {
        Ok(files) => files,
        Err(problem) => {
            analysis.diagnostics.push(*problem);
            analysis.project = Some(project);
            return analysis;
        }
    };
    analysis.files = files.len();
    let base = analysis.sources.len();
    let results: Vec<(SourceFile, FileOutcome)> = files
        .par_iter()
        .enumerate()
        .map(|(i, path)| {
            let file_id = base + i;
            let full = if path.is_absolute() {
                path.clone()
            } else {
                cwd.join(path)
            };
            check_file(&full, &display_path(path, cwd), file_id, &project, as_of)
        })
        .collect();
    for ((file, outcome), path) in results.into_iter().zip(files) {
        analysis.sources.add(file);
        match outcome {
            FileOutcome::Broken(problems) => analysis.diagnostics.extend(problems),
            FileOutcome::Checked(model, scored, findings, suppressed, id_span) => {
                analysis.diagnostics.extend(findings);
                analysis.suppressed.extend(suppressed);
                analysis.assessments.push(Checked {
                    model: *model,
                    scored,
                    path,
                    id_span,
                });
            }
        }
    }
    check_unique_ids(&analysis.assessments, &mut analysis.diagnostics);
    diagnostic::sort(&mut analysis.diagnostics);
    analysis.suppressed.sort_by_key(|s| {
        s.diagnostic
            .primary()
            .map_or((usize::MAX, 0), |l| (l.file, l.range.start))
    });
    if let Some(doc) = &project.document {
        once_per_project(&mut analysis.diagnostics, doc.file);
    }
    analysis.project = Some(project);
    analysis
}

/// Keeps one of each finding about the project file: several activities
/// of one controller find the same gap in its details.
fn once_per_project(diagnostics: &mut Vec<Diagnostic>, project_file: FileId) {
    let mut seen: Vec<Diagnostic> = Vec::new();
    diagnostics.retain(|d| {
        if d.primary().is_none_or(|l| l.file != project_file) {
            return true;
        }
        if seen.contains(d) {
            return false;
        }
        seen.push(d.clone());
        true
    });
}

/// Reports two assessments with the same id: ids name activities across
/// the portfolio (reports and the register are keyed by them).
fn check_unique_ids(assessments: &[Checked], out: &mut Vec<Diagnostic>) {
    let mut seen: std::collections::HashMap<&str, &Checked> = std::collections::HashMap::new();
    for checked in assessments {
        let id = checked.model.assessment.id.as_str();
        match seen.get(id) {
            Some(first) => out.push(
                Diagnostic::input("E201", format!("two assessments have the id `{id}`"))
                    .with_label(
                        checked.model.file,
                        checked.id_span.clone(),
                        "this assessment",
                    )
                    .with_label(
                        first.model.file,
                        first.id_span.clone(),
                        "has the same id as this one",
                    )
                    .with_help("an assessment's id is unique in the project; rename one of them"),
            ),
            None => {
                seen.insert(id, checked);
            }
        }
    }
}

/// What happened to one file.
enum FileOutcome {
    /// The input is broken; these are the problems.
    Broken(Vec<Diagnostic>),
    /// The assessment is well-formed; these are its findings, and where its
    /// id is written.
    Checked(
        Box<Model>,
        ScoredAssessment,
        Vec<Diagnostic>,
        Vec<rules::Suppressed>,
        std::ops::Range<usize>,
    ),
}

/// The stages for one assessment file.
fn check_file(
    path: &Path,
    display: &str,
    file_id: FileId,
    project: &Project,
    as_of: PartialDate,
) -> (SourceFile, FileOutcome) {
    let file = match read_source(path, display, file_id) {
        Ok(file) => file,
        Err(e) => return (e.file, FileOutcome::Broken(vec![e.diagnostic])),
    };
    // The node tree is needed only to locate findings: it is dropped here,
    // so a large portfolio holds text and models, not trees.
    let outcome = load_assessment(&file, file_id, project).map_or_else(
        FileOutcome::Broken,
        |(model, doc)| {
            let unknown = rules::check_suppressions(&model.assessment, &doc);
            if !unknown.is_empty() {
                return FileOutcome::Broken(unknown);
            }
            let scored = score_assessment(&model);
            let findings = rules::check(&model, &doc, &scored, project, as_of);
            let (findings, suppressed) =
                rules::apply_settings(findings, &model.assessment, project);
            let id_span = doc.span("/id").1;
            FileOutcome::Checked(Box::new(model), scored, findings, suppressed, id_span)
        },
    );
    (file, outcome)
}

/// Parses, validates, deserialises and resolves one assessment; returns
/// the model and the parsed document that locates its parts.
pub fn load_assessment(
    file: &SourceFile,
    file_id: FileId,
    project: &Project,
) -> Result<(Model, Document), Vec<Diagnostic>> {
    let root = parse(file, file_id)?;
    let json = root.to_json();
    let problems = validate(SchemaKind::Assessment, &root, &json, file_id, file.text());
    if !problems.is_empty() {
        return Err(problems);
    }
    let doc = Document {
        file: file_id,
        root,
    };
    let assessment: Assessment = deserialize(&json, &doc, "")?;
    drop(json);
    let model = resolve(assessment, &doc, project)?;
    Ok((model, doc))
}
