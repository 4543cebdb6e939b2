//! The human format of `dpia check`: every diagnostic with its snippet and
//! caret, the suppressed findings with their reasons, then the summary.

use std::io::Write;
use std::path::Path;

use super::{closing, one_line, place};
use crate::diagnostic::{LocatedDiagnostic, write_human};
use crate::escape::inline;
use crate::pipeline::Analysis;

/// The human report: every diagnostic, then one line per assessment and
/// the totals.
#[must_use]
pub fn render(analysis: &Analysis, cwd: &Path, colour: bool) -> String {
    super::in_memory(|out| write(analysis, cwd, colour, false, out))
}

/// [`render`], written to `out` as it goes; `quiet` leaves out the
/// summary ([`closing`]).
///
/// # Errors
/// When `out` cannot be written to.
pub fn write(
    analysis: &Analysis,
    cwd: &Path,
    colour: bool,
    quiet: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    write_human(&analysis.diagnostics, &analysis.sources, colour, out)?;
    if !analysis.suppressed.is_empty() {
        out.write_all(b"suppressed by the assessments, each with its reason:\n")?;
        for s in &analysis.suppressed {
            let located = LocatedDiagnostic::new(&s.diagnostic, &analysis.sources);
            write!(
                out,
                "  {}{}[{}] {}\n    reason: {}\n",
                place(&located),
                s.diagnostic.severity.as_str(),
                s.diagnostic.code,
                inline(&s.diagnostic.message),
                one_line(&s.reason)
            )?;
        }
        out.write_all(b"\n")?;
    }
    out.write_all(closing(analysis, cwd, quiet).as_bytes())
}
