//! The typed domain model: assessments, the project and risk matrices, built
//! from the schema-valid documents [`crate::load`] hands over, with every
//! cross-reference checked. The model reads no file: the project's files
//! are read by [`crate::project`], the bundled matrices and defaults are
//! embedded text loaded through [`crate::load::document`].
//!
//! What the schema cannot express is checked here: in [`resolve`] unique
//! ids, references between lists, the controller, the risk matrix and its
//! levels; in [`matrix`] a matrix's tables; in [`project`] unique matrix and
//! organisation ids. [`digest`] is the canonical form of an assessment's
//! content, and its SHA-256: what an approval binds to.

pub mod approvals;
pub mod assessment;
pub mod digest;
pub mod matrix;
pub mod policy;
pub mod project;
pub mod resolve;
