//! The human format of `dpia check`: every diagnostic with its snippet and
//! caret, the suppressed findings with their reasons, then the summary.

use std::path::Path;

use super::{one_line, place, summary};
use crate::diagnostic::{LocatedDiagnostic, render_human};
use crate::escape::inline;
use crate::pipeline::Analysis;

/// The human report: every diagnostic, then one line per assessment and
/// the totals.
#[must_use]
pub fn render(analysis: &Analysis, cwd: &Path, colour: bool) -> String {
    let mut out = render_human(&analysis.diagnostics, &analysis.sources, colour);
    if !analysis.suppressed.is_empty() {
        out.push_str("suppressed by the assessments, each with its reason:\n");
        for s in &analysis.suppressed {
            let located = LocatedDiagnostic::new(&s.diagnostic, &analysis.sources);
            out.push_str(&format!(
                "  {}{}[{}] {}\n    reason: {}\n",
                place(&located),
                s.diagnostic.severity.as_str(),
                s.diagnostic.code,
                inline(&s.diagnostic.message),
                one_line(&s.reason)
            ));
        }
        out.push('\n');
    }
    out + &summary(analysis, cwd)
}
