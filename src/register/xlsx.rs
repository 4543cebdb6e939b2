//! The register as an Excel workbook: a sheet per register (controller,
//! and processor when there is one) with a frozen, filterable header row,
//! and a sheet of the organisations' own details. Every cell is written as
//! text, never as a formula; the link to a DPIA is a hyperlink to its PDF.
//! The workbook's dates come from the register's `as_of`, so the same input
//! gives the same bytes.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Url, Workbook, Worksheet,
};

use super::{RegisterContext, Table};

/// Sheet names (at most 31 characters).
pub const CONTROLLER_SHEET: &str = "Controller register";
/// The processor register's sheet.
pub const PROCESSOR_SHEET: &str = "Processor register";
/// The organisations' sheet.
pub const ORGANISATIONS_SHEET: &str = "Organisations";

/// The workbook of a register.
///
/// # Errors
/// If the workbook cannot be assembled (a value over Excel's limits).
pub fn to_xlsx(register: &RegisterContext) -> Result<Vec<u8>, String> {
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
    let sheet = book.add_worksheet();
    write_table(
        sheet,
        CONTROLLER_SHEET,
        &register.controller,
        &header,
        &body,
        &link,
    )
    .map_err(fail)?;
    if let Some(processor) = &register.processor {
        let sheet = book.add_worksheet();
        write_table(sheet, PROCESSOR_SHEET, processor, &header, &body, &link).map_err(fail)?;
    }
    let sheet = book.add_worksheet();
    sheet.set_name(ORGANISATIONS_SHEET).map_err(fail)?;
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
            sheet
                .write_string_with_format(row, col, text, &body)
                .map_err(fail)?;
        }
        sheet
            .write_number_with_format(row, 4, u32::try_from(o.records).unwrap_or(u32::MAX), &body)
            .map_err(fail)?;
    }
    book.save_to_buffer().map_err(fail)
}

fn write_table(
    sheet: &mut Worksheet,
    name: &str,
    table: &Table,
    header: &Format,
    body: &Format,
    link: &Format,
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
        for (col, cell) in (0u16..).zip(&record.cells) {
            let text = cell.text();
            match cell.links.last() {
                Some(target) => {
                    let url = Url::new(format!("file:///{}", target.href)).set_text(&text);
                    sheet.write_url_with_format(row, col, url, link)?;
                }
                None => {
                    sheet.write_string_with_format(row, col, text, body)?;
                }
            }
        }
    }
    let last_col = u16::try_from(table.columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
    let last_row = u32::try_from(table.rows.len()).unwrap_or(u32::MAX);
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row, last_col)?;
    sheet.set_row_height(0, 60)?;
    Ok(())
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
