//! Owns the raw text of every file a run reads and turns byte offsets into
//! line and column numbers.
//!
//! Every later stage refers to text by `(FileId, byte range)`; only this module
//! knows how lines are laid out. [`Sources`] is also the file database the
//! diagnostic renderer reads snippets from.
//!
//! A file whose checks are done can be reduced to the lines its diagnostics
//! show ([`SourceFile::keep_lines`]): offsets still refer to the whole text,
//! and lines and columns in the lines kept are as they were, so a run over
//! thousands of files holds a few lines of each, not every text.

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
    /// The whole text, without a leading byte order mark; of a file reduced
    /// to an excerpt, the lines kept, one after another.
    text: String,
    /// Byte offset in the whole text of the start of each line.
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
    /// Of a file reduced to the lines its diagnostics show, which lines
    /// `text` holds; `None` while the whole text is kept.
    excerpt: Option<Box<Excerpt>>,
}

/// The lines of a file kept for its diagnostics ([`SourceFile::keep_lines`]).
#[derive(Debug, Clone)]
struct Excerpt {
    /// Length of the whole text, in bytes.
    len: usize,
    /// Each line kept, in order: its index in the whole text and the offset
    /// of its start in the text kept.
    lines: Vec<(usize, usize)>,
    /// The offset of the start of each line kept in the text snippets show
    /// ([`SourceFile::shown_text`]).
    shown_starts: Vec<usize>,
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
            excerpt: None,
        }
    }

    /// Keeps of the text only the lines the snippets of diagnostics labelled
    /// at `ranges` can show: the lines of each range, and the line before
    /// and the line after it (a snippet shows the one line between two
    /// lines it labels). Names, lines and columns of offsets in those lines
    /// stay as they were; [`text`](Self::text) is then the lines kept.
    pub fn keep_lines(&mut self, ranges: impl IntoIterator<Item = Range<usize>>) {
        if self.excerpt.is_some() {
            return;
        }
        let last = self.line_starts.len() - 1;
        let mut kept: Vec<usize> = Vec::new();
        for range in ranges {
            let first = self.line_index(range.start).saturating_sub(1);
            let mut end = (self.line_index(range.end) + 1).min(last);
            // Up to a line feed, for [`line`](Self::line).
            while end < last && self.text.as_bytes()[self.line_starts[end + 1] - 1] == b'\r' {
                end += 1;
            }
            kept.extend(first..=end);
        }
        kept.sort_unstable();
        kept.dedup();
        if kept.len() == self.line_starts.len() {
            return;
        }
        let mut text = String::with_capacity(
            kept.iter()
                .map(|&i| self.line_end(i) - self.line_starts[i])
                .sum(),
        );
        let lines: Vec<(usize, usize)> = kept
            .into_iter()
            .map(|i| {
                let at = text.len();
                text.push_str(&self.text[self.line_starts[i]..self.line_end(i)]);
                (i, at)
            })
            .collect();
        let shown = Shown::of(&text).map(Box::new);
        let shown_starts = lines
            .iter()
            .map(|&(_, at)| shown.as_ref().map_or(at, |s| s.offset(at)))
            .collect();
        self.line_starts.shrink_to_fit();
        self.excerpt = Some(Box::new(Excerpt {
            len: self.text.len(),
            lines,
            shown_starts,
        }));
        self.text = text;
        self.shown = shown;
        self.char_index = std::sync::OnceLock::new();
    }

    /// Length of the whole text, in bytes.
    fn len(&self) -> usize {
        self.excerpt.as_ref().map_or(self.text.len(), |e| e.len)
    }

    /// Index of the line holding byte `offset` of the whole text.
    fn line_index(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// Offset in the whole text of the end of line `i` (with its break).
    fn line_end(&self, i: usize) -> usize {
        self.line_starts.get(i + 1).copied().unwrap_or(self.len())
    }

    /// The offset in [`text`](Self::text) of an offset of the whole text;
    /// `None` when it is in a line an excerpt does not keep.
    fn kept(&self, offset: usize) -> Option<usize> {
        let Some(excerpt) = &self.excerpt else {
            return Some(offset);
        };
        let offset = offset.min(excerpt.len);
        let line = self.line_index(offset);
        let k = excerpt
            .lines
            .binary_search_by_key(&line, |&(i, _)| i)
            .ok()?;
        Some(excerpt.lines[k].1 + offset - self.line_starts[line])
    }

    /// The text from the start of line `i` (from 0) to the next line feed,
    /// without it, when the line is kept (a lone carriage return breaks a
    /// line of YAML, and not this one).
    #[must_use]
    pub fn line(&self, i: usize) -> Option<&str> {
        let start = self.kept(*self.line_starts.get(i)?)?;
        Some(self.text[start..].lines().next().unwrap_or_default())
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

    /// Line starts of [`shown_text`](Self::shown_text) of a whole file.
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
        let offset = self.kept(offset).unwrap_or(offset);
        let Some(shown) = &self.shown else {
            return offset;
        };
        shown.offset(self.floor(offset))
    }

    /// The index (from 0, in the whole text) of the line of
    /// [`shown_text`](Self::shown_text) that holds byte `offset` of it.
    #[must_use]
    pub fn shown_line_index(&self, offset: usize) -> usize {
        match &self.excerpt {
            None => self
                .shown_line_starts()
                .partition_point(|&start| start <= offset)
                .saturating_sub(1),
            Some(excerpt) => {
                let k = excerpt
                    .shown_starts
                    .partition_point(|&start| start <= offset)
                    .saturating_sub(1);
                excerpt.lines.get(k).map_or(0, |&(i, _)| i)
            }
        }
    }

    /// The range in [`shown_text`](Self::shown_text) of line `i` (from 0,
    /// in the whole text) with its break; `None` for a line past the end or
    /// one an excerpt does not keep.
    #[must_use]
    pub fn shown_line_range(&self, i: usize) -> Option<Range<usize>> {
        let end = self.shown_text().len();
        match &self.excerpt {
            None => {
                let starts = self.shown_line_starts();
                let start = *starts.get(i)?;
                Some(start..starts.get(i + 1).copied().unwrap_or(end))
            }
            Some(excerpt) => {
                let k = excerpt.lines.binary_search_by_key(&i, |&(i, _)| i).ok()?;
                let start = excerpt.shown_starts[k];
                Some(start..excerpt.shown_starts.get(k + 1).copied().unwrap_or(end))
            }
        }
    }

    /// The file name shown in messages.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The file's text; of a file reduced to an excerpt
    /// ([`keep_lines`](Self::keep_lines)), the lines kept.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Byte offsets in the whole text of the start of every line.
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

    /// Line and column of a byte offset of the whole text (in a line kept,
    /// for a file reduced to an excerpt).
    #[must_use]
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.len());
        let line_index = self.line_index(offset);
        let start = self.line_starts[line_index];
        let column = match (self.kept(start), self.kept(offset)) {
            (Some(start), Some(at)) => self.chars_between(start, self.floor(at).max(start)),
            // Not kept: a bug of the caller; the column counts bytes.
            _ => offset - start,
        } + 1;
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
    /// The offset in the escaped text of an offset (a character boundary)
    /// of the text it escapes.
    fn offset(&self, offset: usize) -> usize {
        let i = self.shifts.partition_point(|&(at, _)| at <= offset);
        offset + i.checked_sub(1).map_or(0, |i| self.shifts[i].1)
    }

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
        Ok(file.shown_line_index(byte_index))
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
        file.shown_line_range(line_index)
            .ok_or(codespan_reporting::files::Error::LineTooLarge {
                given: line_index,
                max: file.line_starts.len() - 1,
            })
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
    fn an_excerpt_keeps_lines_and_columns_of_the_lines_it_keeps() {
        let text = "a: 1\nb: é\u{1b}x\nc: 3\nd: 4\re: 5\nf: 6\ng: 7\nh: 8\n";
        let whole = SourceFile::new("f.yaml", text);
        let mut part = whole.clone();
        let x = text.find('x').unwrap();
        let c = text.find('c').unwrap();
        let e = text.find('e').unwrap();
        part.keep_lines([x..x + 1, c..c + 1]);
        // Each line labelled, the line before and the line after (d), and
        // e: d ends at a lone carriage return, not at a line feed.
        assert_eq!(part.text(), "a: 1\nb: é\u{1b}x\nc: 3\nd: 4\re: 5\n");
        let h = text.find('h').unwrap();
        part.keep_lines(std::iter::once(h..h + 1)); // an excerpt is made once
        assert_eq!(part.text().len(), text.find('f').unwrap());
        for offset in [0, 5, x, x + 1, e, e + 2] {
            assert_eq!(part.line_col(offset), whole.line_col(offset), "{offset}");
            assert_eq!(
                &part.shown_text()[part.shown_offset(offset)..][..1],
                &whole.shown_text()[whole.shown_offset(offset)..][..1]
            );
        }
        let mut part = whole.clone();
        part.keep_lines(std::iter::once(h..h + 1));
        assert_eq!(part.text(), "g: 7\nh: 8\n", "and the empty line after h");
        assert_eq!(part.line(7), Some("h: 8"));
        assert_eq!(part.line(0), None);
        let lines = |file: &SourceFile, i: usize| {
            file.shown_line_range(i)
                .map(|r| file.shown_text()[r].to_owned())
        };
        assert_eq!(lines(&part, 6), lines(&whole, 6));
        assert_eq!(lines(&part, 8), Some(String::new()));
        assert_eq!(lines(&part, 2), None);
        assert_eq!(part.shown_line_index(part.shown_offset(h)), 7);
        assert_eq!(part.line_col(text.len()), whole.line_col(text.len()));
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
