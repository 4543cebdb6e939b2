//! SVG figures drawn by dpia: the risk heat maps and the data flow diagram.
//!
//! Every figure is built from the report context's data; every piece of the
//! author's text is escaped with [`escape`]. The same SVG is inlined in the
//! HTML report and embedded in the PDF (typst renders SVG itself), so the
//! figures use only presentation attributes (no CSS) and the font family
//! [`FONT`], which the typst world provides.

pub mod flow;
pub mod heatmap;
pub mod mark;

/// Font family of figure text: Libertinus Serif is bundled with the PDF
/// renderer; browsers fall back to a serif they have.
pub const FONT: &str = "Libertinus Serif, Georgia, serif";

/// Escapes text for SVG (XML) content and attribute values.
#[must_use]
pub fn escape(text: &str) -> String {
    crate::xml::escape(text)
}

/// Approximate width in pixels of `text` at `size` pixels (no font metrics
/// are available where figures are drawn; an average glyph is ~0.55 em).
#[must_use]
pub fn text_width(text: &str, size: f64) -> f64 {
    #[allow(clippy::cast_precision_loss)] // lengths of labels
    let chars = text.chars().count() as f64;
    chars * size * 0.55
}

/// Splits text into lines of at most `max` characters, at spaces where it can.
#[must_use]
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        // A word longer than a line is cut into lines of `max` characters,
        // in one pass over it.
        let chars: Vec<char> = word.chars().collect();
        let mut chunks = chars.chunks(max).peekable();
        let mut word = String::new();
        while let Some(chunk) = chunks.next() {
            if chunks.peek().is_none() {
                word = chunk.iter().collect();
                break;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(chunk.iter().collect());
        }
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(
            escape("<a href=\"x\">&'\u{1}\u{fffe}\r"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&#13;"
        );
    }

    #[test]
    fn wraps_at_spaces_and_splits_long_words() {
        assert_eq!(
            wrap("Case management system", 12),
            ["Case", "management", "system"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    }
}
