//! The typed domain model: assessments, the project and risk matrices, built
//! from schema-valid documents with every cross-reference checked.
//!
//! Deserialisation runs only after the schema has accepted a document, so a
//! serde error here means the schema and these types disagree (a bug, still
//! reported at the user's line). What the schema cannot express is checked
//! in [`resolve`]: unique ids, references between lists, the controller,
//! the risk matrix and its levels.

use std::ops::Range;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::load::{Node, NodeValue, escape_token};
use crate::source::FileId;

pub mod assessment;
pub mod matrix;
pub mod policy;
pub mod project;
pub mod resolve;

/// A parsed file: its id in the run's sources and its node tree, which
/// turns JSON pointers into spans for diagnostics.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file.
    pub file: FileId,
    /// The tree parsed from it.
    pub root: Node,
}

impl Document {
    /// The node a pointer names, if it exists.
    #[must_use]
    pub fn node(&self, pointer: &str) -> Option<&Node> {
        self.root.get(pointer)
    }

    /// Where to put a caret for the value at `pointer`: the value itself for
    /// text and numbers, the key for a mapping or list held under a key, the
    /// first `key: value` line of a list item. A pointer to something absent
    /// falls back to its deepest existing ancestor.
    #[must_use]
    pub fn span(&self, pointer: &str) -> (FileId, Range<usize>) {
        let at = self.root.locate(pointer);
        let span = at.node.span.clone();
        let range = match &at.node.value {
            NodeValue::Map(entries) => match (&at.key_span, entries.first()) {
                (Some(key), _) => key.clone(),
                (None, Some(first)) => {
                    let end = if matches!(first.value.value, NodeValue::Map(_) | NodeValue::Seq(_))
                    {
                        first.key_span.end
                    } else {
                        first.value.span.end
                    };
                    first.key_span.start..end.max(first.key_span.end)
                }
                (None, None) => span,
            },
            NodeValue::Seq(_) => at.key_span.clone().unwrap_or(span.start..span.start),
            _ => span,
        };
        (self.file, range)
    }

    /// The span of the key holding the value at `pointer`, or [`span`](Self::span).
    #[must_use]
    pub fn key_span(&self, pointer: &str) -> (FileId, Range<usize>) {
        let at = self.root.locate(pointer);
        match at.key_span {
            Some(key) if at.exact => (self.file, key),
            _ => self.span(pointer),
        }
    }
}

/// Deserialises a schema-valid JSON value found at `prefix` in `doc`.
pub fn deserialize<T: DeserializeOwned>(
    json: &Value,
    doc: &Document,
    prefix: &str,
) -> Result<T, Vec<Diagnostic>> {
    serde_path_to_error::deserialize(json).map_err(|e| {
        let mut pointer = prefix.to_owned();
        for segment in e.path() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => {
                    pointer.push('/');
                    pointer.push_str(&index.to_string());
                }
                serde_path_to_error::Segment::Map { key } => {
                    pointer.push('/');
                    pointer.push_str(&escape_token(key));
                }
                serde_path_to_error::Segment::Enum { .. }
                | serde_path_to_error::Segment::Unknown => {}
            }
        }
        let (file, range) = doc.span(&pointer);
        vec![
            Diagnostic::input(
                "E190",
                format!(
                    "this value passed the schema but not the model: {}",
                    e.inner()
                ),
            )
            .with_label(file, range, "")
            .with_note(
                "this is a bug in dpia (the schema and the model disagree); please report it",
            ),
        ]
    })
}
