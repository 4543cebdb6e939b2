//! `dpia ropa` and the dashboard: the register of the bundled examples as
//! CSV and HTML snapshots, the workbook read back with calamine cell by
//! cell, RFC 4180 CSV, the processor register, links to the DPIA reports,
//! atomic and deterministic output, and the dashboard's overdue marks.

use std::path::Path;

use crate::common::{Dpia, pdftotext, pdftotext_pages, root};
use calamine::{Data, Reader, Xlsx, open_workbook};

/// Runs `dpia ropa` for a project into a fresh folder.
fn ropa(project: &str, paths: &[&str], as_of: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec!["--project", project, "ropa"];
    args.extend_from_slice(paths);
    args.extend_from_slice(&["--as-of", as_of, "--out", out.path().to_str().unwrap()]);
    let run = Dpia::at(root()).run(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    out
}

fn portfolio() -> tempfile::TempDir {
    ropa(
        "tests/fixtures/register/dpia.yaml",
        &["tests/fixtures/register/assessments"],
        "2026-01-15",
    )
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// Every record of a CSV, parsed strictly (every row as long as the header).
fn csv_rows(dir: &Path, name: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .from_path(dir.join(name))
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// Every cell of a worksheet as text.
fn sheet(dir: &Path, name: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook(dir.join("register.xlsx")).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) => f.to_string(),
                    other => panic!("{name}: a cell that is not text: {other:?}"),
                })
                .collect()
        })
        .collect()
}

#[test]
fn register_of_the_examples_as_csv_and_html() {
    let out = ropa("dpia.yaml", &[], "2026-11-22");
    insta::assert_snapshot!("register.csv", read(out.path(), "register.csv"));
    insta::assert_snapshot!("register.html", read(out.path(), "register.html"));
    // The four DPIAs and the four records of processing only.
    let rows = csv_rows(out.path(), "register.csv");
    assert_eq!(rows.len(), 9);
    let progress = rows[0].iter().position(|h| h == "DPIA progress").unwrap();
    let mut seen: Vec<&str> = rows[1..].iter().map(|r| r[progress].as_str()).collect();
    seen.sort_unstable();
    assert_eq!(
        seen,
        [
            "Approved",
            "Approved",
            "Draft",
            "In review",
            "Not screened",
            "Not screened",
            "Not screened",
            "Not screened"
        ]
    );
    assert!(!out.path().join("processor-register.csv").exists());
}

#[test]
fn the_workbook_reads_back_cell_for_cell() {
    let out = portfolio();
    let csv = csv_rows(out.path(), "register.csv");
    let xlsx = sheet(out.path(), "Controller register");
    // The same headings and the same text in every cell as the CSV, except
    // that the workbook holds a formula-like text as it is (as text).
    assert_eq!(xlsx.len(), csv.len());
    for (x, c) in xlsx.iter().zip(&csv) {
        let c: Vec<String> = c
            .iter()
            .map(|v| v.strip_prefix('\'').unwrap_or(v).to_owned())
            .collect();
        assert_eq!(x, &c);
    }
    // One row checked against tests/fixtures/register/assessments/benefits.yaml,
    // column by column.
    let headings = &xlsx[0];
    let row = xlsx.iter().find(|r| r[0] == "benefits").unwrap();
    let cell = |heading: &str| {
        let i = headings
            .iter()
            .position(|h| h == heading)
            .unwrap_or_else(|| panic!("no column {heading}"));
        row[i].as_str()
    };
    let expected: [(&str, &str); 34] = [
        ("Reference", "benefits"),
        ("Processing activity", "Housing benefit claims"),
        (
            "Name and contact details of controller",
            "Example District Council\nCouncil Offices, High Street, Exampleton EX1 1AA\ninformation.governance@example.gov.uk",
        ),
        (
            "Name and contact details of data protection officer",
            "Pat Jones, Data Protection Officer, dpo@example.gov.uk",
        ),
        (
            "Name and contact details of representative (if applicable)",
            "",
        ),
        ("Business function", "Revenues and Benefits"),
        (
            "Purpose of processing",
            "Assessing housing benefit claims\nPreventing benefit fraud",
        ),
        (
            "Name and contact details of joint controller (if applicable)",
            "",
        ),
        ("Categories of individuals", "Claimants (vulnerable)"),
        (
            "Categories of personal data",
            "Income and savings\nDisability details [special category data: data concerning health]",
        ),
        (
            "Categories of recipients",
            "Department for Work and Pensions (controller)\nPrint and post bureau (processor, Ireland (IE))",
        ),
        (
            "Link to contract with processor",
            "Print and post bureau: Contract: PRINT-2023 (in force)",
        ),
        (
            "Names of third countries or international organisations that personal data are transferred to (if applicable)",
            "Ireland (IE)",
        ),
        (
            "Safeguards for exceptional transfers of personal data to third countries or international organisations (if applicable)",
            "Print and post bureau (Ireland (IE)): adequacy (Art 45; UK: DPA 2018 s.17A regulations)",
        ),
        (
            "Retention schedule (if possible)",
            "Kept: 6 years. From: the end of the claim. Schedule: RS-BEN-1",
        ),
        (
            "General description of technical and organisational security measures (if possible)",
            "Role-based access\n=cmd|' /C calc'!A0",
        ),
        (
            "Article 6 lawful basis for processing personal data",
            "Art 6(1)(e) public task (Assessing housing benefit claims)\nArt 6(1)(f) legitimate interests (Preventing benefit fraud)",
        ),
        (
            "Article 9 basis for processing special category data",
            "Art 9(2)(g) reasons of substantial public interest",
        ),
        (
            "Article 10 basis for processing criminal offence data",
            "Art 10: authorised by law",
        ),
        (
            "Legitimate interests for the processing (if applicable)",
            "Preventing benefit fraud: Protecting public funds from <fraud> & error.",
        ),
        (
            "Link to record of legitimate interests assessment (if applicable)",
            "LIA-7",
        ),
        (
            "Rights available to individuals",
            "Right to be informed (Arts 13, 14)\nRight of access (Art 15)\nRight to rectification (Art 16)\n\
             Right to erasure (Art 17) (processing under Art 6(1)(f) only)\n\
             Right to restriction of processing (Art 18)\nRight to object (Art 21)\n\
             (derived from the lawful basis (Art 6(1)(e) public task, Art 6(1)(f) legitimate interests): \
             Arts 17(3)(b), 20(1), 21(1); not stated in the record)",
        ),
        (
            "Existence of automated decision-making, including profiling (if applicable)",
            "No\n(from the DPIA screening)",
        ),
        (
            "The source of the personal data (if applicable)",
            "The claimant (data subject)",
        ),
        (
            "Location of personal data",
            "Revenues system (Council data centre, United Kingdom (GB))",
        ),
        (
            "Data Protection Impact Assessment required?",
            "Yes\n(screening decision)",
        ),
        ("DPIA progress", "Approved"),
        ("Link to DPIA", "dpia/benefits.html\ndpia/benefits.pdf"),
        (
            "Personal data breach?",
            "10 June 2025: A decision letter went to the wrong address. (not reported to the supervisory authority)",
        ),
        (
            "Link to record of personal data breach",
            "10 June 2025: BR-25-4",
        ),
        (
            "Data Protection Act 2018 Schedule 1 condition for processing",
            "DPA 2018 Sch 1 Part 2 para 6 (statutory and government purposes)\nDPA 2018 Sch 1 Part 2 para 10 (preventing or detecting unlawful acts)",
        ),
        (
            "Link to retention and erasure policy document (APD)",
            "APD-2024\nRS-BEN-1",
        ),
        (
            "Is personal data retained and erased in accordance with the policy document?",
            "No",
        ),
        (
            "Reasons for not adhering to policy document (if applicable)",
            "Claims before 2019 are still held; a weeding project is planned.",
        ),
    ];
    assert_eq!(headings.len(), expected.len(), "every column is checked");
    for (heading, value) in expected {
        assert_eq!(cell(heading), value, "column {heading}");
    }
    // The DPIA link is a hyperlink to the report's PDF.
    let mut book: Xlsx<_> = open_workbook(out.path().join("register.xlsx")).unwrap();
    let links = book
        .hyperlinks_by_sheet_name("Controller register")
        .unwrap();
    let targets: Vec<_> = links.iter().filter_map(|l| l.target.clone()).collect();
    assert_eq!(targets, ["dpia/benefits.pdf"]);
    // A formula-like text is stored as text, not as a formula.
    let allotments = xlsx.iter().find(|r| r[0] == "allotments").unwrap();
    assert!(allotments.contains(&"@SUM(1+1) parks".to_owned()));
    let organisations = sheet(out.path(), "Organisations");
    assert_eq!(organisations[1][0], "Example District Council");
}

/// A part of the workbook's zip file, as text.
fn workbook_part(dir: &Path, part: &str) -> String {
    let file = std::fs::File::open(dir.join("register.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(part).unwrap(), &mut text).unwrap();
    text
}

#[test]
fn the_workbook_sorts_filters_and_prints_as_a_dpo_needs() {
    let out = portfolio();
    // The register is an Excel table over every record, headings included.
    let mut book: Xlsx<_> = open_workbook(out.path().join("register.xlsx")).unwrap();
    book.load_tables().unwrap();
    assert_eq!(
        book.table_names(),
        ["ControllerRegister", "ProcessorRegister"]
    );
    let table = book.table_by_name("ControllerRegister").unwrap();
    let csv = csv_rows(out.path(), "register.csv");
    assert_eq!(table.columns(), csv[0].as_slice());
    assert_eq!(table.data().height(), csv.len() - 1);
    for (sheet, part) in [
        ("Controller register", "xl/worksheets/sheet1.xml"),
        ("Processor register", "xl/worksheets/sheet2.xml"),
        ("Organisations", "xl/worksheets/sheet3.xml"),
    ] {
        let xml = workbook_part(out.path(), part);
        // Landscape A4, one page wide and as many long as it takes.
        assert!(xml.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{sheet}");
        assert!(
            xml.contains("<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\""),
            "{sheet}: {xml}"
        );
        // The sheet's name above, the page number below.
        assert!(xml.contains("<oddHeader>&amp;L&amp;A</oddHeader><oddFooter>&amp;CPage &amp;P of &amp;N</oddFooter>"), "{sheet}");
        // The header row and the first column stay in view.
        assert!(
            xml.contains("<pane xSplit=\"1\" ySplit=\"1\" topLeftCell=\"B2\" activePane=\"bottomRight\" state=\"frozen\"/>"),
            "{sheet}: {xml}"
        );
    }
    // The header row is printed on every page.
    let workbook = workbook_part(out.path(), "xl/workbook.xml");
    assert!(
        workbook.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'Controller register'!$1:$1</definedName>"),
        "{workbook}"
    );
}

#[test]
fn columns_with_one_heading_get_a_filter_where_excel_refuses_a_table() {
    let project = std::fs::read_to_string(root().join("tests/fixtures/register/dpia.yaml"))
        .unwrap()
        .replace(
            "register:\n",
            "register:\n  columns:\n    - reference\n    - {key: activity, heading: Notes}\n    - {key: purposes, heading: notes}\n",
        );
    let run = Dpia::temp().file("dpia.yaml", &project).file(
        "assessments/benefits.yaml",
        &read(
            &root().join("tests/fixtures/register/assessments"),
            "benefits.yaml",
        ),
    );
    let result = run.run(&["ropa", "--format", "xlsx"]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let out = run.dir().join("out");
    let mut book: Xlsx<_> = open_workbook(out.join("register.xlsx")).unwrap();
    book.load_tables().unwrap();
    assert!(book.table_names().is_empty());
    let xml = workbook_part(&out, "xl/worksheets/sheet1.xml");
    assert!(xml.contains("<autoFilter ref=\"A1:C2\"/>"), "{xml}");
    assert_eq!(
        sheet(&out, "Controller register")[0],
        ["Reference", "Notes", "notes"]
    );
}

#[test]
fn csv_starts_with_a_byte_order_mark_unless_asked_not_to() {
    let with = std::fs::read(portfolio().path().join("register.csv")).unwrap();
    // Excel reads a CSV as UTF-8 only after the mark.
    assert!(with.starts_with(b"\xEF\xBB\xBF"), "{:?}", &with[..8]);
    let out = tempfile::tempdir().unwrap();
    let run = Dpia::at(root()).run(&[
        "--project",
        "tests/fixtures/register/dpia.yaml",
        "ropa",
        "tests/fixtures/register/assessments",
        "--as-of",
        "2026-01-15",
        "--format",
        "csv",
        "--csv-bom",
        "false",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let without = std::fs::read(out.path().join("register.csv")).unwrap();
    assert_eq!(without, with[3..], "the same text, without the mark");
    assert!(!out.path().join("register.xlsx").exists());
}

#[test]
fn csv_is_rfc_4180_and_defuses_formulas() {
    let out = portfolio();
    let bytes = std::fs::read(out.path().join("register.csv")).unwrap();
    let raw = String::from_utf8(bytes).unwrap();
    // Records end with CRLF; line breaks inside a quoted field stay LF.
    assert!(raw.ends_with("\r\n"));
    assert_eq!(raw.matches("\r\n").count(), 3, "a header and two records");
    let rows = csv_rows(out.path(), "register.csv");
    assert!(rows.iter().all(|r| r.len() == rows[0].len()));
    let allotments = rows.iter().find(|r| r[0] == "allotments").unwrap();
    assert!(allotments.contains(&"'@SUM(1+1) parks".to_owned()));
}

#[test]
fn a_processor_register_for_activities_done_as_a_processor() {
    let out = portfolio();
    let rows = csv_rows(out.path(), "processor-register.csv");
    assert_eq!(
        rows[0],
        [
            "Reference",
            "Controllers we act for",
            "Categories of processing carried out on behalf of each controller",
            "Other processors engaged, and link to contract",
            "General description of technical and organisational security measures (if possible)",
        ],
        "the project renames one heading and keeps the bundled ones"
    );
    assert_eq!(
        rows[1],
        [
            "payroll-service",
            "Example Parish Council: clerk@parish.example.org; DPO: Sam Lee, dpo@parish.example.org",
            "Running the monthly payroll",
            "BACS bureau: Data processing agreement: BACS-DPA-1",
            "Payroll system with two-factor authentication.",
        ]
    );
    // Not in the controller register.
    let controller = csv_rows(out.path(), "register.csv");
    assert!(controller.iter().all(|r| r[0] != "payroll-service"));
    assert_eq!(sheet(out.path(), "Processor register"), rows);
    let html = read(out.path(), "register.html");
    assert!(html.contains("Record of processing activities: processor (Art 30(2))"));
    let pdf = pdftotext(&out.path().join("register.pdf"));
    assert!(pdf.contains("Record of processing activities: processor (Art 30(2))"));
    assert!(pdf.contains("Controllers we act for"));
}

#[test]
fn html_and_pdf_link_each_record_to_its_dpia() {
    let out = portfolio();
    let html = read(out.path(), "register.html");
    assert!(html.contains("<section class=\"record\" id=\"benefits\">"));
    // (minijinja's HTML escaping writes `/` as `&#x2f;`, which browsers read
    // as `/`.)
    assert!(html.contains(
        "<a href=\"dpia&#x2f;benefits.html\">report</a> · <a href=\"dpia&#x2f;benefits.pdf\">PDF</a>"
    ));
    // A record without a DPIA links to none.
    assert!(!html.contains("dpia&#x2f;allotments."));
    // The author's text is escaped.
    assert!(html.contains("Protecting public funds from &lt;fraud&gt; &amp; error."));
    assert!(!html.contains("<fraud>"));
    let pdf = pdftotext(&out.path().join("register.pdf"));
    for text in [
        "records of processing as of 15 January 2026",
        "Example District Council",
        "Housing benefit claims (benefits)",
        "Allotment tenancies (allotments)",
        "Protecting public funds from <fraud> & error.",
        "derived from the lawful basis",
    ] {
        assert!(pdf.contains(text), "{text} is not in the PDF");
    }
    let raw = std::fs::read(out.path().join("register.pdf")).unwrap();
    let raw = String::from_utf8_lossy(&raw);
    assert!(
        raw.contains("dpia/benefits.pdf"),
        "the PDF links to the report"
    );
}

#[test]
fn two_runs_are_byte_identical() {
    let first = portfolio();
    let second = portfolio();
    for name in [
        "register.csv",
        "processor-register.csv",
        "register.xlsx",
        "register.html",
        "register.pdf",
    ] {
        assert_eq!(
            std::fs::read(first.path().join(name)).unwrap(),
            std::fs::read(second.path().join(name)).unwrap(),
            "{name} differs"
        );
    }
}

#[test]
fn a_broken_file_keeps_the_previous_register() {
    let dir = register_project();
    let project = dir.path();
    let run = Dpia::at(project).run(&["ropa", "--as-of", "2026-01-15"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let names = [
        "register.csv",
        "processor-register.csv",
        "register.xlsx",
        "register.html",
        "register.pdf",
    ];
    let before: Vec<Vec<u8>> = names
        .iter()
        .map(|n| std::fs::read(project.join("out").join(n)).unwrap())
        .collect();
    std::fs::write(
        project.join("assessments/broken.yaml"),
        "id: broken\ntitle: Broken\nstatus: approvd\n",
    )
    .unwrap();
    let run = Dpia::at(project).run(&["ropa", "--as-of", "2026-02-01"]);
    assert_eq!(run.code, 2);
    let stderr = run.stderr.clone();
    assert!(stderr.contains("assessments/broken.yaml:3:9"), "{stderr}");
    assert!(stderr.contains("the previous register is kept"), "{stderr}");
    for (name, bytes) in names.iter().zip(before) {
        assert_eq!(
            std::fs::read(project.join("out").join(name)).unwrap(),
            bytes,
            "{name} changed"
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(project.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != ".dpia.lock")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A copy of the register fixture's project.
fn register_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path();
    let fixture = root().join("tests/fixtures/register");
    std::fs::copy(fixture.join("dpia.yaml"), project.join("dpia.yaml")).unwrap();
    std::fs::create_dir(project.join("assessments")).unwrap();
    for entry in std::fs::read_dir(fixture.join("assessments")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(
            entry.path(),
            project.join("assessments").join(entry.file_name()),
        )
        .unwrap();
    }
    dir
}

/// [`register_project`], with `templates/register.typ` when given: the
/// register's PDF of it, or the failed run.
fn register_pdf_with(template: Option<&str>) -> (tempfile::TempDir, crate::common::Run) {
    let dir = register_project();
    let project = dir.path();
    if let Some(template) = template {
        std::fs::create_dir(project.join("templates")).unwrap();
        std::fs::write(project.join("templates/register.typ"), template).unwrap();
    }
    let run = Dpia::at(project).run(&["ropa", "--format", "pdf", "--as-of", "2026-01-15"]);
    (dir, run)
}

/// The bundled `register.typ` with `from` replaced by `to`, as a project's
/// template: the run fails, says `message`, and writes no register. The
/// template and the run, for more.
fn refused_template(from: &str, to: &str, message: &str) -> (String, crate::common::Run) {
    let template = REGISTER_TYP.replacen(from, to, 1);
    assert_ne!(template, REGISTER_TYP, "no `{from}` in register.typ");
    let (dir, run) = register_pdf_with(Some(&template));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains(message), "{}", run.stderr);
    assert!(!dir.path().join("out/register.pdf").exists());
    (template, run)
}

const REGISTER_TYP: &str = include_str!("../../templates/register.typ");
const FOOTER_PASS_LABEL: &str =
    "#metadata(\"footers drawn in a pass of their own\") <dpia-footer-pass>";

#[test]
fn the_register_pdf_is_the_same_whether_its_footers_are_drawn_apart_or_by_typst() {
    // The bundled template draws the footers ("page 2 of 5") in a pass of
    // their own, over the register's pages; the same template, footers on
    // and without the label that asks for the footer pass, has typst lay
    // them out with the register in one compilation, as every template did
    // before. The PDFs are the same, byte for byte.
    assert!(REGISTER_TYP.contains(FOOTER_PASS_LABEL));
    let one_pass = REGISTER_TYP
        .replace(FOOTER_PASS_LABEL, "")
        .replace("footer: if footer-pages != none {", "footer: {");
    assert_ne!(one_pass, REGISTER_TYP);
    let (drawn_apart, run) = register_pdf_with(None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (by_typst, run) = register_pdf_with(Some(&one_pass));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = drawn_apart.path().join("out/register.pdf");
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        std::fs::read(by_typst.path().join("out/register.pdf")).unwrap()
    );
    // Every page carries its own number and the count, and its header, once.
    let pages = pdftotext_pages(&pdf);
    assert!(pages.len() > 2, "{} pages", pages.len());
    for (i, page) in pages.iter().enumerate() {
        let footer = format!("page {} of {}", i + 1, pages.len());
        assert_eq!(page.matches(&footer).count(), 1, "page {}: {page}", i + 1);
        assert_eq!(
            page.matches("records of processing as of").count(),
            1,
            "the header, once"
        );
    }
}

#[test]
fn a_footer_pass_with_the_wrong_number_of_pages_is_an_error_in_the_template() {
    refused_template(
        "for _ in range(1, footer-pages) { pagebreak() }",
        "[]",
        "templates/register.typ: its footer pass must make as many pages as `footer_pages`",
    );
}

#[test]
fn a_footer_pass_of_another_page_size_or_that_reads_the_records_is_an_error_in_the_template() {
    // Pages turned to landscape in the register, not in its footer pass:
    // the footers would fall off the page.
    refused_template(
        "= #data.controller.title",
        "#set page(flipped: true)\n= #data.controller.title",
        "templates/register.typ: page 2 of its footer pass is not the size of page 2 of the document",
    );
    // The footer pass has no records: an error there says so.
    let (reads, run) = refused_template(
        "#let footer-pages = data.at(\"footer_pages\", default: none)",
        "#let footer-pages = data.at(\"footer_pages\", default: none)\n#let count = data.controller.rows.len()",
        "in the footer pass of templates/register.typ (`footer_pages` set; the data holds only generator, lang, t,",
    );
    let line = reads
        .lines()
        .position(|l| l.starts_with("#let count"))
        .unwrap()
        + 1;
    let located = format!(
        "templates/register.typ, line {line}: dictionary does not contain key \"controller\""
    );
    assert!(run.stderr.contains(&located), "{}", run.stderr);
}

#[test]
fn a_bad_as_of_date_is_a_usage_error() {
    let run = Dpia::at(root()).run(&["ropa", "--as-of", "2026-02-30"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .clone()
            .contains("is not a date of the form YYYY-MM-DD")
    );
}

/// Builds the test portfolio (HTML only) with `--as-of`.
fn dashboard(as_of: &str) -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().unwrap();
    let run = Dpia::at(root()).run(&[
        "--project",
        "tests/fixtures/register/dpia.yaml",
        "build",
        "tests/fixtures/register/assessments",
        "--format",
        "html",
        "--as-of",
        as_of,
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = read(out.path(), "index.html");
    (out, html)
}

#[test]
fn the_dashboard_marks_what_is_overdue_on_the_as_of_date() {
    let (out, html) = dashboard("2026-01-15");
    insta::assert_snapshot!("dashboard.html", html);
    // build writes the register beside the reports and the dashboard.
    for name in [
        "register.html",
        "register.csv",
        "register.xlsx",
        "dpia/benefits.html",
    ] {
        assert!(out.path().join(name).is_file(), "{name}");
    }
    assert!(!out.path().join("register.pdf").exists(), "HTML only");
    // The benefits DPIA's review (31 December 2025) and its action due 30 June
    // 2025 are overdue; the allotments record's review (31 March 2026) is not.
    assert!(html.contains("<span class=\"overdue\">31 December 2025 (overdue)</span>"));
    assert!(html.contains("31 March 2026</td>"));
    assert!(html.contains("<span class=\"value\">1</span> Overdue actions"));
    assert!(html.contains("<span class=\"value\">1</span> Reviews overdue"));
    // Each row links to the register row and the report.
    assert!(html.contains("<a href=\"register.html#benefits\">Housing benefit claims</a>"));
    assert!(html.contains("<a href=\"dpia&#x2f;benefits.html\">HTML</a>"));
    // Six months earlier nothing is overdue.
    let (_, earlier) = dashboard("2025-06-01");
    assert!(!earlier.contains("(overdue)"));
    assert!(earlier.contains("<span class=\"value\">0</span> Overdue actions"));
    assert!(earlier.contains("<span class=\"value\">0</span> Reviews overdue"));
}

/// A project of the CLI fixtures' dpia.yaml and the clean assessment, with
/// one security measure of `length` characters.
fn long_text_project(length: usize) -> Dpia {
    Dpia::clean_project(
        "  - The kiosks run in kiosk mode and clear each session after 60 seconds.",
        &format!("  - \"{}\"", "word ".repeat(length / 5)),
    )
}

#[test]
fn a_text_longer_than_excel_holds_is_cut_in_its_cell_and_every_format_is_written() {
    let dir = long_text_project(33_000);
    let run = dir.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let stderr = run.stderr.clone();
    assert!(
        stderr.contains("warning: register.xlsx: the `General description of technical and organisational security measures (if possible)` of `clean` in the `Controller register` sheet has 32,999 characters: it is cut to fit"),
        "{stderr}"
    );
    let out = dir.dir().join("out");
    for name in [
        "register.csv",
        "register.xlsx",
        "register.html",
        "register.pdf",
        "index.html",
    ] {
        assert!(out.join(name).is_file(), "{name} is written");
    }
    let heading =
        "General description of technical and organisational security measures (if possible)";
    let rows = sheet(&out, "Controller register");
    let column = rows[0].iter().position(|h| h == heading).unwrap();
    let cell = &rows[1][column];
    assert!(cell.encode_utf16().count() <= 32_767);
    assert!(cell.starts_with("word word"));
    assert!(cell.ends_with("this text has 32,999, and the first 32,614 are shown. register.csv and register.html hold all of it.]"), "{}", &cell[cell.len() - 200..]);
    let csv = csv_rows(&out, "register.csv");
    let column = csv[0].iter().position(|h| h == heading).unwrap();
    assert_eq!(csv[1][column].len(), 32_999, "the CSV holds all of it");
}

#[test]
fn an_id_too_long_for_a_file_name_is_refused_by_check_and_build_alike() {
    let dir = long_text_project(10);
    let path = dir.dir().join("assessments/clean.yaml");
    let text = read(dir.dir(), "assessments/clean.yaml")
        .replace("id: clean", &format!("id: {}", "a".repeat(245)));
    std::fs::write(&path, text).unwrap();
    for command in ["check", "build"] {
        let run = dir.run(&[command]);
        assert_eq!(run.code, 2, "{command}");
        let out = run.stdout.clone() + &run.stderr.clone();
        assert!(
            out.contains("error[E107]: `id` is 245 characters long; the most is 100"),
            "{command}: {out}"
        );
    }
}

/// Runs `tests/js/dashboard.cjs` (jsdom: `npm ci --prefix tests/js`) on a
/// dashboard: what a reader sees without scripts, after filtering by
/// `filter`, and after sorting by each heading in `sort`.
fn dashboard_in_a_browser(html: &Path, filter: &str, sort: &[&str]) -> serde_json::Value {
    let js = root().join("tests/js");
    assert!(
        js.join("node_modules/jsdom").is_dir(),
        "jsdom is missing: run `npm ci --prefix tests/js` (.ci/run does)"
    );
    let out = std::process::Command::new("node")
        .current_dir(&js)
        .arg("dashboard.cjs")
        .arg(html)
        .arg(filter)
        .args(sort)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_dashboard_sorts_and_filters_and_is_whole_without_scripts() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_examples_project(dir.path());
    std::fs::create_dir(dir.path().join("assessments")).unwrap();
    for entry in std::fs::read_dir(root().join("assessments")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(
            entry.path(),
            dir.path().join("assessments").join(entry.file_name()),
        )
        .unwrap();
    }
    let run = Dpia::at(dir.path()).run(&["build", "--format", "html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = dir.path().join("out/index.html");
    let text = std::fs::read_to_string(&html).unwrap();
    // One script, inline, ours: nothing is loaded from anywhere.
    assert_eq!(text.matches("<script").count(), 1);
    assert!(text.contains("<script>\n(function () {"));
    // Finding counts link to the findings of a report.
    assert!(
        text.contains("<a href=\"dpia&#x2f;camden-caution-register.html#annex-findings\"><span class=\"overdue\">"),
        "{text}"
    );
    let seen = dashboard_in_a_browser(
        &html,
        "camden",
        &["Residual risk", "Next review", "Findings"],
    );
    let all = seen["without_script"].as_array().unwrap();
    assert_eq!(all.len(), 8, "every activity, without a script");
    assert_eq!(
        seen["headings"], seen["script_buttons"],
        "every heading sorts"
    );
    assert_eq!(seen["filter_label"], "Filter the activities ");
    assert_eq!(
        seen["filtered"],
        serde_json::json!(["camden-caution-register", "camden-service-system-flags"])
    );
    assert_eq!(seen["shown"], "2 of 8 shown");
    // Not rated (no data-sort value) comes first.
    let numbers = |v: &serde_json::Value| -> Vec<i64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().parse().unwrap_or(-1))
            .collect()
    };
    for name in ["Residual risk", "Findings"] {
        let sorted = &seen["sorted"][name];
        let up = numbers(&sorted["ascending"]);
        assert!(up.windows(2).all(|w| w[0] <= w[1]), "{name}: {up:?}");
        assert!(up.first() < up.last(), "{name}: values differ");
        let down = numbers(&sorted["descending"]);
        assert!(down.windows(2).all(|w| w[0] >= w[1]), "{name}: {down:?}");
        assert_eq!(
            (sorted["state"].as_str(), sorted["then"].as_str()),
            (Some("ascending"), Some("descending"))
        );
    }
    let dates: Vec<&str> = seen["sorted"]["Next review"]["ascending"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let mut expected = dates.clone();
    expected.sort_unstable();
    assert_eq!(dates, expected);
}
