//! dpia: data protection impact assessments and records of processing from
//! YAML, checked against UK GDPR, the Data Protection Act 2018 and EU GDPR.
//!
//! The pipeline, one module per stage; no stage imports a later one
//! (`ARCHITECTURE.md` is the map, and a test holds the code to it):
//!
//! ```text
//! yaml      YAML text -> Node tree with a span per node
//! schema    JSON Schema validation; every violation mapped back to a span
//! load      files read through the project root; parse -> schema -> typed value
//! model     typed assessment, project and risk matrices; references resolved
//! scoring   risk matrices applied: inherent and residual ratings
//! rules     compliance findings, each pointing at a YAML node
//! pipeline  the stages in order over a project's files
//! diff      what changed between two versions of an assessment
//! versions  reading the versions `dpia diff` compares (files, git)
//! present   serialisable view models: report, register, dashboard, check
//! render    HTML (minijinja), PDF (typst), SVG, CSV, XLSX, check formats
//! ```
//!
//! Below them: [`escape`], [`xml`], [`date`], [`source`] (file text and
//! positions), [`diagnostic`] (the one problem type and its rendering),
//! [`root`] (the project root every read stays inside), [`suggest`],
//! [`text`] (limits on free text), [`i18n`] (the words of the reports in
//! each language), [`law`] (the law as data). Beside the
//! rules: [`project`] (finding and reading the project and its files) and
//! [`screening`] (whether a DPIA is required). Above them all: [`cli`] and
//! [`cmd`], one short driver per subcommand.

pub mod cli;
pub mod cmd;
pub mod codes;
pub mod date;
pub mod diagnostic;
pub mod diff;
pub mod escape;
pub mod i18n;
pub mod law;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod present;
pub mod project;
pub mod render;
pub mod root;
pub mod rules;
pub mod schema;
pub mod scoring;
pub mod screening;
pub mod source;
pub mod suggest;
pub mod text;
pub mod versions;
pub mod xml;
pub mod yaml;
