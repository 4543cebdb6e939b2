//! Nothing the author wrote is lost: every free-text value of the bundled
//! examples is replaced by a unique marker, the reports are built, and each
//! marker must appear in the HTML report's text and in the PDF's text,
//! unless its field is on [`LEFT_OUT`], the documented list of what a DPIA
//! report does not show, with the reason.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::common::{Dpia, pdftotext, root};
use dpia::schema::{SchemaKind, schema_document};
use dpia::source::SourceFile;
use dpia::yaml::parse;

/// Fields (as schema paths, `[]` for list items) whose text a DPIA report
/// does not show, and why. Each is shown elsewhere or is not prose.
const LEFT_OUT: &[(&str, &str)] = &[];

/// Follows a local `$ref`.
fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) if r.starts_with("#/") => resolve(root, root.pointer(&r[1..]).unwrap()),
        _ => schema,
    }
}

/// The schema of a property of an object schema, through `$ref`,
/// `if/then/else` and `allOf`.
fn property<'a>(root: &'a Value, schema: &'a Value, name: &str) -> Option<&'a Value> {
    let schema = resolve(root, schema);
    if let Some(p) = schema.pointer(&format!("/properties/{name}")) {
        return Some(p);
    }
    for branch in ["then", "else"] {
        if let Some(b) = schema.get(branch)
            && let Some(p) = property(root, b, name)
        {
            return Some(p);
        }
    }
    schema.get("additionalProperties").filter(|a| a.is_object())
}

/// Fields whose text is read as a value, not shown as prose: a level or a
/// stated rating is read against the risk matrix (the report shows the
/// rating it names).
const READ_AS_VALUES: &[&str] = &["likelihood", "severity", "stated"];

/// Whether a string schema holds free text: not an id, a reference, a code,
/// a date, a colour, one of a set of values, or a value read against the
/// matrix.
fn free_text(root: &Value, schema: &Value, path: &str) -> bool {
    let schema = resolve(root, schema);
    // `if: {type: string}, then: ...` gives the schema of a string.
    if schema.pointer("/if/type").and_then(Value::as_str) == Some("string")
        && let Some(then) = schema.get("then")
    {
        return free_text(root, then, path);
    }
    let name = path.rsplit('/').next().unwrap_or_default();
    ["enum", "pattern", "format", "const", "anyOf", "oneOf"]
        .iter()
        .all(|k| schema.get(k).is_none())
        && !READ_AS_VALUES.contains(&name)
}

/// Replaces every free-text string of `value` with a marker, recording
/// each marker and its schema path.
fn mark(
    root: &Value,
    schema: &Value,
    value: &mut Value,
    path: &str,
    prefix: &str,
    out: &mut Vec<(String, String)>,
) {
    let schema = resolve(root, schema);
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                if let Some(sub) = property(root, schema, key) {
                    mark(root, sub, item, &format!("{path}/{key}"), prefix, out);
                }
            }
        }
        Value::Array(items) => {
            let sub = schema
                .get("items")
                .or_else(|| schema.pointer("/then/items"))
                .or_else(|| schema.pointer("/else/items"));
            if let Some(sub) = sub {
                for item in items.iter_mut() {
                    mark(root, sub, item, &format!("{path}/[]"), prefix, out);
                }
            }
        }
        Value::String(text) if free_text(root, schema, path) && !text.trim().is_empty() => {
            let marker = format!("{prefix}{:04}", out.len());
            *value = Value::String(format!("{marker} text"));
            out.push((marker, path.to_owned()));
        }
        _ => {}
    }
}

#[test]
fn every_free_text_of_the_examples_reaches_the_html_and_the_pdf() {
    let schema = schema_document(SchemaKind::Assessment);
    let project = Dpia::temp().file(
        "dpia.yaml",
        &std::fs::read_to_string(root().join("dpia.yaml")).unwrap(),
    );
    let mut markers = Vec::new();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(root().join("assessments")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut value = parse(&SourceFile::new("x.yaml", text), 0)
            .unwrap()
            .to_json();
        let prefix = format!("Qz{}x", files.len());
        let mut own = Vec::new();
        mark(schema, schema, &mut value, "", &prefix, &mut own);
        let id = value["id"].as_str().unwrap().to_owned();
        // JSON is YAML: the marked file is written as JSON.
        let name = format!("assessments/{id}.yaml");
        let project_file = serde_json::to_string_pretty(&value).unwrap();
        files.push((id.clone(), name.clone(), project_file));
        markers.extend(own.into_iter().map(|(m, p)| (id.clone(), m, p)));
    }
    let project = files
        .iter()
        .fold(project, |p, (_, name, text)| p.file(name, text));
    let run = project.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let left_out: BTreeSet<&str> = LEFT_OUT.iter().map(|(p, _)| *p).collect();
    let mut missing = BTreeSet::new();
    let mut shown = BTreeSet::new();
    for (id, _, _) in &files {
        let html_file = project.dir().join(format!("out/dpia/{id}.html"));
        if !html_file.exists() {
            continue; // a record of processing only: the register holds it
        }
        let html = std::fs::read_to_string(&html_file).unwrap();
        let pdf = pdftotext(&project.dir().join(format!("out/dpia/{id}.pdf")));
        for (_, marker, path) in markers.iter().filter(|(i, _, _)| i == id) {
            let in_html = html.contains(marker.as_str());
            let in_pdf = pdf.contains(marker.as_str());
            if in_html && in_pdf {
                shown.insert(path.clone());
            } else if !left_out.contains(path.as_str()) {
                missing.insert(format!(
                    "{path} ({}{})",
                    if in_html { "" } else { "not in the HTML " },
                    if in_pdf { "" } else { "not in the PDF" }
                ));
            }
        }
    }
    assert!(
        shown.len() > 100,
        "only {} fields were checked",
        shown.len()
    );
    assert!(
        missing.is_empty(),
        "{}",
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
    let stale: Vec<_> = left_out.iter().filter(|p| shown.contains(**p)).collect();
    assert!(
        stale.is_empty(),
        "shown now, take them off LEFT_OUT: {stale:?}"
    );
}
