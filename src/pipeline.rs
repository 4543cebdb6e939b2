//! The driver: runs the stages in order for a project and its assessments.
//!
//! ```text
//! load_project -> for each assessment file (in parallel):
//!     read -> parse -> validate -> deserialise -> resolve -> score -> rules
//! ```
//!
//! Each stage returns its output or the diagnostics that stop the file; the
//! next stage runs only on a clean result. Nothing here prints.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::date::{PartialDate, RunDate};
use crate::diagnostic::{self, Diagnostic, Origin, Severity};
use crate::load::{decode, deserialize, document_at, parsed, read_source};
use crate::model::approvals::{ApprovalsFile, Record};
use crate::model::assessment::Assessment;
use crate::model::project::Project;
use crate::model::resolve::{Model, check_ids_and_references, resolve};
use crate::root::ProjectRoot;
use crate::rules;
use crate::schema::SchemaKind;
use crate::yaml::Document;

pub use crate::project::{Found, assessment_files, display_path, open_project};
use crate::scoring::{ScoredAssessment, score_assessment};
use crate::source::{FileId, MAX_FILE_BYTES, SourceFile, Sources};

/// One assessment that passed every input check, with its findings.
#[derive(Debug)]
pub struct Checked {
    /// Its resolved model (boxed: a large value, moved from the thread
    /// that checked it into the run's list).
    pub model: Box<Model>,
    /// Its ratings.
    pub scored: ScoredAssessment,
    /// The path it was read from.
    pub path: PathBuf,
    /// Where its `id` is written, to name it in messages about the portfolio.
    pub id_span: std::ops::Range<usize>,
    /// The findings its checks located in the project file (its
    /// controller's details), which the run reports once per project and
    /// its report lists with its own.
    pub project_findings: Vec<Diagnostic>,
    /// Its signed approvals (`<id>.approvals.yaml` beside it), checked;
    /// `None` when it has none.
    pub approvals: Option<Record>,
}

/// Everything a run learnt.
#[derive(Debug)]
pub struct Analysis {
    /// Every file read, for rendering diagnostics.
    pub sources: Sources,
    /// The project, when it loaded.
    pub project: Option<Project>,
    /// The assessments that passed the input checks, in input order.
    pub assessments: Vec<Checked>,
    /// Input errors and findings, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Findings the assessments suppress, with their reasons, in the same
    /// order. They count for nothing but are always listed.
    pub suppressed: Vec<rules::Suppressed>,
    /// Number of assessment files looked at.
    pub files: usize,
    /// Entries of the searched folders that were not read, with why.
    pub skipped: Vec<(String, &'static str)>,
    /// The project's settings that loosen the gate (G008), whether or not
    /// `--strict` ignored them.
    pub loosened: Vec<rules::Loosening>,
    /// Whether the run ignored the loosening (`--strict`).
    pub strict: bool,
    /// The day the run judged against, and the day its outputs carry.
    pub date: RunDate,
}

impl Analysis {
    /// Each setting of the project that loosens the gate, in a few words
    /// (`R001 off`).
    #[must_use]
    pub fn loosened_summaries(&self) -> Vec<String> {
        self.loosened.iter().map(|l| l.summary.clone()).collect()
    }

    /// The project's loosening of the gate, for the summary line of every
    /// format: `loosened by the project file: R001 off`, with
    /// ` (ignored: --strict)` under `--strict`; `None` when there is none.
    #[must_use]
    pub fn loosening_summary(&self) -> Option<String> {
        if self.loosened.is_empty() {
            return None;
        }
        let list = self.loosened_summaries();
        Some(format!(
            "loosened by the project file: {}{}",
            list.join(", "),
            if self.strict {
                " (ignored: --strict)"
            } else {
                ""
            }
        ))
    }

    /// Whether any input error was found (exit code 2).
    #[must_use]
    pub fn has_input_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.origin == Origin::Input)
    }

    /// Number of diagnostics of a severity.
    #[must_use]
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// How a run judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The day the run judges against and the day it stamps (`--as-of`,
    /// `SOURCE_DATE_EPOCH`).
    pub date: RunDate,
    /// Ignore the project's loosening of the gate (`--strict`): rules keep
    /// at least their default severity, and the highest rating of every
    /// matrix requires prior consultation.
    pub strict: bool,
}

impl From<PartialDate> for Options {
    /// A run judged on a fixed day, not strict, with no stamp.
    fn from(as_of: PartialDate) -> Self {
        RunDate::fixed(as_of).into()
    }
}

impl From<RunDate> for Options {
    fn from(date: RunDate) -> Self {
        Options {
            date,
            strict: false,
        }
    }
}

/// What a run keeps of each assessment file once its checks have run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Its whole text and its whole model, with its approvals and the
    /// findings its checks located in the project file: for the commands
    /// that go on to reports, the register, screening or signatures.
    Everything,
    /// What `dpia check` reports, and no more: of the text (and of its
    /// approvals file's), the lines its diagnostics show
    /// ([`SourceFile::keep_lines`]); of the model, the assessment's
    /// [outline](Assessment::outline) (id, title, status, risk ids), with
    /// no approvals and no `project_findings`. A check of 10,000 files then
    /// holds a few kilobytes of each, not its text and model.
    Findings,
}

/// Runs every stage over a project and its assessments; date-based rules
/// judge what is overdue on `options.date.as_of`, which the analysis keeps
/// for every later stage. Everything is kept ([`Keep::Everything`]).
#[must_use]
pub fn analyse(
    explicit_project: Option<&Path>,
    paths: &[PathBuf],
    cwd: &Path,
    options: impl Into<Options>,
) -> Analysis {
    analyse_keeping(explicit_project, paths, cwd, options, Keep::Everything)
}

/// [`analyse`], keeping of each assessment what `keep` says.
#[must_use]
pub fn analyse_keeping(
    explicit_project: Option<&Path>,
    paths: &[PathBuf],
    cwd: &Path,
    options: impl Into<Options>,
    keep: Keep,
) -> Analysis {
    let Options { date, strict } = options.into();
    let as_of = date.as_of;
    let mut analysis = Analysis {
        sources: Sources::default(),
        project: None,
        assessments: Vec::new(),
        diagnostics: Vec::new(),
        suppressed: Vec::new(),
        files: 0,
        skipped: Vec::new(),
        loosened: Vec::new(),
        strict,
        date,
    };
    let mut project = match open_project(explicit_project, cwd, &mut analysis.sources) {
        Ok(p) => p,
        Err(problems) => {
            analysis.diagnostics = problems;
            diagnostic::sort(&mut analysis.diagnostics);
            return analysis;
        }
    };
    let settings = rules::check_settings(&project);
    if !settings.is_empty() {
        analysis.diagnostics = settings;
        diagnostic::sort(&mut analysis.diagnostics);
        analysis.project = Some(project);
        return analysis;
    }
    analysis.loosened = rules::loosening(&project);
    if strict {
        rules::tighten(&mut project);
    }
    analysis.diagnostics.extend(check_templates(&project, cwd));
    let files = match assessment_files(&project, paths, cwd) {
        Ok(found) => {
            analysis.skipped = found.skipped;
            found.files
        }
        Err(problem) => {
            analysis.diagnostics.push(*problem);
            analysis.project = Some(project);
            return analysis;
        }
    };
    analysis.files = files.len();
    let fence = project.root_dir.with_named(paths, cwd);
    let base = analysis.sources.len();
    // Each assessment file has two ids: its own, and the one its approvals
    // file takes (an empty placeholder when it has none).
    let results: Vec<(SourceFile, SourceFile, FileOutcome)> = files
        .par_iter()
        .enumerate()
        .map(|(i, path)| {
            let file_id = base + 2 * i;
            let full = if path.is_absolute() {
                path.clone()
            } else {
                cwd.join(path)
            };
            let (mut file, mut approvals_file, mut outcome) = check_file(
                &fence,
                &full,
                &display_path(path, cwd),
                file_id,
                &project,
                as_of,
            );
            if keep == Keep::Findings {
                keep_findings(&mut file, &mut approvals_file, &mut outcome, file_id);
            }
            (file, approvals_file, outcome)
        })
        .collect();
    // Each list in one allocation: a portfolio's are large.
    analysis.assessments.reserve_exact(results.len());
    analysis.diagnostics.reserve_exact(
        results
            .iter()
            .map(|(_, _, outcome)| match outcome {
                FileOutcome::Broken(problems) => problems.len(),
                FileOutcome::Checked(checked) => checked.findings.len(),
            })
            .sum(),
    );
    for ((file, approvals_file, outcome), path) in results.into_iter().zip(files) {
        analysis.sources.add(file);
        analysis.sources.add(approvals_file);
        match outcome {
            FileOutcome::Broken(problems) => analysis.diagnostics.extend(problems),
            FileOutcome::Checked(checked) => {
                let Outcome {
                    model,
                    scored,
                    findings,
                    suppressed,
                    id_span,
                    approvals,
                } = *checked;
                // What the checks of this activity found in the project
                // file (its controller's details): the run reports each
                // once, the activity's report lists them as its own.
                let project_findings = match keep {
                    Keep::Everything => findings
                        .iter()
                        .filter(|d| d.file_id().is_some_and(|f| f != model.file))
                        .cloned()
                        .collect(),
                    Keep::Findings => Vec::new(),
                };
                analysis.diagnostics.extend(findings);
                analysis.suppressed.extend(suppressed);
                analysis.assessments.push(Checked {
                    model,
                    scored,
                    path,
                    id_span,
                    project_findings,
                    approvals,
                });
            }
        }
    }
    check_unique_ids(&analysis.assessments, &mut analysis.diagnostics);
    diagnostic::sort(&mut analysis.diagnostics);
    analysis.suppressed.sort_by_key(|s| {
        s.diagnostic
            .primary()
            .map_or((usize::MAX, 0), |l| (l.file, l.range.start))
    });
    if let Some(doc) = &project.document {
        once_per_project(&mut analysis.diagnostics, doc.file);
    }
    analysis.project = Some(project);
    analysis
}

/// Reduces what one file's checks leave to what `dpia check` reports
/// ([`Keep::Findings`]): the lines of the file and of its approvals file
/// (ids `file_id` and `file_id + 1`) that its diagnostics, suppressed
/// findings and id (which E201 may point at) are in, and the outline of
/// its model.
fn keep_findings(
    file: &mut SourceFile,
    approvals_file: &mut SourceFile,
    outcome: &mut FileOutcome,
    file_id: FileId,
) {
    let (diagnostics, suppressed, id_span): (&[Diagnostic], &[rules::Suppressed], _) = match outcome
    {
        FileOutcome::Broken(problems) => (problems, &[], None),
        FileOutcome::Checked(checked) => (
            &checked.findings,
            &checked.suppressed,
            Some(checked.id_span.clone()),
        ),
    };
    let labels = || {
        diagnostics
            .iter()
            .chain(suppressed.iter().map(|s| &s.diagnostic))
            .flat_map(|d| &d.labels)
    };
    let in_file = |id: FileId| {
        labels()
            .filter(move |l| l.file == id)
            .map(|l| l.range.clone())
    };
    file.keep_lines(in_file(file_id).chain(id_span));
    approvals_file.keep_lines(in_file(file_id + 1));
    if let FileOutcome::Checked(checked) = outcome {
        checked.model.assessment = std::mem::take(&mut checked.model.assessment).outline();
        checked.approvals = None;
    }
}

/// The project's templates folder as a build would read it: a folder link
/// out of the project root, or a template that is a link out of it or not
/// a regular file, is an input error here, so that `check` refuses what
/// `build` would.
fn check_templates(project: &Project, cwd: &Path) -> Vec<Diagnostic> {
    let shown = display_path(&project.root.join("templates"), cwd);
    match project.templates() {
        Ok(None) => Vec::new(),
        Ok(Some(dir)) => dir
            .refusals(Path::new(&shown))
            .into_iter()
            .map(|(path, refusal)| {
                crate::load::refused(&path.display().to_string(), &refusal, &project.root_dir)
            })
            .collect(),
        Err(refusal) => vec![crate::load::refused(&shown, &refusal, &project.root_dir)],
    }
}

/// Keeps one of each finding about the project file: several activities
/// of one controller find the same gap in its details.
fn once_per_project(diagnostics: &mut Vec<Diagnostic>, project_file: FileId) {
    let mut seen: Vec<Diagnostic> = Vec::new();
    diagnostics.retain(|d| {
        if d.primary().is_none_or(|l| l.file != project_file) {
            return true;
        }
        if seen.contains(d) {
            return false;
        }
        seen.push(d.clone());
        true
    });
}

/// Reports two assessments with the same id: ids name activities across
/// the portfolio (reports and the register are keyed by them).
fn check_unique_ids(assessments: &[Checked], out: &mut Vec<Diagnostic>) {
    let mut seen: std::collections::HashMap<&str, &Checked> = std::collections::HashMap::new();
    for checked in assessments {
        let id = checked.model.assessment.id.as_str();
        match seen.get(id) {
            Some(first) => out.push(
                Diagnostic::input("E201", format!("two assessments have the id `{id}`"))
                    .with_label(
                        checked.model.file,
                        checked.id_span.clone(),
                        "this assessment",
                    )
                    .with_label(
                        first.model.file,
                        first.id_span.clone(),
                        "has the same id as this one",
                    )
                    .with_help("an assessment's id is unique in the project; rename one of them"),
            ),
            None => {
                seen.insert(id, checked);
            }
        }
    }
}

/// What happened to one file.
enum FileOutcome {
    /// The input is broken; these are the problems.
    Broken(Vec<Diagnostic>),
    /// The assessment is well-formed: what the checks found.
    Checked(Box<Outcome>),
}

/// A well-formed assessment's model, ratings, findings, the place of its
/// id and its approvals.
struct Outcome {
    model: Box<Model>,
    scored: ScoredAssessment,
    findings: Vec<Diagnostic>,
    suppressed: Vec<rules::Suppressed>,
    id_span: std::ops::Range<usize>,
    approvals: Option<Record>,
}

/// The stages for one assessment file: its text, its approvals file's
/// text (empty when it has none), and the outcome. The approvals file
/// takes the id after the assessment's.
fn check_file(
    fence: &ProjectRoot,
    path: &Path,
    display: &str,
    file_id: FileId,
    project: &Project,
    as_of: PartialDate,
) -> (SourceFile, SourceFile, FileOutcome) {
    let no_approvals = || SourceFile::new("", "");
    let file = match read_source(fence, path, display, file_id) {
        Ok(file) => file,
        Err(e) => {
            return (
                e.file,
                no_approvals(),
                FileOutcome::Broken(vec![e.diagnostic]),
            );
        }
    };
    // The node tree is needed only to locate findings: it is dropped here,
    // so a large portfolio holds text and models, not trees.
    let (model, doc) = match load_assessment(&file, file_id, project) {
        Ok(loaded) => loaded,
        Err(problems) => return (file, no_approvals(), FileOutcome::Broken(problems)),
    };
    let unknown = rules::check_suppressions(&model.assessment, &doc);
    if !unknown.is_empty() {
        return (file, no_approvals(), FileOutcome::Broken(unknown));
    }
    let name = crate::model::approvals::file_name(&model.assessment.id);
    let approvals_path = path.with_file_name(&name);
    let approvals_shown = Path::new(display)
        .with_file_name(&name)
        .display()
        .to_string();
    let scored = score_assessment(&model);
    let (approvals_file, approvals) = match read_approvals(
        fence,
        &approvals_path,
        &approvals_shown,
        file_id + 1,
        (&model, &scored),
        project,
    ) {
        ApprovalsRead::Read(read) => {
            let (text, record, doc) = *read;
            (text, Some((record, doc)))
        }
        ApprovalsRead::None => (no_approvals(), None),
        ApprovalsRead::Broken(text, problems) => {
            return (file, *text, FileOutcome::Broken(problems));
        }
    };
    let findings = rules::check(
        &model,
        &doc,
        &scored,
        project,
        as_of,
        approvals.as_ref().map(|(r, d)| (r, d)),
    );
    let (findings, suppressed) =
        rules::apply_settings(findings, &model.assessment, model.file, project);
    let id_span = doc.span("/id").1;
    let outcome = Outcome {
        model: Box::new(model),
        scored,
        findings,
        suppressed,
        id_span,
        approvals: approvals.map(|(record, _)| record),
    };
    (
        file,
        approvals_file,
        FileOutcome::Checked(Box::new(outcome)),
    )
}

/// What changed since the content an approval was given for, each change
/// in a line ([`crate::diff::Change::summary`]).
fn changed_since(
    approved: &[u8],
    (model, scored): (&Model, &ScoredAssessment),
    project: &Project,
) -> Vec<String> {
    // The content kept was checked against its digest and signature; one
    // that does not read back (a later dpia's model) is said, not hidden.
    let mut scratch = Sources::default();
    match load_canonical(approved, "approved content", project, &mut scratch) {
        Ok((old_model, old_scored)) => crate::diff::changes(
            &crate::diff::Side::canonical(&old_model, &old_scored),
            &crate::diff::Side::file(model, scored),
        )
        .iter()
        .map(crate::diff::Change::summary)
        .collect(),
        Err(_) => vec!["the content approved cannot be read back to name the changes".to_owned()],
    }
}

/// What reading an assessment's approvals file gave.
enum ApprovalsRead {
    /// There is none.
    None,
    /// Its text, the approvals checked and the parsed file that locates
    /// them.
    Read(Box<(SourceFile, Record, Document)>),
    /// Its text and the input errors that refuse it.
    Broken(Box<SourceFile>, Vec<Diagnostic>),
}

/// Reads and checks an assessment's approvals file, when there is one.
fn read_approvals(
    fence: &ProjectRoot,
    path: &Path,
    display: &str,
    file_id: FileId,
    (model, scored): (&Model, &ScoredAssessment),
    project: &Project,
) -> ApprovalsRead {
    if std::fs::symlink_metadata(path).is_err() {
        return ApprovalsRead::None;
    }
    let file = match read_source(fence, path, display, file_id) {
        Ok(file) => file,
        Err(e) => return ApprovalsRead::Broken(Box::new(e.file), vec![e.diagnostic]),
    };
    let doc = match parsed(&file, file_id) {
        Ok(doc) => doc,
        Err(problems) => return ApprovalsRead::Broken(Box::new(file), problems),
    };
    let json = doc.root.to_json();
    let problems = crate::schema::validate_at(
        SchemaKind::Approvals,
        &doc.root,
        &json,
        file_id,
        file.text(),
        "",
    );
    if !problems.is_empty() {
        return ApprovalsRead::Broken(Box::new(file), problems);
    }
    let written: ApprovalsFile = match crate::load::deserialize(&json, &doc, "") {
        Ok(written) => written,
        Err(problems) => return ApprovalsRead::Broken(Box::new(file), problems),
    };
    let bytes = crate::model::digest::canonical(&model.assessment);
    let digest = crate::model::digest::digest_of(&bytes);
    let approvals = written
        .approvals
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut checked = crate::model::approvals::check(
                a,
                i,
                &bytes,
                &digest,
                &written.content,
                &project.signing,
            );
            if let Some(old) = &checked.approved_content {
                checked.changed = changed_since(old, (model, scored), project);
            }
            checked
        })
        .collect();
    let record = Record::new(file_id, display.to_owned(), digest, approvals);
    ApprovalsRead::Read(Box::new((file, record, doc)))
}

/// Parses, validates, deserialises and resolves one assessment; returns
/// the model and the parsed document that locates its parts.
///
/// A file the schema refuses is not typed, but its tree still shows its
/// duplicate ids and dangling references: those are reported with the
/// schema's errors, so that one run gives both (a fix of one does not
/// reveal the other), wherever the schema's errors cannot have caused them
/// and within the file's cap on problems.
pub fn load_assessment(
    file: &SourceFile,
    file_id: FileId,
    project: &Project,
) -> Result<(Model, Document), Vec<Diagnostic>> {
    let doc = parsed(file, file_id)?;
    let assessment: Assessment = match document_at(SchemaKind::Assessment, &doc, file.text(), "") {
        Ok(assessment) => assessment,
        Err(mut problems) => {
            add_reference_errors(&doc, &mut problems);
            return Err(problems);
        }
    };
    let model = resolve(assessment, &doc, project)?;
    Ok((model, doc))
}

/// Adds to the problems of a refused file its duplicate ids and dangling
/// references, up to the file's cap on problems (none when the schema's
/// errors already fill it).
fn add_reference_errors(doc: &Document, problems: &mut Vec<Diagnostic>) {
    let room = diagnostic::MAX_PER_FILE.saturating_sub(problems.len());
    if room == 0 || problems.iter().any(|d| d.code == "E017") {
        return;
    }
    let mut found = Vec::new();
    check_ids_and_references(doc, &mut found);
    let more = found.len().saturating_sub(room);
    found.truncate(room);
    problems.extend(found);
    diagnostic::note_more(problems, more, doc.file);
}

/// Loads an assessment from its canonical content, the bytes
/// [`crate::model::digest::canonical`] gives (what `dpia digest
/// --canonical` prints and an approval signs), resolved against `project`
/// and scored; the bytes are added to `sources` as a file named `name`, so
/// that a problem is shown at its place in them.
///
/// The canonical form leaves out the approvals (`status`, `dates.approved`
/// and the ICO step 7 rows of `sign_off`) and every empty value, so the
/// model read back has no approvals (its `status` reads `draft`, which
/// stands for "not known": a diff takes it as unknown, see
/// [`crate::diff::Side::canonical`]), `recipients: []` reads as no
/// `recipients` key, and `rights: {available: []}` as no `rights`.
///
/// The bytes must be exactly the canonical form of the content they hold:
/// JSON text of the `dpia-assessment/1` wrapper that, read back, gives the
/// same bytes (E023 otherwise). Everything a file gets is checked too: the
/// limits of size, values and nesting, the schema (with `status` filled
/// in), the limits on free text, ids and references, and suppressions.
/// Content whose canonical form is over 4 MiB (possible only through YAML
/// aliases that repeat large values) cannot be read back (E002).
pub fn load_canonical(
    bytes: &[u8],
    name: &str,
    project: &Project,
    sources: &mut Sources,
) -> Result<(Model, ScoredAssessment), Vec<Diagnostic>> {
    use crate::model::digest::{CANONICAL_FORM, canonical};
    let file_id = sources.len();
    if bytes.len() as u64 > MAX_FILE_BYTES {
        sources.add(SourceFile::new(name, ""));
        return Err(vec![
            Diagnostic::input(
                "E002",
                format!(
                    "`{}` is {} bytes; the limit for one file is {MAX_FILE_BYTES}",
                    crate::escape::inline(name),
                    bytes.len()
                ),
            )
            .in_file(file_id),
        ]);
    }
    let file = match decode(bytes.to_vec(), name, file_id) {
        Ok(file) => file,
        Err(e) => {
            sources.add(e.file);
            return Err(vec![e.diagnostic]);
        }
    };
    sources.add(file);
    let file = sources.get(file_id);
    let shown = crate::escape::inline(name);
    let not_canonical = |message: String, range: std::ops::Range<usize>| {
        vec![
            Diagnostic::input("E023", message)
                .with_label(file_id, range, "")
                .with_help(format!(
                    "canonical content is what `dpia digest --canonical` prints: RFC 8785 JSON of {{\"canonical\": \"{CANONICAL_FORM}\", \"assessment\": ...}}, byte for byte"
                )),
        ]
    };
    // The JSON is read as JSON; the YAML reader (JSON text is YAML) gives
    // the tree whose spans locate problems, and bounds values and nesting.
    let doc = parsed(file, file_id)?;
    let wrapper: serde_json::Value = match serde_json::from_str(file.text()) {
        Ok(value) => value,
        Err(e) => {
            // serde_json counts columns in bytes, from 1.
            let start = file
                .line_starts()
                .get(e.line().saturating_sub(1))
                .copied()
                .unwrap_or(0);
            return Err(not_canonical(
                format!("`{shown}` is not canonical content: {e}"),
                file.char_at(start + e.column().saturating_sub(1)),
            ));
        }
    };
    let whole = 0..file.text().len();
    let form = wrapper.get("canonical").and_then(serde_json::Value::as_str);
    if form != Some(CANONICAL_FORM) {
        let (_, range) = doc.span("/canonical");
        return Err(not_canonical(
            format!(
                "`{shown}` is not content in the form `{CANONICAL_FORM}`{}",
                form.map(|f| format!(" (it names the form `{}`)", crate::escape::inline(f)))
                    .unwrap_or_default()
            ),
            if doc.node("/canonical").is_some() {
                range
            } else {
                whole
            },
        ));
    }
    let (Some(mut json), Some(node)) = (
        wrapper.get("assessment").cloned(),
        doc.node("/assessment").cloned(),
    ) else {
        return Err(not_canonical(
            format!("`{shown}` holds no assessment"),
            whole,
        ));
    };
    restore_pruned(&mut json);
    let mut problems = crate::schema::validate_at(
        SchemaKind::Assessment,
        &doc.root,
        &json,
        file_id,
        file.text(),
        "/assessment",
    );
    problems.extend(crate::text::check_tree(&node, file_id));
    if !problems.is_empty() {
        return Err(problems);
    }
    let assessment: Assessment = deserialize(&json, &doc, "/assessment")?;
    let inner = Document {
        file: file_id,
        root: node,
    };
    let model = resolve(assessment, &inner, project)?;
    let unknown = rules::check_suppressions(&model.assessment, &inner);
    if !unknown.is_empty() {
        return Err(unknown);
    }
    let again = canonical(&model.assessment);
    if again != bytes {
        let at = again
            .iter()
            .zip(bytes)
            .position(|(a, b)| a != b)
            .unwrap_or(again.len().min(bytes.len()));
        return Err(not_canonical(
            format!(
                "`{shown}` is not in canonical form: the content it holds is written otherwise (from byte {at})"
            ),
            file.char_at(at),
        ));
    }
    let scored = score_assessment(&model);
    Ok((model, scored))
}

/// Puts back what the canonical form leaves out and the schema requires:
/// a `status` (`draft`, standing for the status the form does not hold),
/// and the empty `available` list of a `rights` mapping that has a note.
fn restore_pruned(assessment: &mut serde_json::Value) {
    let Some(map) = assessment.as_object_mut() else {
        return;
    };
    map.entry("status")
        .or_insert_with(|| serde_json::Value::from("draft"));
    if let Some(serde_json::Value::Object(rights)) = map.get_mut("rights") {
        rights
            .entry("available")
            .or_insert_with(|| serde_json::Value::Array(Vec::new()));
    }
}
