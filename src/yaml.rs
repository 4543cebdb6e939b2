//! Parses YAML text into a tree of [`Node`]s, each with the byte span it came
//! from, rejecting what a JSON-shaped document cannot hold.
//!
//! We drive `saphyr-parser`'s event stream ourselves instead of using
//! `serde_yaml`: that crate is archived, keeps only the last of two duplicate
//! keys, gives no node spans, and (like every libyaml-based parser) takes
//! quadratic time on deep flow nesting. Building the tree here lets us
//! reject duplicate keys, cap nesting depth and alias expansion, and keep a
//! span for every key and value so that schema errors and findings point at
//! the user's line.
//!
//! Scalars resolve by the YAML 1.2 core schema: `yes`, `no`, `on` and `off`
//! stay strings, and dates such as `2020-08-18` stay strings (the schema
//! checks their form).

use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, MAX_FILE_BYTES, SourceFile};

/// Deepest nesting of mappings and sequences accepted. A DPIA file nests
/// about six levels; anything near this limit is a mistake or an attack.
pub const MAX_DEPTH: usize = 64;

/// Most values that aliases (`*name`) may add by expansion, which stops
/// "billion laughs" documents while allowing ordinary reuse of anchors.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// Most values (scalars, lists and mappings, aliases counted as what they
/// expand to) one file may hold. A DPIA holds a few thousand; the cap keeps
/// a file of a million tiny values from costing hundreds of megabytes.
pub const MAX_VALUES: usize = 100_000;

/// Most problems reported for one file; the last one says how many more
/// there were. A file with 300,000 duplicate keys would otherwise print
/// 90 MB of diagnostics.
pub const MAX_PROBLEMS: usize = crate::diagnostic::MAX_PER_FILE;

/// Most text (bytes) that aliases may add by expansion: an alias of a long
/// value repeated many times costs memory without adding values.
pub const MAX_ALIAS_BYTES: usize = MAX_FILE_BYTES as usize;

/// A value in the document, with its byte span.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: NodeValue,
    /// Byte range of the value in its file.
    pub span: Range<usize>,
}

/// The JSON-shaped values a document may hold.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    /// `~`, `null` or an empty value.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// Text.
    Str(String),
    /// A sequence, in the author's order.
    Seq(Vec<Node>),
    /// A mapping, in the author's order, without duplicate keys.
    Map(Vec<Entry>),
}

/// One `key: value` pair of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key as written (scalar keys only).
    pub key: String,
    /// Byte range of the key.
    pub key_span: Range<usize>,
    /// The value.
    pub value: Node,
}

/// Where a JSON pointer landed in a tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<'a> {
    /// The node the pointer names, or the deepest existing ancestor when the
    /// pointer names something absent.
    pub node: &'a Node,
    /// Span of the mapping key holding that node, when it has one.
    pub key_span: Option<Range<usize>>,
    /// Whether the whole pointer resolved.
    pub exact: bool,
}

/// Escapes a mapping key for use in a JSON pointer (`~` and `/`).
#[must_use]
pub fn escape_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Reverses [`escape_token`].
#[must_use]
pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

impl Node {
    /// Human name of the value's type, used in "expected X, found Y".
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match self.value {
            NodeValue::Null => "an empty value",
            NodeValue::Bool(_) => "a boolean",
            NodeValue::Int(_) => "an integer",
            NodeValue::Float(_) => "a number",
            NodeValue::Str(_) => "text",
            NodeValue::Seq(_) => "a list",
            NodeValue::Map(_) => "a mapping",
        }
    }

    /// The value as JSON, for schema validation and deserialisation.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.value {
            NodeValue::Null => Value::Null,
            NodeValue::Bool(b) => Value::Bool(*b),
            NodeValue::Int(i) => Value::from(*i),
            // JSON Schema counts 5.0 as an integer; so does the model.
            #[allow(clippy::float_cmp, clippy::cast_precision_loss)] // exact integral test
            NodeValue::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Value::from(*f as i64),
            NodeValue::Float(f) => {
                serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)
            }
            NodeValue::Str(s) => Value::String(s.clone()),
            NodeValue::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeValue::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), e.value.to_json()))
                    .collect(),
            ),
        }
    }

    /// The mapping entry with this key, if this node is a mapping.
    #[must_use]
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            NodeValue::Map(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    /// The node a JSON pointer names exactly, if it exists.
    #[must_use]
    pub fn get(&self, pointer: &str) -> Option<&Node> {
        let at = self.locate(pointer);
        at.exact.then_some(at.node)
    }

    /// Resolves a JSON pointer (`/risks/0/likelihood`). When part of the
    /// pointer does not exist, returns the deepest node that does.
    #[must_use]
    pub fn locate(&self, pointer: &str) -> Located<'_> {
        let mut node = self;
        let mut key_span = None;
        for token in pointer.split('/').skip(1) {
            let token = unescape_token(token);
            let next = match &node.value {
                NodeValue::Map(entries) => entries
                    .iter()
                    .find(|e| e.key == token)
                    .map(|e| (&e.value, Some(e.key_span.clone()))),
                NodeValue::Seq(items) => token
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i))
                    .map(|n| (n, None)),
                _ => None,
            };
            let Some((child, span)) = next else {
                return Located {
                    node,
                    key_span,
                    exact: false,
                };
            };
            node = child;
            key_span = span;
        }
        Located {
            node,
            key_span,
            exact: true,
        }
    }

    /// What a copy of this node costs: (values, bytes of text).
    fn weight(&self) -> (usize, usize) {
        match &self.value {
            NodeValue::Str(s) => (1, s.len()),
            NodeValue::Seq(items) => items
                .iter()
                .map(Node::weight)
                .fold((1, 0), |a, b| (a.0 + b.0, a.1 + b.1)),
            NodeValue::Map(entries) => entries.iter().fold((1, 0), |(n, b), e| {
                let (vn, vb) = e.value.weight();
                (n + vn, b + vb + e.key.len())
            }),
            _ => (1, 0),
        }
    }
}

/// Parses a file's text into a [`Node`] tree. Returns every problem found
/// (syntax stops parsing; duplicate keys do not), at most
/// [`MAX_PROBLEMS`] of them.
///
/// YAML 1.2 allows a tab after the `:` of a mapping, which the parser
/// refuses: such tabs are read as spaces (same length, so every offset
/// stays), except inside a quoted or block scalar, where a tab is text.
pub fn parse(file: &SourceFile, file_id: FileId) -> Result<Node, Vec<Diagnostic>> {
    if let Some(d) = check_version(file, file_id) {
        return Err(vec![d]);
    }
    let tabs = tabs_after_colons(file.text());
    if tabs.is_empty() {
        return parse_text(file, file_id, file.text()).map(|(node, _)| node);
    }
    let mut input = file.text().as_bytes().to_vec();
    for &at in &tabs {
        input[at] = b' ';
    }
    let input = String::from_utf8(input).unwrap_or_default();
    let (node, text_spans) = parse_text(file, file_id, &input)?;
    // A tab inside a quoted or block scalar was text: read it as written.
    let inside = |at: usize| {
        let i = text_spans.partition_point(|r| r.end <= at);
        text_spans.get(i).is_some_and(|r| r.contains(&at))
    };
    if !tabs.iter().any(|&at| inside(at)) {
        return Ok(node);
    }
    let mut input = file.text().as_bytes().to_vec();
    for &at in tabs.iter().filter(|&&at| !inside(at)) {
        input[at] = b' ';
    }
    let input = String::from_utf8(input).unwrap_or_default();
    parse_text(file, file_id, &input).map(|(node, _)| node)
}

/// The offsets of tabs in the white space right after a `:` (where YAML
/// 1.2 allows them as separation; a tab that is text is told apart later).
fn tabs_after_colons(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for (i, _) in text.match_indices(":\t") {
        let mut at = i + 1;
        while at < bytes.len() && (bytes[at] == b'\t' || bytes[at] == b' ') {
            if bytes[at] == b'\t' {
                found.push(at);
            }
            at += 1;
        }
    }
    found.dedup();
    found
}

/// A `%YAML` directive for a version this reader does not read: YAML 1.x
/// is read (as YAML 1.2); another major version is refused, as the YAML
/// specification asks.
fn check_version(file: &SourceFile, file_id: FileId) -> Option<Diagnostic> {
    let mut offset = 0;
    for line in file.text().split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_end();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some(rest) = trimmed.strip_prefix("%YAML") else {
            if trimmed.starts_with('%') {
                continue;
            }
            return None;
        };
        let version = rest.split_whitespace().next().unwrap_or_default();
        let major = version
            .split('.')
            .next()
            .and_then(|m| m.parse::<u32>().ok());
        if major == Some(1) {
            continue;
        }
        return Some(
            Diagnostic::input(
                "E018",
                format!("YAML version `{version}` is not supported: dpia reads YAML 1.2 (and 1.1)"),
            )
            .with_label(file_id, start..start + trimmed.len(), "this directive")
            .with_help("remove the `%YAML` line, or write `%YAML 1.2`"),
        );
    }
    None
}

/// Parses `input` (the file's text, or the same with separating tabs read
/// as spaces) into a tree; also returns the spans of quoted and block
/// scalars, whose text is content.
fn parse_text(
    file: &SourceFile,
    file_id: FileId,
    input: &str,
) -> Result<(Node, Vec<Range<usize>>), Vec<Diagnostic>> {
    let mut builder = Builder::new(file, file_id);
    let mut parser = Parser::new_from_str(input);
    while let Some(next) = parser.next_event() {
        match next {
            Ok((event, span)) => {
                if let Err(d) = builder.event(event, span) {
                    // What stopped the parse is shown, past the cap too.
                    builder.problems.push(*d);
                    return Err(builder.finish_problems());
                }
            }
            Err(e) => {
                let at = builder.offset(e.marker().line(), e.marker().col(), e.marker().index());
                let info = e.info();
                let mut d = if info.contains("recursion limit") {
                    nesting_too_deep()
                } else {
                    Diagnostic::input("E006", format!("YAML syntax error: {info}"))
                }
                .with_label(file_id, at..at, "");
                if let Some(help) = syntax_help(info) {
                    d = d.with_help(help);
                }
                builder.problems.push(d);
                return Err(builder.finish_problems());
            }
        }
    }
    match builder.root.take() {
        Some(root) if builder.problems.is_empty() => {
            if root.value == NodeValue::Null {
                Err(vec![empty_file(file, file_id)])
            } else {
                Ok((root, builder.text_spans))
            }
        }
        None if builder.problems.is_empty() => Err(vec![empty_file(file, file_id)]),
        Some(_) | None => Err(builder.finish_problems()),
    }
}

fn nesting_too_deep() -> Diagnostic {
    Diagnostic::input("E008", format!("nesting deeper than {MAX_DEPTH} levels"))
        .with_help("an assessment nests a few levels; check for runaway brackets or indentation")
}

fn empty_file(file: &SourceFile, file_id: FileId) -> Diagnostic {
    Diagnostic::input(
        "E005",
        format!("`{}` is empty: it holds no YAML content", file.name()),
    )
    .in_file(file_id)
}

fn syntax_help(info: &str) -> Option<&'static str> {
    if info.contains("tab") {
        Some("indent with spaces: YAML does not allow tabs for indentation")
    } else if info.contains("quoted scalar") {
        Some("a quoted value runs to its closing quote: check that the quote is closed")
    } else if info.contains("flow sequence") || info.contains("flow mapping") {
        Some("a `[` or `{` opened earlier is not closed, or a `,` is missing")
    } else if info.contains("mapping values are not allowed") {
        Some("a `: ` inside a value starts a new mapping; put the value in quotes")
    } else if info.contains("did not find expected") || info.contains("indentation") {
        Some("check the indentation of this line against the lines above it")
    } else if info.contains("unknown anchor") {
        Some("define the anchor (`&name`) before using it (`*name`)")
    } else {
        None
    }
}

/// A collection being built.
enum Frame {
    Seq {
        start: usize,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        anchor: usize,
        entries: Vec<Entry>,
        /// The key waiting for its value, and whether it is a duplicate.
        key: Option<(String, Range<usize>, bool)>,
        seen: HashMap<String, Range<usize>>,
    },
}

struct Builder<'a> {
    file: &'a SourceFile,
    file_id: FileId,
    ascii: bool,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, (usize, usize))>,
    alias_nodes: usize,
    alias_bytes: usize,
    root: Option<Node>,
    documents: usize,
    problems: Vec<Diagnostic>,
    /// Problems found past [`MAX_PROBLEMS`], counted, not kept.
    more_problems: usize,
    /// Values built so far, against [`MAX_VALUES`].
    values: usize,
    /// Spans of quoted and block scalars, in file order.
    text_spans: Vec<Range<usize>>,
    /// For a text that is not ASCII: the byte offset of every
    /// [`CHAR_STRIDE`]th character, to turn the parser's character
    /// positions into byte offsets in constant time.
    char_offsets: Vec<usize>,
}

/// Characters between two entries of [`Builder::char_offsets`].
const CHAR_STRIDE: usize = 64;

type Step = Result<(), Box<Diagnostic>>;

impl<'a> Builder<'a> {
    fn new(file: &'a SourceFile, file_id: FileId) -> Self {
        Builder {
            file,
            file_id,
            ascii: file.text().is_ascii(),
            stack: Vec::new(),
            anchors: HashMap::new(),
            alias_nodes: 0,
            alias_bytes: 0,
            root: None,
            documents: 0,
            problems: Vec::new(),
            more_problems: 0,
            values: 0,
            text_spans: Vec::new(),
            char_offsets: if file.text().is_ascii() {
                Vec::new()
            } else {
                file.text()
                    .char_indices()
                    .step_by(CHAR_STRIDE)
                    .map(|(at, _)| at)
                    .collect()
            },
        }
    }

    /// Keeps a problem, or counts it once [`MAX_PROBLEMS`] are kept.
    fn problem(&mut self, d: Diagnostic) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(d);
        } else {
            self.more_problems += 1;
        }
    }

    /// The problems kept, the last saying how many more there were.
    fn finish_problems(&mut self) -> Vec<Diagnostic> {
        let mut problems = std::mem::take(&mut self.problems);
        crate::diagnostic::note_more(&mut problems, self.more_problems, self.file_id);
        problems
    }

    /// The byte offset of a parser position (`index` counts characters).
    fn offset(&self, _line: usize, _col: usize, index: usize) -> usize {
        let text = self.file.text();
        if self.ascii {
            return index.min(text.len());
        }
        let Some(&start) = self.char_offsets.get(index / CHAR_STRIDE) else {
            return text.len();
        };
        text[start..]
            .char_indices()
            .nth(index % CHAR_STRIDE)
            .map_or(text.len(), |(at, _)| start + at)
    }

    fn range(&self, span: Span) -> Range<usize> {
        let start = self.offset(span.start.line(), span.start.col(), span.start.index());
        let end = self.offset(span.end.line(), span.end.col(), span.end.index());
        start..end.max(start)
    }

    fn error(&self, code: &'static str, message: String, at: Range<usize>) -> Diagnostic {
        Diagnostic::input(code, message).with_label(self.file_id, at, "")
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Step {
        let range = self.range(span);
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(self
                        .error(
                            "E010",
                            "a second YAML document starts here; a file holds one assessment"
                                .into(),
                            range,
                        )
                        .with_help("move the second document to its own file")
                        .into());
                }
                Ok(())
            }
            Event::Scalar(text, style, anchor, tag) => {
                if let Some(Frame::Map { key: None, .. }) = self.stack.last() {
                    if style != ScalarStyle::Plain {
                        self.text_spans.push(range.clone());
                    }
                    if anchor != 0 {
                        // `&k title: t`: the anchor names the key's text.
                        let node = Node {
                            value: NodeValue::Str(text.to_string()),
                            span: range.clone(),
                        };

                        let weight = node.weight();
                        self.anchors.insert(anchor, (node, weight));
                    }
                    return self.key(text.into_owned(), range, tag.as_deref());
                }
                if style != ScalarStyle::Plain {
                    self.text_spans.push(range.clone());
                }
                let value = self.scalar(&text, style, tag.as_deref(), &range)?;
                self.complete(Node { value, span: range }, anchor)
            }
            Event::SequenceStart(anchor, tag) => {
                self.check_collection_tag(tag.as_deref(), "seq", &range)?;
                self.open(Frame::Seq {
                    start: range.start,
                    anchor,
                    items: Vec::new(),
                })
            }
            Event::MappingStart(anchor, tag) => {
                self.check_collection_tag(tag.as_deref(), "map", &range)?;
                self.open(Frame::Map {
                    start: range.start,
                    anchor,
                    entries: Vec::new(),
                    key: None,
                    seen: HashMap::new(),
                })
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(&range),
            Event::Alias(id) => self.alias(id, range),
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => Ok(()),
        }
    }

    fn open(&mut self, frame: Frame) -> Step {
        let start = match &frame {
            Frame::Seq { start, .. } | Frame::Map { start, .. } => *start,
        };
        if let Some(Frame::Map { key: None, .. }) = self.stack.last() {
            return Err(self
                .error(
                    "E011",
                    "a mapping key must be plain text, not a list or mapping".into(),
                    self.file.char_at(start),
                )
                .into());
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(nesting_too_deep()
                .with_label(self.file_id, self.file.char_at(start), "")
                .into());
        }
        self.stack.push(frame);
        Ok(())
    }

    fn close(&mut self, end_range: &Range<usize>) -> Step {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let (value, start, anchor) = match frame {
            Frame::Seq {
                start,
                anchor,
                items,
            } => (NodeValue::Seq(items), start, anchor),
            Frame::Map {
                start,
                anchor,
                entries,
                ..
            } => (NodeValue::Map(entries), start, anchor),
        };
        let last_end = match &value {
            NodeValue::Seq(items) => items.last().map(|n| n.span.end),
            NodeValue::Map(entries) => entries.last().map(|e| e.value.span.end.max(e.key_span.end)),
            _ => None,
        };
        // Flow collections end at their bracket; block collections end with
        // their last child (their end event sits at the next token).
        let end = if end_range.is_empty() {
            last_end.unwrap_or(start)
        } else {
            end_range.end
        };
        self.complete(
            Node {
                value,
                span: start..end.max(start),
            },
            anchor,
        )
    }

    fn key(&mut self, key: String, range: Range<usize>, tag: Option<&Tag>) -> Step {
        if let Some(tag) = tag.filter(|t| core_tag(t) != Some("str")) {
            return Err(self
                .error("E012", format!("unsupported tag `{tag}` on a key"), range)
                .into());
        }
        let file_id = self.file_id;
        let Some(Frame::Map {
            key: slot, seen, ..
        }) = self.stack.last_mut()
        else {
            return Ok(());
        };
        if let Some(first) = seen.get(&key) {
            let first = first.clone();
            *slot = Some((key.clone(), range.clone(), true));
            self.problem(
                Diagnostic::input("E007", format!("duplicate key `{key}`"))
                    .with_label(file_id, range, "this key appears again here")
                    .with_label(file_id, first, "first written here")
                    .with_help("a key may appear once in a mapping; merge the two or remove one"),
            );
        } else {
            seen.insert(key.clone(), range.clone());
            *slot = Some((key, range, false));
        }
        Ok(())
    }

    fn alias(&mut self, id: usize, range: Range<usize>) -> Step {
        let Some((node, (values, bytes))) = self.anchors.get(&id) else {
            return Err(self
                .error("E006", "YAML syntax error: unknown anchor".into(), range)
                .into());
        };
        if let Some(Frame::Map { key: None, .. }) = self.stack.last() {
            return Err(self
                .error(
                    "E011",
                    "a mapping key must be plain text, not an alias".into(),
                    range,
                )
                .into());
        }
        self.alias_nodes += values;
        self.alias_bytes += bytes;
        if self.alias_nodes > MAX_ALIAS_NODES || self.alias_bytes > MAX_ALIAS_BYTES {
            return Err(self
                .error(
                    "E009",
                    format!(
                        "aliases expand to more than {MAX_ALIAS_NODES} values or {} MiB of text",
                        MAX_ALIAS_BYTES / (1024 * 1024)
                    ),
                    range,
                )
                .with_help("this looks like an alias bomb; write the values out or use fewer nested aliases").into());
        }
        let mut copy = node.clone();
        copy.span = range;
        self.complete(copy, 0)
    }

    /// Places a finished value in its parent, counting it against
    /// [`MAX_VALUES`].
    fn complete(&mut self, node: Node, anchor: usize) -> Step {
        self.values += 1;
        if self.values > MAX_VALUES {
            return Err(self
                .error(
                    "E016",
                    format!(
                        "the file holds more than {} values",
                        crate::diagnostic::thousands(MAX_VALUES)
                    ),
                    self.file.char_at(node.span.start),
                )
                .with_help("an assessment holds a few thousand values; split the file, or look for a runaway list")
                .into());
        }
        if anchor != 0 {
            let weight = node.weight();
            self.anchors.insert(anchor, (node.clone(), weight));
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => {
                // A duplicate key was reported already; the first value stays.
                if let Some((key, key_span, false)) = key.take() {
                    entries.push(Entry {
                        key,
                        key_span,
                        value: node,
                    });
                }
            }
        }
        Ok(())
    }

    fn check_collection_tag(
        &self,
        tag: Option<&Tag>,
        expected: &str,
        range: &Range<usize>,
    ) -> Step {
        match tag {
            None => Ok(()),
            Some(t) if core_tag(t) == Some(expected) => Ok(()),
            Some(t) => Err(self
                .error("E012", format!("unsupported tag `{t}`"), range.clone())
                .into()),
        }
    }

    fn scalar(
        &self,
        text: &str,
        style: ScalarStyle,
        tag: Option<&Tag>,
        range: &Range<usize>,
    ) -> Result<NodeValue, Box<Diagnostic>> {
        let Some(tag) = tag else {
            return Ok(if style == ScalarStyle::Plain {
                resolve_plain(text)
            } else {
                NodeValue::Str(text.to_owned())
            });
        };
        let Some(core) = core_tag(tag) else {
            return Err(self
                .error("E012", format!("unsupported tag `{tag}`"), range.clone())
                .into());
        };
        let resolved = resolve_plain(text);
        let ok = match (core, &resolved) {
            ("str", _) => return Ok(NodeValue::Str(text.to_owned())),
            ("null", NodeValue::Null)
            | ("bool", NodeValue::Bool(_))
            | ("int", NodeValue::Int(_))
            | ("float", NodeValue::Float(_)) => true,
            ("float", NodeValue::Int(i)) => {
                #[allow(clippy::cast_precision_loss)] // the author asked for a float
                return Ok(NodeValue::Float(*i as f64));
            }
            _ => false,
        };
        if ok {
            Ok(resolved)
        } else {
            Err(self
                .error(
                    "E012",
                    format!("`{text}` is not a valid value for the tag `{tag}`"),
                    range.clone(),
                )
                .into())
        }
    }
}

/// The type a tag of the YAML core schema names (`str`, `int`, `map`...),
/// whether written with the `!!` shorthand or verbatim
/// (`!<tag:yaml.org,2002:str>`); `None` for any other tag.
fn core_tag(tag: &Tag) -> Option<&str> {
    const CORE: &str = "tag:yaml.org,2002:";
    if tag.is_yaml_core_schema() {
        return Some(&tag.suffix);
    }
    match tag.handle.as_str() {
        "" | "!" => tag.suffix.strip_prefix(CORE),
        _ => None,
    }
}

/// Resolves an unquoted scalar by the YAML 1.2 core schema.
#[must_use]
pub fn resolve_plain(text: &str) -> NodeValue {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return NodeValue::Null,
        "true" | "True" | "TRUE" => return NodeValue::Bool(true),
        "false" | "False" | "FALSE" => return NodeValue::Bool(false),
        _ => {}
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let int = if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        text.parse::<i64>().ok()
    } else if let Some(hex) = text.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()
    } else if let Some(oct) = text.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()
    } else {
        None
    };
    if let Some(i) = int {
        return NodeValue::Int(i);
    }
    if is_core_float(unsigned)
        && let Ok(f) = text.parse::<f64>()
        && f.is_finite()
    {
        return NodeValue::Float(f);
    }
    NodeValue::Str(text.to_owned())
}

/// `[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?` or `\.[0-9]+(...)?` (no sign).
fn is_core_float(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match frac {
        Some(f) => digits(int) && digits(f) && !(int.is_empty() && f.is_empty()),
        None => !int.is_empty() && digits(int),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok && (frac.is_some() || exponent.is_some())
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    fn tree(text: &str) -> Result<Node, Vec<Diagnostic>> {
        parse(&SourceFile::new("t.yaml", text), 0)
    }

    fn codes(text: &str) -> Vec<&'static str> {
        tree(text).unwrap_err().iter().map(|d| d.code).collect()
    }

    #[test]
    fn a_tab_after_a_colon_separates_but_a_tab_in_text_stays() {
        let text = "title:\tHello\nquoted: \"a:\tb\"\nblock: |\n  c:\td\nflow: {k:\tv}\n";
        let root = tree(text).unwrap();
        let json = root.to_json();
        assert_eq!(json["title"], "Hello");
        assert_eq!(json["quoted"], "a:\tb");
        assert_eq!(json["block"], "c:\td\n");
        assert_eq!(json["flow"]["k"], "v");
        // Spans still point into the file as written.
        let title = root.get("/title").unwrap();
        assert_eq!(&text[title.span.clone()], "Hello");
    }

    #[test]
    fn verbatim_core_tags_and_yaml_versions() {
        let root = tree("a: !<tag:yaml.org,2002:str> 12\nb: !!int 3\n").unwrap();
        assert_eq!(root.to_json(), serde_json::json!({"a": "12", "b": 3}));
        assert_eq!(codes("a: !<tag:example.com,2000:x> 1\n"), ["E012"]);
        assert_eq!(codes("%YAML 9.9\n---\na: 1\n"), ["E018"]);
        assert_eq!(codes("# c\n%YAML 2.0\n---\na: 1\n"), ["E018"]);
        assert!(tree("%YAML 1.2\n---\na: 1\n").is_ok());
        assert!(tree("%YAML 1.1\n---\na: 1\n").is_ok());
    }

    #[test]
    fn a_file_of_too_many_values_is_refused() {
        let mut text = String::from("a: [");
        for _ in 0..MAX_VALUES {
            text.push_str("1,");
        }
        text.push_str("1]\n");
        assert_eq!(codes(&text), ["E016"]);
    }

    #[test]
    fn problems_are_capped_and_the_rest_counted() {
        let text = "a: 1\n".repeat(MAX_PROBLEMS + 51);
        let problems = tree(&text).unwrap_err();
        assert_eq!(problems.len(), MAX_PROBLEMS + 1);
        let last = problems.last().unwrap();
        assert_eq!(last.code, "E017");
        assert_eq!(
            last.message,
            format!("this file has 50 more problems than the {MAX_PROBLEMS} shown")
        );
    }

    #[test]
    fn what_stops_the_parse_is_shown_past_the_cap() {
        let text = "a: 1\n".repeat(MAX_PROBLEMS + 51) + "b: [unclosed\n";
        let problems = tree(&text).unwrap_err();
        let codes: Vec<_> = problems.iter().map(|d| d.code).collect();
        assert_eq!(codes.len(), MAX_PROBLEMS + 2);
        assert_eq!(&codes[MAX_PROBLEMS..], ["E006", "E017"]);
    }

    #[test]
    fn positions_in_a_long_line_after_a_non_ascii_character() {
        let mut text = String::from("t: \"é\"\nl: [");
        for i in 0..1000 {
            write!(text, "x{i},").unwrap();
        }
        text.push_str("ü]\n");
        let root = tree(&text).unwrap();
        let last = root.get("/l/1000").unwrap();
        assert_eq!(&text[last.span.clone()], "ü");
        let middle = root.get("/l/500").unwrap();
        assert_eq!(&text[middle.span.clone()], "x500");
    }

    #[test]
    fn core_schema_scalars() {
        assert_eq!(resolve_plain("yes"), NodeValue::Str("yes".into()));
        assert_eq!(resolve_plain("no"), NodeValue::Str("no".into()));
        assert_eq!(resolve_plain("on"), NodeValue::Str("on".into()));
        assert_eq!(resolve_plain("True"), NodeValue::Bool(true));
        assert_eq!(resolve_plain("~"), NodeValue::Null);
        assert_eq!(resolve_plain("12"), NodeValue::Int(12));
        assert_eq!(resolve_plain("-3"), NodeValue::Int(-3));
        assert_eq!(resolve_plain("0x1f"), NodeValue::Int(31));
        assert_eq!(resolve_plain("1.0"), NodeValue::Float(1.0));
        assert_eq!(resolve_plain("1e3"), NodeValue::Float(1000.0));
        assert_eq!(
            resolve_plain("2020-08-18"),
            NodeValue::Str("2020-08-18".into())
        );
        assert_eq!(resolve_plain(".inf"), NodeValue::Str(".inf".into()));
        assert_eq!(resolve_plain("1.2.3"), NodeValue::Str("1.2.3".into()));
        assert_eq!(resolve_plain("0.10"), NodeValue::Float(0.1));
    }

    #[test]
    fn integral_floats_are_json_integers() {
        let root = tree("count: 5.0\nratio: 2.5\n").unwrap();
        assert_eq!(
            root.to_json(),
            serde_json::json!({"count": 5, "ratio": 2.5})
        );
    }

    #[test]
    fn quoted_scalars_stay_text() {
        let root = tree("a: \"12\"\nb: 'true'\n").unwrap();
        assert_eq!(root.to_json(), serde_json::json!({"a": "12", "b": "true"}));
    }

    #[test]
    fn spans_point_at_keys_and_values() {
        let text = "id: x\nrisks:\n  - id: R1\n    likelihood: possible\n";
        let root = tree(text).unwrap();
        let at = root.locate("/risks/0/likelihood");
        assert!(at.exact);
        assert_eq!(&text[at.node.span.clone()], "possible");
        assert_eq!(&text[at.key_span.unwrap()], "likelihood");
        let missing = root.locate("/risks/0/severity");
        assert!(!missing.exact);
        assert!(text[missing.node.span.clone()].starts_with("id: R1"));
    }

    #[test]
    fn duplicate_keys_name_both_places() {
        let errors = tree("id: a\ntitle: t\nid: b\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "E007");
        assert_eq!(errors[0].labels[0].range, 15..17);
        assert_eq!(errors[0].labels[1].range, 0..2);
    }

    #[test]
    fn aliases_are_copied_within_budget() {
        let root = tree("a: &p {name: N}\nb: *p\n").unwrap();
        assert_eq!(
            root.to_json(),
            serde_json::json!({"a": {"name": "N"}, "b": {"name": "N"}})
        );
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            writeln!(text, "a{i}: &a{i} [{}]", vec![prev; 10].join(", ")).unwrap();
        }
        let errors = tree(&text).unwrap_err();
        assert_eq!(errors[0].code, "E009");
    }

    #[test]
    fn aliases_of_long_text_are_budgeted_by_size() {
        let mut text = format!("a: &t \"{}\"\nb:\n", "x".repeat(100_000));
        for _ in 0..100 {
            text.push_str("  - *t\n");
        }
        assert_eq!(tree(&text).unwrap_err()[0].code, "E009");
    }

    #[test]
    fn an_anchor_on_a_key_names_the_key() {
        let root = tree("&k title: t\nsummary: *k\n").unwrap();
        assert_eq!(
            root.to_json(),
            serde_json::json!({"title": "t", "summary": "title"})
        );
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        let errors = tree(&text).unwrap_err();
        assert!(matches!(errors[0].code, "E008" | "E006"), "{errors:?}");
    }

    #[test]
    fn empty_and_comment_only_files_are_refused() {
        assert_eq!(tree("").unwrap_err()[0].code, "E005");
        assert_eq!(tree("# nothing\n").unwrap_err()[0].code, "E005");
        assert_eq!(tree("---\n").unwrap_err()[0].code, "E005");
    }

    #[test]
    fn second_document_is_refused() {
        assert_eq!(tree("a: 1\n---\nb: 2\n").unwrap_err()[0].code, "E010");
    }

    #[test]
    fn block_scalar_span_and_multibyte_columns() {
        let text = "title: \"é\"\nnote: |\n  line\n";
        let root = tree(text).unwrap();
        let at = root.locate("/note");
        assert_eq!(&text[at.node.span.clone()], "line\n");
        let at = root.locate("/title");
        assert_eq!(&text[at.node.span.clone()], "\"é\"");
    }
}
