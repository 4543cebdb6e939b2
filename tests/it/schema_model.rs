//! The JSON Schemas and the Rust model describe the same files. For each
//! kind, an instance with every property the schema defines is generated
//! from the schema itself; it must pass the schema, deserialise into the
//! model (which refuses unknown fields), and serialise back to no key the
//! schema does not know.

use serde_json::{Map, Value, json};

use dpia::model::assessment::Assessment;
use dpia::model::matrix::MatrixFile;
use dpia::model::project::ProjectFile;
use dpia::schema::{SchemaKind, schema_document, validate};
use dpia::source::SourceFile;
use dpia::yaml::parse;

/// Follows a local `$ref`.
fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) if r.starts_with("#/") => resolve(root, root.pointer(&r[1..]).unwrap()),
        _ => schema,
    }
}

/// The schema a value of type `kind` takes through `if/then/else`, followed
/// until there is no `if`: `then` when the `if` asks for that type, `else`
/// when it asks for another or for a key (`required: [not]`: a sample holds
/// only the keys of the properties it is made from, so it is the other
/// branch that is worth filling).
fn branch<'a>(root: &'a Value, schema: &'a Value, kind: &str) -> &'a Value {
    let schema = resolve(root, schema);
    if schema.get("properties").is_some() || schema.get("items").is_some() {
        return schema;
    }
    let Some(condition) = schema.get("if") else {
        return schema;
    };
    let met = condition.get("required").is_none()
        && condition
            .get("type")
            .and_then(Value::as_str)
            .is_some_and(|t| t == kind);
    match schema.get(if met { "then" } else { "else" }) {
        Some(next) => branch(root, next, kind),
        None => schema,
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
    match chosen {
        "object" => {
            let sub = branch(root, schema, "object");
            let mut map = Map::new();
            if let Some(props) = sub.get("properties").and_then(Value::as_object) {
                for (name, prop) in props {
                    map.insert(name.clone(), sample(root, prop, name));
                }
            } else if let Some(additional) =
                sub.get("additionalProperties").filter(|a| a.is_object())
            {
                // A map keyed by pattern (rule codes, digests) gets a
                // key that fits.
                let digest = format!("sha256:{}", "0".repeat(64));
                let name = match sub.pointer("/propertyNames") {
                    Some(names) if names.get("pattern").is_some() => "R001",
                    Some(names) if names.get("$ref").is_some_and(|r| r == "#/$defs/digest") => {
                        digest.as_str()
                    }
                    _ => "row",
                };
                map.insert(name.into(), sample(root, additional, key));
            }
            Value::Object(map)
        }
        "array" => {
            let items = branch(root, schema, "array")
                .get("items")
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
            } else if pattern.starts_with("^[a-z][a-z0-9]*(-") {
                json!("residual-risks")
            } else if pattern.starts_with("^sha256:") {
                json!(format!("sha256:{}", "0".repeat(64)))
            } else if pattern.starts_with("^SHA256:") {
                json!(format!("SHA256:{}", "A".repeat(43)))
            } else if pattern.starts_with("^-----BEGIN SSH SIGNATURE") {
                json!("-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n")
            } else if pattern.starts_with("^[A-Za-z]{2,3}") {
                json!("en-GB")
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
    // Through if/then/else: a signatory, a residual rating, a no-value.
    assert!(
        instance
            .pointer("/sign_off/measures_approved_by/notes")
            .is_some()
    );
    assert!(instance.pointer("/risks/0/residual/likelihood").is_some());
    assert!(
        instance
            .pointer("/sign_off/dpo_advice_response/decision/not")
            .is_some()
    );
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
    assert!(instance.pointer("/approvals/roles").is_some());
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

#[test]
fn approvals_schema_and_model_agree() {
    let instance = check_kind::<dpia::model::approvals::ApprovalsFile>(SchemaKind::Approvals);
    assert!(instance.pointer("/approvals/0/signature").is_some());
}

/// The paths of the numbers in a JSON value.
fn numbers(value: &Value, path: &str, out: &mut Vec<String>) {
    match value {
        Value::Number(_) => out.push(path.to_owned()),
        Value::Object(map) => {
            for (k, v) in map {
                numbers(v, &format!("{path}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                numbers(v, &format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Every number the schema allows, given an extreme value as YAML writes
/// it, is either refused by the schema at its line or read by the model:
/// never "passed the schema but not the model" (E190).
fn extreme_numbers<T: serde::de::DeserializeOwned>(kind: SchemaKind) {
    let root = schema_document(kind);
    let instance = sample(root, root, "root");
    let mut paths = Vec::new();
    numbers(&instance, "", &mut paths);
    assert!(!paths.is_empty(), "{kind:?} has numbers");
    for path in &paths {
        for extreme in [
            "1e16",
            "1e300",
            "-1e300",
            "9007199254740993",
            "1.5",
            "-1",
            "0",
        ] {
            let mut copy = instance.clone();
            *copy.pointer_mut(path).unwrap() = json!("@@EXTREME@@");
            let text = serde_json::to_string_pretty(&copy)
                .unwrap()
                .replace("\"@@EXTREME@@\"", extreme);
            let file = SourceFile::new("extreme.yaml", text.clone());
            let node = parse(&file, 0).unwrap();
            let json = node.to_json();
            let problems = validate(kind, &node, &json, 0, &text);
            if problems.is_empty() {
                serde_json::from_value::<T>(json).unwrap_or_else(|e| {
                    panic!("{kind:?} {path} = {extreme} passed the schema but not the model: {e}")
                });
            } else {
                assert!(
                    problems.iter().all(|d| d.code.starts_with("E1")
                        && d.primary().is_some_and(|l| !l.range.is_empty())),
                    "{kind:?} {path} = {extreme}: {problems:#?}"
                );
            }
        }
    }
}

#[test]
fn extreme_numbers_are_schema_errors_at_their_line() {
    extreme_numbers::<Assessment>(SchemaKind::Assessment);
    extreme_numbers::<ProjectFile>(SchemaKind::Project);
    extreme_numbers::<MatrixFile>(SchemaKind::Matrix);
}

/// Every integer and number in the schemas is bounded, below the largest
/// integer a float holds exactly, so a model field can hold it.
#[test]
fn every_number_in_the_schemas_is_bounded() {
    fn walk(kind: SchemaKind, node: &Value, path: &str) {
        match node {
            Value::Object(map) => {
                let typed = |t: &str| match map.get("type") {
                    Some(Value::String(s)) => s == t,
                    Some(Value::Array(ts)) => ts.iter().any(|x| x == t),
                    _ => false,
                };
                if (typed("integer") || typed("number")) && map.get("enum").is_none() {
                    let max = map.get("maximum").and_then(Value::as_f64);
                    let min = map.get("minimum").and_then(Value::as_f64);
                    assert!(
                        max.is_some_and(|m| m <= 9.0e15) && min.is_some(),
                        "{kind:?} {path}: a number without bounds"
                    );
                }
                for (k, v) in map {
                    walk(kind, v, &format!("{path}/{k}"));
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(kind, v, &format!("{path}/{i}"));
                }
            }
            _ => {}
        }
    }
    for kind in [
        SchemaKind::Assessment,
        SchemaKind::Project,
        SchemaKind::Matrix,
    ] {
        walk(kind, schema_document(kind), "");
    }
}

/// What each coded value means, in the words the reports use: the
/// descriptions an editor shows beside `article_6: e` ("public task") or
/// `country: IE` (Ireland), from the tables in `dpia::law`.
fn enum_descriptions(kind: &str, pointer: &str, values: &[Value]) -> Option<Vec<String>> {
    use dpia::law;
    let text = |v: &Value| v.as_str().map(str::to_owned).unwrap_or_default();
    let each = |f: &dyn Fn(&Value) -> String| Some(values.iter().map(f).collect());
    match (
        kind,
        pointer
            .rsplit('/')
            .nth(usize::from(pointer.ends_with("/items"))),
    ) {
        (_, _) if pointer.ends_with("$defs/country") => {
            each(&|v| law::country_name(&text(v)).unwrap_or_default().to_owned())
        }
        ("assessment", Some("article_6")) => each(&|v| law::article_6_label(&text(v))),
        ("assessment", Some("article_9")) => each(&|v| law::article_9_label(&text(v))),
        ("assessment", Some("schedule_1")) => {
            each(&|v| law::schedule_1_label(v.as_u64().unwrap_or(0) as u8))
        }
        ("assessment", Some("mechanisms")) => each(&|v| law::mechanism(&text(v)).to_owned()),
        ("assessment", Some("derogation")) => each(&|v| law::derogation(&text(v)).to_owned()),
        _ => None,
    }
}

#[test]
fn coded_enum_values_are_described_for_editors() {
    let update = std::env::var_os("DPIA_UPDATE_SCHEMAS").is_some();
    let mut stale = Vec::new();
    for (kind, schema_kind) in [
        ("assessment", SchemaKind::Assessment),
        ("project", SchemaKind::Project),
    ] {
        let mut schema: Value = serde_json::from_str(schema_kind.text()).unwrap();
        let mut pointers = Vec::new();
        collect_enums(&schema, "", &mut pointers);
        let mut described = 0;
        for pointer in pointers {
            let node = schema.pointer_mut(&pointer).unwrap();
            let values = node["enum"].as_array().unwrap().clone();
            let Some(expected) = enum_descriptions(kind, &pointer, &values) else {
                continue;
            };
            described += 1;
            assert!(expected.iter().all(|d| !d.is_empty()), "{kind} {pointer}");
            let expected = json!(expected);
            if node.get("enumDescriptions") != Some(&expected) {
                stale.push(format!("{kind}{pointer}"));
                node.as_object_mut()
                    .unwrap()
                    .insert("enumDescriptions".into(), expected);
            }
        }
        assert!(
            described >= if kind == "assessment" { 6 } else { 1 },
            "{kind}"
        );
        if update {
            let path = crate::common::root().join(format!("schemas/{kind}.schema.json"));
            let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
            std::fs::write(path, text).unwrap();
        }
    }
    assert!(
        update || stale.is_empty(),
        "enumDescriptions out of date at {stale:?}: run DPIA_UPDATE_SCHEMAS=1 cargo test --test it coded_enum"
    );
}

/// The JSON pointer of every object with an `enum`.
fn collect_enums(value: &Value, pointer: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if map.contains_key("enum") {
                out.push(pointer.to_owned());
            }
            for (key, child) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                collect_enums(child, &format!("{pointer}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_enums(child, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn the_matrix_schema_states_the_defaults_the_model_takes() {
    let schema: Value = serde_json::from_str(SchemaKind::Matrix.text()).unwrap();
    let level: dpia::model::matrix::RatingLevel =
        serde_json::from_value(json!({"id": "low", "label": "Low", "colour": "#00aa00"})).unwrap();
    let text = serde_json::to_value(&level).unwrap();
    let mut found = 0;
    for key in ["requires_mitigation", "requires_prior_consultation"] {
        let mut stack = vec![&schema];
        while let Some(node) = stack.pop() {
            if let Some(property) = node.pointer(&format!("/properties/{key}")) {
                assert_eq!(property["default"], text[key], "{key}");
                found += 1;
            }
            match node {
                Value::Object(map) => stack.extend(map.values()),
                Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
    }
    assert_eq!(found, 2);
}

#[test]
fn every_example_in_the_schemas_passes_its_own_schema() {
    let mut checked = 0;
    for kind in [
        SchemaKind::Assessment,
        SchemaKind::Project,
        SchemaKind::Matrix,
        SchemaKind::Approvals,
    ] {
        let root: Value = serde_json::from_str(kind.text()).unwrap();
        let mut stack = vec![(String::new(), &root)];
        while let Some((pointer, node)) = stack.pop() {
            match node {
                Value::Object(map) => {
                    if let Some(Value::Array(examples)) = map.get("examples") {
                        // The property's schema, with the definitions it may
                        // refer to.
                        let mut own = map.clone();
                        own.insert("$defs".into(), root["$defs"].clone());
                        let validator = jsonschema::validator_for(&Value::Object(own))
                            .unwrap_or_else(|e| panic!("{pointer}: {e}"));
                        for example in examples {
                            assert!(validator.is_valid(example), "{kind:?} {pointer}: {example}");
                            checked += 1;
                        }
                    }
                    for (key, child) in map {
                        stack.push((format!("{pointer}/{key}"), child));
                    }
                }
                Value::Array(items) => {
                    for (i, child) in items.iter().enumerate() {
                        stack.push((format!("{pointer}/{i}"), child));
                    }
                }
                _ => {}
            }
        }
    }
    assert!(checked >= 20, "{checked}");
}
