//! `dpia build`: HTML snapshots of the bundled examples, PDFs checked by
//! their text (poppler's `pdftotext`, installed by `.ci/run`), determinism,
//! hostile text, the typst world's file access, and atomic output.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{Dpia, pages, pdftotext, root, text};

/// Builds the bundled examples into a fresh folder and returns it.
fn build_examples(formats: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let run = Dpia::at(root()).run(&[
        "build",
        "--format",
        formats,
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    out
}

const EXAMPLES: [&str; 4] = [
    "camden-caution-register",
    "opcc-casework-system",
    "wiltshire-children-case-management",
    "yos-case-management-system",
];

#[test]
fn html_reports_of_the_examples() {
    let out = build_examples("html");
    for id in EXAMPLES {
        let html = std::fs::read_to_string(out.path().join(format!("dpia/{id}.html"))).unwrap();
        assert!(html.starts_with("<!doctype html>"));
        assert!(html.ends_with("</html>\n"));
        let sections = sections(&html);
        assert_eq!(sections.concat(), html, "the sections are the whole report");
        for (piece, name) in sections.iter().zip(section_names(&html)) {
            insta::assert_snapshot!(format!("report-{id}-{name}"), piece);
        }
    }
}

/// Where a report's pieces start: each top-level `<section id="...">` and
/// the end of `<main>`, so that a snapshot per section shows a change in
/// the section it touches.
fn section_starts(html: &str) -> Vec<usize> {
    let mut starts: Vec<usize> = html
        .match_indices("<section id=\"")
        .map(|(i, _)| i)
        .collect();
    starts.extend(html.find("</main>"));
    starts
}

/// A report cut into its pieces: the cover (up to the first section), each
/// section, and the end (from `</main>`).
fn sections(html: &str) -> Vec<&str> {
    let mut bounds = vec![0];
    bounds.extend(section_starts(html));
    bounds.push(html.len());
    bounds.windows(2).map(|w| &html[w[0]..w[1]]).collect()
}

/// The names of the pieces of [`sections`]: `cover`, each section's id,
/// `end`.
fn section_names(html: &str) -> Vec<String> {
    let mut names = vec!["cover".to_owned()];
    for start in section_starts(html) {
        let rest = &html[start..];
        names.push(match rest.strip_prefix("<section id=\"") {
            Some(tail) => tail.split('"').next().unwrap_or_default().to_owned(),
            None => "end".to_owned(),
        });
    }
    names
}

#[test]
fn pdf_reports_carry_every_section_risk_rating_and_signatory() {
    let out = build_examples("pdf");
    // Each figure has its text alternative in the tagged PDF: what the
    // SVG's aria-label says, so a screen reader hears the placement.
    let camden = std::fs::read(out.path().join("dpia/camden-caution-register.pdf")).unwrap();
    let camden = String::from_utf8_lossy(&camden);
    for alt in [
        "/Alt(Data flow diagram. 1: ",
        "/Alt(Risk heat map, before measures (inherent risk): R1, ",
        "/Alt(Risk heat map, after measures (residual risk): R1, ",
    ] {
        assert!(camden.contains(alt), "the PDF lacks {alt}");
    }
    let read = |id: &str| {
        let pdf = out.path().join(format!("dpia/{id}.pdf"));
        let n = pages(&pdf);
        assert!((8..=60).contains(&n), "{id}: {n} pages");
        pdftotext(&pdf)
    };
    let sections = [
        "Document control",
        "Step 1: The need for a DPIA",
        "Step 2: Description of the processing",
        "Step 3: Consultation",
        "Step 4: Necessity and proportionality",
        "Step 5: Risks",
        "Step 6: Measures and action plan",
        "Step 7: Sign-off and outcomes",
        "Annex A: Compliance findings",
        "Annex B: Risk matrix",
    ];
    let opcc = read("opcc-casework-system");
    for s in sections {
        assert!(opcc.contains(s), "missing section {s}");
    }
    for needle in [
        "R1",
        "R2",
        "R3",
        "R4",
        "High",
        "Medium",
        "Low",
        "Neil Hewison",
        "Katherine Lamyman",
        "Richard Long",
        "Debbie Mullis",
        "L001",
        "L002",
        "Overall residual risk",
    ] {
        assert!(opcc.contains(needle), "OPCC report lacks {needle}");
    }
    assert!(
        !opcc.contains("DRAFT"),
        "an approved report carries no DRAFT mark"
    );
    assert_eq!(
        pages_with_the_mark(&out.path().join("dpia/opcc-casework-system.pdf")),
        0
    );

    let camden = read("camden-caution-register");
    for needle in [
        "R1",
        "R2",
        "R3",
        "R4",
        "R5",
        "R6",
        "Medium/High (12)",
        "Moderate (4)",
        "Moderate (6)",
        "Low (3)",
        "Medium/High (9)",
        "the document states 4 (low), which the matrix does not give",
        "Andrew Maughan",
        "R003",
    ] {
        assert!(camden.contains(needle), "Camden report lacks {needle}");
    }
    // Not approved: the DRAFT mark is on every page, drawn, not written:
    // no letter of it is in the text.
    let pdf = out.path().join("dpia/camden-caution-register.pdf");
    assert_eq!(
        pages_with_the_mark(&pdf),
        pages(&pdf),
        "DRAFT on every page"
    );
    let cover = Command::new("pdftotext")
        .args(["-f", "1", "-l", "1"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let cover = text(&cover.stdout);
    for line in cover.lines() {
        assert!(
            !matches!(line.trim(), "D" | "R" | "A" | "F" | "T" | "DRAFT"),
            "the mark extracts as text: {line:?}"
        );
    }
    // The cover reads in pairs, label then value.
    assert!(
        cover.contains("Organisation: London Borough of Camden\nReference: camden-caution-register\nStatus: In review\n"),
        "{cover}"
    );

    let yos = read("yos-case-management-system");
    assert!(yos.contains("not rated"));
    assert!(yos.contains("G002") && yos.contains("R004"));
    let wiltshire = read("wiltshire-children-case-management");
    for name in ["Lynda Cox", "Lucy Townsend", "Andrew Holyoake"] {
        assert!(wiltshire.contains(name), "Wiltshire report lacks {name}");
    }
}

#[test]
fn risk_notes_rating_reasons_and_a_disagreeing_stated_rating_reach_html_and_pdf() {
    let fixtures = root().join("tests/fixtures/cli");
    let clean = std::fs::read_to_string(fixtures.join("clean.yaml")).unwrap();
    let edited = [
        (
            "    inherent: {likelihood: possible, severity: significant}\n",
            "    note: Marker risk note RNOTE7\n    inherent:\n      likelihood: possible\n      severity: significant\n      stated: Low\n      note: Marker inherent reasoning INOTE7\n",
        ),
        (
            "    residual: {likelihood: remote, severity: significant}\n",
            "    residual:\n      likelihood: remote\n      severity: significant\n      note: Marker remaining risk RESNOTE7\n",
        ),
        (
            "status: approved\n",
            "status: approved\npeople:\n  project_sponsor: {name: Jo Sponsor}\n",
        ),
    ]
    .iter()
    .fold(clean, |text, (from, to)| {
        assert!(text.contains(from), "clean.yaml has no {from:?}");
        text.replace(from, to)
    });
    let project = Dpia::temp()
        .file(
            "dpia.yaml",
            &std::fs::read_to_string(fixtures.join("dpia.yaml")).unwrap(),
        )
        .file("assessments/clean.yaml", &edited);
    let run = project.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(project.dir().join("out/dpia/clean.html")).unwrap();
    let pdf = pdftotext(&project.dir().join("out/dpia/clean.pdf"));
    for text in [&html, &pdf] {
        for marker in ["RNOTE7", "INOTE7", "RESNOTE7"] {
            assert!(text.contains(marker), "{marker} is missing");
        }
        assert!(
            text.contains("the document states Low, which the matrix does not give"),
            "the disagreement is not marked in the risk register"
        );
        // The cover names an owner only when the file names one: a
        // sponsor is listed as a sponsor, not promoted to owner.
        assert!(text.contains("Jo Sponsor"));
    }
    assert!(!html.contains("<dt>Owner</dt>"), "an owner was guessed");
    assert!(!pdf.contains("Owner Jo Sponsor"), "an owner was guessed");
    let named = project.file(
        "assessments/clean.yaml",
        &edited.replace(
            "  project_sponsor: {name: Jo Sponsor}\n",
            "  owner: {name: Al Owner}\n",
        ),
    );
    assert_eq!(named.run(&["build", "--format", "html"]).code, 0);
    let html = std::fs::read_to_string(named.dir().join("out/dpia/clean.html")).unwrap();
    assert!(
        html.contains("<dt>Owner</dt><dd>Al Owner"),
        "the named owner is on the cover"
    );
}

#[test]
fn grouped_risks_keep_their_group_headings() {
    let fixtures = root().join("tests/fixtures/cli");
    let clean = std::fs::read_to_string(fixtures.join("clean.yaml"))
        .unwrap()
        .replace(
            "  - id: R1\n",
            "  - id: R1\n    group: Information security\n",
        )
        .replace(
            "    residual: {likelihood: remote, severity: significant}\n",
            "    residual: {likelihood: remote, severity: significant}\n  - id: R2\n    group: Corporate risks\n    title: Complaints about queues\n    inherent: {likelihood: possible, severity: minimal}\n  - id: R3\n    group: Corporate risks\n    title: Kiosk downtime\n    inherent: {likelihood: remote, severity: minimal}\n",
        );
    let project = Dpia::temp()
        .file(
            "dpia.yaml",
            &std::fs::read_to_string(fixtures.join("dpia.yaml")).unwrap(),
        )
        .file("assessments/clean.yaml", &clean);
    let run = project.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(project.dir().join("out/dpia/clean.html")).unwrap();
    assert_eq!(
        html.matches(r#"<th colspan="6" scope="rowgroup">"#).count(),
        2
    );
    let security = html
        .find(">Information security</th>")
        .expect("the first heading");
    let corporate = html
        .find(">Corporate risks</th>")
        .expect("the second heading");
    let r2 = html.find(r#"id="risk-R2""#).unwrap();
    assert!(security < html.find(r#"id="risk-R1""#).unwrap() && corporate < r2);
    let pdf = pdftotext(&project.dir().join("out/dpia/clean.pdf"));
    let (security, corporate) = (
        pdf.find("Information security").expect("in the PDF"),
        pdf.find("Corporate risks").expect("in the PDF"),
    );
    assert!(security < corporate);
    assert_eq!(
        pdf.matches("Corporate risks").count(),
        1,
        "one heading for R2 and R3"
    );
}

#[test]
fn a_report_counts_the_project_files_findings_about_it_as_check_does() {
    // The controller has no DPO: an A001 finding located in dpia.yaml.
    let fixtures = root().join("tests/fixtures/cli");
    let project_file = std::fs::read_to_string(fixtures.join("dpia.yaml")).unwrap();
    let cut = project_file.find("    dpo:").unwrap();
    let project = Dpia::temp().file("dpia.yaml", &project_file[..cut]).file(
        "assessments/clean.yaml",
        &std::fs::read_to_string(fixtures.join("clean.yaml")).unwrap(),
    );
    let check = project.run(&["check", "--format", "json"]);
    let json = check.json();
    let totals = &json["summary"];
    assert!(
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["file"] == "dpia.yaml" && d["code"] == "A001"),
        "{}",
        check.stdout
    );
    assert_eq!(project.run(&["build", "--format", "html"]).code, 0);
    let html = std::fs::read_to_string(project.dir().join("out/dpia/clean.html")).unwrap();
    let (errors, warnings) = (
        totals["errors"].as_u64().unwrap(),
        totals["warnings"].as_u64().unwrap(),
    );
    let plural = |n: u64| if n == 1 { "" } else { "s" };
    assert!(
        html.contains(&format!(
            "<dt>Findings</dt><dd>{errors} error{}, {warnings} warning{} (",
            plural(errors),
            plural(warnings)
        )),
        "the report's count is check's"
    );
    // Annex A lists the project file's finding, saying where it is.
    assert!(
        html.contains("dpia.yaml:"),
        "Annex A names the project file"
    );
}

#[test]
fn a_risk_may_have_a_description_and_no_title() {
    let project = Dpia::clean_project(
        "    title: Card numbers shown on screen\n",
        "    description: Card numbers can be read over the shoulder at the kiosk.\n",
    );
    let check = project.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert_eq!(project.run(&["build"]).code, 0);
    let html = std::fs::read_to_string(project.dir().join("out/dpia/clean.html")).unwrap();
    assert!(html.contains("read over the shoulder"));
    let pdf = pdftotext(&project.dir().join("out/dpia/clean.pdf"));
    assert!(pdf.contains("read over the shoulder"));
}

#[test]
fn the_public_and_other_users_are_recipients_of_their_own_kind() {
    let project = Dpia::clean_project(
        "recipients: []\n",
        "recipients:\n  - {id: users, name: Other members at the kiosk, kind: public, data_categories: [membership]}\n",
    );
    // Neither a processor nor a controller: no contract or sharing
    // agreement is asked for.
    let check = project.run(&["check", "--format", "concise"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(!check.stdout.contains("C00"), "{}", check.stdout);
    assert_eq!(project.run(&["build", "--format", "html"]).code, 0);
    let html = std::fs::read_to_string(project.dir().join("out/dpia/clean.html")).unwrap();
    assert!(html.contains("Other members at the kiosk"));
    assert!(html.contains("Public"), "the recipient's kind is shown");
    let register = std::fs::read_to_string(project.dir().join("out/register.csv")).unwrap();
    assert!(
        register.contains("Other members at the kiosk (public)"),
        "{register}"
    );
}

#[test]
fn prior_consultation_judged_not_required_is_shown_and_cannot_excuse_a_high_risk() {
    let judged = "  prior_consultation_not_required:\n    reason: No residual risk is high after the masking.\n    by: Pat Jones\n    date: 2024-01-25\n";
    let project = Dpia::clean_project(
        "  kept_under_review_by:",
        &format!("{judged}  kept_under_review_by:"),
    );
    assert_eq!(project.run(&["check"]).code, 0);
    assert_eq!(project.run(&["build"]).code, 0);
    let html = std::fs::read_to_string(project.dir().join("out/dpia/clean.html")).unwrap();
    let pdf = pdftotext(&project.dir().join("out/dpia/clean.pdf"));
    for text in [&html, &pdf] {
        assert!(text.contains("Considered and judged not required, by Pat Jones, 25 January 2024"));
        assert!(text.contains("No residual risk is high after the masking."));
        assert!(!text.contains("No prior consultation is recorded."));
    }
    // With a high residual risk, the judgement does not satisfy Art 36(1).
    let high = Dpia::clean_project(
        "    residual: {likelihood: remote, severity: significant}\n",
        "    residual: {likelihood: probable, severity: severe}\n",
    );
    let text = std::fs::read_to_string(high.dir().join("assessments/clean.yaml")).unwrap();
    let high = high.file(
        "assessments/clean.yaml",
        &text.replace(
            "  kept_under_review_by:",
            &format!("{judged}  kept_under_review_by:"),
        ),
    );
    let run = high.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("error[R001]"));
    assert!(
        run.stdout
            .contains("the DPIA judges prior consultation not required, but Art 36(1) requires it")
    );
}

#[test]
fn the_approval_date_and_a_version_date_as_written_reach_the_report() {
    let project = Dpia::clean_project(
        "status: approved\n",
        "status: approved\ndates: {approved: 2024-02-02}\nversion_history:\n  - {version: \"1.0\", date_as_written: 22/06/202, summary: First issue.}\n",
    );
    assert_eq!(project.run(&["check"]).code, 0);
    assert_eq!(project.run(&["build"]).code, 0);
    let html = std::fs::read_to_string(project.dir().join("out/dpia/clean.html")).unwrap();
    let pdf = pdftotext(&project.dir().join("out/dpia/clean.pdf"));
    assert!(
        html.contains(r#"<th scope="row">Approved</th><td>2 February 2024</td>"#),
        "the document control gives the approval date"
    );
    assert!(pdf.contains("Approved: 2 February 2024"), "{pdf}");
    // As written (HTML escapes the slashes as character references).
    assert!(
        html.contains("22&#x2f;06&#x2f;202"),
        "the version date as written"
    );
    assert!(pdf.contains("22/06/202"), "the version date as written");
}

#[test]
fn two_builds_are_byte_identical() {
    let first = build_examples("html,pdf");
    let second = build_examples("html,pdf");
    for id in EXAMPLES {
        for ext in ["html", "pdf"] {
            let name = format!("dpia/{id}.{ext}");
            let a = std::fs::read(first.path().join(&name)).unwrap();
            let b = std::fs::read(second.path().join(&name)).unwrap();
            assert!(a == b, "{name} differs between two builds");
        }
    }
}

/// The hostile strings of tests/fixtures/injection, as they must appear in reports.
const PAYLOADS: [&str; 12] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "{{ 7*7 }}",
    "{% raw %}",
    "#read(\"/etc/passwd\")",
    "#include \"x.typ\"",
    "#image(\"/etc/passwd\")",
    "$x^2$",
    "*bold*",
    "back\\slash",
    "[unbalanced ]]",
    "@ref",
];

#[test]
fn hostile_text_appears_literally_in_html_and_pdf() {
    let out = tempfile::tempdir().unwrap();
    let run = Dpia::at(&root().join("tests/fixtures/injection")).run(&[
        "build",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(out.path().join("dpia/payloads.html")).unwrap();
    // No markup from the author survives as markup.
    for tag in [
        "<script",
        "<img",
        "<iframe",
        "<b>",
        "href=\"javascript:",
        "<!--",
    ] {
        assert!(!html.contains(tag), "HTML contains {tag}");
    }
    // The title, a plain-text field, shows every payload once its entities
    // are decoded (the tags were checked above to be escaped).
    let title = html
        .split("<h1>")
        .nth(1)
        .unwrap()
        .split("</h1>")
        .next()
        .unwrap();
    let decoded = crate::common::unescape(title);
    for payload in PAYLOADS {
        assert!(
            decoded.contains(payload),
            "HTML title lacks {payload}: {title}"
        );
    }
    assert!(!html.contains(">49<"), "{{{{ 7*7 }}}} was not evaluated");

    let flat = pdftotext(&out.path().join("dpia/payloads.pdf"));
    for payload in PAYLOADS {
        let payload = payload.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(&payload), "PDF text lacks {payload}");
    }
    assert!(
        flat.contains("C:\\temp\\path"),
        "backslashes in Markdown stay"
    );
    assert!(
        flat.contains("#eval(\"panic()\")"),
        "a stated rating is text"
    );
    assert!(
        !flat.contains("root:x:0:0"),
        "no file was read into the report"
    );
}

#[test]
fn a_project_template_cannot_read_outside_its_folder() {
    for (name, typst) in [
        ("absolute", "#read(\"/etc/passwd\")"),
        ("escape", "#read(\"../../../../../../../etc/passwd\")"),
        ("image", "#image(\"/etc/passwd\")"),
        ("data", "#read(\"/assessments/payloads.yaml\")"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::create_dir_all(dir.path().join("assessments")).unwrap();
        std::fs::copy(
            root().join("tests/fixtures/injection/dpia.yaml"),
            dir.path().join("dpia.yaml"),
        )
        .unwrap();
        std::fs::copy(
            root().join("tests/fixtures/injection/assessments/payloads.yaml"),
            dir.path().join("assessments/payloads.yaml"),
        )
        .unwrap();
        std::fs::write(dir.path().join("templates/report.typ"), typst).unwrap();
        let run = Dpia::at(dir.path()).run(&["build", "--format", "pdf"]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(
            run.stderr.clone().contains("templates/report.typ, line 1"),
            "{name}: {}",
            run.stderr.clone()
        );
        assert!(
            !dir.path().join("out/dpia/payloads.pdf").exists(),
            "{name}: nothing written"
        );
    }
}

/// Copies the bundled examples' project into a scratch folder.
pub(crate) fn scratch_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_examples_project(dir.path());
    std::fs::create_dir_all(dir.path().join("assessments")).unwrap();
    for id in EXAMPLES {
        let name = format!("assessments/{id}.yaml");
        std::fs::copy(root().join(&name), dir.path().join(&name)).unwrap();
    }
    dir
}

/// The declarations of a CSS rule, by its selector as written.
fn css_rule<'a>(css: &'a str, selector: &str) -> &'a str {
    let start = css
        .find(&format!("\n{selector} {{"))
        .unwrap_or_else(|| panic!("no rule `{selector}`"));
    let body = &css[start + selector.len() + 3..];
    &body[..body.find('}').unwrap()]
}

#[test]
fn html_targets_are_large_long_addresses_wrap_and_figures_take_the_page_font() {
    let long = "https://example.sharepoint.com/sites/InformationGovernance/Shared%20Documents/Forms/AllItems.aspx?id=%2Fsites%2FInformationGovernance%2FDPIA%2Fappendix.pdf";
    let dir = scratch_project();
    let path = dir.path().join("assessments/camden-caution-register.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("\ndocuments:\n"),
        "the example lists documents"
    );
    let text = text.replace(
        "\ndocuments:\n",
        &format!("\ndocuments:\n  - {{kind: policy, title: Appendix, reference: \"{long}\"}}\n"),
    );
    std::fs::write(&path, text).unwrap();
    let run = Dpia::at(dir.path()).run(&[
        "build",
        "--format",
        "html",
        "assessments/camden-caution-register.yaml",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html =
        std::fs::read_to_string(dir.path().join("out/dpia/camden-caution-register.html")).unwrap();
    // The address sits in a table cell, where it may break anywhere.
    assert!(
        html.contains(&format!("<td>{}</td>", long.replace('/', "&#x2f;"))),
        "{long}"
    );
    assert!(css_rule(&html, "td, dd").contains("overflow-wrap: anywhere"));
    // Contents links: WCAG 2.2 target size, 24 CSS pixels.
    assert!(html.contains("<nav class=\"contents\""));
    let target = css_rule(&html, "nav.contents a");
    assert!(target.contains("display: inline-block") && target.contains("min-height: 24px"));
    // The heat maps name typst's font for the PDF; the page's CSS wins in HTML.
    assert!(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(css_rule(&html, "figure svg").contains("font-family: inherit"));
}

#[test]
fn a_broken_assessment_keeps_its_previous_report() {
    let dir = scratch_project();
    let run = Dpia::at(dir.path()).run(&["build", "--format", "html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = dir.path().join("out/dpia/opcc-casework-system.html");
    let before = std::fs::read(&report).unwrap();
    let file = dir.path().join("assessments/opcc-casework-system.yaml");
    let broken = std::fs::read_to_string(&file)
        .unwrap()
        .replace("status: approved", "status: aproved");
    std::fs::write(&file, broken).unwrap();
    let other = dir.path().join("out/dpia/camden-caution-register.html");
    std::fs::remove_file(&other).unwrap();
    let run = Dpia::at(dir.path()).run(&["build", "--format", "html"]);
    assert_eq!(run.code, 2);
    let stderr = run.stderr.clone();
    assert!(
        stderr.contains("error[E104]") && stderr.contains("opcc-casework-system.yaml:"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(&report).unwrap(),
        before,
        "the previous report is kept"
    );
    assert!(other.exists(), "the other reports are still built");
}

/// Writes a portfolio big enough that a build takes a while.
fn big_portfolio(dir: &Path, n: usize) {
    crate::common::write_examples_project(dir);
    std::fs::create_dir_all(dir.join("assessments")).unwrap();
    let source =
        std::fs::read_to_string(root().join("assessments/camden-caution-register.yaml")).unwrap();
    for i in 0..n {
        let text = source.replace("id: camden-caution-register", &format!("id: copy-{i:03}"));
        std::fs::write(dir.join(format!("assessments/copy-{i:03}.yaml")), text).unwrap();
    }
}

fn complete(path: &PathBuf) -> bool {
    let bytes = std::fs::read(path).unwrap();
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => bytes.ends_with(b"</html>\n"),
        Some("pdf") => bytes.starts_with(b"%PDF-") && bytes.trim_ascii_end().ends_with(b"%%EOF"),
        _ => false,
    }
}

#[test]
fn a_build_killed_partway_leaves_only_complete_files() {
    let dir = tempfile::tempdir().unwrap();
    big_portfolio(dir.path(), 24);
    // Kill the build once it has written its first report, then once it
    // has written six: each time it is still running (so the kill lands
    // mid-build, not after it), and every file it left must be whole.
    let reports = dir.path().join("out/dpia");
    let mut checked = 0;
    for written in [1, 6] {
        let _ = std::fs::remove_dir_all(dir.path().join("out"));
        let mut child = Dpia::at(dir.path())
            .command(&["build"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_mins(2);
        while std::fs::read_dir(&reports).map_or(0, Iterator::count) < written {
            assert!(
                std::time::Instant::now() < deadline,
                "no report written in time"
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build of 24 reports ended before it was killed"
        );
        child.kill().unwrap();
        let _ = child.wait();
        for entry in std::fs::read_dir(&reports).unwrap() {
            let path = entry.unwrap().path();
            assert!(
                complete(&path),
                "{} is incomplete after a kill once {written} were written",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 7, "only {checked} files were checked");
    // Nothing was staged beside out/ (its parent may not be writable).
    let beside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
    // A full build afterwards still succeeds and clears what the killed
    // ones left inside out/.
    let run = Dpia::at(dir.path()).run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!dir.path().join("out/.staging").exists());
    for entry in walk(&dir.path().join("out")) {
        assert!(
            !entry.to_string_lossy().ends_with(".partial"),
            "{}",
            entry.display()
        );
    }
}

/// Every file under a folder.
pub(crate) fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn two_builds_into_one_folder_take_turns() {
    let dir = tempfile::tempdir().unwrap();
    big_portfolio(dir.path(), 12);
    let start = || {
        Dpia::at(dir.path())
            .command(&["build", "--format", "pdf"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (first, second) = (start(), start());
    let first = first.wait_with_output().unwrap();
    let second = second.wait_with_output().unwrap();
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    assert_eq!(second.status.code(), Some(0), "{}", text(&second.stderr));
    let said = text(&first.stderr) + &text(&second.stderr);
    assert!(
        said.contains(
            "waiting for another dpia build to finish with out (it holds out/.dpia.lock)"
        ),
        "{said}"
    );
    let reports: Vec<PathBuf> = walk(&dir.path().join("out/dpia"));
    assert_eq!(reports.len(), 12, "{reports:?}");
    assert!(reports.iter().all(complete));
    for name in [
        "register.csv",
        "register.xlsx",
        "register.pdf",
        "index.html",
    ] {
        assert!(dir.path().join("out").join(name).is_file(), "{name}");
    }
}

#[cfg(unix)]
#[test]
fn an_output_folder_linked_out_of_the_project_is_not_written() {
    let dir = scratch_project();
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("out")).unwrap();
    let run = Dpia::at(dir.path()).run(&["build", "--format", "html"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .clone()
            .contains("`out` leads outside the project root"),
        "{}",
        run.stderr.clone()
    );
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

#[test]
fn html_is_self_contained() {
    let out = build_examples("html");
    for id in EXAMPLES {
        let html = std::fs::read_to_string(out.path().join(format!("dpia/{id}.html"))).unwrap();
        for external in [
            "<link",
            "<script",
            "src=\"http",
            "url(http",
            "@import",
            "<img",
        ] {
            assert!(!html.contains(external), "{id}: {external}");
        }
        assert!(html.contains("<style>") && html.contains("@media print"));
        assert!(
            html.contains("<th scope=\"col\">"),
            "{id}: real table headers"
        );
    }
}

#[test]
fn a_project_overrides_a_template_by_name() {
    let dir = scratch_project();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/report.css"),
        "body { background: #fafafa; } /* house style */\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("templates/report.typ"),
        "#let data = json(\"/data.json\")\n= #data.assessment.title\nHouse template.\n",
    )
    .unwrap();
    let run = Dpia::at(dir.path()).run(&["build", "assessments/opcc-casework-system.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html =
        std::fs::read_to_string(dir.path().join("out/dpia/opcc-casework-system.html")).unwrap();
    assert!(html.contains("/* house style */"), "report.css replaced");
    assert!(
        html.contains("Step 7: Sign-off and outcomes"),
        "report.html is still the default"
    );
    let pdf = pdftotext(&dir.path().join("out/dpia/opcc-casework-system.pdf"));
    assert_eq!(pdf, "OPCC Casework System House template.");
}

#[test]
fn pdf_a_and_untagged_options() {
    let dir = scratch_project();
    let run = Dpia::at(dir.path()).run(&[
        "build",
        "--format",
        "pdf",
        "--pdf-a",
        "assessments/opcc-casework-system.yaml",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = std::fs::read(dir.path().join("out/dpia/opcc-casework-system.pdf")).unwrap();
    let pdf = String::from_utf8_lossy(&pdf);
    assert!(
        pdf.contains("<pdfaid:part>2</pdfaid:part>")
            && pdf.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "PDF/A-2b metadata"
    );
    let info = |path: &Path| text(&Command::new("pdfinfo").arg(path).output().unwrap().stdout);
    assert!(
        info(&dir.path().join("out/dpia/opcc-casework-system.pdf"))
            .contains("Tagged:          yes")
    );
    let run = Dpia::at(dir.path()).run(&[
        "build",
        "--format",
        "pdf",
        "--pdf-untagged",
        "assessments/opcc-casework-system.yaml",
    ]);
    assert_eq!(run.code, 0);
    assert!(
        info(&dir.path().join("out/dpia/opcc-casework-system.pdf")).contains("Tagged:          no")
    );
}

/// How many pages of a PDF draw the page mark (DRAFT, APPROVAL VOID): the
/// pages whose resources hold the mark's translucency (`/ca 0.11`, which
/// nothing else uses), read from qpdf's uncompressed form.
fn pages_with_the_mark(pdf: &Path) -> usize {
    let qdf = pdf.with_extension("qdf.pdf");
    let out = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(pdf)
        .arg(&qdf)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let bytes = std::fs::read(&qdf).unwrap();
    std::fs::remove_file(&qdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let Some(at) = text.find("/ca 0.11\n") else {
        return 0;
    };
    let object = text[..at]
        .rsplit('\n')
        .find_map(|line| line.strip_suffix(" 0 obj"))
        .unwrap();
    text.matches(&format!(" {object} 0 R\n")).count()
}

/// The standards a PDF's XMP metadata claims, as `a-2b`, `ua-1`.
fn claimed(pdf: &Path) -> Vec<String> {
    let meta = text(
        &Command::new("pdfinfo")
            .arg("-meta")
            .arg(pdf)
            .output()
            .unwrap()
            .stdout,
    );
    let value = |tag: &str| {
        meta.split(&format!("<{tag}>"))
            .nth(1)
            .and_then(|rest| rest.split('<').next())
            .map(str::to_lowercase)
    };
    let mut out = Vec::new();
    if let (Some(part), Some(level)) = (value("pdfaid:part"), value("pdfaid:conformance")) {
        out.push(format!("a-{part}{level}"));
    }
    if let Some(part) = value("pdfuaid:part") {
        out.push(format!("ua-{part}"));
    }
    out
}

/// qpdf's structural check of a PDF (a validator from Debian's packages;
/// veraPDF, which checks PDF/A and PDF/UA conformance, is on none of the
/// registries this project can reach).
fn qpdf_check(pdf: &Path) {
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(pdf)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stdout));
}

#[test]
fn pdf_standards_are_claimed_as_asked_and_conflicts_are_usage_errors() {
    let dir = scratch_project();
    let report = dir.path().join("out/dpia/opcc-casework-system.pdf");
    let build = |standards: &[&str]| {
        let mut args = vec!["build", "--format", "pdf"];
        args.extend_from_slice(standards);
        args.push("assessments/opcc-casework-system.yaml");
        Dpia::at(dir.path()).run(&args)
    };
    // By default a tagged PDF claiming no standard.
    assert_eq!(build(&[]).code, 0);
    assert_eq!(claimed(&report), Vec::<String>::new());
    qpdf_check(&report);
    for (asked, claims) in [
        ("ua-1", vec!["ua-1"]),
        ("a-2a,ua-1", vec!["a-2a", "ua-1"]),
        ("a-2u", vec!["a-2u"]),
        ("a-3b", vec!["a-3b"]),
    ] {
        let run = build(&["--pdf-standard", asked]);
        assert_eq!(run.code, 0, "{asked}: {}", run.stderr);
        assert_eq!(claimed(&report), claims, "{asked}");
        qpdf_check(&report);
    }
    // The register too.
    let run = Dpia::at(dir.path()).run(&["ropa", "--format", "pdf", "--pdf-standard", "a-3a,ua-1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let register = dir.path().join("out/register.pdf");
    assert_eq!(claimed(&register), ["a-3a", "ua-1"]);
    qpdf_check(&register);
    // Settings that cannot go together stop the run before it writes.
    let fresh = scratch_project();
    for (args, message) in [
        (
            vec!["--pdf-a", "--pdf-standard", "a-3b"],
            "error: a PDF conforms to one PDF/A level, not both PDF/A-2b and PDF/A-3b",
        ),
        (
            vec!["--pdf-standard", "ua-1", "--pdf-untagged"],
            "error: PDF/UA-1 needs a tagged PDF: leave out --pdf-untagged",
        ),
        (
            vec!["--pdf-standard", "a-2a", "--pdf-untagged"],
            "error: PDF/A-2a needs a tagged PDF: leave out --pdf-untagged",
        ),
    ] {
        for command in ["build", "ropa"] {
            let mut all = vec![command];
            all.extend_from_slice(&args);
            let run = Dpia::at(fresh.path()).run(&all);
            assert_eq!(run.code, 2, "{args:?}");
            assert_eq!(run.stderr.trim(), message);
            assert!(!fresh.path().join("out").exists(), "{args:?}");
        }
    }
}

#[test]
fn pdf_a_dates_a_report_without_dates_on_the_day_of_the_run() {
    // No `dates:` and no dated version: the report carries no date, and
    // PDF/A must have one.
    let project = Dpia::temp().file(
        "assessments/clean.yaml",
        &std::fs::read_to_string(root().join("tests/fixtures/cli/clean.yaml")).unwrap(),
    );
    let run = project.run(&["build", "--format", "pdf", "--pdf-a"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // pdfinfo shows dates in the local time zone; CI runs the suite at UTC+14.
    let pdf_path = project.dir().join("out/dpia/clean.pdf");
    let info = || {
        text(
            &Command::new("pdfinfo")
                .env("TZ", "UTC")
                .arg(&pdf_path)
                .output()
                .unwrap()
                .stdout,
        )
    };
    let dated = info();
    // DPIA_TODAY, the day the tests run on, at midnight UTC.
    assert!(dated.contains("Nov 30 00:00:00 2026"), "{dated}");
    let pdf = std::fs::read(&pdf_path).unwrap();
    assert!(String::from_utf8_lossy(&pdf).contains("<pdfaid:part>2</pdfaid:part>"));
    // Without --pdf-a the PDF carries no date at all (it is reproducible).
    let run = project.run(&["build", "--format", "pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let info = info();
    assert!(!info.contains("CreationDate"), "{info}");
}

#[test]
fn the_findings_annex_lists_suppressed_findings_with_their_reason() {
    let out = tempfile::tempdir().unwrap();
    let run = Dpia::at(root()).run(&[
        "--project",
        "tests/fixtures/settings/dpia.yaml",
        "build",
        "tests/fixtures/settings/assessments",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(out.path().join("dpia/newsletter.html")).unwrap();
    let annex = &html[html.find("id=\"annex-findings\"").unwrap()..];
    assert!(annex.contains("<h3>Suppressed findings</h3>"));
    assert!(annex.contains("<code>C001</code>"));
    assert!(annex.contains("<td><p>The provider's standard terms are accepted online"));
    let pdf = pdftotext(&out.path().join("dpia/newsletter.pdf"));
    assert!(pdf.contains("Suppressed findings"));
    assert!(pdf.contains("procurement is recording the reference"));
}

#[test]
fn reports_and_the_dashboard_say_when_the_project_loosens_the_checks() {
    let dir = scratch_project();
    let project = dir.path().join("dpia.yaml");
    let mut settings = std::fs::read_to_string(&project).unwrap();
    settings.push_str("rules:\n  R004: warning\n  L001: off\n");
    std::fs::write(&project, settings).unwrap();
    let run = Dpia::at(dir.path()).run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let said = "The project file loosens the checks: R004 warning, L001 off.";
    let html =
        std::fs::read_to_string(dir.path().join("out/dpia/opcc-casework-system.html")).unwrap();
    assert!(html.contains(said), "the report's cover says so");
    let pdf = pdftotext(&dir.path().join("out/dpia/opcc-casework-system.pdf"));
    assert!(pdf.contains(said), "the PDF says so: {pdf}");
    let dashboard = std::fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    assert!(dashboard.contains(said), "the dashboard says so");
    let run = Dpia::at(dir.path()).run(&["build", "--strict", "--format", "html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html =
        std::fs::read_to_string(dir.path().join("out/dpia/opcc-casework-system.html")).unwrap();
    assert!(html.contains("this report was built with <code>--strict</code>, which ignores that"));
    assert!(
        html.contains("L001"),
        "under --strict the L001 finding is back"
    );
}

/// Texts nested exactly as deep as a file may nest Markdown: quotes, lists,
/// numbered lists, emphasis and a mix, each with the word "deepest" inside.
fn deepest_texts() -> Vec<(&'static str, String)> {
    use dpia::text::MAX_MARKDOWN_DEPTH as MAX;
    let lists = |ordered: bool| {
        (0..MAX / 2)
            .map(|i| {
                let marker = if ordered { "1. " } else { "- " };
                let last = if i + 1 == MAX / 2 { "deepest" } else { "level" };
                format!("{}{marker}{last}", "   ".repeat(i))
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    // `*w0 _w1 *w2 ... deepest ... v2* v1_ v0*`: each level's delimiters
    // flank a word, so CommonMark nests them.
    let marks: Vec<char> = (0..MAX - 1)
        .map(|i| if i % 2 == 0 { '*' } else { '_' })
        .collect();
    let (mut opening, mut closing) = (String::new(), String::new());
    for (i, m) in marks.iter().enumerate() {
        opening.push_str(&format!("{m}w{i} "));
        closing.insert_str(0, &format!(" v{i}{m}"));
    }
    let cases = vec![
        ("quotes", format!("{}deepest", "> ".repeat(MAX - 1))),
        ("lists", lists(false)),
        ("numbered", lists(true)),
        ("emphasis", format!("{opening}deepest{closing}")),
        (
            "mixed",
            format!(
                "{}deepest **bold [link](https://example.org)**",
                "> - ".repeat((MAX - 3) / 3)
            ),
        ),
    ];
    for (name, text) in &cases {
        let depth = dpia::text::markdown_depth(text);
        assert!(
            depth == MAX || (*name == "mixed" && depth >= MAX - 2),
            "{name}: depth {depth}"
        );
    }
    cases
}

/// A project whose clean assessment's `description.nature` is `text`.
fn nature_project(text: &str) -> Dpia {
    Dpia::clean_project(
        "  nature: Members borrow and return books at self-service kiosks.",
        &format!("  nature: {}", serde_json::to_string(text).unwrap()),
    )
}

#[test]
fn the_deepest_markdown_a_file_may_hold_renders_in_html_and_pdf() {
    for (name, nature) in deepest_texts() {
        let dir = nature_project(&nature);
        let run = dir.run(&["build"]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let html = std::fs::read_to_string(dir.dir().join("out/dpia/clean.html")).unwrap();
        assert!(html.contains("deepest"), "{name}");
        let pdf = pdftotext(&dir.dir().join("out/dpia/clean.pdf"));
        assert!(pdf.contains("deepest"), "{name}: {pdf}");
    }
}

#[test]
fn deeper_markdown_and_stacked_marks_are_refused_by_check_and_build_alike() {
    let max = dpia::text::MAX_MARKDOWN_DEPTH;
    let too_deep = [
        format!("{}deeper", "> ".repeat(max)),
        format!("{}x", ">".repeat(30_000)),
        format!("{}x", "- ".repeat(10_000)),
        format!("a{}", "\u{301}".repeat(dpia::text::MAX_CLUSTER)),
        format!("a{}", "\u{301}".repeat(200_000)),
    ];
    for (i, nature) in too_deep.iter().enumerate() {
        let dir = nature_project(nature);
        let code = if i < 3 { "E019" } else { "E020" };
        for command in ["check", "build"] {
            let run = dir.run(&[
                command,
                "--format",
                if command == "check" {
                    "concise"
                } else {
                    "html,pdf"
                },
            ]);
            let out = run.all();
            assert_eq!(run.code, 2, "{i} {command}: {out}");
            let located = if command == "check" {
                format!("assessments/clean.yaml:7:11: error[{code}]")
            } else {
                "--> assessments/clean.yaml:7:11".to_owned()
            };
            assert!(
                out.contains(&located) && out.contains(&format!("error[{code}]")),
                "{i} {command}: {out}"
            );
        }
        assert!(!dir.dir().join("out/dpia/clean.pdf").exists());
    }
    // As many marks as are allowed render.
    let dir = nature_project(&format!(
        "a{} ok",
        "\u{301}".repeat(dpia::text::MAX_CLUSTER - 1)
    ));
    let run = dir.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// The CLI fixtures' project with a second organisation, `hse`.
const TWO_ORGANISATIONS: &str = "name: Joint\njurisdiction: uk\norganisations:\n  - id: council\n    name: Example Council\n    public_authority: true\n    email: info@example.gov.uk\n    dpo: {name: Pat Jones, role: Data Protection Officer, email: dpo@example.gov.uk}\n  - id: hse\n    name: Health Service Executive\n    public_authority: true\n    address: Dr Steevens' Hospital, Dublin 8\n    dpo: {name: Jim Walsh, role: Data Protection Officer, email: dpo@hse.example}\n";

#[test]
fn joint_controllers_and_their_arrangement_reach_the_reports_and_the_register() {
    let joint = "controller: council\njoint_controllers:\n  - hse\n  - name: Department of Health\n    email: info@health.example\n    dpo: {name: Muiris O'Connor, role: DPO}\njoint_arrangement:\n  reference: Joint controller agreement JCA-7\n  status: in-force\n  date: 2020-07-01\n  note: The council answers requests from data subjects.\nrecipients:\n  - {id: hse-app, name: HSE app team, kind: joint-controller, data_categories: [membership]}\n";
    let project =
        Dpia::clean_project("recipients: []\n", joint).file("dpia.yaml", TWO_ORGANISATIONS);
    let check = project.run(&["check", "--format", "concise"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    // The arrangement covers the recipient that is a joint controller.
    assert!(!check.stdout.contains("C00"), "{}", check.stdout);
    assert_eq!(project.run(&["build"]).code, 0);
    let html = std::fs::read_to_string(project.dir().join("out/dpia/clean.html")).unwrap();
    let pdf = pdftotext(&project.dir().join("out/dpia/clean.pdf"));
    for text in [&html, &pdf] {
        assert!(text.contains("Joint controllers (Art 26)"));
        assert!(text.contains("Health Service Executive, Department of Health"));
        assert!(text.contains("Dr Steevens"));
        assert!(text.contains("Jim Walsh, Data Protection Officer, dpo@hse.example"));
        assert!(text.contains("Muiris O"));
        assert!(text.contains("Joint controller agreement JCA-7 (in force), 1 July 2020"));
        assert!(text.contains("The council answers requests from data subjects."));
    }
    let register = std::fs::read_to_string(project.dir().join("out/register.csv")).unwrap();
    for item in [
        "Health Service Executive: Dr Steevens' Hospital, Dublin 8; DPO: Jim Walsh, Data Protection Officer, dpo@hse.example",
        "Department of Health: info@health.example; DPO: Muiris O'Connor, DPO",
        "Arrangement (Art 26): Joint controller agreement JCA-7 (in force), 1 July 2020 (The council answers requests from data subjects.)",
    ] {
        assert!(register.contains(item), "{item}\n{register}");
    }
    // Without the arrangement, C005; an ended one is no arrangement.
    let text = std::fs::read_to_string(project.dir().join("assessments/clean.yaml")).unwrap();
    let ended = project.file(
        "assessments/clean.yaml",
        &text.replace("status: in-force\n", "status: ended\n"),
    );
    let check = ended.run(&["check", "--format", "concise"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check.stdout.contains(
            "error[C005] `clean` has joint controllers (Health Service Executive and Department of Health) and the arrangement between them has ended"
        ),
        "{}",
        check.stdout
    );
}

#[test]
fn a_joint_controller_must_be_an_organisation_other_than_the_controller() {
    let unknown = Dpia::clean_project(
        "recipients: []\n",
        "controller: council\njoint_controllers: [hes]\nrecipients: []\n",
    )
    .file("dpia.yaml", TWO_ORGANISATIONS);
    let run = unknown.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("error[E209]: no organisation in the project file has the id `hes`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("the organisations are: `council`, `hse`"),
        "{}",
        run.stdout
    );
    let itself = Dpia::clean_project(
        "recipients: []\n",
        "controller: council\njoint_controllers: [council]\nrecipients: []\n",
    )
    .file("dpia.yaml", TWO_ORGANISATIONS);
    let run = itself.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "error[E209]: `council` is the controller of this assessment and also listed as a joint controller"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn several_people_sign_one_row_and_each_dpo_gives_advice() {
    let signed = "  measures_approved_by:\n    - {name: Muiris O'Connor, organisation: DoH, date: 2024-02-01, notes: Signed for the department.}\n    - {name: Fran Thompson, organisation: HSE, date: 2024-02-02, notes: Signed for the executive.}\n  residual_risks_approved_by: {name: Sam Lee, role: Head of Libraries, date: 2024-02-01}\n  dpo_advice:\n    - provided_by: {name: Pat Jones, role: Data Protection Officer, date: 2024-01-25}\n      summary: The residual risk is low; processing can proceed.\n    - provided_by: {name: Jim Walsh, role: DPO, organisation: HSE}\n      summary: The executive's DPO agrees.\n";
    let project = Dpia::clean_project(
        "  measures_approved_by: {name: Sam Lee, role: Head of Libraries, date: 2024-02-01}\n  residual_risks_approved_by: {name: Sam Lee, role: Head of Libraries, date: 2024-02-01}\n  dpo_advice:\n    provided_by: {name: Pat Jones, role: Data Protection Officer, date: 2024-01-25}\n    summary: The residual risk is low; processing can proceed.\n",
        signed,
    );
    let check = project.run(&["check", "--format", "concise"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert_eq!(project.run(&["build"]).code, 0);
    let html = std::fs::read_to_string(project.dir().join("out/dpia/clean.html")).unwrap();
    let html = crate::common::html_text(&html);
    let pdf = pdftotext(&project.dir().join("out/dpia/clean.pdf"));
    for shown in [
        "Muiris O'Connor, DoH, 1 February 2024; Fran Thompson, HSE, 2 February 2024",
        "Muiris O'Connor: Signed for the department. Fran Thompson: Signed for the executive.",
        "Pat Jones, Data Protection Officer, 25 January 2024; Jim Walsh, DPO, HSE",
        "Pat Jones: The residual risk is low; processing can proceed. Jim Walsh: The executive's DPO agrees.",
    ] {
        assert!(html.contains(shown), "{shown}\n{html}");
    }
    // The PDF's table cells come out of pdftotext in their own order.
    for shown in [
        "Muiris O'Connor, DoH, 1 February 2024; Fran Thompson, HSE, 2 February 2024",
        "Muiris O'Connor: Signed for the department.",
        "Fran Thompson: Signed for the executive.",
        "Pat Jones, Data Protection Officer, 25 January 2024; Jim Walsh, DPO, HSE",
        "Pat Jones: The residual risk is low; processing can proceed.",
        "Jim Walsh:",
        "The executive's DPO agrees.",
    ] {
        assert!(pdf.contains(shown), "{shown}\n{pdf}");
    }
    // An advice of the list without its summary is incomplete (G001).
    let text = std::fs::read_to_string(project.dir().join("assessments/clean.yaml")).unwrap();
    let partial = project.file(
        "assessments/clean.yaml",
        &text.replace("      summary: The executive's DPO agrees.\n", ""),
    );
    let check = partial.run(&["check", "--format", "concise"]);
    assert!(
        check
            .stdout
            .contains("error[G001] assessment `clean` is approved but its sign-off lacks `dpo_advice[1].summary`"),
        "{}",
        check.stdout
    );
    // A signatory of a list is checked where it is written.
    let unnamed = partial.file(
        "assessments/clean.yaml",
        &text.replace("    - {name: Fran Thompson, ", "    - {"),
    );
    let run = unnamed.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("error[E102]: missing required key `name` in sign-off entry"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("assessments/clean.yaml:40:8"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.matches("error[").count(), 1, "{}", run.stdout);
}

#[test]
fn a_dpo_among_those_who_approve_the_residual_risks_is_flagged() {
    let project = Dpia::clean_project(
        "  residual_risks_approved_by: {name: Sam Lee, role: Head of Libraries, date: 2024-02-01}\n",
        "  residual_risks_approved_by:\n    - {name: Sam Lee, role: Head of Libraries, date: 2024-02-01}\n    - {name: Pat Jones, role: Data Protection Officer}\n",
    );
    let run = project.run(&["check", "--format", "concise"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "assessments/clean.yaml:41:14: warning[G005] the residual risks of `clean` are approved by Pat Jones"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.matches("G005").count(), 1, "{}", run.stdout);
    // A joint controller's DPO is a DPO too.
    let joint = Dpia::clean_project(
        "  residual_risks_approved_by: {name: Sam Lee, role: Head of Libraries, date: 2024-02-01}\n",
        "  residual_risks_approved_by: [{name: Sam Lee}, {name: Jim  walsh}]\n",
    )
    .file("dpia.yaml", TWO_ORGANISATIONS);
    let text = std::fs::read_to_string(joint.dir().join("assessments/clean.yaml")).unwrap();
    let joint = joint.file(
        "assessments/clean.yaml",
        &text.replace(
            "recipients: []\n",
            "controller: council\njoint_controllers: [hse]\njoint_arrangement: {reference: JCA-7}\nrecipients: []\n",
        ),
    );
    let run = joint.run(&["check", "--format", "concise"]);
    assert!(
        run.stdout
            .contains("warning[G005] the residual risks of `clean` are approved by Jim  walsh"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_legal_act_binds_a_processor_as_a_contract_does() {
    let gateway = "recipients:\n  - id: gateway\n    name: European Commission (federation gateway)\n    kind: processor\n    data_categories: [membership]\n    agreements:\n      - {kind: legal-act, reference: Commission Implementing Decision (EU) 2020/1023, status: in-force}\n    compliance_checks: [{date: 2026-06-01}]\n";
    let project = Dpia::clean_project("recipients: []\n", gateway);
    let check = project.run(&["check", "--format", "concise"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(!check.stdout.contains("C001"), "{}", check.stdout);
    assert_eq!(project.run(&["build"]).code, 0);
    let line =
        "Other legal act (Art 28(3)): Commission Implementing Decision (EU) 2020/1023 (in force)";
    let html = crate::common::html_text(
        &std::fs::read_to_string(project.dir().join("out/dpia/clean.html")).unwrap(),
    );
    let pdf = pdftotext(&project.dir().join("out/dpia/clean.pdf"));
    assert!(html.contains(line), "{html}");
    assert!(pdf.contains(line), "{pdf}");
    let register = std::fs::read_to_string(project.dir().join("out/register.csv")).unwrap();
    assert!(
        register.contains(&format!("European Commission (federation gateway): {line}")),
        "{register}"
    );
    // Ended, it binds no more.
    let text = std::fs::read_to_string(project.dir().join("assessments/clean.yaml")).unwrap();
    let ended = project.file(
        "assessments/clean.yaml",
        &text.replace("status: in-force}", "status: ended}"),
    );
    let check = ended.run(&["check", "--format", "concise"]);
    assert!(
        check
            .stdout
            .contains("error[C001] processor `gateway` has no contract or other legal act recorded (Art 28(3))"),
        "{}",
        check.stdout
    );
}

/// A frame of the PDF workers' protocol: the length, then the bytes.
fn frame(bytes: &[u8]) -> Vec<u8> {
    let mut framed = (bytes.len() as u64).to_le_bytes().to_vec();
    framed.extend_from_slice(bytes);
    framed
}

/// Reads one frame of the PDF workers' protocol.
fn read_frame(from: &mut impl std::io::Read) -> Vec<u8> {
    let mut length = [0u8; 8];
    from.read_exact(&mut length).unwrap();
    let mut bytes = vec![0; usize::try_from(u64::from_le_bytes(length)).unwrap()];
    from.read_exact(&mut bytes).unwrap();
    bytes
}

#[test]
fn a_pdf_worker_compiles_what_it_is_sent_and_ends_with_its_input() {
    use std::io::{Read, Write};
    let mut worker = Command::new(env!("CARGO_BIN_EXE_dpia"))
        .arg("internal-pdf-worker")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = worker.stdin.take().unwrap();
    let mut output = worker.stdout.take().unwrap();
    let greeting = text(&read_frame(&mut output));
    assert!(
        greeting.starts_with(&format!("dpia {} ", env!("CARGO_PKG_VERSION"))),
        "{greeting}"
    );
    let job = |template: &str| {
        let request = serde_json::json!({
            "name": "report.typ",
            "template": template,
            "ident": "a-report",
            "creator": "dpia",
            "day": "2024-02-01",
            "templates": null,
            "settings": {"archival": null, "universal": false, "untagged": false},
        });
        let mut bytes = frame(request.to_string().as_bytes());
        bytes.extend(frame(br#"{"title": "From the data"}"#));
        bytes
    };
    let mut reply = |input: &mut std::process::ChildStdin| {
        input.flush().unwrap();
        let mut status = [0u8];
        output.read_exact(&mut status).unwrap();
        (status[0], read_frame(&mut output))
    };
    input
        .write_all(&job(
            r#"#json("/data.json").title, on #datetime.today().display()"#,
        ))
        .unwrap();
    let (status, pdf) = reply(&mut input);
    assert_eq!(status, 0, "{}", text(&pdf));
    assert!(pdf.starts_with(b"%PDF"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let words = pdftotext(&path);
    assert!(words.contains("From the data, on 2024-02-01"), "{words}");
    // typst's error comes back located in the template, and the worker
    // takes the next job.
    input.write_all(&job("first line\n#let x = (")).unwrap();
    let (status, message) = reply(&mut input);
    assert_eq!(status, 1);
    assert!(
        text(&message).starts_with("templates/report.typ, line 2: "),
        "{}",
        text(&message)
    );
    input.write_all(&job("Again.")).unwrap();
    assert_eq!(reply(&mut input).0, 0);
    drop(input);
    assert!(worker.wait().unwrap().success());
}
