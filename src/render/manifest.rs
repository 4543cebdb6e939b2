//! The build record (`out/.dpia-build.json`): for every file a build wrote
//! into the output folder, a digest of everything it was made from (its
//! *inputs*) and a digest of the bytes written. A later build skips a file
//! whose inputs are the same and whose bytes on disk are still the bytes
//! written; it never compares timestamps.
//!
//! The inputs of a file are the data its template renders (the report's
//! view model as JSON, which holds the assessment, the project settings and
//! matrices that reach it, the findings and every date it shows), the
//! templates folder, the PDF settings, the date a PDF carries, and which
//! dpia built it. The record is bound to the dpia that wrote it (its
//! version and a digest of its source, compiler and build settings, made
//! by `build.rs`): a record from another dpia, or one that cannot be read,
//! is not trusted, and every file is rebuilt.
//!
//! The output folder is the build's own: the record vouches for the files
//! beside it. A folder committed to a repository (or copied from
//! elsewhere) could carry a record that vouches for a forged report, so a
//! CI job that publishes reports builds into an empty folder or with
//! `--force`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::output::OutputDir;
use crate::root::ProjectRoot;

/// The record's file name, in the output folder.
pub const RECORD_FILE: &str = ".dpia-build.json";

/// The record's format, its first field.
const FORMAT: &str = "dpia-build/1";

/// Largest record read: about a thousand times a large portfolio's.
const MAX_RECORD_BYTES: u64 = 256 << 20;

/// Most entries and bytes of the templates folder the record digests; a
/// larger folder is not digested, and nothing built from it is skipped.
const MAX_TEMPLATE_ENTRIES: usize = 10_000;
const MAX_TEMPLATE_BYTES: u64 = 512 << 20;

/// The dpia that built: its version and the digest of its source (the
/// code, templates, schemas, lock file, compiler and build settings).
#[must_use]
pub fn builder() -> Builder {
    Builder {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        source: env!("DPIA_SOURCE_DIGEST").to_owned(),
    }
}

/// Which dpia wrote a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Builder {
    /// Its version.
    pub version: String,
    /// The digest of its source and build (`build.rs`).
    pub source: String,
}

/// A digest of the inputs of one output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs(String);

/// Builds an [`Inputs`] digest from parts, each length-prefixed so that two
/// parts cannot run into one another.
pub struct InputsHasher(Sha256);

impl InputsHasher {
    /// A digest of the inputs of a kind of output (`report.pdf`...).
    #[must_use]
    pub fn new(kind: &str) -> InputsHasher {
        InputsHasher(Sha256::new())
            .part(FORMAT.as_bytes())
            .part(kind.as_bytes())
    }

    /// Adds one part.
    #[must_use]
    pub fn part(mut self, bytes: &[u8]) -> InputsHasher {
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    /// The digest.
    #[must_use]
    pub fn finish(self) -> Inputs {
        Inputs(hex(&self.0.finalize()))
    }
}

/// What every file a build renders shares among its inputs: the templates
/// folder and the settings of the renderers.
#[derive(Debug)]
pub struct Fingerprint {
    /// The digest of the templates folder; `None` when it is too large to
    /// digest (nothing built from it is then skipped).
    templates: Option<Vec<u8>>,
    /// The renderers' settings, as text.
    settings: String,
}

impl Fingerprint {
    /// The fingerprint of renderers reading `templates`, with `settings`.
    #[must_use]
    pub fn new(templates: Option<&ProjectRoot>, settings: &impl std::fmt::Debug) -> Fingerprint {
        Fingerprint {
            templates: templates_digest(templates),
            settings: format!("{settings:?}"),
        }
    }

    /// The digest of the inputs of a file of `kind` rendered from `data`
    /// (its view model as JSON) and whatever else reaches it (`extra`,
    /// such as the date a PDF carries); `None` when the templates folder
    /// could not be digested.
    #[must_use]
    pub fn inputs(&self, kind: &str, data: &[u8], extra: &str) -> Option<Inputs> {
        let templates = self.templates.as_ref()?;
        Some(
            InputsHasher::new(kind)
                .part(templates)
                .part(self.settings.as_bytes())
                .part(extra.as_bytes())
                .part(data)
                .finish(),
        )
    }
}

/// What the record says of one file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    /// The digest of its inputs.
    inputs: String,
    /// The SHA-256 of its bytes.
    sha256: String,
    /// Its size in bytes.
    bytes: u64,
    /// What building it warned of (a cell cut to fit Excel), said again
    /// when it is skipped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
}

/// The record as stored.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordFile {
    /// [`FORMAT`].
    format: String,
    /// Which dpia wrote it.
    dpia: Builder,
    /// Each file, by its path in the output folder (`/` between folders).
    outputs: BTreeMap<String, Entry>,
}

/// Why a build rebuilds every file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fresh {
    /// No record: the folder's first build, or one after the record was removed.
    Missing,
    /// The record could not be read or parsed (why).
    Damaged(String),
    /// The record was written by another dpia (its version).
    OtherVersion(String),
    /// `--force`.
    Forced,
}

impl Fresh {
    /// Why, in a few words, when it is worth saying (a first build is not).
    #[must_use]
    pub fn note(&self) -> Option<String> {
        match self {
            Fresh::Missing | Fresh::Forced => None,
            Fresh::Damaged(why) => Some(format!(
                "the record of the last build ({RECORD_FILE}) is damaged ({why}): every file is rebuilt"
            )),
            Fresh::OtherVersion(version) => Some(format!(
                "the record of the last build ({RECORD_FILE}) was written by another dpia ({version}): every file is rebuilt"
            )),
        }
    }
}

/// The record of this build: what the last build recorded (when it is
/// trusted) and what this one wrote or found up to date.
#[derive(Debug)]
pub struct BuildRecord {
    /// Which dpia builds.
    builder: Builder,
    /// The last build's entries; empty when every file is rebuilt.
    previous: BTreeMap<String, Entry>,
    /// Why every file is rebuilt, if it is.
    fresh: Option<Fresh>,
    /// This build's entries.
    current: Mutex<BTreeMap<String, Entry>>,
}

impl BuildRecord {
    /// Reads the record in the output folder; with `force`, or when it is
    /// missing, damaged or from another dpia, trusts none of it.
    #[must_use]
    pub fn open(out: &OutputDir, builder: Builder, force: bool) -> BuildRecord {
        let (previous, fresh) = if force {
            (BTreeMap::new(), Some(Fresh::Forced))
        } else {
            match read_record(out, &builder) {
                Ok(entries) => (entries, None),
                Err(fresh) => (BTreeMap::new(), Some(fresh)),
            }
        };
        BuildRecord {
            builder,
            previous,
            fresh,
            current: Mutex::new(BTreeMap::new()),
        }
    }

    /// Why every file is rebuilt, if it is.
    #[must_use]
    pub fn fresh(&self) -> Option<&Fresh> {
        self.fresh.as_ref()
    }

    /// Whether the file at `relative` in the output folder was built from
    /// `inputs` and still holds the bytes built: then it is kept, and the
    /// warnings its building gave are returned.
    pub fn up_to_date(
        &self,
        out: &OutputDir,
        relative: &Path,
        inputs: &Inputs,
    ) -> Option<Vec<String>> {
        let key = key_of(relative);
        let entry = self.previous.get(&key)?;
        if entry.inputs != inputs.0 {
            return None;
        }
        let (file, metadata) = out.open_existing(relative).ok()?;
        if metadata.len() != entry.bytes || digest_of(file).ok()? != entry.sha256 {
            return None;
        }
        let warnings = entry.warnings.clone();
        self.lock().insert(key, entry.clone());
        Some(warnings)
    }

    /// Records that `relative` was written with `bytes`, built from `inputs`.
    pub fn wrote(&self, relative: &Path, inputs: &Inputs, bytes: &[u8], warnings: &[String]) {
        let entry = Entry {
            inputs: inputs.0.clone(),
            sha256: hex(&Sha256::digest(bytes)),
            bytes: bytes.len() as u64,
            warnings: warnings.to_vec(),
        };
        self.lock().insert(key_of(relative), entry);
    }

    /// Writes the record: this build's entries, and the last build's for
    /// files this build did not look at (an assessment left out or broken
    /// this time keeps its report, and the record of it) that are still
    /// there. An entry vouches only for the bytes it names, so one kept
    /// for a file something else has since replaced is harmless.
    pub fn save(self, out: &OutputDir) -> io::Result<PathBuf> {
        let mut outputs = self
            .current
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (key, entry) in self.previous {
            if !outputs.contains_key(&key) && out.open_existing(Path::new(&key)).is_ok() {
                outputs.insert(key, entry);
            }
        }
        let record = RecordFile {
            format: FORMAT.to_owned(),
            dpia: self.builder,
            outputs,
        };
        let mut bytes = serde_json::to_vec_pretty(&record).map_err(io::Error::other)?;
        bytes.push(b'\n');
        out.write(Path::new(RECORD_FILE), &bytes)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Entry>> {
        self.current
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The first fields of a record, whatever its format.
#[derive(Deserialize)]
struct Head {
    /// Its format.
    format: Option<serde_json::Value>,
    /// Which dpia wrote it.
    dpia: Option<serde_json::Value>,
}

/// The record's entries, if it can be trusted.
fn read_record(out: &OutputDir, builder: &Builder) -> Result<BTreeMap<String, Entry>, Fresh> {
    let (file, metadata) = match out.open_existing(Path::new(RECORD_FILE)) {
        Ok(found) => found,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Fresh::Missing),
        Err(e) => return Err(Fresh::Damaged(e.to_string())),
    };
    if metadata.len() > MAX_RECORD_BYTES {
        return Err(Fresh::Damaged(format!(
            "it is {} bytes, more than the limit of {MAX_RECORD_BYTES}",
            metadata.len()
        )));
    }
    let mut bytes = Vec::new();
    file.take(MAX_RECORD_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|e| Fresh::Damaged(e.to_string()))?;
    // Only the format and the builder first: a record of another format or
    // dpia may hold anything else.
    let head: Head =
        serde_json::from_slice(&bytes).map_err(|e| Fresh::Damaged(format!("not a record: {e}")))?;
    if head.format.as_ref().and_then(serde_json::Value::as_str) != Some(FORMAT) {
        return Err(Fresh::OtherVersion("another record format".to_owned()));
    }
    let writer: Option<Builder> = head.dpia.and_then(|v| serde_json::from_value(v).ok());
    match writer {
        Some(writer) if writer == *builder => {}
        Some(writer) if writer.version == builder.version => {
            return Err(Fresh::OtherVersion(format!(
                "version {}, built from other source",
                crate::escape::inline(&writer.version)
            )));
        }
        Some(writer) => {
            return Err(Fresh::OtherVersion(format!(
                "version {}",
                crate::escape::inline(&writer.version)
            )));
        }
        None => return Err(Fresh::Damaged("it names no dpia".to_owned())),
    }
    let record: RecordFile =
        serde_json::from_slice(&bytes).map_err(|e| Fresh::Damaged(e.to_string()))?;
    if record.outputs.iter().any(|(key, entry)| {
        !valid_key(key) || !is_digest(&entry.sha256) || !is_digest(&entry.inputs)
    }) {
        return Err(Fresh::Damaged(
            "an entry is not a file and two digests".to_owned(),
        ));
    }
    Ok(record.outputs)
}

/// A file's key: its path in the output folder, `/` between folders.
fn key_of(relative: &Path) -> String {
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether a key names a file inside the output folder: plain names, no
/// `..`, no root, no empty part.
fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'))
}

/// Whether a text is a SHA-256 in lower-case hex.
fn is_digest(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The SHA-256 of what a reader gives, in hex.
fn digest_of(mut reader: impl Read) -> io::Result<String> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 64 << 10];
    loop {
        let n = reader.read(&mut buffer)?;
        if n == 0 {
            return Ok(hex(&hasher.finalize()));
        }
        hasher.update(&buffer[..n]);
    }
}

/// Bytes in lower-case hex.
fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// A digest of the project's templates folder (every file's path and
/// bytes, and why any entry could not be read), which a report's template
/// may read from: `None` when the folder is larger than the record digests
/// (nothing built from it is then skipped). Without a templates folder, the
/// digest of nothing.
#[must_use]
pub fn templates_digest(templates: Option<&ProjectRoot>) -> Option<Vec<u8>> {
    let mut hasher = InputsHasher::new("templates");
    let Some(root) = templates else {
        return Some(hasher.finish().0.into_bytes());
    };
    let mut files = Vec::new();
    let mut visited = std::collections::HashSet::from([root.path().to_path_buf()]);
    let mut pending = vec![(PathBuf::new(), root.path().to_path_buf())];
    while let Some((shown, dir)) = pending.pop() {
        let entries = std::fs::read_dir(&dir).ok()?;
        for entry in entries {
            let entry = entry.ok()?;
            files.push((shown.join(entry.file_name()), entry.path()));
            if files.len() > MAX_TEMPLATE_ENTRIES {
                return None;
            }
            // A folder, or a link to a folder inside the templates folder
            // not yet searched, is searched too.
            if let Ok(real) = root.resolve(&entry.path())
                && real.is_dir()
                && visited.insert(real.clone())
            {
                pending.push((shown.join(entry.file_name()), real));
            }
        }
    }
    files.sort();
    let mut total = 0;
    for (shown, path) in files {
        hasher = hasher.part(key_of(&shown).as_bytes());
        if root.resolve(&path).is_ok_and(|real| real.is_dir()) {
            hasher = hasher.part(b"folder");
            continue;
        }
        match root.read(&path, MAX_TEMPLATE_BYTES) {
            Ok(bytes) => {
                total += bytes.len() as u64;
                if total > MAX_TEMPLATE_BYTES {
                    return None;
                }
                hasher = hasher.part(b"file").part(&bytes);
            }
            Err(refusal) => hasher = hasher.part(b"refused").part(refusal.reason().as_bytes()),
        }
    }
    Some(hasher.finish().0.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(text: &str) -> Inputs {
        InputsHasher::new("test").part(text.as_bytes()).finish()
    }

    #[test]
    fn parts_do_not_run_into_one_another() {
        let ab = InputsHasher::new("k").part(b"ab").part(b"c").finish();
        let a_bc = InputsHasher::new("k").part(b"a").part(b"bc").finish();
        assert_ne!(ab, a_bc);
        assert_ne!(
            InputsHasher::new("k").part(b"x").finish(),
            InputsHasher::new("l").part(b"x").finish()
        );
    }

    #[test]
    fn a_file_is_up_to_date_only_with_the_same_inputs_and_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::create(&dir.path().join("out"), || {}).unwrap();
        let report = Path::new("dpia/a.pdf");
        let record = BuildRecord::open(&out, builder(), false);
        assert_eq!(record.fresh(), Some(&Fresh::Missing));
        out.write(report, b"%PDF-1").unwrap();
        record.wrote(report, &inputs("one"), b"%PDF-1", &["cut".to_owned()]);
        record.save(&out).unwrap();

        let record = BuildRecord::open(&out, builder(), false);
        assert_eq!(record.fresh(), None);
        assert_eq!(
            record.up_to_date(&out, report, &inputs("one")),
            Some(vec!["cut".to_owned()])
        );
        assert_eq!(record.up_to_date(&out, report, &inputs("two")), None);
        // The same size, other bytes: not what was built.
        std::fs::write(dir.path().join("out/dpia/a.pdf"), b"%PDF-2").unwrap();
        assert_eq!(record.up_to_date(&out, report, &inputs("one")), None);
        std::fs::remove_file(dir.path().join("out/dpia/a.pdf")).unwrap();
        assert_eq!(record.up_to_date(&out, report, &inputs("one")), None);
        let forced = BuildRecord::open(&out, builder(), true);
        assert_eq!(forced.fresh(), Some(&Fresh::Forced));
    }

    #[test]
    fn a_record_from_another_dpia_or_damaged_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::create(&dir.path().join("out"), || {}).unwrap();
        let other = Builder {
            version: "0.0.1".to_owned(),
            source: "x".to_owned(),
        };
        BuildRecord::open(&out, other, false).save(&out).unwrap();
        let record = BuildRecord::open(&out, builder(), false);
        assert!(matches!(record.fresh(), Some(Fresh::OtherVersion(v)) if v == "version 0.0.1"));
        let same_version = Builder {
            source: "other".to_owned(),
            ..builder()
        };
        BuildRecord::open(&out, same_version, false)
            .save(&out)
            .unwrap();
        let record = BuildRecord::open(&out, builder(), false);
        assert!(
            matches!(record.fresh(), Some(Fresh::OtherVersion(v)) if v.ends_with("built from other source"))
        );
        for damaged in [
            "{".to_owned(),
            "[]".to_owned(),
            format!(
                r#"{{"format": "{FORMAT}", "dpia": {}, "outputs": {{"../../etc/passwd": {{"inputs": "{d}", "sha256": "{d}", "bytes": 1}}}}}}"#,
                serde_json::to_string(&builder()).unwrap(),
                d = "0".repeat(64)
            ),
        ] {
            std::fs::write(dir.path().join("out").join(RECORD_FILE), damaged).unwrap();
            let record = BuildRecord::open(&out, builder(), false);
            assert!(
                matches!(record.fresh(), Some(Fresh::Damaged(_))),
                "{record:?}"
            );
        }
    }

    #[test]
    fn the_templates_digest_follows_every_file() {
        let dir = tempfile::tempdir().unwrap();
        let templates = dir.path().join("templates");
        std::fs::create_dir_all(templates.join("img")).unwrap();
        std::fs::write(templates.join("report.typ"), "a").unwrap();
        std::fs::write(templates.join("img/logo.png"), "b").unwrap();
        let root = ProjectRoot::new(&templates).unwrap();
        let first = templates_digest(Some(&root)).unwrap();
        assert_eq!(templates_digest(Some(&root)).unwrap(), first);
        std::fs::write(templates.join("img/logo.png"), "c").unwrap();
        let second = templates_digest(Some(&root)).unwrap();
        assert_ne!(second, first);
        std::fs::rename(
            templates.join("img/logo.png"),
            templates.join("img/logo2.png"),
        )
        .unwrap();
        assert_ne!(templates_digest(Some(&root)).unwrap(), second);
        assert_ne!(templates_digest(None).unwrap(), first);
    }
}
