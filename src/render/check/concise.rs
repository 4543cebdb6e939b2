//! The concise format of `dpia check`: one line per diagnostic,
//! `file:line:col: severity[CODE] message`, then the summary.

use std::path::Path;

use super::{one_line, place, summary};
use crate::diagnostic::LocatedDiagnostic;
use crate::escape::inline;
use crate::pipeline::Analysis;

/// The concise report: one line per diagnostic, then the summary.
#[must_use]
pub fn render(analysis: &Analysis, cwd: &Path) -> String {
    let mut out = String::new();
    for d in &analysis.diagnostics {
        let located = LocatedDiagnostic::new(d, &analysis.sources);
        out.push_str(&format!(
            "{}{}[{}] {}\n",
            place(&located),
            d.severity.as_str(),
            d.code,
            inline(&d.message)
        ));
    }
    for s in &analysis.suppressed {
        let located = LocatedDiagnostic::new(&s.diagnostic, &analysis.sources);
        out.push_str(&format!(
            "{}suppressed[{}] {} (reason: {})\n",
            place(&located),
            s.diagnostic.code,
            inline(&s.diagnostic.message),
            one_line(&s.reason)
        ));
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out + &summary(analysis, cwd)
}
