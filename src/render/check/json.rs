//! The JSON format of `dpia check`: the document of
//! [`crate::present::check::json_report`], pretty-printed.

use std::path::Path;

use crate::pipeline::Analysis;
use crate::present::check::json_report;

/// The JSON document, with a final newline.
#[must_use]
pub fn render(analysis: &Analysis, cwd: &Path) -> String {
    let mut json = serde_json::to_string_pretty(&json_report(analysis, cwd)).unwrap_or_default();
    json.push('\n');
    json
}
