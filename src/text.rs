//! Limits on free text that every later stage can afford.
//!
//! A report renders the author's text twice: as HTML, and as a Markdown tree
//! that typst lays out. Some text that YAML and the schema accept costs the
//! renderers without bound: 20 block quotes nested in 41 bytes exceed
//! typst's show-rule depth, 30,000 overflow a stack, and 200,000 combining
//! marks on one letter take typst quadratic time. So every string of a file
//! is checked here, when it is loaded, and refused with a located error:
//! `dpia check` refuses it exactly as `dpia build` would need to.
//!
//! The limits are far above what prose needs: Markdown nested
//! [`MAX_MARKDOWN_DEPTH`] deep (a list four levels down with a bold link in
//! it); [`MAX_CLUSTER`] characters in one user-perceived character (the
//! longest emoji sequences have about ten; Unicode's stream-safe text
//! format allows 31); words of [`MAX_WORD`] characters (a run over 64 KiB
//! with a multi-byte character in it panics the PDF writer); and
//! [`MAX_ELEMENTS`] elements of text in a file (paragraphs, list items,
//! table cells, each string of the file: typst needs 10-20 KB and tens of
//! microseconds for each, so 200,000 paragraphs took 11 s and 2.3 GB).

use pulldown_cmark::{Event, Options, Parser};
use unicode_segmentation::UnicodeSegmentation;

use crate::diagnostic::Diagnostic;
use crate::source::FileId;
use crate::yaml::{Node, NodeValue};

/// Deepest nesting of Markdown elements in one text, counting every open
/// element: a block quote, a list and each of its items, emphasis, a link.
pub const MAX_MARKDOWN_DEPTH: usize = 12;

/// Most characters that may combine into one user-perceived character (a
/// letter and its accents, an emoji sequence).
pub const MAX_CLUSTER: usize = 32;

/// Longest word, in characters (a word as Unicode's word boundaries find
/// it: a URL breaks at its slashes, ideographs stand alone).
pub const MAX_WORD: usize = 2_000;

/// Most elements of text in one file: each string counts its Markdown
/// elements (paragraphs, list items, table cells, emphasis...), at least
/// one.
pub const MAX_ELEMENTS: usize = 20_000;

/// The Markdown options used everywhere: `CommonMark`, tables and
/// strikethrough. The renderers parse with the same options, so the depth
/// measured here is the depth they see.
#[must_use]
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Whether a text may nest Markdown more than [`MAX_MARKDOWN_DEPTH`] deep.
/// Every level but the innermost paragraph is opened by at least one
/// marker character, so a text with few of them need not be parsed.
fn may_nest_deeply(text: &str) -> bool {
    /// The bytes that may open a Markdown element, as a table (a lookup
    /// per byte; every string of every file is measured).
    const MARKER: [bool; 256] = {
        let mut table = [false; 256];
        let mut i = 0;
        while i < 256 {
            let b = i as u8;
            table[i] = b.is_ascii_digit()
                || matches!(
                    b,
                    b'*' | b'_'
                        | b'>'
                        | b'-'
                        | b'+'
                        | b'='
                        | b'['
                        | b'~'
                        | b'`'
                        | b'|'
                        | b'#'
                        | b'!'
                        | b'<'
                );
            i += 1;
        }
        table
    };
    let markers = text.bytes().filter(|&b| MARKER[usize::from(b)]).count();
    markers + 2 > MAX_MARKDOWN_DEPTH
}

/// The deepest nesting of Markdown elements in a text. Measured without
/// recursion, so any text can be measured.
#[must_use]
pub fn markdown_depth(text: &str) -> usize {
    let mut depth: usize = 0;
    let mut deepest = 0;
    for event in Parser::new_ext(text, markdown_options()) {
        match event {
            Event::Start(_) => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// The number of Markdown elements in a text (at least one: the text).
#[must_use]
pub fn markdown_elements(text: &str) -> usize {
    if !text.contains('\n') && !may_nest_deeply(text) && !text.contains(['*', '_', '[', '`', '~']) {
        return 1;
    }
    Parser::new_ext(text, markdown_options())
        .filter(|e| matches!(e, Event::Start(_)))
        .count()
        .max(1)
}

/// The most characters in one word of a text; for a text of at most
/// [`MAX_WORD`] bytes, its length (no word in it can be longer).
#[must_use]
pub fn longest_word(text: &str) -> usize {
    if text.len() <= MAX_WORD {
        return text.chars().count().min(MAX_WORD);
    }
    text.split_word_bounds()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0)
}

/// The most characters in one grapheme cluster of a text.
#[must_use]
pub fn longest_cluster(text: &str) -> usize {
    if text.is_ascii() {
        // An ASCII cluster is one character, or CR LF.
        return usize::from(!text.is_empty()) + usize::from(text.contains("\r\n"));
    }
    text.graphemes(true)
        .map(|g| g.chars().count())
        .max()
        .unwrap_or(0)
}

/// Checks every string (keys too) of a parsed file against the limits.
#[must_use]
pub fn check_tree(root: &Node, file: FileId) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut elements = 0;
    let mut pending = vec![root];
    while let Some(node) = pending.pop() {
        match &node.value {
            NodeValue::Str(text) => {
                elements += check_text(text, node.span.clone(), file, &mut problems);
            }
            NodeValue::Seq(items) => pending.extend(items.iter().rev()),
            NodeValue::Map(entries) => {
                for entry in entries.iter().rev() {
                    check_text(&entry.key, entry.key_span.clone(), file, &mut problems);
                    pending.push(&entry.value);
                }
            }
            NodeValue::Null | NodeValue::Bool(_) | NodeValue::Int(_) | NodeValue::Float(_) => {}
        }
        if elements > MAX_ELEMENTS {
            problems.push(
                Diagnostic::input(
                    "E021",
                    format!(
                        "this file holds more than {} elements of text (paragraphs, list items, table cells, values); a report of it would take minutes and gigabytes to lay out",
                        crate::diagnostic::thousands(MAX_ELEMENTS)
                    ),
                )
                .with_label(file, node.span.clone(), "the limit is passed here")
                .with_help("an assessment holds a few thousand; split the activity, or keep long documents outside it and refer to them under `documents:`"),
            );
            break;
        }
        if problems.len() >= crate::diagnostic::MAX_PER_FILE {
            break;
        }
    }
    problems
}

/// Checks one string; returns how many elements of text it holds.
fn check_text(
    text: &str,
    span: std::ops::Range<usize>,
    file: FileId,
    problems: &mut Vec<Diagnostic>,
) -> usize {
    let depth = if may_nest_deeply(text) {
        markdown_depth(text)
    } else {
        0
    };
    if depth > MAX_MARKDOWN_DEPTH {
        problems.push(
            Diagnostic::input(
                "E019",
                format!(
                    "this text nests Markdown {} levels deep; the most a report can lay out is {MAX_MARKDOWN_DEPTH}",
                    crate::diagnostic::thousands(depth)
                ),
            )
            .with_label(file, span.clone(), "nested too deeply")
            .with_help("flatten the nested quotes, lists or emphasis; a `>` or `-` at the start of a line starts a level"),
        );
    }
    let cluster = longest_cluster(text);
    if cluster > MAX_CLUSTER {
        problems.push(
            Diagnostic::input(
                "E020",
                format!(
                    "{} characters combine into one character in this text; the most is {MAX_CLUSTER}",
                    crate::diagnostic::thousands(cluster)
                ),
            )
            .with_label(file, span.clone(), "too many combining marks")
            .with_help("remove the stacked accents or combining marks: no language needs so many on one letter"),
        );
    }
    let word = longest_word(text);
    if word > MAX_WORD {
        problems.push(
            Diagnostic::input(
                "E022",
                format!(
                    "this text has a word of {} characters; the longest a report can lay out is {}",
                    crate::diagnostic::thousands(word),
                    crate::diagnostic::thousands(MAX_WORD)
                ),
            )
            .with_label(file, span, "word too long")
            .with_help(
                "break it with spaces, or keep such data outside the assessment and refer to it",
            ),
        );
    }
    markdown_elements(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_every_open_element() {
        assert_eq!(markdown_depth("plain text"), 1, "a paragraph");
        assert!(!may_nest_deeply("plain text: a sentence, with words."));
        assert_eq!(markdown_depth("> a"), 2, "a quote and its paragraph");
        assert_eq!(markdown_depth(&format!("{}a", "> ".repeat(20))), 21);
        assert_eq!(
            markdown_depth("- a\n  - b\n    - c **d**"),
            7,
            "three lists, three items, bold"
        );
        // 30,000 levels are measured without a stack per level.
        assert_eq!(markdown_depth(&format!("{}a", ">".repeat(30_000))), 30_001);
        assert!(may_nest_deeply(&"> ".repeat(11)));
    }

    #[test]
    fn words_and_elements() {
        assert_eq!(longest_word("a short sentence"), 16.min(MAX_WORD));
        let long = format!("see https://example.org/{}/x", "a".repeat(3_000));
        assert_eq!(longest_word(&long), 3_000);
        let url = format!("https://example.org/{}", "abcdefgh/".repeat(500));
        assert!(longest_word(&url) < 100, "a URL breaks at its slashes");
        let ideographs = "数据保护影响评估".repeat(1_000);
        assert_eq!(longest_word(&ideographs), 1);
        assert_eq!(markdown_elements("plain"), 1);
        assert_eq!(markdown_elements("a\n\nb\n\nc"), 3);
        assert_eq!(markdown_elements("- a\n- b"), 3);
    }

    #[test]
    fn clusters_of_letters_marks_and_emoji() {
        assert_eq!(longest_cluster("plain"), 1);
        assert_eq!(longest_cluster("a\r\nb"), 2);
        assert_eq!(longest_cluster("café"), 1);
        assert_eq!(longest_cluster("e\u{301}\u{302}"), 3);
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}\u{200d}\u{1f466}";
        assert_eq!(longest_cluster(family), 7);
        let zalgo = format!("a{}", "\u{301}".repeat(200_000));
        assert_eq!(longest_cluster(&zalgo), 200_001);
    }
}
