//! Owns the raw text of every file a run reads and turns byte offsets into
//! line and column numbers.
//!
//! Every later stage refers to text by `(FileId, byte range)`; only this module
//! knows how lines are laid out. [`Sources`] is also the file database the
//! diagnostic renderer reads snippets from.

use std::ops::Range;

/// Index of a file in [`Sources`].
pub type FileId = usize;

/// Largest input file accepted, in bytes. A DPIA is tens of kilobytes; this is
/// generous and keeps a hostile file from costing time or memory.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// One file's name (as shown to the user) and text, with its line starts.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it or as it was found, used in every
    /// message, with control characters escaped ([`crate::escape::inline`]).
    name: String,
    /// The whole text, without a leading byte order mark.
    text: String,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
    /// The text as snippets show it, when it holds characters that must not
    /// reach a terminal raw; `None` for ordinary text.
    shown: Option<Box<Shown>>,
    /// Whether the text is ASCII (a column is then a byte count).
    ascii: bool,
    /// For a text that is not ASCII, built when first needed: the byte
    /// offset of every [`CHAR_STRIDE`]th character, so that a column on a
    /// long line is found without counting the whole line.
    char_index: std::sync::OnceLock<Vec<usize>>,
}

/// Characters between two entries of a file's character index.
const CHAR_STRIDE: usize = 64;

/// Lines shorter than this are counted directly.
const SHORT_SPAN: usize = 4096;

/// A file's text with its unsafe characters escaped ([`crate::escape`]),
/// for the snippets of diagnostics, and the map from the offsets of the
/// real text to offsets in it.
#[derive(Debug, Clone)]
struct Shown {
    /// The escaped text (same lines as the real text).
    text: String,
    /// Byte offset of the start of each line of `text`.
    line_starts: Vec<usize>,
    /// For each escaped character: the offset in the real text just after
    /// it, and how many bytes longer the escaped text is from there on.
    shifts: Vec<(usize, usize)>,
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// Line number, from 1.
    pub line: usize,
    /// Column number in characters, from 1.
    pub column: usize,
}

impl SourceFile {
    /// Wraps a file's text; a UTF-8 byte order mark is dropped.
    #[must_use]
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let line_starts = line_starts(&text);
        let shown = Shown::of(&text).map(Box::new);
        let name: String = name.into();
        SourceFile {
            name: crate::escape::inline(&name).into_owned(),
            ascii: text.is_ascii(),
            text,
            line_starts,
            shown,
            char_index: std::sync::OnceLock::new(),
        }
    }

    /// The number of characters before byte `offset` (a character
    /// boundary), in constant time after the first call.
    fn chars_before(&self, offset: usize) -> usize {
        let index = self.char_index.get_or_init(|| {
            self.text
                .char_indices()
                .step_by(CHAR_STRIDE)
                .map(|(at, _)| at)
                .collect()
        });
        let i = index.partition_point(|&at| at <= offset).saturating_sub(1);
        let base = index.get(i).copied().unwrap_or(0);
        i * CHAR_STRIDE + self.text[base..offset].chars().count()
    }

    /// The number of characters between two character boundaries.
    fn chars_between(&self, start: usize, end: usize) -> usize {
        if self.ascii {
            end - start
        } else if end - start < SHORT_SPAN {
            self.text[start..end].chars().count()
        } else {
            self.chars_before(end) - self.chars_before(start)
        }
    }

    /// The text as diagnostics show it: unsafe characters escaped.
    #[must_use]
    pub fn shown_text(&self) -> &str {
        self.shown.as_ref().map_or(&self.text, |s| &s.text)
    }

    /// Line starts of [`shown_text`](Self::shown_text).
    #[must_use]
    pub fn shown_line_starts(&self) -> &[usize] {
        self.shown
            .as_ref()
            .map_or(&self.line_starts, |s| &s.line_starts)
    }

    /// The offset in [`shown_text`](Self::shown_text) of an offset in the
    /// real text.
    #[must_use]
    pub fn shown_offset(&self, offset: usize) -> usize {
        let Some(shown) = &self.shown else {
            return offset;
        };
        let offset = self.floor(offset);
        let i = shown.shifts.partition_point(|&(at, _)| at <= offset);
        offset + i.checked_sub(1).map_or(0, |i| shown.shifts[i].1)
    }

    /// The file name shown in messages.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The file's text.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Byte offsets of the start of every line.
    #[must_use]
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// Byte offset of a position given as a 1-based line and a 0-based column
    /// counted in characters, as the YAML parser reports it.
    #[must_use]
    pub fn offset_of(&self, line: usize, column_chars: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        rest.char_indices()
            .nth(column_chars)
            .map_or(self.text.len(), |(i, _)| start + i)
    }

    /// The range of the one character starting at `offset` (empty at the
    /// end of the text), for a caret under a single character.
    #[must_use]
    pub fn char_at(&self, offset: usize) -> Range<usize> {
        let start = self.floor(offset);
        let len = self.text[start..].chars().next().map_or(0, char::len_utf8);
        start..start + len
    }

    /// `offset` clamped to the text and moved back to a character boundary.
    fn floor(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// Line and column of a byte offset.
    #[must_use]
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = self.floor(offset);
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line_index];
        let column = self.chars_between(start, offset) + 1;
        LineCol {
            line: line_index + 1,
            column,
        }
    }
}

/// Byte offsets of the line starts of a text: YAML breaks lines at LF,
/// CRLF and a lone CR, and so does the parser.
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    std::iter::once(0)
        .chain(bytes.iter().enumerate().filter_map(|(i, &b)| {
            let breaks = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            breaks.then_some(i + 1)
        }))
        .collect()
}

impl Shown {
    /// The escaped form of a text, if it needs one. A carriage return is a
    /// line break to YAML and is left for the renderer, which ends lines
    /// there.
    fn of(text: &str) -> Option<Shown> {
        let unsafe_char = |c: char| c != '\r' && crate::escape::is_unsafe(c);
        if !text.chars().any(unsafe_char) {
            return None;
        }
        let mut shown = String::with_capacity(text.len() + 64);
        let mut shifts = Vec::new();
        let mut extra = 0;
        for (at, c) in text.char_indices() {
            if unsafe_char(c) {
                let escaped = crate::escape::visible(c);
                extra += escaped.len() - c.len_utf8();
                shifts.push((at + c.len_utf8(), extra));
                shown.push_str(&escaped);
            } else {
                shown.push(c);
            }
        }
        Some(Shown {
            line_starts: line_starts(&shown),
            text: shown,
            shifts,
        })
    }
}

/// Every file read in one run, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        Sources::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        self.files.len() - 1
    }

    /// The file with this id.
    ///
    /// # Panics
    /// If the id did not come from this store.
    #[must_use]
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    /// Number of files held.
    #[must_use]
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file is held.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

impl<'a> codespan_reporting::files::Files<'a> for Sources {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        self.files
            .get(id)
            .map(SourceFile::name)
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }

    /// The text snippets show: unsafe characters escaped. Labels given to
    /// the renderer are mapped with [`SourceFile::shown_offset`].
    fn source(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        self.files
            .get(id)
            .map(SourceFile::shown_text)
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }

    fn line_index(
        &'a self,
        id: FileId,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let file = self
            .files
            .get(id)
            .ok_or(codespan_reporting::files::Error::FileMissing)?;
        let starts = file.shown_line_starts();
        Ok(match starts.binary_search(&byte_index) {
            Ok(i) => i,
            Err(i) => i - 1,
        })
    }

    fn line_range(
        &'a self,
        id: FileId,
        line_index: usize,
    ) -> Result<Range<usize>, codespan_reporting::files::Error> {
        let file = self
            .files
            .get(id)
            .ok_or(codespan_reporting::files::Error::FileMissing)?;
        let starts = file.shown_line_starts();
        let start =
            *starts
                .get(line_index)
                .ok_or(codespan_reporting::files::Error::LineTooLarge {
                    given: line_index,
                    max: starts.len() - 1,
                })?;
        let end = starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(file.shown_text().len());
        Ok(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_from_one() {
        let file = SourceFile::new("f.yaml", "a: 1\ntitle: é x\n");
        assert_eq!(file.line_col(0), LineCol { line: 1, column: 1 });
        let x = file.text().find('x').unwrap();
        assert_eq!(
            file.line_col(x),
            LineCol {
                line: 2,
                column: 10
            }
        );
        assert_eq!(file.offset_of(2, 9), x);
    }

    #[test]
    fn offsets_inside_a_character_are_rounded_down() {
        let file = SourceFile::new("f.yaml", "? é: 1\n");
        assert_eq!(file.line_col(3), LineCol { line: 1, column: 3 });
        assert_eq!(file.char_at(3), 2..4);
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let file = SourceFile::new("f.yaml", "a: 1\rb: 2\r\nc: 3\n");
        assert_eq!(file.line_starts(), &[0, 5, 11, 16]);
        assert_eq!(file.line_col(11), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn columns_on_a_long_line_count_characters() {
        let mut text = String::from("é: [");
        for i in 0..20_000 {
            text.push_str(&format!("ü{i},"));
        }
        let file = SourceFile::new("f.yaml", text.clone());
        let at = text.find("ü19999").unwrap();
        let expected = text[..at].chars().count() + 1;
        assert_eq!(
            file.line_col(at),
            LineCol {
                line: 1,
                column: expected
            }
        );
        assert_eq!(file.line_col(4), LineCol { line: 1, column: 4 });
    }

    #[test]
    fn snippets_show_control_characters_escaped() {
        let file = SourceFile::new("x\u{1b}[2J.yaml", "a: \u{1b}[8mx\u{202e}\ny: 1\n");
        assert_eq!(file.name(), "x\\u{1b}[2J.yaml");
        assert_eq!(file.shown_text(), "a: \\u{1b}[8mx\\u{202e}\ny: 1\n");
        let y = file.text().find('y').unwrap();
        assert_eq!(&file.shown_text()[file.shown_offset(y)..][..1], "y");
        let x = file.text().find('x').unwrap();
        assert_eq!(&file.shown_text()[file.shown_offset(x)..][..1], "x");
        assert_eq!(
            file.shown_offset(3),
            3,
            "offsets before the first escape stay"
        );
        assert_eq!(file.shown_line_starts().len(), file.line_starts().len());
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        let file = SourceFile::new("f.yaml", "\u{feff}id: x\n");
        assert_eq!(file.text(), "id: x\n");
    }

    #[test]
    fn offset_past_the_end_is_clamped() {
        let file = SourceFile::new("f.yaml", "id: x");
        assert_eq!(file.offset_of(9, 0), 5);
        assert_eq!(file.line_col(99), LineCol { line: 1, column: 6 });
    }
}
