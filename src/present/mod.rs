//! The present stage: pure, serialisable view models of what the checks
//! learnt, and the wording they share. Nothing here reads a file, a
//! template or the clock; every value is decided and worded here so that
//! the engines in [`crate::render`] only lay it out.
//!
//! - [`report`]: one assessment's DPIA report, section by section.
//! - [`register`]: the records of processing (Art 30), in the project's columns.
//! - [`dashboard`]: the portfolio at a glance.
//! - [`check`]: the result of `dpia check` as data (totals, the JSON shape).
//! - [`screening`]: the screening analysis of `dpia screen`.
//! - [`markdown`]: the author's Markdown as safe events, a tree or plain text.
//! - [`wording`]: dates, colours, contact and agreement lines, ids as words.

pub mod check;
pub mod dashboard;
pub mod markdown;
pub mod register;
pub mod report;
pub mod screening;
pub mod wording;
