//! The layering of ARCHITECTURE.md, checked: every `crate::` path in `src/`
//! (outside test code) points at a module listed before its own in the
//! `<!-- layers -->` block, and every module of `src/` is listed there.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The modules in the documented order, and the row of each.
fn layers() -> Vec<(String, String)> {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
            .expect("ARCHITECTURE.md");
    let block = doc
        .split("<!-- layers -->")
        .nth(1)
        .and_then(|rest| rest.split("<!-- /layers -->").next())
        .expect("a <!-- layers --> block in ARCHITECTURE.md");
    block
        .lines()
        .filter(|line| !line.starts_with("```") && !line.trim().is_empty())
        .flat_map(|line| {
            let mut words = line.split_whitespace();
            let row = words.next().unwrap_or_default().to_owned();
            words
                .map(move |unit| (unit.to_owned(), row.clone()))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Every Rust file of `src/`, recursively.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The unit a file belongs to: its top-level module, or `model::<file>`
/// inside the model. `None` for the crate root and test-only files.
fn unit_of(rel: &Path, units: &[String]) -> Option<String> {
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    match parts.as_slice() {
        [only] if only == "lib" || only == "main" => None,
        [.., last] if last == "tests" => None,
        [first, second, ..] if units.contains(&format!("{first}::{second}")) => {
            Some(format!("{first}::{second}"))
        }
        // A folder whose files are listed one by one declares them only.
        [first, second] if second == "mod" && !units.contains(first) => None,
        [first, second] if second == "mod" => Some(first.clone()),
        [first, ..] => Some(first.clone()),
        [] => None,
    }
}

/// The code of a file without its test module and comments (a test module
/// comes last: clippy's `items_after_test_module` keeps code before it).
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every unit a piece of code names with a `crate::` path.
fn referenced(code: &str, units: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        if i > 0 && code[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let path: Vec<&str> = code[i + "crate::".len()..]
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .next()
            .unwrap_or_default()
            .split("::")
            .collect();
        let unit = match path.as_slice() {
            [first, second, ..] if units.contains(&format!("{first}::{second}")) => {
                format!("{first}::{second}")
            }
            [first, ..] => (*first).to_owned(),
            [] => continue,
        };
        out.push(unit);
    }
    out
}

#[test]
fn every_import_points_down_the_documented_layers() {
    let layers = layers();
    let units: Vec<String> = layers.iter().map(|(u, _)| u.clone()).collect();
    let rank: BTreeMap<&str, usize> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.as_str(), i))
        .collect();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in &files {
        let rel = file.strip_prefix(&src).expect("inside src");
        let Some(unit) = unit_of(rel, &units) else {
            continue;
        };
        let Some(&own) = rank.get(unit.as_str()) else {
            problems.push(format!(
                "src/{}: module `{unit}` is not in ARCHITECTURE.md's layers",
                rel.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("readable");
        for target in referenced(&code(&text), &units) {
            checked += 1;
            match rank.get(target.as_str()) {
                Some(&theirs) if theirs <= own => {}
                Some(_) => problems.push(format!(
                    "src/{}: `{unit}` uses `crate::{target}`, which comes later in ARCHITECTURE.md's layers",
                    rel.display()
                )),
                None if target == "model" => {}
                None => problems.push(format!(
                    "src/{}: `crate::{target}` is not in ARCHITECTURE.md's layers",
                    rel.display()
                )),
            }
        }
    }
    assert!(
        checked > 300,
        "only {checked} imports were found: is the scan broken?"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_check_catches_an_upward_import() {
    let units: Vec<String> = layers().into_iter().map(|(u, _)| u).collect();
    let found = referenced(
        &code(
            "use crate::render::html;\n// use crate::cmd::x;\nlet x = crate::model::matrix::built_in();\n#[cfg(test)]\nuse crate::cli::Cli;",
        ),
        &units,
    );
    assert_eq!(found, ["render", "model::matrix"]);
    assert_eq!(
        unit_of(Path::new("model/resolve.rs"), &units).as_deref(),
        Some("model::resolve")
    );
    assert_eq!(
        unit_of(Path::new("render/check/sarif.rs"), &units).as_deref(),
        Some("render")
    );
    assert_eq!(unit_of(Path::new("lib.rs"), &units), None);
}
