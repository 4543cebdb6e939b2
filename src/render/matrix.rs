//! Risk matrices as text for the terminal (`dpia matrix`): the list, one
//! matrix as the grid a DPO reads, and a matrix's YAML as a file of its own.

use crate::i18n::Catalogue;
use crate::model::matrix::{MatrixOrigin, RiskMatrix};
use crate::model::project::Project;
use crate::render::text::table;
use crate::source::Sources;

/// One line per matrix of the project: id, size, name, where it comes from.
#[must_use]
pub fn list(project: &Project, sources: &Sources, w: &Catalogue) -> String {
    let mut rows = Vec::new();
    for m in &project.matrices {
        let origin = match &m.origin {
            MatrixOrigin::BuiltIn => w.t("terminal.matrix.built_in").to_owned(),
            MatrixOrigin::File { file, .. } => w.f(
                "terminal.matrix.from",
                &[("file", &sources.get(*file).name())],
            ),
        };
        let default = if m.id() == project.default_matrix() {
            format!(", {}", w.t("terminal.matrix.default"))
        } else {
            String::new()
        };
        rows.push(vec![
            m.id().to_owned(),
            format!("{}x{}", m.likelihood().len(), m.severity().len()),
            format!("{} ({origin}{default})", m.def.name),
        ]);
    }
    table(&rows, "")
}

/// The matrix as text: the grid (severity rows, highest first), the rating
/// levels, and each level with its description.
#[must_use]
pub fn show(m: &RiskMatrix, w: &Catalogue) -> String {
    let t = |key: &str| w.t(&format!("terminal.matrix.{key}")).to_owned();
    let mut out = format!("{}: {}\n", m.id(), m.def.name);
    if let Some(d) = &m.def.description {
        out.push_str(&format!("\n{}\n", wrap(d, 78, "")));
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut header = vec![t("corner")];
    header.extend(m.likelihood().iter().map(|l| l.label.clone()));
    rows.push(header);
    let mut any_unverified = false;
    for s in (0..m.severity().len()).rev() {
        let mut row = vec![m.severity()[s].label.clone()];
        for l in 0..m.likelihood().len() {
            let rated = m.rate(l, s);
            let label = &m.ratings()[rated.rating].label;
            let mark = if m.unverified_note(l, s).is_some() {
                any_unverified = true;
                "*"
            } else {
                ""
            };
            row.push(match rated.score {
                Some(score) => format!("{score} {label}{mark}"),
                None => format!("{label}{mark}"),
            });
        }
        rows.push(row);
    }
    out.push('\n');
    out.push_str(&table(&rows, "  "));
    if any_unverified {
        out.push_str(&format!("  {}\n", t("unverified_cell")));
    }
    out.push_str(&format!("\n{}\n", t("ratings")));
    for r in m.ratings() {
        let mut flags = Vec::new();
        if r.requires_mitigation {
            flags.push(t("needs_measure"));
        }
        if r.requires_prior_consultation {
            flags.push(t("needs_consultation"));
        }
        let bands = match &m.table {
            crate::model::matrix::Table::Bands(bands) => bands
                .iter()
                .filter(|b| m.ratings()[b.rating].id == r.id)
                .map(|b| w.f("terminal.matrix.score", &[("min", &b.min), ("max", &b.max)]))
                .collect::<Vec<_>>()
                .join(", "),
            crate::model::matrix::Table::Cells(_) => String::new(),
        };
        let mut line = format!("  {} ({}, {})", r.label, r.id, r.colour);
        if !bands.is_empty() {
            line.push_str(&format!(" {bands}"));
        }
        if !flags.is_empty() {
            line.push_str(&format!(": {}", flags.join("; ")));
        }
        out.push_str(&line);
        out.push('\n');
        if let Some(d) = &r.description {
            out.push_str(&wrap(d, 74, "      "));
            out.push('\n');
        }
    }
    for (heading, levels) in [
        (t("likelihood_levels"), m.likelihood()),
        (t("severity_levels"), m.severity()),
    ] {
        out.push_str(&format!("\n{heading}\n"));
        for (i, l) in levels.iter().enumerate() {
            let aliases = if l.aliases.is_empty() {
                String::new()
            } else {
                format!(
                    "; {}",
                    w.f(
                        "terminal.matrix.also",
                        &[("aliases", &l.aliases.join(", "))]
                    )
                )
            };
            out.push_str(&format!("  {} {} ({}{aliases})\n", i + 1, l.label, l.id));
            if let Some(d) = &l.description {
                out.push_str(&wrap(d, 74, "      "));
                out.push('\n');
            }
        }
    }
    if let Some(source) = &m.def.source {
        out.push_str(&format!("\n{}\n{}\n", t("source"), wrap(source, 76, "  ")));
    }
    if !m.def.unverified.is_empty() {
        out.push_str(&format!("\n{}\n", t("unverified")));
        for u in &m.def.unverified {
            let what = crate::present::wording::unverified_what(u, w);
            let what = if what.is_empty() {
                t("the_matrix")
            } else {
                what
            };
            out.push_str(&format!("  {what}:\n{}\n", wrap(&u.note, 74, "      ")));
        }
    }
    if let Some(notes) = &m.def.notes {
        out.push_str(&format!("\n{}\n{}\n", t("notes"), wrap(notes, 76, "  ")));
    }
    out
}

/// The schema line of a matrix file in the project's `matrices/` folder,
/// where the README says to keep one: the schema `dpia init` writes is in
/// `schemas/`, beside that folder.
pub const MATRIX_SCHEMA_LINE: &str =
    "# yaml-language-server: $schema=../schemas/matrix.schema.json";

/// The YAML of a matrix as its own file, for the project's `matrices/`
/// folder: a whole matrix file as it is, an inline matrix from the project
/// file dedented, both with [`MATRIX_SCHEMA_LINE`] (in place of the schema
/// line the file had, which pointed from where it was).
#[must_use]
pub fn as_matrix_file(text: &str, span: std::ops::Range<usize>) -> String {
    let start = text[..span.start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let column = text[start..span.start].chars().count();
    let mut out = format!("{MATRIX_SCHEMA_LINE}\n");
    let body = &text[span];
    let body = if body.starts_with("# yaml-language-server") {
        body.split_once('\n').map_or("", |(_, rest)| rest)
    } else {
        body
    };
    for (i, line) in body.lines().enumerate() {
        let line = if i == 0 {
            line
        } else {
            let indent = line.chars().take(column).take_while(|c| *c == ' ').count();
            &line[indent..]
        };
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Wraps text to `width` columns with an indent, keeping explicit line breaks.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut lines = Vec::new();
    for paragraph in text.trim_end().lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(format!("{indent}{line}"));
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(format!("{indent}{line}").trim_end().to_owned());
    }
    lines.join("\n")
}
