//! Build script: the digest of what this dpia is built from (its code,
//! templates, schemas, manifest and lock file, the compiler, the target and
//! the profile), as `DPIA_SOURCE_DIGEST`. A build record
//! (`src/render/manifest.rs`) written by one dpia is trusted only by a
//! dpia built from the same: a change to any template or line of code
//! rebuilds every report, though the version number stays the same.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let mut files = Vec::new();
    for dir in ["src", "templates", "schemas"] {
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
