//! Writing outputs atomically: a build that fails or is killed never leaves
//! a truncated file in the output folder and never destroys the previous
//! good output.
//!
//! Each file is written in full to a staging folder beside the output
//! folder (`.out.staging` next to `out/`), flushed to disk, and renamed over
//! its final name, which the operating system does in one step. The output
//! folder itself only ever holds complete files. A staging folder left by a
//! killed build is emptied by the next one.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where a build writes, and the staging folder beside it.
#[derive(Debug, Clone)]
pub struct OutputDir {
    /// The output folder (`out/`).
    root: PathBuf,
    /// The staging folder (`.out.staging` beside it).
    staging: PathBuf,
}

impl OutputDir {
    /// Prepares an output folder: creates it and a clean staging folder.
    pub fn create(root: &Path) -> std::io::Result<OutputDir> {
        fs::create_dir_all(root)?;
        let name = root
            .file_name()
            .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
        let parent = root
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let staging = parent.join(format!(".{name}.staging"));
        if staging.exists() {
            fs::remove_dir_all(&staging)?;
        }
        fs::create_dir_all(&staging)?;
        Ok(OutputDir {
            root: root.to_path_buf(),
            staging,
        })
    }

    /// The output folder.
    #[must_use]
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes `bytes` to `relative` (inside the output folder) atomically:
    /// in full to the staging folder, flushed, then renamed into place.
    pub fn write(&self, relative: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
        let target = self.root.join(relative);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir)?;
        }
        let staged = self
            .staging
            .join(relative.to_string_lossy().replace(['/', '\\'], "__"));
        {
            let mut file = fs::File::create(&staged)?;
            file.write_all(bytes)?;
            file.sync_all()?;
        }
        if let Err(e) = fs::rename(&staged, &target) {
            // A staging folder on another file system cannot be renamed
            // from: stage beside the target instead, hidden, then rename.
            let beside = target.with_file_name(format!(
                ".{}.partial",
                target
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
            ));
            fs::copy(&staged, &beside).map_err(|_| e)?;
            fs::remove_file(&staged)?;
            fs::rename(&beside, &target)?;
        }
        Ok(target)
    }

    /// Removes the staging folder once the build is over.
    pub fn finish(self) -> std::io::Result<()> {
        fs::remove_dir_all(&self.staging)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_whole_files_and_leave_no_staging() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::create(&dir.path().join("out")).unwrap();
        out.write(Path::new("dpia/a.html"), b"first").unwrap();
        out.write(Path::new("dpia/a.html"), b"second").unwrap();
        assert_eq!(
            fs::read(dir.path().join("out/dpia/a.html")).unwrap(),
            b"second"
        );
        out.finish().unwrap();
        assert!(!dir.path().join(".out.staging").exists());
        let names: Vec<_> = fs::read_dir(dir.path().join("out/dpia")).unwrap().collect();
        assert_eq!(names.len(), 1);
    }
}
