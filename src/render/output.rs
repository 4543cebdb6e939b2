//! Writing outputs atomically: a build that fails or is killed never leaves
//! a truncated file in the output folder and never destroys the previous
//! good output, and two builds into one folder never mix.
//!
//! A build holds a lock on the output folder (`out/.dpia.lock`) from start
//! to end: a second build waits for it. Each file is written in full to a
//! staging folder inside the output folder (`out/.staging`), flushed to
//! disk, and renamed over its final name, which the operating system does
//! in one step. What a killed build leaves behind (the staging folder,
//! hidden `.<name>.partial` files) is removed by the next build, under the
//! lock. Nothing is written outside the output folder: a folder inside it
//! that is a link leading elsewhere is refused.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The lock file a build holds in the output folder.
pub const LOCK_FILE: &str = ".dpia.lock";

/// The staging folder inside the output folder.
pub const STAGING: &str = ".staging";

/// Most entries the clean-up of a previous build looks at: an output folder
/// holds a few files per activity; a larger tree is left as it is.
const MAX_CLEANUP_ENTRIES: usize = 1_000_000;

/// Where a build writes, locked for this build.
#[derive(Debug)]
pub struct OutputDir {
    /// The output folder (`out/`), as given.
    root: PathBuf,
    /// The output folder with links resolved, which every write stays in.
    real: PathBuf,
    /// The staging folder (`out/.staging`).
    staging: PathBuf,
    /// The open lock file; the lock goes when it is closed.
    _lock: fs::File,
}

impl OutputDir {
    /// Prepares an output folder: creates it, takes its lock (calling
    /// `waiting` first when another build holds it, then waiting for it),
    /// removes what a killed build left, and makes a clean staging folder.
    pub fn create(root: &Path, waiting: impl FnOnce()) -> io::Result<OutputDir> {
        fs::create_dir_all(root)?;
        let real = fs::canonicalize(root)?;
        let lock = open_lock(&real.join(LOCK_FILE))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                waiting();
                lock.lock()?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(e),
        }
        let staging = real.join(STAGING);
        remove_leftovers(&real)?;
        fs::create_dir(&staging)?;
        Ok(OutputDir {
            root: root.to_path_buf(),
            real,
            staging,
            _lock: lock,
        })
    }

    /// The output folder.
    #[must_use]
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes `bytes` to `relative` (inside the output folder) atomically:
    /// in full to the staging folder, flushed, then renamed into place.
    pub fn write(&self, relative: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
        let target = self.root.join(relative);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir)?;
            if !fs::canonicalize(dir)?.starts_with(&self.real) {
                return Err(io::Error::other(
                    "its folder is a link that leads outside the output folder",
                ));
            }
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
            // A subfolder on another file system cannot be renamed into
            // from the staging folder: stage beside the target instead,
            // hidden, then rename. The next build removes one left behind.
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

    /// Opens a file a build wrote, to read it back: a regular file whose
    /// folder lies inside the output folder, never through a link (a file
    /// or folder committed as a link must not make dpia read elsewhere).
    pub fn open_existing(&self, relative: &Path) -> io::Result<(fs::File, fs::Metadata)> {
        let target = self.root.join(relative);
        let dir = target.parent().unwrap_or(&self.root);
        if !fs::canonicalize(dir)?.starts_with(&self.real) {
            return Err(io::Error::other(
                "its folder is a link that leads outside the output folder",
            ));
        }
        let mut options = fs::OpenOptions::new();
        options.read(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
        }
        if !fs::symlink_metadata(&target)?.is_file() {
            return Err(io::Error::other("it is not a regular file"));
        }
        let file = options.open(&target)?;
        let metadata = file.metadata()?;
        if !metadata.is_file() {
            return Err(io::Error::other("it is not a regular file"));
        }
        Ok((file, metadata))
    }

    /// Removes the staging folder once the build is over; the lock goes
    /// with `self`.
    pub fn finish(self) -> io::Result<()> {
        fs::remove_dir_all(&self.staging)
    }
}

/// Opens (creating it) the lock file without following a link: a lock
/// file committed as a link must not make dpia create or open a file
/// elsewhere.
fn open_lock(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// Removes what a killed build left in the output folder: the staging
/// folder and hidden `.<name>.partial` files, in any subfolder. Links are
/// removed as links, never followed.
fn remove_leftovers(real: &Path) -> io::Result<()> {
    let staging = real.join(STAGING);
    match fs::symlink_metadata(&staging) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(&staging)?,
        Ok(_) => fs::remove_file(&staging)?,
        Err(_) => {}
    }
    let mut pending = vec![real.to_path_buf()];
    let mut seen = 0;
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            seen += 1;
            if seen > MAX_CLEANUP_ENTRIES {
                return Ok(());
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if kind.is_dir() {
                pending.push(entry.path());
            } else if name.starts_with('.') && name.ends_with(".partial") {
                fs::remove_file(entry.path())?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_whole_files_and_leave_nothing_beside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::create(&dir.path().join("out"), || {}).unwrap();
        out.write(Path::new("dpia/a.html"), b"first").unwrap();
        out.write(Path::new("dpia/a.html"), b"second").unwrap();
        assert_eq!(
            fs::read(dir.path().join("out/dpia/a.html")).unwrap(),
            b"second"
        );
        out.finish().unwrap();
        let beside: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(beside.len(), 1, "only out/ itself: {beside:?}");
        assert!(!dir.path().join("out").join(STAGING).exists());
        let names: Vec<_> = fs::read_dir(dir.path().join("out/dpia")).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_second_build_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutputDir::create(&dir.path().join("out"), || {}).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let path = dir.path().join("out");
        let second = std::thread::spawn(move || {
            let out = OutputDir::create(&path, || tx.send("waiting").unwrap()).unwrap();
            out.write(Path::new("b.html"), b"b").unwrap();
            out.finish().unwrap();
        });
        assert_eq!(rx.recv().unwrap(), "waiting");
        first.write(Path::new("a.html"), b"a").unwrap();
        first.finish().unwrap();
        second.join().unwrap();
        assert!(dir.path().join("out/a.html").is_file());
        assert!(dir.path().join("out/b.html").is_file());
    }

    #[test]
    fn leftovers_of_a_killed_build_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        fs::create_dir_all(out.join(STAGING)).unwrap();
        fs::create_dir_all(out.join("dpia")).unwrap();
        fs::write(out.join(STAGING).join("dpia__a.pdf"), b"half").unwrap();
        fs::write(out.join("dpia/.a.pdf.partial"), b"half").unwrap();
        fs::write(out.join("dpia/a.pdf"), b"%PDF- previous").unwrap();
        let built = OutputDir::create(&out, || {}).unwrap();
        built.finish().unwrap();
        assert!(!out.join("dpia/.a.pdf.partial").exists());
        assert!(!out.join(STAGING).exists());
        assert_eq!(fs::read(out.join("dpia/a.pdf")).unwrap(), b"%PDF- previous");
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_linked_out_of_the_output_folder_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        fs::create_dir(dir.path().join("out")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, dir.path().join("out/dpia")).unwrap();
        std::os::unix::fs::symlink(elsewhere.join("x"), dir.path().join("out").join(LOCK_FILE))
            .unwrap_or(());
        let built = OutputDir::create(&dir.path().join("out"), || {});
        // A lock file committed as a link is not followed: the build stops.
        assert!(built.is_err());
        assert!(!elsewhere.join("x").exists());
        fs::remove_file(dir.path().join("out").join(LOCK_FILE)).unwrap();
        let built = OutputDir::create(&dir.path().join("out"), || {}).unwrap();
        assert!(built.write(Path::new("dpia/a.html"), b"a").is_err());
        assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
    }
}
