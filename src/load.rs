//! The front of the pipeline: a file read through the project root (never
//! outside it, never a FIFO or a device), decoded, and turned into a typed
//! document: parse ([`crate::yaml`]) -> validate against its JSON Schema
//! ([`crate::schema`]) -> check its free text ([`crate::text`]) ->
//! deserialise. [`document`] is that sequence, written once for every kind
//! of file (assessment, project, matrix, the bundled defaults).
//!
//! Deserialisation runs only after the schema has accepted a document, so a
//! serde error here means the schema and the model's types disagree (a bug,
//! still reported at the user's line).

use std::io::Read;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::root::{ProjectRoot, Refusal};
use crate::schema::{SchemaKind, validate_at};
use crate::source::{FileId, MAX_FILE_BYTES, SourceFile, Sources};
use crate::yaml::{Document, escape_token, parse};

/// Parses, validates and deserialises a whole file of one kind; returns
/// the typed value and the parsed document that locates its parts.
pub fn document<T: DeserializeOwned>(
    kind: SchemaKind,
    file: &SourceFile,
    file_id: FileId,
) -> Result<(T, Document), Vec<Diagnostic>> {
    let doc = parsed(file, file_id)?;
    let value = document_at(kind, &doc, file.text(), "")?;
    Ok((value, doc))
}

/// Parses a file into its located tree, the first step of [`document`];
/// for a caller that reads the tree further when the schema refuses it.
pub fn parsed(file: &SourceFile, file_id: FileId) -> Result<Document, Vec<Diagnostic>> {
    Ok(Document {
        file: file_id,
        root: parse(file, file_id)?,
    })
}

/// Validates and deserialises the value at `prefix` of a parsed document
/// against the schema of `kind` (a whole file at `""`, or an inline matrix
/// in the project file), and checks its free text.
pub fn document_at<T: DeserializeOwned>(
    kind: SchemaKind,
    doc: &Document,
    text: &str,
    prefix: &str,
) -> Result<T, Vec<Diagnostic>> {
    let node = doc.node(prefix).unwrap_or(&doc.root);
    let json = node.to_json();
    let mut problems = validate_at(kind, &doc.root, &json, doc.file, text, prefix);
    problems.extend(crate::text::check_tree(node, doc.file));
    if !problems.is_empty() {
        return Err(problems);
    }
    deserialize(&json, doc, prefix)
}

/// Deserialises a schema-valid JSON value found at `prefix` in `doc`; a
/// failure is E190, located at the value serde stopped on.
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

/// Reads a file into the run's sources, returning its id; a file that cannot
/// be read is registered too, so its error can point into it.
pub fn read_into(
    root_dir: &ProjectRoot,
    path: &Path,
    display: &str,
    sources: &mut Sources,
) -> Result<FileId, Vec<Diagnostic>> {
    let file_id = sources.len();
    match read_source(root_dir, path, display, file_id) {
        Ok(file) => Ok(sources.add(file)),
        Err(e) => {
            sources.add(e.file);
            Err(vec![e.diagnostic])
        }
    }
}

/// A file that could not be read as text: what to register in the run's
/// sources (an empty file, or the text before the bad byte) and the error,
/// labelled at the problem.
#[derive(Debug)]
pub struct ReadError {
    /// The file to register so the diagnostic can point into it.
    pub file: SourceFile,
    /// The problem.
    pub diagnostic: Diagnostic,
}

/// Reads a file from disk with the checks every input gets: inside the
/// project root once links are resolved, a regular file (checked before it
/// is opened), within the size limit, text. `display` is the name shown in
/// messages; `file_id` the id the file will have in the run's sources.
/// A refusal never quotes what the path leads to.
pub fn read_source(
    root: &ProjectRoot,
    path: &Path,
    display: &str,
    file_id: FileId,
) -> Result<SourceFile, Box<ReadError>> {
    // The message names the file; there is no text to point into.
    let fail = |diagnostic: Diagnostic| {
        Box::new(ReadError {
            file: SourceFile::new(display, ""),
            diagnostic: diagnostic.in_file(file_id),
        })
    };
    let (file, metadata) = root
        .open(path)
        .map_err(|refusal| fail(refused(display, &refusal, root)))?;
    if metadata.len() > MAX_FILE_BYTES {
        return Err(fail(too_large(display, metadata.len())));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(refused(display, &Refusal::Io(e), root)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(fail(too_large(display, bytes.len() as u64)));
    }
    decode(bytes, display, file_id)
}

/// The input error for a path that was not read: E013 outside the project
/// root, E014 not a regular file, E001 otherwise.
#[must_use]
pub fn refused(display: &str, refusal: &Refusal, root: &ProjectRoot) -> Diagnostic {
    let reason = refusal.reason();
    match refusal {
        Refusal::Outside => Diagnostic::input(
            "E013",
            format!("`{display}` is not read: {reason}"),
        )
        .with_help(format!(
            "dpia reads only files inside the project root `{}` (the folder of dpia.yaml, or the current folder without one); a link may point only to a place inside it",
            crate::escape::inline(&root.path().display().to_string())
        )),
        Refusal::NotRegular(_) => Diagnostic::input(
            "E014",
            format!("`{display}` is not read: {reason}"),
        )
        .with_help("an assessment, project or matrix file is a regular file of YAML text"),
        Refusal::Missing | Refusal::Io(_) => {
            Diagnostic::input("E001", format!("cannot read `{display}`: {reason}"))
        }
    }
}

fn too_large(display: &str, size: u64) -> Diagnostic {
    #[allow(clippy::cast_precision_loss)] // only for a rounded figure in a message
    let mib = |n: u64| n as f64 / (1024.0 * 1024.0);
    Diagnostic::input(
        "E002",
        format!(
            "`{display}` is {:.1} MiB; the limit for one file is {:.0} MiB",
            mib(size),
            mib(MAX_FILE_BYTES)
        ),
    )
    .with_help("an assessment file holds text; split it or remove embedded data")
}

/// Checks that raw bytes are UTF-8 text and wraps them as a source file.
/// On failure the text before the bad byte is kept so the error can point at it.
pub fn decode(
    mut bytes: Vec<u8>,
    display: &str,
    file_id: FileId,
) -> Result<SourceFile, Box<ReadError>> {
    // Offsets below are into the text without its byte order mark, as
    // `SourceFile` keeps it.
    if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes.drain(..3);
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let prefix = String::from_utf8_lossy(&bytes[..at]).into_owned();
        let end = prefix.len();
        return Err(Box::new(ReadError {
            file: SourceFile::new(display, prefix),
            diagnostic: Diagnostic::input(
                "E003",
                format!("`{display}` is a binary file, not YAML text"),
            )
            .with_label(file_id, end..end, "a NUL byte here"),
        }));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(display, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            let end = prefix.len();
            Err(Box::new(ReadError {
                file: SourceFile::new(display, prefix),
                diagnostic: Diagnostic::input(
                    "E004",
                    format!("`{display}` is not valid UTF-8 text"),
                )
                .with_label(file_id, end..end, "an invalid byte here")
                .with_help("save the file as UTF-8"),
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_utf8_and_binary_are_refused() {
        let e = decode(vec![b'a', b'\n', 0xff, b'b'], "x", 0).unwrap_err();
        assert_eq!((e.diagnostic.code, e.file.text()), ("E004", "a\n"));
        assert_eq!(e.diagnostic.labels[0].range, 2..2);
        let e = decode(b"\xef\xbb\xbfab\xff".to_vec(), "x", 0).unwrap_err();
        assert_eq!(
            e.diagnostic.labels[0].range,
            2..2,
            "the byte order mark is not counted"
        );
        let e = decode(vec![b'a', 0, b'b'], "x", 0).unwrap_err();
        assert_eq!(e.diagnostic.code, "E003");
    }
}
