//! Files as a git revision has them, read through the `git` program run as
//! a subprocess (plumbing only: `rev-parse`, `ls-tree`, `cat-file`).
//!
//! A revision and a path come from the command line, the repository from
//! whoever wrote it, so each call is fenced: a revision that starts with
//! `-` is refused before git sees it (it would be read as an option), and
//! is resolved once to a commit id (`rev-parse --verify --end-of-options
//! REV^{commit}`), which is all later calls are given; paths are given
//! after `--`, as literal paths (`--literal-pathspecs`), never with `..`,
//! and only inside the project root; files are looked up in the commit's
//! tree (`ls-tree`) and read by their blob id (`cat-file blob`), so a link
//! or a submodule is refused, not followed; and no more than
//! [`MAX_FILE_BYTES`] of a file is read (a listing, [`MAX_LISTING_BYTES`]).

use std::ffi::OsStr;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use crate::diagnostic::Diagnostic;
use crate::source::MAX_FILE_BYTES;

/// Most bytes of a listing of a revision's files read (a portfolio of
/// thousands of files lists in a few hundred kilobytes).
pub const MAX_LISTING_BYTES: u64 = 16 * 1024 * 1024;

/// Most bytes of git's messages kept, to quote its first line.
const MAX_MESSAGE_BYTES: u64 = 64 * 1024;

/// A git repository, by its top-level folder.
#[derive(Debug, Clone)]
pub struct Repo {
    top: PathBuf,
}

/// A commit, by its object id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    id: String,
    /// The revision as written, for messages.
    revision: String,
}

/// A file or folder of a commit's tree, as `git ls-tree -l` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its mode (`100644`, `120000` for a link, `160000` a submodule).
    pub mode: String,
    /// Its object type: `blob`, `tree` or `commit`.
    pub kind: String,
    /// Its object id.
    pub object: String,
    /// Its size in bytes, for a blob.
    pub size: Option<u64>,
    /// Its path from the top of the repository.
    pub path: PathBuf,
}

impl Entry {
    /// Whether it is a regular file (not a link, a folder or a submodule).
    #[must_use]
    pub fn is_file(&self) -> bool {
        self.kind == "blob" && (self.mode == "100644" || self.mode == "100755")
    }
}

/// A revision as the command line may give it: not empty, not starting
/// with `-` (git would take it as an option), without `:` (a revision, not
/// `REV:path`) or control characters.
pub fn check_revision(revision: &str) -> Result<(), Vec<Diagnostic>> {
    let shown = crate::escape::inline(revision);
    let problem = if revision.is_empty() {
        Some("a revision is not empty")
    } else if revision.starts_with('-') {
        Some("a revision does not start with `-` (git would read it as an option)")
    } else if revision.contains(':') {
        Some("a revision has no `:` (name a file as `REV:path`, a project with `--base REV`)")
    } else if revision.chars().any(char::is_control) {
        Some("a revision has no control characters")
    } else {
        None
    };
    match problem {
        Some(why) => Err(vec![
            Diagnostic::input(
                "E001",
                format!("`{shown}` is not read as a git revision: {why}"),
            )
            .with_help("name a branch, a tag or a commit: `main`, `HEAD~1`, `v1.2`, `3f9c2e1`"),
        ]),
        None => Ok(()),
    }
}

/// A path of `REV:path` as the command line may give it: relative, without
/// `..`, naming something.
pub fn check_path(path: &Path, name: &str) -> Result<(), Vec<Diagnostic>> {
    let ok = path
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
        && path.components().any(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(())
    } else {
        Err(vec![
            Diagnostic::input(
                "E013",
                format!("`{name}` is not read: the path of a file in a revision is relative and has no `..`"),
            )
            .with_help("a revision's files are read only inside the project root, named from the current folder: `HEAD:assessments/x.yaml`"),
        ])
    }
}

impl Repo {
    /// The repository that holds `dir` (git's top level, links resolved).
    pub fn open(dir: &Path) -> Result<Repo, Vec<Diagnostic>> {
        let out = run(dir, ["rev-parse", "--show-toplevel"], MAX_MESSAGE_BYTES).map_err(|why| {
            vec![Diagnostic::input(
                "E001",
                format!(
                    "cannot read git revisions: `{}` is not in a git repository ({why})",
                    crate::escape::inline(&dir.display().to_string())
                ),
            )]
        })?;
        let text = String::from_utf8_lossy(&out);
        let top = PathBuf::from(text.trim_end_matches(['\n', '\r']));
        Ok(Repo {
            top: std::fs::canonicalize(&top).unwrap_or(top),
        })
    }

    /// Its top-level folder.
    #[must_use]
    pub fn top(&self) -> &Path {
        &self.top
    }

    /// The commit a revision names.
    pub fn commit(&self, revision: &str) -> Result<Commit, Vec<Diagnostic>> {
        check_revision(revision)?;
        let out = run(
            &self.top,
            [
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &format!("{revision}^{{commit}}"),
            ],
            MAX_MESSAGE_BYTES,
        )
        .map_err(|why| {
            vec![Diagnostic::input(
                "E001",
                format!(
                    "cannot read git revision `{}`: there is no such commit{}",
                    crate::escape::inline(revision),
                    if why.is_empty() {
                        String::new()
                    } else {
                        format!(" ({why})")
                    }
                ),
            )]
        })?;
        let id = String::from_utf8_lossy(&out).trim().to_owned();
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(vec![Diagnostic::input(
                "E001",
                format!(
                    "cannot read git revision `{}`: git did not name a commit",
                    crate::escape::inline(revision)
                ),
            )]);
        }
        Ok(Commit {
            id,
            revision: revision.to_owned(),
        })
    }

    /// The entries of a commit's tree at `path` (relative to the top
    /// level): the file or folder itself, or with `recursive` every file
    /// under it.
    pub fn list(
        &self,
        commit: &Commit,
        path: &Path,
        recursive: bool,
    ) -> Result<Vec<Entry>, Vec<Diagnostic>> {
        let path = if path.as_os_str().is_empty() {
            Path::new(".")
        } else {
            path
        };
        let mut args: Vec<&OsStr> = vec![
            OsStr::new("--literal-pathspecs"),
            OsStr::new("ls-tree"),
            OsStr::new("-z"),
            OsStr::new("-l"),
            OsStr::new("--full-name"),
        ];
        if recursive {
            args.push(OsStr::new("-r"));
        }
        args.extend([
            OsStr::new(commit.id.as_str()),
            OsStr::new("--"),
            path.as_os_str(),
        ]);
        let out = run(&self.top, args, MAX_LISTING_BYTES).map_err(|why| {
            vec![Diagnostic::input(
                "E001",
                format!(
                    "cannot list `{}:{}`: {why}",
                    crate::escape::inline(&commit.revision),
                    crate::escape::inline(&path.display().to_string())
                ),
            )]
        })?;
        Ok(out
            .split(|&b| b == 0)
            .filter(|record| !record.is_empty())
            .filter_map(parse_entry)
            .collect())
    }

    /// The regular file at `path` (relative to the top level) in a commit;
    /// `name` is how messages name it.
    pub fn file(&self, commit: &Commit, path: &Path, name: &str) -> Result<Entry, Vec<Diagnostic>> {
        let entries = self.list(commit, path, false)?;
        let Some(entry) = entries.into_iter().find(|e| e.path == path) else {
            return Err(vec![Diagnostic::input(
                "E001",
                format!("cannot read `{name}`: the revision has no such file"),
            )]);
        };
        if !entry.is_file() {
            let what = match (entry.kind.as_str(), entry.mode.as_str()) {
                ("tree", _) => "a folder",
                (_, "120000") => "a link",
                ("commit", _) => "a submodule",
                _ => "not a regular file",
            };
            return Err(vec![
                Diagnostic::input(
                    "E014",
                    format!("`{name}` is not read: in the revision it is {what}"),
                )
                .with_help("an assessment is a regular file of YAML text; a link in a revision is not followed"),
            ]);
        }
        Ok(entry)
    }

    /// The bytes of a file of a commit's tree, at most [`MAX_FILE_BYTES`].
    pub fn blob(&self, entry: &Entry, name: &str) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let too_large = |size: u64| {
            #[allow(clippy::cast_precision_loss)] // only for a rounded figure in a message
            let mib = |n: u64| n as f64 / (1024.0 * 1024.0);
            Diagnostic::input(
                "E002",
                format!(
                    "`{name}` is {:.1} MiB; the limit for one file is {:.0} MiB",
                    mib(size),
                    mib(MAX_FILE_BYTES)
                ),
            )
        };
        if let Some(size) = entry.size.filter(|&s| s > MAX_FILE_BYTES) {
            return Err(vec![too_large(size)]);
        }
        let out = run(
            &self.top,
            ["cat-file", "blob", entry.object.as_str()],
            MAX_FILE_BYTES,
        )
        .map_err(|why| {
            vec![Diagnostic::input(
                "E001",
                format!("cannot read `{name}`: {why}"),
            )]
        })?;
        Ok(out)
    }
}

/// One record of `git ls-tree -z -l --full-name`: `<mode> <type> <object>
/// <size>\t<path>`.
fn parse_entry(record: &[u8]) -> Option<Entry> {
    let tab = record.iter().position(|&b| b == b'\t')?;
    let head = std::str::from_utf8(&record[..tab]).ok()?;
    let mut parts = head.split_whitespace();
    let (mode, kind, object, size) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    #[cfg(unix)]
    let path = {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(OsStr::from_bytes(&record[tab + 1..]))
    };
    #[cfg(not(unix))]
    let path = PathBuf::from(String::from_utf8_lossy(&record[tab + 1..]).into_owned());
    Some(Entry {
        mode: mode.to_owned(),
        kind: kind.to_owned(),
        object: object.to_owned(),
        size: size.parse().ok(),
        path,
    })
}

/// Runs git in `dir` with `args`, reading at most `limit` bytes of what it
/// writes; the reason it failed (its first line of message, escaped)
/// otherwise.
fn run<I, S>(dir: &Path, args: I, limit: u64) -> Result<Vec<u8>, String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        // Plumbing only, but no pager, prompt or lock all the same.
        .env("GIT_PAGER", "cat")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let stderr = child.stderr.take();
    let messages = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(pipe) = stderr {
            let _ = pipe.take(MAX_MESSAGE_BYTES).read_to_end(&mut bytes);
        }
        bytes
    });
    let mut out = Vec::new();
    let read = child
        .stdout
        .take()
        .map(|pipe| pipe.take(limit + 1).read_to_end(&mut out));
    if out.len() as u64 > limit {
        let _ = child.kill();
        let _ = child.wait();
        return Err(format!("git wrote more than {limit} bytes"));
    }
    let status = child.wait().map_err(|e| format!("git failed: {e}"))?;
    let messages = messages.join().unwrap_or_default();
    if let Some(Err(e)) = read {
        return Err(format!("cannot read what git wrote: {e}"));
    }
    if status.success() {
        Ok(out)
    } else {
        let text = String::from_utf8_lossy(&messages);
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        Err(crate::escape::inline(first.trim()).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions_that_git_would_read_as_options_are_refused() {
        for bad in ["", "-x", "--output=/tmp/x", "HEAD:x", "a\u{1b}b"] {
            assert!(check_revision(bad).is_err(), "{bad:?}");
        }
        for good in ["HEAD", "main", "HEAD~1", "v1.2", "3f9c2e1", "origin/main"] {
            assert!(check_revision(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn paths_stay_inside() {
        for bad in ["../x.yaml", "/etc/passwd", "a/../../b", "", "."] {
            assert!(check_path(Path::new(bad), bad).is_err(), "{bad:?}");
        }
        for good in ["x.yaml", "assessments/x.yaml", "./assessments/x.yaml"] {
            assert!(check_path(Path::new(good), good).is_ok(), "{good}");
        }
    }

    #[test]
    fn ls_tree_records_are_read() {
        let e = parse_entry(b"100644 blob 3f9c2e1aa     1234\tassessments/a b.yaml").unwrap();
        assert_eq!(
            (e.mode.as_str(), e.kind.as_str(), e.size, e.path),
            (
                "100644",
                "blob",
                Some(1234),
                PathBuf::from("assessments/a b.yaml")
            )
        );
        assert!(
            parse_entry(b"040000 tree 3f9c2e1aa       -\tassessments")
                .is_some_and(|e| !e.is_file() && e.size.is_none())
        );
    }
}
