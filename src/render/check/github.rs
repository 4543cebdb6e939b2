//! GitHub Actions workflow commands (`::error file=...::message`), which
//! the runner shows as annotations, then the summary between stop-commands
//! so that nothing the author wrote is read as a command.

use std::io::Write;

use super::{Entry, entries, full_message};
use crate::diagnostic::{Origin, Severity};
use crate::pipeline::Analysis;

// --------------------------------------------------------------- GitHub --

/// The message of a workflow command: `%`, CR and LF escaped as GitHub's
/// runner reads them.
#[must_use]
pub fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value of a workflow command: as [`github_data`], and `:` and
/// `,`, which end a property, escaped too.
#[must_use]
pub fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command (`::error`, `::warning` or `::notice`) for a finding.
fn github_command(entry: &Entry<'_>) -> String {
    let located = &entry.located;
    let command = match (entry.suppressed, located.severity) {
        (Some(_), _) | (None, Severity::Info) => "notice",
        (None, Severity::Warning) => "warning",
        (None, Severity::Error) => "error",
    };
    let mut properties: Vec<String> = Vec::new();
    if let Some(file) = &located.file {
        properties.push(format!("file={}", github_property(file)));
    }
    if let Some(line) = located.line {
        properties.push(format!("line={line}"));
    }
    if let Some(column) = located.column {
        properties.push(format!("col={column}"));
    }
    if let Some(end) = located.end_line {
        properties.push(format!("endLine={end}"));
        // The runner uses columns only within one line.
        if Some(end) == located.line
            && let Some(column) = located.end_column
        {
            properties.push(format!("endColumn={column}"));
        }
    }
    let name = match (located.rule, located.origin) {
        (Some(rule), _) => rule,
        (None, Origin::Input) => "input error",
        (None, Origin::Rule) => "finding",
    };
    let mut title = format!("{} {name}", located.code);
    let mut message = full_message(located);
    if let Some(reason) = entry.suppressed {
        title.push_str(" (suppressed)");
        message.push_str(&format!("\nsuppressed: {reason}"));
    }
    properties.push(format!("title={}", github_property(&title)));
    format!(
        "::{command} {}::{}\n",
        properties.join(","),
        github_data(&message)
    )
}

/// GitHub Actions workflow commands: one `::error`, `::warning` or
/// `::notice` line per finding and input error (a notice, with its reason,
/// per suppressed finding), which the runner shows as annotations on the
/// files; then a blank line and `summary`, the human report's summary, for
/// the log. The summary holds file paths the user chose, so the runner is
/// told not to read commands in it: `::stop-commands::TOKEN` before it and
/// `::TOKEN::` after, the token derived from the summary itself (so the
/// output stays deterministic and no path can contain its own token). An
/// empty summary (`--quiet`) leaves the commands alone. Written as it
/// goes, a command at a time.
///
/// # Errors
/// When `out` cannot be written to.
pub fn write(analysis: &Analysis, summary: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let mut any = false;
    for entry in entries(analysis) {
        out.write_all(github_command(&entry).as_bytes())?;
        any = true;
    }
    if summary.is_empty() {
        return Ok(());
    }
    if any {
        out.write_all(b"\n")?;
    }
    let token = stop_token(summary);
    write!(out, "::stop-commands::{token}\n{summary}")?;
    if !summary.ends_with('\n') {
        out.write_all(b"\n")?;
    }
    writeln!(out, "::{token}::")
}

/// A token for `::stop-commands::` that the text cannot contain: an FNV-1a
/// hash of the text, lengthened until it does not occur in it.
fn stop_token(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let mut token = format!("dpia-{hash:016x}");
    while text.contains(&token) {
        hash = hash.wrapping_mul(0x0100_0000_01b3) ^ 0x5f;
        token.push_str(&format!("{hash:016x}"));
    }
    token
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes_data_and_properties() {
        assert_eq!(github_data("100% a,b: c\r\nd"), "100%25 a,b: c%0D%0Ad");
        assert_eq!(github_property("a%,b:c\n"), "a%25%2Cb%3Ac%0A");
    }
}
