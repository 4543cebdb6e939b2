//! JUnit XML, for CI test report panels: a test case per file, a failure
//! per finding at or above `--fail-on`, skipped cases for the files a
//! folder search passed over.

use std::collections::BTreeMap;
use std::io::Write;

use super::{findings, one_line};
use crate::diagnostic::{Diagnostic, LocatedDiagnostic, Origin};
use crate::pipeline::Analysis;
use crate::present::check::FailOn;
use crate::source::FileId;
use crate::xml::escape as xml_escape;

// ---------------------------------------------------------------- JUnit --

/// [`xml_escape`] for an attribute value: line feeds and tabs become
/// character references too, since parsers turn literal ones into spaces.
fn xml_attribute(text: &str) -> String {
    xml_escape(text)
        .replace('\n', "&#10;")
        .replace('\t', "&#9;")
}

/// `place: kind[CODE] message` (kind the severity, or `suppressed`), then
/// its notes, help and reference on their own lines: the body of a JUnit
/// failure or error, or a paragraph of `<system-out>`.
fn finding_text(located: &LocatedDiagnostic, kind: &str) -> String {
    let mut text = String::new();
    if let Some(place) = located.place() {
        text.push_str(&format!("{place}: "));
    }
    text.push_str(&format!("{kind}[{}] {}", located.code, located.message));
    for note in &located.notes {
        text.push_str(&format!("\nnote: {note}"));
    }
    if let Some(help) = &located.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    if let Some(reference) = located.reference {
        text.push_str(&format!("\nreference: {reference}"));
    }
    text
}

/// What a finding is in its test case.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An input error: an `<error>`.
    Error,
    /// A finding at or above `--fail-on`: a `<failure>`.
    Failure,
    /// Anything else, suppressed findings included: a paragraph of
    /// `<system-out>`.
    Output,
}

/// One test case of the JUnit report: a file, and what was found in it, in
/// the run's order (located only when written).
#[derive(Default)]
struct Case<'a> {
    classname: String,
    name: String,
    findings: Vec<(Kind, &'a Diagnostic, Option<&'a str>)>,
}

impl Case<'_> {
    fn has(&self, kind: Kind) -> bool {
        self.findings.iter().any(|(k, ..)| *k == kind)
    }
}

/// The JUnit XML report of a run: one `<testsuite>` named `dpia check`,
/// one `<testcase>` per assessment file (classname the assessment id, name
/// the file) and per other file with something to say (the project file,
/// a broken assessment: classname its file stem). Each input error is an
/// `<error>`, each error-level finding a `<failure>`; warnings are failures
/// too under `--fail-on warning`, else lines of `<system-out>`, as are
/// info findings and suppressed findings (with their reasons). A test case counts once: as an error if
/// it has an input error, else as a failure if it has a failure.
///
/// The counts come first, so the cases are sorted out first, but each
/// finding is located and written only when its case is: a case at a time.
///
/// # Errors
/// When `out` cannot be written to.
pub fn write(analysis: &Analysis, fail_on: FailOn, out: &mut dyn Write) -> std::io::Result<()> {
    let threshold = fail_on.threshold();
    // Keyed by file id; diagnostics about no file at all come last.
    let mut cases: BTreeMap<(bool, FileId), Case<'_>> = BTreeMap::new();
    for checked in &analysis.assessments {
        let file = checked.model.file;
        cases.insert(
            (false, file),
            Case {
                classname: checked.model.assessment.id.clone(),
                name: analysis.sources.get(file).name().to_owned(),
                ..Case::default()
            },
        );
    }
    for (diagnostic, reason) in findings(analysis) {
        let file = diagnostic.file_id();
        let case = cases
            .entry((file.is_none(), file.unwrap_or_default()))
            .or_insert_with(|| match file {
                Some(id) => {
                    let name = analysis.sources.get(id).name().to_owned();
                    let stem = std::path::Path::new(&name)
                        .file_stem()
                        .map_or_else(|| name.clone(), |s| s.to_string_lossy().into_owned());
                    Case {
                        classname: stem,
                        name,
                        ..Case::default()
                    }
                }
                None => Case {
                    classname: "dpia".to_owned(),
                    name: "dpia check".to_owned(),
                    ..Case::default()
                },
            });
        let kind = if reason.is_some() {
            Kind::Output
        } else if diagnostic.origin == Origin::Input {
            Kind::Error
        } else if diagnostic.severity >= threshold {
            Kind::Failure
        } else {
            Kind::Output
        };
        case.findings.push((kind, diagnostic, reason));
    }
    let tests = cases.len();
    let errors = cases.values().filter(|c| c.has(Kind::Error)).count();
    let failures = cases
        .values()
        .filter(|c| !c.has(Kind::Error) && c.has(Kind::Failure))
        .count();
    let skipped = analysis.skipped.len();
    let tests = tests + skipped;
    let counts = format!(r#"tests="{tests}" failures="{failures}" errors="{errors}""#);
    out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    writeln!(out, "<testsuites name=\"dpia\" {counts}>")?;
    writeln!(
        out,
        "  <testsuite name=\"dpia check\" {counts} skipped=\"{skipped}\">"
    )?;
    if let Some(loosened) = analysis.loosening_summary() {
        writeln!(
            out,
            "    <properties>\n      <property name=\"loosened\" value=\"{}\"/>\n    </properties>",
            xml_attribute(&loosened)
        )?;
    }
    // What a folder search passed over is a skipped test case, with why.
    for (path, why) in &analysis.skipped {
        writeln!(
            out,
            "    <testcase classname=\"skipped\" name=\"{}\">\n      <skipped message=\"{}\"/>\n    </testcase>",
            xml_attribute(path),
            xml_attribute(why)
        )?;
    }
    for case in cases.values() {
        write!(
            out,
            "    <testcase classname=\"{}\" name=\"{}\"",
            xml_attribute(&case.classname),
            xml_attribute(&case.name)
        )?;
        if case.findings.is_empty() {
            out.write_all(b"/>\n")?;
            continue;
        }
        out.write_all(b">\n")?;
        let locate = |d| LocatedDiagnostic::new(d, &analysis.sources);
        for (element, wanted) in [("error", Kind::Error), ("failure", Kind::Failure)] {
            for (_, diagnostic, _) in case.findings.iter().filter(|(k, ..)| *k == wanted) {
                let located = locate(diagnostic);
                writeln!(
                    out,
                    "      <{element} message=\"{}\" type=\"{}\">{}</{element}>",
                    xml_attribute(&format!("{}: {}", located.code, located.message)),
                    xml_attribute(located.code),
                    xml_escape(&finding_text(&located, located.severity.as_str()))
                )?;
            }
        }
        let mut text = String::new();
        for (_, diagnostic, reason) in case.findings.iter().filter(|(k, ..)| *k == Kind::Output) {
            let located = locate(diagnostic);
            if !text.is_empty() {
                text.push('\n');
            }
            match reason {
                Some(reason) => text.push_str(&format!(
                    "{}\nreason: {}",
                    finding_text(&located, "suppressed"),
                    one_line(reason)
                )),
                None => text.push_str(&finding_text(&located, located.severity.as_str())),
            }
        }
        if !text.is_empty() {
            text.push('\n');
            writeln!(out, "      <system-out>{}</system-out>", xml_escape(&text))?;
        }
        out.write_all(b"    </testcase>\n")?;
    }
    out.write_all(b"  </testsuite>\n</testsuites>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escape_handles_markup_and_illegal_characters() {
        assert_eq!(
            xml_escape("a<b>&\"c\"'d' ]]> \u{1}\u{b}x\u{fffe}\ty\r\n"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos; ]]&gt; x\ty&#13;\n"
        );
        assert_eq!(xml_attribute("a\nb\tc"), "a&#10;b&#9;c");
    }
}
