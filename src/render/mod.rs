//! The render stage: the engines that lay out the view models of
//! [`crate::present`] and write what they produce. Only this stage reads
//! templates; user text reaches HTML through auto-escaping and typst as
//! JSON data, never as template or typst source.
//!
//! - [`html`]: the minijinja environment (loader, filters, escaping).
//! - [`pdf`]: the typst world and the PDF export.
//! - [`svg`] and [`figures`]: the data flow diagram and the heat maps.
//! - [`csv`] and [`xlsx`]: the register as CSV and as a workbook.
//! - [`reports`] and [`register`]: rendering and writing the DPIA reports,
//!   the register and the dashboard.
//! - [`output`]: the locked, atomic output folder; [`manifest`]: the
//!   record of what each file in it was built from, so that a build skips
//!   what has not changed.
//! - [`scaffold`]: the files `dpia init` and `dpia new` write.
//! - [`check`]: the formats of `dpia check`, one module each.
//! - [`matrix`], [`screening`] and [`text`]: risk matrices, the screening
//!   analysis and tables as plain text for the terminal.

pub mod check;
pub mod csv;
pub mod figures;
pub mod html;
pub mod manifest;
pub mod matrix;
pub mod output;
pub mod pdf;
pub mod register;
pub mod reports;
pub mod scaffold;
pub mod screening;
pub mod svg;
pub mod text;
pub mod xlsx;
