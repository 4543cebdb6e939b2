//! The register as an Excel workbook: a sheet per register (controller,
//! and processor when there is one), each an Excel table (sort and filter
//! buttons) with its header row and first column frozen, set up to print
//! landscape on A4, fitted to the page's width, the header row repeated on
//! every page; and a sheet of the organisations' own details. Every cell is written as
//! text, never as a formula; the link to a DPIA is a hyperlink to its PDF.
//! The workbook's dates come from the register's `as_of`, so the same input
//! gives the same bytes.
//!
//! Excel holds at most 32,767 characters in a cell and 2,080 in a link. A
//! longer text is cut in its cell, visibly, with a note of how much is
//! missing and where the whole text is (the CSV and HTML registers), and
//! the build warns; a longer link is written as text. Nothing makes the
//! workbook fail, so no value can cost the other formats.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Table as ExcelTable, TableColumn,
    TableStyle, Url, Workbook, Worksheet,
};

use std::borrow::Cow;

use crate::present::register::{RegisterContext, Table};

/// The most characters (UTF-16 code units) Excel holds in a cell.
pub const MAX_CELL: usize = 32_767;

/// The most characters of a link Excel takes.
const MAX_URL: usize = 2_080;

/// The workbook, and a warning for each cell whose text was cut.
#[derive(Debug)]
pub struct Sheets {
    /// The `.xlsx` file.
    pub bytes: Vec<u8>,
    /// "the `Description` of `id` ... is cut", one per cell.
    pub cut: Vec<String>,
}

/// A cell's text as Excel can hold it: whole, or cut at a character
/// boundary with a note of what is missing. Returns the text and, when it
/// was cut, its full length.
fn fit(text: &str) -> (Cow<'_, str>, Option<usize>) {
    let length: usize = text.chars().map(char::len_utf16).sum();
    if length <= MAX_CELL {
        return (Cow::Borrowed(text), None);
    }
    let note = |kept: usize| {
        format!(
            " [... cut: Excel holds {} characters in a cell; this text has {}, and the first {} are shown. register.csv and register.html hold all of it.]",
            crate::diagnostic::thousands(MAX_CELL),
            crate::diagnostic::thousands(length),
            crate::diagnostic::thousands(kept)
        )
    };
    // The note is at most this long; keep what fits before it.
    let room = MAX_CELL - note(length).chars().map(char::len_utf16).sum::<usize>();
    let mut kept = String::new();
    let mut used = 0;
    for c in text.chars() {
        if used + c.len_utf16() > room {
            break;
        }
        used += c.len_utf16();
        kept.push(c);
    }
    kept.push_str(&note(used));
    (Cow::Owned(kept), Some(length))
}

/// Sheet names (at most 31 characters).
pub const CONTROLLER_SHEET: &str = "Controller register";
/// The processor register's sheet.
pub const PROCESSOR_SHEET: &str = "Processor register";
/// The organisations' sheet.
pub const ORGANISATIONS_SHEET: &str = "Organisations";

/// The workbook of a register, with a warning for each cell cut to fit.
///
/// # Errors
/// If the workbook cannot be assembled (which no value should cause).
pub fn to_xlsx(register: &RegisterContext) -> Result<Sheets, String> {
    let fail = |e: rust_xlsxwriter::XlsxError| format!("cannot write the workbook: {e}");
    let mut book = Workbook::new();
    let (y, m, d) = date_parts(&register.as_of);
    let created = ExcelDateTime::from_ymd(y, m, d).map_err(fail)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(format!("{}: records of processing", register.title))
            .set_author(register.generator.as_str())
            .set_creation_datetime(&created),
    );
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color("#E8EDF2");
    let body = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let link = body
        .clone()
        .set_font_color("#1F4E79")
        .set_underline(rust_xlsxwriter::FormatUnderline::Single);
    let mut cut = Vec::new();
    let sheet = book.add_worksheet();
    let formats = (&header, &body, &link);
    write_table(
        sheet,
        (CONTROLLER_SHEET, "ControllerRegister"),
        &register.controller,
        formats,
        &mut cut,
    )
    .map_err(fail)?;
    if let Some(processor) = &register.processor {
        let sheet = book.add_worksheet();
        write_table(
            sheet,
            (PROCESSOR_SHEET, "ProcessorRegister"),
            processor,
            formats,
            &mut cut,
        )
        .map_err(fail)?;
    }
    let sheet = book.add_worksheet();
    sheet.set_name(ORGANISATIONS_SHEET).map_err(fail)?;
    print_setup(sheet).map_err(fail)?;
    let headings = [
        "Organisation",
        "Contact details",
        "Data protection officer",
        "Representative",
        "Records",
    ];
    for (col, heading) in (0u16..).zip(headings) {
        sheet
            .write_string_with_format(0, col, heading, &header)
            .map_err(fail)?;
        sheet
            .set_column_width(col, if col == 4 { 10 } else { 40 })
            .map_err(fail)?;
    }
    for (row, o) in (1u32..).zip(&register.organisations) {
        let cells = [
            o.name.clone(),
            o.contact.join("\n"),
            o.dpo.clone().unwrap_or_default(),
            o.representative.clone().unwrap_or_default(),
        ];
        for (col, text) in (0u16..).zip(cells) {
            let (text, length) = fit(&text);
            if let Some(length) = length {
                cut.push(format!(
                    "the {} of the organisation `{}` in the `{ORGANISATIONS_SHEET}` sheet has {} characters: it is cut to fit",
                    headings[usize::from(col)].to_lowercase(),
                    o.name,
                    crate::diagnostic::thousands(length)
                ));
            }
            sheet
                .write_string_with_format(row, col, text, &body)
                .map_err(fail)?;
        }
        sheet
            .write_number_with_format(row, 4, u32::try_from(o.records).unwrap_or(u32::MAX), &body)
            .map_err(fail)?;
    }
    Ok(Sheets {
        bytes: book.save_to_buffer().map_err(fail)?,
        cut,
    })
}

/// Landscape A4, as wide as the page, the header row on every page, the
/// sheet's name above and the page number below; the header row and the
/// first column (what the row is about) stay in view.
fn print_setup(sheet: &mut Worksheet) -> Result<(), rust_xlsxwriter::XlsxError> {
    sheet
        .set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0)
        .set_header("&L&A")
        .set_footer("&CPage &P of &N");
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_freeze_panes(1, 1)?;
    Ok(())
}

/// A register's sheet: its columns, a row per record, as an Excel table
/// named `table_name` (or, where Excel would refuse one, such as two
/// columns with one heading, a filter on the header row).
fn write_table(
    sheet: &mut Worksheet,
    (name, table_name): (&str, &str),
    table: &Table,
    (header, body, link): (&Format, &Format, &Format),
    cut: &mut Vec<String>,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    sheet.set_name(name)?;
    for (col, column) in (0u16..).zip(&table.columns) {
        sheet.write_string_with_format(0, col, &column.heading, header)?;
        let width = match column.key {
            crate::model::policy::Field::Reference
            | crate::model::policy::Field::DpiaRequired
            | crate::model::policy::Field::DpiaProgress
            | crate::model::policy::Field::FollowsPolicy => 16.0,
            _ => 36.0,
        };
        sheet.set_column_width(col, width)?;
    }
    for (row, record) in (1u32..).zip(&table.rows) {
        for ((col, cell), column) in (0u16..).zip(&record.cells).zip(&table.columns) {
            let text = cell.text();
            let (text, length) = fit(&text);
            if let Some(length) = length {
                cut.push(format!(
                    "the `{}` of `{}` in the `{name}` sheet has {} characters: it is cut to fit",
                    column.heading,
                    record.id,
                    crate::diagnostic::thousands(length)
                ));
            }
            let url = cell
                .links
                .last()
                .map(|target| format!("file:///{}", target.href))
                .filter(|url| url.chars().map(char::len_utf16).sum::<usize>() <= MAX_URL);
            match url {
                Some(url) => {
                    sheet.write_url_with_format(
                        row,
                        col,
                        Url::new(url).set_text(text.as_ref()),
                        link,
                    )?;
                }
                None => {
                    sheet.write_string_with_format(row, col, text, body)?;
                }
            }
        }
    }
    let last_col = u16::try_from(table.columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
    let last_row = u32::try_from(table.rows.len()).unwrap_or(u32::MAX);
    let columns: Vec<TableColumn> = table
        .columns
        .iter()
        .map(|c| {
            TableColumn::new()
                .set_header(&c.heading)
                .set_header_format(header)
        })
        .collect();
    let excel_table = ExcelTable::new()
        .set_name(table_name)
        .set_style(TableStyle::Light1)
        .set_columns(&columns);
    if last_row == 0
        || sheet
            .add_table(0, 0, last_row, last_col, &excel_table)
            .is_err()
    {
        sheet.autofilter(0, 0, last_row, last_col)?;
    }
    sheet.set_row_height(0, 60)?;
    print_setup(sheet)
}

/// The parts of a `YYYY-MM-DD` date.
fn date_parts(iso: &str) -> (u16, u8, u8) {
    let mut parts = iso.split('-');
    let mut next = || parts.next().and_then(|p| p.parse::<u16>().ok());
    let year = next().unwrap_or(2000);
    let month = next().and_then(|m| u8::try_from(m).ok()).unwrap_or(1);
    let day = next().and_then(|d| u8::try_from(d).ok()).unwrap_or(1);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_visibly_to_excels_limit() {
        let text = "é".repeat(40_000);
        let (fitted, length) = fit(&text);
        assert_eq!(length, Some(40_000));
        let units: usize = fitted.chars().map(char::len_utf16).sum();
        assert!(units <= MAX_CELL, "{units}");
        assert!(fitted.ends_with("register.csv and register.html hold all of it.]"));
        assert!(fitted.contains("this text has 40,000"));
        let (short, none) = fit("short");
        assert_eq!((short.as_ref(), none), ("short", None));
        // A character outside the BMP counts twice, as Excel counts it.
        let wide = "😀".repeat(20_000);
        let (fitted, length) = fit(&wide);
        assert_eq!(length, Some(40_000));
        assert!(fitted.chars().map(char::len_utf16).sum::<usize>() <= MAX_CELL);
    }
}
