//! Markdown in free-text fields: `CommonMark` plus tables and strikethrough.
//!
//! One function owns the parser options. The author's text is always data:
//! raw HTML is shown as text (never passed through), links keep only
//! `http`, `https`, `mailto` and relative targets, and images become links
//! (a report makes no external requests). For HTML we render escaped markup;
//! for the PDF we build a small JSON tree that the typst template renders
//! with its own functions, so no typst markup is ever made from user text.

use pulldown_cmark::{
    Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;

/// The parser options used everywhere: `CommonMark`, tables, strikethrough
/// (the options whose nesting [`crate::text`] bounds when a file loads).
#[must_use]
pub fn options() -> Options {
    crate::text::markdown_options()
}

/// How many levels user headings are moved down, so `# Heading` in a field
/// sits below the report's own section headings.
const HEADING_OFFSET: usize = 3;

/// Whether a link target is safe to keep: `http`, `https`, `mailto`, or a
/// target without a scheme (a relative path or `#anchor`).
#[must_use]
pub fn is_safe_url(url: &str) -> bool {
    let url = url.trim();
    let scheme_end = url.find(':');
    let before_path = url.find(['/', '?', '#']);
    match (scheme_end, before_path) {
        (Some(colon), Some(other)) if other < colon => true,
        (Some(colon), _) => {
            let scheme = url[..colon].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
        (None, _) => true,
    }
}

/// Plain text as Markdown that shows it as written, on one line: every
/// ASCII punctuation character escaped with a backslash (`CommonMark`), so
/// that a name such as `*Sam*` is not emphasis when dpia puts it in text of
/// its own.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
    {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Markdown as plain text, for the register's CSV and XLSX cells and its
/// one-line summaries: the words without the markup, blocks on their own
/// lines, list items marked with "• ", link targets after their text.
#[must_use]
pub fn to_plain(text: &str) -> String {
    let mut out = String::new();
    let mut links: Vec<String> = Vec::new();
    let block_break = |out: &mut String| {
        let trimmed = out.trim_end_matches(' ').len();
        out.truncate(trimmed);
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
    };
    for event in Parser::new_ext(text, options()) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t);
            }
            Event::SoftBreak => out.push(' '),
            Event::Start(Tag::Item) => {
                block_break(&mut out);
                out.push_str("• ");
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                links.push(dest_url.to_string());
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some(url) = links.pop()
                    && !url.is_empty()
                    && !out.ends_with(url.as_str())
                {
                    out.push_str(&format!(" ({url})"));
                }
            }
            Event::HardBreak
            | Event::Rule
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::BlockQuote(_),
            ) => block_break(&mut out),
            Event::End(TagEnd::TableCell) => out.push_str(" | "),
            other => {
                if let Some(t) = text_of(&other) {
                    out.push_str(&t);
                }
            }
        }
    }
    out.trim().to_owned()
}

/// The parser's events with raw HTML turned into text, unsafe links and
/// images turned into their text, and headings moved down.
fn safe_events(text: &str) -> Vec<Event<'_>> {
    let mut out = Vec::new();
    // For each open link or image: whether its tags were kept.
    let mut links: Vec<bool> = Vec::new();
    for event in Parser::new_ext(text, options()) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => out.push(Event::Text(html)),
            Event::Start(Tag::HtmlBlock) => {
                out.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)));
            }
            Event::End(TagEnd::HtmlBlock) => out.push(Event::End(TagEnd::CodeBlock)),
            Event::Start(
                Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }
                | Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                },
            ) => {
                let keep = is_safe_url(&dest_url);
                links.push(keep);
                if keep {
                    out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if links.pop().unwrap_or(false) {
                    out.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => out.push(Event::Start(Tag::Heading {
                level: demote(level),
                id,
                classes,
                attrs,
            })),
            Event::End(TagEnd::Heading(level)) => {
                out.push(Event::End(TagEnd::Heading(demote(level))));
            }
            other => out.push(other),
        }
    }
    out
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    let n = (level as usize + HEADING_OFFSET).min(6);
    HeadingLevel::try_from(n).unwrap_or(HeadingLevel::H6)
}

/// Markdown to HTML with every character of the author's text escaped.
#[must_use]
pub fn to_html(text: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, safe_events(text).into_iter());
    html
}

/// A block of Markdown, as the typst template reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Block {
    /// A paragraph.
    Paragraph {
        /// Its text.
        content: Vec<Inline>,
    },
    /// A heading (already moved below the report's own levels).
    Heading {
        /// 1 to 6.
        level: u8,
        /// Its text.
        content: Vec<Inline>,
    },
    /// A bulleted or numbered list.
    List {
        /// Numbered.
        ordered: bool,
        /// First number of a numbered list.
        start: u64,
        /// Each item's blocks.
        items: Vec<Vec<Block>>,
    },
    /// A block quote.
    Quote {
        /// Its blocks.
        blocks: Vec<Block>,
    },
    /// Code, or raw HTML shown as text.
    Code {
        /// The text, verbatim.
        text: String,
    },
    /// A table.
    Table {
        /// `left`, `center`, `right` or `none` per column.
        align: Vec<&'static str>,
        /// Header cells.
        header: Vec<Vec<Inline>>,
        /// Body rows of cells.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// A thematic break.
    Rule,
}

/// Inline Markdown, as the typst template reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Inline {
    /// Plain text.
    Text {
        /// The text, verbatim.
        text: String,
    },
    /// Bold.
    Strong {
        /// Its content.
        content: Vec<Inline>,
    },
    /// Italic.
    Emph {
        /// Its content.
        content: Vec<Inline>,
    },
    /// Struck through.
    Strike {
        /// Its content.
        content: Vec<Inline>,
    },
    /// Inline code.
    Code {
        /// The text, verbatim.
        text: String,
    },
    /// A link (only safe targets).
    Link {
        /// The target.
        url: String,
        /// Its text.
        content: Vec<Inline>,
    },
    /// A line break.
    Break,
}

/// A container being filled while walking the events.
enum Open {
    Blocks(Vec<Block>),
    Paragraph(Vec<Inline>),
    Heading(u8, Vec<Inline>),
    List(bool, u64, Vec<Vec<Block>>),
    Item(Vec<Block>),
    Quote(Vec<Block>),
    Code(String),
    Table(Vec<&'static str>, Vec<Vec<Inline>>, Vec<Vec<Vec<Inline>>>),
    Row(Vec<Vec<Inline>>),
    Cell(Vec<Inline>),
    Span(fn(Vec<Inline>) -> Inline, Vec<Inline>),
    Link(String, Vec<Inline>),
}

/// Markdown to the tree the typst template renders.
#[must_use]
pub fn to_tree(text: &str) -> Vec<Block> {
    let mut stack = vec![Open::Blocks(Vec::new())];
    for event in safe_events(text) {
        match event {
            Event::Start(tag) => {
                let open = match tag {
                    Tag::Paragraph => Open::Paragraph(Vec::new()),
                    Tag::Heading { level, .. } => Open::Heading(level as u8, Vec::new()),
                    Tag::List(start) => Open::List(start.is_some(), start.unwrap_or(1), Vec::new()),
                    Tag::Item => Open::Item(Vec::new()),
                    Tag::BlockQuote(_) => Open::Quote(Vec::new()),
                    Tag::CodeBlock(_) => Open::Code(String::new()),
                    Tag::Table(align) => Open::Table(
                        align
                            .iter()
                            .map(|a| match a {
                                Alignment::Left => "left",
                                Alignment::Center => "center",
                                Alignment::Right => "right",
                                Alignment::None => "none",
                            })
                            .collect(),
                        Vec::new(),
                        Vec::new(),
                    ),
                    Tag::TableHead | Tag::TableRow => Open::Row(Vec::new()),
                    Tag::TableCell => Open::Cell(Vec::new()),
                    Tag::Strong => Open::Span(|content| Inline::Strong { content }, Vec::new()),
                    Tag::Emphasis => Open::Span(|content| Inline::Emph { content }, Vec::new()),
                    Tag::Strikethrough => {
                        Open::Span(|content| Inline::Strike { content }, Vec::new())
                    }
                    Tag::Link { dest_url, .. } => Open::Link(dest_url.into_string(), Vec::new()),
                    // Anything else (footnotes and the like are not enabled) keeps its text.
                    _ => Open::Span(|content| Inline::Emph { content }, Vec::new()),
                };
                stack.push(open);
            }
            Event::End(end) => close(&mut stack, end),
            Event::Text(t) => match stack.last_mut() {
                Some(Open::Code(code)) => code.push_str(&t),
                _ => push_inline(
                    &mut stack,
                    Inline::Text {
                        text: t.into_string(),
                    },
                ),
            },
            Event::Code(t) => push_inline(
                &mut stack,
                Inline::Code {
                    text: t.into_string(),
                },
            ),
            Event::SoftBreak => push_inline(&mut stack, Inline::Text { text: " ".into() }),
            Event::HardBreak => push_inline(&mut stack, Inline::Break),
            Event::Rule => push_block(&mut stack, Block::Rule),
            other => {
                if let Some(text) = text_of(&other) {
                    push_inline(
                        &mut stack,
                        Inline::Text {
                            text: text.into_string(),
                        },
                    );
                }
            }
        }
    }
    while stack.len() > 1 {
        close_top(&mut stack);
    }
    match stack.pop() {
        Some(Open::Blocks(blocks)) => blocks,
        _ => Vec::new(),
    }
}

fn text_of<'a>(event: &Event<'a>) -> Option<CowStr<'a>> {
    match event {
        Event::FootnoteReference(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
            Some(t.clone())
        }
        Event::TaskListMarker(done) => Some(CowStr::from(if *done { "[x] " } else { "[ ] " })),
        _ => None,
    }
}

/// Adds inline content, opening a paragraph where a block is expected
/// (tight list items hold their text directly).
fn push_inline(stack: &mut Vec<Open>, inline: Inline) {
    match stack.last_mut() {
        Some(
            Open::Paragraph(content)
            | Open::Heading(_, content)
            | Open::Cell(content)
            | Open::Span(_, content)
            | Open::Link(_, content),
        ) => content.push(inline),
        Some(Open::Code(code)) => {
            if let Inline::Text { text } = inline {
                code.push_str(&text);
            }
        }
        _ => stack.push(Open::Paragraph(vec![inline])),
    }
}

fn push_block(stack: &mut Vec<Open>, block: Block) {
    // An implicit paragraph (from a tight list item) ends before a block.
    if matches!(stack.last(), Some(Open::Paragraph(_))) && !matches!(block, Block::Paragraph { .. })
    {
        close_top(stack);
    }
    match stack.last_mut() {
        Some(Open::Blocks(blocks) | Open::Item(blocks) | Open::Quote(blocks)) => blocks.push(block),
        Some(Open::List(_, _, items)) => items.push(vec![block]),
        _ => {}
    }
}

fn close(stack: &mut Vec<Open>, end: TagEnd) {
    // An implicit paragraph inside a tight item closes with the item.
    if !matches!(end, TagEnd::Paragraph) && matches!(stack.last(), Some(Open::Paragraph(_))) {
        let implicit = stack.len() >= 2 && matches!(stack[stack.len() - 2], Open::Item(_));
        if implicit {
            close_top(stack);
        }
    }
    close_top(stack);
}

fn close_top(stack: &mut Vec<Open>) {
    let Some(open) = stack.pop() else { return };
    match open {
        Open::Paragraph(content) => push_block(stack, Block::Paragraph { content }),
        Open::Heading(level, content) => push_block(stack, Block::Heading { level, content }),
        Open::List(ordered, start, items) => push_block(
            stack,
            Block::List {
                ordered,
                start,
                items,
            },
        ),
        Open::Item(blocks) => {
            if let Some(Open::List(_, _, items)) = stack.last_mut() {
                items.push(blocks);
            }
        }
        Open::Quote(blocks) => push_block(stack, Block::Quote { blocks }),
        Open::Code(text) => push_block(stack, Block::Code { text }),
        Open::Table(align, header, rows) => push_block(
            stack,
            Block::Table {
                align,
                header,
                rows,
            },
        ),
        Open::Row(cells) => {
            if let Some(Open::Table(_, header, rows)) = stack.last_mut() {
                if header.is_empty() && rows.is_empty() {
                    *header = cells;
                } else {
                    rows.push(cells);
                }
            }
        }
        Open::Cell(content) => {
            if let Some(Open::Row(cells)) = stack.last_mut() {
                cells.push(content);
            }
        }
        Open::Span(make, content) => push_inline(stack, make(content)),
        Open::Link(url, content) => push_inline(stack, Inline::Link { url, content }),
        Open::Blocks(blocks) => stack.push(Open::Blocks(blocks)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_reads_as_written() {
        for text in ["*Sam* Lee", "O'Connor [DoH]", "1. Pat <b>", "`x` _y_ #z"] {
            assert_eq!(to_plain(&escape(text)), text);
        }
        assert_eq!(escape("two\nlines"), "two lines");
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        assert_eq!(
            to_html("a <script>alert(1)</script> b"),
            "<p>a &lt;script&gt;alert(1)&lt;/script&gt; b</p>\n"
        );
        let block = to_html("<div onclick=\"x\">\nhi\n</div>\n");
        assert!(
            block.starts_with("<pre><code>&lt;div onclick=\"x\"&gt;"),
            "{block}"
        );
    }

    #[test]
    fn unsafe_links_and_images_keep_only_their_text() {
        assert_eq!(to_html("[x](javascript:alert(1))"), "<p>x</p>\n");
        assert_eq!(
            to_html("[ICO](https://ico.org.uk)"),
            "<p><a href=\"https://ico.org.uk\">ICO</a></p>\n"
        );
        assert_eq!(
            to_html("![chart](https://example.org/c.png)"),
            "<p><a href=\"https://example.org/c.png\">chart</a></p>\n"
        );
        assert!(is_safe_url("docs/policy.pdf"));
        assert!(is_safe_url("#risks"));
        assert!(!is_safe_url("JavaScript:x"));
        assert!(!is_safe_url("data:text/html,x"));
    }

    #[test]
    fn headings_sit_below_the_report_headings() {
        assert_eq!(to_html("# Scope"), "<h4>Scope</h4>\n");
    }

    #[test]
    fn tree_of_a_tight_list_and_a_table() {
        let tree = to_tree("- one *two*\n- three\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n");
        let json = serde_json::to_value(&tree).unwrap();
        assert_eq!(json[0]["kind"], "list");
        assert_eq!(json[0]["items"][0][0]["kind"], "paragraph");
        assert_eq!(json[0]["items"][0][0]["content"][1]["kind"], "emph");
        assert_eq!(json[1]["kind"], "table");
        assert_eq!(json[1]["align"], serde_json::json!(["left", "right"]));
        assert_eq!(json[1]["header"][1][0]["text"], "b");
        assert_eq!(json[1]["rows"][0][0][0]["text"], "1");
    }

    #[test]
    fn tree_keeps_typst_syntax_as_plain_text() {
        let text = "#read(\"/etc/passwd\") $x^2$ *bold* \\ [a] @ref";
        let tree = to_tree(text);
        let json = serde_json::to_string(&tree).unwrap();
        assert!(json.contains("#read(\\\"/etc/passwd\\\") $x^2$ "), "{json}");
        assert!(
            json.contains("\"kind\":\"emph\""),
            "*bold* is emphasis in Markdown"
        );
    }

    #[test]
    fn plain_text_keeps_the_words_and_drops_the_markup() {
        assert_eq!(to_plain("**Bold** and _it_"), "Bold and it");
        assert_eq!(
            to_plain("One\nline.\n\nTwo.\n\n- a\n- b"),
            "One line.\nTwo.\n• a\n• b"
        );
        assert_eq!(
            to_plain("See [the policy](https://example.org/p)."),
            "See the policy (https://example.org/p)."
        );
        assert_eq!(to_plain("<script>x</script>"), "<script>x</script>");
        assert_eq!(to_plain("`=1+1`"), "=1+1");
    }
}
