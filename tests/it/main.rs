//! The integration tests, in one binary: each module is one area, sharing
//! the helpers of [`common`] (the fluent `Project` that sets up a project
//! and runs `dpia` with a fixed date, and PDF text extraction). One binary
//! links the library and typst once instead of once per file.

mod approvals;
mod architecture;
mod build;
mod cli;
mod common;
mod diff;
mod digest;
mod faithful;
mod formats;
mod fuzz;
mod heat_map;
mod incremental;
mod integrations;
mod language;
mod malformed;
mod maximal;
mod no_value;
mod readme;
mod register;
mod rules;
mod schema_model;
mod sign;
