//! The mark across every page of a PDF report that is not approved (DRAFT)
//! or whose approval is void, drawn as the outlines of the bundled bold
//! serif: shapes, not text. As text, its letters were extracted among the
//! cover's lines ("T", "F", "A", "R", "D" by pdftotext) and could be read
//! out by a screen reader; as outlines, nothing extracts it.

use std::fmt::Write;

use ttf_parser::{Face, OutlineBuilder};

use crate::present::report::PageMark as Mark;

/// The face the mark is drawn in: the bundled bold (upright) serif the
/// text mark used, found once per run (every draft report draws a mark).
fn face() -> Option<&'static Face<'static>> {
    static FACE: std::sync::OnceLock<Option<Face<'static>>> = std::sync::OnceLock::new();
    FACE.get_or_init(|| {
        typst_assets::fonts()
            .filter_map(|bytes| Face::parse(bytes, 0).ok())
            .find(|face| {
                face.is_bold()
                    && !face.is_italic()
                    && face.names().into_iter().any(|name| {
                        name.name_id == ttf_parser::name_id::FAMILY
                            && name.to_string().as_deref() == Some("Libertinus Serif")
                    })
            })
    })
    .as_ref()
}

/// SVG path data in font units, y down, each glyph shifted by `x`.
struct PathData {
    d: String,
    x: f32,
    ascender: f32,
}

impl PathData {
    fn point(&mut self, x: f32, y: f32) {
        let _ = write!(self.d, "{:.0} {:.0}", self.x + x, self.ascender - y);
    }
}

impl OutlineBuilder for PathData {
    fn move_to(&mut self, x: f32, y: f32) {
        self.d.push('M');
        self.point(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.d.push('L');
        self.point(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.d.push('Q');
        self.point(x1, y1);
        self.d.push(' ');
        self.point(x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.d.push('C');
        self.point(x1, y1);
        self.d.push(' ');
        self.point(x2, y2);
        self.d.push(' ');
        self.point(x, y);
    }
    fn close(&mut self) {
        self.d.push('Z');
    }
}

/// The longest mark drawn as outlines. The words come from the language
/// catalogue, which a project may replace: a mark of a million letters
/// would otherwise make an SVG of hundreds of megabytes.
const MAX_LETTERS: usize = 40;

/// `text` as outlines, `tracking` em between letters; `None` when the
/// face is missing, has no glyph for one of its characters, or the text
/// is longer than 40 letters (the report then sets the mark as text,
/// as before).
#[must_use]
pub fn mark(text: &str, tracking: f64) -> Option<Mark> {
    if text.chars().nth(MAX_LETTERS).is_some() {
        return None;
    }
    let face = face()?;
    let em = f64::from(face.units_per_em());
    let ascender = f32::from(face.ascender());
    let height = f64::from(face.ascender()) - f64::from(face.descender());
    #[allow(clippy::cast_possible_truncation)] // a fraction of an em in font units
    let gap = (tracking * em) as f32;
    let mut path = PathData {
        d: String::new(),
        x: 0.0,
        ascender,
    };
    for (i, c) in text.chars().enumerate() {
        if i > 0 {
            path.x += gap;
        }
        let glyph = face.glyph_index(c)?;
        // A space has no outline.
        let _ = face.outline_glyph(glyph, &mut path);
        path.x += f32::from(face.glyph_hor_advance(glyph)?);
    }
    let width = f64::from(path.x);
    Some(Mark {
        svg: format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:.0} {height:.0}\" width=\"{width:.0}\" height=\"{height:.0}\"><path fill=\"#b00020\" fill-opacity=\"0.11\" d=\"{}\"/></svg>",
            path.d
        ),
        width_em: width / em,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_is_outlines_only_as_wide_as_its_letters() {
        let draft = mark("DRAFT", 0.0625).expect("Libertinus Serif Bold is bundled");
        assert!(!draft.svg.contains("<text"), "{}", draft.svg);
        assert_eq!(draft.svg.matches("<path ").count(), 1);
        // Five capitals of a serif face, with four gaps.
        assert!((3.0..5.0).contains(&draft.width_em), "{}", draft.width_em);
        let wider = mark("APPROVAL VOID", 0.0625).unwrap();
        assert!(wider.width_em > 2.0 * draft.width_em);
        // A character the face lacks, or a mark too long to draw, leaves
        // the mark to text.
        assert_eq!(mark("草稿", 0.0), None);
        assert!(mark(&"D".repeat(MAX_LETTERS), 0.0).is_some());
        assert_eq!(mark(&"D".repeat(MAX_LETTERS + 1), 0.0), None);
    }
}
