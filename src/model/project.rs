//! The project file (`dpia.yaml`): the organisations acting as controllers,
//! their DPOs, the jurisdiction, the default risk matrix and any custom
//! matrices.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::load::{parse, read_source};
use crate::model::matrix::{MatrixOrigin, RiskMatrix, built_in, load_matrix_node};
use crate::model::{Document, deserialize};
use crate::root::ProjectRoot;
use crate::schema::{SchemaKind, validate};
use crate::source::{FileId, Sources};
use crate::suggest::suggest;

pub use crate::law::Jurisdiction;

/// The project file as written.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectFile {
    /// Name of the portfolio.
    pub name: Option<String>,
    /// What it covers.
    pub description: Option<String>,
    /// Default jurisdiction.
    pub jurisdiction: Option<Jurisdiction>,
    /// Default risk matrix id.
    pub risk_matrix: Option<String>,
    /// Folder of assessments, relative to the project file.
    pub assessments: Option<String>,
    /// Controllers.
    #[serde(default)]
    pub organisations: Vec<Organisation>,
    /// Custom matrices: paths or inline definitions (checked separately).
    #[serde(default)]
    pub matrices: Vec<serde_json::Value>,
    /// When the screening criteria make a DPIA required.
    pub screening: Option<crate::model::policy::ScreeningPolicy>,
    /// The register's columns.
    pub register: Option<crate::model::policy::RegisterSettings>,
    /// Which destinations adequacy covers.
    pub transfers: Option<crate::model::policy::TransferPolicy>,
    /// Rule severities for this project, by code.
    pub rules: Option<indexmap::IndexMap<String, RuleLevel>>,
    /// Anything else.
    pub notes: Option<String>,
}

/// A project's setting for a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    /// The rule does not run.
    Off,
    /// Its findings are warnings.
    Warning,
    /// Its findings are errors.
    Error,
}

/// An organisation acting as controller.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Identifier.
    pub id: String,
    /// Legal name.
    pub name: String,
    /// Postal address.
    pub address: Option<String>,
    /// Contact email.
    pub email: Option<String>,
    /// Contact telephone.
    pub phone: Option<String>,
    /// Web address.
    pub website: Option<String>,
    /// A public authority or body.
    #[serde(default)]
    pub public_authority: bool,
    /// Jurisdiction, when it differs from the project's.
    pub jurisdiction: Option<Jurisdiction>,
    /// Registration with the supervisory authority.
    pub registration: Option<String>,
    /// Number of employees.
    pub employees: Option<u64>,
    /// The DPO.
    pub dpo: Option<Contact>,
    /// The representative (Art 27).
    pub representative: Option<Contact>,
    /// Anything else.
    pub note: Option<String>,
}

/// Contact details of a person or body.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)] // the names say it
pub struct Contact {
    pub name: String,
    pub role: Option<String>,
    pub organisation: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
}

/// A loaded project: its settings, and every risk matrix it can use.
#[derive(Debug, Clone)]
pub struct Project {
    /// The project file, if there is one.
    pub file: Option<PathBuf>,
    /// The folder relative paths in the project file start from.
    pub root: PathBuf,
    /// The project root every read stays inside: the folder of the project
    /// file, or the current folder without one.
    pub root_dir: ProjectRoot,
    /// The settings as written (defaults when there is no project file).
    pub config: ProjectFile,
    /// The parsed project file, for locating diagnostics.
    pub document: Option<Document>,
    /// Built-in matrices, then custom ones (a custom matrix replaces a
    /// built-in one with the same id).
    pub matrices: Vec<Arc<RiskMatrix>>,
    /// The project file and the matrix files it names, which a search of a
    /// folder for assessments skips.
    pub own_files: Vec<PathBuf>,
}

/// Name of the project file looked for by default.
pub const PROJECT_FILE: &str = "dpia.yaml";

/// Default risk matrix when the project names none.
pub const DEFAULT_MATRIX: &str = "ico-3x3";

impl Project {
    /// A project with no project file: built-in matrices, UK law, the
    /// ICO matrix, assessments in `root/assessments`.
    #[must_use]
    pub fn defaults(root: PathBuf, root_dir: ProjectRoot) -> Project {
        Project {
            file: None,
            root,
            root_dir,
            config: ProjectFile::default(),
            document: None,
            matrices: built_in().to_vec(),
            own_files: Vec::new(),
        }
    }

    /// The default jurisdiction.
    #[must_use]
    pub fn jurisdiction(&self) -> Jurisdiction {
        self.config.jurisdiction.unwrap_or_default()
    }

    /// The default risk matrix id.
    #[must_use]
    pub fn default_matrix(&self) -> &str {
        self.config.risk_matrix.as_deref().unwrap_or(DEFAULT_MATRIX)
    }

    /// The matrix with this id.
    #[must_use]
    pub fn matrix(&self, id: &str) -> Option<&Arc<RiskMatrix>> {
        self.matrices.iter().find(|m| m.id() == id)
    }

    /// The organisation with this id.
    #[must_use]
    pub fn organisation(&self, id: &str) -> Option<&Organisation> {
        self.config.organisations.iter().find(|o| o.id == id)
    }

    /// The project's `templates/` folder, if it has one, as the root its
    /// templates are read from; refused when it leads outside the project
    /// root.
    pub fn templates(&self) -> Result<Option<ProjectRoot>, crate::root::Refusal> {
        self.root_dir.subfolder(&self.root.join("templates"))
    }

    /// The folder holding the assessments.
    #[must_use]
    pub fn assessments_dir(&self) -> PathBuf {
        self.root
            .join(self.config.assessments.as_deref().unwrap_or("assessments"))
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

/// Loads and checks a project file and the matrix files it names. The files
/// read are added to `sources`.
pub fn load_project(
    path: &Path,
    display: &str,
    root_dir: ProjectRoot,
    sources: &mut Sources,
) -> Result<Project, Vec<Diagnostic>> {
    let file_id = read_into(&root_dir, path, display, sources)?;
    let root_node = parse(sources.get(file_id), file_id)?;
    let json = root_node.to_json();
    let mut problems = validate(
        SchemaKind::Project,
        &root_node,
        &json,
        file_id,
        sources.get(file_id).text(),
    );
    problems.extend(crate::text::check_tree(&root_node, file_id));
    if !problems.is_empty() {
        return Err(problems);
    }
    let doc = Document {
        file: file_id,
        root: root_node,
    };
    let config: ProjectFile = deserialize(&json, &doc, "")?;
    let root = path
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let root = if root.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        root
    };
    let mut problems = Vec::new();
    let mut matrices: Vec<Arc<RiskMatrix>> = built_in().to_vec();
    let mut own_files = vec![path.to_path_buf()];
    let mut custom: Vec<(String, String)> = Vec::new(); // (id, pointer)
    for (i, entry) in config.matrices.iter().enumerate() {
        let pointer = format!("/matrices/{i}");
        let loaded = match entry {
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
            _ => load_matrix_node(
                &doc,
                sources.get(file_id).text(),
                &pointer,
                MatrixOrigin::File {
                    file: file_id,
                    span: doc.node(&pointer).map_or(0..0, |n| n.span.clone()),
                },
            ),
        };
        match loaded {
            Ok(matrix) => {
                if let Some((_, first)) = custom.iter().find(|(id, _)| id == matrix.id()) {
                    let (f, r) = doc.span(&pointer);
                    let (ff, fr) = doc.span(first);
                    problems.push(
                        Diagnostic::input(
                            "E211",
                            format!("two matrices have the id `{}`", matrix.id()),
                        )
                        .with_label(f, r, "this matrix")
                        .with_label(ff, fr, "has the same id as this one"),
                    );
                    continue;
                }
                custom.push((matrix.id().to_owned(), pointer));
                matrices.retain(|m| m.id() != matrix.id());
                matrices.push(Arc::new(matrix));
            }
            Err(ds) => problems.extend(ds),
        }
    }
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for (i, org) in config.organisations.iter().enumerate() {
        if let Some((_, first)) = seen.iter().find(|(id, _)| *id == org.id) {
            let (f, r) = doc.span(&format!("/organisations/{i}/id"));
            let (ff, fr) = doc.span(&format!("/organisations/{first}/id"));
            problems.push(
                Diagnostic::input(
                    "E201",
                    format!("two organisations have the id `{}`", org.id),
                )
                .with_label(f, r, "this id")
                .with_label(ff, fr, "is already used here"),
            );
        } else {
            seen.push((&org.id, i));
        }
    }
    let project = Project {
        file: Some(path.to_path_buf()),
        root,
        root_dir,
        config,
        document: None,
        matrices,
        own_files,
    };
    if problems.is_empty() {
        let default = project.default_matrix();
        if project.matrix(default).is_none() {
            let (f, r) = doc.span("/risk_matrix");
            let mut d = Diagnostic::input("E204", format!("there is no risk matrix `{default}`"))
                .with_label(f, r, "unknown matrix");
            if let Some(s) = suggest(default, project.matrices.iter().map(|m| m.id())) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            problems.push(d);
        }
    }
    if problems.is_empty() {
        Ok(Project {
            document: Some(doc),
            ..project
        })
    } else {
        Err(problems)
    }
}

fn display_join(project_display: &str, rel: &str) -> String {
    match Path::new(project_display).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(rel).display().to_string(),
        _ => rel.to_owned(),
    }
}

/// Loads a matrix file named by the project.
fn load_matrix_file(
    root_dir: &ProjectRoot,
    path: &Path,
    display: &str,
    sources: &mut Sources,
) -> Result<RiskMatrix, Vec<Diagnostic>> {
    let file_id = read_into(root_dir, path, display, sources)?;
    let root = parse(sources.get(file_id), file_id)?;
    let problems = crate::text::check_tree(&root, file_id);
    if !problems.is_empty() {
        return Err(problems);
    }
    let doc = Document {
        file: file_id,
        root,
    };
    let whole = 0..sources.get(file_id).text().len();
    load_matrix_node(
        &doc,
        sources.get(file_id).text(),
        "",
        MatrixOrigin::File {
            file: file_id,
            span: whole,
        },
    )
}

/// Reads a file into the run's sources, returning its id; a file that cannot
/// be read is registered too, so its error can point into it.
pub fn read_into(
    root_dir: &ProjectRoot,
    path: &Path,
    display: &str,
    sources: &mut Sources,
) -> Result<FileId, Vec<Diagnostic>> {
    let file_id = sources.len();
    match read_source(root_dir, path, display, file_id) {
        Ok(file) => Ok(sources.add(file)),
        Err(e) => {
            sources.add(e.file);
            Err(vec![e.diagnostic])
        }
    }
}
