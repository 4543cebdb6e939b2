//! Build script: the digest of what this dpia is built from (its code,
//! templates, schemas, vendored crates, manifest and lock file, the
//! compiler, the target and the profile), as `DPIA_SOURCE_DIGEST`. A build record
//! (`src/render/manifest.rs`) written by one dpia is trusted only by a
//! dpia built from the same: a change to any template or line of code
//! rebuilds every report, though the version number stays the same.
//!
//! Also the commit it is built from, as `DPIA_COMMIT`, which `dpia
//! --version` prints: `commit 0123456789ab` (`, modified` when the code
//! differed from it), from git or, in a packaged crate, from the
//! `.cargo_vcs_info.json` cargo wrote; `commit unknown` without either.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let mut files = Vec::new();
    for dir in ["src", "templates", "schemas", "vendor"] {
        println!("cargo:rerun-if-changed={dir}");
        collect(&root.join(dir), &mut files);
    }
    for file in ["Cargo.toml", "Cargo.lock", "build.rs"] {
        println!("cargo:rerun-if-changed={file}");
        files.push(root.join(file));
    }
    files.sort();
    let mut hasher = Sha256::new();
    let mut part = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    for file in &files {
        let name = file.strip_prefix(&root).unwrap_or(file);
        part(name.to_string_lossy().as_bytes());
        part(&std::fs::read(file).unwrap_or_default());
    }
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let compiler = Command::new(rustc)
        .arg("-vV")
        .output()
        .map(|o| o.stdout)
        .unwrap_or_default();
    part(&compiler);
    for variable in ["TARGET", "PROFILE", "OPT_LEVEL", "DEBUG"] {
        part(std::env::var(variable).unwrap_or_default().as_bytes());
    }
    let digest = hasher.finalize();
    let hex = digest.iter().fold(String::new(), |mut hex, b| {
        let _ = write!(hex, "{b:02x}");
        hex
    });
    println!("cargo:rustc-env=DPIA_SOURCE_DIGEST={hex}");
    println!("cargo:rustc-env=DPIA_COMMIT={}", commit(&root));
}

/// The commit the code is built from, as `--version` shows it.
fn commit(root: &Path) -> String {
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(root)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
    };
    // Run again when HEAD moves: HEAD itself, the branch it names, and the
    // packed refs (paths as git gives them, worktrees included).
    let mut watched = vec!["HEAD".to_owned(), "packed-refs".to_owned()];
    watched.extend(git(&["symbolic-ref", "-q", "HEAD"]));
    for name in &watched {
        if let Some(path) = git(&["rev-parse", "--git-path", name]) {
            println!("cargo:rerun-if-changed={}", root.join(path).display());
        }
    }
    if let Some(hash) = git(&["rev-parse", "--short=12", "HEAD"]).filter(|h| !h.is_empty()) {
        let modified = git(&[
            "status",
            "--porcelain",
            "--untracked-files=no",
            "--",
            "src",
            "templates",
            "schemas",
            "vendor",
            "Cargo.toml",
            "Cargo.lock",
            "build.rs",
        ])
        .is_some_and(|changes| !changes.is_empty());
        return format!("commit {hash}{}", if modified { ", modified" } else { "" });
    }
    // A crate packaged by cargo names its commit in .cargo_vcs_info.json.
    let info = std::fs::read_to_string(root.join(".cargo_vcs_info.json")).unwrap_or_default();
    let sha = info
        .split("\"sha1\"")
        .nth(1)
        .and_then(|rest| rest.split('"').nth(1))
        .filter(|sha| sha.len() >= 12 && sha.bytes().all(|b| b.is_ascii_hexdigit()));
    match sha {
        Some(sha) => format!("commit {}", &sha[..12]),
        None => "commit unknown".to_owned(),
    }
}

/// Every file under `dir`, in any folder.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => collect(&path, files),
            Ok(kind) if kind.is_file() => files.push(path),
            _ => {}
        }
    }
}
