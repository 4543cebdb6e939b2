//! The HTML renderer: one minijinja environment, configured here only.
//!
//! Templates are looked up first in the project's own `templates/` folder
//! (like an mdBook theme, any file there replaces the default of the same
//! name), then in the defaults embedded from this repository's
//! `templates/`. Auto-escaping is on for `.html`; a missing variable is an
//! error; the one filter that produces markup, `markdown`, escapes all of
//! the author's text itself.

use std::path::{Path, PathBuf};

use minijinja::{Environment, Error, UndefinedBehavior, Value};

use crate::report::context::ReportContext;
use crate::report::markdown;

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

/// The environment: loader, escaping, strictness and filters.
#[must_use]
pub fn environment(project_templates: Option<PathBuf>) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_loader(move |name| {
        if let Some(path) = project_templates
            .as_ref()
            .and_then(|dir| safe_join(dir, name))
            .filter(|path| path.is_file())
        {
            return std::fs::read_to_string(&path).map(Some).map_err(|e| {
                Error::new(
                    minijinja::ErrorKind::InvalidOperation,
                    format!("cannot read template {}: {e}", path.display()),
                )
            });
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
    env
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

/// A project's `templates/` folder, if it has one.
#[must_use]
pub fn project_templates(project_root: &Path) -> Option<PathBuf> {
    let dir = project_root.join("templates");
    dir.is_dir().then_some(dir)
}
