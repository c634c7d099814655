//! YAML parsing with fixed options, and a full structural report when a file
//! does not fit its schema; and writing, with the options `vp import` uses.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::spanned::{Node, Sp};
use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::source::{FileId, SourceFile, Span};

/// The one place YAML options are set: strict booleans so `NO` stays text,
/// duplicate keys as errors (the default), and a budget sized for plan files
/// so an alias bomb or absurd nesting stops early instead of eating memory.
fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
        budget: serde_saphyr::budget! {
            max_depth: 64,
            max_nodes: 2_000_000,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_documents: 1,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
        },
    }
}

/// The one place YAML writing options are set, for files a planner reads and edits:
/// lists indented under their key, as the README's examples write them; every
/// string on one line (no `>` or `|` blocks, so a title reads as one line); and
/// YAML 1.1's spellings quoted as well as 1.2's, so that `-`, `1.1`,
/// `2020-01-01`, `NO` and `on` stay text in any editor's YAML, not only in ours
/// (which reads booleans strictly).
fn write_options() -> serde_saphyr::SerializerOptions {
    serde_saphyr::ser_options! {
        compact_list_indent: false,
        prefer_block_scalars: false,
    }
}

/// `value` as YAML text, block style, ending in a newline.
pub fn write<T: Serialize>(value: &T) -> Result<String, serde_saphyr::SerializeError> {
    serde_saphyr::to_string_with_options(value, write_options())
}

/// Parses `text` as `T`. On failure, reports every structural problem the
/// schema can see (unknown keys, missing fields, wrong shapes), not only the first.
pub fn parse<T: DeserializeOwned>(
    file: FileId,
    source: &SourceFile,
    schema: &Value,
) -> Result<T, Diagnostics> {
    let err = match serde_saphyr::from_str_with_options::<T>(&source.text, options()) {
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    let mut diags = Diagnostics::default();
    if let Ok(node) = serde_saphyr::from_str_with_options::<Sp<Node>>(&source.text, options()) {
        let walker = Walker {
            file,
            root: schema,
            diags: &mut diags,
        };
        walker.check(&node, schema, "");
    }
    if diags.0.is_empty() {
        diags.push(syntax_error(file, source, &err));
    }
    Err(diags)
}

fn syntax_error(file: FileId, source: &SourceFile, err: &serde_saphyr::Error) -> Diagnostic {
    let offset = err
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| {
            l.span()
                .byte_offset()
                .map(|o| o as usize)
                .unwrap_or_else(|| source.offset_of(l.line() as usize, l.column() as usize))
        })
        .unwrap_or(0);
    let message = err.without_snippet().to_string();
    // The library appends its own position; ours is in the span.
    let message = match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message,
    };
    let lower = message.to_lowercase();
    let (line, _) = source.line_col(offset);
    let line_text = source.line_text(line).trim_end();
    let diag = Diagnostic::new(
        Code::YamlSyntax,
        Span::new(file, offset, offset),
        format!("YAML-filen kan inte läsas: {message}"),
    );
    if line_text.ends_with(": -") || line_text.ends_with(": –") {
        // `-` is a real target marker, but unquoted YAML reads it as a list item.
        diag.hint("markören `-` måste stå inom citattecken: `\"-\"`")
    } else if lower.contains("budget") || lower.contains("alias") || lower.contains("depth") {
        diag.hint("planfiler behöver inga ankare (`&`/`*`) eller djup nästling: skriv ut värdena")
    } else if lower.contains("duplicate") {
        diag.hint("varje nyckel får bara förekomma en gång i samma tabell")
    } else {
        diag.hint("kontrollera indrag, kolon och citattecken på raden och raden före")
    }
}

struct Walker<'a> {
    file: FileId,
    root: &'a Value,
    diags: &'a mut Diagnostics,
}

impl Walker<'_> {
    fn check(mut self, node: &Sp<Node>, schema: &Value, path: &str) {
        self.walk(node, schema, path);
    }

    fn walk(&mut self, node: &Sp<Node>, schema: &Value, path: &str) {
        let schema = resolve_ref(self.root, schema);
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
        let fits = types.iter().any(|t| fits_type(&node.value, t));
        if !fits {
            let expected: Vec<&str> = types
                .iter()
                .filter(|t| **t != "null")
                .map(|t| type_name(t))
                .collect();
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
                _ => d,
            };
            self.diags.push(d);
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
            _ => {}
        }
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

fn fits_type(node: &Node, ty: &str) -> bool {
    match (ty, node) {
        ("null", Node::Null) => true,
        // A plain scalar is read as text when the field is text: `2020` or `1.3`.
        ("string", Node::Str(_) | Node::Number(_) | Node::Bool(_)) => true,
        ("integer", Node::Number(n)) => n.fract() == 0.0,
        ("number", Node::Number(_)) => true,
        ("boolean", Node::Bool(_)) => true,
        ("array", Node::Seq(_)) => true,
        ("object", Node::Map(_)) => true,
        _ => false,
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{FileKind, raw};

    /// Strings the plans hold, through the writer and back through the loader's
    /// own YAML reading: each comes back as written, and stays a string.
    #[test]
    fn strings_come_back_as_written() {
        let tricky = [
            "-",
            "1.1",
            "1",
            "2020-01-01",
            "NO",
            "on",
            "y",
            "~",
            "",
            " leading",
            "HR: IT",
            "\"citat\"",
            "Öka # inte kommentar",
            "Öka",
            "1 050 st",
            "+/-1 %",
            "% av",
            "Tas fram av nämnden",
            "Alla barn\u{FFFF} ska\u{1b}\u{9b}",
            "rad\nbrytning",
            "\u{85}",
            "\u{f0b7} punkt",
        ];
        let text = |s: &str| Sp::detached(s.to_owned());
        let file = raw::OrganisationFile {
            typ: text("organisation"),
            nämnder: tricky
                .iter()
                .map(|s| raw::CommitteeEntry {
                    id: text("x"),
                    namn: text(s),
                    förvaltning: None,
                    från: None,
                    till: None,
                    fortsätter: Vec::new(),
                })
                .collect(),
        };
        let yaml = write(&file).unwrap();
        let source = SourceFile::new("o.yaml".into(), yaml.clone());
        let schema = FileKind::Organisation.schema();
        let back: raw::OrganisationFile =
            parse(FileId(0), &source, schema).unwrap_or_else(|d| panic!("{yaml}\n{:?}", d.0));
        let names: Vec<&str> = back.nämnder.iter().map(|n| n.namn.as_str()).collect();
        assert_eq!(names, tricky, "{yaml}");
        // Readable: Swedish letters as they are, one line per value, lists under their key.
        assert!(yaml.contains("\n  - id: x\n    namn: Öka\n"), "{yaml}");
        assert!(yaml.contains("namn: Tas fram av nämnden\n"), "{yaml}");
        assert!(yaml.contains("namn: \"2020-01-01\"\n"), "{yaml}");
    }
}
