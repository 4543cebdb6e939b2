//! The language and the law of the reports: `language:` in the project
//! file or an assessment picks the catalogue of every fixed word (HTML
//! `lang`, PDF language), the jurisdiction words the law, the home of the
//! data and the transfers, and the project names its supervisory
//! authority. A project adds to or overrides the catalogues, and each
//! mistake in its catalogue is located. The expected words are read from
//! the catalogues themselves, so the tests hold the frame to the data.

use crate::common::{Dpia, pdftotext};

/// The text of a key in the catalogue the project below adds (the
/// reference catalogue with every text marked, see [`pseudo_catalogue`]).
fn word(_language: &str, key: &str) -> String {
    let english = dpia::i18n::Catalogues::default().reference();
    format!(
        "⟦{}⟧",
        english
            .get(key)
            .unwrap_or_else(|| panic!("en-GB has no {key}"))
    )
}

/// The bundled CLI fixture project under EU law, in Dutch, with the Dutch
/// authority named, and an assessment with a recipient in Great Britain.
fn dutch_project() -> Dpia {
    Dpia::clean_project(
        "recipients: []",
        "recipients:\n  - {id: host, name: UK Hosting Ltd, kind: processor, country: GB, data_categories: [membership], agreements: [{kind: data-processing-agreement, reference: DPA-7}]}",
    )
    .file("templates/i18n/nl.yaml", &pseudo_catalogue())
    .file(
        "dpia.yaml",
        "name: Bibliotheken\njurisdiction: eu\nlanguage: nl\nsupervisory_authority: {name: Autoriteit Persoonsgegevens, short_name: AP}\norganisations:\n  - id: council\n    name: Gemeente Voorbeeld\n    public_authority: true\n    email: info@example.nl\n    dpo: {name: Pat Jones, role: FG, email: fg@example.nl}\n",
    )
}

#[test]
fn reports_register_and_dashboard_speak_the_project_language_and_law() {
    let project = dutch_project();
    let run = project.run(&["build"]);
    assert!(run.code <= 1, "{}", run.stderr);
    let out = project.dir().join("out");
    let html = std::fs::read_to_string(out.join("dpia/clean.html")).unwrap();
    let pdf = pdftotext(&out.join("dpia/clean.pdf"));
    assert!(html.contains(r#"<html lang="nl">"#));
    let authority = word("nl", "authority.named").replace("{authority}", "AP");
    let consultation =
        word("nl", "report.step7.prior_consultation").replace("{authority}", &authority);
    for text in [&html, &pdf] {
        assert!(text.contains(&word("nl", "report.step5.heading")));
        assert!(text.contains(&word("nl", "report.step7.heading")));
        assert!(text.contains(&word("nl", "jurisdiction.eu.law")));
        // A recipient in Great Britain is outside the EEA under EU law.
        assert!(text.contains(&word("nl", "jurisdiction.eu.outside")));
        assert_eq!(
            text.matches("Step 5").count(),
            text.matches("⟦Step 5").count(),
            "a heading is not from the catalogue"
        );
    }
    assert!(html.contains(&consultation), "{consultation}");
    // typst writes the document's language into the PDF catalogue.
    let bytes = std::fs::read(out.join("dpia/clean.pdf")).unwrap();
    assert!(
        bytes.windows(9).any(|w| w == b"/Lang(nl)"),
        "the PDF does not say it is Dutch"
    );
    let register = std::fs::read_to_string(out.join("register.html")).unwrap();
    assert!(register.contains(r#"<html lang="nl">"#));
    assert!(register.contains(&word("nl", "register.column.article_6")));
    // Under EU law the register is kept under the GDPR, without UK-only
    // columns.
    assert!(register.contains(&format!("({}", word("nl", "jurisdiction.eu.regulation"))));
    assert!(!register.contains(&word("nl", "register.column.schedule_1")));
    let dashboard = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(dashboard.contains(r#"<html lang="nl">"#));
    assert!(dashboard.contains(&word("nl", "dashboard.activities")));
}

#[test]
fn an_assessment_may_be_in_its_own_language() {
    let project = dutch_project();
    let file = project.dir().join("assessments/clean.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("status: approved", "status: approved\nlanguage: en-US"),
    )
    .unwrap();
    let run = project.run(&["build", "--format", "html"]);
    assert!(run.code <= 1, "{}", run.stderr);
    let html = std::fs::read_to_string(project.dir().join("out/dpia/clean.html")).unwrap();
    assert!(html.contains(r#"<html lang="en-US">"#));
    assert!(html.contains("Step 5: Risks") && !html.contains("⟦Step 5"));
}

#[test]
fn a_project_adds_to_and_overrides_the_catalogues() {
    let project = Dpia::clean_project("status: approved", "status: approved").file(
        "templates/i18n/en-GB.yaml",
        "report:\n  kind: Data protection impact assessment of the council\n",
    );
    let run = project.run(&["build", "--format", "html"]);
    assert!(run.code <= 1, "{}", run.stderr);
    let html = std::fs::read_to_string(project.dir().join("out/dpia/clean.html")).unwrap();
    assert!(html.contains("Data protection impact assessment of the council"));
    // The rest of the shipped catalogue still applies.
    assert!(html.contains("Step 5: Risks"));
}

#[test]
fn mistakes_in_a_project_catalogue_are_located_and_stop_the_build() {
    for (file, text, code, at) in [
        (
            "templates/i18n/nl.yaml",
            "report:\n  kindd: x\n",
            "E231",
            "templates/i18n/nl.yaml:2:3",
        ),
        (
            "templates/i18n/nl.yaml",
            "report:\n  title: Zonder titel\n",
            "E232",
            "templates/i18n/nl.yaml:2:3",
        ),
        (
            "templates/i18n/nl.yaml",
            "report:\n  kind: [a, b]\n",
            "E230",
            "templates/i18n/nl.yaml:2:9",
        ),
        (
            "templates/i18n/es.yaml",
            "report:\n  kind: Evaluación\n",
            "E233",
            "templates/i18n/es.yaml",
        ),
        (
            "templates/i18n/not a tag.yaml",
            "report:\n  kind: x\n",
            "E234",
            "templates/i18n/not a tag.yaml",
        ),
    ] {
        let project = dutch_project().file(file, text);
        let run = project.run(&["check"]);
        assert_eq!(run.code, 2, "{file}: {}", run.stdout);
        let all = format!("{}{}", run.stdout, run.stderr);
        assert!(all.contains(code), "{code} missing: {all}");
        assert!(all.contains(at), "{code} not located at {at}: {all}");
        let build = project.run(&["build", "--format", "html"]);
        assert_eq!(build.code, 2);
        assert!(!project.dir().join("out/dpia/clean.html").exists());
    }
}

#[test]
fn a_language_without_a_catalogue_is_an_error_at_its_key() {
    let project = dutch_project();
    let dpia = project.dir().join("dpia.yaml");
    let text = std::fs::read_to_string(&dpia).unwrap();
    std::fs::write(&dpia, text.replace("language: nl", "language: es")).unwrap();
    let run = project.run(&["check"]);
    assert_eq!(run.code, 2);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(
        all.contains("E234") && all.contains("dpia.yaml:3:11"),
        "{all}"
    );
    let file = project.dir().join("assessments/clean.yaml");
    std::fs::write(&dpia, &text).unwrap();
    let a = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        a.replace("status: approved", "status: approved\nlanguage: sv"),
    )
    .unwrap();
    let run = project.run(&["check"]);
    assert_eq!(run.code, 2);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(
        all.contains("E234") && all.contains("clean.yaml:6:11"),
        "{all}"
    );
}

/// The reference catalogue with every text marked (`⟦...⟧`), as a new
/// language a project adds: a pseudo-locale.
fn pseudo_catalogue() -> String {
    let english =
        std::fs::read_to_string(crate::common::root().join("templates/i18n/en-GB.yaml")).unwrap();
    english
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if trimmed.starts_with('#') {
                return line.to_owned();
            }
            match line.split_once(": ") {
                Some((key, value)) if !value.trim().is_empty() => {
                    let value = value.trim();
                    let inner = value
                        .strip_prefix('"')
                        .and_then(|v| v.strip_suffix('"'))
                        .map_or_else(
                            || value.replace('\\', "\\\\").replace('"', "\\\""),
                            str::to_owned,
                        );
                    format!("{key}: \"⟦{inner}⟧\"")
                }
                _ => line.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_fixed_word_of_the_reports_comes_from_the_catalogue() {
    let project = dutch_project().file("templates/i18n/qps-ploc.yaml", &pseudo_catalogue());
    let dpia = project.dir().join("dpia.yaml");
    let text = std::fs::read_to_string(&dpia).unwrap();
    std::fs::write(&dpia, text.replace("language: nl", "language: qps-ploc")).unwrap();
    // Joint controllers with their arrangement, a processor bound by a
    // legal act, and a residual risk the source does not give.
    let file = project.dir().join("assessments/clean.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let joint = "status: approved\njoint_controllers:\n  - {name: Department of Health, email: info@health.example}\njoint_arrangement: {reference: JCA-7, status: in-force}\n";
    let text = text
        .replacen("status: approved\n", joint, 1)
        .replace(
            "reference: DPA-7}",
            "reference: DPA-7}, {kind: legal-act, reference: Decision 2020/1023}",
        )
        .replace(
            "residual: {likelihood: remote, severity: significant}",
            "residual: {not: captured}",
        );
    std::fs::write(&file, text).unwrap();
    let run = project.run(&["build"]);
    assert!(run.code <= 1, "{}", run.stderr);
    let out = project.dir().join("out");
    let html = std::fs::read_to_string(out.join("dpia/clean.html")).unwrap();
    let pdf = pdftotext(&out.join("dpia/clean.pdf"));
    assert!(html.contains(r#"<html lang="qps-ploc">"#));
    for text in [&html, &pdf] {
        for english in [
            "Step 1: The need for a DPIA",
            "Step 5: Risks",
            "Step 7: Sign-off and outcomes",
            "Annex A: Compliance findings",
            "Overall residual risk",
            "Measures approved by",
            "Residual risks approved by",
            "Recipients",
        ] {
            assert!(
                text.contains(&format!("⟦{english}⟧")),
                "{english} is not taken from the catalogue"
            );
        }
        // Section 4's words: joint controllers, legal acts, no values.
        for english in [
            "Joint controllers (Art 26)",
            "Arrangement between the joint controllers:",
            "Other legal act (Art 28(3))",
            "residual ⟦not captured in the source⟧: the inherent rating stands",
        ] {
            assert!(
                text.contains(&format!("⟦{english}⟧")),
                "{english} is not taken from the catalogue"
            );
        }
        for heading in [
            "Step 2:",
            "Step 3:",
            "Step 4:",
            "Step 6:",
            "Annex B:",
            "Joint controllers",
            "Arrangement",
            "Other legal act",
            "not captured",
        ] {
            assert_eq!(
                text.matches(heading).count(),
                text.matches(&format!("⟦{heading}")).count(),
                "{heading} appears outside the catalogue's words"
            );
        }
    }
    let register = std::fs::read_to_string(out.join("register.html")).unwrap();
    assert!(register.contains("⟦Article 6 lawful basis for processing personal data⟧"));
    assert!(register.contains("⟦Arrangement (Art 26): JCA-7"));
    assert!(register.contains(r#"<html lang="qps-ploc">"#));
}

/// The text of a key in a shipped catalogue.
fn shipped(language: &str, key: &str) -> String {
    dpia::i18n::Catalogues::default()
        .get(language)
        .unwrap()
        .get(key)
        .unwrap_or_else(|| panic!("{language} has no {key}"))
        .to_owned()
}

#[test]
fn legal_names_countries_figures_and_dashboard_follow_a_shipped_language() {
    let project = dutch_project();
    // The shipped German catalogue, not the project's marked one.
    let dpia = project.dir().join("dpia.yaml");
    let text = std::fs::read_to_string(&dpia).unwrap();
    std::fs::write(&dpia, text.replace("language: nl", "language: de")).unwrap();
    let run = project.run(&["build"]);
    assert!(run.code <= 1, "{}", run.stderr);
    let out = project.dir().join("out");
    let html = std::fs::read_to_string(out.join("dpia/clean.html")).unwrap();
    assert!(html.contains(r#"<html lang="de">"#));
    // The lawful basis (Art 6(1)(e)) in the German wording of the GDPR.
    let basis = shipped("de", "law.article_6")
        .replace("{point}", "e")
        .replace("{name}", &shipped("de", "law.article_6_name.e"));
    assert!(html.contains(&basis), "{basis}");
    // The heat maps' axes and titles.
    assert!(html.contains(&shipped("de", "figure.likelihood")));
    assert!(html.contains(&shipped("de", "figure.heatmap_inherent")));
    let register = std::fs::read_to_string(out.join("register.html")).unwrap();
    // A recipient's country by its German name.
    assert!(register.contains(&shipped("de", "country.GB")));
    let dashboard = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(dashboard.contains(&shipped("de", "portfolio.total.activities")));
    assert!(dashboard.contains(&shipped("de", "progress.approved")));
}

#[test]
fn screen_and_matrix_speak_the_project_language_in_the_terminal() {
    let project = dutch_project();
    let dpia = project.dir().join("dpia.yaml");
    let text = std::fs::read_to_string(&dpia).unwrap();
    std::fs::write(&dpia, text.replace("language: nl", "language: de")).unwrap();
    let screen = project.run(&["screen"]);
    assert_eq!(screen.code, 0, "{}", screen.stderr);
    let recorded = shipped("de", "terminal.screen.recorded");
    let prefix = recorded.split('{').next().unwrap();
    assert!(screen.stdout.contains(prefix), "{}", screen.stdout);
    let matrix = project.run(&["matrix", "ico-3x3"]);
    assert_eq!(matrix.code, 0, "{}", matrix.stderr);
    assert!(
        matrix
            .stdout
            .contains(&shipped("de", "terminal.matrix.ratings"))
    );
    assert!(
        matrix
            .stdout
            .contains(&shipped("de", "terminal.matrix.corner"))
    );
    let list = project.run(&["matrix"]);
    assert!(
        list.stdout
            .contains(&shipped("de", "terminal.matrix.built_in"))
    );
}
