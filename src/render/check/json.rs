//! The JSON format of `dpia check`: the document of
//! [`crate::present::check::json_report`], pretty-printed.

use std::io::Write;
use std::path::Path;

use crate::pipeline::Analysis;
use crate::present::check::json_report;

/// The JSON document, with a final newline.
#[must_use]
pub fn render(analysis: &Analysis, cwd: &Path) -> String {
    super::in_memory(|out| write(analysis, cwd, out))
}

/// [`render`], written to `out` as it is serialised (the report's lists
/// are made an item at a time).
///
/// # Errors
/// When `out` cannot be written to.
pub fn write(analysis: &Analysis, cwd: &Path, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &json_report(analysis, cwd))?;
    out.write_all(b"\n")
}
