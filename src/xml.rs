//! Escaping text for XML 1.0: the SVG figures in reports, the JUnit
//! report of `dpia check`. User text is data; this is the one place it is
//! made safe for XML.

/// Text made safe for XML 1.0 content and attribute values: the five
/// markup characters as entities, a carriage return as a character
/// reference (a parser would turn a literal one into a line feed), line
/// feeds and tabs as they are, and the characters XML 1.0 cannot carry at
/// all (other control characters, U+FFFE, U+FFFF) removed.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\n' | '\t' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            _ => out.push(c),
        }
    }
    out
}
