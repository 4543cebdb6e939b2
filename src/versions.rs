//! Reading the versions `dpia diff` compares: two files (or `REV:path`,
//! a file as a git revision has it), or every assessment of a project in a
//! git revision and in the working tree. Each version is loaded as `check`
//! loads a file (parse, schema, model, suppressions) and scored, against
//! the project as it is now; what does not load is an input error, located
//! in the text read (a version read from git is named `REV:path`).

pub mod git;

use std::path::{Path, PathBuf};

use crate::diagnostic::{self, Diagnostic};
use crate::diff::{AssessmentDiff, Side, State};
use crate::load::{decode, read_source};
use crate::model::project::Project;
use crate::model::resolve::Model;
use crate::pipeline::{assessment_files, display_path, load_assessment, open_project};
use crate::scoring::{ScoredAssessment, score_assessment};
use crate::source::{FileId, SourceFile, Sources};

/// One version of an assessment that loaded: where it was read, its model
/// and its ratings.
#[derive(Debug)]
pub struct Version {
    /// Where it was read, as messages show it (`HEAD:assessments/x.yaml`).
    pub name: String,
    /// Its model.
    pub model: Model,
    /// Its ratings.
    pub scored: ScoredAssessment,
}

impl Version {
    /// The version as a side of a diff.
    #[must_use]
    pub fn side(&self) -> Side<'_> {
        Side::file(&self.model, &self.scored)
    }
}

/// What a `dpia diff` run compared.
#[derive(Debug)]
pub struct Comparison {
    /// Every file read (from disk or from git), for showing input errors.
    pub sources: Sources,
    /// The input errors: a version that could not be read or is not a
    /// valid assessment, a revision or path refused.
    pub diagnostics: Vec<Diagnostic>,
    /// The revision compared with the working tree (`--base`), if any.
    pub base: Option<String>,
    /// Each assessment compared, unchanged ones too, in order of path.
    pub assessments: Vec<AssessmentDiff>,
    /// Entries of the searched folders that were not read, with why.
    pub skipped: Vec<(String, &'static str)>,
}

impl Comparison {
    fn new(base: Option<&str>) -> Self {
        Comparison {
            sources: Sources::new(),
            diagnostics: Vec::new(),
            base: base.map(str::to_owned),
            assessments: Vec::new(),
            skipped: Vec::new(),
        }
    }

    /// Whether any input error was found (exit code 2).
    #[must_use]
    pub fn has_input_errors(&self) -> bool {
        !self.diagnostics.is_empty()
    }

    /// Whether anything changed: an assessment added, removed or changed.
    #[must_use]
    pub fn has_changes(&self) -> bool {
        self.assessments.iter().any(|a| a.state != State::Unchanged)
    }
}

/// One side of `dpia diff OLD NEW`, as written on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operand {
    /// A file.
    File(PathBuf),
    /// A file as a git revision has it: `REV:path`, the path relative to
    /// the current folder as a file's would be.
    Git {
        /// The revision, as written.
        revision: String,
        /// The path.
        path: PathBuf,
    },
}

impl Operand {
    /// Reads an operand: a file, or `REV:path` when it names no file and
    /// has a `:` after a revision.
    #[must_use]
    pub fn parse(text: &str, cwd: &Path) -> Operand {
        match text.split_once(':') {
            Some((revision, path))
                if !revision.is_empty() && std::fs::symlink_metadata(cwd.join(text)).is_err() =>
            {
                Operand::Git {
                    revision: revision.to_owned(),
                    path: PathBuf::from(path),
                }
            }
            _ => Operand::File(PathBuf::from(text)),
        }
    }
}

/// Compares two versions of an assessment (`dpia diff OLD NEW`), each a
/// file or `REV:path`, resolved and scored against the project as it is
/// now.
#[must_use]
pub fn compare_files(
    explicit_project: Option<&Path>,
    old: &str,
    new: &str,
    cwd: &Path,
) -> Comparison {
    let mut run = Comparison::new(None);
    let project = match open_project(explicit_project, cwd, &mut run.sources) {
        Ok(project) => project,
        Err(problems) => {
            run.diagnostics = problems;
            return run;
        }
    };
    let mut repo: Option<Result<git::Repo, Vec<Diagnostic>>> = None;
    let mut versions = Vec::new();
    for text in [old, new] {
        let operand = Operand::parse(text, cwd);
        let loaded = match &operand {
            Operand::File(path) => load_file(&project, path, cwd, &mut run.sources),
            Operand::Git { revision, path } => {
                let repo = repo.get_or_insert_with(|| git::Repo::open(project.root_dir.path()));
                match repo {
                    Ok(repo) => {
                        load_revision(&project, repo, revision, path, cwd, &mut run.sources)
                    }
                    Err(problems) => Err(problems.clone()),
                }
            }
        };
        match loaded {
            Ok(version) => versions.push(version),
            Err(problems) => run.diagnostics.extend(problems),
        }
    }
    if let [a, b] = versions.as_slice() {
        run.assessments.push(AssessmentDiff::compare(
            &a.name,
            &a.side(),
            &b.name,
            &b.side(),
        ));
    }
    diagnostic::sort(&mut run.diagnostics);
    run
}

/// Compares every assessment of a project at git revision `revision` with
/// the working tree (`dpia diff --base REV [PATH...]`): the files found in
/// `paths` (default: the project's assessments folder), as `dpia check`
/// finds them, and those a search of the same places finds in the
/// revision. Files are matched by path; an assessment removed from one
/// path and added at another with the same id is one assessment, moved.
#[must_use]
pub fn compare_base(
    explicit_project: Option<&Path>,
    revision: &str,
    paths: &[PathBuf],
    cwd: &Path,
) -> Comparison {
    let mut run = Comparison::new(Some(revision));
    let project = match open_project(explicit_project, cwd, &mut run.sources) {
        Ok(project) => project,
        Err(problems) => {
            run.diagnostics = problems;
            return run;
        }
    };
    let repo = match git::Repo::open(project.root_dir.path())
        .and_then(|repo| repo.commit(revision).map(|commit| (repo, commit)))
    {
        Ok(found) => found,
        Err(problem) => {
            run.diagnostics.extend(problem);
            return run;
        }
    };
    let (repo, commit) = repo;
    // The working tree, as `check` finds it (an empty search is no error
    // here: every assessment may have been removed).
    let new_files = match assessment_files(&project, paths, cwd) {
        Ok(found) => {
            run.skipped = found.skipped;
            found.files
        }
        Err(problem) if problem.code == "E015" => Vec::new(),
        Err(problem) => {
            run.diagnostics.push(*problem);
            return run;
        }
    };
    // The revision: the same places, searched in its tree.
    let roots = if paths.is_empty() {
        vec![project.assessments_dir()]
    } else {
        paths.to_vec()
    };
    // Links resolved where the file is there, as git's top level is.
    let real = |path: &Path| std::fs::canonicalize(path).unwrap_or_else(|_| absolute(path, cwd));
    let own: Vec<PathBuf> = project.own_files.iter().map(|f| real(f)).collect();
    let output = real(&project.root.join("out"));
    let mut old_files: Vec<(PathBuf, git::Entry)> = Vec::new();
    for root in &roots {
        let full = absolute(root, cwd);
        let relative = match inside(&project, &repo, &full, &display_path(root, cwd)) {
            Ok(relative) => relative,
            Err(problems) => {
                run.diagnostics.extend(problems);
                continue;
            }
        };
        match repo.list(&commit, &relative, true) {
            Ok(entries) => {
                for entry in entries {
                    let full = repo.top().join(&entry.path);
                    let shown = display_path(&full, &lexical_cwd(cwd));
                    // Hidden below the folder searched, as a search of
                    // the working tree passes them over.
                    let below = entry.path.strip_prefix(&relative).unwrap_or(&entry.path);
                    if below.iter().any(|c| c.to_string_lossy().starts_with('.'))
                        || full.starts_with(&output)
                        || own.contains(&full)
                        || crate::project::is_approvals_file(&entry.path)
                        || old_files.iter().any(|(p, _)| *p == full)
                    {
                        continue;
                    }
                    if !crate::root::is_yaml_name(&entry.path) {
                        run.skipped
                            .push((format!("{revision}:{shown}"), "not a .yaml or .yml file"));
                        continue;
                    }
                    if !entry.is_file() {
                        run.skipped.push((
                            format!("{revision}:{shown}"),
                            "not a regular file in the revision (a link or a submodule)",
                        ));
                        continue;
                    }
                    old_files.push((full, entry));
                }
            }
            Err(problems) => run.diagnostics.extend(problems),
        }
    }
    // Pair by path.
    let mut keyed: Vec<(PathBuf, Option<git::Entry>, Option<PathBuf>)> = old_files
        .into_iter()
        .map(|(full, entry)| (full, Some(entry), None))
        .collect();
    for file in new_files {
        let full = absolute(&file, cwd);
        match keyed.iter_mut().find(|(p, _, _)| *p == full) {
            Some(slot) => slot.2 = Some(file),
            None => keyed.push((full, None, Some(file))),
        }
    }
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let fence = project.root_dir.with_named(paths, cwd);
    let mut loaded: Vec<(Option<Version>, Option<Version>)> = Vec::new();
    for (full, entry, file) in keyed {
        let shown = display_path(&full, &lexical_cwd(cwd));
        let old = entry.map(|entry| {
            let name = format!("{revision}:{shown}");
            repo.blob(&entry, &name)
                .and_then(|bytes| load_bytes(&project, bytes, &name, &mut run.sources))
        });
        let new = file.map(|file| load_fenced(&project, &fence, &file, cwd, &mut run.sources));
        let mut keep = |r: Option<Result<Version, Vec<Diagnostic>>>| match r {
            Some(Ok(v)) => Some(v),
            Some(Err(problems)) => {
                run.diagnostics.extend(problems);
                None
            }
            None => None,
        };
        let (old_ok, new_ok) = (old.is_some(), new.is_some());
        let (old, new) = (keep(old), keep(new));
        // A version that did not load is not an addition or a removal.
        if old_ok == old.is_some() && new_ok == new.is_some() {
            loaded.push((old, new));
        }
    }
    pair_moved(&mut loaded);
    for (old, new) in &loaded {
        run.assessments.push(match (old, new) {
            (Some(a), Some(b)) => AssessmentDiff::compare(&a.name, &a.side(), &b.name, &b.side()),
            (Some(a), None) => AssessmentDiff::removed(&a.name, &a.side()),
            (None, Some(b)) => AssessmentDiff::added(&b.name, &b.side()),
            (None, None) => continue,
        });
    }
    diagnostic::sort(&mut run.diagnostics);
    run
}

/// Pairs an assessment removed from one path with one added at another
/// that has the same id: a file moved (or renamed) is one assessment.
fn pair_moved(loaded: &mut Vec<(Option<Version>, Option<Version>)>) {
    let mut i = 0;
    while i < loaded.len() {
        if let (Some(old), None) = &loaded[i] {
            let id = old.model.assessment.id.clone();
            if let Some(j) = loaded.iter().position(|(a, b)| {
                a.is_none() && b.as_ref().is_some_and(|b| b.model.assessment.id == id)
            }) {
                let new = loaded.remove(j).1;
                if j < i {
                    i -= 1;
                }
                loaded[i].1 = new;
            }
        }
        i += 1;
    }
}

/// The current folder with links resolved, as the paths compared with it
/// are (else as it is).
fn lexical_cwd(cwd: &Path) -> PathBuf {
    std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf())
}

/// A path made absolute from `cwd` (links in `cwd` resolved), `.` and
/// `..` taken as written.
fn absolute(path: &Path, cwd: &Path) -> PathBuf {
    crate::root::lexical(&lexical_cwd(cwd).join(path))
}

/// The path of `full` in the git repository, when it is inside the project
/// root (E013 otherwise: a revision's files are read only there).
fn inside(
    project: &Project,
    repo: &git::Repo,
    full: &Path,
    shown: &str,
) -> Result<PathBuf, Vec<Diagnostic>> {
    let outside = || {
        vec![Diagnostic::input(
            "E013",
            format!("`{shown}` is not read from a git revision: it is outside the project root"),
        )
        .with_help(
            "a revision's files are read only inside the project root (the folder of dpia.yaml)",
        )]
    };
    if !full.starts_with(project.root_dir.path()) {
        return Err(outside());
    }
    full.strip_prefix(repo.top())
        .map(Path::to_path_buf)
        .map_err(|_| outside())
}

/// Reads a file of the working tree (fenced to the project root and the
/// paths named) and loads it.
fn load_fenced(
    project: &Project,
    fence: &crate::root::ProjectRoot,
    path: &Path,
    cwd: &Path,
    sources: &mut Sources,
) -> Result<Version, Vec<Diagnostic>> {
    let file_id = sources.len();
    let full = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let name = display_path(path, cwd);
    match read_source(fence, &full, &name, file_id) {
        Ok(file) => load_source(project, file, name, sources),
        Err(e) => {
            sources.add(e.file);
            Err(vec![e.diagnostic])
        }
    }
}

/// Reads and loads one file named on the command line.
fn load_file(
    project: &Project,
    path: &Path,
    cwd: &Path,
    sources: &mut Sources,
) -> Result<Version, Vec<Diagnostic>> {
    let fence = project
        .root_dir
        .with_named(std::slice::from_ref(&path.to_path_buf()), cwd);
    load_fenced(project, &fence, path, cwd, sources)
}

/// Reads `path` as git revision `revision` has it, and loads it. The path
/// is relative to the current folder and must stay inside the project
/// root: no `..`, not absolute.
fn load_revision(
    project: &Project,
    repo: &git::Repo,
    revision: &str,
    path: &Path,
    cwd: &Path,
    sources: &mut Sources,
) -> Result<Version, Vec<Diagnostic>> {
    let name = format!(
        "{}:{}",
        crate::escape::inline(revision),
        crate::escape::inline(&path.display().to_string())
    );
    let commit = repo.commit(revision)?;
    git::check_path(path, &name)?;
    let full = absolute(path, cwd);
    let relative = inside(project, repo, &full, &name)?;
    let entry = repo.file(&commit, &relative, &name)?;
    let bytes = repo.blob(&entry, &name)?;
    load_bytes(project, bytes, &name, sources)
}

/// Loads an assessment from the bytes of a file (read from git).
fn load_bytes(
    project: &Project,
    bytes: Vec<u8>,
    name: &str,
    sources: &mut Sources,
) -> Result<Version, Vec<Diagnostic>> {
    let file_id = sources.len();
    match decode(bytes, name, file_id) {
        Ok(file) => load_source(project, file, name.to_owned(), sources),
        Err(e) => {
            sources.add(e.file);
            Err(vec![e.diagnostic])
        }
    }
}

/// Loads an assessment from a file's text, as `check` does: parse,
/// validate, deserialise, resolve, its suppressions checked; and scores
/// it. The file is added to `sources`.
fn load_source(
    project: &Project,
    file: SourceFile,
    name: String,
    sources: &mut Sources,
) -> Result<Version, Vec<Diagnostic>> {
    let file_id: FileId = sources.add(file);
    let (model, doc) = load_assessment(sources.get(file_id), file_id, project)?;
    let unknown = crate::rules::check_suppressions(&model.assessment, &doc);
    if !unknown.is_empty() {
        return Err(unknown);
    }
    let scored = score_assessment(&model);
    Ok(Version {
        name,
        model,
        scored,
    })
}
