//! The generated portfolio and the timing helpers the benchmarks share.
#![allow(dead_code)] // each benchmark uses some of them

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One assessment of the generated portfolio.
pub fn assessment(i: usize) -> String {
    let mut s = format!(
        "# yaml-language-server: $schema=../schemas/assessment.schema.json\n\
         id: activity-{i:04}\n\
         title: Generated processing activity {i}\n\
         status: approved\n\
         version: \"1.{i}\"\n\
         business_area: Service area {a}\n\
         dates: {{created: 2024-01-15, target_go_live: 2024-06}}\n\
         description:\n\
         \x20 nature: >-\n\
         \x20   Case records are collected from service users and partner agencies,\n\
         \x20   held in a hosted case management system and deleted by schedule.\n\
         \x20 scope: Names, contact details, case notes and health information.\n\
         \x20 volumes: {{data_subjects: {subjects}, frequency: daily}}\n\
         data_subjects:\n\
         \x20 - {{id: service-users, name: Service users, vulnerable: true}}\n\
         \x20 - {{id: staff, name: Staff}}\n\
         data_categories:\n\
         \x20 - {{id: contact, name: Contact details, data_subjects: [service-users, staff], retention: {{period: 6 years, trigger: case closure}}}}\n\
         \x20 - {{id: case-notes, name: Case notes, data_subjects: [service-users]}}\n\
         \x20 - {{id: health, name: Health information, special_category_types: [health], data_subjects: [service-users]}}\n\
         purposes:\n\
         \x20 - {{id: casework, name: Managing cases, public_task: true}}\n\
         lawful_bases:\n\
         \x20 - {{purposes: [casework], article_6: e, article_9: h, schedule_1: [2]}}\n\
         systems:\n\
         \x20 - {{id: cms, name: Case management system, kind: cloud-service, country: GB}}\n\
         recipients:\n\
         \x20 - id: supplier\n\
         \x20   name: System supplier {i}\n\
         \x20   kind: processor\n\
         \x20   country: GB\n\
         \x20   agreements: [{{kind: data-processing-agreement, reference: DPA-{i}, status: in-force}}]\n\
         data_flows:\n\
         \x20 - {{id: F1, from: service-users, to: cms, data_categories: [contact, case-notes]}}\n\
         \x20 - {{id: F2, from: cms, to: supplier, data_categories: [contact]}}\n\
         risks:\n",
        a = i % 7,
        subjects = 1000 + i,
    );
    let likelihood = ["remote", "possible", "probable"];
    let severity = ["minimal", "significant", "severe"];
    for r in 1..=10 {
        let l = likelihood[(i + r) % 3];
        let sv = severity[(i * 7 + r) % 3];
        let _ = write!(
            s,
            "  - id: R{r}\n\
             \x20   title: Generated risk {r} of activity {i}\n\
             \x20   description: >-\n\
             \x20     A source of risk and the nature of its potential impact on the\n\
             \x20     people whose data is processed, described in a sentence or two.\n\
             \x20   inherent: {{likelihood: {l}, severity: {sv}}}\n\
             \x20   measures: [M{r}]\n\
             \x20   effect: reduced\n\
             \x20   residual: {{likelihood: remote, severity: {sv}}}\n\
             \x20   owner: Head of Service\n"
        );
    }
    s.push_str("measures:\n");
    for m in 1..=10 {
        let _ = writeln!(
            s,
            "  - {{id: M{m}, description: Generated measure {m} that reduces the risk., owner: IT manager, status: implemented, approved: true}}"
        );
    }
    s.push_str(
        "sign_off:\n\
         \x20 measures_approved_by: {name: Sam Lee, role: Head of Service, date: 2024-02-01}\n\
         \x20 residual_risks_approved_by: {name: Sam Lee, role: Head of Service, date: 2024-02-01}\n\
         \x20 dpo_advice:\n\
         \x20   provided_by: {name: Pat Jones, role: Data Protection Officer, date: 2024-01-25}\n\
         \x20   summary: Processing can proceed with the measures.\n\
         \x20 kept_under_review_by: {name: Pat Jones, role: Data Protection Officer}\n\
         \x20 prior_consultation: {date: 2024-01-30, reference: RFA-1, outcome: Advice received.}\n\
         \x20 review: {frequency: every 12 months, next: 2025-02-01}\n",
    );
    s
}

pub fn write_portfolio(dir: &Path, n: usize) -> u64 {
    std::fs::create_dir_all(dir.join("assessments")).unwrap();
    std::fs::write(
        dir.join("dpia.yaml"),
        "organisations:\n  - {id: council, name: Example Council, public_authority: true, dpo: {name: Pat Jones}}\n",
    )
    .unwrap();
    let mut bytes = 0;
    for i in 0..n {
        let text = assessment(i);
        bytes += text.len() as u64;
        std::fs::write(dir.join(format!("assessments/activity-{i:04}.yaml")), text).unwrap();
    }
    bytes
}

/// Runs the binary once under GNU time; returns (wall time, peak RSS in
/// KiB, exit code). Wall time is measured here, around the whole process.
pub fn measure(dir: &Path, args: &[&str]) -> (Duration, i64, i32) {
    measure_with(Path::new(env!("CARGO_BIN_EXE_dpia")), dir, args)
}

/// As [`measure`], with another `dpia` binary (a baseline to compare with).
pub fn measure_with(binary: &Path, dir: &Path, args: &[&str]) -> (Duration, i64, i32) {
    let mut command = Command::new(binary);
    command.args(args).current_dir(dir);
    run_measured(&mut command)
}

/// Runs `command` under GNU time; returns (wall time, peak memory in KiB,
/// exit code). The peak memory is that of the process and every process
/// it starts (`dpia build` compiles PDFs in worker processes): the largest
/// sum of their resident sets, sampled every 20 ms, or the process's own
/// peak (GNU time's `%M`) if that is larger. Standard output is dropped.
pub fn run_measured(command: &mut Command) -> (Duration, i64, i32) {
    let mut timed = Command::new("/usr/bin/time");
    timed
        .args(["-f", "%M"])
        .arg(command.get_program())
        .args(command.get_args())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(dir) = command.get_current_dir() {
        timed.current_dir(dir);
    }
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => timed.env(key, value),
            None => timed.env_remove(key),
        };
    }
    let start = Instant::now();
    let mut child = timed.spawn().expect("GNU time runs (apt-get install time)");
    // Standard error is read as it comes: a run that writes more than a
    // pipe holds (a hostile input's errors) would otherwise wait forever.
    let mut stderr = child.stderr.take().expect("a pipe");
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stderr, &mut bytes);
        bytes
    });
    let mut sampled = 0;
    while child.try_wait().ok().flatten().is_none() {
        // GNU time's own few hundred KiB are left out: only what it runs.
        let tree: i64 = descendants(child.id())
            .iter()
            .map(|&pid| rss_kib(pid))
            .sum();
        sampled = sampled.max(tree);
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = child.wait().expect("GNU time ends");
    let elapsed = start.elapsed();
    let stderr = reader.join().unwrap_or_default();
    (
        elapsed,
        peak_rss(&stderr).max(sampled),
        status.code().unwrap_or(-1),
    )
}

/// The processes `pid` started, and theirs, from /proc (Linux; none
/// elsewhere).
fn descendants(pid: u32) -> Vec<u32> {
    let mut found = Vec::new();
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return found;
    };
    for task in tasks.flatten() {
        let children = std::fs::read_to_string(task.path().join("children")).unwrap_or_default();
        for child in children.split_whitespace().filter_map(|c| c.parse().ok()) {
            found.push(child);
            found.extend(descendants(child));
        }
    }
    found
}

/// The resident set of a process (KiB), 0 once it has ended.
fn rss_kib(pid: u32) -> i64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// The peak RSS (KiB) GNU time's `-f %M` wrote last on stderr; -1 if none.
pub fn peak_rss(stderr: &[u8]) -> i64 {
    String::from_utf8_lossy(stderr)
        .lines()
        .filter_map(|l| l.trim().parse::<i64>().ok())
        .next_back()
        .unwrap_or(-1)
}

pub fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}
