//! The typst world a report is compiled in: the report template, the
//! report's data as `/data.json`, the bundled fonts, a frozen date, and
//! nothing else.
//!
//! Every file the template asks for that is not one of those is refused,
//! except files in the project's own `templates/` folder (a logo, say),
//! which must resolve inside that folder. No system fonts, no packages, no
//! network, no clock: the same input gives the same PDF.

use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::root::{ProjectRoot, Refusal};

/// Largest file the template may read from the templates folder (a logo,
/// an image): as large as any input file.
const MAX_TEMPLATE_FILE: u64 = crate::source::MAX_FILE_BYTES;

/// The fonts bundled with `typst-assets` (`Libertinus Serif`, `New Computer
/// Modern`, `DejaVu Sans Mono`), loaded once per process.
fn fonts() -> &'static (LazyHash<FontBook>, Vec<Font>) {
    static FONTS: OnceLock<(LazyHash<FontBook>, Vec<Font>)> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
    })
}

/// The standard library, built once per process (the report's data is a
/// file, not an input, so one library serves every report).
fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::builder().build()))
}

/// A file id at the root of the virtual project.
fn root_file(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("a valid virtual path");
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

/// The world of one report.
pub struct ReportWorld {
    /// The template, the main file (`/report.typ`, `/register.typ`).
    main: Source,
    /// The report context as JSON, served as `/data.json`.
    data: Bytes,
    /// Id of `/data.json`.
    data_id: FileId,
    /// The project's `templates/` folder, whose files the template may read.
    templates: Option<ProjectRoot>,
    /// What `datetime.today()` returns.
    today: Datetime,
}

impl ReportWorld {
    /// A world for a template and the report's data. `templates` is the
    /// project's own templates folder, if any; `today` the frozen date.
    #[must_use]
    pub fn new(
        template: &str,
        data: Vec<u8>,
        templates: Option<ProjectRoot>,
        today: Datetime,
    ) -> Self {
        Self::named("report.typ", template, data, templates, today)
    }

    /// A world whose main file is `/<name>` (so errors name the template).
    #[must_use]
    pub fn named(
        name: &str,
        template: &str,
        data: Vec<u8>,
        templates: Option<ProjectRoot>,
        today: Datetime,
    ) -> Self {
        ReportWorld {
            main: Source::new(root_file(&format!("/{name}")), template.to_owned()),
            data: Bytes::new(data),
            data_id: root_file("/data.json"),
            templates,
            today,
        }
    }

    /// The bytes of the file behind a virtual path, if it is a regular
    /// file inside the templates folder (links resolved; FIFOs and devices
    /// refused without opening).
    fn template_file(&self, id: FileId) -> FileResult<Vec<u8>> {
        let dir = self.templates.as_ref().ok_or(FileError::AccessDenied)?;
        let path = id.get();
        if !matches!(path.root(), VirtualRoot::Project) {
            return Err(FileError::AccessDenied);
        }
        let real = path
            .vpath()
            .realize(dir.path())
            .map_err(|_| FileError::AccessDenied)?;
        dir.read(&real, MAX_TEMPLATE_FILE)
            .map_err(|refusal| match refusal {
                Refusal::Missing => FileError::NotFound(real.clone()),
                _ => FileError::AccessDenied,
            })
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        let text =
            String::from_utf8(self.template_file(id)?).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            return Ok(self.data.clone());
        }
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.template_file(id).map(Bytes::new)
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().1.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world(templates: Option<ProjectRoot>) -> ReportWorld {
        let today = Datetime::from_ymd(2020, 8, 18).unwrap();
        ReportWorld::new("= Title", b"{\"a\": 1}".to_vec(), templates, today)
    }

    #[test]
    fn serves_the_data_and_the_template_only() {
        let w = world(None);
        assert_eq!(
            w.file(root_file("/data.json")).unwrap().as_slice(),
            b"{\"a\": 1}"
        );
        assert_eq!(w.source(w.main()).unwrap().text(), "= Title");
        for path in [
            "/etc/passwd",
            "/assessments/a.yaml",
            "/templates/report.typ",
        ] {
            assert!(
                matches!(w.file(root_file(path)), Err(FileError::AccessDenied)),
                "{path}"
            );
        }
        assert_eq!(w.today(None), Datetime::from_ymd(2020, 8, 18));
    }

    #[test]
    fn serves_files_inside_the_templates_folder_only() {
        let dir = tempfile::tempdir().unwrap();
        let templates = dir.path().join("templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(templates.join("logo.svg"), "<svg/>").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), templates.join("link.txt"))
            .unwrap();
        let w = world(Some(ProjectRoot::new(&templates).unwrap()));
        assert_eq!(
            w.file(root_file("/logo.svg")).unwrap().as_slice(),
            b"<svg/>"
        );
        assert!(w.file(root_file("/secret.txt")).is_err());
        #[cfg(unix)]
        assert!(matches!(
            w.file(root_file("/link.txt")),
            Err(FileError::AccessDenied)
        ));
    }
}
