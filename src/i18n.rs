//! The words of the reports, in the document's language: catalogues of
//! every fixed string the reports, the register and the dashboard show,
//! one data file per language (`templates/i18n/<tag>.yaml`).
//!
//! dpia ships complete catalogues for `en-GB`, `nl`, `fr` and `de`
//! ([`BUNDLED`]). A project adds to or overrides them with files of the same shape in its
//! own `templates/i18n/` folder: a file for a shipped language replaces the
//! keys it names; a file for another language must hold every key. A
//! language is asked for with a BCP 47 tag (`language: nl-BE`): the
//! catalogue of that exact tag, else the one of its primary language.
//!
//! A catalogue is a tree of mappings whose leaves are text. Text may hold
//! placeholders (`{n}`, `{authority}`) that the code fills in; a count has
//! two leaves, `one` and `other`, picked by the language's plural rule.
//! Every catalogue has exactly the keys of `en-GB`, with the same
//! placeholders (tests hold the shipped ones to it; a project's are checked
//! when the project is read, each problem located in its file).

use std::collections::BTreeMap;
use std::fmt::Display;
use std::sync::{Arc, OnceLock};

use crate::date::PartialDate;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceFile};
use crate::yaml::{Node, NodeValue};

/// The language every other catalogue is held to.
pub const REFERENCE: &str = "en-GB";

/// The shipped catalogues, embedded from `templates/i18n/`.
pub const BUNDLED: [(&str, &str); 4] = [
    ("en-GB", include_str!("../templates/i18n/en-GB.yaml")),
    ("nl", include_str!("../templates/i18n/nl.yaml")),
    ("fr", include_str!("../templates/i18n/fr.yaml")),
    ("de", include_str!("../templates/i18n/de.yaml")),
];

/// A catalogue: the text of every key, for one language tag.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// The tag the text is for, as asked (`nl-BE`): what the HTML `lang`
    /// and the PDF's language say.
    tag: String,
    /// Key (`report.cover.owner`) -> text.
    entries: Arc<BTreeMap<String, String>>,
}

/// One leaf of a catalogue file, with where it is written.
#[derive(Debug, Clone)]
pub struct Leaf {
    /// Dotted key.
    pub key: String,
    /// The text.
    pub text: String,
    /// Where the key is written.
    pub key_span: std::ops::Range<usize>,
}

impl Catalogue {
    /// The language tag.
    #[must_use]
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The primary language subtag, lower case (`nl` of `nl-BE`).
    #[must_use]
    pub fn language(&self) -> String {
        primary(&self.tag)
    }

    /// The text of a key; the key itself when the catalogue lacks it (which
    /// the tests rule out for every key the code names).
    #[must_use]
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.entries.get(key).map_or(key, String::as_str)
    }

    /// "Yes" or "No", in the catalogue's language.
    #[must_use]
    pub fn yes_no(&self, yes: bool) -> &str {
        self.t(if yes { "common.yes" } else { "common.no" })
    }

    /// The text of a key, if the catalogue has it.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries.get(key).map(String::as_str)
    }

    /// The text of a key with its placeholders filled in.
    #[must_use]
    pub fn f(&self, key: &str, args: &[(&str, &dyn Display)]) -> String {
        fill(self.t(key), args)
    }

    /// `{n} thing` or `{n} things`: the `one` or `other` leaf under `key`,
    /// by the language's plural rule, with `{n}` filled in (with the
    /// language's thousands separator).
    #[must_use]
    pub fn count(&self, key: &str, n: u64) -> String {
        let form = if self.is_one(n) { "one" } else { "other" };
        fill(self.t(&format!("{key}.{form}")), &[("n", &self.number(n))])
    }

    fn is_one(&self, n: u64) -> bool {
        // French counts zero as singular; the others shipped count only 1.
        match self.language().as_str() {
            "fr" => n <= 1,
            _ => n == 1,
        }
    }

    /// A whole number with the language's thousands separator.
    #[must_use]
    pub fn number(&self, n: u64) -> String {
        let digits = n.to_string();
        let separator = self.t("format.thousands_separator");
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(separator);
            }
            out.push(c);
        }
        out
    }

    /// A date as the language writes it: `18 August 2020`, `18 augustus
    /// 2020`, `August 2020`, `2020`.
    #[must_use]
    pub fn date(&self, d: PartialDate) -> String {
        let month = |m: u8| self.t(&format!("format.month.{m}")).to_owned();
        match (d.month, d.day) {
            (Some(m), Some(day)) => self.f(
                "format.day_month_year",
                &[("day", &day), ("month", &month(m)), ("year", &d.year)],
            ),
            (Some(m), None) => self.f(
                "format.month_year",
                &[("month", &month(m)), ("year", &d.year)],
            ),
            _ => d.year.to_string(),
        }
    }

    /// The catalogue as a tree of mappings, for templates (`t.report.kind`
    /// in minijinja and typst alike).
    #[must_use]
    pub fn tree(&self) -> serde_json::Value {
        let mut root = serde_json::Map::new();
        for (key, text) in self.entries.iter() {
            let mut node = &mut root;
            let mut parts = key.split('.').peekable();
            while let Some(part) = parts.next() {
                if parts.peek().is_none() {
                    node.insert(part.to_owned(), serde_json::Value::String(text.clone()));
                } else {
                    node = match node
                        .entry(part.to_owned())
                        .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()))
                    {
                        serde_json::Value::Object(map) => map,
                        _ => break,
                    };
                }
            }
        }
        serde_json::Value::Object(root)
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }
}

/// Fills `{name}` placeholders; an unknown placeholder stays as written.
#[must_use]
pub fn fill(text: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &after[..close];
        if let Some((_, value)) = args.iter().find(|(n, _)| *n == name) {
            out.push_str(&value.to_string());
        } else {
            out.push_str(&rest[open..=open + close + 1]);
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The placeholders a text names, sorted.
#[must_use]
pub fn placeholders(text: &str) -> Vec<String> {
    let mut names: Vec<String> = text
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_owned()))
        .filter(|name| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The primary language subtag of a tag, lower case.
#[must_use]
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or(tag)
        .to_ascii_lowercase()
}

/// The leaves of a catalogue file's tree, or the problems with its shape
/// (a leaf that is not text, a file that is not a mapping), located.
pub fn leaves(root: &Node, file: FileId) -> Result<Vec<Leaf>, Vec<Diagnostic>> {
    fn walk(
        node: &Node,
        prefix: &str,
        key_span: std::ops::Range<usize>,
        file: FileId,
        out: &mut Vec<Leaf>,
        problems: &mut Vec<Diagnostic>,
    ) {
        match &node.value {
            NodeValue::Map(entries) => {
                for e in entries {
                    let key = if prefix.is_empty() {
                        e.key.clone()
                    } else {
                        format!("{prefix}.{}", e.key)
                    };
                    walk(&e.value, &key, e.key_span.clone(), file, out, problems);
                }
            }
            NodeValue::Str(text) => out.push(Leaf {
                key: prefix.to_owned(),
                text: text.clone(),
                key_span,
            }),
            // A number or a word YAML reads as a boolean is text here.
            NodeValue::Int(_) | NodeValue::Float(_) | NodeValue::Bool(_) => out.push(Leaf {
                key: prefix.to_owned(),
                text: node.to_json().to_string().trim_matches('"').to_owned(),
                key_span,
            }),
            NodeValue::Null | NodeValue::Seq(_) => problems.push(
                Diagnostic::input(
                    "E230",
                    format!(
                        "`{}` must be text in a language catalogue, not {}",
                        crate::escape::inline(prefix),
                        node.type_name()
                    ),
                )
                .with_label(file, node.span.clone(), "")
                .with_help("write the text, quoted if it has a `:` or starts with a symbol"),
            ),
        }
    }
    if !matches!(root.value, NodeValue::Map(_)) {
        return Err(vec![
            Diagnostic::input(
                "E230",
                "a language catalogue must be a mapping of keys to text".to_owned(),
            )
            .with_label(file, root.span.clone(), ""),
        ]);
    }
    let mut out = Vec::new();
    let mut problems = Vec::new();
    walk(root, "", 0..0, file, &mut out, &mut problems);
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The catalogues a run can use: the shipped ones, with a project's
/// additions and overrides laid over them.
#[derive(Debug, Clone)]
pub struct Catalogues {
    /// Catalogue id (`en-GB`, `nl`, a project's `es`) -> its entries.
    by_id: BTreeMap<String, Arc<BTreeMap<String, String>>>,
}

impl Default for Catalogues {
    fn default() -> Self {
        Catalogues {
            by_id: bundled().clone(),
        }
    }
}

impl Catalogues {
    /// The catalogue for a language tag: the exact tag's (in any case), else
    /// the one of its primary language, else one of the same primary
    /// language (`en-US` gets `en-GB`). `None` when there is none.
    #[must_use]
    pub fn get(&self, tag: &str) -> Option<Catalogue> {
        let lang = primary(tag);
        let entries = self
            .by_id
            .iter()
            .find(|(id, _)| id.eq_ignore_ascii_case(tag))
            .or_else(|| {
                self.by_id
                    .iter()
                    .find(|(id, _)| id.eq_ignore_ascii_case(&lang))
            })
            .or_else(|| self.by_id.iter().find(|(id, _)| primary(id) == lang))?
            .1
            .clone();
        Some(Catalogue {
            tag: tag.to_owned(),
            entries,
        })
    }

    /// The reference catalogue (`en-GB`).
    #[must_use]
    pub fn reference(&self) -> Catalogue {
        Catalogue {
            tag: REFERENCE.to_owned(),
            entries: bundled()[REFERENCE].clone(),
        }
    }

    /// E234: there is no catalogue for a language tag.
    #[must_use]
    pub fn missing(&self, tag: &str) -> Diagnostic {
        Diagnostic::input(
            "E234",
            format!(
                "there is no language catalogue for `{}`",
                crate::escape::inline(tag)
            ),
        )
        .with_help(format!(
            "the languages are {}; add templates/i18n/{}.yaml to the project for another",
            self.ids()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", "),
            crate::escape::inline(tag)
        ))
    }

    /// The ids of the catalogues, sorted.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.by_id.keys().map(String::as_str)
    }

    /// Lays a project's catalogue file over the shipped one of the same id,
    /// or adds it as a new language (which must then be complete). Every
    /// key must be one of the reference catalogue's, with its placeholders.
    pub fn overlay(
        &mut self,
        id: &str,
        file: &SourceFile,
        file_id: FileId,
    ) -> Result<(), Vec<Diagnostic>> {
        let root = crate::yaml::parse(file, file_id)?;
        let leaves = leaves(&root, file_id)?;
        let reference = &bundled()[REFERENCE];
        let mut problems = Vec::new();
        for leaf in &leaves {
            match reference.get(&leaf.key) {
                None => {
                    let mut d = Diagnostic::input(
                        "E231",
                        format!(
                            "`{}` is not a key of the language catalogues",
                            crate::escape::inline(&leaf.key)
                        ),
                    )
                    .with_label(file_id, leaf.key_span.clone(), "");
                    if let Some(near) =
                        crate::suggest::suggest(&leaf.key, reference.keys().map(String::as_str))
                    {
                        d = d.with_help(format!("did you mean `{near}`?"));
                    }
                    problems.push(d);
                }
                Some(english) if placeholders(english) != placeholders(&leaf.text) => problems
                    .push(
                        Diagnostic::input(
                            "E232",
                            format!(
                                "`{}` must use the placeholders {} (the text fills them in)",
                                crate::escape::inline(&leaf.key),
                                list_placeholders(english)
                            ),
                        )
                        .with_label(file_id, leaf.key_span.clone(), ""),
                    ),
                Some(_) => {}
            }
        }
        let base = self.by_id.get(id).cloned();
        if base.is_none() {
            let given: std::collections::BTreeSet<&str> =
                leaves.iter().map(|l| l.key.as_str()).collect();
            let missing: Vec<&str> = reference
                .keys()
                .map(String::as_str)
                .filter(|k| !given.contains(k))
                .collect();
            if !missing.is_empty() {
                let shown: Vec<String> = missing.iter().take(5).map(|k| format!("`{k}`")).collect();
                problems.push(
                    Diagnostic::input(
                        "E233",
                        format!(
                            "the catalogue for `{}` lacks {} of the {} keys: {}{}",
                            crate::escape::inline(id),
                            missing.len(),
                            reference.len(),
                            shown.join(", "),
                            if missing.len() > shown.len() { ", ..." } else { "" }
                        ),
                    )
                    .with_label(file_id, 0..0, "")
                    .with_help(format!(
                        "dpia ships {}; a new language needs every key (copy templates/i18n/en-GB.yaml from dpia's repository and translate it)",
                        bundled().keys().map(String::as_str).collect::<Vec<_>>().join(", ")
                    )),
                );
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut entries = base.map(|b| (*b).clone()).unwrap_or_default();
        for leaf in leaves {
            entries.insert(leaf.key, leaf.text);
        }
        self.by_id.insert(id.to_owned(), Arc::new(entries));
        Ok(())
    }
}

fn list_placeholders(text: &str) -> String {
    let names = placeholders(text);
    if names.is_empty() {
        "none".to_owned()
    } else {
        names
            .iter()
            .map(|n| format!("{{{n}}}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The shipped catalogues, parsed once.
///
/// # Panics
/// If a shipped catalogue does not parse, which the tests rule out.
fn bundled() -> &'static BTreeMap<String, Arc<BTreeMap<String, String>>> {
    static BUNDLED_CATALOGUES: OnceLock<BTreeMap<String, Arc<BTreeMap<String, String>>>> =
        OnceLock::new();
    BUNDLED_CATALOGUES.get_or_init(|| {
        BUNDLED
            .iter()
            .map(|(id, text)| {
                let file = SourceFile::new(format!("templates/i18n/{id}.yaml"), *text);
                let root = crate::yaml::parse(&file, 0)
                    .unwrap_or_else(|problems| panic!("templates/i18n/{id}.yaml: {problems:?}"));
                let leaves = leaves(&root, 0)
                    .unwrap_or_else(|problems| panic!("templates/i18n/{id}.yaml: {problems:?}"));
                let entries = leaves.into_iter().map(|l| (l.key, l.text)).collect();
                ((*id).to_owned(), Arc::new(entries))
            })
            .collect()
    })
}

/// Whether a tag is a well-formed BCP 47 language tag as far as dpia needs:
/// a 2-3 letter language, then subtags of 1-8 letters or digits.
#[must_use]
pub fn well_formed(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_catalogue_has_exactly_the_reference_keys_and_placeholders() {
        let all = bundled();
        let reference = &all[REFERENCE];
        for (id, entries) in all {
            let missing: Vec<&String> = reference
                .keys()
                .filter(|k| !entries.contains_key(*k))
                .collect();
            let extra: Vec<&String> = entries
                .keys()
                .filter(|k| !reference.contains_key(*k))
                .collect();
            assert!(missing.is_empty(), "{id} lacks {missing:?}");
            assert!(extra.is_empty(), "{id} has keys en-GB lacks: {extra:?}");
            for (key, text) in entries.iter() {
                assert_eq!(
                    placeholders(text),
                    placeholders(&reference[key]),
                    "{id}: `{key}` has other placeholders than en-GB"
                );
                assert!(
                    !text.is_empty() || reference[key].is_empty(),
                    "{id}: `{key}` is blank"
                );
            }
        }
    }

    #[test]
    fn lookup_by_tag_falls_back_to_the_primary_language() {
        let c = Catalogues::default();
        assert_eq!(c.get("en-US").unwrap().tag(), "en-US");
        assert_eq!(c.get("EN-us").unwrap().t("format.month.1"), "January");
        assert!(c.get("es").is_none());
        assert!(
            well_formed("nl-BE") && well_formed("en-GB") && well_formed("qps-ploc"),
            "well-formed tags"
        );
        assert!(!well_formed("e") && !well_formed("en_GB") && !well_formed("nl.yaml"));
    }

    #[test]
    fn counts_dates_and_numbers_follow_the_language() {
        let en = Catalogues::default().reference();
        assert_eq!(en.count("count.error", 1), "1 error");
        assert_eq!(en.count("count.error", 0), "0 errors");
        assert_eq!(en.number(105_000), "105,000");
        assert_eq!(
            en.date(PartialDate::parse("2020-08-18").unwrap()),
            "18 August 2020"
        );
        // French counts zero as singular.
        let fr = Catalogue {
            tag: "fr".to_owned(),
            entries: en.entries.clone(),
        };
        assert_eq!(fr.count("count.error", 0), "0 error");
        let all = Catalogues::default();
        let de = all.get("de").unwrap();
        assert_eq!(de.number(105_000), "105.000");
        assert_eq!(
            de.date(PartialDate::parse("2020-08-18").unwrap()),
            "18. August 2020"
        );
        let nl = all.get("nl-BE").unwrap();
        assert_eq!(nl.tag(), "nl-BE");
        assert_ne!(nl.t("report.step5.heading"), en.t("report.step5.heading"));
    }

    #[test]
    fn fill_replaces_named_placeholders_only() {
        assert_eq!(
            fill("{n} of {m} {x", &[("n", &1), ("m", &"two")]),
            "1 of two {x"
        );
        assert_eq!(placeholders("{b} {a} {b} {}"), vec!["a", "b"]);
    }
}
