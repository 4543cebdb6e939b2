//! Benchmarks of `dpia build`. Run with `cargo bench --bench build_reports`.
//!
//! 1. The release binary builds the four bundled examples (HTML and PDF)
//!    into a temporary folder, several times; the median wall time counts.
//! 2. A generated assessment with 60 risks: the whole PDF path (read,
//!    validate, model, score, rules, context, figures, JSON, typst compile,
//!    PDF export) against typst alone on the equivalent source (the same
//!    template and the same `/data.json`, compiled and exported), measured
//!    side by side in one process, typst's memo cache cleared before each
//!    run so neither side reuses the other's work.

#![allow(clippy::cast_precision_loss)] // figures for a report table

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dpia::pipeline::analyse;
use dpia::present::report::{build_context, report_day};
use dpia::render::figures::draw_figures;
use dpia::render::pdf::world::ReportWorld;
use dpia::render::pdf::{DEFAULT_TEMPLATE, PdfSettings, render_pdf};

const RUNS: usize = 7;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// An assessment with `n` scored risks, each with a measure.
fn assessment(n: usize) -> String {
    let mut s = String::from(
        "id: sixty\ntitle: Generated assessment with many risks\nstatus: approved\n\
         data_categories:\n  - {id: contact, name: Contact details}\n  - {id: health, name: Health, special_category_types: [health]}\n\
         purposes:\n  - {id: care, name: Care, public_task: true}\n\
         lawful_bases:\n  - {purposes: [care], article_6: e, article_9: h, schedule_1: [2]}\n\
         systems:\n  - {id: cms, name: Case system, country: GB}\n\
         sources:\n  - {id: people, name: Service users}\n\
         data_flows:\n  - {id: F1, from: people, to: cms, data_categories: [contact, health]}\n\
         risks:\n",
    );
    let likelihood = ["remote", "possible", "probable"];
    let severity = ["minimal", "significant", "severe"];
    for r in 1..=n {
        let _ = write!(
            s,
            "  - id: R{r}\n    title: Generated risk number {r}\n    description: |\n      A source of risk and the nature of its impact on people, with **some**\n      Markdown: a list\n\n      - first point\n      - second point\n    inherent: {{likelihood: {}, severity: {}}}\n    measures: [M{r}]\n    effect: reduced\n    residual: {{likelihood: remote, severity: {}}}\n    owner: Head of Service\n    due: 2025-03-31\n",
            likelihood[r % 3],
            severity[(r / 3) % 3],
            severity[(r / 3) % 3],
        );
    }
    s.push_str("measures:\n");
    for m in 1..=n {
        let _ = writeln!(
            s,
            "  - {{id: M{m}, title: Measure {m}, description: A measure that reduces risk {m}., owner: IT, status: planned, approved: true}}"
        );
    }
    s.push_str(
        "sign_off:\n  measures_approved_by: {name: Sam Lee}\n  residual_risks_approved_by: {name: Sam Lee}\n  \
         dpo_advice: {provided_by: {name: Pat Jones}, summary: Proceed.}\n  kept_under_review_by: {name: Pat Jones}\n",
    );
    s
}

fn main() {
    // 1. The bundled examples, through the release binary.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let out = tempfile::tempdir().unwrap();
        let start = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_dpia"))
            .args(["build", "--out"])
            .arg(out.path())
            .current_dir(root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        times.push(start.elapsed());
        assert!(status.success());
    }
    println!(
        "dpia build of the 4 bundled examples (HTML and PDF), {RUNS} runs: median {:.0} ms (target: at most 1000 ms)",
        ms(median(times))
    );

    // 2. Sixty risks: the whole PDF path against typst alone.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("dpia.yaml"),
        "organisations:\n  - {id: c, name: Example Council, public_authority: true, dpo: {name: Pat Jones}}\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("assessments")).unwrap();
    std::fs::write(dir.path().join("assessments/sixty.yaml"), assessment(60)).unwrap();
    let settings = PdfSettings::default();

    let full_path = || {
        let analysis = analyse(None, &[], dir.path(), dpia::date::RunDate::decide(None));
        let project = analysis.project.as_ref().unwrap();
        let checked = &analysis.assessments[0];
        let mut context = build_context(checked, project, &analysis);
        draw_figures(&mut context, checked);
        render_pdf(
            &context,
            DEFAULT_TEMPLATE,
            None,
            report_day(&checked.model.assessment, analysis.date.stamp),
            settings,
        )
        .unwrap()
    };
    // The equivalent typst source: the template and its data, prepared once.
    let analysis = analyse(None, &[], dir.path(), dpia::date::RunDate::decide(None));
    let checked = &analysis.assessments[0];
    let mut context = build_context(checked, analysis.project.as_ref().unwrap(), &analysis);
    draw_figures(&mut context, checked);
    let data = serde_json::to_vec(&context).unwrap();
    let typst_alone = || {
        let today = typst::foundations::Datetime::from_ymd(2025, 1, 1).unwrap();
        let world = ReportWorld::new(DEFAULT_TEMPLATE, data.clone(), None, today);
        let document = typst::compile::<typst_layout::PagedDocument>(&world)
            .output
            .unwrap();
        typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()).unwrap()
    };
    // Warm both once (fonts, library), then alternate.
    let pages = full_path().len();
    let _ = typst_alone();
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        typst::comemo::evict(0);
        let start = Instant::now();
        let _ = full_path();
        ours.push(start.elapsed());
        typst::comemo::evict(0);
        let start = Instant::now();
        let _ = typst_alone();
        theirs.push(start.elapsed());
    }
    let (ours, theirs) = (median(ours), median(theirs));
    println!(
        "60-risk assessment ({} KB PDF): whole PDF path {:.1} ms, typst alone {:.1} ms, ratio {:.2} (target: at most 1.2)",
        pages / 1024,
        ms(ours),
        ms(theirs),
        ours.as_secs_f64() / theirs.as_secs_f64()
    );
}
