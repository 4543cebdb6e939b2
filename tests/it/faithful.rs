//! Nothing the author wrote is lost: every field an author can write
//! reaches the DPIA report (HTML and PDF) and, when it is part of the
//! record of processing, the register, unless it is on one of the
//! documented lists below, with the reason.
//!
//! Two kinds of test. The bundled examples, their free text replaced by
//! unique markers, show that real assessments lose nothing. The maximal
//! assessment (`maximal.rs`), built from the schema with every field
//! present, shows it for every field the schema has, including fields
//! added later: each free-text marker and shown id must be in the HTML
//! report's text and the PDF's text; each value (one of a set, a flag, a
//! number, a date, a level, a reference), changed to another valid value,
//! must change the HTML and the PDF (the report shows it in some worded
//! form); and each other shape a field may take (a criterion with its note
//! rather than `true`) is built in and its markers looked for. The same
//! for the register (register.html and the CSV), for the fields of the
//! record of processing.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::common::{Dpia, pdftotext, root};
use dpia::schema::{SchemaKind, schema_document};
use dpia::source::SourceFile;
use dpia::yaml::parse;

/// Fields of the maximal assessment (schema paths, `*` for any one
/// step, an entry covering what is under it) whose text or id a DPIA
/// report does not show, and why.
const LEFT_OUT_OF_REPORT: &[(&str, &str)] = &[(
    "/*/[]/id",
    "the key by which items refer to each other: the report names the item instead (the \
     ids of risks, measures, transfers and data flows, by which its tables are read, are \
     shown)",
)];

/// Values whose change leaves the DPIA report as it was, and why.
const READ_AS_VALUES_ONLY: &[(&str, &str)] = &[(
    "/data_categories/[]/special_category",
    "read with `special_category_types`: a category with types listed is special category \
     data whatever the flag says, and the report names the types",
)];

const DPIA_STEPS: &str = "the DPIA's own assessment (ICO steps 1 and 3 to 7), in the DPIA \
    report: the record says only whether a DPIA is required and links it";
const DOCUMENT: &str = "the document's control (summary, versions, dates, people, sources, \
    supporting documents, notes), in the DPIA report";
const DETAIL: &str = "the record names each item with what Art 30 and the ICO's record \
    template ask (categories, roles, countries, bases, contracts, safeguards, retention, \
    locations); its description and the rest of its detail are in the DPIA report";

/// Fields that are not part of the record of processing (Art 30), so
/// not in the register, and why. Everything else of the maximal
/// assessment must be in its record (register.html and register.csv,
/// or processor-register.csv for an activity done as a processor).
const NOT_IN_THE_RECORD: &[(&str, &str)] = &[
    ("/summary", DOCUMENT),
    ("/version", DOCUMENT),
    ("/version_history", DOCUMENT),
    ("/dates", DOCUMENT),
    ("/people", DOCUMENT),
    ("/source_document", DOCUMENT),
    ("/documents", DOCUMENT),
    ("/notes", DOCUMENT),
    ("/screening", DPIA_STEPS),
    ("/consultation", DPIA_STEPS),
    ("/necessity", DPIA_STEPS),
    ("/risks", DPIA_STEPS),
    ("/measures", DPIA_STEPS),
    ("/sign_off", DPIA_STEPS),
    (
        "/suppress",
        "which findings do not apply: findings are not part of the record",
    ),
    (
        "/description",
        "ICO step 2's prose: the record lists the purposes, data and recipients as items \
         (it quotes the described purposes and nature only when no purpose is listed)",
    ),
    (
        "/data_flows",
        "how the data moves between the items the record lists: in the DPIA report and its \
         diagram",
    ),
    (
        "/*/[]/id",
        "the key by which items refer to each other: the record names the item",
    ),
    ("/data_subjects/[]/description", DETAIL),
    ("/data_subjects/[]/count", DETAIL),
    ("/data_categories/[]/description", DETAIL),
    ("/data_categories/[]/note", DETAIL),
    ("/data_categories/[]/data_subjects", DETAIL),
    ("/data_categories/[]/sources", DETAIL),
    ("/data_categories/[]/retention/note", DETAIL),
    (
        "/data_categories/[]/special_category",
        "read with the special category types, which the record lists",
    ),
    ("/sources/[]/description", DETAIL),
    ("/purposes/[]/description", DETAIL),
    ("/purposes/[]/public_task", DETAIL),
    ("/lawful_bases/[]/law", DETAIL),
    ("/lawful_bases/[]/note", DETAIL),
    ("/lawful_bases/[]/consent_withdrawal", DETAIL),
    ("/recipients/[]/description", DETAIL),
    ("/recipients/[]/contact", DETAIL),
    ("/recipients/[]/data_categories", DETAIL),
    ("/recipients/[]/authorisation", DETAIL),
    ("/recipients/[]/compliance_checks", DETAIL),
    ("/recipients/[]/processor", DETAIL),
    ("/transfers/[]/data_categories", DETAIL),
    ("/transfers/[]/note", DETAIL),
    ("/systems/[]/description", DETAIL),
    ("/systems/[]/kind", DETAIL),
    ("/systems/[]/supplier", DETAIL),
    ("/retention/note", DETAIL),
    (
        "/joint_controllers/[]/registration",
        "Art 30(1)(a) asks for a joint controller's name and contact details, which the \
         record gives; its registration with a supervisory authority is in the DPIA report",
    ),
];

/// The text of an HTML page as a reader sees it: no tags, styles or
/// scripts, the common entities decoded, runs of white space as one
/// space.
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        out.push(' ');
        let tag = &rest[start..];
        let skip_to = ["<style", "<script"]
            .iter()
            .find(|t| tag.starts_with(**t))
            .map(|t| format!("</{}>", &t[1..]));
        let end = match skip_to {
            Some(close) => tag.find(&close).map_or(tag.len(), |e| e + close.len()),
            None => tag.find('>').map_or(tag.len(), |e| e + 1),
        };
        rest = &tag[end..];
    }
    out.push_str(rest);
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a schema path is on a list of paths, where `*` stands for
/// one step and an entry covers everything under it.
fn listed<'a>(list: &'a [(&'a str, &'a str)], path: &str) -> Option<&'a str> {
    list.iter().map(|(p, _)| *p).find(|entry| {
        let entry: Vec<&str> = entry.split('/').collect();
        let path: Vec<&str> = path.split('/').collect();
        path.len() >= entry.len() && entry.iter().zip(&path).all(|(e, p)| e == p || *e == "*")
    })
}

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
const READ_AGAINST_THE_MATRIX: &[&str] = &["likelihood", "severity", "stated"];

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
        && !READ_AGAINST_THE_MATRIX.contains(&name)
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
    let project = Dpia::temp();
    crate::common::write_examples_project(project.dir());
    let mut markers = Vec::new();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(root().join("assessments")).unwrap() {
        let path = entry.unwrap().path();
        if dpia::project::is_approvals_file(&path) {
            continue;
        }
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
    let mut missing = BTreeSet::new();
    let mut shown = BTreeSet::new();
    for (id, _, _) in &files {
        let html_file = project.dir().join(format!("out/dpia/{id}.html"));
        if !html_file.exists() {
            continue; // a record of processing only: the register holds it
        }
        let html = html_text(&std::fs::read_to_string(&html_file).unwrap());
        let pdf = pdftotext(&project.dir().join(format!("out/dpia/{id}.pdf")));
        for (_, marker, path) in markers.iter().filter(|(i, _, _)| i == id) {
            let in_html = html.contains(marker.as_str());
            let in_pdf = pdf.contains(marker.as_str());
            if in_html && in_pdf {
                shown.insert(path.clone());
            } else if listed(LEFT_OUT_OF_REPORT, path).is_none() {
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
}

mod schema_driven {
    use super::*;
    use crate::maximal::{Kind, Leaf, Maximal, Settings, changed, maximal};

    /// The project's organisations: the controller, then two that the
    /// assessment may name as joint controllers.
    const ORGANISATIONS: [&str; 3] = ["maximal-org", "joint-org-1", "joint-org-2"];

    /// The matrix the maximal assessment is scored on (ICO 3x3).
    fn matrix() -> Value {
        let text = std::fs::read_to_string(root().join("src/matrices/ico-3x3.yaml")).unwrap();
        parse(&SourceFile::new("ico-3x3.yaml", text), 0)
            .unwrap()
            .to_json()
    }

    /// The project file: its organisations; every rule off but `on` (and
    /// G008, which reports that they are off and cannot be).
    fn project_file(on: &[String]) -> String {
        let mut text =
            "name: Maximal\njurisdiction: uk\nrisk_matrix: ico-3x3\norganisations:\n".to_owned();
        for id in ORGANISATIONS {
            text.push_str(&format!("  - id: {id}\n    name: Organisation {id}\n"));
        }
        let off: Vec<&str> = dpia::rules::RULES
            .iter()
            .map(|r| r.meta().code)
            .filter(|c| !on.iter().any(|o| o == c) && !dpia::rules::UNYIELDING.contains(c))
            .collect();
        if !off.is_empty() {
            text.push_str("rules:\n");
            for code in off {
                text.push_str(&format!("  {code}: off\n"));
            }
        }
        text
    }

    fn generate(id: &str, suppress: &[String]) -> Maximal {
        let schema = schema_document(SchemaKind::Assessment);
        maximal(
            schema,
            &Settings {
                id,
                prefix: "MK",
                organisations: &ORGANISATIONS,
                matrix: &matrix(),
                language: "en-GB",
                suppress,
            },
        )
    }

    /// Two rule codes an assessment may suppress, for a run in which every
    /// rule is off.
    fn suppressible() -> Vec<String> {
        dpia::rules::RULES
            .iter()
            .map(|r| r.meta().code)
            .filter(|c| !dpia::rules::UNYIELDING.contains(c))
            .take(2)
            .map(str::to_owned)
            .collect()
    }

    /// Two rule codes that find something in the maximal assessment's own
    /// file, for its `suppress` (a suppression shows only with what it
    /// suppresses).
    fn firing() -> Vec<String> {
        let mut m = generate("maximal", &suppressible());
        m.assessment
            .as_object_mut()
            .unwrap()
            .shift_remove("suppress");
        let codes: Vec<String> = dpia::rules::RULES
            .iter()
            .map(|r| r.meta().code.to_owned())
            .collect();
        let run = Dpia::temp()
            .file("dpia.yaml", &project_file(&codes))
            .file("assessments/maximal.yaml", &m.assessment.to_string())
            .run(&["check", "--format", "json"]);
        let mut found: Vec<String> = Vec::new();
        for d in run.json()["diagnostics"].as_array().unwrap() {
            let code = d["code"].as_str().unwrap();
            assert_ne!(d["origin"], "input", "{d}");
            if d["file"] == "assessments/maximal.yaml"
                && !dpia::rules::UNYIELDING.contains(&code)
                && !found.iter().any(|c| c == code)
            {
                found.push(code.to_owned());
            }
        }
        assert!(found.len() >= 2, "too few findings to suppress: {found:?}");
        found.truncate(2);
        found
    }

    /// One assessment of a run: the maximal one, or the maximal one
    /// changed at one leaf.
    struct Variant {
        /// Its id (and the stem of its report).
        id: String,
        /// The file.
        assessment: Value,
        /// The leaf changed, by its index in the maximal assessment's
        /// leaves; none for the maximal assessment itself.
        changed: Option<usize>,
        /// The markers and ids to look for in what is built from it, with
        /// their schema paths.
        find: Vec<(String, String)>,
    }

    /// The markers and ids among `leaves`, with their paths.
    fn findable(leaves: &[Leaf]) -> Vec<(String, String)> {
        leaves
            .iter()
            .filter_map(|l| match &l.kind {
                Kind::Text(m) | Kind::Id(m) => Some((m.clone(), l.path.clone())),
                _ => None,
            })
            .collect()
    }

    /// The maximal assessment `m` (as `id`), and one variant per leaf that
    /// can change: another shape swapped in, and when `values`, a value
    /// changed.
    fn variants(m: &Maximal, id: &str, values: bool) -> Vec<Variant> {
        let mut base = m.assessment.clone();
        base["id"] = Value::String(id.to_owned());
        let mut out = vec![Variant {
            id: id.to_owned(),
            assessment: base.clone(),
            changed: None,
            find: findable(&m.leaves),
        }];
        // A list's second item is built as its first: one change per field
        // (and per other shape of it) is enough, and halves the reports to
        // build.
        let mut seen = BTreeSet::new();
        let mut shapes_at: BTreeMap<&str, usize> = BTreeMap::new();
        for (k, leaf) in m.leaves.iter().enumerate() {
            let key = match leaf.kind {
                Kind::Value(_) => (&leaf.path, None),
                Kind::Shape(..) => {
                    let n = shapes_at.entry(&leaf.pointer).or_default();
                    *n += 1;
                    (&leaf.path, Some(*n))
                }
                _ => continue,
            };
            if !seen.insert(key) {
                continue;
            }
            let (to, find) = match &leaf.kind {
                Kind::Value(to) if values => (to.as_ref(), Vec::new()),
                Kind::Shape(to, inner) => (Some(to), findable(inner)),
                _ => continue,
            };
            let own = format!("{id}-{k:03}");
            let mut assessment = changed(&base, &leaf.pointer, to);
            assessment["id"] = Value::String(own.clone());
            out.push(Variant {
                id: own,
                assessment,
                changed: Some(k),
                find,
            });
        }
        out
    }

    /// A temporary project (every rule off but `on`) with `variants` as
    /// its assessments.
    fn project_with(on: &[String], variants: &[Variant]) -> Dpia {
        variants
            .iter()
            .fold(Dpia::temp().file("dpia.yaml", &project_file(on)), |p, v| {
                p.file(
                    &format!("assessments/{}.yaml", v.id),
                    &serde_json::to_string_pretty(&v.assessment).unwrap(),
                )
            })
    }

    /// Runs `dpia` and fails on an input error: the maximal assessment and
    /// every variant must be valid (findings are fine).
    fn run_valid(project: &Dpia, args: &[&str]) {
        let run = project.run(args);
        assert!(
            run.code != 2 && !run.stderr.contains("error[E"),
            "{args:?} refused a variant:\n{}",
            run.stderr
        );
    }

    /// Fails with what is missing (not listed), and with the list entries
    /// nothing needs (shown now, or naming no field).
    fn judge(
        what: &str,
        list: &[(&str, &str)],
        missing: &BTreeMap<String, BTreeSet<&str>>,
        all: &BTreeSet<String>,
    ) {
        let unlisted: Vec<String> = missing
            .iter()
            .filter(|(path, _)| listed(list, path).is_none())
            .map(|(path, why)| {
                format!(
                    "{path} ({})",
                    why.iter().copied().collect::<Vec<_>>().join(", ")
                )
            })
            .collect();
        assert!(
            unlisted.is_empty(),
            "{what}: show these, or list them with the reason:\n{}",
            unlisted.join("\n")
        );
        let stale: Vec<&str> = list
            .iter()
            .map(|(entry, _)| *entry)
            .filter(|entry| {
                !missing
                    .keys()
                    .any(|path| listed(&[(entry, "")], path).is_some())
            })
            .collect();
        assert!(
            stale.is_empty(),
            "{what}: these entries cover nothing missing (shown now, or no such field among {} paths): {stale:?}",
            all.len()
        );
    }

    /// The text of each variant's HTML report and of its PDF, in order
    /// (read on a few threads: pdftotext takes a while).
    fn report_texts(project: &Dpia, variants: &[Variant]) -> Vec<(String, String)> {
        let read = |v: &Variant| {
            let stem = project.dir().join("out/dpia").join(&v.id);
            (
                html_text(&std::fs::read_to_string(stem.with_extension("html")).unwrap()),
                pdftotext(&stem.with_extension("pdf")),
            )
        };
        let chunk = variants.len().div_ceil(4).max(1);
        std::thread::scope(|scope| {
            let parts: Vec<_> = variants
                .chunks(chunk)
                .map(|part| scope.spawn(move || part.iter().map(read).collect::<Vec<_>>()))
                .collect();
            parts.into_iter().flat_map(|p| p.join().unwrap()).collect()
        })
    }

    /// Whether a report is the same as the maximal assessment's, but for
    /// the variant's own id.
    /// Whether a variant's report reads as the base's, but for its id and
    /// its content digest (which any change changes: a value must change
    /// what the report says, not only the digest).
    fn same(base: &str, variant: &str, id: &str, base_id: &str) -> bool {
        without_digests(&variant.replace(id, base_id)) == without_digests(base)
    }

    /// The text with each `sha256:<hex>` digest (full or short) blanked.
    fn without_digests(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find("sha256:") {
            out.push_str(&rest[..at + 7]);
            rest = rest[at + 7..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn every_text_of_the_schema_reaches_the_html_and_the_pdf() {
        let codes = firing();
        let m = generate("maximal", &codes);
        let variants = variants(&m, "maximal", false);
        let project = project_with(&codes, &variants);
        run_valid(&project, &["build"]);
        let mut missing: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
        let mut all = BTreeSet::new();
        for (v, (html, pdf)) in variants.iter().zip(report_texts(&project, &variants)) {
            for (marker, path) in &v.find {
                all.insert(path.clone());
                for (text, format) in [(&html, "HTML"), (&pdf, "PDF")] {
                    if !text.contains(marker.as_str()) {
                        missing.entry(path.clone()).or_default().insert(format);
                    }
                }
            }
        }
        assert!(all.len() > 200, "only {} fields were checked", all.len());
        judge("the DPIA report", LEFT_OUT_OF_REPORT, &missing, &all);
    }

    #[test]
    fn every_value_of_the_schema_changes_the_html_and_the_pdf() {
        let m = generate("maximal", &suppressible());
        let variants = variants(&m, "maximal", true);
        let project = project_with(&[], &variants);
        run_valid(&project, &["build"]);
        let texts = report_texts(&project, &variants);
        let (html, pdf) = &texts[0];
        let mut unchanged: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
        let mut all = BTreeSet::new();
        for (v, (own_html, own_pdf)) in variants.iter().zip(&texts) {
            let Some(k) = v.changed else { continue };
            let path = &m.leaves[k].path;
            all.insert(path.clone());
            if same(html, own_html, &v.id, "maximal") {
                unchanged.entry(path.clone()).or_default().insert("HTML");
            }
            if same(pdf, own_pdf, &v.id, "maximal") {
                unchanged.entry(path.clone()).or_default().insert("PDF");
            }
        }
        assert!(all.len() > 100, "only {} values were changed", all.len());
        judge(
            "the DPIA report, values",
            READ_AS_VALUES_ONLY,
            &unchanged,
            &all,
        );
    }

    #[test]
    fn every_field_of_the_record_reaches_the_register() {
        let m = generate("maximal", &suppressible());
        let processor = Maximal {
            assessment: changed(&m.assessment, "/role", Some(&Value::from("processor"))),
            leaves: m.leaves.clone(),
        };
        let mut all_variants = variants(&m, "maximal", true);
        all_variants.extend(variants(&processor, "maximal-p", true));
        let project = project_with(&[], &all_variants);
        run_valid(&project, &["ropa", "--format", "csv,html"]);
        let out = project.dir().join("out");
        // Each record's text, by id: its HTML section, and its CSV row as
        // heading: value pairs.
        let html = std::fs::read_to_string(out.join("register.html")).unwrap();
        let mut records: BTreeMap<String, (String, String)> = BTreeMap::new();
        for part in html.split("<section class=\"record\" id=\"").skip(1) {
            let (id, rest) = part.split_once('"').unwrap();
            let section = rest.split("</section>").next().unwrap();
            records.entry(id.to_owned()).or_default().0 = html_text(section);
        }
        for file in ["register.csv", "processor-register.csv"] {
            let mut reader = csv::Reader::from_path(out.join(file)).unwrap();
            let headings = reader.headers().unwrap().clone();
            for row in reader.records() {
                let row = row.unwrap();
                let text: Vec<String> = headings
                    .iter()
                    .zip(row.iter())
                    .map(|(h, c)| format!("{h}: {c}"))
                    .collect();
                records.entry(row[0].to_owned()).or_default().1 = text.join("\n");
            }
        }
        let mut missing: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
        let mut all = BTreeSet::new();
        // A marker is carried when the record of some variant that holds
        // it shows it (what only a processor's record carries, such as the
        // controllers it serves, is in the processor variant's).
        let mut found: BTreeMap<&str, [bool; 2]> = BTreeMap::new();
        let mut paths: BTreeMap<&str, &str> = BTreeMap::new();
        let mut changed_at: BTreeMap<usize, [bool; 2]> = BTreeMap::new();
        for v in &all_variants {
            let (row_html, row_csv) = &records[&v.id];
            for (marker, path) in &v.find {
                paths.insert(marker, path);
                let f = found.entry(marker).or_default();
                f[0] |= row_html.contains(marker.as_str());
                f[1] |= row_csv.contains(marker.as_str());
            }
            if let Some(k) = v.changed {
                let base = if v.id.starts_with("maximal-p") {
                    "maximal-p"
                } else {
                    "maximal"
                };
                let (base_html, base_csv) = &records[base];
                let c = changed_at.entry(k).or_default();
                c[0] |= !same(base_html, row_html, &v.id, base);
                c[1] |= !same(base_csv, row_csv, &v.id, base);
            }
        }
        for (marker, [in_html, in_csv]) in &found {
            let path = paths[marker];
            all.insert(path.to_owned());
            if !in_html {
                missing
                    .entry(path.to_owned())
                    .or_default()
                    .insert("not in register.html");
            }
            if !in_csv {
                missing
                    .entry(path.to_owned())
                    .or_default()
                    .insert("not in register.csv");
            }
        }
        for (k, [in_html, in_csv]) in &changed_at {
            let path = &m.leaves[*k].path;
            all.insert(path.clone());
            if !in_html {
                missing
                    .entry(path.clone())
                    .or_default()
                    .insert("unchanged in register.html");
            }
            if !in_csv {
                missing
                    .entry(path.clone())
                    .or_default()
                    .insert("unchanged in register.csv");
            }
        }
        judge("the register", NOT_IN_THE_RECORD, &missing, &all);
    }
}
