//! dpia: data protection impact assessments and records of processing from
//! YAML, checked against UK GDPR, the Data Protection Act 2018 and EU GDPR.
//!
//! The pipeline, one module per stage (no stage imports a later one):
//!
//! ```text
//! load     YAML text -> Node tree with a span per node
//! schema   JSON Schema validation; every violation mapped back to a span
//! model    typed assessment, project and risk matrices; references resolved
//! scoring  risk matrices applied: inherent and residual ratings
//! rules    compliance findings, each pointing at a YAML node
//! report   one context -> HTML (minijinja) and PDF (typst), written atomically
//! ```
//!
//! [`source`] owns file text and positions, [`diagnostic`] the one problem
//! type and its rendering, [`project`] finds the project and its files, and
//! [`cmd`] holds one short driver per subcommand.

pub mod cli;
pub mod cmd;
pub mod date;
pub mod diagnostic;
pub mod escape;
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
pub mod xml;
pub mod yaml;
