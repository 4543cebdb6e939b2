//! `dpia diff`: changes named in the assessment's terms, each kind its own
//! test on `tests/fixtures/diff/base.yaml`; formatting that changes
//! nothing; git revisions in a temporary repository (`REV:path` and
//! `--base`); hostile revisions, paths and text; the JSON shape and the
//! Markdown's escaping. At library level: canonical content read back
//! (`pipeline::load_canonical`) gives the same canonical bytes and no
//! change, for every bundled example and fixture; and no change of any
//! field of the maximal assessment is silent.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common::{self, Dpia, Run, root};
use dpia::diff::{ChangeKind, Side, changes};
use dpia::model::digest::{APPROVALS, canonical};
use dpia::pipeline::{analyse, load_assessment, load_canonical, open_project};
use dpia::scoring::score_assessment;
use dpia::source::{SourceFile, Sources};

fn base() -> String {
    std::fs::read_to_string(root().join("tests/fixtures/diff/base.yaml")).unwrap()
}

/// `text` with `from` replaced by `to` (which must occur once).
fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` occurs once");
    text.replace(from, to)
}

/// A project with the CLI fixtures' dpia.yaml and two versions.
fn versions(old: &str, new: &str) -> Dpia {
    Dpia::temp()
        .file(
            "dpia.yaml",
            &std::fs::read_to_string(root().join("tests/fixtures/cli/dpia.yaml")).unwrap(),
        )
        .file("old.yaml", old)
        .file("new.yaml", new)
}

/// `dpia diff old.yaml new.yaml` in a format.
fn diff(old: &str, new: &str, format: &str) -> Run {
    versions(old, new).run(&["diff", "old.yaml", "new.yaml", "--format", format])
}

/// The changes from the base to its edited version (exit 1).
fn changes_to(new: &str) -> Vec<Value> {
    let run = diff(&base(), new, "json");
    assert_eq!(run.code, 1, "{}", run.all());
    let json = run.json();
    json["assessments"][0]["changes"]
        .as_array()
        .unwrap()
        .clone()
}

fn kinds(changes: &[Value]) -> Vec<&str> {
    changes
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect()
}

fn summaries(changes: &[Value]) -> Vec<&str> {
    changes
        .iter()
        .map(|c| c["summary"].as_str().unwrap())
        .collect()
}

// Each kind of change.

#[test]
fn a_status_change_is_named() {
    let c = changes_to(&edit(&base(), "status: in-review", "status: draft"));
    assert_eq!(summaries(&c), ["status: `in-review` -> `draft`"]);
    assert_eq!(c[0]["kind"], "status-changed");
    assert_eq!(c[0]["path"], "/status");
}

#[test]
fn a_screening_decision_change_is_named() {
    let c = changes_to(&edit(
        &base(),
        "decision: required",
        "decision: not-required",
    ));
    assert_eq!(
        summaries(&c),
        ["screening decision: `required` -> `not-required`"]
    );
}

#[test]
fn a_risk_added_is_named_with_its_ratings_and_the_overall_rating() {
    let new = edit(
        &base(),
        "measures:\n  - {id: M1",
        "  - {id: R3, title: Calls recorded, inherent: {likelihood: probable, severity: severe}}\nmeasures:\n  - {id: M1",
    );
    let c = changes_to(&new);
    assert_eq!(
        summaries(&c),
        [
            "overall residual risk: `Low` -> `High`",
            "risk `R3` added: `Calls recorded` (inherent `High`, residual `High` (not assessed: the inherent rating stands))",
        ]
    );
    assert_eq!(kinds(&c), ["overall-residual-changed", "risk-added"]);
    assert_eq!(c[1]["path"], "/risks/2");
    assert_eq!(c[1]["new"]["residual"]["rating"], "high");
}

#[test]
fn a_risk_removed_is_named() {
    let old = edit(
        &base(),
        "measures:\n  - {id: M1",
        "  - {id: R3, title: Calls recorded, inherent: {likelihood: remote, severity: minimal}}\nmeasures:\n  - {id: M1",
    );
    let run = diff(&old, &base(), "json");
    assert_eq!(run.code, 1, "{}", run.all());
    let c = run.json()["assessments"][0]["changes"].clone();
    let c = c.as_array().unwrap();
    assert_eq!(
        summaries(c),
        [
            "risk `R3` removed: `Calls recorded` (inherent `Low`, residual `Low` (not assessed: the inherent rating stands))"
        ]
    );
    assert_eq!(
        c[0]["path"], "/risks/2",
        "a removal is located in the old version"
    );
}

#[test]
fn a_risk_re_rated_names_the_stage_the_ratings_and_the_levels() {
    let c = changes_to(&edit(
        &base(),
        "residual: {likelihood: remote, severity: significant}",
        "residual: {likelihood: probable, severity: significant}",
    ));
    assert_eq!(
        summaries(&c),
        [
            "overall residual risk: `Low` -> `High`",
            "risk `R1` residual: `Low` -> `High` (likelihood `remote` -> `probable`)",
        ]
    );
    assert_eq!(
        (
            &c[1]["item"],
            &c[1]["field"],
            &c[1]["old"]["rating"],
            &c[1]["new"]["likelihood"]
        ),
        (
            &Value::from("R1"),
            &Value::from("residual"),
            &Value::from("low"),
            &Value::from("probable")
        )
    );
    let c = changes_to(&edit(
        &base(),
        "inherent: {likelihood: probable, severity: minimal}",
        "inherent: {likelihood: possible, severity: minimal}",
    ));
    assert_eq!(
        summaries(&c),
        ["risk `R2` inherent: `Medium` -> `Low` (likelihood `probable` -> `possible`)"]
    );
}

#[test]
fn a_risk_moved_in_its_list_is_an_order_change_not_a_re_rating() {
    let risks = base();
    let (head, rest) = risks.split_once("  - id: R1\n").unwrap();
    let (r1, rest) = rest.split_once("  - id: R2\n").unwrap();
    let (r2, tail) = rest.split_once("measures:\n").unwrap();
    let swapped = format!("{head}  - id: R2\n{r2}  - id: R1\n{r1}measures:\n{tail}");
    let c = changes_to(&swapped);
    assert_eq!(
        summaries(&c),
        ["order changed: `/risks`: `R1`, `R2` -> `R2`, `R1`"]
    );
}

#[test]
fn measures_added_removed_and_with_another_status_are_named() {
    let with_m3 = edit(
        &base(),
        "status: planned}\n",
        "status: planned}\n  - {id: M3, title: Call scripts, description: Agents do not ask for health details., status: in-progress}\n",
    );
    let c = changes_to(&with_m3);
    assert_eq!(
        summaries(&c),
        ["measure `M3` added: `Call scripts` (`in-progress`)"]
    );
    let run = diff(&with_m3, &base(), "json");
    assert_eq!(
        run.json()["assessments"][0]["changes"][0]["kind"],
        "measure-removed"
    );
    let c = changes_to(&edit(&base(), "status: planned}", "status: implemented}"));
    assert_eq!(
        summaries(&c),
        ["measure `M2` status: `planned` -> `implemented`"]
    );
}

#[test]
fn recipients_and_processors_added_removed_and_re_roled_are_named() {
    let c = changes_to(&edit(
        &base(),
        "  - {id: council, name: Housing team, kind: internal}\n",
        "  - {id: council, name: Housing team, kind: internal}\n  - {id: police, name: Police, kind: controller}\n  - {id: mailer, name: Mail service, kind: processor, country: IE}\n",
    ));
    assert_eq!(
        summaries(&c),
        [
            "recipient `police` added: `Police` (`controller`)",
            "processor `mailer` added: `Mail service` (`processor`, in `IE`)",
        ]
    );
    let c = changes_to(&edit(
        &base(),
        "  - {id: council, name: Housing team, kind: internal}\n",
        "",
    ));
    assert_eq!(
        summaries(&c),
        ["recipient `council` removed: `Housing team` (`internal`)"]
    );
    let c = changes_to(&edit(&base(), "kind: internal", "kind: controller"));
    assert_eq!(
        summaries(&c),
        ["recipient `council` role: `internal` -> `controller`"]
    );
    assert_eq!(c[0]["kind"], "recipient-role-changed");
}

#[test]
fn transfers_by_country_and_mechanism_are_named() {
    let c = changes_to(&edit(
        &base(),
        "country: US, mechanisms: [adequacy]",
        "country: IN, mechanisms: [uk-idta]",
    ));
    assert_eq!(
        summaries(&c),
        [
            "transfer `hosting` country: `US` -> `IN`",
            "transfer `hosting` mechanisms: `adequacy` -> `uk-idta`",
        ]
    );
    assert_eq!(kinds(&c), ["transfer-changed", "transfer-changed"]);
    let c = changes_to(&edit(
        &base(),
        "mechanisms: [adequacy]}\n",
        "mechanisms: [adequacy]}\n  - {id: backup, recipient: crm, country: IN, mechanisms: [uk-idta]}\n",
    ));
    assert_eq!(
        summaries(&c),
        ["transfer `backup` added: to `IN` (`crm`) under `uk-idta`"]
    );
}

#[test]
fn lawful_bases_added_and_changed_are_named() {
    let c = changes_to(&edit(&base(), "article_6: e}", "article_6: c}"));
    assert_eq!(summaries(&c), ["lawful basis `task` Art 6(1): `e` -> `c`"]);
    let c = changes_to(&edit(
        &base(),
        "article_6: e}\n",
        "article_6: e}\n  - {id: health, purposes: [support], data_categories: [notes], article_6: e, article_9: h, schedule_1: [2]}\n",
    ));
    assert_eq!(
        summaries(&c),
        [
            "lawful basis `health` added for `support` (Art 6(1) `e`, Art 9(2) `h`, DPA 2018 Sch 1 `2`)"
        ]
    );
    assert_eq!(c[0]["kind"], "lawful-basis-added");
}

#[test]
fn special_category_data_gained_is_named() {
    // A category that becomes special category data.
    let c = changes_to(&edit(
        &base(),
        "    name: Case notes\n",
        "    name: Case notes\n    special_category_types: [health]\n",
    ));
    assert_eq!(
        summaries(&c),
        ["data category `notes` is special category data (`health`)"]
    );
    assert_eq!(c[0]["kind"], "special-category-gained");
    // A new category that is special category data.
    let c = changes_to(&edit(
        &base(),
        "data_categories:\n",
        "data_categories:\n  - {id: health, name: Health details, special_category: true, data_subjects: [callers]}\n",
    ));
    assert_eq!(
        kinds(&c),
        ["data-category-added", "special-category-gained"]
    );
    assert_eq!(
        summaries(&c)[0],
        "data category `health` added: `Health details` (special category data)"
    );
    // Criminal offence data.
    let c = changes_to(&edit(
        &base(),
        "    name: Case notes\n",
        "    name: Case notes\n    criminal_offence: true\n",
    ));
    assert_eq!(
        summaries(&c),
        ["data category `notes` is criminal offence data"]
    );
}

#[test]
fn retention_changes_are_named_for_the_activity_and_a_category() {
    let c = changes_to(&edit(&base(), "period: 2 years", "period: 6 years"));
    assert_eq!(summaries(&c), ["retention period: `2 years` -> `6 years`"]);
    assert_eq!(c[0]["kind"], "retention-changed");
    let c = changes_to(&edit(&base(), "period: 1 year", "period: 3 months"));
    assert_eq!(
        summaries(&c),
        ["data category `notes` retention period: `1 year` -> `3 months`"]
    );
    assert_eq!(c[0]["path"], "/data_categories/1/retention/period");
}

#[test]
fn any_other_change_is_shown_by_its_path() {
    let c = changes_to(&edit(
        &base(),
        "agents log each case.",
        "agents log each case in the CRM.",
    ));
    assert_eq!(kinds(&c), ["field-changed"]);
    assert_eq!(c[0]["path"], "/description/nature");
    assert!(
        summaries(&c)[0].starts_with("changed: `/description/nature`"),
        "{c:?}"
    );
    let c = changes_to(&edit(
        &base(),
        "title: Role-based access",
        "title: Access by role",
    ));
    assert_eq!(
        summaries(&c),
        ["changed: `/measures/0/title` (in `M1`): `Role-based access` -> `Access by role`"]
    );
    let c = changes_to(&edit(
        &base(),
        "  - Agents sign in with two factors.\n",
        "  - Agents sign in with two factors.\n  - Laptops are encrypted.\n",
    ));
    assert_eq!(kinds(&c), ["field-changed"]);
    assert_eq!(c[0]["path"], "/security_measures");
    let c = changes_to(&format!("{}notes: Reviewed by the DPO.\n", base()));
    assert_eq!(summaries(&c), ["added: `/notes`: `Reviewed by the DPO.`"]);
}

#[test]
fn recipients_stated_as_none_is_a_change_from_saying_nothing() {
    let without = edit(
        &base(),
        "transfers:\n  - {id: hosting, recipient: crm, country: US, mechanisms: [adequacy]}\n",
        "",
    );
    let start = without.find("recipients:\n").unwrap();
    let end = without.find("retention: {period: 2").unwrap();
    let none = format!("{}recipients: []\n{}", &without[..start], &without[end..]);
    let silent = format!("{}{}", &without[..start], &without[end..]);
    let run = diff(&silent, &none, "json");
    assert_eq!(run.code, 1, "{}", run.all());
    assert_eq!(
        run.json()["assessments"][0]["changes"][0]["summary"],
        "added: `/recipients`: none"
    );
}

// No change.

#[test]
fn the_same_content_is_no_change_exit_0() {
    let run = diff(&base(), &base(), "human");
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.ends_with("no changes\n"), "{}", run.stdout);
    let run = diff(&base(), &base(), "json");
    assert_eq!(run.code, 0);
    assert_eq!(run.json()["assessments"], serde_json::json!([]));
    assert_eq!(run.json()["summary"]["unchanged"], 1);
}

#[test]
fn comments_key_order_and_anchors_are_no_change() {
    let reworded = edit(
        &base(),
        "id: helpdesk\ntitle: Customer helpdesk\n",
        "# A comment.\ntitle: Customer helpdesk   # another\nid: helpdesk\n",
    );
    let reworded = edit(
        &reworded,
        "  - {id: contact, name: Contact details, data_subjects: [callers]}",
        "  - name: Contact details\n    data_subjects: &who [callers]\n    id: contact",
    );
    let reworded = edit(
        &reworded,
        "    data_subjects: [callers]\n    retention",
        "    data_subjects: *who\n    retention",
    );
    let run = diff(&base(), &reworded, "human");
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.ends_with("no changes\n"), "{}", run.stdout);
}

// Git revisions.

/// Runs git in `dir`, with no configuration of the machine's.
fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        common::text(&out.stderr)
    );
}

/// A git repository whose project is in its `dpia/` folder (so that the
/// project root is not git's top level), with three assessments
/// committed; `dpia` runs in the project folder. The last value owns
/// the temporary folder: keep it.
fn repository() -> (Dpia, PathBuf, Dpia) {
    let dpia = Dpia::temp();
    let top = dpia.dir().to_path_buf();
    let project = top.join("dpia");
    let write = |path: &str, text: &str| {
        let full = project.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    };
    write(
        "dpia.yaml",
        &std::fs::read_to_string(root().join("tests/fixtures/cli/dpia.yaml")).unwrap(),
    );
    write("assessments/helpdesk.yaml", &base());
    write(
        "assessments/kiosks.yaml",
        &std::fs::read_to_string(root().join("tests/fixtures/cli/clean.yaml")).unwrap(),
    );
    write(
        "assessments/old.yaml",
        &edit(
            &edit(&base(), "id: helpdesk", "id: old"),
            "title: Customer helpdesk",
            "title: Old helpdesk",
        ),
    );
    write(
        "assessments/moved.yaml",
        &edit(&base(), "id: helpdesk", "id: moved"),
    );
    git(&top, &["init", "-q"]);
    git(&top, &["add", "-A"]);
    git(&top, &["commit", "-q", "-m", "first"]);
    (Dpia::at(&project), top, dpia)
}

#[test]
fn a_file_at_a_revision_is_compared_with_the_working_tree() {
    let (project, _top, _temp) = repository();
    let path = project.dir().join("assessments/helpdesk.yaml");
    std::fs::write(
        &path,
        edit(&base(), "status: planned}", "status: implemented}"),
    )
    .unwrap();
    let run = project.run(&[
        "diff",
        "HEAD:assessments/helpdesk.yaml",
        "assessments/helpdesk.yaml",
    ]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert_eq!(
        run.stdout,
        "HEAD:assessments/helpdesk.yaml -> assessments/helpdesk.yaml (`helpdesk`): 1 change\n  measure `M2` status: `planned` -> `implemented`\n"
    );
    // The revision's version against itself.
    let run = project.run(&[
        "diff",
        "HEAD:assessments/kiosks.yaml",
        "assessments/kiosks.yaml",
    ]);
    assert_eq!(run.code, 0, "{}", run.all());
}

#[test]
fn base_lists_every_assessment_changed_added_removed_or_moved_since_a_revision() {
    let (project, top, _temp) = repository();
    let dir = project.dir().to_path_buf();
    std::fs::write(
        dir.join("assessments/helpdesk.yaml"),
        edit(&base(), "period: 2 years", "period: 6 years"),
    )
    .unwrap();
    std::fs::write(
        dir.join("assessments/new.yaml"),
        edit(&base(), "id: helpdesk", "id: new"),
    )
    .unwrap();
    std::fs::remove_file(dir.join("assessments/old.yaml")).unwrap();
    std::fs::create_dir_all(dir.join("assessments/archive")).unwrap();
    std::fs::rename(
        dir.join("assessments/moved.yaml"),
        dir.join("assessments/archive/moved.yaml"),
    )
    .unwrap();
    let run = project.run(&["diff", "--base", "HEAD"]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert_eq!(
        run.stdout,
        "assessments/helpdesk.yaml (`helpdesk`): 1 change\n  \
         retention period: `2 years` -> `6 years`\n\
         assessments/new.yaml (`new`): added: `Customer helpdesk`, overall residual risk `Low`\n\
         HEAD:assessments/old.yaml (`old`): removed: `Old helpdesk`, overall residual risk `Low`\n\
         1 assessment changed, 1 added, 1 removed, 2 unchanged since `HEAD`\n"
    );
    let json = project
        .run(&["diff", "--base", "HEAD", "--format", "json"])
        .json();
    assert_eq!(
        json["summary"],
        serde_json::json!({"changed": 1, "added": 1, "removed": 1, "unchanged": 2, "input_errors": 0})
    );
    // Committed, nothing has changed since.
    git(&top, &["add", "-A"]);
    git(&top, &["commit", "-q", "-m", "second"]);
    let run = project.run(&["diff", "--base", "HEAD"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(run.stdout, "no changes since `HEAD`\n");
    // A path narrows the comparison.
    let run = project.run(&["diff", "--base", "HEAD~1", "assessments/helpdesk.yaml"]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(
        run.stdout
            .ends_with("1 assessment changed, 0 added, 0 removed since `HEAD~1`\n"),
        "{}",
        run.stdout
    );
}

// Hostile input.

#[test]
fn a_revision_that_git_would_read_as_an_option_is_refused() {
    let (project, top, _temp) = repository();
    let written = top.join("written");
    let output = format!("--output={}", written.display());
    for args in [
        vec![
            "diff",
            "--",
            "-x:assessments/helpdesk.yaml",
            "assessments/helpdesk.yaml",
        ],
        vec![
            "diff",
            "--",
            &format!("{output}:assessments/helpdesk.yaml"),
            "assessments/helpdesk.yaml",
        ],
        vec!["diff", &format!("--base={output}")],
        vec!["diff", "--base=-p"],
    ] {
        let run = project.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.all());
        assert!(
            run.stderr.contains("does not start with `-`"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty());
    }
    assert!(!written.exists(), "git was given an option");
}

#[test]
fn a_revision_path_outside_the_project_root_is_refused() {
    let (project, top, _temp) = repository();
    std::fs::write(top.join("secret.yaml"), "id: secret\n").unwrap();
    git(&top, &["add", "-A"]);
    git(&top, &["commit", "-q", "-m", "secret"]);
    for operand in [
        "HEAD:../secret.yaml",
        "HEAD:assessments/../../secret.yaml",
        "HEAD:/etc/passwd",
    ] {
        let run = project.run(&["diff", operand, "assessments/helpdesk.yaml"]);
        assert_eq!(run.code, 2, "{operand}: {}", run.all());
        assert!(
            run.stderr.contains("error[E013]"),
            "{operand}: {}",
            run.stderr
        );
        assert!(!run.all().contains("id: secret"));
    }
    // A folder, a missing file and a missing revision.
    for (operand, code) in [
        ("HEAD:assessments", "E014"),
        ("HEAD:assessments/none.yaml", "E001"),
        ("nosuchbranch:assessments/helpdesk.yaml", "E001"),
    ] {
        let run = project.run(&["diff", operand, "assessments/helpdesk.yaml"]);
        assert_eq!(run.code, 2, "{operand}: {}", run.all());
        assert!(
            run.stderr.contains(&format!("error[{code}]")),
            "{operand}: {}",
            run.stderr
        );
    }
}

#[cfg(unix)]
#[test]
fn a_link_in_a_revision_is_not_followed() {
    let (project, top, _temp) = repository();
    std::fs::write(top.join("secret.yaml"), "id: secret\n").unwrap();
    std::os::unix::fs::symlink(
        "../../secret.yaml",
        project.dir().join("assessments/link.yaml"),
    )
    .unwrap();
    git(&top, &["add", "-A"]);
    git(&top, &["commit", "-q", "-m", "link"]);
    std::fs::remove_file(project.dir().join("assessments/link.yaml")).unwrap();
    let run = project.run(&[
        "diff",
        "HEAD:assessments/link.yaml",
        "assessments/helpdesk.yaml",
    ]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.contains("error[E014]") && run.stderr.contains("a link"),
        "{}",
        run.stderr
    );
    let run = project.run(&["diff", "--base", "HEAD"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(
        run.stderr
            .contains("not compared: `HEAD:assessments/link.yaml`"),
        "{}",
        run.stderr
    );
}

#[test]
fn control_characters_in_a_change_are_shown_escaped() {
    let new = edit(
        &base(),
        "title: Role-based access",
        "title: \"Access\\e[31m red\\u202e\\nforged line\"",
    );
    for format in ["human", "markdown", "json"] {
        let run = diff(&base(), &new, format);
        assert_eq!(run.code, 1, "{}", run.all());
        assert!(
            !run.stdout.contains('\u{1b}') && !run.stdout.contains('\u{202e}'),
            "{format}: {}",
            run.stdout
        );
        assert!(
            !run.stdout.contains("\nforged line"),
            "{format}: {}",
            run.stdout
        );
    }
    let run = diff(&base(), &new, "human");
    assert!(
        run.stdout
            .contains("`Access\\u{1b}[31m red\\u{202e}\\u{a}forged line`"),
        "{}",
        run.stdout
    );
    let run = diff(&base(), &new, "json");
    assert_eq!(
        run.json()["assessments"][0]["changes"][0]["new"],
        "Access\u{1b}[31m red\u{202e}\nforged line"
    );
}

#[test]
fn markdown_cannot_be_injected() {
    use pulldown_cmark::{Event, Options, Parser, Tag};

    let hostile = "<script>alert(1)</script> @admin [x](javascript:alert(1)) `code` # h";
    let old = edit(
        &base(),
        "title: Customer helpdesk",
        &format!("title: \"{hostile}\""),
    );
    let new = edit(
        &old,
        "title: Role-based access",
        "title: \"a`b``c <img src=x>\"",
    );
    let run = diff(&old, &new, "markdown");
    assert_eq!(run.code, 1, "{}", run.all());
    let md = &run.stdout;
    assert!(md.starts_with("## dpia diff\n"), "{md}");
    // The title is escaped text in the heading.
    assert!(
        md.contains("### `helpdesk`: \\<script\\>alert\\(1\\)\\<\\/script\\> \\@admin \\[x\\]\\(javascript\\:alert\\(1\\)\\) \\`code\\` \\# h (changed)"),
        "{md}"
    );
    // A value is a code span longer than any run of backticks in it.
    assert!(
        md.contains("- changed: `/measures/0/title` (in `M1`): `Role-based access` -> ```a`b``c <img src=x>```"),
        "{md}"
    );
    // Read as Markdown: no HTML, no link, no heading of the author's; the
    // text shown is the text as written.
    let mut shown = String::new();
    let mut headings = 0;
    for event in Parser::new_ext(md, Options::all()) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("HTML `{h}` in {md}"),
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => panic!("a link in {md}"),
            Event::Start(Tag::Heading { .. }) => headings += 1,
            Event::Text(t) | Event::Code(t) => shown.push_str(&t),
            _ => {}
        }
    }
    assert_eq!(headings, 2, "{md}");
    assert!(shown.contains(hostile), "{shown}");
    assert!(shown.contains("a`b``c <img src=x>"), "{shown}");
}

// The JSON shape.

#[test]
fn the_json_has_the_documented_shape() {
    let new = edit(
        &edit(&base(), "status: in-review", "status: draft"),
        "residual: {likelihood: remote, severity: significant}",
        "residual: {likelihood: probable, severity: significant}",
    );
    let json = diff(&base(), &new, "json").json();
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&json), ["format", "base", "summary", "assessments"]);
    assert_eq!(json["format"], "dpia-diff/1");
    assert_eq!(json["base"], Value::Null);
    assert_eq!(
        keys(&json["summary"]),
        ["changed", "added", "removed", "unchanged", "input_errors"]
    );
    let a = &json["assessments"][0];
    assert_eq!(
        keys(a),
        [
            "id",
            "title",
            "state",
            "old",
            "new",
            "overall_residual",
            "changes"
        ]
    );
    assert_eq!(
        (&a["id"], &a["state"], &a["old"], &a["new"]),
        (
            &Value::from("helpdesk"),
            &Value::from("changed"),
            &Value::from("old.yaml"),
            &Value::from("new.yaml")
        )
    );
    assert_eq!(
        a["overall_residual"]["new"],
        serde_json::json!({"rating": "high", "label": "High"})
    );
    let names: Vec<&str> = ChangeKind::ALL.iter().map(|k| k.as_str()).collect();
    for change in a["changes"].as_array().unwrap() {
        assert_eq!(
            keys(change),
            ["kind", "path", "item", "field", "old", "new", "summary"]
        );
        assert!(names.contains(&change["kind"].as_str().unwrap()));
    }
    assert_eq!(
        kinds(a["changes"].as_array().unwrap()),
        ["status-changed", "overall-residual-changed", "risk-rerated"]
    );
}

#[test]
fn the_readme_documents_every_kind_of_change() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme
        .split("## Semantic diff")
        .nth(1)
        .expect("a README section `Semantic diff`");
    for kind in ChangeKind::ALL {
        let name = kind.as_str();
        assert!(
            section.contains(&format!("`{name}`")),
            "the README does not document `{name}`"
        );
        assert_eq!(serde_json::to_value(kind).unwrap(), name);
    }
}

#[test]
fn the_command_line_takes_two_versions_or_a_base() {
    for args in [
        vec!["diff"],
        vec!["diff", "old.yaml"],
        vec!["diff", "a", "b", "c"],
    ] {
        let run = versions(&base(), &base()).run(&args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(
            run.stderr.contains("compares two versions"),
            "{}",
            run.stderr
        );
    }
    let run = versions(&base(), "id: x\n").run(&["diff", "old.yaml", "new.yaml"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.contains("error[E102]") && run.stderr.contains("new.yaml"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

// Canonical content read back.

/// Every assessment file of the bundled examples and the fixtures, with
/// the project it is read with (the nearest `dpia.yaml` under the
/// repository, else the CLI fixtures').
fn every_assessment() -> Vec<(PathBuf, PathBuf)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if !path.ends_with("matrices") && !path.ends_with("i18n") {
                    walk(&path, out);
                }
            } else if path.extension().is_some_and(|e| e == "yaml") && !path.ends_with("dpia.yaml")
            {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root().join("assessments"), &mut files);
    walk(&root().join("tests/fixtures"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let project = if file.starts_with(root().join("assessments")) {
                root().join("dpia.yaml")
            } else {
                file.ancestors()
                    .skip(1)
                    .take_while(|d| d.starts_with(root().join("tests/fixtures")))
                    .map(|d| d.join("dpia.yaml"))
                    .find(|p| p.is_file())
                    .unwrap_or_else(|| root().join("tests/fixtures/cli/dpia.yaml"))
            };
            let rel = |p: &Path| p.strip_prefix(root()).unwrap().to_path_buf();
            (rel(&file), rel(&project))
        })
        .collect()
}

#[test]
fn canonical_content_reads_back_to_the_same_bytes_and_no_change() {
    let mut read_back = 0;
    for (file, project) in every_assessment() {
        let analysis = analyse(
            Some(&project),
            std::slice::from_ref(&file),
            root(),
            common::as_of(),
        );
        let (Some(project), [checked]) = (&analysis.project, analysis.assessments.as_slice())
        else {
            continue;
        };
        let bytes = canonical(&checked.model.assessment);
        let mut sources = Sources::new();
        let (model, scored) = load_canonical(&bytes, "approved", project, &mut sources)
            .unwrap_or_else(|problems| {
                panic!(
                    "{}: {}",
                    file.display(),
                    dpia::diagnostic::render_human(&problems, &sources, false)
                )
            });
        assert_eq!(canonical(&model.assessment), bytes, "{}", file.display());
        assert_eq!(scored, checked.scored, "{}", file.display());
        let approved = Side::canonical(&model, &scored);
        let current = Side::file(&checked.model, &checked.scored);
        assert_eq!(changes(&approved, &current), [], "{}", file.display());
        assert_eq!(changes(&current, &approved), [], "{}", file.display());
        read_back += 1;
    }
    assert!(
        read_back >= 100,
        "only {read_back} assessments were read back"
    );
}

#[test]
fn an_approved_version_knows_no_status_but_every_content_change() {
    let project_file = root().join("tests/fixtures/cli/dpia.yaml");
    let mut sources = Sources::new();
    let project = open_project(Some(&project_file), root(), &mut sources).unwrap();
    let load = |text: &str, sources: &mut Sources| {
        let id = sources.add(SourceFile::new("x.yaml", text));
        let (model, _) = load_assessment(sources.get(id), id, &project).unwrap();
        let scored = score_assessment(&model);
        (model, scored)
    };
    let (approved, approved_scores) = load(&base(), &mut sources);
    let bytes = canonical(&approved.assessment);
    let (from_bytes, from_bytes_scores) =
        load_canonical(&bytes, "approved", &project, &mut sources).unwrap();
    let since = Side::canonical(&from_bytes, &from_bytes_scores);
    // A new status and a sign-off are not content: no change.
    let signed = edit(&base(), "status: in-review", "status: approved")
        + "sign_off:\n  measures_approved_by: {name: Sam Lee, date: 2024-02-01}\n";
    let (now, now_scores) = load(&signed, &mut sources);
    assert_eq!(changes(&since, &Side::file(&now, &now_scores)), []);
    // The file's own status is known: from one file to another, it shows.
    let kinds: Vec<ChangeKind> = changes(
        &Side::file(&approved, &approved_scores),
        &Side::file(&now, &now_scores),
    )
    .iter()
    .map(|c| c.kind)
    .collect();
    assert_eq!(kinds, [ChangeKind::StatusChanged, ChangeKind::FieldAdded]);
    // A re-rating shows against the approved version.
    let rerated = edit(&signed, "likelihood: remote", "likelihood: probable");
    let (now, now_scores) = load(&rerated, &mut sources);
    let found = changes(&since, &Side::file(&now, &now_scores));
    assert_eq!(
        found
            .iter()
            .map(dpia::diff::Change::summary)
            .collect::<Vec<_>>(),
        [
            "overall residual risk: `Low` -> `High`",
            "risk `R1` residual: `Low` -> `High` (likelihood `remote` -> `probable`)"
        ]
    );
}

#[test]
fn content_not_in_canonical_form_is_refused() {
    let project_file = root().join("tests/fixtures/cli/dpia.yaml");
    let mut sources = Sources::new();
    let project = open_project(Some(&project_file), root(), &mut sources).unwrap();
    let minimal = serde_json::json!({"id": "x", "title": "T", "status": "draft"});
    let minimal: dpia::model::assessment::Assessment = serde_json::from_value(minimal).unwrap();
    let good = String::from_utf8(canonical(&minimal)).unwrap();
    assert_eq!(
        good,
        r#"{"assessment":{"id":"x","role":"controller","title":"T"},"canonical":"dpia-assessment/1"}"#
    );
    assert!(load_canonical(good.as_bytes(), "good", &project, &mut sources).is_ok());
    for bad in [
        "not json".to_owned(),
        good.replace("dpia-assessment/1", "dpia-assessment/2"),
        r#"{"canonical":"dpia-assessment/1","assessment":{"id":"x","role":"controller","title":"T"}}"#.to_owned(),
        good.replace(',', ", "),
        good.replace(r#""title":"T""#, r#""risks":[],"title":"T""#),
        good.replace(r#""title":"T""#, r#""title":"T","title":"U""#),
        good.replace(r#""id":"x""#, r#""id":"x","status":"approved""#),
        r#"{"canonical":"dpia-assessment/1"}"#.to_owned(),
        format!("{good}\n"),
    ] {
        let problems = load_canonical(bad.as_bytes(), "bad", &project, &mut sources)
            .expect_err(&bad);
        let codes: Vec<&str> = problems.iter().map(|d| d.code).collect();
        assert!(
            codes.iter().any(|c| ["E023", "E006", "E007"].contains(c)),
            "{bad}: {codes:?}"
        );
    }
    // Checked as a file is: the schema, the model.
    let problems = load_canonical(
        br#"{"assessment":{"id":"x","risk_matrix":"none","role":"controller","title":"T"},"canonical":"dpia-assessment/1"}"#,
        "bad",
        &project,
        &mut sources,
    )
    .unwrap_err();
    assert_eq!(problems[0].code, "E204");
    // Hostile text survives the round trip exactly.
    let text = "a\u{1b}[8m\u{7f}\u{85}\u{9b}\u{2028}\u{202e}\"\\\u{1}z";
    let hostile = serde_json::json!({"id": "x", "title": text, "status": "draft"});
    let a: dpia::model::assessment::Assessment = serde_json::from_value(hostile).unwrap();
    let bytes = canonical(&a);
    let (model, _) = load_canonical(&bytes, "hostile", &project, &mut sources).unwrap();
    assert_eq!(model.assessment.title, text);
}

// No change is silent.

mod every_field {
    use super::*;
    use crate::maximal::{Kind, Settings, changed, maximal};
    use dpia::schema::{SchemaKind, schema_document};

    const ORGANISATIONS: [&str; 3] = ["maximal-org", "joint-org-1", "joint-org-2"];

    fn matrix() -> Value {
        let text = std::fs::read_to_string(root().join("src/matrices/ico-3x3.yaml")).unwrap();
        dpia::yaml::parse(&SourceFile::new("ico-3x3.yaml", text), 0)
            .unwrap()
            .to_json()
    }

    fn project_file() -> String {
        let mut text =
            "name: Maximal\njurisdiction: uk\nrisk_matrix: ico-3x3\norganisations:\n".to_owned();
        for id in ORGANISATIONS {
            text.push_str(&format!("  - id: {id}\n    name: Organisation {id}\n"));
        }
        text
    }

    /// Every field of the maximal assessment changed in turn (a value, a
    /// text, another shape of it, or left out) is a change, from one file
    /// to another and from an approved version, unless it is an approval;
    /// and each version read back from its canonical content is no change.
    #[test]
    fn every_change_of_every_field_is_reported() {
        let suppress: Vec<String> = dpia::rules::RULES
            .iter()
            .map(|r| r.meta().code.to_owned())
            .take(2)
            .collect();
        let m = maximal(
            schema_document(SchemaKind::Assessment),
            &Settings {
                id: "maximal",
                prefix: "MK",
                organisations: &ORGANISATIONS,
                matrix: &matrix(),
                language: "en-GB",
                suppress: &suppress,
            },
        );
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("dpia.yaml"), project_file()).unwrap();
        let mut sources = Sources::new();
        let project = open_project(Some(Path::new("dpia.yaml")), dir.path(), &mut sources).unwrap();
        let load = |value: &Value, sources: &mut Sources| {
            let text = serde_json::to_string_pretty(value).unwrap();
            let id = sources.add(SourceFile::new("maximal.yaml", text));
            let (model, _) = load_assessment(sources.get(id), id, &project).unwrap_or_else(|p| {
                panic!("{}", dpia::diagnostic::render_human(&p, sources, false))
            });
            let scored = score_assessment(&model);
            (model, scored)
        };
        let (base_model, base_scores) = load(&m.assessment, &mut sources);
        let base_bytes = canonical(&base_model.assessment);
        let (approved, approved_scores) =
            load_canonical(&base_bytes, "approved", &project, &mut sources).unwrap();
        let file = Side::file(&base_model, &base_scores);
        let since = Side::canonical(&approved, &approved_scores);
        let mut silent = Vec::new();
        let mut tried = 0;
        for leaf in &m.leaves {
            let to = match &leaf.kind {
                Kind::Text(marker) => Some(Value::String(format!("{marker} changed"))),
                Kind::Value(to) => to.clone(),
                Kind::Shape(to, _) => Some(to.clone()),
                Kind::Id(_) | Kind::Fixed => continue,
            };
            let variant = changed(&m.assessment, &leaf.pointer, to.as_ref());
            let (model, scores) = load(&variant, &mut sources);
            let new = Side::file(&model, &scores);
            tried += 1;
            if changes(&file, &new).is_empty() {
                silent.push(format!("{} (file to file)", leaf.pointer));
            }
            let approval = APPROVALS
                .iter()
                .any(|a| leaf.pointer == *a || leaf.pointer.starts_with(&format!("{a}/")));
            if !approval && changes(&since, &new).is_empty() {
                silent.push(format!("{} (since approval)", leaf.pointer));
            }
            let bytes = canonical(&model.assessment);
            let (back, back_scores) = load_canonical(&bytes, "variant", &project, &mut sources)
                .unwrap_or_else(|p| {
                    panic!(
                        "{}: {}",
                        leaf.pointer,
                        dpia::diagnostic::render_human(&p, &sources, false)
                    )
                });
            assert_eq!(
                changes(&Side::canonical(&back, &back_scores), &new),
                [],
                "{}",
                leaf.pointer
            );
        }
        assert!(tried > 300, "only {tried} changes were tried");
        assert!(
            silent.is_empty(),
            "changes not reported:\n{}",
            silent.join("\n")
        );
    }
}
