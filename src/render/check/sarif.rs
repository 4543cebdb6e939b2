//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers: a rule
//! entry per rule and per input error that occurs, a result per finding
//! (suppressed ones with their justification).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use serde_json::{Value, json};

use super::{Entry, entries, findings, full_message, one_line};
use crate::diagnostic::{LocatedDiagnostic, Severity};
use crate::pipeline::Analysis;
use crate::present::markdown::to_plain;
use crate::rules::{RULES, RuleMeta};

/// Where the SARIF log says the tool is documented: the package's
/// repository, when Cargo.toml names one (left out of the log while empty).
const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

// ---------------------------------------------------------------- SARIF --

/// The SARIF `level` of a severity.
fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A section of a rule's documentation (the text under `## heading`), on
/// one line.
fn doc_section(doc: &str, heading: &str) -> String {
    let body = doc
        .split(&format!("## {heading}"))
        .nth(1)
        .unwrap_or_default()
        .split("\n## ")
        .next()
        .unwrap_or_default();
    one_line(body)
}

/// The SARIF rule entry (`reportingDescriptor`) of a compliance rule. Its
/// help is the `dpia explain` text: as Markdown for viewers that render it
/// (GitHub code scanning), and as plain text, the markup taken out, for
/// those that show `help.text` as it is.
fn rule_descriptor(meta: &RuleMeta) -> Value {
    let doc = meta.documentation();
    let checks = doc_section(&doc, "What it checks");
    let full = if checks.is_empty() {
        meta.summary()
    } else {
        checks
    };
    let help = meta.page();
    let mut descriptor = json!({
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": meta.summary()},
        "fullDescription": {"text": format!("{full} Reference: {}.", meta.reference)},
        "help": {"text": to_plain(&help), "markdown": help},
        "defaultConfiguration": {"level": sarif_level(meta.severity)},
        "properties": {
            "tags": ["data-protection", "compliance"],
            "reference": meta.reference,
        },
    });
    if let Some(uri) = help_uri(INFORMATION_URI, env!("DPIA_COMMIT"), meta.code) {
        descriptor["helpUri"] = json!(uri);
    }
    descriptor
}

/// Where a rule's or input error's page is published: `docs/rules/<code>.md`
/// in the repository (`repository`, as Cargo.toml names it) at the commit
/// dpia was built from (`commit`, as `--version` shows it: `commit <hash>`,
/// perhaps `, modified`), else on `main`; `None` while Cargo.toml names no
/// repository. The path is a forge's file view (`/blob/<revision>/`), as
/// GitHub, Gitea and Forgejo serve it and GitLab redirects it.
fn help_uri(repository: &str, commit: &str, code: &str) -> Option<String> {
    if repository.is_empty() {
        return None;
    }
    let hash = commit
        .strip_prefix("commit ")
        .map(|rest| rest.split(',').next().unwrap_or_default())
        .filter(|hash| !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_hexdigit()));
    Some(format!(
        "{}/blob/{}/docs/rules/{code}.md",
        repository.trim_end_matches('/'),
        hash.unwrap_or("main")
    ))
}

/// The SARIF rule entry of an input error code.
fn input_descriptor(code: &str) -> Value {
    let what = crate::codes::input_error(code).map_or("the input is not valid", |e| e.summary);
    let full = format!(
        "Input error {code}: {what}. The file is not valid dpia input; \
         `dpia check` exits with 2 until it is fixed."
    );
    let help = format!(
        "# {code} input error\n\n{full}\n\nThe message says what is wrong and where; the \
         README's \"Errors a person can act on\" lists every input error code, and \
         `dpia explain {code}` prints this one."
    );
    let mut descriptor = json!({
        "id": code,
        "name": "input-error",
        "shortDescription": {"text": format!("Input error: {what}.")},
        "fullDescription": {"text": full},
        "help": {"text": to_plain(&help), "markdown": help},
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["data-protection", "input-error"]},
    });
    if let Some(uri) = help_uri(INFORMATION_URI, env!("DPIA_COMMIT"), code) {
        descriptor["helpUri"] = json!(uri);
    }
    descriptor
}

/// A file name as shown (relative to the current folder) as a SARIF URI:
/// forward slashes, percent-encoded, relative to `%SRCROOT%` unless it is
/// an absolute path (then a `file:` URI without a base).
fn sarif_artifact(name: &str) -> Value {
    let slashed = name.replace('\\', "/");
    let bytes = slashed.as_bytes();
    let drive = bytes.len() > 2 && bytes[0].is_ascii_alphabetic() && &bytes[1..3] == b":/";
    if slashed.starts_with('/') {
        json!({"uri": format!("file://{}", percent_encode(&slashed))})
    } else if drive {
        let (letter, rest) = slashed.split_at(2);
        json!({"uri": format!("file:///{letter}{}", percent_encode(rest))})
    } else {
        json!({"uri": percent_encode(&slashed), "uriBaseId": "%SRCROOT%"})
    }
}

/// What may not appear as itself in a URI path (RFC 3986): every byte but
/// unreserved characters, sub-delimiters, `@` and `/`. A colon is encoded
/// too, so a relative path is never read as a scheme.
const NOT_IN_PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b'@')
    .remove(b'/');

/// A path percent-encoded for a URI ([`NOT_IN_PATH`]).
fn percent_encode(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, NOT_IN_PATH).to_string()
}

/// The SARIF `physicalLocation` of a located diagnostic, if it names a file.
/// A diagnostic about a whole file (an empty or unreadable one) is placed
/// on its first line, as code scanning shows only results with a line.
fn sarif_location(located: &LocatedDiagnostic) -> Option<Value> {
    let file = located.file.as_deref()?;
    let mut region = serde_json::Map::new();
    region.insert("startLine".into(), json!(located.line.unwrap_or(1)));
    if let Some(column) = located.column {
        region.insert("startColumn".into(), json!(column));
    }
    if let (Some(line), Some(column)) = (located.end_line, located.end_column) {
        region.insert("endLine".into(), json!(line));
        region.insert("endColumn".into(), json!(column));
    }
    let mut location = json!({
        "physicalLocation": {"artifactLocation": sarif_artifact(file), "region": region},
    });
    if let Some(label) = &located.label {
        location["message"] = json!({"text": label});
    }
    Some(location)
}

/// What stands for the results in the log's skeleton, until they are
/// written in its place. Only dpia's own text (the tool and its rules)
/// comes before the results, so the first place it serialises to is
/// theirs, whatever the author's text after them holds.
const RESULTS: &str = "\0results\0";

/// How deep the results are in the log: `runs`, the run, `results`.
const RESULT_INDENT: &str = "        ";

/// The SARIF result of an entry.
fn result_of(entry: &Entry<'_>, index: &BTreeMap<&str, usize>) -> Value {
    let located = &entry.located;
    let mut result = json!({
        "ruleId": located.code,
        "ruleIndex": index[located.code],
        "level": sarif_level(located.severity),
        "message": {"text": full_message(located)},
    });
    if let Some(location) = sarif_location(located) {
        result["locations"] = json!([location]);
    }
    let related: Vec<Value> = located
        .related
        .iter()
        .enumerate()
        .map(|(i, r)| {
            json!({
                "id": i,
                "physicalLocation": {
                    "artifactLocation": sarif_artifact(&r.file),
                    "region": {"startLine": r.line, "startColumn": r.column},
                },
                "message": {"text": r.message},
            })
        })
        .collect();
    if !related.is_empty() {
        result["relatedLocations"] = json!(related);
    }
    if let Some(reason) = entry.suppressed {
        result["suppressions"] = json!([{
            "kind": "inSource",
            "status": "accepted",
            "justification": reason,
        }]);
    }
    result
}

/// The SARIF 2.1.0 log of a run: one run of the tool `dpia` whose rules are
/// every compliance rule, then the input error codes that occur; one result
/// per finding and input error, and one per suppressed finding (marked as
/// suppressed in source, with the author's reason). Locations are relative
/// to the current folder (`%SRCROOT%`): run it from the repository root.
///
/// Written as it goes, a result at a time, into the log's skeleton
/// (pretty-printed as a whole, the results excepted): the same bytes as
/// the whole log pretty-printed at once.
///
/// # Errors
/// When `out` cannot be written to.
pub fn write(analysis: &Analysis, out: &mut dyn Write) -> std::io::Result<()> {
    let mut descriptors: Vec<Value> = RULES.iter().map(|r| rule_descriptor(r.meta())).collect();
    let mut index: BTreeMap<&str, usize> = RULES
        .iter()
        .enumerate()
        .map(|(i, r)| (r.meta().code, i))
        .collect();
    let input_codes: BTreeSet<&str> = findings(analysis)
        .map(|(d, _)| d.code)
        .filter(|code| !index.contains_key(code))
        .collect();
    for code in input_codes {
        index.insert(code, descriptors.len());
        descriptors.push(input_descriptor(code));
    }
    let mut driver = json!({
        "name": "dpia",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": descriptors,
    });
    if !INFORMATION_URI.is_empty() {
        driver["informationUri"] = json!(INFORMATION_URI);
    }
    let mut run = json!({
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": RESULTS,
    });
    // What a folder search passed over, as notes of the run.
    let notices: Vec<Value> = analysis
        .skipped
        .iter()
        .map(|(path, why)| {
            json!({
                "level": "note",
                "message": {"text": format!("skipped {path}: {why}")},
                "locations": [{"physicalLocation": {"artifactLocation": sarif_artifact(path)}}],
            })
        })
        .collect();
    let mut invocation = json!({"executionSuccessful": true});
    if !notices.is_empty() {
        invocation["toolExecutionNotifications"] = json!(notices);
    }
    // The project's loosening of the gate, as configuration notes of the
    // run (a finding G008 each, too).
    if let Some(loosened) = analysis.loosening_summary() {
        invocation["toolConfigurationNotifications"] = json!([{
            "level": if analysis.strict { "note" } else { "warning" },
            "message": {"text": loosened},
            "descriptor": {"id": "G008"},
        }]);
    }
    if invocation.as_object().is_some_and(|o| o.len() > 1) {
        run["invocations"] = json!([invocation]);
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    });
    let skeleton = serde_json::to_string_pretty(&log)?;
    let marker = serde_json::to_string(RESULTS)?;
    let Some((head, tail)) = skeleton.split_once(&marker) else {
        return Err(std::io::Error::other("the SARIF skeleton lost its results"));
    };
    out.write_all(head.as_bytes())?;
    let mut first = true;
    for entry in entries(analysis) {
        out.write_all(if first { b"[\n" } else { b",\n" })?;
        first = false;
        // A JSON string holds no line break, so each line is indented.
        let text = serde_json::to_string_pretty(&result_of(&entry, &index))?;
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                out.write_all(b"\n")?;
            }
            out.write_all(RESULT_INDENT.as_bytes())?;
            out.write_all(line.as_bytes())?;
        }
    }
    out.write_all(if first { b"[]" } else { b"\n      ]" })?;
    out.write_all(tail.as_bytes())?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_links_to_the_page_at_the_commit_built_from_once_there_is_a_repository() {
        let repository = "https://example.org/team/dpia/";
        assert_eq!(help_uri("", "commit 0123456789ab", "R001"), None);
        assert_eq!(
            help_uri(repository, "commit 0123456789ab", "R001").unwrap(),
            "https://example.org/team/dpia/blob/0123456789ab/docs/rules/R001.md"
        );
        assert_eq!(
            help_uri(repository, "commit 0123456789ab, modified", "E101").unwrap(),
            "https://example.org/team/dpia/blob/0123456789ab/docs/rules/E101.md"
        );
        assert_eq!(
            help_uri(repository, "commit unknown", "R001").unwrap(),
            "https://example.org/team/dpia/blob/main/docs/rules/R001.md"
        );
        // A build whose Cargo.toml names no repository links nothing.
        let linked = !INFORMATION_URI.is_empty();
        assert_eq!(
            rule_descriptor(RULES[0].meta()).get("helpUri").is_some(),
            linked
        );
        assert_eq!(input_descriptor("E101").get("helpUri").is_some(), linked);
    }

    #[test]
    fn artifact_uris_are_relative_encoded_references() {
        assert_eq!(
            sarif_artifact("assessments\\a b%.yaml"),
            json!({"uri": "assessments/a%20b%25.yaml", "uriBaseId": "%SRCROOT%"})
        );
        // Unreserved characters, sub-delimiters and `@` stay as they are;
        // a control character, `#`, `?` and `[` do not.
        assert_eq!(
            sarif_artifact("a(1)+b;c=d@e,f'g!h$i&j*k~l_m-n.yaml"),
            json!({"uri": "a(1)+b;c=d@e,f'g!h$i&j*k~l_m-n.yaml", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            sarif_artifact("a#b?c[d]\u{1b}.yaml"),
            json!({"uri": "a%23b%3Fc%5Bd%5D%1B.yaml", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            sarif_artifact("x:y.yaml"),
            json!({"uri": "x%3Ay.yaml", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            sarif_artifact("/srv/dpia/é.yaml"),
            json!({"uri": "file:///srv/dpia/%C3%A9.yaml"})
        );
        assert_eq!(
            sarif_artifact("C:\\dpia\\a.yaml"),
            json!({"uri": "file:///C:/dpia/a.yaml"})
        );
    }

    #[test]
    fn every_rule_has_a_full_description() {
        for rule in RULES {
            let meta = rule.meta();
            let section = doc_section(&meta.documentation(), "What it checks");
            assert!(!section.is_empty(), "{}", meta.code);
        }
    }
}
