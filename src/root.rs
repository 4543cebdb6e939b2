//! The project root: the one folder dpia reads from.
//!
//! A repository is hostile input: a pull request can add a symbolic link
//! `assessments/x.yaml -> ~/.docker/config.json`, name `/proc/self/environ`
//! as a matrix file, or put a FIFO where a file should be. Every file dpia
//! reads goes through [`ProjectRoot::open`], which resolves links first and
//! refuses anything that is not a regular file inside the root, without
//! opening it; and every folder search goes through [`ProjectRoot::walk`],
//! which follows no link out of the root and enters each real folder once.
//!
//! The root is the folder of the project file (`dpia.yaml`, found in the
//! current folder or above, or named with `--project`), or the current
//! folder when there is no project file. A file or folder named on the
//! command line that lies outside the root is read too (the person who runs
//! dpia named it): its folder joins the places links may lead to
//! ([`ProjectRoot::with_named`]). A path named inside the root gives nothing
//! more: a link committed in the repository is the repository's content.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The folder every read must stay inside, with links resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectRoot {
    /// The canonical path of the root folder.
    dir: PathBuf,
    /// Canonical folders outside the root that were named on the command
    /// line, which reads may also reach.
    named: Vec<PathBuf>,
}

/// Why a path was not read.
#[derive(Debug)]
pub enum Refusal {
    /// Nothing is there (or a link points at nothing).
    Missing,
    /// The path, once its links are resolved, lies outside the root.
    Outside,
    /// It is a folder, a FIFO, a socket or a device: what it is.
    NotRegular(&'static str),
    /// The operating system refused (permissions...).
    Io(io::Error),
}

impl Refusal {
    /// Why, in words that name neither the target of a link nor anything
    /// read from it.
    #[must_use]
    pub fn reason(&self) -> String {
        match self {
            Refusal::Missing => "no such file".to_owned(),
            Refusal::Outside => "it leads outside the project root".to_owned(),
            Refusal::NotRegular(kind) => format!("it is {kind}, not a regular file"),
            Refusal::Io(e) if e.kind() == io::ErrorKind::PermissionDenied => {
                "permission denied".to_owned()
            }
            Refusal::Io(e) => e.to_string(),
        }
    }
}

impl From<io::Error> for Refusal {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::NotFound {
            Refusal::Missing
        } else {
            Refusal::Io(e)
        }
    }
}

/// What a folder search found.
#[derive(Debug, Default)]
pub struct Walk {
    /// The YAML files (`.yaml`, `.yml`, any case), as shown paths, sorted.
    /// Entries with a YAML name that must be refused (a link out of the
    /// root, a FIFO, a device, a dangling link) are among them, so that
    /// reading them reports the refusal as an input error.
    pub files: Vec<PathBuf>,
    /// Files that are not YAML, and entries that were not followed, with
    /// why; sorted.
    pub skipped: Vec<(PathBuf, &'static str)>,
}

/// What kind of thing a file system entry is, in words.
fn kind_of(file_type: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a link"
    } else {
        "not a regular file"
    }
}

/// Whether a file name ends in `.yaml` or `.yml`, in any case.
#[must_use]
pub fn is_yaml_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

impl ProjectRoot {
    /// The root at `dir`, which must exist.
    pub fn new(dir: &Path) -> io::Result<ProjectRoot> {
        Ok(ProjectRoot {
            dir: fs::canonicalize(dir)?,
            named: Vec::new(),
        })
    }

    /// This root, widened by the paths named on the command line that lie
    /// outside it (as written, `..` taken lexically from `cwd`): for a
    /// folder, the folder; for a file, the folder that holds it.
    #[must_use]
    pub fn with_named(&self, paths: &[PathBuf], cwd: &Path) -> ProjectRoot {
        let mut root = self.clone();
        let Ok(cwd) = fs::canonicalize(cwd) else {
            return root;
        };
        for path in paths {
            let written = lexical(&cwd.join(path));
            if written.starts_with(&self.dir) {
                continue;
            }
            let folder = if written.is_dir() {
                Some(written.as_path())
            } else {
                written.parent()
            };
            if let Some(real) = folder.and_then(|f| fs::canonicalize(f).ok()) {
                root.named.push(real);
            }
        }
        root
    }

    /// The root folder, links resolved.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Where `path` leads, links resolved, if that is inside the root.
    pub fn resolve(&self, path: &Path) -> Result<PathBuf, Refusal> {
        let real = fs::canonicalize(path)?;
        if real.starts_with(&self.dir) || self.named.iter().any(|d| real.starts_with(d)) {
            Ok(real)
        } else {
            Err(Refusal::Outside)
        }
    }

    /// Whether `path` leads to a place inside the root (false when it does
    /// not exist).
    #[must_use]
    pub fn contains(&self, path: &Path) -> bool {
        self.resolve(path).is_ok()
    }

    /// Opens a regular file inside the root for reading. The checks come
    /// before the file is opened (opening a FIFO would block), and again on
    /// the open file, in case the path changed in between.
    pub fn open(&self, path: &Path) -> Result<(fs::File, fs::Metadata), Refusal> {
        let real = self.resolve(path)?;
        let metadata = fs::metadata(&real)?;
        if !metadata.is_file() {
            return Err(Refusal::NotRegular(kind_of(metadata.file_type())));
        }
        let file = open_no_wait(&real)?;
        let metadata = file.metadata()?;
        if !metadata.is_file() {
            return Err(Refusal::NotRegular(kind_of(metadata.file_type())));
        }
        Ok((file, metadata))
    }

    /// Reads a whole regular file inside the root, at most `limit` bytes
    /// (a larger file is refused with its size).
    pub fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
        use std::io::Read;
        let (file, metadata) = self.open(path)?;
        let too_large = |size: u64| {
            Refusal::Io(io::Error::other(format!(
                "it is {size} bytes, more than the limit of {limit}"
            )))
        };
        if metadata.len() > limit {
            return Err(too_large(metadata.len()));
        }
        let mut bytes = Vec::new();
        file.take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(Refusal::Io)?;
        if bytes.len() as u64 > limit {
            return Err(too_large(bytes.len() as u64));
        }
        Ok(bytes)
    }

    /// Reads a whole regular file inside the root as UTF-8 text (see
    /// [`read`](Self::read)).
    pub fn read_to_string(&self, path: &Path, limit: u64) -> Result<String, Refusal> {
        String::from_utf8(self.read(path, limit)?)
            .map_err(|_| Refusal::Io(io::Error::other("it is not UTF-8 text")))
    }

    /// A folder inside the root as a root of its own (the templates folder,
    /// whose files a template may read): `None` when there is nothing at
    /// `dir`, refused when it leads outside or is not a folder.
    pub fn subfolder(&self, dir: &Path) -> Result<Option<ProjectRoot>, Refusal> {
        if fs::symlink_metadata(dir).is_err() {
            return Ok(None);
        }
        let real = self.resolve(dir)?;
        let metadata = fs::metadata(&real)?;
        if !metadata.is_dir() {
            return Err(Refusal::NotRegular("not a folder"));
        }
        Ok(Some(ProjectRoot {
            dir: real,
            named: Vec::new(),
        }))
    }

    /// Every entry under this root (shown as `shown`) that reading would
    /// refuse: links leading outside it or nowhere, FIFOs, sockets and
    /// devices. Each folder is searched once.
    #[must_use]
    pub fn refusals(&self, shown: &Path) -> Vec<(PathBuf, Refusal)> {
        let mut found = Vec::new();
        let mut visited = HashSet::from([self.dir.clone()]);
        let mut pending = vec![(shown.to_path_buf(), self.dir.clone())];
        while let Some((shown, dir)) = pending.pop() {
            let Ok(entries) = fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let shown_child = shown.join(entry.file_name());
                let metadata = match self
                    .resolve(&entry.path())
                    .and_then(|real| Ok((fs::metadata(&real)?, real)))
                {
                    Ok(found) => found,
                    Err(refusal) => {
                        found.push((shown_child, refusal));
                        continue;
                    }
                };
                let (metadata, real) = metadata;
                if metadata.is_dir() {
                    if visited.insert(real.clone()) {
                        pending.push((shown_child, real));
                    }
                } else if !metadata.is_file() {
                    found.push((
                        shown_child,
                        Refusal::NotRegular(kind_of(metadata.file_type())),
                    ));
                }
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        found
    }

    /// Searches a folder (shown to the user as `shown`) for YAML files.
    /// Folder links are followed only when they lead to a folder inside the
    /// root not yet searched; hidden files and folders (`.git`, `.gitkeep`)
    /// are passed over without a word, everything else not read is listed.
    #[must_use]
    pub fn walk(&self, shown: &Path, dir: &Path) -> Walk {
        self.walk_passing(shown, dir, &[])
    }

    /// As [`walk`](Self::walk), passing over the folders `quiet` (links
    /// resolved) without a word: dpia's own output folder is not part of a
    /// portfolio.
    #[must_use]
    pub fn walk_passing(&self, shown: &Path, dir: &Path, quiet: &[PathBuf]) -> Walk {
        let mut walk = Walk::default();
        let mut visited: HashSet<PathBuf> = quiet.iter().cloned().collect();
        match self.resolve(dir) {
            Ok(real) => {
                visited.insert(real.clone());
                self.walk_into(shown, &real, &mut visited, quiet, &mut walk);
            }
            // Reading it says why.
            Err(_) => walk.files.push(shown.to_path_buf()),
        }
        walk.files.sort();
        walk.skipped.sort_by(|a, b| a.0.cmp(&b.0));
        walk
    }

    fn walk_into(
        &self,
        shown: &Path,
        dir: &Path,
        visited: &mut HashSet<PathBuf>,
        quiet: &[PathBuf],
        walk: &mut Walk,
    ) {
        let Ok(entries) = fs::read_dir(dir) else {
            walk.skipped
                .push((shown.to_path_buf(), "a folder that cannot be read"));
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let shown_child = shown.join(&name);
            let Ok(mut file_type) = entry.file_type() else {
                continue;
            };
            // Hidden entries (`.git`, `.gitkeep`) are not part of a
            // portfolio: nothing dpia writes or checks reads them.
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let yaml = is_yaml_name(&shown_child);
            let mut real = entry.path();
            if file_type.is_symlink() {
                match self.resolve(&real).and_then(|r| Ok((fs::metadata(&r)?, r))) {
                    Ok((metadata, resolved)) => {
                        file_type = metadata.file_type();
                        real = resolved;
                    }
                    // Reading it reports the refusal.
                    Err(_) if yaml => {
                        walk.files.push(shown_child);
                        continue;
                    }
                    Err(Refusal::Outside) => {
                        walk.skipped
                            .push((shown_child, "a link that leads outside the project root"));
                        continue;
                    }
                    Err(_) => {
                        walk.skipped
                            .push((shown_child, "a link that leads nowhere"));
                        continue;
                    }
                }
            }
            if file_type.is_dir() {
                if !visited.insert(real.clone()) {
                    if !quiet.contains(&real) {
                        walk.skipped
                            .push((shown_child, "a folder already searched"));
                    }
                    continue;
                }
                self.walk_into(&shown_child, &real, visited, quiet, walk);
            } else if yaml {
                // A FIFO, socket or device with a YAML name is refused when read.
                walk.files.push(shown_child);
            } else {
                walk.skipped.push((shown_child, "not a .yaml or .yml file"));
            }
        }
    }
}

/// A path with `.` and `..` taken as written, without asking the file
/// system (which would follow links).
#[must_use]
pub fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Opens a file for reading without waiting: a FIFO that slipped past the
/// checks opens at once instead of blocking until a writer comes.
fn open_no_wait(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn project() -> (tempfile::TempDir, ProjectRoot) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("project");
        fs::create_dir_all(root.join("assessments")).unwrap();
        let fenced = ProjectRoot::new(&root).unwrap();
        (dir, fenced)
    }

    #[test]
    fn links_out_of_the_root_are_refused_without_reading() {
        let (dir, root) = project();
        fs::write(dir.path().join("secret.txt"), "token: s3cret\n").unwrap();
        let link = root.path().join("assessments/x.yaml");
        symlink(dir.path().join("secret.txt"), &link).unwrap();
        assert!(matches!(root.open(&link), Err(Refusal::Outside)));
        let dotdot = root.path().join("assessments/../../secret.txt");
        assert!(matches!(root.open(&dotdot), Err(Refusal::Outside)));
        assert!(matches!(
            root.open(Path::new("/etc/passwd")),
            Err(Refusal::Outside)
        ));
        assert!(!Refusal::Outside.reason().contains("secret"));
    }

    #[test]
    fn paths_named_outside_the_root_are_read_but_not_their_links_out() {
        let (dir, root) = project();
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        fs::write(elsewhere.join("a.yaml"), "id: a\n").unwrap();
        fs::write(dir.path().join("secret.txt"), "s3cret").unwrap();
        symlink(dir.path().join("secret.txt"), elsewhere.join("b.yaml")).unwrap();
        let named = root.with_named(&[PathBuf::from("../elsewhere/a.yaml")], root.path());
        assert!(named.open(&elsewhere.join("a.yaml")).is_ok());
        assert!(matches!(
            named.open(&elsewhere.join("b.yaml")),
            Err(Refusal::Outside)
        ));
        assert!(matches!(
            root.open(&elsewhere.join("a.yaml")),
            Err(Refusal::Outside)
        ));
        // Named inside the root: a link there is the repository's, and
        // widens nothing.
        symlink(&elsewhere, root.path().join("assessments/link")).unwrap();
        let inside = root.with_named(&[PathBuf::from("assessments/link/a.yaml")], root.path());
        assert!(matches!(
            inside.open(&root.path().join("assessments/link/a.yaml")),
            Err(Refusal::Outside)
        ));
    }

    #[test]
    fn a_link_inside_the_root_is_read() {
        let (_dir, root) = project();
        fs::write(root.path().join("real.yaml"), "id: x\n").unwrap();
        let link = root.path().join("assessments/x.yaml");
        symlink(root.path().join("real.yaml"), &link).unwrap();
        assert_eq!(root.read_to_string(&link, 100).unwrap(), "id: x\n");
    }

    #[test]
    fn fifos_are_refused_without_opening() {
        let (_dir, root) = project();
        let fifo = root.path().join("assessments/x.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo on this machine: nothing to test
        }
        assert!(matches!(root.open(&fifo), Err(Refusal::NotRegular(k)) if k.contains("FIFO")));
        let walk = root.walk(Path::new("assessments"), &root.path().join("assessments"));
        assert_eq!(
            walk.files,
            [Path::new("assessments/x.yaml")],
            "listed, to be refused when read"
        );
    }

    #[test]
    fn folder_loops_are_searched_once() {
        let (_dir, root) = project();
        let assessments = root.path().join("assessments");
        fs::write(assessments.join("a.yaml"), "id: a\n").unwrap();
        fs::write(assessments.join("b.YAML"), "id: b\n").unwrap();
        fs::write(assessments.join("c.yaml.bak"), "id: c\n").unwrap();
        symlink(".", assessments.join("l1")).unwrap();
        fs::create_dir(assessments.join("sub")).unwrap();
        symlink("..", assessments.join("sub/back")).unwrap();
        let walk = root.walk(Path::new("assessments"), &assessments);
        assert_eq!(
            walk.files,
            [
                Path::new("assessments/a.yaml"),
                Path::new("assessments/b.YAML")
            ]
        );
        let skipped: Vec<_> = walk
            .skipped
            .iter()
            .map(|(p, _)| p.to_str().unwrap())
            .collect();
        assert_eq!(
            skipped,
            [
                "assessments/c.yaml.bak",
                "assessments/l1",
                "assessments/sub/back"
            ],
            "the link to the project folder is searched, once"
        );
    }

    #[test]
    fn the_output_folder_is_passed_over_quietly() {
        let (_dir, root) = project();
        fs::create_dir_all(root.path().join("out/dpia")).unwrap();
        fs::write(root.path().join("out/dpia/a.html"), "<html>").unwrap();
        fs::write(root.path().join("assessments/a.yaml"), "id: a\n").unwrap();
        let out = root.path().join("out").canonicalize().unwrap();
        let walk = root.walk_passing(Path::new("."), root.path(), &[out]);
        assert_eq!(walk.files, [Path::new("./assessments/a.yaml")]);
        assert!(walk.skipped.is_empty(), "{:?}", walk.skipped);
    }

    #[test]
    fn folder_links_out_of_the_root_are_not_followed() {
        let (dir, root) = project();
        let outside = dir.path().join("outside");
        fs::create_dir(&outside).unwrap();
        fs::write(outside.join("o.yaml"), "id: o\n").unwrap();
        symlink(&outside, root.path().join("assessments/out")).unwrap();
        symlink(
            outside.join("o.yaml"),
            root.path().join("assessments/o.yaml"),
        )
        .unwrap();
        let walk = root.walk(Path::new("assessments"), &root.path().join("assessments"));
        assert_eq!(
            walk.files,
            [Path::new("assessments/o.yaml")],
            "listed, to be refused when read"
        );
        assert_eq!(walk.skipped.len(), 1);
        assert!(walk.skipped[0].1.contains("outside"));
    }
}
