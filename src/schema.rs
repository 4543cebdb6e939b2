//! The JSON Schemas in `schemas/`, compiled once, and the translation of
//! every schema violation into a located [`Diagnostic`] a person can act on.
//!
//! The schemas are embedded in the binary (`dpia schema <kind>` prints them)
//! and are the same files editors use through the
//! `# yaml-language-server: $schema=...` line. A violation's instance path is
//! looked up in the [`Node`] tree to find the user's line; the schema
//! location tells us the object's known keys (for "did you mean") and its
//! `title` and `errorMessage` (for wording).

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{JsonType, Registry, Resource, ValidationError, Validator};
use serde_json::Value;

use crate::date::is_valid_date_format;
use crate::diagnostic::{Diagnostic, MAX_PER_FILE};
use crate::source::FileId;
use crate::suggest::suggest;
use crate::yaml::{Located, Node, NodeValue, escape_token, unescape_token};

/// Base URI the embedded schemas are registered under. Nothing is fetched:
/// validators are built offline from the embedded texts.
const BASE_URI: &str = "https://dpia.invalid/schemas/";

/// The kinds of file dpia reads, each with its schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SchemaKind {
    /// One processing activity (`assessments/*.yaml`).
    Assessment,
    /// The project file (`dpia.yaml`).
    Project,
    /// A risk matrix file.
    Matrix,
    /// The signed approvals of an assessment (`<id>.approvals.yaml`).
    Approvals,
}

impl SchemaKind {
    /// Every kind, in the order `dpia schema` lists them.
    pub const ALL: [SchemaKind; 4] = [
        SchemaKind::Assessment,
        SchemaKind::Project,
        SchemaKind::Matrix,
        SchemaKind::Approvals,
    ];

    /// The name used on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            SchemaKind::Assessment => "assessment",
            SchemaKind::Project => "project",
            SchemaKind::Matrix => "matrix",
            SchemaKind::Approvals => "approvals",
        }
    }

    /// The schema's file name in `schemas/`.
    #[must_use]
    pub fn file_name(self) -> &'static str {
        match self {
            SchemaKind::Assessment => "assessment.schema.json",
            SchemaKind::Project => "project.schema.json",
            SchemaKind::Matrix => "matrix.schema.json",
            SchemaKind::Approvals => "approvals.schema.json",
        }
    }

    /// The schema text, as shipped in `schemas/`.
    #[must_use]
    pub fn text(self) -> &'static str {
        match self {
            SchemaKind::Assessment => include_str!("../schemas/assessment.schema.json"),
            SchemaKind::Project => include_str!("../schemas/project.schema.json"),
            SchemaKind::Matrix => include_str!("../schemas/matrix.schema.json"),
            SchemaKind::Approvals => include_str!("../schemas/approvals.schema.json"),
        }
    }

    /// The kind with this command-line name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<SchemaKind> {
        SchemaKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

struct Compiled {
    documents: Vec<(SchemaKind, Value)>,
    validators: Vec<(SchemaKind, Validator)>,
}

impl Compiled {
    fn document(&self, file_name: &str) -> Option<&Value> {
        self.documents
            .iter()
            .find(|(k, _)| k.file_name() == file_name)
            .map(|(_, v)| v)
    }

    fn validator(&self, kind: SchemaKind) -> &Validator {
        &self
            .validators
            .iter()
            .find(|(k, _)| *k == kind)
            .expect("every kind has a validator")
            .1
    }
}

fn compiled() -> &'static Compiled {
    static COMPILED: OnceLock<Compiled> = OnceLock::new();
    COMPILED.get_or_init(|| {
        let documents: Vec<(SchemaKind, Value)> = SchemaKind::ALL
            .into_iter()
            .map(|k| {
                let value = serde_json::from_str(k.text()).expect("embedded schema is JSON");
                (k, value)
            })
            .collect();
        let mut builder = Registry::new();
        for (kind, value) in &documents {
            builder = builder
                .add(
                    format!("{BASE_URI}{}", kind.file_name()),
                    Resource::from_contents(value.clone()),
                )
                .expect("embedded schema URI is valid");
        }
        let registry: &'static Registry<'static> = Box::leak(Box::new(
            builder.prepare().expect("embedded schemas resolve"),
        ));
        let validators = documents
            .iter()
            .map(|(kind, value)| {
                let validator = jsonschema::options()
                    .offline()
                    .should_validate_formats(true)
                    .with_format("dpia-date", is_valid_date_format)
                    .with_registry(registry)
                    .with_base_uri(format!("{BASE_URI}{}", kind.file_name()))
                    .build(value)
                    .expect("embedded schema compiles");
                (*kind, validator)
            })
            .collect();
        Compiled {
            documents,
            validators,
        }
    })
}

/// The parsed schema of a kind.
///
/// # Panics
/// Never for the three embedded kinds; a test compiles them all.
#[must_use]
pub fn schema_document(kind: SchemaKind) -> &'static Value {
    compiled()
        .document(kind.file_name())
        .expect("every kind has a document")
}

/// Validates a document against its schema. Returns one diagnostic per
/// problem, each at the offending key or value, sorted by position.
#[must_use]
pub fn validate(
    kind: SchemaKind,
    root: &Node,
    json: &Value,
    file: FileId,
    text: &str,
) -> Vec<Diagnostic> {
    validate_at(kind, root, json, file, text, "")
}

/// Validates `json` (found at `prefix` in the file's tree) against a schema.
#[must_use]
pub fn validate_at(
    kind: SchemaKind,
    root: &Node,
    json: &Value,
    file: FileId,
    text: &str,
    prefix: &str,
) -> Vec<Diagnostic> {
    let compiled = compiled();
    let validator = compiled.validator(kind);
    if validator.is_valid(json) {
        return Vec::new();
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    // Past the cap, errors are counted, not described: describing each
    // costs a look-up in the tree, and a hostile file can hold 100,000.
    let mut more = 0;
    for error in validator.iter_errors(json) {
        let left = MAX_PER_FILE.saturating_sub(out.len());
        if left == 0 {
            more += match error.kind() {
                ValidationErrorKind::AdditionalProperties { unexpected }
                | ValidationErrorKind::UnevaluatedProperties { unexpected } => unexpected.len(),
                _ => 1,
            };
            continue;
        }
        for d in describe(
            kind, compiled, &error, root, file, text, prefix, left, &mut more,
        ) {
            let key = (
                d.code,
                d.labels.first().map(|l| l.range.clone()),
                d.message.clone(),
            );
            if seen.insert(key) {
                out.push(d);
            }
        }
    }
    out.sort_by_key(|d| d.labels.first().map(|l| l.range.start));
    crate::diagnostic::note_more(&mut out, more, file);
    out
}

/// The schema object that holds the failing keyword, and the keyword.
fn keyword_site<'a>(compiled: &'a Compiled, error: &ValidationError<'_>) -> Option<&'a Value> {
    let uri = error.absolute_keyword_location()?.as_str().to_owned();
    let (document, fragment) = uri.split_once('#').unwrap_or((&uri, ""));
    let file_name = document.rsplit('/').next()?;
    let schema = compiled.document(file_name)?;
    let parent = fragment.rsplit_once('/').map_or("", |(p, _)| p);
    schema.pointer(parent)
}

/// Lists longer than this are not spelled out in a message.
const MAX_LISTED: usize = 12;

/// The schema's own wording of what a value must be (`errorMessage`, which
/// the YAML language server shows too).
fn error_message(site: Option<&Value>) -> Option<&str> {
    site.and_then(|s| s.get("errorMessage"))
        .and_then(Value::as_str)
}

/// The allowed value whose description (`enumDescriptions`, what an
/// editor shows beside it) the value found names: `public-task` for `e`
/// ("Art 6(1)(e) public task"), `Ireland` for `IE`. Words compare without
/// case or punctuation; the description may name more before them.
fn by_meaning<'a>(
    site: Option<&'a Value>,
    options: &'a [String],
    value: &str,
) -> Option<(&'a str, &'a str)> {
    let words = |text: &str| {
        text.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let wanted = words(value);
    if wanted.len() < 3 {
        return None;
    }
    let descriptions = site?.get("enumDescriptions")?.as_array()?;
    options
        .iter()
        .zip(descriptions)
        .filter_map(|(option, d)| Some((option.as_str(), d.as_str()?)))
        .find(|(_, d)| {
            let d = words(d);
            d == wanted || d.ends_with(&format!(" {wanted}"))
        })
}

fn title_of(site: Option<&Value>) -> Option<&str> {
    site.and_then(|s| s.get("title")).and_then(Value::as_str)
}

/// One schema violation, located, with what every description of it needs:
/// where it is (as a path and as a span), the schema object that failed
/// and the value found.
struct Violation<'a> {
    /// The kind of file, for "run `dpia schema KIND`".
    schema: SchemaKind,
    /// The validator's error.
    error: &'a ValidationError<'a>,
    /// The document's tree.
    root: &'a Node,
    /// The file, for labels.
    file: FileId,
    /// The file's text, for values as written.
    text: &'a str,
    /// The schema object holding the failing keyword.
    site: Option<&'a Value>,
    /// The JSON pointer of the value.
    pointer: String,
    /// Where the pointer leads in the tree.
    at: Located<'a>,
    /// The value itself, when the pointer resolved.
    node: Option<&'a Node>,
    /// Where a caret goes: the value, or a container's first line.
    value_span: Range<usize>,
    /// The path as the author reads it, `risks[2].likelihood`.
    where_: String,
    /// The path as the subject of a sentence.
    subject: String,
    /// "risk `R1`", or the schema title of the mapping.
    owner: String,
}

/// When the key at `key` follows a comma inside a flow mapping, after a
/// plain value (`{applies: true, note: About 40,000 visitors a year.}`
/// reads as `note: About 40` and a key `000 visitors a year.`), the text
/// as the author meant it: `About 40,000 visitors a year.`.
fn comma_split(text: &str, key: std::ops::Range<usize>) -> Option<String> {
    // A key that looks like one (`nots`, a typo) is taken for one.
    let written = text.get(key.clone())?;
    let key_like = written.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && written
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'));
    if key_like {
        return None;
    }
    let before = text.get(..key.start)?.trim_end_matches([' ', '\t']);
    let before_comma = before.strip_suffix(',')?;
    let line = &before_comma[before_comma.rfind('\n').map_or(0, |i| i + 1)..];
    // The comma is inside a `{...}` opened on this line.
    let mut depth = 0usize;
    let mut in_mapping = false;
    for c in line.chars().rev() {
        match c {
            '}' | ']' => depth += 1,
            '{' | '[' if depth > 0 => depth -= 1,
            '{' => {
                in_mapping = true;
                break;
            }
            '[' => return None,
            _ => {}
        }
    }
    if !in_mapping {
        return None;
    }
    let value = line[line.rfind(": ")? + 2..].trim();
    if value.is_empty() || value.starts_with(['"', '\'', '{', '[']) || value.contains([',', '}']) {
        return None;
    }
    let rest = text.get(before_comma.len()..key.end)?;
    Some(format!("{value}{rest}"))
}

impl Violation<'_> {
    /// The value as the author wrote it (empty when the pointer names
    /// nothing).
    fn value(&self) -> String {
        self.node
            .and_then(|n| written(n, self.text))
            .unwrap_or_default()
    }

    /// E101: each unknown key, with "did you mean" or the keys the mapping takes.
    fn unknown_keys(
        &self,
        unexpected: &[String],
        left: usize,
        more: &mut usize,
    ) -> Vec<Diagnostic> {
        let file = self.file;
        let owner = &self.owner;
        let site = self.site;
        let root = self.root;
        let pointer = &self.pointer;
        let known: Vec<&str> = site
            .and_then(|s| s.get("properties"))
            .and_then(Value::as_object)
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        *more += unexpected.len().saturating_sub(left);
        unexpected
            .iter()
            .take(left)
            .map(|key| {
                let key_at = root.locate(&format!("{pointer}/{}", escape_token(key)));
                let span = key_at.key_span.unwrap_or_else(|| key_at.node.span.clone());
                let comma = comma_split(self.text, span.clone());
                let mut d = Diagnostic::input("E101", format!("unknown key `{key}` in {owner}"))
                    .with_label(
                        file,
                        span,
                        format!(
                            "not a key of {}",
                            article(title_of(site).unwrap_or("this mapping"))
                        ),
                    );
                d = match suggest(key, known.iter().copied()) {
                    _ if comma.is_some() => d.with_help(format!(
                        "inside `{{...}}` a comma ends the text before it: quote the text to keep it whole (`\"{}\"`), or write the mapping a key per line",
                        comma.unwrap_or_default()
                    )),
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None if known.len() > MAX_LISTED => d.with_help(format!(
                        "{} takes {} keys: run `dpia schema {}` to see them",
                        article(title_of(site).unwrap_or("this mapping")),
                        known.len(),
                        self.schema.name()
                    )),
                    None if !known.is_empty() => d.with_help(format!(
                        "{} takes: {}",
                        article(title_of(site).unwrap_or("this mapping")),
                        known
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                    None => d,
                };
                d
            })
            .collect()
    }

    /// E102: a required key that is not there.
    fn missing(&self, property: &Value) -> Vec<Diagnostic> {
        let file = self.file;
        let value_span = self.value_span.clone();
        let owner = &self.owner;
        let at = &self.at;
        let property = property.as_str().unwrap_or_default();
        let span = at.key_span.clone().unwrap_or(value_span);
        vec![
            Diagnostic::input(
                "E102",
                format!("missing required key `{property}` in {owner}"),
            )
            .with_label(file, span, format!("`{property}` is required here")),
        ]
    }

    /// E103: a value of the wrong type, with a hint to quote numbers meant as text.
    fn wrong_type(&self, kind: &TypeKind) -> Vec<Diagnostic> {
        let file = self.file;
        let value_span = self.value_span.clone();
        let subject = &self.subject;
        let node = self.node;
        let scalar_text = |n: &Node| written(n, self.text);
        let expected = expected_types(kind);
        let found = node.map_or("nothing", Node::type_name);
        let shown = node
            .and_then(scalar_text)
            .map(|t| format!(" `{t}`"))
            .unwrap_or_default();
        let mut d = Diagnostic::input(
            "E103",
            format!("{subject} must be {expected}, found {found}{shown}"),
        )
        .with_label(file, value_span, format!("expected {expected}"));
        let wants_text = matches!(kind, TypeKind::Single(JsonType::String))
            || matches!(kind, TypeKind::Multiple(set) if set.contains(JsonType::String));
        match node.map(|n| &n.value) {
            Some(NodeValue::Null) => {
                d = d.with_help("write a value after the colon, or remove the key");
            }
            Some(NodeValue::Int(_) | NodeValue::Float(_) | NodeValue::Bool(_)) if wants_text => {
                d = d.with_help(format!(
                    "put the value in quotes to write it as text: \"{}\"",
                    node.and_then(scalar_text).unwrap_or_default()
                ));
            }
            _ => {}
        }
        vec![d]
    }

    /// E104: a value outside the allowed set, with "did you mean".
    fn not_allowed(&self, options: &Value) -> Vec<Diagnostic> {
        let file = self.file;
        let value_span = self.value_span.clone();
        let where_ = &self.where_;
        let site = self.site;
        let options: Vec<String> = options
            .as_array()
            .map(|a| a.iter().map(plain_json).collect())
            .unwrap_or_default();
        let value = self.value();
        let expected = match error_message(site) {
            Some(text) => format!("expected {text}"),
            None if options.len() <= MAX_LISTED => format!(
                "expected one of {}",
                options
                    .iter()
                    .map(|o| format!("`{o}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => "not an allowed value".to_owned(),
        };
        let mut d = Diagnostic::input(
            "E104",
            format!("`{value}` is not an allowed value for `{where_}`"),
        )
        .with_label(file, value_span, expected);
        if value == "UK" && options.iter().any(|o| o == "GB") {
            d = d.with_help("the ISO 3166-1 code of the United Kingdom is `GB`");
        } else if let Some((option, meaning)) = by_meaning(site, &options, &value) {
            d = d.with_help(format!("`{value}` is written `{option}` here: {meaning}"));
        } else if let Some(s) = suggest(&value, options.iter().map(String::as_str)) {
            d = d.with_help(format!("did you mean `{s}`?"));
        }
        vec![d]
    }

    /// E105: a value of the wrong form, in the schema's own words.
    fn wrong_form(&self) -> Vec<Diagnostic> {
        let file = self.file;
        let value_span = self.value_span.clone();
        let where_ = &self.where_;
        let site = self.site;
        let expected = error_message(site).unwrap_or("a value of the expected form");
        let value = self.value();
        vec![
            Diagnostic::input(
                "E105",
                format!("`{where_}` must be {expected}, found `{value}`"),
            )
            .with_label(file, value_span, format!("expected {expected}")),
        ]
    }

    /// E203: a date that does not exist.
    fn no_such_date(&self) -> Vec<Diagnostic> {
        let file = self.file;
        let value_span = self.value_span.clone();
        let where_ = &self.where_;
        let value = self.value();
        vec![
            Diagnostic::input("E203", format!("`{where_}` is not a real date: `{value}`"))
                .with_label(file, value_span, "no such day or month"),
        ]
    }

    /// E106: too few items.
    fn too_few(&self, limit: u64) -> Vec<Diagnostic> {
        let file = self.file;
        let value_span = self.value_span.clone();
        let where_ = &self.where_;
        vec![
            Diagnostic::input(
                "E106",
                format!(
                    "`{where_}` needs at least {limit} item{}",
                    if limit == 1 { "" } else { "s" }
                ),
            )
            .with_label(file, value_span, "too few items"),
        ]
    }

    /// E107: text longer than the schema allows (ids name files and links).
    fn too_long(&self, limit: u64) -> Vec<Diagnostic> {
        let file = self.file;
        let value_span = self.value_span.clone();
        let where_ = &self.where_;
        let node = self.node;
        let length = node
            .and_then(|n| match &n.value {
                NodeValue::Str(s) => Some(s.chars().count()),
                _ => None,
            })
            .unwrap_or_default();
        vec![
            Diagnostic::input(
                "E107",
                format!("`{where_}` is {length} characters long; the most is {limit}"),
            )
            .with_label(file, value_span, "too long")
            .with_help("an identifier names a file and a link; keep it short"),
        ]
    }

    /// E106: empty text.
    fn empty(&self) -> Vec<Diagnostic> {
        let file = self.file;
        let value_span = self.value_span.clone();
        let where_ = &self.where_;
        vec![
            Diagnostic::input("E106", format!("`{where_}` must not be empty")).with_label(
                file,
                value_span,
                "empty text",
            ),
        ]
    }

    /// E107: a number outside its bounds; `bound` is "at least" or "at
    /// most".
    fn out_of_range(&self, bound: &str, limit: &Value) -> Vec<Diagnostic> {
        let value = self
            .node
            .and_then(|n| written(n, self.text))
            .unwrap_or_default();
        vec![
            Diagnostic::input(
                "E107",
                format!("`{}` must be {bound} {limit}, found {value}", self.where_),
            )
            .with_label(self.file, self.value_span.clone(), "out of range"),
        ]
    }

    /// E108: a list that repeats a value, both places named.
    fn repeated(&self) -> Vec<Diagnostic> {
        let file = self.file;
        let value_span = self.value_span.clone();
        let where_ = &self.where_;
        let node = self.node;
        let mut d = Diagnostic::input(
            "E108",
            format!("`{where_}` lists the same value more than once"),
        );
        let items = match node.map(|n| &n.value) {
            Some(NodeValue::Seq(items)) => items.as_slice(),
            _ => &[],
        };
        let mut seen: HashMap<String, usize> = HashMap::new();
        let repeat = items.iter().enumerate().find_map(|(j, item)| {
            let key = item.to_json().to_string();
            if let Some(&i) = seen.get(&key) {
                return Some((i, j));
            }
            seen.insert(key, j);
            None
        });
        d = match repeat {
            Some((i, j)) => d
                .with_label(file, items[j].span.clone(), "listed again here")
                .with_label(file, items[i].span.clone(), "first listed here"),
            None => d.with_label(file, value_span, "each value may appear once"),
        };
        vec![d]
    }

    /// E109: any other violation, in the validator's words.
    fn other(&self) -> Vec<Diagnostic> {
        let file = self.file;
        let value_span = self.value_span.clone();
        let where_ = &self.where_;
        let error = self.error;
        vec![
            Diagnostic::input("E109", format!("`{where_}` is not valid: {error}"))
                .with_label(file, value_span, ""),
        ]
    }
}

/// The diagnostics of one schema violation (one per unknown key for
/// `additionalProperties`, at most `left` of them, the rest counted in
/// `more`), each worded for the author and located at its value.
#[allow(clippy::too_many_arguments)] // the error, where it is, and the room left
fn describe(
    kind: SchemaKind,
    compiled: &Compiled,
    error: &ValidationError<'_>,
    root: &Node,
    file: FileId,
    text: &str,
    prefix: &str,
    left: usize,
    more: &mut usize,
) -> Vec<Diagnostic> {
    let pointer = format!("{prefix}{}", error.instance_path().as_str());
    let site = keyword_site(compiled, error);
    let at = root.locate(&pointer);
    let node = at.exact.then_some(at.node);
    let where_ = readable_path(&pointer);
    // "`risks[0].likelihood` must be..." but "the file must be...".
    let subject = if pointer.is_empty() {
        where_.clone()
    } else {
        format!("`{where_}`")
    };
    let v = Violation {
        schema: kind,
        error,
        root,
        file,
        text,
        site,
        value_span: first_line(&at.node.span, node),
        owner: owner_name(site, node),
        pointer,
        at,
        node,
        where_,
        subject,
    };
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            v.unknown_keys(unexpected, left, more)
        }
        ValidationErrorKind::Required { property } => v.missing(property),
        ValidationErrorKind::Type { kind } => v.wrong_type(kind),
        ValidationErrorKind::Enum { options } => v.not_allowed(options),
        ValidationErrorKind::Pattern { .. } => v.wrong_form(),
        ValidationErrorKind::Format { .. } => v.no_such_date(),
        ValidationErrorKind::MinItems { limit } => v.too_few(*limit),
        ValidationErrorKind::MaxLength { limit } => v.too_long(*limit),
        ValidationErrorKind::MinLength { .. } => v.empty(),
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => v.out_of_range("at least", limit),
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => v.out_of_range("at most", limit),
        ValidationErrorKind::UniqueItems => v.repeated(),
        _ => v.other(),
    }
}

/// A container's span cut to its first line, so a caret marks one line; a
/// scalar's span as is.
fn first_line(span: &Range<usize>, node: Option<&Node>) -> Range<usize> {
    match node.map(|n| &n.value) {
        Some(NodeValue::Map(entries)) => entries
            .first()
            .map_or(span.start..span.start, |e| e.key_span.clone()),
        Some(NodeValue::Seq(items)) => items
            .first()
            .map_or(span.start..span.start, |n| n.span.start..n.span.start),
        _ => span.clone(),
    }
}

/// "risk `R1`" when the object has an id, else its schema title.
fn owner_name(site: Option<&Value>, node: Option<&Node>) -> String {
    let title = title_of(site).unwrap_or("this mapping");
    let id = node
        .and_then(|n| n.entry("id"))
        .and_then(|e| match &e.value.value {
            NodeValue::Str(s) => Some(s.clone()),
            _ => None,
        });
    match id {
        Some(id) => format!("{title} `{id}`"),
        None => title.to_owned(),
    }
}

/// A scalar exactly as the author wrote it (so `1.0` stays `1.0`), on one
/// line and shortened for messages.
fn written(node: &Node, text: &str) -> Option<String> {
    if matches!(
        node.value,
        NodeValue::Null | NodeValue::Seq(_) | NodeValue::Map(_)
    ) {
        return None;
    }
    let raw = match &node.value {
        NodeValue::Str(s) => s.as_str(),
        _ => text.get(node.span.clone()).unwrap_or_default(),
    };
    let first_line = raw.lines().next().unwrap_or_default();
    Some(
        if first_line.chars().count() > 40 || first_line.len() < raw.trim_end().len() {
            format!("{}...", first_line.chars().take(40).collect::<String>())
        } else {
            first_line.to_owned()
        },
    )
}

fn plain_json(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn expected_types(kind: &TypeKind) -> String {
    let name = |t: JsonType| match t {
        JsonType::String => "text",
        JsonType::Integer => "a whole number",
        JsonType::Number => "a number",
        JsonType::Boolean => "true or false",
        JsonType::Object => "a mapping",
        JsonType::Array => "a list",
        JsonType::Null => "empty",
    };
    match kind {
        TypeKind::Single(t) => name(*t).to_owned(),
        TypeKind::Multiple(set) => {
            let names: Vec<&str> = set.iter().map(name).collect();
            names.join(" or ")
        }
    }
}

/// `risks[2].likelihood` for `/risks/2/likelihood`.
#[must_use]
pub fn readable_path(pointer: &str) -> String {
    if pointer.is_empty() {
        return "the file".to_owned();
    }
    let mut out = String::new();
    for token in pointer.split('/').skip(1) {
        let token = unescape_token(token);
        if token.parse::<usize>().is_ok() {
            out.push_str(&format!("[{token}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&token);
        }
    }
    out
}

fn article(title: &str) -> String {
    if title.starts_with("this ") {
        return title.to_owned();
    }
    let an = title
        .chars()
        .next()
        .is_some_and(|c| "aeiouAEIOU".contains(c));
    format!("{} {title}", if an { "an" } else { "a" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use crate::yaml::parse;

    fn check(kind: SchemaKind, text: &str) -> Vec<Diagnostic> {
        let file = SourceFile::new("t.yaml", text);
        let root = parse(&file, 0).unwrap();
        validate(kind, &root, &root.to_json(), 0, text)
    }

    #[test]
    fn a_comma_inside_a_flow_mapping_is_named_with_the_text_meant() {
        let at = |text: &str, key: &str| {
            let start = text.find(key).unwrap();
            comma_split(text, start..start + key.len())
        };
        let text = "x: {applies: true, note: About 40,000 visitors a year.}\n";
        assert_eq!(
            at(text, "000 visitors a year.").as_deref(),
            Some("About 40,000 visitors a year.")
        );
        let text = "x: {applies: true, note: Staff, contractors}\n";
        assert_eq!(at(text, "contractors"), None, "a word may be a key");
        let text = "x: {applies: true, note: Staff, and contractors}\n";
        assert_eq!(
            at(text, "and contractors").as_deref(),
            Some("Staff, and contractors")
        );
        // A typo after a comma is a typo; a comma in a sequence or block
        // text is not this.
        assert_eq!(at("x: {applies: true, nots: x}\n", "nots"), None);
        assert_eq!(at("x: [a, b c]\n", "b c"), None);
        assert_eq!(at("note: About 40,000 people\n", "000 people"), None);
        assert_eq!(at("x: {note: \"About 40\", 000 more}\n", "000 more"), None);
    }

    #[test]
    fn every_schema_compiles_and_tells_a_good_file_from_a_bad_one() {
        // The smallest valid file of each kind, and the same with a key
        // no schema knows.
        let minimal = [
            (SchemaKind::Assessment, "id: a\ntitle: A\nstatus: draft\n"),
            (SchemaKind::Project, "organisations: []\n"),
            (
                SchemaKind::Matrix,
                "id: m\nname: M\nlikelihood:\n  - {id: lo, label: Lo}\nseverity:\n  - {id: lo, label: Lo}\nratings:\n  - {id: ok, label: OK, colour: \"#00ff00\"}\ncells:\n  lo: [ok]\n",
            ),
            (SchemaKind::Approvals, "approvals: []\n"),
        ];
        assert_eq!(minimal.len(), SchemaKind::ALL.len());
        for (kind, text) in minimal {
            let json = serde_json::from_str::<Value>(kind.text())
                .unwrap_or_else(|e| panic!("{} is not JSON: {e}", kind.file_name()));
            assert_eq!(
                json["$schema"],
                "https://json-schema.org/draft/2020-12/schema"
            );
            let good = check(kind, text);
            assert!(good.is_empty(), "{}: {good:?}", kind.name());
            let bad = check(kind, &format!("{text}no_such_key: 1\n"));
            assert_eq!(
                bad.iter().map(|d| d.code).collect::<Vec<_>>(),
                ["E101"],
                "{}",
                kind.name()
            );
        }
    }

    #[test]
    fn unknown_key_suggests_the_close_one() {
        let d = check(
            SchemaKind::Assessment,
            "id: a\ntitle: t\nstatus: draft\nrisks:\n  - id: R1\n    title: x\n    inherent:\n      likelyhood: possible\n",
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, "E101");
        assert_eq!(d[0].message, "unknown key `likelyhood` in risk rating");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `likelihood`?"));
    }

    #[test]
    fn enum_and_type_errors_are_worded_for_people() {
        let d = check(
            SchemaKind::Assessment,
            "id: a\ntitle: t\nstatus: aproved\nversion: 1.0\n",
        );
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(
            d[0].message,
            "`aproved` is not an allowed value for `status`"
        );
        assert_eq!(d[0].help.as_deref(), Some("did you mean `approved`?"));
        assert_eq!(d[1].message, "`version` must be text, found a number `1.0`");
        assert_eq!(
            d[1].help.as_deref(),
            Some("put the value in quotes to write it as text: \"1.0\"")
        );
    }

    #[test]
    fn a_value_written_as_its_meaning_gets_its_code() {
        let d = check(
            SchemaKind::Assessment,
            "id: a\ntitle: t\nstatus: draft\nlawful_bases:\n  - {purposes: [p], article_6: public-task}\nrecipients:\n  - {id: r, name: R, kind: processor, country: Ireland}\n",
        );
        let helps: Vec<_> = d.iter().filter_map(|d| d.help.as_deref()).collect();
        assert!(
            helps.contains(&"`public-task` is written `e` here: Art 6(1)(e) public task"),
            "{d:?}"
        );
        assert!(
            helps.contains(&"`Ireland` is written `IE` here: Ireland"),
            "{d:?}"
        );
    }

    #[test]
    fn impossible_dates_are_reported_once_each() {
        let d = check(
            SchemaKind::Assessment,
            "id: a\ntitle: t\nstatus: draft\ndates:\n  created: 2021-02-29\n  updated: 18/08/2020\n",
        );
        let messages: Vec<_> = d.iter().map(|d| (d.code, d.message.as_str())).collect();
        assert_eq!(
            messages,
            [
                ("E203", "`dates.created` is not a real date: `2021-02-29`"),
                (
                    "E105",
                    "`dates.updated` must be a date written YYYY-MM-DD (or YYYY-MM, or YYYY), found `18/08/2020`"
                ),
            ]
        );
    }

    #[test]
    fn missing_required_keys_are_all_reported() {
        let d = check(SchemaKind::Assessment, "summary: s\n");
        let codes: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            codes,
            [
                "missing required key `id` in assessment",
                "missing required key `title` in assessment",
                "missing required key `status` in assessment"
            ]
        );
    }

    #[test]
    fn readable_paths() {
        assert_eq!(readable_path("/risks/2/likelihood"), "risks[2].likelihood");
        assert_eq!(readable_path(""), "the file");
    }
}
