//! Finding and reading the project: its file (`dpia.yaml`, the one named
//! or the nearest in this folder or above), the project root every read
//! stays inside, the matrix files the project file names, and the
//! assessment files of a run. Every file is read here or in [`crate::load`],
//! ahead of the model, which builds typed values from what they read.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::load::{document, document_at, read_into};
use crate::model::approvals::AllowedSigners;
use crate::model::matrix::{MatrixFile, MatrixOrigin, RiskMatrix, build_matrix};
use crate::model::project::{PROJECT_FILE, Project, ProjectFile};
use crate::root::ProjectRoot;
use crate::schema::SchemaKind;
use crate::source::Sources;
use crate::yaml::Document;

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
    let folder = match &path {
        Some(path) => path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf(),
        None => cwd.to_path_buf(),
    };
    let root_dir = ProjectRoot::new(&cwd.join(&folder)).map_err(|e| {
        vec![Diagnostic::input(
            "E001",
            format!(
                "cannot open the project folder `{}`: {}",
                display_path(&folder, cwd),
                crate::root::Refusal::from(e).reason()
            ),
        )]
    })?;
    match path {
        None => Ok(Project::defaults(cwd.to_path_buf(), root_dir)),
        Some(path) => {
            let display = display_path(&path, cwd);
            load_project(&path, &display, root_dir, sources)
        }
    }
}

/// Finds the project file: the one given, or `dpia.yaml` in `start` or the
/// nearest folder above it. `None` when there is none.
#[must_use]
pub fn find_project_file(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(PROJECT_FILE))
        .find(|candidate| candidate.is_file())
}

fn display_join(project_display: &str, rel: &str) -> String {
    match Path::new(project_display).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(rel).display().to_string(),
        _ => rel.to_owned(),
    }
}

/// Loads and checks a project file and the matrix files it names. The files
/// read are added to `sources`.
pub fn load_project(
    path: &Path,
    display: &str,
    root_dir: ProjectRoot,
    sources: &mut Sources,
) -> Result<Project, Vec<Diagnostic>> {
    let file_id = read_into(&root_dir, path, display, sources)?;
    let (config, doc): (ProjectFile, Document) =
        document(SchemaKind::Project, sources.get(file_id), file_id)?;
    let root = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let mut problems = Vec::new();
    let mut loaded = Vec::new();
    let mut own_files = vec![path.to_path_buf()];
    for (i, entry) in config.matrices.iter().enumerate() {
        let pointer = format!("/matrices/{i}");
        let matrix = match entry {
            serde_json::Value::String(rel) => {
                let matrix_file = root.join(rel);
                own_files.push(matrix_file.clone());
                load_matrix_file(
                    &root_dir,
                    &matrix_file,
                    &display_join(display, rel),
                    sources,
                )
                .map_err(|ds| {
                    let (file, range) = doc.span(&pointer);
                    ds.into_iter()
                        .map(|d| {
                            d.with_label(file, range.clone(), "the project file names it here")
                        })
                        .collect()
                })
            }
            _ => document_at::<MatrixFile>(
                SchemaKind::Matrix,
                &doc,
                sources.get(file_id).text(),
                &pointer,
            )
            .and_then(|def| {
                let span = doc.node(&pointer).map_or(0..0, |n| n.span.clone());
                build_matrix(
                    def,
                    &doc,
                    &pointer,
                    MatrixOrigin::File {
                        file: file_id,
                        span,
                    },
                )
            }),
        };
        match matrix {
            Ok(matrix) => loaded.push((pointer, matrix)),
            Err(ds) => problems.extend(ds),
        }
    }
    let mut project = Project {
        file: Some(path.to_path_buf()),
        root,
        own_files,
        config,
        ..Project::defaults(PathBuf::new(), root_dir)
    };
    problems.extend(load_catalogues(&mut project, display, sources));
    problems.extend(load_signing(&mut project, &doc, display, sources));
    if let Some(tag) = project.config.language.as_deref()
        && project.catalogues.get(tag).is_none()
    {
        let (file, range) = doc.span("/language");
        problems.push(project.catalogues.missing(tag).with_label(file, range, ""));
    }
    project.with_matrices(doc, loaded, problems)
}

/// Lays the project's language catalogues (`templates/i18n/<tag>.yaml`)
/// over the shipped ones; returns the problems found in them.
fn load_catalogues(project: &mut Project, display: &str, sources: &mut Sources) -> Vec<Diagnostic> {
    // A templates folder that may not be read is reported by the checks of
    // the templates (see the pipeline); there is nothing to lay over then.
    let Ok(Some(_)) = project.templates() else {
        return Vec::new();
    };
    let dir = project.root.join("templates").join("i18n");
    if !dir.is_dir() {
        return Vec::new();
    }
    let shown = display_join(display, "templates/i18n");
    let walk = project.root_dir.walk(Path::new(&shown), &dir);
    let mut problems = Vec::new();
    for shown_file in walk.files {
        // Only the folder's own files: `templates/i18n/nl.yaml`.
        if shown_file.parent() != Some(Path::new(&shown)) {
            continue;
        }
        let Some(id) = shown_file
            .file_stem()
            .and_then(|s| s.to_str())
            .map(str::to_owned)
        else {
            continue;
        };
        let real = dir.join(shown_file.file_name().unwrap_or_default());
        let display = shown_file.display().to_string();
        let file_id = match read_into(&project.root_dir, &real, &display, sources) {
            Ok(id) => id,
            Err(ds) => {
                problems.extend(ds);
                continue;
            }
        };
        if !crate::i18n::well_formed(&id) {
            problems.push(
                Diagnostic::input(
                    "E234",
                    format!(
                        "`{}` is not named for a language: name a catalogue by its BCP 47 tag (`nl.yaml`, `en-GB.yaml`)",
                        crate::escape::inline(&display)
                    ),
                )
                .with_label(file_id, 0..0, ""),
            );
            continue;
        }
        if let Err(ds) = project
            .catalogues
            .overlay(&id, sources.get(file_id), file_id)
        {
            problems.extend(ds);
        }
    }
    problems
}

/// Reads who may sign what (`approvals:`): the roles, the required roles
/// (each one the project knows) and the allowed-signers file, every line
/// of which must be understood.
fn load_signing(
    project: &mut Project,
    doc: &Document,
    display: &str,
    sources: &mut Sources,
) -> Vec<Diagnostic> {
    let Some(settings) = project.config.approvals.clone() else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    project.signing.roles = settings.roles;
    for (i, role) in settings.required.iter().enumerate() {
        if !project.signing.knows(role) {
            let (file, range) = doc.span(&format!("/approvals/required/{i}"));
            let known = project.signing.role_ids();
            let mut d = Diagnostic::input(
                "E241",
                format!(
                    "`{}` is not a sign-off role of this project",
                    crate::escape::inline(role)
                ),
            )
            .with_label(file, range, "required here")
            .with_help(format!(
                "the roles are {}; define a role of your own under `approvals.roles`",
                known.join(", ")
            ));
            if let Some(near) = crate::suggest::suggest(role, known.iter().copied()) {
                d = d.with_note(format!("did you mean `{near}`?"));
            }
            problems.push(d);
        }
    }
    if let Some(rel) = &settings.allowed_signers {
        let path = project.root.join(rel);
        let shown = display_join(display, rel);
        project.own_files.push(path.clone());
        match read_into(&project.root_dir, &path, &shown, sources) {
            Ok(file_id) => match AllowedSigners::parse(sources.get(file_id).text()) {
                Ok(signers) => project.signing.signers = Some(signers),
                Err(errors) => problems.extend(errors.into_iter().map(|e| {
                    Diagnostic::input(
                        "E240",
                        format!(
                            "this allowed-signers line is not understood: {}",
                            crate::escape::inline(&e.message)
                        ),
                    )
                    .with_label(file_id, e.range, "")
                    .with_help(
                        "a line is `principals [options] key-type key [comment]`, as `ssh-keygen -Y verify` and git read it",
                    )
                })),
            },
            Err(ds) => {
                let (file, range) = doc.span("/approvals/allowed_signers");
                problems.extend(
                    ds.into_iter()
                        .map(|d| d.with_label(file, range.clone(), "the project file names it here")),
                );
            }
        }
    }
    problems
}

/// Loads a matrix file named by the project.
fn load_matrix_file(
    root_dir: &ProjectRoot,
    path: &Path,
    display: &str,
    sources: &mut Sources,
) -> Result<RiskMatrix, Vec<Diagnostic>> {
    let file_id = read_into(root_dir, path, display, sources)?;
    let (def, doc): (MatrixFile, Document) =
        document(SchemaKind::Matrix, sources.get(file_id), file_id)?;
    let whole = 0..sources.get(file_id).text().len();
    build_matrix(
        def,
        &doc,
        "",
        MatrixOrigin::File {
            file: file_id,
            span: whole,
        },
    )
}

/// Whether a file is the signed approvals of an assessment
/// (`<id>.approvals.yaml`, written by `dpia sign` beside it).
#[must_use]
pub fn is_approvals_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .map(str::to_ascii_lowercase)
        .is_some_and(|n| n.ends_with(".approvals.yaml") || n.ends_with(".approvals.yml"))
}

/// The assessment whose signed approvals are `approvals`
/// (`<id>.approvals.yaml`): `<id>.yaml` or `<id>.yml` beside it.
fn approved_assessment(approvals: &Path) -> Option<PathBuf> {
    let name = approvals.file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    let stem_len = [".approvals.yaml", ".approvals.yml"]
        .iter()
        .find_map(|suffix| lower.strip_suffix(suffix).map(str::len))?;
    let stem = &name[..stem_len];
    ["yaml", "yml"]
        .iter()
        .map(|ext| approvals.with_file_name(format!("{stem}.{ext}")))
        .find(|candidate| candidate.is_file())
}

/// The files a run looks at, and what a folder search passed over.
#[derive(Debug, Default)]
pub struct Found {
    /// Assessment files, in order: as named, or found in a folder (sorted).
    pub files: Vec<PathBuf>,
    /// Entries of searched folders that are not read, each with why: they
    /// are listed in every summary, so nothing escapes a check unsaid.
    pub skipped: Vec<(String, &'static str)>,
}

/// The assessment files named by `paths` (files as given; folders searched
/// for `*.yaml` and `*.yml` in any case, sorted), or those in the project's
/// assessments folder, which must exist. A search that finds no file is an
/// error: an empty portfolio is not a pass.
pub fn assessment_files(
    project: &Project,
    paths: &[PathBuf],
    cwd: &Path,
) -> Result<Found, Box<Diagnostic>> {
    // The project file and its matrix files are not assessments.
    let own: Vec<PathBuf> = project
        .own_files
        .iter()
        .filter_map(|f| f.canonicalize().ok())
        .collect();
    let mut found = Found::default();
    // Named files that are not assessments (pre-commit passes every changed
    // YAML file) are taken for what they are: the project file or a matrix
    // reaches every assessment, so the run checks them all; signed
    // approvals are checked with their assessment.
    let mut roots = Vec::new();
    let mut whole_portfolio = paths.is_empty();
    for path in paths {
        let absolute = cwd.join(path);
        if absolute.is_dir() {
            roots.push(path.clone());
        } else if absolute.canonicalize().is_ok_and(|p| own.contains(&p)) {
            found.skipped.push((
                display_path(path, cwd),
                "a file of the project (dpia.yaml or a risk matrix), read as one; every assessment is checked against it",
            ));
            whole_portfolio = true;
        } else if is_approvals_file(path) {
            if let Some(assessment) = approved_assessment(&absolute) {
                found.skipped.push((
                    display_path(path, cwd),
                    "signed approvals, checked with their assessment",
                ));
                let named = path.with_file_name(assessment.file_name().unwrap_or_default());
                if !paths.contains(&named) && !roots.contains(&named) {
                    roots.push(named);
                }
            } else {
                found.skipped.push((
                    display_path(path, cwd),
                    "signed approvals with no assessment of the same name beside them; every assessment is checked",
                ));
                whole_portfolio = true;
            }
        } else {
            roots.push(path.clone());
        }
    }
    if whole_portfolio {
        let dir = project.assessments_dir();
        if !cwd.join(&dir).is_dir() {
            return Err(Box::new(Diagnostic::input(
                "E001",
                format!("there is no assessments folder `{}`", display_path(&dir, cwd)),
            )
            .with_help("create it (`dpia new` writes an assessment there), set `assessments:` in dpia.yaml, or name files to check")));
        }
        // What the folder holds is checked once, from the folder.
        if let Ok(inside) = cwd.join(&dir).canonicalize() {
            roots.retain(|r| {
                cwd.join(r)
                    .canonicalize()
                    .map_or(true, |p| !p.starts_with(&inside))
            });
        }
        roots.push(dir);
    }
    // dpia's own output folder is passed over without a word.
    let output: Vec<PathBuf> = project
        .root
        .join("out")
        .canonicalize()
        .into_iter()
        .collect();
    let mut searched = Vec::new();
    for root in roots {
        let absolute = if root.is_absolute() {
            root.clone()
        } else {
            cwd.join(&root)
        };
        if absolute.is_dir() {
            let walk = project
                .root_dir
                .with_named(std::slice::from_ref(&root), cwd)
                .walk_passing(&root, &absolute, &output);
            for f in walk.files {
                if is_approvals_file(&f) {
                    // An assessment's signed approvals (`dpia sign`), read
                    // with it, never as an assessment.
                    continue;
                }
                if cwd
                    .join(&f)
                    .canonicalize()
                    .map_or(true, |p| !own.contains(&p))
                {
                    found.files.push(f);
                }
            }
            found.skipped.extend(
                walk.skipped
                    .into_iter()
                    .map(|(path, why)| (display_path(&path, cwd), why)),
            );
            searched.push(display_path(&root, cwd));
        } else {
            found.files.push(root);
        }
    }
    if found.files.is_empty() {
        let mut d = Diagnostic::input(
            "E015",
            format!(
                "no assessment file in {}: an empty portfolio is not a pass",
                searched
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .with_help("assessment files end in .yaml or .yml; `dpia new ID` writes one");
        for (path, why) in &found.skipped {
            d = d.with_note(format!("skipped `{path}`: {why}"));
        }
        return Err(Box::new(d));
    }
    Ok(found)
}

/// A path as shown in messages: relative to `cwd` when inside it, with
/// control characters escaped (a file name can hold any of them).
#[must_use]
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let shown = path.strip_prefix(cwd).unwrap_or(path);
    let text = shown.display().to_string();
    let text = text.strip_prefix("./").unwrap_or(&text);
    crate::escape::inline(text).into_owned()
}
