//! JUnit XML, for CI test report panels: a test case per file, a failure
//! per finding at or above `--fail-on`, skipped cases for the files a
//! folder search passed over.

use std::collections::BTreeMap;

use super::{Entry, entries, one_line};
use crate::diagnostic::{LocatedDiagnostic, Origin};
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

/// One test case of the JUnit report: a file, and what was found in it.
#[derive(Default)]
struct Case<'a> {
    classname: String,
    name: String,
    errors: Vec<&'a Entry<'a>>,
    failures: Vec<&'a Entry<'a>>,
    output: Vec<String>,
}

/// The JUnit XML report of a run: one `<testsuite>` named `dpia check`,
/// one `<testcase>` per assessment file (classname the assessment id, name
/// the file) and per other file with something to say (the project file,
/// a broken assessment: classname its file stem). Each input error is an
/// `<error>`, each error-level finding a `<failure>`; warnings are failures
/// too under `--fail-on warning`, else lines of `<system-out>`, as are
/// info findings and suppressed findings (with their reasons). A test case counts once: as an error if
/// it has an input error, else as a failure if it has a failure.
#[must_use]
pub fn render(analysis: &Analysis, fail_on: FailOn) -> String {
    let entries: Vec<_> = entries(analysis).collect();
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
    for entry in &entries {
        let file = entry.diagnostic.file_id();
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
        let located = &entry.located;
        if let Some(reason) = entry.suppressed {
            case.output.push(format!(
                "{}\nreason: {}",
                finding_text(located, "suppressed"),
                one_line(reason)
            ));
        } else if entry.diagnostic.origin == Origin::Input {
            case.errors.push(entry);
        } else if entry.diagnostic.severity >= threshold {
            case.failures.push(entry);
        } else {
            case.output
                .push(finding_text(located, located.severity.as_str()));
        }
    }
    let tests = cases.len();
    let errors = cases.values().filter(|c| !c.errors.is_empty()).count();
    let failures = cases
        .values()
        .filter(|c| c.errors.is_empty() && !c.failures.is_empty())
        .count();
    let skipped = analysis.skipped.len();
    let tests = tests + skipped;
    let counts = format!(r#"tests="{tests}" failures="{failures}" errors="{errors}""#);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<testsuites name=\"dpia\" {counts}>\n"));
    out.push_str(&format!(
        "  <testsuite name=\"dpia check\" {counts} skipped=\"{skipped}\">\n"
    ));
    if let Some(loosened) = analysis.loosening_summary() {
        out.push_str(&format!(
            "    <properties>\n      <property name=\"loosened\" value=\"{}\"/>\n    </properties>\n",
            xml_attribute(&loosened)
        ));
    }
    // What a folder search passed over is a skipped test case, with why.
    for (path, why) in &analysis.skipped {
        out.push_str(&format!(
            "    <testcase classname=\"skipped\" name=\"{}\">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
            xml_attribute(path),
            xml_attribute(why)
        ));
    }
    for case in cases.values() {
        out.push_str(&format!(
            "    <testcase classname=\"{}\" name=\"{}\"",
            xml_attribute(&case.classname),
            xml_attribute(&case.name)
        ));
        if case.errors.is_empty() && case.failures.is_empty() && case.output.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        for (element, list) in [("error", &case.errors), ("failure", &case.failures)] {
            for entry in list {
                let located = &entry.located;
                out.push_str(&format!(
                    "      <{element} message=\"{}\" type=\"{}\">{}</{element}>\n",
                    xml_attribute(&format!("{}: {}", located.code, located.message)),
                    xml_attribute(located.code),
                    xml_escape(&finding_text(located, located.severity.as_str()))
                ));
            }
        }
        if !case.output.is_empty() {
            let mut text = case.output.join("\n");
            text.push('\n');
            out.push_str(&format!(
                "      <system-out>{}</system-out>\n",
                xml_escape(&text)
            ));
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
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
