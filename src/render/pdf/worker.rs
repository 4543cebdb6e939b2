//! Compiling report PDFs in worker processes: `dpia build` on more than
//! one thread hands each thread's PDFs to a `dpia` process of its own.
//!
//! Two threads compiling PDFs in one process got about 1.6 times the work
//! of one done; two processes got 1.9 times. typst keeps its memoised
//! work, its fonts and the PDF writer's glyph lookups in memory every
//! thread shares, and two threads laying out and exporting at once spent
//! a sixth more CPU time on each report than one. A process of its own
//! shares nothing.
//!
//! A worker is the same program (`dpia internal-pdf-worker`, which is not a
//! command: `main` looks for it before parsing the command line) and
//! runs [`compile`] as the build would in-process, so it writes the same
//! bytes (tested). It reads nothing but what it is sent and the templates
//! folder the build names, through the same [`ProjectRoot`]. The two speak
//! over the worker's standard input and output, in frames: an 8-byte
//! little-endian length, then that many bytes.
//!
//! - The worker first sends a greeting naming its version and the digest
//!   of its source; a worker that is not this very dpia (the binary was
//!   replaced during the build) is not used.
//! - A job is two frames: its settings as JSON (`Request`), then the
//!   report's data.
//! - A reply is one frame: a status byte (`OK`, `FAILED` or
//!   `STOPPED`), then the PDF or the message.
//!
//! A job that makes typst panic stops its worker (typst's memoised state
//! is not trusted after that), and so does a job during which the worker
//! dies: the report gets the error, and the next job starts a new worker.
//! A worker that cannot be started, or two in a row that end before they
//! are sent a job, leave the PDFs to the build's own process, so the build
//! never depends on them. The build ends each worker after 50 jobs
//! (`render::reports`).

use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde::{Deserialize, Serialize};

use super::{PdfJob, PdfSettings, compile};
use crate::date::PartialDate;
use crate::root::ProjectRoot;

/// The first argument that makes `dpia` a worker (`main.rs` looks for it
/// before the command line is parsed, so no help or completion offers it).
pub const SUBCOMMAND: &str = "internal-pdf-worker";

/// The reply to a job compiled.
const OK: u8 = 0;
/// The reply to a job typst refused (the message follows).
const FAILED: u8 = 1;
/// The reply to a job that stopped the worker (the message follows).
const STOPPED: u8 = 2;

/// The largest frame either side accepts: a report's data or its PDF is a
/// few megabytes at most; anything larger is a broken stream.
const MAX_FRAME: u64 = 1 << 30;

/// What a worker says first: which dpia it is.
pub(crate) fn greeting() -> String {
    format!(
        "dpia {} {}",
        env!("CARGO_PKG_VERSION"),
        env!("DPIA_SOURCE_DIGEST")
    )
}

/// A job's settings: everything [`compile`] takes but the data.
#[derive(Debug, Serialize, Deserialize)]
struct Request {
    /// File name of the template.
    name: String,
    /// The template's text.
    template: String,
    /// The PDF's identifier.
    ident: String,
    /// The creator tool.
    creator: String,
    /// The date the document carries.
    day: Option<PartialDate>,
    /// The project's templates folder, links resolved.
    templates: Option<PathBuf>,
    /// PDF settings.
    settings: PdfSettings,
}

/// Writes one frame.
fn write_frame(to: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    to.write_all(&(bytes.len() as u64).to_le_bytes())?;
    to.write_all(bytes)
}

/// Reads one frame; `None` at the end of the stream, between frames.
fn read_frame(from: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut length = [0u8; 8];
    let mut got = 0;
    while got < length.len() {
        match from.read(&mut length[got..]) {
            Ok(0) if got == 0 => return Ok(None),
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let length = u64::from_le_bytes(length);
    if length > MAX_FRAME {
        return Err(io::Error::other(format!("a frame of {length} bytes")));
    }
    let mut bytes = Vec::new();
    from.take(length).read_to_end(&mut bytes)?;
    if bytes.len() as u64 != length {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(Some(bytes))
}

/// Runs a worker on this process's standard input and output until the
/// input ends (the build is done) or a job stops it.
///
/// # Errors
/// When the stream breaks or a frame is not a job.
pub fn serve() -> io::Result<()> {
    // A panic is reported in the reply, escaped by the build as any
    // message is; nothing is printed here.
    std::panic::set_hook(Box::new(|_| {}));
    let mut input = BufReader::new(io::stdin().lock());
    let mut output = BufWriter::new(io::stdout().lock());
    write_frame(&mut output, greeting().as_bytes())?;
    output.flush()?;
    while let Some(head) = read_frame(&mut input)? {
        let request: Request = serde_json::from_slice(&head).map_err(io::Error::other)?;
        let data = read_frame(&mut input)?.ok_or(io::ErrorKind::UnexpectedEof)?;
        let (status, reply) = match run(request, data) {
            Ok(Ok(pdf)) => (OK, pdf),
            Ok(Err(message)) => (FAILED, message.into_bytes()),
            Err(message) => (STOPPED, message.into_bytes()),
        };
        output.write_all(&[status])?;
        write_frame(&mut output, &reply)?;
        output.flush()?;
        if status == STOPPED {
            break;
        }
    }
    Ok(())
}

/// Compiles one job; `Err` when typst panicked on it.
fn run(request: Request, data: Vec<u8>) -> Result<Result<Vec<u8>, String>, String> {
    let templates = match request
        .templates
        .as_deref()
        .map(ProjectRoot::new)
        .transpose()
    {
        Ok(templates) => templates,
        Err(e) => return Ok(Err(format!("cannot open the templates folder: {e}"))),
    };
    let job = PdfJob {
        name: &request.name,
        template: &request.template,
        data,
        ident: request.ident,
        creator: request.creator,
        day: request.day,
        alone: false,
        footers: None,
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        compile(job, templates, request.settings)
    }))
    .map_err(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        format!("typst stopped on it ({what})")
    })
}

/// A worker process, started by the build.
pub struct Worker {
    /// The process.
    child: Child,
    /// Its standard input; `None` once closed.
    input: Option<BufWriter<ChildStdin>>,
    /// Its standard output.
    output: BufReader<ChildStdout>,
    /// The worker stopped or broke the stream: it is of no more use.
    broken: bool,
}

/// How a job sent to a worker went.
pub enum Reply {
    /// The worker compiled it, or typst refused it (the message says why).
    Done(Result<Vec<u8>, String>),
    /// The worker stopped on it, and is gone: the message says why.
    Stopped(String),
    /// The job could not be sent: the worker had already ended.
    Unsent,
}

impl Worker {
    /// Starts `program` as a worker and checks that it is this dpia.
    ///
    /// # Errors
    /// When it cannot be started or is another program or version.
    pub fn start(program: &Path) -> io::Result<Worker> {
        let mut child = Command::new(program)
            .arg(SUBCOMMAND)
            // One thread each: the build starts a worker per thread.
            .env("RAYON_NUM_THREADS", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io::Error::other("no pipes to the worker"));
        };
        let mut worker = Worker {
            child,
            input: Some(BufWriter::new(input)),
            output: BufReader::new(output),
            broken: false,
        };
        match read_frame(&mut worker.output) {
            Ok(Some(hello)) if hello == greeting().as_bytes() => Ok(worker),
            _ => {
                worker.broken = true;
                Err(io::Error::other(
                    "the program is not this dpia's PDF worker",
                ))
            }
        }
    }

    /// Compiles `job` (a job without a footer pass) in the worker.
    pub fn compile(
        &mut self,
        job: &PdfJob<'_>,
        templates: Option<&ProjectRoot>,
        settings: PdfSettings,
    ) -> Reply {
        let reply = self.exchange(job, templates, settings);
        if !matches!(reply, Reply::Done(_)) {
            self.broken = true;
        }
        reply
    }

    /// Sends a job and reads the reply.
    fn exchange(
        &mut self,
        job: &PdfJob<'_>,
        templates: Option<&ProjectRoot>,
        settings: PdfSettings,
    ) -> Reply {
        debug_assert!(job.footers.is_none() && !job.alone);
        let request = Request {
            name: job.name.to_owned(),
            template: job.template.to_owned(),
            ident: job.ident.clone(),
            creator: job.creator.clone(),
            day: job.day,
            templates: templates.map(|t| t.path().to_owned()),
            settings,
        };
        let Ok(head) = serde_json::to_vec(&request) else {
            return Reply::Unsent;
        };
        let sent = self.input.as_mut().is_some_and(|input| {
            write_frame(input, &head)
                .and_then(|()| write_frame(input, &job.data))
                .and_then(|()| input.flush())
                .is_ok()
        });
        if !sent {
            return Reply::Unsent;
        }
        let mut status = [0u8];
        let reply = self
            .output
            .read_exact(&mut status)
            .and_then(|()| read_frame(&mut self.output));
        let Ok(Some(reply)) = reply else {
            return Reply::Stopped(self.ended());
        };
        let text = || String::from_utf8_lossy(&reply).into_owned();
        match status[0] {
            OK => Reply::Done(Ok(reply)),
            FAILED => Reply::Done(Err(text())),
            STOPPED => Reply::Stopped(text()),
            _ => Reply::Stopped(self.ended()),
        }
    }

    /// Ends a worker that broke off mid-job, and says how it ended.
    fn ended(&mut self) -> String {
        let _ = self.child.kill();
        match self.child.wait() {
            Ok(status) => format!("the PDF worker process ended on it ({status})"),
            Err(e) => format!("the PDF worker process ended on it ({e})"),
        }
    }
}

impl Drop for Worker {
    /// Closes the worker's input, which ends a worker between jobs, and
    /// waits for it; a worker that stopped or broke the stream is killed
    /// first.
    fn drop(&mut self) {
        drop(self.input.take());
        if self.broken {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::{read_frame, write_frame};

    #[test]
    fn frames_round_trip_and_a_cut_one_is_an_error() {
        let mut bytes = Vec::new();
        write_frame(&mut bytes, b"hello").unwrap();
        write_frame(&mut bytes, b"").unwrap();
        let mut reader = bytes.as_slice();
        assert_eq!(read_frame(&mut reader).unwrap().unwrap(), b"hello");
        assert_eq!(read_frame(&mut reader).unwrap().unwrap(), b"");
        assert!(read_frame(&mut reader).unwrap().is_none());
        let cut = &bytes[..10];
        assert!(read_frame(&mut &cut[..]).is_err());
        let huge = u64::MAX.to_le_bytes();
        assert!(read_frame(&mut &huge[..]).is_err());
    }
}
