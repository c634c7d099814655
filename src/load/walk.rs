//! The schema walk: when a file does not fit its type, its generic YAML tree is
//! checked against the generated JSON Schema, so that every problem the schema
//! can see is reported at once, as an editor with the schema shows them:
//! repeated and unknown keys, missing fields, wrong types, and values the
//! schema constrains (ids, dates, years, closed lists), with the same codes and
//! messages as validation gives them in a file without structural errors.

use serde_json::Value;

use super::spanned::{Node, Sp};
use super::values::{self, DATE_PATTERN, id_pattern};
use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::model::Date;
use crate::source::{FileId, SourceFile};

/// Reports into `diags` everything in `node` that `schema` does not allow.
pub fn check(
    file: FileId,
    source: &SourceFile,
    schema: &Value,
    node: &Sp<Node>,
    diags: &mut Diagnostics,
) {
    let mut walker = Walker {
        file,
        source,
        root: schema,
        diags,
    };
    walker.duplicates(node);
    walker.walk(node, schema, "");
}

struct Walker<'a> {
    file: FileId,
    source: &'a SourceFile,
    root: &'a Value,
    diags: &'a mut Diagnostics,
}

impl Walker<'_> {
    /// Keys given twice in one mapping, anywhere in the file: the second is the
    /// finding, the first its related place. YAML forbids them; a parser that
    /// kept one would silently drop the other's value.
    fn duplicates(&mut self, node: &Sp<Node>) {
        match &node.value {
            Node::Map(entries) => {
                for (i, (key, value)) in entries.iter().enumerate() {
                    if let Some((first, _)) =
                        entries[..i].iter().find(|(k, _)| k.value == key.value)
                    {
                        self.diags.push(
                            Diagnostic::new(
                                Code::DuplicateKey,
                                key.span(self.file),
                                format!("nyckeln `{}` förekommer två gånger", key.value),
                            )
                            .related(first.span(self.file), "första förekomsten")
                            .hint("ta bort den ena, eller slå ihop värdena under en nyckel"),
                        );
                    }
                    self.duplicates(value);
                }
            }
            Node::Seq(items) => items.iter().for_each(|i| self.duplicates(i)),
            _ => {}
        }
    }

    fn walk(&mut self, node: &Sp<Node>, schema: &Value, path: &str) {
        let schema = resolve_ref(self.root, schema);
        // A `$ref` with a description beside it is written `allOf: [{$ref}]` in draft-07.
        // An object's own `allOf` states conditions between its keys (`if`/`then`),
        // which vp's rules check with their own codes; its properties are walked.
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            for sub in all {
                self.walk(node, sub, path);
            }
            if schema.get("type").is_none() {
                return;
            }
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(alts) = schema.get(key).and_then(Value::as_array) {
                if matches!(node.value, Node::Null)
                    && alts.iter().any(|a| allows_null(self.root, a))
                {
                    return;
                }
                if let Some(alt) = alts.iter().find(|a| !is_null_only(self.root, a)) {
                    self.walk(node, alt, path);
                }
                return;
            }
        }
        let types = type_list(schema);
        if types.is_empty() {
            return;
        }
        // A whole number too big for the parser's integers arrives as a float.
        if let Node::Float(_) = node.value
            && types.contains(&"integer")
        {
            let written = self.written(node);
            if is_integer_literal(&written) {
                let n = written.parse::<i128>().unwrap_or(i128::MAX);
                self.integer_value(node, n, schema, path);
                return;
            }
        }
        if !types.iter().any(|t| fits_type(&node.value, t)) {
            self.wrong_type(node, &types, path);
            return;
        }
        match &node.value {
            Node::Map(entries) => self.walk_map(node, entries, schema, path),
            Node::Seq(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        self.walk(item, item_schema, &format!("{path}[{}]", i + 1));
                    }
                }
            }
            Node::Str(s) => self.string_value(node, s, schema, path),
            Node::Integer(n) => self.integer_value(node, *n, schema, path),
            _ => {}
        }
    }

    fn wrong_type(&mut self, node: &Sp<Node>, types: &[&str], path: &str) {
        let expected: Vec<&str> = types
            .iter()
            .filter(|t| **t != "null")
            .map(|t| type_name(t))
            .collect();
        let written = self.written(node);
        let key = last_key(path);
        let d = Diagnostic::new(
            Code::WrongType,
            node.span(self.file),
            format!(
                "{} ska vara {}, men är {}",
                describe(path),
                expected.join(" eller "),
                node.value.kind_name()
            ),
        );
        let d = match &node.value {
            Node::Null => d.hint("skriv ett värde efter kolon, eller ta bort nyckeln"),
            Node::Str(_) if types.contains(&"array") => {
                d.hint("en lista skrivs med en rad per värde som börjar med `- `")
            }
            Node::Str(s) if types.contains(&"integer") && s.trim().parse::<i64>().is_ok() => {
                d.hint(format!("skriv talet utan citattecken: `{key}: {}`", s.trim()))
            }
            Node::Float(_) if types.contains(&"integer") => {
                d.hint("skriv ett heltal, utan decimaler")
            }
            Node::Integer(_) | Node::Float(_) | Node::Bool(_) if types.contains(&"string") => d
                .hint(format!(
                    "en text som ser ut som ett tal eller sanningsvärde skrivs inom citattecken: `{key}: \"{written}\"`"
                )),
            _ => d,
        };
        self.diags.push(d);
    }

    /// A text the schema constrains: an id, a date, a value from a closed list.
    fn string_value(&mut self, node: &Sp<Node>, s: &str, schema: &Value, path: &str) {
        let span = node.span(self.file);
        let key = last_key(path);
        match schema.get("pattern").and_then(Value::as_str) {
            Some(p) if p == id_pattern() && !values::is_id(s) => {
                self.diags
                    .push(values::invalid_id(span, s, &id_owner(path)));
            }
            Some(p) if p == id_pattern() => {
                if let Some(d) = values::id_too_long(span, s, &id_owner(path)) {
                    self.diags.push(d);
                }
            }
            Some(DATE_PATTERN) if Date::parse(s).is_none() => {
                self.diags.push(values::invalid_date(span, s, key));
            }
            _ => {}
        }
        if let Some(names) = schema.get("enum").and_then(Value::as_array) {
            let names: Vec<&str> = names.iter().filter_map(Value::as_str).collect();
            if !names.contains(&s) {
                let d = match key {
                    "periodicitet" => {
                        values::not_in_list(Code::UnknownPeriodicity, span, s, key, &names)
                    }
                    "riktning" => values::not_in_list(Code::UnknownDirection, span, s, key, &names),
                    "aggregering" => {
                        values::not_in_list(Code::UnknownAggregation, span, s, key, &names)
                    }
                    "kod" => values::unknown_deviation(span, s),
                    "typ" => values::not_in_list(Code::UnknownRowKind, span, s, "radtyp", &names),
                    _ => values::not_in_list(Code::WrongType, span, s, "värde", &names),
                };
                self.diags.push(d);
            }
        }
    }

    /// A whole number the schema bounds: a plan's year.
    fn integer_value(&mut self, node: &Sp<Node>, n: i128, schema: &Value, path: &str) {
        let min = schema.get("minimum").and_then(Value::as_i64);
        let max = schema.get("maximum").and_then(Value::as_i64);
        let below = min.is_some_and(|m| n < i128::from(m));
        let above = max.is_some_and(|m| n > i128::from(m));
        let span = node.span(self.file);
        if !(below || above) {
            if i64::try_from(n).is_err() {
                self.diags.push(Diagnostic::new(
                    Code::WrongType,
                    span,
                    format!("{} är ett för stort tal", describe(path)),
                ));
            }
            return;
        }
        let d = if last_key(path) == "år" {
            values::unreasonable_year(span, &self.written(node))
        } else {
            Diagnostic::new(
                Code::WrongType,
                span,
                format!(
                    "{} ska ligga mellan {} och {}",
                    describe(path),
                    min.map_or("–".into(), |m| m.to_string()),
                    max.map_or("–".into(), |m| m.to_string())
                ),
            )
        };
        self.diags.push(d);
    }

    fn walk_map(
        &mut self,
        node: &Sp<Node>,
        entries: &[(Sp<String>, Sp<Node>)],
        schema: &Value,
        path: &str,
    ) {
        let props = schema.get("properties").and_then(Value::as_object);
        let closed = schema.get("additionalProperties") == Some(&Value::Bool(false));
        let known: Vec<&str> = props
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        for (key, value) in entries {
            let sub_path = if path.is_empty() {
                key.value.clone()
            } else {
                format!("{path}.{}", key.value)
            };
            match props.and_then(|p| p.get(key.value.as_str())) {
                Some(sub) => self.walk(value, sub, &sub_path),
                None if closed => {
                    let d = Diagnostic::new(
                        Code::UnknownKey,
                        key.span(self.file),
                        format!(
                            "okänd nyckel `{}` i {}",
                            key.value,
                            describe_container(path)
                        ),
                    )
                    .hint_opt(did_you_mean(&key.value, known.iter().copied()))
                    .hint(format!("tillåtna nycklar här: {}", known.join(", ")));
                    self.diags.push(d);
                }
                None => {}
            }
        }
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for name in required.iter().filter_map(Value::as_str) {
                if !entries.iter().any(|(k, _)| k.value == name) {
                    let span = entries
                        .first()
                        .map_or(node.span(self.file), |(k, _)| k.span(self.file));
                    self.diags.push(
                        Diagnostic::new(
                            Code::MissingField,
                            span,
                            format!("nyckeln `{name}` saknas i {}", describe_container(path)),
                        )
                        .hint(format!("lägg till `{name}: …`")),
                    );
                }
            }
        }
    }

    /// The value as written in the file, for hints.
    fn written(&self, node: &Sp<Node>) -> String {
        let range = node.span(self.file).range();
        self.source
            .text
            .get(range)
            .unwrap_or_default()
            .trim()
            .to_owned()
    }
}

/// `2020`, `-5`, `+99999999999999999999`: digits with an optional sign.
fn is_integer_literal(s: &str) -> bool {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `nämndmål[1].enhetsmål[2].id` → `id`.
fn last_key(path: &str) -> &str {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last)
}

/// Whose id a path holds, as validation names it: `enhetsmålet`, `indikatorn` ….
fn id_owner(path: &str) -> String {
    let mut keys = path.rsplit('.').map(|k| k.split('[').next().unwrap_or(k));
    let key = keys.next().unwrap_or_default();
    let owner = if key == "id" {
        keys.next().unwrap_or_default()
    } else {
        key
    };
    match owner {
        "enhet" => "enheten".into(),
        "nämnder" => "nämnden".into(),
        "nämndmål" => "nämndmålet".into(),
        "enhetsmål" => "enhetsmålet".into(),
        "indikatorer" => "indikatorn".into(),
        "aktiviteter" => "aktiviteten".into(),
        "ekonomi" => "tabellen".into(),
        _ => describe(path),
    }
}

fn describe(path: &str) -> String {
    if path.is_empty() {
        "filen".to_owned()
    } else {
        format!("`{path}`")
    }
}

fn describe_container(path: &str) -> String {
    if path.is_empty() {
        "filens översta nivå".to_owned()
    } else {
        format!("`{path}`")
    }
}

fn resolve_ref<'v>(root: &'v Value, schema: &'v Value) -> &'v Value {
    let mut s = schema;
    for _ in 0..16 {
        match s.get("$ref").and_then(Value::as_str) {
            Some(r) => match r
                .strip_prefix("#/definitions/")
                .and_then(|n| root.get("definitions")?.get(n))
            {
                Some(target) => s = target,
                None => return s,
            },
            None => return s,
        }
    }
    s
}

fn type_list(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn allows_null(root: &Value, schema: &Value) -> bool {
    type_list(resolve_ref(root, schema)).contains(&"null")
}

fn is_null_only(root: &Value, schema: &Value) -> bool {
    type_list(resolve_ref(root, schema)) == ["null"]
}

/// Whether a YAML value is of a JSON Schema type, as an editor reads YAML 1.2:
/// a plain `123` is a number and `true` a boolean, not text; `"2020"` is text.
fn fits_type(node: &Node, ty: &str) -> bool {
    matches!(
        (ty, node),
        ("null", Node::Null)
            | ("string", Node::Str(_))
            | ("integer", Node::Integer(_))
            | ("number", Node::Integer(_) | Node::Float(_))
            | ("boolean", Node::Bool(_))
            | ("array", Node::Seq(_))
            | ("object", Node::Map(_))
    )
}

fn type_name(ty: &str) -> &'static str {
    match ty {
        "string" => "en text",
        "integer" => "ett heltal",
        "number" => "ett tal",
        "boolean" => "sant eller falskt",
        "array" => "en lista",
        "object" => "en tabell med nycklar",
        _ => "ett värde",
    }
}
