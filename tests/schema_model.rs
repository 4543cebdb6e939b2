//! The JSON Schemas and the Rust model describe the same files. For each
//! kind, an instance with every property the schema defines is generated
//! from the schema itself; it must pass the schema, deserialise into the
//! model (which refuses unknown fields), and serialise back to no key the
//! schema does not know.

use serde_json::{Map, Value, json};

use dpia::load::parse;
use dpia::model::assessment::Assessment;
use dpia::model::matrix::MatrixFile;
use dpia::model::project::ProjectFile;
use dpia::schema::{SchemaKind, schema_document, validate};
use dpia::source::SourceFile;

/// Follows a local `$ref`.
fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) if r.starts_with("#/") => resolve(root, root.pointer(&r[1..]).unwrap()),
        _ => schema,
    }
}

/// A value for a schema with every property filled in.
fn sample(root: &Value, schema: &Value, key: &str) -> Value {
    let schema = resolve(root, schema);
    if let Some(options) = schema.get("enum").and_then(Value::as_array) {
        return options[0].clone();
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    // A branch defined in another file (the project's inline matrix) is
    // covered by that file's own test: take the other type.
    let external = schema
        .pointer("/then/$ref")
        .and_then(Value::as_str)
        .is_some_and(|r| !r.starts_with('#'));
    let chosen = ["object", "array", "string", "integer", "boolean"]
        .into_iter()
        .filter(|t| !(external && *t == "object"))
        .find(|t| types.contains(t))
        .unwrap_or("string");
    let branch = |kind: &str| -> Value {
        // if/then/else picks the schema for the chosen type.
        let matches_if = schema
            .pointer("/if/type")
            .and_then(Value::as_str)
            .is_some_and(|t| t == kind);
        let sub = if matches_if {
            schema.get("then")
        } else {
            schema.get("else")
        };
        sub.cloned().unwrap_or(json!({}))
    };
    match chosen {
        "object" => {
            let sub = branch("object");
            let sub = if sub.get("properties").is_some() {
                resolve(root, &sub)
            } else {
                schema
            };
            let mut map = Map::new();
            if let Some(props) = sub.get("properties").and_then(Value::as_object) {
                for (name, prop) in props {
                    map.insert(name.clone(), sample(root, prop, name));
                }
            } else if let Some(additional) =
                sub.get("additionalProperties").filter(|a| a.is_object())
            {
                // A map keyed by pattern (rule codes) gets a key that fits.
                let name = sub
                    .pointer("/propertyNames/pattern")
                    .map_or("row", |_| "R001");
                map.insert(name.into(), sample(root, additional, key));
            }
            Value::Object(map)
        }
        "array" => {
            let sub = branch("array");
            let items = schema
                .get("items")
                .or_else(|| sub.get("items"))
                .cloned()
                .unwrap_or(json!({}));
            Value::Array(vec![sample(root, &items, key)])
        }
        "integer" => json!(
            schema
                .get("minimum")
                .and_then(Value::as_i64)
                .unwrap_or(1)
                .max(1)
        ),
        "boolean" => json!(true),
        _ => {
            let pattern = schema
                .get("pattern")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if pattern.starts_with("^[0-9]{4}") {
                json!("2024-01-31")
            } else if pattern.starts_with("^#") {
                json!("#123456")
            } else if pattern.starts_with("^[A-Z][0-9]{3}") {
                json!("R001")
            } else if pattern.starts_with("^[A-Za-z0-9]") {
                json!(format!("{}-1", key.replace('_', "-")))
            } else {
                json!(format!("text for {key}"))
            }
        }
    }
}

/// Every object key in a JSON value, with its path.
fn keys(value: &Value, path: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{path}/{k}");
                out.push(p.clone());
                keys(v, &p, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                keys(item, &format!("{path}/[]"), out);
            }
        }
        _ => {}
    }
}

fn check_kind<T: serde::de::DeserializeOwned + serde::Serialize>(kind: SchemaKind) -> Value {
    let root = schema_document(kind);
    let instance = sample(root, root, "root");
    // The schema accepts what was generated from it.
    let text = serde_json::to_string_pretty(&instance).unwrap();
    let file = SourceFile::new("generated.json", text.clone());
    let node = parse(&file, 0).unwrap();
    let problems = validate(kind, &node, &instance, 0, &text);
    assert!(problems.is_empty(), "{kind:?}: {problems:#?}");
    // The model accepts every property (it refuses unknown fields)...
    let model: T = serde_json::from_value(instance.clone())
        .unwrap_or_else(|e| panic!("{kind:?}: the model refuses a schema property: {e}"));
    // ...and writes back no key the schema lacks.
    let back = serde_json::to_value(&model).unwrap();
    let (mut written, mut allowed) = (Vec::new(), Vec::new());
    keys(&back, "", &mut written);
    keys(&instance, "", &mut allowed);
    for key in written {
        assert!(
            allowed.contains(&key),
            "{kind:?}: the model has `{key}`, the schema does not"
        );
    }
    instance
}

#[test]
fn assessment_schema_and_model_agree() {
    let instance = check_kind::<Assessment>(SchemaKind::Assessment);
    // Spot-check that the generator reached deep properties.
    assert!(
        instance
            .pointer("/sign_off/dpo_advice_response/comments")
            .is_some()
    );
    assert!(instance.pointer("/risks/0/inherent/stated").is_some());
    assert!(
        instance
            .pointer("/screening/wp248/large_scale/note")
            .is_some()
    );
}

#[test]
fn project_schema_and_model_agree() {
    let instance = check_kind::<ProjectFile>(SchemaKind::Project);
    assert!(instance.pointer("/organisations/0/dpo/email").is_some());
}

#[test]
fn matrix_schema_and_model_agree() {
    let instance = check_kind::<MatrixFile>(SchemaKind::Matrix);
    assert!(
        instance
            .pointer("/ratings/0/requires_prior_consultation")
            .is_some()
    );
}
