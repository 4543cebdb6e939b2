//! The register as CSV (RFC 4180): a header row of the column headings,
//! then one row per activity; a cell's items are separate lines inside one
//! quoted field. A cell that a spreadsheet would read as a formula (it
//! starts with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a
//! leading `'`, so the author's text is never run as one. The file starts
//! with a UTF-8 byte order mark unless asked not to: Excel reads a CSV
//! without one in the system's code page (cp1252 in the UK), and garbles
//! every en dash, accent and curly quote.

use crate::present::register::Table;

/// The UTF-8 byte order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The CSV of one register, after a byte order mark when `bom` is set.
///
/// # Errors
/// Only if writing to memory fails, which it does not.
pub fn to_csv(table: &Table, bom: bool) -> Result<Vec<u8>, String> {
    let start = if bom { BOM.to_vec() } else { Vec::new() };
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .quote_style(::csv::QuoteStyle::Necessary)
        .from_writer(start);
    let fail = |e: ::csv::Error| format!("cannot write the CSV: {e}");
    writer
        .write_record(table.columns.iter().map(|c| c.heading.as_str()))
        .map_err(fail)?;
    for row in &table.rows {
        writer
            .write_record(row.cells.iter().map(|cell| defuse(&cell.text())))
            .map_err(fail)?;
    }
    writer
        .into_inner()
        .map_err(|e| format!("cannot write the CSV: {e}"))
}

/// Text a spreadsheet would take for a formula, made inert.
#[must_use]
pub fn defuse(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::policy::{Column, Field};
    use crate::present::register::{Cell, Row};

    #[test]
    fn quotes_lines_commas_and_quotes_and_defuses_formulas() {
        let table = Table {
            title: "t".to_owned(),
            columns: vec![
                Column {
                    key: Field::Reference,
                    heading: "Reference".into(),
                },
                Column {
                    key: Field::Purposes,
                    heading: "Purpose, \"main\"".into(),
                },
            ],
            rows: vec![Row {
                id: "a".into(),
                title: "A".into(),
                organisation: None,
                report: None,
                cells: vec![
                    Cell {
                        items: vec!["=HYPERLINK(\"x\")".into()],
                        ..Cell::default()
                    },
                    Cell {
                        items: vec!["One".into(), "Two, three".into()],
                        note: Some("derived".into()),
                        links: Vec::new(),
                    },
                ],
            }],
        };
        let text = String::from_utf8(to_csv(&table, false).unwrap()).unwrap();
        assert_eq!(
            text,
            "Reference,\"Purpose, \"\"main\"\"\"\r\n\
             \"'=HYPERLINK(\"\"x\"\")\",\"One\nTwo, three\n(derived)\"\r\n"
        );
    }
}
