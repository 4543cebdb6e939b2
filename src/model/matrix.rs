//! Risk matrices as data: ordered likelihood and severity levels, rating
//! levels, and either an explicit cell table or score bands.
//!
//! A matrix file is validated twice: by `schemas/matrix.schema.json` for its
//! shape, then here for its meaning (every cell defined, bands covering
//! every reachable score without overlap, names unique). The built-in
//! matrices in `src/matrices/` go through exactly the same path.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::model::assessment::LevelRef;
use crate::schema::SchemaKind;
use crate::source::{FileId, SourceFile};
use crate::suggest::suggest;
use crate::yaml::{Document, escape_token};

/// A matrix file as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MatrixFile {
    /// Identifier.
    pub id: String,
    /// Name.
    pub name: String,
    /// What it is.
    pub description: Option<String>,
    /// Where the values come from.
    pub source: Option<String>,
    /// Likelihood levels, lowest first.
    pub likelihood: Vec<Level>,
    /// Severity levels, lowest first.
    pub severity: Vec<Level>,
    /// Rating levels, lowest first.
    pub ratings: Vec<RatingLevel>,
    /// Explicit cells: severity id -> rating ids by likelihood.
    pub cells: Option<IndexMap<String, Vec<String>>>,
    /// Score method for bands.
    pub score: Option<String>,
    /// Score bands.
    pub bands: Option<Vec<BandDef>>,
    /// Unverified values.
    #[serde(default)]
    pub unverified: Vec<Unverified>,
    /// Anything else.
    pub notes: Option<String>,
}

/// A likelihood or severity level.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// Identifier.
    pub id: String,
    /// Label.
    pub label: String,
    /// Other accepted names.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// What it means.
    pub description: Option<String>,
}

/// A rating level.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RatingLevel {
    /// Identifier.
    pub id: String,
    /// Label.
    pub label: String,
    /// Other accepted names.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Colour, `#rrggbb`.
    pub colour: String,
    /// A risk at this level needs a measure.
    #[serde(default)]
    pub requires_mitigation: bool,
    /// A residual risk at this level needs prior consultation (Art 36(1)).
    #[serde(default)]
    pub requires_prior_consultation: bool,
    /// What it means.
    pub description: Option<String>,
}

/// A score band as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BandDef {
    /// Lowest score.
    pub min: u32,
    /// Highest score.
    pub max: u32,
    /// Rating id.
    pub rating: String,
}

/// A value that could not be verified against a published source.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Unverified {
    /// Likelihood level id.
    pub likelihood: Option<String>,
    /// Severity level id.
    pub severity: Option<String>,
    /// Rating level id.
    pub rating: Option<String>,
    /// What is unverified.
    pub note: String,
}

/// How ratings are found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Table {
    /// `cells[severity][likelihood]` is a rating index.
    Cells(Vec<Vec<usize>>),
    /// Score = likelihood position x severity position; bands map scores to ratings.
    Bands(Vec<Band>),
}

/// A validated score band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Band {
    /// Lowest score.
    pub min: u32,
    /// Highest score.
    pub max: u32,
    /// Rating index.
    pub rating: usize,
}

/// Where a matrix was defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatrixOrigin {
    /// Shipped with dpia.
    BuiltIn,
    /// Defined in a matrix file, or inline in the project file.
    File {
        /// The file.
        file: FileId,
        /// The bytes of the file that define the matrix (the whole of a
        /// matrix file; the list item of an inline matrix).
        span: std::ops::Range<usize>,
    },
}

/// The result of rating one cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rated {
    /// Index into [`RiskMatrix::ratings`].
    pub rating: usize,
    /// Likelihood position x severity position, for banded matrices.
    pub score: Option<u32>,
}

/// A validated risk matrix.
#[derive(Debug, Clone)]
pub struct RiskMatrix {
    /// The matrix as written.
    pub def: MatrixFile,
    /// How ratings are found.
    pub table: Table,
    /// Where it was defined.
    pub origin: MatrixOrigin,
}

impl RiskMatrix {
    /// Identifier.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.def.id
    }

    /// Likelihood levels, lowest first.
    #[must_use]
    pub fn likelihood(&self) -> &[Level] {
        &self.def.likelihood
    }

    /// Severity levels, lowest first.
    #[must_use]
    pub fn severity(&self) -> &[Level] {
        &self.def.severity
    }

    /// Rating levels, lowest first.
    #[must_use]
    pub fn ratings(&self) -> &[RatingLevel] {
        &self.def.ratings
    }

    /// Rates a cell by level indexes (0-based). Pure integer maths.
    ///
    /// # Panics
    /// If an index is out of range or a validated table has a gap, which
    /// validation rules out.
    #[must_use]
    pub fn rate(&self, likelihood: usize, severity: usize) -> Rated {
        match &self.table {
            Table::Cells(rows) => Rated {
                rating: rows[severity][likelihood],
                score: None,
            },
            Table::Bands(bands) => {
                let score = (likelihood as u32 + 1) * (severity as u32 + 1);
                Rated {
                    rating: band_of(bands, score).expect("validated bands cover every score"),
                    score: Some(score),
                }
            }
        }
    }

    /// The rating of a score, for banded matrices.
    #[must_use]
    pub fn rating_of_score(&self, score: u32) -> Option<usize> {
        match &self.table {
            Table::Bands(bands) => band_of(bands, score),
            Table::Cells(_) => None,
        }
    }

    /// Finds a likelihood level by position, id, label or alias.
    #[must_use]
    pub fn find_likelihood(&self, level: &LevelRef) -> Option<usize> {
        find_level(&self.def.likelihood, level)
    }

    /// Finds a severity level by position, id, label or alias.
    #[must_use]
    pub fn find_severity(&self, level: &LevelRef) -> Option<usize> {
        find_level(&self.def.severity, level)
    }

    /// Finds a rating level by id, label or alias (ignoring case and punctuation).
    #[must_use]
    pub fn find_rating(&self, name: &str) -> Option<usize> {
        let wanted = normalise(name);
        self.def
            .ratings
            .iter()
            .position(|r| names(&r.id, &r.label, &r.aliases).any(|n| normalise(n) == wanted))
    }

    /// The unverified note of a cell, if any.
    #[must_use]
    pub fn unverified_note(&self, likelihood: usize, severity: usize) -> Option<&str> {
        let l = &self.def.likelihood[likelihood].id;
        let s = &self.def.severity[severity].id;
        self.def
            .unverified
            .iter()
            .find(|u| u.likelihood.as_ref() == Some(l) && u.severity.as_ref() == Some(s))
            .map(|u| u.note.as_str())
    }
}

fn band_of(bands: &[Band], score: u32) -> Option<usize> {
    bands
        .iter()
        .find(|b| (b.min..=b.max).contains(&score))
        .map(|b| b.rating)
}

fn names<'a>(id: &'a str, label: &'a str, aliases: &'a [String]) -> impl Iterator<Item = &'a str> {
    [id, label]
        .into_iter()
        .chain(aliases.iter().map(String::as_str))
}

/// Lower case, punctuation as spaces, single spaces: `Medium/High` and
/// `medium high` are the same name; so are `almost-certain` and `Almost Certain`.
#[must_use]
pub fn normalise(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn find_level(levels: &[Level], level: &LevelRef) -> Option<usize> {
    match level {
        LevelRef::Position(p) => {
            let p = *p as usize;
            (1..=levels.len()).contains(&p).then(|| p - 1)
        }
        LevelRef::Name(name) => {
            let wanted = normalise(name);
            levels
                .iter()
                .position(|l| names(&l.id, &l.label, &l.aliases).any(|n| normalise(n) == wanted))
        }
    }
}

/// Checks a deserialised matrix for meaning and builds its rating table.
/// `doc` and `prefix` locate the matrix in its file for diagnostics.
///
/// Every problem is reported, not just the first: level names must be
/// unique on each axis, the matrix has either `cells` (`MatrixCheck::cells`)
/// or `bands` (`MatrixCheck::bands`), and its `unverified` notes name
/// real levels.
pub fn build_matrix(
    def: MatrixFile,
    doc: &Document,
    prefix: &str,
    origin: MatrixOrigin,
) -> Result<RiskMatrix, Vec<Diagnostic>> {
    let mut check = MatrixCheck {
        def: &def,
        doc,
        prefix,
        problems: Vec::new(),
    };
    check.level_names();
    let table = match (&def.cells, &def.bands) {
        (Some(_), Some(_)) => {
            let d = check.error(
                "/bands",
                format!("matrix `{}` has both `cells` and `bands`", def.id),
                "remove this or `cells`",
            );
            check.problems.push(d);
            None
        }
        (None, None) => {
            let d = check
                .error(
                    "/id",
                    format!("matrix `{}` has neither `cells` nor `bands`", def.id),
                    "this matrix cannot rate a risk",
                )
                .with_help("give an explicit `cells` table, or `score: product` with `bands`");
            check.problems.push(d);
            None
        }
        (Some(cells), None) => Some(check.cells(cells)),
        (None, Some(bands)) => Some(check.bands(bands)),
    };
    check.unverified();
    let problems = check.problems;
    match table {
        Some(table) if problems.is_empty() => Ok(RiskMatrix { def, table, origin }),
        _ => Err(problems),
    }
}

/// The checks of one matrix definition, collecting problems as they go.
struct MatrixCheck<'a> {
    /// The matrix as written.
    def: &'a MatrixFile,
    /// The file it is in, to locate problems.
    doc: &'a Document,
    /// Where in the file it is (empty for a matrix file).
    prefix: &'a str,
    /// The problems found so far.
    problems: Vec<Diagnostic>,
}

impl MatrixCheck<'_> {
    /// Where the part of the matrix at `pointer` is.
    fn here(&self, pointer: &str) -> (FileId, std::ops::Range<usize>) {
        self.doc.span(&format!("{}{pointer}", self.prefix))
    }

    /// An invalid-matrix problem (E206) at `pointer`.
    fn error(&self, pointer: &str, message: String, label: &str) -> Diagnostic {
        let (file, range) = self.here(pointer);
        Diagnostic::input("E206", message).with_label(file, range, label)
    }

    /// The index of the rating with this id.
    fn rating_index(&self, id: &str) -> Option<usize> {
        self.def.ratings.iter().position(|r| r.id == id)
    }

    /// A cell or band naming a rating the matrix does not have.
    fn unknown_rating(&self, pointer: &str, id: &str) -> Diagnostic {
        let mut d = self.error(
            pointer,
            format!("`{id}` is not a rating of matrix `{}`", self.def.id),
            "not one of `ratings`",
        );
        if let Some(s) = suggest(id, self.def.ratings.iter().map(|r| r.id.as_str())) {
            d = d.with_help(format!("did you mean `{s}`?"));
        }
        d
    }

    /// No two levels of an axis (or two ratings) share a name.
    fn level_names(&mut self) {
        let def = self.def;
        let here = |pointer: &str| self.here(pointer);
        let mut problems = Vec::new();
        for (axis, levels) in [("likelihood", &def.likelihood), ("severity", &def.severity)] {
            check_unique_names(
                levels
                    .iter()
                    .map(|l| names(&l.id, &l.label, &l.aliases).collect()),
                axis,
                &here,
                &mut problems,
            );
        }
        check_unique_names(
            def.ratings
                .iter()
                .map(|r| names(&r.id, &r.label, &r.aliases).collect()),
            "ratings",
            &here,
            &mut problems,
        );
        self.problems.extend(problems);
    }

    /// An explicit cell table: one row per severity level, one known rating
    /// per likelihood level.
    fn cells(&mut self, cells: &IndexMap<String, Vec<String>>) -> Table {
        let def = self.def;
        if def.score.is_some() {
            let d = self.error(
                "/score",
                "`score` only applies with `bands`".into(),
                "remove this",
            );
            self.problems.push(d);
        }
        let mut rows = vec![Vec::new(); def.severity.len()];
        for (key, row) in cells {
            let pointer = format!("/cells/{}", escape_token(key));
            let Some(s) = def.severity.iter().position(|l| &l.id == key) else {
                let mut d = self.error(
                    &pointer,
                    format!("`{key}` is not a severity level of matrix `{}`", def.id),
                    "not one of `severity`",
                );
                if let Some(s) = suggest(key, def.severity.iter().map(|l| l.id.as_str())) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                }
                self.problems.push(d);
                continue;
            };
            if row.len() != def.likelihood.len() {
                let d = self.error(
                    &pointer,
                    format!(
                        "the row for severity `{key}` has {} ratings; matrix `{}` has {} likelihood levels",
                        row.len(),
                        def.id,
                        def.likelihood.len()
                    ),
                    "one rating per likelihood level, lowest likelihood first",
                );
                self.problems.push(d);
                continue;
            }
            for (l, id) in row.iter().enumerate() {
                if let Some(r) = self.rating_index(id) {
                    rows[s].push(r);
                } else {
                    let d = self.unknown_rating(&format!("{pointer}/{l}"), id);
                    self.problems.push(d);
                }
            }
        }
        for (s, level) in def.severity.iter().enumerate() {
            if !cells.contains_key(&level.id) {
                let d = self.error(
                    "/cells",
                    format!("the cell table has no row for severity `{}`", level.id),
                    "every severity level needs a row",
                );
                self.problems.push(d);
                rows[s].clear();
            }
        }
        Table::Cells(rows)
    }

    /// Score bands: each names a known rating, none overlaps another
    /// ([`Self::band_overlaps`]), and together they cover every reachable
    /// score ([`Self::band_gaps`]).
    fn bands(&mut self, band_defs: &[BandDef]) -> Table {
        if self.def.score.is_none() {
            let d = self.error(
                "/bands",
                "`bands` need `score: product` to say how a score is computed".into(),
                "add `score: product`",
            );
            self.problems.push(d);
        }
        let mut bands = Vec::new();
        for (i, band) in band_defs.iter().enumerate() {
            let pointer = format!("/bands/{i}");
            if band.min > band.max {
                let d = self.error(
                    &pointer,
                    format!("band {}-{} starts above its end", band.min, band.max),
                    "min must not exceed max",
                );
                self.problems.push(d);
            }
            if let Some(rating) = self.rating_index(&band.rating) {
                bands.push((
                    i,
                    Band {
                        min: band.min,
                        max: band.max,
                        rating,
                    },
                ));
            } else {
                let d = self.unknown_rating(&format!("{pointer}/rating"), &band.rating);
                self.problems.push(d);
            }
        }
        self.band_overlaps(&bands);
        let bands: Vec<Band> = bands.into_iter().map(|(_, b)| b).collect();
        self.band_gaps(&bands);
        Table::Bands(bands)
    }

    /// Reports two bands (with their positions in `bands:`) that share a
    /// score (E207).
    fn band_overlaps(&mut self, bands: &[(usize, Band)]) {
        for (a, (i, x)) in bands.iter().enumerate() {
            for (j, y) in bands.iter().skip(a + 1) {
                if x.min <= y.max && y.min <= x.max {
                    let (file, range) = self.here(&format!("/bands/{j}"));
                    let (other_file, other) = self.here(&format!("/bands/{i}"));
                    self.problems.push(
                        Diagnostic::input(
                            "E207",
                            format!(
                                "score bands {}-{} and {}-{} overlap",
                                y.min, y.max, x.min, x.max
                            ),
                        )
                        .with_label(file, range, "this band")
                        .with_label(other_file, other, "overlaps this one"),
                    );
                }
            }
        }
    }

    /// Reports the reachable scores (likelihood position x severity
    /// position) no band covers (E207).
    fn band_gaps(&mut self, bands: &[Band]) {
        let def = self.def;
        let mut gaps = Vec::new();
        for l in 1..=def.likelihood.len() as u32 {
            for s in 1..=def.severity.len() as u32 {
                let score = l * s;
                if band_of(bands, score).is_none() && !gaps.contains(&score) {
                    gaps.push(score);
                }
            }
        }
        gaps.sort_unstable();
        if gaps.is_empty() {
            return;
        }
        let list = gaps
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let (file, range) = self.here("/bands");
        self.problems.push(
            Diagnostic::input(
                "E207",
                format!(
                    "no band covers the reachable score{} {list}",
                    if gaps.len() == 1 { "" } else { "s" }
                ),
            )
            .with_label(
                file,
                range,
                "every product of a likelihood and a severity position needs a band",
            ),
        );
    }

    /// Each `unverified` note names a level or rating the matrix has.
    fn unverified(&mut self) {
        let def = self.def;
        for (i, u) in def.unverified.iter().enumerate() {
            for (key, value, known) in [
                (
                    "likelihood",
                    &u.likelihood,
                    def.likelihood
                        .iter()
                        .map(|l| l.id.as_str())
                        .collect::<Vec<_>>(),
                ),
                (
                    "severity",
                    &u.severity,
                    def.severity.iter().map(|l| l.id.as_str()).collect(),
                ),
                (
                    "rating",
                    &u.rating,
                    def.ratings.iter().map(|r| r.id.as_str()).collect(),
                ),
            ] {
                if let Some(v) = value
                    && !known.contains(&v.as_str())
                {
                    let d = self.error(
                        &format!("/unverified/{i}/{key}"),
                        format!("`{v}` is not a {key} level of matrix `{}`", def.id),
                        "unknown level",
                    );
                    self.problems.push(d);
                }
            }
        }
    }
}

/// Reports names (ids, labels, aliases) used by two levels of one axis, which
/// would make a level in an assessment ambiguous.
fn check_unique_names<'a>(
    levels: impl Iterator<Item = Vec<&'a str>>,
    axis: &str,
    here: &dyn Fn(&str) -> (FileId, std::ops::Range<usize>),
    problems: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, level_names) in levels.enumerate() {
        let mut own = Vec::new();
        for name in level_names {
            let n = normalise(name);
            if own.contains(&n) {
                continue;
            }
            own.push(n.clone());
            if let Some(&first) = seen.get(&n) {
                let (file, range) = here(&format!("/{axis}/{i}"));
                let (first_file, first_range) = here(&format!("/{axis}/{first}"));
                problems.push(
                    Diagnostic::input(
                        "E206",
                        format!("the name `{name}` is used by two {axis} levels"),
                    )
                    .with_label(file, range, "this level")
                    .with_label(first_file, first_range, "and this one"),
                );
            } else {
                seen.insert(n, i);
            }
        }
    }
}

/// The built-in matrix files, embedded from `src/matrices/`.
pub const BUILT_IN: [(&str, &str); 3] = [
    ("ico-3x3", include_str!("../matrices/ico-3x3.yaml")),
    ("camden-5x5", include_str!("../matrices/camden-5x5.yaml")),
    ("cnil-4x4", include_str!("../matrices/cnil-4x4.yaml")),
];

/// The built-in matrices, parsed and validated once.
///
/// # Panics
/// If a shipped matrix file is invalid, which the tests rule out.
#[must_use]
pub fn built_in() -> &'static [Arc<RiskMatrix>] {
    static MATRICES: OnceLock<Vec<Arc<RiskMatrix>>> = OnceLock::new();
    MATRICES.get_or_init(|| {
        BUILT_IN
            .iter()
            .map(|(name, text)| {
                let file = SourceFile::new(format!("{name}.yaml"), *text);
                let matrix = crate::load::document::<MatrixFile>(SchemaKind::Matrix, &file, 0)
                    .and_then(|(def, doc)| build_matrix(def, &doc, "", MatrixOrigin::BuiltIn))
                    .unwrap_or_else(|d| panic!("built-in matrix {name} is invalid: {d:?}"));
                Arc::new(matrix)
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(id: &str) -> Arc<RiskMatrix> {
        built_in().iter().find(|m| m.id() == id).unwrap().clone()
    }

    /// Renders the whole matrix as "rating" per cell, severity rows from
    /// highest to lowest as published tables print them.
    fn grid(m: &RiskMatrix) -> Vec<Vec<String>> {
        (0..m.severity().len())
            .rev()
            .map(|s| {
                (0..m.likelihood().len())
                    .map(|l| {
                        let rated = m.rate(l, s);
                        let label = &m.ratings()[rated.rating].label;
                        match rated.score {
                            Some(score) => format!("{score} {label}"),
                            None => label.clone(),
                        }
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn ico_3x3_every_cell() {
        let m = matrix("ico-3x3");
        assert_eq!(
            grid(&m),
            [
                ["Medium", "High", "High"], // severe
                ["Low", "Medium", "High"],  // significant
                ["Low", "Low", "Medium"],   // minimal
            ]
        );
        // The two cells a published case (the OPCC Warwickshire DPIA) confirms.
        let l = m
            .find_likelihood(&LevelRef::Name("possible".into()))
            .unwrap();
        let sig = m
            .find_severity(&LevelRef::Name("Significant".into()))
            .unwrap();
        let min = m
            .find_severity(&LevelRef::Name("minimal impact".into()))
            .unwrap();
        assert_eq!(m.ratings()[m.rate(l, sig).rating].label, "Medium");
        assert_eq!(m.ratings()[m.rate(l, min).rating].label, "Low");
        assert!(m.unverified_note(l, sig).is_none());
        assert!(m.unverified_note(0, 2).unwrap().contains("Low"));
    }

    #[test]
    fn camden_5x5_matches_annex_b_table_3() {
        let m = matrix("camden-5x5");
        // Annex B, Table 3: impact rows Catastrophic..Negligible, probability Rare..Almost Certain.
        let scores: Vec<Vec<u32>> = (0..5)
            .rev()
            .map(|s| (0..5).map(|l| m.rate(l, s).score.unwrap()).collect())
            .collect();
        assert_eq!(
            scores,
            [
                [5, 10, 15, 20, 25],
                [4, 8, 12, 16, 20],
                [3, 6, 9, 12, 15],
                [2, 4, 6, 8, 10],
                [1, 2, 3, 4, 5],
            ]
        );
        // Bands: 1-3 Low, 4-6 Moderate, 8-12 Medium/High, 15-25 High.
        assert_eq!(
            grid(&m),
            [
                [
                    "5 Moderate",
                    "10 Medium/High",
                    "15 High",
                    "20 High",
                    "25 High"
                ],
                [
                    "4 Moderate",
                    "8 Medium/High",
                    "12 Medium/High",
                    "16 High",
                    "20 High"
                ],
                [
                    "3 Low",
                    "6 Moderate",
                    "9 Medium/High",
                    "12 Medium/High",
                    "15 High"
                ],
                [
                    "2 Low",
                    "4 Moderate",
                    "6 Moderate",
                    "8 Medium/High",
                    "10 Medium/High"
                ],
                ["1 Low", "2 Low", "3 Low", "4 Moderate", "5 Moderate"],
            ]
        );
        assert_eq!(m.find_rating("medium high"), m.find_rating("Medium/High"));
        assert_eq!(
            m.find_likelihood(&LevelRef::Name("Almost Certain".into())),
            Some(4)
        );
        assert_eq!(m.find_likelihood(&LevelRef::Position(2)), Some(1));
        assert_eq!(m.find_likelihood(&LevelRef::Position(6)), None);
    }

    #[test]
    fn cnil_4x4_every_cell() {
        let m = matrix("cnil-4x4");
        assert_eq!(
            grid(&m),
            [
                ["Medium", "Medium", "High", "High"], // maximum
                ["Medium", "Medium", "High", "High"], // significant
                ["Low", "Low", "Medium", "Medium"],   // limited
                ["Low", "Low", "Medium", "Medium"],   // negligible
            ]
        );
    }

    fn broken(text: &str) -> Vec<String> {
        let file = SourceFile::new("m.yaml", text);
        crate::load::document::<MatrixFile>(SchemaKind::Matrix, &file, 0)
            .and_then(|(def, doc)| {
                let origin = MatrixOrigin::File {
                    file: 0,
                    span: 0..0,
                };
                build_matrix(def, &doc, "", origin)
            })
            .unwrap_err()
            .into_iter()
            .map(|d| format!("{} {}", d.code, d.message))
            .collect()
    }

    const LEVELS: &str = "id: m\nname: M\nlikelihood:\n  - {id: lo, label: Lo}\n  - {id: hi, label: Hi}\nseverity:\n  - {id: lo, label: Lo}\n  - {id: hi, label: Hi}\nratings:\n  - {id: ok, label: OK, colour: \"#00ff00\"}\n  - {id: bad, label: Bad, colour: \"#ff0000\"}\n";

    #[test]
    fn cell_table_must_be_complete() {
        let errors = broken(&format!("{LEVELS}cells:\n  lo: [ok, ok]\n  hi: [ok]\n"));
        assert_eq!(
            errors,
            ["E206 the row for severity `hi` has 1 ratings; matrix `m` has 2 likelihood levels"]
        );
        let errors = broken(&format!("{LEVELS}cells:\n  lo: [ok, ok]\n"));
        assert_eq!(errors, ["E206 the cell table has no row for severity `hi`"]);
        let errors = broken(&format!(
            "{LEVELS}cells:\n  lo: [ok, okay]\n  hi: [ok, bad]\n"
        ));
        assert_eq!(errors, ["E206 `okay` is not a rating of matrix `m`"]);
    }

    #[test]
    fn bands_must_cover_reachable_scores_without_overlap() {
        let errors = broken(&format!(
            "{LEVELS}score: product\nbands:\n  - {{min: 1, max: 2, rating: ok}}\n  - {{min: 2, max: 3, rating: bad}}\n"
        ));
        assert_eq!(
            errors,
            [
                "E207 score bands 2-3 and 1-2 overlap",
                "E207 no band covers the reachable score 4"
            ]
        );
    }

    #[test]
    fn level_names_must_be_unique() {
        let text = LEVELS.replace(
            "{id: hi, label: Hi}\nseverity",
            "{id: hi, label: LO}\nseverity",
        );
        let errors = broken(&format!("{text}cells:\n  lo: [ok, ok]\n  hi: [ok, bad]\n"));
        assert_eq!(
            errors,
            ["E206 the name `LO` is used by two likelihood levels"]
        );
    }
}
