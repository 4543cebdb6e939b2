//! The maximal assessment, built from the assessment schema alone, for the
//! tests that nothing the author wrote is lost (`faithful.rs`).
//!
//! Every property of every mapping is present and every list has two
//! items. Where the schema allows several shapes (`type: [boolean,
//! object]`, `oneOf`, an `if` that chooses between two), the assessment
//! takes one and records each other, fully built, as a [`Kind::Shape`] the
//! tests swap in: of several types the first listed (the schema lists the
//! usual form first), of other alternatives the richest. Each free-text
//! leaf holds a unique marker (`MK0001 text`); every other leaf holds a
//! valid value, recorded with another valid value it can be changed to: an
//! enum's next member, a flipped flag, the next day, another level of the
//! matrix, another item of the list a reference names. Ids
//! and references follow the model's own table
//! (`dpia::model::resolve::REFERENCES`), so a field added to the schema or
//! to that table is covered without a change here; a kind of leaf the
//! generator cannot fill (a string with a pattern, a conditional it does
//! not know) stops it with a message rather than being skipped.

use serde_json::{Map, Value};

use dpia::model::resolve::REFERENCES;

/// How many items every list gets.
const ITEMS: usize = 2;

/// What one leaf of the maximal assessment holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// Free text: a unique marker, followed by a word.
    Text(String),
    /// The id of an item, defined here.
    Id(String),
    /// A value (one of a set, a flag, a number, a date, a level, a
    /// reference), with another valid value it can be changed to, or
    /// `None` when the only change is to leave it out (an item of a list
    /// of references, an optional key).
    Value(Option<Value>),
    /// Set by the test's project, not varied: the controller, the risk
    /// matrix, the language, the rules suppressed.
    Fixed,
    /// Another shape the value may take, built in full, with its own
    /// leaves (whose shapes are not built again).
    Shape(Value, Vec<Leaf>),
}

/// One leaf of the maximal assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Leaf {
    /// Where it is in the schema, a list's items as `[]`: `/risks/[]/note`.
    pub path: String,
    /// Where it is in the assessment (a JSON pointer): `/risks/0/note`.
    pub pointer: String,
    /// What it holds.
    pub kind: Kind,
}

/// What the test's project decides for the generator.
pub struct Settings<'a> {
    /// The assessment's id.
    pub id: &'a str,
    /// The first characters of every marker (`MK`).
    pub prefix: &'a str,
    /// The ids of the project's organisations: the first is the
    /// controller, the others are named as joint controllers where the
    /// schema lets a joint controller be named by id.
    pub organisations: &'a [&'a str],
    /// The risk matrix (its file's content as JSON): likelihood and
    /// severity take its level ids, a stated rating its rating labels.
    pub matrix: &'a Value,
    /// The language of the report.
    pub language: &'a str,
    /// The rule codes `suppress` names, in turn.
    pub suppress: &'a [String],
}

/// The maximal assessment and what each of its leaves holds.
pub struct Maximal {
    /// The assessment, as JSON (which is YAML).
    pub assessment: Value,
    /// Its leaves, in document order.
    pub leaves: Vec<Leaf>,
}

/// Builds the maximal assessment of `schema` (the assessment schema).
pub fn maximal(schema: &Value, settings: &Settings) -> Maximal {
    let ids = |key: &str| -> Vec<String> {
        settings.matrix[key]
            .as_array()
            .unwrap_or_else(|| panic!("the matrix has no `{key}`"))
            .iter()
            .map(|l| l["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let mut generator = Generator {
        root: schema,
        settings,
        likelihood: ids("likelihood"),
        severity: ids("severity"),
        ratings: settings.matrix["ratings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["label"].as_str().unwrap().to_owned())
            .collect(),
        leaves: Vec::new(),
        in_shape: false,
        texts: 0,
        dates: 0,
        numbers: 0,
    };
    let top = At {
        path: String::new(),
        pointer: String::new(),
        index: 0,
        element: None,
    };
    let assessment = generator
        .value(schema, &top)
        .expect("the assessment is a mapping");
    Maximal {
        assessment,
        leaves: generator.leaves,
    }
}

/// Where a value goes.
#[derive(Debug, Clone)]
struct At {
    /// The schema path, `[]` for a list's items.
    path: String,
    /// The JSON pointer.
    pointer: String,
    /// Its index in the nearest enclosing list, 0 outside lists.
    index: usize,
    /// Its index when it is itself an item of a list.
    element: Option<usize>,
}

impl At {
    /// The key of the value (of the list, for a list's item).
    fn key(&self) -> &str {
        self.path
            .rsplit('/')
            .find(|s| *s != "[]")
            .unwrap_or_default()
    }

    fn child(&self, key: &str) -> At {
        At {
            path: format!("{}/{key}", self.path),
            pointer: format!("{}/{key}", self.pointer),
            index: self.index,
            element: None,
        }
    }

    fn item(&self, i: usize) -> At {
        At {
            path: format!("{}/[]", self.path),
            pointer: format!("{}/{i}", self.pointer),
            index: i,
            element: Some(i),
        }
    }
}

/// The keywords the generator understands; any other stops it.
const KNOWN: &[&str] = &[
    "$schema",
    "$defs",
    "title",
    "description",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "enum",
    "const",
    "pattern",
    "format",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "errorMessage",
    "default",
    "examples",
    "enumDescriptions",
];

struct Generator<'a> {
    root: &'a Value,
    settings: &'a Settings<'a>,
    likelihood: Vec<String>,
    severity: Vec<String>,
    ratings: Vec<String>,
    leaves: Vec<Leaf>,
    /// Whether an other shape is being built (its own others are not).
    in_shape: bool,
    texts: usize,
    dates: usize,
    numbers: u64,
}

/// What a special case decides: leave the key out, or this value.
enum Special {
    Omit,
    Is(Value, Kind),
}

impl Generator<'_> {
    /// The value at `at` of the schema `schema`, or none when the key is
    /// left out.
    fn value(&mut self, schema: &Value, at: &At) -> Option<Value> {
        let mut forms = self.shapes(schema, &at.path).into_iter();
        let (s, defs) = forms.next().expect("a schema has a shape");
        let value = self.shaped(&s, &defs, at);
        if !self.in_shape {
            for (other, other_defs) in forms {
                let outer = std::mem::take(&mut self.leaves);
                self.in_shape = true;
                let built = self.shaped(&other, &other_defs, at);
                self.in_shape = false;
                let inner = std::mem::replace(&mut self.leaves, outer);
                // A special case may give every shape the same value.
                if let Some(built) = built.filter(|v| Some(v) != value.as_ref()) {
                    self.leaf(at, Kind::Shape(built, inner));
                }
            }
        }
        value
    }

    /// The value of one shape (a flattened schema and the definitions it
    /// passed through), or none when the key is left out.
    fn shaped(&mut self, s: &Map<String, Value>, defs: &[String], at: &At) -> Option<Value> {
        match self.special(at, defs) {
            Some(Special::Omit) => return None,
            Some(Special::Is(value, kind)) => {
                self.leaf(at, kind);
                return Some(value);
            }
            None => {}
        }
        if let Some(c) = s.get("const") {
            return Some(c.clone()); // no choice, nothing to vary
        }
        if let Some(Value::Array(options)) = s.get("enum") {
            return Some(self.choice(options, at));
        }
        let ty = s.get("type").and_then(Value::as_str).unwrap_or_else(|| {
            panic!(
                "{}: a schema without a type the generator can fill",
                at.path
            )
        });
        match ty {
            "object" => Some(self.object(s, at)),
            "array" => Some(self.array(s, at)),
            "string" if defs.iter().any(|d| d == "id") => Some(self.id(at)),
            "string" if s.get("format").and_then(Value::as_str) == Some("dpia-date") => {
                Some(self.date(at))
            }
            "string" if s.contains_key("pattern") => panic!(
                "{}: a string with a pattern the generator does not know; add a special case",
                at.path
            ),
            "string" => Some(self.text(s, at)),
            "integer" | "number" => Some(self.number(s, at)),
            "boolean" => {
                self.leaf(at, Kind::Value(Some(Value::Bool(false))));
                Some(Value::Bool(true))
            }
            other => panic!("{}: type `{other}` the generator cannot fill", at.path),
        }
    }

    fn leaf(&mut self, at: &At, kind: Kind) {
        self.leaves.push(Leaf {
            path: at.path.clone(),
            pointer: at.pointer.clone(),
            kind,
        });
    }

    /// The cross-field constraints the schema does not express, and the
    /// values the project decides.
    fn special(&mut self, at: &At, defs: &[String]) -> Option<Special> {
        let fixed = |v: &str| Some(Special::Is(Value::String(v.to_owned()), Kind::Fixed));
        let text = |v: &str, other: &str| {
            Some(Special::Is(
                Value::String(v.to_owned()),
                Kind::Value(Some(Value::String(other.to_owned()))),
            ))
        };
        match at.path.as_str() {
            "/id" => {
                let id = self.settings.id;
                return Some(Special::Is(id.into(), Kind::Id(id.to_owned())));
            }
            "/controller" => return fixed(self.settings.organisations[0]),
            // A joint controller named by id is another organisation of
            // the project (E209 for one that is not, or the controller).
            "/joint_controllers/[]" if defs.iter().any(|d| d == "id") => {
                let others = &self.settings.organisations[1..];
                return fixed(others[at.index % others.len()]);
            }
            "/risk_matrix" => return fixed(self.settings.matrix["id"].as_str().unwrap()),
            "/language" => return fixed(self.settings.language),
            "/suppress/[]/rule" => {
                let codes = self.settings.suppress;
                return fixed(&codes[at.index % codes.len()]);
            }
            // A sub-processor names the processor that engages it: the
            // first recipient is a processor, the second its sub-processor.
            "/recipients/[]/kind" => {
                return if at.index == 0 {
                    text("processor", "sub-processor")
                } else {
                    text("sub-processor", "processor")
                };
            }
            "/recipients/[]/processor" => {
                return if at.index == 0 {
                    Some(Special::Omit)
                } else {
                    Some(Special::Is("recipients-0".into(), Kind::Value(None)))
                };
            }
            _ => {}
        }
        // Levels are the matrix's: the inherent rating at the top, the
        // residual in the middle, changed to the lowest.
        if defs.iter().any(|d| d == "level") {
            let levels = match at.key() {
                "likelihood" => &self.likelihood,
                "severity" => &self.severity,
                other => panic!("{}: a level of what? (`{other}`)", at.path),
            };
            let i = if at.pointer.contains("/residual/") {
                levels.len() / 2
            } else {
                levels.len() - 1
            };
            return text(&levels[i], &levels[0]);
        }
        // A stated rating is read against the matrix: one of its labels.
        if at.key() == "stated" {
            return text(self.ratings.last().unwrap(), self.ratings.first().unwrap());
        }
        None
    }

    /// The shapes a value of `schema` may take, each a schema with its
    /// `$ref`s followed and its alternatives resolved, with the names of
    /// the definitions it passed through (`id`, `date`, `level`); the
    /// first is the one the assessment takes. Of several types the first
    /// listed comes first, with the branch of an `if` that tests the type;
    /// of the branches of another `if`, and of `oneOf` / `anyOf`
    /// alternatives, the richest.
    fn shapes(&self, schema: &Value, path: &str) -> Vec<(Map<String, Value>, Vec<String>)> {
        let mut s = schema
            .as_object()
            .unwrap_or_else(|| panic!("{path}: a schema that is not a mapping"))
            .clone();
        let mut defs = Vec::new();
        loop {
            if let Some(r) = s.remove("$ref") {
                let r = r.as_str().unwrap();
                defs.push(r.rsplit('/').next().unwrap().to_owned());
                let target = r
                    .strip_prefix('#')
                    .and_then(|p| self.root.pointer(p))
                    .unwrap_or_else(|| panic!("{path}: `{r}` names nothing"));
                // The keys beside a `$ref` (a description) say more about
                // this use of the definition than the definition does.
                let mut merged = target.as_object().unwrap().clone();
                merge(&mut merged, &s);
                s = merged;
                continue;
            }
            if let Some(Value::Array(all)) = s.remove("allOf") {
                for part in all {
                    merge(&mut s, part.as_object().unwrap());
                }
                continue;
            }
            break;
        }
        let condition = s.remove("if");
        let then = s.remove("then");
        let otherwise = s.remove("else");
        let branch = |b: Option<&Value>| {
            let mut out = s.clone();
            if let Some(Value::Object(b)) = b {
                merge(&mut out, b);
            }
            out
        };
        let mut alternatives: Vec<Map<String, Value>> = Vec::new();
        let mut ordered = false;
        if let Some(Value::Array(types)) = s.get("type").cloned() {
            let tested = condition.as_ref().map(|c| {
                c.as_object()
                    .filter(|c| c.len() == 1)
                    .and_then(|c| c.get("type"))
                    .and_then(Value::as_str)
                    .unwrap_or_else(|| {
                        panic!("{path}: an `if` beside several types that tests more than the type; teach the generator")
                    })
            });
            for t in &types {
                let t = t.as_str().unwrap();
                let mut b = branch(match tested {
                    Some(tested) if tested == t => then.as_ref(),
                    Some(_) => otherwise.as_ref(),
                    None => None,
                });
                // A branch may narrow the type again; the type chosen holds.
                b.insert("type".into(), Value::String(t.to_owned()));
                alternatives.push(b);
            }
            ordered = true;
        } else if condition.is_some() {
            alternatives.push(branch(then.as_ref()));
            alternatives.push(branch(otherwise.as_ref()));
        } else if let Some(Value::Array(options)) =
            s.get("oneOf").or_else(|| s.get("anyOf")).cloned()
        {
            for option in &options {
                let mut b = s.clone();
                b.remove("oneOf");
                b.remove("anyOf");
                merge(&mut b, option.as_object().unwrap());
                alternatives.push(b);
            }
        } else {
            if let Some(unknown) = s.keys().find(|k| !KNOWN.contains(&k.as_str())) {
                panic!("{path}: the keyword `{unknown}` the generator does not know; teach it");
            }
            return vec![(s, defs)];
        }
        let mut out: Vec<(Map<String, Value>, Vec<String>)> = alternatives
            .into_iter()
            .flat_map(|a| self.shapes(&Value::Object(a), path))
            .map(|(shape, mut more)| {
                let mut all = defs.clone();
                all.append(&mut more);
                (shape, all)
            })
            .collect();
        if !ordered {
            out.sort_by_key(|(shape, _)| std::cmp::Reverse(richness(shape)));
        }
        out
    }

    fn object(&mut self, s: &Map<String, Value>, at: &At) -> Value {
        let mut map = Map::new();
        let properties = s.get("properties").and_then(Value::as_object);
        if properties.is_none_or(Map::is_empty)
            && s.get("additionalProperties").is_some_and(Value::is_object)
        {
            panic!("{}: a mapping of free keys; teach the generator", at.path);
        }
        for (key, sub) in properties.into_iter().flatten() {
            if let Some(v) = self.value(sub, &at.child(key)) {
                map.insert(key.clone(), v);
            }
        }
        Value::Object(map)
    }

    fn array(&mut self, s: &Map<String, Value>, at: &At) -> Value {
        let items = s
            .get("items")
            .unwrap_or_else(|| panic!("{}: a list without `items`", at.path));
        let mut count = ITEMS;
        if let Some(max) = s.get("maxItems").and_then(Value::as_u64) {
            count = count.min(max as usize);
        }
        let out: Vec<Value> = (0..count)
            .map(|i| {
                self.value(items, &at.item(i))
                    .unwrap_or_else(|| panic!("{}: an item left out", at.path))
            })
            .collect();
        if s.get("uniqueItems") == Some(&Value::Bool(true)) {
            assert!(
                out.iter().enumerate().all(|(i, v)| !out[..i].contains(v)),
                "{}: items repeat: {out:?}",
                at.path
            );
        }
        Value::Array(out)
    }

    /// One of a set: a list's items take members in turn (distinct), and
    /// change to a member none of them takes (else they are left out); a
    /// single value takes the member of its list's index, and changes to
    /// the next.
    fn choice(&mut self, options: &[Value], at: &At) -> Value {
        let n = options.len();
        let (value, other) = match at.element {
            Some(i) => (options[i % n].clone(), options.get(ITEMS).cloned()),
            None => (
                options[at.index % n].clone(),
                (n > 1).then(|| options[(at.index + 1) % n].clone()),
            ),
        };
        self.leaf(at, Kind::Value(other));
        value
    }

    /// An item's id (`risks-0`, from where it is), or a reference to one:
    /// the model's table of references names the lists it may point into.
    fn id(&mut self, at: &At) -> Value {
        let segments: Vec<&str> = at.pointer.split('/').skip(1).collect();
        if at.key() == "id" {
            let id = segments[..segments.len() - 1].join("-");
            self.leaf(at, Kind::Id(id.clone()));
            return Value::String(id);
        }
        let (list, field) = (segments[0], segments.get(2).copied().unwrap_or_default());
        let Some(&(_, _, lists)) = REFERENCES
            .iter()
            .find(|(l, _)| *l == list)
            .and_then(|(_, fields)| fields.iter().find(|(f, _, _)| *f == field))
        else {
            panic!(
                "{}: an id the generator cannot place: add it to REFERENCES (src/model/resolve.rs) or a special case",
                at.path
            )
        };
        // Every item of every list it may name, in order.
        let candidates: Vec<String> = lists
            .iter()
            .flat_map(|l| (0..ITEMS).map(move |i| format!("{l}-{i}")))
            .collect();
        let n = candidates.len();
        // A list of references names distinct items; one is left out.
        if let Some(j) = at.element {
            self.leaf(at, Kind::Value(None));
            return Value::String(candidates[j % n].clone());
        }
        // One reference: a data flow's `to` is the item after its `from`,
        // so that its ends differ; either changes to an item half the
        // candidates on, which neither end names.
        let v = (2 * at.index + usize::from(field == "to")) % n;
        let other = (n > 1).then(|| Value::String(candidates[(v + n / 2) % n].clone()));
        self.leaf(at, Kind::Value(other));
        Value::String(candidates[v].clone())
    }

    /// A valid date, a different one for each leaf, changed to the next
    /// day.
    fn date(&mut self, at: &At) -> Value {
        let n = self.dates;
        self.dates += 1;
        let date = |day: usize| format!("{:04}-{:02}-{:02}", 2019 + (n / 12) % 7, n % 12 + 1, day);
        self.leaf(at, Kind::Value(Some(Value::String(date(11)))));
        Value::String(date(10))
    }

    /// A unique marker, then a word.
    fn text(&mut self, s: &Map<String, Value>, at: &At) -> Value {
        let marker = format!("{}{:04}", self.settings.prefix, self.texts);
        self.texts += 1;
        let text = format!("{marker} text");
        if let Some(max) = s.get("maxLength").and_then(Value::as_u64) {
            assert!(
                text.len() as u64 <= max,
                "{}: a marker is too long",
                at.path
            );
        }
        self.leaf(at, Kind::Text(marker));
        Value::String(text)
    }

    /// A number within the bounds, a different one for each leaf, changed
    /// by one.
    fn number(&mut self, s: &Map<String, Value>, at: &At) -> Value {
        let min = s.get("minimum").and_then(Value::as_u64).unwrap_or(0);
        let max = s.get("maximum").and_then(Value::as_u64).unwrap_or(u64::MAX);
        let n = (min + 1200 + 37 * self.numbers).min(max);
        self.numbers += 1;
        let other = if n < max { n + 1 } else { n - 1 };
        self.leaf(at, Kind::Value(Some(other.into())));
        n.into()
    }
}

/// How much a shape holds: a mapping by its properties, then a list, free
/// text, a number, a flag; one of a set or a constant least.
fn richness(s: &Map<String, Value>) -> usize {
    if s.contains_key("enum") || s.contains_key("const") {
        return 0;
    }
    match s.get("type").and_then(Value::as_str) {
        Some("object") => {
            10 + s
                .get("properties")
                .and_then(Value::as_object)
                .map_or(0, Map::len)
        }
        Some("array") => 5,
        Some("string") => 3,
        Some("integer" | "number") => 2,
        Some("boolean") => 1,
        _ => 0,
    }
}

/// Lays `extra` over `base`: properties and required keys are joined,
/// anything else replaced.
fn merge(base: &mut Map<String, Value>, extra: &Map<String, Value>) {
    for (k, v) in extra {
        match (k.as_str(), base.get_mut(k), v) {
            ("properties", Some(Value::Object(b)), Value::Object(e)) => {
                for (pk, pv) in e {
                    b.insert(pk.clone(), pv.clone());
                }
            }
            ("required", Some(Value::Array(b)), Value::Array(e)) => {
                for r in e {
                    if !b.contains(r) {
                        b.push(r.clone());
                    }
                }
            }
            _ => {
                base.insert(k.clone(), v.clone());
            }
        }
    }
}

/// The assessment with the leaf at `pointer` changed to `to`, or left out
/// (`None`).
pub fn changed(assessment: &Value, pointer: &str, to: Option<&Value>) -> Value {
    let mut out = assessment.clone();
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    let container = out.pointer_mut(parent).unwrap();
    match (container, to) {
        (Value::Object(map), Some(v)) => {
            map.insert(last.to_owned(), v.clone());
        }
        (Value::Object(map), None) => {
            map.shift_remove(last);
        }
        (Value::Array(items), Some(v)) => items[last.parse::<usize>().unwrap()] = v.clone(),
        (Value::Array(items), None) => {
            items.remove(last.parse::<usize>().unwrap());
        }
        _ => panic!("{pointer}: not in a mapping or a list"),
    }
    out
}
