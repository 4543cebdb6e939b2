//! Making text from a repository safe to show in a terminal or a CI log.
//!
//! Assessment values, file names and template text come from whoever wrote
//! the repository, and a pull request can be hostile. An escape sequence
//! (`ESC [ 8 m` hides text, `ESC ] 0 ;` sets the window title), a carriage
//! return that rewrites the line, a line feed that forges a line of output,
//! or a bidi override that reorders what a reviewer reads must never reach a
//! terminal raw. Every message dpia prints passes through one of these
//! functions, which show such characters as visible escapes (`\u{1b}`).
//!
//! What is escaped ([`is_unsafe`]): C0 controls other than tab (line feed
//! too, in one-line text), DEL, C1 controls, the bidi embedding, override
//! and isolate controls and marks, and the Unicode line and paragraph
//! separators.

use std::borrow::Cow;

/// Whether a character must not reach a terminal raw. Line feed and tab
/// count as safe here; [`inline`] escapes line feeds as well.
#[must_use]
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{2028}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}')
}

/// Whether a character shows nothing when printed: format characters
/// (zero-width space and joiners, soft hyphen, word joiner, bidi controls,
/// byte order mark, variation selectors, tags) and the Hangul fillers,
/// which Unicode counts as letters. Text made only of these and white
/// space says nothing ([`has_visible_text`]).
#[must_use]
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{ad}' | '\u{34f}' | '\u{61c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
        | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}'
        | '\u{ffa0}' | '\u{1d173}'..='\u{1d17a}' | '\u{e0000}'..='\u{e0fff}')
        || is_unsafe(c)
}

/// Whether text shows anything: a character that is neither white space
/// nor [invisible](is_invisible).
#[must_use]
pub fn has_visible_text(text: &str) -> bool {
    text.chars().any(|c| !c.is_whitespace() && !is_invisible(c))
}

/// The number of words in a text: runs of visible characters that hold a
/// letter or a digit, invisible characters ignored.
#[must_use]
pub fn word_count(text: &str) -> usize {
    let visible: String = text.chars().filter(|&c| !is_invisible(c)).collect();
    visible
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// The visible form of an unsafe character: `\u{1b}`.
#[must_use]
pub fn visible(c: char) -> String {
    format!("\\u{{{:x}}}", u32::from(c))
}

/// Text for one line of output: every unsafe character and every line
/// feed shown as an escape, so a value can neither colour the terminal
/// nor start a line of its own.
#[must_use]
pub fn inline(text: &str) -> Cow<'_, str> {
    replace(text, |c| c == '\n' || is_unsafe(c), visible)
}

/// Text of several lines: line feeds and tabs kept, every other unsafe
/// character shown as an escape.
#[must_use]
pub fn block(text: &str) -> Cow<'_, str> {
    replace(text, is_unsafe, visible)
}

/// A serialised JSON document with the unsafe characters JSON leaves raw
/// (DEL, C1 controls, bidi controls, line separators) written as `\uXXXX`
/// escapes: the same JSON value, safe to print. JSON's structure is ASCII,
/// so these characters can only occur inside strings, where the escape
/// means the same character.
#[must_use]
pub fn json(text: &str) -> Cow<'_, str> {
    replace(text, is_unsafe, |c| format!("\\u{:04x}", u32::from(c)))
}

fn replace(
    text: &str,
    unsafe_char: impl Fn(char) -> bool,
    escape: impl Fn(char) -> String,
) -> Cow<'_, str> {
    if !text.chars().any(&unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&escape(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_sequences_become_visible() {
        let hostile = "\u{1b}[8mdraft\u{1b}]0;PWNED\u{7}\u{1b}[2K\rok";
        assert_eq!(
            inline(hostile),
            "\\u{1b}[8mdraft\\u{1b}]0;PWNED\\u{7}\\u{1b}[2K\\u{d}ok"
        );
        assert_eq!(inline("a\nb"), "a\\u{a}b");
        assert_eq!(block("a\nb\tc"), "a\nb\tc");
        assert_eq!(
            block("\u{202e}txt.exe\u{2069}"),
            "\\u{202e}txt.exe\\u{2069}"
        );
        assert_eq!(inline("\u{85}\u{9b}"), "\\u{85}\\u{9b}");
    }

    #[test]
    fn invisible_text_is_no_text() {
        for empty in [
            "",
            "  \n",
            "\u{200b}",
            " \u{200b}\u{feff} \u{3164}\u{2060}",
            "\u{e0041}",
        ] {
            assert!(!has_visible_text(empty), "{empty:?}");
            assert_eq!(word_count(empty), 0, "{empty:?}");
        }
        assert!(has_visible_text("\u{200b}ok"));
        assert_eq!(
            word_count("Not\u{200b} applicable: duplicate of R001 - see"),
            6
        );
        assert_eq!(word_count("N/A"), 1);
        assert_eq!(word_count("- . ..."), 0);
    }

    #[test]
    fn ordinary_text_is_not_copied() {
        assert!(matches!(
            inline("Camden · café — “quoted”"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn json_keeps_its_meaning() {
        let value = serde_json::json!({"t": "a\u{202e}b\u{9b}c\u{1b}"});
        let text = serde_json::to_string(&value).unwrap();
        let safe = json(&text);
        assert!(!safe.chars().any(is_unsafe), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }
}
