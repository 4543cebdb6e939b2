//! The semantic diff at library level: canonical content read back
//! (`pipeline::load_canonical`) gives the same canonical bytes and no
//! change, for every bundled example and fixture; an approved version knows
//! no status; and no change of any field of the maximal assessment is
//! silent.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{self, root};
use dpia::diff::{ChangeKind, Side, changes};
use dpia::model::digest::{APPROVALS, canonical};
use dpia::pipeline::{analyse, load_assessment, load_canonical, open_project};
use dpia::scoring::score_assessment;
use dpia::source::{SourceFile, Sources};

fn base() -> String {
    std::fs::read_to_string(root().join("tests/fixtures/diff/base.yaml")).unwrap()
}

/// `text` with `from` replaced by `to` (which must occur once).
fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` occurs once");
    text.replace(from, to)
}

// Canonical content read back.

/// Every assessment file of the bundled examples and the fixtures, with
/// the project it is read with (the nearest `dpia.yaml` under the
/// repository, else the CLI fixtures').
fn every_assessment() -> Vec<(PathBuf, PathBuf)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if !path.ends_with("matrices") && !path.ends_with("i18n") {
                    walk(&path, out);
                }
            } else if path.extension().is_some_and(|e| e == "yaml") && !path.ends_with("dpia.yaml")
            {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root().join("assessments"), &mut files);
    walk(&root().join("tests/fixtures"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let project = if file.starts_with(root().join("assessments")) {
                root().join("dpia.yaml")
            } else {
                file.ancestors()
                    .skip(1)
                    .take_while(|d| d.starts_with(root().join("tests/fixtures")))
                    .map(|d| d.join("dpia.yaml"))
                    .find(|p| p.is_file())
                    .unwrap_or_else(|| root().join("tests/fixtures/cli/dpia.yaml"))
            };
            let rel = |p: &Path| p.strip_prefix(root()).unwrap().to_path_buf();
            (rel(&file), rel(&project))
        })
        .collect()
}

#[test]
fn canonical_content_reads_back_to_the_same_bytes_and_no_change() {
    let mut read_back = 0;
    for (file, project) in every_assessment() {
        let analysis = analyse(
            Some(&project),
            std::slice::from_ref(&file),
            root(),
            common::as_of(),
        );
        let (Some(project), [checked]) = (&analysis.project, analysis.assessments.as_slice())
        else {
            continue;
        };
        let bytes = canonical(&checked.model.assessment);
        let mut sources = Sources::new();
        let (model, scored) = load_canonical(&bytes, "approved", project, &mut sources)
            .unwrap_or_else(|problems| {
                panic!(
                    "{}: {}",
                    file.display(),
                    dpia::diagnostic::render_human(&problems, &sources, false)
                )
            });
        assert_eq!(canonical(&model.assessment), bytes, "{}", file.display());
        assert_eq!(scored, checked.scored, "{}", file.display());
        let approved = Side::canonical(&model, &scored);
        let current = Side::file(&checked.model, &checked.scored);
        assert_eq!(changes(&approved, &current), [], "{}", file.display());
        assert_eq!(changes(&current, &approved), [], "{}", file.display());
        read_back += 1;
    }
    assert!(
        read_back >= 100,
        "only {read_back} assessments were read back"
    );
}

#[test]
fn an_approved_version_knows_no_status_but_every_content_change() {
    let project_file = root().join("tests/fixtures/cli/dpia.yaml");
    let mut sources = Sources::new();
    let project = open_project(Some(&project_file), root(), &mut sources).unwrap();
    let load = |text: &str, sources: &mut Sources| {
        let id = sources.add(SourceFile::new("x.yaml", text));
        let (model, _) = load_assessment(sources.get(id), id, &project).unwrap();
        let scored = score_assessment(&model);
        (model, scored)
    };
    let (approved, approved_scores) = load(&base(), &mut sources);
    let bytes = canonical(&approved.assessment);
    let (from_bytes, from_bytes_scores) =
        load_canonical(&bytes, "approved", &project, &mut sources).unwrap();
    let since = Side::canonical(&from_bytes, &from_bytes_scores);
    // A new status and a sign-off are not content: no change.
    let signed = edit(&base(), "status: in-review", "status: approved")
        + "sign_off:\n  measures_approved_by: {name: Sam Lee, date: 2024-02-01}\n";
    let (now, now_scores) = load(&signed, &mut sources);
    assert_eq!(changes(&since, &Side::file(&now, &now_scores)), []);
    // The file's own status is known: from one file to another, it shows.
    let kinds: Vec<ChangeKind> = changes(
        &Side::file(&approved, &approved_scores),
        &Side::file(&now, &now_scores),
    )
    .iter()
    .map(|c| c.kind)
    .collect();
    assert_eq!(kinds, [ChangeKind::StatusChanged, ChangeKind::FieldAdded]);
    // A re-rating shows against the approved version.
    let rerated = edit(&signed, "likelihood: remote", "likelihood: probable");
    let (now, now_scores) = load(&rerated, &mut sources);
    let found = changes(&since, &Side::file(&now, &now_scores));
    assert_eq!(
        found
            .iter()
            .map(dpia::diff::Change::summary)
            .collect::<Vec<_>>(),
        [
            "overall residual risk: `Low` -> `High`",
            "risk `R1` residual: `Low` -> `High` (likelihood `remote` -> `probable`)"
        ]
    );
}

#[test]
fn content_not_in_canonical_form_is_refused() {
    let project_file = root().join("tests/fixtures/cli/dpia.yaml");
    let mut sources = Sources::new();
    let project = open_project(Some(&project_file), root(), &mut sources).unwrap();
    let minimal = serde_json::json!({"id": "x", "title": "T", "status": "draft"});
    let minimal: dpia::model::assessment::Assessment = serde_json::from_value(minimal).unwrap();
    let good = String::from_utf8(canonical(&minimal)).unwrap();
    assert_eq!(
        good,
        r#"{"assessment":{"id":"x","role":"controller","title":"T"},"canonical":"dpia-assessment/1"}"#
    );
    assert!(load_canonical(good.as_bytes(), "good", &project, &mut sources).is_ok());
    for bad in [
        "not json".to_owned(),
        good.replace("dpia-assessment/1", "dpia-assessment/2"),
        r#"{"canonical":"dpia-assessment/1","assessment":{"id":"x","role":"controller","title":"T"}}"#.to_owned(),
        good.replace(',', ", "),
        good.replace(r#""title":"T""#, r#""risks":[],"title":"T""#),
        good.replace(r#""title":"T""#, r#""title":"T","title":"U""#),
        good.replace(r#""id":"x""#, r#""id":"x","status":"approved""#),
        r#"{"canonical":"dpia-assessment/1"}"#.to_owned(),
        format!("{good}\n"),
    ] {
        let problems = load_canonical(bad.as_bytes(), "bad", &project, &mut sources)
            .expect_err(&bad);
        let codes: Vec<&str> = problems.iter().map(|d| d.code).collect();
        assert!(
            codes.iter().any(|c| ["E023", "E006", "E007"].contains(c)),
            "{bad}: {codes:?}"
        );
    }
    // Checked as a file is: the schema, the model.
    let problems = load_canonical(
        br#"{"assessment":{"id":"x","risk_matrix":"none","role":"controller","title":"T"},"canonical":"dpia-assessment/1"}"#,
        "bad",
        &project,
        &mut sources,
    )
    .unwrap_err();
    assert_eq!(problems[0].code, "E204");
    // Hostile text survives the round trip exactly.
    let text = "a\u{1b}[8m\u{7f}\u{85}\u{9b}\u{2028}\u{202e}\"\\\u{1}z";
    let hostile = serde_json::json!({"id": "x", "title": text, "status": "draft"});
    let a: dpia::model::assessment::Assessment = serde_json::from_value(hostile).unwrap();
    let bytes = canonical(&a);
    let (model, _) = load_canonical(&bytes, "hostile", &project, &mut sources).unwrap();
    assert_eq!(model.assessment.title, text);
}

// No change is silent.

mod every_field {
    use super::*;
    use crate::maximal::{Kind, Settings, changed, maximal};
    use dpia::schema::{SchemaKind, schema_document};

    const ORGANISATIONS: [&str; 3] = ["maximal-org", "joint-org-1", "joint-org-2"];

    fn matrix() -> Value {
        let text = std::fs::read_to_string(root().join("src/matrices/ico-3x3.yaml")).unwrap();
        dpia::yaml::parse(&SourceFile::new("ico-3x3.yaml", text), 0)
            .unwrap()
            .to_json()
    }

    fn project_file() -> String {
        let mut text =
            "name: Maximal\njurisdiction: uk\nrisk_matrix: ico-3x3\norganisations:\n".to_owned();
        for id in ORGANISATIONS {
            text.push_str(&format!("  - id: {id}\n    name: Organisation {id}\n"));
        }
        text
    }

    /// Every field of the maximal assessment changed in turn (a value, a
    /// text, another shape of it, or left out) is a change, from one file
    /// to another and from an approved version, unless it is an approval;
    /// and each version read back from its canonical content is no change.
    #[test]
    fn every_change_of_every_field_is_reported() {
        let suppress: Vec<String> = dpia::rules::RULES
            .iter()
            .map(|r| r.meta().code.to_owned())
            .take(2)
            .collect();
        let m = maximal(
            schema_document(SchemaKind::Assessment),
            &Settings {
                id: "maximal",
                prefix: "MK",
                organisations: &ORGANISATIONS,
                matrix: &matrix(),
                language: "en-GB",
                suppress: &suppress,
            },
        );
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("dpia.yaml"), project_file()).unwrap();
        let mut sources = Sources::new();
        let project = open_project(Some(Path::new("dpia.yaml")), dir.path(), &mut sources).unwrap();
        let load = |value: &Value, sources: &mut Sources| {
            let text = serde_json::to_string_pretty(value).unwrap();
            let id = sources.add(SourceFile::new("maximal.yaml", text));
            let (model, _) = load_assessment(sources.get(id), id, &project).unwrap_or_else(|p| {
                panic!("{}", dpia::diagnostic::render_human(&p, sources, false))
            });
            let scored = score_assessment(&model);
            (model, scored)
        };
        let (base_model, base_scores) = load(&m.assessment, &mut sources);
        let base_bytes = canonical(&base_model.assessment);
        let (approved, approved_scores) =
            load_canonical(&base_bytes, "approved", &project, &mut sources).unwrap();
        let file = Side::file(&base_model, &base_scores);
        let since = Side::canonical(&approved, &approved_scores);
        let mut silent = Vec::new();
        let mut tried = 0;
        for leaf in &m.leaves {
            let to = match &leaf.kind {
                Kind::Text(marker) => Some(Value::String(format!("{marker} changed"))),
                Kind::Value(to) => to.clone(),
                Kind::Shape(to, _) => Some(to.clone()),
                Kind::Id(_) | Kind::Fixed => continue,
            };
            let variant = changed(&m.assessment, &leaf.pointer, to.as_ref());
            let (model, scores) = load(&variant, &mut sources);
            let new = Side::file(&model, &scores);
            tried += 1;
            if changes(&file, &new).is_empty() {
                silent.push(format!("{} (file to file)", leaf.pointer));
            }
            let approval = APPROVALS
                .iter()
                .any(|a| leaf.pointer == *a || leaf.pointer.starts_with(&format!("{a}/")));
            if !approval && changes(&since, &new).is_empty() {
                silent.push(format!("{} (since approval)", leaf.pointer));
            }
            let bytes = canonical(&model.assessment);
            let (back, back_scores) = load_canonical(&bytes, "variant", &project, &mut sources)
                .unwrap_or_else(|p| {
                    panic!(
                        "{}: {}",
                        leaf.pointer,
                        dpia::diagnostic::render_human(&p, &sources, false)
                    )
                });
            assert_eq!(
                changes(&Side::canonical(&back, &back_scores), &new),
                [],
                "{}",
                leaf.pointer
            );
        }
        assert!(tried > 300, "only {tried} changes were tried");
        assert!(
            silent.is_empty(),
            "changes not reported:\n{}",
            silent.join("\n")
        );
    }
}
