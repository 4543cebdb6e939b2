//! Heat maps never lose a risk, in the HTML and in the PDF: one cell with
//! 33 risks and others with ids far longer than a cell. Every id is in
//! each map (in its cell, or in the legend under the map that a crowded
//! cell's "+N" points to), in the HTML's SVG and in the PDF's text; no id
//! crosses the border of its cell, in the SVG's geometry and in the PDF
//! as typst lays it out (poppler's word boxes, against the cells mapped
//! onto the page).

use std::process::Command;

use crate::common::{Dpia, text};

/// Ids no cell can hold at any size: one of the schema's longest (100
/// characters, longer than a legend line), and one that starts like a
/// short id in the crowded cell.
const LONG: [&str; 2] = [
    "information-security-breach-of-the-case-management-system-by-a-contractor-with-access-to-the-backups",
    "R13-sharing-with-partner-agencies-without-an-agreement",
];

/// A project with 33 risks in one cell before and another after the
/// measures, and the long ids in a cell of their own (another column).
fn crowded() -> Dpia {
    let mut text = "id: crowded\ntitle: A crowded heat map\nstatus: draft\nrisks:\n".to_owned();
    for i in 1..=33 {
        text.push_str(&format!(
            "  - id: R{i}\n    inherent: {{likelihood: probable, severity: severe}}\n    residual: {{likelihood: possible, severity: significant}}\n"
        ));
    }
    for id in LONG {
        text.push_str(&format!(
            "  - id: {id}\n    inherent: {{likelihood: remote, severity: minimal}}\n    residual: {{likelihood: remote, severity: severe}}\n"
        ));
    }
    Dpia::temp()
        .file(
            "dpia.yaml",
            "name: Crowded\nrisk_matrix: ico-3x3\norganisations:\n  - {id: org, name: Org}\n",
        )
        .file("assessments/crowded.yaml", &text)
}

/// Every risk id of the project.
fn all_ids() -> Vec<String> {
    (1..=33)
        .map(|i| format!("R{i}"))
        .chain(LONG.iter().map(|s| (*s).to_owned()))
        .collect()
}

/// A rectangle: a cell of the grid.
#[derive(Debug, Clone, Copy)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// A text of a heat map's SVG.
#[derive(Debug)]
struct SvgText {
    x: f64,
    y: f64,
    size: f64,
    bold: bool,
    anchor: String,
    text: String,
}

/// One heat map of an HTML report.
struct HeatMap {
    cells: Vec<Rect>,
    texts: Vec<SvgText>,
}

impl HeatMap {
    /// The texts that place risk ids in cells (bold, centred).
    fn id_lines(&self) -> impl Iterator<Item = &SvgText> {
        self.texts.iter().filter(|t| t.bold && t.anchor == "middle")
    }

    /// The rating captions of the cells (small, from the cell's left).
    fn captions(&self) -> Vec<&SvgText> {
        self.texts
            .iter()
            .filter(|t| !t.bold && t.anchor == "start" && (t.size - 10.0).abs() < 0.01)
            .collect()
    }

    /// The cell a point is in.
    fn cell_at(&self, x: f64, y: f64) -> Option<Rect> {
        self.cells
            .iter()
            .copied()
            .find(|c| c.x <= x && x <= c.x + c.w && c.y <= y && y <= c.y + c.h)
    }
}

/// The heat maps of an HTML report, before and after the measures.
fn heat_maps(html: &str) -> Vec<HeatMap> {
    let mut maps = Vec::new();
    for part in html.split("<svg ").skip(1) {
        let svg = format!("<svg {}</svg>", part.split("</svg>").next().unwrap());
        if !svg.contains("aria-label=\"Risk heat map") {
            continue;
        }
        let doc = roxmltree::Document::parse(&svg).expect("the heat map is well-formed XML");
        let number = |n: roxmltree::Node, a: &str| -> f64 {
            n.attribute(a).map_or(0.0, |v| v.parse().unwrap())
        };
        let cells = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect"))
            .map(|n| Rect {
                x: number(n, "x"),
                y: number(n, "y"),
                w: number(n, "width"),
                h: number(n, "height"),
            })
            .collect();
        let texts = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| SvgText {
                x: number(n, "x"),
                y: number(n, "y"),
                size: number(n, "font-size"),
                bold: n.attribute("font-weight") == Some("bold"),
                anchor: n.attribute("text-anchor").unwrap_or("start").to_owned(),
                text: n.text().unwrap_or_default().to_owned(),
            })
            .collect();
        maps.push(HeatMap { cells, texts });
    }
    maps
}

/// The ids of the project that are not among the words, whole or broken
/// across lines of the legend (an id longer than a line is cut into
/// pieces).
fn missing_ids(words: &[String]) -> Vec<String> {
    let tokens: Vec<&str> = words
        .iter()
        .flat_map(|w| w.split([',', ' ']))
        .filter(|t| !t.is_empty())
        .collect();
    all_ids()
        .into_iter()
        .filter(|id| {
            !(0..tokens.len()).any(|start| {
                let mut joined = String::new();
                for token in &tokens[start..] {
                    joined.push_str(token);
                    if joined == id.as_str() {
                        return true;
                    }
                    if !id.starts_with(&joined) {
                        return false;
                    }
                }
                false
            })
        })
        .collect()
}

/// Whether a word is a crowded cell's "+N".
fn is_more(word: &str) -> bool {
    word.strip_prefix('+')
        .is_some_and(|n| n.parse::<usize>().is_ok_and(|n| n > 0))
}

#[test]
fn the_svg_of_a_crowded_map_holds_every_risk_and_no_id_crosses_its_cell() {
    let project = crowded();
    let run = project.run(&["build", "--format", "html"]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    let html = std::fs::read_to_string(project.dir().join("out/dpia/crowded.html")).unwrap();
    let maps = heat_maps(&html);
    assert_eq!(maps.len(), 2, "a map before and one after the measures");
    for map in &maps {
        let words: Vec<String> = map.texts.iter().map(|t| t.text.clone()).collect();
        let lost = missing_ids(&words);
        assert!(lost.is_empty(), "lost from the map: {lost:?}");
        assert!(
            map.id_lines()
                .any(|t| is_more(t.text.rsplit(' ').next().unwrap())),
            "the crowded cell says how many more the legend lists"
        );
        for line in map.id_lines() {
            let cell = map
                .cell_at(line.x, line.y)
                .unwrap_or_else(|| panic!("{:?} is in no cell", line.text));
            let half = dpia::render::svg::text_width(&line.text, line.size) / 2.0;
            assert!(
                cell.x <= line.x - half && line.x + half <= cell.x + cell.w,
                "{:?} crosses its cell's side",
                line.text
            );
            assert!(
                cell.y <= line.y - line.size && line.y <= cell.y + cell.h,
                "{:?} crosses its cell's top or bottom",
                line.text
            );
        }
    }
}

/// A word of a PDF page and its box, in points from the top left.
#[derive(Debug)]
struct Word {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

/// The words of each page of a PDF, by poppler's `pdftotext -bbox`.
fn pdf_words(pdf: &std::path::Path) -> Vec<Vec<Word>> {
    let out = Command::new("pdftotext")
        .args(["-bbox", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    assert!(out.status.success());
    let xhtml = text(&out.stdout);
    let attr = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[start..].split('"').next().unwrap().parse().unwrap()
    };
    xhtml
        .split("<page ")
        .skip(1)
        .map(|page| {
            page.split("<word ")
                .skip(1)
                .map(|w| {
                    let (tag, rest) = w.split_once('>').unwrap();
                    Word {
                        x0: attr(tag, "xMin"),
                        y0: attr(tag, "yMin"),
                        x1: attr(tag, "xMax"),
                        y1: attr(tag, "yMax"),
                        text: rest
                            .split("</word>")
                            .next()
                            .unwrap()
                            .replace("&amp;", "&")
                            .replace("&lt;", "<")
                            .replace("&gt;", ">")
                            .replace("&quot;", "\""),
                    }
                })
                .collect()
        })
        .collect()
}

/// How a map's SVG units land on the PDF page: `page = scale * svg +
/// offset`, fitted on the cells' rating captions, which start at a known
/// place in each cell (the first word's box starts where the text does).
struct Placement {
    scale: f64,
    x: f64,
    y: f64,
}

impl Placement {
    fn fit(captions: &[(&SvgText, &Word)]) -> Placement {
        let (first, last) = (captions[0], captions[captions.len() - 1]);
        let (left, right) = captions.iter().fold((first, first), |(l, r), c| {
            (
                if c.0.x < l.0.x { *c } else { l },
                if c.0.x > r.0.x { *c } else { r },
            )
        });
        assert!(right.0.x > left.0.x, "the captions span columns");
        let scale = (right.1.x0 - left.1.x0) / (right.0.x - left.0.x);
        let x = first.1.x0 - scale * first.0.x;
        // A caption's box ends a little below its baseline: the offset
        // takes the baseline there, which is within a point of it.
        let y = last.1.y1 - scale * last.0.y;
        Placement { scale, x, y }
    }

    fn rect(&self, r: Rect) -> Rect {
        Rect {
            x: self.scale * r.x + self.x,
            y: self.scale * r.y + self.y,
            w: self.scale * r.w,
            h: self.scale * r.h,
        }
    }
}

#[test]
fn the_pdf_of_a_crowded_map_holds_every_risk_and_no_id_crosses_its_cell() {
    let project = crowded();
    let run = project.run(&["build"]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    let html = std::fs::read_to_string(project.dir().join("out/dpia/crowded.html")).unwrap();
    let maps = heat_maps(&html);
    let pages = pdf_words(&project.dir().join("out/dpia/crowded.pdf"));
    // The page of the maps: where both titles are.
    let page = pages
        .iter()
        .find(|p| {
            p.windows(3).any(|w| {
                w[0].text == "Before" && w[1].text == "measures" && w[2].text == "(inherent"
            })
        })
        .expect("a page with the heat maps");
    let title = |first: &str| page.iter().find(|w| w.text == first).unwrap();
    let (before, after) = (title("Before"), title("After"));
    // The figures' captions ("Figure 1: ...") close the maps' area.
    let bottom = page
        .iter()
        .filter(|w| w.text == "Figure" && w.y0 > before.y1)
        .map(|w| w.y0)
        .fold(f64::INFINITY, f64::min);
    let side_by_side = (before.y0 - after.y0).abs() < 1.0;
    for (k, map) in maps.iter().enumerate() {
        // The words of this map: its column (side by side) or its band.
        let words: Vec<&Word> = page
            .iter()
            .filter(|w| w.y0 >= before.y0 - 1.0 && w.y1 <= bottom)
            .filter(|w| {
                let second = if side_by_side {
                    w.x0 >= after.x0 - 1.0
                } else {
                    w.y0 >= after.y0 - 1.0
                };
                second == (k == 1)
            })
            .collect();
        let texts: Vec<String> = words.iter().map(|w| w.text.clone()).collect();
        let lost = missing_ids(&texts);
        assert!(lost.is_empty(), "map {k} of the PDF lost {lost:?}");
        assert!(texts.iter().any(|t| is_more(t)), "map {k}: no +N");
        // The captions in reading order, matched to the SVG's.
        let mut svg_captions = map.captions();
        svg_captions.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
        let labels: Vec<&str> = svg_captions.iter().map(|c| c.text.as_str()).collect();
        let mut pdf_captions: Vec<&Word> = words
            .iter()
            .copied()
            .filter(|w| labels.contains(&w.text.as_str()))
            .collect();
        pdf_captions.sort_by(|a, b| {
            (a.y0.round())
                .total_cmp(&b.y0.round())
                .then(a.x0.total_cmp(&b.x0))
        });
        assert_eq!(pdf_captions.len(), svg_captions.len(), "map {k}: captions");
        let pairs: Vec<(&SvgText, &Word)> = svg_captions
            .iter()
            .copied()
            .zip(pdf_captions.iter().copied())
            .collect();
        for (s, w) in &pairs {
            assert_eq!(s.text, w.text, "map {k}: captions in another order");
        }
        let placement = Placement::fit(&pairs);
        // Every word inside the grid lies inside the cell its middle is in.
        let cells: Vec<Rect> = map.cells.iter().map(|c| placement.rect(*c)).collect();
        let mut checked = 0;
        for w in &words {
            let (mx, my) = (f64::midpoint(w.x0, w.x1), f64::midpoint(w.y0, w.y1));
            let Some(cell) = cells
                .iter()
                .find(|c| c.x <= mx && mx <= c.x + c.w && c.y <= my && my <= c.y + c.h)
            else {
                continue;
            };
            checked += 1;
            // Half a point for poppler's rounding of glyph boxes.
            assert!(
                cell.x - 0.5 <= w.x0 && w.x1 <= cell.x + cell.w + 0.5,
                "map {k}: {:?} crosses its cell's side in the PDF ({:.1}..{:.1} in {:.1}..{:.1})",
                w.text,
                w.x0,
                w.x1,
                cell.x,
                cell.x + cell.w
            );
            assert!(
                cell.y - 1.5 <= w.y0 && w.y1 <= cell.y + cell.h + 1.5,
                "map {k}: {:?} crosses its cell's top or bottom in the PDF",
                w.text
            );
        }
        assert!(checked > 20, "map {k}: only {checked} words were in cells");
    }
}
