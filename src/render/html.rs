//! The HTML renderer: one minijinja environment, configured here only.
//!
//! Templates are looked up first in the project's own `templates/` folder
//! (like an mdBook theme, any file there replaces the default of the same
//! name), then in the defaults embedded from this repository's
//! `templates/`. Auto-escaping is on for `.html`; a missing variable is an
//! error; the one filter that produces markup, `markdown`, escapes all of
//! the author's text itself.

use std::path::{Path, PathBuf};

use crate::root::{ProjectRoot, Refusal};

use minijinja::{Environment, Error, UndefinedBehavior, Value};

use crate::present::markdown;
use crate::present::report::ReportContext;

/// The default templates, embedded from `templates/`.
pub const DEFAULT_TEMPLATES: [(&str, &str); 4] = [
    ("report.html", include_str!("../../templates/report.html")),
    ("report.css", include_str!("../../templates/report.css")),
    (
        "register.html",
        include_str!("../../templates/register.html"),
    ),
    (
        "dashboard.html",
        include_str!("../../templates/dashboard.html"),
    ),
];

/// The template a report is rendered from.
pub const REPORT_TEMPLATE: &str = "report.html";

/// Enough template work for a very large report; a project template that
/// loops without end is stopped instead of hanging the build.
const FUEL: u64 = 50_000_000;

/// The environment: loader, escaping, strictness and filters. Templates
/// come from the project's templates folder (read only inside it, see
/// [`ProjectRoot`]) or the defaults.
#[must_use]
pub fn environment(project_templates: Option<ProjectRoot>) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_loader(move |name| {
        if let Some(text) = project_template(project_templates.as_ref(), name)
            .map_err(|e| Error::new(minijinja::ErrorKind::InvalidOperation, e))?
        {
            return Ok(Some(text));
        }
        Ok(DEFAULT_TEMPLATES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| (*text).to_owned()))
    });
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.add_filter("markdown", |text: &str| {
        Value::from_safe_string(markdown::to_html(text))
    });
    env.add_filter("fill", fill);
    env
}

/// Text escaped as minijinja escapes it (so a filled text reads as the
/// rest of the page).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            '/' => out.push_str("&#x2f;"),
            c => out.push(c),
        }
    }
    out
}

/// `{{ t.report.title|fill(title=assessment.title) }}`: a catalogue text
/// with its `{placeholders}` filled in. The text and every value are
/// escaped, except values marked safe by the template itself (a `<code>`
/// it built); a placeholder without a value stays as written.
#[allow(clippy::needless_pass_by_value)] // minijinja passes keyword arguments by value
fn fill(text: &str, kwargs: minijinja::value::Kwargs) -> Result<Value, Error> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&escape(&rest[..open]));
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        let name = &after[..close];
        match kwargs.get::<Option<Value>>(name)? {
            Some(value) if value.is_safe() => out.push_str(&value.to_string()),
            Some(value) => out.push_str(&escape(&value.to_string())),
            None => out.push_str(&escape(&rest[open..open + close + 2])),
        }
        rest = &after[close + 1..];
    }
    out.push_str(&escape(rest));
    Ok(Value::from_safe_string(out))
}

/// Renders the report of one assessment.
pub fn render_report(env: &Environment<'_>, context: &ReportContext) -> Result<String, Error> {
    render(env, REPORT_TEMPLATE, context)
}

/// Renders a page from a template and its context.
pub fn render(
    env: &Environment<'_>,
    template: &str,
    context: &impl serde::Serialize,
) -> Result<String, Error> {
    let mut html = env
        .get_template(template)?
        .render(Value::from(minijinja::value::Serde(context)))?;
    // minijinja drops the template's final newline; a text file ends with one.
    if !html.ends_with('\n') {
        html.push('\n');
    }
    Ok(html)
}

/// A template name joined to a folder, refusing names that could leave it
/// (absolute, `..`, hidden segments, backslashes).
fn safe_join(dir: &Path, name: &str) -> Option<PathBuf> {
    let mut path = dir.to_path_buf();
    for segment in name.split('/') {
        if segment.is_empty()
            || segment.starts_with('.')
            || segment.contains('\\')
            || segment.contains(':')
        {
            return None;
        }
        path.push(segment);
    }
    Some(path)
}

/// The text of the project's own template `name`: `None` when the project
/// has no such template, an error when it has one that may not be read (a
/// link out of the folder, a FIFO...). The message never quotes the file.
pub fn project_template(
    project_templates: Option<&ProjectRoot>,
    name: &str,
) -> Result<Option<String>, String> {
    let Some(dir) = project_templates else {
        return Ok(None);
    };
    let Some(path) = safe_join(dir.path(), name) else {
        return Ok(None);
    };
    match dir.read_to_string(&path, crate::source::MAX_FILE_BYTES) {
        Ok(text) => Ok(Some(text)),
        Err(Refusal::Missing) => Ok(None),
        Err(refusal) => Err(format!(
            "the template `templates/{}` is not read: {}",
            crate::escape::inline(name),
            refusal.reason()
        )),
    }
}

/// A template error, located in its template.
#[must_use]
pub fn template_error(e: &minijinja::Error) -> String {
    let mut message = format!("template error: {}", e.kind());
    if let Some(detail) = e.detail() {
        message.push_str(&format!(": {detail}"));
    }
    if let (Some(name), Some(line)) = (e.name(), e.line()) {
        message.push_str(&format!(" (templates/{name}, line {line})"));
    }
    message
}
