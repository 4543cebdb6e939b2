//! The CI integrations shipped at the repository's top: the composite
//! GitHub Action (`action.yml`), the GitLab CI template
//! (`.gitlab/dpia.gitlab-ci.yml`) and the pre-commit hook
//! (`.pre-commit-hooks.yaml`). Their scripts run here as the runners would
//! run them, with this build's `dpia` on the path; `.ci/run` validates the
//! files against the published schemas and installs the hook with
//! `pre-commit try-repo`.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::{TODAY, root};

/// A YAML file of the repository as JSON.
fn yaml(path: &str) -> Value {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    dpia::yaml::parse(&dpia::source::SourceFile::new(path, text), 0)
        .unwrap_or_else(|e| panic!("{path}: {e:?}"))
        .to_json()
}

/// `PATH` with this build's `dpia` first.
fn path_with_dpia() -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_dpia")).parent().unwrap();
    let mut paths = vec![bin.to_path_buf()];
    paths.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap()));
    std::env::join_paths(paths).unwrap()
}

/// A bash script run in `dir` with `env`, as a runner would.
fn bash(script: &str, dir: &Path, path: &std::ffi::OsStr, env: &[(&str, &str)]) -> (i32, String) {
    let out = Command::new("bash")
        .args(["-eo", "pipefail", "-c", script])
        .current_dir(dir)
        .env_clear()
        .env("PATH", path)
        .env("HOME", std::env::var_os("HOME").unwrap())
        .env("DPIA_TODAY", TODAY)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

/// The outputs a step wrote to `$GITHUB_OUTPUT`.
fn outputs(file: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

#[test]
fn the_action_annotates_writes_the_sarif_log_and_fails_as_check_does() {
    let action = yaml("action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    let steps = action["runs"]["steps"].as_array().unwrap();
    let check = steps.iter().find(|s| s["id"] == "check").unwrap();
    let script = check["run"].as_str().unwrap();
    // Every input reaches the script through the environment.
    for (name, value) in check["env"].as_object().unwrap() {
        assert!(value.as_str().unwrap().starts_with("${{ inputs."), "{name}");
        assert!(!script.contains("${{"), "inputs are not script text");
    }
    let inputs = action["inputs"].as_object().unwrap();
    let run = |paths: &str, fail_on: &str, strict: &str| {
        let temp = tempfile::tempdir().unwrap();
        let output = temp.path().join("output");
        let runner_temp = temp.path().display().to_string();
        let (code, log) = bash(
            script,
            root(),
            &path_with_dpia(),
            &[
                ("DPIA_PATHS", paths),
                ("DPIA_PROJECT", "tests/fixtures/cli/dpia.yaml"),
                ("DPIA_FAIL_ON", fail_on),
                ("DPIA_STRICT", strict),
                ("GITHUB_OUTPUT", output.to_str().unwrap()),
                ("RUNNER_TEMP", &runner_temp),
            ],
        );
        let outputs = outputs(&output);
        let sarif = outputs
            .iter()
            .find(|(k, _)| k == "sarif")
            .and_then(|(_, v)| std::fs::read_to_string(v).ok());
        (code, log, outputs, sarif, temp)
    };
    let warning = "tests/fixtures/cli/warning-only.yaml";
    let both = format!("{warning}\n  tests/fixtures/cli/high-residual.yaml");
    // The step itself passes; its exit-code output carries check's.
    let default = |name: &str| inputs[name]["default"].as_str().unwrap().to_owned();
    let (code, log, out, sarif, _t) = run(warning, &default("fail-on"), &default("strict"));
    assert_eq!(code, 0, "{log}");
    assert!(
        log.contains("::warning file=tests/fixtures/cli/warning-only.yaml"),
        "{log}"
    );
    assert!(out.contains(&("exit-code".into(), "0".into())), "{out:?}");
    let sarif: Value = serde_json::from_str(&sarif.unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let (_, log, out, _, _t) = run(warning, "warning", "false");
    assert!(out.contains(&("exit-code".into(), "1".into())), "{log}");
    let (_, log, out, sarif, _t) = run(&both, "error", "true");
    assert!(out.contains(&("exit-code".into(), "1".into())), "{log}");
    assert!(
        log.contains("::error file=tests/fixtures/cli/high-residual.yaml"),
        "{log}"
    );
    let sarif: Value = serde_json::from_str(&sarif.unwrap()).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "R001"), "{sarif}");
    let (code, log, _, _, _t) = run(warning, "error", "yes");
    assert_eq!(code, 2, "{log}");
    assert!(
        log.contains("::error title=dpia::the strict input is true or false"),
        "{log}"
    );
    // The last step fails the job with check's exit code.
    let fail = steps.last().unwrap();
    assert_eq!(fail["if"], "steps.check.outputs.exit-code != '0'");
    let (code, _) = bash(
        fail["run"].as_str().unwrap(),
        root(),
        &path_with_dpia(),
        &[("DPIA_EXIT", "2")],
    );
    assert_eq!(code, 2);
}

#[test]
fn the_gitlab_template_writes_both_reports_and_fails_as_check_does() {
    let template = yaml(".gitlab/dpia.gitlab-ci.yml");
    let job = &template["dpia-check"];
    assert_eq!(job["artifacts"]["when"], "always");
    assert_eq!(
        job["artifacts"]["reports"]["codequality"],
        "gl-code-quality.json"
    );
    assert_eq!(job["artifacts"]["reports"]["junit"], "dpia-junit.xml");
    let script =
        job["script"]
            .as_array()
            .unwrap()
            .iter()
            .fold(String::new(), |mut script, line| {
                script.push_str(line.as_str().unwrap());
                script.push('\n');
                script
            });
    let defaults: Vec<(String, String)> = job["variables"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect();
    let run = |paths: &str, path: &std::ffi::OsStr| {
        let temp = tempfile::tempdir().unwrap();
        for entry in std::fs::read_dir(root().join("tests/fixtures/cli")).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), temp.path().join(entry.file_name())).unwrap();
        }
        let mut env: Vec<(&str, &str)> = defaults
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        env.push(("DPIA_PATHS", paths));
        let (code, log) = bash(&script, temp.path(), path, &env);
        (code, log, temp)
    };
    let (code, log, dir) = run("warning-only.yaml", &path_with_dpia());
    assert_eq!(code, 0, "{log}");
    let quality: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("gl-code-quality.json")).unwrap())
            .unwrap();
    let issues = quality.as_array().unwrap();
    assert!(
        issues.iter().any(|i| i["check_name"] == "R004"),
        "{quality}"
    );
    assert!(
        issues.iter().all(|i| i["severity"] != "critical"),
        "{quality}"
    );
    let junit = std::fs::read_to_string(dir.path().join("dpia-junit.xml")).unwrap();
    roxmltree::Document::parse(&junit).unwrap();
    let (code, log, dir) = run("warning-only.yaml high-residual.yaml", &path_with_dpia());
    assert_eq!(code, 1, "{log}");
    let junit = std::fs::read_to_string(dir.path().join("dpia-junit.xml")).unwrap();
    assert!(junit.contains("R001"), "{junit}");
    // Without dpia on the path and without DPIA_GIT, the job says what to set.
    let (code, log, _dir) = run("", std::ffi::OsStr::new("/usr/bin:/bin"));
    assert_eq!(code, 2, "{log}");
    assert!(log.contains("set DPIA_GIT"), "{log}");
}

#[test]
fn the_pre_commit_hook_runs_on_assessments_and_project_files_only() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hook = &hooks[0];
    assert_eq!(hook["id"], "dpia-check");
    assert_eq!(hook["entry"], "dpia check");
    assert_eq!(hook["language"], "rust");
    // pre-commit matches `files` with Python's re.search; this pattern
    // means the same to the regex crate.
    let files = regex::Regex::new(hook["files"].as_str().unwrap()).unwrap();
    for path in [
        "dpia.yaml",
        "assessments/helpdesk.yaml",
        "assessments/helpdesk.approvals.yaml",
        "assessments/team/cctv.yml",
        "matrices/council-5x5.yaml",
        "privacy/dpia.yaml",
    ] {
        assert!(files.is_match(path), "{path}");
    }
    for path in [
        ".github/workflows/ci.yml",
        ".gitlab-ci.yml",
        "docker-compose.yaml",
        "assessments/notes.md",
        "my-dpia.yaml",
    ] {
        assert!(!files.is_match(path), "{path}");
    }
}
