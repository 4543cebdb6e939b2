//! The project file (`dpia.yaml`): the organisations acting as controllers,
//! their DPOs, the jurisdiction, the default risk matrix and any custom
//! matrices.

use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::i18n::Catalogues;
use crate::model::matrix::{RiskMatrix, built_in};
use crate::model::policy::{self, Column, Register, Screening, Transfers};
use crate::root::ProjectRoot;
use crate::suggest::suggest;
use crate::yaml::Document;

pub use crate::law::Jurisdiction;
pub use crate::model::assessment::Contact;

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
    /// The language of the reports (a BCP 47 tag); `en-GB` when unset.
    pub language: Option<String>,
    /// The supervisory authority, when the jurisdiction's default is not it.
    pub supervisory_authority: Option<Authority>,
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
    /// Who may sign which sign-off role, and whether `status: approved`
    /// needs signed approvals.
    pub approvals: Option<ApprovalSettings>,
    /// Anything else.
    pub notes: Option<String>,
}

/// The project's settings for signed approvals (`approvals:`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalSettings {
    /// The allowed-signers file (git's `gpg.ssh.allowedSignersFile`
    /// format), relative to the project file.
    pub allowed_signers: Option<String>,
    /// The roles an assessment needs a verified signed approval of before
    /// it may say `status: approved` (rule G011).
    #[serde(default)]
    pub required: Vec<String>,
    /// The roles' settings: who may sign the built-in rows, and the
    /// project's own roles.
    #[serde(default)]
    pub roles: indexmap::IndexMap<String, crate::model::approvals::RolePolicy>,
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
    /// Country where it is established (ISO 3166-1 alpha-2): a recipient
    /// there is at home, not a transfer ([`crate::law::Home`]).
    pub country: Option<String>,
    /// Supervisory authority, when it differs from the project's.
    pub supervisory_authority: Option<Authority>,
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

/// A supervisory authority (Art 51), as the reports name it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    /// Its name.
    pub name: String,
    /// The short name used in sentences (`ICO`, `DPC`, `CNIL`).
    pub short_name: Option<String>,
    /// Web address.
    pub website: Option<String>,
}

impl Authority {
    /// The name a sentence uses: the short name when there is one.
    #[must_use]
    pub fn in_sentences(&self) -> &str {
        self.short_name.as_deref().unwrap_or(&self.name)
    }

    /// The UK's: the Information Commissioner's Office.
    #[must_use]
    pub fn ico() -> Authority {
        Authority {
            name: "Information Commissioner's Office".to_owned(),
            short_name: Some("ICO".to_owned()),
            website: Some("https://ico.org.uk".to_owned()),
        }
    }
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
    /// The language catalogues: the shipped ones with the project's own
    /// (`templates/i18n/<tag>.yaml`) laid over them.
    pub catalogues: Catalogues,
    /// Who may sign which sign-off role: the project's roles and its
    /// allowed-signers file, read.
    pub signing: crate::model::approvals::Policy,
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
            catalogues: Catalogues::default(),
            signing: crate::model::approvals::Policy::default(),
        }
    }

    /// The default jurisdiction.
    #[must_use]
    pub fn jurisdiction(&self) -> Jurisdiction {
        self.config.jurisdiction.unwrap_or_default()
    }

    /// The project's language tag (`en-GB` when unset).
    #[must_use]
    pub fn language(&self) -> &str {
        self.config
            .language
            .as_deref()
            .unwrap_or(crate::i18n::REFERENCE)
    }

    /// The catalogue of the project's language (the reference one when the
    /// project names a language no catalogue serves, which loading the
    /// project reports).
    #[must_use]
    pub fn catalogue(&self) -> crate::i18n::Catalogue {
        self.catalogues
            .get(self.language())
            .unwrap_or_else(|| self.catalogues.reference())
    }

    /// The supervisory authority of an organisation (or of the project when
    /// none is given): its own, the project's, else the jurisdiction's
    /// default (the ICO for UK law; none for EU law, where each member
    /// state has its own).
    #[must_use]
    pub fn authority(&self, organisation: Option<usize>, law: Jurisdiction) -> Option<Authority> {
        organisation
            .and_then(|i| self.config.organisations[i].supervisory_authority.clone())
            .or_else(|| self.config.supervisory_authority.clone())
            .or_else(|| (law == Jurisdiction::Uk).then(Authority::ico))
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

impl Project {
    /// The project of a project file: its settings and parsed document,
    /// and the custom matrices it defines (each with the pointer of its
    /// entry in `matrices:`), after the built-in ones. Checks what the
    /// schema cannot: two matrices or two organisations with one id, and a
    /// default matrix that does not exist. `problems` are those found
    /// loading the matrices.
    pub fn with_matrices(
        mut self,
        doc: Document,
        loaded: Vec<(String, RiskMatrix)>,
        mut problems: Vec<Diagnostic>,
    ) -> Result<Project, Vec<Diagnostic>> {
        let mut custom: Vec<(String, String)> = Vec::new(); // (id, pointer)
        for (pointer, matrix) in loaded {
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
            self.matrices.retain(|m| m.id() != matrix.id());
            self.matrices.push(Arc::new(matrix));
        }
        let mut seen: Vec<(&str, usize)> = Vec::new();
        for (i, org) in self.config.organisations.iter().enumerate() {
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
        if problems.is_empty() {
            let default = self.default_matrix();
            if self.matrix(default).is_none() {
                let (f, r) = doc.span("/risk_matrix");
                let mut d =
                    Diagnostic::input("E204", format!("there is no risk matrix `{default}`"))
                        .with_label(f, r, "unknown matrix");
                if let Some(s) = suggest(default, self.matrices.iter().map(|m| m.id())) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                }
                problems.push(d);
            }
        }
        if problems.is_empty() {
            self.document = Some(doc);
            Ok(self)
        } else {
            Err(problems)
        }
    }
}

impl ProjectFile {
    /// The screening policy: the project's, each setting falling back to
    /// the bundled defaults.
    #[must_use]
    pub fn screening_policy(&self) -> Screening {
        policy::screening(self.screening.as_ref())
    }

    /// The transfer policy for `law`: the project's lists, else the bundled
    /// ones.
    #[must_use]
    pub fn transfer_policy(&self, law: Jurisdiction) -> Transfers {
        policy::transfers(self.transfers.as_ref(), law)
    }

    /// The columns of a register, with their headings: the project's
    /// choice, else the bundled one.
    #[must_use]
    pub fn register_columns(&self, register: Register) -> Vec<Column> {
        policy::columns(self.register.as_ref(), register)
    }
}
