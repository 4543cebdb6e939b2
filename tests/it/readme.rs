//! Keeps the README true: every block introduced by a marker such as
//! `<!-- dpia: check -->` must be exactly what that command prints today.
//! `<!-- dpia-scratch: ... -->` runs in a scratch folder shared by the
//! README's scratch commands, in order. A trailing `| head -n N` keeps the
//! first N lines. `<!-- file: PATH -->` marks a block that is the file at
//! PATH (an example CI configuration that `.ci/run` validates). Run with `DPIA_UPDATE_README=1` to rewrite the blocks.

use std::path::Path;
use std::process::Command;

/// Splits a command line on spaces, honouring double quotes.
fn split(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    out.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            _ => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(word);
    }
    out
}

fn run(command: &str, dir: &Path) -> String {
    let (command, head) = match command.split_once(" | head -n ") {
        Some((c, n)) => (c, Some(n.trim().parse::<usize>().unwrap())),
        None => (command, None),
    };
    let output = Command::new(env!("CARGO_BIN_EXE_dpia"))
        .args(split(command))
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1763769600")
        .env_remove("DPIA_TODAY")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .output()
        .unwrap();
    let mut text = String::from_utf8(output.stdout).unwrap();
    text.push_str(&String::from_utf8(output.stderr).unwrap());
    if let Some(n) = head {
        text = text.lines().take(n).flat_map(|l| [l, "\n"]).collect();
    }
    text
}

#[test]
fn readme_command_output_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let mut out = String::new();
    let mut stale = Vec::new();
    let mut lines = readme.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        let marker = line
            .trim()
            .strip_prefix("<!-- ")
            .and_then(|l| l.strip_suffix(" -->"));
        let Some((kind, command)) = marker.and_then(|m| m.split_once(": ")) else {
            continue;
        };
        let dir = match kind {
            "dpia" => Some(root),
            "dpia-scratch" => Some(scratch.path()),
            "file" => None,
            _ => continue,
        };
        // The fenced block that follows: ```console, `$ dpia ...`, output, ```.
        let fence = lines.next().expect("a code block follows the marker");
        assert!(fence.starts_with("```"), "a code block follows `{command}`");
        out.push_str(fence);
        // A block whose output holds ``` is fenced with more backticks.
        let ticks: String = fence.chars().take_while(|c| *c == '`').collect();
        let mut old = String::new();
        for body in lines.by_ref() {
            if body.trim_end() == ticks {
                break;
            }
            old.push_str(body);
        }
        let new = if let Some(dir) = dir {
            let shown = command.split(" | ").next().unwrap();
            format!("$ dpia {shown}\n{}", run(command, dir))
        } else {
            std::fs::read_to_string(root.join(command)).unwrap()
        };
        if old != new {
            stale.push(command.to_owned());
        }
        out.push_str(&new);
        out.push_str(&ticks);
        out.push('\n');
    }
    if std::env::var_os("DPIA_UPDATE_README").is_some() {
        std::fs::write(root.join("README.md"), out).unwrap();
    } else {
        assert!(
            stale.is_empty(),
            "README output is out of date for: {stale:?}; run DPIA_UPDATE_README=1 cargo test --test it readme"
        );
    }
}
