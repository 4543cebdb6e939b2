//! The input-error codes: one table of every code a file can be refused
//! with, and what each means. E0xx: reading and parsing the file; E1xx: the
//! schema; E2xx: the model (references, dates, matrices, settings). An input
//! error gives exit code 2; rules give findings, listed in
//! [`crate::rules::RULES`]'s own table.
//!
//! `dpia explain E101` prints an entry, SARIF describes the codes that occur
//! with it, and tests hold the table, the code and the README to each
//! other: every code written in `src/` is here, and every entry is used
//! and listed in the README.

/// One input-error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputError {
    /// The stable code, `E101`.
    pub code: &'static str,
    /// What it means, in a few words ("an unknown key").
    pub summary: &'static str,
    /// What it covers, with the details a person acts on.
    pub detail: &'static str,
}

/// Every input-error code, in order.
pub static INPUT_ERRORS: &[InputError] = &[
    InputError {
        code: "E001",
        summary: "a file cannot be read, or the assessments folder does not exist",
        detail: "a file cannot be read, or the assessments folder does not exist",
    },
    InputError {
        code: "E002",
        summary: "a file is larger than 4 MiB",
        detail: "a file is larger than 4 MiB (checked before reading)",
    },
    InputError {
        code: "E003",
        summary: "a binary file (a NUL byte)",
        detail: "a binary file (a NUL byte)",
    },
    InputError {
        code: "E004",
        summary: "a file that is not UTF-8 text",
        detail: "not UTF-8 text (the position of the first bad byte is given)",
    },
    InputError {
        code: "E005",
        summary: "an empty file, or only comments",
        detail: "an empty file, or only comments",
    },
    InputError {
        code: "E006",
        summary: "a YAML syntax error",
        detail: "YAML syntax error (with a hint for tabs, unquoted `: `, unclosed quotes and brackets)",
    },
    InputError {
        code: "E007",
        summary: "a duplicate key",
        detail: "a duplicate key (both places named; YAML-to-JSON loaders silently keep the last)",
    },
    InputError {
        code: "E008",
        summary: "nesting deeper than 64 levels",
        detail: "nesting deeper than 64 levels",
    },
    InputError {
        code: "E009",
        summary: "aliases expanding to more than 100,000 values",
        detail: "aliases expanding to more than 100,000 values (an alias bomb)",
    },
    InputError {
        code: "E010",
        summary: "a second YAML document in the file",
        detail: "a second YAML document in the file",
    },
    InputError {
        code: "E011",
        summary: "a list, mapping or alias used as a key",
        detail: "a list, mapping or alias used as a key",
    },
    InputError {
        code: "E012",
        summary: "an unsupported tag",
        detail: "an unsupported tag",
    },
    InputError {
        code: "E013",
        summary: "a path that leads outside the project root",
        detail: "a path that leads outside the project root (a link, or a matrix path such as `../../x` or `/etc/passwd`); the target is not read or quoted",
    },
    InputError {
        code: "E014",
        summary: "not a regular file (a FIFO, socket, device or folder)",
        detail: "not a regular file (a FIFO, socket, device or folder), refused before it is opened",
    },
    InputError {
        code: "E015",
        summary: "a folder search that found no assessment file",
        detail: "a folder search that found no assessment file (the files it skipped are listed)",
    },
    InputError {
        code: "E016",
        summary: "a file of more than 100,000 values",
        detail: "a file of more than 100,000 values (a DPIA holds a few thousand)",
    },
    InputError {
        code: "E017",
        summary: "more problems in one file than are shown",
        detail: "more problems in one file than the 100 shown (listed first for the file: the rest are counted, not printed)",
    },
    InputError {
        code: "E018",
        summary: "a YAML version other than 1.x",
        detail: "a `%YAML` directive for a version other than 1.x",
    },
    InputError {
        code: "E019",
        summary: "Markdown nested deeper than a report can lay out",
        detail: "a text that nests Markdown more than 12 levels deep (a quote, a list and each of its items, emphasis, a link: each open element is a level), which no report could lay out",
    },
    InputError {
        code: "E020",
        summary: "more than 32 characters combining into one",
        detail: "more than 32 characters combining into one (stacked combining marks), which would cost typst quadratic time",
    },
    InputError {
        code: "E021",
        summary: "more than 20,000 elements of text in one file",
        detail: "a file of more than 20,000 elements of text (paragraphs, list items, table cells; each string counts at least one): a report of it would take minutes and gigabytes",
    },
    InputError {
        code: "E022",
        summary: "a word longer than 2,000 characters",
        detail: "a word longer than 2,000 characters (a URL breaks at its slashes): one over 64 KiB crashes the PDF writer",
    },
    InputError {
        code: "E023",
        summary: "content that is not in the canonical form `dpia-assessment/1`",
        detail: "content read as an assessment's canonical form (`dpia digest --canonical`: an approved version, compared by `dpia diff`) that is not exactly those bytes: not JSON, another form or version, or not what dpia writes for the content it holds",
    },
    InputError {
        code: "E101",
        summary: "an unknown key",
        detail: "an unknown key, with \"did you mean\"",
    },
    InputError {
        code: "E102",
        summary: "a missing required key",
        detail: "a missing required key",
    },
    InputError {
        code: "E103",
        summary: "a value of the wrong type",
        detail: "a value of the wrong type (with a hint to quote numbers meant as text)",
    },
    InputError {
        code: "E104",
        summary: "a value outside the allowed set",
        detail: "a value outside the allowed set, with \"did you mean\"",
    },
    InputError {
        code: "E105",
        summary: "a value of the wrong form (dates, ids, colours)",
        detail: "a value of the wrong form (dates, ids, colours)",
    },
    InputError {
        code: "E106",
        summary: "too few items, or empty text",
        detail: "too few items or empty text",
    },
    InputError {
        code: "E107",
        summary: "a number out of range",
        detail: "a number out of range",
    },
    InputError {
        code: "E108",
        summary: "a repeated list item",
        detail: "a repeated list item",
    },
    InputError {
        code: "E109",
        summary: "a value the schema does not allow",
        detail: "other schema violations",
    },
    InputError {
        code: "E190",
        summary: "the schema accepted a value the model did not (a bug in dpia)",
        detail: "the schema accepted a value the model did not (a bug in dpia)",
    },
    InputError {
        code: "E201",
        summary: "an id used twice",
        detail: "an id used twice in a file, or two assessments with the same id (both places named)",
    },
    InputError {
        code: "E202",
        summary: "a reference to an undefined id, or to an id of the wrong kind",
        detail: "a reference to an undefined id, or to an id of the wrong kind (both places named)",
    },
    InputError {
        code: "E203",
        summary: "a date that does not exist",
        detail: "a date that does not exist (`2021-02-29`)",
    },
    InputError {
        code: "E204",
        summary: "an unknown risk matrix",
        detail: "an unknown risk matrix",
    },
    InputError {
        code: "E205",
        summary: "an unknown likelihood or severity level, or a stated rating the matrix cannot read",
        detail: "an unknown likelihood or severity level, or a stated rating the matrix cannot read",
    },
    InputError {
        code: "E206",
        summary: "an invalid risk matrix: its cell table is incomplete or names unknown levels",
        detail: "an invalid matrix: cell table incomplete or unknown names",
    },
    InputError {
        code: "E207",
        summary: "an invalid risk matrix: its score bands overlap or miss a reachable score",
        detail: "score bands overlapping or not covering every reachable score",
    },
    InputError {
        code: "E209",
        summary: "an unknown controller or joint controller, or none named when the project has several",
        detail: "an unknown controller or joint controller, no controller named when the project has several, or the controller listed again as a joint controller",
    },
    InputError {
        code: "E211",
        summary: "two custom risk matrices with the same id",
        detail: "two custom matrices with the same id",
    },
    InputError {
        code: "E212",
        summary: "a rule code that names no rule",
        detail: "a rule code that names no rule (in `rules:` of the project file, or `suppress:` of an assessment), with \"did you mean\"",
    },
    InputError {
        code: "E213",
        summary: "a suppression whose reason has fewer than two words",
        detail: "a suppression whose reason has fewer than two words",
    },
    InputError {
        code: "E214",
        summary: "a rule that reports loosening of the gate, turned off or suppressed",
        detail: "G008 turned off or suppressed (what loosens the gate is always reported)",
    },
    InputError {
        code: "E215",
        summary: "sub-processors that engage each other in a cycle",
        detail: "sub-processors that engage each other in a cycle, or one engaged by itself (every link named)",
    },
    InputError {
        code: "E230",
        summary: "a language catalogue that is not a mapping of keys to text",
        detail: "a project's language catalogue (templates/i18n/<tag>.yaml) that is not a mapping of keys to text, or a key whose value is a list or empty",
    },
    InputError {
        code: "E231",
        summary: "an unknown key in a language catalogue",
        detail: "a key in a project's language catalogue that the reports do not use (not a key of en-GB), with \"did you mean\"",
    },
    InputError {
        code: "E232",
        summary: "a catalogue text with other placeholders than en-GB's",
        detail: "a text in a project's language catalogue that drops or invents a `{placeholder}` the reports fill in",
    },
    InputError {
        code: "E233",
        summary: "a catalogue for a new language that lacks keys",
        detail: "a project's catalogue for a language dpia does not ship, without every key (the missing ones listed)",
    },
    InputError {
        code: "E234",
        summary: "a language with no catalogue",
        detail: "a `language:` (project or assessment) that no catalogue serves, or a catalogue file not named by a language tag",
    },
    InputError {
        code: "E240",
        summary: "an allowed-signers line that is not understood",
        detail: "a line of the project's allowed-signers file (`approvals.allowed_signers`) that is not `principals [options] key-type key`: no key, a key OpenSSH would not read, an option dpia does not know (it reads `namespaces`, `valid-after`, `valid-before` and `cert-authority`)",
    },
    InputError {
        code: "E241",
        summary: "a required sign-off role the project does not define",
        detail: "`approvals.required` names a role that is neither a row of the ICO template's step 7 (measures, residual-risks, dpo-advice, dpo-advice-response, consultation-responses, kept-under-review) nor one of the project's own under `approvals.roles`",
    },
];

/// The entry of a code (case-insensitive).
#[must_use]
pub fn input_error(code: &str) -> Option<&'static InputError> {
    INPUT_ERRORS
        .iter()
        .find(|e| e.code.eq_ignore_ascii_case(code))
}

impl InputError {
    /// The stage that raises it.
    #[must_use]
    pub fn stage(&self) -> &'static str {
        match self.code.as_bytes().get(1) {
            Some(b'0') => "reading and parsing the file",
            Some(b'1') => "the schema",
            _ => "the model (references, dates, matrices and settings)",
        }
    }

    /// What `dpia explain` prints.
    #[must_use]
    pub fn documentation(&self) -> String {
        format!(
            "# {} input error: {}\n\nRaised by {}. {}{}\n\nAn input error stops the file: \
             `dpia check` exits with 2 and `dpia build` writes nothing for it until it is fixed. \
             The message says what is wrong and points at the line.\n",
            self.code,
            self.summary,
            self.stage(),
            capitalised(self.detail),
            if self.detail.ends_with('.') { "" } else { "." },
        )
    }
}

/// The text with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `"Exxx"` literal in a source text.
    fn codes_in(text: &str) -> Vec<String> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        for (i, _) in text.match_indices("\"E") {
            let code = &bytes[i + 1..(i + 5).min(bytes.len())];
            if code.len() == 4
                && code[1..].iter().all(u8::is_ascii_digit)
                && bytes.get(i + 5) == Some(&b'"')
            {
                out.push(String::from_utf8_lossy(code).into_owned());
            }
        }
        out
    }

    fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    #[test]
    fn every_code_in_the_source_is_in_the_table_and_every_entry_is_used() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let mut used = std::collections::BTreeSet::new();
        for file in files.iter().filter(|f| !f.ends_with("codes.rs")) {
            used.extend(codes_in(&std::fs::read_to_string(file).unwrap()));
        }
        let table: std::collections::BTreeSet<String> =
            INPUT_ERRORS.iter().map(|e| e.code.to_owned()).collect();
        let missing: Vec<_> = used.difference(&table).collect();
        let unused: Vec<_> = table.difference(&used).collect();
        assert!(
            missing.is_empty(),
            "codes used but not in INPUT_ERRORS: {missing:?}"
        );
        assert!(
            unused.is_empty(),
            "codes in INPUT_ERRORS that nothing raises: {unused:?}"
        );
        assert!(
            INPUT_ERRORS.windows(2).all(|w| w[0].code < w[1].code),
            "in order, once each"
        );
    }

    #[test]
    fn the_readme_lists_every_code() {
        let readme = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"),
        )
        .unwrap();
        for e in INPUT_ERRORS {
            assert!(
                readme
                    .lines()
                    .any(|l| l.starts_with("| ") && l.contains(e.code)),
                "the README's table of input errors lacks {}",
                e.code
            );
        }
    }

    #[test]
    fn explain_reads_an_entry() {
        let e = input_error("e101").unwrap();
        assert_eq!(e.summary, "an unknown key");
        assert!(
            e.documentation()
                .starts_with("# E101 input error: an unknown key\n\nRaised by the schema.")
        );
        assert!(input_error("E999").is_none());
    }
}
