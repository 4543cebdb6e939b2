//! The concise format of `dpia check`: one line per diagnostic,
//! `file:line:col: severity[CODE] message`, then the summary.

use std::io::Write;
use std::path::Path;

use super::{closing, one_line, place};
use crate::diagnostic::LocatedDiagnostic;
use crate::escape::inline;
use crate::pipeline::Analysis;

/// The concise report: one line per diagnostic, then the summary.
#[must_use]
pub fn render(analysis: &Analysis, cwd: &Path) -> String {
    super::in_memory(|out| write(analysis, cwd, false, out))
}

/// [`render`], written to `out` as it goes; `quiet` leaves out the
/// summary ([`closing`]).
///
/// # Errors
/// When `out` cannot be written to.
pub fn write(
    analysis: &Analysis,
    cwd: &Path,
    quiet: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for d in &analysis.diagnostics {
        let located = LocatedDiagnostic::new(d, &analysis.sources);
        writeln!(
            out,
            "{}{}[{}] {}",
            place(&located),
            d.severity.as_str(),
            d.code,
            inline(&d.message)
        )?;
    }
    for s in &analysis.suppressed {
        let located = LocatedDiagnostic::new(&s.diagnostic, &analysis.sources);
        writeln!(
            out,
            "{}suppressed[{}] {} (reason: {})",
            place(&located),
            s.diagnostic.code,
            inline(&s.diagnostic.message),
            one_line(&s.reason)
        )?;
    }
    let closing = closing(analysis, cwd, quiet);
    if !closing.is_empty() && (!analysis.diagnostics.is_empty() || !analysis.suppressed.is_empty())
    {
        out.write_all(b"\n")?;
    }
    out.write_all(closing.as_bytes())
}
